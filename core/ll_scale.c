/*
 * ll_scale.c - z-score, min-max and robust scaling (see ll_scale.h).
 *
 * The robust fit copies one feature's used values into a double buffer at a
 * time, as its quantiles need them sorted; the z-score and min-max fits sum
 * in double by rows (fit_moments).
 */
#include "ll_scale.h"
#include "ll_textline.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[] = {"none", "zscore", "minmax", "robust"};

const char *ll_scale_kind_name(enum ll_scale_kind k)
{
	return (unsigned)k < 4 ? kind_names[k] : "?";
}

int ll_scale_kind_parse(const char *s, enum ll_scale_kind *out, struct ll_err *err)
{
	for (unsigned i = 0; i < 4; i++)
		if (strcasecmp(s, kind_names[i]) == 0) {
			*out = (enum ll_scale_kind)i;
			return LL_OK;
		}
	if (strcasecmp(s, "standard") == 0) {
		*out = LL_SCALE_ZSCORE;
		return LL_OK;
	}
	return ll_err_set(err, LL_EUSAGE, "unknown normalisation '%s' (use none, zscore, minmax or robust)", s);
}

void ll_scaler_free(struct ll_scaler *s)
{
	if (!s)
		return;
	free(s->center);
	free(s->scale);
	memset(s, 0, sizeof *s);
}

static int scaler_alloc(struct ll_scaler *s, enum ll_scale_kind kind, size_t d)
{
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->d = d;
	s->center = calloc(d ? d : 1, sizeof *s->center);
	s->scale = malloc((d ? d : 1) * sizeof *s->scale);
	if (!s->center || !s->scale) {
		ll_scaler_free(s);
		return LL_ENOMEM;
	}
	for (size_t j = 0; j < d; j++)
		s->scale[j] = 1;
	return LL_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* numpy.percentile's default ("linear"): position q * (n - 1) between the
 * order statistics around it. v sorted, n > 0. */
static double quantile(const double *v, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t lo = (size_t)floor(pos);
	if (lo + 1 >= n)
		return v[n - 1];
	double f = pos - (double)lo;
	return v[lo] + (v[lo + 1] - v[lo]) * f;
}

/* The z-score's mean and deviation or the min-max range of every column in
 * passes by rows: X is by row, and a pass per column would read the whole
 * matrix d times with a stride of the row. Each column's sums still add its
 * values in row order, in double, so the figures are those of a pass per
 * column to the bit. */
static int fit_moments(struct ll_scaler *s, enum ll_scale_kind kind, const float *X, size_t rows, size_t d,
		       size_t steps, const unsigned char *use_sample, struct ll_err *err)
{
	double *a = calloc(3 * (d ? d : 1), sizeof *a);
	size_t *cnt = calloc(d ? d : 1, sizeof *cnt);
	if (!a || !cnt) {
		free(a);
		free(cnt);
		ll_scaler_free(s);
		return ll_err_set(err, LL_ENOMEM, "out of memory fitting a scaler of %zu features", d);
	}
	double *sum = a, *lo = a + d, *hi = a + 2 * d;
	for (size_t r = 0; r < rows; r++) {
		if (use_sample && !use_sample[r / steps])
			continue;
		const float *x = X + r * d;
		for (size_t j = 0; j < d; j++) {
			double v = x[j];
			if (isnan(v))
				continue;
			if (cnt[j]++ == 0)
				lo[j] = hi[j] = v;
			sum[j] += v;
			if (v < lo[j])
				lo[j] = v;
			if (v > hi[j])
				hi[j] = v;
		}
	}
	for (size_t j = 0; j < d; j++)
		if (cnt[j])
			s->center[j] = kind == LL_SCALE_ZSCORE ? sum[j] / (double)cnt[j] : lo[j];
	if (kind == LL_SCALE_ZSCORE) {
		double *ss = sum; /* the sums are spent: the centres hold the means */
		memset(ss, 0, d * sizeof *ss);
		for (size_t r = 0; r < rows; r++) {
			if (use_sample && !use_sample[r / steps])
				continue;
			const float *x = X + r * d;
			for (size_t j = 0; j < d; j++) {
				double v = x[j];
				if (!isnan(v))
					ss[j] += (v - s->center[j]) * (v - s->center[j]);
			}
		}
	}
	for (size_t j = 0; j < d; j++) {
		if (!cnt[j])
			continue; /* center 0, scale 1 */
		double sc = kind == LL_SCALE_ZSCORE ? sqrt(sum[j] / (double)cnt[j]) : hi[j] - lo[j];
		s->scale[j] = sc < 10 * DBL_EPSILON ? 1.0 : sc;
	}
	free(a);
	free(cnt);
	return LL_OK;
}

static int fit_rows(struct ll_scaler *s, enum ll_scale_kind kind, const float *X, size_t rows, size_t d,
		    size_t steps, const unsigned char *use_sample, struct ll_err *err)
{
	if ((unsigned)kind > LL_SCALE_ROBUST)
		return ll_err_set(err, LL_EUSAGE, "unknown normalisation %d", (int)kind);
	size_t used = 0;
	for (size_t r = 0; r < rows; r++)
		used += !use_sample || use_sample[r / steps];
	if (used == 0)
		return ll_err_set(err, LL_EUSAGE, "no training rows to fit the %s normalisation on",
				  ll_scale_kind_name(kind));
	if (scaler_alloc(s, kind, d) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "out of memory for a scaler of %zu features", d);
	if (kind == LL_SCALE_NONE)
		return LL_OK;
	if (kind != LL_SCALE_ROBUST)
		return fit_moments(s, kind, X, rows, d, steps, use_sample, err);
	double *v = malloc(used * sizeof *v);
	if (!v) {
		ll_scaler_free(s);
		return ll_err_set(err, LL_ENOMEM, "out of memory fitting a scaler on %zu rows", used);
	}
	for (size_t j = 0; j < d; j++) {
		size_t m = 0;
		for (size_t r = 0; r < rows; r++)
			if ((!use_sample || use_sample[r / steps]) && !isnan(X[r * d + j]))
				v[m++] = X[r * d + j];
		if (m == 0)
			continue; /* center 0, scale 1 */
		qsort(v, m, sizeof *v, cmp_double);
		double c = quantile(v, m, 0.5), sc = quantile(v, m, 0.75) - quantile(v, m, 0.25);
		s->center[j] = c;
		s->scale[j] = sc < 10 * DBL_EPSILON ? 1.0 : sc;
	}
	free(v);
	return LL_OK;
}

int ll_scaler_fit(struct ll_scaler *s, enum ll_scale_kind kind, const float *X, size_t rows, size_t d,
		  const unsigned char *use, struct ll_err *err)
{
	return fit_rows(s, kind, X, rows, d, 1, use, err);
}

void ll_scaler_apply(const struct ll_scaler *s, float *X, size_t rows)
{
	if (s->kind == LL_SCALE_NONE)
		return;
	size_t d = s->d;
	for (size_t r = 0; r < rows; r++)
		for (size_t j = 0; j < d; j++)
			X[r * d + j] = (float)(((double)X[r * d + j] - s->center[j]) / s->scale[j]);
}

int ll_scaler_fit_featmat(struct ll_scaler *s, enum ll_scale_kind kind, const struct ll_featmat *m,
			  struct ll_err *err)
{
	if (!m->X)
		return ll_err_set(err, LL_EUSAGE, "normalisation needs dense features (this feature set is sparse)");
	unsigned char *use = NULL;
	if (m->split) {
		use = malloc(m->n ? m->n : 1);
		if (!use)
			return ll_err_set(err, LL_ENOMEM, "out of memory fitting a scaler");
		for (size_t i = 0; i < m->n; i++)
			use[i] = m->split[i] == LL_SPLIT_TRAIN;
	}
	int rc = fit_rows(s, kind, m->X, m->n * m->steps, m->d, m->steps, use, err);
	free(use);
	return rc;
}

int ll_scaler_apply_featmat(const struct ll_scaler *s, struct ll_featmat *m, struct ll_err *err)
{
	if (!m->X)
		return ll_err_set(err, LL_EUSAGE, "normalisation needs dense features (this feature set is sparse)");
	if (m->d != s->d)
		return ll_err_set(err, LL_EUSAGE, "scaler fitted on %zu features cannot apply to %zu", s->d, m->d);
	ll_scaler_apply(s, m->X, m->n * m->steps);
	return LL_OK;
}

int ll_scaler_format(const struct ll_scaler *s, char **text, struct ll_err *err)
{
	/* 2 numbers of at most 24 characters and an index per line */
	size_t cap = 64 + s->d * 80;
	char *b = malloc(cap);
	if (!b)
		return ll_err_set(err, LL_ENOMEM, "out of memory formatting a scaler");
	size_t n = (size_t)snprintf(b, cap, "loglab-scaler 1\nkind %s\nfeatures %zu\n", ll_scale_kind_name(s->kind),
				    s->d);
	for (size_t j = 0; j < s->d; j++)
		n += (size_t)snprintf(b + n, cap - n, "%zu %.17g %.17g\n", j, s->center[j], s->scale[j]);
	*text = b;
	return LL_OK;
}

int ll_scaler_parse(struct ll_scaler *s, const char *text, struct ll_err *err)
{
	memset(s, 0, sizeof *s);
	char line[256], kind[32];
	const char *p = text;
	size_t d;
	if (ll_text_next_line(&p, line, sizeof line) != 1 || strcmp(line, "loglab-scaler 1") != 0)
		return ll_err_set(err, LL_EDATA, "scaler line 1: expected 'loglab-scaler 1'");
	if (ll_text_next_line(&p, line, sizeof line) != 1 || sscanf(line, "kind %31s", kind) != 1)
		return ll_err_set(err, LL_EDATA, "scaler line 2: expected 'kind NAME'");
	enum ll_scale_kind k;
	if (ll_scale_kind_parse(kind, &k, NULL) != LL_OK)
		return ll_err_set(err, LL_EDATA, "scaler line 2: unknown kind '%s'", kind);
	char extra;
	if (ll_text_next_line(&p, line, sizeof line) != 1 || sscanf(line, "features %zu %c", &d, &extra) != 1 || d > (1u << 28))
		return ll_err_set(err, LL_EDATA, "scaler line 3: expected 'features N'");
	/* a count the lines cannot hold is refused before memory is taken */
	size_t left = ll_text_lines_left(p);
	if (d > left)
		return ll_err_set(err, LL_EDATA, "scaler line %zu: missing feature %zu of %zu", left + 4, left, d);
	if (scaler_alloc(s, k, d) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "out of memory for a scaler of %zu features", d);
	for (size_t j = 0; j < d; j++) {
		size_t idx;
		double c, sc;
		if (ll_text_next_line(&p, line, sizeof line) != 1) {
			ll_scaler_free(s);
			return ll_err_set(err, LL_EDATA, "scaler line %zu: missing feature %zu of %zu", j + 4, j, d);
		}
		if (sscanf(line, "%zu %lf %lf %c", &idx, &c, &sc, &extra) != 3 || idx != j || !isfinite(c) ||
		    !isfinite(sc) || sc == 0) {
			ll_scaler_free(s);
			return ll_err_set(err, LL_EDATA,
					  "scaler line %zu: expected '%zu CENTER SCALE' with finite numbers and a non-zero scale",
					  j + 4, j);
		}
		s->center[j] = c;
		s->scale[j] = sc;
	}
	for (int got; (got = ll_text_next_line(&p, line, sizeof line)) != 0;)
		if (got < 0 || line[0]) {
			ll_scaler_free(s);
			return ll_err_set(err, LL_EDATA, "scaler: unexpected text after feature %zu: '%.40s'", d, line);
		}
	return LL_OK;
}
