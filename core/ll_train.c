/*
 * ll_train.c - epochs, mini-batches, early stopping, checkpoints and the
 * background trainer thread (see ll_train.h).
 *
 * Checkpoint file: kind "checkpoint", fingerprint = a description of the
 * task and configuration (parameter count, rows, batch, epochs, seed,
 * optimiser, schedule, early stopping, recipe fingerprint), so a checkpoint
 * of another set-up is refused rather than silently continued. Sections:
 *   "state"   i64[7]: epochs done, best epoch, epochs without dev improvement,
 *             optimiser steps, finished (0/1), why it stopped (0 not, 1 the
 *             dev loss, 2 the training loss), epochs without training-loss
 *             improvement
 *   "best"    f64[2]: best dev loss, best training loss
 *   "hist"    f64[3 * epochs done]: train loss, dev loss, dev metric
 *   "params"  f32[n], "opt1" f32[n], "opt2" f32[n] (Adam only),
 *   "bestp"   f32[n] (with a dev split): parameters of the best epoch
 *
 * A batch is computed in fixed slices of rows (sliced_batch), the unit of
 * data parallelism: on several ranks (ll_par.h) every rank runs this loop
 * with the same shuffle, computes its share of the slices, and the slices'
 * gradients are summed in float64 in a way whose bits do not depend on the
 * rank count, so every rank, and a single process, take the same step. Threads
 * (cfg->threads) share a rank's slices the same way: thread t computes slices
 * t, t + T, ... into its own gradient array, and the arrays are added in
 * slice order, element by element, the very operations one thread does, so
 * 1, 2 or 3 threads write the same model bytes (tests/core/test_train.c). Cancelling
 * travels with the sums, so all ranks stop at the same batch. Only rank 0
 * writes checkpoints; a resume checks that every rank read the same one.
 *
 * The optimiser's step is shared too (without gradient clipping, every
 * optimiser is element by element): in the job that sums the last slices,
 * thread t rounds and steps its own range of the parameters, so no thread
 * waits while one steps; ranks sum only their block of the gradient
 * (ll_par_reduce_scatter_f64), step it, and all-gather the parameters
 * (shared_step), or do the same through each node's shared memory window
 * (shm_step, ll_par_shm.h: on one node without MPI copies, on several
 * with only node sums crossing between nodes), and gather the
 * optimiser's state at the end of each epoch for the checkpoint. The bits
 * are those of one thread stepping all.
 */
#include "ll_train.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ll_blas.h"
#include "ll_evict.h"
#include "ll_fpenv.h"
#include "ll_mat.h"
#include "ll_model_io.h"
#include "ll_par.h"
#include "ll_par_shm.h"
#include "ll_pick.h"
#include "ll_pool.h"

void ll_train_defaults(struct ll_train_cfg *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->epochs = 10;
	cfg->batch = 128;
	cfg->seed = 1;
	ll_optim_defaults(&cfg->optim);
	cfg->restore_best = 1;
	cfg->progress_ms = 100;
	cfg->threads = 1;
}

const char *ll_train_stop_name(enum ll_train_stop s)
{
	switch (s) {
	case LL_TRAIN_STOP_EPOCHS: return "max_epochs";
	case LL_TRAIN_STOP_CONVERGED: return "converged";
	case LL_TRAIN_STOP_EARLY: return "early_stopping";
	}
	return "?";
}

void ll_train_result_free(struct ll_train_result *res)
{
	if (!res)
		return;
	free(res->hist_loss);
	free(res->hist_dev_loss);
	free(res->hist_dev_metric);
	free(res->prof);
	res->hist_loss = res->hist_dev_loss = res->hist_dev_metric = NULL;
	res->prof = NULL;
	res->n_hist = 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int check_cfg(const struct ll_task *t, const struct ll_train_cfg *c, struct ll_err *err)
{
	if (!t)
		return ll_err_set(err, LL_EUSAGE, "training: no training task (the model is not trained by epochs)");
	if (c->epochs < 1)
		return ll_err_set(err, LL_EUSAGE, "training: epochs must be >= 1 (got %d)", c->epochs);
	if (c->batch < 1)
		return ll_err_set(err, LL_EUSAGE, "training: batch size must be >= 1 (got 0)");
	if (c->batch > t->max_batch)
		return ll_err_set(err, LL_EUSAGE, "training: batch size %zu exceeds the %zu the model was prepared for",
				  c->batch, t->max_batch);
	if (t->n_train == 0)
		return ll_err_set(err, LL_EUSAGE, "training: no training rows");
	if (c->patience < 0)
		return ll_err_set(err, LL_EUSAGE, "training: patience must be >= 0 (got %d)", c->patience);
	if (!(c->min_delta >= 0))
		return ll_err_set(err, LL_EUSAGE, "training: min_delta must be >= 0 (got %g)", c->min_delta);
	if (!(c->tol >= 0) || c->n_iter_no_change < 0)
		return ll_err_set(err, LL_EUSAGE, "training: tol and n_iter_no_change must be >= 0 (got %g, %d)", c->tol,
				  c->n_iter_no_change);
	if (c->resume && !c->checkpoint)
		return ll_err_set(err, LL_EUSAGE, "training: resume needs a checkpoint path");
	if (c->threads < 0 || c->threads > LL_POOL_MAX)
		return ll_err_set(err, LL_EUSAGE, "training: threads must be 1..%d (got %d)", LL_POOL_MAX, c->threads);
	return ll_optim_check(&c->optim, err);
}

/* Why a run stopped before its last epoch. */
enum { STOPPED_NOT = 0, STOPPED_DEV = 1, STOPPED_TRAIN = 2 };

/* Everything a run carries from epoch to epoch. */
struct run {
	const struct ll_task *task;
	const struct ll_train_cfg *cfg;
	struct ll_optim opt;
	float *bestp;       /* NULL without a dev split */
	size_t *idx;
	struct ll_rng *rng;
	struct ll_rng *srng; /* a slice's dropout stream */
	double *acc;         /* nparams + 2: slices' weighted sums, loss, stop */
	float lr;            /* this epoch's learning rate */
	int fused;           /* the step is element by element (no clipping): threads and ranks split it */
	/* Ranks splitting the step (shared_step): the parameters and the
	 * loss and stop flags for the all-gather, and each rank's bytes. */
	float *pbuf;
	size_t *pcounts, *ocounts; /* ocounts: the parameter blocks alone */
	/* Ranks sharing memory (shm_step): pub is this rank's part of the
	 * shared area, where it copies the sums of acc the others add (all
	 * but its block [own_lo, own_hi)); sum (nparams + 2) holds its
	 * block's job sums. */
	struct ll_pshm *shm;
	double *pub, *sum;
	size_t own_lo, own_hi;
	/* Threads (nth > 1 only): thread t's task context, gradient array,
	 * dropout stream, and its last slice's loss, status and error. Entry 0
	 * is the task's own context and gradients. */
	struct ll_pool *pool;
	int nth;
	int blas_was;        /* BLAS's thread limit before the pool started */
	void **wctx;
	float **wg;
	struct ll_rng **wrng;
	double *wl;
	int *wrc;
	struct ll_err *werr;
	struct ll_pick pick;
	struct ll_prof prof; /* LOGLAB_MPI_PROFILE: where the time goes */
	int done_epochs, best_epoch, bad, finished, stopped; /* stopped: enum below */
	int bad_train;
	double best_loss, best_train;
	double *hl, *hd, *hm; /* curves, cfg->epochs entries */
	char *ident;
	uint64_t ckpt_sum; /* the checksum of the checkpoint resumed from, 0 without one */
};

static char *identity(const struct ll_task *t, const struct ll_train_cfg *c)
{
	const struct ll_optim_cfg *o = &c->optim;
	const char *fp = c->fingerprint ? c->fingerprint : "";
	size_t n = strlen(fp) + 600;
	char *s = malloc(n);
	if (!s)
		return NULL;
	/* %a prints floats exactly, so any change of a rate is a change here */
	snprintf(s, n,
		 "ckpt1 params=%zu rows=%zu dev=%d batch=%zu epochs=%d seed=%llu opt=%d lr=%a mom=%a nest=%d "
		 "b1=%a b2=%a eps=%a clip=%a sched=%d gamma=%a step=%d pat=%d delta=%a best=%d tol=%a nic=%d recipe=%s",
		 t->nparams, t->n_train, t->evaluate != NULL, c->batch, c->epochs, (unsigned long long)c->seed,
		 (int)o->kind, (double)o->lr, (double)o->momentum, o->nesterov, (double)o->beta1, (double)o->beta2,
		 (double)o->eps, (double)o->clip_norm, (int)o->sched, (double)o->gamma, o->step_epochs, c->patience,
		 c->min_delta, c->restore_best, c->tol, c->n_iter_no_change, fp);
	return s;
}

static int save_ckpt(struct run *r, struct ll_err *err)
{
	const struct ll_task *t = r->task;
	struct ll_mio *f;
	int rc = ll_mio_new("checkpoint", r->ident, &f, err);
	if (rc)
		return rc;
	int64_t st[7] = { r->done_epochs, r->best_epoch, r->bad, r->opt.t, r->finished, r->stopped, r->bad_train };
	double best[2] = { r->best_loss, r->best_train };
	size_t ne = (size_t)r->done_epochs;
	double *h = malloc((3 * ne + 1) * sizeof *h);
	if (!h) {
		ll_mio_free(f);
		return ll_err_set(err, LL_ENOMEM, "checkpoint: out of memory");
	}
	memcpy(h, r->hl, ne * sizeof *h);
	memcpy(h + ne, r->hd, ne * sizeof *h);
	memcpy(h + 2 * ne, r->hm, ne * sizeof *h);
	if (!(rc = ll_mio_put(f, "state", LL_MIO_I64, st, 7, err)) &&
	    !(rc = ll_mio_put(f, "best", LL_MIO_F64, best, 2, err)) &&
	    !(rc = ll_mio_put(f, "hist", LL_MIO_F64, h, 3 * ne, err)) &&
	    !(rc = ll_mio_put(f, "params", LL_MIO_F32, t->params, t->nparams, err)) &&
	    !(rc = ll_mio_put(f, "opt1", LL_MIO_F32, r->opt.s1, t->nparams, err)) &&
	    !(rc = r->opt.s2 ? ll_mio_put(f, "opt2", LL_MIO_F32, r->opt.s2, t->nparams, err) : 0) &&
	    !(rc = r->bestp ? ll_mio_put(f, "bestp", LL_MIO_F32, r->bestp, t->nparams, err) : 0))
		rc = ll_mio_write(f, r->cfg->checkpoint, err);
	free(h);
	ll_mio_free(f);
	return rc;
}

static int load_ckpt(struct run *r, struct ll_err *err)
{
	const struct ll_task *t = r->task;
	const char *path = r->cfg->checkpoint;
	struct ll_mio *f;
	int rc = ll_mio_read(path, "checkpoint", NULL, &f, err);
	if (rc)
		return rc;
	r->ckpt_sum = ll_mio_checksum(f);
	if (strcmp(ll_mio_fingerprint(f), r->ident) != 0) {
		ll_mio_free(f);
		return ll_err_set(err, LL_EDATA,
				  "%s: the checkpoint belongs to another training set-up (model, data, recipe or "
				  "hyper-parameters differ); delete it or train from scratch",
				  path);
	}
	int64_t st[7];
	double best[2], *h = NULL;
	if ((rc = ll_mio_get(f, "state", LL_MIO_I64, st, 7, err)))
		goto done;
	if (st[0] < 0 || st[0] > r->cfg->epochs || st[1] < -1 || st[1] >= st[0] + (st[0] == 0) || st[3] < 0 ||
	    st[5] < STOPPED_NOT || st[5] > STOPPED_TRAIN || st[2] < 0 || st[6] < 0) {
		rc = ll_err_set(err, LL_EDATA, "%s: inconsistent checkpoint state", path);
		goto done;
	}
	size_t ne = (size_t)st[0];
	h = malloc((3 * ne + 1) * sizeof *h);
	if (!h) {
		rc = ll_err_set(err, LL_ENOMEM, "checkpoint: out of memory");
		goto done;
	}
	if ((rc = ll_mio_get(f, "best", LL_MIO_F64, best, 2, err)) ||
	    (rc = ll_mio_get(f, "hist", LL_MIO_F64, h, 3 * ne, err)) ||
	    (rc = ll_mio_get(f, "params", LL_MIO_F32, t->params, t->nparams, err)) ||
	    (rc = ll_mio_get(f, "opt1", LL_MIO_F32, r->opt.s1, t->nparams, err)) ||
	    (r->opt.s2 && (rc = ll_mio_get(f, "opt2", LL_MIO_F32, r->opt.s2, t->nparams, err))) ||
	    (r->bestp && (rc = ll_mio_get(f, "bestp", LL_MIO_F32, r->bestp, t->nparams, err))))
		goto done;
	memcpy(r->hl, h, ne * sizeof *h);
	memcpy(r->hd, h + ne, ne * sizeof *h);
	memcpy(r->hm, h + 2 * ne, ne * sizeof *h);
	r->best_loss = best[0];
	r->best_train = best[1];
	r->bad_train = (int)st[6];
	r->done_epochs = (int)st[0];
	r->best_epoch = (int)st[1];
	r->bad = (int)st[2];
	r->opt.t = st[3];
	r->finished = st[4] != 0;
	r->stopped = (int)st[5];
done:
	free(h);
	ll_mio_free(f);
	return rc;
}

/* Collective: LL_EDATA, on every rank alike, when a rank resumed from other
 * bytes than rank 0 (another copy of the run folder on its node, a file
 * replaced between the ranks' reads) or from none: the ranks would each
 * step their block of a different model and write a mix of them. The file's
 * checksum names its bytes; every rank holds every rank's, so all find the
 * same verdict. */
static int same_checkpoint(const struct run *r, struct ll_err *err)
{
	const int P = ll_par_size();
	uint64_t me[2] = {r->ckpt_sum, (uint64_t)r->done_epochs}, *all = malloc((size_t)P * sizeof me);
	if (!all) /* this rank alone, while the others wait in the all-gather */
		ll_par_abort(ll_err_set(err, LL_ENOMEM, "training: out of memory"), err);
	int rc = ll_par_allgather(me, sizeof me, all, err);
	const char *path = r->cfg->checkpoint ? r->cfg->checkpoint : "checkpoint";
	for (int q = 1; rc == LL_OK && q < P; q++) {
		const uint64_t *a = all, *b = all + 2 * q;
		if (a[0] == b[0] && a[1] == b[1])
			continue;
		char mine[64], theirs[64];
		if (b[0])
			snprintf(mine, sizeof mine, "the checkpoint of epoch %llu (checksum %016llx)",
				 (unsigned long long)b[1], (unsigned long long)b[0]);
		else
			snprintf(mine, sizeof mine, "no checkpoint");
		if (a[0])
			snprintf(theirs, sizeof theirs, "the checkpoint of epoch %llu (checksum %016llx)",
				 (unsigned long long)a[1], (unsigned long long)a[0]);
		else
			snprintf(theirs, sizeof theirs, "none");
		rc = ll_err_set(err, LL_EDATA,
				"%s: rank %d of %d read %s where rank 0 read %s: the file changed while the ranks read "
				"it, or the ranks do not see the same run folder (another copy on a node); resume "
				"once every rank sees one file",
				path, q, P, mine, theirs);
	}
	free(all);
	return rc;
}

static void fill_result(const struct run *r, struct ll_train_result *res, int resumed_from)
{
	if (!res)
		return;
	memset(res, 0, sizeof *res);
	res->epochs_done = r->done_epochs;
	res->stop = r->stopped == STOPPED_DEV ? LL_TRAIN_STOP_EARLY
		    : r->stopped == STOPPED_TRAIN ? LL_TRAIN_STOP_CONVERGED
						 : LL_TRAIN_STOP_EPOCHS;
	res->resumed_from = resumed_from;
	res->stopped_early = r->stopped;
	res->best_epoch = r->best_epoch;
	res->best_dev_loss = r->best_loss;
	size_t n = (size_t)r->done_epochs;
	res->hist_loss = malloc((n + 1) * sizeof(double));
	res->hist_dev_loss = malloc((n + 1) * sizeof(double));
	res->hist_dev_metric = malloc((n + 1) * sizeof(double));
	if (!res->hist_loss || !res->hist_dev_loss || !res->hist_dev_metric) {
		ll_train_result_free(res); /* curves are a convenience; the run itself succeeded */
		return;
	}
	memcpy(res->hist_loss, r->hl, n * sizeof(double));
	memcpy(res->hist_dev_loss, r->hd, n * sizeof(double));
	memcpy(res->hist_dev_metric, r->hm, n * sizeof(double));
	res->n_hist = n;
}

static void free_threads(struct run *r)
{
	if (r->pool)
		ll_blas_set_threads(r->blas_was);
	ll_pool_free(r->pool);
	for (int t = 1; t < r->nth; t++)
		if (r->wctx && r->wctx[t])
			r->task->worker_free(r->wctx[t]);
	for (int t = 0; t < r->nth && r->wrng; t++)
		ll_rng_free(r->wrng[t]);
	free(r->wctx);
	free(r->wg);
	free(r->wrng);
	free(r->wl);
	free(r->wrc);
	free(r->werr);
	r->pool = NULL;
	r->nth = 1;
}

/* Threads for batches of cfg->batch rows: no more than this rank has
 * slices, and one when the task cannot run on several. */
static int start_threads(struct run *r, struct ll_err *err)
{
	const struct ll_task *task = r->task;
	size_t S = (r->cfg->batch + LL_TRAIN_SLICE_ROWS - 1) / LL_TRAIN_SLICE_ROWS;
	size_t P = (size_t)ll_par_size(), mine = (S + P - 1) / P;
	int n = r->cfg->threads;
	if (n < 1 || !task->worker_new)
		n = 1;
	if ((size_t)n > mine)
		n = (int)mine;
	r->nth = 1;
	if (n <= 1)
		return LL_OK;
	size_t N = (size_t)n;
	r->wctx = calloc(N, sizeof *r->wctx);
	r->wg = calloc(N, sizeof *r->wg);
	r->wrng = calloc(N, sizeof *r->wrng);
	r->wl = calloc(N, sizeof *r->wl);
	r->wrc = calloc(N, sizeof *r->wrc);
	r->werr = calloc(N, sizeof *r->werr);
	if (!r->wctx || !r->wg || !r->wrng || !r->wl || !r->wrc || !r->werr)
		return ll_err_set(err, LL_ENOMEM, "training: out of memory for %d threads", n);
	r->nth = n;
	r->wctx[0] = task->ctx;
	r->wg[0] = task->grads;
	int rc = LL_OK;
	for (int t = 0; t < n && rc == LL_OK; t++) {
		if (!(r->wrng[t] = ll_rng_new(r->cfg->seed)))
			rc = ll_err_set(err, LL_ENOMEM, "training: out of memory for %d threads", n);
		else if (t > 0)
			rc = task->worker_new(task->ctx, &r->wctx[t], &r->wg[t], err);
	}
	if (rc == LL_OK && (rc = ll_pool_new(n, &r->pool, err)) == LL_OK)
		/* the slices are the parallelism: a threaded GEMM inside each
		 * would put OpenBLAS's threads on cores the pool already uses
		 * (an LSTM's 3200-row input projection ran 2-3x slower) */
		r->blas_was = ll_blas_set_threads(1);
	return rc;
}

/* shared_step's buffer and counts: rank q all-gathers its block of
 * the parameters, and the last rank also the loss and stop flags (two
 * doubles, which the last block of a sum of nparams + 2 values holds when
 * it has at least two values: the caller checks). */
static int start_shared_step(struct run *r, struct ll_err *err)
{
	size_t np = r->task->nparams, P = (size_t)ll_par_size();
	r->pbuf = malloc(np * sizeof(float) + 2 * sizeof(double));
	r->pcounts = malloc(P * sizeof *r->pcounts);
	r->ocounts = malloc(P * sizeof *r->ocounts);
	r->sum = malloc((np + 2) * sizeof *r->sum);
	if (!r->pbuf || !r->pcounts || !r->ocounts || !r->sum)
		return ll_err_set(err, LL_ENOMEM, "training: out of memory");
	for (size_t q = 0; q < P; q++) {
		size_t lo, hi;
		ll_par_share(np + 2, (int)q, (int)P, &lo, &hi);
		lo = lo < np ? lo : np;
		r->ocounts[q] = ((hi < np ? hi : np) - lo) * sizeof(float);
		r->pcounts[q] = r->ocounts[q] + (q + 1 == P ? 2 * sizeof(double) : 0);
	}
	return LL_OK;
}

/* After shared steps each rank's optimiser state (Adam's moments, the
 * momentum) is current for its own block only: gathered at the end of an
 * epoch, so that rank 0's checkpoint holds every block's (a run resumed
 * from it must step as one that never stopped). */
static void gather_opt_state(struct run *r)
{
	struct ll_err err;
	int rc = ll_par_allgatherv_inplace(r->opt.s1, r->ocounts, &err);
	if (rc == LL_OK && r->opt.s2)
		rc = ll_par_allgatherv_inplace(r->opt.s2, r->ocounts, &err);
	if (rc)
		ll_par_abort(rc, &err);
}

/* Every rank's phase times into res (ll_train.h); collective. */
static void gather_prof(const struct run *r, struct ll_train_result *res)
{
	size_t P = (size_t)ll_par_size(), each = 2 * LL_PROF_N * sizeof(double);
	double mine[2 * LL_PROF_N];
	memcpy(mine, r->prof.wall, sizeof r->prof.wall);
	memcpy(mine + LL_PROF_N, r->prof.cpu, sizeof r->prof.cpu);
	double *all = malloc(P * each);
	struct ll_err err;
	int rc = all ? ll_par_allgather(mine, each, all, &err)
		     : ll_err_set(&err, LL_ENOMEM, "training: out of memory");
	if (rc)
		ll_par_abort(rc, &err);
	if (!res) {
		free(all);
		return;
	}
	res->prof = all;
	res->prof_ranks = (int)P;
	res->prof_batches = r->prof.batches;
}

static void free_run(struct run *r)
{
	free_threads(r);
	ll_optim_free(&r->opt);
	free(r->bestp);
	free(r->idx);
	ll_rng_free(r->rng);
	ll_rng_free(r->srng);
	ll_pshm_free(r->shm);
	free(r->acc);
	free(r->sum);
	free(r->pbuf);
	free(r->pcounts);
	free(r->ocounts);
	free(r->hl);
	free(r->hd);
	free(r->hm);
	free(r->ident);
}

static int cancelled(const struct ll_train_cfg *c)
{
	return c->cancel && atomic_load(c->cancel);
}

/* The slices' sums, vectorised (AVX2 when the CPU has it): a float times a
 * row count (at most 64) is exact in float64, so these are the same bits
 * in any instruction set. They took 6.6% of a DNN epoch as plain loops. */
LL_HOT static void acc_set(double *restrict acc, const float *restrict g, double w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		acc[i] = (double)g[i] * w;
}

LL_HOT static void acc_add(double *restrict acc, const float *restrict g, double w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		acc[i] += (double)g[i] * w;
}

LL_HOT static void acc_out(float *restrict out, const double *restrict acc, double inv, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (float)(acc[i] * inv);
}

/* The optimiser's step on parameters [i0, i1) only. Without clipping
 * every optimiser is element by element, so steps on disjoint ranges with
 * the step count of the whole are the whole step, bit for bit: threads and
 * ranks each take a range (the count is advanced once, by end_step). */
static void step_range(struct run *r, size_t i0, size_t i1)
{
	struct ll_optim v = r->opt;
	v.n = i1 - i0;
	v.s1 += i0;
	if (v.s2)
		v.s2 += i0;
	ll_optim_step(&v, r->task->params + i0, r->task->grads + i0, r->lr);
}

static void end_step(struct run *r)
{
	r->opt.t++;
}

/* Elements a pass of finish() handles at once: its float64 sums (16 KiB)
 * stay in the L1 cache between the adding, the rounding and the step. */
#define FINISH_CHUNK 2048

/* What add_slices does after adding (ADD_PUBLISH: copies the sums the
 * other ranks add into the shared part). */
enum { ADD_ONLY = 0, ADD_PUBLISH, ADD_OUT, ADD_OUT_STEP };

/* acc[i0, i1) minus this rank's own block, into its shared part. A copy
 * (memcpy writes whole lines) of sums still in the L1 cache: the sums
 * written there directly cost a transfer of each line the other rank had
 * read, seven times the same pass on private memory (perf, 2 ranks). */
static void publish_range(struct run *r, const double *acc, size_t i0, size_t i1)
{
	size_t a = i1 < r->own_lo ? i1 : r->own_lo;
	if (i0 < a)
		memcpy(r->pub + i0, acc + i0, (a - i0) * sizeof *acc);
	size_t b = i0 > r->own_hi ? i0 : r->own_hi;
	if (b < i1)
		memcpy(r->pub + b, acc + b, (i1 - b) * sizeof *acc);
}

/* Parameters [i0, i1) of a batch: adds the k gradients g[q] times w[q]
 * into acc (the first one setting it when `set`); then, by `mode`, rounds
 * acc / nb into the task's gradient and takes the optimiser's step on them:
 * one pass in chunks rather than a pass over all parameters for each. The
 * additions per element are those of the plain loops, in the same order. */
static void add_slices(struct run *r, double *acc, float *const *g, const double *w, size_t k, int set, double inv,
		       size_t i0, size_t i1, int mode)
{
	float *out = r->task->grads;
	for (size_t c0 = i0; c0 < i1; c0 += FINISH_CHUNK) {
		size_t c1 = i1 - c0 < FINISH_CHUNK ? i1 : c0 + FINISH_CHUNK, n = c1 - c0;
		for (size_t q = 0; q < k; q++) {
			if (q == 0 && set)
				acc_set(acc + c0, g[q] + c0, w[q], n);
			else
				acc_add(acc + c0, g[q] + c0, w[q], n);
		}
		if (mode == ADD_PUBLISH)
			publish_range(r, acc, c0, c1);
		if (mode >= ADD_OUT)
			acc_out(out + c0, acc + c0, inv, n);
		if (mode == ADD_OUT_STEP)
			step_range(r, c0, c1);
	}
}

/* One round of a threaded batch: slices first .. first + k - 1 of S. Slot
 * q (slice first + q) is computed with worker context q, its generator and
 * its outputs, by thread q, unless thread q is late: a thread done with its
 * own slot takes any slot nobody has started. A slot's result does not
 * depend on the thread that computes it, so the bits stay those of one
 * thread; what changes is that a thread held up before its slice (woken
 * late, its core taken by the host) costs the round one slice's time, not
 * the length of the hold-up. */
struct round {
	struct run *r;
	const size_t *idx;
	size_t nb, S, first, k;
	uint64_t stream;
	int set;     /* the round holds this rank's first slice: = instead of += */
	int finish;  /* the last round of a single process: write the gradient, and step */
	atomic_int taken[LL_POOL_MAX]; /* slot q started (by any thread) */
};

static void round_slot(struct round *j, size_t q)
{
	struct run *r = j->r;
	size_t sl = j->first + q, lo, hi;
	ll_par_share(j->nb, (int)sl, (int)j->S, &lo, &hi);
	ll_rng_seed(r->wrng[q], ll_rng_derive(j->stream, sl));
	r->wrc[q] = r->task->batch(r->wctx[q], j->idx + lo, hi - lo, r->wrng[q], &r->wl[q], &r->werr[q]);
}

static void round_compute(void *arg, int t, int T)
{
	(void)T;
	struct round *j = arg;
	/* its own slot first, so that a context stays in its thread's cache */
	if ((size_t)t < j->k && !atomic_exchange(&j->taken[t], 1))
		round_slot(j, (size_t)t);
	for (size_t q = 0; q < j->k; q++)
		if (q != (size_t)t && !atomic_load(&j->taken[q]) && !atomic_exchange(&j->taken[q], 1))
			round_slot(j, q);
}

/* The round's slices' row counts, and its loss added to *loss in slice
 * order (as one thread adds them). */
static void round_weights(const struct round *j, double *w, double *loss)
{
	for (size_t q = 0; q < j->k; q++) {
		size_t lo, hi;
		ll_par_share(j->nb, (int)(j->first + q), (int)j->S, &lo, &hi);
		w[q] = (double)(hi - lo);
		double l = j->r->wl[q] * w[q];
		*loss = j->set && q == 0 ? l : *loss + l;
	}
}

/* Adds the round's slices into acc element by element in slice order (on
 * thread t the elements of its share), exactly as sliced_batch's loop; the
 * last round of a lone process also writes the gradient and takes the
 * optimiser's step on the share, so no thread waits while one steps. */
static void round_reduce(void *arg, int t, int T)
{
	struct round *j = arg;
	struct run *r = j->r;
	size_t np = r->task->nparams, i0, i1;
	ll_par_share(np, t, T, &i0, &i1);
	double w[LL_POOL_MAX], loss = r->acc[np];
	round_weights(j, w, &loss);
	int ok = 1;
	for (size_t q = 0; q < j->k; q++)
		ok &= r->wrc[q] == LL_OK;
	/* every thread reads the same losses and statuses, so all agree */
	int mode = !j->finish ? ADD_ONLY
		   : r->fused && ok && isfinite(loss * (1.0 / (double)j->nb)) ? ADD_OUT_STEP
									    : ADD_OUT;
	add_slices(r, r->acc, r->wg, w, j->k, j->set, 1.0 / (double)j->nb, i0, i1, mode);
}

/* A round in one job: the slices, a barrier, their sum (one wake-up of the
 * workers a round instead of two). */
static void round_job(void *arg, int t, int T)
{
	struct round *j = arg;
	struct run *r = j->r;
	round_compute(arg, t, T);
	if (j->finish && r->fused) {
		/* the other threads step their shares of the parameters next,
		 * which this thread's slices read: given back, their writes
		 * are to lines no other core holds (ll_evict.h) */
		size_t np = r->task->nparams, i0, i1;
		ll_par_share(np, t, T, &i0, &i1);
		ll_evict(r->task->params, i0 * sizeof(float));
		ll_evict(r->task->params + i1, (np - i1) * sizeof(float));
	}
	ll_pool_barrier(r->pool);
	round_reduce(arg, t, T);
}

/* sliced_batch's slices [s0, s1) on r->nth threads; the loss of each slice
 * is added in slice order here. Returns the first failing slice's status. */
static int threaded_slices(struct run *r, const size_t *idx, size_t nb, size_t S, size_t s0, size_t s1,
			   uint64_t stream, struct ll_err *err)
{
	size_t np = r->task->nparams, T = (size_t)r->nth;
	struct round j = {r, idx, nb, S, s0, 0, stream, 1, 0, {0}};
	for (j.first = s0; j.first < s1; j.first += j.k) {
		j.k = s1 - j.first < T ? s1 - j.first : T;
		for (size_t q = 0; q < j.k; q++)
			atomic_store(&j.taken[q], 0);
		j.finish = ll_par_size() == 1 && j.first + j.k == s1;
		ll_pool_run(r->pool, round_job, &j);
		/* a failed slice's sum is garbage, and is dropped with the batch */
		for (size_t q = 0; q < j.k; q++)
			if (r->wrc[q] != LL_OK) {
				*err = r->werr[q];
				return r->wrc[q];
			}
		double w[LL_POOL_MAX];
		round_weights(&j, w, &r->acc[np]);
		j.set = 0;
	}
	return LL_OK;
}

/* The step of a multi-rank batch when ranks share it: acc holds this
 * rank's slices (and the loss and the wish to stop after the np
 * gradients). The ordered sum lands only in this rank's block, which it
 * rounds and steps, and the stepped blocks are all-gathered with the sum's
 * loss and stop flags, which ride with the last block: each rank does
 * 1/P of the rounding and the step and sends 1.5 values a parameter
 * instead of 2 (bits as if every rank had stepped everything). The step is
 * taken before the loss is known; a diverged loss still ends the run. */
static void shared_step(struct run *r, double inv, double *loss, int *stop)
{
	struct ll_err err;
	size_t np = r->task->nparams, lo, hi;
	int rc = ll_par_reduce_scatter_f64(r->acc, np + 2, &lo, &hi, &err);
	if (rc)
		ll_par_abort(rc, &err);
	ll_prof_mark(&r->prof, LL_PROF_WAIT_SUMS);
	size_t plo = lo < np ? lo : np, phi = hi < np ? hi : np;
	add_slices(r, r->acc, NULL, NULL, 0, 0, inv, plo, phi, ADD_OUT_STEP);
	end_step(r);
	ll_prof_mark(&r->prof, LL_PROF_STEP);
	float *buf = r->pbuf;
	memcpy(buf + plo, r->task->params + plo, (phi - plo) * sizeof *buf);
	if (hi == np + 2) /* the last rank: its block holds the loss and stop */
		memcpy(buf + np, r->acc + np, 2 * sizeof(double));
	ll_prof_mark(&r->prof, LL_PROF_PUT);
	if ((rc = ll_par_allgatherv_inplace(buf, r->pcounts, &err)) != LL_OK)
		ll_par_abort(rc, &err);
	ll_prof_mark(&r->prof, LL_PROF_WAIT_STEP);
	memcpy(r->task->params, buf, np * sizeof *buf);
	ll_prof_mark(&r->prof, LL_PROF_COPY);
	double tail[2];
	memcpy(tail, buf + np, sizeof tail);
	*loss = tail[0] * inv;
	*stop = tail[1] > 0;
}

/* shm_step on several nodes (ll_par_shm.h): the job's sum of this rank's
 * block comes from the node sums of every node; the block is rounded and
 * stepped, and its parameters (the last rank's with the loss and stop
 * flags after them, as in shared_step's buffer) reach every node's common
 * array. */
static void shm_step_nodes(struct run *r, double inv, double *loss, int *stop)
{
	size_t np = r->task->nparams, lo, hi;
	ll_pshm_sync(r->shm);
	ll_pshm_sum_block(r->shm, np + 2, r->sum, &lo, &hi);
	ll_prof_mark(&r->prof, LL_PROF_WAIT_SUMS);
	size_t plo = lo < np ? lo : np, phi = hi < np ? hi : np;
	add_slices(r, r->sum, NULL, NULL, 0, 0, inv, plo, phi, ADD_OUT_STEP);
	end_step(r);
	ll_prof_mark(&r->prof, LL_PROF_STEP);
	char *common = ll_pshm_common(r->shm);
	float *params = r->task->params;
	memcpy(common + plo * sizeof *params, params + plo, (phi - plo) * sizeof *params);
	if (hi == np + 2)
		memcpy(common + np * sizeof *params, r->sum + np, 2 * sizeof(double));
	ll_prof_mark(&r->prof, LL_PROF_PUT);
	ll_pshm_publish(r->shm, r->pcounts);
	ll_prof_mark(&r->prof, LL_PROF_WAIT_STEP);
	memcpy(params, common, np * sizeof *params);
	ll_prof_mark(&r->prof, LL_PROF_COPY);
	double tail[2];
	memcpy(tail, common + np * sizeof *params, sizeof tail);
	*loss = tail[0] * inv;
	*stop = tail[1] > 0;
}

/* shared_step through shared memory (ll_par_shm.h); with every rank on
 * one node, as follows (several nodes: shm_step_nodes). acc is this
 * rank's part of the shared area. Once all parts are written, this rank
 * adds its block over the ranks' parts in rank order (the bits of the
 * collectives' sum), rounds and steps it, and puts the stepped block in
 * the area's common array; once all blocks are there, it copies the
 * others'. Each rank adds the loss and stop flags itself. Two barriers a
 * step and no copies through MPI. The next batch's slices may overwrite
 * this rank's part at once: every rank read the parts before the second
 * barrier. */
static void shm_step(struct run *r, double inv, double *loss, int *stop)
{
	if (ll_pshm_nodes(r->shm) > 1) {
		shm_step_nodes(r, inv, loss, stop);
		return;
	}
	size_t np = r->task->nparams, lo, hi;
	int P = ll_par_size();
	ll_par_share(np + 2, ll_par_rank(), P, &lo, &hi);
	size_t plo = lo < np ? lo : np, phi = hi < np ? hi : np;
	ll_pshm_sync(r->shm);
	ll_prof_mark(&r->prof, LL_PROF_WAIT_SUMS);
	ll_pshm_sum(r->shm, np, np + 2, r->sum + np);
	/* a chunk's gradient is summed and rounded in one pass (its float64
	 * sums are not stored) and stepped while still in the L1 cache */
	for (size_t c0 = plo; c0 < phi; c0 += FINISH_CHUNK) {
		size_t c1 = phi - c0 < FINISH_CHUNK ? phi : c0 + FINISH_CHUNK;
		ll_pshm_sum_round(r->shm, c0, c1, inv, r->task->grads + c0);
		step_range(r, c0, c1);
	}
	end_step(r);
	ll_prof_mark(&r->prof, LL_PROF_STEP);
	float *common = ll_pshm_common(r->shm), *params = r->task->params;
	memcpy(common + plo, params + plo, (phi - plo) * sizeof *params);
	ll_prof_mark(&r->prof, LL_PROF_PUT);
	ll_pshm_sync(r->shm);
	ll_prof_mark(&r->prof, LL_PROF_WAIT_STEP);
	memcpy(params, common, plo * sizeof *params);
	memcpy(params + phi, common + phi, (np - phi) * sizeof *params);
	ll_prof_mark(&r->prof, LL_PROF_COPY);
	/* the gradient values it read of the others' parts: what the
	 * collectives' all-to-all would have moved (the run log's figure) */
	ll_par_note_sum((phi - plo + 2) * (size_t)(P - 1) * sizeof(double));
	*loss = r->sum[np] * inv;
	*stop = r->sum[np + 1] > 0;
}

/* One global batch of nb rows (idx) in slices of at most
 * LL_TRAIN_SLICE_ROWS, ending with the optimiser's step: slice s is rows
 * ll_par_share(nb, s, S), its gradient comes from the task with dropout
 * drawn from its own stream, and the batch's gradient is the row-weighted
 * sum of the slices' in float64, rounded once. A slice's gradient times its
 * row count is exact in float64, and so, but for rare cancellations, is
 * the sum, so its bits do not depend on which rank computed which slice nor
 * on the order ranks are added in: one process and any number of ranks
 * take the same step. Each rank computes its contiguous share of the
 * slices (ll_par_share again). *stop comes in as this rank's wish to stop
 * and goes out as the job's. The step is skipped when the loss is not
 * finite or the job stops (but see shared_step). An error of one rank
 * cannot be returned while the others wait in the sum: on several ranks it
 * ends the job. */
static int sliced_batch(struct run *r, const size_t *idx, size_t nb, uint64_t stream, double *loss, int *stop,
			struct ll_err *err)
{
	const struct ll_task *task = r->task;
	int P = ll_par_size(), rc = LL_OK;
	size_t S = (nb + LL_TRAIN_SLICE_ROWS - 1) / LL_TRAIN_SLICE_ROWS, np = task->nparams, s0, s1;
	/* times 1/nb, not over nb: a multiply is cheaper, and a lone slice's
	 * g * nb * (1/nb) still rounds back to g exactly */
	double inv = 1.0 / (double)nb;
	if (S == 1 && P == 1) { /* the slice is the batch */
		rc = task->batch(task->ctx, idx, nb, r->rng, loss, err);
		ll_prof_mark(&r->prof, LL_PROF_SLICES);
		if (rc == LL_OK && isfinite(*loss))
			ll_optim_step(&r->opt, task->params, task->grads, r->lr);
		ll_prof_mark(&r->prof, LL_PROF_STEP);
		return rc;
	}
	ll_par_share(S, ll_par_rank(), P, &s0, &s1);
	double *acc = r->acc;
	if (s0 == s1) /* more ranks than slices: this one adds nothing */
		memset(acc, 0, (np + 2) * sizeof *acc);
	int threaded = r->nth > 1 && s1 - s0 > 1 && !r->pick.solo;
	if (threaded)
		rc = threaded_slices(r, idx, nb, S, s0, s1, stream, err);
	for (size_t sl = s0; !threaded && sl < s1 && rc == LL_OK; sl++) {
		size_t lo, hi;
		ll_par_share(nb, (int)sl, (int)S, &lo, &hi);
		struct ll_rng *g = r->rng; /* a lone slice draws as the batch would */
		if (S > 1) {
			ll_rng_seed(r->srng, ll_rng_derive(stream, sl));
			g = r->srng;
		}
		double l = 0, w = (double)(hi - lo);
		if ((rc = task->batch(task->ctx, idx + lo, hi - lo, g, &l, err)) != LL_OK)
			break;
		acc[np] = sl == s0 ? l * w : acc[np] + l * w; /* the first slice sets, saving a pass of zeroing */
		int mode = sl + 1 < s1 ? ADD_ONLY
			   : P > 1   ? (r->shm ? ADD_PUBLISH : ADD_ONLY)
			   : r->fused && isfinite(acc[np] * inv) ? ADD_OUT_STEP
								 : ADD_OUT;
		float *gr = task->grads;
		add_slices(r, acc, &gr, &w, 1, sl == s0, inv, 0, np, mode);
	}
	if (rc && P > 1)
		ll_par_abort(rc, err);
	if (rc)
		return rc;
	/* (a lone process's last slice also stepped, in its pass over the sums) */
	ll_prof_mark(&r->prof, LL_PROF_SLICES);
	if (P == 1) { /* the last slice (or round) wrote the gradient */
		*loss = acc[np] * inv;
		if (!isfinite(*loss))
			return LL_OK;
		if (r->fused)
			end_step(r);
		else
			ll_optim_step(&r->opt, task->params, task->grads, r->lr);
		ll_prof_mark(&r->prof, LL_PROF_STEP);
		return LL_OK;
	}
	acc[np + 1] = *stop ? 1.0 : 0.0;
	if (r->shm) {
		/* the serial loop's last slice published the gradients */
		if (threaded || s0 == s1)
			publish_range(r, acc, 0, np);
		publish_range(r, acc, np, np + 2);
		shm_step(r, inv, loss, stop);
		return LL_OK;
	}
	if (r->pbuf) {
		shared_step(r, inv, loss, stop);
		return LL_OK;
	}
	if ((rc = ll_par_sum_f64(acc, np + 2, err)) != LL_OK)
		ll_par_abort(rc, err);
	ll_prof_mark(&r->prof, LL_PROF_WAIT_SUMS);
	acc_out(task->grads, acc, inv, np);
	*loss = acc[np] * inv;
	*stop = acc[np + 1] > 0;
	if (isfinite(*loss) && !*stop)
		ll_optim_step(&r->opt, task->params, task->grads, r->lr);
	ll_prof_mark(&r->prof, LL_PROF_STEP);
	return LL_OK;
}

static int train_run(const struct ll_task *task, const struct ll_train_cfg *cfg, struct ll_train_result *res,
		     struct ll_err *err)
{
	if (res)
		memset(res, 0, sizeof *res);
	int rc = check_cfg(task, cfg, err);
	if (rc)
		return rc;
	struct run r;
	memset(&r, 0, sizeof r);
	ll_pick_init(&r.pick);
	r.task = task;
	r.cfg = cfg;
	ll_prof_init(&r.prof);
	r.best_epoch = -1;
	r.best_loss = INFINITY;
	r.best_train = INFINITY;
	size_t n = task->n_train, E = (size_t)cfg->epochs;
	rc = ll_optim_init(&r.opt, &cfg->optim, task->nparams, err);
	if (rc && ll_par_size() == 1)
		return rc;
	r.idx = malloc(n * sizeof *r.idx);
	r.rng = ll_rng_new(cfg->seed);
	r.hl = malloc(E * sizeof(double));
	r.hd = malloc(E * sizeof(double));
	r.hm = malloc(E * sizeof(double));
	r.ident = identity(task, cfg);
	if (task->evaluate)
		r.bestp = malloc(task->nparams * sizeof(float));
	int P = ll_par_size();
	r.srng = ll_rng_new(cfg->seed);
	r.acc = malloc((task->nparams + 2) * sizeof *r.acc);
	r.nth = 1;
	r.fused = !(cfg->optim.clip_norm > 0.0f);
	if (rc == LL_OK && P > 1 && r.fused && (task->nparams + 2) / (size_t)P >= 2)
		rc = start_shared_step(&r, err);
	if (rc == LL_OK && (!r.idx || !r.rng || !r.hl || !r.hd || !r.hm || !r.ident ||
			    (task->evaluate && !r.bestp) || !r.srng || !r.acc))
		rc = ll_err_set(err, LL_ENOMEM, "training: out of memory");
	if (rc == LL_OK)
		rc = start_threads(&r, err);
	struct stat st;
	if (rc == LL_OK && cfg->resume && stat(cfg->checkpoint, &st) == 0)
		rc = load_ckpt(&r, err);
	/* every rank must start from the same epoch of the same checkpoint */
	if (P > 1 && (rc = ll_par_agree(rc, err)) == LL_OK)
		rc = same_checkpoint(&r, err);
	if (P > 1 && rc == LL_OK) {
		/* and profile if every rank was asked to (gather_prof is collective) */
		uint64_t on = (uint64_t)r.prof.on;
		rc = ll_par_sum_u64(&on, 1, err);
		r.prof.on = rc == LL_OK && on == (uint64_t)P;
	}
	if (rc) {
		free_run(&r);
		return rc;
	}
	/* collective, and every rank gets here with the same r.pbuf */
	if (r.pbuf && (r.shm = ll_pshm_new(task->nparams + 2, task->nparams * sizeof(float) + 2 * sizeof(double)))) {
		r.pub = ll_pshm_mine(r.shm);
		ll_par_share(task->nparams + 2, ll_par_rank(), P, &r.own_lo, &r.own_hi);
		ll_pshm_keep_local(r.shm, r.acc);
	}
	int resumed_from = r.done_epochs;
	int want_stop = 0;
	size_t batches = (n + cfg->batch - 1) / cfg->batch;
	struct ll_train_progress p;
	memset(&p, 0, sizeof p);
	p.epochs = cfg->epochs;
	p.batches = batches;
	p.epoch_loss = r.done_epochs ? r.hl[r.done_epochs - 1] : NAN;
	p.dev_loss = r.done_epochs ? r.hd[r.done_epochs - 1] : NAN;
	p.dev_metric = r.done_epochs ? r.hm[r.done_epochs - 1] : NAN;
	p.best_dev_loss = r.best_loss;
	p.best_epoch = r.best_epoch;
	p.epochs_done = r.done_epochs;
	p.resumed_from = resumed_from;
	p.curve_loss = r.hl;
	p.curve_dev_loss = r.hd;
	p.curve_dev_metric = r.hm;
	double t0 = now_s(), last_report = 0;
	size_t seen = 0;
	ll_prof_start(&r.prof);
	while (!r.finished) {
		int e = r.done_epochs;
		float lr = ll_optim_lr(&cfg->optim, e, cfg->epochs);
		r.lr = lr;
		uint64_t epoch_seed = ll_rng_derive(cfg->seed, (uint64_t)e);
		ll_rng_seed(r.rng, epoch_seed);
		for (size_t i = 0; i < n; i++)
			r.idx[i] = i;
		ll_rng_shuffle(r.rng, r.idx, n);
		double sum = 0;
		p.epoch = e;
		p.lr = lr;
		p.epoch_end = 0;
		ll_prof_mark(&r.prof, LL_PROF_EPOCH_END);
		for (size_t b = 0; b < batches; b++) {
			size_t off = b * cfg->batch, nb = n - off < cfg->batch ? n - off : cfg->batch;
			double loss = 0;
			want_stop |= P > 1 && cancelled(cfg);
			ll_par_phase("training, epoch %ld, batch %ld", e + 1, (long)b + 1);
			double tb = r.nth > 1 ? now_s() : 0;
			if (r.nth > 1)
				ll_pick_next(&r.pick);
			rc = sliced_batch(&r, r.idx + off, nb, ll_rng_derive(epoch_seed, b), &loss, &want_stop, err);
			if (r.nth > 1)
				ll_pick_done(&r.pick, now_s() - tb, nb);
			if (rc)
				goto out;
			if (P > 1 && want_stop) {
				rc = ll_err_set(err, LL_ECANCEL, "training cancelled at epoch %d", e + 1);
				goto out;
			}
			if (!isfinite(loss)) {
				rc = ll_err_set(err, LL_EDATA,
						"training diverged at epoch %d, batch %zu (loss is %g): lower the "
						"learning rate or clip gradients",
						e + 1, b + 1, loss);
				goto out;
			}
			sum += loss * (double)nb;
			seen += nb;
			if (P == 1 && cancelled(cfg)) {
				rc = ll_err_set(err, LL_ECANCEL, "training cancelled at epoch %d", e + 1);
				goto out;
			}
			if (cfg->on_progress) {
				double now = now_s();
				if (cfg->progress_ms <= 0 || (now - last_report) * 1000.0 >= cfg->progress_ms) {
					last_report = now;
					p.batch = b + 1;
					p.loss = sum / (double)(off + nb);
					p.samples_per_s = (double)seen / (now - t0 > 1e-9 ? now - t0 : 1e-9);
					double left = (double)(cfg->epochs - e) * (double)n - (double)(off + nb);
					p.eta_s = left / (p.samples_per_s > 0 ? p.samples_per_s : 1);
					/* on several ranks a wish to stop waits for the next sum */
					if (cfg->on_progress(&p, cfg->ud) && (want_stop = 1, P == 1)) {
						rc = ll_err_set(err, LL_ECANCEL, "training cancelled at epoch %d", e + 1);
						goto out;
					}
				}
			}
			r.prof.batches++;
			ll_prof_mark(&r.prof, LL_PROF_BATCH_END);
		}
		double dl = NAN, dm = NAN;
		ll_par_phase("training, the end of epoch %ld (evaluation, rank 0's checkpoint)", e + 1, 0);
		r.hl[e] = sum / (double)n;
		if (r.pbuf)
			gather_opt_state(&r);
		ll_prof_mark(&r.prof, LL_PROF_OPT_STATE);
		if (task->evaluate) {
			rc = task->evaluate(task->ctx, &dl, &dm, err);
			if (rc && P > 1)
				ll_par_abort(rc, err);
			if (rc)
				goto out;
			ll_prof_mark(&r.prof, LL_PROF_EVAL);
			if (dl < r.best_loss - cfg->min_delta) {
				r.best_loss = dl;
				r.best_epoch = e;
				r.bad = 0;
				memcpy(r.bestp, task->params, task->nparams * sizeof(float));
			} else {
				r.bad++;
				if (cfg->patience > 0 && r.bad >= cfg->patience)
					r.stopped = STOPPED_DEV;
			}
		}
		if (!r.stopped && !(task->evaluate && cfg->patience > 0) && cfg->n_iter_no_change > 0) {
			/* sklearn's rule on the training loss when the dev split
			 * does not decide */
			double tl = r.hl[e];
			if (tl > r.best_train - cfg->tol)
				r.bad_train++;
			else
				r.bad_train = 0;
			if (tl < r.best_train)
				r.best_train = tl;
			if (r.bad_train > cfg->n_iter_no_change)
				r.stopped = STOPPED_TRAIN;
		}
		r.hd[e] = dl;
		r.hm[e] = dm;
		r.done_epochs = e + 1;
		if (r.done_epochs == cfg->epochs || r.stopped) {
			r.finished = 1;
			if (task->evaluate && cfg->restore_best && r.best_epoch >= 0)
				memcpy(task->params, r.bestp, task->nparams * sizeof(float));
		}
		ll_prof_mark(&r.prof, LL_PROF_EPOCH_END);
		if (cfg->checkpoint && ll_par_rank() == 0 && (rc = save_ckpt(&r, err))) {
			if (P > 1)
				ll_par_abort(rc, err);
			goto out;
		}
		ll_prof_mark(&r.prof, LL_PROF_CKPT);
		p.epoch = r.finished ? cfg->epochs : e + 1;
		p.batch = batches;
		p.loss = p.epoch_loss = r.hl[e];
		p.dev_loss = dl;
		p.dev_metric = dm;
		p.best_dev_loss = r.best_loss;
		p.best_epoch = r.best_epoch;
		p.epoch_end = 1;
		p.epochs_done = r.done_epochs;
		double now = now_s();
		p.samples_per_s = (double)seen / (now - t0 > 1e-9 ? now - t0 : 1e-9);
		p.eta_s = r.finished ? 0 : (double)(cfg->epochs - e - 1) * (double)n / p.samples_per_s;
		if (cfg->on_progress && cfg->on_progress(&p, cfg->ud) && !r.finished && (want_stop = 1, P == 1)) {
			rc = ll_err_set(err, LL_ECANCEL, "training cancelled after epoch %d", e + 1);
			goto out;
		}
	}
	ll_prof_mark(&r.prof, LL_PROF_EPOCH_END);
out:
	fill_result(&r, res, resumed_from);
	/* every rank gets here with the same rc (errors of one rank end the job) */
	if (rc == LL_OK && r.prof.on)
		gather_prof(&r, res);
	free_run(&r);
	return rc;
}

/* Subnormals flushed for the whole run, the dev evaluations too
 * (ll_fpenv.h); the pool's threads take the mode from this one. */
int ll_train_run(const struct ll_task *task, const struct ll_train_cfg *cfg, struct ll_train_result *res,
		 struct ll_err *err)
{
	unsigned mode = ll_fpenv_flush_subnormals();
	int rc = train_run(task, cfg, res, err);
	ll_fpenv_set(mode);
	return rc;
}

/* ---- background trainer ---- */

struct ll_trainer {
	struct ll_task task;
	struct ll_train_cfg cfg;
	int (*user_cb)(const struct ll_train_progress *p, void *ud);
	void *user_ud;
	char *ckpt, *fp;
	atomic_int cancel;
	atomic_int *user_cancel;
	atomic_int running;
	pthread_t th;
	int joined;
	pthread_mutex_t mu;
	pthread_cond_t ended; /* signalled, under mu, when running drops to 0 */
	struct ll_train_progress prog; /* guarded by mu */
	double *hl, *hd, *hm;          /* guarded by mu; cfg.epochs entries */
	size_t nh;
	int status;
	struct ll_err err;
	struct ll_train_result res;
};

int ll_train_progress_epoch(const struct ll_train_progress *p)
{
	int ep = p->epoch_end ? p->epoch : p->epoch + 1;
	return ep > p->epochs ? p->epochs : ep < 1 ? 1 : ep;
}

double ll_train_progress_fraction(const struct ll_train_progress *p)
{
	if (p->epochs <= 0)
		return 0;
	double per = p->batches && !p->epoch_end ? (double)p->batch / (double)p->batches : 0;
	double f = ((double)p->epoch + per) / p->epochs;
	return f > 1 ? 1 : f < 0 ? 0 : f;
}

static int trainer_cb(const struct ll_train_progress *p, void *ud)
{
	struct ll_trainer *t = ud;
	pthread_mutex_lock(&t->mu);
	t->prog = *p;
	/* they point into the run; snapshots copy curves */
	t->prog.curve_loss = t->prog.curve_dev_loss = t->prog.curve_dev_metric = NULL;
	size_t n = p->epochs_done > 0 ? (size_t)p->epochs_done : 0;
	if (n > (size_t)t->cfg.epochs)
		n = (size_t)t->cfg.epochs;
	if (n != t->nh) {
		memcpy(t->hl, p->curve_loss, n * sizeof(double));
		memcpy(t->hd, p->curve_dev_loss, n * sizeof(double));
		memcpy(t->hm, p->curve_dev_metric, n * sizeof(double));
		t->nh = n;
	}
	pthread_mutex_unlock(&t->mu);
	int stop = atomic_load(&t->cancel) || (t->user_cancel && atomic_load(t->user_cancel));
	if (t->user_cb && t->user_cb(p, t->user_ud))
		stop = 1;
	return stop;
}

static void *trainer_main(void *arg)
{
	struct ll_trainer *t = arg;
	t->status = ll_train_run(&t->task, &t->cfg, &t->res, &t->err);
	pthread_mutex_lock(&t->mu);
	atomic_store(&t->running, 0);
	pthread_cond_broadcast(&t->ended);
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

static void trainer_release(struct ll_trainer *t)
{
	free(t->ckpt);
	free(t->fp);
	free(t->hl);
	free(t->hd);
	free(t->hm);
	ll_train_result_free(&t->res);
	pthread_cond_destroy(&t->ended);
	pthread_mutex_destroy(&t->mu);
	free(t);
}

int ll_trainer_start(const struct ll_task *task, const struct ll_train_cfg *cfg, struct ll_trainer **out,
		     struct ll_err *err)
{
	*out = NULL;
	int rc = check_cfg(task, cfg, err);
	if (rc)
		return rc;
	struct ll_trainer *t = calloc(1, sizeof *t);
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "trainer: out of memory");
	pthread_mutex_init(&t->mu, NULL);
	/* a monotonic clock, so that a wait's deadline survives a change of
	 * the wall clock */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->ended, &ca);
	pthread_condattr_destroy(&ca);
	t->task = *task;
	t->cfg = *cfg;
	t->user_cb = cfg->on_progress;
	t->user_ud = cfg->ud;
	t->user_cancel = cfg->cancel;
	t->cfg.on_progress = trainer_cb;
	t->cfg.ud = t;
	t->cfg.cancel = &t->cancel;
	t->ckpt = cfg->checkpoint ? strdup(cfg->checkpoint) : NULL;
	t->fp = cfg->fingerprint ? strdup(cfg->fingerprint) : NULL;
	t->cfg.checkpoint = t->ckpt;
	t->cfg.fingerprint = t->fp;
	t->hl = calloc((size_t)cfg->epochs, sizeof(double));
	t->hd = calloc((size_t)cfg->epochs, sizeof(double));
	t->hm = calloc((size_t)cfg->epochs, sizeof(double));
	t->prog.epochs = cfg->epochs;
	t->prog.epoch_loss = t->prog.dev_loss = t->prog.dev_metric = NAN;
	t->prog.best_epoch = -1;
	if ((cfg->checkpoint && !t->ckpt) || (cfg->fingerprint && !t->fp) || !t->hl || !t->hd || !t->hm) {
		trainer_release(t);
		return ll_err_set(err, LL_ENOMEM, "trainer: out of memory");
	}
	atomic_store(&t->running, 1);
	int e = pthread_create(&t->th, NULL, trainer_main, t);
	if (e) {
		trainer_release(t);
		return ll_err_errno(err, LL_EIO, e, "trainer: cannot start a thread");
	}
	*out = t;
	return LL_OK;
}

void ll_trainer_cancel(struct ll_trainer *t)
{
	atomic_store(&t->cancel, 1);
}

int ll_trainer_running(struct ll_trainer *t)
{
	return atomic_load(&t->running);
}

int ll_trainer_wait(struct ll_trainer *t, int timeout_ms)
{
	if (timeout_ms <= 0)
		return atomic_load(&t->running);
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&t->mu);
	while (atomic_load(&t->running))
		if (pthread_cond_timedwait(&t->ended, &t->mu, &until) != 0)
			break; /* the deadline (spurious wake-ups loop) */
	int running = atomic_load(&t->running);
	pthread_mutex_unlock(&t->mu);
	return running;
}

size_t ll_trainer_snapshot(struct ll_trainer *t, struct ll_train_progress *p, double *loss, double *dev_loss,
			   double *dev_metric, size_t cap)
{
	pthread_mutex_lock(&t->mu);
	if (p)
		*p = t->prog;
	size_t n = t->nh < cap ? t->nh : cap;
	if (loss)
		memcpy(loss, t->hl, n * sizeof(double));
	if (dev_loss)
		memcpy(dev_loss, t->hd, n * sizeof(double));
	if (dev_metric)
		memcpy(dev_metric, t->hm, n * sizeof(double));
	size_t nh = t->nh;
	pthread_mutex_unlock(&t->mu);
	return nh;
}

int ll_trainer_join(struct ll_trainer *t, struct ll_train_result *res, struct ll_err *err)
{
	if (!t->joined) {
		pthread_join(t->th, NULL);
		t->joined = 1;
	}
	if (err)
		*err = t->err;
	if (res) {
		*res = t->res;
		memset(&t->res, 0, sizeof t->res); /* ownership of the curves moves to the caller */
	}
	return t->status;
}

void ll_trainer_free(struct ll_trainer *t)
{
	if (!t)
		return;
	if (!t->joined) {
		ll_trainer_cancel(t);
		pthread_join(t->th, NULL);
	}
	trainer_release(t);
}
