/*
 * tests/core/test_sdet.c - the autoencoder, the LSTM forecaster and the
 * series detectors: the two models' gradients match finite differences
 * and the forecaster starts at the mean, its model-file sections round
 * trip; on a generated series (a few correlated sine metrics) with an
 * injected fault in one metric, every detector kind scores the fault above the normal steps, alarms on it at
 * the POT threshold calibrated on the held-out steps, ranks the faulty
 * metric first, and gives the same scores after a save/load round trip;
 * smoothing is the trailing mean of the unsmoothed score and top-1 the
 * largest contribution; the score's memory lifts a step to the EWMA of
 * the past log scores (below the threshold) and leaves a louder one and
 * the alarms as they were; a metric constant in training (a flag) that is
 * set in test contributes at most floor_cap and scores like a real fault
 * instead of a million times more, while the other metrics score as without the bound; bad configurations
 * and data are refused with the key or step named, and a window longer
 * than the training series too.
 */
#include "harness.h"
#include "ll_ae.h"
#include "ll_fcast.h"
#include "ll_model_io.h"
#include "ll_rng.h"
#include "ll_sdet.h"

#include <stdlib.h>
#include <unistd.h>

static void test_ae_grad(void)
{
	enum { IN = 6, H = 3, NB = 4 };
	struct ll_err err;
	struct ll_ae *a;
	CHECK_INT(ll_ae_new(IN, H, 7, &a, &err), LL_OK);
	CHECK_INT(ll_ae_new(0, H, 7, &(struct ll_ae *){NULL}, &err), LL_EUSAGE);
	CHECK_INT(ll_ae_reserve(a, NB, &err), LL_OK);
	float X[NB * IN];
	struct ll_rng *r = ll_rng_new(3);
	for (size_t i = 0; i < NB * IN; i++)
		X[i] = (float)ll_rng_gauss(r, 1.0);
	ll_rng_free(r);
	double loss;
	CHECK_INT(ll_ae_grad(a, X, NB, &loss, &err), LL_OK);
	CHECK_INT(ll_ae_grad(a, X, NB + 1, &loss, &err), LL_EUSAGE);
	size_t np = ll_ae_nparams(a);
	CHECK_INT(np, 2 * IN * H + H + IN);
	float *g = malloc(np * sizeof *g), *p = ll_ae_params(a);
	memcpy(g, ll_ae_grads(a), np * sizeof *g);
	double worst = 0;
	for (size_t i = 0; i < np; i++) {
		float keep = p[i];
		double lp, lm;
		p[i] = keep + 1e-2f;
		ll_ae_grad(a, X, NB, &lp, &err);
		p[i] = keep - 1e-2f;
		ll_ae_grad(a, X, NB, &lm, &err);
		p[i] = keep;
		double num = (lp - lm) / 2e-2, d = fabs(num - g[i]) / (fabs(num) + fabs(g[i]) + 1e-3);
		if (d > worst)
			worst = d;
	}
	CHECK(worst < 2e-2);
	float Y[NB * IN];
	CHECK_INT(ll_ae_reconstruct(a, X, NB, Y, &err), LL_OK);
	double mse = 0;
	for (size_t i = 0; i < NB * IN; i++)
		mse += (Y[i] - X[i]) * (Y[i] - X[i]);
	CHECK_NEAR(mse / (NB * IN), loss, 1e-5);
	free(g);
	ll_ae_free(a);
}

static void test_fcast_grad(void)
{
	enum { DD = 3, T = 4, H = 5, NB = 3 };
	struct ll_err err;
	struct ll_fcast *f;
	CHECK_INT(ll_fcast_new(0, T, H, 1, &(struct ll_fcast *){NULL}, &err), LL_EUSAGE);
	CHECK_INT(ll_fcast_new(DD, T, H, 9, &f, &err), LL_OK);
	CHECK_INT(ll_fcast_dims(f), DD);
	CHECK_INT(ll_fcast_window(f), T);
	CHECK_INT(ll_fcast_hidden(f), H);
	size_t np = ll_fcast_nparams(f);
	CHECK_INT(np, 4 * H * (DD + H + 1) + DD * H + DD);
	float X[NB * T * DD], Y[NB * DD], P[NB * DD];
	struct ll_rng *r = ll_rng_new(5);
	for (size_t i = 0; i < NB * T * DD; i++)
		X[i] = (float)ll_rng_gauss(r, 1.0);
	for (size_t i = 0; i < NB * DD; i++)
		Y[i] = (float)ll_rng_gauss(r, 1.0);
	/* untrained, the forecast is 0 (the training mean, standardised) */
	CHECK_INT(ll_fcast_predict(f, X, NB, P, &err), LL_OK);
	double md = 0;
	for (size_t i = 0; i < NB * DD; i++)
		md = fmax(md, fabs(P[i]));
	CHECK(md == 0);
	/* give the output layer weights so every parameter has a gradient */
	float *p = ll_fcast_params(f);
	for (size_t i = 4 * H * (DD + H + 1); i < np; i++)
		p[i] = (float)ll_rng_gauss(r, 0.5);
	ll_rng_free(r);
	CHECK_INT(ll_fcast_reserve(f, NB, &err), LL_OK);
	double loss;
	CHECK_INT(ll_fcast_grad(f, X, Y, NB + 300, &loss, &err), LL_EUSAGE);
	CHECK_INT(ll_fcast_grad(f, X, Y, NB, &loss, &err), LL_OK);
	float *g = malloc(np * sizeof *g);
	memcpy(g, ll_fcast_grads(f), np * sizeof *g);
	double worst = 0;
	for (size_t i = 0; i < np; i++) {
		float keep = p[i];
		double lp, lm;
		p[i] = keep + 1e-2f;
		ll_fcast_grad(f, X, Y, NB, &lp, &err);
		p[i] = keep - 1e-2f;
		ll_fcast_grad(f, X, Y, NB, &lm, &err);
		p[i] = keep;
		double num = (lp - lm) / 2e-2, d = fabs(num - g[i]) / (fabs(num) + fabs(g[i]) + 1e-3);
		if (d > worst)
			worst = d;
	}
	CHECK(worst < 2e-2);
	/* the loss is the mean squared error of the forecasts */
	CHECK_INT(ll_fcast_predict(f, X, NB, P, &err), LL_OK);
	double mse = 0;
	for (size_t i = 0; i < NB * DD; i++)
		mse += (P[i] - Y[i]) * (P[i] - Y[i]);
	CHECK_NEAR(mse / (NB * DD), loss, 1e-5);
	free(g);
	/* the model-file sections round trip; a shape out of range is refused */
	struct ll_mio *m;
	CHECK_INT(ll_mio_new("t", NULL, &m, &err), LL_OK);
	CHECK_INT(ll_fcast_put(f, m, &err), LL_OK);
	struct ll_fcast *f2 = NULL;
	CHECK_INT(ll_fcast_get(m, "mem", &f2, &err), LL_OK);
	if (f2) {
		CHECK(ll_fcast_nparams(f2) == np && memcmp(ll_fcast_params(f2), p, np * sizeof *p) == 0);
		ll_fcast_free(f2);
	}
	ll_mio_free(m);
	CHECK_INT(ll_mio_new("t", NULL, &m, &err), LL_OK);
	int64_t bad[3] = {DD, 0, H};
	CHECK_INT(ll_mio_put(m, "fcast_shape", LL_MIO_I64, bad, 3, &err), LL_OK);
	CHECK_INT(ll_fcast_get(m, "mem", &f2, &err), LL_EDATA);
	CHECK(strstr(err.msg, "mem: forecaster shape") != NULL);
	ll_mio_free(m);
	ll_fcast_free(f);
}

enum { D = 4, NTRAIN = 3000, NTEST = 1000, F0 = 600, F1 = 640, FDIM = 2 };

/* D metrics driven by two hidden sines, with noise; the test series gets
 * a level shift in metric FDIM + 1 over steps F0..F1-1. */
static void series(float *X, size_t n, uint64_t seed, int fault)
{
	struct ll_rng *r = ll_rng_new(seed);
	for (size_t t = 0; t < n; t++) {
		double a = sin(t * 0.05), b = cos(t * 0.013);
		double v[D] = {a, b, 0.5 * a + 0.5 * b, a - b};
		for (size_t j = 0; j < D; j++)
			X[t * D + j] = (float)(v[j] + ll_rng_gauss(r, 0.05));
		if (fault && t >= F0 && t < F1)
			X[t * D + FDIM] += 1.5f;
	}
	ll_rng_free(r);
}

static void test_detector(enum ll_sdet_kind kind, enum ll_sdet_scale scale)
{
	static float tr[NTRAIN * D], te[NTEST * D], dims[NTEST * D];
	static double raw[NTEST], sc[NTEST], sc2[NTEST];
	series(tr, NTRAIN, 1, 0);
	series(te, NTEST, 2, 1);
	struct ll_sdet_cfg c;
	ll_sdet_defaults(&c, kind);
	c.scale = scale;
	c.epochs = 30;
	c.batch = 64;
	c.lr = 3e-3;
	if (kind == LL_SDET_LSTM) { /* small, for valgrind */
		c.window = 3;
		c.hidden = 8;
	}
	int vg = getenv("LL_VALGRIND") != NULL;
	if (vg) { /* 300 updates instead of 2000 */
		c.epochs = 5;
		c.min_updates = 300;
	}
	struct ll_err err;
	struct ll_sdet *s;
	CHECK_INT(ll_sdet_fit(&c, tr, NTRAIN, D, NULL, &s, &err), LL_OK);
	if (!s)
		return;
	CHECK_INT(ll_sdet_dims(s), D);
	CHECK(ll_sdet_config(s)->kind == kind);
	int ep;
	double loss;
	ll_sdet_fit_info(s, &ep, &loss);
	/* 2400 fitted rows (600 held out) in batches of 64: 38 an epoch, so
	 * 53 epochs make the 2000 updates the models train for at least (8
	 * the 300 under valgrind) */
	CHECK_INT(ll_sdet_fitted_steps(s), NTRAIN - NTRAIN / 5);
	CHECK(kind == LL_SDET_KMEANS ? ep == 0 : ep == (vg ? 8 : 53) && loss < 0.5);
	CHECK_INT(ll_sdet_score(s, te, NTEST, D, raw, sc, dims, &err), LL_OK);
	double thr = ll_sdet_calibration(s)->threshold;
	double rthr = ll_sdet_raw_threshold(s);
	size_t in_alarm = 0, out_alarm = 0, disagree = 0;
	double mean[D] = {0};
	for (size_t t = 0; t < NTEST; t++) {
		int f = t >= F0 && t < F1;
		if (sc[t] >= thr)
			f ? in_alarm++ : out_alarm++;
		disagree += (sc[t] >= thr) != (raw[t] >= rthr);
		for (size_t j = 0; f && j < D; j++)
			mean[j] += dims[t * D + j];
	}
	CHECK(in_alarm > (F1 - F0) * 9 / 10);
	CHECK(out_alarm < NTEST / 50);
	CHECK_INT(disagree, 0);
	/* the faulty metric among the two that contribute most (a
	 * reconstruction spreads a fault over correlated metrics) */
	size_t above = 0;
	for (size_t j = 0; j < D; j++)
		above += mean[j] > mean[FDIM];
	CHECK(above <= 1);
	/* the file round trip scores alike */
	char dir[512], path[600];
	ll_test_scratch_dir(dir, sizeof dir, "sdet");
	snprintf(path, sizeof path, "%s/model", dir);
	CHECK_INT(ll_sdet_save(s, path, "fp1", &err), LL_OK);
	struct ll_sdet *s2;
	CHECK_INT(ll_sdet_load(path, "other", &s2, &err), LL_EDATA);
	CHECK_INT(ll_sdet_load(path, "fp1", &s2, &err), LL_OK);
	if (s2) {
		CHECK_INT(ll_sdet_score(s2, te, NTEST, D, NULL, sc2, NULL, &err), LL_OK);
		double md = 0;
		for (size_t t = 0; t < NTEST; t++)
			md = fmax(md, fabs(sc2[t] - sc[t]));
		CHECK(md == 0);
		CHECK(ll_sdet_config(s2)->window == c.window);
		CHECK(ll_sdet_config(s2)->scale == scale && ll_sdet_config(s2)->topk == 3);
		ll_sdet_free(s2);
	}
	ll_test_remove_dir(dir);
	/* another number of dimensions, a NaN */
	CHECK_INT(ll_sdet_score(s, te, NTEST / D, D * D, raw, NULL, NULL, &err), LL_EDATA);
	te[5] = NAN;
	CHECK_INT(ll_sdet_score(s, te, NTEST, D, raw, NULL, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "step 2, dimension 2") != NULL);
	ll_sdet_free(s);
}

/* smooth: the trailing mean of the unsmoothed score; topk 1: the largest
 * contribution (k-means: the same centres whatever the scoring). */
static void test_scoring(void)
{
	static float tr[NTRAIN * D], te[NTEST * D], dims[NTEST * D];
	static double r1[NTEST], r5[NTEST], rt[NTEST];
	series(tr, NTRAIN, 1, 0);
	series(te, NTEST, 2, 1);
	struct ll_sdet_cfg c;
	ll_sdet_defaults(&c, LL_SDET_KMEANS);
	struct ll_err err;
	struct ll_sdet *s;
	static double rm[NTEST];
	CHECK_INT(ll_sdet_fit(&c, tr, NTRAIN, D, NULL, &s, &err), LL_OK); /* the default memory */
	CHECK_INT(ll_sdet_score(s, te, NTEST, D, rm, NULL, NULL, &err), LL_OK);
	double cap = ll_sdet_raw_threshold(s);
	ll_sdet_free(s);
	c.memory = 0;
	CHECK_INT(ll_sdet_fit(&c, tr, NTRAIN, D, NULL, &s, &err), LL_OK);
	CHECK_INT(ll_sdet_score(s, te, NTEST, D, r1, NULL, dims, &err), LL_OK);
	CHECK(ll_sdet_raw_threshold(s) == cap); /* the memory leaves the threshold */
	ll_sdet_free(s);
	/* memory: a step below the threshold is lifted to the EWMA (half-life
	 * 10) of the past log(1 + raw) scores, but not to the threshold; so no
	 * score falls, no alarm is added or lost, the fault's onset (louder
	 * than its past) keeps its score and some quiet step after the fault
	 * is lifted */
	double em = 0, ew = 0, a = pow(0.5, 1.0 / 10);
	int lifted = 0, onset = 0, alarms = 0;
	for (size_t t = 0; t < NTEST; t++) {
		double l = log1p(r1[t]);
		ew = t ? a * ew + (1 - a) * l : l;
		double want = r1[t] < cap && ew > l ? expm1(fmin(ew, log1p(cap))) : r1[t];
		em = fmax(em, fabs(want - rm[t]) / (fabs(want) + 1));
		CHECK(rm[t] >= r1[t]);
		alarms += (rm[t] >= cap) != (r1[t] >= cap);
		lifted |= rm[t] > 2 * r1[t] + 1;
		onset |= t > 0 && r1[t] > 10 * r1[t - 1] && rm[t] == r1[t];
	}
	CHECK(em < 1e-6);
	CHECK_INT(alarms, 0);
	CHECK(lifted && onset);
	c.smooth = 5;
	CHECK_INT(ll_sdet_fit(&c, tr, NTRAIN, D, NULL, &s, &err), LL_OK);
	CHECK_INT(ll_sdet_score(s, te, NTEST, D, r5, NULL, NULL, &err), LL_OK);
	ll_sdet_free(s);
	c.smooth = 1;
	c.topk = 1;
	c.holdout = 0; /* in sample: fits every step */
	CHECK_INT(ll_sdet_fit(&c, tr, NTRAIN, D, NULL, &s, &err), LL_OK);
	CHECK_INT(ll_sdet_fitted_steps(s), NTRAIN);
	ll_sdet_free(s);
	c.holdout = 0.2;
	CHECK_INT(ll_sdet_fit(&c, tr, NTRAIN, D, NULL, &s, &err), LL_OK);
	CHECK_INT(ll_sdet_score(s, te, NTEST, D, rt, NULL, NULL, &err), LL_OK);
	ll_sdet_free(s);
	double e5 = 0, et = 0;
	for (size_t t = 0; t < NTEST; t++) {
		double m = 0, mx = -INFINITY;
		size_t lo = t >= 4 ? t - 4 : 0;
		for (size_t u = lo; u <= t; u++)
			m += r1[u];
		m /= (double)(t - lo + 1);
		e5 = fmax(e5, fabs(m - r5[t]) / (fabs(m) + 1));
		for (size_t j = 0; j < D; j++)
			mx = fmax(mx, dims[t * D + j]);
		et = fmax(et, fabs(mx - rt[t]) / (fabs(mx) + 1));
	}
	CHECK(e5 < 1e-9);
	CHECK(et < 1e-5);
	CHECK_INT(ll_sdet_fit_steps(100, 0.2), 80);
	CHECK_INT(ll_sdet_fit_steps(50, 0.2), 50); /* 10 held out: too few */
	CHECK_INT(ll_sdet_fit_steps(3000, 0), 3000);
}

/* A fifth metric constant 0 in training (a flag never set) is 1 on test
 * steps FL0..FL1-1, where the other metrics are normal. Its floors make
 * the move ~4e6 squared error scales: unbounded (floor_cap 0) it alarms
 * on each of those steps and outscores the level shift of metric FDIM + 1;
 * bounded (the default 100) it contributes just under 100 there, 0
 * elsewhere, scores like the level shift, which still alarms, and the other
 * metrics' contributions are those of the unbounded detector (k-means: the nearest
 * centre does not depend on a dimension every centre shares). */
enum { DF = D + 1, FL0 = 100, FL1 = 200 };

static void test_floored(void)
{
	static float tr4[NTRAIN * D], te4[NTEST * D], tr[NTRAIN * DF], te[NTEST * DF];
	static float dc[NTEST * DF], du[NTEST * DF];
	static double rc[NTEST], ru[NTEST], r2[NTEST];
	series(tr4, NTRAIN, 1, 0);
	series(te4, NTEST, 2, 1);
	for (size_t t = 0; t < NTRAIN; t++) {
		memcpy(tr + t * DF, tr4 + t * D, D * sizeof *tr);
		tr[t * DF + D] = 0;
	}
	for (size_t t = 0; t < NTEST; t++) {
		memcpy(te + t * DF, te4 + t * D, D * sizeof *te);
		te[t * DF + D] = t >= FL0 && t < FL1;
	}
	struct ll_sdet_cfg c;
	ll_sdet_defaults(&c, LL_SDET_KMEANS);
	c.memory = 0; /* the raw score, to compare with the raw threshold */
	struct ll_err err;
	struct ll_sdet *s, *u;
	CHECK_INT(ll_sdet_fit(&c, tr, NTRAIN, DF, NULL, &s, &err), LL_OK);
	c.floor_cap = 0;
	CHECK_INT(ll_sdet_fit(&c, tr, NTRAIN, DF, NULL, &u, &err), LL_OK);
	if (!s || !u)
		return;
	for (size_t j = 0; j < DF; j++)
		CHECK_INT(ll_sdet_floored(s, j), j == D);
	CHECK(ll_sdet_config(s)->floor_cap == 100 && ll_sdet_config(u)->floor_cap == 0);
	/* the held-out steps never move the flag: the same threshold */
	double thr = ll_sdet_raw_threshold(s);
	CHECK(thr == ll_sdet_raw_threshold(u));
	CHECK_INT(ll_sdet_score(s, te, NTEST, DF, rc, NULL, dc, &err), LL_OK);
	CHECK_INT(ll_sdet_score(u, te, NTEST, DF, ru, NULL, du, &err), LL_OK);
	size_t ua = 0, fault = 0;
	double other = 0, flagmin = INFINITY, flagmax = 0, quiet = 0, cflag = 0, uflag = INFINITY;
	double cfault = 0, ufault = 0;
	for (size_t t = 0; t < NTEST; t++) {
		int fl = t >= FL0 && t < FL1;
		if (t >= F0 + 5 && t < F1) { /* past the k-means' first steps of the shift */
			cfault = fmax(cfault, rc[t]);
			ufault = fmax(ufault, ru[t]);
		}
		if (fl) {
			ua += ru[t] >= thr;
			cflag = fmax(cflag, rc[t]);
			uflag = fmin(uflag, ru[t]);
			flagmin = fmin(flagmin, dc[t * DF + D]);
			flagmax = fmax(flagmax, dc[t * DF + D]);
			CHECK(du[t * DF + D] > 1e5);
		} else {
			quiet = fmax(quiet, dc[t * DF + D]);
		}
		fault += t >= F0 && t < F1 && rc[t] >= thr;
		for (size_t j = 0; j < D; j++)
			other = fmax(other, fabs(dc[t * DF + j] - du[t * DF + j]));
	}
	CHECK_INT(ua, FL1 - FL0);
	/* bounded, the flagged steps score like a real fault (the loudest
	 * step of the level shift outscores them all); unbounded, every one of
	 * them outscores the whole shift by orders of magnitude */
	CHECK(cfault > cflag);
	CHECK(uflag > 1000 * ufault);
	CHECK(fault > (F1 - F0) * 9 / 10);
	CHECK(flagmin > 99 && flagmax <= 100 && quiet == 0);
	CHECK(other == 0);
	/* the bound and the floored metrics survive a save/load round trip */
	char dir[512], path[600];
	ll_test_scratch_dir(dir, sizeof dir, "sdet");
	snprintf(path, sizeof path, "%s/model", dir);
	CHECK_INT(ll_sdet_save(s, path, NULL, &err), LL_OK);
	struct ll_sdet *s2;
	CHECK_INT(ll_sdet_load(path, NULL, &s2, &err), LL_OK);
	if (s2) {
		CHECK(ll_sdet_config(s2)->floor_cap == 100 && ll_sdet_floored(s2, D) && !ll_sdet_floored(s2, 0));
		CHECK_INT(ll_sdet_score(s2, te, NTEST, DF, r2, NULL, NULL, &err), LL_OK);
		CHECK(memcmp(r2, rc, sizeof rc) == 0);
		ll_sdet_free(s2);
	}
	ll_test_remove_dir(dir);
	ll_sdet_free(s);
	ll_sdet_free(u);
}

static void test_config(void)
{
	struct ll_sdet_cfg c;
	struct ll_err err;
	ll_sdet_defaults(&c, LL_SDET_AE);
	CHECK_INT(ll_sdet_check(&c, &err), LL_OK);
	CHECK(c.window == 5 && c.epochs == 10 && c.k == 16);
	c.window = 0;
	CHECK_INT(ll_sdet_check(&c, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "window:", 7) == 0);
	ll_sdet_defaults(&c, LL_SDET_KMEANS);
	c.cal.risk = 2;
	CHECK_INT(ll_sdet_check(&c, &err), LL_EUSAGE);
	CHECK_INT(ll_sdet_kind_parse("ae"), LL_SDET_AE);
	CHECK_INT(ll_sdet_kind_parse("kmeans"), LL_SDET_KMEANS);
	CHECK_INT(ll_sdet_kind_parse("lstm"), LL_SDET_LSTM);
	CHECK_INT(ll_sdet_kind_parse("gru"), -1);
	CHECK_STR(ll_sdet_kind_name(LL_SDET_KMEANS), "kmeans");
	CHECK_STR(ll_sdet_kind_name(LL_SDET_LSTM), "lstm");
	ll_sdet_defaults(&c, LL_SDET_LSTM);
	CHECK(c.window == 10 && c.holdout == 0.2 && c.smooth == 1 && c.topk == 3 && c.scale == LL_SDET_SCALE_RMS);
	CHECK(c.memory == 10 && c.memory_weight == 1 && c.floor_cap == 100);
	c.floor_cap = -1;
	CHECK_INT(ll_sdet_check(&c, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "floor_cap:", 10) == 0);
	c.floor_cap = 100;
	c.memory_weight = 1.5;
	CHECK_INT(ll_sdet_check(&c, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "memory_weight:", 14) == 0);
	c.memory_weight = 1;
	c.memory = 200000;
	CHECK_INT(ll_sdet_check(&c, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "memory:", 7) == 0);
	c.memory = 10;
	CHECK_INT(ll_sdet_scale_parse("iqr"), LL_SDET_SCALE_IQR);
	CHECK_INT(ll_sdet_scale_parse("rms"), LL_SDET_SCALE_RMS);
	CHECK_INT(ll_sdet_scale_parse("mad"), -1);
	CHECK_STR(ll_sdet_scale_name(LL_SDET_SCALE_IQR), "iqr");
	CHECK_STR(ll_sdet_scale_name(LL_SDET_SCALE_RMS), "rms");
	c.scale = (enum ll_sdet_scale)7;
	CHECK_INT(ll_sdet_check(&c, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "scale:", 6) == 0);
	c.scale = LL_SDET_SCALE_RMS;
	c.holdout = 0.6;
	CHECK_INT(ll_sdet_check(&c, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "holdout:", 8) == 0);
	c.holdout = 0.2;
	c.smooth = 0;
	CHECK_INT(ll_sdet_check(&c, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "smooth:", 7) == 0);
	c.smooth = 1;
	CHECK(c.min_updates == 2000);
	c.min_updates = 0;
	CHECK_INT(ll_sdet_check(&c, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "min_updates:", 12) == 0);
	ll_sdet_defaults(&c, LL_SDET_AE);
	float one[D] = {0};
	struct ll_sdet *s;
	CHECK_INT(ll_sdet_fit(&c, one, 1, D, NULL, &s, &err), LL_EDATA);
	/* a window longer than the series is refused before any training
	 * (an LSTM window of 1000 over 14 steps trained for minutes); the
	 * k-means detector has no window */
	float few[8 * D];
	for (size_t i = 0; i < 8 * D; i++)
		few[i] = (float)(i % 5);
	for (int kind = 0; kind < 3; kind++) {
		ll_sdet_defaults(&c, (enum ll_sdet_kind)kind);
		c.window = 9;
		c.epochs = 1;
		c.min_updates = 1;
		int want = kind == LL_SDET_KMEANS ? LL_OK : LL_EDATA;
		s = NULL;
		CHECK_INT(ll_sdet_fit(&c, few, 8, D, NULL, &s, &err), want);
		if (want == LL_EDATA)
			CHECK_STR(err.msg, "window: 9 steps is longer than the training series (8 steps); give a window of at "
					   "most 8");
		ll_sdet_free(s);
	}
	ll_sdet_defaults(&c, LL_SDET_LSTM);
	c.window = 8;
	c.epochs = 1;
	c.min_updates = 1;
	CHECK_INT(ll_sdet_fit(&c, few, 8, D, NULL, &s, &err), LL_OK);
	ll_sdet_free(s);
}

int main(void)
{
	test_ae_grad();
	test_fcast_grad();
	test_config();
	test_scoring();
	test_floored();
	test_detector(LL_SDET_AE, LL_SDET_SCALE_RMS);
	test_detector(LL_SDET_KMEANS, LL_SDET_SCALE_RMS);
	test_detector(LL_SDET_KMEANS, LL_SDET_SCALE_IQR);
	test_detector(LL_SDET_LSTM, LL_SDET_SCALE_RMS);
	TEST_MAIN_END();
}
