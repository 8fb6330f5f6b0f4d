/*
 * test_units.c - one duration or size written with a unit, read as a
 * number (ll_units.h): the units of each kind, the forms a value may take
 * and the ones it may not; durations on a clock.
 */
#include "harness.h"

#include "ll_units.h"

#include <math.h>
#include <string.h>

static int duration(const char *s, double *v, struct ll_units_duration_form *f)
{
	return ll_units_duration(s, strlen(s), v, f);
}

static void test_time_unit(void)
{
	CHECK(ll_units_time_unit("d", 1) == 86400);
	CHECK(ll_units_time_unit("h", 1) == 3600);
	CHECK(ll_units_time_unit("m", 1) == 60);
	CHECK(ll_units_time_unit("\xC2\xB5s", 3) == 1e-6);
	CHECK(ll_units_time_unit("mss", 3) == 0);
	CHECK(ll_units_time_unit("msec", 4) == 0);
	CHECK(ll_units_time_unit("", 0) == 0);
	CHECK(ll_units_time_unit("s", 1) == 1);
	CHECK(ll_units_time_unit("ms", 2) == 1e-3);
	CHECK(ll_units_time_unit("us", 2) == 1e-6);
	CHECK(ll_units_time_unit("\xC2\xB5s", 3) == 1e-6); /* micro sign */
	CHECK(ll_units_time_unit("\xCE\xBCs", 3) == 1e-6); /* Greek mu */
	CHECK(ll_units_time_unit("ns", 2) == 1e-9);
	/* a prefix of a unit, more than one, another word, none */
	CHECK(ll_units_time_unit("msx", 2) == 1e-3);
	CHECK(ll_units_time_unit("msx", 3) == 0);
	CHECK(ll_units_time_unit("min", 3) == 0);
	CHECK(ll_units_time_unit("S", 1) == 0);
	CHECK(ll_units_time_unit("", 0) == 0);
}

static void test_duration(void)
{
	double v;
	struct ll_units_duration_form f;
	CHECK(duration("12.3ms", &v, &f) && fabs(v - 0.0123) < 1e-12 && !f.alone && f.parts == 1 && !f.minutes_only);
	CHECK(duration("1.2s", &v, &f) && v == 1.2 && !f.alone);
	CHECK(duration("850us", &v, NULL) && fabs(v - 850e-6) < 1e-15);
	CHECK(duration("850\xC2\xB5s", &v, NULL) && fabs(v - 850e-6) < 1e-15);
	CHECK(duration("850\xCE\xBCs", &v, NULL) && fabs(v - 850e-6) < 1e-15);
	CHECK(duration("40ns", &v, NULL) && fabs(v - 40e-9) < 1e-18);
	CHECK(duration("3m", &v, &f) && v == 180 && f.alone && f.minutes_only && f.parts == 1);
	CHECK(duration("2d", &v, &f) && v == 172800 && f.alone && !f.minutes_only);
	CHECK(duration("2h", &v, &f) && v == 7200 && !f.alone && !f.minutes_only);
	CHECK(duration("1m30s", &v, &f) && v == 90 && !f.alone && !f.minutes_only && f.parts == 2);
	CHECK(duration("1h2m3.5s", &v, &f) && v == 3723.5 && f.parts == 3 && !f.minutes_only);
	CHECK(duration("2d3h", &v, &f) && v == 2 * 86400 + 3 * 3600 && f.parts == 2 && !f.alone);
	CHECK(duration("2h45m", &v, NULL) && v == 9900);
	CHECK(duration("1s500ms", &v, &f) && v == 1.5 && f.parts == 2);
	CHECK(duration("-1.5h", &v, NULL) && v == -5400);
	CHECK(duration("-1h2m", &v, &f) && v == -3720 && f.parts == 2);
	CHECK(duration(" 12.3 ms ", &v, &f) && fabs(v - 0.0123) < 1e-12 && f.parts == 1);
	CHECK(duration(".5s", &v, NULL) && v == 0.5); /* as Go's ParseDuration */
	/* parts small to large, twice, with blanks; other letters; no number */
	CHECK(!duration("30s1m", &v, NULL));
	CHECK(!duration("3h2d", &v, NULL));
	CHECK(!duration("1m1m", &v, NULL));
	CHECK(!duration("1ms2ms", &v, NULL));
	CHECK(!duration("1us2\xC2\xB5s", &v, NULL)); /* micro twice, spelled two ways */
	CHECK(!duration("1m 30s", &v, NULL));
	CHECK(!duration("1 m30s", &v, NULL)); /* a blank only in a value of one part */
	CHECK(!duration("1h 2m", &v, NULL));
	CHECK(!duration("12", &v, NULL));
	CHECK(!duration("12k", &v, NULL));
	CHECK(!duration("ms", &v, NULL));
	CHECK(!duration("h", &v, NULL));
	CHECK(!duration("1.2.3s", &v, NULL));
	CHECK(!duration("", &v, NULL));
	CHECK(!duration("   ", &v, NULL));
	CHECK(!duration("-", &v, NULL));
	CHECK(!duration("5 minutes", &v, NULL));
	CHECK(!duration("12ms/s", &v, NULL));
	CHECK(!duration("1h2m3s4ms5us6ns7", &v, NULL)); /* a number without its unit */
	/* longer than any duration written for people */
	CHECK(!duration("1111111111111111111111111111111111111111111111111s", &v, NULL));
}

static void test_size_unit(void)
{
	struct ll_units_size_form f;
	CHECK(ll_units_size_unit("B", 1, &f) == 1 && f.power == 0 && !f.bare && !f.small);
	CHECK(ll_units_size_unit("k", 1, &f) == 1024 && f.power == 1 && f.bare && !f.small);
	CHECK(ll_units_size_unit("K", 1, &f) == 1024 && f.bare);
	CHECK(ll_units_size_unit("M", 1, &f) == 1048576 && f.bare && !f.small);
	CHECK(ll_units_size_unit("m", 1, &f) == 1048576 && f.bare && f.small);
	CHECK(ll_units_size_unit("g", 1, &f) == 1073741824.0 && f.power == 3 && f.small);
	CHECK(ll_units_size_unit("G", 1, &f) == 1073741824.0 && !f.small);
	CHECK(ll_units_size_unit("Ki", 2, &f) == 1024 && !f.bare);
	CHECK(ll_units_size_unit("KiB", 3, &f) == 1024 && !f.bare);
	CHECK(ll_units_size_unit("kB", 2, &f) == 1000 && !f.bare);
	CHECK(ll_units_size_unit("KB", 2, &f) == 1000);
	CHECK(ll_units_size_unit("GB", 2, &f) == 1e9 && f.power == 3);
	CHECK(ll_units_size_unit("TiB", 3, &f) == 1099511627776.0 && f.power == 4);
	CHECK(ll_units_size_unit("PB", 2, &f) == 1e15 && f.power == 5);
	/* bits, a plural, a unit of time, other letters, none */
	CHECK(ll_units_size_unit("kb", 2, &f) == 0);
	CHECK(ll_units_size_unit("MBs", 3, &f) == 0);
	CHECK(ll_units_size_unit("ms", 2, &f) == 0);
	CHECK(ll_units_size_unit("x", 1, &f) == 0);
	CHECK(ll_units_size_unit("b", 1, NULL) == 0);
	CHECK(ll_units_size_unit("", 0, NULL) == 0);
	CHECK(ll_units_size_unit("MiB", 3, NULL) == 1048576);
}

static int size(const char *s, double *v, struct ll_units_size_form *f)
{
	return ll_units_size(s, strlen(s), v, f);
}

static void test_size(void)
{
	double v;
	struct ll_units_size_form f;
	CHECK(size("4.012g", &v, &f) && fabs(v - 4.012 * 1073741824.0) < 1 && f.bare && f.power == 3 && !f.alone);
	CHECK(size("512k", &v, &f) && v == 524288 && f.bare && f.alone);
	CHECK(size("12M", &v, &f) && v == 12582912 && f.bare && f.alone);
	CHECK(size("1.5GiB", &v, &f) && v == 1.5 * 1073741824.0 && !f.bare && !f.alone);
	CHECK(size("300KB", &v, &f) && v == 300000 && !f.bare);
	CHECK(size("300kB", &v, NULL) && v == 300000);
	/* the kernel's fixed unit (/proc/meminfo): a whole number, a blank,
	 * kB is KiB; SI's scaled ones keep 1000 */
	CHECK(size("24683784 kB", &v, NULL) && v == 24683784.0 * 1024);
	CHECK(size("0 kB", &v, NULL) && v == 0);
	CHECK(size("1.2 kB", &v, NULL) && fabs(v - 1200) < 1e-9);
	CHECK(size("12kB", &v, NULL) && v == 12000);
	CHECK(size("300 KB", &v, NULL) && v == 300000);
	CHECK(ll_units_kernel_kib("kB", 2, 1, 1) && !ll_units_kernel_kib("KB", 2, 1, 1) &&
	      !ll_units_kernel_kib("kB", 2, 0, 1) && !ll_units_kernel_kib("kB", 2, 1, 0));
	CHECK(size("1.2 GB", &v, NULL) && fabs(v - 1.2e9) < 1e-3);
	CHECK(size("2Ti", &v, &f) && v == 2 * 1099511627776.0 && !f.bare);
	CHECK(size("3.4G", &v, &f) && fabs(v - 3.4 * 1073741824.0) < 1e-3 && f.bare && !f.small && !f.alone);
	CHECK(size("512B", &v, &f) && v == 512 && f.power == 0 && !f.alone);
	/* a bare lowercase m may be minutes, with a fraction too */
	CHECK(size("1.5m", &v, &f) && f.alone && f.small);
	CHECK(size("1.5M", &v, &f) && !f.alone && !f.small);
	CHECK(!size("12", &v, NULL));
	CHECK(!size("12kb", &v, NULL)); /* bits, perhaps */
	CHECK(!size("12x", &v, NULL));
	CHECK(!size("12MiBs", &v, NULL));
	CHECK(!size("G", &v, NULL));
	CHECK(!size("1.2s", &v, NULL));
}

static int clock(const char *s, double *v, int *unambiguous)
{
	return ll_units_clock(s, strlen(s), v, unambiguous);
}

/* Durations on a clock: schedulers' and ps's forms; which ones no clock
 * of day could be; what is none. */
static void test_clock(void)
{
	double v;
	int u;
	CHECK(clock("00:58:20", &v, &u) && v == 3500 && !u);
	CHECK(clock("01:02:03", &v, NULL) && v == 3723);
	CHECK(clock("1-02:03:04", &v, &u) && v == 86400 + 7384 && u); /* Slurm's days */
	CHECK(clock("12-00:00:00", &v, &u) && v == 12 * 86400 && u);
	CHECK(clock("25:00:00", &v, &u) && v == 90000 && u);
	CHECK(clock("100:00:01.5", &v, &u) && v == 360001.5 && u);
	CHECK(clock("03:22.123", &v, &u) && fabs(v - 202.123) < 1e-9 && u); /* M:SS.f */
	CHECK(clock(" 00:03.5\t", &v, &u) && v == 3.5 && u);
	CHECK(clock("10:00:00", &v, &u) && v == 36000 && !u); /* a time of day as much */
	CHECK(clock("9:05:00", &v, &u) && v == 32700 && !u);
	/* none: hours and minutes, 60 minutes, digits missing, a PCI address,
	 * days with hours and minutes only, an exit code and signal, words */
	CHECK(!clock("10:05", &v, &u));
	CHECK(!clock("01:60:00", &v, &u));
	CHECK(!clock("01:00:60", &v, &u));
	CHECK(!clock("1:2:3", &v, &u));
	CHECK(!clock("00000000:07:00.0", &v, &u));
	CHECK(!clock("1-000:07:00", &v, &u));
	CHECK(!clock("1-10:05", &v, &u));
	CHECK(!clock("0:0", &v, &u));
	CHECK(!clock("01:02:03:04", &v, &u));
	CHECK(!clock("01:02:03.", &v, &u));
	CHECK(!clock("12:00:01 PM", &v, &u));
	CHECK(!clock("1h2m3s", &v, &u));
	CHECK(!clock("", &v, &u));
	CHECK(!clock("::::", &v, &u));
	/* not NUL-terminated: only n bytes are read */
	CHECK(ll_units_clock("00:10:00999", 8, &v, &u) && v == 600);
}

int main(void)
{
	test_time_unit();
	test_clock();
	test_duration();
	test_size_unit();
	test_size();
	TEST_MAIN_END();
}
