/*
 * tests/core/test_resample.c - down-sampling against a naive reference
 * written here from the definitions in ll_resample.h (for each bucket, scan
 * every row; for rate, walk every pair of consecutive values), on random
 * data with NaNs, gaps, equal times, counter resets and labels, for every
 * aggregator and NaN policy; plus a dstat example worked by hand, interval
 * parsing and the error cases.
 */
#include "harness.h"
#include <malloc.h>
#include "ll_resample.h"
#include "ll_time.h"
#include "ll_window.h"

enum { NCOL = 3 };

/* Random table: time, 3 numeric columns (~20% NaN; column 2 is a counter
 * that resets), labels normal/anomaly/other or none. A column of fewer
 * than 257 values is kept sparse (ll_table.h), read cell by cell: seed 2
 * fills column a, which makes it an array, and seed 3 leaves column b
 * empty in 19 rows of 20. */
static struct ll_table *random_table(unsigned seed, size_t n)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "time", LL_COL_TIME);
	ll_table_add_column(t, "a", LL_COL_NUM);
	ll_table_add_column(t, "b", LL_COL_NUM);
	ll_table_add_column(t, "ctr", LL_COL_NUM);
	ll_table_add_column(t, "note", LL_COL_TEXT);
	ll_table_class_id(t, "anomaly", 7);
	ll_table_class_id(t, "normal", 6);
	ll_table_class_id(t, "other", 5);
	srand(seed);
	double tm = 1000.3, ctr = 0;
	for (size_t i = 0; i < n; i++) {
		int step = rand() % 10;
		/* mostly 0.5-1 s apart, sometimes the same instant, sometimes a gap */
		tm += step == 0 ? 0 : step < 8 ? 0.5 * (rand() % 3) : 7 + rand() % 20;
		long r = ll_table_append_row(t);
		ll_table_set_num(t, (size_t)r, 0, i == 17 ? NAN : tm); /* one row without time */
		for (int c = 1; c <= 2; c++) {
			int missing = seed == 3 && c == 2 ? rand() % 20 != 0 : rand() % 5 == 0 && !(seed == 2 && c == 1);
			ll_table_set_num(t, (size_t)r, (size_t)c, missing ? NAN : (double)(rand() % 1000) / 8.0 - 40);
		}
		ctr = rand() % 40 == 0 ? (double)(rand() % 5) : ctr + rand() % 100;
		ll_table_set_num(t, (size_t)r, 3, rand() % 6 == 0 ? NAN : ctr);
		int l = rand() % 10;
		ll_table_set_label(t, (size_t)r, l < 6 ? 1 : l == 6 ? 0 : l == 7 ? 2 : LL_NO_LABEL);
	}
	return t;
}

/* The reference: out[b * NCOL + c], labels[b]; returns buckets. */
static size_t naive(const struct ll_table *t, double iv, enum ll_agg agg, double *out, int *labels, double *start)
{
	size_t n = ll_table_nrows(t);
	double tmin = INFINITY, tmax = -INFINITY;
	for (size_t r = 0; r < n; r++) {
		double tm = ll_table_num(t, r, 0);
		if (isnan(tm))
			continue;
		tmin = fmin(tmin, tm);
		tmax = fmax(tmax, tm);
	}
	double base = floor(tmin / iv);
	size_t nb = (size_t)(floor(tmax / iv) - base) + 1;
	for (size_t b = 0; b < nb; b++) {
		start[b] = (base + (double)b) * iv;
		size_t counts[3] = {0, 0, 0};
		int anyrow = 0;
		for (size_t r = 0; r < n; r++) {
			double tm = ll_table_num(t, r, 0);
			if (!isnan(tm) && (size_t)(floor(tm / iv) - base) == b && ll_table_label(t, r) >= 0)
				counts[ll_table_label(t, r)]++;
		}
		labels[b] = ll_label_vote(counts, 3, 1);
		for (size_t c = 0; c < NCOL; c++) {
			double sum = 0, mn = INFINITY, mx = -INFINITY, first = NAN, last = NAN, inc = 0, dt = 0;
			size_t cnt = 0;
			double pv = NAN, pt = NAN;
			for (size_t r = 0; r < n; r++) {
				double tm = ll_table_num(t, r, 0), v = ll_table_num(t, r, c + 1);
				if (isnan(tm))
					continue;
				int inb = (size_t)(floor(tm / iv) - base) == b;
				anyrow |= inb;
				if (isnan(v))
					continue;
				if (inb) {
					if (!cnt)
						first = v;
					cnt++;
					sum += v;
					mn = fmin(mn, v);
					mx = fmax(mx, v);
					last = v;
					if (!isnan(pv)) {
						inc += v >= pv ? v - pv : v;
						dt += tm - pt;
					}
				}
				pv = v;
				pt = tm;
			}
			double val;
			switch (agg) {
			case LL_AGG_MEAN: val = cnt ? sum / (double)cnt : NAN; break;
			case LL_AGG_MIN: val = cnt ? mn : NAN; break;
			case LL_AGG_MAX: val = cnt ? mx : NAN; break;
			case LL_AGG_SUM: val = cnt ? sum : NAN; break;
			case LL_AGG_FIRST: val = first; break;
			case LL_AGG_LAST: val = last; break;
			case LL_AGG_COUNT: val = (double)cnt; break;
			default: val = dt > 0 ? inc / dt : NAN; break;
			}
			out[b * NCOL + c] = val;
		}
		if (!anyrow)
			labels[b] = LL_NO_LABEL;
	}
	return nb;
}

/* The policies, written the slow obvious way on one column. */
static void naive_fill(double *v, size_t nb, enum ll_nan_policy p)
{
	double *orig = malloc(nb * NCOL * sizeof *orig);
	memcpy(orig, v, nb * NCOL * sizeof *orig);
	for (size_t c = 0; c < NCOL; c++)
		for (size_t b = 0; b < nb; b++) {
			/* mean leaves the gaps to the feature build */
			if (!isnan(orig[b * NCOL + c]) || p == LL_NAN_DROP || p == LL_NAN_MEAN)
				continue;
			if (p == LL_NAN_ZERO) {
				v[b * NCOL + c] = 0;
				continue;
			}
			long before = -1, after = -1;
			for (long q = (long)b - 1; q >= 0 && before < 0; q--)
				if (!isnan(orig[q * NCOL + c]))
					before = q;
			for (size_t q = b + 1; q < nb && after < 0; q++)
				if (!isnan(orig[q * NCOL + c]))
					after = (long)q;
			if (before < 0 && after < 0)
				continue;
			if (before < 0)
				v[b * NCOL + c] = orig[after * NCOL + c];
			else if (after < 0 || p == LL_NAN_FFILL)
				v[b * NCOL + c] = orig[before * NCOL + c];
			else {
				double a = orig[before * NCOL + c], z = orig[after * NCOL + c];
				v[b * NCOL + c] = a + (z - a) * ((double)((long)b - before) / (double)(after - before));
			}
		}
	free(orig);
}

static void test_against_naive(void)
{
	static const enum ll_agg aggs[] = {LL_AGG_MEAN, LL_AGG_MIN,   LL_AGG_MAX,   LL_AGG_SUM,
					   LL_AGG_LAST, LL_AGG_FIRST, LL_AGG_COUNT, LL_AGG_RATE};
	static const double ivs[] = {5, 1, 60};
	size_t cols[NCOL] = {1, 2, 3};
	int bad = 0;
	/* one random table under valgrind (LL_VALGRIND), with a sparse
	 * column: the same paths */
	for (unsigned seed = getenv("LL_VALGRIND") ? 3 : 1; seed <= 3; seed++) {
		struct ll_table *t = random_table(seed, 300);
		CHECK((seed == 2) == (ll_table_column_dense(t, 1) != NULL));
		for (size_t q = 0; q < sizeof ivs / sizeof *ivs; q++)
			for (size_t a = 0; a < 8; a++) {
				/* the reference buckets do not depend on the NaN policy:
				 * computed once (the naive pass over every row for every
				 * bucket was most of this test's CPU), filled per policy */
				static double raw[40000 * NCOL], start[40000];
				static int labels[40000];
				size_t nb = naive(t, ivs[q], aggs[a], raw, labels, start);
				for (int p = LL_NAN_DROP; p <= LL_NAN_MEAN; p++) {
					double *ref = malloc(40000 * NCOL * sizeof *ref);
					memcpy(ref, raw, nb * NCOL * sizeof *ref);
					naive_fill(ref, nb, (enum ll_nan_policy)p);
					struct ll_resample_spec spec = {ivs[q], -1, NCOL, cols, NULL, aggs[a],
									(enum ll_nan_policy)p, 1};
					struct ll_table *o;
					struct ll_resample_info info;
					struct ll_err err;
					int rc = ll_resample(t, &spec, &o, &info, &err);
					CHECK_INT(rc, LL_OK);
					if (rc) {
						free(ref);
						continue;
					}
					CHECK_INT(info.rows_no_time, 1);
					CHECK_INT(info.buckets, nb);
					size_t r = 0;
					for (size_t b = 0; b < nb; b++) {
						int drop = 0;
						for (size_t c = 0; c < NCOL; c++)
							drop |= p == LL_NAN_DROP && isnan(ref[b * NCOL + c]);
						if (drop)
							continue;
						if (r >= ll_table_nrows(o)) {
							bad++;
							break;
						}
						bad += ll_table_num(o, r, 0) != start[b];
						bad += ll_table_label(o, r) != labels[b];
						for (size_t c = 0; c < NCOL; c++) {
							double x = ll_table_num(o, r, c + 1), y = ref[b * NCOL + c];
							if (isnan(x) != isnan(y) || (!isnan(y) && fabs(x - y) > 1e-9 * fmax(1, fabs(y)))) {
								if (bad < 10)
									fprintf(stderr, "seed %u iv %g %s %s bucket %zu col %zu: %g vs %g\n", seed,
										ivs[q], ll_agg_name(aggs[a]), ll_nan_policy_name((enum ll_nan_policy)p), b, c, x, y);
								bad++;
							}
						}
						r++;
					}
					CHECK_INT(ll_table_nrows(o), r);
					ll_table_free(o);
					free(ref);
				}
			}
		ll_table_free(t);
	}
	CHECK_INT(bad, 0);
}

/* ciml_talk_dstat_sample.csv: 15 rows, 16/02/2019 21:44:52 to 21:45:06, one
 * a second. 10 s buckets: 21:44:50 holds rows :52-:59 (8 rows), 21:45:00 rows
 * :00-:06 (7). Worked with awk on the file: usr sums 23.336 and 23.647, so
 * means 2.917 and 3.378142857142857; maxima 7.449 and 9.85; last 1.385 and
 * 3.88; last of "1m" 0.9 and 0.82. */
static void test_dstat_by_hand(void)
{
	char line[512];
	FILE *f = fopen(ll_test_data("dstat/ciml_talk_dstat_sample.csv"), "r");
	CHECK(f != NULL);
	if (!f)
		return;
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "time", LL_COL_TIME);
	ll_table_add_column(t, "usr", LL_COL_NUM);
	ll_table_add_column(t, "used", LL_COL_NUM);
	ll_table_add_column(t, "writ", LL_COL_NUM);
	ll_table_add_column(t, "1m", LL_COL_NUM);
	CHECK(fgets(line, sizeof line, f) != NULL); /* header */
	while (fgets(line, sizeof line, f)) {
		int d, mo, y, h, mi, s;
		double v[4];
		if (sscanf(line, "%d/%d/%d %d:%d:%d,%lf,%lf,%lf,%lf", &d, &mo, &y, &h, &mi, &s, &v[0], &v[1], &v[2], &v[3]) != 10)
			continue;
		long r = ll_table_append_row(t);
		ll_table_set_num(t, (size_t)r, 0, ll_time_from_civil(y, mo, d, h, mi, s));
		for (int c = 0; c < 4; c++)
			ll_table_set_num(t, (size_t)r, (size_t)c + 1, v[c]);
	}
	fclose(f);
	CHECK_INT(ll_table_nrows(t), 15);
	size_t cols[] = {1, 1, 1, 4};
	enum ll_agg aggs[] = {LL_AGG_MEAN, LL_AGG_MAX, LL_AGG_LAST, LL_AGG_LAST};
	double iv;
	struct ll_err err;
	CHECK_INT(ll_interval_parse("10s", &iv, &err), LL_OK);
	struct ll_resample_spec spec = {iv, -1, 4, cols, aggs, LL_AGG_MEAN, LL_NAN_DROP, -1};
	struct ll_table *o;
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_OK);
	CHECK_INT(ll_table_nrows(o), 2);
	CHECK_INT(ll_table_ncols(o), 5);
	CHECK_STR(ll_table_col_name(o, 1), "usr:mean");
	CHECK_STR(ll_table_col_name(o, 2), "usr:max");
	CHECK_STR(ll_table_col_name(o, 4), "1m");
	CHECK_NEAR(ll_table_num(o, 0, 0), ll_time_from_civil(2019, 2, 16, 21, 44, 50), 0);
	CHECK_NEAR(ll_table_num(o, 1, 0), ll_time_from_civil(2019, 2, 16, 21, 45, 0), 0);
	CHECK_NEAR(ll_table_num(o, 0, 1), 2.917, 1e-12);
	CHECK_NEAR(ll_table_num(o, 1, 1), 23.647 / 7, 1e-12);
	CHECK_NEAR(ll_table_num(o, 0, 2), 7.449, 0);
	CHECK_NEAR(ll_table_num(o, 1, 2), 9.85, 0);
	CHECK_NEAR(ll_table_num(o, 0, 3), 1.385, 0);
	CHECK_NEAR(ll_table_num(o, 1, 3), 3.88, 0);
	CHECK_NEAR(ll_table_num(o, 0, 4), 0.9, 0);
	CHECK_NEAR(ll_table_num(o, 1, 4), 0.82, 0);
	ll_table_free(o);
	ll_table_free(t);
}

/* Labels: an anomaly anywhere in a bucket makes the bucket an anomaly. */
static void test_labels_and_rate(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "t", LL_COL_TIME);
	ll_table_add_column(t, "bytes", LL_COL_NUM);
	int normal = ll_table_class_id(t, "normal", 6), anom = ll_table_class_id(t, "anomaly", 7);
	CHECK_INT(ll_ordinary_class(t), normal);
	/* a counter 100, 160, 220, reset to 30, 90 at 1 s steps */
	double v[] = {100, 160, 220, 30, 90};
	for (int i = 0; i < 5; i++) {
		long r = ll_table_append_row(t);
		ll_table_set_num(t, (size_t)r, 0, 60.0 + i);
		ll_table_set_num(t, (size_t)r, 1, v[i]);
		ll_table_set_label(t, (size_t)r, i == 3 ? anom : normal);
	}
	size_t col = 1;
	struct ll_resample_spec spec = {60, -1, 1, &col, NULL, LL_AGG_RATE, LL_NAN_ZERO, normal};
	struct ll_table *o;
	struct ll_err err;
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_OK);
	/* increases 60 + 60 + 30 (reset: counted from 0) + 60 over 4 s */
	CHECK_NEAR(ll_table_num(o, 0, 1), 210.0 / 4, 1e-12);
	CHECK_INT(ll_table_label(o, 0), anom);
	ll_table_free(o);
	/* with no ordinary class, a plain majority */
	spec.ordinary = -1;
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_OK);
	CHECK_INT(ll_table_label(o, 0), normal);
	ll_table_free(o);
	/* time going backwards is refused with the row */
	ll_table_set_num(t, 2, 0, 10);
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 2: time goes backwards") != NULL);
	ll_table_free(t);
}

static void test_parse_and_errors(void)
{
	double s;
	struct ll_err err;
	struct {
		const char *in;
		double sec;
	} ok[] = {{"10s", 10}, {"1min", 60}, {"5m", 300}, {"1h", 3600}, {"1d", 86400}, {"500ms", 0.5}, {"2.5", 2.5},
		  {"1w", 604800}, {"3 h", 10800}, {"1h30m", 5400}, {"1m30s", 90}, {"250us", 250e-6}, {"1s500ms", 1.5}};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		CHECK_INT(ll_interval_parse(ok[i].in, &s, &err), LL_OK);
		CHECK_NEAR(s, ok[i].sec, 1e-12);
	}
	const char *bad[] = {"", "s", "10x", "0s", "-5s", "1e999s", "nan", "-1h30m", "30s1m", "1h 30m", "10 s s"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK_INT(ll_interval_parse(bad[i], &s, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "bad interval") != NULL);
	enum ll_agg a;
	CHECK_INT(ll_agg_parse("rate", &a, &err), LL_OK);
	CHECK_INT(a, LL_AGG_RATE);
	CHECK_INT(ll_agg_parse("median", &a, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "unknown aggregator 'median'") != NULL);
	enum ll_nan_policy p;
	CHECK_INT(ll_nan_policy_parse("interpolate", &p, &err), LL_OK);
	CHECK_INT(p, LL_NAN_INTERP);
	CHECK_INT(ll_nan_policy_parse("mean", &p, &err), LL_OK);
	CHECK_INT(p, LL_NAN_MEAN);
	CHECK_STR(ll_nan_policy_name(LL_NAN_MEAN), "mean");
	/* the policy apply mode uses inside is no user's word */
	CHECK_INT(ll_nan_policy_parse("keep", &p, &err), LL_EUSAGE);
	CHECK_INT(ll_nan_policy_parse("median", &p, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "use drop, ffill, zero, interp or mean") != NULL);

	struct ll_table *t = random_table(9, 50);
	struct ll_table *o;
	size_t col = 4; /* text */
	struct ll_resample_spec spec = {10, -1, 1, &col, NULL, LL_AGG_MEAN, LL_NAN_DROP, -1};
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "column 'note' is text") != NULL);
	col = 40;
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_EUSAGE);
	col = 1;
	spec.interval = 0;
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_EUSAGE);
	/* a microsecond interval over minutes of data would flood the output */
	spec.interval = 1e-6;
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "choose a longer interval") != NULL);
	ll_table_free(t);
	/* no time column at all */
	t = ll_table_new();
	ll_table_add_column(t, "x", LL_COL_NUM);
	ll_table_append_row(t);
	col = 0;
	spec.interval = 1;
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "needs a time column") != NULL);
	ll_table_free(t);
}

/* A long table whose metric has a value in few rows (records of many
 * kinds): resampled without an array of it, which would stay with the
 * table (8 bytes a row), and to the sums the values give. */
static void test_sparse_column(void)
{
	size_t n = 200000;
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "time", LL_COL_TIME);
	ll_table_add_column(t, "rare", LL_COL_NUM);
	CHECK_INT(ll_table_reserve(t, n), LL_OK);
	for (size_t i = 0; i < n; i++) {
		ll_table_append_row(t);
		ll_table_set_num(t, i, 0, 1000.0 + (double)i);
		if (i % 1000 == 0)
			ll_table_set_num(t, i, 1, (double)(i / 1000));
	}
	CHECK(ll_table_column_dense(t, 1) == NULL);
	size_t col = 1;
	struct ll_resample_spec spec = {10000, -1, 1, &col, NULL, LL_AGG_SUM, LL_NAN_ZERO, -1};
	struct ll_table *o = NULL;
	struct ll_err err;
	struct mallinfo2 before = mallinfo2();
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_OK);
	ll_table_free(o);
	struct mallinfo2 after = mallinfo2();
	/* an array that large is mapped on its own (hblkhd) */
	long grew = (long)(after.uordblks + after.hblkhd) - (long)(before.uordblks + before.hblkhd);
	if (grew > (long)(n * sizeof(double)) / 4)
		fprintf(stderr, "resampling a sparse column kept %ld bytes\n", grew);
	CHECK(grew <= (long)(n * sizeof(double)) / 4);
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_OK);
	/* buckets of 10,000 s from t = 0: rows 0-8999 in the first (values
	 * 0..8: 36), then ten values each (rows 9000-18999: 9..18, 135) */
	CHECK(o && ll_table_num(o, 0, 1) == 36 && ll_table_num(o, 1, 1) == 135);
	ll_table_free(o);
	ll_table_free(t);
}

/* Rows out of time order: ll_resample_sort gives a stably sorted copy of
 * the time and feature columns (rows without a time last), labels kept,
 * and each copy row's input row; the copy resamples as sorted input does. */
static void test_sort(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "host", LL_COL_TEXT);
	ll_table_add_column(t, "t", LL_COL_TIME);
	ll_table_add_column(t, "v", LL_COL_NUM);
	int normal = ll_table_class_id(t, "normal", 6), bad = ll_table_class_id(t, "bad", 3);
	double tv[] = {20, 5, NAN, 20, 1, 30};
	double vv[] = {1, 2, 3, 4, 5, 6};
	for (int i = 0; i < 6; i++) {
		long r = ll_table_append_row(t);
		ll_table_set_num(t, (size_t)r, 1, tv[i]);
		ll_table_set_num(t, (size_t)r, 2, vv[i]);
		ll_table_set_label(t, (size_t)r, i == 1 ? bad : normal);
	}
	size_t col = 2, *order = NULL, moved = 0;
	struct ll_table *s = NULL;
	struct ll_err err;
	CHECK_INT(ll_resample_sort(t, 1, &col, 1, &s, &order, &moved, &err), LL_OK);
	CHECK_INT(moved, 2); /* 5 after 20, 1 after 20 */
	CHECK(s != NULL && order != NULL);
	if (s && order) {
		size_t want[] = {4, 1, 0, 3, 5, 2}; /* times 1, 5, 20, 20 (input order), 30, none */
		for (int i = 0; i < 6; i++)
			CHECK_INT(order[i], want[i]);
		CHECK_INT(ll_table_ncols(s), 2);
		CHECK_STR(ll_table_col_name(s, 0), "t");
		CHECK_STR(ll_table_col_name(s, 1), "v");
		CHECK_NEAR(ll_table_num(s, 2, 1), 1, 0);
		CHECK_NEAR(ll_table_num(s, 3, 1), 4, 0);
		CHECK_INT(ll_table_label(s, 1), bad);
		CHECK_STR(ll_table_class_name(s, (size_t)bad), "bad");
		/* 10 s buckets of the sorted copy: [0,10) mean 3.5, [10,20) empty, [20,30) 2.5, [30,40) 6 */
		size_t c1 = 1;
		struct ll_resample_spec spec = {10, 0, 1, &c1, NULL, LL_AGG_MEAN, LL_NAN_ZERO, normal};
		struct ll_table *o = NULL;
		CHECK_INT(ll_resample(s, &spec, &o, NULL, &err), LL_OK);
		if (o) {
			CHECK_INT(ll_table_nrows(o), 4);
			CHECK_NEAR(ll_table_num(o, 0, 1), 3.5, 1e-12);
			CHECK_NEAR(ll_table_num(o, 2, 1), 2.5, 1e-12);
			CHECK_NEAR(ll_table_num(o, 3, 1), 6, 1e-12);
			ll_table_free(o);
		}
	}
	ll_table_free(s);
	free(order);
	/* in order already (a repeated time is in order): nothing to copy */
	ll_table_set_num(t, 1, 1, 20);
	ll_table_set_num(t, 4, 1, 25);
	CHECK_INT(ll_resample_sort(t, 1, &col, 1, &s, &order, &moved, &err), LL_OK);
	CHECK(s == NULL && order == NULL && moved == 0);
	/* a text column is no clock */
	CHECK_INT(ll_resample_sort(t, 0, &col, 1, &s, &order, &moved, &err), LL_EUSAGE);
	ll_table_free(t);
}

/* Stamps read from text are doubles a little off their decimal value
 * (12:00:00.300 is 0.29999995 or 0.30000007 past the second): a row stamped
 * on a bucket's start belongs to that bucket, and a rate's step of 0.399 s
 * is 0.399 s. Found by tests/core/features_pandas.py against pandas, which
 * keeps stamps as integer nanoseconds. */
static void test_stamps_on_boundaries(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "t", LL_COL_TIME);
	ll_table_add_column(t, "ctr", LL_COL_NUM);
	for (int i = 0; i < 30; i++) {
		char s[64];
		double tm;
		snprintf(s, sizeof s, "2032-04-14T13:53:%02d.%d00Z", i / 10, i % 10);
		CHECK_INT(ll_time_parse(s, strlen(s), &tm), 1);
		long r = ll_table_append_row(t);
		ll_table_set_num(t, (size_t)r, 0, tm);
		ll_table_set_num(t, (size_t)r, 1, 399.0 * i);
	}
	size_t col = 1;
	struct ll_resample_spec spec = {0.1, -1, 1, &col, NULL, LL_AGG_COUNT, LL_NAN_KEEP, -1};
	struct ll_table *o;
	struct ll_err err;
	struct ll_resample_info info;
	CHECK_INT(ll_interval_parse("100ms", &spec.interval, &err), LL_OK);
	CHECK_INT(ll_resample(t, &spec, &o, &info, &err), LL_OK);
	CHECK_INT(ll_table_nrows(o), 30);
	CHECK_INT(info.empty_buckets, 0);
	size_t ones = 0;
	for (size_t b = 0; b < ll_table_nrows(o); b++) {
		ones += ll_table_num(o, b, 1) == 1;
		/* each bucket starts on its row's stamp */
		CHECK(ll_table_num(o, b, 0) == ll_table_num(t, b, 0));
	}
	CHECK_INT(ones, 30);
	ll_table_free(o);
	/* 399 every 0.1 s: 3990 a second, exactly, in every 1 s bucket */
	spec.interval = 1;
	spec.agg = LL_AGG_RATE;
	CHECK_INT(ll_resample(t, &spec, &o, NULL, &err), LL_OK);
	CHECK_INT(ll_table_nrows(o), 3);
	for (size_t b = 0; b < 3; b++)
		CHECK(ll_table_num(o, b, 1) == 3990.0);
	ll_table_free(o);
	/* an interval of no whole number of microseconds, and times past the
	 * integer clock's range, still bucket as floor(t / interval) */
	spec.interval = 0.1e-6 / 3;
	spec.agg = LL_AGG_COUNT;
	struct ll_table *u = ll_table_new();
	ll_table_add_column(u, "t", LL_COL_TIME);
	ll_table_add_column(u, "v", LL_COL_NUM);
	double far[] = {0, 1e-7, 2e-7};
	for (int i = 0; i < 3; i++) {
		long r = ll_table_append_row(u);
		ll_table_set_num(u, (size_t)r, 0, far[i]);
		ll_table_set_num(u, (size_t)r, 1, 1);
	}
	CHECK_INT(ll_resample(u, &spec, &o, NULL, &err), LL_OK);
	CHECK_INT(ll_table_nrows(o), (size_t)(floor(2e-7 / spec.interval) + 1));
	ll_table_free(o);
	/* before 1970, buckets still floor: -0.25 s is in [-0.3, -0.2) */
	spec.interval = 0.1;
	ll_table_set_num(u, 0, 0, -0.25);
	ll_table_set_num(u, 1, 0, -0.1);
	ll_table_set_num(u, 2, 0, 0.05);
	CHECK_INT(ll_resample(u, &spec, &o, NULL, &err), LL_OK);
	CHECK_INT(ll_table_nrows(o), 4);
	CHECK(ll_table_num(o, 0, 0) == -0.3);
	CHECK(ll_table_num(o, 2, 1) == 1 && ll_table_num(o, 1, 1) == 0);
	ll_table_free(o);
	spec.interval = 1e12;
	ll_table_set_num(u, 0, 0, 2e12);
	ll_table_set_num(u, 1, 0, 3.5e12);
	ll_table_set_num(u, 2, 0, 4e12);
	CHECK_INT(ll_resample(u, &spec, &o, NULL, &err), LL_OK);
	CHECK_INT(ll_table_nrows(o), 3);
	CHECK(ll_table_num(o, 1, 0) == 3e12);
	ll_table_free(o);
	ll_table_free(u);
	ll_table_free(t);
}

int main(void)
{
	test_against_naive();
	test_dstat_by_hand();
	test_labels_and_rate();
	test_parse_and_errors();
	test_sort();
	test_sparse_column();
	test_stamps_on_boundaries();
	TEST_MAIN_END();
}
