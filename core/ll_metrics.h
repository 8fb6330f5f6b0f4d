/*
 * ll_metrics.h - classification metrics as scikit-learn 1.2 computes them:
 * confusion matrix, accuracy, balanced accuracy, per-class precision /
 * recall / F1 / support with micro, macro and weighted averages, the text of
 * classification_report, Matthews correlation and log loss.
 *
 * Everything after the confusion matrix is computed from the matrix alone,
 * so a view that moves a threshold cursor (ll_curves.h gives the 2 x 2
 * matrix at any threshold in O(log n)) rebuilds the whole report without
 * touching the samples again.
 *
 * Classes are ids 0..k-1 (the dataset's class list); the confusion matrix
 * is k x k, row-major, rows = true class, columns = predicted class.
 *
 * sklearn conventions kept on purpose:
 *  - zero_division = 0: a precision with nothing predicted, a recall with no
 *    support and an F1 with precision + recall = 0 are 0.
 *  - Without LL_REPORT_ALL_CLASSES the report, like classification_report
 *    without `labels`, covers only the classes that occur in y_true or
 *    y_pred; a class in neither is left out of every average. With it,
 *    every class 0..k-1 counts (sklearn's labels=range(k)).
 *  - The micro average is shown as "accuracy" when every counted class
 *    occurs (it then equals accuracy), else as "micro avg".
 *  - Balanced accuracy is the mean recall of the classes with support
 *    (classes only ever predicted are dropped, as sklearn does).
 *
 * Ownership: every output array is the caller's; nothing here allocates
 * except ll_report_format's caller-sized buffer, which is also the caller's.
 */
#ifndef LL_METRICS_H
#define LL_METRICS_H

#include <stddef.h>

#include "ll_err.h"

/* Fills cm (k x k, caller-owned, overwritten) from n pairs. LL_EDATA when a
 * label is outside 0..k-1, naming the row; LL_EUSAGE when k == 0. n == 0
 * gives an all-zero matrix. */
int ll_confusion_matrix(const int *y_true, const int *y_pred, size_t n, size_t k, size_t *cm,
			struct ll_err *err);

/* One class's line of the report. */
struct ll_class_stats {
	double precision, recall, f1;
	size_t support;   /* true rows of the class (row sum) */
	size_t predicted; /* rows predicted as the class (column sum) */
	size_t tp;        /* diagonal cell */
	int counted;      /* 1 when the class is part of the report and its averages */
};

struct ll_avg_stats {
	double precision, recall, f1;
	size_t support;
};

#define LL_REPORT_ALL_CLASSES 1u /* count classes found in neither y_true nor y_pred */

struct ll_report {
	size_t k;                   /* classes, == length of cls */
	size_t n;                   /* samples (sum of the matrix) */
	size_t ncounted;            /* classes with counted == 1 */
	struct ll_class_stats *cls; /* borrowed: the array passed to ll_report_compute */
	double accuracy, balanced_accuracy, mcc;
	struct ll_avg_stats micro, macro, weighted;
	int micro_is_accuracy; /* the micro line is titled "accuracy" */
};

/* Computes the report from a k x k matrix. cls (k entries) is the caller's
 * and stays referenced by rep->cls. LL_EDATA when the matrix is empty
 * (no samples). */
int ll_report_compute(const size_t *cm, size_t k, unsigned flags, struct ll_class_stats *cls,
		      struct ll_report *rep, struct ll_err *err);

/* The text of sklearn's classification_report(digits=digits) for a report:
 * a header line, a blank line, one line per counted class, a blank line,
 * then accuracy (or micro avg), macro avg and weighted avg. names[c] is the
 * name of class c (NULL: the class id in decimal); widths count UTF-8 code
 * points as Python does. Writes at most cap bytes including the NUL and
 * returns the length the full text needs (as snprintf). */
size_t ll_report_format(const struct ll_report *rep, const char *const *names, int digits, char *buf,
			size_t cap);

/* Accuracy, balanced accuracy and MCC of a matrix on their own (also filled
 * by ll_report_compute). LL_EDATA when the matrix holds no sample. MCC is 0
 * when either marginal is constant, as sklearn returns. */
int ll_accuracy(const size_t *cm, size_t k, double *out, struct ll_err *err);
int ll_balanced_accuracy(const size_t *cm, size_t k, double *out, struct ll_err *err);
int ll_mcc(const size_t *cm, size_t k, double *out, struct ll_err *err);

/* Log loss (cross-entropy) of class probabilities: proba is n x k row-major
 * (k >= 2, classes 0..k-1), each row clipped to [eps, 1 - eps] and
 * renormalised to sum 1, then -mean(log p[true class]). eps <= 0 selects
 * sklearn 1.2's eps="auto": the machine epsilon of the input type
 * (DBL_EPSILON here, FLT_EPSILON for the float variant, whose clipping is
 * done in float as numpy does on float32 input). LL_EDATA on an empty input,
 * a label outside 0..k-1, or a NaN/negative probability. */
int ll_log_loss(const int *y_true, const double *proba, size_t n, size_t k, double eps, double *out,
		struct ll_err *err);
int ll_log_loss_f(const int *y_true, const float *proba, size_t n, size_t k, double eps, double *out,
		  struct ll_err *err);
/* Binary form: p[i] is the probability of class 1 (y_true in {0, 1}); as
 * sklearn with a 1-d y_pred: clip p, then use the pair (1 - p, p). */
int ll_log_loss_binary(const int *y_true, const double *p, size_t n, double eps, double *out,
		       struct ll_err *err);

#endif
