/*
 * ll_bigmem.c - large arrays on transparent huge pages (see ll_bigmem.h).
 */
#define _DEFAULT_SOURCE /* madvise and MADV_HUGEPAGE under -std=c11 */
#include "ll_bigmem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_BYTES ((size_t)2 << 20)

void *ll_big_alloc(size_t bytes)
{
	if (bytes == 0)
		return NULL;
	if (bytes < LL_BIGMEM_MIN)
		return malloc(bytes);
#ifdef MADV_HUGEPAGE
	/* whole huge pages: the advice covers the last one too */
	size_t len = (bytes + HUGE_BYTES - 1) & ~(HUGE_BYTES - 1);
	if (len < bytes)
		return NULL; /* overflow */
	void *p;
	if (posix_memalign(&p, HUGE_BYTES, len) != 0)
		return NULL;
	/* only advice: without it (THP off, old kernel) the pages are small */
	(void)madvise(p, len, MADV_HUGEPAGE);
	return p;
#else
	return malloc(bytes);
#endif
}

void *ll_big_realloc(void *p, size_t old_bytes, size_t bytes)
{
	if (bytes == 0) {
		free(p);
		return NULL;
	}
	if (bytes < LL_BIGMEM_MIN)
		return realloc(p, bytes);
	void *q = ll_big_alloc(bytes);
	if (!q)
		return NULL;
	if (p)
		memcpy(q, p, old_bytes < bytes ? old_bytes : bytes);
	free(p);
	return q;
}
