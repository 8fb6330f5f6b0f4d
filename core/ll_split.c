/*
 * ll_split.c - stratified, chronological and grouped splits and the
 * template leakage report (see ll_split.h).
 */
#include "ll_split.h"
#include "ll_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int ll_split_check(const struct ll_split_ratios *r, struct ll_err *err)
{
	if (!(r->train >= 0) || !(r->dev >= 0) || !(r->test >= 0))
		return ll_err_set(err, LL_EUSAGE, "split ratios must not be negative (train %g, dev %g, test %g)",
				  r->train, r->dev, r->test);
	if (r->train > 1) {
		if (r->train != floor(r->train) || r->train > 1e15)
			return ll_err_set(err, LL_EUSAGE, "a train count of samples must be a whole number, got %g",
					  r->train);
		if (!r->test_is_rest || r->dev != 0)
			return ll_err_set(err, LL_EUSAGE,
					  "with a train count (%g samples) the test part is the rest: give no dev or test",
					  r->train);
		return LL_OK;
	}
	double sum = r->train + r->dev + r->test;
	if (fabs(sum - 1) > 1e-9)
		return ll_err_set(err, LL_EUSAGE, "split ratios must sum to 1 (train %g + dev %g + test %g = %g)",
				  r->train, r->dev, r->test, sum);
	if (!(r->train > 0))
		return ll_err_set(err, LL_EUSAGE, "the training part of a split cannot be empty (train ratio 0)");
	return LL_OK;
}

void ll_split_sizes(const struct ll_split_ratios *r, size_t n, size_t *ntrain, size_t *ndev, size_t *ntest)
{
	size_t dv = (size_t)ceil(r->dev * (double)n);
	if (r->test_is_rest) {
		size_t tr = r->train > 1 ? (size_t)r->train : (size_t)floor(r->train * (double)n);
		if (tr > n)
			tr = n;
		if (dv > n - tr)
			dv = n - tr;
		*ntrain = tr;
		*ndev = dv;
		*ntest = n - tr - dv;
		return;
	}
	size_t te = (size_t)ceil(r->test * (double)n);
	if (te > n)
		te = n;
	if (dv > n - te)
		dv = n - te;
	*ntest = te;
	*ndev = dv;
	*ntrain = n - te - dv;
}

/* scikit-learn's _approximate_mode without its random tie-break: out[k]
 * sums to draws, each close to counts[k] / total * draws. */
static void approximate_mode(const size_t *counts, size_t k, size_t draws, size_t *out, double *rem)
{
	size_t total = 0;
	for (size_t c = 0; c < k; c++)
		total += counts[c];
	if (total == 0) {
		memset(out, 0, k * sizeof *out);
		return;
	}
	size_t sum = 0;
	for (size_t c = 0; c < k; c++) {
		/* same operation order as numpy: counts / total * draws */
		double cont = (double)counts[c] / (double)total * (double)draws;
		double fl = floor(cont);
		out[c] = (size_t)fl;
		rem[c] = cont - fl;
		sum += out[c];
	}
	size_t need = draws > sum ? draws - sum : 0;
	while (need > 0) {
		/* largest remaining fraction, lowest id among equals */
		size_t best = k;
		for (size_t c = 0; c < k; c++)
			if (rem[c] >= 0 && (best == k || rem[c] > rem[best]))
				best = c;
		if (best == k)
			break;
		out[best]++;
		rem[best] = -1;
		need--;
	}
}

int ll_split_stratified(const int *y, size_t n, const struct ll_split_ratios *r, uint64_t seed, unsigned char *part,
			struct ll_err *err)
{
	int rc = ll_split_check(r, err);
	if (rc)
		return rc;
	size_t ntr, ndv, nte;
	ll_split_sizes(r, n, &ntr, &ndv, &nte);
	int maxy = -1;
	for (size_t i = 0; i < n; i++)
		if (y[i] > maxy)
			maxy = y[i];
	size_t k = (size_t)maxy + 2; /* classes, then the unlabelled stratum */
	size_t *counts = calloc(k, sizeof *counts), *tr = calloc(k, sizeof *tr), *te = calloc(k, sizeof *te);
	size_t *rest = calloc(k, sizeof *rest), *start = calloc(k + 1, sizeof *start);
	double *frac = calloc(k, sizeof *frac);
	size_t *idx = malloc((n ? n : 1) * sizeof *idx);
	struct ll_rng *rng = ll_rng_new(seed);
	if (!counts || !tr || !te || !rest || !start || !frac || !idx || !rng) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory splitting %zu samples", n);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		counts[y[i] >= 0 ? (size_t)y[i] : k - 1]++;
	approximate_mode(counts, k, ntr, tr, frac);
	for (size_t c = 0; c < k; c++)
		rest[c] = counts[c] - tr[c];
	approximate_mode(rest, k, nte, te, frac);
	/* bucket the rows by stratum (row order), then shuffle each stratum */
	for (size_t c = 0; c < k; c++)
		start[c + 1] = start[c] + counts[c];
	memcpy(rest, start, k * sizeof *rest);
	for (size_t i = 0; i < n; i++)
		idx[rest[y[i] >= 0 ? (size_t)y[i] : k - 1]++] = i;
	for (size_t c = 0; c < k; c++) {
		size_t *s = idx + start[c];
		ll_rng_shuffle(rng, s, counts[c]);
		for (size_t j = 0; j < counts[c]; j++)
			part[s[j]] = j < tr[c] ? LL_SPLIT_TRAIN : j < tr[c] + te[c] ? LL_SPLIT_TEST : LL_SPLIT_DEV;
	}
out:
	free(counts);
	free(tr);
	free(te);
	free(rest);
	free(start);
	free(frac);
	free(idx);
	ll_rng_free(rng);
	return rc;
}

int ll_split_chrono(size_t n, const struct ll_split_ratios *r, unsigned char *part, struct ll_err *err)
{
	int rc = ll_split_check(r, err);
	if (rc)
		return rc;
	size_t ntr, ndv, nte;
	ll_split_sizes(r, n, &ntr, &ndv, &nte);
	for (size_t i = 0; i < n; i++)
		part[i] = i < ntr ? LL_SPLIT_TRAIN : i < ntr + ndv ? LL_SPLIT_DEV : LL_SPLIT_TEST;
	return LL_OK;
}

void ll_split_named(const char *const *names, size_t n, unsigned char *part, int *named)
{
	*named = 0;
	for (size_t i = 0; i < n; i++)
		if (!names[i] || (strcmp(names[i], "train") && strcmp(names[i], "dev") && strcmp(names[i], "test")))
			return;
	for (size_t i = 0; i < n; i++)
		part[i] = names[i][0] == 'd' ? LL_SPLIT_DEV : names[i][1] == 'r' ? LL_SPLIT_TRAIN : LL_SPLIT_TEST;
	*named = n > 0;
}

struct gname {
	const char *name;
	size_t row;
};

static int cmp_gname(const void *a, const void *b)
{
	const struct gname *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->row > y->row) - (x->row < y->row);
}

int ll_split_grouped(const char *const *groups, size_t n, const struct ll_split_ratios *r, uint64_t seed,
		     unsigned char *part, struct ll_err *err)
{
	int rc = ll_split_check(r, err);
	if (rc)
		return rc;
	size_t ntr, ndv, nte;
	ll_split_sizes(r, n, &ntr, &ndv, &nte);
	struct gname *g = malloc((n ? n : 1) * sizeof *g);
	size_t *gstart = malloc((n + 1) * sizeof *gstart), *order = malloc((n ? n : 1) * sizeof *order);
	struct ll_rng *rng = ll_rng_new(seed);
	if (!g || !gstart || !order || !rng) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory splitting %zu samples by group", n);
		goto out;
	}
	/* sorting by name makes the groups independent of row order */
	for (size_t i = 0; i < n; i++) {
		g[i].name = groups[i] ? groups[i] : "";
		g[i].row = i;
	}
	qsort(g, n, sizeof *g, cmp_gname);
	size_t ng = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(g[i].name, g[i - 1].name) != 0)
			gstart[ng++] = i;
	gstart[ng] = n;
	size_t parts = 1 + (ndv > 0) + (nte > 0);
	if (ng < parts) {
		rc = ll_err_set(err, LL_EUSAGE,
				"a grouped split into %zu parts needs at least %zu groups, and the data has %zu", parts,
				parts, ng);
		goto out;
	}
	for (size_t q = 0; q < ng; q++)
		order[q] = q;
	ll_rng_shuffle(rng, order, ng);
	size_t have[3] = {0, 0, 0}, want[3] = {ntr, ndv, nte};
	for (size_t q = 0; q < ng; q++) {
		size_t gi = order[q], size = gstart[gi + 1] - gstart[gi];
		int p = have[0] < want[0] ? LL_SPLIT_TRAIN : have[1] < want[1] ? LL_SPLIT_DEV : LL_SPLIT_TEST;
		/* keep one group back for every later non-empty part */
		size_t later = 0;
		for (int pp = p + 1; pp < 3; pp++)
			later += want[pp] > 0 && have[pp] == 0;
		if (p < LL_SPLIT_TEST && ng - q <= later)
			p = want[LL_SPLIT_DEV] > 0 && have[LL_SPLIT_DEV] == 0 ? LL_SPLIT_DEV : LL_SPLIT_TEST;
		have[p] += size;
		for (size_t i = gstart[gi]; i < gstart[gi + 1]; i++)
			part[g[i].row] = (unsigned char)p;
	}
out:
	free(g);
	free(gstart);
	free(order);
	ll_rng_free(rng);
	return rc;
}

struct tp {
	int t;
	unsigned char p;
};

static int cmp_tp(const void *a, const void *b)
{
	const struct tp *x = a, *y = b;
	return (x->t > y->t) - (x->t < y->t);
}

int ll_split_leakage(const int *tmpl, const unsigned char *part, size_t n, struct ll_leakage *out,
		     struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	struct tp *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return ll_err_set(err, LL_ENOMEM, "out of memory measuring leakage over %zu samples", n);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (tmpl[i] >= 0) {
			v[m].t = tmpl[i];
			v[m].p = part[i];
			m++;
		}
	qsort(v, m, sizeof *v, cmp_tp);
	for (size_t s = 0; s < m;) {
		size_t e = s, ntest = 0;
		int in_train = 0;
		while (e < m && v[e].t == v[s].t) {
			in_train |= v[e].p == LL_SPLIT_TRAIN;
			ntest += v[e].p == LL_SPLIT_TEST;
			e++;
		}
		out->test_samples += ntest;
		if (ntest) {
			out->test_templates++;
			if (in_train) {
				out->shared_templates++;
				out->test_seen += ntest;
			}
		}
		s = e;
	}
	out->fraction = out->test_samples ? (double)out->test_seen / (double)out->test_samples : 0;
	free(v);
	return LL_OK;
}
