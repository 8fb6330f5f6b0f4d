/*
 * ds_predictions.h - reading a run's predictions.tsv back (ds_runs.c
 * writes it; docs/runs.md): one sample a line,
 *   sample row part true predicted score p_CLASS... [review] template
 * (review, the score the review queue ranks by, since runs cross-fit: see
 * ll_crossfit.h; a run without it reviews by score) for `loglab review` and anything else that trusts its rows.
 *
 * A run folder is files anyone may edit, so every line is checked: the
 * header, the column count, samples numbered 1, 2, 3... (a line repeated,
 * lost or moved), rows of the dataset (1..nrows), the part (train, dev,
 * test), finite scores and the template id (a number or empty). The
 * first problem is LL_EDATA naming path:line; nothing is skipped. Class
 * names (true, predicted, p_CLASS) are escaped as ll_tsvesc.h says; pred
 * is read back unescaped.
 */
#ifndef DS_PREDICTIONS_H
#define DS_PREDICTIONS_H

#include <stddef.h>

#include "ll_err.h"

struct ds_pred_row {
	size_t row;    /* 0-based row of the dataset */
	double score;  /* the root-cause score (finite) */
	double review; /* the review score (finite): out of fold where cross-fitted, else score */
	long tmpl;     /* template id, -1 when none */
	char part[8];  /* "train", "dev" or "test" */
	char pred[64]; /* the predicted class (cut to 63 bytes) */
};

/* Reads path; *out (caller frees) gets *n rows in file order. nrows is the
 * dataset's row count. LL_EIO when it cannot be read, LL_EDATA as above. */
int ds_predictions_read(const char *path, size_t nrows, struct ds_pred_row **out, size_t *n, struct ll_err *err);

#endif
