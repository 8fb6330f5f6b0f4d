/*
 * ll_when.c - reading a time to go to, and finding its row (ll_when.h).
 *
 * Reading leans on the parsers every reader of data uses (ll_time.h for
 * stamps, ll_stamp.h for a time of day, ll_interval_parse for a shift), so
 * a time typed reads as the same text does in a log.
 */
#include "ll_when.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ll_err.h"
#include "ll_resample.h"
#include "ll_stamp.h"
#include "ll_time.h"

#define DAY 86400.0
/* Rows without a time (continuation lines) a probe steps over before the
 * rows are taken as in no order after all. */
#define PROBE_SKIP 256
/* Rows read back from the binary search's answer for one already at or
 * after the target, for stamps written a little out of order. */
#define LOOK_BACK 256
/* Positions sampled to tell whether rows are in time order. */
#define SAMPLES 64

static int has_letter(const char *s)
{
	for (; *s; s++)
		if (isalpha((unsigned char)*s))
			return 1;
	return 0;
}

int ll_when_parse(const char *s, int default_year, struct ll_when *out)
{
	out->kind = LL_WHEN_NONE;
	out->value = NAN;
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n || n >= 128)
		return 0;
	char text[128];
	memcpy(text, s, n);
	text[n] = '\0';
	double v;
	if (text[0] == '@') {
		if (!ll_parse_number(text + 1, n - 1, &v) || !isfinite(v))
			return 0;
		out->kind = LL_WHEN_AT;
		out->value = v;
		return 1;
	}
	if (text[0] == '+' || text[0] == '-') {
		/* a bare number is no shift: "+30" could be lines or seconds */
		struct ll_err err;
		if (!has_letter(text + 1) || ll_interval_parse(text + 1, &v, &err) != LL_OK || !isfinite(v))
			return 0; /* "+1e308h" is no shift, as "@inf" is no epoch */
		out->kind = LL_WHEN_SHIFT;
		out->value = text[0] == '-' ? -v : v;
		return 1;
	}
	/* a number is a line number (or an epoch, written with @) */
	if (ll_parse_number(text, n, &v))
		return 0;
	unsigned form = 0;
	if (ll_stamp_scan(text, n, default_year, 0, &form, &v) == n && !ll_stamp_form_has_date(form) &&
	    ll_stamp_form_has_clock(form)) {
		out->kind = LL_WHEN_CLOCK;
		out->value = fmod(v, DAY);
		return 1;
	}
	/* "02:15" or "2:15" is no form of a log's stamps: hours and minutes */
	size_t hd = n - 3;
	if ((n == 4 || n == 5) && ll_all_digits(text, hd) && text[hd] == ':' && ll_all_digits(text + hd + 1, 2)) {
		int h = hd == 2 ? (text[0] - '0') * 10 + text[1] - '0' : text[0] - '0';
		int m = (text[hd + 1] - '0') * 10 + text[hd + 2] - '0';
		if (h < 24 && m < 60) {
			out->kind = LL_WHEN_CLOCK;
			out->value = h * 3600.0 + m * 60.0;
			return 1;
		}
		return 0;
	}
	if (ll_time_parse_year(text, n, default_year, &v) && isfinite(v)) {
		out->kind = LL_WHEN_AT;
		out->value = v;
		return 1;
	}
	/* a stamp typed to the minute ("Jul 16 02:15", "2026-07-16 02:15"),
	 * which logs write with seconds */
	if (n >= 6 && n + 3 < sizeof text && text[n - 3] == ':' && ll_all_digits(text + n - 2, 2) &&
	    isdigit((unsigned char)text[n - 4]) && strchr(text, ':') == text + n - 3) {
		memcpy(text + n, ":00", 4);
		if (ll_time_parse_year(text, n + 3, default_year, &v) && isfinite(v)) {
			out->kind = LL_WHEN_AT;
			out->value = v;
			return 1;
		}
	}
	return 0;
}

double ll_when_resolve(const struct ll_when *w, double ref, double lo, double hi)
{
	switch (w->kind) {
	case LL_WHEN_AT:
		return w->value;
	case LL_WHEN_SHIFT:
		return ref + w->value;
	case LL_WHEN_CLOCK: {
		double day = !isnan(ref) ? ref : lo;
		if (isnan(day))
			return NAN;
		double t = floor(day / DAY) * DAY + w->value;
		if (isnan(lo) || isnan(hi))
			return t;
		if (t < lo) {
			double later = t + ceil((lo - t) / DAY) * DAY;
			if (later <= hi)
				t = later;
		} else if (t > hi) {
			double earlier = t - ceil((t - hi) / DAY) * DAY;
			if (earlier >= lo)
				t = earlier;
		}
		return t;
	}
	case LL_WHEN_NONE:
		break;
	}
	return NAN;
}

void ll_when_seek_start(struct ll_when_seek *s, double target, size_t n)
{
	memset(s, 0, sizeof *s);
	s->target = target;
	s->n = n;
	s->ge = s->lt = SIZE_MAX;
	s->ge_t = s->lt_t = s->min_t = s->max_t = s->edge = NAN;
}

/* The first position in [from, to) whose row has a time, looking at most
 * limit rows on; SIZE_MAX when none. */
static size_t timed_from(ll_when_time_fn time_at, void *ctx, size_t from, size_t to, size_t limit, double *t)
{
	size_t end = to - from > limit ? from + limit : to;
	for (size_t p = from; p < end; p++) {
		double v = time_at(ctx, p);
		if (!isnan(v)) {
			*t = v;
			return p;
		}
	}
	return SIZE_MAX;
}

/* Whether evenly spaced rows read in time order (and at least one has a
 * time). */
static int sample_ordered(const struct ll_when_seek *s, ll_when_time_fn time_at, void *ctx)
{
	double prev = NAN;
	size_t steps = s->n - 1 < SAMPLES ? s->n - 1 : SAMPLES;
	for (size_t k = 0; k <= steps; k++) {
		size_t p = steps ? (size_t)((double)(s->n - 1) * (double)k / (double)steps) : 0;
		double t;
		if (timed_from(time_at, ctx, p, s->n, PROBE_SKIP, &t) == SIZE_MAX)
			continue;
		if (!isnan(prev) && t < prev)
			return 0;
		prev = t;
	}
	return !isnan(prev);
}

static void found_at(struct ll_when_seek *s, enum ll_when_found f, size_t pos, double edge)
{
	s->found = f;
	s->pos = pos;
	s->edge = edge;
}

/* The binary search over rows in time order; 0 when a long run of rows
 * without a time leaves it nothing to compare (then every row is read). */
static int seek_ordered(struct ll_when_seek *s, ll_when_time_fn time_at, void *ctx)
{
	size_t lo = 0, hi = s->n;
	double t;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t q = timed_from(time_at, ctx, mid, hi, PROBE_SKIP, &t);
		if (q == SIZE_MAX) {
			if (hi - mid > PROBE_SKIP)
				return 0;
			hi = mid; /* nothing timed in [mid, hi) */
		} else if (t >= s->target) {
			hi = mid; /* rows [mid, q) have no time: q is the first from mid */
		} else {
			lo = q + 1;
		}
	}
	size_t r = timed_from(time_at, ctx, lo, s->n, SIZE_MAX, &t);
	if (r == SIZE_MAX) {
		/* every time is before the target: the last row with one */
		for (size_t p = s->n; p-- > 0;) {
			double v = time_at(ctx, p);
			if (!isnan(v)) {
				found_at(s, LL_WHEN_AFTER, p, v);
				return 1;
			}
		}
		return 0;
	}
	size_t stop = r > LOOK_BACK ? r - LOOK_BACK : 0;
	for (size_t p = r; p-- > stop;) {
		double v = time_at(ctx, p);
		if (!isnan(v) && v >= s->target) {
			r = p;
			t = v;
		}
	}
	double first_t;
	size_t first = timed_from(time_at, ctx, 0, r, SIZE_MAX, &first_t);
	if (first == SIZE_MAX && t > s->target)
		found_at(s, LL_WHEN_BEFORE, r, t);
	else
		found_at(s, LL_WHEN_FOUND, r, t);
	return 1;
}

static void linear_read(struct ll_when_seek *s, size_t p, double v)
{
	if (isnan(v))
		return;
	if (isnan(s->min_t) || v < s->min_t)
		s->min_t = v;
	if (isnan(s->max_t) || v > s->max_t)
		s->max_t = v;
	if (v >= s->target) {
		if (s->ge == SIZE_MAX || v < s->ge_t) {
			s->ge = p;
			s->ge_t = v;
		}
	} else if (s->lt == SIZE_MAX || v > s->lt_t) {
		s->lt = p;
		s->lt_t = v;
	}
}

enum ll_when_found ll_when_seek_step(struct ll_when_seek *s, ll_when_time_fn time_at, void *ctx, size_t budget)
{
	if (s->found != LL_WHEN_RUNNING)
		return s->found;
	if (s->n == 0 || isnan(s->target)) {
		s->found = LL_WHEN_NO_TIME;
		return s->found;
	}
	if (!s->linear) {
		if (sample_ordered(s, time_at, ctx) && seek_ordered(s, time_at, ctx))
			return s->found;
		s->linear = 1;
	}
	size_t end = s->n - s->next > budget ? s->next + (budget ? budget : 1) : s->n;
	for (; s->next < end; s->next++)
		linear_read(s, s->next, time_at(ctx, s->next));
	if (s->next < s->n)
		return LL_WHEN_RUNNING;
	if (s->ge != SIZE_MAX)
		found_at(s, s->lt == SIZE_MAX && s->ge_t > s->target ? LL_WHEN_BEFORE : LL_WHEN_FOUND, s->ge, s->ge_t);
	else if (s->lt != SIZE_MAX)
		found_at(s, LL_WHEN_AFTER, s->lt, s->lt_t);
	else
		s->found = LL_WHEN_NO_TIME;
	return s->found;
}
