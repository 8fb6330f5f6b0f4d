/* tests/core/test_time.c - number and timestamp parsing against known epochs. */
#include "harness.h"
#include "ll_time.h"

static double parse(const char *s)
{
	double v = NAN;
	if (!ll_time_parse(s, strlen(s), &v))
		return NAN;
	return v;
}

int main(void)
{
	double v;
	CHECK(ll_parse_number(" 42 ", 4, &v) && v == 42);
	CHECK(ll_parse_number("-1.5e2", 6, &v) && v == -150);
	CHECK(ll_parse_number("nan", 3, &v) && isnan(v));
	CHECK(!ll_parse_number("0x1f", 4, &v));
	CHECK(!ll_parse_number("12abc", 5, &v));
	CHECK(!ll_parse_number("", 0, &v));
	CHECK(ll_all_digits("0042", 4) && !ll_all_digits("", 0) && !ll_all_digits("4a", 2) && !ll_all_digits("-1", 2));
	/* epochs checked with `date -u -d ... +%s` */
	CHECK_NEAR(parse("1970-01-01 00:00:00"), 0, 0);
	CHECK_NEAR(parse("2015-07-10 14:24:00"), 1436538240, 0);
	CHECK_NEAR(parse("2015-07-10T14:24:00Z"), 1436538240, 0);
	CHECK_NEAR(parse("2015-07-10T16:24:00+02:00"), 1436538240, 0);
	CHECK_NEAR(parse("2015-10-18 18:01:47,978"), 1445191307.978, 1e-6);
	CHECK_NEAR(parse("2005-06-03-15.42.50.675872"), 1117813370.675872, 1e-5);
	CHECK_NEAR(parse("2005.06.03"), 1117756800, 0);
	CHECK_NEAR(parse("2015-10-18, 18:01:47 UTC"), 1445191307, 0); /* Airflow's */
	CHECK(isnan(parse("2015-10-18,18:01:47")));
	CHECK_NEAR(parse("2025-06-24  14:36:25"), 1750775785, 0); /* apt's history: two blanks */
	CHECK_NEAR(parse("2025-06-24   14:36:25"), 1750775785, 0);
	CHECK(isnan(parse("2025-06-24  x")));
	CHECK_NEAR(parse("2000-02-29"), 951782400, 0);
	CHECK_NEAR(parse("1475708693.291"), 1475708693.291, 1e-6);
	CHECK_NEAR(parse("1326381446500"), 1326381446.5, 1e-6);
	CHECK_NEAR(parse("1326381446500250"), 1326381446.50025, 1e-6);     /* microseconds */
	CHECK_NEAR(parse("1568760922000000000"), 1568760922, 1e-6);         /* nanoseconds */
	CHECK(ll_time_from_epoch(1e20, &v) == 0 && ll_time_from_epoch(99999999, &v) == 0);
	/* whole microseconds: a stamp 0.3 s past a second is 300000 us past it
	 * though its double is not; 0.1 s is a whole step, 1e-7 s is none */
	CHECK(ll_time_to_us(1445191307.3) - ll_time_to_us(1445191307.0) == 300000);
	CHECK(ll_time_to_us(-0.0000004) == 0 && ll_time_to_us(-1.5) == -1500000);
	int64_t us;
	CHECK(ll_time_whole_us(0.1, &us) && us == 100000);
	CHECK(ll_time_whole_us(60, &us) && us == 60000000);
	CHECK(!ll_time_whole_us(1e-7, &us) && us == 0);
	CHECK(!ll_time_whole_us(0.0000015, &us) && us == 0);
	CHECK(!ll_time_whole_us(1e13, &us));
	CHECK(ll_time_parse_year("Jun 14 15:16:01", 15, 2005, &v));
	CHECK_NEAR(v, 1118762161, 0);
	CHECK(ll_time_parse_year("Nov  9 12:01:01", 15, 2005, &v));
	CHECK_NEAR(v, 1131537661, 0);
	/* the dated forms of log stamps, as whole cells (sar's zone name, an
	 * access log's, a day-first European date); a clock alone is no date */
	CHECK_NEAR(parse("2019-04-18 13:20:19 UTC"), 1555593619, 0);
	CHECK_NEAR(parse("10/Oct/2000:13:55:36 -0700"), 971211336, 0);
	CHECK_NEAR(parse("18.04.2019 13:20:19"), 1555593619, 0);
	CHECK_NEAR(parse("10-Oct-2000 20:55:36"), 971211336, 0);
	/* C's asctime with a UTC zone's name after the year (date -u,
	 * smartctl's local_time.asctime); no other word there, nor a zone
	 * after a stamp without a year */
	CHECK_NEAR(parse("Fri Feb 13 23:31:30 2009 UTC"), 1234567890, 0);
	CHECK_NEAR(parse("Fri Feb 13 23:31:30 2009 GMT"), 1234567890, 0);
	CHECK_NEAR(parse("Fri Feb 13 23:31:30 2009"), 1234567890, 0);
	CHECK(isnan(parse("Fri Feb 13 23:31:30 2009 CEST")));
	CHECK(isnan(parse("Fri Feb 13 23:31:30 2009 UTC+1")));
	CHECK(isnan(parse("13:20:19 UTC")));
	CHECK(isnan(parse("13:20:19")));
	CHECK(isnan(parse("05/03/2019 10:00:00")));  /* May 3 or 5 March: the column decides */
	CHECK(isnan(parse("05-10 22:11:42")));       /* no year */
	CHECK(isnan(parse("2019-04-18 13:20:19 UTC and more")));
	CHECK(isnan(parse("2015-13-10 14:24:00")));
	CHECK(isnan(parse("hello")));
	CHECK(isnan(parse("42")));
	CHECK(isnan(parse("Foo 14 15:16:01")));
	CHECK_INT(ll_month_from_abbrev("Dec"), 12);
	CHECK_INT(ll_month_from_abbrev("Xyz"), 0);
	char buf[64];
	ll_time_format(1436538240, buf, sizeof buf);
	CHECK_STR(buf, "2015-07-10 14:24:00");
	ll_time_format(1117813370.5, buf, sizeof buf);
	CHECK_STR(buf, "2005-06-03 15:42:50.500000");
	ll_time_format(-86400, buf, sizeof buf);
	CHECK_STR(buf, "1969-12-31 00:00:00");
	/* beyond any calendar: the epoch seconds, not a year of the wrong sign */
	ll_time_format(1e300, buf, sizeof buf);
	CHECK_STR(buf, "@1e+300");
	ll_time_format(-1e19, buf, sizeof buf);
	CHECK_STR(buf, "@-1e+19");
	ll_time_format(INFINITY, buf, sizeof buf);
	CHECK_STR(buf, "@inf");
	ll_time_format(9.9e14, buf, sizeof buf);
	CHECK(buf[0] != '@' && buf[0] != '-');
	CHECK_NEAR(ll_time_from_civil(2000, 3, 1, 0, 0, 0), 951868800, 0);
	TEST_MAIN_END();
}
