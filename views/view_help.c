/*
 * view_help.c - help on a view, generated so it never goes stale: its keys
 * from the request list (tui_request.h) and the live bindings (a key
 * rebound in the config shows up here as rebound), its ':' commands from
 * the tables beside the command handlers (view.h: struct view_cmd), and
 * what the view adds of its own state (the label classes of the browser).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textcell.h"
#include "tui.h"
#include "view.h"

struct help {
	struct view_lines *lines;
	const char *of; /* name of the view the keys are for */
};

#define KEYS_WIDTH VIEW_HELP_KEYS_WIDTH

/* "  LEFT<pad>RIGHT", LEFT padded by display width to KEYS_WIDTH (at least
 * one blank): key names may hold non-ASCII characters. RIGHT wraps under
 * itself. */
int view_help_add_row(struct view_lines *l, const char *left, const char *right)
{
	size_t w = tc_width(left, strlen(left), 1);
	int pad = w < KEYS_WIDTH ? (int)(KEYS_WIDTH - w) : 1;
	size_t need = strlen(left) + (size_t)pad + strlen(right) + 3;
	char small[512], *text = need <= sizeof small ? small : malloc(need);
	if (!text)
		return LL_ENOMEM;
	snprintf(text, need, "  %s%*s%s", left, pad, "", right);
	int rc = view_lines_add_hang(l, text, TUI_ROLE_NORMAL, 2 + KEYS_WIDTH);
	if (text != small)
		free(text);
	return rc;
}

static int add_commands(struct view_lines *l, const struct view_cmd *cmds)
{
	int rc = LL_OK;
	for (size_t i = 0; rc == LL_OK && cmds[i].syntax; i++)
		rc = view_help_add_row(l, cmds[i].syntax, cmds[i].help);
	return rc;
}

/* The loop's own requests: they work in every view. */
static const struct view_key loop_keys[] = {
	{TUI_REQ_HELP, NULL},
	{TUI_REQ_PROMPT, "Command line: the commands listed below"},
	{TUI_REQ_REDRAW, NULL},
	{TUI_REQ_QUIT, NULL},
	{TUI_REQ_QUIT_ALL, NULL},
	{TUI_REQ_NONE, NULL},
};

/* The help text of req in view of: its entry in the view's groups, else
 * the request's own; found says whether the view lists it. */
static const char *key_help(const struct view_ops *of, enum tui_request req, int *found)
{
	*found = 0;
	for (size_t g = 0; of->keys && of->keys[g]; g++)
		for (const struct view_key *k = of->keys[g]; k->req != TUI_REQ_NONE; k++)
			if (k->req == req) {
				*found = 1;
				return k->help ? k->help : tui_request_help(req);
			}
	/* A view with groups gets the loop's texts meant for every view. */
	for (const struct view_key *k = loop_keys; of->keys && k->req != TUI_REQ_NONE; k++)
		if (k->req == req && k->help)
			return k->help;
	return tui_request_help(req);
}

/* 1 when the help of view of lists req: it is in the view's groups or the
 * loop's, or the view has no groups (then every request). */
static int listed(const struct view_ops *of, enum tui_request req)
{
	int found;
	key_help(of, req, &found);
	if (found || !of->keys)
		return 1;
	for (const struct view_key *k = loop_keys; k->req != TUI_REQ_NONE; k++)
		if (k->req == req)
			return 1;
	return 0;
}

/* The keys of the view, in the request list's order, then the requests it
 * handles that no key gives. */
static int add_keys(struct view_lines *l, const struct tui_bindings *b, const struct view_ops *of)
{
	int rc = LL_OK, header = 0, found;
	for (int r = TUI_REQ_NONE + 1; rc == LL_OK && r < TUI_REQ_COUNT; r++) {
		char keys[256], what[256];
		if (!listed(of, (enum tui_request)r) || !tui_bindings_keys_for(b, of->name, (enum tui_request)r, keys, sizeof keys))
			continue;
		/* What it does first (readable on 80 columns), the request's
		 * name for `bind` after it. */
		snprintf(what, sizeof what, "%s  [%s]", key_help(of, (enum tui_request)r, &found),
			 tui_request_name((enum tui_request)r));
		rc = view_help_add_row(l, keys, what);
	}
	for (int r = TUI_REQ_NONE + 1; rc == LL_OK && r < TUI_REQ_COUNT; r++) {
		char keys[8];
		if (!listed(of, (enum tui_request)r) || tui_bindings_keys_for(b, of->name, (enum tui_request)r, keys, sizeof keys))
			continue;
		if (!header++) {
			rc = view_lines_add(l, "", TUI_ROLE_NORMAL);
			if (rc == LL_OK)
				rc = view_lines_add(l, "Not bound to a key:", TUI_ROLE_TITLE);
		}
		char what[256];
		snprintf(what, sizeof what, "%s  [%s]", key_help(of, (enum tui_request)r, &found),
			 tui_request_name((enum tui_request)r));
		if (rc == LL_OK)
			rc = view_help_add_row(l, "", what);
	}
	return rc;
}

static int help_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	const struct view *ofv = arg;
	const struct view_ops *of = ofv ? ofv->ops : &view_browser_ops;
	struct help *h = calloc(1, sizeof *h);
	if (!h || !(h->lines = view_lines_new())) {
		free(h);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	h->of = of->name;
	/* read whole at any width: rows wrap, the keys' column stays clear */
	view_lines_set_wrap(h->lines, 1);
	const struct tui_bindings *b = tui_bindings(t);
	int rc = view_lines_addf(h->lines, TUI_ROLE_TITLE, "Keys in the %s view: %s", of->name, of->help);
	if (rc == LL_OK)
		rc = view_lines_add(h->lines, "", TUI_ROLE_NORMAL);
	if (rc == LL_OK)
		rc = add_keys(h->lines, b, of);
	if (rc == LL_OK)
		rc = view_lines_add(h->lines, "", TUI_ROLE_NORMAL);
	if (rc == LL_OK)
		rc = view_lines_add(h->lines, "Commands (after :; Tab completes their names, Up/Down bring back earlier ones)", TUI_ROLE_TITLE);
	if (rc == LL_OK)
		rc = add_commands(h->lines, tui_commands);
	for (size_t i = 0; rc == LL_OK && of->commands && of->commands[i]; i++)
		rc = add_commands(h->lines, of->commands[i]);
	if (rc == LL_OK && ofv && of->help_more)
		rc = of->help_more(ofv, h->lines);
	static const char *const tail[] = {
		"",
		"Keys are rebound in ~/.config/loglab/config: bind VIEW KEY REQUEST, the request in [ ].",
		"Key names: a  <Enter> <Esc> <Space> <Tab> <Up> <PgDn> <Home> <F1> <C-d> <lt>",
	};
	for (size_t i = 0; rc == LL_OK && i < sizeof tail / sizeof *tail; i++)
		rc = view_lines_add(h->lines, tail[i], TUI_ROLE_NORMAL);
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

static const struct view_key *const help_keys[] = {view_keys_lines, view_keys_find, NULL};

const struct view_ops view_help_ops = {
	.name = "help",
	.help = "The keys of a view and what they do",
	.open = help_open,
	.close = help_close,
	.draw = help_draw,
	.request = help_request,
	.status = help_status,
	.keys = help_keys,
};
