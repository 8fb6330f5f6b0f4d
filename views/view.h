/*
 * view.h - the interface every screen of loglab implements.
 *
 * A view is a struct of function pointers (like tig's view_ops, htop's
 * Panel): the loop in tui/tui.c never switches on a view's kind. The loop
 * owns a stack of views; the top one draws into the content area, gets
 * the requests its keys map to (see tui_request.h), may run long work in
 * small chunks between key presses, and says what the status bar shows.
 * Views draw with curses and the helpers of tui.h, and read data only
 * through ds_dataset / core interfaces, never parsing files themselves.
 *
 * Life cycle: tui_push_view() allocates a struct view, calls open (which
 * sets v->state), then draw/request/... ; q pops it and calls close, which
 * frees whatever open allocated.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stddef.h>

#include "ll_err.h"
#include "tui_request.h"

struct tui;
struct view;
struct view_lines;

/* One ':' command for the help view: its syntax after the ':' and one line
 * on what it does. Each module that handles commands keeps a table of them
 * beside its handler, ended by {NULL, NULL}, so help lists what the code
 * accepts. */
struct view_cmd {
	const char *syntax;
	const char *help;
};

/* One key of a view, for its help: the request it handles and what the
 * request does in that view (NULL: the request's own text, tui_request.h).
 * A view lists the requests it handles in groups (view_ops.keys), so its
 * help shows no key that does nothing there and says what Enter, Ctrl-l
 * or Esc mean in that view. Groups end with {TUI_REQ_NONE, NULL}. */
struct view_key {
	enum tui_request req;
	const char *help;
};

/* Groups several views share (views/view_keys.c): moving a cursor over a
 * list, scrolling a text sideways, scrolling a line list, and searching
 * one (/ n N: view_lines handles them). */
extern const struct view_key view_keys_list[];
extern const struct view_key view_keys_hscroll[];
extern const struct view_key view_keys_lines[];
extern const struct view_key view_keys_find[];

/* Columns of the left part (keys, command syntax) of the help's rows. */
#define VIEW_HELP_KEYS_WIDTH 24
/* Adds a help row to l: "  LEFT", blanks to VIEW_HELP_KEYS_WIDTH, RIGHT,
 * which wraps under itself. LL_OK or LL_ENOMEM. */
int view_help_add_row(struct view_lines *l, const char *left, const char *right);

/* Where a view draws: screen rows y..y+h-1, columns x..x+w-1. h or w may be
 * 0 on a tiny terminal; a view then draws nothing. */
struct view_rect {
	int y, x, h, w;
};

/* The runs a view shows (view_ops.shown_runs), for ':confusion', ':roc' ...
 * typed without RUN there or in a view above it. */
#define VIEW_SHOWN_RUNS_MAX 6
struct view_lab;
struct view_shown_runs {
	const char *ws;                       /* the workspace folder */
	const char *ids[VIEW_SHOWN_RUNS_MAX]; /* borrowed from the view */
	size_t nids;
	struct view_lab *lab;                 /* the browser's session, or NULL */
};

struct view_ops {
	const char *name; /* used in the config: bind NAME KEY REQUEST */
	const char *help; /* one line for the help view's title */
	/* Sets up v->state from arg (meaning per view, borrowed for the call). */
	int (*open)(struct view *v, struct tui *t, const void *arg, struct ll_err *err);
	void (*close)(struct view *v);
	void (*draw)(struct view *v, struct tui *t, struct view_rect r);
	/* Handles a request; returns 1 when handled, 0 to let the loop try
	 * its generic handling (quit, help, prompt, ...). */
	int (*request)(struct view *v, struct tui *t, enum tui_request req);
	/* Status bar text (left part). May be NULL. */
	void (*status)(struct view *v, struct tui *t, char *buf, size_t cap);
	/* One slice (a few ms) of long work such as a search; returns 1 while
	 * more remains. May be NULL. */
	int (*work)(struct view *v, struct tui *t);
	/* Runs a ':' command the loop does not know; returns 1 when handled. May be NULL. */
	int (*command)(struct view *v, struct tui *t, const char *cmd);
	/* The tables of the commands .command accepts, NULL-ended; may be NULL. */
	const struct view_cmd *const *commands;
	/* Adds lines of the view's own state to its help (e.g. the label
	 * classes); returns LL_OK or LL_ENOMEM. May be NULL. */
	int (*help_more)(const struct view *v, struct view_lines *out);
	/* The requests the view handles, in groups, NULL-ended (see struct
	 * view_key). NULL: the help lists every bound request with its own
	 * text (the browser, whose requests those texts describe). The loop's
	 * own (help, prompt, redraw, quit, quit-all) are always listed. */
	const struct view_key *const *keys;
	/* Asked before the view closes on q, or loglab quits on Q or :q,
	 * while the view holds work not yet saved that closing would lose (a
	 * label whose lines are still being read): it may ask, or finish the
	 * work, first. 1 to close, 0 to stay. May be NULL: it always closes. */
	int (*may_close)(struct view *v, struct tui *t);
	/* Fills out with the runs the view shows (the selected ones in a
	 * list); 0 when none. May be NULL: the view shows no run. */
	size_t (*shown_runs)(const struct view *v, struct view_shown_runs *out);
};

struct view {
	const struct view_ops *ops;
	void *state;
	struct view_rect rect; /* where it was last drawn, for mouse clicks */
};

/* The views of this area. */
extern const struct view_ops view_browser_ops; /* arg: unused (the tui's dataset) */
extern const struct view_ops view_fields_ops;  /* arg: const struct view_fields_arg * */
extern const struct view_ops view_notes_ops;    /* arg: unused (the tui's dataset) */
extern const struct view_ops view_help_ops;    /* arg: const struct view *of (help on that view), or NULL */
extern const struct view_ops view_messages_ops; /* arg: unused (the tui's message log) */

/* The record the fields view shows: a row of ds (the browser's, which may
 * not be the tui's: a file opened with :open, a workspace's). */
struct ds_dataset;
struct view_fields_arg {
	struct ds_dataset *ds;
	size_t row;
};
/* The ':' commands of the loop itself (tui/tui.c: q, help, bind, set) and
 * of the modules whose handlers views call (view_browser.c, view_labels.c,
 * view_res.c). */
extern const struct view_cmd tui_commands[];
extern const struct view_cmd view_browser_cmds[];
extern const struct view_cmd view_lab_cmds[];
extern const struct view_cmd view_res_cmds[];
/* A view's name typed as a command (view_names.c): opens that view from
 * any view; 1 when cmd was one (handled or its error shown). */
int view_names_command(struct tui *t, const char *cmd);
/* Those names, for Tab's completion (the help has one row for them all). */
extern const struct view_cmd view_names_cmds[];

/* A scrollable list of text lines shared by simple views (fields, help,
 * notes): owns copies of the lines; handles motions and horizontal scroll,
 * or, set to wrap, wraps each line at the area's width (laid out again on
 * a resize; h/l/^/$ then are left to the loop, which says they do nothing
 * here). Wrapped rows of a line start at its hang (a display column:
 * view_lines_add_hang), or with view_lines_add at its indent plus two; a
 * hang wider than half the area falls back to that too. The status counts
 * rows when wrapped. / n N search the lines (the matches on screen
 * highlighted; the status names the search). */
/* Asks for a search pattern on the '/' line, as every view with search
 * does: 0 when the user cancelled or the pattern is no valid regex (the
 * reason shown), 1 for an empty pattern (the caller repeats its last
 * search), 2 with *out compiled from the text left in pat (cap bytes). */
struct view_pattern;
int view_pattern_prompt(struct tui *t, struct view_pattern *out, char *pat, size_t cap);

struct view_lines *view_lines_new(void);
void view_lines_free(struct view_lines *l);
void view_lines_set_wrap(struct view_lines *l, int wrap);
/* Drops every line, keeping where the list is scrolled to (as far as the
 * lines added again reach): a view that reads its content again stays put. */
void view_lines_clear(struct view_lines *l);
int view_lines_add(struct view_lines *l, const char *text, int role);
int view_lines_add_hang(struct view_lines *l, const char *text, int role, int hang);
/* A line whose first frozen display columns stay put when the lines scroll
 * sideways, the rest scrolling under them (the fields view's names: a value
 * scrolled far still says whose it is); lines added otherwise scroll whole. */
int view_lines_add_frozen(struct view_lines *l, const char *text, int role, int frozen);
int view_lines_addf(struct view_lines *l, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
size_t view_lines_count(const struct view_lines *l);
void view_lines_draw(struct view_lines *l, struct tui *t, struct view_rect r);
int view_lines_request(struct view_lines *l, struct tui *t, enum tui_request req);
void view_lines_status(const struct view_lines *l, const char *title, char *buf, size_t cap);


/* A name from the data (a class) as views print it: tabs, newlines and other
 * controls escaped (\t, \n, \xNN) so a row's layout holds. Returns s itself
 * when there is nothing to escape, else one of a few rotating buffers (valid
 * until the next few calls): copy it to keep it. */
const char *view_shown(const char *s);

#endif
