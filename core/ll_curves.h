/*
 * ll_curves.h - threshold sweeps over binary scores: the confusion matrix
 * at any threshold (for a view's live cursor), ROC and precision-recall
 * curves, AUROC and average precision, and their one-vs-rest forms for
 * multiclass probabilities. Semantics are scikit-learn 1.2.1's.
 *
 * A struct ll_thresh is built once per (scores, positive class) in
 * O(n log n): the distinct scores sorted in descending order and, for each,
 * how many positives and negatives score at or above it. After that the
 * 2 x 2 matrix at any threshold is one binary search, O(log n), and each
 * curve is one O(n) pass.
 *
 * Convention (sklearn's): a row is predicted positive when
 * score >= threshold. Higher scores mean "more positive".
 *
 * Curves (caller-owned arrays; ll_thresh_curve_cap() gives their capacity):
 *  - ROC: fpr, tpr, thr as roc_curve(drop_intermediate=True): one point per
 *    distinct score, minus points collinear with their neighbours (second
 *    difference of both counts zero), plus a first point (0, 0) whose
 *    threshold is max score + 1 (sklearn 1.2; later releases use +inf).
 *    AUROC is the trapezoidal area under it.
 *  - PR: precision, recall (m + 1 values) and thr (m values) exactly as
 *    precision_recall_curve: increasing thresholds, the last point (1, 0)
 *    without threshold. Precision with nothing predicted is 0; with no
 *    positive rows, recall is 1 everywhere (sklearn's choice).
 *  - Average precision is sklearn's step sum: sum over thresholds of
 *    (R_t - R_{t-1}) * P_t, not the trapezoid.
 *
 * Errors: LL_EDATA for an empty input, a NaN or infinite score (naming the
 * row), a negative (missing) label, and for ROC / AUROC when the rows hold
 * only one class (the curve is undefined; sklearn raises for AUROC too).
 */
#ifndef LL_CURVES_H
#define LL_CURVES_H

#include <stddef.h>

#include "ll_err.h"

/* Binary confusion counts; as a 2 x 2 matrix with classes (negative,
 * positive): {{tn, fp}, {fn, tp}}. */
struct ll_bincm {
	size_t tp, fp, fn, tn;
};

struct ll_thresh {
	size_t n, npos, nneg; /* rows, positives, negatives */
	size_t m;             /* distinct scores */
	double *score;        /* m distinct scores, strictly descending */
	size_t *tp, *fp;      /* m: positives / negatives with score >= score[i] */
};

/* Sorts the rows by score. Row i is positive when y_true[i] == pos_class;
 * any other label >= 0 is negative. Scores are read at scores[i * stride]
 * (stride 1 for a vector; proba + c with stride k for column c of an n x k
 * matrix). *out is owned by the caller: ll_thresh_free. */
int ll_thresh_new(const int *y_true, int pos_class, const double *scores, size_t stride, size_t n,
		  struct ll_thresh **out, struct ll_err *err);
/* The same for float scores (model outputs); values are widened exactly. */
int ll_thresh_new_f(const int *y_true, int pos_class, const float *scores, size_t stride, size_t n,
		    struct ll_thresh **out, struct ll_err *err);
void ll_thresh_free(struct ll_thresh *t);

/* How many distinct scores are >= thr (0..m): the index after the last
 * distinct score that counts as positive. O(log m). */
size_t ll_thresh_rank(const struct ll_thresh *t, double thr);
/* The matrix when rows with score >= thr are predicted positive. O(log m). */
void ll_thresh_at(const struct ll_thresh *t, double thr, struct ll_bincm *cm);
/* The matrix when the first `rank` distinct scores are positive (rank 0:
 * nothing predicted positive; rank m: everything). O(1). */
void ll_thresh_at_rank(const struct ll_thresh *t, size_t rank, struct ll_bincm *cm);
/* The 2 x 2 matrix for ll_report_compute: {tn, fp, fn, tp}. */
void ll_bincm_matrix(const struct ll_bincm *cm, size_t out[4]);

/* Capacity every curve array needs: m + 1. */
size_t ll_thresh_curve_cap(const struct ll_thresh *t);

/* ROC curve into fpr, tpr, thr (each >= ll_thresh_curve_cap entries);
 * *npoints gets the number written. drop_intermediate 0 keeps every
 * distinct threshold. */
int ll_roc_curve(const struct ll_thresh *t, int drop_intermediate, double *fpr, double *tpr, double *thr,
		 size_t *npoints, struct ll_err *err);
int ll_auroc(const struct ll_thresh *t, double *out, struct ll_err *err);

/* PR curve: precision and recall get m + 1 values, thr gets m (may be NULL). */
int ll_pr_curve(const struct ll_thresh *t, double *precision, double *recall, double *thr, size_t *npoints,
		struct ll_err *err);
int ll_average_precision(const struct ll_thresh *t, double *out, struct ll_err *err);

/* One-vs-rest over n x k probabilities (row-major, double or float):
 * per_class (k values, may be NULL) gets each class's score against the
 * rest; macro is their mean, weighted their support-weighted mean, micro
 * the score of all n*k (indicator, probability) pairs pooled, as sklearn's
 * average= options (micro for AUROC as roc_auc_score(multi_class="ovr")).
 * Pass exactly one of proba and proba_f (the other NULL). Any output
 * pointer may be NULL. AUROC fails with LL_EDATA when a class
 * has no row (or every row); average precision then follows sklearn 1.2
 * (0 for a class without rows). Allocates one n*k work buffer per call. */
struct ll_ovr {
	double macro, weighted, micro;
};
int ll_auroc_ovr(const int *y_true, const double *proba, const float *proba_f, size_t n, size_t k,
		 double *per_class, struct ll_ovr *avg, struct ll_err *err);
int ll_average_precision_ovr(const int *y_true, const double *proba, const float *proba_f, size_t n, size_t k,
			     double *per_class, struct ll_ovr *avg, struct ll_err *err);

#endif
