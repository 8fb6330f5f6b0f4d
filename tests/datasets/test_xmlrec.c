/*
 * test_xmlrec.c - XML documents of records read as tables (ds_xmlrec.c):
 * JUnit reports of one and of several suites (each test case a row with
 * its suite's values), Windows Event Viewer's export, CDATA, entities,
 * namespace prefixes, numbers and identifiers, a document of one record;
 * malformed and truncated XML refused by name; syslog lines that start
 * with '<' stay logs; records of thousands of values read in linear time.
 */
#include "harness.h"

#include "cell_at.h"

#include "ds_reader.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static char dir[256];

static struct ll_table *load(const char *name, const char *text, int *rc, struct ll_err *err)
{
	const char *path = ll_test_put_bytes(dir, name, text, strlen(text));
	struct ds_open_opts o = {.default_year = 2024};
	struct ll_table *t = NULL;
	*rc = ds_load(path, &o, &t, NULL, err);
	return t;
}

static long col(const struct ll_table *t, const char *name)
{
	return ll_table_find_column(t, name);
}

static void test_junit(void)
{
	const char *x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"5\">\n"
			"<testsuite name=\"api\" timestamp=\"2024-01-05T10:00:00\" hostname=\"ci-7\">\n"
			" <testcase classname=\"t.api\" name=\"get\" time=\"0.12\"/>\n"
			" <testcase classname=\"t.api\" name=\"post\" time=\"1.5\"><failure message=\"500 &amp; 200\" "
			"type=\"AssertionError\"><![CDATA[Traceback <here>\n  line 20]]></failure></testcase>\n"
			"</testsuite>\n<testsuite name=\"db\" timestamp=\"2024-01-05T10:01:00\" hostname=\"ci-8\">\n"
			" <testcase classname=\"t.db\" name=\"q\" time=\"2\"><error message=\"down\">db down</error></testcase>\n"
			" <testcase classname=\"t.db\" name=\"w\" time=\"0\"><skipped/></testcase>\n"
			" <testcase classname=\"t.db\" name=\"id\" time=\"0007\"/>\n"
			"</testsuite>\n</testsuites>\n";
	int rc;
	struct ll_err err;
	struct ll_table *t = load("report.xml", x, &rc, &err);
	if (rc != LL_OK)
		fprintf(stderr, "report.xml: %s\n", err.msg);
	CHECK_INT(rc, LL_OK);
	if (!t)
		return;
	CHECK_STR(ll_table_meta(t, "format"), "xml");
	CHECK_INT(ll_table_nrows(t), 5);
	CHECK_STR(text_at(t, 1, "failure.message"), "500 & 200");
	CHECK_STR(text_at(t, 1, "failure.text"), "Traceback <here>\n  line 20");
	CHECK_STR(text_at(t, 2, "testsuite.hostname"), "ci-8");
	CHECK_STR(text_at(t, 0, "testsuite.name"), "api");
	CHECK(col(t, "testsuites.tests") >= 0);
	CHECK_STR(text_at(t, 2, "error.text"), "db down");
	CHECK_INT(ll_table_col_type(t, (size_t)col(t, "testsuite.timestamp")), LL_COL_TIME);
	/* "0007" is an identifier, so the column is text */
	CHECK_INT(ll_table_col_type(t, (size_t)col(t, "time")), LL_COL_TEXT);
	CHECK(ll_test_has_note(t, "the records are the 5 <testcase> elements, each"));
	ll_table_free(t);
}

/* Many suites of many cases under their suites' stamps stay a row per case:
 * not pivoted as a series per case name. */
static void test_not_pivoted(void)
{
	char x[8192];
	size_t o = (size_t)snprintf(x, sizeof x, "<testsuites>");
	for (int s = 0; s < 4; s++) {
		o += (size_t)snprintf(x + o, sizeof x - o, "<testsuite name=\"s%d\" timestamp=\"2024-01-05T10:0%d:00\">", s, s);
		for (int c = 0; c < 6; c++)
			o += (size_t)snprintf(x + o, sizeof x - o, "<testcase name=\"t%d\" time=\"0.%d\"/>", c, c + 1);
		o += (size_t)snprintf(x + o, sizeof x - o, "</testsuite>");
	}
	snprintf(x + o, sizeof x - o, "</testsuites>");
	int rc;
	struct ll_err err;
	struct ll_table *t = load("many.xml", x, &rc, &err);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 24 && ll_table_ncols(t) == 4);
	ll_table_free(t);
}

/* Elements met as often: <error>s a <file> holds in lists are the rows
 * (a file with none too), a <UnitTestResult> is the row over its own
 * parts; an <Event>'s one <System> stays a part (test_events). */
static void test_ties(void)
{
	int rc;
	struct ll_err err;
	struct ll_table *t = load("checkstyle.xml",
				  "<checkstyle version=\"8.0\"><file name=\"a.js\"><error line=\"1\" severity=\"error\" "
				  "message=\"no var\"/><error line=\"7\" severity=\"warning\" message=\"semi\"/></file>"
				  "<file name=\"b.js\"><error line=\"3\" severity=\"error\" message=\"undef\"/></file>"
				  "<file name=\"c.js\"/></checkstyle>",
				  &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(text_at(t, 2, "file.name"), "b.js");
		CHECK_STR(text_at(t, 1, "message"), "semi");
		CHECK(ll_test_has_note(t, "the records are the 3 <error> elements"));
	}
	ll_table_free(t);
	t = load("run.trx",
		 "<TestRun name=\"r\"><Results><UnitTestResult testName=\"A.ok\" outcome=\"Passed\" "
		 "startTime=\"2024-01-05T10:00:01\"/><UnitTestResult testName=\"A.bad\" outcome=\"Failed\" "
		 "startTime=\"2024-01-05T10:00:02\"><Output><ErrorInfo><Message>boom</Message></ErrorInfo></Output>"
		 "</UnitTestResult></Results></TestRun>",
		 &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(text_at(t, 1, "Output.ErrorInfo.Message"), "boom");
		CHECK_STR(text_at(t, 0, "TestRun.name"), "r");
	}
	ll_table_free(t);
}

static void test_events(void)
{
	const char *x = "<Events>\n<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
			"<Provider Name='Disk'/><EventID Qualifiers='49156'>7</EventID><Level>2</Level>"
			"<TimeCreated SystemTime='2024-01-05T10:00:05.000Z'/><Computer>h1</Computer></System><EventData>"
			"<Data>\\Device\\Harddisk0</Data></EventData></Event>\n<Event xmlns='x'><System><Provider Name='SCM'/>"
			"<EventID>7036</EventID><Level>4</Level><TimeCreated SystemTime='2024-01-05T10:00:00.123Z'/>"
			"<Computer>h1</Computer></System><EventData><Data>Windows Update</Data></EventData></Event>\n"
			"<!-- a comment --></Events>\n";
	int rc;
	struct ll_err err;
	struct ll_table *t = load("events.xml", x, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "System.TimeCreated.SystemTime")), LL_COL_TIME);
		CHECK_STR(text_at(t, 0, "System.Provider.Name"), "Disk");
		CHECK(col(t, "xmlns") < 0);
		/* <EventID Qualifiers='49156'>7</EventID> beside <EventID>7036</EventID>:
		 * one EventID column, the qualifiers beside it */
		CHECK(col(t, "System.EventID.text") < 0 && col(t, "System.EventID.Qualifiers") >= 0);
		if (col(t, "System.EventID") >= 0) {
			CHECK(ll_table_num(t, 0, (size_t)col(t, "System.EventID")) == 7);
			CHECK(ll_table_num(t, 1, (size_t)col(t, "System.EventID")) == 7036);
		}
		CHECK(col(t, "System.EventID") >= 0);
		CHECK(ll_test_has_note(t, "the records are the 2 <Event> elements"));
	}
	ll_table_free(t);
	/* named values (<Data Name=...>) are the event's fields, not records
	 * of their own, however many an event has */
	const char *named = "<Events><Event><System><Provider Name='Security'/><EventID>4624</EventID></System>"
			    "<EventData><Data Name='User'>alice</Data><Data Name='Ip'>10.0.0.1</Data>"
			    "<Data Name='Empty'/></EventData></Event><Event><System><Provider Name='Security'/>"
			    "<EventID>4625</EventID></System><EventData><Data Name='User'>bob</Data>"
			    "<Data Name='Ip'>10.0.0.2</Data><Data Name='Empty'/></EventData></Event></Events>";
	t = load("named.xml", named, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(text_at(t, 1, "EventData.User"), "bob");
		CHECK_STR(text_at(t, 0, "EventData.Ip"), "10.0.0.1");
		CHECK_STR(text_at(t, 0, "System.Provider.Name"), "Security");
		CHECK(col(t, "EventData.Data.Name") < 0);
	}
	ll_table_free(t);
	/* a stream of elements with no document element (log4j's XML layout) */
	t = load("stream.xml", "<log4j:event logger=\"a.B\" timestamp=\"1704448800000\" level=\"ERROR\" thread=\"main\">"
			       "<log4j:message><![CDATA[disk full]]></log4j:message></log4j:event>\n<log4j:event "
			       "logger=\"a.C\" timestamp=\"1704448801000\" level=\"INFO\" thread=\"w-1\"><log4j:message>"
			       "ok</log4j:message></log4j:event>\n<log4j:event logger=\"a.B\" timestamp=\"1704448802000\" "
			       "level=\"WARN\" thread=\"w-2\"><log4j:message>slow</log4j:message></log4j:event>\n",
		 &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(text_at(t, 0, "message"), "disk full");
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "timestamp")), LL_COL_TIME);
	}
	ll_table_free(t);
	/* prefixes go; one element holding everything is one record */
	t = load("one.xml", "<a:config xmlns:a=\"u\"><a:name>x</a:name><a:size unit=\"MB\">12</a:size></a:config>", &rc,
		 &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK(col(t, "size.unit") >= 0 && col(t, "name") >= 0);
		CHECK(ll_test_has_note(t, "no element repeats over most of the document: one record"));
	}
	ll_table_free(t);
}

/* Blanks around a value on its own line are data (Windows pads an event's
 * LogonProcessName: "Advapi  "); blanks that run across lines are a
 * document's indentation and go; a number is a number, blanks or not. */
static void test_value_blanks(void)
{
	const char *x = "<Events>\n  <Event>\n    <EventData>\n      <Data Name='Process'>Advapi  </Data>\n"
			"      <Data Name='Access'>%%7688\n\t\t\t\t</Data>\n      <Data Name='Count'> 12 </Data>\n"
			"      <Data Name='Note'>\n        two words\n      </Data>\n"
			"      <Data Name='Pad'>\t lead</Data>\n    </EventData>\n  </Event>\n"
			"  <Event>\n    <EventData>\n      <Data Name='Process'>NtLmSsp </Data>\n"
			"      <Data Name='Access'>%%1537\n\t\t\t\t</Data>\n      <Data Name='Count'>7</Data>\n"
			"      <Data Name='Note'>one</Data>\n      <Data Name='Pad'>x</Data>\n    </EventData>\n"
			"  </Event>\n</Events>\n";
	int rc;
	struct ll_err err;
	struct ll_table *t = load("blanks.xml", x, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 2);
	CHECK_STR(text_at(t, 0, "EventData.Process"), "Advapi  ");
	CHECK_STR(text_at(t, 1, "EventData.Process"), "NtLmSsp ");
	CHECK_STR(text_at(t, 0, "EventData.Access"), "%%7688");
	CHECK_STR(text_at(t, 0, "EventData.Note"), "two words");
	CHECK_STR(text_at(t, 0, "EventData.Pad"), "\t lead");
	long count = col(t, "EventData.Count");
	CHECK(count >= 0);
	if (count >= 0) {
		CHECK_INT(ll_table_col_type(t, (size_t)count), LL_COL_NUM);
		CHECK(ll_table_num(t, 0, (size_t)count) == 12);
	}
	ll_table_free(t);
}

static void fails(const char *name, const char *text, const char *want)
{
	int rc;
	struct ll_err err;
	const char *path = ll_test_put_bytes(dir, name, text, strlen(text));
	struct ds_open_opts o = {.format = "xml", .default_year = 2024};
	struct ll_table *t = NULL;
	rc = ds_load(path, &o, &t, NULL, &err);
	CHECK_INT(rc, LL_EDATA);
	if (!strstr(err.msg, want))
		fprintf(stderr, "%s: `%s` lacks `%s`\n", name, err.msg, want);
	CHECK(strstr(err.msg, want) != NULL);
	ll_table_free(t);
}

static void test_bad(void)
{
	fails("cut.xml", "<Events><Event><A>1</A></Event><Event><A>2", "ends inside an element (truncated?)");
	fails("stray.xml", "</Event><Event/>", "a closing tag with no element open");
	fails("none.xml", "just text", "no element");
	/* nested deeper than records go: read, not a crash */
	char deep[4096];
	size_t o = 0;
	o += (size_t)snprintf(deep, sizeof deep, "<r>");
	for (int i = 0; i < 200; i++)
		o += (size_t)snprintf(deep + o, sizeof deep - o, "<d>");
	for (int i = 0; i < 200; i++)
		o += (size_t)snprintf(deep + o, sizeof deep - o, "</d>");
	snprintf(deep + o, sizeof deep - o, "<x>1</x><x>2</x></r>");
	int rc;
	struct ll_err err;
	struct ll_table *t = load("deep.xml", deep, &rc, &err);
	CHECK_INT(rc, LL_OK);
	ll_table_free(t);
	/* the memory limit, before any tree is built */
	setenv("LOGLAB_MEMORY_MAX", "64K", 1);
	char big[8192];
	o = (size_t)snprintf(big, sizeof big, "<r>");
	while (o + 32 < sizeof big)
		o += (size_t)snprintf(big + o, sizeof big - o, "<x a=\"1\">2</x>");
	snprintf(big + o, sizeof big - o, "</r>");
	t = load("big.xml", big, &rc, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "an XML document read whole needs") != NULL);
	unsetenv("LOGLAB_MEMORY_MAX");
	ll_table_free(t);
	/* a syslog line with a priority starts with '<' and stays a log */
	t = load("pri.log", "<34>1 2024-01-05T10:00:00Z host app 1234 ID47 - started\n"
			    "<34>1 2024-01-05T10:00:01Z host app 1234 ID47 - stopped\n",
		 &rc, &err);
	CHECK(rc == LL_OK && t && strcmp(ll_table_meta(t, "format"), "xml") != 0);
	ll_table_free(t);
}

/* Records of thousands of values: an event of named values (EventData's
 * <Data Name=...>), a record of distinct child elements with an attribute
 * each. Each member was looked up among all before it, and each named
 * value checked against every other: 16,000 named values in 6 events took
 * 20 s (0.3 s now), 8,000 elements in 6 records 2.3 s (0.2 s). Every value
 * at its record and column, at the start, middle and end. */
static char *wide_document(int named, size_t n, size_t records, size_t *len)
{
	size_t cap = records * (n * 48 + 128) + 64;
	char *x = malloc(cap);
	if (!x)
		return NULL;
	*len = (size_t)snprintf(x, cap, "<Events>\n");
	for (size_t r = 0; r < records; r++) {
		*len += (size_t)snprintf(x + *len, cap - *len, named ? "<Event><System><EventID>%zu</EventID></System><EventData>"
							      : "<Event>", 4600 + r);
		for (size_t i = 0; i < n; i++)
			*len += (size_t)snprintf(x + *len, cap - *len,
						 named ? "<Data Name=\"k%zu\">%zu</Data>" : "<f%zu u=\"%zu\">%zu</f%zu>", i,
						 named ? 7 * i + r : r, 7 * i + r, i);
		*len += (size_t)snprintf(x + *len, cap - *len, named ? "</EventData></Event>\n" : "</Event>\n");
	}
	*len += (size_t)snprintf(x + *len, cap - *len, "</Events>\n");
	return x;
}

static void test_wide_records(void)
{
	const size_t records = 6;
	for (int named = 1; named >= 0; named--) {
		/* a record of distinct elements makes two columns each, 16,384 at most */
		size_t n = getenv("LL_VALGRIND") ? 1500 : named ? 16000 : 8000, len = 0;
		char *x = wide_document(named, n, records, &len);
		CHECK(x != NULL);
		if (!x)
			return;
		int rc;
		struct ll_err err;
		struct ll_table *t = load(named ? "wide_named.xml" : "wide_elements.xml", x, &rc, &err);
		free(x);
		if (rc != LL_OK)
			fprintf(stderr, "wide XML: %s\n", err.msg);
		CHECK_INT(rc, LL_OK);
		if (!t)
			return;
		CHECK_INT(ll_table_nrows(t), records);
		CHECK_INT(ll_table_ncols(t), named ? n + 1 : 2 * n);
		size_t at[3] = {0, n / 2, n - 1}, rows[3] = {0, records / 2, records - 1};
		for (size_t a = 0; a < 3; a++)
			for (size_t b = 0; b < 3; b++) {
				char name[64];
				size_t i = at[a], r = rows[b];
				snprintf(name, sizeof name, named ? "EventData.k%zu" : "f%zu.text", i);
				CHECK_NEAR(num_at(t, r, name), (double)(7 * i + r), 0);
				if (named) {
					CHECK_NEAR(num_at(t, r, "System.EventID"), (double)(4600 + r), 0);
				} else {
					snprintf(name, sizeof name, "f%zu.u", i);
					CHECK_NEAR(num_at(t, r, name), (double)r, 0);
				}
			}
		ll_table_free(t);
	}
}

/* Records inside an element of thousands of attributes, which each record
 * takes as its context: each was looked up among the record's members,
 * all of the context's before it (12,000 in 16 records: 6.5 s; 0.3 s now).
 * The context and own values at the start, middle and end. */
static void test_wide_context(void)
{
	size_t n = getenv("LL_VALGRIND") ? 1200 : 12000, records = 16, own = n / records, cap = 32 * n + 256, len = 0;
	char *x = malloc(cap);
	CHECK(x != NULL);
	if (!x)
		return;
	len += (size_t)snprintf(x + len, cap - len, "<?xml version=\"1.0\"?>\n<suite");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(x + len, cap - len, " p%zu=\"%zu\"", i, i);
	len += (size_t)snprintf(x + len, cap - len, ">\n");
	for (size_t r = 0; r < records; r++) {
		len += (size_t)snprintf(x + len, cap - len, "<case");
		for (size_t j = 0; j < own; j++)
			len += (size_t)snprintf(x + len, cap - len, " a%zu=\"%zu\"", j, 100000 * r + j);
		len += (size_t)snprintf(x + len, cap - len, "/>\n");
	}
	snprintf(x + len, cap - len, "</suite>\n");
	int rc;
	struct ll_err err;
	struct ll_table *t = load("wide_context.xml", x, &rc, &err);
	free(x);
	if (rc != LL_OK)
		fprintf(stderr, "wide_context.xml: %s\n", err.msg);
	CHECK_INT(rc, LL_OK);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), records);
	CHECK_INT(ll_table_ncols(t), n + own);
	size_t rows[3] = {0, records / 2, records - 1};
	for (size_t b = 0; b < 3; b++) {
		size_t r = rows[b], at[3] = {0, n / 2, n - 1}, mine[3] = {0, own / 2, own - 1};
		for (size_t a = 0; a < 3; a++) {
			char name[64];
			snprintf(name, sizeof name, "suite.p%zu", at[a]);
			CHECK_NEAR(num_at(t, r, name), (double)at[a], 0);
			snprintf(name, sizeof name, "a%zu", mine[a]);
			CHECK_NEAR(num_at(t, r, name), (double)(100000 * r + mine[a]), 0);
		}
	}
	ll_table_free(t);
}

/* Records share their context's text unless one of their own values has a
 * name the context gives ("suite.p") or an element's name ("suite"): the
 * record's own value wins, and an element named like a nearer one's value
 * ("a.b" outside <a b=>) gives nothing, as before the text was shared.
 * Records of another chain of elements get that chain's values. */
static void test_context_clashes(void)
{
	const char *x = "<?xml version=\"1.0\"?>\n<report>\n<suite p=\"1\" q=\"2\">\n"
			"<case name=\"a\" suite.p=\"own\"/>\n<case name=\"b\"/>\n"
			"<case name=\"c\"><suite>mine</suite></case>\n</suite>\n"
			"<a.b z=\"9\"><a b=\"5\"><case name=\"d\"/></a></a.b>\n"
			"<a.b z=\"8\"><case name=\"e\"/></a.b>\n</report>\n";
	int rc;
	struct ll_err err;
	struct ll_table *t = load("clashes.xml", x, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 5);
	CHECK_INT(ll_table_ncols(t), 6);
	CHECK_STR(text_at(t, 0, "suite.p"), "own");
	CHECK_NEAR(num_at(t, 0, "suite.q"), 2, 0);
	CHECK_STR(text_at(t, 1, "suite.p"), "1");
	CHECK_NEAR(num_at(t, 1, "suite.q"), 2, 0);
	CHECK_STR(text_at(t, 2, "suite"), "mine");
	CHECK_STR(text_at(t, 2, "suite.p"), "");
	CHECK(isnan(num_at(t, 2, "suite.q")));
	CHECK_NEAR(num_at(t, 3, "a.b"), 5, 0);
	CHECK(isnan(num_at(t, 3, "a.b.z")));
	CHECK(isnan(num_at(t, 4, "a.b")));
	CHECK_NEAR(num_at(t, 4, "a.b.z"), 8, 0);
	ll_table_free(t);
}

/* A device report (nvidia-smi -q -x's shape): a few elements each holding
 * a long list of plain values (supported clocks) beside a device's many
 * readings are no records; one
 * device is one row, two devices two rows; records holding short lists
 * of plain values (tags) stay records. */
static char *device(char *out, size_t cap, const char *id, int mems, int clocks)
{
	size_t n = (size_t)snprintf(out, cap, "<gpu id=\"%s\"><product_name>Card</product_name><fan_speed>30 %%</fan_speed>"
				    "<temperature><gpu_temp>45 C</gpu_temp></temperature>", id);
	/* a device's readings outnumber its memory clocks, as a GPU's do */
	for (int k = 0; k < 30 && n < cap; k++)
		n += (size_t)snprintf(out + n, cap - n, "<reading_%d>%d W</reading_%d>", k, 10 + k, k);
	n += (size_t)snprintf(out + n, cap - n, "<supported_clocks>");
	for (int m = 0; m < mems && n < cap; m++) {
		n += (size_t)snprintf(out + n, cap - n, "<supported_mem_clock><value>%d MHz</value>", 9000 - m * 100);
		for (int g = 0; g < clocks && n < cap; g++)
			n += (size_t)snprintf(out + n, cap - n, "<supported_graphics_clock>%d MHz</supported_graphics_clock>",
					      2100 - g * 15);
		n += (size_t)snprintf(out + n, cap - n, "</supported_mem_clock>");
	}
	snprintf(out + n, cap - n, "</supported_clocks></gpu>");
	return out;
}

static void test_plain_lists(void)
{
	static char a[40000], b[40000], doc[90000];
	int rc;
	struct ll_err err;
	snprintf(doc, sizeof doc, "<?xml version=\"1.0\" ?><nvidia_smi_log><timestamp>Fri Aug  4 11:44:30 2023</timestamp>"
				  "<driver_version>535.54</driver_version><attached_gpus>1</attached_gpus>%s</nvidia_smi_log>",
		 device(a, sizeof a, "00000000:01:00.0", 4, 60));
	struct ll_table *t = load("smi1.xml", doc, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK_STR(text_at(t, 0, "gpu.id"), "00000000:01:00.0");
		CHECK(col(t, "gpu.supported_clocks.supported_mem_clock.3.value") >= 0);
		CHECK(ll_test_has_note(t, "no element repeats over most of the document: one record"));
	}
	ll_table_free(t);
	snprintf(doc, sizeof doc, "<nvidia_smi_log><driver_version>535.54</driver_version><attached_gpus>2</attached_gpus>"
				  "%s%s</nvidia_smi_log>",
		 device(a, sizeof a, "00000000:01:00.0", 4, 60), device(b, sizeof b, "00000000:02:00.0", 4, 60));
	t = load("smi2.xml", doc, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(text_at(t, 1, "id"), "00000000:02:00.0");
		CHECK(col(t, "nvidia_smi_log.driver_version") >= 0);
	}
	ll_table_free(t);
	t = load("books.xml",
		 "<catalog><book><title>A</title><tag>x</tag><tag>y</tag></book><book><title>B</title><tag>z</tag>"
		 "</book><book><title>C</title><tag>x</tag><tag>w</tag><tag>v</tag></book></catalog>",
		 &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(text_at(t, 2, "title"), "C");
	}
	ll_table_free(t);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "xmlrec");
	test_junit();
	test_not_pivoted();
	test_ties();
	test_events();
	test_bad();
	test_wide_records();
	test_wide_context();
	test_context_clashes();
	test_plain_lists();
	test_value_blanks();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
