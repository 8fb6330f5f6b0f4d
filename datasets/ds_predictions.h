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
	char truth[64]; /* the run's label of the sample ("true"; "" unlabelled; cut to 63 bytes) */
};

/* Reads path; *out (caller frees) gets *n rows in file order. nrows is the
 * dataset's row count. LL_EIO when it cannot be read, LL_EDATA as above. */
int ds_predictions_read(const char *path, size_t nrows, struct ds_pred_row **out, size_t *n, struct ll_err *err);

struct ll_recipe;

/* 1 when a sample of a run is a review suspect by its labels (the review
 * queue of `loglab review RUN` and of the TUI's review view, one rule):
 * row_label, the dataset's label now of the row the sample is traced to
 * (NULL unlabelled), is one rec counts as ordinary; and when rec groups
 * rows into samples (down-sampled buckets, row or time windows, sessions),
 * run_label, the label the run computed for the whole sample by the
 * recipe's label rule (predictions.tsv "true"; NULL or "" unlabelled), is
 * not a root-cause class. A minute holding ten seconds of "oom" is traced
 * to its first row, which may be ordinary: the run trained on it as oom, so
 * it is no suspect. Without grouping the sample is its row and run_label
 * is the row's label when the run was trained, which a relabel since then
 * overrides. */
int ds_pred_label_suspect(const struct ll_recipe *rec, const char *row_label, const char *run_label);
/* 1 when rec's samples group rows (down-sampling, any window): a sample is
 * then more than the row predictions.tsv traces it to. */
int ds_pred_samples_group_rows(const struct ll_recipe *rec);

#endif
