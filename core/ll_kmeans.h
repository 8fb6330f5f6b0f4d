/*
 * ll_kmeans.h - k-means clustering: k-means++ seeding, restarts, Lloyd
 * iterations with BLAS distances, inertia, elbow curve, silhouette, and
 * assignment of new rows.
 *
 * Squared distances come from ||x||^2 - 2 x.c + ||c||^2 with x.c from
 * ll_kdist (up to 16 centres) or one sgemm per block of rows; the reported
 * inertia and distances are computed directly, sum of (x - c)^2. Rows are processed in fixed blocks whose partial sums
 * are merged in block order, so the result is bit-identical whatever the
 * number of threads. On several MPI ranks (ll_par.h) each rank assigns its
 * share of the blocks; per-block inertia, label changes and k-means++
 * potentials are gathered and merged in block order, centre sums added in
 * rank order in float64 and counts exactly, so any rank count gives one
 * process's centres and inertia (tests/mpi/test_mpi_train.sh). Every rank
 * passes an X of all n rows, but needs to fill only its share of them
 * (ll_kmeans_rows, or ll_kmeans_held when the ranks' shares of Lloyd's
 * passes follow their speeds: cfg.balance): rows a rank does not hold (k-means++ candidates, the
 * silhouette's sample and their labels) reach the others from their
 * holder; a fit's labels likewise stay with their rank. On several
 * ranks ll_kmeans_fit, ll_kmeans_elbow and ll_kmeans_silhouette are
 * collective: every rank calls them alike; ll_kmeans_predict stays local
 * and reads all of its X. Convergence follows scikit-learn: stop when no label
 * changes, or when the total squared shift of the centres falls below
 * tol * (mean variance of the features); the reported labels and inertia
 * are those of the final centres.
 *
 * X is n x d row-major float32, borrowed for the duration of a call.
 */
#ifndef LL_KMEANS_H
#define LL_KMEANS_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_kshare.h"

struct ll_kmeans_cfg {
	size_t k;          /* clusters, 1..n */
	int n_init;        /* restarts from new seeds; the lowest inertia wins; >= 1 */
	int max_iter;      /* Lloyd iterations per restart, >= 1 */
	double tol;        /* relative tolerance on the centre shift, >= 0 */
	uint64_t seed;
	int threads;       /* worker threads, >= 1 (the result does not depend on it) */
	int local_trials;  /* k-means++ candidates per centre; 0 = 2 + floor(ln k) */
	/* On several ranks, how Lloyd's passes are shared (ll_kshare.h's modes):
	 * LL_KSHARE_OFF (0, the default) the equal split of ll_kmeans_rows;
	 * LL_KSHARE_SPEED shares that follow the ranks' measured speeds, for
	 * which X must hold the rows of ll_kmeans_held. The results do not
	 * depend on it. The ranks take the lowest mode any of them asks. */
	int balance;
};

/* k 8, n_init 1, max_iter 300, tol 1e-4, seed 1, 1 thread. */
void ll_kmeans_defaults(struct ll_kmeans_cfg *cfg);
int ll_kmeans_check(const struct ll_kmeans_cfg *cfg, size_t n, size_t d, struct ll_err *err);

struct ll_kmeans;

/* Lloyd's iterations skip the distances of rows whose Hamerly bounds
 * (Hamerly 2010) prove their centre unchanged, by a margin wider than the
 * rounding of the distances, so the labels, centres and inertia are those
 * of measuring every row (tests/core/test_kmeans.c). Off (0) by default:
 * on overlapping clusters they skip too few rows to pay for their upkeep
 * (bench/ISSUE18.md); on (1) for well-separated ones. Returns the previous
 * setting; process-wide, not to be changed during a fit. */
int ll_kmeans_set_bounds(int on);

/* The rows [*lo, *hi) of an n-row X that this rank reads in ll_kmeans_fit,
 * ll_kmeans_elbow and ll_kmeans_silhouette; the others may hold anything
 * (gathering every row on every rank cost each rank as much as the whole
 * job's share of it). [0, n) for a single process. */
void ll_kmeans_rows(size_t n, size_t *lo, size_t *hi);

/* The rows [*lo, *hi) of an n-row X that this rank reads when the fit's
 * shares follow the ranks' speeds (cfg.balance): those of ll_kmeans_rows
 * and a margin of its neighbours'. */
void ll_kmeans_held(size_t n, size_t *lo, size_t *hi);
/* How Lloyd's passes were shared in this process's fits so far (rank 0's
 * run log says it): *moved the blocks of rows that changed rank between
 * passes, bound the last such fit's boundaries at its end (rank r had
 * blocks bound[r]..bound[r + 1]; up to max + 1 values). Returns that
 * fit's rank count, 0 when no fit's shares could follow speeds. */
int ll_kmeans_shares(unsigned long *moved, size_t *bound, int max);

/* Clusters X; *out owned by the caller. */
int ll_kmeans_fit(const float *X, size_t n, size_t d, const struct ll_kmeans_cfg *cfg, struct ll_kmeans **out,
		  struct ll_err *err);
void ll_kmeans_free(struct ll_kmeans *km);
/* A model from a fit made elsewhere (ll_kmeans_sparse.h): takes c (k x d,
 * malloc'd) and labels (n values, malloc'd, or NULL); NULL when out of
 * memory, nothing taken then. */
struct ll_kmeans *ll_kmeans_adopt(size_t k, size_t d, size_t n, float *c, int *labels, double inertia, int iters);

size_t ll_kmeans_k(const struct ll_kmeans *km);
size_t ll_kmeans_dim(const struct ll_kmeans *km);
/* k x d centres, owned by km. */
const float *ll_kmeans_centers(const struct ll_kmeans *km);
/* Sum of squared distances of the training rows to their centres. */
double ll_kmeans_inertia(const struct ll_kmeans *km);
/* Lloyd iterations of the winning restart. */
int ll_kmeans_iterations(const struct ll_kmeans *km);
/* Cluster of each training row (n values, owned by km); NULL for a model
 * loaded from a file. On several ranks only the rank's own rows
 * (ll_kmeans_rows) are set; the others hold anything. */
const int *ll_kmeans_labels(const struct ll_kmeans *km);
size_t ll_kmeans_nrows(const struct ll_kmeans *km);

/* Nearest centre of each of n rows into labels (caller-owned, n values);
 * dist2, when non-NULL, receives the squared distances. */
int ll_kmeans_predict(const struct ll_kmeans *km, const float *X, size_t n, size_t d, int *labels, float *dist2,
		      struct ll_err *err);

/* Mean silhouette coefficient of a labelling (Rousseeuw 1987) with
 * Euclidean distances. When sample > 0 and n > sample, a uniform sample of
 * `sample` rows drawn with `seed` stands for the whole set (as
 * scikit-learn's sample_size). Singleton clusters score 0. LL_EUSAGE when
 * fewer than 2 distinct labels; LL_EDATA when a sampled row's cluster is
 * outside 0..k-1 (rows outside the sample are not read; on several ranks
 * each passes labels like X, only its own rows filled). */
int ll_kmeans_silhouette(const float *X, size_t n, size_t d, const int *labels, size_t k, size_t sample,
			 uint64_t seed, double *out, struct ll_err *err);

/* Elbow curve: fits k = kmin..kmax with cfg (k ignored) and stores the
 * inertia of each in inertia[k - kmin]; silhouette (may be NULL) gets the
 * sampled silhouette of each (NaN for k = 1). best (may be NULL) gets the
 * fit with the highest silhouette (ties and NaN keep the smaller k; kmin
 * without silhouettes), the same model ll_kmeans_fit gives at its k, so a
 * caller choosing k this way need not fit it again. */
int ll_kmeans_elbow(const float *X, size_t n, size_t d, size_t kmin, size_t kmax, const struct ll_kmeans_cfg *cfg,
		    size_t sil_sample, double *inertia, double *silhouette, struct ll_kmeans **best,
		    struct ll_err *err);

/* One k of an elbow sweep done (ll_kmeans_elbow, and the sparse fit's):
 * km, fitted with status rc and scored sil, kept in *best when it scores
 * higher than the fit there (best NULL: none kept), else freed. On an
 * error (rc) *best is freed too. Returns rc. */
int ll_kmeans_elbow_keep(struct ll_kmeans *km, int rc, double sil, struct ll_kmeans **best, double *best_sil);

/* Model files: kind "kmeans"; sections "shape" i64[2] (k, d), "centers"
 * f32[k*d], "inertia" f64[1]. */

int ll_kmeans_save(const struct ll_kmeans *km, const char *path, const char *fingerprint, struct ll_err *err);
int ll_kmeans_load(const char *path, const char *fingerprint, struct ll_kmeans **out, struct ll_err *err);

#endif
