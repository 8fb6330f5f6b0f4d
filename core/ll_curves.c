/*
 * ll_curves.c - threshold sweeps, ROC / PR curves, AUROC and average
 * precision (see ll_curves.h).
 *
 * Rows become (score, is-positive) pairs, sorted by descending score once;
 * one pass then collapses ties into distinct thresholds with cumulative
 * counts. Every curve and area is computed from those counts, which are
 * exact integers, so the only rounding is in the final divisions and sums.
 * The one-vs-rest functions reuse a single pair buffer and a single set of
 * count arrays for every class.
 */
#include "ll_curves.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pair {
	double s;
	int pos;
};

static int cmp_desc(const void *a, const void *b)
{
	double x = ((const struct pair *)a)->s, y = ((const struct pair *)b)->s;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* Allocates t's arrays for up to cap distinct scores. */
static int thresh_alloc(struct ll_thresh *t, size_t cap, struct ll_err *err)
{
	memset(t, 0, sizeof *t);
	size_t c = cap ? cap : 1;
	t->score = malloc(c * sizeof *t->score);
	t->tp = malloc(c * sizeof *t->tp);
	t->fp = malloc(c * sizeof *t->fp);
	if (!t->score || !t->tp || !t->fp)
		return ll_err_set(err, LL_ENOMEM, "curves: out of memory for %zu thresholds", cap);
	return LL_OK;
}

static void thresh_release(struct ll_thresh *t)
{
	free(t->score);
	free(t->tp);
	free(t->fp);
}

/* A key whose unsigned order is the descending order of the score (finite,
 * checked by the callers; -0 taken as 0, which compares equal to it). */
static uint64_t desc_key(double s)
{
	s += 0.0;
	uint64_t u;
	memcpy(&u, &s, sizeof u);
	u = (u >> 63) ? ~u : u | ((uint64_t)1 << 63);
	return ~u;
}

/* p by descending score: a radix sort of the scores' bits, 8 bits a pass
 * (passes where every key has the same byte skipped); qsort for a few rows
 * or when the scratch array cannot be had. A run's curves sort every row
 * of each part, and qsort's compare calls were a tenth of a training
 * run's time. The order within equal scores does not matter: a threshold
 * takes a group of equal scores whole. */
static void sort_desc(struct pair *p, size_t n)
{
	struct pair *tmp = n >= 256 ? malloc(n * sizeof *tmp) : NULL;
	uint64_t *key = tmp ? malloc(2 * n * sizeof *key) : NULL;
	if (!key) {
		free(tmp);
		qsort(p, n, sizeof *p, cmp_desc);
		return;
	}
	uint64_t *kt = key + n;
	for (size_t i = 0; i < n; i++)
		key[i] = desc_key(p[i].s);
	struct pair *src = p, *dst = tmp;
	uint64_t *ks = key, *kd = kt;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[256] = {0};
		for (size_t i = 0; i < n; i++)
			count[(ks[i] >> shift) & 255]++;
		if (count[(ks[0] >> shift) & 255] == n)
			continue; /* every key has this byte: the pass would move nothing */
		size_t at = 0;
		for (int b = 0; b < 256; b++) {
			size_t c = count[b];
			count[b] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++) {
			size_t o = count[(ks[i] >> shift) & 255]++;
			dst[o] = src[i];
			kd[o] = ks[i];
		}
		struct pair *sp = src;
		src = dst;
		dst = sp;
		uint64_t *sk = ks;
		ks = kd;
		kd = sk;
	}
	if (src != p)
		memcpy(p, src, n * sizeof *p);
	free(tmp);
	free(key);
}

/* Sorts p and fills t (arrays sized for n) with its distinct thresholds. */
static void thresh_build(struct pair *p, size_t n, struct ll_thresh *t)
{
	sort_desc(p, n);
	size_t m = 0, tp = 0, fp = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i].pos)
			tp++;
		else
			fp++;
		if (i + 1 == n || p[i + 1].s != p[i].s) {
			t->score[m] = p[i].s;
			t->tp[m] = tp;
			t->fp[m] = fp;
			m++;
		}
	}
	t->n = n;
	t->m = m;
	t->npos = tp;
	t->nneg = fp;
}

static int check_row(const int *y_true, size_t i, double s, struct ll_err *err)
{
	if (isnan(s) || isinf(s))
		return ll_err_set(err, LL_EDATA, "curves: row %zu has score %g (scores must be finite numbers)", i, s);
	if (y_true[i] < 0)
		return ll_err_set(err, LL_EDATA, "curves: row %zu has no label (class %d)", i, y_true[i]);
	return LL_OK;
}

static int thresh_new(const int *y_true, int pos_class, const double *sd, const float *sf, size_t stride,
		      size_t n, struct ll_thresh **out, struct ll_err *err)
{
	*out = NULL;
	if (n == 0)
		return ll_err_set(err, LL_EDATA, "curves: no samples");
	if (stride == 0)
		return ll_err_set(err, LL_EUSAGE, "curves: score stride must be >= 1");
	struct ll_thresh *t = malloc(sizeof *t);
	struct pair *p = malloc(n * sizeof *p);
	int rc = LL_OK;
	if (!t || !p) {
		free(t);
		free(p);
		return ll_err_set(err, LL_ENOMEM, "curves: out of memory for %zu rows", n);
	}
	rc = thresh_alloc(t, n, err);
	for (size_t i = 0; rc == LL_OK && i < n; i++) {
		p[i].s = sd ? sd[i * stride] : (double)sf[i * stride];
		p[i].pos = y_true[i] == pos_class;
		rc = check_row(y_true, i, p[i].s, err);
	}
	if (rc == LL_OK) {
		thresh_build(p, n, t);
		*out = t;
	} else {
		thresh_release(t);
		free(t);
	}
	free(p);
	return rc;
}

int ll_thresh_new(const int *y_true, int pos_class, const double *scores, size_t stride, size_t n,
		  struct ll_thresh **out, struct ll_err *err)
{
	return thresh_new(y_true, pos_class, scores, NULL, stride, n, out, err);
}

int ll_thresh_new_f(const int *y_true, int pos_class, const float *scores, size_t stride, size_t n,
		    struct ll_thresh **out, struct ll_err *err)
{
	return thresh_new(y_true, pos_class, NULL, scores, stride, n, out, err);
}

void ll_thresh_free(struct ll_thresh *t)
{
	if (!t)
		return;
	thresh_release(t);
	free(t);
}

size_t ll_thresh_rank(const struct ll_thresh *t, double thr)
{
	/* score[] is descending: find the first index whose score is < thr */
	size_t lo = 0, hi = t->m;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->score[mid] >= thr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void ll_thresh_at_rank(const struct ll_thresh *t, size_t rank, struct ll_bincm *cm)
{
	if (rank > t->m)
		rank = t->m;
	cm->tp = rank ? t->tp[rank - 1] : 0;
	cm->fp = rank ? t->fp[rank - 1] : 0;
	cm->fn = t->npos - cm->tp;
	cm->tn = t->nneg - cm->fp;
}

void ll_thresh_at(const struct ll_thresh *t, double thr, struct ll_bincm *cm)
{
	ll_thresh_at_rank(t, ll_thresh_rank(t, thr), cm);
}

void ll_bincm_matrix(const struct ll_bincm *cm, size_t out[4])
{
	out[0] = cm->tn;
	out[1] = cm->fp;
	out[2] = cm->fn;
	out[3] = cm->tp;
}

size_t ll_thresh_curve_cap(const struct ll_thresh *t)
{
	return t->m + 1;
}

/* ---- ROC ---- */

static int roc_defined(const struct ll_thresh *t, struct ll_err *err)
{
	if (t->npos == 0 || t->nneg == 0)
		return ll_err_set(err, LL_EDATA, "ROC: all %zu rows are %s; the curve needs both classes", t->n,
				  t->npos ? "positive" : "negative");
	return LL_OK;
}

/* Whether distinct threshold i survives drop_intermediate: the ends, and
 * every point where either count bends. */
static int roc_keep(const struct ll_thresh *t, size_t i)
{
	if (t->m <= 2 || i == 0 || i + 1 == t->m)
		return 1;
	return t->fp[i - 1] + t->fp[i + 1] != 2 * t->fp[i] || t->tp[i - 1] + t->tp[i + 1] != 2 * t->tp[i];
}

int ll_roc_curve(const struct ll_thresh *t, int drop_intermediate, double *fpr, double *tpr, double *thr,
		 size_t *npoints, struct ll_err *err)
{
	*npoints = 0;
	int rc = roc_defined(t, err);
	if (rc)
		return rc;
	size_t k = 0;
	fpr[k] = 0;
	tpr[k] = 0;
	thr[k] = t->score[0] + 1;
	k++;
	for (size_t i = 0; i < t->m; i++) {
		if (drop_intermediate && !roc_keep(t, i))
			continue;
		fpr[k] = (double)t->fp[i] / (double)t->nneg;
		tpr[k] = (double)t->tp[i] / (double)t->npos;
		thr[k] = t->score[i];
		k++;
	}
	*npoints = k;
	return LL_OK;
}

int ll_auroc(const struct ll_thresh *t, double *out, struct ll_err *err)
{
	*out = NAN;
	int rc = roc_defined(t, err);
	if (rc)
		return rc;
	double x0 = 0, y0 = 0, area = 0;
	for (size_t i = 0; i < t->m; i++) {
		if (!roc_keep(t, i))
			continue;
		double x = (double)t->fp[i] / (double)t->nneg, y = (double)t->tp[i] / (double)t->npos;
		area += (x - x0) * (y + y0) / 2.0;
		x0 = x;
		y0 = y;
	}
	*out = area;
	return LL_OK;
}

/* ---- precision-recall ---- */

static double pr_precision(const struct ll_thresh *t, size_t i)
{
	return (double)t->tp[i] / (double)(t->tp[i] + t->fp[i]); /* >= 1 row per threshold */
}

static double pr_recall(const struct ll_thresh *t, size_t i)
{
	return t->npos ? (double)t->tp[i] / (double)t->npos : 1.0;
}

int ll_pr_curve(const struct ll_thresh *t, double *precision, double *recall, double *thr, size_t *npoints,
		struct ll_err *err)
{
	(void)err;
	size_t m = t->m;
	for (size_t j = 0; j < m; j++) {
		size_t i = m - 1 - j;
		precision[j] = pr_precision(t, i);
		recall[j] = pr_recall(t, i);
		if (thr)
			thr[j] = t->score[i];
	}
	precision[m] = 1;
	recall[m] = 0;
	*npoints = m + 1;
	return LL_OK;
}

int ll_average_precision(const struct ll_thresh *t, double *out, struct ll_err *err)
{
	(void)err;
	double ap = 0, r0 = 0;
	for (size_t i = 0; i < t->m; i++) {
		double r = pr_recall(t, i);
		ap += (r - r0) * pr_precision(t, i);
		r0 = r;
	}
	*out = ap;
	return LL_OK;
}

/* ---- one-vs-rest ---- */

typedef int (*score_fn)(const struct ll_thresh *t, double *out, struct ll_err *err);

static int ovr(const int *y_true, const double *pd, const float *pf, size_t n, size_t k, score_fn fn,
	       const char *what, double *per_class, struct ll_ovr *avg, struct ll_err *err)
{
	if (per_class)
		for (size_t c = 0; c < k; c++)
			per_class[c] = NAN;
	if (avg)
		avg->macro = avg->weighted = avg->micro = NAN;
	if (n == 0)
		return ll_err_set(err, LL_EDATA, "%s: no samples", what);
	if (k < 2)
		return ll_err_set(err, LL_EUSAGE, "%s: one-vs-rest needs at least 2 classes (k = %zu)", what, k);
	if (!pd == !pf)
		return ll_err_set(err, LL_EUSAGE, "%s: pass exactly one of double and float probabilities", what);
	for (size_t i = 0; i < n; i++)
		if (y_true[i] < 0 || (size_t)y_true[i] >= k)
			return ll_err_set(err, LL_EDATA, "%s: row %zu has true class %d outside 0..%zu", what, i,
					  y_true[i], k - 1);
	if (n > ((size_t)-1) / k / sizeof(struct pair))
		return ll_err_set(err, LL_ENOMEM, "%s: %zu x %zu probabilities are too many", what, n, k);
	struct pair *p = malloc(n * k * sizeof *p);
	struct ll_thresh t;
	int rc = thresh_alloc(&t, n * k, err);
	if (rc == LL_OK && !p)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory for %zu x %zu probabilities", what, n, k);
	double macro = 0, weighted = 0;
	for (size_t c = 0; rc == LL_OK && c < k; c++) {
		for (size_t i = 0; rc == LL_OK && i < n; i++) {
			p[i].s = pd ? pd[i * k + c] : (double)pf[i * k + c];
			p[i].pos = (size_t)y_true[i] == c;
			rc = check_row(y_true, i, p[i].s, err);
		}
		if (rc)
			break;
		thresh_build(p, n, &t);
		double v;
		rc = fn(&t, &v, err);
		if (rc) {
			if (err) {
				char why[LL_ERR_MSG_MAX];
				memcpy(why, err->msg, sizeof why);
				ll_err_set(err, rc, "%s: class %zu: %s", what, c, why);
			}
			break;
		}
		if (per_class)
			per_class[c] = v;
		macro += v;
		weighted += v * (double)t.npos;
	}
	if (rc == LL_OK) {
		for (size_t i = 0; i < n; i++)
			for (size_t c = 0; c < k; c++) {
				p[i * k + c].s = pd ? pd[i * k + c] : (double)pf[i * k + c];
				p[i * k + c].pos = (size_t)y_true[i] == c;
			}
		thresh_build(p, n * k, &t);
		double micro;
		rc = fn(&t, &micro, err);
		if (rc == LL_OK && avg) {
			avg->macro = macro / (double)k;
			avg->weighted = weighted / (double)n;
			avg->micro = micro;
		}
	}
	free(p);
	thresh_release(&t);
	return rc;
}

int ll_auroc_ovr(const int *y_true, const double *proba, const float *proba_f, size_t n, size_t k,
		 double *per_class, struct ll_ovr *avg, struct ll_err *err)
{
	return ovr(y_true, proba, proba_f, n, k, ll_auroc, "AUROC", per_class, avg, err);
}

int ll_average_precision_ovr(const int *y_true, const double *proba, const float *proba_f, size_t n, size_t k,
			     double *per_class, struct ll_ovr *avg, struct ll_err *err)
{
	return ovr(y_true, proba, proba_f, n, k, ll_average_precision, "average precision", per_class, avg, err);
}
