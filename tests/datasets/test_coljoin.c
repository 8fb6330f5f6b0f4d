/*
 * test_coljoin.c - one value written two ways made one column again
 * (ds_coljoin.h): text and number columns joined when no row fills both,
 * left apart when one does, when their types differ or when one holds the
 * labels; and a JSON key holding a scalar in some records and a list in
 * others read as one column for its first item.
 */
#include "harness.h"

#include "cell_at.h"

#include "ds_coljoin.h"
#include "ds_reader.h"

#include <math.h>

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

int main(void)
{
	test_join();
	test_json_lists();
	TEST_MAIN_END();
}
