/*
 * ll_colsel.h - choosing feature columns: selection by regex, per-column
 * statistics for a live preview, and rankings of features against class
 * labels (variance, ANOVA F, mutual information) to help choose.
 *
 * Selection works on table column names (dstat's are "group/column", e.g.
 * "total cpu usage/usr"), so `usr|1m` picks the CPU user time and the
 * 1-minute load. Rankings work on a flat float32 matrix (n rows of d
 * features, row-major), the form every feature set ends up in.
 *
 * Ownership: the caller owns every array passed in and every array filled;
 * ll_colsel_match allocates *cols, which the caller frees with free().
 */
#ifndef LL_COLSEL_H
#define LL_COLSEL_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_table.h"

/* Flags of ll_colsel_match. By default only number and time columns can
 * match (a model needs numbers) and the match is case-sensitive. */
#define LL_COLSEL_TEXT 1u   /* text columns may match too */
#define LL_COLSEL_ICASE 2u  /* case-insensitive regex */
#define LL_COLSEL_NOTIME 4u /* leave out time columns (the clock is rarely a feature) */

/* The table meta key, this prefix and a text column's name, that marks a
 * text column whose values were made number columns of their own, named
 * NAME=VALUE (one-hot, datasets/ds_onehot.h). */
#define LL_COLSEL_VALUES_META "onehot:"

/* The table meta key whose value names the column that numbers or names
 * the rows (R's and pandas' row names, datasets/ds_rownames.h): a row's
 * position, not a measurement, so no default feature. */
#define LL_COLSEL_ROW_NAMES_META "row_names"

/* Indices of the columns whose names match the POSIX extended regex
 * (regexec semantics: a match anywhere in the name). A value column
 * NAME=VALUE of a text column marked LL_COLSEL_VALUES_META matches when
 * NAME does too: the user names the column they see in the data, and
 * `^level$` must keep level's values. *cols is allocated
 * (free()), in table order. LL_EUSAGE with a message when the regex does not
 * compile or when it matches no eligible column; the latter lists the
 * eligible names so the user can fix the pattern. */
int ll_colsel_match(const struct ll_table *t, const char *regex, unsigned flags, size_t **cols, size_t *ncols,
		    struct ll_err *err);
/* The names of the columns flags admits (as ll_colsel_match: never the
 * labels' own; LL_COLSEL_TEXT and no LL_COLSEL_NOTIME: every other one)
 * into buf, ", " between them, cut with ", ... (N more)" where cap ends:
 * what a message shows of a table's columns. Returns how many there are. */
size_t ll_colsel_names(const struct ll_table *t, unsigned flags, char *buf, size_t cap);

/* Statistics of one column, NaN values counted as missing. std is the
 * population standard deviation (ddof 0, like numpy.std). With no value at
 * all, mean/std/min/max are NaN. */
struct ll_colstats {
	size_t count;   /* non-missing values */
	size_t missing; /* NaN values */
	double mean, std, min, max;
};

void ll_colstats_compute(const double *x, size_t n, struct ll_colstats *st);
/* Statistics of a number or time column; LL_EUSAGE for a text column. */
int ll_colstats_column(const struct ll_table *t, size_t col, struct ll_colstats *st, struct ll_err *err);

/* Rankings. X is n x d float32 row-major; y holds class ids 0..nclasses-1,
 * and rows with a negative y (unlabelled) are left out. score receives d
 * values (double). NaN feature values are not allowed (LL_EDATA): fill or
 * drop them first (ll_resample's NaN policy). */

/* Population variance of each feature over the labelled rows (what
 * sklearn's VarianceThreshold thresholds). */
int ll_rank_variance(const float *X, size_t n, size_t d, const int *y, double *score, struct ll_err *err);

/* One-way ANOVA F statistic of each feature across the classes, as
 * sklearn.feature_selection.f_classif: F = (SSB / (k - 1)) / (SSW / (n - k)).
 * A constant feature gets NaN (sklearn too); a feature constant within every
 * class but not across gets +inf. pvalue (may be NULL) receives the upper
 * tail of the F(k - 1, n - k) distribution. Needs >= 2 classes and
 * n > k labelled rows. */
int ll_rank_anova_f(const float *X, size_t n, size_t d, const int *y, double *score, double *pvalue,
		    struct ll_err *err);

/* Mutual information (nats) between each feature and the class, with the
 * nearest-neighbour estimator of Ross (PLoS ONE 2014) that sklearn's
 * mutual_info_classif uses for continuous features, reproduced step by step:
 * each feature is divided by its standard deviation, jittered by
 * 1e-10 * max(1, mean |x|) * N(0, 1) noise (from a generator seeded with
 * seed) so that ties break, then for every row the distance r to its k-th
 * nearest neighbour within its class is found, m = the number of rows of
 * any class closer than r, and
 *   MI = psi(N) + mean psi(k) - mean psi(N_class) - mean psi(m),
 * clipped at 0. Rows of a class with a single member are ignored. k = 3 is
 * sklearn's default. Features with many ties (counters that are often 0)
 * depend on the jitter, so they agree with sklearn in ranking rather than
 * to the last digit; tie-free features agree to rounding. O(n log n) per
 * feature: neighbours are searched in sorted order, which is exact in one
 * dimension. */
int ll_rank_mutual_info(const float *X, size_t n, size_t d, const int *y, size_t k, uint64_t seed, double *score,
			struct ll_err *err);

/* Feature indices ordered by decreasing score (NaN last), ties by index. */
void ll_rank_order(const double *score, size_t d, size_t *order);

#endif
