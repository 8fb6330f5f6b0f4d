/*
 * test_mutate.c - deterministic mutation smoke test of every reader.
 *
 * Takes the first 16 KiB of one real file per format, applies seeded random
 * damage (bit flips, random bytes, truncation, inserted quotes, braces,
 * NULs and newlines, duplicated and deleted chunks, long runs of one byte)
 * and loads each mutant twice: with detection, and with the original's
 * format forced. A forked child with a watchdog does the loading (this
 * process under valgrind, see run_mutant), so a crash or hang is reported
 * with the seed that makes it and the mutant is kept for replay; errors
 * must carry a message naming the file.
 *
 * Formats ../shared lacks (Prometheus, InfluxDB, a sacct table) are seeded
 * from small files the test writes.
 *
 * LL_MUTATE_N (default 25; 4 under valgrind, LL_VALGRIND) mutants per
 * file; LL_MUTATE_SEED changes the seed base. The same values always give
 * the same mutants.
 */
#include "harness.h"

#include "ds_reader.h"

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define WATCHDOG_SECS 30
#define PREFIX_BYTES (16 * 1024)

static char tmpdir[] = "/tmp/ll_test_mutate_XXXXXX";

static const char *const sources[] = {
	"loghub/BGL/BGL_2k.log",
	"loghub/HDFS/HDFS_2k.log",
	"loghub/Linux/Linux_2k.log",
	"loghub2/BGL/BGL_2k.log",
	"loghub/BGL/BGL_2k.log_structured.csv",
	"dstat/pkb_dstat-0.7.2-result.csv",
	"dstat/pkb_pcp-dstat-5.0.3-result.csv",
	"smd/csv/machine-1-6_test.csv",
	"nab/data/realTraffic/TravelTime_387.csv",
	"hdfs_sessions/hdfs100k_block_sessions.csv",
	"hadoop_job_json/history_job_example.json",
	"fail2ban/logs/sshd",
};

/* Formats ../shared has no file of, written here: Prometheus text with
 * labels, escapes and an exemplar; InfluxDB line protocol; a sacct table
 * with durations and job steps. */
static const struct made {
	const char *name, *text;
} made[] = {
	{"metrics.prom",
	 "# HELP node_cpu_seconds_total Seconds.\n# TYPE node_cpu_seconds_total counter\n"
	 "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 2.58e+06 1700000000000\n"
	 "node_cpu_seconds_total{cpu=\"1\",mode=\"a \\\"q\\\" \\\\ b\"} 12 1700000000000\n"
	 "# TYPE rq histogram\nrq_bucket{le=\"+Inf\"} 3 # {trace_id=\"x\"} 1\nrq_sum NaN\nup 1\n"
	 "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 2.59e+06 1700000015000\n# EOF\n"},
	{"points.lp", "cpu,host=a,dc=x usage=1.5,idle=98i 1700000000000000000\n"
		      "mem,host=a used=\"12 GB\",ok=true 1700000000000000000\n"
		      "cpu,host=b\\ c usage=2 1700000010000000000\n"},
	{"jobs.psv", "JobID|State|Start|Elapsed|TotalCPU|MaxRSS\n"
		     "7|COMPLETED|2026-11-01T10:00:01|01:02:02|59:58.100|2048K\n"
		     "7.batch|COMPLETED|2026-11-01T10:00:01|01:02:02|59:58.100|3.9G\n"
		     "8|TIMEOUT|2026-11-01T10:07:00|1-00:00:00|23:59:01|\n"},
};

static uint64_t rng;
static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}
static size_t below(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

struct buf {
	char *p;
	size_t n, cap;
};

static void reserve(struct buf *b, size_t need)
{
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 1024;
	while (cap < need)
		cap *= 2;
	b->p = realloc(b->p, cap);
	if (!b->p)
		exit(99);
	b->cap = cap;
}

static void insert(struct buf *b, size_t at, const char *s, size_t n)
{
	reserve(b, b->n + n);
	memmove(b->p + at + n, b->p + at, b->n - at);
	memcpy(b->p + at, s, n);
	b->n += n;
}

/* One random change; the mix leans on bytes that matter to parsers. */
static void mutate_once(struct buf *b)
{
	static const char specials[] = "\"{}[],:\\#\t\r\n\0-|=";
	size_t at = below(b->n + 1);
	switch (below(8)) {
	case 0: /* flip a few bits */
		if (b->n)
			b->p[below(b->n)] ^= (char)(1u << below(8));
		break;
	case 1: /* any byte */
		if (b->n)
			b->p[below(b->n)] = (char)rnd();
		break;
	case 2: /* truncate */
		b->n = at;
		break;
	case 3: /* a special byte (NUL included) */
	case 4: {
		char c = specials[below(sizeof specials - 1)];
		insert(b, at, &c, 1);
		break;
	}
	case 5: { /* duplicate a chunk */
		size_t from = below(b->n), len = 1 + below(512);
		if (from + len > b->n)
			len = b->n - from;
		char tmp[512];
		memcpy(tmp, b->p + from, len);
		insert(b, at, tmp, len);
		break;
	}
	case 6: { /* delete a chunk */
		size_t len = 1 + below(256);
		if (at + len > b->n)
			len = b->n - at;
		memmove(b->p + at, b->p + at + len, b->n - at - len);
		b->n -= len;
		break;
	}
	default: { /* a long run of one byte: long fields, deep nesting */
		char run[4096];
		size_t len = 64 + below(sizeof run - 64);
		memset(run, specials[below(sizeof specials - 1)], len);
		insert(b, at, run, len);
		break;
	}
	}
}

static void put(const char *path, const char *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(99);
	}
}

struct outcome {
	int rc[2];
	int bad_msg[2];
};

/* In the child: both loads, each error checked for a message naming path. */
static void load_both(const char *path, const char *format, struct outcome *o)
{
	for (int k = 0; k < 2; k++) {
		struct ds_open_opts opts = {.format = k ? format : NULL};
		struct ll_table *t = NULL;
		struct ll_err err;
		ll_err_clear(&err);
		o->rc[k] = ds_load(path, &opts, &t, NULL, &err);
		if (o->rc[k] != LL_OK) {
			o->bad_msg[k] = !err.msg[0] || !strstr(err.msg, path) || o->rc[k] < LL_ECANCEL;
			if (o->bad_msg[k])
				fprintf(stderr, "bad error from %s (format %s): status %d, \"%s\"\n", path,
					k ? format : "(auto)", o->rc[k], err.msg);
		} else {
			/* Touch every cell: a broken table shows up under ASan here. */
			char cell[32];
			for (size_t r = 0; r < ll_table_nrows(t); r++)
				for (size_t c = 0; c < ll_table_ncols(t); c++)
					ll_table_format_cell(t, r, c, cell, sizeof cell);
		}
		ll_table_free(t);
	}
}

/* The original and the mutant. File scope keeps them reachable from a
 * forked child, so valgrind (which checks children too) does not call the
 * parent's buffers lost when a child exits. */
static struct buf orig, m;

/* Returns 0 when both loads finished and any errors were well formed. */
static int run_mutant(const char *path, const char *format, struct outcome *o)
{
	int fds[2];
	memset(o, 0, sizeof *o);
	/* Under valgrind (LL_VALGRIND) a forked child pays about 0.1 s copying
	 * the tool's shadow memory, so the loads run in this process: valgrind
	 * reports a crash itself, and its leak check then covers the loads. */
	if (getenv("LL_VALGRIND")) {
		load_both(path, format, o);
		return o->bad_msg[0] || o->bad_msg[1];
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
		struct outcome r;
		memset(&r, 0, sizeof r);
		load_both(path, format, &r);
		_exit(write(fds[1], &r, sizeof r) == (ssize_t)sizeof r ? 0 : 4);
	}
	close(fds[1]);
	ssize_t got = read(fds[0], o, sizeof *o);
	close(fds[0]);
	int st;
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st)) {
		fprintf(stderr, "CRASH/HANG on %s (format %s): signal %d%s\n", path, format, WTERMSIG(st),
			WTERMSIG(st) == SIGALRM ? " (watchdog)" : "");
		return 1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || got != (ssize_t)sizeof *o) {
		fprintf(stderr, "CRASH on %s (format %s): child exit %d\n", path, format,
			WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return 1;
	}
	return o->bad_msg[0] || o->bad_msg[1];
}

int main(void)
{
	ll_test_data_dir();
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	alarm(600);
	const char *e = getenv("LL_MUTATE_N");
	/* under valgrind fewer random mutants on the same readers: their loads
	 * were half of its 16 s of CPU; the undamaged prefix still runs */
	long per_file = e ? atol(e) : getenv("LL_VALGRIND") ? 4 : 25;
	e = getenv("LL_MUTATE_SEED");
	uint64_t seed_base = e ? strtoull(e, NULL, 0) : 20240611;
	size_t total = 0, errors = 0, crashes = 0, nfiles = 0;

	const size_t nsources = sizeof sources / sizeof *sources, nmade = sizeof made / sizeof *made;
	for (size_t f = 0; f < nsources + nmade; f++) {
		char made_path[600];
		const char *name = f < nsources ? sources[f] : made[f - nsources].name, *src = made_path;
		if (f < nsources) {
			src = ll_test_data(sources[f]);
		} else {
			snprintf(made_path, sizeof made_path, "%s/seed_%s", tmpdir, name);
			put(made_path, made[f - nsources].text, strlen(made[f - nsources].text));
		}
		FILE *in = fopen(src, "rb");
		if (!in) {
			fprintf(stderr, "FAILED: cannot read %s\n", src);
			ll_test_checks++;
			ll_test_failures++;
			continue;
		}
		reserve(&orig, PREFIX_BYTES);
		orig.n = fread(orig.p, 1, PREFIX_BYTES, in);
		fclose(in);
		/* The original's format, as detection finds it on the full file. */
		struct ds_open_opts opts = {0};
		struct ll_table *t = NULL;
		const struct ds_reader *used = NULL;
		struct ll_err err;
		int rc = ds_load(src, &opts, &t, &used, &err);
		ll_table_free(t);
		CHECK_INT(rc, LL_OK);
		if (rc != LL_OK || !used) {
			fprintf(stderr, "cannot load original %s: %s\n", src, err.msg);
			continue;
		}
		char format[64];
		snprintf(format, sizeof format, "%s", used->name);
		fprintf(stderr, "%-45s detected as %s\n", name, format);
		nfiles++;

		const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
		char path[600];
		snprintf(path, sizeof path, "%s/%s", tmpdir, base);
		for (long k = 0; k <= per_file; k++) {
			uint64_t seed = seed_base + f * 100003u + (uint64_t)k;
			rng = seed * 0x9e3779b97f4a7c15ull + 1;
			m.n = 0;
			reserve(&m, orig.n);
			memcpy(m.p, orig.p, orig.n);
			m.n = orig.n;
			/* k == 0 is the undamaged 16 KiB prefix. */
			size_t nmut = k ? 1 + below(6) : 0;
			for (size_t i = 0; i < nmut; i++)
				mutate_once(&m);
			put(path, m.p, m.n);
			struct outcome o;
			int bad = run_mutant(path, format, &o);
			ll_test_checks++;
			total++;
			errors += (o.rc[0] != LL_OK) + (o.rc[1] != LL_OK);
			if (bad) {
				ll_test_failures++;
				crashes++;
				char keep[700];
				snprintf(keep, sizeof keep, "/tmp/ll_mutant_%s_%llu", base, (unsigned long long)seed);
				put(keep, m.p, m.n);
				fprintf(stderr, "  seed %llu (file %s, mutant %ld); kept as %s\n",
					(unsigned long long)seed, name, k, keep);
			}
		}
	}
	fprintf(stderr, "%zu files, %zu mutants, %zu loads ended in an error (expected), %zu failures\n", nfiles, total,
		errors, crashes);
	CHECK(nfiles == nsources + nmade);
	free(orig.p);
	free(m.p);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", tmpdir);
	TEST_MAIN_END();
}
