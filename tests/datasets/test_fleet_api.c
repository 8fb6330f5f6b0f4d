/*
 * test_fleet_api.c - a small hand-written fleet (two hosts, a rotation, a
 * continuation line) through the per-file and per-host parts of ds_fleet.h
 * and ds_dataset.h: title, format, each file's path, name, host, chain,
 * format and misfits, progress; the dataset's path, file names and paths,
 * host names and each row's host; tail mode taking in appended lines; and
 * a single file answering as a fleet of one file without hosts; the host
 * every line of a file names (ds_fleet_file_line_host).
 * test_fleet.c covers generated fleets at scale.
 */
#include "harness.h"

#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "ds_dataset.h"
#include "ds_fleet.h"

static char dir[256];

static const char *path_of(const char *name)
{
	static char buf[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static void put(const char *name, const char *text, long long mtime)
{
	FILE *f = fopen(path_of(name), "w");
	fputs(text, f);
	fclose(f);
	struct timeval tv[2] = {{(time_t)mtime, 0}, {(time_t)mtime, 0}};
	utimes(path_of(name), tv);
}

static void wait_complete(struct ds_dataset *ds)
{
	for (int i = 0; i < 20000 && !ds_dataset_complete(ds); i++) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
}

static size_t file_index(struct ds_fleet *f, const char *name)
{
	for (size_t i = 0; i < ds_fleet_nfiles(f); i++)
		if (strcmp(ds_fleet_file_name(f, i), name) == 0)
			return i;
	return SIZE_MAX;
}

static void test_fleet(void)
{
	const long long T = 1704067200 + 86400 * 40; /* 2024-02-10: syslog stamps take 2024 */
	mkdir(path_of("fleet"), 0777);
	mkdir(path_of("fleet/web1"), 0777);
	mkdir(path_of("fleet/web2"), 0777);
	put("fleet/web1/app.log.1", "Feb  1 10:00:00 web1 app[1]: old start\nFeb  1 10:00:05 web1 app[1]: old end\n", T - 100);
	put("fleet/web1/app.log",
	    "Feb  2 10:00:00 web1 app[2]: new start\n    continuation without a stamp\nFeb  2 10:00:09 web1 app[2]: new end\n",
	    T);
	put("fleet/web2/app.log", "Feb  2 10:00:03 web2 app[7]: other host\n", T);
	struct ds_dataset *ds;
	struct ll_err err;
	const char *root = path_of("fleet");
	CHECK_INT(ds_dataset_open(&ds, root, NULL, &err), LL_OK);
	if (!ds)
		return;
	wait_complete(ds);
	struct ds_fleet *f = ds_dataset_fleet(ds);
	CHECK(f != NULL);
	if (!f) {
		ds_dataset_close(ds);
		return;
	}
	CHECK_STR(ds_fleet_title(f), root);
	CHECK_STR(ds_dataset_path(ds), root);
	CHECK(ds_fleet_reader(f) != NULL && strcmp(ds_fleet_reader(f)->name, "syslog") == 0);
	CHECK_NEAR(ds_fleet_progress(f), 1.0, 0);
	CHECK_INT(ds_fleet_nfiles(f), 3);
	size_t old = file_index(f, "web1/app.log.1"), cur = file_index(f, "web1/app.log"),
	       other = file_index(f, "web2/app.log");
	CHECK(old != SIZE_MAX && cur != SIZE_MAX && other != SIZE_MAX);
	if (old == SIZE_MAX || cur == SIZE_MAX || other == SIZE_MAX) {
		ds_dataset_close(ds);
		return;
	}
	CHECK(old < cur); /* a chain is oldest first */
	CHECK_STR(ds_fleet_file_path(f, cur), path_of("fleet/web1/app.log"));
	CHECK_STR(ds_fleet_file_host(f, cur), "web1");
	CHECK_STR(ds_fleet_file_host(f, other), "web2");
	/* the host every line names (the continuation line names none) */
	CHECK_STR(ds_fleet_file_line_host(f, cur), "web1");
	CHECK_STR(ds_fleet_file_line_host(f, other), "web2");
	CHECK(ds_fleet_file_line_host(f, 99) == NULL);
	CHECK_INT(ds_fleet_file_chain(f, old), ds_fleet_file_chain(f, cur));
	CHECK(ds_fleet_file_chain(f, other) != ds_fleet_file_chain(f, cur));
	for (size_t i = 0; i < 3; i++)
		CHECK(ds_fleet_file_reader(f, i) == ds_fleet_reader(f));
	CHECK_INT(ds_fleet_file_misfits(f, cur), 1); /* the continuation line */
	CHECK_INT(ds_fleet_file_misfits(f, old), 0);
	CHECK_INT(ds_fleet_file_misfits(f, other), 0);
	CHECK_INT(ds_fleet_file_labelled(f, cur), 0); /* syslog lines carry no label */

	/* the dataset view of the same: files, hosts, each row's host */
	CHECK_INT(ds_dataset_nfiles(ds), 3);
	CHECK_STR(ds_dataset_file_name(ds, cur), "web1/app.log");
	CHECK_STR(ds_dataset_file_path(ds, other), path_of("fleet/web2/app.log"));
	CHECK_INT(ds_dataset_nhosts(ds), 2);
	size_t n = ds_dataset_nrows(ds);
	CHECK_INT(n, 6);
	/* timeline: old start, old end, new start, continuation, other host, new end */
	static const char *const want_host[] = {"web1", "web1", "web1", "web1", "web2", "web1"};
	for (size_t r = 0; r < n && r < 6; r++) {
		size_t h = ds_dataset_row_host(ds, r);
		CHECK(h < ds_dataset_nhosts(ds));
		CHECK_STR(ds_dataset_host_name(ds, h), want_host[r]);
	}
	char cell[256];
	ds_dataset_row_text(ds, 4, cell, sizeof cell);
	CHECK_STR(cell, "Feb  2 10:00:03 web2 app[7]: other host");
	/* each row's time on the merged timeline, the year from the files;
	 * the continuation line has none of its own */
	double t;
	CHECK(ds_dataset_timed(ds));
	CHECK(ds_dataset_row_time(ds, 0, &t) && t == 1706781600);
	CHECK(ds_dataset_row_time(ds, 4, &t) && t == 1706868003);
	CHECK(!ds_dataset_row_time(ds, 3, &t) && isnan(t));
	CHECK(!ds_dataset_row_time(ds, n, &t));

	/* tail mode: appended lines come in after the existing rows */
	CHECK_INT(ds_dataset_refresh(ds), 0); /* nothing new */
	FILE *a = fopen(path_of("fleet/web2/app.log"), "a");
	fputs("Feb  2 10:00:20 web2 app[7]: appended\n", a);
	fclose(a);
	size_t got = 0;
	for (int i = 0; i < 2000 && ds_dataset_nrows(ds) < 7; i++) {
		got += ds_dataset_refresh(ds);
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
	CHECK(got >= 1);
	CHECK_INT(ds_dataset_nrows(ds), 7);
	if (ds_dataset_nrows(ds) == 7) {
		ds_dataset_row_text(ds, 6, cell, sizeof cell);
		CHECK_STR(cell, "Feb  2 10:00:20 web2 app[7]: appended");
		CHECK_STR(ds_dataset_host_name(ds, ds_dataset_row_host(ds, 6)), "web2");
	}
	/* rewritten in place past its old size between two looks (copytruncate
	 * and a burst of lines): no longer the bytes read, so no longer
	 * followed, rather than read on from the old size, in the middle of
	 * the new file's lines */
	FILE *w = fopen(path_of("fleet/web2/app.log"), "r+");
	fputs("Feb  2 10:00:30 web2 app[7]: rewritten one\nFeb  2 10:00:31 web2 app[7]: rewritten two\n"
	      "Feb  2 10:00:32 web2 app[7]: rewritten three\n",
	      w);
	fclose(w);
	int told = 0;
	for (int i = 0; i < 2000 && !told && ds_dataset_nrows(ds) == 7; i++) {
		ds_dataset_refresh(ds);
		for (size_t k = 0; k < ds_dataset_nnotes(ds); k++)
			told |= strstr(ds_dataset_note(ds, k), "web2/app.log: truncated, replaced or removed") != NULL;
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
	CHECK(told);
	CHECK_INT(ds_dataset_nrows(ds), 7);
	ds_dataset_close(ds);
}

/* Lines with a label field of their own (BGL's first token: "-" or an
 * alert tag) are counted per file, so `info GLOB`'s per-file column adds
 * up to the dataset's labelled rows without a journal. */
static void test_own_labels(void)
{
	mkdir(path_of("bgl"), 0777);
	put("bgl/a.log",
	    "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL "
	    "INFO cache parity error corrected\n"
	    "KERNDTLB 1117838573 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.53.276129 R02-M1-N0-C:J12-U11 RAS "
	    "KERNEL FATAL data TLB error interrupt\n",
	    1704067200);
	put("bgl/b.log",
	    "- 1117838580 2005.06.03 R02-M1-N1-C:J12-U11 2005-06-03-15.43.00.000000 R02-M1-N1-C:J12-U11 RAS KERNEL "
	    "INFO cache parity error corrected\n",
	    1704067200);
	struct ds_dataset *ds;
	struct ll_err err;
	CHECK_INT(ds_dataset_open(&ds, path_of("bgl"), NULL, &err), LL_OK);
	if (!ds)
		return;
	wait_complete(ds);
	struct ds_fleet *f = ds_dataset_fleet(ds);
	CHECK(f != NULL);
	if (f) {
		size_t a = file_index(f, "a.log"), b = file_index(f, "b.log");
		CHECK(a != SIZE_MAX && b != SIZE_MAX);
		if (a != SIZE_MAX && b != SIZE_MAX) {
			CHECK_INT(ds_fleet_file_labelled(f, a), 2);
			CHECK_INT(ds_fleet_file_labelled(f, b), 1);
		}
		size_t counts[8] = {0}, unlabelled = 99;
		CHECK(ds_dataset_nclasses(ds) <= 8);
		ds_dataset_label_counts(ds, counts, &unlabelled);
		CHECK_INT(unlabelled, 0);
		CHECK_INT(ds_fleet_file_labelled(f, 99), 0); /* no such file */
	}
	ds_dataset_close(ds);
}

static void test_single_file(void)
{
	put("one.log", "Feb  2 10:00:00 h app: a\nFeb  2 10:00:01 h app: b\n", 1704067200 + 86400 * 40);
	struct ds_dataset *ds;
	struct ll_err err;
	char *p = strdup(path_of("one.log"));
	CHECK_INT(ds_dataset_open(&ds, p, NULL, &err), LL_OK);
	if (ds) {
		wait_complete(ds);
		CHECK(ds_dataset_fleet(ds) == NULL);
		CHECK_STR(ds_dataset_path(ds), p);
		CHECK_INT(ds_dataset_nfiles(ds), 1);
		CHECK_STR(ds_dataset_file_name(ds, 0), p);
		CHECK_STR(ds_dataset_file_path(ds, 0), p);
		CHECK_INT(ds_dataset_nhosts(ds), 0);
		CHECK(ds_dataset_row_host(ds, 0) == SIZE_MAX);
		CHECK(ds_dataset_row_host(ds, 1) == SIZE_MAX);
		CHECK_INT(ds_dataset_refresh(ds), 0); /* not a fleet */
		ds_dataset_close(ds);
	}
	free(p);
}

/* A file whose lines name two machines has no one line host; a file of a
 * format without a host field has none either. */
static void test_line_host(void)
{
	const long long T = 1704067200 + 86400 * 40;
	mkdir(path_of("mixed"), 0777);
	put("mixed/a.log", "Feb  2 10:00:00 alpha app[1]: one\nFeb  2 10:00:01 beta app[1]: two\n", T);
	put("mixed/b.log", "Feb  2 10:00:02 gamma app[1]: three\n", T);
	struct ds_dataset *ds;
	struct ll_err err;
	CHECK_INT(ds_dataset_open(&ds, path_of("mixed"), NULL, &err), LL_OK);
	if (!ds)
		return;
	wait_complete(ds);
	struct ds_fleet *f = ds_dataset_fleet(ds);
	CHECK(f != NULL);
	if (f) {
		size_t a = file_index(f, "a.log"), b = file_index(f, "b.log");
		CHECK(a != SIZE_MAX && b != SIZE_MAX);
		if (a != SIZE_MAX && b != SIZE_MAX) {
			CHECK(ds_fleet_file_line_host(f, a) == NULL);
			CHECK_STR(ds_fleet_file_line_host(f, b), "gamma");
		}
	}
	ds_dataset_close(ds);
	mkdir(path_of("plain"), 0777);
	put("plain/x.log", "2024-02-02 10:00:00 INFO one\n", T);
	put("plain/y.log", "2024-02-02 10:00:01 INFO two\n", T);
	CHECK_INT(ds_dataset_open(&ds, path_of("plain"), NULL, &err), LL_OK);
	if (!ds)
		return;
	wait_complete(ds);
	f = ds_dataset_fleet(ds);
	CHECK(f != NULL);
	for (size_t i = 0; f && i < ds_fleet_nfiles(f); i++)
		CHECK(ds_fleet_file_line_host(f, i) == NULL);
	ds_dataset_close(ds);
}

/* The field a line names its machine in: the rule the fleet's rows and
 * predict --follow share. */
static void test_host_field(void)
{
	const struct ds_reader *sys = ds_reader_find("syslog"), *bgl = ds_reader_find("bgl"),
			       *lines = ds_reader_find("lines");
	CHECK(sys && sys->line && bgl && bgl->line && lines && lines->line);
	if (sys && sys->line)
		CHECK_STR(sys->line->names[ds_fleet_host_field(sys->line)], "host");
	if (bgl && bgl->line) /* "Node", any case */
		CHECK_STR(bgl->line->names[ds_fleet_host_field(bgl->line)], "Node");
	if (lines && lines->line)
		CHECK_INT(ds_fleet_host_field(lines->line), -1);
	CHECK_INT(ds_fleet_host_field(NULL), -1);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "fleet-api");
	test_fleet();
	test_own_labels();
	test_single_file();
	test_host_field();
	test_line_host();
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
