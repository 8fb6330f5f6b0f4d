/*
 * tests/datasets/test_archive.c - tar archives opened as the folder they
 * hold (datasets/ds_archive.h): ustar with a prefix, GNU long names, pax
 * paths, folders, a gzip'd archive; links and names outside the folder
 * left out and counted; leading '/' stripped; a truncated archive and a
 * damaged header refused with no folder left behind; the cache reused,
 * and a changed archive extracted anew; member times kept; a fleet made
 * of the archive. Archives are written here header by header.
 */
#include "harness.h"

#include "ds_archive.h"
#include "ds_fleet.h"
#include "ds_zip.h"
#include "zip_build.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdint.h>
#include <zlib.h>

static char tmpdir[512];

/* One ustar header (and data, padded) of type t named name (prefix pre). */
static void member(struct buf *b, const char *pre, const char *name, char t, const char *data, size_t n,
		   const char *link)
{
	unsigned char h[512];
	memset(h, 0, sizeof h);
	snprintf((char *)h, 100, "%s", name);
	snprintf((char *)h + 100, 8, "%07o", 0644);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	char sz[32];
	snprintf(sz, sizeof sz, "%011o", (unsigned)n); /* the tests' members are small */
	memcpy(h + 124, sz, 12);
	snprintf((char *)h + 136, 12, "%011o", 1700000000);
	h[156] = (unsigned char)t;
	if (link)
		snprintf((char *)h + 157, 100, "%s", link);
	memcpy(h + 257, "ustar\0" "00", 8);
	if (pre)
		snprintf((char *)h + 345, 155, "%s", pre);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	put(b, h, 512);
	put(b, data, n);
	static const unsigned char zero[512];
	put(b, zero, (512 - n % 512) % 512);
}

static void end(struct buf *b)
{
	static const unsigned char zero[1024];
	put(b, zero, sizeof zero);
}

static const char *write_file(const char *name, const void *d, size_t n)
{
	return ll_test_put_bytes(tmpdir, name, d, n);
}

static int exists(const char *dir, const char *rel)
{
	char p[1200];
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	struct stat st;
	return lstat(p, &st) == 0;
}

static size_t count_parts(const char *base)
{
	DIR *d = opendir(base);
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strstr(e->d_name, ".part-") != NULL;
	if (d)
		closedir(d);
	return n;
}

static const char *log_text =
	"Jan  1 00:00:00 web1 sshd[1]: Accepted publickey for root\n"
	"Jan  1 00:00:01 web1 sshd[1]: session opened for user root\n";

static void test_members(void)
{
	struct buf b = {0};
	size_t n = strlen(log_text);
	member(&b, NULL, "./", '5', "", 0, NULL);
	member(&b, NULL, "bundle/", '5', "", 0, NULL);
	member(&b, "bundle/var/log", "syslog", '0', log_text, n, NULL);
	/* GNU long name: the next header's name */
	char longname[300];
	snprintf(longname, sizeof longname, "bundle/%0200d/app.log", 0);
	member(&b, NULL, "././@LongLink", 'L', longname, strlen(longname) + 1, NULL);
	member(&b, NULL, "truncated-name", '0', log_text, n, NULL);
	/* pax: path from the extended header */
	char pax[128];
	int pl = snprintf(pax, sizeof pax, "xx path=bundle/pax/kern.log\n");
	char rec[128];
	snprintf(rec, sizeof rec, "%d path=bundle/pax/kern.log\n", pl);
	member(&b, NULL, "PaxHeaders/kern.log", 'x', rec, strlen(rec), NULL);
	member(&b, NULL, "bundle/pax/wrong-name", '0', log_text, n, NULL);
	member(&b, NULL, "bundle/link", '2', "", 0, "/etc/passwd");
	member(&b, NULL, "../escape.log", '0', log_text, n, NULL);
	member(&b, NULL, "/abs/rooted.log", '0', log_text, n, NULL);
	end(&b);
	const char *path = write_file("bundle.tar", b.p, b.n);
	CHECK(ds_archive_is(path));
	char *dir = NULL, *note = NULL;
	struct ll_err err;
	CHECK_INT(ds_archive_extract(path, &dir, &note, &err), LL_OK);
	if (dir) {
		CHECK(exists(dir, "bundle/var/log/syslog"));
		snprintf(longname, sizeof longname, "bundle/%0200d/app.log", 0);
		CHECK(exists(dir, longname));
		CHECK(exists(dir, "bundle/pax/kern.log") && !exists(dir, "bundle/pax/wrong-name"));
		CHECK(!exists(dir, "bundle/link"));
		CHECK(exists(dir, "abs/rooted.log"));
		char esc[700];
		snprintf(esc, sizeof esc, "%s/../escape.log", dir);
		struct stat st;
		CHECK(stat(esc, &st) != 0);
		/* the member's time, for syslog's year */
		char p[1200];
		snprintf(p, sizeof p, "%s/bundle/var/log/syslog", dir);
		CHECK(stat(p, &st) == 0 && st.st_mtime == 1700000000 && st.st_size == (off_t)n);
	}
	CHECK(note && strstr(note, "a tar archive of 4 files") && strstr(note, "1 link or device") &&
	      strstr(note, "1 name outside"));
	/* opened again: the same folder, not extracted again */
	char *dir2 = NULL;
	if (dir) {
		char p[1200];
		snprintf(p, sizeof p, "%s/bundle/var/log/syslog", dir);
		unlink(p); /* were it extracted again, the file would be back */
		CHECK_INT(ds_archive_extract(path, &dir2, NULL, &err), LL_OK);
		CHECK(dir2 && strcmp(dir, dir2) == 0 && !exists(dir2, "bundle/var/log/syslog"));
		free(dir2);
		/* changed since: a new folder */
		struct stat st;
		stat(path, &st);
		struct timespec ts[2] = {{st.st_mtime + 10, 0}, {st.st_mtime + 10, 0}};
		utimensat(AT_FDCWD, path, ts, 0);
		CHECK_INT(ds_archive_extract(path, &dir2, NULL, &err), LL_OK);
		CHECK(dir2 && strcmp(dir, dir2) != 0 && exists(dir2, "bundle/var/log/syslog"));
		free(dir2);
	}
	/* a fleet of the archive: its files, their rows */
	struct ds_fleet_list *l = NULL;
	const char *spec = path;
	CHECK(ds_fleet_is_spec(path));
	CHECK_INT(ds_fleet_find(&spec, 1, &l, &err), LL_OK);
	if (l) {
		CHECK_INT(l->n, 4);
		int noted = 0;
		for (size_t i = 0; i < l->nnotes; i++)
			noted |= strstr(l->notes[i], "a tar archive of 4 files") != NULL;
		CHECK(noted);
	}
	ds_fleet_list_free(l);
	free(dir);
	free(note);
	free(b.p);
}

/* The archive gzip'd: the same files. */
static void test_compressed(void)
{
	struct buf b = {0};
	member(&b, NULL, "logs/a.log", '0', log_text, strlen(log_text), NULL);
	end(&b);
	char gzpath[600];
	snprintf(gzpath, sizeof gzpath, "%s/logs.tgz", tmpdir);
	gzFile g = gzopen(gzpath, "wb");
	CHECK(g && gzwrite(g, b.p, (unsigned)b.n) == (int)b.n && gzclose(g) == Z_OK);
	CHECK(ds_archive_is(gzpath));
	char *dir = NULL;
	struct ll_err err;
	CHECK_INT(ds_archive_extract(gzpath, &dir, NULL, &err), LL_OK);
	CHECK(dir && exists(dir, "logs/a.log"));
	free(dir);
	free(b.p);
}

/* Cut short, or a header that does not check: refused, nothing left. */
static void test_damaged(void)
{
	struct buf b = {0};
	char big[5000];
	memset(big, 'x', sizeof big);
	member(&b, NULL, "a.log", '0', big, sizeof big, NULL);
	member(&b, NULL, "b.log", '0', log_text, strlen(log_text), NULL);
	end(&b);
	char *dir = NULL;
	struct ll_err err;
	const char *cut = write_file("cut.tar", b.p, 512 + 2000);
	CHECK(ds_archive_is(cut));
	CHECK_INT(ds_archive_extract(cut, &dir, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "cut.tar: truncated archive: a.log ends early") != NULL);
	b.p[512 + 5120 + 20] ^= 0x55; /* in b.log's header */
	const char *bad = write_file("bad.tar", b.p, b.n);
	CHECK_INT(ds_archive_extract(bad, &dir, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "bad.tar: damaged archive: header 2") != NULL);
	char base[700];
	snprintf(base, sizeof base, "%s/cache/loglab/archives", tmpdir);
	CHECK_INT(count_parts(base), 0);
	/* not archives */
	CHECK(!ds_archive_is(write_file("t.log", log_text, strlen(log_text))));
	unsigned char zeros[1024] = {0};
	CHECK(!ds_archive_is(write_file("z.bin", zeros, sizeof zeros)));
	CHECK(!ds_archive_is(tmpdir));
	free(b.p);
}


/* ---- zip, written entry by entry ---- */

/* A zip: stored and deflated members, folders made, a link, an encrypted
 * member and a name outside left out; a CRC that does not check and a
 * cut archive refused. */
static void test_zip(void)
{
	const struct zent ok[] = {
		{"ci/build/step1.log", "Jan  1 00:00:00 runner build[1]: compiling\n", 0, 0, 0, 0},
		{"ci/test/step2.log", "Jan  1 00:00:05 runner test[2]: 3 tests failed\n", 1, 0, 0, 0},
		{"ci/current", "ci/test", 0, 0, 1, 0},
		{"ci/secret.log", "xx", 0, 1, 0, 0},
		{"../outside.log", "Jan  1 00:00:00 a b: c\n", 0, 0, 0, 0},
	};
	struct buf b = {0};
	zip_of(&b, ok, 5);
	const char *path = write_file("run.zip", b.p, b.n);
	CHECK(ds_archive_is(path));
	char *dir = NULL, *note = NULL;
	struct ll_err err;
	CHECK_INT(ds_archive_extract(path, &dir, &note, &err), LL_OK);
	if (dir) {
		CHECK(exists(dir, "ci/build/step1.log") && exists(dir, "ci/test/step2.log"));
		CHECK(!exists(dir, "ci/current") && !exists(dir, "ci/secret.log"));
		char p[1200];
		snprintf(p, sizeof p, "%s/ci/test/step2.log", dir);
		FILE *f = fopen(p, "r");
		char line[128] = "";
		CHECK(f && fgets(line, sizeof line, f) && strstr(line, "3 tests failed"));
		if (f)
			fclose(f);
	}
	CHECK(note && strstr(note, "a zip archive of 2 files") && strstr(note, "1 link or device") &&
	      strstr(note, "1 name outside") && strstr(note, "1 encrypted or unreadable member"));
	free(dir);
	free(note);
	/* a member whose CRC does not check */
	const struct zent bad[] = {{"a.log", "Jan  1 00:00:00 h p: x\n", 1, 0, 0, 1}};
	b.n = 0;
	zip_of(&b, bad, 1);
	CHECK_INT(ds_archive_extract(write_file("bad.zip", b.p, b.n), &dir, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "bad.zip: damaged zip: a.log fails its CRC-32 check") != NULL);
	/* cut: no end record */
	b.n = 0;
	zip_of(&b, ok, 2);
	CHECK_INT(ds_archive_extract(write_file("cut.zip", b.p, b.n - 30), &dir, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "cut.zip: damaged zip: no end record") != NULL);
	free(b.p);
}

/* End records that lie: shorter than one, and a ZIP64 locator pointing
 * into the last bytes of a file too short for the record it names (found
 * by tests/fuzz/fuzz_archive: both read past the mapping). Each buffer is
 * allocated to its exact size so ASan and valgrind see any overread. */
static void test_zip_bounds(void)
{
	struct ds_unpack_tally t;
	struct ll_err err;
	char root[600];
	snprintf(root, sizeof root, "%s/bounds", tmpdir);
	mkdir(root, 0700);
	unsigned char *tiny = malloc(10);
	memcpy(tiny, "PK\5\6\0\0\0\0\0\0", 10);
	memset(&t, 0, sizeof t);
	CHECK_INT(ds_zip_extract("tiny.zip", tiny, 10, root, &t, &err), LL_EDATA);
	CHECK(strstr(err.msg, "tiny.zip: damaged zip: 10 bytes, shorter than its end record") != NULL);
	free(tiny);

	struct buf b = {0};
	le(&b, 0x07064b50, 4); /* ZIP64 locator */
	le(&b, 0, 4);
	le(&b, 40, 4); /* the ZIP64 end record's offset: 2 bytes before the end */
	le(&b, 0, 4);
	le(&b, 1, 4);
	le(&b, 0x06054b50, 4); /* end record */
	for (int i = 0; i < 9; i++)
		le(&b, 0, 2);
	CHECK_INT(b.n, 42);
	unsigned char *z = malloc(b.n);
	memcpy(z, b.p, b.n);
	memset(&t, 0, sizeof t);
	CHECK_INT(ds_zip_extract("z64.zip", z, b.n, root, &t, &err), LL_EDATA);
	CHECK(strstr(err.msg, "z64.zip: damaged zip: its ZIP64 end record is missing") != NULL);
	free(z);
	free(b.p);
}

/* ds_unpack's helpers alone: names kept under the root, folders made,
 * member files created through no link and never past PATH_MAX, written
 * whole (a full disk said as ENOSPC) and given the member's time. */
static void test_unpack_helpers(void)
{
	char out[256];
	CHECK_INT(ds_unpack_safe_name("/var/log/./syslog", out, sizeof out), 1);
	CHECK_STR(out, "var/log/syslog");
	CHECK_INT(ds_unpack_safe_name("logs/../../etc/passwd", out, sizeof out), 0);
	CHECK_INT(ds_unpack_safe_name("./", out, sizeof out), 0);
	/* the folder itself, as `tar -C DIR .` writes it first, is no name outside */
	CHECK_INT(ds_unpack_is_root("./"), 1);
	CHECK_INT(ds_unpack_is_root("."), 1);
	CHECK_INT(ds_unpack_is_root("/"), 1);
	CHECK_INT(ds_unpack_is_root("././/"), 1);
	CHECK_INT(ds_unpack_is_root("../"), 0);
	CHECK_INT(ds_unpack_is_root(".."), 0);
	CHECK_INT(ds_unpack_is_root("./.x"), 0);
	CHECK_INT(ds_unpack_is_root("./var/"), 0);
	CHECK_INT(ds_unpack_is_root(""), 0);
	char root[600], file[1200];
	snprintf(root, sizeof root, "%s/helpers", tmpdir);
	mkdir(root, 0700);
	CHECK_INT(ds_unpack_make_parents(root, "a/b/c", 1), 0);
	CHECK(exists(root, "a/b/c"));
	int fd = ds_unpack_create(root, "x/y/app.log", file, sizeof file);
	CHECK(fd >= 0);
	CHECK_INT(ds_unpack_write(fd, "Jan  1 00:00:00 h p: x\n", 23), 0);
	if (fd >= 0)
		close(fd);
	CHECK(exists(root, "x/y/app.log"));
	struct stat st;
	ds_unpack_set_time(file, 1704067200); /* 2024-01-01: the member's time */
	CHECK(stat(file, &st) == 0 && st.st_size == 23 && st.st_mtime == 1704067200);
	/* a full disk is said as one */
	int full = open("/dev/full", O_WRONLY);
	if (full >= 0) {
		errno = 0;
		CHECK_INT(ds_unpack_write(full, "x", 1), -1);
		CHECK_INT(errno, ENOSPC);
		close(full);
	}
	/* a link planted where a member goes is not followed */
	char link[1300];
	snprintf(link, sizeof link, "%s/evil.log", root);
	CHECK_INT(symlink("/etc/hostname", link), 0);
	errno = 0;
	CHECK_INT(ds_unpack_create(root, "evil.log", file, sizeof file), -1);
	CHECK_INT(errno, ELOOP);
	/* a path past the buffer: refused, nothing opened */
	char small[8];
	errno = 0;
	CHECK_INT(ds_unpack_create(root, "z.log", small, sizeof small), -1);
	CHECK_INT(errno, ENAMETOOLONG);
}

int main(void)
{
	ll_test_scratch_dir(tmpdir, sizeof tmpdir, "archive");
	char cache[600];
	snprintf(cache, sizeof cache, "%s/cache", tmpdir);
	setenv("XDG_CACHE_HOME", cache, 1);
	test_members();
	test_compressed();
	test_damaged();
	test_zip();
	test_zip_bounds();
	test_unpack_helpers();
	ll_test_remove_dir(tmpdir);
	TEST_MAIN_END();
}
