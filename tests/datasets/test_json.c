/*
 * test_json.c - the "json" and "jsonl" readers: flattening, column union
 * and types, labels, detection, gzip, error messages with positions, the
 * real Hadoop job report, and a 100k-line JSON Lines file.
 */
#include "harness.h"

#include "cell_at.h"

#include "ds_json_pair.h"
#include "ds_csv.h"
#include "ds_reader.h"
#include "ll_time.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static char tmpdir[] = "/tmp/ll_test_json_XXXXXX";

/* Writes content into tmpdir/name; returns the path in a static buffer. */
static const char *put(const char *name, const char *content, size_t len)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(content, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(99);
	}
	return path;
}

static const char *puts_(const char *name, const char *content) { return put(name, content, strlen(content)); }

static int load(const char *path, const char *format, struct ll_table **t, struct ll_err *err)
{
	struct ds_open_opts o = {.format = format, .default_year = 2024};
	ll_err_clear(err);
	return ds_load(path, &o, t, NULL, err);
}

static int col(const struct ll_table *t, const char *name) { return ll_table_find_column(t, name); }

static const char *text(const struct ll_table *t, size_t row, const char *name)
{
	int c = col(t, name);
	return c < 0 ? NULL : ll_table_text(t, row, (size_t)c);
}

static double num(const struct ll_table *t, size_t row, const char *name)
{
	int c = col(t, name);
	return c < 0 ? -12345.0 : ll_table_num(t, row, (size_t)c);
}

/* Whether one of t's notes holds want. */
static int noted(const struct ll_table *t, const char *want)
{
	for (size_t i = 0; i < ll_table_nnotes(t); i++)
		if (strstr(ll_table_note_text(t, i), want))
			return 1;
	return 0;
}

static int type(const struct ll_table *t, const char *name)
{
	int c = col(t, name);
	return c < 0 ? -1 : (int)ll_table_col_type(t, (size_t)c);
}

/* The Hadoop History Server job report: one record, 28 leaves. The expected
 * values come from flattening the file with Python's json module (objects
 * joined with '.'; the ACL list of names and values is a map, so 26
 * columns); its epoch milliseconds under names ending in "Time" are times,
 * its average durations ("avgMapTime") numbers. */
static void test_hadoop(void)
{
	struct ll_table *t;
	struct ll_err err;
	const char *path = ll_test_data("hadoop_job_json/history_job_example.json");
	int rc = load(path, NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_STR(ll_table_meta(t, "format"), "json");
	CHECK_INT(ll_table_nrows(t), 1);
	CHECK_INT(ll_table_ncols(t), 26);
	CHECK_STR(ll_table_col_name(t, 0), "job.submitTime");
	CHECK_STR(ll_table_col_name(t, 25), "job.finishTime");
	CHECK_STR(text(t, 0, "job.state"), "SUCCEEDED");
	CHECK_INT(type(t, "job.submitTime"), LL_COL_TIME);
	CHECK_NEAR(num(t, 0, "job.submitTime"), 1326381446.5, 1e-6);
	CHECK_NEAR(num(t, 0, "job.finishTime"), 1326381582.106, 1e-6);
	CHECK_INT(type(t, "job.avgReduceTime"), LL_COL_NUM);
	CHECK_NEAR(num(t, 0, "job.avgReduceTime"), 124961, 0);
	CHECK_STR(text(t, 0, "job.acls.mapreduce.job.acl-modify-job"), " ");
	CHECK_STR(text(t, 0, "job.acls.mapreduce.job.acl-view-job"), " ");
	CHECK_STR(text(t, 0, "job.uberized"), "false");
	CHECK_STR(text(t, 0, "job.diagnostics"), "");
	CHECK_STR(text(t, 0, "job.name"), "Sleep job");
	CHECK_INT(ll_table_nclasses(t), 0);
	ll_table_free(t);

	/* The same file gzip-compressed under a name without .json loads the same. */
	FILE *f = fopen(path, "rb");
	char buf[4096];
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	if (f)
		fclose(f);
	char gz[512];
	snprintf(gz, sizeof gz, "%s/job.dat", tmpdir);
	gzFile g = gzopen(gz, "wb");
	CHECK(g != NULL);
	if (!g)
		return;
	gzwrite(g, buf, (unsigned)n);
	gzclose(g);
	rc = load(gz, NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_STR(ll_table_meta(t, "format"), "json");
		CHECK_INT(ll_table_ncols(t), 26);
		CHECK_STR(text(t, 0, "job.state"), "SUCCEEDED");
		ll_table_free(t);
	}
}

/* An array of objects: union of keys in first-seen order, type per column. */
static void test_records(void)
{
	const char *path = puts_("recs.json",
				 "[\n"
				 " {\"id\": 1, \"host\": \"a\", \"when\": \"2015-07-10 14:24:00\", \"ok\": true,"
				 " \"m\": {\"cpu\": 0.5, \"tags\": [\"x\", \"y\"]}},\n"
				 " {\"id\": 2.25, \"host\": null, \"when\": \"2015-07-10T14:25:00Z\", \"ok\": false,"
				 " \"extra\": \"e\", \"mixed\": 1},\n"
				 " {\"id\": -3e2, \"when\": \"\", \"m\": {\"cpu\": 1}, \"mixed\": \"s\", \"code\": \"123456789\","
				 " \"empty\": {}, \"none\": [], \"nul\": null}\n"
				 "]\n");
	struct ll_table *t;
	struct ll_err err;
	int rc = load(path, NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_STR(ll_table_meta(t, "format"), "json");
	CHECK_INT(ll_table_nrows(t), 3);
	/* id host when ok m.cpu m.tags.0 m.tags.1 extra mixed code nul */
	CHECK_INT(ll_table_ncols(t), 11);
	static const char *order[] = {"id", "host", "when", "ok", "m.cpu", "m.tags.0", "m.tags.1",
				      "extra", "mixed", "code", "nul"};
	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		CHECK_STR(ll_table_col_name(t, i), order[i]);
	CHECK_INT(type(t, "id"), LL_COL_NUM);
	CHECK_NEAR(num(t, 0, "id"), 1, 0);
	CHECK_NEAR(num(t, 1, "id"), 2.25, 0);
	CHECK_NEAR(num(t, 2, "id"), -300, 0);
	CHECK_INT(type(t, "host"), LL_COL_TEXT);
	CHECK_STR(text(t, 0, "host"), "a");
	CHECK_STR(text(t, 1, "host"), "");
	CHECK_STR(text(t, 2, "host"), "");
	CHECK_INT(type(t, "when"), LL_COL_TIME);
	CHECK_NEAR(num(t, 0, "when"), ll_time_from_civil(2015, 7, 10, 14, 24, 0), 1e-6);
	CHECK_NEAR(num(t, 1, "when"), ll_time_from_civil(2015, 7, 10, 14, 25, 0), 1e-6);
	CHECK(isnan(num(t, 2, "when")));
	CHECK_INT(type(t, "ok"), LL_COL_TEXT);
	CHECK_STR(text(t, 0, "ok"), "true");
	CHECK_STR(text(t, 1, "ok"), "false");
	CHECK_STR(text(t, 2, "ok"), "");
	CHECK_INT(type(t, "m.cpu"), LL_COL_NUM);
	CHECK_NEAR(num(t, 0, "m.cpu"), 0.5, 0);
	CHECK(isnan(num(t, 1, "m.cpu")));
	CHECK_NEAR(num(t, 2, "m.cpu"), 1, 0);
	CHECK_STR(text(t, 0, "m.tags.1"), "y");
	CHECK_STR(text(t, 1, "extra"), "e");
	/* A number and a string in one column: text, the number written shortest. */
	CHECK_INT(type(t, "mixed"), LL_COL_TEXT);
	CHECK_STR(text(t, 1, "mixed"), "1");
	CHECK_STR(text(t, 2, "mixed"), "s");
	/* A quoted number is an identifier, not an epoch time. */
	CHECK_INT(type(t, "code"), LL_COL_TEXT);
	CHECK_STR(text(t, 2, "code"), "123456789");
	CHECK_INT(col(t, "empty"), -1);
	CHECK_INT(col(t, "none"), -1);
	ll_table_free(t);
}

/* Scalars: a bare document and an array of scalars both use "value";
 * arrays nested in a record get one column per index. */
/* Colour codes a logger wrote into a string ("\u001b[32m", escaped or
 * raw) are removed from its cell, as from a text log's lines; through the
 * record scanner (JSON Lines) and through cJSON (a document) alike. */
static void test_colour_codes(void)
{
	const char *lines = "{\"time\":\"2024-01-01T10:00:00Z\",\"msg\":\"\\u001b[32mstarted\\u001b[0m server\"}\n"
			    "{\"time\":\"2024-01-01T10:00:01Z\",\"msg\":\"\\u001b[1;31mERROR\\u001b[m disk full\"}\n";
	const char *doc = "[{\"msg\": \"\\u001b[33mslow\\u001b[0m request\", \"n\": 1},\n"
			  " {\"msg\": \"plain\", \"n\": 2}]\n";
	struct ll_table *t;
	struct ll_err err;
	int rc = load(puts_("colour.jsonl", lines), "jsonl", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_STR(text(t, 0, "msg"), "started server");
		CHECK_STR(text(t, 1, "msg"), "ERROR disk full");
		ll_table_free(t);
	}
	rc = load(puts_("colour.json", doc), "json", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_STR(text(t, 0, "msg"), "slow request");
		CHECK_STR(text(t, 1, "msg"), "plain");
		ll_table_free(t);
	}
}

static void test_scalars(void)
{
	struct ll_table *t;
	struct ll_err err;
	int rc = load(puts_("scal.json", "[1, \"two\", null, [3, 4]]"), "json", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_INT(ll_table_ncols(t), 3);
		CHECK_STR(ll_table_col_name(t, 0), "value");
		CHECK_STR(ll_table_col_name(t, 1), "0");
		CHECK_STR(ll_table_col_name(t, 2), "1");
		CHECK_STR(text(t, 0, "value"), "1");
		CHECK_STR(text(t, 1, "value"), "two");
		CHECK_STR(text(t, 2, "value"), "");
		CHECK_NEAR(num(t, 3, "1"), 4, 0);
		ll_table_free(t);
	}
	rc = load(puts_("one.json", "  42.5 \n"), "json", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK_NEAR(num(t, 0, "value"), 42.5, 0);
		ll_table_free(t);
	}
	rc = load(puts_("emptyarr.json", "[]"), "json", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 0);
		CHECK_INT(ll_table_ncols(t), 0);
		ll_table_free(t);
	}
	/* A UTF-8 byte order mark is skipped. */
	rc = load(puts_("bom.json", "\xef\xbb\xbf{\"a\": [10, 20]}"), "json", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_NEAR(num(t, 0, "a.1"), 20, 0);
		ll_table_free(t);
	}
}

/* label / class keys become class labels, not columns. */
static void test_labels(void)
{
	struct ll_table *t;
	struct ll_err err;
	int rc = load(puts_("lab.jsonl",
			    "{\"msg\": \"disk ok\", \"label\": \"normal\"}\n"
			    "{\"msg\": \"disk failed\", \"label\": \"alert\"}\n"
			    "\n"
			    "{\"msg\": \"no label\"}\n"
			    "{\"msg\": \"null label\", \"label\": null}\n"
			    "{\"msg\": \"again\", \"label\": \"normal\", \"class\": 7}\n"),
		      NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_STR(ll_table_meta(t, "format"), "jsonl");
		CHECK_INT(ll_table_nrows(t), 5);
		CHECK_INT(ll_table_ncols(t), 2);
		CHECK_INT(col(t, "label"), -1);
		CHECK_INT(type(t, "class"), LL_COL_NUM);
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_STR(ll_table_class_name(t, 0), "normal");
		CHECK_STR(ll_table_class_name(t, 1), "alert");
		CHECK_INT(ll_table_label(t, 0), 0);
		CHECK_INT(ll_table_label(t, 1), 1);
		CHECK_INT(ll_table_label(t, 2), LL_NO_LABEL);
		CHECK_INT(ll_table_label(t, 3), LL_NO_LABEL);
		CHECK_INT(ll_table_label(t, 4), 0);
		ll_table_free(t);
	}
	/* "class" is the label when the first record carrying either has only it. */
	rc = load(puts_("cls.json", "[{\"v\": 1, \"class\": 1}, {\"v\": 2, \"class\": true}, {\"v\": 3, \"class\": 1}]"),
		  NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_ncols(t), 1);
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_STR(ll_table_class_name(t, 0), "1");
		CHECK_STR(ll_table_class_name(t, 1), "true");
		CHECK_INT(ll_table_label(t, 2), 0);
		ll_table_free(t);
	}
	/* 300 distinct values: not a class, kept as a (number) column with a note. */
	size_t cap = 300 * 40, n = 0;
	char *buf = malloc(cap);
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(buf + n, cap - n, "{\"label\": %d, \"x\": \"r%d\"}\n", i, i);
	rc = load(put("many.jsonl", buf, n), NULL, &t, &err);
	free(buf);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nclasses(t), 0);
		CHECK_INT(type(t, "label"), LL_COL_NUM);
		CHECK_NEAR(num(t, 299, "label"), 299, 0);
		CHECK_STR(text(t, 299, "x"), "r299");
		CHECK_INT(ll_table_nnotes(t), 1);
		CHECK(ll_table_nnotes(t) && strstr(ll_table_note_text(t, 0), "more than 256 distinct") != NULL);
		ll_table_free(t);
	}
}

/* Error messages: file, line (and column for documents), what went wrong. */
/* a label key by another name (a dataset's label_column) */
static void test_label_column(void)
{
	struct ll_table *t;
	struct ll_err err;
	const char *p = puts_("kind.jsonl", "{\"v\": 0.5, \"kind\": \"ok\", \"label\": \"z\"}\n"
					      "{\"v\": 0.9, \"kind\": \"fault\"}\n");
	int rc = load(p, "jsonl:label=kind", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_STR(ll_table_class_name(t, 1), "fault");
		CHECK_INT(col(t, "kind"), -1);
		CHECK(col(t, "label") >= 0); /* an ordinary column now */
		ll_table_free(t);
	}
	rc = load(p, "jsonl:label=nope", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "kind.jsonl: no record has a top-level key \"nope\" for the labels") != NULL);
}

static void test_errors(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	char want[600];

	/* jsonl, line 3 byte 9 is the stray '}' (cJSON stops where the value
	 * cannot continue). */
	const char *p = puts_("bad.jsonl", "{\"a\": 1}\n\n{\"a\": 2}}\n{\"a\": 3}\n");
	/* One line in three is not JSON: detection reads a log... */
	int rc = load(p, NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	CHECK(t && strcmp(ll_table_meta(t, "format"), "jsonl") != 0 && ll_table_nrows(t) == 4);
	ll_table_free(t);
	t = NULL;
	/* ...and read as JSON Lines it is a data error naming the line. */
	rc = load(p, "jsonl", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(t == NULL);
	snprintf(want, sizeof want, "%s:3: malformed JSON near byte 9: ", p);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(strstr(err.msg, "more data after the value: `}`") != NULL);

	p = puts_("bad2.jsonl", "{\"a\": 1}\n{\"a\": tru}\n");
	rc = load(p, "jsonl", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	snprintf(want, sizeof want, "%s:2: malformed JSON near byte ", p);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);

	/* A document cut off in a string: truncated, located where the cut-off
	 * string's text starts (line 3, column 15: the quote is at 14). */
	p = puts_("trunc.json", "{\n  \"a\": [1, 2],\n  \"b\": {\"c\": \"unterminated");
	rc = load(p, "json", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	snprintf(want, sizeof want, "%s:3:15: malformed JSON near byte ", p);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(strstr(err.msg, "truncated") != NULL);
	/* Cut after a separator: the last byte. */
	p = puts_("trunc2.json", "[{\"a\": 1},\n {\"a\": 2},");
	rc = load(p, "json", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	snprintf(want, sizeof want, "%s:2:10: malformed JSON near byte ", p);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(strstr(err.msg, "truncated") != NULL);
	/* The same file with a real syntax error before the end is not called truncated. */
	p = puts_("syntax.json", "{\n  \"a\": [1, 2,\n  \"b\": {\"c\": \"unterminated");
	rc = load(p, "json", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	snprintf(want, sizeof want, "%s:3:6: malformed JSON near byte 21: unexpected `: {", p);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(strstr(err.msg, "truncated") == NULL);

	/* A bad token on line 3, column 8 (1-based; "  \"b\": " is 7 bytes). */
	p = puts_("tok.json", "{\n  \"a\": 1,\n  \"b\": nope\n}\n");
	rc = load(p, NULL, &t, &err); /* not valid JSON: lines of text */
	CHECK_INT(rc, LL_OK);
	CHECK(t && strcmp(ll_table_meta(t, "format"), "json") != 0);
	ll_table_free(t);
	t = NULL;
	rc = load(p, "json", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	snprintf(want, sizeof want, "%s:3:8: malformed JSON", p);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(strstr(err.msg, "`nope") != NULL);

	/* Several documents forced as one: points to where the second starts. */
	p = puts_("two.json", "{\"a\": 1}\n{\"a\": 2}\n");
	rc = load(p, "json", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	snprintf(want, sizeof want, "%s:2:1: malformed JSON near byte 9: more data", p);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(strstr(err.msg, "jsonl") != NULL);

	/* Empty and blank inputs. */
	p = puts_("empty.json", "");
	rc = load(p, "json", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, p) != NULL);
	p = puts_("blank.jsonl", "\n \n\t\n");
	rc = load(p, "jsonl", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, p) != NULL);

	/* Nesting deeper than cJSON's limit (1000) is an error, not a crash. */
	size_t depth = 5000;
	char *deep = malloc(2 * depth);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	p = put("deep.json", deep, 2 * depth);
	free(deep);
	rc = load(p, "json", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, p) != NULL);

	/* One record with 20000 array elements is not a table. */
	size_t cap = 20000 * 8 + 16, n = 0;
	char *wide = malloc(cap);
	n += (size_t)snprintf(wide + n, cap - n, "{\"a\": [");
	for (int i = 0; i < 20000; i++)
		n += (size_t)snprintf(wide + n, cap - n, "%s%d", i ? "," : "", i);
	n += (size_t)snprintf(wide + n, cap - n, "]}");
	p = put("wide.json", wide, n);
	free(wide);
	rc = load(p, "json", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "distinct keys") != NULL);

	/* Binary junk with NULs. */
	static const char junk[] = {'{', 0, 1, 2, '"', (char)0xff, '}', 0};
	p = put("junk.json", junk, sizeof junk);
	rc = load(p, "json", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, p) != NULL);
	rc = load(p, "jsonl", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, p) != NULL);
}

/* A few lines that are not JSON: the last one cut short while written is
 * skipped (found by detection too), a stray line in fifty or more is
 * skipped with a note naming it, more is an error naming the first. */
static void test_stray_lines(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	char want[600], buf[8192];

	const char *p = puts_("cut.jsonl", "{\"a\": 1, \"t\": \"x\"}\n{\"a\": 2, \"t\": \"y\"}\n"
					   "{\"a\": 3, \"t\": \"z\"}\n{\"a\": 4, \"t\": \"w");
	int rc = load(p, NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_STR(ll_table_meta(t, "format"), "jsonl");
		CHECK_INT((int)ll_table_nrows(t), 3);
		snprintf(want, sizeof want, "%s:4: the last line is a record cut short", p);
		CHECK(ll_test_has_note(t, want));
	}
	ll_table_free(t);
	t = NULL;

	/* a cut-short line before the end is a stray line like any other */
	p = puts_("cutmid.jsonl", "{\"a\": 1}\n{\"a\": 2, \"t\": \"y\n{\"a\": 3}\n");
	rc = load(p, "jsonl", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	snprintf(want, sizeof want, "%s:2: malformed JSON", p);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);

	/* one stray line in 60 that opens an object but is none: skipped, named */
	size_t n = 0;
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, i == 20 ? "{\"a\": tru}\n" : "{\"a\": %d}\n", i);
	p = put("stray.jsonl", buf, n);
	rc = load(p, "jsonl", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT((int)ll_table_nrows(t), 59);
		CHECK_NEAR(num(t, 20, "a"), 21, 0);
		snprintf(want, sizeof want, "%s: 1 of 60 lines skipped, not JSON (first: %s:21: malformed JSON", p, p);
		CHECK(ll_test_has_note(t, want));
	}
	ll_table_free(t);
	t = NULL;

	/* three in sixty that open an object but are none: not JSON Lines */
	n = 0;
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, i % 20 == 5 ? "{\"a\": %d,,}\n" : "{\"a\": %d}\n", i);
	p = put("strays.jsonl", buf, n);
	rc = load(p, "jsonl", &t, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(t == NULL);
	snprintf(want, sizeof want, "%s:6: malformed JSON", p);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(strstr(err.msg, "(and 2 more of the 60 lines are not JSON)") != NULL);
	t = NULL;
}

/* Lines of text among JSON Lines (a banner, a library's plain line, a
 * traceback): a row each, the text in the records' message key, while
 * they are at most half the lines; more is no JSON Lines. */
static void test_text_lines(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	char buf[8192], want[512];
	size_t n = 0;
	for (int i = 0; i < 12; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      i % 4 == 1 ? "Traceback line %d\r\n"
						 : "{\"ts\": \"2024-03-01T10:00:%02dZ\", \"level\": \"info\", \"msg\": \"m%d\"}\n",
				      i, i);
	const char *p = put("text.jsonl", buf, n);
	CHECK_INT(load(p, NULL, &t, &err), LL_OK);
	if (t) {
		CHECK_INT((int)ll_table_nrows(t), 12);
		CHECK_STR(text(t, 0, "msg"), "m0");
		CHECK_STR(text(t, 1, "msg"), "Traceback line 1");
		CHECK(isnan(num(t, 1, "ts")) && type(t, "ts") == LL_COL_TIME);
		snprintf(want, sizeof want, "%s: 3 of 12 lines are text, not JSON: a row each, the text in \"msg\" (first: line 2)",
			 p);
		CHECK(noted(t, want));
		ll_table_free(t);
		t = NULL;
	}
	/* "message" before "msg" when a record has both */
	p = puts_("text4.jsonl", "{\"msg\": \"a\", \"message\": \"b\"}\nplain\n{\"msg\": \"c\"}\n");
	CHECK_INT(load(p, "jsonl", &t, &err), LL_OK);
	if (t) {
		CHECK_STR(text(t, 1, "message"), "plain");
		ll_table_free(t);
		t = NULL;
	}
	/* no message key among the records: "message" */
	p = puts_("text2.jsonl", "hello\n{\"a\": 1}\n{\"a\": 2}\n");
	CHECK_INT(load(p, "jsonl", &t, &err), LL_OK);
	if (t) {
		CHECK_STR(text(t, 0, "message"), "hello");
		CHECK(num(t, 2, "a") == 2);
		ll_table_free(t);
		t = NULL;
	}
	/* more text than JSON: refused, the first text line named */
	p = puts_("text3.jsonl", "one\n{\"a\": 1}\ntwo\nthree\n");
	CHECK_INT(load(p, "jsonl", &t, &err), LL_EDATA);
	snprintf(want, sizeof want, "%s:1: not JSON, a line of text among JSON Lines", p);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
}

/* A record whose writer put a line break raw inside a string runs over
 * the next lines: read whole when it ends within a few lines that open
 * no object; a record cut short before another stays skipped. Detected:
 * the lines that open no object are text beside two in three that are. */
static void test_raw_breaks(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	const char *p = puts_("raw.jsonl", "{\"log\": \"a\", \"stream\": \"stdout\"}\n"
					   "{\"log\": \"b 200 0\r\n0 47\", \"stream\": \"stdout\"}\r\n"
					   "{\"log\": \"c\nd\ne\", \"stream\": \"stderr\"}\n"
					   "{\"log\": \"cut\n"
					   "{\"log\": \"f\", \"stream\": \"stdout\"}\n"
					   "{\"log\": \"g\", \"stream\": \"stdout\"}\n"
					   "{\"log\": \"h\", \"stream\": \"stdout\"}\n"
					   "{\"log\": \"i\", \"stream\": \"stdout\"}\n"
					   "{\"log\": \"j\", \"stream\": \"stdout\"}\n"
					   "{\"log\": \"k\", \"stream\": \"stdout\"}\n");
	CHECK_INT(load(p, NULL, &t, &err), LL_OK);
	if (t) {
		CHECK_INT((int)ll_table_nrows(t), 9);
		CHECK_STR(text(t, 1, "log"), "b 200 0\r\n0 47");
		CHECK_STR(text(t, 2, "log"), "c\nd\ne");
		CHECK_STR(text(t, 2, "stream"), "stderr");
		CHECK_STR(text(t, 3, "log"), "f");
		char want[512];
		snprintf(want, sizeof want, "%s: 2 records over several lines (a line break written raw inside a string): "
			 "read whole (first: line 2)", p);
		CHECK(noted(t, want));
		CHECK(noted(t, "a record cut short"));
		ll_table_free(t);
	}
}

/* Each reader's own sniffing (the registry picks the highest score). */
static void test_sniff(void)
{
	const struct ds_reader *json = ds_reader_find("json"), *jsonl = ds_reader_find("jsonl");
	CHECK(json != NULL && jsonl != NULL);
	if (!json || !jsonl)
		return;
	const char *doc = "{\n  \"a\": 1\n}\n";
	const char *lines = "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}\n";
	const char *pretty = "[\n{\"a\": 1},\n{\"a\": 2}\n]\n";
	CHECK(json->sniff("x.txt", doc, strlen(doc)) > jsonl->sniff("x.txt", doc, strlen(doc)));
	CHECK(jsonl->sniff("x.txt", lines, strlen(lines)) > json->sniff("x.txt", lines, strlen(lines)));
	CHECK(json->sniff("x", pretty, strlen(pretty)) > jsonl->sniff("x", pretty, strlen(pretty)));
	/* names never count, only content */
	CHECK_INT(jsonl->sniff("events.ndjson.gz", "", 0), 0);
	CHECK_INT(json->sniff("x.json", "[Sun Dec 04 04:47:44 2005] [notice] ok\n", 39), 0);
	CHECK_INT(json->sniff("x.json", "{not json}\n", 11), 0);
	const char *arr = "[1, 2.5, \"x\", true, null, {\"a\": []}]";
	CHECK(json->sniff("x.txt", arr, strlen(arr)) > 0);
	CHECK_INT(json->sniff("x.log", "Jun 14 15:16:01 host x", 22), 0);
	CHECK_INT(jsonl->sniff("x.log", "Jun 14 15:16:01 host x", 22), 0);
	CHECK_INT(json->sniff("x.log", NULL, 0), 0);
	/* A window cut mid-line: the partial last line does not count against jsonl. */
	const char *cut = "{\"a\": 1}\n{\"a\": 2}\n{\"a\": ";
	CHECK(jsonl->sniff("x", cut, strlen(cut)) > json->sniff("x", cut, strlen(cut)));
	/* a sample's first kilobytes may end right after a number's sign:
	 * still a document; a sign with no digits after it is none */
	const char *sign = "[{\"a\": 1.5},{\"a\": -";
	CHECK(json->sniff("x", sign, strlen(sign)) > 0);
	const char *nosign = "[{\"a\": 1.5},{\"a\": -x}]";
	CHECK_INT(json->sniff("x", nosign, strlen(nosign)), 0);
	char big[8192];
	size_t n = 0;
	n += (size_t)snprintf(big + n, sizeof big - n, "[");
	while (n + 12 <= 4096 - 6)
		n += (size_t)snprintf(big + n, sizeof big - n, "{\"a\":1.25},");
	/* pad so the sign is the last byte the sniff's 4096 look at */
	while (n < 4096 - 6)
		big[n++] = ' ';
	n += (size_t)snprintf(big + n, sizeof big - n, "{\"a\":-2.5}]");
	CHECK(big[4095] == '-');
	CHECK(json->sniff("x", big, n) > 0);
}

/* ISO 8601 durations in strings are seconds, as in a CSV's cells (pandas'
 * to_json writes a timedelta as "P0DT1H39M35S"). */
static void test_iso_durations(void)
{
	static const char doc[] = "[{\"job\": \"a\", \"took\": \"PT5M30S\"}, {\"job\": \"b\", \"took\": \"P0DT1H39M35S\"},"
				  " {\"job\": \"c\", \"took\": \"P1DT0.5S\"}, {\"job\": \"d\", \"took\": null}]";
	struct ll_table *t = NULL;
	struct ll_err err;
	CHECK_INT(load(put("durations.json", doc, sizeof doc - 1), NULL, &t, &err), LL_OK);
	if (!t)
		return;
	long c = ll_table_find_column(t, "took");
	CHECK(c >= 0 && ll_table_col_type(t, (size_t)c) == LL_COL_NUM);
	if (c >= 0) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)c), 330, 0);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)c), 5975, 0);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)c), 86400.5, 1e-9);
		CHECK(isnan(ll_table_num(t, 3, (size_t)c)));
	}
	ll_table_free(t);
	/* a P with no units after it is no duration: "P1" stays a name */
	double v;
	CHECK(!ds_csv_people_number("P1", 2, &v) && !ds_csv_people_number("PT", 2, &v));
	CHECK(ds_csv_people_number("PT2S", 4, &v) && v == 2);
}

/* 100k JSON Lines (CRLF, as Windows tools write them; 20k under valgrind,
 * LL_VALGRIND): counts, sums and the time it takes. Expected sums by
 * arithmetic: sum of i for i < n is n(n-1)/2; lat = i % 97 / 4. */
static void test_big_jsonl(void)
{
	const size_t n = getenv("LL_VALGRIND") ? 20000 : 100000;
	size_t cap = n * 120, len = 0;
	char *buf = malloc(cap);
	double latsum = 0;
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(buf + len, cap - len,
					"{\"seq\": %zu, \"lat\": %g, \"host\": \"h%zu\", \"req\": {\"m\": \"GET\"},"
					" \"label\": \"%s\"}\r\n",
					i, (double)(i % 97) / 4, i % 13, i % 50 == 0 ? "slow" : "ok");
		latsum += (double)(i % 97) / 4;
	}
	const char *p = put("big.jsonl", buf, len);
	free(buf);
	struct ll_table *t;
	struct ll_err err;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	int rc = load(p, NULL, &t, &err);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	fprintf(stderr, "%zu JSON Lines (%zu bytes) loaded in %.3f s\n", n, len, secs);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_STR(ll_table_meta(t, "format"), "jsonl");
	CHECK_INT(ll_table_nrows(t), n);
	CHECK_INT(ll_table_ncols(t), 4);
	const double *seq = ll_table_column_data(t, (size_t)col(t, "seq"));
	const double *lat = ll_table_column_data(t, (size_t)col(t, "lat"));
	double s1 = 0, s2 = 0;
	for (size_t i = 0; seq && lat && i < n; i++) {
		s1 += seq[i];
		s2 += lat[i];
	}
	CHECK_NEAR(s1, (double)n * (double)(n - 1) / 2, 0);
	CHECK_NEAR(s2, latsum, 1e-6);
	CHECK_STR(text(t, n - 1, "req.m"), "GET");
	CHECK_STR(text(t, 12, "host"), "h12");
	size_t counts[2] = {0, 0}, none = 0;
	CHECK_INT(ll_table_nclasses(t), 2);
	if (ll_table_nclasses(t) == 2) {
		ll_table_label_counts(t, counts, &none);
		CHECK_STR(ll_table_class_name(t, 0), "slow");
		CHECK_INT(counts[0], n / 50);
		CHECK_INT(counts[1], n - n / 50);
		CHECK_INT(none, 0);
	}
	/* About 0.2 s here in a plain build, 8 s with sanitizers on a busy
	 * machine: a figure, not a check (quadratic behaviour, hours, would
	 * show as a test that does not end) */
	fprintf(stderr, "wide document: %.3f s\n", secs);
	ll_table_free(t);
}

static int rm_all(void)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd);
}

/* A key given again in one record (pino's bound and call fields of one
 * name, a nested and a dotted key that flatten alike): the later values go
 * to x_2, x_3 (a real key x_2 moves on to x_2_2), noted, on every path
 * (JSON Lines by the scanner and by cJSON, a document, lazy or not). */
static void test_repeated_keys(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	const char *p = puts_("rep.jsonl", "{\"t\": 1, \"a\": 1, \"a\": 2}\n"
					   "{\"t\": 2, \"a\": 3, \"a\": 4, \"a\": 5}\n"
					   "{\"t\": 3, \"a\": 6}\n");
	CHECK_INT(load(p, "jsonl", &t, &err), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK(num(t, 0, "a") == 1 && num(t, 0, "a_2") == 2 && isnan(num(t, 0, "a_3")));
		CHECK(num(t, 1, "a") == 3 && num(t, 1, "a_2") == 4 && num(t, 1, "a_3") == 5);
		CHECK(num(t, 2, "a") == 6 && isnan(num(t, 2, "a_2")));
		CHECK(noted(t, "rep.jsonl: key \"a\" given again in one record (2 times, first: line 1): the later value "
			       "in \"a_2\""));
		ll_table_free(t);
		t = NULL;
	}
	/* nested beside dotted, an array beside its index, and a real x_2 */
	p = puts_("rep2.jsonl", "{\"a\": {\"b\": 1}, \"a.b\": 2, \"c\": [7], \"c.0\": 8, \"x\": 1, \"x_2\": 9, \"x\": 3}\n");
	CHECK_INT(load(p, "jsonl", &t, &err), LL_OK);
	if (t) {
		CHECK(num(t, 0, "a.b") == 1 && num(t, 0, "a.b_2") == 2);
		CHECK(num(t, 0, "c.0") == 7 && num(t, 0, "c.0_2") == 8);
		CHECK(num(t, 0, "x") == 1 && num(t, 0, "x_2") == 9 && num(t, 0, "x_3") == 3);
		ll_table_free(t);
		t = NULL;
	}
	/* a document read whole, and records the scanner leaves to cJSON */
	p = puts_("rep.json", "[{\"a\": 1},\n {\"a\": 2, \"a\": \"two\"}]\n");
	CHECK_INT(load(p, "json", &t, &err), LL_OK);
	if (t) {
		CHECK(num(t, 1, "a") == 2);
		CHECK_STR(text(t, 1, "a_2"), "two");
		CHECK(noted(t, "rep.json: key \"a\" given again in one record (1 time, first: record 2)"));
		ll_table_free(t);
		t = NULL;
	}
}

/* A lone UTF-16 surrogate escape (a character cut in half by a writer
 * counting UTF-16 units) is U+FFFD, a pair beside it its character, in
 * JSON Lines (scanner) and in a document (cJSON), \u0000 beside them kept. */
static void test_lone_surrogates(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	const char *p = puts_("sur.jsonl", "{\"m\": \"a\\ud83e\\udd25b\\ud83e\", \"n\": \"\\u0000x\"}\n"
					   "{\"m\": \"\\udd25!\", \"n\": \"ok\"}\n");
	CHECK_INT(load(p, "jsonl", &t, &err), LL_OK);
	if (t) {
		CHECK_STR(text(t, 0, "m"), "a\xf0\x9f\xa4\xa5" "b\xef\xbf\xbd");
		CHECK_STR(text(t, 0, "n"), "\\u0000x");
		CHECK_STR(text(t, 1, "m"), "\xef\xbf\xbd!");
		ll_table_free(t);
		t = NULL;
	}
	p = puts_("sur.json", "[{\"m\": \"x\\uD83EY\\u0000\"}, {\"m\": \"\\ud83e\\udd25\\udd25\"}]");
	CHECK_INT(load(p, "json", &t, &err), LL_OK);
	if (t) {
		CHECK_STR(text(t, 0, "m"), "x\xef\xbf\xbdY\\u0000");
		CHECK_STR(text(t, 1, "m"), "\xf0\x9f\xa4\xa5\xef\xbf\xbd");
		ll_table_free(t);
	}
}

/* The zero time (Go's zero time.Time, .NET's DateTime.MinValue: an API's
 * "never") is a missing time, noted; its column stays a time column, a
 * column of nothing else too, and the table's time starts where the real
 * stamps do, in a document and in JSON Lines alike. */
static void test_zero_time(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	const char *p = puts_("zero.json", "[{\"Id\": \"a\", \"StartedAt\": \"2018-06-14T05:48:53.266176Z\", "
					   "\"FinishedAt\": \"0001-01-01T00:00:00Z\", \"UpdatedAt\": \"0001-01-01T00:00:00Z\"},"
					   "{\"Id\": \"b\", \"StartedAt\": \"2018-06-14T05:50:00Z\", "
					   "\"FinishedAt\": \"2018-06-14T06:00:00Z\", \"UpdatedAt\": \"0001-01-01T00:00:00Z\"}]");
	CHECK_INT(load(p, "json", &t, &err), LL_OK);
	if (t) {
		int f = col(t, "FinishedAt"), u = col(t, "UpdatedAt");
		CHECK(f >= 0 && ll_table_col_type(t, (size_t)f) == LL_COL_TIME);
		CHECK(u >= 0 && ll_table_col_type(t, (size_t)u) == LL_COL_TIME);
		CHECK(isnan(num(t, 0, "FinishedAt")));
		CHECK_NEAR(num(t, 1, "FinishedAt"), ll_time_from_civil(2018, 6, 14, 6, 0, 0), 1e-6);
		CHECK(isnan(num(t, 0, "UpdatedAt")) && isnan(num(t, 1, "UpdatedAt")));
		CHECK(ll_test_has_note(t, "key \"FinishedAt\": 1 value of the zero time 0001-01-01T00:00:00 (first: record 1) "
					  "read as missing"));
		CHECK(ll_test_has_note(t, "key \"UpdatedAt\": 2 values of the zero time"));
		ll_table_free(t);
		t = NULL;
	}
	p = puts_("zero.jsonl", "{\"time\": \"0001-01-01T00:00:00Z\", \"n\": 1}\n"
				"{\"time\": \"2024-03-01T10:00:01Z\", \"n\": 2}\n");
	CHECK_INT(load(p, "jsonl", &t, &err), LL_OK);
	if (t) {
		CHECK(isnan(num(t, 0, "time")));
		CHECK_NEAR(num(t, 1, "time"), ll_time_from_civil(2024, 3, 1, 10, 0, 1), 1e-6);
		CHECK(ll_test_has_note(t, "key \"time\": 1 value of the zero time 0001-01-01T00:00:00 (first: line 1)"));
		ll_table_free(t);
		t = NULL;
	}
	/* a stamp of year 1 that is not the zero instant stays a time */
	p = puts_("year1.jsonl", "{\"time\": \"0001-01-01T00:00:01Z\", \"n\": 1}\n");
	CHECK_INT(load(p, "jsonl", &t, &err), LL_OK);
	if (t) {
		CHECK_NEAR(num(t, 0, "time"), ll_time_from_civil(1, 1, 1, 0, 0, 1), 1e-3);
		ll_table_free(t);
	}
}

/* Values that would be silently lost or changed: a class given twice,
 * numbers beyond a double (data errors naming the line or record), and
 * \u0000 (kept as text). Keys given again are test_repeated_keys'. */
static void test_hostile(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	static const char *const bad[][3] = {
		{"{\"label\": \"x\", \"label\": \"y\"}\n", "d1.json: record 1: the label key \"label\" is given twice", "json"},
		{"{\"n\": 1}\n{\"n\": 1e999}\n", "d2.jsonl:2: \"n\": a number beyond the range of a double", "jsonl"},
		{"[{\"n\": -1e400}]", "d3.json: record 1: \"n\": a number beyond the range of a double", "json"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[16];
		snprintf(name, sizeof name, "d%zu.%s", i + 1, bad[i][2]);
		CHECK_INT(load(puts_(name, bad[i][0]), bad[i][2], &t, &err), LL_EDATA);
		CHECK(t == NULL);
		CHECK(strstr(err.msg, bad[i][1]) != NULL);
		if (!strstr(err.msg, bad[i][1]))
			fprintf(stderr, "  got: %s\n", err.msg);
	}
	/* \u0000 stays the six characters; an escaped backslash before u0000 is
	 * text already; the same in keys and in a document */
	const char *p = puts_("nul.jsonl", "{\"s\": \"x\\u0000y\", \"t\": \"a\\\\u0000b\", \"k\\u0000\": 1}\n");
	CHECK_INT(load(p, "jsonl", &t, &err), LL_OK);
	if (t) {
		CHECK_STR(text(t, 0, "s"), "x\\u0000y");
		CHECK_STR(text(t, 0, "t"), "a\\u0000b");
		CHECK(col(t, "k\\u0000") >= 0);
		ll_table_free(t);
		t = NULL;
	}
	p = puts_("nul.json", "[{\"s\": \"\\u0000\"}, {\"s\": \"\\\\\\u0000z\"}]");
	CHECK_INT(load(p, "json", &t, &err), LL_OK);
	if (t) {
		CHECK_STR(text(t, 0, "s"), "\\u0000");
		CHECK_STR(text(t, 1, "s"), "\\\\u0000z");
		ll_table_free(t);
		t = NULL;
	}
	/* trailing data after a value holding \u0000 is still found */
	p = puts_("nul2.jsonl", "{\"s\": \"\\u0000\"} x\n");
	CHECK_INT(load(p, "jsonl", &t, &err), LL_EDATA);
	CHECK(strstr(err.msg, "more data after the value") != NULL);
}

/* Shapes of exports nobody here wrote: records wrapped in an envelope
 * (CloudTrail, Kubernetes, GitHub's API), epoch numbers under a clock's
 * name, and missing marks among numbers. */
static void test_unseen_shapes(void)
{
	struct ll_table *t;
	struct ll_err err;
	/* {"Records": [...]}: one row per element, names without the prefix */
	int rc = load(puts_("ct.json", "{\"Records\": [{\"eventTime\": \"2024-01-01T00:00:00Z\", \"eventName\": \"Get\","
				       " \"userIdentity\": {\"type\": \"IAMUser\"}},"
				       " {\"eventTime\": \"2024-01-01T00:00:05Z\", \"eventName\": \"Put\"}]}"),
		      NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(ll_table_ncols(t), 3);
		CHECK_INT(type(t, "eventTime"), LL_COL_TIME);
		CHECK_STR(text(t, 1, "eventName"), "Put");
		CHECK_STR(text(t, 0, "userIdentity.type"), "IAMUser");
		CHECK(strstr(ll_table_note_text(t, 0), "the records are the 2 objects of \"Records\"") != NULL);
		ll_table_free(t);
	}
	/* nested one level down, beside metadata that the note counts */
	rc = load(puts_("k8s.json", "{\"kind\": \"EventList\", \"metadata\": {\"rv\": \"1\"}, \"data\": {\"items\": ["
				    "{\"reason\": \"BackOff\", \"count\": 4}, {\"reason\": \"Started\", \"count\": 1},"
				    "{\"reason\": \"Pulled\", \"count\": 2}]}}"),
		  NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_ncols(t), 2);
		CHECK_NEAR(num(t, 2, "count"), 2, 0);
		CHECK(strstr(ll_table_note_text(t, 0), "of \"data.items\"; the document's 2 other values") != NULL);
		ll_table_free(t);
	}
	/* a map of records alike (named by time, by host): a row per member,
	 * its name in "key"; decimals quoted as strings are numbers, quoted
	 * integers stay ids */
	rc = load(puts_("av.json", "{\"Meta\": {\"sym\": \"IBM\"}, \"Series\": {"
				   "\"2024-05-01 10:05:00\": {\"open\": \"100.5\", \"vol\": \"17\"},"
				   "\"2024-05-01 10:00:00\": {\"open\": \"99.25\", \"vol\": \"12\"},"
				   "\"2024-05-01 09:55:00\": {\"open\": \"n/a\", \"vol\": \"9\"}}}"),
		  NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_col_name(t, 0), "key");
		CHECK_INT(type(t, "key"), LL_COL_TIME);
		CHECK_NEAR(num(t, 1, "key"), ll_time_from_civil(2024, 5, 1, 10, 0, 0), 1e-6);
		CHECK_INT(type(t, "open"), LL_COL_NUM);
		CHECK_NEAR(num(t, 1, "open"), 99.25, 0);
		CHECK(isnan(num(t, 2, "open")));
		CHECK_INT(type(t, "vol"), LL_COL_TEXT);
		CHECK(ll_test_has_note(t, "the 3 members of \"Series\" (their names in column \"key\")"));
		CHECK(ll_test_has_note(t, "key \"open\": 1 value such as \"n/a\" (first: record 3) read as missing"));
		ll_table_free(t);
	}
	/* an object of settings, unlike one another, is one record */
	rc = load(puts_("cfg.json", "{\"server\": {\"port\": 80}, \"db\": {\"url\": \"x\"}, \"log\": {\"level\": 1}}"),
		  NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK_INT(ll_table_ncols(t), 3);
		ll_table_free(t);
	}
	/* a record that merely holds a short list keeps it as columns */
	rc = load(puts_("job.json", "{\"job\": {\"id\": \"j1\", \"state\": \"OK\", \"maps\": 3, \"user\": \"u\","
				    " \"acls\": [{\"name\": \"view\"}]}}"),
		  NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK_STR(text(t, 0, "job.acls.0.name"), "view");
		CHECK(ll_table_note_text(t, 0) == NULL);
		ll_table_free(t);
	}
	/* epoch seconds and milliseconds under a clock's name are times; the
	 * same numbers under another name, or a clock name holding small
	 * numbers, stay numbers; "n/a", "-" and "" among numbers are missing */
	rc = load(puts_("ep.jsonl", "{\"ts\": 1521911721.25, \"timestamp\": 1700000000000, \"id\": 1700000000000,"
				    " \"time\": 12, \"lat\": 5}\n"
				    "{\"ts\": 1521911722.5, \"timestamp\": 1700000001000, \"id\": 1700000001000,"
				    " \"time\": 13, \"lat\": \"n/a\"}\n"
				    "{\"ts\": null, \"timestamp\": \"-\", \"lat\": \"\"}\n"
				    "{\"lat\": 7.5, \"mixed\": 1}\n{\"mixed\": \"x\"}\n"),
		  "jsonl", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(type(t, "ts"), LL_COL_TIME);
		CHECK_NEAR(num(t, 1, "ts"), 1521911722.5, 1e-6);
		CHECK(isnan(num(t, 2, "ts")));
		CHECK_INT(type(t, "timestamp"), LL_COL_TIME);
		CHECK_NEAR(num(t, 0, "timestamp"), 1700000000.0, 1e-6);
		CHECK(isnan(num(t, 2, "timestamp")));
		CHECK_INT(type(t, "id"), LL_COL_NUM);
		CHECK_INT(type(t, "time"), LL_COL_NUM);
		CHECK_INT(type(t, "lat"), LL_COL_NUM);
		CHECK_NEAR(num(t, 0, "lat"), 5, 0);
		CHECK(isnan(num(t, 1, "lat")));
		CHECK(isnan(num(t, 2, "lat")));
		CHECK_NEAR(num(t, 3, "lat"), 7.5, 0);
		CHECK_INT(type(t, "mixed"), LL_COL_TEXT);
		ll_table_free(t);
	}
}

/* Stamps under a clock's name with a stray word among them (one in ten at
 * most, of five stamps or more) are still the time, the word missing and
 * noted; more words, or a name that is no clock's, leave the key text. */
static void test_time_strays(void)
{
	struct ll_table *t;
	struct ll_err err;
	char buf[2048];
	size_t w = 0;
	for (int k = 0; k < 12; k++)
		w += (size_t)snprintf(buf + w, sizeof buf - w,
				      "{\"ts\": \"%s\", \"note\": \"%s\", \"at\": \"%s\"}\n",
				      k == 5 ? "xxx" : k % 2 ? "2013-09-06T20:00:48.124Z" : "2013-09-06T20:00:49.5Z",
				      k == 5 ? "xxx" : "2013-09-06T20:00:48Z", k % 3 ? "2013-09-06T20:00:48Z" : "soon");
	int rc = load(puts_("strays.jsonl", buf), "jsonl", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(type(t, "ts"), LL_COL_TIME);
		CHECK(isnan(num(t, 5, "ts")));
		CHECK_NEAR(num(t, 6, "ts"), 1378497649.5, 1e-6);
		CHECK(ll_test_has_note(t, "key \"ts\": 1 value such as \"xxx\" (first: line 6) not a time: read as missing"));
		CHECK_INT(type(t, "note"), LL_COL_TEXT); /* no clock's name */
		CHECK_INT(type(t, "at"), LL_COL_TEXT);   /* four words in twelve */
		ll_table_free(t);
	}
}

/* Numeric dates whose day and month may swap are read in the key's order,
 * day-first when a first field is above 12 (noted); a key that has both
 * kinds is text. Series of [time, value] pairs give a row per pair, then
 * a column per series. */
static void test_date_order_and_series(void)
{
	struct ll_table *t;
	struct ll_err err;
	int rc = load(puts_("dmy.json", "[{\"when\": \"01/04/2019 13:20:05\", \"v\": 1},"
					"{\"when\": \"18/04/2019 13:21\", \"v\": 2}]"),
		      NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(type(t, "when"), LL_COL_TIME);
		CHECK_NEAR(num(t, 0, "when"), 1554124805, 0); /* 1 April */
		CHECK(ll_table_nnotes(t) == 1 && strstr(ll_table_note_text(t, 0), "read day-first"));
		ll_table_free(t);
	}
	rc = load(puts_("both.json", "[{\"when\": \"13/04/2019\"}, {\"when\": \"04/13/2019\"}]"), NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(type(t, "when"), LL_COL_TEXT);
		ll_table_free(t);
	}
	rc = load(puts_("range.json", "{\"data\": {\"result\": ["
				      "{\"metric\": {\"host\": \"a\"}, \"values\": [[1700000000, \"1\"], [1700000015, \"2\"]]},"
				      "{\"metric\": {\"host\": \"b\"}, \"values\": [[1700000000, \"5\"], [1700000015, \"7\"]]}]}}"),
		  NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 4); /* too few rows to tell a long table: a row per pair */
		CHECK_INT(type(t, "time"), LL_COL_TIME);
		CHECK_INT(type(t, "value"), LL_COL_NUM);
		CHECK_STR(text(t, 2, "metric.host"), "b");
		CHECK_NEAR(num(t, 3, "value"), 7, 0);
		ll_table_free(t);
	}
	/* an instant query's "vector": one pair a record, under "value" */
	rc = load(puts_("instant.json", "{\"data\": {\"resultType\": \"vector\", \"result\": ["
					"{\"metric\": {\"host\": \"a\"}, \"value\": [1700000000.5, \"3\"]},"
					"{\"metric\": {\"host\": \"b\"}, \"value\": [1700000000.5, \"NaN\"]}]}}"),
		  NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(type(t, "time"), LL_COL_TIME);
		CHECK_NEAR(num(t, 0, "time"), 1700000000.5, 1e-6);
		CHECK_INT(type(t, "value"), LL_COL_NUM);
		CHECK_NEAR(num(t, 0, "value"), 3, 0);
		CHECK(isnan(num(t, 1, "value")));
		ll_table_free(t);
	}
	/* a pair of small numbers is a range, not a sample */
	rc = load(puts_("ranges.json", "[{\"name\": \"a\", \"range\": [0, 100]}, {\"name\": \"b\", \"range\": [5, 9]}]"),
		  NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK(ll_table_find_column(t, "range.0") >= 0);
		CHECK_INT(ll_table_find_column(t, "time"), -1);
		ll_table_free(t);
	}
}

/* journalctl -o json writes a value that is not printable text as the
 * array of its bytes: beside the key's text values, such arrays are text
 * again (escape sequences removed, a byte that is not UTF-8 as U+FFFD);
 * arrays of numbers with no text beside them, or numbers beyond a byte,
 * stay numbers. */
static void test_byte_arrays(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *p = puts_("bytes.jsonl",
			      "{\"MESSAGE\":\"plain\",\"ports\":[80,443],\"v\":[1,2]}\n"
			      "{\"MESSAGE\":[27,91,49,109,98,111,108,100,27,91,48,109,32,255,10,120],\"v\":[3]}\n"
			      "{\"MESSAGE\":[104,105],\"ports\":[22]}\n"
			      "{\"MESSAGE\":\"last\",\"w\":\"x\",\"w.0\":7}\n");
	CHECK_INT(load(p, "jsonl", &t, &e), LL_OK);
	if (!t)
		return;
	CHECK_INT(type(t, "MESSAGE"), LL_COL_TEXT);
	CHECK_STR(text(t, 1, "MESSAGE"), "bold \xEF\xBF\xBD\nx");
	CHECK_STR(text(t, 2, "MESSAGE"), "hi");
	CHECK_STR(text(t, 3, "MESSAGE"), "last");
	CHECK_INT(ll_table_find_column(t, "MESSAGE.0"), -1);
	CHECK_INT(type(t, "ports.1"), LL_COL_NUM);
	CHECK_INT(type(t, "v.0"), LL_COL_NUM);
	CHECK_INT(type(t, "w.0"), LL_COL_NUM); /* a text value's own row holds it: not bytes */
	CHECK(ll_test_has_note(t, "key \"MESSAGE\": 2 values written as arrays of bytes"));
	ll_table_free(t);
}

/* Exporters that quote every value (journalctl -o json): a quoted integer
 * that reads as an epoch is a time under a name whose last word is a
 * clock's; elsewhere, or out of the epoch ranges, it stays an identifier. */
static void test_quoted_epochs(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *p = puts_("journal.json",
			      "{\"__REALTIME_TIMESTAMP\":\"1709287200123456\",\"__MONOTONIC_TIMESTAMP\":\"12345\","
			      "\"event_time\":\"1709287200\",\"user_id\":\"1709287200\",\"start-ts\":\"1709287200000\","
			      "\"PRIORITY\":\"6\",\"MESSAGE\":\"Accepted publickey\"}\n"
			      "{\"__REALTIME_TIMESTAMP\":\"1709287201000001\",\"__MONOTONIC_TIMESTAMP\":\"22345\","
			      "\"event_time\":\"\",\"user_id\":\"1709287201\",\"start-ts\":\"1709287201000\","
			      "\"PRIORITY\":\"3\",\"MESSAGE\":\"EXT4-fs error\"}\n");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (!t)
		return;
	CHECK_INT(type(t, "__REALTIME_TIMESTAMP"), LL_COL_TIME);
	CHECK_NEAR(num(t, 0, "__REALTIME_TIMESTAMP"), 1709287200.123456, 1e-6);
	CHECK_NEAR(num(t, 1, "__REALTIME_TIMESTAMP"), 1709287201.000001, 1e-6);
	CHECK_INT(type(t, "event_time"), LL_COL_TIME);
	CHECK_NEAR(num(t, 0, "event_time"), 1709287200, 0);
	CHECK(isnan(num(t, 1, "event_time")));
	CHECK_INT(type(t, "start-ts"), LL_COL_TIME);
	CHECK_NEAR(num(t, 1, "start-ts"), 1709287201, 1e-9);
	/* not epochs, or not under a clock's name: identifiers still */
	CHECK_INT(type(t, "__MONOTONIC_TIMESTAMP"), LL_COL_TEXT);
	CHECK_INT(type(t, "user_id"), LL_COL_TEXT);
	CHECK_STR(text(t, 1, "user_id"), "1709287201");
	CHECK_INT(type(t, "PRIORITY"), LL_COL_TEXT);
	ll_table_free(t);
}

/* Quoted integers in records whose writer quotes its measures (docker
 * stats --format '{{json .}}': "0.28%", "47MiB"): a column of them that
 * varies and mostly repeats its values (a container's "PIDs": "30" polled
 * over and over) is a measure; unique per row, zero-padded, under an id's
 * name, or where nothing else is a quoted measure (journalctl -o json),
 * they stay ids. */
static void test_quoted_measures(void)
{
	struct ll_table *t;
	struct ll_err e;
	char buf[8192];
	size_t at = 0;
	for (int i = 0; i < 12; i++)
		at += (size_t)snprintf(buf + at, sizeof buf - at,
				       "{\"CPUPerc\":\"0.%d%%\",\"Name\":\"c%d\",\"PIDs\":\"%d\",\"user_id\":\"%d\","
				       "\"Seq\":\"%d\",\"Zone\":\"00%d\",\"Const\":\"7\"}\n",
				       i, i % 3, 10 + i % 3 + (i > 8), 100 + i % 3, 500 + i, i % 3);
	CHECK_INT(load(puts_("dstats.jsonl", buf), NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_INT(type(t, "CPUPerc"), LL_COL_NUM);
		CHECK_INT(type(t, "PIDs"), LL_COL_NUM);
		CHECK_NEAR(num(t, 0, "PIDs"), 10, 0);
		CHECK_NEAR(num(t, 11, "PIDs"), 13, 0);
		CHECK_INT(type(t, "user_id"), LL_COL_TEXT); /* an id's name */
		CHECK_INT(type(t, "Seq"), LL_COL_TEXT);     /* a value per row */
		CHECK_INT(type(t, "Zone"), LL_COL_TEXT);    /* zero-padded */
		CHECK_INT(type(t, "Const"), LL_COL_TEXT);   /* one value */
		ll_table_free(t);
	}
	/* every value quoted, none a decimal or a quantity: ids all */
	at = 0;
	for (int i = 0; i < 12; i++)
		at += (size_t)snprintf(buf + at, sizeof buf - at,
				       "{\"PRIORITY\":\"%d\",\"SYSLOG_FACILITY\":\"%d\",\"MESSAGE\":\"m%d\"}\n", 3 + i % 4,
				       i % 2 ? 3 : 4, i);
	CHECK_INT(load(puts_("journal2.jsonl", buf), NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_INT(type(t, "PRIORITY"), LL_COL_TEXT);
		CHECK_INT(type(t, "SYSLOG_FACILITY"), LL_COL_TEXT);
		ll_table_free(t);
	}
}

/* .NET's JSON dates (PowerShell 5's ConvertTo-Json of Get-WinEvent):
 * "/Date(ms)/", with or without the writer's offset, are UTC instants;
 * anything else in that dress stays text. */
static void test_dotnet_dates(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *p = puts_("winevent.json",
			      "[{\"Id\": 4625, \"TimeCreated\": \"/Date(1710408413225)/\", \"When\": \"/Date(x)/\"},\n"
			      " {\"Id\": 4624, \"TimeCreated\": \"/Date(1710408414000+0100)/\", \"When\": \"/Date(1)\"},\n"
			      " {\"Id\": 4624, \"TimeCreated\": \"/Date(-86400000-0500)/\", \"When\": \"/Date()/\"}]\n");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (!t)
		return;
	CHECK_INT(type(t, "TimeCreated"), LL_COL_TIME);
	CHECK_NEAR(num(t, 0, "TimeCreated"), 1710408413.225, 1e-6);
	CHECK_NEAR(num(t, 1, "TimeCreated"), 1710408414.0, 1e-6);
	CHECK_NEAR(num(t, 2, "TimeCreated"), -86400.0, 1e-6);
	CHECK_INT(type(t, "When"), LL_COL_TEXT);
	ll_table_free(t);
}

/* Lists of named values ({"key": .., "value": ..}, AWS's {"Key", "Value"},
 * {"name", "value"}) are maps: a column per name wherever it stands in
 * each record's list; a list whose names repeat, or whose elements hold
 * more, keeps its places. OpenTelemetry's typed values ({"stringValue":
 * ..}, quoted 64-bit {"intValue": ..}) are their values. An OTLP log export
 * (the collector's file exporter, a line a batch) reads a row per record,
 * its times from "timeUnixNano". */
static void test_named_values(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *p = puts_("tags.jsonl",
			      "{\"id\": 1, \"Tags\": [{\"Key\": \"env\", \"Value\": \"prod\"}, {\"Key\": \"team\", \"Value\": "
			      "\"db\"}], \"env\": [{\"name\": \"A\", \"value\": \"1\"}, {\"name\": \"B\", \"value\": \"2\"}]}\n"
			      "{\"id\": 2, \"Tags\": [{\"Key\": \"team\", \"Value\": \"web\"}], \"env\": [{\"name\": \"A\", "
			      "\"value\": \"1\"}, {\"name\": \"A\", \"value\": \"3\"}]}\n"
			      "{\"id\": 3, \"Tags\": [{\"Value\": \"x\", \"Key\": \"env\"}], \"env\": [{\"name\": \"C\", "
			      "\"valueFrom\": {\"secret\": \"s\"}}]}\n");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_STR(text(t, 0, "Tags.team"), "db");
		CHECK_STR(text(t, 1, "Tags.team"), "web");
		CHECK_STR(text(t, 2, "Tags.env"), "x");
		CHECK(ll_table_find_column(t, "Tags.0.Key") < 0);
		CHECK_STR(text(t, 0, "env.B"), "2");
		/* a name given twice, an element of other members: by place */
		CHECK_STR(text(t, 1, "env.1.value"), "3");
		CHECK_STR(text(t, 2, "env.0.valueFrom.secret"), "s");
		ll_table_free(t);
	}
	p = puts_("otlp.jsonl",
		  "{\"resourceLogs\": [{\"resource\": {\"attributes\": [{\"key\": \"service.name\", \"value\": "
		  "{\"stringValue\": \"pay\"}}, {\"key\": \"host.cpus\", \"value\": {\"intValue\": \"8\"}}]}, "
		  "\"scopeLogs\": [{\"scope\": {\"name\": \"lib\"}, \"logRecords\": [{\"timeUnixNano\": "
		  "\"1700000000000000000\", \"severityText\": \"INFO\", \"body\": {\"stringValue\": \"started\"}, "
		  "\"attributes\": [{\"key\": \"retry\", \"value\": {\"boolValue\": true}}, {\"key\": \"ms\", "
		  "\"value\": {\"doubleValue\": 1.5}}, {\"key\": \"tags\", \"value\": {\"arrayValue\": {\"values\": "
		  "[{\"stringValue\": \"a\"}, {\"stringValue\": \"b\"}]}}}]}, {\"timeUnixNano\": \"1700000001500000000\", "
		  "\"severityText\": \"ERROR\", \"body\": {\"stringValue\": \"failed\"}}]}]}]}\n"
		  "{\"resourceLogs\": [{\"resource\": {\"attributes\": [{\"key\": \"service.name\", \"value\": "
		  "{\"stringValue\": \"web\"}}]}, \"scopeLogs\": [{\"scope\": {\"name\": \"lib\"}, \"logRecords\": "
		  "[{\"timeUnixNano\": \"1700000002000000000\", \"severityText\": \"WARN\", \"body\": {\"stringValue\": "
		  "\"slow\"}}]}]}]}\n");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(type(t, "timeUnixNano"), LL_COL_TIME);
		CHECK_NEAR(num(t, 1, "timeUnixNano"), 1700000001.5, 1e-6);
		CHECK_STR(text(t, 1, "body"), "failed");
		CHECK_STR(text(t, 2, "resource.attributes.service.name"), "web");
		CHECK_NEAR(num(t, 0, "resource.attributes.host.cpus"), 8, 0);
		CHECK_NEAR(num(t, 0, "attributes.ms"), 1.5, 0);
		CHECK_STR(text(t, 0, "attributes.tags.1"), "b");
		CHECK_STR(text(t, 0, "attributes.retry"), "true");
		ll_table_free(t);
	}
	/* two lists of 3,000 named values each (hostile, or data; neither
	 * holds most of the record): by place, at once */
	size_t cap = 2 * 3000 * 40 + 64, o = 0;
	char *big = malloc(cap);
	if (big) {
		for (int l = 0; l < 2; l++) {
			o += (size_t)snprintf(big + o, cap - o, "%s\"%c\": [", l ? "], " : "{", "ab"[l]);
			for (int i = 0; i < 3000; i++)
				o += (size_t)snprintf(big + o, cap - o, "%s{\"key\": \"k%d\", \"value\": %d}", i ? "," : "", i, i);
		}
		snprintf(big + o, cap - o, "]}");
		p = puts_("many_named.json", big);
		free(big);
		CHECK_INT(load(p, NULL, &t, &e), LL_OK);
		if (t) {
			CHECK_NEAR(num(t, 0, "b.2999.value"), 2999, 0);
			ll_table_free(t);
		}
	}
	/* Google Cloud Monitoring's quoted 64-bit values; a typed value of
	 * another kind, or beside another member, stays as it is (under its
	 * own key: a distribution's quoted "count" is a number by its name) */
	p = puts_("gcp_int.json", "[{\"t\": 1, \"value\": {\"int64Value\": \"42\"}, \"d\": {\"distributionValue\": "
				  "{\"count\": \"3\"}}, \"e\": {\"stringValue\": \"x\", \"n\": 1}}]");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_NEAR(num(t, 0, "value"), 42, 0);
		CHECK_NEAR(num(t, 0, "d.distributionValue.count"), 3, 0);
		CHECK_STR(text(t, 0, "e.stringValue"), "x");
		ll_table_free(t);
	}
}

/* A report about one host (sysstat's JSON: {"sysstat": {"hosts": [{...,
 * "statistics": [...]}]}}): the samples inside the one host are the
 * records; a date key beside a clock key is one time. A list of one
 * record whose inner list has no times keeps that one record. */
/* mpstat -o JSON: the host holds the one date ("12/07/26" in the C locale,
 * "12/07/2026" under en_US, "07.12.2026" under de_DE), each sample a clock
 * alone ("10:28:52", "11:59:59 PM"): the samples are the records and the
 * clocks dated by it, a day later past midnight. Before, the host was one
 * row of statistics.0.cpu-load.0.usr... and no time. */
static void test_dated_clocks(void)
{
	static const char *const dates[] = {"12/07/26", "12/07/2026", "07.12.2026"};
	static const char *const clocks[][3] = {{"23:59:58", "23:59:59", "00:00:01"},
						{"11:59:58 PM", "11:59:59 PM", "12:00:01 AM"},
						{"23:59:58", "23:59:59", "00:00:01"}};
	for (int k = 0; k < 3; k++) {
		char doc[1024];
		snprintf(doc, sizeof doc,
			 "{\"sysstat\": {\"hosts\": [{\"nodename\": \"vm\", \"number-of-cpus\": 2, \"date\": \"%s\","
			 " \"statistics\": ["
			 "{\"timestamp\": \"%s\", \"cpu-load\": [{\"cpu\": \"all\", \"usr\": 3.5}, {\"cpu\": \"0\", \"usr\": 1}]},"
			 "{\"timestamp\": \"%s\", \"cpu-load\": [{\"cpu\": \"all\", \"usr\": 2.5}, {\"cpu\": \"0\", \"usr\": 2}]},"
			 "{\"timestamp\": \"%s\", \"cpu-load\": [{\"cpu\": \"all\", \"usr\": 1.5}, {\"cpu\": \"0\", \"usr\": 3}]}"
			 "]}]}}",
			 dates[k], clocks[k][0], clocks[k][1], clocks[k][2]);
		struct ll_table *t;
		struct ll_err e;
		CHECK_INT(load(puts_("mpstat.json", doc), NULL, &t, &e), LL_OK);
		if (!t)
			continue;
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(type(t, "timestamp"), LL_COL_TIME);
		if (type(t, "timestamp") == LL_COL_TIME) {
			CHECK_NEAR(num(t, 0, "timestamp"), ll_time_from_civil(2026, 12, 7, 23, 59, 58), 1e-6);
			CHECK_NEAR(num(t, 2, "timestamp"), ll_time_from_civil(2026, 12, 8, 0, 0, 1), 1e-6);
			CHECK_NEAR(num(t, 2, "cpu-load.1.usr"), 3, 1e-9);
		}
		CHECK(ll_test_has_note(t, "are dated by"));
		ll_table_free(t);
	}
	/* two dates beside the clocks: neither dates them */
	struct ll_table *t;
	struct ll_err e;
	const char *p = puts_("two.json", "{\"hosts\": [{\"from\": \"2026-12-07\", \"to\": \"2026-12-09\", \"samples\": ["
					  "{\"time\": \"10:00:00\", \"v\": 1}, {\"time\": \"10:00:01\", \"v\": 2}]}]}");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (t) {
		CHECK(!ll_test_has_note(t, "are dated by"));
		ll_table_free(t);
	}
}

static void test_one_host_report(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *p = puts_("sadf.json",
			      "{\"sysstat\": {\"hosts\": [{\"nodename\": \"vm\", \"number-of-cpus\": 2, \"file-date\": \"2026-12-04\","
			      " \"statistics\": ["
			      "{\"timestamp\": {\"date\": \"2026-12-04\", \"time\": \"22:45:28\", \"interval\": 1},"
			      " \"cpu-load\": [{\"cpu\": \"all\", \"usr\": 46.5}, {\"cpu\": \"0\", \"usr\": 57}],"
			      " \"memory\": {\"memfree\": 22333524}},"
			      "{\"timestamp\": {\"date\": \"2026-12-04\", \"time\": \"22:45:29\", \"interval\": 1},"
			      " \"cpu-load\": [{\"cpu\": \"all\", \"usr\": 40.1}, {\"cpu\": \"0\", \"usr\": 50}],"
			      " \"memory\": {\"memfree\": 22333000}}]}]}}");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(type(t, "timestamp.date"), LL_COL_TIME);
		CHECK_NEAR(num(t, 1, "timestamp.date"), ll_time_from_civil(2026, 12, 4, 22, 45, 29), 1e-6);
		CHECK_NEAR(num(t, 1, "cpu-load.1.usr"), 50, 1e-9);
		CHECK_NEAR(num(t, 0, "memory.memfree"), 22333524, 1e-9);
		CHECK(strstr(ll_table_note_text(t, 0), "of \"sysstat.hosts.0.statistics\"") != NULL);
		CHECK(ll_test_has_note(t, "are one time"));
		ll_table_free(t);
	}
	/* iostat -o JSON's "MM/dd/yy HH:mm:ss": the reading whose year is
	 * nearer the file's (2024 here: 2023-12-04, not 2012-04-23) */
	p = puts_("iostat.json", "{\"sysstat\": {\"hosts\": [{\"date\": \"12/04/23\", \"statistics\": ["
				 "{\"timestamp\": \"12/04/23 22:45:27\", \"avg-cpu\": {\"user\": 32.55}},"
				 "{\"timestamp\": \"12/04/23 22:45:28\", \"avg-cpu\": {\"user\": 46.04}}]}]}}");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_NEAR(num(t, 1, "timestamp"), ll_time_from_civil(2023, 12, 4, 22, 45, 28), 1e-6);
		ll_table_free(t);
	}
	/* iostat -d -o JSON without -t: the samples have no time, but the
	 * same members each (a disk list), the host dated: they are the
	 * records, as with -t (before: one row of statistics.0.disk.0.tps...) */
	p = puts_("iostat_d.json",
		  "{\"sysstat\": {\"hosts\": [{\"nodename\": \"vm\", \"sysname\": \"Linux\", \"number-of-cpus\": 2,"
		  " \"date\": \"12/07/26\", \"statistics\": ["
		  "{\"disk\": [{\"disk_device\": \"vda\", \"tps\": 112.25, \"kB_read/s\": 267.76, \"kB_read\": 6100217},"
		  " {\"disk_device\": \"vdb\", \"tps\": 1.5, \"kB_read/s\": 2.5, \"kB_read\": 610}]},"
		  "{\"disk\": [{\"disk_device\": \"vda\", \"tps\": 17.00, \"kB_read/s\": 0.00, \"kB_read\": 0},"
		  " {\"disk_device\": \"vdb\", \"tps\": 2.0, \"kB_read/s\": 0.00, \"kB_read\": 0}]},"
		  "{\"disk\": [{\"disk_device\": \"vda\", \"tps\": 9.00, \"kB_read/s\": 0.00, \"kB_read\": 0},"
		  " {\"disk_device\": \"vdb\", \"tps\": 3.0, \"kB_read/s\": 0.00, \"kB_read\": 0}]}]}]}}");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_NEAR(num(t, 2, "disk.0.tps"), 9, 1e-9);
		CHECK_NEAR(num(t, 2, "disk.1.tps"), 3, 1e-9);
		CHECK(strstr(ll_table_note_text(t, 0), "of \"sysstat.hosts.0.statistics\"") != NULL);
		ll_table_free(t);
	}
	/* the samples of differing members (no report's): the one host */
	p = puts_("mixed.json", "{\"hosts\": [{\"date\": \"12/07/26\", \"parts\": ["
				"{\"a\": 1, \"b\": 2, \"c\": 3}, {\"a\": 1, \"d\": 2, \"c\": 3}]}]}");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		ll_table_free(t);
	}
	/* one pod of a list, its containers no samples in time: one row */
	p = puts_("pod.json", "{\"kind\": \"List\", \"items\": [{\"name\": \"web\", \"containers\": ["
			      "{\"name\": \"a\", \"cpu\": 1, \"mem\": 2, \"img\": \"x\"},"
			      "{\"name\": \"b\", \"cpu\": 3, \"mem\": 4, \"img\": \"y\"}]}]}");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK_STR(text(t, 0, "name"), "web");
		CHECK_NEAR(num(t, 0, "containers.1.cpu"), 3, 0);
		ll_table_free(t);
	}
	/* dates without clocks beside them stay dates */
	p = puts_("days.json", "[{\"day\": \"2026-12-04\", \"note\": \"late\", \"n\": 1},"
			       " {\"day\": \"2026-12-05\", \"note\": \"10:00:00\", \"n\": 2}]");
	CHECK_INT(load(p, NULL, &t, &e), LL_OK);
	if (t) {
		CHECK_NEAR(num(t, 1, "day"), ll_time_from_civil(2026, 12, 5, 0, 0, 0), 1e-6);
		ll_table_free(t);
	}
}

/* A stream of indented objects, as `jq .` prints JSON Lines: one row an
 * object, messages naming the line an object starts on. */
static void test_object_stream(void)
{
	const char *three = "{\n  \"ts\": \"2024-01-01T00:00:01\",\n  \"label\": \"bad\",\n  \"ctx\": {\n    \"a\": 1\n  }\n}\n"
			    "{\n  \"ts\": \"2024-01-01T00:00:02\",\n  \"label\": \"ok\",\n  \"ctx\": {\n    \"a\": 2\n  }\n}\n"
			    "{\"ts\": \"2024-01-01T00:00:03\", \"label\": \"ok\", \"ctx\": {\"a\": 3}}\n";
	struct ll_table *t = NULL;
	struct ll_err err;
	const struct ds_reader *used = NULL;
	struct ds_open_opts o = {.default_year = 2024};
	CHECK_INT(ds_load(puts_("jq.json", three), &o, &t, &used, &err), LL_OK);
	CHECK(used && strcmp(used->name, "jsonl") == 0);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(type(t, "ts"), LL_COL_TIME);
		CHECK_NEAR(num(t, 2, "ctx.a"), 3, 0);
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 0)), "bad");
		CHECK(ll_test_has_note(t, "a stream of 3 JSON objects over several lines each"));
		ll_table_free(t);
	}
	/* the last object cut short (still being written): left out, said */
	char cut[512];
	snprintf(cut, sizeof cut, "%s{\n  \"ts\": \"2024-01-01T00:00:04\",\n", three);
	CHECK_INT(load(puts_("jq_cut.json", cut), NULL, &t, &err), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK(ll_test_has_note(t, "jq_cut.json:16: the last object is a record cut short"));
		ll_table_free(t);
	}
	/* junk between objects names its line */
	char junk[512];
	snprintf(junk, sizeof junk, "{\n \"a\": 1\n}\n{\n \"a\": 2\n}\noops\n{\n \"a\": 3\n}\n");
	CHECK_INT(load(puts_("jq_junk.json", junk), NULL, &t, &err), LL_EDATA);
	CHECK(strstr(err.msg, "jq_junk.json:7: `oops") != NULL);
	ll_table_free(t);
	/* concatenated objects, several a line (a batch for Splunk's HTTP event
	 * collector): the same stream, said as it is */
	const char *cat = "{\"time\": 1710408413.225, \"event\": {\"action\": \"deny\"}}{\"time\": 1710408414.225, "
			  "\"event\": {\"action\": \"allow\"}} {\"time\": 1710408415.225, \"event\": {\"action\": \"deny\"}}\n"
			  "{\"time\": 1710408416.225, \"event\": {\"action\": \"allow\"}}";
	CHECK_INT(ds_load(puts_("hec.json", cat), &o, &t, &used, &err), LL_OK);
	CHECK(used && strcmp(used->name, "jsonl") == 0);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_INT(type(t, "time"), LL_COL_TIME);
		CHECK_NEAR(num(t, 3, "time"), 1710408416.225, 1e-6);
		CHECK_STR(text(t, 2, "event.action"), "deny");
		CHECK(ll_test_has_note(t, "a stream of 4 JSON objects one after another on a line"));
		ll_table_free(t);
	}
	/* one indented object alone is a document, not a stream */
	CHECK_INT(ds_load(puts_("one.json", "{\n  \"a\": 1,\n  \"b\": \"x\"\n}\n"), &o, &t, &used, &err), LL_OK);
	CHECK(used && strcmp(used->name, "json") == 0);
	ll_table_free(t);
}

/* Records of a test array: `n` objects, record `missing` (1-based) with
 * "n/a" in its number key, one line each when `lines`. */
static char *records_text(size_t n, size_t missing, int as_array, size_t *len)
{
	size_t cap = n * 128 + 16, o = 0;
	char *buf = malloc(cap);
	if (!buf)
		exit(99);
	if (as_array)
		buf[o++] = '[';
	for (size_t i = 1; i <= n; i++) {
		char v[32];
		if (i == missing)
			snprintf(v, sizeof v, "\"n/a\"");
		else
			snprintf(v, sizeof v, "%zu.5", i % 97);
		o += (size_t)snprintf(buf + o, cap - o, "%s{\"ts\": %zu, \"host\": \"n%zu\", \"m\": {\"cpu\": %s}}%s",
				      as_array && i > 1 ? ",\n " : "", 1700000000 + i, i % 3, v, as_array ? "" : "\n");
	}
	if (as_array)
		o += (size_t)snprintf(buf + o, cap - o, "]\n");
	*len = o;
	return buf;
}

/* A top-level array is read an element at a time: the same table as the
 * same records in JSON Lines, records still named by number, a late bad
 * element still the whole document's message (line and column), series of
 * pairs still unnested, and (in a release build) memory a few times the
 * file's size, where a whole cJSON tree takes about nine. */
static void test_array_stream(void)
{
	size_t alen, llen;
	char *arr = records_text(3000, 2999, 1, &alen), *lines = records_text(3000, 2999, 0, &llen);
	struct ll_table *a = NULL, *l = NULL;
	struct ll_err err;
	CHECK_INT(load(put("arr.json", arr, alen), NULL, &a, &err), LL_OK);
	CHECK_INT(load(put("arr.jsonl", lines, llen), NULL, &l, &err), LL_OK);
	if (a && l) {
		CHECK_INT(ll_table_nrows(a), 3000);
		CHECK_INT(ll_table_ncols(a), ll_table_ncols(l));
		for (size_t c = 0; c < ll_table_ncols(a) && c < ll_table_ncols(l); c++) {
			CHECK_STR(ll_table_col_name(a, c), ll_table_col_name(l, c));
			CHECK_INT(ll_table_col_type(a, c), ll_table_col_type(l, c));
		}
		CHECK_INT(type(a, "m.cpu"), LL_COL_NUM);
		CHECK_NEAR(num(a, 2999, "m.cpu"), 3000 % 97 + 0.5, 1e-9);
		CHECK(ll_test_has_note(a, "(first: record 2999)"));
		CHECK(ll_test_has_note(l, "(first: line 2999)"));
	}
	ll_table_free(a);
	ll_table_free(l);
	/* element 2500 of 3000 bad: the document's message, on its line */
	char *bad = strstr(arr, "\"n2\", \"m\": {\"cpu\": 73.5}"); /* record 2501's host and value */
	CHECK(bad != NULL);
	if (bad) {
		size_t line = 1;
		for (const char *q = arr; q < bad; q++)
			line += *q == '\n';
		memcpy(bad + 1, "\\x", 2); /* "n2" -> "\x" */
		CHECK_INT(load(put("arr_bad.json", arr, alen), NULL, &a, &err), LL_EDATA);
		char want[64];
		snprintf(want, sizeof want, "arr_bad.json:%zu:", line);
		CHECK(strstr(err.msg, want) != NULL && strstr(err.msg, "malformed JSON") != NULL);
		ll_table_free(a);
	}
	/* series of [time, value] pairs: a row per point, as before */
	CHECK_INT(load(puts_("pairs.json", "[{\"job\": \"a\", \"values\": [[1700000000, \"1\"], [1700000060, \"2\"]]},"
						 " {\"job\": \"b\", \"values\": [[1700000000, \"3\"]]}]"),
		       NULL, &a, &err),
		  LL_OK);
	CHECK(a && ll_test_has_note(a, "2 series of [time, value] pairs"));
	ll_table_free(a);
	/* Graphite's [value, time] (a null value missing), OpenTSDB's values
	 * keyed by epoch, and two epochs a pair, the side in order the time */
	static const struct {
		const char *text, *note;
		double t1, v1;
	} shapes[] = {
		{"[{\"target\": \"cpu\", \"datapoints\": [[1.5, 1700000000], [null, 1700000060], [2.5, 1700000120]]}]",
		 "1 series of [value, time] pairs under \"datapoints\" (3 points)", 1700000060, NAN},
		{"[{\"metric\": \"cpu\", \"dps\": {\"1700000000\": 1.5, \"1700000060\": 3, \"1700000120\": 2.5}}]",
		 "1 series of values keyed by time under \"dps\" (3 points)", 1700000060, 3},
		{"[{\"target\": \"bytes\", \"datapoints\": [[2000000000, 1700000000], [1900000000, 1700000060], "
		 "[2100000000, 1700000120]]}]", "1 series of [value, time] pairs", 1700000060, 1900000000},
		{"[{\"target\": \"bytes\", \"datapoints\": [[1700000000, 2000000000], [1700000060, 1900000000], "
		 "[1700000120, 2100000000]]}]", "1 series of [time, value] pairs", 1700000060, 1900000000},
	};
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		char name[32];
		snprintf(name, sizeof name, "shape%zu.json", i);
		CHECK_INT(load(puts_(name, shapes[i].text), NULL, &a, &err), LL_OK);
		if (!a)
			continue;
		if (!ll_test_has_note(a, shapes[i].note))
			fprintf(stderr, "%s: no note `%s`\n", name, shapes[i].note);
		CHECK(ll_test_has_note(a, shapes[i].note));
		long tc = ll_table_find_column(a, "time"), vc = ll_table_find_column(a, "value");
		CHECK(ll_table_nrows(a) == 3 && tc >= 0 && vc >= 0);
		if (ll_table_nrows(a) == 3 && tc >= 0 && vc >= 0) {
			CHECK_INT(ll_table_col_type(a, (size_t)tc), LL_COL_TIME);
			CHECK(ll_table_num(a, 1, (size_t)tc) == shapes[i].t1);
			double v = ll_table_num(a, 1, (size_t)vc);
			CHECK(isnan(shapes[i].v1) ? isnan(v) : v == shapes[i].v1);
		}
		ll_table_free(a);
	}
	/* lists side by side (CloudWatch's GetMetricData): a row per position,
	 * each list's element under its key, a list of another length kept */
	CHECK_INT(load(puts_("sides.json",
			     "{\"MetricDataResults\": [{\"Id\": \"m1\", \"Label\": \"cpu\", \"Timestamps\": "
			     "[\"2024-12-05T10:10:00Z\", \"2024-12-05T10:05:00Z\", \"2024-12-05T10:00:00Z\"], "
			     "\"Values\": [3.5, \"2.5\", 1.5], \"Messages\": []}, {\"Id\": \"m2\", \"Label\": \"net\", "
			     "\"Timestamps\": [\"2024-12-05T10:05:00Z\", \"2024-12-05T10:00:00Z\"], \"Values\": [20, 10], "
			     "\"Messages\": []}]}"),
		       NULL, &a, &err),
		  LL_OK);
	CHECK(a && ll_test_has_note(a, "2 series of lists side by side, times under \"Timestamps\" (5 points)"));
	if (a) {
		long tc = ll_table_find_column(a, "Timestamps"), vc = ll_table_find_column(a, "Values");
		CHECK(tc >= 0 && vc >= 0 && ll_table_nrows(a) == 5 && ll_table_find_column(a, "Messages") < 0);
		if (tc >= 0 && vc >= 0 && ll_table_nrows(a) == 5) {
			CHECK_INT(ll_table_col_type(a, (size_t)tc), LL_COL_TIME);
			CHECK(ll_table_num(a, 0, (size_t)tc) == 1733393400 && ll_table_num(a, 0, (size_t)vc) == 3.5);
			CHECK(ll_table_num(a, 1, (size_t)vc) == 2.5); /* a number written as a string */
			CHECK(ll_table_num(a, 4, (size_t)tc) == 1733392800 && ll_table_num(a, 4, (size_t)vc) == 10);
			CHECK_STR(text_at(a, 3, "Label"), "net");
		}
	}
	ll_table_free(a);
	/* long lists side by side (a month of minutes in one answer): each
	 * point takes its lists' elements at its own position; the lists were
	 * walked from their heads for every point, 137 s at 32,000 points */
	{
		size_t n = getenv("LL_VALGRIND") ? 3000 : 60000, cap = n * 40 + 256, len = 0;
		char *doc = malloc(cap);
		len += (size_t)snprintf(doc + len, cap - len, "{\"MetricDataResults\": [{\"Id\": \"m\", \"Timestamps\": [");
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(doc + len, cap - len, "%s%zu", i ? "," : "", (size_t)1700000000 + 60 * i);
		len += (size_t)snprintf(doc + len, cap - len, "], \"Values\": [");
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(doc + len, cap - len, "%s%zu.5", i ? "," : "", i % 977);
		len += (size_t)snprintf(doc + len, cap - len, "]}]}");
		CHECK_INT(load(put("long_sides.json", doc, len), NULL, &a, &err), LL_OK);
		free(doc);
		long tc = a ? ll_table_find_column(a, "Timestamps") : -1, vc = a ? ll_table_find_column(a, "Values") : -1;
		CHECK(a && tc >= 0 && vc >= 0 && ll_table_nrows(a) == n);
		if (a && tc >= 0 && vc >= 0 && ll_table_nrows(a) == n) {
			size_t misplaced = 0;
			for (size_t i = 0; i < n; i++)
				misplaced += ll_table_num(a, i, (size_t)tc) != (double)(1700000000 + 60 * i) ||
				       ll_table_num(a, i, (size_t)vc) != (double)(i % 977) + 0.5;
			CHECK_INT(misplaced, 0);
		}
		ll_table_free(a);
	}
	/* series of point records: GCP's timeSeries[].points[] (the point's
	 * time inside its interval), Azure's value[].timeseries[].data[] two
	 * lists down; a name the series has already is prefixed by the list's */
	CHECK_INT(load(puts_("gcp.json",
			     "{\"timeSeries\": [{\"metric\": {\"type\": \"cpu\"}, \"unit\": \"1\", \"points\": ["
			     "{\"interval\": {\"endTime\": \"2024-12-05T10:01:00Z\"}, \"value\": {\"doubleValue\": 0.5}, "
			     "\"unit\": \"%\"}, {\"interval\": {\"endTime\": \"2024-12-05T10:00:00Z\"}, \"value\": "
			     "{\"doubleValue\": 0.25}, \"unit\": \"%\"}]}]}"),
		       NULL, &a, &err),
		  LL_OK);
	CHECK(a && ll_test_has_note(a, "1 series of point records under \"points\" (2 points)"));
	if (a && ll_table_nrows(a) == 2) {
		/* a typed value ({"doubleValue": ..}) is its value */
		CHECK(num_at(a, 0, "value") == 0.5 && num_at(a, 1, "value") == 0.25);
		CHECK_STR(text_at(a, 0, "metric.type"), "cpu");
		CHECK_STR(text_at(a, 0, "unit"), "1");
		CHECK_STR(text_at(a, 0, "points.unit"), "%");
	}
	ll_table_free(a);
	CHECK_INT(load(puts_("azure.json",
			     "{\"value\": [{\"id\": \"vm/cpu\", \"timeseries\": [{\"metadatavalues\": [], \"data\": ["
			     "{\"timeStamp\": \"2024-12-05T10:00:00Z\", \"average\": 1.5}, {\"timeStamp\": "
			     "\"2024-12-05T10:01:00Z\", \"average\": 2.5}, {\"timeStamp\": \"2024-12-05T10:02:00Z\"}]}]}, "
			     "{\"id\": \"vm/net\", \"timeseries\": [{\"data\": [{\"timeStamp\": \"2024-12-05T10:00:00Z\", "
			     "\"total\": 7}]}]}]}"),
		       "json:entity=none", &a, &err),
		  LL_OK);
	CHECK(a && ll_test_has_note(a, "2 series of point records under \"data\" (4 points)"));
	if (a && ll_table_nrows(a) == 4) {
		CHECK(num_at(a, 1, "average") == 2.5 && isnan(num_at(a, 2, "average")) && num_at(a, 3, "total") == 7);
		CHECK_STR(text_at(a, 2, "id"), "vm/cpu");
		CHECK_STR(text_at(a, 3, "id"), "vm/net");
	}
	ll_table_free(a);
	/* Elasticsearch's buckets of a term, each holding its buckets over time
	 * in an object ("over_time": {"buckets": [...]}) */
	CHECK_INT(load(puts_("aggs.json",
			     "{\"aggregations\": {\"hosts\": {\"buckets\": [{\"key\": \"web-1\", \"doc_count\": 3, "
			     "\"over_time\": {\"buckets\": [{\"key_as_string\": \"2024-12-05T10:00:00.000Z\", \"doc_count\": 1}, "
			     "{\"key_as_string\": \"2024-12-05T10:01:00.000Z\", \"doc_count\": 2}]}}, {\"key\": \"web-2\", "
			     "\"doc_count\": 1, \"over_time\": {\"buckets\": [{\"key_as_string\": "
			     "\"2024-12-05T10:00:00.000Z\", \"doc_count\": 1}]}}]}}}"),
		       "json:entity=none", &a, &err),
		  LL_OK);
	CHECK(a && ll_test_has_note(a, "2 series of point records under \"buckets\" (3 points)"));
	if (a && ll_table_nrows(a) == 3) {
		CHECK_STR(text_at(a, 2, "key"), "web-2");
		CHECK(num_at(a, 1, "buckets.doc_count") == 2 && num_at(a, 1, "doc_count") == 3);
	}
	ll_table_free(a);
	/* a record with a time of its own is no series: a CI job and its steps
	 * stay one row */
	CHECK_INT(load(puts_("jobs.json", "{\"jobs\": [{\"id\": 1, \"started_at\": \"2024-12-05T10:00:00Z\", \"steps\": "
					   "[{\"name\": \"a\", \"started_at\": \"2024-12-05T10:00:01Z\"}]}]}"),
		       NULL, &a, &err),
		  LL_OK);
	CHECK(a && ll_table_nrows(a) == 1);
	ll_table_free(a);
	/* a map of records that have a "key" of their own (Elasticsearch's
	 * keyed buckets): the map's names go to "map_key" */
	CHECK_INT(load(puts_("keyed.json", "{\"aggregations\": {\"m\": {\"buckets\": {\"2025-01-01\": {\"key\": 1735689600000, "
					   "\"doc_count\": 3}, \"2025-02-01\": {\"key\": 1738368000000, \"doc_count\": 2}, "
					   "\"2025-03-01\": {\"key\": 1740787200000, \"doc_count\": 5}}}}}"),
		       NULL, &a, &err),
		  LL_OK);
	CHECK(a && ll_table_nrows(a) == 3 && ll_test_has_note(a, "(their names in column \"map_key\")"));
	if (a && ll_table_nrows(a) == 3)
		CHECK(num_at(a, 1, "doc_count") == 2 && num_at(a, 1, "map_key") == 1738368000);
	ll_table_free(a);
	/* a series of one point, a series without any (AWS answers so): the
	 * others still give their rows */
	CHECK_INT(load(puts_("cw1.json", "{\"MetricDataResults\": [{\"Id\": \"e\", \"Values\": [2.0], \"Timestamps\": "
					 "[\"2026-01-01T00:00:00+00:00\"]}, {\"Id\": \"t\", \"Values\": [], \"Timestamps\": []}, "
					 "{\"Id\": \"i\", \"Values\": [40.0], \"Timestamps\": [\"2026-01-01T00:01:00+00:00\"]}]}"),
		       "json:entity=none", &a, &err),
		  LL_OK);
	CHECK(a && ll_table_nrows(a) == 2 && ll_test_has_note(a, "3 series of lists side by side"));
	if (a && ll_table_nrows(a) == 2)
		CHECK(num_at(a, 1, "Values") == 40);
	ll_table_free(a);
	CHECK_INT(load(puts_("gcp0.json", "{\"timeSeries\": [{\"metric\": {\"type\": \"a\"}, \"points\": [{\"interval\": "
					  "{\"endTime\": \"2024-12-05T10:00:00Z\"}, \"value\": 1}]}, {\"metric\": {\"type\": "
					  "\"b\"}, \"points\": []}]}"),
		       NULL, &a, &err),
		  LL_OK);
	CHECK(a && ll_table_nrows(a) == 1 && ll_test_has_note(a, "2 series of point records"));
	ll_table_free(a);
	/* a record written as JSON text in a string (Docker's json-file
	 * driver): walked as that record under its key; a line that is no
	 * JSON, a string that only starts like one, and a body too big to be
	 * one record stay text */
	{
		char big[2048] = "{";
		size_t bn = 1;
		for (int k = 0; k < 70; k++)
			bn += (size_t)snprintf(big + bn, sizeof big - bn, "%s\\\"k%d\\\": %d", k ? ", " : "", k, k);
		snprintf(big + bn, sizeof big - bn, "}");
		char doc[4096];
		snprintf(doc, sizeof doc,
			 "{\"log\": \"{\\\"level\\\":\\\"error\\\",\\\"msg\\\":\\\"db timeout\\\",\\\"n\\\":3}\\n\", \"stream\": "
			 "\"stderr\", \"time\": \"2024-12-05T10:00:00.5Z\"}\n"
			 "{\"log\": \"panic: runtime error\\n\", \"stream\": \"stderr\", \"time\": \"2024-12-05T10:00:01Z\"}\n"
			 "{\"log\": \"{not json}\", \"stream\": \"stdout\", \"time\": \"2024-12-05T10:00:02Z\"}\n"
			 "{\"log\": \"%s\", \"stream\": \"stdout\", \"time\": \"2024-12-05T10:00:03Z\"}\n",
			 big);
		CHECK_INT(load(puts_("docker.log", doc), "jsonl", &a, &err), LL_OK);
		if (a && ll_table_nrows(a) == 4) {
			CHECK_STR(text_at(a, 0, "log.level"), "error");
			CHECK_STR(text_at(a, 0, "log.msg"), "db timeout");
			CHECK(num_at(a, 0, "log.n") == 3);
			CHECK_STR(text_at(a, 1, "log"), "panic: runtime error"); /* its line's end left off */
			CHECK_STR(text_at(a, 2, "log"), "{not json}");
			CHECK(strncmp(text_at(a, 3, "log"), "{\"k0\": 0", 8) == 0 && ll_table_find_column(a, "log.k0") < 0);
		}
		CHECK(a && ll_table_nrows(a) == 4);
		ll_table_free(a);
	}
	/* lists of one length without times are no series (a record's tags) */
	CHECK_INT(load(puts_("tags.json", "[{\"h\": \"a\", \"tags\": [\"x\", \"y\"], \"ports\": [80, 443]}]"), NULL,
		       &a, &err),
		  LL_OK);
	CHECK(a && ll_table_nrows(a) == 1);
	ll_table_free(a);
	/* an object keyed by words is no series */
	CHECK_INT(load(puts_("words.json", "[{\"h\": \"a\", \"m\": {\"cpu\": 1, \"mem\": 2}}]"), NULL, &a, &err), LL_OK);
	CHECK(a && ll_table_nrows(a) == 1 && ll_table_find_column(a, "m.cpu") >= 0);
	ll_table_free(a);
	free(arr);
	free(lines);
}

/* Memory of a large array: run first, while the process's peak is still
 * low, since the peak only grows. Not under valgrind or the sanitizers,
 * whose allocators have their own overheads. */
static void test_array_memory(void)
{
	if (ll_test_slow_build())
		return;
	size_t alen;
	struct ll_table *a = NULL;
	struct ll_err err;
	/* 200,000 records, about 11 MB: a whole tree would take 110 MB */
	char *big = records_text(200000, 0, 1, &alen);
	const char *path = put("big_arr.json", big, alen);
	free(big);
	struct rusage ru0, ru1;
	getrusage(RUSAGE_SELF, &ru0);
	CHECK_INT(load(path, NULL, &a, &err), LL_OK);
	getrusage(RUSAGE_SELF, &ru1);
	CHECK(a && ll_table_nrows(a) == 200000);
	long grew_kib = ru1.ru_maxrss - ru0.ru_maxrss;
	if (grew_kib > (long)(alen / 1024) * 4)
		fprintf(stderr, "peak grew %ld KiB for a %zu KiB array\n", grew_kib, alen / 1024);
	CHECK(grew_kib <= (long)(alen / 1024) * 4);
	ll_table_free(a);
}


/* Records of many kinds are no longer held to records x columns: 16,800
 * records of 16,000 keys, a key each (269M cells as arrays of every row,
 * past the reader's limit), keep only their values and load, each record's
 * value under its key. */
static void test_sparse_records(void)
{
	size_t cap = 16800 * 48, n = 0;
	char *text = malloc(cap);
	for (int i = 0; i < 16800; i++)
		n += (size_t)snprintf(text + n, cap - n, "{\"t\":%d,\"k%d\":%d}\n", 1714557600 + i, i % 16000, i);
	const char *p = put("sparse.jsonl", text, n);
	free(text);
	struct ll_table *t = NULL;
	struct ll_err err;
	int rc = load(p, "jsonl", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_INT(ll_table_nrows(t), 16800);
	CHECK_INT(ll_table_ncols(t), 16001);
	CHECK_NEAR(num(t, 16500, "k500"), 16500, 0);
	CHECK_NEAR(num(t, 500, "k500"), 500, 0);
	CHECK(isnan(num(t, 501, "k500")));
	CHECK(isnan(num(t, 16799, "k0")));
	ll_table_free(t);
}

/* Lines each a time and a record ("[1710408413.225, {...}]", an event
 * router's dump), or the time paired with metadata first: the record with
 * a column "time" in front, detected as JSON Lines, not as CSV of its
 * commas; the record's own "time" is "record_time". */
static void test_time_pairs(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	const char *p = puts_("pairs.log", "[1710408413.225, {\"log\":\"GET /healthz 200\"}]\n"
					   "[1710408414.101, {\"log\":\"upstream timed out\"}]\n"
					   "[1710408415.872, {\"log\":\"GET /items 504\"}]\n");
	int rc = load(p, NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_STR(ll_table_meta(t, "format"), "jsonl");
		CHECK_INT(ll_table_ncols(t), 2);
		CHECK_INT(type(t, "time"), LL_COL_TIME);
		CHECK_NEAR(num(t, 1, "time"), 1710408414.101, 1e-3);
		CHECK_STR(text(t, 2, "log"), "GET /items 504");
		ll_table_free(t);
	}
	p = puts_("pairs2.log", "[[1710408413.5, {}], {\"log\":\"a\"}]\n"
				"[[1710408414.5, {\"trace\":\"ab12\"}], {\"log\":\"b\", \"time\":\"late\"}]\n"
				"[[1710408415.5, {}], {\"log\":\"c\"}]\n");
	rc = load(p, NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_STR(ll_table_meta(t, "format"), "jsonl");
		CHECK_INT(type(t, "time"), LL_COL_TIME);
		CHECK_NEAR(num(t, 2, "time"), 1710408415.5, 1e-3);
		CHECK_STR(text(t, 1, "meta.trace"), "ab12");
		CHECK_STR(text(t, 1, "record_time"), "late");
		CHECK_STR(text(t, 0, "log"), "a");
		ll_table_free(t);
	}
	/* arrays of other shapes are flattened as before */
	p = puts_("arrays.jsonl", "[1, 2]\n[3, 4]\n");
	rc = load(p, "jsonl", &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK(col(t, "time") < 0);
		ll_table_free(t);
	}
}

/* The pair functions on their own: which arrays are pairs, and what a pair
 * becomes (member order, "meta", "record_time"); anything else is handed
 * back untouched. */
static void test_pair_functions(void)
{
	static const char *pairs[] = {"[1710408413.225, {\"log\": \"x\"}]", "[\"2024-03-14T09:26:53Z\", {}]",
				      "[[1710408413.5, {}], {\"a\": 1}]", "[[\"t\", {\"k\": 2}], {}]"};
	static const char *others[] = {"[1, 2]", "[1, {\"a\": 1}, 3]", "[{\"a\": 1}, {\"b\": 2}]", "[\"\", {}]",
				       "[[1, 2], {}]", "[[1, {}, 3], {}]", "{\"time\": 1, \"log\": \"x\"}", "[]", "7"};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		cJSON *v = cJSON_Parse(pairs[i]);
		CHECK(ds_json_is_time_pair(v));
		cJSON_Delete(v);
	}
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		cJSON *v = cJSON_Parse(others[i]);
		CHECK(!ds_json_is_time_pair(v));
		CHECK(ds_json_unpair(v) == v);
		cJSON_Delete(v);
	}
	CHECK(!ds_json_is_time_pair(NULL));
	CHECK(ds_json_unpair(NULL) == NULL);

	cJSON *v = ds_json_unpair(cJSON_Parse("[[17.5, {\"trace\": \"ab\"}], {\"log\": \"b\", \"time\": \"late\"}]"));
	char *s = v ? cJSON_PrintUnformatted(v) : NULL;
	CHECK_STR(s, "{\"time\":17.5,\"meta\":{\"trace\":\"ab\"},\"log\":\"b\",\"record_time\":\"late\"}");
	free(s);
	cJSON_Delete(v);
	/* empty metadata adds no member */
	v = ds_json_unpair(cJSON_Parse("[[\"09:26:53\", {}], {\"n\": 3}]"));
	s = v ? cJSON_PrintUnformatted(v) : NULL;
	CHECK_STR(s, "{\"time\":\"09:26:53\",\"n\":3}");
	free(s);
	cJSON_Delete(v);
}

/* An event router's console: "[0] tag: " before a pair in Ruby's hashes. */
static void test_tagged_text(void)
{
	char out[256], tag[32];
	size_t n;
	const char *line = "[12] kube.var.log: [[1710408413.3, {}], {\"log\"=>\"a => b\", \"n\"=>nil, \"q\"=>\"say \\\"nil\\\"\"}]";
	CHECK(ds_json_tagged_text(line, strlen(line), out, sizeof out, &n, tag, sizeof tag));
	CHECK_STR(tag, "kube.var.log");
	CHECK_STR(out, "[[1710408413.3, {}], {\"log\":\"a => b\", \"n\":null, \"q\":\"say \\\"nil\\\"\"}]");
	CHECK_INT(n, strlen(out));
	line = "[0] cpu.local: [1710408413.3, {\"cpu_p\"=>1.5}]  \r";
	CHECK(ds_json_tagged_text(line, strlen(line), out, sizeof out, &n, tag, sizeof tag));
	CHECK_STR(out, "[1710408413.3, {\"cpu_p\":1.5}]");
	CHECK_STR(tag, "cpu.local");
	/* not the shape: no index, no tag, no pair after, a log's brackets */
	const char *no[] = {"[1710408413.3, {\"a\"=>1}]", "[0] [1710408413.3, {}]", "[0] tail.0: hello",
			    "[0]tail.0: [1, {}]", "[x] tail.0: [1, {}]", "[0] tail 0: [1, {}]",
			    "[12] INFO: [worker] started [ok]x"};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		CHECK(!ds_json_tagged_text(no[i], strlen(no[i]), out, sizeof out, &n, tag, sizeof tag));
	/* too small a buffer or tag: none */
	line = "[0] tail.0: [1, {\"log\"=>\"x\"}]";
	CHECK(!ds_json_tagged_text(line, strlen(line), out, 8, &n, tag, sizeof tag));
	CHECK(!ds_json_tagged_text(line, strlen(line), out, sizeof out, &n, tag, 4));
	/* read as JSON Lines: time, the record, the tag */
	struct ll_table *t = NULL;
	struct ll_err err;
	const char *p = puts_("tagged.log", "[0] tail.0: [[1710408413.5, {}], {\"log\"=>\"GET / 200\", \"pod\"=>nil}]\n"
					     "[1] tail.0: [[1710408414.5, {}], {\"log\"=>\"GET /a 500\", \"pod\"=>\"web\"}]\n"
					     "[0] tail.0: [[1710408415.5, {}], {\"log\"=>\"x => y\", \"pod\"=>\"web\"}]\n");
	int rc = load(p, NULL, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_STR(ll_table_meta(t, "format"), "jsonl");
		CHECK_INT(type(t, "time"), LL_COL_TIME);
		CHECK_NEAR(num(t, 1, "time"), 1710408414.5, 1e-3);
		CHECK_STR(text(t, 2, "log"), "x => y");
		CHECK_STR(text(t, 0, "tag"), "tail.0");
		CHECK_STR(text(t, 0, "pod"), "");
		ll_table_free(t);
	}
}

/* records polled with a stamp above each batch ("while :; do date;
 * docker stats --no-stream --format '{{json .}}'; done"): each stamp dates
 * the records after it and is no row; the table is then a row per time
 * and container. A lone stamp line, or a stamp after a record first, is a
 * text line as before. */
/* The stamp lines a polling loop writes (date, a '_' stamp, ISO 8601),
 * each a format of the seconds; shared by the polled-record tests. */
static const char *const polled_stamps[] = {"Mon Feb 19 15:15:%02d UTC 2024", "19_Feb_2024_15_15_%02d:",
					    "2024-02-19T15:15:%02d+00:00"};

/* The same polled records pretty-printed (jq . of each, a stream of
 * objects over several lines) under the stamp lines: dated alike, found
 * by content; a line of other text above them is no stamp. */
static void test_polled_pretty(void)
{
	for (size_t k = 0; k < 3; k++) {
		char buf[4096], stamp[64];
		size_t n = 0;
		for (int i = 0; i < 4; i++) {
			snprintf(stamp, sizeof stamp, polled_stamps[k], 38 + 5 * i);
			n += (size_t)snprintf(buf + n, sizeof buf - n,
					      "%s\n{\n  \"Container\": \"4f2c\",\n  \"Name\": \"web\",\n  \"CPUPerc\": \"%d.50%%\",\n"
					      "  \"PIDs\": \"30\"\n}\n{\n  \"Container\": \"9a8b\",\n  \"Name\": \"db\",\n"
					      "  \"CPUPerc\": \"%d.25%%\",\n  \"PIDs\": \"%d\"\n}\n",
					      stamp, i, 10 + i, 11 + i % 2);
		}
		struct ll_table *t = NULL;
		struct ll_err err;
		const char *p = put("polled_pretty.txt", buf, n);
		CHECK_INT(load(p, NULL, &t, &err), LL_OK);
		if (!t)
			continue;
		CHECK_STR(ll_table_meta(t, "format"), "jsonl");
		CHECK_INT((int)ll_table_nrows(t), 4);
		CHECK_INT(type(t, "time"), LL_COL_TIME);
		CHECK_NEAR(num(t, 0, "time"), ll_time_from_civil(2024, 2, 19, 15, 15, 38), 1e-6);
		CHECK_NEAR(num(t, 3, "time"), ll_time_from_civil(2024, 2, 19, 15, 15, 53), 1e-6);
		CHECK_NEAR(num(t, 2, "CPUPerc.9a8b.db"), 12.25, 1e-9);
		CHECK_NEAR(num(t, 3, "PIDs.9a8b.db"), 12, 0);
		char want[512];
		snprintf(want, sizeof want, "%s: 4 lines are a stamp alone (first: line 1)", p);
		CHECK(noted(t, want));
		ll_table_free(t);
	}
	{
		struct ll_table *t = NULL;
		struct ll_err err;
		const char *p = puts_("pretty_own.txt", "Mon Feb 19 15:15:38 UTC 2024\n{\n  \"time\": \"2024-02-19T15:15:37Z\",\n"
							"  \"a\": 1\n}\nMon Feb 19 15:15:48 UTC 2024\n{\n"
							"  \"time\": \"2024-02-19T15:15:47Z\",\n  \"a\": 2\n}\n");
		CHECK_INT(load(p, NULL, &t, &err), LL_OK);
		if (t) {
			CHECK_INT((int)ll_table_nrows(t), 2);
			CHECK_NEAR(num(t, 1, "poll_time"), ll_time_from_civil(2024, 2, 19, 15, 15, 48), 1e-6);
			CHECK_NEAR(num(t, 1, "time"), ll_time_from_civil(2024, 2, 19, 15, 15, 47), 1e-6);
			ll_table_free(t);
		}
	}
	{
		struct ll_table *t = NULL;
		struct ll_err err;
		const char *p = puts_("pretty_text.txt", "starting up\n{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}\n");
		CHECK_INT(load(p, NULL, &t, &err), LL_OK);
		if (t) {
			CHECK(strcmp(ll_table_meta(t, "format"), "jsonl") != 0);
			ll_table_free(t);
		}
	}
}

static void test_polled_stamps(void)
{
	for (size_t k = 0; k < 3; k++) {
		char buf[4096], stamp[64];
		size_t n = 0;
		for (int i = 0; i < 4; i++) {
			snprintf(stamp, sizeof stamp, polled_stamps[k], 38 + 5 * i);
			n += (size_t)snprintf(buf + n, sizeof buf - n,
					      "%s\n{\"Container\":\"4f2c\",\"ID\":\"4f2c\",\"Name\":\"web\",\"CPUPerc\":\"%d.50%%\"}\n"
					      "{\"Container\":\"9a8b\",\"ID\":\"9a8b\",\"Name\":\"db\",\"CPUPerc\":\"%d.25%%\"}\n",
					      stamp, i, 10 + i);
		}
		struct ll_table *t = NULL;
		struct ll_err err;
		const char *p = put("polled.jsonl", buf, n);
		CHECK_INT(load(p, NULL, &t, &err), LL_OK);
		if (!t)
			continue;
		CHECK_STR(ll_table_meta(t, "format"), "jsonl");
		CHECK_INT((int)ll_table_nrows(t), 4);
		CHECK_INT(type(t, "time"), LL_COL_TIME);
		CHECK(col(t, "message") < 0);
		CHECK_NEAR(num(t, 0, "time"), ll_time_from_civil(2024, 2, 19, 15, 15, 38), 1e-6);
		CHECK_NEAR(num(t, 3, "time"), ll_time_from_civil(2024, 2, 19, 15, 15, 53), 1e-6);
		/* an id and a name of the same containers both name them, the
		 * id written once though two keys hold it */
		CHECK_NEAR(num(t, 2, "CPUPerc.9a8b.db"), 12.25, 1e-9);
		CHECK_NEAR(num(t, 1, "CPUPerc.4f2c.web"), 1.5, 1e-9);
		CHECK(col(t, "Name.4f2c") < 0 && col(t, "ID.4f2c") < 0);
		char want[512];
		snprintf(want, sizeof want, "%s: 4 lines are a stamp alone (first: line 1)", p);
		CHECK(noted(t, want));
		ll_table_free(t);
	}
	/* records with a "time" of their own keep it; the stamps are "poll_time" */
	{
		struct ll_table *t = NULL;
		struct ll_err err;
		const char *p = puts_("polled_own.jsonl", "Mon Feb 19 15:15:38 UTC 2024\n{\"time\":\"2024-02-19T15:15:37Z\",\"a\":1}\n"
							  "Mon Feb 19 15:15:48 UTC 2024\n{\"time\":\"2024-02-19T15:15:47Z\",\"a\":2}\n");
		CHECK_INT(load(p, "jsonl", &t, &err), LL_OK);
		if (t) {
			CHECK_INT((int)ll_table_nrows(t), 2);
			CHECK(col(t, "time_2") < 0);
			CHECK_NEAR(num(t, 1, "poll_time"), ll_time_from_civil(2024, 2, 19, 15, 15, 48), 1e-6);
			CHECK_NEAR(num(t, 1, "time"), ll_time_from_civil(2024, 2, 19, 15, 15, 47), 1e-6);
			ll_table_free(t);
		}
	}
	/* one stamp over the records, or a record first: text lines, rows */
	static const char *const not_polled[] = {
		"Mon Feb 19 15:15:38 UTC 2024\n{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}\n",
		"{\"a\": 1}\nMon Feb 19 15:15:38 UTC 2024\n{\"a\": 2}\nMon Feb 19 15:15:43 UTC 2024\n{\"a\": 3}\n",
		"Mon Feb 19 15:15:38 UTC 2024\n{\"a\": 1}\nstarting\n{\"a\": 2}\nMon Feb 19 15:15:43 UTC 2024\n{\"a\": 3}\n"};
	static const int rows[] = {4, 5, 6};
	for (size_t k = 0; k < 3; k++) {
		struct ll_table *t = NULL;
		struct ll_err err;
		CHECK_INT(load(puts_("notpolled.jsonl", not_polled[k]), "jsonl", &t, &err), LL_OK);
		if (!t)
			continue;
		CHECK_INT((int)ll_table_nrows(t), rows[k]);
		CHECK(col(t, "message") >= 0);
		ll_table_free(t);
	}
}

/* docker stats' "A / B" strings (usage and limit, bytes in and out) are
 * two number columns, in JSON Lines and in a CSV of its --format; a
 * column where one value is no pair, or fractions among words, stays
 * text; "-- / --" (a container starting) is missing on both */
static void test_pairs(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	const char *p = puts_("pairs.jsonl",
			      "{\"Name\":\"web\",\"MemUsage\":\"47.31MiB / 50MiB\",\"NetIO\":\"116MB / 1.5kB\",\"Note\":\"3 / 4\"}\n"
			      "{\"Name\":\"db\",\"MemUsage\":\"-- / --\",\"NetIO\":\"0B / 0B\",\"Note\":\"3 / 4 cups\"}\n"
			      "{\"Name\":\"cache\",\"MemUsage\":\"9.5MiB / 1GiB\",\"NetIO\":\"2MB / 3MB\",\"Note\":\"1 / 2\"}\n");
	CHECK_INT(load(p, NULL, &t, &err), LL_OK);
	if (t) {
		CHECK_INT(type(t, "MemUsage"), LL_COL_NUM);
		CHECK_NEAR(num(t, 0, "MemUsage"), 47.31 * 1048576, 1);
		CHECK_NEAR(num(t, 2, "MemUsage_2"), 1073741824.0, 1);
		CHECK(isnan(num(t, 1, "MemUsage")) && isnan(num(t, 1, "MemUsage_2")));
		CHECK_NEAR(num(t, 0, "NetIO_2"), 1500, 1e-6);
		CHECK_INT(type(t, "Note"), LL_COL_TEXT);
		CHECK(col(t, "Note_2") < 0);
		ll_table_free(t);
		t = NULL;
	}
	p = puts_("pairs.csv", "name,mem,net\nweb,12.5MiB / 7.667GiB,1.2kB / 0B\ndb,8MiB / 7.667GiB,3kB / 1kB\n"
			       "cache,1MiB / 7.667GiB,0B / 0B\n");
	CHECK_INT(load(p, NULL, &t, &err), LL_OK);
	if (t) {
		CHECK_INT(type(t, "mem"), LL_COL_NUM);
		CHECK_NEAR(num(t, 1, "mem"), 8.0 * 1048576, 1e-3);
		CHECK_NEAR(num(t, 0, "mem_2"), 7.667 * 1073741824.0, 1e3);
		CHECK_NEAR(num(t, 1, "net_2"), 1000, 1e-6);
		CHECK(noted(t, "made two number columns"));
		ll_table_free(t);
	}
}

/* strings written with units of time beside ones of size make no column
 * of numbers of two kinds (the CSV reader's rule); one kind alone does */
static void test_mixed_units(void)
{
	static const char *const names[] = {"units.jsonl", "units.json"};
	static const char *const texts[] = {
		"{\"job\":\"a\",\"took\":\"250ms\",\"mem\":\"512 MiB\"}\n"
		"{\"job\":\"b\",\"took\":\"3s\",\"mem\":\"2GiB\"}\n"
		"{\"job\":\"c\",\"took\":\"1.5GiB\",\"mem\":\"4MiB\"}\n",
		"[{\"job\":\"a\",\"took\":\"250ms\",\"mem\":\"512 MiB\"},\n"
		" {\"job\":\"b\",\"took\":\"3s\",\"mem\":\"2GiB\"},\n"
		" {\"job\":\"c\",\"took\":\"1.5GiB\",\"mem\":\"4MiB\"}]\n"};
	for (size_t i = 0; i < 2; i++) {
		struct ll_table *t = NULL;
		struct ll_err err;
		int rc = load(puts_(names[i], texts[i]), NULL, &t, &err);
		CHECK_INT(rc, LL_OK);
		if (rc != LL_OK)
			continue;
		CHECK_INT(type(t, "took"), LL_COL_TEXT);
		CHECK_STR(text(t, 0, "took"), "250ms");
		CHECK_STR(text(t, 2, "took"), "1.5GiB");
		CHECK_INT(type(t, "mem"), LL_COL_NUM);
		CHECK_NEAR(num(t, 0, "mem"), 512.0 * 1048576, 1);
		ll_table_free(t);
	}
}

int main(void)
{
	ll_test_data_dir();
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	test_colour_codes();
	test_sparse_records();
	test_array_memory();
	test_hadoop();
	test_records();
	test_scalars();
	test_labels();
	test_label_column();
	test_errors();
	test_stray_lines();
	test_sniff();
	test_iso_durations();
	test_big_jsonl();
	test_hostile();
	test_repeated_keys();
	test_lone_surrogates();
	test_zero_time();
	test_text_lines();
	test_raw_breaks();
	test_unseen_shapes();
	test_date_order_and_series();
	test_time_strays();
	test_quoted_epochs();
	test_quoted_measures();
	test_dotnet_dates();
	test_named_values();
	test_byte_arrays();
	test_one_host_report();
	test_dated_clocks();
	test_object_stream();
	test_array_stream();
	test_time_pairs();
	test_pair_functions();
	test_tagged_text();
	test_mixed_units();
	test_polled_stamps();
	test_polled_pretty();
	test_pairs();
	if (rm_all() != 0)
		fprintf(stderr, "warning: could not remove %s\n", tmpdir);
	TEST_MAIN_END();
}
