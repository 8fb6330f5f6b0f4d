/*
 * test_experiment.c - experiments: hyper-parameter checks against a
 * featmat, logistic regression and an MLP trained through the experiment's
 * task, k-means over a k range on planted blobs, metrics on hand-worked
 * cases, root-cause scores, model files and determinism.
 */
#include "harness.h"
#include "ll_experiment.h"
#include "ll_mat.h"
#include "ll_optim.h"
#include "ll_kmeans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* n flat samples of d features, all zero, classes "0" / "1". */
static void make_fm(struct ll_featmat *m, size_t n, size_t d)
{
	struct ll_err err;
	CHECK(ll_featmat_alloc(m, n, 1, d, 1, &err) == LL_OK);
	const char *names[] = {"0", "1"};
	CHECK(ll_featmat_set_classes(m, names, 2) == LL_OK);
}

static void test_checks(void)
{
	struct ll_err err;
	struct ll_exp_cfg c;
	struct ll_featmat m = {0};
	make_fm(&m, 10, 2);
	for (size_t i = 0; i < 10; i++)
		m.y[i] = (int)(i % 2);
	ll_exp_defaults(&c);
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_OK);
	c.hidden[0] = 0;
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "hidden: layer 1 has width 0") != NULL);
	ll_exp_defaults(&c);
	c.lr = -0.1;
	CHECK_INT(ll_exp_check(&c, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "lr:") != NULL);
	ll_exp_defaults(&c);
	c.model = LL_EXP_KMEANS;
	c.k_min = 2;
	c.k_max = 11; /* 10 training rows */
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "k: 11 clusters but only 10 training rows") != NULL);
	c.k_max = 10;
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_OK);
	ll_exp_defaults(&c);
	c.model = LL_EXP_LSTM;
	c.hidden[0] = 4;
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "needs a sequence feature set") != NULL);
	/* named by its key, model (it read "lstm:", a key path experiments.x.lstm) */
	CHECK(strncmp(err.msg, "model: lstm needs", 17) == 0);
	CHECK(strstr(err.msg, "a window of log lines is flat") != NULL);
	/* a classifier needs labelled training samples of two classes: one
	 * class alone is a data error naming it (sklearn refuses it too) */
	int keep[10];
	for (size_t i = 0; i < 10; i++) {
		keep[i] = m.y[i];
		m.y[i] = -1;
	}
	ll_exp_defaults(&c);
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_EDATA);
	CHECK(strstr(err.msg, "no labelled training samples") != NULL);
	for (size_t i = 0; i < 10; i++)
		m.y[i] = i % 3 == 0 ? 1 : -1;
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_EDATA);
	CHECK(strstr(err.msg, "one class only") != NULL);
	CHECK(strstr(err.msg, m.classes && m.nclasses > 1 ? m.classes[1] : "?") != NULL);
	c.model = LL_EXP_LOGREG;
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_EDATA);
	int first = -2;
	size_t nfirst = 99;
	CHECK_INT(ll_exp_two_classes(&m, &first, &nfirst), 0);
	CHECK_INT(first, 1);
	CHECK_INT(nfirst, 4);
	/* the other class exists, but a chronological split put it all in
	 * the test part: the message says so and what to do */
	for (size_t i = 0; i < 10; i++) {
		m.y[i] = i >= 8;
		m.split[i] = i >= 7 ? LL_SPLIT_TEST : LL_SPLIT_TRAIN;
	}
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_EDATA);
	CHECK(strstr(err.msg, "one class only, \"0\" (7 samples); the 2 samples of other classes (\"1\"...) are all "
			      "in the dev and test parts") != NULL);
	CHECK(strstr(err.msg, "split.kind \"random\"") != NULL);
	CHECK_INT(ll_exp_two_classes(&m, NULL, NULL), 0);
	m.split[9] = LL_SPLIT_TRAIN; /* one sample of class 1 back in training */
	CHECK_INT(ll_exp_two_classes(&m, NULL, NULL), 1);
	for (size_t i = 0; i < 10; i++) {
		m.y[i] = keep[i];
		m.split[i] = LL_SPLIT_TRAIN;
	}
	/* logistic regression's own settings */
	ll_exp_defaults_for(&c, LL_EXP_LOGREG);
	CHECK_NEAR(c.C, 1, 0);
	CHECK_NEAR(c.tol, 1e-4, 0);
	CHECK_INT(c.max_iter, 100);
	c.C = -1;
	CHECK_INT(ll_exp_check(&c, NULL, &err), LL_EUSAGE);
	CHECK(strncmp(err.msg, "C:", 2) == 0);
	/* the MLP's are MLPClassifier()'s */
	ll_exp_defaults_for(&c, LL_EXP_MLP);
	CHECK(c.n_hidden == 1 && c.hidden[0] == 100 && c.activation == LL_ACT_RELU && c.optimizer == LL_OPT_ADAM);
	CHECK(c.batch == 200 && c.epochs == 200 && c.n_iter_no_change == 10);
	CHECK_NEAR(c.lr, 1e-3, 0);
	CHECK_NEAR(c.tol, 1e-4, 0);
	c.validation_fraction = 1;
	CHECK_INT(ll_exp_check(&c, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "validation_fraction") != NULL);
	CHECK_INT(ll_exp_model_parse("logreg"), LL_EXP_LOGREG);
	CHECK_INT(ll_exp_model_parse("svm"), -1);
	ll_featmat_free(&m);
}

/* 1-D data: x < 0 is class 0, x > 0 class 1; the last 4 samples test. */
static void separable(struct ll_featmat *m)
{
	static const float xs[] = {-3, -2.5f, -2, -1.5f, -1, -0.5f, 0.5f, 1, 1.5f, 2, 2.5f, 3, -2.2f, -0.7f, 0.7f, 2.2f};
	make_fm(m, 16, 1);
	for (size_t i = 0; i < 16; i++) {
		m->X[i] = xs[i];
		m->y[i] = xs[i] > 0;
		m->split[i] = i >= 12 ? LL_SPLIT_TEST : LL_SPLIT_TRAIN;
		m->origin[i] = i;
	}
}

static void train(struct ll_exp *e)
{
	struct ll_err err;
	struct ll_train_cfg tc;
	ll_exp_train_cfg(e, &tc);
	CHECK_INT(ll_train_run(ll_exp_task(e), &tc, NULL, &err), LL_OK);
}

static void test_logreg_and_metrics(void)
{
	struct ll_err err;
	struct ll_featmat m = {0};
	separable(&m);
	struct ll_exp_cfg c;
	ll_exp_defaults_for(&c, LL_EXP_LOGREG);
	struct ll_exp *e = NULL;
	CHECK_INT(ll_exp_new(&c, &m, &e, &err), LL_OK);
	CHECK(ll_exp_task(e) == NULL); /* solved, not trained */
	CHECK_INT(ll_exp_solve(e, &m, NULL, &err), LL_OK);
	struct ll_exp_solver_info si;
	ll_exp_solver_info(e, &si);
	CHECK(si.has && si.converged && si.iterations > 0);
	CHECK_INT(ll_exp_warnings(e, NULL), 0);
	struct ll_exp_pred p;
	CHECK_INT(ll_exp_predict(e, &m, &p, &err), LL_OK);
	CHECK_INT(p.n, 16);
	CHECK_INT(p.k, 2);
	for (size_t i = 0; i < 16; i++)
		CHECK_INT(p.pred[i], m.y[i]);
	unsigned char ord[2] = {1, 0};
	struct ll_exp_part_metrics pm;
	CHECK_INT(ll_exp_metrics(&m, &p, LL_SPLIT_TEST, ord, &pm, &err), LL_OK);
	CHECK_INT(pm.n, 4);
	CHECK_INT(pm.cm[0], 2);
	CHECK_INT(pm.cm[1], 0);
	CHECK_INT(pm.cm[2], 0);
	CHECK_INT(pm.cm[3], 2);
	CHECK_NEAR(pm.rep.accuracy, 1.0, 0);
	CHECK_NEAR(pm.auroc, 1.0, 0);
	CHECK_INT(pm.npos, 2);
	ll_exp_metrics_free(&pm);

	/* model file round trip: the same probabilities */
	char path[] = "/tmp/ll_test_exp_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	CHECK_INT(ll_exp_save(e, path, "fp1", &err), LL_OK);
	struct ll_exp *l = NULL;
	CHECK_INT(ll_exp_load(&c, path, "other", &l, &err), LL_EDATA);
	CHECK_INT(ll_exp_load(&c, path, "fp1", &l, &err), LL_OK);
	struct ll_exp_pred q;
	CHECK_INT(ll_exp_predict(l, &m, &q, &err), LL_OK);
	CHECK(memcmp(p.proba, q.proba, 32 * sizeof(float)) == 0);
	ll_exp_pred_free(&q);
	ll_exp_free(l);
	unlink(path);

	/* same seed, same weights: a second experiment predicts identically */
	struct ll_exp *e2 = NULL;
	CHECK_INT(ll_exp_new(&c, &m, &e2, &err), LL_OK);
	CHECK_INT(ll_exp_solve(e2, &m, NULL, &err), LL_OK);
	CHECK_INT(ll_exp_predict(e2, &m, &q, &err), LL_OK);
	CHECK(memcmp(p.proba, q.proba, 32 * sizeof(float)) == 0);
	ll_exp_pred_free(&q);
	ll_exp_free(e2);
	ll_exp_pred_free(&p);
	ll_exp_free(e);
	ll_featmat_free(&m);
}

/* Hand-set probabilities: sklearn's classic case y = [0 0 1 1], scores
 * [0.1 0.4 0.35 0.8] has AUROC 0.75 and average precision 0.8333...;
 * predictions at 0.5 give the matrix [[2 0] [1 1]]. */
static void test_metrics_by_hand(void)
{
	struct ll_err err;
	struct ll_featmat m = {0};
	make_fm(&m, 5, 1);
	const int y[] = {0, 0, 1, 1, 1};
	const float s[] = {0.1f, 0.4f, 0.35f, 0.8f, 0.9f};
	struct ll_exp_pred p = {0};
	p.n = 5;
	p.k = 2;
	p.pred = calloc(5, sizeof *p.pred);
	p.proba = calloc(10, sizeof *p.proba);
	for (size_t i = 0; i < 5; i++) {
		m.y[i] = y[i];
		m.split[i] = i < 4 ? LL_SPLIT_TEST : LL_SPLIT_TRAIN;
		p.proba[2 * i] = 1 - s[i];
		p.proba[2 * i + 1] = s[i];
		p.pred[i] = s[i] >= 0.5f;
	}
	unsigned char ord[2] = {1, 0};
	struct ll_exp_part_metrics pm;
	CHECK_INT(ll_exp_metrics(&m, &p, LL_SPLIT_TEST, ord, &pm, &err), LL_OK);
	CHECK_INT(pm.n, 4);
	CHECK_NEAR(pm.auroc, 0.75, 1e-6);
	CHECK_NEAR(pm.ap, 5.0 / 6.0, 1e-6);
	CHECK_INT(pm.cm[0], 2);
	CHECK_INT(pm.cm[1], 0);
	CHECK_INT(pm.cm[2], 1);
	CHECK_INT(pm.cm[3], 1);
	CHECK_NEAR(pm.rep.accuracy, 0.75, 1e-12);
	ll_exp_metrics_free(&pm);
	/* every part: 5 samples */
	CHECK_INT(ll_exp_metrics(&m, &p, -1, ord, &pm, &err), LL_OK);
	CHECK_INT(pm.n, 5);
	ll_exp_metrics_free(&pm);
	/* a test sample of a class the model lacks (other data a run scores):
	 * out of the per-class figures, in the root-cause ones by the truth
	 * given; -1 (truth not known) leaves it out of both */
	m.split[4] = LL_SPLIT_TEST;
	m.y[4] = -1;
	signed char only[5] = {-1, -1, -1, -1, 1};
	CHECK_INT(ll_exp_metrics_rc(&m, &p, LL_SPLIT_TEST, ord, only, &pm, &err), LL_OK);
	CHECK_INT(pm.n, 4);
	CHECK_INT(pm.cm[2], 1);
	CHECK_INT(pm.cm[3], 1);
	CHECK_INT(pm.npos, 3);
	CHECK_INT(pm.nneg, 2);
	CHECK_INT(pm.n_rc_only, 1);
	CHECK_NEAR(pm.auroc, 5.0 / 6.0, 1e-6);
	CHECK_NEAR(pm.ap, 11.0 / 12.0, 1e-6);
	ll_exp_metrics_free(&pm);
	only[4] = 0;
	CHECK_INT(ll_exp_metrics_rc(&m, &p, LL_SPLIT_TEST, ord, only, &pm, &err), LL_OK);
	CHECK_INT(pm.npos, 2);
	CHECK_INT(pm.nneg, 3);
	CHECK_NEAR(pm.auroc, 0.5, 1e-6);
	ll_exp_metrics_free(&pm);
	only[4] = -1;
	CHECK_INT(ll_exp_metrics_rc(&m, &p, LL_SPLIT_TEST, ord, only, &pm, &err), LL_OK);
	CHECK_INT(pm.npos + pm.nneg, 4);
	CHECK_INT(pm.n_rc_only, 0);
	CHECK_NEAR(pm.auroc, 0.75, 1e-6);
	ll_exp_metrics_free(&pm);
	/* root-cause score over 3 classes: 1 - p(ordinary) */
	struct ll_exp_pred p3 = {0};
	float pr3[3] = {0.2f, 0.5f, 0.3f};
	p3.k = 3;
	p3.n = 1;
	p3.proba = pr3;
	unsigned char o3[3] = {1, 0, 0};
	CHECK_NEAR(ll_exp_rc_score(&p3, o3, 0), 0.8, 1e-6);
	unsigned char none[3] = {0, 0, 0};
	CHECK_NEAR(ll_exp_rc_score(&p3, none, 0), 0.5, 1e-6);
	ll_exp_pred_free(&p);
	ll_featmat_free(&m);
}

/* Two planted blobs of three points; k = 1..3. Each blob (0,0) (0,1)
 * (1,0) has centroid (1/3, 1/3) and squared distances 2/9 + 5/9 + 5/9 =
 * 4/3, so the k = 2 inertia is 8/3; the silhouette is highest at k = 2. */
static void test_kmeans(void)
{
	struct ll_err err;
	struct ll_featmat m = {0};
	make_fm(&m, 6, 2);
	const float pts[12] = {0, 0, 0, 1, 1, 0, 10, 10, 10, 11, 11, 10};
	memcpy(m.X, pts, sizeof pts);
	for (size_t i = 0; i < 6; i++) {
		m.y[i] = i >= 3;
		m.split[i] = LL_SPLIT_TRAIN;
	}
	struct ll_exp_cfg c;
	ll_exp_defaults(&c);
	c.model = LL_EXP_KMEANS;
	c.k_min = 1;
	c.k_max = 3;
	c.n_init = 3;
	struct ll_exp *e = NULL;
	CHECK_INT(ll_exp_new(&c, &m, &e, &err), LL_OK);
	CHECK(ll_exp_task(e) == NULL);
	CHECK_INT(ll_exp_cluster(e, &m, &err), LL_OK);
	const double *in, *sil;
	CHECK_INT(ll_exp_elbow(e, &in, &sil), 3);
	CHECK_NEAR(in[1], 8.0 / 3.0, 1e-4);
	CHECK(in[0] > in[1] && in[1] > in[2]);
	CHECK_INT(ll_exp_k(e), 2);
	struct ll_exp_pred p;
	CHECK_INT(ll_exp_predict(e, &m, &p, &err), LL_OK);
	CHECK_INT(p.k, 2);
	CHECK(p.pred[0] == p.pred[1] && p.pred[1] == p.pred[2] && p.pred[3] == p.pred[4] && p.pred[0] != p.pred[3]);
	CHECK_NEAR(p.dist2[0], 2.0 / 9.0, 1e-5);
	struct ll_exp_cluster_metrics cm;
	CHECK_INT(ll_exp_cluster_metrics(&m, &p, &cm, &err), LL_OK);
	CHECK_NEAR(cm.purity, 1.0, 0);
	CHECK_NEAR(cm.ari, 1.0, 1e-12);
	CHECK_INT(cm.n, 6);
	ll_exp_cluster_metrics_free(&cm);
	ll_exp_pred_free(&p);
	const char *const *w;
	CHECK_INT(ll_exp_warnings(e, &w), 0);
	ll_exp_free(e);
	/* two distinct points, k = 4: two clusters stay empty, said as
	 * scikit-learn says "Number of distinct clusters (2) found smaller
	 * than n_clusters (4)" */
	const float dup[12] = {0, 0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 5};
	memcpy(m.X, dup, sizeof dup);
	c.k_min = c.k_max = 4;
	e = NULL;
	CHECK_INT(ll_exp_new(&c, &m, &e, &err), LL_OK);
	CHECK_INT(ll_exp_cluster(e, &m, &err), LL_OK);
	CHECK_INT(ll_exp_warnings(e, &w), 1);
	if (e && ll_exp_warnings(e, &w) == 1)
		CHECK_STR(w[0], "kmeans: k = 4 clusters, but the training rows hold only 2 distinct points (repeated rows): 2 "
				"clusters are empty; give a smaller k");
	ll_exp_free(e);
	ll_featmat_free(&m);
}

/* An MLP on sparse samples (densified a batch at a time) learns the same
 * separable task. */
static void test_mlp_sparse(void)
{
	struct ll_err err;
	struct ll_featmat m = {0};
	CHECK(ll_featmat_alloc(&m, 8, 1, 4, 0, &err) == LL_OK);
	const char *names[] = {"ordinary", "root cause"};
	ll_featmat_set_classes(&m, names, 2);
	struct ll_csr *c = calloc(1, sizeof *c);
	c->rows = 8;
	c->cols = 4;
	c->nnz = 8;
	c->indptr = malloc(9 * sizeof *c->indptr);
	c->indices = malloc(8 * sizeof *c->indices);
	c->values = malloc(8 * sizeof *c->values);
	for (size_t i = 0; i < 8; i++) {
		c->indptr[i] = i;
		c->indices[i] = (uint32_t)(i % 2 ? 3 : 0); /* odd rows use feature 3 */
		c->values[i] = 1;
		m.y[i] = (int)(i % 2);
		m.split[i] = i >= 6 ? LL_SPLIT_TEST : LL_SPLIT_TRAIN;
	}
	c->indptr[8] = 8;
	m.sparse = c;
	struct ll_exp_cfg cfg;
	ll_exp_defaults(&cfg);
	cfg.hidden[0] = 4;
	cfg.lr = 0.05;
	cfg.epochs = 100;
	cfg.batch = 2;
	struct ll_exp *e = NULL;
	CHECK_INT(ll_exp_new(&cfg, &m, &e, &err), LL_OK);
	train(e);
	struct ll_exp_pred p;
	CHECK_INT(ll_exp_predict(e, &m, &p, &err), LL_OK);
	for (size_t i = 0; i < 8; i++)
		CHECK_INT(p.pred[i], m.y[i]);
	ll_exp_pred_free(&p);
	ll_exp_free(e);
	ll_featmat_free(&m);
}

/* k-means on sparse rows (text features, clustered and predicted as
 * sparse rows) gives the labels and distances of the same rows stored
 * dense: 600 lines in two vocabularies of 16 of 64 columns. The memory
 * check counts the sparse fit's needs (stored values, centres), not lines
 * x columns. */
static void test_kmeans_sparse(void)
{
	struct ll_err err;
	const size_t n = 600, d = 64;
	struct ll_featmat sp = {0}, de = {0};
	CHECK(ll_featmat_alloc(&sp, n, 1, d, 0, &err) == LL_OK);
	const char *names[] = {"0", "1"};
	CHECK(ll_featmat_set_classes(&sp, names, 2) == LL_OK);
	make_fm(&de, n, d);
	struct ll_csr *c = calloc(1, sizeof *c);
	c->rows = n;
	c->cols = d;
	c->nnz = 2 * n;
	c->indptr = malloc((n + 1) * sizeof *c->indptr);
	c->indices = malloc(2 * n * sizeof *c->indices);
	c->values = malloc(2 * n * sizeof *c->values);
	for (size_t i = 0; i < n; i++) {
		size_t base = i % 3 ? 0 : 8; /* a third of the lines use the upper words */
		uint32_t a = (uint32_t)(base + i % 5), b = (uint32_t)(base + 5 + i % 3);
		c->indptr[i] = 2 * i;
		c->indices[2 * i] = a;
		c->indices[2 * i + 1] = b;
		c->values[2 * i] = 0.6f;
		c->values[2 * i + 1] = 0.8f;
		memset(de.X + i * d, 0, d * sizeof *de.X);
		de.X[i * d + a] = 0.6f;
		de.X[i * d + b] = 0.8f;
		sp.y[i] = de.y[i] = i % 3 == 0;
		sp.split[i] = de.split[i] = i % 4 == 3 ? LL_SPLIT_TEST : LL_SPLIT_TRAIN;
	}
	c->indptr[n] = 2 * n;
	sp.sparse = c;
	struct ll_exp_cfg cfg;
	ll_exp_defaults(&cfg);
	cfg.model = LL_EXP_KMEANS;
	cfg.k_min = cfg.k_max = 2;
	struct ll_exp *es = NULL, *ed = NULL;
	CHECK_INT(ll_exp_new(&cfg, &sp, &es, &err), LL_OK);
	CHECK_INT(ll_exp_new(&cfg, &de, &ed, &err), LL_OK);
	CHECK_INT(ll_exp_cluster(es, &sp, &err), LL_OK);
	CHECK_INT(ll_exp_cluster(ed, &de, &err), LL_OK);
	struct ll_exp_pred ps, pd;
	CHECK_INT(ll_exp_predict(es, &sp, &ps, &err), LL_OK);
	CHECK_INT(ll_exp_predict(ed, &de, &pd, &err), LL_OK);
	int same = 1, split_vocab = 1;
	for (size_t i = 0; i < n; i++) {
		same &= ps.pred[i] == pd.pred[i] && fabsf(ps.dist2[i] - pd.dist2[i]) <= 1e-5f * (1 + pd.dist2[i]);
		split_vocab &= (ps.pred[i] == ps.pred[0]) == (i % 3 == 0);
	}
	CHECK(same);
	CHECK(split_vocab); /* the two vocabularies are the two clusters */
	ll_exp_pred_free(&ps);
	ll_exp_pred_free(&pd);
	ll_exp_free(es);
	ll_exp_free(ed);
	/* 450 training lines of 2 values: under 100 KiB (most of it the
	 * threads' distance buffers), refused only below that, naming the
	 * training lines' stored values */
	setenv("LOGLAB_MEMORY_MAX", "1M", 1);
	CHECK_INT(ll_exp_check(&cfg, &sp, &err), LL_OK);
	setenv("LOGLAB_MEMORY_MAX", "16K", 1);
	CHECK_INT(ll_exp_check(&cfg, &sp, &err), LL_EDATA);
	CHECK(strstr(err.msg, "text.features: k-means on 450 training lines (900 stored values) with centres over 64") !=
	      NULL);
	unsetenv("LOGLAB_MEMORY_MAX");
	ll_featmat_free(&sp);
	ll_featmat_free(&de);
}

/* LOGLAB_THREADS: a whole number 1..LL_POOL_MAX is used, anything else
 * leaves the default and is refused by the check at start, by name. */
static void test_threads_env(void)
{
	struct ll_err err;
	unsetenv("LOGLAB_THREADS");
	int dflt = ll_exp_threads();
	CHECK(dflt >= 1);
	CHECK_INT(ll_exp_threads_check_env(&err), LL_OK);
	setenv("LOGLAB_THREADS", "", 1);
	CHECK_INT(ll_exp_threads_check_env(&err), LL_OK);
	setenv("LOGLAB_THREADS", "3", 1);
	CHECK_INT(ll_exp_threads(), 3);
	CHECK_INT(ll_exp_threads_check_env(&err), LL_OK);
	static const char *const bad[] = {"0", "-2", "two", "2.5", "3 ", "100000", "99999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		setenv("LOGLAB_THREADS", bad[i], 1);
		CHECK_INT(ll_exp_threads(), dflt);
		CHECK_INT(ll_exp_threads_check_env(&err), LL_EUSAGE);
		CHECK(strstr(err.msg, "LOGLAB_THREADS='") != NULL && strstr(err.msg, bad[i]) != NULL);
	}
	unsetenv("LOGLAB_THREADS");
}

/* A target of many classes: numbers with fractions (a price) are refused,
 * as sklearn refuses a continuous target; 20 of them (grades) are classes;
 * whole numbers as many as the samples are classes with a warning, and the
 * classes without training samples are said in one line naming three. */
static void test_many_classes(void)
{
	struct ll_err err;
	struct ll_exp_cfg c;
	struct ll_featmat m = {0};
	CHECK(ll_featmat_alloc(&m, 40, 1, 2, 1, &err) == LL_OK);
	char buf[40][16];
	const char *names[40];
	for (int k = 0; k < 40; k++) {
		snprintf(buf[k], sizeof buf[k], "%d.5", k);
		names[k] = buf[k];
	}
	CHECK(ll_featmat_set_classes(&m, names, 40) == LL_OK);
	for (size_t i = 0; i < 40; i++) {
		m.X[i * 2] = (float)i;
		m.X[i * 2 + 1] = (float)(i % 3);
		m.y[i] = (int)(i % 30); /* classes 30-39: no sample */
		m.split[i] = i < 30 ? LL_SPLIT_TRAIN : LL_SPLIT_TEST;
	}
	ll_exp_defaults_for(&c, LL_EXP_LOGREG);
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_EDATA);
	CHECK(strstr(err.msg, "featureset: the target's 40 classes are numbers with fractions (such as \"0.5\"): a quantity "
			      "to predict, not classes") != NULL);
	ll_exp_defaults_for(&c, LL_EXP_KMEANS);
	c.k_min = c.k_max = 2;
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_OK); /* k-means reads no class */
	/* 20 such classes: grades, taken as classes */
	m.nclasses = 20;
	for (size_t i = 0; i < 40; i++)
		m.y[i] = (int)(i % 20);
	ll_exp_defaults_for(&c, LL_EXP_LOGREG);
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_OK);
	m.nclasses = 40;
	/* whole numbers: classes, however many */
	for (int k = 0; k < 40; k++)
		snprintf(m.classes[k], strlen(m.classes[k]) + 1, "%d", k);
	for (size_t i = 0; i < 40; i++)
		m.y[i] = (int)(i % 30);
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_OK);
	struct ll_exp *e = NULL;
	c.max_iter = 5;
	CHECK_INT(ll_exp_new(&c, &m, &e, &err), LL_OK);
	if (e) {
		const char *const *w;
		size_t nw = ll_exp_warnings(e, &w);
		CHECK_INT(nw, 2);
		if (nw == 2) {
			CHECK_STR(w[0], "the target has 40 classes among 40 labelled samples: most classes have a sample or two, "
					"as a quantity or an id has values; label the rows with fewer classes to learn them");
			CHECK_STR(w[1], "10 classes have no training samples (\"30\", \"31\", \"32\", ...): the model never "
					"predicts them");
		}
		ll_exp_free(e);
	}
	/* the run's samples x classes probabilities and classes x classes
	 * confusion matrices (two parts here: 2 x 40^2 x 112 + 40 x 40 x 12
	 * bytes, 377 KB) are refused past LOGLAB_MEMORY_MAX, naming the
	 * classes; k-means keeps neither */
	setenv("LOGLAB_MEMORY_MAX", "300K", 1);
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_EDATA);
	CHECK(strstr(err.msg, "featureset: 40 classes over 40 samples (a probability per sample and class, a confusion "
			      "matrix of classes x classes per part) needs ") == err.msg);
	setenv("LOGLAB_MEMORY_MAX", "400K", 1);
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_OK);
	setenv("LOGLAB_MEMORY_MAX", "300K", 1);
	ll_exp_defaults_for(&c, LL_EXP_KMEANS);
	c.k_min = c.k_max = 2;
	CHECK_INT(ll_exp_check(&c, &m, &err), LL_OK);
	unsetenv("LOGLAB_MEMORY_MAX");
	ll_featmat_free(&m);
}

int main(void)
{
	test_threads_env();
	test_checks();
	test_many_classes();
	test_logreg_and_metrics();
	test_metrics_by_hand();
	test_kmeans();
	test_mlp_sparse();
	test_kmeans_sparse();
	TEST_MAIN_END();
}
