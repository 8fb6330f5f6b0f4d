/*
 * test_dataset.c - the browsable dataset: the same real log through the
 * loaded path and the lazy path (LOGLAB_LAZY_THRESHOLD lowered) must give
 * identical rows, cells, row texts, labels, label counts and notes; gzip
 * input browsed lazily; CSV through the table path; errors; a date and a
 * clock in two key=value pairs, one time on both paths.
 *
 * Expected figures were computed outside loglab on ../shared/data:
 *   awk '{print $1}' loghub/BGL/BGL_2k.log | sort | uniq -c
 *     -> 1857 "-" (normal), 60 KERNDTLB, 30 KERNSTOR, 17 APPSEV, 11 KERNMNTF,
 *        7 KERNTERM, 5 KERNREC, 4 APPRES, 3 APPREAD, 2 KERNRTSP, 2 APPTO,
 *        1 APPOUT, 1 APPCHILD (13 classes, 143 alerts)
 *   every loghub *_2k.log has 2000 lines (wc -l says 1999 for those whose
 *   last line has no '\n')
 *   tail -n +2 nab/data/realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv | wc -l -> 4032
 *   grep -c '^[0-9]' dstat/pkb_dstat-0.7.2-result.csv -> 383; 62 fields a row
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "ds_dataset.h"
#include <sched.h>

#include "dataset_open.h"
#include "harness.h"

static char tmpdir[256];

static void wait_complete(struct ds_dataset *ds)
{
	while (!ds_dataset_complete(ds)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
}

/* opened, not waited for: the tests here watch the counting */
static struct ds_dataset *open_with(const char *path, const char *threshold, const char *format)
{
	return ll_test_open(path, threshold, format, 0);
}

/* Count of a class by name, or -1 when the dataset has no such class. */
static long count_of(struct ds_dataset *ds, const char *name)
{
	size_t nc = ds_dataset_nclasses(ds);
	size_t *c = calloc(nc + 1, sizeof *c), un;
	ds_dataset_label_counts(ds, c, &un);
	long r = -1;
	for (size_t k = 0; k < nc; k++)
		if (strcmp(ds_dataset_class_name(ds, k), name) == 0)
			r = (long)c[k];
	free(c);
	return r;
}

/* Everything a view can ask must agree between the two. */
static void compare(struct ds_dataset *a, struct ds_dataset *b, const char *what)
{
	wait_complete(a);
	wait_complete(b);
	CHECK_STR(ds_dataset_reader(a)->name, ds_dataset_reader(b)->name);
	CHECK_INT(ds_dataset_nrows(a), ds_dataset_nrows(b));
	CHECK_INT(ds_dataset_ncols(a), ds_dataset_ncols(b));
	CHECK_INT(ds_dataset_is_lines(a), ds_dataset_is_lines(b));
	size_t ncols = ds_dataset_ncols(a);
	for (size_t c = 0; c < ncols && c < ds_dataset_ncols(b); c++) {
		CHECK_STR(ds_dataset_col_name(a, c), ds_dataset_col_name(b, c));
		CHECK_INT(ds_dataset_col_type(a, c), ds_dataset_col_type(b, c));
	}
	size_t rows = ds_dataset_nrows(a) < ds_dataset_nrows(b) ? ds_dataset_nrows(a) : ds_dataset_nrows(b);
	size_t cell_diff = 0, text_diff = 0, label_diff = 0, len_diff = 0;
	static char x[70000], y[70000];
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			size_t lx = ds_dataset_cell(a, r, c, x, sizeof x), ly = ds_dataset_cell(b, r, c, y, sizeof y);
			if (lx != ly)
				len_diff++;
			if (strcmp(x, y) != 0) {
				if (cell_diff++ < 5)
					fprintf(stderr, "%s row %zu col %zu: \"%s\" vs \"%s\"\n", what, r, c, x, y);
			}
		}
		ds_dataset_row_text(a, r, x, sizeof x);
		ds_dataset_row_text(b, r, y, sizeof y);
		text_diff += strcmp(x, y) != 0;
		int la = ds_dataset_label(a, r), lb = ds_dataset_label(b, r);
		if (la != lb || (la >= 0 && strcmp(ds_dataset_class_name(a, (size_t)la),
						   ds_dataset_class_name(b, (size_t)lb)) != 0))
			label_diff++;
	}
	CHECK_INT(cell_diff, 0);
	CHECK_INT(len_diff, 0);
	CHECK_INT(text_diff, 0);
	CHECK_INT(label_diff, 0);
	CHECK_INT(ds_dataset_nclasses(a), ds_dataset_nclasses(b));
	size_t nc = ds_dataset_nclasses(a);
	size_t *ca = calloc(nc + 1, sizeof *ca), *cb = calloc(nc + 1, sizeof *cb), ua = 0, ub = 0;
	ds_dataset_label_counts(a, ca, &ua);
	ds_dataset_label_counts(b, cb, &ub);
	size_t count_diff = 0;
	for (size_t k = 0; k < nc; k++)
		count_diff += ca[k] != cb[k] || strcmp(ds_dataset_class_name(a, k), ds_dataset_class_name(b, k)) != 0;
	CHECK_INT(count_diff, 0);
	CHECK_INT(ua, ub);
	free(ca);
	free(cb);
	CHECK_INT(ds_dataset_nnotes(a), ds_dataset_nnotes(b));
	for (size_t i = 0; i < ds_dataset_nnotes(a) && i < ds_dataset_nnotes(b); i++)
		CHECK_STR(ds_dataset_note(a, i), ds_dataset_note(b, i));
	CHECK_NEAR(ds_dataset_progress(b), 1.0, 0.0);
	/* each row's time on the clock, read lazily as loaded */
	CHECK_INT(ds_dataset_timed(a), ds_dataset_timed(b));
	size_t time_diff = 0;
	for (size_t r = 0; r < rows; r++) {
		double ta, tb;
		int ka = ds_dataset_row_time(a, r, &ta), kb = ds_dataset_row_time(b, r, &tb);
		if (ka != kb || (ka && ta != tb)) {
			if (time_diff++ < 5)
				fprintf(stderr, "%s row %zu: time %d %.6f vs %d %.6f\n", what, r, ka, ta, kb, tb);
		}
	}
	CHECK_INT(time_diff, 0);
	/* the time range: the lazy counter's pass against the loaded table */
	double alo, ahi, blo, bhi;
	int ha = ds_dataset_time_range(a, &alo, &ahi), hb = ds_dataset_time_range(b, &blo, &bhi);
	CHECK_INT(ha, hb);
	if (ha && hb) {
		CHECK_NEAR(alo, blo, 0.0);
		CHECK_NEAR(ahi, bhi, 0.0);
	}
}

static void test_bgl(const char *rel)
{
	const char *path = ll_test_data(rel);
	struct ds_dataset *eager = open_with(path, NULL, NULL), *lazy = open_with(path, "1", NULL);
	CHECK(eager && lazy);
	if (!eager || !lazy)
		return;
	CHECK(ds_dataset_table(eager) != NULL);
	CHECK(ds_dataset_table(lazy) == NULL);
	compare(eager, lazy, rel);
	CHECK_STR(ds_dataset_reader(lazy)->name, "bgl");
	CHECK_INT(ds_dataset_nrows(lazy), 2000);
	CHECK_INT(ds_dataset_nclasses(lazy), 13);
	CHECK_INT(count_of(lazy, "normal"), 1857);
	CHECK_INT(count_of(lazy, "KERNDTLB"), 60);
	CHECK_INT(count_of(lazy, "KERNSTOR"), 30);
	CHECK_INT(count_of(lazy, "APPSEV"), 17);
	CHECK_INT(count_of(lazy, "APPCHILD"), 1);
	CHECK_INT(count_of(eager, "normal"), 1857);
	CHECK_INT(count_of(eager, "KERNDTLB"), 60);
	CHECK_STR(ds_dataset_col_name(lazy, 0), "line");
	char buf[256];
	/* Row text is the raw line without CR; a short buffer truncates but
	 * the full length comes back. First line of the file (head -1). */
	size_t n = ds_dataset_row_text(lazy, 0, buf, sizeof buf);
	CHECK(strncmp(buf, "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 ", 44) == 0);
	CHECK(n == strlen(buf) && buf[n - 1] != '\r');
	CHECK_INT(ds_dataset_row_text(lazy, 0, buf, 5), n);
	CHECK_STR(buf, "- 11");
	ds_dataset_close(eager);
	ds_dataset_close(lazy);
}

static void test_other_logs(void)
{
	static const char *const rels[] = {"loghub/Linux/Linux_2k.log",     "loghub/HDFS/HDFS_2k.log",
					   "loghub/Thunderbird/Thunderbird_2k.log", "loghub/Zookeeper/Zookeeper_2k.log",
					   "loghub2/OpenSSH/OpenSSH_2k.log", "loghub/Spark/Spark_2k.log"};
	for (size_t i = 0; i < sizeof rels / sizeof *rels; i++) {
		const char *path = ll_test_data(rels[i]);
		struct ds_dataset *eager = open_with(path, NULL, NULL), *lazy = open_with(path, "1000", NULL);
		CHECK(eager && lazy);
		if (!eager || !lazy)
			continue;
		CHECK(ds_dataset_table(lazy) == NULL);
		compare(eager, lazy, rels[i]);
		CHECK_INT(ds_dataset_nrows(lazy), 2000);
		ds_dataset_close(eager);
		ds_dataset_close(lazy);
	}
	/* Thunderbird's sample is all "-". */
	struct ds_dataset *tb = open_with(ll_test_data("loghub/Thunderbird/Thunderbird_2k.log"), "1", NULL);
	if (tb) {
		wait_complete(tb);
		CHECK_INT(ds_dataset_nclasses(tb), 1);
		CHECK_INT(count_of(tb, "normal"), 2000);
		ds_dataset_close(tb);
	}
}

/* A file smaller than the threshold loads whole even with --format. */
static void test_threshold(void)
{
	const char *path = ll_test_data("loghub/BGL/BGL_2k.log");
	struct ds_dataset *a = open_with(path, "100000000", "bgl");
	CHECK(a && ds_dataset_table(a) != NULL);
	ds_dataset_close(a);
	/* fail2ban rows skip comments, so it never goes lazy. */
	char rel[512];
	snprintf(rel, sizeof rel, "%s/fail2ban/logs/sshd", ll_test_data_dir());
	if (access(rel, R_OK) == 0) {
		a = open_with(rel, "1", "fail2ban");
		CHECK(a && ds_dataset_table(a) != NULL);
		ds_dataset_close(a);
	}
}

/* Gzip above the threshold: the inflated bytes are indexed. */
static void test_gzip_lazy(void)
{
	const char *src = ll_test_data("loghub2/BGL/BGL_2k.log");
	FILE *in = fopen(src, "rb");
	char gz[512];
	snprintf(gz, sizeof gz, "%s/bgl.log.gz", tmpdir);
	gzFile out = gzopen(gz, "wb");
	CHECK(in && out);
	if (!in || !out)
		return;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		gzwrite(out, buf, (unsigned)n);
	fclose(in);
	gzclose(out);
	struct ds_dataset *plain = open_with(src, NULL, NULL), *lazy = open_with(gz, "1", NULL);
	CHECK(plain && lazy);
	if (plain && lazy) {
		CHECK(ds_dataset_table(lazy) == NULL);
		compare(plain, lazy, "gzip");
		CHECK_INT(ds_dataset_nrows(lazy), 2000);
		CHECK_INT(count_of(lazy, "normal"), 1857);
	}
	ds_dataset_close(plain);
	ds_dataset_close(lazy);
	unlink(gz);
}

/* A bigger file (BGL_2k 200 times, 400,000 lines): counts while the
 * background work runs never exceed the final ones, labels asked for early
 * keep their class id, and the final counts are 200 times BGL_2k's. */
static void test_counts_while_scanning(void)
{
	const char *src = ll_test_data("loghub2/BGL/BGL_2k.log");
	FILE *in = fopen(src, "rb");
	if (!in) {
		CHECK(0);
		return;
	}
	static char data[1 << 20];
	size_t n = fread(data, 1, sizeof data, in);
	fclose(in);
	char big[512];
	snprintf(big, sizeof big, "%s/bgl200.log", tmpdir);
	FILE *out = fopen(big, "wb");
	/* 200 copies (400k lines); 20 under valgrind (LL_VALGRIND), still
	 * 48 index blocks of 128 kB and three 16384-line chunks behind the
	 * scan */
	const int copies = getenv("LL_VALGRIND") ? 20 : 200;
	for (int k = 0; k < copies; k++) {
		fwrite(data, 1, n, out);
		if (data[n - 1] != '\n')
			fputc('\n', out);
	}
	fclose(out);
	struct ds_dataset *ds = open_with(big, "1", NULL);
	CHECK(ds != NULL);
	if (!ds)
		return;
	/* Row 1999 of the first copy is an alert or normal line; ask early. */
	int early[4];
	size_t probe[4] = {0, 1999, 2000 * (size_t)(copies * 3 / 4) + 17, 2000 * (size_t)(copies - 1) + 1500};
	size_t bad = 0, partial = 0;
	for (int k = 0; k < 4; k++) {
		/* polling gives way: under valgrind, whose threads take turns
		 * under one lock, a loop that never does holds it while the
		 * count it waits for cannot move */
		while (ds_dataset_nrows(ds) <= probe[k])
			sched_yield();
		early[k] = ds_dataset_label(ds, probe[k]);
	}
	while (!ds_dataset_complete(ds)) {
		size_t nc = ds_dataset_nclasses(ds);
		size_t *c = calloc(nc + 1, sizeof *c), un = 0, sum = 0;
		ds_dataset_label_counts(ds, c, &un);
		for (size_t k = 0; k < nc; k++)
			sum += c[k];
		if (sum + un > ds_dataset_nrows(ds) || c[0] > 1857 * (size_t)copies)
			bad++;
		partial++;
		free(c);
		sched_yield();
		double p = ds_dataset_progress(ds);
		if (p < 0 || p > 1)
			bad++;
	}
	CHECK_INT(bad, 0);
	fprintf(stderr, "counts while scanning: %zu partial observations\n", partial);
	CHECK_INT(ds_dataset_nrows(ds), 2000 * (size_t)copies);
	for (int k = 0; k < 4; k++)
		CHECK_INT(ds_dataset_label(ds, probe[k]), early[k]);
	CHECK_INT(count_of(ds, "normal"), 1857 * copies);
	CHECK_INT(count_of(ds, "KERNDTLB"), 60 * copies);
	CHECK_INT(count_of(ds, "APPOUT"), copies);
	CHECK_INT(ds_dataset_nclasses(ds), 13);
	ds_dataset_close(ds);
	/* Closing while both threads still run must not hang or leak. */
	for (int k = 0; k < 5; k++) {
		ds = open_with(big, "1", NULL);
		ds_dataset_close(ds);
	}
	unlink(big);
}

/* label<TAB>line built from BGL_2k (first token as the label, the rest as
 * the line) plus one line without a tab: labels, label-free row text and
 * the misfit note must agree between the two paths. */
static void test_labelled(void)
{
	FILE *in = fopen(ll_test_data("loghub2/BGL/BGL_2k.log"), "rb");
	char path[512];
	snprintf(path, sizeof path, "%s/bgl.labels", tmpdir);
	FILE *out = fopen(path, "wb");
	CHECK(in && out);
	if (!in || !out)
		return;
	char line[8192];
	while (fgets(line, sizeof line, in)) {
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = '\t';
		fputs(line, out);
		if (!strchr(sp, '\n'))
			fputc('\n', out);
	}
	fputs("a line without any tab\n", out);
	fclose(in);
	fclose(out);
	struct ds_dataset *eager = open_with(path, NULL, "labelled"), *lazy = open_with(path, "1", "labelled");
	CHECK(eager && lazy);
	if (eager && lazy) {
		CHECK(ds_dataset_table(lazy) == NULL);
		compare(eager, lazy, "labelled");
		CHECK_INT(ds_dataset_nrows(lazy), 2001);
		CHECK_INT(count_of(lazy, "normal"), 1857);
		CHECK_INT(count_of(lazy, "KERNSTOR"), 30);
		char buf[128];
		ds_dataset_row_text(lazy, 0, buf, sizeof buf);
		CHECK(strncmp(buf, "1117838570 2005.06.03 R02-M1-N0-C:J12-U11", 41) == 0);
		ds_dataset_row_text(lazy, 2000, buf, sizeof buf);
		CHECK_STR(buf, "a line without any tab");
		CHECK_INT(ds_dataset_label(lazy, 2000), LL_NO_LABEL);
		CHECK_INT(ds_dataset_nnotes(lazy), 1);
		CHECK(ds_dataset_note(lazy, 0) && strstr(ds_dataset_note(lazy, 0), "(first: line 2001)"));
	}
	ds_dataset_close(eager);
	ds_dataset_close(lazy);
	unlink(path);
}

static void test_csv(void)
{
	struct ds_dataset *ds = open_with(ll_test_data("nab/data/realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv"),
					  "1", NULL);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK(ds_dataset_table(ds) != NULL);
	CHECK_INT(ds_dataset_is_lines(ds), 0);
	CHECK_INT(ds_dataset_complete(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 4032);
	CHECK_INT(ds_dataset_ncols(ds), 2);
	CHECK_STR(ds_dataset_col_name(ds, 0), "timestamp");
	CHECK_STR(ds_dataset_col_name(ds, 1), "value");
	char buf[256], c0[128], c1[128];
	/* Second line of the file: "2014-02-14 14:30:00,0.132". */
	ds_dataset_cell(ds, 0, 0, c0, sizeof c0);
	ds_dataset_cell(ds, 0, 1, c1, sizeof c1);
	CHECK_STR(c0, "2014-02-14 14:30:00");
	CHECK_STR(c1, "0.132");
	size_t n = ds_dataset_row_text(ds, 0, buf, sizeof buf);
	CHECK_STR(buf, "2014-02-14 14:30:00  0.132");
	CHECK_INT(n, 26);
	CHECK_INT(ds_dataset_row_text(ds, 0, buf, 22), 26);
	CHECK_STR(buf, "2014-02-14 14:30:00  ");
	CHECK_INT(ds_dataset_row_text(ds, 0, buf, 20), 26);
	CHECK_STR(buf, "2014-02-14 14:30:00");
	/* the table's clock: 2014-02-14 14:30:00 UTC */
	double t;
	CHECK(ds_dataset_timed(ds));
	CHECK(ds_dataset_row_time(ds, 0, &t) && t == 1392388200);
	ds_dataset_close(ds);

	ds = open_with(ll_test_data("dstat/pkb_dstat-0.7.2-result.csv"), "1", NULL);
	CHECK(ds != NULL);
	if (ds) {
		CHECK_STR(ds_dataset_reader(ds)->name, "dstat");
		CHECK_INT(ds_dataset_nrows(ds), 383);
		CHECK_INT(ds_dataset_ncols(ds), 62);
		CHECK(ds_dataset_table(ds) != NULL);
		ds_dataset_close(ds);
	}
}

static void test_errors(void)
{
	struct ds_dataset *ds = (struct ds_dataset *)1;
	struct ll_err err;
	char path[600];
	snprintf(path, sizeof path, "%s/nothing-here.log", tmpdir);
	CHECK_INT(ds_dataset_open(&ds, path, NULL, &err), LL_EIO);
	CHECK(ds == NULL);
	CHECK(strstr(err.msg, "nothing-here.log") && strstr(err.msg, "no such file"));
	/* A folder is a fleet (tests/datasets/test_fleet.c); an empty one has no logs or tables. */
	char empty[700];
	snprintf(empty, sizeof empty, "%s/empty-folder", tmpdir);
	CHECK(mkdir(empty, 0755) == 0);
	CHECK_INT(ds_dataset_open(&ds, empty, NULL, &err), LL_EIO);
	CHECK(strstr(err.msg, "empty-folder") && strstr(err.msg, "no log or table files"));
	rmdir(empty);
	struct ds_open_opts o = {.format = "no-such-format"};
	CHECK_INT(ds_dataset_open(&ds, ll_test_data("loghub/BGL/BGL_2k.log"), &o, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "no-such-format") != NULL);
	/* Binary junk above the threshold is refused like a loaded file would be. */
	snprintf(path, sizeof path, "%s/junk.bin", tmpdir);
	FILE *f = fopen(path, "wb");
	for (int i = 0; i < 5000; i++)
		fputc(i % 7 == 0 ? 0 : 'a' + i % 26, f);
	fclose(f);
	setenv("LOGLAB_LAZY_THRESHOLD", "1", 1);
	int rc = ds_dataset_open(&ds, path, NULL, &err);
	unsetenv("LOGLAB_LAZY_THRESHOLD");
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "junk.bin") && strstr(err.msg, "binary"));
	struct ds_dataset *loaded = NULL;
	CHECK_INT(ds_dataset_open(&loaded, path, NULL, &err), LL_EDATA);
	unlink(path);
	/* Empty file: no rows, complete at once, either way. */
	snprintf(path, sizeof path, "%s/empty.log", tmpdir);
	fclose(fopen(path, "wb"));
	ds = open_with(path, "0", NULL);
	CHECK(ds != NULL);
	if (ds) {
		wait_complete(ds);
		CHECK_INT(ds_dataset_nrows(ds), 0);
		ds_dataset_close(ds);
	}
	unlink(path);
}

/* A large log whose line index stops early (here: more lines than
 * LOGLAB_MEMORY_MAX allows) opens, but ds_dataset_status says it is not
 * the whole file; a complete one says LL_OK; a loaded table always. */
static void test_status(void)
{
	char path[400];
	snprintf(path, sizeof path, "%s/empty-lines.log", tmpdir);
	FILE *f = fopen(path, "w");
	for (int i = 0; f && i < 300000; i++)
		fputc('\n', f);
	if (f)
		fclose(f);
	setenv("LOGLAB_MEMORY_MAX", "256K", 1);
	struct ds_dataset *ds = open_with(path, "1", "lines");
	CHECK(ds != NULL);
	if (ds) {
		wait_complete(ds);
		struct ll_err err;
		CHECK_INT(ds_dataset_status(ds, &err), LL_EDATA);
		CHECK(strstr(err.msg, "empty-lines.log: too many lines") && strstr(err.msg, "LOGLAB_MEMORY_MAX"));
		CHECK(ds_dataset_nrows(ds) < 300000);
		ds_dataset_close(ds);
	}
	unsetenv("LOGLAB_MEMORY_MAX");
	ds = open_with(path, "1", "lines");
	if (ds) {
		wait_complete(ds);
		struct ll_err err;
		CHECK_INT(ds_dataset_status(ds, &err), LL_OK);
		CHECK_INT(ds_dataset_nrows(ds), 300000);
		ds_dataset_close(ds);
	}
	ds = open_with(path, NULL, "lines");
	if (ds) {
		struct ll_err err;
		CHECK_INT(ds_dataset_status(ds, &err), LL_OK);
		ds_dataset_close(ds);
	}
	unlink(path);
}

/* Two writers in one big file, one with years in its stamps and one
 * without, the year turning on the way: browsed lazily, the yearless
 * lines take the year of the dated line before them (the next one after
 * the turn), as the loaded path gives them, even when that line is
 * thousands of rows above; and a file of yearless lines alone has its
 * last line no newer than the file and turns its year on the way. */
static void test_yearless_lazy(void)
{
	char path[512], path2[512];
	snprintf(path, sizeof path, "%s/years.log", tmpdir);
	snprintf(path2, sizeof path2, "%s/yearless.log", tmpdir);
	FILE *f = fopen(path, "wb"), *g = fopen(path2, "wb");
	CHECK(f && g);
	if (!f || !g) {
		if (f)
			fclose(f);
		if (g)
			fclose(g);
		return;
	}
	for (int i = 0; i < 6000; i++) {
		time_t t = (time_t)1451602800 + i; /* 2015-12-31 23:00:00 UTC on */
		struct tm tm;
		gmtime_r(&t, &tm);
		char dated[64], yearless[64];
		strftime(dated, sizeof dated, "%Y-%m-%d %H:%M:%S", &tm);
		strftime(yearless, sizeof yearless, "%b %e %H:%M:%S", &tm);
		if (i % 1700 < 200)
			fprintf(f, "%s,%03d - util.py[DEBUG]: step %d\n", dated, i % 1000, i);
		else
			fprintf(f, "%s vm-1 [APP] util.py[DEBUG]: step %d\n", yearless, i);
		fprintf(g, "%s vm-1 app[%d]: step %d\n", yearless, 100 + i % 7, i);
	}
	fclose(f);
	fclose(g);
	/* the yearless file written on 2016-01-01 at 02:00: the year turns in it */
	struct timespec written[2] = {{1451613600, 0}, {1451613600, 0}};
	CHECK_INT(utimensat(AT_FDCWD, path2, written, 0), 0);
	const char *files[] = {path, path2};
	for (int k = 0; k < 2; k++) {
		struct ds_dataset *eager = open_with(files[k], NULL, "log"), *lazy = open_with(files[k], "1000", "log");
		CHECK(eager && lazy);
		if (eager && lazy) {
			CHECK(ds_dataset_table(lazy) == NULL);
			compare(eager, lazy, files[k]);
			/* a row far from its dated line, after the turn; then one
			 * before it, asked for after (out of order) */
			int tc = -1;
			for (size_t c = 0; c < ds_dataset_ncols(lazy); c++)
				if (ds_dataset_col_type(lazy, c) == LL_COL_TIME && tc < 0)
					tc = (int)c;
			CHECK(tc >= 0);
			char when[64];
			if (k == 0 && tc >= 0) {
				ds_dataset_cell(lazy, 5000, (size_t)tc, when, sizeof when);
				CHECK(strncmp(when, "2016-01-01 00:23:20", 19) == 0);
				ds_dataset_cell(lazy, 1000, (size_t)tc, when, sizeof when);
				CHECK(strncmp(when, "2015-12-31 23:16:40", 19) == 0);
				/* the row's time as its cell shows it, in its year */
				double t;
				CHECK(ds_dataset_row_time(lazy, 5000, &t) && t == 1451602800 + 5000);
				CHECK(ds_dataset_row_time(lazy, 1000, &t) && t == 1451602800 + 1000);
			}
			if (k == 1 && tc >= 0) {
				/* yearless alone: the last line no newer than the file,
				 * the first of the year before */
				ds_dataset_cell(lazy, 5000, (size_t)tc, when, sizeof when);
				CHECK(strncmp(when, "2016-01-01 00:23:20", 19) == 0);
				ds_dataset_cell(lazy, 1000, (size_t)tc, when, sizeof when);
				CHECK(strncmp(when, "2015-12-31 23:16:40", 19) == 0);
				ds_dataset_cell(lazy, 5999, (size_t)tc, when, sizeof when);
				CHECK(strncmp(when, "2016-01-01 00:39:59", 19) == 0);
			}
		}
		ds_dataset_close(eager);
		ds_dataset_close(lazy);
	}
	unlink(path);
	unlink(path2);
}

/* A date and a clock as two key=value pairs ("date=... time=..."): the
 * time column holds both, loaded whole and read lazily through the line
 * index alike, and its range runs to the last clock, not the last
 * midnight. */
static void test_kv_date_clock(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/kvclock.log", tmpdir);
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	for (int i = 0; i < 3000; i++) {
		time_t t = (time_t)1639094400 + (time_t)i * 37; /* 2021-12-10 00:00:00 UTC on */
		struct tm tm;
		gmtime_r(&t, &tm);
		char date[32], clock[32];
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
		strftime(clock, sizeof clock, "%H:%M:%S", &tm);
		fprintf(f, "date=%s time=%s dev=\"n%d\" level=\"%s\" msg=\"step %d\"\n", date, clock, i % 5,
			i % 9 ? "info" : "error", i);
	}
	fclose(f);
	struct ds_dataset *eager = open_with(path, NULL, NULL), *lazy = open_with(path, "1000", NULL);
	CHECK(eager && lazy);
	if (eager && lazy) {
		CHECK(ds_dataset_table(lazy) == NULL);
		compare(eager, lazy, path);
		CHECK_STR(ds_dataset_col_name(lazy, 1), "time");
		CHECK_INT(ds_dataset_col_type(lazy, 1), LL_COL_TIME);
		CHECK_INT(ds_dataset_col_type(lazy, 2), LL_COL_TEXT);
		struct ds_dataset *both[] = {eager, lazy};
		for (int k = 0; k < 2; k++) {
			char when[64];
			/* row 2999: 1639094400 + 110963 s = 2021-12-11 06:49:23 */
			ds_dataset_cell(both[k], 2999, 1, when, sizeof when);
			CHECK(strncmp(when, "2021-12-11 06:49:23", 19) == 0);
			double lo, hi;
			CHECK(ds_dataset_time_range(both[k], &lo, &hi));
			CHECK_NEAR(lo, 1639094400, 0);
			CHECK_NEAR(hi, 1639094400 + 2999 * 37, 0);
			double t;
			CHECK(ds_dataset_timed(both[k]));
			CHECK(ds_dataset_row_time(both[k], 2999, &t) && t == 1639094400 + 2999 * 37);
			CHECK(!ds_dataset_row_time(both[k], 3000, &t) && isnan(t));
		}
	}
	ds_dataset_close(eager);
	ds_dataset_close(lazy);
	unlink(path);
}

/* A log with a label file (the dataset key "labels") read lazily: the
 * classes kept a row each beside the line index, not the whole log loaded
 * for them (it was loaded at any size: an 82 MB log took 265 MB); the same
 * rows, classes, counts and label file as loaded; one of another length
 * refused naming both counts; lines with labels of their own refuse it as
 * loaded. */
static struct ds_dataset *open_labelled(const char *path, const char *labels, const char *threshold, int *rc,
					struct ll_err *err)
{
	struct ds_open_opts o = {.labels = labels};
	struct ds_dataset *ds = NULL;
	if (threshold)
		setenv("LOGLAB_LAZY_THRESHOLD", threshold, 1);
	*rc = ds_dataset_open(&ds, path, &o, err);
	unsetenv("LOGLAB_LAZY_THRESHOLD");
	if (ds)
		wait_complete(ds);
	return ds;
}

static void test_label_file_lazy(void)
{
	char path[300], labels[300], shortl[300];
	snprintf(path, sizeof path, "%s/lf.log", tmpdir);
	snprintf(labels, sizeof labels, "%s/lf.classes", tmpdir);
	snprintf(shortl, sizeof shortl, "%s/lf.short", tmpdir);
	FILE *f = fopen(path, "w"), *g = fopen(labels, "w"), *h = fopen(shortl, "w");
	CHECK(f && g && h);
	if (!f || !g || !h)
		return;
	for (int i = 0; i < 300; i++) {
		fprintf(f, "2024-03-01T10:%02d:%02dZ worker %d: step %s\n", i / 60, i % 60, i % 7, i % 9 ? "done" : "failed");
		/* blank lines between labels are no labels */
		fprintf(g, "%s\n%s", i % 9 ? "ok" : i % 2 ? "crash" : "timeout", i % 50 == 7 ? "\n" : "");
		if (i)
			fprintf(h, "ok\n");
	}
	fclose(f);
	fclose(g);
	fclose(h);
	struct ll_err err;
	int rc;
	struct ds_dataset *eager = open_labelled(path, labels, NULL, &rc, &err);
	CHECK_INT(rc, LL_OK);
	struct ds_dataset *lazy = open_labelled(path, labels, "1", &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (eager && lazy) {
		CHECK(ds_dataset_table(eager) != NULL);
		CHECK(ds_dataset_table(lazy) == NULL);
		CHECK_STR(ds_dataset_label_file(lazy), labels);
		CHECK_INT(ds_dataset_nrows(lazy), 300);
		CHECK_INT(ds_dataset_nclasses(lazy), ds_dataset_nclasses(eager));
		for (size_t k = 0; k < ds_dataset_nclasses(lazy) && k < ds_dataset_nclasses(eager); k++)
			CHECK_STR(ds_dataset_class_name(lazy, k), ds_dataset_class_name(eager, k));
		int same = 1;
		for (size_t r = 0; r < 300; r++)
			same &= ds_dataset_label(lazy, r) == ds_dataset_label(eager, r);
		CHECK(same);
		CHECK_INT(count_of(lazy, "ok"), count_of(eager, "ok"));
		CHECK_INT(count_of(lazy, "crash"), 17);
		CHECK_INT(count_of(lazy, "timeout"), 17);
	}
	ds_dataset_close(eager);
	ds_dataset_close(lazy);
	struct ds_dataset *bad = open_labelled(path, shortl, "1", &rc, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "has 300 rows but its label file") != NULL && strstr(err.msg, "has 299 labels") != NULL);
	CHECK(bad == NULL);
	/* BGL's lines carry their labels: the file is refused, lazily too */
	bad = open_labelled(ll_test_data("loghub/BGL/BGL_2k.log"), labels, "1", &rc, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "labels of its own") != NULL);
	ds_dataset_close(bad);
	unlink(path);
	unlink(labels);
	unlink(shortl);
}

int main(void)
{
	ll_test_data_dir();
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/test_dataset.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	test_bgl("loghub/BGL/BGL_2k.log");
	test_bgl("loghub2/BGL/BGL_2k.log");
	test_other_logs();
	test_threshold();
	test_gzip_lazy();
	test_counts_while_scanning();
	test_labelled();
	test_csv();
	test_errors();
	test_status();
	test_yearless_lazy();
	test_kv_date_clock();
	test_label_file_lazy();
	rmdir(tmpdir);
	TEST_MAIN_END();
}
