/* tests/core/test_when.c - times typed to go to, and finding their rows (ll_when.h). */
#include "harness.h"
#include "ll_when.h"

#define T0 1784168140.0 /* 2026-07-16 02:15:40 UTC (date -u -d ... +%s) */
#define MIDNIGHT 1784160000.0

static struct ll_when parse(const char *s)
{
	struct ll_when w;
	ll_when_parse(s, 2026, &w);
	return w;
}

struct rows {
	const double *t;
	size_t reads;
};

static double time_at(void *ctx, size_t pos)
{
	struct rows *r = ctx;
	r->reads++;
	return r->t[pos];
}

/* Runs a seek to its end, budget rows a step; *steps counts the steps. */
static enum ll_when_found seek(const double *t, size_t n, double target, size_t budget, size_t *pos, size_t *steps)
{
	struct rows r = {t, 0};
	struct ll_when_seek s;
	ll_when_seek_start(&s, target, n);
	enum ll_when_found f;
	size_t k = 0;
	while ((f = ll_when_seek_step(&s, time_at, &r, budget)) == LL_WHEN_RUNNING)
		k++;
	*pos = s.pos;
	if (steps)
		*steps = k;
	return f;
}

int main(void)
{
	struct ll_when w = parse("2026-07-16 02:15:40");
	CHECK(w.kind == LL_WHEN_AT && w.value == T0);
	CHECK(parse("2026-07-16T02:15:40Z").value == T0);
	CHECK(parse(" 2026-07-16T04:15:40+02:00 ").value == T0);
	CHECK(parse("Jul 16 02:15:40").value == T0);
	CHECK(parse("@1784168140").kind == LL_WHEN_AT && parse("@1784168140").value == T0);
	CHECK(parse("Jul 16 02:15").value == T0 - 40);
	CHECK(parse("2026-07-16 02:15").value == T0 - 40);
	CHECK(parse("2026-07-16T02:15Z").kind == LL_WHEN_NONE || parse("2026-07-16T02:15Z").value == T0 - 40);
	w = parse("2026-07-16");
	CHECK(w.kind == LL_WHEN_AT && w.value == MIDNIGHT);
	w = parse("02:15:40");
	CHECK(w.kind == LL_WHEN_CLOCK && w.value == 2 * 3600 + 15 * 60 + 40);
	w = parse("02:15");
	CHECK(w.kind == LL_WHEN_CLOCK && w.value == 2 * 3600 + 15 * 60);
	w = parse("2:15");
	CHECK(w.kind == LL_WHEN_CLOCK && w.value == 2 * 3600 + 15 * 60);
	CHECK(!ll_when_parse("2:5", 2026, &w) && !ll_when_parse("123:15", 2026, &w));
	w = parse("02:15:40.5");
	CHECK(w.kind == LL_WHEN_CLOCK && fabs(w.value - 8140.5) < 1e-6);
	w = parse("+10m");
	CHECK(w.kind == LL_WHEN_SHIFT && w.value == 600);
	w = parse("-1h30m");
	CHECK(w.kind == LL_WHEN_SHIFT && w.value == -5400);
	CHECK(parse("+2d").value == 2 * 86400);
	/* not times: line numbers, bare shifts, words, bad clocks */
	CHECK(!ll_when_parse("1234", 2026, &w) && w.kind == LL_WHEN_NONE);
	CHECK(!ll_when_parse("+30", 2026, &w));
	CHECK(!ll_when_parse("+1e308h", 2026, &w)); /* infinite, as "@inf" */
	CHECK(!ll_when_parse("-", 2026, &w));
	CHECK(!ll_when_parse("labels", 2026, &w));
	CHECK(!ll_when_parse("25:00", 2026, &w));
	CHECK(!ll_when_parse("", 2026, &w));
	CHECK(!ll_when_parse("@", 2026, &w));
	CHECK(!ll_when_parse("2026-07-16 02:15:40 junk", 2026, &w));

	/* resolving beside the current row */
	w = parse("02:15:40");
	CHECK(ll_when_resolve(&w, MIDNIGHT + 3600, NAN, NAN) == T0);
	/* a log of 23:00 to 03:00, the cursor on the day before: the night's 02:15 */
	CHECK(ll_when_resolve(&w, MIDNIGHT - 3600, MIDNIGHT - 3600, MIDNIGHT + 3 * 3600) == T0);
	/* the cursor past midnight, 23:30 typed: the evening before */
	struct ll_when late = parse("23:30");
	CHECK(ll_when_resolve(&late, MIDNIGHT + 3600, MIDNIGHT - 3600, MIDNIGHT + 3 * 3600) == MIDNIGHT - 1800);
	/* outside the range on every day: the current row's day */
	CHECK(ll_when_resolve(&late, MIDNIGHT + 60, MIDNIGHT, MIDNIGHT + 3600) == MIDNIGHT + 84600);
	CHECK(ll_when_resolve(&w, NAN, MIDNIGHT, MIDNIGHT + 86000) == T0);
	CHECK(isnan(ll_when_resolve(&w, NAN, NAN, NAN)));
	w = parse("-1h");
	CHECK(ll_when_resolve(&w, T0, NAN, NAN) == T0 - 3600);
	CHECK(isnan(ll_when_resolve(&w, NAN, 0, 1)));

	/* rows in order, some without a time, a stamp that goes back a little */
	const double ordered[] = {10, NAN, 11, 13, 12, 14, NAN, NAN, 20, 20, 21, 30};
	size_t n = sizeof ordered / sizeof *ordered, pos;
	CHECK(seek(ordered, n, 12.5, 1000, &pos, NULL) == LL_WHEN_FOUND && pos == 3);
	CHECK(seek(ordered, n, 20, 1000, &pos, NULL) == LL_WHEN_FOUND && pos == 8);
	CHECK(seek(ordered, n, 15, 1000, &pos, NULL) == LL_WHEN_FOUND && pos == 8);
	CHECK(seek(ordered, n, 10, 1000, &pos, NULL) == LL_WHEN_FOUND && pos == 0);
	CHECK(seek(ordered, n, 5, 1000, &pos, NULL) == LL_WHEN_BEFORE && pos == 0);
	CHECK(seek(ordered, n, 31, 1000, &pos, NULL) == LL_WHEN_AFTER && pos == 11);
	const double untimed[] = {NAN, NAN, NAN};
	CHECK(seek(untimed, 3, 1, 1000, &pos, NULL) == LL_WHEN_NO_TIME);
	CHECK(seek(untimed, 0, 1, 1000, &pos, NULL) == LL_WHEN_NO_TIME);

	/* a large ordered run: a binary search reads few rows */
	size_t big = 1000000;
	double *t = malloc(big * sizeof *t);
	CHECK(t != NULL);
	if (!t)
		return 1;
	for (size_t i = 0; i < big; i++)
		t[i] = i % 7 == 3 ? NAN : 1000.0 + (double)(i / 2);
	struct rows r = {t, 0};
	struct ll_when_seek s;
	ll_when_seek_start(&s, 1000.0 + 250000, big);
	CHECK(ll_when_seek_step(&s, time_at, &r, 1) == LL_WHEN_FOUND);
	CHECK(s.pos == 500000 && r.reads < 5000);
	/* rows in no order: read in slices, the earliest at or after wins */
	for (size_t i = 0; i < big; i++)
		t[i] = (double)((i * 7919) % big);
	t[123] = NAN;
	size_t steps;
	CHECK(seek(t, big, 4242.5, 10000, &pos, &steps) == LL_WHEN_FOUND && t[pos] == 4243);
	CHECK(steps >= 99);
	CHECK(seek(t, big, -1, 10000, &pos, NULL) == LL_WHEN_BEFORE && t[pos] == 0);
	CHECK(seek(t, big, 2e6, 10000, &pos, NULL) == LL_WHEN_AFTER && t[pos] == (double)(big - 1));
	free(t);
	TEST_MAIN_END();
}
