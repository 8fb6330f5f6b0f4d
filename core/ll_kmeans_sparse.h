/*
 * ll_kmeans_sparse.h - k-means over sparse rows (TF-IDF text features)
 * without making them dense.
 *
 * The same problem, seeding, Lloyd iterations, convergence rule, restarts
 * and elbow as ll_kmeans.h, with the rows in compressed sparse row form:
 * a squared distance is ||x||^2 + ||c||^2 - 2 x.c with x.c over the row's
 * nonzeros (nnz x k a row) against dense k x d centres, and the memory of
 * a fit is the rows' nonzeros plus a few values a row and the centres,
 * never rows x columns. The result is a struct ll_kmeans (centres over
 * all d columns), to predict, save and load as a dense fit's.
 *
 * Rows go through the passes in the dense fit's blocks of 1024, and the
 * centre sums are added as the dense fit adds them (each block's rows in
 * row order from 0, the blocks in block order, in double), so the sums,
 * counts and the centres made from them are the dense fit's bits for the
 * same labels; the dot products are summed in another order, so a
 * distance may differ in its last bit and a near tie (two identical lines
 * as k-means++ candidates) may go the other way. The result does not
 * depend on the number of threads, nor on the number of MPI ranks: each
 * rank measures its share of the blocks (ll_kmeans_rows), per-block
 * values are gathered and merged in block order and the centre sums are
 * folded through the ranks in rank order (ll_par_chain). Every rank holds
 * every row (the featmat is whole on each), so candidates and the rows
 * that fill emptied clusters are read locally.
 */
#ifndef LL_KMEANS_SPARSE_H
#define LL_KMEANS_SPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_kmeans.h"

/* n rows of d columns, borrowed: row i is row rows[i] of the CSR arrays
 * (row i when rows is NULL), its values values[indptr[r] .. indptr[r+1])
 * in columns indices[...]; values in columns >= d are not read. */
struct ll_kspm {
	size_t n, d;
	const size_t *indptr;
	const uint32_t *indices;
	const float *values;
	const size_t *rows;
};

/* Bytes a sparse elbow over n rows needs besides the rows' own values, at
 * most k clusters, d columns, `threads` threads and a silhouette sample of
 * sil_sample rows (0: all), made dense. */
double ll_kmeans_sparse_bytes(size_t n, size_t d, size_t k, int threads, size_t sil_sample);

/* As ll_kmeans_fit. */
int ll_kmeans_sparse_fit(const struct ll_kspm *X, const struct ll_kmeans_cfg *cfg, struct ll_kmeans **out,
			 struct ll_err *err);

/* As ll_kmeans_elbow; the silhouette of each k is that of the sample of
 * sil_sample rows ll_kmeans_silhouette draws, made dense over the
 * columns the sample uses. Collective on several ranks. */
int ll_kmeans_sparse_elbow(const struct ll_kspm *X, size_t kmin, size_t kmax, const struct ll_kmeans_cfg *cfg,
			   size_t sil_sample, double *inertia, double *silhouette, struct ll_kmeans **best,
			   struct ll_err *err);

/* As ll_kmeans_predict, for every row of X, on this rank alone. */
int ll_kmeans_sparse_predict(const struct ll_kmeans *km, const struct ll_kspm *X, int *labels, float *dist2,
			     struct ll_err *err);

#endif
