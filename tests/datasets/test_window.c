/*
 * test_window.c - lines read with pread through a window (ds_window.h)
 * against the same lines read through the mapping (ds_lineindex_line),
 * and the pieces bulk readers use: ds_lineindex_range,
 * ds_lineindex_open_file_buffer (the index of a mapping scanned with
 * pread), ds_source_file_offset and ds_source_reopen, and the dataset's
 * ds_dataset_rows_final,
 * ds_dataset_lineindex, ds_dataset_source and ds_dataset_line_span.
 *
 * Files are generated here (seeded): CRLF and LF lines, empty lines, a
 * line longer than a window, a last line without "\n", a byte order mark.
 */
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "ds_dataset.h"
#include "ds_lineindex.h"
#include "ds_source.h"
#include "ds_window.h"
#include "harness.h"

static char tmpdir[256];

static uint64_t rng = 777;
static uint64_t rnd(void)
{
	return ll_test_xorshift(&rng);
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(fwrite(data, 1, n, f), n);
	fclose(f);
}

/* About `lines` lines of random words, some CRLF, some empty, one of
 * 1.5 MiB (longer than a window), the last without "\n". */
static char *make_text(size_t lines, size_t *size, int bom)
{
	size_t cap = (size_t)2 << 20, n = 0;
	char *d = malloc(cap + lines * 200);
	if (bom) {
		memcpy(d, "\xEF\xBB\xBF", 3);
		n = 3;
	}
	for (size_t i = 0; i < lines; i++) {
		size_t len = i == lines / 2 ? ((size_t)3 << 19) : rnd() % 150;
		if (i == lines / 2) {
			d = realloc(d, cap + lines * 200 + len);
		}
		for (size_t k = 0; k < len; k++)
			d[n++] = (char)(k % 7 == 6 ? ' ' : 'a' + (int)(rnd() % 26));
		if (i + 1 == lines)
			break;
		if (rnd() % 5 == 0)
			d[n++] = '\r';
		d[n++] = '\n';
	}
	*size = n;
	return d;
}

static void check_window(const char *name, int bom)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	size_t size;
	char *text = make_text(3000, &size, bom);
	write_file(path, text, size);
	struct ds_source *src;
	struct ds_lineindex *ix;
	struct ll_err err;
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	uint64_t off = 99;
	CHECK_INT(ds_source_file_offset(src, &off), 1);
	CHECK_INT(off, bom ? 3 : 0);
	CHECK_INT(ds_lineindex_open_buffer(&ix, src->data, src->size, 0, &err), LL_OK);
	size_t n = ds_lineindex_count(ix);
	CHECK_INT(n, 3000);
	struct ds_window *w = ds_window_open(src, ix);
	CHECK(w != NULL);
	if (!w) {
		ds_lineindex_close(ix);
		ds_source_close(src);
		free(text);
		return;
	}
	/* in order, then at random (every read a miss or not) */
	size_t bad = 0, badrange = 0;
	for (size_t r = 0; r < 2 * n; r++) {
		size_t i = r < n ? r : (size_t)(rnd() % n);
		const char *a, *b;
		size_t la, lb;
		uint64_t begin, end;
		CHECK_INT(ds_lineindex_line(ix, i, &a, &la), 1);
		CHECK_INT(ds_lineindex_range(ix, i, &begin, &end), 1);
		/* the range is the line and at most one CR after it */
		badrange += (const char *)src->data + begin != a || end - begin < la || end - begin > la + 1;
		if (!ds_window_line(w, i, &b, &lb) || la != lb || (la && memcmp(a, b, la) != 0))
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(badrange, 0);
	const char *s;
	size_t len;
	uint64_t begin, end;
	CHECK_INT(ds_window_line(w, n, &s, &len), 0);
	CHECK_INT(ds_lineindex_range(ix, n, &begin, &end), 0);
	ds_window_close(w);
	ds_window_close(NULL);
	/* the same index scanned through pread, in the foreground and in the
	 * background */
	for (int bg = 0; bg < 2; bg++) {
		uint64_t base = 99;
		int fd = ds_source_reopen(src, &base);
		CHECK(fd >= 0);
		CHECK_INT(base, bom ? 3 : 0);
		struct ds_lineindex *iy;
		CHECK_INT(ds_lineindex_open_file_buffer(&iy, src->data, src->size, fd, base, bg, &err), LL_OK);
		ds_lineindex_wait(iy);
		CHECK_INT(ds_lineindex_status(iy, &err), LL_OK);
		CHECK_INT(ds_lineindex_count(iy), n);
		size_t differ = 0;
		for (size_t i = 0; i < n; i++) {
			uint64_t b0, e0, b1, e1;
			differ += !ds_lineindex_range(ix, i, &b0, &e0) || !ds_lineindex_range(iy, i, &b1, &e1) || b0 != b1 ||
				  e0 != e1;
		}
		CHECK_INT(differ, 0);
		ds_lineindex_close(iy);
	}
	/* a file that is no longer the one mapped is read in place */
	write_file(path, "changed\n", 8);
	CHECK(ds_window_open(src, ix) == NULL);
	uint64_t base;
	CHECK_INT(ds_source_reopen(src, &base), -1);
	CHECK(ds_window_open(NULL, ix) == NULL);
	ds_lineindex_close(ix);
	ds_source_close(src);
	unlink(path);
	free(text);
}

/* Data held in memory (gzip inflated, CR-only line ends converted) has no
 * file offset: no window. */
static void check_in_memory(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/mac.log", tmpdir);
	write_file(path, "one\rtwo\rthree\r", 14);
	struct ds_source *src;
	struct ds_lineindex *ix;
	struct ll_err err;
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	uint64_t off;
	CHECK_INT(ds_source_file_offset(src, &off), 0);
	CHECK_INT(ds_lineindex_open_buffer(&ix, src->data, src->size, 0, &err), LL_OK);
	CHECK(ds_window_open(src, ix) == NULL);
	ds_lineindex_close(ix);
	ds_source_close(src);
	unlink(path);
}

/* The dataset's side: a log read lazily gives its index and source, and
 * its rows are final before (or when) its label counts are; a line read
 * elsewhere splits as ds_dataset_text_span splits the same row. */
static void check_dataset(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/auth.log", tmpdir);
	const char *text = "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; rhost=218.188.2.4\n"
			   "Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown\r\n"
			   "Jun 15 02:04:59 combo ftpd[20038]: connection from 218.69.108.57 at Wed Jun 15 02:04:59 2005\n";
	write_file(path, text, strlen(text));
	setenv("LOGLAB_LAZY_THRESHOLD", "0", 1);
	struct ds_dataset *ds;
	struct ll_err err;
	CHECK_INT(ds_dataset_open(&ds, path, NULL, &err), LL_OK);
	unsetenv("LOGLAB_LAZY_THRESHOLD");
	for (int k = 0; k < 5000 && !ds_dataset_rows_final(ds); k++) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	CHECK_INT(ds_dataset_rows_final(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 3);
	const struct ds_lineindex *ix = ds_dataset_lineindex(ds);
	const struct ds_source *src = ds_dataset_source(ds);
	CHECK(ix != NULL && src != NULL);
	if (ix && src) {
		struct ds_window *w = ds_window_open(src, ix);
		CHECK(w != NULL);
		for (size_t row = 0; w && row < 3; row++)
			for (size_t col = 0; col < ds_dataset_ncols(ds); col++) {
				const char *a = NULL, *b = NULL, *line;
				size_t la = 0, lb = 0, n;
				int ra = ds_dataset_text_span(ds, row, col, &a, &la);
				CHECK_INT(ds_window_line(w, row, &line, &n), 1);
				int rb = ds_dataset_line_span(ds, line, n, col, &b, &lb);
				CHECK_INT(ra, rb);
				CHECK_INT(la, lb);
				if (ra && la == lb && la)
					CHECK(memcmp(a, b, la) == 0);
			}
		ds_window_close(w);
	}
	const char *s;
	size_t n;
	CHECK_INT(ds_dataset_line_span(ds, "x", 1, ds_dataset_ncols(ds) + 5, &s, &n), 0);
	ds_dataset_close(ds);
	unlink(path);
}

/* A held label counter pauses (between batches) and, released, counts
 * every row. */
static void check_hold(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/held.log", tmpdir);
	size_t rows = 100000, cap = rows * 64, n = 0;
	char *d = malloc(cap);
	for (size_t i = 0; i < rows; i++)
		n += (size_t)snprintf(d + n, cap - n, "Jun 14 15:16:%02zu host app[%zu]: message %zu\n", i % 60, i % 977, i);
	write_file(path, d, n);
	free(d);
	setenv("LOGLAB_LAZY_THRESHOLD", "0", 1);
	struct ds_dataset *ds;
	struct ll_err err;
	CHECK_INT(ds_dataset_open(&ds, path, NULL, &err), LL_OK);
	unsetenv("LOGLAB_LAZY_THRESHOLD");
	ds_dataset_hold_counting(ds, 1);
	ds_dataset_hold_counting(ds, 1); /* holds nest */
	while (!ds_dataset_rows_final(ds)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	CHECK_INT(ds_dataset_nrows(ds), rows);
	/* the counter was at most a batch or two in when held: it is not done */
	struct timespec pause = {0, 30 * 1000000};
	nanosleep(&pause, NULL);
	CHECK_INT(ds_dataset_complete(ds), 0);
	ds_dataset_hold_counting(ds, 0);
	nanosleep(&pause, NULL);
	CHECK_INT(ds_dataset_complete(ds), 0);
	ds_dataset_hold_counting(ds, 0);
	while (!ds_dataset_complete(ds)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	size_t unlabelled = 0, counts[4] = {0};
	if (ds_dataset_nclasses(ds) <= 4)
		ds_dataset_label_counts(ds, counts, &unlabelled);
	CHECK_INT(unlabelled, rows);
	CHECK_INT(ds_dataset_status(ds, &err), LL_OK);
	ds_dataset_close(ds);
	unlink(path);
}

/* A line longer than DS_WINDOW_LINE_MAX is not copied: the window says
 * so (0) and the caller reads it in place; the lines around it are read
 * as ever. */
static void check_longest_line(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/long.log", tmpdir);
	size_t big = DS_WINDOW_LINE_MAX + 10, size = big + 12;
	char *text = malloc(size);
	CHECK(text != NULL);
	if (!text)
		return;
	memcpy(text, "first\n", 6);
	memset(text + 6, 'x', big);
	memcpy(text + 6 + big, "\nlast\n", 6);
	write_file(path, text, size);
	free(text);
	struct ds_source *src;
	struct ds_lineindex *ix;
	struct ll_err err;
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	CHECK_INT(ds_lineindex_open_buffer(&ix, src->data, src->size, 0, &err), LL_OK);
	CHECK_INT(ds_lineindex_count(ix), 3);
	struct ds_window *w = ds_window_open(src, ix);
	CHECK(w != NULL);
	const char *s;
	size_t len;
	CHECK(w && ds_window_line(w, 0, &s, &len) && len == 5 && memcmp(s, "first", 5) == 0);
	CHECK(w && !ds_window_line(w, 1, &s, &len));
	CHECK(w && ds_window_line(w, 2, &s, &len) && len == 4 && memcmp(s, "last", 4) == 0);
	CHECK_INT(ds_lineindex_line(ix, 1, &s, &len), 1);
	CHECK_INT(len, big);
	ds_window_close(w);
	ds_lineindex_close(ix);
	ds_source_close(src);
	remove(path);
}

int main(void)
{
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/test_window.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	check_window("plain.log", 0);
	check_window("bom.log", 1);
	check_in_memory();
	check_dataset();
	check_hold();
	check_longest_line();
	rmdir(tmpdir);
	TEST_MAIN_END();
}
