/*
 * test_cache_api.c - the cache's record files and its size bound
 * (ds_cache.h): a record written and read back field for field, fields
 * left out, every malformed form refused naming the file and line (a
 * file name with a '/', a digest of the wrong length, numbers that are
 * not numbers, no header, no space, an empty file, a missing file), and
 * LOGLAB_CACHE_MAX with its suffixes, refusals and default; the folders
 * ds_cache_make_dirs makes.
 * test_remote.c covers fetching through the cache.
 */
#include "harness.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ds_cache.h"

static char dir[256];

static const char *path_of(const char *name)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s/%s", dir, name);
	return buf;
}

static const char *write_meta(const char *name, const char *text)
{
	const char *p = path_of(name);
	FILE *f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	return p;
}

static void test_round_trip(void)
{
	struct ll_err err;
	struct ds_cache_meta m = {0}, r;
	m.url = "https://example.org/logs/app log.gz?x=1&y=2";
	m.file = "0123456789abcdef0123456789abcdef-app.log.gz";
	m.etag = "W/\"abc def\"";
	m.last_modified = "Tue, 01 Dec 2026 10:00:00 GMT";
	m.encoding = "gzip";
	m.length = 123456789012LL;
	snprintf(m.sha256, sizeof m.sha256, "%064d", 7);
	m.fetched = 1796000000;
	m.used = 1796000100;
	char p[512];
	snprintf(p, sizeof p, "%s", path_of("a.meta"));
	CHECK_INT(ds_cache_meta_write(p, &m, &err), LL_OK);
	CHECK(access(path_of("a.meta.tmp"), F_OK) != 0); /* renamed into place */
	CHECK_INT(ds_cache_meta_read(p, &r, &err), LL_OK);
	CHECK_STR(r.url, m.url);
	CHECK_STR(r.file, m.file);
	CHECK_STR(r.etag, m.etag);
	CHECK_STR(r.last_modified, m.last_modified);
	CHECK_STR(r.encoding, m.encoding);
	CHECK(r.length == m.length && r.fetched == m.fetched && r.used == m.used);
	CHECK_STR(r.sha256, m.sha256);
	ds_cache_meta_free(&r);
	CHECK(r.url == NULL && r.file == NULL && r.length == 0);
	ds_cache_meta_free(&r); /* twice is harmless */

	/* fields left out read as absent: NULL strings, length -1, no digest */
	struct ds_cache_meta bare = {0};
	bare.url = "http://h/x";
	bare.length = -1;
	CHECK_INT(ds_cache_meta_write(p, &bare, &err), LL_OK);
	CHECK_INT(ds_cache_meta_read(p, &r, &err), LL_OK);
	CHECK_STR(r.url, "http://h/x");
	CHECK(r.file == NULL && r.etag == NULL && r.last_modified == NULL && r.encoding == NULL);
	CHECK(r.length == -1);
	CHECK_STR(r.sha256, "");
	ds_cache_meta_free(&r);
	/* only the header: a record of nothing */
	CHECK_INT(ds_cache_meta_read(write_meta("h.meta", "loglab-cache 1\n"), &r, &err), LL_OK);
	CHECK(r.url == NULL && r.length == -1);
	ds_cache_meta_free(&r);
	/* a later key wins; unknown keys are ignored (newer writers) */
	CHECK_INT(ds_cache_meta_read(write_meta("d.meta", "loglab-cache 1\nurl a\nurl b\ncolour blue\nlength 5"), &r, &err),
		  LL_OK);
	CHECK_STR(r.url, "b");
	CHECK(r.length == 5); /* the last line needs no newline */
	ds_cache_meta_free(&r);
	/* a folder that does not exist */
	CHECK(ds_cache_meta_write(path_of("no/such/x.meta"), &m, &err) != LL_OK);
}

static void test_refusals(void)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{"", ": empty cache record"},
		{"loglab-cache 2\nurl x\n", ":1: not a loglab cache record"},
		{"url x\n", ":1: not a loglab cache record"},
		{"loglab-cache 1\nurl\n", ":2: expected 'key value'"},
		{"loglab-cache 1\n\n", ":2: expected 'key value'"},
		{"loglab-cache 1\nfile ../../etc/passwd\n", ":2: bad value for 'file'"},
		{"loglab-cache 1\nurl u\nsha256 abc\n", ":3: bad value for 'sha256'"},
		{"loglab-cache 1\nlength 12x\n", ":2: bad value for 'length'"},
		{"loglab-cache 1\nlength \n", ":2: bad value for 'length'"},
		{"loglab-cache 1\nfetched 99999999999999999999\n", ":2: bad value for 'fetched'"},
		{"loglab-cache 1\nused 1.5\n", ":2: bad value for 'used'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct ll_err err;
		struct ds_cache_meta m;
		const char *p = write_meta("bad.meta", bad[i].text);
		char want[600];
		snprintf(want, sizeof want, "%s%s", p, bad[i].msg);
		ll_err_clear(&err);
		CHECK_INT(ds_cache_meta_read(p, &m, &err), LL_EDATA);
		CHECK_STR(err.msg, want);
		CHECK(m.url == NULL && m.file == NULL); /* nothing half read is left */
		ds_cache_meta_free(&m);
	}
	struct ll_err err;
	struct ds_cache_meta m;
	CHECK_INT(ds_cache_meta_read(path_of("missing.meta"), &m, &err), LL_EIO);
	CHECK(strstr(err.msg, "missing.meta: cannot open") != NULL);
	ds_cache_meta_free(&m);
}

/* Random records made of the header, the keys and odd values: a read is
 * LL_OK or LL_EDATA naming the file, and what it accepts keeps the rules
 * (no '/' in the data file name, a digest of 64 characters or none). */
static void test_random_records(void)
{
	static const char *const pieces[] = {"loglab-cache 1\n", "url http://h/a b\n", "file x.log\n", "file a/b\n",
					     "etag \"e\"\n", "length 12\n", "length -1\n", "length 1e3\n",
					     "fetched 5\n", "used\n", "sha256 ab\n", "\n", "junk\n", "encoding gzip",
					     "last_modified Mon\n", "sha256 0123456789012345678901234567890123456789012345678901234567890123\n"};
	enum { NP = sizeof pieces / sizeof *pieces };
	uint64_t st = 4242;
	int bad = 0;
	char p[512];
	snprintf(p, sizeof p, "%s", path_of("r.meta"));
	for (int k = 0; k < 400; k++) {
		FILE *f = fopen(p, "w");
		int n = (int)(ll_test_xorshift(&st) % 6);
		if (ll_test_xorshift(&st) % 4)
			fputs(pieces[0], f);
		for (int i = 0; i < n; i++)
			fputs(pieces[ll_test_xorshift(&st) % NP], f);
		fclose(f);
		struct ds_cache_meta m;
		struct ll_err err;
		ll_err_clear(&err);
		int rc = ds_cache_meta_read(p, &m, &err);
		if (rc == LL_OK)
			bad += (m.file && strchr(m.file, '/')) || (m.sha256[0] && strlen(m.sha256) != 64);
		else
			bad += rc != LL_EDATA || strstr(err.msg, p) != err.msg;
		ds_cache_meta_free(&m);
	}
	CHECK_INT(bad, 0);
}

static void test_max_bytes(void)
{
	unsetenv("LOGLAB_CACHE_MAX");
	CHECK(ds_cache_max_bytes() == DS_CACHE_DEFAULT_MAX);
	setenv("LOGLAB_CACHE_MAX", "500M", 1);
	CHECK(ds_cache_max_bytes() == 500ULL << 20);
	setenv("LOGLAB_CACHE_MAX", "4096", 1);
	CHECK(ds_cache_max_bytes() == 4096);
	setenv("LOGLAB_CACHE_MAX", "1T", 1);
	CHECK(ds_cache_max_bytes() == 1ULL << 40);
	setenv("LOGLAB_CACHE_MAX", "1.5G", 1); /* a size as data's sizes are read */
	CHECK(ds_cache_max_bytes() == 3ULL << 29);
	struct ll_err err;
	CHECK_INT(ds_cache_check_env(&err), LL_OK);
	setenv("LOGLAB_CACHE_MAX", "0", 1); /* keeps nothing */
	CHECK(ds_cache_max_bytes() == 0);
	CHECK_INT(ds_cache_check_env(&err), LL_OK);
	static const char *const ignored[] = {"", "lots", "-1", "2Q", " 1G"};
	for (size_t i = 0; i < sizeof ignored / sizeof *ignored; i++) {
		setenv("LOGLAB_CACHE_MAX", ignored[i], 1);
		CHECK(ds_cache_max_bytes() == DS_CACHE_DEFAULT_MAX);
		/* refused at start, but for the empty one (unset) */
		CHECK_INT(ds_cache_check_env(&err), i == 0 ? LL_OK : LL_EUSAGE);
		CHECK(i == 0 || strstr(err.msg, "LOGLAB_CACHE_MAX=") != NULL);
	}
	unsetenv("LOGLAB_CACHE_MAX");
	CHECK_INT(ds_cache_check_env(&err), LL_OK);
	unsigned long long v = 3;
	CHECK_INT(ds_cache_parse_size("64K", &v), 0);
	CHECK(v == 65536);
	CHECK_INT(ds_cache_parse_size(NULL, &v), -1);
	CHECK(v == 65536);
}

static void test_make_dirs(void)
{
	char p[512];
	struct stat st;
	snprintf(p, sizeof p, "%s/state/loglab/deep", dir);
	CHECK_INT(ds_cache_make_dirs(p), 0);
	CHECK(strcmp(p, path_of("state/loglab/deep")) == 0); /* given back whole */
	CHECK(stat(p, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
	CHECK(stat(path_of("state"), &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK_INT(ds_cache_make_dirs(p), 0); /* there already: fine */
	/* a file where a folder should be */
	fclose(fopen(path_of("afile"), "w"));
	snprintf(p, sizeof p, "%s/afile/sub", dir);
	CHECK_INT(ds_cache_make_dirs(p), -1);
	CHECK(errno == ENOTDIR || errno == EEXIST);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "cache-api");
	test_round_trip();
	test_refusals();
	test_random_records();
	test_max_bytes();
	test_make_dirs();
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
