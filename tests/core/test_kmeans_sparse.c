/*
 * tests/core/test_kmeans_sparse.c - k-means over CSR rows against the
 * dense fit on the same rows made dense: the same labels and centres and
 * inertia to float rounding, the same bits on 1, 2 and 3 threads and for
 * a seed run twice, rows with no value, a cluster emptied by duplicate
 * rows, a selection of rows, prediction, the elbow, bad values.
 */
#include "harness.h"
#include "ll_kmeans.h"
#include "ll_kmeans_sparse.h"
#include "ll_rng.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct spm {
	size_t n, d, nnz;
	size_t *indptr;
	uint32_t *indices;
	float *values;
	float *dense; /* n x d */
};

/* n rows of d columns in nb groups: a row holds 2..5 values, mostly in its
 * group's own columns (as a log template's words), every 13th row none. */
static void make_rows(struct spm *m, size_t n, size_t d, size_t nb, uint64_t seed)
{
	struct ll_rng *r = ll_rng_new(seed);
	m->n = n;
	m->d = d;
	m->indptr = malloc((n + 1) * sizeof *m->indptr);
	m->indices = malloc(n * 5 * sizeof *m->indices);
	m->values = malloc(n * 5 * sizeof *m->values);
	m->dense = calloc(n * d, sizeof *m->dense);
	size_t p = 0, span = d / nb;
	m->indptr[0] = 0;
	for (size_t i = 0; i < n; i++) {
		size_t g = ll_rng_below(r, nb), cnt = i % 13 == 0 ? 0 : 2 + ll_rng_below(r, 4);
		unsigned char seen[256] = {0};
		size_t start = p;
		for (size_t q = 0; q < cnt; q++) {
			size_t col = ll_rng_below(r, 5) ? g * span + ll_rng_below(r, span) : ll_rng_below(r, d);
			if (seen[col])
				continue;
			seen[col] = 1;
			/* increasing columns within a row: insertion */
			size_t at = p++;
			while (at > start && m->indices[at - 1] > col) {
				m->indices[at] = m->indices[at - 1];
				m->values[at] = m->values[at - 1];
				at--;
			}
			m->indices[at] = (uint32_t)col;
			m->values[at] = (float)(0.2 + ll_rng_uniform(r));
		}
		for (size_t q = start; q < p; q++)
			m->dense[i * d + m->indices[q]] = m->values[q];
		m->indptr[i + 1] = p;
	}
	m->nnz = p;
	ll_rng_free(r);
}

static void free_rows(struct spm *m)
{
	free(m->indptr);
	free(m->indices);
	free(m->values);
	free(m->dense);
}

static struct ll_kspm view(const struct spm *m)
{
	struct ll_kspm v = {m->n, m->d, m->indptr, m->indices, m->values, NULL};
	return v;
}

static double rel(double a, double b)
{
	return fabs(a - b) / (fabs(b) > 1e-30 ? fabs(b) : 1e-30);
}

/* The sparse fit and the dense fit of the same rows agree. */
static void test_dense_equal(void)
{
	struct ll_err err;
	struct spm m;
	make_rows(&m, 1300, 48, 6, 5);
	struct ll_kspm X = view(&m);
	for (size_t k = 1; k <= 6; k += 5) {
		struct ll_kmeans_cfg c;
		ll_kmeans_defaults(&c);
		c.k = k;
		c.n_init = 2;
		c.seed = 9;
		struct ll_kmeans *ds = NULL, *sp = NULL;
		CHECK_INT(ll_kmeans_fit(m.dense, m.n, m.d, &c, &ds, &err), LL_OK);
		CHECK_INT(ll_kmeans_sparse_fit(&X, &c, &sp, &err), LL_OK);
		if (!ds || !sp)
			continue;
		CHECK(rel(ll_kmeans_inertia(sp), ll_kmeans_inertia(ds)) < 1e-6);
		CHECK_INT(ll_kmeans_iterations(sp), ll_kmeans_iterations(ds));
		CHECK_INT((int)ll_kmeans_dim(sp), (int)m.d);
		CHECK_INT((int)ll_kmeans_nrows(sp), (int)m.n);
		CHECK(memcmp(ll_kmeans_labels(sp), ll_kmeans_labels(ds), m.n * sizeof(int)) == 0);
		const float *a = ll_kmeans_centers(sp), *b = ll_kmeans_centers(ds);
		double worst = 0;
		for (size_t t = 0; t < k * m.d; t++)
			worst = fabs(a[t] - b[t]) > worst ? fabs(a[t] - b[t]) : worst;
		CHECK(worst < 1e-6);
		/* the inertia is the rows' squared distances to their centres */
		const int *lab = ll_kmeans_labels(sp);
		double in = 0;
		for (size_t i = 0; i < m.n; i++)
			for (size_t j = 0; j < m.d; j++) {
				double e = (double)m.dense[i * m.d + j] - a[(size_t)lab[i] * m.d + j];
				in += e * e;
			}
		CHECK(rel(ll_kmeans_inertia(sp), in) < 1e-6);
		/* prediction: the training labels, the distances of the dense model */
		int *pl = malloc(m.n * sizeof *pl), *ql = malloc(m.n * sizeof *ql);
		float *pd = malloc(m.n * sizeof *pd), *qd = malloc(m.n * sizeof *qd);
		CHECK_INT(ll_kmeans_sparse_predict(sp, &X, pl, pd, &err), LL_OK);
		CHECK_INT(ll_kmeans_predict(sp, m.dense, m.n, m.d, ql, qd, &err), LL_OK);
		CHECK(memcmp(pl, lab, m.n * sizeof *pl) == 0);
		CHECK(memcmp(pl, ql, m.n * sizeof *pl) == 0);
		double dw = 0;
		for (size_t i = 0; i < m.n; i++)
			dw = fabs(pd[i] - qd[i]) > dw ? fabs(pd[i] - qd[i]) : dw;
		CHECK(dw < 1e-5);
		/* a row with no value is at ||c||^2 from a centre c */
		const float *cl = a + (size_t)pl[0] * m.d;
		double cc = 0;
		for (size_t j = 0; j < m.d; j++)
			cc += (double)cl[j] * cl[j];
		CHECK_INT((int)(m.indptr[1] - m.indptr[0]), 0);
		CHECK_NEAR(pd[0], cc, 1e-6 * (cc + 1));
		free(pl);
		free(ql);
		free(pd);
		free(qd);
		ll_kmeans_free(ds);
		ll_kmeans_free(sp);
	}
	free_rows(&m);
}

/* The same bits for a seed run twice and on 1 and 2 threads (threads
 * take blocks in any order: four blocks here); another seed, another
 * start. */
static void test_threads_seed(void)
{
	struct ll_err err;
	struct spm m;
	make_rows(&m, 3 * 1024 + 50, 40, 5, 8);
	struct ll_kspm X = view(&m);
	struct ll_kmeans *ref = NULL;
	for (int th = 0; th <= 2; th++) {
		struct ll_kmeans_cfg c;
		ll_kmeans_defaults(&c);
		c.k = 6;
		c.n_init = 2;
		c.seed = 4;
		c.threads = th ? th : 1;
		struct ll_kmeans *km;
		CHECK_INT(ll_kmeans_sparse_fit(&X, &c, &km, &err), LL_OK);
		if (!ref) {
			ref = km;
			continue;
		}
		CHECK_INT(ll_kmeans_iterations(km), ll_kmeans_iterations(ref));
		CHECK(ll_kmeans_inertia(km) == ll_kmeans_inertia(ref));
		CHECK(memcmp(ll_kmeans_centers(km), ll_kmeans_centers(ref), 6 * m.d * sizeof(float)) == 0);
		CHECK(memcmp(ll_kmeans_labels(km), ll_kmeans_labels(ref), m.n * sizeof(int)) == 0);
		ll_kmeans_free(km);
	}
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.k = 6;
	c.seed = 5;
	c.max_iter = 1; /* the seeding's centres, moved once */
	struct ll_kmeans *other, *again;
	CHECK_INT(ll_kmeans_sparse_fit(&X, &c, &other, &err), LL_OK);
	c.seed = 4;
	CHECK_INT(ll_kmeans_sparse_fit(&X, &c, &again, &err), LL_OK);
	CHECK(memcmp(ll_kmeans_centers(other), ll_kmeans_centers(again), 6 * m.d * sizeof(float)) != 0);
	/* the seeding matches the dense fit's for the same seed */
	struct ll_kmeans *dn;
	CHECK_INT(ll_kmeans_fit(m.dense, m.n, m.d, &c, &dn, &err), LL_OK);
	CHECK(memcmp(ll_kmeans_labels(dn), ll_kmeans_labels(again), m.n * sizeof(int)) == 0);
	ll_kmeans_free(dn);
	ll_kmeans_free(other);
	ll_kmeans_free(again);
	ll_kmeans_free(ref);
	free_rows(&m);
}

/* Three distinct rows, many copies, k = 4: the seeding runs out of
 * potential and draws a duplicate, whose cluster Lloyd empties and fills
 * with the farthest row; as the dense fit does, with inertia 0. Rows with
 * no value at all make one of the three. */
static void test_empty_cluster(void)
{
	struct ll_err err;
	size_t n = 30, d = 6;
	size_t indptr[31];
	uint32_t indices[30];
	float values[30], dense[30 * 6] = {0};
	size_t p = 0;
	indptr[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (i % 3 != 2) {
			indices[p] = (uint32_t)(i % 3 == 0 ? 1 : 4);
			values[p] = i % 3 == 0 ? 2.0f : 3.0f;
			dense[i * d + indices[p]] = values[p];
			p++;
		}
		indptr[i + 1] = p;
	}
	struct ll_kspm X = {n, d, indptr, indices, values, NULL};
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct ll_kmeans_cfg c;
		ll_kmeans_defaults(&c);
		c.k = 4;
		c.seed = seed;
		struct ll_kmeans *sp = NULL, *ds = NULL;
		CHECK_INT(ll_kmeans_sparse_fit(&X, &c, &sp, &err), LL_OK);
		CHECK_INT(ll_kmeans_fit(dense, n, d, &c, &ds, &err), LL_OK);
		if (!sp || !ds)
			continue;
		CHECK_NEAR(ll_kmeans_inertia(sp), 0, 1e-12);
		CHECK(memcmp(ll_kmeans_labels(sp), ll_kmeans_labels(ds), n * sizeof(int)) == 0);
		CHECK(memcmp(ll_kmeans_centers(sp), ll_kmeans_centers(ds), 4 * d * sizeof(float)) == 0);
		const int *lab = ll_kmeans_labels(sp);
		for (size_t i = 3; i < n; i++)
			CHECK_INT(lab[i], lab[i % 3]);
		ll_kmeans_free(sp);
		ll_kmeans_free(ds);
	}
	/* all rows empty: one centre at 0, every distance 0 */
	size_t zp[31] = {0};
	struct ll_kspm Z = {n, d, zp, indices, values, NULL};
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.k = 2;
	struct ll_kmeans *z = NULL;
	CHECK_INT(ll_kmeans_sparse_fit(&Z, &c, &z, &err), LL_OK);
	if (z)
		CHECK(ll_kmeans_inertia(z) == 0);
	ll_kmeans_free(z);
}

/* Rows picked out of a larger CSR (a split's training part), columns past
 * d ignored, a non-finite value named. */
static void test_rows_and_bad(void)
{
	struct ll_err err;
	struct spm m;
	make_rows(&m, 1500, 32, 4, 3);
	size_t nsel = 0, *sel = malloc(m.n * sizeof *sel);
	float *dsel = malloc(m.n * m.d * sizeof *dsel);
	for (size_t i = 0; i < m.n; i++)
		if (i % 4 != 1) {
			memcpy(dsel + nsel * m.d, m.dense + i * m.d, m.d * sizeof *dsel);
			sel[nsel++] = i;
		}
	struct ll_kspm X = {nsel, m.d, m.indptr, m.indices, m.values, sel};
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.k = 4;
	c.seed = 2;
	struct ll_kmeans *sp = NULL, *ds = NULL;
	CHECK_INT(ll_kmeans_sparse_fit(&X, &c, &sp, &err), LL_OK);
	CHECK_INT(ll_kmeans_fit(dsel, nsel, m.d, &c, &ds, &err), LL_OK);
	if (sp && ds) {
		CHECK(rel(ll_kmeans_inertia(sp), ll_kmeans_inertia(ds)) < 1e-6);
		CHECK(memcmp(ll_kmeans_labels(sp), ll_kmeans_labels(ds), nsel * sizeof(int)) == 0);
	}
	ll_kmeans_free(ds);
	/* a narrower view: the columns from 16 on are not read */
	struct ll_kspm N = X;
	N.d = 16;
	struct ll_kmeans *nar = NULL;
	CHECK_INT(ll_kmeans_sparse_fit(&N, &c, &nar, &err), LL_OK);
	if (nar)
		CHECK_INT((int)ll_kmeans_dim(nar), 16);
	int *pl = malloc(nsel * sizeof *pl);
	CHECK_INT(ll_kmeans_sparse_predict(sp, &N, pl, NULL, &err), LL_EUSAGE);
	ll_kmeans_free(nar);
	ll_kmeans_free(sp);
	free(pl);
	/* row 1202 (selected row 901) holds a NaN */
	CHECK_INT((int)sel[901], 1202);
	size_t q = m.indptr[1202];
	CHECK(m.indptr[1203] > q);
	m.values[q] = NAN;
	CHECK_INT(ll_kmeans_sparse_fit(&X, &c, &sp, &err), LL_EDATA);
	char want[64];
	snprintf(want, sizeof want, "row 901 column %u", (unsigned)m.indices[q]);
	CHECK(strstr(err.msg, want) != NULL);
	CHECK(sp == NULL);
	free(sel);
	free(dsel);
	free_rows(&m);
}

/* The elbow: each k's inertia and silhouette as the dense elbow's, and
 * the same k chosen. */
static void test_elbow(void)
{
	struct ll_err err;
	struct spm m;
	make_rows(&m, 600, 30, 3, 12);
	struct ll_kspm X = view(&m);
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.seed = 3;
	double si[4], ss[4], di[4], dsil[4];
	struct ll_kmeans *sb = NULL, *db = NULL;
	CHECK_INT(ll_kmeans_sparse_elbow(&X, 1, 4, &c, 300, si, ss, &sb, &err), LL_OK);
	CHECK_INT(ll_kmeans_elbow(m.dense, m.n, m.d, 1, 4, &c, 300, di, dsil, &db, &err), LL_OK);
	CHECK(isnan(ss[0]) && isnan(dsil[0]));
	for (int t = 0; t < 4; t++) {
		CHECK(rel(si[t], di[t]) < 1e-6);
		if (t)
			CHECK_NEAR(ss[t], dsil[t], 1e-4);
	}
	if (sb && db)
		CHECK_INT((int)ll_kmeans_k(sb), (int)ll_kmeans_k(db));
	ll_kmeans_free(sb);
	ll_kmeans_free(db);
	CHECK_INT(ll_kmeans_sparse_elbow(&X, 3, 2, &c, 0, si, NULL, NULL, &err), LL_EUSAGE);
	free_rows(&m);
}

int main(void)
{
	test_dense_equal();
	test_threads_seed();
	test_empty_cluster();
	test_rows_and_bad();
	test_elbow();
	TEST_MAIN_END();
}
