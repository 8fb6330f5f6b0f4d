/*
 * tests/core/test_detect.c - the detector calibration and the series
 * figures: the GPD fit recovers known tails (heavy, exponential, bounded);
 * surprise is monotone, continuous at the tail's start and unbounded past
 * the training maximum; the POT and percentile thresholds alarm on about
 * the share of training scores they promise; held evidence decays as
 * documented; a constant training series still calibrates; the file round
 * trip gives the same scores; ll_series_evaluate's figures on a series
 * worked out by hand.
 */
#include "harness.h"
#include "ll_detect.h"
#include "ll_rng.h"
#include "ll_series_eval.h"

#include <stdlib.h>
#include <unistd.h>

/* n draws from a GPD(gamma, sigma) by inversion. */
static void gpd_draws(double gamma, double sigma, size_t n, uint64_t seed, double *y)
{
	struct ll_rng *r = ll_rng_new(seed);
	for (size_t i = 0; i < n; i++) {
		double u = ll_rng_uniform(r);
		y[i] = gamma == 0 ? -sigma * log(1 - u) : sigma / gamma * (pow(1 - u, -gamma) - 1);
	}
	ll_rng_free(r);
}

static void test_gpd(void)
{
	enum { N = 4000 };
	static double y[N];
	double g, s;
	gpd_draws(0.3, 2.0, N, 1, y);
	ll_gpd_fit(y, N, &g, &s);
	CHECK_NEAR(g, 0.3, 0.06);
	CHECK_NEAR(s, 2.0, 0.15);
	gpd_draws(0, 1.5, N, 2, y);
	ll_gpd_fit(y, N, &g, &s);
	CHECK_NEAR(g, 0, 0.05);
	CHECK_NEAR(s, 1.5, 0.1);
	gpd_draws(-0.3, 1.0, N, 3, y);
	ll_gpd_fit(y, N, &g, &s);
	CHECK_NEAR(g, -0.3, 0.06);
	CHECK_NEAR(s, 1.0, 0.08);
	/* too few excesses: the exponential with their mean */
	double few[3] = {1, 2, 3};
	ll_gpd_fit(few, 3, &g, &s);
	CHECK(g == 0 && s == 2);
}

static void test_calibration(void)
{
	enum { N = 20000 };
	static double raw[N], sc[N];
	struct ll_rng *r = ll_rng_new(5);
	for (size_t i = 0; i < N; i++) {
		double z = ll_rng_gauss(r, 1.0);
		raw[i] = z * z; /* chi-square(1)-like distances */
	}
	ll_rng_free(r);
	struct ll_err err;
	struct ll_detect_cfg c;
	ll_detect_defaults(&c);
	CHECK(c.method == LL_THRESH_POT && c.risk == 1e-3 && c.level == 0.98 && c.hold == 0.5);
	struct ll_detect *d;
	CHECK_INT(ll_detect_fit(&c, raw, N, &d, &err), LL_OK);
	CHECK_NEAR(d->threshold, -log(1e-3), 1e-12);
	CHECK_NEAR(d->tail, 0.02, 1e-3);
	/* monotone, continuous at t0, unbounded past the maximum */
	double prev = -1, mx = 0;
	for (size_t i = 0; i < N; i++)
		if (raw[i] > mx)
			mx = raw[i];
	for (double x = 0; x < 3 * mx; x += mx / 500) {
		double u = ll_detect_surprise(d, x);
		CHECK(u >= prev - 1e-12);
		prev = u;
	}
	CHECK_NEAR(ll_detect_surprise(d, d->t0), -log(0.02), 0.05);
	CHECK_NEAR(ll_detect_surprise(d, d->t0 * (1 + 1e-9)), ll_detect_surprise(d, d->t0), 1e-3);
	CHECK(ll_detect_surprise(d, 2 * mx) > ll_detect_surprise(d, mx) + 0.5);
	CHECK(ll_detect_surprise(d, 0) < 0.01);
	/* about risk of the training scores alarm (POT extrapolates; allow 3x) */
	size_t above = 0;
	for (size_t i = 0; i < N; i++)
		above += ll_detect_surprise(d, raw[i]) >= d->threshold;
	CHECK(above >= 5 && above <= 60);
	/* the file round trip */
	char path[] = "/tmp/ll_test_detect_XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	CHECK_INT(ll_detect_save(d, path, "fp", &err), LL_OK);
	struct ll_detect *l;
	CHECK_INT(ll_detect_load(path, "other", &l, &err), LL_EDATA);
	CHECK_INT(ll_detect_load(path, "fp", &l, &err), LL_OK);
	for (double x = 0; x < 3 * mx; x += mx / 97)
		CHECK(ll_detect_surprise(l, x) == ll_detect_surprise(d, x));
	CHECK(l->threshold == d->threshold);
	ll_detect_free(l);
	unlink(path);
	/* percentile: about 1% of the training series at or above */
	c.method = LL_THRESH_PERCENTILE;
	c.hold = 0;
	struct ll_detect *p;
	CHECK_INT(ll_detect_fit(&c, raw, N, &p, &err), LL_OK);
	ll_detect_score(p, raw, N, sc);
	above = 0;
	for (size_t i = 0; i < N; i++)
		above += sc[i] >= p->threshold;
	CHECK(above >= 190 && above <= 210);
	ll_detect_free(p);
	/* held evidence: a spike keeps its followers at hold x (u - k decay) */
	double series[6] = {0.1, 60, 0.1, 0.1, 0.1, 0.1}, s6[6];
	ll_detect_score(d, series, 6, s6);
	double us = ll_detect_surprise(d, 60);
	CHECK_NEAR(s6[1], us, 1e-12);
	CHECK_NEAR(s6[3], 0.5 * (us - 2 * 0.005), 1e-9);
	CHECK(s6[5] < s6[4] && s6[5] > ll_detect_surprise(d, 0.1));
	ll_detect_free(d);
	/* bad settings, bad scores */
	ll_detect_defaults(&c);
	c.risk = 0;
	CHECK_INT(ll_detect_fit(&c, raw, N, &d, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "risk:", 5) == 0);
	ll_detect_defaults(&c);
	raw[7] = NAN;
	CHECK_INT(ll_detect_fit(&c, raw, N, &d, &err), LL_EDATA);
	CHECK(strstr(err.msg, "sample 8") != NULL);
	CHECK_INT(ll_detect_fit(&c, raw, 0, &d, &err), LL_EDATA);
	CHECK(ll_thresh_method_parse("pot") == LL_THRESH_POT && ll_thresh_method_parse("percentile") == 1 &&
	      ll_thresh_method_parse("x") == -1);
}

/* A constant training series (a flat metric): anything above it is new. */
static void test_constant(void)
{
	double raw[50];
	for (int i = 0; i < 50; i++)
		raw[i] = 0.25;
	struct ll_err err;
	struct ll_detect_cfg c;
	ll_detect_defaults(&c);
	struct ll_detect *d;
	CHECK_INT(ll_detect_fit(&c, raw, 50, &d, &err), LL_OK);
	CHECK(ll_detect_surprise(d, 0.25) < 5);
	CHECK(ll_detect_surprise(d, 0.3) >= d->threshold);
	CHECK(isfinite(ll_detect_surprise(d, 1e30)));
	ll_detect_free(d);
}

/* Twelve steps, two anomalous segments (steps 3-5 and 9-10), scores and
 * per-dimension contributions made up so every figure is known. */
static void test_series(void)
{
	int y[12] = {0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0};
	double s[12] = {0.1, 0.2, 0.9, 0.3, 0.8, 0.2, 0.1, 0.4, 0.1, 0.7, 0.6, 0.1};
	float dims[12 * 3] = {0};
	for (int i = 3; i <= 5; i++)
		dims[i * 3 + 1] = 5; /* dim 2 drives segment 1 */
	for (int i = 9; i <= 10; i++) {
		dims[i * 3 + 0] = 2; /* segment 2: dims 1, 2 (not labelled), then 3 */
		dims[i * 3 + 1] = 1.5f;
		dims[i * 3 + 2] = 1;
	}
	int d1[] = {2}, d2[] = {1, 3};
	struct ll_segment segs[2] = {{3, 5, 1, d1, NULL}, {9, 10, 2, d2, NULL}};
	struct ll_series_eval ev;
	struct ll_err err;
	CHECK_INT(ll_series_evaluate(y, s, 12, 0.65, dims, 3, segs, 2, &ev, &err), LL_OK);
	CHECK_INT(ev.npos, 5);
	CHECK_INT(ev.nsegments, 2);
	/* >= 0.65: steps 2 (normal), 4, 9 */
	CHECK_INT(ev.nalarms, 3);
	CHECK_NEAR(ev.pointwise.precision, 2.0 / 3, 1e-12);
	CHECK_NEAR(ev.pointwise.recall, 2.0 / 5, 1e-12);
	/* adjusted: both segments found -> tp 5, fp 1 */
	CHECK_NEAR(ev.adjusted.precision, 5.0 / 6, 1e-12);
	CHECK_NEAR(ev.adjusted.recall, 1, 1e-12);
	CHECK(ev.has_best && ev.has_auroc && ev.has_aupr);
	/* best adjusted: threshold 0.7 (segment maxima 0.8 and 0.7) keeps the
	 * 0.9 normal step: p 5/6, r 1; at 0.9: p 0, so 0.7 wins */
	CHECK_NEAR(ev.best_adjusted.prf.f1, 2 * (5.0 / 6) / (5.0 / 6 + 1), 1e-12);
	CHECK(ev.best.prf.f1 >= ev.pointwise.f1);
	CHECK(ev.auroc > 0.5 && ev.auroc < 1);
	CHECK(ev.has_hitrate);
	CHECK_NEAR(ev.hitrate_100, 0.75, 1e-12); /* top 1 = {2}: 1/1; top 2 = {1, 2}: 1/2 */
	CHECK_NEAR(ev.hitrate_150, 1.0, 1e-12);  /* top 1 = {2}; top 3 = {1, 2, 3} holds {1, 3} */
	CHECK_INT(ev.hitrate_segments, 2);
	/* no anomaly at all: the threshold figures, no best F1 or AUROC */
	int z[4] = {0, 0, 0, 0};
	double zs[4] = {1, 2, 3, 4};
	CHECK_INT(ll_series_evaluate(z, zs, 4, 2.5, NULL, 0, NULL, 0, &ev, &err), LL_OK);
	CHECK(!ev.has_best && !ev.has_auroc && !ev.has_hitrate && ev.nalarms == 2);
	zs[1] = NAN;
	CHECK_INT(ll_series_evaluate(z, zs, 4, 2.5, NULL, 0, NULL, 0, &ev, &err), LL_EDATA);
	CHECK(strstr(err.msg, "step 2") != NULL);
}

int main(void)
{
	test_gpd();
	test_calibration();
	test_constant();
	test_series();
	TEST_MAIN_END();
}
