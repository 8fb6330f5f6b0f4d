/*
 * tests/core/test_impute.c - training-mean imputation: means over the
 * training samples only (a test sample's value never counts), a feature
 * without a training value, sequence featmats (every step a row), the
 * count of filled cells, a d mismatch, sparse featmats, and the text form:
 * round trip bit for bit and malformed input.
 *
 * Feature 0 of the training rows is 1, NaN, 3, 5 (the test row holds
 * 100): mean 3. Feature 1 is NaN in every training row (its test row
 * holds 9): filled with 0. Feature 2 has no gap.
 */
#include "harness.h"
#include "ll_impute.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void fill(struct ll_featmat *m)
{
	float rows[5][3] = {{1, NAN, 2}, {NAN, NAN, 4}, {3, NAN, 6}, {5, NAN, 8}, {100, 9, NAN}};
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 3; j++)
			m->X[i * 3 + j] = rows[i][j];
	m->split[4] = LL_SPLIT_TEST;
}

static void test_means(void)
{
	struct ll_featmat m;
	struct ll_err err;
	struct ll_imputer imp;
	CHECK_INT(ll_featmat_alloc(&m, 5, 1, 3, 1, &err), LL_OK);
	fill(&m);
	CHECK_INT(ll_imputer_fit_featmat(&imp, &m, &err), LL_OK);
	CHECK_INT(imp.d, 3);
	CHECK_NEAR(imp.fill[0], 3, 0);
	CHECK_NEAR(imp.fill[1], 0, 0);
	CHECK_NEAR(imp.fill[2], 5, 0);
	size_t filled = 99;
	CHECK_INT(ll_imputer_apply_featmat(&imp, &m, &filled, &err), LL_OK);
	CHECK_INT(filled, 6); /* one in feature 0, four in 1, the test row's in 2 */
	CHECK_NEAR(m.X[1 * 3 + 0], 3, 0);
	CHECK_NEAR(m.X[0 * 3 + 1], 0, 0);
	CHECK_NEAR(m.X[4 * 3 + 1], 9, 0); /* a value is never replaced */
	CHECK_NEAR(m.X[4 * 3 + 2], 5, 0);
	CHECK_NEAR(m.X[4 * 3 + 0], 100, 0);
	for (size_t k = 0; k < 15; k++)
		CHECK(!isnan(m.X[k]));
	/* nothing left to fill */
	CHECK_INT(ll_imputer_apply_featmat(&imp, &m, &filled, &err), LL_OK);
	CHECK_INT(filled, 0);
	ll_imputer_free(&imp);

	/* without a split every sample is training: the test row counts */
	fill(&m);
	free(m.split);
	m.split = NULL;
	CHECK_INT(ll_imputer_fit_featmat(&imp, &m, &err), LL_OK);
	CHECK_NEAR(imp.fill[0], (1 + 3 + 5 + 100) / 4.0, 1e-12);
	CHECK_NEAR(imp.fill[1], 9, 0);
	ll_imputer_free(&imp);

	/* fitted on 3 features, applied to 2 */
	CHECK_INT(ll_imputer_fit_featmat(&imp, &m, &err), LL_OK);
	m.d = 2;
	CHECK_INT(ll_imputer_apply_featmat(&imp, &m, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "3 features") != NULL);
	m.d = 3;
	ll_imputer_free(&imp);
	ll_featmat_free(&m);
}

/* Sequences: two samples of two steps; the second is a test sample. */
static void test_steps(void)
{
	struct ll_featmat m;
	struct ll_err err;
	struct ll_imputer imp;
	CHECK_INT(ll_featmat_alloc(&m, 2, 2, 1, 1, &err), LL_OK);
	m.X[0] = 2;
	m.X[1] = NAN;
	m.X[2] = 50;
	m.X[3] = NAN;
	m.split[0] = LL_SPLIT_TRAIN;
	m.split[1] = LL_SPLIT_TEST;
	CHECK_INT(ll_imputer_fit_featmat(&imp, &m, &err), LL_OK);
	CHECK_NEAR(imp.fill[0], 2, 0);
	size_t filled = 0;
	CHECK_INT(ll_imputer_apply_featmat(&imp, &m, &filled, &err), LL_OK);
	CHECK_INT(filled, 2);
	CHECK_NEAR(m.X[1], 2, 0);
	CHECK_NEAR(m.X[3], 2, 0);
	ll_imputer_free(&imp);
	ll_featmat_free(&m);
}

static void test_sparse(void)
{
	struct ll_featmat m;
	struct ll_err err;
	struct ll_imputer imp = {0};
	memset(&m, 0, sizeof m);
	m.n = 1;
	m.d = 4;
	CHECK_INT(ll_imputer_fit_featmat(&imp, &m, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "sparse") != NULL);
	CHECK(imp.fill == NULL);
	CHECK_INT(ll_imputer_apply_featmat(&imp, &m, NULL, &err), LL_EUSAGE);
}

static void test_text(void)
{
	struct ll_imputer a = {0}, b;
	struct ll_err err;
	a.d = 3;
	a.fill = malloc(3 * sizeof *a.fill);
	a.fill[0] = 0.1;
	a.fill[1] = -1e300;
	a.fill[2] = 1.0 / 3;
	char *text = NULL;
	CHECK_INT(ll_imputer_format(&a, &text, &err), LL_OK);
	CHECK(strncmp(text, "loglab-imputer 1\nfeatures 3\n0 ", 29) == 0);
	CHECK_INT(ll_imputer_parse(&b, text, &err), LL_OK);
	CHECK_INT(b.d, 3);
	for (size_t j = 0; j < 3; j++)
		CHECK(memcmp(&a.fill[j], &b.fill[j], sizeof(double)) == 0);
	ll_imputer_free(&b);
	free(text);

	/* CRLF line ends read as well */
	CHECK_INT(ll_imputer_parse(&b, "loglab-imputer 1\r\nfeatures 1\r\n0 2.5\r\n", &err), LL_OK);
	CHECK_NEAR(b.fill[0], 2.5, 0);
	ll_imputer_free(&b);
	/* none at all */
	CHECK_INT(ll_imputer_parse(&b, "loglab-imputer 1\nfeatures 0\n", &err), LL_OK);
	CHECK_INT(b.d, 0);
	ll_imputer_free(&b);

	static const struct {
		const char *text, *msg;
	} bad[] = {
		{"", "line 1"},
		{"loglab-scaler 1\nkind zscore\n", "line 1"},
		{"loglab-imputer 1\n", "line 2"},
		{"loglab-imputer 1\nfeatures x\n", "line 2"},
		{"loglab-imputer 1\nfeatures 2 3\n", "line 2"},
		{"loglab-imputer 1\nfeatures 999999999999\n", "line 2"},
		{"loglab-imputer 1\nfeatures 2\n0 1\n", "line 4: missing feature 1"},
		{"loglab-imputer 1\nfeatures 2\n0 1\n2 1\n", "line 4"},
		{"loglab-imputer 1\nfeatures 1\n0 nan\n", "line 3"},
		{"loglab-imputer 1\nfeatures 1\n0 inf\n", "line 3"},
		{"loglab-imputer 1\nfeatures 1\n0 1 2\n", "line 3"},
		{"loglab-imputer 1\nfeatures 1\n0 1\n1 2\n", "line 4: more features"},
		/* a damaged count far above the lines there: refused at the
		 * first missing line, with no room reserved for the count */
		{"loglab-imputer 1\nfeatures 268435456\n0 1\n", "line 4: missing feature 1"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int rc = ll_imputer_parse(&b, bad[i].text, &err);
		CHECK_INT(rc, LL_EDATA);
		if (rc == LL_EDATA && !strstr(err.msg, bad[i].msg))
			CHECK_STR(err.msg, bad[i].msg);
		CHECK(b.fill == NULL);
	}
	/* a line longer than any the format writes */
	char *longl = malloc(400);
	memcpy(longl, "loglab-imputer 1\nfeatures 1\n0 ", 30);
	memset(longl + 30, '1', 360);
	longl[390] = '\0';
	CHECK_INT(ll_imputer_parse(&b, longl, &err), LL_EDATA);
	free(longl);
	ll_imputer_free(&a);
}

int main(void)
{
	test_means();
	test_steps();
	test_sparse();
	test_text();
	TEST_MAIN_END();
}
