/*
 * ll_lbfgs.c - limited-memory BFGS with a strong Wolfe line search (see
 * ll_lbfgs.h for the method and the stopping rules).
 *
 * The line search is Moré & Thuente's ("Line search algorithms with
 * guaranteed sufficient decrease", ACM TOMS 20, 1994), with the constants
 * L-BFGS-B uses. When a search fails and curvature pairs are stored, they
 * are dropped and the iteration restarts from steepest descent, as
 * L-BFGS-B does; a failure without pairs ends the run.
 */
#include "ll_lbfgs.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define C1 1e-3       /* sufficient decrease (scipy's dcsrch ftol) */
#define C2 0.9        /* curvature (scipy's dcsrch gtol) */
#define MAX_LS 20     /* evaluations per line search (L-BFGS-B's limit) */
#define STPMAX 1e10   /* longest step (L-BFGS-B's bound without box constraints) */

void ll_lbfgs_defaults(struct ll_lbfgs_cfg *cfg)
{
	cfg->m = 10;
	cfg->max_iter = 100;
	cfg->max_evals = 15000;
	cfg->gtol = 1e-5;
	cfg->ftol = 2.220446049250313e-09;
}

const char *ll_lbfgs_stop_text(enum ll_lbfgs_stop s)
{
	switch (s) {
	case LL_LBFGS_GTOL: return "the largest gradient component fell below tol";
	case LL_LBFGS_FTOL: return "the loss stopped decreasing (relative decrease below 2.2e-9)";
	case LL_LBFGS_MAX_ITER: return "the iteration limit was reached";
	case LL_LBFGS_MAX_EVALS: return "the limit of function evaluations was reached";
	case LL_LBFGS_LINE_SEARCH: return "the line search found no decrease along the search direction";
	}
	return "?";
}

static double dot(const double *a, const double *b, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

static double max_abs(const double *a, size_t n)
{
	double m = 0;
	for (size_t i = 0; i < n; i++)
		if (fabs(a[i]) > m || a[i] != a[i])
			m = a[i] != a[i] ? INFINITY : fabs(a[i]);
	return m;
}

/* The state of one line search along d from x0 (Moré & Thuente's method,
 * as MINPACK-2's dcsrch, which scipy's L-BFGS-B runs: following it closely
 * keeps our iterates next to scipy's, so the two stop at the same place on
 * ill-conditioned problems where the loss is flat along some directions). */
struct ls {
	size_t n;
	const double *x0, *d;
	double *xt, *gt;     /* trial point and its gradient */
	double f0, dg0;      /* f and slope at step 0 */
	double ft, dgt;      /* at the last trial */
	ll_lbfgs_fn fn;
	void *ctx;
	int evals, max_evals;
	struct ll_err *err;
};

/* Evaluates f(x0 + a d) and its slope into ls->ft, ls->dgt. */
static int phi(struct ls *ls, double a)
{
	for (size_t i = 0; i < ls->n; i++)
		ls->xt[i] = ls->x0[i] + a * ls->d[i];
	ls->evals++;
	int rc = ls->fn(ls->ctx, ls->xt, &ls->ft, ls->gt, ls->err);
	if (rc)
		return rc;
	ls->dgt = dot(ls->gt, ls->d, ls->n);
	if (!isfinite(ls->ft) || !isfinite(ls->dgt)) {
		/* too long a step: look like a large increase so the search shrinks */
		ls->ft = INFINITY;
		ls->dgt = INFINITY;
	}
	return LL_OK;
}

static double max3(double a, double b, double c)
{
	double m = a > b ? a : b;
	return m > c ? m : c;
}

/* One safeguarded step of the interval of uncertainty [stx, sty] given a
 * trial stp with value fp and slope dp (Moré & Thuente, section 4): picks
 * the next trial from cubic and quadratic interpolants and updates the
 * interval and whether it brackets a minimiser. */
static void step_update(double *stx, double *fx, double *dx, double *sty, double *fy, double *dy, double *stp,
			double fp, double dp, int *brackt, double stpmin, double stpmax)
{
	double sgnd = dp * (*dx / fabs(*dx)), stpf, theta, s, gamma, p, q, r, stpc, stpq;
	if (fp > *fx) {
		/* higher value: the minimiser is bracketed */
		theta = 3.0 * (*fx - fp) / (*stp - *stx) + *dx + dp;
		s = max3(fabs(theta), fabs(*dx), fabs(dp));
		gamma = s * sqrt((theta / s) * (theta / s) - (*dx / s) * (dp / s));
		if (*stp < *stx)
			gamma = -gamma;
		p = (gamma - *dx) + theta;
		q = ((gamma - *dx) + gamma) + dp;
		r = p / q;
		stpc = *stx + r * (*stp - *stx);
		stpq = *stx + ((*dx / ((*fx - fp) / (*stp - *stx) + *dx)) / 2.0) * (*stp - *stx);
		stpf = fabs(stpc - *stx) < fabs(stpq - *stx) ? stpc : stpc + (stpq - stpc) / 2.0;
		*brackt = 1;
	} else if (sgnd < 0) {
		/* the slope changed sign: bracketed */
		theta = 3.0 * (*fx - fp) / (*stp - *stx) + *dx + dp;
		s = max3(fabs(theta), fabs(*dx), fabs(dp));
		gamma = s * sqrt((theta / s) * (theta / s) - (*dx / s) * (dp / s));
		if (*stp > *stx)
			gamma = -gamma;
		p = (gamma - dp) + theta;
		q = ((gamma - dp) + gamma) + *dx;
		r = p / q;
		stpc = *stp + r * (*stx - *stp);
		stpq = *stp + (dp / (dp - *dx)) * (*stx - *stp);
		stpf = fabs(stpc - *stp) > fabs(stpq - *stp) ? stpc : stpq;
		*brackt = 1;
	} else if (fabs(dp) < fabs(*dx)) {
		/* lower value, same slope sign, slope decreasing in magnitude */
		theta = 3.0 * (*fx - fp) / (*stp - *stx) + *dx + dp;
		s = max3(fabs(theta), fabs(*dx), fabs(dp));
		double g2 = (theta / s) * (theta / s) - (*dx / s) * (dp / s);
		gamma = s * sqrt(g2 > 0 ? g2 : 0);
		if (*stp > *stx)
			gamma = -gamma;
		p = (gamma - dp) + theta;
		q = (gamma + (*dx - dp)) + gamma;
		r = p / q;
		if (r < 0 && gamma != 0)
			stpc = *stp + r * (*stx - *stp);
		else
			stpc = *stp > *stx ? stpmax : stpmin;
		stpq = *stp + (dp / (dp - *dx)) * (*stx - *stp);
		if (*brackt) {
			stpf = fabs(stpc - *stp) < fabs(stpq - *stp) ? stpc : stpq;
			if (*stp > *stx)
				stpf = stpf < *stp + 0.66 * (*sty - *stp) ? stpf : *stp + 0.66 * (*sty - *stp);
			else
				stpf = stpf > *stp + 0.66 * (*sty - *stp) ? stpf : *stp + 0.66 * (*sty - *stp);
		} else {
			stpf = fabs(stpc - *stp) > fabs(stpq - *stp) ? stpc : stpq;
			stpf = stpf < stpmax ? stpf : stpmax;
			stpf = stpf > stpmin ? stpf : stpmin;
		}
	} else {
		/* lower value, same slope sign, slope not decreasing */
		if (*brackt) {
			theta = 3.0 * (fp - *fy) / (*sty - *stp) + *dy + dp;
			s = max3(fabs(theta), fabs(*dy), fabs(dp));
			gamma = s * sqrt((theta / s) * (theta / s) - (*dy / s) * (dp / s));
			if (*stp > *sty)
				gamma = -gamma;
			p = (gamma - dp) + theta;
			q = ((gamma - dp) + gamma) + *dy;
			r = p / q;
			stpf = *stp + r * (*sty - *stp);
		} else {
			stpf = *stp > *stx ? stpmax : stpmin;
		}
	}
	if (fp > *fx) {
		*sty = *stp, *fy = fp, *dy = dp;
	} else {
		if (sgnd < 0)
			*sty = *stx, *fy = *fx, *dy = *dx;
		*stx = *stp, *fx = fp, *dx = dp;
	}
	*stp = stpf;
}

/* Finds a step with sufficient decrease (C1) and small slope (C2) from
 * stp, within [0, stpmax]; on success ls->xt / ls->gt / ls->ft hold the
 * accepted point (the last evaluated). Like dcsrch, a search that can make
 * no more progress (rounding, interval below xtol, a step at a bound)
 * accepts its last point. Returns 1 accepted, 0 failed (too many
 * evaluations), negative on a function error. */
static int line_search(struct ls *ls, double stp, double stpmax)
{
	const double xtol = 0.1, xtrapl = 1.1, xtrapu = 4.0, stpmin = 0.0;
	double finit = ls->f0, ginit = ls->dg0, gtest = C1 * ginit;
	double width = stpmax - stpmin, width1 = width / 0.5;
	double stx = 0, fx = finit, gx = ginit, sty = 0, fy = finit, gy = ginit;
	double stmin = 0, stmax = stp + xtrapu * stp;
	int brackt = 0, stage = 1, rc;
	for (int k = 0; k < MAX_LS; k++) {
		if (ls->evals >= ls->max_evals)
			return 0;
		if ((rc = phi(ls, stp)) != LL_OK)
			return rc;
		double f = ls->ft, g = ls->dgt, ftest = finit + stp * gtest;
		if (stage == 1 && f <= ftest && g >= 0)
			stage = 2;
		if (f <= ftest && fabs(g) <= -C2 * ginit)
			return 1;
		/* dcsrch's warnings end the search on the last point */
		if ((brackt && (stp <= stmin || stp >= stmax)) || (brackt && stmax - stmin <= xtol * stmax) ||
		    (stp == stpmax && f <= ftest && g <= gtest) || (stp == stpmin && (f > ftest || g >= gtest)))
			return isfinite(f) && f <= finit ? 1 : 0;
		if (stage == 1 && f <= fx && f > ftest) {
			/* a modified function keeps the search off steps with too
			 * little decrease until one with enough is found */
			double fm = f - stp * gtest, fxm = fx - stx * gtest, fym = fy - sty * gtest;
			double gm = g - gtest, gxm = gx - gtest, gym = gy - gtest;
			step_update(&stx, &fxm, &gxm, &sty, &fym, &gym, &stp, fm, gm, &brackt, stmin, stmax);
			fx = fxm + stx * gtest;
			fy = fym + sty * gtest;
			gx = gxm + gtest;
			gy = gym + gtest;
		} else {
			step_update(&stx, &fx, &gx, &sty, &fy, &gy, &stp, f, g, &brackt, stmin, stmax);
		}
		if (brackt) {
			if (fabs(sty - stx) >= 0.66 * width1)
				stp = stx + 0.5 * (sty - stx);
			width1 = width;
			width = fabs(sty - stx);
			stmin = stx < sty ? stx : sty;
			stmax = stx < sty ? sty : stx;
		} else {
			stmin = stp + xtrapl * (stp - stx);
			stmax = stp + xtrapu * (stp - stx);
		}
		stp = stp > stpmin ? stp : stpmin;
		stp = stp < stpmax ? stp : stpmax;
		if ((brackt && (stp <= stmin || stp >= stmax)) || (brackt && stmax - stmin <= xtol * stmax))
			stp = stx;
	}
	return 0;
}

int ll_lbfgs_minimize(size_t n, double *x, ll_lbfgs_fn fn, void *ctx, const struct ll_lbfgs_cfg *cfg,
		      struct ll_lbfgs_result *res, atomic_int *cancel, struct ll_err *err)
{
	struct ll_lbfgs_result r;
	memset(&r, 0, sizeof r);
	if (res)
		*res = r;
	if (cfg->m < 1 || cfg->max_iter < 1 || cfg->max_evals < 1 || !(cfg->gtol >= 0) || !(cfg->ftol >= 0))
		return ll_err_set(err, LL_EUSAGE,
				  "lbfgs: want m, max_iter, max_evals >= 1 and tolerances >= 0 (got m %d, max_iter %d, "
				  "max_evals %d, gtol %g, ftol %g)",
				  cfg->m, cfg->max_iter, cfg->max_evals, cfg->gtol, cfg->ftol);
	size_t m = (size_t)cfg->m;
	double *g = malloc((n ? n : 1) * sizeof *g), *d = malloc((n ? n : 1) * sizeof *d);
	double *xt = malloc((n ? n : 1) * sizeof *xt), *gt = malloc((n ? n : 1) * sizeof *gt);
	double *ytmp = malloc((n ? n : 1) * sizeof *ytmp);
	double *S = malloc((n ? n : 1) * m * sizeof *S), *Y = malloc((n ? n : 1) * m * sizeof *Y);
	double *rho = malloc(m * sizeof *rho), *alpha = malloc(m * sizeof *alpha);
	int rc = LL_OK;
	if (!g || !d || !xt || !gt || !ytmp || !S || !Y || !rho || !alpha) {
		rc = ll_err_set(err, LL_ENOMEM, "lbfgs: out of memory for %zu parameters", n);
		goto out;
	}
	double f;
	r.evals = 1;
	if ((rc = fn(ctx, x, &f, g, err)) != LL_OK)
		goto out;
	r.gmax = max_abs(g, n);
	if (!isfinite(f) || !isfinite(r.gmax)) {
		rc = ll_err_set(err, LL_EDATA, "lbfgs: the loss or its gradient is not finite at the start point");
		goto out;
	}
	r.f = f;
	if (r.gmax <= cfg->gtol) {
		r.converged = 1;
		r.stop = LL_LBFGS_GTOL;
		goto out;
	}
	size_t npairs = 0, head = 0; /* pair k (oldest first) is at (head + k) % m */
	for (;;) {
		/* two-loop recursion: d = -H g */
		for (size_t i = 0; i < n; i++)
			d[i] = -g[i];
		for (size_t k = npairs; k-- > 0;) {
			size_t j = (head + k) % m;
			alpha[j] = rho[j] * dot(S + j * n, d, n);
			for (size_t i = 0; i < n; i++)
				d[i] -= alpha[j] * Y[j * n + i];
		}
		if (npairs) {
			size_t j = (head + npairs - 1) % m;
			double yy = dot(Y + j * n, Y + j * n, n), gamma = 1.0 / (rho[j] * yy);
			for (size_t i = 0; i < n; i++)
				d[i] *= gamma;
		}
		for (size_t k = 0; k < npairs; k++) {
			size_t j = (head + k) % m;
			double beta = rho[j] * dot(Y + j * n, d, n);
			for (size_t i = 0; i < n; i++)
				d[i] += (alpha[j] - beta) * S[j * n + i];
		}
		double dg = dot(d, g, n);
		if (!(dg < 0)) {
			/* not a descent direction (stale curvature): start over from steepest descent */
			npairs = 0;
			for (size_t i = 0; i < n; i++)
				d[i] = -g[i];
			dg = -dot(g, g, n);
		}
		/* L-BFGS-B's first step is 1 / ||d||, every later one starts at 1 */
		double a0 = 1.0;
		if (r.iterations == 0) {
			double dn = sqrt(dot(d, d, n));
			a0 = dn > 0 && 1.0 / dn < STPMAX ? 1.0 / dn : STPMAX;
		}
		struct ls ls = {n, x, d, xt, gt, f, dg, 0, 0, fn, ctx, r.evals, cfg->max_evals, err};
		int found = line_search(&ls, a0, STPMAX);
		r.evals = ls.evals;
		if (found < 0) {
			rc = found;
			goto out;
		}
		if (!found) {
			if (r.evals >= cfg->max_evals) {
				r.stop = LL_LBFGS_MAX_EVALS;
				break;
			}
			if (npairs == 0) {
				r.stop = LL_LBFGS_LINE_SEARCH;
				break;
			}
			npairs = 0; /* forget the curvature and retry from steepest descent */
			continue;
		}
		/* the new pair (s, y) in d and ytmp; kept when its curvature s'y is
		 * positive enough (L-BFGS-B's test: s'y > eps * -g's) */
		double gs = 0;
		for (size_t i = 0; i < n; i++) {
			d[i] = xt[i] - x[i];
			ytmp[i] = gt[i] - g[i];
			gs += g[i] * d[i];
		}
		double sy = dot(d, ytmp, n);
		if (sy > DBL_EPSILON * -gs && sy > 0) {
			/* overwrites the oldest pair when memory is full */
			size_t j = npairs < m ? (head + npairs) % m : head;
			memcpy(S + j * n, d, n * sizeof *d);
			memcpy(Y + j * n, ytmp, n * sizeof *ytmp);
			rho[j] = 1.0 / sy;
			if (npairs < m)
				npairs++;
			else
				head = (head + 1) % m;
		}
		double f_prev = f;
		memcpy(x, xt, n * sizeof *x);
		memcpy(g, gt, n * sizeof *g);
		f = ls.ft;
		r.iterations++;
		r.f = f;
		r.gmax = max_abs(g, n);
		/* scipy counts the iteration and stops at max_iter before it tests
		 * convergence, and so does this */
		if (r.iterations >= cfg->max_iter) {
			r.stop = LL_LBFGS_MAX_ITER;
			break;
		}
		if (r.gmax <= cfg->gtol) {
			r.converged = 1;
			r.stop = LL_LBFGS_GTOL;
			break;
		}
		double scale = fabs(f_prev) > fabs(f) ? fabs(f_prev) : fabs(f);
		if (f_prev - f <= cfg->ftol * (scale > 1 ? scale : 1)) {
			r.converged = 1;
			r.stop = LL_LBFGS_FTOL;
			break;
		}
		if (r.evals >= cfg->max_evals) {
			r.stop = LL_LBFGS_MAX_EVALS;
			break;
		}
		if (cancel && atomic_load(cancel)) {
			rc = ll_err_set(err, LL_ECANCEL, "lbfgs: cancelled after %d iterations", r.iterations);
			break;
		}
	}
out:
	if (res)
		*res = r;
	free(g);
	free(d);
	free(xt);
	free(gt);
	free(ytmp);
	free(S);
	free(Y);
	free(rho);
	free(alpha);
	return rc;
}
