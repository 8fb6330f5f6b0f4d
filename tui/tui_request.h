/*
 * tui_request.h - what a key can ask for, and which key asks for what.
 *
 * Keys never reach a view raw: the loop maps each key to a named request
 * (move-down, search, ...) through a binding table, looking first at the
 * bindings of the view on top and then at the "generic" ones. Requests,
 * their config names and their help text come from the one list below, so
 * the help view, the config parser and the code cannot disagree.
 *
 * Keys are ints: a Unicode character is its code point; a curses function
 * key k is TUI_KEY_FN(k); the mouse has codes of its own. The readable
 * notation shared by the config file and key scripts is:
 *   a  A  /  é        the character itself
 *   <Enter> <Esc> <Tab> <Space> <Backspace> <lt> (a literal '<')
 *   <Up> <Down> <Left> <Right> <Home> <End> <PgUp> <PgDn> <Ins> <Del> <F1>..<F12>
 *   <C-x>             Ctrl and a letter
 *   <WheelUp> <WheelDown> <Click>   mouse; in scripts <Click:ROW,COL> (0-based)
 *   <Resize:COLSxROWS>               scripts only: the terminal changes size
 */
#ifndef TUI_REQUEST_H
#define TUI_REQUEST_H

#include <stddef.h>
#include <stdio.h>

#include "ll_err.h"

/* R(ID, config name, help text) */
#define TUI_REQUEST_LIST(R)                                                                          \
	R(MOVE_DOWN, "move-down", "Move down one line")                                             \
	R(MOVE_UP, "move-up", "Move up one line")                                                   \
	R(MOVE_HALF_PAGE_DOWN, "move-half-page-down", "Move down half a page")                      \
	R(MOVE_HALF_PAGE_UP, "move-half-page-up", "Move up half a page")                            \
	R(MOVE_PAGE_DOWN, "move-page-down", "Move down a page")                                     \
	R(MOVE_PAGE_UP, "move-page-up", "Move up a page")                                           \
	R(MOVE_FIRST_LINE, "move-first-line", "Go to the first line")                               \
	R(MOVE_LAST_LINE, "move-last-line", "Go to the last line")                                  \
	R(SCROLL_LINE_DOWN, "scroll-line-down", "Scroll down three lines")                          \
	R(SCROLL_LINE_UP, "scroll-line-up", "Scroll up three lines")                                \
	R(SCROLL_LEFT, "scroll-left", "Scroll left (a column in tables)")                           \
	R(SCROLL_RIGHT, "scroll-right", "Scroll right (a column in tables)")                        \
	R(SCROLL_FIRST_COL, "scroll-first-col", "Scroll back to the first column")                  \
	R(SCROLL_LAST_COL, "scroll-last-col", "Scroll to the last column")                          \
	R(MOUSE_SELECT, "mouse-select", "Select the line under the mouse")                          \
	R(SEARCH, "search", "Search forward for a regex (case-insensitive if all lower case)")     \
	R(FIND_NEXT, "find-next", "Go to the next match")                                           \
	R(FIND_PREV, "find-prev", "Go to the previous match")                                       \
	R(FILTER_IN, "filter-in", "Show only lines matching a regex (empty: show all)")             \
	R(FILTER_OUT, "filter-out", "Hide lines matching a regex (empty: show all)")                \
	R(ENTER, "enter", "Open the current record's fields")                                       \
	R(NEXT_SAME_HOST, "next-same-host", "Go to the next line of the current line's host (fleets, host columns)") \
	R(PREV_SAME_HOST, "prev-same-host", "Go to the previous line of the current line's host (fleets, host columns)") \
	R(FILTER_HOST, "filter-host", "Show only the current line's host (again: show all)")      \
	R(FILTER_FILE, "filter-file", "Show only the current line's file (again: show all)")      \
	R(LABEL_CLASS, "label-class", "Label the line, or the v range, with the key's class")        \
	R(LABEL_BULK, "label-bulk", "Bulk label: t tagged, m matched, T template, r range, u unlabelled") \
	R(TAG, "tag", "Tag or untag the line and move down (Esc untags all)")                        \
	R(RANGE, "range", "Start a range at the line; a class key labels it")                        \
	R(UNDO, "undo", "Undo the last labelling action, bulk ones too")                             \
	R(REDO, "redo", "Redo the last undone labelling action")                                     \
	R(LABELS, "labels", "Label summary: per class, per template, recent")                        \
	R(TEMPLATES, "templates", "Log templates by count with their label mix")                     \
	R(TRAIN, "train", "Train the selected experiment in the background (queued one after another)")   \
	R(EDIT, "edit", "Edit the selected value through the command line")                         \
	R(FEATURES, "features", "Open the feature set of the selected experiment")                   \
	R(RUNS, "runs", "Open the runs of the workspace")                                           \
	R(BROWSE, "browse", "Open the data file of the selection in the browser")                   \
	R(WRITE, "write", "Write the feature set to loglab.json")                                   \
	R(COMPARE, "compare", "Compare the selected runs: metrics side by side, recipe differences") \
	R(ROC, "roc", "ROC and PR curves of the run (or of the selected runs)")                    \
	R(CURVES, "curves", "Training curves of the run (or of the selected runs)")                \
	R(REVIEW, "review", "Review queue of the run: suspected new root causes")                  \
	R(CONFIRM, "confirm", "Confirm the line as a root cause (relabels it, source review)")      \
	R(CONFIRM_AS, "confirm-as", "Confirm the line as a class you pick (a class key, Enter types one)") \
	R(DISMISS, "dismiss", "Dismiss the line: it is not asked again")                            \
	R(CONFIRM_GROUP, "confirm-group", "Confirm every queued line of the line's template (one undo step)") \
	R(DISMISS_GROUP, "dismiss-group", "Dismiss every queued line of the line's template")     \
	R(RETRAIN, "retrain", "Retrain the run's experiment with the current labels")               \
	R(RESUME, "resume", "Resume a run cut short (cancelled, failed, killed) from its checkpoint") \
	R(THRESHOLD_LOWER, "threshold-lower", "Lower the threshold to the next score (cursor right)") \
	R(THRESHOLD_RAISE, "threshold-raise", "Raise the threshold to the next score (cursor left)") \
	R(THRESHOLD_LOWER_MORE, "threshold-lower-more", "Lower the threshold by a tenth of the scores") \
	R(THRESHOLD_RAISE_MORE, "threshold-raise-more", "Raise the threshold by a tenth of the scores") \
	R(PROMPT, "prompt", "Command line: :N goes to line N, :q quits, :bind VIEW KEY REQUEST")    \
	R(HELP, "help", "Show the keys of this view")                                               \
	R(CANCEL, "cancel", "Cancel a running search or filter")                                    \
	R(REDRAW, "redraw", "Redraw the screen")                                                    \
	R(QUIT, "quit", "Close this view (quit from the first)")                                    \
	R(QUIT_ALL, "quit-all", "Quit loglab")

enum tui_request {
	TUI_REQ_NONE = 0,
#define TUI_REQ_ENUM(id, name, help) TUI_REQ_##id,
	TUI_REQUEST_LIST(TUI_REQ_ENUM)
#undef TUI_REQ_ENUM
	TUI_REQ_COUNT
};

const char *tui_request_name(enum tui_request req);
const char *tui_request_help(enum tui_request req);
/* TUI_REQ_NONE when name is not a request. */
enum tui_request tui_request_find(const char *name);

/* Key codes beyond Unicode. */
#define TUI_KEY_FN(k) (0x1000000 + (k))
#define TUI_KEY_IS_FN(c) ((c) >= 0x1000000 && (c) < 0x2000000)
#define TUI_KEY_WHEEL_UP 0x2000001
#define TUI_KEY_WHEEL_DOWN 0x2000002
#define TUI_KEY_CLICK 0x2000003
#define TUI_KEY_RESIZE_TO 0x2000004 /* script only: y = rows, x = cols */
#define TUI_KEY_CTRL(c) ((c) & 0x1F)
#define TUI_KEY_ESC 27

/* One input event: a key, or a mouse event / resize with its position. */
struct tui_key {
	int code;
	int y, x;
};

/* Parses one key in the notation above at s; *used gets the bytes read.
 * Returns LL_OK or LL_EUSAGE with a message. */
int tui_key_parse(const char *s, size_t *used, struct tui_key *k, struct ll_err *err);
/* Parses a whole key script into a new array (*keys, freed by the caller). */
int tui_keys_parse_script(const char *script, struct tui_key **keys, size_t *n, struct ll_err *err);
/* The notation of a key code, e.g. "j", "<C-d>", "<PgDn>". */
void tui_key_name(int code, char *buf, size_t cap);

/* The binding table: (view name or "generic", key) -> request. */
struct tui_bindings;

/* A table holding the default bindings. NULL on out-of-memory. */
struct tui_bindings *tui_bindings_new(void);
void tui_bindings_free(struct tui_bindings *b);
/* Binds (replaces) key in view; req TUI_REQ_NONE unbinds. */
int tui_bindings_set(struct tui_bindings *b, const char *view, int key, enum tui_request req);
/* The request for key in view, falling back to "generic"; TUI_REQ_NONE if unbound. */
enum tui_request tui_bindings_lookup(const struct tui_bindings *b, const char *view, int key);
/* The keys that give req in view (its own bindings and generic ones it does not
 * override), as notation joined by ", " into buf. Returns how many. */
size_t tui_bindings_keys_for(const struct tui_bindings *b, const char *view, enum tui_request req, char *buf,
			     size_t cap);

/* Applies one config line ("bind VIEW KEY REQUEST", "set theme NAME", a
 * comment or blank). *theme receives the theme name when set (static
 * storage, may stay untouched). Returns LL_OK or LL_EUSAGE with a message
 * (without file and line: the caller adds those). */
int tui_config_line(struct tui_bindings *b, const char *line, const char **theme, struct ll_err *err);
/* Reads a config file. A missing file is fine (LL_OK). Bad lines are
 * skipped; the first problem is reported in err as "path:line: problem"
 * with status LL_EUSAGE, after every good line has been applied. */
int tui_config_load(struct tui_bindings *b, const char *path, const char **theme, struct ll_err *err);
/* $XDG_CONFIG_HOME/loglab/config or ~/.config/loglab/config into buf; 0 if no home. */
int tui_config_path(char *buf, size_t cap);

/* Escape sequences (tui_escseq.c): seq holds what followed ESC ('[' or 'O'
 * first), n of them. Complete: 1 once seq ends a sequence (its final
 * byte). Key: the key a complete sequence stands for, 0 for one to drop. */
int tui_escseq_complete(const int *seq, size_t n);
int tui_escseq_key(const int *seq, size_t n);

#endif
