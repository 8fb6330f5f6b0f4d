/*
 * ll_kmeans_pick.h - the k-means++ draw shared by the dense fit
 * (ll_kmeans.c) and the sparse one (ll_kmeans_sparse.c): the block whose
 * cumulative potential passes a draw, then the row in it. Both fits make
 * the same picks from the same potentials only if both add them up the
 * same way, so the two steps live here once. Also the farthest row over
 * the ranks, which both take to refill an empty cluster.
 */
#ifndef LL_KMEANS_PICK_H
#define LL_KMEANS_PICK_H

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "ll_par.h"

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

/* The row farthest from its centre, d2 over this rank's rows [r0, r1),
 * over every rank's rows when spread (ranks hold rows in order: the first
 * rank with the largest wins; the first of equals within a rank); its d2
 * becomes 0 where this rank holds it, so it is not taken twice. */
static inline size_t ll_kmeans_farthest(float *d2, size_t r0, size_t r1, int spread)
{
	size_t far = r0;
	for (size_t i = r0 + 1; i < r1; i++)
		if (d2[i] > d2[far])
			far = i;
	int P = ll_par_size();
	if (spread && P > 1) {
		double mine[2] = {r1 > r0 ? (double)d2[far] : -INFINITY, (double)far};
		double *all = malloc(2 * (size_t)P * sizeof *all);
		struct ll_err e;
		if (!all)
			ll_par_abort(ll_err_set(&e, LL_ENOMEM, "k-means: out of memory"), &e);
		if (ll_par_allgather(mine, sizeof mine, all, &e) != LL_OK)
			ll_par_abort(LL_EIO, &e);
		size_t q = 0;
		for (int t = 1; t < P; t++)
			if (all[2 * t] > all[2 * q])
				q = (size_t)t;
		far = (size_t)all[2 * q + 1];
		free(all);
	}
	if (far >= r0 && far < r1)
		d2[far] = 0;
	return far;
}

#endif
