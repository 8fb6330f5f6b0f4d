/*
 * ll_detect.h - turning a detector's raw scores (a k-means distance, a
 * forecast error) into calibrated anomaly scores over time, and the alarm
 * threshold, all from the scores of the training series (no labels).
 *
 * Calibration. The raw scores of the training samples give the survival
 * function S(x) = P(raw > x) of normal behaviour: empirical (a table of
 * quantiles) below t0, the `level` quantile (0.98), and above it the
 * generalised Pareto tail fitted by maximum likelihood to the excesses
 * over t0, as the POT method of Siffer et al. ("Anomaly detection in
 * streams with extreme value theory", KDD 2017) does:
 *   S(x) = (n_t / n) (1 + gamma (x - t0) / sigma)^(-1/gamma)   (x > t0).
 * A sample's surprise is u = -ln S(raw): how improbable a score at least
 * this high is under normal behaviour, in nats. The tail keeps growing past
 * the largest training score, so the worst anomalies stay apart.
 *
 * Evidence held over time. An anomaly is an episode, and the points of a
 * labelled episode are not all extreme; a step's score therefore also
 * counts, discounted, the strongest recent surprise:
 *   h_t = max(u_t, h_{t-1} - hold_decay),   score_t = max(u_t, hold * h_t),
 * so a spike of u keeps the following steps at hold x u for a while
 * (hold 0 turns this off). Samples are taken in the order given, one a
 * time step.
 *
 * Threshold on the score: "pot" alarms when the tail probability of the
 * surprise falls below `risk` (score >= -ln risk, i.e. the raw score is
 * above the POT quantile z_risk); "percentile" at that percentile of the
 * training series' own scores.
 *
 * The GPD fit maximises the profile likelihood over theta = gamma / sigma
 * (Grimshaw 1993): for a fixed theta the best gamma is mean(ln(1 + theta
 * y)), so a one-dimensional search over theta gives the fit; fewer than 10
 * distinct excesses fall back to an exponential tail (gamma 0, sigma their
 * mean).
 */
#ifndef LL_DETECT_H
#define LL_DETECT_H

#include <stddef.h>

#include "ll_err.h"

enum ll_thresh_method { LL_THRESH_POT = 0, LL_THRESH_PERCENTILE = 1 };

struct ll_detect_cfg {
	enum ll_thresh_method method; /* default pot */
	double risk;       /* pot: tail probability of an alarm, (0, 0.5); default 1e-3 */
	double level;      /* pot: quantile where the tail starts, [0.5, 1); default 0.98 */
	double percentile; /* percentile: (0, 100); default 99 */
	double hold;       /* weight of the held surprise, [0, 1]; default 0.5 */
	double hold_decay; /* nats per step, > 0; default 0.005 */
};

void ll_detect_defaults(struct ll_detect_cfg *cfg);
/* LL_EUSAGE naming the key ("risk: ...", "hold: ..."). */
int ll_detect_check(const struct ll_detect_cfg *cfg, struct ll_err *err);
/* "pot" / "percentile"; -1 when unknown. */
int ll_thresh_method_parse(const char *s);
const char *ll_thresh_method_name(enum ll_thresh_method m);

/* A fitted calibration. */
struct ll_detect {
	struct ll_detect_cfg cfg;
	size_t ntrain;       /* training scores it was fitted on */
	size_t nq;           /* quantile table: raw score at probability k / (nq - 1) */
	double *q;
	double t0, gamma, sigma, tail; /* the tail: S(t0) = tail = n_t / n */
	double threshold;    /* on the score scale */
};

/* Fits the calibration to n training raw scores given in time order (the
 * percentile threshold needs the held scores of that series). LL_EDATA
 * for no score or a score that is not finite (naming the sample). */
int ll_detect_fit(const struct ll_detect_cfg *cfg, const double *raw, size_t n, struct ll_detect **out,
		  struct ll_err *err);
void ll_detect_free(struct ll_detect *d);

/* -ln S(raw): 0 for the lowest scores, growing without bound in the tail. */
double ll_detect_surprise(const struct ll_detect *d, double raw);
/* The scores of a series of n raw scores in time order (out: n values). */
void ll_detect_score(const struct ll_detect *d, const double *raw, size_t n, double *out);

/* Maximum-likelihood GPD fit to n excesses (> 0); see the header comment. */
void ll_gpd_fit(const double *y, size_t n, double *gamma, double *sigma);

/* Model files: kind "detector" (ll_model_io.h), tagged with fingerprint. */
int ll_detect_save(const struct ll_detect *d, const char *path, const char *fingerprint, struct ll_err *err);
int ll_detect_load(const char *path, const char *fingerprint, struct ll_detect **out, struct ll_err *err);
/* The same sections ("cfg", "tail", "ntrain", "quant") in a container of
 * another kind (a series detector's file); path names it in messages. */
struct ll_mio;
int ll_detect_put(const struct ll_detect *d, struct ll_mio *f, struct ll_err *err);
int ll_detect_get(const struct ll_mio *f, const char *path, struct ll_detect **out, struct ll_err *err);

#endif
