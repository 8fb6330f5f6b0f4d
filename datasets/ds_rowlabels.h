/*
 * ds_rowlabels.h - a dataset's explicit label file (the dataset key
 * `labels`, ds_open_opts.labels) for the readers that have no label-file
 * format of their own (every reader but smd and nab, which read theirs):
 * one class a line, the i-th non-empty line the class of the table's i-th
 * row (a 0/1 column such as SMD's test_label files, or class names).
 * Without it a headerless series and its labels, kept apart as most
 * anomaly benchmarks keep them, could not be evaluated: the key was
 * silently ignored.
 */
#ifndef DS_ROWLABELS_H
#define DS_ROWLABELS_H

#include <stdint.h>

#include "ll_err.h"
#include "ll_table.h"

/* Gives t's rows the classes of labels_path (data_path names the data in
 * messages). LL_EDATA when the counts differ (both named), the file is
 * not text, or t already has labels of its own (its label column: the two
 * would disagree, so one must go); LL_EIO, LL_ENOMEM. */
int ds_rowlabels_apply(struct ll_table *t, const char *data_path, const char *labels_path, struct ll_err *err);

/* The label file alone, for a log read lazily (not held whole): *ids
 * (caller frees) gets the class of each of its *n labels, ids of names in
 * the order first met (names, zero-initialised by the caller, which frees
 * it). LL_EDATA when the file is not text; LL_EIO, LL_ENOMEM. The count is
 * the caller's to check against its rows. */
struct ll_names;
int ds_rowlabels_read(const char *labels_path, struct ll_names *names, int32_t **ids, size_t *n,
		      struct ll_err *err);

/* The dataset key `label_column` (ds_open_opts.label_column) for the
 * readers that do not take it themselves (tables lined up with blanks,
 * numbers under a header, line protocol...): the column of that name (any
 * case when no other matches) gives each row its class, its cell's text or
 * number ("0", "2.5"); an empty cell leaves the row unlabelled. Nothing
 * to do when the reader gave t labels. LL_EDATA naming the table's columns
 * when it has none of that name; LL_ENOMEM. */
int ds_rowlabels_from_column(struct ll_table *t, const char *data_path, const char *column, struct ll_err *err);

struct ds_dataset;
struct ll_labels;
/* What gave the rows of ds their labels, for a reader of l (ds's labels
 * with journal replayed): "labels from FILE (N rows labelled); the journal
 * JOURNAL changes M of them" into buf ("the journal changes" for a
 * journal "", no journal part for NULL), or "" when ds has no label file. */
void ds_rowlabels_describe(const struct ds_dataset *ds, const struct ll_labels *l, const char *journal, char *buf,
			   size_t cap);

#endif
