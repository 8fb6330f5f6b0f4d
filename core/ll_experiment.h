/*
 * ll_experiment.h - an experiment: a model kind, its hyper-parameters and a
 * seed, applied to a feature matrix (ll_featmat.h).
 *
 * The experiment dispatches a featmat to the right model:
 *   mlp     dense or sparse flat samples -> ll_mlp with the hidden widths,
 *           trained by ll_train.h's loop;
 *   logreg  the same samples -> logistic regression solved to convergence
 *           with L-BFGS (ll_logreg.h), kept as an MLP without hidden layers;
 *   lstm    sequence samples (steps > 1) -> ll_lstm, many-to-one;
 *   kmeans  flat samples -> ll_kmeans for one k or a range of k, each
 *           fitted with its inertia (the elbow) and silhouette; the k with
 *           the highest silhouette is kept (the only k when k_min == k_max).
 *           Sparse text rows are clustered dense over the columns some
 *           training row uses (the others are 0 on every row: the same
 *           problem, in a fraction of the memory).
 * Classifiers train on the labelled samples of the training part only and
 * watch the dev part (loss and accuracy per epoch) when there is one;
 * k-means clusters the training part. Sparse samples (text features) are
 * made dense a batch at a time, so an MLP reads TF-IDF without copying the
 * whole matrix, except the training part, which is gathered once.
 *
 * Training itself runs in ll_train.h's loop (synchronously or in its
 * background thread, with checkpoints and resume): ll_exp_task gives the
 * task and ll_exp_train_cfg the loop settings the experiment implies.
 * Models without a task (k-means, logistic regression) are fitted by
 * ll_exp_solve instead.
 *
 * Defaults follow scikit-learn's (ll_exp_defaults_for): an MLP is
 * MLPClassifier() (one hidden layer of 100 ReLU, Adam 1e-3, batch
 * min(200, n), up to 200 epochs, stopping when the training loss improves by
 * less than tol 1e-4 for more than 10 epochs, or with early_stopping on a
 * dev part: the feature set's, or validation_fraction of the training part
 * drawn stratified with the seed), logistic regression is
 * LogisticRegression() (C 1, tol 1e-4, max_iter 100).
 *
 * A classifier needs two classes among its labelled training samples: one
 * class alone is LL_EDATA naming it. Classes without training samples get
 * a warning (ll_exp_warnings): the model never predicts them.
 *
 * Predictions cover every sample of a featmat (all parts): class
 * probabilities for classifiers, the nearest cluster and its squared
 * distance for k-means. Metrics (ll_exp_part_metrics) are computed per part
 * from them: the sklearn-style report and confusion matrix, log loss, and
 * the "root cause" view shared by every target: a sample's root-cause score
 * is 1 - the probability of the ordinary classes (flags given by the
 * caller), giving ROC/PR curves, AUROC and average precision.
 *
 * Ownership: struct ll_exp borrows nothing after ll_exp_new returns (the
 * training data is gathered into its own arrays, except an LSTM's, which
 * reads the featmat passed to ll_exp_new: keep it alive until ll_exp_free).
 */
#ifndef LL_EXPERIMENT_H
#define LL_EXPERIMENT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_featmat.h"
#include "ll_metrics.h"
#include "ll_train.h"

#define LL_EXP_MAX_HIDDEN 16

/* Same order as the workspace's model names (mlp, lstm, kmeans, logreg). */
enum ll_exp_model { LL_EXP_MLP = 0, LL_EXP_LSTM = 1, LL_EXP_KMEANS = 2, LL_EXP_LOGREG = 3 };

struct ll_exp_cfg {
	enum ll_exp_model model;
	size_t n_hidden;                   /* mlp: hidden layers; lstm: hidden[0] is the units */
	size_t hidden[LL_EXP_MAX_HIDDEN];
	size_t layers;                     /* lstm, 1..8 */
	int activation;                    /* enum ll_act */
	int optimizer;                     /* enum ll_optim_kind */
	double lr;                         /* > 0 */
	size_t batch;                      /* >= 1 (clipped to the training rows) */
	int epochs;                        /* >= 1 */
	double dropout;                    /* mlp, [0, 1) */
	double l2;                         /* >= 0 */
	size_t bptt;                       /* lstm, 0 = full */
	size_t k_min, k_max;               /* kmeans, 1 <= k_min <= k_max <= training rows */
	int n_init;                        /* kmeans restarts, >= 1 */
	uint64_t seed;
	double tol;                        /* mlp, lstm: training-loss tolerance; logreg: gradient tolerance; >= 0 */
	int n_iter_no_change;              /* mlp, lstm: epochs without tol improvement before stopping, >= 1 */
	int early_stopping;                /* mlp, lstm: stop on the dev loss instead (0/1) */
	double validation_fraction;        /* mlp, lstm: dev share of the training part when the feature set has no dev part, (0, 1) */
	double C;                          /* logreg: inverse L2 strength, > 0 */
	int max_iter;                      /* logreg: L-BFGS iterations, >= 1 */
	size_t review_folds;               /* classifiers: folds of the out-of-fold review scores
					    * (ll_crossfit.h), 0 = none, else 2..20; logreg 5, others 0 */
};

/* The defaults of model m (see the header comment); seed 1. */
void ll_exp_defaults_for(struct ll_exp_cfg *c, enum ll_exp_model m);
/* ll_exp_defaults_for(c, LL_EXP_MLP). */
void ll_exp_defaults(struct ll_exp_cfg *c);
const char *ll_exp_model_name(enum ll_exp_model m);
/* "mlp", "lstm", "kmeans", "logreg"; -1 when unknown. */
int ll_exp_model_parse(const char *s);

/* Checks the hyper-parameters, and when m is not NULL that they fit the
 * featmat (sequences for an LSTM, dense samples for k-means, k no larger
 * than the training rows, two classes with training rows for a
 * classifier). LL_EUSAGE with a message naming the parameter. */
int ll_exp_check(const struct ll_exp_cfg *c, const struct ll_featmat *m, struct ll_err *err);
/* 1 when m's labelled training samples hold two classes or more; else 0,
 * with the one class there (-1: none) and its samples in *first and
 * *nfirst (either may be NULL). */
int ll_exp_two_classes(const struct ll_featmat *m, int *first, size_t *nfirst);

struct ll_exp;

/* Builds the model (initial weights from the seed) and gathers the
 * training (and dev) samples. Checks first (ll_exp_check). */
int ll_exp_new(const struct ll_exp_cfg *c, const struct ll_featmat *m, struct ll_exp **out, struct ll_err *err);
void ll_exp_free(struct ll_exp *e);
const struct ll_exp_cfg *ll_exp_config(const struct ll_exp *e);

/* The training task (ll_train.h), owned by e; NULL for k-means and
 * logistic regression (ll_exp_solve fits those). */
const struct ll_task *ll_exp_task(struct ll_exp *e);
/* Loop settings from the hyper-parameters (epochs, batch, seed, optimiser,
 * tol and n_iter_no_change, early stopping; LSTMs clip the gradient norm
 * at 5; threads from LOGLAB_THREADS, else the node's online CPUs shared
 * out over the job's ranks on that node); no checkpoint, no progress. */
void ll_exp_train_cfg(const struct ll_exp *e, struct ll_train_cfg *tc);
/* Those threads: LOGLAB_THREADS (1..LL_POOL_MAX) when set, else the node's
 * CPUs shared out over the job's ranks on that node (at least 1). */
int ll_exp_threads(void);
/* LL_OK when LOGLAB_THREADS is unset, empty or a whole number 1..LL_POOL_MAX;
 * else LL_EUSAGE naming it and its value (checked once at start: a value
 * ll_exp_threads ignores would otherwise leave the default without a word). */
int ll_exp_threads_check_env(struct ll_err *err);

/* Fits a model without a training task: k-means (ll_exp_cluster) or
 * logistic regression (L-BFGS; an unconverged solve is not an error but a
 * warning). cancel may be NULL. LL_EUSAGE for a model with a task. */
int ll_exp_solve(struct ll_exp *e, const struct ll_featmat *m, atomic_int *cancel, struct ll_err *err);
/* Threads ll_exp_solve may use (k-means' blocks, the logistic loss's
 * parts); 0, the default, means ll_exp_threads(). Results do not depend
 * on it. Cross-fitting, which solves folds side by side, gives each one. */
void ll_exp_set_solve_threads(struct ll_exp *e, int threads);

/* How the solver of a logistic regression ended (has == 0 otherwise). */
struct ll_exp_solver_info {
	int has;
	int iterations, converged;
	const char *stop;  /* a sentence, static */
	double loss;       /* objective at the solution */
};
void ll_exp_solver_info(const struct ll_exp *e, struct ll_exp_solver_info *out);

/* Warnings of the model about its data and fit (a class without training
 * samples, a solver that did not converge), owned by e. */
size_t ll_exp_warnings(const struct ll_exp *e, const char *const **w);

/* k-means: fits every k of the range on the training part, keeping the
 * inertia and the silhouette of each (sampled over at most 2000 rows with
 * the seed), then keeps the model of the best k. LL_EUSAGE for a
 * classifier. cancel may be NULL. */
int ll_exp_cluster(struct ll_exp *e, const struct ll_featmat *m, struct ll_err *err);
/* The elbow of a clustered experiment: nk values from k_min (borrowed). */
size_t ll_exp_elbow(const struct ll_exp *e, const double **inertia, const double **silhouette);
/* The chosen k (0 before ll_exp_cluster or for a classifier). */
size_t ll_exp_k(const struct ll_exp *e);

struct ll_exp_pred {
	size_t n;       /* samples */
	size_t k;       /* classes (classifiers) or clusters (k-means) */
	int *pred;      /* n predicted class or cluster ids */
	float *proba;   /* n x k class probabilities; NULL for k-means */
	float *dist2;   /* k-means: squared distance to the chosen centre; NULL otherwise */
};
void ll_exp_pred_free(struct ll_exp_pred *p);

/* Scores every sample of m, which must have the shape the model was built
 * for (LL_EDATA otherwise). p is overwritten. */
int ll_exp_predict(struct ll_exp *e, const struct ll_featmat *m, struct ll_exp_pred *p, struct ll_err *err);

/* Root-cause score of sample i: 1 - sum of the probabilities of ordinary
 * classes (ordinary[c] != 0); with no ordinary class among two, the
 * probability of class 1. For k-means: the squared distance. */
double ll_exp_rc_score(const struct ll_exp_pred *p, const unsigned char *ordinary, size_t i);

/* Whether a sample of class y (0 <= y < k) is a root cause for the figures
 * of that score (metrics.json's root_cause, the ROC/PR view): a class
 * ordinary[] does not flag; with no class flagged, class 1 alone, the class
 * whose probability the score then is. Every consumer asks here, so a
 * screen's curve and the run's AUROC count the same positives. */
int ll_exp_rc_truth(const unsigned char *ordinary, size_t k, int y);

/* Metrics of one part (or of every sample: part = -1) of a classifier's
 * predictions, over samples whose class is known. */
struct ll_exp_part_metrics {
	size_t n;                       /* labelled samples in the part */
	size_t k;
	size_t *cm;                     /* k x k, rows true, columns predicted */
	struct ll_class_stats *cls;     /* k */
	struct ll_report rep;
	int has_report;
	double log_loss;
	int has_log_loss;
	/* root cause (non-ordinary) against ordinary, by root-cause score */
	size_t npos, nneg;
	double auroc, ap;
	int has_auroc, has_ap;
	size_t nroc, npr;
	double *fpr, *tpr, *roc_thr;    /* nroc points */
	double *prec, *rec, *pr_thr;    /* npr points (pr_thr: npr - 1) */
	double auroc_ovr_macro;         /* more than two classes */
	int has_auroc_ovr;
	size_t n_rc_only;               /* of npos + nneg: samples of no class of the model */
};
int ll_exp_metrics(const struct ll_featmat *m, const struct ll_exp_pred *p, int part,
		   const unsigned char *ordinary, struct ll_exp_part_metrics *out, struct ll_err *err);
/* ll_exp_metrics, also counting in the root-cause figures alone (npos,
 * nneg, AUROC, AP, curves; n_rc_only) the samples of m whose class is none
 * of the model's but whose truth is known: rc_only[i] 1 root cause, 0
 * ordinary, -1 not known (rc_only NULL: none). Other data scored by a run
 * holds classes the run never saw, and whether each is ordinary is known
 * by its name; the per-class figures cannot place them. */
int ll_exp_metrics_rc(const struct ll_featmat *m, const struct ll_exp_pred *p, int part,
		      const unsigned char *ordinary, const signed char *rc_only, struct ll_exp_part_metrics *out,
		      struct ll_err *err);
void ll_exp_metrics_free(struct ll_exp_part_metrics *pm);

/* k-means against the classes: contingency table (nclasses x k) of the
 * labelled samples of m, purity and adjusted Rand index. */
struct ll_exp_cluster_metrics {
	size_t nclasses, k, n;
	size_t *tab;
	double purity, ari;
	int has_purity;
};
int ll_exp_cluster_metrics(const struct ll_featmat *m, const struct ll_exp_pred *p,
			   struct ll_exp_cluster_metrics *out, struct ll_err *err);
void ll_exp_cluster_metrics_free(struct ll_exp_cluster_metrics *cm);

/* Model files (ll_model_io.h) tagged with the feature fingerprint: the
 * MLP, LSTM or chosen k-means model. Loading needs the configuration (for
 * its kind) and refuses another fingerprint. */
int ll_exp_save(const struct ll_exp *e, const char *path, const char *fingerprint, struct ll_err *err);
int ll_exp_load(const struct ll_exp_cfg *c, const char *path, const char *fingerprint, struct ll_exp **out,
		struct ll_err *err);

#endif
