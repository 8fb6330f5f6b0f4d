/*
 * test_blas.c - the level-1/2 wrappers and ll_dgemm of ll_blas.h against
 * naive loops at several sizes, strides and transpositions (the GEMM
 * kernels have test_gemm.c); the thread limit's clamping and round trip;
 * the OpenBLAS core name; the AVX-512 GEMM entry called directly when
 * the CPU has it (under valgrind, which hides AVX-512, only the refusal);
 * and OpenBLAS's idle workers stopped at start, started again by a
 * product on two threads.
 */
#include "harness.h"
#include "ll_blas.h"
#include "ll_gemm.h"
#include "ll_gemm_avx512.h"

#include <dirent.h>

static float fval(size_t i, unsigned s)
{
	return (float)((i * 2654435761u + s * 40503u) % 2001u) / 1000.0f - 1.0f;
}

static void test_level1(void)
{
	static const size_t sizes[] = {0, 1, 7, 16, 33, 1000};
	for (size_t t = 0; t < sizeof sizes / sizeof *sizes; t++) {
		size_t n = sizes[t];
		float x[1000], y[1000], y0[1000];
		for (size_t i = 0; i < n; i++) {
			x[i] = fval(i, 1);
			y[i] = y0[i] = fval(i, 2);
		}
		double dot = 0;
		for (size_t i = 0; i < n; i++)
			dot += (double)x[i] * y[i];
		CHECK_NEAR(ll_sdot(n, x, y), dot, 1e-4 * (1 + n));

		ll_saxpy(n, 0.5f, x, y);
		int bad = 0;
		for (size_t i = 0; i < n; i++)
			bad += fabsf(y[i] - (y0[i] + 0.5f * x[i])) > 1e-6f;
		CHECK_INT(bad, 0);

		ll_sscal(n, -2.0f, y);
		bad = 0;
		for (size_t i = 0; i < n; i++)
			bad += fabsf(y[i] + 2.0f * (y0[i] + 0.5f * x[i])) > 1e-5f;
		CHECK_INT(bad, 0);

		/* the double-precision pair */
		double xd[1000], yd[1000], dd = 0;
		for (size_t i = 0; i < n; i++) {
			xd[i] = x[i];
			yd[i] = y0[i];
			dd += xd[i] * yd[i];
		}
		CHECK_NEAR(ll_ddot(n, xd, yd), dd, 1e-12 * (1 + n));
		ll_daxpy(n, -0.25, xd, yd);
		bad = 0;
		for (size_t i = 0; i < n; i++)
			bad += fabs(yd[i] - ((double)y0[i] - 0.25 * xd[i])) > 1e-15;
		CHECK_INT(bad, 0);
	}
	double none = 2.0;
	CHECK(ll_ddot(0, &none, &none) == 0.0);
	ll_daxpy(0, 1.0, &none, &none);
	CHECK(none == 2.0);
	/* n = 0 touches nothing and the empty dot product is 0 */
	float one = 3.0f;
	CHECK(ll_sdot(0, &one, &one) == 0.0f);
	ll_saxpy(0, 1.0f, &one, &one);
	ll_sscal(0, 0.0f, &one);
	CHECK(one == 3.0f);
	/* alpha 0 scales to exact zeros */
	float z[5] = {1, -2, 3, -4, 5};
	ll_sscal(5, 0.0f, z);
	for (int i = 0; i < 5; i++)
		CHECK(z[i] == 0.0f);
}

/* y = alpha * op(A) x + beta * y against a double loop, A strided. */
static double sgemv_err(int trans, size_t m, size_t n, float alpha, float beta)
{
	size_t lda = n + 3, ny = trans ? n : m, nx = trans ? m : n;
	float *a = malloc((m * lda + 1) * sizeof *a), *x = malloc((nx + 1) * sizeof *x), *y = malloc((ny + 1) * sizeof *y);
	double *ref = malloc((ny + 1) * sizeof *ref);
	for (size_t i = 0; i < m * lda; i++)
		a[i] = fval(i, 3);
	for (size_t i = 0; i < nx; i++)
		x[i] = fval(i, 4);
	for (size_t i = 0; i < ny; i++)
		y[i] = fval(i, 5);
	for (size_t i = 0; i < ny; i++) {
		double s = 0;
		for (size_t p = 0; p < nx; p++)
			s += (double)(trans ? a[p * lda + i] : a[i * lda + p]) * x[p];
		ref[i] = alpha * s + (double)beta * y[i];
	}
	ll_sgemv(trans, m, n, alpha, a, lda, x, beta, y);
	double worst = 0;
	for (size_t i = 0; i < ny; i++) {
		double e = fabs(y[i] - ref[i]) / (1 + fabs(ref[i]));
		worst = e > worst ? e : worst;
	}
	free(a), free(x), free(y), free(ref);
	return worst;
}

static void test_sgemv(void)
{
	static const size_t dims[] = {1, 2, 5, 17, 64, 129};
	for (int trans = 0; trans <= 1; trans++)
		for (size_t i = 0; i < 6; i++)
			for (size_t j = 0; j < 6; j += 2) {
				CHECK(sgemv_err(trans, dims[i], dims[j], 1.0f, 0.0f) < 1e-5);
				CHECK(sgemv_err(trans, dims[i], dims[j], -0.5f, 2.0f) < 1e-5);
			}
	/* an empty matrix leaves y alone (BLAS's quick return) */
	float y[2] = {1, 2}, a = 9, x = 9;
	ll_sgemv(0, 0, 2, 1.0f, &a, 2, &x, 0.0f, y);
	ll_sgemv(1, 2, 0, 1.0f, &a, 1, &x, 0.0f, y);
	CHECK(y[0] == 1.0f && y[1] == 2.0f);
}

static double dgemm_err(int ta, int tb, size_t m, size_t n, size_t k, double alpha, double beta)
{
	size_t lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 3;
	size_t na = (ta ? k : m) * lda, nb = (tb ? n : k) * ldb, nc = m * ldc;
	double *a = malloc((na + 1) * sizeof *a), *b = malloc((nb + 1) * sizeof *b), *c = malloc((nc + 1) * sizeof *c);
	double *ref = malloc((m * n + 1) * sizeof *ref);
	for (size_t i = 0; i < na; i++)
		a[i] = fval(i, 6);
	for (size_t i = 0; i < nb; i++)
		b[i] = fval(i, 7);
	for (size_t i = 0; i < nc; i++)
		c[i] = fval(i, 8);
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < n; j++) {
			long double s = 0;
			for (size_t p = 0; p < k; p++)
				s += (long double)(ta ? a[p * lda + i] : a[i * lda + p]) *
				     (tb ? b[j * ldb + p] : b[p * ldb + j]);
			ref[i * n + j] = alpha * (double)s + beta * c[i * ldc + j];
		}
	double pad = c[0 * ldc + n]; /* the stride's gap must stay untouched */
	ll_dgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
	double worst = m && c[n] != pad ? 1 : 0;
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < n; j++) {
			double e = fabs(c[i * ldc + j] - ref[i * n + j]) / (1 + fabs(ref[i * n + j]));
			worst = e > worst ? e : worst;
		}
	free(a), free(b), free(c), free(ref);
	return worst;
}

static void test_dgemm(void)
{
	static const size_t dims[] = {1, 3, 8, 31, 70};
	for (int ta = 0; ta <= 1; ta++)
		for (int tb = 0; tb <= 1; tb++)
			for (size_t i = 0; i < 5; i++) {
				size_t m = dims[i], n = dims[(i + 2) % 5], k = dims[(i + 4) % 5];
				CHECK(dgemm_err(ta, tb, m, n, k, 1.0, 0.0) < 1e-12);
				CHECK(dgemm_err(ta, tb, m, n, k, 0.25, -1.5) < 1e-12);
			}
	/* k = 0: C = beta * C */
	CHECK(dgemm_err(0, 0, 4, 5, 0, 1.0, 0.5) < 1e-15);
	/* m = 0 or n = 0: nothing is touched */
	double c = 7;
	ll_dgemm(0, 0, 0, 1, 1, 1.0, &c, 1, &c, 1, 0.0, &c, 1);
	ll_dgemm(0, 0, 1, 0, 1, 1.0, &c, 1, &c, 1, 0.0, &c, 1);
	CHECK(c == 7);
}

static void test_threads(void)
{
	int was = ll_blas_set_threads(3);
	CHECK_INT(was, 1); /* the documented default */
	CHECK_INT(ll_blas_threads(), 3);
	CHECK_INT(ll_blas_set_threads(0), 3);
	CHECK_INT(ll_blas_threads(), 1); /* < 1 means 1 */
	ll_blas_set_threads(-5);
	CHECK_INT(ll_blas_threads(), 1);
	/* a large product at a limit of 2 gives the result it gives at 1 up to
	 * rounding: when OpenBLAS takes it (always under valgrind, which hides
	 * AVX-512 from the own kernel) its threaded SGEMM sums in another
	 * order (ll_blas.h), about 1e-6 relative here */
	size_t n = 200;
	float *a = malloc(n * n * sizeof *a), *c1 = malloc(n * n * sizeof *c1), *c2 = malloc(n * n * sizeof *c2);
	for (size_t i = 0; i < n * n; i++)
		a[i] = fval(i, 9);
	ll_sgemm(0, 1, n, n, n, 1.0f, a, n, a, n, 0.0f, c1, n);
	ll_blas_set_threads(2);
	ll_sgemm(0, 1, n, n, n, 1.0f, a, n, a, n, 0.0f, c2, n);
	double worst = 0;
	for (size_t i = 0; i < n * n; i++)
		worst = fmax(worst, fabs(c1[i] - c2[i]) / (1 + fabs(c1[i])));
	if (worst > 0)
		fprintf(stderr, "note: 1 vs 2 threads differ by %g (core %s)\n", worst, ll_blas_core());
	CHECK(worst < 1e-5);
	ll_blas_set_threads(1);
	free(a), free(c1), free(c2);
}

static void test_core_name(void)
{
	const char *core = ll_blas_core();
	CHECK(core != NULL && core[0] != '\0');
	CHECK(core && strlen(core) < 64 && !strchr(core, '\n'));
}

static void test_avx512_direct(void)
{
	int has = ll_gemm_avx512_cpu();
	CHECK(has == 0 || has == 1);
	/* the kernel picker never offers AVX-512 when the CPU check refuses it */
	if (!has) {
		CHECK(ll_gemm_kernel() != LL_GEMM_AVX512);
		return;
	}
	size_t m = 19, n = 37, k = 23, lda = k + 1, ldb = n + 2, ldc = n + 1;
	float *a = malloc(m * lda * sizeof *a), *b = malloc(k * ldb * sizeof *b), *c = malloc(m * ldc * sizeof *c);
	float bias[37];
	for (size_t i = 0; i < m * lda; i++)
		a[i] = fval(i, 10);
	for (size_t i = 0; i < k * ldb; i++)
		b[i] = fval(i, 11);
	for (size_t i = 0; i < m * ldc; i++)
		c[i] = fval(i, 12);
	for (size_t j = 0; j < n; j++)
		bias[j] = fval(j, 13);
	float *c0 = malloc(m * ldc * sizeof *c0);
	memcpy(c0, c, m * ldc * sizeof *c);
	ll_gemm_avx512_run(0, 0, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, ldc, bias, LL_GEMM_RELU);
	int bad = 0;
	for (size_t i = 0; i < m; i++) {
		for (size_t j = 0; j < n; j++) {
			double s = bias[j];
			for (size_t p = 0; p < k; p++)
				s += (double)a[i * lda + p] * b[p * ldb + j];
			s = s > 0 ? s : 0;
			bad += fabs(c[i * ldc + j] - s) > 1e-4 * (1 + fabs(s));
		}
		bad += c[i * ldc + n] != c0[i * ldc + n]; /* the gap */
	}
	CHECK_INT(bad, 0);
	free(a), free(b), free(c), free(c0);
}

/* Threads of this process now. */
static int threads_now(void)
{
	DIR *d = opendir("/proc/self/task");
	if (!d)
		return -1;
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

int blas_thread_shutdown_(void) __attribute__((weak));

/* Before any product: OpenBLAS's constructor started a worker for the
 * second core, ll_blas's stopped it. A product OpenBLAS takes at a limit
 * of 2 starts it again and is right. */
static void test_idle_workers(void)
{
	if (!blas_thread_shutdown_) {
		fprintf(stderr, "note: this OpenBLAS has no thread server\n");
		return;
	}
	CHECK_INT(threads_now(), 1);
	enum ll_blas_gemm was = ll_blas_set_gemm(LL_BLAS_GEMM_OPENBLAS);
	size_t n = 300;
	float *a = malloc(n * n * sizeof *a), *c = malloc(n * n * sizeof *c);
	for (size_t i = 0; i < n * n; i++)
		a[i] = fval(i, 5);
	/* products at the default limit of 1 leave them stopped */
	ll_sgemm(0, 0, n, n, n, 1.0f, a, n, a, n, 0.0f, c, n);
	ll_sgemv(0, n, n, 1.0f, a, n, a, 0.0f, c);
	CHECK_INT(threads_now(), 1);
	ll_blas_set_threads(2);
	ll_sgemm(0, 0, n, n, n, 1.0f, a, n, a, n, 0.0f, c, n);
	ll_blas_set_threads(1);
	CHECK_INT(threads_now(), 2);
	size_t bad = 0;
	for (size_t i = 0; i < n; i += 37)
		for (size_t j = 0; j < n; j += 41) {
			double want = 0;
			for (size_t k = 0; k < n; k++)
				want += (double)a[i * n + k] * a[k * n + j];
			bad += fabs(c[i * n + j] - want) > 1e-3 * (1 + fabs(want));
		}
	CHECK_INT(bad, 0);
	ll_blas_set_gemm(was);
	free(a), free(c);
}

int main(void)
{
	test_idle_workers();
	test_level1();
	test_sgemv();
	test_dgemm();
	test_threads();
	test_core_name();
	test_avx512_direct();
	TEST_MAIN_END();
}
