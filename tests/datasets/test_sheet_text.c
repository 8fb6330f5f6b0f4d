/*
 * test_sheet_text.c - the CSV and JSON text the binary readers write for
 * the text readers (ds_sheet.h): a field quoted whenever the CSV reader
 * could take it otherwise, JSON strings escaped, rows widened to the
 * sheet, and such text read back cell for cell.
 */
#include "harness.h"

#include "cell_at.h"

#include "ds_sheet.h"
#include "ds_source.h"

#include <stdlib.h>

static const char *cell(struct ds_text *t, const char *s, int first, int force)
{
	t->n = 0;
	if (t->p)
		t->p[0] = 0;
	CHECK(ds_text_cell(t, s, strlen(s), first, force));
	return t->p ? t->p : "";
}

static void test_quoting(void)
{
	struct ds_text t = {0};
	CHECK_STR(cell(&t, "plain", 1, 0), "plain");
	CHECK_STR(cell(&t, "a,b", 0, 0), "\"a,b\"");
	CHECK_STR(cell(&t, "a;b", 0, 0), "\"a;b\"");
	CHECK_STR(cell(&t, "a\tb", 0, 0), "\"a\tb\"");
	CHECK_STR(cell(&t, "a|b", 0, 0), "\"a|b\"");
	CHECK_STR(cell(&t, "say \"hi\"", 0, 0), "\"say \"\"hi\"\"\"");
	CHECK_STR(cell(&t, "two\nlines", 0, 0), "\"two\nlines\"");
	CHECK_STR(cell(&t, " edge", 0, 0), "\" edge\"");
	CHECK_STR(cell(&t, "# comment?", 1, 0), "\"# comment?\"");
	CHECK_STR(cell(&t, "# inside", 0, 0), "# inside");
	CHECK_STR(cell(&t, "", 1, 1), "\"\"");
	t.n = 0;
	CHECK(ds_text_field(&t, "#x", 2) && strcmp(t.p, "\"#x\"") == 0);
	t.n = 0;
	CHECK(ds_text_json_string(&t, "a\"b\\c\nd\te\x01", 10));
	CHECK_STR(t.p, "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
	/* a row's fields up to column 3, then to a width of 5 */
	t.n = 0;
	long next = 0;
	CHECK(ds_text_put(&t, "a", 1) && (next = 1) && ds_sheet_to_column(&t, &next, 3) && next == 4);
	CHECK(ds_text_put(&t, "d", 1) && ds_sheet_end_row(&t, next, 5));
	CHECK_STR(t.p, "a,,,d,\n");
	free(t.p);
}

static void test_read_back(void)
{
	struct ds_text t = {0};
	const char *cells[] = {"# not a comment", "x;y|z", "", "tab\there", "\"quoted\""};
	CHECK(ds_text_put(&t, "v\n", 2));
	for (size_t i = 0; i < sizeof cells / sizeof *cells; i++)
		CHECK(ds_text_cell(&t, cells[i], strlen(cells[i]), 1, !*cells[i]) && ds_text_put(&t, "\n", 1));
	struct ds_source src = {.path = "cells.csv"};
	struct ds_open_opts o = {.default_year = 2024};
	struct ll_table *tab = NULL;
	struct ll_err err;
	CHECK_INT(ds_text_load(&src, &o, "csv", t.p, t.n, 0, &tab, &err), LL_OK);
	CHECK(tab && ll_table_nrows(tab) == 5 && ll_table_ncols(tab) == 1);
	for (size_t i = 0; tab && i < 5 && i < ll_table_nrows(tab); i++)
		CHECK_STR(text_at(tab, i, "v"), cells[i]);
	ll_table_free(tab);
	free(t.p);
}


/* A workbook's own number formats over the built-in ones, the last of an
 * id winning; styles' kinds appended past the first allocation. */
static void test_formats(void)
{
	struct ds_sheet_formats fm = {0};
	CHECK_INT(ds_sheet_formats_kind(&fm, 14), 1);  /* built in: m/d/yyyy */
	CHECK_INT(ds_sheet_formats_kind(&fm, 22), 2);  /* m/d/yy h:mm */
	CHECK_INT(ds_sheet_formats_kind(&fm, 2), 0);   /* 0.00 */
	CHECK_INT(ds_sheet_formats_kind(&fm, 164), 0); /* a custom id nobody defined */
	for (long id = 164; id < 200; id++) /* past the first allocation */
		CHECK_INT(ds_sheet_formats_add(&fm, id, "0.0", 3), LL_OK);
	CHECK_INT(ds_sheet_formats_add(&fm, 170, "yyyy-mm-dd hh:mm", 16), LL_OK);
	CHECK_INT(ds_sheet_formats_add(&fm, 14, "\"n\"0", 4), LL_OK); /* a built-in id redefined */
	CHECK_INT(ds_sheet_formats_kind(&fm, 170), 2);
	CHECK_INT(ds_sheet_formats_kind(&fm, 171), 0);
	CHECK_INT(ds_sheet_formats_kind(&fm, 14), 0);
	CHECK_INT(ds_sheet_formats_kind(&fm, 46), 4); /* [h]:mm:ss, still built in */
	ds_sheet_formats_free(&fm);
	CHECK(fm.f == NULL && fm.n == 0);
	unsigned char *kinds = NULL;
	size_t n = 0, cap = 0;
	for (int i = 0; i < 100; i++)
		CHECK_INT(ds_sheet_kinds_push(&kinds, &n, &cap, i % 5), LL_OK);
	CHECK(n == 100 && cap >= 100 && kinds && kinds[0] == 0 && kinds[99] == 4 && kinds[67] == 2);
	free(kinds);
}

int main(void)
{
	test_formats();
	test_quoting();
	test_read_back();
	TEST_MAIN_END();
}
