/*
 * ll_kmeans_pick.h - the k-means++ draw shared by the dense fit
 * (ll_kmeans.c) and the sparse one (ll_kmeans_sparse.c): the block whose
 * cumulative potential passes a draw, then the row in it. Both fits make
 * the same picks from the same potentials only if both add them up the
 * same way, so the two steps live here once.
 */
#ifndef LL_KMEANS_PICK_H
#define LL_KMEANS_PICK_H

#include <stddef.h>

/* The first of nblocks blocks whose running end bend[] passes u (the last
 * one when none does). */
static inline size_t ll_kmeans_pick_block(const double *bend, size_t nblocks, double u)
{
	size_t lo = 0, hi = nblocks - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (bend[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The first row of a block at which the running sum of its potentials pot
 * (nr of them) from the block's first row, plus `before`, passes u; its
 * last row when none does. The block's total came from the same additions
 * in the same order, so the sums are those the draw was made against, and
 * no array of running sums is kept. Returns the row's offset in the block. */
static inline size_t ll_kmeans_pick_row(const float *pot, size_t nr, double before, double u)
{
	double s = 0;
	for (size_t i = 0; i < nr; i++) {
		s += pot[i];
		if (s + before > u)
			return i;
	}
	return nr - 1;
}

#endif
