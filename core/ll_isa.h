/*
 * ll_isa.h - which vector instruction set the hot kernels run with.
 *
 * loglab is compiled for generic x86-64; a few kernels (the LSTM's gate
 * and cell passes, k-means' distances) are compiled again for AVX2 + FMA
 * and for AVX-512 (LL_ISA_VARIANTS) and pick one at run time from CPUID.
 * valgrind hides AVX-512 from CPUID, so under it the AVX2 code runs.
 *
 * Every variant performs the same float operations on each element in the
 * same order (no contraction into FMA: C11's -ffp-contract=off), so all
 * variants give the same bits: results do not depend on the CPU. The one
 * exception is k-means' distances (ll_kdist.h), fused multiply-adds on AVX2
 * and AVX-512 alike but a GEMM on the base set. tests/core/test_isa checks
 * both by capping the set with ll_isa_limit and comparing.
 */
#ifndef LL_ISA_H
#define LL_ISA_H

#include "ll_mat.h"

enum ll_isa_level {
	LL_ISA_BASE = 0,   /* generic x86-64 (SSE2), or any other CPU */
	LL_ISA_AVX2 = 1,   /* AVX2 and FMA */
	LL_ISA_AVX512 = 2, /* AVX-512 F, VL, BW, DQ with AVX2 and FMA */
};

/* The best level this CPU supports (LL_ISA_BASE off x86-64). */
int ll_isa_best(void);
/* The level the kernels use: the best, capped by ll_isa_limit and by the
 * environment variable LOGLAB_ISA (base, avx2 or avx512) read once. */
int ll_isa(void);
/* Caps the level (for tests and benchmarks; a value above the best means
 * the best) and returns the previous cap. Process-wide. */
int ll_isa_limit(int level);
/* "base", "avx2", "avx512" */
const char *ll_isa_name(int level);

/* The body of a kernel and the helpers it calls: inlined into each
 * variant and vectorised there with the variant's instruction set. */
#define LL_VINLINE LL_VECTORIZE __attribute__((always_inline)) static inline

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define LL_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define LL_TARGET_AVX512 __attribute__((target("avx2,fma,avx512f,avx512vl,avx512bw,avx512dq")))
/* LL_ISA_VARIANTS(name, params, args) defines `static void name params`
 * that calls the always-inline body `name##_body args` compiled for the
 * level ll_isa() picks; the body is written once, in plain C, for the
 * vectoriser (LL_VECTORIZE). */
#define LL_ISA_VARIANTS(name, params, args)                                           \
	LL_VECTORIZE static void name##_base params { name##_body args; }             \
	LL_VECTORIZE LL_TARGET_AVX2 static void name##_avx2 params { name##_body args; } \
	LL_VECTORIZE LL_TARGET_AVX512 static void name##_avx512 params { name##_body args; } \
	static void name params                                                       \
	{                                                                             \
		switch (ll_isa()) {                                                   \
		case LL_ISA_AVX512:                                                   \
			name##_avx512 args;                                           \
			break;                                                        \
		case LL_ISA_AVX2:                                                     \
			name##_avx2 args;                                             \
			break;                                                        \
		default:                                                              \
			name##_base args;                                             \
		}                                                                     \
	}
/* The same with no AVX-512 code: the AVX2 variant serves both levels.
 * For loops of many streams and little arithmetic, where GCC's 16-wide
 * code with its remainder handling was slower than 8-wide (the LSTM's cell
 * backward: 0.74 against 0.44 ns an element). */
#define LL_ISA_VARIANTS_256(name, params, args)                                       \
	LL_VECTORIZE static void name##_base params { name##_body args; }             \
	LL_VECTORIZE LL_TARGET_AVX2 static void name##_avx2 params { name##_body args; } \
	static void name params                                                       \
	{                                                                             \
		if (ll_isa() >= LL_ISA_AVX2)                                          \
			name##_avx2 args;                                             \
		else                                                                  \
			name##_base args;                                             \
	}
#else
#define LL_ISA_VARIANTS(name, params, args)                                           \
	LL_VECTORIZE static void name params { name##_body args; }
#define LL_ISA_VARIANTS_256 LL_ISA_VARIANTS
#endif

#endif
