/*
 * tests/core/sklearn_driver.c - runs the engine on a numeric CSV for
 * tests/core/sklearn_agreement.py, which runs scikit-learn on the same rows
 * and compares. Not a user tool: arguments are positional and output is
 * "key value" lines.
 *
 *   sklearn_driver logreg X.csv Y.csv C TOL MAX_ITER
 *                                                 logistic regression (ll_logreg.h) with sklearn's
 *                                                 C, tol and max_iter
 *   sklearn_driver kmeans X.csv K N_INIT SEED     k-means, prints the inertia
 *   sklearn_driver mlp X.csv Y.csv NTRAIN WIDTH EPOCHS
 *                                                 MLP on the first NTRAIN rows, accuracy on the rest
 *
 * X.csv: numbers separated by commas, no header (SMD's layout); Y.csv: one
 * class id per line.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ll_kmeans.h"
#include "ll_logreg.h"
#include "ll_mlp.h"

static int read_csv(const char *path, float **out, size_t *n, size_t *d)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0, rows = 0, cols = 0, used = 0, alloc = 0;
	float *v = NULL;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) > 0) {
		size_t c = 0;
		char *p = line, *end;
		for (;;) {
			float x = strtof(p, &end);
			if (end == p)
				break;
			if (used == alloc) {
				alloc = alloc ? 2 * alloc : 1 << 16;
				float *nv = realloc(v, alloc * sizeof *v);
				if (!nv) {
					fprintf(stderr, "out of memory\n");
					return -1;
				}
				v = nv;
			}
			v[used++] = x;
			c++;
			p = end;
			if (*p == ',')
				p++;
		}
		if (c == 0)
			continue;
		if (cols && c != cols) {
			fprintf(stderr, "%s:%zu: %zu fields, expected %zu\n", path, rows + 1, c, cols);
			return -1;
		}
		cols = c;
		rows++;
	}
	free(line);
	fclose(f);
	*out = v;
	*n = rows;
	*d = cols;
	return 0;
}

static int *labels(const char *path, size_t n)
{
	float *v;
	size_t rows, cols;
	if (read_csv(path, &v, &rows, &cols) || rows != n || cols != 1) {
		fprintf(stderr, "%s: expected %zu labels\n", path, n);
		return NULL;
	}
	int *y = malloc(n * sizeof *y);
	for (size_t i = 0; i < n; i++)
		y[i] = (int)v[i];
	free(v);
	return y;
}

static int fail(const struct ll_err *err)
{
	fprintf(stderr, "sklearn_driver: %s\n", err->msg);
	return 1;
}

/* Logistic regression with the solver's defaults and sklearn's C, tol and
 * max_iter: prints sklearn's coef_ (one row per class, or the single row of
 * a binary problem) and intercept_, the training accuracy and how the
 * solver stopped. */
static int logreg(const char *xp, const char *yp, double C, double tol, int max_iter)
{
	struct ll_err err;
	float *X;
	size_t n, d;
	if (read_csv(xp, &X, &n, &d))
		return 1;
	int *y = labels(yp, n);
	if (!y)
		return 1;
	size_t K = 0;
	for (size_t i = 0; i < n; i++)
		if (y[i] < 0) {
			fprintf(stderr, "%s: negative class id\n", yp);
			return 1;
		} else if ((size_t)y[i] + 1 > K) {
			K = (size_t)y[i] + 1;
		}
	struct ll_logreg_cfg c;
	ll_logreg_defaults(&c);
	c.C = C;
	c.tol = tol;
	c.max_iter = max_iter;
	struct ll_logreg_data dt = {n, d, X, NULL, NULL, y, NULL, K < 2 ? 2 : K, NULL};
	float *W = malloc(dt.nclasses * d * sizeof *W), *b = malloc(dt.nclasses * sizeof *b);
	struct ll_logreg_info info;
	if (!W || !b || ll_logreg_fit(&c, &dt, W, b, &info, NULL, &err))
		return fail(&err);
	size_t right = 0;
	for (size_t i = 0; i < n; i++) {
		size_t best = 0;
		double bz = -INFINITY;
		for (size_t k = 0; k < dt.nclasses; k++) {
			double z = b[k];
			for (size_t j = 0; j < d; j++)
				z += (double)W[k * d + j] * X[i * d + j];
			if (z > bz) {
				bz = z;
				best = k;
			}
		}
		right += best == (size_t)y[i];
	}
	printf("accuracy %.6f\n", (double)right / (double)n);
	printf("iterations %d\n", info.solver.iterations);
	printf("converged %d\n", info.solver.converged);
	size_t first = dt.nclasses == 2 ? 1 : 0;
	printf("intercept");
	for (size_t k = first; k < dt.nclasses; k++)
		printf(" %.9g", (double)b[k]);
	printf("\ncoef");
	for (size_t k = first; k < dt.nclasses; k++)
		for (size_t j = 0; j < d; j++)
			printf(" %.9g", (double)W[k * d + j]);
	printf("\n");
	free(W);
	free(b);
	free(X);
	free(y);
	return 0;
}

static int kmeans(const char *xp, size_t k, int n_init, unsigned long long seed)
{
	struct ll_err err;
	float *X;
	size_t n, d;
	if (read_csv(xp, &X, &n, &d))
		return 1;
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.k = k;
	c.n_init = n_init;
	c.seed = seed;
	struct ll_kmeans *km;
	if (ll_kmeans_fit(X, n, d, &c, &km, &err))
		return fail(&err);
	printf("inertia %.10g\n", ll_kmeans_inertia(km));
	printf("iterations %d\n", ll_kmeans_iterations(km));
	ll_kmeans_free(km);
	free(X);
	return 0;
}

static int mlp(const char *xp, const char *yp, size_t ntrain, size_t width, int epochs)
{
	struct ll_err err;
	float *X;
	size_t n, d;
	if (read_csv(xp, &X, &n, &d))
		return 1;
	int *y = labels(yp, n);
	if (!y || ntrain >= n)
		return 1;
	struct ll_mlp_cfg c;
	memset(&c, 0, sizeof c);
	c.n_in = d;
	c.n_classes = 2;
	c.n_hidden = 1;
	c.widths[0] = width;
	c.act = LL_ACT_RELU;
	c.l2 = 1e-4f / 128.0f; /* sklearn's alpha is divided by the batch size */
	c.seed = 1;
	struct ll_mlp *m;
	if (ll_mlp_new(&c, &m, &err))
		return fail(&err);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = epochs;
	tc.batch = 128;
	tc.optim.lr = 1e-3f;
	struct ll_xy tr = { X, y, NULL, ntrain, d }, te = { X + ntrain * d, y + ntrain, NULL, n - ntrain, d };
	if (ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err))
		return fail(&err);
	double acc;
	ll_mlp_evaluate(m, &te, NULL, &acc, &err);
	printf("test_accuracy %.6f\n", acc);
	ll_mlp_free(m);
	free(X);
	free(y);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "logreg"))
		return logreg(argv[2], argv[3], atof(argv[4]), atof(argv[5]), atoi(argv[6]));
	if (argc == 6 && !strcmp(argv[1], "kmeans"))
		return kmeans(argv[2], strtoul(argv[3], NULL, 10), atoi(argv[4]), strtoull(argv[5], NULL, 10));
	if (argc == 7 && !strcmp(argv[1], "mlp"))
		return mlp(argv[2], argv[3], strtoul(argv[4], NULL, 10), strtoul(argv[5], NULL, 10), atoi(argv[6]));
	fprintf(stderr, "usage: see tests/core/sklearn_driver.c\n");
	return 2;
}
