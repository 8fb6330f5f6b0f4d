/*
 * tests/core/test_rebalance.c - over/under-sampling, SMOTE and class
 * weights on a small two-class featmat with dev and test samples: exact
 * counts, dev/test untouched, SMOTE points on segments between a minority
 * sample and one of its k nearest minority neighbours (checked by brute
 * force here), determinism for a seed, and the error cases.
 */
#include "harness.h"
#include "ll_rebalance.h"

enum { NMAJ = 20, NMIN = 5, NHELD = 6, N = NMAJ + NMIN + NHELD, D = 3 };

/* Majority around (0,0,0), minority around (10,10,10) on a small grid;
 * the last NHELD samples are dev (even) and test (odd) of both classes. */
static void make(struct ll_featmat *m)
{
	struct ll_err err;
	ll_featmat_alloc(m, N, 1, D, 1, &err);
	for (int i = 0; i < N; i++) {
		int minority = (i >= NMAJ && i < NMAJ + NMIN) || (i >= NMAJ + NMIN && i % 2);
		for (int j = 0; j < D; j++)
			m->X[i * D + j] = (float)((minority ? 10 : 0) + (i * (j + 3)) % 7 * 0.5);
		m->y[i] = minority;
		m->origin[i] = (size_t)i;
		m->split[i] = i < NMAJ + NMIN ? LL_SPLIT_TRAIN : i % 2 ? LL_SPLIT_TEST : LL_SPLIT_DEV;
	}
	const char *cls[] = {"normal", "anomaly"};
	ll_featmat_set_classes(m, cls, 2);
}

static double dist2(const float *a, const float *b)
{
	double s = 0;
	for (int j = 0; j < D; j++)
		s += ((double)a[j] - b[j]) * ((double)a[j] - b[j]);
	return s;
}

/* 1 when p = a + u (b - a) for some u in [0, 1] (within float rounding). */
static int on_segment(const float *p, const float *a, const float *b)
{
	double u = -1;
	for (int j = 0; j < D; j++)
		if (fabs((double)b[j] - a[j]) > 1e-6) {
			u = ((double)p[j] - a[j]) / ((double)b[j] - a[j]);
			break;
		}
	if (u < -1e-6 || u > 1 + 1e-6)
		return 0;
	for (int j = 0; j < D; j++)
		if (fabs((double)a[j] + u * ((double)b[j] - a[j]) - p[j]) > 1e-4)
			return 0;
	return 1;
}

static void check_held_out(const struct ll_featmat *m, const struct ll_featmat *orig, size_t first_held)
{
	/* dev and test samples keep their values, labels, parts and order */
	int same = 1;
	for (size_t i = 0; i < NHELD; i++) {
		size_t a = first_held + i, b = NMAJ + NMIN + i;
		same &= memcmp(m->X + a * D, orig->X + b * D, D * sizeof(float)) == 0;
		same &= m->y[a] == orig->y[b] && m->split[a] == orig->split[b] && m->origin[a] == orig->origin[b];
	}
	CHECK(same);
}

static void test_smote(void)
{
	struct ll_featmat m, orig;
	struct ll_err err;
	make(&m);
	make(&orig);
	struct ll_rebalance_spec spec = {LL_REBAL_SMOTE, 1.0, 3, NULL, 11};
	struct ll_rebalance_report rep;
	CHECK_INT(ll_rebalance(&m, &spec, &rep, &err), LL_OK);
	CHECK(rep.before[0] == NMAJ && rep.before[1] == NMIN);
	CHECK(rep.after[0] == NMAJ && rep.after[1] == NMAJ);
	CHECK_INT(rep.added, NMAJ - NMIN);
	CHECK_INT(rep.k_used, 3);
	CHECK_INT(m.n, N + NMAJ - NMIN);
	check_held_out(&m, &orig, NMAJ + NMIN);
	/* each synthetic point: on a segment from its origin sample to one of
	 * that sample's 3 nearest minority training neighbours */
	int ok = 1;
	for (size_t s = N; s < m.n; s++) {
		ok &= m.y[s] == 1 && m.split[s] == LL_SPLIT_TRAIN;
		size_t a = m.origin[s];
		ok &= a >= NMAJ && a < NMAJ + NMIN;
		/* brute force: rank the other minority samples by distance to a */
		double da[NMIN];
		for (int q = 0; q < NMIN; q++)
			da[q] = dist2(orig.X + a * D, orig.X + (NMAJ + q) * D);
		int found = 0;
		for (int q = 0; q < NMIN; q++) {
			if ((size_t)(NMAJ + q) == a)
				continue;
			int closer = 0;
			for (int r = 0; r < NMIN; r++)
				closer += (size_t)(NMAJ + r) != a && (da[r] < da[q] || (da[r] == da[q] && r < q));
			if (closer < 3 && on_segment(m.X + s * D, orig.X + a * D, orig.X + (NMAJ + q) * D))
				found = 1;
		}
		ok &= found;
	}
	CHECK(ok);
	/* same seed: same bytes; another seed: other points */
	struct ll_featmat m2, m3;
	make(&m2);
	make(&m3);
	CHECK_INT(ll_rebalance(&m2, &spec, NULL, &err), LL_OK);
	CHECK(m2.n == m.n && memcmp(m.X, m2.X, m.n * D * sizeof(float)) == 0);
	spec.seed = 12;
	CHECK_INT(ll_rebalance(&m3, &spec, NULL, &err), LL_OK);
	CHECK(memcmp(m.X, m3.X, m.n * D * sizeof(float)) != 0);
	ll_rebalance_report_free(&rep);
	ll_featmat_free(&m);
	ll_featmat_free(&m2);
	ll_featmat_free(&m3);

	/* ratio 0.5: the minority is raised to floor(0.5 * 20) = 10; k above
	 * the class size - 1 is lowered to 4 */
	make(&m);
	spec.ratio = 0.5;
	spec.k = 0; /* default 5 */
	CHECK_INT(ll_rebalance(&m, &spec, &rep, &err), LL_OK);
	CHECK(rep.after[0] == 20 && rep.after[1] == 10);
	CHECK_INT(rep.k_used, 4);
	ll_rebalance_report_free(&rep);
	ll_featmat_free(&m);
	ll_featmat_free(&orig);
}

static void test_over_under(void)
{
	struct ll_featmat m, orig;
	struct ll_err err;
	struct ll_rebalance_report rep;
	make(&m);
	make(&orig);
	struct ll_rebalance_spec spec = {LL_REBAL_OVER, 0.8, 0, NULL, 1};
	CHECK_INT(ll_rebalance(&m, &spec, &rep, &err), LL_OK);
	CHECK(rep.after[0] == 20 && rep.after[1] == 16); /* floor(0.8 * 20) */
	check_held_out(&m, &orig, NMAJ + NMIN);
	int copies = 1;
	for (size_t s = N; s < m.n; s++)
		copies &= memcmp(m.X + s * D, orig.X + m.origin[s] * D, D * sizeof(float)) == 0 && m.y[s] == 1;
	CHECK(copies);
	ll_rebalance_report_free(&rep);
	ll_featmat_free(&m);

	/* under 0.5: the majority keeps floor(5 / 0.5) = 10, in row order */
	make(&m);
	spec.method = LL_REBAL_UNDER;
	spec.ratio = 0.5;
	CHECK_INT(ll_rebalance(&m, &spec, &rep, &err), LL_OK);
	CHECK(rep.after[0] == 10 && rep.after[1] == 5 && rep.removed == 10);
	CHECK_INT(m.n, N - 10);
	int ordered = 1;
	for (size_t i = 1; i < m.n; i++)
		ordered &= m.origin[i] > m.origin[i - 1];
	CHECK(ordered);
	check_held_out(&m, &orig, NMAJ + NMIN - 10);
	ll_rebalance_report_free(&rep);
	ll_featmat_free(&m);
	ll_featmat_free(&orig);
}

static void test_weights_and_errors(void)
{
	struct ll_featmat m;
	struct ll_err err;
	struct ll_rebalance_report rep;
	make(&m);
	/* balanced over the 25 training samples: 25 / (2 * 20), 25 / (2 * 5) */
	struct ll_rebalance_spec spec = {LL_REBAL_WEIGHTS, 0, 0, NULL, 1};
	CHECK_INT(ll_rebalance(&m, &spec, &rep, &err), LL_OK);
	CHECK_NEAR(m.class_weight[0], 0.625, 1e-7);
	CHECK_NEAR(m.class_weight[1], 2.5, 1e-7);
	CHECK_INT(m.n, N);
	ll_rebalance_report_free(&rep);
	double w[] = {1, 4};
	spec.weights = w;
	CHECK_INT(ll_rebalance(&m, &spec, NULL, &err), LL_OK);
	CHECK_NEAR(m.class_weight[1], 4, 0);
	w[0] = -1;
	CHECK_INT(ll_rebalance(&m, &spec, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "class weight 0 is -1") != NULL);

	struct ll_rebalance_spec bad = {LL_REBAL_OVER, 0, 0, NULL, 1};
	CHECK_INT(ll_rebalance(&m, &bad, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "ratio must be in (0, 1]") != NULL);
	bad.ratio = 1.5;
	CHECK_INT(ll_rebalance(&m, &bad, NULL, &err), LL_EUSAGE);
	/* SMOTE cannot interpolate from a single sample */
	for (int i = NMAJ + 1; i < NMAJ + NMIN; i++)
		m.y[i] = 0;
	bad.method = LL_REBAL_SMOTE;
	bad.ratio = 1;
	CHECK_INT(ll_rebalance(&m, &bad, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "SMOTE needs at least 2 training samples of class 1 ('anomaly')") != NULL);
	CHECK_INT(m.n, N); /* unchanged on error */
	ll_featmat_free(&m);
	/* the textbook formula on raw labels */
	int y[] = {0, 0, 0, 1, -1, 2, 2, 2, 2};
	double cw[3];
	ll_class_weight_balanced(y, 9, 3, cw);
	CHECK_NEAR(cw[0], 8.0 / 9, 1e-15);
	CHECK_NEAR(cw[1], 8.0 / 3, 1e-15);
	CHECK_NEAR(cw[2], 8.0 / 12, 1e-15);
	enum ll_rebalance_method meth;
	CHECK_INT(ll_rebalance_parse("balanced", &meth, &err), LL_OK);
	CHECK_INT(meth, LL_REBAL_WEIGHTS);
	CHECK_INT(ll_rebalance_parse("adasyn", &meth, &err), LL_EUSAGE);
}

int main(void)
{
	test_smote();
	test_over_under();
	test_weights_and_errors();
	TEST_MAIN_END();
}
