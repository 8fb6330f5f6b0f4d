/*
 * bench/bench_gemm.c - loglab's own small GEMM (core/ll_gemm) against
 * OpenBLAS on the products of training, in CPU time of this thread (the
 * wall clock of a shared machine counts other users' work).
 *
 *   bench_gemm [REPS]     one line per shape: GFLOP/s of OpenBLAS, of the
 *                         own kernel on AVX-512 and on AVX2 (those the CPU
 *                         has), the ratio, and which one ll_sgemm uses
 *
 * Shapes: a 64-row slice of the DNN 5x100 on 20 inputs (forward A W^T,
 * weight gradient dZ^T A, input gradient dZ W), of the LSTM 64 on 38
 * inputs (a recurrent step, its backward, the input projection of 50
 * steps and its gradients, the output layer) and a block of k-means
 * distances. OPENBLAS_CORETYPE=SkylakeX in the environment shows
 * OpenBLAS's AVX-512 kernels beside the ones it picks by itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ll_blas.h"
#include "ll_gemm.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

struct shape {
	const char *what;
	int ta, tb;
	size_t m, n, k;
};

/* Best GFLOP/s of 5 rounds of reps calls of ll_sgemm as routed now. */
static double gflops(const struct shape *s, const float *a, const float *b, float *c, int reps)
{
	size_t lda = s->ta ? s->m : s->k, ldb = s->tb ? s->k : s->n;
	double best = 0;
	for (int round = 0; round < 5; round++) {
		double t0 = cpu_now();
		for (int r = 0; r < reps; r++)
			ll_sgemm(s->ta, s->tb, s->m, s->n, s->k, 1.0f, a, lda, b, ldb, 1.0f, c, s->n);
		double dt = cpu_now() - t0, g = 2e-9 * (double)s->m * (double)s->n * (double)s->k * reps / dt;
		if (g > best)
			best = g;
	}
	return best;
}

/* The same on the own kernel kern (0 when the CPU lacks it or k is out
 * of its range), whatever the routing would say. */
static double gflops_own(const struct shape *s, enum ll_gemm_kernel kern, const float *a, const float *b,
			 float *c, int reps)
{
	ll_gemm_use(kern);
	double g = 0;
	if (ll_gemm_kernel() == kern && ll_gemm_takes(s->tb, s->k)) {
		enum ll_blas_gemm was = ll_blas_set_gemm(LL_BLAS_GEMM_OWN);
		g = gflops(s, a, b, c, reps);
		ll_blas_set_gemm(was);
	}
	ll_gemm_use(LL_GEMM_AUTO);
	return g;
}

static void cell(double g)
{
	if (g > 0)
		printf(" %.1f |", g);
	else
		printf(" - |");
}

int main(int argc, char **argv)
{
	int reps = argc > 1 ? atoi(argv[1]) : 200;
	static const struct shape shapes[] = {
		{"dnn fwd  A W^T", 0, 1, 64, 100, 100},    {"dnn fwd  in 20", 0, 1, 64, 100, 20},
		{"dnn fwd  out 2", 0, 1, 64, 2, 100},      {"dnn dW   dZ^T A", 1, 0, 100, 100, 64},
		{"dnn dW   in 20", 1, 0, 100, 20, 64},     {"dnn dW   out 2", 1, 0, 2, 100, 64},
		{"dnn dA   dZ W", 0, 0, 64, 100, 100},     {"dnn dA   from 2", 0, 0, 64, 100, 2},
		{"dnn 128  A W^T", 0, 1, 128, 100, 100},   {"lstm step h Wh^T", 0, 1, 64, 256, 64},
		{"lstm bwd dG Wh", 0, 0, 64, 64, 256},     {"lstm proj x Wx^T", 0, 1, 3200, 256, 38},
		{"lstm dX dG Wx", 0, 0, 3200, 38, 256},    {"lstm dWh dG^T H", 1, 0, 256, 64, 3136},
		{"lstm dWx dG^T X", 1, 0, 256, 38, 3200},  {"lstm out H Wo^T", 0, 1, 3200, 2, 64},
		{"lstm dA dz Wo", 0, 0, 3200, 64, 2},      {"kmeans X C^T k=8", 0, 1, 1024, 8, 38},
		{"kmeans X C^T k=16", 0, 1, 1024, 16, 38}, {"kmeans X C^T k=32", 0, 1, 1024, 32, 38},
	};
	size_t big = 3200 * 256;
	float *a = malloc(big * sizeof *a), *b = malloc(big * sizeof *b), *c = malloc(big * sizeof *c);
	if (!a || !b || !c)
		return 1;
	for (size_t i = 0; i < big; i++) {
		a[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
		b[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
		c[i] = 0.0f;
	}
	enum ll_gemm_kernel best = ll_gemm_kernel();
	printf("# OpenBLAS kernels: %s; own kernel: %s; CPU-time GFLOP/s, best of 5 rounds of %d calls\n",
	       ll_blas_core(),
	       best == LL_GEMM_AVX512 ? "AVX-512"
	       : best == LL_GEMM_AVX2 ? "AVX2+FMA"
				      : "portable C",
	       reps);
	printf("| product | m x n x k | OpenBLAS (%s) | own AVX-512 | own AVX2 | best own / OpenBLAS | used |\n"
	       "|---|---|---|---|---|---|---|\n",
	       ll_blas_core());
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		const struct shape *s = &shapes[i];
		double work = (double)s->m * (double)s->n * (double)s->k;
		int r = work > 1e6 ? reps / 10 + 1 : reps;
		enum ll_blas_gemm was = ll_blas_set_gemm(LL_BLAS_GEMM_OPENBLAS);
		double ob = gflops(s, a, b, c, r);
		ll_blas_set_gemm(was);
		double o512 = gflops_own(s, LL_GEMM_AVX512, a, b, c, r), o2 = gflops_own(s, LL_GEMM_AVX2, a, b, c, r);
		double own = o512 > o2 ? o512 : o2;
		printf("| %s | %zu x %zu x %zu |", s->what, s->m, s->n, s->k);
		cell(ob);
		cell(o512);
		cell(o2);
		if (own > 0)
			printf(" %.2fx |", own / ob);
		else
			printf(" - |");
		printf(" %s |\n", ll_blas_own_gemm(s->tb, s->m, s->n, s->k) ? "own" : "OpenBLAS");
	}
	free(a);
	free(b);
	free(c);
	return 0;
}
