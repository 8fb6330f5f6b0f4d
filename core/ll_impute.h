/*
 * ll_impute.h - missing values of a table's features replaced by their
 * mean over the training samples, as scikit-learn's
 * SimpleImputer(strategy="mean") does, with the means saved as text next
 * to the model so that eval and predict on other data fill in exactly the
 * same values.
 *
 * It is the NaN policy "mean" (ll_resample.h) and the default for rows
 * that have no time order (ll_recipe_resolve_defaults): carrying the last
 * value forward reads a neighbouring row, which in a table of independent
 * rows is another sample, often of the test part, and in a table sorted
 * by class one of the same class.
 *
 * A feature with no value in the training samples is filled with 0. Every
 * step of a sequence counts as a row, as the scalers count them.
 */
#ifndef LL_IMPUTE_H
#define LL_IMPUTE_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_featmat.h"

struct ll_imputer {
	size_t d;
	double *fill; /* d values, owned */
};

/* Fits on the training samples of a dense featmat (split NULL: all).
 * imp is overwritten: free an earlier fit first. LL_EUSAGE when sparse. */
int ll_imputer_fit_featmat(struct ll_imputer *imp, const struct ll_featmat *m, struct ll_err *err);
/* Replaces every NaN of m's samples; *filled (may be NULL) counts them.
 * LL_EUSAGE when sparse or when d differs. */
int ll_imputer_apply_featmat(const struct ll_imputer *imp, struct ll_featmat *m, size_t *filled,
			     struct ll_err *err);
void ll_imputer_free(struct ll_imputer *imp);

/* Text form, one feature a line with round-trip precision (%.17g):
 *   loglab-imputer 1
 *   features 3
 *   0 <fill>
 *   ...
 * ll_imputer_format allocates *text (free()). ll_imputer_parse rejects
 * anything else with LL_EDATA naming the line. */
int ll_imputer_format(const struct ll_imputer *imp, char **text, struct ll_err *err);
int ll_imputer_parse(struct ll_imputer *imp, const char *text, struct ll_err *err);

#endif
