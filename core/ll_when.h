/*
 * ll_when.h - a time an operator types to go to ("the job died at
 * 02:15:40"), and where it falls among rows in time order or in none.
 *
 * Reading (ll_when_parse) and resolving (ll_when_resolve) are apart
 * because the forms that are not a whole stamp - a time of day, a shift
 * from the current row - mean a time only beside the row the reader is
 * on. Finding the row (ll_when_seek_*) reads rows' times through a
 * callback, a budget of reads at a time, so a caller with a screen to keep
 * alive (the browser) runs it in slices and can stop it.
 *
 * Times are seconds since the epoch, UTC (ll_time.h): a typed time is UTC
 * unless it carries a zone.
 */
#ifndef LL_WHEN_H
#define LL_WHEN_H

#include <stddef.h>

enum ll_when_kind {
	LL_WHEN_NONE = 0,
	LL_WHEN_AT,    /* a stamp with a date, a date alone (its midnight), @EPOCH */
	LL_WHEN_CLOCK, /* a time of day: value is seconds into the day */
	LL_WHEN_SHIFT  /* +10m, -1h: value is signed seconds from the current row */
};

struct ll_when {
	enum ll_when_kind kind;
	double value;
};

/* Reads s (blanks around it aside) as one of:
 *   a stamp ll_time_parse_year reads whole ("2026-07-16 02:15:40",
 *   "2026-07-16T02:15:40.5+02:00", "Jul 16 02:15:40" in default_year),
 *   a date alone ("2026-07-16"), "@1784168140" (epoch seconds: a bare
 *   number is a line number to the browser, so an epoch is marked),
 *   a time of day ("02:15", "02:15:40", "02:15:40.5"),
 *   a sign and a duration as ll_interval_parse reads it, with its unit
 *   ("+10m", "-1h30m", "+2d").
 * 1 and *out when it is one, else 0 (out->kind LL_WHEN_NONE). */
int ll_when_parse(const char *s, int default_year, struct ll_when *out);

/* The time w stands for, beside the current row's time ref (NaN when the
 * row has none) and the range [lo, hi] of the rows' times (NaN when not
 * known). A time of day is taken on ref's day; when that falls outside
 * the range and the same time on another day falls inside, on the nearest
 * such day (02:15 typed on a log of 23:00 to 03:00 is the 02:15 of the
 * log's night, whichever day the cursor is on). Without ref, a time of day
 * is taken on lo's day. NaN when there is nothing to take it from (a shift
 * without ref). */
double ll_when_resolve(const struct ll_when *w, double ref, double lo, double hi);

/* A row's time at display position pos, NaN when the row has none. */
typedef double (*ll_when_time_fn)(void *ctx, size_t pos);

enum ll_when_found {
	LL_WHEN_RUNNING = 0,
	LL_WHEN_FOUND,  /* pos: the first row at or after the target */
	LL_WHEN_BEFORE, /* the target is before every row: pos the first (in time) */
	LL_WHEN_AFTER,  /* the target is after every row: pos the last (in time) */
	LL_WHEN_NO_TIME /* no row has a time */
};

/* A search for the row of a target time among positions [0, n). When a
 * sample of the rows reads in time order (non-decreasing, rows without a
 * time skipped), a binary search finds the first row at or after the
 * target, then looks back a few hundred rows for one already at or after
 * it (stamps that go back a little: the row reached first in reading order
 * wins). Otherwise every row is read, and the row with the earliest time at
 * or after the target is found (the first such in order), else the row
 * with the latest time. */
struct ll_when_seek {
	double target;
	size_t n;
	int linear;     /* rows in no order: reading every row */
	size_t next;    /* linear: the next position to read */
	size_t ge, lt;  /* linear: best at or after, best before (SIZE_MAX: none) */
	double ge_t, lt_t, min_t, max_t;
	enum ll_when_found found;
	size_t pos;        /* once found */
	double edge;       /* BEFORE: the first row's time; AFTER: the last's */
};

void ll_when_seek_start(struct ll_when_seek *s, double target, size_t n);
/* Reads rows' times, about budget of them (the sample and the binary
 * search read a few thousand at most however small budget is), and
 * returns s->found: LL_WHEN_RUNNING while rows are left to read. */
enum ll_when_found ll_when_seek_step(struct ll_when_seek *s, ll_when_time_fn time_at, void *ctx, size_t budget);

#endif
