/*
 * ll_detect.c - calibration of raw anomaly scores (empirical body, GPD
 * tail), held evidence, thresholds, and their file (see ll_detect.h).
 */
#include "ll_detect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ll_model_io.h"

/* Points of the quantile table (the body of the distribution). */
#define NQ_MAX 2049
/* Fewer distinct excesses than this: an exponential tail. */
#define GPD_MIN 10

void ll_detect_defaults(struct ll_detect_cfg *cfg)
{
	cfg->method = LL_THRESH_POT;
	cfg->risk = 1e-3;
	cfg->level = 0.98;
	cfg->percentile = 99;
	cfg->hold = 0.5;
	cfg->hold_decay = 0.005;
}

int ll_detect_check(const struct ll_detect_cfg *c, struct ll_err *err)
{
	if (c->method != LL_THRESH_POT && c->method != LL_THRESH_PERCENTILE)
		return ll_err_set(err, LL_EUSAGE, "threshold: unknown method %d (pot or percentile)", (int)c->method);
	if (!(c->risk > 0 && c->risk < 0.5))
		return ll_err_set(err, LL_EUSAGE, "risk: must be in (0, 0.5), got %g", c->risk);
	if (!(c->level >= 0.5 && c->level < 1))
		return ll_err_set(err, LL_EUSAGE, "level: must be in [0.5, 1), got %g", c->level);
	if (!(c->percentile > 0 && c->percentile < 100))
		return ll_err_set(err, LL_EUSAGE, "percentile: must be in (0, 100), got %g", c->percentile);
	if (!(c->hold >= 0 && c->hold <= 1))
		return ll_err_set(err, LL_EUSAGE, "hold: must be in [0, 1], got %g", c->hold);
	if (!(c->hold_decay > 0) || !isfinite(c->hold_decay))
		return ll_err_set(err, LL_EUSAGE, "hold_decay: must be a positive number of nats per step, got %g",
				  c->hold_decay);
	return LL_OK;
}

int ll_thresh_method_parse(const char *s)
{
	if (strcmp(s, "pot") == 0)
		return LL_THRESH_POT;
	if (strcmp(s, "percentile") == 0)
		return LL_THRESH_PERCENTILE;
	return -1;
}

const char *ll_thresh_method_name(enum ll_thresh_method m)
{
	return m == LL_THRESH_PERCENTILE ? "percentile" : "pot";
}

void ll_detect_free(struct ll_detect *d)
{
	if (!d)
		return;
	free(d->q);
	free(d);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* numpy's default ("linear") quantile of sorted v at probability p. */
static double quantile(const double *v, size_t n, double p)
{
	double pos = p * (double)(n - 1);
	size_t i = (size_t)floor(pos);
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - (double)i) * (v[i + 1] - v[i]);
}

/* Profile log-likelihood of the GPD at theta = gamma / sigma (divided by
 * n); -inf where some 1 + theta y <= 0. */
static double profile(const double *y, size_t n, double theta, double *gamma)
{
	double s = 0;
	for (size_t i = 0; i < n; i++) {
		double z = 1 + theta * y[i];
		if (!(z > 0))
			return -INFINITY;
		s += log(z);
	}
	double g = s / (double)n;
	*gamma = g;
	if (!(g / theta > 0))
		return -INFINITY;
	return -log(g / theta) - g - 1;
}

void ll_gpd_fit(const double *y, size_t n, double *gamma, double *sigma)
{
	double mean = 0, ymax = 0;
	for (size_t i = 0; i < n; i++) {
		mean += y[i];
		if (y[i] > ymax)
			ymax = y[i];
	}
	mean = n ? mean / (double)n : 0;
	/* the exponential (theta -> 0) is the baseline the search must beat */
	*gamma = 0;
	*sigma = mean > 0 ? mean : 1e-300;
	if (n < GPD_MIN || !(mean > 0))
		return;
	double best = -log(mean) - 1, best_t = 0, g;
	/* a grid over theta: negative (a bounded tail) up to -1 / ymax, and
	 * positive (a heavy tail) from 1e-6 to 1e6 in units of 1 / mean */
	enum { NG = 120 };
	double grid[2 * NG];
	for (int j = 0; j < NG; j++) {
		grid[j] = -(1.0 - pow(10.0, -(double)(j + 1) / 12.0)) / ymax;
		grid[NG + j] = pow(10.0, -6.0 + 12.0 * (double)j / (NG - 1)) / mean;
	}
	int bi = -1;
	for (int j = 0; j < 2 * NG; j++) {
		double l = profile(y, n, grid[j], &g);
		if (l > best) {
			best = l;
			best_t = grid[j];
			bi = j;
		}
	}
	if (bi >= 0) {
		/* golden-section refinement between the best point's neighbours */
		double a = bi > 0 && (bi != NG) ? grid[bi - 1] : grid[bi] * (grid[bi] < 0 ? 1.5 : 0.5);
		double b = bi + 1 < 2 * NG && bi + 1 != NG ? grid[bi + 1] : grid[bi] * (grid[bi] < 0 ? 0.5 : 1.5);
		if (a > b) {
			double t = a;
			a = b;
			b = t;
		}
		const double r = 0.6180339887498949;
		double c = b - r * (b - a), d = a + r * (b - a);
		double fc = profile(y, n, c, &g), fd = profile(y, n, d, &g);
		for (int it = 0; it < 100 && b - a > 1e-12 * fabs(best_t); it++) {
			if (fc > fd) {
				b = d, d = c, fd = fc;
				c = b - r * (b - a);
				fc = profile(y, n, c, &g);
			} else {
				a = c, c = d, fc = fd;
				d = a + r * (b - a);
				fd = profile(y, n, d, &g);
			}
		}
		double t = 0.5 * (a + b), l = profile(y, n, t, &g);
		if (l > best) {
			best = l;
			best_t = t;
		}
		profile(y, n, best_t, &g);
		if (best_t != 0 && g / best_t > 0) {
			*gamma = g;
			*sigma = g / best_t;
		}
	}
}

double ll_detect_surprise(const struct ll_detect *d, double raw)
{
	if (!(raw == raw))
		return NAN;
	double surv;
	if (raw > d->t0) {
		double x = raw - d->t0;
		if (d->gamma == 0) {
			surv = d->tail * exp(-x / d->sigma);
		} else {
			double z = 1 + d->gamma * x / d->sigma;
			/* a bounded tail (gamma < 0) ends at t0 - sigma / gamma: past
			 * its end the score is as surprising as the model allows */
			surv = z > 0 ? d->tail * pow(z, -1.0 / d->gamma) : 0;
		}
	} else {
		/* the body: the fraction of training scores above raw, from the table */
		const double *q = d->q;
		size_t lo = 0, hi = d->nq - 1;
		double F;
		if (raw <= q[0]) {
			F = 0;
		} else if (raw >= q[hi]) {
			F = 1;
		} else {
			while (hi - lo > 1) {
				size_t mid = (lo + hi) / 2;
				if (q[mid] <= raw)
					lo = mid;
				else
					hi = mid;
			}
			double w = q[hi] > q[lo] ? (raw - q[lo]) / (q[hi] - q[lo]) : 1;
			F = ((double)lo + w) / (double)(d->nq - 1);
		}
		surv = 1 - F;
		if (surv < d->tail)
			surv = d->tail;
	}
	if (surv < 1e-300)
		surv = 1e-300;
	return -log(surv);
}

void ll_detect_score(const struct ll_detect *d, const double *raw, size_t n, double *out)
{
	double h = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		double u = ll_detect_surprise(d, raw[i]);
		if (u != u) {
			out[i] = u;
			continue;
		}
		h = u > h - d->cfg.hold_decay ? u : h - d->cfg.hold_decay;
		double held = d->cfg.hold * h;
		out[i] = held > u ? held : u;
	}
}

int ll_detect_fit(const struct ll_detect_cfg *cfg, const double *raw, size_t n, struct ll_detect **out,
		  struct ll_err *err)
{
	*out = NULL;
	int rc = ll_detect_check(cfg, err);
	if (rc)
		return rc;
	if (n == 0)
		return ll_err_set(err, LL_EDATA, "detector: no training scores to calibrate on");
	for (size_t i = 0; i < n; i++)
		if (!isfinite(raw[i]))
			return ll_err_set(err, LL_EDATA, "detector: training sample %zu has a score that is not finite", i + 1);
	struct ll_detect *d = calloc(1, sizeof *d);
	double *v = malloc(n * sizeof *v), *ex = malloc(n * sizeof *ex), *s = malloc(n * sizeof *s);
	size_t nq = n < NQ_MAX ? n : NQ_MAX;
	if (d)
		d->q = malloc((nq > 1 ? nq : 2) * sizeof *d->q);
	if (!d || !v || !ex || !s || !d->q) {
		free(v);
		free(ex);
		free(s);
		ll_detect_free(d);
		return ll_err_set(err, LL_ENOMEM, "detector: out of memory for %zu scores", n);
	}
	d->cfg = *cfg;
	d->ntrain = n;
	memcpy(v, raw, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_double);
	if (nq < 2) {
		d->q[0] = d->q[1] = v[0];
		nq = 2;
	} else {
		for (size_t k = 0; k < nq; k++)
			d->q[k] = quantile(v, n, (double)k / (double)(nq - 1));
	}
	d->nq = nq;
	d->t0 = quantile(v, n, cfg->level);
	size_t ne = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i] > d->t0)
			ex[ne++] = v[i] - d->t0;
	/* the tail's share: at least one sample's worth, so a constant series
	 * (no excess at all) still has a finite, steep tail */
	d->tail = (double)(ne ? ne : 1) / (double)n;
	ll_gpd_fit(ex, ne, &d->gamma, &d->sigma);
	if (ne == 0) {
		/* every training score is at or below t0: any higher score is new */
		double spread = d->q[nq - 1] - d->q[0];
		d->sigma = spread > 0 ? spread / (double)n : fabs(d->t0) > 0 ? fabs(d->t0) * 1e-6 : 1e-12;
	}
	if (cfg->method == LL_THRESH_POT) {
		d->threshold = -log(cfg->risk);
	} else {
		ll_detect_score(d, raw, n, s);
		qsort(s, n, sizeof *s, cmp_double);
		d->threshold = quantile(s, n, cfg->percentile / 100.0);
	}
	free(v);
	free(ex);
	free(s);
	*out = d;
	return LL_OK;
}

/* ---- model file ----
 * kind "detector"; sections:
 *   "cfg"    f64[6]: method, risk, level, percentile, hold, hold_decay
 *   "tail"   f64[5]: t0, gamma, sigma, tail, threshold
 *   "ntrain" i64[1]
 *   "quant"  f64[nq]: the quantile table
 */
int ll_detect_put(const struct ll_detect *d, struct ll_mio *f, struct ll_err *err)
{
	const struct ll_detect_cfg *c = &d->cfg;
	double cf[6] = {(double)c->method, c->risk, c->level, c->percentile, c->hold, c->hold_decay};
	double tl[5] = {d->t0, d->gamma, d->sigma, d->tail, d->threshold};
	int64_t nt = (int64_t)d->ntrain;
	int rc;
	if (!(rc = ll_mio_put(f, "cfg", LL_MIO_F64, cf, 6, err)) && !(rc = ll_mio_put(f, "tail", LL_MIO_F64, tl, 5, err)) &&
	    !(rc = ll_mio_put(f, "ntrain", LL_MIO_I64, &nt, 1, err)))
		rc = ll_mio_put(f, "quant", LL_MIO_F64, d->q, d->nq, err);
	return rc;
}

int ll_detect_save(const struct ll_detect *d, const char *path, const char *fingerprint, struct ll_err *err)
{
	struct ll_mio *f;
	int rc = ll_mio_new("detector", fingerprint, &f, err);
	if (rc)
		return rc;
	if (!(rc = ll_detect_put(d, f, err)))
		rc = ll_mio_write(f, path, err);
	ll_mio_free(f);
	return rc;
}

int ll_detect_get(const struct ll_mio *f, const char *path, struct ll_detect **out, struct ll_err *err)
{
	*out = NULL;
	int rc = LL_OK;
	struct ll_detect *d = calloc(1, sizeof *d);
	double cf[6], tl[5];
	int64_t nt = 0;
	long long nq = ll_mio_count(f, "quant", LL_MIO_F64);
	if (!d)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (nq < 2 || nq > NQ_MAX) {
		rc = ll_err_set(err, LL_EDATA, "%s: bad or missing 'quant' section", path);
		goto done;
	}
	if (!(d->q = malloc((size_t)nq * sizeof *d->q))) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	if ((rc = ll_mio_get(f, "cfg", LL_MIO_F64, cf, 6, err)) || (rc = ll_mio_get(f, "tail", LL_MIO_F64, tl, 5, err)) ||
	    (rc = ll_mio_get(f, "ntrain", LL_MIO_I64, &nt, 1, err)) ||
	    (rc = ll_mio_get(f, "quant", LL_MIO_F64, d->q, (size_t)nq, err)))
		goto done;
	d->nq = (size_t)nq;
	d->cfg.method = cf[0] == 1 ? LL_THRESH_PERCENTILE : LL_THRESH_POT;
	d->cfg.risk = cf[1];
	d->cfg.level = cf[2];
	d->cfg.percentile = cf[3];
	d->cfg.hold = cf[4];
	d->cfg.hold_decay = cf[5];
	d->t0 = tl[0];
	d->gamma = tl[1];
	d->sigma = tl[2];
	d->tail = tl[3];
	d->threshold = tl[4];
	d->ntrain = nt > 0 ? (size_t)nt : 0;
	struct ll_err sub;
	int ok = ll_detect_check(&d->cfg, &sub) == LL_OK && isfinite(d->t0) && isfinite(d->gamma) && d->sigma > 0 &&
		 isfinite(d->sigma) && d->tail > 0 && d->tail <= 1 && isfinite(d->threshold) && nt > 0;
	for (size_t k = 0; ok && k < d->nq; k++)
		ok = isfinite(d->q[k]) && (k == 0 || d->q[k] >= d->q[k - 1]);
	if (!ok)
		rc = ll_err_set(err, LL_EDATA, "%s: inconsistent detector calibration (non-finite or out-of-range values)",
				path);
done:
	if (rc) {
		ll_detect_free(d);
		return rc;
	}
	*out = d;
	return LL_OK;
}

int ll_detect_load(const char *path, const char *fingerprint, struct ll_detect **out, struct ll_err *err)
{
	*out = NULL;
	struct ll_mio *f;
	int rc = ll_mio_read(path, "detector", fingerprint, &f, err);
	if (rc)
		return rc;
	rc = ll_detect_get(f, path, out, err);
	ll_mio_free(f);
	return rc;
}
