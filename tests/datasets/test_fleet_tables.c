/*
 * test_fleet_tables.c - fleets of table files (ds_fleet_tables.h) and the
 * ds_dataset / ds_labels / ds_fleet_table parts that serve them.
 *
 * Generated files: three CSVs with differing columns merged by time (row
 * order, union of columns, missing cells, host and file, labels); a column
 * that is a number in one file and text in another; files without a time
 * column; dstat --output files in host folders; bad members (binary, a
 * truncated gzip, a row too long, an empty file) left out with notes; an
 * empty folder; tables among logs and logs among tables; forced formats
 * and label=COL; labels journalled through the fleet landing in each
 * file's own journal; the fleet as one table and its fingerprint. Then
 * ../shared/data/dstat read in place, when present.
 */
#include "harness.h"

#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "ds_dataset.h"
#include "ds_fleet_table.h"
#include "ds_fleet_tables.h"
#include "ds_labels.h"
#include "ds_workspace.h"
#include "ll_labels.h"
#include "ll_time.h"

static char dir[256];

static const char *path_of(const char *name)
{
	static char buf[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static void put(const char *name, const char *text)
{
	FILE *f = fopen(path_of(name), "w");
	if (!f) {
		perror(path_of(name));
		exit(99);
	}
	fputs(text, f);
	fclose(f);
}

static struct ds_fleet_tables *open_tables(const char *spec, const char *format, struct ll_err *err)
{
	struct ds_open_opts o = {0};
	o.format = format;
	struct ds_fleet_tables *tf = NULL;
	ds_fleet_tables_open(&tf, &spec, 1, format ? &o : NULL, err);
	return tf;
}

static int probe(const char *spec, const char *format)
{
	struct ds_open_opts o = {0};
	o.format = format;
	struct ll_err err;
	int tables = -1;
	if (ds_fleet_tables_probe(&spec, 1, &o, &tables, &err) != LL_OK)
		return -1;
	return tables;
}

static double t0(int s)
{
	return ll_time_from_civil(2024, 1, 1, 0, 0, s);
}

/* Three files, differing columns, merged by time. */
static void make_three(void)
{
	mkdir(path_of("three"), 0777);
	put("three/a.csv", "time,cpu,mem,label\n"
			   "2024-01-01 00:00:00,1.5,735850496.25,normal\n"
			   "2024-01-01 00:00:20,1.7,21,oom\n"
			   "2024-01-01 00:00:40,1.8,22,normal\n");
	put("three/b.csv", "time,cpu,disk,label\n"
			   "2024-01-01 00:00:10,2.5,5,normal\n"
			   "2024-01-01 00:00:20,2.6,6,disk\n"
			   "2024-01-01 00:00:30,2.7,7,normal\n");
	put("three/c.csv", "time,mem,net\n"
			   "2024-01-01 00:00:05,30,100\n"
			   ",31,101\n"
			   "2024-01-01 00:00:50,32,102\n");
}

static void test_three(void)
{
	make_three();
	struct ll_err err;
	const char *spec = path_of("three");
	CHECK_INT(probe(spec, NULL), 1);
	struct ds_fleet_tables *tf = open_tables(spec, NULL, &err);
	CHECK(tf != NULL);
	if (!tf) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_STR(ds_fleet_tables_title(tf), spec);
	CHECK_STR(ds_fleet_tables_reader(tf)->name, "csv");
	CHECK_INT(ds_fleet_tables_nfiles(tf), 3);
	CHECK_INT(ds_fleet_tables_timed(tf), 1);
	CHECK_STR(ds_fleet_tables_file_name(tf, 1), "b.csv");
	CHECK_STR(ds_fleet_tables_file_path(tf, 1), path_of("three/b.csv"));
	CHECK_STR(ds_fleet_tables_file_host(tf, 1), "b");
	CHECK_STR(ds_fleet_tables_file_reader(tf, 2)->name, "csv");
	CHECK_INT(ds_fleet_tables_file_rows(tf, 2), 3);
	CHECK(ds_fleet_tables_file_name(tf, 3) == NULL && ds_fleet_tables_file_rows(tf, 3) == 0);
	double lo, hi;
	ds_fleet_tables_file_time_range(tf, 2, &lo, &hi);
	CHECK_NEAR(lo, t0(5), 1e-6);
	CHECK_NEAR(hi, t0(50), 1e-6);
	size_t nc;
	const size_t *own = ds_fleet_tables_file_columns(tf, 2, &nc);
	CHECK_INT(nc, 3);
	if (own && nc == 3) {
		CHECK_INT(own[0], 0); /* time */
		CHECK_INT(own[1], 2); /* mem, after a.csv's cpu */
		CHECK_INT(own[2], 5); /* net, after b.csv's disk */
	}
	struct ll_table *t = ds_fleet_tables_take_table(tf);
	CHECK(t != NULL && ds_fleet_tables_take_table(tf) == NULL);
	if (!t) {
		ds_fleet_tables_close(tf);
		return;
	}
	const char *cols[] = {"time", "cpu", "mem", "label", "disk", "net", "host", "file"};
	CHECK_INT(ll_table_ncols(t), 8);
	for (size_t c = 0; c < 8 && c < ll_table_ncols(t); c++)
		CHECK_STR(ll_table_col_name(t, c), cols[c]);
	CHECK_INT(ds_fleet_tables_host_column(tf), 6);
	CHECK_INT(ds_fleet_tables_file_column(tf), 7);
	CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
	CHECK_INT(ll_table_col_type(t, 4), LL_COL_NUM);
	CHECK_INT(ll_table_label_source(t), 3);
	CHECK_STR(ll_table_meta(t, "format"), "csv");
	/* (time, file) order; c.csv's row without a time keeps the one before */
	const char *files[] = {"a", "c", "c", "b", "a", "b", "b", "a", "c"};
	const size_t lines[] = {0, 0, 1, 0, 1, 1, 2, 2, 2};
	CHECK_INT(ll_table_nrows(t), 9);
	for (size_t r = 0; r < 9 && r < ll_table_nrows(t); r++) {
		char want[16];
		snprintf(want, sizeof want, "%s.csv", files[r]);
		CHECK_STR(ll_table_text(t, r, 7), want);
		CHECK_STR(ll_table_text(t, r, 6), files[r]);
		CHECK_INT(ds_fleet_tables_row_line(tf, r), lines[r]);
		CHECK_STR(ds_fleet_tables_file_name(tf, ds_fleet_tables_row_file(tf, r)), want);
		CHECK_STR(ds_fleet_tables_host_name(tf, ds_fleet_tables_row_host(tf, r)), files[r]);
	}
	CHECK(ds_fleet_tables_row_file(tf, 9) == SIZE_MAX && ds_fleet_tables_row_line(tf, 9) == SIZE_MAX &&
	      ds_fleet_tables_row_host(tf, 9) == SIZE_MAX);
	/* hosts in order of first appearance */
	CHECK_INT(ds_fleet_tables_nhosts(tf), 3);
	CHECK_STR(ds_fleet_tables_host_name(tf, 1), "c");
	/* values exact, missing cells missing, labels by class name */
	CHECK_NEAR(ll_table_num(t, 0, 2), 735850496.25, 0);
	CHECK(isnan(ll_table_num(t, 0, 4)) && isnan(ll_table_num(t, 1, 1)));
	CHECK_NEAR(ll_table_num(t, 2, 5), 101, 0);
	CHECK(isnan(ll_table_num(t, 2, 0))); /* the cell stays missing: only the order used the time before */
	CHECK_STR(ll_table_text(t, 1, 3), "");
	CHECK_INT(ll_table_nclasses(t), 3);
	CHECK_INT(ll_table_label(t, 1), LL_NO_LABEL);
	CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 4)), "oom");
	CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 5)), "disk");
	CHECK_INT(ll_table_nnotes(t), 0);
	ll_table_free(t);
	ds_fleet_tables_close(tf);
}

/* A number in one file and text in another; no time columns. */
static void test_types(void)
{
	mkdir(path_of("types"), 0777);
	put("types/x.csv", "id,v\n1,2.5\n2,3.25\n");
	put("types/y.csv", "id,v\n3,high\n4,low\n");
	struct ll_err err;
	struct ds_fleet_tables *tf = open_tables(path_of("types"), NULL, &err);
	CHECK(tf != NULL);
	if (!tf)
		return;
	struct ll_table *t = ds_fleet_tables_take_table(tf);
	CHECK_INT(ds_fleet_tables_timed(tf), 0);
	CHECK_INT(ll_table_nrows(t), 4);
	CHECK_INT(ll_table_col_type(t, 0), LL_COL_NUM);
	CHECK_INT(ll_table_col_type(t, 1), LL_COL_TEXT);
	CHECK_STR(ll_table_text(t, 1, 1), "3.25"); /* as the file formats it */
	CHECK_STR(ll_table_text(t, 2, 1), "high");
	CHECK_STR(ll_table_text(t, 3, 2), "y"); /* file order */
	CHECK(ll_test_has_note(t, "y.csv: column 'v' is text there but a number in a file before it"));
	CHECK(ll_test_has_note(t, "x.csv and 1 other file: no time column"));
	ll_table_free(t);
	ds_fleet_tables_close(tf);
	/* a file's own host and file columns keep their names */
	mkdir(path_of("own"), 0777);
	put("own/p.csv", "host,file,v\nweb1,/etc/x,1\nweb2,/etc/y,2\n");
	tf = open_tables(path_of("own"), NULL, &err);
	CHECK(tf != NULL);
	if (!tf)
		return;
	t = ds_fleet_tables_take_table(tf);
	CHECK_STR(ll_table_col_name(t, 3), "fleet.host");
	CHECK_STR(ll_table_col_name(t, 4), "fleet.file");
	CHECK_INT(ds_fleet_tables_host_column(tf), 3);
	CHECK_STR(ll_table_text(t, 1, 0), "web2");
	CHECK_STR(ll_table_text(t, 1, 3), "p");
	ll_table_free(t);
	ds_fleet_tables_close(tf);
}

/* dstat --output files, one per host folder. */
static void test_dstat(void)
{
	mkdir(path_of("dstat"), 0777);
	for (int h = 1; h <= 2; h++) {
		char name[64], text[2048];
		snprintf(name, sizeof name, "dstat/node%d", h);
		mkdir(path_of(name), 0777);
		int n = snprintf(text, sizeof text,
				 "\"Dstat 0.7.4 CSV output\"\n"
				 "\"Author:\",\"Dag Wieers <dag@wieers.com>\",,,,\"URL:\",\"http://dag.wieers.com/\"\n"
				 "\"Host:\",\"node%d\",,,,\"User:\",\"ci\"\n"
				 "\n"
				 "\"epoch\",\"total cpu usage\",,\"memory usage\"\n"
				 "\"epoch\",\"usr\",\"sys\",\"used\"\n",
				 h);
		for (int i = 0; i < 20; i++)
			n += snprintf(text + n, sizeof text - (size_t)n, "%d.0,%d.5,1.0,%d\n", 1700000000 + 2 * i + h - 1,
				      h * 10 + i, 1000 * h + i);
		snprintf(name, sizeof name, "dstat/node%d/dstat.csv", h);
		put(name, text);
	}
	struct ll_err err;
	struct ds_fleet_tables *tf = open_tables(path_of("dstat"), NULL, &err);
	CHECK(tf != NULL);
	if (!tf) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	struct ll_table *t = ds_fleet_tables_take_table(tf);
	CHECK_STR(ds_fleet_tables_reader(tf)->name, "dstat");
	CHECK_INT(ll_table_nrows(t), 40);
	CHECK_INT(ds_fleet_tables_timed(tf), 1);
	CHECK_STR(ds_fleet_tables_file_host(tf, 1), "node2");
	int hc = ds_fleet_tables_host_column(tf), uc = ll_table_find_column(t, "total cpu usage/usr");
	CHECK(uc > 0);
	/* the hosts' samples alternate, a second apart */
	for (size_t r = 0; uc > 0 && r < 40; r++) {
		CHECK_STR(ll_table_text(t, r, (size_t)hc), r % 2 ? "node2" : "node1");
		CHECK_NEAR(ll_table_num(t, r, (size_t)uc), (r % 2 ? 20 : 10) + (double)(r / 2) + 0.5, 1e-9);
	}
	ll_table_free(t);
	ds_fleet_tables_close(tf);
}

/* Files that cannot be read are left out with a note naming them. */
static void test_left_out(void)
{
	mkdir(path_of("bad"), 0777);
	put("bad/good1.csv", "time,v\n2024-01-01 00:00:00,1\n2024-01-01 00:00:02,2\n");
	put("bad/good2.csv", "time,v\n2024-01-01 00:00:01,3\n");
	put("bad/empty.csv", "");
	FILE *f = fopen(path_of("bad/bin.csv"), "wb");
	fwrite("time,v\n\0\1\2\3", 1, 11, f);
	fclose(f);
	gzFile g = gzopen(path_of("bad/trunc.csv.gz"), "wb");
	for (int i = 0; i < 3000; i++)
		gzprintf(g, "%s2024-01-01 00:%02d:%02d,%d\n", i ? "" : "time,v\n", i / 60 % 60, i % 60, i);
	gzclose(g);
	struct stat st;
	stat(path_of("bad/trunc.csv.gz"), &st);
	CHECK(truncate(path_of("bad/trunc.csv.gz"), st.st_size / 2) == 0);
	char text[4096];
	int n = snprintf(text, sizeof text, "id,v\n");
	for (int i = 0; i < 60; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "%d,%d%s\n", i, 2 * i, i == 30 ? ",99" : "");
	put("bad/long.csv", text);
	struct ll_err err;
	struct ds_fleet_tables *tf = open_tables(path_of("bad"), NULL, &err);
	CHECK(tf != NULL);
	if (!tf) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	struct ll_table *t = ds_fleet_tables_take_table(tf);
	CHECK_INT(ds_fleet_tables_nfiles(tf), 2);
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_NEAR(ll_table_num(t, 1, 1), 3, 0);
	CHECK(ll_test_has_note(t, "bin.csv: left out: binary data (NUL byte at offset 7)"));
	CHECK(ll_test_has_note(t, "empty.csv: left out: empty"));
	CHECK(ll_test_has_note(t, "trunc.csv.gz: left out: truncated gzip"));
	CHECK(ll_test_has_note(t, "long.csv: left out: line 32: 3 fields where the table has 2"));
	ll_table_free(t);
	ds_fleet_tables_close(tf);
	/* nothing readable: an error quoting the first reason */
	mkdir(path_of("none"), 0777);
	put("none/empty.csv", "");
	CHECK(open_tables(path_of("none"), "csv", &err) == NULL);
	CHECK_INT(err.code, LL_EDATA);
	CHECK(strstr(err.msg, "no table file could be read; empty.csv: left out: empty") != NULL);
}

/* Which fleets are of tables; mixed and empty folders. */
static void test_kinds(void)
{
	struct ll_err err;
	mkdir(path_of("empty"), 0777);
	int tables = 7;
	const char *spec = path_of("empty");
	CHECK_INT(ds_fleet_tables_probe(&spec, 1, NULL, &tables, &err), LL_EIO);
	struct ds_dataset *ds = NULL;
	CHECK_INT(ds_dataset_open(&ds, spec, NULL, &err), LL_EIO);
	CHECK(strstr(err.msg, "no log or table files found") != NULL);
	CHECK(open_tables(spec, NULL, &err) == NULL && err.code == LL_EIO);
	const char *syslog = "Mar  2 06:17:28 host1 kernel: one\nMar  2 06:17:30 host1 kernel: two\n";
	/* tables with a log among them: the log is left out, named */
	mkdir(path_of("mixt"), 0777);
	put("mixt/a.csv", "time,v\n2024-01-01 00:00:00,1\n");
	put("mixt/b.csv", "time,v\n2024-01-01 00:00:01,2\n");
	put("mixt/c.log", syslog);
	CHECK_INT(probe(path_of("mixt"), NULL), 1);
	CHECK_INT(ds_dataset_open(&ds, path_of("mixt"), NULL, &err), LL_OK);
	if (ds) {
		CHECK_INT(ds_dataset_nrows(ds), 2);
		CHECK(ll_test_has_note(ds_dataset_table(ds), "c.log: left out: not a table (it reads as syslog) among tables"));
		CHECK(ll_test_has_note(ds_dataset_table(ds), "'*.csv'"));
		ds_dataset_close(ds);
	}
	/* logs with a table among them: a fleet of logs, as before */
	mkdir(path_of("mixl"), 0777);
	put("mixl/a.log", syslog);
	put("mixl/b.log", syslog);
	put("mixl/c.csv", "time,v\n2024-01-01 00:00:00,1\n");
	CHECK_INT(probe(path_of("mixl"), NULL), 0);
	CHECK_INT(ds_dataset_open(&ds, path_of("mixl"), NULL, &err), LL_OK);
	CHECK(ds && ds_dataset_fleet(ds) != NULL && ds_dataset_fleet_tables(ds) == NULL && ds_dataset_is_fleet(ds));
	ds_dataset_close(ds);
	/* UTF-16 tables (as Windows tools write them) count as tables and read */
	mkdir(path_of("u16"), 0777);
	const char *names[] = {"u16/a.csv", "u16/b.csv"};
	for (int k = 0; k < 2; k++) {
		FILE *f = fopen(path_of(names[k]), "wb");
		const char *text = k ? "time,v\n2024-01-01 00:00:01,2\n" : "time,v\n2024-01-01 00:00:00,1\n";
		fwrite("\xff\xfe", 1, 2, f);
		for (const char *c = text; *c; c++)
			fwrite((char[]){*c, 0}, 1, 2, f);
		fclose(f);
	}
	CHECK_INT(probe(path_of("u16"), NULL), 1);
	struct ds_fleet_tables *tf = open_tables(path_of("u16"), NULL, &err);
	CHECK(tf && ds_fleet_tables_nfiles(tf) == 2);
	ds_fleet_tables_close(tf);
	/* a forced format decides by its kind */
	CHECK_INT(probe(path_of("mixl"), "csv"), 1);
	CHECK_INT(probe(path_of("three"), "syslog"), 0);
	CHECK_INT(probe(path_of("three"), "log:<time> <message>"), 0);
	CHECK_INT(probe(path_of("three"), "nope"), -1);
	CHECK(open_tables(path_of("three"), "syslog", &err) == NULL && err.code == LL_EUSAGE);
	CHECK(strstr(err.msg, "syslog reads logs") != NULL);
}

/* label=COL, and files labelled from different columns. */
static void test_label_column(void)
{
	mkdir(path_of("lc"), 0777);
	put("lc/p.csv", "time,outcome,x\n2024-01-01 00:00:00,ok,1\n2024-01-01 00:00:02,fail,2\n");
	put("lc/q.csv", "time,outcome,x\n2024-01-01 00:00:01,fail,3\n");
	struct ll_err err;
	struct ds_fleet_tables *tf = open_tables(path_of("lc"), "csv:label=outcome", &err);
	CHECK(tf != NULL);
	if (tf) {
		struct ll_table *t = ds_fleet_tables_take_table(tf);
		CHECK_INT(ll_table_label_source(t), 1);
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 1)), "fail");
		ll_table_free(t);
		ds_fleet_tables_close(tf);
	}
	mkdir(path_of("lc2"), 0777);
	put("lc2/r.csv", "time,label,x\n2024-01-01 00:00:00,a,1\n");
	put("lc2/s.csv", "time,class,x\n2024-01-01 00:00:01,b,2\n");
	CHECK(open_tables(path_of("lc2"), NULL, &err) == NULL);
	CHECK_INT(err.code, LL_EDATA);
	CHECK(strstr(err.msg, "s.csv: labels from column 'class' but") != NULL);
	CHECK(strstr(err.msg, "--format csv:label=label") != NULL);
}

/* The fleet as a dataset: accessors, labels into each file's journal,
 * the fleet as one table and its fingerprint. */
static void test_dataset(void)
{
	struct ll_err err;
	struct ds_dataset *ds = NULL;
	char spec[512]; /* path_of's buffers are reused */
	snprintf(spec, sizeof spec, "%s", path_of("three"));
	CHECK_INT(ds_dataset_open(&ds, spec, NULL, &err), LL_OK);
	if (!ds)
		return;
	CHECK(ds_dataset_is_fleet(ds) && ds_dataset_fleet(ds) == NULL && ds_dataset_fleet_tables(ds) != NULL);
	CHECK(ds_dataset_table(ds) != NULL && ds_dataset_complete(ds) && !ds_dataset_is_lines(ds));
	CHECK_STR(ds_dataset_path(ds), spec);
	CHECK_INT(ds_dataset_nrows(ds), 9);
	CHECK_INT(ds_dataset_nfiles(ds), 3);
	CHECK_INT(ds_dataset_file_rows(ds, 1), 3);
	CHECK_STR(ds_dataset_file_name(ds, 2), "c.csv");
	CHECK_STR(ds_dataset_file_path(ds, 2), path_of("three/c.csv"));
	CHECK_INT(ds_dataset_row_file(ds, 1), 2);
	CHECK_INT(ds_dataset_row_line(ds, 2), 1);
	CHECK_INT(ds_dataset_nhosts(ds), 3);
	CHECK_STR(ds_dataset_host_name(ds, ds_dataset_row_host(ds, 3)), "b");
	CHECK_INT(ds_dataset_host_column(ds), 6);
	CHECK_INT(ds_dataset_file_column(ds), 7);
	CHECK_INT(ds_dataset_refresh(ds), 0);
	double lo, hi;
	CHECK(ds_dataset_time_range(ds, &lo, &hi));
	CHECK_NEAR(lo, t0(0), 1e-6);
	CHECK_NEAR(hi, t0(50), 1e-6);
	/* a row's text is its own file's row, as the file alone has it */
	char a[256], b[256];
	ds_dataset_row_text(ds, 5, a, sizeof a);
	struct ds_dataset *one = NULL;
	CHECK_INT(ds_dataset_open(&one, path_of("three/b.csv"), NULL, &err), LL_OK);
	if (one) {
		CHECK_INT(ds_dataset_file_rows(one, 0), 3);
		ds_dataset_row_text(one, 1, b, sizeof b);
		CHECK_STR(a, b);
		ds_dataset_close(one);
	}
	/* row 5 (b.csv's second) relabelled through the fleet */
	struct ll_labels *l = NULL;
	CHECK_INT(ds_labels_open(ds, NULL, 1, &l, NULL, NULL, &err), LL_OK);
	if (l) {
		size_t row = 5;
		CHECK_INT(ll_labels_apply(l, &row, 1, ll_labels_class_id(l, "oom"), "test", &err), 1);
		ll_labels_free(l);
	}
	ds_dataset_close(ds);
	CHECK(access(path_of("three/b.csv.labels"), F_OK) == 0);
	CHECK(access(path_of("three/a.csv.labels"), F_OK) != 0);
	CHECK(access(path_of("three.labels"), F_OK) != 0);
	/* b.csv alone has it at its row 1 */
	CHECK_INT(ds_dataset_open(&one, path_of("three/b.csv"), NULL, &err), LL_OK);
	if (one) {
		CHECK_INT(ds_labels_open(one, NULL, 0, &l, NULL, NULL, &err), LL_OK);
		if (l) {
			CHECK_STR(ll_labels_class_name(l, (size_t)ll_labels_get(l, 1)), "oom");
			ll_labels_free(l);
		}
		ds_dataset_close(one);
	}
	/* the fleet as one table: cells exact, journal applied, label source kept */
	struct ll_table *t = NULL;
	const struct ds_reader *rd = NULL;
	char jsha[DS_SHA_HEX], state[DS_SHA_HEX];
	CHECK_INT(ds_fleet_load_table(spec, NULL, &t, &rd, jsha, &err), LL_OK);
	if (!t)
		fprintf(stderr, "%s\n", err.msg);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 9);
		CHECK_INT(ll_table_ncols(t), 8);
		CHECK_STR(rd->name, "csv");
		CHECK_STR(ll_table_meta(t, "fleet"), "1");
		CHECK_INT(ll_table_label_source(t), 3);
		CHECK_NEAR(ll_table_num(t, 0, 2), 735850496.25, 0);
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 5)), "oom");
		CHECK_STR(ll_table_text(t, 5, 7), "b.csv");
		CHECK_INT(strlen(jsha), 64);
		CHECK_INT(ds_fleet_labels_state_sha(spec, state, &err), LL_OK);
		CHECK_STR(state, jsha);
		ll_table_free(t);
	}
	/* the fingerprint covers every table file */
	struct ds_fingerprint f1, f2, f3;
	CHECK_INT(ds_fleet_fingerprint(spec, &f1, &err), LL_OK);
	CHECK_INT(ds_file_fingerprint(spec, &f2, &err), LL_OK);
	CHECK_STR(f1.sha256, f2.sha256);
	uint64_t size = 0;
	const char *names[] = {"three/a.csv", "three/b.csv", "three/c.csv"};
	for (int i = 0; i < 3; i++) {
		struct stat st;
		size += stat(path_of(names[i]), &st) == 0 ? (uint64_t)st.st_size : 0;
	}
	CHECK(f1.size == size);
	put("three/c.csv", "time,mem,net\n2024-01-01 00:00:05,30,100\n");
	CHECK_INT(ds_fleet_fingerprint(spec, &f3, &err), LL_OK);
	CHECK(strcmp(f1.sha256, f3.sha256) != 0);
}

/* ../shared/data/dstat read in place: its CSVs by a glob, and the folder
 * itself, whose licence file is no table. */
static void test_shared_dstat(void)
{
	const char *d = getenv("LL_DATA_DIR");
	char glob[1100], folder[1024];
	struct stat st;
	snprintf(folder, sizeof folder, "%s/dstat", d ? d : "");
	if (!d || stat(folder, &st) != 0) {
		fprintf(stderr, "note: %s absent: the shared dstat files are not tried\n", folder);
		return;
	}
	snprintf(glob, sizeof glob, "%s/*.csv", folder);
	struct ll_err err;
	struct ds_dataset *ds = NULL;
	CHECK_INT(ds_dataset_open(&ds, glob, NULL, &err), LL_OK);
	if (ds) {
		const struct ds_fleet_tables *tf = ds_dataset_fleet_tables(ds);
		CHECK(tf != NULL);
		CHECK_INT(ds_dataset_nfiles(ds), 3);
		CHECK_INT(ds_dataset_nrows(ds), 15 + 383 + 383);
		CHECK_STR(ds_dataset_reader(ds)->name, "dstat");
		CHECK(tf && ds_fleet_tables_timed(tf));
		/* the 2016 PerfKit runs come before the 2019 sample */
		CHECK_STR(ds_dataset_file_name(ds, ds_dataset_row_file(ds, 0)), "pkb_dstat-0.7.2-result.csv");
		CHECK_STR(ds_dataset_file_name(ds, ds_dataset_row_file(ds, 780)), "ciml_talk_dstat_sample.csv");
		const struct ll_table *t = ds_dataset_table(ds);
		CHECK(ll_test_has_note(t, "pkb_pcp-dstat-5.0.3-result.csv: line 2: broken quote"));
		CHECK(ll_table_find_column(t, "usr") >= 0 && ll_table_find_column(t, "total cpu usage/usr") >= 0);
		ds_dataset_close(ds);
	}
	/* the folder itself: the licence file beside the CSVs is left out */
	CHECK_INT(ds_dataset_open(&ds, folder, NULL, &err), LL_OK);
	if (ds) {
		CHECK_INT(ds_dataset_nrows(ds), 15 + 383 + 383);
		CHECK(ll_test_has_note(ds_dataset_table(ds), "PerfKitBenchmarker_LICENSE: left out: not a table"));
		ds_dataset_close(ds);
	}
}


/* Files whose records all name one machine (journald's _HOSTNAME, an
 * event log's System.Computer) are that machine's, when those names tell
 * the files apart as their paths do; otherwise the paths name the hosts. */
static void test_hosts_named_inside(void)
{
	struct ll_err err;
	mkdir(path_of("named"), 0777);
	put("named/remote-alpha.jsonl", "{\"t\":\"2024-01-01T00:00:00Z\",\"_HOSTNAME\":\"alpha\",\"v\":1}\n"
					"{\"t\":\"2024-01-01T00:00:02Z\",\"v\":2}\n"
					"{\"t\":\"2024-01-01T00:00:04Z\",\"_HOSTNAME\":\"alpha\",\"v\":3}\n");
	put("named/remote-beta.jsonl", "{\"t\":\"2024-01-01T00:00:01Z\",\"_HOSTNAME\":\"beta\",\"v\":4}\n"
				       "{\"t\":\"2024-01-01T00:00:03Z\",\"_HOSTNAME\":\"beta\",\"v\":5}\n");
	struct ds_fleet_tables *tf = open_tables(path_of("named"), NULL, &err);
	CHECK(tf != NULL);
	if (tf) {
		CHECK_STR(ds_fleet_tables_file_host(tf, 0), "alpha");
		CHECK_STR(ds_fleet_tables_file_host(tf, 1), "beta");
		CHECK_INT(ds_fleet_tables_nhosts(tf), 2);
		struct ll_table *t = ds_fleet_tables_take_table(tf);
		int hc = ds_fleet_tables_host_column(tf);
		CHECK(t && hc >= 0 && strcmp(ll_table_text(t, 1, (size_t)hc), "beta") == 0);
		int noted = 0;
		for (size_t i = 0; t && i < ll_table_nnotes(t); i++)
			noted += strstr(ll_table_note_text(t, i), "own host column") != NULL;
		CHECK_INT(noted, 1);
		ll_table_free(t);
		ds_fleet_tables_close(tf);
	}
	/* every record says localhost: the paths tell the machines apart */
	mkdir(path_of("local"), 0777);
	put("local/web1.jsonl", "{\"t\":\"2024-01-01T00:00:00Z\",\"hostname\":\"localhost\",\"v\":1}\n");
	put("local/web2.jsonl", "{\"t\":\"2024-01-01T00:00:01Z\",\"hostname\":\"localhost\",\"v\":2}\n");
	tf = open_tables(path_of("local"), NULL, &err);
	CHECK(tf != NULL);
	if (tf) {
		CHECK_STR(ds_fleet_tables_file_host(tf, 0), "web1");
		CHECK_STR(ds_fleet_tables_file_host(tf, 1), "web2");
		ds_fleet_tables_close(tf);
	}
	/* records of several machines in one file, or a file naming none */
	mkdir(path_of("mixed"), 0777);
	put("mixed/x.jsonl", "{\"t\":\"2024-01-01T00:00:00Z\",\"host\":\"a\",\"v\":1}\n"
			     "{\"t\":\"2024-01-01T00:00:02Z\",\"host\":\"b\",\"v\":1}\n");
	put("mixed/y.jsonl", "{\"t\":\"2024-01-01T00:00:01Z\",\"host\":\"c\",\"v\":2}\n");
	put("mixed/z.jsonl", "{\"t\":\"2024-01-01T00:00:03Z\",\"v\":2}\n");
	tf = open_tables(path_of("mixed"), NULL, &err);
	CHECK(tf != NULL);
	if (tf) {
		CHECK_STR(ds_fleet_tables_file_host(tf, 0), "x");
		CHECK_STR(ds_fleet_tables_file_host(tf, 1), "y");
		CHECK_STR(ds_fleet_tables_file_host(tf, 2), "z");
		ds_fleet_tables_close(tf);
	}
}

/* values with units read in a fleet as each file alone reads them (the
 * units pass, its note per file): "3m" beside "850us" is minutes, the bare
 * g and k of top and ls -h powers of 1024, a JSON file's strings too */
static void test_units(void)
{
	mkdir(path_of("units"), 0777);
	put("units/a.csv", "time,job,took,mem\n"
			   "2026-03-14 09:26:10,a,12.3ms,4.012g\n"
			   "2026-03-14 09:26:11,b,1.2s,512k\n");
	put("units/b.csv", "time,job,took,mem\n"
			   "2026-03-14 09:26:12,c,850us,1.2 GB\n"
			   "2026-03-14 09:26:13,d,3m,300KB\n");
	struct ll_err err;
	struct ds_fleet_tables *tf = open_tables(path_of("units"), NULL, &err);
	CHECK(tf != NULL);
	if (!tf)
		return;
	struct ll_table *t = ds_fleet_tables_take_table(tf);
	CHECK_INT(ll_table_nrows(t), 4);
	CHECK_STR(ll_table_col_name(t, 2), "took");
	CHECK_STR(ll_table_col_name(t, 3), "mem");
	CHECK_INT(ll_table_col_type(t, 2), LL_COL_NUM);
	CHECK_INT(ll_table_col_type(t, 3), LL_COL_NUM);
	if (ll_table_nrows(t) == 4 && ll_table_col_type(t, 2) == LL_COL_NUM && ll_table_col_type(t, 3) == LL_COL_NUM) {
		CHECK_NEAR(ll_table_num(t, 0, 2), 0.0123, 1e-9);
		CHECK_NEAR(ll_table_num(t, 3, 2), 180, 1e-9);
		CHECK_NEAR(ll_table_num(t, 0, 3), 4.012 * 1073741824.0, 1);
		CHECK_NEAR(ll_table_num(t, 1, 3), 524288, 1e-6);
		CHECK_NEAR(ll_table_num(t, 3, 3), 300000, 1e-6);
	}
	CHECK(ll_test_has_note(t, "a.csv: column mem read as size: bytes"));
	CHECK(ll_test_has_note(t, "b.csv: column took read as duration: seconds"));
	ll_table_free(t);
	ds_fleet_tables_close(tf);
	/* a column of durations in one file, sizes in the other: each file
	 * reads its own, and the fleet's column is then text (seconds and
	 * bytes are no column of numbers) */
	mkdir(path_of("units2"), 0777);
	put("units2/p.jsonl", "{\"job\":\"a\",\"up\":\"3m\"}\n{\"job\":\"b\",\"up\":\"2h\"}\n");
	put("units2/q.jsonl", "{\"job\":\"c\",\"up\":\"4.012g\"}\n{\"job\":\"d\",\"up\":\"512k\"}\n");
	tf = open_tables(path_of("units2"), NULL, &err);
	CHECK(tf != NULL);
	if (!tf)
		return;
	t = ds_fleet_tables_take_table(tf);
	CHECK_STR(ll_table_col_name(t, 1), "up");
	CHECK_INT(ll_table_col_type(t, 1), LL_COL_TEXT);
	CHECK(ll_test_has_note(t, "p.jsonl: column up read as duration: seconds"));
	CHECK(ll_test_has_note(t, "q.jsonl: column 'up' is sizes in bytes there but durations in seconds in a file before it"));
	CHECK(ll_test_has_note(t, "q.jsonl: column up read as size: bytes"));
	/* each number, now text, with the unit it was read in */
	CHECK_STR(ll_table_text(t, 0, 1), "180 s");
	CHECK_STR(ll_table_text(t, 2, 1), "4307852198 B");
	ll_table_free(t);
	ds_fleet_tables_close(tf);
	/* the same when the readers turn the values into numbers themselves
	 * (a CSV's cells, a JSON value with its unit): each marks its column,
	 * and plain numbers join either */
	mkdir(path_of("units3"), 0777);
	put("units3/a.csv", "time,lat\n2026-03-14 09:26:10,12ms\n2026-03-14 09:26:11,1.5s\n");
	put("units3/b.csv", "time,lat\n2026-03-14 09:26:12,0.5\n");
	put("units3/c.csv", "time,lat\n2026-03-14 09:26:13,12MB\n2026-03-14 09:26:14,1.5GB\n");
	put("units3/d.jsonl", "{\"time\":\"2026-03-14 09:26:15\",\"lat\":\"6.6MiB\"}\n");
	tf = open_tables(path_of("units3"), NULL, &err);
	CHECK(tf != NULL);
	if (!tf)
		return;
	t = ds_fleet_tables_take_table(tf);
	int lat = ll_table_find_column(t, "lat");
	CHECK(lat >= 0 && ll_table_col_type(t, (size_t)lat) == LL_COL_TEXT);
	CHECK(ll_test_has_note(t, "c.csv: column 'lat' is sizes in bytes there but durations in seconds in a file before it"));
	if (lat >= 0 && ll_table_nrows(t) == 6) {
		CHECK_STR(ll_table_text(t, 0, (size_t)lat), "0.012 s");
		CHECK_STR(ll_table_text(t, 2, (size_t)lat), "0.5");
		CHECK_STR(ll_table_text(t, 3, (size_t)lat), "12000000 B");
		CHECK_STR(ll_table_text(t, 5, (size_t)lat), "6920601.6 B");
	}
	ll_table_free(t);
	ds_fleet_tables_close(tf);
	/* sizes in KiB in one file (top's RES: plain KiB, scaled past the
	 * field's width), in bytes in another: one column of bytes */
	mkdir(path_of("units5"), 0777);
	put("units5/top.csv", "time,res\n2026-03-14 09:26:10,204800\n2026-03-14 09:26:11,1.5g\n");
	put("units5/app.csv", "time,res\n2026-03-14 09:26:12,512MiB\n");
	tf = open_tables(path_of("units5"), NULL, &err);
	CHECK(tf != NULL);
	if (!tf)
		return;
	t = ds_fleet_tables_take_table(tf);
	int res = ll_table_find_column(t, "res");
	CHECK(res >= 0 && ll_table_col_type(t, (size_t)res) == LL_COL_NUM);
	CHECK(ll_test_has_note(t, "top.csv: column 'res' is sizes in KiB there and in bytes in another file: read in bytes"));
	if (res >= 0 && ll_table_nrows(t) == 3 && ll_table_col_type(t, (size_t)res) == LL_COL_NUM) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)res), 204800.0 * 1024, 1e-6);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)res), 1.5 * 1073741824.0, 1e-3);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)res), 536870912.0, 1e-6);
	}
	ll_table_free(t);
	ds_fleet_tables_close(tf);
	/* durations in every file: one column of numbers, as before */
	mkdir(path_of("units4"), 0777);
	put("units4/a.csv", "time,lat\n2026-03-14 09:26:10,12ms\n");
	put("units4/b.csv", "time,lat\n2026-03-14 09:26:12,2.5s\n");
	tf = open_tables(path_of("units4"), NULL, &err);
	CHECK(tf != NULL);
	if (!tf)
		return;
	t = ds_fleet_tables_take_table(tf);
	lat = ll_table_find_column(t, "lat");
	CHECK(lat >= 0 && ll_table_col_type(t, (size_t)lat) == LL_COL_NUM);
	if (lat >= 0 && ll_table_nrows(t) == 2 && ll_table_col_type(t, (size_t)lat) == LL_COL_NUM)
		CHECK_NEAR(ll_table_num(t, 1, (size_t)lat), 2.5, 1e-12);
	ll_table_free(t);
	ds_fleet_tables_close(tf);
}

/* A file whose first time column holds one time on every row (a
 * server's load time) is merged by its clock, the later column whose
 * times vary (ll_table_clock), and ds_fleet_tables_file_clock says which;
 * a file of one time column keeps it. */
static void test_file_clock(void)
{
	mkdir(path_of("clock"), 0777);
	put("clock/a.csv", "load_time,sampled,v\n"
			   "2024-01-01 00:00:00,2024-01-01 00:00:30,1\n"
			   "2024-01-01 00:00:00,2024-01-01 00:00:50,2\n");
	put("clock/b.csv", "sampled,v\n"
			   "2024-01-01 00:00:40,3\n"
			   "2024-01-01 00:00:45,4\n");
	struct ll_err err;
	struct ds_fleet_tables *tf = open_tables(path_of("clock"), NULL, &err);
	CHECK(tf != NULL);
	if (!tf)
		return;
	struct ll_table *t = ds_fleet_tables_take_table(tf);
	CHECK(t != NULL);
	if (!t) {
		ds_fleet_tables_close(tf);
		return;
	}
	int sampled = ll_table_find_column(t, "sampled");
	CHECK(sampled >= 0);
	CHECK_INT(ds_fleet_tables_file_clock(tf, 0), sampled);
	CHECK_INT(ds_fleet_tables_file_clock(tf, 1), sampled);
	CHECK_INT(ds_fleet_tables_file_clock(tf, 9), -1);
	/* merged by the samples' times: 30 (a), 40, 45 (b), 50 (a) */
	int v = ll_table_find_column(t, "v");
	CHECK(ll_table_nrows(t) == 4 && v >= 0);
	static const double order[] = {1, 3, 4, 2};
	if (ll_table_nrows(t) == 4 && v >= 0)
		for (size_t r = 0; r < 4; r++)
			CHECK(ll_table_num(t, r, (size_t)v) == order[r]);
	ll_table_free(t);
	ds_fleet_tables_close(tf);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "fleet-tables");
	test_three();
	test_types();
	test_dstat();
	test_left_out();
	test_kinds();
	test_label_column();
	test_dataset();
	test_shared_dstat();
	test_hosts_named_inside();
	test_units();
	test_file_clock();
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
