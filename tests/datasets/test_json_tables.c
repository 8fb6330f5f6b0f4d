/*
 * test_json_tables.c - JSON tables written by column or as rows of arrays
 * (ds_json_tables.h): each layout unfolded alone, the shapes that must
 * stay as they were, and the JSON reader's tables from files of the
 * layouts query engines and dataframes write.
 */
#include "harness.h"

#include "ds_json_tables.h"
#include "ds_reader.h"
#include "reader_test.h"

#include <stdlib.h>
#include <string.h>

static char dir[256];

static cJSON *unfold(const char *text, char *note, size_t cap)
{
	cJSON *doc = cJSON_Parse(text);
	int oom = 1;
	CHECK(doc != NULL);
	cJSON *out = doc ? ds_json_tables(doc, note, cap, &oom) : NULL;
	CHECK_INT(oom, 0);
	cJSON_Delete(doc);
	return out;
}

/* The text of member key of record i of out ("" for a number). */
static const char *cell_text(const cJSON *out, int i, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(out, i), key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static double cell_num(const cJSON *out, int i, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(out, i), key);
	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static void test_numbers_and_leaves(void)
{
	static const char *const yes[] = {"0", "17", "-3", "0.5", "-0.25", "1e3", "2E-4", "1.5e+2"};
	static const char *const no[] = {"", "-", "a1", "1a", "1.", ".5", "1e", "1e+", " 1", "NaN", "0x1f", "1,5"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		CHECK(ds_json_number_text(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		CHECK(!ds_json_number_text(no[i], strlen(no[i])));
	cJSON *doc = cJSON_Parse("{\"a\": [1, {\"b\": null, \"c\": [true]}], \"d\": {}, \"e\": \"x\"}");
	CHECK(doc && ds_json_leaves(doc) == 4);
	cJSON_Delete(doc);
	/* a list of plain values weighs one when records are chosen; lists of
	 * lists or objects are weighed by what they hold */
	doc = cJSON_Parse("{\"id\": 1, \"clocks\": [{\"v\": 9, \"g\": [1, 2, 3, 4, 5]}, {\"v\": 8, \"g\": [\"a\", \"b\"]}],"
			  " \"pts\": [[1, 2], [3, 4]], \"none\": [], \"e\": {}}");
	CHECK(doc && ds_json_leaves(doc) == 14);
	CHECK_INT(doc ? (long)ds_json_record_values(doc) : -1, 7);
	cJSON_Delete(doc);
}

/* Names and rows: pandas' split (its index a column), Elasticsearch SQL's
 * named columns, InfluxDB's series four levels down with their name and
 * tags, a series' own "name" beside a column of that name. */
static void test_names_and_rows(void)
{
	char note[512];
	cJSON *out = unfold("{\"columns\": [\"t\", \"cpu\"], \"index\": [10, 11, 12], \"data\": [[\"a\", 1], [\"b\", 2], "
			    "[\"c\", null]]}", note, sizeof note);
	CHECK(out && cJSON_GetArraySize(out) == 3);
	if (out) {
		CHECK_STR(cell_text(out, 1, "t"), "b");
		CHECK(cell_num(out, 2, "index") == 12);
		CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(out, 2), "cpu")));
		CHECK(strstr(note, "3 rows of 1 table") && strstr(note, "names in \"columns\", rows in \"data\""));
	}
	cJSON_Delete(out);
	out = unfold("{\"columns\": [{\"name\": \"ts\", \"type\": \"datetime\"}, {\"name\": \"v\", \"type\": \"float\"}], "
		     "\"rows\": [[\"2024-01-01\", 1.5], [\"2024-01-02\", 2.5]]}", note, sizeof note);
	CHECK(out && cJSON_GetArraySize(out) == 2 && cell_num(out, 1, "v") == 2.5);
	cJSON_Delete(out);
	out = unfold("{\"results\": [{\"statement_id\": 0, \"series\": [{\"name\": \"cpu\", \"tags\": {\"host\": \"a\"}, "
		     "\"columns\": [\"time\", \"name\"], \"values\": [[1, \"x\"], [2, \"y\"]]}, {\"name\": \"cpu\", \"tags\": "
		     "{\"host\": \"b\"}, \"columns\": [\"time\", \"v\"], \"values\": [[3, 4]]}]}]}", note, sizeof note);
	CHECK(out && cJSON_GetArraySize(out) == 3);
	if (out) {
		CHECK_STR(cell_text(out, 1, "name"), "y"); /* the column, not the series' name */
		CHECK_STR(cell_text(out, 2, "name"), "cpu");
		const cJSON *tags = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(out, 2), "tags");
		CHECK(tags && strcmp(cJSON_GetObjectItemCaseSensitive(tags, "host")->valuestring, "b") == 0);
		CHECK(strstr(note, "3 rows of 2 tables") && strstr(note, "1 value beside the rows left out") &&
		      strstr(note, "1 other value is not in the table"));
	}
	cJSON_Delete(out);
}

static void test_by_column(void)
{
	char note[512];
	cJSON *out = unfold("{\"time\": [1, 2, 3], \"cpu\": [0.5, 0.6, null], \"unit\": \"%\"}", note, sizeof note);
	CHECK(out && cJSON_GetArraySize(out) == 3);
	if (out) {
		CHECK(cell_num(out, 1, "cpu") == 0.6);
		CHECK_STR(cell_text(out, 2, "unit"), "%");
		CHECK(strstr(note, "3 positions of 2 lists") != NULL);
	}
	cJSON_Delete(out);
	/* pandas' default: columns of values keyed by the index; keys missing
	 * in one column are missing cells */
	out = unfold("{\"cpu\": {\"0\": 1, \"1\": 2, \"2\": 3}, \"host\": {\"0\": \"a\", \"2\": \"c\", \"3\": \"d\"}}", note,
		     sizeof note);
	CHECK(out && cJSON_GetArraySize(out) == 4);
	if (out) {
		CHECK_STR(cell_text(out, 3, "key"), "3");
		CHECK_STR(cell_text(out, 2, "host"), "c");
		CHECK(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(out, 1), "host") == NULL);
		CHECK(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(out, 3), "cpu") == NULL);
		CHECK(strstr(note, "4 index keys of 2 columns") != NULL);
	}
	cJSON_Delete(out);
	/* a map of records alike keyed by numbers is not transposed */
	char big[8192];
	size_t o = (size_t)snprintf(big, sizeof big, "{");
	for (int c = 0; c < 40; c++)
		o += (size_t)snprintf(big + o, sizeof big - o, "%s\"c%d\": {\"%d\": %d, \"%d\": %d}", c ? ", " : "", c, c,
				      c, c + 100, c);
	snprintf(big + o, sizeof big - o, "}");
	out = unfold(big, note, sizeof note);
	CHECK(out && cJSON_GetArraySize(out) == 80); /* every key once: the hash keeps them apart */
	cJSON_Delete(out);
}

/* Grafana's data frames: a row per index across a frame's lists of values,
 * each field's name its column, the frame's name and its fields' labels
 * beside; frames four levels down (results.A.frames); a label named like
 * a field, and one given by two fields with other values, left out and
 * counted; one given twice alike kept once. */
static void test_frames(void)
{
	char note[512];
	cJSON *out = unfold("{\"results\": {\"A\": {\"status\": 200, \"frames\": [{\"schema\": {\"refId\": \"A\", "
			    "\"fields\": [{\"name\": \"Time\", \"type\": \"time\"}, {\"name\": \"Value\", \"type\": "
			    "\"number\", \"labels\": {\"host\": \"a\"}}]}, \"data\": {\"values\": [[1, 2, 3], [0.5, 0.6, "
			    "null]]}}, {\"schema\": {\"name\": \"mem\", \"fields\": [{\"name\": \"Time\"}, {\"name\": "
			    "\"Value\", \"labels\": {\"host\": \"b\"}}]}, \"data\": {\"values\": [[1, 2], [7, 8]]}}]}}}",
			    note, sizeof note);
	CHECK(out && cJSON_GetArraySize(out) == 5);
	if (out) {
		CHECK(cell_num(out, 1, "Value") == 0.6 && cell_num(out, 2, "Time") == 3);
		CHECK_STR(cell_text(out, 2, "host"), "a");
		CHECK_STR(cell_text(out, 4, "host"), "b");
		CHECK_STR(cell_text(out, 4, "name"), "mem");
		CHECK(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(out, 0), "name") == NULL);
		const char *keys[] = {"Time", "Value", "name", "host"};
		const cJSON *m = cJSON_GetArrayItem(out, 3)->child;
		for (size_t k = 0; k < 4; k++, m = m ? m->next : NULL)
			CHECK(m && strcmp(m->string, keys[k]) == 0);
		CHECK(strstr(note, "the 5 rows of 2 data frames") && strstr(note, "the document's 4 other values"));
	}
	cJSON_Delete(out);
	out = unfold("{\"schema\": {\"name\": \"cpu\", \"fields\": [{\"name\": \"name\", \"labels\": {\"dc\": \"x\"}}, "
		     "{\"name\": \"v\", \"labels\": {\"dc\": \"x\", \"v\": \"1\", \"rack\": \"r1\"}}, {\"name\": \"w\", "
		     "\"labels\": {\"rack\": \"r2\"}}]}, \"data\": {\"values\": [[\"p\", \"q\"], [1, 2], [3, 4]]}}", note,
		     sizeof note);
	CHECK(out && cJSON_GetArraySize(out) == 2);
	if (out) {
		CHECK_STR(cell_text(out, 1, "name"), "q");
		CHECK_STR(cell_text(out, 1, "dc"), "x");
		CHECK_STR(cell_text(out, 1, "rack"), "r1");
		CHECK(cell_num(out, 1, "v") == 2);
		CHECK(cJSON_GetArraySize(cJSON_GetArrayItem(out, 0)) == 5);
		CHECK(strstr(note, "3 labels or names left out: a column has the same name") != NULL);
	}
	cJSON_Delete(out);
	/* values of differing lengths, fewer lists than fields, a field named
	 * twice, a field that is no object: left as they were */
	static const char *const docs[] = {
		"{\"schema\": {\"fields\": [{\"name\": \"t\"}, {\"name\": \"v\"}]}, \"data\": {\"values\": [[1, 2], [3]]}}",
		"{\"schema\": {\"fields\": [{\"name\": \"t\"}, {\"name\": \"v\"}]}, \"data\": {\"values\": [[1, 2]]}}",
		"{\"schema\": {\"fields\": [{\"name\": \"t\"}, {\"name\": \"t\"}]}, \"data\": {\"values\": [[1, 2], [3, 4]]}}",
		"{\"schema\": {\"fields\": [\"t\", \"v\"]}, \"data\": {\"values\": [[1, 2], [3, 4]]}}",
	};
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		out = unfold(docs[i], note, sizeof note);
		if (out)
			fprintf(stderr, "frame left alone %zu: unfolded: %s\n", i, note);
		CHECK(out == NULL);
		cJSON_Delete(out);
	}
	cJSON *arr = cJSON_Parse("[{\"schema\": {\"fields\": [{\"name\": \"t\"}]}, \"data\": {\"values\": [[1]]}}]");
	CHECK(arr && ds_json_holds_table(arr));
	cJSON_Delete(arr);
}

/* What stays as it was: a map of lists of differing lengths (event times
 * per file), one list, a list of one value each, a map of records, rows
 * whose width is not the names', names given twice, a map keyed by numbers
 * whose members are records. */
static void test_left_alone(void)
{
	static const char *const docs[] = {
		"{\"a.csv\": [\"2014-01-01\", \"2014-01-02\"], \"b.csv\": [\"2014-01-03\"], \"c.csv\": [\"x\", \"y\", \"z\"]}",
		"{\"values\": [1, 2, 3, 4, 5], \"unit\": \"ms\"}",
		"{\"a\": [1], \"b\": [2]}",
		"{\"h1\": {\"cpu\": 1}, \"h2\": {\"cpu\": 2}, \"h3\": {\"cpu\": 3}}",
		"{\"columns\": [\"a\", \"b\", \"c\"], \"data\": [[1, 2], [3, 4]]}",
		"{\"columns\": [\"a\", \"a\"], \"data\": [[1, 2], [3, 4]]}",
		"{\"0\": {\"1\": 5, \"2\": 6}, \"1\": {\"1\": 7, \"2\": 8}}",
		"{\"cpu\": {\"0\": [1], \"1\": 2}}",
		"{\"a\": [1, 2], \"b\": [3, [4]]}",
		"[{\"x\": 1}, {\"x\": 2}]",
		"{\"meta\": {\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5}, \"cols\": [\"p\"], \"rows\": [[1]]}",
	};
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		char note[512];
		cJSON *out = unfold(docs[i], note, sizeof note);
		if (out)
			fprintf(stderr, "left alone %zu: unfolded: %s\n", i, note);
		CHECK(out == NULL);
		cJSON_Delete(out);
	}
	cJSON *one = cJSON_Parse("[{\"r\": {\"c\": [\"a\"], \"v\": [[1]]}}]"), *none = cJSON_Parse("[{\"c\": [\"a\"]}]");
	CHECK(one && ds_json_holds_table(one) && none && !ds_json_holds_table(none));
	cJSON_Delete(one);
	cJSON_Delete(none);
}

static struct ll_table *load_text(const char *name, const char *text)
{
	return rt_load_text(dir, name, text, NULL);
}

/* Through the reader: types over the unfolded rows, the note, a clock
 * column; a column named twice in one table is the reader's error. */
static void test_reader(void)
{
	struct ll_table *t = load_text("influx.json",
				       "{\"results\": [{\"statement_id\": 0, \"series\": [{\"name\": \"cpu\", \"tags\": "
				       "{\"host\": \"a\"}, \"columns\": [\"time\", \"usage\"], \"values\": "
				       "[[\"2024-01-01T00:00:00Z\", 1.5], [\"2024-01-01T00:00:10Z\", 2.5]]}]}]}");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "time")), LL_COL_TIME);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "usage")), LL_COL_NUM);
		CHECK(ll_table_find_column(t, "tags.host") >= 0);
		CHECK(ll_test_has_note(t, "the records are the 2 rows of 1 table of column names and rows"));
	}
	ll_table_free(t);
	t = load_text("pandas.json", "{\"ts\": {\"0\": 1704067200000, \"1\": 1704067260000}, \"load\": {\"0\": 0.5, \"1\": "
				     "\"n/a\"}}");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "ts")), LL_COL_TIME);
		CHECK(ll_test_has_note(t, "2 index keys of 2 columns"));
	}
	ll_table_free(t);
	/* frames of one series each: the long table read wide, a column per host */
	t = load_text("grafana.json", "{\"results\": {\"A\": {\"frames\": [{\"schema\": {\"fields\": [{\"name\": \"Time\", "
				      "\"type\": \"time\"}, {\"name\": \"Value\", \"labels\": {\"host\": \"a\"}}]}, \"data\": "
				      "{\"values\": [[1700000000000, 1700000060000, 1700000120000], [1, 2, 5]]}}, "
				      "{\"schema\": {\"fields\": [{\"name\": \"Time\", \"type\": \"time\"}, {\"name\": \"Value\", "
				      "\"labels\": {\"host\": \"b\"}}]}, "
				      "\"data\": {\"values\": [[1700000000000, 1700000060000, 1700000120000], [3, 4, 6]]}}]}}}");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "Time")), LL_COL_TIME);
		CHECK(ll_table_find_column(t, "Value.a") >= 0 && ll_table_find_column(t, "Value.b") >= 0);
		CHECK(ll_test_has_note(t, "the records are the 6 rows of 2 data frames"));
	}
	ll_table_free(t);
	const char *twice = "{\"cpu\": {\"0\": 1, \"0\": 2}, \"mem\": {\"0\": 3}}";
	const char *path = ll_test_put_bytes(dir, "twice.json", twice, strlen(twice));
	struct ds_open_opts o = {.format = NULL, .default_year = 2024};
	struct ll_err err;
	/* an index key given twice in one column: its later value in cpu_2 */
	CHECK_INT(ds_load(path, &o, &t, NULL, &err), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK(ll_table_find_column(t, "cpu_2") >= 0);
		CHECK(ll_test_has_note(t, "key \"cpu\" given again in one record"));
	}
	ll_table_free(t);
}

/* ds_json_names_distinct; a names list of 50,000 columns read both ways
 * (the tree's and the tokens' pairwise checks of it ran for minutes; a
 * CLI check that it ends is in test_json_wide.sh). */
static void test_names_distinct(void)
{
	const char *a[] = {"b", "a", "c"}, *b[] = {"x", "y", "x"}, *c[] = {"only"};
	CHECK_INT(ds_json_names_distinct(a, 3), 1);
	CHECK_INT(ds_json_names_distinct(b, 3), 0);
	CHECK_INT(ds_json_names_distinct(c, 1), 1);
	CHECK_INT(ds_json_names_distinct(NULL, 0), 1);
	size_t n = 50000;
	cJSON *names = cJSON_CreateArray(), *row = cJSON_CreateArray(), *rows = cJSON_CreateArray();
	char name[32];
	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof name, "c%zu", i);
		cJSON_AddItemToArray(names, cJSON_CreateString(name));
		cJSON_AddItemToArray(row, cJSON_CreateNumber((double)i));
	}
	cJSON_AddItemToArray(rows, row);
	cJSON *obj = cJSON_CreateObject();
	cJSON_AddItemToObject(obj, "columns", names);
	cJSON_AddItemToObject(obj, "values", rows);
	CHECK(ds_json_table_names(obj, rows, (int)n) == names);
	/* one name twice: no names list */
	cJSON_ReplaceItemInArray(names, (int)n - 1, cJSON_CreateString("c7"));
	CHECK(ds_json_table_names(obj, rows, (int)n) == NULL);
	cJSON_Delete(obj);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "json_tables");
	test_numbers_and_leaves();
	test_names_and_rows();
	test_by_column();
	test_frames();
	test_left_alone();
	test_reader();
	test_names_distinct();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
