/*
 * tests/core/test_split.c - ratio validation, part sizes (sklearn's
 * rounding), chronological, stratified and grouped splits, determinism for
 * a seed, and the template leakage report. Class counts are worked by hand
 * from the allocation rule in ll_split.h; sklearn's own counts on SMD and
 * BGL are compared in test_features_sklearn.sh.
 */
#include "harness.h"
#include "ll_split.h"

static void test_ratios(void)
{
	struct ll_err err;
	struct ll_split_ratios ok = {0.7, 0.1, 0.2, 0}, sum = {0.7, 0.2, 0.2, 0}, neg = {1.2, -0.2, 0, 0}, zero = {0, 0.5, 0.5, 0};
	CHECK_INT(ll_split_check(&ok, &err), LL_OK);
	CHECK_INT(ll_split_check(&sum, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "must sum to 1 (train 0.7 + dev 0.2 + test 0.2 = 1.1)") != NULL);
	CHECK_INT(ll_split_check(&neg, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "must not be negative") != NULL);
	CHECK_INT(ll_split_check(&zero, &err), LL_EUSAGE);
	size_t tr, dv, te;
	ll_split_sizes(&ok, 10, &tr, &dv, &te);
	CHECK(tr == 7 && dv == 1 && te == 2);
	/* sklearn's ceil of a product that lands just above an integer:
	 * 0.07 * 100 = 7.000000000000001 -> 8 test samples there too */
	struct ll_split_ratios r7 = {0.93, 0, 0.07, 0};
	ll_split_sizes(&r7, 100, &tr, &dv, &te);
	CHECK(tr == 92 && te == 8);
	/* "train 0.7" alone of 150 rows: sklearn's floor(0.7 * 150) = 105 train,
	 * 45 test; "test 0.3" gives the same; the rest computed as a ratio
	 * (1 - 0.7 = 0.30000000000000004) would have given 104/46 */
	struct ll_split_ratios given_train = {0.7, 0, 1 - 0.7, 1}, given_test = {0.7, 0, 0.3, 0};
	ll_split_sizes(&given_train, 150, &tr, &dv, &te);
	CHECK(tr == 105 && dv == 0 && te == 45);
	ll_split_sizes(&given_test, 150, &tr, &dv, &te);
	CHECK(tr == 105 && dv == 0 && te == 45);
	struct ll_split_ratios with_dev = {0.6, 0.15, 0.25, 1};
	ll_split_sizes(&with_dev, 150, &tr, &dv, &te);
	CHECK(tr == 90 && dv == 23 && te == 37);
	unsigned char part[10];
	CHECK_INT(ll_split_chrono(10, &ok, part, &err), LL_OK);
	unsigned char want[] = {0, 0, 0, 0, 0, 0, 0, 1, 2, 2};
	CHECK(memcmp(part, want, 10) == 0);
	CHECK_INT(ll_split_chrono(10, &sum, part, &err), LL_EUSAGE);
}

/* A train above 1 is a count of samples (sklearn's integer train_size):
 * exactly that many train, no dev, the rest test, whatever n; a fraction,
 * a dev part or a test part beside it is refused naming the count. */
static void test_count(void)
{
	struct ll_err err;
	struct ll_split_ratios c = {1200, 0, 0, 1}, frac = {12.5, 0, 0, 1}, with_test = {1200, 0, 0.3, 0},
			       with_dev = {1200, 0.1, 0, 1};
	CHECK_INT(ll_split_check(&c, &err), LL_OK);
	size_t tr, dv, te;
	ll_split_sizes(&c, 7501, &tr, &dv, &te);
	CHECK(tr == 1200 && dv == 0 && te == 6301);
	ll_split_sizes(&c, 1000, &tr, &dv, &te);
	CHECK(tr == 1000 && te == 0);
	CHECK_INT(ll_split_check(&frac, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "whole number, got 12.5") != NULL);
	CHECK_INT(ll_split_check(&with_test, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "1200 samples") != NULL);
	CHECK_INT(ll_split_check(&with_dev, &err), LL_EUSAGE);
	struct ll_split_ratios three = {3, 0, 0, 1};
	unsigned char part[5];
	CHECK_INT(ll_split_chrono(5, &three, part, &err), LL_OK);
	unsigned char want[] = {0, 0, 0, 2, 2};
	CHECK(memcmp(part, want, 5) == 0);
}

static void test_stratified(void)
{
	/* 60 / 30 / 10 samples of classes 0 / 1 / 2, rows interleaved, plus 4
	 * unlabelled. 75/25 of 104: 26 test, 78 train. Train shares, computed
	 * as numpy does (count / 104 * 78): 44.99999999999999,
	 * 22.499999999999996, 7.5 and 3.0; the floors 44 + 22 + 7 + 3 leave 2,
	 * given to the largest fractions (classes 0 and 2): 45, 22, 8, 3, and
	 * the test the rest: 15, 8, 2, 1. sklearn's train_test_split(stratify)
	 * gives exactly these counts on this y. */
	int y[104];
	for (int i = 0; i < 100; i++)
		y[i] = i % 10 == 0 ? 2 : i % 10 < 4 ? 1 : 0;
	for (int i = 100; i < 104; i++)
		y[i] = -1;
	unsigned char p1[104], p2[104], p3[104];
	struct ll_split_ratios r = {0.75, 0, 0.25, 0};
	struct ll_err err;
	CHECK_INT(ll_split_stratified(y, 104, &r, 5, p1, &err), LL_OK);
	size_t tr[4] = {0}, te[4] = {0};
	for (int i = 0; i < 104; i++) {
		size_t c = y[i] < 0 ? 3 : (size_t)y[i];
		tr[c] += p1[i] == LL_SPLIT_TRAIN;
		te[c] += p1[i] == LL_SPLIT_TEST;
	}
	CHECK(tr[0] == 45 && tr[1] == 22 && tr[2] == 8 && tr[3] == 3);
	CHECK(te[0] == 15 && te[1] == 8 && te[2] == 2 && te[3] == 1);
	/* same seed, same split; another seed, another one */
	CHECK_INT(ll_split_stratified(y, 104, &r, 5, p2, &err), LL_OK);
	CHECK(memcmp(p1, p2, 104) == 0);
	CHECK_INT(ll_split_stratified(y, 104, &r, 6, p3, &err), LL_OK);
	CHECK(memcmp(p1, p3, 104) != 0);
	/* three parts: 0.6 / 0.2 / 0.2 of the 100 labelled */
	struct ll_split_ratios r3 = {0.6, 0.2, 0.2, 0};
	size_t ntr, ndv, nte;
	ll_split_sizes(&r3, 100, &ntr, &ndv, &nte);
	CHECK_INT(ll_split_stratified(y, 100, &r3, 1, p1, &err), LL_OK);
	size_t cnt[3][3] = {{0}};
	for (int i = 0; i < 100; i++)
		cnt[y[i]][p1[i]]++;
	CHECK_INT(cnt[0][0] + cnt[1][0] + cnt[2][0], ntr);
	CHECK_INT(cnt[0][1] + cnt[1][1] + cnt[2][1], ndv);
	CHECK_INT(cnt[0][2] + cnt[1][2] + cnt[2][2], nte);
	/* each class within one sample of its share in each part */
	double share[3] = {0.6, 0.3, 0.1}, sizes[3] = {(double)ntr, (double)ndv, (double)nte};
	for (int c = 0; c < 3; c++)
		for (int p = 0; p < 3; p++)
			CHECK(fabs((double)cnt[c][p] - share[c] * sizes[p]) <= 1.0);
}

static void test_grouped(void)
{
	/* 30 groups "h0".."h29" of 1 to 6 samples each, rows interleaved */
	enum { N = 105 };
	char names[30][16];
	const char *g[N];
	for (int k = 0; k < 30; k++)
		snprintf(names[k], sizeof names[k], "h%d", k);
	int n = 0;
	for (int round = 0; round < 6; round++)
		for (int k = 0; k < 30; k++)
			if (round < 1 + k % 6)
				g[n++] = names[k];
	CHECK_INT(n, N);
	unsigned char part[N], again[N];
	struct ll_split_ratios r = {0.6, 0.2, 0.2, 0};
	struct ll_err err;
	CHECK_INT(ll_split_grouped(g, N, &r, 3, part, &err), LL_OK);
	size_t ntr, ndv, nte, have[3] = {0};
	ll_split_sizes(&r, N, &ntr, &ndv, &nte);
	int spans = 0;
	for (int i = 0; i < N; i++) {
		have[part[i]]++;
		for (int j = 0; j < N; j++)
			spans += g[i] == g[j] && part[i] != part[j];
	}
	CHECK_INT(spans, 0);
	/* sizes met to within one group (at most 6 samples) */
	CHECK(have[0] >= ntr && have[0] < ntr + 6);
	CHECK(have[1] >= 1 && have[2] >= 1);
	CHECK_INT(have[0] + have[1] + have[2], N);
	CHECK_INT(ll_split_grouped(g, N, &r, 3, again, &err), LL_OK);
	CHECK(memcmp(part, again, N) == 0);
	/* two groups cannot fill three parts */
	const char *two[] = {"a", "b", "a", "b"};
	CHECK_INT(ll_split_grouped(two, 4, &r, 3, part, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "needs at least 3 groups, and the data has 2") != NULL);
	/* train+test only: each of the two groups gets a part */
	struct ll_split_ratios r2 = {0.9, 0, 0.1, 0};
	CHECK_INT(ll_split_grouped(two, 4, &r2, 3, part, &err), LL_OK);
	CHECK(part[0] != part[1] && part[0] == part[2] && part[1] == part[3]);
}

static void test_leakage(void)
{
	/* templates 0 0 1 2 2 3 -; parts train test test test train test test:
	 * test samples with a template: rows 1, 2, 3, 5 (4); of those, templates
	 * 0 and 2 also occur in train (rows 1 and 3): 2 seen, 4 test templates,
	 * 2 shared. */
	int t[] = {0, 0, 1, 2, 2, 3, -1};
	unsigned char p[] = {0, 2, 2, 2, 0, 2, 2};
	struct ll_leakage lk;
	struct ll_err err;
	CHECK_INT(ll_split_leakage(t, p, 7, &lk, &err), LL_OK);
	CHECK_INT(lk.test_samples, 4);
	CHECK_INT(lk.test_seen, 2);
	CHECK_INT(lk.test_templates, 4);
	CHECK_INT(lk.shared_templates, 2);
	CHECK_NEAR(lk.fraction, 0.5, 0);
	CHECK_INT(ll_split_leakage(t, p, 0, &lk, &err), LL_OK);
	CHECK_NEAR(lk.fraction, 0, 0);
}

static void test_named(void)
{
	const char *names[] = {"train", "test", "dev", "train"}, *other[] = {"train", "tst"};
	unsigned char part[4] = {9, 9, 9, 9};
	int named;
	ll_split_named(names, 4, part, &named);
	CHECK(named);
	CHECK(part[0] == LL_SPLIT_TRAIN && part[1] == LL_SPLIT_TEST && part[2] == LL_SPLIT_DEV && part[3] == 0);
	part[0] = 9;
	ll_split_named(other, 2, part, &named);
	CHECK(!named && part[0] == 9);
}

int main(void)
{
	test_named();
	test_ratios();
	test_count();
	test_stratified();
	test_grouped();
	test_leakage();
	TEST_MAIN_END();
}
