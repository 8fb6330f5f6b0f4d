/*
 * test_row_hash.c - ds_dataset_text_is_line and the row hash the label
 * journal keeps (ds_labels_row_hash), which reads a row's line where it
 * lies when the line is the row's text. Journals on disk hold those
 * hashes, so the quick read must give every row the hash the full path
 * gives (its row text, a Latin-1 file's converted back to its bytes):
 * checked row by row on syslog lines (CRLF, escape codes, lines that do
 * not fit, a line longer than the stack buffer, empty lines), a stack
 * trace's continuation lines, a Latin-1 file, a labelled TSV (the text is
 * the message: no quick read), a small file loaded whole (none either)
 * and real logs of several formats.
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
		if (ds_dataset_text_is_line(ds, r, &s, &len)) {
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
		check_rows(lazy, "latin1");
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
		/* the text is the message, after the label: always split */
		CHECK_INT(check_rows(lazy, "labelled tsv"), 0);
	ds_dataset_close(lazy);
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
	test_real();
	ll_test_remove_dir(tmpdir);
	TEST_MAIN_END();
}
