/*
 * ll_window.c - sliding, session and time windows (see ll_window.h).
 *
 * Sessions are grouped with a hash index of string ids (ll_slots.h) built
 * once; every window kind fills the featmat in a single pass after the
 * sizes are known.
 */
#include "ll_window.h"
#include "ll_recipe.h"
#include "ll_slots.h"
#include "ll_time.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int ll_ordinary_class(const struct ll_table *t)
{
	size_t n = ll_table_nclasses(t);
	for (size_t k = 0; k < n; k++)
		if (ll_default_ordinary_name(ll_table_class_name(t, k)))
			return (int)k;
	return -1;
}

int ll_label_vote(const size_t *counts, size_t nclasses, int ordinary)
{
	int best = -1;
	size_t bestn = 0;
	for (size_t k = 0; k < nclasses; k++)
		if ((int)k != ordinary && counts[k] > bestn) {
			best = (int)k;
			bestn = counts[k];
		}
	if (best >= 0)
		return best;
	if (ordinary >= 0 && (size_t)ordinary < nclasses && counts[ordinary] > 0)
		return ordinary;
	return LL_NO_LABEL;
}

static int window_label(const int *y, size_t from, size_t to, size_t *counts, size_t nclasses,
			enum ll_label_rule rule, int ordinary)
{
	if (!y)
		return LL_NO_LABEL;
	if (rule == LL_LABEL_LAST)
		return y[to - 1] >= 0 ? y[to - 1] : LL_NO_LABEL;
	memset(counts, 0, (nclasses ? nclasses : 1) * sizeof *counts);
	for (size_t i = from; i < to; i++)
		if (y[i] >= 0 && (size_t)y[i] < nclasses)
			counts[y[i]]++;
	return ll_label_vote(counts, nclasses, ordinary);
}

/* nclasses from the labels when the caller gives 0. */
static size_t classes_of(const int *y, size_t n, size_t nclasses)
{
	if (nclasses || !y)
		return nclasses;
	for (size_t i = 0; i < n; i++)
		if (y[i] >= 0 && (size_t)y[i] + 1 > nclasses)
			nclasses = (size_t)y[i] + 1;
	return nclasses;
}

int ll_window_sliding(const float *X, size_t n, size_t d, const int *y, size_t nclasses,
		      const char *const *names, const struct ll_window_spec *spec, struct ll_featmat *out,
		      struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	if (spec->len == 0)
		return ll_err_set(err, LL_EUSAGE, "window length must be at least 1 row");
	if (spec->stride == 0)
		return ll_err_set(err, LL_EUSAGE, "window stride must be at least 1 row");
	if (d == 0)
		return ll_err_set(err, LL_EUSAGE, "windows need at least one feature column");
	if (spec->len > n)
		return ll_err_set(err, LL_EUSAGE, "window of %zu rows is longer than the data (%zu rows)", spec->len,
				  n);
	if (spec->len > SIZE_MAX / d)
		return ll_err_set(err, LL_EUSAGE, "window of %zu rows x %zu features is too large", spec->len, d);
	nclasses = classes_of(y, n, nclasses);
	size_t nw = (n - spec->len) / spec->stride + 1, L = spec->len;
	size_t steps = spec->flatten ? 1 : L, dd = spec->flatten ? L * d : d;
	int rc = ll_featmat_alloc(out, nw, steps, dd, 1, err);
	if (rc)
		return rc;
	size_t *counts = calloc(nclasses ? nclasses : 1, sizeof *counts);
	if (!counts) {
		ll_featmat_free(out);
		return ll_err_set(err, LL_ENOMEM, "out of memory for %zu windows", nw);
	}
	for (size_t w = 0; w < nw; w++) {
		size_t s = w * spec->stride;
		/* a window is L consecutive rows, so both layouts are the same
		 * contiguous block; only the featmat's shape differs */
		memcpy(out->X + w * L * d, X + s * d, L * d * sizeof *X);
		out->origin[w] = s;
		out->y[w] = window_label(y, s, s + L, counts, nclasses, spec->rule, spec->ordinary);
	}
	free(counts);
	char buf[512];
	for (size_t j = 0; j < dd; j++) {
		size_t f = j % d, back = L - 1 - j / d;
		char def[32];
		snprintf(def, sizeof def, "f%zu", f);
		const char *base = names && names[f] ? names[f] : def;
		if (spec->flatten)
			snprintf(buf, sizeof buf, "%s@-%zu", base, back);
		else
			snprintf(buf, sizeof buf, "%s", base);
		if (ll_featmat_set_name(out, j, buf) != LL_OK) {
			ll_featmat_free(out);
			return ll_err_set(err, LL_ENOMEM, "out of memory naming window features");
		}
	}
	return LL_OK;
}

/* Interns n strings: id[i] = index of s[i] among the distinct strings in
 * first-seen order, *first[k] = first row of distinct string k. */
static int intern(const char *const *s, size_t n, size_t *id, size_t **first, size_t *ndistinct)
{
	struct ll_slots ix = {0};
	size_t *fr = malloc((n ? n : 1) * sizeof *fr);
	if (!fr || ll_slots_reserve(&ix, n) != LL_OK) {
		free(fr);
		return LL_ENOMEM;
	}
	size_t nd = 0;
	for (size_t i = 0; i < n; i++) {
		const char *k = s[i] ? s[i] : "";
		struct ll_slots_probe p = ll_slots_probe(&ix, ll_slots_hash(k, strlen(k)));
		uint32_t d;
		while ((d = ll_slots_next(&ix, &p)) != LL_SLOTS_NONE && strcmp(s[fr[d]] ? s[fr[d]] : "", k) != 0)
			;
		if (d == LL_SLOTS_NONE) {
			if (ll_slots_add(&ix, &p, (uint32_t)nd) != LL_OK) { /* reserved: cannot happen */
				ll_slots_free(&ix);
				free(fr);
				return LL_ENOMEM;
			}
			fr[nd] = i;
			d = (uint32_t)nd++;
		}
		id[i] = d;
	}
	ll_slots_free(&ix);
	*first = fr;
	*ndistinct = nd;
	return LL_OK;
}

/* Natural order: digit runs compare as numbers ("E2" < "E10"). */
static int natcmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			while (*a == '0' && isdigit((unsigned char)a[1]))
				a++;
			while (*b == '0' && isdigit((unsigned char)b[1]))
				b++;
			size_t la = 0, lb = 0;
			while (isdigit((unsigned char)a[la]))
				la++;
			while (isdigit((unsigned char)b[lb]))
				lb++;
			if (la != lb)
				return la < lb ? -1 : 1;
			int c = memcmp(a, b, la);
			if (c)
				return c;
			a += la;
			b += lb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	if (*a || *b)
		return *a ? 1 : -1;
	return 0;
}

struct named {
	const char *name;
	size_t k;
};

static int cmp_named(const void *x, const void *y)
{
	const struct named *a = x, *b = y;
	int c = natcmp(a->name, b->name);
	return c ? c : strcmp(a->name, b->name);
}

int ll_window_sessions(const char *const *ids, const char *const *events, size_t n, const int *y, size_t nclasses,
		       enum ll_label_rule rule, int ordinary, struct ll_featmat *out, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return ll_err_set(err, LL_EUSAGE, "no rows to group into sessions");
	nclasses = classes_of(y, n, nclasses);
	size_t *sid = malloc(n * sizeof *sid), *eid = malloc(n * sizeof *eid);
	size_t *sfirst = NULL, *efirst = NULL, *col = NULL, *counts = NULL;
	size_t *lastrow = NULL;
	size_t ns = 0, ne = 0;
	int rc = LL_OK;
	if (!sid || !eid || intern(ids, n, sid, &sfirst, &ns) || intern(events, n, eid, &efirst, &ne))
		goto oom;
	col = malloc(ne * sizeof *col);
	counts = calloc((size_t)ns * (nclasses ? nclasses : 1), sizeof *counts);
	lastrow = malloc(ns * sizeof *lastrow);
	if (!col || !counts || !lastrow)
		goto oom;
	/* columns: distinct events in natural order of their names */
	struct named *ev = malloc(ne * sizeof *ev);
	if (!ev)
		goto oom;
	for (size_t k = 0; k < ne; k++) {
		ev[k].name = events[efirst[k]] ? events[efirst[k]] : "";
		ev[k].k = k;
	}
	qsort(ev, ne, sizeof *ev, cmp_named);
	for (size_t k = 0; k < ne; k++)
		col[ev[k].k] = k;
	rc = ll_featmat_alloc(out, ns, 1, ne, 1, err);
	if (rc) {
		free(ev);
		goto done;
	}
	for (size_t k = 0; k < ne; k++)
		if (ll_featmat_set_name(out, k, ev[k].name) != LL_OK) {
			free(ev);
			goto oom;
		}
	free(ev);
	for (size_t i = 0; i < n; i++) {
		size_t s = sid[i];
		out->X[s * ne + col[eid[i]]] += 1.0f;
		lastrow[s] = i;
		if (y && y[i] >= 0 && (size_t)y[i] < nclasses)
			counts[s * nclasses + (size_t)y[i]]++;
	}
	for (size_t s = 0; s < ns; s++) {
		out->origin[s] = sfirst[s];
		if (!y)
			continue;
		if (rule == LL_LABEL_LAST)
			out->y[s] = y[lastrow[s]] >= 0 ? y[lastrow[s]] : LL_NO_LABEL;
		else
			out->y[s] = ll_label_vote(counts + s * nclasses, nclasses, ordinary);
	}
	goto done;
oom:
	ll_featmat_free(out);
	rc = ll_err_set(err, LL_ENOMEM, "out of memory grouping %zu rows into sessions", n);
done:
	free(sid);
	free(eid);
	free(sfirst);
	free(efirst);
	free(col);
	free(counts);
	free(lastrow);
	return rc;
}

/* Window edges as ll_resample.c reckons buckets: times are double seconds,
 * which hold a stamp to the microsecond but not exactly, and t0 + 3 * 0.1
 * is not the double of a stamp 0.3 s later, so a line on a window's edge
 * fell in the window before it (80 of 200 runs of 30 lines 0.1 s apart).
 * With a step and a length of whole microseconds and times that fit,
 * edges are compared on microseconds since the first line, in integers. */
struct edges {
	int exact;
	int64_t u0, step_us, len_us;
	double t0, step, len;
};

static void edges_init(struct edges *e, double t0, double tlast, double step, double len)
{
	e->t0 = t0;
	e->step = step;
	e->len = len;
	int whole_step = ll_time_whole_us(step, &e->step_us), whole_len = ll_time_whole_us(len, &e->len_us);
	e->exact = whole_step && whole_len && fabs(t0) < LL_TIME_US_MAX_S && fabs(tlast) < LL_TIME_US_MAX_S;
	e->u0 = e->exact ? ll_time_to_us(t0) : 0;
}

/* Windows from the first line's time to the last's. */
static double edges_count(const struct edges *e, double tlast)
{
	if (e->exact)
		return (double)((ll_time_to_us(tlast) - e->u0) / e->step_us) + 1;
	return floor((tlast - e->t0) / e->step) + 1;
}

/* Whether time t comes before window w's start (end 0) or its end (end 1). */
static int before_edge(const struct edges *e, double t, size_t w, int end)
{
	if (e->exact)
		return ll_time_to_us(t) - e->u0 < (int64_t)w * e->step_us + (end ? e->len_us : 0);
	double ws = e->t0 + (double)w * e->step;
	return t < (end ? ws + e->len : ws);
}

int ll_window_time(const double *times, const int *tmpl, size_t n, size_t ntemplates, const int *y,
		   size_t nclasses, double length, double step, enum ll_label_rule rule, int ordinary,
		   const char *const *names, struct ll_featmat *out, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	if (!(length > 0) || !isfinite(length))
		return ll_err_set(err, LL_EUSAGE, "time window length must be a positive number of seconds");
	if (!(step > 0) || !isfinite(step))
		return ll_err_set(err, LL_EUSAGE, "time window step must be a positive number of seconds");
	if (n == 0)
		return ll_err_set(err, LL_EUSAGE, "no lines to cut into time windows");
	if (ntemplates == 0)
		return ll_err_set(err, LL_EUSAGE, "time windows need at least one template");
	for (size_t i = 0; i < n; i++) {
		if (isnan(times[i]))
			return ll_err_set(err, LL_EDATA, "line %zu has no time; time windows need a time on every line",
					  i + 1);
		if (i && times[i] < times[i - 1])
			return ll_err_set(err, LL_EDATA, "line %zu: time goes backwards (sort the lines by time first)",
					  i + 1);
		if (tmpl[i] >= 0 && (size_t)tmpl[i] >= ntemplates)
			return ll_err_set(err, LL_EUSAGE, "line %zu: template id %d is not below %zu", i + 1, tmpl[i],
					  ntemplates);
	}
	nclasses = classes_of(y, n, nclasses);
	double t0 = times[0], span = times[n - 1] - t0;
	struct edges edge;
	edges_init(&edge, t0, times[n - 1], step, length);
	double nwd = edges_count(&edge, times[n - 1]);
	if (nwd > 1e8)
		return ll_err_set(err, LL_EUSAGE, "a step of %g s over %g s of logs makes too many windows", step, span);
	size_t nwin = (size_t)nwd;
	/* first pass: which windows hold a line (two pointers over sorted times) */
	size_t nonempty = 0, lo = 0, hi = 0;
	for (size_t w = 0; w < nwin; w++) {
		while (lo < n && before_edge(&edge, times[lo], w, 0))
			lo++;
		if (hi < lo)
			hi = lo;
		while (hi < n && before_edge(&edge, times[hi], w, 1))
			hi++;
		nonempty += hi > lo;
	}
	int rc = ll_featmat_alloc(out, nonempty, 1, ntemplates, 1, err);
	if (rc)
		return rc;
	size_t *counts = calloc(nclasses ? nclasses : 1, sizeof *counts);
	if (!counts) {
		ll_featmat_free(out);
		return ll_err_set(err, LL_ENOMEM, "out of memory for time windows");
	}
	size_t k = 0;
	lo = hi = 0;
	for (size_t w = 0; w < nwin; w++) {
		while (lo < n && before_edge(&edge, times[lo], w, 0))
			lo++;
		if (hi < lo)
			hi = lo;
		while (hi < n && before_edge(&edge, times[hi], w, 1))
			hi++;
		if (hi == lo)
			continue;
		float *row = out->X + k * ntemplates;
		for (size_t i = lo; i < hi; i++)
			if (tmpl[i] >= 0)
				row[tmpl[i]] += 1.0f;
		out->origin[k] = lo;
		out->y[k] = window_label(y, lo, hi, counts, nclasses, rule, ordinary);
		k++;
	}
	free(counts);
	char buf[512];
	for (size_t j = 0; j < ntemplates; j++) {
		if (names && names[j])
			snprintf(buf, sizeof buf, "%s", names[j]);
		else
			snprintf(buf, sizeof buf, "T%zu", j);
		if (ll_featmat_set_name(out, j, buf) != LL_OK) {
			ll_featmat_free(out);
			return ll_err_set(err, LL_ENOMEM, "out of memory naming template features");
		}
	}
	return LL_OK;
}
