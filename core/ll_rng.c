/*
 * ll_rng.c - GSL-backed random numbers (see ll_rng.h).
 *
 * Only gsl_rng.h and gsl_randist.h are included here: GSL's CBLAS header
 * must never meet OpenBLAS's (STYLE.md).
 */
#include "ll_rng.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>

struct ll_rng {
	gsl_rng *g;
};

uint64_t ll_rng_derive(uint64_t seed, uint64_t stream)
{
	/* splitmix64 applied twice, so nearby seeds and streams land far apart */
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (stream + 1);
	for (int i = 0; i < 2; i++) {
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		z ^= z >> 31;
		z += 0x9e3779b97f4a7c15ULL;
	}
	return z;
}

struct ll_rng *ll_rng_new(uint64_t seed)
{
	struct ll_rng *r = malloc(sizeof *r);
	if (!r)
		return NULL;
	r->g = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r->g) {
		free(r);
		return NULL;
	}
	ll_rng_seed(r, seed);
	return r;
}

void ll_rng_free(struct ll_rng *r)
{
	if (!r)
		return;
	gsl_rng_free(r->g);
	free(r);
}

void ll_rng_seed(struct ll_rng *r, uint64_t seed)
{
	/* MT19937 takes an unsigned long; fold the high half in so that
	 * seeds differing only above bit 32 differ here too. */
	unsigned long s = (unsigned long)(seed ^ (seed >> 32));
	gsl_rng_set(r->g, s);
}

double ll_rng_uniform(struct ll_rng *r)
{
	return gsl_rng_uniform(r->g);
}

size_t ll_rng_below(struct ll_rng *r, size_t n)
{
	if (n <= gsl_rng_max(r->g))
		return (size_t)gsl_rng_uniform_int(r->g, (unsigned long)n);
	return (size_t)(gsl_rng_uniform(r->g) * (double)n) % n;
}

double ll_rng_gauss(struct ll_rng *r, double sigma)
{
	return gsl_ran_gaussian_ziggurat(r->g, sigma);
}

/* The shuffle's array, stored sparsely: a place that was never swapped
 * holds its own index and is not in the table. Open addressing with
 * linear probing; SIZE_MAX marks a free slot (no place is SIZE_MAX). */
struct moved {
	size_t *key, *val, mask;
};

static size_t moved_slot(const struct moved *t, size_t key)
{
	size_t h = (size_t)(((uint64_t)key * 0x9e3779b97f4a7c15ULL) >> 17) & t->mask;
	while (t->key[h] != SIZE_MAX && t->key[h] != key)
		h = (h + 1) & t->mask;
	return h;
}

int ll_rng_sample(struct ll_rng *r, size_t n, size_t m, size_t *out)
{
	if (m > n)
		m = n;
	/* at most one new entry per draw: twice that many slots keep probes short */
	size_t cap = 16;
	while (cap < 2 * m)
		cap <<= 1;
	struct moved t = {malloc(cap * sizeof(size_t)), malloc(cap * sizeof(size_t)), cap - 1};
	if (!t.key || !t.val) {
		free(t.key);
		free(t.val);
		return -1;
	}
	for (size_t h = 0; h < cap; h++)
		t.key[h] = SIZE_MAX;
	for (size_t i = 0; i < m; i++) {
		size_t j = i + ll_rng_below(r, n - i);
		size_t hi = moved_slot(&t, i);
		size_t vi = t.key[hi] == i ? t.val[hi] : i;
		size_t hj = moved_slot(&t, j);
		out[i] = t.key[hj] == j ? t.val[hj] : j;
		/* place j now holds what place i held; place i is never read again */
		t.key[hj] = j;
		t.val[hj] = vi;
	}
	free(t.key);
	free(t.val);
	return 0;
}

void ll_rng_shuffle(struct ll_rng *r, size_t *idx, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = ll_rng_below(r, i);
		size_t t = idx[i - 1];
		idx[i - 1] = idx[j];
		idx[j] = t;
	}
}
