/*
 * tests/core/test_cluster_metrics.c - contingency shares, purity, ARI and
 * silhouette on hand-worked cases, sampling determinism and the edge cases.
 * The agreement with scikit-learn on real rows is test_metrics_sklearn.sh.
 *
 * Table case: classes 0 0 0 1 1 2, clusters 0 0 1 1 1 1, so the table is
 * {{2,1},{0,2},{0,1}}: pclass rows (2/3, 1/3) (0, 1) (0, 1); pcluster
 * columns (1, 0, 0) and (1/4, 2/4, 1/4); purity (2 + 2)/6. ARI by ordered
 * pairs: sum of squares 10, so tp = 10 - 6 = 4; row sums 3 2 1 give
 * fn = 14 - 10 = 4; column sums 2 4 give fp = 20 - 10 = 10; tn = 36 - 24 =
 * 12; ARI = 2(4*12 - 4*10) / (8*16 + 14*22) = 16/436.
 *
 * Silhouette case: 1-D points 0, 1 (cluster 0) and 4, 6 (cluster 1):
 * s = (5-1)/5, (4-1)/4, (3.5-2)/3.5, (5.5-2)/5.5 = .8, .75, 3/7, 7/11.
 */
#include "harness.h"
#include "ll_cluster_metrics.h"

static void test_table(void)
{
	struct ll_err err;
	const int cls[] = {0, 0, 0, 1, 1, 2}, clu[] = {0, 0, 1, 1, 1, 1};
	size_t tab[6];
	double pc[12], pk[12], v;
	CHECK_INT(ll_contingency(cls, clu, 6, 3, 2, tab, &err), LL_OK);
	const size_t want[6] = {2, 1, 0, 2, 0, 1};
	for (int i = 0; i < 6; i++)
		CHECK_INT(tab[i], want[i]);
	ll_contingency_shares(tab, 3, 2, pc, pk);
	const double wpc[6] = {2.0 / 3, 1.0 / 3, 0, 1, 0, 1}, wpk[6] = {1, 0.25, 0, 0.5, 0, 0.25};
	for (int i = 0; i < 6; i++) {
		CHECK_NEAR(pc[i], wpc[i], 1e-15);
		CHECK_NEAR(pk[i], wpk[i], 1e-15);
	}
	ll_contingency_shares(tab, 3, 2, NULL, pk); /* either output may be skipped */
	CHECK_INT(ll_purity(tab, 3, 2, &v, &err), LL_OK);
	CHECK_NEAR(v, 4.0 / 6, 1e-15);
	CHECK_INT(ll_adjusted_rand(tab, 3, 2, &v, &err), LL_OK);
	CHECK_NEAR(v, 16.0 / 436, 1e-15);

	/* sklearn's documented examples: crossed halves -0.5, relabelled 1.0 */
	const size_t cross[4] = {1, 1, 1, 1}, swap[4] = {0, 2, 2, 0};
	CHECK_INT(ll_adjusted_rand(cross, 2, 2, &v, &err), LL_OK);
	CHECK_NEAR(v, -0.5, 1e-15);
	CHECK_INT(ll_adjusted_rand(swap, 2, 2, &v, &err), LL_OK);
	CHECK_NEAR(v, 1, 0);
	/* all singletons on both sides and one cluster on both: full agreement */
	const size_t diag[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, one[1] = {5};
	CHECK_INT(ll_adjusted_rand(diag, 3, 3, &v, &err), LL_OK);
	CHECK_NEAR(v, 1, 0);
	CHECK_INT(ll_adjusted_rand(one, 1, 1, &v, &err), LL_OK);
	CHECK_NEAR(v, 1, 0);
	/* an empty class and an empty cluster change nothing */
	const size_t padded[12] = {2, 1, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0};
	CHECK_INT(ll_adjusted_rand(padded, 4, 3, &v, &err), LL_OK);
	CHECK_NEAR(v, 16.0 / 436, 1e-15);
	ll_contingency_shares(padded, 4, 3, pc, NULL);
	CHECK_NEAR(pc[9], 0, 0);

	const size_t zero[4] = {0};
	CHECK_INT(ll_purity(zero, 2, 2, &v, &err), LL_EDATA);
	CHECK_INT(ll_adjusted_rand(zero, 2, 2, &v, &err), LL_EDATA);
	CHECK(isnan(v));
	const int badc[] = {0, 3};
	CHECK_INT(ll_contingency(badc, clu, 2, 3, 2, tab, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 1 has class 3") != NULL);
	CHECK_INT(ll_contingency(cls, badc, 2, 3, 2, tab, &err), LL_EDATA);
	CHECK(strstr(err.msg, "cluster 3") != NULL);
}

static void test_silhouette(void)
{
	struct ll_err err;
	const float X[] = {0, 0, 1, 0, 4, 0, 6, 0};
	const int lab[] = {0, 0, 1, 1};
	double v, per[3];
	CHECK_INT(ll_silhouette(X, 4, 2, lab, 2, 0, 1, &v, per, &err), LL_OK);
	CHECK_NEAR(v, (0.8 + 0.75 + 3.0 / 7 + 7.0 / 11) / 4, 1e-15);
	CHECK_NEAR(per[0], 0.775, 1e-15);
	CHECK_NEAR(per[1], (3.0 / 7 + 7.0 / 11) / 2, 1e-15);
	/* k larger than the clusters used: the unused one gets NaN */
	CHECK_INT(ll_silhouette(X, 4, 2, lab, 3, 0, 1, &v, per, &err), LL_OK);
	CHECK(isnan(per[2]));
	/* a singleton scores 0: point 100 alone in cluster 2 */
	const float X5[] = {0, 1, 4, 6, 100};
	const int lab5[] = {0, 0, 1, 1, 2};
	CHECK_INT(ll_silhouette(X5, 5, 1, lab5, 3, 0, 1, &v, per, &err), LL_OK);
	CHECK_NEAR(per[2], 0, 0);

	/* errors: one cluster, every row its own cluster, NaN, bad label, empty */
	const int same[] = {1, 1, 1, 1}, each[] = {0, 1, 2, 3}, bad[] = {0, 0, 1, 4};
	CHECK_INT(ll_silhouette(X, 4, 2, same, 2, 0, 1, &v, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "1 distinct") != NULL);
	CHECK(isnan(v));
	CHECK_INT(ll_silhouette(X, 4, 2, each, 4, 0, 1, &v, NULL, &err), LL_EDATA);
	CHECK_INT(ll_silhouette(X, 4, 2, bad, 3, 0, 1, &v, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 3") != NULL);
	const float Xn[] = {0, 0, 1, NAN, 4, 0, 6, 0};
	CHECK_INT(ll_silhouette(Xn, 4, 2, lab, 2, 0, 1, &v, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "row 1, column 1") != NULL);
	CHECK_INT(ll_silhouette(X, 0, 2, lab, 2, 0, 1, &v, NULL, &err), LL_EDATA);
}

/* Sampling: 400 rows in two well separated groups (x ~ 0 and x ~ 10 with
 * a small deterministic spread). A sample of 100 is a different subset for
 * another seed, the same for the same seed, and close to the exact value;
 * a sample at least n is the exact computation. */
static void test_sampling(void)
{
	struct ll_err err;
	enum { N = 400 };
	static float X[N * 2];
	static int lab[N];
	for (int i = 0; i < N; i++) {
		lab[i] = i % 2;
		X[i * 2] = (float)(lab[i] * 10 + (i % 7) * 0.1);
		X[i * 2 + 1] = (float)((i % 11) * 0.1);
	}
	double exact, a, b, c, full;
	CHECK_INT(ll_silhouette(X, N, 2, lab, 2, 0, 7, &exact, NULL, &err), LL_OK);
	CHECK_INT(ll_silhouette(X, N, 2, lab, 2, 100, 7, &a, NULL, &err), LL_OK);
	CHECK_INT(ll_silhouette(X, N, 2, lab, 2, 100, 7, &b, NULL, &err), LL_OK);
	CHECK_INT(ll_silhouette(X, N, 2, lab, 2, 100, 8, &c, NULL, &err), LL_OK);
	CHECK_INT(ll_silhouette(X, N, 2, lab, 2, N, 8, &full, NULL, &err), LL_OK);
	CHECK(a == b);
	CHECK(a != c);
	CHECK(full == exact);
	CHECK(exact > 0.85 && exact < 1);
	CHECK_NEAR(a, exact, 0.02);
}

/* Each cluster's commonest templates: ranked by lines, ties to the lower
 * id, padded with -1; samples without a template or cluster, or with an
 * id past the count, are not counted. */
static void test_top_templates(void)
{
	const int pred[] = {0, 0, 0, 1, 1, 0, -1, 1, 0, 2};
	const long tpl[] = {5, 5, 2, 3, 3, 2, 5, -1, 9, 7};
	long ids[3 * 2];
	size_t counts[3 * 2];
	struct ll_err err;
	CHECK_INT(ll_cluster_top_templates(pred, tpl, 10, 3, 8, 2, ids, counts, &err), LL_OK);
	/* cluster 0: 5 twice, 2 twice (tie: 2 first), 9 out of range */
	CHECK_INT(ids[0], 2);
	CHECK_INT(counts[0], 2);
	CHECK_INT(ids[1], 5);
	CHECK_INT(counts[1], 2);
	/* cluster 1: 3 twice, the sample without a template not counted */
	CHECK_INT(ids[2], 3);
	CHECK_INT(counts[2], 2);
	CHECK_INT(ids[3], -1);
	CHECK_INT(counts[3], 0);
	CHECK_INT(ids[4], 7);
	CHECK_INT(ids[5], -1);
	/* no templates: every slot empty */
	CHECK_INT(ll_cluster_top_templates(pred, tpl, 10, 3, 0, 2, ids, counts, &err), LL_OK);
	CHECK_INT(ids[0], -1);
	CHECK_INT(counts[4], 0);
}

int main(void)
{
	test_table();
	test_silhouette();
	test_sampling();
	test_top_templates();
	TEST_MAIN_END();
}
