/*
 * test_pivot.c - long tables (a row per time and entity) found and turned
 * wide (ds_pivot.h), and tables that only look long left alone: a log's
 * rows that share a second and a level, rows with unique times, a column
 * of many values; names made twice get a suffix.
 */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ds_pivot.h"
#include "ll_table.h"

/* A table of columns time (TIME), then the given text and number columns;
 * rows are added with add_row. */
static struct ll_table *table(const char *const *text, size_t ntext, const char *const *num, size_t nnum)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "time", LL_COL_TIME);
	for (size_t i = 0; i < ntext; i++)
		ll_table_add_column(t, text[i], LL_COL_TEXT);
	for (size_t i = 0; i < nnum; i++)
		ll_table_add_column(t, num[i], LL_COL_NUM);
	return t;
}

static void add_row(struct ll_table *t, double time, const char *const *text, size_t ntext, const double *num,
		    size_t nnum)
{
	long r = ll_table_append_row(t);
	ll_table_set_num(t, (size_t)r, 0, time);
	for (size_t i = 0; i < ntext; i++)
		ll_table_set_text(t, (size_t)r, 1 + i, text[i], strlen(text[i]));
	for (size_t i = 0; i < nnum; i++)
		ll_table_set_num(t, (size_t)r, 1 + ntext + i, num[i]);
}

static int col(const struct ll_table *t, const char *name)
{
	return ll_table_find_column(t, name);
}

/* time,host,metric,value: a column per host and metric, values in place. */
static void test_two_keys(void)
{
	static const char *const tn[] = {"host", "metric"}, *const nn[] = {"value"};
	struct ll_table *t = table(tn, 2, nn, 1);
	for (int i = 0; i < 20; i++)
		for (int h = 0; h < 2; h++)
			for (int m = 0; m < 3; m++) {
				char host[16], metric[16];
				snprintf(host, sizeof host, "h%d", h);
				snprintf(metric, sizeof metric, "m%d", m);
				const char *cells[] = {host, metric};
				double v = i * 100 + h * 10 + m;
				add_row(t, 1e9 + i * 15, cells, 2, &v, 1);
			}
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey = 0;
	CHECK_INT(ds_pivot_detect(t, 0, 0, key, &nkey), 1);
	CHECK_INT(nkey, 2);
	struct ll_table *w = t;
	struct ll_err e;
	CHECK_INT(ds_pivot_long(&w, "p.csv", &e), LL_OK);
	CHECK(w != t);
	CHECK_INT(ll_table_nrows(w), 20);
	CHECK_INT(ll_table_ncols(w), 7);
	CHECK_INT(ll_table_col_type(w, 0), LL_COL_TIME);
	int c = col(w, "value.h1.m2");
	CHECK(c > 0);
	if (c > 0) {
		CHECK_NEAR(ll_table_num(w, 7, (size_t)c), 712, 0);
		CHECK_NEAR(ll_table_num(w, 7, 0), 1e9 + 105, 0);
	}
	CHECK(ll_table_nnotes(w) == 1 && strstr(ll_table_note_text(w, 0), "120 rows are 20 times of 6 entities"));
	ll_table_free(w);
}

/* sar -P ALL: an integer CPU column ("-1" for all) is the key when no
 * text column is; a host and an interval, one value per time, stay one
 * column; a CPU missing at a time leaves its cells empty; labels go to
 * the time's row. */
static void test_integer_key(void)
{
	static const char *const tn[] = {"hostname"}, *const nn[] = {"interval", "CPU", "%idle"};
	struct ll_table *t = table(tn, 1, nn, 3);
	int fault = ll_table_class_id(t, "fault", 5);
	for (int i = 0; i < 10; i++)
		for (int cpu = -1; cpu < 3; cpu++) {
			if (cpu == 1 && i == 4)
				continue;
			const char *cells[] = {"node1"};
			double v[] = {10 + i, cpu, 90 - cpu - i};
			add_row(t, 1e9 + i * 10, cells, 1, v, 3);
			if (i == 6 && cpu == 2)
				ll_table_set_label(t, ll_table_nrows(t) - 1, fault);
		}
	struct ll_table *w = t;
	struct ll_err e;
	CHECK_INT(ds_pivot_long(&w, "p.csv", &e), LL_OK);
	CHECK_INT(ll_table_nrows(w), 10);
	CHECK(col(w, "hostname") > 0 && col(w, "interval") > 0);
	int c = col(w, "%idle.-1"), c1 = col(w, "%idle.1");
	CHECK(c > 0 && c1 > 0);
	if (c > 0 && c1 > 0) {
		CHECK_NEAR(ll_table_num(w, 3, (size_t)c), 88, 0);
		CHECK(isnan(ll_table_num(w, 4, (size_t)c1)));
	}
	CHECK_INT(ll_table_label(w, 6), fault);
	CHECK_INT(ll_table_label(w, 5), LL_NO_LABEL);
	ll_table_free(w);
}

/* Not long: a log's rows sharing seconds with a level column (levels
 * repeat within a second), unique times, or a key of every row's own. */
static void test_not_long(void)
{
	static const char *const tn[] = {"level", "msg"}, *const nn[] = {"ms"};
	static const char *const levels[] = {"INFO", "INFO", "WARN", "INFO", "ERROR", "INFO"};
	struct ll_table *t = table(tn, 2, nn, 1);
	for (int i = 0; i < 300; i++) {
		char msg[32];
		snprintf(msg, sizeof msg, "request %d done", i);
		const char *cells[] = {levels[i % 6], msg};
		double v = i % 17;
		add_row(t, 1e9 + i / 3, cells, 2, &v, 1);
	}
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey = 9;
	CHECK_INT(ds_pivot_detect(t, 0, 0, key, &nkey), 0);
	CHECK_INT(nkey, 0);
	ll_table_free(t);

	t = table(tn, 2, nn, 1);
	for (int i = 0; i < 100; i++) {
		const char *cells[] = {i % 2 ? "a" : "b", "x"};
		double v = i;
		add_row(t, 1e9 + i, cells, 2, &v, 1);
	}
	CHECK_INT(ds_pivot_detect(t, 0, 0, key, &nkey), 0);
	struct ll_table *w = t;
	struct ll_err e;
	CHECK_INT(ds_pivot_long(&w, "p.csv", &e), LL_OK);
	CHECK(w == t);
	ll_table_free(t);
}

/* A table of records (Slurm's sacct: a job and its batch step start at
 * the same second, a partition only on the job's row) repeats times and
 * has a column that tells the rows of a time apart, but a job id names
 * every row: not long, kept as written. */
static void test_records_not_long(void)
{
	static const char *const tn[] = {"JobID", "Partition", "State"}, *const nn[] = {"AllocCPUS"};
	struct ll_table *t = table(tn, 3, nn, 1);
	static const char *const parts[] = {"gpu", "cpu", "cpu"};
	for (int j = 0; j < 12; j++)
		for (int step = 0; step < 2; step++) {
			char id[32];
			snprintf(id, sizeof id, step ? "%d.batch" : "%d", 1000 + j);
			const char *cells[] = {id, step ? "" : parts[j % 3], j % 4 ? "COMPLETED" : "FAILED"};
			double v = 4 << (j % 3);
			add_row(t, 1e9 + j * 60, cells, 3, &v, 1);
		}
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey = 9;
	CHECK_INT(ds_pivot_detect(t, 0, 0, key, &nkey), 0);
	CHECK_INT(ds_pivot_detect(t, 0, 1, key, &nkey), 0);
	struct ll_table *w = t;
	struct ll_err e;
	CHECK_INT(ds_pivot_long(&w, "sacct.txt", &e), LL_OK);
	CHECK(w == t);
	CHECK_INT(ll_table_nrows(w), 24);
	ll_table_free(t);
}

/* A log whose seconds hold two rows of different components out of 40:
 * unique within each second, but the seconds share no set of them. And
 * Telegraf's measurements at different moments (CPUs at one, disks at
 * another): a sparse grid whose times repeat two sets, long. */
static void test_sparse(void)
{
	static const char *const tn[] = {"component", "device"}, *const nn[] = {"v"};
	struct ll_table *t = table(tn, 1, nn, 1);
	unsigned x = 12345;
	for (int i = 0; i < 300; i++) {
		char comp[16];
		x ^= x << 13; /* xorshift: no short cycle of pairs */
		x ^= x >> 17;
		x ^= x << 5;
		snprintf(comp, sizeof comp, "c%u", i % 2 ? x % 20 : 20 + x % 20);
		const char *cells[] = {comp};
		double v = i;
		add_row(t, 1e9 + i / 2, cells, 1, &v, 1);
	}
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey = 0;
	CHECK_INT(ds_pivot_detect(t, 0, 0, key, &nkey), 0);
	ll_table_free(t);

	t = table(tn, 2, nn, 1);
	for (int i = 0; i < 12; i++) {
		double v = i;
		if (i % 3 == 1) {
			static const char *const devs[] = {"C:", "D:", "Z:"};
			for (int d = 0; d < 3; d++) {
				const char *cells[] = {"", devs[d]};
				add_row(t, 1e9 + i * 30, cells, 2, &v, 1);
			}
		} else {
			static const char *const cpus[] = {"cpu0", "cpu1", "cpu-total"};
			for (int c = 0; c < 3; c++) {
				const char *cells[] = {cpus[c], ""};
				add_row(t, 1e9 + i * 30, cells, 2, &v, 1);
			}
		}
	}
	CHECK_INT(ds_pivot_detect(t, 0, 0, key, &nkey), 1);
	CHECK_INT(nkey, 2);
	ll_table_free(t);
}

/* A given key and a given choice of one-column columns; a row repeating
 * a time and entity is left out, said. */
static void test_given_key(void)
{
	static const char *const tn[] = {"dev"}, *const nn[] = {"tps", "interval"};
	struct ll_table *t = table(tn, 1, nn, 2);
	for (int i = 0; i < 3; i++)
		for (int d = 0; d < 2; d++) {
			const char *cells[] = {d ? "sdb" : "sda"};
			double v[] = {5, 10};
			add_row(t, 1e9 + i, cells, 1, v, 2);
		}
	const char *cells[] = {"sda"};
	double v[] = {99, 10};
	add_row(t, 1e9, cells, 1, v, 2);
	size_t key[] = {1};
	char single[] = {0, 0, 0, 1};
	struct ll_table *w = NULL;
	struct ll_err e;
	CHECK_INT(ds_pivot(t, key, 1, single, "p.csv", 1, &w, &e), LL_OK);
	if (w) {
		CHECK_INT(ll_table_ncols(w), 4); /* time, tps.sda, tps.sdb, interval */
		int c = col(w, "tps.sda");
		CHECK(c > 0 && ll_table_num(w, 0, (size_t)c) == 5);
		CHECK(col(w, "interval") > 0);
		CHECK(ll_table_nnotes(w) == 2 && strstr(ll_table_note_text(w, 1), "1 rows repeat the time and entity"));
	}
	ll_table_free(w);
	ll_table_free(t);
}

/* The user's choice: "none" keeps it long, names pivot on those columns
 * (even a table detection would leave alone), a wrong name is an error. */
static void test_apply(void)
{
	static const char *const tn[] = {"host", "metric"}, *const nn[] = {"value"};
	struct ll_table *t = table(tn, 2, nn, 1);
	for (int i = 0; i < 4; i++)
		for (int h = 0; h < 2; h++) {
			const char *cells[] = {h ? "b" : "a", "load"};
			double v = i + h;
			add_row(t, 1e9 + i, cells, 2, &v, 1);
		}
	struct ll_err e;
	struct ll_table *w = t;
	CHECK_INT(ds_pivot_apply(&w, "none", "p.csv", &e), LL_OK);
	CHECK(w == t && ll_table_nrows(w) == 8);
	CHECK_INT(ds_pivot_apply(&w, "hots", "p.csv", &e), LL_EUSAGE);
	CHECK(strstr(e.msg, "no column \"hots\"") != NULL);
	CHECK_INT(ds_pivot_apply(&w, "time", "p.csv", &e), LL_EUSAGE);
	CHECK_INT(ds_pivot_apply(&w, "host,metric", "p.csv", &e), LL_OK);
	CHECK(w != t);
	CHECK_INT(ll_table_nrows(w), 4);
	CHECK(col(w, "value.b.load") > 0);
	ll_table_free(w);

	/* ds_pivot_loaded: a failed load's table is dropped with its status;
	 * a bad key drops the loaded table; a good one pivots it */
	static const char *const cells[] = {"a", "load"};
	double v = 1;
	for (int k = 0; k < 3; k++) {
		struct ll_table *u = table(tn, 2, nn, 1);
		add_row(u, 1e9, cells, 2, &v, 1);
		int rc = ds_pivot_loaded(k == 0 ? LL_EDATA : LL_OK, &u, k == 1 ? "rack" : "none", "p.csv", &e);
		CHECK_INT(rc, k == 0 ? LL_EDATA : k == 1 ? LL_EUSAGE : LL_OK);
		CHECK(k == 2 ? u != NULL && ll_table_nrows(u) == 1 : u == NULL);
		ll_table_free(u);
	}
}

/* Rows sorted by entity, then time, more than the detection's sample of
 * 20,000: the first rows are all one entity's, yet the table is long. */
static void test_sorted_by_entity(void)
{
	static const char *const tn[] = {"host"}, *const nn[] = {"load"};
	struct ll_table *t = table(tn, 1, nn, 1);
	for (int h = 0; h < 4; h++)
		for (int i = 0; i < 6000; i++) {
			char host[16];
			snprintf(host, sizeof host, "h%d", h);
			const char *cells[] = {host};
			double v = h * 10000 + i;
			add_row(t, 1e9 + i * 10, cells, 1, &v, 1);
		}
	struct ll_table *w = t;
	struct ll_err e;
	CHECK_INT(ds_pivot_long(&w, "p.csv", &e), LL_OK);
	CHECK(w != t);
	CHECK_INT(ll_table_nrows(w), 6000);
	int c = col(w, "load.h3");
	CHECK(c > 0 && ll_table_num(w, 5999, (size_t)c) == 35999);
	ll_table_free(w);
}

/* A key whose entities never share a time would make a grid of a
 * quarter billion cells out of 20,000 rows: refused, the table kept. */
static void test_too_sparse(void)
{
	static const char *const tn[] = {"id"}, *const nn[] = {"a", "b"};
	struct ll_table *t = table(tn, 1, nn, 2);
	for (int i = 0; i < 20000; i++) {
		char id[16];
		snprintf(id, sizeof id, "e%d", i % 12000);
		const char *cells[] = {id};
		double v[] = {i, -i};
		add_row(t, 1e9 + i / 2, cells, 1, v, 2);
	}
	size_t key[] = {1};
	struct ll_table *w = NULL;
	struct ll_err e;
	CHECK_INT(ds_pivot(t, key, 1, NULL, "p.csv", 1, &w, &e), LL_EDATA);
	CHECK(w == NULL && strstr(e.msg, "too sparse to pivot") != NULL);
	ll_table_free(t);
}

/* Names the pivot makes that a column already has get _2, _3...; and
 * many entities x columns (found through an index) come out in order. */
static void test_names(void)
{
	static const char *const tn[] = {"host"}, *const nn[] = {"v", "v.a", "v.b"};
	struct ll_table *t = table(tn, 1, nn, 3);
	for (int i = 0; i < 3; i++)
		for (int h = 0; h < 2; h++) {
			const char *cells[] = {h ? "b" : "a"};
			double v[] = {i * 10 + h, 7, 8}; /* v.a, v.b: one value a time */
			add_row(t, 1e9 + i, cells, 1, v, 3);
		}
	size_t key[] = {1};
	struct ll_table *w = NULL;
	struct ll_err e;
	CHECK_INT(ds_pivot(t, key, 1, NULL, "p.csv", 1, &w, &e), LL_OK);
	if (w) {
		CHECK_INT(ll_table_ncols(w), 5);
		CHECK_STR(ll_table_col_name(w, 1), "v.a");
		CHECK_STR(ll_table_col_name(w, 2), "v.b");
		CHECK_STR(ll_table_col_name(w, 3), "v.a_2");
		CHECK_STR(ll_table_col_name(w, 4), "v.b_2");
		CHECK(ll_table_num(w, 2, 2) == 21 && ll_table_num(w, 2, 3) == 7);
	}
	ll_table_free(w);
	ll_table_free(t);
	enum { HOSTS = 300, METRICS = 40 };
	const char *mn[METRICS];
	char names[METRICS][16];
	for (int m = 0; m < METRICS; m++) {
		snprintf(names[m], sizeof names[m], "m%d", m);
		mn[m] = names[m];
	}
	t = table(tn, 1, mn, METRICS);
	for (int i = 0; i < 2; i++)
		for (int h = 0; h < HOSTS; h++) {
			char host[16];
			snprintf(host, sizeof host, "h%d", h);
			const char *cells[] = {host};
			double v[METRICS];
			for (int m = 0; m < METRICS; m++)
				v[m] = i * 1e6 + h * 100 + m;
			add_row(t, 1e9 + i, cells, 1, v, METRICS);
		}
	w = NULL;
	CHECK_INT(ds_pivot(t, key, 1, NULL, "p.csv", 1, &w, &e), LL_OK);
	if (w) {
		CHECK_INT(ll_table_ncols(w), 1 + HOSTS * METRICS);
		CHECK_STR(ll_table_col_name(w, 1 + 39 * HOSTS + 299), "m39.h299");
		CHECK(ll_table_num(w, 1, 1 + 39 * HOSTS + 299) == 1e6 + 299 * 100 + 39);
	}
	ll_table_free(w);
	ll_table_free(t);
}

/* OpenTelemetry metrics' points: the attribute (cpu) tells the rows of a
 * time apart, but one metric has none: its name joins the key, so every
 * entity is named ("v.cpu_util.cpu0", "v.mem_used"). A state beside a
 * process's name, with every process named, stays a value. */
static void test_unnamed_entity(void)
{
	static const char *const tn[] = {"name", "cpu"}, *const nn[] = {"v"};
	struct ll_table *t = table(tn, 2, nn, 1);
	for (int i = 0; i < 10; i++) {
		for (int c = 0; c < 2; c++) {
			const char *cells[] = {"cpu_util", c ? "cpu1" : "cpu0"};
			double v = i + c / 10.0;
			add_row(t, 1e9 + i * 60, cells, 2, &v, 1);
		}
		const char *cells[] = {"mem_used", ""};
		double v = 1000 + i;
		add_row(t, 1e9 + i * 60, cells, 2, &v, 1);
	}
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey = 0;
	CHECK_INT(ds_pivot_detect(t, 0, 0, key, &nkey), 1);
	CHECK_INT(nkey, 2);
	struct ll_table *w = t;
	struct ll_err e;
	CHECK_INT(ds_pivot_long(&w, "otel.json", &e), LL_OK);
	CHECK(col(w, "v.cpu_util.cpu1") > 0 && col(w, "v.mem_used") > 0 && col(w, "name.cpu0") < 0);
	if (col(w, "v.mem_used") > 0)
		CHECK_NEAR(ll_table_num(w, 3, (size_t)col(w, "v.mem_used")), 1003, 0);
	ll_table_free(w);

	static const char *const pn[] = {"stat", "command"}, *const qn[] = {"rss"};
	t = table(pn, 2, qn, 1);
	for (int i = 0; i < 5; i++)
		for (int p = 0; p < 3; p++) {
			char command[16];
			snprintf(command, sizeof command, "proc%d", p);
			const char *cells[] = {p ? "S" : "Ss", command};
			double v = 100 * p + i;
			add_row(t, 1e9 + i * 5, cells, 2, &v, 1);
		}
	CHECK_INT(ds_pivot_detect(t, 0, 0, key, &nkey), 1);
	CHECK(nkey == 1 && key[0] == 2);
	ll_table_free(t);
}

/* Small series whose stamps repeat are not long tables keyed on a
 * number column: not on a counter whose every value differs (an entity
 * of one row each), nor on a constant with gaps (0 and blank as two
 * entities). Found by tests/core/test_features_pandas.sh's generator. */
static void test_number_keys_of_no_entity(void)
{
	static const char *const nn[] = {"m0", "m1", "m2"};
	static const double times[] = {3.806, 3.0, 3.469, 4.451, 4.451, 4.451};
	static const double m1[] = {98, 567, 496, 569, 720, 198}, m2[] = {252716, NAN, 250572, NAN, 256236, 258523};
	struct ll_table *t = table(NULL, 0, nn, 3);
	for (int i = 0; i < 6; i++) {
		double v[] = {42.5, m1[i], m2[i]};
		add_row(t, 1.8e9 + times[i], NULL, 0, v, 3);
	}
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey = 9;
	CHECK_INT(ds_pivot_detect(t, 0, 0, key, &nkey), 0);
	CHECK_INT(nkey, 0);
	ll_table_free(t);
	static const double t2[] = {25, 25, 26, 28, 29, 31, 29, 32, 32};
	static const double a[] = {170, 729, 167, NAN, 56, 987, 746, NAN, NAN}, b[] = {NAN, 0, 0, 0, NAN, 0, 0, 0, NAN};
	t = table(NULL, 0, nn, 2);
	for (int i = 0; i < 9; i++) {
		double v[] = {a[i], b[i]};
		add_row(t, 2e9 + t2[i], NULL, 0, v, 2);
	}
	CHECK_INT(ds_pivot_detect(t, 0, 0, key, &nkey), 0);
	ll_table_free(t);
}

/* A constant metric with a gap in one host's series stays a column a host
 * (the gap is that host's, as pandas' pivot has it); a tag that one host
 * never holds and the others share stays one column. */
static void test_gaps_and_shared_tags(void)
{
	static const char *const tn[] = {"host", "tag"}, *const nn[] = {"m0", "v"};
	struct ll_table *t = table(tn, 2, nn, 2);
	for (int i = 0; i < 4; i++)
		for (int h = 0; h < 3; h++) {
			const char *hosts[] = {"a", "b", "c"};
			const char *cells[] = {hosts[h], h == 1 ? "" : "GET"};
			double v[] = {h == 1 && i == 2 ? NAN : 5, i * 10 + h};
			add_row(t, 1e9 + i, cells, 2, v, 2);
		}
	size_t key[] = {1};
	struct ll_table *w = NULL;
	struct ll_err e;
	CHECK_INT(ds_pivot(t, key, 1, NULL, "p.csv", 1, &w, &e), LL_OK);
	if (w) {
		CHECK(col(w, "tag") >= 0);
		CHECK(col(w, "m0.a") >= 0 && col(w, "m0.b") >= 0 && col(w, "m0.c") >= 0);
		CHECK(col(w, "m0") < 0);
		CHECK(col(w, "v.b") >= 0);
		if (col(w, "m0.b") >= 0)
			CHECK(isnan(ll_table_num(w, 2, (size_t)col(w, "m0.b"))));
	}
	ll_table_free(w);
	ll_table_free(t);
}

int main(void)
{
	test_gaps_and_shared_tags();
	test_unnamed_entity();
	test_number_keys_of_no_entity();
	test_two_keys();
	test_integer_key();
	test_not_long();
	test_records_not_long();
	test_sparse();
	test_given_key();
	test_apply();
	test_sorted_by_entity();
	test_too_sparse();
	test_names();
	TEST_MAIN_END();
}
