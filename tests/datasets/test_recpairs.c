/*
 * test_recpairs.c - "Key: value" pairs on a record's continuation lines
 * (ds_recpairs.h): which lines are lines of pairs (and which prose with a
 * colon is not), the columns a loaded log gets from them, set on every
 * row of each record, typed as numbers, with units or as text, and what
 * the lazy path notes it leaves unread.
 */
#include "ds_reader.h"
#include "ds_recpairs.h"
#include "ds_textlog.h"
#include "harness.h"

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

static void test_seen(void)
{
	const struct ds_reader *r = ds_reader_find("syslog");
	CHECK(r != NULL);
	if (!r || !r->line)
		return;
	const char with[] = "Dec  6 09:00:00 web01 app[12]: GET /x\n  Status: 500  Elapsed: 1.2s\n";
	const char before[] = "  Status: 500  Elapsed: 1.2s\nDec  6 09:00:00 web01 app[12]: GET /x\n";
	const char none[] = "Dec  6 09:00:00 web01 app[12]: GET /x\n  Status: 500\n";
	CHECK_INT(ds_recpairs_seen(r->line, with, strlen(with), 1 << 16), 1);
	CHECK_INT(ds_recpairs_seen(r->line, with, strlen(with), 10), 0);
	CHECK_INT(ds_recpairs_seen(r->line, before, strlen(before), 1 << 16), 0);
	CHECK_INT(ds_recpairs_seen(r->line, none, strlen(none), 1 << 16), 0);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "recpairs");
	test_split();
	test_slow_log();
	test_units_and_names();
	test_apply();
	test_seen();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
