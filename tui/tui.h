/*
 * tui.h - the terminal user interface: entry points for main(), and the
 * services the loop offers its views (views/view.h).
 *
 * tui.c runs one loop over a stack of views: it reads a key (or a scripted
 * one), maps it to a request through the bindings (tui_request.h), hands
 * it to the top view, lets the view run slices of long work between keys,
 * and redraws content, status bar and message line. Terminal set-up and
 * teardown live in tui_term.c, in one place, and the terminal is restored
 * on every exit path, including errors and SIGINT/SIGTERM.
 */
#ifndef TUI_H
#define TUI_H

#include <stdio.h>

#include <curses.h>

#include "ds_dataset.h"
#include "ll_err.h"
#include "tui_request.h"
#include "view.h"

/* Opens the dataset at path and runs the browser on the terminal until the
 * user quits. Returns LL_OK, or the error that stopped it (e.g. the file
 * cannot be opened: then no screen was ever set up). */
int tui_run(const char *path, const struct ds_open_opts *opts, struct ll_err *err);

/* The same UI headless, for golden-screen tests: a virtual rows x cols
 * terminal (output to /dev/null), fed the key script `keys` (notation in
 * tui_request.h, e.g. "jj/error<Enter>n<Resize:60x20>"). The dataset is
 * scanned to the end before the first key and long work (search, filter)
 * finishes before the next key, so the result is deterministic. When the
 * keys run out (or the UI quits), the screen's text is written to out:
 * exactly rows lines, each with trailing blanks removed and ended by '\n',
 * wide characters once, no attributes. The user's config file is read as
 * in tui_run (tests point HOME at an empty directory). */
int tui_run_script(const char *path, const struct ds_open_opts *opts, const char *keys, int rows, int cols,
		   FILE *out, struct ll_err *err);

/* The same two for a workspace: dir holds loglab.json; the first view is
 * its experiments (views/view_ws.h) and there is no dataset of the tui
 * (tui_dataset() is NULL). sample: it is the bundled sample workspace
 * (the view says so and how to open one's own data). */
int tui_run_workspace(const char *dir, int sample, struct ll_err *err);
int tui_run_workspace_script(const char *dir, int sample, const char *keys, int rows, int cols, FILE *out,
			     struct ll_err *err);

/* ---- services for views ---- */

struct tui;

struct ds_dataset *tui_dataset(struct tui *t);
const struct tui_bindings *tui_bindings(const struct tui *t);
/* Opens a view on top of the stack; on failure shows the error and returns it. */
int tui_push_view(struct tui *t, const struct view_ops *ops, const void *arg);
/* Closes the top view (it must be the caller's own view, and the caller
 * must not touch its state afterwards: call it last in a request or
 * command handler). */
void tui_pop_view(struct tui *t);
/* The view n places below the top (0: the top), or NULL past the bottom. */
struct view *tui_view_below(struct tui *t, int n);
/* Closes the views above the one n places below the top, asking those
 * that hold unsaved work first (view_ops.may_close); 1 when they closed.
 * Only from a command handler that runs for the loop (not a view's own:
 * the calling view may be among those closed). */
int tui_pop_to(struct tui *t, int n);
/* Binds key to req in the named view ("generic" for all), as :bind does. */
int tui_bind_key(struct tui *t, const char *view, int key, enum tui_request req);
/* The key that produced the request being handled, and when it was read
 * (tui_now_ms clock): class keys need the key itself, latency traces the time. */
int tui_last_key(const struct tui *t);
double tui_last_key_ms(const struct tui *t);
/* Runs cmd as if typed after ':' (a view rewriting a command hands it on). */
void tui_command(struct tui *t, const char *cmd);
/* Shows prompt on the message line (the status bar redrawn above it) and
 * reads one key: its code, or -1 for Esc, Ctrl-c, Ctrl-g, the end of a key
 * script, a terminal gone or a signal to end (then at once, without
 * drawing, when headless). */
int tui_ask_key(struct tui *t, const char *prompt);
/* For work that holds the loop (its progress shown with tui_busy): 1 when
 * Esc, Ctrl-c or Ctrl-g was pressed since the last call, or the terminal
 * went away or a signal asked loglab to end (the loop then ends and
 * settles what is left headless). Other keys pressed meanwhile are
 * dropped, as they would act on a screen the user has not seen yet. */
int tui_cancel_pressed(struct tui *t);
/* The message line (cleared at the next key). */
void tui_message(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_error(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The message line's text as last set (what a label just did, or why not). */
const char *tui_message_text(const struct tui *t);
/* The messages shown so far (tui_message, tui_error; at most the last
 * 100, a message repeated at once kept once): their count, and the i-th
 * counted from the newest (0), with whether it was an error. */
size_t tui_message_log_count(const struct tui *t);
const char *tui_message_log(const struct tui *t, size_t i, int *error);
/* A message shown at once, before work that holds the loop for long (a
 * bulk label of a million lines): the screen would otherwise keep the
 * question just answered and look hung. */
void tui_busy(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads a line on the message line after prompt; 1 when accepted with
 * Enter (buf holds it), 0 when cancelled with Esc. */
int tui_prompt(struct tui *t, const char *prompt, char *buf, size_t cap);
/* Screen position of the last mouse event. */
void tui_mouse_pos(const struct tui *t, int *y, int *x);
/* 1 when characters beyond ASCII can be shown (UTF-8 locale). */
int tui_utf8(const struct tui *t);
/* 1 while running a key script: long work is expected to finish in one go. */
int tui_scripted(const struct tui *t);
/* 1 while loglab finishes, without a screen, what it was doing when its
 * terminal hung up or SIGHUP, SIGTERM or SIGINT arrived: the loop asks the
 * views to settle (view_ops.may_close) in this mode before it exits.
 * Nothing is drawn, tui_ask_key answers -1 at once, and the work must end
 * by tui_headless_end_ms (TUI_FINISH_S seconds after the signal), leaving
 * what it did not finish undone. */
int tui_headless(const struct tui *t);
double tui_headless_end_ms(const struct tui *t);
#define TUI_FINISH_S 10
/* When headless: a line for the user, "loglab: " and the text, on stderr
 * and, when the terminal is gone, in the exit log
 * ($XDG_STATE_HOME/loglab/loglab.log, else ~/.local/state/loglab/loglab.log)
 * with the time and the process id. Ignored otherwise. */
void tui_headless_say(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The user's loglab state folder into buf: $XDG_STATE_HOME/loglab, else
 * ~/.local/state/loglab (not made here); 0 without an absolute one of
 * either, or when it does not fit. The exit log and the features view's
 * kept edits live there: the user's state, not their data. */
int tui_state_dir(char *buf, size_t cap);
/* Milliseconds on a monotonic clock, for slicing long work. */
double tui_now_ms(void);

/* ---- drawing ---- */

/* What a piece of the screen is; the theme maps each to colours, or to
 * bold/reverse/underline when NO_COLOR is set or colours are missing. */
enum tui_role {
	TUI_ROLE_NORMAL,
	TUI_ROLE_STATUS,
	TUI_ROLE_MESSAGE,
	TUI_ROLE_ERROR,
	TUI_ROLE_HEADER,
	TUI_ROLE_TITLE,
	TUI_ROLE_MATCH,
	TUI_ROLE_ESCAPE,
	TUI_ROLE_LABEL_NORMAL,
	TUI_ROLE_LABEL_A, /* six roles for the other classes, cycled */
	TUI_ROLE_LABEL_B,
	TUI_ROLE_LABEL_C,
	TUI_ROLE_LABEL_D,
	TUI_ROLE_LABEL_E,
	TUI_ROLE_LABEL_F,
	TUI_ROLE_COUNT
};

/* The role of class cls named name: "normal"-looking names ("-", "0",
 * "normal", "ok", "false", "benign") get LABEL_NORMAL, the others cycle. */
enum tui_role tui_label_role(const char *name, int cls);

/* Byte ranges of a text to highlight (search matches). */
struct tui_span {
	size_t off, len;
};

/* Draws s[0..n) at (y, x) within w columns, skipping the first hoff display
 * columns, escaped per textcell.h; blanks the rest of the w columns.
 * extra (e.g. A_REVERSE for the cursor line) is added to every cell.
 * Returns the text's full display width (for horizontal scroll limits),
 * except for text past TUI_DRAW_MEASURE_MAX bytes, whose measure stops
 * there once the area is full (a redraw must not walk megabytes): a caller
 * that needs the end of such text (scroll to the last column) measures it
 * with tc_width. */
#define TUI_DRAW_MEASURE_MAX 65536
size_t tui_draw_text(struct tui *t, int y, int x, int w, const char *s, size_t n, size_t hoff,
		     enum tui_role role, attr_t extra, const struct tui_span *hl, size_t nhl);
/* Blanks w columns at (y, x) in a role. */
/* As tui_draw_text without highlights, but text that goes on past the
 * right edge ends in a bold '>' in the last column (view_table's mark of
 * hidden columns), so a cut is never taken for the whole text. */
size_t tui_draw_text_marked(struct tui *t, int y, int x, int w, const char *s, size_t n, size_t hoff,
			    enum tui_role role, attr_t extra);
/* The same with search matches highlighted (spans sorted, as tui_draw_text). */
size_t tui_draw_text_marked_hl(struct tui *t, int y, int x, int w, const char *s, size_t n, size_t hoff,
			       enum tui_role role, attr_t extra, const struct tui_span *hl, size_t nhl);
void tui_fill(struct tui *t, int y, int x, int w, enum tui_role role, attr_t extra);

#endif
