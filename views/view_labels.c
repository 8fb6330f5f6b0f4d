/*
 * view_labels.c - the labelling session (view_labels.h) and the labels
 * view: counts per class, the largest templates with their label mix, and
 * the journal's most recent changes; Enter jumps to a changed line or
 * opens a template's lines.
 *
 * The session's rules mirror `loglab label` (cli/cli_label.c): one action
 * is one ll_labels_apply call, so one journal group and one undo step;
 * the source is "key" for one line, "bulk" for tagged/matched/range lines
 * and "template" for a template's lines. Templates are mined exactly as
 * ds_templates_mine does (same text, same order, default configuration),
 * so the ids shown here are the ids `loglab label --template ID` takes.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "ds_labels.h"
#include "ds_labels_chain.h"
#include "ds_rowlabels.h"
#include "ds_stdin.h"
#include "ds_templates.h"
#include "ll_fileio.h"
#include "ll_journal.h"
#include "ll_strbuf.h"
#include "textcell.h"
#include "view_labels.h"

#define TBUF_CAP 8192 /* as ds_templates_mine: the miner reads a bounded prefix */
#define TOP_TEMPLATES 20
/* the labels view's class column at most (longer names push the counts) */
#define CLASS_MAX_WIDTH 24

static double epoch_now(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

/* ---- life cycle ---- */

static char *classes_path_of(const char *journal)
{
	size_t n = strlen(journal);
	const char *suffix = ".labels";
	size_t sl = strlen(suffix);
	size_t keep = n > sl && strcmp(journal + n - sl, suffix) == 0 ? n - sl : n;
	char *p = malloc(keep + sizeof ".classes");
	if (p) {
		memcpy(p, journal, keep);
		memcpy(p + keep, ".classes", sizeof ".classes");
	}
	return p;
}

int view_lab_new(struct ds_dataset *ds, struct view_lab **out, struct ll_err *err)
{
	*out = NULL;
	struct view_lab *s = calloc(1, sizeof *s);
	if (!s)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	s->ds = ds;
	s->journal = ds_labels_default_path(ds_dataset_path(ds));
	s->classes_path = s->journal ? classes_path_of(s->journal) : NULL;
	if (!s->journal || !s->classes_path) {
		view_lab_free(s);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	s->started = epoch_now();
	const char *trace = getenv("LOGLAB_TRACE_LATENCY");
	if (trace && *trace)
		s->trace = fopen(trace, "a");
	const char *slow = getenv("LOGLAB_TEST_STAGE_LINES");
	if (slow && *slow)
		s->stage_test_lines = strtoul(slow, NULL, 10);
	const char *slow_mine = getenv("LOGLAB_TEST_MINE_LINES");
	if (slow_mine && *slow_mine)
		s->tpl_test_lines = strtoul(slow_mine, NULL, 10);
	*out = s;
	return LL_OK;
}

static void keys_clear(struct view_lab *s)
{
	for (size_t i = 0; i < s->nkeys; i++)
		free(s->keys[i].name);
	free(s->keys);
	s->keys = NULL;
	s->nkeys = 0;
}

void view_lab_free(struct view_lab *s)
{
	if (!s)
		return;
	ll_labels_free(s->labels);
	free(s->journal);
	free(s->classes_path);
	keys_clear(s);
	free(s->counts);
	ll_tpl_free(s->miner);
	free(s->tpl);
	free(s->tbuf);
	free(s->stage_rows);
	if (s->trace)
		fclose(s->trace);
	if (s->recent_j)
		ll_journal_close(s->recent_j);
	free(s->recent_path);
	free(s->recent);
	free(s);
}

/* ---- class keys ---- */

const char *view_lab_key_class(const struct view_lab *s, int key)
{
	for (size_t i = 0; i < s->nkeys; i++)
		if (s->keys[i].key == key)
			return s->keys[i].name;
	return NULL;
}

int view_lab_class_key(const struct view_lab *s, const char *name)
{
	for (size_t i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i].name, name) == 0)
			return s->keys[i].key;
	return 0;
}

static int by_key(const void *pa, const void *pb)
{
	const struct view_lab_key *a = pa, *b = pb;
	return (a->key > b->key) - (a->key < b->key);
}

/* Binds key to name (replacing the key's old class). */
static int key_set(struct view_lab *s, int key, const char *name, int saved)
{
	char *copy = strdup(name);
	if (!copy)
		return LL_ENOMEM;
	for (size_t i = 0; i < s->nkeys; i++)
		if (s->keys[i].key == key) {
			free(s->keys[i].name);
			s->keys[i].name = copy;
			s->keys[i].saved = saved;
			s->keys[i].keep = 0;
			return LL_OK;
		}
	struct view_lab_key *k = realloc(s->keys, (s->nkeys + 1) * sizeof *k);
	if (!k) {
		free(copy);
		return LL_ENOMEM;
	}
	s->keys = k;
	s->keys[s->nkeys++] = (struct view_lab_key){key, copy, saved, 0, 0};
	/* in key order, so prompts and help read 0=... 1=... 2=... */
	qsort(s->keys, s->nkeys, sizeof *s->keys, by_key);
	return LL_OK;
}

void view_lab_keys_text(const struct view_lab *s, char *buf, size_t cap)
{
	size_t used = 0;
	if (cap)
		buf[0] = '\0';
	for (size_t i = 0; i < s->nkeys && used + 1 < cap; i++) {
		char kn[32];
		tui_key_name(s->keys[i].key, kn, sizeof kn);
		int w = snprintf(buf + used, cap - used, "%s%s=%s", i ? " " : "", kn, s->keys[i].name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static void bind_class_key(struct tui *t, int key);

static int class_exists(struct view_lab *s, const char *name)
{
	size_t nc = view_lab_nclasses(s);
	for (size_t c = 0; c < nc; c++)
		if (!strcmp(view_lab_class_name(s, c), name))
			return 1;
	return 0;
}

/* Binds key to name as a default (not saved) when key names nothing yet;
 * kept (see struct view_lab_key) when name is a class the data has, not
 * the "0"/"1" convention of a file without them. */
static void default_key(struct view_lab *s, struct tui *t, int key, const char *name)
{
	if (view_lab_key_class(s, key) || key_set(s, key, name, 0) != LL_OK)
		return;
	for (size_t i = 0; i < s->nkeys; i++)
		if (s->keys[i].key == key)
			s->keys[i].keep = class_exists(s, name);
	bind_class_key(t, key);
}

static void keep_default_keys(struct view_lab *s, struct tui *t);

static int single_digit(const char *name) { return name[0] >= '1' && name[0] <= '9' && !name[1]; }

/* Digit keys for the dataset's classes (file and journal), keeping what is
 * bound already (saved keys, earlier defaults): 0 the ordinary class (BGL's
 * "normal"), a class named by a digit that digit, the other classes the
 * free digits 1-9 in order of first appearance; then 0 and 1 the
 * convention of files without labels ("0" ordinary, "1" root cause), which
 * ask before they create a class the file does not have. Called again when
 * other processes add classes. */
static void default_keys(struct view_lab *s, struct tui *t)
{
	size_t nc = view_lab_nclasses(s);
	const char *ordinary = NULL;
	for (size_t c = 0; c < nc && !ordinary; c++)
		if (tui_label_role(view_lab_class_name(s, c), (int)c) == TUI_ROLE_LABEL_NORMAL)
			ordinary = view_lab_class_name(s, c);
	default_key(s, t, '0', ordinary ? ordinary : "0");
	for (size_t c = 0; c < nc; c++) {
		const char *name = view_lab_class_name(s, c);
		if (single_digit(name) && !view_lab_class_key(s, name))
			default_key(s, t, name[0], name);
	}
	int next = '1';
	for (size_t c = 0; c < nc && next <= '9'; c++) {
		const char *name = view_lab_class_name(s, c);
		if ((ordinary && strcmp(name, ordinary) == 0) || view_lab_class_key(s, name))
			continue;
		while (next <= '9' && view_lab_key_class(s, next))
			next++;
		if (next <= '9')
			default_key(s, t, next, name);
	}
	default_key(s, t, '1', "1");
	keep_default_keys(s, t);
}

/* A key may name a class unless it already does something else here. */
static int key_free_for_class(struct tui *t, int key, char *why, size_t cap)
{
	static const char *const views[] = {"browser", "templates"};
	if (key == ' ' || key == TUI_KEY_ESC || key < 0x20 || TUI_KEY_IS_FN(key) || key >= 0x2000000) {
		snprintf(why, cap, "that key cannot name a class; use 2-9 or a free letter");
		return 0;
	}
	for (size_t i = 0; i < sizeof views / sizeof *views; i++) {
		enum tui_request r = tui_bindings_lookup(tui_bindings(t), views[i], key);
		if (r != TUI_REQ_NONE && r != TUI_REQ_LABEL_CLASS) {
			char kn[32];
			tui_key_name(key, kn, sizeof kn);
			snprintf(why, cap, "%s already means %s in the %s view; pick another key", kn,
				 tui_request_name(r), views[i]);
			return 0;
		}
	}
	return 1;
}

static void bind_class_key(struct tui *t, int key)
{
	tui_bind_key(t, "browser", key, TUI_REQ_LABEL_CLASS);
	tui_bind_key(t, "templates", key, TUI_REQ_LABEL_CLASS);
}

/* Reads DATA.classes; bad lines are skipped and the first reported. */
static void load_classes(struct view_lab *s, struct tui *t)
{
	struct ll_err ignore;
	/* missing, or not a regular file (a FIFO would block the browser) */
	FILE *f = ll_fopen_regular(s->classes_path, &ignore);
	if (!f)
		return;
	char line[512];
	size_t lineno = 0;
	int reported = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		struct tui_key k;
		size_t used = 0;
		struct ll_err e;
		ll_err_clear(&e);
		char why[256] = "expected KEY<TAB>NAME";
		int ok = tab && tab[1] != '\0';
		if (ok) {
			*tab = '\0';
			ok = tui_key_parse(line, &used, &k, &e) == LL_OK && line[used] == '\0';
			if (!ok)
				snprintf(why, sizeof why, "bad key '%.200s'", line);
			else
				ok = key_free_for_class(t, k.code, why, sizeof why);
		}
		if (ok && key_set(s, k.code, tab + 1, 1) == LL_OK) {
			bind_class_key(t, k.code);
		} else if (!reported++) {
			tui_error(t, "%s:%zu: %s (line skipped)", s->classes_path, lineno, why);
		}
	}
	fclose(f);
}

#define CLASSES_HEADER "# loglab class keys: KEY<TAB>CLASS"

/* The key a line of the classes file binds, or 0 (a comment, a bad line). */
static int file_line_key(const char *line, size_t len)
{
	const char *tab = memchr(line, '\t', len);
	if (!tab || line[0] == '#' || (size_t)(tab - line) >= 64)
		return 0;
	char name[64];
	memcpy(name, line, (size_t)(tab - line));
	name[tab - line] = '\0';
	struct tui_key k;
	size_t used = 0;
	struct ll_err e;
	ll_err_clear(&e);
	return tui_key_parse(name, &used, &k, &e) == LL_OK && name[used] == '\0' ? k.code : 0;
}

static int bound_here(const struct view_lab *s, int key)
{
	for (size_t i = 0; i < s->nkeys; i++)
		if (s->keys[i].key == key && s->keys[i].here)
			return 1;
	return 0;
}

/* Writes the class keys: the file as it is now (another loglab on the same
 * data may have bound keys since it was read), each key bound in this
 * session replacing the file's line for it or added after them. Under the
 * file's lock, replaced atomically (temp file, fsync, rename). */
static int save_classes(struct view_lab *s, struct ll_err *err)
{
	int fd = -1, reopened = 0;
	int rc = ll_lock_file(&fd, s->classes_path, O_RDWR | O_CREAT, 5000, &reopened, err);
	if (rc != LL_OK) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
	struct ll_strbuf out = {0};
	char *old = NULL;
	size_t got = 0;
	rc = ll_read_text(fd, s->classes_path, (size_t)1 << 20, &old, &got, err);
	int *file_keys = NULL;
	size_t nfile_keys = 0;
	if (rc == LL_OK && !(file_keys = malloc((got / 2 + 1) * sizeof *file_keys)))
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK) {
		ll_strbuf_puts(&out, CLASSES_HEADER "\n");
		for (size_t at = 0; at < got;) {
			const char *nl = memchr(old + at, '\n', got - at);
			size_t len = nl ? (size_t)(nl - (old + at)) : got - at;
			int key = file_line_key(old + at, len);
			/* the header is written afresh; other comments and lines this
			 * loglab cannot read stay for whoever can */
			int header = len == strlen(CLASSES_HEADER) && !memcmp(old + at, CLASSES_HEADER, len);
			if (key) /* a line binds at least 2 bytes: got / 2 + 1 suffice */
				file_keys[nfile_keys++] = key;
			if (len && !header && !(key && bound_here(s, key))) {
				ll_strbuf_add(&out, old + at, len);
				ll_strbuf_puts(&out, "\n");
			}
			at += len + 1;
		}
		for (size_t i = 0; i < s->nkeys; i++) {
			int in_file = 0;
			for (size_t f = 0; f < nfile_keys && !in_file; f++)
				in_file = file_keys[f] == s->keys[i].key;
			/* a kept default, unless the file (another session) binds its key */
			int kept = s->keys[i].keep && !s->keys[i].saved && !in_file;
			if (!s->keys[i].here && !kept)
				continue;
			char kn[32];
			tui_key_name(s->keys[i].key, kn, sizeof kn);
			ll_strbuf_printf(&out, "%s\t%s\n", kn, s->keys[i].name);
		}
		if (out.oom)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	free(old);
	free(file_keys);
	int nfd = -1;
	if (rc == LL_OK)
		rc = ll_replace_locked(s->classes_path, out.s ? out.s : "", out.len, &nfd, err);
	if (nfd >= 0)
		close(nfd);
	ll_unlock_file(fd);
	close(fd);
	ll_strbuf_free(&out);
	return rc;
}

/* Writes the kept default keys (struct view_lab_key) to the classes file
 * once this session has written labels (looking at a file leaves no trace
 * beside it): the key a user labelled with names the same class after a
 * restart, though the defaults, given in order of the classes, would then
 * differ (a class added while this session had 1 for the "1" convention
 * gave it 2; the next session would have given it 1). */
static void keep_default_keys(struct view_lab *s, struct tui *t)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nkeys; i++)
		n += s->keys[i].keep && !s->keys[i].saved;
	if (!n || !s->attached || s->readonly || !s->labels || ll_labels_nparts(s->labels))
		return;
	struct ll_err err;
	ll_err_clear(&err);
	if (save_classes(s, &err) != LL_OK) {
		tui_error(t, "class keys not saved: %s", err.msg);
		return;
	}
	for (size_t i = 0; i < s->nkeys; i++)
		if (s->keys[i].keep)
			s->keys[i].saved = 1;
}

/* ---- loading ---- */

/* Journal warnings (damaged records, dropped actions) of the session. */
static void session_warning(void *ctx, const char *msg)
{
	struct view_lab *s = ctx;
	if (ds_labels_chain_is_note(msg)) { /* no warning: where labels came from */
		if (!s->chain_note[0])
			snprintf(s->chain_note, sizeof s->chain_note, "%s", msg + sizeof DS_LABELS_CHAIN_NOTE - 1);
		return;
	}
	if (!s->warn_n++)
		snprintf(s->warn_first, sizeof s->warn_first, "%s", msg);
}

/* Says where labels go when that is not beside the data (its folder, or
 * some of a fleet's files' folders, are read-only); 1 when it said so. */
static int told_apart(struct tui *t, const struct ds_dataset *ds, const struct ll_labels *l, const char *journal)
{
	if (!ll_labels_nparts(l)) {
		if (!ds_labels_kept_apart(ds_dataset_path(ds), journal))
			return 0;
		tui_message(t, "the folder of %s is read-only: labels kept in %s", ds_dataset_path(ds), journal);
		return 1;
	}
	char first[PATH_MAX];
	size_t apart = ds_labels_fleet_apart(ds, first, sizeof first);
	if (!apart)
		return 0;
	char *slash = strrchr(first, '/');
	if (slash)
		*slash = '\0';
	tui_message(t, "%zu file%s in read-only folders: %s labels kept in %s", apart, apart == 1 ? "" : "s",
		    apart == 1 ? "its" : "their", first);
	return 1;
}

/* Whether the journal could be opened for writing, found without creating
 * it (looking at a file must leave no trace beside it). */
static int probe_writable(const char *path, char *msg, size_t cap)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	int e = errno;
	if (e == ENOENT) {
		/* Missing: its folder (a dangling link's target folder) decides. */
		char target[PATH_MAX], where[PATH_MAX];
		ssize_t n = readlink(path, target, sizeof target - 1);
		snprintf(where, sizeof where, "%s", path);
		if (n > 0) {
			target[n] = '\0';
			if (target[0] == '/') {
				snprintf(where, sizeof where, "%s", target);
			} else {
				char copy[PATH_MAX];
				snprintf(copy, sizeof copy, "%s", path);
				snprintf(where, sizeof where, "%.2000s/%.2000s", dirname(copy), target);
			}
		}
		if (access(dirname(where), W_OK) == 0)
			return 1;
		e = errno;
	}
	snprintf(msg, cap, "%s: cannot open the label journal for writing: %s; labels are read-only "
		 "(:journal PATH picks another file)", path, strerror(e));
	return 0;
}

/* (Re)reads the labels with journal path, read-only until the first label. */
static int load(struct view_lab *s, struct tui *t)
{
	struct ll_err err;
	ll_err_clear(&err);
	struct ll_labels *l = NULL;
	size_t warn_was = s->warn_n;
	s->warn_n = 0;
	/* standard input has no file to keep a journal beside: its own labels */
	int piped = ds_stdin_is(ds_dataset_path(s->ds));
	int rc = ds_labels_open(s->ds, piped ? NULL : s->journal, 0, &l, session_warning, s, &err);
	if (rc != LL_OK) {
		s->warn_n = warn_was;
		snprintf(s->load_msg, sizeof s->load_msg, "%s", err.msg);
		tui_error(t, "labels not loaded: %s", err.msg);
		return rc;
	}
	s->synced_ms = tui_now_ms();
	s->base_rows = ds_dataset_nrows(s->ds);
	ll_labels_free(s->labels);
	s->labels = l;
	s->attached = 0;
	s->version++;
	/* a fleet writes each file's own journal: a file whose folder is
	 * read-only is reported when a label reaches it */
	if (piped) {
		s->readonly = 1;
		snprintf(s->ro_msg, sizeof s->ro_msg,
			 "standard input: labels cannot be saved, there is no file to keep them beside (save it to a "
			 "file first)");
	} else {
		s->readonly = ll_labels_nparts(l) ? 0 : !probe_writable(s->journal, s->ro_msg, sizeof s->ro_msg);
	}
	if (s->readonly)
		tui_error(t, "%s", s->ro_msg);
	else if (!s->told_apart && told_apart(t, s->ds, l, s->journal))
		/* said once: the labels are not where the user would look */
		s->told_apart = 1;
	else if (s->warn_n)
		tui_error(t, "%zu damaged or stale journal record%s or unfinished action%s skipped: %s", s->warn_n,
			  s->warn_n == 1 ? "" : "s", s->warn_n == 1 ? "" : "s", s->warn_first);
	else if (s->chain_note[0] && !s->told_chain) {
		tui_error(t, "%s", s->chain_note); /* said once */
		s->told_chain = 1;
	}
	return LL_OK;
}

#define SYNC_EVERY_MS 250.0

/* What other processes wrote since the last look (cheap when nothing). */
static int sync_news(struct view_lab *s, struct tui *t)
{
	double now = tui_now_ms();
	if (now - s->synced_ms < SYNC_EVERY_MS)
		return 0;
	s->synced_ms = now;
	struct ll_err err;
	ll_err_clear(&err);
	size_t nc = ll_labels_nclasses(s->labels);
	long ch = ll_labels_sync(s->labels, &err);
	if (ch < 0) {
		tui_error(t, "labels not reloaded: %s", err.msg);
		return 0;
	}
	if (ch == 0)
		return 0;
	s->version++;
	if (ll_labels_nclasses(s->labels) != nc)
		default_keys(s, t);
	return 1;
}

static int take_new_rows(struct view_lab *s);

int view_lab_poll(struct view_lab *s, struct tui *t)
{
	if (s->labels) {
		size_t before = s->base_rows;
		if (!take_new_rows(s))
			tui_error(t, "labels of the new lines not read: out of memory");
		return sync_news(s, t) || s->base_rows != before;
	}
	if (s->load_failed || !ds_dataset_complete(s->ds))
		return 0;
	if (load(s, t) != LL_OK) {
		s->load_failed = 1;
		return 0;
	}
	load_classes(s, t);
	default_keys(s, t);
	return 1;
}

int view_lab_get(struct view_lab *s, size_t row)
{
	return s->labels ? ll_labels_get(s->labels, row) : ds_dataset_label(s->ds, row);
}

size_t view_lab_nclasses(struct view_lab *s)
{
	return s->labels ? ll_labels_nclasses(s->labels) : ds_dataset_nclasses(s->ds);
}

const char *view_lab_class_name(struct view_lab *s, size_t cls)
{
	return s->labels ? ll_labels_class_name(s->labels, cls) : ds_dataset_class_name(s->ds, cls);
}

const size_t *view_lab_counts(struct view_lab *s, size_t *nc, size_t *unlabelled)
{
	size_t n = view_lab_nclasses(s);
	*nc = 0;
	if (!s->labels) {
		/* Before loading, the browser counts the file's labels itself. */
		return NULL;
	}
	if (!s->counts || s->counts_version != s->version || s->counts_nc != n) {
		size_t *c = realloc(s->counts, (n ? n : 1) * sizeof *c);
		if (!c)
			return NULL;
		s->counts = c;
		ll_labels_counts(s->labels, s->counts, &s->unlabelled);
		s->counts_version = s->version;
		s->counts_nc = n;
	}
	*nc = n;
	*unlabelled = s->unlabelled;
	return s->counts;
}

/* ---- changing labels ---- */

/* Makes sure a label can be written: loaded, journal open. 0 when not. */
static int writable(struct view_lab *s, struct tui *t)
{
	if (!s->labels) {
		if (s->load_failed)
			tui_error(t, "labels not loaded: %s", s->load_msg);
		else
			tui_error(t, "labels load once the file is counted; try again in a moment");
		return 0;
	}
	if (s->readonly) {
		tui_error(t, "label not applied: %s", s->ro_msg);
		return 0;
	}
	if (!s->attached) {
		struct ll_err err;
		ll_err_clear(&err);
		if (ll_labels_make_writable(s->labels, &err) != LL_OK) {
			s->readonly = 1;
			snprintf(s->ro_msg, sizeof s->ro_msg, "%.900s; labels are read-only (:journal PATH picks another file)",
				 err.msg);
			tui_error(t, "label not applied: %s", s->ro_msg);
			return 0;
		}
		s->attached = 1;
	}
	return 1;
}

static void trace_latency(struct view_lab *s, const char *what, size_t rows, long changed, double key_ms, double start_ms)
{
	if (!s->trace)
		return;
	double end = tui_now_ms();
	fprintf(s->trace, "%s rows=%zu changed=%ld key_to_fsync_ms=%.3f apply_ms=%.3f\n", what, rows, changed,
		end - key_ms, end - start_ms);
	fflush(s->trace);
}

/* Tail mode on a fleet: rows merged since the labels were read are in no
 * file's journal yet, so the labels are read again (every file's journal,
 * the new rows with them) before such rows are labelled; *cls is mapped to
 * the same class. 0 when that failed (the error is shown). */
static int catch_up(struct view_lab *s, struct tui *t, const size_t *rows, size_t n, int *cls)
{
	if (!s->labels || !ds_dataset_fleet(s->ds) || !ds_dataset_complete(s->ds))
		return 1;
	size_t have = ll_labels_nrows(s->labels);
	int past = 0;
	for (size_t i = 0; i < n && !past; i++)
		past = rows[i] >= have;
	if (!past)
		return 1;
	char name[256] = "";
	if (*cls >= 0)
		snprintf(name, sizeof name, "%s", ll_labels_class_name(s->labels, (size_t)*cls));
	if (load(s, t) != LL_OK)
		return 0;
	if (*cls >= 0 && (*cls = ll_labels_class_id(s->labels, name)) < 0) {
		tui_error(t, "label not applied: out of memory");
		return 0;
	}
	return 1;
}

/* Tail mode on a single file (ds_dataset_refresh): rows appended since
 * the labels were read join them with the labels the file gives them (a
 * label<TAB>line file's own); the journal has nothing on them yet but
 * what another process labelled meanwhile, which stays. 0 when out of
 * memory. */
static int take_new_rows(struct view_lab *s)
{
	if (!s->labels || ds_dataset_fleet(s->ds))
		return 1;
	size_t n = ds_dataset_nrows(s->ds);
	if (n <= s->base_rows)
		return 1;
	if (ll_labels_nrows(s->labels) < n && ll_labels_resize(s->labels, n) != LL_OK)
		return 0;
	for (size_t i = s->base_rows; i < n; i++) {
		int cls = ds_dataset_label(s->ds, i);
		if (cls < 0 || ll_labels_get(s->labels, i) != ll_labels_base(s->labels, i))
			continue;
		int id = ll_labels_class_id(s->labels, ds_dataset_class_name(s->ds, (size_t)cls));
		if (id < 0 || ll_labels_set_base(s->labels, i, id) != LL_OK)
			return 0;
	}
	s->base_rows = n;
	s->version++;
	return 1;
}

static long apply_rows(struct view_lab *s, struct tui *t, const size_t *rows, size_t n, int cls, const char *source,
		       const char *what, double key_ms);

void view_lab_row_rewritten(struct view_lab *s, struct tui *t, size_t row)
{
	if (!s->labels || s->staging || row >= ll_labels_nrows(s->labels))
		return;
	int cls = ll_labels_get(s->labels, row);
	int journalled = cls != ll_labels_base(s->labels, row);
	char name[256] = "";
	if (journalled && cls >= 0)
		snprintf(name, sizeof name, "%s", ll_labels_class_name(s->labels, (size_t)cls));
	/* the row hashes kept, and the journal's check of this row, were of
	 * the unfinished text: the labels are read again */
	if (load(s, t) != LL_OK || !journalled)
		return;
	int want = cls >= 0 ? ll_labels_class_id(s->labels, name) : -1;
	if (want < -1 || ll_labels_get(s->labels, row) == want)
		return;
	char what[48];
	snprintf(what, sizeof what, "line %zu", row + 1);
	if (apply_rows(s, t, &row, 1, want, "key", what, tui_now_ms()) >= 0)
		tui_message(t, "line %zu became whole after it was labelled: its label (%s) is saved again for the whole line",
			    row + 1, cls >= 0 ? name : "none");
}

/* Lines from which a label action says it is working before it starts:
 * about a tenth of a second of journal writing. */
#define BUSY_LINES 50000

static long apply_at(struct view_lab *s, struct tui *t, const size_t *rows, size_t n, int cls, const char *source,
		     const char *what, double key_ms)
{
	if (!catch_up(s, t, rows, n, &cls))
		return LL_EIO;
	if (!take_new_rows(s)) {
		tui_error(t, "label not applied: out of memory");
		return LL_ENOMEM;
	}
	/* a followed file's last line still being written would change under
	 * its label: the label would not fit it at the next opening */
	size_t *kept = NULL, growing = SIZE_MAX;
	for (size_t i = 0; i < n && growing == SIZE_MAX; i++)
		if (ds_dataset_row_growing(s->ds, rows[i]))
			growing = i;
	if (growing != SIZE_MAX) {
		if (n == 1) {
			tui_error(t, "line %zu is still being written (no end of line yet): label it once it is whole",
				  rows[0] + 1);
			return LL_EUSAGE;
		}
		if (!(kept = malloc((n - 1) * sizeof *kept))) {
			tui_error(t, "label not applied: out of memory");
			return LL_ENOMEM;
		}
		memcpy(kept, rows, growing * sizeof *kept);
		memcpy(kept + growing, rows + growing + 1, (n - growing - 1) * sizeof *kept);
		rows = kept;
		n--;
	}
	long ch = apply_rows(s, t, rows, n, cls, source, what, key_ms);
	free(kept);
	return ch;
}

static long apply_rows(struct view_lab *s, struct tui *t, const size_t *rows, size_t n, int cls, const char *source,
		       const char *what, double key_ms)
{
	if (!writable(s, t))
		return LL_EIO;
	struct ll_err err;
	ll_err_clear(&err);
	double start = tui_now_ms();
	if (n >= BUSY_LINES)
		tui_busy(t, "%s: labelling %zu lines…", what, n);
	long ch = ll_labels_apply(s->labels, rows, n, cls, source, &err);
	trace_latency(s, source, n, ch, key_ms, start);
	if (ch < 0) {
		tui_error(t, "label not applied: %s", err.msg);
		return ch;
	}
	/* the labels may have moved too: what others wrote was read first */
	s->version++;
	/* a class made by this label, or by others meanwhile, gets its key */
	default_keys(s, t);
	const char *name = cls >= 0 ? ll_labels_class_name(s->labels, (size_t)cls) : "(none)";
	if (n == 1 && ch == 1)
		tui_message(t, "labelled %s as %s, saved (u undoes)", what, name);
	else
		tui_message(t, "%s: %zu line%s, %ld changed to %s%s", what, n, n == 1 ? "" : "s", ch, name,
			    !ch ? "" : tui_headless(t) ? ", saved" : ", saved (u undoes)");
	return ch;
}

/* Another label change now would land before the staged one, which the
 * user asked for first: it waits. 1 (after saying so) when one is staged. */
static int stage_busy(struct view_lab *s, struct tui *t)
{
	if (!s->staging)
		return 0;
	tui_error(t, "%s: labelling %zu lines is under way (Esc stops it)", s->stage_what, s->stage_n);
	return 1;
}

long view_lab_apply(struct view_lab *s, struct tui *t, const size_t *rows, size_t n, int cls, const char *source,
		    const char *what)
{
	if (stage_busy(s, t))
		return LL_EUSAGE;
	return apply_at(s, t, rows, n, cls, source, what, tui_last_key_ms(t));
}

static const char *base_name(const char *path);

/* Asks before a class the data does not have is made: 1 yes. */
static int confirm_new_class(struct view_lab *s, struct tui *t, const char *name)
{
	char why[LL_ERR_MSG_MAX / 2], prompt[LL_ERR_MSG_MAX];
	ll_labels_unknown_class_text(s->labels, name, why, sizeof why);
	/* the question last, as every question: one wider than the screen
	 * shows its end, where the answers are */
	snprintf(prompt, sizeof prompt, "%s has %s: create class '%.100s'? (y/n) ", base_name(ds_dataset_path(s->ds)),
		 why, name);
	int k = tui_ask_key(t, prompt);
	if (k == 'y' || k == 'Y')
		return 1;
	tui_message(t, "no class '%s' created; nothing labelled", name);
	return 0;
}

/* The class id of key, added to the labels when new (after asking); -1
 * after an error or a no. */
static int class_of_key(struct view_lab *s, struct tui *t, int key)
{
	const char *name = view_lab_key_class(s, key);
	if (!name) {
		char kn[32];
		tui_key_name(key, kn, sizeof kn);
		tui_error(t, "%s names no class (:class NAME %s binds one)", kn, kn);
		return -1;
	}
	if (!s->labels) {
		writable(s, t);
		return -1;
	}
	if (!ll_labels_class_known(s->labels, name) && !confirm_new_class(s, t, name))
		return -1;
	int cls = ll_labels_class_id(s->labels, name);
	if (cls < 0)
		tui_error(t, "out of memory");
	return cls;
}

long view_lab_apply_key(struct view_lab *s, struct tui *t, int key, const size_t *rows, size_t n,
			const char *source, const char *what)
{
	if (stage_busy(s, t))
		return LL_EUSAGE;
	int cls = class_of_key(s, t, key);
	if (cls < 0)
		return LL_EUSAGE;
	return view_lab_apply(s, t, rows, n, cls, source, what);
}

void view_lab_undo(struct view_lab *s, struct tui *t, int redo)
{
	if (stage_busy(s, t) || !writable(s, t))
		return;
	struct ll_err err;
	ll_err_clear(&err);
	struct ll_labels_action_info next;
	int known = redo ? ll_labels_redo_top(s->labels, &next) : ll_labels_undo_top(s->labels, &next);
	if (known && next.rows >= BUSY_LINES)
		tui_busy(t, "%s %zu lines…", redo ? "redoing" : "undoing", next.rows);
	double start = tui_now_ms();
	long ch = redo ? ll_labels_redo(s->labels, &err) : ll_labels_undo(s->labels, &err);
	trace_latency(s, redo ? "redo" : "undo", known ? next.rows : 0, ch, tui_last_key_ms(t), start);
	s->version++;
	struct ll_labels_action_info info;
	if (ch < 0) {
		tui_error(t, "%s failed: %s", redo ? "redo" : "undo", err.msg);
	} else if (ch == 0) {
		tui_message(t, "nothing to %s", redo ? "redo" : "undo");
	} else if (redo ? ll_labels_undo_top(s->labels, &info) : ll_labels_redo_top(s->labels, &info)) {
		/* the history is shared: say whose action it was */
		tui_message(t, "%s: %ld line%s %s (%s by %s), saved", redo ? "redone" : "undone", ch, ch == 1 ? "" : "s",
			    redo ? "relabelled" : "restored", info.source, info.user);
	}
}

int view_lab_warm(struct view_lab *s, const size_t *rows, size_t n, size_t *pos, double deadline)
{
	if (!s->labels) {
		*pos = n;
		return 0;
	}
	while (*pos < n) {
		*pos = ll_labels_warm_hashes(s->labels, rows, n, *pos, 4096);
		if (tui_now_ms() > deadline)
			break;
	}
	return *pos < n;
}

/* ---- staged labels: lines read in slices, then one apply ---- */

/* the first slice, taken at the key: a few thousand lines, so small
 * labels are done before the screen is drawn again */
#define STAGE_SLICE_MS 25.0

static void stage_clear(struct view_lab *s)
{
	free(s->stage_rows);
	s->stage_rows = NULL;
	s->staging = 0;
	s->stage_n = s->stage_read = 0;
	s->stage_done = NULL;
	s->stage_owner = NULL;
}

static long stage_at(struct view_lab *s, struct tui *t, const size_t *rows, size_t n, int cls, const char *source,
		     const char *what, double key_ms, void (*done)(void *owner), void *owner)
{
	if (stage_busy(s, t))
		return LL_EUSAGE;
	size_t *copy = malloc((n ? n : 1) * sizeof *copy);
	if (!copy) {
		tui_error(t, "label not applied: out of memory");
		return LL_ENOMEM;
	}
	if (n)
		memcpy(copy, rows, n * sizeof *copy);
	s->staging = 1;
	s->stage_rows = copy;
	s->stage_n = n;
	s->stage_read = 0;
	s->stage_cls = cls;
	s->stage_source = source;
	snprintf(s->stage_what, sizeof s->stage_what, "%s", what);
	s->stage_key_ms = key_ms;
	s->stage_done = done;
	s->stage_owner = owner;
	view_lab_stage_work(s, t, tui_now_ms() + STAGE_SLICE_MS);
	return 0;
}

long view_lab_stage_key(struct view_lab *s, struct tui *t, int key, const size_t *rows, size_t n,
			const char *source, const char *what, void (*done)(void *owner), void *owner)
{
	if (stage_busy(s, t))
		return LL_EUSAGE;
	int cls = class_of_key(s, t, key);
	if (cls < 0)
		return LL_EUSAGE;
	return stage_at(s, t, rows, n, cls, source, what, tui_last_key_ms(t), done, owner);
}

int view_lab_stage_work(struct view_lab *s, struct tui *t, double deadline)
{
	if (!s->staging)
		return 0;
	/* LOGLAB_TEST_STAGE_LINES: that many lines a slice, the slice's time
	 * slept out, so a test sees the stage and can stop it */
	size_t upto = s->stage_n;
	if (s->stage_test_lines && upto - s->stage_read > s->stage_test_lines)
		upto = s->stage_read + s->stage_test_lines;
	view_lab_warm(s, s->stage_rows, upto, &s->stage_read, deadline);
	double left = deadline - tui_now_ms();
	if (s->stage_test_lines && left > 0)
		usleep((useconds_t)(left * 1000.0));
	if (s->stage_read < s->stage_n)
		return 1;
	/* the stage ends before the apply, which may show a view's message
	 * or start the next label */
	size_t *rows = s->stage_rows, n = s->stage_n;
	char what[sizeof s->stage_what];
	memcpy(what, s->stage_what, sizeof what);
	int cls = s->stage_cls;
	const char *source = s->stage_source;
	double key_ms = s->stage_key_ms;
	void (*done)(void *owner) = s->stage_done;
	void *owner = s->stage_owner;
	s->stage_rows = NULL;
	stage_clear(s);
	long ch = apply_at(s, t, rows, n, cls, source, what, key_ms);
	free(rows);
	if (ch >= 0 && done)
		done(owner);
	return 0;
}

int view_lab_stage_progress(const struct view_lab *s, size_t *read, size_t *n)
{
	*read = s->stage_read;
	*n = s->stage_n;
	return s->staging;
}

int view_lab_stage_cancel(struct view_lab *s, struct tui *t)
{
	if (!s->staging)
		return 0;
	tui_message(t, "%s: labelling %zu line%s stopped: nothing labelled", s->stage_what, s->stage_n,
		    s->stage_n == 1 ? "" : "s");
	stage_clear(s);
	return 1;
}

/* One slice of what a settle waits for, in the browser's order: the
 * staged label's reading, then the mining a template label waits on
 * (which stages it); 1 while either remains. */
static int settle_step(struct view_lab *s, struct tui *t, double deadline)
{
	if (s->staging)
		view_lab_stage_work(s, t, deadline);
	else if (s->pend && !ds_dataset_complete(s->ds))
		usleep(20000); /* mining waits for the count (a tailed file grew) */
	else if (s->pend)
		view_lab_templates_work(s, t, deadline);
	return s->staging || s->pend;
}

/* What a settle is about, in words for its question and its reports
 * ("range 1-2000: labelling 2000 lines"), and how far it got
 * ("range 1-2000: labelling: 840 of 2000 lines read"). */
static void settle_what(const struct view_lab *s, char *buf, size_t cap)
{
	if (s->staging)
		snprintf(buf, cap, "%s: labelling %zu lines", s->stage_what, s->stage_n);
	else
		snprintf(buf, cap, "line %ld's template label", s->pend_tpl_row + 1);
}

static void settle_progress(const struct view_lab *s, char *buf, size_t cap)
{
	if (s->staging)
		snprintf(buf, cap, "%s: labelling: %zu of %zu lines read", s->stage_what, s->stage_read, s->stage_n);
	else
		snprintf(buf, cap, "line %ld's template label: mining templates: %d%%", s->pend_tpl_row + 1,
			 (int)(100.0 * view_lab_templates_progress(s)));
}

/* Headless (tui_headless): no one to ask, so the label is finished, as the
 * user asked for it, within the time left; what is not read by then is
 * dropped whole (the journal takes a label whole or not at all) and the
 * report says which lines to label again. */
static void settle_headless(struct view_lab *s, struct tui *t)
{
	char what[256], progress[256];
	settle_what(s, what, sizeof what);
	tui_headless_say(t, "%s: finishing it before exiting (at most %d s)", what, TUI_FINISH_S);
	uint64_t before = s->version;
	double end = tui_headless_end_ms(t);
	while ((s->staging || s->pend) && tui_now_ms() < end) {
		double slice = tui_now_ms() + STAGE_SLICE_MS;
		settle_step(s, t, slice < end ? slice : end);
	}
	if (s->staging || s->pend) {
		settle_progress(s, progress, sizeof progress);
		int cls = s->staging ? s->stage_cls : s->pend_cls;
		tui_headless_say(t, "%s: not finished within %d s: nothing of it labelled; label it as %s again",
				 progress, TUI_FINISH_S,
				 s->labels && cls >= 0 ? ll_labels_class_name(s->labels, (size_t)cls) : "(none)");
		stage_clear(s);
		s->pend = 0;
		return;
	}
	view_lab_headless_report(s, t, before);
}

void view_lab_headless_report(const struct view_lab *s, struct tui *t, uint64_t before)
{
	/* the log outlives the working directory it was started in */
	char journal[PATH_MAX];
	if (!realpath(s->journal, journal))
		snprintf(journal, sizeof journal, "%s", s->journal);
	if (s->version != before)
		tui_headless_say(t, "%s (journal %s)", tui_message_text(t), journal);
	else
		tui_headless_say(t, "not labelled: %s", tui_message_text(t));
}

int view_lab_stage_settle(struct view_lab *s, struct tui *t)
{
	if (!s->staging && !s->pend)
		return 1;
	if (tui_headless(t)) {
		settle_headless(s, t);
		return 1;
	}
	char what[256], prompt[LL_ERR_MSG_MAX];
	settle_what(s, what, sizeof what);
	snprintf(prompt, sizeof prompt, "%s is under way: finish it first? (y/n, Esc stays) ", what);
	int k = tui_ask_key(t, prompt);
	if (k == 'n' || k == 'N') {
		view_lab_stage_cancel(s, t);
		s->pend = 0;
		return 1;
	}
	if (k != 'y' && k != 'Y') {
		tui_message(t, "%s goes on (Esc stops it)", what);
		return 0;
	}
	return view_lab_stage_finish(s, t);
}

int view_lab_stage_finish(struct view_lab *s, struct tui *t)
{
	if (!s->staging && !s->pend)
		return 1;
	char what[256], progress[256];
	/* the loop is held: the count on the message line, Esc to stay */
	uint64_t before = s->version;
	while (s->staging || s->pend) {
		settle_what(s, what, sizeof what);
		settle_progress(s, progress, sizeof progress);
		tui_busy(t, "%s… (Esc stays)", progress);
		if (tui_cancel_pressed(t)) {
			tui_message(t, "%s goes on (Esc stops it)", what);
			return 0;
		}
		settle_step(s, t, tui_now_ms() + STAGE_SLICE_MS);
	}
	/* applied when the labels' version moved on; else its error stays on
	 * screen, and so does the session */
	return s->version != before;
}

void view_lab_stage_forget_owner(struct view_lab *s, void *owner)
{
	if (s->staging && s->stage_owner == owner) {
		s->stage_done = NULL;
		s->stage_owner = NULL;
	}
}

/* ---- templates ---- */

int view_lab_templates_ready(const struct view_lab *s)
{
	return s->miner && s->tpl_done == s->tpl_rows && (s->tpl_rows == 0 || ll_tpl_count(s->miner) > 0);
}

double view_lab_templates_progress(const struct view_lab *s)
{
	return s->tpl_rows ? (double)s->tpl_done / (double)s->tpl_rows : 0.0;
}

static void label_template_now(struct view_lab *s, struct tui *t, size_t row, int cls, double key_ms)
{
	if (row >= s->tpl_rows) {
		/* a followed file's line (or a fleet's) came after the mining,
		 * which is final once done: it has no template yet */
		tui_error(t, "line %zu came after the templates were mined (of the first %zu lines): open the file "
			     "again to mine them all",
			  row + 1, s->tpl_rows);
		return;
	}
	long id = s->tpl[row];
	size_t n = 0;
	for (size_t i = 0; i < s->tpl_rows; i++)
		n += s->tpl[i] == id;
	size_t *rows = malloc((n ? n : 1) * sizeof *rows);
	if (!rows) {
		tui_error(t, "out of memory labelling template %ld", id);
		return;
	}
	n = 0;
	for (size_t i = 0; i < s->tpl_rows; i++)
		if (s->tpl[i] == id)
			rows[n++] = i;
	char what[64];
	snprintf(what, sizeof what, "template %ld", id);
	stage_at(s, t, rows, n, cls, "template", what, key_ms, NULL, NULL);
	free(rows);
}

int view_lab_templates_work(struct view_lab *s, struct tui *t, double deadline)
{
	if (s->tpl_failed || !ds_dataset_complete(s->ds))
		return 0;
	if (!s->miner) {
		struct ll_err err;
		ll_err_clear(&err);
		struct ll_tpl_config cfg;
		ll_tpl_config_default(&cfg);
		s->tpl_rows = ds_dataset_nrows(s->ds);
		s->tpl = malloc((s->tpl_rows ? s->tpl_rows : 1) * sizeof *s->tpl);
		s->tbuf = malloc(TBUF_CAP);
		if (!s->tpl || !s->tbuf || ll_tpl_new(&cfg, &s->miner, &err) != LL_OK) {
			s->tpl_failed = 1;
			snprintf(s->tpl_msg, sizeof s->tpl_msg, "templates: %.900s", err.msg[0] ? err.msg : "out of memory");
			tui_error(t, "%s", s->tpl_msg);
			return 0;
		}
	}
	if (s->tpl_done < s->tpl_rows) {
		double start = tui_now_ms();
		int col = ds_templates_text_column(s->ds);
		/* LOGLAB_TEST_MINE_LINES: that many lines a slice, the slice's
		 * time slept out, so a test sees a template label wait */
		size_t upto = s->tpl_rows;
		if (s->tpl_test_lines && upto - s->tpl_done > s->tpl_test_lines)
			upto = s->tpl_done + s->tpl_test_lines;
		while (s->tpl_done < upto) {
			size_t i = s->tpl_done;
			size_t n = col >= 0 ? ds_dataset_cell(s->ds, i, (size_t)col, s->tbuf, TBUF_CAP)
					    : ds_dataset_row_text(s->ds, i, s->tbuf, TBUF_CAP);
			if (n >= TBUF_CAP)
				n = TBUF_CAP - 1;
			s->tpl[i] = ll_tpl_add(s->miner, s->tbuf, n);
			int rc = s->tpl[i] < 0 ? (int)s->tpl[i] : LL_OK;
			if (rc != LL_OK) {
				s->tpl_failed = 1;
				snprintf(s->tpl_msg, sizeof s->tpl_msg, "%s: line %zu: template mining failed (%s)",
					 ds_dataset_path(s->ds), i + 1, ll_status_name(rc));
				tui_error(t, "%s", s->tpl_msg);
				s->pend = 0;
				return 0;
			}
			s->tpl_done++;
			if ((s->tpl_done & 127) == 0 && tui_now_ms() > deadline)
				break;
		}
		if (s->tpl_done == s->tpl_rows) {
			/* every row given: merge, and turn skeletons into template ids */
			struct ll_err err;
			if (ll_tpl_finish(s->miner, &err) != LL_OK) {
				s->tpl_failed = 1;
				snprintf(s->tpl_msg, sizeof s->tpl_msg, "templates: %.900s", err.msg);
				tui_error(t, "%s", s->tpl_msg);
				s->pend = 0;
				return 0;
			}
			for (size_t i = 0; i < s->tpl_rows; i++)
				s->tpl[i] = ll_tpl_template_of(s->miner, s->tpl[i]);
		}
		s->tpl_ms += tui_now_ms() - start;
		double left = deadline - tui_now_ms();
		if (s->tpl_test_lines && left > 0)
			usleep((useconds_t)(left * 1000.0));
		if (s->tpl_done < s->tpl_rows)
			return 1;
	}
	if (s->pend) {
		s->pend = 0;
		label_template_now(s, t, (size_t)s->pend_tpl_row, s->pend_cls, s->pend_key_ms);
	}
	return 0;
}

void view_lab_label_template(struct view_lab *s, struct tui *t, size_t row, int key)
{
	if (stage_busy(s, t))
		return;
	int cls = class_of_key(s, t, key);
	if (cls < 0)
		return;
	if (s->tpl_failed) {
		tui_error(t, "%s", s->tpl_msg);
		return;
	}
	if (view_lab_templates_ready(s)) {
		label_template_now(s, t, row, cls, tui_last_key_ms(t));
		return;
	}
	s->pend = 1;
	s->pend_tpl_row = (long)row;
	s->pend_cls = cls;
	s->pend_key_ms = tui_last_key_ms(t);
	tui_message(t, "mining templates; the line's template is labelled when done (Esc cancels)");
}

/* ---- commands ---- */

static int cmd_class(struct view_lab *s, struct tui *t, char *args)
{
	char *name = strtok(args, " \t");
	char *key = name ? strtok(NULL, " \t") : NULL;
	if (!name) {
		char text[512];
		view_lab_keys_text(s, text, sizeof text);
		tui_message(t, "class keys: %s", text);
		return 1;
	}
	if (!key || strtok(NULL, " \t")) {
		tui_error(t, "usage: :class NAME KEY (e.g. :class disk 2)");
		return 1;
	}
	struct tui_key k;
	size_t used = 0;
	struct ll_err err;
	ll_err_clear(&err);
	if (tui_key_parse(key, &used, &k, &err) != LL_OK || key[used]) {
		tui_error(t, "class key: one key expected, got '%s'", key);
		return 1;
	}
	char why[256];
	if (!key_free_for_class(t, k.code, why, sizeof why)) {
		tui_error(t, "%s", why);
		return 1;
	}
	if (s->labels && !ll_labels_class_known(s->labels, name)) {
		if (!confirm_new_class(s, t, name))
			return 1;
		if (ll_labels_class_id(s->labels, name) < 0) {
			tui_error(t, "out of memory");
			return 1;
		}
	}
	if (key_set(s, k.code, name, 1) != LL_OK) {
		tui_error(t, "out of memory");
		return 1;
	}
	for (size_t i = 0; i < s->nkeys; i++)
		s->keys[i].here |= s->keys[i].key == k.code;
	bind_class_key(t, k.code);
	if (save_classes(s, &err) != LL_OK)
		tui_error(t, "%s bound for this session only: %s", key, err.msg);
	else
		tui_message(t, "%s labels as %s (saved in %s)", key, name, s->classes_path);
	return 1;
}

/* What the journal is now, in a few words. */
static const char *journal_state(const struct view_lab *s)
{
	if (!s->labels)
		return "loading";
	if (s->readonly)
		return "read-only";
	if (s->attached)
		return "open for writing";
	/* a fleet's labels are in its files' own journals, never in one
	 * named after the spec (which is never created) */
	if (ll_labels_nparts(s->labels))
		return "each file's FILE.labels, replayed; a label is appended to its file's";
	return access(s->journal, F_OK) == 0 ? "replayed; the next label is appended to it"
					     : "none yet: created at the first label";
}

static int cmd_journal(struct view_lab *s, struct tui *t, const char *path)
{
	if (!*path) {
		tui_message(t, "journal: %s (%s)", s->journal, journal_state(s));
		return 1;
	}
	if (!s->labels) {
		writable(s, t);
		return 1;
	}
	char *j = strdup(path), *c = classes_path_of(path);
	if (!j || !c) {
		free(j);
		free(c);
		tui_error(t, "out of memory");
		return 1;
	}
	char *oldj = s->journal, *oldc = s->classes_path;
	s->journal = j;
	s->classes_path = c;
	if (load(s, t) != LL_OK) {
		s->journal = oldj;
		s->classes_path = oldc;
		free(j);
		free(c);
		return 1;
	}
	free(oldj);
	free(oldc);
	load_classes(s, t);
	if (!s->readonly)
		tui_message(t, "labels now journalled in %s", s->journal);
	return 1;
}

static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path ? path : "the dataset";
}

const struct view_cmd view_lab_cmds[] = {
	{"class, classes", "show the class keys"},
	{"class NAME KEY", "label as class NAME with KEY (saved beside the journal)"},
	{"journal", "show the label journal and whether it is open"},
	{"journal PATH", "load labels from and journal them in PATH"},
	{"compact", "rewrite the journal with only the labels in force"},
	{NULL, NULL},
};

int view_lab_help_lines(const struct view_lab *s, struct view_lines *out)
{
	int rc = view_lines_add(out, "", TUI_ROLE_NORMAL);
	if (rc == LL_OK)
		rc = view_lines_addf(out, TUI_ROLE_TITLE, "Label classes of %s (key: class)",
				     base_name(ds_dataset_path(s->ds)));
	if (rc == LL_OK && !s->nkeys)
		rc = view_lines_add(out, "  none (:class NAME KEY binds one)", TUI_ROLE_NORMAL);
	for (size_t i = 0; rc == LL_OK && i < s->nkeys; i++) {
		char kn[32], what[512];
		tui_key_name(s->keys[i].key, kn, sizeof kn);
		snprintf(what, sizeof what, "%s%s", s->keys[i].name, s->keys[i].saved ? "" : " (default)");
		rc = view_help_add_row(out, kn, what);
	}
	return rc;
}

int view_lab_command(struct view_lab *s, struct tui *t, const char *cmd)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", cmd);
	if (!strcmp(buf, "journal") || !strncmp(buf, "journal ", 8)) {
		const char *p = buf + 7;
		while (*p == ' ')
			p++;
		/* another journal's labels would not hold the staged label's class */
		if (*p && stage_busy(s, t))
			return 1;
		return cmd_journal(s, t, p);
	}
	if (!strcmp(buf, "class") || !strcmp(buf, "classes") || !strncmp(buf, "class ", 6))
		return cmd_class(s, t, buf[5] == ' ' ? buf + 6 : buf + strlen(buf));
	if (!strcmp(buf, "compact")) {
		if (stage_busy(s, t) || !writable(s, t))
			return 1;
		struct ll_err err;
		ll_err_clear(&err);
		size_t before = 0, after = 0;
		int rc = ll_labels_compact(s->labels, &before, &after, &err);
		s->version++;
		if (rc != LL_OK)
			tui_error(t, "compact failed: %s", err.msg);
		else
			tui_message(t, "compacted %s: %zu records -> %zu (from the file; undo history ends here)", s->journal,
				    before, after);
		return 1;
	}
	return 0;
}

/* ---- template statistics, shared with the templates view ---- */

struct tpl_count {
	long id;
	size_t n;
};

static int by_lines_desc(const void *pa, const void *pb)
{
	const struct tpl_count *x = pa, *y = pb;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int view_lab_template_stats(struct view_lab *s, long **order, size_t **mix, size_t *ntpl, size_t *nc)
{
	*order = NULL;
	*mix = NULL;
	size_t nt = ll_tpl_count(s->miner), k = view_lab_nclasses(s);
	struct tpl_count *e = malloc((nt ? nt : 1) * sizeof *e);
	size_t *m = calloc((nt ? nt : 1) * (k + 1), sizeof *m);
	long *o = malloc((nt ? nt : 1) * sizeof *o);
	if (!e || !m || !o) {
		free(e);
		free(m);
		free(o);
		return LL_ENOMEM;
	}
	for (size_t i = 0; i < nt; i++)
		e[i] = (struct tpl_count){(long)i, 0};
	for (size_t r = 0; r < s->tpl_rows; r++) {
		int cls = view_lab_get(s, r);
		e[s->tpl[r]].n++;
		m[(size_t)s->tpl[r] * (k + 1) + (cls >= 0 && (size_t)cls < k ? (size_t)cls : k)]++;
	}
	qsort(e, nt, sizeof *e, by_lines_desc);
	for (size_t i = 0; i < nt; i++)
		o[i] = e[i].id;
	free(e);
	*order = o;
	*mix = m;
	*ntpl = nt;
	*nc = k;
	return LL_OK;
}

void view_lab_mix_text(struct view_lab *s, const size_t *m, size_t nc, char *buf, size_t cap)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t k = 0; k <= nc && used + 1 < cap; k++) {
		if (!m[k])
			continue;
		int w = snprintf(buf + used, cap - used, "%s%s:%zu", used ? " " : "",
				 k < nc ? view_shown(view_lab_class_name(s, k)) : "-", m[k]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

#define MIX_MIN_WIDTH 6
#define MIX_MAX_WIDTH 30

int view_lab_mix_width(struct view_lab *s, const long *order, const size_t *mix, size_t nc, size_t n)
{
	size_t w = MIX_MIN_WIDTH;
	for (size_t i = 0; i < n && w < MIX_MAX_WIDTH; i++) {
		char buf[256];
		view_lab_mix_text(s, &mix[(size_t)order[i] * (nc + 1)], nc, buf, sizeof buf);
		size_t bw = tc_width(buf, strlen(buf), 1);
		if (bw > w)
			w = bw;
	}
	return w < MIX_MAX_WIDTH ? (int)w : MIX_MAX_WIDTH;
}

void view_lab_pad(const char *s, int width, char *out, size_t cap)
{
	size_t w = tc_width(s, strlen(s), 1);
	snprintf(out, cap, "%s%*s", s, w < (size_t)width ? width - (int)w : 0, "");
}

/* ---- the labels view ---- */

enum item_kind { ITEM_TEXT, ITEM_CLASS, ITEM_TEMPLATE, ITEM_ROW };

struct item {
	char *text;
	int role;
	enum item_kind kind;
	long value;
	char *tail; /* a template's whole text, drawn after text from the view's hoff; NULL for others */
};

struct labels_view {
	struct view_lab *s;
	struct item *items;
	size_t n, cap;
	size_t cur, top;
	int height;
	struct view_lab_hscroll hs;
	uint64_t built_version;
	int built_tpl_ready;
	size_t nrecent;
};

static void items_clear(struct labels_view *lv)
{
	for (size_t i = 0; i < lv->n; i++) {
		free(lv->items[i].text);
		free(lv->items[i].tail);
	}
	lv->n = 0;
}

static int item_add(struct labels_view *lv, int role, enum item_kind kind, long value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int item_add(struct labels_view *lv, int role, enum item_kind kind, long value, const char *fmt, ...)
{
	if (lv->n == lv->cap) {
		size_t cap = lv->cap ? 2 * lv->cap : 64;
		struct item *p = realloc(lv->items, cap * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		lv->items = p;
		lv->cap = cap;
	}
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char *copy = strdup(buf);
	if (!copy)
		return LL_ENOMEM;
	lv->items[lv->n++] = (struct item){copy, role, kind, value, NULL};
	return LL_OK;
}

/* The last item's template, whole: a long one scrolls, it is not cut. */
static int template_tail(struct labels_view *lv, const struct ll_tpl *miner, long id)
{
	size_t need = ll_tpl_text(miner, id, NULL, 0);
	char *text = malloc(need + 1);
	if (!text)
		return LL_ENOMEM;
	ll_tpl_text(miner, id, text, need + 1);
	lv->items[lv->n - 1].tail = text;
	return LL_OK;
}

static void keep_record(struct view_lab *s, const struct ll_journal_record *r)
{
	struct view_lab_recent *x = &s->recent[s->recent_total % VIEW_LAB_RECENT_MAX];
	x->time = r->time;
	x->row = (size_t)r->row;
	snprintf(x->old_cls, sizeof x->old_cls, "%s", r->old_cls[0] ? r->old_cls : "-");
	snprintf(x->new_cls, sizeof x->new_cls, "%s", r->new_cls[0] ? r->new_cls : "-");
	snprintf(x->source, sizeof x->source, "%s", r->source);
	snprintf(x->user, sizeof x->user, "%s", r->user);
	s->recent_total++;
}

static int keep_action(void *ctx, const struct ll_journal_action *a)
{
	struct view_lab *s = ctx;
	/* a bulk action of a million records: its last ones are all that
	 * stay in the ring */
	size_t from = a->n > VIEW_LAB_RECENT_MAX ? a->n - VIEW_LAB_RECENT_MAX : 0;
	s->recent_total += from;
	for (size_t i = from; i < a->n; i++)
		keep_record(s, &a->recs[i]);
	return 0;
}

static void recent_reset(struct view_lab *s)
{
	if (s->recent_j)
		ll_journal_close(s->recent_j);
	s->recent_j = NULL;
	free(s->recent_path);
	s->recent_path = NULL;
	s->recent_total = 0;
}

/* The journal's last VIEW_LAB_RECENT_MAX records (this session's are in
 * it too), read on from where the last call ended; from the start again
 * when the journal is another (:journal PATH) or was replaced (compacted). */
static void read_recent(struct labels_view *lv)
{
	struct view_lab *s = lv->s;
	struct ll_err err;
	ll_err_clear(&err);
	if (s->recent_j && (!s->journal || strcmp(s->recent_path, s->journal) != 0))
		recent_reset(s);
	if (!s->recent && !(s->recent = malloc(VIEW_LAB_RECENT_MAX * sizeof *s->recent))) {
		lv->nrecent = 0;
		return;
	}
	if (!s->recent_j && s->journal) {
		if (!(s->recent_path = strdup(s->journal)) ||
		    ll_journal_open(&s->recent_j, s->journal, 0, &err) != LL_OK) {
			recent_reset(s);
			lv->nrecent = 0;
			return;
		}
	}
	int restart = 0, restarted = 0;
	size_t before = s->recent_total;
	if (s->recent_j && ll_journal_read(s->recent_j, &restart, keep_action, NULL, s, &err) == LL_OK && restart) {
		s->recent_total = before = 0;
		restarted = 1;
		ll_journal_read(s->recent_j, &restart, keep_action, NULL, s, &err);
	}
	lv->nrecent = s->recent_total < VIEW_LAB_RECENT_MAX ? s->recent_total : VIEW_LAB_RECENT_MAX;
	if (s->trace) {
		fprintf(s->trace, "recent records_read=%zu total=%zu%s\n", s->recent_total - before, s->recent_total,
			restarted ? " restarted" : "");
		fflush(s->trace);
	}
}

static int build(struct labels_view *lv)
{
	struct view_lab *s = lv->s;
	items_clear(lv);
	int rc = LL_OK;
	const char *state = journal_state(s);
	rc |= item_add(lv, TUI_ROLE_TITLE, ITEM_TEXT, 0, "Labels of %s", ds_dataset_path(s->ds));
	char damage[128] = "";
	if (s->labels && (ll_labels_skipped(s->labels) || ll_labels_incomplete(s->labels)))
		snprintf(damage, sizeof damage, "; %zu records skipped, %zu unfinished actions dropped",
			 ll_labels_skipped(s->labels), ll_labels_incomplete(s->labels));
	if (s->labels && ll_labels_nparts(s->labels))
		rc |= item_add(lv, TUI_ROLE_NORMAL, ITEM_TEXT, 0, "journals: %s (%zu changes%s)", state,
			       ll_labels_replayed(s->labels), damage);
	else
		rc |= item_add(lv, TUI_ROLE_NORMAL, ITEM_TEXT, 0, "journal %s (%s%s)", s->journal, state, damage);
	char from[1024] = "";
	if (s->labels) /* the dataset's label file, and what the journal changed of it */
		ds_rowlabels_describe(s->ds, s->labels, "", from, sizeof from);
	if (from[0])
		rc |= item_add(lv, TUI_ROLE_NORMAL, ITEM_TEXT, 0, "%s", from);
	rc |= item_add(lv, TUI_ROLE_NORMAL, ITEM_TEXT, 0, "%s", "");
	size_t nc = 0, unl = 0;
	const size_t *counts = view_lab_counts(s, &nc, &unl);
	/* the class column as wide as its longest name (up to 24): with
	 * short names the counts fit a 40-column screen */
	int cw = (int)strlen("(unlabelled)");
	for (size_t k = 0; counts && k < nc; k++) {
		const char *name = view_lab_class_name(s, k), *shown = view_shown(name);
		int w = (int)tc_width(shown, strlen(shown), 1);
		if ((counts[k] || view_lab_class_key(s, name)) && w > cw)
			cw = w < CLASS_MAX_WIDTH ? w : CLASS_MAX_WIDTH;
	}
	for (size_t i = 0; i < s->nkeys; i++) {
		int w = (int)tc_width(s->keys[i].name, strlen(s->keys[i].name), 1);
		if (w > cw)
			cw = w < CLASS_MAX_WIDTH ? w : CLASS_MAX_WIDTH;
	}
	char padded[4 * CLASS_MAX_WIDTH + 256];
	view_lab_pad("class", cw, padded, sizeof padded);
	rc |= item_add(lv, TUI_ROLE_HEADER, ITEM_TEXT, 0, "  %s %-6s %9s", padded, "key", "lines");
	for (size_t k = 0; counts && k < nc; k++) {
		const char *name = view_lab_class_name(s, k);
		int key = view_lab_class_key(s, name);
		char kn[32] = "";
		if (key)
			tui_key_name(key, kn, sizeof kn);
		if (!counts[k] && !key)
			continue;
		view_lab_pad(view_shown(name), cw, padded, sizeof padded);
		rc |= item_add(lv, (int)tui_label_role(name, (int)k), ITEM_CLASS, (long)k, "  %s %-6s %9zu", padded, kn,
			       counts[k]);
	}
	/* Keys of classes no line has yet. */
	for (size_t i = 0; i < s->nkeys; i++) {
		if (s->labels && ll_labels_find_class(s->labels, s->keys[i].name) >= 0)
			continue;
		char kn[32];
		tui_key_name(s->keys[i].key, kn, sizeof kn);
		view_lab_pad(s->keys[i].name, cw, padded, sizeof padded);
		/* not a class of the data (yet): said, so "0 0 0" does not read as one */
		rc |= item_add(lv, TUI_ROLE_NORMAL, ITEM_TEXT, 0, "  %s %-6s %9s  (no such class: the key makes it)",
			       padded, kn, "-");
	}
	if (counts)
		rc |= item_add(lv, TUI_ROLE_NORMAL, ITEM_TEXT, 0, "  %-*s %-6s %9zu", cw, "(unlabelled)", "", unl);
	rc |= item_add(lv, TUI_ROLE_NORMAL, ITEM_TEXT, 0, "%s", "");
	if (view_lab_templates_ready(s)) {
		long *order;
		size_t *mix, nt, k;
		if (view_lab_template_stats(s, &order, &mix, &nt, &k) != LL_OK)
			return LL_ENOMEM;
		rc |= item_add(lv, TUI_ROLE_TITLE, ITEM_TEXT, 0, "Templates (%zu; the %d largest, Enter shows the lines)", nt,
			       nt < TOP_TEMPLATES ? (int)nt : TOP_TEMPLATES);
		int mw = view_lab_mix_width(s, order, mix, k, nt < TOP_TEMPLATES ? nt : TOP_TEMPLATES);
		rc |= item_add(lv, TUI_ROLE_HEADER, ITEM_TEXT, 0, "  %6s %8s  %-*s %s", "id", "lines", mw, "labels",
			       "template");
		for (size_t i = 0; i < nt && i < TOP_TEMPLATES; i++) {
			char mixbuf[256];
			const size_t *m = &mix[(size_t)order[i] * (k + 1)];
			size_t lines = 0;
			for (size_t c = 0; c <= k; c++)
				lines += m[c];
			view_lab_mix_text(s, m, k, mixbuf, sizeof mixbuf);
			char mixcol[300];
			view_lab_pad(mixbuf, mw, mixcol, sizeof mixcol);
			int added = item_add(lv, TUI_ROLE_NORMAL, ITEM_TEMPLATE, order[i], "  %6ld %8zu  %s ", order[i],
					     lines, mixcol);
			rc |= added != LL_OK ? added : template_tail(lv, s->miner, order[i]);
		}
		free(order);
		free(mix);
	} else if (s->tpl_failed) {
		rc |= item_add(lv, TUI_ROLE_ERROR, ITEM_TEXT, 0, "%s", s->tpl_msg);
	} else {
		rc |= item_add(lv, TUI_ROLE_TITLE, ITEM_TEXT, 0, "Templates: mining… %d%%",
			       (int)(100 * view_lab_templates_progress(s)));
	}
	rc |= item_add(lv, TUI_ROLE_NORMAL, ITEM_TEXT, 0, "%s", "");
	read_recent(lv);
	rc |= item_add(lv, TUI_ROLE_TITLE, ITEM_TEXT, 0,
		       "Recent changes (last %zu of %zu, newest at the bottom: G; * this session)", lv->nrecent,
		       s->recent_total);
	for (size_t i = 0; i < lv->nrecent; i++) {
		const struct view_lab_recent *r =
			&s->recent[(s->recent_total - lv->nrecent + i) % VIEW_LAB_RECENT_MAX];
		char when[40];
		time_t sec = (time_t)r->time;
		struct tm tm;
		gmtime_r(&sec, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		rc |= item_add(lv, TUI_ROLE_NORMAL, ITEM_ROW, (long)r->row, "%c line %-8zu %-12s -> %-12s %-9s %s %s",
			       r->time >= s->started - 0.001 ? '*' : ' ', r->row + 1, r->old_cls, r->new_cls, r->source,
			       when, r->user);
	}
	lv->built_version = s->version;
	lv->built_tpl_ready = view_lab_templates_ready(s);
	if (lv->cur >= lv->n)
		lv->cur = lv->n ? lv->n - 1 : 0;
	return rc ? LL_ENOMEM : LL_OK;
}

static int labels_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)t;
	if (!arg)
		return ll_err_set(err, LL_EUSAGE, "the labels view opens from a browser");
	struct labels_view *lv = calloc(1, sizeof *lv);
	if (!lv)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	lv->s = (struct view_lab *)arg;
	if (build(lv) != LL_OK) {
		items_clear(lv);
		free(lv->items);
		free(lv);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	/* Start on the first line one can act on. */
	for (size_t i = 0; i < lv->n; i++)
		if (lv->items[i].kind != ITEM_TEXT) {
			lv->cur = i;
			break;
		}
	v->state = lv;
	return LL_OK;
}

static void labels_close(struct view *v)
{
	struct labels_view *lv = v->state;
	items_clear(lv);
	free(lv->items);
	free(lv);
}

static void labels_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct labels_view *lv = v->state;
	if (lv->built_version != lv->s->version || lv->built_tpl_ready != view_lab_templates_ready(lv->s))
		build(lv);
	lv->height = r.h;
	size_t h = r.h > 0 ? (size_t)r.h : 1;
	if (lv->cur < lv->top)
		lv->top = lv->cur;
	if (lv->cur >= lv->top + h)
		lv->top = lv->cur - h + 1;
	size_t maxw = 0;
	for (int y = 0; y < r.h; y++) {
		size_t i = lv->top + (size_t)y;
		if (i >= lv->n) {
			tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
			continue;
		}
		const struct item *it = &lv->items[i];
		attr_t sel = i == lv->cur ? A_REVERSE : 0;
		size_t len = strlen(it->text);
		int fixed = it->tail ? (int)tc_width(it->text, len, tui_utf8(t)) : r.w;
		if (fixed >= r.w) {
			tui_draw_text_marked(t, r.y + y, r.x, r.w, it->text, len, 0, (enum tui_role)it->role, sel);
			continue;
		}
		/* the id, count and labels stay; the template scrolls */
		tui_draw_text(t, r.y + y, r.x, fixed, it->text, len, 0, (enum tui_role)it->role, sel, NULL, 0);
		size_t w = tui_draw_text_marked(t, r.y + y, r.x + fixed, r.w - fixed, it->tail, strlen(it->tail),
						lv->hs.hoff, (enum tui_role)it->role, sel);
		if (w > maxw)
			maxw = w;
		lv->hs.w = r.w - fixed;
	}
	lv->hs.maxw = maxw;
}

/* Moves the cursor by delta, skipping plain text lines where it can. */
static void labels_move(struct labels_view *lv, long delta)
{
	if (!lv->n)
		return;
	long i = (long)lv->cur + delta;
	if (i < 0)
		i = 0;
	if (i >= (long)lv->n)
		i = (long)lv->n - 1;
	long step = delta >= 0 ? 1 : -1, j = i;
	while (j >= 0 && j < (long)lv->n && lv->items[j].kind == ITEM_TEXT)
		j += step;
	if (j < 0 || j >= (long)lv->n)
		for (j = i; j >= 0 && j < (long)lv->n && lv->items[j].kind == ITEM_TEXT; j -= step)
			;
	lv->cur = j >= 0 && j < (long)lv->n ? (size_t)j : (size_t)i;
}

int view_lab_hscroll_request(struct view_lab_hscroll *h, struct tui *t, enum tui_request req)
{
	switch (req) {
	case TUI_REQ_SCROLL_RIGHT:
	case TUI_REQ_SCROLL_LEFT: {
		/* half the templates' width a step, as the browser's lines */
		size_t step = h->w > 16 ? (size_t)h->w / 2 : 8;
		if (req == TUI_REQ_SCROLL_LEFT)
			h->hoff = h->hoff > step ? h->hoff - step : 0;
		else if (h->hoff + step < h->maxw)
			h->hoff += step;
		else
			tui_error(t, "the templates on screen end here: nothing more to the right");
		return 1;
	}
	case TUI_REQ_SCROLL_FIRST_COL:
		h->hoff = 0;
		return 1;
	case TUI_REQ_SCROLL_LAST_COL:
		/* the end of the widest template on screen at the right edge */
		h->hoff = h->w > 0 && h->maxw > (size_t)h->w ? h->maxw - (size_t)h->w : 0;
		return 1;
	default:
		return 0;
	}
}

static int labels_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct labels_view *lv = v->state;
	struct view_lab *s = lv->s;
	if (view_lab_hscroll_request(&lv->hs, t, req))
		return 1;
	long h = lv->height > 0 ? lv->height : 1;
	switch (req) {
	case TUI_REQ_MOVE_DOWN: labels_move(lv, 1); break;
	case TUI_REQ_MOVE_UP: labels_move(lv, -1); break;
	case TUI_REQ_MOVE_HALF_PAGE_DOWN: labels_move(lv, h / 2 ? h / 2 : 1); break;
	case TUI_REQ_MOVE_HALF_PAGE_UP: labels_move(lv, -(h / 2 ? h / 2 : 1)); break;
	case TUI_REQ_MOVE_PAGE_DOWN: labels_move(lv, h); break;
	case TUI_REQ_MOVE_PAGE_UP: labels_move(lv, -h); break;
	case TUI_REQ_SCROLL_LINE_DOWN: labels_move(lv, 3); break;
	case TUI_REQ_SCROLL_LINE_UP: labels_move(lv, -3); break;
	case TUI_REQ_MOUSE_SELECT: {
		int y, x;
		tui_mouse_pos(t, &y, &x);
		if (y >= v->rect.y && y < v->rect.y + v->rect.h && lv->top + (size_t)(y - v->rect.y) < lv->n)
			lv->cur = lv->top + (size_t)(y - v->rect.y);
		break;
	}
	case TUI_REQ_MOVE_FIRST_LINE: labels_move(lv, -(long)lv->n); break;
	case TUI_REQ_MOVE_LAST_LINE: labels_move(lv, (long)lv->n); break;
	case TUI_REQ_UNDO:
	case TUI_REQ_REDO:
		view_lab_undo(s, t, req == TUI_REQ_REDO);
		break;
	case TUI_REQ_TEMPLATES:
		tui_push_view(t, &view_templates_ops, s);
		break;
	case TUI_REQ_CANCEL:
		return view_lab_stage_cancel(s, t);
	case TUI_REQ_ENTER: {
		if (!lv->n)
			break;
		const struct item *it = &lv->items[lv->cur];
		if (it->kind == ITEM_ROW) {
			s->jump_pending = 1;
			s->jump_row = (size_t)it->value;
			tui_pop_view(t); /* last: lv is gone */
			return 1;
		}
		if (it->kind == ITEM_TEMPLATE) {
			struct view_browser_arg a = {s, it->value, 0, 0};
			for (size_t r = 0; r < s->tpl_rows; r++)
				if (s->tpl[r] == it->value) {
					a.row = r;
					break;
				}
			tui_push_view(t, &view_browser_ops, &a);
		} else {
			tui_message(t, "Enter opens a template's lines or goes to a changed line");
		}
		break;
	}
	default:
		return 0;
	}
	return 1;
}

static void labels_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct labels_view *lv = v->state;
	(void)t;
	char from[48] = "";
	if (lv->hs.hoff) /* short templates look empty: say the screen is not at their start */
		snprintf(from, sizeof from, "  templates from column %zu", lv->hs.hoff + 1);
	snprintf(buf, cap, " labels  %zu/%zu%s%s", lv->n ? lv->cur + 1 : 0, lv->n, from,
		 view_lab_templates_ready(lv->s) ? "" : "  mining templates…");
}

static int labels_work(struct view *v, struct tui *t)
{
	struct labels_view *lv = v->state;
	view_lab_poll(lv->s, t);
	double deadline = tui_now_ms() + 25.0;
	if (view_lab_stage_work(lv->s, t, deadline))
		return 1;
	return view_lab_templates_work(lv->s, t, deadline);
}

static int labels_help(const struct view *v, struct view_lines *out)
{
	const struct labels_view *lv = v->state;
	return view_lab_help_lines(lv->s, out);
}

static const struct view_key labels_own[] = {
	{TUI_REQ_ENTER, "Show the line, or the template's lines, in the browser"},
	{TUI_REQ_TEMPLATES, NULL},
	{TUI_REQ_SCROLL_LEFT, "Scroll the templates left"},
	{TUI_REQ_SCROLL_RIGHT, "Scroll the templates right"},
	{TUI_REQ_SCROLL_FIRST_COL, "Templates back to their start"},
	{TUI_REQ_SCROLL_LAST_COL, "The end of the longest template on screen"},
	{TUI_REQ_UNDO, NULL},
	{TUI_REQ_REDO, NULL},
	{TUI_REQ_CANCEL, "Stop a label whose lines are being read (nothing labelled)"},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const labels_keys[] = {view_keys_list, labels_own, NULL};

const struct view_ops view_labels_ops = {
	.name = "labels",
	.help = "Label counts per class and template, recent changes",
	.open = labels_open,
	.close = labels_close,
	.draw = labels_draw,
	.request = labels_request,
	.status = labels_status,
	.work = labels_work,
	.help_more = labels_help,
	.keys = labels_keys,
};
