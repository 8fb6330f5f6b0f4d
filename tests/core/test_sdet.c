/*
 * tests/core/test_sdet.c - the autoencoder and the series detectors: the
 * autoencoder's gradient matches finite differences and training lowers
 * its loss; on a generated series (a few correlated sine metrics) with an
 * injected fault in one metric, both detectors score the fault above the
 * normal steps, alarm on it at the POT threshold, rank the faulty metric
 * first, and give the same scores after a save/load round trip; bad
 * configurations and data are refused with the key or step named.
 */
#include "harness.h"
#include "ll_ae.h"
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

static void test_detector(enum ll_sdet_kind kind)
{
	static float tr[NTRAIN * D], te[NTEST * D], dims[NTEST * D];
	static double raw[NTEST], sc[NTEST], sc2[NTEST];
	series(tr, NTRAIN, 1, 0);
	series(te, NTEST, 2, 1);
	struct ll_sdet_cfg c;
	ll_sdet_defaults(&c, kind);
	c.epochs = 30;
	c.batch = 64;
	c.lr = 3e-3;
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
	/* 3000 rows in batches of 64: 47 an epoch, so 43 epochs make the
	 * 2000 updates the autoencoder trains for at least */
	CHECK(kind == LL_SDET_KMEANS ? ep == 0 : ep == 43 && loss < 0.5);
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
	char path[] = "/tmp/test_sdet_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
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
		ll_sdet_free(s2);
	}
	unlink(path);
	/* another number of dimensions, a NaN */
	CHECK_INT(ll_sdet_score(s, te, NTEST / D, D * D, raw, NULL, NULL, &err), LL_EDATA);
	te[5] = NAN;
	CHECK_INT(ll_sdet_score(s, te, NTEST, D, raw, NULL, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "step 2, dimension 2") != NULL);
	ll_sdet_free(s);
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
	CHECK_INT(ll_sdet_kind_parse("lstm"), -1);
	CHECK_STR(ll_sdet_kind_name(LL_SDET_KMEANS), "kmeans");
	ll_sdet_defaults(&c, LL_SDET_AE);
	float one[D] = {0};
	struct ll_sdet *s;
	CHECK_INT(ll_sdet_fit(&c, one, 1, D, NULL, &s, &err), LL_EDATA);
}

int main(void)
{
	test_ae_grad();
	test_config();
	test_detector(LL_SDET_AE);
	test_detector(LL_SDET_KMEANS);
	TEST_MAIN_END();
}
