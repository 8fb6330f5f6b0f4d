/*
 * ll_colsel.c - column selection by regex, column statistics and feature
 * rankings (see ll_colsel.h for the definitions each follows).
 *
 * Only GSL's special-function and CDF headers are used here (digamma and
 * the F distribution); never its CBLAS header (STYLE.md).
 */
#include "ll_colsel.h"
#include "ll_rng.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int eligible(const struct ll_table *t, size_t c, unsigned flags)
{
	/* the labels' own column would hand the model the answer */
	if ((int)c == ll_table_label_source(t))
		return 0;
	enum ll_coltype ty = ll_table_col_type(t, c);
	if (ty == LL_COL_TEXT)
		return (flags & LL_COLSEL_TEXT) != 0;
	if (ty == LL_COL_TIME)
		return (flags & LL_COLSEL_NOTIME) == 0;
	return 1;
}

size_t ll_colsel_names(const struct ll_table *t, unsigned flags, char *buf, size_t cap)
{
	size_t nc = ll_table_ncols(t), len = 0, shown = 0, total = 0;
	if (cap)
		buf[0] = '\0';
	for (size_t c = 0; c < nc; c++) {
		if (!eligible(t, c, flags))
			continue;
		total++;
		const char *name = ll_table_col_name(t, c);
		/* room for this name and for the ", ... (N more)" after it */
		if (len + strlen(name) + 2 + 24 >= cap)
			continue;
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", shown ? ", " : "", name);
		shown++;
	}
	if (shown < total && len < cap)
		snprintf(buf + len, cap - len, "%s... (%zu more)", shown ? ", " : "", total - shown);
	return total;
}

/* "regex 'x' matches none of the 62 columns; numeric columns are: a, b, ..."
 * cut with "..." when the names do not fit the message. */
static int no_match(const struct ll_table *t, const char *regex, unsigned flags, struct ll_err *err)
{
	size_t nc = ll_table_ncols(t);
	char list[LL_ERR_MSG_MAX - 160];
	size_t total = ll_colsel_names(t, flags, list, sizeof list);
	const char *what = (flags & LL_COLSEL_TEXT) ? "usable" : "numeric";
	if (total == 0)
		return ll_err_set(err, LL_EUSAGE, "regex '%s' matches none of the %zu columns; there are no %s columns",
				  regex, nc, what);
	return ll_err_set(err, LL_EUSAGE, "regex '%s' matches none of the %zu columns; %s columns are: %s", regex, nc,
			  what, list);
}

/* Whether column c is a value column NAME=VALUE of a text column NAME
 * that matches re (see ll_colsel_match). */
static int source_matches(const struct ll_table *t, size_t c, const regex_t *re)
{
	const char *name = ll_table_col_name(t, c), *eq = strchr(name, '=');
	char key[512];
	int len = eq ? snprintf(key, sizeof key, LL_COLSEL_VALUES_META "%.*s", (int)(eq - name), name) : -1;
	if (len < 0 || (size_t)len >= sizeof key || !ll_table_meta(t, key))
		return 0;
	return regexec(re, key + sizeof LL_COLSEL_VALUES_META - 1, 0, NULL, 0) == 0;
}

int ll_colsel_match(const struct ll_table *t, const char *regex, unsigned flags, size_t **cols, size_t *ncols,
		    struct ll_err *err)
{
	*cols = NULL;
	*ncols = 0;
	if (!regex || !*regex)
		return ll_err_set(err, LL_EUSAGE, "empty column regex (use '.' to select every column)");
	regex_t re;
	int rc = regcomp(&re, regex, REG_EXTENDED | REG_NOSUB | ((flags & LL_COLSEL_ICASE) ? REG_ICASE : 0));
	if (rc != 0) {
		char why[256];
		regerror(rc, &re, why, sizeof why);
		return ll_err_set(err, LL_EUSAGE, "invalid column regex '%s': %s", regex, why);
	}
	size_t nc = ll_table_ncols(t);
	size_t *out = malloc((nc ? nc : 1) * sizeof *out);
	if (!out) {
		regfree(&re);
		return ll_err_set(err, LL_ENOMEM, "out of memory selecting columns");
	}
	size_t n = 0;
	for (size_t c = 0; c < nc; c++)
		if (eligible(t, c, flags) &&
		    (regexec(&re, ll_table_col_name(t, c), 0, NULL, 0) == 0 || source_matches(t, c, &re)))
			out[n++] = c;
	regfree(&re);
	if (n == 0) {
		free(out);
		return no_match(t, regex, flags, err);
	}
	*cols = out;
	*ncols = n;
	return LL_OK;
}

/* Welford's update keeps the variance accurate for large offsets (epoch
 * times, byte counters near 2^32). */
struct welford {
	double mean, m2, mn, mx;
	size_t cnt, n;
};

static void welford_add(struct welford *w, const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double v = x[i];
		if (isnan(v))
			continue;
		w->cnt++;
		double delta = v - w->mean;
		w->mean += delta / (double)w->cnt;
		w->m2 += delta * (v - w->mean);
		if (v < w->mn)
			w->mn = v;
		if (v > w->mx)
			w->mx = v;
	}
	w->n += n;
}

static void welford_end(const struct welford *w, struct ll_colstats *st)
{
	st->count = w->cnt;
	st->missing = w->n - w->cnt;
	if (w->cnt == 0) {
		st->mean = st->std = st->min = st->max = NAN;
		return;
	}
	st->mean = w->mean;
	st->std = sqrt(w->m2 / (double)w->cnt);
	st->min = w->mn;
	st->max = w->mx;
}

void ll_colstats_compute(const double *x, size_t n, struct ll_colstats *st)
{
	struct welford w = {0, 0, INFINITY, -INFINITY, 0, 0};
	welford_add(&w, x, n);
	welford_end(&w, st);
}

int ll_colstats_column(const struct ll_table *t, size_t col, struct ll_colstats *st, struct ll_err *err)
{
	if (col >= ll_table_ncols(t))
		return ll_err_set(err, LL_EUSAGE, "no column %zu (the table has %zu)", col, ll_table_ncols(t));
	if (ll_table_col_type(t, col) == LL_COL_TEXT)
		return ll_err_set(err, LL_EUSAGE, "column '%s' is text: statistics need numbers",
				  ll_table_col_name(t, col));
	size_t n = ll_table_nrows(t);
	const double *x = ll_table_column_dense(t, col);
	if (x) {
		ll_colstats_compute(x, n, st);
		return LL_OK;
	}
	/* a sparse column in chunks, not a dense copy of every column shown */
	struct welford w = {0, 0, INFINITY, -INFINITY, 0, 0};
	double chunk[1024];
	for (size_t r0 = 0; r0 < n; r0 += 1024) {
		size_t k = n - r0 < 1024 ? n - r0 : 1024;
		for (size_t i = 0; i < k; i++)
			chunk[i] = ll_table_num(t, r0 + i, col);
		welford_add(&w, chunk, k);
	}
	welford_end(&w, st);
	return LL_OK;
}

/* Checks shared by the rankings: no NaN among labelled rows; *nclasses =
 * 1 + the largest label, *nlab = labelled rows. */
static int check_input(const float *X, size_t n, size_t d, const int *y, size_t *nclasses, size_t *nlab,
		       struct ll_err *err)
{
	int maxy = -1;
	size_t lab = 0;
	for (size_t i = 0; i < n; i++) {
		if (y[i] < 0)
			continue;
		lab++;
		if (y[i] > maxy)
			maxy = y[i];
		for (size_t j = 0; j < d; j++)
			if (isnan(X[i * d + j]))
				return ll_err_set(err, LL_EDATA,
						  "row %zu, feature %zu is missing (NaN): fill or drop missing values before ranking",
						  i, j);
	}
	*nclasses = (size_t)(maxy + 1);
	*nlab = lab;
	return LL_OK;
}

int ll_rank_variance(const float *X, size_t n, size_t d, const int *y, double *score, struct ll_err *err)
{
	size_t k, nlab;
	int rc = check_input(X, n, d, y, &k, &nlab, err);
	if (rc)
		return rc;
	if (nlab == 0)
		return ll_err_set(err, LL_EUSAGE, "no labelled rows to rank features on");
	for (size_t j = 0; j < d; j++) {
		double mean = 0, m2 = 0;
		size_t cnt = 0;
		for (size_t i = 0; i < n; i++) {
			if (y[i] < 0)
				continue;
			double v = X[i * d + j];
			cnt++;
			double delta = v - mean;
			mean += delta / (double)cnt;
			m2 += delta * (v - mean);
		}
		score[j] = m2 / (double)cnt;
	}
	return LL_OK;
}

int ll_rank_anova_f(const float *X, size_t n, size_t d, const int *y, double *score, double *pvalue,
		    struct ll_err *err)
{
	size_t k, nlab;
	int rc = check_input(X, n, d, y, &k, &nlab, err);
	if (rc)
		return rc;
	size_t *cnt = calloc(k ? k : 1, sizeof *cnt);
	double *mean = calloc(k ? k : 1, sizeof *mean);
	if (!cnt || !mean) {
		free(cnt);
		free(mean);
		return ll_err_set(err, LL_ENOMEM, "out of memory ranking features");
	}
	for (size_t i = 0; i < n; i++)
		if (y[i] >= 0)
			cnt[y[i]]++;
	size_t present = 0;
	for (size_t c = 0; c < k; c++)
		present += cnt[c] > 0;
	if (present < 2 || nlab <= present) {
		free(cnt);
		free(mean);
		return ll_err_set(err, LL_EUSAGE,
				  "ANOVA F needs at least 2 classes and more labelled rows than classes (%zu classes, %zu rows)",
				  present, nlab);
	}
	double dfb = (double)(present - 1), dfw = (double)(nlab - present);
	for (size_t j = 0; j < d; j++) {
		/* Two passes (class means, then squared deviations): exact for
		 * constant features where the textbook one-pass sums cancel. */
		double all = 0;
		memset(mean, 0, k * sizeof *mean);
		for (size_t i = 0; i < n; i++) {
			if (y[i] < 0)
				continue;
			mean[y[i]] += X[i * d + j];
			all += X[i * d + j];
		}
		all /= (double)nlab;
		double ssb = 0, ssw = 0;
		for (size_t c = 0; c < k; c++) {
			if (!cnt[c])
				continue;
			mean[c] /= (double)cnt[c];
			ssb += (double)cnt[c] * (mean[c] - all) * (mean[c] - all);
		}
		for (size_t i = 0; i < n; i++) {
			if (y[i] < 0)
				continue;
			double e = X[i * d + j] - mean[y[i]];
			ssw += e * e;
		}
		double f;
		if (ssw == 0)
			f = ssb == 0 ? NAN : INFINITY;
		else
			f = (ssb / dfb) / (ssw / dfw);
		score[j] = f;
		if (pvalue)
			pvalue[j] = isnan(f) ? NAN : isinf(f) ? 0.0 : gsl_cdf_fdist_Q(f, dfb, dfw);
	}
	free(cnt);
	free(mean);
	return LL_OK;
}

struct vc {
	double v;
	int c;
};

static int cmp_vc(const void *a, const void *b)
{
	const struct vc *x = a, *y = b;
	if (x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Number of values in sorted s[0..n) within distance r of v (|s - v| <= r). */
static size_t count_within(const double *s, size_t n, double v, double r)
{
	/* first index with s >= v - r, by the distance test itself so the
	 * rounding is that of |s - v| */
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s[mid] < v && v - s[mid] > r)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t first = lo;
	lo = first;
	hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s[mid] <= v || s[mid] - v <= r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - first;
}

/* Distance from s[p] to its k-th nearest other value in sorted s[0..n). */
static double kth_distance(const double *s, size_t n, size_t p, size_t k)
{
	size_t l = p, r = p + 1; /* candidates s[l-1] and s[r] */
	double dist = 0;
	for (size_t step = 0; step < k; step++) {
		double dl = l > 0 ? s[p] - s[l - 1] : INFINITY;
		double dr = r < n ? s[r] - s[p] : INFINITY;
		if (dl <= dr) {
			dist = dl;
			l--;
		} else {
			dist = dr;
			r++;
		}
	}
	return dist;
}

int ll_rank_mutual_info(const float *X, size_t n, size_t d, const int *y, size_t k, uint64_t seed, double *score,
			struct ll_err *err)
{
	size_t ncls, nlab;
	int rc = check_input(X, n, d, y, &ncls, &nlab, err);
	if (rc)
		return rc;
	if (k == 0)
		return ll_err_set(err, LL_EUSAGE, "mutual information needs k >= 1 neighbours");
	size_t *cnt = calloc(ncls ? ncls : 1, sizeof *cnt);
	struct vc *vals = malloc((nlab ? nlab : 1) * sizeof *vals);
	double *all = malloc((nlab ? nlab : 1) * sizeof *all);
	double *radius = malloc((nlab ? nlab : 1) * sizeof *radius);
	struct ll_rng *rng = ll_rng_new(seed);
	if (!cnt || !vals || !all || !radius || !rng) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory ranking features");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (y[i] >= 0)
			cnt[y[i]]++;
	/* rows of single-member classes take no part (as in sklearn) */
	size_t m = 0;
	double psi_label = 0, psi_k = 0;
	for (size_t i = 0; i < n; i++)
		if (y[i] >= 0 && cnt[y[i]] > 1) {
			m++;
			size_t kc = cnt[y[i]] - 1 < k ? cnt[y[i]] - 1 : k;
			psi_label += gsl_sf_psi_int((int)cnt[y[i]]);
			psi_k += gsl_sf_psi_int((int)kc);
		}
	if (m == 0) {
		for (size_t j = 0; j < d; j++)
			score[j] = 0;
		goto out;
	}
	for (size_t j = 0; j < d; j++) {
		/* scale by the standard deviation over every labelled row, then
		 * jitter, as sklearn does before its neighbour searches */
		double mean = 0, m2 = 0, absmean = 0;
		size_t c = 0;
		for (size_t i = 0; i < n; i++) {
			if (y[i] < 0)
				continue;
			double v = X[i * d + j], delta = v - mean;
			c++;
			mean += delta / (double)c;
			m2 += delta * (v - mean);
		}
		double sd = sqrt(m2 / (double)c);
		if (!(sd > 10 * 2.220446049250313e-16))
			sd = 1;
		for (size_t i = 0; i < n; i++)
			if (y[i] >= 0)
				absmean += fabs(X[i * d + j] / sd);
		absmean /= (double)c;
		double amp = 1e-10 * (absmean > 1 ? absmean : 1);
		ll_rng_seed(rng, ll_rng_derive(seed, j));
		size_t q = 0;
		for (size_t i = 0; i < n; i++) {
			if (y[i] < 0)
				continue;
			double v = X[i * d + j] / sd + amp * ll_rng_gauss(rng, 1.0);
			if (cnt[y[i]] > 1) {
				vals[q].v = v;
				vals[q].c = y[i];
				q++;
			}
		}
		qsort(vals, m, sizeof *vals, cmp_vc);
		/* per class (a contiguous sorted run): radius of each point */
		for (size_t s = 0; s < m;) {
			size_t e = s;
			while (e < m && vals[e].c == vals[s].c)
				e++;
			size_t len = e - s, kc = len - 1 < k ? len - 1 : k;
			for (size_t p = s; p < e; p++)
				all[p] = vals[p].v;
			for (size_t p = 0; p < len; p++)
				radius[s + p] = nextafter(kth_distance(all + s, len, p, kc), 0);
			s = e;
		}
		qsort(all, m, sizeof *all, cmp_double);
		double psi_m = 0;
		for (size_t p = 0; p < m; p++)
			psi_m += gsl_sf_psi_int((int)count_within(all, m, vals[p].v, radius[p]));
		double mi = gsl_sf_psi_int((int)m) + psi_k / (double)m - psi_label / (double)m - psi_m / (double)m;
		score[j] = mi > 0 ? mi : 0;
	}
out:
	free(cnt);
	free(vals);
	free(all);
	free(radius);
	ll_rng_free(rng);
	return rc;
}

/* 1 when feature i ranks after feature j: lower score, NaN last, ties by index. */
static int after(const double *score, size_t i, size_t j)
{
	double x = score[i], y = score[j];
	int xn = isnan(x), yn = isnan(y);
	if (xn != yn)
		return xn;
	if (!xn && x != y)
		return x < y;
	return i > j;
}

static void sift_down(const double *score, size_t *h, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && after(score, h[child + 1], h[child]))
			child++;
		if (!after(score, h[child], h[root]))
			return;
		size_t t = h[root];
		h[root] = h[child];
		h[child] = t;
		root = child;
	}
}

void ll_rank_order(const double *score, size_t d, size_t *order)
{
	/* heap sort: in place, no allocation and no global comparator state */
	for (size_t j = 0; j < d; j++)
		order[j] = j;
	for (size_t i = d / 2; i-- > 0;)
		sift_down(score, order, i, d);
	for (size_t e = d; e > 1; e--) {
		size_t t = order[0];
		order[0] = order[e - 1];
		order[e - 1] = t;
		sift_down(score, order, 0, e - 1);
	}
}
