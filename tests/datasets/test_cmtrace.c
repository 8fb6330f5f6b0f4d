/*
 * test_cmtrace.c - the "cmtrace" reader (ds_cmtrace.h): records of the
 * markup form and the older "$$<" form, one or several lines each; the
 * time of a month-first date and a clock with a bias; the attributes as
 * columns; what is no record; hostile input (a 1 MiB message, a record
 * that never ends, binary junk) and seeded mutants.
 */
#include "harness.h"

#include "ds_cmtrace.h"
#include "ds_reader.h"
#include "ds_textlog.h"
#include "ll_strbuf.h"
#include "ll_time.h"
#include "reader_test.h"

#include <math.h>
#include <stdlib.h>

static char dir[200];

static const char MARKUP[] =
	"<![LOG[Successfully connected to \\\\srv\\share]LOG]!><time=\"13:45:02.123+300\" date=\"12-06-2026\" "
	"component=\"ContentTransferManager\" context=\"\" type=\"1\" thread=\"4312\" file=\"ctm.cpp:1234\">\n"
	"<![LOG[Failed to download content\r\nAccess is denied.\nWill retry]LOG]!><time=\"13:45:04.010-60\" "
	"date=\"12-06-2026\" component=\"DataTransferService\" context=\"\" type=\"3\" thread=\"2260\" "
	"file=\"dtsjob.cpp:4511\">\n";

static const char OLD[] = "Service startup.  $$<SMS_EXECUTIVE><12-06-2026 13:45:02.123+300><thread=4312 (0x10D8)>\n"
			  "Failed to open key, error 5\n"
			  "retrying  $$<SMS_DISTMGR><12-06-2026 13:45:03.001+300><thread=2260 (0x8D4)>\n";

static int attr_is(const struct ds_cmtrace_rec *r, const char *key, const char *val)
{
	const struct ds_cmtrace_attr *a = ds_cmtrace_attr(r, key);
	return a && a->vlen == strlen(val) && memcmp(a->val, val, a->vlen) == 0;
}

static void test_time(void)
{
	double t;
	/* the bias is added: +300 is five hours behind UTC */
	CHECK(ds_cmtrace_time("12-06-2026", 10, "13:45:02.123+300", 16, &t));
	CHECK_NEAR(t, ll_time_from_civil(2026, 12, 6, 18, 45, 2.123), 1e-6);
	CHECK(ds_cmtrace_time("1/2/2026", 8, "3:04:05-60", 10, &t));
	CHECK_NEAR(t, ll_time_from_civil(2026, 1, 2, 2, 4, 5), 1e-6);
	CHECK(ds_cmtrace_time("12-06-2026", 10, "13:45:02", 8, &t));
	CHECK_NEAR(t, ll_time_from_civil(2026, 12, 6, 13, 45, 2), 1e-6);
	/* month first: a month past 12 is no date */
	CHECK(!ds_cmtrace_time("13-06-2026", 10, "13:45:02", 8, &t));
	CHECK(!ds_cmtrace_time("12-06-26", 8, "13:45:02", 8, &t));
	CHECK(!ds_cmtrace_time("12-06/2026", 10, "13:45:02", 8, &t));
	CHECK(!ds_cmtrace_time("12-06-2026", 10, "25:45:02", 8, &t));
	CHECK(!ds_cmtrace_time("12-06-2026", 10, "13:45:02.", 9, &t));
	CHECK(!ds_cmtrace_time("12-06-2026", 10, "13:45:02+99999", 14, &t));
	CHECK(!ds_cmtrace_time("12-06-2026", 10, "13:45:02 x", 10, &t));
	CHECK(!ds_cmtrace_time("", 0, "", 0, &t));
}

static void test_next(void)
{
	struct ds_cmtrace_rec r;
	size_t pos = 0, line = 1, n = strlen(MARKUP);
	CHECK_INT(ds_cmtrace_next(MARKUP, n, &pos, &line, &r), 1);
	CHECK_INT(r.line, 1);
	CHECK_INT(r.lines, 1);
	CHECK_INT(r.nattr, 7);
	static const char first[] = "Successfully connected to \\\\srv\\share";
	CHECK(r.msg_len == sizeof first - 1 && memcmp(r.msg, first, sizeof first - 1) == 0);
	CHECK(attr_is(&r, "component", "ContentTransferManager"));
	CHECK(attr_is(&r, "context", ""));
	CHECK(attr_is(&r, "file", "ctm.cpp:1234"));
	CHECK(!ds_cmtrace_attr(&r, "nothing"));
	/* a message over three lines is one record */
	CHECK_INT(ds_cmtrace_next(MARKUP, n, &pos, &line, &r), 1);
	CHECK_INT(r.line, 2);
	CHECK_INT(r.lines, 3);
	CHECK(r.msg_len > 20 && memcmp(r.msg + r.msg_len - 10, "Will retry", 10) == 0);
	CHECK(attr_is(&r, "time", "13:45:04.010-60"));
	CHECK_INT(ds_cmtrace_next(MARKUP, n, &pos, &line, &r), 0);
	CHECK_INT(line, 5);

	pos = 0;
	line = 1;
	n = strlen(OLD);
	CHECK_INT(ds_cmtrace_next(OLD, n, &pos, &line, &r), 1);
	CHECK(r.msg_len == 16 && memcmp(r.msg, "Service startup.", 16) == 0);
	CHECK(attr_is(&r, "component", "SMS_EXECUTIVE"));
	CHECK(attr_is(&r, "date", "12-06-2026"));
	CHECK(attr_is(&r, "time", "13:45:02.123+300"));
	/* the thread's hex echo is left out */
	CHECK(attr_is(&r, "thread", "4312"));
	CHECK_INT(ds_cmtrace_next(OLD, n, &pos, &line, &r), 1);
	CHECK_INT(r.line, 2);
	CHECK_INT(r.lines, 2);
	static const char two[] = "Failed to open key, error 5\nretrying";
	CHECK(r.msg_len == sizeof two - 1 && memcmp(r.msg, two, sizeof two - 1) == 0);
	CHECK_INT(ds_cmtrace_next(OLD, n, &pos, &line, &r), 0);

	/* a record that never closes stops before the next one opens */
	static const char broken[] = "<![LOG[no end\nstill none\n<![LOG[ok]LOG]!><time=\"1:02:03\" date=\"1-2-2026\">\n\n";
	pos = 0;
	line = 1;
	n = strlen(broken);
	CHECK_INT(ds_cmtrace_next(broken, n, &pos, &line, &r), -1);
	CHECK_INT(r.line, 1);
	CHECK_INT(r.lines, 2);
	CHECK_INT(ds_cmtrace_next(broken, n, &pos, &line, &r), 1);
	CHECK_INT(r.line, 3);
	CHECK_INT(ds_cmtrace_next(broken, n, &pos, &line, &r), 0);
	/* a trailer that is not key="value" pairs, an old trailer without a time */
	static const char bad[] = "<![LOG[x]LOG]!><time=13:00:00>\nx $$<comp><thread=1>\n";
	pos = 0;
	line = 1;
	n = strlen(bad);
	CHECK_INT(ds_cmtrace_next(bad, n, &pos, &line, &r), -1);
	CHECK_INT(ds_cmtrace_next(bad, n, &pos, &line, &r), -1);
	CHECK_INT(ds_cmtrace_next(bad, n, &pos, &line, &r), 0);
}

static struct ll_table *load(const char *name, const char *text, const char *want)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	int rc = rt_load(rt_put(dir, name, text, strlen(text)), NULL, &t, &used, &e);
	CHECK_INT(rc, LL_OK);
	CHECK_STR(used, want);
	return rc == LL_OK ? t : NULL;
}

static void test_load(void)
{
	struct ll_table *t = load("ccm.log", MARKUP, "cmtrace");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_col_name(t, 0), "time");
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		int type = ll_table_find_column(t, "type"), ctx = ll_table_find_column(t, "context");
		int msg = ll_table_find_column(t, "message");
		CHECK(type > 0 && ll_table_col_type(t, (size_t)type) == LL_COL_NUM);
		CHECK(ctx > 0 && ll_table_col_type(t, (size_t)ctx) == LL_COL_TEXT);
		if (type > 0)
			CHECK_NEAR(ll_table_num(t, 1, (size_t)type), 3, 0);
		CHECK_NEAR(ll_table_num(t, 1, 0), ll_time_from_civil(2026, 12, 6, 12, 45, 4.010), 1e-6);
		/* the CRLF inside the message ends its line as LF does */
		if (msg > 0)
			CHECK_STR(ll_table_text(t, 1, (size_t)msg), "Failed to download content\nAccess is denied.\nWill retry");
		ll_table_free(t);
	}
	t = load("sms.log", OLD, "cmtrace");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(ll_table_ncols(t), 4);
		int thread = ll_table_find_column(t, "thread");
		CHECK(thread > 0 && ll_table_col_type(t, (size_t)thread) == LL_COL_NUM);
		ll_table_free(t);
	}
	/* junk between records: left out, said */
	struct ll_strbuf b = {0};
	ll_strbuf_puts(&b, "garbage before\n");
	ll_strbuf_puts(&b, MARKUP);
	ll_strbuf_puts(&b, "<![LOG[never closed\n");
	ll_strbuf_puts(&b, MARKUP);
	CHECK(!b.oom);
	t = load("junk.log", b.s, "cmtrace");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK(ll_test_has_note(t, "2 lines outside any record (first: line 1); left out"));
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
	/* prose that quotes one old-form line at its end is no such log */
	t = load("doc.txt",
		 "The old form looks like this,\nwith the message first and then\nthe trailer, as in\nthe line "
		 "below, which ends\nthis short note:\nx  $$<C><1-2-2026 01:02:03><thread=1>\n",
		 "lines");
	ll_table_free(t);
	/* forced on text of none: an error naming the file */
	struct ll_err e;
	const char *used;
	CHECK_INT(rt_load(rt_put(dir, "plain.log", "a\nb\n", 4), "cmtrace", &t, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "plain.log:1: no CMTrace record") != NULL);
}

static void test_hostile(void)
{
	/* a 1 MiB message */
	size_t big = 1 << 20;
	char *huge = malloc(big + 256);
	if (huge) {
		memcpy(huge, "<![LOG[", 7);
		memset(huge + 7, 'x', big);
		const char *tail = "]LOG]!><time=\"1:02:03\" date=\"1-2-2026\" thread=\"7\">\n";
		memcpy(huge + 7 + big, tail, strlen(tail) + 1);
		struct ll_table *t = load("huge.log", huge, "cmtrace");
		if (t) {
			CHECK_INT(strlen(ll_table_text(t, 0, 2)), big);
			ll_table_free(t);
		}
		free(huge);
	}
	/* a record that never ends over more lines than a record may have:
	 * no such log when detected, its lines left out when forced */
	struct ll_strbuf b = {0};
	ll_strbuf_puts(&b, "<![LOG[ok]LOG]!><time=\"1:02:03\" date=\"1-2-2026\">\n<![LOG[open\n");
	for (int i = 0; i < DS_RECORD_MAX_LINES + 5; i++)
		ll_strbuf_puts(&b, "more\n");
	CHECK(!b.oom);
	struct ll_table *t = load("endless.log", b.s, "lines");
	ll_table_free(t);
	struct ll_err e;
	const char *used;
	CHECK_INT(rt_load(rt_put(dir, "endless.log", b.s, b.len), "cmtrace", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK(ll_test_has_note(t, "10006 lines outside any record (first: line 2)"));
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
	/* binary junk after a record */
	static const char junk[] = "<![LOG[ok]LOG]!><time=\"1:02:03\" date=\"1-2-2026\">\n\x01\x02\xff\xfe]LOG]!><\n";
	CHECK_INT(rt_load(rt_put(dir, "bin.log", junk, sizeof junk - 1), "cmtrace", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		ll_table_free(t);
	}
}

static void test_mutants(void)
{
	static const char specials[] = "<>[]!\"=$ \n\r:+-";
	int count = getenv("LL_VALGRIND") ? 40 : 150;
	CHECK_INT(rt_mutants(dir, "markup", MARKUP, strlen(MARKUP), count, "cmtrace", specials, 2026), 0);
	CHECK_INT(rt_mutants(dir, "old", OLD, strlen(OLD), count, "cmtrace", specials, 2027), 0);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "cmtrace");
	test_time();
	test_next();
	test_load();
	test_hostile();
	test_mutants();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
