/* tests/core/test_spanset.c - ll_spanset: spans are told equal by bytes
 * (NUL and length included), the set borrows them without copying, 200,000
 * spans are added and repeats found across many doublings of the index, a
 * zeroed set starts empty and a freed one can be used again, and a real
 * allocation failure (address space capped in a child) is LL_ENOMEM. */
#include "harness.h"
#include "ll_err.h"
#include "ll_spanset.h"
#include "memcap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void test_bytes(void)
{
	struct ll_spanset s = {0};
	CHECK_INT(ll_spanset_add(&s, "cpu", 3), 0);
	CHECK_INT(ll_spanset_add(&s, "cpu", 3), 1);
	CHECK_INT(ll_spanset_add(&s, "cpu.usr", 3), 1); /* the first 3 bytes only */
	CHECK_INT(ll_spanset_add(&s, "cp", 2), 0);
	CHECK_INT(ll_spanset_add(&s, "", 0), 0);
	CHECK_INT(ll_spanset_add(&s, "x", 0), 1); /* empty equals empty */
	/* a NUL is a byte like any other: not where a span ends */
	CHECK_INT(ll_spanset_add(&s, "a\0b", 3), 0);
	CHECK_INT(ll_spanset_add(&s, "a\0c", 3), 0);
	CHECK_INT(ll_spanset_add(&s, "a\0b", 3), 1);
	CHECK_INT(ll_spanset_add(&s, "a", 1), 0);
	CHECK_INT(s.n, 6);
	/* borrowed, not copied: the stored address is the caller's */
	static const char line[] = "when,host,when";
	struct ll_spanset t = {0};
	CHECK_INT(ll_spanset_add(&t, line, 4), 0);
	CHECK(t.p[0] == line);
	CHECK_INT(ll_spanset_add(&t, line + 10, 4), 1);
	ll_spanset_free(&t);
	CHECK(t.p == NULL && t.n == 0);
	ll_spanset_free(&s);
	/* usable again after free */
	CHECK_INT(ll_spanset_add(&s, "cpu", 3), 0);
	CHECK_INT(ll_spanset_add(&s, "cpu", 3), 1);
	ll_spanset_free(&s);
}

static void test_many(void)
{
	enum { N = 200000 };
	char (*k)[12] = malloc(N * sizeof *k);
	CHECK(k != NULL);
	if (!k)
		return;
	struct ll_spanset s = {0};
	int added = 0, repeats = 0;
	for (int i = 0; i < N; i++) {
		/* each of N/2 names twice: "f0".."f99999", then again */
		int len = snprintf(k[i], sizeof k[i], "f%d", i % (N / 2));
		int rc = ll_spanset_add(&s, k[i], (size_t)len);
		added += rc == 0;
		repeats += rc == 1;
		if (rc == 1 && i < N / 2)
			CHECK(!"a repeat before any name came twice");
	}
	CHECK_INT(added, N / 2);
	CHECK_INT(repeats, N / 2);
	CHECK_INT(s.n, N / 2);
	ll_spanset_free(&s);
	free(k);
}

/* Distinct 8-byte spans (the numbers 0, 1, 2... in a buffer made before
 * the cap) until the set cannot grow under an address-space cap of 48 MB
 * above what the process holds; exit 0 when the failure came as
 * LL_ENOMEM with the set as it was, 1 otherwise, 2 when the cap never bit. */
static int fill_until_enomem(void)
{
	enum { SPANS = 1 << 22 };
	uint64_t *keys = malloc(SPANS * sizeof *keys);
	if (!keys)
		return 2;
	for (uint64_t i = 0; i < SPANS; i++)
		keys[i] = i;
	if (ll_test_cap_address_space((size_t)48 << 20) != 0)
		return 2;
	struct ll_spanset s = {0};
	for (size_t i = 0; i < SPANS; i++) {
		int rc = ll_spanset_add(&s, (const char *)&keys[i], sizeof keys[i]);
		if (rc == 0)
			continue;
		if (rc != LL_ENOMEM || s.n != i)
			return 1;
		/* every span added before is still found, the refused one not */
		for (size_t j = 0; j < i; j += 997)
			if (ll_spanset_add(&s, (const char *)&keys[j], sizeof keys[j]) != 1)
				return 1;
		return s.n == i ? 0 : 1;
	}
	return 2;
}

static void test_no_memory(void)
{
	int status = ll_test_capped(fill_until_enomem);
	if (status >= 0)
		CHECK_INT(status, 0);
}

int main(void)
{
	test_bytes();
	test_many();
	test_no_memory();
	TEST_MAIN_END();
}
