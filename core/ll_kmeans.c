/*
 * ll_kmeans.c - k-means++ / Lloyd k-means, silhouette and elbow (see
 * ll_kmeans.h).
 *
 * Every pass over the rows is cut into blocks of BLOCK rows. A block's
 * distances to the centres come from ll_kdist (up to 16 centres) or one
 * sgemm (BLOCK x k x d) plus the norms; its sums, counts, changes or
 * inertia go to the block's own slot, and slots are merged in block order
 * afterwards. The threads of a pool (ll_pool.h) take blocks from an atomic
 * counter, so scheduling decides only who computes a block, never what
 * the merged totals are. Every pass over the rows is such a pass, the
 * squared norms and column statistics and the k-means++ potentials
 * included, so each thread and each rank does its share of all of them.
 * A pass over 1M rows costs more in reading them than in arithmetic, so
 * a fit makes few: one for the norms, statistics and the first centre,
 * one per k-means++ step, one per Lloyd iteration and a last one for the
 * labels and inertia of the final centres. Large arrays sit on huge pages
 * (ll_bigmem.h).
 */
#include "ll_kmeans.h"
#include "ll_kmeans_pick.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ll_bigmem.h"
#include "ll_blas.h"
#include "ll_kdist.h"
#include "ll_ksum.h"
#include "ll_mat.h"
#include "ll_model_io.h"
#include "ll_par.h"
#include "ll_pool.h"
#include "ll_rng.h"

#define BLOCK 1024
#define MAX_THREADS 64
#define LL_KMEANS_MAX_RANKS_ON_STACK 256

struct ll_kmeans {
	size_t k, d, n;
	float *c;     /* k x d */
	int *labels;  /* n, or NULL */
	double inertia;
	int iters;
};

void ll_kmeans_defaults(struct ll_kmeans_cfg *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->k = 8;
	cfg->n_init = 1;
	cfg->max_iter = 300;
	cfg->tol = 1e-4;
	cfg->seed = 1;
	cfg->threads = 1;
}

int ll_kmeans_check(const struct ll_kmeans_cfg *c, size_t n, size_t d, struct ll_err *err)
{
	if (d == 0)
		return ll_err_set(err, LL_EUSAGE, "k-means: rows have no columns");
	if (c->k < 1)
		return ll_err_set(err, LL_EUSAGE, "k-means: k must be >= 1 (got %zu)", c->k);
	if (c->k > n)
		return ll_err_set(err, LL_EUSAGE, "k-means: k = %zu is larger than the %zu rows", c->k, n);
	if (c->n_init < 1)
		return ll_err_set(err, LL_EUSAGE, "k-means: n_init must be >= 1 (got %d)", c->n_init);
	if (c->max_iter < 1)
		return ll_err_set(err, LL_EUSAGE, "k-means: max_iter must be >= 1 (got %d)", c->max_iter);
	if (!(c->tol >= 0))
		return ll_err_set(err, LL_EUSAGE, "k-means: tol must be >= 0 (got %g)", c->tol);
	if (c->threads < 1 || c->threads > MAX_THREADS)
		return ll_err_set(err, LL_EUSAGE, "k-means: threads must be 1..%d (got %d)", MAX_THREADS, c->threads);
	if (c->local_trials < 0)
		return ll_err_set(err, LL_EUSAGE, "k-means: local_trials must be >= 0 (got %d)", c->local_trials);
	if (c->balance < LL_KSHARE_OFF || c->balance > LL_KSHARE_SKEW)
		return ll_err_set(err, LL_EUSAGE, "k-means: balance must be %d..%d (got %d)", LL_KSHARE_OFF, LL_KSHARE_SKEW,
				  c->balance);
	return LL_OK;
}

/* ---- block-parallel passes ---- */

enum pass_kind {
	PASS_NORMS,   /* squared norms, column sums and sums of squares, the first
		       * non-finite row of each block; given a centre C, also
		       * PASS_FIRST's work, while the block is in the cache */
	PASS_FIRST,   /* k-means++: d2 = distance to the first centre, each
		       * block's total of d2 */
	PASS_TRIALS,  /* k-means++: d2 takes the last step's winner in, then the
		       * potential of each candidate centre given d2 */
	PASS_SUMS,    /* Lloyd: labels, changes, the block's sums and counts by
		       * centre (with Hamerly's bounds when the fit has them) */
	PASS_LABELS,  /* labels, d2 = the direct squared distance, inertia */
	PASS_FAR      /* d2 = ||x||^2 + D of the nearest centre, for the row
		       * farthest from its centre (an emptied cluster) */
};

struct pass {
	enum pass_kind kind;
	const float *X, *xx;
	size_t n, d, k;
	const float *C, *cc;  /* k x d centres and their squared norms */
	int *labels;          /* SUMS, LABELS: in (previous) and out */
	float *d2;            /* FIRST, LABELS, FAR out; TRIALS in/out */
	/* TRIALS: C holds the last step's winner, then the candidates (k - 1
	 * of them). apply: d2 takes the winner's distances in. Those come
	 * from the winner's lane of this pass's distances when the candidates'
	 * were computed by ll_kdist (the same bits whatever the other lanes);
	 * otherwise from cdist (n x (k - 1), written by the last trials pass,
	 * best the winner's column). */
	int apply;
	float *cdist;
	size_t best;
	double *stats;        /* NORMS out: a record of 2d + 2 per block: column
			       * sums, sums of squares, the first non-finite row
			       * (-1: none; exact in a double) and its column */
	float *xxout;         /* NORMS out: squared norms */
	/* SUMS: a record of RECW(k, d) doubles per block: the k x d sums of its
	 * rows by centre, the k counts and its changed labels (counts of at
	 * most BLOCK rows are exact in a double). One record, so that a Lloyd
	 * iteration gathers one array from the ranks, once. */
	double *prec;
	double *pval;         /* NORMS with C, FIRST: total of d2 per block;
			       * TRIALS: nblocks x (k - 1) potentials; LABELS:
			       * inertia per block */
	float *dbuf;          /* threads x BLOCK x k */
	/* Hamerly's bounds (SUMS; NULL ub = none): per row an upper bound ub
	 * on the distance to its centre and a lower bound lb on the distance
	 * to any other, both before this pass's shifts, which are added here
	 * (shift: k centre moves, smax their largest); half: half the distance
	 * from each centre to its nearest other; xbuf: threads x BLOCK x d
	 * rows gathered for the product. */
	double *ub, *lb;
	const double *shift, *half;
	double smax;
	float ccmax;
	float *xbuf;
	atomic_size_t next;
	size_t nblocks;
	size_t b0, b1;        /* the blocks this pass runs: this rank's share */
};

#define RECW(k, d) ((k) * (d) + (k) + 1)

/* Absolute error bound of a squared distance from ||x||^2 - 2 x.c + ||c||^2
 * in float32 (d-term dot products; a generous factor 2 on top). */
static double dist_eps(size_t d, double xx, double ccmax)
{
	return 2.0 * (double)(2 * d + 8) * 0x1p-24 * (xx + ccmax);
}

/* Up to this many centres, block_sums groups a block's rows by centre. */
#define GROUP_MAX 64

/* The sums (k x d) and counts of a block's rows by centre lab[i], in
 * double. Each centre's rows are added in row order from 0, the additions
 * of adding row after row into its centre's sums, so the same bits; but
 * the rows are first grouped by centre and each group summed by ll_ksum
 * in registers, where adding each row into memory read and wrote its
 * centre's d sums per row (a fifth of a fit). */
static void block_sums(const float *Xb, size_t nr, size_t d, const int *lab, size_t k, double *sum, double *cnt)
{
	if (k > GROUP_MAX) {
		memset(sum, 0, k * d * sizeof *sum);
		memset(cnt, 0, k * sizeof *cnt);
		for (size_t i = 0; i < nr; i++) {
			double *s = sum + (size_t)lab[i] * d;
			const float *x = Xb + i * d;
			for (size_t j = 0; j < d; j++)
				s[j] += x[j];
			cnt[lab[i]] += 1.0;
		}
		return;
	}
	/* a stable counting sort of the rows by centre */
	uint16_t order[BLOCK];
	size_t start[GROUP_MAX + 1] = {0};
	for (size_t i = 0; i < nr; i++)
		start[lab[i] + 1]++;
	for (size_t j = 0; j < k; j++) {
		cnt[j] = (double)start[j + 1];
		start[j + 1] += start[j];
	}
	size_t at[GROUP_MAX];
	memcpy(at, start, k * sizeof *at);
	for (size_t i = 0; i < nr; i++)
		order[at[lab[i]]++] = (uint16_t)i;
	for (size_t j = 0; j < k; j++)
		ll_ksum(Xb, d, order + start[j], start[j + 1] - start[j], sum + j * d, NULL);
}

/* D (nr x k) = ||c||^2 - 2 x.c for nr rows X, so that ||x||^2 + D is the
 * squared distance, and (best not NULL) each row's nearest centre:
 * ll_kdist for a few centres, else one sgemm. Either way each element
 * depends on its row and centre alone, not on the other rows of the call
 * (the bounded pass relies on it). With best, keep 0 says D is not wanted
 * (it may be left unwritten). */
static void distances(const struct pass *p, const float *X, size_t nr, float *D, int *best, int keep)
{
	size_t k = p->k, d = p->d;
	if (ll_kdist_fits(k, d)) {
		ll_kdist(X, nr, d, p->C, k, p->cc, best && !keep && k <= 8 ? NULL : D, best);
		return;
	}
	ll_k_fill_rows(D, nr, k, p->cc);
	ll_sgemm(0, 1, nr, k, d, -2.0f, X, d, p->C, d, 1.0f, D, k);
	if (best)
		for (size_t i = 0; i < nr; i++)
			best[i] = ll_kdist_argmin_row(D + i * k, k);
}

/* A squared distance from ||x||^2 and ||c||^2 - 2 x.c, never below 0
 * (always inlined: the hot passes are compiled for several instruction
 * sets, and a call cost more than the addition). */
__attribute__((always_inline)) static inline float expanded(float xx, float dv)
{
	float v = xx + dv;
	return v > 0.0f ? v : 0.0f;
}

/* Labels lab of the nr rows from their nearest centres near; returns how
 * many changed. */
static int64_t set_labels(int *lab, const int *near, size_t nr)
{
	int64_t chg = 0;
	for (size_t i = 0; i < nr; i++) {
		chg += lab[i] != near[i];
		lab[i] = near[i];
	}
	return chg;
}

/* SUMS with bounds: rows whose bounds prove that their centre stays the
 * nearest by more than the rounding of the distances are not measured;
 * the others are gathered into one product, whose every element is the
 * dot product the whole block's product computes (ll_kdist by
 * construction; for more than 16 centres this assumes OpenBLAS sums each
 * element over d in the same order wherever its row sits, which an LSTM
 * product of 512 against 1280 rows did not keep in its last bit), so
 * labels, sums and counts are those of the plain pass. */
LL_HOT static void run_block_bounded(struct pass *p, size_t b, float *D, float *xb)
{
	size_t r0 = b * BLOCK, nr = p->n - r0 < BLOCK ? p->n - r0 : BLOCK, k = p->k, d = p->d;
	const float *Xb = p->X + r0 * d;
	uint16_t need[BLOCK];
	size_t nn = 0;
	for (size_t i = 0; i < nr; i++) {
		size_t r = r0 + i;
		int a = p->labels[r];
		if (a >= 0) {
			double u = p->ub[r] + p->shift[a], l = p->lb[r] - p->smax, L = 2.0 * p->half[a] - u;
			L = L > l ? L : l;
			p->ub[r] = u;
			p->lb[r] = l;
			if (L > u && L * L - u * u > 2.0 * dist_eps(d, p->xx[r], p->ccmax))
				continue;
		}
		need[nn++] = (uint16_t)i;
	}
	/* most rows measured: the whole block's product, as the plain pass
	 * (no copy); few: only theirs, gathered */
	int whole = 2 * nn > nr;
	if (whole) {
		distances(p, Xb, nr, D, NULL, 1);
	} else if (nn) {
		for (size_t q = 0; q < nn; q++)
			memcpy(xb + q * d, Xb + (size_t)need[q] * d, d * sizeof(float));
		distances(p, xb, nn, D, NULL, 1);
	}
	double *sum = p->prec + b * RECW(k, d), *cnt = sum + k * d;
	int64_t chg = 0;
	for (size_t q = 0; q < nn; q++) {
		size_t i = need[q], r = r0 + i;
		const float *row = D + (whole ? i : q) * k;
		size_t best = (size_t)ll_kdist_argmin_row(row, k);
		float second = INFINITY;
		for (size_t j = 0; j < k; j++)
			if (j != best && row[j] < second)
				second = row[j];
		float dist = expanded(p->xx[r], row[best]);
		double eps = dist_eps(d, p->xx[r], p->ccmax), lo = (double)p->xx[r] + second - eps;
		p->ub[r] = sqrt((double)dist + eps);
		p->lb[r] = k > 1 && lo > 0 ? sqrt(lo) : 0.0;
		if (p->labels[r] != (int)best) {
			chg++;
			p->labels[r] = (int)best;
		}
	}
	block_sums(Xb, nr, d, p->labels + r0, k, sum, cnt);
	cnt[k] = (double)chg;
}

/* SUMS (unbounded), LABELS and FAR: the block's nearest centres, then
 * what the pass keeps of them. */
LL_HOT static void run_assign(struct pass *p, size_t b, float *D)
{
	size_t r0 = b * BLOCK, nr = p->n - r0 < BLOCK ? p->n - r0 : BLOCK, k = p->k, d = p->d;
	const float *Xb = p->X + r0 * d;
	int near[BLOCK];
	distances(p, Xb, nr, D, near, p->kind == PASS_FAR);
	if (p->kind == PASS_SUMS) {
		double *sum = p->prec + b * RECW(k, d), *cnt = sum + k * d;
		int64_t chg = set_labels(p->labels + r0, near, nr);
		block_sums(Xb, nr, d, p->labels + r0, k, sum, cnt);
		cnt[k] = (double)chg;
	} else if (p->kind == PASS_FAR) {
		for (size_t i = 0; i < nr; i++)
			p->d2[r0 + i] = expanded(p->xx[r0 + i], D[i * k + (size_t)near[i]]);
	} else {
		set_labels(p->labels + r0, near, nr);
		float *d2 = p->d2 + r0;
		/* computed directly: ||x||^2 - 2x.c + ||c||^2 loses digits when
		 * the norms are large next to the distance */
		ll_kdist_direct(Xb, nr, d, p->C, near, d2);
		double in = 0;
		for (size_t i = 0; i < nr; i++)
			in += d2[i];
		p->pval[b] = in;
	}
}

/* FIRST (and NORMS given a centre): d2 of the block's rows from the first
 * centre, and their total. */
LL_HOT static void run_first(struct pass *p, size_t b, float *D)
{
	size_t r0 = b * BLOCK, nr = p->n - r0 < BLOCK ? p->n - r0 : BLOCK;
	distances(p, p->X + r0 * p->d, nr, D, NULL, 1);
	double s = 0;
	for (size_t i = 0; i < nr; i++) {
		float v = expanded(p->xx[r0 + i], D[i]);
		p->d2[r0 + i] = v;
		s += v;
	}
	p->pval[b] = s;
}

/* Four floats and four doubles as vectors (GCC's vector extensions, which
 * every instruction set compiles lane by lane: the scalar operations'
 * bits). */
typedef float ll_v4f __attribute__((vector_size(16)));
typedef int32_t ll_v4i __attribute__((vector_size(16)));
typedef double ll_v4d __attribute__((vector_size(32)));

/* The potentials of four candidates (columns t.. of D's k) over a block's
 * nr rows: the sums of min(expanded distance, d2) in row order, the four
 * side by side in one vector (GCC had built it from scalars); their
 * distances into cd (stride nt) when it is not NULL. */
__attribute__((always_inline)) static inline void pot4(const float *D, size_t k, size_t t, const float *xx,
						       const float *d2, size_t nr, float *cd, size_t nt, double *pot)
{
	ll_v4d s = {0, 0, 0, 0};
	const ll_v4f zero = {0, 0, 0, 0};
	for (size_t i = 0; i < nr; i++) {
		ll_v4f v, c = zero + d2[i];
		memcpy(&v, D + i * k + t, sizeof v);
		v = v + xx[i];
		/* expanded(): v > 0 ? v : 0 (a NaN too gives 0), then v < c ? v : c */
		v = (ll_v4f)((ll_v4i)v & (v > zero));
		ll_v4i lt = v < c;
		v = (ll_v4f)(((ll_v4i)v & lt) | ((ll_v4i)c & ~lt));
		if (cd) {
			ll_v4f e;
			memcpy(&e, D + i * k + t, sizeof e);
			e = e + xx[i];
			e = (ll_v4f)((ll_v4i)e & (e > zero));
			memcpy(cd + i * nt + t - 1, &e, sizeof e);
		}
		s += __builtin_convertvector(v, ll_v4d);
	}
	memcpy(pot, &s, sizeof s);
}

/* TRIALS: d2 takes the winner of the last step in, then each candidate's
 * potential over the block (candidate t in column 1 + t of D). */
LL_HOT static void run_trials(struct pass *p, size_t b, float *D)
{
	size_t r0 = b * BLOCK, nr = p->n - r0 < BLOCK ? p->n - r0 : BLOCK, k = p->k, nt = k - 1;
	distances(p, p->X + r0 * p->d, nr, D, NULL, 1);
	const float *xx = p->xx + r0;
	float *d2 = p->d2 + r0;
	float *cd = p->cdist ? p->cdist + r0 * nt : NULL;
	if (p->apply)
		for (size_t i = 0; i < nr; i++) {
			float v = cd ? cd[i * nt + p->best] : expanded(xx[i], D[i * k]);
			d2[i] = v < d2[i] ? v : d2[i];
		}
	double *pot = p->pval + b * nt;
	size_t t = 0;
	for (; t + 4 <= nt; t += 4) {
		if (cd)
			pot4(D, k, 1 + t, xx, d2, nr, cd, nt, pot + t);
		else
			pot4(D, k, 1 + t, xx, d2, nr, NULL, nt, pot + t);
	}
	for (; t < nt; t++) {
		double s = 0;
		for (size_t i = 0; i < nr; i++) {
			float v = expanded(xx[i], D[i * k + 1 + t]);
			if (cd)
				cd[i * nt + t] = v;
			s += v < d2[i] ? v : d2[i];
		}
		pot[t] = s;
	}
}

static void run_norms(struct pass *p, size_t b, float *D)
{
	size_t r0 = b * BLOCK, nr = p->n - r0 < BLOCK ? p->n - r0 : BLOCK, d = p->d;
	const float *Xb = p->X + r0 * d;
	float *xx = p->xxout + r0;
	ll_kdist_direct(Xb, nr, d, NULL, NULL, xx);
	/* column sums and sums of squares in double, row after row (one order
	 * whatever the threads: a block is one thread's) */
	double *st = p->stats + b * (2 * d + 2);
	ll_ksum(Xb, d, NULL, nr, st, st + d);
	/* a NaN or infinity anywhere in a row makes its squared norm non-finite;
	 * the rank that holds the row names the column */
	st[2 * d] = -1;
	for (size_t i = 0; i < nr; i++)
		if (!isfinite(xx[i])) {
			const float *x = Xb + i * d;
			size_t j = 0;
			while (j + 1 < d && isfinite(x[j]) && fabsf(x[j]) < 1e18f)
				j++;
			st[2 * d] = (double)(r0 + i);
			st[2 * d + 1] = (double)j;
			break;
		}
	if (p->C)
		run_first(p, b, D);
}

/* The job of every thread of a pass: blocks from the shared counter until
 * none is left. Each thread has its own distance and gather buffers. */
static void pass_job(void *arg, int t, int T)
{
	(void)T;
	struct pass *p = arg;
	float *D = p->dbuf ? p->dbuf + (size_t)t * BLOCK * p->k : NULL;
	float *xb = p->xbuf ? p->xbuf + (size_t)t * BLOCK * p->d : NULL;
	for (;;) {
		size_t b = atomic_fetch_add(&p->next, 1);
		if (b >= p->b1)
			break;
		switch (p->kind) {
		case PASS_NORMS:
			run_norms(p, b, D);
			break;
		case PASS_FIRST:
			run_first(p, b, D);
			break;
		case PASS_TRIALS:
			run_trials(p, b, D);
			break;
		default:
			if (p->ub)
				run_block_bounded(p, b, D, xb);
			else
				run_assign(p, b, D);
		}
	}
}

/* Runs blocks [b0, b1) of p (every block when b1 is 0) on the pool's
 * threads (NULL: the calling thread alone). */
static void run_pass(struct pass *p, struct ll_pool *pool, size_t b0, size_t b1)
{
	p->nblocks = (p->n + BLOCK - 1) / BLOCK;
	p->b0 = b1 ? b0 : 0;
	p->b1 = b1 ? b1 : p->nblocks;
	atomic_store(&p->next, p->b0);
	if (pool && ll_pool_threads(pool) > 1 && p->b1 - p->b0 > 1)
		ll_pool_run(pool, pass_job, p);
	else
		pass_job(p, 0, 1);
}

/* ---- fitting ---- */

struct fitws {
	const float *X;
	size_t n, d, k, nblocks, kmax; /* kmax: width of dbuf (max of k and trials + 1) */
	struct ll_pool *pool; /* the fit's threads (NULL: the caller alone) */
	float *xx, *d2, *C, *Cold, *cc, *dbuf, *cdist;
	int *labels;
	double *prec, *pval, *bend, *stats, *moments;
	/* cdist (n x trials; NULL when ll_kdist computes the trials' distances):
	 * the distances of the rows to the last trials pass's candidates, for
	 * the winner's. win_cc and win_best: the winner's squared norm and its
	 * column of cdist (the candidates' count when no step has one yet). */
	float win_cc;
	size_t win_best;
	/* On several ranks (ll_par.h) a fit is spread: each rank runs its share
	 * [b0, b1) of the blocks, so d2, labels and cdist hold its rows
	 * only, and the per-block values the merges read are gathered first.
	 * A single process and a prediction run every block. */
	int spread;
	size_t b0, b1;
	double *acc;          /* k x d centre sums of every block */
	uint64_t *kcnt;       /* k rows per centre */
	double *rec;          /* the blocks' SUMS records added up (RECW(k, d)) */
	/* Hamerly's bounds for this rank's rows (NULL: passes measure every
	 * row) and the centres' moves since the last pass. */
	double *ub, *lb, *shift, *half;
	float *xbuf;
	/* Shares of Lloyd's sums passes that follow the ranks' speeds
	 * (ll_kshare.h; ks.mode OFF: [b0, b1) is the equal split sb0..sb1
	 * throughout). The boundaries of a pass are decided two passes
	 * ahead, so that the labels of the blocks a rank gives up travel to
	 * their next holder (ll_par_post) while the pass's fold is under way:
	 * ucur the boundaries of this pass, unext of the next; the last rank
	 * of the fold sets those after (ks.bound) and the fold hands them to
	 * every rank. hb0..hb1: the blocks this rank holds rows of; xb0..xb1
	 * those whose norms are in xx (the norms pass measures the equal
	 * split, the others are measured when first given). secs: this
	 * rank's time of the pass just run (pass_clock). */
	struct ll_kshare ks;
	size_t sb0, sb1, hb0, hb1, xb0, xb1;
	size_t ucur[LL_KSHARE_MAX_RANKS + 1], unext[LL_KSHARE_MAX_RANKS + 1];
	double secs;
};

/* Off by default: on the benchmark's overlapping blobs (1M x 38, k 8) the
 * bounds skipped 24% of the rows' distances over a fit and the fit took
 * 1.08-1.13 CPU s against 0.89-0.91 without (bench/ISSUE18.md); on the
 * test's blobs they skip 84%. */
static atomic_int bounds_on = 0;

/* ll_kmeans_shares's figures: process-wide, written by the fitting thread */
static atomic_ulong g_moved;
static size_t g_last_bound[LL_KSHARE_MAX_RANKS + 1];
static int g_last_P;

int ll_kmeans_shares(unsigned long *moved, size_t *bound, int max)
{
	for (int r = 0; r <= g_last_P && r <= max; r++)
		bound[r] = g_last_bound[r];
	*moved = atomic_load(&g_moved);
	return g_last_P;
}

int ll_kmeans_set_bounds(int on)
{
	return atomic_exchange(&bounds_on, on != 0);
}

/* Makes the per-block values of every rank whole on every rank: base is
 * the array of all blocks' values, `width` bytes a block, block-major, and
 * this rank's blocks are in place at b0 * width. An MPI failure while the
 * others wait ends the job. */
static void gather_blocks(const struct fitws *w, void *base, size_t width)
{
	int P = ll_par_size();
	if (!w->spread || P == 1)
		return;
	size_t counts[LL_KMEANS_MAX_RANKS_ON_STACK], *cnt = counts;
	if ((size_t)P > LL_KMEANS_MAX_RANKS_ON_STACK && !(cnt = malloc((size_t)P * sizeof *cnt))) {
		struct ll_err e;
		ll_err_set(&e, LL_ENOMEM, "k-means: out of memory");
		ll_par_abort(LL_ENOMEM, &e);
	}
	for (int q = 0; q < P; q++) {
		size_t lo, hi;
		ll_par_share(w->nblocks, q, P, &lo, &hi);
		cnt[q] = (hi - lo) * width;
	}
	struct ll_err e;
	if (ll_par_allgatherv_inplace(base, cnt, &e) != LL_OK)
		ll_par_abort(LL_EIO, &e);
	if (cnt != counts)
		free(cnt);
}

/* Rows [*r0, *r1) of this rank's blocks. */
static void own_rows(const struct fitws *w, size_t *r0, size_t *r1)
{
	*r0 = w->b0 * BLOCK < w->n ? w->b0 * BLOCK : w->n;
	*r1 = w->b1 * BLOCK < w->n ? w->b1 * BLOCK : w->n;
}

void ll_kmeans_held(size_t n, size_t *lo, size_t *hi)
{
	size_t b0, b1;
	ll_kshare_held((n + BLOCK - 1) / BLOCK, ll_par_size(), ll_par_rank(), &b0, &b1);
	*lo = b0 * BLOCK < n ? b0 * BLOCK : n;
	*hi = b1 * BLOCK < n ? b1 * BLOCK : n;
}

void ll_kmeans_rows(size_t n, size_t *lo, size_t *hi)
{
	size_t b0, b1;
	ll_par_share((n + BLOCK - 1) / BLOCK, ll_par_rank(), ll_par_size(), &b0, &b1);
	*lo = b0 * BLOCK < n ? b0 * BLOCK : n;
	*hi = b1 * BLOCK < n ? b1 * BLOCK : n;
}

/* The rank holding row i of an n-row X spread over P ranks
 * (ll_kmeans_rows: whole blocks, shared out in rank order). */
static int holder(size_t n, size_t i, int P)
{
	size_t nb = (n + BLOCK - 1) / BLOCK, b = i / BLOCK;
	int lo = 0, hi = P - 1;
	while (lo < hi) { /* the first rank whose share ends after block b */
		int mid = lo + (hi - lo) / 2;
		size_t s0, s1;
		ll_par_share(nb, mid, P, &s0, &s1);
		if (s1 > b)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Rows ids[0..cnt) of X (n x d) into out (cnt x d) on every rank, and
 * when labels is non-NULL their labels into lab_out. Spread over several
 * ranks, a rank holds only its share of X's rows and labels
 * (ll_kmeans_rows): each packs the rows it holds, in the order of ids, as
 * they are (bits, so -0 stays -0), and one all-gather gives every rank
 * every holder's pack, which it unpacks in the order of ids. Otherwise a
 * copy. */
static void fetch_sample(const float *X, const int *labels, size_t n, size_t d, const size_t *ids, size_t cnt,
			 int spread, float *out, int *lab_out)
{
	if (!spread || ll_par_size() == 1) {
		for (size_t q = 0; q < cnt; q++) {
			memmove(out + q * d, X + ids[q] * d, d * sizeof(float));
			if (labels)
				lab_out[q] = labels[ids[q]];
		}
		return;
	}
	int P = ll_par_size(), me = ll_par_rank();
	/* a packed row: d floats, then the label as a float's worth of bytes */
	size_t w = d + (labels != NULL), rowb = w * sizeof(float);
	struct ll_err e;
	size_t *counts = calloc((size_t)P + 1, sizeof *counts);
	int *who = malloc((cnt ? cnt : 1) * sizeof *who);
	float *pack = malloc((cnt ? cnt : 1) * rowb), *mine = malloc((cnt ? cnt : 1) * rowb);
	if (!counts || !who || !pack || !mine)
		ll_par_abort(ll_err_set(&e, LL_ENOMEM, "k-means: out of memory"), &e);
	size_t own = 0;
	for (size_t q = 0; q < cnt; q++) {
		who[q] = holder(n, ids[q], P);
		counts[who[q]] += rowb;
		if (who[q] == me) {
			memcpy(mine + own * w, X + ids[q] * d, d * sizeof(float));
			if (labels)
				memcpy(mine + own * w + d, labels + ids[q], sizeof(int));
			own++;
		}
	}
	if (ll_par_allgatherv(mine, counts, pack, &e) != LL_OK)
		ll_par_abort(LL_EIO, &e);
	ll_par_note_sum(own * rowb);
	/* each holder's rows follow one another in the order of ids */
	size_t *at = counts; /* reused: where each holder's next row starts, in rows */
	size_t off = 0;
	for (int r = 0; r < P; r++) {
		size_t c = at[r] / rowb;
		at[r] = off;
		off += c;
	}
	for (size_t q = 0; q < cnt; q++) {
		const float *src = pack + at[who[q]]++ * w;
		memcpy(out + q * d, src, d * sizeof(float));
		if (labels)
			memcpy(lab_out + q, src + d, sizeof(int));
	}
	free(counts);
	free(who);
	free(pack);
	free(mine);
}

static void fetch_rows(const float *X, size_t n, size_t d, const size_t *ids, size_t cnt, int spread, float *out)
{
	fetch_sample(X, NULL, n, d, ids, cnt, spread, out, NULL);
}

static void free_ws(struct fitws *w)
{
	ll_pool_free(w->pool);
	free(w->stats);
	free(w->moments);
	free(w->xx);
	free(w->d2);
	free(w->C);
	free(w->Cold);
	free(w->cc);
	free(w->dbuf);
	free(w->cdist);
	free(w->labels);
	free(w->prec);
	free(w->rec);
	free(w->pval);
	free(w->bend);
	free(w->acc);
	free(w->kcnt);
	free(w->ub);
	free(w->lb);
	free(w->shift);
	free(w->half);
	free(w->xbuf);
}

/* The arrays of rows and of blocks are allocated whole on every rank but
 * each rank touches only its own rows' part of them (malloc'd pages are
 * backed when first written), so a rank's memory follows its share.
 * trials: k-means++ candidates per step. */
static int alloc_ws(struct fitws *w, const float *X, size_t n, size_t d, size_t k, size_t trials, int threads,
		    struct ll_err *err)
{
	memset(w, 0, sizeof *w);
	w->X = X;
	w->n = n;
	w->d = d;
	w->k = k;
	w->nblocks = (n + BLOCK - 1) / BLOCK;
	w->kmax = k > trials + 1 ? k : trials + 1;
	if (threads > 1 && ll_pool_new(threads, &w->pool, err) != LL_OK)
		return err->code;
	w->xx = ll_big_alloc(n * sizeof(float));
	w->d2 = ll_big_alloc(n * sizeof(float));
	w->labels = ll_big_alloc(n * sizeof(int));
	w->stats = ll_big_alloc(w->nblocks * (2 * d + 2) * sizeof(double));
	w->moments = malloc((2 * d + 3) * sizeof(double));
	w->C = malloc((k + trials) * d * sizeof(float));
	w->Cold = malloc(k * d * sizeof(float));
	w->cc = malloc(w->kmax * sizeof(float));
	w->dbuf = malloc((size_t)threads * BLOCK * w->kmax * sizeof(float));
	w->prec = ll_big_alloc(w->nblocks * RECW(k, d) * sizeof(double));
	w->pval = malloc(w->nblocks * trials * sizeof(double));
	int keep = !ll_kdist_fits(trials + 1, d); /* the trials' distances come from a GEMM */
	w->cdist = keep ? ll_big_alloc(n * trials * sizeof(float)) : NULL;
	w->bend = malloc(w->nblocks * sizeof(double));
	w->acc = malloc(k * d * sizeof(double));
	w->kcnt = malloc(k * sizeof(uint64_t));
	/* the record's tail: each rank's time of the pass and the boundaries
	 * decided from them (ll_kshare) */
	w->rec = malloc((RECW(k, d) + 2 * LL_KSHARE_MAX_RANKS + 1) * sizeof(double));
	w->spread = 1;
	if (atomic_load(&bounds_on)) {
		w->ub = ll_big_alloc(n * sizeof(double));
		w->lb = ll_big_alloc(n * sizeof(double));
		w->shift = calloc(k, sizeof(double));
		w->half = malloc(k * sizeof(double));
		w->xbuf = malloc((size_t)threads * BLOCK * d * sizeof(float));
		if (!w->ub || !w->lb || !w->shift || !w->half || !w->xbuf) {
			free_ws(w);
			return ll_err_set(err, LL_ENOMEM, "k-means: out of memory for %zu rows x %zu columns", n, d);
		}
	}
	ll_par_share(w->nblocks, ll_par_rank(), ll_par_size(), &w->b0, &w->b1);
	w->sb0 = w->xb0 = w->hb0 = w->b0;
	w->sb1 = w->xb1 = w->hb1 = w->b1;
	ll_kshare_init(&w->ks, w->nblocks, ll_par_size(), LL_KSHARE_OFF);
	if ((keep && !w->cdist) || !w->xx || !w->d2 || !w->labels || !w->C || !w->Cold || !w->cc || !w->dbuf || !w->prec ||
	    !w->pval || !w->bend || !w->acc || !w->kcnt || !w->rec || !w->stats || !w->moments) {
		free_ws(w);
		return ll_err_set(err, LL_ENOMEM, "k-means: out of memory for %zu rows x %zu columns", n, d);
	}
	return LL_OK;
}

/* A pass of `kind` over the fit's rows with the fit's arrays; callers set
 * what is particular to their pass (centres, k of the candidates, outputs
 * only one kind writes). */
static void pass_init(struct pass *p, const struct fitws *w, enum pass_kind kind)
{
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->X = w->X;
	p->xx = w->xx;
	p->n = w->n;
	p->d = w->d;
	p->k = w->k;
	p->d2 = w->d2;
	p->cdist = w->cdist;
	p->cc = w->cc;
	p->pval = w->pval;
	p->dbuf = w->dbuf;
}

/* The per-block totals of d2 that a pass left in w->pval (`width` values
 * a block, the total at column `col`), gathered from the ranks, into
 * block ends (w->bend): the running sums in block order, the same bits on
 * every rank as in one process. Returns the total potential. */
static double block_ends(struct fitws *w, size_t width, size_t col, int gather)
{
	if (gather)
		gather_blocks(w, w->pval, width * sizeof(double));
	double pot = 0;
	for (size_t b = 0; b < w->nblocks; b++) {
		pot += w->pval[b * width + col];
		w->bend[b] = pot;
	}
	return pot;
}

/* k-means++ with the first centre in row 0 of C and its squared norm in
 * cc[0]: d2 = each row's distance to it, and its block ends. */
static void first_centre(struct fitws *w)
{
	struct pass p;
	pass_init(&p, w, PASS_FIRST);
	p.k = 1;
	p.C = w->C;
	run_pass(&p, w->pool, w->b0, w->b1);
	block_ends(w, 1, 0, 1);
}

/* The potentials of block b's rows as the next trials pass makes them
 * (d2 with the last winner, row c - 1 of C, taken in), into out. They
 * are the very values whose sum in row order the trials pass that chose
 * the winner took for the block: its distances kept in cdist, or computed
 * again by ll_kdist, whose value for a row and a centre does not depend
 * on the other centres of the call. */
static void block_potentials(struct fitws *w, size_t b, size_t c, size_t nt, float *out)
{
	size_t r0 = b * BLOCK, nr = w->n - r0 < BLOCK ? w->n - r0 : BLOCK;
	memcpy(out, w->d2 + r0, nr * sizeof *out);
	if (c == 1) /* no winner yet: d2 of the first centre */
		return;
	const float *v = NULL;
	size_t stride = nt;
	if (w->cdist) {
		v = w->cdist + r0 * nt + w->win_best;
	} else {
		struct pass p;
		pass_init(&p, w, PASS_TRIALS);
		p.k = 1;
		p.C = w->C + (c - 1) * w->d;
		p.cc = &w->win_cc;
		distances(&p, w->X + r0 * w->d, nr, w->dbuf, NULL, 1);
		for (size_t i = 0; i < nr; i++)
			w->dbuf[i] = expanded(w->xx[r0 + i], w->dbuf[i]);
		v = w->dbuf;
		stride = 1;
	}
	for (size_t i = 0; i < nr; i++)
		out[i] = v[i * stride] < out[i] ? v[i * stride] : out[i];
}

/* Row of cumulative potential u (step c of k-means++, nt candidates): the
 * block is found from the block ends every rank holds, the row by the rank
 * that holds the block. ids[t] of every draw are made whole on every rank
 * with one sum. */
static void pick_rows(struct fitws *w, const double *u, size_t c, size_t nt, size_t *ids)
{
	uint64_t pick[64];
	float pot[BLOCK];
	size_t have = w->nblocks; /* the block whose potentials are in pot */
	for (size_t t = 0; t < nt; t++) {
		size_t lo = ll_kmeans_pick_block(w->bend, w->nblocks, u[t]);
		pick[t] = 0;
		if (lo >= w->b0 && lo < w->b1) {
			size_t r0 = lo * BLOCK, nr = w->n - r0 < BLOCK ? w->n - r0 : BLOCK;
			if (have != lo)
				block_potentials(w, lo, c, nt, pot);
			have = lo;
			pick[t] = r0 + ll_kmeans_pick_row(pot, nr, lo ? w->bend[lo - 1] : 0.0, u[t]);
		}
	}
	struct ll_err e;
	if (w->spread && ll_par_sum_u64(pick, nt, &e) != LL_OK)
		ll_par_abort(LL_EIO, &e);
	for (size_t t = 0; t < nt; t++)
		ids[t] = (size_t)pick[t];
}

/* Greedy k-means++ (Arthur & Vassilvitskii 2007, with several candidates
 * per step as scikit-learn does): centres into w->C. The first centre is
 * drawn here, or (have_first) was drawn and measured by the caller (the
 * norms pass of the first restart measures it). A step needs one pass
 * over the rows: the potentials of its candidates, d2 taking the last
 * step's winner in on the way, and the block totals of the winner's
 * potential are the next step's block ends. */
static void seed_pp(struct fitws *w, struct ll_rng *r, size_t nt, int have_first)
{
	size_t n = w->n, d = w->d, k = w->k;
	if (!have_first) {
		size_t first = ll_rng_below(r, n);
		fetch_rows(w->X, n, d, &first, 1, w->spread, w->C);
		w->cc[0] = ll_sdot(d, w->C, w->C);
		first_centre(w);
	}
	w->win_cc = w->cc[0];
	w->win_best = nt;
	double pot = w->bend[w->nblocks - 1];
	struct pass p;
	pass_init(&p, w, PASS_TRIALS);
	for (size_t c = 1; c < k; c++) {
		/* candidates sit in rows c.. of C (room for k + trials rows), after
		 * the last winner in row c - 1; the winner ends up in row c */
		float *cand_rows = w->C + c * d;
		size_t ids[64];
		double u[64];
		for (size_t t = 0; t < nt; t++) {
			u[t] = ll_rng_uniform(r) * pot;
			if (!(pot > 0))
				ids[t] = ll_rng_below(r, n);
		}
		if (pot > 0)
			pick_rows(w, u, c, nt, ids);
		fetch_rows(w->X, n, d, ids, nt, w->spread, cand_rows);
		w->cc[0] = w->win_cc;
		for (size_t t = 0; t < nt; t++)
			w->cc[1 + t] = ll_sdot(d, cand_rows + t * d, cand_rows + t * d);
		p.k = nt + 1;
		p.C = cand_rows - d;
		p.apply = c > 1;
		p.best = w->win_best;
		run_pass(&p, w->pool, w->b0, w->b1);
		gather_blocks(w, w->pval, nt * sizeof(double));
		size_t best = 0;
		double bestpot = INFINITY;
		for (size_t t = 0; t < nt; t++) {
			double s = 0;
			for (size_t b = 0; b < p.nblocks; b++)
				s += w->pval[b * nt + t];
			if (s < bestpot) {
				bestpot = s;
				best = t;
			}
		}
		pot = block_ends(w, nt, best, 0);
		w->win_cc = w->cc[1 + best];
		w->win_best = best;
		memmove(cand_rows, cand_rows + best * d, d * sizeof(float));
	}
}

static void centre_norms(struct fitws *w)
{
	for (size_t j = 0; j < w->k; j++)
		w->cc[j] = ll_sdot(w->d, w->C + j * w->d, w->C + j * w->d);
}

/* Adds this rank's blocks' SUMS records to acc in block order
 * (ll_par_chain: the ranks' blocks follow one another in rank order).
 * With shares that follow speeds, the record's tail takes this rank's
 * time of the pass, and the last rank, which has every rank's, decides
 * the boundaries of the pass after next there. */
static void fold_records(void *acc, void *ctx)
{
	struct fitws *w = ctx;
	double *a = acc;
	size_t rw = RECW(w->k, w->d);
	for (size_t b = w->b0; b < w->b1; b++) {
		const double *ps = w->prec + b * rw;
		for (size_t t = 0; t < rw; t++)
			a[t] += ps[t];
	}
	if (w->ks.mode == LL_KSHARE_OFF)
		return;
	int P = w->ks.P, me = ll_par_rank();
	a[rw + (size_t)me] = w->secs;
	if (me == P - 1) {
		ll_kshare_note(&w->ks, w->ucur, a + rw);
		for (int r = 0; r <= P; r++) /* block counts: exact in a double */
			a[rw + (size_t)P + (size_t)r] = (double)w->ks.bound[r];
	}
}

/* Rows [a, b) of blocks a..b as (pointer, bytes) of labels. */
static void post_labels(struct fitws *w, size_t a, size_t b, int peer, int send)
{
	size_t r0 = a * BLOCK < w->n ? a * BLOCK : w->n, r1 = b * BLOCK < w->n ? b * BLOCK : w->n;
	struct ll_err e;
	if (r1 > r0 && ll_par_post(w->labels + r0, (r1 - r0) * sizeof *w->labels, peer, send, &e) != LL_OK)
		ll_par_abort(LL_EIO, &e);
}

/* The labels of the blocks that change rank between this pass (ucur) and
 * the next (unext) go from their holder to their next one: posted now,
 * waited for before the next pass. Only neighbours trade blocks. */
static void post_moves(struct fitws *w)
{
	int me = ll_par_rank();
	size_t a = w->ucur[me], a2 = w->unext[me], b = w->ucur[me + 1], b2 = w->unext[me + 1];
	if (a2 < a)
		post_labels(w, a2, a, me - 1, 0);
	else if (a2 > a)
		post_labels(w, a, a2, me - 1, 1);
	if (b2 > b)
		post_labels(w, b, b2, me + 1, 0);
	else if (b2 < b)
		post_labels(w, b2, b, me + 1, 1);
}

/* The clock a rank's pass is timed by for its share: the fitting thread's
 * CPU time when it runs every block itself, so that the shares follow how
 * fast the rank's core works and not which rank other processes' time
 * slices happened to fall on (on a busy machine, wall times moved the
 * shares at random and lost to the equal split, while the thread clock
 * found a rank made 20% slower: bench/MPI.md); wall time with a pool,
 * whose workers' CPU the thread clock does not see. */
static double pass_clock(const struct fitws *w)
{
	struct timespec ts;
	clock_gettime(w->pool ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One assignment pass (kind PASS_SUMS, PASS_LABELS or PASS_FAR) with the
 * current centres. SUMS: the new centres' ingredients, using the bounds
 * when the fit has them, and *changed = labels that moved. LABELS:
 * returns the inertia. */
static double assign(struct fitws *w, enum pass_kind kind, int64_t *changed)
{
	centre_norms(w);
	struct pass p;
	pass_init(&p, w, kind);
	p.C = w->C;
	p.labels = w->labels;
	p.prec = w->prec;
	int bounded = kind == PASS_SUMS && w->ub != NULL;
	if (bounded) {
		size_t k = w->k, d = w->d;
		p.ub = w->ub;
		p.lb = w->lb;
		p.shift = w->shift;
		p.xbuf = w->xbuf;
		p.half = w->half;
		p.smax = 0;
		p.ccmax = 0;
		for (size_t j = 0; j < k; j++) {
			p.smax = w->shift[j] > p.smax ? w->shift[j] : p.smax;
			p.ccmax = w->cc[j] > p.ccmax ? w->cc[j] : p.ccmax;
			/* half the distance to the nearest other centre, rounded down */
			double h = INFINITY;
			for (size_t q = 0; q < k; q++) {
				if (q == j)
					continue;
				double e = 0;
				for (size_t t = 0; t < d; t++) {
					double v = (double)w->C[j * d + t] - w->C[q * d + t];
					e += v * v;
				}
				h = e < h ? e : h;
			}
			w->half[j] = k > 1 ? 0.5 * sqrt(h) * (1.0 - 1e-9) : INFINITY;
		}
	}
	int shared = kind == PASS_SUMS && w->ks.mode != LL_KSHARE_OFF;
	double t0 = shared ? pass_clock(w) : 0;
	run_pass(&p, w->pool, w->b0, w->b1);
	if (shared) {
		w->secs = pass_clock(w) - t0;
		post_moves(w);
	}
	if (bounded) /* every row of this rank has taken the moves in */
		memset(w->shift, 0, w->k * sizeof *w->shift);
	/* every block's changes or inertia, added in block order as one
	 * process adds them; for SUMS the whole records, whose total
	 * update_centres reads next: folded through the ranks in turn, which
	 * sends one record a rank where gathering sent every block's */
	double in = 0;
	int64_t chg = 0;
	if (kind == PASS_SUMS) {
		size_t rw = RECW(w->k, w->d), tail = shared ? 2 * (size_t)w->ks.P + 1 : 0;
		struct ll_err e;
		memset(w->rec, 0, (rw + tail) * sizeof *w->rec);
		if (ll_par_chain(w->rec, (rw + tail) * sizeof *w->rec, fold_records, w, &e) != LL_OK)
			ll_par_abort(LL_EIO, &e);
		chg = (int64_t)w->rec[w->k * w->d + w->k];
		for (size_t r = 0; shared && r <= (size_t)w->ks.P; r++)
			w->ks.bound[r] = (size_t)w->rec[rw + (size_t)w->ks.P + r];
	} else if (kind == PASS_LABELS) {
		gather_blocks(w, w->pval, sizeof(double));
		for (size_t b = 0; b < p.nblocks; b++)
			in += w->pval[b];
	}
	if (changed)
		*changed = chg;
	return in;
}

/* The row farthest from its centre (the first of equals), over every
 * rank's rows; its d2 is set to 0 so that it is not chosen twice. */
static size_t farthest_row(struct fitws *w)
{
	size_t r0 = 0, r1 = 0;
	own_rows(w, &r0, &r1);
	return ll_kmeans_farthest(w->d2, r0, r1, w->spread);
}

/* Centres from the block sums, added in block order over every block of
 * every rank (assign's fold), so that any rank count adds the very
 * doubles one process adds in the same order; an empty cluster takes the
 * row farthest from its centre. Returns the total squared shift. */
static double update_centres(struct fitws *w)
{
	size_t k = w->k, d = w->d;
	memcpy(w->Cold, w->C, k * d * sizeof(float));
	uint64_t *cnt = w->kcnt;
	double *acc = w->acc;
	/* the records' total from assign(): counts of whole rows are exact in a double */
	memcpy(acc, w->rec, k * d * sizeof *acc);
	for (size_t j = 0; j < k; j++)
		cnt[j] = (uint64_t)w->rec[k * d + j];
	int empty = 0;
	for (size_t j = 0; j < k; j++)
		empty |= cnt[j] == 0;
	if (empty) /* the farthest row needs every d2, which the sums pass does not write */
		assign(w, PASS_FAR, NULL);
	double shift = 0;
	for (size_t j = 0; j < k; j++) {
		float *c = w->C + j * d;
		if (cnt[j] == 0) {
			size_t far = farthest_row(w);
			fetch_rows(w->X, w->n, d, &far, 1, w->spread, c);
		} else {
			for (size_t t = 0; t < d; t++)
				c[t] = (float)(acc[j * d + t] / (double)cnt[j]);
		}
		double mv = 0;
		for (size_t t = 0; t < d; t++) {
			double e2 = (double)c[t] - w->Cold[j * d + t];
			mv += e2 * e2;
		}
		shift += mv;
		if (w->ub) /* rounded up: the bounds must stay bounds */
			w->shift[j] += sqrt(mv) * (1.0 + 1e-9);
	}
	return shift;
}

/* Adds this rank's blocks' NORMS records (column sums, sums of squares,
 * the first non-finite row and its column) to acc in block order: sums
 * added, the first non-finite row kept. */
static void fold_stats(void *acc, void *ctx)
{
	const struct fitws *w = ctx;
	size_t d = w->d, rw = 2 * d + 2;
	double *a = acc;
	for (size_t b = w->b0; b < w->b1; b++) {
		const double *st = w->stats + b * rw;
		for (size_t j = 0; j < 2 * d; j++)
			a[j] += st[j];
		if (a[2 * d] < 0 && st[2 * d] >= 0) {
			a[2 * d] = st[2 * d];
			a[2 * d + 1] = st[2 * d + 1];
		}
	}
	/* the ranks' modes of sharing: the lowest */
	if ((double)w->ks.mode < a[2 * d + 2])
		a[2 * d + 2] = (double)w->ks.mode;
}

/* The squared norms of this rank's rows into w->xx, and the mean variance
 * of the columns over every row from the blocks' column sums and sums of
 * squares (gathered, added in block order). *bad is the first row with a
 * NaN or infinity (or a square too large for a float), n for none, and
 * *badcol its column: every rank learns of them. With first, the same
 * pass does first_centre's work for the centre in row 0 of C. */
static double norms_and_variance(struct fitws *w, int first, size_t *bad, size_t *badcol)
{
	size_t n = w->n, d = w->d;
	struct pass p;
	pass_init(&p, w, PASS_NORMS);
	p.xxout = w->xx;
	p.stats = w->stats;
	if (first) {
		p.k = 1;
		p.C = w->C;
	}
	run_pass(&p, w->pool, w->b0, w->b1);
	if (first)
		block_ends(w, 1, 0, 1);
	/* the blocks' records folded through the ranks in block order */
	double *acc = w->moments;
	memset(acc, 0, 2 * d * sizeof *acc);
	acc[2 * d] = -1;
	acc[2 * d + 1] = 0;
	acc[2 * d + 2] = LL_KSHARE_SKEW;
	struct ll_err e;
	if (ll_par_chain(acc, (2 * d + 3) * sizeof *acc, fold_stats, w, &e) != LL_OK)
		ll_par_abort(LL_EIO, &e);
	ll_kshare_init(&w->ks, w->nblocks, ll_par_size(), (int)acc[2 * d + 2]);
	if (w->ks.mode != LL_KSHARE_OFF)
		ll_kshare_held(w->nblocks, ll_par_size(), ll_par_rank(), &w->hb0, &w->hb1);
	*bad = acc[2 * d] >= 0 ? (size_t)acc[2 * d] : n;
	*badcol = acc[2 * d] >= 0 ? (size_t)acc[2 * d + 1] : 0;
	/* sums and sums of squares in double: float data has 29 bits of
	 * headroom in a double, so E[x^2] - E[x]^2 keeps the variance unless
	 * the mean is ~1e7 times the spread */
	const double *mean = acc, *sq = acc + d;
	double tot = 0;
	for (size_t j = 0; j < d; j++) {
		double m = mean[j] / (double)n, v = sq[j] / (double)n - m * m;
		tot += v > 0 ? v : 0;
	}
	return tot / (double)d;
}

/* The squared norms of blocks [a, b) into xx: the norms pass's values
 * (ll_kdist_direct's for a row do not depend on the rows beside it). */
static void block_norms(struct fitws *w, size_t a, size_t b)
{
	size_t r0 = a * BLOCK < w->n ? a * BLOCK : w->n, r1 = b * BLOCK < w->n ? b * BLOCK : w->n;
	if (r1 > r0)
		ll_kdist_direct(w->X + r0 * w->d, r1 - r0, w->d, NULL, NULL, w->xx + r0);
}

/* Before a sums pass with shares that follow speeds: this pass's blocks
 * (unext, decided two passes ago) become the rank's, once the labels of
 * those it gains have arrived and their norms are measured. */
static void take_share(struct fitws *w)
{
	struct ll_err e;
	if (ll_par_wait_posted(&e) != LL_OK)
		ll_par_abort(LL_EIO, &e);
	int P = w->ks.P, me = ll_par_rank();
	unsigned long moved = 0;
	for (int r = 0; r <= P; r++) {
		moved += w->unext[r] > w->ucur[r] ? w->unext[r] - w->ucur[r] : w->ucur[r] - w->unext[r];
		w->ucur[r] = w->unext[r];
		w->unext[r] = w->ks.bound[r];
	}
	atomic_fetch_add(&g_moved, moved);
	w->b0 = w->ucur[me];
	w->b1 = w->ucur[me + 1];
	if (w->b0 < w->xb0) {
		block_norms(w, w->b0, w->xb0);
		w->xb0 = w->b0;
	}
	if (w->b1 > w->xb1) {
		block_norms(w, w->xb1, w->b1);
		w->xb1 = w->b1;
	}
}

/* One restart; result in w->C, w->labels; returns inertia. */
static double lloyd(struct fitws *w, const struct ll_kmeans_cfg *cfg, double tol_abs, int *iters)
{
	size_t r0, r1;
	own_rows(w, &r0, &r1);
	int shared = w->ks.mode != LL_KSHARE_OFF;
	if (shared) {
		/* every block a rank may be given starts unlabelled, so that the
		 * first pass's shares may be any; a restart goes on from the
		 * shares the last one ended with */
		r0 = w->hb0 * BLOCK < w->n ? w->hb0 * BLOCK : w->n;
		r1 = w->hb1 * BLOCK < w->n ? w->hb1 * BLOCK : w->n;
		for (int r = 0; r <= w->ks.P; r++)
			w->ucur[r] = w->unext[r] = w->ks.bound[r];
	}
	for (size_t i = r0; i < r1; i++)
		w->labels[i] = -1;
	double inertia;
	int it = 0;
	while (it < cfg->max_iter) {
		int64_t chg;
		if (shared)
			take_share(w);
		assign(w, PASS_SUMS, &chg);
		double shift = update_centres(w);
		it++;
		if (chg == 0)
			break; /* same labels as the last pass: the centres did not move */
		if (shift <= tol_abs)
			break;
	}
	if (shared) {
		/* the labels in flight are not needed: the last pass labels the
		 * equal split's rows afresh, which is where the fit's labels stay
		 * (ll_kmeans_rows) */
		struct ll_err e;
		if (ll_par_wait_posted(&e) != LL_OK)
			ll_par_abort(LL_EIO, &e);
		g_last_P = w->ks.P;
		memcpy(g_last_bound, w->ucur, ((size_t)w->ks.P + 1) * sizeof *g_last_bound);
		w->b0 = w->sb0;
		w->b1 = w->sb1;
	}
	/* labels of the final centres, and their inertia computed directly */
	inertia = assign(w, PASS_LABELS, NULL);
	*iters = it;
	/* the labels stay with the rank that assigned them: the silhouette
	 * fetches its sample's, and gathering all of them (4 bytes a row to
	 * every rank) was the largest exchange of a fit */
	return inertia;
}

int ll_kmeans_fit(const float *X, size_t n, size_t d, const struct ll_kmeans_cfg *cfg, struct ll_kmeans **out,
		  struct ll_err *err)
{
	*out = NULL;
	int rc = ll_kmeans_check(cfg, n, d, err);
	if (rc)
		return rc;
	int trials = cfg->local_trials ? cfg->local_trials : 2 + (int)log((double)cfg->k);
	if (trials > 64)
		trials = 64;
	struct fitws w;
	struct ll_rng *r = ll_rng_new(cfg->seed);
	if (!r)
		return ll_err_set(err, LL_ENOMEM, "k-means: out of memory");
	rc = alloc_ws(&w, X, n, d, cfg->k, (size_t)trials, cfg->threads, err);
	if (rc) {
		ll_rng_free(r);
		return rc;
	}
	/* shares that follow speeds need every row a rank may be given, and
	 * carry each row's labels from pass to pass: Hamerly's bounds would
	 * have to travel with them, so a fit with bounds keeps the equal split */
	if (ll_par_size() > 1 && !w.ub)
		w.ks.mode = cfg->balance;
	/* the first restart's first centre is measured by the norms pass */
	ll_rng_seed(r, ll_rng_derive(cfg->seed, 0));
	size_t first = ll_rng_below(r, n);
	fetch_rows(X, n, d, &first, 1, w.spread, w.C);
	w.cc[0] = ll_sdot(d, w.C, w.C);
	size_t i, j = 0;
	double tol_abs = cfg->tol * norms_and_variance(&w, 1, &i, &j);
	if (i < n) { /* every rank found the same row */
		ll_rng_free(r);
		free_ws(&w);
		return ll_err_set(err, LL_EDATA,
				  "k-means: row %zu column %zu is not a finite number (or too large to square)", i, j);
	}
	struct ll_kmeans *km = calloc(1, sizeof *km);
	if (km) {
		km->c = malloc(cfg->k * d * sizeof(float));
		km->labels = ll_big_alloc(n * sizeof(int));
	}
	if (!km || !km->c || !km->labels) {
		ll_rng_free(r);
		ll_kmeans_free(km);
		free_ws(&w);
		return ll_err_set(err, LL_ENOMEM, "k-means: out of memory");
	}
	km->k = cfg->k;
	km->d = d;
	km->n = n;
	km->inertia = INFINITY;
	for (int run = 0; run < cfg->n_init; run++) {
		if (run > 0)
			ll_rng_seed(r, ll_rng_derive(cfg->seed, (uint64_t)run));
		seed_pp(&w, r, (size_t)trials, run == 0);
		int iters;
		double in = lloyd(&w, cfg, tol_abs, &iters);
		if (in < km->inertia) {
			km->inertia = in;
			km->iters = iters;
			memcpy(km->c, w.C, cfg->k * d * sizeof(float));
			/* the best labels so far are kept by swapping the buffers: the
			 * next restart writes every label again */
			int *t = km->labels;
			km->labels = w.labels;
			w.labels = t;
		}
	}
	ll_rng_free(r);
	free_ws(&w);
	*out = km;
	return LL_OK;
}

struct ll_kmeans *ll_kmeans_adopt(size_t k, size_t d, size_t n, float *c, int *labels, double inertia, int iters)
{
	struct ll_kmeans *km = calloc(1, sizeof *km);
	if (!km)
		return NULL;
	km->k = k;
	km->d = d;
	km->n = n;
	km->c = c;
	km->labels = labels;
	km->inertia = inertia;
	km->iters = iters;
	return km;
}

void ll_kmeans_free(struct ll_kmeans *km)
{
	if (!km)
		return;
	free(km->c);
	free(km->labels);
	free(km);
}

size_t ll_kmeans_k(const struct ll_kmeans *km)
{
	return km->k;
}

size_t ll_kmeans_dim(const struct ll_kmeans *km)
{
	return km->d;
}

const float *ll_kmeans_centers(const struct ll_kmeans *km)
{
	return km->c;
}

double ll_kmeans_inertia(const struct ll_kmeans *km)
{
	return km->inertia;
}

int ll_kmeans_iterations(const struct ll_kmeans *km)
{
	return km->iters;
}

const int *ll_kmeans_labels(const struct ll_kmeans *km)
{
	return km->labels;
}

size_t ll_kmeans_nrows(const struct ll_kmeans *km)
{
	return km->labels ? km->n : 0;
}

int ll_kmeans_predict(const struct ll_kmeans *km, const float *X, size_t n, size_t d, int *labels, float *dist2,
		      struct ll_err *err)
{
	if (d != km->d)
		return ll_err_set(err, LL_EUSAGE, "k-means: rows have %zu columns, the model has %zu", d, km->d);
	if (n == 0)
		return LL_OK;
	struct fitws w;
	memset(&w, 0, sizeof w);
	w.X = X;
	w.n = n;
	w.d = d;
	w.k = km->k;
	w.nblocks = (n + BLOCK - 1) / BLOCK;
	w.b1 = w.nblocks; /* every row, on this rank alone */
	w.d2 = dist2 ? dist2 : ll_big_alloc(n * sizeof(float));
	w.C = (float *)km->c; /* only read: assign() never writes the centres */
	w.cc = malloc(km->k * sizeof(float));
	w.dbuf = malloc(BLOCK * km->k * sizeof(float));
	w.pval = malloc(w.nblocks * sizeof(double));
	w.labels = labels;
	int rc = LL_OK;
	if (!w.d2 || !w.cc || !w.dbuf || !w.pval) {
		rc = ll_err_set(err, LL_ENOMEM, "k-means: out of memory for %zu rows", n);
	} else {
		for (size_t i = 0; i < n; i++)
			labels[i] = -1;
		assign(&w, PASS_LABELS, NULL);
	}
	if (!dist2)
		free(w.d2);
	free(w.cc);
	free(w.dbuf);
	free(w.pval);
	return rc;
}

/* ---- silhouette ---- */

/* Sample rows whose products with the whole sample are held at once: a
 * block's 1024 took 8 MB for a sample of 2000, memory every MPI rank
 * touched afresh, and no faster to fill. */
#define SIL_ROWS 128

int ll_kmeans_silhouette(const float *X, size_t n, size_t d, const int *labels, size_t k, size_t sample,
			 uint64_t seed, double *out, struct ll_err *err)
{
	*out = NAN;
	if (n < 2 || k < 2)
		return ll_err_set(err, LL_EUSAGE, "silhouette: needs at least 2 rows and 2 clusters");
	size_t m = sample && n > sample ? sample : n;
	/* nothing here is of order n but the caller's arrays: an n-sized index
	 * and a pass over every label cost more than the sample's products on
	 * a VM where touching fresh pages is slow */
	size_t *idx = malloc(m * sizeof *idx);
	float *S = ll_big_alloc(m * d * sizeof *S), *xx = malloc(m * sizeof *xx),
	      *G = malloc(SIL_ROWS * m * sizeof *G);
	int *lab = malloc(m * sizeof *lab);
	double *sum = malloc(k * sizeof *sum), *mean = calloc(d, sizeof *mean);
	int64_t *cnt = calloc(k, sizeof *cnt);
	struct ll_rng *r = ll_rng_new(seed);
	int rc = LL_OK;
	if (!idx || !S || !xx || !G || !lab || !sum || !mean || !cnt || !r) {
		rc = ll_err_set(err, LL_ENOMEM, "silhouette: out of memory for a sample of %zu rows", m);
		goto out;
	}
	if (m < n) {
		if (ll_rng_sample(r, n, m, idx) != 0) {
			rc = ll_err_set(err, LL_ENOMEM, "silhouette: out of memory for a sample of %zu rows", m);
			goto out;
		}
	} else {
		for (size_t i = 0; i < n; i++)
			idx[i] = i;
	}
	/* on several ranks each holds only its share of X's rows and labels */
	fetch_sample(X, labels, n, d, idx, m, 1, S, lab);
	/* only the sampled rows' clusters are read, so only they are checked */
	for (size_t i = 0; i < m; i++)
		if (lab[i] < 0 || (size_t)lab[i] >= k) {
			rc = ll_err_set(err, LL_EDATA, "silhouette: row %zu has cluster %d outside 0..%zu", idx[i], lab[i],
					k - 1);
			goto out;
		}
	for (size_t i = 0; i < m; i++) {
		cnt[lab[i]]++;
		for (size_t j = 0; j < d; j++)
			mean[j] += S[i * d + j];
	}
	size_t used = 0;
	for (size_t c = 0; c < k; c++)
		used += cnt[c] > 0;
	if (used < 2) {
		rc = ll_err_set(err, LL_EUSAGE, "silhouette: the %s holds only one cluster", m < n ? "sample" : "data");
		goto out;
	}
	/* centring shrinks the norms, and with them the cancellation in
	 * ||a||^2 + ||b||^2 - 2 a.b */
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < d; j++)
			S[i * d + j] -= (float)(mean[j] / (double)m);
	ll_kdist_direct(S, m, d, NULL, NULL, xx);
	/* blocks of sample rows, shared out over the ranks (ll_par.h); the
	 * blocks' totals are gathered and added in block order */
	size_t nblk = (m + BLOCK - 1) / BLOCK, b0, b1;
	ll_par_share(nblk, ll_par_rank(), ll_par_size(), &b0, &b1);
	double *btot = calloc(nblk, sizeof *btot);
	if (!btot) {
		rc = ll_err_set(err, LL_ENOMEM, "silhouette: out of memory");
		goto out;
	}
	for (size_t blk = b0; blk < b1; blk++) {
		size_t i0 = blk * BLOCK, nr = m - i0 < BLOCK ? m - i0 : BLOCK;
		double total = 0;
		for (size_t a = 0; a < nr; a++) {
			if (a % SIL_ROWS == 0) /* the products of the next SIL_ROWS rows */
				ll_sgemm(0, 1, nr - a < SIL_ROWS ? nr - a : SIL_ROWS, m, d, 1.0f, S + (i0 + a) * d, d, S, d,
					 0.0f, G, m);
			size_t i = i0 + a;
			memset(sum, 0, k * sizeof *sum);
			const float *g = G + (a % SIL_ROWS) * m;
			for (size_t j = 0; j < m; j++) {
				if (j == i)
					continue;
				double v = (double)xx[i] + (double)xx[j] - 2.0 * (double)g[j];
				sum[lab[j]] += v > 0 ? sqrt(v) : 0.0;
			}
			int own = lab[i];
			if (cnt[own] <= 1)
				continue; /* a singleton scores 0 */
			double ai = sum[own] / (double)(cnt[own] - 1), bi = INFINITY;
			for (size_t c = 0; c < k; c++)
				if ((int)c != own && cnt[c] > 0 && sum[c] / (double)cnt[c] < bi)
					bi = sum[c] / (double)cnt[c];
			double den = ai > bi ? ai : bi;
			total += den > 0 ? (bi - ai) / den : 0.0;
		}
		btot[blk] = total;
	}
	if (ll_par_size() > 1) {
		size_t counts[LL_KMEANS_MAX_RANKS_ON_STACK], *cnts = counts;
		int P = ll_par_size();
		if ((size_t)P > LL_KMEANS_MAX_RANKS_ON_STACK && !(cnts = malloc((size_t)P * sizeof *cnts)))
			ll_par_abort(ll_err_set(err, LL_ENOMEM, "silhouette: out of memory"), err);
		for (int q = 0; q < P; q++) {
			size_t lo, hi;
			ll_par_share(nblk, q, P, &lo, &hi);
			cnts[q] = (hi - lo) * sizeof *btot;
		}
		if (ll_par_allgatherv_inplace(btot, cnts, err) != LL_OK)
			ll_par_abort(LL_EIO, err);
		if (cnts != counts)
			free(cnts);
	}
	double total = 0;
	for (size_t blk = 0; blk < nblk; blk++)
		total += btot[blk];
	free(btot);
	*out = total / (double)m;
out:
	free(idx);
	free(S);
	free(xx);
	free(G);
	free(lab);
	free(sum);
	free(mean);
	free(cnt);
	ll_rng_free(r);
	return rc;
}

int ll_kmeans_elbow(const float *X, size_t n, size_t d, size_t kmin, size_t kmax, const struct ll_kmeans_cfg *cfg,
		    size_t sil_sample, double *inertia, double *silhouette, struct ll_kmeans **best,
		    struct ll_err *err)
{
	if (best)
		*best = NULL;
	if (kmin < 1 || kmax < kmin)
		return ll_err_set(err, LL_EUSAGE, "k-means: bad k range %zu..%zu", kmin, kmax);
	if (kmax > n)
		return ll_err_set(err, LL_EUSAGE, "k-means: k = %zu is larger than the %zu rows", kmax, n);
	struct ll_kmeans_cfg c = *cfg;
	double best_sil = NAN;
	for (size_t k = kmin; k <= kmax; k++) {
		c.k = k;
		struct ll_kmeans *km;
		int rc = ll_kmeans_fit(X, n, d, &c, &km, err);
		if (rc) /* a fit that failed fails the sweep, nothing kept */
			return ll_kmeans_elbow_keep(NULL, rc, NAN, best, &best_sil);
		inertia[k - kmin] = km->inertia;
		double sil = NAN;
		if (silhouette) {
			if (k >= 2)
				rc = ll_kmeans_silhouette(X, n, d, km->labels, k, sil_sample, cfg->seed, &sil, err);
			if (rc == LL_EUSAGE)
				rc = LL_OK; /* all rows in one cluster: no score, not an error */
			silhouette[k - kmin] = sil;
		}
		if ((rc = ll_kmeans_elbow_keep(km, rc, sil, best, &best_sil)) != LL_OK)
			return rc;
	}
	return LL_OK;
}

int ll_kmeans_elbow_keep(struct ll_kmeans *km, int rc, double sil, struct ll_kmeans **best, double *best_sil)
{
	if (rc == LL_OK && best && (!*best || sil > *best_sil || (isnan(*best_sil) && !isnan(sil)))) {
		ll_kmeans_free(*best);
		*best = km;
		*best_sil = sil;
	} else {
		ll_kmeans_free(km);
	}
	if (rc && best) {
		ll_kmeans_free(*best);
		*best = NULL;
	}
	return rc;
}

/* ---- model files ---- */

int ll_kmeans_save(const struct ll_kmeans *km, const char *path, const char *fingerprint, struct ll_err *err)
{
	struct ll_mio *f;
	int rc = ll_mio_new("kmeans", fingerprint, &f, err);
	if (rc)
		return rc;
	int64_t shape[2] = { (int64_t)km->k, (int64_t)km->d };
	if (!(rc = ll_mio_put(f, "shape", LL_MIO_I64, shape, 2, err)) &&
	    !(rc = ll_mio_put(f, "centers", LL_MIO_F32, km->c, km->k * km->d, err)) &&
	    !(rc = ll_mio_put(f, "inertia", LL_MIO_F64, &km->inertia, 1, err)))
		rc = ll_mio_write(f, path, err);
	ll_mio_free(f);
	return rc;
}

int ll_kmeans_load(const char *path, const char *fingerprint, struct ll_kmeans **out, struct ll_err *err)
{
	*out = NULL;
	struct ll_mio *f;
	int rc = ll_mio_read(path, "kmeans", fingerprint, &f, err);
	if (rc)
		return rc;
	int64_t shape[2];
	struct ll_kmeans *km = NULL;
	if ((rc = ll_mio_get(f, "shape", LL_MIO_I64, shape, 2, err)))
		goto done;
	if (shape[0] < 1 || shape[1] < 1 || shape[0] > (1 << 24) || shape[1] > (1 << 24) ||
	    shape[0] * shape[1] != ll_mio_count(f, "centers", LL_MIO_F32)) {
		rc = ll_err_set(err, LL_EDATA, "%s: inconsistent 'shape' section", path);
		goto done;
	}
	km = calloc(1, sizeof *km);
	if (km)
		km->c = malloc((size_t)(shape[0] * shape[1]) * sizeof(float));
	if (!km || !km->c) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	km->k = (size_t)shape[0];
	km->d = (size_t)shape[1];
	if ((rc = ll_mio_get(f, "centers", LL_MIO_F32, km->c, km->k * km->d, err)) ||
	    (rc = ll_mio_get(f, "inertia", LL_MIO_F64, &km->inertia, 1, err)))
		goto done;
done:
	ll_mio_free(f);
	if (rc) {
		ll_kmeans_free(km);
		return rc;
	}
	*out = km;
	return LL_OK;
}
