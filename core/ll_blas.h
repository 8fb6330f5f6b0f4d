/*
 * ll_blas.h - the only door to BLAS in loglab.
 *
 * OpenBLAS's <cblas.h> and GSL's <gsl/gsl_cblas.h> both declare enum
 * CBLAS_ORDER and cannot meet in one translation unit (STYLE.md), so every
 * BLAS call of the engine goes through these wrappers and only ll_blas.c
 * includes <cblas.h>. All matrices are float32, row-major, contiguous with
 * an explicit leading dimension (elements between the starts of two rows);
 * ll_dgemm is the one double-precision exception.
 *
 * Threads. OpenBLAS's thread count is a process-wide setting. Small GEMMs
 * (an MLP layer at batch 128 is 128x100x100) run faster on one thread than
 * on two on this kind of machine (../shared/PERF.md: 112 vs 72 GFLOP/s), so
 * ll_sgemm uses one thread when M*N*K is below LL_BLAS_SMALL_GEMM and up to
 * ll_blas_set_threads()'s limit otherwise. The limit defaults to 1, which
 * suits every model here: their products are small (an MLP layer, an LSTM
 * step, a block of k-means rows), and k-means runs its blocks on its own
 * threads (ll_kmeans_cfg.threads) instead. Raise it for large products.
 * Products the own kernel takes (below) run on the calling thread
 * whatever their size and limit.
 *
 * Determinism. A product gives the same bits from run to run at one
 * thread limit, but not across limits: OpenBLAS 0.3.21's threaded SGEMM
 * sums some elements of C in another order than its single-threaded one
 * (measured with LOGLAB_GEMM=openblas: 4492 of the 40,000 elements of a
 * 200 x 200 x 200 product differ between limits 1 and 2, by about 1e-6
 * relative; tests/core/test_blas.c). That is why the limit stays 1 for the
 * models, whose threads (training slices, k-means blocks) are their own
 * and give the same results at any count (tests/core/test_kmeans.c checks
 * 1 vs 2). The own kernel runs on the calling thread, so products it takes
 * do not depend on the limit.
 */
#ifndef LL_BLAS_H
#define LL_BLAS_H

#include <stddef.h>

/* Products smaller than this many multiply-adds use one thread. */
#define LL_BLAS_SMALL_GEMM (1L << 22)

/* Sets the most threads a large GEMM may use (1 or more; values < 1 mean 1).
 * Returns the previous limit. Not meant to change while another thread is
 * inside a BLAS call (the setting is shared by the whole process). */
int ll_blas_set_threads(int n);
int ll_blas_threads(void);

/* C = alpha * op(A) * op(B) + beta * C, row-major; op(X) = X or X^T when
 * the corresponding trans flag is non-zero. op(A) is m x k, op(B) k x n,
 * C m x n. lda/ldb/ldc are the row strides of A, B, C as stored. A
 * product goes to loglab's own kernel (ll_gemm.h) or to OpenBLAS as
 * ll_blas_own_gemm says (below). */
void ll_sgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha, const float *a,
	      size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc);

/* The same plus a bias row added to every row of C and an optional ReLU,
 * in one pass over C when the own kernel takes the product. */
void ll_sgemm_bias(int trans_a, int trans_b, size_t m, size_t n, size_t k, const float *a, size_t lda,
		   const float *b, size_t ldb, float *c, size_t ldc, const float *bias, int relu);

/* Who takes ll_sgemm's products: LL_BLAS_GEMM_AUTO (the default; also
 * LOGLAB_GEMM unset or any other value) sends a product to the own kernel
 * when that kernel runs on AVX-512 and the shape is one where it beats
 * OpenBLAS (ll_blas.c says which), or when OpenBLAS runs SSE kernels only
 * on this CPU (every product on AVX-512, those of that shape on AVX2), to
 * OpenBLAS otherwise; LOGLAB_GEMM=own
 * sends every product the own kernel takes (ll_gemm_takes) to it (AVX2 or
 * AVX-512), LOGLAB_GEMM=openblas every product to OpenBLAS. The choice
 * depends on the shape and the CPU only, so results do not change between
 * runs or thread counts. */
enum ll_blas_gemm { LL_BLAS_GEMM_AUTO = 0, LL_BLAS_GEMM_OWN, LL_BLAS_GEMM_OPENBLAS };

/* 1 when ll_sgemm would send this shape to the own kernel. */
int ll_blas_own_gemm(int trans_b, size_t m, size_t n, size_t k);
/* 1 when a product whose op(B) is reused many times should go to
 * ll_gemm_prepacked (op(B) packed once by ll_gemm_pack) rather than to
 * ll_sgemm: when the own AVX2 kernel is the best kernel of this CPU and
 * the choice is not LL_BLAS_GEMM_OPENBLAS. An LSTM's recurrent products
 * (64 x 256 x 64 forward, 64 x 64 x 256 backward) then skip packing the
 * same weights at every step, and measured faster than OpenBLAS's Zen
 * kernels (bench/ISSUE18.md); on AVX-512 ll_sgemm's own kernel is
 * faster still, and without AVX2 OpenBLAS is. */
int ll_blas_own_prepacked(void);
/* Sets the choice above process-wide (for benchmarks and tests), over
 * LOGLAB_GEMM; returns the previous one. */
enum ll_blas_gemm ll_blas_set_gemm(enum ll_blas_gemm g);
/* The name of the kernels OpenBLAS chose for this CPU ("Haswell",
 * "SkylakeX", ...; OPENBLAS_CORETYPE overrides it). */
const char *ll_blas_core(void);
/* 1 when those kernels are SSE only (OpenBLAS did not know this CPU, or
 * it has no AVX). */
int ll_blas_core_sse_only(void);

/* The same in double precision (logistic regression's solver). */
void ll_dgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, double alpha, const double *a,
	      size_t lda, const double *b, size_t ldb, double beta, double *c, size_t ldc);

/* y = alpha * op(A) * x + beta * y with A m x n row-major (stride lda).
 * With m or n 0 nothing is done, y not even scaled by beta (as in BLAS). */
void ll_sgemv(int trans_a, size_t m, size_t n, float alpha, const float *a, size_t lda, const float *x,
	      float beta, float *y);

/* y += alpha * x */
void ll_saxpy(size_t n, float alpha, const float *x, float *y);
/* x . y */
float ll_sdot(size_t n, const float *x, const float *y);
/* x *= alpha */
void ll_sscal(size_t n, float alpha, float *x);
/* The same two in double precision, on one thread. */
void ll_daxpy(size_t n, double alpha, const double *x, double *y);
double ll_ddot(size_t n, const double *x, const double *y);

#endif
