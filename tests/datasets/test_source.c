/*
 * test_source.c - datasets/ds_source.c: plain and gzip files (multi-member,
 * padded, truncated at every byte, corrupt, large), every way opening can
 * fail (missing, directory, FIFO, no permission), files of no stated size
 * (procfs, sysfs), line iteration (CRLF,
 * no final newline, blank lines) and the text/binary guess.
 */
#include "harness.h"

#include <time.h>

#include "ds_line_map.h"
#include "ds_source.h"
#include "ll_time.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

static char tmpdir[] = "/tmp/ll_test_source_XXXXXX";

static const char *tpath(const char *name)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static const char *put(const char *name, const void *content, size_t len)
{
	const char *path = tpath(name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(content, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(99);
	}
	return path;
}

/* gzip-compresses content in memory with zlib (gzip header: windowBits 31). */
static unsigned char *gz_bytes(const void *content, size_t len, size_t *outlen)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		exit(99);
	size_t cap = deflateBound(&z, (uLong)len) + 64;
	unsigned char *out = malloc(cap);
	z.next_in = (unsigned char *)content;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (!out || deflate(&z, Z_FINISH) != Z_STREAM_END)
		exit(99);
	*outlen = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static int open_src(const char *path, struct ds_source **src, struct ll_err *err)
{
	ll_err_clear(err);
	return ds_source_open(src, path, err);
}

static int same(const struct ds_source *src, const void *want, size_t n)
{
	return src->size == n && (n == 0 || memcmp(src->data, want, n) == 0);
}

static void test_plain(void)
{
	const char text[] = "first line\nsecond\r\nthird without newline";
	const char *p = put("plain.txt", text, sizeof text - 1);
	struct ds_source *src;
	struct ll_err err;
	int rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK)
		return;
	CHECK(same(src, text, sizeof text - 1));
	CHECK_INT(src->gzipped, 0);
	CHECK_INT(src->file_size, sizeof text - 1);
	CHECK_STR(src->path, p);
	struct stat st;
	stat(p, &st);
	CHECK_INT(src->mtime, st.st_mtime);
	ds_source_close(src);

	/* Empty: no data, no error. */
	p = put("empty.txt", "", 0);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(src->size, 0);
		CHECK(src->data == NULL);
		CHECK_INT(src->file_size, 0);
		ds_source_close(src);
	}
	ds_source_close(NULL);

	/* One byte: too short for gzip magic, read as plain. */
	p = put("one.txt", "\x1f", 1);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK(same(src, "\x1f", 1));
		ds_source_close(src);
	}
}

static void test_gzip(void)
{
	const char text[] = "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure\n"
			    "Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown\n";
	size_t n = sizeof text - 1, zn;
	unsigned char *z = gz_bytes(text, n, &zn);
	/* Detected by magic bytes, not by name. */
	const char *p = put("log.txt", z, zn);
	struct ds_source *src;
	struct ll_err err;
	int rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK(same(src, text, n));
		CHECK_INT(src->gzipped, 1);
		CHECK_INT(src->file_size, zn);
		ds_source_close(src);
	}

	/* Two members back to back (cat a.gz b.gz), then zero padding as tape
	 * and some tools leave. */
	unsigned char *two = malloc(2 * zn + 512);
	memcpy(two, z, zn);
	memcpy(two + zn, z, zn);
	memset(two + 2 * zn, 0, 512);
	p = put("two.gz", two, 2 * zn);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(src->size, 2 * n);
		CHECK(src->size == 2 * n && memcmp(src->data, text, n) == 0 && memcmp(src->data + n, text, n) == 0);
		ds_source_close(src);
	}
	p = put("padded.gz", two, 2 * zn + 512);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(src->size, 2 * n);
		ds_source_close(src);
	}

	/* Cut at every length from the magic bytes to one byte short: always
	 * a data error that says "truncated" and names the file; never a crash. */
	int all_truncated = 1, all_named = 1;
	for (size_t cut = 2; cut < zn; cut++) {
		p = put("cut.gz", z, cut);
		rc = open_src(p, &src, &err);
		if (rc != LL_EDATA || !strstr(err.msg, "truncated")) {
			all_truncated = 0;
			fprintf(stderr, "cut at %zu of %zu: rc %d: %s\n", cut, zn, rc, err.msg);
		}
		if (!strstr(err.msg, p))
			all_named = 0;
		if (rc == LL_OK)
			ds_source_close(src);
	}
	CHECK(all_truncated);
	CHECK(all_named);
	/* A whole first member and a cut second one is truncated too. */
	p = put("cut2.gz", two, zn + zn / 2);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "truncated") != NULL);

	/* Corrupt deflate data: a data error naming the file and "corrupt". */
	unsigned char *bad = malloc(zn);
	memcpy(bad, z, zn);
	for (size_t i = 12; i < zn - 8 && i < 40; i++)
		bad[i] ^= 0x5a;
	p = put("corrupt.gz", bad, zn);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, p) != NULL);
	CHECK(strstr(err.msg, "corrupt") != NULL);
	/* Damaged CRC in the trailer: zlib's "incorrect data check". */
	memcpy(bad, z, zn);
	bad[zn - 8] ^= 0xff;
	p = put("crc.gz", bad, zn);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "corrupt") != NULL);
	/* A member followed by junk that is not another member. */
	memcpy(two + zn, "not gzip at all", 15);
	p = put("junk.gz", two, zn + 15);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, p) != NULL);
	/* Only the magic and garbage. */
	p = put("magic.gz", "\x1f\x8bXXXXXXXXXXXXXXXX", 18);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, p) != NULL);
	free(bad);
	free(two);
	free(z);

	/* gzip of nothing: an empty source. */
	z = gz_bytes("", 0, &zn);
	p = put("nothing.gz", z, zn);
	free(z);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(src->size, 0);
		ds_source_close(src);
	}

	/* 24 MiB inflating from ~60 KB: the output buffer must grow many times.
	 * The content repeats a 64-byte pattern, checked byte by byte. */
	size_t big = (size_t)24 << 20;
	char *raw = malloc(big);
	for (size_t i = 0; i < big; i++)
		raw[i] = (i % 64 == 63) ? '\n' : (char)('a' + (i / 64 + i) % 26);
	z = gz_bytes(raw, big, &zn);
	p = put("big.gz", z, zn);
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(src->size, big);
		CHECK(same(src, raw, big));
		ds_source_close(src);
	}
	fprintf(stderr, "24 MiB inflated from %zu compressed bytes\n", zn);
	free(z);
	free(raw);
}

/* Runs ds_source_open(path) in a child under a watchdog, as uid when uid
 * is not (uid_t)-1; returns the child's exit status: 0 ok, 1 EACCES
 * reported right, 2 wrong, 3 setuid failed, else killed. */
static int child_open(const char *path, uid_t uid, int want_code, const char *want_text)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		alarm(10);
		if (uid != (uid_t)-1 && (setgid(uid) != 0 || setuid(uid) != 0))
			_exit(3);
		struct ds_source *src;
		struct ll_err err;
		int rc = open_src(path, &src, &err);
		if (rc == LL_OK) {
			ds_source_close(src);
			_exit(0);
		}
		if (rc == want_code && strstr(err.msg, want_text) && strstr(err.msg, path))
			_exit(1);
		fprintf(stderr, "child: rc %d: %s\n", rc, err.msg);
		_exit(2);
	}
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFSIGNALED(st)) {
		fprintf(stderr, "child killed by signal %d (hang or crash)\n", WTERMSIG(st));
		return 100 + WTERMSIG(st);
	}
	return WEXITSTATUS(st);
}

static void test_open_failures(void)
{
	struct ds_source *src = (struct ds_source *)1;
	struct ll_err err;
	const char *p = tpath("does-not-exist.log");
	int rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_EIO);
	CHECK(src == NULL);
	CHECK(strstr(err.msg, p) != NULL);
	CHECK(strstr(err.msg, "no such file") != NULL);
	CHECK_INT(err.code, LL_EIO);

	rc = open_src(tmpdir, &src, &err);
	CHECK_INT(rc, LL_EIO);
	CHECK(strstr(err.msg, tmpdir) != NULL);
	CHECK(strstr(err.msg, "directory") != NULL);

	/* A component that is a file. */
	put("afile", "x", 1);
	p = tpath("afile/sub");
	rc = open_src(p, &src, &err);
	CHECK_INT(rc, LL_EIO);
	CHECK(strstr(err.msg, p) != NULL);

	/* Not a regular file: a character device, and a FIFO with no writer,
	 * which must fail at once rather than block in open(). */
	rc = open_src("/dev/null", &src, &err);
	CHECK_INT(rc, LL_EIO);
	CHECK(strstr(err.msg, "/dev/null") != NULL);
	p = tpath("fifo");
	if (mkfifo(p, 0600) == 0) {
		CHECK_INT(child_open(p, (uid_t)-1, LL_EIO, "not a regular file"), 1);
	} else {
		fprintf(stderr, "SKIP (part): mkfifo failed: %s\n", strerror(errno));
	}

	/* Permission denied: a 0600 file of another owner. As root, only a
	 * child that drops to uid 65534 (nobody) can see the refusal. */
	p = put("secret.log", "secret\n", 7);
	if (getuid() == 0) {
		chmod(tmpdir, 0755);
		chmod(p, 0600);
		int r = child_open(p, 65534, LL_EIO, "permission denied");
		if (r == 3)
			fprintf(stderr, "SKIP (part): cannot setuid(65534) to test permission denied\n");
		else
			CHECK_INT(r, 1);
		chmod(tmpdir, 0700);
	} else {
		chmod(p, 0);
		CHECK_INT(child_open(p, (uid_t)-1, LL_EIO, "permission denied"), 1);
		chmod(p, 0600);
	}
}

/* Files whose stated size is not their content (procfs says 0, sysfs one
 * page it will not map) are read to their end: a process's own status
 * file holds its "Name:" line, not nothing. */
static void test_unsized(void)
{
	struct ds_source *src;
	struct ll_err err;
	struct stat st;
	if (stat("/proc/self/status", &st) != 0 || st.st_size != 0) {
		fprintf(stderr, "SKIP (part): no procfs file of size 0 at /proc/self/status\n");
	} else {
		int rc = open_src("/proc/self/status", &src, &err);
		CHECK_INT(rc, LL_OK);
		if (rc == LL_OK) {
			CHECK(src->size > 5);
			CHECK(src->data && memcmp(src->data, "Name:", 5) == 0);
			CHECK_INT(src->file_size, src->size);
			ds_source_close(src);
		}
	}
	const char *sys = "/sys/kernel/mm/transparent_hugepage/enabled";
	if (stat(sys, &st) != 0 || st.st_size == 0) {
		fprintf(stderr, "SKIP (part): no sysfs file at %s\n", sys);
		return;
	}
	int rc = open_src(sys, &src, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK(src->size > 0 && src->size < (size_t)st.st_size);
		CHECK(src->data && memchr(src->data, '[', src->size) != NULL);
		ds_source_close(src);
	}
}

/* A file of no stated size that holds binary bytes without end
 * (/proc/self/pagemap): refused as binary data from its first bytes, not
 * read to the memory limit; with any bytes allowed (a format named) it is
 * read within LOGLAB_MEMORY_MAX and refused there, naming the file. The
 * limit is small so that a failure ends soon. */
static void test_unsized_binary(void)
{
	const char *path = "/proc/self/pagemap";
	struct stat st;
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size != 0) {
		fprintf(stderr, "SKIP (part): no readable %s of size 0\n", path);
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	setenv("LOGLAB_MEMORY_MAX", "32M", 1);
	struct ds_source *src = NULL;
	struct ll_err err;
	int rc = ds_source_open(&src, path, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(rc != LL_OK && strstr(err.msg, path) == err.msg && strstr(err.msg, "binary data") != NULL);
	if (rc == LL_OK)
		ds_source_close(src);
	rc = ds_source_open_as(&src, path, 1, &err);
	CHECK(rc != LL_OK);
	CHECK(rc != LL_OK && strstr(err.msg, path) == err.msg && strstr(err.msg, "LOGLAB_MEMORY_MAX") != NULL);
	if (rc == LL_OK)
		ds_source_close(src);
	/* text of no stated size is still read, judged or not */
	for (int any = 0; any <= 1; any++) {
		rc = ds_source_open_as(&src, "/proc/self/status", any, &err);
		CHECK_INT(rc, LL_OK);
		if (rc == LL_OK) {
			CHECK(src->size > 5 && memcmp(src->data, "Name:", 5) == 0);
			ds_source_close(src);
		}
	}
	unsetenv("LOGLAB_MEMORY_MAX");
}

/* Collects every line of data as "[text]" joined, for exact comparison. */
static void lines_of(const char *data, size_t size, char *out, size_t cap, size_t *count)
{
	size_t pos = 0, o = 0, len;
	const char *line;
	*count = 0;
	out[0] = '\0';
	while (ds_source_next_line(data, size, &pos, &line, &len)) {
		o += (size_t)snprintf(out + o, cap - o, "[%.*s]", (int)len, line);
		(*count)++;
	}
}

static void test_lines(void)
{
	char buf[256];
	size_t n;
	lines_of("a\nb\n", 4, buf, sizeof buf, &n);
	CHECK_INT(n, 2);
	CHECK_STR(buf, "[a][b]");
	lines_of("a\r\nb\r\n", 6, buf, sizeof buf, &n);
	CHECK_INT(n, 2);
	CHECK_STR(buf, "[a][b]");
	/* No final newline: the last line still counts. */
	lines_of("a\r\nlast", 7, buf, sizeof buf, &n);
	CHECK_INT(n, 2);
	CHECK_STR(buf, "[a][last]");
	/* Blank lines are lines; a lone CR line is empty; only one CR is removed. */
	lines_of("\n\r\nx\r\r\n\n", 8, buf, sizeof buf, &n);
	CHECK_INT(n, 4);
	CHECK_STR(buf, "[][][x\r][]");
	lines_of("\n\n\n", 3, buf, sizeof buf, &n);
	CHECK_INT(n, 3);
	lines_of("", 0, buf, sizeof buf, &n);
	CHECK_INT(n, 0);
	lines_of(NULL, 0, buf, sizeof buf, &n);
	CHECK_INT(n, 0);
	/* A trailing lone CR with no newline is stripped too. */
	lines_of("end\r", 4, buf, sizeof buf, &n);
	CHECK_INT(n, 1);
	CHECK_STR(buf, "[end]");
	/* NUL bytes inside a line do not end it. */
	size_t pos = 0, len;
	const char *line;
	CHECK(ds_source_next_line("a\0b\nc", 5, &pos, &line, &len));
	CHECK_INT(len, 3);
	CHECK_INT(pos, 4);
	CHECK(ds_source_next_line("a\0b\nc", 5, &pos, &line, &len));
	CHECK_INT(len, 1);
	CHECK_INT(pos, 5);
	CHECK(!ds_source_next_line("a\0b\nc", 5, &pos, &line, &len));

	/* The same lines through a real CRLF file and its LF twin. */
	const char *crlf = "Jun 14 15:16:01 a\r\nJun 14 15:16:02 b\r\n";
	const char *lf = "Jun 14 15:16:01 a\nJun 14 15:16:02 b\n";
	char b1[256], b2[256];
	size_t n1, n2;
	struct ds_source *s1, *s2;
	struct ll_err err;
	if (open_src(put("crlf.log", crlf, strlen(crlf)), &s1, &err) == LL_OK) {
		if (open_src(put("lf.log", lf, strlen(lf)), &s2, &err) == LL_OK) {
			lines_of(s1->data, s1->size, b1, sizeof b1, &n1);
			lines_of(s2->data, s2->size, b2, sizeof b2, &n2);
			CHECK_INT(n1, 2);
			CHECK_INT(n2, 2);
			CHECK_STR(b1, b2);
			ds_source_close(s2);
		}
		ds_source_close(s1);
	}
}

/* The rule of ds_looks_like_text spelled byte by byte. */
static int text_by_bytes(const unsigned char *s, size_t n)
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++) {
		if (!s[i])
			return 0;
		bad += s[i] < 0x20 && !strchr("\n\r\t\f\x1b", s[i]);
	}
	return bad * 20 <= n;
}

/* Random buffers of every length and alignment, text with control bytes
 * and NULs here and there (the word-at-a-time scan must agree with the
 * byte rule, near either end of a word too). */
static void test_text_guess_random(void)
{
	unsigned char buf[200];
	uint64_t st = 4242;
	int disagree = 0;
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(ll_test_xorshift(&st) % 150), at = (size_t)(ll_test_xorshift(&st) % 9);
		unsigned rate = (unsigned)(ll_test_xorshift(&st) % 100); /* control bytes up to 10%: both answers */
		for (size_t i = 0; i < n; i++) {
			unsigned r = (unsigned)(ll_test_xorshift(&st) % 1000);
			buf[at + i] = r < rate ? (unsigned char)(ll_test_xorshift(&st) % 32)
					       : (unsigned char)(0x20 + ll_test_xorshift(&st) % 224);
		}
		if (ds_looks_like_text((const char *)buf + at, n) != text_by_bytes(buf + at, n))
			disagree++;
	}
	CHECK_INT(disagree, 0);
}

static void test_text_guess(void)
{
	test_text_guess_random();
	const char *t = "Jun 14 15:16:01 combo sshd: ok\n\tindented\r\n\x1b[1mbold\x1b[0m \xc3\xa9t\xc3\xa9\n";
	CHECK_INT(ds_looks_like_text(t, strlen(t)), 1);
	CHECK_INT(ds_looks_like_text("", 0), 1);
	CHECK_INT(ds_looks_like_text("abc\0def", 7), 0);
	/* Control bytes: 1 in 20 is tolerated, more is binary. */
	char b[40];
	memset(b, 'x', sizeof b);
	b[3] = 0x01;
	b[30] = 0x02;
	CHECK_INT(ds_looks_like_text(b, 40), 1);
	b[10] = 0x03;
	CHECK_INT(ds_looks_like_text(b, 40), 0);
	/* Invalid UTF-8 is still text (shown escaped later). */
	CHECK_INT(ds_looks_like_text("\xff\xfe\xc0 abc", 7), 1);
}

/* UTF-16 with a byte order mark, little- and big-endian, gzip'd or not,
 * reads as UTF-8: a surrogate pair is one code point, a lone surrogate
 * and an odd last byte are U+FFFD. */
static void test_utf16(void)
{
	/* "a\u00e9\u20ac\U0001F600\n" then a lone high surrogate, 'x', an odd byte */
	static const unsigned short units[] = {'a', 0xE9, 0x20AC, 0xD83D, 0xDE00, '\n', 0xD800, 'x'};
	const char want[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\n\xef\xbf\xbdx\xef\xbf\xbd";
	for (int le = 0; le <= 1; le++) {
		unsigned char b[64];
		size_t n = 0;
		b[n++] = le ? 0xFF : 0xFE;
		b[n++] = le ? 0xFE : 0xFF;
		for (size_t k = 0; k < sizeof units / sizeof *units; k++) {
			b[n++] = (unsigned char)(le ? units[k] & 0xFF : units[k] >> 8);
			b[n++] = (unsigned char)(le ? units[k] >> 8 : units[k] & 0xFF);
		}
		b[n++] = 'y'; /* half a unit */
		for (int gz = 0; gz <= 1; gz++) {
			size_t zn = n;
			unsigned char *z = gz ? gz_bytes(b, n, &zn) : NULL;
			const char *p = put(gz ? "utf16.log.gz" : "utf16.log", gz ? (const char *)z : (const char *)b, zn);
			struct ds_source *src;
			struct ll_err err;
			CHECK_INT(open_src(p, &src, &err), LL_OK);
			CHECK(same(src, want, sizeof want - 1));
			uint64_t off;
			CHECK_INT(ds_source_file_offset(src, &off), 0); /* not the file's bytes */
			ds_source_close(src);
			free(z);
		}
	}
	/* a lone byte order mark is an empty text, without data as the
	 * empty file has */
	const char *p = put("bom16.log", "\xff\xfe", 2);
	struct ds_source *src;
	struct ll_err err;
	CHECK_INT(open_src(p, &src, &err), LL_OK);
	CHECK_INT(src->size, 0);
	CHECK(src->data == NULL);
	ds_source_close(src);
}

/* UTF-16 without a byte order mark, as PowerShell's Out-File writes it:
 * the NUL in every unit, on one side, tells; binary data with NULs and a
 * short text are not taken for it. */
static void test_utf16_no_bom(void)
{
	const char *text = "2024-01-05 10:00:00 INFO service started\r\n2024-01-05 10:00:01 WARN disk at 91%\r\n";
	size_t tn = strlen(text);
	for (int le = 0; le <= 1; le++) {
		char b[256];
		for (size_t k = 0; k < tn; k++) {
			b[2 * k] = le ? text[k] : '\0';
			b[2 * k + 1] = le ? '\0' : text[k];
		}
		int bom = 7;
		CHECK_INT(ds_source_utf16(b, 2 * tn, &bom), le ? 'L' : 'B');
		CHECK_INT(bom, 0);
		const char *p = put(le ? "nobom_le.log" : "nobom_be.log", b, 2 * tn);
		struct ds_source *src;
		struct ll_err err;
		CHECK_INT(open_src(p, &src, &err), LL_OK);
		CHECK(same(src, text, tn));
		ds_source_close(src);
	}
	/* a mark says which, whatever follows */
	CHECK_INT(ds_source_utf16("\xfe\xff", 2, NULL), 'B');
	/* binary: NULs, but not text's pattern; too short to tell */
	unsigned char bin[512];
	for (size_t k = 0; k < sizeof bin; k++)
		bin[k] = (unsigned char)(k % 3 ? 0 : k * 7);
	CHECK_INT(ds_source_utf16((const char *)bin, sizeof bin, NULL), 0);
	CHECK_INT(ds_source_utf16("a\0b\0", 4, NULL), 0);
	CHECK_INT(ds_source_utf16("plain UTF-8 text, no NUL at all", 31, NULL), 0);
}

/* A yearless log's year: a preamble's date (journalctl's "-- Logs begin
 * at ..."), a dated line's near the start, else the file's modification
 * time's, or the year before when the last yearless stamp would then be
 * newer than the file, and a year less again when the last stamp is
 * earlier in the year than the first (the year turned in the file). The
 * modification time is set, so the answer does not hang on today. */
static void test_year(void)
{
	const double dec6 = ll_time_from_civil(2026, 12, 6, 12, 0, 0), jan2 = ll_time_from_civil(2027, 1, 2, 12, 0, 0);
	static const struct {
		const char *text;
		int year, in_january; /* mtime 2027-01-02 rather than 2026-12-06 */
	} cases[] = {
	    {"-- Logs begin at Wed 2019-10-02 02:18:24 UTC, end at Wed 2019-10-02 02:54:34 UTC. --\n"
	     "Oct 02 02:18:24 localhost kernel: Linux version 4.18.0\n", 2019, 0},
	    {"# generated 2016-11-28 21:17:40\nNov 28 21:17:40 h p: x\n", 2016, 0},
	    {"-- No entries --\n", 2026, 0},
	    {"Oct 02 02:18:24 localhost kernel: built 2011-01-01\n", 2026, 0},
	    {"-- bad date 2019-13-02 and 12019-10-02\n", 2026, 0},
	    /* a dated line before yearless ones: its year */
	    {"Nov 17 19:31:28 vm [APP] a.py[DEBUG]: x\n2015-11-17 19:31:23,021 - a.py[DEBUG]: y\n", 2015, 0},
	    {"[2024-01-31T13:53:45.673] error: x\n", 2024, 0},
	    /* newer than the file in its mtime's year: the year before; a day
	     * of slack for the stamps' zone */
	    {"Dec 10 06:55:46 h sshd[1]: x\nDec 10 11:04:45 h sshd[1]: y\n", 2025, 0},
	    {"Dec  7 06:55:46 h sshd[1]: x\n", 2026, 0},
	    {"Dec 28 06:55:46 h cron[1]: x\nDec 31 23:59:59 h cron[1]: y\n", 2026, 1},
	    /* the year turns in the file: the first line's year */
	    {"Dec 30 10:00:00 h p: a\nJan  1 00:00:01 h p: b\nJan  2 10:00:00 h p: c\n", 2026, 1},
	    {"[12-30 10:00:00.100] a\n[01-02 10:00:00.200] b\n", 2026, 1},
	    /* the line's own day with a year further on is its year, unless
	     * that puts the line after the file was written */
	    {"Mar  1 10:00:00 h p: backup due 2028-03-01\n", 2026, 0},
	    {"Mar  1 10:00:00 h p: backup of 2019-03-01\n", 2019, 0},
	    /* behind a priority, or a severity letter glued to the stamp */
	    {"<13>Dec 31 23:00:01 h p: a\n<13>Jan  1 00:00:01 h p: b\n", 2026, 1},
	    {"I1231 23:00:00.379774    7 a.go:1] a\nW0101 00:10:00.000001    7 a.go:2] b\n", 2026, 1},
	    {"E1210 06:55:46.000001    7 a.go:1] newer than the file\n", 2025, 0},
	    /* a clock alone says nothing of the year */
	    {"10:00:00 a\n09:00:00 b\n", 2027, 1},
	    /* written newest first, back by days: lines out of order, no
	     * new year (the reading turns it at a half-year step back only) */
	    {"Sep  6 23:08:09 h p: a\nSep  6 21:46:20 h p: b\nAug 22 10:00:00 h p: c\nAug 20 11:26:35 h p: d\n", 2026, 0},
	    /* ... whose newest line, its first, would be after the file */
	    {"Dec 13 08:15:18 h p: a\nDec 12 23:14:19 h p: b\nSep 25 10:38:11 h p: c\n", 2025, 0},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		const char *p = put("year.log", cases[k].text, strlen(cases[k].text));
		double mt = cases[k].in_january ? jan2 : dec6;
		struct timespec times[2] = {{(time_t)mt, 0}, {(time_t)mt, 0}};
		CHECK_INT(utimensat(AT_FDCWD, p, times, 0), 0);
		struct ds_source *src;
		struct ll_err err;
		CHECK_INT(open_src(p, &src, &err), LL_OK);
		CHECK_INT(ds_source_year(src), cases[k].year);
		ds_source_close(src);
	}
}

/* The year's turns counted as the reading turns it (ds_year_walk): a
 * half-year step back; across the lines between a long file's head and
 * tail, a step back of days too when neither steps back itself (an
 * ordered log whose middle crossed a new year), not in a log written
 * newest first. */
static void test_year_walk(void)
{
	static const struct {
		double v[6]; /* days of the year; -1: lines unseen */
		int turns;
	} cases[] = {
	    {{250, 249, 233, 232, 0, 0}, 0},   /* newest first, back by 17 days */
	    {{360, 364, 1, 2, 0, 0}, 1},       /* Dec to Jan */
	    {{120, 121, -1, 2, 3, 0}, 1},      /* May .. unseen .. Jan */
	    {{250, 240, -1, 10, 5, 0}, 1},     /* a half-year step back is a turn, over a gap too */
	    {{250, 240, -1, 230, 225, 0}, 0},  /* newest first, long */
	    {{10, 200, 5, 190, 3, 0}, 1},      /* two half-year steps back: once (a file's first year) */
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		struct ds_year_walk w = {0};
		for (size_t i = 0; i < 6 && cases[k].v[i]; i++) {
			if (cases[k].v[i] < 0)
				ds_year_walk_gap(&w);
			else
				ds_year_walk_stamp(&w, cases[k].v[i] * 86400.0);
		}
		CHECK_INT(ds_year_walk_turned(&w), cases[k].turns);
	}
	/* a file longer than the tail read: a head in May, a tail in January
	 * (copied February 1): the year turned in it; written newest first
	 * (September's head, August's tail, copied December 6), it did not */
	const double dec6 = ll_time_from_civil(2026, 12, 6, 12, 0, 0), feb1 = ll_time_from_civil(2027, 2, 1, 12, 0, 0);
	for (int newest_first = 0; newest_first < 2; newest_first++) {
		size_t cap = 64 << 10, n = 0;
		char *text = malloc(cap);
		for (int i = 0; i < 1000 && text; i++) {
			const char *mon = newest_first ? (i < 500 ? "Sep" : "Aug") : (i < 500 ? "May" : "Jan");
			int day = newest_first ? 28 - i % 500 / 20 : 1 + i % 500 / 20;
			n += (size_t)snprintf(text + n, cap - n, "%s %2d 10:00:%02d h p: line %d of the log\n", mon, day, i % 60, i);
		}
		CHECK(n > 32768 && n < cap);
		const char *p = put("long.log", text, n);
		double mt = newest_first ? dec6 : feb1;
		struct timespec times[2] = {{(time_t)mt, 0}, {(time_t)mt, 0}};
		CHECK_INT(utimensat(AT_FDCWD, p, times, 0), 0);
		struct ds_source *src;
		struct ll_err err;
		CHECK_INT(open_src(p, &src, &err), LL_OK);
		CHECK_INT(ds_source_year(src), 2026);
		ds_source_close(src);
		free(text);
	}
}

/* A date in the file's name gives the year before its modification time
 * (a clone's, set here to 2019) when the first yearless stamp lies near
 * it in some year; the lines' own evidence still comes first; a name
 * date far from the stamps (a report's, a release's) is left alone. A
 * note says when the name gave the year. */
static void test_year_from_name(void)
{
	const double copied = ll_time_from_civil(2019, 3, 1, 12, 0, 0);
	static const struct {
		const char *name, *text;
		int year;
		enum ds_year_evidence by;
	} cases[] = {
	    {"2023-07-15T21:18:51-kubelet.log.txt", "Jul 16 02:08:52 kind-worker kubelet[274]: x\n", 2023, DS_YEAR_BY_NAME},
	    {"2023-07-15T21:18:51-klog.log", "I0716 02:15:35.910651     274 a.go:1] x\n", 2023, DS_YEAR_BY_NAME},
	    /* a rotation date after the lines (logrotate's dateext): the
	     * year before the name's for December's lines */
	    {"syslog-20240105", "Dec 29 06:25:01 h CRON[1]: x\nJan  5 06:25:01 h CRON[1]: y\n", 2023, DS_YEAR_BY_NAME},
	    {"server.log.2016-12-19-16", "Dec 19 16:00:01 h p: x\n", 2016, DS_YEAR_BY_NAME},
	    {"app-20210110.log", "Jan 10 00:00:01 h p: x\n", 2021, DS_YEAR_BY_NAME},
	    /* not near: the modification time's year */
	    {"report-2023-01-10.log", "Jul 16 02:08:52 h p: x\n", 2018, DS_YEAR_BY_MTIME},
	    /* no date in the name, a date of no day, a preamble's year */
	    {"kubelet.log", "Jul 16 02:08:52 h p: x\n", 2018, DS_YEAR_BY_MTIME},
	    {"build-12345678.log", "Jul 16 02:08:52 h p: x\n", 2018, DS_YEAR_BY_MTIME},
	    {"2023-07-15-journal.txt", "-- Logs begin at Wed 2021-07-14 02:18:24 UTC. --\nJul 16 02:08:52 h p: x\n", 2021,
	     DS_YEAR_BY_LINES},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		const char *p = put(cases[k].name, cases[k].text, strlen(cases[k].text));
		struct timespec times[2] = {{(time_t)copied, 0}, {(time_t)copied, 0}};
		CHECK_INT(utimensat(AT_FDCWD, p, times, 0), 0);
		struct ds_source *src;
		struct ll_err err;
		CHECK_INT(open_src(p, &src, &err), LL_OK);
		enum ds_year_evidence by = DS_YEAR_BY_LINES;
		CHECK_INT(ds_source_year_from(src, &by), cases[k].year);
		CHECK_INT(by, cases[k].by);
		CHECK_INT(ds_source_year(src), cases[k].year);
		CHECK_INT(ds_source_note_year(src, cases[k].year, &err), LL_OK);
		CHECK_INT(src->note != NULL, cases[k].by == DS_YEAR_BY_NAME);
		if (src->note)
			CHECK(strstr(src->note, cases[k].name) && strstr(src->note, "date in the file's name"));
		/* a year the user gave is not the name's: no note */
		free(src->note);
		src->note = NULL;
		CHECK_INT(ds_source_note_year(src, 1999, &err), LL_OK);
		CHECK(src->note == NULL);
		ds_source_close(src);
		remove(p);
	}
}

/* The year of a file whose start has no newline for megabytes (binary
 * data, a sparse file, one huge line) is found from its head alone: the
 * bytes past 2 MiB are a page no one may read, so a look through the whole
 * file faults (every look for the year read it whole before). */
static void test_year_head_only(void)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t readable = (size_t)2 << 20, size = readable + (size_t)page;
	char *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED);
	if (m == MAP_FAILED)
		return;
	const char line[] = "Jul 16 02:08:52 host app: a yearless stamp, then a line of megabytes ";
	memcpy(m, line, sizeof line - 1);
	memset(m + sizeof line - 1, 'x', readable - (sizeof line - 1));
	CHECK_INT(mprotect(m + readable, (size_t)page, PROT_NONE), 0);
	struct ds_source src = {0};
	src.path = (char *)"app-20260716.log";
	src.data = m;
	src.size = size;
	src.mtime = 1784160000; /* 2026-07-16 */
	enum ds_year_evidence by;
	CHECK_INT(ds_source_year_from(&src, &by), 2026);
	munmap(m, size);
}

/* ds_strip_escapes: colours, cursor moves, titles and links go; a lone
 * ESC, an unfinished sequence and other bytes stay. */
static void test_strip_escapes(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"\x1b[1;31mERROR\x1b[0m disk", "ERROR disk"},
		{"a\x1b[2Kb\x1b[10;5Hc", "abc"},
		{"\x1b]0;title\x07x\x1b]8;;http://h/\x1b\\y", "xy"},
		{"esc \x1b alone", "esc \x1b alone"},
		{"cut \x1b[12", "cut \x1b[12"},
		{"no codes", "no codes"},
		{"", ""},
		/* concealed text (SGR 8) goes with its codes, up to a reveal or
		 * the line's end; a colour's numbers 8 conceal nothing */
		{"\x1b[8mha:////4AbC=\x1b[0m[Pipeline] sh", "[Pipeline] sh"},
		{"a\x1b[8mb\x1b[28mc\x1b[1;8md\x1b[me", "ace"},
		{"\x1b[8mto the end\nnext", "\nnext"},
		{"a\x1b[38;5;8mb\x1b[0mc\x1b[38;2;8;8;8md\x1b[48:5:8me", "abcde"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		char buf[64];
		size_t n = strlen(cases[k].in);
		memcpy(buf, cases[k].in, n);
		n = ds_strip_escapes(buf, n);
		buf[n] = 0;
		CHECK_STR(buf, cases[k].out);
	}
}

/* ds_escape_conceals: which sequences conceal, reveal or change nothing */
static void test_escape_conceals(void)
{
#define CONCEALS(seq, before) ds_escape_conceals((const unsigned char *)(seq), strlen(seq), before)
	CHECK_INT(CONCEALS("\x1b[8m", 0), 1);
	CHECK_INT(CONCEALS("\x1b[1;8m", 0), 1);
	CHECK_INT(CONCEALS("\x1b[0m", 1), 0);
	CHECK_INT(CONCEALS("\x1b[m", 1), 0);
	CHECK_INT(CONCEALS("\x1b[28m", 1), 0);
	CHECK_INT(CONCEALS("\x1b[8;0m", 0), 0); /* the last word counts */
	CHECK_INT(CONCEALS("\x1b[1m", 1), 1);   /* bold: no change */
	CHECK_INT(CONCEALS("\x1b[38;5;8m", 0), 0);
	CHECK_INT(CONCEALS("\x1b[48;2;8;8;8m", 0), 0);
	CHECK_INT(CONCEALS("\x1b[38;5;1;8m", 0), 1); /* the colour, then concealing */
	CHECK_INT(CONCEALS("\x1b[8K", 0), 0);        /* not SGR */
	CHECK_INT(CONCEALS("\x1b]0;8\x07", 1), 1);   /* a title */
#undef CONCEALS
}

/* Text with lines ended by CR alone, or with terminal codes, is mended as
 * it is read; binary data (a zip, an array: NUL bytes) that holds a CR or
 * ESC bytes by chance is read byte for byte. */
static void test_binary_left_alone(void)
{
	CHECK(ds_cr_only_sniff("a\rb\rc\r", 6));
	CHECK(!ds_cr_only_sniff("a\r\nb", 4));
	CHECK(!ds_cr_only_sniff("PK\3\4\0\r\x1b[1m", 10));
	CHECK(ds_escapes_sniff("\x1b[1mA\x1b[0m", 9));
	CHECK(!ds_escapes_sniff("\0\x1b[1mA\x1b[0m", 10));
	const unsigned char bin[] = {'P', 'K', 3, 4, 0, 0, '\r', 0x1b, '[', '1', 'm', 'x', 0x1b, '[', '0', 'm', 0, '\r', 7};
	const char *path = put("blob.bin", bin, sizeof bin);
	struct ds_source *src = NULL;
	struct ll_err err;
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	CHECK(src && src->size == sizeof bin && memcmp(src->data, bin, sizeof bin) == 0);
	ds_source_close(src);
}

/* A text made from a file keeps the file's name, times and size, its own
 * bytes and line map, and owns nothing: the file closes as usual after. */
static void test_made_from(void)
{
	const char *path = put("made.log", "#Fields: a b\n1 2\n", 17);
	struct ds_source *src = NULL;
	struct ll_err err;
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	if (!src)
		return;
	static const char csv[] = "a,b\n1,2\n";
	struct ds_line_map map = {0};
	ds_line_map_add(&map, csv, 4, 1);
	ds_line_map_add(&map, csv + 4, 4, 2);
	struct ds_source part = ds_source_made_from(src, csv, sizeof csv - 1, &map);
	CHECK_STR(part.path, src->path);
	CHECK(part.data == csv && part.size == sizeof csv - 1);
	CHECK(part.mtime == src->mtime && part.file_size == src->file_size);
	CHECK(!part.gzipped && !part.mapped && part.map == NULL && part.map_len == 0 && part.owned == NULL);
	CHECK(part.line_map == &map);
	CHECK_INT(ds_line_map_at(part.line_map, 2), 2);
	CHECK(ds_source_made_from(src, csv, 0, NULL).line_map == NULL);
	ds_line_map_free(&map);
	ds_source_close(src);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	test_plain();
	test_gzip();
	test_open_failures();
	test_unsized();
	test_unsized_binary();
	test_lines();
	test_text_guess();
	test_utf16();
	test_utf16_no_bom();
	test_year();
	test_year_walk();
	test_year_from_name();
	test_year_head_only();
	test_strip_escapes();
	test_escape_conceals();
	test_binary_left_alone();
	test_made_from();
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", tmpdir);
	TEST_MAIN_END();
}
