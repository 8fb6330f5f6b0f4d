/*
 * tests/core/test_kmeans.c - k-means on problems whose answer is known:
 * a four-point case solved by hand, well-separated blobs whose centres and
 * inertia the test computes itself, determinism across seeds and thread
 * counts, prediction, a brute-force silhouette, the elbow curve, bad
 * parameters, Hamerly's bounds giving the bits of measuring every row,
 * and the same bits on 1, 2 and 3 threads over many blocks of rows.
 */
#include "harness.h"
#include "ll_kmeans.h"
#include "ll_rng.h"

#include <stdint.h>

static void test_four_points(void)
{
	struct ll_err err;
	/* two pairs: centres (0, 0.5) and (10, 0.5), inertia 4 * 0.25 = 1 */
	float X[8] = { 0, 0, 0, 1, 10, 0, 10, 1 };
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.k = 2;
	c.n_init = 3;
	struct ll_kmeans *km;
	CHECK_INT(ll_kmeans_fit(X, 4, 2, &c, &km, &err), LL_OK);
	CHECK_NEAR(ll_kmeans_inertia(km), 1.0, 1e-6);
	const float *C = ll_kmeans_centers(km);
	int lo = C[0] < C[2] ? 0 : 1;
	CHECK_NEAR(C[2 * lo], 0, 1e-6);
	CHECK_NEAR(C[2 * lo + 1], 0.5, 1e-6);
	CHECK_NEAR(C[2 * (1 - lo)], 10, 1e-6);
	CHECK_NEAR(C[2 * (1 - lo) + 1], 0.5, 1e-6);
	const int *lab = ll_kmeans_labels(km);
	CHECK(lab[0] == lab[1] && lab[2] == lab[3] && lab[0] != lab[2]);
	int pl[2];
	float pd[2], q[4] = { 1, 0.5f, 8, 0 };
	CHECK_INT(ll_kmeans_predict(km, q, 2, 2, pl, pd, &err), LL_OK);
	CHECK_INT(pl[0], lab[0]);
	CHECK_INT(pl[1], lab[2]);
	CHECK_NEAR(pd[0], 1.0, 1e-5);        /* (1-0)^2 + 0 */
	CHECK_NEAR(pd[1], 4.0 + 0.25, 1e-5); /* (8-10)^2 + 0.5^2 */
	/* k = rows: every point its own centre, inertia 0 */
	c.k = 4;
	struct ll_kmeans *k4;
	CHECK_INT(ll_kmeans_fit(X, 4, 2, &c, &k4, &err), LL_OK);
	CHECK_NEAR(ll_kmeans_inertia(k4), 0, 1e-9);
	ll_kmeans_free(k4);
	ll_kmeans_free(km);
}

/* 5 blobs of 400 points in 6 dimensions, centres 20 apart, sd 1. */
static void make_blobs(float *X, int *truth, size_t n, size_t d, size_t nb, uint64_t seed)
{
	struct ll_rng *r = ll_rng_new(seed);
	for (size_t i = 0; i < n; i++) {
		size_t b = i % nb;
		truth[i] = (int)b;
		for (size_t j = 0; j < d; j++)
			X[i * d + j] = (float)((j == b % d ? 20.0 * (double)(b + 1) : 0.0) + ll_rng_gauss(r, 1.0));
	}
	ll_rng_free(r);
}

static void test_blobs(void)
{
	struct ll_err err;
	/* 1200 rows under valgrind (LL_VALGRIND), where the brute-force
	 * silhouette below is quadratic: still two 1024-row blocks, many
	 * 128-row silhouette blocks and four times the sampled 300 */
	size_t n = getenv("LL_VALGRIND") ? 1200 : 2000, d = 6, nb = 5;
	float *X = malloc(n * d * sizeof *X);
	int *truth = malloc(n * sizeof *truth);
	make_blobs(X, truth, n, d, nb, 1);
	/* the blob means and the inertia about them, in double */
	double mean[5][6] = { { 0 } }, inertia = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++)
			mean[truth[i]][j] += X[i * d + j] / (double)(n / nb);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++) {
			double e = X[i * d + j] - mean[truth[i]][j];
			inertia += e * e;
		}
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.k = nb;
	c.n_init = 2;
	struct ll_kmeans *km;
	CHECK_INT(ll_kmeans_fit(X, n, d, &c, &km, &err), LL_OK);
	CHECK_NEAR(ll_kmeans_inertia(km), inertia, 1e-6 * inertia);
	/* each blob maps to one cluster and each cluster to one blob */
	const int *lab = ll_kmeans_labels(km);
	int map[5] = { -1, -1, -1, -1, -1 }, bad = 0;
	for (size_t i = 0; i < n; i++) {
		if (map[truth[i]] < 0)
			map[truth[i]] = lab[i];
		bad += map[truth[i]] != lab[i];
	}
	CHECK_INT(bad, 0);
	for (size_t b = 0; b < nb; b++)
		for (size_t b2 = b + 1; b2 < nb; b2++)
			CHECK(map[b] != map[b2]);
	const float *C = ll_kmeans_centers(km);
	double cerr = 0;
	for (size_t b = 0; b < nb; b++)
		for (size_t j = 0; j < d; j++)
			cerr = fmax(cerr, fabs(C[(size_t)map[b] * d + j] - mean[b][j]));
	CHECK(cerr < 1e-4);
	CHECK(ll_kmeans_iterations(km) >= 1 && ll_kmeans_iterations(km) <= 10);

	/* determinism: same seed, same bits; 1 vs 3 threads, same bits */
	struct ll_kmeans *k2, *k3;
	CHECK_INT(ll_kmeans_fit(X, n, d, &c, &k2, &err), LL_OK);
	c.threads = 3;
	CHECK_INT(ll_kmeans_fit(X, n, d, &c, &k3, &err), LL_OK);
	CHECK(memcmp(C, ll_kmeans_centers(k2), nb * d * sizeof(float)) == 0);
	CHECK(memcmp(C, ll_kmeans_centers(k3), nb * d * sizeof(float)) == 0);
	CHECK(ll_kmeans_inertia(km) == ll_kmeans_inertia(k3));
	CHECK(memcmp(lab, ll_kmeans_labels(k3), n * sizeof(int)) == 0);
	ll_kmeans_free(k2);
	ll_kmeans_free(k3);

	/* silhouette against a brute-force double computation */
	double sil, ref = 0;
	size_t cnt[5] = { 0 };
	for (size_t i = 0; i < n; i++)
		cnt[lab[i]]++;
	for (size_t i = 0; i < n; i++) {
		double sum[5] = { 0 };
		for (size_t j2 = 0; j2 < n; j2++) {
			if (j2 == i)
				continue;
			double s = 0;
			for (size_t t = 0; t < d; t++) {
				double e = (double)X[i * d + t] - X[j2 * d + t];
				s += e * e;
			}
			sum[lab[j2]] += sqrt(s);
		}
		double a = sum[lab[i]] / (double)(cnt[lab[i]] - 1), b = INFINITY;
		for (size_t q = 0; q < nb; q++)
			if ((int)q != lab[i] && sum[q] / (double)cnt[q] < b)
				b = sum[q] / (double)cnt[q];
		ref += (b - a) / fmax(a, b);
	}
	ref /= (double)n;
	CHECK_INT(ll_kmeans_silhouette(X, n, d, lab, nb, 0, 1, &sil, &err), LL_OK);
	CHECK_NEAR(sil, ref, 1e-5);
	double sil_s;
	CHECK_INT(ll_kmeans_silhouette(X, n, d, lab, nb, 300, 9, &sil_s, &err), LL_OK);
	CHECK_NEAR(sil_s, ref, 0.02);
	fprintf(stderr, "blobs: inertia %.2f (reference %.2f), silhouette %.5f (reference %.5f, sampled %.5f)\n",
		ll_kmeans_inertia(km), inertia, sil, ref, sil_s);
	int one[3] = { 0, 0, 0 };
	CHECK_INT(ll_kmeans_silhouette(X, 3, d, one, 2, 0, 1, &sil, &err), LL_EUSAGE);

	/* elbow: k = 1 is the total sum of squares; inertia falls until 5 */
	double tss = 0, gm[6] = { 0 };
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++)
			gm[j] += X[i * d + j] / (double)n;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++)
			tss += (X[i * d + j] - gm[j]) * (X[i * d + j] - gm[j]);
	double el[7], es[7];
	c.threads = 1;
	struct ll_kmeans *best = NULL;
	CHECK_INT(ll_kmeans_elbow(X, n, d, 1, 7, &c, 500, el, es, &best, &err), LL_OK);
	/* the fit it keeps is the best silhouette's (the true k = 5), as a fit of that k gives */
	CHECK(best != NULL && ll_kmeans_k(best) == 5);
	if (best) {
		struct ll_kmeans *again = NULL;
		struct ll_kmeans_cfg c5 = c;
		c5.k = 5;
		CHECK_INT(ll_kmeans_fit(X, n, d, &c5, &again, &err), LL_OK);
		CHECK(again && memcmp(ll_kmeans_centers(again), ll_kmeans_centers(best), 5 * d * sizeof(float)) == 0 &&
		      ll_kmeans_inertia(again) == ll_kmeans_inertia(best));
		ll_kmeans_free(again);
	}
	ll_kmeans_free(best);
	CHECK_NEAR(el[0], tss, 1e-5 * tss);
	CHECK(isnan(es[0]));
	for (int k = 1; k < 5; k++)
		CHECK(el[k] < el[k - 1]);
	CHECK_NEAR(el[4], inertia, 1e-4 * inertia);
	/* the silhouette peaks at the true k */
	for (int k = 1; k < 7; k++)
		if (k != 4)
			CHECK(es[k] < es[4]);
	ll_kmeans_free(km);
	free(X);
	free(truth);
}

static void test_bad(void)
{
	struct ll_err err;
	float X[6] = { 0, 1, 2, 3, 4, 5 };
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	struct ll_kmeans *km = NULL;
	c.k = 4;
	CHECK_INT(ll_kmeans_fit(X, 3, 2, &c, &km, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "k = 4 is larger than the 3 rows") != NULL);
	CHECK(km == NULL);
	c.k = 0;
	CHECK_INT(ll_kmeans_fit(X, 3, 2, &c, &km, &err), LL_EUSAGE);
	c.k = 2;
	c.n_init = 0;
	CHECK_INT(ll_kmeans_fit(X, 3, 2, &c, &km, &err), LL_EUSAGE);
	c.n_init = 1;
	c.max_iter = 0;
	CHECK_INT(ll_kmeans_fit(X, 3, 2, &c, &km, &err), LL_EUSAGE);
	c.max_iter = 10;
	X[3] = NAN;
	CHECK_INT(ll_kmeans_fit(X, 3, 2, &c, &km, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 1 column 1") != NULL);
	X[3] = 3;
	CHECK_INT(ll_kmeans_fit(X, 3, 2, &c, &km, &err), LL_OK);
	int l[1];
	CHECK_INT(ll_kmeans_predict(km, X, 1, 3, l, NULL, &err), LL_EUSAGE);
	ll_kmeans_free(km);
	double el[2];
	CHECK_INT(ll_kmeans_elbow(X, 3, 2, 2, 5, &c, 0, el, NULL, NULL, &err), LL_EUSAGE);
	/* a fit that fails fails the sweep (it used to end it with LL_OK), nothing kept */
	X[3] = NAN;
	struct ll_kmeans *best = (struct ll_kmeans *)&c; /* overwritten */
	double sil[2];
	CHECK_INT(ll_kmeans_elbow(X, 3, 2, 1, 2, &c, 0, el, sil, &best, &err), LL_EDATA);
	CHECK(best == NULL);
	X[3] = 3;
	/* the keeper alone: the better score stays, an error frees it */
	struct ll_kmeans *a = NULL, *b = NULL;
	c.k = 2;
	CHECK_INT(ll_kmeans_fit(X, 3, 2, &c, &a, &err), LL_OK);
	CHECK_INT(ll_kmeans_fit(X, 3, 2, &c, &b, &err), LL_OK);
	struct ll_kmeans *kept = NULL;
	double kept_sil = NAN;
	CHECK_INT(ll_kmeans_elbow_keep(a, LL_OK, 0.2, &kept, &kept_sil), LL_OK);
	CHECK(kept == a && kept_sil == 0.2);
	CHECK_INT(ll_kmeans_elbow_keep(b, LL_OK, 0.1, &kept, &kept_sil), LL_OK);
	CHECK(kept == a);
	CHECK_INT(ll_kmeans_elbow_keep(NULL, LL_EIO, NAN, &kept, &kept_sil), LL_EIO);
	CHECK(kept == NULL);
}

/* Overlapping blobs, more centres than blobs, 2 restarts, 1 and 3
 * threads: with the bounds on, the same labels, centres, inertia and
 * iterations as with every row measured. */
static void test_bounds(void)
{
	struct ll_err err;
	/* 3000 rows under valgrind (LL_VALGRIND): still several blocks a thread */
	size_t n = getenv("LL_VALGRIND") ? 3000 : 10000, d = 6;
	float *X = malloc(n * d * sizeof *X);
	struct ll_rng *r = ll_rng_new(9);
	for (size_t i = 0; i < n; i++) {
		size_t b = ll_rng_below(r, 4);
		for (size_t j = 0; j < d; j++)
			X[i * d + j] = (float)((j == b ? 3.0 * (double)(b + 1) : 0.0) + ll_rng_gauss(r, 1.0 + 0.3 * (double)b));
	}
	ll_rng_free(r);
	for (int th = 1; th <= 3; th += 2) {
		struct ll_kmeans_cfg c;
		ll_kmeans_defaults(&c);
		c.k = 6;
		c.n_init = 2;
		c.seed = 4;
		c.threads = th;
		struct ll_kmeans *on, *off;
		int was = ll_kmeans_set_bounds(1);
		CHECK_INT(ll_kmeans_fit(X, n, d, &c, &on, &err), LL_OK);
		ll_kmeans_set_bounds(0);
		CHECK_INT(ll_kmeans_fit(X, n, d, &c, &off, &err), LL_OK);
		ll_kmeans_set_bounds(was);
		CHECK(ll_kmeans_iterations(on) > 5); /* enough iterations for the bounds to skip rows */
		CHECK_INT(ll_kmeans_iterations(on), ll_kmeans_iterations(off));
		CHECK(ll_kmeans_inertia(on) == ll_kmeans_inertia(off));
		CHECK(memcmp(ll_kmeans_centers(on), ll_kmeans_centers(off), c.k * d * sizeof(float)) == 0);
		CHECK(memcmp(ll_kmeans_labels(on), ll_kmeans_labels(off), n * sizeof(int)) == 0);
		ll_kmeans_free(on);
		ll_kmeans_free(off);
	}
	free(X);
}

/* Overlapping blobs over seven blocks of rows (the last one short): 1, 2
 * and 3 threads give the same centres, labels, inertia and iterations,
 * since every pass - norms, column statistics, k-means++ potentials,
 * assignments - is merged in block order; and a bad value in a late block
 * is found and named as in the first. */
static void test_threads(void)
{
	struct ll_err err;
	size_t n = 6 * 1024 + 77, d = 7;
	float *X = malloc(n * d * sizeof *X);
	struct ll_rng *r = ll_rng_new(21);
	for (size_t i = 0; i < n; i++) {
		size_t b = ll_rng_below(r, 5);
		for (size_t j = 0; j < d; j++)
			X[i * d + j] = (float)((j == b ? 2.5 * (double)(b + 1) : 0.5) + ll_rng_gauss(r, 1.0));
	}
	ll_rng_free(r);
	struct ll_kmeans *ref = NULL;
	for (int th = 1; th <= 3; th++) {
		struct ll_kmeans_cfg c;
		ll_kmeans_defaults(&c);
		c.k = 6;
		c.n_init = 2;
		c.seed = 11;
		c.threads = th;
		struct ll_kmeans *km;
		CHECK_INT(ll_kmeans_fit(X, n, d, &c, &km, &err), LL_OK);
		if (!ref) {
			ref = km;
			CHECK(ll_kmeans_iterations(km) > 2);
			continue;
		}
		CHECK_INT(ll_kmeans_iterations(km), ll_kmeans_iterations(ref));
		CHECK(ll_kmeans_inertia(km) == ll_kmeans_inertia(ref));
		CHECK(memcmp(ll_kmeans_centers(km), ll_kmeans_centers(ref), c.k * d * sizeof(float)) == 0);
		CHECK(memcmp(ll_kmeans_labels(km), ll_kmeans_labels(ref), n * sizeof(int)) == 0);
		ll_kmeans_free(km);
	}
	/* the inertia is the sum of the rows' squared distances to their centres */
	const float *C = ll_kmeans_centers(ref);
	const int *lab = ll_kmeans_labels(ref);
	double in = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++) {
			double e = (double)X[i * d + j] - C[(size_t)lab[i] * d + j];
			in += e * e;
		}
	CHECK_NEAR(ll_kmeans_inertia(ref), in, 1e-5 * in);
	ll_kmeans_free(ref);
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.threads = 2;
	struct ll_kmeans *km = NULL;
	X[5000 * d + 3] = INFINITY;
	X[6000 * d + 1] = NAN;
	CHECK_INT(ll_kmeans_fit(X, n, d, &c, &km, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 5000 column 3") != NULL);
	X[5000 * d + 3] = 0;
	X[6000 * d + 1] = 1e30f; /* finite, but its square is not a float */
	CHECK_INT(ll_kmeans_fit(X, n, d, &c, &km, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 6000 column 1") != NULL);
	CHECK(km == NULL);
	free(X);
}

int main(void)
{
	test_four_points();
	test_blobs();
	test_bad();
	test_bounds();
	test_threads();
	TEST_MAIN_END();
}
