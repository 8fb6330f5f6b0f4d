/*
 * ll_isa.c - run-time choice of the kernels' instruction set (ll_isa.h).
 */
#include "ll_isa.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* -1: not read yet */
static atomic_int best_level = -1, env_cap = -1, cap = LL_ISA_AVX512;

int ll_isa_best(void)
{
	int b = atomic_load_explicit(&best_level, memory_order_relaxed);
	if (b >= 0)
		return b;
	b = LL_ISA_BASE;
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
		b = LL_ISA_AVX2;
		if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
		    __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq"))
			b = LL_ISA_AVX512;
	}
#endif
	atomic_store(&best_level, b);
	return b;
}

static int env_level(void)
{
	int e = atomic_load_explicit(&env_cap, memory_order_relaxed);
	if (e >= 0)
		return e;
	const char *v = getenv("LOGLAB_ISA");
	e = LL_ISA_AVX512;
	if (v && !strcmp(v, "base"))
		e = LL_ISA_BASE;
	else if (v && !strcmp(v, "avx2"))
		e = LL_ISA_AVX2;
	atomic_store(&env_cap, e);
	return e;
}

int ll_isa(void)
{
	int b = ll_isa_best(), c = atomic_load_explicit(&cap, memory_order_relaxed), e = env_level();
	b = c < b ? c : b;
	return e < b ? e : b;
}

int ll_isa_limit(int level)
{
	if (level < LL_ISA_BASE)
		level = LL_ISA_BASE;
	return atomic_exchange(&cap, level);
}

const char *ll_isa_name(int level)
{
	switch (level) {
	case LL_ISA_AVX2:
		return "avx2";
	case LL_ISA_AVX512:
		return "avx512";
	default:
		return "base";
	}
}
