/*
 * test_bigmem.c - ll_big_alloc: small and large requests give writable
 * memory of the size asked (large ones aligned to 2 MiB where huge pages
 * can be advised), 0 bytes gives NULL, and everything is freed by free().
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

int main(void)
{
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
