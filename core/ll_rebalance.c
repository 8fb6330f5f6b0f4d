/*
 * ll_rebalance.c - over/under-sampling, SMOTE and class weights on the
 * training part of a featmat (see ll_rebalance.h).
 *
 * The plan (which samples go, which are added and from what) is made
 * first; the new arrays are then filled in one go and swapped in, so an
 * out-of-memory failure leaves the featmat as it was.
 */
#include "ll_rebalance.h"
#include "ll_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const method_names[] = {"none", "over", "under", "smote", "weights"};

const char *ll_rebalance_name(enum ll_rebalance_method m)
{
	return (unsigned)m < 5 ? method_names[m] : "?";
}

int ll_rebalance_parse(const char *s, enum ll_rebalance_method *out, struct ll_err *err)
{
	for (unsigned i = 0; i < 5; i++)
		if (strcasecmp(s, method_names[i]) == 0) {
			*out = (enum ll_rebalance_method)i;
			return LL_OK;
		}
	if (strcasecmp(s, "balanced") == 0) {
		*out = LL_REBAL_WEIGHTS;
		return LL_OK;
	}
	return ll_err_set(err, LL_EUSAGE, "unknown rebalancing '%s' (use none, over, under, smote or weights)", s);
}

void ll_rebalance_report_free(struct ll_rebalance_report *rep)
{
	if (!rep)
		return;
	free(rep->before);
	free(rep->after);
	memset(rep, 0, sizeof *rep);
}

void ll_class_weight_balanced(const int *y, size_t n, size_t nclasses, double *w)
{
	size_t total = 0, present = 0;
	for (size_t c = 0; c < nclasses; c++)
		w[c] = 0;
	for (size_t i = 0; i < n; i++)
		if (y[i] >= 0 && (size_t)y[i] < nclasses) {
			w[y[i]] += 1;
			total++;
		}
	for (size_t c = 0; c < nclasses; c++)
		present += w[c] > 0;
	for (size_t c = 0; c < nclasses; c++)
		w[c] = w[c] > 0 ? (double)total / ((double)present * w[c]) : 0;
}

static int is_train(const struct ll_featmat *m, size_t i)
{
	return !m->split || m->split[i] == LL_SPLIT_TRAIN;
}

/* k nearest neighbours (Euclidean, ties to the lower position) of every
 * member among the members: nn[i * k + j] = position in mem[]. */
static void knn_within(const struct ll_featmat *m, const size_t *mem, size_t cnt, size_t k, size_t *nn,
		       double *dist)
{
	size_t len = m->steps * m->d;
	for (size_t i = 0; i < cnt; i++) {
		const float *a = m->X + mem[i] * len;
		size_t have = 0;
		for (size_t j = 0; j < cnt; j++) {
			if (j == i)
				continue;
			const float *b = m->X + mem[j] * len;
			double s = 0;
			for (size_t q = 0; q < len; q++) {
				double e = (double)a[q] - (double)b[q];
				s += e * e;
			}
			/* insertion into the sorted k best */
			if (have == k && s >= dist[k - 1])
				continue;
			size_t p = have < k ? have++ : k - 1;
			while (p > 0 && dist[p - 1] > s) {
				dist[p] = dist[p - 1];
				nn[i * k + p] = nn[i * k + p - 1];
				p--;
			}
			dist[p] = s;
			nn[i * k + p] = j;
		}
	}
}

int ll_rebalance(struct ll_featmat *m, const struct ll_rebalance_spec *spec, struct ll_rebalance_report *rep,
		 struct ll_err *err)
{
	struct ll_rebalance_report dummy;
	if (!rep)
		rep = &dummy;
	memset(rep, 0, sizeof *rep);
	enum ll_rebalance_method meth = spec->method;
	if ((unsigned)meth > LL_REBAL_WEIGHTS)
		return ll_err_set(err, LL_EUSAGE, "unknown rebalancing method %d", (int)meth);
	if (!m->X && meth != LL_REBAL_WEIGHTS && meth != LL_REBAL_NONE)
		return ll_err_set(err, LL_EUSAGE, "%s needs dense features (this feature set is sparse)",
				  ll_rebalance_name(meth));
	if ((meth == LL_REBAL_OVER || meth == LL_REBAL_UNDER || meth == LL_REBAL_SMOTE) &&
	    !(spec->ratio > 0 && spec->ratio <= 1))
		return ll_err_set(err, LL_EUSAGE, "rebalancing ratio must be in (0, 1] (minority / majority), not %g",
				  spec->ratio);
	size_t k = m->nclasses;
	for (size_t i = 0; i < m->n; i++)
		if (m->y[i] >= 0 && (size_t)m->y[i] + 1 > k)
			k = (size_t)m->y[i] + 1;
	if (meth == LL_REBAL_WEIGHTS && k > m->nclasses)
		return ll_err_set(err, LL_EUSAGE, "class weights need the feature set's class list (%zu classes, labels up to %zu)",
				  m->nclasses, k);
	size_t len = m->steps * m->d;
	size_t *cnt = calloc(k ? k : 1, sizeof *cnt), *delta = calloc(k ? k : 1, sizeof *delta);
	size_t *mem = malloc((m->n ? m->n : 1) * sizeof *mem), *nn = NULL;
	unsigned char *drop = calloc(m->n ? m->n : 1, 1);
	size_t *src = NULL; /* origin sample of each new sample */
	size_t *src_nb = NULL; /* neighbour for SMOTE, else (size_t)-1 */
	float *gap = NULL;
	double *dist = NULL;
	struct ll_rng *rng = ll_rng_new(spec->seed);
	int rc = LL_OK;
	rep->nclasses = k;
	rep->before = calloc(k ? k : 1, sizeof *rep->before);
	rep->after = calloc(k ? k : 1, sizeof *rep->after);
	if (!cnt || !delta || !mem || !drop || !rng || !rep->before || !rep->after)
		goto oom;
	for (size_t i = 0; i < m->n; i++)
		if (is_train(m, i) && m->y[i] >= 0)
			cnt[m->y[i]]++;
	memcpy(rep->before, cnt, k * sizeof *cnt);
	memcpy(rep->after, cnt, k * sizeof *cnt);

	if (meth == LL_REBAL_NONE)
		goto done;
	if (meth == LL_REBAL_WEIGHTS) {
		float *cw = malloc((k ? k : 1) * sizeof *cw);
		double *w = malloc((k ? k : 1) * sizeof *w);
		if (!cw || !w) {
			free(cw);
			free(w);
			goto oom;
		}
		if (spec->weights) {
			for (size_t c = 0; c < k; c++)
				w[c] = spec->weights[c];
		} else {
			/* over the labelled training samples only */
			size_t q = 0;
			int *yt = malloc((m->n ? m->n : 1) * sizeof *yt);
			if (!yt) {
				free(cw);
				free(w);
				goto oom;
			}
			for (size_t i = 0; i < m->n; i++)
				if (is_train(m, i))
					yt[q++] = m->y[i];
			ll_class_weight_balanced(yt, q, k, w);
			free(yt);
		}
		for (size_t c = 0; c < k; c++) {
			if (!(w[c] >= 0) || !isfinite(w[c])) {
				rc = ll_err_set(err, LL_EUSAGE, "class weight %zu is %g; weights must be finite and >= 0", c,
						w[c]);
				free(cw);
				free(w);
				goto done;
			}
			cw[c] = (float)w[c];
		}
		free(w);
		free(m->class_weight);
		m->class_weight = cw;
		goto done;
	}

	size_t maxc = 0, minc = SIZE_MAX;
	for (size_t c = 0; c < k; c++) {
		if (cnt[c] > maxc)
			maxc = cnt[c];
		if (cnt[c] && cnt[c] < minc)
			minc = cnt[c];
	}
	if (maxc == 0) {
		rc = ll_err_set(err, LL_EUSAGE, "no labelled training samples to rebalance");
		goto done;
	}
	size_t added = 0, removed = 0;
	if (meth == LL_REBAL_UNDER) {
		size_t target = (size_t)floor((double)minc / spec->ratio);
		for (size_t c = 0; c < k; c++)
			if (cnt[c] > target) {
				delta[c] = cnt[c] - target;
				removed += delta[c];
			}
	} else {
		size_t target = (size_t)floor(spec->ratio * (double)maxc);
		for (size_t c = 0; c < k; c++)
			if (cnt[c] && cnt[c] < target) {
				delta[c] = target - cnt[c];
				added += delta[c];
			}
	}
	if (added) {
		src = malloc(added * sizeof *src);
		src_nb = malloc(added * sizeof *src_nb);
		gap = malloc(added * sizeof *gap);
		if (!src || !src_nb || !gap)
			goto oom;
	}
	size_t kk = spec->k ? spec->k : 5, a = 0;
	for (size_t c = 0; c < k; c++) {
		if (!delta[c])
			continue;
		size_t nm = 0;
		for (size_t i = 0; i < m->n; i++)
			if (is_train(m, i) && m->y[i] == (int)c)
				mem[nm++] = i;
		if (meth == LL_REBAL_UNDER) {
			ll_rng_shuffle(rng, mem, nm);
			for (size_t j = 0; j < delta[c]; j++)
				drop[mem[j]] = 1;
			rep->after[c] -= delta[c];
			continue;
		}
		if (meth == LL_REBAL_OVER) {
			for (size_t j = 0; j < delta[c]; j++) {
				src[a] = mem[ll_rng_below(rng, nm)];
				src_nb[a] = (size_t)-1;
				gap[a++] = 0;
			}
			rep->after[c] += delta[c];
			continue;
		}
		if (nm < 2) {
			rc = ll_err_set(err, LL_EUSAGE,
					"SMOTE needs at least 2 training samples of class %zu%s%s%s to interpolate between (it has %zu)",
					c, m->classes && c < m->nclasses ? " ('" : "",
					m->classes && c < m->nclasses ? m->classes[c] : "",
					m->classes && c < m->nclasses ? "')" : "", nm);
			goto done;
		}
		size_t kc = kk < nm - 1 ? kk : nm - 1;
		if (!rep->k_used || kc < rep->k_used)
			rep->k_used = kc;
		free(nn);
		free(dist);
		nn = malloc(nm * kc * sizeof *nn);
		dist = malloc(kc * sizeof *dist);
		if (!nn || !dist)
			goto oom;
		knn_within(m, mem, nm, kc, nn, dist);
		for (size_t j = 0; j < delta[c]; j++) {
			size_t i = ll_rng_below(rng, nm);
			size_t nb = nn[i * kc + ll_rng_below(rng, kc)];
			src[a] = mem[i];
			src_nb[a] = mem[nb];
			gap[a++] = (float)ll_rng_uniform(rng);
		}
		rep->after[c] += delta[c];
	}
	rep->added = added;
	rep->removed = removed;

	/* build the new arrays, then swap them in */
	size_t nn_total = m->n - removed + added;
	struct ll_featmat nm_;
	memset(&nm_, 0, sizeof nm_);
	size_t cap = nn_total ? nn_total : 1;
	nm_.X = malloc(cap * (len ? len : 1) * sizeof *nm_.X);
	nm_.y = malloc(cap * sizeof *nm_.y);
	nm_.split = m->split ? malloc(cap) : NULL;
	nm_.origin = m->origin ? malloc(cap * sizeof *nm_.origin) : NULL;
	nm_.w = m->w ? malloc(cap * sizeof *nm_.w) : NULL;
	if (!nm_.X || !nm_.y || (m->split && !nm_.split) || (m->origin && !nm_.origin) || (m->w && !nm_.w)) {
		free(nm_.X);
		free(nm_.y);
		free(nm_.split);
		free(nm_.origin);
		free(nm_.w);
		goto oom;
	}
	size_t o = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (drop[i])
			continue;
		memcpy(nm_.X + o * len, m->X + i * len, len * sizeof *nm_.X);
		nm_.y[o] = m->y[i];
		if (nm_.split)
			nm_.split[o] = m->split[i];
		if (nm_.origin)
			nm_.origin[o] = m->origin[i];
		if (nm_.w)
			nm_.w[o] = m->w[i];
		o++;
	}
	for (size_t j = 0; j < added; j++, o++) {
		const float *x = m->X + src[j] * len;
		float *dst = nm_.X + o * len;
		if (src_nb[j] == (size_t)-1) {
			memcpy(dst, x, len * sizeof *dst);
		} else {
			const float *z = m->X + src_nb[j] * len;
			for (size_t q = 0; q < len; q++)
				dst[q] = x[q] + gap[j] * (z[q] - x[q]);
		}
		nm_.y[o] = m->y[src[j]];
		if (nm_.split)
			nm_.split[o] = LL_SPLIT_TRAIN;
		if (nm_.origin)
			nm_.origin[o] = m->origin[src[j]];
		if (nm_.w)
			nm_.w[o] = m->w[src[j]];
	}
	free(m->X);
	free(m->y);
	free(m->split);
	free(m->origin);
	free(m->w);
	m->X = nm_.X;
	m->y = nm_.y;
	m->split = nm_.split;
	m->origin = nm_.origin;
	m->w = nm_.w;
	m->n = nn_total;
	goto done;
oom:
	rc = ll_err_set(err, LL_ENOMEM, "out of memory rebalancing %zu samples", m->n);
done:
	free(cnt);
	free(delta);
	free(mem);
	free(nn);
	free(dist);
	free(drop);
	free(src);
	free(src_nb);
	free(gap);
	ll_rng_free(rng);
	if (rc != LL_OK || rep == &dummy)
		ll_rebalance_report_free(rep);
	return rc;
}
