/*
 * view_goto.c - the browser's :TIME (view_goto.h).
 *
 * The seek reads rows a few thousand at a time between looks at the
 * clock: a row of a large log costs a split and a stamp's parse (about a
 * microsecond), so a slice stays within the browser's few milliseconds.
 */
#include "view_goto.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ll_time.h"
#include "tui.h"

#define ROWS_A_LOOK 2048

/* The year a stamp without one ("Jul 16 02:15:40") is read in: the
 * current row's, else the first row's, else this year. */
static int year_of(double ref, double lo)
{
	double t = !isnan(ref) ? ref : lo;
	time_t s = !isnan(t) ? (time_t)floor(t) : time(NULL);
	struct tm tm;
	return gmtime_r(&s, &tm) ? tm.tm_year + 1900 : 1970;
}

int view_goto_parse(struct view_goto *g, struct tui *t, const char *cmd, double ref, double lo, double hi,
		    int timed)
{
	struct ll_when w;
	if (!ll_when_parse(cmd, year_of(ref, lo), &w))
		return 0;
	snprintf(g->text, sizeof g->text, "%s", cmd);
	g->on = g->started = 0;
	if (!timed) {
		tui_error(t, "%s: the rows have no times to go to (:N goes to line N)", g->text);
		return 1;
	}
	g->target = ll_when_resolve(&w, ref, lo, hi);
	if (isnan(g->target)) {
		tui_error(t, "%s: %s", g->text,
			  w.kind == LL_WHEN_SHIFT ? "the current row has no time to count from"
						  : "no row with a time to take the day from");
		return 1;
	}
	g->on = 1;
	/* LOGLAB_TEST_GOTO_ROWS: rows a slice, the slice's time slept out,
	 * so a test sees a scan under way and stops it */
	const char *slow = getenv("LOGLAB_TEST_GOTO_ROWS");
	g->test_rows = slow && *slow ? strtoul(slow, NULL, 10) : 0;
	return 1;
}

int view_goto_work(struct view_goto *g, struct tui *t, ll_when_time_fn time_at, void *ctx, size_t n, int filtered,
		   double deadline, size_t *pos)
{
	*pos = SIZE_MAX;
	if (!g->started) {
		ll_when_seek_start(&g->seek, g->target, n);
		g->started = 1;
	}
	enum ll_when_found f;
	while ((f = ll_when_seek_step(&g->seek, time_at, ctx, g->test_rows ? g->test_rows : ROWS_A_LOOK)) ==
	       LL_WHEN_RUNNING) {
		if (g->test_rows) {
			double left = deadline - tui_now_ms();
			if (left > 0)
				usleep((useconds_t)(left * 1000.0));
			return 1;
		}
		if (tui_now_ms() > deadline)
			return 1;
	}
	g->on = 0;
	char want[48], got[48];
	ll_time_format(g->target, want, sizeof want);
	ll_time_format(g->seek.edge, got, sizeof got);
	const char *among = filtered ? " shown" : "";
	switch (f) {
	case LL_WHEN_FOUND:
		*pos = g->seek.pos;
		tui_message(t, "%s: %s, the first row%s at or after %s", g->text, got, among, want);
		break;
	case LL_WHEN_BEFORE:
		*pos = g->seek.pos;
		tui_message(t, "%s is before the first row%s (%s): at the first row", want, among, got);
		break;
	case LL_WHEN_AFTER:
		*pos = g->seek.pos;
		tui_message(t, "%s is after the last row%s (%s): at the last row", want, among, got);
		break;
	default:
		tui_error(t, "%s: no row%s has a time", g->text, among);
		break;
	}
	return 0;
}

void view_goto_status(const struct view_goto *g, char *buf, size_t cap)
{
	const struct ll_when_seek *s = &g->seek;
	int pct = s->n ? (int)(100.0 * (double)s->next / (double)s->n) : 0;
	snprintf(buf, cap, "  going to %s… %d%% (Esc stops)", g->text, pct);
}
