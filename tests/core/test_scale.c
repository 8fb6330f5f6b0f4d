/*
 * tests/core/test_scale.c - the scalers on hand-worked data (fitted on the
 * training rows only), constant and missing features, sequence featmats,
 * the text form: round trip and malformed input, and the row-wise fits
 * against a pass per column, bit for bit. The comparison with
 * scikit-learn on real data is test_features_sklearn.sh.
 *
 * Feature 0 of the training rows is 1, 2, 3, 4 (the test row holds 100):
 * mean 2.5, population std sqrt(1.25); min 1, range 3; median 2.5 and, with
 * numpy's linear quantiles at positions 0.75 and 2.25, q25 = 1.75 and
 * q75 = 3.25, so IQR 1.5. Feature 1 is constant (7) and feature 2 has a
 * missing value.
 */
#include "harness.h"
#include "ll_scale.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void fill(struct ll_featmat *m)
{
	float rows[5][3] = {{1, 7, 2}, {2, 7, NAN}, {3, 7, 4}, {4, 7, 6}, {100, 7, 8}};
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 3; j++)
			m->X[i * 3 + j] = rows[i][j];
	m->split[4] = LL_SPLIT_TEST;
}

static void test_kinds(void)
{
	struct ll_featmat m;
	struct ll_err err;
	struct ll_scaler s;
	CHECK_INT(ll_featmat_alloc(&m, 5, 1, 3, 1, &err), LL_OK);

	fill(&m);
	CHECK_INT(ll_scaler_fit_featmat(&s, LL_SCALE_ZSCORE, &m, &err), LL_OK);
	CHECK_NEAR(s.center[0], 2.5, 1e-15);
	CHECK_NEAR(s.scale[0], sqrt(1.25), 1e-15);
	CHECK_NEAR(s.center[1], 7, 0);
	CHECK_NEAR(s.scale[1], 1, 0); /* constant: centred, not divided by 0 */
	CHECK_NEAR(s.center[2], 4, 1e-15); /* NaN ignored: 2, 4, 6 */
	CHECK_NEAR(s.scale[2], sqrt(8.0 / 3), 1e-15);
	CHECK_INT(ll_scaler_apply_featmat(&s, &m, &err), LL_OK);
	CHECK_NEAR(m.X[0], -1.5 / sqrt(1.25), 1e-6);
	CHECK_NEAR(m.X[12], 97.5 / sqrt(1.25), 1e-4); /* the test row uses the training fit */
	CHECK_NEAR(m.X[1], 0, 0);
	CHECK(isnan(m.X[5]));
	ll_scaler_free(&s);

	fill(&m);
	CHECK_INT(ll_scaler_fit_featmat(&s, LL_SCALE_MINMAX, &m, &err), LL_OK);
	CHECK_NEAR(s.center[0], 1, 0);
	CHECK_NEAR(s.scale[0], 3, 0);
	ll_scaler_apply_featmat(&s, &m, &err);
	CHECK_NEAR(m.X[9], 1, 1e-7);
	CHECK_NEAR(m.X[12], 33, 1e-5);
	ll_scaler_free(&s);

	fill(&m);
	CHECK_INT(ll_scaler_fit_featmat(&s, LL_SCALE_ROBUST, &m, &err), LL_OK);
	CHECK_NEAR(s.center[0], 2.5, 1e-15);
	CHECK_NEAR(s.scale[0], 1.5, 1e-15);
	CHECK_NEAR(s.center[2], 4, 1e-15);
	CHECK_NEAR(s.scale[2], 2, 1e-15); /* 2, 4, 6: q25 3, q75 5 */
	ll_scaler_free(&s);

	/* no training rows */
	memset(m.split, LL_SPLIT_TEST, 5);
	CHECK_INT(ll_scaler_fit_featmat(&s, LL_SCALE_ZSCORE, &m, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "no training rows") != NULL);
	ll_featmat_free(&m);

	/* sequences: every step is a row; sample 1 (test) is left out */
	CHECK_INT(ll_featmat_alloc(&m, 2, 2, 1, 1, &err), LL_OK);
	m.X[0] = 1;
	m.X[1] = 3;
	m.X[2] = 50;
	m.X[3] = 60;
	m.split[1] = LL_SPLIT_TEST;
	CHECK_INT(ll_scaler_fit_featmat(&s, LL_SCALE_ZSCORE, &m, &err), LL_OK);
	CHECK_NEAR(s.center[0], 2, 0);
	CHECK_NEAR(s.scale[0], 1, 0);
	ll_scaler_apply_featmat(&s, &m, &err);
	CHECK_NEAR(m.X[3], 58, 1e-5);
	m.d = 2; /* shape mismatch is refused */
	CHECK_INT(ll_scaler_apply_featmat(&s, &m, &err), LL_EUSAGE);
	m.d = 1;
	ll_scaler_free(&s);
	ll_featmat_free(&m);
}

static void test_text(void)
{
	float X[] = {0.1f, -3, 0.7f, 1e-3f, 123.456f, 9};
	struct ll_scaler s, r;
	struct ll_err err;
	CHECK_INT(ll_scaler_fit(&s, LL_SCALE_ROBUST, X, 3, 2, NULL, &err), LL_OK);
	char *txt;
	CHECK_INT(ll_scaler_format(&s, &txt, &err), LL_OK);
	CHECK(strncmp(txt, "loglab-scaler 1\nkind robust\nfeatures 2\n0 ", 40) == 0);
	CHECK_INT(ll_scaler_parse(&r, txt, &err), LL_OK);
	CHECK_INT(r.kind, LL_SCALE_ROBUST);
	CHECK_INT(r.d, 2);
	for (size_t j = 0; j < 2; j++) {
		CHECK(r.center[j] == s.center[j]); /* %.17g round-trips exactly */
		CHECK(r.scale[j] == s.scale[j]);
	}
	free(txt);
	ll_scaler_free(&r);
	ll_scaler_free(&s);

	const char *bad[] = {
		"",
		"loglab-scaler 2\nkind zscore\nfeatures 0\n",
		"loglab-scaler 1\nkind median\nfeatures 0\n",
		"loglab-scaler 1\nkind zscore\nfeatures x\n",
		"loglab-scaler 1\nkind zscore\nfeatures 2\n0 1 2\n",
		"loglab-scaler 1\nkind zscore\nfeatures 1\n0 1 0\n",
		"loglab-scaler 1\nkind zscore\nfeatures 1\n1 1 2\n",
		"loglab-scaler 1\nkind zscore\nfeatures 1\n0 nan 2\n",
		"loglab-scaler 1\nkind zscore\nfeatures 1\n0 1 2 3\n",
		"loglab-scaler 1\nkind zscore\nfeatures 1\n0 1 2\nextra\n",
		"loglab-scaler 1\nkind zscore\nfeatures 99999999999\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		CHECK_INT(ll_scaler_parse(&r, bad[i], &err), LL_EDATA);
		CHECK(r.center == NULL && r.scale == NULL);
	}
	CHECK_INT(ll_scaler_parse(&r, bad[4], &err), LL_EDATA);
	CHECK_STR(err.msg, "scaler line 5: missing feature 1 of 2");
	/* a damaged count is refused before memory is taken for it (4 GiB) */
	CHECK_INT(ll_scaler_parse(&r, "loglab-scaler 1\nkind zscore\nfeatures 268435456\n0 1 2\n", &err), LL_EDATA);
	CHECK_STR(err.msg, "scaler line 5: missing feature 1 of 268435456");
	/* CRLF and a trailing blank line are fine */
	CHECK_INT(ll_scaler_parse(&r, "loglab-scaler 1\r\nkind minmax\r\nfeatures 1\r\n0 -2 4\r\n\r\n", &err), LL_OK);
	float v[] = {2};
	ll_scaler_apply(&r, v, 1);
	CHECK_NEAR(v[0], 1, 0);
	ll_scaler_free(&r);
	enum ll_scale_kind k;
	CHECK_INT(ll_scale_kind_parse("standard", &k, &err), LL_OK);
	CHECK_INT(k, LL_SCALE_ZSCORE);
	CHECK_INT(ll_scale_kind_parse("l2", &k, &err), LL_EUSAGE);
}

/* The z-score and min-max fits against a pass per column in double (the
 * textbook two-pass mean and deviation), bit for bit: rows of many scales,
 * NaNs, an empty column, a constant one, rows left out, and steps > 1. */
static void test_fit_by_rows(void)
{
	enum { N = 3001, D = 7, STEPS = 3 };
	float *X = malloc(sizeof(float) * N * D);
	unsigned char use[N / STEPS + 1];
	unsigned s = 12345;
	for (size_t i = 0; i < N * D; i++) {
		s = s * 1103515245u + 12345u;
		double u = (double)(s >> 8) / 16777216.0;
		size_t j = i % D;
		X[i] = j == 3 ? NAN : j == 4 ? 2.5f : (float)((u - 0.3) * pow(10.0, (double)j * 3 - 6));
		if (j == 5 && (s >> 3) % 7 == 0)
			X[i] = NAN;
	}
	for (size_t i = 0; i < N / STEPS + 1; i++)
		use[i] = i % 5 != 2;
	for (int kind = LL_SCALE_ZSCORE; kind <= LL_SCALE_MINMAX; kind++)
		for (int with_use = 0; with_use < 2; with_use++) {
			struct ll_scaler sc;
			struct ll_err err;
			struct ll_featmat m;
			memset(&m, 0, sizeof m);
			m.X = X;
			m.n = N / STEPS;
			m.steps = STEPS;
			m.d = D;
			unsigned char *split = calloc(m.n, 1);
			for (size_t i = 0; i < m.n; i++)
				split[i] = use[i] || !with_use ? LL_SPLIT_TRAIN : LL_SPLIT_TEST;
			m.split = split;
			CHECK_INT(ll_scaler_fit_featmat(&sc, (enum ll_scale_kind)kind, &m, &err), LL_OK);
			size_t rows = m.n * STEPS;
			for (size_t j = 0; j < D; j++) {
				double sum = 0, lo = 0, hi = 0;
				size_t cnt = 0;
				for (size_t r = 0; r < rows; r++) {
					double v = X[r * D + j];
					if ((with_use && !use[r / STEPS]) || isnan(v))
						continue;
					if (cnt++ == 0 || v < lo)
						lo = v;
					if (cnt == 1 || v > hi)
						hi = v;
					sum += v;
				}
				double c = 0, scale = 1;
				if (cnt && kind == LL_SCALE_ZSCORE) {
					c = sum / (double)cnt;
					double ss = 0;
					for (size_t r = 0; r < rows; r++) {
						double v = X[r * D + j];
						if (!(with_use && !use[r / STEPS]) && !isnan(v))
							ss += (v - c) * (v - c);
					}
					scale = sqrt(ss / (double)cnt);
				} else if (cnt) {
					c = lo;
					scale = hi - lo;
				}
				if (scale < 10 * DBL_EPSILON)
					scale = 1;
				CHECK(memcmp(&sc.center[j], &c, sizeof c) == 0);
				CHECK(memcmp(&sc.scale[j], &scale, sizeof scale) == 0);
			}
			CHECK(sc.center[3] == 0 && sc.scale[3] == 1); /* no value: left as it is */
			CHECK(sc.scale[4] == 1);                       /* constant: scale 1 */
			ll_scaler_free(&sc);
			free(split);
		}
	free(X);
}

int main(void)
{
	test_kinds();
	test_fit_by_rows();
	test_text();
	TEST_MAIN_END();
}
