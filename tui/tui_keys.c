/*
 * tui_keys.c - request names, key notation, bindings and the config file.
 *
 * The binding table is a small array searched linearly: a few dozen
 * entries, looked up once per key press.
 */
#include "ll_fileio.h"
#include "textcell.h"
#include "tui_request.h"

#include <curses.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const req_names[TUI_REQ_COUNT] = {
	[TUI_REQ_NONE] = "none",
#define TUI_REQ_NAME(id, name, help) [TUI_REQ_##id] = name,
	TUI_REQUEST_LIST(TUI_REQ_NAME)
#undef TUI_REQ_NAME
};

static const char *const req_help[TUI_REQ_COUNT] = {
	[TUI_REQ_NONE] = "",
#define TUI_REQ_HELP(id, name, help) [TUI_REQ_##id] = help,
	TUI_REQUEST_LIST(TUI_REQ_HELP)
#undef TUI_REQ_HELP
};

const char *tui_request_name(enum tui_request req)
{
	return req > TUI_REQ_NONE && req < TUI_REQ_COUNT ? req_names[req] : "none";
}

const char *tui_request_help(enum tui_request req)
{
	return req > TUI_REQ_NONE && req < TUI_REQ_COUNT ? req_help[req] : "";
}

enum tui_request tui_request_find(const char *name)
{
	for (int r = TUI_REQ_NONE + 1; r < TUI_REQ_COUNT; r++)
		if (strcmp(req_names[r], name) == 0)
			return (enum tui_request)r;
	return TUI_REQ_NONE;
}

/* Named keys of the notation; the first name of a code is the one printed. */
static const struct {
	const char *name;
	int code;
} key_names[] = {
	{"Enter", '\n'},
	{"Return", '\r'},
	{"Esc", TUI_KEY_ESC},
	{"Tab", '\t'},
	{"Space", ' '},
	{"Backspace", TUI_KEY_FN(KEY_BACKSPACE)},
	{"lt", '<'},
	{"Up", TUI_KEY_FN(KEY_UP)},
	{"Down", TUI_KEY_FN(KEY_DOWN)},
	{"Left", TUI_KEY_FN(KEY_LEFT)},
	{"Right", TUI_KEY_FN(KEY_RIGHT)},
	{"Home", TUI_KEY_FN(KEY_HOME)},
	{"End", TUI_KEY_FN(KEY_END)},
	{"PgUp", TUI_KEY_FN(KEY_PPAGE)},
	{"PgDn", TUI_KEY_FN(KEY_NPAGE)},
	{"Ins", TUI_KEY_FN(KEY_IC)},
	{"Del", TUI_KEY_FN(KEY_DC)},
	{"KeypadEnter", TUI_KEY_FN(KEY_ENTER)},
	{"WheelUp", TUI_KEY_WHEEL_UP},
	{"WheelDown", TUI_KEY_WHEEL_DOWN},
	{"Click", TUI_KEY_CLICK},
};

#define NKEYNAMES (sizeof key_names / sizeof *key_names)

static void put_utf8(unsigned c, char *buf, size_t cap)
{
	char tmp[5];
	tmp[tc_utf8_encode(c, tmp)] = '\0';
	snprintf(buf, cap, "%s", tmp);
}

void tui_key_name(int code, char *buf, size_t cap)
{
	for (size_t i = 0; i < NKEYNAMES; i++)
		if (key_names[i].code == code) {
			snprintf(buf, cap, "<%s>", key_names[i].name);
			return;
		}
	if (TUI_KEY_IS_FN(code) && code - TUI_KEY_FN(0) >= KEY_F(1) && code - TUI_KEY_FN(0) <= KEY_F(12)) {
		snprintf(buf, cap, "<F%d>", code - TUI_KEY_FN(0) - KEY_F(0));
	} else if (code == 127) {
		snprintf(buf, cap, "<Backspace>");
	} else if (code >= 0 && code < 0x20) {
		snprintf(buf, cap, "<C-%c>", code + 'a' - 1);
	} else if (code > 0x20 && code < 0x110000) {
		put_utf8((unsigned)code, buf, cap);
	} else {
		snprintf(buf, cap, "<0x%x>", (unsigned)code);
	}
}

int tui_key_parse(const char *s, size_t *used, struct tui_key *k, struct ll_err *err)
{
	k->y = k->x = 0;
	if (!*s)
		return ll_err_set(err, LL_EUSAGE, "empty key");
	if (*s != '<' || !strchr(s, '>')) {
		/* A plain key is one character; the same strict decoder as the
		 * screen's (textcell), so what a key script accepts is shown. */
		unsigned cp;
		int n = tc_utf8_decode(s, strnlen(s, 4), &cp);
		if (!n)
			return ll_err_set(err, LL_EUSAGE, "invalid UTF-8 in key");
		k->code = (int)cp;
		*used = (size_t)n;
		return LL_OK;
	}
	const char *end = strchr(s, '>');
	size_t len = (size_t)(end - s - 1);
	char name[64];
	if (len == 0 || len >= sizeof name) {
		if (len == 0) { /* "<>" is the character '<' followed by '>' */
			k->code = '<';
			*used = 1;
			return LL_OK;
		}
		return ll_err_set(err, LL_EUSAGE, "key name too long: %.40s", s);
	}
	memcpy(name, s + 1, len);
	name[len] = '\0';
	*used = len + 2;
	for (size_t i = 0; i < NKEYNAMES; i++)
		if (strcasecmp(key_names[i].name, name) == 0) {
			k->code = key_names[i].code;
			return LL_OK;
		}
	int a, b;
	char tail;
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
		int c = name[2];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z') || c == '[' || c == '\\' || c == ']' || c == '^' || c == '_') {
			k->code = TUI_KEY_CTRL(c);
			return LL_OK;
		}
	} else if ((name[0] == 'F' || name[0] == 'f') && sscanf(name + 1, "%d%c", &a, &tail) == 1 && a >= 1 &&
		   a <= 12) {
		k->code = TUI_KEY_FN(KEY_F(a));
		return LL_OK;
	} else if (strncasecmp(name, "Click:", 6) == 0 && sscanf(name + 6, "%d,%d%c", &a, &b, &tail) == 2 && a >= 0 &&
		   b >= 0) {
		k->code = TUI_KEY_CLICK;
		k->y = a;
		k->x = b;
		return LL_OK;
	} else if (strncasecmp(name, "Resize:", 7) == 0) {
		if (sscanf(name + 7, "%dx%d%c", &a, &b, &tail) == 2 && a >= 1 && b >= 1 && a <= 1000 && b <= 1000) {
			k->code = TUI_KEY_RESIZE_TO;
			k->x = a;
			k->y = b;
			return LL_OK;
		}
		return ll_err_set(err, LL_EUSAGE, "bad size in <%s>: want <Resize:COLSxROWS>, 1 to 1000 each", name);
	}
	return ll_err_set(err, LL_EUSAGE, "unknown key <%s>", name);
}

int tui_keys_parse_script(const char *script, struct tui_key **keys, size_t *n, struct ll_err *err)
{
	size_t cap = strlen(script) + 1, count = 0;
	struct tui_key *v = malloc(cap * sizeof *v);
	*keys = NULL;
	*n = 0;
	if (!v)
		return ll_err_set(err, LL_ENOMEM, "out of memory for the key script");
	for (size_t off = 0; script[off];) {
		size_t used = 0;
		int rc = tui_key_parse(script + off, &used, &v[count], err);
		if (rc != LL_OK) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
			free(v);
			return ll_err_set(err, rc, "key script, offset %zu: %s", off, msg);
		}
		count++;
		off += used;
	}
	*keys = v;
	*n = count;
	return LL_OK;
}

/* ---- bindings ---- */

#define VIEWNAME_MAX 24

struct binding {
	char view[VIEWNAME_MAX];
	int key;
	enum tui_request req;
};

struct tui_bindings {
	struct binding *v;
	size_t n, cap;
};

/* Generic keys work in every view; the labelling keys belong to the views
 * that label (browser, templates) and override generic ones there (in the
 * browser Space tags and 0 labels ordinary; ^ still scrolls back). Class
 * keys beyond 0 and 1 are bound at run time (`:class NAME KEY`). */
static const struct {
	const char *view;
	int key;
	enum tui_request req;
} default_view_bindings[] = {
	{"browser", ' ', TUI_REQ_TAG},
	{"browser", '0', TUI_REQ_LABEL_CLASS},
	{"browser", '1', TUI_REQ_LABEL_CLASS},
	{"browser", 'v', TUI_REQ_RANGE},
	{"browser", 'L', TUI_REQ_LABEL_BULK},
	{"browser", 's', TUI_REQ_LABELS},
	{"browser", 't', TUI_REQ_TEMPLATES},
	{"browser", ']', TUI_REQ_NEXT_SAME_HOST},
	{"browser", '[', TUI_REQ_PREV_SAME_HOST},
	{"browser", 'H', TUI_REQ_FILTER_HOST},
	{"browser", 'F', TUI_REQ_FILTER_FILE},
	{"templates", '0', TUI_REQ_LABEL_CLASS},
	{"templates", '1', TUI_REQ_LABEL_CLASS},
	{"labels", 't', TUI_REQ_TEMPLATES},
	{"experiments", 't', TUI_REQ_TRAIN},
	{"experiments", 'e', TUI_REQ_EDIT},
	{"experiments", 'f', TUI_REQ_FEATURES},
	{"experiments", 'r', TUI_REQ_RUNS},
	{"experiments", 'b', TUI_REQ_BROWSE},
	{"runs", 'b', TUI_REQ_BROWSE},
	{"training", 'c', TUI_REQ_CANCEL},
	{"features", 'e', TUI_REQ_EDIT},
	{"features", 'w', TUI_REQ_WRITE},
	{"runs", ' ', TUI_REQ_TAG},
	{"runs", 'c', TUI_REQ_COMPARE},
	{"runs", 'r', TUI_REQ_ROC},
	{"runs", 'e', TUI_REQ_CURVES},
	{"runs", 'v', TUI_REQ_REVIEW},
	{"runs", 'R', TUI_REQ_RESUME},
	{"confusion", 'r', TUI_REQ_ROC},
	{"confusion", 'v', TUI_REQ_REVIEW},
	{"roc", 'h', TUI_REQ_THRESHOLD_RAISE},
	{"roc", TUI_KEY_FN(KEY_LEFT), TUI_REQ_THRESHOLD_RAISE},
	{"roc", 'l', TUI_REQ_THRESHOLD_LOWER},
	{"roc", TUI_KEY_FN(KEY_RIGHT), TUI_REQ_THRESHOLD_LOWER},
	{"roc", TUI_KEY_FN(KEY_PPAGE), TUI_REQ_THRESHOLD_RAISE_MORE},
	{"roc", TUI_KEY_FN(KEY_NPAGE), TUI_REQ_THRESHOLD_LOWER_MORE},
	{"hits", '0', TUI_REQ_LABEL_CLASS},
	{"hits", '1', TUI_REQ_LABEL_CLASS},
	{"review", 'y', TUI_REQ_CONFIRM},
	{"review", 'c', TUI_REQ_CONFIRM_AS},
	{"review", 'n', TUI_REQ_DISMISS},
	{"review", 'Y', TUI_REQ_CONFIRM_GROUP},
	{"review", 'N', TUI_REQ_DISMISS_GROUP},
	{"review", 'R', TUI_REQ_RETRAIN},
};

static const struct {
	int key;
	enum tui_request req;
} default_bindings[] = {
	{'j', TUI_REQ_MOVE_DOWN},
	{TUI_KEY_FN(KEY_DOWN), TUI_REQ_MOVE_DOWN},
	{'k', TUI_REQ_MOVE_UP},
	{TUI_KEY_FN(KEY_UP), TUI_REQ_MOVE_UP},
	{TUI_KEY_CTRL('d'), TUI_REQ_MOVE_HALF_PAGE_DOWN},
	{TUI_KEY_CTRL('u'), TUI_REQ_MOVE_HALF_PAGE_UP},
	{TUI_KEY_CTRL('f'), TUI_REQ_MOVE_PAGE_DOWN},
	{TUI_KEY_FN(KEY_NPAGE), TUI_REQ_MOVE_PAGE_DOWN},
	{' ', TUI_REQ_MOVE_PAGE_DOWN},
	{TUI_KEY_CTRL('b'), TUI_REQ_MOVE_PAGE_UP},
	{TUI_KEY_FN(KEY_PPAGE), TUI_REQ_MOVE_PAGE_UP},
	{'g', TUI_REQ_MOVE_FIRST_LINE},
	{TUI_KEY_FN(KEY_HOME), TUI_REQ_MOVE_FIRST_LINE},
	{'G', TUI_REQ_MOVE_LAST_LINE},
	{TUI_KEY_FN(KEY_END), TUI_REQ_MOVE_LAST_LINE},
	{TUI_KEY_WHEEL_DOWN, TUI_REQ_SCROLL_LINE_DOWN},
	{TUI_KEY_WHEEL_UP, TUI_REQ_SCROLL_LINE_UP},
	{TUI_KEY_CLICK, TUI_REQ_MOUSE_SELECT},
	{'h', TUI_REQ_SCROLL_LEFT},
	{TUI_KEY_FN(KEY_LEFT), TUI_REQ_SCROLL_LEFT},
	{'l', TUI_REQ_SCROLL_RIGHT},
	{TUI_KEY_FN(KEY_RIGHT), TUI_REQ_SCROLL_RIGHT},
	{'^', TUI_REQ_SCROLL_FIRST_COL},
	{'0', TUI_REQ_SCROLL_FIRST_COL},
	{'$', TUI_REQ_SCROLL_LAST_COL},
	{'/', TUI_REQ_SEARCH},
	{'n', TUI_REQ_FIND_NEXT},
	{'N', TUI_REQ_FIND_PREV},
	{'&', TUI_REQ_FILTER_IN},
	{'!', TUI_REQ_FILTER_OUT},
	{'\n', TUI_REQ_ENTER},
	{'\r', TUI_REQ_ENTER},
	{TUI_KEY_FN(KEY_ENTER), TUI_REQ_ENTER},
	{':', TUI_REQ_PROMPT},
	{'?', TUI_REQ_HELP},
	{TUI_KEY_FN(KEY_F(1)), TUI_REQ_HELP},
	{TUI_KEY_ESC, TUI_REQ_CANCEL},
	{TUI_KEY_CTRL('l'), TUI_REQ_REDRAW},
	{'u', TUI_REQ_UNDO},
	{TUI_KEY_CTRL('r'), TUI_REQ_REDO},
	{'q', TUI_REQ_QUIT},
	{'Q', TUI_REQ_QUIT_ALL},
};

struct tui_bindings *tui_bindings_new(void)
{
	struct tui_bindings *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	for (size_t i = 0; i < sizeof default_bindings / sizeof *default_bindings; i++)
		if (tui_bindings_set(b, "generic", default_bindings[i].key, default_bindings[i].req) != LL_OK) {
			tui_bindings_free(b);
			return NULL;
		}
	for (size_t i = 0; i < sizeof default_view_bindings / sizeof *default_view_bindings; i++)
		if (tui_bindings_set(b, default_view_bindings[i].view, default_view_bindings[i].key,
				     default_view_bindings[i].req) != LL_OK) {
			tui_bindings_free(b);
			return NULL;
		}
	return b;
}

void tui_bindings_free(struct tui_bindings *b)
{
	if (!b)
		return;
	free(b->v);
	free(b);
}

int tui_bindings_set(struct tui_bindings *b, const char *view, int key, enum tui_request req)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].key == key && strcmp(b->v[i].view, view) == 0) {
			b->v[i].req = req;
			return LL_OK;
		}
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 64;
		struct binding *v = realloc(b->v, cap * sizeof *v);
		if (!v)
			return LL_ENOMEM;
		b->v = v;
		b->cap = cap;
	}
	snprintf(b->v[b->n].view, VIEWNAME_MAX, "%s", view);
	b->v[b->n].key = key;
	b->v[b->n].req = req;
	b->n++;
	return LL_OK;
}

/* The binding of key in exactly view, or NULL. */
static const struct binding *find(const struct tui_bindings *b, const char *view, int key)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].key == key && strcmp(b->v[i].view, view) == 0)
			return &b->v[i];
	return NULL;
}

enum tui_request tui_bindings_lookup(const struct tui_bindings *b, const char *view, int key)
{
	const struct binding *x = view ? find(b, view, key) : NULL;
	if (!x)
		x = find(b, "generic", key);
	return x ? x->req : TUI_REQ_NONE;
}

size_t tui_bindings_keys_for(const struct tui_bindings *b, const char *view, enum tui_request req, char *buf,
			     size_t cap)
{
	size_t count = 0, used = 0;
	if (cap)
		buf[0] = '\0';
	/* Two passes so the view's own keys come first. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < b->n; i++) {
			const struct binding *x = &b->v[i];
			if (x->req != req)
				continue;
			if (pass == 0 && strcmp(x->view, view) != 0)
				continue;
			if (pass == 1 && (strcmp(x->view, "generic") != 0 || find(b, view, x->key)))
				continue;
			if (x->key == '\r' || x->key == TUI_KEY_FN(KEY_ENTER))
				continue; /* the same key as <Enter> to a person */
			char name[32];
			tui_key_name(x->key, name, sizeof name);
			int w = snprintf(buf + used, cap > used ? cap - used : 0, "%s%s", count ? ", " : "", name);
			if (w > 0 && used + (size_t)w < cap)
				used += (size_t)w;
			count++;
		}
	return count;
}

/* Splits the next blank-separated word off *s. */
static char *word(char **s)
{
	char *p = *s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return NULL;
	char *w = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p)
		*p++ = '\0';
	*s = p;
	return w;
}

int tui_config_line(struct tui_bindings *b, const char *line, const char **theme, struct ll_err *err)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", line);
	buf[strcspn(buf, "\r\n")] = '\0';
	char *s = buf;
	char *cmd = word(&s);
	if (!cmd || cmd[0] == '#')
		return LL_OK;
	if (strcmp(cmd, "bind") == 0) {
		char *view = word(&s), *key = word(&s), *req = word(&s);
		if (!view || !key || !req || word(&s))
			return ll_err_set(err, LL_EUSAGE, "expected: bind VIEW KEY REQUEST");
		if (strlen(view) >= VIEWNAME_MAX)
			return ll_err_set(err, LL_EUSAGE, "view name too long: %s", view);
		struct tui_key k;
		size_t used = 0;
		int rc = tui_key_parse(key, &used, &k, err);
		if (rc != LL_OK)
			return rc;
		if (key[used])
			return ll_err_set(err, LL_EUSAGE, "one key expected, got '%s'", key);
		enum tui_request r = strcmp(req, "none") == 0 ? TUI_REQ_NONE : tui_request_find(req);
		if (r == TUI_REQ_NONE && strcmp(req, "none") != 0)
			return ll_err_set(err, LL_EUSAGE, "unknown request '%s' (see the help view, ?)", req);
		if (tui_bindings_set(b, view, k.code, r) != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		return LL_OK;
	}
	if (strcmp(cmd, "set") == 0) {
		char *name = word(&s), *value = word(&s);
		if (name && value && !word(&s) && strcmp(name, "theme") == 0) {
			if (strcmp(value, "default") == 0 || strcmp(value, "mono") == 0) {
				if (theme)
					*theme = strcmp(value, "mono") == 0 ? "mono" : "default";
				return LL_OK;
			}
			return ll_err_set(err, LL_EUSAGE, "unknown theme '%s' (default or mono)", value);
		}
		return ll_err_set(err, LL_EUSAGE, "expected: set theme default|mono");
	}
	return ll_err_set(err, LL_EUSAGE, "unknown command '%s' (bind or set)", cmd);
}

int tui_config_load(struct tui_bindings *b, const char *path, const char **theme, struct ll_err *err)
{
	struct ll_err why;
	FILE *f = ll_fopen_regular(path, &why);
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return LL_OK;
		return ll_err_set(err, LL_EIO, "%s", why.msg);
	}
	char line[512];
	int first = LL_OK;
	size_t lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		struct ll_err e;
		ll_err_clear(&e);
		int rc = tui_config_line(b, line, theme, &e);
		if (rc != LL_OK && first == LL_OK)
			first = ll_err_set(err, rc, "%s:%zu: %s", path, lineno, e.msg);
	}
	fclose(f);
	return first;
}

int tui_config_path(char *buf, size_t cap)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, cap, "%s/loglab/config", xdg);
	else if (home && *home)
		snprintf(buf, cap, "%s/.config/loglab/config", home);
	else
		return 0;
	return 1;
}
