/*
 * test_lineindex.c - the line index against a naive byte-by-byte scan.
 *
 * Every file is generated here (seeded), written to a temporary folder and
 * indexed in the foreground and in the background; the expected lines come
 * from a plain loop over the bytes that knows nothing of the index. Also:
 * reading while the background scan runs, closing mid-scan, refusing gzip,
 * I/O errors, and offsets beyond 4 GiB (4.5 GiB of mostly zero bytes, one
 * small zero block mapped many times).
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ds_lineindex.h"
#include "harness.h"

static char tmpdir[256];

static uint64_t rng = 12345;
static uint64_t rnd(void)
{
	return ll_test_xorshift(&rng);
}

struct naive {
	size_t n;
	size_t *start, *len;
};

/* Lines as ds_source_next_line defines them: split at '\n', one CR before
 * the end dropped, a last line without '\n' counts, nothing for "". */
static struct naive naive_scan(const char *d, size_t size)
{
	struct naive nv = {0};
	size_t cap = 16;
	nv.start = malloc(cap * sizeof *nv.start);
	nv.len = malloc(cap * sizeof *nv.len);
	size_t begin = 0;
	for (size_t i = 0; i <= size; i++) {
		if (i < size && d[i] != '\n')
			continue;
		if (i == size && begin == size)
			break;
		if (nv.n == cap) {
			cap *= 2;
			nv.start = realloc(nv.start, cap * sizeof *nv.start);
			nv.len = realloc(nv.len, cap * sizeof *nv.len);
		}
		size_t l = i - begin;
		if (l && d[i - 1] == '\r')
			l--;
		nv.start[nv.n] = begin;
		nv.len[nv.n] = l;
		nv.n++;
		begin = i + 1;
	}
	return nv;
}

static void naive_free(struct naive *nv)
{
	free(nv->start);
	free(nv->len);
}

static const char *write_file(const char *name, const char *d, size_t n)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(d, 1, n, f) != n) || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(99);
	}
	return path;
}

/* Compares every line of ix with nv over the content d; returns the number
 * of mismatches. */
static size_t compare_all(const struct ds_lineindex *ix, const char *d, const struct naive *nv)
{
	size_t bad = 0;
	const char *base = ds_lineindex_data(ix);
	for (size_t i = 0; i < nv->n; i++) {
		const char *l;
		size_t n;
		if (!ds_lineindex_line(ix, i, &l, &n) || n != nv->len[i] || l != base + nv->start[i] ||
		    memcmp(l, d + nv->start[i], n) != 0)
			bad++;
	}
	return bad;
}

static void check_content_once(const char *name, const char *d, size_t n)
{
	struct naive nv = naive_scan(d, n);
	const char *path = write_file(name, d, n);
	for (int bg = 0; bg < 2; bg++) {
		struct ds_lineindex *ix;
		struct ll_err err;
		int rc = ds_lineindex_open(&ix, path, bg, &err);
		CHECK_INT(rc, LL_OK);
		if (rc != LL_OK) {
			fprintf(stderr, "%s: %s\n", name, err.msg);
			continue;
		}
		ds_lineindex_wait(ix);
		CHECK_INT(ds_lineindex_done(ix), 1);
		CHECK_INT(ds_lineindex_count(ix), nv.n);
		CHECK_INT(ds_lineindex_size(ix), n);
		CHECK_INT(ds_lineindex_scanned(ix), n);
		CHECK_INT(compare_all(ix, d, &nv), 0);
		CHECK_INT(ds_lineindex_status(ix, NULL), LL_OK);
		/* 4 bytes a line, plus the unused tail of each part's last chunk */
		CHECK(ds_lineindex_memory(ix) <= 4 * nv.n + 3 * (16384 * 4 + 64) + 4096);
		const char *l;
		size_t len;
		CHECK_INT(ds_lineindex_line(ix, nv.n, &l, &len), 0);
		ds_lineindex_close(ix);
	}
	struct ds_lineindex *ix;
	CHECK_INT(ds_lineindex_open_buffer(&ix, d, n, 1, NULL), LL_OK);
	ds_lineindex_wait(ix);
	CHECK_INT(ds_lineindex_count(ix), nv.n);
	CHECK_INT(compare_all(ix, d, &nv), 0);
	ds_lineindex_close(ix);
	unlink(path);
	naive_free(&nv);
}

/* Indexes d[0..n) as a file, foreground and background, and as a buffer,
 * scanned as one part and cut into three parts scanned by three threads
 * (LOGLAB_INDEX_PARTS; the cuts fall anywhere, inside lines and CRLFs). */
static void check_content(const char *name, const char *d, size_t n)
{
	for (int parts = 1; parts <= 3; parts += 2) {
		char v[16];
		snprintf(v, sizeof v, "%d", parts);
		setenv("LOGLAB_INDEX_PARTS", v, 1);
		check_content_once(name, d, n);
	}
	unsetenv("LOGLAB_INDEX_PARTS");
}

static void test_small_cases(void)
{
	check_content("empty", "", 0);
	check_content("three", "a\nbb\nccc\n", 9);
	check_content("nofinal", "a\nbb\nccc", 8);
	check_content("blank", "\n\n\n", 3);
	check_content("crlf", "one\r\ntwo\r\n\r\nfour\r\n", 19);
	check_content("crlf-nofinal", "one\r\ntwo\r", 9);
	check_content("lone-cr", "a\rb\nc\r\r\n", 8);
	check_content("single-nl", "\n", 1);
	check_content("single-char", "x", 1);
	/* Spot checks with literal expectations, not only the naive scan. */
	struct ds_lineindex *ix;
	CHECK_INT(ds_lineindex_open_buffer(&ix, "one\r\ntwo\r\n\r\nfour", 16, 0, NULL), LL_OK);
	CHECK_INT(ds_lineindex_count(ix), 4);
	const char *l;
	size_t n;
	CHECK(ds_lineindex_line(ix, 1, &l, &n) && n == 3 && memcmp(l, "two", 3) == 0);
	CHECK(ds_lineindex_line(ix, 2, &l, &n) && n == 0);
	CHECK(ds_lineindex_line(ix, 3, &l, &n) && n == 4 && memcmp(l, "four", 4) == 0);
	ds_lineindex_close(ix);
}

/* Random line lengths, some CRLF, crossing many chunk boundaries. */
static char *random_text(size_t lines, size_t *size, int final_newline)
{
	size_t cap = lines * 80 + 1024, n = 0;
	char *d = malloc(cap);
	for (size_t i = 0; i < lines; i++) {
		size_t len = rnd() % 10 == 0 ? rnd() % 2000 : rnd() % 120;
		if (n + len + 2 > cap) {
			cap = (n + len + 2) * 2;
			d = realloc(d, cap);
		}
		for (size_t k = 0; k < len; k++)
			d[n++] = (char)(' ' + rnd() % 94);
		if (rnd() % 7 == 0)
			d[n++] = '\r';
		d[n++] = '\n';
	}
	if (!final_newline && n)
		n--;
	*size = n;
	return d;
}

static void test_random(void)
{
	size_t n;
	/* 60,000 lines under valgrind (LL_VALGRIND): cut in three, each part
	 * still spans two 16384-line chunks */
	char *d = random_text(getenv("LL_VALGRIND") ? 60000 : 100000, &n, 1);
	check_content("random", d, n);
	free(d);
	d = random_text(40000, &n, 0);
	check_content("random-nofinal", d, n);
	free(d);
	/* the SSE2 scan (a CPU without AVX2) on the same shapes: blocks of no
	 * newline, of one and of several */
	setenv("LOGLAB_NO_AVX2", "1", 1);
	d = random_text(20000, &n, 1);
	check_content("random-sse2", d, n);
	free(d);
	unsetenv("LOGLAB_NO_AVX2");
}

static void test_long_line(void)
{
	/* 50 MB; 8 MB under valgrind or sanitizers, still 64 scan blocks */
	size_t n = (size_t)(ll_test_slow_build() ? 8 : 50) << 20;
	char *d = malloc(n + 16);
	memset(d, 'x', n);
	check_content("long-nofinal", d, n);
	d[n] = '\n';
	check_content("long", d, n + 1);
	memcpy(d + n + 1, "tail\n", 5);
	check_content("long-tail", d, n + 6);
	free(d);
}

/* Readers see a growing, always-correct prefix while the scan runs. */
static void test_read_while_scanning(void)
{
	size_t n;
	/* Under valgrind (LL_VALGRIND), where this took 19 s of CPU: 150,000
	 * lines (about 23 MB, each of three parts still several chunks), and
	 * one round each of one part and three parts; the release and ASan
	 * runs repeat them over 600,000 lines for more interleavings. */
	int vg = getenv("LL_VALGRIND") != NULL;
	char *d = random_text(vg ? 150000 : 600000, &n, 1);
	struct naive nv = naive_scan(d, n);
	const char *path = write_file("growing", d, n);
	size_t partial_seen = 0, bad = 0, went_down = 0;
	for (int round = 0; round < (vg ? 2 : 5); round++) {
		/* odd rounds: three parts, whose lines are published part by part */
		setenv("LOGLAB_INDEX_PARTS", round % 2 ? "3" : "1", 1);
		struct ds_lineindex *ix;
		CHECK_INT(ds_lineindex_open(&ix, path, 1, NULL), LL_OK);
		const char *base = ds_lineindex_data(ix);
		size_t last = 0;
		while (!ds_lineindex_done(ix)) {
			size_t c = ds_lineindex_count(ix);
			if (c < last)
				went_down++;
			last = c;
			if (c < nv.n)
				partial_seen++;
			const char *l;
			size_t len;
			/* The newest published line and one in the middle. */
			for (size_t k = 0; k < 2 && c; k++) {
				size_t i = k ? c - 1 : c / 2;
				if (!ds_lineindex_line(ix, i, &l, &len) || l != base + nv.start[i] || len != nv.len[i])
					bad++;
			}
			if (c < nv.n && ds_lineindex_line(ix, nv.n, &l, &len))
				bad++;
			if (ds_lineindex_scanned(ix) > n)
				bad++;
			/* a reader that polls gives way: under valgrind, whose
			 * threads take turns under one lock, a loop that never
			 * does could hold it while the scan waits (it ran for
			 * minutes on one host) */
			sched_yield();
		}
		CHECK_INT(ds_lineindex_count(ix), nv.n);
		CHECK_INT(compare_all(ix, d, &nv), 0);
		ds_lineindex_close(ix);
	}
	unsetenv("LOGLAB_INDEX_PARTS");
	CHECK_INT(bad, 0);
	CHECK_INT(went_down, 0);
	fprintf(stderr, "read while scanning: %zu partial observations\n", partial_seen);
	unlink(path);
	naive_free(&nv);
	free(d);
}

/* Closing mid-scan returns promptly; ASan/valgrind see no leak. */
static void test_close_while_scanning(void)
{
	/* 16 MB under valgrind or sanitizers, whose scan is slow enough to be
	 * caught midway */
	size_t n = (size_t)(ll_test_slow_build() ? 16 : 64) << 20;
	char *d = malloc(n);
	for (size_t i = 0; i < n; i++)
		d[i] = i % 61 == 60 ? '\n' : 'a';
	const char *path = write_file("close", d, n);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int round = 0; round < 20; round++) {
		struct ds_lineindex *ix;
		CHECK_INT(ds_lineindex_open(&ix, path, 1, NULL), LL_OK);
		ds_lineindex_close(ix);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* Generous even under valgrind; a hang would never get here. */
	CHECK((double)(t1.tv_sec - t0.tv_sec) < 120.0);
	unlink(path);
	free(d);
}

/* A file cut short while the background scan reads it: the scan stops
 * where the data ends and says so; the lines counted are right. (Whether
 * the cut lands before the scan ends depends on timing; both outcomes are
 * checked.) */
static void test_shrinking_file(void)
{
	size_t n = (size_t)32 << 20, keep = (size_t)1 << 20;
	char *d = malloc(n);
	for (size_t i = 0; i < n; i++)
		d[i] = i % 100 == 99 ? '\n' : 'a';
	const char *path = write_file("shrink", d, n);
	int cut_seen = 0;
	for (int round = 0; round < 4; round++) {
		setenv("LOGLAB_INDEX_PARTS", round % 2 ? "2" : "1", 1);
		FILE *f = fopen(path, "wb");
		CHECK(f && fwrite(d, 1, n, f) == n && fclose(f) == 0);
		struct ds_lineindex *ix;
		CHECK_INT(ds_lineindex_open(&ix, path, 1, NULL), LL_OK);
		CHECK_INT(truncate(path, (off_t)keep), 0);
		ds_lineindex_wait(ix);
		struct ll_err err;
		int st = ds_lineindex_status(ix, &err);
		size_t c = ds_lineindex_count(ix);
		if (st == LL_OK) {
			/* the whole file: 100-byte lines and a last one without '\n' */
			CHECK_INT(c, n / 100 + (n % 100 != 0));
		} else {
			cut_seen++;
			CHECK_INT(st, LL_EIO);
			CHECK(strstr(err.msg, "shrank") != NULL);
			CHECK(c <= n / 100);
			/* lines within the kept bytes are still right */
			const char *l;
			size_t len;
			size_t upto = c < keep / 100 ? c : keep / 100;
			for (size_t i = 0; i < upto; i += 997)
				CHECK(ds_lineindex_line(ix, i, &l, &len) && len == 99 && l[0] == 'a');
		}
		ds_lineindex_close(ix);
	}
	unsetenv("LOGLAB_INDEX_PARTS");
	fprintf(stderr, "shrinking file: the cut was seen in %d of 4 rounds\n", cut_seen);
	unlink(path);
	free(d);
}

static void test_errors(void)
{
	struct ds_lineindex *ix = (struct ds_lineindex *)1;
	struct ll_err err;
	char path[600];
	snprintf(path, sizeof path, "%s/missing.log", tmpdir);
	CHECK_INT(ds_lineindex_open(&ix, path, 0, &err), LL_EIO);
	CHECK(ix == NULL);
	CHECK(strstr(err.msg, "missing.log") && strstr(err.msg, "no such file"));
	CHECK_INT(ds_lineindex_open(&ix, tmpdir, 1, &err), LL_EIO);
	CHECK(strstr(err.msg, "directory") != NULL);
	static const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
	const char *p = write_file("x.log.gz", gz, sizeof gz - 1);
	CHECK_INT(ds_lineindex_open(&ix, p, 1, &err), LL_EDATA);
	CHECK(strstr(err.msg, "x.log.gz") && strstr(err.msg, "gzip"));
	unlink(p);
	if (geteuid() != 0) {
		p = write_file("secret.log", "a\n", 2);
		chmod(p, 0);
		CHECK_INT(ds_lineindex_open(&ix, p, 0, &err), LL_EIO);
		CHECK(strstr(err.msg, "permission denied") != NULL);
		unlink(p);
	}
}

/* A file of empty lines past LOGLAB_MEMORY_MAX: 256 KiB of entries hold
 * 65536 lines; 300000 newlines are refused with the numbers, in one part
 * or four, as a file or a buffer, foreground or background; 60000 pass. */
static void test_memory_limit(void)
{
	size_t n = 300000;
	char *d = malloc(n);
	if (!d)
		return;
	memset(d, '\n', n);
	const char *p = write_file("empty_lines.log", d, n);
	setenv("LOGLAB_MEMORY_MAX", "256K", 1);
	static const char *const parts[] = {"1", "4"};
	for (int k = 0; k < 2; k++) {
		setenv("LOGLAB_INDEX_PARTS", parts[k], 1);
		struct ds_lineindex *ix;
		struct ll_err err;
		CHECK_INT(ds_lineindex_open(&ix, p, 0, &err), LL_EDATA);
		CHECK(ix == NULL);
		CHECK(strstr(err.msg, "empty_lines.log: too many lines: ") != NULL);
		CHECK(strstr(err.msg, "the memory limit of 256 KiB (LOGLAB_MEMORY_MAX)") != NULL);
		CHECK_INT(ds_lineindex_open_buffer(&ix, d, n, 0, &err), LL_EDATA);
		CHECK_INT(ds_lineindex_open_buffer(&ix, d, n, 1, &err), LL_OK);
		ds_lineindex_wait(ix);
		CHECK(ds_lineindex_done(ix));
		CHECK_INT(ds_lineindex_status(ix, &err), LL_EDATA);
		CHECK(strstr(err.msg, "too many lines") != NULL);
		CHECK(ds_lineindex_count(ix) <= 65536);
		ds_lineindex_close(ix);
		CHECK_INT(ds_lineindex_open_buffer(&ix, d, 60000, 0, &err), LL_OK);
		CHECK_INT(ds_lineindex_count(ix), 60000);
		CHECK_INT(ds_lineindex_status(ix, &err), LL_OK);
		ds_lineindex_close(ix);
	}
	unsetenv("LOGLAB_INDEX_PARTS");
	unsetenv("LOGLAB_MEMORY_MAX");
	/* default limits: an index may outgrow its text only up to the floor
	 * (256 MiB, lowered here): 300000 newlines need 1.2 MB of entries */
	setenv("LOGLAB_INDEX_FLOOR", "64K", 1);
	struct ds_lineindex *ix;
	struct ll_err err;
	CHECK_INT(ds_lineindex_open(&ix, p, 0, &err), LL_EDATA);
	CHECK(strstr(err.msg, "empty_lines.log: too many lines: ") != NULL);
	CHECK(strstr(err.msg, "the size of the text (lines this short are no log); LOGLAB_MEMORY_MAX=SIZE") != NULL);
	/* a chosen LOGLAB_MEMORY_MAX lifts the rule */
	setenv("LOGLAB_MEMORY_MAX", "4M", 1);
	CHECK_INT(ds_lineindex_open(&ix, p, 0, &err), LL_OK);
	CHECK_INT(ds_lineindex_count(ix), n);
	ds_lineindex_close(ix);
	unsetenv("LOGLAB_MEMORY_MAX");
	/* ordinary lines never meet it */
	for (size_t i = 0; i < n; i++)
		d[i] = i % 50 == 49 ? '\n' : 'x';
	unlink(p); /* write_file's path buffer is reused below */
	p = write_file("long_lines.log", d, n);
	CHECK_INT(ds_lineindex_open(&ix, p, 0, &err), LL_OK);
	CHECK_INT(ds_lineindex_count(ix), n / 50);
	ds_lineindex_close(ix);
	unsetenv("LOGLAB_INDEX_FLOOR");
	unlink(p);
	free(d);
}

/* size zero bytes, readable and writable, that cost little memory or time
 * to read: untouched anonymous pages are not free on every kernel (some
 * back each page read with a real zeroed page: 4.5 GiB allocated and
 * cleared, half a minute of a loaded machine). One small zero-filled memfd
 * is mapped privately again and again instead; a write copies only the
 * page it lands on. The bytes the index reads are the same either way.
 * MAP_FAILED when the address space cannot be had. */
static char *zero_span(size_t size)
{
	const size_t block = (size_t)16 << 20;
	char *d = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (d == MAP_FAILED)
		return d;
	int fd = memfd_create("zeros", MFD_CLOEXEC);
	int ok = fd >= 0 && ftruncate(fd, (off_t)block) == 0;
	for (size_t off = 0; ok && off < size; off += block) {
		size_t len = size - off < block ? size - off : block;
		ok = mmap(d + off, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0) != MAP_FAILED;
	}
	if (fd >= 0)
		close(fd);
	if (ok)
		return d;
	/* no memfd: plain anonymous memory, correct but maybe slow */
	char *anon = mmap(d, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
	if (anon == MAP_FAILED)
		munmap(d, size);
	return anon;
}

/* Offsets past 4 GiB, in a chunk whose base is past 4 GiB and in one chunk
 * that spans more than 4 GiB (widened to 64-bit entries). */
static void test_beyond_4g(void)
{
	const char *pre = getenv("LD_PRELOAD");
	if (pre && strstr(pre, "vgpreload")) {
		fprintf(stderr, "beyond 4 GiB: skipped under valgrind\n");
		return;
	}
	size_t G = (size_t)1 << 30, size = 4 * G + G / 2;
	char *d = zero_span(size);
	if (d == MAP_FAILED) {
		fprintf(stderr, "beyond 4 GiB: cannot reserve address space, skipped\n");
		return;
	}
	/* Line 0 "ab"; line 1 runs from 3 to 4 GiB + 7 (zero bytes); then 20000
	 * lines of 9 'z' every 10 bytes; the rest is one line without '\n'. */
	size_t marks[20003], nm = 0;
	memcpy(d, "ab\n", 3);
	marks[nm++] = 2;
	d[4 * G + 7] = '\n';
	marks[nm++] = 4 * G + 7;
	for (size_t k = 0; k < 20000; k++) {
		size_t at = 4 * G + 8 + k * 10;
		memset(d + at, 'z', 9);
		d[at + 9] = '\n';
		marks[nm++] = at + 9;
	}
	marks[nm++] = size;  /* the unterminated last line */
	struct ds_lineindex *ix;
	CHECK_INT(ds_lineindex_open_buffer(&ix, d, size, 1, NULL), LL_OK);
	ds_lineindex_wait(ix);
	CHECK_INT(ds_lineindex_count(ix), nm);
	size_t bad = 0;
	for (size_t i = 0; i < nm; i++) {
		const char *l;
		size_t len, begin = i ? marks[i - 1] + 1 : 0;
		if (!ds_lineindex_line(ix, i, &l, &len) || l != d + begin || len != marks[i] - begin)
			bad++;
	}
	CHECK_INT(bad, 0);
	const char *l;
	size_t len;
	CHECK(ds_lineindex_line(ix, 1, &l, &len) && len == 4 * G + 4);
	CHECK(ds_lineindex_line(ix, 19999, &l, &len) && len == 9 && l[0] == 'z');
	ds_lineindex_close(ix);
	munmap(d, size);
}

/* Appends d[from, to) to ix in random steps, each ending at a '\n'
 * (to is one's end); data: the mapping to hand over (NULL: the current
 * one). Returns the lines added. */
static size_t append_steps(struct ds_lineindex *ix, const char *data, const char *d, size_t from, size_t to)
{
	size_t total = 0;
	while (from < to) {
		size_t want = from + 1 + (size_t)(rnd() % 20000), at = want < to ? want : to;
		while (at < to && d[at - 1] != '\n')
			at++;
		size_t added = 0;
		struct ll_err err;
		int rc = ds_lineindex_append(ix, data, from, d + from, at - from, &added, &err);
		CHECK_INT(rc, LL_OK);
		if (rc != LL_OK) {
			fprintf(stderr, "append at %zu: %s\n", from, err.msg);
			return total;
		}
		CHECK_INT(ds_lineindex_end(ix), at);
		total += added;
		from = at;
	}
	return total;
}

/* Tail mode: an index of the first bytes of a text, cut anywhere (inside
 * a line too: that line becomes whole), then appended to in steps, indexes
 * the whole text as a scan of it would; in one part and in three. */
static void test_append(void)
{
	size_t n;
	char *d = random_text(60000, &n, 1);
	struct naive nv = naive_scan(d, n);
	for (int parts = 1; parts <= 3; parts += 2) {
		char v[16];
		snprintf(v, sizeof v, "%d", parts);
		setenv("LOGLAB_INDEX_PARTS", v, 1);
		for (int round = 0; round < 4; round++) {
			/* cut: inside a line, just after a newline, at 0 bytes, all of it */
			size_t cut = round == 0 ? n / 3 + 7 : round == 1 ? n / 2 : round == 2 ? 0 : n;
			if (round == 1)
				while (cut < n && d[cut - 1] != '\n')
					cut++;
			struct ds_lineindex *ix;
			CHECK_INT(ds_lineindex_open_buffer(&ix, d, cut, round & 1, NULL), LL_OK);
			ds_lineindex_wait(ix);
			size_t before = ds_lineindex_count(ix), end = ds_lineindex_end(ix);
			CHECK(end <= cut);
			/* the index ends at the start of a line cut short */
			CHECK(end == 0 || d[end - 1] == '\n');
			size_t added = append_steps(ix, round == 3 ? NULL : d, d, end, n);
			CHECK_INT(ds_lineindex_count(ix), nv.n);
			/* a line cut short was a row already: it grew, it was not added */
			CHECK_INT(before + added, nv.n);
			CHECK_INT(compare_all(ix, d, &nv), 0);
			/* appended lines cost 4 bytes each too */
			CHECK(ds_lineindex_memory(ix) <= 4 * nv.n + 4 * (16384 * 4 + 64) + 4096);
			CHECK(ds_lineindex_memory(ix) >= 4 * nv.n);
			ds_lineindex_close(ix);
		}
	}
	unsetenv("LOGLAB_INDEX_PARTS");
	/* what is refused: not at the end, not ending with a newline */
	struct ds_lineindex *ix;
	struct ll_err err;
	size_t added = 9;
	CHECK_INT(ds_lineindex_open_buffer(&ix, "ab\ncd\n", 6, 0, NULL), LL_OK);
	CHECK_INT(ds_lineindex_append(ix, NULL, 3, "x\n", 2, &added, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "the index ends at byte 6") != NULL);
	CHECK_INT(ds_lineindex_append(ix, NULL, 6, "ef", 2, &added, &err), LL_EUSAGE);
	CHECK_INT(ds_lineindex_append(ix, NULL, 6, "", 0, &added, &err), LL_OK);
	CHECK_INT(added, 0);
	CHECK_INT(ds_lineindex_count(ix), 2);
	ds_lineindex_close(ix);
	naive_free(&nv);
	free(d);
}

/* A reader going over the lines while another thread appends: every line
 * below the count it saw is whole and right, but the last, which may be
 * one that had no newline yet and is read as far as it went. */
struct reader_arg {
	const struct ds_lineindex *ix;
	const char *d;
	const struct naive *nv;
	_Atomic int stop;
	size_t bad, reads;
};

static void *reader(void *p)
{
	struct reader_arg *a = p;
	uint64_t seed = 99;
	while (!atomic_load(&a->stop)) {
		size_t c = ds_lineindex_count(a->ix);
		for (int k = 0; k < 64 && c; k++) {
			size_t i = (size_t)(ll_test_xorshift(&seed) % c);
			const char *l;
			size_t len;
			a->reads++;
			if (!ds_lineindex_line(a->ix, i, &l, &len) || len > a->nv->len[i] ||
			    (i + 1 < c && len != a->nv->len[i]) || memcmp(l, a->d + a->nv->start[i], len) != 0)
				a->bad++;
		}
	}
	return NULL;
}

static void test_append_while_reading(void)
{
	size_t n;
	char *d = random_text(40000, &n, 1);
	struct naive nv = naive_scan(d, n);
	struct ds_lineindex *ix;
	CHECK_INT(ds_lineindex_open_buffer(&ix, d, n / 5 + 3, 0, NULL), LL_OK);
	struct reader_arg a = {.ix = ix, .d = d, .nv = &nv};
	atomic_init(&a.stop, 0);
	pthread_t th;
	CHECK_INT(pthread_create(&th, NULL, reader, &a), 0);
	append_steps(ix, NULL, d, ds_lineindex_end(ix), n);
	atomic_store(&a.stop, 1);
	pthread_join(th, NULL);
	CHECK_INT(a.bad, 0);
	CHECK_INT(compare_all(ix, d, &nv), 0);
	ds_lineindex_close(ix);
	naive_free(&nv);
	free(d);
}

/* A file indexed, then grown: the new bytes come with a new mapping of
 * the file, which the lines are read from from then on. */
static void test_append_file(void)
{
	size_t n;
	char *d = random_text(3000, &n, 1);
	struct naive nv = naive_scan(d, n);
	size_t cut = n / 2 + 5;
	const char *path = write_file("grow.log", d, cut);
	struct ds_lineindex *ix;
	struct ll_err err;
	CHECK_INT(ds_lineindex_open(&ix, path, 1, &err), LL_OK);
	ds_lineindex_wait(ix);
	write_file("grow.log", d, n);
	int fd = open(path, O_RDONLY);
	void *map = mmap(NULL, n, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(map != MAP_FAILED);
	if (map != MAP_FAILED) {
		append_steps(ix, map, d, ds_lineindex_end(ix), n);
		CHECK(ds_lineindex_data(ix) == map);
		CHECK_INT(ds_lineindex_count(ix), nv.n);
		CHECK_INT(compare_all(ix, d, &nv), 0);
	}
	ds_lineindex_close(ix);
	if (map != MAP_FAILED)
		munmap(map, n);
	close(fd);
	unlink(path);
	naive_free(&nv);
	free(d);
}

int main(void)
{
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/test_lineindex.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	test_small_cases();
	test_random();
	test_long_line();
	test_read_while_scanning();
	test_close_while_scanning();
	test_shrinking_file();
	test_errors();
	test_memory_limit();
	test_beyond_4g();
	test_append();
	test_append_while_reading();
	test_append_file();
	rmdir(tmpdir);
	TEST_MAIN_END();
}
