/*
 * ll_tfidf.c - fitting, applying and saving the TF-IDF weights of
 * ll_tfidf.h. The idf of every column is kept precomputed (cols doubles),
 * so transforming is one pass over the stored values.
 */
#include "ll_tfidf.h"
#include "ll_limits.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "loglab-tfidf 1"

struct ll_tfidf {
	struct ll_tfidf_config c;
	size_t cols, n;
	uint64_t *df;
	double *idf;
};

void ll_tfidf_config_default(struct ll_tfidf_config *c)
{
	c->use_idf = 1;
	c->smooth_idf = 1;
	c->sublinear_tf = 0;
	c->norm_l2 = 1;
}

void ll_tfidf_free(struct ll_tfidf *t)
{
	if (!t)
		return;
	free(t->df);
	free(t->idf);
	free(t);
}

static struct ll_tfidf *tfidf_alloc(const struct ll_tfidf_config *c, size_t cols)
{
	struct ll_tfidf *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->c = *c;
	t->cols = cols;
	t->df = calloc(cols ? cols : 1, sizeof *t->df);
	t->idf = malloc((cols ? cols : 1) * sizeof *t->idf);
	if (!t->df || !t->idf) {
		ll_tfidf_free(t);
		return NULL;
	}
	return t;
}

static void compute_idf(struct ll_tfidf *t)
{
	double n = (double)t->n + (t->c.smooth_idf ? 1.0 : 0.0);
	for (size_t j = 0; j < t->cols; j++) {
		double df = (double)t->df[j] + (t->c.smooth_idf ? 1.0 : 0.0);
		t->idf[j] = (t->c.use_idf && df > 0) ? log(n / df) + 1.0 : 1.0;
	}
}

int ll_tfidf_fit(const struct ll_tfidf_config *c, const struct ll_csr *X, const unsigned char *split,
		 struct ll_tfidf **out, struct ll_err *err)
{
	*out = NULL;
	struct ll_tfidf *t = tfidf_alloc(c, X->cols);
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "tf-idf: out of memory for %zu columns", X->cols);
	for (size_t i = 0; i < X->rows; i++) {
		if (split && split[i] != LL_SPLIT_TRAIN)
			continue;
		t->n++;
		for (size_t k = X->indptr[i]; k < X->indptr[i + 1]; k++) {
			uint32_t j = X->indices[k];
			if (j >= X->cols) {
				ll_tfidf_free(t);
				return ll_err_set(err, LL_EUSAGE, "tf-idf: row %zu has column %" PRIu32 " of %zu", i, j,
						  X->cols);
			}
			t->df[j]++;
		}
	}
	if (t->n == 0) {
		ll_tfidf_free(t);
		return ll_err_set(err, LL_EUSAGE, "tf-idf: no training rows to fit on (%zu rows in all)", X->rows);
	}
	compute_idf(t);
	*out = t;
	return LL_OK;
}

/* tf (sublinear when asked) times idf, in double. */
static inline double weight(const struct ll_tfidf *t, float x, uint32_t j)
{
	double v = x;
	if (t->c.sublinear_tf && v != 0)
		v = v > 0 ? 1.0 + log(v) : -(1.0 + log(-v));
	return v * t->idf[j];
}

int ll_tfidf_transform(const struct ll_tfidf *t, struct ll_csr *X, struct ll_err *err)
{
	if (X->cols != t->cols)
		return ll_err_set(err, LL_EUSAGE, "tf-idf: matrix has %zu columns, the fit had %zu", X->cols, t->cols);
	for (size_t k = 0; k < X->nnz; k++)
		if (X->indices[k] >= t->cols)
			return ll_err_set(err, LL_EUSAGE, "tf-idf: column %" PRIu32 " is out of range (%zu columns)",
					  X->indices[k], t->cols);
	size_t w = 0, a = 0;
	for (size_t i = 0; i < X->rows; i++) {
		size_t b = X->indptr[i + 1], start = w;
		double ss = 0;
		for (size_t k = a; k < b; k++) {
			double v = weight(t, X->values[k], X->indices[k]);
			ss += v * v;
		}
		/* scale the double products, not their rounded floats */
		double inv = (t->c.norm_l2 && ss > 0) ? 1.0 / sqrt(ss) : 1.0;
		for (size_t k = a; k < b; k++) {
			double v = weight(t, X->values[k], X->indices[k]);
			if (v == 0)
				continue; /* a stored zero is dropped, as sklearn's product does */
			X->indices[w] = X->indices[k];
			X->values[w++] = (float)(v * inv);
		}
		a = b;
		X->indptr[i] = start;
	}
	X->indptr[X->rows] = w;
	X->nnz = w;
	return LL_OK;
}

const struct ll_tfidf_config *ll_tfidf_config(const struct ll_tfidf *t)
{
	return &t->c;
}

size_t ll_tfidf_cols(const struct ll_tfidf *t)
{
	return t->cols;
}

size_t ll_tfidf_samples(const struct ll_tfidf *t)
{
	return t->n;
}

double ll_tfidf_idf(const struct ll_tfidf *t, size_t j)
{
	return j < t->cols ? t->idf[j] : 1.0;
}

size_t ll_tfidf_df(const struct ll_tfidf *t, size_t j)
{
	return j < t->cols ? (size_t)t->df[j] : 0;
}

int ll_tfidf_save(const struct ll_tfidf *t, FILE *f, const char *name, struct ll_err *err)
{
	size_t nz = 0;
	for (size_t j = 0; j < t->cols; j++)
		nz += t->df[j] != 0;
	fprintf(f, "%s\ncols %zu\nsamples %zu\nuse_idf %d\nsmooth_idf %d\nsublinear_tf %d\nnorm_l2 %d\ndf %zu\n", MAGIC,
		t->cols, t->n, t->c.use_idf ? 1 : 0, t->c.smooth_idf ? 1 : 0, t->c.sublinear_tf ? 1 : 0,
		t->c.norm_l2 ? 1 : 0, nz);
	for (size_t j = 0; j < t->cols; j++)
		if (t->df[j])
			fprintf(f, "%zu\t%" PRIu64 "\n", j, t->df[j]);
	fputs("end\n", f);
	if (fflush(f) != 0 || ferror(f))
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot write the tf-idf weights", name);
	return LL_OK;
}

/* Reads one line into buf without its newline; 0 at end of file. */
static int read_line(FILE *f, char *buf, size_t size, size_t *lineno)
{
	if (!fgets(buf, (int)size, f))
		return 0;
	(*lineno)++;
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 1;
}

/* "key <unsigned>" with nothing after; 0 on a mismatch. */
static int key_value(const char *line, const char *key, unsigned long long *v)
{
	size_t k = strlen(key);
	if (strncmp(line, key, k) != 0 || line[k] != ' ' || line[k + 1] < '0' || line[k + 1] > '9')
		return 0;
	char *end;
	errno = 0;
	*v = strtoull(line + k + 1, &end, 10);
	return errno == 0 && *end == '\0';
}

int ll_tfidf_load(FILE *f, const char *name, struct ll_tfidf **out, struct ll_err *err)
{
	*out = NULL;
	char buf[256];
	size_t ln = 0;
	static const char *const keys[] = {"cols", "samples", "use_idf", "smooth_idf", "sublinear_tf", "norm_l2", "df"};
	unsigned long long v[7];
	if (!read_line(f, buf, sizeof buf, &ln) || strcmp(buf, MAGIC) != 0)
		return ll_err_set(err, LL_EDATA, "%s:1: not a loglab tf-idf file (expected \"%s\")", name, MAGIC);
	for (size_t k = 0; k < 7; k++) {
		if (!read_line(f, buf, sizeof buf, &ln) || !key_value(buf, keys[k], &v[k]))
			return ll_err_set(err, LL_EDATA, "%s:%zu: expected \"%s <number>\"", name, ln + (feof(f) ? 1 : 0),
					  keys[k]);
	}
	if (v[0] == 0 || v[0] > ((unsigned long long)1 << 31))
		return ll_err_set(err, LL_EDATA, "%s:2: column count %llu is outside 1..2^31", name, v[0]);
	if (v[1] == 0)
		return ll_err_set(err, LL_EDATA, "%s:3: fitted on no rows", name);
	for (size_t k = 2; k < 6; k++)
		if (v[k] > 1)
			return ll_err_set(err, LL_EDATA, "%s:%zu: %s must be 0 or 1", name, k + 2, keys[k]);
	if (v[6] > v[0])
		return ll_err_set(err, LL_EDATA, "%s:8: %llu nonzero columns of %llu", name, v[6], v[0]);
	/* a damaged count must not take the machine's memory: a df and an idf
	 * a column */
	char what[64];
	snprintf(what, sizeof what, "%s: %llu columns", name, v[0]);
	int rc = ll_mem_check((double)v[0] * 16.0, what, err);
	if (rc != LL_OK)
		return rc;
	struct ll_tfidf_config c = {(int)v[2], (int)v[3], (int)v[4], (int)v[5]};
	struct ll_tfidf *t = tfidf_alloc(&c, (size_t)v[0]);
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory for %llu columns", name, v[0]);
	t->n = (size_t)v[1];
	long long prev = -1;
	for (unsigned long long k = 0; k < v[6]; k++) {
		char *end;
		if (!read_line(f, buf, sizeof buf, &ln)) {
			ll_tfidf_free(t);
			return ll_err_set(err, LL_EDATA, "%s:%zu: file ends after %llu of %llu columns", name, ln + 1, k,
					  v[6]);
		}
		errno = 0;
		unsigned long long j = buf[0] >= '0' && buf[0] <= '9' ? strtoull(buf, &end, 10) : 0;
		int ok = buf[0] >= '0' && buf[0] <= '9' && errno == 0 && *end == '\t' && end[1] >= '0' && end[1] <= '9';
		unsigned long long d = ok ? strtoull(end + 1, &end, 10) : 0;
		ok = ok && errno == 0 && *end == '\0';
		if (!ok || j >= v[0] || (long long)j <= prev || d == 0 || d > v[1]) {
			ll_tfidf_free(t);
			return ll_err_set(err, LL_EDATA,
					  "%s:%zu: expected \"column<TAB>df\" with increasing columns below %llu and "
					  "1 <= df <= %llu",
					  name, ln, v[0], v[1]);
		}
		prev = (long long)j;
		t->df[j] = d;
	}
	if (!read_line(f, buf, sizeof buf, &ln) || strcmp(buf, "end") != 0) {
		ll_tfidf_free(t);
		return ll_err_set(err, LL_EDATA, "%s:%zu: expected \"end\"", name, ln + 1);
	}
	compute_idf(t);
	*out = t;
	return LL_OK;
}
