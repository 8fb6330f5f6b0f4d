/*
 * view_tail.h - a browser following its single log as it grows (tail
 * mode, as `less +F` or `tail -f`; ds_dataset_refresh reads the file).
 *
 * The browser calls view_tail_refresh about once a second. New lines
 * become rows (a table's new records: "+N rows"); the status line says
 * "+N lines" for a few seconds; a note the new rows bring (a followed
 * table's cells that did not fit their column, lines skipped, keys
 * without a column) is said once in the message line; when the
 * cursor was on the last row it goes to the new last row once the filter
 * has looked at the new rows, unless the user moved it meanwhile. A file
 * rotated or truncated is said once in the message line, whole, and for
 * as long as it is open in the status line: the rows read stay, with
 * their labels, and :open reads the file at the path anew.
 */
#ifndef VIEW_TAIL_H
#define VIEW_TAIL_H

#include <stddef.h>

#include "ds_dataset.h"

struct tui;

struct view_tail {
	int follow;       /* move the cursor to the last row when from_cur is still where it is */
	size_t from_cur;
	size_t added;     /* lines added lately, shown until added_ms + VIEW_TAIL_SAY_MS */
	double added_ms;
	int told;         /* the end of following was said */
	size_t notes;     /* the dataset's notes when it was last looked at, +1 (0: not yet) */
};

#define VIEW_TAIL_SAY_MS 4000.0

/* Takes in what ds's file gained; at_end: the cursor (at display position
 * cur) is on the last row. Returns 1 when lines are still waiting (a
 * burst): the browser calls again at its next turn, not a second later. */
int view_tail_refresh(struct view_tail *vt, struct tui *t, struct ds_dataset *ds, int at_end, size_t cur);
/* 1 (once) when the cursor, still at cur, is to go to the last row now;
 * filter_done: the filter has looked at every row. */
int view_tail_follow_now(struct view_tail *vt, size_t cur, int filter_done);
/* The status line's word on following, into buf: "+N lines" lately, or
 * that the file was rotated or truncated. 0 when there is nothing to say. */
int view_tail_status(const struct view_tail *vt, const struct ds_dataset *ds, char *buf, size_t cap);

#endif
