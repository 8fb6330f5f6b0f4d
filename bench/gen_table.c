/*
 * gen_table.c - a labelled CSV for the scale-out benchmark
 * (bench/bench_mpi.sh): N rows of D features drawn from a mixture of 8
 * Gaussian blobs with their own spreads, and a label column naming the
 * blob's class (blob mod C). Same seed, same bytes.
 *
 *   gen_table FILE N D C SEED
 */
#include <stdio.h>
#include <stdlib.h>

#include "ll_rng.h"

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: gen_table FILE N D C SEED\n");
		return 1;
	}
	size_t n = strtoul(argv[2], NULL, 10), d = strtoul(argv[3], NULL, 10), nc = strtoul(argv[4], NULL, 10);
	if (n == 0 || d == 0 || nc == 0) {
		fprintf(stderr, "gen_table: N, D and C must be positive\n");
		return 1;
	}
	struct ll_rng *r = ll_rng_new(strtoull(argv[5], NULL, 10));
	enum { BLOBS = 8 };
	double *cent = malloc(BLOBS * d * sizeof *cent), spread[BLOBS];
	FILE *f = fopen(argv[1], "w");
	if (!r || !cent || !f) {
		perror(argv[1]);
		return 1;
	}
	for (size_t b = 0; b < BLOBS; b++) {
		for (size_t j = 0; j < d; j++)
			cent[b * d + j] = ll_rng_gauss(r, 1.0);
		spread[b] = 0.6 + 1.2 * ll_rng_uniform(r);
	}
	for (size_t j = 0; j < d; j++)
		fprintf(f, "x%zu,", j);
	fputs("label\n", f);
	for (size_t i = 0; i < n; i++) {
		size_t b = ll_rng_below(r, BLOBS);
		for (size_t j = 0; j < d; j++)
			fprintf(f, "%.5g,", cent[b * d + j] + ll_rng_gauss(r, spread[b]));
		fprintf(f, "c%zu\n", b % nc);
	}
	int bad = ferror(f) | (fclose(f) != 0);
	free(cent);
	ll_rng_free(r);
	if (bad) {
		perror(argv[1]);
		return 3;
	}
	return 0;
}
