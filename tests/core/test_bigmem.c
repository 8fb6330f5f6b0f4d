/*
 * test_bigmem.c - ll_big_alloc: small and large requests give writable
 * memory of the size asked (large ones aligned to 2 MiB where huge pages
 * can be advised), 0 bytes gives NULL, and everything is freed by free();
 * ll_big_realloc keeps the contents across the threshold both ways.
 */
#include <stdint.h>

#include "harness.h"
#include "ll_bigmem.h"

static void fill_and_check(size_t bytes)
{
	unsigned char *p = ll_big_alloc(bytes);
	CHECK(p != NULL);
	if (!p)
		return;
	/* first, middle and last bytes, and one a page */
	for (size_t i = 0; i < bytes; i += 4096)
		p[i] = (unsigned char)(i >> 12);
	p[bytes - 1] = 0xa5;
	size_t bad = 0;
	for (size_t i = 0; i < bytes; i += 4096)
		bad += p[i] != (unsigned char)(i >> 12) && i != bytes - 1;
	CHECK_INT(bad, 0);
	CHECK_INT(p[bytes - 1], 0xa5);
	free(p);
}

/* Doubling from one byte past the threshold, as a growing table column
 * does, then shrinking back: every kept byte survives each move. */
static void test_realloc(void)
{
	CHECK(ll_big_realloc(NULL, 0, 0) == NULL);
	size_t cap = 1000;
	unsigned char *p = ll_big_realloc(NULL, 0, cap);
	CHECK(p != NULL);
	for (size_t i = 0; i < cap; i++)
		p[i] = (unsigned char)(i * 7);
	size_t bad = 0;
	while (cap < 3 * LL_BIGMEM_MIN) {
		unsigned char *q = ll_big_realloc(p, cap, cap * 2);
		CHECK(q != NULL);
		if (!q)
			break;
		for (size_t i = 0; i < cap; i++)
			bad += q[i] != (unsigned char)(i * 7);
		for (size_t i = cap; i < cap * 2; i++)
			q[i] = (unsigned char)(i * 7);
		p = q;
		cap *= 2;
	}
	CHECK_INT(bad, 0);
#if defined(__linux__)
	CHECK_INT((uintptr_t)p % ((uintptr_t)2 << 20), 0);
#endif
	unsigned char *q = ll_big_realloc(p, cap, 100);
	CHECK(q != NULL);
	for (size_t i = 0; q && i < 100; i++)
		bad += q[i] != (unsigned char)(i * 7);
	CHECK_INT(bad, 0);
	/* a size no allocator can give leaves the block as it was */
	CHECK(ll_big_realloc(q, 100, SIZE_MAX - 100) == NULL);
	CHECK(q[99] == (unsigned char)(99 * 7));
	CHECK(ll_big_realloc(q, 100, 0) == NULL); /* frees */
}

int main(void)
{
	test_realloc();
	CHECK(ll_big_alloc(0) == NULL);
	fill_and_check(1);
	fill_and_check(4096);
	fill_and_check(LL_BIGMEM_MIN - 1);
	fill_and_check(LL_BIGMEM_MIN);
	fill_and_check(LL_BIGMEM_MIN + 12345);
	unsigned char *p = ll_big_alloc(LL_BIGMEM_MIN * 2);
	CHECK(p != NULL);
#if defined(__linux__)
	CHECK_INT((uintptr_t)p % ((uintptr_t)2 << 20), 0);
#endif
	free(p);
	/* a size no allocator can give */
	CHECK(ll_big_alloc(SIZE_MAX - 100) == NULL);
	TEST_MAIN_END();
}
