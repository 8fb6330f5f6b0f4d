/*
 * tests/datasets/test_7z.c - 7z archives opened as the folder they hold
 * (datasets/ds_7z.h through ds_archive.h): files, folders and member times
 * written; a link, a name through ".." left out and counted, a leading '/'
 * stripped; a garbled and a cut archive refused by name with no folder
 * left. Archives are written here by libarchive's 7z writer. A build
 * without libarchive is checked for what it says instead.
 */
#include "config.h"

#include "harness.h"

#include "ds_7z.h"
#include "ds_archive.h"
#include "ds_dataset.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef HAVE_LIBARCHIVE
#include <archive.h>
#include <archive_entry.h>
#endif

static char tmpdir[512];

static const char *write_file(const char *name, const void *data, size_t n)
{
	static char path[700];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	CHECK(f && fwrite(data, 1, n, f) == n && fclose(f) == 0);
	return path;
}

/* Folders under the archive cache whose name begins with prefix. */
static int cached(const char *prefix)
{
	char base[700];
	snprintf(base, sizeof base, "%s/cache/loglab/archives", tmpdir);
	DIR *d = opendir(base);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d)))
		n += strstr(e->d_name, prefix) != NULL;
	if (d)
		closedir(d);
	return n;
}

#ifdef HAVE_LIBARCHIVE

static const char *log_text = "Jan  1 00:00:00 web1 sshd[1]: Accepted publickey for root\n"
			      "Jan  1 00:00:01 web1 sshd[1]: session opened for user root\n";

struct ent {
	const char *name;
	char type; /* f: file, d: folder, l: link */
	const char *text;
};

/* A 7z of the entries into out (cap); returns its length. */
static size_t seven_of(const struct ent *e, size_t n, unsigned char *out, size_t cap)
{
	struct archive *a = archive_write_new();
	size_t used = 0;
	if (archive_write_set_format_7zip(a) != ARCHIVE_OK || archive_write_open_memory(a, out, cap, &used) != ARCHIVE_OK)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *x = archive_entry_new();
		archive_entry_set_pathname(x, e[i].name);
		archive_entry_set_mtime(x, 1700000000, 0);
		if (e[i].type == 'd') {
			archive_entry_set_filetype(x, AE_IFDIR);
			archive_entry_set_perm(x, 0755);
		} else if (e[i].type == 'l') {
			archive_entry_set_filetype(x, AE_IFLNK);
			archive_entry_set_perm(x, 0777);
			archive_entry_set_symlink(x, e[i].text);
		} else {
			archive_entry_set_filetype(x, AE_IFREG);
			archive_entry_set_perm(x, 0644);
			archive_entry_set_size(x, (la_int64_t)strlen(e[i].text));
		}
		CHECK(archive_write_header(a, x) == ARCHIVE_OK);
		if (e[i].type == 'f')
			CHECK(archive_write_data(a, e[i].text, strlen(e[i].text)) == (la_ssize_t)strlen(e[i].text));
		archive_entry_free(x);
	}
	CHECK(archive_write_close(a) == ARCHIVE_OK);
	archive_write_free(a);
	return used;
}

static int exists(const char *dir, const char *rel)
{
	char p[1200];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	return stat(p, &st) == 0;
}

static void test_members(void)
{
	const struct ent ents[] = {
		{"logs/", 'd', NULL},
		{"logs/web1/syslog", 'f', log_text},
		{"logs/web2/syslog", 'f', log_text},
		{"logs/empty/", 'd', NULL},
		{"logs/current", 'l', "/etc/passwd"},
		{"../escape.log", 'f', log_text},
		{"/abs/rooted.log", 'f', log_text},
	};
	unsigned char out[1 << 16];
	size_t n = seven_of(ents, sizeof ents / sizeof *ents, out, sizeof out);
	CHECK(n > 32);
	CHECK(ds_7z_is(out, n));
	const char *path = write_file("bundle.7z", out, n);
	CHECK(ds_archive_is(path));
	char *dir = NULL, *note = NULL;
	struct ll_err err;
	CHECK_INT(ds_archive_extract(path, &dir, &note, &err), LL_OK);
	if (dir) {
		CHECK(exists(dir, "logs/web1/syslog") && exists(dir, "logs/web2/syslog") && exists(dir, "logs/empty"));
		CHECK(!exists(dir, "logs/current") && exists(dir, "abs/rooted.log"));
		char p[1200];
		struct stat st;
		snprintf(p, sizeof p, "%s/../escape.log", dir);
		CHECK(stat(p, &st) != 0);
		/* the member's time, for syslog's year */
		snprintf(p, sizeof p, "%s/logs/web1/syslog", dir);
		CHECK(stat(p, &st) == 0 && st.st_mtime == 1700000000 && st.st_size == (off_t)strlen(log_text));
	}
	CHECK(note && strstr(note, "bundle.7z: a 7z archive of 3 files") && strstr(note, "1 link or device") &&
	      strstr(note, "1 name outside"));
	if (note && !strstr(note, "a 7z archive of 3 files"))
		fprintf(stderr, "%s\n", note);
	free(dir);
	free(note);
}

static void test_damaged(void)
{
	/* enough text that the packed stream is long enough to garble */
	char *big = malloc(40000);
	uint64_t seed = 88172645463325252ULL;
	for (int i = 0; i < 40000; i++)
		big[i] = (char)('a' + ll_test_xorshift(&seed) % 26);
	big[39999] = '\0';
	const struct ent ents[] = {{"a.log", 'f', big}, {"b.log", 'f', log_text}};
	unsigned char *out = malloc(1 << 17);
	size_t n = seven_of(ents, 2, out, 1 << 17);
	CHECK(n > 1000);
	char *dir = NULL;
	struct ll_err err;
	/* the index is at the end: a cut archive cannot be listed */
	CHECK_INT(ds_archive_extract(write_file("cut.7z", out, n - 20), &dir, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "cut.7z: damaged 7z") != NULL);
	/* the packed data garbled after the 32-byte signature header */
	for (size_t i = 100; i < 164; i++)
		out[i] ^= 0x5A;
	CHECK_INT(ds_archive_extract(write_file("bad.7z", out, n), &dir, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "bad.7z: damaged 7z") != NULL);
	CHECK_INT(cached("cut.7z"), 0);
	CHECK_INT(cached("bad.7z"), 0);
	free(out);
	free(big);
}


/* Made by 7-Zip 26.02 from a one-line a.log with the password
 * SECRET: 7z a -pSECRET -mhe=on (the list of files encrypted too), and 7z
 * a -pSECRET (only the member's data). */
static const unsigned char encrypted_list[206] = {
	0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04, 0x51, 0x41, 0x55, 0x58, 0x80, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x2e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe5, 0xcf, 0x2d, 0x4a,
	0xb1, 0x39, 0x4b, 0x81, 0x11, 0x32, 0xfb, 0x31, 0xea, 0x97, 0x37, 0x11, 0xd2, 0xc1, 0xfd, 0x9f,
	0x70, 0xb2, 0x4d, 0x4a, 0xca, 0x56, 0xce, 0x4b, 0x42, 0xb9, 0x05, 0x25, 0x41, 0x95, 0xe0, 0x0b,
	0xac, 0xa5, 0x91, 0x5a, 0x02, 0x47, 0xd8, 0xb4, 0x32, 0xed, 0x6b, 0x24, 0xd2, 0x69, 0xae, 0x3e,
	0xea, 0xe9, 0xb0, 0x6e, 0xf2, 0xc0, 0x26, 0x0b, 0xfb, 0xfd, 0x77, 0x9c, 0x72, 0xdf, 0x92, 0xda,
	0xcf, 0x80, 0x82, 0xa9, 0x3a, 0xed, 0x67, 0xb1, 0xe6, 0x09, 0x45, 0xb8, 0x0f, 0x6d, 0x4a, 0xf2,
	0x6a, 0xe9, 0xd8, 0x29, 0x77, 0x19, 0xc9, 0x3a, 0x94, 0xb1, 0x30, 0xb9, 0xac, 0xd9, 0x62, 0x57,
	0x9b, 0x8e, 0xfe, 0x2f, 0xa5, 0x84, 0xb9, 0xab, 0x61, 0xe4, 0xb5, 0x69, 0x16, 0xf4, 0x8c, 0xc0,
	0x51, 0x3c, 0xff, 0x13, 0x2f, 0xeb, 0x7b, 0xe2, 0x59, 0xbf, 0x9b, 0xe0, 0x05, 0x95, 0xee, 0x75,
	0x17, 0x06, 0x10, 0x01, 0x09, 0x70, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x01, 0x24, 0x06, 0xf1, 0x07,
	0x01, 0x12, 0x53, 0x0f, 0xee, 0x2c, 0x6b, 0x82, 0x16, 0xc9, 0x6e, 0xf9, 0x28, 0x60, 0x29, 0x9b,
	0xb4, 0x91, 0x4e, 0x4d, 0x0c, 0x62, 0x0a, 0x01, 0x43, 0xdd, 0xa6, 0x2b, 0x00, 0x00,
};
static const unsigned char encrypted_member[146] = {
	0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04, 0x91, 0x0b, 0xaf, 0x65, 0x10, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x62, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe6, 0x9c, 0xa1, 0x98,
	0x3d, 0x21, 0x22, 0xc9, 0x62, 0xc5, 0x8d, 0x96, 0xf6, 0x48, 0xfd, 0xe0, 0x52, 0xcf, 0xf0, 0x0c,
	0x01, 0x04, 0x06, 0x00, 0x01, 0x09, 0x10, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x02, 0x24, 0x06, 0xf1,
	0x07, 0x01, 0x12, 0x53, 0x0f, 0xf1, 0x09, 0xc0, 0x0e, 0xa3, 0xf7, 0xe1, 0xac, 0x8f, 0xca, 0x14,
	0x0c, 0xb3, 0xd6, 0xf2, 0x3c, 0x21, 0x21, 0x01, 0x00, 0x01, 0x00, 0x0c, 0x0e, 0x0a, 0x00, 0x08,
	0x0a, 0x01, 0x2f, 0x39, 0x6d, 0x3c, 0x00, 0x00, 0x05, 0x01, 0x19, 0x01, 0x00, 0x11, 0x0d, 0x00,
	0x61, 0x00, 0x2e, 0x00, 0x6c, 0x00, 0x6f, 0x00, 0x67, 0x00, 0x00, 0x00, 0x14, 0x0a, 0x01, 0x00,
	0xb9, 0xbf, 0x73, 0xa7, 0x94, 0x84, 0xdd, 0x01, 0x15, 0x06, 0x01, 0x00, 0x20, 0x80, 0xa4, 0x81,
	0x00, 0x00,
};

/* A password-protected 7z: a hidden list of files is said to be
 * encrypted, with the way to read it (not taken for damage); a readable
 * list whose only member is encrypted leaves nothing, and the message says
 * what was left out. */
static void test_encrypted(void)
{
	char *dir = NULL;
	struct ll_err err;
	CHECK_INT(ds_archive_extract(write_file("enc.7z", encrypted_list, sizeof encrypted_list), &dir, NULL, &err),
		  LL_EDATA);
	CHECK(strstr(err.msg, "enc.7z: an encrypted 7z: a password hides its list of files (7z x ") != NULL);
	CHECK_INT(cached("enc.7z"), 0);
	const char *path = write_file("member.7z", encrypted_member, sizeof encrypted_member);
	char *note = NULL;
	CHECK_INT(ds_archive_extract(path, &dir, &note, &err), LL_OK);
	CHECK(note && strstr(note, "a 7z archive of 0 files") && strstr(note, "left out: 1 encrypted or unreadable member"));
	free(dir);
	free(note);
	struct ds_dataset *ds = NULL;
	CHECK_INT(ds_dataset_open(&ds, path, NULL, &err), LL_EIO);
	CHECK(strstr(err.msg, "no log or table files found; ") && strstr(err.msg, "1 encrypted or unreadable member"));
	ds_dataset_close(ds);
}

#endif

int main(void)
{
	ll_test_scratch_dir(tmpdir, sizeof tmpdir, "7z");
	char cache[600];
	snprintf(cache, sizeof cache, "%s/cache", tmpdir);
	setenv("XDG_CACHE_HOME", cache, 1);
	CHECK(ds_7z_is((const unsigned char *)"7z\xBC\xAF\x27\x1C\x00\x04", 8));
	CHECK(!ds_7z_is((const unsigned char *)"7z is a word", 12));
	CHECK(!ds_7z_is((const unsigned char *)"\xFD" "7zXZ\0", 6)); /* xz */
#ifdef HAVE_LIBARCHIVE
	CHECK(ds_7z_available());
	test_members();
	test_damaged();
	test_encrypted();
#else
	/* without libarchive a 7z is no archive: binary data, named */
	CHECK(!ds_7z_available());
	unsigned char head[64] = {'7', 'z', 0xBC, 0xAF, 0x27, 0x1C};
	CHECK(!ds_archive_is(write_file("x.7z", head, sizeof head)));
	struct ll_err err;
	CHECK_INT(ds_7z_extract("x.7z", tmpdir, &(struct ds_unpack_tally){0}, &err), LL_EDATA);
	CHECK(strstr(err.msg, "libarchive-dev") != NULL);
	fprintf(stderr, "7z: not built in, message checked\n");
#endif
	(void)cached;
	ll_test_remove_dir(tmpdir);
	TEST_MAIN_END();
}
