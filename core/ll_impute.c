/*
 * ll_impute.c - training-mean imputation (see ll_impute.h).
 */
#include "ll_impute.h"

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
	size_t d = m->d, steps = m->steps ? m->steps : 1;
	size_t *count = calloc(d ? d : 1, sizeof *count);
	if (!count || alloc_fill(imp, d) != LL_OK) {
		free(count);
		ll_imputer_free(imp);
		return ll_err_set(err, LL_ENOMEM, "out of memory fitting the missing values' means");
	}
	/* by rows: X is row-major, and one pass per column would stride it */
	for (size_t i = 0; i < m->n; i++) {
		if (m->split && m->split[i] != LL_SPLIT_TRAIN)
			continue;
		for (size_t s = 0; s < steps; s++) {
			const float *row = m->X + (i * steps + s) * d;
			for (size_t j = 0; j < d; j++)
				if (!isnan(row[j])) {
					imp->fill[j] += row[j];
					count[j]++;
				}
		}
	}
	for (size_t j = 0; j < d; j++)
		imp->fill[j] = count[j] ? imp->fill[j] / (double)count[j] : 0;
	free(count);
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

/* The next line of text into buf, without its line break; 0 at the end,
 * -1 when longer than buf. */
static int next_line(const char **p, char *buf, size_t cap)
{
	const char *start = *p;
	if (!*start)
		return 0;
	const char *e = strchr(start, '\n');
	size_t len = e ? (size_t)(e - start) : strlen(start);
	*p = e ? e + 1 : start + len;
	if (len >= cap)
		return -1;
	memcpy(buf, start, len);
	buf[len] = '\0';
	if (len && buf[len - 1] == '\r')
		buf[len - 1] = '\0';
	return 1;
}

/* How many lines next_line() would still return from p. */
static size_t lines_left(const char *p)
{
	size_t n = 0;
	for (const char *e; *p; p = e + 1, n++)
		if (!(e = strchr(p, '\n')))
			return n + 1;
	return n;
}

int ll_imputer_parse(struct ll_imputer *imp, const char *text, struct ll_err *err)
{
	memset(imp, 0, sizeof *imp);
	char line[128], extra;
	const char *p = text;
	size_t d;
	if (next_line(&p, line, sizeof line) != 1 || strcmp(line, "loglab-imputer 1") != 0)
		return ll_err_set(err, LL_EDATA, "imputer line 1: expected 'loglab-imputer 1'");
	if (next_line(&p, line, sizeof line) != 1 || sscanf(line, "features %zu %c", &d, &extra) != 1 ||
	    d > (1u << 28))
		return ll_err_set(err, LL_EDATA, "imputer line 2: expected 'features N'");
	/* room for the lines the text holds, not the count it declares: a
	 * damaged count would otherwise reserve gigabytes before the first
	 * missing line is found */
	size_t room = lines_left(p);
	if (alloc_fill(imp, room < d ? room : d) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "out of memory for the means of %zu features", d);
	imp->d = d;
	for (size_t j = 0; j < d; j++) {
		size_t idx;
		double v;
		int got = next_line(&p, line, sizeof line);
		if (got != 1 || sscanf(line, "%zu %lf %c", &idx, &v, &extra) != 2 || idx != j || !isfinite(v)) {
			ll_imputer_free(imp);
			return ll_err_set(err, LL_EDATA,
					  got == 0 ? "imputer line %zu: missing feature %zu"
						   : "imputer line %zu: expected '%zu MEAN' with a finite number",
					  j + 3, j);
		}
		imp->fill[j] = v;
	}
	char rest[2];
	if (next_line(&p, rest, sizeof rest) != 0) {
		ll_imputer_free(imp);
		return ll_err_set(err, LL_EDATA, "imputer line %zu: more features than the %zu it declares", d + 3, d);
	}
	return LL_OK;
}
