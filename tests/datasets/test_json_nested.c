/*
 * test_json_nested.c - tables of names and rows inside lists of objects
 * (InfluxDB 1.x answers: results[].series[], each series a table), read
 * from the text a row at a time, against the reference reading: the same
 * table, notes and errors on fixed shapes and on random documents, and
 * the memory that saves; and JSON Lines whose values are such documents.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "harness.h"

static char dir[256];

static const char *format = "json";

#include "json_both_ways.h"

/* Shapes an answer takes: statements with no series or an error, series
 * of other columns, a tag named like a column, a label column; and what
 * only the whole tree reads: a row of another width, a row holding an
 * object, a table beside the list, a series of one row, tables too deep,
 * data frames. */
static void test_shapes(void)
{
	struct ll_table *t = loads("answer.json",
				   "{\"results\": [{\"statement_id\": 0, \"series\": [\n"
				   "{\"name\": \"cpu\", \"tags\": {\"host\": \"a\"}, \"columns\": [\"time\", \"usage\"], "
				   "\"values\": [[\"2024-01-01T00:00:00Z\", 1.5], [\"2024-01-01T00:00:10Z\", null], "
				   "[\"2024-01-01T00:00:20Z\", 3]]},\n"
				   "{\"name\": \"cpu\", \"tags\": {\"host\": \"b\"}, \"columns\": [\"time\", \"usage\"], "
				   "\"values\": [[\"2024-01-01T00:00:00Z\", 2.5], [\"2024-01-01T00:00:10Z\", 4], "
				   "[\"2024-01-01T00:00:20Z\", 5]]}], \"partial\": true},\n"
				   "{\"statement_id\": 1},\n{\"statement_id\": 2, \"error\": \"database not found: x\"}]}\n");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3); /* pivoted: a row per time, a column per host */
		CHECK(ll_table_find_column(t, "usage.a") >= 0 && ll_table_find_column(t, "usage.b") >= 0);
		CHECK(ll_test_has_note(t, "the records are the 6 rows of 2 tables of column names and rows (names in "
					  "\"columns\", rows in \"values\", in the first); the document's 5 other values "
					  "are not in the table"));
	}
	ll_table_free(t);
	t = loads("kinds.json", "{\"results\": [{\"statement_id\": 0, \"series\": [\n"
				"{\"name\": \"cpu\", \"columns\": [\"time\", \"idle\", \"name\"], \"values\": [[1700000000, 90, "
				"\"x\"], [1700000010, 80, \"y\"], [1700000020, 70, \"z\"]]},\n"
				"{\"name\": \"mem\", \"columns\": [\"time\", \"used\", \"label\"], \"values\": [[1700000000, 5, "
				"\"ok\"], [1700000010, 6, \"bad\"], [1700000020, 7, \"ok\"]]}]}]}");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 6);
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK(ll_test_has_note(t, "1 value beside the rows left out: a column has the same name; the "
					  "document's 1 other value is not in the table"));
	}
	ll_table_free(t);
	/* a first element that holds no table, the rest tables */
	t = loads("late.json", "{\"results\": [{\"statement_id\": 0, \"error\": \"x\"}, {\"statement_id\": 1, \"series\": "
			       "[{\"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 4], [5, 6]]}]}]}");
	CHECK(t && ll_table_nrows(t) == 3);
	ll_table_free(t);
	/* a list of tables at the top, and one object holding the list */
	t = loads("top.json", "{\"series\": [{\"name\": \"a\", \"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 4], "
			      "[5, 6]]}, {\"name\": \"b\", \"columns\": [\"t\", \"w\"], \"values\": [[1, 7], [3, 8]]}]}");
	CHECK(t && ll_table_nrows(t) == 5 && ll_table_find_column(t, "w") >= 0);
	ll_table_free(t);
	static const char *const whole[] = {
		/* a row of another width, a row holding an object or array */
		"{\"results\": [{\"series\": [{\"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 4]]}, {\"columns\": "
		"[\"t\", \"v\"], \"values\": [[1, 2], [3]]}]}]}",
		"{\"results\": [{\"series\": [{\"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 4]]}, {\"columns\": "
		"[\"t\", \"v\"], \"values\": [[1, 2], [3, {\"x\": 1}]]}]}]}",
		"{\"results\": [{\"series\": [{\"columns\": [\"t\", \"v\"], \"values\": [[1, [2]], [3, 4]]}]}]}",
		/* a table beside the list, in an element or in the document */
		"{\"results\": [{\"series\": [{\"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 4], [5, 6]]}], \"x\": "
		"{\"c\": [\"a\"], \"r\": [[1]]}}]}",
		"{\"x\": {\"c\": [\"a\"], \"r\": [[1]]}, \"results\": [{\"series\": [{\"columns\": [\"t\", \"v\"], \"values\": "
		"[[1, 2], [3, 4], [5, 6]]}]}]}",
		/* series of one row: its rows hold no more than half of it */
		"{\"results\": [{\"series\": [{\"name\": \"cpu\", \"tags\": {\"h\": \"a\"}, \"columns\": [\"t\", \"v\"], "
		"\"values\": [[1, 2]]}, {\"name\": \"cpu\", \"tags\": {\"h\": \"b\"}, \"columns\": [\"t\", \"v\"], "
		"\"values\": [[1, 3]]}]}]}",
		/* a table five levels down, which the whole tree does not look for */
		"{\"a\": [{\"b\": [{\"c\": {\"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 4], [5, 6]]}}]}]}",
		"{\"a\": [{\"b\": {\"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 4], [5, 6]]}}]}",
		/* no names, repeated names, names of another width */
		"{\"results\": [{\"series\": [{\"values\": [[1, 2], [3, 4], [5, 6]]}]}]}",
		"{\"results\": [{\"series\": [{\"columns\": [\"t\", \"t\"], \"values\": [[1, 2], [3, 4], [5, 6]]}]}]}",
		"{\"results\": [{\"series\": [{\"columns\": [\"t\"], \"values\": [[1, 2], [3, 4], [5, 6]]}]}]}",
		/* data frames in a list, and tables that hold fewer values than their names */
		"{\"results\": {\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"t\"}, {\"name\": \"v\"}]}, "
		"\"data\": {\"values\": [[1, 2, 3], [4, 5, 6]]}}, {\"schema\": {\"fields\": [{\"name\": \"t\"}]}, "
		"\"data\": {\"values\": [[7, 8]]}}]}}}",
		"{\"results\": [{\"series\": [{\"columns\": [{\"name\": \"t\", \"type\": \"x\", \"u\": 1}, {\"name\": \"v\", "
		"\"type\": \"y\", \"u\": 2}], \"values\": [[1, 2]]}]}]}",
		/* elements that are not all objects, an empty list, a list of empty objects */
		"{\"results\": [{\"series\": [{\"columns\": [\"t\"], \"values\": [[1], [2], [3]]}]}, 7]}",
		"{\"results\": [], \"n\": 1}",
		"{\"results\": [{}, {}]}",
	};
	loads_each("tree", whole, sizeof whole / sizeof *whole);
}

/* Errors keep the whole document's message: a cut in a later series, a
 * bad number there, a number beyond a double, a record's error before a later parse error, bad text beside. */
static void test_errors(void)
{
	const char *head = "{\"results\": [{\"series\": [{\"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 4]]},\n";
	static const struct {
		const char *name, *tail, *want;
	} cases[] = {
		{"cut.json", "{\"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, \"unfini", "truncated?"},
		{"bad.json", "{\"columns\": [\"t\", \"v\"], \"values\": [[1, 2],\n [3, 1.2.3]]}]}]}", "bad.json:3:"},
		{"huge.json", "{\"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 1e999]]}]}]}",
		 "a number beyond the range of a double"},
		{"later.json", "{\"columns\": [\"t\", \"v\"], \"values\": [[1, 1e999], [3, 1.2.3]]}]}]}", "malformed JSON"},
		{"beside.json", "{\"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 4]]}], \"x\": tru}]}",
		 "beside.json:2:"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char text[512];
		int n = snprintf(text, sizeof text, "%s%s", head, cases[i].tail);
		fails(cases[i].name, text, (size_t)n, cases[i].want);
	}
}

/* JSON Lines whose values are documents holding their records: InfluxDB's
 * chunked answers, Prometheus answers, CloudTrail files as `jq -c` writes
 * them, the same as indented objects; a line with a time beside its list
 * is one record; so is every line of a file whose first lines are records. */
static void test_lines_of_documents(void)
{
	format = "jsonl";
	struct ll_table *t = loads("chunks.jsonl",
				   "{\"results\": [{\"statement_id\": 0, \"series\": [{\"name\": \"cpu\", \"tags\": {\"host\": "
				   "\"a\"}, \"columns\": [\"time\", \"v\"], \"values\": [[1700000000, 1], [1700000010, 2]]}, "
				   "{\"name\": \"cpu\", \"tags\": {\"host\": \"b\"}, \"columns\": [\"time\", \"v\"], \"values\": "
				   "[[1700000000, 3], [1700000010, 4]]}], \"partial\": true}]}\n"
				   "{\"results\": [{\"statement_id\": 0, \"series\": [{\"name\": \"cpu\", \"tags\": {\"host\": "
				   "\"a\"}, \"columns\": [\"time\", \"v\"], \"values\": [[1700000020, 5]]}]}]}\n");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 5);
		CHECK(ll_table_find_column(t, "tags.host") >= 0 && ll_table_find_column(t, "partial") < 0);
		CHECK(ll_test_has_note(t, "each line is a JSON document holding its records, read as a JSON file is: 5 "
					  "records from 2 of them; on line 1, the records are the 4 rows of 2 tables"));
	}
	ll_table_free(t);
	t = loads("prom.jsonl", "{\"status\": \"success\", \"data\": {\"resultType\": \"matrix\", \"result\": "
				"[{\"metric\": {\"instance\": \"a\"}, \"values\": [[1700000000, \"0.5\"], [1700000015, "
				"\"0.7\"]]}]}}\n\n{\"status\": \"success\", \"data\": {\"resultType\": \"matrix\", \"result\": "
				"[{\"metric\": {\"instance\": \"a\"}, \"values\": [[1700000030, \"0.9\"]]}]}}\n");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK(ll_table_num(t, 2, (size_t)ll_table_find_column(t, "value")) == 0.9);
		CHECK(ll_test_has_note(t, "on line 1, the records are the 1 objects of \"data.result\"; the records are "
					  "1 series of [time, value] pairs"));
	}
	ll_table_free(t);
	const char *trail = "{\"Records\": [{\"eventTime\": \"2024-01-01T10:00:00Z\", \"eventName\": \"A\"}, "
			    "{\"eventTime\": \"2024-01-01T10:00:01Z\", \"eventName\": \"B\"}]}\n";
	char three[512];
	snprintf(three, sizeof three, "%s%s%s", trail, trail, trail);
	t = loads("trail.jsonl", three);
	CHECK(t && ll_table_nrows(t) == 6 && ll_table_find_column(t, "eventName") >= 0);
	ll_table_free(t);
	/* the same, as jq prints it: indented objects one after another */
	t = loads("trail_pretty.jsonl", "{\n  \"Records\": [\n    {\"eventTime\": \"2024-01-01T10:00:00Z\"},\n    "
					"{\"eventTime\": \"2024-01-01T10:00:01Z\"}\n  ]\n}\n{\n  \"Records\": [\n    "
					"{\"eventTime\": \"2024-01-01T10:00:02Z\"}\n  ]\n}\n");
	CHECK(t && ll_table_nrows(t) == 3 && ll_test_has_note(t, "each object is a JSON document holding its records"));
	ll_table_free(t);
	/* a time beside the list: a trace whose spans are its own */
	t = loads("spans.jsonl", "{\"ts\": \"2024-01-01T10:00:00Z\", \"spans\": [{\"id\": 1, \"ms\": 2}, {\"id\": 2, "
				 "\"ms\": 3}]}\n{\"ts\": \"2024-01-01T10:00:01Z\", \"spans\": [{\"id\": 3, \"ms\": 4}, "
				 "{\"id\": 4, \"ms\": 5}]}\n");
	CHECK(t && ll_table_nrows(t) == 2 && ll_table_find_column(t, "spans.1.ms") >= 0 &&
	      !ll_test_has_note(t, "JSON document holding"));
	ll_table_free(t);
	/* records first, documents later: every line one record */
	snprintf(three, sizeof three, "{\"a\": 1}\n%s", trail);
	t = loads("late.jsonl", three);
	CHECK(t && ll_table_nrows(t) == 2);
	ll_table_free(t);
	/* eight documents first (the lines looked at), then a line that is a
	 * record, a stray line and a last line cut short */
	size_t cap = 64 * strlen(trail), o = 0;
	char *many = malloc(cap);
	if (!many)
		exit(99);
	for (int i = 0; i < 60; i++)
		o += (size_t)snprintf(many + o, cap - o, "%s%s", trail, i == 8 ? "{\"a\": 1, \"Records\": []}\n" : "");
	o += (size_t)snprintf(many + o, cap - o, "not json\n{\"Records\": [{\"eventTime\": ");
	t = loads("then.jsonl", many);
	CHECK(t && ll_table_nrows(t) == 121 && ll_test_has_note(t, "120 records from 60 of them") &&
	      ll_test_has_note(t, "1 of 62 lines skipped") && ll_test_has_note(t, "cut short"));
	ll_table_free(t);
	free(many);
	format = "json";
}

/* A small deterministic generator (xorshift). */
static uint64_t rng = 0x9e3779b97f4a7c15u;
static unsigned pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

struct buf {
	char *p;
	size_t n, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int w = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (w >= 0 && (size_t)w < b->cap - b->n) {
			b->n += (size_t)w;
			return;
		}
		b->cap = 2 * b->cap + (size_t)(w > 0 ? w : 64);
		if (!(b->p = realloc(b->p, b->cap)))
			exit(99);
	}
}

static const char *const names[] = {"time", "v", "host", "label", "name", "x", "cpu", "t"};

static void scalar(struct buf *b, unsigned i)
{
	switch (pick(9)) {
	case 0: put(b, "null"); break;
	case 1: put(b, "\"n/a\""); break;
	case 2: put(b, "\"h%u\"", i % 3); break;
	case 3: put(b, "\"2024-01-0%uT00:00:%02uZ\"", 1 + pick(3), i % 60); break;
	case 4: put(b, "%s", pick(2) ? "true" : "false"); break;
	case 5: put(b, "\"%u.5\"", i); break;
	default: put(b, "%u.25", pick(1000)); break;
	}
}

/* A series: mostly a table of width columns, sometimes with a flaw. */
static void series(struct buf *b, unsigned width, unsigned nrows)
{
	put(b, "{");
	if (pick(2))
		put(b, "\"name\": \"%s\", ", pick(2) ? "cpu" : "mem");
	if (pick(2))
		put(b, "\"tags\": {\"host\": \"h%u\"%s}, ", pick(4), pick(4) ? "" : ", \"v\": 1");
	if (pick(6) == 0)
		put(b, "\"%s\": %u, ", names[pick(8)], pick(9));
	put(b, "\"columns\": [");
	unsigned named = pick(12) == 0 ? width + 1 : width;
	for (unsigned c = 0; c < named; c++)
		put(b, "%s\"%s\"", c ? ", " : "", pick(15) == 0 ? "time" : names[c % 8]);
	put(b, "], \"values\": [");
	for (unsigned r = 0; r < nrows; r++) {
		put(b, "%s[", r ? ", " : "");
		unsigned w = pick(40) == 0 ? width + 1 : width;
		for (unsigned c = 0; c < w; c++) {
			if (c)
				put(b, ", ");
			if (c == 0)
				put(b, "%u", 1700000000u + r * 10);
			else if (pick(60) == 0)
				put(b, "{\"o\": 1}");
			else
				scalar(b, r);
		}
		put(b, "]");
	}
	put(b, "]");
	if (pick(5) == 0)
		put(b, ", \"partial\": true");
	put(b, "}");
}

/* Random answers: statements of series, empty and failed statements, a
 * list at the top or one level deeper, members around it. 250 under
 * valgrind (LL_VALGRIND), where the 400 were 43% of the file's CPU: the
 * first 250 execute every line of datasets/ and core/ the 400 do
 * (callgrind's executed lines compared, 7 December 2026: 4530 both; the
 * first 150 missed 5, among them a pivot's repeated rows). */
static void test_random(void)
{
	struct buf b = {malloc(256), 0, 256};
	if (!b.p)
		exit(99);
	int docs = getenv("LL_VALGRIND") ? 250 : 400;
	for (int doc = 0; doc < docs; doc++) {
		b.n = 0;
		put(&b, "{");
		if (pick(3) == 0)
			put(&b, "\"took\": %u, ", pick(50));
		int deeper = pick(3) != 0;
		put(&b, deeper ? "\"results\": [" : "\"series\": [");
		unsigned nst = deeper ? 1 + pick(3) : 1;
		for (unsigned s = 0; s < nst; s++) {
			if (deeper)
				put(&b, "%s{\"statement_id\": %u", s ? ", " : "", s);
			unsigned kind = pick(8);
			if (deeper && kind == 0) {
				put(&b, ", \"error\": \"x\"}");
				continue;
			}
			if (deeper && kind == 1) {
				put(&b, "}");
				continue;
			}
			if (deeper)
				put(&b, ", \"series\": [");
			unsigned nser = 1 + pick(4), width = 1 + pick(4);
			for (unsigned k = 0; k < nser; k++) {
				if (k)
					put(&b, ", ");
				series(&b, pick(5) == 0 ? 1 + pick(4) : width, 1 + pick(12));
			}
			put(&b, deeper ? "]}" : "");
		}
		put(&b, "]");
		if (pick(4) == 0)
			put(&b, ", \"meta\": {\"n\": %u}", pick(9));
		put(&b, "}");
		if (pick(25) == 0)
			b.n -= 1 + pick((unsigned)(b.n / 2)); /* cut */
		char name[32];
		snprintf(name, sizeof name, "random%d.json", doc);
		int rc;
		struct ll_err err;
		ll_table_free(both_ways(name, b.p, b.n, &rc, &err));
	}
	free(b.p);
}

/* An answer of series series of n rows each, with InfluxDB's members. */
static char *answer_text(size_t nseries, size_t n, size_t *len)
{
	struct buf b = {malloc(256), 0, 256};
	if (!b.p)
		exit(99);
	put(&b, "{\"results\": [{\"statement_id\": 0, \"series\": [");
	for (size_t s = 0; s < nseries; s++) {
		put(&b, "%s{\"name\": \"cpu\", \"tags\": {\"host\": \"h%zu\"}, \"columns\": [\"time\", \"user\", \"system\", "
			"\"idle\"], \"values\": [", s ? ",\n" : "", s);
		for (size_t i = 0; i < n; i++)
			put(&b, "%s[\"2024-01-01T%02zu:%02zu:%02zuZ\", %zu.5, %zu.25, %zu]", i ? "," : "", i / 3600 % 24,
			    i / 60 % 60, i % 60, i % 97, i % 13, 100 - i % 50);
		put(&b, "]}");
	}
	put(&b, "]}]}\n");
	*len = b.n;
	return b.p;
}

/* In a release build (run first, while the peak is low): memory about
 * five times the file's size (mostly the first pass's tape of values),
 * where the whole tree takes over twenty. */
static void test_memory(void)
{
	size_t len;
	if (!ll_test_slow_build()) {
		char *big = answer_text(10, 12000, &len); /* about 5.5 MB */
		loads_within("big.json", big, len, 12000, 8, "answer"); /* pivoted: a row per time */
	}
	char *some = answer_text(3, 400, &len);
	int rc;
	struct ll_err err;
	struct ll_table *t = both_ways("some.json", some, len, &rc, &err);
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 400);
	ll_table_free(t);
	free(some);
	/* over the tape's budget: the second pass parses the rows again */
	some = answer_text(4, 3000, &len);
	setenv("LOGLAB_MEMORY_MAX", "2M", 1);
	t = both_ways("budget.json", some, len, &rc, &err);
	unsetenv("LOGLAB_MEMORY_MAX");
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 3000);
	ll_table_free(t);
	free(some);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "json_nested");
	test_memory();
	test_shapes();
	test_errors();
	test_lines_of_documents();
	test_random();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
