/* test_zones - finding UTC offsets in a file's stamps (ds_zones.h). */
#include "ds_zones.h"
#include "harness.h"

#include <string.h>

static void scan(const char *text, struct ds_zone_scan *z)
{
	ds_zone_scan(text, strlen(text), z);
}

static void test_forms(void)
{
	struct ds_zone_scan z;
	/* ISO 8601 with 'T' and a colon, a CSV's cells */
	scan("time,load\n2024-03-01T17:22:00+03:00,1\n2024-03-01T17:23:00+03:00,2\n", &z);
	CHECK_INT(z.lines, 3);
	CHECK_INT(z.zoned, 2);
	CHECK_INT(z.first_line, 2);
	CHECK_INT(z.first_minutes, 180);
	CHECK_INT(z.several, 0);
	CHECK(ds_zone_scan_says(&z));
	/* an access log's "-0700" after a blank, a fraction before "+0530" */
	scan("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326\n", &z);
	CHECK_INT(z.first_minutes, -420);
	scan("2024-01-01 10:00:00.123456+0530 host app: x\n", &z);
	CHECK_INT(z.first_minutes, 330);
	scan("{\"ts\":\"2024-03-01T17:22:00.5-04\",\"msg\":\"a\"}\n", &z);
	CHECK_INT(z.first_minutes, -240);
	/* offsets that change (summer time) */
	scan("2024-03-31T01:59:59+01:00 a\n2024-03-31T03:00:00+02:00 b\n", &z);
	CHECK_INT(z.zoned, 2);
	CHECK_INT(z.several, 1);
	char buf[256];
	ds_zone_note(&z, "x.log", buf, sizeof buf);
	CHECK_STR(buf, "x.log: times are shown in UTC; its stamps carry UTC offsets (+01:00 from line 1, other offsets "
		       "after it)");
	scan("a\n\n2024-03-01 17:22:00 -0330 b", &z); /* a last line without its newline */
	CHECK_INT(z.lines, 2);
	CHECK_INT(z.first_line, 3);
	ds_zone_note(&z, "y", buf, sizeof buf);
	CHECK_STR(buf, "y: times are shown in UTC; its stamps carry UTC offsets (-03:30 from line 3)");
	ds_zone_where(&z, buf, sizeof buf);
	CHECK_STR(buf, "-03:30 from line 3");
}

static void test_not_offsets(void)
{
	struct ds_zone_scan z;
	/* UTC written out, no offset, naive clocks */
	scan("2024-03-01T17:22:00Z a\n2024-03-01T17:22:00+00:00 b\n2024-03-01 17:22:00 -0000 c\n"
	     "2024-03-01 17:22:00 d\n", &z);
	CHECK_INT(z.zoned, 0);
	CHECK_INT(z.first_line, 0);
	CHECK(!ds_zone_scan_says(&z));
	/* a clock followed by arithmetic or longer numbers, not an offset;
	 * a clock inside a longer number */
	scan("10:00:00 -12345 x\n10:00:00 +1 y\n110:00:00+03:00 z\n10:00:00 -99:00 w\n", &z);
	CHECK_INT(z.zoned, 0);
	/* a clock then a comma and a date: no fraction and offset */
	scan("1,nova.log.2017-05-16_13:53:08,2017-05-16,00:00:00.008,25746,INFO\n", &z);
	CHECK_INT(z.zoned, 0);
	/* a quarter of the lines is the least that speaks for the file */
	scan("2024-03-01T17:22:00+03:00 a\n  at x\n  at y\n  at z\n", &z);
	CHECK(ds_zone_scan_says(&z));
	scan("2024-03-01T17:22:00+03:00 a\n  at x\n  at y\n  at z\n  at w\n", &z);
	CHECK(!ds_zone_scan_says(&z));
	scan("", &z);
	CHECK_INT(z.lines, 0);
	CHECK(!ds_zone_scan_says(&z));
}

int main(void)
{
	test_forms();
	test_not_offsets();
	TEST_MAIN_END();
}
