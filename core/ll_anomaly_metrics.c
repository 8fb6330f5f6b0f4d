/*
 * ll_anomaly_metrics.c - point-wise / point-adjusted F1, best-F1 search and
 * HitRate@P% (see ll_anomaly_metrics.h).
 *
 * The best-F1 sweep turns the steps into weighted items: a normal step is
 * (score, 0 positives, 1 negative); an anomalous step is (score, 1, 0)
 * point-wise, while with adjustment a whole segment is one item (its
 * highest score, its length, 0). Sorted by descending score, cumulative
 * sums at each distinct score are the TP and FP counts of that threshold.
 */
#include "ll_anomaly_metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void prf_fill(struct ll_prf *o, size_t tp, size_t fp, size_t fn, size_t tn)
{
	o->tp = tp;
	o->fp = fp;
	o->fn = fn;
	o->tn = tn;
	o->precision = tp + fp ? (double)tp / (double)(tp + fp) : 0.0;
	o->recall = tp + fn ? (double)tp / (double)(tp + fn) : 0.0;
	double s = o->precision + o->recall;
	o->f1 = s > 0 ? 2 * o->precision * o->recall / s : 0.0;
}

static int check01(const int *v, size_t n, const char *what, const char *which, struct ll_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] != 0 && v[i] != 1)
			return ll_err_set(err, LL_EDATA, "%s: step %zu has %s %d (expected 0 or 1)", what, i, which, v[i]);
	return LL_OK;
}

static int check_inputs(const int *y_true, const int *y_pred, size_t n, const char *what, struct ll_err *err)
{
	if (n == 0)
		return ll_err_set(err, LL_EDATA, "%s: no steps", what);
	int rc = check01(y_true, n, what, "label", err);
	if (rc == LL_OK && y_pred)
		rc = check01(y_pred, n, what, "prediction", err);
	return rc;
}

static void count(const int *y_true, const int *y_pred, size_t n, struct ll_prf *out)
{
	size_t tp = 0, fp = 0, fn = 0, tn = 0;
	for (size_t i = 0; i < n; i++) {
		if (y_true[i])
			y_pred[i] ? tp++ : fn++;
		else
			y_pred[i] ? fp++ : tn++;
	}
	prf_fill(out, tp, fp, fn, tn);
}

int ll_anomaly_pointwise(const int *y_true, const int *y_pred, size_t n, struct ll_prf *out, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	int rc = check_inputs(y_true, y_pred, n, "point-wise F1", err);
	if (rc)
		return rc;
	count(y_true, y_pred, n, out);
	return LL_OK;
}

int ll_anomaly_point_adjust(const int *y_true, const int *y_pred, size_t n, int *adjusted, struct ll_prf *out,
			    struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	int rc = check_inputs(y_true, y_pred, n, "point-adjusted F1", err);
	if (rc)
		return rc;
	size_t tp = 0, fp = 0, fn = 0, tn = 0;
	for (size_t i = 0; i < n;) {
		if (!y_true[i]) {
			y_pred[i] ? fp++ : tn++;
			if (adjusted)
				adjusted[i] = y_pred[i];
			i++;
			continue;
		}
		size_t end = i;
		int hit = 0;
		while (end < n && y_true[end]) {
			hit |= y_pred[end];
			end++;
		}
		if (hit)
			tp += end - i;
		else
			fn += end - i;
		for (; i < end; i++)
			if (adjusted)
				adjusted[i] = hit;
	}
	prf_fill(out, tp, fp, fn, tn);
	return LL_OK;
}

struct item {
	double s;
	size_t pos, neg;
};

static int item_desc(const void *a, const void *b)
{
	double x = ((const struct item *)a)->s, y = ((const struct item *)b)->s;
	return x < y ? 1 : x > y ? -1 : 0;
}

int ll_anomaly_best_f1(const int *y_true, const double *score, size_t n, int adjust, struct ll_best_f1 *out,
		       struct ll_err *err)
{
	static const char what[] = "best F1";
	memset(out, 0, sizeof *out);
	out->threshold = NAN;
	int rc = check_inputs(y_true, NULL, n, what, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (isnan(score[i]))
			return ll_err_set(err, LL_EDATA, "%s: step %zu has a NaN score", what, i);
	struct item *it = malloc(n * sizeof *it);
	if (!it)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory for %zu steps", what, n);
	size_t m = 0, npos = 0, nneg = 0;
	for (size_t i = 0; i < n;) {
		if (!y_true[i] || !adjust) {
			it[m++] = (struct item){score[i], (size_t)y_true[i], (size_t)!y_true[i]};
			npos += (size_t)y_true[i];
			nneg += (size_t)!y_true[i];
			i++;
			continue;
		}
		size_t start = i;
		double mx = score[i];
		for (; i < n && y_true[i]; i++)
			if (score[i] > mx)
				mx = score[i];
		it[m++] = (struct item){mx, i - start, 0};
		npos += i - start;
	}
	if (npos == 0) {
		free(it);
		return ll_err_set(err, LL_EDATA, "%s: no anomalous step, so F1 is undefined", what);
	}
	qsort(it, m, sizeof *it, item_desc);
	size_t tp = 0, fp = 0;
	double best = -1;
	for (size_t j = 0; j < m; j++) {
		tp += it[j].pos;
		fp += it[j].neg;
		if (j + 1 < m && it[j + 1].s == it[j].s)
			continue;
		struct ll_prf p;
		prf_fill(&p, tp, fp, npos - tp, nneg - fp);
		if (p.f1 > best) {
			best = p.f1;
			out->threshold = it[j].s;
			out->prf = p;
		}
	}
	free(it);
	return LL_OK;
}

/* ---- HitRate@P% ---- */

struct dimrank {
	double s;
	size_t dim; /* 0-based */
};

static int dim_desc(const void *a, const void *b)
{
	const struct dimrank *x = a, *y = b;
	if (x->s != y->s)
		return x->s < y->s ? 1 : -1;
	return x->dim < y->dim ? -1 : x->dim > y->dim;
}

int ll_anomaly_hitrate(const float *dim_scores, size_t n, size_t d, const struct ll_segment *segs, size_t nsegs,
		       const int *y_pred, double p_percent, unsigned flags, double *out, size_t *nused,
		       struct ll_err *err)
{
	static const char what[] = "HitRate";
	*out = NAN;
	if (nused)
		*nused = 0;
	if (d == 0)
		return ll_err_set(err, LL_EUSAGE, "%s: scores have no dimensions", what);
	if (!(p_percent > 0))
		return ll_err_set(err, LL_EUSAGE, "%s: P must be > 0 (got %g)", what, p_percent);
	if (y_pred) {
		int rc = check01(y_pred, n, what, "prediction", err);
		if (rc)
			return rc;
	}
	for (size_t s = 0; s < nsegs; s++) {
		const struct ll_segment *g = &segs[s];
		if (g->start > g->end || g->end >= n)
			return ll_err_set(err, LL_EDATA, "%s: segment %zu covers rows %zu-%zu, outside the %zu rows", what,
					  s + 1, g->start, g->end, n);
		for (size_t j = 0; j < g->ndims; j++)
			if (g->dims[j] < 1 || (size_t)g->dims[j] > d)
				return ll_err_set(err, LL_EDATA, "%s: segment %zu names dimension %d outside 1..%zu", what,
						  s + 1, g->dims[j], d);
	}
	struct dimrank *rk = malloc(d * sizeof *rk);
	if (!rk)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory for %zu dimensions", what, d);
	double sum = 0, wsum = 0;
	size_t used = 0;
	int rc = LL_OK;
	for (size_t s = 0; s < nsegs && rc == LL_OK; s++) {
		const struct ll_segment *g = &segs[s];
		if (g->ndims == 0)
			continue;
		size_t steps = 0;
		for (size_t j = 0; j < d; j++) {
			rk[j].s = -INFINITY;
			rk[j].dim = j;
		}
		for (size_t r = g->start; r <= g->end; r++) {
			if (y_pred && !y_pred[r])
				continue;
			steps++;
			for (size_t j = 0; j < d; j++) {
				float v = dim_scores[r * d + j];
				if (isnan(v)) {
					rc = ll_err_set(err, LL_EDATA, "%s: row %zu, dimension %zu has a NaN score", what, r,
							j + 1);
					break;
				}
				if (v > rk[j].s)
					rk[j].s = v;
			}
			if (rc)
				break;
		}
		if (rc || steps == 0)
			continue;
		qsort(rk, d, sizeof *rk, dim_desc);
		double want = floor(p_percent / 100.0 * (double)g->ndims);
		size_t top = want >= (double)d ? d : (size_t)want, hits = 0;
		for (size_t t = 0; t < top; t++)
			for (size_t j = 0; j < g->ndims; j++)
				if ((size_t)g->dims[j] == rk[t].dim + 1) {
					hits++;
					break;
				}
		double w = flags & LL_HITRATE_PER_STEP ? (double)steps : 1.0;
		sum += w * (double)hits / (double)g->ndims;
		wsum += w;
		used++;
	}
	free(rk);
	if (rc)
		return rc;
	if (nused)
		*nused = used;
	if (used)
		*out = sum / wsum;
	return LL_OK;
}
