/*
 * ll_featmat.h - what a feature set produces: samples ready for a model.
 *
 * Dense samples are float32 row-major: a flat sample is d floats, a
 * sequence sample (LSTM windows) is steps x d floats, so X holds
 * n * steps * d values. Text features of large vocabularies are sparse
 * instead: CSR with n rows and d columns (values float32), and X is NULL.
 * Every sample keeps the first source row it came from (origin), so
 * results can drill back to the lines behind a prediction.
 *
 * Ownership: the featmat owns every array; ll_featmat_free releases them.
 */
#ifndef LL_FEATMAT_H
#define LL_FEATMAT_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

enum ll_split_part { LL_SPLIT_TRAIN = 0, LL_SPLIT_DEV = 1, LL_SPLIT_TEST = 2 };

struct ll_csr {
	size_t rows, cols, nnz;
	size_t *indptr;   /* rows + 1 */
	uint32_t *indices; /* nnz column ids, increasing within a row */
	float *values;    /* nnz */
};

struct ll_featmat {
	size_t n;               /* samples */
	size_t d;               /* features per step */
	size_t steps;           /* 1 for flat samples */
	float *X;               /* n * steps * d, or NULL when sparse */
	struct ll_csr *sparse;  /* NULL when dense */
	int *y;                 /* n class ids, -1 when unlabelled */
	float *w;               /* n sample weights, or NULL (all 1) */
	unsigned char *split;   /* n ll_split_part values, or NULL (all train) */
	size_t *origin;         /* n source rows, or NULL */
	char **names;           /* d feature names */
	char **classes;         /* nclasses class names */
	size_t nclasses;
	float *class_weight;    /* nclasses loss weights, or NULL (all 1) */
};

/* Allocates X (when dense), y, origin, split and names for n x steps x d;
 * everything zeroed, y = -1. LL_EDATA with the numbers when that would
 * pass LOGLAB_MEMORY_MAX (ll_limits.h). */
int ll_featmat_alloc(struct ll_featmat *m, size_t n, size_t steps, size_t d, int dense, struct ll_err *err);
void ll_featmat_free(struct ll_featmat *m);
void ll_csr_free(struct ll_csr *c);

/* Copies name (and class names) into the featmat. */
int ll_featmat_set_name(struct ll_featmat *m, size_t j, const char *name);
int ll_featmat_set_classes(struct ll_featmat *m, const char *const *names, size_t n);

/* Number of samples in one part of the split. */
size_t ll_featmat_count(const struct ll_featmat *m, enum ll_split_part part);

#endif
