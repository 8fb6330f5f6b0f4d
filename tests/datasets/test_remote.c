/*
 * test_remote.c - ds_remote_fetch and the cache against a real server on
 * 127.0.0.1 (tests/remote/server.py, started and stopped here).
 *
 * Every fault mode is tried and its whole message checked; resume after a
 * dropped connection must give a byte-identical file; a cached copy must
 * be served (with a notice) once the server is stopped; 304 revalidation,
 * LRU eviction, --no-cache/--refresh behaviour, gzip content-coding, and an
 * S3 round trip whose SigV4 signature the server checks with Python's own
 * hmac/hashlib. Expected sizes come from the files this test writes; the
 * server stops a dropped body after exactly half (len // 2) its bytes.
 * Skips (77) without python3 or LL_SRCDIR.
 */
#include "harness.h"
#include "ds_cache.h"
#include "ds_remote.h"
#include "ds_sha256.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t server_pid = -1;
static char root[256], datadir[300], cachedir[300], logpath[300], portfile[300];
static int port;
static char *big, *small;
static size_t big_len, small_len;

static void stop_server(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
		server_pid = -1;
	}
}

static void cleanup(void)
{
	stop_server();
	if (root[0]) {
		char cmd[400];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", root);
	}
}

static void write_file(const char *dir, const char *name, const char *data, size_t n)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", p);
		exit(1);
	}
}

static char *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)sz + 1);
	if (b && fread(b, 1, (size_t)sz, f) != (size_t)sz) {
		free(b);
		b = NULL;
	}
	fclose(f);
	if (b) {
		b[sz] = '\0';
		*n = (size_t)sz;
	}
	return b;
}

/* 1 when the file at path holds exactly data[0..n). */
static int same_bytes(const char *path, const char *data, size_t n)
{
	size_t got = 0;
	char *b = path ? read_all(path, &got) : NULL;
	int same = b && got == n && memcmp(b, data, n) == 0;
	free(b);
	return same;
}

static void start_server(void)
{
	const char *src = getenv("LL_SRCDIR");
	char script[512];
	snprintf(script, sizeof script, "%s/tests/remote/server.py", src ? src : "");
	if (!src || access(script, R_OK) != 0 || system("python3 -c 'import http.server' 2>/dev/null") != 0) {
		fprintf(stderr, "SKIP: needs python3 and LL_SRCDIR (server.py)\n");
		exit(77);
	}
	unlink(portfile);
	server_pid = fork();
	if (server_pid == 0) {
		execlp("python3", "python3", script, "--root", datadir, "--port-file", portfile, "--log", logpath,
		       "--slow", "0.3", "--trickle", "0.25", "--max-seconds", "90", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		FILE *f = fopen(portfile, "r");
		if (f) {
			int ok = fscanf(f, "%d", &port) == 1;
			fclose(f);
			if (ok)
				return;
		}
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "test server did not start\n");
	exit(1);
}

static const char *url(const char *path)
{
	static char buf[8][256];
	static int i;
	i = (i + 1) % 8;
	snprintf(buf[i], sizeof buf[i], "http://127.0.0.1:%d%s", port, path);
	return buf[i];
}

/* Number of server log lines containing needle. */
static int log_count_now(const char *needle)
{
	size_t n;
	char *b = read_all(logpath, &n);
	int c = 0;
	for (char *p = b; p && (p = strstr(p, needle)) != NULL; p++)
		c++;
	free(b);
	return c;
}

/* The lines of the server's log holding needle, once there are want of
 * them or after 5 s: the server writes a request's line after its reply,
 * so a client can finish before the line is there. */
static int log_count(const char *needle, int want)
{
	int c = log_count_now(needle);
	for (int i = 0; i < 500 && c < want; i++) {
		usleep(10000);
		c = log_count_now(needle);
	}
	return c;
}

static void clear_cache(void)
{
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s/loglab'", cachedir);
	CHECK(system(cmd) == 0);
}

static int fetch(const char *u, struct ds_fetch_opts *o, char **path, struct ll_err *err, struct ds_fetch_result *r)
{
	o->result = r;
	if (o->idle_timeout == 0)
		o->idle_timeout = 5;
	return ds_remote_fetch(u, o, path, err);
}

static void test_is_url(void)
{
	CHECK(ds_is_url("http://x/y"));
	CHECK(ds_is_url("HTTPS://x/y"));
	CHECK(ds_is_url("s3://b/k"));
	CHECK(!ds_is_url("/var/log/kern.log"));
	CHECK(!ds_is_url("ftp://x/y"));
	CHECK(!ds_is_url("http:/x"));
	CHECK(!ds_is_url(NULL));
	struct ll_err err;
	char *p;
	CHECK_INT(ds_remote_fetch("s3://bucketonly", NULL, &p, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "s3://bucketonly: expected s3://BUCKET/KEY");
	CHECK_INT(ds_remote_fetch("http:///x", NULL, &p, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "http:///x: the URL names no host");
	CHECK_INT(ds_remote_fetch("http://a b/", NULL, &p, &err), LL_EUSAGE);
}

static void test_plain_and_revalidate(void)
{
	struct ds_fetch_opts o = {0};
	struct ds_fetch_result r;
	struct ll_err err;
	char *p = NULL;
	unsigned char d[32];
	char hex[65];
	ds_sha256(big, big_len, d);
	ds_hex(d, 32, hex);

	CHECK_INT(fetch(url("/plain/big.log"), &o, &p, &err, &r), LL_OK);
	CHECK(same_bytes(p, big, big_len));
	CHECK_INT(r.downloaded, big_len);
	CHECK_INT(r.size, big_len);
	CHECK_STR(r.sha256, hex);
	CHECK(p && strstr(p, "/loglab/remote/") && strstr(p, "-big.log"));
	free(p);

	/* ETag: the second fetch is a conditional GET answered 304. */
	CHECK_INT(fetch(url("/etag/big.log"), &o, &p, &err, &r), LL_OK);
	CHECK_INT(r.http_status, 200);
	CHECK_INT(r.revalidated, 0);
	free(p);
	CHECK_INT(fetch(url("/etag/big.log"), &o, &p, &err, &r), LL_OK);
	CHECK_INT(r.http_status, 304);
	CHECK_INT(r.revalidated, 1);
	CHECK_INT(r.from_cache, 1);
	CHECK_INT(r.downloaded, 0);
	CHECK_STR(r.sha256, hex);
	CHECK_STR(err.msg, "");
	CHECK(same_bytes(p, big, big_len));
	CHECK_INT(log_count("GET /etag/big.log 304 range=- inm=\"", 1), 1);
	free(p);

	/* --refresh downloads again with no validators. */
	o.refresh = 1;
	CHECK_INT(fetch(url("/etag/big.log"), &o, &p, &err, &r), LL_OK);
	CHECK_INT(r.http_status, 200);
	CHECK_INT(r.downloaded, big_len);
	CHECK(same_bytes(p, big, big_len));
	CHECK_INT(log_count("GET /etag/big.log 200 range=- inm=- ", 2), 2);
	free(p);

	/* A redirect is followed. */
	o.refresh = 0;
	CHECK_INT(fetch(url("/redirect/small.txt"), &o, &p, &err, &r), LL_OK);
	CHECK(same_bytes(p, small, small_len));
	free(p);

	/* --output with the cache: a copy at PATH. */
	char out[400];
	snprintf(out, sizeof out, "%s/copy.txt", root);
	o.output = out;
	CHECK_INT(fetch(url("/etag/small.txt"), &o, &p, &err, &r), LL_OK);
	CHECK_STR(p, out);
	CHECK(same_bytes(out, small, small_len));
	free(p);
}

static void test_resume(void)
{
	clear_cache();
	struct ds_fetch_opts o = {0};
	struct ds_fetch_result r;
	struct ll_err err;
	char *p = NULL, want[600];
	size_t half = big_len / 2;
	CHECK_INT(fetch(url("/drop/big.log"), &o, &p, &err, &r), LL_EIO);
	CHECK(p == NULL);
	snprintf(want, sizeof want,
		 "%s: the server closed the connection after %zu of %zu bytes; the partial download is kept, "
		 "run again to resume", url("/drop/big.log"), half, big_len);
	CHECK_STR(err.msg, want);
	/* Nothing valid in the cache: a .part of exactly half, no data file. */
	char *dir;
	CHECK_INT(ds_cache_dir(&dir, &err), LL_OK);
	struct ds_cache_entry e;
	CHECK_INT(ds_cache_entry_init(&e, dir, url("/drop/big.log"), &err), LL_OK);
	struct stat st;
	CHECK(stat(e.part, &st) == 0 && (size_t)st.st_size == half);
	CHECK(access(e.data, F_OK) != 0);
	CHECK(!ds_cache_entry_valid(&e, NULL));

	/* The next fetch asks for the rest and produces the identical file. */
	CHECK_INT(fetch(url("/drop/big.log"), &o, &p, &err, &r), LL_OK);
	CHECK_INT(r.resumed, 1);
	CHECK_INT(r.http_status, 206);
	CHECK_INT(r.downloaded, big_len - half);
	CHECK(same_bytes(p, big, big_len));
	char rng[64];
	snprintf(rng, sizeof rng, "206 range=bytes=%zu- ", half);
	CHECK_INT(log_count(rng, 1), 1);
	CHECK(access(e.part, F_OK) != 0);
	CHECK(ds_cache_entry_valid(&e, NULL));
	free(p);
	ds_cache_entry_free(&e);
	free(dir);

	/* With retries, one call recovers by itself. */
	clear_cache();
	o.retries = 1;
	CHECK_INT(fetch(url("/drop/big.log"), &o, &p, &err, &r), LL_OK);
	CHECK_INT(r.resumed, 1);
	CHECK_INT(r.downloaded, big_len);
	CHECK(same_bytes(p, big, big_len));
	free(p);

	/* A server that always drops: the error stands after the retries. */
	o.retries = 2;
	CHECK_INT(fetch(url("/dropalways/small.txt"), &o, &p, &err, &r), LL_EIO);
	CHECK(strstr(err.msg, "the server closed the connection after") != NULL);
}

static int cancel_at_half(void *ctx, long long done, long long total, double rate)
{
	long long *calls = ctx;
	(*calls)++;
	CHECK(rate >= 0);
	return total > 0 && done >= 2048; /* two 1 KiB pieces of the slow body */
}

static void test_progress_cancel(void)
{
	clear_cache();
	long long calls = 0;
	struct ds_fetch_opts o = {.progress = cancel_at_half, .progress_ctx = &calls};
	struct ds_fetch_result r;
	struct ll_err err;
	char *p = NULL;
	CHECK_INT(fetch(url("/slow/big.log"), &o, &p, &err, &r), LL_ECANCEL);
	CHECK(calls > 0);
	CHECK(strstr(err.msg, ": cancelled after ") != NULL);
	CHECK(strstr(err.msg, "run again to resume") != NULL);
}

static void test_faults(void)
{
	clear_cache();
	struct ds_fetch_opts o = {0};
	struct ds_fetch_result r;
	struct ll_err err;
	char *p = NULL, want[600];

	CHECK_INT(fetch(url("/status/404"), &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: HTTP 404 Not Found: dataset not found on this test server", url("/status/404"));
	CHECK_STR(err.msg, want);
	CHECK_INT(r.http_status, 404);
	CHECK_INT(fetch(url("/status/500"), &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: HTTP 500 Internal Server Error: the test server failed on purpose",
		 url("/status/500"));
	CHECK_STR(err.msg, want);

	o.max_redirects = 5;
	CHECK_INT(fetch(url("/loop/x"), &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: too many redirects (more than 5): a redirect loop?", url("/loop/x"));
	CHECK_STR(err.msg, want);
	o.max_redirects = 0;

	/* A server that never answers, with a 1 s timeout. */
	o.idle_timeout = 1;
	time_t t0 = time(NULL);
	CHECK_INT(fetch(url("/hang/x"), &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: timed out after 1 s waiting for the server", url("/hang/x"));
	CHECK_STR(err.msg, want);
	CHECK(time(NULL) - t0 <= 4);
	/* A slow body that keeps coming is not a timeout: 1 KiB per 0.3 s for longer than 1 s. */
	CHECK_INT(fetch(url("/slow/small.txt"), &o, &p, &err, &r), LL_OK);
	CHECK(same_bytes(p, small, small_len));
	free(p);
	o.idle_timeout = 0;

	/* TLS spoken to a plain-HTTP server. */
	char tls[128];
	snprintf(tls, sizeof tls, "https://127.0.0.1:%d/plain/small.txt", port);
	/* OpenSSL's hello under valgrind beside other suites took over the
	 * 5 s the other cases allow */
	o.idle_timeout = 60;
	CHECK_INT(fetch(tls, &o, &p, &err, &r), LL_EIO);
	o.idle_timeout = 0;
	snprintf(want, sizeof want, "%s: TLS error: ", tls);
	/* the server may also hang up first (it answers the hello with a 400) */
	char closed[300];
	snprintf(closed, sizeof closed, "%s: the server closed the connection without answering", tls);
	if (strncmp(err.msg, want, strlen(want)) != 0 && strncmp(err.msg, closed, strlen(closed)) != 0)
		fprintf(stderr, "TLS to a plain server said: %s\n", err.msg);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0 || strncmp(err.msg, closed, strlen(closed)) == 0);

	/* Connection refused: a port that was free a moment ago. */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(s, (struct sockaddr *)&a, &alen) == 0);
	close(s);
	char refused[128];
	snprintf(refused, sizeof refused, "http://127.0.0.1:%d/x.log", ntohs(a.sin_port));
	CHECK_INT(fetch(refused, &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: cannot connect: Connection refused", refused);
	CHECK_STR(err.msg, want);

	/* A stated checksum that does not match: discarded, nothing cached. */
	CHECK_INT(fetch(url("/badsum/small.txt"), &o, &p, &err, &r), LL_EIO);
	CHECK(strstr(err.msg, ": checksum mismatch: the server states SHA-256 AAAA") != NULL);
	CHECK(strstr(err.msg, "the download was discarded") != NULL);
	char *dir;
	struct ds_cache_entry e;
	CHECK_INT(ds_cache_dir(&dir, &err), LL_OK);
	CHECK_INT(ds_cache_entry_init(&e, dir, url("/badsum/small.txt"), &err), LL_OK);
	CHECK(access(e.data, F_OK) != 0 && access(e.part, F_OK) != 0 && access(e.meta, F_OK) != 0);
	ds_cache_entry_free(&e);
	free(dir);
}

static void test_gzip_and_no_cache(void)
{
	clear_cache();
	struct ds_fetch_opts o = {0};
	struct ds_fetch_result r;
	struct ll_err err;
	char *p = NULL;
	CHECK_INT(fetch(url("/gzip/big.log"), &o, &p, &err, &r), LL_OK);
	CHECK(same_bytes(p, big, big_len));
	CHECK(r.downloaded > 0 && r.downloaded < (long long)big_len);
	CHECK_INT(r.size, big_len);
	CHECK_INT(log_count("GET /gzip/big.log 200 range=- inm=- ims=- ifrange=- ae=gzip", 1), 1);
	free(p);
	/* Revalidation of the decoded copy still works. */
	CHECK_INT(fetch(url("/gzip/big.log"), &o, &p, &err, &r), LL_OK);
	CHECK_INT(r.revalidated, 1);
	CHECK(same_bytes(p, big, big_len));
	free(p);

	/* --no-cache: nothing in the cache, a temporary file or the output. */
	clear_cache();
	o.no_cache = 1;
	CHECK_INT(fetch(url("/etag/small.txt"), &o, &p, &err, &r), LL_OK);
	CHECK_INT(r.temporary, 1);
	CHECK(same_bytes(p, small, small_len));
	if (p)
		unlink(p);
	free(p);
	char out[400];
	snprintf(out, sizeof out, "%s/nocache.txt", root);
	o.output = out;
	CHECK_INT(fetch(url("/gzip/small.txt"), &o, &p, &err, &r), LL_OK);
	CHECK_INT(r.temporary, 0);
	CHECK(same_bytes(out, small, small_len));
	free(p);
	char cdir[400];
	snprintf(cdir, sizeof cdir, "%s/loglab/remote", cachedir);
	CHECK(access(cdir, F_OK) != 0);
	/* A failure with --no-cache leaves no output behind. */
	snprintf(out, sizeof out, "%s/never.txt", root);
	CHECK_INT(fetch(url("/dropalways/small.txt"), &o, &p, &err, &r), LL_EIO);
	CHECK(strstr(err.msg, "; nothing was saved") != NULL);
	char outpart[420];
	snprintf(outpart, sizeof outpart, "%s.part", out);
	CHECK(access(out, F_OK) != 0 && access(outpart, F_OK) != 0);
}

static void test_s3(void)
{
	clear_cache();
	char ep[64], want[600];
	snprintf(ep, sizeof ep, "http://127.0.0.1:%d", port);
	setenv("AWS_ENDPOINT_URL", ep, 1);
	setenv("AWS_ACCESS_KEY_ID", "AKIDLOGLABTEST", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "loglab/test+secret", 1);
	setenv("AWS_REGION", "eu-west-1", 1);
	unsetenv("AWS_SESSION_TOKEN");
	struct ds_fetch_opts o = {0};
	struct ds_fetch_result r;
	struct ll_err err;
	char *p = NULL;
	/* A key with a space and a plus: the signature covers the encoded path. */
	CHECK_INT(fetch("s3://bucket1/logs/app 1+2.log", &o, &p, &err, &r), LL_OK);
	CHECK(same_bytes(p, big, big_len));
	CHECK_INT(log_count("GET /bucket1/logs/app%201%2B2.log 200", 1), 1);
	free(p);
	CHECK_INT(fetch("s3://bucket1/logs/missing.log", &o, &p, &err, &r), LL_EIO);
	CHECK_STR(err.msg, "s3://bucket1/logs/missing.log: HTTP 404 Not Found: NoSuchKey: The specified key does not "
			   "exist.");
	setenv("AWS_SECRET_ACCESS_KEY", "wrong", 1);
	CHECK_INT(fetch("s3://bucket1/logs/app 1+2.log", &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "s3://bucket1/logs/app 1+2.log: HTTP 403 Forbidden: SignatureDoesNotMatch: The "
		 "request signature we calculated does not match the signature you provided.");
	CHECK_STR(err.msg, want);
	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_REGION");
}

static void test_lru(void)
{
	clear_cache();
	struct ll_err err;
	char *dir;
	CHECK_INT(ds_cache_dir(&dir, &err), LL_OK);
	/* Three entries of 1000 bytes used at t=300, 100, 200; bound 2500 -> the one used at 100 goes. */
	const char *urls[3] = {"http://h/a.log", "http://h/b.log", "http://h/c.log"};
	long long used[3] = {300, 100, 200};
	struct ds_cache_entry e[3];
	char filler[1000];
	memset(filler, 'x', sizeof filler);
	for (int i = 0; i < 3; i++) {
		CHECK_INT(ds_cache_entry_init(&e[i], dir, urls[i], &err), LL_OK);
		FILE *f = fopen(e[i].data, "wb");
		CHECK(f && fwrite(filler, 1, sizeof filler, f) == sizeof filler);
		if (f)
			fclose(f);
		struct ds_cache_meta m = {.url = (char *)urls[i], .file = strrchr(e[i].data, '/') + 1, .length = 1000,
					  .fetched = used[i], .used = used[i]};
		CHECK_INT(ds_cache_meta_write(e[i].meta, &m, &err), LL_OK);
		CHECK(ds_cache_entry_valid(&e[i], NULL));
	}
	CHECK_INT(ds_cache_evict(dir, 2500, NULL, &err), 1);
	CHECK(ds_cache_entry_valid(&e[0], NULL));
	CHECK(!ds_cache_entry_valid(&e[1], NULL));
	CHECK(access(e[1].data, F_OK) != 0);
	CHECK(ds_cache_entry_valid(&e[2], NULL));
	/* The entry being kept survives even when it is the oldest. */
	CHECK_INT(ds_cache_evict(dir, 0, e[2].key, &err), 1);
	CHECK(ds_cache_entry_valid(&e[2], NULL));
	CHECK(!ds_cache_entry_valid(&e[0], NULL));
	/* A data file whose length disagrees with its meta is no entry. */
	FILE *f = fopen(e[2].data, "ab");
	CHECK(f && fputc('y', f) == 'y');
	if (f)
		fclose(f);
	CHECK(!ds_cache_entry_valid(&e[2], NULL));
	for (int i = 0; i < 3; i++)
		ds_cache_entry_free(&e[i]);

	/* Through fetch: a bound that holds one big file evicts the older entry. */
	clear_cache();
	struct ds_fetch_opts o = {.cache_max = big_len + 10};
	struct ds_fetch_result r;
	char *p1 = NULL, *p2 = NULL;
	CHECK_INT(fetch(url("/etag/small.txt"), &o, &p1, &err, &r), LL_OK);
	CHECK_INT(r.evicted, 0);
	CHECK_INT(fetch(url("/etag/big.log"), &o, &p2, &err, &r), LL_OK);
	CHECK_INT(r.evicted, 1);
	CHECK(access(p1, F_OK) != 0);
	CHECK(same_bytes(p2, big, big_len));
	free(p1);
	free(p2);

	unsigned long long v = 0;
	CHECK(ds_cache_parse_size("2G", &v) == 0 && v == 2147483648ULL);
	CHECK(ds_cache_parse_size("500MiB", &v) == 0 && v == 524288000ULL);
	CHECK(ds_cache_parse_size("64k", &v) == 0 && v == 65536ULL);
	CHECK(ds_cache_parse_size("12", &v) == 0 && v == 12ULL);
	CHECK(ds_cache_parse_size("-1", &v) != 0);
	CHECK(ds_cache_parse_size("2X", &v) != 0);
	CHECK(ds_cache_parse_size("", &v) != 0);
	free(dir);
}

/* The cache entry of u holds no data, meta, part or part meta. */
static int nothing_cached(const char *u)
{
	struct ll_err err;
	char *dir;
	struct ds_cache_entry e;
	if (ds_cache_dir(&dir, &err) != LL_OK)
		return 0;
	int none = ds_cache_entry_init(&e, dir, u, &err) == LL_OK && access(e.data, F_OK) != 0 &&
		   access(e.meta, F_OK) != 0 && access(e.part, F_OK) != 0 && access(e.partmeta, F_OK) != 0;
	ds_cache_entry_free(&e);
	free(dir);
	return none;
}

static void test_url_redact(void)
{
	static const char *const cases[][2] = {
		{"http://alice:hunter2@h.example/x.log", "http://alice:***@h.example/x.log"},
		{"https://ghp_TOKEN@h.example:8443/a/b", "https://***@h.example:8443/a/b"},
		{"https://h.example/x?X-Amz-Signature=abc&X-Amz-Credential=AK%2F1&n=2#frag",
		 "https://h.example/x?X-Amz-Signature=***&X-Amz-Credential=***&n=2#frag"},
		{"http://h/x?token=t&tokenish=u&sig=&key=k", "http://h/x?token=***&tokenish=u&sig=***&key=***"},
		{"http://h.example/a@b/c?q=1", "http://h.example/a@b/c?q=1"},
		{"http://u:p@h/x?password=pw", "http://u:***@h/x?password=***"},
		{"/var/log/kern.log", "/var/log/kern.log"},
		{"http://@h/", "http://***@h/"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *r = ds_url_redact(cases[i][0]);
		CHECK_STR(r, cases[i][1]);
		free(r);
	}
	CHECK(ds_url_redact(NULL) == NULL);
}

/* Servers that misbehave (tests/remote/server.py's issue-13 modes). */
static void test_hostile_servers(void)
{
	clear_cache();
	struct ds_fetch_opts o = {0};
	struct ds_fetch_result r;
	struct ll_err err;
	char *p = NULL, want[800];
	char *upper = malloc(big_len);
	for (size_t i = 0; i < big_len; i++)
		upper[i] = (char)toupper((unsigned char)big[i]);

	/* A resume that would splice two versions: the server ignores If-Range
	 * and sends version 2 from the cut. Refused, and the download starts
	 * over; the result is all of version 2. */
	static const char *const modes[] = {"splice-etag", "splice-lastmod", "splice-novalidator"};
	for (int k = 0; k < 3; k++) {
		char path[64];
		snprintf(path, sizeof path, "/%s/big.log", modes[k]);
		const char *u = url(path);
		CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EIO);
		CHECK(strstr(err.msg, "the partial download is kept") != NULL);
		CHECK_INT(fetch(u, &o, &p, &err, &r), LL_OK);
		CHECK(same_bytes(p, upper, big_len));
		CHECK_INT(r.resumed, 0);
		CHECK_INT(r.http_status, 200);
		CHECK_INT(r.downloaded, big_len);
		CHECK(strstr(r.note, "the server's file changed since the partial download (") != NULL);
		CHECK(strstr(r.note, "bytes kept were discarded and the download started again from the beginning"));
		CHECK_STR(err.msg, r.note);
		free(p);
		p = NULL;
	}
	CHECK(strstr(r.note, "(the resumed response carries no Last-Modified)") != NULL);
	snprintf(want, sizeof want, "GET /splice-etag/big.log 206 range=bytes=%zu- inm=- ims=- ifrange=\"v1\"",
		 big_len / 2);
	CHECK_INT(log_count(want, 1), 1);

	/* No Content-Length and no end: the cache bound stops it, nothing is kept. */
	o.cache_max = 1 << 20;
	const char *u = url("/endless/20");
	time_t t0 = time(NULL);
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EDATA);
	snprintf(want, sizeof want, "%s: the file is larger than 1.0 MiB (no size bytes announced, ", u);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(strstr(err.msg, "refused, nothing was saved") != NULL);
	CHECK(time(NULL) - t0 <= 10);
	CHECK(nothing_cached(u));
	o.cache_max = 0;
	/* ... and max_bytes does without the cache. */
	o.no_cache = 1;
	o.max_bytes = 100000;
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EDATA);
	CHECK(strstr(err.msg, "the file is larger than 98 KiB") != NULL);
	o.max_bytes = 0;
	o.no_cache = 0;

	/* A Content-Length over the limit is refused before any byte is stored. */
	u = url("/lying/small.txt");
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EDATA);
	snprintf(want, sizeof want, "%s: the file is larger than 2.0 GiB (1099511627776 bytes announced, 0 received); "
		 "refused, nothing was saved", u);
	CHECK_STR(err.msg, want);
	CHECK(nothing_cached(u));

	/* A gzip-encoded bomb stops at the inflate limit. */
	setenv("LOGLAB_INFLATE_MAX", "1M", 1);
	u = url("/gzipbomb/8");
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EDATA);
	snprintf(want, sizeof want, "%s: the compressed data expands beyond 1.0 MiB (LOGLAB_INFLATE_MAX); not read", u);
	CHECK_STR(err.msg, want);
	CHECK(nothing_cached(u));
	unsetenv("LOGLAB_INFLATE_MAX");

	/* One byte every 0.25 s is never idle: the deadline ends it. */
	o.deadline = 1.5;
	u = url("/trickle/small.txt");
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EIO);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double took = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	CHECK(took >= 1.4 && took < 4);
	snprintf(want, sizeof want, "%s: timed out: the whole fetch may take 1.5 s (--timeout); ", u);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(strstr(err.msg, " of 4096 bytes had arrived; the partial download is kept, run again to resume"));
	o.deadline = 0;

	/* Half a body, then silence: the idle timeout ends it, the part stays. */
	o.idle_timeout = 1;
	u = url("/stall/small.txt");
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: timed out: no data for 1 s after 2048 of 4096 bytes; the partial download is "
		 "kept, run again to resume", u);
	CHECK_STR(err.msg, want);
	o.idle_timeout = 0;

	/* A megabyte of headers. */
	u = url("/headerflood/1000");
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: the server's response headers are malformed or too large (", u);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(nothing_cached(u));

	/* One header line of 200 KB: curl calls it "Out of memory", which
	 * pointed at this machine rather than at the server. */
	u = url("/longheader/200000");
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: the server's response headers are malformed or too large (", u);
	CHECK(strncmp(err.msg, want, strlen(want)) == 0);
	CHECK(nothing_cached(u));

	/* A body said to be gzip that is not: zlib's gzread passed it through
	 * as it was, and the bytes were cached as the file without a word. */
	u = url("/notgzip/small.txt");
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: the gzip-encoded body is not gzip data (Content-Encoding gzip, yet no gzip "
		 "header); nothing was saved", u);
	CHECK_STR(err.msg, want);
	CHECK(nothing_cached(u));

	/* A Content-Encoding loglab cannot undo is refused at the headers,
	 * not after the body: here the body stalls after half, so waiting for
	 * its end would end in the idle timeout (or never, with no timeout). */
	o.idle_timeout = 5;
	u = url("/brstall/small.txt");
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: unsupported Content-Encoding 'br' (loglab asks for gzip only)", u);
	CHECK_STR(err.msg, want);
	CHECK(nothing_cached(u));
	o.idle_timeout = 0;

	/* Credentials never reach a message, a note or a cache file. */
	char cred[200], shown[200];
	snprintf(cred, sizeof cred, "http://alice:hunter2@127.0.0.1:%d/status/404", port);
	snprintf(shown, sizeof shown, "http://alice:***@127.0.0.1:%d/status/404", port);
	CHECK_INT(fetch(cred, &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: HTTP 404 Not Found: dataset not found on this test server", shown);
	CHECK_STR(err.msg, want);
	snprintf(cred, sizeof cred, "http://alice:hunter2@127.0.0.1:%d/drop/small.txt", port);
	CHECK_INT(fetch(cred, &o, &p, &err, &r), LL_EIO);
	CHECK(strstr(err.msg, "hunter2") == NULL && strstr(err.msg, "alice:***@") != NULL);
	CHECK_INT(fetch(cred, &o, &p, &err, &r), LL_OK);
	CHECK(same_bytes(p, small, small_len));
	free(p);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "grep -rl hunter2 '%s/loglab' >/dev/null 2>&1", cachedir);
	CHECK(system(cmd) != 0);
	snprintf(cmd, sizeof cmd, "grep -rlF 'alice:***@' '%s/loglab' >/dev/null 2>&1", cachedir);
	CHECK(system(cmd) == 0);
	free(upper);
}

/* Last: stops the server and checks the offline notice. */
static void test_offline(void)
{
	clear_cache();
	struct ds_fetch_opts o = {0};
	struct ds_fetch_result r;
	struct ll_err err;
	char *p = NULL;
	const char *u = url("/etag/small.txt");
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_OK);
	free(p);
	stop_server();
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_OK);
	CHECK_INT(r.offline, 1);
	CHECK_INT(r.from_cache, 1);
	CHECK(same_bytes(p, small, small_len));
	char want[600];
	snprintf(want, sizeof want, "%s: cannot connect: Connection refused; using the cached copy fetched ", u);
	CHECK(strncmp(r.note, want, strlen(want)) == 0);
	CHECK_STR(err.msg, r.note);
	free(p);
	/* --refresh insists on the server. */
	o.refresh = 1;
	CHECK_INT(fetch(u, &o, &p, &err, &r), LL_EIO);
	snprintf(want, sizeof want, "%s: cannot connect: Connection refused", u);
	CHECK_STR(err.msg, want);
}

int main(void)
{
	snprintf(root, sizeof root, "%s/ll-remote-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	atexit(cleanup);
	snprintf(datadir, sizeof datadir, "%s/data", root);
	snprintf(cachedir, sizeof cachedir, "%s/cache", root);
	snprintf(logpath, sizeof logpath, "%s/server.log", root);
	snprintf(portfile, sizeof portfile, "%s/port", root);
	mkdir(datadir, 0700);
	mkdir(cachedir, 0700);
	char b1[400];
	snprintf(b1, sizeof b1, "%s/bucket1", datadir);
	mkdir(b1, 0700);
	snprintf(b1, sizeof b1, "%s/bucket1/logs", datadir);
	mkdir(b1, 0700);
	setenv("XDG_CACHE_HOME", cachedir, 1);
	unsetenv("LOGLAB_CACHE_MAX");
	unsetenv("AWS_ENDPOINT_URL_S3");
	unsetenv("LOGLAB_S3_ENDPOINT");

	/* 10000 numbered lines (big) and 4 KiB of text (small). */
	big = malloc(400000);
	small = malloc(4097);
	for (int i = 0; i < 10000; i++)
		big_len += (size_t)sprintf(big + big_len, "line %05d kernel: event %d on cpu%d\n", i, i * 7 % 1000, i % 8);
	for (small_len = 0; small_len < 4096; small_len++)
		small[small_len] = (char)('a' + small_len % 26);
	small[4095] = '\n';
	write_file(datadir, "big.log", big, big_len);
	write_file(datadir, "small.txt", small, small_len);
	write_file(b1, "app 1+2.log", big, big_len);

	test_is_url();
	test_url_redact();
	start_server();
	test_plain_and_revalidate();
	test_resume();
	test_progress_cancel();
	test_faults();
	test_gzip_and_no_cache();
	test_s3();
	test_lru();
	test_hostile_servers();
	test_offline();
	free(big);
	free(small);
	TEST_MAIN_END();
}
