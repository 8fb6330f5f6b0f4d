/*
 * test_prom.c - the "prometheus" reader (text exposition, OpenMetrics): a
 * row per label set whatever the metric, labels as text columns in any
 * order, escapes, +Inf/NaN, timestamps by magnitude; pages over time (by
 * timestamp or saved one after another) a row per time or scrape and a
 * column per series; exemplars and # EOF left out; detection against
 * influx, aligned tables and logs; errors naming the line.
 */
#include "harness.h"

#include "ds_reader.h"
#include "ll_time.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[200];

static const char *put(const char *name, const char *text)
{
	return ll_test_put(dir, name, text);
}

static int col(const struct ll_table *t, const char *name) { return ll_table_find_column(t, name); }

/* Loads text as format (NULL: detected) with the entity key given; the
 * reader used into *used. */
static struct ll_table *load(const char *name, const char *text, const char *format, const char *entity,
			     const char **used, struct ll_err *e)
{
	struct ds_open_opts o = {0};
	o.format = format;
	o.entity = entity;
	const struct ds_reader *r = NULL;
	struct ll_table *t = NULL;
	int rc = ds_load(put(name, text), &o, &t, &r, e);
	if (used)
		*used = r ? r->name : "";
	if (rc != LL_OK)
		return NULL;
	return t;
}

/* The row whose label column `label` holds value, -1 when none. */
static long row_with(const struct ll_table *t, const char *label, const char *value)
{
	int c = col(t, label);
	for (size_t r = 0; c >= 0 && r < ll_table_nrows(t); r++)
		if (strcmp(ll_table_text(t, r, (size_t)c), value) == 0)
			return (long)r;
	return -1;
}

static double num(const struct ll_table *t, long row, const char *name)
{
	int c = col(t, name);
	return c < 0 || row < 0 ? -1e300 : ll_table_num(t, (size_t)row, (size_t)c);
}

static const char node[] = "# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.\n"
			   "# TYPE node_cpu_seconds_total counter\n"
			   "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 2.5866566e+06\n"
			   "node_cpu_seconds_total{cpu=\"0\",mode=\"user\"} 1234.5\n"
			   "node_cpu_seconds_total{mode=\"idle\",cpu=\"1\"} 2.5e+06\n"
			   "# HELP node_load1 1m load average.\n"
			   "# TYPE node_load1 gauge\n"
			   "node_load1 0.52\n"
			   "# TYPE node_memory_MemFree_bytes gauge\n"
			   "node_memory_MemFree_bytes 1.234567168e+09\n"
			   "# TYPE http_request_duration_seconds histogram\n"
			   "http_request_duration_seconds_bucket{le=\"0.1\"} 10\n"
			   "http_request_duration_seconds_bucket{le=\"+Inf\"} 12\n"
			   "http_request_duration_seconds_sum 3.5\n"
			   "http_request_duration_seconds_count 12\n"
			   "node_filesystem_avail_bytes{mountpoint=\"/mnt/a \\\"b\\\"\\\\c\"} NaN\n"
			   "node_scrape_limit +Inf\n";

/* One scrape: a row per label set, labels in any order the same set. */
static void test_snapshot(void)
{
	struct ll_err e;
	const char *used;
	struct ll_table *t = load("metrics.txt", node, NULL, NULL, &used, &e);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_STR(used, "prometheus");
	/* labels cpu, mode, le, mountpoint; 8 metrics; no time, no scrape */
	CHECK_INT(ll_table_ncols(t), 12);
	CHECK_INT(col(t, "time"), -1);
	CHECK_INT(col(t, "scrape"), -1);
	CHECK_INT(ll_table_col_type(t, (size_t)col(t, "cpu")), LL_COL_TEXT);
	CHECK_INT(ll_table_col_type(t, (size_t)col(t, "node_load1")), LL_COL_NUM);
	/* {cpu0 idle}, {cpu0 user}, {cpu1 idle}, {}, {le 0.1}, {le +Inf}, {mountpoint} */
	CHECK_INT(ll_table_nrows(t), 7);
	long idle1 = -1;
	for (size_t r = 0; r < ll_table_nrows(t); r++)
		if (strcmp(ll_table_text(t, r, (size_t)col(t, "cpu")), "1") == 0 &&
		    strcmp(ll_table_text(t, r, (size_t)col(t, "mode")), "idle") == 0)
			idle1 = (long)r;
	CHECK_NEAR(num(t, idle1, "node_cpu_seconds_total"), 2.5e6, 0);
	long bare = row_with(t, "cpu", "");
	while (bare >= 0 && strcmp(ll_table_text(t, (size_t)bare, (size_t)col(t, "le")), "") != 0)
		bare++;
	CHECK_NEAR(num(t, bare, "node_load1"), 0.52, 1e-12);
	CHECK_NEAR(num(t, bare, "node_memory_MemFree_bytes"), 1.234567168e9, 1);
	CHECK_NEAR(num(t, bare, "http_request_duration_seconds_sum"), 3.5, 0);
	CHECK(isinf(num(t, bare, "node_scrape_limit")));
	CHECK_NEAR(num(t, row_with(t, "le", "+Inf"), "http_request_duration_seconds_bucket"), 12, 0);
	long mp = row_with(t, "mountpoint", "/mnt/a \"b\"\\c");
	CHECK(mp >= 0);
	CHECK(isnan(num(t, mp, "node_filesystem_avail_bytes")));
	CHECK(ll_test_has_note(t, "11 samples of 8 metrics (families: 1 counter, 2 gauge, 1 histogram) in 7 rows: a "
				  "row per label set"));
	ll_table_free(t);
}

/* Dumps saved one after another (no timestamps): a sample that came
 * already starts the next scrape, numbered. */
static void test_scrapes(void)
{
	char text[4096];
	size_t n = 0;
	for (int s = 0; s < 3; s++)
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "# TYPE up gauge\nup{job=\"a\"} 1\nup{job=\"b\"} %d\n# TYPE load gauge\nload %d.5\n",
				      s % 2, s);
	struct ll_err e;
	struct ll_table *t = load("scrapes.txt", text, NULL, NULL, NULL, &e);
	CHECK(t != NULL);
	if (t) {
		/* a time series: a row per scrape, a column per series */
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_ncols(t), 4);
		CHECK_STR(ll_table_col_name(t, 0), "scrape");
		CHECK_NEAR(num(t, 2, "scrape"), 3, 0);
		CHECK_NEAR(num(t, 2, "load"), 2.5, 0);
		CHECK_NEAR(num(t, 1, "up{job=b}"), 1, 0);
		CHECK_NEAR(num(t, 2, "up{job=b}"), 0, 0);
		CHECK(ll_test_has_note(t, "9 samples of 3 series (2 metrics) over 3 scrapes: a row per scrape"));
		ll_table_free(t);
	}
	/* kept a row per label set and scrape on request */
	t = load("scrapes.txt", text, "prometheus", "none", NULL, &e);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 9);
		CHECK_NEAR(num(t, 8, "scrape"), 3, 0);
		CHECK_NEAR(num(t, 4, "up"), 1, 0); /* scrape 2, job b */
		CHECK(ll_test_has_note(t, "9 samples of 2 metrics over 3 scrapes (families: 2 gauge) in 9 rows"));
		ll_table_free(t);
	}
}

/* Timestamps (milliseconds, or OpenMetrics' seconds) make a row per time
 * and label set, pivoted wide as a long table; exemplars, # EOF and
 * # UNIT lines are left out. */
static void test_timed(void)
{
	char text[8192];
	size_t n = 0;
	for (int i = 0; i < 6; i++)
		for (int h = 0; h < 2; h++)
			n += (size_t)snprintf(text + n, sizeof text - n,
					      "req_total{host=\"h%d\"} %d %lld\nlatency_seconds{host=\"h%d\"} 0.%d %lld\n", h,
					      100 * i + h, 1700000000000LL + i * 15000, h, i + 1,
					      1700000000000LL + i * 15000);
	struct ll_err e;
	const char *used;
	struct ll_table *t = load("timed.prom", text, "prometheus", "none", &used, &e);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 12);
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 2, 0), 1700000015.0, 1e-6);
		ll_table_free(t);
	}
	t = load("timed.prom", text, NULL, NULL, &used, &e);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(used, "prometheus");
		CHECK_INT(ll_table_nrows(t), 6);
		CHECK_INT(ll_table_ncols(t), 5);
		CHECK_NEAR(num(t, 5, "req_total{host=h1}"), 501, 0);
		CHECK_NEAR(num(t, 0, "latency_seconds{host=h0}"), 0.1, 1e-12);
		ll_table_free(t);
	}
	t = load("om.txt",
		 "# TYPE foo counter\n# UNIT foo seconds\nfoo_total{a=\"x\"} 17.5 1700000000.250 # {trace_id=\"k\"} 1 "
		 "1700000000\nfoo_total{a=\"y\"} 3 1700000000.250\n# EOF\n",
		 NULL, NULL, &used, &e);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(used, "prometheus");
		CHECK_NEAR(num(t, row_with(t, "a", "x"), "foo_total"), 17.5, 0);
		CHECK_NEAR(ll_table_num(t, 0, 0), 1700000000.25, 1e-6);
		ll_table_free(t);
	}
}

/* Other formats are not claimed; a bad line names the file and line. */
static void test_detection_and_errors(void)
{
	struct ll_err e;
	const char *used;
	struct ll_table *t = load("cpu.lp", "cpu,host=a usage=1 1700000000\ncpu,host=a usage=2 1700000010\n", NULL,
				  NULL, &used, &e);
	CHECK(t != NULL);
	CHECK_STR(used, "influx");
	ll_table_free(t);
	t = load("free.txt", "name value\nalpha 1\nbeta 2\ngamma 3\n", NULL, NULL, &used, &e);
	CHECK(t != NULL);
	CHECK(strcmp(used, "prometheus") != 0);
	ll_table_free(t);
	t = load("app.log", "2024-01-01 10:00:00 INFO started {a=1}\n2024-01-01 10:00:01 INFO done\n", NULL, NULL,
		 &used, &e);
	CHECK(t != NULL);
	CHECK(strcmp(used, "prometheus") != 0);
	ll_table_free(t);

	static const struct {
		const char *text, *want;
	} bad[] = {
		{"# TYPE a gauge\na 1\nb{x=\"1\" 2\n", "bad.txt:3: not Prometheus text exposition: labels not closed"},
		{"a 1\nb{x=1} 2\n", "bad.txt:2: not Prometheus text exposition: a label value that is not quoted"},
		{"a 1\nb{x=\"1\"} twelve\n", "bad.txt:2: not Prometheus text exposition: a value that is no number"},
		{"a 1\nb 2 soon\n", "bad.txt:2: not Prometheus text exposition: a timestamp that is no epoch number"},
		{"a 1\n9b 2\n", "bad.txt:2: not Prometheus text exposition: a metric name that does not start"},
		{"a 1\nb{x=\"open} 2\n", "bad.txt:2: not Prometheus text exposition: a label value left open"},
		{"# TYPE a gauge\n", "bad.txt: no Prometheus samples"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ll_err_clear(&e);
		t = load("bad.txt", bad[i].text, "prometheus", NULL, NULL, &e);
		CHECK(t == NULL);
		if (!strstr(e.msg, bad[i].want))
			fprintf(stderr, "case %zu: got '%s'\n", i, e.msg);
		CHECK(strstr(e.msg, bad[i].want) != NULL);
		ll_table_free(t);
	}
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "prom");
	test_snapshot();
	test_scrapes();
	test_timed();
	test_detection_and_errors();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
