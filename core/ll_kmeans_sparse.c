/*
 * ll_kmeans_sparse.c - k-means++ / Lloyd k-means over CSR rows (see
 * ll_kmeans_sparse.h).
 *
 * The dense fit's plan (ll_kmeans.c) with sparse arithmetic. Every pass
 * over the rows is cut into blocks of BLOCK rows that the pool's threads
 * take from an atomic counter; a block writes only its rows' slots and
 * one total of its own, merged in block order afterwards, so scheduling
 * never changes a result. The centre sums are added by one thread a rank,
 * block after block, and folded through the ranks in rank order: they
 * cost nnz additions, against nnz x k multiplications for the distances.
 * The centres of a pass are held transposed (d x k), so that a row's
 * value in column j meets the k centres' values of column j side by side.
 * A distance's value for a row and a centre does not depend on the other
 * centres of its pass (each lane adds the same products in the same
 * order, and C11 contracts nothing into FMAs): the k-means++ steps rely
 * on it when they measure a winner again alone.
 */
#include "ll_kmeans_sparse.h"
#include "ll_kmeans_pick.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ll_bigmem.h"
#include "ll_mat.h"
#include "ll_par.h"
#include "ll_pool.h"
#include "ll_rng.h"

/* the dense fit's block: the centre sums' order of addition follows it */
#define BLOCK 1024
#define MAX_TRIALS 64

enum kind {
	K_NORMS,  /* squared norms, the first non-finite row, then K_FIRST's
		   * work while the block is in the cache */
	K_FIRST,  /* d2 = distance to the first centre, its block totals */
	K_TRIALS, /* k-means++: d2 takes the last winner in (apply), then each
		   * candidate's potential over the block */
	K_SUMS,   /* Lloyd: labels, changes, d2 = distance to the nearest */
	K_LABELS  /* labels, d2 = the direct squared distance, inertia */
};

struct sfit {
	const struct ll_kspm *X;
	size_t n, d, k, nt, kmax, nblocks, b0, b1;
	struct ll_pool *pool;
	float *xx, *d2;
	int *labels;
	float *C;       /* (k + nt) x d: centres (seeding: winners, then candidates) */
	float *Cold;    /* k x d */
	float *CT;      /* d x padded(kmax): the pass's centres, transposed */
	float *cc;      /* padded(kmax): their squared norms */
	double *ccd;    /* k: the centres' squared norms in double */
	float *dbuf;    /* threads x BLOCK x padded(kmax) */
	double *pval;   /* nblocks x max(nt, 1) block totals */
	double *bend;   /* nblocks running potentials */
	int64_t *bchg;  /* nblocks: changed labels; NORMS: first non-finite row or -1 */
	double *rec;    /* k x d sums, k counts, changes: every block's, added up */
	double *part;   /* k x d: one block's sums (the fold's scratch) */
	double *mom;    /* 2 d + 2: column sums, sums of squares, first bad row */
	float win_cc;
};

struct spass {
	enum kind kind;
	struct sfit *w;
	const float *CT, *cc;
	size_t kc;
	int apply;
	atomic_size_t next;
};

static size_t row_of(const struct ll_kspm *X, size_t i)
{
	return X->rows ? X->rows[i] : i;
}

/* The row stride of the transposed centres and of the distances for kc
 * centres: whole vectors of 8 floats (the padding's centres are 0), so
 * that a value's products with all centres take a few vector operations
 * of known width; 1 for a single centre. */
static size_t padded(size_t kc)
{
	return kc == 1 ? 1 : (kc + 7) & ~(size_t)7;
}

/* dots() for kp (8 or 16) centres, the row's sums held in registers
 * (summed in memory, each value's additions waited for the last one's
 * store); the same operations in the same order as the general loop. */
__attribute__((always_inline)) static inline void dots_fixed(const struct ll_kspm *X, size_t r0, size_t nr,
							     const float *CT, size_t kp, const float *cc, float *D)
{
	size_t d = X->d;
	for (size_t i = 0; i < nr; i++) {
		size_t r = row_of(X, i + r0);
		float a[16];
		for (size_t j = 0; j < kp; j++)
			a[j] = 0.0f;
		for (size_t p = X->indptr[r]; p < X->indptr[r + 1]; p++) {
			size_t col = X->indices[p];
			if (col >= d)
				continue;
			float v = X->values[p];
			const float *ct = CT + col * kp;
			for (size_t j = 0; j < kp; j++)
				a[j] += v * ct[j];
		}
		for (size_t j = 0; j < kp; j++)
			D[i * kp + j] = cc[j] - 2.0f * a[j];
	}
}

/* D (nr x padded(kc)) = ||c||^2 - 2 x.c for rows r0.. of X against the
 * centres held transposed in CT (d x padded(kc)), so that ||x||^2 + D is
 * the squared distance. */
LL_HOT static void dots(const struct ll_kspm *X, size_t r0, size_t nr, const float *CT, size_t kc, const float *cc,
			float *D)
{
	size_t d = X->d, kp = padded(kc);
	if (kp == 8) {
		dots_fixed(X, r0, nr, CT, 8, cc, D);
		return;
	}
	if (kp == 16) {
		dots_fixed(X, r0, nr, CT, 16, cc, D);
		return;
	}
	for (size_t i = 0; i < nr; i++) {
		size_t r = row_of(X, r0 + i);
		float *row = D + i * kp;
		for (size_t j = 0; j < kp; j++)
			row[j] = 0.0f;
		for (size_t p = X->indptr[r]; p < X->indptr[r + 1]; p++) {
			size_t col = X->indices[p];
			if (col >= d)
				continue;
			float v = X->values[p];
			const float *ct = CT + col * kp;
			if (kp == 1) {
				row[0] += v * ct[0];
				continue;
			}
			for (size_t j = 0; j < kp; j += 8)
				for (size_t l = 0; l < 8; l++)
					row[j + l] += v * ct[j + l];
		}
		for (size_t j = 0; j < kp; j++)
			row[j] = cc[j] - 2.0f * row[j];
	}
}

static inline float expanded(float xx, float dv)
{
	float v = xx + dv;
	return v > 0.0f ? v : 0.0f;
}

static int argmin_row(const float *row, size_t k)
{
	size_t best = 0;
	for (size_t j = 1; j < k; j++)
		if (row[j] < row[best])
			best = j;
	return (int)best;
}

/* The squared distance of row i to centre c (d values; ccd its squared
 * norm in double) summed directly, ||c||^2 plus (x - c)^2 - c^2 over the
 * row's values, in double: ||x||^2 - 2 x.c + ||c||^2 in float loses digits
 * when the norms are large next to the distance. */
static float direct(const struct ll_kspm *X, size_t i, const float *c, double ccd)
{
	size_t r = row_of(X, i);
	double s = ccd;
	for (size_t p = X->indptr[r]; p < X->indptr[r + 1]; p++) {
		size_t col = X->indices[p];
		if (col >= X->d)
			continue;
		double e = (double)X->values[p] - c[col];
		s += e * e - (double)c[col] * c[col];
	}
	return s > 0 ? (float)s : 0.0f;
}

static double sqnorm(const float *c, size_t d)
{
	double s = 0;
	for (size_t j = 0; j < d; j++)
		s += (double)c[j] * c[j];
	return s;
}

/* Row i of X made dense over d columns into out. */
static void dense_row(const struct ll_kspm *X, size_t i, float *out)
{
	size_t r = row_of(X, i);
	memset(out, 0, X->d * sizeof *out);
	for (size_t p = X->indptr[r]; p < X->indptr[r + 1]; p++)
		if (X->indices[p] < X->d)
			out[X->indices[p]] = X->values[p];
}

/* c (kc rows of d) transposed into CT (d x padded(kc)), and the squared
 * norms' padding (cc, padded(kc) values) set to 0. */
static void transpose(const float *c, size_t kc, size_t d, float *CT, float *cc)
{
	size_t kp = padded(kc);
	for (size_t t = 0; t < d; t++) {
		for (size_t j = 0; j < kc; j++)
			CT[t * kp + j] = c[j * d + t];
		for (size_t j = kc; j < kp; j++)
			CT[t * kp + j] = 0.0f;
	}
	for (size_t j = kc; j < kp; j++)
		cc[j] = 0.0f;
}

/* ---- passes ---- */

static void run_block(struct spass *p, size_t b, float *D)
{
	struct sfit *w = p->w;
	const struct ll_kspm *X = w->X;
	size_t r0 = b * BLOCK, nr = w->n - r0 < BLOCK ? w->n - r0 : BLOCK, kc = p->kc, kp = padded(kc);
	float *xx = w->xx + r0, *d2 = w->d2 + r0;
	if (p->kind == K_NORMS) {
		w->bchg[b] = -1;
		for (size_t i = 0; i < nr; i++) {
			size_t r = row_of(X, r0 + i);
			double s = 0;
			for (size_t q = X->indptr[r]; q < X->indptr[r + 1]; q++)
				if (X->indices[q] < X->d)
					s += (double)X->values[q] * X->values[q];
			xx[i] = (float)s;
			if (!isfinite(xx[i]) && w->bchg[b] < 0)
				w->bchg[b] = (int64_t)(r0 + i);
		}
	}
	dots(X, r0, nr, p->CT, kc, p->cc, D);
	if (p->kind == K_NORMS || p->kind == K_FIRST) {
		double s = 0;
		for (size_t i = 0; i < nr; i++) {
			d2[i] = expanded(xx[i], D[i]);
			s += d2[i];
		}
		w->pval[b] = s;
	} else if (p->kind == K_TRIALS) {
		size_t nt = kc - 1;
		if (p->apply)
			for (size_t i = 0; i < nr; i++) {
				float v = expanded(xx[i], D[i * kp]);
				d2[i] = v < d2[i] ? v : d2[i];
			}
		double *pot = w->pval + b * nt;
		for (size_t t = 0; t < nt; t++) {
			double s = 0;
			for (size_t i = 0; i < nr; i++) {
				float v = expanded(xx[i], D[i * kp + 1 + t]);
				s += v < d2[i] ? v : d2[i];
			}
			pot[t] = s;
		}
	} else {
		int *lab = w->labels + r0;
		int64_t chg = 0;
		double in = 0;
		for (size_t i = 0; i < nr; i++) {
			int near = argmin_row(D + i * kp, kc);
			chg += lab[i] != near;
			lab[i] = near;
			if (p->kind == K_SUMS) {
				d2[i] = expanded(xx[i], D[i * kp + (size_t)near]);
			} else {
				d2[i] = direct(X, r0 + i, w->C + (size_t)near * w->d, w->ccd[near]);
				in += d2[i];
			}
		}
		if (p->kind == K_SUMS)
			w->bchg[b] = chg;
		else
			w->pval[b] = in;
	}
}

static void pass_job(void *arg, int t, int T)
{
	(void)T;
	struct spass *p = arg;
	float *D = p->w->dbuf + (size_t)t * BLOCK * padded(p->w->kmax);
	for (;;) {
		size_t b = atomic_fetch_add(&p->next, 1);
		if (b >= p->w->b1)
			break;
		run_block(p, b, D);
	}
}

/* This rank's blocks of a pass of `kind` against kc centres CT. */
static void run_pass(struct sfit *w, enum kind kind, const float *CT, const float *cc, size_t kc, int apply)
{
	struct spass p;
	memset(&p, 0, sizeof p);
	p.kind = kind;
	p.w = w;
	p.CT = CT;
	p.cc = cc;
	p.kc = kc;
	p.apply = apply;
	atomic_store(&p.next, w->b0);
	if (w->pool && w->b1 - w->b0 > 1)
		ll_pool_run(w->pool, pass_job, &p);
	else
		pass_job(&p, 0, 1);
}

/* ---- ranks ---- */

/* The per-block values of every rank made whole on every rank (`width`
 * bytes a block, block-major, this rank's in place). */
static void gather_blocks(const struct sfit *w, void *base, size_t width)
{
	int P = ll_par_size();
	if (P == 1)
		return;
	struct ll_err e;
	size_t *cnt = malloc((size_t)P * sizeof *cnt);
	if (!cnt)
		ll_par_abort(ll_err_set(&e, LL_ENOMEM, "k-means: out of memory"), &e);
	for (int q = 0; q < P; q++) {
		size_t lo, hi;
		ll_par_share(w->nblocks, q, P, &lo, &hi);
		cnt[q] = (hi - lo) * width;
	}
	if (ll_par_allgatherv_inplace(base, cnt, &e) != LL_OK)
		ll_par_abort(LL_EIO, &e);
	free(cnt);
}

/* Block totals in pval (`width` a block, column col) into running sums;
 * returns the total. */
static double block_ends(struct sfit *w, size_t width, size_t col)
{
	double pot = 0;
	for (size_t b = 0; b < w->nblocks; b++) {
		pot += w->pval[b * width + col];
		w->bend[b] = pot;
	}
	return pot;
}

/* ---- seeding ---- */

/* Block b's potentials as the next trials pass makes them: d2 with the
 * winner of step c - 1 (row c - 1 of C) taken in, measured alone (the
 * same bits as in its pass). */
static void block_potentials(struct sfit *w, size_t b, size_t c, float *out, float *D)
{
	size_t r0 = b * BLOCK, nr = w->n - r0 < BLOCK ? w->n - r0 : BLOCK;
	memcpy(out, w->d2 + r0, nr * sizeof *out);
	if (c == 1)
		return;
	dots(w->X, r0, nr, w->C + (c - 1) * w->d, 1, &w->win_cc, D);
	for (size_t i = 0; i < nr; i++) {
		float v = expanded(w->xx[r0 + i], D[i]);
		out[i] = v < out[i] ? v : out[i];
	}
}

/* The rows at cumulative potentials u[0..nt) (step c): the block from the
 * block ends, the row by the rank holding the block, made whole by a sum. */
static void pick_rows(struct sfit *w, const double *u, size_t c, size_t nt, size_t *ids)
{
	uint64_t pick[MAX_TRIALS];
	float pot[BLOCK];
	size_t have = w->nblocks;
	for (size_t t = 0; t < nt; t++) {
		size_t lo = ll_kmeans_pick_block(w->bend, w->nblocks, u[t]);
		pick[t] = 0;
		if (lo >= w->b0 && lo < w->b1) {
			size_t r0 = lo * BLOCK, nr = w->n - r0 < BLOCK ? w->n - r0 : BLOCK;
			if (have != lo)
				block_potentials(w, lo, c, pot, w->dbuf);
			have = lo;
			pick[t] = r0 + ll_kmeans_pick_row(pot, nr, lo ? w->bend[lo - 1] : 0.0, u[t]);
		}
	}
	struct ll_err e;
	if (ll_par_size() > 1 && ll_par_sum_u64(pick, nt, &e) != LL_OK)
		ll_par_abort(LL_EIO, &e);
	for (size_t t = 0; t < nt; t++)
		ids[t] = (size_t)pick[t];
}

/* d2 and block ends of the first centre, row 0 of C (with the squared
 * norms when norms is set). */
static void first_centre(struct sfit *w, int norms)
{
	w->cc[0] = (float)sqnorm(w->C, w->d);
	run_pass(w, norms ? K_NORMS : K_FIRST, w->C, w->cc, 1, 0);
	gather_blocks(w, w->pval, sizeof(double));
	block_ends(w, 1, 0);
}

/* Greedy k-means++ with nt candidates a step, as ll_kmeans.c's seed_pp
 * (the same draws from r); the first centre is in row 0 of C, measured. */
static void seed_pp(struct sfit *w, struct ll_rng *r)
{
	size_t n = w->n, d = w->d, nt = w->nt;
	w->win_cc = w->cc[0];
	double pot = w->bend[w->nblocks - 1];
	for (size_t c = 1; c < w->k; c++) {
		float *cand = w->C + c * d;
		size_t ids[MAX_TRIALS];
		double u[MAX_TRIALS];
		for (size_t t = 0; t < nt; t++) {
			u[t] = ll_rng_uniform(r) * pot;
			if (!(pot > 0))
				ids[t] = ll_rng_below(r, n);
		}
		if (pot > 0)
			pick_rows(w, u, c, nt, ids);
		for (size_t t = 0; t < nt; t++)
			dense_row(w->X, ids[t], cand + t * d);
		w->cc[0] = w->win_cc;
		for (size_t t = 0; t < nt; t++)
			w->cc[1 + t] = (float)sqnorm(cand + t * d, d);
		transpose(cand - d, nt + 1, d, w->CT, w->cc);
		run_pass(w, K_TRIALS, w->CT, w->cc, nt + 1, c > 1);
		gather_blocks(w, w->pval, nt * sizeof(double));
		size_t best = 0;
		double bestpot = INFINITY;
		for (size_t t = 0; t < nt; t++) {
			double s = 0;
			for (size_t b = 0; b < w->nblocks; b++)
				s += w->pval[b * nt + t];
			if (s < bestpot) {
				bestpot = s;
				best = t;
			}
		}
		pot = block_ends(w, nt, best);
		w->win_cc = w->cc[1 + best];
		memmove(cand, cand + best * d, d * sizeof(float));
	}
}

/* ---- Lloyd ---- */

/* This rank's blocks' sums, counts and changes added to acc in block
 * order, each block's sums first added up on their own from 0 in row
 * order (the dense fit's order: the same doubles); the cells a block
 * touched are cleared again by walking its rows. */
static void fold_sums(void *acc, void *ctx)
{
	struct sfit *w = ctx;
	const struct ll_kspm *X = w->X;
	size_t k = w->k, d = w->d;
	double *a = acc, *part = w->part;
	for (size_t b = w->b0; b < w->b1; b++) {
		size_t r0 = b * BLOCK, nr = w->n - r0 < BLOCK ? w->n - r0 : BLOCK;
		for (size_t i = r0; i < r0 + nr; i++) {
			size_t r = row_of(X, i);
			double *s = part + (size_t)w->labels[i] * d;
			for (size_t p = X->indptr[r]; p < X->indptr[r + 1]; p++)
				if (X->indices[p] < d)
					s[X->indices[p]] += X->values[p];
			a[k * d + (size_t)w->labels[i]] += 1.0;
		}
		for (size_t i = r0; i < r0 + nr; i++) {
			size_t r = row_of(X, i), o = (size_t)w->labels[i] * d;
			for (size_t p = X->indptr[r]; p < X->indptr[r + 1]; p++)
				if (X->indices[p] < d) {
					size_t cell = o + X->indices[p];
					a[cell] += part[cell]; /* 0 once taken: the next adds nothing */
					part[cell] = 0;
				}
		}
		a[k * d + k] += (double)w->bchg[b];
	}
}

/* This rank's rows' column sums and sums of squares added to acc in row
 * order, and the first non-finite row. */
static void fold_moments(void *acc, void *ctx)
{
	struct sfit *w = ctx;
	const struct ll_kspm *X = w->X;
	size_t d = w->d;
	double *a = acc;
	size_t r0 = w->b0 * BLOCK < w->n ? w->b0 * BLOCK : w->n, r1 = w->b1 * BLOCK < w->n ? w->b1 * BLOCK : w->n;
	for (size_t i = r0; i < r1; i++) {
		size_t r = row_of(X, i);
		for (size_t p = X->indptr[r]; p < X->indptr[r + 1]; p++)
			if (X->indices[p] < d) {
				double v = X->values[p];
				a[X->indices[p]] += v;
				a[d + X->indices[p]] += v * v;
			}
	}
	for (size_t b = w->b0; b < w->b1 && a[2 * d] < 0; b++)
		if (w->bchg[b] >= 0)
			a[2 * d] = (double)w->bchg[b];
}

/* The row farthest from its centre (the first of equals) over every
 * rank's rows; its d2 becomes 0 so that it is not taken twice. */
static size_t farthest_row(struct sfit *w)
{
	size_t r0 = w->b0 * BLOCK < w->n ? w->b0 * BLOCK : w->n, r1 = w->b1 * BLOCK < w->n ? w->b1 * BLOCK : w->n;
	return ll_kmeans_farthest(w->d2, r0, r1, 1);
}

static void centre_norms(struct sfit *w)
{
	for (size_t j = 0; j < w->k; j++) {
		w->ccd[j] = sqnorm(w->C + j * w->d, w->d);
		w->cc[j] = (float)w->ccd[j];
	}
	transpose(w->C, w->k, w->d, w->CT, w->cc);
}

/* One Lloyd step: labels from the centres, then centres from the labels'
 * sums (an empty cluster takes the row farthest from its centre).
 * *changed: labels that moved; returns the total squared shift. */
static double lloyd_step(struct sfit *w, int64_t *changed)
{
	size_t k = w->k, d = w->d, rw = k * d + k + 1;
	centre_norms(w);
	run_pass(w, K_SUMS, w->CT, w->cc, k, 0);
	memset(w->rec, 0, rw * sizeof *w->rec);
	struct ll_err e;
	if (ll_par_chain(w->rec, rw * sizeof *w->rec, fold_sums, w, &e) != LL_OK)
		ll_par_abort(LL_EIO, &e);
	*changed = (int64_t)w->rec[k * d + k];
	memcpy(w->Cold, w->C, k * d * sizeof(float));
	double shift = 0;
	for (size_t j = 0; j < k; j++) {
		float *c = w->C + j * d;
		double cnt = w->rec[k * d + j];
		if (cnt == 0) {
			dense_row(w->X, farthest_row(w), c);
		} else {
			for (size_t t = 0; t < d; t++)
				c[t] = (float)(w->rec[j * d + t] / cnt);
		}
		for (size_t t = 0; t < d; t++) {
			double e2 = (double)c[t] - w->Cold[j * d + t];
			shift += e2 * e2;
		}
	}
	return shift;
}

/* One restart from the seeded centres; returns the inertia. */
static double lloyd(struct sfit *w, const struct ll_kmeans_cfg *cfg, double tol_abs, int *iters)
{
	size_t r0 = w->b0 * BLOCK < w->n ? w->b0 * BLOCK : w->n, r1 = w->b1 * BLOCK < w->n ? w->b1 * BLOCK : w->n;
	for (size_t i = r0; i < r1; i++)
		w->labels[i] = -1;
	int it = 0;
	while (it < cfg->max_iter) {
		int64_t chg;
		double shift = lloyd_step(w, &chg);
		it++;
		if (chg == 0 || shift <= tol_abs)
			break;
	}
	*iters = it;
	centre_norms(w);
	run_pass(w, K_LABELS, w->CT, w->cc, w->k, 0);
	gather_blocks(w, w->pval, sizeof(double));
	double in = 0;
	for (size_t b = 0; b < w->nblocks; b++)
		in += w->pval[b];
	return in;
}

/* ---- workspace ---- */

static void free_ws(struct sfit *w)
{
	ll_pool_free(w->pool);
	free(w->xx);
	free(w->d2);
	free(w->labels);
	free(w->C);
	free(w->Cold);
	free(w->CT);
	free(w->cc);
	free(w->ccd);
	free(w->dbuf);
	free(w->pval);
	free(w->bend);
	free(w->bchg);
	free(w->rec);
	free(w->part);
	free(w->mom);
}

static size_t trials_of(const struct ll_kmeans_cfg *cfg)
{
	int t = cfg->local_trials ? cfg->local_trials : 2 + (int)log((double)cfg->k);
	return (size_t)(t > MAX_TRIALS ? MAX_TRIALS : t);
}

double ll_kmeans_sparse_bytes(size_t n, size_t d, size_t k, int threads, size_t sil_sample)
{
	size_t nt = 2 + (size_t)log((double)(k ? k : 1)), kmax = k > nt + 1 ? k : nt + 1, nb = (n + BLOCK - 1) / BLOCK;
	size_t m = sil_sample && n > sil_sample ? sil_sample : n;
	/* per row: norm, d2, the fit's labels and the best restart's */
	double rows = (double)n * (2 * sizeof(float) + 2 * sizeof(int));
	double centres = (double)d * ((2 * k + nt + padded(kmax)) * sizeof(float) + (2 * k + 2) * sizeof(double));
	double blocks = (double)nb * ((nt + 2) * sizeof(double)) +
			(double)threads * BLOCK * padded(kmax) * sizeof(float);
	/* the silhouette's sample over at most d columns, and its products
	 * (ll_kmeans.c: 128 sample rows at a time) */
	double sample = (double)m * ((double)d * sizeof(float) + 4 * sizeof(size_t)) +
			128.0 * (double)m * sizeof(float);
	return rows + centres + blocks + sample;
}

static int alloc_ws(struct sfit *w, const struct ll_kspm *X, size_t k, size_t nt, int threads, struct ll_err *err)
{
	memset(w, 0, sizeof *w);
	size_t n = X->n, d = X->d;
	w->X = X;
	w->n = n;
	w->d = d;
	w->k = k;
	w->nt = nt;
	w->kmax = k > nt + 1 ? k : nt + 1;
	w->nblocks = (n + BLOCK - 1) / BLOCK;
	if (threads > 1 && ll_pool_new(threads, &w->pool, err) != LL_OK)
		return err->code;
	w->xx = ll_big_alloc(n * sizeof(float));
	w->d2 = ll_big_alloc(n * sizeof(float));
	w->labels = ll_big_alloc(n * sizeof(int));
	w->C = malloc((k + nt) * d * sizeof(float));
	w->Cold = malloc(k * d * sizeof(float));
	w->CT = malloc(padded(w->kmax) * d * sizeof(float));
	w->cc = malloc(padded(w->kmax) * sizeof(float));
	w->ccd = malloc(k * sizeof(double));
	w->dbuf = malloc((size_t)threads * BLOCK * padded(w->kmax) * sizeof(float));
	w->pval = malloc(w->nblocks * (nt > 1 ? nt : 1) * sizeof(double));
	w->bend = malloc(w->nblocks * sizeof(double));
	w->bchg = malloc(w->nblocks * sizeof(int64_t));
	w->rec = malloc((k * d + k + 1) * sizeof(double));
	w->part = calloc(k * d, sizeof(double));
	w->mom = malloc((2 * d + 2) * sizeof(double));
	ll_par_share(w->nblocks, ll_par_rank(), ll_par_size(), &w->b0, &w->b1);
	if (!w->xx || !w->d2 || !w->labels || !w->C || !w->Cold || !w->CT || !w->cc || !w->ccd || !w->dbuf ||
	    !w->pval || !w->bend || !w->bchg || !w->rec || !w->part || !w->mom) {
		free_ws(w);
		return ll_err_set(err, LL_ENOMEM, "k-means: out of memory for %zu sparse rows x %zu columns", n, d);
	}
	return LL_OK;
}

/* ---- fitting ---- */

/* The squared norms, the first centre's distances and (from the column
 * moments folded through the ranks) the mean variance of the columns;
 * *bad: the first non-finite row, n for none. */
static double norms_and_variance(struct sfit *w, size_t *bad)
{
	size_t d = w->d;
	first_centre(w, 1);
	gather_blocks(w, w->bchg, sizeof(int64_t));
	double *a = w->mom;
	memset(a, 0, 2 * d * sizeof *a);
	a[2 * d] = -1;
	struct ll_err e;
	if (ll_par_chain(a, (2 * d + 2) * sizeof *a, fold_moments, w, &e) != LL_OK)
		ll_par_abort(LL_EIO, &e);
	*bad = a[2 * d] >= 0 ? (size_t)a[2 * d] : w->n;
	double tot = 0;
	for (size_t j = 0; j < d; j++) {
		double m = a[j] / (double)w->n, v = a[d + j] / (double)w->n - m * m;
		tot += v > 0 ? v : 0;
	}
	return tot / (double)d;
}

int ll_kmeans_sparse_fit(const struct ll_kspm *X, const struct ll_kmeans_cfg *cfg, struct ll_kmeans **out,
			 struct ll_err *err)
{
	*out = NULL;
	size_t n = X->n, d = X->d, k = cfg->k;
	int rc = ll_kmeans_check(cfg, n, d, err);
	if (rc)
		return rc;
	size_t nt = trials_of(cfg);
	struct sfit w;
	struct ll_rng *r = ll_rng_new(cfg->seed);
	if (!r)
		return ll_err_set(err, LL_ENOMEM, "k-means: out of memory");
	if ((rc = alloc_ws(&w, X, k, nt, cfg->threads, err)) != LL_OK) {
		ll_rng_free(r);
		return rc;
	}
	float *best_c = malloc(k * d * sizeof *best_c);
	int *best_lab = ll_big_alloc(n * sizeof *best_lab);
	if (!best_c || !best_lab) {
		rc = ll_err_set(err, LL_ENOMEM, "k-means: out of memory");
		goto done;
	}
	/* the first restart's first centre is measured by the norms pass */
	ll_rng_seed(r, ll_rng_derive(cfg->seed, 0));
	dense_row(X, ll_rng_below(r, n), w.C);
	size_t bad;
	double tol_abs = cfg->tol * norms_and_variance(&w, &bad);
	if (bad < n) {
		size_t rr = row_of(X, bad), col = 0;
		for (size_t p = X->indptr[rr]; p < X->indptr[rr + 1]; p++)
			if (X->indices[p] < d && !(fabsf(X->values[p]) < 1e18f)) {
				col = X->indices[p];
				break;
			}
		rc = ll_err_set(err, LL_EDATA,
				"k-means: row %zu column %zu is not a finite number (or too large to square)", bad, col);
		goto done;
	}
	double inertia = INFINITY;
	int iters = 0;
	for (int run = 0; run < cfg->n_init; run++) {
		if (run > 0) {
			ll_rng_seed(r, ll_rng_derive(cfg->seed, (uint64_t)run));
			dense_row(X, ll_rng_below(r, n), w.C);
			first_centre(&w, 0);
		}
		seed_pp(&w, r);
		int it;
		double in = lloyd(&w, cfg, tol_abs, &it);
		if (in < inertia) {
			inertia = in;
			iters = it;
			memcpy(best_c, w.C, k * d * sizeof *best_c);
			int *t = best_lab;
			best_lab = w.labels;
			w.labels = t;
		}
	}
	if (!(*out = ll_kmeans_adopt(k, d, n, best_c, best_lab, inertia, iters)))
		rc = ll_err_set(err, LL_ENOMEM, "k-means: out of memory");
	else
		best_c = NULL, best_lab = NULL;
done:
	free(best_c);
	free(best_lab);
	ll_rng_free(r);
	free_ws(&w);
	return rc;
}

/* ---- elbow and prediction ---- */

/* The silhouette of the sample ll_kmeans_silhouette draws from n rows
 * with seed, its rows made dense over the columns they use (a column 0 on
 * every sampled row adds nothing to their distances). labels: this
 * rank's rows' (ll_kmeans_rows); the sample's reach every rank by a sum. */
static int sparse_silhouette(const struct ll_kspm *X, const int *labels, size_t k, size_t sample, uint64_t seed,
			     double *out, struct ll_err *err)
{
	*out = NAN;
	size_t n = X->n, d = X->d, m = sample && n > sample ? sample : n;
	if (n < 2 || k < 2)
		return ll_err_set(err, LL_EUSAGE, "silhouette: needs at least 2 rows and 2 clusters");
	size_t *idx = malloc(m * sizeof *idx), *at = malloc(d * sizeof *at);
	uint64_t *lab = calloc(m, sizeof *lab);
	int *ilab = malloc(m * sizeof *ilab);
	struct ll_rng *r = ll_rng_new(seed);
	float *S = NULL;
	int rc = LL_OK;
	if (!idx || !at || !lab || !ilab || !r || (m < n && ll_rng_sample(r, n, m, idx) != 0)) {
		rc = ll_err_set(err, LL_ENOMEM, "silhouette: out of memory for a sample of %zu rows", m);
		goto out;
	}
	if (m == n)
		for (size_t i = 0; i < n; i++)
			idx[i] = i;
	size_t lo, hi;
	ll_kmeans_rows(n, &lo, &hi);
	for (size_t q = 0; q < m; q++)
		if (idx[q] >= lo && idx[q] < hi)
			lab[q] = (uint64_t)(int64_t)labels[idx[q]] + 1; /* 0: held by another rank */
	if (ll_par_size() > 1 && ll_par_sum_u64(lab, m, err) != LL_OK)
		ll_par_abort(LL_EIO, err);
	for (size_t j = 0; j < d; j++)
		at[j] = SIZE_MAX;
	size_t ds = 0;
	for (size_t q = 0; q < m; q++) {
		size_t rr = row_of(X, idx[q]);
		for (size_t p = X->indptr[rr]; p < X->indptr[rr + 1]; p++)
			if (X->indices[p] < d && at[X->indices[p]] == SIZE_MAX)
				at[X->indices[p]] = ds++;
	}
	ds += !ds;
	if (!(S = ll_big_alloc(m * ds * sizeof *S))) {
		rc = ll_err_set(err, LL_ENOMEM, "silhouette: out of memory for a sample of %zu rows", m);
		goto out;
	}
	memset(S, 0, m * ds * sizeof *S);
	for (size_t q = 0; q < m; q++) {
		size_t rr = row_of(X, idx[q]);
		for (size_t p = X->indptr[rr]; p < X->indptr[rr + 1]; p++)
			if (X->indices[p] < d)
				S[q * ds + at[X->indices[p]]] = X->values[p];
		ilab[q] = (int)((int64_t)lab[q] - 1);
	}
	rc = ll_kmeans_silhouette(S, m, ds, ilab, k, 0, seed, out, err);
out:
	free(idx);
	free(at);
	free(lab);
	free(ilab);
	free(S);
	ll_rng_free(r);
	return rc;
}

int ll_kmeans_sparse_elbow(const struct ll_kspm *X, size_t kmin, size_t kmax, const struct ll_kmeans_cfg *cfg,
			   size_t sil_sample, double *inertia, double *silhouette, struct ll_kmeans **best,
			   struct ll_err *err)
{
	if (best)
		*best = NULL;
	if (kmin < 1 || kmax < kmin)
		return ll_err_set(err, LL_EUSAGE, "k-means: bad k range %zu..%zu", kmin, kmax);
	if (kmax > X->n)
		return ll_err_set(err, LL_EUSAGE, "k-means: k = %zu is larger than the %zu rows", kmax, X->n);
	struct ll_kmeans_cfg c = *cfg;
	double best_sil = NAN;
	for (size_t k = kmin; k <= kmax; k++) {
		c.k = k;
		struct ll_kmeans *km;
		int rc = ll_kmeans_sparse_fit(X, &c, &km, err);
		if (rc) /* a fit that failed fails the sweep, nothing kept */
			return ll_kmeans_elbow_keep(NULL, rc, NAN, best, &best_sil);
		inertia[k - kmin] = ll_kmeans_inertia(km);
		double sil = NAN;
		if (silhouette) {
			if (k >= 2)
				rc = sparse_silhouette(X, ll_kmeans_labels(km), k, sil_sample, cfg->seed, &sil, err);
			if (rc == LL_EUSAGE)
				rc = LL_OK; /* all rows in one cluster: no score, not an error */
			silhouette[k - kmin] = sil;
		}
		if ((rc = ll_kmeans_elbow_keep(km, rc, sil, best, &best_sil)) != LL_OK)
			return rc;
	}
	return LL_OK;
}

int ll_kmeans_sparse_predict(const struct ll_kmeans *km, const struct ll_kspm *X, int *labels, float *dist2,
			     struct ll_err *err)
{
	size_t k = ll_kmeans_k(km), d = ll_kmeans_dim(km);
	if (X->d != d)
		return ll_err_set(err, LL_EUSAGE, "k-means: rows have %zu columns, the model has %zu", X->d, d);
	if (X->n == 0)
		return LL_OK;
	const float *C = ll_kmeans_centers(km);
	size_t kp = padded(k);
	float *CT = malloc(kp * d * sizeof *CT), *cc = malloc(kp * sizeof *cc), *D = malloc(BLOCK * kp * sizeof *D);
	double *ccd = malloc(k * sizeof *ccd);
	if (!CT || !cc || !D || !ccd) {
		free(CT);
		free(cc);
		free(D);
		free(ccd);
		return ll_err_set(err, LL_ENOMEM, "k-means: out of memory predicting %zu rows", X->n);
	}
	transpose(C, k, d, CT, cc);
	for (size_t j = 0; j < k; j++) {
		ccd[j] = sqnorm(C + j * d, d);
		cc[j] = (float)ccd[j];
	}
	for (size_t r0 = 0; r0 < X->n; r0 += BLOCK) {
		size_t nr = X->n - r0 < BLOCK ? X->n - r0 : BLOCK;
		dots(X, r0, nr, CT, k, cc, D);
		for (size_t i = 0; i < nr; i++) {
			int near = argmin_row(D + i * kp, k);
			labels[r0 + i] = near;
			if (dist2)
				dist2[r0 + i] = direct(X, r0 + i, C + (size_t)near * d, ccd[near]);
		}
	}
	free(CT);
	free(cc);
	free(D);
	free(ccd);
	return LL_OK;
}
