/*
 * test_crossfit.c - out-of-fold review scores (ll_crossfit.h): folds that
 * are stratified, seeded and keep a source row's samples together; labels
 * flipped in training that the run's own model learns by heart and the
 * out-of-fold models do not; what is left NaN; folds that cannot be
 * fitted; cancel and bad arguments.
 */
#include "harness.h"
#include "ll_crossfit.h"
#include "ll_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Two Gaussian blobs in d dimensions (class c centred at +-1 on every
 * axis), n samples, the last ntest of them test samples. */
static void blobs(struct ll_featmat *m, size_t n, size_t d, size_t ntest, uint64_t seed)
{
	struct ll_err err;
	CHECK(ll_featmat_alloc(m, n, 1, d, 1, &err) == LL_OK);
	const char *names[] = {"ordinary", "root"};
	CHECK(ll_featmat_set_classes(m, names, 2) == LL_OK);
	struct ll_rng *r = ll_rng_new(seed);
	for (size_t i = 0; i < n; i++) {
		int c = (int)(i % 2);
		m->y[i] = c;
		for (size_t j = 0; j < d; j++)
			m->X[i * d + j] = (float)((c ? 1.0 : -1.0) + ll_rng_gauss(r, 1.2));
		m->split[i] = i >= n - ntest ? LL_SPLIT_TEST : LL_SPLIT_TRAIN;
		m->origin[i] = i;
	}
	ll_rng_free(r);
}

static void test_folds(void)
{
	struct ll_featmat m = {0};
	blobs(&m, 103, 2, 20, 7);
	/* class 1 is rarer: every fourth sample */
	for (size_t i = 0; i < m.n; i++)
		m.y[i] = i % 4 == 0;
	m.y[5] = -1; /* unlabelled: never in a fold */
	m.split[6] = LL_SPLIT_DEV;
	/* samples 10 and 11 copy source row 9 (rebalancing's copies) */
	m.origin[10] = m.origin[11] = 9;
	m.y[10] = m.y[11] = m.y[9];
	int a[103], b[103], c[103];
	CHECK_INT(ll_crossfit_folds(&m, 5, 1, a), 0);
	CHECK_INT(ll_crossfit_folds(&m, 5, 1, b), 0);
	CHECK_INT(ll_crossfit_folds(&m, 5, 2, c), 0);
	CHECK(memcmp(a, b, sizeof a) == 0); /* the same seed, the same folds */
	CHECK(memcmp(a, c, sizeof a) != 0); /* another seed deals otherwise */
	size_t per[5][2] = {{0}};
	for (size_t i = 0; i < m.n; i++) {
		int labelled_train = m.y[i] >= 0 && m.split[i] == LL_SPLIT_TRAIN;
		CHECK_INT(a[i] >= 0, labelled_train);
		if (a[i] >= 0) {
			CHECK(a[i] < 5);
			per[a[i]][m.y[i]]++;
		}
	}
	CHECK_INT(a[10], a[9]);
	CHECK_INT(a[11], a[9]);
	/* stratified: each fold holds its share of each class, within one
	 * source row (the copied row counts three samples) */
	for (size_t f = 0; f < 5; f++) {
		CHECK(per[f][1] >= 3 && per[f][1] <= 6);
		CHECK(per[f][0] >= 10 && per[f][0] <= 14);
	}
	int none[103];
	CHECK_INT(ll_crossfit_folds(&m, 1, 1, none), 0);
	for (size_t i = 0; i < m.n; i++)
		CHECK_INT(none[i], -1);
	ll_featmat_free(&m);
}

/* Labels flipped in training: the run's model fits them, so its scores
 * of those samples lean to the wrong class; the out-of-fold models never
 * saw them and score them as their blob. */
static void test_flipped_labels(enum ll_exp_model model)
{
	struct ll_err err;
	struct ll_featmat m = {0};
	blobs(&m, 400, 8, 100, 11);
	size_t flipped[15], nf = 0;
	for (size_t i = 1; i < 300 && nf < 15; i += 20)
		if (m.y[i] == 1) {
			m.y[i] = 0;
			flipped[nf++] = i;
		}
	CHECK_INT(nf, 15);
	struct ll_exp_cfg cfg;
	ll_exp_defaults_for(&cfg, model);
	if (model == LL_EXP_MLP) {
		cfg.hidden[0] = 16;
		cfg.epochs = 60;
	}
	struct ll_crossfit_result cf;
	CHECK_INT(ll_crossfit(&cfg, &m, 5, NULL, NULL, NULL, &cf, &err), LL_OK);
	CHECK_INT(cf.folds_fitted, 5);
	CHECK_INT(cf.folds_skipped, 0);
	CHECK_INT(cf.samples, 300);
	CHECK_INT(cf.n, 400);
	CHECK_INT(cf.k, 2);
	for (size_t i = 300; i < 400; i++)
		CHECK(isnan(cf.proba[i * 2]) && isnan(cf.proba[i * 2 + 1]));
	for (size_t i = 0; i < 300; i++)
		CHECK(fabsf(cf.proba[i * 2] + cf.proba[i * 2 + 1] - 1.0f) < 1e-4f);
	/* the run's own model, on every training sample */
	struct ll_exp *e = NULL;
	CHECK_INT(ll_exp_new(&cfg, &m, &e, &err), LL_OK);
	if (ll_exp_task(e)) {
		struct ll_train_cfg tc;
		ll_exp_train_cfg(e, &tc);
		CHECK_INT(ll_train_run(ll_exp_task(e), &tc, NULL, &err), LL_OK);
	} else {
		CHECK_INT(ll_exp_solve(e, &m, NULL, &err), LL_OK);
	}
	struct ll_exp_pred p;
	CHECK_INT(ll_exp_predict(e, &m, &p, &err), LL_OK);
	double own = 0, oof = 0;
	size_t oof_above = 0;
	for (size_t t = 0; t < nf; t++) {
		own += p.proba[flipped[t] * 2 + 1];
		oof += cf.proba[flipped[t] * 2 + 1];
		oof_above += cf.proba[flipped[t] * 2 + 1] >= 0.5f;
	}
	own /= (double)nf;
	oof /= (double)nf;
	CHECK(oof > own);
	CHECK(oof_above >= 11); /* most flipped lines would be queued */
	ll_exp_pred_free(&p);
	ll_exp_free(e);
	/* deterministic: the same settings give the same bytes, whether the
	 * folds are fitted one after the other or side by side */
	const char *threads[] = {"1", "2", "3"};
	/* the slow builds (valgrind, sanitizers) refit on 1 thread and on 3
	 * only (each refit of five folds took 1.5 s of valgrind's CPU) */
	for (size_t t = 0; t < 3; t += ll_test_slow_build() ? 2 : 1) {
		setenv("LOGLAB_THREADS", threads[t], 1);
		struct ll_crossfit_result again;
		CHECK_INT(ll_crossfit(&cfg, &m, 5, NULL, NULL, NULL, &again, &err), LL_OK);
		CHECK(memcmp(again.proba, cf.proba, 300 * 2 * sizeof *cf.proba) == 0);
		CHECK_INT(again.folds_fitted, 5);
		ll_crossfit_result_free(&again);
	}
	unsetenv("LOGLAB_THREADS");
	ll_crossfit_result_free(&cf);
	ll_featmat_free(&m);
}

static size_t progress_calls, progress_last;
static void count_progress(size_t done, size_t folds, void *ud)
{
	(void)ud;
	CHECK_INT(folds, 4);
	progress_calls++;
	CHECK_INT(done, progress_last + 1); /* one call a fold, counting up */
	progress_last = done;
}

/* A class of one training sample: the fold holding it leaves the rest
 * with one class, so that fold keeps NaN and is counted as skipped. */
static void test_one_sample_class(void)
{
	struct ll_err err;
	struct ll_featmat m = {0};
	blobs(&m, 60, 2, 0, 3);
	for (size_t i = 0; i < m.n; i++)
		m.y[i] = 0;
	m.y[17] = 1;
	struct ll_exp_cfg cfg;
	ll_exp_defaults_for(&cfg, LL_EXP_LOGREG);
	struct ll_crossfit_result cf;
	progress_calls = progress_last = 0;
	setenv("LOGLAB_THREADS", "2", 1);
	CHECK_INT(ll_crossfit(&cfg, &m, 4, NULL, count_progress, NULL, &cf, &err), LL_OK);
	unsetenv("LOGLAB_THREADS");
	CHECK_INT(cf.folds_skipped, 1);
	CHECK_INT(cf.folds_fitted, 3);
	CHECK_INT(progress_calls, 4);
	CHECK_INT(progress_last, 4);
	CHECK(isnan(cf.proba[17 * 2]));
	CHECK_INT(cf.samples, 60 - 15); /* the skipped fold's 15 samples */
	ll_crossfit_result_free(&cf);
	ll_featmat_free(&m);
}

static void test_refusals(void)
{
	struct ll_err err;
	struct ll_featmat m = {0};
	blobs(&m, 40, 2, 10, 5);
	struct ll_exp_cfg cfg;
	ll_exp_defaults_for(&cfg, LL_EXP_LOGREG);
	struct ll_crossfit_result cf;
	CHECK_INT(ll_crossfit(&cfg, &m, 1, NULL, NULL, NULL, &cf, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "review_folds") != NULL);
	CHECK(cf.proba == NULL);
	CHECK_INT(ll_crossfit(&cfg, &m, LL_CROSSFIT_MAX_FOLDS + 1, NULL, NULL, NULL, &cf, &err), LL_EUSAGE);
	ll_exp_defaults_for(&cfg, LL_EXP_KMEANS);
	CHECK_INT(ll_crossfit(&cfg, &m, 5, NULL, NULL, NULL, &cf, &err), LL_EUSAGE);
	ll_exp_defaults_for(&cfg, LL_EXP_LOGREG);
	atomic_int cancel = 1;
	CHECK_INT(ll_crossfit(&cfg, &m, 5, &cancel, NULL, NULL, &cf, &err), LL_ECANCEL);
	CHECK(cf.proba == NULL);
	/* the experiment's own check of the key */
	cfg.review_folds = 1;
	CHECK_INT(ll_exp_check(&cfg, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "review_folds: must be 0 (none) or from 2 to 20, got 1") != NULL);
	cfg.review_folds = 21;
	CHECK_INT(ll_exp_check(&cfg, NULL, &err), LL_EUSAGE);
	ll_exp_defaults_for(&cfg, LL_EXP_LOGREG);
	CHECK_INT(cfg.review_folds, 5);
	ll_exp_defaults_for(&cfg, LL_EXP_MLP);
	CHECK_INT(cfg.review_folds, 0);
	ll_featmat_free(&m);
}

int main(void)
{
	test_folds();
	test_flipped_labels(LL_EXP_LOGREG);
	test_flipped_labels(LL_EXP_MLP);
	test_one_sample_class();
	test_refusals();
	TEST_MAIN_END();
}
