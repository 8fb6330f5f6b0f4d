/*
 * ll_cluster_metrics.c - contingency, purity, ARI and silhouette (see
 * ll_cluster_metrics.h).
 *
 * The silhouette walks each unordered pair of (sampled) rows once and adds
 * the distance to both rows' per-cluster sums, so the work is m(m-1)/2
 * distances and the memory m x k sums; rows are widened to double once so
 * the inner loop is a plain difference-square-add.
 */
#include "ll_cluster_metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ll_rng.h"

int ll_contingency(const int *y_class, const int *y_cluster, size_t n, size_t nclass, size_t ncluster,
		   size_t *tab, struct ll_err *err)
{
	if (nclass == 0 || ncluster == 0)
		return ll_err_set(err, LL_EUSAGE, "contingency: needs at least one class and one cluster");
	memset(tab, 0, nclass * ncluster * sizeof *tab);
	for (size_t i = 0; i < n; i++) {
		int c = y_class[i], j = y_cluster[i];
		if (c < 0 || (size_t)c >= nclass)
			return ll_err_set(err, LL_EDATA, "contingency: row %zu has class %d outside 0..%zu", i, c,
					  nclass - 1);
		if (j < 0 || (size_t)j >= ncluster)
			return ll_err_set(err, LL_EDATA, "contingency: row %zu has cluster %d outside 0..%zu", i, j,
					  ncluster - 1);
		tab[(size_t)c * ncluster + (size_t)j]++;
	}
	return LL_OK;
}

void ll_contingency_shares(const size_t *tab, size_t nclass, size_t ncluster, double *pclass, double *pcluster)
{
	for (size_t c = 0; pclass && c < nclass; c++) {
		size_t row = 0;
		for (size_t j = 0; j < ncluster; j++)
			row += tab[c * ncluster + j];
		for (size_t j = 0; j < ncluster; j++)
			pclass[c * ncluster + j] = row ? (double)tab[c * ncluster + j] / (double)row : 0.0;
	}
	for (size_t j = 0; pcluster && j < ncluster; j++) {
		size_t col = 0;
		for (size_t c = 0; c < nclass; c++)
			col += tab[c * ncluster + j];
		for (size_t c = 0; c < nclass; c++)
			pcluster[c * ncluster + j] = col ? (double)tab[c * ncluster + j] / (double)col : 0.0;
	}
}

int ll_purity(const size_t *tab, size_t nclass, size_t ncluster, double *out, struct ll_err *err)
{
	size_t n = 0, best = 0;
	*out = NAN;
	for (size_t j = 0; j < ncluster; j++) {
		size_t top = 0;
		for (size_t c = 0; c < nclass; c++) {
			size_t v = tab[c * ncluster + j];
			n += v;
			if (v > top)
				top = v;
		}
		best += top;
	}
	if (n == 0)
		return ll_err_set(err, LL_EDATA, "purity: no samples");
	*out = (double)best / (double)n;
	return LL_OK;
}

int ll_adjusted_rand(const size_t *tab, size_t nclass, size_t ncluster, double *out, struct ll_err *err)
{
	/* Ordered-pair counts, as sklearn's pair_confusion_matrix: same in both
	 * (tp), same class only (fn), same cluster only (fp), neither (tn). */
	double n = 0, sq = 0, rowdot = 0, coldot = 0;
	*out = NAN;
	for (size_t c = 0; c < nclass; c++) {
		double r = 0;
		for (size_t j = 0; j < ncluster; j++) {
			double v = (double)tab[c * ncluster + j];
			r += v;
			sq += v * v;
		}
		n += r;
		rowdot += r * r;
	}
	for (size_t j = 0; j < ncluster; j++) {
		double col = 0;
		for (size_t c = 0; c < nclass; c++)
			col += (double)tab[c * ncluster + j];
		coldot += col * col;
	}
	if (n == 0)
		return ll_err_set(err, LL_EDATA, "adjusted Rand index: no samples");
	double tp = sq - n, fp = coldot - sq, fn = rowdot - sq, tn = n * n - fp - fn - sq;
	if (fn == 0 && fp == 0) {
		*out = 1.0;
		return LL_OK;
	}
	*out = 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
	return LL_OK;
}

int ll_silhouette(const float *X, size_t n, size_t d, const int *labels, size_t k, size_t sample, uint64_t seed,
		  double *out, double *per_cluster, struct ll_err *err)
{
	*out = NAN;
	for (size_t c = 0; per_cluster && c < k; c++)
		per_cluster[c] = NAN;
	if (n == 0 || d == 0 || k == 0)
		return ll_err_set(err, LL_EDATA, "silhouette: no samples (%zu rows, %zu columns, %zu clusters)", n, d,
				  k);
	for (size_t i = 0; i < n; i++)
		if (labels[i] < 0 || (size_t)labels[i] >= k)
			return ll_err_set(err, LL_EDATA, "silhouette: row %zu has cluster %d outside 0..%zu", i,
					  labels[i], k - 1);
	size_t m = sample && n > sample ? sample : n;
	size_t *idx = malloc(m * sizeof *idx), *cnt = calloc(k, sizeof *cnt);
	double *S = calloc(m * k, sizeof *S), *R = malloc(m * d * sizeof *R), *csum = calloc(k, sizeof *csum);
	int *lab = malloc(m * sizeof *lab);
	struct ll_rng *r = m < n ? ll_rng_new(seed) : NULL;
	int rc = LL_OK;
	if (!idx || !cnt || !S || !R || !csum || !lab || (m < n && !r)) {
		rc = ll_err_set(err, LL_ENOMEM, "silhouette: out of memory for %zu rows x %zu clusters", m, k);
		goto out;
	}
	if (m < n) {
		if (ll_rng_sample(r, n, m, idx) != 0) {
			rc = ll_err_set(err, LL_ENOMEM, "silhouette: out of memory for %zu rows x %zu clusters", m, k);
			goto out;
		}
	} else {
		for (size_t i = 0; i < n; i++)
			idx[i] = i;
	}
	for (size_t i = 0; i < m; i++) {
		const float *x = X + idx[i] * d;
		for (size_t j = 0; j < d; j++) {
			if (isnan(x[j]) || isinf(x[j])) {
				rc = ll_err_set(err, LL_EDATA, "silhouette: row %zu, column %zu is %g", idx[i], j,
						(double)x[j]);
				goto out;
			}
			R[i * d + j] = x[j];
		}
		lab[i] = labels[idx[i]];
		cnt[lab[i]]++;
	}
	size_t used = 0;
	for (size_t c = 0; c < k; c++)
		used += cnt[c] > 0;
	if (used < 2 || used > m - 1) {
		rc = ll_err_set(err, LL_EDATA,
				"silhouette: the %zu rows hold %zu distinct clusters; it needs 2 to %zu (rows - 1)", m,
				used, m - 1);
		goto out;
	}
	for (size_t i = 0; i < m; i++) {
		const double *a = R + i * d;
		double *si = S + i * k;
		for (size_t j = i + 1; j < m; j++) {
			const double *b = R + j * d;
			double s2 = 0;
			for (size_t t = 0; t < d; t++) {
				double diff = a[t] - b[t];
				s2 += diff * diff;
			}
			double dist = sqrt(s2);
			si[lab[j]] += dist;
			S[j * k + lab[i]] += dist;
		}
	}
	double total = 0;
	for (size_t i = 0; i < m; i++) {
		size_t own = (size_t)lab[i];
		double s = 0;
		if (cnt[own] > 1) {
			double a = S[i * k + own] / (double)(cnt[own] - 1), b = INFINITY;
			for (size_t c = 0; c < k; c++)
				if (c != own && cnt[c] > 0) {
					double v = S[i * k + c] / (double)cnt[c];
					if (v < b)
						b = v;
				}
			double mx = a > b ? a : b;
			s = mx > 0 ? (b - a) / mx : 0.0;
		}
		total += s;
		csum[own] += s;
	}
	*out = total / (double)m;
	for (size_t c = 0; per_cluster && c < k; c++)
		if (cnt[c])
			per_cluster[c] = csum[c] / (double)cnt[c];
out:
	free(idx);
	free(cnt);
	free(S);
	free(R);
	free(csum);
	free(lab);
	ll_rng_free(r);
	return rc;
}

int ll_cluster_top_templates(const int *pred, const long *tpl, size_t n, size_t k, size_t ntpl, size_t top,
			     long *ids, size_t *counts, struct ll_err *err)
{
	for (size_t j = 0; j < k * top; j++) {
		ids[j] = -1;
		counts[j] = 0;
	}
	if (!ntpl || !top)
		return LL_OK;
	size_t *c = malloc(ntpl * sizeof *c);
	if (!c)
		return ll_err_set(err, LL_ENOMEM, "out of memory counting %zu templates", ntpl);
	for (size_t j = 0; j < k; j++) {
		memset(c, 0, ntpl * sizeof *c);
		for (size_t i = 0; i < n; i++)
			if (pred[i] == (int)j && tpl[i] >= 0 && (size_t)tpl[i] < ntpl)
				c[tpl[i]]++;
		for (size_t r = 0; r < top; r++) {
			size_t best = 0;
			for (size_t t = 1; t < ntpl; t++)
				if (c[t] > c[best])
					best = t;
			if (!c[best])
				break;
			ids[j * top + r] = (long)best;
			counts[j * top + r] = c[best];
			c[best] = 0;
		}
	}
	free(c);
	return LL_OK;
}
