/*
 * ll_gemm_avx512.h - the AVX-512 path of ll_gemm (internal to core/ll_gemm*.c).
 *
 * A file of its own because every function in it is compiled for AVX-512
 * through target attributes while the rest of the build is not: the CPU
 * (and valgrind, which hides AVX-512 from CPUID) decide at run time
 * whether it is called at all.
 */
#ifndef LL_GEMM_AVX512_H
#define LL_GEMM_AVX512_H

#include <stddef.h>

#include "ll_gemm.h"

/* 1 when the CPU and the OS (saved zmm state) offer AVX-512 F/VL/BW/DQ
 * and FMA, 0 otherwise (also on non-x86 builds). */
int ll_gemm_avx512_cpu(void);

/* ll_gemm's product on the AVX-512 kernel, k already checked to be
 * 1..LL_GEMM_MAX_K and m, n > 0. Only call when ll_gemm_avx512_cpu(). */
void ll_gemm_avx512_run(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha, const float *a,
			size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc, const float *bias,
			enum ll_gemm_act act);

#endif
