/*
 * tests/core/test_curves.c - threshold sweeps, ROC / PR curves, AUROC and
 * average precision on hand-worked cases, and their edge cases. The
 * agreement with scikit-learn on larger and real data is
 * test_metrics_sklearn.sh.
 *
 * Main case (scikit-learn's documentation example): y = 0 0 1 1, scores
 * 0.1 0.4 0.35 0.8. Sorted: 0.8 (+), 0.4 (-), 0.35 (+), 0.1 (-), so the
 * cumulative (tp, fp) are (1,0) (1,1) (2,1) (2,2): ROC (0,0) (0,.5) (.5,.5)
 * (.5,1) (1,1), no point collinear, AUROC 0.75; precision 1, 1/2, 2/3, 1/2
 * and recall 1/2, 1/2, 1, 1, so AP = 1/2 * 1 + 1/2 * 2/3 = 5/6.
 */
#include <stdint.h>

#include "harness.h"
#include "ll_curves.h"
#include "ll_metrics.h"

static void test_doc_example(void)
{
	struct ll_err err;
	struct ll_thresh *t;
	const int y[] = {0, 0, 1, 1};
	const double s[] = {0.1, 0.4, 0.35, 0.8};
	CHECK_INT(ll_thresh_new(y, 1, s, 1, 4, &t, &err), LL_OK);
	CHECK_INT(t->m, 4);
	CHECK_INT(t->npos, 2);
	CHECK_INT(ll_thresh_curve_cap(t), 5);

	double fpr[5], tpr[5], thr[5], auc, ap;
	size_t np;
	CHECK_INT(ll_roc_curve(t, 1, fpr, tpr, thr, &np, &err), LL_OK);
	CHECK_INT(np, 5);
	const double wf[] = {0, 0, 0.5, 0.5, 1}, wt[] = {0, 0.5, 0.5, 1, 1}, wth[] = {1.8, 0.8, 0.4, 0.35, 0.1};
	for (int i = 0; i < 5; i++) {
		CHECK_NEAR(fpr[i], wf[i], 0);
		CHECK_NEAR(tpr[i], wt[i], 0);
		CHECK_NEAR(thr[i], wth[i], 1e-15);
	}
	CHECK_INT(ll_auroc(t, &auc, &err), LL_OK);
	CHECK_NEAR(auc, 0.75, 1e-15);

	double prec[5], rec[5], pthr[4];
	CHECK_INT(ll_pr_curve(t, prec, rec, pthr, &np, &err), LL_OK);
	CHECK_INT(np, 5);
	const double wp[] = {0.5, 2.0 / 3, 0.5, 1, 1}, wr[] = {1, 1, 0.5, 0.5, 0}, wpt[] = {0.1, 0.35, 0.4, 0.8};
	for (int i = 0; i < 5; i++) {
		CHECK_NEAR(prec[i], wp[i], 1e-15);
		CHECK_NEAR(rec[i], wr[i], 0);
	}
	for (int i = 0; i < 4; i++)
		CHECK_NEAR(pthr[i], wpt[i], 0);
	CHECK_INT(ll_average_precision(t, &ap, &err), LL_OK);
	CHECK_NEAR(ap, 5.0 / 6, 1e-15);

	/* the live cursor: predicted positive when score >= threshold */
	struct ll_bincm cm;
	CHECK_INT(ll_thresh_rank(t, 0.4), 2);
	CHECK_INT(ll_thresh_rank(t, 0.41), 1);
	CHECK_INT(ll_thresh_rank(t, 9), 0);
	CHECK_INT(ll_thresh_rank(t, -9), 4);
	ll_thresh_at(t, 0.4, &cm);
	CHECK(cm.tp == 1 && cm.fp == 1 && cm.fn == 1 && cm.tn == 1);
	ll_thresh_at(t, 0.3, &cm);
	CHECK(cm.tp == 2 && cm.fp == 1 && cm.fn == 0 && cm.tn == 1);
	ll_thresh_at(t, 2, &cm);
	CHECK(cm.tp == 0 && cm.fp == 0 && cm.fn == 2 && cm.tn == 2);
	ll_thresh_at_rank(t, 99, &cm);
	CHECK(cm.tp == 2 && cm.fp == 2);
	/* the 2 x 2 matrix feeds the report: at 0.3, class 1 p 2/3 r 1 */
	size_t m4[4];
	struct ll_class_stats cls[2];
	struct ll_report rep;
	ll_thresh_at(t, 0.3, &cm);
	ll_bincm_matrix(&cm, m4);
	CHECK(m4[0] == 1 && m4[1] == 1 && m4[2] == 0 && m4[3] == 2);
	CHECK_INT(ll_report_compute(m4, 2, 0, cls, &rep, &err), LL_OK);
	CHECK_NEAR(cls[1].precision, 2.0 / 3, 1e-15);
	CHECK_NEAR(rep.accuracy, 0.75, 0);
	ll_thresh_free(t);

	/* float scores (widened) and a strided column give the same curve */
	const float sf[] = {0.1f, 0.4f, 0.35f, 0.8f};
	CHECK_INT(ll_thresh_new_f(y, 1, sf, 1, 4, &t, &err), LL_OK);
	CHECK_INT(ll_auroc(t, &auc, &err), LL_OK);
	CHECK_NEAR(auc, 0.75, 0);
	ll_thresh_free(t);
	const double s2[] = {9, 0.1, 9, 0.4, 9, 0.35, 9, 0.8};
	CHECK_INT(ll_thresh_new(y, 1, s2 + 1, 2, 4, &t, &err), LL_OK);
	CHECK_INT(ll_average_precision(t, &ap, &err), LL_OK);
	CHECK_NEAR(ap, 5.0 / 6, 1e-15);
	ll_thresh_free(t);
}

/* y = 1 1 1 0 0 0, scores 6..1: fps 0 0 0 1 2 3, tps 1 2 3 3 3 3. Second
 * differences vanish at i = 1, 3, 4, so drop_intermediate keeps the scores
 * 6, 4 and 1: ROC (0,0) (0,1/3) (0,1) (1,1) with thresholds 7 6 4 1. */
static void test_drop_intermediate(void)
{
	struct ll_err err;
	struct ll_thresh *t;
	const int y[] = {1, 1, 1, 0, 0, 0};
	const double s[] = {6, 5, 4, 3, 2, 1};
	double fpr[7], tpr[7], thr[7], auc;
	size_t np;
	CHECK_INT(ll_thresh_new(y, 1, s, 1, 6, &t, &err), LL_OK);
	CHECK_INT(ll_roc_curve(t, 1, fpr, tpr, thr, &np, &err), LL_OK);
	CHECK_INT(np, 4);
	CHECK(thr[0] == 7 && thr[1] == 6 && thr[2] == 4 && thr[3] == 1);
	CHECK(fpr[2] == 0 && tpr[2] == 1 && fpr[3] == 1);
	CHECK_NEAR(tpr[1], 1.0 / 3, 1e-15);
	CHECK_INT(ll_roc_curve(t, 0, fpr, tpr, thr, &np, &err), LL_OK);
	CHECK_INT(np, 7);
	CHECK_INT(ll_auroc(t, &auc, &err), LL_OK);
	CHECK_NEAR(auc, 1, 0);
	ll_thresh_free(t);
}

/* Ties: y = 1 0 1 0 with scores 0.5 0.5 0.5 0.2 -> two thresholds,
 * (tp, fp) = (2, 1) then (2, 2): ROC (0,0) (.5,1) (1,1), AUROC 0.75;
 * AP = 1 * 2/3. All scores equal: one threshold, AUROC 0.5, AP = 1/2. */
static void test_ties(void)
{
	struct ll_err err;
	struct ll_thresh *t;
	double auc, ap;
	const int y[] = {1, 0, 1, 0};
	const double s[] = {0.5, 0.5, 0.5, 0.2};
	CHECK_INT(ll_thresh_new(y, 1, s, 1, 4, &t, &err), LL_OK);
	CHECK_INT(t->m, 2);
	CHECK_INT(ll_auroc(t, &auc, &err), LL_OK);
	CHECK_NEAR(auc, 0.75, 1e-15);
	CHECK_INT(ll_average_precision(t, &ap, &err), LL_OK);
	CHECK_NEAR(ap, 2.0 / 3, 1e-15);
	ll_thresh_free(t);

	const double same[] = {0.3, 0.3, 0.3, 0.3};
	double fpr[2], tpr[2], thr[2];
	size_t np;
	CHECK_INT(ll_thresh_new(y, 1, same, 1, 4, &t, &err), LL_OK);
	CHECK_INT(t->m, 1);
	CHECK_INT(ll_roc_curve(t, 1, fpr, tpr, thr, &np, &err), LL_OK);
	CHECK_INT(np, 2);
	CHECK(fpr[1] == 1 && tpr[1] == 1);
	CHECK_NEAR(thr[0], 1.3, 1e-15);
	CHECK_INT(ll_auroc(t, &auc, &err), LL_OK);
	CHECK_NEAR(auc, 0.5, 0);
	CHECK_INT(ll_average_precision(t, &ap, &err), LL_OK);
	CHECK_NEAR(ap, 0.5, 0);
	ll_thresh_free(t);
}

static void test_edges(void)
{
	struct ll_err err;
	struct ll_thresh *t;
	double v, fpr[4], tpr[4], thr[4], prec[4], rec[4];
	size_t np;
	const int y0[] = {0, 0, 0};
	const double s[] = {0.2, 0.9, 0.4};
	/* one class only: ROC undefined (LL_EDATA); PR as sklearn: recall 1,
	 * precision 0, AP 0 */
	CHECK_INT(ll_thresh_new(y0, 1, s, 1, 3, &t, &err), LL_OK);
	CHECK_INT(ll_auroc(t, &v, &err), LL_EDATA);
	CHECK(strstr(err.msg, "negative") != NULL);
	CHECK(isnan(v));
	CHECK_INT(ll_roc_curve(t, 1, fpr, tpr, thr, &np, &err), LL_EDATA);
	CHECK_INT(np, 0);
	CHECK_INT(ll_pr_curve(t, prec, rec, NULL, &np, &err), LL_OK);
	CHECK(rec[0] == 1 && prec[0] == 0 && prec[3] == 1 && rec[3] == 0);
	CHECK_INT(ll_average_precision(t, &v, &err), LL_OK);
	CHECK_NEAR(v, 0, 0);
	ll_thresh_free(t);

	const double bad[] = {0.2, NAN, 0.4};
	CHECK_INT(ll_thresh_new(y0, 1, bad, 1, 3, &t, &err), LL_EDATA);
	CHECK(t == NULL);
	CHECK(strstr(err.msg, "row 1") != NULL);
	const double inf[] = {INFINITY, 0, 0};
	CHECK_INT(ll_thresh_new(y0, 1, inf, 1, 3, &t, &err), LL_EDATA);
	CHECK_INT(ll_thresh_new(y0, 1, s, 1, 0, &t, &err), LL_EDATA);
	CHECK(strstr(err.msg, "no samples") != NULL);
	const int unl[] = {0, -1, 1};
	CHECK_INT(ll_thresh_new(unl, 1, s, 1, 3, &t, &err), LL_EDATA);
	CHECK(strstr(err.msg, "no label") != NULL);
}

/* One-vs-rest on 3 classes: rows 0,1 class 0, rows 2,3 class 1, rows 4,5
 * class 2; each class's column ranks its own rows first except class 2,
 * whose column puts row 0 (class 0) above row 5: its scores are
 * .7 (row 0, neg) .6 (row 4, pos) .5 (row 5, pos) and .1 for the rest, so
 * 6 of the 8 (pos, neg) pairs are ordered: AUROC(2) = 0.75, and
 * AP(2) = 1/2 * 1/2 + 1/2 * 2/3 = 7/12. */
static void test_ovr(void)
{
	struct ll_err err;
	const int y[] = {0, 0, 1, 1, 2, 2};
	const double p[] = {.2, .1, .7, /**/ .8, .1, .1, /**/ .1, .8, .1, /**/ .1, .8, .1,
			    /**/ .1, .3, .6, /**/ .2, .3, .5};
	double per[3], ap[3];
	struct ll_ovr avg, aavg;
	CHECK_INT(ll_auroc_ovr(y, p, NULL, 6, 3, per, &avg, &err), LL_OK);
	CHECK_NEAR(per[2], 0.75, 1e-15);
	CHECK_INT(ll_average_precision_ovr(y, p, NULL, 6, 3, ap, &aavg, &err), LL_OK);
	CHECK_NEAR(ap[2], 7.0 / 12, 1e-15);
	/* each per-class figure equals the binary one on the strided column */
	for (int c = 0; c < 3; c++) {
		struct ll_thresh *t;
		double a, b;
		CHECK_INT(ll_thresh_new(y, c, p + c, 3, 6, &t, &err), LL_OK);
		ll_auroc(t, &a, &err);
		ll_average_precision(t, &b, &err);
		CHECK_NEAR(per[c], a, 0);
		CHECK_NEAR(ap[c], b, 0);
		ll_thresh_free(t);
	}
	CHECK_NEAR(avg.macro, (per[0] + per[1] + per[2]) / 3, 1e-15);
	CHECK_NEAR(avg.weighted, avg.macro, 1e-15); /* equal supports */
	CHECK(avg.micro > 0.5 && avg.micro <= 1);
	float pf[18];
	for (int i = 0; i < 18; i++)
		pf[i] = (float)p[i];
	double perf[3];
	CHECK_INT(ll_auroc_ovr(y, NULL, pf, 6, 3, perf, NULL, &err), LL_OK);
	CHECK_NEAR(perf[2], 0.75, 1e-15);
	CHECK_INT(ll_auroc_ovr(y, p, pf, 6, 3, perf, NULL, &err), LL_EUSAGE);
	/* a class without rows: AUROC undefined, AP 0 as in sklearn 1.2 */
	const int y2[] = {0, 0, 1, 1, 1, 1};
	CHECK_INT(ll_auroc_ovr(y2, p, NULL, 6, 3, per, &avg, &err), LL_EDATA);
	CHECK(strstr(err.msg, "class 2") != NULL);
	CHECK_INT(ll_average_precision_ovr(y2, p, NULL, 6, 3, ap, NULL, &err), LL_OK);
	CHECK_NEAR(ap[2], 0, 0);
	const int y3[] = {0, 0, 1, 1, 2, 3};
	CHECK_INT(ll_auroc_ovr(y3, p, NULL, 6, 3, per, &avg, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 5") != NULL);
}

/* Many rows (the sort's radix path): scores with ties, negatives, both
 * zeros and a wide range; the thresholds must be the distinct scores in
 * descending order with the counts a brute-force pass gives. */
static void test_many_rows(void)
{
	enum { N = 5000 };
	static double s[N];
	static int y[N];
	uint64_t x = 12345;
	for (size_t i = 0; i < N; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int kind = (int)(x % 5);
		s[i] = kind == 0 ? (double)(x % 7) - 3.0                 /* ties, negatives, 0 */
		       : kind == 1 ? (x % 2 ? -0.0 : 0.0)               /* both zeros */
		       : kind == 2 ? (double)(x % 1000) * 1e-300        /* tiny */
		       : kind == 3 ? -(double)(x % 100000) * 1e200       /* huge negatives */
				   : (double)(x % 1000003) / 1000003.0;
		y[i] = (int)((x >> 11) % 2);
	}
	struct ll_thresh *t;
	struct ll_err err;
	CHECK_INT(ll_thresh_new(y, 1, s, 1, N, &t, &err), LL_OK);
	size_t bad = 0;
	for (size_t m = 0; m < t->m; m++) {
		if (m && !(t->score[m] < t->score[m - 1]))
			bad++;
		size_t tp = 0, fp = 0;
		for (size_t i = 0; i < N; i++)
			if (s[i] >= t->score[m])
				y[i] ? tp++ : fp++;
		bad += tp != t->tp[m] || fp != t->fp[m];
	}
	CHECK_INT(bad, 0);
	CHECK_INT(t->tp[t->m - 1] + t->fp[t->m - 1], N);
	ll_thresh_free(t);
}

int main(void)
{
	test_many_rows();
	test_doc_example();
	test_drop_intermediate();
	test_ties();
	test_edges();
	test_ovr();
	TEST_MAIN_END();
}
