/*
 * test_w3c.c - the "w3c" reader: logs whose columns a '#Fields:' line
 * names (W3C extended log format, blank- or tab-separated; Zeek's logs with
 * their own separator and unset/empty markers). Generated here from a
 * seed: web-server blocks whose fields change after a restart, quoted
 * strings, CRLF line ends, Zeek connection logs; and hostile input: rows
 * of the wrong width, rows before any directive, no directive, no rows,
 * binary junk, a 1 MiB field, and text of other formats that must not be
 * taken for it; 99,000 fields, half never filled.
 */
#include "harness.h"

#include "ds_reader.h"
#include "ll_strbuf.h"
#include "reader_test.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[200];

/* The generated text written as name and read with the format detected,
 * which must be this reader; NULL (a failed check) otherwise. */
static struct ll_table *load_w3c(const char *name, const struct ll_strbuf *b)
{
	CHECK(!b->oom);
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	CHECK_INT(rt_load(rt_put(dir, name, b->s, b->len), NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "w3c");
	if (t && strcmp(used, "w3c") != 0) {
		ll_table_free(t);
		t = NULL;
	}
	return t;
}

static int col(const struct ll_table *t, const char *name)
{
	return ll_table_find_column(t, name);
}

/* A web server's log: `blocks` blocks, the second and later with two more
 * fields (cs-method before sc-status, time-taken last), rows per block
 * from the seed; CRLF ends when crlf. Returns the rows written; the
 * status of row i is 200 + 100 * (i % 4). */
static size_t gen_web(struct ll_strbuf *b, uint64_t seed, int blocks, int crlf)
{
	const char *nl = crlf ? "\r\n" : "\n";
	size_t rows = 0;
	static const char *agents[] = {"Mozilla/5.0+(Windows+NT+10.0)", "curl/7.68.0", "\"Some Agent, v2\""};
	for (int k = 0; k < blocks; k++) {
		ll_strbuf_printf(b, "#Software: a web server%s#Version: 1.0%s#Date: 2024-03-0%d 00:00:00%s", nl, nl, k + 1,
				 nl);
		ll_strbuf_printf(b, "#Fields: date time c-ip cs-uri-stem%s sc-status cs(User-Agent)%s%s",
				 k ? " cs-method" : "", k ? " time-taken" : "", nl);
		size_t n = 20 + ll_test_xorshift(&seed) % 30;
		for (size_t i = 0; i < n; i++, rows++) {
			unsigned sec = (unsigned)(rows % 60), min = (unsigned)(rows / 60 % 60);
			ll_strbuf_printf(b, "2024-03-0%d 10:%02u:%02u 10.0.%u.%u /p%zu", k + 1, min, sec,
					 (unsigned)(ll_test_xorshift(&seed) % 256), (unsigned)(i % 256), i);
			if (k)
				ll_strbuf_printf(b, " %s", i % 2 ? "GET" : "POST");
			ll_strbuf_printf(b, " %zu %s", 200 + 100 * (rows % 4), agents[rows % 3]);
			if (k)
				ll_strbuf_printf(b, " %s", i % 5 ? "15" : "-");
			ll_strbuf_puts(b, nl);
		}
	}
	return rows;
}

static void test_web(void)
{
	struct ll_strbuf b = {0};
	size_t rows = gen_web(&b, 42, 3, 1);
	struct ll_table *t = load_w3c("u_ex240301.log", &b);
	if (t) {
		CHECK_INT(ll_table_nrows(t), rows);
		/* the union of the blocks' names, first seen first */
		CHECK_INT(ll_table_ncols(t), 8);
		int d = col(t, "date"), st = col(t, "sc-status"), m = col(t, "cs-method"), tt = col(t, "time-taken"),
		    ua = col(t, "cs(User-Agent)"), u = col(t, "cs-uri-stem");
		CHECK(d >= 0 && st >= 0 && m >= 0 && tt >= 0 && ua >= 0 && u >= 0);
		if (d >= 0 && st >= 0 && m >= 0 && tt >= 0 && ua >= 0 && u >= 0) {
			/* date and time read as one time, CR gone */
			CHECK_INT(ll_table_col_type(t, (size_t)d), LL_COL_TIME);
			CHECK_INT(ll_table_col_type(t, (size_t)st), LL_COL_NUM);
			int bad = 0;
			for (size_t i = 0; i < rows; i++)
				bad += ll_table_num(t, i, (size_t)st) != 200 + 100 * (double)(i % 4);
			CHECK_INT(bad, 0);
			/* the first block has no method: empty, not shifted */
			CHECK_STR(ll_table_text(t, 0, (size_t)m), "");
			CHECK_STR(ll_table_text(t, 0, (size_t)u), "/p0");
			CHECK_STR(ll_table_text(t, 0, (size_t)ua), "Mozilla/5.0+(Windows+NT+10.0)");
			/* a quoted string keeps its comma and loses its quotes */
			CHECK_STR(ll_table_text(t, 2, (size_t)ua), "Some Agent, v2");
			/* "-" is no value */
			size_t last = rows - 1;
			CHECK(isnan(ll_table_num(t, 0, (size_t)tt)));
			(void)last;
		}
		CHECK_INT(ll_table_nnotes(t) > 0 && ll_test_has_note(t, "left out"), 0);
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
}

/* A column that no row fills ("-" on every line: IIS's cs-username when
 * every request is anonymous) is empty text, not a number column; one
 * with "-" on some rows stays a number, and cannot be made text. */
static void test_unfilled(void)
{
	struct ll_strbuf b = {0};
	ll_strbuf_puts(&b, "#Software: Microsoft Internet Information Services 7.5\n#Version: 1.0\n"
			   "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
			   "sc-status time-taken\n");
	for (int i = 0; i < 6; i++)
		ll_strbuf_printf(&b, "2019-03-06 18:43:%02d 10.0.140.107 GET /health - 80 - 10.0.140.%d 200 %s\n", i, i,
				 i % 3 ? "15" : "-");
	struct ll_table *t = load_w3c("u_ex190306.log", &b);
	if (t) {
		int un = col(t, "cs-username"), q = col(t, "cs-uri-query"), tt = col(t, "time-taken");
		CHECK(un >= 0 && q >= 0 && tt >= 0);
		if (un >= 0 && q >= 0 && tt >= 0) {
			CHECK_INT(ll_table_col_type(t, (size_t)un), LL_COL_TEXT);
			CHECK_INT(ll_table_col_type(t, (size_t)q), LL_COL_TEXT);
			CHECK_STR(ll_table_text(t, 3, (size_t)un), "");
			CHECK_INT(ll_table_col_type(t, (size_t)tt), LL_COL_NUM);
			CHECK(isnan(ll_table_num(t, 0, (size_t)tt)));
			CHECK_NEAR(ll_table_num(t, 1, (size_t)tt), 15, 1e-12);
			/* a column with a value cannot be emptied into text */
			CHECK_INT(ll_table_convert_column(t, (size_t)tt, LL_COL_TEXT), LL_EUSAGE);
		}
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
}

/* A block of "time" without "date" (IIS's FTP log): its times of day are
 * on the day of the "#Date:" line above, a day later past midnight (from
 * the directive's own clock), each block its own day; noted. */
static void test_dated_by_directive(void)
{
	struct ll_strbuf b = {0};
	ll_strbuf_puts(&b, "#Software: Microsoft Internet Information Server 4.0\r\n#Version: 1.0\r\n"
			   "#Date: 2000-10-09 23:59:50\r\n#Fields: time c-ip cs-method cs-uri-stem sc-status\r\n"
			   "23:59:55 1.1.1.1 [2]USER anonymous 331\r\n"
			   "00:00:05 1.1.1.1 [2]PASS - 230\r\n"
			   "- 1.1.1.1 [2]QUIT - 226\r\n"
			   "#Date: 2000-10-12 08:00:00\r\n#Fields: time c-ip cs-method cs-uri-stem sc-status\r\n"
			   "08:00:01 1.1.1.2 [3]USER anonymous 331\r\n");
	struct ll_table *t = load_w3c("ftp.log", &b);
	if (t) {
		int tc = col(t, "time");
		CHECK(tc >= 0);
		if (tc >= 0) {
			CHECK_INT(ll_table_col_type(t, (size_t)tc), LL_COL_TIME);
			CHECK_NEAR(ll_table_num(t, 0, (size_t)tc), 971135995, 0); /* 2000-10-09 23:59:55 UTC */
			CHECK_NEAR(ll_table_num(t, 1, (size_t)tc), 971136005, 0); /* the next day */
			CHECK(isnan(ll_table_num(t, 2, (size_t)tc)));
			CHECK_NEAR(ll_table_num(t, 3, (size_t)tc), 971337601, 0); /* 2000-10-12 08:00:01 */
		}
		CHECK(ll_test_has_note(t, "3 'time' values without a 'date' field dated by the '#Date:' line above "
					  "(first: line 5)"));
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
	/* with a date field, or without a #Date line, nothing is dated */
	ll_strbuf_puts(&b, "#Version: 1.0\n#Fields: time c-ip sc-status\n10:00:01 1.1.1.1 200\n10:00:02 1.1.1.1 404\n");
	t = load_w3c("undated.log", &b);
	if (t) {
		CHECK_INT(ll_test_has_note(t, "dated by"), 0);
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
}


static void test_zeek(void)
{
	struct ll_strbuf b = {0};
	ll_strbuf_puts(&b, "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
			   "#path\tconn\n#open\t2011-03-18-19-06-08\n"
			   "#fields\tts\tuid\tid.orig_h\tid.resp_p\tproto\tduration\torig_bytes\ttunnel_parents\n"
			   "#types\ttime\tstring\taddr\tport\tenum\tinterval\tcount\tset[string]\n");
	uint64_t seed = 7;
	for (int i = 0; i < 40; i++)
		ll_strbuf_printf(&b, "%.6f\tC%08llx\t10.1.%d.%d\t%d\t%s\t%s\t%s\t(empty)\n", 1300475167.0 + i * 0.25,
				 (unsigned long long)(ll_test_xorshift(&seed) & 0xffffffffu), i % 7, i, 53 + i % 3 * 27,
				 i % 3 ? "tcp" : "udp", i % 4 ? "0.5" : "-", i % 4 ? "120" : "-");
	ll_strbuf_puts(&b, "#close\t2011-03-18-19-06-13\n");
	struct ll_table *t = load_w3c("conn.log", &b);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 40);
		CHECK_INT(ll_table_ncols(t), 8);
		int ts = col(t, "ts"), pr = col(t, "proto"), du = col(t, "duration"), tp = col(t, "tunnel_parents");
		CHECK(ts >= 0 && pr >= 0 && du >= 0 && tp >= 0);
		if (ts >= 0 && pr >= 0 && du >= 0 && tp >= 0) {
			CHECK_INT(ll_table_col_type(t, (size_t)ts), LL_COL_TIME);
			CHECK_NEAR(ll_table_num(t, 4, (size_t)ts), 1300475168.0, 1e-6);
			CHECK_STR(ll_table_text(t, 1, (size_t)pr), "tcp");
			CHECK(isnan(ll_table_num(t, 0, (size_t)du)));
			CHECK_NEAR(ll_table_num(t, 1, (size_t)du), 0.5, 1e-12);
			/* (empty) is no value either */
			CHECK(ll_table_text(t, 0, (size_t)tp) == NULL || !strcmp(ll_table_text(t, 0, (size_t)tp), "") ||
			      isnan(ll_table_num(t, 0, (size_t)tp)));
		}
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
}

/* A labelled Zeek log whose label columns follow Zeek's last field after
 * runs of blanks, not tabs (IoT-23's conn.log.labeled): columns of their
 * own, in the names and in the rows; a row that fits its directive by its
 * tabs alone keeps a cell with two blanks whole. */
static void test_zeek_blank_joined(void)
{
	struct ll_strbuf b = {0};
	ll_strbuf_puts(&b, "#separator \\x09\n#unset_field\t-\n#empty_field\t(empty)\n"
			   "#fields\tts\tproto\tnote\ttunnel_parents   label   detailed-label\n");
	for (int i = 0; i < 20; i++)
		ll_strbuf_printf(&b, "%d.25\ttcp\tn%d\t-   %s\n", 1545403816 + i, i,
				 i % 4 ? "Benign   -" : "Malicious   C&C");
	/* the tabs alone give this row more cells than the names: left out as
	 * before; and one whose cells fit the names by tabs: read as it is */
	ll_strbuf_puts(&b, "1545403900.25\ttcp\ta  b\t-\tBenign\t-\n");
	struct ll_table *t = load_w3c("conn.log.labeled", &b);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 6);
		CHECK_INT(ll_table_nrows(t), 21);
		int tp = col(t, "tunnel_parents"), dl = col(t, "detailed-label"), no = col(t, "note");
		CHECK(tp >= 0 && dl >= 0 && no >= 0);
		CHECK(ll_table_nclasses(t) == 2);
		if (dl >= 0 && no >= 0) {
			CHECK_STR(ll_table_text(t, 0, (size_t)dl), "C&C");
			CHECK_STR(ll_table_text(t, 20, (size_t)no), "a  b");
		}
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
}

static void test_hostile(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	/* rows of the wrong width and before any directive: left out, named */
	const char *bad = "stray line\n#Fields: date time c-ip sc-status\n2024-01-01 10:00:00 1.2.3.4 200\n"
			  "2024-01-01 10:00:01 1.2.3.5 404 extra\n2024-01-01 10:00:02 1.2.3.6\n"
			  "2024-01-01 10:00:03 1.2.3.7 500\n";
	const char *p = rt_put(dir, "bad.log", bad, strlen(bad));
	CHECK_INT(rt_load(p, "w3c", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK(ll_test_has_note(t, "1 line before the first '#Fields:' line (first: line 1)"));
		CHECK(ll_test_has_note(t, "2 lines without the fields of the '#Fields:' line above (first: line 4, which has "
				  "not the 4 of line 2)"));
		ll_table_free(t);
	}
	/* a stray first line: not taken for it unless asked */
	CHECK_INT(rt_load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "w3c") != 0);
	ll_table_free(t);
	/* no directive, no rows, binary junk: errors naming the file */
	const char *other = "# a comment\nkey = value\nother = 2\n";
	p = rt_put(dir, "other.conf", other, strlen(other));
	CHECK_INT(rt_load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "w3c") != 0);
	ll_table_free(t);
	CHECK_INT(rt_load(p, "w3c", &t, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "other.conf: no '#Fields:' line names the columns") != NULL);
	p = rt_put(dir, "empty.log", "#Fields: a b\n", 13);
	CHECK_INT(rt_load(p, "w3c", &t, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "empty.log: no rows under the '#Fields:' line") != NULL);
	char junk[4096];
	uint64_t seed = 99;
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(ll_test_xorshift(&seed) & 0xff);
	p = rt_put(dir, "junk.bin", junk, sizeof junk);
	CHECK_INT(rt_load(p, "w3c", &t, &used, &e), LL_EDATA);
	/* a directive over junk rows: nothing fits, an error, no crash */
	memcpy(junk, "#Fields: a b\n", 13);
	p = rt_put(dir, "junk2.bin", junk, sizeof junk);
	int rc = rt_load(p, "w3c", &t, &used, &e);
	CHECK(rc == LL_OK || rc == LL_EDATA);
	ll_table_free(t);
	/* a name a directive repeats: a column per field (the fuzzer's find:
	 * the rows' spans were sized by the distinct names and overflowed) */
	const char *dup = "#Fields: a a a\n1 2 3\n#Fields: b a a\n4 5 6\n";
	p = rt_put(dir, "dup.log", dup, strlen(dup));
	CHECK_INT(rt_load(p, "w3c", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 4);
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK(ll_table_num(t, 0, 0) == 1 && ll_table_num(t, 0, 1) == 2 && ll_table_num(t, 0, 2) == 3);
		CHECK(ll_table_num(t, 1, 3) == 4 && ll_table_num(t, 1, 0) == 5 && ll_table_num(t, 1, 1) == 6);
		ll_table_free(t);
	}
	/* 100,000 names, each twice (each looked up once per pass, not against
	 * every other). 10,000 under valgrind (LL_VALGRIND), where the 100,000
	 * were two thirds of the file's 14 s of CPU, most of it sorting the
	 * names: the same paths (a repeated name a column each) at a tenth;
	 * the release and ASan runs keep the most the loader takes. */
	int nwide = getenv("LL_VALGRIND") ? 10000 : 100000;
	struct ll_strbuf wide = {0};
	ll_strbuf_puts(&wide, "#Fields:");
	for (int i = 0; i < nwide; i++)
		ll_strbuf_printf(&wide, " f%d", i % (nwide / 2));
	ll_strbuf_puts(&wide, "\n");
	for (int i = 0; i < nwide; i++)
		ll_strbuf_puts(&wide, i ? " 1" : "1");
	ll_strbuf_puts(&wide, "\n");
	CHECK(!wide.oom);
	p = rt_put(dir, "wide.log", wide.s, wide.len);
	CHECK_INT(rt_load(p, "w3c", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), nwide);
		CHECK_INT(ll_table_nrows(t), 1);
		ll_table_free(t);
	}
	/* past the CSV loader's 100,000 fields: an error naming the line, before
	 * a table of them is made (a 10 MB line of one name took seconds) */
	wide.len = 0;
	ll_strbuf_puts(&wide, "#Software: x\n#Fields:");
	for (int i = 0; i <= 100000; i++)
		ll_strbuf_puts(&wide, " f");
	ll_strbuf_puts(&wide, "\n1\n");
	CHECK(!wide.oom);
	p = rt_put(dir, "wider.log", wide.s, wide.len);
	CHECK_INT(rt_load(p, "w3c", &t, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "wider.log:2: more than 100000 field names") != NULL);
	ll_strbuf_free(&wide);
	/* a 1 MiB field */
	size_t big = 1 << 20;
	char *huge = malloc(big + 64);
	if (huge) {
		int n = snprintf(huge, 64, "#Fields: a b\n1 ");
		memset(huge + n, 'x', big);
		memcpy(huge + n + big, "\n2 y\n", 5);
		p = rt_put(dir, "huge.log", huge, (size_t)n + big + 5);
		CHECK_INT(rt_load(p, NULL, &t, &used, &e), LL_OK);
		if (t) {
			CHECK_STR(used, "w3c");
			CHECK_INT(ll_table_nrows(t), 2);
			CHECK_INT(strlen(ll_table_text(t, 0, 1)), big);
			ll_table_free(t);
		}
		free(huge);
	}
}

/* Seeded damage to the generated logs (bit flips, bytes that matter to
 * this reader inserted, chunks cut or repeated, truncation): read with the
 * format forced and detected, each must load or fail with a message
 * naming the file; ASan and valgrind watch the rest. */
static void test_mutants(void)
{
	static const char specials[] = "#\t \"\r-:\\x\n";
	struct ll_strbuf web = {0}, zeek = {0};
	gen_web(&web, 5, 2, 0);
	ll_strbuf_puts(&zeek, "#separator \\x09\n#unset_field\t-\n#empty_field\t(empty)\n#fields\tts\ta\tb\n");
	for (int i = 0; i < 30; i++)
		ll_strbuf_printf(&zeek, "%d.5\t%s\t%d\n", 1300000000 + i, i % 3 ? "x" : "(empty)", i);
	CHECK(!web.oom && !zeek.oom);
	/* 50 mutants of each under valgrind (LL_VALGRIND), where the 300 took
	 * 7 s of CPU: fewer random cases on the same reader paths; the
	 * release and ASan runs keep 150 */
	int count = getenv("LL_VALGRIND") ? 50 : 150;
	CHECK_INT(rt_mutants(dir, "web", web.s, web.len, count, "w3c", specials, 2024), 0);
	CHECK_INT(rt_mutants(dir, "zeek", zeek.s, zeek.len, count, "w3c", specials, 2025), 0);
	ll_strbuf_free(&web);
	ll_strbuf_free(&zeek);
}

/* A '#Fields:' line of 99,000 (the most the reader takes), every other
 * field never filled: each unfilled one was looked up among all the
 * table's columns (10 s; 0.3 s now). Each at its place and type, at the
 * start, middle and end. */
static void test_wide_unfilled(void)
{
	size_t n = getenv("LL_VALGRIND") ? 2000 : 99000;
	struct ll_strbuf b = {0};
	ll_strbuf_puts(&b, "#Software: Microsoft Internet Information Services 7.5\n#Version: 1.0\n#Fields: date time");
	for (size_t i = 0; i < n; i++)
		ll_strbuf_printf(&b, " f%zu", i);
	for (int r = 0; r < 3; r++) {
		ll_strbuf_printf(&b, "\n2019-03-06 18:43:%02d", r);
		for (size_t i = 0; i < n; i++)
			ll_strbuf_printf(&b, i % 2 ? " %zu" : " -", i + (size_t)r);
	}
	ll_strbuf_puts(&b, "\n");
	/* named: a '#Fields:' line longer than detection reads is not detected */
	struct ll_table *t = NULL;
	struct ll_err e;
	const char *used;
	CHECK(!b.oom);
	CHECK_INT(rt_load(rt_put(dir, "u_ex190307.log", b.s, b.len), "w3c", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_ncols(t), n + 2);
		size_t at[] = {0, 1, n / 2, n / 2 + 1, n - 2, n - 1};
		for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
			char name[32];
			snprintf(name, sizeof name, "f%zu", at[k]);
			int c = col(t, name);
			CHECK(c >= 0);
			if (c < 0)
				continue;
			CHECK_INT(ll_table_col_type(t, (size_t)c), at[k] % 2 ? LL_COL_NUM : LL_COL_TEXT);
			for (size_t r = 0; r < 3; r++) {
				if (at[k] % 2)
					CHECK_NEAR(ll_table_num(t, r, (size_t)c), (double)(at[k] + r), 0);
				else
					CHECK_STR(ll_table_text(t, r, (size_t)c), "");
			}
		}
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "w3c");
	test_web();
	test_dated_by_directive();
	test_zeek();
	test_zeek_blank_joined();
	test_unfilled();
	test_wide_unfilled();
	test_hostile();
	test_mutants();
	TEST_MAIN_END();
}
