/*
 * tests/core/test_logreg.c - L-BFGS and logistic regression: the solver
 * finds known minima and stops for the reasons it reports; the objective's
 * gradient matches finite differences (binary, multinomial, sparse rows,
 * weights); row ranges add up to the whole; the fit reaches the optimum
 * (gradient zero), is deterministic, and refuses one class.
 */
#include "harness.h"
#include "ll_lbfgs.h"
#include "ll_logreg.h"
#include "ll_rng.h"

#include <stdlib.h>
#include <string.h>

/* f = sum_i (i + 1) (x_i - 1)^2 : minimum 0 at x = 1 */
static int quad(void *ctx, const double *x, double *f, double *g, struct ll_err *err)
{
	(void)err;
	size_t n = *(const size_t *)ctx;
	*f = 0;
	for (size_t i = 0; i < n; i++) {
		double a = (double)(i + 1);
		*f += a * (x[i] - 1) * (x[i] - 1);
		g[i] = 2 * a * (x[i] - 1);
	}
	return LL_OK;
}

/* Rosenbrock in 2-D: minimum 0 at (1, 1) */
static int rosen(void *ctx, const double *x, double *f, double *g, struct ll_err *err)
{
	(void)ctx;
	(void)err;
	double a = 1 - x[0], b = x[1] - x[0] * x[0];
	*f = a * a + 100 * b * b;
	g[0] = -2 * a - 400 * x[0] * b;
	g[1] = 200 * b;
	return LL_OK;
}

static int nan_at_start(void *ctx, const double *x, double *f, double *g, struct ll_err *err)
{
	(void)ctx;
	(void)x;
	(void)err;
	*f = NAN;
	g[0] = 0;
	return LL_OK;
}

static void test_lbfgs(void)
{
	struct ll_err err;
	struct ll_lbfgs_cfg c;
	struct ll_lbfgs_result r;
	ll_lbfgs_defaults(&c);
	CHECK_INT(c.m, 10);
	CHECK_INT(c.max_iter, 100);
	size_t n = 20;
	double x[20] = {0};
	CHECK_INT(ll_lbfgs_minimize(n, x, quad, &n, &c, &r, NULL, &err), LL_OK);
	CHECK(r.converged);
	for (size_t i = 0; i < n; i++)
		CHECK_NEAR(x[i], 1.0, 1e-5);
	double y[2] = {-1.2, 1.0};
	c.max_iter = 1000;
	c.gtol = 1e-8;
	CHECK_INT(ll_lbfgs_minimize(2, y, rosen, NULL, &c, &r, NULL, &err), LL_OK);
	CHECK(r.converged);
	CHECK_NEAR(y[0], 1.0, 1e-5);
	CHECK_NEAR(y[1], 1.0, 1e-5);
	CHECK(r.f < 1e-10);
	/* an iteration limit is reported as such, with the point reached so far */
	double z[2] = {-1.2, 1.0};
	c.max_iter = 3;
	CHECK_INT(ll_lbfgs_minimize(2, z, rosen, NULL, &c, &r, NULL, &err), LL_OK);
	CHECK(!r.converged);
	CHECK_INT(r.stop, LL_LBFGS_MAX_ITER);
	CHECK_INT(r.iterations, 3);
	CHECK(r.f < 24.2); /* below f at the start */
	CHECK(strstr(ll_lbfgs_stop_text(r.stop), "iteration limit") != NULL);
	/* already at the minimum: no iteration */
	double one[20];
	for (size_t i = 0; i < n; i++)
		one[i] = 1;
	ll_lbfgs_defaults(&c);
	CHECK_INT(ll_lbfgs_minimize(n, one, quad, &n, &c, &r, NULL, &err), LL_OK);
	CHECK(r.converged && r.iterations == 0 && r.stop == LL_LBFGS_GTOL);
	/* bad settings and a start that is not finite */
	c.m = 0;
	CHECK_INT(ll_lbfgs_minimize(n, one, quad, &n, &c, &r, NULL, &err), LL_EUSAGE);
	ll_lbfgs_defaults(&c);
	double w[1] = {0};
	CHECK_INT(ll_lbfgs_minimize(1, w, nan_at_start, NULL, &c, &r, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "not finite") != NULL);
	/* cancelled */
	atomic_int cancel = 1;
	double q[2] = {-1.2, 1.0};
	CHECK_INT(ll_lbfgs_minimize(2, q, rosen, NULL, &c, &r, &cancel, &err), LL_ECANCEL);
}

/* n rows of d features in K Gaussian blobs; labels by blob. */
static void blobs(size_t n, size_t d, size_t K, uint64_t seed, float *X, int *y)
{
	struct ll_rng *r = ll_rng_new(seed);
	for (size_t i = 0; i < n; i++) {
		y[i] = (int)(i % K);
		for (size_t j = 0; j < d; j++)
			X[i * d + j] = (float)(ll_rng_gauss(r, 1.0) + (j % K == (size_t)y[i] ? 1.5 : 0.0));
	}
	ll_rng_free(r);
}

/* The objective's gradient against central differences. */
static void grad_check(const struct ll_logreg_data *dt, const char *what)
{
	struct ll_err err;
	struct ll_logreg_cfg c;
	ll_logreg_defaults(&c);
	c.C = 0.5;
	struct ll_logreg_problem *p;
	CHECK_INT(ll_logreg_problem_new(dt, &c, &p, &err), LL_OK);
	size_t np = ll_logreg_nparams(p);
	double *th = malloc(np * sizeof *th), *g = malloc(np * sizeof *g), *g2 = malloc(np * sizeof *g2);
	struct ll_rng *r = ll_rng_new(3);
	for (size_t j = 0; j < np; j++)
		th[j] = ll_rng_gauss(r, 0.3);
	ll_rng_free(r);
	double f;
	ll_logreg_objective(p, th, &f, g);
	double worst = 0;
	for (size_t j = 0; j < np; j++) {
		double h = 1e-6, fp, fm, keep = th[j];
		th[j] = keep + h;
		ll_logreg_objective(p, th, &fp, g2);
		th[j] = keep - h;
		ll_logreg_objective(p, th, &fm, g2);
		th[j] = keep;
		double num = (fp - fm) / (2 * h), rel = fabs(num - g[j]) / (fabs(num) + fabs(g[j]) + 1e-8);
		if (rel > worst)
			worst = rel;
	}
	if (worst > 1e-6)
		fprintf(stderr, "%s: worst relative gradient error %g\n", what, worst);
	CHECK(worst < 1e-6);
	/* two ranges of rows add up to all of them */
	double fa = 0, fb = 0, fall = 0;
	memset(g, 0, np * sizeof *g);
	memset(g2, 0, np * sizeof *g2);
	ll_logreg_loss_rows(p, th, 0, dt->n / 3, &fa, g);
	ll_logreg_loss_rows(p, th, dt->n / 3, dt->n, &fb, g);
	ll_logreg_loss_rows(p, th, 0, dt->n, &fall, g2);
	CHECK_NEAR(fa + fb, fall, 1e-9 * fabs(fall));
	for (size_t j = 0; j < np; j++)
		CHECK_NEAR(g[j], g2[j], 1e-9 * (1 + fabs(g2[j])));
	free(th);
	free(g);
	free(g2);
	ll_logreg_problem_free(p);
}

static void test_gradients(void)
{
	enum { N = 60, D = 5 };
	float X[N * D], w[N], cw[3] = {1.0f, 2.0f, 0.5f};
	int y[N], y2[N];
	blobs(N, D, 3, 7, X, y);
	for (size_t i = 0; i < N; i++) {
		w[i] = 0.5f + (float)(i % 4);
		y2[i] = y[i] == 2 ? 1 : y[i];
	}
	struct ll_logreg_data multi = {N, D, X, NULL, NULL, y, w, 3, cw};
	grad_check(&multi, "multinomial");
	struct ll_logreg_data bin = {N, D, X, NULL, NULL, y2, NULL, 2, NULL};
	grad_check(&bin, "binary");
	/* the same rows as CSR (zeros left out), picked through row ids */
	struct ll_csr csr;
	size_t indptr[N + 1], rows[N];
	uint32_t idx[N * D];
	float val[N * D];
	size_t nnz = 0;
	for (size_t i = 0; i < N; i++) {
		indptr[i] = nnz;
		rows[i] = N - 1 - i;
		for (size_t j = 0; j < D; j++)
			if (X[i * D + j] > 0.2f) {
				idx[nnz] = (uint32_t)j;
				val[nnz++] = X[i * D + j];
			}
	}
	indptr[N] = nnz;
	csr.rows = N;
	csr.cols = D;
	csr.nnz = nnz;
	csr.indptr = indptr;
	csr.indices = idx;
	csr.values = val;
	int yr[N];
	for (size_t i = 0; i < N; i++)
		yr[i] = y[rows[i]];
	struct ll_logreg_data sp = {N, D, NULL, &csr, rows, yr, NULL, 3, NULL};
	grad_check(&sp, "sparse multinomial");
}

static void test_fit(void)
{
	enum { N = 300, D = 4 };
	static float X[N * D];
	static int y[N];
	blobs(N, D, 3, 11, X, y);
	struct ll_err err;
	struct ll_logreg_cfg c;
	ll_logreg_defaults(&c);
	CHECK_NEAR(c.C, 1.0, 0);
	CHECK_NEAR(c.tol, 1e-4, 0);
	CHECK_INT(c.max_iter, 100);
	/* 4 classes declared, class 3 has no rows: it gets probability 0 */
	struct ll_logreg_data dt = {N, D, X, NULL, NULL, y, NULL, 4, NULL};
	float W[4 * D], b[4], W2[4 * D], b2[4];
	struct ll_logreg_info info;
	CHECK_INT(ll_logreg_fit(&c, &dt, W, b, &info, NULL, &err), LL_OK);
	CHECK(info.solver.converged);
	CHECK_INT(info.nfitted, 3);
	CHECK(info.solver.stop == LL_LBFGS_GTOL || info.solver.stop == LL_LBFGS_FTOL);
	for (size_t j = 0; j < D; j++)
		CHECK(W[3 * D + j] == 0);
	CHECK(b[3] < -1000);
	/* the optimum: a tighter run moves the coefficients very little */
	struct ll_logreg_cfg tight = c;
	tight.tol = 1e-10;
	tight.max_iter = 1000;
	CHECK_INT(ll_logreg_fit(&tight, &dt, W2, b2, NULL, NULL, &err), LL_OK);
	double num = 0, den = 0;
	for (size_t j = 0; j < 3 * D; j++) {
		num += (W[j] - W2[j]) * (W[j] - W2[j]);
		den += W2[j] * W2[j];
	}
	CHECK(sqrt(num / den) < 1e-3);
	/* multinomial intercepts start at zero and their gradient sums to
	 * zero, so they stay centred as sklearn's */
	CHECK_NEAR(b2[0] + b2[1] + b2[2], 0, 1e-5);
	/* deterministic */
	float W3[4 * D], b3[4];
	CHECK_INT(ll_logreg_fit(&c, &dt, W3, b3, NULL, NULL, &err), LL_OK);
	CHECK(memcmp(W, W3, sizeof W) == 0 && memcmp(b, b3, sizeof b) == 0);
	/* an iteration limit is not an error but is reported */
	struct ll_logreg_cfg one = c;
	one.max_iter = 1;
	CHECK_INT(ll_logreg_fit(&one, &dt, W3, b3, &info, NULL, &err), LL_OK);
	CHECK(!info.solver.converged && info.solver.stop == LL_LBFGS_MAX_ITER);
	/* one class: refused, naming it */
	int same[N];
	for (size_t i = 0; i < N; i++)
		same[i] = 2;
	struct ll_logreg_data single = {N, D, X, NULL, NULL, same, NULL, 3, NULL};
	CHECK_INT(ll_logreg_fit(&c, &single, W3, b3, NULL, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "one class") != NULL && strstr(err.msg, "2") != NULL);
	/* bad settings and rows */
	struct ll_logreg_cfg bad = c;
	bad.C = 0;
	CHECK_INT(ll_logreg_fit(&bad, &dt, W3, b3, NULL, NULL, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "C:", 2) == 0);
	X[5] = NAN;
	CHECK_INT(ll_logreg_fit(&c, &dt, W3, b3, NULL, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 2") != NULL);
}

/* Two separable classes: the L2 penalty keeps the weights finite and the
 * probabilities sensible (no divergence as without a penalty). */
static void test_separable(void)
{
	enum { N = 40 };
	float X[N];
	int y[N];
	for (size_t i = 0; i < N; i++) {
		X[i] = (float)i - 19.5f;
		y[i] = X[i] > 0;
	}
	struct ll_err err;
	struct ll_logreg_cfg c;
	ll_logreg_defaults(&c);
	struct ll_logreg_data dt = {N, 1, X, NULL, NULL, y, NULL, 2, NULL};
	float W[2], b[2];
	struct ll_logreg_info info;
	CHECK_INT(ll_logreg_fit(&c, &dt, W, b, &info, NULL, &err), LL_OK);
	CHECK(info.solver.converged);
	CHECK(W[0] == 0 && b[0] == 0);
	CHECK(W[1] > 0.5f && W[1] < 20.0f && isfinite(b[1]));
}

/* The loss is summed in parts of the rows, on as many threads as asked:
 * the gradient is still right over several parts, and the fit the same to
 * the bit at 1, 2 and 3 threads, dense and sparse. */
static void test_threads(void)
{
	/* 1200 x 600 x 3 is enough work a pass for the threads; under valgrind
	 * and the sanitizers 60 features, one thread's work, the same parts */
	enum { N = 1200, DMAX = 600, K = 3 };
	const size_t D = ll_test_slow_build() ? 60 : DMAX;
	float *X = malloc(sizeof(float) * N * D);
	int *y = malloc(sizeof(int) * N);
	blobs(N, D, K, 11, X, y);
	/* several parts (N >= 1024): each row counted once */
	struct ll_logreg_data few = {N, 4, NULL, NULL, NULL, y, NULL, K, NULL};
	float *X4 = malloc(sizeof(float) * N * 4);
	for (size_t i = 0; i < N; i++)
		memcpy(X4 + i * 4, X + i * D, 4 * sizeof *X4);
	few.X = X4;
	grad_check(&few, "multinomial in parts");
	struct ll_logreg_data dt = {N, D, X, NULL, NULL, y, NULL, K, NULL};
	struct ll_logreg_cfg c;
	ll_logreg_defaults(&c);
	struct ll_err err;
	float W1[K * DMAX], b1[K], W[K * DMAX], b[K];
	struct ll_logreg_info info;
	CHECK_INT(ll_logreg_fit(&c, &dt, W1, b1, &info, NULL, &err), LL_OK);
	CHECK(info.solver.converged);
	for (int t = 2; t <= 3; t++) {
		c.threads = t;
		CHECK_INT(ll_logreg_fit(&c, &dt, W, b, NULL, NULL, &err), LL_OK);
		CHECK(memcmp(W, W1, K * D * sizeof *W) == 0 && memcmp(b, b1, sizeof b) == 0);
	}
	free(X);
	free(X4);
	free(y);
	/* sparse rows, two classes, enough values (rows x their entries,
	 * 2^21 and more) to take the threads; under valgrind a tenth of the
	 * rows, one thread's work (the release and ASan passes check threads) */
	enum { DS = 256, PER = 180 };
	const size_t NS = ll_test_slow_build() ? 1200 : 12000;
	size_t *indptr = malloc(sizeof(size_t) * (NS + 1));
	uint32_t *idx = malloc(sizeof(uint32_t) * NS * PER);
	float *val = malloc(sizeof(float) * NS * PER);
	int *ys = malloc(sizeof(int) * NS);
	uint64_t st = 5;
	size_t nnz = 0;
	for (size_t i = 0; i < NS; i++) {
		indptr[i] = nnz;
		ys[i] = (int)(i % 2);
		uint32_t skip = (uint32_t)(ll_test_xorshift(&st) % (DS - PER));
		for (uint32_t k = 0; k < PER; k++) {
			uint32_t j = k + (k >= skip ? DS - PER : 0); /* increasing, a gap at a random place */
			idx[nnz] = j;
			val[nnz++] = (float)(ll_test_xorshift(&st) % 8) / 8.0f + (j % 4 == (uint32_t)ys[i] * 2 ? 0.5f : 0.0f);
		}
	}
	indptr[NS] = nnz;
	struct ll_csr csr = {.rows = NS, .cols = DS, .nnz = nnz, .indptr = indptr, .indices = idx, .values = val};
	struct ll_logreg_data sp = {NS, DS, NULL, &csr, NULL, ys, NULL, 2, NULL};
	float Ws1[2 * DS], bs1[2], Ws[2 * DS], bs[2];
	c.threads = 1;
	CHECK_INT(ll_logreg_fit(&c, &sp, Ws1, bs1, &info, NULL, &err), LL_OK);
	CHECK(info.solver.iterations > 1);
	c.threads = 2;
	CHECK_INT(ll_logreg_fit(&c, &sp, Ws, bs, NULL, NULL, &err), LL_OK);
	CHECK(memcmp(Ws, Ws1, sizeof Ws) == 0 && memcmp(bs, bs1, sizeof bs) == 0);
	free(indptr);
	free(idx);
	free(val);
	free(ys);
}

int main(void)
{
	test_lbfgs();
	test_gradients();
	test_fit();
	test_separable();
	test_threads();
	TEST_MAIN_END();
}
