/*
 * test_line_map.c - generated lines to the file's lines (ds_line_map.h),
 * and the CSV loader naming the file's lines when a source carries a map:
 * in its notes and in an error "path:line: ...".
 */
#include "harness.h"

#include "ds_csv.h"
#include "ds_line_map.h"
#include "ds_reader.h"
#include "ds_source.h"

static void test_map(void)
{
	struct ds_line_map m = {0};
	CHECK_INT(ds_line_map_at(NULL, 7), 7);
	CHECK_INT(ds_line_map_at(&m, 7), 7); /* empty: the text is the file */
	CHECK_INT(ds_line_map_at(&m, 0), 0);
	ds_line_map_add(&m, "a,b\n", 4, 3);
	ds_line_map_add(&m, "\"x\ny\",2\n", 8, 10); /* a cell over two lines */
	ds_line_map_add(&m, "no newline", 10, 99);  /* no line ends: nothing */
	ds_line_map_add(&m, "", 0, 50);
	CHECK_INT(m.n, 3);
	CHECK_INT(ds_line_map_at(&m, 1), 3);
	CHECK_INT(ds_line_map_at(&m, 2), 10);
	CHECK_INT(ds_line_map_at(&m, 3), 10);
	CHECK_INT(ds_line_map_at(&m, 4), 10); /* past the end: the last */
	CHECK_INT(ds_line_map_at(&m, 0), 0);
	/* growing past the first allocation keeps every entry */
	for (size_t k = 0; k < 5000; k++)
		ds_line_map_add(&m, "\n", 1, 100 + k);
	CHECK(!m.oom);
	CHECK_INT(m.n, 5003);
	CHECK_INT(ds_line_map_at(&m, 4), 100);
	CHECK_INT(ds_line_map_at(&m, 5003), 5099);
	ds_line_map_free(&m);
	CHECK(m.line == NULL && m.n == 0);
	CHECK_INT(ds_line_map_at(&m, 5), 5);
}

static int load(const char *text, const struct ds_line_map *map, struct ll_table **t, struct ll_err *err)
{
	struct ds_source src;
	memset(&src, 0, sizeof src);
	src.path = (char *)"gen.txt";
	src.data = text;
	src.size = strlen(text);
	src.line_map = map;
	struct ds_open_opts opts;
	memset(&opts, 0, sizeof opts);
	opts.default_year = 2026;
	ll_err_clear(err);
	return ds_csv_load_generic(&src, &opts, 0, t, err);
}

static void test_loader_notes(void)
{
	/* the generated CSV: names, then rows from lines 20, 30, 40, 50 */
	const char *text = "name,task\nb1,12\nb2,N/A\nb3,14\nb4,15\n";
	struct ds_line_map m = {0};
	ds_line_map_add(&m, "\n", 1, 20);
	ds_line_map_add(&m, "\n\n\n\n", 4, 0);
	m.line[1] = 20;
	m.line[2] = 30;
	m.line[3] = 40;
	m.line[4] = 50;
	struct ll_table *t = NULL;
	struct ll_err err;
	CHECK_INT(load(text, &m, &t, &err), LL_OK);
	CHECK(t && ll_test_has_note(t, "'N/A' (first: line 30)"));
	ll_table_free(t);
	/* without a map the generated text's own line */
	CHECK_INT(load(text, NULL, &t, &err), LL_OK);
	CHECK(t && ll_test_has_note(t, "'N/A' (first: line 3)"));
	ll_table_free(t);
	/* text past the sampled rows: "column 'n' has text from line ... on" */
	static char big[40000];
	size_t len = (size_t)snprintf(big, sizeof big, "name,n\n");
	for (int k = 0; k < 1500; k++)
		len += (size_t)snprintf(big + len, sizeof big - len, "r%d,%d\n", k, k);
	snprintf(big + len, sizeof big - len, "z,words here\n");
	struct ds_line_map m2 = {0};
	size_t nlines = 0;
	for (const char *q = big; *q; q++)
		nlines += *q == '\n';
	for (size_t k = 0; k < nlines; k++)
		ds_line_map_add(&m2, "\n", 1, 1000 + 2 * k);
	CHECK_INT(load(big, &m2, &t, &err), LL_OK);
	char want[64];
	snprintf(want, sizeof want, "has text from line %zu on", 1000 + 2 * (nlines - 1));
	CHECK(t && ll_test_has_note(t, want));
	ll_table_free(t);
	ds_line_map_free(&m2);
	ds_line_map_free(&m);
}

static void test_loader_error(void)
{
	/* a row longer than the table on generated line 3 */
	const char *text = "a,b\n1,2\n3,4,9\n5,6\n";
	struct ds_line_map m = {0};
	ds_line_map_add(&m, "\n", 1, 7);
	ds_line_map_add(&m, "\n", 1, 8);
	ds_line_map_add(&m, "\n", 1, 12);
	ds_line_map_add(&m, "\n", 1, 13);
	struct ll_table *t = NULL;
	struct ll_err err;
	CHECK_INT(load(text, &m, &t, &err), LL_EDATA);
	CHECK(t == NULL);
	CHECK(strncmp(err.msg, "gen.txt:12: ", 12) == 0);
	CHECK_INT(load(text, NULL, &t, &err), LL_EDATA);
	CHECK(strncmp(err.msg, "gen.txt:3: ", 11) == 0);
	/* a quote opened on generated line 3 and never closed: a character,
	 * noted at the source's line */
	const char *open = "a,b\n1,2\n3,\"4\n5,6\n";
	CHECK_INT(load(open, &m, &t, &err), LL_OK);
	CHECK(t && ll_test_has_note(t, "never closed (first: line 12)"));
	ll_table_free(t);
	t = NULL;
	/* a message not of the "path:line:" form is left as it is */
	const char *empty = "";
	CHECK_INT(load(empty, &m, &t, &err), LL_OK);
	ll_table_free(t);
	ds_line_map_free(&m);
}

int main(void)
{
	test_map();
	test_loader_notes();
	test_loader_error();
	TEST_MAIN_END();
}
