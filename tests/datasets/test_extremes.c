/*
 * tests/datasets/test_extremes.c - shapes at the edges of what detection
 * samples, generated here:
 *
 *   - rows wider than the sample's head (a CSV of 1,500 columns, JSON Lines
 *     records of 1,500 keys) are judged by whole rows and read as tables,
 *     not as plain lines or one JSON document;
 *   - ds_reader_sample grows a part of wide lines to whole lines, and cuts
 *     only a line longer than its reach;
 *   - JSON nested deeper than 64 levels is still JSON; deeper than the
 *     parser's limit, the error names the file, the line and the depth;
 *   - a series of one metric ("time,value" with RFC 3339 stamps, comma or
 *     tab; a column of numbers with or without a name) is a table, while
 *     rsyslog's RFC 3339 lines stay syslog;
 *   - a log coloured for a terminal (ANSI escape codes, as docker, kubectl
 *     and CI runners keep them) reads as the same log without colours, one
 *     row a line, with a note; a lone ESC byte is text.
 */
#include "ds_reader.h"
#include "harness.h"
#include "reader_test.h"

#include <stdarg.h>
#include <unistd.h>

static char dir[256];

/* A growing string. */
struct buf {
	char *p;
	size_t n, cap;
};

static void put_bytes(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			exit(99);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

static void putf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	put_bytes(b, tmp, (size_t)k);
}

/* Loads dir/name holding b, detected; *used gets the reader's name. */
static struct ll_table *load_detected(const char *name, const struct buf *b, const char **used, int *rc)
{
	struct ll_table *t = NULL;
	struct ll_err e;
	*rc = rt_load(rt_put(dir, name, b->p, b->n), NULL, &t, used, &e);
	if (*rc != LL_OK)
		fprintf(stderr, "%s: %s\n", name, e.msg);
	return t;
}

static void test_wide_csv(void)
{
	enum { COLS = 1500, ROWS = 40 };
	struct buf b = {0};
	for (int c = 0; c < COLS; c++)
		putf(&b, "%sm%d", c ? "," : "", c);
	put_bytes(&b, "\n", 1);
	for (int r = 0; r < ROWS; r++) {
		for (int c = 0; c < COLS; c++)
			putf(&b, "%s%d.%03d", c ? "," : "", r, c % 1000);
		put_bytes(&b, "\n", 1);
	}
	const char *used;
	int rc;
	struct ll_table *t = load_detected("wide.csv", &b, &used, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_STR(used, "csv");
	if (t) {
		CHECK_INT(ll_table_ncols(t), COLS);
		CHECK_INT(ll_table_nrows(t), ROWS);
		CHECK_STR(ll_table_col_name(t, COLS - 1), "m1499");
		CHECK(ll_table_col_type(t, COLS - 1) == LL_COL_NUM);
		CHECK(ll_table_num(t, ROWS - 1, COLS - 1) == 39.499);
	}
	ll_table_free(t);
	free(b.p);
}

static void test_wide_jsonl(void)
{
	enum { KEYS = 1500, ROWS = 30 };
	struct buf b = {0};
	for (int r = 0; r < ROWS; r++) {
		put_bytes(&b, "{", 1);
		for (int k = 0; k < KEYS; k++)
			putf(&b, "%s\"k%d\": %d", k ? ", " : "", k, r * k);
		put_bytes(&b, "}\n", 2);
	}
	const char *used;
	int rc;
	struct ll_table *t = load_detected("wide.jsonl", &b, &used, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_STR(used, "jsonl");
	if (t) {
		CHECK_INT(ll_table_ncols(t), KEYS);
		CHECK_INT(ll_table_nrows(t), ROWS);
		CHECK(ll_table_num(t, ROWS - 1, KEYS - 1) == (double)(ROWS - 1) * (KEYS - 1));
	}
	ll_table_free(t);
	free(b.p);
}

/* Every line of the sample s[0, n) is one of the lines of text (each
 * line_len bytes and a newline), whole. */
static int whole_lines(const char *s, size_t n, size_t line_len)
{
	if (n % (line_len + 1))
		return 0;
	for (size_t i = 0; i < n; i += line_len + 1)
		if (s[i + line_len] != '\n' || memchr(s + i, '\n', line_len))
			return 0;
	return 1;
}

static void test_sample_whole_lines(void)
{
	/* lines of 20 KB: the head holds 16 of them, not three and a cut */
	size_t len = 20000, nlines = 400, size = nlines * (len + 1), n;
	char *text = malloc(size);
	for (size_t i = 0; i < size; i++)
		text[i] = i % (len + 1) == len ? '\n' : (char)('a' + i % 7);
	char *s = ds_reader_sample(text, size, &n);
	CHECK(s && whole_lines(s, n, len));
	CHECK_INT(n / (len + 1), 16 + 3 * 4);
	free(s);
	/* one line longer than a part's reach is kept cut, at 64 KiB */
	size_t huge = ((size_t)3 << 20) + 5;
	char *one = malloc(huge);
	memset(one, 'x', huge);
	one[huge - 1] = '\n';
	s = ds_reader_sample(one, huge, &n);
	CHECK(s != NULL);
	CHECK(n > 64 * 1024 && n <= 64 * 1024 + 3 * (16 * 1024 + 1) && s[n - 1] == '\n');
	free(s);
	free(one);
	free(text);
}

/* {"a": ... {"a": VALUE} ...} nested depth deep, one a line. */
static void nested(struct buf *b, int depth, int rows)
{
	for (int r = 0; r < rows; r++) {
		for (int d = 0; d < depth; d++)
			put_bytes(b, "{\"a\":", 5);
		putf(b, "%d", r);
		for (int d = 0; d < depth; d++)
			put_bytes(b, "}", 1);
		put_bytes(b, "\n", 1);
	}
}

static void test_deep_json(void)
{
	struct buf b = {0};
	nested(&b, 200, 10);
	const char *used;
	int rc;
	struct ll_table *t = load_detected("deep.jsonl", &b, &used, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_STR(used, "jsonl");
	if (t) {
		CHECK_INT(ll_table_ncols(t), 1);
		CHECK_INT(ll_table_nrows(t), 10);
		CHECK_INT(strlen(ll_table_col_name(t, 0)), 200 * 2 - 1);
		CHECK(ll_table_num(t, 9, 0) == 9);
	}
	ll_table_free(t);
	b.n = 0;
	nested(&b, 1200, 3);
	struct ll_err e;
	rc = rt_load(rt_put(dir, "deeper.jsonl", b.p, b.n), NULL, &t, &used, &e);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(e.msg, "deeper.jsonl:1:") != NULL);
	CHECK(strstr(e.msg, "nested more than 1000 deep") != NULL);
	ll_table_free(t);
	free(b.p);
}

/* A series of one metric in the layout fmt (printf of hour, minute,
 * second, value), under header (or none). */
static void series(struct buf *b, const char *header, const char *fmt)
{
	b->n = 0;
	if (header)
		putf(b, "%s\n", header);
	for (int i = 0; i < 300; i++)
		putf(b, fmt, i / 3600, i / 60 % 60, i % 60, i * 7 % 13);
}

static void test_one_metric(void)
{
	static const struct {
		const char *header, *fmt, *name;
	} cases[] = {
		{"time,value", "2024-01-01T%02d:%02d:%02d,%d\n", "value"},
		{"time,value", "2024-01-01T%02d:%02d:%02dZ,%d\n", "value"},
		{NULL, "2024-01-01T%02d:%02d:%02d.250+02:00,%d\n", NULL},
		{"time\tvalue", "2024-01-01T%02d:%02d:%02d\t%d\n", "value"},
	};
	struct buf b = {0};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		series(&b, cases[k].header, cases[k].fmt);
		const char *used;
		int rc;
		struct ll_table *t = load_detected("series.csv", &b, &used, &rc);
		CHECK_INT(rc, LL_OK);
		CHECK(strcmp(used, "syslog") != 0 && strcmp(used, "lines") != 0);
		if (t) {
			CHECK_INT(ll_table_ncols(t), 2);
			CHECK_INT(ll_table_nrows(t), 300);
			CHECK(ll_table_col_type(t, 0) == LL_COL_TIME);
			CHECK(ll_table_col_type(t, 1) == LL_COL_NUM);
			CHECK(ll_table_num(t, 299, 1) == 299 * 7 % 13);
			if (cases[k].name)
				CHECK_STR(ll_table_col_name(t, 1), cases[k].name);
		}
		ll_table_free(t);
	}
	/* rsyslog's RFC 3339 lines are still syslog */
	series(&b, NULL, "2024-01-01T%02d:%02d:%02d+00:00 web1 sshd[%d]: Accepted publickey for deploy\n");
	const char *used;
	int rc;
	struct ll_table *t = load_detected("rsyslog.log", &b, &used, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_STR(used, "syslog");
	ll_table_free(t);
	/* one column of numbers, named or not */
	for (int named = 0; named < 2; named++) {
		b.n = 0;
		if (named)
			put_bytes(&b, "latency_ms\r\n", 12);
		for (int i = 0; i < 50; i++)
			putf(&b, "%d.5\r\n", i * 3 - 20);
		t = load_detected("one.csv", &b, &used, &rc);
		CHECK_INT(rc, LL_OK);
		CHECK_STR(used, "csv");
		if (t) {
			CHECK_INT(ll_table_ncols(t), 1);
			CHECK_INT(ll_table_nrows(t), 50);
			CHECK(ll_table_col_type(t, 0) == LL_COL_NUM);
			CHECK(ll_table_num(t, 49, 0) == 127.5);
			if (named)
				CHECK_STR(ll_table_col_name(t, 0), "latency_ms");
		}
		ll_table_free(t);
	}
	/* a few numbers, or words among them, are lines of text */
	b.n = 0;
	put_bytes(&b, "1\n2\n3\n", 6);
	t = load_detected("few.txt", &b, &used, &rc);
	CHECK_STR(used, "lines");
	ll_table_free(t);
	b.n = 0;
	for (int i = 0; i < 20; i++)
		putf(&b, i == 10 ? "retrying\n" : "%d\n", i);
	t = load_detected("mixed.txt", &b, &used, &rc);
	CHECK_STR(used, "lines");
	ll_table_free(t);
	free(b.p);
}

static void test_terminal_colours(void)
{
	static const char *const level[] = {"INFO", "WARN", "ERROR"};
	static const char *const colour[] = {"\x1b[32m", "\x1b[33m", "\x1b[1;31m"};
	struct buf b = {0};
	for (int i = 0; i < 200; i++)
		putf(&b, "\x1b[90m2024-05-01 10:%02d:%02d.%03d\x1b[0m %s%-5s\x1b[0m [\x1b[36mworker-%d\x1b[0m] request %d%s\n",
		     i / 60 % 60, i % 60, i, colour[i % 3], level[i % 3], i % 4, i,
		     i == 7 ? " \x1b]8;;http://x/\x07link\x1b]8;;\x1b\\" : i == 9 ? " esc \x1b alone" : "");
	const char *used;
	int rc;
	struct ll_table *t = load_detected("colour.log", &b, &used, &rc);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 200);
		CHECK(ll_test_has_note(t, "terminal escape codes (colours, cursor moves) removed"));
		int time_col = -1, level_col = -1;
		for (size_t c = 0; c < ll_table_ncols(t); c++) {
			if (ll_table_col_type(t, c) == LL_COL_TIME)
				time_col = (int)c;
			if (!strcmp(ll_table_col_name(t, c), "level"))
				level_col = (int)c;
		}
		CHECK(time_col >= 0 && level_col >= 0);
		if (time_col >= 0)
			CHECK_NEAR(ll_table_num(t, 0, (size_t)time_col), 1714557600.0, 1e-6);
		if (level_col >= 0)
			CHECK_STR(ll_table_text(t, 2, (size_t)level_col), "ERROR");
		int esc = 0;
		for (size_t r = 0; r < ll_table_nrows(t); r++)
			esc += strchr(ll_table_text(t, r, 0), 0x1b) != NULL;
		CHECK_INT(esc, 1); /* the lone ESC of line 10 stays */
		CHECK(strstr(ll_table_text(t, 7, 0), "request 7 link") != NULL); /* a hyperlink's codes go */
	}
	ll_table_free(t);
	/* one code in a file is no colouring: the bytes stay as they are */
	b.n = 0;
	static const char one[] = "plain line\nan \x1b[1mold\x1b bell\nplain\n";
	put_bytes(&b, one, sizeof one - 1);
	t = load_detected("one.log", &b, &used, &rc);
	CHECK_INT(rc, LL_OK);
	if (t)
		CHECK(!ll_test_has_note(t, "escape codes") && strchr(ll_table_text(t, 1, 0), 0x1b) != NULL);
	ll_table_free(t);
	free(b.p);
}

int main(void)
{
	if (!ll_test_scratch_dir(dir, sizeof dir, "extremes"))
		return 99;
	test_wide_csv();
	test_wide_jsonl();
	test_sample_whole_lines();
	test_deep_json();
	test_one_metric();
	test_terminal_colours();
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
