/*
 * test_recipe.c - feature-set recipes: validation messages, canonical text,
 * and the build pipeline on small hand-made tables (every expected number
 * worked out by hand in the comments), the missing-value policies against a
 * per-column reference, and on real dstat data.
 */
#include "harness.h"
#include "ds_reader.h"
#include "ll_recipe.h"

#include <math.h>
#include <string.h>

static int expect_check(struct ll_recipe *r, const char *prefix)
{
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ll_recipe_check(r, &err);
	if (rc == LL_OK || strncmp(err.msg, prefix, strlen(prefix)) != 0) {
		fprintf(stderr, "  check message: %s (wanted prefix %s)\n", err.msg, prefix);
		return 0;
	}
	return 1;
}

static void test_check(void)
{
	struct ll_recipe r;
	struct ll_err err;
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_check(&r, &err), LL_OK);
	r.window = LL_RWIN_ROWS;
	r.size = 0;
	CHECK(expect_check(&r, "window.size: must be a positive integer"));
	ll_recipe_default(&r);
	r.ratios.train = 0.6;
	CHECK(expect_check(&r, "split: "));
	ll_recipe_default(&r);
	r.text = LL_TEXT_TFIDF;
	r.scale = LL_SCALE_ZSCORE;
	CHECK(expect_check(&r, "scale: "));
	ll_recipe_default(&r);
	r.text = LL_TEXT_HASH;
	r.n_features = 1000;
	CHECK(expect_check(&r, "text.features: must be a power of two"));
	ll_recipe_default(&r);
	r.flatten = 1;
	CHECK(expect_check(&r, "window.flatten"));
	ll_recipe_default(&r);
	r.window = LL_RWIN_SESSION;
	CHECK(expect_check(&r, "window.column"));
	ll_recipe_default(&r);
	r.split = LL_RSPLIT_GROUPED;
	CHECK(expect_check(&r, "split.group"));
	ll_recipe_default(&r);
	r.text = LL_TEXT_TFIDF;
	r.interval = 10;
	CHECK(expect_check(&r, "resample.interval"));
	ll_recipe_default(&r);
	r.rebalance = LL_REBAL_OVER;
	r.rebalance_ratio = 1.5;
	CHECK(expect_check(&r, "rebalance.ratio"));
	ll_recipe_default(&r);
	r.class_weight = LL_CWEIGHT_EXPLICIT;
	CHECK(expect_check(&r, "class_weight"));
}

static void test_format(void)
{
	struct ll_recipe a, b;
	ll_recipe_default(&a);
	ll_recipe_default(&b);
	char *ta = NULL, *tb = NULL;
	struct ll_err err;
	CHECK_INT(ll_recipe_format(&a, &ta, &err), LL_OK);
	CHECK_INT(ll_recipe_format(&b, &tb, &err), LL_OK);
	CHECK_STR(ta, tb);
	CHECK(strstr(ta, "\nseed 1\n") != NULL);
	CHECK(strstr(ta, "\nordinary normal\n") != NULL);
	CHECK(strstr(ta, "\nratios 0.69999999999999996 0 0.29999999999999999\n") != NULL);
	free(tb);
	b.seed = 2;
	snprintf(b.columns, sizeof b.columns, "a\nb");
	CHECK_INT(ll_recipe_format(&b, &tb, &err), LL_OK);
	CHECK(strcmp(ta, tb) != 0);
	CHECK(strstr(tb, "\ncolumns a\\nb\n") != NULL); /* one line per key, always */
	free(ta);
	free(tb);
}

/* Ten rows, one a second from t=100: x = 0..9 except x[3] missing, z = 2x,
 * labels normal except rows 4 and 8 "disk" and row 9 "net". */
/* Whether one of the build's warnings holds each of the texts (NULL ends). */
static int warned(const struct ll_recipe_manifest *man, const char *a, const char *b)
{
	for (size_t i = 0; i < man->nwarnings; i++)
		if (strstr(man->warnings[i], a) && (!b || strstr(man->warnings[i], b)))
			return 1;
	return 0;
}

static struct ll_table *small_table(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "time", LL_COL_TIME);
	ll_table_add_column(t, "cpu/x", LL_COL_NUM);
	ll_table_add_column(t, "cpu/z", LL_COL_NUM);
	ll_table_add_column(t, "host", LL_COL_TEXT);
	int normal = ll_table_class_id(t, "normal", 6), disk = ll_table_class_id(t, "disk", 4),
	    net = ll_table_class_id(t, "net", 3);
	for (int i = 0; i < 10; i++) {
		long r = ll_table_append_row(t);
		ll_table_set_num(t, (size_t)r, 0, 100 + i);
		ll_table_set_num(t, (size_t)r, 1, i == 3 ? NAN : i);
		ll_table_set_num(t, (size_t)r, 2, 2 * i);
		ll_table_set_text(t, (size_t)r, 3, i < 5 ? "a" : "b", 1);
		ll_table_set_label(t, (size_t)r, i == 4 || i == 8 ? disk : i == 9 ? net : normal);
	}
	return t;
}

/* The default recipe over the cpu/ columns, split chronologically. */
static void cpu_chrono_recipe(struct ll_recipe *r)
{
	ll_recipe_default(r);
	snprintf(r->columns, sizeof r->columns, "^cpu/");
	r->split = LL_RSPLIT_CHRONO;
}

/* An infinite cell, or one past a float's range, is refused naming the
 * column, the row and the value; NaN stays a gap to fill, and FLT_MAX
 * itself is a feature. */
static void test_infinite_cells(void)
{
	const double bad[] = {INFINITY, -INFINITY, 1e308, 3.5e38};
	const char *want[] = {"columns: 'cpu/z' is inf on row 6: not a finite number",
			      "columns: 'cpu/z' is -inf on row 6: not a finite number",
			      "columns: 'cpu/z' is 1e+308 on row 6: beyond the range of a feature",
			      "columns: 'cpu/z' is 3.5e+38 on row 6: beyond the range of a feature"};
	for (size_t k = 0; k < 5; k++) {
		struct ll_table *t = small_table();
		ll_table_set_num(t, 5, 2, k < 4 ? bad[k] : 3.4e38);
		struct ll_recipe r;
		struct ll_featmat m;
		struct ll_recipe_manifest man;
		struct ll_err err;
		cpu_chrono_recipe(&r);
		int rc = ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err);
		CHECK_INT(rc, k < 4 ? LL_EDATA : LL_OK);
		if (k < 4 && rc == LL_EDATA)
			CHECK(strncmp(err.msg, want[k], strlen(want[k])) == 0);
		if (rc == LL_OK) {
			CHECK(isfinite(m.X[5 * 2 + 1]));
			ll_featmat_free(&m);
			ll_recipe_manifest_free(&man);
		}
		ll_table_free(t);
	}
}

static void test_numeric(void)
{
	struct ll_table *t = small_table();
	struct ll_recipe r;
	struct ll_featmat m;
	struct ll_recipe_manifest man;
	struct ll_err err;
	cpu_chrono_recipe(&r);
	int rc = ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err);
	CHECK_INT(rc, LL_OK);
	if (rc)
		fprintf(stderr, "  %s\n", err.msg);
	/* ffill: x[3] takes x[2] = 2; chronological 0.7/0.3 of 10 = 7 / 3 */
	CHECK_INT(m.n, 10);
	CHECK_INT(m.d, 2);
	CHECK_NEAR(m.X[3 * 2], 2, 0);
	CHECK_INT(man.nan_filled, 1);
	CHECK_INT(man.parts[0], 7);
	CHECK_INT(man.parts[2], 3);
	CHECK_INT(m.split[6], LL_SPLIT_TRAIN);
	CHECK_INT(m.split[7], LL_SPLIT_TEST);
	CHECK_STR(m.names[1], "cpu/z");
	CHECK_INT(man.nclasses, 3);
	CHECK_INT(man.counts_all[1], 2);      /* disk */
	CHECK_INT(man.counts_part[2][2], 1);  /* net only in test */
	CHECK_INT(man.counts_part[0][1], 1);  /* disk row 4 in train */
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);

	/* interp: x[3] = (2 + 4) / 2; drop: 9 rows */
	r.nan = LL_NAN_INTERP;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_NEAR(m.X[3 * 2], 3, 0);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	r.nan = LL_NAN_DROP;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(m.n, 9);
	CHECK_INT(man.nan_dropped, 1);
	CHECK_INT(m.origin[3], 4);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);

	/* binary target with "net" also ordinary; windows of 3 rows, stride 2:
	 * starts 0, 2, 4, 6 -> 4 windows; "any": window 1 (rows 2-4) and 2 (4-6)
	 * hold disk row 4, window 3 (6-8) holds row 8. */
	r.nan = LL_NAN_FFILL;
	r.target = LL_TARGET_BINARY;
	r.n_ordinary = 2;
	snprintf(r.ordinary[0], LL_RECIPE_STR, "Normal");
	snprintf(r.ordinary[1], LL_RECIPE_STR, "net");
	r.window = LL_RWIN_ROWS;
	r.size = 3;
	r.stride = 2;
	r.ratios.train = 0.5;
	r.ratios.test = 0.5;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(m.n, 4);
	CHECK_INT(m.steps, 3);
	CHECK_INT(m.y[0], 0);
	CHECK_INT(m.y[1], 1);
	CHECK_INT(m.y[2], 1);
	CHECK_INT(m.y[3], 1);
	CHECK_INT(m.origin[2], 4);
	CHECK_STR(man.classes[1], "root cause");
	CHECK_NEAR(m.X[(1 * 3 + 2) * 2 + 1], 8, 0); /* window 1, last step = row 4, z = 8 */
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);

	/* zscore fitted on the 7 training rows of z = 0, 2, ..., 12: mean 6,
	 * population std 4; row 9 (z = 18) becomes 3. Balanced class weights over
	 * training rows (6 normal, 1 disk; net absent): 7 / (2 * 6), 7 / (2 * 1), 0. */
	ll_recipe_default(&r);
	snprintf(r.columns, sizeof r.columns, "z$");
	r.split = LL_RSPLIT_CHRONO;
	r.scale = LL_SCALE_ZSCORE;
	r.class_weight = LL_CWEIGHT_BALANCED;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_NEAR(m.X[9], 3, 1e-6);
	CHECK_NEAR(m.X[0], -1.5, 1e-6);
	CHECK(man.scaler_text && strstr(man.scaler_text, "kind zscore"));
	CHECK_NEAR(man.class_weight[0], 7.0 / 12, 1e-12);
	CHECK_NEAR(man.class_weight[1], 3.5, 1e-12);
	CHECK_NEAR(man.class_weight[2], 0, 0);
	CHECK_NEAR(m.class_weight[1], 3.5f, 0);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);

	/* over-sampling the training part: 6 normal, 1 disk -> 6 and 6 (5 added) */
	r.class_weight = LL_CWEIGHT_NONE;
	r.rebalance = LL_REBAL_OVER;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(m.n, 15);
	CHECK_INT(man.counts_part[0][1], 1);
	CHECK_INT(man.counts_train_after[1], 6);
	CHECK_INT(man.counts_train_after[0], 6);
	CHECK_INT(man.parts[0], 12);
	CHECK_INT(man.parts[2], 3);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);

	/* explicit weights naming a class that does not exist */
	r.rebalance = LL_REBAL_NONE;
	r.class_weight = LL_CWEIGHT_EXPLICIT;
	r.n_weights = 1;
	snprintf(r.weights[0].cls, LL_RECIPE_STR, "dsik");
	r.weights[0].weight = 3;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "class_weight.dsik: no such class (classes: normal, disk, net)") != NULL);
	CHECK(m.X == NULL && man.classes == NULL);

	/* down-sampling to 5 s buckets [100,105) and [105,110): means of z */
	ll_recipe_default(&r);
	snprintf(r.columns, sizeof r.columns, "z$");
	r.interval = 5;
	r.split = LL_RSPLIT_CHRONO;
	r.ratios.train = 0.5;
	r.ratios.test = 0.5;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(m.n, 2);
	CHECK_NEAR(m.X[0], 4, 0);  /* (0+2+4+6+8)/5 */
	CHECK_NEAR(m.X[1], 14, 0); /* (10+...+18)/5 */
	CHECK_INT(m.origin[1], 5);
	CHECK_INT(m.y[1], 1);      /* disk outvotes net (both 1 row; lower id) */
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	/* a header without rows (its columns typed as text) is said to have
	 * no rows, not no time column */
	struct ll_table *bare = ll_table_new();
	ll_table_add_column(bare, "epoch", LL_COL_TEXT);
	ll_table_add_column(bare, "z", LL_COL_NUM);
	CHECK_INT(ll_recipe_build(bare, &r, NULL, &m, &man, NULL, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "resample.interval: the dataset has no rows") != NULL);
	ll_table_free(bare);

	/* the default columns leave out one without a single value, with a
	 * warning; a regex that names it stops the build */
	int empty = ll_table_add_column(t, "empty", LL_COL_NUM);
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(m.d, 2);
	CHECK_STR(m.names[1], "cpu/z");
	CHECK(warned(&man, "1 number column without a single value left out: 'empty'", NULL));
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	/* a regex that also matches a text column builds from the numbers
	 * and names the text column it left out */
	snprintf(r.columns, sizeof r.columns, "^(cpu/z|host)$");
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(m.d, 1);
	CHECK(warned(&man, "1 text column matched and left out", "'host'"));
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	snprintf(r.columns, sizeof r.columns, "^(cpu/z|empty)$");
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "column 'empty' has no value at all") != NULL);
	CHECK(empty == 4);
	/* a column of one value has no rate: said so, not "no value at all" */
	struct ll_table *one = ll_table_new();
	ll_table_add_column(one, "t", LL_COL_TIME);
	ll_table_add_column(one, "ctr", LL_COL_NUM);
	for (size_t i = 0; i < 4; i++) {
		long row = ll_table_append_row(one);
		ll_table_set_num(one, (size_t)row, 0, 60.0 * (double)i);
		ll_table_set_num(one, (size_t)row, 1, i == 2 ? 5 : NAN);
	}
	ll_recipe_default(&r);
	r.interval = 60;
	r.agg = LL_AGG_RATE;
	r.nan = LL_NAN_ZERO;
	CHECK_INT(ll_recipe_build(one, &r, NULL, &m, &man, NULL, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "column 'ctr' has no value in any bucket by 'rate' (a rate needs two values)") != NULL);
	ll_table_free(one);

	/* errors that name the recipe key */
	ll_recipe_default(&r);
	snprintf(r.columns, sizeof r.columns, "^nothing$");
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "columns: ", 9) == 0);
	ll_recipe_default(&r);
	r.window = LL_RWIN_ROWS;
	r.size = 11;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "window of 11 rows is longer than the data (10 rows)") != NULL);
	ll_recipe_default(&r);
	r.window = LL_RWIN_SESSION;
	snprintf(r.session_column, LL_RECIPE_STR, "hots");
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "window.column: unknown column 'hots'") != NULL);
	ll_table_free(t);
}

static int cancel_at_split(void *ctx, const char *stage, double f)
{
	(void)f;
	++*(int *)ctx;
	return strcmp(stage, "split") == 0;
}

/* Log lines of three templates; labels follow the template, as in BGL.
 * The values that differ hold digits, so any template miner sees them as
 * values (two user names alone would be too little evidence). */
static struct ll_table *log_table(void)
{
	static const char *const lines[] = {"disk sda1 error at block 12", "user u1001 logged in",
					    "disk sdb2 error at block 99", "user u1002 logged in", "link eth0 down"};
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "line", LL_COL_TEXT);
	ll_table_add_column(t, "time", LL_COL_TIME);
	int normal = ll_table_class_id(t, "-", 1), alert = ll_table_class_id(t, "KERN", 4);
	for (int i = 0; i < 40; i++) {
		const char *s = lines[(i * 7) % 5];
		long r = ll_table_append_row(t);
		ll_table_set_text(t, (size_t)r, 0, s, strlen(s));
		ll_table_set_num(t, (size_t)r, 1, 1000 + 10 * i);
		ll_table_set_label(t, (size_t)r, s[0] == 'u' ? normal : alert);
	}
	return t;
}

static void test_text(void)
{
	struct ll_table *t = log_table();
	struct ll_recipe r;
	struct ll_featmat m, m2;
	struct ll_recipe_manifest man, man2;
	struct ll_err err;

	/* template one-hot per line: 3 templates (+ the "unmatched" column) */
	ll_recipe_default(&r);
	r.text = LL_TEXT_TEMPLATES;
	r.target = LL_TARGET_BINARY;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(man.ntemplates, 3);
	CHECK_INT(m.d, 4);
	CHECK(m.X != NULL); /* small: kept dense */
	float sum = 0;
	for (size_t j = 0; j < m.d; j++)
		sum += m.X[5 * m.d + j];
	CHECK_NEAR(sum, 1, 0);
	/* random split of lines whose templates repeat: every test line leaks */
	CHECK(man.has_leakage);
	CHECK_INT(man.leakage.test_samples, 12); /* ceil(0.3 * 40) */
	CHECK_INT(man.leakage.test_seen, 12);
	CHECK_INT(man.nwarnings, 1);
	CHECK(strstr(man.warnings[0], "leakage: the random split puts 12 of 12 test lines") != NULL);
	/* 40 lines, i*7 mod 5 cycles all five lines: 16 "user" lines ordinary */
	CHECK_INT(man.counts_all[0], 16);
	CHECK_INT(man.counts_all[1], 24);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);

	/* time windows of 100 s: 400 s of lines -> 4 windows of 10 lines */
	r.window = LL_RWIN_TIME;
	r.length = 100;
	r.split = LL_RSPLIT_CHRONO;
	r.ratios.train = 0.5;
	r.ratios.test = 0.5;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(m.n, 4);
	CHECK(!man.has_leakage);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);

	/* TF-IDF: sparse, rows of unit length, chronological: no warning */
	ll_recipe_default(&r);
	r.text = LL_TEXT_TFIDF;
	r.n_features = 64;
	r.split = LL_RSPLIT_CHRONO;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK(m.sparse != NULL && m.X == NULL);
	CHECK_INT(m.d, 64);
	double norm = 0;
	for (size_t k = m.sparse->indptr[3]; k < m.sparse->indptr[4]; k++)
		norm += (double)m.sparse->values[k] * m.sparse->values[k];
	CHECK_NEAR(norm, 1, 1e-6);
	CHECK(man.tfidf_text != NULL);
	CHECK_INT(man.nwarnings, 0);
	CHECK(man.has_leakage);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);

	/* word vectors: trained on the training lines, deterministic */
	r.text = LL_TEXT_W2V;
	r.dim = 8;
	r.min_count = 1;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m2, &man2, NULL, NULL, &err), LL_OK);
	CHECK_INT(m.d, 8);
	CHECK(m.X && m2.X && memcmp(m.X, m2.X, m.n * m.d * sizeof *m.X) == 0);
	CHECK(man.w2v_summary != NULL);
	/* z-scored by default: each coordinate has mean 0 and variance 1 over
	 * the training rows, and the manifest keeps the fitted scaler */
	CHECK_INT(ll_recipe_scale(&r), LL_SCALE_ZSCORE);
	CHECK(man.scaler_text != NULL);
	for (size_t j = 0; j < m.d; j++) {
		double s = 0, s2 = 0, k = 0;
		for (size_t i = 0; i < m.n; i++)
			if (m.split[i] == LL_SPLIT_TRAIN) {
				double v = m.X[i * m.d + j];
				s += v;
				s2 += v * v;
				k++;
			}
		CHECK_NEAR(s / k, 0, 1e-4);
		/* a coordinate no training line moves stays 0 */
		CHECK(fabs(s2 / k - 1) < 1e-3 || s2 == 0);
	}
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	/* a scale the recipe names, even "none", is the one applied */
	r.scale_named = 1;
	CHECK_INT(ll_recipe_scale(&r), LL_SCALE_NONE);
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK(man.scaler_text == NULL);
	CHECK(m.X && m2.X && memcmp(m.X, m2.X, m.n * m.d * sizeof *m.X) != 0);
	/* and the fingerprint text tells the two apart */
	char *named = NULL, *unnamed = NULL;
	CHECK_INT(ll_recipe_format(&r, &named, &err), LL_OK);
	r.scale_named = 0;
	CHECK_INT(ll_recipe_format(&r, &unnamed, &err), LL_OK);
	CHECK(named && unnamed && strstr(named, "scale none\n") && strstr(unnamed, "scale zscore\n"));
	free(named);
	free(unnamed);
	/* other kinds keep the recipe's scale, named or not */
	r.text = LL_TEXT_TEMPLATES;
	CHECK_INT(ll_recipe_scale(&r), LL_SCALE_NONE);
	r.scale = LL_SCALE_MINMAX;
	CHECK_INT(ll_recipe_scale(&r), LL_SCALE_MINMAX);
	r.text = LL_TEXT_W2V;
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	ll_featmat_free(&m2);
	ll_recipe_manifest_free(&man2);

	/* given template ids are used as they are */
	long ids[40];
	for (int i = 0; i < 40; i++)
		ids[i] = i % 2;
	struct ll_recipe_templates tp = {ids, 40, 2, NULL};
	ll_recipe_default(&r);
	r.text = LL_TEXT_TEMPLATES;
	CHECK_INT(ll_recipe_build(t, &r, &tp, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(m.d, 3);
	CHECK_NEAR(m.X[1 * 3 + 1], 1, 0);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);

	/* cancelling from progress */
	int calls = 0;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, cancel_at_split, &calls, &err), LL_ECANCEL);
	CHECK(calls >= 2);
	CHECK(m.X == NULL && m.sparse == NULL);
	ll_table_free(t);
}

static void test_dstat(void)
{
	struct ll_table *t = NULL;
	struct ll_err err;
	struct ds_open_opts o = {0};
	if (ds_load(ll_test_data("dstat/pkb_dstat-0.7.2-result.csv"), &o, &t, NULL, &err) != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		CHECK(0);
		return;
	}
	struct ll_recipe r;
	struct ll_featmat a, b;
	struct ll_recipe_manifest ma, mb;
	ll_recipe_default(&r);
	snprintf(r.columns, sizeof r.columns, "usr|1m");
	r.interval = 10;
	r.scale = LL_SCALE_MINMAX;
	/* 383 one-second rows from epoch 1475708693.291: buckets 1475708690 ..
	 * 1475709070, 39 of them; the regex matches exactly two columns. */
	CHECK_INT(ll_recipe_build(t, &r, NULL, &a, &ma, NULL, NULL, &err), LL_OK);
	CHECK_INT(ll_recipe_build(t, &r, NULL, &b, &mb, NULL, NULL, &err), LL_OK);
	CHECK_INT(a.n, 39);
	CHECK_INT(a.d, 2);
	CHECK_INT(ma.ncols, 2);
	CHECK_STR(ma.columns[0], "total cpu usage/usr");
	CHECK_STR(ma.columns[1], "load avg/1m");
	CHECK(a.X && b.X && memcmp(a.X, b.X, a.n * a.d * sizeof *a.X) == 0);
	CHECK(memcmp(a.split, b.split, a.n) == 0);
	CHECK_INT(ma.unlabelled, 39);
	ll_featmat_free(&a);
	ll_featmat_free(&b);
	ll_recipe_manifest_free(&ma);
	ll_recipe_manifest_free(&mb);
	ll_table_free(t);
}

/* unlabelled: "skip" leaves rows out; a class name gives them that class,
 * existing or new, and binary mode maps it through the ordinary names. */
static void test_unlabelled(void)
{
	struct ll_table *t = small_table();
	ll_table_set_label(t, 1, -1);
	ll_table_set_label(t, 2, -1);
	struct ll_recipe r;
	struct ll_featmat m;
	struct ll_recipe_manifest man;
	struct ll_err err;
	ll_recipe_default(&r);
	snprintf(r.columns, sizeof r.columns, "^cpu/");
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(man.unlabelled, 2);
	CHECK_INT(m.y[1], -1);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	char *before;
	CHECK_INT(ll_recipe_format(&r, &before, &err), LL_OK);
	CHECK(strstr(before, "unlabelled") == NULL); /* old recipes keep their text */
	free(before);
	snprintf(r.unlabelled, sizeof r.unlabelled, "normal");
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(man.unlabelled, 0);
	CHECK_INT(man.nclasses, 3);
	CHECK_STR(m.classes[m.y[1]], "normal");
	CHECK_INT(man.counts_all[0], 7);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	snprintf(r.unlabelled, sizeof r.unlabelled, "unknown");
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_INT(man.nclasses, 4);
	CHECK_STR(man.classes[3], "unknown");
	CHECK_INT(m.y[2], 3);
	CHECK_INT(man.counts_all[3], 2);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	r.target = LL_TARGET_BINARY;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_STR(m.classes[m.y[2]], "root cause");
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	snprintf(r.unlabelled, sizeof r.unlabelled, "Normal");
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK_STR(m.classes[m.y[2]], "ordinary");
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);
	char *after;
	CHECK_INT(ll_recipe_format(&r, &after, &err), LL_OK);
	CHECK(strstr(after, "unlabelled \"Normal\"") != NULL || strstr(after, "unlabelled Normal") != NULL);
	free(after);
	ll_table_free(t);
}

/* A label column of numbers keeps their text ("0.0", "1.0", "False"): the
 * same number is the same class name, so "0.0" is ordinary by default and
 * matches a target.ordinary of "0"; names that are not numbers compare
 * ignoring case only. */
static void test_numeric_class_names(void)
{
	CHECK(ll_class_name_is("0.0", "0"));
	CHECK(ll_class_name_is("+0.00", "-0"));
	CHECK(ll_class_name_is("1e0", "1.0"));
	CHECK(!ll_class_name_is("1.0", "0"));
	CHECK(!ll_class_name_is("0.0x", "0"));
	CHECK(ll_class_name_is("NaN", "nan"));      /* the same text is the same name */
	CHECK(ll_class_name_is("Normal", "normal"));
	CHECK(ll_class_name_is("False", "0") && ll_class_name_is("TRUE", "1.0"));
	CHECK(!ll_class_name_is("True", "0") && !ll_class_name_is("falsey", "0"));
	CHECK(ll_default_ordinary_name("false"));
	CHECK(!ll_default_ordinary_name("True"));
	CHECK(ll_default_ordinary_name("0.0"));
	CHECK(ll_default_ordinary_name("-"));
	CHECK(!ll_default_ordinary_name("1.0"));
	CHECK(!ll_default_ordinary_name("-1"));
	struct ll_recipe r;
	ll_recipe_default(&r);
	CHECK(ll_recipe_is_ordinary(&r, "0.000"));
	CHECK(!ll_recipe_is_ordinary(&r, "1.0"));
	r.n_ordinary = 1;
	snprintf(r.ordinary[0], LL_RECIPE_STR, "2");
	CHECK(ll_recipe_is_ordinary(&r, "2.0"));
	CHECK(!ll_recipe_is_ordinary(&r, "0.0")); /* a given list replaces the defaults */
}

/* The default ordinary names hold the spellings of "nothing wrong" of
 * public labelled data (CIC-IDS's BENIGN, IoT-23's Benign, KDD's normal.,
 * Nagios's OK, CI's success and passed), none a fault's; a recipe of
 * before they joined (7 Dec 2026), its list pinned, keeps the old list and
 * formats to the text such recipes had, which their runs' recipe_sha256
 * is of. */
static void test_default_ordinary_names(void)
{
	static const char *const yes[] = {"Benign", "BENIGN", "normal.", "OK", "pass", "Passed", "SUCCESS",
					  "succeeded", "Normal", "-", "0.0", "False"};
	static const char *const no[] = {"attack", "Malicious", "failure", "FAILED", "error", "abnormal", "1",
					 "anomaly", "normal-ish", "okay?"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		CHECK(ll_default_ordinary_name(yes[i]));
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		CHECK(!ll_default_ordinary_name(no[i]));
	const char *const *names;
	size_t n = ll_default_ordinary_names(&names);
	CHECK(n > LL_ORDINARY_DEFAULTS_V1);
	CHECK_STR(names[0], "normal");
	CHECK_STR(names[3], "-");
	CHECK(ll_default_ordinary_new_name("Benign") && ll_default_ordinary_new_name("ok"));
	CHECK(!ll_default_ordinary_new_name("normal") && !ll_default_ordinary_new_name("0.0"));
	CHECK(!ll_default_ordinary_new_name("attack"));

	struct ll_recipe now, pinned, old;
	ll_recipe_default(&now);
	CHECK(ll_recipe_is_ordinary(&now, "BENIGN"));
	pinned = now;
	ll_recipe_pin_ordinary_v1(&pinned);
	CHECK_INT((int)pinned.n_ordinary, LL_ORDINARY_DEFAULTS_V1);
	CHECK(!ll_recipe_is_ordinary(&pinned, "BENIGN"));
	CHECK(ll_recipe_is_ordinary(&pinned, "Normal") && ll_recipe_is_ordinary(&pinned, "-"));
	/* the list a recipe of before wrote, given explicitly */
	ll_recipe_default(&old);
	old.n_ordinary = 4;
	snprintf(old.ordinary[0], LL_RECIPE_STR, "normal");
	snprintf(old.ordinary[1], LL_RECIPE_STR, "ordinary");
	snprintf(old.ordinary[2], LL_RECIPE_STR, "0");
	snprintf(old.ordinary[3], LL_RECIPE_STR, "-");
	char *tp = NULL, *to = NULL, *tn = NULL;
	struct ll_err err;
	CHECK_INT(ll_recipe_format(&pinned, &tp, &err), LL_OK);
	CHECK_INT(ll_recipe_format(&old, &to, &err), LL_OK);
	CHECK_INT(ll_recipe_format(&now, &tn, &err), LL_OK);
	CHECK_STR(tp, to);
	CHECK(strstr(tp, "\nordinary -\nunlabelled") || strstr(tp, "\nordinary -\ncolumns"));
	CHECK(!strstr(tp, "benign"));
	CHECK(strstr(tn, "\nordinary benign\n") != NULL);
	CHECK(strcmp(tp, tn) != 0);
	/* a recipe naming its classes is left as it is */
	struct ll_recipe named;
	ll_recipe_default(&named);
	named.n_ordinary = 1;
	snprintf(named.ordinary[0], LL_RECIPE_STR, "fine");
	ll_recipe_pin_ordinary_v1(&named);
	CHECK_INT((int)named.n_ordinary, 1);
	CHECK_STR(named.ordinary[0], "fine");
	free(tp);
	free(to);
	free(tn);
}

/* The columns a preview shows are the build's: regex matches among number
 * columns, every number column when the regex is empty, never time or
 * text columns; a bad regex is refused naming it. */
static void test_match_columns(void)
{
	struct ll_table *t = small_table();
	ll_table_add_column(t, "CPU/y", LL_COL_NUM);
	struct ll_recipe r;
	struct ll_err err;
	size_t *cols = NULL, n = 99;
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_match_columns(&r, t, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 3); /* cpu/x, cpu/z, CPU/y: not time (0), not host (3) */
	if (n == 3)
		CHECK(cols[0] == 1 && cols[1] == 2 && cols[2] == 4);
	free(cols);
	snprintf(r.columns, sizeof r.columns, "^cpu/");
	CHECK_INT(ll_recipe_match_columns(&r, t, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 2);
	free(cols);
	r.columns_icase = 1;
	CHECK_INT(ll_recipe_match_columns(&r, t, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 3);
	free(cols);
	snprintf(r.columns, sizeof r.columns, "^(time|host)$"); /* matched by name, still refused by type */
	cols = NULL;
	int rc = ll_recipe_match_columns(&r, t, &cols, &n, &err);
	CHECK(rc != LL_OK || n == 0);
	free(cols);
	snprintf(r.columns, sizeof r.columns, "cpu/(");
	cols = NULL;
	ll_err_clear(&err);
	CHECK(ll_recipe_match_columns(&r, t, &cols, &n, &err) != LL_OK);
	CHECK(strstr(err.msg, "cpu/(") != NULL);
	free(cols);
	ll_table_free(t);
}

/* A per-column reference of the fill policies: what nan_policy_rows did
 * before it went by rows. */
static void fill_reference(float *X, size_t n, size_t d, enum ll_nan_policy p, size_t *filled)
{
	for (size_t j = 0; j < d; j++) {
		long prev = -1;
		for (size_t i = 0; i < n; i++) {
			float v = X[i * d + j];
			if (isnan(v)) {
				if (p == LL_NAN_ZERO) {
					X[i * d + j] = 0;
					++*filled;
				}
				continue;
			}
			for (size_t k = (size_t)(prev + 1); p != LL_NAN_ZERO && k < i; k++, ++*filled)
				if (prev < 0 || p == LL_NAN_FFILL)
					X[k * d + j] = prev < 0 ? v : X[(size_t)prev * d + j];
				else {
					double a = X[(size_t)prev * d + j], t = (double)(k - (size_t)prev) / (double)(i - (size_t)prev);
					X[k * d + j] = (float)(a + (v - a) * t);
				}
			prev = (long)i;
		}
		for (size_t k = (size_t)(prev + 1); p != LL_NAN_ZERO && prev >= 0 && k < n; k++, ++*filled)
			X[k * d + j] = X[(size_t)prev * d + j];
	}
}

/* The NaN policies on a table with gaps at the start, inside and at the
 * end of columns, of one row and of many, against the per-column
 * reference, bit for bit; then the values and labels that travel with the
 * rows through the blocked copy of a table wider than one block. */
static void test_nan_fill_by_rows(void)
{
	enum { N = 700, D = 9 };
	struct ll_table *t = ll_table_new();
	char name[16];
	for (int j = 0; j < D; j++) {
		snprintf(name, sizeof name, "c%d", j);
		ll_table_add_column(t, name, LL_COL_NUM);
	}
	int normal = ll_table_class_id(t, "normal", 6), bad = ll_table_class_id(t, "bad", 3);
	float *want = malloc(sizeof(float) * N * D);
	unsigned s = 99;
	for (int i = 0; i < N; i++) {
		long r = ll_table_append_row(t);
		for (int j = 0; j < D; j++) {
			s = s * 1103515245u + 12345u;
			int gap = (j == 1 && i < 5) || (j == 2 && i > N - 4) || (j == 3 && i >= 100 && i < 160) ||
				  (j >= 4 && (s >> 9) % (unsigned)(j + 1) == 0);
			double v = gap ? NAN : (double)(s >> 12) / 1024.0 - 1000.0 + j;
			ll_table_set_num(t, (size_t)r, (size_t)j, v);
			want[(size_t)i * D + (size_t)j] = (float)v;
		}
		ll_table_set_label(t, (size_t)r, i % 7 == 0 ? bad : normal);
	}
	enum ll_nan_policy pol[] = {LL_NAN_FFILL, LL_NAN_INTERP, LL_NAN_ZERO};
	for (size_t q = 0; q < sizeof pol / sizeof *pol; q++) {
		struct ll_recipe r;
		struct ll_featmat m;
		struct ll_recipe_manifest man;
		struct ll_err err;
		ll_recipe_default(&r);
		snprintf(r.columns, sizeof r.columns, "^c");
		r.nan = pol[q];
		float *ref = malloc(sizeof(float) * N * D);
		memcpy(ref, want, sizeof(float) * N * D);
		size_t filled = 0;
		fill_reference(ref, N, D, pol[q], &filled);
		int rc = ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err);
		CHECK_INT(rc, LL_OK);
		if (rc == LL_OK) {
			CHECK_INT(m.n, N);
			CHECK_INT(m.d, D);
			CHECK(memcmp(m.X, ref, sizeof(float) * N * D) == 0);
			CHECK_INT(man.nan_filled, filled);
			CHECK_INT(m.y[0], m.y[7]);
			CHECK(m.y[0] != m.y[1]);
			CHECK_INT(m.origin[N - 1], N - 1);
			ll_featmat_free(&m);
			ll_recipe_manifest_free(&man);
		}
		free(ref);
	}
	free(want);
	ll_table_free(t);
}

/* ll_recipe_resolve_defaults: a feature set that names nothing gets TF-IDF
 * over a log (even one with a number field) and over text without numbers;
 * a table of numbers, or a recipe naming text, windows or columns, is left
 * as given; the build then notes the choice. */
static void test_resolve_defaults(void)
{
	struct ll_table *t = log_table();
	struct ll_recipe r;
	struct ll_err err;
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1); /* text and a time: no number column */
	CHECK_INT(r.text, LL_TEXT_TFIDF);
	CHECK_INT(r.text_defaulted, 1);
	struct ll_featmat m;
	struct ll_recipe_manifest man;
	r.split = LL_RSPLIT_CHRONO;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	CHECK(m.sparse);
	int noted = 0;
	for (size_t i = 0; i < man.nwarnings; i++)
		noted |= strstr(man.warnings[i], "text: not set: TF-IDF of the lines of column \"line\"") != NULL;
	CHECK(noted);
	ll_featmat_free(&m);
	ll_recipe_manifest_free(&man);

	/* each key the user sets keeps the recipe as written */
	ll_recipe_default(&r);
	strcpy(r.columns, "time");
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 0);
	ll_recipe_default(&r);
	r.window = LL_RWIN_TIME;
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 0);
	ll_recipe_default(&r);
	r.text = LL_TEXT_TEMPLATES;
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 0);
	CHECK_INT(r.text, LL_TEXT_TEMPLATES);

	/* a number column: numbers, unless a line reader made the table */
	long pid = ll_table_add_column(t, "pid", LL_COL_NUM);
	CHECK(pid >= 0);
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 0);
	CHECK_INT(r.text, LL_TEXT_NONE);
	CHECK_INT(ll_table_set_meta(t, "text_column", "line"), LL_OK);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1);
	ll_table_free(t);

	/* a table of text columns (a structured log's records): the only one,
	 * else the one named as a message, else the one of the longest cells */
	t = ll_table_new();
	ll_table_add_column(t, "event", LL_COL_TEXT);
	long row = ll_table_append_row(t);
	ll_table_set_text(t, (size_t)row, 0, "disk sda1 failed", 16);
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1);
	CHECK_STR(r.text_column, "event");
	ll_table_add_column(t, "level", LL_COL_TEXT);
	ll_table_set_text(t, (size_t)row, 1, "error", 5);
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1);
	CHECK_STR(r.text_column, "event"); /* longer than the level */
	ll_table_add_column(t, "Msg", LL_COL_TEXT);
	ll_table_set_text(t, (size_t)row, 2, "x", 1);
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1);
	CHECK_STR(r.text_column, "Msg"); /* the name wins */
	CHECK_INT(r.text_defaulted, 1);
	/* the quick start's z-score, meant for numbers, goes with it */
	ll_recipe_default(&r);
	r.scale = LL_SCALE_ZSCORE;
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1);
	CHECK_INT(r.scale, LL_SCALE_NONE);
	CHECK_INT(r.text_defaulted, 2);
	/* templates asked for, no column named: the same message column */
	ll_recipe_default(&r);
	r.text = LL_TEXT_TEMPLATES;
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1);
	CHECK_STR(r.text_column, "Msg");
	CHECK_INT(r.text_column_defaulted, 1);
	CHECK_INT(r.text_defaulted, 0);
	CHECK_INT(r.text, LL_TEXT_TEMPLATES);
	ll_recipe_default(&r);
	r.text = LL_TEXT_HASH;
	strcpy(r.text_column, "level");
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 0); /* named: kept */
	CHECK_STR(r.text_column, "level");
	ll_table_free(t);
	/* a message nested under a record's key, or the last word of a name,
	 * after the names themselves */
	t = ll_table_new();
	ll_table_add_column(t, "resource.type", LL_COL_TEXT);
	ll_table_add_column(t, "jsonPayload.message", LL_COL_TEXT);
	row = ll_table_append_row(t);
	ll_table_set_text(t, (size_t)row, 0, "a long resource type name", 25);
	ll_table_set_text(t, (size_t)row, 1, "x", 1);
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1);
	CHECK_STR(r.text_column, "jsonPayload.message");
	ll_table_add_column(t, "short_message", LL_COL_TEXT);
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1);
	CHECK_STR(r.text_column, "jsonPayload.message"); /* the earlier column, same name */
	ll_table_add_column(t, "msg", LL_COL_TEXT);
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1);
	CHECK_STR(r.text_column, "msg"); /* a name itself first */
	ll_table_free(t);

	/* numbers only: unchanged */
	t = small_table();
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 0);
	CHECK_INT(r.text_defaulted, 0);
	ll_table_free(t);
}

/* The nan default: "mean" for rows without a time order, "ffill" for a
 * series (sorted by time either way, or down-sampled, windowed, split by
 * time, or naming its time column) and for a policy named. x holds 0..9
 * but for a gap at row 3; rows 0-6 are training, 7-9 test (chronological
 * would make it a series: a grouped split by the column part does it). */
static struct ll_table *dated_table(const double *when)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "laid", LL_COL_TIME);
	ll_table_add_column(t, "x", LL_COL_NUM);
	ll_table_add_column(t, "part", LL_COL_TEXT);
	int a = ll_table_class_id(t, "a", 1), b = ll_table_class_id(t, "b", 1);
	for (int i = 0; i < 10; i++) {
		long r = ll_table_append_row(t);
		ll_table_set_num(t, (size_t)r, 0, when ? when[i] : NAN);
		ll_table_set_num(t, (size_t)r, 1, i == 3 ? NAN : i);
		ll_table_set_text(t, (size_t)r, 2, i < 7 ? "train" : "test", i < 7 ? 5 : 4);
		ll_table_set_label(t, (size_t)r, i % 2 ? a : b);
	}
	return t;
}

static void test_resolve_nan(void)
{
	static const double up[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, down[10] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1},
			    mixed[10] = {5, 1, 9, 2, 8, 3, 7, 4, 6, 10};
	struct ll_recipe r;
	struct ll_err err;
	struct ll_table *t = dated_table(NULL); /* a time column without a value: no order */
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 1);
	CHECK_INT(r.nan, LL_NAN_MEAN);
	CHECK_INT(r.nan_defaulted, 1);

	/* the build fills the gap with the training rows' mean and says so */
	r.split = LL_RSPLIT_GROUPED;
	strcpy(r.group_column, "part");
	struct ll_featmat m;
	struct ll_recipe_manifest man;
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	if (m.X) {
		CHECK_INT(m.d, 1);
		/* training rows 0-6 without row 3: (0 + 1 + 2 + 4 + 5 + 6) / 6 */
		CHECK_NEAR(m.X[3], 3, 1e-6);
		CHECK_INT(man.nan_filled, 1);
		CHECK(man.imputer_text && strstr(man.imputer_text, "loglab-imputer 1\nfeatures 1\n0 3\n"));
		int noted = 0;
		for (size_t i = 0; i < man.nwarnings; i++)
			noted |= strstr(man.warnings[i], "nan: not set: 1 missing value filled with the mean of its column") !=
				 NULL;
		CHECK(noted);
		ll_featmat_free(&m);
		ll_recipe_manifest_free(&man);
	}
	/* no number column at all: the default says what it looked for */
	struct ll_table *words = ll_table_new();
	ll_table_add_column(words, "line", LL_COL_TEXT);
	ll_table_add_column(words, "message", LL_COL_TEXT);
	long wr = ll_table_append_row(words);
	ll_table_set_text(words, (size_t)wr, 0, "x", 1);
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_build(words, &r, NULL, &m, &man, NULL, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "no number column to take (the default takes every number column; the data's 2 columns: "
			      "line, message)") != NULL);
	ll_table_free(words);
	/* named, a gap takes the row above's value; no means kept */
	ll_recipe_default(&r);
	r.nan_named = 1;
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 0);
	CHECK_INT(r.nan, LL_NAN_FFILL);
	CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
	if (m.X) {
		CHECK_NEAR(m.X[3], 2, 0);
		CHECK(man.imputer_text == NULL);
		ll_featmat_free(&m);
		ll_recipe_manifest_free(&man);
	}
	/* another policy set stays */
	ll_recipe_default(&r);
	r.nan = LL_NAN_ZERO;
	CHECK_INT(ll_recipe_resolve_defaults(&r, t), 0);
	CHECK_INT(r.nan, LL_NAN_ZERO);
	/* what makes the rows a series */
	for (int k = 0; k < 4; k++) {
		ll_recipe_default(&r);
		if (k == 0)
			r.interval = 60;
		else if (k == 1)
			r.window = LL_RWIN_ROWS;
		else if (k == 2)
			r.split = LL_RSPLIT_CHRONO;
		else
			strcpy(r.time_column, "laid");
		CHECK_INT(ll_recipe_resolve_defaults(&r, t), 0);
		CHECK_INT(r.nan, LL_NAN_FFILL);
	}
	/* text features: no gaps to fill */
	ll_recipe_default(&r);
	r.text = LL_TEXT_HASH;
	ll_recipe_resolve_defaults(&r, t); /* text.column is chosen: "part" */
	CHECK_INT(r.nan, LL_NAN_FFILL);
	ll_table_free(t);

	const double *orders[3] = {up, down, mixed};
	for (int k = 0; k < 3; k++) {
		t = dated_table(orders[k]);
		ll_recipe_default(&r);
		ll_recipe_resolve_defaults(&r, t);
		CHECK_INT(r.nan, k < 2 ? LL_NAN_FFILL : LL_NAN_MEAN);
		/* a random split of rows in time order, or of sliding windows,
		 * is said to be optimistic; a chronological one, or rows in no
		 * order, not */
		for (int how = 0; how < 3; how++) {
			ll_recipe_default(&r);
			r.ratios.train = 0.5;
			r.ratios.test = 0.5;
			if (how == 1) {
				r.window = LL_RWIN_ROWS;
				r.size = 3;
				r.stride = 1;
			} else if (how == 2) {
				r.split = LL_RSPLIT_CHRONO;
			}
			CHECK_INT(ll_recipe_build(t, &r, NULL, &m, &man, NULL, NULL, &err), LL_OK);
			int rows_said = 0, windows_said = 0;
			for (size_t i = 0; i < man.nwarnings; i++) {
				rows_said |= strstr(man.warnings[i], "split: random over rows in time order") != NULL;
				windows_said |= strstr(man.warnings[i],
						       "split: random over sliding windows of 3 rows a step of 1 apart") != NULL;
			}
			CHECK_INT(rows_said, how == 0 && k < 2);
			CHECK_INT(windows_said, how == 1);
			ll_featmat_free(&m);
			ll_recipe_manifest_free(&man);
		}
		ll_table_free(t);
	}
	/* 1 step back in 100 keeps the order; 2 do not */
	for (int back = 1; back <= 2; back++) {
		t = ll_table_new();
		ll_table_add_column(t, "time", LL_COL_TIME);
		ll_table_add_column(t, "x", LL_COL_NUM);
		for (int i = 0; i <= 100; i++) {
			long row = ll_table_append_row(t);
			ll_table_set_num(t, (size_t)row, 0, i == 50 || (back == 2 && i == 70) ? 0 : i);
			ll_table_set_num(t, (size_t)row, 1, i);
		}
		ll_recipe_default(&r);
		ll_recipe_resolve_defaults(&r, t);
		CHECK_INT(r.nan, back == 1 ? LL_NAN_FFILL : LL_NAN_MEAN);
		ll_table_free(t);
	}
}

/* A run's recipe of log lines applied to records without them (JSON):
 * their message column, only where the recipe reads text, names no column
 * and the table has neither a message field nor "line". */
static void test_text_column_fallback(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "ts", LL_COL_TIME);
	ll_table_add_column(t, "host", LL_COL_TEXT);
	ll_table_add_column(t, "msg", LL_COL_TEXT);
	long row = ll_table_append_row(t);
	ll_table_set_text(t, (size_t)row, 1, "node0", 5);
	ll_table_set_text(t, (size_t)row, 2, "disk failed", 11);
	struct ll_recipe r;
	ll_recipe_default(&r);
	CHECK_INT(ll_recipe_text_column_fallback(&r, t), 0); /* reads no text */
	r.text = LL_TEXT_TFIDF;
	CHECK_INT(ll_recipe_text_column_fallback(&r, t), 1);
	CHECK_STR(r.text_column, "msg");
	CHECK_INT(ll_recipe_text_column_fallback(&r, t), 0); /* named now */
	CHECK_STR(r.text_column, "msg");
	/* a line of its own, or a line reader's message field: as trained */
	ll_recipe_default(&r);
	r.text = LL_TEXT_HASH;
	CHECK_INT(ll_table_set_meta(t, "text_column", "message"), LL_OK);
	CHECK_INT(ll_recipe_text_column_fallback(&r, t), 0);
	CHECK_STR(r.text_column, "");
	ll_table_free(t);
	t = ll_table_new();
	ll_table_add_column(t, "line", LL_COL_TEXT);
	ll_table_add_column(t, "note", LL_COL_TEXT);
	CHECK_INT(ll_recipe_text_column_fallback(&r, t), 0);
	ll_table_free(t);
	/* no text column at all */
	t = ll_table_new();
	ll_table_add_column(t, "x", LL_COL_NUM);
	CHECK_INT(ll_recipe_text_column_fallback(&r, t), 0);
	char was[LL_RECIPE_STR] = "";
	strcpy(r.text_column, "msg");
	CHECK_INT(ll_recipe_text_column_apply(&r, t, was, sizeof was), 0); /* nothing to read instead */
	CHECK_STR(r.text_column, "msg");
	ll_table_free(t);
	/* a text column the data lacks: its format's message field (read by
	 * default), else "line", else its message column */
	t = ll_table_new();
	ll_table_add_column(t, "line", LL_COL_TEXT);
	ll_table_add_column(t, "message", LL_COL_TEXT);
	CHECK_INT(ll_table_set_meta(t, "text_column", "message"), LL_OK);
	CHECK_INT(ll_recipe_text_column_apply(&r, t, was, sizeof was), 2);
	CHECK_STR(was, "msg");
	CHECK_STR(r.text_column, "");
	CHECK_INT(ll_recipe_text_column_apply(&r, t, was, sizeof was), 0); /* the field is read as trained */
	ll_table_free(t);
	t = ll_table_new();
	ll_table_add_column(t, "line", LL_COL_TEXT);
	strcpy(r.text_column, "msg");
	CHECK_INT(ll_recipe_text_column_apply(&r, t, was, sizeof was), 2);
	CHECK_STR(r.text_column, "line");
	ll_table_free(t);
	t = ll_table_new();
	ll_table_add_column(t, "host", LL_COL_TEXT);
	ll_table_add_column(t, "body", LL_COL_TEXT);
	row = ll_table_append_row(t);
	ll_table_set_text(t, (size_t)row, 0, "n1", 2);
	ll_table_set_text(t, (size_t)row, 1, "the disk failed", 15);
	strcpy(r.text_column, "msg");
	CHECK_INT(ll_recipe_text_column_apply(&r, t, was, sizeof was), 2);
	CHECK_STR(r.text_column, "body");
	/* one the data has: as trained */
	CHECK_INT(ll_recipe_text_column_apply(&r, t, was, sizeof was), 0);
	CHECK_STR(r.text_column, "body");
	ll_table_free(t);
}

/* Which settings a recipe's kinds leave out (the runs comparison shows
 * them as unused, not as the defaults they hold). */
static void test_uses(void)
{
	struct ll_recipe r;
	ll_recipe_default(&r);
	/* no windows, no text, random split, no rebalance */
	static const char *const unused[] = {"window.size", "window.stride", "window.flatten", "window.label",
					     "window.column", "window.events", "window.length", "window.step",
					     "text.column", "text.features", "text.ngram", "text.sublinear_tf",
					     "text.masks", "text.dim", "text.epochs", "text.min_count",
					     "text.window", "split.group", "rebalance.ratio", "rebalance.k"};
	for (size_t i = 0; i < sizeof unused / sizeof *unused; i++)
		if (ll_recipe_uses(&r, unused[i]))
			CHECK_STR(unused[i], "(unused by the defaults)");
	static const char *const used[] = {"window.kind", "text.kind", "columns", "nan", "seed", "split.kind",
					   "split.train", "scale", "target.ordinary", "rebalance.method", "no.such"};
	for (size_t i = 0; i < sizeof used / sizeof *used; i++)
		if (!ll_recipe_uses(&r, used[i]))
			CHECK_STR(used[i], "(used by the defaults)");
	r.window = LL_RWIN_ROWS;
	CHECK(ll_recipe_uses(&r, "window.size") && ll_recipe_uses(&r, "window.label"));
	CHECK(!ll_recipe_uses(&r, "window.column") && !ll_recipe_uses(&r, "window.length"));
	r.window = LL_RWIN_SESSION;
	CHECK(ll_recipe_uses(&r, "window.column") && ll_recipe_uses(&r, "text.column"));
	CHECK(!ll_recipe_uses(&r, "window.size") && ll_recipe_uses(&r, "window.label"));
	r.window = LL_RWIN_NONE;
	r.split = LL_RSPLIT_GROUPED; /* without split.group, the session column groups */
	CHECK(ll_recipe_uses(&r, "split.group") && ll_recipe_uses(&r, "window.column"));
	snprintf(r.group_column, sizeof r.group_column, "host");
	CHECK(!ll_recipe_uses(&r, "window.column"));
	r.text = LL_TEXT_TFIDF;
	CHECK(ll_recipe_uses(&r, "text.features") && ll_recipe_uses(&r, "text.sublinear_tf") &&
	      ll_recipe_uses(&r, "text.masks") && !ll_recipe_uses(&r, "text.dim"));
	r.text = LL_TEXT_W2V;
	CHECK(!ll_recipe_uses(&r, "text.features") && ll_recipe_uses(&r, "text.masks") &&
	      ll_recipe_uses(&r, "text.window"));
	r.text = LL_TEXT_TEMPLATES;
	CHECK(ll_recipe_uses(&r, "text.column") && !ll_recipe_uses(&r, "text.masks"));
	r.rebalance = LL_REBAL_OVER;
	CHECK(ll_recipe_uses(&r, "rebalance.ratio") && !ll_recipe_uses(&r, "rebalance.k"));
	r.rebalance = LL_REBAL_SMOTE;
	CHECK(ll_recipe_uses(&r, "rebalance.k"));
}

int main(void)
{
	test_uses();
	test_text_column_fallback();
	test_resolve_defaults();
	test_resolve_nan();
	test_numeric_class_names();
	test_default_ordinary_names();
	test_match_columns();
	test_nan_fill_by_rows();
	test_check();
	test_format();
	test_numeric();
	test_infinite_cells();
	test_unlabelled();
	test_text();
	test_dstat();
	TEST_MAIN_END();
}
