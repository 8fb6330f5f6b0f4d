/*
 * ll_crossfit.c - out-of-fold probabilities (ll_crossfit.h).
 */
#include "ll_crossfit.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ll_par.h"
#include "ll_pool.h"
#include "ll_rng.h"
#include "ll_train.h"

/* a stream of the experiment's seed of its own, so the folds do not move
 * when another draw of the seed does */
#define CROSSFIT_STREAM 0x63726f73736669ULL

void ll_crossfit_result_free(struct ll_crossfit_result *r)
{
	if (!r)
		return;
	free(r->proba);
	memset(r, 0, sizeof *r);
}

struct keyed {
	size_t key;    /* source row, or the sample itself */
	size_t sample;
};

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->sample < y->sample ? -1 : x->sample > y->sample;
}

int ll_crossfit_folds(const struct ll_featmat *m, size_t folds, uint64_t seed, int *fold_of)
{
	size_t nk = 0;
	for (size_t i = 0; i < m->n; i++) {
		fold_of[i] = -1;
		if (m->y[i] >= 0 && (!m->split || m->split[i] == LL_SPLIT_TRAIN))
			nk++;
	}
	if (!nk || folds < 2)
		return 0;
	struct keyed *ks = malloc(nk * sizeof *ks);
	size_t *groups = malloc(nk * sizeof *groups); /* first entry of each source row */
	size_t *order = malloc(nk * sizeof *order);
	struct ll_rng *rng = ll_rng_new(ll_rng_derive(seed, CROSSFIT_STREAM));
	int rc = -1;
	if (!ks || !groups || !order || !rng)
		goto out;
	size_t j = 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->y[i] >= 0 && (!m->split || m->split[i] == LL_SPLIT_TRAIN))
			ks[j++] = (struct keyed){m->origin ? m->origin[i] : i, i};
	qsort(ks, nk, sizeof *ks, by_key);
	size_t ng = 0;
	for (size_t i = 0; i < nk; i++)
		if (i == 0 || ks[i].key != ks[i - 1].key)
			groups[ng++] = i;
	/* stratified: each class's source rows in a seeded order, dealt round
	 * the folds with one counter over every class, so the folds' sizes
	 * differ by at most one and each holds its share of every class */
	size_t dealt = 0;
	for (size_t c = 0; c < m->nclasses; c++) {
		size_t nc = 0;
		for (size_t g = 0; g < ng; g++)
			if ((size_t)m->y[ks[groups[g]].sample] == c)
				order[nc++] = g;
		ll_rng_shuffle(rng, order, nc);
		for (size_t t = 0; t < nc; t++, dealt++) {
			size_t g = order[t];
			size_t end = g + 1 < ng ? groups[g + 1] : nk;
			for (size_t e = groups[g]; e < end; e++)
				fold_of[ks[e].sample] = (int)(dealt % folds);
		}
	}
	rc = 0;
out:
	free(ks);
	free(groups);
	free(order);
	ll_rng_free(rng);
	return rc;
}

/* Trains one model on every labelled training sample outside fold f and
 * copies its probabilities of the fold's samples into out. *fitted is 0
 * when the rest holds one class only. */
static int fit_fold(const struct ll_exp_cfg *cfg, const struct ll_featmat *m, const int *fold_of, int f,
		    int solve_threads, unsigned char *split, atomic_int *cancel, struct ll_crossfit_result *out,
		    int *fitted, struct ll_err *err)
{
	*fitted = 0;
	for (size_t i = 0; i < m->n; i++)
		split[i] = fold_of[i] == f ? LL_SPLIT_TEST : m->split ? m->split[i] : LL_SPLIT_TRAIN;
	struct ll_featmat fm = *m;
	fm.split = split;
	/* the other folds may hold one class only (a class of fewer samples
	 * than folds): this fold then keeps the run's scores, and the caller
	 * counts it */
	if (!ll_exp_two_classes(&fm, NULL, NULL))
		return LL_OK;
	struct ll_exp *e = NULL;
	int rc = ll_exp_new(cfg, &fm, &e, err);
	if (rc)
		return rc;
	ll_exp_set_solve_threads(e, solve_threads);
	const struct ll_task *task = ll_exp_task(e);
	if (task) {
		struct ll_train_cfg tc;
		ll_exp_train_cfg(e, &tc);
		tc.cancel = cancel;
		rc = ll_train_run(task, &tc, NULL, err);
	} else {
		rc = ll_exp_solve(e, &fm, cancel, err);
	}
	struct ll_exp_pred p;
	memset(&p, 0, sizeof p);
	if (rc == LL_OK && cancel && atomic_load(cancel))
		rc = ll_err_set(err, LL_ECANCEL, "cancelled");
	if (rc == LL_OK)
		rc = ll_exp_predict(e, &fm, &p, err);
	if (rc == LL_OK) {
		for (size_t i = 0; i < m->n; i++)
			if (fold_of[i] == f)
				memcpy(out->proba + i * out->k, p.proba + i * p.k, out->k * sizeof *out->proba);
		*fitted = 1;
	}
	ll_exp_pred_free(&p);
	ll_exp_free(e);
	return rc;
}

/* The folds, shared by the threads that fit them: each takes the next
 * fold; a fold writes only its own samples' rows of the result, so the
 * result does not depend on which thread fitted what. */
struct fold_job {
	const struct ll_exp_cfg *cfg;
	const struct ll_featmat *m;
	const int *fold_of;
	size_t folds, next, done;
	atomic_int *cancel;
	ll_crossfit_progress_fn progress;
	void *ud;
	struct ll_crossfit_result *out;
	pthread_mutex_t mu;
	int rc;
	struct ll_err err;
};

static void fold_worker(void *arg, int t, int T)
{
	(void)t;
	struct fold_job *j = arg;
	unsigned char *split = malloc(j->m->n ? j->m->n : 1);
	for (;;) {
		pthread_mutex_lock(&j->mu);
		size_t f = j->next;
		int stop = j->rc != LL_OK || f >= j->folds || !split;
		if (!stop)
			j->next++;
		else if (!split && j->rc == LL_OK)
			j->rc = ll_err_set(&j->err, LL_ENOMEM, "out of memory cross-fitting %zu samples", j->m->n);
		pthread_mutex_unlock(&j->mu);
		if (stop)
			break;
		struct ll_err err;
		ll_err_clear(&err);
		int fitted = 0;
		/* folds side by side take a thread each; one at a time, the solve takes them all */
		int rc = fit_fold(j->cfg, j->m, j->fold_of, (int)f, T > 1 ? 1 : 0, split, j->cancel, j->out, &fitted, &err);
		pthread_mutex_lock(&j->mu);
		if (rc != LL_OK && j->rc == LL_OK) {
			j->rc = rc;
			j->err = err;
		} else if (rc == LL_OK) {
			if (fitted)
				j->out->folds_fitted++;
			else
				j->out->folds_skipped++;
			/* under the lock, so the caller's callback runs on one thread
			 * at a time */
			if (j->progress)
				j->progress(++j->done, j->folds, j->ud);
		}
		pthread_mutex_unlock(&j->mu);
	}
	free(split);
}

/* Threads for the folds: a logistic regression's solve runs on one thread,
 * so its folds can run side by side; models that train on the pool already
 * (MLP, LSTM) and MPI ranks, whose folds are collective, take them in
 * turn. */
static int fold_threads(const struct ll_exp_cfg *cfg, size_t folds)
{
	if (cfg->model != LL_EXP_LOGREG || ll_par_size() > 1)
		return 1;
	int t = ll_exp_threads();
	return (size_t)t < folds ? t : (int)folds;
}

int ll_crossfit(const struct ll_exp_cfg *cfg, const struct ll_featmat *m, size_t folds, atomic_int *cancel,
		ll_crossfit_progress_fn progress, void *ud, struct ll_crossfit_result *out, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	if (cfg->model == LL_EXP_KMEANS)
		return ll_err_set(err, LL_EUSAGE, "review_folds: k-means has no classes to cross-fit");
	if (folds < 2 || folds > LL_CROSSFIT_MAX_FOLDS)
		return ll_err_set(err, LL_EUSAGE, "review_folds: must be 0 or from 2 to %d, got %zu",
				  LL_CROSSFIT_MAX_FOLDS, folds);
	out->n = m->n;
	out->k = m->nclasses;
	int *fold_of = malloc((m->n ? m->n : 1) * sizeof *fold_of);
	size_t cells = m->n * m->nclasses;
	out->proba = malloc((cells ? cells : 1) * sizeof *out->proba);
	struct ll_pool *pool = NULL;
	int rc = LL_OK;
	if (!fold_of || !out->proba || ll_crossfit_folds(m, folds, cfg->seed, fold_of) != 0) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory cross-fitting %zu samples", m->n);
		goto out;
	}
	for (size_t i = 0; i < cells; i++)
		out->proba[i] = NAN;
	if ((rc = ll_pool_new(fold_threads(cfg, folds), &pool, err)) != LL_OK)
		goto out;
	struct fold_job j = {cfg, m, fold_of, folds, 0, 0, cancel, progress, ud, out, PTHREAD_MUTEX_INITIALIZER, LL_OK,
			     {0}};
	ll_err_clear(&j.err);
	ll_pool_run(pool, fold_worker, &j);
	pthread_mutex_destroy(&j.mu);
	if ((rc = j.rc) != LL_OK) {
		*err = j.err;
		goto out;
	}
	for (size_t i = 0; i < m->n; i++)
		if (fold_of[i] >= 0 && m->nclasses && !isnan(out->proba[i * m->nclasses]))
			out->samples++;
out:
	ll_pool_free(pool);
	free(fold_of);
	if (rc)
		ll_crossfit_result_free(out);
	return rc;
}
