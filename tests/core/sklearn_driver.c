/*
 * tests/core/sklearn_driver.c - runs the engine on a numeric CSV for
 * tests/core/sklearn_agreement.py, which runs scikit-learn on the same rows
 * and compares. Not a user tool: arguments are positional and output is
 * "key value" lines.
 *
 *   sklearn_driver logreg X.csv Y.csv C           binary logistic regression, L2 as sklearn's C
 *   sklearn_driver kmeans X.csv K N_INIT SEED     k-means, prints the inertia
 *   sklearn_driver mlp X.csv Y.csv NTRAIN WIDTH EPOCHS
 *                                                 MLP on the first NTRAIN rows, accuracy on the rest
 *
 * X.csv: numbers separated by commas, no header (SMD's layout); Y.csv: one
 * class id per line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ll_kmeans.h"
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

/* Binary logistic regression as a 2-class softmax. At the optimum the two
 * weight rows are opposite, so sklearn's coefficient is w1 - w0 and its
 * objective C * sum(CE) + |v|^2 / 2 matches ours, mean(CE) + l2/2 * |W|^2,
 * when l2 = 2 / (C n). Full-batch Adam with a cosine schedule converges. */
static int logreg(const char *xp, const char *yp, double C)
{
	struct ll_err err;
	float *X;
	size_t n, d;
	if (read_csv(xp, &X, &n, &d))
		return 1;
	int *y = labels(yp, n);
	if (!y)
		return 1;
	struct ll_mlp_cfg c;
	memset(&c, 0, sizeof c);
	c.n_in = d;
	c.n_classes = 2;
	c.l2 = (float)(2.0 / (C * (double)n));
	struct ll_mlp *m;
	if (ll_mlp_new(&c, &m, &err))
		return fail(&err);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = 3000;
	tc.batch = n;
	tc.optim.lr = 0.05f;
	tc.optim.sched = LL_LR_COSINE;
	struct ll_xy tr = { X, y, NULL, n, d };
	if (ll_mlp_fit(m, &tr, NULL, &tc, NULL, &err))
		return fail(&err);
	double acc;
	ll_mlp_evaluate(m, &tr, NULL, &acc, &err);
	const float *w = ll_mlp_params(m);
	printf("accuracy %.6f\n", acc);
	printf("intercept %.8g\n", (double)w[2 * d + 1] - w[2 * d]);
	printf("coef");
	for (size_t j = 0; j < d; j++)
		printf(" %.8g", (double)w[d + j] - w[j]);
	printf("\n");
	ll_mlp_free(m);
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
	if (argc == 5 && !strcmp(argv[1], "logreg"))
		return logreg(argv[2], argv[3], atof(argv[4]));
	if (argc == 6 && !strcmp(argv[1], "kmeans"))
		return kmeans(argv[2], strtoul(argv[3], NULL, 10), atoi(argv[4]), strtoull(argv[5], NULL, 10));
	if (argc == 7 && !strcmp(argv[1], "mlp"))
		return mlp(argv[2], argv[3], strtoul(argv[4], NULL, 10), strtoul(argv[5], NULL, 10), atoi(argv[6]));
	fprintf(stderr, "usage: see tests/core/sklearn_driver.c\n");
	return 2;
}
