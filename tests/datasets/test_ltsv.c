/*
 * test_ltsv.c - LTSV (ds_ltsv.c): what a record line is; a web server's
 * LTSV access log detected and read a column per label (numbers, the
 * bracketed time, "-" missing, labels in first-seen order, a label only
 * some lines have, one given twice, escapes, CRLF); a line that is no
 * LTSV a row of its text, noted; a file of mostly other lines refused;
 * clock times separated by tabs are no LTSV.
 */
#include "harness.h"
#include "table_load.h"

#include "ds_ltsv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static char dir[256];

static void test_fields(void)
{
	static const struct {
		const char *line;
		size_t fields;
	} cases[] = {
		{"host:127.0.0.1\tstatus:200", 2},
		{"a:1\tb:\tc:x:y\r\n", 3},
		{"time:[10/Oct/2024:13:55:36 +0000]\tua:curl/8.0 (x)\tsize:-", 3},
		{"a:1", 0},                  /* one field is no record */
		{"a:1\tnolabel\tb:2", 0},    /* every field labelled */
		{"a:1\t\tb:2", 0},           /* an empty field */
		{"12:00:01\t13:00:02", 0},   /* a clock is no label and value */
		{"a b:1\tc:2", 0},           /* a blank in a label */
		{"_x.y-z:1\tA9:2", 2},
		{"", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t got = ds_ltsv_fields(cases[i].line, strlen(cases[i].line));
		if (got != cases[i].fields)
			fprintf(stderr, "`%s`: %zu fields\n", cases[i].line, got);
		CHECK_INT(got, cases[i].fields);
	}
}

static void test_access_log(void)
{
	char text[8192];
	size_t n = 0;
	for (int i = 0; i < 20; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "time:[10/Oct/2024:13:%02d:36 +0000]\thost:10.0.0.%d\treq:GET /a?q=\"%d\" HTTP/1.1\t"
				      "status:%d\tsize:%s\tua:curl/8.0%s%s\r\n",
				      i, i, i, i % 5 ? 200 : 503, i == 3 ? "-" : "1532", i == 7 ? "\tcache:HIT" : "",
				      i == 9 ? "\tua:again" : "");
	const char *format;
	struct ll_table *t = load_text(dir, "access.log", text, NULL, 0, &format);
	CHECK_STR(format, "ltsv");
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 20);
	CHECK_INT(ll_table_col_type(t, (size_t)col(t, "time")), LL_COL_TIME);
	CHECK_INT(ll_table_col_type(t, (size_t)col(t, "status")), LL_COL_NUM);
	CHECK_INT(ll_table_col_type(t, (size_t)col(t, "size")), LL_COL_NUM);
	CHECK_NEAR(ll_table_num(t, 5, (size_t)col(t, "status")), 503, 0);
	CHECK(isnan(ll_table_num(t, 3, (size_t)col(t, "size"))));
	CHECK_STR(ll_table_text(t, 2, (size_t)col(t, "req")), "GET /a?q=\"2\" HTTP/1.1");
	CHECK_STR(ll_table_text(t, 7, (size_t)col(t, "cache")), "HIT");
	CHECK_STR(ll_table_text(t, 9, (size_t)col(t, "ua_2")), "again");
	/* labels in the order they first come, the late one last */
	CHECK_INT(col(t, "host"), col(t, "time") + 1);
	CHECK(col(t, "cache") > col(t, "ua"));
	CHECK_NEAR(ll_table_num(t, 0, (size_t)col(t, "time")), 1728565236.0, 0.001); /* 2024-10-10 13:00:36Z */
	ll_table_free(t);
}

static void test_other_lines(void)
{
	const char *format;
	struct ll_table *t = load_text(dir, "mixed.ltsv", "# a heading\na:1\tb:x\na:2\tb:y\n\na:3\tb:z\n", NULL, 0, &format);
	CHECK_STR(format, "ltsv");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_STR(ll_table_text(t, 0, (size_t)col(t, "message")), "# a heading");
		CHECK_NEAR(ll_table_num(t, 3, (size_t)col(t, "a")), 3, 0);
		CHECK(ll_test_has_note(t, "1 of 4 lines are not LTSV: a row each, the text in \"message\" (first: line 1)"));
		ll_table_free(t);
	}
	/* mostly other lines: refused when asked for, never detected */
	const char *path = ll_test_put(dir, "few.ltsv", "x\ny\na:1\tb:2\n");
	struct ds_open_opts o = {.format = "ltsv"};
	struct ll_err err;
	t = NULL;
	CHECK_INT(ds_load(path, &o, &t, NULL, &err), LL_EDATA);
	CHECK(t == NULL && strstr(err.msg, "few.ltsv:1: not LTSV") != NULL);
	/* clock times separated by tabs are no LTSV */
	t = load_text(dir, "clocks.tsv", "start\tend\n12:00:01\t13:00:02\n12:05:01\t13:05:02\n", NULL, 0, &format);
	CHECK(strcmp(format, "ltsv") != 0);
	ll_table_free(t);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "ltsv");
	test_fields();
	test_access_log();
	test_other_lines();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
