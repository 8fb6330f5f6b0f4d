/*
 * ll_evict.c - cache lines given back (ll_evict.h).
 */
#include "ll_evict.h"

#include <stdatomic.h>
#include <stdint.h>

#if defined(__GNUC__) && defined(__x86_64__)
#include <cpuid.h>

/* -1: not asked yet */
static atomic_int have = -1;

int ll_evict_supported(void)
{
	int h = atomic_load_explicit(&have, memory_order_relaxed);
	if (h >= 0)
		return h;
	unsigned a, b, c, d;
	h = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_CLFLUSHOPT) ? 1 : 0;
	atomic_store(&have, h);
	return h;
}

__attribute__((target("clflushopt"))) static void flush_lines(uintptr_t a, uintptr_t end)
{
	for (; a < end; a += 64)
		__builtin_ia32_clflushopt((void *)a);
}

void ll_evict(const void *p, size_t bytes)
{
	if (!p || !bytes || !ll_evict_supported())
		return;
	/* every line the range touches, the first one from its start */
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)63;
	flush_lines(a, (uintptr_t)p + bytes);
}
#else
int ll_evict_supported(void)
{
	return 0;
}

void ll_evict(const void *p, size_t bytes)
{
	(void)p;
	(void)bytes;
}
#endif
