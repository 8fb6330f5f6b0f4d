/*
 * ll_textfeat.c - template-count rows over windows of lines (ll_textfeat.h).
 *
 * Each window's ids are copied to a scratch array, sorted and run-length
 * counted, so a row costs window log window whatever the number of
 * templates, and the columns come out increasing as ll_csr requires.
 */
#include "ll_textfeat.h"

#include <stdint.h>
#include <stdlib.h>

size_t ll_textfeat_windows(size_t n, size_t window, size_t stride)
{
	if (window == 0 || stride == 0 || window > n)
		return 0;
	return (n - window) / stride + 1;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

int ll_textfeat_template_counts(const long *tid, size_t n, size_t ntemplates, size_t window, size_t stride,
				struct ll_csr **out, size_t *first, struct ll_err *err)
{
	*out = NULL;
	if (window == 0 || stride == 0)
		return ll_err_set(err, LL_EUSAGE, "template counts: window (%zu) and stride (%zu) must be at least 1",
				  window, stride);
	if (window > n)
		return ll_err_set(err, LL_EUSAGE, "template counts: window of %zu lines is longer than the %zu lines",
				  window, n);
	if (ntemplates >= UINT32_MAX)
		return ll_err_set(err, LL_EUSAGE, "template counts: %zu templates are too many", ntemplates);
	size_t rows = ll_textfeat_windows(n, window, stride);
	/* a window stores at most min(window, ntemplates + 1) columns */
	size_t per = window < ntemplates + 1 ? window : ntemplates + 1;
	if (per && rows > SIZE_MAX / per / sizeof(float))
		return ll_err_set(err, LL_EUSAGE, "template counts: %zu windows of %zu lines are too many", rows, window);
	struct ll_csr *c = calloc(1, sizeof *c);
	uint32_t *ids = malloc(window * sizeof *ids);
	if (c) {
		c->indptr = malloc((rows + 1) * sizeof *c->indptr);
		c->indices = malloc(rows * per * sizeof *c->indices + 1);
		c->values = malloc(rows * per * sizeof *c->values + 1);
	}
	if (!c || !ids || !c->indptr || !c->indices || !c->values) {
		ll_csr_free(c);
		free(ids);
		return ll_err_set(err, LL_ENOMEM, "template counts: out of memory for %zu windows", rows);
	}
	c->rows = rows;
	c->cols = ntemplates + 1;
	c->indptr[0] = 0;
	size_t nnz = 0;
	for (size_t r = 0; r < rows; r++) {
		size_t s = r * stride;
		if (first)
			first[r] = s;
		for (size_t k = 0; k < window; k++) {
			long t = tid[s + k];
			ids[k] = (t < 0 || (size_t)t >= ntemplates) ? (uint32_t)ntemplates : (uint32_t)t;
		}
		qsort(ids, window, sizeof *ids, cmp_u32);
		for (size_t k = 0; k < window; k++) {
			if (k && ids[k] == ids[k - 1]) {
				c->values[nnz - 1] += 1.0f;
			} else {
				c->indices[nnz] = ids[k];
				c->values[nnz++] = 1.0f;
			}
		}
		c->indptr[r + 1] = nnz;
	}
	c->nnz = nnz;
	free(ids);
	*out = c;
	return LL_OK;
}
