/*
 * ll_sdet.c - the series detectors of ll_sdet.h: standardisation, the
 * autoencoder's training task (windows gathered per batch, trained by
 * ll_train.h's loop) or k-means through its public API, residuals per
 * dimension, calibration, and the model file.
 */
#include "ll_sdet.h"

#include "ll_ae.h"
#include "ll_kmeans.h"
#include "ll_model_io.h"
#include "ll_train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RES_FLOOR 0.05 /* RMS residual floor, in training standard deviations */
#define MIN_UPDATES 2000 /* autoencoder: the fewest optimiser steps */

struct ll_sdet {
	struct ll_sdet_cfg cfg;
	size_t d;
	float *mu, *sd, *rms;   /* d each */
	struct ll_ae *ae;       /* ae */
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
	c->window = 5;
	c->hidden = 0;
	c->epochs = 10;
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
	if (c->kind != LL_SDET_AE && c->kind != LL_SDET_KMEANS)
		return ll_err_set(err, LL_EUSAGE, "detector: unknown kind %d (ae or kmeans)", (int)c->kind);
	if (c->window < 1 || c->window > 1000)
		return ll_err_set(err, LL_EUSAGE, "window: must be 1..1000 (got %zu)", c->window);
	if (c->hidden > 65536)
		return ll_err_set(err, LL_EUSAGE, "hidden: must be 0..65536 (got %zu)", c->hidden);
	if (c->epochs < 1 || c->epochs > 10000)
		return ll_err_set(err, LL_EUSAGE, "epochs: must be 1..10000 (got %d)", c->epochs);
	if (c->batch < 1)
		return ll_err_set(err, LL_EUSAGE, "batch: must be >= 1");
	if (!(c->lr > 0) || !isfinite(c->lr))
		return ll_err_set(err, LL_EUSAGE, "lr: must be > 0 (got %g)", c->lr);
	if (c->k < 1)
		return ll_err_set(err, LL_EUSAGE, "k: must be >= 1");
	return ll_detect_check(&c->cal, err);
}

int ll_sdet_kind_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "ae") == 0)
		return LL_SDET_AE;
	if (strcmp(s, "kmeans") == 0)
		return LL_SDET_KMEANS;
	return -1;
}

const char *ll_sdet_kind_name(enum ll_sdet_kind k)
{
	return k == LL_SDET_KMEANS ? "kmeans" : "ae";
}

void ll_sdet_free(struct ll_sdet *s)
{
	if (!s)
		return;
	free(s->mu);
	free(s->sd);
	free(s->rms);
	ll_ae_free(s->ae);
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

/* ---- the autoencoder's training task ---- */

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

static int fit_ae(struct ll_sdet *s, const float *X, size_t n, atomic_int *cancel, struct ll_err *err)
{
	const struct ll_sdet_cfg *c = &s->cfg;
	size_t in = c->window * s->d, batch = c->batch < n ? c->batch : n;
	int rc = ll_ae_new(in, ae_hidden(c, s->d), c->seed, &s->ae, err);
	if (rc)
		return rc;
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
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	/* at least MIN_UPDATES batches: a short series (NAB's probationary
	 * 15%: a few batches an epoch) would otherwise stop far from
	 * converged; a long one (SMD: ~185 an epoch) runs its epochs */
	size_t per = (n + batch - 1) / batch, need = (MIN_UPDATES + per - 1) / per;
	tc.epochs = need > (size_t)c->epochs ? (need > 10000 ? 10000 : (int)need) : c->epochs;
	tc.batch = batch;
	tc.seed = c->seed;
	tc.optim.lr = (float)c->lr;
	tc.cancel = cancel;
	struct ll_train_result res;
	memset(&res, 0, sizeof res);
	rc = ll_train_run(&task, &tc, &res, err);
	s->epochs = res.epochs_done;
	s->loss = res.n_hist ? res.hist_loss[res.n_hist - 1] : NAN;
	ll_train_result_free(&res);
	free(ctx.in);
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

/* Residuals (reconstruction - standardised step) of steps [t0, t0 + nb)
 * into R (nb x d). */
enum { BLOCK = 256 };

static int ensure_buf(struct ll_sdet *s, struct ll_err *err)
{
	size_t need = 2 * BLOCK * s->cfg.window * s->d + BLOCK * s->d;
	if (s->bufrows >= need)
		return LL_OK;
	float *b = realloc(s->buf, need * sizeof *b);
	if (!b)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	s->buf = b;
	s->bufrows = need;
	return s->ae ? ll_ae_reserve(s->ae, BLOCK, err) : LL_OK;
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

/* Raw scores and contributions of the whole series; with rms NULL the
 * squared residuals are summed per dimension into acc (d) instead. */
static int score_series(struct ll_sdet *s, const float *X, size_t n, double *raw, float *dims, double *acc,
			struct ll_err *err)
{
	size_t d = s->d;
	int rc = ensure_buf(s, err);
	if (rc)
		return rc;
	float *R = s->buf + 2 * BLOCK * s->cfg.window * d;
	for (size_t t0 = 0; t0 < n; t0 += BLOCK) {
		size_t nb = n - t0 < BLOCK ? n - t0 : BLOCK;
		if ((rc = residuals(s, X, t0, nb, R, err)) != LL_OK)
			return rc;
		for (size_t b = 0; b < nb; b++) {
			double sum = 0;
			for (size_t j = 0; j < d; j++) {
				double r = R[b * d + j];
				if (acc) {
					acc[j] += r * r;
					continue;
				}
				double c = (r / s->rms[j]) * (r / s->rms[j]);
				sum += c;
				if (dims)
					dims[(t0 + b) * d + j] = (float)c;
			}
			if (raw)
				raw[t0 + b] = sum / (double)d;
		}
	}
	return LL_OK;
}

int ll_sdet_fit(const struct ll_sdet_cfg *c, const float *X, size_t n, size_t d, atomic_int *cancel,
		struct ll_sdet **out, struct ll_err *err)
{
	*out = NULL;
	int rc = ll_sdet_check(c, err);
	if (rc)
		return rc;
	if (n < 2 || d < 1)
		return ll_err_set(err, LL_EDATA, "detector: the training series has %zu steps of %zu values (needs 2+)", n,
				  d);
	if ((rc = check_finite(X, n, d, err)) != LL_OK)
		return rc;
	struct ll_sdet *s = calloc(1, sizeof *s);
	if (!s)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	s->cfg = *c;
	s->d = d;
	s->loss = NAN;
	s->mu = calloc(d, sizeof *s->mu);
	s->sd = calloc(d, sizeof *s->sd);
	s->rms = calloc(d, sizeof *s->rms);
	double *acc = calloc(d, sizeof *acc), *raw = malloc(n * sizeof *raw);
	if (!s->mu || !s->sd || !s->rms || !acc || !raw) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t j = 0; j < d; j++) {
		double m = 0, v = 0;
		for (size_t t = 0; t < n; t++)
			m += X[t * d + j];
		m /= (double)n;
		for (size_t t = 0; t < n; t++)
			v += (X[t * d + j] - m) * (X[t * d + j] - m);
		double sd = sqrt(v / (double)n), fl = 1e-2 * (fabs(m) > 1 ? fabs(m) : 1);
		s->mu[j] = (float)m;
		s->sd[j] = (float)(sd > fl ? sd : fl);
	}
	rc = c->kind == LL_SDET_AE ? fit_ae(s, X, n, cancel, err) : fit_kmeans(s, X, n, err);
	if (rc)
		goto done;
	if (cancel && atomic_load(cancel)) {
		rc = ll_err_set(err, LL_ECANCEL, "cancelled");
		goto done;
	}
	if ((rc = score_series(s, X, n, NULL, NULL, acc, err)) != LL_OK)
		goto done;
	for (size_t j = 0; j < d; j++) {
		double r = sqrt(acc[j] / (double)n);
		s->rms[j] = (float)(r > RES_FLOOR ? r : RES_FLOOR);
	}
	if ((rc = score_series(s, X, n, raw, NULL, NULL, err)) != LL_OK)
		goto done;
	rc = ll_detect_fit(&c->cal, raw, n, &s->cal, err);
done:
	free(acc);
	free(raw);
	if (rc) {
		ll_sdet_free(s);
		return rc;
	}
	*out = s;
	return LL_OK;
}

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
	if (!(rc = ll_mio_put(f, "sdet_shape", LL_MIO_I64, shape, 7, err)) &&
	    !(rc = ll_mio_put(f, "sdet_fit", LL_MIO_F64, fit, 3, err)) &&
	    !(rc = ll_mio_put(f, "mu", LL_MIO_F32, s->mu, s->d, err)) &&
	    !(rc = ll_mio_put(f, "sd", LL_MIO_F32, s->sd, s->d, err)) &&
	    !(rc = ll_mio_put(f, "rms", LL_MIO_F32, s->rms, s->d, err)) && !(rc = ll_detect_put(s->cal, f, err)))
		rc = s->ae ? ll_ae_put(s->ae, f, err) : ll_mio_put(f, "centres", LL_MIO_F32, s->centres, c->k * s->d, err);
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
	double fit[3];
	if (!s) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = ll_mio_get(f, "sdet_shape", LL_MIO_I64, shape, 7, err)) ||
	    (rc = ll_mio_get(f, "sdet_fit", LL_MIO_F64, fit, 3, err)))
		goto done;
	if ((shape[0] != LL_SDET_AE && shape[0] != LL_SDET_KMEANS) || shape[1] < 1 || shape[1] > (1 << 20) ||
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
	s->mu = malloc(s->d * sizeof *s->mu);
	s->sd = malloc(s->d * sizeof *s->sd);
	s->rms = malloc(s->d * sizeof *s->rms);
	if (!s->mu || !s->sd || !s->rms) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = ll_mio_get(f, "mu", LL_MIO_F32, s->mu, s->d, err)) ||
	    (rc = ll_mio_get(f, "sd", LL_MIO_F32, s->sd, s->d, err)) ||
	    (rc = ll_mio_get(f, "rms", LL_MIO_F32, s->rms, s->d, err)) || (rc = ll_detect_get(f, path, &s->cal, err)))
		goto done;
	s->cfg.cal = s->cal->cfg;
	for (size_t j = 0; j < s->d; j++)
		if (!(s->sd[j] > 0) || !(s->rms[j] > 0) || !isfinite(s->mu[j])) {
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
