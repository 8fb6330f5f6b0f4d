/*
 * test_subsecond.c - a time of whole seconds beside its fraction's column
 * (ds_subsecond.h): which names say a fraction, which columns are joined
 * and which are left as they are.
 */
#include "harness.h"

#include "ds_subsecond.h"

#include <math.h>
#include <string.h>

static void test_unit(void)
{
	CHECK(ds_subsecond_unit("instant.nanoOfSecond") == 1e-9);
	CHECK(ds_subsecond_unit("nanos") == 1e-9);
	CHECK(ds_subsecond_unit("tv_nsec") == 1e-9);
	CHECK(ds_subsecond_unit("ts.NSEC") == 1e-9);
	CHECK(ds_subsecond_unit("tv_usec") == 1e-6);
	CHECK(ds_subsecond_unit("micro-of-second") == 1e-6);
	CHECK(ds_subsecond_unit("millis") == 1e-3);
	/* the parent's words do not count, nor other words, nor none */
	CHECK(ds_subsecond_unit("nanos.count") == 0);
	CHECK(ds_subsecond_unit("seconds") == 0);
	CHECK(ds_subsecond_unit("ms") == 0);
	CHECK(ds_subsecond_unit("") == 0);
	CHECK(ds_subsecond_unit(NULL) == 0);
	CHECK(ds_subsecond_unit("a_very_long_name_of_nanoseconds_indeed") == 0);
}

/* A table of a time column and a number column, names given, n rows. */
static struct ll_table *pair(const char *tname, const double *secs, const char *fname, const double *parts, size_t n)
{
	struct ll_table *t = ll_table_new();
	CHECK(t && ll_table_add_column(t, tname, LL_COL_TIME) == 0 && ll_table_add_column(t, fname, LL_COL_NUM) == 1);
	for (size_t r = 0; r < n; r++) {
		CHECK(ll_table_append_row(t) == (long)r);
		CHECK(ll_table_set_num(t, r, 0, secs[r]) == LL_OK && ll_table_set_num(t, r, 1, parts[r]) == LL_OK);
	}
	return t;
}

static void test_columns(void)
{
	const double secs[] = {1765000000, 1765000001, NAN, 1765000002};
	const double nanos[] = {123000000, 500000000, 7, NAN};
	struct ll_table *t = pair("instant.epochSecond", secs, "instant.nanoOfSecond", nanos, 4);
	CHECK(ds_subsecond_columns(t, "x.json") == LL_OK);
	CHECK(fabs(ll_table_num(t, 0, 0) - 1765000000.123) < 1e-6);
	CHECK(fabs(ll_table_num(t, 1, 0) - 1765000001.5) < 1e-6);
	CHECK(isnan(ll_table_num(t, 2, 0)));
	CHECK(ll_table_num(t, 3, 0) == 1765000002);
	CHECK(ll_table_num(t, 0, 1) == 123000000); /* the fraction's column stays */
	CHECK(ll_table_nnotes(t) == 1 && strstr(ll_table_note_text(t, 0), "x.json: 'instant.nanoOfSecond' holds the "
									   "nanoseconds of the seconds of "
									   "'instant.epochSecond'"));
	ll_table_free(t);

	/* microseconds at the top of a record (timeval) */
	const double usec[] = {250000, 0, 999999, 1};
	t = pair("tv_sec", secs, "tv_usec", usec, 4);
	CHECK(ds_subsecond_columns(t, "x.csv") == LL_OK);
	CHECK(fabs(ll_table_num(t, 0, 0) - 1765000000.25) < 1e-6 && ll_table_nnotes(t) == 1);
	ll_table_free(t);

	/* another object's nanos, values of a second or more, a fraction in
	 * the seconds already, or fractions all 0: left as they are */
	t = pair("instant.epochSecond", secs, "other.nanos", nanos, 4);
	CHECK(ds_subsecond_columns(t, "x") == LL_OK && ll_table_num(t, 0, 0) == 1765000000 && !ll_table_nnotes(t));
	ll_table_free(t);
	const double big[] = {1, 1000000000, 3, 4};
	t = pair("seconds", secs, "nanos", big, 4);
	CHECK(ds_subsecond_columns(t, "x") == LL_OK && ll_table_num(t, 0, 0) == 1765000000 && !ll_table_nnotes(t));
	ll_table_free(t);
	const double fine[] = {1765000000.5, 1765000001, 1765000002, 1765000003};
	t = pair("seconds", fine, "nanos", nanos, 4);
	CHECK(ds_subsecond_columns(t, "x") == LL_OK && ll_table_num(t, 1, 0) == 1765000001 && !ll_table_nnotes(t));
	ll_table_free(t);
	const double zeros[] = {0, 0, NAN, 0};
	t = pair("seconds", secs, "nanos", zeros, 4);
	CHECK(ds_subsecond_columns(t, "x") == LL_OK && !ll_table_nnotes(t));
	ll_table_free(t);
	const double half[] = {0.5, 1, 2, 3};
	t = pair("seconds", secs, "nanos", half, 4);
	CHECK(ds_subsecond_columns(t, "x") == LL_OK && ll_table_num(t, 0, 0) == 1765000000 && !ll_table_nnotes(t));
	ll_table_free(t);
}

int main(void)
{
	test_unit();
	test_columns();
	TEST_MAIN_END();
}
