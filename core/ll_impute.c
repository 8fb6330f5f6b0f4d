/*
 * ll_impute.c - training-mean imputation (see ll_impute.h).
 */
#include "ll_impute.h"
#include "ll_scale.h"
#include "ll_textline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int alloc_fill(struct ll_imputer *imp, size_t d)
{
	imp->d = d;
	imp->fill = calloc(d ? d : 1, sizeof *imp->fill);
	return imp->fill ? LL_OK : LL_ENOMEM;
}

int ll_imputer_fit_featmat(struct ll_imputer *imp, const struct ll_featmat *m, struct ll_err *err)
{
	memset(imp, 0, sizeof *imp);
	if (!m->X)
		return ll_err_set(err, LL_EUSAGE, "filling in missing values needs dense features (these are sparse)");
	/* a z-score's centres are these means: the training samples' values,
	 * NaN left out, 0 for a feature without one (ll_scale.h) */
	struct ll_scaler s = {0};
	struct ll_err sub;
	ll_err_clear(&sub);
	int rc = ll_scaler_fit_featmat(&s, LL_SCALE_ZSCORE, m, &sub);
	if (rc == LL_OK && alloc_fill(imp, m->d) != LL_OK)
		rc = LL_ENOMEM;
	if (rc == LL_OK)
		memcpy(imp->fill, s.center, m->d * sizeof *imp->fill);
	ll_scaler_free(&s);
	if (rc != LL_OK)
		return ll_err_set(err, rc, "fitting the missing values' means: %s",
				  rc == LL_ENOMEM ? "out of memory" : sub.msg);
	return LL_OK;
}

int ll_imputer_apply_featmat(const struct ll_imputer *imp, struct ll_featmat *m, size_t *filled,
			     struct ll_err *err)
{
	if (!m->X)
		return ll_err_set(err, LL_EUSAGE, "filling in missing values needs dense features (these are sparse)");
	if (m->d != imp->d)
		return ll_err_set(err, LL_EUSAGE, "missing values' means of %zu features cannot fill %zu", imp->d, m->d);
	size_t rows = m->n * (m->steps ? m->steps : 1), d = m->d, k = 0;
	for (size_t r = 0; r < rows; r++) {
		float *row = m->X + r * d;
		for (size_t j = 0; j < d; j++)
			if (isnan(row[j])) {
				row[j] = (float)imp->fill[j];
				k++;
			}
	}
	if (filled)
		*filled = k;
	return LL_OK;
}

void ll_imputer_free(struct ll_imputer *imp)
{
	free(imp->fill);
	imp->fill = NULL;
	imp->d = 0;
}

int ll_imputer_format(const struct ll_imputer *imp, char **text, struct ll_err *err)
{
	/* an index and a number of at most 24 characters per line */
	size_t cap = 64 + imp->d * 48;
	char *b = malloc(cap);
	if (!b)
		return ll_err_set(err, LL_ENOMEM, "out of memory formatting the missing values' means");
	size_t n = (size_t)snprintf(b, cap, "loglab-imputer 1\nfeatures %zu\n", imp->d);
	for (size_t j = 0; j < imp->d; j++)
		n += (size_t)snprintf(b + n, cap - n, "%zu %.17g\n", j, imp->fill[j]);
	*text = b;
	return LL_OK;
}

int ll_imputer_parse(struct ll_imputer *imp, const char *text, struct ll_err *err)
{
	memset(imp, 0, sizeof *imp);
	char line[128], extra;
	const char *p = text;
	size_t d;
	if (ll_text_next_line(&p, line, sizeof line) != 1 || strcmp(line, "loglab-imputer 1") != 0)
		return ll_err_set(err, LL_EDATA, "imputer line 1: expected 'loglab-imputer 1'");
	if (ll_text_next_line(&p, line, sizeof line) != 1 || sscanf(line, "features %zu %c", &d, &extra) != 1 ||
	    d > (1u << 28))
		return ll_err_set(err, LL_EDATA, "imputer line 2: expected 'features N'");
	/* a count the lines cannot hold is refused before memory is taken */
	size_t left = ll_text_lines_left(p);
	if (d > left)
		return ll_err_set(err, LL_EDATA, "imputer line %zu: missing feature %zu", left + 3, left);
	if (alloc_fill(imp, d) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "out of memory for the means of %zu features", d);
	for (size_t j = 0; j < d; j++) {
		size_t idx;
		double v;
		int got = ll_text_next_line(&p, line, sizeof line);
		if (got != 1 || sscanf(line, "%zu %lf %c", &idx, &v, &extra) != 2 || idx != j || !isfinite(v)) {
			ll_imputer_free(imp);
			return ll_err_set(err, LL_EDATA,
					  got == 0 ? "imputer line %zu: missing feature %zu"
						   : "imputer line %zu: expected '%zu MEAN' with a finite number",
					  j + 3, j);
		}
		imp->fill[j] = v;
	}
	/* blank lines may end the file; anything else is a feature too many */
	for (int got; (got = ll_text_next_line(&p, line, sizeof line)) != 0;)
		if (got < 0 || line[0]) {
			ll_imputer_free(imp);
			return ll_err_set(err, LL_EDATA, "imputer line %zu: more features than the %zu it declares",
					  d + 3, d);
		}
	return LL_OK;
}
