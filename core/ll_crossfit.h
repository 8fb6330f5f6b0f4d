/*
 * ll_crossfit.h - out-of-fold class probabilities for the labelled training
 * samples of a featmat, for the review queue.
 *
 * A model scores the lines it was trained on by memory: a root-cause line
 * an operator left labelled ordinary was fitted as ordinary, so the run's
 * own score hides exactly the lines the review queue is for. Cross-fitting
 * (scikit-learn's cross_val_predict, cleanlab's confident learning) gives
 * each labelled training sample the probabilities of a model that never
 * saw its label: the labelled training samples are dealt into `folds`
 * stratified folds, drawn with the experiment's seed, and for each fold a
 * model with the experiment's settings trains on the other folds (same
 * dev part, class weights and seed) and scores the fold.
 *
 * Samples that share a source row (copies and SMOTE samples made by
 * rebalancing carry their source's origin) fall in the same fold, so a
 * held-out line is not also trained on through its copy. Overlapping
 * windows (a stride below their size) are samples of their own and share
 * rows across folds, so a held-out window's root-cause row may still be
 * seen in a neighbour: windows that do not overlap give clean folds. Dev, test and
 * unlabelled samples are never trained on and keep the run's own scores:
 * their rows of the result are NaN.
 *
 * A logistic regression's folds are fitted side by side on ll_exp_threads()
 * threads (its solve runs on one); an MLP's and an LSTM's, which train on
 * the pool, and every model's under MPI, one after the other. Each fold
 * writes only its own samples, so the result does not depend on it.
 *
 * A fold whose training part is left with one class (a class of fewer
 * samples than folds) cannot be fitted: its samples keep NaN and the
 * result counts it, for the caller to say so.
 */
#ifndef LL_CROSSFIT_H
#define LL_CROSSFIT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_experiment.h"
#include "ll_featmat.h"

#define LL_CROSSFIT_MAX_FOLDS 20

struct ll_crossfit_result {
	float *proba;        /* n x nclasses, NaN rows where not cross-fitted */
	size_t n, k;
	size_t folds_fitted; /* folds whose model was trained */
	size_t folds_skipped; /* folds left with one class in training */
	size_t samples;      /* samples given out-of-fold probabilities */
};
void ll_crossfit_result_free(struct ll_crossfit_result *r);

/* The fold (0..folds-1) of each sample into fold_of[m->n]: -1 for samples
 * that are not labelled training samples. Returns -1 when out of memory. */
int ll_crossfit_folds(const struct ll_featmat *m, size_t folds, uint64_t seed, int *fold_of);

/* Called after each fold (done of folds), from the calling thread. */
typedef void (*ll_crossfit_progress_fn)(size_t done, size_t folds, void *ud);

/* Cross-fits cfg on m with folds in 2..LL_CROSSFIT_MAX_FOLDS (LL_EUSAGE
 * otherwise). cancel may be NULL (LL_ECANCEL when set). A classifier only:
 * LL_EUSAGE for k-means. Under MPI every rank must call it alike: each
 * fold trains as the run did. */
int ll_crossfit(const struct ll_exp_cfg *cfg, const struct ll_featmat *m, size_t folds, atomic_int *cancel,
		ll_crossfit_progress_fn progress, void *ud, struct ll_crossfit_result *out, struct ll_err *err);

#endif
