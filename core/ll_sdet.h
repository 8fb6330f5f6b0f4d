/*
 * ll_sdet.h - series detectors: anomaly detection on a multivariate
 * metrics series (SMD, ASD, NAB...), trained without labels on a training
 * series and applied to another, step by step.
 *
 * A detector standardises each dimension with the training series' mean
 * and standard deviation (floored at 1e-2 x max(1, |mean|), so a metric
 * constant in training stands out when it moves), then models normal
 * behaviour one of two ways:
 *   ae      an autoencoder (ll_ae.h) over the window of the last `window`
 *           steps (the steps before the first repeat it); a step's
 *           reconstruction is that of its own row at the window's end;
 *   kmeans  k-means (ll_kmeans.h) on the standardised steps; a step's
 *           reconstruction is its nearest centre.
 * The residual of step t in dimension j, divided by that dimension's RMS
 * residual over the training series (floored at 0.05), squared, is the
 * dimension's contribution c_tj (what ranks the root-cause metrics); the
 * raw score is their mean over the dimensions. The raw scores of the
 * training series calibrate the detector (ll_detect.h): scores in nats of
 * surprise (without held evidence by default: cal.hold 0) and the alarm
 * threshold (POT by default).
 *
 * One default setting serves every series (no per-machine tuning): ae,
 * window 5, hidden max(2, min(32, window x d / 4)), 10 epochs of Adam
 * 1e-3 in batches of 128 (more epochs when that is fewer than 2000
 * batches, so a short series trains as far as a long one), seed 1;
 * kmeans k 16. bench/ANOMALY.md shows what
 * it gives on SMD, ASD and NAB.
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

enum ll_sdet_kind { LL_SDET_AE = 0, LL_SDET_KMEANS = 1 };

struct ll_sdet_cfg {
	enum ll_sdet_kind kind;
	size_t window;   /* ae: steps per input, 1..1000 */
	size_t hidden;   /* ae: bottleneck units; 0 = the default above */
	int epochs;      /* ae: 1..10000, at least (see above) */
	size_t batch;    /* ae: >= 1 */
	double lr;       /* ae: > 0 */
	size_t k;        /* kmeans: 1..n */
	uint64_t seed;
	struct ll_detect_cfg cal; /* calibration and threshold */
};

/* The defaults of kind (see the header comment). */
void ll_sdet_defaults(struct ll_sdet_cfg *c, enum ll_sdet_kind kind);
/* LL_EUSAGE naming the key ("window: ...", "risk: ..."). */
int ll_sdet_check(const struct ll_sdet_cfg *c, struct ll_err *err);
/* "ae" / "kmeans"; -1 when unknown. */
int ll_sdet_kind_parse(const char *s);
const char *ll_sdet_kind_name(enum ll_sdet_kind k);

struct ll_sdet;

/* Fits the detector to the n x d training series. LL_EDATA for fewer
 * than 2 steps or a value that is not finite (naming step and
 * dimension); LL_ECANCEL when *cancel (may be NULL) becomes non-zero. */
int ll_sdet_fit(const struct ll_sdet_cfg *c, const float *X, size_t n, size_t d, atomic_int *cancel,
		struct ll_sdet **out, struct ll_err *err);
void ll_sdet_free(struct ll_sdet *s);
const struct ll_sdet_cfg *ll_sdet_config(const struct ll_sdet *s);
size_t ll_sdet_dims(const struct ll_sdet *s);
/* The calibration (threshold, tail) fitted on the training series. */
const struct ll_detect *ll_sdet_calibration(const struct ll_sdet *s);
/* The raw score at which the calibrated score reaches the threshold: a
 * step alarms when raw >= it (with hold 0, the default, the two agree). */
double ll_sdet_raw_threshold(const struct ll_sdet *s);
/* Epochs the autoencoder trained and its last training loss (0, NaN for
 * k-means). */
void ll_sdet_fit_info(const struct ll_sdet *s, int *epochs, double *loss);

/* Scores an n x d series: raw (n, may be NULL) the mean contribution,
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
