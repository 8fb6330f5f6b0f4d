/*
 * ll_logreg.c - the logistic-regression objective, its gradient over row
 * ranges, and the fit through L-BFGS (see ll_logreg.h).
 *
 * Dense rows are copied once into double precision so each evaluation is
 * two dgemm per chunk of rows (logits, then the weight gradient); sparse
 * rows are walked directly. The solver's vector theta is
 *   two classes:  [w (d), b]
 *   otherwise:    [W (kp x d, one row per class present), b (kp)].
 */
#include "ll_logreg.h"
#include "ll_par.h"
#include "ll_pool.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ll_blas.h"

/* Rows per chunk of the dense path (bounds the logits buffer). */
#define CHUNK 2048
/* The rows of a call are summed in up to LR_PARTS parts of about equal
 * size, each in row order into a buffer of its own, and the parts are
 * added in part order: the bits do not depend on how many threads
 * computed the parts. A part has at least LR_PART_ROWS rows (so a small
 * problem is one part, summed as plain row order), and the parts' buffers
 * stay within LR_PARTS_BYTES. */
#define LR_PARTS 8
#define LR_PART_ROWS 512
#define LR_PARTS_BYTES ((size_t)64 << 20)
/* Below this many multiply-adds a pass runs on the calling thread: waking
 * the pool's threads costs more than it saves. */
#define LR_THREADED_WORK ((size_t)1 << 21)
/* With few classes (columns of the logits), rows of many features and W
 * small enough to stay in a core's cache, the dense path goes row by row
 * (a dot product and an axpy a class): OpenBLAS's GEMMs of so few columns
 * copy X into packed panels every pass. Measured per solve (4 classes):
 * 38 features, GEMMs 0.50 s against 0.72 s row by row; 200, 0.32 against
 * 0.28; 3,000 (3 classes), 1.41 against 1.01. */
#define ROWWISE_CLASSES 8
#define ROWWISE_MIN_FEATURES 128
#define ROWWISE_MAX_WEIGHTS ((size_t)1 << 16)
/* Intercept of a class without training rows: softmax gives it 0. */
#define ABSENT_INTERCEPT -1e4f

struct ll_logreg_problem {
	size_t n, d, nclasses, kp;
	int binary;
	int *present;              /* kp class ids */
	int *yi;                   /* n: index into present (binary: 0/1) */
	double *sw;                /* n sample weights */
	double *Xd;                /* n x d, or NULL (sparse) */
	const struct ll_csr *csr;
	size_t *rows;              /* n csr row ids, with csr */
	double inv_c;
	size_t np;                 /* ll_logreg_nparams */
	size_t row_width;          /* values a row holds: d, or a sparse row's mean */
	double *Z;                 /* LR_PARTS x CHUNK x kp work buffers (dense path) */
	double *zrow;              /* LR_PARTS x kp (sparse path) */
	double *part_grad;         /* parts_for(np, n) x np */
	double *part_loss;         /* LR_PARTS, after part_grad's */
	struct ll_pool *pool;      /* NULL: one thread */
};

void ll_logreg_defaults(struct ll_logreg_cfg *cfg)
{
	cfg->C = 1.0;
	cfg->tol = 1e-4;
	cfg->max_iter = 100;
	cfg->threads = 1;
}

int ll_logreg_check(const struct ll_logreg_cfg *cfg, struct ll_err *err)
{
	if (!(cfg->C > 0) || !isfinite(cfg->C))
		return ll_err_set(err, LL_EUSAGE, "C: must be a positive number, got %g", cfg->C);
	if (!(cfg->tol >= 0) || !isfinite(cfg->tol))
		return ll_err_set(err, LL_EUSAGE, "tol: must be a number >= 0, got %g", cfg->tol);
	if (cfg->max_iter < 1)
		return ll_err_set(err, LL_EUSAGE, "max_iter: must be at least 1, got %d", cfg->max_iter);
	return LL_OK;
}

void ll_logreg_problem_free(struct ll_logreg_problem *p)
{
	if (!p)
		return;
	free(p->present);
	free(p->yi);
	free(p->sw);
	free(p->Xd);
	free(p->rows);
	free(p->Z);
	free(p->zrow);
	free(p->part_grad);
	ll_pool_free(p->pool);
	free(p);
}

size_t ll_logreg_nparams(const struct ll_logreg_problem *p)
{
	return p->binary ? p->d + 1 : p->kp * (p->d + 1);
}

size_t ll_logreg_nfitted(const struct ll_logreg_problem *p)
{
	return p->kp;
}

/* How many parts a call over rows rows of a problem of np parameters is
 * summed in (see LR_PARTS). */
static size_t parts_for(size_t np, size_t rows)
{
	size_t parts = rows / LR_PART_ROWS, by_bytes = LR_PARTS_BYTES / (np * sizeof(double));
	if (parts > by_bytes)
		parts = by_bytes;
	if (parts > LR_PARTS)
		parts = LR_PARTS;
	return parts ? parts : 1;
}

static int check_rows(const struct ll_logreg_data *dt, struct ll_err *err)
{
	if (dt->nclasses < 2)
		return ll_err_set(err, LL_EUSAGE, "logreg: needs at least 2 classes, got %zu", dt->nclasses);
	if (!dt->X && !dt->csr)
		return ll_err_set(err, LL_EUSAGE, "logreg: no rows given (neither X nor csr)");
	for (size_t i = 0; i < dt->n; i++) {
		if (dt->y[i] < 0 || (size_t)dt->y[i] >= dt->nclasses)
			return ll_err_set(err, LL_EDATA, "logreg: training row %zu has class id %d outside 0..%zu", i + 1,
					  dt->y[i], dt->nclasses - 1);
		if (dt->w && (!(dt->w[i] >= 0) || !isfinite(dt->w[i])))
			return ll_err_set(err, LL_EDATA, "logreg: training row %zu has weight %g (must be >= 0)", i + 1,
					  (double)dt->w[i]);
		if (dt->csr) {
			size_t r = dt->rows ? dt->rows[i] : i;
			if (r >= dt->csr->rows)
				return ll_err_set(err, LL_EUSAGE, "logreg: row id %zu beyond the %zu sparse rows", r,
						  dt->csr->rows);
			for (size_t k = dt->csr->indptr[r]; k < dt->csr->indptr[r + 1]; k++)
				if (dt->csr->indices[k] >= dt->d || !isfinite(dt->csr->values[k]))
					return ll_err_set(err, LL_EDATA,
							  "logreg: training row %zu has a column or value out of range", i + 1);
		} else {
			for (size_t j = 0; j < dt->d; j++)
				if (!isfinite(dt->X[i * dt->d + j]))
					return ll_err_set(err, LL_EDATA,
							  "logreg: training row %zu column %zu is not a finite number", i + 1,
							  j + 1);
		}
	}
	if (dt->class_weight)
		for (size_t c = 0; c < dt->nclasses; c++)
			if (!(dt->class_weight[c] >= 0) || !isfinite(dt->class_weight[c]))
				return ll_err_set(err, LL_EUSAGE, "logreg: class weight %zu is %g (must be >= 0)", c,
						  (double)dt->class_weight[c]);
	return LL_OK;
}

int ll_logreg_problem_new(const struct ll_logreg_data *dt, const struct ll_logreg_cfg *cfg,
			  struct ll_logreg_problem **out, struct ll_err *err)
{
	*out = NULL;
	int rc = ll_logreg_check(cfg, err);
	if (rc || (rc = check_rows(dt, err)))
		return rc;
	struct ll_logreg_problem *p = calloc(1, sizeof *p);
	size_t n = dt->n, K = dt->nclasses;
	double *mass = calloc(K, sizeof *mass);
	int *map = malloc(K * sizeof *map);
	if (!p || !mass || !map) {
		free(mass);
		free(map);
		free(p);
		return ll_err_set(err, LL_ENOMEM, "logreg: out of memory");
	}
	p->n = n;
	p->d = dt->d;
	p->nclasses = K;
	p->inv_c = 1.0 / cfg->C;
	p->csr = dt->csr;
	p->sw = malloc((n ? n : 1) * sizeof *p->sw);
	p->yi = malloc((n ? n : 1) * sizeof *p->yi);
	p->present = malloc(K * sizeof *p->present);
	if (!p->sw || !p->yi || !p->present)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		double s = (dt->w ? dt->w[i] : 1.0) * (dt->class_weight ? dt->class_weight[dt->y[i]] : 1.0);
		p->sw[i] = s;
		mass[dt->y[i]] += s;
	}
	for (size_t c = 0; c < K; c++) {
		map[c] = mass[c] > 0 ? (int)p->kp : -1;
		if (mass[c] > 0)
			p->present[p->kp++] = (int)c;
	}
	if (p->kp < 2) {
		rc = ll_err_set(err, LL_EDATA,
				"logreg: the training rows hold one class only (class id %d); a classifier needs two",
				p->kp ? p->present[0] : -1);
		goto fail;
	}
	p->binary = p->kp == 2;
	p->np = ll_logreg_nparams(p);
	p->row_width = dt->d;
	if (dt->csr && n) {
		size_t nnz = 0;
		for (size_t i = 0; i < n; i++) {
			size_t r = dt->rows ? dt->rows[i] : i;
			nnz += dt->csr->indptr[r + 1] - dt->csr->indptr[r];
		}
		p->row_width = nnz / n + 1;
	}
	for (size_t i = 0; i < n; i++)
		p->yi[i] = map[dt->y[i]];
	/* no call has more rows than the problem: buffers for its parts */
	size_t parts = parts_for(p->np, n);
	if (!(p->part_grad = malloc((parts * p->np + LR_PARTS) * sizeof *p->part_grad)))
		goto nomem;
	p->part_loss = p->part_grad + parts * p->np;
	if (dt->csr) {
		if (dt->rows) {
			if (!(p->rows = malloc((n ? n : 1) * sizeof *p->rows)))
				goto nomem;
			memcpy(p->rows, dt->rows, n * sizeof *p->rows);
		}
		if (!(p->zrow = malloc(LR_PARTS * p->kp * sizeof *p->zrow)))
			goto nomem;
	} else {
		size_t cells = n * dt->d;
		if (dt->d && cells / dt->d != n)
			goto nomem;
		if (!(p->Xd = malloc((cells ? cells : 1) * sizeof *p->Xd)) ||
		    !(p->Z = malloc(LR_PARTS * CHUNK * p->kp * sizeof *p->Z)))
			goto nomem;
		for (size_t i = 0; i < cells; i++)
			p->Xd[i] = dt->X[i];
	}
	free(mass);
	free(map);
	*out = p;
	return LL_OK;
nomem:
	rc = ll_err_set(err, LL_ENOMEM, "logreg: out of memory for %zu rows x %zu features", n, dt->d);
fail:
	free(mass);
	free(map);
	ll_logreg_problem_free(p);
	return rc;
}

/* log(1 + e^z) without overflow. */
static double softplus(double z)
{
	return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

/* Turns row i's logits z (kp values) into its weighted residuals in place
 * and returns its weighted loss. Binary: z has one value. */
static double residual(const struct ll_logreg_problem *p, size_t i, double *z)
{
	double s = p->sw[i];
	int y = p->yi[i];
	if (p->binary) {
		double loss = softplus(z[0]) - (y ? z[0] : 0);
		double pr = z[0] >= 0 ? 1.0 / (1.0 + exp(-z[0])) : exp(z[0]) / (1.0 + exp(z[0]));
		z[0] = s * (pr - y);
		return s * loss;
	}
	double mx = z[0];
	for (size_t c = 1; c < p->kp; c++)
		if (z[c] > mx)
			mx = z[c];
	double sum = 0;
	for (size_t c = 0; c < p->kp; c++)
		sum += exp(z[c] - mx);
	double lse = mx + log(sum), loss = lse - z[y];
	for (size_t c = 0; c < p->kp; c++)
		z[c] = s * (exp(z[c] - lse) - ((int)c == y));
	return s * loss;
}

/* Adds the weighted loss of rows [r0, r1) to *loss and their gradient to
 * grad, in row order; Z (dense: CHUNK x kp) or z (sparse: kp) is scratch. */
static void loss_rows_seq(const struct ll_logreg_problem *p, const double *theta, size_t r0, size_t r1, double *Z,
			  double *z, double *loss, double *grad)
{
	size_t d = p->d, kp = p->binary ? 1 : p->kp;
	const double *W = theta, *b = theta + kp * d;
	double *gW = grad, *gb = grad + kp * d, sum = 0;
	if (p->Xd && kp <= ROWWISE_CLASSES && d >= ROWWISE_MIN_FEATURES && kp * d <= ROWWISE_MAX_WEIGHTS) {
		/* a row's logits and its gradient terms while the row is in
		 * cache: X is read once a pass */
		z = Z;
		for (size_t i = r0; i < r1; i++) {
			const double *x = p->Xd + i * d;
			for (size_t c = 0; c < kp; c++)
				z[c] = b[c] + ll_ddot(d, x, W + c * d);
			sum += residual(p, i, z);
			for (size_t c = 0; c < kp; c++) {
				gb[c] += z[c];
				ll_daxpy(d, z[c], x, gW + c * d);
			}
		}
	} else if (p->Xd) {
		for (size_t i0 = r0; i0 < r1; i0 += CHUNK) {
			size_t nb = r1 - i0 < CHUNK ? r1 - i0 : CHUNK;
			const double *X = p->Xd + i0 * d;
			for (size_t i = 0; i < nb; i++)
				memcpy(Z + i * kp, b, kp * sizeof *Z);
			ll_dgemm(0, 1, nb, kp, d, 1.0, X, d, W, d, 1.0, Z, kp);
			for (size_t i = 0; i < nb; i++) {
				sum += residual(p, i0 + i, Z + i * kp);
				for (size_t c = 0; c < kp; c++)
					gb[c] += Z[i * kp + c];
			}
			ll_dgemm(1, 0, kp, d, nb, 1.0, Z, kp, X, d, 1.0, gW, d);
		}
	} else {
		const struct ll_csr *m = p->csr;
		for (size_t i = r0; i < r1; i++) {
			size_t r = p->rows ? p->rows[i] : i;
			for (size_t c = 0; c < kp; c++) {
				double v = b[c];
				const double *Wc = W + c * d;
				for (size_t k = m->indptr[r]; k < m->indptr[r + 1]; k++)
					v += Wc[m->indices[k]] * m->values[k];
				z[c] = v;
			}
			sum += residual(p, i, z);
			for (size_t c = 0; c < kp; c++) {
				double *Gc = gW + c * d;
				gb[c] += z[c];
				for (size_t k = m->indptr[r]; k < m->indptr[r + 1]; k++)
					Gc[m->indices[k]] += z[c] * m->values[k];
			}
		}
	}
	*loss += sum;
}

struct parts_job {
	const struct ll_logreg_problem *p;
	const double *theta;
	size_t r0, rows, parts;
};

static void part_worker(void *arg, int t, int T)
{
	const struct parts_job *j = arg;
	const struct ll_logreg_problem *p = j->p;
	size_t kp = p->binary ? 1 : p->kp;
	for (size_t q = (size_t)t; q < j->parts; q += (size_t)T) {
		double *g = p->part_grad + q * p->np, *loss = p->part_loss + q;
		memset(g, 0, p->np * sizeof *g);
		*loss = 0;
		size_t a = j->r0 + j->rows * q / j->parts, b = j->r0 + j->rows * (q + 1) / j->parts;
		loss_rows_seq(p, j->theta, a, b, p->Z ? p->Z + q * CHUNK * kp : NULL, p->zrow ? p->zrow + q * kp : NULL,
			      loss, g);
	}
}

void ll_logreg_loss_rows(const struct ll_logreg_problem *p, const double *theta, size_t r0, size_t r1, double *loss,
			 double *grad)
{
	if (r1 > p->n)
		r1 = p->n;
	if (r0 >= r1)
		return;
	struct parts_job j = {p, theta, r0, r1 - r0, parts_for(p->np, r1 - r0)};
	size_t kp = p->binary ? 1 : p->kp;
	size_t work = j.rows * p->row_width * kp;
	if (p->pool && j.parts > 1 && work >= LR_THREADED_WORK)
		ll_pool_run(p->pool, part_worker, &j);
	else
		part_worker(&j, 0, 1);
	for (size_t q = 0; q < j.parts; q++) {
		const double *g = p->part_grad + q * p->np;
		for (size_t i = 0; i < p->np; i++)
			grad[i] += g[i];
		*loss += p->part_loss[q];
	}
}

void ll_logreg_objective(const struct ll_logreg_problem *p, const double *theta, double *loss, double *grad)
{
	size_t np = ll_logreg_nparams(p), nw = np - (p->binary ? 1 : p->kp);
	memset(grad, 0, np * sizeof *grad);
	double f = 0;
	/* On several ranks (ll_par.h) each computes its share of the chunks of
	 * rows and the float64 sums of loss and gradient are added in rank
	 * order, identical on every rank; the penalty is added once after. */
	size_t nch = (p->n + CHUNK - 1) / CHUNK, c0, c1;
	ll_par_share(nch, ll_par_rank(), ll_par_size(), &c0, &c1);
	ll_logreg_loss_rows(p, theta, c0 * CHUNK, c1 * CHUNK, &f, grad);
	if (ll_par_size() > 1) {
		struct ll_err e;
		if (ll_par_sum_f64(grad, np, &e) != LL_OK || ll_par_sum_f64(&f, 1, &e) != LL_OK)
			ll_par_abort(LL_EIO, &e);
	}
	double sq = 0;
	for (size_t j = 0; j < nw; j++) {
		sq += theta[j] * theta[j];
		grad[j] += p->inv_c * theta[j];
	}
	*loss = f + 0.5 * p->inv_c * sq;
}

static int objective_fn(void *ctx, const double *x, double *f, double *g, struct ll_err *err)
{
	(void)err;
	ll_logreg_objective(ctx, x, f, g);
	return LL_OK;
}

int ll_logreg_fit(const struct ll_logreg_cfg *cfg, const struct ll_logreg_data *data, float *W, float *b,
		  struct ll_logreg_info *info, atomic_int *cancel, struct ll_err *err)
{
	if (info)
		memset(info, 0, sizeof *info);
	struct ll_logreg_problem *p;
	int rc = ll_logreg_problem_new(data, cfg, &p, err);
	if (rc)
		return rc;
	size_t np = ll_logreg_nparams(p), d = p->d;
	/* threads do not change the result (LR_PARTS): only the time */
	if (cfg->threads > 1 && p->n >= 2 * LR_PART_ROWS && (rc = ll_pool_new(cfg->threads, &p->pool, err)) != LL_OK) {
		ll_logreg_problem_free(p);
		return rc;
	}
	double *theta = calloc(np, sizeof *theta);
	if (!theta) {
		ll_logreg_problem_free(p);
		return ll_err_set(err, LL_ENOMEM, "logreg: out of memory");
	}
	struct ll_lbfgs_cfg lc;
	ll_lbfgs_defaults(&lc);
	lc.gtol = cfg->tol;
	lc.max_iter = cfg->max_iter;
	struct ll_lbfgs_result lr;
	/* on several ranks a cancel seen by one rank alone would stop it out of
	 * step with the others: the solve (at most max_iter steps) runs to its end */
	rc = ll_lbfgs_minimize(np, theta, objective_fn, p, &lc, &lr, ll_par_size() > 1 ? NULL : cancel, err);
	if (rc == LL_OK) {
		memset(W, 0, data->nclasses * d * sizeof *W);
		for (size_t c = 0; c < data->nclasses; c++)
			b[c] = ABSENT_INTERCEPT;
		if (p->binary) {
			/* sklearn's coef_ belongs to the higher class; the lower stays 0 */
			b[p->present[0]] = 0;
			for (size_t j = 0; j < d; j++)
				W[(size_t)p->present[1] * d + j] = (float)theta[j];
			b[p->present[1]] = (float)theta[d];
		} else {
			for (size_t c = 0; c < p->kp; c++) {
				for (size_t j = 0; j < d; j++)
					W[(size_t)p->present[c] * d + j] = (float)theta[c * d + j];
				b[p->present[c]] = (float)theta[p->kp * d + c];
			}
		}
		if (info) {
			info->solver = lr;
			info->nfitted = p->kp;
			info->loss = lr.f;
		}
	}
	free(theta);
	ll_logreg_problem_free(p);
	return rc;
}
