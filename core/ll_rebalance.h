/*
 * ll_rebalance.h - evening out the classes of the training part of a
 * featmat; dev and test samples are never touched, so the evaluation sees
 * the true class mix.
 *
 * Methods (labelled training samples only; unlabelled ones are kept as
 * they are and not counted):
 *   over    random over-sampling: every class smaller than
 *           floor(ratio * largest) gets copies of its own samples, drawn
 *           uniformly with replacement, up to that size;
 *   under   random under-sampling: every class larger than
 *           floor(smallest / ratio) keeps a uniformly drawn subset of that
 *           size;
 *   smote   SMOTE (Chawla et al. 2002): like over, but each new sample is
 *           x + u * (nn - x) with x a random sample of the class, nn one of
 *           its k nearest neighbours (Euclidean, within the class, drawn
 *           uniformly) and u ~ U(0, 1). k is lowered to the class size - 1
 *           when the class is smaller; a class of one sample is an error.
 *           Brute-force neighbours: O(n_class^2 d) per class;
 *   weights class weights instead of new samples: "balanced" gives class c
 *           n / (n_classes * count_c) over the labelled training samples
 *           (scikit-learn's compute_class_weight; classes absent from
 *           training get 0 and do not count in n_classes), or explicit
 *           weights. Stored in m->class_weight.
 * ratio is the wanted minority/majority size ratio in (0, 1]; 1 equalises.
 *
 * Rows are kept in their order; removed samples are taken out and new ones
 * are appended at the end as training samples (origin = the sample they were
 * copied or interpolated from, weight copied). Same seed, same result.
 */
#ifndef LL_REBALANCE_H
#define LL_REBALANCE_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_featmat.h"

enum ll_rebalance_method {
	LL_REBAL_NONE = 0,
	LL_REBAL_OVER,
	LL_REBAL_UNDER,
	LL_REBAL_SMOTE,
	LL_REBAL_WEIGHTS
};

struct ll_rebalance_spec {
	enum ll_rebalance_method method;
	double ratio;                /* over, under, smote: (0, 1] */
	size_t k;                    /* smote neighbours; 0 means 5 */
	const double *weights;       /* weights: nclasses explicit weights, or NULL for "balanced" */
	uint64_t seed;
};

/* "none", "over", "under", "smote", "weights" (also "balanced"). */
int ll_rebalance_parse(const char *s, enum ll_rebalance_method *out, struct ll_err *err);
const char *ll_rebalance_name(enum ll_rebalance_method m);

/* Class counts of the training part before and after. */
struct ll_rebalance_report {
	size_t nclasses;
	size_t *before, *after; /* nclasses each, owned: ll_rebalance_report_free */
	size_t added, removed;
	size_t k_used;          /* smallest k SMOTE used (0 when not SMOTE) */
};

void ll_rebalance_report_free(struct ll_rebalance_report *rep);

/* Rebalances m in place (dense featmat; the number of classes is
 * m->nclasses, or 1 + the largest label when that is 0). rep may be NULL.
 * On error m is unchanged. */
int ll_rebalance(struct ll_featmat *m, const struct ll_rebalance_spec *spec, struct ll_rebalance_report *rep,
		 struct ll_err *err);

/* sklearn's compute_class_weight("balanced") over y[0..n) (negative ignored),
 * into w[0..nclasses). */
void ll_class_weight_balanced(const int *y, size_t n, size_t nclasses, double *w);

#endif
