/*
 * ll_scale.h - per-feature normalisation fitted on the training split and
 * applied to every split, with parameters that can be saved as text next to
 * a feature set or model so that predict applies exactly the same.
 *
 * Each kind stores a center and a scale per feature and maps x to
 * (x - center) / scale, as scikit-learn's scalers do:
 *   zscore  center = mean, scale = population std (StandardScaler);
 *   minmax  center = min, scale = max - min, giving [0, 1] on the
 *           training data (MinMaxScaler);
 *   robust  center = median, scale = q75 - q25, quantiles with linear
 *           interpolation between order statistics (numpy's default, as
 *           RobustScaler uses).
 * A constant feature (scale below 10 * DBL_EPSILON) gets scale 1, as
 * sklearn's _handle_zeros_in_scale does: it is centred but not blown up.
 * NaN values are ignored when fitting and stay NaN when applied; a feature
 * with no value in the training rows gets center 0, scale 1.
 * Computation is in double; the featmat holds float32.
 */
#ifndef LL_SCALE_H
#define LL_SCALE_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_featmat.h"

enum ll_scale_kind { LL_SCALE_NONE = 0, LL_SCALE_ZSCORE, LL_SCALE_MINMAX, LL_SCALE_ROBUST };

struct ll_scaler {
	enum ll_scale_kind kind;
	size_t d;
	double *center; /* d values, owned */
	double *scale;  /* d values, owned, never 0 */
};

/* "none", "zscore" (also "standard"), "minmax", "robust". */
int ll_scale_kind_parse(const char *s, enum ll_scale_kind *out, struct ll_err *err);
const char *ll_scale_kind_name(enum ll_scale_kind k);

/* Fits on the rows of X (rows x d, row-major) whose use[r] is non-zero
 * (use NULL: every row). LL_EUSAGE when no row is used. s is overwritten:
 * free an earlier fit first. */
int ll_scaler_fit(struct ll_scaler *s, enum ll_scale_kind kind, const float *X, size_t rows, size_t d,
		  const unsigned char *use, struct ll_err *err);
/* Applies in place to rows x s->d values. */
void ll_scaler_apply(const struct ll_scaler *s, float *X, size_t rows);

/* The same on a dense featmat: fitted on the training samples only (split
 * NULL means all are training), every step of a sequence counting as a
 * row; applied to every sample. LL_EUSAGE for a sparse featmat or when d
 * differs. */
int ll_scaler_fit_featmat(struct ll_scaler *s, enum ll_scale_kind kind, const struct ll_featmat *m,
			  struct ll_err *err);
int ll_scaler_apply_featmat(const struct ll_scaler *s, struct ll_featmat *m, struct ll_err *err);

void ll_scaler_free(struct ll_scaler *s);

/* Text form, one feature a line with round-trip precision (%.17g):
 *   loglab-scaler 1
 *   kind zscore
 *   features 3
 *   0 <center> <scale>
 *   ...
 * ll_scaler_format allocates *text (free()). ll_scaler_parse rejects
 * anything else with LL_EDATA naming the line. */
int ll_scaler_format(const struct ll_scaler *s, char **text, struct ll_err *err);
int ll_scaler_parse(struct ll_scaler *s, const char *text, struct ll_err *err);

#endif
