/*
 * view_help.c - the keys of a view, generated from the request list
 * (tui_request.h) and the live bindings, so help never goes stale: a key
 * rebound in the config shows up here as rebound.
 */
#include <stdlib.h>
#include <string.h>

#include "textcell.h"
#include "tui.h"
#include "view.h"

struct help {
	struct view_lines *lines;
	const char *of; /* name of the view the keys are for */
};

#define KEYS_WIDTH 24

static int help_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	const struct view_ops *of = arg ? arg : &view_browser_ops;
	struct help *h = calloc(1, sizeof *h);
	if (!h || !(h->lines = view_lines_new())) {
		free(h);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	h->of = of->name;
	const struct tui_bindings *b = tui_bindings(t);
	int rc = view_lines_addf(h->lines, TUI_ROLE_TITLE, "Keys in the %s view: %s", of->name, of->help);
	if (rc == LL_OK)
		rc = view_lines_add(h->lines, "", TUI_ROLE_NORMAL);
	for (int r = TUI_REQ_NONE + 1; rc == LL_OK && r < TUI_REQ_COUNT; r++) {
		char keys[256];
		if (!tui_bindings_keys_for(b, of->name, (enum tui_request)r, keys, sizeof keys))
			continue; /* unbound requests are listed below */
		/* Pad by display width: key names may hold non-ASCII characters. */
		size_t kw = tc_width(keys, strlen(keys), 1);
		int pad = kw < KEYS_WIDTH ? (int)(KEYS_WIDTH - kw) : 1;
		rc = view_lines_addf(h->lines, TUI_ROLE_NORMAL, "  %s%*s%-20s %s", keys, pad, "",
				     tui_request_name((enum tui_request)r), tui_request_help((enum tui_request)r));
	}
	int header = 0;
	for (int r = TUI_REQ_NONE + 1; rc == LL_OK && r < TUI_REQ_COUNT; r++) {
		char keys[8];
		if (tui_bindings_keys_for(b, of->name, (enum tui_request)r, keys, sizeof keys))
			continue;
		if (!header++) {
			rc = view_lines_add(h->lines, "", TUI_ROLE_NORMAL);
			if (rc == LL_OK)
				rc = view_lines_add(h->lines, "Not bound to a key:", TUI_ROLE_TITLE);
		}
		if (rc == LL_OK)
			rc = view_lines_addf(h->lines, TUI_ROLE_NORMAL, "  %-*s%-20s %s", KEYS_WIDTH, "",
					     tui_request_name((enum tui_request)r),
					     tui_request_help((enum tui_request)r));
	}
	static const char *const tail[] = {
		"",
		"Commands (after :)",
		"  N                       go to line N",
		"  q, quit                 quit loglab",
		"  help                    this help",
		"  bind VIEW KEY REQUEST   bind a key (VIEW: generic or a view name)",
		"  set theme default|mono  colours, or none (NO_COLOR also turns them off)",
		"",
		"Keys are rebound in ~/.config/loglab/config with the same bind lines.",
		"Key names: a  <Enter> <Esc> <Space> <Tab> <Up> <PgDn> <Home> <F1> <C-d> <lt>",
	};
	for (size_t i = 0; rc == LL_OK && i < sizeof tail / sizeof *tail; i++)
		rc = view_lines_add(h->lines, tail[i], i == 1 ? TUI_ROLE_TITLE : TUI_ROLE_NORMAL);
	if (rc != LL_OK) {
		view_lines_free(h->lines);
		free(h);
		return ll_err_set(err, rc, "out of memory");
	}
	v->state = h;
	return LL_OK;
}

static void help_close(struct view *v)
{
	struct help *h = v->state;
	view_lines_free(h->lines);
	free(h);
}

static void help_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct help *h = v->state;
	view_lines_draw(h->lines, t, r);
}

static int help_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct help *h = v->state;
	return view_lines_request(h->lines, t, req);
}

static void help_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct help *h = v->state;
	char title[64];
	(void)t;
	snprintf(title, sizeof title, "help: %s", h->of);
	view_lines_status(h->lines, title, buf, cap);
}

const struct view_ops view_help_ops = {
	.name = "help",
	.help = "The keys of a view and what they do",
	.open = help_open,
	.close = help_close,
	.draw = help_draw,
	.request = help_request,
	.status = help_status,
};
