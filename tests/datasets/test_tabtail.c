/*
 * test_tabtail.c - tail mode of a table (ds_tabtail.h): a CSV/TSV, a
 * dstat CSV and JSON Lines open as a dataset take the rows appended to
 * their file, typed like their columns; what does not fit is a missing
 * cell or a skipped line, tallied in notes; a partial last row waits for
 * its newline; a burst is read in several bounded refreshes; rotation and
 * truncation end following with the rows read kept; and the converting
 * copy (ds_tabtail_copy_row) on its own.
 *
 * Every case writes its own files in a scratch folder (the dstat case
 * copies part of a real recording from LL_DATA_DIR there, skipped when
 * that is absent) and checks what is read after each change. No timing.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dataset_open.h"
#include "ds_tabtail.h"
#include "harness.h"

static char dir[256];

static const char *path_of(const char *name)
{
	static char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static void append_bytes(const char *name, const char *bytes, size_t n)
{
	FILE *f = fopen(path_of(name), "ab");
	if (!f || fwrite(bytes, 1, n, f) != n || fclose(f) != 0) {
		perror(name);
		exit(99);
	}
}

static void append(const char *name, const char *text)
{
	append_bytes(name, text, strlen(text));
}

static const char *cell(struct ds_dataset *ds, size_t row, const char *col)
{
	static char buf[512];
	buf[0] = '\0';
	int c = ll_table_find_column(ds_dataset_table(ds), col);
	CHECK(c >= 0);
	if (c >= 0)
		ds_dataset_cell(ds, row, (size_t)c, buf, sizeof buf);
	return buf;
}

static enum ll_coltype type_of(struct ds_dataset *ds, const char *col)
{
	int c = ll_table_find_column(ds_dataset_table(ds), col);
	return c >= 0 ? ds_dataset_col_type(ds, (size_t)c) : (enum ll_coltype)-1;
}

/* 1 when a note of ds holds part. */
static int has_note(struct ds_dataset *ds, const char *part)
{
	for (size_t i = 0; i < ds_dataset_nnotes(ds); i++)
		if (strstr(ds_dataset_note(ds, i), part))
			return 1;
	return 0;
}

/* Notes on rows that did not fit (none on opening a table of ours). */
static size_t tail_notes(struct ds_dataset *ds)
{
	size_t k = 0;
	for (size_t i = 0; i < ds_dataset_nnotes(ds); i++)
		k += strstr(ds_dataset_note(ds, i), "appended since it was opened") != NULL;
	return k;
}

/* Every cell of every row is what a new opening of the file gives. */
static void check_same_as_reopened(struct ds_dataset *ds, const char *path)
{
	struct ds_dataset *fresh = ll_test_open(path, NULL, NULL, 2026);
	CHECK(fresh != NULL);
	if (!fresh)
		return;
	CHECK_INT(ds_dataset_nrows(ds), ds_dataset_nrows(fresh));
	CHECK_INT(ds_dataset_ncols(ds), ds_dataset_ncols(fresh));
	char a[512], b[512];
	size_t bad = 0;
	for (size_t i = 0; i < ds_dataset_nrows(ds) && i < ds_dataset_nrows(fresh); i++)
		for (size_t c = 0; c < ds_dataset_ncols(ds) && c < ds_dataset_ncols(fresh); c++) {
			ds_dataset_cell(ds, i, c, a, sizeof a);
			ds_dataset_cell(fresh, i, c, b, sizeof b);
			if (strcmp(a, b) != 0 && bad++ < 5)
				fprintf(stderr, "row %zu col %zu: '%s' vs '%s'\n", i, c, a, b);
		}
	CHECK_INT(bad, 0);
	ds_dataset_close(fresh);
}

/* A CSV: rows appended, a row in two writes, a cell of the wrong type,
 * a line of too many fields, the header again, then copytruncate. */
static void test_csv(void)
{
	ll_test_put(dir, "m.csv", "time,cpu,host\n2026-03-02T06:00:01,1.5,node1\n2026-03-02T06:00:02,2.5,node2\n");
	struct ds_dataset *ds = ll_test_open(path_of("m.csv"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_FOLLOWING);
	CHECK(ds_dataset_tail_rows(ds));
	CHECK_INT(ds_dataset_refresh(ds), 0);
	size_t notes = ds_dataset_nnotes(ds);
	append("m.csv", "2026-03-02T06:00:03,3.5,node3\n2026-03-02T06:00:04,4.");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 3);
	append("m.csv", "5,node4\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 4);
	CHECK_STR(cell(ds, 3, "cpu"), "4.5");
	CHECK_INT(type_of(ds, "cpu"), LL_COL_NUM);
	CHECK_INT(type_of(ds, "time"), LL_COL_TIME);
	check_same_as_reopened(ds, path_of("m.csv"));
	CHECK_INT(ds_dataset_nnotes(ds), notes);

	/* a cell of the wrong type: missing, the column stays numbers, told */
	append("m.csv", "2026-03-02T06:00:05,busy,node5\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(type_of(ds, "cpu"), LL_COL_NUM);
	CHECK_STR(cell(ds, 4, "cpu"), "");
	CHECK_STR(cell(ds, 4, "host"), "node5");
	CHECK_INT(ds_dataset_nnotes(ds), notes + 1);
	CHECK(has_note(ds, "1 cell of rows appended since it was opened did not read as their column's type (first: "
			   "line 6, column 'cpu', \"busy\")"));
	/* more fields than the table, binary junk, the header again: no rows */
	append("m.csv", "2026-03-02T06:00:06,6.5,node6,extra,extra\n");
	append_bytes("m.csv", "\x7f" "ELF\x02\x01\x01\0\0,\0\xff,\xfe,\x01\n", 16);
	append("m.csv", "time,cpu,host\n2026-03-02T06:00:07,7.5,node7\n");
	size_t got = ds_dataset_refresh(ds);
	CHECK_INT(got, 1);
	CHECK_INT(ds_dataset_nrows(ds), 6);
	CHECK_STR(cell(ds, 5, "host"), "node7");
	CHECK(has_note(ds, "2 lines appended since it was opened have more fields than the table (first: line 7): skipped"));
	CHECK(has_note(ds, "1 cell of rows"));
	/* copytruncate: the rows read stay */
	ll_test_put(dir, "m.csv", "");
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_TRUNCATED);
	CHECK(ds_dataset_tail_note(ds) && strstr(ds_dataset_tail_note(ds), "its 6 rows read so far stay"));
	CHECK_INT(ds_dataset_nrows(ds), 6);
	ds_dataset_close(ds);
}

/* A TSV opened while its last row had no newline: that row becomes the
 * whole line; then the file is renamed away (rotation). */
static void test_tsv_growing_row(void)
{
	char text[1024];
	size_t k = (size_t)snprintf(text, sizeof text, "ts\tlat_ms\tok\n");
	for (int i = 0; i < 8; i++)
		k += (size_t)snprintf(text + k, sizeof text - k, "2026-03-02 06:00:0%d\t%d\tyes, fine\n", i, 10 + i);
	snprintf(text + k, sizeof text - k, "2026-03-02 06:00:08\t1\tn");
	ll_test_put(dir, "g.tsv", text);
	struct ds_dataset *ds = ll_test_open(path_of("g.tsv"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_STR(ll_table_meta(ds_dataset_table(ds), "format"), "csv");
	CHECK_INT(ds_dataset_nrows(ds), 9);
	CHECK_INT(ds_dataset_unfinished_row(ds), 8);
	append("g.tsv", "o, slow\n2026-03-02 06:00:09\t13\tyes, fine\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 10);
	CHECK_STR(cell(ds, 8, "lat_ms"), "1");
	CHECK_STR(cell(ds, 8, "ok"), "no, slow");
	check_same_as_reopened(ds, path_of("g.tsv"));
	char old[600];
	snprintf(old, sizeof old, "%s.1", path_of("g.tsv"));
	CHECK_INT(rename(path_of("g.tsv"), old), 0);
	ll_test_put(dir, "g.tsv", "ts\tlat_ms\tok\n2026-03-02 07:00:00\t99\tyes, fine\n");
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_ROTATED);
	CHECK(ds_dataset_tail_note(ds) && strstr(ds_dataset_tail_note(ds), "its 10 rows read so far stay"));
	ds_dataset_close(ds);
}

/* A CSV opened with its header alone (a sampler just started): the first
 * rows settle the types of its columns, as opening would. */
static void test_csv_header_only(void)
{
	ll_test_put(dir, "h.csv", "time,cpu,host,errors\n");
	struct ds_dataset *ds = ll_test_open(path_of("h.csv"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_INT(ds_dataset_nrows(ds), 0);
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_FOLLOWING);
	append("h.csv", "2026-03-02T06:00:01,1.5,node1,\n2026-03-02T06:00:02,2.5,node2,\n");
	CHECK_INT(ds_dataset_refresh(ds), 2);
	CHECK_INT(type_of(ds, "time"), LL_COL_TIME);
	CHECK_INT(type_of(ds, "cpu"), LL_COL_NUM);
	CHECK_INT(type_of(ds, "host"), LL_COL_TEXT);
	CHECK_STR(cell(ds, 1, "host"), "node2");
	CHECK_STR(cell(ds, 0, "time"), "2026-03-02 06:00:01");
	/* a column still without a value is settled by the first that comes */
	append("h.csv", "2026-03-02T06:00:03,3.5,node3,timeout\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(type_of(ds, "errors"), LL_COL_TEXT);
	CHECK_STR(cell(ds, 2, "errors"), "timeout");
	CHECK_INT(tail_notes(ds), 0);
	check_same_as_reopened(ds, path_of("h.csv"));
	ds_dataset_close(ds);
}

/* A real dstat recording, opened with its first 200 lines, then given the
 * rest a few lines at a time: as opening it whole. */
static void test_dstat(void)
{
	const char *d = getenv("LL_DATA_DIR");
	char src[1024];
	snprintf(src, sizeof src, "%s/dstat/pkb_dstat-0.7.2-result.csv", d ? d : "");
	FILE *in = d ? fopen(src, "rb") : NULL;
	if (!in) {
		fprintf(stderr, "note: %s absent, the dstat case skipped\n", src);
		return;
	}
	static char text[1 << 18];
	size_t n = fread(text, 1, sizeof text, in);
	fclose(in);
	size_t cut = 0, lines = 0;
	while (cut < n && lines < 200)
		if (text[cut++] == '\n')
			lines++;
	ll_test_put_bytes(dir, "d.csv", text, cut);
	struct ds_dataset *ds = ll_test_open(path_of("d.csv"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_STR(ll_table_meta(ds_dataset_table(ds), "format"), "dstat");
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_FOLLOWING);
	size_t before = ds_dataset_nrows(ds), added = 0;
	while (cut < n) {
		size_t end = cut, k = 0;
		while (end < n && k < 37)
			if (text[end++] == '\n')
				k++;
		append_bytes("d.csv", text + cut, end - cut);
		cut = end;
		added += ds_dataset_refresh(ds);
	}
	CHECK_INT(ds_dataset_nrows(ds), before + added);
	CHECK(added > 150);
	check_same_as_reopened(ds, path_of("d.csv"));
	ds_dataset_close(ds);
}

/* JSON Lines: new records, a key the table lacks, a value of another
 * type, a line that is no JSON, a record in two writes, truncation. */
static void test_jsonl(void)
{
	ll_test_put(dir, "e.jsonl",
		    "{\"ts\":\"2026-03-02T06:00:01Z\",\"level\":\"info\",\"ms\":12,\"user\":{\"id\":7}}\n"
		    "{\"ts\":\"2026-03-02T06:00:02Z\",\"level\":\"warn\",\"ms\":30,\"user\":{\"id\":8}}\n");
	struct ds_dataset *ds = ll_test_open(path_of("e.jsonl"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_FOLLOWING);
	CHECK_INT(type_of(ds, "ms"), LL_COL_NUM);
	CHECK_INT(type_of(ds, "ts"), LL_COL_TIME);
	size_t notes = ds_dataset_nnotes(ds);
	append("e.jsonl", "{\"ts\":\"2026-03-02T06:00:03Z\",\"level\":\"info\",\"ms\":5,\"user\":{\"id\":9}}\n"
			  "{\"ts\":\"2026-03-02T06:00:04Z\",\"level\":\"er");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 3);
	append("e.jsonl", "ror\",\"ms\":7,\"user\":{\"id\":10}}\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_STR(cell(ds, 3, "level"), "error");
	CHECK_STR(cell(ds, 3, "user.id"), "10");
	check_same_as_reopened(ds, path_of("e.jsonl"));
	CHECK_INT(ds_dataset_nnotes(ds), notes);
	/* a new key: left out, named once; a string where numbers are: a
	 * decimal reads, a word is missing and told; junk is skipped */
	append("e.jsonl", "{\"ts\":\"2026-03-02T06:00:05Z\",\"level\":\"info\",\"ms\":\"8.5\"}\n"
			  "{\"ts\":\"2026-03-02T06:00:06Z\",\"level\":\"info\",\"ms\":\"slow\",\"trace\":\"cd34\"}\n");
	append_bytes("e.jsonl", "\0\0\x13\x37garbage{\n", 13);
	append("e.jsonl", "{\"ts\":1772431207,\"level\":true,\"ms\":9}\n");
	CHECK_INT(ds_dataset_refresh(ds), 3);
	CHECK_INT(ds_dataset_nrows(ds), 7);
	CHECK_INT(type_of(ds, "ms"), LL_COL_NUM);
	CHECK_STR(cell(ds, 4, "ms"), "8.5");
	CHECK_STR(cell(ds, 5, "ms"), "");
	CHECK_STR(cell(ds, 6, "level"), "true");
	CHECK(ll_table_find_column(ds_dataset_table(ds), "trace") < 0);
	CHECK(has_note(ds, "have 1 key the table has no column for (trace; first: line 6)"));
	CHECK(has_note(ds, "(first: line 6, column 'ms', \"slow\")"));
	CHECK(has_note(ds, "1 line appended since it was opened is no JSON object (first: line 7): skipped"));
	/* an epoch where the times are stamps: a time */
	CHECK_STR(cell(ds, 6, "ts"), "2026-03-02 06:00:07");
	/* truncated and written again past the old size within one look */
	ll_test_put(dir, "e.jsonl", "");
	for (int i = 0; i < 20; i++)
		append("e.jsonl", "{\"ts\":\"2026-03-03T00:00:00Z\",\"level\":\"new\",\"ms\":1}\n");
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_TRUNCATED);
	CHECK_INT(ds_dataset_nrows(ds), 7);
	ds_dataset_close(ds);
}

/* JSON Lines of one record so far (detected as a JSON document): followed
 * as JSON Lines. */
static void test_jsonl_one_record(void)
{
	ll_test_put(dir, "one.jsonl", "{\"ts\":\"2026-03-02T06:00:01Z\",\"level\":\"info\",\"ms\":12}\n");
	struct ds_dataset *ds = ll_test_open(path_of("one.jsonl"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_FOLLOWING);
	append("one.jsonl", "{\"ts\":\"2026-03-02T06:00:02Z\",\"level\":\"warn\",\"ms\":30}\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_STR(cell(ds, 1, "level"), "warn");
	check_same_as_reopened(ds, path_of("one.jsonl"));
	ds_dataset_close(ds);
}

/* A burst: many rows at once join over several refreshes, each of a
 * bounded batch, and end as opening the file gives them. */
static void test_burst(void)
{
	ll_test_put(dir, "b.csv", "time,value\n2026-03-02T00:00:00,0\n");
	struct ds_dataset *ds = ll_test_open(path_of("b.csv"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	size_t rows = ll_test_slow_build() ? 20000 : 100000;
	FILE *f = fopen(path_of("b.csv"), "ab");
	CHECK(f != NULL);
	if (!f)
		exit(99);
	for (size_t i = 1; i <= rows; i++)
		fprintf(f, "2026-03-02T%02zu:%02zu:%02zu,%zu\n", (i / 3600) % 24, (i / 60) % 60, i % 60, i);
	fclose(f);
	size_t added = 0, calls = 0;
	do {
		added += ds_dataset_refresh(ds);
		calls++;
	} while (ds_dataset_tail_more(ds) && calls < 100000);
	CHECK_INT(added, rows);
	CHECK_INT(ds_dataset_nrows(ds), rows + 1);
	check_same_as_reopened(ds, path_of("b.csv"));
	ds_dataset_close(ds);
}

/* Tables not followed row by row: a JSON document, a long table made wide. */
static void test_not_followed(void)
{
	ll_test_put(dir, "doc.json", "[{\"a\":1},{\"a\":2}]\n");
	struct ds_dataset *ds = ll_test_open(path_of("doc.json"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (ds) {
		CHECK_INT(ds_dataset_tail(ds), DS_TAIL_NONE);
		ds_dataset_close(ds);
	}
	char text[8192];
	size_t k = (size_t)snprintf(text, sizeof text, "time,host,cpu\n");
	for (int i = 0; i < 40; i++)
		k += (size_t)snprintf(text + k, sizeof text - k, "2026-03-02T00:%02d:00,node%d,%d\n", i / 4, i % 4, i);
	ll_test_put(dir, "long.csv", text);
	ds = ll_test_open(path_of("long.csv"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (ds) {
		int wide = ll_table_find_column(ds_dataset_table(ds), "host") < 0;
		CHECK_INT(ds_dataset_tail(ds), wide ? DS_TAIL_NONE : DS_TAIL_FOLLOWING);
		ds_dataset_close(ds);
	}
}

/* The converting copy on its own: cells typed otherwise in the batch. */
static void test_copy_row(void)
{
	struct ll_table *t = ll_table_new(), *part = ll_table_new();
	CHECK(t && part);
	if (!t || !part)
		exit(99);
	ll_table_add_column(t, "n", LL_COL_NUM);
	ll_table_add_column(t, "when", LL_COL_TIME);
	ll_table_add_column(t, "s", LL_COL_TEXT);
	ll_table_add_column(t, "gone", LL_COL_NUM);
	ll_table_add_column(part, "s", LL_COL_NUM);
	ll_table_add_column(part, "n", LL_COL_TEXT);
	ll_table_add_column(part, "when", LL_COL_NUM);
	for (int i = 0; i < 3; i++) {
		ll_table_append_row(part);
		ll_table_append_row(t);
	}
	ll_table_set_num(part, 0, 0, 42);
	ll_table_set_text(part, 0, 1, "12,345", 6); /* as JSON strings write it */
	ll_table_set_num(part, 0, 2, 1772431200);
	ll_table_set_text(part, 1, 1, "n/a", 3);
	ll_table_set_num(part, 1, 2, 3);
	ll_table_set_text(part, 2, 1, "x\001y", 3);
	ll_table_set_label(part, 2, ll_table_class_id(part, "anomaly", 7));
	long cols[4];
	ds_tabtail_map(t, part, 0, cols);
	CHECK_INT(cols[0], 1);
	CHECK_INT(cols[3], -1);
	long same[4];
	ds_tabtail_map(t, part, 1, same);
	CHECK_INT(same[0], -1);
	struct ds_tabtail_misfits m = {0};
	for (size_t r = 0; r < 3; r++)
		CHECK_INT(ds_tabtail_copy_row(t, r, part, r, cols, 2026, &m, 10 + r), LL_OK);
	CHECK_NEAR(ll_table_num(t, 0, 0), 12345, 0);
	CHECK_NEAR(ll_table_num(t, 0, 1), 1772431200, 0);
	CHECK_STR(ll_table_text(t, 0, 2), "42");
	CHECK(isnan(ll_table_num(t, 0, 3)));
	CHECK(isnan(ll_table_num(t, 1, 0))); /* a missing mark: no misfit */
	CHECK(isnan(ll_table_num(t, 1, 1))); /* 3 is no epoch: a misfit */
	CHECK(isnan(ll_table_num(t, 2, 0)));
	CHECK_INT(m.cells, 2);
	CHECK_INT(m.cell_line, 11);
	CHECK_STR(m.cell_col, "when");
	CHECK_STR(m.cell_text, "3");
	CHECK_INT(ll_table_label(t, 2), ll_table_find_class(t, "anomaly"));
	CHECK_INT(ll_table_label(t, 0), LL_NO_LABEL);
	/* a junk cell shown without its control bytes */
	struct ds_tabtail_misfits j = {0};
	ds_tabtail_misfit(&j, "n", "x\001\377y", 4, 3);
	ds_tabtail_misfit(&j, "n", "z", 1, 4);
	ds_tabtail_misfit_row(&j, 5);
	ds_tabtail_misfit_row(NULL, 5);
	CHECK_STR(j.cell_text, "x??y");
	CHECK_INT(j.cells, 2);
	CHECK_INT(j.rows, 1);
	CHECK_INT(j.row_line, 5);
	ll_table_free(t);
	ll_table_free(part);
}


/* A JSON Lines column of text (its values so far no times) gaining a batch
 * of times, one nested: the cells are the file's text, as opening the
 * file again shows them (they were the times written anew in UTC,
 * "2025-12-31 23:00:00", the zone lost). */
static void test_jsonl_times_in_text(void)
{
	ll_test_put(dir, "w.jsonl", "{\"when\": \"soon\", \"a\": {\"at\": \"x\"}}\n"
				    "{\"when\": \"later\", \"a\": {\"at\": \"y\"}}\n");
	struct ds_dataset *ds = ll_test_open(path_of("w.jsonl"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	append("w.jsonl", "{\"when\": \"2026-01-01T01:00:00+02:00\", \"a\": {\"at\": \"2026-01-01T01:00:00+02:00\"}}\n"
			  "{\"when\": \"2026-01-01T01:00:01+02:00\", \"a\": {\"at\": \"2026-01-01T01:00:01+02:00\"}}\n");
	CHECK_INT(ds_dataset_refresh(ds), 2);
	char buf[256];
	ds_dataset_cell(ds, 2, 0, buf, sizeof buf);
	CHECK_STR(buf, "2026-01-01T01:00:00+02:00");
	check_same_as_reopened(ds, path_of("w.jsonl"));
	ds_dataset_close(ds);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "tabtail");
	test_copy_row();
	test_csv();
	test_tsv_growing_row();
	test_csv_header_only();
	test_dstat();
	test_jsonl();
	test_jsonl_one_record();
	test_jsonl_times_in_text();
	test_burst();
	test_not_followed();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
