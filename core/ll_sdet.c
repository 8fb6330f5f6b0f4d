/*
 * ll_sdet.c - the series detectors of ll_sdet.h: standardisation, the
 * autoencoder's and the forecaster's training tasks (windows gathered per
 * batch, trained by ll_train.h's loop) or k-means through its public API,
 * residuals per dimension, their scale on the held-out steps, the score,
 * calibration, and the model file.
 */
#include "ll_sdet.h"

#include "ll_ae.h"
#include "ll_fcast.h"
#include "ll_kmeans.h"
#include "ll_model_io.h"
#include "ll_train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RES_FLOOR 0.05 /* error scale floor, in training standard deviations */
#define MIN_HELD 16 /* fewer held-out steps than this: scale and calibrate in sample */

struct ll_sdet {
	struct ll_sdet_cfg cfg;
	size_t d;
	float *mu, *sd;         /* d each: standardisation */
	float *floored;         /* d: 1 when the sd floor was in effect (spread at or below it in training) */
	float *med, *scale;     /* d each: rms (med 0) or median and IQR of |residual| on held-out steps */
	size_t nfit;            /* training steps the model fitted (the rest were held out) */
	double cap;             /* the score's memory lifts a step below this raw score (NaN: no memory yet) */
	struct ll_ae *ae;       /* ae */
	struct ll_fcast *fc;    /* lstm */
	float *centres;         /* kmeans: k x d */
	struct ll_detect *cal;
	int epochs;
	double loss;
	float *buf;             /* scoring: block x window x d inputs and outputs */
	size_t bufrows;
};

void ll_sdet_defaults(struct ll_sdet_cfg *c, enum ll_sdet_kind kind)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->window = kind == LL_SDET_LSTM ? 10 : 5;
	c->hidden = 0;
	c->holdout = 0.2;
	c->smooth = 1;
	c->topk = 3;
	c->memory = 10;
	c->memory_weight = 1;
	c->floor_cap = 100;
	c->scale = LL_SDET_SCALE_RMS;
	c->epochs = 10;
	c->min_updates = 2000;
	c->batch = 128;
	c->lr = 1e-3;
	c->k = 16;
	c->seed = 1;
	ll_detect_defaults(&c->cal);
	/* no held evidence: a step's score is its own surprise, so the score
	 * rises with the raw score and the alarm is a raw threshold; held
	 * evidence would carry a fault's surprise (up to ~690 nats when
	 * the tail is bounded) over thousands of normal steps */
	c->cal.hold = 0;
}

int ll_sdet_check(const struct ll_sdet_cfg *c, struct ll_err *err)
{
	if (c->kind != LL_SDET_AE && c->kind != LL_SDET_KMEANS && c->kind != LL_SDET_LSTM)
		return ll_err_set(err, LL_EUSAGE, "detector: unknown kind %d (ae, kmeans or lstm)", (int)c->kind);
	if (c->window < 1 || c->window > 1000)
		return ll_err_set(err, LL_EUSAGE, "window: must be 1..1000 (got %zu)", c->window);
	if (c->hidden > 65536)
		return ll_err_set(err, LL_EUSAGE, "hidden: must be 0..65536 (got %zu)", c->hidden);
	if (c->epochs < 1 || c->epochs > 10000)
		return ll_err_set(err, LL_EUSAGE, "epochs: must be 1..10000 (got %d)", c->epochs);
	if (c->min_updates < 1 || c->min_updates > 10000000)
		return ll_err_set(err, LL_EUSAGE, "min_updates: must be 1..10000000 (got %zu)", c->min_updates);
	if (c->batch < 1)
		return ll_err_set(err, LL_EUSAGE, "batch: must be >= 1");
	if (!(c->lr > 0) || !isfinite(c->lr))
		return ll_err_set(err, LL_EUSAGE, "lr: must be > 0 (got %g)", c->lr);
	if (c->k < 1)
		return ll_err_set(err, LL_EUSAGE, "k: must be >= 1");
	if (!(c->holdout >= 0 && c->holdout <= 0.5))
		return ll_err_set(err, LL_EUSAGE, "holdout: must be in [0, 0.5] (got %g)", c->holdout);
	if (c->scale != LL_SDET_SCALE_RMS && c->scale != LL_SDET_SCALE_IQR)
		return ll_err_set(err, LL_EUSAGE, "scale: unknown scale %d (rms or iqr)", (int)c->scale);
	if (c->smooth < 1 || c->smooth > 10000)
		return ll_err_set(err, LL_EUSAGE, "smooth: must be 1..10000 steps (got %zu)", c->smooth);
	if (c->memory > 100000)
		return ll_err_set(err, LL_EUSAGE, "memory: must be 0..100000 steps (got %zu)", c->memory);
	if (!(c->memory_weight >= 0 && c->memory_weight <= 1))
		return ll_err_set(err, LL_EUSAGE, "memory_weight: must be in [0, 1] (got %g)", c->memory_weight);
	if (!(c->floor_cap >= 0 && c->floor_cap <= 1e12))
		return ll_err_set(err, LL_EUSAGE, "floor_cap: must be in [0, 1e12] (got %g)", c->floor_cap);
	return ll_detect_check(&c->cal, err);
}

int ll_sdet_scale_parse(const char *s)
{
	if (s && strcmp(s, "rms") == 0)
		return LL_SDET_SCALE_RMS;
	if (s && strcmp(s, "iqr") == 0)
		return LL_SDET_SCALE_IQR;
	return -1;
}

const char *ll_sdet_scale_name(enum ll_sdet_scale k)
{
	return k == LL_SDET_SCALE_IQR ? "iqr" : "rms";
}

int ll_sdet_kind_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "ae") == 0)
		return LL_SDET_AE;
	if (strcmp(s, "kmeans") == 0)
		return LL_SDET_KMEANS;
	if (strcmp(s, "lstm") == 0)
		return LL_SDET_LSTM;
	return -1;
}

const char *ll_sdet_kind_name(enum ll_sdet_kind k)
{
	return k == LL_SDET_KMEANS ? "kmeans" : k == LL_SDET_LSTM ? "lstm" : "ae";
}

void ll_sdet_free(struct ll_sdet *s)
{
	if (!s)
		return;
	free(s->mu);
	free(s->sd);
	free(s->floored);
	free(s->med);
	free(s->scale);
	ll_ae_free(s->ae);
	ll_fcast_free(s->fc);
	free(s->centres);
	ll_detect_free(s->cal);
	free(s->buf);
	free(s);
}

const struct ll_sdet_cfg *ll_sdet_config(const struct ll_sdet *s) { return &s->cfg; }
size_t ll_sdet_dims(const struct ll_sdet *s) { return s->d; }
const struct ll_detect *ll_sdet_calibration(const struct ll_sdet *s) { return s->cal; }

double ll_sdet_raw_threshold(const struct ll_sdet *s)
{
	const struct ll_detect *c = s->cal;
	double lo = c->q[0], hi = c->q[c->nq - 1] > lo ? c->q[c->nq - 1] : lo + 1;
	if (ll_detect_surprise(c, lo) >= c->threshold)
		return lo;
	for (int i = 0; i < 200 && ll_detect_surprise(c, hi) < c->threshold; i++)
		hi = lo + 2 * (hi - lo);
	/* the surprise is non-decreasing in the raw score: bisect */
	for (int i = 0; i < 200 && hi - lo > 1e-12 * (fabs(hi) + 1); i++) {
		double mid = lo + (hi - lo) / 2;
		if (ll_detect_surprise(c, mid) >= c->threshold)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

void ll_sdet_fit_info(const struct ll_sdet *s, int *epochs, double *loss)
{
	*epochs = s->epochs;
	*loss = s->loss;
}

static size_t ae_hidden(const struct ll_sdet_cfg *c, size_t d)
{
	if (c->hidden)
		return c->hidden;
	if (c->kind == LL_SDET_LSTM)
		return 32;
	size_t h = c->window * d / 4;
	return h < 2 ? 2 : h > 32 ? 32 : h;
}

static int check_finite(const float *X, size_t n, size_t d, struct ll_err *err)
{
	for (size_t i = 0; i < n * d; i++)
		if (!isfinite(X[i]))
			return ll_err_set(err, LL_EDATA, "step %zu, dimension %zu: value is not finite", i / d + 1,
					  i % d + 1);
	return LL_OK;
}

/* Standardised step t of X into out (d values). */
static void standardise(const struct ll_sdet *s, const float *X, size_t t, float *out)
{
	for (size_t j = 0; j < s->d; j++)
		out[j] = (X[t * s->d + j] - s->mu[j]) / s->sd[j];
}

/* The window ending at step t (window x d, oldest first; steps before 0
 * repeat step 0). */
static void window_at(const struct ll_sdet *s, const float *X, size_t t, float *out)
{
	size_t w = s->cfg.window;
	for (size_t k = 0; k < w; k++) {
		size_t back = w - 1 - k;
		standardise(s, X, t >= back ? t - back : 0, out + k * s->d);
	}
}

/* The forecaster's input for step t: the window of the `window` steps
 * before it (steps before 0 repeat step 0). */
static void history_at(const struct ll_sdet *s, const float *X, size_t t, float *out)
{
	size_t w = s->cfg.window;
	for (size_t k = 0; k < w; k++) {
		size_t back = w - k;
		standardise(s, X, t >= back ? t - back : 0, out + k * s->d);
	}
}

/* ---- the autoencoder's and the forecaster's training tasks ---- */

struct ae_ctx {
	struct ll_sdet *s;
	const float *X;
	float *in; /* max_batch x window x d */
};

static int ae_batch(void *vctx, const size_t *idx, size_t nb, struct ll_rng *rng, double *loss, struct ll_err *err)
{
	(void)rng;
	struct ae_ctx *c = vctx;
	size_t in = c->s->cfg.window * c->s->d;
	for (size_t b = 0; b < nb; b++)
		window_at(c->s, c->X, idx[b], c->in + b * in);
	return ll_ae_grad(c->s->ae, c->in, nb, loss, err);
}

static int train_task(struct ll_sdet *s, struct ll_task *task, size_t rows, size_t batch, atomic_int *cancel,
		      struct ll_err *err);

static int fit_ae(struct ll_sdet *s, const float *X, size_t n, atomic_int *cancel, struct ll_err *err)
{
	const struct ll_sdet_cfg *c = &s->cfg;
	size_t in = c->window * s->d, batch = c->batch < n ? c->batch : n;
	int rc = ll_ae_new(in, ae_hidden(c, s->d), c->seed, &s->ae, err);
	if (rc)
		return rc;
	s->cfg.hidden = ll_ae_hidden(s->ae);
	size_t maxb = batch > LL_TRAIN_SLICE_ROWS ? batch : LL_TRAIN_SLICE_ROWS;
	struct ae_ctx ctx = {s, X, malloc(maxb * in * sizeof(float))};
	if (!ctx.in)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	if ((rc = ll_ae_reserve(s->ae, maxb, err)) != LL_OK) {
		free(ctx.in);
		return rc;
	}
	/* no worker contexts: its slices run on one thread */
	struct ll_task task = {&ctx, n, maxb, ll_ae_nparams(s->ae), ll_ae_params(s->ae), ll_ae_grads(s->ae), ae_batch,
			       NULL, NULL, NULL};
	rc = train_task(s, &task, n, batch, cancel, err);
	free(ctx.in);
	return rc;
}

/* The forecaster learns step t + 1 from the steps before it (step 0 has
 * no history to learn from). */
struct fc_ctx {
	struct ll_sdet *s;
	const float *X;
	float *in, *tg; /* max_batch x window x d, max_batch x d */
};

static int fc_batch(void *vctx, const size_t *idx, size_t nb, struct ll_rng *rng, double *loss, struct ll_err *err)
{
	(void)rng;
	struct fc_ctx *c = vctx;
	size_t in = c->s->cfg.window * c->s->d;
	for (size_t b = 0; b < nb; b++) {
		history_at(c->s, c->X, idx[b] + 1, c->in + b * in);
		standardise(c->s, c->X, idx[b] + 1, c->tg + b * c->s->d);
	}
	return ll_fcast_grad(c->s->fc, c->in, c->tg, nb, loss, err);
}

/* Runs the training loop on task over rows training rows: at least
 * min_updates batches, so a short series (NAB's probationary 15%: a few
 * batches an epoch) trains as far as a long one (SMD: ~150 an epoch). */
static int train_task(struct ll_sdet *s, struct ll_task *task, size_t rows, size_t batch, atomic_int *cancel,
		      struct ll_err *err)
{
	const struct ll_sdet_cfg *c = &s->cfg;
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	size_t per = (rows + batch - 1) / batch, need = (c->min_updates + per - 1) / per;
	tc.epochs = need > (size_t)c->epochs ? (need > 10000 ? 10000 : (int)need) : c->epochs;
	tc.batch = batch;
	tc.seed = c->seed;
	tc.optim.lr = (float)c->lr;
	tc.cancel = cancel;
	struct ll_train_result res;
	memset(&res, 0, sizeof res);
	int rc = ll_train_run(task, &tc, &res, err);
	s->epochs = res.epochs_done;
	s->loss = res.n_hist ? res.hist_loss[res.n_hist - 1] : NAN;
	ll_train_result_free(&res);
	return rc;
}

static int fit_lstm(struct ll_sdet *s, const float *X, size_t n, atomic_int *cancel, struct ll_err *err)
{
	const struct ll_sdet_cfg *c = &s->cfg;
	size_t rows = n - 1, in = c->window * s->d, batch = c->batch < rows ? c->batch : rows;
	int rc = ll_fcast_new(s->d, c->window, ae_hidden(c, s->d), c->seed, &s->fc, err);
	if (rc)
		return rc;
	s->cfg.hidden = ll_fcast_hidden(s->fc);
	size_t maxb = batch > LL_TRAIN_SLICE_ROWS ? batch : LL_TRAIN_SLICE_ROWS;
	struct fc_ctx ctx = {s, X, malloc(maxb * in * sizeof(float)), malloc(maxb * s->d * sizeof(float))};
	if (!ctx.in || !ctx.tg)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (!rc)
		rc = ll_fcast_reserve(s->fc, maxb, err);
	if (!rc) {
		struct ll_task task = {&ctx, rows, maxb, ll_fcast_nparams(s->fc), ll_fcast_params(s->fc),
				       ll_fcast_grads(s->fc), fc_batch, NULL, NULL, NULL};
		rc = train_task(s, &task, rows, batch, cancel, err);
	}
	free(ctx.in);
	free(ctx.tg);
	return rc;
}

static int fit_kmeans(struct ll_sdet *s, const float *X, size_t n, struct ll_err *err)
{
	float *Z = malloc(n * s->d * sizeof *Z);
	if (!Z)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t t = 0; t < n; t++)
		standardise(s, X, t, Z + t * s->d);
	struct ll_kmeans_cfg kc;
	ll_kmeans_defaults(&kc);
	kc.k = s->cfg.k < n ? s->cfg.k : n;
	kc.seed = s->cfg.seed;
	struct ll_kmeans *km = NULL;
	int rc = ll_kmeans_check(&kc, n, s->d, err);
	if (!rc)
		rc = ll_kmeans_fit(Z, n, s->d, &kc, &km, err);
	free(Z);
	if (rc)
		return rc;
	s->cfg.k = ll_kmeans_k(km);
	if (!(s->centres = malloc(s->cfg.k * s->d * sizeof *s->centres))) {
		ll_kmeans_free(km);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	memcpy(s->centres, ll_kmeans_centers(km), s->cfg.k * s->d * sizeof *s->centres);
	ll_kmeans_free(km);
	return LL_OK;
}

/* Residuals (reconstruction or forecast - standardised step) of steps
 * [t0, t0 + nb) into R (nb x d). */
enum { BLOCK = 256 };

static int ensure_buf(struct ll_sdet *s, struct ll_err *err)
{
	size_t need = 2 * BLOCK * s->cfg.window * s->d + 2 * BLOCK * s->d;
	if (s->bufrows >= need)
		return LL_OK;
	float *b = realloc(s->buf, need * sizeof *b);
	if (!b)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	s->buf = b;
	s->bufrows = need;
	return s->ae ? ll_ae_reserve(s->ae, BLOCK, err) : s->fc ? ll_fcast_reserve(s->fc, BLOCK, err) : LL_OK;
}

static int residuals(struct ll_sdet *s, const float *X, size_t t0, size_t nb, float *R, struct ll_err *err)
{
	size_t d = s->d;
	if (s->ae) {
		size_t in = s->cfg.window * d;
		float *A = s->buf, *Y = A + BLOCK * in;
		for (size_t b = 0; b < nb; b++)
			window_at(s, X, t0 + b, A + b * in);
		int rc = ll_ae_reconstruct(s->ae, A, nb, Y, err);
		if (rc)
			return rc;
		/* a step's reconstruction: its row at the end of its window */
		for (size_t b = 0; b < nb; b++)
			for (size_t j = 0; j < d; j++) {
				size_t o = b * in + (s->cfg.window - 1) * d + j;
				R[b * d + j] = Y[o] - A[o];
			}
		return LL_OK;
	}
	if (s->fc) {
		size_t in = s->cfg.window * d;
		float *A = s->buf, *P = A + BLOCK * in, *z = P + BLOCK * d;
		for (size_t b = 0; b < nb; b++)
			history_at(s, X, t0 + b, A + b * in);
		int rc = ll_fcast_predict(s->fc, A, nb, P, err);
		if (rc)
			return rc;
		for (size_t b = 0; b < nb; b++) {
			standardise(s, X, t0 + b, z);
			for (size_t j = 0; j < d; j++)
				R[b * d + j] = P[b * d + j] - z[j];
		}
		return LL_OK;
	}
	float *z = s->buf;
	for (size_t b = 0; b < nb; b++) {
		standardise(s, X, t0 + b, z);
		size_t best = 0;
		double bd = INFINITY;
		for (size_t c = 0; c < s->cfg.k; c++) {
			const float *m = s->centres + c * d;
			double dd = 0;
			for (size_t j = 0; j < d; j++)
				dd += (double)(z[j] - m[j]) * (z[j] - m[j]);
			if (dd < bd) {
				bd = dd;
				best = c;
			}
		}
		for (size_t j = 0; j < d; j++)
			R[b * d + j] = s->centres[best * d + j] - z[j];
	}
	return LL_OK;
}

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x < y) - (x > y);
}

/* The mean of the k largest of v (d values; k 0 or >= d: all). */
static double combine(double *v, size_t d, size_t k)
{
	if (k && k < d)
		qsort(v, d, sizeof *v, cmp_desc);
	else
		k = d;
	double sum = 0;
	for (size_t j = 0; j < k; j++)
		sum += v[j];
	return sum / (double)k;
}

/* The trailing mean over w steps of raw (n), in place: an episode's steps
 * add up, a lone noisy step is diluted. */
static int smooth_scores(double *raw, size_t n, size_t w, struct ll_err *err)
{
	double sum = 0;
	double *keep = malloc(w * sizeof *keep);
	if (!keep)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t t = 0; t < n; t++) {
		double x = raw[t];
		sum += x;
		if (t >= w)
			sum -= keep[t % w];
		keep[t % w] = x;
		raw[t] = sum / (double)(t + 1 < w ? t + 1 : w);
	}
	free(keep);
	return LL_OK;
}

/* The memory of the score, in place, below the alarm threshold cap (a
 * raw score): with l_t = log(1 + raw_t) and m_t the exponentially
 * weighted mean of l up to t (half-life `half` steps, m_0 = l_0), a step
 * quieter than its recent past is lifted towards it, l_t + weight x
 * (m_t - l_t) (weight 1: to it), but never to the threshold; a louder
 * step keeps its score. A labelled episode lasts longer than its loudest
 * steps (a fault that spikes and then leaves its metrics near normal for
 * hundreds of steps): its quiet steps then rank above the quiet steps of
 * normal stretches. The steps at or above the threshold and the alarms
 * stay as they were: a memory that could alarm rang on after every fault
 * and more often on a drifting series (bench/ANOMALY.md). The log keeps
 * one huge spike from lifting what follows it for long. */
static void add_memory(double *raw, size_t n, size_t half, double weight, double cap)
{
	double a = pow(0.5, 1.0 / (double)half), m = 0;
	/* the largest lift: below the threshold by more than the 1e-12
	 * relative bracket ll_sdet_raw_threshold finds it in, so a lifted
	 * step's calibrated score stays below the threshold too */
	double top = log1p(cap > 0 ? cap : 0);
	top -= 1e-9 * (1 + top);
	for (size_t t = 0; t < n; t++) {
		double l = log1p(raw[t] > 0 ? raw[t] : 0);
		m = t ? a * m + (1 - a) * l : l;
		double to = m < top ? m : top;
		if (to > l)
			raw[t] = expm1(l + weight * (to - l));
	}
}

/* Raw scores and contributions of the whole series; with absr non-NULL
 * the absolute residuals (n x d) go there instead (the scale is not known
 * yet). */
static int score_series(struct ll_sdet *s, const float *X, size_t n, double *raw, float *dims, float *absr,
			struct ll_err *err)
{
	size_t d = s->d;
	int rc = ensure_buf(s, err);
	if (rc)
		return rc;
	double *v = malloc(d * sizeof *v);
	if (!v)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	float *R = s->buf + 2 * BLOCK * s->cfg.window * d + BLOCK * d;
	for (size_t t0 = 0; t0 < n && rc == LL_OK; t0 += BLOCK) {
		size_t nb = n - t0 < BLOCK ? n - t0 : BLOCK;
		if ((rc = residuals(s, X, t0, nb, R, err)) != LL_OK)
			break;
		for (size_t b = 0; b < nb; b++) {
			for (size_t j = 0; j < d; j++) {
				double r = fabs(R[b * d + j]);
				if (absr) {
					absr[(t0 + b) * d + j] = (float)r;
					continue;
				}
				if (s->cfg.scale == LL_SDET_SCALE_IQR) {
					v[j] = (r - s->med[j]) / s->scale[j];
				} else {
					double z = r / s->scale[j];
					v[j] = z * z;
				}
				/* a metric (nearly) constant in training has no measured
				 * spread: its floors make any later move hundreds of
				 * scales, one such metric (a flag never set in training)
				 * would top every step's score; bounded, it still counts
				 * as a loud metric but cannot drown the others */
				if (s->floored[j] > 0 && s->cfg.floor_cap > 0 && v[j] > 0)
					v[j] = s->cfg.floor_cap * tanh(v[j] / s->cfg.floor_cap);
				if (dims)
					dims[(t0 + b) * d + j] = (float)v[j];
			}
			if (raw && !absr)
				raw[t0 + b] = combine(v, d, s->cfg.topk);
		}
	}
	free(v);
	if (rc || absr || !raw)
		return rc;
	if (s->cfg.smooth > 1 && (rc = smooth_scores(raw, n, s->cfg.smooth, err)) != LL_OK)
		return rc;
	if (s->cfg.memory && isfinite(s->cap))
		add_memory(raw, n, s->cfg.memory, s->cfg.memory_weight, s->cap);
	return LL_OK;
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

/* Quantile p of sorted v (n values), linear between order statistics. */
static double fquantile(const float *v, size_t n, double p)
{
	double pos = p * (double)(n - 1);
	size_t i = (size_t)pos;
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - (double)i) * (v[i + 1] - v[i]);
}

/* med and scale of each dimension from the absolute residuals of steps
 * [from, n): 0 and the RMS, or the median and the interquartile range;
 * the scale floored at RES_FLOOR (a metric the model predicts perfectly
 * would otherwise divide by 0). */
static int error_stats(struct ll_sdet *s, const float *absr, size_t from, size_t n, struct ll_err *err)
{
	size_t m = n - from, d = s->d;
	float *col = malloc(m * sizeof *col);
	if (!col)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t j = 0; j < d; j++) {
		for (size_t t = 0; t < m; t++)
			col[t] = absr[(from + t) * d + j];
		double sc = 0;
		if (s->cfg.scale == LL_SDET_SCALE_IQR) {
			qsort(col, m, sizeof *col, cmp_float);
			sc = fquantile(col, m, 0.75) - fquantile(col, m, 0.25);
			s->med[j] = (float)fquantile(col, m, 0.5);
		} else {
			for (size_t t = 0; t < m; t++)
				sc += (double)col[t] * col[t];
			sc = sqrt(sc / (double)m);
			s->med[j] = 0;
		}
		s->scale[j] = (float)(sc > RES_FLOOR ? sc : RES_FLOOR);
	}
	free(col);
	return LL_OK;
}

size_t ll_sdet_fit_steps(size_t n, double holdout)
{
	size_t held = (size_t)floor(holdout * (double)n);
	return held < MIN_HELD || n - held < 2 ? n : n - held;
}

int ll_sdet_check_data(const struct ll_sdet_cfg *c, const float *X, size_t n, size_t d, struct ll_err *err)
{
	int rc = ll_sdet_check(c, err);
	if (rc)
		return rc;
	if (n < 2 || d < 1)
		return ll_err_set(err, LL_EDATA, "detector: the training series has %zu steps of %zu values (needs 2+)", n,
				  d);
	/* a window longer than the series is mostly step 0 repeated (the
	 * padding of window_at): it learns nothing a shorter one would not,
	 * and its cost grows with the window times the 2000 updates a short
	 * series is trained for (an LSTM window of 1000 over 14 steps ran for
	 * minutes) */
	if (c->kind != LL_SDET_KMEANS && c->window > n)
		return ll_err_set(err, LL_EDATA,
				  "window: %zu steps is longer than the training series (%zu steps); give a window of "
				  "at most %zu",
				  c->window, n, n);
	return check_finite(X, n, d, err);
}

int ll_sdet_fit(const struct ll_sdet_cfg *c, const float *X, size_t n, size_t d, atomic_int *cancel,
		struct ll_sdet **out, struct ll_err *err)
{
	*out = NULL;
	int rc = ll_sdet_check_data(c, X, n, d, err);
	if (rc)
		return rc;
	struct ll_sdet *s = calloc(1, sizeof *s);
	if (!s)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	s->cfg = *c;
	s->d = d;
	s->loss = NAN;
	s->cap = NAN; /* the threshold comes from the scores without memory */
	/* the model fits the first nfit steps; the held-out rest says how large
	 * its errors are on steps it did not see, which is what a test series
	 * is (in-sample errors are smaller and would make every test step look
	 * anomalous) */
	size_t nfit = s->nfit = ll_sdet_fit_steps(n, c->holdout), from = nfit < n ? nfit : 0;
	s->mu = calloc(d, sizeof *s->mu);
	s->sd = calloc(d, sizeof *s->sd);
	s->med = calloc(d, sizeof *s->med);
	s->scale = calloc(d, sizeof *s->scale);
	s->floored = calloc(d, sizeof *s->floored);
	float *absr = malloc(n * d * sizeof *absr);
	double *raw = malloc(n * sizeof *raw);
	if (!s->mu || !s->sd || !s->floored || !s->med || !s->scale || !absr || !raw) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t j = 0; j < d; j++) {
		double m = 0, v = 0;
		for (size_t t = 0; t < nfit; t++)
			m += X[t * d + j];
		m /= (double)nfit;
		for (size_t t = 0; t < nfit; t++)
			v += (X[t * d + j] - m) * (X[t * d + j] - m);
		double sd = sqrt(v / (double)nfit), fl = 1e-2 * (fabs(m) > 1 ? fabs(m) : 1);
		s->mu[j] = (float)m;
		s->sd[j] = (float)(sd > fl ? sd : fl);
		s->floored[j] = sd > fl ? 0 : 1;
	}
	rc = c->kind == LL_SDET_AE ? fit_ae(s, X, nfit, cancel, err)
	   : c->kind == LL_SDET_LSTM ? fit_lstm(s, X, nfit, cancel, err)
				     : fit_kmeans(s, X, nfit, err);
	if (rc)
		goto done;
	if (cancel && atomic_load(cancel)) {
		rc = ll_err_set(err, LL_ECANCEL, "cancelled");
		goto done;
	}
	if ((rc = score_series(s, X, n, NULL, NULL, absr, err)) != LL_OK ||
	    (rc = error_stats(s, absr, from, n, err)) != LL_OK ||
	    (rc = score_series(s, X, n, raw, NULL, NULL, err)) != LL_OK)
		goto done;
	/* the threshold from the held-out steps' scores too */
	rc = ll_detect_fit(&c->cal, raw + from, n - from, &s->cal, err);
	if (rc == LL_OK)
		s->cap = ll_sdet_raw_threshold(s);
done:
	free(absr);
	free(raw);
	if (rc) {
		ll_sdet_free(s);
		return rc;
	}
	*out = s;
	return LL_OK;
}

size_t ll_sdet_fitted_steps(const struct ll_sdet *s) { return s->nfit; }

int ll_sdet_floored(const struct ll_sdet *s, size_t j) { return j < s->d && s->floored[j] > 0; }

int ll_sdet_score(struct ll_sdet *s, const float *X, size_t n, size_t d, double *raw, double *score, float *dims,
		  struct ll_err *err)
{
	if (d != s->d)
		return ll_err_set(err, LL_EDATA, "the series has %zu dimensions, the detector was trained on %zu", d, s->d);
	if (n == 0)
		return LL_OK;
	int rc = check_finite(X, n, d, err);
	if (rc)
		return rc;
	double *r = raw ? raw : malloc(n * sizeof *r);
	if (!r)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	rc = score_series(s, X, n, r, dims, NULL, err);
	if (rc == LL_OK && score)
		ll_detect_score(s->cal, r, n, score);
	if (r != raw)
		free(r);
	return rc;
}

int ll_sdet_save(const struct ll_sdet *s, const char *path, const char *fingerprint, struct ll_err *err)
{
	struct ll_mio *f;
	int rc = ll_mio_new("sdet", fingerprint, &f, err);
	if (rc)
		return rc;
	const struct ll_sdet_cfg *c = &s->cfg;
	int64_t shape[7] = {(int64_t)c->kind, (int64_t)s->d, (int64_t)c->window, (int64_t)c->k, (int64_t)c->epochs,
			    (int64_t)c->batch, (int64_t)c->seed};
	double fit[3] = {c->lr, (double)s->epochs, s->loss};
	double sc[5] = {c->holdout, (double)c->smooth, (double)c->topk, (double)s->nfit, (double)c->scale};
	double mem[3] = {(double)c->memory, c->memory_weight, s->cap}, cap = c->floor_cap;
	if (!(rc = ll_mio_put(f, "sdet_shape", LL_MIO_I64, shape, 7, err)) &&
	    !(rc = ll_mio_put(f, "sdet_fit", LL_MIO_F64, fit, 3, err)) &&
	    !(rc = ll_mio_put(f, "sdet_score", LL_MIO_F64, sc, 5, err)) &&
	    !(rc = ll_mio_put(f, "sdet_memory", LL_MIO_F64, mem, 3, err)) &&
	    !(rc = ll_mio_put(f, "mu", LL_MIO_F32, s->mu, s->d, err)) &&
	    !(rc = ll_mio_put(f, "sd", LL_MIO_F32, s->sd, s->d, err)) &&
	    !(rc = ll_mio_put(f, "err_med", LL_MIO_F32, s->med, s->d, err)) &&
	    !(rc = ll_mio_put(f, "err_scale", LL_MIO_F32, s->scale, s->d, err)) &&
	    !(rc = ll_mio_put(f, "floor_cap", LL_MIO_F64, &cap, 1, err)) &&
	    !(rc = ll_mio_put(f, "floored", LL_MIO_F32, s->floored, s->d, err)) && !(rc = ll_detect_put(s->cal, f, err)))
		rc = s->ae   ? ll_ae_put(s->ae, f, err)
		   : s->fc ? ll_fcast_put(s->fc, f, err)
			   : ll_mio_put(f, "centres", LL_MIO_F32, s->centres, c->k * s->d, err);
	if (!rc)
		rc = ll_mio_write(f, path, err);
	ll_mio_free(f);
	return rc;
}

int ll_sdet_load(const char *path, const char *fingerprint, struct ll_sdet **out, struct ll_err *err)
{
	*out = NULL;
	struct ll_mio *f;
	int rc = ll_mio_read(path, "sdet", fingerprint, &f, err);
	if (rc)
		return rc;
	struct ll_sdet *s = calloc(1, sizeof *s);
	int64_t shape[7];
	double fit[3], sc[5];
	if (!s) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = ll_mio_get(f, "sdet_shape", LL_MIO_I64, shape, 7, err)) ||
	    (rc = ll_mio_get(f, "sdet_fit", LL_MIO_F64, fit, 3, err)))
		goto done;
	/* files of the in-sample scoring (before the held-out scale) lack it */
	if (ll_mio_get(f, "sdet_score", LL_MIO_F64, sc, 5, err) != LL_OK) {
		rc = ll_err_set(err, LL_EDATA, "%s: a detector of an earlier loglab (no held-out error scale): train it again",
				path);
		goto done;
	}
	if ((shape[0] != LL_SDET_AE && shape[0] != LL_SDET_KMEANS && shape[0] != LL_SDET_LSTM) || shape[1] < 1 || shape[1] > (1 << 20) ||
	    shape[2] < 1 || shape[2] > 1000 || shape[3] < 1 || shape[3] > (1 << 20)) {
		rc = ll_err_set(err, LL_EDATA, "%s: detector shape out of range", path);
		goto done;
	}
	ll_sdet_defaults(&s->cfg, (enum ll_sdet_kind)shape[0]);
	s->d = (size_t)shape[1];
	s->cfg.window = (size_t)shape[2];
	s->cfg.k = (size_t)shape[3];
	s->cfg.epochs = (int)shape[4];
	s->cfg.batch = (size_t)shape[5];
	s->cfg.seed = (uint64_t)shape[6];
	s->cfg.lr = fit[0];
	s->epochs = (int)fit[1];
	s->loss = fit[2];
	s->cfg.holdout = sc[0];
	s->cfg.scale = sc[4] == 1 ? LL_SDET_SCALE_IQR : LL_SDET_SCALE_RMS;
	if (!(sc[1] >= 1 && sc[1] <= 10000 && sc[2] >= 0 && sc[2] <= 1e6 && sc[3] >= 0 && (sc[4] == 0 || sc[4] == 1) &&
	      ll_sdet_check(&s->cfg, err) == LL_OK)) {
		rc = ll_err_set(err, LL_EDATA, "%s: detector scoring settings out of range", path);
		goto done;
	}
	s->cfg.smooth = (size_t)sc[1];
	s->cfg.topk = (size_t)sc[2];
	s->nfit = (size_t)sc[3];
	/* a file from before the score's memory was calibrated without it */
	double mem[3] = {0, 0, NAN};
	struct ll_err scratch;
	if (ll_mio_get(f, "sdet_memory", LL_MIO_F64, mem, 3, &scratch) != LL_OK) {
		mem[0] = mem[1] = 0;
		mem[2] = NAN;
	}
	if (!(mem[0] >= 0 && mem[0] <= 100000 && mem[1] >= 0 && mem[1] <= 1 && !isinf(mem[2]))) {
		rc = ll_err_set(err, LL_EDATA, "%s: detector memory settings out of range", path);
		goto done;
	}
	s->cfg.memory = (size_t)mem[0];
	s->cfg.memory_weight = mem[1];
	s->cap = mem[2];
	s->mu = malloc(s->d * sizeof *s->mu);
	s->sd = malloc(s->d * sizeof *s->sd);
	s->med = malloc(s->d * sizeof *s->med);
	s->scale = malloc(s->d * sizeof *s->scale);
	s->floored = calloc(s->d, sizeof *s->floored);
	if (!s->mu || !s->sd || !s->med || !s->scale || !s->floored) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = ll_mio_get(f, "mu", LL_MIO_F32, s->mu, s->d, err)) ||
	    (rc = ll_mio_get(f, "sd", LL_MIO_F32, s->sd, s->d, err)) ||
	    (rc = ll_mio_get(f, "err_med", LL_MIO_F32, s->med, s->d, err)) ||
	    (rc = ll_mio_get(f, "err_scale", LL_MIO_F32, s->scale, s->d, err)) ||
	    (rc = ll_detect_get(f, path, &s->cal, err)))
		goto done;
	s->cfg.cal = s->cal->cfg;
	/* a file from before the bound on floored metrics scores as it did:
	 * no bound */
	double cap = 0;
	if (ll_mio_get(f, "floor_cap", LL_MIO_F64, &cap, 1, &scratch) == LL_OK &&
	    (rc = ll_mio_get(f, "floored", LL_MIO_F32, s->floored, s->d, err)) != LL_OK)
		goto done;
	s->cfg.floor_cap = cap;
	if (ll_sdet_check(&s->cfg, err) != LL_OK) {
		rc = ll_err_set(err, LL_EDATA, "%s: detector floor_cap out of range", path);
		goto done;
	}
	for (size_t j = 0; j < s->d; j++)
		if (!(s->sd[j] > 0) || !(s->scale[j] > 0) || !isfinite(s->mu[j]) || !isfinite(s->med[j])) {
			rc = ll_err_set(err, LL_EDATA, "%s: dimension %zu has a bad scale", path, j + 1);
			goto done;
		}
	if (s->cfg.kind == LL_SDET_AE) {
		if ((rc = ll_ae_get(f, path, &s->ae, err)) != LL_OK)
			goto done;
		if (ll_ae_inputs(s->ae) != s->cfg.window * s->d)
			rc = ll_err_set(err, LL_EDATA, "%s: autoencoder of %zu inputs for windows of %zu x %zu", path,
					ll_ae_inputs(s->ae), s->cfg.window, s->d);
		s->cfg.hidden = ll_ae_hidden(s->ae);
	} else if (s->cfg.kind == LL_SDET_LSTM) {
		if ((rc = ll_fcast_get(f, path, &s->fc, err)) != LL_OK)
			goto done;
		if (ll_fcast_dims(s->fc) != s->d || ll_fcast_window(s->fc) != s->cfg.window)
			rc = ll_err_set(err, LL_EDATA, "%s: forecaster of %zu x %zu for windows of %zu x %zu", path,
					ll_fcast_window(s->fc), ll_fcast_dims(s->fc), s->cfg.window, s->d);
		s->cfg.hidden = ll_fcast_hidden(s->fc);
	} else {
		if (!(s->centres = malloc(s->cfg.k * s->d * sizeof *s->centres)))
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		else
			rc = ll_mio_get(f, "centres", LL_MIO_F32, s->centres, s->cfg.k * s->d, err);
	}
done:
	ll_mio_free(f);
	if (rc) {
		ll_sdet_free(s);
		return rc;
	}
	*out = s;
	return LL_OK;
}
