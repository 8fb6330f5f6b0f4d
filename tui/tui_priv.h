/*
 * tui_priv.h - the loop's state, shared by the files of tui/ only.
 */
#ifndef TUI_PRIV_H
#define TUI_PRIV_H

#include "tui.h"

#define TUI_MAX_VIEWS 16

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
	int mouse_y, mouse_x;

	/* Terminal: the real one, or a virtual one for key scripts. */
	SCREEN *screen;
	FILE *null_out, *null_in;
	int scripted;
	const struct tui_key *keys;
	size_t nkeys, next;
	int script_ended;
};

/* tui_term.c: set-up and teardown of the terminal, in one place. */
int tui_term_open(struct tui *t, struct ll_err *err);
int tui_term_open_virtual(struct tui *t, int rows, int cols, struct ll_err *err);
void tui_term_close(struct tui *t);
/* Colours or mono attributes for every role (honours NO_COLOR). */
void tui_term_theme(struct tui *t);
/* 1 when the terminal's input is gone (hung up, closed): the key loops end
 * then instead of waiting on it for ever. */
int tui_term_gone(void);
/* Reads one key within timeout_ms (-1: wait); 1 key, 0 none, -1 script over. */
int tui_term_key(struct tui *t, int timeout_ms, struct tui_key *k);
/* The virtual screen's text, one line per row. */
void tui_term_dump(struct tui *t, FILE *out);

#endif
