/*
 * view_goto.h - the browser's :TIME: going to the first row at or after a
 * time typed on the command line (core/ll_when.h reads it and finds the
 * row), in slices of the browser's work so a scan of a large file in no
 * time order keeps the screen alive and stops on Esc.
 *
 * The browser knows its rows (the filter's positions, the current row);
 * this file knows times: what was typed, what it stands for beside the
 * current row, and what is said when it is found, is outside the rows'
 * range, or cannot be.
 */
#ifndef VIEW_GOTO_H
#define VIEW_GOTO_H

#include <stddef.h>

#include "ll_when.h"

struct tui;

struct view_goto {
	int on;      /* a target waits for its row */
	int started; /* the seek began (once the filter had seen every row) */
	char text[64];
	size_t test_rows; /* LOGLAB_TEST_GOTO_ROWS (view_goto.c) */
	double target;
	struct ll_when_seek seek;
};

/* Reads cmd as a time. ref: the current row's time (NaN: none near it);
 * lo, hi: the rows' time range (NaN: not known); timed: whether the rows
 * can have a time at all. 0 when cmd is no time (the caller goes on with
 * its other commands); else 1, with the goto on (g->on) or a message said
 * why it cannot be. */
int view_goto_parse(struct view_goto *g, struct tui *t, const char *cmd, double ref, double lo, double hi,
		    int timed);
/* Runs the seek over positions [0, n) until deadline (tui_now_ms). 1 while
 * rows are left to read; 0 once done, with *pos the position to go to
 * (SIZE_MAX: none) and the message said. filtered: positions are a
 * filter's lines, which the message says. */
int view_goto_work(struct view_goto *g, struct tui *t, ll_when_time_fn time_at, void *ctx, size_t n, int filtered,
		   double deadline, size_t *pos);
/* The status line's word while a scan runs ("going to 02:15:40… 40%"). */
void view_goto_status(const struct view_goto *g, char *buf, size_t cap);

#endif
