/*
 * test_coljoin.c - one value written two ways made one column again
 * (ds_coljoin.h): text and number columns joined when no row fills both,
 * left apart when one does, when their types differ or when one holds the
 * labels; and a JSON key holding a scalar in some records and a list in
 * others read as one column for its first item; ds_colindex's lookups and
 * additions; 100,000 pairs joined.
 */
#include "harness.h"

#include "cell_at.h"

#include "ds_colindex.h"
#include "ds_coljoin.h"
#include "ds_reader.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static struct ll_table *table(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "id", LL_COL_NUM);
	ll_table_add_column(t, "id.text", LL_COL_NUM);
	ll_table_add_column(t, "name", LL_COL_TEXT);
	ll_table_add_column(t, "name.text", LL_COL_TEXT);
	ll_table_add_column(t, "both", LL_COL_NUM);
	ll_table_add_column(t, "both.text", LL_COL_NUM);
	ll_table_add_column(t, "kind", LL_COL_NUM);
	ll_table_add_column(t, "kind.text", LL_COL_TEXT);
	for (size_t r = 0; r < 3; r++) {
		ll_table_append_row(t);
		ll_table_set_num(t, r, r == 1 ? 1 : 0, 10.0 + (double)r);
		const char *s = r == 2 ? "c" : r ? "b" : "a";
		ll_table_set_text(t, r, r == 2 ? 3 : 2, s, 1);
		ll_table_set_num(t, r, 4, 1);
		if (r == 0)
			ll_table_set_num(t, r, 5, 2);
		if (r == 1)
			ll_table_set_num(t, r, 6, 3);
		if (r == 2)
			ll_table_set_text(t, r, 7, "x", 1);
	}
	return t;
}

static void test_join(void)
{
	struct ll_table *t = table();
	CHECK_INT(ds_coljoin(t, ".text"), 2);
	CHECK_INT(ll_table_ncols(t), 6);
	CHECK(ll_table_find_column(t, "id.text") < 0 && ll_table_find_column(t, "name.text") < 0);
	CHECK(num_at(t, 0, "id") == 10 && num_at(t, 1, "id") == 11 && num_at(t, 2, "id") == 12);
	CHECK_STR(text_at(t, 2, "name"), "c");
	CHECK_STR(text_at(t, 0, "name"), "a");
	/* a row fills both, or the types differ: apart */
	CHECK(ll_table_find_column(t, "both.text") >= 0 && ll_table_find_column(t, "kind.text") >= 0);
	CHECK_INT(ds_coljoin(t, ".text"), 0);
	ll_table_free(t);
	/* the labels' column stays where it is */
	t = table();
	ll_table_set_label_source(t, 1);
	CHECK_INT(ds_coljoin(t, ".text"), 1);
	CHECK(ll_table_find_column(t, "id.text") >= 0 && ll_table_label_source(t) == ll_table_find_column(t, "id.text"));
	ll_table_free(t);
}

static void test_json_lists(void)
{
	char dir[256];
	ll_test_scratch_dir(dir, sizeof dir, "coljoin");
	const char *p = ll_test_put(dir, "tags.jsonl",
				    "{\"h\": \"a\", \"tags\": \"x\"}\n{\"h\": \"b\", \"tags\": [\"y\", \"z\"]}\n"
				    "{\"h\": \"c\", \"tags\": [\"w\"]}\n");
	struct ds_open_opts o = {.default_year = 2024};
	struct ll_table *t = NULL;
	struct ll_err err;
	CHECK_INT(ds_load(p, &o, &t, NULL, &err), LL_OK);
	if (t) {
		CHECK(ll_table_find_column(t, "tags.0") < 0 && ll_table_find_column(t, "tags.1") >= 0);
		CHECK_STR(text_at(t, 0, "tags"), "x");
		CHECK_STR(text_at(t, 1, "tags"), "y");
		CHECK_STR(text_at(t, 1, "tags.1"), "z");
		CHECK_STR(text_at(t, 2, "tags"), "w");
	}
	ll_table_free(t);
	ll_test_remove_dir(dir);
}

/* ds_colindex: the first of a name met twice, as ll_table_find_column;
 * none in an empty table; columns added after it was built. */
static void test_colindex(void)
{
	struct ll_table *t = ll_table_new();
	struct ds_colindex ix;
	CHECK_INT(ds_colindex_build(&ix, t), LL_OK);
	CHECK_INT(ds_colindex_find(&ix, t, "a"), -1);
	ds_colindex_free(&ix);
	ll_table_add_column(t, "a", LL_COL_NUM);
	ll_table_add_column(t, "b", LL_COL_TEXT);
	ll_table_add_column(t, "a", LL_COL_TEXT);
	ll_table_add_column(t, "", LL_COL_TEXT);
	CHECK_INT(ds_colindex_build(&ix, t), LL_OK);
	CHECK_INT(ds_colindex_find(&ix, t, "a"), 0);
	CHECK_INT(ds_colindex_find(&ix, t, "b"), 1);
	CHECK_INT(ds_colindex_find(&ix, t, ""), 3);
	CHECK_INT(ds_colindex_find(&ix, t, "c"), -1);
	/* columns added since: found once added to the index, a name taken
	 * before still the first column's */
	int c = ll_table_add_column(t, "c", LL_COL_NUM), b2 = ll_table_add_column(t, "b", LL_COL_NUM);
	CHECK_INT(ds_colindex_find(&ix, t, "c"), -1);
	CHECK_INT(ds_colindex_add(&ix, t, (size_t)c), LL_OK);
	CHECK_INT(ds_colindex_add(&ix, t, (size_t)b2), LL_OK);
	CHECK_INT(ds_colindex_find(&ix, t, "c"), c);
	CHECK_INT(ds_colindex_find(&ix, t, "b"), 1);
	ds_colindex_free(&ix);
	ll_table_free(t);
}

/* 100,000 pairs to join: each base was found by a walk over every column
 * (25 s; 0.1 s now). Every pair joined, values at the start, middle and
 * end. */
static void test_wide(void)
{
	size_t n = getenv("LL_VALGRIND") ? 2000 : 100000;
	struct ll_table *t = ll_table_new();
	for (size_t i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof name, "v%zu", i);
		ll_table_add_column(t, name, LL_COL_NUM);
	}
	for (size_t i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof name, "v%zu.text", i);
		ll_table_add_column(t, name, LL_COL_NUM);
	}
	for (size_t r = 0; r < 2; r++) {
		ll_table_append_row(t);
		for (size_t i = 0; i < n; i++)
			ll_table_set_num(t, r, r ? n + i : i, (double)(10 * i + r));
	}
	CHECK_INT(ds_coljoin(t, ".text"), (int)n);
	CHECK_INT(ll_table_ncols(t), n);
	size_t at[3] = {0, n / 2, n - 1};
	for (size_t k = 0; k < 3; k++) {
		char name[32];
		snprintf(name, sizeof name, "v%zu", at[k]);
		CHECK_NEAR(num_at(t, 0, name), (double)(10 * at[k]), 0);
		CHECK_NEAR(num_at(t, 1, name), (double)(10 * at[k] + 1), 0);
	}
	ll_table_free(t);
}

int main(void)
{
	test_join();
	test_json_lists();
	test_colindex();
	test_wide();
	TEST_MAIN_END();
}
