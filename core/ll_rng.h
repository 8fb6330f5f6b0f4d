/*
 * ll_rng.h - the random numbers of every model: GSL's MT19937, seeded from
 * the feature set / experiment recipe so that one seed gives one result.
 *
 * Training reseeds a generator at the start of every epoch from
 * ll_rng_derive(seed, epoch), so the shuffle and the dropout masks of an
 * epoch depend only on the recipe's seed and the epoch number: a run resumed
 * from a checkpoint draws exactly what an uninterrupted run would, with no
 * generator state to save.
 */
#ifndef LL_RNG_H
#define LL_RNG_H

#include <stddef.h>
#include <stdint.h>

struct ll_rng;

/* NULL when out of memory. Free with ll_rng_free (NULL is fine). */
struct ll_rng *ll_rng_new(uint64_t seed);
void ll_rng_free(struct ll_rng *r);
void ll_rng_seed(struct ll_rng *r, uint64_t seed);

/* A well-mixed seed for stream `stream` of `seed` (splitmix64 of both). */
uint64_t ll_rng_derive(uint64_t seed, uint64_t stream);

/* Uniform double in [0, 1). */
double ll_rng_uniform(struct ll_rng *r);
/* Uniform integer in [0, n); n must be > 0. */
size_t ll_rng_below(struct ll_rng *r, size_t n);
/* Normal with mean 0 and standard deviation sigma. */
double ll_rng_gauss(struct ll_rng *r, double sigma);
/* Fisher-Yates shuffle of idx[0..n). */
void ll_rng_shuffle(struct ll_rng *r, size_t *idx, size_t n);
/* m distinct indices below n (m <= n) into out[0..m): the first m places of
 * a Fisher-Yates shuffle of 0..n-1 (the draws and the result of that
 * shuffle done on an array of n), in memory of order m rather than n, so a
 * sample of a few thousand rows of millions touches no n-sized array.
 * Returns 0, or -1 when out of memory. */
int ll_rng_sample(struct ll_rng *r, size_t n, size_t m, size_t *out);

#endif
