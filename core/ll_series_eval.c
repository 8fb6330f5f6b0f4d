/*
 * ll_series_eval.c - the figures of a detector on one labelled series (see
 * ll_series_eval.h), from ll_anomaly_metrics.c and ll_curves.c.
 */
#include "ll_series_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ll_curves.h"

int ll_series_evaluate(const int *y, const double *score, size_t n, double threshold, const float *dims, size_t d,
		       const struct ll_segment *segs, size_t nsegs, struct ll_series_eval *out, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	out->threshold = threshold;
	if (n == 0)
		return ll_err_set(err, LL_EDATA, "series evaluation: no labelled step");
	int *pred = malloc(n * sizeof *pred);
	if (!pred)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (!(score[i] == score[i])) {
			free(pred);
			return ll_err_set(err, LL_EDATA, "series evaluation: step %zu has no score (NaN)", i + 1);
		}
		pred[i] = score[i] >= threshold;
		out->nalarms += (size_t)pred[i];
		out->npos += y[i] == 1;
		out->nsegments += y[i] == 1 && (i == 0 || y[i - 1] != 1);
	}
	int rc = ll_anomaly_pointwise(y, pred, n, &out->pointwise, err);
	if (rc == LL_OK)
		rc = ll_anomaly_point_adjust(y, pred, n, NULL, &out->adjusted, err);
	free(pred);
	if (rc)
		return rc;
	struct ll_err sub;
	if (out->npos > 0 && ll_anomaly_best_f1(y, score, n, 0, &out->best, &sub) == LL_OK &&
	    ll_anomaly_best_f1(y, score, n, 1, &out->best_adjusted, &sub) == LL_OK)
		out->has_best = 1;
	struct ll_thresh *t = NULL;
	rc = ll_thresh_new(y, 1, score, 1, n, &t, &sub);
	if (rc == LL_ENOMEM)
		return ll_err_set(err, rc, "out of memory");
	if (rc == LL_OK) {
		if (t->npos && t->nneg && ll_auroc(t, &out->auroc, &sub) == LL_OK)
			out->has_auroc = 1;
		if (t->npos && ll_average_precision(t, &out->aupr, &sub) == LL_OK)
			out->has_aupr = 1;
		ll_thresh_free(t);
	}
	if (dims && d && nsegs) {
		size_t used = 0;
		double h100 = NAN, h150 = NAN;
		rc = ll_anomaly_hitrate(dims, n, d, segs, nsegs, NULL, 100, 0, &h100, &used, err);
		if (rc == LL_OK)
			rc = ll_anomaly_hitrate(dims, n, d, segs, nsegs, NULL, 150, 0, &h150, NULL, err);
		if (rc)
			return rc;
		if (used) {
			out->has_hitrate = 1;
			out->hitrate_100 = h100;
			out->hitrate_150 = h150;
			out->hitrate_segments = used;
		}
	}
	return LL_OK;
}
