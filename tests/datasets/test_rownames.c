/*
 * test_rownames.c - a first column that numbers or names the rows, as R's
 * write.csv, the Rdatasets collection and pandas' to_csv write it
 * (ds_rownames.h): marked and noted, left out of a long table's pivot and
 * of its metrics; columns that only look like it left alone. Also the
 * data rows of such a frame that looked like dstat's two header rows, and
 * a header that names a factor like one of its levels.
 */
#include "harness.h"
#include "table_load.h"

#include <math.h>
#include <string.h>

#include "ds_rownames.h"
#include "ll_colsel.h"

static char dir[512];

/* A table of a number column `first` holding v[0..n) and a number column x. */
static struct ll_table *numbered(const char *first, const double *v, size_t n)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, first, LL_COL_NUM);
	ll_table_add_column(t, "x", LL_COL_NUM);
	for (size_t r = 0; r < n; r++) {
		ll_table_append_row(t);
		ll_table_set_num(t, r, 0, v[r]);
		ll_table_set_num(t, r, 1, (double)(r * 7 % 5));
	}
	return t;
}

static int noted(const struct ll_table *t, const char *part)
{
	for (size_t i = 0; i < ll_table_nnotes(t); i++)
		if (strstr(ll_table_note_text(t, i), part))
			return 1;
	return 0;
}

/* Which columns are the rows' names, and which are data. */
static void test_mark(void)
{
	static const double count1[] = {1, 2, 3, 4, 5}, count0[] = {0, 1, 2, 3, 4}, subset[] = {3, 7, 12, 13, 40},
			    unique[] = {1.1, 1.2, 2.1, 2.2, 3.1}, dup[] = {1, 2, 2, 3, 4}, hole[] = {1, 2, NAN, 4, 5};
	static const struct {
		const char *name;
		const double *v;
		size_t n;
		int header_empty, want;
	} cases[] = {
		{"id", count1, 5, 0, 1},	  /* counts the rows from 1: any name */
		{"Unnamed: 0", count0, 5, 0, 1}, /* pandas' index read back, from 0 */
		{"rownames", subset, 5, 0, 1},	  /* R's names of a subset's rows */
		{"col1", subset, 5, 1, 1},	  /* the same under write.csv's empty header */
		{"ROW.NAMES", unique, 5, 0, 1},	  /* make.unique's "1.1", "1.2", any case */
		{"year", subset, 5, 0, 0},	  /* distinct numbers under a data name: data */
		{"rownames", dup, 5, 0, 0},	  /* a repeated value names no row */
		{"rownames", hole, 5, 0, 0},	  /* a row without a value */
		{"id", count1, 2, 0, 0},	  /* two rows: too few to tell */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct ll_table *t = numbered(cases[i].name, cases[i].v, cases[i].n);
		int rc = ds_row_names_mark(t, cases[i].header_empty, "f.csv");
		if (rc != cases[i].want)
			fprintf(stderr, "case %zu (%s): %d\n", i, cases[i].name, rc);
		CHECK_INT(rc, cases[i].want);
		CHECK_INT(ds_row_names_col(t), cases[i].want ? 0 : -1);
		CHECK_INT(noted(t, "the rows"), cases[i].want);
		if (cases[i].want)
			CHECK_STR(ll_table_meta(t, LL_COLSEL_ROW_NAMES_META), cases[i].name);
		ll_table_free(t);
	}
	/* a text first column, or the labels' own, is never marked */
	struct ll_table *t = numbered("id", count1, 5);
	ll_table_set_label_source(t, 0);
	CHECK_INT(ds_row_names_mark(t, 0, "f.csv"), 0);
	ll_table_free(t);
	t = ll_table_new();
	ll_table_add_column(t, "name", LL_COL_TEXT);
	ll_table_add_column(t, "x", LL_COL_NUM);
	for (size_t r = 0; r < 4; r++) {
		ll_table_append_row(t);
		ll_table_set_text(t, r, 0, "a", 1);
	}
	CHECK_INT(ds_row_names_mark(t, 1, "f.csv"), 0);
	ll_table_free(t);
	/* a run whose features hold the column keeps it a feature */
	char *run[] = {"x", "id"}, *other[] = {"x"};
	t = numbered("id", count1, 5);
	CHECK_INT(ds_row_names_mark(t, 0, "f.csv"), 1);
	CHECK_INT(ds_row_names_keep(t, other, 1), 0);
	CHECK_INT(ds_row_names_col(t), 0);
	CHECK_INT(ds_row_names_keep(t, run, 2), 1);
	CHECK_INT(ds_row_names_col(t), -1);
	CHECK_INT(ds_row_names_keep(t, run, 2), 0);
	ll_table_free(t);
}

/* R's write.csv and pandas' to_csv through the csv reader. */
static void test_written(void)
{
	const char *format;
	struct ll_table *t = load_text(dir, "r.csv",
				       "\"\",\"len\",\"site\",\"species\"\n\"1\",4.1,\"\",\"a\"\n\"2\",5.2,\"n\",\"a\"\n"
				       "\"3\",6.3,\"s\",\"b\"\n\"4\",7.4,\"n\",\"b\"\n",
				       NULL, 0, &format);
	CHECK_STR(format, "csv");
	CHECK_INT(ds_row_names_col(t), 0);
	CHECK(noted(t, "column 'col1' numbers the rows (1 to 4"));
	ll_table_free(t);
	t = load_text(dir, "p.csv", ",a,b\n0,1.5,x\n1,2.5,y\n2,3.5,x\n", NULL, 0, &format);
	CHECK_INT(ds_row_names_col(t), 0);
	CHECK(noted(t, "numbers the rows (0 to 2"));
	ll_table_free(t);
	/* a first column of data stays data */
	t = load_text(dir, "d.csv", "count,b\n5,1\n3,2\n9,3\n", NULL, 0, &format);
	CHECK_INT(ds_row_names_col(t), -1);
	ll_table_free(t);
}

/* Rows of a data frame (an empty cell on one row, a value repeated on the
 * next) are no dstat group and column header: every row is read; and a
 * header naming a column like one of its values is still a header. */
static void test_not_dstat(void)
{
	const char *format;
	struct ll_table *t = load_text(dir, "hitters.csv",
				       "rownames,AtBat,League,Division,Salary,NewLeague\n"
				       "-Andy Allanson,293,A,E,,A\n-Alan Ashby,315,N,W,475,N\n"
				       "-Alvin Davis,479,A,W,480,A\n-Andre Dawson,496,N,E,500,N\n",
				       NULL, 0, &format);
	CHECK_STR(format, "csv");
	CHECK_INT(ll_table_nrows(t), 4);
	CHECK_INT(ll_table_col_type(t, (size_t)col(t, "AtBat")), LL_COL_NUM);
	ll_table_free(t);
	/* a factor named like one of its levels ("Retouched" over Retouched and
	 * Unretouched), beside a text column of two words a cell and a column of
	 * counts: a header, not the first of a log's lines */
	char text[4096];
	size_t at = (size_t)snprintf(text, sizeof text, "rownames,Width,Retouched,Site,Freq\n");
	for (int i = 0; i < 12; i++)
		at += (size_t)snprintf(text + at, sizeof text - at, "%d,%s,%s,%s,%d\n", i + 1, i % 4 < 2 ? "Narrow" : "Wide",
				       i % 2 ? "Retouched" : "Unretouched", i < 6 ? "Castenet A" : "Ferrassie H", i * 7 % 90);
	t = load_text(dir, "scrapers.csv", text, NULL, 0, &format);
	CHECK_STR(format, "csv");
	CHECK_INT(ll_table_nrows(t), 12);
	CHECK_STR(ll_table_text(t, 1, (size_t)col(t, "Retouched")), "Retouched");
	CHECK_INT(ll_table_col_type(t, (size_t)col(t, "Freq")), LL_COL_NUM);
	ll_table_free(t);
}

/* A long table's rows numbered by R stay its records; named as entities,
 * its row numbers are no metric of the wide table. */
static void test_long(void)
{
	char text[8192];
	size_t at = (size_t)snprintf(text, sizeof text, "rownames,time,host,value\n");
	for (int i = 0; i < 30; i++)
		at += (size_t)snprintf(text + at, sizeof text - at, "%d,2024-05-01T00:%02d:00Z,h%d,%d\n", i + 1, i / 3,
				       i % 3, i);
	const char *format;
	struct ll_table *t = load_text(dir, "long.csv", text, NULL, 0, &format);
	CHECK_INT(ll_table_nrows(t), 30);
	CHECK_INT(ds_row_names_col(t), 0);
	ll_table_free(t);
	t = load_text(dir, "long.csv", text, "host", 0, &format);
	CHECK_INT(ll_table_nrows(t), 10);
	CHECK(ll_table_find_column(t, "value.h0") >= 0);
	CHECK_INT(ll_table_find_column(t, "rownames.h0"), -1);
	CHECK_INT(ll_table_find_column(t, "rownames"), -1);
	ll_table_free(t);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "rownames");
	test_mark();
	test_written();
	test_not_dstat();
	test_long();
	rmdir(dir);
	TEST_MAIN_END();
}
