/*
 * test_json_stream.c - the JSON reader's faster readings against its
 * reference reading (ds_json.h's switch): documents whose records sit in
 * an envelope ({"hits": {"hits": [...]}}, {"Records": [...]}) read an
 * element at a time, with the raw-text scan that finds the list
 * (ds_json_envelope.h), and the second pass replayed from the first's
 * tape (ds_json_tape.h) for arrays, envelopes and JSON Lines: the same
 * table, notes and errors on many shapes, and the memory the element-wise
 * reading saves.
 */
#include "harness.h"
#include "ds_json_envelope.h"

#include <math.h>
#include <stdlib.h>

static char dir[256];

static const char *format = "json";

#include "json_both_ways.h"

/* The scan names the list the whole-tree choice takes, and answers
 * nothing where it cannot be sure. */
static void test_find(void)
{
	struct ds_json_env e;
	const char *es = "{\"took\": 5, \"hits\": {\"total\": {\"value\": 2}, \"hits\": [{\"a\": \"x]}\\\"\", \"b\": [1, 2]},"
			 " {\"a\": null}]}}";
	CHECK_INT(ds_json_env_find(es, strlen(es), &e), 1);
	CHECK_STR(e.name, "hits.hits");
	CHECK_INT(e.elements, 2);
	CHECK_INT(e.all_objects, 1);
	CHECK_INT(e.leaves, 4);
	CHECK_INT(e.doc_leaves, 6);
	CHECK_INT(e.deepest, 5);
	CHECK(es[e.open] == '[' && es[e.close - 1] == ']' && es[e.close] == '}');
	/* the list first, its envelope's other keys after it; three levels down */
	const char *k = "{\"items\": [{\"a\": 1}, {\"a\": 2}, 3], \"kind\": \"List\"}";
	CHECK_INT(ds_json_env_find(k, strlen(k), &e), 1);
	CHECK_STR(e.name, "items");
	CHECK_INT(e.elements, 3);
	CHECK_INT(e.all_objects, 0);
	const char *deep = "{\"a\": {\"\": {\"c\": [{\"x\": 1}, {\"x\": 2}]}}}";
	CHECK_INT(ds_json_env_find(deep, strlen(deep), &e), 1);
	CHECK_STR(e.name, "a..c"); /* joined as envelope() joins them */
	CHECK_INT(e.levels, 3);
	CHECK(e.member[0] == 0 && e.member[1] == 0 && e.member[2] == 0);
	/* rows that are arrays, the list's place among its object's members */
	const char *ch = "{\"meta\": [{\"name\": \"t\"}, {\"name\": \"v\"}], \"data\": {\"n\": 1, \"rows\": [[1, \"a]\"], [2, "
			 "null], [3, 4]]}}";
	CHECK_INT(ds_json_env_find(ch, strlen(ch), &e), 1);
	CHECK_STR(e.name, "data.rows");
	CHECK(e.levels == 2 && e.member[0] == 1 && e.member[1] == 1);
	CHECK(e.all_arrays && !e.all_objects && e.elements == 3 && e.leaves == 6);
	/* no answer: four levels down, no member above half, a map, an escaped key */
	const char *four = "{\"a\": {\"b\": {\"c\": {\"d\": [{\"x\": 1}, {\"x\": 2}]}}}}";
	CHECK_INT(ds_json_env_find(four, strlen(four), &e), 0);
	const char *halves = "{\"l\": [{\"x\": 1}], \"m\": [{\"y\": 1}]}";
	CHECK_INT(ds_json_env_find(halves, strlen(halves), &e), 0);
	const char *map = "{\"h1\": {\"cpu\": 1}, \"h2\": {\"cpu\": 2}, \"h3\": {\"cpu\": 3}}";
	CHECK_INT(ds_json_env_find(map, strlen(map), &e), 0);
	const char *esc = "{\"r\\u00e9s\": [{\"x\": 1}, {\"x\": 2}]}";
	CHECK_INT(ds_json_env_find(esc, strlen(esc), &e), 0);
}

/* Envelopes as exports write them: the same table both ways, the list
 * named in a note with the count of the values beside it. */
static void test_shapes(void)
{
	struct ll_table *t;
	t = loads("es.json", "{\"took\": 5, \"timed_out\": false, \"hits\": {\"total\": {\"value\": 3}, \"hits\": [\n"
			     "{\"_id\": \"1\", \"_source\": {\"ts\": \"2024-01-01T00:00:00Z\", \"n\": 1}},\n"
			     "{\"_id\": \"2\", \"_source\": {\"ts\": \"2024-01-01T00:00:01Z\", \"n\": \"n/a\"}},\n"
			     "{\"_id\": \"3\", \"_source\": {\"ts\": \"2024-01-01T00:00:02Z\", \"n\": 2.5, \"x\": [1, 2]}}]}}\n");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "_source.ts")), LL_COL_TIME);
		CHECK(ll_table_find_column(t, "_source.x.1") >= 0);
		CHECK(ll_test_has_note(t, "the 3 objects of \"hits.hits\"; the document's 3 other values"));
		CHECK(ll_test_has_note(t, "(first: record 2) read as missing"));
	}
	ll_table_free(t);
	t = loads("ct.json", "{\"Records\": [{\"eventName\": \"Get\"}, {\"eventName\": \"Put\", \"err\": null}]}");
	CHECK(t && ll_table_nrows(t) == 2 && ll_test_has_note(t, "the 2 objects of \"Records\""));
	ll_table_free(t);
	/* the list first, the envelope's keys after it */
	t = loads("k8s.json", "{\"apiVersion\": \"v1\", \"items\": [{\"metadata\": {\"name\": \"a\"}, \"status\": "
			      "{\"phase\": \"Running\"}}, {\"metadata\": {\"name\": \"b\"}}], \"kind\": \"List\"}");
	CHECK(t && ll_table_nrows(t) == 2 && ll_test_has_note(t, "2 other values are"));
	ll_table_free(t);
	t = loads("prom.json", "{\"status\": \"success\", \"data\": {\"resultType\": \"streams\", \"result\": ["
			       "{\"stream\": {\"job\": \"a\"}, \"line\": \"x\"}, {\"stream\": {\"job\": \"b\"}, \"line\": \"y\"}]}}");
	CHECK(t && ll_table_nrows(t) == 2 && ll_test_has_note(t, "\"data.result\""));
	ll_table_free(t);
	/* several lists: the one of most values wins; a small one stays outside */
	t = loads("lists.json", "{\"aggs\": [{\"k\": 1}, {\"k\": 2}], \"rows\": [{\"a\": 1, \"b\": 2}, {\"a\": 3, \"b\": 4},"
				" {\"a\": 5, \"b\": 6}]}");
	CHECK(t && ll_table_nrows(t) == 3 && ll_test_has_note(t, "\"rows\"; the document's 2 other values"));
	ll_table_free(t);
	/* three levels down, and an empty key on the way */
	t = loads("deep.json", "{\"a\": {\"\": {\"c\": [{\"x\": 1}, {\"x\": 2}]}}, \"n\": 1}");
	CHECK(t && ll_table_nrows(t) == 2 && ll_test_has_note(t, "\"a..c\""));
	ll_table_free(t);
	/* a byte-order mark, \u0000 kept as six characters, labels */
	t = loads("bom.json", "\xef\xbb\xbf{\"items\": [{\"label\": \"1\", \"m\": \"a\\u0000b\"}, {\"label\": \"0\", "
			      "\"m\": \"c\"}, {\"label\": \"1\", \"m\": \"d\"}]}\n\n");
	if (t) {
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_STR(ll_table_text(t, 0, 0), "a\\u0000b");
	}
	ll_table_free(t);
	/* what the scan leaves to the whole tree: four levels down, lists of
	 * scalars, of arrays, of one object, an empty list, maps of records,
	 * an escaped key, no list above half, series of pairs, a path too long */
	static const char *const whole[] = {
		"{\"a\": {\"b\": {\"c\": {\"d\": [{\"x\": 1}, {\"x\": 2}]}}}}",
		"{\"values\": [1, 2, 3, 4, 5], \"unit\": \"ms\"}",
		"{\"rows\": [[1, 2], [3, 4], [5, 6]]}",
		"{\"hosts\": [{\"name\": \"h\", \"statistics\": [{\"timestamp\": \"2024-01-01T00:00:00Z\", \"cpu\": 1},"
		" {\"timestamp\": \"2024-01-01T00:00:10Z\", \"cpu\": 2}]}]}",
		"{\"items\": [], \"kind\": \"List\"}",
		"{\"2024-05-01\": {\"o\": 1}, \"2024-05-02\": {\"o\": 2}, \"2024-05-03\": {\"o\": 3}}",
		"{\"meta\": {\"s\": 1}, \"series\": {\"h1\": {\"c\": 1}, \"h2\": {\"c\": 2}, \"h3\": {\"c\": 3}}}",
		"{\"r\\u00e9s\": [{\"x\": 1}, {\"x\": 2}]}",
		"{\"l\": [{\"x\": 1}, {\"x\": 2}], \"m\": [{\"y\": 1}, {\"y\": 2}]}",
		"{\"data\": {\"result\": [{\"metric\": {\"job\": \"a\"}, \"values\": [[1700000000, \"1\"], [1700000060, \"2\"]]},"
		" {\"metric\": {\"job\": \"b\"}, \"values\": [[1700000000, \"3\"]]}]}}",
		"{\"job\": {\"id\": \"j1\", \"acls\": [{\"name\": \"view\"}]}}",
	};
	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
		char name[32];
		snprintf(name, sizeof name, "whole%zu.json", i);
		ll_table_free(loads(name, whole[i]));
	}
	char *longkey = malloc(1200);
	if (longkey) {
		int n = snprintf(longkey, 1200, "{\"");
		for (int i = 0; i < 600; i++)
			longkey[n++] = 'k';
		snprintf(longkey + n, 1200 - (size_t)n, "\": [{\"x\": 1}, {\"x\": 2}]}");
		ll_table_free(loads("longkey.json", longkey));
		free(longkey);
	}
}

/* Tables of names and rows whose rows list holds most of the document
 * (ds_json_tables.h), read a row at a time: pandas' split with its index,
 * Elasticsearch SQL, ClickHouse's JSONCompact with its meta, row count and
 * statistics, a table one level down, a member named like a column, a
 * label column; and what the whole tree decides: rows of another width, a
 * row holding an object or array, a second table, records that are series,
 * a names list of repeated names, rows with no names. Then the errors. */
static void test_tables(void)
{
	struct ll_table *t;
	t = loads("split.json", "{\"columns\": [\"ts\", \"cpu\", \"host\"], \"index\": [10, 11, 12], \"data\": ["
				"[\"2024-01-01T00:00:00Z\", 1.5, \"a\"], [\"2024-01-01T00:00:10Z\", \"n/a\", \"b\"], "
				"[\"2024-01-01T00:00:20Z\", 2, null]]}");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "ts")), LL_COL_TIME);
		CHECK(ll_table_num(t, 2, (size_t)ll_table_find_column(t, "index")) == 12);
		CHECK(ll_test_has_note(t, "the records are the 3 rows of 1 table of column names and rows (names in "
					  "\"columns\", rows in \"data\")"));
		CHECK(ll_test_has_note(t, "(first: record 2) read as missing"));
	}
	ll_table_free(t);
	t = loads("essql.json", "{\"columns\": [{\"name\": \"@timestamp\", \"type\": \"datetime\"}, {\"name\": \"v\", "
				"\"type\": \"float\"}], \"rows\": [[\"2024-01-01T00:00:00.000Z\", 1.5], "
				"[\"2024-01-01T00:00:01.000Z\", 2.5], [\"2024-01-01T00:00:02.000Z\", 3.5]], \"cursor\": \"sDXF1ZXJ5\"}");
	CHECK(t && ll_table_nrows(t) == 3 && ll_table_find_column(t, "cursor") >= 0 &&
	      ll_test_has_note(t, "rows in \"rows\")") && !ll_test_has_note(t, "other value"));
	ll_table_free(t);
	t = loads("compact.json", "{\n\t\"meta\": [{\"name\": \"t\", \"type\": \"DateTime\"}, {\"name\": \"host\", \"type\": "
				  "\"String\"}, {\"name\": \"v\", \"type\": \"Float64\"}],\n\t\"data\": [\n\t\t[\"2024-01-01 "
				  "00:00:00\", \"h\\u00e9\", 1],\n\t\t[\"2024-01-01 00:00:01\", \"a\\u0000b\", 2],\n\t\t[\"2024-01-01 "
				  "00:00:02\", \"c\", 3e2],\n\t\t[\"2024-01-01 00:00:03\", \"d\", -4]\n\t],\n\t\"rows\": 4,\n\t"
				  "\"statistics\": {\"elapsed\": 0.0012, \"rows_read\": 4, \"bytes_read\": 96}\n}\n");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK(ll_table_find_column(t, "statistics.rows_read") >= 0 && ll_table_find_column(t, "rows") >= 0);
		CHECK_STR(ll_table_text(t, 1, (size_t)ll_table_find_column(t, "host")), "a\\u0000b");
		CHECK(ll_test_has_note(t, "rows in \"data\")"));
	}
	ll_table_free(t);
	t = loads("down.json", "{\"took\": 3, \"result\": {\"name\": \"cpu\", \"columns\": [\"name\", \"label\", \"v\"], "
			       "\"values\": [[\"x\", \"ok\", 1], [\"y\", \"bad\", 2], [\"z\", \"ok\", 3]]}}");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_STR(ll_table_text(t, 2, (size_t)ll_table_find_column(t, "name")), "z");
		CHECK(ll_test_has_note(t, "1 value beside the rows left out: a column has the same name; the "
					  "document's 1 other value is not in the table"));
	}
	ll_table_free(t);
	static const char *const whole[] = {
		"{\"columns\": [\"a\", \"b\"], \"data\": [[1, 2], [3, 4], [5]]}",
		"{\"columns\": [\"a\", \"b\"], \"data\": [[1, 2], [3, {\"x\": 4}], [5, 6]]}",
		"{\"columns\": [\"a\", \"b\"], \"data\": [[1, [2, 3]], [3, 4], [5, 6]]}",
		"{\"columns\": [\"a\", \"b\"], \"data\": [[1, 2], [3, 4], [5, 6]], \"x\": {\"c\": [\"p\"], \"r\": [[1]]}}",
		"{\"columns\": [\"a\", \"b\", \"c\"], \"data\": [[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 2, 3]], \"values\": "
		"[[1700000000, \"1\"], [1700000060, \"2\"]]}",
		"{\"columns\": [\"a\", \"a\"], \"data\": [[1, 2], [3, 4], [5, 6]]}",
		"{\"data\": [[1, 2], [3, 4], [5, 6]], \"n\": 3}",
		"{\"columns\": [], \"data\": [[], [], []]}",
		"{\"names\": [\"a\", \"b\"], \"rows\": [[1, 2], [3, 4]], \"more\": [[5, 6], [7, 8], [9, 10], [11, 12]]}",
	};
	/* names heavier than the rows: the list of most values is the names
	 * (of objects), which the envelope reading must not take as records */
	static const struct {
		const char *text;
		size_t rows;
	} heavy[] = {
		{"{\"columns\": [{\"name\": \"a\", \"type\": \"keyword\", \"x\": 1}, {\"name\": \"b\", \"type\": \"long\", "
		 "\"x\": 2}], \"rows\": [[1, 2]]}", 1},
		{"{\"schema\": {\"fields\": [{\"name\": \"t\", \"labels\": {\"a\": \"1\", \"b\": \"2\", \"c\": \"3\"}}, {\"name\": "
		 "\"v\", \"labels\": {\"a\": \"1\", \"b\": \"2\", \"c\": \"3\"}}]}, \"data\": {\"values\": [[1], [2]]}}", 1},
		{"{\"items\": [{\"a\": 1, \"b\": 1}, {\"a\": 2, \"b\": 2}], \"tags\": [\"x\", \"y\"]}", 2},
	};
	for (size_t i = 0; i < sizeof heavy / sizeof *heavy; i++) {
		char name[32];
		snprintf(name, sizeof name, "heavy%zu.json", i);
		t = loads(name, heavy[i].text);
		CHECK(t && ll_table_nrows(t) == heavy[i].rows);
		ll_table_free(t);
	}
	loads_each("tree", whole, sizeof whole / sizeof *whole);
	/* many rows with an index, the second pass from the tape and (with a
	 * tape over its budget) from the text again, rewinding the index */
	size_t cap = 6000 * 64 + 128, o = 0;
	char *big = malloc(cap);
	if (!big)
		exit(99);
	o += (size_t)snprintf(big, cap, "{\"columns\": [\"t\", \"host\", \"v\", \"label\"], \"index\": [");
	for (int i = 0; i < 6000; i++)
		o += (size_t)snprintf(big + o, cap - o, "%s%d", i ? ", " : "", 100 + i);
	o += (size_t)snprintf(big + o, cap - o, "], \"data\": [");
	for (int i = 0; i < 6000; i++)
		o += (size_t)snprintf(big + o, cap - o, "%s[%d, \"h%d\", %d.25, %s]", i ? ",\n" : "", 1700000000 + i, i % 7,
				      i, i % 3 ? "\"a\"" : "null");
	o += (size_t)snprintf(big + o, cap - o, "], \"unit\": \"s\"}");
	int rc;
	struct ll_err err;
	t = both_ways("manyrows.json", big, o, &rc, &err);
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 6000);
	ll_table_free(t);
	setenv("LOGLAB_MEMORY_MAX", "1M", 1);
	t = both_ways("budgetrows.json", big, o, &rc, &err);
	unsetenv("LOGLAB_MEMORY_MAX");
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 6000 &&
	      ll_table_num(t, 5999, (size_t)ll_table_find_column(t, "index")) == 6099);
	ll_table_free(t);
	free(big);
	/* errors: cut, a bad row, bad text beside the rows, a row's own
	 * error, a record's error before a later parse error */
	const char *cut = "{\"columns\": [\"a\", \"b\"], \"data\": [\n[1, 2],\n[3, 4],\n[5, \"unfini";
	fails("rows_cut.json", cut, strlen(cut), "truncated?");
	const char *bad = "{\"columns\": [\"a\", \"b\"], \"data\": [\n[1, 2],\n  [3, 1.2.3],\n[5, 6]]}";
	fails("rows_bad.json", bad, strlen(bad), "rows_bad.json:3:");
	const char *beside = "{\"columns\": [\"a\", \"b\"], \"data\": [[1, 2], [3, 4], [5, 6]],\n \"x\": tru}";
	fails("rows_beside.json", beside, strlen(beside), "rows_beside.json:2:");
	const char *huge = "{\"columns\": [\"a\", \"b\"], \"data\": [[1, 2], [3, 1e999], [5, 6]]}";
	fails("rows_huge.json", huge, strlen(huge), "record 2: \"b\": a number beyond the range of a double");
	/* a member given twice beside the rows: its later value in x_2 of every row */
	const char *twice = "{\"columns\": [\"a\", \"b\"], \"x\": 1, \"x\": 2, \"data\": [[1, 2], [3, 4], [5, 6]]}";
	struct ll_table *tt = loads("rows_twice.json", twice);
	CHECK(tt && ll_table_nrows(tt) == 3 && ll_table_find_column(tt, "x_2") >= 0);
	ll_table_free(tt);
	const char *later = "{\"columns\": [\"a\", \"b\"], \"data\": [[1, 2], [3, 1e999], [5, 1.2.3]]}";
	fails("rows_later.json", later, strlen(later), "malformed JSON");
}

/* Errors keep the whole document's message: a file cut mid-list, a bad
 * element mid-list (its line and column), bad text beside the list, a
 * record's own error, and a record's error before a later parse error
 * (the parse error is said, as the whole document's parse finds it first). */
static void test_errors(void)
{
	const char *cut = "{\"hits\": {\"hits\": [\n{\"a\": 1},\n{\"a\": 2},\n{\"a\": \"unfini";
	fails("cut.json", cut, strlen(cut), "truncated?");
	const char *bad = "{\"Records\": [\n{\"a\": 1},\n  {\"a\": \"\\x\"},\n{\"a\": 3}]}";
	fails("bad.json", bad, strlen(bad), "bad.json:3:");
	const char *number = "{\"Records\": [{\"a\": 1}, {\"a\": 1.2.3}, {\"a\": 3}]}";
	fails("number.json", number, strlen(number), "malformed JSON");
	const char *beside = "{\"Records\": [{\"a\": 1}, {\"a\": 2}, {\"a\": 3}],\n \"next\": 1.2.3}";
	fails("beside.json", beside, strlen(beside), "beside.json:2:");
	const char *after = "{\"Records\": [{\"a\": 1}, {\"a\": 2}]} {\"x\": 1}";
	fails("after.json", after, strlen(after), "more data after the document ends");
	const char *twice = "{\"Records\": [{\"label\": 1}, {\"label\": 2, \"label\": 3}, {\"label\": 4}]}";
	fails("twice.json", twice, strlen(twice), "record 2: the label key \"label\" is given twice");
	/* a key given again is its column x_2, read an element at a time alike */
	const char *again = "{\"Records\": [{\"a\": 1}, {\"a\": 2, \"a\": 3}, {\"a\": 4}]}";
	struct ll_table *ta = loads("again.json", again);
	CHECK(ta && ll_table_find_column(ta, "a_2") >= 0);
	ll_table_free(ta);
	const char *first = "{\"Records\": [{\"a\": 1}, {\"a\": 2, \"a\": 3}, {\"a\": 1.2.3}]}";
	fails("first.json", first, strlen(first), "malformed JSON");
	const char *arr = "[{\"a\": 1}, {\"a\": 2, \"a\": 3}, {\"a\": 1.2.3}]";
	fails("arr_first.json", arr, strlen(arr), "malformed JSON");
	const char *huge = "{\"Records\": [{\"a\": 1}, {\"a\": 1e999}]}";
	fails("huge.json", huge, strlen(huge), "beyond the range of a double");
	/* nested deeper than cJSON parses, inside an element */
	size_t cap = 2 * 1100 + 64, o = 0;
	char *deep = malloc(cap);
	if (deep) {
		o += (size_t)snprintf(deep, cap, "{\"Records\": [{\"a\": 1}, {\"a\": ");
		for (int i = 0; i < 1000; i++)
			deep[o++] = '[';
		for (int i = 0; i < 1000; i++)
			deep[o++] = ']';
		o += (size_t)snprintf(deep + o, cap - o, "}]}");
		fails("deep.json", deep, o, "nested more than");
		free(deep);
	}
}

/* Maps of records read member by member, against the whole tree: named
 * in column "key" (escaped and empty names too, a name given twice), and
 * every object the whole tree reads otherwise: members that differ, two
 * members, a member that is no object, one member holding most values (its
 * list is the records), members sharing too few keys. */
static void test_maps(void)
{
	struct ll_table *t;
	t = loads("hosts.json", "{\"h1\": {\"cpu\": 1, \"label\": \"ok\"}, \"h\\u00e9\": {\"cpu\": 2.5, \"label\": \"bad\"},"
				" \"\": {\"cpu\": 3, \"label\": \"ok\", \"tags\": [\"a\", \"b\"]}, \"h1\": {\"cpu\": 4}}");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_STR(ll_table_text(t, 1, (size_t)ll_table_find_column(t, "key")), "h\xc3\xa9");
		CHECK_STR(ll_table_text(t, 2, (size_t)ll_table_find_column(t, "key")), "");
		CHECK(ll_table_find_column(t, "tags.1") >= 0);
		CHECK(ll_test_has_note(t, "the records are the 4 members of the document"));
	}
	ll_table_free(t);
	t = loads("days.json", "{\"2024-05-01 10:00\": {\"open\": 1, \"close\": 2}, \"2024-05-01 10:01\": {\"open\": 2,"
			       " \"close\": \"n/a\"}, \"2024-05-01 10:02\": {\"open\": 3, \"close\": 4, \"x\": {}}}");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "key")), LL_COL_TIME);
	}
	ll_table_free(t);
	static const char *const other[] = {
		"{\"db\": {\"host\": \"x\"}, \"cache\": {\"size\": 1}, \"log\": {\"level\": \"info\"}}",
		"{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}}",
		"{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}, \"n\": 3, \"c\": {\"x\": 4}}",
		"{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}, \"c\": {\"x\": 3, \"rows\": [{\"y\": 1}, {\"y\": 2},"
		" {\"y\": 3}, {\"y\": 4}, {\"y\": 5}, {\"y\": 6}]}}",
		"{\"a\": {\"x\": 1, \"y\": 1}, \"b\": {\"p\": 2, \"q\": 2}, \"c\": {\"r\": 3, \"x\": 3}}",
		"{\"a\": {}, \"b\": {}, \"c\": {}}",
		"{}",
	};
	loads_each("other", other, sizeof other / sizeof *other);
	/* tables by column or of names and rows (ds_json_tables.h) are the
	 * whole tree's to read, wherever the element-wise reading meets them */
	static const struct {
		const char *text;
		size_t rows;
	} tables[] = {
		{"[{\"name\": \"cpu\", \"columns\": [\"t\", \"v\"], \"values\": [[1, 2], [3, 4]]}, {\"name\": \"mem\", "
		 "\"columns\": [\"t\", \"v\"], \"values\": [[5, 6]]}]", 3},
		{"{\"results\": [{\"statement_id\": 0, \"series\": [{\"columns\": [\"t\"], \"values\": [[1], [2]]}]}, "
		 "{\"statement_id\": 1, \"series\": [{\"columns\": [\"t\"], \"values\": [[3]]}]}]}", 3},
		{"{\"a\": {\"0\": 1, \"1\": 2}, \"b\": {\"0\": 3, \"1\": 4}, \"c\": {\"0\": 5, \"1\": 6}}", 2},
		{"{\"h1\": {\"c\": [\"x\"], \"r\": [[1], [2]]}, \"h2\": {\"c\": [\"x\"], \"r\": [[3]]}, \"h3\": {\"c\": "
		 "[\"x\"], \"r\": [[4]]}}", 4},
		{"{\"time\": [1, 2, 3, 4], \"cpu\": [5, 6, 7, 8]}", 4},
		{"[{\"schema\": {\"fields\": [{\"name\": \"t\"}, {\"name\": \"v\", \"labels\": {\"h\": \"a\"}}]}, "
		 "\"data\": {\"values\": [[1, 2], [3, 4]]}}, {\"schema\": {\"fields\": [{\"name\": \"t\"}, {\"name\": "
		 "\"v\"}]}, \"data\": {\"values\": [[5], [6]]}}]", 3},
		{"{\"results\": {\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"t\"}]}, \"data\": "
		 "{\"values\": [[1, 2]]}}, {\"schema\": {\"fields\": [{\"name\": \"t\"}]}, \"data\": {\"values\": "
		 "[[3]]}}]}}}", 3},
	};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		char name[32];
		snprintf(name, sizeof name, "table%zu.json", i);
		t = loads(name, tables[i].text);
		CHECK(t && ll_table_nrows(t) == tables[i].rows);
		ll_table_free(t);
	}
	/* errors: a member's own, a parse error after it, a cut map, a member
	 * nested deeper than cJSON parses */
	const char *twice = "{\"a\": {\"label\": 1}, \"b\": {\"label\": 2, \"label\": 3}, \"c\": {\"label\": 4}}";
	fails("map_twice.json", twice, strlen(twice), "record 2: the label key \"label\" is given twice");
	const char *later = "{\"a\": {\"x\": 1}, \"b\": {\"x\": 2, \"x\": 3}, \"c\": {\"x\": 1.2.3}}";
	fails("map_later.json", later, strlen(later), "malformed JSON");
	const char *colon = "{\"a\": {\"x\": 1}, \"b\" {\"x\": 2}, \"c\": {\"x\": 3}}";
	fails("map_colon.json", colon, strlen(colon), "map_colon.json:1:");
	const char *cut = "{\"a\": {\"x\": 1},\n\"b\": {\"x\": 2},\n\"c\": {\"x\": \"unfini";
	fails("map_cut.json", cut, strlen(cut), "truncated?");
	size_t cap = 2 * 1100 + 64, o = 0;
	char *deep = malloc(cap);
	if (deep) {
		o += (size_t)snprintf(deep, cap, "{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}, \"c\": {\"x\": ");
		for (int i = 0; i < 998; i++)
			deep[o++] = '[';
		for (int i = 0; i < 998; i++)
			deep[o++] = ']';
		o += (size_t)snprintf(deep + o, cap - o, "}}");
		int rc;
		struct ll_err err;
		ll_table_free(both_ways("map_deep.json", deep, o, &rc, &err));
		free(deep);
	}
}

/* Records of a map of n members. */
static char *map_text(size_t n, size_t *len)
{
	size_t cap = n * 128 + 64, o = 0;
	char *buf = malloc(cap);
	if (!buf)
		exit(99);
	buf[o++] = '{';
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s\"id%07zu\": {\"host\": \"n%zu\", \"cpu\": %zu.5, \"m\": \"x y\"}",
				      i ? ",\n " : "", i, i % 3, i % 97);
	o += (size_t)snprintf(buf + o, cap - o, "}\n");
	*len = o;
	return buf;
}

/* Records of an envelope of n objects with its other keys on both sides. */
static char *envelope_text(size_t n, size_t *len)
{
	size_t cap = n * 128 + 256, o = 0;
	char *buf = malloc(cap);
	if (!buf)
		exit(99);
	o += (size_t)snprintf(buf, cap, "{\"took\": 7, \"hits\": {\"total\": %zu, \"hits\": [", n);
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s{\"ts\": %zu, \"host\": \"n%zu\", \"m\": {\"cpu\": %zu.5}}",
				      i ? ",\n " : "", 1700000000 + i, i % 3, i % 97);
	o += (size_t)snprintf(buf + o, cap - o, "]}, \"kind\": \"x\"}\n");
	*len = o;
	return buf;
}

/* A table of names and rows of n rows, ClickHouse's JSONCompact. */
static char *compact_text(size_t n, size_t *len)
{
	size_t cap = n * 96 + 256, o = 0;
	char *buf = malloc(cap);
	if (!buf)
		exit(99);
	o += (size_t)snprintf(buf, cap, "{\"meta\": [{\"name\": \"t\", \"type\": \"UInt32\"}, {\"name\": \"host\", "
				       "\"type\": \"String\"}, {\"name\": \"v\", \"type\": \"Float64\"}],\n\"data\": [");
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s[%zu, \"n%zu\", %zu.5]", i ? ",\n " : "", 1700000000 + i, i % 3,
				      i % 97);
	o += (size_t)snprintf(buf + o, cap - o, "],\n\"rows\": %zu, \"statistics\": {\"elapsed\": 0.5}}\n", n);
	*len = o;
	return buf;
}

/* A many-record envelope, both ways alike; and (in a release build, run
 * first while the peak is low) memory a few times the file's size, where
 * the whole tree takes about nine (a table of names and rows, about
 * twenty). */
static void test_memory(void)
{
	size_t len;
	if (!ll_test_slow_build()) {
		char *big = envelope_text(100000, &len); /* about 5.5 MB */
		loads_within("big.json", big, len, 100000, 4, "envelope");
		big = map_text(100000, &len); /* about 6 MB */
		loads_within("bigmap.json", big, len, 100000, 4, "map");
		big = compact_text(150000, &len); /* about 4.5 MB */
		loads_within("bigcompact.json", big, len, 150000, 4, "table of rows");
	}
	char *some = envelope_text(2000, &len);
	int rc;
	struct ll_err err;
	struct ll_table *t = both_ways("some.json", some, len, &rc, &err);
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 2000 &&
	      ll_test_has_note(t, "the 2000 objects of \"hits.hits\"; the document's 3 other values"));
	ll_table_free(t);
	free(some);
	some = map_text(2000, &len);
	t = both_ways("somemap.json", some, len, &rc, &err);
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 2000);
	ll_table_free(t);
	free(some);
}

/* Lines of many kinds: labels (also null and numbers), nulls, booleans,
 * numbers among missing marks, quoted decimals and ids, stamps, dates of
 * either order, nested objects and arrays, bare scalars, a stray line and
 * a last line cut short. */
static char *mixed_lines(size_t n, size_t *len)
{
	size_t cap = n * 256 + 64, o = 0;
	char *buf = malloc(cap);
	if (!buf)
		exit(99);
	for (size_t i = 0; i < n; i++) {
		if (i == 7) {
			o += (size_t)snprintf(buf + o, cap - o, "not json at all\n\n");
			continue;
		}
		if (i == 9) {
			o += (size_t)snprintf(buf + o, cap - o, "%s\n", i % 2 ? "[1, {\"x\": 2}]" : "\"bare\"");
			continue;
		}
		static const char *const labels[] = {"\"1\"", "\"0\"", "null", "0", "true", "\"x\""};
		o += (size_t)snprintf(buf + o, cap - o,
				      "{\"label\": %s, \"ts\": \"2024-01-%02zuT10:00:%02zuZ\", \"n\": %s, \"b\": %s, "
				      "\"q\": \"%zu.25\", \"id\": \"%zu\", \"d\": \"%02zu/04/2024 10:00\", "
				      "\"nest\": {\"a\": [%zu, {\"b\": %s}]}, \"s\": \"a\\u0000b%zu\"}\n",
				      labels[i % 6], 1 + i % 28, i % 60, i % 5 == 0 ? "\"n/a\"" : i % 7 == 0 ? "null" : "1.5e3",
				      i % 3 ? "true" : "false", i, 1000 + i, 1 + i % 12 + (i == 20) * 12, i, i % 4 ? "null" : "\"t\"",
				      i % 9);
	}
	o += (size_t)snprintf(buf + o, cap - o, "{\"label\": \"1\", \"n\": ");
	*len = o;
	return buf;
}

/* JSON Lines and arrays: the second pass from the tape gives the reference
 * reading's table, with labels, and with a label of too many values kept
 * as a column; a tape over its budget gives up and the lines are parsed
 * again, to the same table. */
static void test_replay(void)
{
	size_t len;
	char *text = mixed_lines(120, &len);
	int rc;
	struct ll_err err;
	format = "jsonl";
	struct ll_table *t = both_ways("mixed.jsonl", text, len, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 120);
		CHECK(ll_table_nclasses(t) >= 4);
		CHECK(ll_test_has_note(t, "1 of 120 lines are text, not JSON: a row each"));
		CHECK(ll_test_has_note(t, "record cut short"));
	}
	ll_table_free(t);
	free(text);
	/* a label of 300 values stays a column */
	char *many = malloc(300 * 40), *o = many;
	if (!many)
		exit(99);
	for (int i = 0; i < 300; i++)
		o += sprintf(o, "{\"label\": \"c%d\", \"v\": %d}\n", i, i);
	t = both_ways("many.jsonl", many, (size_t)(o - many), &rc, &err);
	CHECK(rc == LL_OK && t && ll_table_nclasses(t) == 0 && ll_table_find_column(t, "label") >= 0);
	ll_table_free(t);
	free(many);
	/* objects over several lines each, labelled by "class" */
	const char *objs = "{\n \"class\": \"a\",\n \"v\": 1\n}\n{\n \"class\": \"b\",\n \"v\": \"x\"\n}\n"
			   "{\n \"v\": 3,\n \"w\": [true, null]\n}\n";
	t = both_ways("objs.jsonl", objs, strlen(objs), &rc, &err);
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 3 && ll_table_nclasses(t) == 2);
	ll_table_free(t);
	/* an array of the same records */
	format = "json";
	const char *arr = "[{\"label\": \"a\", \"v\": 1, \"t\": \"13/04/2024\"}, {\"label\": null, \"v\": \"n/a\"},"
			  " {\"label\": 2, \"v\": 2.5, \"t\": \"01/05/2024\", \"z\": [false]}]";
	t = both_ways("arr.json", arr, strlen(arr), &rc, &err);
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 3 && ll_table_nclasses(t) == 2);
	ll_table_free(t);
	/* a tape over its budget (a quarter of LOGLAB_MEMORY_MAX: 128 KiB,
	 * where this file's leaves take about 240 KiB; the file itself is
	 * within the limit) */
	format = "jsonl";
	text = mixed_lines(1000, &len);
	CHECK(len > 128 * 1024 && len < 256 * 1024);
	setenv("LOGLAB_MEMORY_MAX", "512K", 1);
	t = both_ways("budget.jsonl", text, len, &rc, &err);
	unsetenv("LOGLAB_MEMORY_MAX");
	CHECK(rc == LL_OK && t && ll_test_has_note(t, "1 of 1000 lines are text, not JSON"));
	ll_table_free(t);
	free(text);
	format = "json";
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "json_stream");
	test_memory();
	test_find();
	test_maps();
	test_shapes();
	test_errors();
	test_tables();
	test_replay();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
