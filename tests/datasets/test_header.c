/*
 * tests/datasets/test_header.c - header patterns (ds_header.h): compiling
 * a user's pattern and its errors, splitting lines with it (lazy fields,
 * a whole timestamp, program and pid, the rest), typing its fields from a
 * sample; inferring headers from samples of the shapes logs have (each
 * anchor kind), leaving continuation lines out, and a sample without a
 * shared header; a date and a clock in two fields read as one time; the text of an inferred header compiles back to the same
 * split; and hostile lines stay within the step budget. A user's <label>
 * is the line's class, not a column.
 */
#include "ds_header.h"
#include "harness.h"
#include "header_field.h"

#include <math.h>
#include <time.h>


/* A user's pattern refused as a usage error whose message holds want,
 * with nothing compiled. */
static void check_refused(const char *pattern, const char *want)
{
	struct ll_err err;
	struct ds_header *x = (struct ds_header *)&err;
	CHECK_INT(ds_header_compile(pattern, &x, &err), LL_EUSAGE);
	CHECK(x == NULL);
	CHECK(strstr(err.msg, want) != NULL);
}

static struct ds_header *compile(const char *text)
{
	struct ds_header *h = NULL;
	struct ll_err err;
	int rc = ds_header_compile(text, &h, &err);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK)
		fprintf(stderr, "%s\n", err.msg);
	return h;
}

static void test_compile_and_split(void)
{
	struct ds_header *h = compile("<Date> <Time> <Pid> <Level> <Component>: <Content>");
	const char *hdfs = "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating: now";
	CHECK_INT(ds_header_nfields(h), 6);
	CHECK_STR(field(h, hdfs, "Date"), "081109");
	CHECK_STR(field(h, hdfs, "Component"), "dfs.DataNode$PacketResponder");
	CHECK_STR(field(h, hdfs, "Content"), "PacketResponder 1 terminating: now");
	CHECK_INT(ds_header_message_field(h), 5);
	CHECK_STR(ds_header_text(h), "<Date> <Time> <Pid> <Level> <Component>: <Content>");
	ds_header_free(h);
	/* one <time>: a whole stamp with its blanks; a program with an optional pid */
	h = compile("<time> <host> <component>[<pid>]: <message>");
	const char *a = "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown";
	const char *b = "Jun 14 15:16:01 combo kernel: Linux version 2.6.5";
	CHECK_STR(field(h, a, "time"), "Jun 14 15:16:01");
	CHECK_STR(field(h, a, "component"), "sshd(pam_unix)");
	CHECK_STR(field(h, a, "pid"), "19939");
	CHECK_STR(field(h, a, "message"), "check pass; user unknown");
	CHECK_STR(field(h, b, "component"), "kernel");
	CHECK_STR(field(h, b, "pid"), "");
	CHECK_STR(field(h, b, "message"), "Linux version 2.6.5");
	/* an empty message after the colon still fits */
	CHECK_STR(field(h, "Jun 14 15:16:01 combo kernel:", "message"), "");
	CHECK_STR(field(h, "no stamp here at all", "time"), "(no match)");
	ds_header_free(h);
	/* brackets and escapes; a nested bracket backtracks to the right close */
	h = compile("<d> <t> - <level> \\[<node>\\] - <message>");
	const char *z = "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:2181:Fast@774] - Notification time out: 3200";
	CHECK_STR(field(h, z, "node"), "QuorumPeer[myid=1]/0:0:0:2181:Fast@774");
	CHECK_STR(field(h, z, "message"), "Notification time out: 3200");
	CHECK_STR(ds_header_text(h), "<d> <t> - <level> \\[<node>\\] - <message>");
	ds_header_free(h);
	/* a second time ("time2", as inference names it) beside another field
	 * delimits itself with its stamp, like <time>: an inferred header's own
	 * text compiles back */
	h = compile("<date> <host> <time2><message>");
	const char *t2 = "2024-01-05 web1 2024-01-05T10:00:01Z,6.098,ok";
	CHECK_STR(field(h, t2, "time2"), "2024-01-05T10:00:01Z");
	CHECK_STR(field(h, t2, "message"), ",6.098,ok");
	ds_header_free(h);
	h = compile("<level><Timestamp1> <message>");
	CHECK_STR(field(h, "E2024-01-05 10:00:01 boom", "level"), "E");
	CHECK_STR(field(h, "E2024-01-05 10:00:01 boom", "Timestamp1"), "2024-01-05 10:00:01");
	ds_header_free(h);
	/* "<name?>": a word some lines lack, with the blank after it; the
	 * field after it is a word, so the two readings of a line never both fit */
	h = compile("<time> [<pid>] <user?> <level>: <message>");
	const char *with = "2017-07-31 13:36:43.557 CEST [4983] postgres@db LOG:  statement: select 1";
	const char *without = "2017-07-31 13:36:42.585 CEST [4974] LOG:  checkpoint starting: time";
	CHECK_STR(field(h, with, "user"), "postgres@db");
	CHECK_STR(field(h, with, "level"), "LOG");
	CHECK_STR(field(h, with, "message"), "statement: select 1");
	CHECK_STR(field(h, without, "user"), "");
	CHECK_STR(field(h, without, "level"), "LOG");
	CHECK_STR(field(h, without, "message"), "checkpoint starting: time");
	CHECK_STR(ds_header_text(h), "<time> [<pid>] <user?> <level>: <message>");
	ds_header_free(h);
	/* errors name the problem */
	static const struct {
		const char *pattern, *want;
	} bad[] = {
	    {"no fields", "no <field>"},       {"<a", "not closed"},        {"<>", "needs a name"},
	    {"<a> <A>", "appears twice"},      {"<a><b>", "nothing between"}, {"<line> x", "raw line"},
	    {"<timex><b> x", "nothing between"},
	    {"<has blank> x", "blank or control"},
	};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
		check_refused(bad[k].pattern, bad[k].want);
	char many[512] = "";
	for (int k = 0; k < 20; k++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "<f%d> ", k);
	struct ll_err err;
	struct ds_header *x;
	CHECK_INT(ds_header_compile(many, &x, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "more than") != NULL);
}

static void test_typing(void)
{
	struct ds_header *h = compile("<when> <n> <who>: <text>");
	const char *sample = "2024-01-05 10:00:00 12 alpha: one\n2024-01-05 10:00:01 13 beta: two\n";
	/* "when" is no time name: it reads up to the first blank, a date (still a time) */
	ds_header_type_fields(h, sample, strlen(sample), 2024);
	CHECK_INT(ds_header_field_type(h, 0), LL_COL_TIME);
	CHECK_STR(field(h, "2024-01-05 10:00:00 12 alpha: one", "n"), "10:00:00");
	ds_header_free(h);
	h = compile("<time> <n> <who>: <text>");
	ds_header_type_fields(h, sample, strlen(sample), 2024);
	CHECK_INT(ds_header_field_type(h, 0), LL_COL_TIME);
	CHECK_INT(ds_header_field_type(h, 1), LL_COL_NUM);
	CHECK_INT(ds_header_field_type(h, 2), LL_COL_TEXT);
	CHECK_INT(ds_header_field_type(h, 3), LL_COL_TEXT);
	double v;
	CHECK(ds_header_parse_time(h, 0, "2024-01-05 10:00:00", 19, 2024, &v));
	CHECK_NEAR(v, 1704448800, 0);
	ds_header_free(h);
}

/* "<Date> <Time>" (issue 11): read as parts, every row's time was its
 * date at midnight. Parts that read as one stamp become one: the Time
 * field spans both and is the time column, Date is text. */
static void test_date_time_pair(void)
{
	struct ds_header *h = compile("<Date> <Time> <Level> <Content>");
	const char *sample = "2015-10-18 18:01:47,978 INFO one\n2015-10-18 18:01:48,001 WARN two\n";
	ds_header_type_fields(h, sample, strlen(sample), 2015);
	CHECK_INT(ds_header_field_type(h, 0), LL_COL_TEXT);
	CHECK_INT(ds_header_field_type(h, 1), LL_COL_TIME);
	CHECK(ds_header_field_joined(h, 1) && !ds_header_field_joined(h, 0));
	CHECK_STR(field(h, "2015-10-18 18:01:47,978 INFO one", "Date"), "2015-10-18");
	CHECK_STR(field(h, "2015-10-18 18:01:47,978 INFO one", "Time"), "2015-10-18 18:01:47,978");
	CHECK_STR(field(h, "2015-10-18 18:01:47,978 INFO one", "Level"), "INFO");
	double v;
	CHECK(ds_header_parse_time(h, 1, "2015-10-18 18:01:47,978", 23, 2015, &v));
	CHECK_NEAR(v, 1445191307.978, 1e-3);
	ds_header_free(h);
	/* named date and time that look like numbers (HDFS's yyMMdd HHmmss) */
	h = compile("<Date> <Time> <Pid> <Content>");
	sample = "081109 203615 148 a\n081109 203807 222 b\n";
	ds_header_type_fields(h, sample, strlen(sample), 2008);
	CHECK_INT(ds_header_field_type(h, 1), LL_COL_TIME);
	CHECK_INT(ds_header_field_type(h, 2), LL_COL_NUM);
	CHECK(ds_header_parse_time(h, 1, "081109 203615", 13, 2008, &v));
	CHECK_NEAR(v, 1226262975, 0);
	ds_header_free(h);
	/* two numbers that make no stamp stay parts */
	h = compile("<Date> <Time> <Content>");
	sample = "12 34 a\n56 78 b\n";
	ds_header_type_fields(h, sample, strlen(sample), 2008);
	CHECK(!ds_header_field_joined(h, 1));
	CHECK_INT(ds_header_field_type(h, 1), LL_COL_NUM);
	CHECK_STR(field(h, "12 34 a", "Time"), "34");
	ds_header_free(h);
	/* fields apart from each other are never joined */
	h = compile("<Date> | <Time> <Content>");
	sample = "2015-10-18 | 18:01:47 a\n2015-10-18 | 18:01:48 b\n";
	ds_header_type_fields(h, sample, strlen(sample), 2015);
	CHECK(!ds_header_field_joined(h, 1));
	ds_header_free(h);
}

/* Lines of n generated records: fmt's %s are the date, the clock and a
 * level, in that order; lines go one minute and seven seconds apart. */
static char *kv_sample(const char *fmt, size_t n)
{
	static const char *const levels[] = {"info", "error", "warning"};
	size_t cap = n * 256, len = 0;
	char *s = malloc(cap);
	for (size_t i = 0; i < n && s; i++) {
		char date[16], clock[16];
		snprintf(date, sizeof date, "2021-12-%02zu", 10 + i % 3);
		snprintf(clock, sizeof clock, "%02zu:%02zu:%02zu", (i * 67 / 3600) % 24, (i * 67 / 60) % 60, i * 67 % 60);
		len += (size_t)snprintf(s + len, cap - len, fmt, date, clock, levels[i % 3]);
		s[len++] = '\n';
		s[len] = '\0';
	}
	return s;
}

/* The header inferred from a kv_sample of fmt, its text checked. */
static struct ds_header *infer_kv(const char *fmt, const char *want)
{
	char *sample = kv_sample(fmt, 40);
	struct ds_header *h = NULL;
	struct ll_err err;
	CHECK_INT(ds_header_infer(sample, strlen(sample), 2017, &h, &err), LL_OK);
	CHECK_STR(ds_header_text(h), want);
	free(sample);
	return h;
}

/* Field `name`'s time on line, as the header splits and reads it; NAN
 * when it does not. */
static double time_of(const struct ds_header *h, const char *line, const char *name)
{
	struct ds_span sp[DS_MAX_FIELDS];
	double v;
	if (!ds_header_split(h, line, strlen(line), sp))
		return NAN;
	for (size_t k = 0; k < ds_header_nfields(h); k++)
		if (strcmp(ds_header_field_name(h, k), name) == 0)
			return ds_header_parse_time(h, k, line + sp[k].off, sp[k].len, 2017, &v) ? v : NAN;
	return NAN;
}

/* A date and a clock written as two key=value pairs (appliances write
 * "date=2021-12-28 time=15:26:47 ..."): read as parts every row was at
 * midnight. A time field of dates alone followed by a field of clocks
 * alone is one time: the date's field reads both, the clock stays text.
 * 2021-12-10 00:00:00 UTC is 1639094400. */
static void test_kv_date_clock(void)
{
	const double day = 1639094400;
	const char *line = "date=2021-12-10 time=15:26:47 host=\"a\" level=\"error\" msg=\"phase 1 error\"";
	struct ds_header *h = infer_kv("date=%s time=%s host=\"a\" level=\"%s\" msg=\"phase 1 error\"",
				       "date=<time> time=<time2> host=\"<host>\" level=\"<level>\" <message>");
	CHECK_INT(ds_header_field_type(h, 0), LL_COL_TIME);
	CHECK_INT(ds_header_field_type(h, 1), LL_COL_TEXT);
	CHECK_INT(ds_header_field_joined(h, 0), 2);
	CHECK_INT(ds_header_field_joined(h, 1), 0);
	CHECK_STR(field(h, line, "time"), "2021-12-10 time=15:26:47");
	CHECK_STR(field(h, line, "time2"), "15:26:47");
	CHECK_STR(field(h, line, "level"), "error");
	CHECK_NEAR(time_of(h, line, "time"), day + 15 * 3600 + 26 * 60 + 47, 0);
	/* a clock with a fraction, or without seconds */
	CHECK_NEAR(time_of(h, "date=2021-12-10 time=15:26:47.250 host=\"a\" level=\"x\" y", "time"),
		   day + 55607.25, 1e-6);
	CHECK_NEAR(time_of(h, "date=2021-12-10 time=9:05 host=\"a\" level=\"x\" y", "time"), day + 9 * 3600 + 300, 0);
	/* a line whose clock is not one keeps its date */
	CHECK_NEAR(time_of(h, "date=2021-12-10 time=soon host=\"a\" level=\"x\" y", "time"), day, 0);
	/* the text compiles back to the same reading */
	char *sample = kv_sample("date=%s time=%s host=\"a\" level=\"%s\" msg=\"phase 1 error\"", 40);
	struct ds_header *c = compile(ds_header_text(h));
	ds_header_type_fields(c, sample, strlen(sample), 2017);
	CHECK_INT(ds_header_field_type(c, 0), LL_COL_TIME);
	CHECK_INT(ds_header_field_type(c, 1), LL_COL_TEXT);
	CHECK_INT(ds_header_field_joined(c, 0), 2);
	CHECK_NEAR(time_of(c, line, "time"), day + 55607, 0);
	ds_header_free(c);
	free(sample);
	ds_header_free(h);

	/* quoted values */
	line = "date=\"2021-12-10\" time=\"15:26:47\" level=\"error\" msg=\"phase 1 error\"";
	h = infer_kv("date=\"%s\" time=\"%s\" level=\"%s\" msg=\"phase 1 error\"",
		     "date=\"<time>\" time=\"<time2>\" level=\"<level>\" <message>");
	CHECK_INT(ds_header_field_joined(h, 0), 2);
	CHECK_INT(ds_header_field_type(h, 1), LL_COL_TEXT);
	CHECK_STR(field(h, line, "time2"), "15:26:47"); /* the writer's quotes are literals */
	CHECK_NEAR(time_of(h, line, "time"), day + 55607, 0);
	ds_header_free(h);

	/* a quoted value that is a whole stamp, a blank inside it: one time
	 * field, the pairs after it read on (was a date's text and a bare
	 * clock) */
	line = "id=fw sn=0A12 time=\"2021-12-10 15:26:47\" fw=10.0.0.9 pri=error c=0 proto=tcp";
	h = infer_kv("id=fw sn=0A12 time=\"%s %s\" fw=10.0.0.9 pri=%s c=0 proto=tcp",
		     "id=<id> sn=<sn> time=\"<time>\" fw=<fw> pri=<pri> c=<c> <message>");
	CHECK_INT(ds_header_field_type(h, 2), LL_COL_TIME);
	CHECK_STR(field(h, line, "time"), "2021-12-10 15:26:47");
	CHECK_NEAR(time_of(h, line, "time"), day + 55607, 0);
	CHECK_STR(field(h, line, "pri"), "error");
	ds_header_free(h);
	/* a second quoted stamp after the time (a session's start) and
	 * quoted names: the quotes are literals around values that may hold
	 * blanks, so the pairs after it stay the header's (the stamp was cut
	 * at its blank, the header's later fields left empty and read again
	 * from the message as kv.pri ...) */
	line = "id=fw time=\"2021-12-10 15:26:47\" fw=\"SN1\" tz=+0100 start=\"2021-12-10 15:26:40\" pri=error c=0 proto=tcp";
	h = infer_kv("id=fw time=\"%s %s\" fw=\"SN1\" tz=+0100 start=\"2021-12-10 15:26:40\" pri=%s c=0 proto=tcp",
		     "id=<id> time=\"<time>\" fw=\"<fw>\" tz=<tz> start=\"<start>\" pri=<pri> c=<c> <message>");
	CHECK_STR(field(h, line, "fw"), "SN1");
	CHECK_STR(field(h, line, "start"), "2021-12-10 15:26:40");
	CHECK_STR(field(h, line, "pri"), "error");
	/* (tz=+0100 gives the stamp's UTC offset: 14:26:47 UTC) */
	CHECK_NEAR(time_of(h, line, "time"), day + 55607 - 3600, 0);
	ds_header_free(h);
	/* quoted values with blanks in them, a quoted level: one value each,
	 * the pairs after them the header's (name's second word began the
	 * message) */
	line = "id=\"2001\" severity=\"info\" sys=\"SecureNet\" name=\"Packet dropped\" action=\"drop\" fwrule=\"60001\" srcip=10.0.0.1";
	h = infer_kv("id=\"2001\" severity=\"%.0s%.0s%s\" sys=\"SecureNet\" name=\"Packet dropped\" action=\"drop\" fwrule=\"60001\" srcip=10.0.0.1",
		     "id=\"<id>\" severity=\"<level>\" sys=\"<sys>\" name=\"<name>\" action=\"<action>\" fwrule=\"<fwrule>\" <message>");
	CHECK_STR(field(h, line, "name"), "Packet dropped");
	CHECK_STR(field(h, line, "level"), "info");
	CHECK_STR(field(h, line, "fwrule"), "60001");
	ds_header_free(h);
	/* a quoted value that only starts with a stamp is not taken whole:
	 * the rule needs the quote closed right after the stamp */
	h = infer_kv("id=fw note=\"%s %s done\" pri=%s rest", "id=<id> note=<note> <time> <message>");
	ds_header_free(h);

	/* a clock without a key after the date's pair */
	h = infer_kv("date=%s %s [%s] request done", "date=<time> <time2> [<level>] <message>");
	CHECK_INT(ds_header_field_joined(h, 0), 2);
	CHECK_INT(ds_header_field_type(h, 1), LL_COL_TEXT);
	CHECK_NEAR(time_of(h, "date=2021-12-10 15:26:47 [info] request done", "time"), day + 55607, 0);
	ds_header_free(h);

	/* a zone pair after the clock is a field of its own */
	h = infer_kv("date=%s time=%s tz=\"-0800\" level=\"%s\" msg=\"x\"",
		     "date=<time> time=<time2> tz=\"<tz>\" level=\"<level>\" <message>");
	CHECK_INT(ds_header_field_joined(h, 0), 2);
	CHECK_STR(field(h, "date=2021-12-10 time=15:26:47 tz=\"-0800\" level=\"info\" msg=\"x\"", "tz"), "-0800");
	ds_header_free(h);

	/* a zone pair after a date and its clock, the stamp without a zone
	 * of its own: the stamp is read in that offset (09:27:51 at +0200 is
	 * 07:27:51 UTC), the offset stays text; quoted or not, "-08:00" too */
	h = infer_kv("date=%s time=%s devname=\"fw-a\" tz=\"+0200\" level=\"%s\" msg=\"x\"",
		     "date=<time> time=<time2> devname=\"<devname>\" tz=\"<tz>\" level=\"<level>\" <message>");
	CHECK(ds_header_field_zone(h, 0) == 4);
	CHECK(ds_header_field_zone(h, 3) == SIZE_MAX);
	CHECK_INT(ds_header_field_type(h, 3), LL_COL_TEXT);
	CHECK_NEAR(time_of(h, "date=2021-12-10 time=09:27:51 devname=\"fw-a\" tz=\"+0200\" level=\"info\" msg=\"x\"", "time"),
		   day + 9 * 3600 + 27 * 60 + 51 - 7200, 0);
	CHECK_NEAR(time_of(h, "date=2021-12-10 time=09:27:51 devname=\"fw-a\" tz=\"-08:00\" level=\"info\" msg=\"x\"", "time"),
		   day + 9 * 3600 + 27 * 60 + 51 + 8 * 3600, 0);
	ds_header_free(h);
	h = infer_kv("id=fw time=\"%s %s\" tz=+0530 pri=%s rest", "id=<id> time=\"<time>\" tz=<tz> pri=<pri> <message>");
	CHECK_NEAR(time_of(h, "id=fw time=\"2021-12-10 15:26:47\" tz=+0530 pri=info rest", "time"), day + 55607 - 19800, 0);
	ds_header_free(h);
	/* a stamp with its own offset, or a field that is no offset on some
	 * lines, gives none */
	h = infer_kv("id=fw time=%sT%s+01:00 tz=+0200 pri=%s rest", "id=<id> time=<time> tz=<tz> pri=<pri> <message>");
	CHECK(ds_header_field_zone(h, 1) == 0);
	ds_header_free(h);
	h = infer_kv("id=fw time=\"%s %s\" tz=%.1s200 pri=info rest", "id=<id> time=\"<time>\" tz=<tz> pri=<pri> <message>");
	CHECK(ds_header_field_zone(h, 1) == 0);
	ds_header_free(h);

	/* a date and a clock as one stamp read as before */
	h = infer_kv("%s %s %s request done", "<time> <level> <message>");
	CHECK_INT(ds_header_field_joined(h, 0), 0);
	CHECK_NEAR(time_of(h, "2021-12-10 15:26:47 info request done", "time"), day + 55607, 0);
	ds_header_free(h);

	/* no clock after the date, or a whole stamp before a duration: parts */
	h = infer_kv("date=%s took=%.2s level=\"%s\" msg=\"x\"", "date=<time> took=<took> level=\"<level>\" <message>");
	CHECK_INT(ds_header_field_joined(h, 0), 0);
	ds_header_free(h);
	h = infer_kv("ts=%sT10:00:00 took=%s level=\"%s\" msg=\"x\"", "ts=<time> took=<took> level=\"<level>\" <message>");
	CHECK_INT(ds_header_field_joined(h, 0), 0);
	ds_header_free(h);
	/* one value that is no clock in the sample keeps them apart */
	char *mixed = kv_sample("date=%s time=%s level=\"%s\" msg=\"x\"", 40);
	char *at = strstr(mixed + 200, "time=");
	memcpy(at + 5, "later!!!", 8);
	struct ll_err err;
	CHECK_INT(ds_header_infer(mixed, strlen(mixed), 2017, &h, &err), LL_OK);
	CHECK_STR(ds_header_text(h), "date=<time> time=<time2> level=\"<level>\" <message>");
	CHECK_INT(ds_header_field_joined(h, 0), 0);
	ds_header_free(h);
	free(mixed);
}

/* The inferred header of a sample, and field `name` of its first line. */
static void infer_case(const char *sample, const char *want, const char *name, const char *value)
{
	struct ds_header *h;
	struct ll_err err;
	CHECK_INT(ds_header_infer(sample, strlen(sample), 2017, &h, &err), LL_OK);
	CHECK_STR(ds_header_text(h), want);
	size_t len = strcspn(sample, "\n");
	char line[1024];
	snprintf(line, sizeof line, "%.*s", (int)len, sample);
	if (name)
		CHECK_STR(field(h, line, name), value);
	/* its text compiles back to the same split of that line */
	struct ds_header *c = compile(ds_header_text(h));
	if (c && name)
		CHECK_STR(field(c, line, name), value);
	ds_header_free(c);
	ds_header_free(h);
}

/* A sample whose heads open their message with a bracketed level on some
 * lines: the first line's level (NULL: the header has no level field) and
 * message. */
static void lead_case(const char *sample, const char *level, const char *message)
{
	struct ds_header *h;
	struct ll_err err;
	CHECK_INT(ds_header_infer(sample, strlen(sample), 2017, &h, &err), LL_OK);
	size_t len = strcspn(sample, "\n");
	char line[1024];
	snprintf(line, sizeof line, "%.*s", (int)len, sample);
	CHECK_STR(field(h, line, "level"), level ? level : "(no field)");
	CHECK_STR(field(h, line, "message"), message);
	ds_header_free(h);
}

static void test_infer(void)
{
	/* a bracketed level opening the message on some lines only (MySQL
	 * 5.5): a level field there, empty where none is written (in no
	 * element, as a level from the line below: the header's text does not
	 * write it); words that open many a message in brackets are none */
	lead_case("250301 10:00:00 [Note] Plugin 'X' is disabled.\n"
		  "250301 10:00:00 InnoDB: The memory heap is disabled\n"
		  "250301 10:00:01 InnoDB: Initializing buffer pool, size = 128.0M\n"
		  "250301 10:00:02 [Warning] option 'a' is deprecated\n"
		  "250301 10:00:03 InnoDB: Completed initialization of buffer pool\n",
		  "Note", "Plugin 'X' is disabled.");
	lead_case("250301 10:00:00 InnoDB: The memory heap is disabled\n"
		  "250301 10:00:02 [Warning] option 'a' is deprecated\n"
		  "250301 10:00:03 [ERROR]   Aborting\n",
		  "", "InnoDB: The memory heap is disabled");
	lead_case("250301 10:00:00 [config] loaded a\n250301 10:00:01 [config] loaded b\n250301 10:00:02 started\n",
		  NULL, "[config] loaded a");
	lead_case("250301 10:00:00 [Note] one\n250301 10:00:01 a\n250301 10:00:02 b\n250301 10:00:03 c\n"
		  "250301 10:00:04 d\n250301 10:00:05 e\n250301 10:00:06 f\n250301 10:00:07 g\n",
		  NULL, "[Note] one");
	/* a relay's priority and a colon before the stamp: the colon is the
	 * bracket's (NX-OS), and without it the bracket reads as before */
	infer_case("<46>: 2024 Aug 27 21:40:50 PDT: %SNMPD-6-INFO: up\n"
		   "<46>: 2024 Aug 27 21:40:52 PDT: %SNMPD-6-INFO: down\n"
		   "<45>: 2024 Aug 27 21:41:00 PDT: %ETH-5-IF_DOWN: Eth1/7 down\n",
		   "\\<<context>\\>: <time>: <component>: <message>", "context", "46");
	infer_case("[46]: 2024-08-27 21:40:50 a\n[46]: 2024-08-27 21:40:52 b\n[46]: 2024-08-27 21:40:54 c\n",
		   "[<context>]: <time> <message>", "message", "a");
	infer_case("<46> 2024-08-27 21:40:50 a\n<46> 2024-08-27 21:40:52 b\n<46> 2024-08-27 21:40:54 c\n",
		   "\\<<context>\\> <time> <message>", "message", "a");
	infer_case("2015-10-18 18:01:47,978 INFO [main] org.apache.App: Created MRAppMaster for app_1\n"
		   "2015-10-18 18:01:48,963 INFO [main] org.apache.App: Executing with tokens:\n"
		   "2015-10-18 18:01:49,228 WARN [RMCommunicator Allocator] org.apache.Rm: ERROR IN CONTACTING RM.\n",
		   "<time> <level> [<context>] <component>: <message>", "context", "main");
	infer_case("Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo\n"
		   "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186\n"
		   "Dec 10 06:55:48 LabSZ kernel: input_userauth_request: invalid user webmaster\n",
		   "<time> <host> <component>[<pid>]: <message>", "host", "LabSZ");
	/* a bracketed value padded to a width: the blanks are no part of it */
	infer_case("[2027-06-02T20:03:45,881][INFO ][o.e.c.r.a.AllocationService   ] [node-1] disk full\n"
		   "[2027-06-02T20:03:46,001][WARN ][o.e.n.Node                    ] [node-1] started\n"
		   "[2027-06-02T20:03:47,123][ERROR][o.e.x.s.a.l.LoggingAuditTrail ] [node-1] denied\n",
		   "[<time>][<level>][<context>] [<context2>] <message>", "level", "INFO");
	infer_case("[2027-06-02T20:03:45,881][INFO ][o.e.c.r.a.AllocationService   ] [node-1] disk full\n"
		   "[2027-06-02T20:03:46,001][WARN ][o.e.n.Node                    ] [node-1] started\n"
		   "[2027-06-02T20:03:47,123][ERROR][o.e.x.s.a.l.LoggingAuditTrail ] [node-1] denied\n",
		   "[<time>][<level>][<context>] [<context2>] <message>", "context", "o.e.c.r.a.AllocationService");
	infer_case("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties\n"
		   "[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6\n",
		   "[<time>] [<level>] <message>", "level", "notice");
	infer_case("20171223-22:15:29:606|Step_LSPC|30002312|onExtend:1514038530000 14 0 4\n"
		   "20171223-22:15:29:615|Step_LSPC|30002312|onStandStepChanged 3579\n",
		   "<time>|<component>|<pid>|<message>", "message", "onExtend:1514038530000 14 0 4");
	infer_case("ts=2024-01-05T10:00:00Z level=info msg=\"user logged in\" user=alice\n"
		   "ts=2024-01-05T10:00:01Z level=warn msg=\"slow\" ms=900\n",
		   "ts=<time> level=<level> <message>", "level", "info");
	/* logfmt whose keys come in another order on a line (a request's own
	 * pairs before the time): no header of one order, the pairs are the
	 * message's (ds_kvmsg.h), else that line would continue the one
	 * before it */
	infer_case("logger=settings t=2024-01-05T10:00:00Z level=info msg=\"starting\"\n"
		   "logger=sqlstore t=2024-01-05T10:00:01Z level=info msg=\"connecting\"\n"
		   "logger=migrator t=2024-01-05T10:00:02Z level=info msg=\"migrating\"\n"
		   "logger=server t=2024-01-05T10:00:03Z level=info msg=\"listening\"\n"
		   "logger=context userId=0 t=2024-01-05T10:00:04Z level=error msg=\"bad password\"\n",
		   "logger=<logger> <message>", "logger", "settings");
	/* a line without the key at all leaves the order one: the key's
	 * values are times among the lines that write it */
	infer_case("logger=settings t=2024-01-05T10:00:00Z level=info msg=\"starting\"\n"
		   "logger=sqlstore t=2024-01-05T10:00:01Z level=info msg=\"connecting\"\n"
		   "logger=migrator t=2024-01-05T10:00:02Z level=info msg=\"migrating\"\n"
		   "logger=server t=2024-01-05T10:00:03Z level=info msg=\"listening\"\n"
		   "logger=context userId=0 level=error msg=\"bad password\"\n",
		   "logger=<logger> t=<time> level=<level> <message>", "level", "info");
	/* lines that all share one message: its constant first words and the
	 * key=value in it are message text, not fields ... */
	infer_case("2024-05-01 10:00:01 INFO Processing message id=1007 from queue orders\n"
		   "2024-05-01 10:00:02 INFO Processing message id=1014 from queue orders\n"
		   "2024-05-01 10:00:03 INFO Processing message id=1021 from queue orders\n"
		   "2024-05-01 10:00:04 INFO Processing message id=1028 from queue orders\n",
		   "<time> <level> <message>", "message", "Processing message id=1007 from queue orders");
	/* ... while a word that varies before the pair is a field */
	infer_case("2024-05-01 10:00:01 INFO web1 user=alice logged in\n"
		   "2024-05-01 10:00:02 INFO db2 user=bob logged out\n"
		   "2024-05-01 10:00:03 WARN web1 user=carol slow login\n"
		   "2024-05-01 10:00:04 INFO web3 user=dave logged in\n",
		   "<time> <level> <component> user=<user> <message>", "component", "web1");
	/* a number after the time that no two lines share (squid's elapsed
	 * milliseconds) is named by its place, not pid */
	infer_case("1157689312.049   5006 10.105.21.199 TCP_MISS/200 19763 CONNECT login.yahoo.com:443 u DIRECT/- -\n"
		   "1157689320.327   2864 10.105.21.199 TCP_MISS/200 10182 GET http://www.example.com/ u DIRECT/- -\n"
		   "1157689320.343   1357 10.105.21.199 TCP_REFRESH_HIT/304 214 GET http://www.example.com/a u DIRECT/- -\n"
		   "1157689321.315      1 10.105.21.199 TCP_HIT/200 1464 GET http://www.example.com/a u NONE/- -\n",
		   "<time> <field2> <message>", "field2", "5006");
	/* a field some lines lack before the level: "<name?>", and the
	 * pattern compiles back to the same split */
	infer_case("2017-07-31 13:36:43.557 CEST [4983] postgres@postgres LOG:  duration: 37.118 ms\n"
		   "2017-07-31 13:36:42.585 CEST [4974] LOG:  database system was shut down\n"
		   "2017-07-31 13:36:42.605 CEST [4974] LOG:  MultiXact member wraparound protections\n"
		   "2017-07-31 13:39:16.249 CEST [5407] postgres@users FATAL:  database \"users\" does not exist\n",
		   "<time> [<pid>] <field3?> <level>: <message>", "field3", "postgres@postgres");
	infer_case("2017-07-31 13:36:42.585 CEST [4974] LOG:  database system was shut down\n"
		   "2017-07-31 13:36:43.557 CEST [4983] postgres@postgres LOG:  duration: 37.118 ms\n"
		   "2017-07-31 13:36:42.605 CEST [4974] LOG:  MultiXact member wraparound protections\n"
		   "2017-07-31 13:39:16.249 CEST [5407] postgres@users FATAL:  database \"users\" does not exist\n",
		   "<time> [<pid>] <field3?> <level>: <message>", "level", "LOG");
	/* HPC's flag after the time (1, -1) is no pid: ids have no sign */
	infer_case("134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change\n"
		   "350766 node-109 unix.hw state_change.unavailable 1084680778 1 Component State Change\n"
		   "2286759 full partition status 1061219795 -1 running\n",
		   "<id> <field2> <field3> <field4> <time> <field6> <message>", "message", "Component State Change");
	/* a name before the dash that some lines write in two words: the
	 * component takes both, the message starts after the dash */
	infer_case("[10.30 16:52:25] updater.exe *64 - db.example.org:443 close, 301 bytes sent\n"
		   "[10.30 16:52:26] browser.exe - db.example.org:443 open through gateway gw.example.org:8080\n"
		   "[10.30 16:52:27] browser.exe - db.example.org:443 open through gateway gw.example.org:8080\n"
		   "[10.30 16:52:28] mail.exe - db.example.org:443 close, 12 bytes sent\n"
		   "[10.30 16:52:29] browser.exe - db.example.org:443 close, 88 bytes sent\n"
		   "[10.30 16:52:30] sync.exe - db.example.org:443 error : connection refused\n"
		   "[10.30 16:52:31] updater.exe *64 - db.example.org:443 open through gateway gw.example.org:8080\n",
		   "[<time>] <component> - <message>", "component", "updater.exe *64");
	infer_case("[10.30 16:52:25] updater.exe *64 - db.example.org:443 close, 301 bytes sent\n"
		   "[10.30 16:52:26] browser.exe - db.example.org:443 open through gateway gw.example.org:8080\n",
		   "[<time>] <component> - <message>", "message", "db.example.org:443 close, 301 bytes sent");
	/* fields separated by tabs, the last a key=value pair: the header
	 * takes the cells of one word each and stops where a message is
	 * left, not after the last pair */
	infer_case("2024-01-05 10:00:00\tINFO\tworker\tjob started\tid=5\n"
		   "2024-01-05 10:00:01\tWARN\tworker\tjob slow\tid=6\n"
		   "2024-01-05 10:00:02\tINFO\tworker\tjob done\tid=5\n",
		   "<time> <level> <component> <message>", "message", "job started\tid=5");
	infer_case("2024-01-05 10:00:00\tINFO\tworker\tjob started\tid=5\n"
		   "2024-01-05 10:00:01\tWARN\tworker\tjob slow\tid=6\n"
		   "2024-01-05 10:00:02\tINFO\tworker\tjob done\tid=5\n",
		   "<time> <level> <component> <message>", "component", "worker");
	/* a cell of a source file's name and line is the caller's, "source" */
	infer_case("2023-03-24T05:20:48.342Z\tdebug\tserver\tserver/x.go:709\tdone 86770 {}\n"
		   "2023-03-24T05:21:00.526Z\tinfo\thttp.handler\traft/handler.go:580\tby DONE\t{\"id\": 1}\n"
		   "2023-03-24T05:21:46.677Z\twarn\tserver\traft/handler.go:35\ttimeout user\n",
		   "<time> <level> <component> <source> <message>", "source", "server/x.go:709");
	/* ... an address and its port is none */
	infer_case("2024-12-15 14:12:12 192.168.1.31:45321 TLS Error: incoming packet authentication failed\n"
		   "2024-12-15 14:12:13 192.168.1.31:45321 TLS Error: incoming packet authentication failed\n"
		   "2024-12-15 14:12:14 10.0.0.7:1194 TLS Error: incoming packet authentication failed\n",
		   "<time> <field2> <field3> <level>: <message>", "field2", "192.168.1.31:45321");
	/* a stamp glued to the rest (dstat's CSV read as a log): its pattern
	 * compiles again, a time delimiting itself before a field too (the
	 * fuzzer's find: compile refused "<time><message>") */
	infer_case("16/02/2019 21:44:52,6.098,735850496,5780952.168,0.97\n"
		   "16/02/2019 21:44:53,7.449,742850560,360448,0.97\n"
		   "16/02/2019 21:44:54,4.271,731176960,401408,0.97\n",
		   "<time><message>", "message", ",6.098,735850496,5780952.168,0.97");
	/* glog/klog: a one-letter severity glued to a stamp without a year */
	infer_case("I0105 10:00:01.123456    1 main.go:12] Starting server on :8080\n"
		   "W0105 10:00:02.223456    1 reflector.go:424] watch ended\n"
		   "E0105 10:00:03.323456   17 controller.go:99] sync failed: timeout\n",
		   "<level><time> <pid> <source>] <message>", "level", "I");
	/* ... whose header ends with the source file and line */
	infer_case("I0105 10:00:01.123456    1 main.go:12] Starting server on :8080\n"
		   "W0105 10:00:02.223456    1 reflector.go:424] watch ended\n",
		   "<level><time> <pid> <source>] <message>", "source", "main.go:12");
	/* logfmt with the time in quotes */
	infer_case("time=\"2024-01-05T10:00:00Z\" level=info msg=\"user logged in\" user=alice\n"
		   "time=\"2024-01-05T10:00:01Z\" level=warn msg=\"slow\" ms=900\n",
		   "time=\"<time>\" level=<level> <message>", "time", "2024-01-05T10:00:00Z");
	/* continuation lines (a stack trace) do not break the header */
	infer_case("2024-01-05 10:00:00,001 ERROR [main] com.x.App: failed\n"
		   "java.lang.IllegalStateException: boom\n"
		   "\tat com.x.App.run(App.java:12)\n"
		   "\tat com.x.App.main(App.java:5)\n"
		   "2024-01-05 10:00:01,002 INFO [main] com.x.App: retrying\n"
		   "2024-01-05 10:00:02,003 INFO [main] com.x.App: ok\n",
		   "<time> <level> [<context>] <component>: <message>", "message", "failed");
	/* date(1)'s stamp with a zone name, and a level with a colon */
	infer_case("Mon Nov 28 21:17:40 CST 2016 Info: Installing /lib64/libc-2.12.so\n"
		   "Mon Nov 28 21:17:41 CST 2016 Warning: Skipping /lib64/libm.so\n",
		   "<time> <level>: <message>", "level", "Info");
	infer_case("Mon Nov 28 21:17:40 CST 2016 Info: Installing /lib64/libc-2.12.so\n"
		   "Mon Nov 28 21:17:41 CST 2016 Warning: Skipping /lib64/libm.so\n",
		   "<time> <level>: <message>", "time", "Mon Nov 28 21:17:40 CST 2016");
	/* more stack-trace lines than header lines: the timed lines carry it */
	infer_case("[2018-11-29T23:01:09,538][WARN ][o.e.b.ElasticsearchUncaughtExceptionHandler] [n1] uncaught\n"
		   "java.lang.IllegalArgumentException: unknown setting [path.conf]\n"
		   "\tat org.elasticsearch.common.settings.Settings.validate(Settings.java:344)\n"
		   "\tat org.elasticsearch.common.settings.Settings.validate(Settings.java:308)\n"
		   "\tat org.elasticsearch.node.Node.<init>(Node.java:135)\n"
		   "[2018-11-29T23:01:10,001][INFO ][o.e.n.Node] [n1] stopping ...\n"
		   "[2018-11-29T23:01:10,002][INFO ][o.e.n.Node] [n1] stopped\n",
		   "[<time>][<level>][<context>] [<context2>] <message>", "time", "2018-11-29T23:01:09,538");
	/* a stamp glued to a colon (a JVM's GC log) */
	infer_case("2018-11-29T23:11:44.269+0000: 2.310: Total time for which threads were stopped: 0.0001 seconds\n"
		   "2018-11-29T23:11:44.305+0000: 2.346: Total time for which threads were stopped: 0.0002 seconds\n",
		   "<time>: <uptime>: <message>", "time", "2018-11-29T23:11:44.269+0000");
	/* ... whose seconds since the JVM's start are a number, not a component */
	infer_case("2018-11-29T23:11:44.269+0000: 2.310: Total time for which threads were stopped: 0.0001 seconds\n"
		   "2018-11-29T23:11:44.305+0000: 2.346: Total time for which threads were stopped: 0.0002 seconds\n",
		   "<time>: <uptime>: <message>", "uptime", "2.310");
	/* Python logging's default format: level and logger glued by colons */
	infer_case("WARNING:root:disk almost full: 91%\n"
		   "INFO:urllib3.connectionpool:Starting new HTTPS connection (1): api.example.com:443\n"
		   "ERROR:app.db:query failed\n",
		   "<level>:<component>:<message>", "message", "disk almost full: 91%");
	infer_case("INFO:urllib3.connectionpool:Starting new HTTPS connection (1): api.example.com:443\n"
		   "ERROR:app.db:query failed\n",
		   "<level>:<component>:<message>", "component", "urllib3.connectionpool");
	/* ... after a stamp glued by a colon, "%(asctime)s:%(levelname)s:
	 * %(name)s:%(message)s", the logger's name there or not */
	infer_case("2024-01-01 10:00:00,123:INFO:app.db:connected to db\n"
		   "2024-01-01 10:00:01,123:WARNING:app.web:slow request /x took 2s\n"
		   "2024-01-01 10:00:02,123:ERROR:app.db:connection lost: timeout\n",
		   "<time>:<level>:<component>:<message>", "component", "app.db");
	infer_case("2012-07-02 10:22:40,672:DEBUG:foo bar baz\n"
		   "2014-10-08 16:56:38,344:WARN:foo bar baz\n",
		   "<time>:<level>:<message>", "level", "DEBUG");
	/* a word glued to the stamp that is no level: the message, after the colon */
	infer_case("2012-07-02 10:22:40,672:request done\n"
		   "2014-10-08 16:56:38,344:request failed\n",
		   "<time>:<message>", "message", "request done");
	/* fields joined by "::" (oVirt's vdsm): each its own, the time whole,
	 * not a clock behind a word that swallowed its date */
	infer_case("MainThread::INFO::2011-12-05 07:04:56,101::vdsm::71::vds::(run) I am the actual vdsm 4.9-0\n"
		   "Thread-12::DEBUG::2011-12-05 07:05:01,300::clientIF::74::vds::(run) doing 1\n"
		   "Thread-15::DEBUG::2011-12-07 11:44:17,737::clientIF::54::vds::(wrapper) [10.35.17.240]::call x\n",
		   "<field1>::<level>::<time>::<component>::<field5>::<field6>::(<context>) <message>", "time",
		   "2011-12-05 07:04:56,101");
	/* ... and after a stamp that opens the line, blanks and all (Python's
	 * logging with "%(asctime)s::%(levelname)s::" in its format) */
	infer_case("2024-07-20 12:27:52,797::WARNING::[interface:657] Unsuccessful login from 10.0.0.1\n"
		   "2024-07-20 12:27:53,100::INFO::[server:400] Starting\n"
		   "2024-07-20 12:27:54,200::ERROR::[misc:12] Failed to connect\n",
		   "<time>::<level>::[<context>] <message>", "level", "WARNING");
	/* "::" inside a message or a name qualified once is no separator */
	infer_case("2024-01-01 10:00:00 INFO std::vector grew to 10\n2024-01-01 10:00:01 INFO std::map rebuilt\n",
		   "<time> <level> <message>", "message", "std::vector grew to 10");
	infer_case("Cache::evict: 12 entries dropped\nCache::evict: 3 entries dropped\nStore::flush: done\n",
		   "<component>: <message>", "component", "Cache::evict");
	/* a stamp inside a token: audit.log's "msg=audit(epoch:serial):" */
	infer_case("type=SYSCALL msg=audit(1480339182.240:5): arch=c000003e syscall=59 success=yes exit=0\n"
		   "type=CWD msg=audit(1480339182.240:5): cwd=\"/root\"\n"
		   "type=USER_AUTH msg=audit(1480339183.001:17): pid=7124 uid=0 res=success\n",
		   "type=<type> msg=audit(<time>:<serial>): <message>", "time", "1480339182.240");
	infer_case("type=CWD msg=audit(1480339182.240:5): cwd=\"/root\"\n"
		   "type=CWD msg=audit(1480339182.250:6): cwd=\"/tmp\"\n",
		   "type=<type> msg=audit(<time>:<serial>): <message>", "serial", "5");
	/* a stamp in parentheses that the token does not close after is none */
	infer_case("run f(1480339182.240)x done\nrun f(1480339182.250)x done\n", "<message>", "message",
		   "run f(1480339182.240)x done");
	/* nearly every line one message: its words are no header ("Options
	 * directive:" is no component), and a line without the bracket most
	 * have keeps its time and level, the rest its message */
	const char *one = "[Fri Dec 09 15:41:29 2016] [error] [client 10.0.0.1] Directory index forbidden by Options "
			  "directive: /var/www/html/\n";
	char sample[4096] = "[Fri Dec 09 15:41:28 2016] [notice] suEXEC mechanism enabled (wrapper: /usr/sbin/suexec)\n";
	for (int k = 0; k < 8; k++)
		strcat(sample, one);
	infer_case(sample + strcspn(sample, "\n") + 1, "[<time>] [<level>] [<context>] <message>", "message",
		   "Directory index forbidden by Options directive: /var/www/html/");
	struct ds_header *h;
	struct ll_err err;
	CHECK_INT(ds_header_infer(sample, strlen(sample), 2017, &h, &err), LL_OK);
	const char *notice = "[Fri Dec 09 15:41:28 2016] [notice] suEXEC mechanism enabled (wrapper: /usr/sbin/suexec)";
	CHECK_STR(field(h, notice, "time"), "Fri Dec 09 15:41:28 2016");
	CHECK_STR(field(h, notice, "level"), "notice");
	CHECK_STR(field(h, notice, "context"), "");
	CHECK_STR(field(h, notice, "message"), "suEXEC mechanism enabled (wrapper: /usr/sbin/suexec)");
	/* a line without the time still does not fit */
	CHECK_STR(field(h, "Unable to open logs", "message"), "(no match)");
	ds_header_free(h);
	/* a program's pid glued to its name with the colon further on
	 * (ProFTPD's own log): the name, the pid a number, the host before */
	infer_case("2024-03-04 10:00:01,124 ftp1 proftpd[4410] ftp1.lan (10.0.0.9[10.0.0.9]): FTP session opened.\n"
		   "2024-03-04 10:00:03,550 ftp1 proftpd[4410] ftp1.lan (10.0.0.9[10.0.0.9]): USER bob: Login ok.\n"
		   "2024-03-04 10:01:13,008 ftp1 proftpd[4492] ftp1.lan (10.0.0.7[10.0.0.7]): FTP session opened.\n",
		   "<time> <host> <component>[<pid>] <field4> <component2>: <message>", "pid", "4410");
	infer_case("2024-03-04 10:00:01,124 ftp1 proftpd[4410] ftp1.lan (10.0.0.9[10.0.0.9]): FTP session opened.\n"
		   "2024-03-04 10:00:03,550 ftp1 proftpd[4410] ftp1.lan (10.0.0.9[10.0.0.9]): USER bob: Login ok.\n",
		   "<time> <host> <component>[<pid>] <field4> <component2>: <message>", "component", "proftpd");
	/* pairs joined by ", " in the header: the comma is the separator,
	 * a number a number */
	infer_case("2024-03-04 10:00:01,124 WARN [events] type=LOGIN_ERROR, realm=web, code=3, user=a b\n"
		   "2024-03-04 10:00:02,124 WARN [events] type=LOGIN, realm=web, code=4, user=c\n"
		   "2024-03-04 10:00:03,124 INFO [events] type=LOGOUT, realm=api, code=5, user=d e f\n",
		   "<time> <level> [<context>] type=<type>, realm=<realm>, code=<code>, user=<user> <message>", "type",
		   "LOGIN_ERROR");
	/* a bracket of no number, or one not closing the word, is no pid */
	infer_case("2024-03-04 10:00:01 ftp1 job[a1] started step one\n"
		   "2024-03-04 10:00:02 ftp1 job[b2] started step two\n"
		   "2024-03-04 10:00:03 ftp1 job[c3] started step three\n",
		   "<time> <message>", "message", "ftp1 job[a1] started step one");
	/* plain text has no header */
	infer_case("the quick brown fox\njumps over\nthe lazy dog again and again\n", "<message>", "message",
		   "the quick brown fox");
	infer_case("", "<message>", NULL, NULL);
}

/* A level or a component where slurmctld writes one or the other: the
 * user's "<level?>:" takes a level word only, "<component?>:" any word
 * ended by a colon; each, absent, takes its colon with it. */
static void test_level_or_component(void)
{
	struct ds_header *h = compile("[<time>] <level?>: <component?>: <message>");
	const char *err = "[2022-06-01T15:12:23.290] error: This association 187 does not have access to qos long";
	const char *sched = "[2022-06-01T01:02:36.012] sched: Allocate JobId=42802 NodeList=gpu05";
	const char *both = "[2022-06-01T01:02:36.012] debug2:  sched: Running job scheduler";
	CHECK_STR(field(h, err, "level"), "error");
	CHECK_STR(field(h, err, "component"), "");
	CHECK_STR(field(h, err, "message"), "This association 187 does not have access to qos long");
	CHECK_STR(field(h, sched, "level"), "");
	CHECK_STR(field(h, sched, "component"), "sched");
	CHECK_STR(field(h, sched, "message"), "Allocate JobId=42802 NodeList=gpu05");
	CHECK_STR(field(h, both, "level"), "debug2");
	CHECK_STR(field(h, both, "component"), "sched");
	CHECK_STR(field(h, both, "message"), "Running job scheduler");
	CHECK_STR(ds_header_text(h), "[<time>] <level?>: <component?>: <message>");
	ds_header_free(h);
	/* before a blank too, "<level?>" takes a level word or nothing */
	h = compile("<time> <level?> <message>");
	CHECK_STR(field(h, "2024-01-01 10:00:00 WARN disk almost full", "level"), "WARN");
	CHECK_STR(field(h, "2024-01-01 10:00:00 disk almost full", "level"), "");
	CHECK_STR(field(h, "2024-01-01 10:00:00 disk almost full", "message"), "disk almost full");
	ds_header_free(h);
	/* inferred from such lines, and the same split compiled back */
	static const char *const msgs[] = {"Allocate JobId=", "Nodes not responding", "done with job"};
	char buf[2048] = "";
	for (int i = 0; i < 12; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "[2022-06-01T01:02:%02d.012] %s %s %d\n", i,
			 i % 4 == 3 ? "error:" : i % 2 ? "sched:" : "_job_complete:", msgs[i % 3], 42800 + i);
	struct ll_err e;
	CHECK_INT(ds_header_infer(buf, strlen(buf), 2022, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<time>] <level?>: <component?>: <message>");
	const char *l3 = "[2022-06-01T01:02:03.012] error: Nodes not responding 42803";
	CHECK_STR(field(h, l3, "level"), "error");
	CHECK_STR(field(h, l3, "message"), "Nodes not responding 42803");
	CHECK_STR(field(h, "[2022-06-01T01:02:04.012] _job_complete: done with job 42804", "component"), "_job_complete");
	struct ds_header *g = compile(ds_header_text(h));
	CHECK_STR(field(g, l3, "level"), "error");
	CHECK_STR(field(g, l3, "component"), "");
	ds_header_free(g);
	ds_header_free(h);
	/* a single level line among programs stays the component's */
	buf[0] = '\0';
	for (int i = 0; i < 12; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "[2022-06-01T01:02:%02d.012] %s %s %d\n", i,
			 i == 5 ? "error:" : i % 2 ? "sched:" : "_job_complete:", msgs[i % 3], 42800 + i);
	CHECK_INT(ds_header_infer(buf, strlen(buf), 2022, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<time>] <component>: <message>");
	ds_header_free(h);
}

/* A level written inside another field: behind a module in a bracket
 * (Apache 2.4's "[core:error]", mod_php's "[:error]", 2.2's "[error]" the
 * level alone), behind a channel and a dot (Monolog's "local.ERROR:"); a
 * bracket of words before numbers ("[pid 1234:tid 140234]") gives a
 * number field named by each word. */
static void test_named_levels(void)
{
	const char *apache = "[Wed Nov 30 10:00:01.123456 2026] [core:error] [pid 1234:tid 140234] AH00124: Request exceeded the limit\n"
			     "[Wed Nov 30 10:00:02.000001 2026] [mpm_event:notice] [pid 1000:tid 140001] AH00489: configured\n"
			     "[Wed Nov 30 10:00:05.500000 2026] [proxy:error] [pid 1235:tid 140235] AH00957: attempt to connect failed\n"
			     "[Wed Nov 30 10:00:06.000000 2026] [ssl:warn] [pid 1000:tid 140001] AH01909: no matching ID\n";
	struct ds_header *h = NULL;
	struct ll_err e;
	CHECK_INT(ds_header_infer(apache, strlen(apache), 2026, &h, &e), LL_OK);
	/* (the message ids "AH00124:" of every line read as a program) */
	CHECK_STR(ds_header_text(h), "[<time>] [<component?>:<level>] [pid <pid>:tid <tid>] <component2>: <message>");
	const char *l = "[Wed Nov 30 10:00:07.000000 2026] [proxy_http:error] [pid 77:tid 88] AH01102: error reading status line";
	CHECK_STR(field(h, l, "component"), "proxy_http");
	CHECK_STR(field(h, l, "level"), "error");
	CHECK_STR(field(h, l, "pid"), "77");
	CHECK_STR(field(h, l, "tid"), "88");
	CHECK_STR(field(h, l, "message"), "error reading status line");
	CHECK_INT(ds_header_field_type(h, 3), LL_COL_NUM);
	/* mod_php's empty module, and a line of the level alone */
	l = "[Wed Nov 30 10:00:08.000000 2026] [:error] [pid 12:tid 13] PHP Notice: Undefined index";
	CHECK_STR(field(h, l, "component"), "");
	CHECK_STR(field(h, l, "level"), "error");
	CHECK_STR(field(h, l, "pid"), "12");
	l = "[Wed Nov 30 10:00:09.000000 2026] [notice] [pid 12:tid 13] resuming normal operations";
	CHECK_STR(field(h, l, "component"), "");
	CHECK_STR(field(h, l, "level"), "notice");
	/* a line of another bracket keeps its time and level */
	l = "[Wed Nov 30 10:00:09.000000 2026] [core:info] [client 10.0.0.1:5041] done";
	CHECK_STR(field(h, l, "level"), "info");
	CHECK_STR(field(h, l, "message"), "[client 10.0.0.1:5041] done");
	/* the pattern compiles back to the same split */
	struct ds_header *g = compile(ds_header_text(h));
	l = "[Wed Nov 30 10:00:08.000000 2026] [:error] [pid 12:tid 13] PHP Notice: Undefined index";
	CHECK_STR(field(g, l, "level"), "error");
	CHECK_STR(field(g, l, "component"), "");
	CHECK_STR(field(g, l, "tid"), "13");
	ds_header_free(g);
	ds_header_free(h);

	/* log4j's "[%t/%level]": a thread's name, blanks and all, before a
	 * slash and the level */
	const char *threads = "[09:26:10] [Server thread/INFO]: Player1 joined the game\n"
			      "[09:26:11] [Server thread/WARN]: Can't keep up! Running 2001ms behind\n"
			      "[09:26:12] [Worker-Main-3/INFO]: Preparing spawn area: 4%\n"
			      "[09:26:13] [main/ERROR]: Failed to load properties\n";
	CHECK_INT(ds_header_infer(threads, strlen(threads), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<time>] [<component?>/<level>]: <message>");
	l = "[09:26:14] [Server thread/WARN]: Can't keep up! Is the server overloaded?";
	CHECK_STR(field(h, l, "component"), "Server thread");
	CHECK_STR(field(h, l, "level"), "WARN");
	CHECK_STR(field(h, l, "message"), "Can't keep up! Is the server overloaded?");
	g = compile(ds_header_text(h));
	CHECK_STR(field(g, l, "component"), "Server thread");
	CHECK_STR(field(g, l, "level"), "WARN");
	ds_header_free(g);
	ds_header_free(h);
	/* a path in brackets is no thread */

	/* seconds since the start with their unit ("[0.512s]", a JVM's
	 * unified logging) are an uptime, as dmesg's without one are */
	const char *jvm = "[2026-03-14T09:26:10.225+0000][0.512s][info][gc,init] Version: 21.0.2+13\n"
			  "[2026-03-14T09:26:11.003+0000][1.290s][info][gc,start] GC(0) Pause Young\n"
			  "[2026-03-14T09:26:12.870+0000][3.157s][warning][gc,alloc] GC(1) To-space exhausted\n"
			  "[2026-03-14T09:26:13.100+0000][3.387s][info][gc] GC(1) Pause Full\n";
	CHECK_INT(ds_header_infer(jvm, strlen(jvm), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<time>][<uptime>][<level>][<context>] <message>");
	l = "[2026-03-14T09:26:14.000+0000][4.001s][info][gc] GC(2) Pause Young";
	CHECK_STR(field(h, l, "uptime"), "4.001s");
	ds_header_free(h);

	/* brackets of pids alone on some lines and pids and tids on others
	 * are no one shape: a context */
	const char *mixed = "[Wed Nov 30 10:00:01 2026] [core:error] [pid 1234] [client 10.0.0.1:50412] File does not exist\n"
			    "[Wed Nov 30 10:00:02 2026] [core:notice] [pid 1000:tid 4] Command line: httpd\n"
			    "[Wed Nov 30 10:00:03 2026] [http:info] [pid 1000:tid 5] [client 10.0.0.2:4] chunked forbidden\n"
			    "[Wed Nov 30 10:00:04 2026] [core:error] [pid 1234] [client 10.0.0.3:1] File does not exist\n";
	CHECK_INT(ds_header_infer(mixed, strlen(mixed), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<time>] [<component?>:<level>] [<context>] [<context2>] <message>");
	ds_header_free(h);

	/* Apache 2.2: the same words of prose before a colon on most lines are
	 * the start of their message, not fields and a program */
	const char *old22 = "[Mon Dec 26 16:17:53 2026] [notice] Apache/2.2.22 (Ubuntu) configured -- resuming normal operations\n"
			    "[Mon Dec 26 16:22:00 2026] [error] [client 192.168.33.1] File does not exist: /var/www/favicon.ico\n"
			    "[Mon Dec 26 16:22:08 2026] [error] [client 192.168.33.1] File does not exist: /var/www/robots.txt\n"
			    "[Mon Dec 26 16:22:10 2026] [error] [client 192.168.33.4] File does not exist: /var/www/test\n"
			    "[Mon Dec 26 16:22:13 2026] [error] [client 192.168.33.1] File does not exist: /var/www/hello\n";
	CHECK_INT(ds_header_infer(old22, strlen(old22), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<time>] [<level>] [<context>] <message>");
	CHECK_STR(field(h, "[Mon Dec 26 16:22:13 2026] [error] [client 192.168.33.1] File does not exist: /x", "message"),
		  "File does not exist: /x");
	ds_header_free(h);
	/* a host and a node of letters and digits before the program stay fields */
	const char *hosts = "2026-01-31 05:06:54 rack1 node07 sshd: Accepted key for alice\n"
			    "2026-01-31 05:06:55 rack1 node07 sshd: Accepted key for bob\n"
			    "2026-01-31 05:06:56 rack1 node07 cron: session opened\n";
	CHECK_INT(ds_header_infer(hosts, strlen(hosts), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "<time> <field2> <host> <component>: <message>");
	ds_header_free(h);

	/* Monolog: the channel, a dot, the level and its colon */
	const char *mono = "[2026-01-31 05:06:54] production.ERROR: Pusher error: connection failed\n"
			   "[2026-01-31 05:06:55] production.WARNING: Circuit breaker recorded failure\n"
			   "[2026-01-31 05:06:57] production.INFO: Request completed {\"ms\":12}\n"
			   "[2026-01-31 05:07:01] queue-worker.ERROR: Job failed\n";
	CHECK_INT(ds_header_infer(mono, strlen(mono), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<time>] <component?>.<level>: <message>");
	l = "[2026-01-31 05:07:01] queue-worker.ERROR: Job failed: timeout";
	CHECK_STR(field(h, l, "component"), "queue-worker");
	CHECK_STR(field(h, l, "level"), "ERROR");
	CHECK_STR(field(h, l, "message"), "Job failed: timeout");
	ds_header_free(h);

	/* a file name ending in ".log:" or ".info:" of a word is a program, as
	 * before; a bracket of a word and a non-level stays a context */
	const char *files = "2026-01-31 05:06:54 rotate.log: kept twelve files\n"
			    "2026-01-31 05:06:55 rotate.log: removed old files\n"
			    "2026-01-31 05:06:56 rotate.log: done\n";
	CHECK_INT(ds_header_infer(files, strlen(files), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "<time> <component>: <message>");
	CHECK_STR(field(h, "2026-01-31 05:06:56 rotate.log: done", "component"), "rotate.log");
	ds_header_free(h);
	const char *ctx = "2026-01-31 05:06:54 [main:worker] started\n"
			  "2026-01-31 05:06:55 [main:reader] started\n"
			  "2026-01-31 05:06:56 [pool:7] idle\n";
	CHECK_INT(ds_header_infer(ctx, strlen(ctx), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "<time> [<context>] <message>");
	ds_header_free(h);
}

/* A bracket that holds the time and more of the header (Rust's
 * env_logger, Ruby's Logger, a level before the stamp): its units one by
 * one, the bracket's open and close literals of the header. A bracket of
 * a stamp alone, or of a stamp and a nested bracket, is as before. */
static void test_bracket_of_several(void)
{
	const char *rust = "[2026-11-13T19:50:29Z INFO  runner] core set up\n"
			   "[2026-11-13T19:50:29Z INFO  net::http] listening at 0.0.0.0:3040\n"
			   "[2026-11-13T19:50:30Z WARN  net::http] slow client 10.0.0.7\n"
			   "[2026-11-13T19:50:31Z ERROR runner] queue full, dropping 12 jobs\n";
	struct ds_header *h = NULL;
	struct ll_err e;
	CHECK_INT(ds_header_infer(rust, strlen(rust), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<time> <level> <component>] <message>");
	const char *l = "[2026-11-13T19:50:31Z ERROR runner] queue full, dropping 12 jobs";
	CHECK_STR(field(h, l, "level"), "ERROR");
	CHECK_STR(field(h, l, "component"), "runner");
	CHECK_STR(field(h, l, "message"), "queue full, dropping 12 jobs");
	CHECK_INT(ds_header_field_type(h, 0), LL_COL_TIME);
	struct ds_header *g = compile(ds_header_text(h));
	CHECK_STR(field(g, l, "component"), "runner");
	ds_header_free(g);
	ds_header_free(h);
	/* the level before a slash and a process's name, the bracket's last
	 * unit (Celery's worker log) */
	const char *celery = "[2025-01-03 23:24:19,546: INFO/MainProcess] Connected to redis://localhost:6379//\n"
			     "[2025-01-03 23:24:19,601: WARNING/ForkPoolWorker-1] Task retried: timeout\n"
			     "[2025-01-03 23:24:20,002: ERROR/ForkPoolWorker-12] Task failed: KeyError('x')\n";
	CHECK_INT(ds_header_infer(celery, strlen(celery), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<time>: <level>/<component>] <message>");
	l = "[2025-01-03 23:24:19,601: WARNING/ForkPoolWorker-1] Task retried: timeout";
	CHECK_STR(field(h, l, "level"), "WARNING");
	CHECK_STR(field(h, l, "component"), "ForkPoolWorker-1");
	CHECK_STR(field(h, l, "message"), "Task retried: timeout");
	g = compile(ds_header_text(h));
	CHECK_STR(field(g, l, "level"), "WARNING");
	ds_header_free(g);
	ds_header_free(h);
	/* the level first, the stamp after it */
	const char *lvl = "[DEBUG 2026-05-20 12:22:19 main]  Exec[create exchange]: Executing\n"
			  "[ INFO 2026-05-20 12:22:19 main] applying configuration\n"
			  "[ERROR 2026-05-20 12:22:20 main]  command failed: exit 1\n"
			  "[DEBUG 2026-05-20 12:22:21 worker]  retrying\n";
	CHECK_INT(ds_header_infer(lvl, strlen(lvl), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<level> <time> <component>] <message>");
	CHECK_STR(field(h, "[ERROR 2026-05-20 12:22:20 main]  command failed: exit 1", "message"), "command failed: exit 1");
	ds_header_free(h);
	/* Ruby's Logger: the pid beside the time, behind a '#' */
	const char *ruby = "I, [2026-07-02T00:47:49.794592 #5280]  INFO -- : Rendered text template (0.1ms)\n"
			   "I, [2026-07-02T00:47:50.187412 #5280]  INFO -- : Started POST \"/orders\" for 10.0.0.8\n"
			   "W, [2026-07-02T00:47:51.000001 #5281]  WARN -- : Deprecated call\n"
			   "E, [2026-07-02T00:47:52.120000 #5280] ERROR -- : RoutingError\n";
	CHECK_INT(ds_header_infer(ruby, strlen(ruby), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "<field1> [<time> #<pid>] <level> -- : <message>");
	l = "E, [2026-07-02T00:47:52.120000 #5280] ERROR -- : RoutingError";
	CHECK_STR(field(h, l, "pid"), "5280");
	CHECK_INT(ds_header_field_type(h, 2), LL_COL_NUM);
	CHECK_STR(field(h, l, "level"), "ERROR");
	CHECK_STR(field(h, l, "message"), "RoutingError");
	ds_header_free(h);
	/* a record as a pair, its epoch a comma before the rest (Fluent Bit's
	 * stdout: "[0] cpu.local: [1710408413.225, {...}]") */
	const char *pair = "[0] cpu.local: [1710408413.225, {\"cpu_p\"=>1.5, \"user_p\"=>0.5}]\n"
			   "[1] tail.0: [1710408414.300, {\"log\"=>\"request done\"}]\n"
			   "[0] cpu.local: [1710408415.225, {\"cpu_p\"=>1.25, \"user_p\"=>0.75}]\n"
			   "[1] tail.0: [1710408416.001, {\"log\"=>\"request failed\"}]\n";
	CHECK_INT(ds_header_infer(pair, strlen(pair), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<context>] <component>: [<time>, <message>");
	l = "[1] tail.0: [1710408416.001, {\"log\"=>\"request failed\"}]";
	CHECK_STR(field(h, l, "time"), "1710408416.001");
	CHECK_STR(field(h, l, "message"), "{\"log\"=>\"request failed\"}]");
	ds_header_free(h);
	/* a stamp alone in its bracket, and a bracket with another inside */
	const char *plain = "[2026-11-13 19:50:29] started\n[2026-11-13 19:50:30] running\n[2026-11-13 19:50:31] done\n";
	CHECK_INT(ds_header_infer(plain, strlen(plain), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<time>] <message>");
	ds_header_free(h);
	const char *nested = "[2026-11-13 19:50:29 [a]] started\n[2026-11-13 19:50:30 [b]] running\n[2026-11-13 19:50:31 [c]] done\n";
	CHECK_INT(ds_header_infer(nested, strlen(nested), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "[<context>] <message>");
	ds_header_free(h);
}

/* The pipe-separated header of CEF and LEEF events (blanks inside its
 * fields, a backslash-escaped pipe) is one unit; after a syslog time and
 * host too. Text that merely starts "CEF:" is not. */
static void test_cef(void)
{
	int v = 0;
	const char *c = "CEF:0|Check Point|VPN-1 & FireWall-1|R80|Log|a \\| b|Unknown|act=Accept";
	CHECK_INT((int)ds_header_cef(c, strlen(c), &v), (int)(strstr(c, "act=") - c));
	CHECK_INT(v, DS_CEF);
	const char *l2 = "LEEF:2.0|Vendor|Device|1|10|0x09|src=10.0.0.1";
	CHECK_INT((int)ds_header_cef(l2, strlen(l2), &v), (int)(strstr(l2, "src=") - l2));
	CHECK_INT(v, DS_LEEF2);
	CHECK_INT((int)ds_header_cef("CEF:0|only|three|", 17, NULL), 0);
	CHECK_INT((int)ds_header_cef("CEF: the format", 15, NULL), 0);
	const char *log = "Nov 30 10:15:01 fw01 CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 spt=1232\n"
			  "Nov 30 10:15:07 fw01 CEF:0|Security|threatmanager|1.0|101|port scan detected|7|src=10.0.0.9 spt=4432\n"
			  "Nov 30 10:17:42 fw02 CEF:0|Security|ids|2.3|200|login failure|5|src=10.0.1.1 suser=bob\n";
	struct ds_header *h;
	struct ll_err e;
	CHECK_INT(ds_header_infer(log, strlen(log), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h),
		  "<time> <host> CEF:<cef_version>|<vendor>|<product>|<version>|<signature>|<name>|<severity>|<message>");
	const char *l = "Nov 30 10:15:07 fw01 CEF:0|Security|threatmanager|1.0|101|port scan detected|7|src=10.0.0.9 spt=4432";
	CHECK_STR(field(h, l, "host"), "fw01");
	CHECK_STR(field(h, l, "name"), "port scan detected");
	CHECK_STR(field(h, l, "severity"), "7");
	CHECK_STR(field(h, l, "message"), "src=10.0.0.9 spt=4432");
	ds_header_free(h);
	const char *leef = "LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1\n"
			   "LEEF:1.0|IBM|QRadar|7.3|Auth_Success|src=192.168.1.1\tusrName=alice\n";
	CHECK_INT(ds_header_infer(leef, strlen(leef), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "LEEF:<leef_version>|<vendor>|<product>|<version>|<event>|<message>");
	CHECK_STR(field(h, "LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0", "version"), "4.0 SP1");
	ds_header_free(h);
}

/* PBS/Torque accounting: ';' glued after the time separates the record
 * type and the job id; the type letters (E among Q and S) are codes, not
 * logcat levels. A ';' inside words elsewhere separates nothing. */
static void test_semicolons(void)
{
	const char *acct = "08/19/2013 00:01:24;Q;967425.travis;queue=all\n"
			   "08/19/2013 00:01:24;E;967424.travis;user=dan group=agot jobname=WOMO Exit_status=0\n"
			   "08/19/2013 00:01:25;S;967425.travis;user=dan group=agot jobname=Quad17 start=1376863285\n"
			   "08/19/2013 00:28:11;Q;967426.travis;queue=all\n"
			   "08/19/2013 00:28:11;E;967425.travis;user=dan group=agot jobname=Quad17 Exit_status=0\n"
			   "08/19/2013 00:28:11;S;967426.travis;user=dan group=agot jobname=WOMO start=1376864891\n";
	struct ds_header *h;
	struct ll_err e;
	CHECK_INT(ds_header_infer(acct, strlen(acct), 2013, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "<time>;<field2>;<field3>;<message>");
	const char *l = "08/19/2013 00:28:11;E;967425.travis;user=dan group=agot";
	CHECK_STR(field(h, l, "field2"), "E");
	CHECK_STR(field(h, l, "field3"), "967425.travis");
	CHECK_STR(field(h, l, "message"), "user=dan group=agot");
	ds_header_free(h);
	/* "time; text": a semicolon and a blank is prose */
	const char *prose = "2024-01-01 10:00:01; started the job\n2024-01-01 10:00:02; stopped the job\n"
			    "2024-01-01 10:00:03; started the job\n";
	CHECK_INT(ds_header_infer(prose, strlen(prose), 2024, &h, &e), LL_OK);
	CHECK(strstr(ds_header_text(h), ";<field") == NULL);
	ds_header_free(h);
}

/* Marks glued to a stamp, or to the bracket around one, open a record
 * (a server's "####<Mar 24, 2022 10:29:51,636 AM GMT> <Info> ..."): no
 * rule line, and a literal of the header whose time follows; lines of a
 * message between such heads (words, commas, a stamp of their own) do not
 * make the header theirs. Marks before text, or more than eight, stay a rule. */
static void test_marks_before_stamp(void)
{
	CHECK_INT(ds_header_rule_line("####<Mar 24, 2022 10:29:51,636 AM GMT> <Info>", 45), 0);
	CHECK_INT(ds_header_rule_line("==[2026-03-02 10:00:00] x", 25), 0);
	CHECK_INT(ds_header_rule_line("#### build 2026-03-02 10:00:00", 30), 1);
	CHECK_INT(ds_header_rule_line("##########<Mar 24, 2022 10:29:51 AM>", 36), 1);
	CHECK_INT(ds_header_rule_line("####", 4), 1);
	const char *s = "####<Mar 24, 2022 10:29:51,636 AM GMT> <Info> <Pool> <node-1> <pool size set to 256.>\n"
			"####<Mar 24, 2022 10:29:51,663 AM GMT> <Info> <Server> <node-1> <version:\n"
			"Server 1.2.3 Thu Aug 17 13:39:49 PDT 2017 Copyright (c) 1995,2017, someone.>\n"
			"####<Mar 24, 2022 10:29:52,001 AM GMT> <Notice> <Server> <node-1> <listening on 9001>\n"
			"####<Mar 24, 2022 10:29:52,410 AM GMT> <Warning> <Socket> <node-2> <peer gone>\n";
	struct ds_header *h;
	struct ll_err e;
	CHECK_INT(ds_header_infer(s, strlen(s), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "####\\<<time>\\> \\<<level>\\> \\<<context>\\> \\<<context2>\\> <message>");
	const char *line = "####<Mar 24, 2022 10:29:51,636 AM GMT> <Info> <Pool> <node-1> <pool size set to 256.>";
	CHECK_NEAR(time_of(h, line, "time"), 1648117791.636, 1e-6);
	CHECK_STR(field(h, line, "level"), "Info");
	ds_header_free(h);
}

/* A key=value number of nine or ten digits is an epoch only under a key
 * that names a time: a version or an id ("logver=702081639") would date
 * every line in 1992. */
static void test_kv_epoch_keys(void)
{
	const char *s = "logver=702081639 ts=1722245274 host=a msg=\"up\"\n"
			"logver=702081639 ts=1722245275 host=b msg=\"down\"\n"
			"logver=702081639 ts=1722245279 host=a msg=\"up\"\n";
	struct ds_header *h;
	struct ll_err e;
	CHECK_INT(ds_header_infer(s, strlen(s), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "logver=<logver> ts=<time> host=<host> <message>");
	CHECK_NEAR(time_of(h, "logver=702081639 ts=1722245274 host=a msg=\"up\"", "time"), 1722245274, 0);
	ds_header_free(h);
	/* without a key that names one, no field is a time */
	s = "logver=702081639 seq=1722245274 host=a msg=\"up\"\n"
	    "logver=702081639 seq=1722245275 host=b msg=\"down\"\n";
	CHECK_INT(ds_header_infer(s, strlen(s), 2026, &h, &e), LL_OK);
	for (size_t k = 0; k < ds_header_nfields(h); k++)
		CHECK_INT(ds_header_field_type(h, k) == LL_COL_TIME, 0);
	ds_header_free(h);
}

/* A rule line of dots alone ("..." after each HTCondor event) sets records
 * apart; dots before text are no rule. */
static void test_dot_rules(void)
{
	CHECK_INT(ds_header_rule_line("...", 3), 1);
	CHECK_INT(ds_header_rule_line(".....  ", 7), 1);
	CHECK_INT(ds_header_rule_line("... 23 more", 11), 0);
	CHECK_INT(ds_header_rule_line("...done", 7), 0);
	CHECK_INT(ds_header_rule_line("----- amqzmgr0.c : 1234 -----", 29), 1);
	const char *ev = "000 (1234.000.000) 2026-11-30 10:00:01 Job submitted from host: <10.0.0.1:9618>\n...\n"
			 "001 (1234.000.000) 2026-11-30 10:00:40 Job executing on host: <10.0.0.5:9618>\n...\n"
			 "005 (1234.000.000) 2026-11-30 10:20:01 Job terminated.\n\t(1) Normal termination (return value 0)\n...\n";
	struct ds_header *h;
	struct ll_err e;
	CHECK_INT(ds_header_infer(ev, strlen(ev), 2026, &h, &e), LL_OK);
	CHECK_STR(ds_header_text(h), "<id> (<context>) <time> <message>");
	CHECK_STR(field(h, "005 (1234.000.000) 2026-11-30 10:20:01 Job terminated.", "context"), "1234.000.000");
	ds_header_free(h);
}

/* Rows of a hex dump (a logged body's bytes) are no record's start, as a
 * numbered stack frame is not: a klog log whose records are a quarter of
 * its lines still has its header. */
static void test_hexdump_rows(void)
{
	const char *rowl = "00000000  6b 38 73 00 0a 1f 0a 13  63 6f 6f 72 64 69 6e 61  |k8s.....coordina|";
	CHECK_INT(ds_header_at_margin(rowl, strlen(rowl)), 0);
	CHECK_INT(ds_header_at_margin("#3 main ()", 10), 0);
	CHECK_INT(ds_header_at_margin("00000000 started", 16), 1);
	const char *klog = "I0915 20:01:48.245569       1 round_trippers.go:553] GET https://h:6443/x 200 OK";
	CHECK_INT(ds_header_at_margin(klog, strlen(klog)), 1);
	char *s = malloc(64 * 1024);
	size_t w = 0;
	for (int i = 0; i < 40; i++) {
		w += (size_t)sprintf(s + w, "I0915 20:01:%02d.%06d       1 round_trippers.go:%d] Response Body:\n", i, i * 7919,
				     550 + i % 3);
		for (int r = 0; r < 4; r++)
			w += (size_t)sprintf(s + w, "%08x  6b 38 73 00 0a 1f 0a 13  63 6f 6f 72 64 69 6e %02x  |k8s.....coordin%c|\n",
					     r * 16, 0x61 + r, 'a' + r);
	}
	struct ds_header *h;
	struct ll_err e;
	CHECK_INT(ds_header_infer(s, w, 2026, &h, &e), LL_OK);
	if (h) {
		CHECK_STR(ds_header_text(h), "<level><time> <pid> <source>] <message>");
		ds_header_free(h);
	}
	free(s);
}

static void test_hostile(void)
{
	/* lazy fields over a long line without the literal: bounded work */
	struct ds_header *h = compile("<a> <b> <c> <d> <e> <f> <g> <h>: <i>");
	size_t n = 1 << 20;
	char *line = malloc(n);
	for (size_t i = 0; i < n; i++)
		line[i] = i % 2 ? ' ' : 'x';
	struct ds_span sp[DS_MAX_FIELDS];
	clock_t t0 = clock();
	for (int r = 0; r < 50; r++)
		CHECK_INT(ds_header_split(h, line, n, sp), 0);
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	ds_header_free(h);
	/* inference on a megabyte line and on binary-ish text does not fail */
	struct ds_header *g;
	struct ll_err err;
	CHECK_INT(ds_header_infer(line, n, 2017, &g, &err), LL_OK);
	ds_header_free(g);
	for (size_t i = 0; i < n; i++)
		line[i] = (char)(i * 131 % 251 + 1);
	CHECK_INT(ds_header_infer(line, n, 2017, &g, &err), LL_OK);
	ds_header_free(g);
	free(line);
	/* a NUL byte in the words before a time on the lines (libFuzzer's
	 * find, minimised: the pattern was cut at it and compiled no more) */
	char junk[] = "?\xff\xff\xff\xff\xff\xff\xff\xff" "ar 1\0 23:50:05 <auth.info> cpnaake sshd[55606]: Invalid user "
		      "kylix EventId,EventTemplate\r\n"
		      "?\xff\xff\xff\xff\xff\xff\xff\xff" "ar 1\0 23:50:05 <auth.info> cpnaake sshd[55606]: Invalid user "
		      "kylix EventId,EventTemplate\r\n"
		      "5,Dce found, idVend\x98r=8087";
	CHECK_INT(ds_header_infer(junk, sizeof junk - 1, 2024, &g, &err), LL_OK);
	struct ds_header *again = NULL;
	if (g && ds_header_compile(ds_header_text(g), &again, &err) != LL_OK)
		fprintf(stderr, "inferred \"%s\" does not compile: %s\n", ds_header_text(g), err.msg);
	CHECK(g && again);
	ds_header_free(again);
	ds_header_free(g);

	/* a header that would end on a field glued to the message (the level
	 * of "NOTICE[2211]", its brackets too rare to be a field): written
	 * "<level><message>" it did not compile again (libFuzzer's find,
	 * minimised); it now ends at the time */
	static const char glued[] = "[2024-03-14 09:26:10] NOTICE[2211] pbx.c: Executing dial on channel 7\n"
				    "[2024-03-14 09:26:11 ]NOTICE 412[c9]pbx.c: Executing hangup on channel 7\n"
				    "[2024-03-14 09:26:12] NOTICE[2211] pbx.c: Executing answer on channel 8\n"
				    "# a note the operator left\n";
	g = NULL;
	CHECK_INT(ds_header_infer(glued, sizeof glued - 1, 2024, &g, &err), LL_OK);
	again = NULL;
	if (g && ds_header_compile(ds_header_text(g), &again, &err) != LL_OK)
		fprintf(stderr, "inferred \"%s\" does not compile: %s\n", ds_header_text(g), err.msg);
	CHECK(g && again);
	CHECK_STR(g ? ds_header_text(g) : NULL, "[<time>] <message>");
	ds_header_free(again);
	ds_header_free(g);
}

/* Lines indented alike: the indent is measured, and the header inferred
 * as if the lines started at the margin; a line there measures none. */
static void test_indented(void)
{
	const char *pasted = "    2026-12-06T03:00:00.952Z [INFO] agent: started\n"
			     "\n"
			     "    2026-12-06T03:00:01.100Z [WARN] nomad.heartbeat: missed\n"
			     "\t  at frame one\n"
			     "    2026-12-06T03:00:02.200Z [INFO] agent: stopped\n";
	CHECK_INT(ds_header_indent(pasted, strlen(pasted)), 3);
	infer_case(pasted, "<time> [<level>] <component>: <message>", "component", "agent");
	CHECK_INT(ds_header_indent("  a\nb\n", 5), 0);
	CHECK_INT(ds_header_indent("  a\n\t\tb\n", 8), 2);
	CHECK_INT(ds_header_indent("", 0), 0);
	CHECK_INT(ds_header_indent("   \n  \n", 7), 0);
}

/* Python's logging.basicConfig: "LEVEL:logger:message", no time, above a
 * traceback (its first and last lines at the margin, frames indented):
 * the first column's header, with its level, is the records' */
static void test_untimed_records(void)
{
	char sample[4096];
	size_t n = 0;
	static const char *const levels[] = {"INFO", "WARNING", "ERROR", "DEBUG"};
	static const char *const names[] = {"root", "app.db", "urllib3.connectionpool"};
	for (int i = 0; i < 30; i++) {
		n += (size_t)snprintf(sample + n, sizeof sample - n, "%s:%s:step %d done\n", levels[i % 4], names[i % 3], i);
		if (i == 20)
			n += (size_t)snprintf(sample + n, sizeof sample - n,
					      "Traceback (most recent call last):\n  File \"/app/main.py\", line 10, in "
					      "<module>\n    main()\nValueError: bad value\n");
	}
	infer_case(sample, "<level>:<component>:<message>", "component", "root");
	/* without a level, such lines stay the plain lines they were */
	const char *untimed = "alpha:one:x\nbeta:two:y\n  indented: a\n    more\ngamma:three:z\nfree text here\n";
	struct ds_header *h;
	struct ll_err err;
	CHECK_INT(ds_header_infer(untimed, strlen(untimed), 2026, &h, &err), LL_OK);
	CHECK(h && !strstr(ds_header_text(h), "<level>"));
	ds_header_free(h);
}

/* Fields that are a pair's value, by the literal before them; an
 * inferred pair's key with a '.' is matched as written. */
static void test_keyed(void)
{
	struct ds_header *h = compile("<time> walltime=<walltime> q=\"<queue>\" [<pid>] x<n> <message>");
	CHECK(h != NULL);
	if (h) {
		CHECK(!ds_header_field_keyed(h, 0));
		CHECK(ds_header_field_keyed(h, 1));
		CHECK(ds_header_field_keyed(h, 2));
		CHECK(!ds_header_field_keyed(h, 3));
		CHECK(!ds_header_field_keyed(h, 4));
		CHECK(!ds_header_field_keyed(h, 5));
		CHECK(!ds_header_field_keyed(h, 99));
		ds_header_free(h);
	}
	const char *pbs = "2026-12-06 10:00:01;E;41.head;user=u1 res.walltime=00:10:00 res.cput=00:01:00 note\n"
			  "2026-12-06 10:00:02;E;42.head;user=u2 res.walltime=00:12:00 res.cput=00:02:00 note\n"
			  "2026-12-06 10:00:03;E;43.head;user=u3 res.walltime=00:14:00 res.cput=00:03:00 note\n"
			  "2026-12-06 10:00:04;E;44.head;user=u1 res.walltime=00:16:00 res.cput=00:04:00 note\n";
	struct ds_header *g = NULL;
	struct ll_err err;
	CHECK_INT(ds_header_infer(pbs, strlen(pbs), 2026, &g, &err), LL_OK);
	if (g) {
		CHECK(strstr(ds_header_text(g), "res.walltime=<res_walltime>") != NULL);
		struct ds_span f[DS_MAX_FIELDS];
		CHECK(ds_header_split(g, pbs, strchr(pbs, '\n') - pbs, f));
		for (size_t i = 0; i < ds_header_nfields(g); i++)
			if (strcmp(ds_header_field_name(g, i), "res_walltime") == 0) {
				CHECK(ds_header_field_keyed(g, i));
				CHECK(f[i].len == 8 && memcmp(pbs + f[i].off, "00:10:00", 8) == 0);
			}
		ds_header_free(g);
	}
}

/* The text of the <label> span of line, "(no match)" when it does not fit. */
static const char *label_of(const struct ds_header *h, const char *line)
{
	static char buf[64];
	struct ds_span f[DS_MAX_FIELDS], lab = {7, 7};
	if (!ds_header_split_label(h, line, strlen(line), f, &lab)) {
		CHECK_INT(lab.len, 0);
		return "(no match)";
	}
	snprintf(buf, sizeof buf, "%.*s", (int)lab.len, line + lab.off);
	return buf;
}

static void test_label(void)
{
	struct ds_header *h = compile("<Label> <time> <host> <message>");
	const char *alert = "ALERT 2024-01-01T10:00:00 web01 disk full";
	const char *normal = "- 2024-01-01T10:00:01 web01 ok";
	/* the label is no column: time, host, message */
	CHECK(ds_header_has_label(h));
	CHECK_INT(ds_header_nfields(h), 3);
	CHECK_STR(ds_header_field_name(h, 0), "time");
	CHECK_INT(ds_header_message_field(h), 2);
	CHECK_STR(ds_header_text(h), "<Label> <time> <host> <message>");
	CHECK_STR(label_of(h, alert), "ALERT");
	CHECK_STR(field(h, alert, "time"), "2024-01-01T10:00:00");
	CHECK_STR(field(h, alert, "message"), "disk full");
	/* "-" is kept as written: readers make it the class "normal" */
	CHECK_STR(label_of(h, normal), "-");
	CHECK_STR(field(h, normal, "host"), "web01");
	/* a required label is a word: a line that opens with its time does not fit */
	CHECK_STR(label_of(h, "2024-01-01T10:00:01 web01 ok"), "(no match)");
	const char *two = "ALERT 2024-01-01T10:00:00 web01 x\n- 2024-01-01T10:00:01 web01 y\n";
	ds_header_type_fields(h, two, strlen(two), 2024);
	CHECK_INT(ds_header_nfields(h), 3);
	CHECK_INT(ds_header_field_type(h, 0), LL_COL_TIME);
	ds_header_free(h);
	/* "<label?>": an unlabelled line fits, with no label and its time whole */
	h = compile("<label?> <time> <host> <message>");
	CHECK_STR(label_of(h, alert), "ALERT");
	CHECK_STR(field(h, alert, "host"), "web01");
	CHECK_STR(label_of(h, "2024-01-01T10:00:02 web01 fine"), "");
	CHECK_STR(field(h, "2024-01-01T10:00:02 web01 fine", "time"), "2024-01-01T10:00:02");
	CHECK_STR(field(h, "2024-01-01T10:00:02 web01 fine", "message"), "fine");
	ds_header_free(h);
	/* after a label and a tab, another format's header (a labelled copy of a syslog file) */
	h = compile("<label>\t<time> <host> <component>[<pid>]: <message>");
	const char *sys = "KERN\tJun 14 15:16:01 combo sshd[19939]: check pass";
	CHECK_STR(label_of(h, sys), "KERN");
	CHECK_STR(field(h, sys, "pid"), "19939");
	CHECK_STR(field(h, sys, "message"), "check pass");
	ds_header_free(h);
	/* a label last: the message before it holds blanks */
	h = compile("<time> <message> <label>");
	CHECK_STR(field(h, "2024-01-01T10:00:00 disk is full FAIL", "message"), "disk is full");
	CHECK_STR(label_of(h, "2024-01-01T10:00:00 disk is full FAIL"), "FAIL");
	ds_header_free(h);
	/* one label a line, and text beside it */
	static const struct {
		const char *pattern, *want;
	} bad[] = {{"<label> <time> <LABEL> <message>", "a second <label>"},
		   {"<label> <label?> <message>", "a second <label>"},
		   {"<label>", "needs a field for its text"}};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
		check_refused(bad[k].pattern, bad[k].want);
	/* inference never guesses a label, even of lines that open with one */
	const char *sample = "ALERT 2024-01-01T10:00:00 web01 disk full\n- 2024-01-01T10:00:01 web01 ok\n"
			     "- 2024-01-01T10:00:02 web01 ok\nALERT 2024-01-01T10:00:03 web01 disk full\n";
	struct ll_err err;
	struct ds_header *g = NULL;
	CHECK_INT(ds_header_infer(sample, strlen(sample), 2024, &g, &err), LL_OK);
	CHECK(g && !ds_header_has_label(g));
	ds_header_free(g);
}

int main(void)
{
	test_label();
	test_keyed();
	test_compile_and_split();
	test_indented();
	test_untimed_records();
	test_typing();
	test_date_time_pair();
	test_infer();
	test_kv_date_clock();
	test_level_or_component();
	test_named_levels();
	test_bracket_of_several();
	test_cef();
	test_semicolons();
	test_dot_rules();
	test_hexdump_rows();
	test_marks_before_stamp();
	test_kv_epoch_keys();
	test_hostile();
	TEST_MAIN_END();
}
