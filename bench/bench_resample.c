/*
 * bench/bench_resample.c - throughput of ll_resample: a table of ROWS rows
 * (one a second, default 10M) x COLS numeric columns (default 20) with 1%
 * missing values and labels, down-sampled to 10 s and to 1 min with several
 * aggregators and NaN policies. Prints rows/s for each; see bench/FEATURES.md.
 *
 * Usage: bench_resample [ROWS [COLS]]
 */
#include "ll_resample.h"
#include "ll_table.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	size_t rows = argc > 1 ? (size_t)atol(argv[1]) : 10000000, cols = argc > 2 ? (size_t)atol(argv[2]) : 20;
	if (rows == 0 || cols == 0 || cols > 1000) {
		fprintf(stderr, "usage: bench_resample [ROWS [COLS]]\n");
		return 1;
	}
	struct ll_table *t = ll_table_new();
	if (!t || ll_table_reserve(t, rows) != LL_OK) {
		fprintf(stderr, "out of memory for %zu rows\n", rows);
		return 3;
	}
	ll_table_add_column(t, "time", LL_COL_TIME);
	char name[32];
	for (size_t c = 0; c < cols; c++) {
		snprintf(name, sizeof name, "m%zu", c);
		ll_table_add_column(t, name, LL_COL_NUM);
	}
	int normal = ll_table_class_id(t, "normal", 6), anom = ll_table_class_id(t, "anomaly", 7);
	double t0 = now();
	uint64_t s = 88172645463325252ULL;
	for (size_t r = 0; r < rows; r++) {
		long row = ll_table_append_row(t);
		if (row < 0) {
			fprintf(stderr, "out of memory at row %zu\n", r);
			return 3;
		}
		ll_table_set_num(t, r, 0, 1.5e9 + (double)r);
		for (size_t c = 0; c < cols; c++) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			double v = (double)(s >> 11) * (1.0 / 9007199254740992.0);
			ll_table_set_num(t, r, c + 1, (s & 127) == 0 ? NAN : c % 4 == 3 ? (double)r * 10 + v : v * 100);
		}
		ll_table_set_label(t, r, r % 1000 < 3 ? anom : normal);
	}
	printf("built %zu rows x %zu columns in %.2f s\n", rows, cols, now() - t0);
	size_t *idx = malloc(cols * sizeof *idx);
	enum ll_agg *mixed = malloc(cols * sizeof *mixed);
	for (size_t c = 0; c < cols; c++) {
		idx[c] = c + 1;
		mixed[c] = (enum ll_agg)(c % 8);
	}
	struct {
		const char *what;
		double interval;
		const enum ll_agg *aggs;
		enum ll_agg agg;
		enum ll_nan_policy nan;
	} runs[] = {
		{"10s mean, drop", 10, NULL, LL_AGG_MEAN, LL_NAN_DROP},
		{"10s all 8 aggregators mixed, interp", 10, mixed, LL_AGG_MEAN, LL_NAN_INTERP},
		{"1min rate, ffill", 60, NULL, LL_AGG_RATE, LL_NAN_FFILL},
		{"1h max, zero", 3600, NULL, LL_AGG_MAX, LL_NAN_ZERO},
	};
	for (size_t q = 0; q < sizeof runs / sizeof *runs; q++) {
		struct ll_resample_spec spec = {runs[q].interval, 0, cols, idx, runs[q].aggs, runs[q].agg, runs[q].nan,
						normal};
		struct ll_table *o;
		struct ll_err err;
		double a = now();
		if (ll_resample(t, &spec, &o, NULL, &err) != LL_OK) {
			fprintf(stderr, "%s\n", err.msg);
			return 2;
		}
		double dt = now() - a;
		printf("%-40s %8zu rows out  %6.3f s  %6.1f M rows/s  %6.1f M cells/s\n", runs[q].what, ll_table_nrows(o),
		       dt, (double)rows / dt / 1e6, (double)rows * (double)cols / dt / 1e6);
		ll_table_free(o);
	}
	free(idx);
	free(mixed);
	ll_table_free(t);
	return 0;
}
