/*
 * ds_onehot.h - text columns of a few values as number columns, one per
 * value ("Partition=gpu": 1 on the rows that hold it, 0 on the others),
 * for the feature sets whose columns regex names them.
 *
 * Features are numbers, so a text column such as a job's partition or a
 * line's level was left out of a feature set that named it (said in a
 * warning). Expanded as scikit-learn's OneHotEncoder would, it is a
 * feature like any other: resampled (a mean is the share of the rows with
 * that value), windowed and scaled. A column is expanded when the feature
 * set's columns regex matches it (the label's own column, log lines'
 * "line" and the text features' column never), it holds 2 to
 * DS_ONEHOT_MAX_VALUES distinct values (an id or free text holds more and
 * stays out, with the warning), and no column of its values' names exists.
 * Values are sorted, so the columns' order does not depend on the rows'.
 * Without a regex (the default columns) a text column of true and false
 * (any case, as R, Python, JSON and spreadsheets write them) is one number
 * column "NAME=true" (1, 0, missing where empty) of a feature set of
 * number columns, as pandas gives such a column to scikit-learn.
 * Applied to other data (eval, predict), the run's feature names line the
 * columns up (ds_onehot_align): a value the run never saw has no column,
 * a value the other data lacks is a column of zeros.
 */
#ifndef DS_ONEHOT_H
#define DS_ONEHOT_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_featmat.h"
#include "ll_recipe.h"
#include "ll_table.h"

#define DS_ONEHOT_MAX_VALUES 32

/* Adds the value columns of every text column of t that r's columns regex
 * matches, or without one the true/false columns (see above), once: a column expanded before (table meta
 * LL_RECIPE_ONEHOT_META and its name) is left as it is. *added (may be NULL) gets how many
 * columns were added. LL_OK, or LL_ENOMEM. */
int ds_onehot_expand(struct ll_table *t, const struct ll_recipe *r, size_t *added, struct ll_err *err);

/* 1 when name is a value column ds_onehot_expand made ("COL=value"). */
int ds_onehot_is_value_column(const struct ll_table *t, const char *name);

/* Lines m's features up with a run's (names, d of them): each of the run's
 * features takes m's feature of the same name; a value column of the run
 * that m lacks is zeros (*missing counts them), a feature of m the run
 * does not have is dropped (*unseen counts value columns). Any other
 * feature of the run that m lacks is LL_EUSAGE naming it. m dense. */
int ds_onehot_align(struct ll_featmat *m, const struct ll_table *t, char *const *names, size_t d,
		    size_t *missing, size_t *unseen, struct ll_err *err);

#endif
