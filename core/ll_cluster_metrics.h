/*
 * ll_cluster_metrics.h - how a clustering (k-means labels) relates to the
 * classes: the class x cluster contingency table with its two shares,
 * purity, the adjusted Rand index, and the silhouette coefficient.
 *
 * Terms used by the clusters view:
 *  - pclass[c][j]   = share of class c's rows that fall in cluster j
 *                     (each row of the table divided by its row sum);
 *  - pcluster[c][j] = share of cluster j's rows that belong to class c
 *                     (each column divided by its column sum).
 * An empty class row or cluster column gives shares of 0.
 *
 * ARI is scikit-learn's adjusted_rand_score (pair counting, 1.0 when the two
 * partitions agree on every pair, including the degenerate all-singletons
 * and single-cluster cases). Silhouette is sklearn's silhouette_score with
 * Euclidean distances, computed in double on exact pairwise differences
 * (not the ||a||^2 - 2ab + ||b||^2 shortcut); singletons score 0.
 *
 * Ownership: tables and outputs are caller-owned; ll_silhouette allocates
 * its work space once per call (a sample index and an m x k sum table).
 */
#ifndef LL_CLUSTER_METRICS_H
#define LL_CLUSTER_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

/* tab (nclass x ncluster, row-major, caller-owned, overwritten) counts rows
 * by (class, cluster). LL_EDATA for a class or cluster id out of range,
 * naming the row; n == 0 gives an all-zero table. */
int ll_contingency(const int *y_class, const int *y_cluster, size_t n, size_t nclass, size_t ncluster,
		   size_t *tab, struct ll_err *err);

/* Row- and column-normalised shares of a table (either output may be NULL;
 * each nclass x ncluster, caller-owned). */
void ll_contingency_shares(const size_t *tab, size_t nclass, size_t ncluster, double *pclass, double *pcluster);

/* Purity: sum over clusters of their largest class count, over n.
 * LL_EDATA on an empty table. */
int ll_purity(const size_t *tab, size_t nclass, size_t ncluster, double *out, struct ll_err *err);

/* Adjusted Rand index of the partitions a table describes. LL_EDATA on an
 * empty table (sklearn returns 1.0 there, but nothing was compared). */
int ll_adjusted_rand(const size_t *tab, size_t nclass, size_t ncluster, double *out, struct ll_err *err);

/* Mean silhouette coefficient of labels (0..k-1) over the rows of X (n x d
 * float, row-major). When sample > 0 and n > sample, `sample` rows drawn
 * uniformly without replacement with `seed` stand for the set (sklearn's
 * sample_size; the draw itself differs from numpy's); otherwise it is exact
 * and O(n^2 d). per_cluster (k values, may be NULL) gets the mean
 * coefficient of each cluster's (sampled) rows, NaN for a cluster with
 * none. LL_EDATA when the (sampled) rows hold fewer than 2 or more than
 * rows - 1 distinct clusters (sklearn's bounds), a label is out of range,
 * or a value is NaN. */
int ll_silhouette(const float *X, size_t n, size_t d, const int *labels, size_t k, size_t sample, uint64_t seed,
		  double *out, double *per_cluster, struct ll_err *err);

/* The top commonest templates of each of k clusters, what a cluster of log
 * lines holds: ids[j * top + r] and counts[j * top + r] for rank r of
 * cluster j, most lines first (ties: the lower id), -1 and 0 past the
 * cluster's distinct templates. pred[i] is sample i's cluster and tpl[i]
 * its template id (either negative, or out of range: not counted).
 * LL_ENOMEM when the ntpl counters cannot be had. */
int ll_cluster_top_templates(const int *pred, const long *tpl, size_t n, size_t k, size_t ntpl, size_t top,
			     long *ids, size_t *counts, struct ll_err *err);

#endif
