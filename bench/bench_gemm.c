/*
 * bench/bench_gemm.c - loglab's own small GEMM (core/ll_gemm) against
 * OpenBLAS on the products of training, in CPU time of this thread (the
 * wall clock of a shared machine counts other users' work).
 *
 *   bench_gemm [REPS]     one line per shape: GFLOP/s of each and the ratio
 *
 * Shapes: a 64-row slice of the DNN 5x100 on 20 inputs (forward A W^T,
 * weight gradient dZ^T A, input gradient dZ W) and of the LSTM 64 on 38
 * inputs (a recurrent step, its backward, the input projection of 50 steps).
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

int main(int argc, char **argv)
{
	int reps = argc > 1 ? atoi(argv[1]) : 200;
	static const struct shape shapes[] = {
		{"dnn fwd  A W^T", 0, 1, 64, 100, 100}, {"dnn fwd  in 20", 0, 1, 64, 100, 20},
		{"dnn fwd  out 2", 0, 1, 64, 2, 100},   {"dnn dW   dZ^T A", 1, 0, 100, 100, 64},
		{"dnn dW   in 20", 1, 0, 100, 20, 64},  {"dnn dW   out 2", 1, 0, 2, 100, 64},
		{"dnn dA   dZ W", 0, 0, 64, 100, 100},  {"dnn dA   from 2", 0, 0, 64, 100, 2},
		{"dnn 128  A W^T", 0, 1, 128, 100, 100}, {"lstm step h Wh^T", 0, 1, 64, 256, 64},
		{"lstm bwd dG Wh", 0, 0, 64, 64, 256},  {"lstm proj x Wx^T", 0, 1, 3200, 256, 38},
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
	printf("# own kernel: %s; CPU-time GFLOP/s, best of 5 rounds of %d calls\n",
	       ll_gemm_kernel() == LL_GEMM_AVX512 ? "AVX-512" : ll_gemm_kernel() == LL_GEMM_AVX2 ? "AVX2+FMA" : "portable C", reps);
	printf("| product | m x n x k | OpenBLAS | own | own / OpenBLAS | used |\n|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		const struct shape *s = &shapes[i];
		int r = s->m * s->n * s->k > 1000000 ? reps / 10 + 1 : reps;
		ll_blas_set_own(0);
		double ob = gflops(s, a, b, c, r);
		ll_blas_set_own(1);
		int used = ll_blas_own_gemm(s->m, s->n, s->k);
		double own = 0;
		if (used) {
			own = gflops(s, a, b, c, r);
		} else {
			/* measured directly, though ll_sgemm would not send it there */
			size_t lda = s->ta ? s->m : s->k, ldb = s->tb ? s->k : s->n;
			double best = 0;
			for (int round = 0; round < 5 && s->k <= LL_GEMM_MAX_K; round++) {
				double t0 = cpu_now();
				for (int q = 0; q < r; q++)
					ll_gemm(s->ta, s->tb, s->m, s->n, s->k, 1.0f, a, lda, b, ldb, 1.0f, c, s->n, NULL,
						LL_GEMM_NONE);
				double g = 2e-9 * (double)s->m * (double)s->n * (double)s->k * r / (cpu_now() - t0);
				best = g > best ? g : best;
			}
			own = best;
		}
		printf("| %s | %zu x %zu x %zu | %.1f | %.1f | %.2fx | %s |\n", s->what, s->m, s->n, s->k, ob, own,
		       own / ob, used ? "own" : "OpenBLAS");
	}
	free(a);
	free(b);
	free(c);
	return 0;
}
