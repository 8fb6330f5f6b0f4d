/*
 * tests/core/metrics_driver.c - runs the metrics on numbers from a text file
 * and prints every result as "name v1 v2 ..." lines (%.17g), for
 * sklearn_metrics.py to compare with scikit-learn. Errors print
 * "error <status> <message>" and exit 2.
 *
 *   metrics_driver class K ALL FILE        FILE rows: true pred
 *   metrics_driver binary FILE THR...      FILE rows: true score (in [0,1])
 *   metrics_driver ovr K FILE              FILE rows: true p_0 .. p_{K-1}
 *   metrics_driver cluster NC NK D FILE    FILE rows: class cluster x_1 .. x_D
 *   metrics_driver anomaly FILE            FILE rows: label pred score
 *   metrics_driver hitrate D P SEGS FILE   SEGS rows: start end d1,d2,..;
 *                                          FILE rows: pred s_1 .. s_D
 * "class" ends with a line "REPORT" followed by the report text (ALL = 1
 * counts every class 0..K-1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ll_anomaly_metrics.h"
#include "ll_cluster_metrics.h"
#include "ll_curves.h"
#include "ll_metrics.h"

static struct ll_err err;

static void die(int rc)
{
	printf("error %d %s\n", rc, err.msg);
	exit(2);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(3);
	}
	return p;
}

/* Reads every number of a file; *cnt gets how many. */
static double *read_numbers(const char *path, size_t *cnt)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(3);
	}
	size_t cap = 1024, n = 0;
	double *v = xmalloc(cap * sizeof *v), x;
	while (fscanf(f, "%lf", &x) == 1) {
		if (n == cap) {
			double *w = realloc(v, (cap *= 2) * sizeof *v);
			if (!w) {
				fprintf(stderr, "out of memory\n");
				exit(3);
			}
			v = w;
		}
		v[n++] = x;
	}
	fclose(f);
	*cnt = n;
	return v;
}

static void put(const char *name, const double *v, size_t n)
{
	printf("%s", name);
	for (size_t i = 0; i < n; i++)
		printf(" %.17g", v[i]);
	printf("\n");
}

static void put1(const char *name, double v)
{
	put(name, &v, 1);
}

static void put_sizes(const char *name, const size_t *v, size_t n)
{
	printf("%s", name);
	for (size_t i = 0; i < n; i++)
		printf(" %zu", v[i]);
	printf("\n");
}

static int cmd_class(size_t k, unsigned flags, const char *path)
{
	size_t cnt;
	double *v = read_numbers(path, &cnt);
	size_t n = cnt / 2;
	int *yt = xmalloc(n * sizeof *yt), *yp = xmalloc(n * sizeof *yp);
	for (size_t i = 0; i < n; i++) {
		yt[i] = (int)v[2 * i];
		yp[i] = (int)v[2 * i + 1];
	}
	size_t *cm = xmalloc(k * k * sizeof *cm);
	struct ll_class_stats *cls = xmalloc(k * sizeof *cls);
	struct ll_report rep;
	int rc = ll_confusion_matrix(yt, yp, n, k, cm, &err);
	if (rc == LL_OK)
		rc = ll_report_compute(cm, k, flags, cls, &rep, &err);
	if (rc)
		die(rc);
	put_sizes("cm", cm, k * k);
	put1("accuracy", rep.accuracy);
	put1("balanced", rep.balanced_accuracy);
	put1("mcc", rep.mcc);
	double *tmp = xmalloc(k * sizeof *tmp);
	const char *names[] = {"precision", "recall", "f1"};
	for (int w = 0; w < 3; w++) {
		for (size_t c = 0; c < k; c++)
			tmp[c] = w == 0 ? cls[c].precision : w == 1 ? cls[c].recall : cls[c].f1;
		put(names[w], tmp, k);
	}
	const struct ll_avg_stats *avg[3] = {&rep.micro, &rep.macro, &rep.weighted};
	const char *an[3] = {"micro", "macro", "weighted"};
	for (int a = 0; a < 3; a++) {
		double t[3] = {avg[a]->precision, avg[a]->recall, avg[a]->f1};
		put(an[a], t, 3);
	}
	size_t len = ll_report_format(&rep, NULL, 2, NULL, 0);
	char *text = xmalloc(len + 1);
	ll_report_format(&rep, NULL, 2, text, len + 1);
	printf("REPORT\n%s", text);
	free(text);
	free(tmp);
	free(cls);
	free(cm);
	free(yt);
	free(yp);
	free(v);
	return 0;
}

static int cmd_binary(const char *path, int nthr, char **thr_args)
{
	size_t cnt;
	double *v = read_numbers(path, &cnt);
	size_t n = cnt / 2;
	int *yt = xmalloc(n * sizeof *yt);
	double *s = xmalloc(n * sizeof *s);
	for (size_t i = 0; i < n; i++) {
		yt[i] = (int)v[2 * i];
		s[i] = v[2 * i + 1];
	}
	struct ll_thresh *t;
	int rc = ll_thresh_new(yt, 1, s, 1, n, &t, &err);
	if (rc)
		die(rc);
	size_t cap = ll_thresh_curve_cap(t), np;
	double *a = xmalloc(cap * sizeof *a), *b = xmalloc(cap * sizeof *b), *c = xmalloc(cap * sizeof *c), x;
	if (ll_roc_curve(t, 1, a, b, c, &np, &err) == LL_OK) {
		put("roc_fpr", a, np);
		put("roc_tpr", b, np);
		put("roc_thr", c, np);
		if (ll_auroc(t, &x, &err) == LL_OK)
			put1("auroc", x);
	} else {
		printf("roc_error %s\n", err.msg);
	}
	ll_pr_curve(t, a, b, c, &np, &err);
	put("pr_precision", a, np);
	put("pr_recall", b, np);
	put("pr_thr", c, np - 1);
	ll_average_precision(t, &x, &err);
	put1("ap", x);
	for (int i = 0; i < nthr; i++) {
		struct ll_bincm cm;
		double th = strtod(thr_args[i], NULL);
		ll_thresh_at(t, th, &cm);
		printf("cm_at %.17g %zu %zu %zu %zu\n", th, cm.tn, cm.fp, cm.fn, cm.tp);
	}
	if (ll_log_loss_binary(yt, s, n, 0, &x, &err) == LL_OK)
		put1("log_loss", x);
	ll_thresh_free(t);
	free(a);
	free(b);
	free(c);
	free(yt);
	free(s);
	free(v);
	return 0;
}

static void ovr_out(const char *name, int rc, const double *per, const struct ll_ovr *avg, size_t k)
{
	char buf[64];
	if (rc) {
		printf("%s_error %s\n", name, err.msg);
		return;
	}
	snprintf(buf, sizeof buf, "%s_class", name);
	put(buf, per, k);
	double t[3] = {avg->macro, avg->weighted, avg->micro};
	snprintf(buf, sizeof buf, "%s_avg", name);
	put(buf, t, 3);
}

static int cmd_ovr(size_t k, const char *path)
{
	size_t cnt;
	double *v = read_numbers(path, &cnt);
	size_t n = cnt / (k + 1);
	int *yt = xmalloc(n * sizeof *yt);
	double *p = xmalloc(n * k * sizeof *p), *per = xmalloc(k * sizeof *per), x;
	float *pf = xmalloc(n * k * sizeof *pf);
	for (size_t i = 0; i < n; i++) {
		yt[i] = (int)v[i * (k + 1)];
		for (size_t c = 0; c < k; c++) {
			p[i * k + c] = v[i * (k + 1) + 1 + c];
			pf[i * k + c] = (float)p[i * k + c];
		}
	}
	struct ll_ovr avg;
	ovr_out("auroc", ll_auroc_ovr(yt, p, NULL, n, k, per, &avg, &err), per, &avg, k);
	ovr_out("ap", ll_average_precision_ovr(yt, p, NULL, n, k, per, &avg, &err), per, &avg, k);
	ovr_out("auroc_f", ll_auroc_ovr(yt, NULL, pf, n, k, per, &avg, &err), per, &avg, k);
	int rc = ll_log_loss(yt, p, n, k, 0, &x, &err);
	if (rc)
		die(rc);
	put1("log_loss", x);
	rc = ll_log_loss_f(yt, pf, n, k, 0, &x, &err);
	if (rc)
		die(rc);
	put1("log_loss_f32", x);
	free(yt);
	free(p);
	free(pf);
	free(per);
	free(v);
	return 0;
}

static int cmd_cluster(size_t nc, size_t nk, size_t d, const char *path)
{
	size_t cnt;
	double *v = read_numbers(path, &cnt);
	size_t w = 2 + d, n = cnt / w;
	int *cl = xmalloc(n * sizeof *cl), *ck = xmalloc(n * sizeof *ck);
	float *X = xmalloc(n * d * sizeof *X);
	for (size_t i = 0; i < n; i++) {
		cl[i] = (int)v[i * w];
		ck[i] = (int)v[i * w + 1];
		for (size_t j = 0; j < d; j++)
			X[i * d + j] = (float)v[i * w + 2 + j];
	}
	size_t *tab = xmalloc(nc * nk * sizeof *tab);
	double *pc = xmalloc(nc * nk * sizeof *pc), *pk = xmalloc(nc * nk * sizeof *pk), x;
	int rc = ll_contingency(cl, ck, n, nc, nk, tab, &err);
	if (rc)
		die(rc);
	put_sizes("table", tab, nc * nk);
	ll_contingency_shares(tab, nc, nk, pc, pk);
	put("pclass", pc, nc * nk);
	put("pcluster", pk, nc * nk);
	if ((rc = ll_purity(tab, nc, nk, &x, &err)) != LL_OK)
		die(rc);
	put1("purity", x);
	if ((rc = ll_adjusted_rand(tab, nc, nk, &x, &err)) != LL_OK)
		die(rc);
	put1("ari", x);
	if (d > 0) {
		double *per = xmalloc(nk * sizeof *per);
		if (ll_silhouette(X, n, d, ck, nk, 0, 1, &x, per, &err) == LL_OK) {
			put1("silhouette", x);
			put("silhouette_cluster", per, nk);
		} else {
			printf("silhouette_error %s\n", err.msg);
		}
		free(per);
	}
	free(cl);
	free(ck);
	free(X);
	free(tab);
	free(pc);
	free(pk);
	free(v);
	return 0;
}

static void put_prf(const char *name, const struct ll_prf *p)
{
	printf("%s %.17g %.17g %.17g %zu %zu %zu %zu\n", name, p->precision, p->recall, p->f1, p->tp, p->fp, p->fn,
	       p->tn);
}

static int cmd_anomaly(const char *path)
{
	size_t cnt;
	double *v = read_numbers(path, &cnt);
	size_t n = cnt / 3;
	int *yt = xmalloc(n * sizeof *yt), *yp = xmalloc(n * sizeof *yp), *adj = xmalloc(n * sizeof *adj);
	double *s = xmalloc(n * sizeof *s);
	for (size_t i = 0; i < n; i++) {
		yt[i] = (int)v[3 * i];
		yp[i] = (int)v[3 * i + 1];
		s[i] = v[3 * i + 2];
	}
	struct ll_prf p;
	struct ll_best_f1 b;
	int rc = ll_anomaly_pointwise(yt, yp, n, &p, &err);
	if (rc)
		die(rc);
	put_prf("pointwise", &p);
	if ((rc = ll_anomaly_point_adjust(yt, yp, n, adj, &p, &err)) != LL_OK)
		die(rc);
	put_prf("adjusted", &p);
	printf("adjusted_pred");
	for (size_t i = 0; i < n; i++)
		printf(" %d", adj[i]);
	printf("\n");
	for (int a = 0; a < 2; a++) {
		if ((rc = ll_anomaly_best_f1(yt, s, n, a, &b, &err)) != LL_OK)
			die(rc);
		printf("best_%s %.17g ", a ? "adjusted" : "pointwise", b.threshold);
		put_prf("", &b.prf);
	}
	free(yt);
	free(yp);
	free(adj);
	free(s);
	free(v);
	return 0;
}

static int cmd_hitrate(size_t d, double pct, const char *segpath, const char *path)
{
	FILE *f = fopen(segpath, "r");
	if (!f) {
		perror(segpath);
		return 3;
	}
	size_t cap = 64, ns = 0;
	struct ll_segment *seg = xmalloc(cap * sizeof *seg);
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		char *p = line, *e;
		size_t st = strtoul(p, &e, 10), en = strtoul(e, &e, 10);
		if (e == p)
			continue;
		if (ns == cap) {
			struct ll_segment *w = realloc(seg, (cap *= 2) * sizeof *seg);
			if (!w) {
				fprintf(stderr, "out of memory\n");
				exit(3);
			}
			seg = w;
		}
		int *dims = xmalloc(d * 4 * sizeof *dims);
		size_t nd = 0;
		for (p = e; *p;) {
			long x = strtol(p, &e, 10);
			if (e == p) {
				p++;
				continue;
			}
			if (nd < d * 4)
				dims[nd++] = (int)x;
			p = e;
		}
		seg[ns++] = (struct ll_segment){st, en, nd, dims, NULL};
	}
	fclose(f);
	size_t cnt;
	double *v = read_numbers(path, &cnt);
	size_t n = cnt / (d + 1);
	int *yp = xmalloc(n * sizeof *yp);
	float *S = xmalloc(n * d * sizeof *S);
	for (size_t i = 0; i < n; i++) {
		yp[i] = (int)v[i * (d + 1)];
		for (size_t j = 0; j < d; j++)
			S[i * d + j] = (float)v[i * (d + 1) + 1 + j];
	}
	double x;
	size_t used;
	int rc = ll_anomaly_hitrate(S, n, d, seg, ns, yp, pct, 0, &x, &used, &err);
	if (rc)
		die(rc);
	printf("hitrate %.17g %zu\n", x, used);
	if ((rc = ll_anomaly_hitrate(S, n, d, seg, ns, yp, pct, LL_HITRATE_PER_STEP, &x, &used, &err)) != LL_OK)
		die(rc);
	printf("hitrate_step %.17g %zu\n", x, used);
	for (size_t i = 0; i < ns; i++)
		free(seg[i].dims);
	free(seg);
	free(yp);
	free(S);
	free(v);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && strcmp(argv[1], "class") == 0)
		return cmd_class(strtoul(argv[2], NULL, 10), atoi(argv[3]) ? LL_REPORT_ALL_CLASSES : 0, argv[4]);
	if (argc >= 3 && strcmp(argv[1], "binary") == 0)
		return cmd_binary(argv[2], argc - 3, argv + 3);
	if (argc == 4 && strcmp(argv[1], "ovr") == 0)
		return cmd_ovr(strtoul(argv[2], NULL, 10), argv[3]);
	if (argc == 6 && strcmp(argv[1], "cluster") == 0)
		return cmd_cluster(strtoul(argv[2], NULL, 10), strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10),
				   argv[5]);
	if (argc == 3 && strcmp(argv[1], "anomaly") == 0)
		return cmd_anomaly(argv[2]);
	if (argc == 6 && strcmp(argv[1], "hitrate") == 0)
		return cmd_hitrate(strtoul(argv[2], NULL, 10), strtod(argv[3], NULL), argv[4], argv[5]);
	fprintf(stderr, "usage: see the header of tests/core/metrics_driver.c\n");
	return 1;
}
