/*
 * test_mat.c - ll_mat.h: matrices made zeroed and refused when their size
 * wraps; activation names parsed with their aliases and round-tripped; and
 * the element-wise kernels (bias, column sums, activation derivatives,
 * softmax) against scalar code at widths around the vector lengths; the
 * inline exp, logistic and tanh (ll_vmath.h) against libm.
 */
#include <stdint.h>

#include "harness.h"
#include "ll_mat.h"
#include "ll_vmath.h"

static float fval(size_t i, unsigned s)
{
	return (float)((i * 2654435761u + s * 40503u) % 2001u) / 250.0f - 4.0f;
}

static void test_mat(void)
{
	struct ll_err err;
	struct ll_mat m;
	CHECK_INT(ll_mat_init(&m, 3, 5, &err), LL_OK);
	CHECK(m.rows == 3 && m.cols == 5 && m.v != NULL);
	int nonzero = 0;
	for (size_t i = 0; i < 15; i++)
		nonzero += m.v[i] != 0.0f;
	CHECK_INT(nonzero, 0);
	ll_mat_free(&m);
	CHECK(m.v == NULL && m.rows == 0 && m.cols == 0);
	ll_mat_free(&m); /* twice is harmless */
	ll_mat_free(NULL);

	/* empty shapes give a freeable matrix */
	CHECK_INT(ll_mat_init(&m, 0, 7, &err), LL_OK);
	CHECK(m.v != NULL && m.rows == 0 && m.cols == 7);
	ll_mat_free(&m);
	CHECK_INT(ll_mat_init(&m, 4, 0, &err), LL_OK);
	ll_mat_free(&m);

	/* rows * cols * 4 past SIZE_MAX: refused before allocating, m empty */
	ll_err_clear(&err);
	CHECK_INT(ll_mat_init(&m, SIZE_MAX / 2, 3, &err), LL_ENOMEM);
	CHECK(m.v == NULL && m.rows == 0 && m.cols == 0);
	CHECK(strstr(err.msg, "too large") != NULL);
	ll_mat_free(&m);
	CHECK_INT(ll_mat_init(&m, 2, SIZE_MAX / 8 + 1, &err), LL_ENOMEM);
	ll_mat_free(&m);
}

static void test_act_names(void)
{
	for (int a = LL_ACT_RELU; a <= LL_ACT_LINEAR; a++)
		CHECK_INT(ll_act_parse(ll_act_name((enum ll_act)a)), a);
	CHECK_INT(ll_act_parse("logistic"), LL_ACT_SIGMOID);
	CHECK_INT(ll_act_parse("identity"), LL_ACT_LINEAR);
	CHECK_INT(ll_act_parse("ReLU"), -1); /* names are exact */
	CHECK_INT(ll_act_parse("relu "), -1);
	CHECK_INT(ll_act_parse(""), -1);
	CHECK_INT(ll_act_parse("softmax"), -1);
	CHECK_INT(ll_act_parse(NULL), -1);
	CHECK_STR(ll_act_name((enum ll_act)42), "?");
}

static void test_bias_colsum(void)
{
	static const size_t widths[] = {1, 3, 8, 15, 16, 17, 33, 64};
	for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
		size_t n = 5, m = widths[w];
		float y[5 * 64], y0[5 * 64], b[64], out[64];
		for (size_t i = 0; i < n * m; i++)
			y[i] = y0[i] = fval(i, 1);
		for (size_t j = 0; j < m; j++)
			b[j] = fval(j, 2);
		ll_k_add_bias(y, n, m, b);
		int bad = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < m; j++)
				bad += y[i * m + j] != y0[i * m + j] + b[j];
		CHECK_INT(bad, 0);

		for (size_t j = 0; j < m; j++)
			out[j] = 1000.0f; /* overwritten when not accumulating */
		ll_k_colsum(y0, n, m, out, 0);
		bad = 0;
		for (size_t j = 0; j < m; j++) {
			float s = 0.0f; /* the same sequential order: the same bits */
			for (size_t i = 0; i < n; i++)
				s += y0[i * m + j];
			bad += out[j] != s;
		}
		CHECK_INT(bad, 0);
		ll_k_colsum(y0, n, m, out, 1);
		bad = 0;
		for (size_t j = 0; j < m; j++) {
			float s = 0.0f, t;
			for (size_t i = 0; i < n; i++)
				s += y0[i * m + j];
			t = s;
			for (size_t i = 0; i < n; i++)
				t += y0[i * m + j];
			bad += out[j] != t;
		}
		CHECK_INT(bad, 0);
	}
	/* no rows: the sums are zero, or unchanged when accumulating */
	float out[3] = {1, 2, 3}, none = 0;
	ll_k_colsum(&none, 0, 3, out, 1);
	CHECK(out[0] == 1 && out[1] == 2 && out[2] == 3);
	ll_k_colsum(&none, 0, 3, out, 0);
	CHECK(out[0] == 0 && out[1] == 0 && out[2] == 0);
}

static void test_act_backward(void)
{
	size_t n = 37;
	float x[37], y[37], dy[37], g[37];
	for (int a = LL_ACT_RELU; a <= LL_ACT_LINEAR; a++) {
		for (size_t i = 0; i < n; i++) {
			x[i] = fval(i, 3);
			g[i] = fval(i, 4);
		}
		x[0] = 0.0f; /* ReLU's kink counts as flat */
		memcpy(y, x, sizeof y);
		ll_k_act_forward((enum ll_act)a, y, n);
		memcpy(dy, g, sizeof dy);
		ll_k_act_backward((enum ll_act)a, y, dy, n);
		int bad = 0;
		for (size_t i = 0; i < n; i++) {
			double d; /* f'(x) from x, not from y: checks the identities used */
			switch (a) {
			case LL_ACT_RELU:
				d = x[i] > 0 ? 1 : 0;
				break;
			case LL_ACT_TANH:
				d = 1 - tanh(x[i]) * tanh(x[i]);
				break;
			case LL_ACT_SIGMOID: {
				double s = 1 / (1 + exp(-x[i]));
				d = s * (1 - s);
				break;
			}
			default:
				d = 1;
			}
			bad += fabs(dy[i] - g[i] * d) > 1e-5 * (1 + fabs(g[i]));
		}
		if (bad)
			fprintf(stderr, "activation %s: %d wrong derivatives\n", ll_act_name((enum ll_act)a), bad);
		CHECK_INT(bad, 0);
	}
}

static void test_softmax(void)
{
	static const size_t cols[] = {1, 2, 3, 10, 17};
	for (size_t t = 0; t < 5; t++) {
		size_t n = 4, c = cols[t];
		float z[4 * 17];
		double ref[4 * 17];
		for (size_t i = 0; i < n * c; i++)
			z[i] = fval(i, 5) * 5.0f;
		z[0] = 80.0f; /* large logits must not overflow */
		for (size_t i = 0; i < n; i++) {
			double mx = z[i * c], s = 0;
			for (size_t j = 1; j < c; j++)
				mx = z[i * c + j] > mx ? z[i * c + j] : mx;
			for (size_t j = 0; j < c; j++)
				s += exp(z[i * c + j] - mx);
			for (size_t j = 0; j < c; j++)
				ref[i * c + j] = exp(z[i * c + j] - mx) / s;
		}
		ll_k_softmax_rows(z, n, c);
		int bad = 0;
		for (size_t i = 0; i < n; i++) {
			double s = 0;
			for (size_t j = 0; j < c; j++) {
				bad += !(fabs(z[i * c + j] - ref[i * c + j]) <= 1e-6);
				s += z[i * c + j];
			}
			bad += fabs(s - 1) > 1e-5;
		}
		CHECK_INT(bad, 0);
	}
	/* -1000 and 1000 in one row: 1 and a negligible rest (ll_expf
	 * saturates instead of reaching 0) */
	float z[2] = {-1000.0f, 1000.0f};
	ll_k_softmax_rows(z, 1, 2);
	CHECK(z[0] >= 0.0f && z[0] < 1e-30f && z[1] == 1.0f);
	/* rows of no classes: nothing is read or written (ASan sees a read
	 * past this one-byte block) */
	float *empty = malloc(1);
	ll_k_softmax_rows(empty, 3, 0);
	free(empty);
	ll_k_softmax_rows(NULL, 0, 4);
}

/* The inline exp, logistic and tanh against libm in double precision over
 * their whole useful range, the clamp, saturation and NaN. */
static void test_vmath(void)
{
	double worst_exp = 0, worst_sig = 0, worst_tanh = 0;
	for (int i = -87000; i <= 88000; i += 7) {
		float x = (float)i / 1000.0f;
		double e = exp((double)x);
		worst_exp = fmax(worst_exp, fabs(ll_vexpf(x) - e) / e);
		worst_sig = fmax(worst_sig, fabs(ll_vsigmoidf(x) - 1 / (1 + exp(-(double)x))));
		worst_tanh = fmax(worst_tanh, fabs(ll_vtanhf(x) - tanh((double)x)));
	}
	if (worst_exp >= 3e-7 || worst_sig >= 3e-7 || worst_tanh >= 5e-7)
		fprintf(stderr, "vmath: exp %g, sigmoid %g, tanh %g\n", worst_exp, worst_sig, worst_tanh);
	CHECK(worst_exp < 3e-7);
	CHECK(worst_sig < 3e-7);
	CHECK(worst_tanh < 5e-7);
	CHECK(ll_vexpf(0.0f) == 1.0f);
	CHECK(ll_expf(1.5f) == ll_vexpf(1.5f));
	/* saturation instead of 0 and inf */
	CHECK(ll_vexpf(-1000.0f) > 0.0f && ll_vexpf(-1000.0f) == ll_vexpf(-87.3f));
	CHECK(isfinite(ll_vexpf(1000.0f)) && ll_vexpf(1000.0f) == ll_vexpf(88.3f));
	CHECK(ll_vexpf(INFINITY) == ll_vexpf(88.3f));
	CHECK(ll_vsigmoidf(-1000.0f) >= 0.0f && ll_vsigmoidf(-1000.0f) < 1e-37f);
	CHECK(ll_vsigmoidf(1000.0f) == 1.0f);
	CHECK(ll_vtanhf(1000.0f) == 1.0f && ll_vtanhf(-1000.0f) == -1.0f);
	CHECK(ll_vtanhf(0.0f) == 0.0f);
	CHECK(isnan(ll_vexpf(NAN)) && isnan(ll_vsigmoidf(NAN)) && isnan(ll_vtanhf(NAN)));
	CHECK(ll_vclampf(5.0f, -1.0f, 2.0f) == 2.0f);
	CHECK(ll_vclampf(-5.0f, -1.0f, 2.0f) == -1.0f);
	CHECK(ll_vclampf(0.5f, -1.0f, 2.0f) == 0.5f);
	CHECK(isnan(ll_vclampf(NAN, -1.0f, 2.0f))); /* NaN passes through */
}

int main(void)
{
	test_vmath();
	test_mat();
	test_act_names();
	test_bias_colsum();
	test_act_backward();
	test_softmax();
	TEST_MAIN_END();
}
