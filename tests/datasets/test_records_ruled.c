/*
 * test_records_ruled.c - records told by the line after each head
 * (ds_records_tally, ds_records_ruled), and a log of such records read the
 * same way at any size: a file over the sample's head (ds_reader_sample)
 * is judged on its head and blocks from the middle, joined at seams, and a
 * block that ends with a head puts the next block's first line after it.
 */
#include "ds_reader.h"
#include "ds_textlog.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

/* Feeds text's lines to a tally as the sniffer does; a line is a head when
 * it starts with "# Time:". */
static int ruled(const char *text)
{
	struct ds_ruled r;
	memset(&r, 0, sizeof r);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		ds_records_tally(&r, p, len, strncmp(p, "# Time:", 7) == 0);
		p += len + (nl != NULL);
	}
	return ds_records_ruled(&r);
}

/* n records of a head and the line after it; the records listed in odd
 * have another line after their head (*odd_line). */
static char *records(size_t n, const size_t *odd, size_t nodd, const char *odd_line)
{
	size_t cap = n * 96 + 64, used = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *next = "# User@Host: app[app] @ web [10.0.0.1]";
		for (size_t k = 0; k < nodd; k++)
			if (odd[k] == i)
				next = odd_line;
		used += (size_t)snprintf(s + used, cap - used, "# Time: 2026-12-06T07:00:%02zu\n%s\nSELECT %zu;\n", i % 60,
					 next, i);
	}
	return s;
}

static int ruled_records(size_t n, const size_t *odd, size_t nodd, const char *odd_line)
{
	char *s = records(n, odd, nodd, odd_line);
	CHECK(s != NULL);
	int got = s ? ruled(s) : -1;
	free(s);
	return got;
}

static void test_tally(void)
{
	CHECK_INT(ruled_records(2, NULL, 0, NULL), 1);
	CHECK_INT(ruled_records(1, NULL, 0, NULL), 0); /* one head is no pattern */
	/* under ten heads every one must be followed by the key */
	size_t one[] = {4};
	CHECK_INT(ruled_records(9, one, 1, "SET timestamp=1;"), 0);
	/* ten or more: all but one in ten */
	CHECK_INT(ruled_records(10, one, 1, "SET timestamp=1;"), 1);
	size_t two[] = {3, 11}, three[] = {3, 11, 17};
	CHECK_INT(ruled_records(20, two, 2, "SET timestamp=1;"), 1);
	CHECK_INT(ruled_records(20, three, 3, "SET timestamp=1;"), 0);
	/* the first head's line may be the odd one: the common key counts */
	size_t first[] = {0};
	CHECK_INT(ruled_records(12, first, 1, "# Query_time: 1.0"), 1);
	/* a head after a head: two odd lines (it and the line after it) */
	CHECK_INT(ruled_records(20, first, 1, "# Time: 2026-12-06T08:00:00"), 1);
	CHECK_INT(ruled_records(12, first, 1, "# Time: 2026-12-06T08:00:00"), 0);
	/* half the heads one key, half another: no pattern */
	size_t half[] = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18};
	CHECK_INT(ruled_records(20, half, 10, "# Query_time: 1.0"), 0);
	/* a line without a key after a head counts against, as any odd line */
	CHECK_INT(ruled("# Time: 1\nplain words\n# Time: 2\nplain words\n"), 0);
	/* keys beyond DS_RULED_KEYS distinct ones go uncounted: seven odd
	 * keys first, then the common one, still counts */
	char text[16384];
	size_t used = 0;
	for (size_t i = 0; i < 70; i++) {
		if (i < DS_RULED_KEYS - 1)
			used += (size_t)snprintf(text + used, sizeof text - used, "# Time: %zu\nKey%zu: x\n", i, i);
		else
			used += (size_t)snprintf(text + used, sizeof text - used, "# Time: %zu\n# User@Host: a\n", i);
	}
	CHECK_INT(ruled(text), 1);
	/* records set apart by rule lines, as before */
	CHECK_INT(ruled("-----\n# Time: 1\nx\n-----\n# Time: 2\ny\n-----\n# Time: 3\nz\n"), 1);
	/* records boxed by a rule above and one below: half the rules are
	 * before a head, and one more rule whose head a seam left out (the
	 * sample's last line here) keeps them records */
	const char *boxed = "=====\n# Time: 1\nx\n=====\n=====\n# Time: 2\ny\n=====\n=====\n# Time: 3\nz\n=====\n";
	char more[256];
	snprintf(more, sizeof more, "%s=====\n", boxed);
	CHECK_INT(ruled(boxed), 1);
	CHECK_INT(ruled(more), 1);
	/* a rule above each head and two inside each record, under a table's
	 * header and below it: a third of the rules, they set nothing apart */
	CHECK_INT(ruled("-----\n# Time: 1\nName Value\n---- -----\nrow 1\n---- -----\n"
			"-----\n# Time: 2\nName Value\n---- -----\nrow 2\n---- -----\n"
			"-----\n# Time: 3\nName Value\n---- -----\nrow 3\n---- -----\n"),
		  0);
}

/* A slow query log of n records (xorshift seed: the statements' lengths
 * and whether the SQL is over several lines), into *len bytes. */
static char *slow_log(size_t n, uint64_t seed, size_t *len)
{
	size_t cap = n * 512 + 256, used = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	used += (size_t)snprintf(s, cap, "/usr/sbin/mysqld, Version: 8.0.36. started with:\n"
					 "Tcp port: 3306  Unix socket: /run/mysqld.sock\n"
					 "Time                 Id Command    Argument\n");
	for (size_t i = 0; i < n; i++) {
		uint64_t r = ll_test_xorshift(&seed);
		unsigned t = (unsigned)i;
		used += (size_t)snprintf(s + used, cap - used,
					 "# Time: 2026-12-06T%02u:%02u:%02u.%06uZ\n"
					 "# User@Host: app%u[app%u] @ web%u [10.0.0.%u]  Id: %u\n"
					 "# Query_time: %u.%06u  Lock_time: 0.000%03u Rows_sent: %u  Rows_examined: %u\n"
					 "SET timestamp=%u;\n",
					 7 + t / 3600 % 12, t / 60 % 60, t % 60, (unsigned)(r % 1000000), (unsigned)(r >> 20) % 9,
					 (unsigned)(r >> 20) % 9, (unsigned)(r >> 24) % 20, (unsigned)(r >> 28) % 250,
					 (unsigned)(r >> 32) % 9000, (unsigned)(r >> 36) % 9, (unsigned)(r >> 8) % 1000000,
					 (unsigned)(r >> 40) % 1000, (unsigned)(r >> 44) % 500, (unsigned)(r >> 12) % 2000000,
					 1796540400u + t);
		if (r % 5 == 0)
			used += (size_t)snprintf(s + used, cap - used,
						 "SELECT c.name, SUM(o.total)\n  FROM orders o JOIN customers c ON c.id = o.customer_id\n"
						 "  WHERE o.state = 'paid'\n  GROUP BY c.name;\n");
		else
			used += (size_t)snprintf(s + used, cap - used, "SELECT * FROM orders WHERE id = %u%.*s;\n",
						 (unsigned)(r >> 16) % 90000, (int)(r >> 50) % 40,
						 " AND state <> 'held' AND total > 0 AND 1 = 1");
	}
	*len = used;
	return s;
}

/* Heads in the sample followed there by a line the file does not have
 * after them: a block of the sample ended with the head. */
static size_t cut_heads(const char *sample, size_t n)
{
	size_t cut = 0, pos = 0, len;
	const char *line;
	int after_head = 0;
	while (ds_source_next_line(sample, n, &pos, &line, &len)) {
		cut += after_head && strncmp(line, "# User@Host:", 12) != 0;
		after_head = strncmp(line, "# Time:", 7) == 0;
	}
	return cut;
}

/* The same log cut at many sizes, below the sample's head and over it:
 * every size is detected as a log with the "# Time:" header and read as
 * records, among them sizes whose sample has a head cut at a seam. */
static void test_sizes(void)
{
	size_t size;
	size_t most = ll_test_slow_build() ? 1400 : 4000;
	char *log = slow_log(most, 7, &size);
	CHECK(log != NULL);
	if (!log)
		return;
	size_t sizes = 0, cut_sizes = 0, wrong = 0;
	for (size_t records = 150; records <= most; records += ll_test_slow_build() ? 97 : 41) {
		/* the end of the records-th record */
		size_t end = 0, seen = 0;
		for (const char *p = log; (p = strstr(p, "# Time:")) != NULL; p++)
			if (seen++ == records) {
				end = (size_t)(p - log);
				break;
			}
		if (!end)
			end = size;
		size_t n;
		char *sample = ds_reader_sample(log, end, &n);
		CHECK(sample != NULL);
		if (!sample)
			break;
		const struct ds_reader *r = ds_reader_detect("slow.log", sample, n);
		size_t cut = cut_heads(sample, n);
		free(sample);
		int ok = r && strcmp(r->name, "log") == 0 && r->line && strcmp(r->line->header, "# Time: <time> <message>") == 0 &&
			 ds_records_apply(r->line, log, end);
		if (!ok && wrong++ < 3)
			fprintf(stderr, "%zu bytes (%zu heads cut): read as %s, header %s\n", end, cut, r ? r->name : "-",
				r && r->line ? r->line->header : "-");
		sizes++;
		cut_sizes += cut > 0;
	}
	CHECK_INT(wrong, 0);
	CHECK(sizes >= 10);
	CHECK(cut_sizes >= 2); /* the seams this test is about happened */
	fprintf(stderr, "%zu sizes, %zu of them with a head cut at a seam\n", sizes, cut_sizes);
	free(log);
}

/* A detection infers a log's headers once, in the log reader's sniff, and
 * its bind takes them (ds_detect_memo_put): the reader it binds is the one
 * a bind alone, which infers them itself, makes (readers are interned by
 * their headers); outside a detection nothing is kept. */
static void test_detect_memo(void)
{
	size_t size, n;
	char *log = slow_log(40, 3, &size);
	char *sample = log ? ds_reader_sample(log, size, &n) : NULL;
	CHECK(sample != NULL);
	if (sample) {
		const struct ds_reader *r = ds_reader_detect("slow.log", sample, n);
		struct ll_err err;
		const struct ds_reader *alone = ds_reader_bind(ds_reader_find("log"), sample, n, NULL, &err);
		CHECK(r && strcmp(r->name, "log") == 0);
		CHECK(r == alone);
		int tag = 0;
		CHECK_INT(ds_detect_memo_put(&tag, sample, n, &tag, NULL), 0);
		CHECK(ds_detect_memo_take(&tag, sample, n) == NULL);
	}
	free(sample);
	free(log);
}

/* Lines of a document a record prints (an XML element's tags, JSON's
 * brackets alone) and an exception's own lines are furniture however few;
 * other misfits only when a short one recurs three times. A small log of records with XML bodies at
 * the margin is a log of records. */
static void test_document_lines(void)
{
	struct ds_recur *r = calloc(1, sizeof *r);
	CHECK(r != NULL);
	if (!r)
		return;
	static const char *const doc[] = {"<?xml version='1.0' encoding='iso-8859-2'?>", "<a-request>", "</a-request>\r",
					  "<r><v id=\"1\">x</v></r>", "{", "},", "]"};
	for (size_t k = 0; k < sizeof doc / sizeof *doc; k++)
		ds_recur_add(r, doc[k], strlen(doc[k]));
	CHECK_INT(ds_recur_count(r), 7);
	/* an exception's own lines, as runtimes print them at the margin */
	static const char *const exc[] = {"java.lang.IllegalStateException: closed", "Caused by: java.io.IOException: x",
					  "Traceback (most recent call last):", "TimeoutError: timed out",
					  "... 3 more", "com.example.Outer$InnerError", "Suppressed: x.YException: y",
					  "panic: runtime error: index out of range [3] with length 3",
					  "goroutine 1 [running]:", "main.main()", "net/http.(*conn).serve(0xc000126000)"};
	for (size_t k = 0; k < sizeof exc / sizeof *exc; k++)
		ds_recur_add(r, exc[k], strlen(exc[k]));
	CHECK_INT(ds_recur_count(r), 18);
	/* not a document's: a priority, a comparison, text; "Stack trace:" twice is not yet furniture */
	static const char *const other[] = {"<34>Oct 11 22:14:15 host app: x", "<= 5 retries left", "a < b > c",
					    "Stack trace:", "Stack trace:", "Error details follow; code=5",
					    "no Error: here", "... and more", "ErrorCount: 3 rows", "call f(x) now",
					    "(a.b)", "exit status 2"};
	for (size_t k = 0; k < sizeof other / sizeof *other; k++)
		ds_recur_add(r, other[k], strlen(other[k]));
	CHECK_INT(ds_recur_count(r), 18);
	free(r);
	const char *log = "[2020-12-10 06:56:41,061] INFO [m:108] Calling 'x' with params:\n\n"
			  "[2020-12-10 06:56:41,092] DEBUG [connect.client:69] Full request text:\n"
			  "<?xml version='1.0'?>\n<a-request>\n  <head>x</head>\n</a-request>\n\n"
			  "[2020-12-10 06:56:41,099] DEBUG [m:85] Full reply text:\n"
			  "<?xml version='1.0'?>\n<a-reply>\n  <status>OK</status>\n</a-reply>\n";
	const struct ds_reader *rd = ds_reader_detect("client.log", log, strlen(log));
	CHECK(rd && strcmp(rd->name, "log") == 0);
	if (rd && rd->line)
		CHECK_INT(ds_records_apply(rd->line, log, strlen(log)), 1);
}

int main(void)
{
	test_tally();
	test_document_lines();
	test_sizes();
	test_detect_memo();
	TEST_MAIN_END();
}
