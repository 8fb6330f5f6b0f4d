/*
 * ll_sdet.h - series detectors: anomaly detection on a multivariate
 * metrics series (SMD, ASD, NAB...), trained without labels on a training
 * series and applied to another, step by step.
 *
 * A detector standardises each dimension with the mean and standard
 * deviation of the steps it fits (floored at 1e-2 x max(1, |mean|), so a
 * metric constant in training stands out when it moves), then models
 * normal behaviour one of three ways:
 *   ae      an autoencoder (ll_ae.h) over the window of the last `window`
 *           steps (the steps before the first repeat it); a step's
 *           reconstruction is that of its own row at the window's end;
 *   kmeans  k-means (ll_kmeans.h) on the standardised steps; a step's
 *           reconstruction is its nearest centre;
 *   lstm    an LSTM forecaster (ll_fcast.h) predicting each step from the
 *           `window` steps before it.
 * Held-out steps. The model fits the first (1 - holdout) of the training
 * series; the last `holdout` of it (unseen by the model, at least 16
 * steps, else everything is used in sample) gives each dimension's error
 * scale and the threshold. Errors on steps a model fitted are smaller than
 * on steps it never saw, so a scale and a threshold taken in sample can
 * fire more often on a test series than they promise.
 * Scores. The residual r_tj of step t in dimension j gives the
 * contribution c_tj = (r_tj / rms_j)^2, rms_j the root mean square of
 * that dimension's residual on the held-out steps (floored at 0.05), which
 * makes the metrics comparable however predictable each is; or, with
 * `scale` LL_SDET_SCALE_IQR, c_tj = (|r_tj| - med_j) / iqr_j from the
 * median and interquartile range of |r_j| there (robust to anomalies in
 * the held-out steps, but weaker on ASD and the generated series:
 * bench/ANOMALY.md). A metric whose training spread is at the standard
 * deviation floor ("floored": constant, or a flag never set) has floors
 * for both scales, so any move makes c hundreds of thousands and that one
 * metric would lead every step's score (SMD machine-1-6: false-alarm
 * rate 0.11-0.14 against the 1e-3 promised); its c is bounded to
 * floor_cap x tanh(c / floor_cap) (0: unbounded), still a loud metric
 * (floor_cap 100: ten error scales) that cannot drown the others (0.001
 * to 0.004 there; where the anomaly is such a metric moving alone, as on
 * some SMAP channels, its alarm is lost: bench/ANOMALY.md).
 * c ranks the root-cause metrics. The raw score of a
 * step is the mean of its `topk` largest contributions (0: of all; the
 * default 3 lets a fault in a few metrics stand out of many quiet ones),
 * averaged over the last `smooth` steps (1: none). The held-out steps'
 * raw scores calibrate the detector (ll_detect.h): scores in nats of
 * surprise (without held evidence by default: cal.hold 0) and the alarm
 * threshold (POT by default). Then the score's memory (`memory`, a
 * half-life in steps; 0: none): a step whose log(1 + raw) is below the
 * exponentially weighted mean of the past steps' is lifted towards it
 * (`memory_weight` 1: to it) but stays below the threshold, so a
 * labelled episode's quiet steps rank above normal ones while the alarms
 * are those of the score without memory.
 *
 * One default setting serves every series (no per-series tuning): ae,
 * window 5 (lstm 10), hidden max(2, min(32, window x d / 4)) (lstm 32),
 * 10 epochs of Adam 1e-3 in batches of 128 (more epochs when that is
 * fewer than min_updates = 2000 batches, so a short series trains as far
 * as a long one), seed 1; kmeans k 16; holdout 0.2, scale rms, topk 3,
 * smooth 1, memory 10, memory_weight 1, floor_cap 100.
 * bench/ANOMALY.md shows what it gives on SMD, ASD and NAB, and how the
 * default was chosen (on ASD and generated series only).
 *
 * Ownership: X arrays are the caller's (n x d row-major float32, steps in
 * time order); the detector owns its model and calibration.
 */
#ifndef LL_SDET_H
#define LL_SDET_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "ll_detect.h"
#include "ll_err.h"

enum ll_sdet_kind { LL_SDET_AE = 0, LL_SDET_KMEANS = 1, LL_SDET_LSTM = 2 };
enum ll_sdet_scale { LL_SDET_SCALE_RMS = 0, LL_SDET_SCALE_IQR = 1 };

struct ll_sdet_cfg {
	enum ll_sdet_kind kind;
	size_t window;   /* ae, lstm: steps per input, 1..1000 */
	size_t hidden;   /* ae: bottleneck units, lstm: cell units; 0 = the default above */
	int epochs;      /* ae, lstm: 1..10000, at least (see above) */
	size_t min_updates; /* ae, lstm: the fewest batches trained, 1..10^7; default 2000 */
	size_t batch;    /* ae, lstm: >= 1 */
	double lr;       /* ae, lstm: > 0 */
	size_t k;        /* kmeans: 1..n */
	double holdout;  /* fraction of the training series held out, [0, 0.5] */
	size_t smooth;   /* steps of the trailing mean of the score, 1..10000 */
	size_t topk;     /* contributions averaged into the score; 0 = all */
	size_t memory;   /* half-life in steps of the score's memory, 0..100000; 0 = none */
	double memory_weight; /* weight of the memory, [0, 1] */
	double floor_cap; /* bound on a floored metric's contribution, [0, 1e12]; 0 = none */
	enum ll_sdet_scale scale; /* how residuals become contributions (above) */
	uint64_t seed;
	struct ll_detect_cfg cal; /* calibration and threshold */
};

/* The defaults of kind (see the header comment). */
void ll_sdet_defaults(struct ll_sdet_cfg *c, enum ll_sdet_kind kind);
/* LL_EUSAGE naming the key ("window: ...", "risk: ..."). */
int ll_sdet_check(const struct ll_sdet_cfg *c, struct ll_err *err);
/* "rms" / "iqr"; -1 when unknown. */
int ll_sdet_scale_parse(const char *s);
const char *ll_sdet_scale_name(enum ll_sdet_scale k);
/* "ae" / "kmeans" / "lstm"; -1 when unknown. */
int ll_sdet_kind_parse(const char *s);
const char *ll_sdet_kind_name(enum ll_sdet_kind k);

struct ll_sdet;

/* What ll_sdet_fit refuses before any work: the settings (ll_sdet_check),
 * fewer than 2 steps, a window longer than the series, a value that is not
 * finite. A caller that records runs checks this first, so a refused
 * setting leaves no run behind and a failure past it is the run's. */
int ll_sdet_check_data(const struct ll_sdet_cfg *c, const float *X, size_t n, size_t d, struct ll_err *err);
/* Fits the detector to the n x d training series. LL_EDATA for fewer
 * than 2 steps or a value that is not finite (naming step and
 * dimension); LL_ECANCEL when *cancel (may be NULL) becomes non-zero. */
int ll_sdet_fit(const struct ll_sdet_cfg *c, const float *X, size_t n, size_t d, atomic_int *cancel,
		struct ll_sdet **out, struct ll_err *err);
void ll_sdet_free(struct ll_sdet *s);
/* The steps of an n-step training series the model fits with holdout h
 * (the rest are held out): n - floor(h n), or n when fewer than 16 would
 * be held out. */
size_t ll_sdet_fit_steps(size_t n, double holdout);
/* 1 when metric j's spread over the fitted steps was at or below the
 * standard deviation floor (its contribution is bounded by floor_cap). */
int ll_sdet_floored(const struct ll_sdet *s, size_t j);
/* The training steps the detector's model fitted. */
size_t ll_sdet_fitted_steps(const struct ll_sdet *s);
const struct ll_sdet_cfg *ll_sdet_config(const struct ll_sdet *s);
size_t ll_sdet_dims(const struct ll_sdet *s);
/* The calibration (threshold, tail) fitted on the training series. */
const struct ll_detect *ll_sdet_calibration(const struct ll_sdet *s);
/* The raw score at which the calibrated score reaches the threshold: a
 * step alarms when raw >= it (with hold 0, the default, the two agree). */
double ll_sdet_raw_threshold(const struct ll_sdet *s);
/* Epochs the autoencoder or forecaster trained and its last training
 * loss (0, NaN for k-means). */
void ll_sdet_fit_info(const struct ll_sdet *s, int *epochs, double *loss);

/* Scores an n x d series: raw (n, may be NULL) the combined contribution,
 * score (n, may be NULL) the calibrated score to compare with the
 * threshold, dims (n x d, may be NULL) the contributions. LL_EDATA for
 * another d or a value that is not finite. */
int ll_sdet_score(struct ll_sdet *s, const float *X, size_t n, size_t d, double *raw, double *score, float *dims,
		  struct ll_err *err);

/* Model file, kind "sdet", tagged with fingerprint (may be NULL); the
 * calibration goes in the same file. Loading with a fingerprint refuses
 * another one. */
int ll_sdet_save(const struct ll_sdet *s, const char *path, const char *fingerprint, struct ll_err *err);
int ll_sdet_load(const char *path, const char *fingerprint, struct ll_sdet **out, struct ll_err *err);

#endif
