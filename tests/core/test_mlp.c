/*
 * tests/core/test_mlp.c - the MLP and the optimisers learn known problems,
 * deterministically, and refuse bad hyper-parameters.
 *
 * Optimiser steps are checked against values worked out by hand in the
 * comments; learning is checked on XOR (needs the hidden layer), Gaussian
 * blobs (logistic regression) and an imbalanced problem (class weights).
 */
#include "harness.h"
#include "ll_featmat.h"
#include "ll_mlp.h"
#include "ll_optim.h"
#include "ll_rng.h"

#include <math.h>
#include <stdlib.h>

static struct ll_mlp_cfg base_cfg(size_t d, size_t C, size_t nh, size_t width, enum ll_act act)
{
	struct ll_mlp_cfg c;
	memset(&c, 0, sizeof c);
	c.n_in = d;
	c.n_classes = C;
	c.n_hidden = nh;
	for (size_t i = 0; i < nh; i++)
		c.widths[i] = width;
	c.act = act;
	c.seed = 42;
	return c;
}

static void test_optim_steps(void)
{
	struct ll_err err;
	struct ll_optim o;
	struct ll_optim_cfg c;
	/* SGD momentum 0.5, lr 0.1, g = 1 twice:
	 * v1 = -0.1, w1 = 0.9; v2 = -0.05 - 0.1 = -0.15, w2 = 0.75 */
	ll_optim_defaults(&c);
	c.kind = LL_OPT_SGD;
	c.lr = 0.1f;
	c.momentum = 0.5f;
	CHECK_INT(ll_optim_init(&o, &c, 1, &err), LL_OK);
	float w = 1.0f, g = 1.0f;
	ll_optim_step(&o, &w, &g, c.lr);
	CHECK_NEAR(w, 0.9, 1e-6);
	g = 1.0f;
	ll_optim_step(&o, &w, &g, c.lr);
	CHECK_NEAR(w, 0.75, 1e-6);
	ll_optim_free(&o);
	/* Adagrad lr 0.5, g = 2 then 1: s = 4, w = 1 - 0.5*2/2 = 0.5;
	 * s = 5, w = 0.5 - 0.5/sqrt(5) = 0.27639320 */
	c.kind = LL_OPT_ADAGRAD;
	c.lr = 0.5f;
	CHECK_INT(ll_optim_init(&o, &c, 1, &err), LL_OK);
	w = 1.0f, g = 2.0f;
	ll_optim_step(&o, &w, &g, c.lr);
	CHECK_NEAR(w, 0.5, 1e-6);
	g = 1.0f;
	ll_optim_step(&o, &w, &g, c.lr);
	CHECK_NEAR(w, 0.27639320, 1e-6);
	ll_optim_free(&o);
	/* Adam lr 0.1, g = 0.5: m^ = 0.5, v^ = 0.25, step = 0.1 * 0.5/0.5 */
	ll_optim_defaults(&c);
	c.lr = 0.1f;
	CHECK_INT(ll_optim_init(&o, &c, 13, &err), LL_OK);
	float w13[13], g13[13];
	for (int i = 0; i < 13; i++)
		w13[i] = 1.0f, g13[i] = 0.5f;
	ll_optim_step(&o, w13, g13, c.lr);
	/* eight lanes, four lanes and one at a time give the same bits */
	for (int i = 0; i < 13; i++) {
		CHECK_NEAR(w13[i], 0.9, 1e-6);
		CHECK(memcmp(&w13[i], &w13[12], sizeof(float)) == 0);
	}
	ll_optim_free(&o);
	/* sixteen, eight, four and one (29 = 16 + 8 + 4 + 1), three steps
	 * of gradients of period 3, so each lane's value recurs in the
	 * others: every width gives the scalar loop's bits */
	CHECK_INT(ll_optim_init(&o, &c, 29, &err), LL_OK);
	float w29[29], g29[29];
	for (int i = 0; i < 29; i++)
		w29[i] = 1.0f;
	for (int step = 0; step < 3; step++) {
		for (int i = 0; i < 29; i++)
			g29[i] = 0.01f * (float)((i + step) % 3 + 1) - 0.015f;
		ll_optim_step(&o, w29, g29, c.lr);
	}
	for (int i = 0; i + 3 < 29; i++)
		CHECK(memcmp(&w29[i], &w29[i + 3], sizeof(float)) == 0);
	CHECK(w29[0] != w29[1] && w29[1] != w29[2]);
	ll_optim_free(&o);
	c.kind = LL_OPT_ADAGRAD;
	CHECK_INT(ll_optim_init(&o, &c, 13, &err), LL_OK);
	for (int i = 0; i < 13; i++)
		w13[i] = 1.0f, g13[i] = 0.3f * (float)(i % 3 + 1);
	ll_optim_step(&o, w13, g13, c.lr);
	ll_optim_step(&o, w13, g13, c.lr);
	for (int i = 0; i < 10; i++)
		CHECK(memcmp(&w13[i], &w13[i + 3], sizeof(float)) == 0);
	/* g, g again: s = 2g^2, w = 1 - 0.1 - 0.1 g / (sqrt(2) g) */
	CHECK_NEAR(w13[0], 1.0 - 0.1 - 0.1 / sqrt(2.0), 1e-6);
	ll_optim_free(&o);
	/* clipping: g = (3, 4) has norm 5; clip to 1 and SGD lr 1 -> w -= (0.6, 0.8) */
	ll_optim_defaults(&c);
	c.kind = LL_OPT_SGD;
	c.lr = 1.0f;
	c.momentum = 0.0f;
	c.clip_norm = 1.0f;
	CHECK_INT(ll_optim_init(&o, &c, 2, &err), LL_OK);
	float w2[2] = { 0, 0 }, g2[2] = { 3, 4 };
	CHECK_NEAR(ll_optim_step(&o, w2, g2, 1.0f), 5.0, 1e-9);
	CHECK_NEAR(w2[0], -0.6, 1e-6);
	CHECK_NEAR(w2[1], -0.8, 1e-6);
	ll_optim_free(&o);
	/* schedules */
	ll_optim_defaults(&c);
	c.lr = 1.0f;
	c.sched = LL_LR_STEP;
	c.gamma = 0.5f;
	c.step_epochs = 3;
	CHECK_NEAR(ll_optim_lr(&c, 2, 10), 1.0, 0);
	CHECK_NEAR(ll_optim_lr(&c, 3, 10), 0.5, 0);
	CHECK_NEAR(ll_optim_lr(&c, 7, 10), 0.25, 0);
	c.sched = LL_LR_EXP;
	c.gamma = 0.9f;
	CHECK_NEAR(ll_optim_lr(&c, 2, 10), 0.81, 1e-6);
	c.sched = LL_LR_COSINE;
	CHECK_NEAR(ll_optim_lr(&c, 5, 10), 0.5, 1e-6);
	CHECK_NEAR(ll_optim_lr(&c, 0, 10), 1.0, 1e-6);
	/* bad settings */
	c.lr = -0.1f;
	CHECK_INT(ll_optim_check(&c, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "learning rate") != NULL);
	ll_optim_defaults(&c);
	c.momentum = 1.0f;
	CHECK_INT(ll_optim_check(&c, &err), LL_EUSAGE);
	CHECK_INT(ll_optim_parse("adagrad"), LL_OPT_ADAGRAD);
	CHECK_INT(ll_optim_parse("rmsprop"), -1);
}

/* XOR in 4 points, repeated 16 times. */
static void xor_data(float *X, int *y)
{
	for (int i = 0; i < 64; i++) {
		int a = i & 1, b = (i >> 1) & 1;
		X[2 * i] = (float)a;
		X[2 * i + 1] = (float)b;
		y[i] = a ^ b;
	}
}

static double train_xor(enum ll_optim_kind kind, float lr, enum ll_act act, float **params_out, size_t *np)
{
	struct ll_err err;
	float X[128];
	int y[64];
	xor_data(X, y);
	struct ll_mlp_cfg c = base_cfg(2, 2, 1, 8, act);
	struct ll_mlp *m;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = 150;
	tc.batch = 8;
	tc.optim.kind = kind;
	tc.optim.lr = lr;
	tc.optim.momentum = 0.9f;
	struct ll_xy tr = { X, y, NULL, 64, 2 };
	struct ll_train_result res;
	int rc = ll_mlp_fit(m, &tr, NULL, &tc, &res, &err);
	CHECK_INT(rc, LL_OK);
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	double acc = 0, loss = 0;
	CHECK_INT(ll_mlp_evaluate(m, &tr, &loss, &acc, &err), LL_OK);
	CHECK_INT(res.n_hist, 150);
	CHECK(res.hist_loss[149] < res.hist_loss[0]);
	if (params_out) {
		*np = ll_mlp_nparams(m);
		*params_out = malloc(*np * sizeof(float));
		memcpy(*params_out, ll_mlp_params(m), *np * sizeof(float));
	}
	ll_train_result_free(&res);
	ll_mlp_free(m);
	return acc;
}

static void test_xor(void)
{
	float *p1, *p2;
	size_t n1, n2;
	CHECK_NEAR(train_xor(LL_OPT_ADAM, 0.05f, LL_ACT_TANH, &p1, &n1), 1.0, 0);
	CHECK_NEAR(train_xor(LL_OPT_ADAM, 0.05f, LL_ACT_TANH, &p2, &n2), 1.0, 0);
	/* same seed, same bits */
	CHECK_INT(n1, n2);
	CHECK(memcmp(p1, p2, n1 * sizeof(float)) == 0);
	free(p1);
	free(p2);
	CHECK_NEAR(train_xor(LL_OPT_SGD, 0.1f, LL_ACT_RELU, NULL, NULL), 1.0, 0);
	CHECK_NEAR(train_xor(LL_OPT_ADAGRAD, 0.1f, LL_ACT_SIGMOID, NULL, NULL), 1.0, 0);
}

/* Two Gaussian blobs at (-2,-2) and (2,2), sd 1: the Bayes error is
 * Phi(-2*sqrt(2)) = 0.23%, so a linear model gets ~99.7% right. */
static void blobs(float *X, int *y, size_t n, size_t n1, uint64_t seed)
{
	struct ll_rng *r = ll_rng_new(seed);
	for (size_t i = 0; i < n; i++) {
		y[i] = i < n1;
		double c = y[i] ? 2.0 : -2.0;
		X[2 * i] = (float)(c + ll_rng_gauss(r, 1.0));
		X[2 * i + 1] = (float)(c + ll_rng_gauss(r, 1.0));
	}
	ll_rng_free(r);
}

static void test_logreg_blobs(void)
{
	struct ll_err err;
	size_t n = 1000;
	float *X = malloc(n * 2 * sizeof *X);
	int *y = malloc(n * sizeof *y);
	blobs(X, y, n, 500, 3);
	struct ll_mlp_cfg c = base_cfg(2, 2, 0, 0, LL_ACT_RELU);
	struct ll_mlp *m;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
	CHECK_INT(ll_mlp_nparams(m), 6);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = 20;
	tc.batch = 32;
	tc.optim.lr = 0.05f;
	struct ll_xy tr = { X, y, NULL, n, 2 };
	CHECK_INT(ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err), LL_OK);
	double acc;
	CHECK_INT(ll_mlp_evaluate(m, &tr, NULL, &acc, &err), LL_OK);
	CHECK(acc > 0.99);
	/* the class-1 direction (w1 - w0) points along (1, 1) */
	const float *w = ll_mlp_params(m);
	CHECK(w[2] - w[0] > 0.5f && w[3] - w[1] > 0.5f);
	float p[4];
	float pts[4] = { 3, 3, -3, -3 };
	CHECK_INT(ll_mlp_predict_proba(m, pts, 2, p, &err), LL_OK);
	CHECK(p[1] > 0.99f && p[2] > 0.99f);
	CHECK_NEAR(p[0] + p[1], 1.0, 1e-6);
	ll_mlp_free(m);
	free(X);
	free(y);
}

/* 95% class 0: without weights the minority is under-predicted; the
 * "balanced" weights n / (2 n_c) raise its recall. */
static double minority_recall(const float *cw, const float *X, const int *y, size_t n)
{
	struct ll_err err;
	struct ll_mlp_cfg c = base_cfg(2, 2, 1, 8, LL_ACT_RELU);
	c.class_weight = cw;
	struct ll_mlp *m;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = 10;
	tc.batch = 64;
	tc.optim.lr = 0.01f;
	struct ll_xy tr = { X, y, NULL, n, 2 };
	CHECK_INT(ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err), LL_OK);
	float *p = malloc(n * 2 * sizeof *p);
	ll_mlp_predict_proba(m, X, n, p, &err);
	size_t hit = 0, pos = 0;
	for (size_t i = 0; i < n; i++)
		if (y[i] == 1) {
			pos++;
			hit += p[2 * i + 1] > p[2 * i];
		}
	free(p);
	ll_mlp_free(m);
	return (double)hit / (double)pos;
}

static void test_class_weights(void)
{
	size_t n = 2000, n1 = 100;
	float *X = malloc(n * 2 * sizeof *X);
	int *y = malloc(n * sizeof *y);
	/* heavily overlapping blobs: centres +-0.5 */
	struct ll_rng *r = ll_rng_new(8);
	for (size_t i = 0; i < n; i++) {
		y[i] = i < n1;
		double c = y[i] ? 0.5 : -0.5;
		X[2 * i] = (float)(c + ll_rng_gauss(r, 1.0));
		X[2 * i + 1] = (float)(c + ll_rng_gauss(r, 1.0));
	}
	ll_rng_free(r);
	float bal[2] = { (float)n / (2.0f * (float)(n - n1)), (float)n / (2.0f * (float)n1) };
	double plain = minority_recall(NULL, X, y, n), weighted = minority_recall(bal, X, y, n);
	fprintf(stderr, "minority recall: plain %.3f, balanced weights %.3f\n", plain, weighted);
	CHECK(plain < 0.2);
	CHECK(weighted > 0.6);
	free(X);
	free(y);
}

/* Early stopping: a net that can overfit 60 noisy points; the dev loss
 * stops improving, training stops and the best epoch's weights return. */
static void test_early_stopping(void)
{
	struct ll_err err;
	size_t n = 60, nd = 400;
	float *X = malloc((n + nd) * 2 * sizeof *X);
	int *y = malloc((n + nd) * sizeof *y);
	struct ll_rng *r = ll_rng_new(5);
	for (size_t i = 0; i < n + nd; i++) {
		X[2 * i] = (float)ll_rng_gauss(r, 1.0);
		X[2 * i + 1] = (float)ll_rng_gauss(r, 1.0);
		y[i] = (X[2 * i] + 0.8 * ll_rng_gauss(r, 1.0)) > 0; /* label noise */
	}
	ll_rng_free(r);
	struct ll_mlp_cfg c = base_cfg(2, 2, 2, 64, LL_ACT_RELU);
	struct ll_mlp *m;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = 400;
	tc.batch = 10;
	tc.optim.lr = 0.002f;
	tc.patience = 10;
	struct ll_xy tr = { X, y, NULL, n, 2 }, dev = { X + 2 * n, y + n, NULL, nd, 2 };
	struct ll_train_result res;
	CHECK_INT(ll_mlp_fit(m, &tr, &dev, &tc, &res, &err), LL_OK);
	CHECK(res.stopped_early);
	CHECK(res.epochs_done < 400);
	CHECK_INT(res.epochs_done, res.best_epoch + 1 + 10);
	double dl;
	CHECK_INT(ll_mlp_evaluate(m, &dev, &dl, NULL, &err), LL_OK);
	CHECK(dl == res.best_dev_loss); /* the weights are the best epoch's, bit for bit */
	CHECK(res.hist_dev_loss[res.best_epoch] == res.best_dev_loss);
	fprintf(stderr, "early stopping: %d epochs, best %d, dev loss %.4f\n", res.epochs_done, res.best_epoch + 1,
		dl);
	ll_train_result_free(&res);
	ll_mlp_free(m);
	free(X);
	free(y);
}

static void test_bad_input(void)
{
	struct ll_err err;
	struct ll_mlp *m = NULL;
	struct ll_mlp_cfg c = base_cfg(3, 2, 2, 10, LL_ACT_RELU);
	c.widths[1] = 0;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_EUSAGE);
	CHECK(m == NULL);
	CHECK(strstr(err.msg, "hidden layer 2 width") != NULL);
	c = base_cfg(0, 2, 0, 0, LL_ACT_RELU);
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_EUSAGE);
	c = base_cfg(3, 1, 0, 0, LL_ACT_RELU);
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "2 classes") != NULL);
	c = base_cfg(3, 2, 1, 4, LL_ACT_RELU);
	c.dropout = 1.0f;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_EUSAGE);
	c.dropout = 0;
	c.l2 = -1;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_EUSAGE);
	float cw[2] = { 1, -2 };
	c.l2 = 0;
	c.class_weight = cw;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_EUSAGE);
	c.class_weight = NULL;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
	float X[6] = { 0, 1, 2, 3, 4, 5 };
	int y[2] = { 0, 1 }, ybad[2] = { 0, 2 };
	struct ll_xy tr = { X, y, NULL, 2, 3 };
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.batch = 0;
	CHECK_INT(ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "batch size") != NULL);
	tc.batch = 2;
	tc.optim.lr = -0.5f;
	CHECK_INT(ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "learning rate") != NULL);
	tc.optim.lr = 0.01f;
	tc.epochs = 0;
	CHECK_INT(ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err), LL_EUSAGE);
	tc.epochs = 1;
	tr.y = ybad;
	CHECK_INT(ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 1 has class id 2") != NULL);
	tr.y = y;
	tr.d = 2;
	CHECK_INT(ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "columns") != NULL);
	/* divergence is reported, not trained through */
	tr.d = 3;
	float nan[6] = { 0, 1, NAN, 3, 4, 5 };
	tr.X = nan;
	CHECK_INT(ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 0 column 2 is not a finite number") != NULL);
	tr.X = X;
	tc.optim.kind = LL_OPT_SGD;
	tc.optim.lr = 1e36f; /* the weights overflow to infinity within a few steps */
	tc.epochs = 20;
	int rc = ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "diverged") != NULL);
	ll_mlp_free(m);
}

/* Sparse rows give the dense rows' probabilities (the first layer reads
 * the stored values only), across batch boundaries, for a row subset, and
 * with and without hidden layers. */
static void test_predict_csr(void)
{
	enum { N = 300, D = 64 };
	struct ll_err err;
	struct ll_rng *r = ll_rng_new(5);
	size_t indptr[N + 1];
	uint32_t indices[N * 6];
	float values[N * 6];
	float *dense = calloc(N * D, sizeof *dense);
	size_t nnz = 0;
	indptr[0] = 0;
	for (size_t i = 0; i < N; i++) {
		size_t k = i % 7 == 0 ? 0 : 1 + ll_rng_below(r, 6); /* some rows empty */
		size_t col = 0;
		for (size_t t = 0; t < k && col < D; t++) {
			col += 1 + ll_rng_below(r, 10);
			if (col >= D)
				break;
			indices[nnz] = (uint32_t)col;
			values[nnz] = (float)ll_rng_uniform(r);
			dense[i * D + col] = values[nnz];
			nnz++;
		}
		indptr[i + 1] = nnz;
	}
	struct ll_csr X = {N, D, nnz, indptr, indices, values};
	const size_t hidden[][2] = {{0, 0}, {1, 16}, {2, 8}};
	const enum ll_act acts[] = {LL_ACT_RELU, LL_ACT_RELU, LL_ACT_TANH};
	for (size_t h = 0; h < 3; h++) {
		struct ll_mlp_cfg c = base_cfg(D, 3, hidden[h][0], hidden[h][1], acts[h]);
		struct ll_mlp *m = NULL;
		CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
		float *w = ll_mlp_params(m);
		for (size_t i = 0; i < ll_mlp_nparams(m); i++)
			w[i] = (float)ll_rng_gauss(r, 0.5);
		float *pd = malloc(N * 3 * sizeof *pd), *ps = malloc(N * 3 * sizeof *ps);
		CHECK_INT(ll_mlp_predict_proba(m, dense, N, pd, &err), LL_OK);
		CHECK_INT(ll_mlp_predict_proba_csr(m, &X, NULL, N, ps, &err), LL_OK);
		float worst = 0;
		for (size_t i = 0; i < N * 3; i++)
			worst = fmaxf(worst, fabsf(pd[i] - ps[i]));
		CHECK(worst < 1e-5f);
		/* rows 299, 0, 150 of X */
		size_t rows[3] = {299, 0, 150};
		CHECK_INT(ll_mlp_predict_proba_csr(m, &X, rows, 3, ps, &err), LL_OK);
		for (size_t t = 0; t < 3; t++)
			for (size_t k = 0; k < 3; k++)
				CHECK(fabsf(ps[t * 3 + k] - pd[rows[t] * 3 + k]) < 1e-5f);
		free(pd);
		free(ps);
		ll_mlp_free(m);
	}
	struct ll_mlp_cfg c = base_cfg(D + 1, 2, 0, 0, LL_ACT_RELU);
	struct ll_mlp *m = NULL;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
	float p[2];
	CHECK_INT(ll_mlp_predict_proba_csr(m, &X, NULL, 1, p, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "64 columns, the model expects 65") != NULL);
	ll_mlp_free(m);
	free(dense);
	ll_rng_free(r);
}

int main(void)
{
	test_optim_steps();
	test_predict_csr();
	test_xor();
	test_logreg_blobs();
	test_class_weights();
	test_early_stopping();
	test_bad_input();
	TEST_MAIN_END();
}
