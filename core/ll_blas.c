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
#include <strings.h>

#include <cblas.h>
#include <stdatomic.h>

#include "ll_gemm.h"
#include "ll_mat.h"

static atomic_int max_threads = 1;
static atomic_int cur_threads = 0; /* what OpenBLAS was last told; 0 = not yet */

/* OpenBLAS's pthread build starts its worker threads in its library
 * constructor, and each spins on a core (sched_yield) for about 2^28
 * cycles before it sleeps: a loglab command of 40 ms of work took 60-80
 * ms of CPU, the second core busy doing nothing. The limit here starts at
 * 1, so the workers wait for products that never come. This constructor
 * runs after OpenBLAS's (an executable's run after its libraries') and
 * stops them the way OpenBLAS does itself before a fork, after telling it
 * one thread (which it must hear while its server is up: told later, it
 * starts the server again). Its next product on more than one thread
 * starts them again (tests/core/test_blas.c). The symbol is weak: builds
 * of OpenBLAS without the thread server lack it. */
int blas_thread_shutdown_(void) __attribute__((weak));

__attribute__((constructor)) static void stop_idle_workers(void)
{
	if (!blas_thread_shutdown_)
		return;
	openblas_set_num_threads(1);
	atomic_store(&cur_threads, 1);
	blas_thread_shutdown_();
}

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

static atomic_int choice = -1; /* enum ll_blas_gemm; -1: not read from LOGLAB_GEMM yet */

static enum ll_blas_gemm gemm_choice(void)
{
	int o = atomic_load(&choice);
	if (o < 0) {
		const char *v = getenv("LOGLAB_GEMM");
		o = !v ? LL_BLAS_GEMM_AUTO
		       : !strcmp(v, "own") ? LL_BLAS_GEMM_OWN
		       : !strcmp(v, "openblas") ? LL_BLAS_GEMM_OPENBLAS : LL_BLAS_GEMM_AUTO;
		atomic_store(&choice, o);
	}
	return (enum ll_blas_gemm)o;
}

enum ll_blas_gemm ll_blas_set_gemm(enum ll_blas_gemm g)
{
	enum ll_blas_gemm was = gemm_choice();
	atomic_store(&choice, (int)g);
	return was;
}

/* By default the own kernel takes a product when it runs on AVX-512 and
 * the shape is one where it measured faster than OpenBLAS 0.3.21 (whose
 * Haswell kernels are what it picks on an AVX-512 Zen 5; bench/bench_gemm,
 * bench/ISSUE18.md: 1.2-2.2x on the DNN's and LSTM's layers, the LSTM's
 * weight gradients over k = 3200 included; 1.3x on k-means' distances to
 * 8 centres): at least 8 columns (OWN_MIN_N; a 2-column output layer
 * wastes 7/8 of every vector of 16, and OpenBLAS won there) and
 * enough k to pay for the tile's store (OWN_MIN_K; the backward product
 * from a 2-class output has k = 2). A fixed rule on the shape, never a
 * timing, so that a run is reproducible. On AVX2 alone the own kernel
 * measured 0.35-1.07x OpenBLAS and ll_sgemm uses it only when forced
 * (ll_blas_own_prepacked's products are another matter). */
#define OWN_MIN_N 8
#define OWN_MIN_K 8

/* OpenBLAS names the kernels it chose for a CPU it does not know after the
 * last it does; 0.3.21 takes an Emerald Rapids Xeon (AVX-512, AMX) for a
 * Prescott and multiplies with SSE3. Against those the own kernel won on
 * every product of bench_gemm on AVX-512 (1.3-5.2x, the 2-column output
 * layer included) and on AVX2 wherever the shape rule below holds
 * (1.7-2.4x; it lost on 2-column products). These are the kernel sets of
 * OpenBLAS without AVX, a list that no longer grows. */
static int openblas_sse_only(void)
{
	static const char *const sse_only[] = {
		"Unknown", "Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Atom",
		"Core2", "Penryn", "Dunnington", "Nehalem", "Athlon", "Opteron", "Opteron_SSE3",
		"Barcelona", "Nano", "Bobcat",
	};
	static atomic_int known = -1;
	int v = atomic_load(&known);
	if (v < 0) {
		const char *core = openblas_get_corename();
		v = 0;
		for (size_t i = 0; core && i < sizeof sse_only / sizeof *sse_only; i++)
			if (!strcasecmp(core, sse_only[i]))
				v = 1;
		atomic_store(&known, v);
	}
	return v;
}

int ll_blas_own_gemm(int trans_b, size_t m, size_t n, size_t k)
{
	(void)m;
	enum ll_blas_gemm g = gemm_choice();
	if (g == LL_BLAS_GEMM_OPENBLAS || !ll_gemm_takes(trans_b, k))
		return 0;
	enum ll_gemm_kernel kern = ll_gemm_kernel();
	if (g == LL_BLAS_GEMM_OWN)
		return kern >= LL_GEMM_AVX2;
	int shape = n >= OWN_MIN_N && k >= OWN_MIN_K;
	if (openblas_sse_only())
		return kern == LL_GEMM_AVX512 || (kern == LL_GEMM_AVX2 && shape);
	return kern == LL_GEMM_AVX512 && shape;
}

int ll_blas_own_prepacked(void)
{
	return gemm_choice() != LL_BLAS_GEMM_OPENBLAS && ll_gemm_kernel() == LL_GEMM_AVX2;
}

int ll_blas_core_sse_only(void)
{
	return openblas_sse_only();
}

const char *ll_blas_core(void)
{
	return openblas_get_corename();
}

void ll_sgemm_bias(int trans_a, int trans_b, size_t m, size_t n, size_t k, const float *a, size_t lda,
		   const float *b, size_t ldb, float *c, size_t ldc, const float *bias, int relu)
{
	if (ll_blas_own_gemm(trans_b, m, n, k) &&
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
	if (ll_blas_own_gemm(trans_b, m, n, k) &&
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

void ll_daxpy(size_t n, double alpha, const double *x, double *y)
{
	use_threads(1);
	cblas_daxpy((blasint)n, alpha, x, 1, y, 1);
}

double ll_ddot(size_t n, const double *x, const double *y)
{
	use_threads(1);
	return cblas_ddot((blasint)n, x, 1, y, 1);
}

void ll_sscal(size_t n, float alpha, float *x)
{
	use_threads(1);
	cblas_sscal((blasint)n, alpha, x, 1);
}
