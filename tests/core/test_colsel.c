/*
 * tests/core/test_colsel.c - column selection by regex on the real dstat
 * file (62 columns named "group/column"), its errors, column statistics
 * and the feature rankings on small hand-worked data.
 *
 * Expected dstat values come from Python's csv module on the same file:
 * the "total cpu usage/usr" column has 383 values, mean 10.06368929503916,
 * population std 10.428870258417682, min 0, max 35.106. The ANOVA example
 * is worked by hand below; its p-value is scipy.stats.f.sf(54, 1, 4).
 */
#include "ds_dataset.h"
#include "harness.h"
#include "ll_colsel.h"

static void test_dstat(void)
{
	struct ds_dataset *ds;
	struct ll_err err;
	struct ds_open_opts opts = {0};
	int rc = ds_dataset_open(&ds, ll_test_data("dstat/pkb_dstat-0.7.2-result.csv"), &opts, &err);
	CHECK_INT(rc, LL_OK);
	if (rc)
		return;
	const struct ll_table *t = ds_dataset_table(ds);
	CHECK_INT(ll_table_ncols(t), 62);
	size_t *cols, n;
	/* the regex of the dstat DNN work: CPU user time and 1-minute load */
	CHECK_INT(ll_colsel_match(t, "usr|1m", 0, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(ll_table_col_name(t, cols[0]), "total cpu usage/usr");
		CHECK_STR(ll_table_col_name(t, cols[1]), "load avg/1m");
	}
	free(cols);
	/* groups select whole blocks: io/total and io/sda, read and writ */
	CHECK_INT(ll_colsel_match(t, "^io/", 0, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 4);
	free(cols);
	CHECK_INT(ll_colsel_match(t, "USR", LL_COLSEL_ICASE, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 1);
	free(cols);
	CHECK_INT(ll_colsel_match(t, "USR", 0, &cols, &n, &err), LL_EUSAGE);
	CHECK(cols == NULL && n == 0);
	/* the epoch column is a time column: in by default, out with NOTIME */
	CHECK_INT(ll_colsel_match(t, "^epoch$", 0, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 1);
	free(cols);
	CHECK_INT(ll_colsel_match(t, "^epoch$", LL_COLSEL_NOTIME, &cols, &n, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "regex '^epoch$' matches none of the 62 columns; numeric columns are: total cpu usage/usr, "
				"total cpu usage/sys") == err.msg);
	/* every column listed would not fit: the list is cut with a count */
	CHECK_INT(ll_colsel_match(t, "nothing-like-this", 0, &cols, &n, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "matches none of the 62 columns; numeric columns are: epoch, total cpu usage/usr") != NULL);
	CHECK(strlen(err.msg) < LL_ERR_MSG_MAX - 1);
	CHECK(strstr(err.msg, "more)") != NULL || strstr(err.msg, "virtual memory/free") != NULL);
	CHECK_INT(ll_colsel_match(t, "(usr", 0, &cols, &n, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "invalid column regex '(usr'") == err.msg);
	CHECK_INT(ll_colsel_match(t, "", 0, &cols, &n, &err), LL_EUSAGE);

	struct ll_colstats st;
	CHECK_INT(ll_colstats_column(t, 1, &st, &err), LL_OK);
	CHECK_INT(st.count, 383);
	CHECK_INT(st.missing, 0);
	CHECK_NEAR(st.mean, 10.06368929503916, 1e-9);
	CHECK_NEAR(st.std, 10.428870258417682, 1e-9);
	CHECK_NEAR(st.min, 0, 0);
	CHECK_NEAR(st.max, 35.106, 1e-12);
	CHECK_INT(ll_colstats_column(t, 99, &st, &err), LL_EUSAGE);
	ds_dataset_close(ds);
}

static void test_stats_missing(void)
{
	double x[] = {1, NAN, 3, NAN};
	struct ll_colstats st;
	ll_colstats_compute(x, 4, &st);
	CHECK_INT(st.count, 2);
	CHECK_INT(st.missing, 2);
	CHECK_NEAR(st.mean, 2, 1e-15);
	CHECK_NEAR(st.std, 1, 1e-15);
	ll_colstats_compute(x + 1, 1, &st);
	CHECK(isnan(st.mean) && isnan(st.std) && st.count == 0);
	/* a text column has no statistics */
	struct ll_table *t = ll_table_new();
	struct ll_err err;
	ll_table_add_column(t, "msg", LL_COL_TEXT);
	CHECK_INT(ll_colstats_column(t, 0, &st, &err), LL_EUSAGE);
	size_t *cols, n;
	CHECK_INT(ll_colsel_match(t, ".", 0, &cols, &n, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "there are no numeric columns") != NULL);
	CHECK_INT(ll_colsel_match(t, ".", LL_COLSEL_TEXT, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 1);
	free(cols);
	ll_table_free(t);
}

/* The column the labels came from is never selected: a numeric y among
 * the features gave accuracy 1.0 on random data. */
static void test_label_source_excluded(void)
{
	struct ll_table *t = ll_table_new();
	struct ll_err err;
	ll_table_add_column(t, "a", LL_COL_NUM);
	ll_table_add_column(t, "y", LL_COL_NUM);
	ll_table_add_column(t, "b", LL_COL_NUM);
	CHECK_INT(ll_table_label_source(t), -1);
	ll_table_set_label_source(t, 7); /* out of range: none */
	CHECK_INT(ll_table_label_source(t), -1);
	ll_table_set_label_source(t, 1);
	CHECK_INT(ll_table_label_source(t), 1);
	size_t *cols, n;
	CHECK_INT(ll_colsel_match(t, ".", 0, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 2);
	if (n == 2)
		CHECK(cols[0] == 0 && cols[1] == 2);
	free(cols);
	/* even by name */
	CHECK_INT(ll_colsel_match(t, "^y$", 0, &cols, &n, &err), LL_EUSAGE);
	ll_table_free(t);
}

/* Value columns (NAME=VALUE) of a text column marked as made into them
 * match through their source's name, so an anchored regex keeps them;
 * a NAME=VALUE column without the mark is an ordinary name. */
static void test_value_columns(void)
{
	struct ll_table *t = ll_table_new();
	struct ll_err err;
	ll_table_add_column(t, "level", LL_COL_TEXT);
	ll_table_add_column(t, "cpu", LL_COL_NUM);
	ll_table_add_column(t, "level=error", LL_COL_NUM);
	ll_table_add_column(t, "level=info", LL_COL_NUM);
	ll_table_add_column(t, "mode=fast", LL_COL_NUM);
	size_t *cols, n;
	/* before the mark: `^level$` names the text column only */
	CHECK_INT(ll_colsel_match(t, "^level$", 0, &cols, &n, &err), LL_EUSAGE);
	CHECK_INT(ll_table_set_meta(t, LL_COLSEL_VALUES_META "level", "1"), LL_OK);
	CHECK_INT(ll_colsel_match(t, "^(level|cpu)$", 0, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 3);
	if (n == 3)
		CHECK(cols[0] == 1 && cols[1] == 2 && cols[2] == 3);
	free(cols);
	/* a value's own name still matches, alone */
	CHECK_INT(ll_colsel_match(t, "=info$", 0, &cols, &n, &err), LL_OK);
	CHECK(n == 1 && cols[0] == 3);
	free(cols);
	/* no mark for mode: `^mode$` matches nothing */
	CHECK_INT(ll_colsel_match(t, "^mode$", 0, &cols, &n, &err), LL_EUSAGE);
	CHECK_INT(ll_colsel_match(t, "^LEVEL$", LL_COLSEL_ICASE, &cols, &n, &err), LL_OK);
	CHECK_INT(n, 2);
	free(cols);
	ll_table_free(t);
}

static void test_rankings(void)
{
	/* f0 separates the classes: class means 2 and 8, grand mean 5,
	 * SSB = 3*9 + 3*9 = 54, SSW = 2 + 2 = 4, F = (54/1) / (4/4) = 54.
	 * f1 is constant (NaN), f2 is constant within classes (inf). The
	 * unlabelled last row must be ignored. */
	float X[] = {1, 5, 1, 2, 5, 1, 3, 5, 1, 7, 5, 2, 8, 5, 2, 9, 5, 2, 100, 100, 100};
	int y[] = {0, 0, 0, 1, 1, 1, -1};
	double F[3], p[3], var[3];
	struct ll_err err;
	CHECK_INT(ll_rank_anova_f(X, 7, 3, y, F, p, &err), LL_OK);
	CHECK_NEAR(F[0], 54, 1e-12);
	CHECK(isnan(F[1]) && isnan(p[1]));
	CHECK(isinf(F[2]) && p[2] == 0);
	CHECK_NEAR(p[0], 0.001826260668259983, 1e-12);
	CHECK_INT(ll_rank_variance(X, 7, 3, y, var, &err), LL_OK);
	CHECK_NEAR(var[0], 58.0 / 6, 1e-12); /* deviations from 5: 16+9+4+4+9+16 */
	CHECK_NEAR(var[1], 0, 0);
	CHECK_NEAR(var[2], 0.25, 1e-15);
	size_t order[3];
	ll_rank_order(F, 3, order);
	CHECK(order[0] == 2 && order[1] == 0 && order[2] == 1); /* inf, 54, NaN last */
	double s[] = {0.5, NAN, 2, 0.5};
	size_t o4[4];
	ll_rank_order(s, 4, o4);
	CHECK(o4[0] == 2 && o4[1] == 0 && o4[2] == 3 && o4[3] == 1);

	/* one class: no ANOVA */
	int y1[] = {0, 0, 0, 0, 0, 0, 0};
	CHECK_INT(ll_rank_anova_f(X, 7, 3, y1, F, p, &err), LL_EUSAGE);
	/* NaN in a labelled row */
	X[4] = NAN;
	CHECK_INT(ll_rank_variance(X, 7, 3, y, var, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 1, feature 1 is missing") != NULL);
}

static void test_mutual_info(void)
{
	/* 400 rows: f0 = class + small noise (fully informative, MI -> ln 2 for
	 * balanced classes), f1 = noise independent of the class (MI -> 0). */
	enum { N = 400 };
	static float X[N * 2];
	int y[N];
	unsigned s = 12345;
	for (int i = 0; i < N; i++) {
		y[i] = i % 2;
		s = s * 1103515245u + 12345u;
		float u = (float)((s >> 8) & 0xffff) / 65536.0f;
		s = s * 1103515245u + 12345u;
		float v = (float)((s >> 8) & 0xffff) / 65536.0f;
		X[i * 2] = (float)y[i] * 10 + u;
		X[i * 2 + 1] = v;
	}
	double mi[2], mi2[2];
	struct ll_err err;
	CHECK_INT(ll_rank_mutual_info(X, N, 2, y, 3, 1, mi, &err), LL_OK);
	CHECK_NEAR(mi[0], log(2.0), 0.02);
	CHECK(mi[1] < 0.03);
	CHECK_INT(ll_rank_mutual_info(X, N, 2, y, 3, 1, mi2, &err), LL_OK);
	CHECK(mi[0] == mi2[0] && mi[1] == mi2[1]);
	CHECK_INT(ll_rank_mutual_info(X, N, 2, y, 0, 1, mi2, &err), LL_EUSAGE);
}

/* The names a message shows: those flags admit, the labels' never, cut
 * with how many more where the buffer ends. */
static void test_names(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "time", LL_COL_TIME);
	ll_table_add_column(t, "alpha", LL_COL_NUM);
	ll_table_add_column(t, "state", LL_COL_TEXT);
	ll_table_add_column(t, "beta", LL_COL_NUM);
	ll_table_set_label_source(t, 2);
	char buf[64];
	CHECK_INT(ll_colsel_names(t, LL_COLSEL_TEXT, buf, sizeof buf), 3);
	CHECK_STR(buf, "time, alpha, beta");
	CHECK_INT(ll_colsel_names(t, LL_COLSEL_NOTIME, buf, sizeof buf), 2);
	CHECK_STR(buf, "alpha, beta");
	CHECK_INT(ll_colsel_names(t, LL_COLSEL_TEXT, buf, 36), 3);
	CHECK_STR(buf, "time, alpha, ... (1 more)");
	CHECK_INT(ll_colsel_names(t, LL_COLSEL_TEXT, buf, 20), 3);
	CHECK_STR(buf, "... (3 more)");
	ll_table_free(t);
}

int main(void)
{
	test_names();
	test_label_source_excluded();
	test_value_columns();
	test_dstat();
	test_stats_missing();
	test_rankings();
	test_mutual_info();
	TEST_MAIN_END();
}
