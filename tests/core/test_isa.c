/*
 * tests/core/test_isa.c - the kernels compiled for several instruction
 * sets (ll_isa.h) give the same bits on every set this CPU has: the
 * logistic and tanh passes, the LSTM cell passes (each branch: zero state,
 * upper gradient or not, a width that leaves a remainder), whole LSTM and
 * forecaster gradients, k-means' distance kernels and its column sums
 * (ll_ksum); and the vector logistic
 * and tanh stay within the error ll_mat.h states; the LSTM's and the forecaster's gradients
 * with the step products on OpenBLAS within rounding of those on W_h packed once
 * (ll_gemm_prepacked). Under valgrind (no AVX-512) the base and AVX2
 * code are compared.
 */
#include "harness.h"
#include "ll_fcast.h"
#include "ll_isa.h"
#include "ll_kdist.h"
#include "ll_ksum.h"
#include "ll_blas.h"
#include "ll_lstm.h"
#include "ll_lstm_cell.h"
#include "ll_mat.h"
#include "ll_rng.h"

#include <stdint.h>

static int same_bits(const float *a, const float *b, size_t n)
{
	return memcmp(a, b, n * sizeof *a) == 0;
}

static void fill(float *x, size_t n, double sd, uint64_t seed)
{
	struct ll_rng *r = ll_rng_new(seed);
	for (size_t i = 0; i < n; i++)
		x[i] = (float)ll_rng_gauss(r, sd);
	ll_rng_free(r);
}

static void test_levels(void)
{
	int best = ll_isa_best();
	CHECK(best >= LL_ISA_BASE && best <= LL_ISA_AVX512);
	CHECK(ll_isa() <= best);
	int was = ll_isa_limit(LL_ISA_BASE);
	CHECK_INT(ll_isa(), LL_ISA_BASE);
	CHECK_INT(ll_isa_limit(-5), LL_ISA_BASE);
	CHECK_INT(ll_isa(), LL_ISA_BASE); /* below base means base */
	ll_isa_limit(99);
	CHECK_INT(ll_isa(), getenv("LOGLAB_ISA") ? ll_isa() : best);
	ll_isa_limit(was);
	CHECK_STR(ll_isa_name(LL_ISA_BASE), "base");
	CHECK_STR(ll_isa_name(LL_ISA_AVX2), "avx2");
	CHECK_STR(ll_isa_name(LL_ISA_AVX512), "avx512");
	fprintf(stderr, "this CPU: %s\n", ll_isa_name(best));
}

/* Inputs with every kind of value the kernels meet: normal, saturating,
 * tiny, signed zeros, infinities, NaN. */
#define NSPECIAL 14
static const float special[NSPECIAL] = { 0.0f, -0.0f, 1e-30f, -1e-30f, 50.0f, -50.0f, 88.0f, -88.0f,
					 100.0f, -100.0f, INFINITY, -INFINITY, NAN, 0.5f };

/* The activation under test in place: tanh when `use_tanh`, else sigmoid. */
static void activate(int use_tanh, float *v, size_t n)
{
	if (use_tanh)
		ll_k_tanh(v, n);
	else
		ll_k_sigmoid(v, n);
}

static void test_activations(void)
{
	size_t n = 1000 + NSPECIAL + 3; /* not a multiple of any vector width */
	float *x = malloc(n * sizeof *x), *ref = malloc(n * sizeof *x), *y = malloc(n * sizeof *x);
	fill(x, n, 4.0, 3);
	memcpy(x, special, sizeof special);
	int was = ll_isa_limit(LL_ISA_BASE);
	for (int k = 0; k < 2; k++) {
		ll_isa_limit(LL_ISA_BASE);
		memcpy(ref, x, n * sizeof *x);
		activate(k, ref, n);
		/* accuracy against libm (ll_mat.h: 3e-7 absolute) */
		double worst = 0;
		for (size_t i = 0; i < n; i++) {
			if (isnan(x[i])) {
				CHECK(isnan(ref[i]));
				continue;
			}
			double want = k ? tanh((double)x[i]) : 1.0 / (1.0 + exp(-(double)x[i]));
			double e = fabs(ref[i] - want);
			worst = e > worst ? e : worst;
		}
		CHECK(worst <= 3e-7);
		for (int lv = LL_ISA_AVX2; lv <= ll_isa_best(); lv++) {
			ll_isa_limit(lv);
			memcpy(y, x, n * sizeof *x);
			activate(k, y, n);
			CHECK(same_bits(y, ref, n));
			memset(y, 0, n * sizeof *y);
			ll_k_tanh_to(x, y, n);
			if (k)
				CHECK(same_bits(y, ref, n));
		}
	}
	/* ll_expf: 2e-7 relative inside the range, saturated outside */
	for (float v = -87.0f; v < 88.0f; v += 0.37f)
		CHECK(fabs(ll_expf(v) - exp((double)v)) <= 2e-7 * exp((double)v));
	CHECK(ll_expf(1000.0f) == ll_expf(88.3f) && isfinite(ll_expf(1000.0f)));
	CHECK(ll_expf(-1000.0f) > 0.0f);
	ll_isa_limit(was);
	free(x);
	free(ref);
	free(y);
}

/* Runs the forward and backward cell passes at the current level over
 * inputs that are the same every time; out gets G, c, tc, h, dc, dG (12 nb H). */
static void run_cell(size_t nb, size_t H, int with_prev, int with_da, float *out)
{
	size_t s = nb * H;
	float *G = out, *c = G + 4 * s, *tc = c + s, *h = tc + s, *dc = h + s, *dG = dc + s;
	float *cp = malloc(s * sizeof *cp), *dA = malloc(s * sizeof *dA), *dh = malloc(s * sizeof *dh);
	fill(G, 4 * s, 3.0, 11);
	memcpy(G, special, sizeof special);
	fill(cp, s, 1.0, 12);
	fill(dA, s, 1.0, 13);
	fill(dh, s, 1.0, 14);
	fill(dc, s, 1.0, 15);
	ll_lstm_cell_fwd(G, with_prev ? cp : NULL, c, tc, h, nb, H);
	ll_lstm_cell_bwd(G, tc, with_prev ? cp : NULL, with_da ? dA : NULL, dh, dc, dG, nb, H);
	free(cp);
	free(dA);
	free(dh);
}

static void test_cell(void)
{
	size_t nb = 3, H = 37, s = nb * H, len = 12 * s; /* G, c, tc, h, dc, dG */
	float *ref = malloc(len * sizeof *ref), *y = malloc(len * sizeof *y);
	int was = ll_isa_limit(LL_ISA_BASE);
	for (int v = 0; v < 4; v++) {
		ll_isa_limit(LL_ISA_BASE);
		run_cell(nb, H, v & 1, v >> 1, ref);
		/* the fused forward is the separate passes it replaced */
		float *G = malloc(4 * s * sizeof *G), *c = malloc(s * sizeof *c);
		fill(G, 4 * s, 3.0, 11);
		memcpy(G, special, sizeof special);
		for (size_t b = 0; b < nb; b++) {
			float *g = G + b * 4 * H;
			for (size_t j = 0; j < H; j++)
				g[2 * H + j] *= 2.0f;
		}
		ll_k_sigmoid(G, 4 * s);
		float *cp = malloc(s * sizeof *cp);
		fill(cp, s, 1.0, 12);
		for (size_t b = 0; b < nb; b++)
			for (size_t j = 0; j < H; j++) {
				float *g = G + b * 4 * H;
				g[2 * H + j] = 2.0f * g[2 * H + j] - 1.0f;
				c[b * H + j] = (v & 1) ? g[H + j] * cp[b * H + j] + g[j] * g[2 * H + j] : g[j] * g[2 * H + j];
			}
		CHECK(same_bits(G, ref, 4 * s));
		CHECK(same_bits(c, ref + 4 * s, s));
		ll_k_tanh(c, s);
		CHECK(same_bits(c, ref + 5 * s, s));
		free(G);
		free(c);
		free(cp);
		for (int lv = LL_ISA_AVX2; lv <= ll_isa_best(); lv++) {
			ll_isa_limit(lv);
			memset(y, 0, len * sizeof *y);
			run_cell(nb, H, v & 1, v >> 1, y);
			CHECK(same_bits(y, ref, len));
		}
	}
	ll_isa_limit(was);
	free(ref);
	free(y);
}

/* A few gradient steps of an LSTM and of the forecaster at each level:
 * the same gradients and losses, bit for bit. */
static void model_grads(float *g_lstm, double *loss_lstm, float *g_fc, double *loss_fc)
{
	struct ll_err err;
	size_t n = 12, T = 6, d = 5;
	float *X = malloc(n * T * d * sizeof *X), *Y = malloc(n * d * sizeof *Y);
	int *y = malloc(n * sizeof *y);
	fill(X, n * T * d, 1.0, 21);
	fill(Y, n * d, 1.0, 22);
	for (size_t i = 0; i < n; i++)
		y[i] = X[i * T * d] > 0;
	struct ll_lstm_cfg c;
	ll_lstm_defaults(&c);
	c.n_in = d;
	c.seq_len = T;
	c.hidden = 19;
	c.layers = 2;
	c.seed = 5;
	struct ll_lstm *m;
	CHECK(ll_lstm_new(&c, &m, &err) == LL_OK);
	CHECK(ll_lstm_reserve(m, n, &err) == LL_OK);
	struct ll_seqs s = { X, NULL, y, NULL, n, NULL, 0 };
	CHECK(ll_lstm_grad(m, &s, NULL, n, loss_lstm, &err) == LL_OK);
	memcpy(g_lstm, ll_lstm_grads(m), ll_lstm_nparams(m) * sizeof *g_lstm);
	ll_lstm_free(m);
	struct ll_fcast *f;
	CHECK(ll_fcast_new(d, T, 11, 9, &f, &err) == LL_OK);
	CHECK(ll_fcast_reserve(f, n, &err) == LL_OK);
	CHECK(ll_fcast_grad(f, X, Y, n, loss_fc, &err) == LL_OK);
	memcpy(g_fc, ll_fcast_grads(f), ll_fcast_nparams(f) * sizeof *g_fc);
	ll_fcast_free(f);
	free(X);
	free(Y);
	free(y);
}

static void test_models(void)
{
	size_t cap = 10000;
	float *gl = calloc(cap, sizeof *gl), *gf = calloc(cap, sizeof *gf);
	float *gl2 = calloc(cap, sizeof *gl), *gf2 = calloc(cap, sizeof *gf);
	double ll, lf, ll2, lf2;
	int was = ll_isa_limit(LL_ISA_BASE);
	model_grads(gl, &ll, gf, &lf);
	CHECK(isfinite(ll) && isfinite(lf));
	for (int lv = LL_ISA_AVX2; lv <= ll_isa_best(); lv++) {
		ll_isa_limit(lv);
		model_grads(gl2, &ll2, gf2, &lf2);
		CHECK(same_bits(gl, gl2, cap));
		CHECK(same_bits(gf, gf2, cap));
		CHECK(ll == ll2 && lf == lf2);
	}
	ll_isa_limit(was);
	/* the step products on OpenBLAS instead of on W_h packed once
	 * (ll_blas_own_prepacked): the same within float32 rounding */
	enum ll_blas_gemm gw = ll_blas_set_gemm(LL_BLAS_GEMM_OPENBLAS);
	model_grads(gl2, &ll2, gf2, &lf2);
	ll_blas_set_gemm(gw);
	CHECK(fabs(ll - ll2) <= 1e-5 * fabs(ll) && fabs(lf - lf2) <= 1e-5 * fabs(lf));
	for (int w = 0; w < 2; w++) {
		const float *a = w ? gf : gl, *b = w ? gf2 : gl2;
		double worst = 0, big = 0;
		for (size_t i = 0; i < cap; i++) {
			worst = fmax(worst, fabs((double)a[i] - b[i]));
			big = fmax(big, fabs((double)a[i]));
		}
		CHECK(big > 0 && worst <= 1e-4 * big);
	}
	free(gl);
	free(gf);
	free(gl2);
	free(gf2);
}

/* k-means' distance kernel: bit-equal between AVX2 and AVX-512 for widths
 * 8 and 16 and row counts that leave remainders, independent of the other
 * rows of a call, and within the rounding of a d-term dot product of the
 * GEMM it replaces (the base set, which has no FMA, uses the GEMM). */
static void test_kdist(void)
{
	size_t n = 45, d = 37;
	float *X = malloc(n * d * sizeof *X), *C = malloc(LL_KDIST_MAX_K * d * sizeof *C), cc[LL_KDIST_MAX_K];
	float *ref = malloc(n * LL_KDIST_MAX_K * sizeof *ref), *D = malloc(n * LL_KDIST_MAX_K * sizeof *D);
	int *bref = malloc(n * sizeof *bref), *b = malloc(n * sizeof *b);
	fill(X, n * d, 2.0, 31);
	fill(C, LL_KDIST_MAX_K * d, 2.0, 32);
	/* ties: centre 5 is centre 2 (the first must win); a row with a NaN */
	memcpy(C + 5 * d, C + 2 * d, d * sizeof *C);
	for (size_t p = 0; p < d; p++)
		X[10 * d + p] = C[2 * d + p];
	X[20 * d + 4] = NAN;
	/* the nearest-centre rule itself */
	const float r1[] = { 0.0f, -0.0f, 1.0f }, r2[] = { NAN, 1.0f, 0.0f }, r3[] = { 3.0f, NAN, 1.0f, 1.0f };
	CHECK_INT(ll_kdist_argmin_row(r1, 3), 0);
	CHECK_INT(ll_kdist_argmin_row(r2, 3), 0);
	CHECK_INT(ll_kdist_argmin_row(r3, 4), 2);
	for (size_t j = 0; j < LL_KDIST_MAX_K; j++) {
		cc[j] = 0.0f;
		for (size_t p = 0; p < d; p++)
			cc[j] += C[j * d + p] * C[j * d + p];
	}
	int was = ll_isa_limit(LL_ISA_BASE);
	CHECK(!ll_kdist_fits(8, d)); /* no FMA: the GEMM */
	ll_isa_limit(was);
	CHECK(!ll_kdist_fits(0, d) && !ll_kdist_fits(LL_KDIST_MAX_K + 1, d) && !ll_kdist_fits(8, 0) &&
	      !ll_kdist_fits(8, LL_KDIST_MAX_D + 1));
	if (ll_isa_best() < LL_ISA_AVX2) {
		fprintf(stderr, "no AVX2 + FMA: ll_kdist not compared\n");
		goto out;
	}
	size_t ks[] = { 1, 3, 6, 8, 9, 16 };
	for (size_t q = 0; q < sizeof ks / sizeof *ks; q++) {
		size_t k = ks[q];
		ll_isa_limit(LL_ISA_AVX2);
		CHECK(ll_kdist_fits(k, d));
		ll_kdist(X, n, d, C, k, cc, ref, bref);
		for (size_t i = 0; i < n; i++)
			CHECK_INT(bref[i], ll_kdist_argmin_row(ref + i * k, k));
		if (k > 5)
			CHECK_INT(bref[10], 2);
		/* each row alone: the same values */
		for (size_t i = 0; i < n; i += 7) {
			ll_kdist(X + i * d, 1, d, C, k, cc, D, NULL);
			CHECK(same_bits(D, ref + i * k, k));
		}
		/* the GEMM's values within the rounding of the dot products */
		ll_k_fill_rows(D, n, k, cc);
		ll_sgemm(0, 1, n, k, d, -2.0f, X, d, C, d, 1.0f, D, k);
		double worst = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < k && i != 20; j++) {
				double mag = 0;
				for (size_t p = 0; p < d; p++)
					mag += fabs((double)X[i * d + p] * C[j * d + p]);
				double e = fabs((double)D[i * k + j] - ref[i * k + j]) / (2.0 * mag + cc[j]);
				worst = e > worst ? e : worst;
			}
		CHECK(worst <= 2.0 * (double)(d + 2) * 0x1p-24);
		for (int lv = LL_ISA_AVX512; lv <= ll_isa_best(); lv++) {
			ll_isa_limit(lv);
			memset(D, 0, n * k * sizeof *D);
			ll_kdist(X, n, d, C, k, cc, D, b);
			CHECK(same_bits(D, ref, n * k));
			CHECK(memcmp(b, bref, n * sizeof *b) == 0);
		}
		for (int lv = LL_ISA_AVX2; lv <= ll_isa_best(); lv++) {
			ll_isa_limit(lv);
			/* exactly n x k: the whole-vector stores stay inside D */
			float *Dx = malloc(n * k * sizeof *Dx);
			ll_kdist(X, n, d, C, k, cc, Dx, NULL);
			CHECK(same_bits(Dx, ref, n * k));
			free(Dx);
			/* each centre alone: its column (k-means++ measures a chosen
			 * candidate again so) */
			float one[45];
			for (size_t j = 0; j < k; j += 2) {
				ll_kdist(X, n, d, C + j * d, 1, cc + j, one, NULL);
				int same = 1;
				for (size_t i = 0; i < n; i++)
					same &= memcmp(one + i, ref + i * k + j, sizeof *one) == 0;
				CHECK(same);
			}
			/* only the nearest centres: D may be NULL up to 8 */
			if (k <= 8) {
				memset(b, 0xff, n * sizeof *b);
				ll_kdist(X, n, d, C, k, cc, NULL, b);
				CHECK(memcmp(b, bref, n * sizeof *b) == 0);
			}
		}
	}
out:
	ll_isa_limit(was);
	free(X);
	free(C);
	free(ref);
	free(D);
	free(bref);
	free(b);
}

/* ll_kdist_direct: the bits of the scalar sum over the columns in order,
 * on every level, for row counts around the groups of 8 and 32 and widths
 * around the tiles of 8 columns; squared norms without centres. */
static void test_kdist_direct(void)
{
	size_t n = 77, ds[] = { 1, 3, 8, 13, 38 }, k = 5;
	float *X = malloc(n * 38 * sizeof *X), *C = malloc(k * 38 * sizeof *C);
	float ref[77], nref[77], out[77];
	int lab[77];
	fill(X, n * 38, 3.0, 41);
	fill(C, k * 38, 3.0, 42);
	for (size_t i = 0; i < n; i++)
		lab[i] = (int)((i * 7) % k);
	X[50] = INFINITY;
	int was = ll_isa_limit(LL_ISA_BASE);
	for (size_t q = 0; q < sizeof ds / sizeof *ds; q++) {
		size_t d = ds[q];
		for (size_t i = 0; i < n; i++) {
			float s = 0.0f, t = 0.0f;
			for (size_t j = 0; j < d; j++) {
				float e = X[i * d + j] - C[(size_t)lab[i] * d + j];
				s = s + e * e;
				t = t + X[i * d + j] * X[i * d + j];
			}
			ref[i] = s;
			nref[i] = t;
		}
		for (int lv = LL_ISA_BASE; lv <= ll_isa_best(); lv++) {
			ll_isa_limit(lv);
			const size_t ms[] = { 0, 1, 7, 8, 9, 31, 32, 33, 40, 77 };
			for (size_t t = 0; t < sizeof ms / sizeof *ms; t++) {
				size_t m = ms[t];
				memset(out, 0, sizeof out);
				ll_kdist_direct(X, m, d, C, lab, out);
				CHECK(same_bits(out, ref, m));
				ll_kdist_direct(X, m, d, NULL, NULL, out);
				CHECK(same_bits(out, nref, m));
			}
		}
	}
	ll_isa_limit(was);
	free(X);
	free(C);
}

/* ll_ksum: the bits of adding row after row in double, on every level,
 * with and without an order and the squares, for widths around the
 * panels (64 columns on AVX-512, 40 and 20 on AVX2) and their vectors. */
static void test_ksum(void)
{
	size_t n = 300, ds[] = { 1, 5, 8, 21, 38, 41, 64, 70, 130 };
	float *X = malloc(n * 130 * sizeof *X);
	double *sum = malloc(130 * sizeof *sum), *sq = malloc(130 * sizeof *sq);
	double *rs = malloc(130 * sizeof *rs), *rq = malloc(130 * sizeof *rq);
	uint16_t order[300];
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (i % 3 != 1)
			order[m++] = (uint16_t)(n - 1 - i); /* any order, any subset */
	fill(X, n * 130, 5.0, 51);
	X[7] = 1e30f;
	int was = ll_isa_limit(LL_ISA_BASE);
	for (size_t q = 0; q < sizeof ds / sizeof *ds; q++) {
		size_t d = ds[q];
		for (int ordered = 0; ordered < 2; ordered++) {
			size_t rows = ordered ? m : n;
			for (size_t j = 0; j < d; j++) {
				rs[j] = rq[j] = 0;
				for (size_t r = 0; r < rows; r++) {
					double v = X[(ordered ? order[r] : r) * d + j];
					rs[j] += v;
					rq[j] += v * v;
				}
			}
			for (int lv = LL_ISA_BASE; lv <= ll_isa_best(); lv++) {
				ll_isa_limit(lv);
				/* a guard past the d sums: nothing written there */
				sum[d < 130 ? d : 0] = sq[d < 130 ? d : 0] = -1.0;
				ll_ksum(X, d, ordered ? order : NULL, rows, sum, sq);
				CHECK(memcmp(sum, rs, d * sizeof *sum) == 0 && memcmp(sq, rq, d * sizeof *sq) == 0);
				if (d < 130)
					CHECK(sum[d] == -1.0 && sq[d] == -1.0);
				memset(sum, 0, d * sizeof *sum);
				ll_ksum(X, d, ordered ? order : NULL, rows, sum, NULL);
				CHECK(memcmp(sum, rs, d * sizeof *sum) == 0);
				ll_ksum(X, d, order, 0, sum, sq);
				CHECK(sum[0] == 0.0 && sq[d - 1] == 0.0);
			}
		}
	}
	ll_isa_limit(was);
	free(X);
	free(sum);
	free(sq);
	free(rs);
	free(rq);
}

int main(void)
{
	test_levels();
	test_activations();
	test_cell();
	test_models();
	test_kdist();
	test_kdist_direct();
	test_ksum();
	TEST_MAIN_END();
}
