/*
 * ll_anomaly_metrics.h - scores for time-series anomaly detection as the
 * SMD / ASD / NAB literature reports them: point-wise and point-adjusted
 * precision / recall / F1, the best F1 over all thresholds, and root-cause
 * HitRate@P% against interpretation labels.
 *
 * Labels y_true and predictions y_pred are one int per time step, 0 normal
 * and 1 anomalous (anything else is LL_EDATA). Anomaly scores are "higher
 * is more anomalous"; a step is predicted anomalous when score >= threshold
 * (negate log-likelihoods such as OmniAnomaly's before calling).
 *
 * Point adjustment (the OmniAnomaly / InterFusion evaluation protocol):
 * a true anomaly segment is a maximal run of consecutive steps labelled 1.
 * If any step of a segment is predicted anomalous, every step of that
 * segment counts as predicted (the operator is alerted once, so the whole
 * incident counts as found); predictions on normal steps are unchanged.
 * Precision / recall / F1 are then computed point-wise on the adjusted
 * predictions. (OmniAnomaly's reference adjust_predicts never reaches back
 * to step 0 of a segment that starts at step 0; here that step is adjusted
 * like any other.)
 *
 * Best F1: every distinct score is tried as a threshold (not a grid). With
 * adjustment, a segment is detected at threshold t exactly when its highest
 * score is >= t, so the sweep is exact in O(n log n). Ties between
 * thresholds with the same F1 go to the highest threshold.
 *
 * HitRate@P% (OmniAnomaly, KDD 2019, sec. 5.5): for each labelled segment
 * (struct ll_segment: rows start..end inclusive, root-cause dims 1-based)
 * that is detected, the per-dimension scores of its detected steps are
 * aggregated by their maximum (InterFusion aggregates the same way, on
 * probabilities, with a minimum); the top floor(P/100 * |G|) dimensions
 * (at most d; ties to the lower dimension) are compared with the
 * ground-truth set G: hit rate = |top ∩ G| / |G|. The result is the mean
 * over detected segments, or with LL_HITRATE_PER_STEP the mean weighted by
 * each segment's number of detected steps (InterFusion's weighting). The
 * papers report P = 100 and P = 150.
 *
 * Ownership: every array is the caller's; functions allocate their work
 * space once per call.
 */
#ifndef LL_ANOMALY_METRICS_H
#define LL_ANOMALY_METRICS_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_table.h"

struct ll_prf {
	double precision, recall, f1; /* 0 when undefined (sklearn's zero_division = 0) */
	size_t tp, fp, fn, tn;
};

/* Point-wise scores of y_pred against y_true. LL_EDATA on empty input or a
 * value other than 0/1 (naming the step). */
int ll_anomaly_pointwise(const int *y_true, const int *y_pred, size_t n, struct ll_prf *out, struct ll_err *err);

/* Point-adjusted scores. adjusted (n values; may be NULL, may be y_pred
 * itself) gets the adjusted predictions. */
int ll_anomaly_point_adjust(const int *y_true, const int *y_pred, size_t n, int *adjusted, struct ll_prf *out,
			    struct ll_err *err);

struct ll_best_f1 {
	double threshold; /* predicted anomalous when score >= threshold */
	struct ll_prf prf;
};

/* The threshold with the highest F1, point-wise (adjust 0) or point-adjusted
 * (adjust 1). LL_EDATA on empty input, NaN scores, or no anomalous step. */
int ll_anomaly_best_f1(const int *y_true, const double *score, size_t n, int adjust, struct ll_best_f1 *out,
		       struct ll_err *err);

#define LL_HITRATE_PER_STEP 1u /* weight segments by their detected steps */

/* HitRate@P% over the segments (rows < n, dims within 1..d). dim_scores is
 * n x d row-major; y_pred (may be NULL: every segment counts as detected on
 * all its steps) selects the detected steps. Segments without dims or
 * without a detected step are skipped; *nused (may be NULL) gets how many
 * were scored, and *out is NaN when none was. LL_EDATA for a segment
 * outside the rows, a dimension outside 1..d, or a NaN score. */
int ll_anomaly_hitrate(const float *dim_scores, size_t n, size_t d, const struct ll_segment *segs, size_t nsegs,
		       const int *y_pred, double p_percent, unsigned flags, double *out, size_t *nused,
		       struct ll_err *err);

#endif
