/*
 * tests/core/features_dump.c - prints, as "key value" lines, what loglab's
 * feature code computes on the data sklearn_features.py reads (SMD
 * machine-1-6 and BGL's 2k sample), so test_features_sklearn.sh can compare
 * the two. The data is parsed here by hand, like the Python side does, and
 * loaded into float32 as feature matrices are.
 *
 * Usage: features_dump DATA_DIR NROWS
 */
#include "ll_colsel.h"
#include "ll_featmat.h"
#include "ll_rebalance.h"
#include "ll_scale.h"
#include "ll_split.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define D 38

static void num(const char *key, double v)
{
	if (isnan(v))
		printf("%s nan\n", key);
	else if (isinf(v))
		printf("%s inf\n", key);
	else
		printf("%s %.17g\n", key, v);
}

static void kv(const char *fmt, size_t a, size_t b, double v)
{
	char key[128];
	snprintf(key, sizeof key, fmt, a, b);
	num(key, v);
}

static int read_smd(const char *dir, size_t nrows, float *X, int *y)
{
	char path[4096], line[8192];
	snprintf(path, sizeof path, "%s/smd/csv/machine-1-6_test.csv", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t i = 0;
	while (i < nrows && fgets(line, sizeof line, f)) {
		char *p = line;
		for (size_t j = 0; j < D; j++) {
			X[i * D + j] = (float)strtod(p, &p);
			if (*p == ',')
				p++;
		}
		i++;
	}
	fclose(f);
	snprintf(path, sizeof path, "%s/smd/csv/machine-1-6_test_label.csv", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	size_t k = 0;
	while (k < nrows && fgets(line, sizeof line, f))
		y[k++] = atoi(line);
	fclose(f);
	return i == nrows && k == nrows ? 0 : -1;
}

static void strat(const char *tag, const int *y, size_t n, size_t nclasses, double test)
{
	unsigned char *part = malloc(n);
	struct ll_split_ratios r = {1 - test, 0, test, 0};
	struct ll_err err;
	if (ll_split_stratified(y, n, &r, 42, part, &err) != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		exit(2);
	}
	for (size_t c = 0; c < nclasses; c++) {
		size_t tr = 0, te = 0;
		for (size_t i = 0; i < n; i++)
			if (y[i] == (int)c) {
				tr += part[i] == LL_SPLIT_TRAIN;
				te += part[i] == LL_SPLIT_TEST;
			}
		char key[128];
		snprintf(key, sizeof key, "%s.train.%zu", tag, c);
		printf("%s %zu\n", key, tr);
		snprintf(key, sizeof key, "%s.test.%zu", tag, c);
		printf("%s %zu\n", key, te);
	}
	free(part);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void bgl(const char *dir)
{
	char path[4096], line[65536];
	snprintf(path, sizeof path, "%s/loghub/BGL/BGL_2k.log", dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(2);
	}
	size_t cap = 4096, n = 0;
	char **tag = malloc(cap * sizeof *tag);
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[strspn(line, " \t")])
			continue;
		line[strcspn(line, " ")] = '\0';
		tag[n++] = strdup(line);
	}
	fclose(f);
	/* drop classes of one line, as the Python side must for sklearn */
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		size_t same = 0;
		for (size_t j = 0; j < n && same < 2; j++)
			same += strcmp(tag[i], tag[j]) == 0;
		if (same > 1)
			tag[m++] = tag[i];
		else
			free(tag[i]);
	}
	char **names = malloc(m * sizeof *names);
	memcpy(names, tag, m * sizeof *names);
	qsort(names, m, sizeof *names, cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (k == 0 || strcmp(names[i], names[k - 1]) != 0)
			names[k++] = names[i];
	int *y = malloc(m * sizeof *y);
	for (size_t i = 0; i < m; i++)
		for (size_t c = 0; c < k; c++)
			if (strcmp(tag[i], names[c]) == 0)
				y[i] = (int)c;
	printf("bgl.n %zu\nbgl.classes %zu\n", m, k);
	strat("strat.bgl", y, m, k, 0.25);
	double *w = malloc(k * sizeof *w);
	ll_class_weight_balanced(y, m, k, w);
	for (size_t c = 0; c < k; c++)
		kv("cw.bgl.%zu%.0zu", c, 0, w[c]);
	for (size_t i = 0; i < m; i++)
		free(tag[i]);
	free(tag);
	free(names);
	free(y);
	free(w);
}

/* SMOTE, over- and under-sampling of the chronological training part. */
static void rebalance(const float *X, const int *y, size_t n, size_t ntrain)
{
	static const struct {
		const char *name;
		enum ll_rebalance_method m;
	} meth[] = {{"smote", LL_REBAL_SMOTE}, {"over", LL_REBAL_OVER}, {"under", LL_REBAL_UNDER}};
	for (size_t q = 0; q < 3; q++) {
		struct ll_featmat fm;
		struct ll_err err;
		if (ll_featmat_alloc(&fm, n, 1, D, 1, &err) != LL_OK)
			exit(2);
		memcpy(fm.X, X, n * D * sizeof *X);
		for (size_t i = 0; i < n; i++) {
			fm.y[i] = y[i];
			fm.split[i] = i < ntrain ? LL_SPLIT_TRAIN : LL_SPLIT_TEST;
		}
		struct ll_rebalance_spec spec = {meth[q].m, 0.5, 5, NULL, 7};
		struct ll_rebalance_report rep;
		if (ll_rebalance(&fm, &spec, &rep, &err) != LL_OK) {
			fprintf(stderr, "%s\n", err.msg);
			exit(2);
		}
		for (size_t c = 0; c < 2; c++)
			printf("rebal.%s.%zu %zu\n", meth[q].name, c, rep.after[c]);
		ll_rebalance_report_free(&rep);
		ll_featmat_free(&fm);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: features_dump DATA_DIR NROWS\n");
		return 1;
	}
	size_t n = (size_t)atol(argv[2]);
	float *X = malloc(n * D * sizeof *X);
	int *y = malloc(n * sizeof *y);
	if (!X || !y || read_smd(argv[1], n, X, y) != 0) {
		fprintf(stderr, "cannot read SMD machine-1-6 from %s\n", argv[1]);
		return 2;
	}
	size_t ntrain = (size_t)ceil(0.7 * (double)n);
	unsigned char *use = calloc(n, 1);
	for (size_t i = 0; i < ntrain; i++)
		use[i] = 1;
	static const enum ll_scale_kind kinds[] = {LL_SCALE_ZSCORE, LL_SCALE_MINMAX, LL_SCALE_ROBUST};
	float *T = malloc(n * D * sizeof *T);
	for (size_t q = 0; q < 3; q++) {
		struct ll_scaler s;
		struct ll_err err;
		if (ll_scaler_fit(&s, kinds[q], X, n, D, use, &err) != LL_OK) {
			fprintf(stderr, "%s\n", err.msg);
			return 2;
		}
		const char *nm = ll_scale_kind_name(kinds[q]);
		char fmt[64];
		for (size_t j = 0; j < D; j++) {
			snprintf(fmt, sizeof fmt, "%s.center.%%zu%%.0zu", nm);
			kv(fmt, j, 0, s.center[j]);
			snprintf(fmt, sizeof fmt, "%s.scale.%%zu%%.0zu", nm);
			kv(fmt, j, 0, s.scale[j]);
		}
		memcpy(T, X, n * D * sizeof *X);
		ll_scaler_apply(&s, T, n);
		snprintf(fmt, sizeof fmt, "%s.x.%%zu.%%zu", nm);
		for (size_t i = 0; i < n; i += 97)
			for (size_t j = 0; j < D; j++)
				kv(fmt, i, j, T[i * D + j]);
		ll_scaler_free(&s);
	}
	double F[D], p[D], var[D], mi[D];
	struct ll_err err;
	if (ll_rank_anova_f(X, n, D, y, F, p, &err) || ll_rank_variance(X, n, D, y, var, &err) ||
	    ll_rank_mutual_info(X, n, D, y, 3, 0, mi, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	/* the tie-free variant of sklearn_features.py: plus a hashed offset */
	float *Xd = malloc(n * D * sizeof *Xd);
	double mid[D];
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < D; j++)
			Xd[i * D + j] = (float)((double)X[i * D + j] +
						0.05 * ((double)(uint32_t)(i * 2654435761u) / 4294967296.0));
	if (ll_rank_mutual_info(Xd, n, D, y, 3, 0, mid, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	free(Xd);
	for (size_t j = 0; j < D; j++) {
		kv("mi_distinct.%zu%.0zu", j, 0, mid[j]);
		kv("anova.f.%zu%.0zu", j, 0, F[j]);
		kv("anova.p.%zu%.0zu", j, 0, p[j]);
		kv("variance.%zu%.0zu", j, 0, var[j]);
		kv("mi.%zu%.0zu", j, 0, mi[j]);
	}
	strat("strat.smd", y, n, 2, 0.3);
	double w[2];
	ll_class_weight_balanced(y, n, 2, w);
	kv("cw.smd.%zu%.0zu", 0, 0, w[0]);
	kv("cw.smd.%zu%.0zu", 1, 0, w[1]);
	bgl(argv[1]);
	rebalance(X, y, n, ntrain);
	free(X);
	free(y);
	free(use);
	free(T);
	return 0;
}
