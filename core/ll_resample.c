/*
 * ll_resample.c - down-sampling to fixed intervals (see ll_resample.h).
 *
 * The input is walked once, row by row; each selected column keeps a small
 * accumulator (count, sum, min, max, first, last and the counter-rate state)
 * that is turned into the bucket's value when the row's time leaves the
 * bucket. Results go to one preallocated buckets x columns array, which the
 * NaN policy then walks column by column before the output table is built.
 */
#include "ll_resample.h"
#include "ll_time.h"
#include "ll_units.h"
#include "ll_window.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const agg_names[] = {"mean", "min", "max", "sum", "last", "first", "count", "rate"};
static const char *const nan_names[] = {"drop", "ffill", "zero", "interp", "mean", "keep"};

const char *ll_agg_name(enum ll_agg a)
{
	return (unsigned)a < sizeof agg_names / sizeof *agg_names ? agg_names[a] : "?";
}

const char *ll_nan_policy_name(enum ll_nan_policy p)
{
	return (unsigned)p < sizeof nan_names / sizeof *nan_names ? nan_names[p] : "?";
}

int ll_agg_parse(const char *s, enum ll_agg *out, struct ll_err *err)
{
	for (size_t i = 0; i < sizeof agg_names / sizeof *agg_names; i++)
		if (strcasecmp(s, agg_names[i]) == 0) {
			*out = (enum ll_agg)i;
			return LL_OK;
		}
	return ll_err_set(err, LL_EUSAGE,
			  "unknown aggregator '%s' (use mean, min, max, sum, last, first, count or rate)", s);
}

int ll_nan_policy_parse(const char *s, enum ll_nan_policy *out, struct ll_err *err)
{
	static const struct {
		const char *name;
		enum ll_nan_policy p;
	} alias[] = {{"drop", LL_NAN_DROP},     {"ffill", LL_NAN_FFILL},   {"forward-fill", LL_NAN_FFILL},
		     {"zero", LL_NAN_ZERO},     {"interp", LL_NAN_INTERP}, {"interpolate", LL_NAN_INTERP},
		     {"mean", LL_NAN_MEAN}};
	for (size_t i = 0; i < sizeof alias / sizeof *alias; i++)
		if (strcasecmp(s, alias[i].name) == 0) {
			*out = alias[i].p;
			return LL_OK;
		}
	return ll_err_set(err, LL_EUSAGE, "unknown NaN policy '%s' (use drop, ffill, zero, interp or mean)", s);
}

int ll_interval_parse(const char *s, double *seconds, struct ll_err *err)
{
	static const struct {
		const char *unit;
		double sec;
	} units[] = {{"", 1},      {"ms", 1e-3}, {"s", 1},     {"sec", 1},      {"m", 60},
		     {"min", 60},  {"h", 3600},  {"d", 86400}, {"w", 7 * 86400.0}};
	char *end;
	if (!s)
		return ll_err_set(err, LL_EUSAGE, "missing interval");
	double v = strtod(s, &end);
	if (end == s || !isfinite(v))
		goto bad;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		if (strcasecmp(end, units[i].unit) != 0)
			continue;
		if (!(v > 0))
			return ll_err_set(err, LL_EUSAGE, "interval '%s' must be greater than zero", s);
		*seconds = v * units[i].sec;
		return LL_OK;
	}
bad:
	/* parts from large to small, and the units of data (us, ns), read as
	 * every duration is */
	if (ll_units_duration(s, strlen(s), &v, NULL)) {
		if (!(v > 0))
			return ll_err_set(err, LL_EUSAGE, "interval '%s' must be greater than zero", s);
		*seconds = v;
		return LL_OK;
	}
	return ll_err_set(err, LL_EUSAGE,
			  "bad interval '%s' (a number and a unit: ms, s, m or min, h, d, w, or parts from "
			  "large to small; e.g. 10s, 1min, 1h, 1h30m)",
			  s);
}

struct acc {
	size_t n;
	double sum, min, max, first, last;
	double inc, dt;       /* counter increase and time covered in this bucket (clock units) */
	double prev_v, prev_t; /* last value seen (any bucket), for rate */
	int64_t prev_us;       /* prev_t in microseconds, with an exact clock */
	int has_prev;
};

/* Times are seconds as double, which hold a stamp to the microsecond but
 * not exactly: 12:00:00.300 is a little under or over .3, and floor(t /
 * 0.1) put a row stamped on a bucket's start into the bucket before it
 * half the time; a rate's step of 0.4 s came out 0.3999998. So when the
 * interval is a whole number of microseconds and the times fit (to year
 * 33658), buckets and steps are taken on times rounded to the
 * microsecond, in integers; otherwise in double as they are. */
struct clock {
	int exact;     /* 1: integer microseconds */
	int64_t iv_us; /* the interval, exact */
	double iv;     /* the interval in seconds */
};

static void clock_init(struct clock *c, double iv, double tmin, double tmax)
{
	c->iv = iv;
	c->exact = ll_time_whole_us(iv, &c->iv_us) && fabs(tmin) < LL_TIME_US_MAX_S && fabs(tmax) < LL_TIME_US_MAX_S;
	if (!c->exact)
		c->iv_us = 0;
}

/* The bucket (since the epoch) of time t, as a double; u is t in
 * microseconds when the clock is exact. */
static double clock_bucket(const struct clock *c, double t, int64_t u)
{
	if (!c->exact)
		return floor(t / c->iv);
	int64_t q = u / c->iv_us;
	if (u % c->iv_us != 0 && u < 0)
		q--;
	return (double)q;
}

/* The start of bucket b in seconds. */
static double clock_start(const struct clock *c, double b)
{
	return c->exact ? b * (double)c->iv_us / 1e6 : b * c->iv;
}

/* A rate's steps are summed in clock units: whole microseconds when exact
 * (no rounding; a bucket's sum becomes seconds once), else seconds. */
static double clock_units_per_s(const struct clock *c)
{
	return c->exact ? 1e6 : 1;
}

static double acc_value(const struct acc *a, enum ll_agg g, double units_per_s)
{
	if (g == LL_AGG_COUNT)
		return (double)a->n;
	if (g == LL_AGG_RATE)
		return a->dt > 0 ? a->inc / (a->dt / units_per_s) : NAN;
	if (a->n == 0)
		return NAN;
	switch (g) {
	case LL_AGG_MEAN: return a->sum / (double)a->n;
	case LL_AGG_MIN: return a->min;
	case LL_AGG_MAX: return a->max;
	case LL_AGG_SUM: return a->sum;
	case LL_AGG_LAST: return a->last;
	case LL_AGG_FIRST: return a->first;
	default: return NAN;
	}
}

/* The NaN policy over one column v[0..nb) with stride ncols; returns cells filled. */
static size_t fill_column(double *v, size_t nb, size_t stride, enum ll_nan_policy p)
{
	size_t filled = 0, first = nb;
	for (size_t b = 0; b < nb; b++)
		if (!isnan(v[b * stride])) {
			first = b;
			break;
		}
	if (first == nb || p == LL_NAN_DROP || p == LL_NAN_MEAN || p == LL_NAN_KEEP)
		return 0;
	if (p == LL_NAN_ZERO) {
		for (size_t b = 0; b < nb; b++)
			if (isnan(v[b * stride])) {
				v[b * stride] = 0;
				filled++;
			}
		return filled;
	}
	for (size_t b = 0; b < first; b++) {
		v[b * stride] = v[first * stride];
		filled++;
	}
	size_t known = first;
	for (size_t b = first + 1; b < nb; b++) {
		if (isnan(v[b * stride]))
			continue;
		if (b > known + 1) {
			double a = v[known * stride], c = v[b * stride];
			for (size_t g = known + 1; g < b; g++) {
				double f = (double)(g - known) / (double)(b - known);
				v[g * stride] = p == LL_NAN_FFILL ? a : a + (c - a) * f;
				filled++;
			}
		}
		known = b;
	}
	for (size_t b = known + 1; b < nb; b++) {
		v[b * stride] = v[known * stride];
		filled++;
	}
	return filled;
}

static int build_table(const struct ll_table *in, const struct ll_resample_spec *spec, size_t tcol,
		       const double *vals, const int *labels, const double *start, size_t nb, const unsigned char *keep,
		       struct ll_table **out, struct ll_err *err)
{
	struct ll_table *t = ll_table_new();
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "out of memory for the resampled table");
	int rc = LL_OK;
	if (ll_table_add_column(t, ll_table_col_name(in, tcol), LL_COL_TIME) < 0)
		goto oom;
	for (size_t c = 0; c < spec->ncols; c++) {
		size_t src = spec->cols[c];
		enum ll_agg g = spec->aggs ? spec->aggs[c] : spec->agg;
		int dup = 0;
		for (size_t o = 0; o < spec->ncols; o++)
			dup |= o != c && spec->cols[o] == src;
		char name[512];
		if (dup)
			snprintf(name, sizeof name, "%s:%s", ll_table_col_name(in, src), ll_agg_name(g));
		else
			snprintf(name, sizeof name, "%s", ll_table_col_name(in, src));
		if (ll_table_add_column(t, name, LL_COL_NUM) < 0)
			goto oom;
	}
	for (size_t k = 0; k < ll_table_nclasses(in); k++) {
		const char *cn = ll_table_class_name(in, k);
		if (ll_table_class_id(t, cn, strlen(cn)) != (int)k)
			goto oom;
	}
	size_t nkeep = 0;
	for (size_t b = 0; b < nb; b++)
		nkeep += keep[b];
	if (ll_table_reserve(t, nkeep) != LL_OK)
		goto oom;
	for (size_t b = 0; b < nb; b++) {
		if (!keep[b])
			continue;
		long r = ll_table_append_row(t);
		if (r < 0)
			goto oom;
		ll_table_set_num(t, (size_t)r, 0, start[b]);
		for (size_t c = 0; c < spec->ncols; c++)
			ll_table_set_num(t, (size_t)r, c + 1, vals[b * spec->ncols + c]);
		if (labels[b] >= 0)
			ll_table_set_label(t, (size_t)r, labels[b]);
	}
	*out = t;
	return rc;
oom:
	ll_table_free(t);
	return ll_err_set(err, LL_ENOMEM, "out of memory for the resampled table");
}

int ll_resample(const struct ll_table *in, const struct ll_resample_spec *spec, struct ll_table **out,
		struct ll_resample_info *info, struct ll_err *err)
{
	*out = NULL;
	struct ll_resample_info dummy;
	if (!info)
		info = &dummy;
	memset(info, 0, sizeof *info);
	size_t nrows = ll_table_nrows(in), ncols = ll_table_ncols(in);
	double iv = spec->interval;
	if (!(iv > 0) || !isfinite(iv))
		return ll_err_set(err, LL_EUSAGE, "resampling interval must be a positive number of seconds");
	size_t tcol = 0;
	if (spec->time_col < 0) {
		int clock = ll_table_clock(in, -1);
		if (clock < 0)
			return ll_err_set(err, LL_EUSAGE, "resampling needs a time column and the table has none");
		tcol = (size_t)clock;
	} else {
		tcol = (size_t)spec->time_col;
		if (tcol >= ncols || ll_table_col_type(in, tcol) == LL_COL_TEXT)
			return ll_err_set(err, LL_EUSAGE, "time column %d is not a number or time column", spec->time_col);
	}
	if (spec->ncols == 0)
		return ll_err_set(err, LL_EUSAGE, "no columns to resample");
	for (size_t c = 0; c < spec->ncols; c++) {
		if (spec->cols[c] >= ncols)
			return ll_err_set(err, LL_EUSAGE, "unknown column %zu (the table has %zu)", spec->cols[c], ncols);
		if (ll_table_col_type(in, spec->cols[c]) == LL_COL_TEXT)
			return ll_err_set(err, LL_EUSAGE, "column '%s' is text and cannot be aggregated",
					  ll_table_col_name(in, spec->cols[c]));
		enum ll_agg g = spec->aggs ? spec->aggs[c] : spec->agg;
		if ((unsigned)g > LL_AGG_RATE)
			return ll_err_set(err, LL_EUSAGE, "unknown aggregator %d", (int)g);
	}
	if ((unsigned)spec->nan > LL_NAN_KEEP)
		return ll_err_set(err, LL_EUSAGE, "unknown NaN policy %d", (int)spec->nan);

	const double *tv = ll_table_column_data(in, tcol);
	size_t r0 = 0, r1 = nrows;
	while (r0 < nrows && isnan(tv[r0]))
		r0++;
	while (r1 > r0 && isnan(tv[r1 - 1]))
		r1--;
	if (r0 == nrows)
		return ll_err_set(err, LL_EDATA, "no row has a time in column '%s'", ll_table_col_name(in, tcol));
	struct clock clk;
	clock_init(&clk, iv, tv[r0], tv[r1 - 1]);
	double base = clock_bucket(&clk, tv[r0], clk.exact ? ll_time_to_us(tv[r0]) : 0);
	double lastb = clock_bucket(&clk, tv[r1 - 1], clk.exact ? ll_time_to_us(tv[r1 - 1]) : 0);
	if (lastb < base)
		return ll_err_set(err, LL_EDATA, "row %zu: time goes backwards (sort the rows by time first)", r1 - 1);
	/* empty buckets are output too: refuse intervals that would turn a gap
	 * into a flood of rows */
	double nbd = lastb - base + 1;
	if (nbd > 4.0 * (double)nrows + 1e6)
		return ll_err_set(err, LL_EUSAGE,
				  "interval of %g s over %g s of data would make %.0f rows from %zu; choose a longer interval",
				  iv, tv[r1 - 1] - tv[r0], nbd, nrows);
	size_t nb = (size_t)nbd, nc = spec->ncols, ncls = ll_table_nclasses(in);

	double *vals = malloc(nb * nc * sizeof *vals);
	double *start = malloc(nb * sizeof *start);
	int *labels = malloc(nb * sizeof *labels);
	unsigned char *keep = malloc(nb);
	struct acc *acc = calloc(nc, sizeof *acc);
	size_t *counts = calloc(ncls ? ncls : 1, sizeof *counts);
	const double **src = malloc(nc * sizeof *src);
	enum ll_agg *agg = malloc(nc * sizeof *agg);
	int rc = LL_OK;
	if (!vals || !start || !labels || !keep || !acc || !counts || !src || !agg) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory resampling %zu rows into %zu buckets", nrows, nb);
		goto out;
	}
	for (size_t c = 0; c < nc; c++) {
		/* NULL for a sparse column, read cell by cell: an array of it
		 * would stay with the table, rows x 8 bytes for a few values */
		src[c] = ll_table_column_dense(in, spec->cols[c]);
		agg[c] = spec->aggs ? spec->aggs[c] : spec->agg;
	}
	for (size_t b = 0; b < nb; b++) {
		start[b] = clock_start(&clk, base + (double)b);
		labels[b] = LL_NO_LABEL;
		keep[b] = 0; /* "has rows" until the policy pass */
	}
	for (size_t i = 0; i < nb * nc; i++)
		vals[i] = NAN;

	size_t cur = 0;
	int open = 0, any_label = 0;
	double tprev = -INFINITY;
	for (size_t r = r0; r < r1; r++) {
		double t = tv[r];
		if (isnan(t)) {
			info->rows_no_time++;
			continue;
		}
		if (t < tprev) {
			rc = ll_err_set(err, LL_EDATA, "row %zu: time goes backwards (sort the rows by time first)", r);
			goto out;
		}
		tprev = t;
		int64_t tu = clk.exact ? ll_time_to_us(t) : 0;
		double tb = clock_bucket(&clk, t, tu) - base;
		if (!open || tb > (double)cur) {
			if (open) {
				for (size_t c = 0; c < nc; c++)
					vals[cur * nc + c] = acc_value(&acc[c], agg[c], clock_units_per_s(&clk));
				labels[cur] = any_label ? ll_label_vote(counts, ncls, spec->ordinary) : LL_NO_LABEL;
			}
			cur = tb < 0 ? 0 : tb >= (double)nb ? nb - 1 : (size_t)tb;
			keep[cur] = 1;
			open = 1;
			for (size_t c = 0; c < nc; c++) {
				struct acc *a = &acc[c];
				a->n = 0;
				a->sum = 0;
				a->min = INFINITY;
				a->max = -INFINITY;
				a->inc = a->dt = 0;
			}
			memset(counts, 0, (ncls ? ncls : 1) * sizeof *counts);
			any_label = 0;
		}
		info->rows_in++;
		int lab = ll_table_label(in, r);
		if (lab >= 0 && (size_t)lab < ncls) {
			counts[lab]++;
			any_label = 1;
		}
		for (size_t c = 0; c < nc; c++) {
			double v = src[c] ? src[c][r] : ll_table_num(in, r, spec->cols[c]);
			if (isnan(v))
				continue;
			struct acc *a = &acc[c];
			if (a->n == 0)
				a->first = v;
			a->n++;
			a->sum += v;
			a->last = v;
			if (v < a->min)
				a->min = v;
			if (v > a->max)
				a->max = v;
			if (a->has_prev) {
				double inc = v - a->prev_v;
				a->inc += inc < 0 ? v : inc; /* a decrease is a counter reset */
				a->dt += clk.exact ? (double)(tu - a->prev_us) : t - a->prev_t;
			}
			a->prev_v = v;
			a->prev_t = t;
			a->prev_us = tu;
			a->has_prev = 1;
		}
	}
	if (open) {
		for (size_t c = 0; c < nc; c++)
			vals[cur * nc + c] = acc_value(&acc[c], agg[c], clock_units_per_s(&clk));
		labels[cur] = any_label ? ll_label_vote(counts, ncls, spec->ordinary) : LL_NO_LABEL;
	}
	info->buckets = nb;
	for (size_t b = 0; b < nb; b++) {
		if (!keep[b]) {
			info->empty_buckets++;
			/* count of an empty bucket is a real 0, not a gap */
			for (size_t c = 0; c < nc; c++)
				if (agg[c] == LL_AGG_COUNT)
					vals[b * nc + c] = 0;
		}
		keep[b] = 1;
	}
	for (size_t c = 0; c < nc; c++)
		info->filled += fill_column(vals + c, nb, nc, spec->nan);
	if (spec->nan == LL_NAN_DROP)
		for (size_t b = 0; b < nb; b++)
			for (size_t c = 0; c < nc; c++)
				if (isnan(vals[b * nc + c])) {
					keep[b] = 0;
					info->dropped++;
					break;
				}
	rc = build_table(in, spec, tcol, vals, labels, start, nb, keep, out, err);
	if (rc == LL_OK)
		for (size_t c = 0; c < nc; c++) {
			size_t b = 0;
			while (b < nb && isnan(vals[b * nc + c]))
				b++;
			if (b == nb && spec->nan != LL_NAN_DROP)
				ll_table_note(*out, "column '%s' has no value in any bucket",
					      ll_table_col_name(in, spec->cols[c]));
		}
out:
	free(vals);
	free(start);
	free(labels);
	free(keep);
	free(acc);
	free(counts);
	free(src);
	free(agg);
	return rc;
}

/* ---- rows out of time order ---- */

struct time_key {
	double t;
	size_t row;
};

/* By time, rows without one last; equal times keep their input order, so
 * the sort is stable although qsort is not. */
static int by_time(const void *a, const void *b)
{
	const struct time_key *x = a, *y = b;
	int xn = isnan(x->t), yn = isnan(y->t);
	if (xn != yn)
		return xn - yn;
	if (!xn && x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

int ll_resample_sort(const struct ll_table *in, size_t tcol, const size_t *cols, size_t ncols,
		     struct ll_table **out, size_t **order, size_t *moved, struct ll_err *err)
{
	*out = NULL;
	*order = NULL;
	*moved = 0;
	size_t n = ll_table_nrows(in);
	const double *tv = ll_table_column_data(in, tcol);
	if (!tv)
		return ll_err_set(err, LL_EUSAGE, "time column %zu is not a number or time column", tcol);
	double prev = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		if (isnan(tv[i]))
			continue;
		if (tv[i] < prev)
			++*moved;
		else
			prev = tv[i];
	}
	if (!*moved)
		return LL_OK;
	struct time_key *keys = malloc(n * sizeof *keys);
	size_t *ord = malloc(n * sizeof *ord);
	struct ll_table *t = ll_table_new();
	if (!keys || !ord || !t || ll_table_reserve(t, n) != LL_OK)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		keys[i].t = tv[i];
		keys[i].row = i;
	}
	qsort(keys, n, sizeof *keys, by_time);
	if (ll_table_add_column(t, ll_table_col_name(in, tcol), ll_table_col_type(in, tcol)) < 0)
		goto oom;
	for (size_t c = 0; c < ncols; c++)
		if (ll_table_add_column(t, ll_table_col_name(in, cols[c]), ll_table_col_type(in, cols[c])) < 0)
			goto oom;
	for (size_t k = 0; k < ll_table_nclasses(in); k++) {
		const char *name = ll_table_class_name(in, k);
		if (ll_table_class_id(t, name, strlen(name)) < 0)
			goto oom;
	}
	for (size_t i = 0; i < n; i++) {
		size_t r = ord[i] = keys[i].row;
		if (ll_table_append_row(t) < 0)
			goto oom;
		ll_table_set_num(t, i, 0, tv[r]);
		for (size_t c = 0; c < ncols; c++)
			ll_table_set_num(t, i, c + 1, ll_table_num(in, r, cols[c]));
		ll_table_set_label(t, i, ll_table_label(in, r));
	}
	free(keys);
	*out = t;
	*order = ord;
	return LL_OK;
oom:
	free(keys);
	free(ord);
	ll_table_free(t);
	*moved = 0;
	return ll_err_set(err, LL_ENOMEM, "out of memory sorting %zu rows by time", n);
}
