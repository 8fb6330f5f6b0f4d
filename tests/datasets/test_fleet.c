/*
 * test_fleet.c - fleets: many log files merged on one timeline.
 *
 * Generated fleets (bench/gen_fleet, run here) come with the order a
 * correct merge must give, computed by the generator from what it knows
 * (each line's true instant, file order, line) and not by parsing what it
 * wrote. Every row is checked against it: file and line, host, the year
 * of its stamp. Shapes vary so nothing is tuned to one: hosts with skewed
 * clocks, gzip'd rotations, a new year inside a file and at a rotation
 * (inside a gzip'd file longer than what is inflated at open too),
 * continuation lines without stamps, many equal stamps (ties), a leap day,
 * mtimes that lie (every file touched now), an untimed and an empty file.
 * Then: rotation suffixes, discovery (globs, lists, duplicates, sidecar
 * files, symlink loops, errors), files left out with a note (binary, a CSV
 * table, unreadable), a truncated gzip, random access against sequential
 * reads across checkpoints, rows of a file, tail mode (lines appended, a
 * partial last line completed, a rotation while open, a new host), and the
 * dataset interface on top (columns, cells, times, notes); the fleet as one
 * table and one fingerprint (labels from a file's own journal).
 */
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "ds_dataset.h"
#include "ds_fleet.h"
#include "ds_fleet_table.h"
#include "ds_labels.h"
#include "ll_labels.h"
#include "harness.h"

static char tmpdir[256];
static char gen[1024];

static void wait_fleet(struct ds_fleet *f)
{
	for (int i = 0; i < 20000 && !ds_fleet_complete(f); i++) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
}

static int run(const char *cmd)
{
	int rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	return rc;
}

static void put_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

static void append_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "a");
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

static void set_mtime(const char *path, long long t)
{
	struct timeval tv[2] = {{(time_t)t, 0}, {(time_t)t, 0}};
	utimes(path, tv);
}

static struct ds_fleet *open1(const char *spec, struct ll_err *err)
{
	struct ds_fleet *f = NULL;
	if (ds_fleet_open(&f, &spec, 1, NULL, NULL, err) != LL_OK) {
		fprintf(stderr, "open %s: %s\n", spec, err->msg);
		return NULL;
	}
	wait_fleet(f);
	return f;
}

struct expect {
	char (*file)[64];
	size_t *line;
	size_t n;
};

static int load_expected(const char *path, struct expect *e)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return -1;
	size_t cap = 1024;
	e->n = 0;
	e->file = malloc(cap * sizeof *e->file);
	e->line = malloc(cap * sizeof *e->line);
	char name[64];
	size_t line;
	while (fscanf(fp, "%63s %zu", name, &line) == 2) {
		if (e->n == cap) {
			cap *= 2;
			e->file = realloc(e->file, cap * sizeof *e->file);
			e->line = realloc(e->line, cap * sizeof *e->line);
		}
		memcpy(e->file[e->n], name, sizeof name);
		e->line[e->n++] = line;
	}
	fclose(fp);
	return 0;
}

/* The stamp's year as the row's text shows it on the calendar of time t. */
static int year_of(double t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return tm.tm_year + 1900;
}

/* Generates a fleet with args, merges it and compares every row with the
 * generator's expected order; returns rows compared. touch_now: set every
 * file's mtime to now first (mtimes that lie). */
static size_t check_generated(const char *name, const char *args, int touch_now)
{
	char dir[512], exp[600], cmd[4096];
	snprintf(dir, sizeof dir, "%s/%s", tmpdir, name);
	snprintf(exp, sizeof exp, "%s/%s.expected", tmpdir, name);
	snprintf(cmd, sizeof cmd, "'%s' %s -e '%s' '%s'", gen, args, exp, dir);
	CHECK_INT(run(cmd), 0);
	if (touch_now) {
		snprintf(cmd, sizeof cmd, "find '%s' -type f -exec touch {} +", dir);
		CHECK_INT(run(cmd), 0);
	}
	struct expect e = {0};
	CHECK_INT(load_expected(exp, &e), 0);
	struct ll_err err;
	struct ds_fleet *f = open1(dir, &err);
	CHECK(f != NULL);
	if (!f)
		return 0;
	CHECK(ds_fleet_complete(f));
	CHECK_INT(ds_fleet_nrows(f), e.n);
	struct ds_fleet_iter *it;
	CHECK_INT(ds_fleet_iter_new(f, 0, &it), LL_OK);
	size_t row, bad = 0, badyear = 0, badhost = 0;
	struct ds_fleet_row r;
	size_t *per_file = calloc(ds_fleet_nfiles(f), sizeof *per_file);
	int last_year = 0;
	while (ds_fleet_iter_next(it, &row, &r)) {
		const char *fname = ds_fleet_file_name(f, r.file);
		if (row >= e.n || strcmp(fname, e.file[row]) != 0 || r.line + 1 != e.line[row]) {
			if (bad++ < 5)
				fprintf(stderr, "%s: row %zu: got %s:%zu, expected %s:%zu\n", name, row, fname,
					r.line + 1, row < e.n ? e.file[row] : "-", row < e.n ? e.line[row] : 0);
		}
		per_file[r.file]++;
		/* hosts: the header's (nodeNN) on stamped lines, the folder's on
		 * continuation lines: the same name either way here */
		const char *host = ds_fleet_host_name(f, r.host);
		if (strncmp(fname, "misc/", 5) != 0 && (!host || strncmp(fname, host, strlen(host)) != 0))
			badhost++;
		/* years never go back on the timeline, and the new year comes once */
		if (r.year && r.year < last_year)
			badyear++;
		if (r.year)
			last_year = r.year;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(badhost, 0);
	CHECK_INT(badyear, 0);
	CHECK_INT(row + 1, e.n);
	for (size_t i = 0; i < ds_fleet_nfiles(f); i++)
		CHECK_INT(per_file[i], ds_fleet_file_rows(f, i));
	free(per_file);
	ds_fleet_iter_free(it);
	ds_fleet_close(f);
	free(e.file);
	free(e.line);
	return e.n;
}

static void test_generated(void)
{
	/* The default shape: 6 hosts x kern.log, .1, .2.gz, .3.gz over new
	 * year, skewed clocks, continuation lines, untimed + empty files. */
	CHECK(check_generated("default", "-c -u", 0) > 8000);
	/* Unseen shapes: many hosts and ties (one-second gaps, no skew), a
	 * leap day crossed, a long chain of plain rotations, a different seed. */
	CHECK(check_generated("ties", "-s 7 -n 40 -r 1 -l 60 -g 1 -k 0", 0) == 40 * 2 * 60);
	CHECK(check_generated("leap", "-s 3 -n 3 -r 5 -P -l 200 -g 1800 -t 1582934400 -k 300", 0) == 3 * 6 * 200);
	CHECK(check_generated("lying-mtimes", "-s 11 -n 4 -r 2 -l 150 -c", 1) > 4 * 3 * 150);
}

/* The years rows get, against the stamps' true years, on the default fleet. */
static void test_years(void)
{
	char dir[512];
	snprintf(dir, sizeof dir, "%s/default", tmpdir);
	struct ll_err err;
	struct ds_fleet *f = open1(dir, &err);
	CHECK(f != NULL);
	if (!f)
		return;
	size_t n2023 = 0, n2024 = 0;
	for (size_t i = 0; i < ds_fleet_nfiles(f); i++) {
		const char *name = ds_fleet_file_name(f, i);
		int y = ds_fleet_file_year(f, i);
		if (strstr(name, "kern.log.3.gz") || strstr(name, "kern.log.2.gz") || strstr(name, "kern.log.1"))
			CHECK_INT(y, 2023);
		else if (strstr(name, "/kern.log"))
			CHECK_INT(y, 2024);
		if (strstr(name, "console.txt"))
			CHECK(ds_fleet_file_untimed(f, i));
		double lo, hi;
		ds_fleet_file_time_range(f, i, &lo, &hi);
		if (strstr(name, "kern.log.1")) {
			/* the new year falls inside kern.log.1 */
			CHECK_INT(year_of(lo), 2023);
			CHECK_INT(year_of(hi), 2024);
		}
	}
	struct ds_fleet_iter *it;
	ds_fleet_iter_new(f, 0, &it);
	struct ds_fleet_row r;
	while (ds_fleet_iter_next(it, NULL, &r)) {
		if (r.year == 2023)
			n2023++;
		else if (r.year == 2024)
			n2024++;
		if (r.year == 2024 && r.len > 3 && memcmp(r.text, "Dec", 3) == 0)
			CHECK(!"a December line got the new year");
		if (r.year == 2023 && r.len > 3 && memcmp(r.text, "Jan", 3) == 0)
			CHECK(!"a January line kept the old year");
	}
	ds_fleet_iter_free(it);
	CHECK(n2023 > 1000 && n2024 > 1000);
	/* hosts in order of first appearance, plus the untimed file's folder */
	CHECK_INT(ds_fleet_nhosts(f), 7);
	ds_fleet_close(f);
}

/* A yearless file whose year turns inside it, copied in December (its
 * last stamp, in January, no newer than the copy): gzip'd, longer than
 * what is inflated at open, it reads last year's December into this
 * year's January, as it does alone and as a plain file does in a fleet
 * (the first stamp alone put it all after the copy was made). */
static void test_years_compressed(void)
{
	char dir[512], p[600];
	snprintf(dir, sizeof dir, "%s/turned", tmpdir);
	mkdir(dir, 0755);
	snprintf(p, sizeof p, "%s/db.log.gz", dir);
	gzFile gz = gzopen(p, "wb");
	if (!gz)
		return;
	/* Dec 3 09:00 to Jan 3 09:25: 40000 lines 67 s apart, each with a
	 * token that does not compress, so the file is over the megabyte of
	 * input inflated a slice at a time */
	long long start = 1764752400; /* 2025-12-03 09:00:00 UTC */
	uint64_t x = 12345;
	for (int i = 0; i < 40000; i++) {
		time_t t = (time_t)(start + 67LL * i);
		struct tm tm;
		gmtime_r(&t, &tm);
		char stamp[32];
		strftime(stamp, sizeof stamp, "%b %e %H:%M:%S", &tm);
		gzprintf(gz, "%s db postgres[%d]: statement %d trace", stamp, 200 + i % 5, i);
		for (int k = 0; k < 4; k++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			gzprintf(gz, "%016llx", (unsigned long long)x);
		}
		gzputs(gz, "\n");
	}
	gzclose(gz);
	CHECK(start + 67LL * 39999 > 1767225600); /* the last line is in 2026 */
	struct stat st;
	CHECK(stat(p, &st) == 0 && st.st_size > (1 << 20));
	set_mtime(p, 1796558400);                 /* 2026-12-06 12:00 UTC */
	struct ll_err err;
	struct ds_fleet *f = open1(dir, &err);
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(ds_fleet_nfiles(f), 1);
	double lo = 0, hi = 0;
	ds_fleet_file_time_range(f, 0, &lo, &hi);
	CHECK_INT(year_of(lo), 2025);
	CHECK_INT(year_of(hi), 2026);
	CHECK_INT(ds_fleet_file_year(f, 0), 2025);
	ds_fleet_close(f);
}

/* A yearless file written newest first, back by days (Sep 6, then Aug
 * 20..22) and copied in December, reads in one year in a fleet as it
 * does alone (ds_source_year): lines out of order are no new year, the
 * year turns at a half-year step back only (ds_year_walk). A stamp after
 * a program's name (a controller's "*task: Sep 06 ...") and one that
 * opens the line alike. */
static void test_years_newest_first(void)
{
	static const char *const texts[] = {
	    "Sep  6 23:08:09 wlc dtl[1]: a\nSep  6 21:46:20 wlc apf[2]: b\nAug 22 10:00:00 wlc sisf[3]: c\n"
	    "Aug 20 11:26:35 wlc sisf[3]: d\n",
	    "<132>WLC001: *dtlArpTask: Sep 06 23:08:09.371: %DTL-4-ARP: a\n"
	    "<134>WLC001: *haSSOServiceTask0: Sep 06 21:46:20.390: %APF-6-USER: b\n"
	    "<134>WLC001: *sisfSwitcherTask: Aug 22 10:00:00.000: %SISF-6-ENTRY: c\n"
	    "<134>WLC001: *sisfSwitcherTask: Aug 20 11:26:35.845: %SISF-6-ENTRY: d\n",
	};
	for (size_t k = 0; k < 2; k++) {
		char dir[512], p[600];
		snprintf(dir, sizeof dir, "%s/newest%zu", tmpdir, k);
		mkdir(dir, 0755);
		snprintf(p, sizeof p, "%s/wlc.log", dir);
		put_file(p, texts[k]);
		set_mtime(p, 1796558400); /* 2026-12-06 12:00 UTC */
		struct ll_err err;
		struct ds_fleet *f = open1(dir, &err);
		CHECK(f != NULL);
		if (!f)
			continue;
		double lo = 0, hi = 0;
		ds_fleet_file_time_range(f, 0, &lo, &hi);
		CHECK_INT(year_of(lo), 2026);
		CHECK_INT(year_of(hi), 2026);
		CHECK_INT(ds_fleet_file_year(f, 0), 2026);
		ds_fleet_close(f);
	}
}

/* Random lookups agree with a sequential pass, across checkpoints. */
static void test_random_access(void)
{
	char dir[512], cmd[2048];
	snprintf(dir, sizeof dir, "%s/big", tmpdir);
	snprintf(cmd, sizeof cmd, "'%s' -s 5 -n 9 -r 2 -l 1500 -c '%s'", gen, dir);
	CHECK_INT(run(cmd), 0);
	struct ll_err err;
	struct ds_fleet *f = open1(dir, &err);
	CHECK(f != NULL);
	if (!f)
		return;
	size_t n = ds_fleet_nrows(f);
	CHECK(n > 9 * 3 * 1500);
	size_t *file = malloc(n * sizeof *file), *line = malloc(n * sizeof *line);
	uint32_t *hash = malloc(n * sizeof *hash);
	struct ds_fleet_iter *it;
	ds_fleet_iter_new(f, 0, &it);
	struct ds_fleet_row r;
	size_t row;
	while (ds_fleet_iter_next(it, &row, &r)) {
		file[row] = r.file;
		line[row] = r.line;
		hash[row] = (uint32_t)crc32(0, (const unsigned char *)r.text, (uInt)r.len);
	}
	ds_fleet_iter_free(it);
	uint64_t s = 12345;
	size_t bad = 0;
	/* 600 random rows under valgrind (LL_VALGRIND), where each costs 3 ms
	 * of CPU: still about 20 in each of the 27 files, compressed or not */
	int nrandom = getenv("LL_VALGRIND") ? 600 : 3000;
	for (int k = 0; k < nrandom; k++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		size_t q = (size_t)(s >> 33) % n;
		if (!ds_fleet_row(f, q, &r) || r.file != file[q] || r.line != line[q] ||
		    (uint32_t)crc32(0, (const unsigned char *)r.text, (uInt)r.len) != hash[q])
			bad++;
		CHECK_INT(ds_fleet_row_file(f, q), file[q]);
	}
	CHECK_INT(bad, 0);
	/* backwards, one by one */
	bad = 0;
	for (size_t q = n; q-- > n - 300;)
		if (!ds_fleet_row(f, q, &r) || r.line != line[q])
			bad++;
	CHECK_INT(bad, 0);
	CHECK(!ds_fleet_row(f, n, &r));
	/* rows of a file */
	size_t fi = file[n / 2], nf = ds_fleet_file_rows(f, fi);
	size_t *rows = malloc(nf * sizeof *rows);
	CHECK_INT(ds_fleet_rows_of_file(f, fi, rows, nf), LL_OK);
	bad = 0;
	for (size_t k = 0; k < nf; k++)
		if (file[rows[k]] != fi || line[rows[k]] != k)
			bad++;
	CHECK_INT(bad, 0);
	CHECK(ds_fleet_bytes_per_row(f) <= 5.5);
	free(rows);
	free(file);
	free(line);
	free(hash);
	ds_fleet_close(f);
}

static void test_rotation_key(void)
{
	double age;
	CHECK_INT(ds_fleet_rotation_key("kern.log", &age), 8);
	CHECK(age == 0);
	CHECK_INT(ds_fleet_rotation_key("kern.log.1", &age), 8);
	CHECK(age == 1);
	double a2;
	CHECK_INT(ds_fleet_rotation_key("kern.log.2.gz", &a2), 8);
	CHECK(a2 > 2 && a2 < 3);
	double d1, d2;
	CHECK_INT(ds_fleet_rotation_key("syslog-20240105", &d1), 6);
	CHECK_INT(ds_fleet_rotation_key("syslog-20240112.gz", &d2), 6);
	CHECK(d1 > d2 && d2 > 100);
	CHECK_INT(ds_fleet_rotation_key("app.log.gz", &age), 7);
	CHECK(age > 0 && age < 1);
	/* logrotate's other compressors */
	CHECK_INT(ds_fleet_rotation_key("kern.log.3.xz", &age), 8);
	CHECK(age > 3 && age < 4);
	CHECK_INT(ds_fleet_rotation_key("kern.log.4.zst", &age), 8);
	CHECK(age > 4 && age < 5);
	CHECK_INT(ds_fleet_rotation_key("syslog-20240105.bz2", &age), 6);
	CHECK(age > 100);
	CHECK_INT(ds_fleet_rotation_key("notes.xzz", &age), 9);
	CHECK_INT(ds_fleet_rotation_key("kern.log.5.lz4", &age), 8);
	CHECK(age > 5 && age < 6);
	CHECK_INT(ds_fleet_rotation_key("kern.log.6.lzma", &age), 8);
	CHECK(age > 6 && age < 7);
	CHECK_INT(ds_fleet_rotation_key("messages-20240105.Z", &age), 8);
	CHECK(age > 100);
	CHECK_INT(ds_fleet_rotation_key("notes.z", &age), 7); /* compress's suffix is a capital */
	/* a name ending in numbers is not rotated */
	CHECK_INT(ds_fleet_rotation_key("10.0.0.7", &age), 8);
	CHECK(age == 0);
	CHECK_INT(ds_fleet_rotation_key("node.12345", &age), 10);
	CHECK_INT(ds_fleet_rotation_key(".1", &age), 2);
	/* dated suffixes other writers give: log4j's hourly and daily ones,
	 * Python's, dashed dates; the older the larger, all older than .N */
	double h16, h17, day, py;
	CHECK_INT(ds_fleet_rotation_key("server.log.2016-12-19-16", &h16), 10);
	CHECK_INT(ds_fleet_rotation_key("server.log.2016-12-19-17", &h17), 10);
	CHECK_INT(ds_fleet_rotation_key("server.log.2016-12-18", &day), 10);
	CHECK(day > h16 && h16 > h17 && h17 > 100);
	CHECK_INT(ds_fleet_rotation_key("app.log.2024-01-05_13-00-00.gz", &py), 7);
	CHECK_INT(ds_fleet_rotation_key("app.log.2024-01-05_12-00-00", &age), 7);
	CHECK(age > py);
	CHECK_INT(ds_fleet_rotation_key("db_2024-01-05T10", &age), 2);
	CHECK_INT(ds_fleet_rotation_key("syslog.20240105", &age), 6);
	/* the dateext stamp and the dashed date of one day are one age */
	CHECK_INT(ds_fleet_rotation_key("kern.log-2024-01-05", &d1), 8);
	CHECK_INT(ds_fleet_rotation_key("kern.log-20240105", &d2), 8);
	CHECK(d1 == d2);
	/* numbers that are no date stay in the name */
	CHECK_INT(ds_fleet_rotation_key("app-12345678", &age), 12);
	CHECK_INT(ds_fleet_rotation_key("report-2024-13-05", &age), 17);
	CHECK_INT(ds_fleet_rotation_key("2024-01-05", &age), 10);
	CHECK_INT(ds_fleet_rotation_key("run-2024-01", &age), 11);
}

/* Chain keys: the rotation key, and a date opening the name or standing
 * before its extension (a counter after it) left out; what the rotation
 * key alone chains is unchanged. */
static void test_chain_key(void)
{
	static const struct {
		const char *name, *key;
	} cases[] = {
	    {"kern.log", "kern.log"},
	    {"kern.log.2.gz", "kern.log"},
	    {"syslog-20240105.gz", "syslog"},
	    {"server.log.2016-12-19-16", "server.log"},
	    {"2024-01-01-app.log", "app.log"},
	    {"2023-07-15T21:18:51-kubelet-kind-worker.log.txt", "kubelet-kind-worker.log.txt"},
	    {"20240101_app.log", "app.log"},
	    {"app-2024-01-01.log", "app.log"},
	    {"app_20240101.log.gz", "app.log"},
	    {"app.2024-01-01.0.log", "app.log"},
	    {"app.2024-01-01.12.log", "app.log"},
	    {"app-2024-01-01.log.txt", "app.log.txt"},
	    /* a date and an extension alone keep the date: no name is left */
	    {"20240101.log", "20240101.log"},
	    {"2024-01-05", "2024-01-05"},
	    /* a date elsewhere, or no date, stays */
	    {"app-2024-01-01-worker.log", "app-2024-01-01-worker.log"},
	    {"app-2024-01-01.v2.log", "app-2024-01-01.v2.log"},
	    {"report-2024-13-05.log", "report-2024-13-05.log"},
	    {"node-12345678.log", "node-12345678.log"},
	    {"10.0.0.7", "10.0.0.7"},
	    /* a two-digit year's date glued to letters before the extension
	     * (IIS's daily and hourly files); a host's number is no date */
	    {"u_ex211201.log", "u_ex.log"},
	    {"ex21120113.log", "ex.log"},
	    {"u_ex211201.log.gz", "u_ex.log"},
	    {"rack123456.log", "rack123456.log"},
	    {"web01.log", "web01.log"},
	    {"node-211201.log", "node-211201.log"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		char key[128];
		double age;
		size_t n = ds_fleet_chain_key(cases[k].name, key, &age);
		CHECK_STR(key, cases[k].key);
		CHECK_INT(n, strlen(cases[k].key));
	}
	/* ages: by date, then the counter, the undated file newest */
	double a0, a1, b0, base, gz;
	char key[64];
	ds_fleet_chain_key("app.2024-01-01.0.log", key, &a0);
	ds_fleet_chain_key("app.2024-01-01.1.log", key, &a1);
	ds_fleet_chain_key("app.2024-01-02.0.log", key, &b0);
	ds_fleet_chain_key("app.log", key, &base);
	CHECK(a0 > a1 && a1 > b0 && b0 > base && base == 0);
	ds_fleet_chain_key("2024-01-01-app.log", key, &a0);
	ds_fleet_chain_key("2024-01-02-app.log.gz", key, &gz);
	CHECK(a0 > gz && gz > 100);
	ds_fleet_chain_key("u_ex211130.log", key, &a0);
	ds_fleet_chain_key("u_ex211201.log", key, &b0);
	CHECK(a0 > b0 && b0 > 100);
	/* a folder and its name's key */
	char *c = ds_fleet_chain_of("/logs/web/app-2024-01-01.log", &a0);
	CHECK_STR(c, "/logs/web/app.log");
	free(c);
	c = ds_fleet_chain_of("2024-01-01-app.log", &a0);
	CHECK_STR(c, "app.log");
	free(c);
}

/* Daily files named by their date are one chain, ordered by date, of the
 * host their name says; yearless stamps take the year of those dates,
 * not of the copy's modification times (2019), with a note. */
static void test_dated_names(void)
{
	char dir[512], p[700];
	snprintf(dir, sizeof dir, "%s/dated", tmpdir);
	mkdir(dir, 0755);
	const char *names[] = {"2024-01-02-app.log", "2023-12-31-app.log", "web.2024-01-01.1.log", "web.2024-01-01.0.log",
			       "web.log"};
	const char *lines[] = {"Jan  2 10:00:00 h app: c\n", "Dec 31 23:00:00 h app: a\nJan  1 01:00:00 h app: b\n",
			       "Jan  1 12:00:00 h web: y\n", "Jan  1 11:00:00 h web: x\n", "Jan  3 00:00:00 h web: z\n"};
	for (size_t i = 0; i < 5; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		put_file(p, lines[i]);
		set_mtime(p, 1551441600); /* 2019-03-01 */
	}
	struct ds_fleet_list *l;
	struct ll_err err;
	const char *spec = dir;
	CHECK_INT(ds_fleet_find(&spec, 1, &l, &err), LL_OK);
	CHECK_INT(l->n, 5);
	CHECK_INT(l->nchains, 2);
	if (l->n == 5) {
		CHECK_STR(l->e[0].name, "2023-12-31-app.log");
		CHECK_STR(l->e[1].name, "2024-01-02-app.log");
		CHECK_STR(l->e[2].name, "web.2024-01-01.0.log");
		CHECK_STR(l->e[3].name, "web.2024-01-01.1.log");
		CHECK_STR(l->e[4].name, "web.log");
		CHECK_STR(l->e[0].host, "app");
		CHECK_STR(l->e[2].host, "web");
		CHECK_INT(l->e[0].chain, l->e[1].chain);
		CHECK_INT(l->e[2].chain, l->e[4].chain);
	}
	ds_fleet_list_free(l);
	struct ds_fleet *f = open1(dir, &err);
	CHECK(f != NULL);
	if (!f)
		return;
	for (size_t i = 0; i < ds_fleet_nfiles(f); i++) {
		const char *name = ds_fleet_file_name(f, i);
		double lo, hi;
		ds_fleet_file_time_range(f, i, &lo, &hi);
		if (strstr(name, "2023-12-31")) {
			CHECK_INT(year_of(lo), 2023);
			CHECK_INT(year_of(hi), 2024); /* the year turns in it */
		} else if (strcmp(name, "web.log") != 0)
			CHECK_INT(year_of(lo), 2024);
	}
	int noted = 0;
	for (size_t i = 0; i < ds_fleet_nnotes(f); i++)
		noted += strstr(ds_fleet_note(f, i), "in 4 files read in the year of the dates in their names") != NULL;
	CHECK_INT(noted, 1);
	ds_fleet_close(f);
	/* a journal's preamble says its year before its name does, in a fleet
	 * as alone */
	snprintf(dir, sizeof dir, "%s/preamble", tmpdir);
	mkdir(dir, 0755);
	snprintf(p, sizeof p, "%s/2023-07-15-journal.txt", dir);
	put_file(p, "-- Logs begin at Wed 2021-07-14 02:18:24 UTC. --\nJul 16 02:08:52 h p[1]: x\n");
	set_mtime(p, 1551441600);
	f = open1(dir, &err);
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(ds_fleet_nfiles(f), 1);
	CHECK_INT(ds_fleet_file_year(f, 0), 2021);
	for (size_t i = 0; i < ds_fleet_nnotes(f); i++)
		CHECK(strstr(ds_fleet_note(f, i), "date in the file's name") == NULL);
	ds_fleet_close(f);
}

/* Two files of one chain whose times overlap (one journal dumped twice
 * into two dated files): the newer starts before the older ends, so it is
 * merged by time with it, not read after it, and a note names both; a
 * chain whose next file starts where the older ends stays one stream,
 * without the note. */
static void test_overlapping_chain(void)
{
	char dir[512], p[700];
	for (int overlap = 1; overlap >= 0; overlap--) {
		snprintf(dir, sizeof dir, "%s/overlap%d", tmpdir, overlap);
		mkdir(dir, 0755);
		snprintf(p, sizeof p, "%s/2024-01-01-app.log", dir);
		put_file(p, "Jan  1 10:00:01 h app: a\nJan  1 10:00:05 h app: b\nJan  1 10:00:09 h app: c\n");
		snprintf(p, sizeof p, "%s/2024-01-02-app.log", dir);
		put_file(p, overlap ? "Jan  1 10:00:05 h app: b\nJan  1 10:00:09 h app: c\nJan  1 10:00:12 h app: d\n"
				    : "Jan  1 10:00:09 h app: d\nJan  1 10:00:10 h app: e\nJan  1 10:00:12 h app: f\n");
		struct ll_err err;
		struct ds_fleet *f = open1(dir, &err);
		CHECK(f != NULL);
		if (!f)
			return;
		CHECK_INT(ds_fleet_nfiles(f), 2);
		char order[16] = "";
		size_t n = 0;
		struct ds_fleet_iter *it;
		ds_fleet_iter_new(f, 0, &it);
		struct ds_fleet_row r;
		while (ds_fleet_iter_next(it, NULL, &r) && n + 1 < sizeof order)
			order[n++] = r.len ? r.text[r.len - 1] : '?';
		order[n] = '\0';
		ds_fleet_iter_free(it);
		CHECK_STR(order, overlap ? "abbccd" : "abcdef");
		int noted = 0;
		for (size_t i = 0; i < ds_fleet_nnotes(f); i++)
			noted += strstr(ds_fleet_note(f, i), "2024-01-02-app.log starts before 2024-01-01-app.log ends") != NULL;
		CHECK_INT(noted, overlap);
		ds_fleet_close(f);
	}
}

static void test_discovery(void)
{
	char dir[512], p[700], q[700];
	snprintf(dir, sizeof dir, "%s/disc", tmpdir);
	mkdir(dir, 0755);
	snprintf(p, sizeof p, "%s/a", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/b10", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/b9", dir);
	mkdir(p, 0755);
	const char *line = "Mar  2 06:17:28 h kernel: x\n";
	const char *files[] = {"a/kern.log", "a/kern.log.1", "a/kern.log.labels", "a/kern.log.classes", "a/.hidden",
			       "b10/kern.log", "b9/kern.log", "b9/kern.log.review"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		put_file(p, line);
	}
	/* a link back up must not loop */
	snprintf(p, sizeof p, "%s/a/up", dir);
	CHECK(symlink("..", p) == 0);
	struct ds_fleet_list *l;
	struct ll_err err;
	const char *spec = dir;
	CHECK_INT(ds_fleet_find(&spec, 1, &l, &err), LL_OK);
	CHECK_INT(l->n, 4);
	if (l->n == 4) {
		CHECK_STR(l->e[0].name, "a/kern.log.1");
		CHECK_STR(l->e[1].name, "a/kern.log");
		CHECK_STR(l->e[2].name, "b9/kern.log"); /* natural order: b9 before b10 */
		CHECK_STR(l->e[3].name, "b10/kern.log");
		CHECK_INT(l->e[0].chain, l->e[1].chain);
		CHECK(l->e[2].chain != l->e[3].chain);
		CHECK_STR(l->e[0].host, "a");
		CHECK_INT(l->nchains, 3);
	}
	CHECK(l->nnotes >= 1); /* the link back up */
	ds_fleet_list_free(l);
	/* a glob and a list with the same file twice */
	snprintf(p, sizeof p, "%s/*/kern.log", dir);
	snprintf(q, sizeof q, "%s/a/kern.log", dir);
	const char *two[] = {p, q};
	CHECK_INT(ds_fleet_find(two, 2, &l, &err), LL_OK);
	CHECK_INT(l->n, 3);
	ds_fleet_list_free(l);
	/* names without a folder: hosts from the names */
	snprintf(p, sizeof p, "%s/flat", tmpdir);
	mkdir(p, 0755);
	snprintf(q, sizeof q, "%s/flat/web01.log", tmpdir);
	put_file(q, line);
	snprintf(q, sizeof q, "%s/flat/web01.log.1", tmpdir);
	put_file(q, line);
	spec = p;
	CHECK_INT(ds_fleet_find(&spec, 1, &l, &err), LL_OK);
	CHECK_INT(l->n, 2);
	if (l->n == 2)
		CHECK_STR(l->e[0].host, "web01");
	ds_fleet_list_free(l);
	/* a folder every host's files sit in is no part of the host
	 * (kafka0/logs, kafka1/logs); log4j's dated files chain with their
	 * file */
	const char *tree[] = {"k0/logs/server.log", "k0/logs/server.log.2016-12-19-16", "k1/logs/server.log",
			      "k1/logs/server.log.2016-12-19-16"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(q, sizeof q, "%s/kafka/%s", tmpdir, tree[i]);
		for (char *c = q + strlen(tmpdir) + 1; (c = strchr(c, '/')) != NULL; c++) {
			*c = 0;
			mkdir(q, 0755);
			*c = '/';
		}
		put_file(q, line);
	}
	snprintf(p, sizeof p, "%s/kafka/*/logs/server.log*", tmpdir);
	spec = p;
	CHECK_INT(ds_fleet_find(&spec, 1, &l, &err), LL_OK);
	CHECK_INT(l->n, 4);
	CHECK_INT(l->nchains, 2);
	if (l->n == 4) {
		CHECK_STR(l->e[0].name, "k0/logs/server.log.2016-12-19-16");
		CHECK_STR(l->e[0].host, "k0");
		CHECK_STR(l->e[3].host, "k1");
	}
	ds_fleet_list_free(l);
	/* a folder that differs keeps the whole path below the common one */
	snprintf(q, sizeof q, "%s/kafka/k2/other/server.log", tmpdir);
	snprintf(p, sizeof p, "%s/kafka/k2", tmpdir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/kafka/k2/other", tmpdir);
	mkdir(p, 0755);
	put_file(q, line);
	snprintf(p, sizeof p, "%s/kafka", tmpdir);
	spec = p;
	CHECK_INT(ds_fleet_find(&spec, 1, &l, &err), LL_OK);
	CHECK_INT(l->n, 5);
	if (l->n == 5) {
		CHECK_STR(l->e[0].host, "k0/logs");
		CHECK_STR(l->e[4].host, "k2/other");
	}
	ds_fleet_list_free(l);
	/* errors name the spec */
	snprintf(p, sizeof p, "%s/nothing/*.log", tmpdir);
	spec = p;
	CHECK_INT(ds_fleet_find(&spec, 1, &l, &err), LL_EIO);
	/* a missing path with glob characters may be a name or a pattern: the
	 * message says both, and names the spec */
	CHECK(strstr(err.msg, "nothing/*.log: no such file, and no file matches it as a pattern") != NULL);
	snprintf(p, sizeof p, "%s/no-such-folder", tmpdir);
	CHECK_INT(ds_fleet_find(&spec, 1, &l, &err), LL_EIO);
	CHECK(strstr(err.msg, "no-such-folder") && strstr(err.msg, "no such file"));
	CHECK(ds_fleet_is_spec(dir));
	CHECK(ds_fleet_is_spec("/x/*.log"));
	snprintf(q, sizeof q, "%s/a/kern.log", dir);
	CHECK(!ds_fleet_is_spec(q));
}

/* Binary files, tables and broken gzip in a fleet. */
static void test_left_out(void)
{
	char dir[512], p[700];
	snprintf(dir, sizeof dir, "%s/mixed", tmpdir);
	mkdir(dir, 0755);
	snprintf(p, sizeof p, "%s/host1.log", dir);
	put_file(p, "Mar  2 06:17:28 host1 kernel: one\nMar  2 06:17:30 host1 kernel: three\n");
	set_mtime(p, 1709400000); /* 2024-03-02 */
	snprintf(p, sizeof p, "%s/host2.log", dir);
	put_file(p, "Mar  2 06:17:29 host2 kernel: two\n");
	set_mtime(p, 1709400000);
	snprintf(p, sizeof p, "%s/metrics.csv", dir);
	put_file(p, "time,cpu,mem\n2024-03-02 06:00:00,1.5,20\n2024-03-02 06:01:00,1.7,21\n");
	snprintf(p, sizeof p, "%s/core.bin", dir);
	FILE *fp = fopen(p, "wb");
	fwrite("\x7f" "ELF\0\0\0\1junk", 1, 12, fp);
	fclose(fp);
	/* UTF-16 text is read as UTF-8 (test_textconv.c), not called binary */
	snprintf(p, sizeof p, "%s/win.log", dir);
	fp = fopen(p, "wb");
	fwrite("\xff\xfe" "F\0e\0b\0 \0" "2\0" "8\0 \0" "2\0" "3\0:\0" "0\0" "0\0:\0" "0\0" "0\0 \0w\0\n\0", 1, 38, fp);
	fclose(fp);
	set_mtime(p, 1709400000);
	/* a gzip cut short: its text so far is kept, with a note */
	snprintf(p, sizeof p, "%s/host3.log.1.gz", dir);
	gzFile gz = gzopen(p, "wb");
	for (int i = 0; i < 2000; i++)
		gzprintf(gz, "Mar  1 %02d:%02d:%02d host3 kernel: line %d with some words to compress\n", i / 3600,
			 i / 60 % 60, i % 60, i);
	gzclose(gz);
	struct stat st;
	stat(p, &st);
	CHECK(truncate(p, st.st_size / 2) == 0);
	set_mtime(p, 1709300000);
	struct ll_err err;
	struct ds_fleet *f = open1(dir, &err);
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(ds_fleet_nfiles(f), 4);
	int csv = 0, bin = 0, trunc = 0, utf16 = 0;
	for (size_t i = 0; i < ds_fleet_nnotes(f); i++) {
		const char *n = ds_fleet_note(f, i);
		csv += strstr(n, "metrics.csv") && strstr(n, "table") ? 1 : 0;
		bin += strstr(n, "core.bin") && strstr(n, "binary") ? 1 : 0;
		trunc += strstr(n, "host3.log.1.gz") && strstr(n, "truncated") ? 1 : 0;
		utf16 += strstr(n, "win.log") != NULL;
	}
	CHECK_INT(utf16, 0);
	CHECK_INT(csv, 1);
	CHECK_INT(bin, 1);
	CHECK_INT(trunc, 1);
	size_t n = ds_fleet_nrows(f);
	CHECK(n > 4 && n < 2004);
	/* win.log's February line comes first, host3's March 1 lines next, then one, two, three */
	struct ds_fleet_row r;
	CHECK(ds_fleet_row(f, 0, &r) && r.len == 17 && memcmp(r.text, "Feb 28 23:00:00 w", 17) == 0);
	CHECK(ds_fleet_row(f, n - 3, &r) && r.len > 5 && memcmp(r.text + r.len - 3, "one", 3) == 0);
	CHECK(ds_fleet_row(f, n - 2, &r) && memcmp(r.text + r.len - 3, "two", 3) == 0);
	CHECK(ds_fleet_row(f, n - 1, &r) && memcmp(r.text + r.len - 5, "three", 5) == 0);
	CHECK_STR(ds_fleet_host_name(f, ds_fleet_row_host(f, n - 2)), "host2");
	ds_fleet_close(f);
	/* nothing readable at all */
	snprintf(dir, sizeof dir, "%s/junk", tmpdir);
	mkdir(dir, 0755);
	snprintf(p, sizeof p, "%s/a.bin", dir);
	fp = fopen(p, "wb");
	fwrite("\0\0\0\0", 1, 4, fp);
	fclose(fp);
	const char *spec = dir;
	CHECK_INT(ds_fleet_open(&f, &spec, 1, NULL, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "no log file could be read") && strstr(err.msg, "binary"));
}

static size_t wait_rows(struct ds_fleet *f, size_t want)
{
	for (int i = 0; i < 5000; i++) {
		ds_fleet_refresh(f);
		if (ds_fleet_complete(f) && ds_fleet_nrows(f) >= want)
			break;
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
	return ds_fleet_nrows(f);
}

static void test_tail(void)
{
	char dir[512], a[700], b[700], c[700];
	snprintf(dir, sizeof dir, "%s/tail", tmpdir);
	mkdir(dir, 0755);
	snprintf(a, sizeof a, "%s/alpha.log", dir);
	snprintf(b, sizeof b, "%s/beta.log", dir);
	put_file(a, "Mar  2 06:00:00 alpha kernel: a1\nMar  2 06:00:02 alpha kernel: a2\n");
	put_file(b, "Mar  2 06:00:01 beta kernel: b1\nMar  2 06:00:03 beta kernel: b-partial");
	struct ll_err err;
	struct ds_fleet *f = open1(dir, &err);
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(ds_fleet_nrows(f), 4);
	CHECK_INT(ds_fleet_refresh(f), 0);
	/* the partial line is completed, and both files grow */
	append_file(b, "-done\nMar  2 06:00:05 beta kernel: b3\n");
	append_file(a, "Mar  2 06:00:04 alpha kernel: a3\n");
	CHECK_INT(wait_rows(f, 6), 6);
	struct ds_fleet_row r;
	CHECK(ds_fleet_row(f, 3, &r));
	CHECK(r.len == strlen("Mar  2 06:00:03 beta kernel: b-partial-done") &&
	      memcmp(r.text + r.len - 14, "b-partial-done", 14) == 0);
	/* new rows are merged among themselves, after the old ones */
	CHECK(ds_fleet_row(f, 4, &r) && memcmp(r.text + r.len - 2, "a3", 2) == 0);
	CHECK(ds_fleet_row(f, 5, &r) && memcmp(r.text + r.len - 2, "b3", 2) == 0);
	/* rotation while open: beta.log becomes beta.log.1, a new beta.log */
	snprintf(c, sizeof c, "%s/beta.log.1", dir);
	CHECK(rename(b, c) == 0);
	put_file(b, "Mar  2 06:00:06 beta kernel: b4\n");
	/* and a new host */
	snprintf(c, sizeof c, "%s/gamma.log", dir);
	put_file(c, "Mar  2 06:00:07 gamma kernel: g1\n");
	/* refresh looks for new files every two seconds */
	size_t n = 0;
	for (int i = 0; i < 3000 && n < 8; i++) {
		n = wait_rows(f, 8);
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
	CHECK_INT(n, 8);
	CHECK_INT(ds_fleet_nfiles(f), 4);
	CHECK(ds_fleet_row(f, 6, &r) && memcmp(r.text + r.len - 2, "b4", 2) == 0);
	CHECK(ds_fleet_row(f, 7, &r) && memcmp(r.text + r.len - 2, "g1", 2) == 0);
	CHECK_STR(ds_fleet_host_name(f, ds_fleet_row_host(f, 7)), "gamma");
	/* the old rows still read right */
	CHECK(ds_fleet_row(f, 0, &r) && memcmp(r.text + r.len - 2, "a1", 2) == 0);
	/* truncation in place is noted and the rows kept */
	CHECK(truncate(a, 10) == 0);
	wait_rows(f, 8);
	for (int i = 0; i < 200 && ds_fleet_nnotes(f) == 0; i++)
		wait_rows(f, 8);
	int noted = 0;
	for (size_t i = 0; i < ds_fleet_nnotes(f); i++)
		noted += strstr(ds_fleet_note(f, i), "alpha.log") && strstr(ds_fleet_note(f, i), "truncated") ? 1 : 0;
	CHECK_INT(noted, 1);
	CHECK_INT(ds_fleet_nrows(f), 8);
	ds_fleet_close(f);
}

/* The dataset interface over a fleet. */
static void test_dataset(void)
{
	char dir[512], glob[600];
	snprintf(dir, sizeof dir, "%s/default", tmpdir);
	snprintf(glob, sizeof glob, "%s/node0[12]/kern.log*", tmpdir);
	struct ds_dataset *ds;
	struct ll_err err;
	const char *specs[] = {glob, dir};
	CHECK_INT(ds_dataset_open_list(&ds, specs, 2, NULL, &err), LL_EIO);
	CHECK(strstr(err.msg, "kern.log*: no such file, and no file matches it as a pattern") != NULL);
	snprintf(glob, sizeof glob, "%s/default/node0[12]/kern.log*", tmpdir);
	CHECK_INT(ds_dataset_open(&ds, glob, NULL, &err), LL_OK);
	if (!ds)
		return;
	while (!ds_dataset_complete(ds)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	CHECK(ds_dataset_fleet(ds) != NULL);
	CHECK_INT(ds_dataset_nfiles(ds), 8);
	CHECK(ds_dataset_is_lines(ds));
	CHECK_INT(ds_dataset_ncols(ds), 7);
	CHECK_STR(ds_dataset_col_name(ds, 0), "line");
	CHECK_STR(ds_dataset_col_name(ds, 1), "time");
	CHECK_STR(ds_dataset_col_name(ds, 2), "host");
	CHECK_STR(ds_dataset_col_name(ds, 6), "file");
	CHECK_INT(ds_dataset_host_column(ds), 2);
	CHECK_INT(ds_dataset_file_column(ds), 6);
	size_t n = ds_dataset_nrows(ds), dec = 0, jan = 0;
	char cell[256], tcell[64];
	for (size_t r = 0; r < n; r++) {
		ds_dataset_cell(ds, r, 0, cell, sizeof cell);
		ds_dataset_cell(ds, r, 1, tcell, sizeof tcell);
		if (!strncmp(cell, "Dec 31", 6))
			dec += strncmp(tcell, "2023-12-31", 10) == 0;
		if (!strncmp(cell, "Jan  1", 6))
			jan += strncmp(tcell, "2024-01-01", 10) == 0;
	}
	CHECK(dec > 500 && jan > 500);
	ds_dataset_cell(ds, 0, 6, cell, sizeof cell);
	CHECK_STR(cell, "node01/kern.log.3.gz");
	ds_dataset_cell(ds, 0, 2, cell, sizeof cell);
	CHECK(strcmp(cell, "node01") == 0 || strcmp(cell, "node02") == 0);
	CHECK_INT(ds_dataset_row_file(ds, 0), 0);
	CHECK_INT(ds_dataset_row_line(ds, 0), 0);
	CHECK_INT(ds_dataset_nhosts(ds), 2);
	/* row text is the line itself, as the file alone gives it */
	ds_dataset_row_text(ds, 5, cell, sizeof cell);
	struct ds_fleet_row fr;
	ds_fleet_row(ds_dataset_fleet(ds), 5, &fr);
	CHECK((size_t)strlen(cell) == fr.len && memcmp(cell, fr.text, fr.len) == 0);
	/* continuation lines are one note */
	int cont = 0;
	for (size_t i = 0; i < ds_dataset_nnotes(ds); i++)
		cont += strstr(ds_dataset_note(ds, i), "did not fit their format") != NULL;
	CHECK_INT(cont, 1);
	ds_dataset_close(ds);
}

/* A fleet as one table and one fingerprint (ds_fleet_table.h). */
static void test_table(void)
{
	char dir[512], cmd[2048], path[1200];
	snprintf(dir, sizeof dir, "%s/table", tmpdir);
	snprintf(cmd, sizeof cmd, "'%s' -s 2 -n 2 -r 1 -l 30 -P '%s' >/dev/null", gen, dir);
	CHECK_INT(run(cmd), 0);
	struct ll_err err;
	/* several specs in one string (a workspace's "paths") */
	char **specs = NULL;
	size_t ns = 0;
	CHECK_INT(ds_fleet_split_specs("a/*.log\nb\n/c", &specs, &ns), LL_OK);
	CHECK_INT(ns, 3);
	if (ns == 3) {
		CHECK_STR(specs[0], "a/*.log");
		CHECK_STR(specs[2], "/c");
	}
	ds_fleet_specs_free(specs, ns);
	CHECK_INT(ds_fleet_split_specs("one", &specs, &ns), LL_OK);
	CHECK(ns == 1 && strcmp(specs[0], "one") == 0);
	ds_fleet_specs_free(specs, ns);
	CHECK(ds_fleet_is_spec("x\ny"));
	struct ds_fingerprint a, b;
	CHECK_INT(ds_fleet_fingerprint(dir, &a, &err), LL_OK);
	CHECK_INT(strlen(a.sha256), 64);
	uint64_t size = 0;
	const char *names[] = {"node01/kern.log.1", "node01/kern.log", "node02/kern.log.1", "node02/kern.log"};
	for (int i = 0; i < 4; i++) {
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		size += stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
	}
	CHECK(a.size == size);
	CHECK_INT(ds_fleet_fingerprint(dir, &b, &err), LL_OK);
	CHECK_STR(a.sha256, b.sha256);
	snprintf(path, sizeof path, "%s/nothing/*.log", dir);
	CHECK_INT(ds_fleet_fingerprint(path, &b, &err), LL_EIO);
	/* without journals: the files' labels (none), no journal hash */
	struct ll_table *t = NULL;
	const struct ds_reader *rd = NULL;
	char jsha[DS_SHA_HEX];
	CHECK_INT(ds_fleet_load_table(dir, NULL, &t, &rd, jsha, &err), LL_OK);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 4 * 30);
	CHECK_STR(jsha, "");
	char state[DS_SHA_HEX] = "x";
	CHECK_INT(ds_fleet_labels_state_sha(dir, state, &err), LL_OK);
	CHECK_STR(state, "");
	CHECK(rd && strcmp(rd->name, "syslog") == 0);
	CHECK_STR(ll_table_meta(t, "fleet"), "1");
	int hc = ll_table_find_column(t, "host"), fc = ll_table_find_column(t, "file"), tc = ll_table_find_column(t, "time");
	CHECK(hc > 0 && fc > hc && tc > 0);
	size_t untimed = 0;
	for (size_t i = 0; tc > 0 && i < ll_table_nrows(t); i++)
		untimed += isnan(ll_table_num(t, i, (size_t)tc));
	CHECK_INT(untimed, 0);
	ll_table_free(t);
	/* line 3 of node01/kern.log labelled through the file alone */
	struct ds_dataset *ds = NULL;
	struct ll_labels *l = NULL;
	snprintf(path, sizeof path, "%s/node01/kern.log", dir);
	CHECK_INT(ds_dataset_open(&ds, path, NULL, &err), LL_OK);
	CHECK_INT(ds_labels_open(ds, NULL, 1, &l, NULL, NULL, &err), LL_OK);
	if (l) {
		int x = ll_labels_class_id(l, "x");
		size_t row = 2;
		CHECK_INT(ll_labels_apply(l, &row, 1, x, "key", &err), 1);
	}
	ll_labels_free(l);
	ds_dataset_close(ds);
	CHECK_INT(ds_fleet_load_table(dir, NULL, &t, NULL, jsha, &err), LL_OK);
	if (!t)
		return;
	CHECK_INT(strlen(jsha), 64);
	/* the labels' state from the spec alone is the one loading recorded */
	CHECK_INT(ds_fleet_labels_state_sha(dir, state, &err), LL_OK);
	CHECK_STR(state, jsha);
	snprintf(path, sizeof path, "%s/nothing/*.log", dir);
	CHECK_INT(ds_fleet_labels_state_sha(path, state, &err), LL_EIO);
	size_t seen = 0, labelled = 0, where = SIZE_MAX;
	for (size_t i = 0; i < ll_table_nrows(t); i++) {
		int file_match = strcmp(ll_table_text(t, i, (size_t)fc), "node01/kern.log") == 0;
		if (file_match && ++seen == 3)
			where = i;
		labelled += ll_table_label(t, i) != LL_NO_LABEL;
	}
	CHECK_INT(labelled, 1);
	CHECK(where != SIZE_MAX && ll_table_label(t, where) >= 0 &&
	      strcmp(ll_table_class_name(t, (size_t)ll_table_label(t, where)), "x") == 0);
	CHECK_STR(ll_table_text(t, where, (size_t)hc), "node01");
	ll_table_free(t);
	/* two specs joined: the fleet of both */
	snprintf(path, sizeof path, "%s/node01\n%s/node02/kern.log", dir, dir);
	CHECK_INT(ds_fleet_load_table(path, NULL, &t, NULL, jsha, &err), LL_OK);
	CHECK(t && ll_table_nrows(t) == 3 * 30);
	ll_table_free(t);
}

int main(void)
{
	const char *b = getenv("LL_BUILDDIR");
	snprintf(gen, sizeof gen, "%s/bench/gen_fleet", b ? b : ".");
	if (access(gen, X_OK) != 0) {
		fprintf(stderr, "SKIP: %s not built\n", gen);
		return 77;
	}
	snprintf(tmpdir, sizeof tmpdir, "%s/ll-fleet-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	test_rotation_key();
	test_chain_key();
	test_dated_names();
	test_overlapping_chain();
	test_generated();
	test_years();
	test_years_compressed();
	test_years_newest_first();
	test_random_access();
	test_discovery();
	test_left_out();
	test_tail();
	test_dataset();
	test_table();
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	run(cmd);
	TEST_MAIN_END();
}
