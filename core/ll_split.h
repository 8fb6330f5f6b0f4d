/*
 * ll_split.h - assigning samples to train / dev / test, and measuring how
 * much the test part leaks from the training part.
 *
 * Every split writes one enum ll_split_part value per sample into part[n]
 * (a featmat's split array) and is deterministic for a seed.
 *
 * Sizes round as scikit-learn's train_test_split: n_test = ceil(test * n)
 * and n_dev = ceil(dev * n), train takes the rest. When the test ratio was
 * not given but left to be the rest (test_is_rest), the train ratio is the
 * given one and rounds down as sklearn's train_size: n_train =
 * floor(train * n), dev as before, test the rest (so "train 0.7" of 150 rows
 * is 105/45, not the 104/46 that ceil((1 - 0.7) * 150) would give).
 * Ratios must each be >= 0 and sum to 1 (within 1e-9), with train > 0.
 * A train above 1 is a count of samples instead (a whole number, as
 * sklearn's integer train_size): n_train = min(train, n), no dev, test the
 * rest; so a series whose first 1200 steps are its normal start splits
 * there exactly, which no ratio written with a few digits does.
 *
 * Stratified: each class keeps its share in every part. Per-class train
 * counts follow scikit-learn's StratifiedShuffleSplit allocation (class
 * share of n_train rounded down, the remainder given to the classes with
 * the largest fractional parts; equal fractions go to the lower class id
 * where sklearn draws at random), then the test counts the same way from
 * what is left, dev getting the rest. Unlabelled samples (y < 0) form one
 * more stratum. Within a class, which samples go where is a seeded shuffle.
 *
 * Chronological: the first n_train samples in row order train, the next
 * n_dev dev, the rest test (the honest split for logs whose templates
 * repeat, see the BGL caveat in shared/data/README.md).
 *
 * Named: a column whose every value is "train", "dev" or "test" is a split
 * given as data (e.g. made by another tool): those are the parts, as they
 * are. A grouped split on such a column takes them as given.
 *
 * Grouped: all samples of a group (session, host) land in one part. Groups
 * are shuffled with the seed and taken in turn: a group goes to train while
 * train holds fewer than n_train samples, then to dev likewise, then to
 * test; so part sizes are met to within one group.
 */
#ifndef LL_SPLIT_H
#define LL_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_featmat.h"

struct ll_split_ratios {
	double train, dev, test;
	int test_is_rest; /* test = 1 - train - dev was not given (see above) */
};

/* LL_EUSAGE naming the problem when the ratios are not valid. */
int ll_split_check(const struct ll_split_ratios *r, struct ll_err *err);
/* Part sizes for n samples under r (see above). */
void ll_split_sizes(const struct ll_split_ratios *r, size_t n, size_t *ntrain, size_t *ndev, size_t *ntest);

int ll_split_stratified(const int *y, size_t n, const struct ll_split_ratios *r, uint64_t seed, unsigned char *part,
			struct ll_err *err);
int ll_split_chrono(size_t n, const struct ll_split_ratios *r, unsigned char *part, struct ll_err *err);
/* A split given as a column: when every one of the n names is "train",
 * "dev" or "test", part[i] is that part and *named = 1; otherwise nothing
 * is written and *named = 0. */
void ll_split_named(const char *const *names, size_t n, unsigned char *part, int *named);

/* groups: n group names (NULL counts as ""). */
int ll_split_grouped(const char *const *groups, size_t n, const struct ll_split_ratios *r, uint64_t seed,
		     unsigned char *part, struct ll_err *err);

/* Leakage through log templates: how many test samples have a template
 * that also occurs in train, so a model can score them by memory. tmpl[i]
 * < 0 means "no template" and is not counted. */
struct ll_leakage {
	size_t test_samples;        /* test samples with a template */
	size_t test_seen;           /* ... whose template occurs in train */
	size_t test_templates;      /* distinct templates in test */
	size_t shared_templates;    /* ... that also occur in train */
	double fraction;            /* test_seen / test_samples, 0 when none */
};

int ll_split_leakage(const int *tmpl, const unsigned char *part, size_t n, struct ll_leakage *out,
		     struct ll_err *err);

#endif
