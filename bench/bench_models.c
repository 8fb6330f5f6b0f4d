/*
 * bench/bench_models.c - training and clustering speed of the model engine,
 * for bench_models.sh, which runs the Python peers on the same shapes.
 *
 *   bench_models mlp THREADS EPOCHS      DNN 5x100, 20 inputs, 2 classes, batch 128, Adam
 *   bench_models lstm THREADS EPOCHS     LSTM 64 hidden, windows 50 x 38, batch 128, Adam
 *   bench_models kmeans THREADS FILE N D K   k-means on N x D float32 rows read from FILE
 *   bench_models gen FILE N D SEED       writes the k-means data set (a Gaussian mixture)
 *   bench_models logreg THREADS FILE N D K   logistic regression (defaults) on FILE and FILE.y
 *   bench_models genxy FILE N D K SEED   writes a K-class set for it (X float32, y int32)
 *
 * Each prints one line "key=value ..." with the rate or time, and the peak
 * resident size (getrusage's ru_maxrss, KiB).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ll_blas.h"
#include "ll_bigmem.h"
#include "ll_kmeans.h"
#include "ll_logreg.h"
#include "ll_lstm.h"
#include "ll_mlp.h"
#include "ll_rng.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long peak_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* CPU seconds of this process (user + system): on a shared machine a
 * steadier measure than the wall clock. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_sec +
	       1e-6 * (double)ru.ru_stime.tv_usec;
}

static int die(const struct ll_err *err)
{
	fprintf(stderr, "bench_models: %s\n", err->msg);
	return 1;
}

/* Two classes split by a random hyperplane through Gaussian inputs. */
static void make_xy(float *X, int *y, size_t n, size_t d, uint64_t seed)
{
	struct ll_rng *r = ll_rng_new(seed);
	float dir[64];
	for (size_t j = 0; j < d; j++)
		dir[j] = (float)ll_rng_gauss(r, 1.0);
	for (size_t i = 0; i < n; i++) {
		double s = 0;
		for (size_t j = 0; j < d; j++) {
			X[i * d + j] = (float)ll_rng_gauss(r, 1.0);
			s += X[i * d + j] * dir[j];
		}
		y[i] = s > 0;
	}
	ll_rng_free(r);
}

static int bench_mlp(int threads, int epochs)
{
	struct ll_err err;
	size_t n = 65536, d = 20;
	float *X = malloc(n * d * sizeof *X);
	int *y = malloc(n * sizeof *y);
	if (!X || !y)
		return 1;
	make_xy(X, y, n, d, 1);
	ll_blas_set_threads(threads);
	struct ll_mlp_cfg c;
	memset(&c, 0, sizeof c);
	c.n_in = d;
	c.n_classes = 2;
	c.n_hidden = 5;
	for (int i = 0; i < 5; i++)
		c.widths[i] = 100;
	c.act = LL_ACT_RELU;
	c.seed = 1;
	struct ll_mlp *m;
	if (ll_mlp_new(&c, &m, &err))
		return die(&err);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = epochs;
	tc.batch = 128;
	tc.optim.kind = LL_OPT_ADAM;
	tc.optim.lr = 1e-3f;
	tc.threads = threads; /* slices on this many threads; the same model at any count */
	struct ll_xy tr = { X, y, NULL, n, d };
	struct ll_train_result res;
	double t0 = now_s(), c0 = cpu_s();
	if (ll_mlp_fit(m, &tr, NULL, &tc, &res, &err))
		return die(&err);
	double dt = now_s() - t0, dc = cpu_s() - c0;
	double acc;
	ll_mlp_evaluate(m, &tr, NULL, &acc, &err);
	printf("model=mlp threads=%d samples=%zu seconds=%.3f cpu_seconds=%.3f samples_per_s=%.0f final_loss=%.4f train_acc=%.4f "
	       "peak_kib=%ld\n",
	       threads, n * (size_t)epochs, dt, dc, (double)n * epochs / dt, res.hist_loss[res.n_hist - 1], acc,
	       peak_kib());
	ll_train_result_free(&res);
	ll_mlp_free(m);
	free(X);
	free(y);
	return 0;
}

/* Windows over one long series of 38 channels: class 1 when the mean of
 * channel 0 over the window's last 10 steps is above 0. */
static int bench_lstm(int threads, int epochs)
{
	struct ll_err err;
	size_t n = 4096, T = 50, d = 38, rows = n + T;
	float *X = malloc(rows * d * sizeof *X);
	size_t *start = malloc(n * sizeof *start);
	int *y = malloc(n * sizeof *y);
	if (!X || !start || !y)
		return 1;
	struct ll_rng *r = ll_rng_new(2);
	for (size_t i = 0; i < rows * d; i++)
		X[i] = (float)ll_rng_gauss(r, 1.0);
	ll_rng_free(r);
	for (size_t i = 0; i < n; i++) {
		start[i] = i;
		double s = 0;
		for (size_t t = T - 10; t < T; t++)
			s += X[(i + t) * d];
		y[i] = s > 0;
	}
	ll_blas_set_threads(threads);
	struct ll_lstm_cfg c;
	ll_lstm_defaults(&c);
	c.n_in = d;
	c.seq_len = T;
	c.hidden = 64;
	c.n_classes = 2;
	struct ll_lstm *m;
	if (ll_lstm_new(&c, &m, &err))
		return die(&err);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = epochs;
	tc.batch = 128;
	tc.threads = threads;
	struct ll_seqs s = { X, NULL, y, NULL, n, start, rows };
	struct ll_train_result res;
	double t0 = now_s(), c0 = cpu_s();
	if (ll_lstm_fit(m, &s, NULL, &tc, &res, &err))
		return die(&err);
	double dt = now_s() - t0, dc = cpu_s() - c0;
	printf("model=lstm threads=%d samples=%zu seconds=%.3f cpu_seconds=%.3f samples_per_s=%.0f final_loss=%.4f peak_kib=%ld\n",
	       threads, n * (size_t)epochs, dt, dc, (double)n * epochs / dt, res.hist_loss[res.n_hist - 1], peak_kib());
	ll_train_result_free(&res);
	ll_lstm_free(m);
	free(X);
	free(start);
	free(y);
	return 0;
}

/* A mixture of 8 Gaussian blobs with different spreads that overlap, so
 * that Lloyd needs several iterations yet k = 8 has one clear optimum both
 * implementations should reach (their inertias are compared). */
static int gen(const char *path, size_t n, size_t d, uint64_t seed)
{
	size_t nb = 8;
	struct ll_rng *r = ll_rng_new(seed);
	float *cent = malloc(nb * d * sizeof *cent), *row = malloc(d * sizeof *row);
	double spread[8];
	for (size_t b = 0; b < nb; b++) {
		for (size_t j = 0; j < d; j++)
			cent[b * d + j] = (float)ll_rng_gauss(r, 1.0);
		spread[b] = 1.0 + 1.5 * ll_rng_uniform(r);
	}
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t b = ll_rng_below(r, nb);
		for (size_t j = 0; j < d; j++)
			row[j] = cent[b * d + j] + (float)ll_rng_gauss(r, spread[b]);
		fwrite(row, sizeof *row, d, f);
	}
	fclose(f);
	free(cent);
	free(row);
	ll_rng_free(r);
	return 0;
}

static int bench_kmeans(int threads, const char *path, size_t n, size_t d, size_t k)
{
	struct ll_err err;
	/* on huge pages, as loglab's k-means workspace and numpy's arrays (the
	 * peer's X) are: see ll_bigmem.h */
	float *X = ll_big_alloc(n * d * sizeof *X);
	FILE *f = fopen(path, "rb");
	if (!X || !f || fread(X, sizeof *X, n * d, f) != n * d) {
		fprintf(stderr, "bench_models: cannot read %zu x %zu floats from %s\n", n, d, path);
		return 1;
	}
	fclose(f);
	ll_blas_set_threads(threads);
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.k = k;
	c.n_init = 1;
	c.seed = 1;
	c.threads = threads;
	struct ll_kmeans *km;
	double t0 = now_s(), c0 = cpu_s();
	if (ll_kmeans_fit(X, n, d, &c, &km, &err))
		return die(&err);
	double dt = now_s() - t0, dc = cpu_s() - c0;
	printf("model=kmeans threads=%d n=%zu k=%zu seconds=%.3f cpu_seconds=%.3f iterations=%d inertia=%.6g peak_kib=%ld\n", threads, n,
	       k, dt, dc, ll_kmeans_iterations(km), ll_kmeans_inertia(km), peak_kib());
	ll_kmeans_free(km);
	free(X);
	return 0;
}

/* K classes that overlap: a row's class is the best of K random linear
 * scores plus Gaussian noise, so the solver needs its iterations. */
static int genxy(const char *path, size_t n, size_t d, size_t k, uint64_t seed)
{
	struct ll_rng *r = ll_rng_new(seed);
	float *dir = malloc(k * d * sizeof *dir), *row = malloc(d * sizeof *row);
	char ypath[4096];
	snprintf(ypath, sizeof ypath, "%s.y", path);
	FILE *fx = fopen(path, "wb"), *fy = fopen(ypath, "wb");
	if (!dir || !row || !fx || !fy) {
		perror(path);
		return 1;
	}
	for (size_t j = 0; j < k * d; j++)
		dir[j] = (float)ll_rng_gauss(r, 1.0 / sqrt((double)d));
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < d; j++)
			row[j] = (float)ll_rng_gauss(r, 1.0);
		int32_t best = 0;
		double top = -1e300;
		for (size_t c = 0; c < k; c++) {
			double s = ll_rng_gauss(r, 0.5);
			for (size_t j = 0; j < d; j++)
				s += row[j] * dir[c * d + j];
			if (s > top) {
				top = s;
				best = (int32_t)c;
			}
		}
		fwrite(row, sizeof *row, d, fx);
		fwrite(&best, sizeof best, 1, fy);
	}
	fclose(fx);
	fclose(fy);
	free(dir);
	free(row);
	ll_rng_free(r);
	return 0;
}

static int bench_logreg(int threads, const char *path, size_t n, size_t d, size_t k)
{
	struct ll_err err;
	float *X = malloc(n * d * sizeof *X), *W = malloc(k * d * sizeof *W), *b = malloc(k * sizeof *b);
	int32_t *y32 = malloc(n * sizeof *y32);
	int *y = malloc(n * sizeof *y);
	char ypath[4096];
	snprintf(ypath, sizeof ypath, "%s.y", path);
	FILE *fx = fopen(path, "rb"), *fy = fopen(ypath, "rb");
	if (!X || !W || !b || !y32 || !y || !fx || !fy || fread(X, sizeof *X, n * d, fx) != n * d ||
	    fread(y32, sizeof *y32, n, fy) != n) {
		fprintf(stderr, "bench_models: cannot read %zu x %zu floats and labels from %s\n", n, d, path);
		return 1;
	}
	fclose(fx);
	fclose(fy);
	for (size_t i = 0; i < n; i++)
		y[i] = y32[i];
	struct ll_logreg_cfg c;
	ll_logreg_defaults(&c);
	c.threads = threads;
	struct ll_logreg_data dt = {n, d, X, NULL, NULL, y, NULL, k, NULL};
	struct ll_logreg_info info;
	double t0 = now_s(), c0 = cpu_s();
	if (ll_logreg_fit(&c, &dt, W, b, &info, NULL, &err))
		return die(&err);
	double dts = now_s() - t0, dc = cpu_s() - c0;
	size_t right = 0;
	for (size_t i = 0; i < n; i++) {
		size_t best = 0;
		double top = -1e300;
		for (size_t cl = 0; cl < k; cl++) {
			double s = b[cl];
			for (size_t j = 0; j < d; j++)
				s += (double)W[cl * d + j] * X[i * d + j];
			if (s > top) {
				top = s;
				best = cl;
			}
		}
		right += (int)best == y[i];
	}
	printf("model=logreg threads=%d n=%zu d=%zu k=%zu seconds=%.3f cpu_seconds=%.3f iterations=%d loss=%.8g "
	       "accuracy=%.4f peak_kib=%ld\n",
	       threads, n, d, k, dts, dc, info.solver.iterations, info.loss, (double)right / (double)n, peak_kib());
	free(X);
	free(W);
	free(b);
	free(y32);
	free(y);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "mlp"))
		return bench_mlp(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 4 && !strcmp(argv[1], "lstm"))
		return bench_lstm(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 7 && !strcmp(argv[1], "kmeans"))
		return bench_kmeans(atoi(argv[2]), argv[3], strtoul(argv[4], NULL, 10), strtoul(argv[5], NULL, 10),
				    strtoul(argv[6], NULL, 10));
	if (argc >= 6 && !strcmp(argv[1], "gen"))
		return gen(argv[2], strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10), strtoull(argv[5], NULL, 10));
	if (argc >= 7 && !strcmp(argv[1], "logreg"))
		return bench_logreg(atoi(argv[2]), argv[3], strtoul(argv[4], NULL, 10), strtoul(argv[5], NULL, 10),
				    strtoul(argv[6], NULL, 10));
	if (argc >= 7 && !strcmp(argv[1], "genxy"))
		return genxy(argv[2], strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10), strtoul(argv[5], NULL, 10),
			     strtoull(argv[6], NULL, 10));
	fprintf(stderr, "usage: bench_models mlp|lstm THREADS EPOCHS | kmeans|logreg THREADS FILE N D K | gen FILE N D SEED"
			" | genxy FILE N D K SEED\n");
	return 1;
}
