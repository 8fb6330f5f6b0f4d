/*
 * ll_lbfgs.h - unconstrained minimisation of a smooth function with
 * limited-memory BFGS, stopping like scipy's L-BFGS-B (which scikit-learn's
 * LogisticRegression uses), so "converged" means what it means there.
 *
 * Each iteration takes the quasi-Newton direction of the last m curvature
 * pairs (two-loop recursion, initial Hessian scaled by s'y / y'y) and a line
 * search for the strong Wolfe conditions (sufficient decrease c1 = 1e-3,
 * curvature c2 = 0.9, scipy's dcsrch constants) by bracketing and cubic
 * interpolation. The first step has length 1 / ||g|| (as L-BFGS-B), later
 * ones start at 1. A pair whose curvature s'y is not positive enough is not
 * stored (the function may be non-convex between the points).
 *
 * Stopping, checked after every iteration in this order:
 *   - the largest |gradient component| <= gtol           (converged)
 *   - (f_prev - f) <= ftol * max(|f_prev|, |f|, 1)      (converged)
 *   - max_iter iterations done                          (not converged)
 *   - max_evals function evaluations done               (not converged)
 *   - the line search cannot decrease f along the direction (not converged)
 * The gradient test is also made at the start point (0 iterations).
 *
 * The function is called with the point and fills f and the gradient; it
 * may fail (its status is returned as is). Everything is double: the caller
 * converts. Determinism: the same function gives the same iterates.
 */
#ifndef LL_LBFGS_H
#define LL_LBFGS_H

#include <stdatomic.h>
#include <stddef.h>

#include "ll_err.h"

/* f(x) and its gradient g (n values) at x. */
typedef int (*ll_lbfgs_fn)(void *ctx, const double *x, double *f, double *g, struct ll_err *err);

struct ll_lbfgs_cfg {
	int m;          /* curvature pairs kept, >= 1; default 10 */
	int max_iter;   /* >= 1; default 100 */
	int max_evals;  /* >= 1; default 15000 */
	double gtol;    /* >= 0; default 1e-5 */
	double ftol;    /* >= 0; default 2.220446049250313e-09 (scipy's factr 1e7 x machine epsilon) */
};

void ll_lbfgs_defaults(struct ll_lbfgs_cfg *cfg);

enum ll_lbfgs_stop {
	LL_LBFGS_GTOL = 0,   /* converged: gradient small */
	LL_LBFGS_FTOL,       /* converged: relative decrease of f small */
	LL_LBFGS_MAX_ITER,   /* not converged */
	LL_LBFGS_MAX_EVALS,  /* not converged */
	LL_LBFGS_LINE_SEARCH /* not converged: no decrease found along the direction */
};

struct ll_lbfgs_result {
	int iterations;
	int evals;
	int converged;           /* stop is GTOL or FTOL */
	enum ll_lbfgs_stop stop;
	double f;                /* at the returned point */
	double gmax;             /* largest |gradient component| there */
};

/* A sentence for the stop reason ("the gradient fell below tol", ...). */
const char *ll_lbfgs_stop_text(enum ll_lbfgs_stop s);

/* Minimises fn from x (n values, overwritten with the best point found).
 * cancel (may be NULL) is polled once per iteration: LL_ECANCEL. LL_EUSAGE
 * for a bad configuration, LL_EDATA when f or g is not finite at the start,
 * LL_ENOMEM. res may be NULL. */
int ll_lbfgs_minimize(size_t n, double *x, ll_lbfgs_fn fn, void *ctx, const struct ll_lbfgs_cfg *cfg,
		      struct ll_lbfgs_result *res, atomic_int *cancel, struct ll_err *err);

#endif
