/*
 * test_badinput.c - every registered reader, detected and forced, against
 * inputs that are wrong in the ways real files are: missing, a directory,
 * unreadable, empty, no final newline, one 50 MB line, binary junk,
 * invalid UTF-8, truncated gzip, ragged CSV, malformed JSON, only blank
 * lines.
 *
 * Each load runs in a forked child with a 60 s alarm (in this process
 * under valgrind, see run_case), so a crash or a hang fails this one case
 * with its name instead of taking the run down or stalling CI. The child sends back the status and message; the parent
 * asserts: LL_OK, or a negative status whose message names the file; and
 * the exact class where the design fixes it (missing, directory and
 * unreadable files are I/O errors, truncated gzip and malformed JSON data
 * errors).
 */
#include "harness.h"

#include "ds_reader.h"

#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define WATCHDOG_SECS 60

static char tmpdir[] = "/tmp/ll_test_badinput_XXXXXX";

struct result {
	int rc;
	int ok_table;  /* for LL_OK: the table walked cleanly */
	size_t rows;
	double secs;
	char reader[32];
	char msg[LL_ERR_MSG_MAX];
};

static char *tpath(const char *name)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static void put(const char *path, const void *content, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(content, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(99);
	}
}

/* Touches every cell and label of a loaded table so a reader that built a
 * broken one fails here (under ASan) rather than later in a view. */
static int walk_table(const struct ll_table *t)
{
	size_t nr = ll_table_nrows(t), nc = ll_table_ncols(t), ncl = ll_table_nclasses(t);
	char buf[64];
	for (size_t c = 0; c < nc; c++)
		if (!ll_table_col_name(t, c))
			return 0;
	for (size_t r = 0; r < nr; r++) {
		int l = ll_table_label(t, r);
		if (l != LL_NO_LABEL && (l < 0 || (size_t)l >= ncl))
			return 0;
		for (size_t c = 0; c < nc; c++) {
			if (ll_table_col_type(t, c) == LL_COL_TEXT && !ll_table_text(t, r, c))
				return 0;
			ll_table_format_cell(t, r, c, buf, sizeof buf);
		}
	}
	for (size_t k = 0; k < ncl; k++)
		if (!ll_table_class_name(t, k))
			return 0;
	return 1;
}

static void load_into(const char *path, const char *format, struct result *res)
{
	struct ds_open_opts o = {.format = format};
	struct ll_table *t = NULL;
	const struct ds_reader *used = NULL;
	struct ll_err err;
	struct timespec a, b;
	ll_err_clear(&err);
	clock_gettime(CLOCK_MONOTONIC, &a);
	res->rc = ds_load(path, &o, &t, &used, &err);
	clock_gettime(CLOCK_MONOTONIC, &b);
	res->secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	snprintf(res->msg, sizeof res->msg, "%s", err.msg);
	if (res->rc == LL_OK) {
		res->ok_table = t && walk_table(t);
		res->rows = t ? ll_table_nrows(t) : 0;
		snprintf(res->reader, sizeof res->reader, "%s", used ? used->name : "?");
	}
	ll_table_free(t);
}

/* Runs one load in a child (as uid unless it is (uid_t)-1). Returns 0 with
 * *res filled, 1 when the child crashed or hung (reported), 2 when it
 * could not drop privileges. */
static int run_case(const char *path, const char *format, uid_t uid, struct result *res)
{
	int fds[2];
	memset(res, 0, sizeof *res);
	/* Under valgrind (LL_VALGRIND) every forked child pays for copying the
	 * tool's shadow memory as it touches pages, about 0.1 s a load, so the
	 * loads run in this process: valgrind reports a crash itself, and the
	 * leak check then covers every load. */
	if (uid == (uid_t)-1 && getenv("LL_VALGRIND")) {
		load_into(path, format, res);
		return 0;
	}
	if (pipe(fds) != 0)
		exit(99);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		exit(99);
	if (pid == 0) {
		close(fds[0]);
		alarm(WATCHDOG_SECS);
		if (uid != (uid_t)-1 && (setgid(uid) != 0 || setuid(uid) != 0))
			_exit(3);
		struct result r;
		memset(&r, 0, sizeof r);
		load_into(path, format, &r);
		ssize_t w = write(fds[1], &r, sizeof r);
		_exit(w == (ssize_t)sizeof r ? 0 : 4);
	}
	close(fds[1]);
	size_t got = 0;
	while (got < sizeof *res) {
		ssize_t n = read(fds[0], (char *)res + got, sizeof *res - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	int st;
	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
		return 2;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || got != sizeof *res) {
		if (WIFSIGNALED(st))
			fprintf(stderr, "CRASH/HANG: %s --format %s: signal %d%s\n", path, format ? format : "(auto)",
				WTERMSIG(st), WTERMSIG(st) == SIGALRM ? " (watchdog: hung)" : "");
		else
			fprintf(stderr, "CRASH: %s --format %s: child exit %d\n", path, format ? format : "(auto)",
				WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return 1;
	}
	return 0;
}

/* What the design fixes for a case, whatever the reader. */
enum want { ANY, WANT_EIO, WANT_EDATA, WANT_OK_AUTO };

struct bad_case {
	const char *name;
	char *path;
	enum want want;
	/* for malformed JSON: only the JSON readers (and detection, when
	 * json_only is 1) must say EDATA; 2: detection may read the lines as a
	 * log instead (the file is not nearly all JSON) */
	int json_only;
};

static double slowest;
static char slowest_what[600];

static void check_case(const struct bad_case *bc, const char *format, uid_t uid)
{
	struct result r;
	int s = run_case(bc->path, format, uid, &r);
	if (s == 2) {
		fprintf(stderr, "SKIP (part): cannot setuid(%d) for %s\n", (int)uid, bc->name);
		return;
	}
	const char *fmt = format ? format : "(auto)";
	ll_test_checks++;
	if (s != 0) {
		ll_test_failures++;
		return;
	}
	if (r.secs > slowest) {
		slowest = r.secs;
		snprintf(slowest_what, sizeof slowest_what, "%s --format %s", bc->name, fmt);
	}
	int good;
	if (r.rc == LL_OK)
		good = r.ok_table;
	else
		good = r.rc < 0 && r.msg[0] && strstr(r.msg, bc->path) != NULL;
	enum want w = bc->want;
	if (bc->json_only && format && strcmp(format, "json") != 0 && strcmp(format, "jsonl") != 0)
		w = ANY;
	if (bc->json_only == 2 && !format)
		w = ANY;
	if (w == WANT_EIO && r.rc != LL_EIO)
		good = 0;
	if (w == WANT_EDATA && r.rc != LL_EDATA)
		good = 0;
	if (w == WANT_OK_AUTO && !format && r.rc != LL_OK)
		good = 0;
	if (!good) {
		ll_test_failures++;
		fprintf(stderr, "FAILED: %s --format %s: status %d (%s)%s, message: \"%s\"\n", bc->name, fmt, r.rc,
			ll_status_name(r.rc), r.rc == LL_OK && !r.ok_table ? ", broken table" : "", r.msg);
	}
}

/* A tiny deterministic generator (xorshift64*), so the junk is the same every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static char *dup_path(const char *name) { return strdup(tpath(name)); }

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	/* A hang anywhere, even outside a child, fails rather than stalls. */
	alarm(20 * WATCHDOG_SECS);
	chmod(tmpdir, 0755);

	struct bad_case cases[16];
	size_t nc = 0;

	cases[nc++] = (struct bad_case){"missing file", dup_path("no-such-file.log"), WANT_EIO, 0};
	cases[nc++] = (struct bad_case){"directory", strdup(tmpdir), WANT_EIO, 0};

	char *p = dup_path("empty.log");
	put(p, "", 0);
	cases[nc++] = (struct bad_case){"empty file", p, ANY, 0};

	p = dup_path("no-newline.log");
	const char *nonl = "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown\n"
			   "Jun 14 15:16:02 combo sshd(pam_unix)[19937]: authentication failure; logname= uid=0";
	put(p, nonl, strlen(nonl));
	cases[nc++] = (struct bad_case){"no trailing newline", p, WANT_OK_AUTO, 0};

	/* 50 MB on one line, no newline at all: words, commas and braces so
	 * every reader finds something to start on. Under valgrind
	 * (LL_VALGRIND) 3 MB, still far past every sample and line bound (1 MB
	 * at most) and the field limit of a CSV record (DS_CSV_MAX_FIELDS, two
	 * commas every 42 bytes reach it at 2.1 MB), so the pass over all
	 * readers stays quick; 8 MB in a sanitizer build (LL_SANITIZED=1),
	 * where the 50 MB took 28 s of CPU. No bound of the readers lies
	 * between 3 and 50 MB. */
	int slow = getenv("LL_VALGRIND") != NULL;
	const char *san = getenv("LL_SANITIZED");
	size_t big = (size_t)(slow ? 3 : san && strcmp(san, "1") == 0 ? 8 : 50) << 20;
	char *buf = malloc(big);
	static const char chunk[] = "Jun 14 15:16:01 host a,b,\"c\" {x} [y] 12.5 ";
	for (size_t i = 0; i < big; i++)
		buf[i] = chunk[i % (sizeof chunk - 1)];
	p = dup_path("one-line.log");
	put(p, buf, big);
	cases[nc++] = (struct bad_case){"huge single line", p, ANY, 0};

	/* Binary junk with NULs (1 MB; 128 kB under valgrind, still twice
	 * the 64 kB the readers sniff). */
	size_t junk = slow ? 1 << 17 : 1 << 20;
	for (size_t i = 0; i < junk; i++)
		buf[i] = (char)(rnd() >> 56);
	for (size_t i = 0; i < junk; i += 97)
		buf[i] = 0;
	p = dup_path("junk.bin");
	put(p, buf, junk);
	cases[nc++] = (struct bad_case){"binary junk", p, ANY, 0};

	/* Invalid UTF-8: stray continuation bytes, overlong forms, a lone
	 * surrogate, truncated sequences, bytes that never occur. */
	const char *badutf = "Jun 14 15:16:01 combo app[1]: caf\xc3 ok\n"
			     "Jun 14 15:16:02 combo app[1]: \x80\xbf\xfe\xff\n"
			     "Jun 14 15:16:03 combo app[1]: overlong \xc0\xaf \xe0\x80\xaf\n"
			     "Jun 14 15:16:04 combo app[1]: surrogate \xed\xa0\x80 end \xf4\x90\x80\x80\n"
			     "Jun 14 15:16:05 combo app[1]: cut \xe2\x82\n";
	p = dup_path("bad-utf8.log");
	put(p, badutf, strlen(badutf));
	cases[nc++] = (struct bad_case){"invalid UTF-8", p, WANT_OK_AUTO, 0};

	/* Truncated gzip: a syslog text compressed, then cut in half. */
	size_t n = 0;
	for (int i = 0; i < 2000; i++)
		n += (size_t)snprintf(buf + n, big - n, "Jun 14 15:%02d:%02d combo sshd[%d]: session opened %d\n",
				      i / 60 % 60, i % 60, 1000 + i, (int)(rnd() % 100000));
	uLongf zlen = compressBound((uLong)n) + 64;
	unsigned char *z = malloc(zlen);
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = (unsigned char *)buf;
	zs.avail_in = (uInt)n;
	zs.next_out = z;
	zs.avail_out = (uInt)zlen;
	deflate(&zs, Z_FINISH);
	size_t zn = zlen - zs.avail_out;
	deflateEnd(&zs);
	p = dup_path("cut.log.gz");
	put(p, z, zn / 2);
	free(z);
	cases[nc++] = (struct bad_case){"truncated gzip", p, WANT_EDATA, 0};

	const char *ragged = "time,host,value\n2015-07-10 14:24:00,a,1\n2015-07-10 14:25:00,b\n"
			     "2015-07-10 14:26:00,c,3,extra,more\n\n2015-07-10 14:27:00,\"unclosed,4\n";
	p = dup_path("ragged.csv");
	put(p, ragged, strlen(ragged));
	cases[nc++] = (struct bad_case){"ragged CSV", p, ANY, 0};

	const char *badjson = "{\n  \"job\": {\n    \"state\": \"SUCCEEDED\",\n    \"acls\": [1, 2,\n";
	p = dup_path("bad.json");
	put(p, badjson, strlen(badjson));
	cases[nc++] = (struct bad_case){"malformed JSON", p, WANT_EDATA, 1};

	const char *badjsonl = "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3,}\n";
	p = dup_path("bad.jsonl");
	put(p, badjsonl, strlen(badjsonl));
	cases[nc++] = (struct bad_case){"malformed JSON Lines", p, WANT_EDATA, 2};

	p = dup_path("blank.log");
	put(p, "\n\n\n", 3);
	cases[nc++] = (struct bad_case){"only newlines", p, ANY, 0};
	free(buf);

	size_t nreaders = ds_reader_count();
	CHECK(nreaders >= 2);
	for (size_t i = 0; i < nc; i++) {
		check_case(&cases[i], NULL, (uid_t)-1);
		for (size_t k = 0; k < nreaders; k++)
			check_case(&cases[i], ds_reader_at(k)->name, (uid_t)-1);
	}

	/* No permission: only visible to a non-root user; as root, a child
	 * drops to nobody (65534). */
	p = dup_path("secret.log");
	put(p, "Jun 14 15:16:01 combo sshd[1]: x\n", 33);
	chmod(p, 0600);
	struct bad_case perm = {"permission denied", p, WANT_EIO, 0};
	if (getuid() != 0)
		chmod(p, 0);
	uid_t as = getuid() == 0 ? 65534 : (uid_t)-1;
	check_case(&perm, NULL, as);
	for (size_t k = 0; k < nreaders; k++)
		check_case(&perm, ds_reader_at(k)->name, as);
	chmod(p, 0600);

	fprintf(stderr, "%zu readers x %zu inputs; slowest load %.2f s (%s)\n", nreaders, nc + 1, slowest,
		slowest_what);
	for (size_t i = 0; i < nc; i++)
		free(cases[i].path);
	free(p);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", tmpdir);
	TEST_MAIN_END();
}
