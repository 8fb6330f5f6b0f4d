/* tests/core/test_table.c - ll_table and ll_err behaviour. */
#include "harness.h"
#include "ll_err.h"
#include "ll_table.h"

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_columns_and_rows(void)
{
	struct ll_table *t = ll_table_new();
	CHECK(t != NULL);
	int c_msg = ll_table_add_column(t, "msg", LL_COL_TEXT);
	int c_val = ll_table_add_column(t, "value", LL_COL_NUM);
	CHECK_INT(c_msg, 0);
	CHECK_INT(c_val, 1);
	CHECK_INT(ll_table_ncols(t), 2);
	for (int i = 0; i < 1000; i++) {
		long r = ll_table_append_row(t);
		CHECK_INT(r, i);
		char buf[32];
		int n = snprintf(buf, sizeof buf, "row %d", i);
		CHECK_INT(ll_table_set_text(t, (size_t)r, (size_t)c_msg, buf, (size_t)n), LL_OK);
		CHECK_INT(ll_table_set_num(t, (size_t)r, (size_t)c_val, i * 0.5), LL_OK);
	}
	CHECK_INT(ll_table_nrows(t), 1000);
	CHECK_STR(ll_table_text(t, 999, 0), "row 999");
	CHECK_NEAR(ll_table_num(t, 10, 1), 5.0, 0);
	CHECK(ll_table_text(t, 0, 1) == NULL);
	CHECK(isnan(ll_table_num(t, 0, 0)));
	CHECK_INT(ll_table_set_num(t, 0, 0, 1.0), LL_EUSAGE);
	CHECK_INT(ll_table_set_text(t, 0, 1, "x", 1), LL_EUSAGE);
	CHECK_INT(ll_table_set_num(t, 5000, 1, 1.0), LL_EUSAGE);
	/* a column added late is filled as missing */
	int c_late = ll_table_add_column(t, "late", LL_COL_NUM);
	CHECK(isnan(ll_table_num(t, 500, (size_t)c_late)));
	int c_late_txt = ll_table_add_column(t, "late_txt", LL_COL_TEXT);
	CHECK_STR(ll_table_text(t, 500, (size_t)c_late_txt), "");
	CHECK_INT(ll_table_find_column(t, "value"), 1);
	CHECK_INT(ll_table_find_column(t, "nope"), -1);
	CHECK_INT(ll_table_rename_column(t, 1, "v"), LL_OK);
	CHECK_STR(ll_table_col_name(t, 1), "v");
	const double *col = ll_table_column_data(t, 1);
	CHECK(col != NULL && col[2] == 1.0);
	char buf[64];
	ll_table_format_cell(t, 3, 1, buf, sizeof buf);
	CHECK_STR(buf, "1.5");
	ll_table_format_cell(t, 3, (size_t)c_late, buf, sizeof buf);
	CHECK_STR(buf, "");
	/* dropping columns: the rest keep order and cells, the label source follows */
	size_t before = ll_table_ncols(t);
	ll_table_set_label_source(t, c_late_txt);
	unsigned char drop[16] = {0};
	drop[1] = drop[c_late] = 1;
	CHECK_INT(ll_table_drop_columns(t, drop), LL_OK);
	CHECK_INT((int)ll_table_ncols(t), (int)before - 2);
	CHECK_INT(ll_table_find_column(t, "v"), -1);
	CHECK_INT(ll_table_find_column(t, "late_txt"), (int)before - 3);
	CHECK_INT(ll_table_label_source(t), (int)before - 3);
	CHECK_STR(ll_table_text(t, 500, (size_t)before - 3), "");
	ll_table_free(t);
}

/* Reserved rows are not cells yet: a row appended after a reserve, or
 * after a doubling, starts missing in every column, with no label, and a
 * column added later is missing in the rows already there. */
static void test_reserved_rows_start_missing(void)
{
	struct ll_table *t = ll_table_new();
	int a = ll_table_add_column(t, "a", LL_COL_NUM), s = ll_table_add_column(t, "s", LL_COL_TEXT);
	CHECK_INT(ll_table_reserve(t, 1000), LL_OK);
	for (int i = 0; i < 700; i++) {
		long r = ll_table_append_row(t);
		CHECK(r == i);
		if (i % 2)
			ll_table_set_num(t, (size_t)r, (size_t)a, i);
	}
	int b = ll_table_add_column(t, "b", LL_COL_NUM);
	for (int i = 700; i < 2500; i++) /* past the reserve: two doublings */
		CHECK(ll_table_append_row(t) == i);
	size_t missing = 0, set = 0, blank = 0, unlabelled = 0;
	for (size_t r = 0; r < 2500; r++) {
		missing += isnan(ll_table_num(t, r, (size_t)b));
		set += r < 700 && r % 2 ? ll_table_num(t, r, (size_t)a) == (double)r : isnan(ll_table_num(t, r, (size_t)a));
		const char *txt = ll_table_text(t, r, (size_t)s);
		blank += txt && txt[0] == '\0';
		unlabelled += ll_table_label(t, r) == LL_NO_LABEL;
	}
	/* a count whose bytes overflow is refused, and the table stays usable */
	CHECK_INT(ll_table_reserve(t, SIZE_MAX / 4 + 2), LL_ENOMEM);
	CHECK(ll_table_append_row(t) == 2500);
	CHECK(isnan(ll_table_num(t, 2500, (size_t)b)));
	CHECK_INT(missing, 2500);
	CHECK_INT(set, 2500);
	CHECK_INT(blank, 2500);
	CHECK_INT(unlabelled, 2500);
	ll_table_free(t);
}

static void test_convert(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "n", LL_COL_TEXT);
	ll_table_add_column(t, "when", LL_COL_TEXT);
	const char *nums[] = {"1.5", "", "abc", "-2e3"};
	const char *times[] = {"2015-07-10 14:24:00", "1475708693.291", "", "Jun 14 15:16:01"};
	for (int i = 0; i < 4; i++) {
		ll_table_append_row(t);
		ll_table_set_text(t, (size_t)i, 0, nums[i], strlen(nums[i]));
		ll_table_set_text(t, (size_t)i, 1, times[i], strlen(times[i]));
	}
	CHECK_INT(ll_table_convert_column(t, 0, LL_COL_NUM), 1);
	CHECK_NEAR(ll_table_num(t, 0, 0), 1.5, 0);
	CHECK(isnan(ll_table_num(t, 1, 0)));
	CHECK(isnan(ll_table_num(t, 2, 0)));
	CHECK_NEAR(ll_table_num(t, 3, 0), -2000, 0);
	CHECK_INT(ll_table_convert_column(t, 1, LL_COL_TIME), 0);
	CHECK_NEAR(ll_table_num(t, 0, 1), 1436538240.0, 0);
	CHECK_NEAR(ll_table_num(t, 1, 1), 1475708693.291, 1e-6);
	CHECK_INT(ll_table_col_type(t, 1), LL_COL_TIME);
	char buf[64];
	ll_table_format_cell(t, 0, 1, buf, sizeof buf);
	CHECK_STR(buf, "2015-07-10 14:24:00");
	/* rows added after conversion still get NaN */
	ll_table_append_row(t);
	CHECK(isnan(ll_table_num(t, 4, 0)));
	/* times back to text: as they are formatted, empty where none */
	ll_table_set_num(t, 4, 1, 1436538240.0);
	CHECK_INT(ll_table_convert_column(t, 1, LL_COL_TEXT), 0);
	CHECK_INT(ll_table_col_type(t, 1), LL_COL_TEXT);
	CHECK_STR(ll_table_text(t, 0, 1), "2015-07-10 14:24:00");
	CHECK_STR(ll_table_text(t, 2, 1), "");
	CHECK_STR(ll_table_text(t, 4, 1), "2015-07-10 14:24:00");
	/* a number column with values does not become text */
	CHECK_INT(ll_table_convert_column(t, 0, LL_COL_TEXT), LL_EUSAGE);
	ll_table_free(t);
}

static void test_labels_notes_meta_segments(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "line", LL_COL_TEXT);
	for (int i = 0; i < 10; i++)
		ll_table_append_row(t);
	int normal = ll_table_class_id(t, "normal", 6);
	int alert = ll_table_class_id(t, "KERNDTLB-extra", 8);
	CHECK_INT(normal, 0);
	CHECK_INT(alert, 1);
	CHECK_INT(ll_table_class_id(t, "KERNDTLB", 8), 1);
	CHECK_STR(ll_table_class_name(t, 1), "KERNDTLB");
	CHECK_INT(ll_table_find_class(t, "normal"), 0);
	CHECK_INT(ll_table_find_class(t, "x"), -1);
	CHECK_INT(ll_table_label(t, 3), LL_NO_LABEL);
	for (int i = 0; i < 7; i++)
		CHECK_INT(ll_table_set_label(t, (size_t)i, normal), LL_OK);
	ll_table_set_label(t, 8, alert);
	CHECK_INT(ll_table_set_label(t, 8, 5), LL_EUSAGE);
	size_t counts[2], none;
	ll_table_label_counts(t, counts, &none);
	CHECK_INT(counts[0], 7);
	CHECK_INT(counts[1], 1);
	CHECK_INT(none, 2);
	CHECK_INT(ll_table_note(t, "line %d: broken quote", 3), LL_OK);
	CHECK_INT(ll_table_nnotes(t), 1);
	CHECK_STR(ll_table_note_text(t, 0), "line 3: broken quote");
	ll_table_set_meta(t, "format", "csv");
	ll_table_set_meta(t, "format", "dstat");
	CHECK_STR(ll_table_meta(t, "format"), "dstat");
	CHECK(ll_table_meta(t, "nope") == NULL);
	int dims[] = {1, 4, 9};
	CHECK_INT(ll_table_add_segment(t, 2, 5, dims, 3, "metric"), LL_OK);
	CHECK_INT(ll_table_add_segment(t, 5, 2, NULL, 0, NULL), LL_EUSAGE);
	CHECK_INT(ll_table_nsegments(t), 1);
	const struct ll_segment *s = ll_table_segment(t, 0);
	CHECK(s && s->start == 2 && s->end == 5 && s->ndims == 3 && s->dims[2] == 9);
	CHECK_STR(s->tag, "metric");
	ll_table_free(t);
}

static void test_err(void)
{
	struct ll_err e;
	ll_err_clear(&e);
	CHECK_INT(e.code, LL_OK);
	CHECK_INT(ll_err_set(&e, LL_EDATA, "%s:%d: bad", "f.csv", 3), LL_EDATA);
	CHECK_STR(e.msg, "f.csv:3: bad");
	CHECK_INT(ll_err_errno(&e, LL_EIO, 2, "%s", "x"), LL_EIO);
	CHECK_STR(e.msg, "x: No such file or directory");
	CHECK_INT(ll_exit_code(LL_OK), 0);
	CHECK_INT(ll_exit_code(LL_EUSAGE), 1);
	CHECK_INT(ll_exit_code(LL_EDATA), 2);
	CHECK_INT(ll_exit_code(LL_EIO), 3);
	CHECK_INT(ll_exit_code(LL_ENOMEM), 3);
	CHECK_STR(ll_status_name(LL_EDATA), "data error");
	CHECK_INT(ll_err_set(NULL, LL_EIO, "x"), LL_EIO);
}

/* A cell's text set from another cell of the same table (a column joined
 * into another): the pool it lives in moves as it grows, and the copy
 * must still read the text, not freed memory. */
static void test_copy_within(void)
{
	struct ll_table *t = ll_table_new();
	int a = ll_table_add_column(t, "a", LL_COL_TEXT), b = ll_table_add_column(t, "b", LL_COL_TEXT);
	for (int i = 0; i < 2000; i++) {
		long r = ll_table_append_row(t);
		char buf[48];
		int n = snprintf(buf, sizeof buf, "value number %d of column a", i);
		CHECK_INT(ll_table_set_text(t, (size_t)r, (size_t)a, buf, (size_t)n), LL_OK);
	}
	for (size_t r = 0; r < 2000; r++) {
		const char *s = ll_table_text(t, r, (size_t)a);
		CHECK_INT(ll_table_set_text(t, r, (size_t)b, s, strlen(s)), LL_OK);
	}
	CHECK_STR(ll_table_text(t, 0, (size_t)b), "value number 0 of column a");
	CHECK_STR(ll_table_text(t, 1999, (size_t)b), "value number 1999 of column a");
	ll_table_free(t);
}


/* Bytes the heap hands out now (0 under a sanitizer's or valgrind's
 * allocator, which keep their own books: the check then passes). */
static size_t heap_bytes(void)
{
	struct mallinfo2 m = mallinfo2();
	return m.uordblks + m.hblkhd;
}

/* Records of many kinds: 400 columns, each filled in one row of 400. The
 * cells cost what the values do, not rows x columns (64 MB dense here);
 * every cell still reads as written and the rest as missing. */
static void test_sparse_wide(void)
{
	size_t before = heap_bytes();
	struct ll_table *t = ll_table_new();
	enum { COLS = 400, ROWS = 20000 };
	for (int c = 0; c < COLS; c++) {
		char name[16];
		snprintf(name, sizeof name, "k%d", c);
		CHECK_INT(ll_table_add_column(t, name, c % 2 ? LL_COL_TEXT : LL_COL_NUM), c);
	}
	for (size_t r = 0; r < ROWS; r++) {
		CHECK_INT(ll_table_append_row(t), (long)r);
		size_t c = r % COLS;
		if (c % 2) {
			char buf[24];
			int n = snprintf(buf, sizeof buf, "v%zu", r);
			CHECK_INT(ll_table_set_text(t, r, c, buf, (size_t)n), LL_OK);
		} else
			CHECK_INT(ll_table_set_num(t, r, c, (double)r), LL_OK);
	}
	size_t used = heap_bytes() - before;
	CHECK(before == 0 || used < (size_t)8 << 20);
	int bad = 0;
	for (size_t r = 0; r < ROWS; r += 7)
		for (size_t c = 0; c < COLS; c++) {
			int mine = r % COLS == c;
			if (c % 2) {
				char want[24];
				snprintf(want, sizeof want, "v%zu", r);
				bad += strcmp(ll_table_text(t, r, c), mine ? want : "") != 0;
			} else
				bad += mine ? ll_table_num(t, r, c) != (double)r : !isnan(ll_table_num(t, r, c));
		}
	CHECK_INT(bad, 0);
	/* a dense copy on demand, NaN where there is no value */
	const double *v = ll_table_column_data(t, 4);
	CHECK(v != NULL && v[4] == 4.0 && v[404] == 404.0 && isnan(v[5]) && isnan(v[ROWS - 1]));
	CHECK(ll_table_column_data(t, 4) == v);
	/* a write keeps that array the column's storage */
	CHECK_INT(ll_table_set_num(t, 5, 4, -1.0), LL_OK);
	CHECK(ll_table_column_data(t, 4) == v && v[5] == -1.0 && ll_table_num(t, 5, 4) == -1.0);
	char buf[32];
	ll_table_format_cell(t, 404, 4, buf, sizeof buf);
	CHECK_STR(buf, "404");
	ll_table_format_cell(t, 3, 3, buf, sizeof buf);
	CHECK_STR(buf, "v3");
	/* text longer than the buffer: cut there, its whole length returned,
	 * as snprintf would; no room at all writes nothing */
	char big[100];
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK_INT(ll_table_set_text(t, 3, 3, big, strlen(big)), LL_OK);
	char small[8] = "abcdefg";
	CHECK(ll_table_format_cell(t, 3, 3, small, sizeof small) == 99);
	CHECK_STR(small, "qqqqqqq");
	small[0] = 'z';
	CHECK(ll_table_format_cell(t, 3, 3, small, 0) == 99);
	CHECK(small[0] == 'z');
	CHECK(ll_table_format_cell(t, 3, 3, small, 1) == 99 && small[0] == '\0');
	ll_table_free(t);
}

/* Every way to write and read a cell against a plain array: writes in any
 * order (backwards, far before the last value, missing values over
 * present ones, copies), a column filling up past a quarter of its rows,
 * rows appended after a dense copy was taken, and reads in every order
 * (the lookup's hint must never answer for another row). */
static void test_sparse_against_array(void)
{
	enum { ROWS = 30000 };
	double *ref = malloc(ROWS * sizeof *ref);
	struct ll_table *t = ll_table_new();
	int a = ll_table_add_column(t, "a", LL_COL_NUM), s = ll_table_add_column(t, "s", LL_COL_TEXT);
	size_t *tref = calloc(ROWS, sizeof *tref); /* 0: empty, else the number written as text */
	for (size_t r = 0; r < ROWS / 2; r++) {
		CHECK_INT(ll_table_append_row(t), (long)r);
		ref[r] = NAN;
	}
	uint64_t x = 88172645463325252ull;
	const double *view = NULL;
	for (int op = 0; op < 60000; op++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		size_t n = ll_table_nrows(t), r = (size_t)(x >> 20) % n;
		switch ((x >> 8) % 8) {
		case 0: /* a value backwards from the end */
			r = n - 1 - (size_t)(op % 97);
			/* fall through */
		case 1:
		case 2:
			ref[r] = (double)op;
			CHECK_INT(ll_table_set_num(t, r, (size_t)a, (double)op), LL_OK);
			break;
		case 3: /* missing over whatever is there */
			ref[r] = NAN;
			CHECK_INT(ll_table_set_num(t, r, (size_t)a, NAN), LL_OK);
			break;
		case 4: { /* a copy from another row */
			size_t f = (size_t)(x >> 40) % n;
			ref[r] = ref[f];
			tref[r] = tref[f];
			CHECK_INT(ll_table_copy_cell(t, r, (size_t)a, f), LL_OK);
			CHECK_INT(ll_table_copy_cell(t, r, (size_t)s, f), LL_OK);
			break;
		}
		case 5: { /* text, now and then empty */
			char buf[24];
			int len = op % 5 ? snprintf(buf, sizeof buf, "%d", op) : 0;
			tref[r] = len ? (size_t)op : 0;
			CHECK_INT(ll_table_set_text(t, r, (size_t)s, buf, (size_t)len), LL_OK);
			break;
		}
		case 6: /* more rows */
			if (n < ROWS) {
				CHECK_INT(ll_table_append_row(t), (long)n);
				ref[n] = NAN;
			}
			break;
		default: /* a dense copy, which later rows and writes must not break */
			if (op % 3 == 0)
				view = ll_table_column_data(t, (size_t)a);
			break;
		}
		if (op % 5000 == 4999 || op == 60000 - 1) {
			size_t bad = 0;
			n = ll_table_nrows(t);
			for (size_t i = 0; i < n; i++) { /* forwards */
				double v = ll_table_num(t, i, (size_t)a);
				bad += isnan(ref[i]) ? !isnan(v) : v != ref[i];
			}
			for (size_t i = n; i-- > 0;) { /* backwards, with the text */
				char want[24] = "";
				if (tref[i])
					snprintf(want, sizeof want, "%zu", tref[i]);
				bad += strcmp(ll_table_text(t, i, (size_t)s), want) != 0;
			}
			for (size_t k = 0; k < n; k++) { /* scattered */
				size_t i = (k * 7919) % n;
				double v = ll_table_num(t, i, (size_t)a);
				bad += isnan(ref[i]) ? !isnan(v) : v != ref[i];
			}
			const double *d = ll_table_column_data(t, (size_t)a);
			for (size_t i = 0; d && i < n; i++)
				bad += isnan(ref[i]) ? !isnan(d[i]) : d[i] != ref[i];
			CHECK(d != NULL);
			CHECK_INT((int)bad, 0);
		}
	}
	(void)view;
	/* text to numbers, sparse or not */
	CHECK(ll_table_convert_column(t, (size_t)s, LL_COL_NUM) == 0);
	size_t bad = 0;
	for (size_t i = 0; i < ll_table_nrows(t); i++) {
		double v = ll_table_num(t, i, (size_t)s);
		bad += tref[i] ? v != (double)tref[i] : !isnan(v);
	}
	CHECK_INT((int)bad, 0);
	ll_table_free(t);
	free(ref);
	free(tref);
}

struct view_race {
	const struct ll_table *t;
	const double *got;
};

static void *take_view(void *arg)
{
	struct view_race *v = arg;
	v->got = ll_table_column_data(v->t, 0);
	return NULL;
}

/* Threads asking for a sparse column's dense copy at once get one array. */
static void test_sparse_view_threads(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "x", LL_COL_NUM);
	for (size_t r = 0; r < 5000; r++)
		ll_table_append_row(t);
	ll_table_set_num(t, 4321, 0, 2.5);
	struct view_race v[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		v[i].t = t;
		CHECK_INT(pthread_create(&th[i], NULL, take_view, &v[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 4; i++)
		CHECK(v[i].got != NULL && v[i].got == v[0].got && v[i].got[4321] == 2.5 && isnan(v[i].got[0]));
	ll_table_free(t);
}

/* The clock: the first time column, unless it repeats one time on every
 * row (a server's load time on every sample) under a name that is no
 * record's time: then a later time column named as one whose values
 * vary, else the first later one whose values vary; never the skipped
 * column; the first time column when none varies. */
static void test_clock(void)
{
	struct ll_table *t = ll_table_new();
	CHECK_INT(ll_table_clock(t, -1), -1);
	int label = ll_table_add_column(t, "at", LL_COL_TIME);
	int load = ll_table_add_column(t, "load_time", LL_COL_TIME);
	int v = ll_table_add_column(t, "v", LL_COL_NUM);
	int sampled = ll_table_add_column(t, "sampled", LL_COL_TIME);
	int own = ll_table_add_column(t, "Timestamp", LL_COL_TIME);
	for (int i = 0; i < 5; i++) {
		long r = ll_table_append_row(t);
		ll_table_set_num(t, (size_t)r, (size_t)label, 100.0 + i);
		ll_table_set_num(t, (size_t)r, (size_t)load, i == 2 ? NAN : 7.0);
		ll_table_set_num(t, (size_t)r, (size_t)v, i);
		ll_table_set_num(t, (size_t)r, (size_t)sampled, 1000.0 + 5 * i);
		ll_table_set_num(t, (size_t)r, (size_t)own, 50.0);
	}
	/* a first time column that varies is the clock, whatever its name */
	CHECK_INT(ll_table_clock(t, -1), label);
	/* past one time on every row: the first that varies */
	CHECK_INT(ll_table_clock(t, label), sampled);
	/* or the one named as a record's time, when it varies */
	for (int i = 0; i < 5; i++)
		ll_table_set_num(t, (size_t)i, (size_t)own, 50.0 + i);
	CHECK_INT(ll_table_clock(t, label), own);
	/* nothing varies past the skipped column: the first time column */
	for (int i = 0; i < 5; i++) {
		ll_table_set_num(t, (size_t)i, (size_t)sampled, 1000.0);
		ll_table_set_num(t, (size_t)i, (size_t)own, 50.0);
	}
	CHECK_INT(ll_table_clock(t, label), load);
	ll_table_free(t);
	/* a record's own time that a frozen clock wrote stays the clock */
	t = ll_table_new();
	int time = ll_table_add_column(t, "time", LL_COL_TIME);
	int seen = ll_table_add_column(t, "visitor_seen", LL_COL_TIME);
	for (int i = 0; i < 3; i++) {
		long r = ll_table_append_row(t);
		ll_table_set_num(t, (size_t)r, (size_t)time, 10.0);
		ll_table_set_num(t, (size_t)r, (size_t)seen, 10.0 + i);
	}
	CHECK_INT(ll_table_clock(t, -1), time);
	ll_table_free(t);
	CHECK(ll_table_clock_name("@timestamp") && ll_table_clock_name("TIME") && ll_table_clock_name("_time"));
	CHECK(!ll_table_clock_name("load_timestamp") && !ll_table_clock_name("times") && !ll_table_clock_name(""));
}

int main(void)
{
	test_sparse_wide();
	test_sparse_against_array();
	test_sparse_view_threads();
	test_clock();
	test_copy_within();
	test_reserved_rows_start_missing();
	test_columns_and_rows();
	test_convert();
	test_labels_notes_meta_segments();
	test_err();
	TEST_MAIN_END();
}
