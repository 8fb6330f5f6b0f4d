/*
 * ll_gemm.h - loglab's own single-precision GEMM for the small products of
 * training, with the bias and the ReLU of a dense layer fused into the
 * store of the result.
 *
 * Training computes the gradient of 64-row slices (ll_train.h), so its
 * products are small: 64 x 100 x 100 for a layer of the DNN, 64 x 256 x 64
 * for an LSTM step. At that size OpenBLAS spends a good part of each call
 * on its interface, thread checks and generic packing. Three kernels,
 * the best the CPU has found at run time (__builtin_cpu_supports; valgrind
 * hides AVX-512, so under it the AVX2 kernel runs):
 *  - AVX-512 (ll_gemm_avx512.c): 8 x 48 tiles, op(B) = B read in place and
 *    op(B) = B^T packed by 16 x 16 register transposes. 1.15-2.25x
 *    OpenBLAS 0.3.21 on training's shapes on an AVX-512 Zen 5 (which that
 *    OpenBLAS does not know: it runs its Haswell kernels there), 0.75-1.4x
 *    its SkylakeX kernels (bench/bench_gemm, bench/ISSUE18.md). ll_blas.c
 *    sends it the shapes where it wins, by default.
 *  - AVX2 + FMA (ll_gemm.c): 6 x 16 tiles on packed panels of op(B);
 *    0.4-1.0x OpenBLAS's Haswell kernels, so used by ll_sgemm only when
 *    asked (LOGLAB_GEMM=own on a CPU without AVX-512); by default for the
 *    LSTM's products on weights packed once (ll_gemm_prepacked below).
 *  - portable C, for other CPUs and the tests.
 * op(A) is read in place by all (any transposition is a pair of strides).
 *
 * Every element of C is a sum over k in increasing order with one FMA per
 * term from 0, then alpha, beta, the bias and the ReLU in that order,
 * whatever the shape, the position of the element or the thread, so
 * results are deterministic; the AVX-512 and AVX2 kernels give the same
 * bits (tests/core/test_gemm), OpenBLAS and the portable kernel (no FMA)
 * differ from them in the last bits.
 *
 * All matrices row-major float32 as in ll_blas.h. Nothing is allocated:
 * the packed panels live on the stack (128 KiB).
 */
#ifndef LL_GEMM_H
#define LL_GEMM_H

#include <stddef.h>

/* What the store applies after the bias. */
enum ll_gemm_act { LL_GEMM_NONE = 0, LL_GEMM_RELU };

/* Kernels ll_gemm may use, from the slowest (a forced kernel the CPU
 * lacks falls back to the best below it). */
enum ll_gemm_kernel {
	LL_GEMM_AUTO = 0, /* the best this CPU has */
	LL_GEMM_PORTABLE, /* the C micro-kernel (tests compare it with the others) */
	LL_GEMM_AVX2,     /* AVX2 + FMA, 6 x 16 tiles */
	LL_GEMM_AVX512,   /* AVX-512 F/VL/BW/DQ + FMA, 8 x 48 tiles (ll_gemm_avx512.c) */
};

/* Largest k ll_gemm takes when it packs op(B) (the packed panels are
 * sized for it): always with the AVX2 and portable kernels, with op(B) =
 * B^T on AVX-512 (ll_gemm_takes). */
#define LL_GEMM_MAX_K 512

/* C = act(alpha op(A) op(B) + beta C + bias) with op(A) m x k, op(B) k x n,
 * bias n values added to every row (NULL: none). beta 0 never reads C (it
 * may hold NaN). k must be one ll_gemm_takes; returns -1 (doing nothing)
 * otherwise, 0 when done. */
int ll_gemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
	    const float *b, size_t ldb, float beta, float *c, size_t ldc, const float *bias, enum ll_gemm_act act);

/* 1 when ll_gemm, on the kernel in use, takes a product of this k and
 * transposition of B: k in 1..LL_GEMM_MAX_K, or any k >= 1 with
 * trans_b 0 on the AVX-512 kernel (it reads B in place). */
int ll_gemm_takes(int trans_b, size_t k);

/* Products that reuse one op(B) many times (an LSTM's recurrent weights,
 * 2 x 49 products a batch) pack it once: ll_gemm_pack writes op(B) (k x n)
 * into ll_gemm_packed_floats(n, k) floats at bp, and ll_gemm_prepacked is
 * ll_gemm on those panels, any k >= 1 (the panels are the caller's, not
 * the stack's); it returns -1 for k = 0, else 0. Both run the packed-panel
 * kernels: AVX2 on a CPU with AVX2 (with AVX-512 too), else the portable
 * one. The bits are ll_gemm's on that kernel. */
size_t ll_gemm_packed_floats(size_t n, size_t k);
void ll_gemm_pack(int trans_b, size_t n, size_t k, const float *b, size_t ldb, float *bp);
int ll_gemm_prepacked(int trans_a, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
		      const float *bp, float beta, float *c, size_t ldc, const float *bias, enum ll_gemm_act act);

/* Chooses the kernel (process-wide; for tests and benchmarks). */
void ll_gemm_use(enum ll_gemm_kernel k);
/* The kernel in use: LL_GEMM_PORTABLE, LL_GEMM_AVX2 or LL_GEMM_AVX512. */
enum ll_gemm_kernel ll_gemm_kernel(void);

#endif
