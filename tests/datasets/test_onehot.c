/*
 * test_onehot.c - text columns of a few values as a number column per
 * value (ds_onehot.h): which columns (named by the regex, few values, not
 * the labels' or the log line), sorted values, empty cells none of them,
 * done once; a build over them; another dataset's columns lined up with a
 * run's names (a value it lacks zeros, one the run never saw dropped, any
 * other missing feature an error).
 */
#include "harness.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "ds_onehot.h"
#include "ds_runs.h"
#include "ll_featmat.h"
#include "ll_recipe.h"
#include "ll_table.h"

/* time, cpu (number), part (3 values, one cell empty), id (a value a row),
 * state (the labels' column, 2 values) */
static struct ll_table *jobs(size_t n, const char *const *parts, size_t nparts)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "time", LL_COL_TIME);
	ll_table_add_column(t, "cpu", LL_COL_NUM);
	ll_table_add_column(t, "part", LL_COL_TEXT);
	ll_table_add_column(t, "id", LL_COL_TEXT);
	ll_table_add_column(t, "state", LL_COL_TEXT);
	for (size_t i = 0; i < n; i++) {
		long r = ll_table_append_row(t);
		char id[32];
		snprintf(id, sizeof id, "job%zu", i);
		const char *part = i == 3 ? "" : parts[i % nparts];
		const char *state = i % 4 == 0 ? "FAILED" : "DONE";
		ll_table_set_num(t, (size_t)r, 0, 1e9 + (double)i);
		ll_table_set_num(t, (size_t)r, 1, (double)i);
		ll_table_set_text(t, (size_t)r, 2, part, strlen(part));
		ll_table_set_text(t, (size_t)r, 3, id, strlen(id));
		ll_table_set_text(t, (size_t)r, 4, state, strlen(state));
		ll_table_set_label(t, (size_t)r, ll_table_class_id(t, state, strlen(state)));
	}
	ll_table_set_label_source(t, 4);
	return t;
}

/* The feature set r over t, its first half training, the other testing. */
static void build_halves(const struct ll_table *t, struct ll_recipe *r, struct ll_featmat *m,
			 struct ll_recipe_manifest *man)
{
	struct ll_err e;
	r->split = LL_RSPLIT_CHRONO;
	r->ratios.train = 0.5;
	r->ratios.test = 0.5;
	CHECK_INT(ll_recipe_build(t, r, NULL, m, man, NULL, NULL, &e), LL_OK);
}

static void test_expand(void)
{
	static const char *const parts[] = {"gpu", "cpu", "debug"};
	struct ll_table *t = jobs(60, parts, 3);
	struct ll_recipe r;
	struct ll_err e;
	ll_recipe_default(&r);
	size_t added = 9;
	/* no regex: the number columns, nothing made */
	CHECK_INT(ds_onehot_expand(t, &r, &added, &e), LL_OK);
	CHECK_INT(added, 0);
	snprintf(r.columns, sizeof r.columns, "cpu|part|id|state");
	CHECK_INT(ds_onehot_expand(t, &r, &added, &e), LL_OK);
	CHECK_INT(added, 3); /* part only: id has 60 values, state is the labels' */
	CHECK_INT(ll_table_ncols(t), 8);
	CHECK_STR(ll_table_col_name(t, 5), "part=cpu");
	CHECK_STR(ll_table_col_name(t, 6), "part=debug");
	CHECK_STR(ll_table_col_name(t, 7), "part=gpu");
	CHECK_NEAR(ll_table_num(t, 0, 7), 1, 0);  /* gpu */
	CHECK_NEAR(ll_table_num(t, 0, 5), 0, 0);
	CHECK_NEAR(ll_table_num(t, 1, 5), 1, 0);  /* cpu */
	CHECK_NEAR(ll_table_num(t, 3, 5) + ll_table_num(t, 3, 6) + ll_table_num(t, 3, 7), 0, 0); /* empty */
	CHECK(ds_onehot_is_value_column(t, "part=gpu"));
	CHECK(!ds_onehot_is_value_column(t, "cpu"));
	/* once */
	CHECK_INT(ds_onehot_expand(t, &r, &added, &e), LL_OK);
	CHECK_INT(added, 0);
	CHECK_INT(ll_table_ncols(t), 8);
	/* a build over them: the value columns are features; the text column
	 * they came from draws no warning, the id does */
	struct ll_featmat m;
	struct ll_recipe_manifest man;
	build_halves(t, &r, &m, &man);
	CHECK_INT(m.d, 4);
	CHECK_STR(m.names[1], "part=cpu");
	int warned_id = 0, warned_part = 0;
	for (size_t i = 0; i < man.nwarnings; i++) {
		warned_id |= strstr(man.warnings[i], "'id'") != NULL;
		warned_part |= strstr(man.warnings[i], "'part'") != NULL;
	}
	CHECK(warned_id && !warned_part);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	ll_table_free(t);
}

/* Other data: "cpu" and "bigmem" where the run saw cpu, debug and gpu. */
static void test_align(void)
{
	static const char *const run_names[] = {"cpu", "part=cpu", "part=debug", "part=gpu"};
	static const char *const parts[] = {"cpu", "bigmem"};
	struct ll_table *t = jobs(8, parts, 2);
	struct ll_recipe r;
	struct ll_err e;
	ll_recipe_default(&r);
	snprintf(r.columns, sizeof r.columns, "cpu|part");
	CHECK_INT(ds_onehot_expand(t, &r, NULL, &e), LL_OK);
	struct ll_featmat m;
	struct ll_recipe_manifest man;
	r.split = LL_RSPLIT_CHRONO;
	r.ratios.train = 1;
	r.ratios.dev = 0;
	r.ratios.test = 0;
	int rc = ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &e);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK) {
		fprintf(stderr, "%s\n", e.msg);
		ll_table_free(t);
		return;
	}
	CHECK_INT(m.d, 3); /* cpu, part=bigmem, part=cpu */
	size_t missing = 9, unseen = 9;
	CHECK_INT(ds_onehot_align(&m, t, (char *const *)run_names, 4, &missing, &unseen, &e), LL_OK);
	CHECK_INT(m.d, 4);
	CHECK_INT(missing, 2); /* debug, gpu */
	CHECK_INT(unseen, 1);  /* bigmem */
	CHECK_STR(m.names[3], "part=gpu");
	CHECK_NEAR(m.X[2 * 4 + 0], 2, 0); /* row 2: cpu 2, part cpu */
	CHECK_NEAR(m.X[2 * 4 + 1], 1, 0);
	CHECK_NEAR(m.X[1 * 4 + 1], 0, 0); /* row 1: bigmem, no column of its own */
	CHECK_NEAR(m.X[1 * 4 + 3], 0, 0);
	/* a feature of the run that is no value column: the data does not fit */
	static const char *const other[] = {"cpu", "mem"};
	CHECK_INT(ds_onehot_align(&m, t, (char *const *)other, 2, &missing, &unseen, &e), LL_EUSAGE);
	CHECK(strstr(e.msg, "'mem'") != NULL);
	/* a feature the data has as a column of text (a sensor that wrote
	 * "n/a"): said so, with one of its values, not "no feature" */
	static const char *const texty[] = {"cpu", "part"};
	CHECK_INT(ds_onehot_align(&m, t, (char *const *)texty, 2, &missing, &unseen, &e), LL_EUSAGE);
	CHECK(strstr(e.msg, "column 'part' holds text in this data (e.g. '") != NULL);
	CHECK(strstr(e.msg, "not the numbers the run was trained on") != NULL);
	/* a value column of a column the data does not have at all */
	static const char *const gone[] = {"cpu", "queue=long"};
	CHECK_INT(ds_onehot_align(&m, t, (char *const *)gone, 2, &missing, &unseen, &e), LL_EUSAGE);
	CHECK(strstr(e.msg, "'queue'") != NULL);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	ll_table_free(t);
}

/* What eval and predict print of it. */
static void test_notes(void)
{
	struct ds_fsdata f;
	memset(&f, 0, sizeof f);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	ds_fsdata_print_notes(out, "other.txt", &f);
	f.values_missing = 2;
	f.values_unseen = 1;
	ds_fsdata_print_notes(out, "other.txt", &f);
	fclose(out);
	CHECK(buf && strstr(buf, "other.txt: 2 of the run's value columns") &&
	      strstr(buf, "other.txt: 1 values the run never saw"));
	CHECK(buf && strchr(buf, '\n') && strchr(strchr(buf, '\n') + 1, '\n') &&
	      !strchr(strchr(strchr(buf, '\n') + 1, '\n') + 1, '\n')); /* two lines, none before */
	free(buf);
}

/* Without a regex, a column of true and false (any case) is one number
 * column NAME=true: 1, 0, missing where empty; a column of one of them,
 * of yes/no, or of true/false/maybe stays text; not with text features,
 * nor twice, nor over the labels' column. */
static void test_booleans(void)
{
	struct ll_table *t = ll_table_new();
	static const char *const names[] = {"preempted", "R", "one", "yesno", "three", "state"};
	for (size_t c = 0; c < 6; c++)
		ll_table_add_column(t, names[c], LL_COL_TEXT);
	ll_table_add_column(t, "cpu", LL_COL_NUM);
	for (int i = 0; i < 6; i++) {
		long r = ll_table_append_row(t);
		const char *cells[6] = {i == 2 ? "" : i % 2 ? "true" : "false", i % 3 ? "TRUE" : "FALSE", "True",
					i % 2 ? "yes" : "no", i % 3 == 0 ? "true" : i % 3 == 1 ? "false" : "maybe",
					i % 2 ? "true" : "false"};
		for (size_t c = 0; c < 6; c++)
			ll_table_set_text(t, (size_t)r, c, cells[c], strlen(cells[c]));
		ll_table_set_num(t, (size_t)r, 6, i);
	}
	ll_table_set_label_source(t, 5);
	struct ll_recipe r;
	struct ll_err e;
	ll_recipe_default(&r);
	r.text = LL_TEXT_HASH;
	size_t added = 9;
	CHECK_INT(ds_onehot_expand(t, &r, &added, &e), LL_OK);
	CHECK_INT(added, 0); /* text features: nothing */
	ll_recipe_default(&r);
	CHECK_INT(ds_onehot_expand(t, &r, &added, &e), LL_OK);
	CHECK_INT(added, 2);
	CHECK_INT(ll_table_ncols(t), 9);
	long p = ll_table_find_column(t, "preempted=true"), R = ll_table_find_column(t, "R=TRUE");
	CHECK(p >= 0 && R >= 0);
	if (p >= 0 && R >= 0) {
		CHECK_INT(ll_table_col_type(t, (size_t)p), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)p), 0, 0);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)p), 1, 0);
		CHECK(isnan(ll_table_num(t, 2, (size_t)p)));
		CHECK_NEAR(ll_table_num(t, 0, (size_t)R), 0, 0);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)R), 1, 0);
		CHECK(ds_onehot_is_value_column(t, "R=TRUE"));
	}
	CHECK(ll_table_find_column(t, "one=True") < 0);
	CHECK(ll_table_find_column(t, "yesno=yes") < 0);
	CHECK(ll_table_find_column(t, "three=true") < 0);
	CHECK(ll_table_find_column(t, "state=true") < 0);
	/* once */
	CHECK_INT(ds_onehot_expand(t, &r, &added, &e), LL_OK);
	CHECK_INT(added, 0);
	CHECK_INT(ll_table_ncols(t), 9);
	/* the default columns build on them */
	struct ll_featmat m;
	struct ll_recipe_manifest man;
	build_halves(t, &r, &m, &man);
	CHECK_INT(man.ncols, 3);
	if (man.ncols == 3) {
		CHECK_STR(man.columns[0], "cpu");
		CHECK_STR(man.columns[1], "preempted=true");
		CHECK_STR(man.columns[2], "R=TRUE");
	}
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	ll_table_free(t);
}

int main(void)
{
	test_expand();
	test_booleans();
	test_align();
	test_notes();
	TEST_MAIN_END();
}
