/*
 * test_row_hash.c - ds_dataset_row_text_span and the row hash the label
 * journal keeps (ds_labels_row_hash), which reads a row's text where it
 * lies in its line (the line, or a labelled TSV's message). Journals on
 * disk hold those hashes, so the quick read must give every row the hash
 * the full path gives (its row text, a Latin-1 file's converted back to
 * its bytes): checked row by row on syslog lines (CRLF, escape codes,
 * lines that do not fit, a line longer than the stack buffer, empty
 * lines), a stack trace's continuation lines, Latin-1 files, labelled
 * TSVs (UTF-8 and Latin-1; labels that do not split: spaces, too long,
 * no tab), generated files of odd bytes, tabs, CRLF, lone CRs and empty
 * lines, a small file loaded whole (no quick read) and real logs of
 * several formats.
 */
#include "dataset_open.h"
#include "harness.h"

#include "ds_dataset.h"
#include "ds_labels.h"
#include "ds_latin1.h"
#include "ll_journal.h"

#include <time.h>
#include <unistd.h>

static char tmpdir[512];

#define TEXT_MAX 32768 /* longer than any line written here */

static struct ds_dataset *open_ds(const char *path, const char *threshold, const char *format)
{
	return ll_test_open_counted(path, threshold != NULL, format, 0);
}

/* The hash as it was computed before the quick read: the row's text, its
 * file's bytes for a Latin-1 file. */
static uint32_t slow_hash(struct ds_dataset *ds, size_t row)
{
	static char buf[TEXT_MAX];
	size_t n = ds_dataset_row_text(ds, row, buf, sizeof buf);
	CHECK(n < sizeof buf);
	if (ds_dataset_row_latin1(ds, row))
		n = ds_latin1_from_utf8(buf, n);
	return ll_line_hash(buf, n);
}

/* Every row (and one past the end) hashes as the full path hashes it;
 * returns how many rows took the quick read. */
static size_t check_rows(struct ds_dataset *ds, const char *what)
{
	size_t nrows = ds_dataset_nrows(ds), quick = 0, bad = 0;
	for (size_t r = 0; r <= nrows; r++) {
		const char *s;
		size_t len;
		if (ds_dataset_row_text_span(ds, r, &s, &len)) {
			quick++;
			static char buf[TEXT_MAX];
			size_t n = ds_dataset_row_text(ds, r, buf, sizeof buf);
			if (n != len || memcmp(buf, s, n) != 0)
				bad++;
		}
		if (ds_labels_row_hash(ds, r) != slow_hash(ds, r))
			bad++;
	}
	if (bad)
		fprintf(stderr, "%s: %zu rows differ\n", what, bad);
	CHECK_INT(bad, 0);
	return quick;
}

static void test_syslog(void)
{
	/* a line longer than the hash's stack buffer, and lines of every kind */
	size_t longn = 9000;
	char *longmsg = malloc(longn + 1);
	for (size_t i = 0; i < longn; i++)
		longmsg[i] = (char)('a' + i % 26);
	longmsg[longn] = '\0';
	size_t cap = longn + 65536, used = 0;
	char *text = malloc(cap);
	const char *lines[] = {
		"Jan 12 10:00:01 host1 sshd[12]: Accepted password for bob\r\n",
		"Jan 12 10:00:02 host1 kernel: \x1b[31mred alert\x1b[0m disk sda\n",
		"not a syslog line at all\n",
		"\n",
		"Jan 12 10:00:03 host2 cron[7]: caf\xc3\xa9 \xe2\x82\xac ok\r\n",
		"   \n",
		"Jan 12 10:00:04 host2 app: tab\there\n",
	};
	for (int rep = 0; rep < 20; rep++)
		for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
			used += (size_t)snprintf(text + used, cap - used, "%s", lines[i]);
	used += (size_t)snprintf(text + used, cap - used, "Jan 12 10:00:05 host3 app: %s\n", longmsg);
	used += (size_t)snprintf(text + used, cap - used, "Jan 12 10:00:06 host3 app: no newline at the end");
	const char *path = ll_test_put_bytes(tmpdir, "sys.log", text, used);
	struct ds_dataset *lazy = open_ds(path, "1", NULL);
	struct ds_dataset *whole = open_ds(path, NULL, NULL);
	CHECK(lazy && whole);
	if (lazy && whole) {
		CHECK_INT(ds_dataset_nrows(lazy), ds_dataset_nrows(whole));
		/* a lazy log whose text is its line: every row reads quickly */
		CHECK_INT(check_rows(lazy, "syslog lazy"), ds_dataset_nrows(lazy) + 1);
		CHECK_INT(check_rows(whole, "syslog loaded"), 0);
		for (size_t r = 0; r < ds_dataset_nrows(lazy); r++)
			CHECK_INT(ds_labels_row_hash(lazy, r), ds_labels_row_hash(whole, r));
	}
	ds_dataset_close(lazy);
	ds_dataset_close(whole);
	free(text);
	free(longmsg);
}

static void test_stack_trace(void)
{
	const char *text = "2024-01-02 10:00:00,001 ERROR [main] com.x.Y - failed\n"
			   "java.lang.IllegalStateException: boom\n"
			   "\tat com.x.Y.run(Y.java:10)\r\n"
			   "\tat com.x.Main.main(Main.java:3)\n"
			   "2024-01-02 10:00:01,002 INFO [main] com.x.Y - retry\n"
			   "2024-01-02 10:00:02,003 WARN [pool-1] com.x.Z - slow \x1b[1mbold\x1b[0m\n";
	char buf[4096];
	size_t used = 0;
	for (int rep = 0; rep < 15; rep++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s", text);
	const char *path = ll_test_put_bytes(tmpdir, "app.log", buf, used);
	struct ds_dataset *lazy = open_ds(path, "1", NULL);
	CHECK(lazy != NULL);
	if (lazy)
		CHECK(check_rows(lazy, "stack trace") > 0);
	ds_dataset_close(lazy);
}

static void test_latin1(void)
{
	char buf[8192];
	size_t used = 0;
	for (int i = 0; i < 60; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used,
					 "Jan 12 10:%02d:00 h%d app: r\xe9sum\xe9 gr\xfc\xdf %d \xe0 la carte\r\n", i, i % 3,
					 i);
	const char *path = ll_test_put_bytes(tmpdir, "latin.log", buf, used);
	struct ds_dataset *lazy = open_ds(path, "1", NULL);
	CHECK(lazy != NULL);
	if (lazy) {
		CHECK(ds_dataset_latin1(lazy));
		/* the UTF-8 text read where it lies, converted back in a copy */
		CHECK_INT(check_rows(lazy, "latin1"), ds_dataset_nrows(lazy) + 1);
		/* the hash is of the file's own bytes, as before */
		const char *line = "Jan 12 10:00:00 h0 app: r\xe9sum\xe9 gr\xfc\xdf 0 \xe0 la carte";
		uint32_t h = ds_labels_row_hash(lazy, 0);
		CHECK(h == ll_line_hash(line, strlen(line)) || h == ll_line_hash(buf, strlen(line) + 1));
	}
	ds_dataset_close(lazy);
}

static void test_labelled_tsv(void)
{
	char buf[8192];
	size_t used = 0;
	for (int i = 0; i < 40; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s\tmessage %d of the log%s\n",
					 i % 5 ? "normal" : "alert", i, i % 7 ? "" : " \x1b[32mgreen\x1b[0m");
	const char *path = ll_test_put_bytes(tmpdir, "lab.tsv", buf, used);
	struct ds_dataset *lazy = open_ds(path, "1", "labelled");
	CHECK(lazy != NULL);
	if (lazy)
		/* the text is the message after the label, found by the split */
		CHECK_INT(check_rows(lazy, "labelled tsv"), ds_dataset_nrows(lazy) + 1);
	ds_dataset_close(lazy);
}

/* A pseudo-random pick in [0, n) (the same file every run). */
static size_t pick(unsigned long *seed, size_t n)
{
	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	return (size_t)(*seed >> 33) % n;
}

/* nlines generated lines into out (cap bytes; returns the bytes): syslog
 * lines and lines that do not fit, each, when labelled, after a label
 * that splits ("alert", "") or does not (two words, 70 characters, no
 * tab at all); words of odd bytes, tabs, escape codes, a lone CR, accents
 * as UTF-8 or, when latin1, as Windows-1252 bytes; LF or CRLF ends, empty
 * and blank lines, a line longer than the hash's stack buffer, and a last
 * line without its end. */
static size_t generated(char *out, size_t cap, unsigned long seed, int labelled, int latin1, size_t nlines)
{
	static const char *const labels[] = {"alert\t", "normal\t", "\t", "two words\t", "", "x\t"};
	static const char *const ascii[] = {"disk", "tab\there", "\x1b[31mred\x1b[0m", "\x01\x7f", "a\rb", "  ", "k=v",
					    "\t", "end\t"};
	static const char *const utf8[] = {"caf\xc3\xa9", "\xe2\x82\xac" "5", "na\xc3\xafve"};
	static const char *const cp1252[] = {"r\xe9sum\xe9", "\x80 5", "gr\xfc\xdf", "\xa0nbsp", "\x81\x9d odd", "\xff"};
	size_t used = 0;
	for (size_t i = 0; i < nlines && used + 8192 < cap; i++) {
		size_t kind = pick(&seed, 20);
		if (kind == 0) {
			out[used++] = '\n'; /* an empty line */
			continue;
		}
		if (labelled) {
			size_t l = pick(&seed, sizeof labels / sizeof *labels + 1);
			if (l < sizeof labels / sizeof *labels) {
				used += (size_t)snprintf(out + used, cap - used, "%s", labels[l]);
			} else {
				memset(out + used, 'L', 70); /* a label past the longest */
				out[used + 70] = '\t';
				used += 71;
			}
		}
		if (kind > 5)
			used += (size_t)snprintf(out + used, cap - used, "Jan %2zu 10:%02zu:%02zu host%zu app[%zu]: ",
						 1 + pick(&seed, 28), pick(&seed, 60), pick(&seed, 60), pick(&seed, 4),
						 pick(&seed, 999));
		for (size_t w = pick(&seed, 8); w > 0; w--) {
			size_t k = pick(&seed, 4);
			const char *word = k == 0 && latin1    ? cp1252[pick(&seed, sizeof cp1252 / sizeof *cp1252)]
					   : k == 0		? utf8[pick(&seed, sizeof utf8 / sizeof *utf8)]
								: ascii[pick(&seed, sizeof ascii / sizeof *ascii)];
			used += (size_t)snprintf(out + used, cap - used, "%s ", word);
		}
		if (kind == 1) {
			memset(out + used, 'w', 5000); /* past the 4 KB stack buffer */
			used += 5000;
		}
		used += (size_t)snprintf(out + used, cap - used, "%s", pick(&seed, 3) ? "\n" : "\r\n");
	}
	used += (size_t)snprintf(out + used, cap - used, "last line, no end \t");
	return used;
}

/* Generated files, lazily read: every row hashes as the full path hashes
 * it, each through the quick read. */
static void test_generated(void)
{
	size_t nlines = getenv("LL_VALGRIND") ? 600 : 4000, cap = nlines * 700 + 16384;
	char *text = malloc(cap);
	CHECK(text != NULL);
	for (int labelled = 0; labelled < 2 && text; labelled++) {
		for (int latin1 = 0; latin1 < 2; latin1++) {
			size_t n = generated(text, cap, 17 + (unsigned long)(2 * labelled + latin1), labelled, latin1, nlines);
			char name[64];
			snprintf(name, sizeof name, "gen-%s-%s.log", labelled ? "labelled" : "plain", latin1 ? "latin1" : "utf8");
			const char *path = ll_test_put_bytes(tmpdir, name, text, n);
			struct ds_dataset *lazy = open_ds(path, "1", labelled ? "labelled" : NULL);
			CHECK(lazy != NULL);
			if (!lazy)
				continue;
			CHECK_INT(ds_dataset_latin1(lazy), latin1);
			CHECK(ds_dataset_nrows(lazy) >= nlines);
			CHECK_INT(check_rows(lazy, name), ds_dataset_nrows(lazy) + 1);
			ds_dataset_close(lazy);
		}
	}
	free(text);
}

/* Real logs of several formats (BGL's label column, Thunderbird's, HDFS,
 * Hadoop's stack traces), read lazily. */
static void test_real(void)
{
	const char *dir = getenv("LL_DATA_DIR");
	if (!dir)
		return;
	const char *logs[] = {"BGL/BGL_2k.log", "Thunderbird/Thunderbird_2k.log", "HDFS/HDFS_2k.log",
			      "Hadoop/Hadoop_2k.log", "Linux/Linux_2k.log", "OpenStack/OpenStack_2k.log"};
	for (size_t i = 0; i < sizeof logs / sizeof *logs; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/loghub/%s", dir, logs[i]);
		if (access(path, R_OK) != 0)
			continue;
		struct ds_dataset *lazy = open_ds(path, "1", NULL);
		CHECK(lazy != NULL);
		if (lazy)
			check_rows(lazy, logs[i]);
		ds_dataset_close(lazy);
	}
}

int main(void)
{
	ll_test_scratch_dir(tmpdir, sizeof tmpdir, "row_hash");
	test_syslog();
	test_stack_trace();
	test_latin1();
	test_labelled_tsv();
	test_generated();
	test_real();
	ll_test_remove_dir(tmpdir);
	TEST_MAIN_END();
}
