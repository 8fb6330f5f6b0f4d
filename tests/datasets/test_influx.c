/*
 * test_influx.c - the "influx" reader (InfluxDB line protocol): columns per
 * measurement field, tags as text, escapes, kinds, time units by magnitude,
 * detection against logs and key=value text, errors naming the line; a row
 * per time and tag set (points of several measurements merged, tag order
 * not mattering, a repeated cell starting a row of its own), at scale.
 */
#include "harness.h"

#include "ds_reader.h"
#include "ll_time.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[200];

static const char *put(const char *name, const char *text)
{
	return ll_test_put(dir, name, text);
}

static int load(const char *path, struct ll_table **t, const char **used, struct ll_err *e)
{
	struct ds_open_opts o = {0};
	const struct ds_reader *r = NULL;
	int rc = ds_load(path, &o, t, &r, e);
	*used = r ? r->name : "";
	return rc;
}

static int col(const struct ll_table *t, const char *name) { return ll_table_find_column(t, name); }

/* The reader's own table, not pivoted. */
static struct ll_table *load_long(const char *name, const char *text)
{
	struct ds_open_opts o = {0};
	o.format = "influx";
	o.entity = "none";
	const struct ds_reader *r = NULL;
	struct ll_table *t = NULL;
	struct ll_err e;
	int rc = ds_load(put(name, text), &o, &t, &r, &e);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK)
		fprintf(stderr, "%s\n", e.msg);
	return t;
}

static double num(const struct ll_table *t, size_t row, const char *name)
{
	int c = col(t, name);
	return c < 0 ? -1e300 : ll_table_num(t, row, (size_t)c);
}

static const char *text(const struct ll_table *t, size_t row, const char *name)
{
	int c = col(t, name);
	return c < 0 ? "(no column)" : ll_table_text(t, row, (size_t)c);
}

/* Points of one time and tag set are one row, whatever the measurement. */
static void test_merge(void)
{
	struct ll_table *t = load_long("merge.lp", "cpu,host=a usage=1 1700000000\n"
						   "mem,host=a used=2,free=3 1700000000\n"
						   "disk,host=a io=4i 1700000000\n"
						   "cpu,host=a usage=5 1700000010\n"
						   "mem,host=a used=6 1700000010\n");
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 2);
	CHECK_INT(ll_table_ncols(t), 6); /* time, host, cpu.usage, mem.used, mem.free, disk.io */
	CHECK_INT(col(t, "measurement"), -1); /* the field names say it */
	CHECK_NEAR(ll_table_num(t, 0, 0), 1700000000, 0);
	CHECK_NEAR(ll_table_num(t, 1, 0), 1700000010, 0);
	CHECK_STR(text(t, 0, "host"), "a");
	CHECK_NEAR(num(t, 0, "cpu.usage"), 1, 0);
	CHECK_NEAR(num(t, 0, "mem.used"), 2, 0);
	CHECK_NEAR(num(t, 0, "mem.free"), 3, 0);
	CHECK_NEAR(num(t, 0, "disk.io"), 4, 0);
	CHECK_NEAR(num(t, 1, "cpu.usage"), 5, 0);
	CHECK_NEAR(num(t, 1, "mem.used"), 6, 0);
	CHECK(isnan(num(t, 1, "mem.free")));
	CHECK(isnan(num(t, 1, "disk.io")));
	ll_table_free(t);
}

/* Other tag values, a tag more or fewer, or another time: other rows, in
 * first-seen order. */
static void test_apart(void)
{
	struct ll_table *t = load_long("apart.lp", "cpu,host=a,cpu=0 u=1 1700000000\n"
						   "cpu,host=b,cpu=0 u=2 1700000000\n"
						   "mem,host=a m=3 1700000000\n" /* no cpu tag */
						   "cpu,host=a,cpu=1 u=4 1700000000\n"
						   "mem,host=a m=5 1700000001\n"
						   "net,host=a,cpu=0 n=6 1700000000\n" /* joins row 0 */
						   "mem,host=b m=7 1700000000\n");
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 6);
	CHECK_STR(text(t, 0, "host"), "a");
	CHECK_STR(text(t, 0, "cpu"), "0");
	CHECK_NEAR(num(t, 0, "net.n"), 6, 0);
	CHECK_STR(text(t, 1, "host"), "b");
	CHECK_NEAR(num(t, 1, "cpu.u"), 2, 0);
	CHECK(isnan(num(t, 1, "net.n")));
	CHECK_STR(text(t, 2, "cpu"), "");
	CHECK_NEAR(num(t, 2, "mem.m"), 3, 0);
	CHECK(isnan(num(t, 2, "cpu.u")));
	CHECK_STR(text(t, 3, "cpu"), "1");
	CHECK_NEAR(num(t, 3, "cpu.u"), 4, 0);
	CHECK_NEAR(ll_table_num(t, 4, 0), 1700000001, 0);
	CHECK_NEAR(num(t, 4, "mem.m"), 5, 0);
	CHECK_STR(text(t, 5, "host"), "b");
	CHECK_NEAR(num(t, 5, "mem.m"), 7, 0);
	ll_table_free(t);
}

/* The same keys and values in another order on the line: one tag set. */
static void test_tag_order(void)
{
	struct ll_table *t = load_long("order.lp", "cpu,host=a,dc=x u=1 1700000000\n"
						   "mem,dc=x,host=a m=2 1700000000\n"
						   "mem,dc=a,host=x m=3 1700000000\n"); /* values swapped: apart */
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 2);
	CHECK_NEAR(num(t, 0, "cpu.u"), 1, 0);
	CHECK_NEAR(num(t, 0, "mem.m"), 2, 0);
	CHECK_STR(text(t, 0, "host"), "a");
	CHECK_STR(text(t, 0, "dc"), "x");
	CHECK_STR(text(t, 1, "host"), "x");
	CHECK_NEAR(num(t, 1, "mem.m"), 3, 0);
	ll_table_free(t);
}

/* Points without tags share the empty tag set; points without a time
 * are rows of their own. */
static void test_no_tags(void)
{
	struct ll_table *t = load_long("notags.lp", "sys load=1 1700000000\n"
						    "kernel boots=2i 1700000000\n"
						    "sys,host=a load=3 1700000000\n"
						    "sys load=4\n"
						    "kernel boots=5i\n");
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 4);
	CHECK_NEAR(num(t, 0, "sys.load"), 1, 0);
	CHECK_NEAR(num(t, 0, "kernel.boots"), 2, 0);
	CHECK_STR(text(t, 0, "host"), "");
	CHECK_STR(text(t, 1, "host"), "a");
	CHECK_NEAR(num(t, 1, "sys.load"), 3, 0);
	CHECK(isnan(ll_table_num(t, 2, 0)));
	CHECK_NEAR(num(t, 2, "sys.load"), 4, 0);
	CHECK(isnan(num(t, 2, "kernel.boots")));
	CHECK(isnan(ll_table_num(t, 3, 0)));
	CHECK_NEAR(num(t, 3, "kernel.boots"), 5, 0);
	ll_table_free(t);
}

/* A point giving a cell of its row a second value keeps it in a new row
 * of the same time and tags, which later points of that key join; a
 * field repeated within one line is one cell (the last value, as ever). */
static void test_repeat(void)
{
	struct ll_table *t = load_long("repeat.lp", "cpu,host=a u=1 1700000000\n"
						    "mem,host=a m=2 1700000000\n"
						    "cpu,host=a u=3,v=4 1700000000\n" /* u again: row 1 */
						    "disk,host=a d=5 1700000000\n"
						    "mem,host=a m=6 1700000000\n" /* free in row 1 */
						    "net,host=a n=7,n=8 1700000000\n"
						    "cpu,host=a v=9 1700000000\n"); /* v again: row 2 */
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 3);
	for (size_t r = 0; r < 3; r++) {
		CHECK_NEAR(ll_table_num(t, r, 0), 1700000000, 0);
		CHECK_STR(text(t, r, "host"), "a");
	}
	CHECK_NEAR(num(t, 0, "cpu.u"), 1, 0);
	CHECK_NEAR(num(t, 0, "mem.m"), 2, 0);
	CHECK(isnan(num(t, 0, "cpu.v")));
	CHECK_NEAR(num(t, 1, "cpu.u"), 3, 0);
	CHECK_NEAR(num(t, 1, "cpu.v"), 4, 0);
	CHECK_NEAR(num(t, 1, "disk.d"), 5, 0);
	CHECK_NEAR(num(t, 1, "mem.m"), 6, 0);
	CHECK_NEAR(num(t, 1, "net.n"), 8, 0);
	CHECK_NEAR(num(t, 2, "cpu.v"), 9, 0);
	CHECK(isnan(num(t, 2, "cpu.u")));
	ll_table_free(t);
}

/* Names longer than a column name holds are cut, the same for every
 * point, so points still meet in one column. */
static void test_long_names(void)
{
	char line[4800], key[1500];
	memset(key, 'k', sizeof key - 1);
	key[sizeof key - 1] = 0;
	snprintf(line, sizeof line, "m,%s=a f=1 1700000000\nm,%s=a %s=2 1700000000\n", key, key, key);
	struct ll_table *t = load_long("long.lp", line);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 1);
	CHECK_INT(ll_table_ncols(t), 4);
	CHECK_INT(strlen(ll_table_col_name(t, 1)), 1023);
	CHECK_INT(strlen(ll_table_col_name(t, 3)), 1023);
	CHECK(strncmp(ll_table_col_name(t, 3), "m.kkk", 5) == 0);
	CHECK_NEAR(ll_table_num(t, 0, 3), 2, 0);
	ll_table_free(t);
}

/* What bench/gen_influx writes, smaller: I intervals of M measurements
 * (F fields each) on H hosts, interleaved measurement by measurement. */
enum { GI = 10, GM = 40, GH = 50, GF = 2 };

static double gen_value(size_t i, size_t j, size_t h, size_t k) { return (double)((i * 7 + h * 3 + j + k) % 1000) / 4; }

static const char *gen_file(void)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/gen.lp", dir);
	FILE *f = fopen(path, "wb");
	if (!f)
		return path;
	for (size_t i = 0; i < GI; i++)
		for (size_t j = 0; j < GM; j++)
			for (size_t h = 0; h < GH; h++) {
				fprintf(f, "m%zu,host=h%zu,dc=dc%zu ", j, h, h % 4);
				for (size_t k = 0; k < GF; k++)
					fprintf(f, "%sf%zu=%g", k ? "," : "", k, gen_value(i, j, h, k));
				fprintf(f, " %llu\n", (1700000000ULL + 10ULL * i) * 1000000000ULL);
			}
	fclose(f);
	return path;
}

static void test_generated(void)
{
	const char *p = gen_file();
	struct ds_open_opts o = {0};
	o.format = "influx:entity=none";
	const struct ds_reader *r = NULL;
	struct ll_table *t = NULL;
	struct ll_err e;
	CHECK_INT(ds_load(p, &o, &t, &r, &e), LL_OK);
	if (t) {
		/* 20,000 points: a row per interval and host, a column per field */
		CHECK_INT(ll_table_nrows(t), GI * GH);
		CHECK_INT(ll_table_ncols(t), 3 + GM * GF); /* time, host, dc, fields */
		size_t bad = 0;
		for (size_t i = 0; i < GI; i++)
			for (size_t h = 0; h < GH; h++) {
				size_t row = i * GH + h; /* first-seen order */
				char name[32];
				snprintf(name, sizeof name, "h%zu", h);
				bad += ll_table_num(t, row, 0) != 1700000000.0 + 10.0 * (double)i ||
				       strcmp(text(t, row, "host"), name) != 0;
				for (size_t j = 0; j < GM; j += 13)
					for (size_t k = 0; k < GF; k++) {
						snprintf(name, sizeof name, "m%zu.f%zu", j, k);
						bad += num(t, row, name) != gen_value(i, j, h, k);
					}
			}
		CHECK_INT(bad, 0);
		CHECK_STR(text(t, 7, "dc"), "dc3");
	}
	ll_table_free(t);
	/* detected and pivoted: a row per interval, a column per field and host */
	t = NULL;
	o.format = NULL;
	CHECK_INT(ds_load(p, &o, &t, &r, &e), LL_OK);
	if (t) {
		CHECK_STR(r->name, "influx");
		CHECK_INT(ll_table_nrows(t), GI);
		CHECK_INT(ll_table_ncols(t), 1 + GH + GM * GF * GH); /* time, dc.h<h>, fields */
		CHECK_NEAR(num(t, 4, "m17.f1.h33"), gen_value(4, 17, 33, 1), 0);
		CHECK_STR(text(t, 9, "dc.h6"), "dc2");
	}
	ll_table_free(t);
}

/* Points without timestamps (the server stamps them) are detected, a row
 * each; logfmt whose second pair is a number is not, timed or not, and one
 * line alone is claimed only with tags or a timestamp. */
/* Loads text written as name: 1 when it was read as line protocol. */
static int read_as_influx(const char *name, const char *text)
{
	struct ll_table *t = NULL;
	struct ll_err e;
	const char *used = "";
	int rc = load(put(name, text), &t, &used, &e);
	CHECK_INT(rc, LL_OK);
	ll_table_free(t);
	return rc == LL_OK && strcmp(used, "influx") == 0;
}

static void test_untimed(void)
{
	struct ll_table *t = NULL;
	struct ll_err e;
	const char *used = "";
	const char *p = put("untimed.lp", "temp,sensor=nvme_composite temp=35.85\n"
					  "temp,sensor=k10temp_tctl temp=33.25\n"
					  "solr_admin,core=main num_docs=168943425i,size=2.5e3 \n"
					  "file ok=true,note=\"a b\"\n");
	CHECK_INT(load(p, &t, &used, &e), LL_OK);
	CHECK_STR(used, "influx");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_NEAR(num(t, 0, "temp.temp"), 35.85, 1e-9);
		CHECK_STR(text(t, 1, "sensor"), "k10temp_tctl");
		CHECK_NEAR(num(t, 2, "solr_admin.num_docs"), 168943425, 0);
		CHECK_STR(text(t, 3, "file.note"), "a b");
		CHECK(isnan(ll_table_num(t, 0, 0)));
	}
	ll_table_free(t);
	t = NULL;
	/* without tags, numbers only: still points */
	p = put("plain.lp", "file properties_mag=5.17\nfile properties_mag=6.2\n");
	CHECK_INT(load(p, &t, &used, &e), LL_OK);
	CHECK_STR(used, "influx");
	CHECK_INT(t ? (int)ll_table_nrows(t) : -1, 2);
	ll_table_free(t);
	t = NULL;
	/* one line: sure by its tags or its timestamp */
	CHECK(read_as_influx("one_tagged.lp", "weight,imei=123,serial=AX00 weight=289.799\n"));
	CHECK(read_as_influx("one_timed.lp", "dme value=\"foo\" 1543236572000000000\n"));
	CHECK(!read_as_influx("one_plain.txt", "status count=3\n"));
	/* logfmt: the first pair is no measurement */
	CHECK(!read_as_influx("kv_untimed.log", "level=info count=3\nlevel=warn count=4\nlevel=info count=5\n"));
	CHECK(!read_as_influx("words.log", "Starting server port=8080\nStopping server port=8080\n"));
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "influx");
	struct ll_table *t = NULL;
	struct ll_err e;
	const char *used;
	const char *p = put("metrics.txt",
			    "# written by telegraf\n"
			    "cpu,cpu=cpu0,host=web\\ 1 usage_idle=68.75,usage_user=25 1568760922000000000\n"
			    "mem,host=web\\ 1 used_percent=40.5,available=8000000000i,ok=true 1568760922000000000\n"
			    "\n"
			    "cpu,cpu=cpu0,host=web\\ 1 usage_idle=70,usage_user=20.5 1568760932000000000\n"
			    "log,host=web\\ 1 msg=\"disk \\\"sda\\\" full, retrying\",code=3u 1568760932\n");
	CHECK_INT(load(p, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "influx");
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_STR(ll_table_col_name(t, 0), "time");
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 0, 0), 1568760922, 1e-6);
		CHECK_NEAR(ll_table_num(t, 3, 0), 1568760932, 1e-6); /* seconds, by magnitude */
		/* row 1 is mem's point (cpu's tags differ): no "measurement" column now */
		CHECK_INT(col(t, "measurement"), -1);
		CHECK(!isnan(ll_table_num(t, 1, (size_t)col(t, "mem.used_percent"))));
		CHECK_STR(ll_table_text(t, 0, (size_t)col(t, "host")), "web 1");
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "cpu.usage_idle")), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)col(t, "cpu.usage_user")), 20.5, 0);
		CHECK(isnan(ll_table_num(t, 1, (size_t)col(t, "cpu.usage_idle"))));
		CHECK_NEAR(ll_table_num(t, 1, (size_t)col(t, "mem.available")), 8e9, 0);
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "mem.ok")), LL_COL_TEXT);
		CHECK_STR(ll_table_text(t, 3, (size_t)col(t, "log.msg")), "disk \"sda\" full, retrying");
		CHECK_NEAR(ll_table_num(t, 3, (size_t)col(t, "log.code")), 3, 0);
	}
	ll_table_free(t);
	t = NULL;
	/* a field that is a number in one point and a string in another: text */
	p = put("mixed.lp", "m v=1 1700000000\nm v=\"x\" 1700000001\nm v=2 1700000002\n");
	CHECK_INT(load(p, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "m.v")), LL_COL_TEXT);
		CHECK_STR(ll_table_text(t, 1, (size_t)col(t, "m.v")), "x");
	}
	ll_table_free(t);
	t = NULL;
	/* a bad line among points is an error naming it */
	struct ds_open_opts o = {0};
	o.format = "influx";
	p = put("bad.lp", "m v=1 1700000000\nm v=1 1700000001\nm v=oops 1700000002\n");
	const struct ds_reader *r = NULL;
	CHECK_INT(ds_load(p, &o, &t, &r, &e), LL_EDATA);
	CHECK(strstr(e.msg, "bad.lp:3: not InfluxDB line protocol: a field value that is no number") != NULL);
	/* logs and key=value text are not points */
	p = put("kv.log", "level=info msg=hello ts=1700000000\nlevel=warn msg=bye ts=1700000001\n"
			  "level=info msg=again ts=1700000002\n");
	CHECK_INT(load(p, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "influx") != 0);
	ll_table_free(t);
	t = NULL;
	p = put("app.log", "2024-05-01 10:00:00 INFO a=1 b=2\n2024-05-01 10:00:01 INFO a=3 b=4\n");
	CHECK_INT(load(p, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "influx") != 0);
	ll_table_free(t);
	test_merge();
	test_apart();
	test_tag_order();
	test_no_tags();
	test_repeat();
	test_long_names();
	test_generated();
	test_untimed();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
