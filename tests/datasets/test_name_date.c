/*
 * test_name_date.c - dates in file names (ds_name_date.h): the forms
 * writers and collectors stamp, where in a name they are found, and the
 * year they give a yearless stamp near them.
 */
#include "harness.h"

#include "ds_name_date.h"
#include "ll_time.h"

#include <string.h>

static void test_parse(void)
{
	double v;
	CHECK(ds_name_date_parse("20240105", 8, &v) && v == 20240105000000.0);
	CHECK(ds_name_date_parse("2024010513", 10, &v) && v == 20240105130000.0);
	CHECK(ds_name_date_parse("2016-12-19-16", 13, &v) && v == 20161219160000.0);
	CHECK(ds_name_date_parse("2024-01-05_13-00-00", 19, &v) && v == 20240105130000.0);
	CHECK(ds_name_date_parse("2023-07-15T21:18:51", 19, &v) && v == 20230715211851.0);
	CHECK(ds_name_date_parse("2024_01_05", 10, &v));
	/* no date: a month 13, a year before 1970, too few or odd digits */
	CHECK(!ds_name_date_parse("2024-13-05", 10, &v));
	CHECK(!ds_name_date_parse("12345678", 8, &v));
	CHECK(!ds_name_date_parse("2024-01", 7, &v));
	CHECK(!ds_name_date_parse("202401051", 9, &v));
	CHECK(!ds_name_date_parse("2024-01-05 ", 11, &v));
}

static void test_find(void)
{
	static const struct {
		const char *name;
		size_t at, len; /* len 0: none */
	} cases[] = {
	    {"2023-07-15T21:18:51-kubelet-kind-worker.log.txt", 0, 19},
	    {"2024-01-01-app.log", 0, 10},
	    {"app-2024-01-01.log", 4, 10},
	    {"app.2024-01-01.0.log", 4, 10},
	    {"syslog-20240105", 7, 8},
	    {"server.log.2016-12-19-16", 11, 13},
	    /* digits touching the date make it no date */
	    {"build-120240105.log", 0, 0},
	    {"node-12345678.log", 0, 0},
	    {"kern.log", 0, 0},
	    {"", 0, 0},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		size_t at = 99, len = 0;
		double v;
		int found = ds_name_date_find(cases[k].name, strlen(cases[k].name), &at, &len, &v);
		CHECK_INT(found, cases[k].len != 0);
		if (found && cases[k].len) {
			CHECK_INT(at, cases[k].at);
			CHECK_INT(len, cases[k].len);
		}
	}
	CHECK(ds_name_date_time(20240105130000.0) == ll_time_from_civil(2024, 1, 5, 13, 0, 0));
	CHECK(ds_name_date_time(19700101000000.0) == 0);
}

/* A stamp of a month and day, read in the year asked. */
struct md {
	int month, day;
};

static int place_md(void *ctx, int year, double *t)
{
	const struct md *m = ctx;
	*t = ll_time_from_civil(year, m->month, m->day, 12, 0, 0);
	return 1;
}

static int place_none(void *ctx, int year, double *t)
{
	(void)ctx;
	(void)year;
	(void)t;
	return 0;
}

static void test_year(void)
{
	struct md jul16 = {7, 16}, dec29 = {12, 29}, jan3 = {1, 3};
	CHECK_INT(ds_name_date_year("/x/2023-07-15T21:18:51-kubelet.log", place_md, &jul16), 2023);
	/* the day before the name's (a zone) and a rotation after the lines */
	CHECK_INT(ds_name_date_year("syslog-20240105", place_md, &dec29), 2023);
	CHECK_INT(ds_name_date_year("app-2023-12-30.log", place_md, &jan3), 2024);
	/* months away in every year: the date is of something else */
	CHECK_INT(ds_name_date_year("report-2023-01-10.log", place_md, &jul16), 0);
	CHECK_INT(ds_name_date_year("kubelet.log", place_md, &jul16), 0);
	CHECK_INT(ds_name_date_year("2023-07-15.log", place_none, NULL), 0);
	CHECK_INT(ds_name_date_year(NULL, place_md, &jul16), 0);
	/* the folder's date is not the file's */
	CHECK_INT(ds_name_date_year("/logs/2023-07-15/kubelet.log", place_md, &jul16), 0);
}

int main(void)
{
	test_parse();
	test_find();
	test_year();
	TEST_MAIN_END();
}
