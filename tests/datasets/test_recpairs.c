/*
 * test_recpairs.c - "Key: value" pairs on a record's continuation lines
 * (ds_recpairs.h): which lines are lines of pairs (and which prose with a
 * colon is not), the columns a loaded log gets from them, set on every
 * row of each record, typed as numbers, with units or as text; the keys
 * and record values both paths read them with; and a file read lazily
 * (through the line index) giving the loaded file's columns, cell for
 * cell, malformed pairs and a record past DS_RECORD_MAX_LINES included.
 */
#include "ds_dataset.h"
#include "ds_reader.h"
#include "ds_recpairs.h"
#include "ds_textlog.h"
#include "dataset_open.h"
#include "harness.h"

#include <time.h>

static char dir[256];

static size_t split(const char *s, struct ds_recpair *p)
{
	return ds_recpairs_split(s, strlen(s), p, DS_RECPAIRS_MAX);
}

static int pair_is(const char *s, const struct ds_recpair *p, const char *key, const char *value)
{
	return p->key.len == strlen(key) && memcmp(s + p->key.off, key, p->key.len) == 0 &&
	       p->value.len == strlen(value) && memcmp(s + p->value.off, value, p->value.len) == 0;
}

static void test_split(void)
{
	struct ds_recpair p[DS_RECPAIRS_MAX];
	const char *s = "# Query_time: 2.500123  Lock_time: 0.000045 Rows_sent: 1  Rows_examined: 150000";
	CHECK_INT(split(s, p), 4);
	CHECK(pair_is(s, &p[0], "Query_time", "2.500123"));
	CHECK(pair_is(s, &p[1], "Lock_time", "0.000045"));
	CHECK(pair_is(s, &p[2], "Rows_sent", "1"));
	CHECK(pair_is(s, &p[3], "Rows_examined", "150000"));
	s = "# User@Host: app[app] @ web01 [10.0.0.5]  Id:    12\r";
	CHECK_INT(split(s, p), 2);
	CHECK(pair_is(s, &p[0], "User@Host", "app[app] @ web01 [10.0.0.5]"));
	CHECK(pair_is(s, &p[1], "Id", "12"));
	s = "  Status: 500  Elapsed: 1.2s  ";
	CHECK_INT(split(s, p), 2);
	CHECK(pair_is(s, &p[1], "Elapsed", "1.2s"));
	s = "\tRead: 512 KiB  Written: 3 MiB";
	CHECK_INT(split(s, p), 2);
	CHECK(pair_is(s, &p[0], "Read", "512 KiB"));
	s = "-- Table: t1  Rows: 4";
	CHECK_INT(split(s, p), 2);
	/* prose with colons, and lines that are not all pairs */
	const char *no[] = {
		"Caused by: java.io.IOException: x",
		"java.io.IOException: Connection reset: by peer 3",
		"ConnectionError: Connection reset: by peer",
		"Error: timeout after 30 seconds code: 5",
		"ValueError: invalid literal for int() with base 10: 'x'",
		"Traceback (most recent call last):",
		"  File \"/app/x.py\", line 12, in run",
		"\tat app.Pool.get(Pool.java:41)",
		"Status: 500",                        /* one pair */
		"Host: web01  Role: db",              /* no number */
		"Status: 500  Elapsed:",              /* an empty value */
		"#Status: 500  Elapsed: 1s",          /* a mark glued to the key */
		"#### Status: 500  Elapsed: 1s",      /* a mark of four */
		"Status: 500 and more text Code: 3",  /* words before one blank and a key */
		"12:30:00 Status: 500  Code: 3",
		"x.y: 1  z: 2",
		"SET timestamp=1765004401;",
		"",
		"   ",
	};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (split(no[i], p) != 0) {
			fprintf(stderr, "taken for pairs: %s\n", no[i]);
			CHECK(0);
		}
	/* no more than cap pairs are stored: a longer line is no line of pairs */
	CHECK_INT(ds_recpairs_split("a: 1  b: 2  c: 3", 16, p, 2), 0);
	CHECK_INT(ds_recpairs_split("a: 1  b: 2", 10, p, 2), 2);
	/* a line cut anywhere never reads past its end */
	s = "# Query_time: 2.5  Lock_time: 0.1 Rows_sent: 1";
	for (size_t n = 0; n <= strlen(s); n++) {
		char *copy = malloc(n ? n : 1);
		memcpy(copy, s, n);
		size_t np = ds_recpairs_split(copy, n, p, DS_RECPAIRS_MAX);
		for (size_t q = 0; q < np; q++)
			CHECK(p[q].value.off + p[q].value.len <= n);
		free(copy);
	}
}

static struct ll_table *load_text(const char *name, const char *text)
{
	const char *path = ll_test_put_bytes(dir, name, text, strlen(text));
	struct ds_open_opts o = {.default_year = 2026};
	struct ll_table *t = NULL;
	const struct ds_reader *used;
	struct ll_err err;
	if (ds_load(path, &o, &t, &used, &err) != LL_OK) {
		fprintf(stderr, "%s: %s\n", name, err.msg);
		return NULL;
	}
	return t;
}

static int col(const struct ll_table *t, const char *name)
{
	return ll_table_find_column(t, name);
}

static const char SLOW[] =
	"# Time: 2026-12-06T07:00:01.123456Z\n"
	"# User@Host: app[app] @ web01 [10.0.0.5]  Id:    12\n"
	"# Query_time: 2.500123  Lock_time: 0.000045 Rows_sent: 1  Rows_examined: 150000\n"
	"SET timestamp=1765004401;\n"
	"SELECT * FROM orders WHERE customer_id = 42;\n"
	"# Time: 2026-12-06T07:00:09.500000Z\n"
	"# User@Host: report[report] @ batch02 [10.0.0.9]  Id:    31\n"
	"# Query_time: 14.020000  Lock_time: 0.001200 Rows_sent: 5000  Rows_examined: 9800000\n"
	"SET timestamp=1765004409;\n"
	"SELECT region FROM orders\n"
	"\n"
	"GROUP BY region;\n"
	"# Time: 2026-12-06T07:01:30.000100Z\n"
	"# User@Host: app[app] @ web02 [10.0.0.6]  Id:    14\n"
	"SELECT 1;\n"
	"# Time: 2026-12-06T07:02:00.250000Z\n"
	"# User@Host: admin[admin] @ localhost []  Id:     3\n"
	"# Query_time: 3.100000  Lock_time: 0.000300 Rows_sent: 12  Rows_examined: 12\n"
	"SHOW PROCESSLIST;\n";

static void test_slow_log(void)
{
	struct ll_table *t = load_text("slow.log", SLOW);
	CHECK(t != NULL);
	if (!t)
		return;
	int user = col(t, "User@Host"), id = col(t, "Id"), qt = col(t, "Query_time"), rows = col(t, "Rows_examined");
	CHECK(user > 0 && id > 0 && qt > 0 && rows > 0 && col(t, "Lock_time") > 0 && col(t, "Rows_sent") > 0);
	if (user > 0 && id > 0 && qt > 0 && rows > 0) {
		CHECK_INT(ll_table_col_type(t, user), LL_COL_TEXT);
		CHECK_INT(ll_table_col_type(t, qt), LL_COL_NUM);
		CHECK_INT(ll_table_col_type(t, rows), LL_COL_NUM);
		/* every row of a record, its head too */
		for (size_t r = 0; r < 5; r++) {
			CHECK_STR(ll_table_text(t, r, (size_t)user), "app[app] @ web01 [10.0.0.5]");
			CHECK_NEAR(ll_table_num(t, r, (size_t)qt), 2.500123, 1e-9);
			CHECK_NEAR(ll_table_num(t, r, (size_t)rows), 150000, 0);
			CHECK_NEAR(ll_table_num(t, r, (size_t)id), 12, 0);
		}
		CHECK_NEAR(ll_table_num(t, 9, (size_t)rows), 9800000, 0);
		CHECK_NEAR(ll_table_num(t, 11, (size_t)rows), 9800000, 0);
		/* a blank line takes nothing */
		CHECK_STR(ll_table_text(t, 10, (size_t)user), "");
		/* a record that does not write a key has none */
		CHECK_STR(ll_table_text(t, 13, (size_t)user), "app[app] @ web02 [10.0.0.6]");
		CHECK(isnan(ll_table_num(t, 12, (size_t)qt)));
		CHECK(isnan(ll_table_num(t, 14, (size_t)qt)));
		CHECK_NEAR(ll_table_num(t, 18, (size_t)qt), 3.1, 1e-9);
	}
	CHECK(ll_test_has_note(t, "6 fields written as Key: value on the records' continuation lines"));
	ll_table_free(t);
}

/* Values with units are durations and sizes; a key named like a column of
 * the log gets "rec."; stack traces and prose get nothing. */
static void test_units_and_names(void)
{
	char buf[8192];
	size_t w = 0;
	for (int i = 0; i < 12; i++)
		w += (size_t)snprintf(buf + w, sizeof buf - w,
				      "2026-12-06 09:00:%02d INFO web: GET /api/%d\n"
				      "  Status: %d  Elapsed: %d.5s  Bytes: %d KiB  level: %d\n",
				      i, i, 200 + i, i, i + 1, i);
	struct ll_table *t = load_text("status.log", buf);
	CHECK(t != NULL);
	if (!t)
		return;
	int el = col(t, "Elapsed"), by = col(t, "Bytes"), st = col(t, "Status"), lv = col(t, "rec.level");
	CHECK(el > 0 && by > 0 && st > 0 && lv > 0);
	if (el > 0 && by > 0 && st > 0) {
		CHECK_INT(ll_table_col_type(t, el), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)el), 1.5, 1e-9);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)el), 1.5, 1e-9);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)by), 2048, 0);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)st), 200, 0);
	}
	CHECK(ll_test_has_note(t, "column Elapsed read as duration: seconds"));
	ll_table_free(t);

	w = 0;
	for (int i = 0; i < 12; i++)
		w += (size_t)snprintf(buf + w, sizeof buf - w,
				      "2026-12-06 09:00:%02d,120 ERROR [main] app.Service: request %d failed\n"
				      "java.io.IOException: Connection reset: by peer %d\n"
				      "\tat app.Pool.get(Pool.java:41)\n"
				      "\tat app.Service.run(Service.java:%d)\n"
				      "Caused by: java.lang.IllegalStateException: closed: id %d\n"
				      "\t... 2 more\n"
				      "2026-12-06 09:00:%02d,500 INFO [main] app.Service: retry %d\n"
				      "Error: timeout after 30 seconds code: %d\n",
				      i, i, i, 10 + i, i, i, i, i);
	t = load_text("trace.log", buf);
	CHECK(t != NULL);
	if (t) {
		CHECK(ll_test_has_note(t, "continuation lines took"));
		CHECK(!ll_test_has_note(t, "Key: value"));
		CHECK_INT(col(t, "Caused"), -1);
		CHECK_INT(col(t, "code"), -1);
		ll_table_free(t);
	}
}

/* ds_recpairs_apply on a table built here, every row looked at (no flags):
 * two records, the second without pairs; a key named like a column. */
static void test_apply(void)
{
	struct ll_table *t = ll_table_new();
	CHECK(t != NULL);
	if (!t)
		return;
	const char *lines[] = {"GET /a", "  Code: 7  Took: 250ms  line: x", "  more", "GET /b", "  free text: here"};
	CHECK(ll_table_add_column(t, "line", LL_COL_TEXT) == 0);
	for (size_t r = 0; r < 5; r++) {
		CHECK(ll_table_append_row(t) == (long)r);
		CHECK_INT(ll_table_set_text(t, r, 0, lines[r], strlen(lines[r])), LL_OK);
	}
	const size_t cont[] = {1, 2, 4}, head[] = {0, 0, 3};
	struct ll_err err;
	CHECK_INT(ds_recpairs_apply(t, 0, cont, head, NULL, 3, "t.log", &err), LL_OK);
	int code = col(t, "Code"), took = col(t, "Took"), line = col(t, "rec.line");
	CHECK(code == 1 && took == 2 && line == 3);
	if (code == 1 && took == 2 && line == 3) {
		for (size_t r = 0; r < 3; r++) {
			CHECK_NEAR(ll_table_num(t, r, 1), 7, 0);
			CHECK_NEAR(ll_table_num(t, r, 2), 0.25, 1e-12);
			CHECK_STR(ll_table_text(t, r, 3), "x");
		}
		CHECK(isnan(ll_table_num(t, 3, 1)) && isnan(ll_table_num(t, 4, 2)));
		CHECK_STR(ll_table_text(t, 4, 3), "");
	}
	CHECK(ll_test_has_note(t, "t.log: 3 fields written as Key: value"));
	CHECK(ll_test_has_note(t, "column Took read as duration: seconds"));
	ll_table_free(t);
	/* no pairs: nothing added, no note */
	t = ll_table_new();
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(ll_table_add_column(t, "line", LL_COL_TEXT) == 0);
	for (size_t r = 0; r < 2; r++) {
		CHECK(ll_table_append_row(t) == (long)r);
		CHECK_INT(ll_table_set_text(t, r, 0, lines[r + 3], strlen(lines[r + 3])), LL_OK);
	}
	const size_t c2[] = {1}, h2[] = {0};
	CHECK_INT(ds_recpairs_apply(t, 0, c2, h2, NULL, 1, "u.log", &err), LL_OK);
	CHECK_INT(ll_table_ncols(t), 1);
	CHECK_INT(ll_table_nnotes(t), 0);
	ll_table_free(t);
}

/* The keys of lines of pairs, settled into columns, and a record's
 * values: the parts both paths read pairs with. */
static int taken_line(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "line") == 0;
}

static int taken_all(void *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return 1;
}

static void test_keys(void)
{
	struct ds_recpairs_keys *ks = malloc(sizeof *ks);
	CHECK(ks != NULL);
	if (!ks)
		return;
	ds_recpairs_keys_init(ks);
	const char *l1 = "# Query_time: 2.5  Lock_time: 0.1 Rows_sent: 1  Took: 3s";
	CHECK_INT(ds_recpairs_keys_add(ks, l1, strlen(l1)), LL_OK);
	CHECK_INT(ks->n, 4);
	const char *prose = "Caused by: java.io.IOException: x";
	CHECK_INT(ds_recpairs_keys_add(ks, prose, strlen(prose)), LL_OK);
	CHECK_INT(ks->n, 4);
	const char *l2 = "  Took: 250ms  Code: E42  line: x";
	CHECK_INT(ds_recpairs_keys_add(ks, l2, strlen(l2)), LL_OK);
	CHECK_INT(ks->n, 6);
	CHECK_INT(ds_recpairs_keys_find(ks, "Took", 4), 3);
	CHECK_INT(ds_recpairs_keys_find(ks, "Tok", 3), -1);
	CHECK_INT(ds_recpairs_keys_find(ks, "line", 4), 5);
	CHECK_INT(ds_recpairs_keys_settle(ks, taken_line, NULL), 6);
	CHECK_STR(ks->k[0].colname, "Query_time");
	CHECK_STR(ks->k[5].colname, "rec.line");
	CHECK_INT(ds_recpairs_key_type(&ks->k[0]), LL_COL_NUM);
	CHECK_INT(ds_recpairs_key_type(&ks->k[3]), LL_COL_NUM);
	CHECK_INT(ks->k[3].kind, DS_UNITS_SECONDS);
	CHECK_INT(ds_recpairs_key_type(&ks->k[4]), LL_COL_TEXT);
	double v = 0;
	CHECK(ds_recpairs_key_number(&ks->k[3], "250ms", 5, &v) && fabs(v - 0.25) < 1e-12);
	CHECK(ds_recpairs_key_number(&ks->k[0], "2.5", 3, &v) && v == 2.5);
	CHECK(!ds_recpairs_key_number(&ks->k[0], "abc", 3, &v));
	char note[LL_ERR_MSG_MAX];
	CHECK_INT(ds_recpairs_keys_note(ks, note, sizeof note), 6);
	CHECK(strstr(note, "6 fields written as Key: value") != NULL);
	CHECK(strstr(note, "Code, rec.line") != NULL);
	CHECK(strstr(note, "column Took read as duration: seconds") != NULL);
	/* the first value of each key in a record, the line it is on */
	struct ds_recpairs_values vals;
	ds_recpairs_values_clear(&vals);
	ds_recpairs_values_add(ks, &vals, l2, strlen(l2), 7);
	const char *l3 = "  Code: E43  Rows_sent: 9  Other: 1";
	ds_recpairs_values_add(ks, &vals, l3, strlen(l3), 8);
	ds_recpairs_values_add(ks, &vals, prose, strlen(prose), 9);
	CHECK_INT(vals.nset, 4);
	CHECK(vals.set[3] && vals.at[3] == 7 && vals.span[3].len == 5 && memcmp(l2 + vals.span[3].off, "250ms", 5) == 0);
	CHECK(vals.set[4] && vals.at[4] == 7);
	CHECK(vals.set[2] && vals.at[2] == 8 && memcmp(l3 + vals.span[2].off, "9", 1) == 0);
	CHECK(!vals.set[0] && !vals.set[1]);
	ds_recpairs_values_clear(&vals);
	CHECK_INT(vals.nset, 0);
	CHECK(!vals.set[3]);
	/* names all taken: no column, no note */
	CHECK_INT(ds_recpairs_keys_settle(ks, taken_all, NULL), 0);
	CHECK_STR(ks->k[0].colname, "");
	CHECK_INT(ds_recpairs_keys_note(ks, note, sizeof note), 0);
	ds_recpairs_keys_free(ks);
	CHECK_INT(ks->n, 0);
	/* the first DS_RECPAIRS_MAX_KEYS keys of a file, no more */
	char line[128];
	for (int i = 0; i < DS_RECPAIRS_MAX_KEYS + 8; i++) {
		int n = snprintf(line, sizeof line, "  K%d: %d  Z: 1", i, i);
		CHECK_INT(ds_recpairs_keys_add(ks, line, (size_t)n), LL_OK);
	}
	CHECK_INT(ks->n, DS_RECPAIRS_MAX_KEYS);
	CHECK_INT(ds_recpairs_keys_find(ks, "K31", 3), -1);
	ds_recpairs_keys_free(ks);
	free(ks);
	/* a key is a name: a word longer than DS_RECPAIRS_KEY_MAX is none */
	struct ds_recpair p[DS_RECPAIRS_MAX];
	char longkey[DS_RECPAIRS_KEY_MAX + 32];
	memset(longkey, 'k', DS_RECPAIRS_KEY_MAX);
	strcpy(longkey + DS_RECPAIRS_KEY_MAX, ": 1  b: 2");
	CHECK_INT(split(longkey, p), 2);
	memset(longkey, 'k', DS_RECPAIRS_KEY_MAX + 1);
	strcpy(longkey + DS_RECPAIRS_KEY_MAX + 1, ": 1  b: 2");
	CHECK_INT(split(longkey, p), 0);
}

/* ---- the lazy path gives the loaded path's columns, cell for cell ---- */

static struct ds_dataset *open_ds(const char *path, int lazy)
{
	return ll_test_open_counted(path, lazy, "log", 2026);
}

/* Under valgrind or the sanitizers the record past DS_RECORD_MAX_LINES
 * is compared on the rows before and at its start, from a little before
 * the limit to the file's end, and every 61st row between (each lazy cell
 * splits its line again: all 10,000 rows took two minutes under
 * valgrind); 0 compares every row. */
static size_t sparse_limit;

static int row_compared(size_t r)
{
	return !sparse_limit || r < 160 || r + 120 >= sparse_limit || r % 61 == 0;
}

/* The text spans of such a file, n rows: under valgrind (LL_VALGRIND) only
 * 8 rows on each side of the limit and the last 100 (the short records
 * after the long one) besides the first 160 and every 61st: each span
 * walks back to its record's head, thousands of lines, and all the rows
 * from 120 before the limit on took half the test's 10 s of CPU there.
 * The same walk, over the limit and back, fewer times; the cells above
 * keep every row of row_compared. */
static int span_compared(size_t r, size_t n)
{
	if (!sparse_limit || !getenv("LL_VALGRIND"))
		return row_compared(r);
	return r < 160 || (r + 8 >= sparse_limit && r < sparse_limit + 8) || r + 100 >= n || r % 61 == 0;
}

/* Columns, notes, every cell (rows in order, then backwards: the lazy
 * path keeps the last record read) and every text span agree. */
static size_t paths_differ(const char *path, size_t *ncols)
{
	struct ds_dataset *a = open_ds(path, 0), *b = open_ds(path, 1);
	size_t diff = 0;
	*ncols = 0;
	if (!a || !b || !ds_dataset_table(a) || ds_dataset_table(b)) {
		ds_dataset_close(a);
		ds_dataset_close(b);
		return 1;
	}
	*ncols = ds_dataset_ncols(a);
	diff += ds_dataset_ncols(a) != ds_dataset_ncols(b) || ds_dataset_nrows(a) != ds_dataset_nrows(b);
	for (size_t c = 0; !diff && c < *ncols; c++)
		diff += strcmp(ds_dataset_col_name(a, c), ds_dataset_col_name(b, c)) != 0 ||
			ds_dataset_col_type(a, c) != ds_dataset_col_type(b, c);
	diff += ds_dataset_nnotes(a) != ds_dataset_nnotes(b);
	for (size_t i = 0; !diff && i < ds_dataset_nnotes(a); i++)
		diff += strcmp(ds_dataset_note(a, i), ds_dataset_note(b, i)) != 0;
	if (diff) {
		fprintf(stderr, "%s: columns or notes differ:", path);
		for (size_t c = 0; c < ds_dataset_ncols(a) || c < ds_dataset_ncols(b); c++)
			fprintf(stderr, " %s/%s", c < ds_dataset_ncols(a) ? ds_dataset_col_name(a, c) : "-",
				c < ds_dataset_ncols(b) ? ds_dataset_col_name(b, c) : "-");
		for (size_t i = 0; i < ds_dataset_nnotes(a) || i < ds_dataset_nnotes(b); i++)
			fprintf(stderr, "\n  %s\n  %s", i < ds_dataset_nnotes(a) ? ds_dataset_note(a, i) : "-",
				i < ds_dataset_nnotes(b) ? ds_dataset_note(b, i) : "-");
		fprintf(stderr, "\n");
	}
	static char x[1 << 20], y[1 << 20];
	size_t n = diff ? 0 : ds_dataset_nrows(a);
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < n; k++) {
			size_t r = pass ? n - 1 - k : k;
			for (size_t c = 0; row_compared(r) && c < *ncols; c++) {
				size_t la = ds_dataset_cell(a, r, c, x, sizeof x), lb = ds_dataset_cell(b, r, c, y, sizeof y);
				if ((la != lb || strcmp(x, y) != 0) && diff++ < 5)
					fprintf(stderr, "%s row %zu col %zu: \"%.60s\" vs \"%.60s\"\n", path, r, c, x, y);
			}
		}
	for (size_t r = 0; r < n; r++)
		for (size_t c = 0; span_compared(r, n) && c < *ncols; c++) {
			const char *sa, *sb;
			size_t la, lb;
			int ra = ds_dataset_text_span(a, r, c, &sa, &la), rb = ds_dataset_text_span(b, r, c, &sb, &lb);
			if ((ra != rb || (ra && (la != lb || memcmp(sa, sb, la) != 0))) && diff++ < 5)
				fprintf(stderr, "%s row %zu col %zu: spans differ\n", path, r, c);
		}
	ds_dataset_close(a);
	ds_dataset_close(b);
	return diff;
}

static void test_paths_agree(void)
{
	size_t ncols;
	CHECK_INT(paths_differ(ll_test_put(dir, "slow.log", SLOW), &ncols), 0);
	CHECK_INT(ncols, 9);
	/* a value read lazily, on the head and on a line of the record */
	struct ds_dataset *b = open_ds(ll_test_put(dir, "slow.log", SLOW), 1);
	CHECK(b != NULL);
	if (b) {
		char x[128];
		CHECK_INT(ds_dataset_ncols(b), 9);
		CHECK_STR(ds_dataset_col_name(b, 8), "Rows_examined");
		ds_dataset_cell(b, 9, 8, x, sizeof x);
		CHECK_STR(x, "9800000");
		ds_dataset_cell(b, 5, 3, x, sizeof x);
		CHECK_STR(x, "report[report] @ batch02 [10.0.0.9]");
		ds_dataset_cell(b, 10, 3, x, sizeof x); /* a blank line */
		CHECK_STR(x, "");
		ds_dataset_cell(b, 12, 5, x, sizeof x); /* no Query_time in this record */
		CHECK_STR(x, "");
		const char *s;
		size_t n;
		CHECK(ds_dataset_text_span(b, 7, 3, &s, &n) && n == 35 && memcmp(s, "report[report] @ batch02 [10.0.0.9]", n) == 0);
		CHECK(!ds_dataset_text_span(b, 7, 5, &s, &n)); /* a number */
		ds_dataset_close(b);
	}

	char *buf = malloc(1 << 20);
	CHECK(buf != NULL);
	if (!buf)
		return;
	size_t w = 0;
	for (int i = 0; i < 40; i++)
		w += (size_t)snprintf(buf + w, (1 << 20) - w,
				      "2026-12-06 09:00:%02d INFO web: GET /api/%d\n"
				      "  Status: %d  Elapsed: %d.5s  Bytes: %d KiB  level: %d\n%s",
				      i % 60, i, 200 + i, i, i + 1, i, i % 4 ? "" : "  retry\n\n");
	CHECK_INT(paths_differ(ll_test_put_bytes(dir, "status.log", buf, w), &ncols), 0);
	CHECK_INT(ncols, 9); /* line, time, level, component, message and four keys */

	/* malformed and hostile pairs: none may crash either path, and both
	 * read the same of them */
	w = 0;
	const char *odd[] = {
		"  Status: 500  Elapsed:",  "Key:: 5  x: 1", "  a: 1 b",        ": 5  x: 1",
		"  \x01\x7f: 3  b: 4",      "  Status: 5\r", "  Status: 7  Code: x\r",
		"  Status: 1  Status: 2  Code: dup", "-- Reboot --", "  Code: 9  n: nan", "\t",
	};
	for (int i = 0; i < 30; i++) {
		w += (size_t)snprintf(buf + w, (1 << 20) - w, "2026-12-06 09:01:%02d WARN db: query %d\n", i, i);
		w += (size_t)snprintf(buf + w, (1 << 20) - w, "%s\n", odd[i % (sizeof odd / sizeof *odd)]);
	}
	/* a line of more pairs than DS_RECPAIRS_MAX, and one key too long */
	for (int i = 0; i < DS_RECPAIRS_MAX + 2; i++)
		w += (size_t)snprintf(buf + w, (1 << 20) - w, "  k%d: %d", i, i);
	buf[w++] = '\n';
	memset(buf + w, 'q', DS_RECPAIRS_KEY_MAX + 5);
	w += DS_RECPAIRS_KEY_MAX + 5;
	w += (size_t)snprintf(buf + w, (1 << 20) - w, ": 1  Status: 2\n");
	CHECK_INT(paths_differ(ll_test_put_bytes(dir, "odd.log", buf, w), &ncols), 0);
	free(buf);
}

/* A record longer than DS_RECORD_MAX_LINES (the lines past it are no
 * record's and take nothing), a key first written near its end, a value
 * of 256 KiB: the lazy path reads each record once and agrees. */
static void test_huge_record(void)
{
	size_t run = DS_RECORD_MAX_LINES + (ll_test_slow_build() ? 200 : 2000), cap = 64 * run + (1 << 20);
	char *buf = malloc(cap);
	CHECK(buf != NULL);
	if (!buf)
		return;
	size_t w = 0;
	for (int i = 0; i < 50; i++)
		w += (size_t)snprintf(buf + w, cap - w, "2026-12-06 10:00:%02d INFO job: step %d\n  Status: %d  Size: %d KiB\n",
				      i % 60, i, i, i + 1);
	w += (size_t)snprintf(buf + w, cap - w, "2026-12-06 10:01:00 ERROR job: dump\n  Status: 1  Size: 2 KiB\n");
	for (size_t k = 2; k <= run; k++) {
		if (k == DS_RECORD_MAX_LINES - 5)
			w += (size_t)snprintf(buf + w, cap - w, "  Late: 5  Status: 9\n");
		else if (k == DS_RECORD_MAX_LINES + 5)
			w += (size_t)snprintf(buf + w, cap - w, "  Beyond: 5  Status: 9\n");
		else
			w += (size_t)snprintf(buf + w, cap - w, "    frame %zu\n", k);
	}
	w += (size_t)snprintf(buf + w, cap - w, "2026-12-06 10:02:00 INFO job: blob\n  Blob: ");
	memset(buf + w, 'x', 256 * 1024);
	w += 256 * 1024;
	w += (size_t)snprintf(buf + w, cap - w, "  Status: 4\n");
	for (int i = 0; i < 50; i++)
		w += (size_t)snprintf(buf + w, cap - w, "2026-12-06 10:03:%02d INFO job: step %d\n  Status: %d  Size: 1 KiB\n",
				      i % 60, i, i);
	const char *path = ll_test_put_bytes(dir, "huge.log", buf, w);
	free(buf);
	size_t ncols;
	/* the long record's head is row 100, after 50 records of two lines */
	sparse_limit = ll_test_slow_build() ? 100 + DS_RECORD_MAX_LINES : 0;
	CHECK_INT(paths_differ(path, &ncols), 0);
	sparse_limit = 0;
	struct ds_dataset *b = open_ds(path, 1);
	CHECK(b != NULL);
	if (!b)
		return;
	int late = -1, beyond = -1, blob = -1;
	for (size_t c = 0; c < ds_dataset_ncols(b); c++) {
		late = strcmp(ds_dataset_col_name(b, c), "Late") == 0 ? (int)c : late;
		beyond = strcmp(ds_dataset_col_name(b, c), "Beyond") == 0 ? (int)c : beyond;
		blob = strcmp(ds_dataset_col_name(b, c), "Blob") == 0 ? (int)c : blob;
	}
	CHECK(late > 0 && blob > 0);
	CHECK_INT(beyond, -1);
	char x[64];
	if (late > 0) {
		ds_dataset_cell(b, 100, (size_t)late, x, sizeof x); /* the record's head */
		CHECK_STR(x, "5");
		ds_dataset_cell(b, 100 + DS_RECORD_MAX_LINES, (size_t)late, x, sizeof x);
		CHECK_STR(x, "5");
		ds_dataset_cell(b, 100 + DS_RECORD_MAX_LINES + 1, (size_t)late, x, sizeof x);
		CHECK_STR(x, "");
	}
	if (blob > 0)
		CHECK_INT(ds_dataset_cell(b, 100 + run + 1, (size_t)blob, x, sizeof x), 256 * 1024);
	ds_dataset_close(b);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "recpairs");
	test_split();
	test_slow_log();
	test_units_and_names();
	test_apply();
	test_keys();
	test_paths_agree();
	test_huge_record();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
