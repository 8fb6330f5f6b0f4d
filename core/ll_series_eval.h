/*
 * ll_series_eval.h - every figure of a time-series anomaly detector on one
 * labelled series, in one call: what the SMD / ASD / NAB literature
 * reports (ll_anomaly_metrics.h has the definitions).
 *
 *   at the run's threshold   point-wise precision / recall / F1 and the
 *                            point-adjusted ones;
 *   over every threshold     the best point-wise F1 and the best
 *                            point-adjusted F1 (optimistic: the threshold
 *                            is chosen on the labels being scored), AUROC
 *                            and AUPR (sklearn's average precision);
 *   root cause               HitRate@100% and @150% of the per-dimension
 *                            scores against the interpretation labels,
 *                            over every step of each labelled segment (so
 *                            it does not depend on the threshold).
 *
 * Steps are the series' samples in time order: y 0 normal / 1 anomalous,
 * score higher = more anomalous. Segments (rows start..end inclusive, dims
 * 1-based) index the same steps; dims (n x d, may be NULL) are the
 * per-dimension contributions. Figures that cannot be computed (no
 * anomalous step, no segment with dims) are flagged absent.
 */
#ifndef LL_SERIES_EVAL_H
#define LL_SERIES_EVAL_H

#include <stddef.h>

#include "ll_anomaly_metrics.h"
#include "ll_err.h"
#include "ll_table.h"

struct ll_series_eval {
	size_t n, npos, nsegments;  /* steps, anomalous steps, true segments (runs of 1) */
	size_t nalarms;             /* steps at or above the threshold */
	double threshold;
	struct ll_prf pointwise, adjusted;
	int has_best;
	struct ll_best_f1 best, best_adjusted;
	int has_auroc, has_aupr;
	double auroc, aupr;
	int has_hitrate;
	double hitrate_100, hitrate_150;
	size_t hitrate_segments;    /* segments with dims that were scored */
};

int ll_series_evaluate(const int *y, const double *score, size_t n, double threshold, const float *dims, size_t d,
		       const struct ll_segment *segs, size_t nsegs, struct ll_series_eval *out, struct ll_err *err);

#endif
