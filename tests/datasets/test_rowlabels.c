/*
 * test_rowlabels.c - a dataset's label_column for the readers that do not
 * read one themselves (ds_rowlabels_from_column): a text or number column
 * as classes, empty cells unlabelled, the name in any case, a missing
 * name an error listing the columns, nothing done when the reader gave
 * labels; through ds_load and ds_dataset_open on the numbers reader,
 * whose header line of names (numpy's "# a b", R's quoted names, cells
 * not lined up) and decimal commas these files also test.
 */
#include "harness.h"
#include "ds_dataset.h"
#include "ds_reader.h"
#include "ds_rowlabels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[512];

static const char *put(const char *name, const char *text)
{
	static char path[640];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		exit(99);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_from_column(void)
{
	struct ll_table *t = ll_table_new();
	struct ll_err e;
	ll_table_add_column(t, "x", LL_COL_NUM);
	ll_table_add_column(t, "State", LL_COL_TEXT);
	ll_table_add_column(t, "grade", LL_COL_NUM);
	static const char *const st[] = {"ok", "failed", "", "ok"};
	static const double gr[] = {1, 2.5, 1, NAN};
	for (size_t i = 0; i < 4; i++) {
		long r = ll_table_append_row(t);
		ll_table_set_num(t, (size_t)r, 0, (double)i);
		ll_table_set_text(t, (size_t)r, 1, st[i], strlen(st[i]));
		ll_table_set_num(t, (size_t)r, 2, gr[i]);
	}
	CHECK_INT(ds_rowlabels_from_column(t, "t.txt", "nope", &e), LL_EDATA);
	CHECK_STR(e.msg, "t.txt: no column named \"nope\" for the labels (the columns: x, State, grade)");
	CHECK_INT(ll_table_nclasses(t), 0);
	CHECK_INT(ds_rowlabels_from_column(t, "t.txt", "state", &e), LL_OK); /* any case */
	CHECK_INT(ll_table_label_source(t), 1);
	CHECK_INT(ll_table_nclasses(t), 2);
	CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 1)), "failed");
	CHECK(ll_table_label(t, 2) < 0); /* empty: unlabelled */
	/* labels already given: nothing done */
	CHECK_INT(ds_rowlabels_from_column(t, "t.txt", "grade", &e), LL_OK);
	CHECK_INT(ll_table_label_source(t), 1);
	ll_table_free(t);

	/* a number column: its numbers as classes, NaN unlabelled */
	t = ll_table_new();
	ll_table_add_column(t, "grade", LL_COL_NUM);
	for (size_t i = 0; i < 4; i++)
		ll_table_set_num(t, (size_t)ll_table_append_row(t), 0, gr[i]);
	CHECK_INT(ds_rowlabels_from_column(t, "t.txt", "grade", &e), LL_OK);
	CHECK_INT(ll_table_nclasses(t), 2);
	CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 0)), "1");
	CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 1)), "2.5");
	CHECK_INT(ll_table_label(t, 2), ll_table_label(t, 0));
	CHECK(ll_table_label(t, 3) < 0);
	ll_table_free(t);
}

/* sklearn's linnerud files: names over rows of numbers not lined up */
static void test_numbers_header(void)
{
	struct ll_table *t = NULL;
	struct ll_err e;
	const struct ds_reader *r = NULL;
	const char *p = put("linnerud.txt", "Chins Situps Jumps\n5 162 60\n2 110 60\n12 101 101\n12 105 37\n");
	CHECK_INT(ds_load(p, NULL, &t, &r, &e), LL_OK);
	CHECK(r && strcmp(r->name, "numbers") == 0);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_INT(ll_table_ncols(t), 3);
		CHECK_STR(ll_table_col_name(t, 1), "Situps");
		CHECK(ll_table_num(t, 2, 1) == 101);
	}
	ll_table_free(t);
	/* R's write.table quotes the names; a name given twice gets its place */
	p = put("saved.txt", "\"Chins\" \"Situps\" \"Chins\"\n5 162 60\n2 110 60\n12 101 101\n");
	CHECK_INT(ds_load(p, NULL, &t, &r, &e), LL_OK);
	CHECK(r && strcmp(r->name, "numbers") == 0);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_col_name(t, 0), "Chins");
		CHECK_STR(ll_table_col_name(t, 1), "Situps");
		CHECK_STR(ll_table_col_name(t, 2), "Chins_3");
	}
	ll_table_free(t);
	/* numpy's header="..." comes after "# " (given the format: the aligned
	 * reader takes such a file when detecting) */
	struct ds_open_opts no = {0};
	no.format = "numbers";
	p = put("numpy.txt", "# Chins Situps Jumps\n5 162 60\n2 110 60\n12 101 101\n");
	CHECK_INT(ds_load(p, &no, &t, &r, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_col_name(t, 0), "Chins");
	}
	ll_table_free(t);
	/* names that are numbers, or fewer names than numbers: no header */
	p = put("fewer.txt", "a b\n1 2 3\n4 5 6\n7 8 9\n");
	CHECK_INT(ds_load(p, NULL, &t, &r, &e), LL_OK);
	CHECK(!r || strcmp(r->name, "numbers") != 0);
	ll_table_free(t);
	struct ds_open_opts o = {0};
	o.format = "numbers";
	CHECK_INT(ds_load(p, &o, &t, &r, &e), LL_EDATA);
	CHECK(strstr(e.msg, "fewer.txt:1: 2 names over rows of 3 numbers") != NULL);
}

/* a sensor network's readings as a European locale prints them: blanks
 * between cells, a decimal comma in some ("21,21"), whole numbers in
 * others; a cell of two commas is no number */
static void test_numbers_decimal_commas(void)
{
	struct ll_table *t = NULL;
	struct ll_err e;
	const struct ds_reader *r = NULL;
	const char *p = put("readings.txt", "1163438041250 20 1 21,21 2,81 51,53 22,08 20 28\n"
					    "1163438041468 10 1 20,07 3 51,46 22,3 2 2\n"
					    "1163438041625 11 1 -1,5 3 48,42 22,42 3 3\n"
					    "1163438041796 12 1 22,96 2,93 49,35 22,2 2 2\n");
	CHECK_INT(ds_load(p, NULL, &t, &r, &e), LL_OK);
	CHECK(r && strcmp(r->name, "numbers") == 0);
	if (t && r && strcmp(r->name, "numbers") == 0) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_INT(ll_table_ncols(t), 9);
		CHECK(fabs(ll_table_num(t, 0, 3) - 21.21) < 1e-9);
		CHECK(fabs(ll_table_num(t, 2, 3) + 1.5) < 1e-9);
		CHECK(ll_table_num(t, 1, 4) == 3);
		CHECK(ll_table_num(t, 3, 8) == 2);
	}
	ll_table_free(t);
	t = NULL;
	p = put("twocommas.txt", "1 2,5 3\n4 5,5,5 6\n7 8,5 9\n");
	CHECK_INT(ds_load(p, NULL, &t, &r, &e), LL_OK);
	CHECK(!r || strcmp(r->name, "numbers") != 0);
	ll_table_free(t);
}

/* The reader's column, and the csv reader's of the same rows, NULL when
 * the file did not load. */
static enum ll_coltype first_type(const char *name, const char *text, const char *reader, struct ll_table **out)
{
	struct ll_err e;
	const struct ds_reader *r = NULL;
	*out = NULL;
	const char *p = put(name, text);
	if (ds_load(p, NULL, out, &r, &e) != LL_OK || !r || strcmp(r->name, reader) != 0) {
		CHECK(!"loaded by the reader");
		ll_table_free(*out);
		*out = NULL;
		return LL_COL_TEXT;
	}
	return ll_table_col_type(*out, 0);
}

/* An unnamed first column of whole epochs in milliseconds or finer that
 * never go back is the time, in the numbers reader and a headerless csv;
 * whole seconds, a column that goes back, one out of 2000..2100, one not
 * first, or one under a name stay numbers. */
static void test_unnamed_epoch_clock(void)
{
	static const char *const readers[] = {"numbers", "csv"};
	for (int k = 0; k < 2; k++) {
		const char *rd = readers[k];
		char sep = k ? ',' : ' ';
		char text[512], name[32];
		struct ll_table *t;
#define ROWS(a, b, c, d) snprintf(text, sizeof text, "%s%c20.5%c1\n%s%c21%c0\n%s%c19.5%c1\n%s%c22%c0\n", a, sep, sep, b, sep, sep, c, sep, sep, d, sep, sep)
		ROWS("1163438041250", "1163438041468", "1163438041468", "1163438041796");
		snprintf(name, sizeof name, "ms%d.txt", k);
		CHECK_INT(first_type(name, text, rd, &t), LL_COL_TIME);
		if (t) {
			CHECK(fabs(ll_table_num(t, 0, 0) - 1163438041.25) < 1e-6);
			CHECK(fabs(ll_table_num(t, 3, 0) - 1163438041.796) < 1e-6);
			CHECK(ll_table_num(t, 1, 1) == 21);
			if (!k)
				CHECK(ll_test_has_note(t, "col1, whole epochs of 2000..2100 that never go back, read as the time"));
		}
		ll_table_free(t);
		ROWS("1700000000000001", "1700000000500001", "1700000001000001", "1700000001500001");
		snprintf(name, sizeof name, "us%d.txt", k);
		CHECK_INT(first_type(name, text, rd, &t), LL_COL_TIME);
		if (t)
			CHECK(fabs(ll_table_num(t, 2, 0) - 1700000001.000001) < 1e-5);
		ll_table_free(t);
		/* whole seconds: sizes and counters fill that range */
		ROWS("1700000000", "1700000977", "1700001954", "1700002931");
		snprintf(name, sizeof name, "s%d.txt", k);
		CHECK_INT(first_type(name, text, rd, &t), LL_COL_NUM);
		ll_table_free(t);
		/* a step back: ids, not a clock */
		ROWS("1163438041250", "1163438041468", "1163438041300", "1163438041796");
		snprintf(name, sizeof name, "back%d.txt", k);
		CHECK_INT(first_type(name, text, rd, &t), LL_COL_NUM);
		ll_table_free(t);
		/* before 2000 in ms, and units mixed */
		ROWS("900000000000", "900000000100", "900000000200", "900000000300");
		snprintf(name, sizeof name, "old%d.txt", k);
		CHECK_INT(first_type(name, text, rd, &t), LL_COL_NUM);
		ll_table_free(t);
		ROWS("1163438041250", "1163438041468", "1163438041796000", "1163438041797000");
		snprintf(name, sizeof name, "mixed%d.txt", k);
		CHECK_INT(first_type(name, text, rd, &t), LL_COL_NUM);
		ll_table_free(t);
#undef ROWS
		/* a counter of that range in a later column: numbers */
		snprintf(text, sizeof text, "1%c1163438041250\n2%c1163438041468\n3%c1163438041625\n4%c1163438041796\n", sep,
			 sep, sep, sep);
		snprintf(name, sizeof name, "counter%d.txt", k);
		CHECK_INT(first_type(name, text, rd, &t), LL_COL_NUM);
		if (t)
			CHECK_INT(ll_table_col_type(t, 1), LL_COL_NUM);
		ll_table_free(t);
	}
}

/* label_column through the two ways a file is opened */
static void test_label_column(void)
{
	const char *p = put("flags.txt", "x y state\n1 55 0\n200 6 1\n3 7 0\n4 8888 1\n");
	struct ds_open_opts o = {0};
	struct ll_err e;
	o.label_column = "state";
	struct ll_table *t = NULL;
	CHECK_INT(ds_load(p, &o, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_INT(ll_table_label_source(t), 2);
	}
	ll_table_free(t);
	struct ds_dataset *ds = NULL;
	CHECK_INT(ds_dataset_open(&ds, p, &o, &e), LL_OK);
	if (ds) {
		CHECK_INT(ll_table_nclasses(ds_dataset_table(ds)), 2);
		ds_dataset_close(ds);
	}
	o.label_column = "nope";
	CHECK_INT(ds_dataset_open(&ds, p, &o, &e), LL_EDATA);
	CHECK(strstr(e.msg, "no column named \"nope\" for the labels (the columns: x, y, state)") != NULL);
	o.label_column = NULL;
	o.format = "numbers:label=state";
	CHECK_INT(ds_load(p, &o, &t, NULL, &e), LL_OK);
	if (t)
		CHECK_INT(ll_table_nclasses(t), 2);
	ll_table_free(t);
}

/* a folder of such tables (a fleet): each file as it reads alone, one
 * without the column left out with a note */
static void test_fleet(void)
{
	char sub[600];
	snprintf(sub, sizeof sub, "%s/fleet", dir);
	if (mkdir(sub, 0700) != 0)
		return;
	put("fleet/a.txt", "x y state\n1 55 0\n200 6 1\n3 7 0\n");
	put("fleet/b.txt", "x y state\n4 8888 1\n5 66 0\n");
	put("fleet/c.txt", "x y\n1 55\n200 6\n3 7\n");
	struct ds_open_opts o = {0};
	struct ll_err e;
	o.label_column = "state";
	struct ds_dataset *ds = NULL;
	CHECK_INT(ds_dataset_open(&ds, sub, &o, &e), LL_OK);
	if (!ds)
		return;
	const struct ll_table *t = ds_dataset_table(ds);
	CHECK_INT(ll_table_nrows(t), 5);
	CHECK_INT(ll_table_nclasses(t), 2);
	size_t labelled = 0;
	for (size_t i = 0; i < ll_table_nrows(t); i++)
		labelled += ll_table_label(t, i) >= 0;
	CHECK_INT(labelled, 5);
	int said = 0;
	for (size_t i = 0; i < ds_dataset_nnotes(ds); i++)
		said |= strstr(ds_dataset_note(ds, i), "c.txt: left out: no column named \"state\"") != NULL;
	CHECK(said);
	ds_dataset_close(ds);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "rowlabels");
	test_from_column();
	test_numbers_header();
	test_numbers_decimal_commas();
	test_unnamed_epoch_clock();
	test_label_column();
	test_fleet();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
