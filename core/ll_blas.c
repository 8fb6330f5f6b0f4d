/*
 * ll_blas.c - thin wrappers over OpenBLAS's CBLAS and its thread setting.
 *
 * The one file that includes <cblas.h> (see ll_blas.h for why). The thread
 * count is switched only when it must change, so a training loop of small
 * products pays for openblas_set_num_threads once.
 */
#include "ll_blas.h"

#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <stdatomic.h>

#include "ll_gemm.h"
#include "ll_mat.h"

static atomic_int max_threads = 1;
static atomic_int cur_threads = 0; /* what OpenBLAS was last told; 0 = not yet */

static void use_threads(int n)
{
	if (atomic_load(&cur_threads) != n) {
		openblas_set_num_threads(n);
		atomic_store(&cur_threads, n);
	}
}

int ll_blas_set_threads(int n)
{
	if (n < 1)
		n = 1;
	return atomic_exchange(&max_threads, n);
}

int ll_blas_threads(void)
{
	return atomic_load(&max_threads);
}

static atomic_int own = -1; /* -1: not decided yet (LOGLAB_GEMM) */

static int own_on(void)
{
	int o = atomic_load(&own);
	if (o < 0) {
		const char *v = getenv("LOGLAB_GEMM");
		o = v && !strcmp(v, "own");
		atomic_store(&own, o);
	}
	return o;
}

int ll_blas_set_own(int on)
{
	int was = own_on();
	atomic_store(&own, on != 0);
	return was;
}

/* The own kernel, when turned on (LOGLAB_GEMM=own or ll_blas_set_own),
 * takes products of up to OWN_MAX_WORK multiply-adds with k within its
 * packed panels. Off by default: it measured 0.6-1.0x OpenBLAS here
 * (bench/bench_gemm, bench/ISSUE18.md). */
#define OWN_MAX_WORK (1L << 21)

int ll_blas_own_gemm(size_t m, size_t n, size_t k)
{
	return own_on() && k >= 1 && k <= LL_GEMM_MAX_K &&
	       (double)m * (double)n * (double)k <= (double)OWN_MAX_WORK && ll_gemm_kernel() >= LL_GEMM_AVX2;
}

void ll_sgemm_bias(int trans_a, int trans_b, size_t m, size_t n, size_t k, const float *a, size_t lda,
		   const float *b, size_t ldb, float *c, size_t ldc, const float *bias, int relu)
{
	if (ll_blas_own_gemm(m, n, k) &&
	    ll_gemm(trans_a, trans_b, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, ldc, bias,
		    relu ? LL_GEMM_RELU : LL_GEMM_NONE) == 0)
		return;
	for (size_t i = 0; i < m; i++)
		memcpy(c + i * ldc, bias, n * sizeof(float));
	ll_sgemm(trans_a, trans_b, m, n, k, 1.0f, a, lda, b, ldb, 1.0f, c, ldc);
	if (relu)
		for (size_t i = 0; i < m; i++)
			ll_k_act_forward(LL_ACT_RELU, c + i * ldc, n);
}

void ll_sgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha, const float *a,
	      size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc)
{
	if (m == 0 || n == 0)
		return;
	if (ll_blas_own_gemm(m, n, k) &&
	    ll_gemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, NULL, LL_GEMM_NONE) == 0)
		return;
	double work = (double)m * (double)n * (double)k;
	use_threads(work < (double)LL_BLAS_SMALL_GEMM ? 1 : atomic_load(&max_threads));
	cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
		    (blasint)m, (blasint)n, (blasint)k, alpha, a, (blasint)lda, b, (blasint)ldb, beta, c,
		    (blasint)ldc);
}

void ll_dgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, double alpha, const double *a,
	      size_t lda, const double *b, size_t ldb, double beta, double *c, size_t ldc)
{
	if (m == 0 || n == 0)
		return;
	double work = (double)m * (double)n * (double)k;
	use_threads(work < (double)LL_BLAS_SMALL_GEMM ? 1 : atomic_load(&max_threads));
	cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
		    (blasint)m, (blasint)n, (blasint)k, alpha, a, (blasint)lda, b, (blasint)ldb, beta, c,
		    (blasint)ldc);
}

void ll_sgemv(int trans_a, size_t m, size_t n, float alpha, const float *a, size_t lda, const float *x,
	      float beta, float *y)
{
	if (m == 0 || n == 0)
		return;
	use_threads(1);
	cblas_sgemv(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, (blasint)m, (blasint)n, alpha, a,
		    (blasint)lda, x, 1, beta, y, 1);
}

void ll_saxpy(size_t n, float alpha, const float *x, float *y)
{
	use_threads(1); /* a threaded dot product would change the order of the sum */
	cblas_saxpy((blasint)n, alpha, x, 1, y, 1);
}

float ll_sdot(size_t n, const float *x, const float *y)
{
	use_threads(1);
	return cblas_sdot((blasint)n, x, 1, y, 1);
}

void ll_sscal(size_t n, float alpha, float *x)
{
	use_threads(1);
	cblas_sscal((blasint)n, alpha, x, 1);
}
