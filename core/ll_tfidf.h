/*
 * ll_tfidf.h - TF-IDF weighting of a CSR of term counts, as scikit-learn's
 * TfidfTransformer with its defaults (use_idf, smooth_idf, l2 norm).
 *
 * Fitting counts, for every column, the training rows that store it (its
 * document frequency df; like sklearn, a stored zero counts too) and sets
 *   idf = ln((1 + n) / (1 + df)) + 1     with smooth_idf (n training rows)
 *   idf = ln(n / df) + 1                 without (columns with df = 0 get
 *                                        idf 1 here; sklearn would divide by 0)
 * Only rows whose split part is LL_SPLIT_TRAIN count, so dev and test rows
 * never leak into the weights. Transforming multiplies each value by its
 * column's idf (after tf -> 1 + ln tf when sublinear_tf; a negative hashed
 * count -c becomes -(1 + ln c) and 0 stays 0, where sklearn gives NaN) and
 * then scales each row to unit Euclidean length (rows of length 0 stay).
 * Values that are 0 before scaling (stored zeros from cancelled hash
 * collisions) are removed, as sklearn's sparse product removes them.
 * Arithmetic is in double; results are stored as float.
 *
 * A fitted model saves its document frequencies as text, so predict
 * recomputes exactly the same idf.
 */
#ifndef LL_TFIDF_H
#define LL_TFIDF_H

#include <stddef.h>
#include <stdio.h>

#include "ll_err.h"
#include "ll_featmat.h"

struct ll_tfidf_config {
	int use_idf;      /* default 1; 0 = tf and normalisation only */
	int smooth_idf;   /* default 1 */
	int sublinear_tf; /* default 0 */
	int norm_l2;      /* default 1; 0 = no normalisation */
};

struct ll_tfidf;

void ll_tfidf_config_default(struct ll_tfidf_config *c);

/* Fits on the rows i of X with split[i] == LL_SPLIT_TRAIN (every row when
 * split is NULL; split has X->rows entries). LL_EUSAGE when there is no
 * training row. The caller frees *out with ll_tfidf_free. */
int ll_tfidf_fit(const struct ll_tfidf_config *c, const struct ll_csr *X, const unsigned char *split,
		 struct ll_tfidf **out, struct ll_err *err);
void ll_tfidf_free(struct ll_tfidf *t);

/* Weights X in place (nnz can shrink, arrays keep their size); LL_EUSAGE when its column count differs from the fit's
 * or a column index is out of range. */
int ll_tfidf_transform(const struct ll_tfidf *t, struct ll_csr *X, struct ll_err *err);

const struct ll_tfidf_config *ll_tfidf_config(const struct ll_tfidf *t);
size_t ll_tfidf_cols(const struct ll_tfidf *t);
/* Training rows the idf was fitted on. */
size_t ll_tfidf_samples(const struct ll_tfidf *t);
/* idf of column j (1 when use_idf is off or j is out of range). */
double ll_tfidf_idf(const struct ll_tfidf *t, size_t j);
/* Document frequency of column j in the training rows (0 when out of range). */
size_t ll_tfidf_df(const struct ll_tfidf *t, size_t j);

/* Saves the configuration and the nonzero document frequencies as text.
 * name is used in error messages. */
int ll_tfidf_save(const struct ll_tfidf *t, FILE *f, const char *name, struct ll_err *err);
/* Loads what ll_tfidf_save wrote; LL_EDATA naming name and the line for a
 * malformed file. */
int ll_tfidf_load(FILE *f, const char *name, struct ll_tfidf **out, struct ll_err *err);

#endif
