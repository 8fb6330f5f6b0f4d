/*
 * tests/core/test_stamp.c - the timestamp forms of ll_stamp.h: each form at
 * the start of a line, its length, its name and its value (epochs checked
 * with `date -u -d ... +%s`), the boundary rule, epochs only when asked,
 * one form at a time, and text that only looks like a stamp.
 */
#include "harness.h"
#include "ll_stamp.h"

struct stamp_case {
	const char *line;
	size_t len; /* the stamp's length within line */
	const char *form;
	double value;
};

static void test_forms(void)
{
	static const struct stamp_case cases[] = {
	    {"2015-10-18 18:01:47,978 INFO [main]", 23, "yyyy-MM-dd HH:mm:ss.SSS", 1445191307.978},
	    {"2015-10-18T18:01:47Z x", 20, "yyyy-MM-dd HH:mm:ss.SSS", 1445191307},
	    {"2015-10-18T20:01:47+02:00 x", 25, "yyyy-MM-dd HH:mm:ss.SSS", 1445191307},
	    {"2015-10-18 20:01:47 +0200 x", 25, "yyyy-MM-dd HH:mm:ss.SSS", 1445191307},
	    {"2005-06-03-15.42.50.675872 R02", 26, "yyyy-MM-dd-HH.mm.ss.SSSSSS", 1117813370.675872},
	    {"2015/10/18 18:01:47 x", 19, "yyyy/MM/dd HH:mm:ss", 1445191307},
	    {"20171223-22:15:29:606|Step", 21, "yyyyMMdd-HH:mm:ss:SSS", 1514067329.606},
	    /* writers that pad neither the seconds nor the milliseconds:
	     * ":11" after the seconds is 11 ms, not 0.11 s */
	    {"20171223-22:15:35:11|Step", 20, "yyyyMMdd-HH:mm:ss:SSS", 1514067335.011},
	    {"20171223-22:16:0:119|Step", 20, "yyyyMMdd-HH:mm:ss:SSS", 1514067360.119},
	    {"20171223-2:5:7:3|Step", 16, "yyyyMMdd-HH:mm:ss:SSS", 1513994707.003},
	    {"2015-10-18 8:01:47 x", 18, "yyyy-MM-dd HH:mm:ss.SSS", 1445155307},
	    /* a comma fraction is three digits: "26,6.2" is a table's next cell */
	    {"2025-12-30 23:35:26,6.2,59.72", 19, "yyyy-MM-dd HH:mm:ss.SSS", 1767137726},
	    {"2025-12-30 23:35:26,61,7", 19, "yyyy-MM-dd HH:mm:ss.SSS", 1767137726},
	    /* ... or ISO 8601's six or nine before a zone, a blank or the end
	     * (GNU date -Ins), not before another cell */
	    {"2025-12-30T23:35:26,123456789+01:00 x", 35, "yyyy-MM-dd HH:mm:ss.SSS", 1767134126.123456789},
	    {"2025-12-30 23:35:26,123456 x", 26, "yyyy-MM-dd HH:mm:ss.SSS", 1767137726.123456},
	    {"2025-12-30T23:35:26,123456Z", 27, "yyyy-MM-dd HH:mm:ss.SSS", 1767137726.123456},
	    {"2025-12-30 23:35:26,123456,7", 19, "yyyy-MM-dd HH:mm:ss.SSS", 1767137726},
	    {"2025-12-30 23:35:26,12345 x", 19, "yyyy-MM-dd HH:mm:ss.SSS", 1767137726},
	    {"2005.06.03 R02", 10, "yyyy.MM.dd", 1117756800},
	    /* Airflow's task logs: a comma and a blank between date and clock */
	    {"[2015-10-18, 18:01:47 UTC] {taskinstance.py:1157}", 0, "", 0},
	    {"2015-10-18, 18:01:47 UTC] {taskinstance.py:1157}", 24, "yyyy-MM-dd, HH:mm:ss", 1445191307},
	    {"[Sun Dec 04 04:47:44 2005] [notice]", 0, "", 0}, /* the bracket is the caller's */
	    {"Sun Dec 04 04:47:44 2005] [notice]", 24, "EEE MMM dd HH:mm:ss yyyy", 1133671664},
	    {"Sun Dec  4 04:47:44 UTC 2005 job", 28, "EEE MMM dd HH:mm:ss zzz yyyy", 1133671664},
	    {"Sun Dec  4 05:47:44 +0100 2005 job", 30, "EEE MMM dd HH:mm:ss zzz yyyy", 1133671664},
	    /* date(1)'s own format: a zone name that names several zones
	     * (CST: China's, America's) is read, not applied; one that names
	     * one offset is applied (CEST +02:00, PST -08:00) */
	    {"Mon Nov 28 21:17:40 CST 2016 Info: x", 28, "EEE MMM dd HH:mm:ss zzz yyyy", 1480367860},
	    {"Mon Nov 28 21:17:40 CEST 2016 x", 29, "EEE MMM dd HH:mm:ss zzz yyyy", 1480360660},
	    {"Mon Nov 28 20:17:40 PST 2016 x", 28, "EEE MMM dd HH:mm:ss zzz yyyy", 1480393060},
	    /* a zone name after an ISO stamp (PostgreSQL's log_line_prefix %m) */
	    {"2017-07-31 13:36:42.585 CEST [4974] LOG: x", 28, "yyyy-MM-dd HH:mm:ss.SSS", 1501501002.585},
	    {"2017-07-31 13:36:42 IST [4974] LOG: x", 23, "yyyy-MM-dd HH:mm:ss.SSS", 1501508202},
	    {"2017-07-31 13:36:42 CESTX x", 19, "yyyy-MM-dd HH:mm:ss.SSS", 1501508202},
	    {"2017-07-31 18:36:42 PKT [4974] LOG: x", 23, "yyyy-MM-dd HH:mm:ss.SSS", 1501508202},
	    {"2017-07-31 13:36:42 SST [4974] LOG: x", 23, "yyyy-MM-dd HH:mm:ss.SSS", 1501508202},
	    /* Sophos UTM's: colons in the date, a dash before the clock */
	    {"2017:07:31-13:36:42 gw dhcpd: x", 19, "yyyy:MM:dd-HH:mm:ss", 1501508202},
	    /* a colon before the clock, month or day first (Citrix ADC's) */
	    {"07/31/2017:13:36:42  gw 0-PPE-0 : x", 19, "MM/dd/yyyy:HH:mm:ss", 1501508202},
	    {"31/07/2017:13:36:42  gw 0-PPE-0 : x", 19, "dd/MM/yyyy:HH:mm:ss", 1501508202},
	    /* Cisco IOS's clock with its year, with a zone name or without */
	    {"Jan 16 2022 22:11:43 AEST: %FOO-6-BAR: x", 25, "MMM dd yyyy HH:mm:ss", 1642335103},
	    {"Jan 16 2022 22:11:43 METDST: %FOO-6-BAR: x", 27, "MMM dd yyyy HH:mm:ss", 1642363903},
	    {"Jan 16 2022 22:11:43: %FOO-6-BAR: x", 20, "MMM dd yyyy HH:mm:ss", 1642371103},
	    /* day and month's name, no year (Redis before 3.2): the caller's year */
	    {"30 May 10:03:19 * Server started", 15, "dd MMM HH:mm:ss", 1432980199},
	    {"30 May 12:50:13.457 # Server started", 19, "dd MMM HH:mm:ss", 1432990213.457},
	    {"30 Maz 10:03:19 x", 0, "", 0},
	    /* journalctl -o short-full: a weekday before an ISO date */
	    {"Fri 2024-01-05 10:00:00 UTC web1 sshd[1]: x", 27, "EEE yyyy-MM-dd HH:mm:ss", 1704448800},
	    /* a level after the clock is no zone name */
	    {"2015-10-18 18:01:47 WARN x", 19, "yyyy-MM-dd HH:mm:ss.SSS", 1445191307},
	    /* Kibana's display: "Jan 5, 2024 @ 10:00:00.123" */
	    {"Jan 5, 2024 @ 10:00:00.123\tINFO", 26, "MMM d, yyyy @ HH:mm:ss.SSS", 1704448800.123},
	    {"Dec 5, 2024,100.5", 11, "MMM d, yyyy", 1733356800},
	    {"December 05, 2024 x", 17, "MMM d, yyyy", 1733356800},
	    {"04/Dec/2005 04:47:44 job", 20, "dd/MMM/yyyy HH:mm:ss", 1133671664},
	    {"Sun, 04 Dec 2005 04:47:44 +0000 x", 31, "EEE, dd MMM yyyy HH:mm:ss Z", 1133671664},
	    {"10/Oct/2000:13:55:36 -0700] \"GET", 26, "dd/MMM/yyyy:HH:mm:ss Z", 971211336},
	    {"17/06/09 20:10:40 INFO", 17, "yy/MM/dd HH:mm:ss", 1497039040},
	    {"081109 203615 148 INFO", 13, "yyMMdd HHmmss", 1226262975},
	    /* glog since 0.6: the year before month and day ("I20151018 ...") */
	    {"20151018 18:01:47.978123  1234 server.cc:12]", 24, "yyyyMMdd HH:mm:ss.SSSSSS", 1445191307.978123},
	    {"Dec 4, 2005 4:47:44 PM org.x", 22, "MMM d, yyyy h:mm:ss a", 1133714864},
	    /* its milliseconds after a comma, and a zone after the AM or PM */
	    {"Mar 24, 2022 10:29:51,636 AM GMT> <Info>", 32, "MMM d, yyyy h:mm:ss a", 1648117791.636},
	    {"Mar 24, 2022 10:29:51,636 PM +0100 x", 34, "MMM d, yyyy h:mm:ss a", 1648157391.636},
	    /* a comma after the year too, and a zone as Windows names it:
	     * applied where it keeps one offset all year, else read alone */
	    {"May 8, 2024, 12:32:08,362 PM India Standard Time> <Info>", 48, "MMM d, yyyy, h:mm:ss a", 1715151728.362},
	    {"May 8, 2024, 12:32:08 PM Pacific Standard Time x", 46, "MMM d, yyyy, h:mm:ss a", 1715171528},
	    {"May 8, 2024, 12:32:08 PM W. Europe Daylight Time", 48, "MMM d, yyyy, h:mm:ss a", 1715171528},
	    {"May 8, 2024, 12:32:08 PM Standard Time", 24, "MMM d, yyyy, h:mm:ss a", 1715171528},
	    {"May 8, 2024, 100", 11, "MMM d, yyyy", 1715126400},
	    {"04-Dec-2005 04:47:44.123 INFO", 24, "dd-MMM-yyyy HH:mm:ss", 1133671664.123},
	    {"04-Dec-2005 04:47:44 UTC] PHP Warning", 24, "dd-MMM-yyyy HH:mm:ss", 1133671664},
	    {"04-Dec-2005 05:47:44 +0100 x", 26, "dd-MMM-yyyy HH:mm:ss", 1133671664},
	    /* the same with minutes only, and the date alone (spreadsheets, databases) */
	    {"04-Dec-2005 04:47,5", 17, "dd-MMM-yyyy HH:mm", 1133671620},
	    {"04-DEC-2005;5", 11, "dd-MMM-yyyy", 1133654400},
	    /* the same without the year, before a clock to the minute or second */
	    {"09-Jan 19:54 backup-sd JobId 24: x", 12, "dd-MMM HH:mm", 1420833240},
	    {"9-Jan 19:54:07 x", 14, "dd-MMM HH:mm:ss", 1420833247},
	    {"12/04/2005 04:47:44 x", 19, "MM/dd/yyyy HH:mm:ss", 1133671664},
	    {"13/04/2005 04:47:44 x", 19, "dd/MM/yyyy HH:mm:ss", 1113367664},
	    {"04.12.2005 04:47:44 x", 19, "dd.MM.yyyy HH:mm:ss", 1133671664},
	    /* the dotted day-first date with minutes only, and alone */
	    {"18.04.2019 13:20 x", 16, "dd.MM.yyyy HH:mm", 1555593600},
	    {"18.04.2019;4.5", 10, "dd.MM.yyyy", 1555545600},
	    /* unpadded, as loggers that print day, month and clock as numbers */
	    {"5.3.2024 9:5:3;21.5", 14, "dd.MM.yyyy HH:mm:ss", 1709629503},
	    {"2019/04/18 13:20 x", 16, "yyyy/MM/dd HH:mm", 1555593600},
	    {"18 Apr 2019 13:20 x", 17, "dd MMM yyyy HH:mm", 1555593600},
	    {"2019-04-18_13:20:05 x", 19, "yyyy-MM-dd_HH:mm:ss", 1555593605},
	    {"20190418T132005Z x", 16, "yyyyMMddTHHmmss", 1555593605},
	    /* stamps made to name files: '_' between the fields, or '-' in the clock */
	    {"2024-02-19_15-15-38 x", 19, "yyyy-MM-dd_HH-mm-ss", 1708355738},
	    {"2024_02_19_15_15_38:", 19, "yyyy_MM_dd_HH_mm_ss", 1708355738},
	    {"20240219_151538.log", 15, "yyyyMMdd_HHmmss", 1708355738},
	    {"19_Feb_2024_15_15_38:", 20, "dd_MMM_yyyy_HH_mm_ss", 1708355738},
	    /* MySQL 5.5's and MariaDB's "yyMMdd H:mm:ss", the hour padded with a blank */
	    {"190324 16:03:00 x", 15, "yyMMdd H:mm:ss", 1553443380},
	    {"130412  6:49:11 [Note] Plugin", 15, "yyMMdd H:mm:ss", 1365749351},
	    /* a US date with a twelve-hour clock (IBM MQ's error log) */
	    {"06/19/2019 09:45:46 PM - Process(6740.1)", 22, "MM/dd/yyyy h:mm:ss a", 1560980746},
	    {"06/19/2019 12:05:01 AM x", 22, "MM/dd/yyyy h:mm:ss a", 1560902701},
	    /* month and day unpadded, as .NET and Windows write them in the US */
	    {"3/14/2026 9:26:10 AM 0E70 PACKET", 20, "MM/dd/yyyy h:mm:ss a", 1773480370},
	    {"3/4/2026 1:05:00 PM x", 19, "MM/dd/yyyy h:mm:ss a", 1772629500},
	    /* JavaScript's US locale: a comma before the 12-hour clock */
	    {"3/14/2026, 9:26:10 AM    WARN x", 21, "MM/dd/yyyy, h:mm:ss a", 1773480370},
	    {"03/14/2026, 12:05:01 PM x", 23, "MM/dd/yyyy, h:mm:ss a", 1773489901},
	    /* IDS alert lines: a dash between the US date and the clock, and
	     * the same without the year (read in the caller's year) */
	    {"03/14/2026-09:26:10.225036  [**] [1:2:3]", 26, "MM/dd/yyyy-HH:mm:ss.SSSSSS", 1773480370.225036},
	    {"03/14-09:26:10.225036  [**] [1:2:3]", 21, "MM/dd-HH:mm:ss.SSSSSS", 1426325170.225036},
	    {"3/14/2026 21:26:10 x", 18, "MM/dd/yyyy HH:mm:ss", 1773523570},
	    {"14/3/2026 21:26:10 x", 18, "dd/MM/yyyy HH:mm:ss", 1773523570},
	    /* a time of day on a 12-hour clock, Go's Kitchen form among them */
	    {"9:26AM INF x", 6, "h:mma", 33960},
	    {"12:05am x", 7, "h:mma", 300},
	    {"9:26:10 PM [w] x", 10, "h:mm:ss a", 77170},
	    {"9:26:10.5 pm x", 12, "h:mm:ss a", 77170.5},
	    /* ISO 8601's ordinal date: the day of the year */
	    {"2026-073T09:26:10.225Z INFO x", 22, "yyyy-DDD HH:mm:ss", 1773480370.225},
	    {"2024-366 23:59:59 x", 17, "yyyy-DDD HH:mm:ss", 1735689599},
	    /* months named in other languages */
	    {"14 ao\xc3\xbbt 2026 09:26:10 INFO x", 22, "dd MMM yyyy HH:mm:ss", 1786699570},
	    {"3 f\xc3\xa9vr. 2026 09:26:10 x", 22, "dd MMM yyyy HH:mm:ss", 1770110770},
	    {"14 Okt 2026 09:26:10 x", 20, "dd MMM yyyy HH:mm:ss", 1791969970},
	    /* the year before a month name, as OSSEC's alerts write it */
	    {"2015 Jan 26 10:32:34 (agent) x", 20, "yyyy MMM dd HH:mm:ss", 1422268354},
	    {"2014 Dec  2 09:29:47 WinEvtLog: x", 20, "yyyy MMM dd HH:mm:ss", 1417512587},
	    {"2015 Jan26 10:32:34", 0, "", 0},
	    {"5 dic 2026 09:26:10 x", 19, "dd MMM yyyy HH:mm:ss", 1796462770},
	    {"05-M\xc3\xa4r-2026 09:26:10 x", 21, "dd-MMM-yyyy HH:mm:ss", 1772702770},
	    /* Erlang's error_logger: two colons between the date and the clock */
	    {"14-Mar-2026::09:26:10.225036 ===", 28, "dd-MMM-yyyy::HH:mm:ss", 1773480370.225036},
	    /* TAI64N (daemontools, runit, s6): the label less 2^62 and 10 s */
	    {"@4000000069b529d00d5e1c2c run", 25, "@tai64n", 1773480390.224271},
	    {"@4000000069b529d0 run", 17, "@tai64n", 1773480390},
	    /* a two-digit year last, where year first reads no date */
	    {"03/14/26 09:26:10 INFO", 17, "MM/dd/yy HH:mm:ss", 1773480370},
	    {"2024-02-29 10:00:00 x", 19, "yyyy-MM-dd HH:mm:ss.SSS", 1709200800},
	    /* Oracle's TIMESTAMP (12-hour, dots), with a zone, and DATE */
	    {"14-MAR-24 10.00.00.000000 AM,OK", 28, "dd-MMM-yy hh.mm.ss.SSSSSS a", 1710410400},
	    {"14-MAR-24 12.30.00.5 PM +01:00 x", 30, "dd-MMM-yy hh.mm.ss.SSSSSS a", 1710415800.5},
	    {"14-MAR-24,OK", 9, "dd-MMM-yy", 1710374400},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		const struct stamp_case *c = &cases[k];
		unsigned form = 99;
		double v = -1;
		size_t len = ll_stamp_scan(c->line, strlen(c->line), 2015, 0, &form, &v);
		CHECK_INT(len, c->len);
		if (len != c->len)
			fprintf(stderr, "  \"%s\"\n", c->line);
		CHECK_STR(ll_stamp_form_name(form), c->form);
		if (len) {
			CHECK_NEAR(v, c->value, 1e-3);
			/* the form alone reads the same */
			double w = -1;
			CHECK_INT(ll_stamp_parse_form(form, c->line, strlen(c->line), 2015, &w), len);
			CHECK_NEAR(w, v, 0);
		}
	}
}

static void test_yearless_and_epochs(void)
{
	unsigned form;
	double v;
	/* syslog, logcat and Proxifier stamps take the default year */
	CHECK_INT(ll_stamp_scan("Jun 14 15:16:01 combo", 21, 2005, 0, &form, &v), 15);
	CHECK_STR(ll_stamp_form_name(form), "MMM dd HH:mm:ss");
	CHECK_NEAR(v, 1118762161, 0);
	CHECK(ll_stamp_form_has_date(form));
	CHECK(ll_stamp_form_has_clock(form));
	/* a date alone has no clock; a clock alone no date */
	CHECK_INT(ll_stamp_scan("2021-12-28 time=15:26:47", 24, 2015, 0, &form, &v), 10);
	CHECK(ll_stamp_form_has_date(form));
	CHECK(!ll_stamp_form_has_clock(form));
	CHECK(!ll_stamp_form_has_clock(0));
	CHECK_INT(ll_stamp_scan("1117838570", 10, 2015, 1, &form, &v), 10);
	CHECK(ll_stamp_form_has_clock(form));
	CHECK_INT(ll_stamp_scan("Jul  1 09:00:55 calvisitor", 26, 2005, 0, &form, &v), 15);
	CHECK_INT(ll_stamp_scan("03-17 16:13:38.811  1702", 24, 2015, 0, &form, &v), 18);
	CHECK_NEAR(v, 1426608818.811, 1e-3);
	CHECK_INT(ll_stamp_scan("10.30 16:49:06] chrome", 22, 2015, 0, &form, &v), 14);
	CHECK_NEAR(v, 1446223746, 0);
	/* Nextflow's month name and day joined by a dash */
	CHECK_INT(ll_stamp_scan("Mar-14 09:26:10.225 [main] DEBUG", 32, 2026, 0, &form, &v), 19);
	CHECK_STR(ll_stamp_form_name(form), "MMM-dd HH:mm:ss");
	CHECK_NEAR(v, 1773480370.225, 1e-6);
	/* glog's month and day without a separator */
	CHECK_INT(ll_stamp_scan("0105 10:00:01.123456    1 main.go:12]", 37, 2015, 0, &form, &v), 20);
	CHECK_STR(ll_stamp_form_name(form), "MMdd HH:mm:ss.SSSSSS");
	CHECK_NEAR(v, 1420452001.123456, 1e-5);
	CHECK_INT(ll_stamp_scan("1234 10:00:01 x", 15, 2015, 0, &form, &v), 0); /* no day 34 */
	/* a time of day alone, on 1970-01-01 */
	CHECK_INT(ll_stamp_scan("16:13:38.811 [main]", 19, 2015, 0, &form, &v), 12);
	CHECK_NEAR(v, 16 * 3600 + 13 * 60 + 38.811, 1e-6);
	CHECK(!ll_stamp_form_has_date(form));
	CHECK(ll_stamp_form_has_clock(form));
	/* epochs only when asked */
	CHECK_INT(ll_stamp_scan("1117838570 2005.06.03", 21, 2015, 0, &form, &v), 0);
	CHECK_INT(ll_stamp_scan("1117838570 2005.06.03", 21, 2015, 1, &form, &v), 10);
	CHECK_STR(ll_stamp_form_name(form), "epoch seconds");
	CHECK_NEAR(v, 1117838570, 0);
	CHECK_INT(ll_stamp_scan("1704448800.250 gw", 17, 2015, 1, &form, &v), 14);
	CHECK_NEAR(v, 1704448800.25, 1e-6);
	CHECK_INT(ll_stamp_scan("1704448800250 x", 15, 2015, 1, &form, &v), 13);
	CHECK_STR(ll_stamp_form_name(form), "epoch milliseconds");
	CHECK_NEAR(v, 1704448800.25, 1e-6);
	/* numbers that are no epoch */
	CHECK_INT(ll_stamp_scan("134681 node", 11, 2015, 1, &form, &v), 0);
	CHECK_INT(ll_stamp_scan("99999999999999999 x", 19, 2015, 1, &form, &v), 0);
}

static void test_not_stamps(void)
{
	unsigned form = 7;
	static const char *const no[] = {"2015-10-188 x",   "2015-13-10 00:00:00", "12:00:001 x", "Foo 14 15:16:01",
					 "nova-api.log.1",  "May the force",       "INFO foo",    "",
					 "2015-02-30x",     "25:00:00 x",          "Jun 32 10:00:00", "17/13/09 20:10:40 x",
					 "Jan 5, 202 x", "@4000000069b529d x", "@5000000069b529d00d5e1c2c x",
					 "13:05PM x", "14 outside 2026 x", "2026-000T09:26:10 x", "2026-367T09:26:10 x",
					 "02/30/26 09:26:10 x", "2026-02-29 10:00:00 x", "2026-04-31 x"};
	for (size_t k = 0; k < sizeof no / sizeof *no; k++) {
		size_t len = ll_stamp_scan(no[k], strlen(no[k]), 2015, 1, &form, NULL);
		CHECK_INT(len, 0);
		if (len)
			fprintf(stderr, "  a stamp: \"%s\"\n", no[k]);
	}
	CHECK_INT(form, 0);
	CHECK_INT(ll_stamp_scan(NULL, 5, 2015, 1, &form, NULL), 0);
	/* one form does not read another */
	unsigned iso;
	CHECK(ll_stamp_scan("2015-10-18 18:01:47", 19, 2015, 0, &iso, NULL) == 19);
	CHECK_INT(ll_stamp_parse_form(iso, "Jun 14 15:16:01", 15, 2015, NULL), 0);
	CHECK_INT(ll_stamp_parse_form(0, "2015-10-18", 10, 2015, NULL), 0);
	CHECK_INT(ll_stamp_parse_form(ll_stamp_nforms() + 1, "2015-10-18", 10, 2015, NULL), 0);
	CHECK_STR(ll_stamp_form_name(0), "");
	/* the two orders of "03/04/26 09:26:10" are each other's twin */
	unsigned year_first, month_first;
	CHECK(ll_stamp_scan("03/04/26 09:26:10", 17, 2015, 0, &year_first, NULL) == 17);
	CHECK(ll_stamp_scan("03/14/26 09:26:10", 17, 2015, 0, &month_first, NULL) == 17);
	CHECK_INT(ll_stamp_form_twin(year_first), month_first);
	CHECK_INT(ll_stamp_form_twin(month_first), year_first);
	CHECK_INT(ll_stamp_parse_form(month_first, "03/04/26 09:26:10", 17, 2015, NULL), 17);
	CHECK_INT(ll_stamp_form_twin(iso), 0);
	/* every form has a name */
	for (unsigned f = 1; f <= ll_stamp_nforms(); f++)
		CHECK(ll_stamp_form_name(f)[0] != '\0');
}

/* ll_stamp_scan against its definition: the first form, in table order,
 * that ll_stamp_parse_form reads at the start of the text (the epochs
 * when asked). Texts: every form's own cases above, and 40,000 strings
 * of digits, separators, letters, month and weekday names made from a
 * seed, so the shortcut that skips forms (by the digits a text starts
 * with, and by a name at its start) is checked to skip only forms that
 * could not match. */
static unsigned scan_by_definition(const char *s, size_t n, int epochs, size_t *len, double *value)
{
	for (unsigned f = 1; f <= ll_stamp_nforms(); f++) {
		const char *name = ll_stamp_form_name(f);
		if (!epochs && strncmp(name, "epoch ", 6) == 0)
			continue;
		double v = 0;
		size_t l = ll_stamp_parse_form(f, s, n, 2015, &v);
		if (l) {
			*len = l;
			*value = v;
			return f;
		}
	}
	*len = 0;
	*value = 0;
	return 0;
}

static void test_scan_is_first_match(void)
{
	static const char *const pieces[] = {
	    "0",   "1",	  "2",	 "9",	"12",  "31",  "2015", "20171223", "171223", "1445191307", "1445191307978",
	    "-",   "/",	  ":",	 ".",	",",   " ",   "T",    "Z",	  "+02:00", "AM",	  "pm",
	    "Mar", "mars", "Oct", "Sun", "Tue", "dic", "Dez",  "x",	  "@",	    "4000000037c219bf2ef02e94",
	    "[",   "UTC",  "-0700"};
	const size_t np = sizeof pieces / sizeof *pieces;
	unsigned long x = 88172645463325252UL;
	size_t disagree = 0, matched = 0;
	for (int t = 0; t < 40000; t++) {
		char buf[96];
		size_t len = 0;
		int parts = 1 + (int)(t % 9);
		for (int k = 0; k < parts; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			const char *p = pieces[x % np];
			size_t l = strlen(p);
			if (len + l >= sizeof buf)
				break;
			memcpy(buf + len, p, l);
			len += l;
		}
		buf[len] = '\0';
		for (int epochs = 0; epochs < 2; epochs++) {
			unsigned f = 0;
			double v = 0, want_v;
			size_t want_len;
			size_t l = ll_stamp_scan(buf, len, 2015, epochs, &f, &v);
			unsigned want = scan_by_definition(buf, len, epochs, &want_len, &want_v);
			matched += want != 0;
			if (f != want || l != want_len || (want && v != want_v)) {
				if (disagree++ < 5)
					fprintf(stderr, "scan \"%s\" (epochs %d): form %u len %zu, by definition %u len %zu\n",
						buf, epochs, f, l, want, want_len);
			}
		}
	}
	CHECK_INT(disagree, 0);
	CHECK(matched > 1000); /* the strings hold stamps, not only junk */
}

/* A stamp that opens with a name reads whatever the name's case, in
 * English and in the other languages local months are read in; a word
 * that opens with no name's letters reads none (ll_stamp_scan turns such
 * words away before trying the forms that start with a name). */
static void test_names_first(void)
{
	static const char *const names[] = {
		"Jan", "feb", "MAR", "April", "may", "JUNE", "Jul", "aug", "Sept", "oct", "Nov", "dec",
		"ene", "Gen", "f\xc3\xa9vr.", "fev", "m\xc3\xa4r", "Mrt", "avr.", "abr", "Mai", "mag", "mei",
		"juin", "giu", "juil.", "lug", "ao\xc3\xbbt", "ago", "set", "Okt", "ott", "out", "d\xc3\xa9" "c.", "Dez", "dic"};
	unsigned form;
	double v;
	char line[64];
	for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
		int n = snprintf(line, sizeof line, "%s 14 15:16:01 x", names[k]);
		size_t want = (size_t)n - 2;
		size_t got = ll_stamp_scan(line, (size_t)n, 2005, 0, &form, &v);
		CHECK_INT(got, want);
		if (got != want)
			fprintf(stderr, "not read: %s\n", line);
	}
	static const char *const days[] = {"Mon", "tue", "WED", "Thursday", "fri", "Sat", "SUNDAY"};
	for (size_t k = 0; k < sizeof days / sizeof *days; k++) {
		int n = snprintf(line, sizeof line, "%s Jun 14 15:16:01 x", days[k]);
		CHECK_INT(ll_stamp_scan(line, (size_t)n, 2005, 0, &form, &v), (size_t)n - 2);
	}
	CHECK_INT(ll_stamp_scan("Info 14 15:16:01 x", 18, 2005, 0, &form, &v), 0);
	CHECK_INT(ll_stamp_scan("Ju 14 15:16:01 x", 16, 2005, 0, &form, &v), 0);
	CHECK_INT(ll_stamp_scan("Ju", 2, 2005, 0, &form, &v), 0);
}

int main(void)
{
	test_names_first();
	test_forms();
	test_scan_is_first_match();
	test_yearless_and_epochs();
	test_not_stamps();
	TEST_MAIN_END();
}
