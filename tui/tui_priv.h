/*
 * tui_priv.h - the loop's state, shared by the files of tui/ only.
 */
#ifndef TUI_PRIV_H
#define TUI_PRIV_H

#include "tui.h"

#define TUI_MAX_VIEWS 16
#define TUI_MSG_LOG 100
/* Prompt history (tui_history.c): the one-character prompts (: / & !),
 * each its last lines. */
#define TUI_HISTORY_PROMPTS 8
#define TUI_HISTORY_ITEMS 100

struct tui_history_list {
	char prompt[2];
	char *item[TUI_HISTORY_ITEMS]; /* oldest first */
	size_t n;
};

struct tui_style {
	attr_t attr;
	short pair;
};

struct tui {
	struct ds_dataset *ds;
	struct tui_bindings *bind;
	struct view *stack[TUI_MAX_VIEWS];
	int depth;
	int quit;
	int utf8;
	const char *theme; /* "default" or "mono" */
	struct tui_style styles[TUI_ROLE_COUNT];
	char msg[LL_ERR_MSG_MAX];
	int msg_error;
	/* the messages shown, for :messages (a message wider than the screen
	 * is cut there): a ring of the last TUI_MSG_LOG, oldest at
	 * msg_log_next once full */
	char *msg_log[TUI_MSG_LOG];
	unsigned char msg_log_error[TUI_MSG_LOG];
	size_t msg_log_n, msg_log_next;
	int mouse_y, mouse_x;
	struct tui_history_list history[TUI_HISTORY_PROMPTS];
	size_t nhistory;

	/* Terminal: the real one, or a virtual one for key scripts. */
	SCREEN *screen;
	FILE *null_out, *null_in;
	int scripted;
	const struct tui_key *keys;
	size_t nkeys, next;
	int script_ended;

	/* Finishing without a screen (tui_headless, tui.c's finish_headless). */
	int headless;
	int hung_up;            /* the terminal is gone: say things in the exit log too */
	double headless_end_ms; /* tui_now_ms clock */
};

/* tui_history.c: lines typed at each prompt. Empty lines and a repeat of
 * the last are not kept. get: the line `back` steps back (1: the last) or
 * NULL. */
void tui_history_add(struct tui *t, const char *prompt, const char *line);
const char *tui_history_get(struct tui *t, const char *prompt, size_t back);
void tui_history_free(struct tui *t);

/* tui_term.c: set-up and teardown of the terminal, in one place. */
int tui_term_open(struct tui *t, struct ll_err *err);
int tui_term_open_virtual(struct tui *t, int rows, int cols, struct ll_err *err);
void tui_term_close(struct tui *t);
/* Gives SIGHUP, SIGTERM, SIGINT, SIGQUIT and SIGALRM their default actions
 * back, once what the program waits for after the screen closed (its
 * trainings) has ended; until then a leave signal only sets the flag. */
void tui_term_release_signals(void);
/* 1 when the current curses terminal can place the cursor (terminfo cup):
 * not TERM=dumb, on which a screen would be printed as a stream. */
int tui_term_addressable(void);
/* Colours or mono attributes for every role (honours NO_COLOR). */
void tui_term_theme(struct tui *t);
/* 1 when the terminal's input is gone (hung up, closed): the key loops end
 * then instead of waiting on it for ever. */
int tui_term_gone(void);
/* The first of SIGHUP, SIGTERM or SIGINT received since the terminal was
 * opened, else 0. */
int tui_term_signal(void);
/* Reads one key within timeout_ms (-1: wait; a real terminal's waits come
 * back with 0 every 250 ms or so); 1 key, 0 none, -1 script over,
 * terminal gone, a signal above received or finishing headless. */
int tui_term_key(struct tui *t, int timeout_ms, struct tui_key *k);
/* tui_exitlog.c: the exit log's path into buf (0 without an absolute
 * XDG_STATE_HOME or HOME); appends one line of text with the time and
 * the process id (0, or -1 when it cannot be written). */
int tui_exitlog_path(char *buf, size_t cap);
int tui_exitlog_append(const char *text);
/* The virtual screen's text, one line per row. */
void tui_term_dump(struct tui *t, FILE *out);

#endif
