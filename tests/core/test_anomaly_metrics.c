/*
 * tests/core/test_anomaly_metrics.c - point-wise and point-adjusted F1,
 * best-F1 search and HitRate@P% on hand-worked series, and their errors.
 * test_metrics_sklearn.sh checks the same functions on SMD machine-1-6
 * against sklearn and a direct Python transcription of the protocol.
 *
 * Series (10 steps):   step   0  1  2  3  4  5  6  7  8  9
 *                      label  0  1  1  1  0  0  1  1  0  1
 *                      pred   0  0  1  0  1  0  0  0  0  1
 *                      score .1 .2 .9 .3 .5 .0 .4 .6 .2 .7
 * Segments 1-3, 6-7, 9. Point-wise: tp 2 (steps 2, 9), fp 1 (4), fn 4,
 * tn 3: P 2/3, R 1/3, F1 4/9. Adjusted: segments 1-3 and 9 are hit, 6-7 is
 * not: tp 4, fp 1, fn 2, tn 3: P 4/5, R 2/3, F1 8/11.
 * Best point-wise F1 over the scores: at .2 every anomaly is caught with
 * two false alarms (.5 and .2): P 6/8, R 1, F1 6/7 (the sweep, step by
 * step: .9 2/7, .7 1/2, .6 2/3, .5 .6, .4 8/11, .3 5/6, .2 6/7, .1 .8,
 * 0 .75). Best adjusted F1: segment maxima .9, .6, .7 all exceed every
 * normal score (.5 at most), so threshold .6 gives F1 1.
 */
#include "harness.h"
#include "ll_anomaly_metrics.h"

static const int lab[] = {0, 1, 1, 1, 0, 0, 1, 1, 0, 1};
static const int pred[] = {0, 0, 1, 0, 1, 0, 0, 0, 0, 1};
static const double score[] = {.1, .2, .9, .3, .5, .0, .4, .6, .2, .7};

static void test_f1(void)
{
	struct ll_err err;
	struct ll_prf p;
	CHECK_INT(ll_anomaly_pointwise(lab, pred, 10, &p, &err), LL_OK);
	CHECK(p.tp == 2 && p.fp == 1 && p.fn == 4 && p.tn == 3);
	CHECK_NEAR(p.precision, 2.0 / 3, 1e-15);
	CHECK_NEAR(p.recall, 1.0 / 3, 1e-15);
	CHECK_NEAR(p.f1, 4.0 / 9, 1e-15);

	int adj[10];
	CHECK_INT(ll_anomaly_point_adjust(lab, pred, 10, adj, &p, &err), LL_OK);
	CHECK(p.tp == 4 && p.fp == 1 && p.fn == 2 && p.tn == 3);
	CHECK_NEAR(p.f1, 8.0 / 11, 1e-15);
	const int want[] = {0, 1, 1, 1, 1, 0, 0, 0, 0, 1};
	for (int i = 0; i < 10; i++)
		CHECK_INT(adj[i], want[i]);
	/* in place, and a segment starting at step 0 is adjusted from step 0 */
	int y0[] = {1, 1, 0, 0}, p0[] = {0, 1, 0, 0};
	CHECK_INT(ll_anomaly_point_adjust(y0, p0, 4, p0, &p, &err), LL_OK);
	CHECK(p0[0] == 1 && p0[1] == 1 && p0[2] == 0);
	CHECK_NEAR(p.f1, 1, 0);
	/* nothing predicted: all zeros, not NaN */
	const int none[10] = {0};
	CHECK_INT(ll_anomaly_point_adjust(lab, none, 10, NULL, &p, &err), LL_OK);
	CHECK(p.f1 == 0 && p.precision == 0 && p.fn == 6);

	const int bad[] = {0, 2};
	CHECK_INT(ll_anomaly_pointwise(bad, pred, 2, &p, &err), LL_EDATA);
	CHECK(strstr(err.msg, "step 1 has label 2") != NULL);
	CHECK_INT(ll_anomaly_point_adjust(lab, bad, 2, NULL, &p, &err), LL_EDATA);
	CHECK(strstr(err.msg, "prediction") != NULL);
	CHECK_INT(ll_anomaly_pointwise(lab, pred, 0, &p, &err), LL_EDATA);
}

static void test_best_f1(void)
{
	struct ll_err err;
	struct ll_best_f1 b;
	CHECK_INT(ll_anomaly_best_f1(lab, score, 10, 0, &b, &err), LL_OK);
	CHECK_NEAR(b.threshold, .2, 0);
	CHECK_NEAR(b.prf.f1, 6.0 / 7, 1e-15);
	CHECK(b.prf.tp == 6 && b.prf.fp == 2 && b.prf.fn == 0 && b.prf.tn == 2);
	CHECK_INT(ll_anomaly_best_f1(lab, score, 10, 1, &b, &err), LL_OK);
	CHECK_NEAR(b.threshold, .6, 0);
	CHECK_NEAR(b.prf.f1, 1, 0);
	CHECK(b.prf.tp == 6 && b.prf.fp == 0 && b.prf.tn == 4);
	/* the best threshold reproduces its F1 through the other functions */
	int p[10];
	struct ll_prf q;
	for (int i = 0; i < 10; i++)
		p[i] = score[i] >= b.threshold;
	ll_anomaly_point_adjust(lab, p, 10, NULL, &q, &err);
	CHECK_NEAR(q.f1, b.prf.f1, 0);

	/* all scores equal: the only threshold flags everything */
	const double flat[10] = {0};
	CHECK_INT(ll_anomaly_best_f1(lab, flat, 10, 0, &b, &err), LL_OK);
	CHECK_NEAR(b.prf.precision, 0.6, 1e-15);
	CHECK_NEAR(b.prf.recall, 1, 0);
	const int normal[10] = {0};
	CHECK_INT(ll_anomaly_best_f1(normal, score, 10, 1, &b, &err), LL_EDATA);
	CHECK(strstr(err.msg, "no anomalous step") != NULL);
	CHECK(isnan(b.threshold));
	const double nans[] = {.1, NAN};
	CHECK_INT(ll_anomaly_best_f1(lab, nans, 2, 0, &b, &err), LL_EDATA);
	CHECK(strstr(err.msg, "step 1") != NULL);
	CHECK_INT(ll_anomaly_best_f1(lab, score, 0, 0, &b, &err), LL_EDATA);
}

/*
 * HitRate: d = 4, segment A rows 1-2 with root causes {1, 3}, segment B row
 * 4 with {2, 3, 4}, segment C row 5 without dims (skipped).
 *   row 1: .9 .1 .2 .8     row 2: .1 .2 .7 .3     row 4: .5 .6 .1 .4
 * Detected steps 1, 2, 4. A's maxima .9 .2 .7 .8 rank dims 1 4 3 2; B's
 * .5 .6 .1 .4 rank 2 1 4 3. P = 100: A keeps 2 dims {1,4}: 1/2; B keeps 3
 * {2,1,4}: 2/3; mean 7/12. P = 150: A keeps floor(3) {1,4,3}: 1; B keeps
 * floor(4.5) = all: 1. Weighted by detected steps (A 2, B 1) at P = 100:
 * (2 * 1/2 + 2/3) / 3 = 5/9. With only step 2 detected in A, its ranking
 * is 3 4 2 1, so at P = 150 A scores 1/2.
 */
static void test_hitrate(void)
{
	struct ll_err err;
	float S[6 * 4] = {0};
	const float r1[] = {.9f, .1f, .2f, .8f}, r2[] = {.1f, .2f, .7f, .3f}, r4[] = {.5f, .6f, .1f, .4f};
	memcpy(S + 4, r1, sizeof r1);
	memcpy(S + 8, r2, sizeof r2);
	memcpy(S + 16, r4, sizeof r4);
	int ga[] = {1, 3}, gb[] = {2, 3, 4};
	struct ll_segment seg[3] = {{1, 2, 2, ga, NULL}, {4, 4, 3, gb, NULL}, {5, 5, 0, NULL, NULL}};
	const int yp[] = {0, 1, 1, 0, 1, 0};
	double v;
	size_t used;
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, seg, 3, yp, 100, 0, &v, &used, &err), LL_OK);
	CHECK_NEAR(v, 7.0 / 12, 1e-15);
	CHECK_INT(used, 2);
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, seg, 3, yp, 150, 0, &v, &used, &err), LL_OK);
	CHECK_NEAR(v, 1, 0);
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, seg, 3, yp, 100, LL_HITRATE_PER_STEP, &v, NULL, &err), LL_OK);
	CHECK_NEAR(v, 5.0 / 9, 1e-15);
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, seg, 3, NULL, 100, 0, &v, &used, &err), LL_OK);
	CHECK_NEAR(v, 7.0 / 12, 1e-15);
	const int only2[] = {0, 0, 1, 0, 1, 0};
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, seg, 3, only2, 150, 0, &v, &used, &err), LL_OK);
	CHECK_NEAR(v, (0.5 + 1) / 2, 1e-15);
	/* nothing detected: no segment scored, NaN, not an error */
	const int none[6] = {0};
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, seg, 3, none, 100, 0, &v, &used, &err), LL_OK);
	CHECK(isnan(v));
	CHECK_INT(used, 0);
	/* ties rank the lower dimension first: row 0 is all zeros, truth {2} */
	int g2[] = {2};
	struct ll_segment tie = {0, 0, 1, g2, NULL};
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, &tie, 1, NULL, 100, 0, &v, &used, &err), LL_OK);
	CHECK_NEAR(v, 0, 0);
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, &tie, 1, NULL, 200, 0, &v, &used, &err), LL_OK);
	CHECK_NEAR(v, 1, 0);

	/* errors */
	struct ll_segment out = {4, 6, 2, ga, NULL};
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, &out, 1, NULL, 100, 0, &v, &used, &err), LL_EDATA);
	CHECK(strstr(err.msg, "rows 4-6") != NULL);
	int g5[] = {5}, g0[] = {0};
	struct ll_segment d5 = {1, 1, 1, g5, NULL}, d0 = {1, 1, 1, g0, NULL};
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, &d5, 1, NULL, 100, 0, &v, &used, &err), LL_EDATA);
	CHECK(strstr(err.msg, "dimension 5 outside 1..4") != NULL);
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, &d0, 1, NULL, 100, 0, &v, &used, &err), LL_EDATA);
	S[4 * 4 + 2] = NAN;
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, seg, 3, yp, 100, 0, &v, &used, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 4, dimension 3") != NULL);
	CHECK_INT(ll_anomaly_hitrate(S, 6, 4, seg, 3, yp, 0, 0, &v, &used, &err), LL_EUSAGE);
}

int main(void)
{
	test_f1();
	test_best_f1();
	test_hitrate();
	TEST_MAIN_END();
}
