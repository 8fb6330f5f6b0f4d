/*
 * ll_metrics.c - classification metrics from a confusion matrix (see
 * ll_metrics.h).
 *
 * The arithmetic follows scikit-learn 1.2's order of operations where it
 * matters for the last bits: F1 is 2pr/(p+r) from the already divided
 * precision and recall, averages are plain means over the counted classes,
 * MCC uses the covariance form on the matrix marginals. Counts are exact
 * integers; products of counts go through double (n^2 stays exact up to
 * n ~ 9e7, beyond that the relative error is ~1e-16).
 */
#include "ll_metrics.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ll_confusion_matrix(const int *y_true, const int *y_pred, size_t n, size_t k, size_t *cm,
			struct ll_err *err)
{
	if (k == 0)
		return ll_err_set(err, LL_EUSAGE, "confusion matrix: no classes (k = 0)");
	memset(cm, 0, k * k * sizeof *cm);
	for (size_t i = 0; i < n; i++) {
		int t = y_true[i], p = y_pred[i];
		if (t < 0 || (size_t)t >= k)
			return ll_err_set(err, LL_EDATA, "confusion matrix: row %zu has true class %d outside 0..%zu", i,
					  t, k - 1);
		if (p < 0 || (size_t)p >= k)
			return ll_err_set(err, LL_EDATA,
					  "confusion matrix: row %zu has predicted class %d outside 0..%zu", i, p, k - 1);
		cm[(size_t)t * k + (size_t)p]++;
	}
	return LL_OK;
}

static size_t cm_total(const size_t *cm, size_t k)
{
	size_t n = 0;
	for (size_t i = 0; i < k * k; i++)
		n += cm[i];
	return n;
}

static double safe_div(double a, double b)
{
	return b == 0 ? 0.0 : a / b;
}

/* F-score from precision and recall, 0 when both are 0 (sklearn's denom = 1). */
static double f1_of(double p, double r)
{
	double d = p + r;
	return d == 0 ? 0.0 : 2 * p * r / d;
}

int ll_accuracy(const size_t *cm, size_t k, double *out, struct ll_err *err)
{
	size_t n = cm_total(cm, k), diag = 0;
	*out = NAN;
	if (n == 0)
		return ll_err_set(err, LL_EDATA, "accuracy: no samples");
	for (size_t c = 0; c < k; c++)
		diag += cm[c * k + c];
	*out = (double)diag / (double)n;
	return LL_OK;
}

int ll_balanced_accuracy(const size_t *cm, size_t k, double *out, struct ll_err *err)
{
	double sum = 0;
	size_t used = 0;
	*out = NAN;
	for (size_t c = 0; c < k; c++) {
		size_t sup = 0;
		for (size_t j = 0; j < k; j++)
			sup += cm[c * k + j];
		if (sup == 0)
			continue;
		sum += (double)cm[c * k + c] / (double)sup;
		used++;
	}
	if (used == 0)
		return ll_err_set(err, LL_EDATA, "balanced accuracy: no samples");
	*out = sum / (double)used;
	return LL_OK;
}

int ll_mcc(const size_t *cm, size_t k, double *out, struct ll_err *err)
{
	double n = 0, correct = 0, tp = 0, tt = 0, pp = 0;
	*out = NAN;
	for (size_t c = 0; c < k; c++) {
		double t = 0, p = 0;
		for (size_t j = 0; j < k; j++) {
			t += (double)cm[c * k + j];
			p += (double)cm[j * k + c];
		}
		n += t;
		correct += (double)cm[c * k + c];
		tp += t * p;
		tt += t * t;
		pp += p * p;
	}
	if (n == 0)
		return ll_err_set(err, LL_EDATA, "MCC: no samples");
	double cov_tp = correct * n - tp, cov_pp = n * n - pp, cov_tt = n * n - tt;
	*out = cov_pp * cov_tt == 0 ? 0.0 : cov_tp / sqrt(cov_tt * cov_pp);
	return LL_OK;
}

int ll_report_compute(const size_t *cm, size_t k, unsigned flags, struct ll_class_stats *cls,
		      struct ll_report *rep, struct ll_err *err)
{
	memset(rep, 0, sizeof *rep);
	rep->k = k;
	rep->cls = cls;
	rep->n = cm_total(cm, k);
	if (rep->n == 0)
		return ll_err_set(err, LL_EDATA, "classification report: no samples");
	size_t tp_all = 0, present = 0;
	for (size_t c = 0; c < k; c++) {
		struct ll_class_stats *s = &cls[c];
		memset(s, 0, sizeof *s);
		for (size_t j = 0; j < k; j++) {
			s->support += cm[c * k + j];
			s->predicted += cm[j * k + c];
		}
		s->tp = cm[c * k + c];
		s->precision = safe_div((double)s->tp, (double)s->predicted);
		s->recall = safe_div((double)s->tp, (double)s->support);
		s->f1 = f1_of(s->precision, s->recall);
		int occurs = s->support > 0 || s->predicted > 0;
		present += (size_t)occurs;
		s->counted = occurs || (flags & LL_REPORT_ALL_CLASSES);
		if (!s->counted)
			continue;
		rep->ncounted++;
		tp_all += s->tp;
	}
	/* micro: summed counts over the counted classes (absent classes add 0) */
	rep->micro.precision = safe_div((double)tp_all, (double)rep->n);
	rep->micro.recall = rep->micro.precision;
	rep->micro.f1 = f1_of(rep->micro.precision, rep->micro.recall);
	rep->micro.support = rep->n;
	rep->micro_is_accuracy = present == rep->ncounted;
	double wsum = 0;
	for (size_t c = 0; c < k; c++) {
		const struct ll_class_stats *s = &cls[c];
		if (!s->counted)
			continue;
		rep->macro.precision += s->precision;
		rep->macro.recall += s->recall;
		rep->macro.f1 += s->f1;
		rep->weighted.precision += s->precision * (double)s->support;
		rep->weighted.recall += s->recall * (double)s->support;
		rep->weighted.f1 += s->f1 * (double)s->support;
		wsum += (double)s->support;
	}
	rep->macro.precision /= (double)rep->ncounted;
	rep->macro.recall /= (double)rep->ncounted;
	rep->macro.f1 /= (double)rep->ncounted;
	rep->macro.support = rep->n;
	/* wsum > 0 since n > 0 and every class with support is counted */
	rep->weighted.precision /= wsum;
	rep->weighted.recall /= wsum;
	rep->weighted.f1 /= wsum;
	rep->weighted.support = rep->n;
	int rc = ll_accuracy(cm, k, &rep->accuracy, err);
	if (rc == LL_OK)
		rc = ll_balanced_accuracy(cm, k, &rep->balanced_accuracy, err);
	if (rc == LL_OK)
		rc = ll_mcc(cm, k, &rep->mcc, err);
	return rc;
}

/* ---- classification_report text ---- */

struct sbuf {
	char *buf;
	size_t cap, len;
};

__attribute__((format(printf, 2, 3))) static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t room = b->len < b->cap ? b->cap - b->len : 0;
	int w = vsnprintf(room ? b->buf + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (w > 0)
		b->len += (size_t)w;
}

/* Code points of a UTF-8 string: bytes that are not continuation bytes. */
static size_t u8_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* Right-aligns s in width code points, then one space (Python's
 * "{:>{width}s} "). */
static void sb_name(struct sbuf *b, const char *s, size_t width)
{
	size_t w = u8_width(s);
	for (; w < width; w++)
		sb_printf(b, " ");
	sb_printf(b, "%s ", s);
}

static void sb_row(struct sbuf *b, const char *name, size_t width, int digits, double p, double r, double f,
		   size_t support)
{
	sb_name(b, name, width);
	sb_printf(b, " %9.*f %9.*f %9.*f %9zu\n", digits, p, digits, r, digits, f, support);
}

size_t ll_report_format(const struct ll_report *rep, const char *const *names, int digits, char *buf,
			size_t cap)
{
	struct sbuf b = {buf, cap, 0};
	char idbuf[32];
	size_t width = strlen("weighted avg");
	if (digits < 0)
		digits = 0;
	if ((size_t)digits > width)
		width = (size_t)digits;
	for (size_t c = 0; c < rep->k; c++) {
		if (!rep->cls[c].counted)
			continue;
		size_t w;
		if (names && names[c])
			w = u8_width(names[c]);
		else
			w = (size_t)snprintf(idbuf, sizeof idbuf, "%zu", c);
		if (w > width)
			width = w;
	}
	if (cap)
		buf[0] = '\0';
	sb_name(&b, "", width);
	sb_printf(&b, " %9s %9s %9s %9s\n\n", "precision", "recall", "f1-score", "support");
	for (size_t c = 0; c < rep->k; c++) {
		const struct ll_class_stats *s = &rep->cls[c];
		if (!s->counted)
			continue;
		const char *name = names && names[c] ? names[c] : idbuf;
		if (name == idbuf)
			snprintf(idbuf, sizeof idbuf, "%zu", c);
		sb_row(&b, name, width, digits, s->precision, s->recall, s->f1, s->support);
	}
	sb_printf(&b, "\n");
	if (rep->micro_is_accuracy) {
		sb_name(&b, "accuracy", width);
		sb_printf(&b, " %9s %9s %9.*f %9zu\n", "", "", digits, rep->micro.f1, rep->micro.support);
	} else {
		sb_row(&b, "micro avg", width, digits, rep->micro.precision, rep->micro.recall, rep->micro.f1,
		       rep->micro.support);
	}
	sb_row(&b, "macro avg", width, digits, rep->macro.precision, rep->macro.recall, rep->macro.f1,
	       rep->macro.support);
	sb_row(&b, "weighted avg", width, digits, rep->weighted.precision, rep->weighted.recall, rep->weighted.f1,
	       rep->weighted.support);
	return b.len;
}

/* ---- log loss ---- */

static int loss_check(size_t n, size_t k, const char *what, struct ll_err *err)
{
	if (n == 0)
		return ll_err_set(err, LL_EDATA, "%s: no samples", what);
	if (k < 2)
		return ll_err_set(err, LL_EUSAGE, "%s: needs at least 2 classes (k = %zu)", what, k);
	return LL_OK;
}

static int bad_label(const int *y, size_t i, size_t k, const char *what, struct ll_err *err)
{
	return ll_err_set(err, LL_EDATA, "%s: row %zu has true class %d outside 0..%zu", what, i, y[i], k - 1);
}

static int bad_proba(size_t i, size_t c, double v, const char *what, struct ll_err *err)
{
	return ll_err_set(err, LL_EDATA, "%s: row %zu, class %zu has probability %g (must be a number >= 0)",
			  what, i, c, v);
}

int ll_log_loss(const int *y_true, const double *proba, size_t n, size_t k, double eps, double *out,
		struct ll_err *err)
{
	static const char what[] = "log loss";
	*out = NAN;
	int rc = loss_check(n, k, what, err);
	if (rc)
		return rc;
	if (!(eps > 0))
		eps = DBL_EPSILON;
	double hi = 1 - eps, total = 0;
	for (size_t i = 0; i < n; i++) {
		if (y_true[i] < 0 || (size_t)y_true[i] >= k)
			return bad_label(y_true, i, k, what, err);
		const double *row = proba + i * k;
		double sum = 0, mine = 0;
		for (size_t c = 0; c < k; c++) {
			double v = row[c];
			if (!(v >= 0) || isinf(v))
				return bad_proba(i, c, v, what, err);
			v = v < eps ? eps : v > hi ? hi : v;
			sum += v;
			if (c == (size_t)y_true[i])
				mine = v;
		}
		total -= log(mine / sum);
	}
	*out = total / (double)n;
	return LL_OK;
}

int ll_log_loss_f(const int *y_true, const float *proba, size_t n, size_t k, double eps, double *out,
		  struct ll_err *err)
{
	static const char what[] = "log loss";
	*out = NAN;
	int rc = loss_check(n, k, what, err);
	if (rc)
		return rc;
	float e = eps > 0 ? (float)eps : FLT_EPSILON, hi = 1.0f - e;
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		if (y_true[i] < 0 || (size_t)y_true[i] >= k)
			return bad_label(y_true, i, k, what, err);
		const float *row = proba + i * k;
		double sum = 0, mine = 0;
		for (size_t c = 0; c < k; c++) {
			float v = row[c];
			if (!(v >= 0) || isinf(v))
				return bad_proba(i, c, v, what, err);
			v = v < e ? e : v > hi ? hi : v;
			sum += v;
			if (c == (size_t)y_true[i])
				mine = v;
		}
		total -= log(mine / sum);
	}
	*out = total / (double)n;
	return LL_OK;
}

int ll_log_loss_binary(const int *y_true, const double *p, size_t n, double eps, double *out,
		       struct ll_err *err)
{
	static const char what[] = "log loss";
	*out = NAN;
	int rc = loss_check(n, 2, what, err);
	if (rc)
		return rc;
	if (!(eps > 0))
		eps = DBL_EPSILON;
	double hi = 1 - eps, total = 0;
	for (size_t i = 0; i < n; i++) {
		if (y_true[i] != 0 && y_true[i] != 1)
			return bad_label(y_true, i, 2, what, err);
		double v = p[i];
		if (!(v >= 0) || isinf(v))
			return bad_proba(i, 1, v, what, err);
		v = v < eps ? eps : v > hi ? hi : v;
		double q = 1 - v, sum = q + v;
		total -= log((y_true[i] ? v : q) / sum);
	}
	*out = total / (double)n;
	return LL_OK;
}
