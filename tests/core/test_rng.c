/*
 * test_rng.c - ll_rng: one seed gives one stream, derived streams differ,
 * draws stay in range, the shuffle is a permutation, and ll_rng_sample
 * draws exactly what the partial Fisher-Yates shuffle on an array of n
 * would (the silhouettes' samples depend on it), distinct and roughly
 * uniform.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ll_rng.h"

/* The reference: the first m places of a Fisher-Yates shuffle done on an
 * array holding 0..n-1. */
static void sample_on_array(struct ll_rng *r, size_t n, size_t m, size_t *out)
{
	size_t *a = malloc(n * sizeof *a);
	for (size_t i = 0; i < n; i++)
		a[i] = i;
	for (size_t i = 0; i < m; i++) {
		size_t j = i + ll_rng_below(r, n - i), t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
	memcpy(out, a, m * sizeof *out);
	free(a);
}

static void test_streams(void)
{
	struct ll_rng *a = ll_rng_new(42), *b = ll_rng_new(42), *c = ll_rng_new(43);
	int differ = 0;
	for (int i = 0; i < 100; i++) {
		double x = ll_rng_uniform(a), y = ll_rng_uniform(b), z = ll_rng_uniform(c);
		CHECK(x == y);
		CHECK(x >= 0 && x < 1);
		differ += x != z;
	}
	CHECK(differ > 90);
	CHECK(ll_rng_derive(1, 0) != ll_rng_derive(1, 1));
	CHECK(ll_rng_derive(1, 0) != ll_rng_derive(2, 0));
	CHECK(ll_rng_derive(7, 3) == ll_rng_derive(7, 3));
	/* reseeding restarts the stream */
	ll_rng_seed(a, 42);
	ll_rng_seed(b, 42);
	CHECK(ll_rng_below(a, 1000) == ll_rng_below(b, 1000));
	for (int i = 0; i < 1000; i++)
		CHECK(ll_rng_below(c, 7) < 7);
	CHECK_INT((int)ll_rng_below(c, 1), 0);
	ll_rng_free(a);
	ll_rng_free(b);
	ll_rng_free(c);
	ll_rng_free(NULL);
}

static void test_shuffle(void)
{
	struct ll_rng *r = ll_rng_new(5);
	size_t idx[50];
	int seen[50] = {0};
	for (size_t i = 0; i < 50; i++)
		idx[i] = i;
	ll_rng_shuffle(r, idx, 50);
	int moved = 0;
	for (size_t i = 0; i < 50; i++) {
		CHECK(idx[i] < 50);
		seen[idx[i]]++;
		moved += idx[i] != i;
	}
	for (size_t i = 0; i < 50; i++)
		CHECK_INT(seen[i], 1);
	CHECK(moved > 40);
	ll_rng_free(r);
}

static void test_sample_equals_array(void)
{
	static const size_t cases[][2] = {{1, 1}, {2, 1}, {10, 10}, {10, 0}, {100, 37}, {1000, 999},
					  {320000, 2000}, {5000000, 300}};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		size_t n = cases[c][0], m = cases[c][1];
		size_t *want = malloc((m + 1) * sizeof *want), *got = malloc((m + 1) * sizeof *got);
		for (uint64_t seed = 1; seed <= 3; seed++) {
			struct ll_rng *r1 = ll_rng_new(seed), *r2 = ll_rng_new(seed);
			sample_on_array(r1, n, m, want);
			CHECK_INT(ll_rng_sample(r2, n, m, got), 0);
			CHECK(m == 0 || memcmp(want, got, m * sizeof *got) == 0);
			/* and the generator is left where the array version leaves it */
			CHECK(ll_rng_uniform(r1) == ll_rng_uniform(r2));
			ll_rng_free(r1);
			ll_rng_free(r2);
		}
		free(want);
		free(got);
	}
	/* m above n is cut to n: a permutation of 0..n-1 */
	struct ll_rng *r = ll_rng_new(9);
	size_t all[8];
	int seen[8] = {0};
	CHECK_INT(ll_rng_sample(r, 8, 20, all), 0);
	for (size_t i = 0; i < 8; i++)
		seen[all[i]]++;
	for (size_t i = 0; i < 8; i++)
		CHECK_INT(seen[i], 1);
	ll_rng_free(r);
}

static void test_sample_uniform(void)
{
	/* 3 of 10, 20000 times: each index is drawn 6000 times on average;
	 * with these seeds every count is within 5 % of that */
	enum { N = 10, M = 3, REPS = 20000 };
	int count[N] = {0};
	struct ll_rng *r = ll_rng_new(11);
	size_t s[M];
	for (int t = 0; t < REPS; t++) {
		CHECK_INT(ll_rng_sample(r, N, M, s), 0);
		CHECK(s[0] != s[1] && s[0] != s[2] && s[1] != s[2]);
		for (int i = 0; i < M; i++)
			count[s[i]]++;
	}
	for (int i = 0; i < N; i++)
		CHECK(count[i] > 5700 && count[i] < 6300);
	ll_rng_free(r);
}

int main(void)
{
	test_streams();
	test_shuffle();
	test_sample_equals_array();
	test_sample_uniform();
	TEST_MAIN_END();
}
