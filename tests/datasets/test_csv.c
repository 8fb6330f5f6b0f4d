/*
 * test_csv.c - the CSV family on small files written by the test itself:
 * RFC 4180 quoting, delimiter and header detection, types, missing cells,
 * ragged rows, errors, and the dstat/smd/nab readers' edge cases; 1,280
 * sadf -d parts of their own metrics joined on time.
 */
#include "harness.h"
#include "ds_csv.h"

#include "ds_reader.h"
#include "ll_time.h"

#include <sys/mman.h>
#include <unistd.h>

static char dir[256];

/* Writes content (n bytes) to dir/name; returns the path (static buffer). */
static const char *put(const char *name, const char *content, size_t n)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(99);
	}
	fwrite(content, 1, n, f);
	fclose(f);
	return path;
}
#define PUT(name, lit) put(name, lit, sizeof lit - 1)

static int load(const char *path, const char *format, struct ll_table **t, const char **used, struct ll_err *e)
{
	struct ds_open_opts o = {0};
	o.format = format;
	o.default_year = 2016;
	const struct ds_reader *r = NULL;
	ll_err_clear(e);
	*t = NULL;
	int rc = ds_load(path, &o, t, &r, e);
	if (used)
		*used = r ? r->name : "";
	return rc;
}

static void text_is(const struct ll_table *t, size_t row, size_t col, const char *want)
{
	char buf[256];
	ll_table_format_cell(t, row, col, buf, sizeof buf);
	CHECK_STR(buf, want);
}

static void test_quotes(void)
{
	/* Quoted delimiter, doubled quotes, a newline inside quotes, CRLF
	 * endings, and no newline at the end. */
	const char *p = PUT("q.csv", "name,note,n\r\n"
				     "\"a,b\",\"say \"\"hi\"\"\",1\r\n"
				     "plain,\"two\r\nlines\",2\r\n"
				     "\"\",\"\"\"\",3");
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (!t)
		return;
	CHECK_STR(used, "csv");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(ll_table_ncols(t), 3);
	CHECK_STR(ll_table_col_name(t, 0), "name");
	CHECK_INT(ll_table_col_type(t, 0), LL_COL_TEXT);
	CHECK_INT(ll_table_col_type(t, 2), LL_COL_NUM);
	CHECK_STR(ll_table_text(t, 0, 0), "a,b");
	CHECK_STR(ll_table_text(t, 0, 1), "say \"hi\"");
	CHECK_STR(ll_table_text(t, 1, 1), "two\r\nlines");
	CHECK_STR(ll_table_text(t, 2, 0), "");
	CHECK_STR(ll_table_text(t, 2, 1), "\"");
	CHECK_NEAR(ll_table_num(t, 2, 2), 3, 0);
	CHECK_INT(ll_table_nnotes(t), 0);
	ll_table_free(t);

	/* LF endings and a final newline give the same table. */
	p = PUT("q2.csv", "name,n\n\"x\ny\",1\nz,2\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_text(t, 0, 0), "x\ny");
		CHECK_NEAR(ll_table_num(t, 1, 1), 2, 0);
	}
	ll_table_free(t);

	/* A quote that never closes (an inch mark, an export cut short) is a
	 * character of its cell: the table is still a table, detected or
	 * named, its numbers still numbers, and a note says where. */
	p = PUT("open.csv", "a,b\n1,2\n3,\"unfinished\n4,5\n");
	for (int named = 0; named <= 1; named++) {
		used = NULL;
		CHECK_INT(load(p, named ? "csv" : NULL, &t, named ? NULL : &used, &e), LL_OK);
		CHECK(named || (used && strcmp(used, "csv") == 0));
		CHECK(t && ll_table_nrows(t) == 3);
		if (t) {
			CHECK_STR(ll_table_text(t, 1, 1), "\"unfinished");
			CHECK_STR(ll_table_text(t, 2, 1), "5");
			CHECK_NEAR(ll_table_num(t, 2, 0), 4, 0);
			CHECK(ll_table_nnotes(t) >= 1 && strstr(ll_table_note_text(t, 0), "open.csv: 1 quote") != NULL);
			CHECK(strstr(ll_table_note_text(t, 0), "(first: line 3)") != NULL);
		}
		ll_table_free(t);
	}
}

static void test_header_detection(void)
{
	struct ll_table *t;
	struct ll_err e;
	/* numeric body, text first row: header */
	const char *p = PUT("h1.csv", "alpha,beta\n1,2\n3,4\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_col_name(t, 1), "beta");
		CHECK_NEAR(ll_table_num(t, 0, 0), 1, 0);
	}
	ll_table_free(t);
	/* all numeric: no header, names col1.. and the first row is data */
	p = PUT("h2.csv", "1,2\n3,4\n5,6\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_col_name(t, 0), "col1");
		CHECK_STR(ll_table_col_name(t, 1), "col2");
		CHECK_NEAR(ll_table_num(t, 0, 0), 1, 0);
		CHECK_NEAR(ll_table_num(t, 2, 1), 6, 0);
	}
	ll_table_free(t);
	/* all text, unique names: header */
	p = PUT("h3.csv", "host,state\nweb1,up\nweb2,down\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_col_name(t, 0), "host");
		CHECK_STR(ll_table_text(t, 1, 1), "down");
	}
	ll_table_free(t);
	/* all text, repeated cell in the first row: not names */
	p = PUT("h4.csv", "up,up\nweb2,down\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_col_name(t, 0), "col1");
		CHECK_STR(ll_table_text(t, 0, 1), "up");
	}
	ll_table_free(t);
	/* mixed first row over a numeric body: mostly non-numeric → header,
	 * with the empty and duplicate names made unique */
	p = PUT("h5.csv", "x,,x,7\n1,2,3,4\n5,6,7,8\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_col_name(t, 0), "x");
		CHECK_STR(ll_table_col_name(t, 1), "col2");
		CHECK_STR(ll_table_col_name(t, 2), "x_2");
		CHECK_STR(ll_table_col_name(t, 3), "7");
	}
	ll_table_free(t);
	/* a first row with one text cell of four over numbers: data */
	p = PUT("h6.csv", "a,1,2,3\n1,2,3,4\n5,6,7,8\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TEXT);
		CHECK_STR(ll_table_text(t, 0, 0), "a");
	}
	ll_table_free(t);
}

static void test_delimiters_and_types(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *p = PUT("semi.csv", "when;value;host\n2015-07-10 14:24:00;1,5;a\n2015-07-10 14:25:00;2;b\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 3);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 1, 0), ll_time_from_civil(2015, 7, 10, 14, 25, 0), 1e-6);
		/* cells split at ';' may write a decimal comma: "1,5" is 1.5 */
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, 1), 1.5, 0);
		CHECK_NEAR(ll_table_num(t, 1, 1), 2, 0);
	}
	ll_table_free(t);
	/* ... with '.' between groups of three before it (the export's
	 * thousands), but not two commas, a comma without digits on both
	 * sides, a '.' after it, or a comma in a ','-split cell */
	p = PUT("semi2.csv", "a;b;c;d;e;f\n-12,75;1.234,5;1,2,3;,5;x;1,5.2\n0,5;7;8;9;y;1\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, 0), -12.75, 1e-12);
		CHECK_NEAR(ll_table_num(t, 1, 0), 0.5, 0);
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, 1), 1234.5, 0);
		for (size_t c = 2; c <= 5; c++)
			CHECK_INT(ll_table_col_type(t, c), LL_COL_TEXT);
	}
	ll_table_free(t);
	/* no header, a timestamp first: a table, not a log whose message
	 * starts with a comma (the blank inside a stamp is no free text) */
	p = PUT("nohead.csv", "2025-12-30 23:35:26,6.2,59.72,1\n2025-12-30 23:39:00,4.7,60.04,1\n"
			      "2025-12-30 23:42:00,5.1,61.00,2\n");
	const char *used = NULL;
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_ncols(t), 4);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 0, 0), 1767137726, 0);
		CHECK_NEAR(ll_table_num(t, 2, 1), 5.1, 1e-12);
	}
	ll_table_free(t);
	double v = 0;
	CHECK_INT(ds_csv_number("1,5", 3, ',', &v), 0);
	CHECK_INT(ds_csv_number("1,5", 3, '\t', &v), 1);
	CHECK_NEAR(v, 1.5, 0);
	CHECK_INT(ds_csv_number("3.25", 4, ',', &v), 1);
	CHECK_NEAR(v, 3.25, 0);
	CHECK_INT(ds_csv_number("1,", 2, ';', &v), 0);
	CHECK_INT(ds_csv_number("a,5", 3, ';', &v), 0);
	/* a European export's thousands: '.' between groups of three before
	 * the decimal comma */
	CHECK_INT(ds_csv_number("1.234,5", 7, ';', &v), 1);
	CHECK_NEAR(v, 1234.5, 0);
	CHECK_INT(ds_csv_number("-12.345.678,25", 14, ';', &v), 1);
	CHECK_NEAR(v, -12345678.25, 0);
	CHECK_INT(ds_csv_number("1.23,5", 6, ';', &v), 0);
	CHECK_INT(ds_csv_number("1234.567,5", 10, ';', &v), 0);
	CHECK_INT(ds_csv_number(".234,5", 6, ';', &v), 0);
	CHECK_INT(ds_csv_number("1,5.2", 5, ';', &v), 0);
	p = PUT("tab.tsv", "a\tb\tc\n1\t2\tx\n3\t4\ty\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 3);
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_NEAR(ll_table_num(t, 1, 1), 4, 0);
		CHECK_STR(ll_table_text(t, 1, 2), "y");
	}
	ll_table_free(t);
	p = PUT("pipe.csv", "a|b\n1|2\n3|4\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 2);
		CHECK_NEAR(ll_table_num(t, 1, 1), 4, 0);
	}
	ll_table_free(t);
	/* Missing values: empty, NaN, nan, NA, null. Epoch seconds in a column
	 * named "timestamp" are times. */
	p = PUT("miss.csv", "timestamp,v,w\n1436538240,1.5,a\n1436538300,,NA\n1436538360,NaN,null\n1436538420,nan,b\n"
			    "1436538480,null,\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 5);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_NUM);
		CHECK_INT(ll_table_col_type(t, 2), LL_COL_TEXT);
		CHECK_NEAR(ll_table_num(t, 0, 1), 1.5, 0);
		for (size_t r = 1; r < 5; r++)
			CHECK(isnan(ll_table_num(t, r, 1)));
		CHECK_STR(ll_table_text(t, 1, 2), "");
		CHECK_STR(ll_table_text(t, 2, 2), "");
		CHECK_STR(ll_table_text(t, 3, 2), "b");
		text_is(t, 0, 0, "2015-07-10 14:24:00");
	}
	ll_table_free(t);
}

static void test_labels(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *p = PUT("lab.csv", "x,Label\n1,ok\n2,bad\n3,ok\n4,\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_STR(ll_table_class_name(t, 0), "ok");
		CHECK_STR(ll_table_class_name(t, 1), "bad");
		CHECK_INT(ll_table_label(t, 1), 1);
		CHECK_INT(ll_table_label(t, 3), LL_NO_LABEL);
		CHECK_STR(ll_table_text(t, 1, 1), "bad");
	}
	ll_table_free(t);
	p = PUT("y.csv", "a,b,y\n0.5,1,0\n0.7,2,1\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_STR(ll_table_class_name(t, 1), "1");
		CHECK_INT(ll_table_label(t, 1), 1);
		/* kept to show, marked so that no feature is made of it */
		CHECK_INT(ll_table_label_source(t), 2);
	}
	ll_table_free(t);
	/* a label column by another name: "csv:label=NAME" (a dataset's
	 * label_column), any case; the named column wins over "label" */
	p = PUT("ev.csv", "t,cpu,Event,label\n1,0.5,ok,z\n2,0.9,fault,z\n3,0.4,ok,z\n");
	CHECK_INT(load(p, "csv:label=event", &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_STR(ll_table_class_name(t, 1), "fault");
		CHECK_INT(ll_table_label(t, 1), 1);
		CHECK_INT(ll_table_label_source(t), 2);
	}
	ll_table_free(t);
	CHECK_INT(load(p, "auto:label=cpu", &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nclasses(t), 3);
		CHECK_INT(ll_table_label_source(t), 1);
	}
	ll_table_free(t);
	/* a name the table does not have: the error names the file, the name
	 * and the columns there are */
	CHECK_INT(load(p, "csv:label=kind", &t, NULL, &e), LL_EDATA);
	CHECK(t == NULL);
	CHECK(strstr(e.msg, "ev.csv") && strstr(e.msg, "\"kind\"") && strstr(e.msg, "t, cpu, Event, label"));
	/* header-less: the generated names */
	p = PUT("nohead.csv", "1,0.5,a\n2,0.7,b\n3,0.2,a\n");
	CHECK_INT(load(p, "csv:label=col3", &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_INT(ll_table_label_source(t), 2);
	}
	ll_table_free(t);
	/* the parsing of such format names */
	char buf[16];
	const char *col;
	CHECK_STR(ds_format_label_column("jsonl:label=kind", buf, sizeof buf, &col), "jsonl");
	CHECK_STR(col, "kind");
	CHECK(ds_format_label_column("auto:label=kind", buf, sizeof buf, &col) == NULL && col && !strcmp(col, "kind"));
	CHECK(ds_format_label_column("log:<time> :label=x", buf, sizeof buf, &col) == NULL && col == NULL);
	CHECK(ds_format_label_column("csv", buf, sizeof buf, &col) == NULL && col == NULL);
	CHECK(ds_reader_find("csv:label=x") == ds_reader_find("csv"));
	CHECK(ds_reader_find("auto:label=x") == NULL);
	/* what --format accepts: a reader, or detection with options */
	CHECK_INT(ds_format_known("csv"), 1);
	CHECK_INT(ds_format_known("csv:label=x"), 1);
	CHECK_INT(ds_format_known("auto:label=x"), 1);
	CHECK_INT(ds_format_known("auto:entity=none"), 1);
	CHECK_INT(ds_format_known("auto:label=x:entity=host"), 1);
	CHECK_INT(ds_format_known("csv:entity=host,metric"), 1);
	CHECK_INT(ds_format_known("auto"), 0);
	CHECK_INT(ds_format_known("nosuch"), 0);
	CHECK_INT(ds_format_known("nosuch:label=x"), 0);
	CHECK_INT(ds_format_known("nosuch:entity=none"), 0);
	CHECK_INT(ds_format_known(""), 0);
	CHECK_INT(ds_format_known(NULL), 0);
	/* column names that say time: a clock's, or ending in one's word */
	CHECK_INT(ds_csv_time_name("Timestamp"), 1);
	CHECK_INT(ds_csv_time_name("__REALTIME_TIMESTAMP"), 1);
	/* clocks counted from boot: durations, not dates */
	CHECK_INT(ds_csv_time_name("__MONOTONIC_TIMESTAMP"), 0);
	CHECK_INT(ds_csv_time_name("_SOURCE_MONOTONIC_TIMESTAMP"), 0);
	CHECK_INT(ds_csv_time_name("uptime_ts"), 0);
	CHECK_INT(ds_csv_time_name("event_time"), 1);
	CHECK_INT(ds_csv_time_name("start-ts"), 1);
	CHECK_INT(ds_csv_time_name("metrics/ts"), 1);
	CHECK_INT(ds_csv_time_name("timestamps"), 0);
	CHECK_INT(ds_csv_time_name("time_taken"), 0);
	CHECK_INT(ds_csv_time_name("user_id"), 0);
	/* words where a small letter meets a capital, units after the clock */
	CHECK_INT(ds_csv_time_name("startTime"), 1);
	CHECK_INT(ds_csv_time_name("timeUnixNano"), 1);
	CHECK_INT(ds_csv_time_name("observedTimeUnixNano"), 1);
	CHECK_INT(ds_csv_time_name("event_ts_ms"), 1);
	CHECK_INT(ds_csv_time_name("createdTimestampSec"), 1);
	CHECK_INT(ds_csv_time_name("timeTaken"), 0);
	CHECK_INT(ds_csv_time_name("TimeStamp"), 1); /* a clock's name, whatever its case */
	CHECK_INT(ds_csv_time_name("timeMs"), 1);
	CHECK_INT(ds_csv_time_name("uptimeMs"), 0);
	CHECK_INT(ds_csv_time_name("bootTimeUptimeTs"), 0);
	/* "epoch" and its unit: Java's Instant as JSON (log4j2's layout) */
	CHECK_INT(ds_csv_time_name("instant.epochSecond"), 1);
	CHECK_INT(ds_csv_time_name("epoch_millis"), 1);
	CHECK_INT(ds_csv_time_name("instant.nanoOfSecond"), 0);
	CHECK_INT(ds_csv_time_name("epoch_count"), 0);
	CHECK_INT(ds_csv_time_name("nanos"), 0);
	CHECK_INT(ds_csv_time_name("UNIX_TIME"), 1);
	/* names of when a record was made or changed: times when their
	 * numbers are epochs of recent years, not clocks' names */
	/* "t" alone, a research export's clock (its values decide, the caller's) */
	CHECK_INT(ds_csv_bare_clock_name("t"), 1);
	CHECK_INT(ds_csv_bare_clock_name("T"), 1);
	CHECK_INT(ds_csv_bare_clock_name("trace/t"), 1);
	CHECK_INT(ds_csv_bare_clock_name("tt"), 0);
	CHECK_INT(ds_csv_bare_clock_name("t_max"), 0);
	CHECK_INT(ds_csv_bare_clock_name(""), 0);
	CHECK_INT(ds_csv_event_name("created"), 1);
	CHECK_INT(ds_csv_event_name("Created"), 1);
	CHECK_INT(ds_csv_event_name("updated_at"), 1);
	CHECK_INT(ds_csv_event_name("lastSeenAt"), 1);
	CHECK_INT(ds_csv_event_name("date_modified"), 1);
	CHECK_INT(ds_csv_event_name("at"), 0);
	CHECK_INT(ds_csv_event_name("format"), 0);
	CHECK_INT(ds_csv_event_name("created_by"), 0);
	CHECK_INT(ds_csv_event_name("start"), 1);
	CHECK_INT(ds_csv_event_name("job_end"), 1);
	CHECK_INT(ds_csv_event_name("finishedAt"), 1);
	CHECK_INT(ds_csv_event_name("weekend"), 0);
	CHECK_INT(ds_csv_event_name("start_offset"), 0);
	CHECK_INT(ds_csv_time_name("created"), 0);
	double when;
	CHECK_INT(ds_csv_event_epoch(1710408411, &when), 1);
	CHECK_NEAR(when, 1710408411, 0);
	CHECK_INT(ds_csv_event_epoch(1710408411225.0, &when), 1);
	CHECK_NEAR(when, 1710408411.225, 1e-6);
	CHECK_INT(ds_csv_event_epoch(5, &when), 0);
	CHECK_INT(ds_csv_event_epoch(123456789, &when), 0); /* 1973 */
}

static void test_ragged_and_odd(void)
{
	struct ll_table *t;
	struct ll_err e;
	char want[600];
	/* Ragged rows: not a table, so every line is a row of a log; read as
	 * CSV, a row longer than the header is a data error (its cells would be
	 * lost), naming its line. */
	const char *p = PUT("rag.csv", "a,b,c,d,e\n1,2,3,4,5\n1,2\n\n1,2,3,4,5,6,7\n1\n1,2,3,4,5,6\n9,9,9,9,9");
	const char *used = NULL;
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(used && strcmp(used, "csv") != 0);
	CHECK(t && ll_table_nrows(t) == 8);
	ll_table_free(t);
	CHECK_INT(load(p, "csv", &t, NULL, &e), LL_EDATA);
	CHECK(t == NULL);
	snprintf(want, sizeof want, "%s:5: 7 fields where the table has 5", p);
	CHECK(strncmp(e.msg, want, strlen(want)) == 0);
	/* Short rows lose nothing: read as CSV they are padded, with a note. */
	p = PUT("short.csv", "a,b,c,d,e\n1,2,3,4,5\n1,2\n\n1\n9,9,9,9,9");
	CHECK_INT(load(p, "csv", &t, NULL, &e), LL_OK);
	if (t) {
		/* blank line 4 is skipped; rows on lines 2,3,5,6 */
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_INT(ll_table_nnotes(t), 1);
		snprintf(want, sizeof want, "%s: 2 rows have fewer than 5 fields (first: line 3); missing cells left empty",
			 p);
		CHECK_STR(ll_table_note_text(t, 0), want);
		CHECK(isnan(ll_table_num(t, 1, 2)));
		CHECK_NEAR(ll_table_num(t, 3, 4), 9, 0);
	}
	ll_table_free(t);

	/* Empty file: an empty table with a note, not a failure. */
	p = PUT("empty.csv", "");
	CHECK_INT(load(p, "csv", &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 0);
		CHECK_INT(ll_table_ncols(t), 0);
		CHECK(ll_table_nnotes(t) == 1 && strstr(ll_table_note_text(t, 0), "empty") != NULL);
	}
	ll_table_free(t);

	/* A header only. */
	p = PUT("hdr.csv", "a,b,c");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 0);
		CHECK_INT(ll_table_ncols(t), 3);
	}
	ll_table_free(t);

	/* One line whose first cell is a stamp and more is a log's record cut
	 * at its fraction's comma, not a header without rows; a row of data
	 * alone, date and number, stays a table's. */
	p = PUT("one.log", "2024-04-04T20:30:55.424+02:00 source=k8s-node-1 2024-04-04 18:30:54,422 [myid:] - INFO "
			   "[nioEventLoopGroup-4-1:o.a.z.s.NettyServerCnxn@294] - Processing srvr command\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "log");
	if (t)
		CHECK_INT(ll_table_nrows(t), 1);
	ll_table_free(t);
	p = PUT("one.csv", "2024-01-01,3\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	ll_table_free(t);

	/* A stamp whose comma fraction is followed by UTC's 'Z' splits each
	 * line as consistently (a compose prefix before it): a log. */
	p = PUT("zfrac.log", "svc    | 2024-04-06T09:13:34,820Z [exec-5] WARN  a.b.Auth - attempt from [10.0.0.1, "
			     "10.0.0.2] for user \"u1\" failed.\n"
			     "svc    | 2024-04-06T09:13:38,651Z [exec-7] WARN  a.b.Auth - attempt from [10.0.0.1, "
			     "10.0.0.2] for user \"u2\" failed.\n"
			     "svc    | 2024-04-06T09:13:43,310Z [exec-9] WARN  a.b.Auth - attempt from [10.0.0.1, "
			     "10.0.0.2] for user \"u3\" failed.\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "log");
	ll_table_free(t);
	/* Commas inside brackets on every line are a log's lists, not a
	 * table's separators (a table quotes such a cell) ... */
	p = PUT("brackets.log", "Auth: [SMB2,(null)] user [W]\\[root] at [Thu, 14 Oct 2021 15:24:12.023984 UTC] "
				"status [DENIED] remote [ipv4:10.0.0.1:44890]\n"
				"Auth: [SMB2,(null)] user [W]\\[admin] at [Thu, 14 Oct 2021 15:24:16.248504 UTC] "
				"status [WRONG] remote [ipv4:10.0.0.1:44896]\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "log");
	ll_table_free(t);
	/* ... but quoted cells may hold them */
	p = PUT("quoted.csv", "name,note,n\na,\"x (1, 2)\",1\nb,\"[3, 4]\",2\nc,\"{5, 6}\",3\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	if (t)
		CHECK_INT(ll_table_nrows(t), 3);
	ll_table_free(t);

	/* Text after a closing quote is kept and noted once. */
	p = PUT("stray.csv", "a,b\n\"x\"y,1\n\"p\"q,2\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_STR(ll_table_text(t, 0, 0), "xy");
		CHECK_INT(ll_table_nnotes(t), 1);
		snprintf(want, sizeof want, "%s: 2 fields have text after a closing quote (first: line 2)", p);
		CHECK(strncmp(ll_table_note_text(t, 0), want, strlen(want)) == 0);
	}
	ll_table_free(t);

	/* A huge line of commas is refused with its line number; a long line
	 * without delimiters is one cell. */
	size_t big = 300000;
	char *line = malloc(big + 16);
	if (line) {
		memcpy(line, "a,b\n", 4);
		memset(line + 4, ',', big);
		line[4 + big] = '\n';
		p = put("commas.csv", line, big + 5);
		CHECK_INT(load(p, "csv", &t, NULL, &e), LL_EDATA);
		CHECK(strstr(e.msg, "commas.csv:2: more than 100000 fields") != NULL);
		memset(line, 'z', big);
		p = put("long.csv", line, big);
		CHECK_INT(load(p, "csv", &t, NULL, &e), LL_OK);
		if (t) {
			/* one unique non-numeric cell: by the rules, a header */
			CHECK_INT(ll_table_nrows(t), 0);
			CHECK_INT(ll_table_ncols(t), 1);
			CHECK_INT(strlen(ll_table_col_name(t, 0)), big);
		}
		ll_table_free(t);
		free(line);
	}

	/* Names made unique even when a made-up name is taken. */
	p = PUT("dups.csv", "x,x,x_2,x\n1,2,3,4\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 4);
		for (size_t a = 0; a < 4; a++)
			for (size_t b = a + 1; b < 4; b++)
				CHECK(strcmp(ll_table_col_name(t, a), ll_table_col_name(t, b)) != 0);
		CHECK_STR(ll_table_col_name(t, 0), "x");
	}
	ll_table_free(t);

	/* Binary junk forced through the csv reader: a table or an error, no crash. */
	char junk[4096];
	unsigned s = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		s = s * 1103515245u + 12345u;
		junk[i] = (char)(s >> 16);
	}
	p = put("junk.bin", junk, sizeof junk);
	int rc = load(p, "csv", &t, NULL, &e);
	CHECK(rc == LL_OK || rc == LL_EDATA);
	ll_table_free(t);
}

/* A numeric column that turns to text after the type sample is read again as
 * text, with a note naming the line. */
static void test_late_text(void)
{
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return;
	n += (size_t)snprintf(buf + n, cap - n, "id,v\n");
	for (int i = 0; i < 3000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%d,%s\n", i, i == 2500 ? "oops" : "1.25");
	const char *p = put("late.csv", buf, n);
	free(buf);
	struct ll_table *t;
	struct ll_err e;
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3000);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_NUM);
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_TEXT);
		CHECK_STR(ll_table_text(t, 2500, 1), "oops");
		CHECK_STR(ll_table_text(t, 2999, 1), "1.25");
		/* the late text's note, and the row numbers' (ds_rownames.h) */
		CHECK_INT(ll_table_nnotes(t), 2);
		/* data row 2500 is on line 2502 (header is line 1) */
		CHECK(strstr(ll_table_note_text(t, 0), "column 'v' has text from line 2502") != NULL);
		CHECK(strstr(ll_table_note_text(t, 1), "column 'id' numbers the rows (0 to 2999") != NULL);
	}
	ll_table_free(t);
}

static void test_dstat_edge(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	/* dstat's default time column ("dd-mm hh:mm:ss", no year) under a
	 * "system" group, unquoted header rows, and a quote left open at the end
	 * of a preamble line. */
	const char *p = PUT("run.csv", "\"Dstat 0.7.3 CSV output\"\n"
				       "\"Author:\",\"someone <x@y>\n"
				       "\n"
				       "system,total cpu usage,,net/total,\n"
				       "time,usr,sys,recv,send\n"
				       "05-10 22:11:42,1.0,2.0,100,200\n"
				       "05-10 22:11:43,3.0,4.0,,300\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "dstat");
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(ll_table_ncols(t), 5);
		CHECK_STR(ll_table_col_name(t, 0), "system/time");
		CHECK_STR(ll_table_col_name(t, 2), "total cpu usage/sys");
		CHECK_STR(ll_table_col_name(t, 4), "net/total/send");
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		/* the year comes from opts->default_year (2016 here) */
		CHECK_NEAR(ll_table_num(t, 0, 0), ll_time_from_civil(2016, 10, 5, 22, 11, 42), 1e-6);
		CHECK(isnan(ll_table_num(t, 1, 3)));
		CHECK_INT(ll_table_nnotes(t), 1);
		char want[600];
		snprintf(want, sizeof want, "%s:2: broken quote", p);
		CHECK(strncmp(ll_table_note_text(t, 0), want, strlen(want)) == 0);
	}
	ll_table_free(t);
	/* The same file through the generic reader: the open quote is in the
	 * preamble, which is left out; the rows are read under their header. */
	CHECK_INT(load(p, "csv", &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_col_name(t, 1), "usr");
		CHECK_NEAR(ll_table_num(t, 1, 4), 300, 0);
	}
	ll_table_free(t);
}

/* A log whose fields are set apart by tabs, a stamp first and a context
 * object on some lines (zap's console lines): no line is a header of
 * names above a preamble, for a time is no name; every line a row. */
static void test_tabbed_log_no_preamble(void)
{
	const char *p = PUT("zap.log",
			    "2020-08-19T01:20:14.540Z\tdebug\tserver\traft/raft.go:250\tdebug by\t{\"id\": 194}\n"
			    "2020-08-19T01:20:19.089Z\terror\tserver\tserver/kube.go:456\t2024-02-29 Reached\n"
			    "2020-08-19T01:20:21.569Z\tdebug\thttp.handler\tserver/x.go:658\tstarted\t{\"id\": 428}\n"
			    "2020-08-19T01:20:22.001Z\tinfo\tserver\tserver/x.go:12\tqueue ok\t{\"id\": 7}\n"
			    "2020-08-19T01:20:23.101Z\tinfo\traft\traft/raft.go:33\tlock\t{\"id\": 9}\n"
			    "2020-08-19T01:20:24.202Z\twarn\tserver\tserver/x.go:13\tdisk full\n"
			    "2020-08-19T01:20:25.303Z\tinfo\tserver\tserver/x.go:14\tdone\n"
			    "2020-08-19T01:20:26.404Z\tinfo\traft\traft/raft.go:35\tok\n"
			    "2020-08-19T01:20:27.505Z\tinfo\tserver\tserver/x.go:15\tretrying\n"
			    "2020-08-19T01:20:28.606Z\terror\tserver\tserver/x.go:16\tfailed\n"
			    "2020-08-19T01:20:29.707Z\tinfo\tserver\tserver/x.go:17\twaiting\n"
			    "2020-08-19T01:20:30.808Z\tinfo\tserver\tserver/x.go:18\tready\n");
	struct ll_table *t = NULL;
	struct ll_err e;
	const char *used = NULL;
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(t && ll_table_nrows(t) == 12);
	ll_table_free(t);
}

/* JSON Lines records split at their commas can pass for dstat's two
 * header rows (a value empty, a key repeated): three records a generator
 * of random ones wrote (tests/datasets/tables_python.py, seed 10) are
 * JSON Lines, not dstat. */
static void test_json_not_dstat(void)
{
	const char *p = PUT("j10.jsonl", "{\"size3\": \"v,\\\\\\\":\\u65e5\\\\\", \"host0\": \"msg[:,{Z\", \"size1\": true, \"time\": \"2024-05-01T00:00:00Z\", \"host2\": 3.834041303677927e-08, \"lat4\": {\"size1\": \"msgx/b]a \\u00df\", \"host0\": false}}\n"
				 "{\"time\":\"2024-05-01T00:00:01Z\",\"lat4\":{\"host0\":true,\"size1\":\"v{x{Z\\u65e5{:/\"},\"size1\":true,\"host2\":7.297651785534994e-06,\"host0\":\"msg\\u65e5{\\n\\t, a[b\\t\\t \",\"size3\":\"msg,,: \\\"\"}\n"
				 "{\"host2\": 744.0268546764614, \"host0\": \"w:,\", \"lat4\": {\"size1\": \"vb\xf0""\x9f""\x98""\x80""]]{a\xc3""\xa9""\\\\,\", \"host0\": true}, \"size3\": \"w\\\":,\\t}\", \"time\": \"2024-05-01T00:00:02Z\", \"size1\": true}\n"
				 "");
	struct ll_table *t = NULL;
	struct ll_err e;
	const char *used = NULL;
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(used && strcmp(used, "jsonl") == 0);
	CHECK(t && ll_table_nrows(t) == 3);
	ll_table_free(t);
}

static void test_specialised_sniffing(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	/* All-numeric headerless CSV that is not named like SMD/ASD: "csv". */
	const char *p = PUT("metrics.csv", "0.1,0.2,0.3\n0.4,0.5,0.6\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	ll_table_free(t);
	/* One number a line, blanks around (a univariate series exported
	 * alone, the UCR archive's shape): a one-column table, not text lines;
	 * under a one-word header too; a second word on a line makes it text
	 * again. */
	p = PUT("series.txt", "   6.3e+01\n   6.2e+01\r\n-1\n\n7\n8\n9\n10\n11\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 8);
		CHECK_INT(ll_table_ncols(t), 1);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_NUM);
		CHECK(ll_table_num(t, 2, 0) == -1.0);
	}
	ll_table_free(t);
	p = PUT("value.txt", "value\n1\n2.5\n3\n4\n5\n6\n7\n8\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	if (t)
		CHECK_STR(ll_table_col_name(t, 0), "value");
	ll_table_free(t);
	p = PUT("words.txt", "1\n2\n3\nstarted ok\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "csv") != 0);
	ll_table_free(t);
	/* SMD-named test file with no label file beside it: unlabelled, noted. */
	char smd[512];
	snprintf(smd, sizeof smd, "%s", PUT("machine-9-9_test.csv", "0.1,0.2,0.3\n0.4,0.5,0.6\n"));
	p = smd;  /* put() reuses its buffer for the label files below */
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "smd");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_col_name(t, 2), "m3");
		CHECK_INT(ll_table_nclasses(t), 0);
		CHECK(ll_table_nnotes(t) >= 1 && strstr(ll_table_note_text(t, 0), "no label file") != NULL);
	}
	ll_table_free(t);
	/* A label file of the wrong length beside it: data error with both counts. */
	PUT("machine-9-9_test_label.csv", "0\n1\n0\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "has 2 rows") != NULL && strstr(e.msg, "has 3 labels") != NULL);
	PUT("machine-9-9_test_label.csv", "0\n1\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_label(t, 1), ll_table_find_class(t, "anomaly"));
		CHECK_INT(ll_table_label(t, 0), ll_table_find_class(t, "normal"));
	}
	ll_table_free(t);
	/* An SMD name over a file with a header is not SMD. */
	p = PUT("machine-9-8_train.csv", "a,b\n1,2\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	ll_table_free(t);
	/* NAB shape with no labels folder above: unlabelled plus a note. */
	p = PUT("series.csv", "timestamp,value\n2015-01-01 00:00:00,1\n2015-01-01 00:05:00,2\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "nab");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(ll_table_nclasses(t), 0);
		CHECK(ll_table_nnotes(t) == 1 && strstr(ll_table_note_text(t, 0), "combined_windows.json") != NULL);
	}
	ll_table_free(t);
}

/* A headerless matrix of numbers between blanks (numpy.savetxt's default,
 * aligned or not) is the numbers reader's: col1.. of numbers, nan taken;
 * a row of another width, or a word in a cell, is an error naming the line
 * when the format is given, and not that shape when detecting. */
static void test_numbers_matrix(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	const char *p = PUT("saved.txt", "1.5e+00 -2.0e-01 3\n  4   5\t6\r\n\n7 nan 9\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "numbers");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_ncols(t), 3);
		CHECK_STR(ll_table_col_name(t, 2), "col3");
		CHECK(ll_table_num(t, 0, 1) == -0.2);
		CHECK(ll_table_num(t, 1, 2) == 6.0);
		CHECK(ll_table_num(t, 2, 1) != ll_table_num(t, 2, 1)); /* nan */
	}
	ll_table_free(t);
	p = PUT("ragged.txt", "1 2 3\n4 5 6\n7 8\n9 10 11\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "numbers") != 0);
	ll_table_free(t);
	CHECK_INT(load(p, "numbers", &t, NULL, &e), LL_EDATA);
	CHECK(strstr(e.msg, "ragged.txt:3:") != NULL && strstr(e.msg, "2 numbers") != NULL);
	p = PUT("worded.txt", "1 2\n3 4\n5 six\n");
	CHECK_INT(load(p, "numbers", &t, NULL, &e), LL_EDATA);
	CHECK(strstr(e.msg, "worded.txt:3:") != NULL && strstr(e.msg, "'six'") != NULL);
	p = PUT("named.txt", "a b\n1 2\n3 4\n5 6\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "numbers") != 0); /* a header line: not this shape */
	ll_table_free(t);
}

/* One line of many numbers (blanks, commas or semicolons between them) is
 * a series: a column "value", a row a number, with a note; a short line
 * stays a one-row matrix when asked for; a bad cell names its text. */
static void test_numbers_series(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	char line[512];
	size_t len = 0;
	for (int i = 0; i < 20; i++)
		len += (size_t)snprintf(line + len, sizeof line - len, "%s%d.5e+01", i ? "  " : "   ", i);
	len += (size_t)snprintf(line + len, sizeof line - len, "\n");
	const char *p = put("ucr.txt", line, len);
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "numbers");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 20);
		CHECK_INT(ll_table_ncols(t), 1);
		CHECK_STR(ll_table_col_name(t, 0), "value");
		CHECK(ll_table_num(t, 19, 0) == 195.0);
		CHECK(ll_table_nnotes(t) == 1 && strstr(ll_table_note_text(t, 0), "one line of 20 numbers") != NULL);
	}
	ll_table_free(t);
	p = PUT("pasted.csv", "\n1, 2,3 ,4,5,6,7,8,9,10,11,12,13,14,15,16,-1e3,\n\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "numbers");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 17);
		CHECK(ll_table_num(t, 2, 0) == 3.0 && ll_table_num(t, 16, 0) == -1000.0);
	}
	ll_table_free(t);
	p = PUT("semi.txt", "1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "numbers");
	CHECK(t && ll_table_nrows(t) == 16);
	ll_table_free(t);
	/* fewer than 16: not taken for a series; asked for, a one-row matrix */
	p = PUT("few.txt", "1 2 3 4 5\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "numbers") != 0);
	ll_table_free(t);
	CHECK_INT(load(p, "numbers", &t, NULL, &e), LL_OK);
	CHECK(t && ll_table_nrows(t) == 1 && ll_table_ncols(t) == 5);
	ll_table_free(t);
	/* a word among them: not this shape; asked for, the cell is named */
	p = PUT("worded.csv", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16, n/a x ,18\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "numbers") != 0);
	ll_table_free(t);
	CHECK_INT(load(p, "numbers", &t, NULL, &e), LL_EDATA);
	CHECK(strstr(e.msg, "worded.csv:1:") != NULL && strstr(e.msg, "'n/a x'") != NULL);
	p = PUT("gap.csv", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,,18\n");
	CHECK_INT(load(p, "numbers", &t, NULL, &e), LL_EDATA);
	CHECK(strstr(e.msg, "gap.csv:1:") != NULL);
}

/* A .npy file of header text hl bytes long (padded with blanks to end in
 * a newline) and then raw bytes, written as NumPy version 1 writes it. */
static const char *put_npy(const char *name, const char *header, const void *raw, size_t rawn)
{
	char buf[512];
	size_t hl = strlen(header), pad = (64 - (10 + hl + 1) % 64) % 64;
	memcpy(buf, "\x93NUMPY\x01\x00", 8);
	buf[8] = (char)((hl + pad + 1) & 0xff);
	buf[9] = (char)((hl + pad + 1) >> 8);
	memcpy(buf + 10, header, hl);
	memset(buf + 10 + hl, ' ', pad);
	buf[10 + hl + pad] = '\n';
	size_t at = 10 + hl + pad + 1;
	memcpy(buf + at, raw, rawn);
	return put(name, buf, at + rawn);
}

/* NumPy arrays: a 2-D float64 array is a column per index of the second
 * axis, a 1-D int32 array one column (negative values kept), a
 * Fortran-order array read by column; a big-endian dtype, a 3-D shape or
 * data shorter than the shape are errors naming the file. */
static void test_npy(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	const double f8[6] = {1.5, -2, 3, 4, 5, 6.25};
	const char *p = put_npy("a.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", f8, sizeof f8);
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "npy");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_ncols(t), 2);
		CHECK_STR(ll_table_col_name(t, 1), "col2");
		CHECK(ll_table_num(t, 0, 1) == -2 && ll_table_num(t, 2, 1) == 6.25);
	}
	ll_table_free(t);
	p = put_npy("f.npy", "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 2), }", f8, sizeof f8);
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t)
		CHECK(ll_table_num(t, 0, 1) == 4 && ll_table_num(t, 1, 0) == -2);
	ll_table_free(t);
	const unsigned char i4[12] = {7, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0, 1, 0, 0}; /* 7, -2, 256 */
	p = put_npy("i.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", i4, sizeof i4);
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 1);
		CHECK(ll_table_num(t, 0, 0) == 7 && ll_table_num(t, 1, 0) == -2 && ll_table_num(t, 2, 0) == 256);
	}
	ll_table_free(t);
	p = put_npy("big.npy", "{'descr': '>f8', 'fortran_order': False, 'shape': (3, 2), }", f8, sizeof f8);
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "big.npy") != NULL && strstr(e.msg, ">f8") != NULL);
	p = put_npy("cube.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3, 2), }", f8, sizeof f8);
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "3 or more dimensions") != NULL);
	p = put_npy("short.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2), }", f8, sizeof f8);
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "short.npy") != NULL && strstr(e.msg, "shorter than its shape") != NULL);
}

/* Which files the dstat reader claims: its preamble or its two header rows
 * (group row over a column row), never a one-header CSV of dstat's columns,
 * whatever its name. Expected readers follow from the shapes written here. */
static void test_dstat_sniffing(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	/* A labelled copy of dstat data written by hand: csv, which reads its
	 * label column (2 classes: normal, cpu). */
	const char *p = PUT("dstat_labelled.csv", "epoch,usr,sys,idl,label\n1475708693.291,6.4,5.2,86.8,normal\n"
						  "1475708694.292,0.0,0.0,100.0,cpu\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	if (t) {
		CHECK_INT(ll_table_ncols(t), 5);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_INT(ll_table_label(t, 1), ll_table_find_class(t, "cpu"));
	}
	ll_table_free(t);
	/* The same quoted as dstat quotes its names: still one header row. */
	p = PUT("dstat_quoted.csv", "\"epoch\",\"usr\",\"sys\",\"label\"\n1475708693.291,6.4,5.2,normal\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	ll_table_free(t);
	/* dstat's two header rows with the preamble cut off, in a file not
	 * named dstat: a group row over names repeated under two disks. */
	p = PUT("trimmed.csv", "\"epoch\",\"dsk/sda\",,\"dsk/sdb\",\n"
			       "\"epoch\",\"read\",\"writ\",\"read\",\"writ\"\n"
			       "1475708693.291,1,2,3,4\n1475708694.292,5,6,7,8\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "dstat");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(ll_table_ncols(t), 5);
		CHECK_STR(ll_table_col_name(t, 3), "dsk/sdb/read");
		CHECK_NEAR(ll_table_num(t, 1, 4), 8, 0);
	}
	ll_table_free(t);
	/* Names not repeated, but dstat's cpu group over them (blank line and
	 * CRLF as a copy from Windows may have). */
	p = PUT("cpu.csv", "\r\n\"total cpu usage\",,\r\n\"usr\",\"sys\",\"idl\"\r\n1,2,97\r\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "dstat");
	if (t)
		CHECK_STR(ll_table_col_name(t, 2), "total cpu usage/idl");
	ll_table_free(t);
	/* The preamble's "Date:" gives the year dstat's time column lacks
	 * (2020 here, not the opener's 2016) */
	p = PUT("dated_dstat.csv", "\"Dstat 0.7.2 CSV output\"\n"
				   "\"Host:\",\"kube-master-1\",,,,\"User:\",\"root\"\n"
				   "\"Cmdline:\",\"dstat -tsp\",,,,\"Date:\",\"03 Dec 2020 14:10:38 CST\"\n\n"
				   "\"system\",\"swap\",\n\"time\",\"used\",\"free\"\n"
				   "03-12 14:10:38,0.0,1.0\n03-12 14:10:39,0.0,2.0\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "dstat");
		CHECK_NEAR(ll_table_num(t, 1, 0), ll_time_from_civil(2020, 12, 3, 14, 10, 39), 1e-6);
	}
	ll_table_free(t);
	/* pcp-dstat 6 puts the group into some names ("total usage:usr"
	 * under "total usage", "net/total:recv"): named group/column once */
	p = PUT("pcp6.csv", "\"pcp-dstat 6.0.3 CSV Output\"\n"
			    "\"Cmdline:\",\"pcp-dstat -tcn\",,,,\"Date:\",\"04 Dec 2026 22:52:11 UTC\"\n"
			    "\"system\",\"total usage\",,\"net/total\",\n"
			    "\"time\",\"total usage:usr\",\"total usage:sys\",\"net/total:recv\",\"used\"\n"
			    "04-12 22:52:12,88.296,11.409,0,228532\n04-12 22:52:13,93.1,6.2,0,228540\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "dstat");
		CHECK_STR(ll_table_col_name(t, 1), "total usage/usr");
		CHECK_STR(ll_table_col_name(t, 3), "net/total/recv");
		CHECK_STR(ll_table_col_name(t, 4), "net/total/used");
		CHECK_NEAR(ll_table_num(t, 1, 0), ll_time_from_civil(2026, 12, 4, 22, 52, 13), 1e-6);
	}
	ll_table_free(t);
	/* A two-level header of someone else's (no repeat, no dstat group): csv. */
	p = PUT("sales.csv", "region,sales,\nname,q1,q2\nnorth,1,2\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	ll_table_free(t);
	/* A trimmed sample named dstat whose time column is dstat's day-first
	 * "dd-mm hh:mm:ss", which only this reader reads (year from the opts). */
	p = PUT("host_dstat.csv", "time,usr\n05-10 22:11:42,1.0\n05-10 22:11:43,2.0\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "dstat");
	if (t) {
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 1, 0), ll_time_from_civil(2016, 10, 5, 22, 11, 43), 1e-6);
	}
	ll_table_free(t);
	/* The same rows in a file not named dstat, or named dstat with ISO
	 * times the csv reader reads: csv. */
	p = PUT("host.csv", "time,usr\n05-10 22:11:42,1.0\n05-10 22:11:43,2.0\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	ll_table_free(t);
	p = PUT("iso_dstat.csv", "time,usr\n2016-10-05 22:11:42,1.0\n2016-10-05 22:11:43,2.0\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	ll_table_free(t);
}

/* Regressions found by tests/fuzz/fuzz_load; each ran clean under ASan and
 * valgrind once fixed. */
static void test_fuzz_findings(void)
{
	struct ll_table *t;
	struct ll_err e;
	/* an SMD interpretation-label file read as CSV: the tokenizer was
	 * restarted after the first record without freeing its buffer (leak) */
	const char *p = PUT("fuzz-leak-32459e8e.txt", "135-161:10,12,13,36\n3080-3917:9,13,14,17\n9139-9144:9,13,14,18\n"
						    "9199-9204:9,13,14\n15577-15582:9,13,14,35,36\n11900-12023:9,13,14\n"
						    "15644-15739:12,14,15,32\n20717-20723:10,11\n23059-23062:9,13,16\n");
	CHECK_INT(load(p, "csv", &t, NULL, &e), LL_EDATA);
	CHECK(strstr(e.msg, ":5: 5 fields where the table has 4") != NULL);
	ll_table_free(t);
	p = PUT("fuzz-leak-ok.csv", "a,b\n1,2\n3,4\n");
	CHECK_INT(load(p, "csv", &t, NULL, &e), LL_OK);
	ll_table_free(t);
}

/* Headers written as comments (sadf -d, Zeek's TSV logs), their closing
 * comments, "-" for unset numbers, and a zone name after a stamp. */
static void test_comment_headers(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	/* sadf -d: "# " before the names, ';' between, a zone after the time,
	 * and a restart record shorter than the rows */
	const char *p = PUT("sar.csv", "# hostname;interval;timestamp;CPU;%user;%idle\n"
				       "h1;10;2019-04-18 13:20:19 UTC;-1;2.15;82.88\n"
				       "h1;10;2019-04-18 13:20:29 UTC;-1;2.28;95.31\n"
				       "h1;-1;2019-04-18 13:37:29 UTC;LINUX-RESTART\t(9 CPU)\n"
				       "h1;10;2019-04-18 13:40:19 UTC;-1;3.00;90.00\n"
				       "h1;10;2019-04-18 13:40:29 UTC;-1;3.00;90.00\n"
				       "h1;10;2019-04-18 13:40:39 UTC;-1;3.00;90.00\n"
				       "h1;10;2019-04-18 13:40:49 UTC;-1;3.00;90.00\n"
				       "h1;10;2019-04-18 13:40:59 UTC;-1;3.00;90.00\n"
				       "h1;10;2019-04-18 13:41:09 UTC;-1;3.00;90.00\n"
				       "h1;10;2019-04-18 13:41:19 UTC;-1;3.00;90.00\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "csv");
		CHECK_INT(ll_table_nrows(t), 10);
		CHECK_INT(ll_table_ncols(t), 6);
		CHECK_STR(ll_table_col_name(t, 0), "hostname");
		CHECK_STR(ll_table_col_name(t, 4), "%user");
		CHECK_INT(ll_table_col_type(t, 2), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 0, 2), 1555593619, 0);
		CHECK_INT(ll_table_col_type(t, 4), LL_COL_NUM);
		CHECK(isnan(ll_table_num(t, 2, 4)));
		CHECK_NEAR(ll_table_num(t, 3, 5), 90, 0);
		CHECK(ll_table_nnotes(t) == 2 && strstr(ll_table_note_text(t, 0), "(first: line 4)"));
		/* the restart record's text does not turn the CPU column to text */
		CHECK_INT(ll_table_col_type(t, 3), LL_COL_NUM);
		CHECK(ll_table_nnotes(t) == 2 && strstr(ll_table_note_text(t, 1), "the columns keep their type"));
	}
	ll_table_free(t);
	/* Zeek: directives, then "#fields" and "#types", "-" for unset
	 * values, "#close" at the end: the w3c reader's (ds_w3c.c), which
	 * reads the rows through this loader */
	p = PUT("conn.log", "#separator \\x09\n#set_separator\t,\n#path\tconn\n"
			    "#fields\tts\tuid\tid.orig_p\tduration\n#types\ttime\tstring\tport\tinterval\n"
			    "1521911721.255387\tC8Tful\t39681\t0.004266\n"
			    "1521911722.5\tCx2\t-\t-\n"
			    "1521911723.5\tCx3\t443\t1.5\n"
			    "#close\t2019-11-08-11-44-16\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "w3c");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_ncols(t), 4);
		CHECK_STR(ll_table_col_name(t, 0), "ts");
		CHECK_STR(ll_table_col_name(t, 3), "duration");
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_INT(ll_table_col_type(t, 2), LL_COL_NUM);
		CHECK(isnan(ll_table_num(t, 1, 2)));
		CHECK(isnan(ll_table_num(t, 1, 3)));
		CHECK_NEAR(ll_table_num(t, 2, 2), 443, 0);
		CHECK_INT(ll_table_nnotes(t), 0);
	}
	ll_table_free(t);
	/* '#' lines that do not line up with the rows are no header: the first
	 * row is, as before; a column of nothing but "-" is text ("-" may be a
	 * class, as loghub's BGL labels are) */
	/* InfluxDB's annotated CSV: "#group", "#datatype", "#default" lines
	 * as wide as the header of names under them, over rows of values; its
	 * _start and _stop hold one time throughout, _time is the rows' time */
	p = PUT("flux.csv", "#group,false,false,true,true,false,false,true,true\n"
			    "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string\n"
			    "#default,_result,,,,,,,\n"
			    ",result,table,_start,_stop,_time,_value,_field,_measurement\n"
			    ",,0,2024-12-05T00:00:00Z,2024-12-05T01:00:00Z,2024-12-05T00:00:10Z,1.5,usage,cpu\n"
			    ",,0,2024-12-05T00:00:00Z,2024-12-05T01:00:00Z,2024-12-05T00:00:20Z,2.5,usage,cpu\n"
			    ",,0,2024-12-05T00:00:00Z,2024-12-05T01:00:00Z,2024-12-05T00:00:30Z,3.5,usage,cpu\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		/* the first field, unnamed and never filled, is left out */
		CHECK_STR(ll_table_col_name(t, 0), "result");
		CHECK(ll_test_has_note(t, "1 column without a name or a value (first: field 1) left out"));
		long tc = ll_table_find_column(t, "_time"), start = ll_table_find_column(t, "_start");
		CHECK(tc >= 0 && ll_table_col_type(t, (size_t)tc) == LL_COL_TIME);
		CHECK(start >= 0 && ll_table_col_type(t, (size_t)start) == LL_COL_TEXT);
		if (start >= 0 && tc >= 0) {
			text_is(t, 2, (size_t)start, "2024-12-05 00:00:00");
			CHECK_NEAR(ll_table_num(t, 2, (size_t)tc), 1733356830, 0);
		}
		CHECK(ll_test_has_note(t, "columns '_start', '_stop' hold one time on every row: read as text, so "
					  "'_time' is the rows' time"));
	}
	ll_table_free(t);
	/* tables of two schemas, each under its annotations, a blank line
	 * between: each read by its header and pivoted, joined on _time */
	p = PUT("flux2.csv", "#group,false,false,false,false,true\n#datatype,string,long,dateTime:RFC3339,double,string\n"
			     "#default,_result,,,,\n,result,table,_time,_value,_field\n"
			     ",,0,2024-12-05T00:00:10Z,1.5,free\n,,0,2024-12-05T00:00:20Z,2.5,free\n"
			     ",,1,2024-12-05T00:00:10Z,7,used\n,,1,2024-12-05T00:00:20Z,8,used\n\n"
			     "#group,false,false,false,false,true,true\n"
			     "#datatype,string,long,dateTime:RFC3339,double,string,string\n"
			     "#default,_result,,,,,\n,result,table,_time,_value,_field,cpu\n"
			     ",,2,2024-12-05T00:00:10Z,30,user,cpu0\n,,2,2024-12-05T00:00:20Z,40,user,cpu0\n"
			     ",,3,2024-12-05T00:00:10Z,3,system,cpu0\n,,3,2024-12-05T00:00:20Z,4,system,cpu0\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		long free_c = ll_table_find_column(t, "_value.free"), user_c = ll_table_find_column(t, "_value.user");
		CHECK(free_c >= 0 && user_c >= 0);
		if (free_c >= 0 && user_c >= 0)
			CHECK(ll_table_num(t, 1, (size_t)free_c) == 2.5 && ll_table_num(t, 1, (size_t)user_c) == 40);
		CHECK(ll_test_has_note(t, "2 tables one after another"));
	}
	ll_table_free(t);
	/* files joined one after another: the header again is no row, and
	 * leaves the columns their types */
	p = PUT("joined.csv", "time,cpu,host\n2024-12-05 10:00:00,1.5,a\n2024-12-05 10:01:00,2.5,a\n"
			      "time,cpu,host\n2024-12-05 11:00:00,3.5,b\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 2, 1), 3.5, 0);
		CHECK(ll_test_has_note(t, "1 line repeats the header (first: line 4)"));
	}
	ll_table_free(t);
	/* a duplicate row of a table without header stays a row */
	p = PUT("dups.csv", "1,2,3\n4,5,6\n1,2,3\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(t && ll_table_nrows(t) == 3);
	ll_table_free(t);
	/* a header of groups over a line of names (a column the groups' line
	 * names alone), then units: 'group.name' */
	p = PUT("groups.csv", "when,cpu,,mem,\n,usr,sys,used,free\n,%,%,MB,MB\n2024-12-05 10:00:00,1,2,3,4\n"
			      "2024-12-05 10:01:00,5,6,7,8\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_col_name(t, 0), "when");
		CHECK_STR(ll_table_col_name(t, 2), "cpu.sys");
		CHECK_STR(ll_table_col_name(t, 4), "mem.free");
		CHECK_NEAR(ll_table_num(t, 1, 4), 8, 0);
		CHECK(ll_test_has_note(t, "the header is two lines"));
	}
	ll_table_free(t);
	/* names typed with blanks between them over rows split at tabs, under
	 * a title (a sensor network's labelled readings): the header */
	char blanked[8192];
	size_t bl = (size_t)snprintf(blanked, sizeof blanked, "\tIndoor Sensors with anomalies\t\n\t\t\n"
							     "Reading# Mote-ID Humidity Temperature Label\n\n");
	for (int i = 1; i <= 100; i++)
		bl += (size_t)snprintf(blanked + bl, sizeof blanked - bl, "%d\t1\t%.2f\t27.%02d\t%d\n", i,
				       i == 3 ? 45.9 : 45 + i * 0.01, i, i == 30);
	p = put("blanked.txt", blanked, bl);
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 100);
		CHECK_INT(ll_table_ncols(t), 5);
		CHECK_STR(ll_table_col_name(t, 1), "Mote-ID");
		CHECK_NEAR(ll_table_num(t, 2, 2), 45.9, 1e-9);
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK(ll_test_has_note(t, "the header (line 3) has blanks between its 5 names where the rows have tabs"));
	}
	ll_table_free(t);
	/* as many words of prose are no header: a number among them */
	bl = (size_t)snprintf(blanked, sizeof blanked, "\tSensors\t\nrun 2 of the lab\n");
	for (int i = 1; i <= 100; i++)
		bl += (size_t)snprintf(blanked + bl, sizeof blanked - bl, "%d\t%d\t3\t4\t5\n", i, i * 7);
	p = put("prose.txt", blanked, bl);
	t = NULL;
	load(p, NULL, &t, &used, &e);
	CHECK(!t || ll_table_find_column(t, "run") < 0);
	ll_table_free(t);
	/* WEKA's ARFF: names from the '@attribute' lines (quoted, bare, one
	 * touching its list of values), rows after '@data', '?' missing, the
	 * last attribute 'class' the labels */
	bl = (size_t)snprintf(blanked, sizeof blanked,
			      "%% activity features\n@relation activity\n\n@attribute \"UNIQUE_ID\" numeric\n"
			      "@attribute 'user' {\"33\" , \"17\"}\n@attribute XPEAK numeric\n"
			      "@attribute class{ \"Walking\" , \"Jogging\" }\n\n@data\n");
	for (int i = 1; i <= 60; i++)
		bl += (size_t)snprintf(blanked + bl, sizeof blanked - bl, "%d,%d,%s,%s\n", i, i % 2 ? 33 : 17,
				       i % 7 ? "1.5" : "?", i % 3 ? "Walking" : "Jogging");
	p = put("act.arff", blanked, bl);
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "csv");
		CHECK_INT(ll_table_nrows(t), 60);
		CHECK_INT(ll_table_ncols(t), 4);
		CHECK_STR(ll_table_col_name(t, 0), "UNIQUE_ID");
		CHECK_STR(ll_table_col_name(t, 1), "user");
		CHECK_STR(ll_table_col_name(t, 3), "class");
		CHECK_INT(ll_table_col_type(t, 2), LL_COL_NUM);
		CHECK(isnan(ll_table_num(t, 6, 2)));
		CHECK_INT(ll_table_nclasses(t), 2);
	}
	ll_table_free(t);
	/* a line of counts as wide as the table above its header (sklearn's
	 * boston_house_prices.csv): no group, no row */
	p = PUT("counts.csv", "3,2,,\n\"A\",\"B\",\"C\",\"Y\"\n1,2,3,4\n5,6,7,8\n9,10,11,12\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_col_name(t, 0), "A");
		CHECK_NEAR(ll_table_num(t, 2, 3), 12, 0);
		CHECK(ll_test_has_note(t, "line 1 counts the rows and features above the header"));
	}
	ll_table_free(t);
	/* a repeated name over a first row of text is no group: no values below */
	p = PUT("textrows.csv", "k,k,v\nalpha,beta,gamma\ndelta,eps,zeta\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(t && ll_table_find_column(t, "k.alpha") < 0);
	ll_table_free(t);
	/* one time column that never changes and no other: it stays the time */
	p = PUT("oneday.csv", "day,v\n2024-01-01,1\n2024-01-01,2\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(t && ll_table_col_type(t, 0) == LL_COL_TIME && ll_table_nnotes(t) == 0);
	ll_table_free(t);
	p = PUT("notes.csv", "# exported by a tool\nname,lab,v\na,-,1\nb,-,2\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_col_name(t, 0), "name");
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_TEXT);
		text_is(t, 1, 1, "-");
	}
	ll_table_free(t);
}

/* Numbers formatted for people: units and thousands separators. */
static void test_formatted_numbers(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	const char *p = PUT("units.csv", "time,cpu,mem,rx,lat,req,ver,host\n"
					 "2024-05-01T00:00:00,12%,3.4G,900K,250ms,\"12,345\",1.2.3,5G\n"
					 "2024-05-01T00:00:10,7 %,512 MiB,1.5MB,1.5s,\"1,234,567.5\",1.2.4,4G\n"
					 "2024-05-01T00:00:20,100%,1Ki,-,2us,17,1.3.0,x\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		for (size_t c = 1; c <= 5; c++)
			CHECK_INT(ll_table_col_type(t, c), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, 1), 12, 0);
		CHECK_NEAR(ll_table_num(t, 1, 1), 7, 0);
		/* a bare prefix is powers of 1024, as the units pass reads it
		 * (ll_units_size_unit; was powers of 1000 here alone) */
		CHECK_NEAR(ll_table_num(t, 0, 2), 3.4 * 1073741824.0, 1e-3);
		CHECK_NEAR(ll_table_num(t, 1, 2), 512.0 * 1024 * 1024, 0);
		CHECK_NEAR(ll_table_num(t, 2, 2), 1024, 0);
		CHECK_NEAR(ll_table_num(t, 0, 3), 900.0 * 1024, 0);
		CHECK_NEAR(ll_table_num(t, 1, 3), 1.5e6, 0);
		CHECK(isnan(ll_table_num(t, 2, 3)));
		CHECK_NEAR(ll_table_num(t, 0, 4), 0.25, 1e-12);
		CHECK_NEAR(ll_table_num(t, 2, 4), 2e-6, 1e-15);
		CHECK_NEAR(ll_table_num(t, 0, 5), 12345, 0);
		CHECK_NEAR(ll_table_num(t, 1, 5), 1234567.5, 0);
		CHECK_INT(ll_table_col_type(t, 6), LL_COL_TEXT); /* versions are no numbers */
		CHECK_INT(ll_table_col_type(t, 7), LL_COL_TEXT); /* "x" among "5G" */
		CHECK_INT(ll_table_nnotes(t), 2);
		CHECK(ll_test_has_note(t, "columns 'cpu' (line 2), 'mem' (line 2), 'rx' (line 2), 'lat' "
					  "(line 2) and 1 more write numbers with a unit"));
		/* the lone '-' is a missing number, and said to be */
		CHECK(ll_test_has_note(t, "units.csv: 1 cell such as '-' (first: line 4) in column 'rx' read as missing"));
	}
	ll_table_free(t);
	/* split at ';', "1,234" is a decimal comma as before; two groups or a
	 * '.' after them can only be thousands */
	p = PUT("semi.csv", "a;b;c\n1,234;1,234,567;1,234.5\n2,5;7;8\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_NEAR(ll_table_num(t, 0, 0), 1.234, 1e-12);
		CHECK_NEAR(ll_table_num(t, 0, 1), 1234567, 0);
		CHECK_NEAR(ll_table_num(t, 0, 2), 1234.5, 0);
	}
	ll_table_free(t);
}

/* Numeric dates in either order are read by the column's evidence:
 * perfmon's US month-first, a European day-first export. */
static void test_date_order(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	const char *p = PUT("perfmon.csv", "\"(PDH-CSV 4.0) (Pacific Daylight Time)(420)\",\"\\\\\\\\H\\\\CPU\"\n"
					   "\"05/01/2024 12:00:01.125\",\"3.5\"\n\"05/01/2024 12:00:16\",\" \"\n"
					   "\"05/13/2024 1:00:31 PM\",\"7\"\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		/* local times, shown in UTC by the header's bias (ds_pdh.h) */
		CHECK_NEAR(ll_table_num(t, 0, 0), ll_time_from_civil(2024, 5, 1, 19, 0, 1.125), 1e-6);
		CHECK_NEAR(ll_table_num(t, 2, 0), ll_time_from_civil(2024, 5, 13, 20, 0, 31), 1e-6);
		CHECK(isnan(ll_table_num(t, 1, 1)));
		CHECK(ll_table_nnotes(t) == 2 && strstr(ll_table_note_text(t, 0), "bias 420 minutes") &&
		      strstr(ll_table_note_text(t, 1), "as MM/dd/yyyy; read month-first (a second"));
	}
	ll_table_free(t);
	p = PUT("dmy.csv", "when;v\n13-05-2024 10:00;1\n01-06-2024 10:00;2\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 1, 0), ll_time_from_civil(2024, 6, 1, 10, 0, 0), 1e-6);
		CHECK(strstr(ll_table_note_text(t, 0), "read day-first") != NULL);
	}
	ll_table_free(t);
	/* a Date column beside a Time column is one time; the clocks stay */
	p = PUT("date_time.csv", "Date,Time,cpu\n2024-05-01,10:00:00,1\n2024-05-01,10:00:10.5,3\n2024-05-02,9:05,7\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_TEXT);
		CHECK_NEAR(ll_table_num(t, 1, 0), ll_time_from_civil(2024, 5, 1, 10, 0, 10.5), 1e-6);
		CHECK_NEAR(ll_table_num(t, 2, 0), ll_time_from_civil(2024, 5, 2, 9, 5, 0), 1e-6);
		text_is(t, 2, 1, "9:05");
		CHECK(strstr(ll_table_note_text(t, 0), "columns 'Date' and 'Time' are one time") != NULL);
	}
	ll_table_free(t);
	/* dates of two-digit year month first (a day above 12 settles it)
	 * beside their clocks: one time */
	p = PUT("short_dates.csv", "ID,Date,Time,Description\n10,03/14/26,09:26:10,Assign\n11,03/01/26,10:00:00,Renew\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 0, 1), ll_time_from_civil(2026, 3, 14, 9, 26, 10), 1e-6);
		CHECK_NEAR(ll_table_num(t, 1, 1), ll_time_from_civil(2026, 3, 1, 10, 0, 0), 1e-6);
		CHECK(ll_table_nnotes(t) == 2 && strstr(ll_table_note_text(t, 1), "as MM/dd/yy; read month-first (no other"));
	}
	ll_table_free(t);
	/* both orders in one column, or not dates: text */
	p = PUT("mixed_dates.csv", "when,v\n13/05/2024,1\n05/13/2024,2\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t)
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TEXT);
	ll_table_free(t);
}

/* Durations (sacct's Elapsed and TotalCPU, ps's TIME) are seconds when one
 * cell cannot be a clock of day; a column of clocks stays text, and a
 * clock that breaks the form later turns the column back to text. */
static void test_durations(void)
{
	double v;
	int lng;
	CHECK(ds_csv_duration("1-02:03:04", 10, &v, &lng) && lng);
	CHECK_NEAR(v, 86400 + 7384, 0);
	CHECK(ds_csv_duration("01:02:02", 8, &v, &lng) && !lng);
	CHECK_NEAR(v, 3722, 0);
	CHECK(ds_csv_duration("25:00:00", 8, &v, &lng) && lng);
	CHECK(ds_csv_duration("100:00:01.5", 11, &v, &lng) && lng);
	CHECK_NEAR(v, 360001.5, 1e-9);
	/* zeros past two digits: an address (nvidia-smi's pci.bus_id), no duration */
	CHECK(!ds_csv_duration("00000000:07:00.0", 16, &v, &lng));
	CHECK(!ds_csv_duration("1-000:07:00", 11, &v, &lng));
	CHECK(ds_csv_duration(" 00:03.123", 10, &v, &lng) && lng);
	CHECK_NEAR(v, 3.123, 1e-12);
	CHECK(!ds_csv_duration("10:05", 5, &v, &lng));    /* hours and minutes, or minutes and seconds */
	CHECK(!ds_csv_duration("01:60:00", 8, &v, &lng)); /* 60 minutes */
	CHECK(!ds_csv_duration("1:2:3", 5, &v, &lng));
	CHECK(!ds_csv_duration("0:0", 3, &v, &lng));      /* an exit code and signal */
	CHECK(!ds_csv_duration("1-10:05", 7, &v, &lng));
	/* ISO 8601: weeks to seconds, a fraction on the seconds only */
	CHECK(ds_csv_duration("PT5M30S", 7, &v, &lng) && lng);
	CHECK_NEAR(v, 330, 0);
	CHECK(ds_csv_duration("P1W2DT3H", 8, &v, &lng));
	CHECK_NEAR(v, 7 * 86400 + 2 * 86400 + 3 * 3600, 0);
	CHECK(ds_csv_duration("PT0.25S", 7, &v, &lng));
	CHECK_NEAR(v, 0.25, 1e-12);
	CHECK(!ds_csv_duration("P1M", 3, &v, &lng));      /* a month has no fixed length */
	CHECK(!ds_csv_duration("P1Y2D", 5, &v, &lng));
	CHECK(!ds_csv_duration("PT", 2, &v, &lng));
	CHECK(!ds_csv_duration("P1DT", 4, &v, &lng));
	CHECK(!ds_csv_duration("PT5S3M", 6, &v, &lng));   /* units out of order */
	CHECK(!ds_csv_duration("PT1.5M", 6, &v, &lng));
	CHECK(!ds_csv_duration("P12S", 4, &v, &lng));     /* seconds after the T only */
	CHECK(!ds_csv_duration("Paris", 5, &v, &lng));
	CHECK(!ds_csv_duration("12:00:01 PM", 11, &v, &lng));
	/* a cell that ends where the mapping does (a mapped file's last
	 * bytes, no NUL after them): read within its length (valgrind's
	 * run of test_mutate once crashed in strtod here) */
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map != MAP_FAILED && mprotect(map + page, (size_t)page, PROT_NONE) == 0) {
		static const char cells[][12] = {"1-02:03:04", "00:03.125", "10:00:00.5"};
		for (size_t k = 0; k < sizeof cells / sizeof *cells; k++) {
			size_t len = strlen(cells[k]);
			memcpy(map + page - len, cells[k], len);
			CHECK(ds_csv_duration(map + page - len, len, &v, &lng));
		}
		CHECK_NEAR(v, 36000.5, 1e-9);
	}
	if (map != MAP_FAILED)
		munmap(map, (size_t)page * 2);

	struct ll_table *t;
	struct ll_err e;
	const char *p = PUT("sacct.txt", "JobID|State|Start|Elapsed|TotalCPU|ExitCode\n"
					 "7|COMPLETED|2026-11-01T10:00:01|01:02:02|59:58.100|0:0\n"
					 "7.batch|COMPLETED|2026-11-01T10:00:01|01:02:02|59:58.100|0:0\n"
					 "8|TIMEOUT|2026-11-01T10:07:00|1-00:00:00|23:59:01|0:15\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 3), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, 3), 3722, 0);
		CHECK_NEAR(ll_table_num(t, 2, 3), 86400, 0);
		CHECK_INT(ll_table_col_type(t, 4), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 2, 4), 86341, 0);
		CHECK_INT(ll_table_col_type(t, 5), LL_COL_TEXT);
		int found = 0;
		for (size_t i = 0; i < ll_table_nnotes(t); i++)
			found |= strstr(ll_table_note_text(t, i), "columns 'Elapsed', 'TotalCPU' hold durations") != NULL;
		CHECK(found);
	}
	ll_table_free(t);
	/* clocks that could be times of day: durations when they disagree
	 * with the rows' times (jobs under a day beside their start), clocks
	 * of day when they agree but for a zone (loghub's Time, 8 hours off) */
	p = PUT("short.csv", "Start,Elapsed,TZClock\n2026-11-01T10:00:01,01:02:02,02:00:01\n"
			     "2026-11-01T10:07:00,00:00:42,02:07:00\n2026-11-01T11:13:10,03:10:00,03:13:10\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 2, 1), 11400, 0);
		CHECK_INT(ll_table_col_type(t, 2), LL_COL_TEXT);
		CHECK(ll_test_has_note(t, "column 'Elapsed' holds durations"));
	}
	ll_table_free(t);
	p = PUT("clocks.csv", "date,clock,x\n2024-01-01,23:00:00,1\n2024-01-02,01:00:00,2\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t)
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_TEXT);
	ll_table_free(t);
	p = PUT("late.csv", "id,took\na,1-00:00:00\nb,02:00:00\nc,soon\n");
	CHECK_INT(load(p, NULL, &t, NULL, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_TEXT);
		text_is(t, 2, 1, "soon");
	}
	ll_table_free(t);
}

/* A header one name short of its rows: R's write.table numbers the rows
 * first; Windows Event Viewer's export leaves the description unnamed,
 * last, with quoted lines inside. Both are tables, nothing shifted. */
static void test_short_header(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	const char *p = PUT("r.csv", "\"a\",\"b\"\n\"1\",1.5,x\n\"2\",3,y\n\"3\",5,x\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "csv");
		CHECK_INT(ll_table_ncols(t), 3);
		CHECK_STR(ll_table_col_name(t, 0), "row_name");
		CHECK_STR(ll_table_col_name(t, 1), "a");
		CHECK_NEAR(ll_table_num(t, 1, 1), 3, 0);
		text_is(t, 2, 2, "x");
		CHECK(ll_test_has_note(t, "the header names 2 columns and the rows have 3: the first"));
	}
	ll_table_free(t);
	p = PUT("events.csv", "Level,Date and Time,Source,Event ID,Task Category\r\n"
			      "Information,11/30/2026 10:00:01 AM,Service Control Manager,7036,None,\"The service "
			      "entered the running state.\"\r\n"
			      "Error,11/30/2026 10:00:05 AM,Disk,7,None,\"The device, \\Device\\Harddisk0, has a bad "
			      "block.\r\nRun chkdsk.\"\r\n"
			      "Warning,11/30/2026 10:01:00 PM,Time-Service,36,None,\"Not synchronized\"\r\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "csv");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_ncols(t), 6);
		CHECK_STR(ll_table_col_name(t, 0), "Level");
		CHECK_STR(ll_table_col_name(t, 5), "col6");
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_TIME);
		CHECK_INT(ll_table_col_type(t, 3), LL_COL_NUM);
		CHECK(strstr(ll_table_text(t, 1, 5), "Run chkdsk.") != NULL);
		CHECK(ll_test_has_note(t, "the header names 5 columns and the rows have 6: the last"));
	}
	ll_table_free(t);
	/* a header as wide as its rows is no short one */
	p = PUT("even.csv", "a,b\n1,2\n3,4\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 2);
		CHECK_INT(ll_table_nnotes(t), 0);
	}
	ll_table_free(t);
}

/* Spreadsheet habits: Excel's "sep=;" hint line first, and every line
 * ending with the separator (an empty last name, no cell under it). */
static void test_export_habits(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	const char *p = PUT("excel.csv", "\xEF\xBB\xBFsep=;\r\ntime;cpu\r\n2026-11-30 10:00:00;5,5\r\n"
					 "2026-11-30 10:00:10;6,5\r\n2026-11-30 10:00:20;7\r\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "csv");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 1, 1), 6.5, 1e-12);
	}
	ll_table_free(t);
	/* perf stat -x, -I: headerless, the first field padded on its left,
	 * counters the machine lacks "<not supported>": a table, the
	 * padding no free text and the bracketed words missing; the first
	 * field counts seconds from the start the comment dates: the times
	 * themselves (a row per time, the events pivoted to columns) */
	p = PUT("perf.csv", "# started on Fri Dec  4 22:45:27 2026\n\n"
			    "     1.001049730,2003.25,msec,cpu-clock,2003256912,100.00,2.003,CPUs utilized\n"
			    "     1.001049730,15658,,context-switches,2003256620,100.00,7.816,K/sec\n"
			    "     1.001049730,<not supported>,,cycles,0,100.00,,\n"
			    "     2.002307922,2002.51,msec,cpu-clock,2002505802,100.00,2.003,CPUs utilized\n"
			    "     2.002307922,23926,,context-switches,2002503158,100.00,11.948,K/sec\n"
			    "     2.002307922,<not counted>,,cycles,0,100.00,,\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		double t0 = 0;
		CHECK(ll_time_parse("2026-12-04 22:45:27", 19, &t0));
		CHECK_STR(used, "csv");
		CHECK_INT(ll_table_nrows(t), 2);
		int tc = ll_table_find_column(t, "time"), cs = ll_table_find_column(t, "col2.context-switches");
		CHECK(tc >= 0 && ll_table_col_type(t, (size_t)tc) == LL_COL_TIME);
		if (tc >= 0)
			CHECK_NEAR(ll_table_num(t, 1, (size_t)tc), t0 + 2.002307922, 1e-6);
		CHECK(cs >= 0 && ll_table_col_type(t, (size_t)cs) == LL_COL_NUM);
		if (cs >= 0)
			CHECK_NEAR(ll_table_num(t, 1, (size_t)cs), 23926, 0);
		CHECK(ll_test_has_note(t, "'<not supported>'"));
		CHECK(ll_test_has_note(t, "column 'col1' counts seconds from the start the comment above the rows dates"));
	}
	ll_table_free(t);
	/* numbers out of order under the dated comment count no seconds:
	 * they stay a number column */
	p = PUT("perf_ids.csv", "# started on Fri Dec  4 22:45:27 2026\n\n"
				"     2.002307922,2002.51,msec,cpu-clock,2002505802,100.00,2.003,CPUs utilized\n"
				"     2.002307922,23926,,context-switches,2002503158,100.00,11.948,K/sec\n"
				"     2.002307922,<not counted>,,cycles,0,100.00,,\n"
				"     1.001049730,2003.25,msec,cpu-clock,2003256912,100.00,2.003,CPUs utilized\n"
				"     1.001049730,15658,,context-switches,2003256620,100.00,7.816,K/sec\n"
				"     1.001049730,<not supported>,,cycles,0,100.00,,\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 3, 0), 1.001049730, 1e-12);
		CHECK(ll_table_find_column(t, "time") < 0);
	}
	ll_table_free(t);
	/* headerless rows whose prose column a writer quoted (PostgreSQL's
	 * csvlog: always, doubled quotes, a newline inside a message): a
	 * table; the same rows with the message unquoted stay a log */
	p = PUT("pgcsv.csv",
		"2026-12-04 22:45:48.192 UTC,,,25711,,6b13,1,,LOG,00000,\"starting PostgreSQL 15.18 on x86_64\",,\"postmaster\"\n"
		"2026-12-04 22:45:48.192 UTC,,,25711,,6b13,2,,LOG,00000,\"listening on IPv4 address \"\"127.0.0.1\"\"\",,\"postmaster\"\n"
		"2026-12-04 22:45:49.001 UTC,app,shop,25720,,6b14,1,SELECT,ERROR,22012,\"division by zero\",,\"psql\"\n"
		"2026-12-04 22:45:49.002 UTC,app,shop,25720,,6b14,2,SELECT,STATEMENT,00000,\"SELECT 1/0\nFROM t;\",,\"psql\"\n"
		"2026-12-04 22:45:50.000 UTC,,,25711,,6b13,3,,LOG,00000,\"database system is ready to accept connections\",,\"postmaster\"\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "csv");
		CHECK_INT(ll_table_nrows(t), 5);
		CHECK_INT(ll_table_ncols(t), 13);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_STR(ll_table_text(t, 1, 10), "listening on IPv4 address \"127.0.0.1\"");
		CHECK_STR(ll_table_text(t, 3, 10), "SELECT 1/0\nFROM t;");
	}
	ll_table_free(t);
	p = PUT("pglog.csv", "2026-12-04 22:45:48.192 UTC,25711,LOG,starting PostgreSQL 15.18 on x86_64\n"
			     "2026-12-04 22:45:48.192 UTC,25711,LOG,listening on IPv4 address 127.0.0.1\n"
			     "2026-12-04 22:45:49.001 UTC,25720,ERROR,division by zero\n"
			     "2026-12-04 22:45:50.000 UTC,25711,LOG,database system is ready to accept connections\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(used && strcmp(used, "csv") != 0);
	ll_table_free(t);
	CHECK(ds_csv_is_missing("<none>", 6) && ds_csv_is_missing(" <not supported> ", 17));
	CHECK(!ds_csv_is_missing("<br/>", 5) && !ds_csv_is_missing("<NONE>", 6) && !ds_csv_is_missing("<a>", 3));
	p = PUT("trail.csv", "time,cpu,\n2026-11-30 10:00:00,5,\n2026-11-30 10:00:10,6,\n2026-11-30 10:00:20,7,\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 2);
		CHECK_NEAR(ll_table_num(t, 2, 1), 7, 0);
	}
	ll_table_free(t);
	/* a total under the rows is no row: the time column stays times */
	p = PUT("report.csv", "time,cpu\n2026-11-30 10:00:00,5\n2026-11-30 10:00:10,6\n2026-11-30 10:00:20,7\n"
			      "\nTotal,18\nAverage,6\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK(ll_test_has_note(t, "the last 2 lines (line 6, 'Total') read as a total or summary"));
	}
	ll_table_free(t);
	/* nor is the rest of the last row's quoted cell, whose lines open
	 * with words: quotes still open where a footer would start */
	p = PUT("lastcell.csv", "id,note,value\n1,plain,1.5\n2,plain,2.5\n3,\"first line\nsecond, with a comma\n"
				"third\",3.5\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_text(t, 2, 1), "first line\nsecond, with a comma\nthird");
		CHECK_NEAR(ll_table_num(t, 2, 2), 3.5, 0);
		CHECK(!ll_test_has_note(t, "total or summary") && !ll_test_has_note(t, "never closed"));
	}
	ll_table_free(t);
	/* a quote that is a character (an inch mark inside a cell, one that
	 * opens a cell and never closes) leaves no cell open: the total
	 * under the rows is still no row */
	p = PUT("inch.csv", "time,size\n2026-11-30 10:00:00,27\"\n2026-11-30 10:00:10,24 in\n"
			    "2026-11-30 10:00:20,15 in\n\nTotal,3\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_STR(ll_table_text(t, 0, 1), "27\"");
		CHECK(ll_test_has_note(t, "'Total') reads as a total or summary"));
	}
	ll_table_free(t);
	p = PUT("openq.csv", "time,size\n2026-11-30 10:00:00,27 in\n2026-11-30 10:00:10,24 in\n"
			     "2026-11-30 10:00:20,\"15\n\nTotal,3\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_STR(ll_table_text(t, 2, 1), "\"15");
		CHECK(ll_test_has_note(t, "never closed"));
	}
	ll_table_free(t);
	/* rows whose first cells are words are rows, the last ones too */
	p = PUT("names.csv", "host,cpu\nweb1,5\nweb2,6\nweb3,7\ndb1,8\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t)
		CHECK_INT(ll_table_nrows(t), 4);
	ll_table_free(t);
	/* bare CEF events: as many pipes a line as a table, but events */
	p = PUT("fw.log", "CEF:0|Check Point|VPN-1|R80|Log|https|Unknown|act=Accept src=10.0.0.1\n"
			  "CEF:0|Check Point|VPN-1|R80|Log|dns|Unknown|act=Drop src=10.0.0.2\n"
			  "CEF:0|Check Point|VPN-1|R80|Log|ssh|Low|act=Accept src=10.0.0.3\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "csv") != 0);
	ll_table_free(t);
	/* Ruby's Logger writes one comma a line, after the level's letter:
	 * a log, not a table whose header is its first line */
	p = PUT("ruby.log", "I, [2026-11-30T10:00:01.123456 #5280]  INFO -- : Started GET\n"
			    "W, [2026-11-30T10:00:02.123456 #5280]  WARN -- : Slow query\n"
			    "E, [2026-11-30T10:00:03.123456 #5281] ERROR -- : Timeout\n"
			    "I, [2026-11-30T10:00:04.123456 #5280]  INFO -- : Completed\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "csv") != 0);
	ll_table_free(t);
	/* a value after the last separator is a cell: the row is too long */
	p = PUT("trail2.csv", "time,cpu,\n2026-11-30 10:00:00,5,\n2026-11-30 10:00:10,6,\n2026-11-30 10:00:20,7,"
			      "\n2026-11-30 10:00:30,8,x\n");
	int rc = load(p, "csv", &t, &used, &e);
	CHECK(rc == LL_OK ? ll_table_ncols(t) == 3 : strstr(e.msg, "trail2.csv:5") != NULL);
	ll_table_free(t);
}

/* A file of 1,280 parts one after another (sadf -d's shape), each of 50
 * metrics of its own, joined on time: each part's columns were looked up
 * among all the joined table's (64,000 columns: 16 s; 0.3 s now). Every
 * checked metric at its time, parts at the start, middle and end. */
static void test_many_sections(void)
{
	size_t parts = getenv("LL_VALGRIND") ? 64 : 1280, cap = parts * 2400 + 64, len = 0;
	char *x = malloc(cap);
	CHECK(x != NULL);
	if (!x)
		return;
	for (size_t part = 0; part < parts; part++) {
		len += (size_t)snprintf(x + len, cap - len, "# hostname;interval;timestamp");
		for (size_t k = 0; k < 50; k++)
			len += (size_t)snprintf(x + len, cap - len, ";m%zu_%zu", part, k);
		for (size_t r = 0; r < 3; r++) {
			len += (size_t)snprintf(x + len, cap - len, "\nweb1;60;2024-01-01 00:0%zu:00 UTC", r);
			for (size_t k = 0; k < 50; k++)
				len += (size_t)snprintf(x + len, cap - len, ";%zu", part + k + r);
		}
		len += (size_t)snprintf(x + len, cap - len, "\n");
	}
	struct ll_table *t = NULL;
	struct ll_err e;
	CHECK_INT(load(put("sar_parts.csv", x, len), NULL, &t, NULL, &e), LL_OK);
	free(x);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(ll_table_ncols(t), 3 + 50 * parts);
	size_t at[3] = {0, parts / 2, parts - 1}, ks[3] = {0, 25, 49};
	for (size_t a = 0; a < 3; a++)
		for (size_t b = 0; b < 3; b++) {
			char name[64];
			snprintf(name, sizeof name, "m%zu_%zu", at[a], ks[b]);
			int c = ll_table_find_column(t, name);
			CHECK(c >= 0);
			for (size_t r = 0; c >= 0 && r < 3; r++)
				CHECK_NEAR(ll_table_num(t, r, (size_t)c), (double)(at[a] + ks[b] + r), 0);
		}
	ll_table_free(t);
}

/* Tables pandas' to_csv and numpy.savetxt write (test_tables_pandas.sh
 * found these): a last row whose first cell is a missing word, the index's
 * empty name over columns of text alone, one column named in a comment. */
static void test_pandas_habits(void)
{
	struct ll_table *t = NULL;
	const char *used = NULL;
	struct ll_err e;
	/* "NA" opens a row with no time, not a total under the rows */
	const char *p = PUT("na_last.csv", "when,cpu,mem\n2026-11-30 10:00:00,5,1.5\n2026-11-30 10:00:10,6,2.5\n"
					   "2026-11-30 10:00:20,7,3.5\nNA,8,4.5\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK(isnan(ll_table_num(t, 3, 0)));
		CHECK_NEAR(ll_table_num(t, 3, 2), 4.5, 0);
		CHECK(!ll_test_has_note(t, "total or summary"));
	}
	ll_table_free(t);
	/* an index under an empty name, every other column text: still a
	 * header, the index numbering the rows */
	p = PUT("index_text.csv", ",state,owner\n0,True,web one\n1,False,db two\n2,True,web one\n3,False,cache\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_INT(ll_table_ncols(t), 3);
		CHECK_STR(ll_table_col_name(t, 1), "state");
		CHECK_STR(ll_table_text(t, 0, 1), "True");
		CHECK_STR(ll_table_text(t, 3, 2), "cache");
		CHECK_NEAR(ll_table_num(t, 3, 0), 3, 0);
	}
	ll_table_free(t);
	/* an empty first cell over text is a row with a cell missing */
	p = PUT("empty_first.csv", ",web one,True\nx,db two,False\ny,cache,True\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t)
		CHECK_INT(ll_table_nrows(t), 3);
	ll_table_free(t);
	/* "#N/A" opening a row (na_rep="#N/A" in a first column) is a
	 * missing cell, not a '#' header of a table of its own */
	p = PUT("na_hash.csv", "when|since|note\n2024-02-02 08:51:51|2024-02-02 07:13:19|x\n"
			       "2024-02-03 21:44:07|2024-02-02 15:43:15|y\n#N/A|2024-02-02 16:47:08|z\n"
			       "2024-02-07 08:35:44|2024-02-03 03:49:17|w\n#N/A|2024-02-15 19:32:11|v\n"
			       "2024-02-09 08:35:44|#N/A|u\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 6);
		CHECK_INT(ll_table_ncols(t), 3);
		CHECK_STR(ll_table_col_name(t, 0), "when");
		CHECK(isnan(ll_table_num(t, 2, 0)));
		CHECK_STR(ll_table_text(t, 4, 2), "v");
	}
	ll_table_free(t);
	CHECK(ds_csv_opens_with_error_value("#N/A|x", 6, '|') && ds_csv_opens_with_error_value("#DIV/0!\r", 8, ','));
	CHECK(!ds_csv_opens_with_error_value("#N/Ab|x", 7, '|') && !ds_csv_opens_with_error_value("# a|b", 5, '|'));
	/* nor is a first row whose only cell over numbers is "#N/A" a
	 * row of units under the header */
	p = PUT("na_first.csv", "load,up\n#N/A,True\n0.25,True\n355.5,False\n24,True\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK(isnan(ll_table_num(t, 0, 0)));
		CHECK_STR(ll_table_text(t, 0, 1), "True");
		CHECK(!ll_test_has_note(t, "units or sampling"));
	}
	ll_table_free(t);
	CHECK(ds_csv_no_value("#N/A", 4) && ds_csv_no_value("NaT", 3) && ds_csv_no_value(" NA ", 4));
	CHECK(!ds_csv_no_value("#N/Ax", 5) && !ds_csv_no_value("Volts", 5));
	/* a units row is still one */
	p = PUT("units_row.csv", "TS,RN,Volts\nTS,RN,V\n2024-01-01 00:00:00,1,12.5\n2024-01-01 00:01:00,2,12.4\n"
				 "2024-01-01 00:02:00,3,12.6\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t)
		CHECK_INT(ll_table_nrows(t), 3);
	ll_table_free(t);
	/* columns of two levels beside pandas' index, which neither line
	 * names: one header, "cpu.a" */
	p = PUT("two_levels.csv", ",cpu,cpu,mem,mem\n,a,b,a,b\n0,0,1,2,3\n1,4,5,6,7\n2,8,9,10,11\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_ncols(t), 5);
		CHECK_STR(ll_table_col_name(t, 1), "cpu.a");
		CHECK_STR(ll_table_col_name(t, 4), "mem.b");
		CHECK_NEAR(ll_table_num(t, 2, 4), 11, 0);
	}
	ll_table_free(t);
	/* numpy.savetxt of one column with its header: "# name" names it */
	p = PUT("one_col.txt", "# speed\n1.5e+00\n2.5e+00\n3.5e+00\n4.5e+00\n5.5e+00\n6.5e+00\n7.5e+00\n"
			       "8.5e+00\n9.5e+00\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "csv");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 9);
		CHECK_INT(ll_table_ncols(t), 1);
		CHECK_STR(ll_table_col_name(t, 0), "speed");
		CHECK_NEAR(ll_table_num(t, 8, 0), 9.5, 0);
	}
	ll_table_free(t);
	/* a remark above one column names nothing */
	p = PUT("one_col_remark.txt", "# written by the probe\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t)
		CHECK(ll_table_find_column(t, "written by the probe") < 0);
	ll_table_free(t);
}

/* Numbers with a decimal comma under a locale that writes them (sadf -d,
 * sadf -p under de_DE): every line splits as consistently on its commas as
 * on its ';' or tabs, and the comma, between digits each time, is the
 * cells' decimal mark. Before, the comma won the tie: 7 columns of text
 * and the file a log. */
static void test_decimal_commas(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	const char *p = PUT("sar_de.csv", "# hostname;interval;timestamp;CPU;%user;%nice;%idle\n"
					  "vm;1;2026-12-07 10:28:50 UTC;-1;0,00;87,50;12,50\n"
					  "vm;1;2026-12-07 10:28:51 UTC;-1;0,50;86,07;7,96\n"
					  "vm;1;2026-12-07 10:28:52 UTC;-1;3,48;81,09;14,93\n"
					  "vm;1;2026-12-07 10:28:53 UTC;-1;1,00;90,00;9,00\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "csv");
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_INT(ll_table_ncols(t), 7);
		CHECK_STR(ll_table_col_name(t, 4), "%user");
		CHECK_INT(ll_table_col_type(t, 2), LL_COL_TIME);
		CHECK_INT(ll_table_col_type(t, 5), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 1, 5), 86.07, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, 6), 14.93, 1e-9);
	}
	ll_table_free(t);
	/* tabs, no header: the same tie */
	p = PUT("tab_de.tsv", "vm\t2026-12-07 10:28:50 UTC\t0,00\t87,50\n"
			      "vm\t2026-12-07 10:28:51 UTC\t0,50\t86,07\n"
			      "vm\t2026-12-07 10:28:52 UTC\t3,48\t81,09\n"
			      "vm\t2026-12-07 10:28:53 UTC\t1,00\t90,00\n");
	CHECK_INT(load(p, "csv", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 4);
		CHECK_INT(ll_table_nrows(t), 4);
		if (ll_table_ncols(t) == 4)
			CHECK_NEAR(ll_table_num(t, 1, 3), 86.07, 1e-9);
	}
	ll_table_free(t);
	/* a comma between words keeps the comma: "a,b;c" on every line */
	p = PUT("comma_words.csv", "name,note\nx;1,a;b\ny;2,c;d\nz;3,e;f\n");
	CHECK_INT(load(p, NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 2);
		CHECK_STR(ll_table_col_name(t, 1), "note");
	}
	ll_table_free(t);
}

/* A metrics file whose header comes again with a column added after a
 * restart: one table of every column, the new one missing before it.
 * Before: a log of lines (half the rows 3 cells, half 4). */
static void test_widened_header(void)
{
	char x[8192];
	size_t len = (size_t)snprintf(x, sizeof x, "time,cpu,mem\n");
	for (int r = 0; r < 30; r++)
		len += (size_t)snprintf(x + len, sizeof x - len, "2026-12-07T10:00:%02dZ,%d.5,%d\n", r, r, 1000 + r);
	len += (size_t)snprintf(x + len, sizeof x - len, "time,cpu,mem,gpu\n");
	for (int r = 30; r < 60; r++)
		len += (size_t)snprintf(x + len, sizeof x - len, "2026-12-07T10:00:%02dZ,%d.5,%d,0.%d\n", r, r, 1000 + r,
					r % 10);
	struct ll_table *t = NULL;
	struct ll_err e;
	const char *used;
	CHECK_INT(load(put("restart_gpu.csv", x, len), NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "csv");
		CHECK_INT(ll_table_nrows(t), 60);
		CHECK_INT(ll_table_ncols(t), 4);
		int gpu = ll_table_find_column(t, "gpu"), cpu = ll_table_find_column(t, "cpu");
		CHECK(gpu >= 0 && cpu >= 0);
		if (gpu >= 0 && cpu >= 0) {
			CHECK(isnan(ll_table_num(t, 10, (size_t)gpu)));
			CHECK_NEAR(ll_table_num(t, 35, (size_t)gpu), 0.5, 1e-9);
			CHECK_NEAR(ll_table_num(t, 35, (size_t)cpu), 35.5, 1e-9);
			CHECK_NEAR(ll_table_num(t, 59, 0), ll_time_from_civil(2026, 12, 7, 10, 0, 59), 1e-6);
		}
		CHECK(ll_test_has_note(t, "with columns added"));
	}
	ll_table_free(t);
	/* a header repeated unchanged stays the generic loader's: one table,
	 * the repeat left out; a later header of other names is no widening */
	len = (size_t)snprintf(x, sizeof x, "time,cpu\n2026-12-07T10:00:00Z,1\n2026-12-07T10:00:01Z,2\n"
					 "time,cpu\n2026-12-07T10:00:02Z,3\n2026-12-07T10:00:03Z,4\n");
	CHECK_INT(load(put("restart_same.csv", x, len), NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK(!ll_test_has_note(t, "with columns added"));
	}
	ll_table_free(t);
	/* ... wherever the wider header comes: here past the first 64 KiB
	 * (3000 rows under the first) */
	size_t cap = 200000;
	char *big = malloc(cap);
	CHECK(big != NULL);
	if (!big)
		return;
	len = (size_t)snprintf(big, cap, "ts_ms,cpu,mem\n");
	for (int r = 0; r < 4000; r++) {
		if (r == 3000)
			len += (size_t)snprintf(big + len, cap - len, "ts_ms,cpu,mem,gpu\n");
		len += (size_t)snprintf(big + len, cap - len, r < 3000 ? "%lld,%d.5,%d\n" : "%lld,%d.5,%d,0.%d\n",
					1765101600000LL + r * 1000LL, r % 100, 1000 + r, r % 10);
	}
	CHECK(len > 65536 + 1000);
	CHECK_INT(load(put("restart_late.csv", big, len), NULL, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "csv");
		CHECK_INT(ll_table_nrows(t), 4000);
		CHECK_INT(ll_table_ncols(t), 4);
		int gpu = ll_table_find_column(t, "gpu");
		CHECK(gpu >= 0);
		if (gpu >= 0) {
			CHECK(isnan(ll_table_num(t, 2999, (size_t)gpu)));
			CHECK_NEAR(ll_table_num(t, 3005, (size_t)gpu), 0.5, 1e-9);
		}
		CHECK(ll_test_has_note(t, "with columns added"));
	}
	ll_table_free(t);
	free(big);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/ll_test_csv.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	test_quotes();
	test_header_detection();
	test_delimiters_and_types();
	test_labels();
	test_ragged_and_odd();
	test_late_text();
	test_dstat_edge();
	test_specialised_sniffing();
	test_json_not_dstat();
	test_tabbed_log_no_preamble();
	test_numbers_matrix();
	test_npy();
	test_dstat_sniffing();
	test_fuzz_findings();
	test_comment_headers();
	test_decimal_commas();
	test_widened_header();
	test_formatted_numbers();
	test_numbers_series();
	test_date_order();
	test_durations();
	test_short_header();
	test_export_habits();
	test_many_sections();
	test_pandas_habits();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
