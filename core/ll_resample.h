/*
 * ll_resample.h - down-sampling a time series to fixed intervals (1s rows
 * to 10s or 1min buckets, minutes to hours) with one aggregator per column,
 * a label per bucket, and a policy for buckets left without a value.
 *
 * Buckets are aligned to multiples of the interval since the Unix epoch
 * (so "1d" buckets are UTC days, "1h" whole hours); a row at time t falls in
 * the bucket starting at floor(t / interval) * interval, reckoned on times
 * rounded to the microsecond (their precision as double seconds) when the
 * interval is a whole number of microseconds, so that a row stamped on a
 * bucket's start (12:00:00.300 with 100ms) falls in it. Every bucket from
 * the first row's to the last row's is produced, empty ones included, so
 * gaps are visible to the NaN policy.
 *
 * Aggregators skip NaN values. In a bucket where a column has no value:
 * count is 0, every other aggregator is missing (NaN) and the NaN policy
 * decides:
 *   drop    rows with any missing value are left out;
 *   ffill   the previous bucket's value; leading gaps take the first value;
 *   zero    0;
 *   interp  linear in time between the nearest values before and after;
 *           leading and trailing gaps take the nearest value;
 *   mean    left missing here: the feature build fills them with the
 *           training samples' mean (ll_impute.h).
 * A column with no value at all stays NaN (the output table gets a note).
 *
 * rate is the per-second change of a counter: each pair of consecutive
 * values (the pair may straddle buckets; it belongs to the bucket of its
 * later value) contributes its increase and its time step; a decrease is a
 * counter reset, and the increase is then the new value itself (counted from
 * zero). rate = sum of increases / sum of time steps (steps in whole
 * microseconds, as buckets are); NaN for a bucket with no pair or whose
 * steps sum to zero (repeated stamps).
 *
 * The bucket's label follows LL_LABEL_ANY of ll_window.h: any non-ordinary
 * label wins (a bucket with an anomaly is an anomaly), else the majority.
 *
 * Input rows must be in time order (equal times allowed); rows with no time
 * are skipped and counted. One pass over the input; memory is that of the
 * output, no allocation per row.
 */
#ifndef LL_RESAMPLE_H
#define LL_RESAMPLE_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_table.h"

enum ll_agg {
	LL_AGG_MEAN,
	LL_AGG_MIN,
	LL_AGG_MAX,
	LL_AGG_SUM,
	LL_AGG_LAST,
	LL_AGG_FIRST,
	LL_AGG_COUNT,
	LL_AGG_RATE
};

/* LL_NAN_MEAN leaves the gaps to the feature build, which fills them with
 * the training samples' means (ll_impute.h); LL_NAN_KEEP, never parsed,
 * leaves them for whoever applies a run's means to other data. */
enum ll_nan_policy { LL_NAN_DROP, LL_NAN_FFILL, LL_NAN_ZERO, LL_NAN_INTERP, LL_NAN_MEAN, LL_NAN_KEEP };

/* "10s", "1min", "5m", "1h", "1d", "500ms", "2.5s", a bare number of
 * seconds; units ms, s, sec, m, min, h, d, w (any case); or any duration
 * as data is read (ll_units_duration: "1h30m", "1m30s", "250us").
 * LL_EUSAGE otherwise or when not > 0. */
int ll_interval_parse(const char *s, double *seconds, struct ll_err *err);
/* "mean", "min", ...; LL_EUSAGE with the valid names otherwise. */
int ll_agg_parse(const char *s, enum ll_agg *out, struct ll_err *err);
const char *ll_agg_name(enum ll_agg a);
/* "drop", "ffill", "zero", "interp", "mean" (also "forward-fill",
 * "interpolate"). */
int ll_nan_policy_parse(const char *s, enum ll_nan_policy *out, struct ll_err *err);
const char *ll_nan_policy_name(enum ll_nan_policy p);

struct ll_resample_spec {
	double interval;         /* seconds, > 0 */
	int time_col;            /* -1: the clock (ll_table_clock) */
	size_t ncols;            /* columns to aggregate */
	const size_t *cols;      /* ncols column indices (number or time columns) */
	const enum ll_agg *aggs; /* ncols aggregators, or NULL: every column uses agg */
	enum ll_agg agg;
	enum ll_nan_policy nan;
	int ordinary;            /* ordinary class id for the label vote, or -1 */
};

struct ll_resample_info {
	size_t rows_in;        /* input rows used */
	size_t rows_no_time;   /* input rows skipped for lack of a time */
	size_t buckets;        /* buckets from first to last, empty ones included */
	size_t empty_buckets;  /* buckets without a row */
	size_t dropped;        /* output rows removed by LL_NAN_DROP */
	size_t filled;         /* cells filled by the NaN policy */
};

/* ll_resample reads rows in time order. When the time column tcol of in is
 * not in order (rows written late, stamps repeated out of place, files
 * concatenated), *out gets a copy of it (column 0) and of the ncols columns
 * cols (columns 1..ncols, same names and types) with the rows stably
 * sorted by time, rows without a time last, labels and classes kept;
 * (*order)[i] is the input row of copy row i and *moved how many rows came
 * before an earlier time. When tcol is in order, *out and *order are NULL
 * and *moved 0: use in as it is. The caller frees *out and *order. */
int ll_resample_sort(const struct ll_table *in, size_t tcol, const size_t *cols, size_t ncols,
		     struct ll_table **out, size_t **order, size_t *moved, struct ll_err *err);

/* Builds *out: a time column (same name, bucket starts) then one column per
 * spec column, named as the input column, or "name:agg" when a column
 * appears more than once. Classes are copied in the same order, so class ids
 * keep their meaning. info may be NULL. The caller frees *out. */
int ll_resample(const struct ll_table *in, const struct ll_resample_spec *spec, struct ll_table **out,
		struct ll_resample_info *info, struct ll_err *err);

#endif
