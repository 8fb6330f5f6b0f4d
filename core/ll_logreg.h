/*
 * ll_logreg.h - logistic regression solved to convergence, as
 * scikit-learn's LogisticRegression() with its defaults (lbfgs solver).
 *
 * Objective, over the training rows i with sample weight s_i (the row's
 * weight times its class weight):
 *   two classes      sum_i s_i * (log(1 + e^z_i) - y_i z_i),  z_i = w.x_i + b,
 *                    y_i = 1 for the higher class id;
 *   three or more    sum_i s_i * (log sum_c e^z_ic - z_i,y_i),  z_ic = W_c.x_i + b_c
 *                    (multinomial, one row of W per class);
 * plus ||W||^2 / (2 C). Intercepts are not penalised. It is minimised with
 * L-BFGS (ll_lbfgs.h) from zeros, stopping when the largest gradient
 * component is <= tol, when the loss stops decreasing, or after max_iter
 * iterations (then the result says it did not converge, as sklearn warns).
 * Only classes with training rows take part (as sklearn's classes_); the
 * others get zero weights and an intercept of -1e4, so their probability is
 * 0 in a softmax over all classes.
 *
 * The result is a softmax model over nclasses: W (nclasses x d, row-major)
 * and b (nclasses), the layout of an MLP without hidden layers
 * (ll_mlp.h), which is how experiments keep and apply it. With two classes,
 * the lower class's row is zero and the higher's holds sklearn's coef_ and
 * intercept_, so softmax gives sklearn's sigmoid.
 *
 * Rows are dense floats or rows of a CSR matrix (text features). The loss
 * and gradient of any range of rows is one call (ll_logreg_loss_rows), so
 * shards of the rows can be summed elsewhere (e.g. across processes) and
 * the penalty added once. Sums run in double precision over up to 8
 * parts of a call's rows, each in row order (a call of fewer than 1,024
 * rows is one part), added in part order: the same rows give the same
 * bits however many threads computed the parts.
 */
#ifndef LL_LOGREG_H
#define LL_LOGREG_H

#include <stdatomic.h>
#include <stddef.h>

#include "ll_err.h"
#include "ll_featmat.h"
#include "ll_lbfgs.h"

struct ll_logreg_cfg {
	double C;     /* inverse L2 strength, > 0; default 1 */
	double tol;   /* gradient tolerance, >= 0; default 1e-4 */
	int max_iter; /* L-BFGS iterations, >= 1; default 100 */
	int threads;  /* threads summing the loss (<= 1: the caller's alone); default 1.
		       * The result is the same at any count (see the sums below). */
};

void ll_logreg_defaults(struct ll_logreg_cfg *cfg);
/* LL_EUSAGE naming the bad field ("C: ...", "tol: ...", "max_iter: ..."). */
int ll_logreg_check(const struct ll_logreg_cfg *cfg, struct ll_err *err);

/* Training rows, borrowed for the duration of a call. */
struct ll_logreg_data {
	size_t n, d;
	const float *X;            /* n x d dense rows, or NULL when csr is used */
	const struct ll_csr *csr;  /* sparse rows; its columns must be < d */
	const size_t *rows;        /* with csr: the n row ids to use (NULL: 0..n-1) */
	const int *y;              /* n class ids in [0, nclasses) */
	const float *w;            /* n sample weights >= 0, or NULL (all 1) */
	size_t nclasses;           /* >= 2 */
	const float *class_weight; /* nclasses weights >= 0, or NULL (all 1) */
};

/* The problem as the solver sees it (classes present, parametrisation,
 * rows in double precision). */
struct ll_logreg_problem;

/* LL_EDATA when fewer than two classes have rows with positive weight (the
 * message names the class), or for a class id out of range, a negative
 * weight or a value that is not finite (naming the row). */
int ll_logreg_problem_new(const struct ll_logreg_data *data, const struct ll_logreg_cfg *cfg,
			  struct ll_logreg_problem **out, struct ll_err *err);
void ll_logreg_problem_free(struct ll_logreg_problem *p);
/* Parameters of the solver's vector: (d + 1) with two classes, else
 * (d + 1) x classes present. */
size_t ll_logreg_nparams(const struct ll_logreg_problem *p);
/* Classes with training rows. */
size_t ll_logreg_nfitted(const struct ll_logreg_problem *p);
/* Adds the weighted loss of rows r0 <= i < r1 to *loss and its gradient
 * to grad (nparams values), without the penalty. Uses the problem's
 * buffers: one call at a time per problem. */
void ll_logreg_loss_rows(const struct ll_logreg_problem *p, const double *theta, size_t r0, size_t r1, double *loss,
			 double *grad);
/* The whole objective: every row plus the penalty. */
void ll_logreg_objective(const struct ll_logreg_problem *p, const double *theta, double *loss, double *grad);

struct ll_logreg_info {
	struct ll_lbfgs_result solver;
	size_t nfitted;            /* classes that took part */
	double loss;               /* objective at the solution */
};

/* Fits and writes W (nclasses x d) and b (nclasses). cancel may be NULL.
 * info may be NULL. A run that stops unconverged is still LL_OK: check
 * info->solver.converged. */
int ll_logreg_fit(const struct ll_logreg_cfg *cfg, const struct ll_logreg_data *data, float *W, float *b,
		  struct ll_logreg_info *info, atomic_int *cancel, struct ll_err *err);

#endif
