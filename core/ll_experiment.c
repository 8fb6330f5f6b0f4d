/*
 * ll_experiment.c - experiments: hyper-parameters checked against a
 * featmat, dispatch to the MLP / LSTM / k-means engines, predictions over
 * every sample and per-part metrics (see ll_experiment.h).
 */
#include "ll_experiment.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ll_bigmem.h"
#include "ll_cluster_metrics.h"
#include "ll_curves.h"
#include "ll_kmeans.h"
#include "ll_kmeans_sparse.h"
#include "ll_limits.h"
#include "ll_logreg.h"
#include "ll_lstm.h"
#include "ll_mat.h"
#include "ll_mlp.h"
#include "ll_optim.h"
#include "ll_par.h"
#include "ll_pool.h"
#include "ll_rng.h"
#include "ll_split.h"

struct ll_exp {
	struct ll_exp_cfg cfg;
	size_t d, steps, nclasses;
	int sparse;
	struct ll_mlp *mlp;
	struct ll_lstm *lstm;
	struct ll_kmeans *km;
	/* gathered training / dev data */
	float *xtr, *xdv, *wtr, *wdv;
	int *ytr, *ydv;
	size_t ntr, ndv, *str, *sdv;
	struct ll_mlp_task mt;
	struct ll_lstm_task lt;
	int has_mt, has_lt;
	/* k-means elbow */
	size_t nk, kbest;
	double *inertia, *silhouette;
	/* logistic regression: training sample ids (sparse rows) and the solve */
	size_t *rtr;
	struct ll_exp_solver_info solver;
	int solve_threads; /* 0: ll_exp_threads() */
	char **warnings;
	size_t nwarnings;
};

static const char *const model_names[] = {"mlp", "lstm", "kmeans", "logreg"};

void ll_exp_defaults_for(struct ll_exp_cfg *c, enum ll_exp_model m)
{
	memset(c, 0, sizeof *c);
	c->model = m;
	c->layers = 1;
	c->activation = LL_ACT_RELU;
	c->optimizer = LL_OPT_ADAM;
	c->lr = 0.001;
	c->k_min = c->k_max = 8;
	c->n_init = 1;
	c->seed = 1;
	c->tol = 1e-4;
	c->n_iter_no_change = 10;
	c->validation_fraction = 0.1;
	c->C = 1.0;
	c->max_iter = 100;
	/* a solve costs little, so five more of them buy the review queue
	 * scores the model did not learn by heart; an MLP's or an LSTM's
	 * training costs five times over, which the user asks for */
	c->review_folds = m == LL_EXP_LOGREG ? 5 : 0;
	if (m == LL_EXP_LSTM) {
		c->n_hidden = 1;
		c->hidden[0] = 32;
		c->batch = 128;
		c->epochs = 20;
	} else {
		/* MLPClassifier(): batch min(200, n) (clipped when training), 200 epochs */
		c->n_hidden = m == LL_EXP_MLP ? 1 : 0;
		c->hidden[0] = 100;
		c->batch = 200;
		c->epochs = 200;
	}
}

void ll_exp_defaults(struct ll_exp_cfg *c)
{
	ll_exp_defaults_for(c, LL_EXP_MLP);
}

const char *ll_exp_model_name(enum ll_exp_model m)
{
	return (unsigned)m < 4 ? model_names[m] : "?";
}

int ll_exp_model_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, model_names[i]) == 0)
			return i;
	return -1;
}

static int is_classifier(const struct ll_exp_cfg *c)
{
	return c->model != LL_EXP_KMEANS;
}

/* Training samples (labelled ones for classifiers) of part. */
int ll_exp_two_classes(const struct ll_featmat *m, int *first, size_t *nfirst)
{
	int only = -1;
	size_t nonly = 0;
	for (size_t i = 0; i < m->n; i++) {
		if ((m->split ? m->split[i] : LL_SPLIT_TRAIN) != LL_SPLIT_TRAIN || m->y[i] < 0)
			continue;
		if (only >= 0 && m->y[i] != only)
			return 1;
		only = m->y[i];
		nonly++;
	}
	if (first)
		*first = only;
	if (nfirst)
		*nfirst = nonly;
	return 0;
}

static size_t count_part(const struct ll_featmat *m, enum ll_split_part part, int labelled)
{
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++)
		if ((m->split ? m->split[i] : LL_SPLIT_TRAIN) == part && (!labelled || m->y[i] >= 0))
			n++;
	return n;
}

/* Parameters of the model c makes on m's shape: the same sums as the
 * models' own allocation (ll_mlp.c, ll_lstm.c), in double so a hostile
 * width cannot wrap. Training keeps about 5 floats a parameter (weights,
 * gradient, two optimiser states, the best epoch's copy); L-BFGS keeps its
 * history (10 pairs) beside the weights. */
static double model_bytes(const struct ll_exp_cfg *c, const struct ll_featmat *m, const char **key)
{
	double d = (double)m->d, k = (double)(m->nclasses > 2 ? m->nclasses : 2), p = 0;
	*key = "hidden";
	if (c->model == LL_EXP_MLP) {
		double in = d;
		for (size_t l = 0; l < c->n_hidden; l++) {
			p += (in + 1) * (double)c->hidden[l];
			in = (double)c->hidden[l];
		}
		return ((in + 1) * k + p) * 5 * sizeof(float);
	}
	if (c->model == LL_EXP_LSTM) {
		double h = (double)c->hidden[0], in = d;
		for (size_t l = 0; l < c->layers; l++) {
			p += 4 * h * (in + h + 1);
			in = h;
		}
		return (p + k * (h + 1)) * 5 * sizeof(float);
	}
	if (c->model == LL_EXP_LOGREG) {
		*key = "model";
		return (d + 1) * k * 22 * sizeof(double);
	}
	*key = "k";
	return (double)c->k_max * d * 3 * sizeof(float);
}

/* Whether the class names are numbers with fractions, many of them: a
 * quantity to predict (a price, a latency), which scikit-learn's
 * classifiers refuse as a "continuous" target. A few such values (grades
 * of 2.5 and 3.0) are still taken as classes. *example gets one. */
static int continuous_target(const struct ll_featmat *m, const char **example)
{
	if (!m->classes || m->nclasses <= 20)
		return 0;
	int fraction = 0;
	for (size_t c = 0; c < m->nclasses; c++) {
		const char *s = m->classes[c];
		char *end;
		double v = strtod(s, &end);
		while (*end == ' ')
			end++;
		if (end == s || *end || !isfinite(v))
			return 0;
		if (!fraction && v != floor(v)) {
			fraction = 1;
			*example = s;
		}
	}
	return fraction;
}

int ll_exp_check(const struct ll_exp_cfg *c, const struct ll_featmat *m, struct ll_err *err)
{
	const char *name = ll_exp_model_name(c->model);
	if ((unsigned)c->model > LL_EXP_LOGREG)
		return ll_err_set(err, LL_EUSAGE, "model: unknown model kind %d", (int)c->model);
	if (is_classifier(c)) {
		if (!(c->lr > 0) || !isfinite(c->lr))
			return ll_err_set(err, LL_EUSAGE, "lr: the learning rate must be a positive number, got %g", c->lr);
		if (c->batch < 1)
			return ll_err_set(err, LL_EUSAGE, "batch: must be at least 1, got %zu", c->batch);
		if (c->epochs < 1)
			return ll_err_set(err, LL_EUSAGE, "epochs: must be at least 1, got %d", c->epochs);
		if (!(c->l2 >= 0))
			return ll_err_set(err, LL_EUSAGE, "l2: must be >= 0, got %g", c->l2);
		if (!(c->dropout >= 0 && c->dropout < 1))
			return ll_err_set(err, LL_EUSAGE, "dropout: must be in [0, 1), got %g", c->dropout);
		if (c->optimizer < LL_OPT_SGD || c->optimizer > LL_OPT_ADAM)
			return ll_err_set(err, LL_EUSAGE, "optimizer: unknown optimizer %d", c->optimizer);
		if (c->review_folds == 1 || c->review_folds > 20)
			return ll_err_set(err, LL_EUSAGE, "review_folds: must be 0 (none) or from 2 to 20, got %zu",
					  c->review_folds);
		if (c->model == LL_EXP_MLP || c->model == LL_EXP_LSTM) {
			size_t nh = c->model == LL_EXP_LSTM ? 1 : c->n_hidden;
			if (nh > LL_EXP_MAX_HIDDEN)
				return ll_err_set(err, LL_EUSAGE, "hidden: at most %d layers, got %zu", LL_EXP_MAX_HIDDEN, nh);
			for (size_t l = 0; l < nh; l++)
				if (c->hidden[l] < 1)
					return ll_err_set(err, LL_EUSAGE, "hidden: layer %zu has width 0; widths must be >= 1",
							  l + 1);
		}
		if (c->model == LL_EXP_LSTM && (c->layers < 1 || c->layers > 8))
			return ll_err_set(err, LL_EUSAGE, "layers: must be from 1 to 8, got %zu", c->layers);
		if (c->model == LL_EXP_LOGREG) {
			struct ll_logreg_cfg lc = {c->C, c->tol, c->max_iter, 1};
			int rc = ll_logreg_check(&lc, err);
			if (rc)
				return rc;
		} else {
			if (!(c->tol >= 0) || !isfinite(c->tol))
				return ll_err_set(err, LL_EUSAGE, "tol: must be a number >= 0, got %g", c->tol);
			if (c->n_iter_no_change < 1)
				return ll_err_set(err, LL_EUSAGE, "n_iter_no_change: must be at least 1, got %d",
						  c->n_iter_no_change);
			if (!(c->validation_fraction > 0 && c->validation_fraction < 1))
				return ll_err_set(err, LL_EUSAGE, "validation_fraction: must be in (0, 1), got %g",
						  c->validation_fraction);
		}
	} else {
		if (c->k_min < 1 || c->k_max < c->k_min)
			return ll_err_set(err, LL_EUSAGE, "k: wants 1 <= k_min <= k_max, got %zu..%zu", c->k_min, c->k_max);
		if (c->n_init < 1)
			return ll_err_set(err, LL_EUSAGE, "n_init: must be at least 1, got %d", c->n_init);
	}
	if (!m)
		return LL_OK;
	/* what the data lacks is named by the key that chose the data, the
	 * experiment's "featureset" (the model's name is no key: the CLI reads
	 * "experiments.x.logreg" as a path); the message says which of the
	 * feature set's keys decides it */
	const char *fkey = "featureset";
	if (m->n == 0 || m->d == 0)
		return ll_err_set(err, LL_EUSAGE, "%s: the feature set has no samples or no features", fkey);
	/* the key is "model" (the CLI prefixes experiments.NAME.): "lstm:" read
	 * as a key path experiments.x.lstm; sequences come from number columns
	 * only, which a user of log lines cannot guess */
	if (c->model == LL_EXP_LSTM && (m->steps < 2 || m->sparse))
		return ll_err_set(err, LL_EUSAGE,
				  "model: lstm needs a sequence feature set (window.kind \"rows\" without flatten, over "
				  "number columns; a window of log lines is flat: template counts), got flat samples of "
				  "%zu features",
				  m->d);
	if (c->model != LL_EXP_LSTM && m->steps != 1)
		return ll_err_set(err, LL_EUSAGE,
				  "model: %s needs flat samples, got sequences of %zu steps (use window.flatten or an lstm)",
				  name, m->steps);
	/* refused with the numbers before anything is allocated, naming the
	 * key that sizes the model */
	const char *key;
	char what[160];
	double bytes = model_bytes(c, m, &key);
	snprintf(what, sizeof what, "%s: a %s on %zu features and %zu classes", key, name, m->d, m->nclasses);
	int mrc = ll_mem_check(bytes, what, err);
	if (mrc != LL_OK)
		return mrc;
	if (c->model == LL_EXP_KMEANS) {
		size_t ntr = count_part(m, LL_SPLIT_TRAIN, 0);
		/* text features are clustered as sparse rows (ll_kmeans_sparse.h,
		 * as sklearn's KMeans takes CSR): beside the featmat's values, a
		 * few values a line and the centres over every column. Refused by
		 * size, naming the key that sets it. */
		if (m->sparse) {
			size_t nnz = 0;
			for (size_t i = 0; i < m->n; i++)
				if ((m->split ? m->split[i] : LL_SPLIT_TRAIN) == LL_SPLIT_TRAIN)
					nnz += m->sparse->indptr[i + 1] - m->sparse->indptr[i];
			char need[200];
			snprintf(need, sizeof need,
				 "text.features: k-means on %zu training lines (%zu stored values) with centres over %zu "
				 "text features",
				 ntr, nnz, m->d);
			double rb = ll_kmeans_sparse_bytes(ntr, m->d, c->k_max, ll_exp_threads(), 2000) +
				    (double)ntr * sizeof(size_t);
			int drc = ll_mem_check(rb, need, err);
			if (drc != LL_OK)
				return drc;
		}
		if (c->k_max > ntr)
			return ll_err_set(err, LL_EUSAGE, "k: %zu clusters but only %zu training rows (k must be <= rows)",
					  c->k_max, ntr);
		return LL_OK;
	}
	/* beside the model, a classifier's run holds every sample's
	 * probability of every class (a few copies: predictions, a part's
	 * metrics) and, for each part, a confusion matrix of every pair of
	 * classes, written to metrics.json as JSON numbers (a node each, ~112
	 * bytes with the count and the text): 10,000 classes of two samples
	 * each asked for ~30 GB there, after minutes of training */
	size_t nparts = 0;
	for (int p = 0; p < 3; p++)
		nparts += count_part(m, (enum ll_split_part)p, 0) > 0;
	double kc = (double)(m->nclasses > 2 ? m->nclasses : 2);
	double outb = (double)nparts * kc * kc * 112.0 + (double)m->n * kc * 3.0 * sizeof(float);
	snprintf(what, sizeof what,
		 "%s: %zu classes over %zu samples (a probability per sample and class, a confusion matrix of "
		 "classes x classes per part)",
		 fkey, m->nclasses, m->n);
	if ((mrc = ll_mem_check(outb, what, err)) != LL_OK)
		return mrc;
	if (count_part(m, LL_SPLIT_TRAIN, 1) == 0)
		return ll_err_set(err, LL_EDATA,
				  "%s: no labelled training samples (%zu samples, none with a class in the training part)",
				  fkey, count_part(m, LL_SPLIT_TRAIN, 0));
	const char *example = NULL;
	if (continuous_target(m, &example))
		return ll_err_set(err, LL_EDATA,
				  "%s: the target's %zu classes are numbers with fractions (such as \"%s\"): a quantity "
				  "to predict, not classes (scikit-learn's classifiers refuse such a target too). loglab's "
				  "models classify: label the rows with classes, or name another label column",
				  fkey, m->nclasses, example);
	/* scikit-learn refuses a single-class target; so does this, naming it */
	int only = -1;
	size_t nonly = 0;
	if (!ll_exp_two_classes(m, &only, &nonly)) {
		/* other classes that the split put elsewhere (a chronological
		 * split's later part) call for another split, not more labels */
		size_t elsewhere = 0;
		int other = -1;
		for (size_t i = 0; i < m->n; i++)
			if (m->y[i] >= 0 && m->y[i] != only && (m->split ? m->split[i] : LL_SPLIT_TRAIN) != LL_SPLIT_TRAIN) {
				elsewhere++;
				other = m->y[i];
			}
		const char *oname = other >= 0 && (size_t)other < m->nclasses && m->classes ? m->classes[other] : "?";
		if (elsewhere)
			return ll_err_set(err, LL_EDATA,
					  "%s: the training part has one class only, \"%s\" (%zu samples); the %zu samples "
					  "of other classes (\"%s\"...) are all in the dev and test parts. Label some of "
					  "them earlier in the data, or split at random (split.kind \"random\": stratified)",
					  fkey, (size_t)only < m->nclasses && m->classes ? m->classes[only] : "?", nonly,
					  elsewhere, oname);
		/* a binary target's classes: no row at all is ordinary, which is
		 * target.ordinary naming none of the data's classes, or no label */
		if (m->nclasses == 2 && m->classes && strcmp(m->classes[0], "ordinary") == 0 &&
		    strcmp(m->classes[1], "root cause") == 0 && only == 1)
			return ll_err_set(err, LL_EDATA,
					  "%s: the training part has one class only, \"root cause\" (%zu samples): no "
					  "labelled row is of a class target.ordinary names. Name the data's ordinary class "
					  "there, label ordinary rows, or give unlabelled rows a class (feature set key "
					  "\"unlabelled\")",
					  fkey, nonly);
		return ll_err_set(err, LL_EDATA,
				  "%s: the training part has one class only, \"%s\" (%zu samples); a classifier needs two. "
				  "Label rows of another class, or give unlabelled rows a class (feature set key "
				  "\"unlabelled\")",
				  fkey, (size_t)only < m->nclasses && m->classes ? m->classes[only] : "?", nonly);
	}
	return LL_OK;
}

void ll_exp_free(struct ll_exp *e)
{
	if (!e)
		return;
	if (e->has_mt)
		ll_mlp_task_free(&e->mt);
	if (e->has_lt)
		ll_lstm_task_free(&e->lt);
	ll_mlp_free(e->mlp);
	ll_lstm_free(e->lstm);
	ll_kmeans_free(e->km);
	free(e->xtr);
	free(e->xdv);
	free(e->wtr);
	free(e->wdv);
	free(e->ytr);
	free(e->ydv);
	free(e->str);
	free(e->sdv);
	free(e->inertia);
	free(e->silhouette);
	free(e->rtr);
	for (size_t i = 0; i < e->nwarnings; i++)
		free(e->warnings[i]);
	free(e->warnings);
	free(e);
}

static int warn(struct ll_exp *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int warn(struct ll_exp *e, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char **w = realloc(e->warnings, (e->nwarnings + 1) * sizeof *w);
	if (!w)
		return LL_ENOMEM;
	e->warnings = w;
	if (!(w[e->nwarnings] = strdup(buf)))
		return LL_ENOMEM;
	e->nwarnings++;
	return LL_OK;
}

size_t ll_exp_warnings(const struct ll_exp *e, const char *const **w)
{
	if (w)
		*w = (const char *const *)e->warnings;
	return e->nwarnings;
}

void ll_exp_solver_info(const struct ll_exp *e, struct ll_exp_solver_info *out)
{
	*out = e->solver;
}

/* A warning when the classes are as many as half the labelled samples or
 * more: most have a sample or two, as a quantity or an id has values, and
 * no classifier learns a class from one sample. */
static int warn_many_classes(struct ll_exp *e, const struct ll_featmat *m)
{
	size_t labelled = 0;
	for (size_t i = 0; i < m->n; i++)
		labelled += m->y[i] >= 0;
	if (m->nclasses <= 20 || 2 * m->nclasses < labelled)
		return LL_OK;
	return warn(e,
		    "the target has %zu classes among %zu labelled samples: most classes have a sample or two, as a "
		    "quantity or an id has values; label the rows with fewer classes to learn them",
		    m->nclasses, labelled);
}

/* A warning for each class of m without labelled training samples, or
 * one for them all when there are more than three (a target of hundreds of
 * classes would say hundreds of lines), naming three. */
static int warn_missing_classes(struct ll_exp *e, const struct ll_featmat *m)
{
	size_t *cnt = calloc(m->nclasses ? m->nclasses : 1, sizeof *cnt);
	if (!cnt)
		return LL_ENOMEM;
	for (size_t i = 0; i < m->n; i++)
		if ((m->split ? m->split[i] : LL_SPLIT_TRAIN) == LL_SPLIT_TRAIN && m->y[i] >= 0 &&
		    (size_t)m->y[i] < m->nclasses)
			cnt[m->y[i]]++;
	size_t none = 0;
	for (size_t c = 0; c < m->nclasses; c++)
		none += !cnt[c];
	int rc = LL_OK;
	if (none > 3) {
		char names[400] = "";
		size_t len = 0, named = 0;
		for (size_t c = 0; c < m->nclasses && named < 3; c++) {
			if (cnt[c])
				continue;
			int w = snprintf(names + len, sizeof names - len, "%s\"%.100s\"", named ? ", " : "",
					 m->classes ? m->classes[c] : "?");
			if (w > 0 && (size_t)w < sizeof names - len)
				len += (size_t)w;
			named++;
		}
		rc = warn(e, "%zu classes have no training samples (%s, ...): the model never predicts them", none, names);
	}
	for (size_t c = 0; c < m->nclasses && rc == LL_OK && none <= 3; c++)
		if (!cnt[c])
			rc = warn(e, "class \"%s\" has no training samples: the model never predicts it",
				  m->classes ? m->classes[c] : "?");
	free(cnt);
	return rc;
}


const struct ll_exp_cfg *ll_exp_config(const struct ll_exp *e)
{
	return &e->cfg;
}

/* Row i of m as dense floats into dst (d values). */
static void dense_row(const struct ll_featmat *m, size_t i, float *dst)
{
	if (!m->sparse) {
		memcpy(dst, m->X + i * m->steps * m->d, m->steps * m->d * sizeof *dst);
		return;
	}
	const struct ll_csr *c = m->sparse;
	memset(dst, 0, m->d * sizeof *dst);
	for (size_t p = c->indptr[i]; p < c->indptr[i + 1]; p++)
		if (c->indices[p] < m->d)
			dst[c->indices[p]] = c->values[p];
}

/* Gathers the samples of part (labelled ones when labelled) as dense rows
 * (want_x), labels, weights and LSTM start rows. */
static int gather(const struct ll_featmat *m, enum ll_split_part part, int labelled, int want_x, size_t *n_out,
		  float **x, int **y, float **w, size_t **start, struct ll_err *err)
{
	size_t n = count_part(m, part, labelled), width = m->steps * m->d, j = 0;
	*n_out = n;
	*x = NULL;
	*y = NULL;
	*w = NULL;
	if (start)
		*start = NULL;
	if (n == 0)
		return LL_OK;
	/* on huge pages: the first touch of 4 KiB pages was a tenth of a k-means
	 * fit on a VM, and every MPI rank gathers the whole (ll_bigmem.h) */
	if (want_x && !(*x = ll_big_alloc(n * width * sizeof **x)))
		return ll_err_set(err, LL_ENOMEM, "out of memory gathering %zu x %zu training values", n, width);
	*y = malloc(n * sizeof **y);
	if (m->w)
		*w = malloc(n * sizeof **w);
	if (start)
		*start = malloc(n * sizeof **start);
	if (!*y || (m->w && !*w) || (start && !*start))
		return ll_err_set(err, LL_ENOMEM, "out of memory gathering %zu samples", n);
	for (size_t i = 0; i < m->n; i++) {
		if ((m->split ? m->split[i] : LL_SPLIT_TRAIN) != part || (labelled && m->y[i] < 0))
			continue;
		if (want_x)
			dense_row(m, i, *x + j * width);
		(*y)[j] = m->y[i];
		if (m->w)
			(*w)[j] = m->w[i];
		if (start)
			(*start)[j] = i * m->steps;
		j++;
	}
	return LL_OK;
}

/* early_stopping without a dev part: validation_fraction of the gathered
 * training samples, drawn stratified with the seed (as sklearn's
 * MLPClassifier draws its validation set), move to the dev arrays. width
 * is the values per gathered row of xtr (0 when rows stay in the featmat,
 * as an LSTM's, which keeps start rows in str/sdv instead). */
static int carve_dev(struct ll_exp *e, size_t width, struct ll_err *err)
{
	if (!e->cfg.early_stopping || e->ndv > 0 || e->ntr < 2)
		return LL_OK;
	size_t n = e->ntr;
	unsigned char *part = malloc(n);
	if (!part)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	struct ll_split_ratios r = {1.0 - e->cfg.validation_fraction, 0, e->cfg.validation_fraction, 0};
	struct ll_err sub;
	int rc = ll_split_stratified(e->ytr, n, &r, ll_rng_derive(e->cfg.seed, 0x76616c), part, &sub);
	if (rc) {
		free(part);
		return ll_err_set(err, rc, "validation_fraction: %s", sub.msg);
	}
	size_t nd = 0;
	for (size_t i = 0; i < n; i++)
		nd += part[i] == LL_SPLIT_TEST;
	if (nd == 0 || nd == n) {
		free(part);
		return LL_OK;
	}
	e->xdv = width ? malloc(nd * width * sizeof *e->xdv) : NULL;
	e->ydv = malloc(nd * sizeof *e->ydv);
	e->wdv = e->wtr ? malloc(nd * sizeof *e->wdv) : NULL;
	e->sdv = e->str ? malloc(nd * sizeof *e->sdv) : NULL;
	if ((width && !e->xdv) || !e->ydv || (e->wtr && !e->wdv) || (e->str && !e->sdv)) {
		free(part);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	size_t a = 0, b = 0;
	for (size_t i = 0; i < n; i++) {
		int dev = part[i] == LL_SPLIT_TEST;
		size_t j = dev ? b++ : a++;
		float *xd = dev ? e->xdv : e->xtr;
		int *yd = dev ? e->ydv : e->ytr;
		if (width)
			memmove(xd + j * width, e->xtr + i * width, width * sizeof *xd);
		yd[j] = e->ytr[i];
		if (e->wtr)
			(dev ? e->wdv : e->wtr)[j] = e->wtr[i];
		if (e->str)
			(dev ? e->sdv : e->str)[j] = e->str[i];
	}
	e->ntr = a;
	e->ndv = b;
	free(part);
	return LL_OK;
}

static int new_mlp(struct ll_exp *e, const struct ll_featmat *m, struct ll_err *err)
{
	struct ll_mlp_cfg mc;
	memset(&mc, 0, sizeof mc);
	mc.n_in = m->d;
	mc.n_classes = m->nclasses;
	mc.n_hidden = e->cfg.n_hidden;
	for (size_t l = 0; l < mc.n_hidden; l++)
		mc.widths[l] = e->cfg.hidden[l];
	mc.act = (enum ll_act)e->cfg.activation;
	mc.dropout = (float)e->cfg.dropout;
	mc.l2 = (float)e->cfg.l2;
	mc.class_weight = m->class_weight;
	mc.seed = e->cfg.seed;
	int rc = ll_mlp_new(&mc, &e->mlp, err);
	if (rc)
		return rc;
	if ((rc = gather(m, LL_SPLIT_TRAIN, 1, 1, &e->ntr, &e->xtr, &e->ytr, &e->wtr, NULL, err)) != LL_OK ||
	    (rc = gather(m, LL_SPLIT_DEV, 1, 1, &e->ndv, &e->xdv, &e->ydv, &e->wdv, NULL, err)) != LL_OK ||
	    (rc = carve_dev(e, m->d, err)) != LL_OK)
		return rc;
	struct ll_xy tr = {e->xtr, e->ytr, e->wtr, e->ntr, m->d}, dv = {e->xdv, e->ydv, e->wdv, e->ndv, m->d};
	size_t batch = e->cfg.batch < e->ntr ? e->cfg.batch : e->ntr;
	if ((rc = ll_mlp_task_init(&e->mt, e->mlp, &tr, e->ndv ? &dv : NULL, batch, err)) != LL_OK)
		return rc;
	e->has_mt = 1;
	return LL_OK;
}

/* Logistic regression: an MLP without hidden layers holds the solution;
 * the training samples are gathered as dense rows, or as sample ids into
 * the featmat's CSR when the features are sparse (ll_exp_solve reads it). */
static int new_logreg(struct ll_exp *e, const struct ll_featmat *m, struct ll_err *err)
{
	struct ll_mlp_cfg mc;
	memset(&mc, 0, sizeof mc);
	mc.n_in = m->d;
	mc.n_classes = m->nclasses;
	mc.act = LL_ACT_RELU;
	mc.class_weight = m->class_weight;
	mc.seed = e->cfg.seed;
	int rc = ll_mlp_new(&mc, &e->mlp, err);
	if (rc)
		return rc;
	int sparse = m->sparse != NULL;
	return gather(m, LL_SPLIT_TRAIN, 1, !sparse, &e->ntr, &e->xtr, &e->ytr, &e->wtr, sparse ? &e->rtr : NULL, err);
}

static int new_lstm(struct ll_exp *e, const struct ll_featmat *m, struct ll_err *err)
{
	struct ll_lstm_cfg lc;
	ll_lstm_defaults(&lc);
	lc.n_in = m->d;
	lc.seq_len = m->steps;
	lc.hidden = e->cfg.hidden[0];
	lc.layers = e->cfg.layers;
	lc.n_classes = m->nclasses;
	lc.bptt = e->cfg.bptt;
	lc.l2 = (float)e->cfg.l2;
	lc.class_weight = m->class_weight;
	lc.seed = e->cfg.seed;
	int rc = ll_lstm_new(&lc, &e->lstm, err);
	if (rc)
		return rc;
	/* Windows stay in the featmat; start[] picks them. */
	if ((rc = gather(m, LL_SPLIT_TRAIN, 1, 0, &e->ntr, &e->xtr, &e->ytr, &e->wtr, &e->str, err)) != LL_OK ||
	    (rc = gather(m, LL_SPLIT_DEV, 1, 0, &e->ndv, &e->xdv, &e->ydv, &e->wdv, &e->sdv, err)) != LL_OK ||
	    (rc = carve_dev(e, 0, err)) != LL_OK)
		return rc;
	size_t rows = m->n * m->steps;
	struct ll_seqs tr = {m->X, NULL, e->ytr, e->wtr, e->ntr, e->str, rows};
	struct ll_seqs dv = {m->X, NULL, e->ydv, e->wdv, e->ndv, e->sdv, rows};
	size_t batch = e->cfg.batch < e->ntr ? e->cfg.batch : e->ntr;
	if ((rc = ll_lstm_task_init(&e->lt, e->lstm, &tr, e->ndv ? &dv : NULL, batch, err)) != LL_OK)
		return rc;
	e->has_lt = 1;
	return LL_OK;
}

int ll_exp_new(const struct ll_exp_cfg *c, const struct ll_featmat *m, struct ll_exp **out, struct ll_err *err)
{
	*out = NULL;
	int rc = ll_exp_check(c, m, err);
	if (rc)
		return rc;
	struct ll_exp *e = calloc(1, sizeof *e);
	if (!e)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	e->cfg = *c;
	e->d = m->d;
	e->steps = m->steps;
	e->nclasses = m->nclasses;
	e->sparse = m->sparse != NULL;
	if (c->model == LL_EXP_MLP)
		rc = new_mlp(e, m, err);
	else if (c->model == LL_EXP_LOGREG)
		rc = new_logreg(e, m, err);
	else if (c->model == LL_EXP_LSTM)
		rc = new_lstm(e, m, err);
	if (rc == LL_OK && is_classifier(c) && (warn_many_classes(e, m) != LL_OK || warn_missing_classes(e, m) != LL_OK))
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc) {
		ll_exp_free(e);
		return rc;
	}
	*out = e;
	return LL_OK;
}

const struct ll_task *ll_exp_task(struct ll_exp *e)
{
	if (e->cfg.model == LL_EXP_LOGREG)
		return NULL;
	if (e->has_mt)
		return &e->mt.task;
	if (e->has_lt)
		return &e->lt.task;
	return NULL;
}

int ll_exp_threads_check_env(struct ll_err *err)
{
	const char *v = getenv("LOGLAB_THREADS");
	if (!v || !*v)
		return LL_OK;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (!errno && end != v && *end == '\0' && n >= 1 && n <= LL_POOL_MAX)
		return LL_OK;
	return ll_err_set(err, LL_EUSAGE, "LOGLAB_THREADS='%s' is not a number of threads (a whole number, 1 to %d)", v,
			  LL_POOL_MAX);
}

/* Threads for training and k-means: LOGLAB_THREADS (1..LL_POOL_MAX) when
 * set, else the node's online CPUs shared out over the job's ranks on that
 * node (at least 1). Results do not depend on it (ll_train.h, ll_kmeans.h). */
int ll_exp_threads(void)
{
	const char *v = getenv("LOGLAB_THREADS");
	if (v && *v) {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end == '\0' && n >= 1 && n <= LL_POOL_MAX)
			return (int)n;
	}
	/* the node's cores shared out over its ranks: ranks of one node
	 * would fight over them, one rank a node would leave them idle */
	int t = ll_pool_cpus() / ll_par_node_size();
	return t >= 1 ? t : 1;
}

/* How the ranks share k-means' Lloyd passes (ll_kshare.h):
 * LOGLAB_MPI_BALANCE=1 shares that follow the ranks' speeds, "skew"
 * deliberately uneven shares (tests), otherwise the equal split: on a
 * 2-core host the shares by speed measured slower than the equal split,
 * busy and quiet (bench/MPI.md), so they are not the default. The ranks
 * take the lowest mode any of them asks, so a variable set on some alone
 * is safe. Results do not depend on it. */
static int balance_mode(void)
{
	const char *v = getenv("LOGLAB_MPI_BALANCE");
	if (v && strcmp(v, "1") == 0)
		return LL_KSHARE_SPEED;
	if (v && strcmp(v, "skew") == 0)
		return LL_KSHARE_SKEW;
	return LL_KSHARE_OFF;
}

void ll_exp_train_cfg(const struct ll_exp *e, struct ll_train_cfg *tc)
{
	ll_train_defaults(tc);
	tc->epochs = e->cfg.epochs;
	tc->batch = e->cfg.batch < e->ntr ? e->cfg.batch : e->ntr;
	if (tc->batch == 0)
		tc->batch = 1;
	tc->seed = e->cfg.seed;
	tc->threads = ll_exp_threads();
	ll_optim_defaults(&tc->optim);
	tc->optim.kind = (enum ll_optim_kind)e->cfg.optimizer;
	tc->optim.lr = (float)e->cfg.lr;
	if (e->cfg.model == LL_EXP_LSTM)
		tc->optim.clip_norm = 5.0f;
	tc->tol = e->cfg.tol;
	tc->n_iter_no_change = e->cfg.n_iter_no_change;
	if (e->cfg.early_stopping && e->ndv > 0) {
		tc->patience = e->cfg.n_iter_no_change;
		tc->min_delta = e->cfg.tol;
		tc->restore_best = 1;
	}
}

void ll_exp_set_solve_threads(struct ll_exp *e, int threads)
{
	e->solve_threads = threads > 0 ? threads : 0;
}

static int solve_threads(const struct ll_exp *e)
{
	return e->solve_threads ? e->solve_threads : ll_exp_threads();
}

static int solve_logreg(struct ll_exp *e, const struct ll_featmat *m, atomic_int *cancel, struct ll_err *err)
{
	if (e->rtr && (!m->sparse || m->d != e->d))
		return ll_err_set(err, LL_EDATA, "logreg: the feature set changed shape since the experiment was made");
	struct ll_logreg_cfg lc = {e->cfg.C, e->cfg.tol, e->cfg.max_iter, solve_threads(e)};
	struct ll_logreg_data dt = {e->ntr, e->d, e->xtr, e->rtr ? m->sparse : NULL, e->rtr, e->ytr, e->wtr,
				    e->nclasses, ll_mlp_config(e->mlp)->class_weight};
	struct ll_logreg_info info;
	float *w = ll_mlp_params(e->mlp);
	int rc = ll_logreg_fit(&lc, &dt, w + ll_mlp_w_offset(e->mlp, 0), w + ll_mlp_b_offset(e->mlp, 0), &info, cancel,
			       err);
	if (rc)
		return rc;
	e->solver.has = 1;
	e->solver.iterations = info.solver.iterations;
	e->solver.converged = info.solver.converged;
	e->solver.stop = ll_lbfgs_stop_text(info.solver.stop);
	e->solver.loss = info.loss;
	if (!info.solver.converged &&
	    warn(e, "logreg: L-BFGS did not converge in %d iterations (%s); raise max_iter, or scale the "
		    "features if the feature set does not (\"scale\": \"zscore\")",
		 info.solver.iterations, e->solver.stop) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	return LL_OK;
}

int ll_exp_solve(struct ll_exp *e, const struct ll_featmat *m, atomic_int *cancel, struct ll_err *err)
{
	if (e->cfg.model == LL_EXP_KMEANS)
		return ll_exp_cluster(e, m, err);
	if (e->cfg.model == LL_EXP_LOGREG)
		return solve_logreg(e, m, cancel, err);
	return ll_err_set(err, LL_EUSAGE, "%s: trained by the training loop, not solved",
			  ll_exp_model_name(e->cfg.model));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* How many of a fit's centres differ (by a 64-bit hash of each: k log k,
 * where comparing pairs cost k^2 x features); 0 when that cannot be
 * counted. Training rows of fewer distinct points than k leave clusters
 * empty (an empty cluster takes the farthest row, at distance 0), which
 * scikit-learn warns of as "Number of distinct clusters (3) found smaller
 * than n_clusters (8)". */
static size_t distinct_centres(const struct ll_kmeans *km)
{
	size_t k = ll_kmeans_k(km), d = ll_kmeans_dim(km), nd = 0;
	const float *C = ll_kmeans_centers(km);
	uint64_t *h = malloc((k ? k : 1) * sizeof *h);
	if (!h || !C)
		goto out;
	for (size_t c = 0; c < k; c++) {
		uint64_t x = 1469598103934665603ULL;
		const unsigned char *b = (const unsigned char *)(C + c * d);
		for (size_t i = 0; i < d * sizeof *C; i++)
			x = (x ^ b[i]) * 1099511628211ULL;
		h[c] = x;
	}
	qsort(h, k, sizeof *h, cmp_u64);
	for (size_t c = 0; c < k; c++)
		nd += c == 0 || h[c] != h[c - 1];
out:
	free(h);
	return nd;
}

int ll_exp_cluster(struct ll_exp *e, const struct ll_featmat *m, struct ll_err *err)
{
	if (e->cfg.model != LL_EXP_KMEANS)
		return ll_err_set(err, LL_EUSAGE, "%s: not a clustering experiment", ll_exp_model_name(e->cfg.model));
	if (m->d != e->d || m->steps != 1)
		return ll_err_set(err, LL_EDATA, "kmeans: the feature set changed shape since the experiment was made");
	size_t n = count_part(m, LL_SPLIT_TRAIN, 0), lo, hi;
	const struct ll_exp_cfg *c = &e->cfg;
	e->nk = c->k_max - c->k_min + 1;
	free(e->inertia);
	free(e->silhouette);
	e->inertia = malloc(e->nk * sizeof *e->inertia);
	e->silhouette = malloc(e->nk * sizeof *e->silhouette);
	if (!e->inertia || !e->silhouette)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	struct ll_kmeans_cfg kc;
	ll_kmeans_defaults(&kc);
	kc.n_init = c->n_init;
	kc.seed = c->seed;
	kc.threads = solve_threads(e);
	kc.k = c->k_min;
	/* The highest silhouette wins (ties and NaN, k = 1, keep the smaller
	 * k); the elbow keeps that fit, which was fitted again here before
	 * (40 % of a one-k training). */
	struct ll_kmeans *best = NULL;
	int rc;
	if (m->sparse) {
		/* text features: the featmat's sparse rows, the training lines
		 * picked by index. Dense rows over the columns some line uses
		 * cost lines x columns (GBs for a million lines) and were no
		 * faster even on a few thousand (bench/TEXT.md) */
		size_t *rows = malloc((n ? n : 1) * sizeof *rows);
		if (!rows)
			return ll_err_set(err, LL_ENOMEM, "out of memory indexing %zu training lines", n);
		for (size_t i = 0, j = 0; i < m->n; i++)
			if ((m->split ? m->split[i] : LL_SPLIT_TRAIN) == LL_SPLIT_TRAIN)
				rows[j++] = i;
		struct ll_kspm X = {n, e->d, m->sparse->indptr, m->sparse->indices, m->sparse->values, rows};
		rc = ll_kmeans_sparse_elbow(&X, c->k_min, c->k_max, &kc, 2000, e->inertia, e->silhouette, &best, err);
		free(rows);
	} else {
		/* the training rows, of which an MPI rank fills only those its
		 * share of the clustering reads (ll_kmeans_rows, or with shares
		 * that follow the ranks' speeds ll_kmeans_held's margin more):
		 * copying all of them on every rank was the part of the job that
		 * did not divide */
		kc.balance = balance_mode();
		if (kc.balance != LL_KSHARE_OFF)
			ll_kmeans_held(n, &lo, &hi);
		else
			ll_kmeans_rows(n, &lo, &hi);
		float *x = n ? ll_big_alloc(n * e->d * sizeof *x) : NULL;
		if (n && !x)
			return ll_err_set(err, LL_ENOMEM, "out of memory gathering %zu x %zu training values", n, e->d);
		for (size_t i = 0, j = 0; i < m->n && j < hi; i++) {
			if ((m->split ? m->split[i] : LL_SPLIT_TRAIN) != LL_SPLIT_TRAIN)
				continue;
			if (j >= lo)
				dense_row(m, i, x + j * e->d);
			j++;
		}
		rc = ll_kmeans_elbow(x, n, e->d, c->k_min, c->k_max, &kc, 2000, e->inertia, e->silhouette, &best, err);
		free(x);
	}
	if (rc == LL_OK) {
		ll_kmeans_free(e->km);
		e->km = best;
		e->kbest = ll_kmeans_k(best);
		size_t kd = distinct_centres(best);
		if (kd && kd < e->kbest)
			rc = warn(e,
				  "kmeans: k = %zu clusters, but the training rows hold only %zu distinct points "
				  "(repeated rows): %zu clusters are empty; give a smaller k",
				  e->kbest, kd, e->kbest - kd);
	}
	return rc;
}

size_t ll_exp_elbow(const struct ll_exp *e, const double **inertia, const double **silhouette)
{
	if (inertia)
		*inertia = e->inertia;
	if (silhouette)
		*silhouette = e->silhouette;
	return e->nk;
}

size_t ll_exp_k(const struct ll_exp *e)
{
	return e->km ? ll_kmeans_k(e->km) : 0;
}

void ll_exp_pred_free(struct ll_exp_pred *p)
{
	free(p->pred);
	free(p->proba);
	free(p->dist2);
	memset(p, 0, sizeof *p);
}

int ll_exp_predict(struct ll_exp *e, const struct ll_featmat *m, struct ll_exp_pred *p, struct ll_err *err)
{
	memset(p, 0, sizeof *p);
	if (m->d != e->d || m->steps != e->steps)
		return ll_err_set(err, LL_EDATA,
				  "%s: the model takes %zu steps x %zu features, the feature set gives %zu x %zu",
				  ll_exp_model_name(e->cfg.model), e->steps, e->d, m->steps, m->d);
	size_t n = m->n;
	p->n = n;
	p->pred = malloc((n ? n : 1) * sizeof *p->pred);
	if (!p->pred)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = LL_OK;
	if (e->cfg.model == LL_EXP_KMEANS) {
		if (!e->km)
			return ll_err_set(err, LL_EUSAGE, "kmeans: the experiment has not been clustered");
		p->k = ll_kmeans_k(e->km);
		if (!(p->dist2 = malloc((n ? n : 1) * sizeof *p->dist2)))
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		if (!m->sparse)
			return n ? ll_kmeans_predict(e->km, m->X, n, m->d, p->pred, p->dist2, err) : LL_OK;
		/* text features: distances over each line's few values */
		struct ll_kspm X = {n, m->d, m->sparse->indptr, m->sparse->indices, m->sparse->values, NULL};
		return ll_kmeans_sparse_predict(e->km, &X, p->pred, p->dist2, err);
	}
	size_t k = e->nclasses;
	p->k = k;
	if (!(p->proba = malloc((n ? n : 1) * k * sizeof *p->proba)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	if (e->cfg.model == LL_EXP_LSTM) {
		struct ll_seqs s = {m->X, NULL, NULL, NULL, n, NULL, n * m->steps};
		rc = n ? ll_lstm_predict_proba(e->lstm, &s, p->proba, err) : LL_OK;
	} else if (!m->sparse) {
		rc = n ? ll_mlp_predict_proba(e->mlp, m->X, n, p->proba, err) : LL_OK;
	} else {
		/* text features: the first layer reads each line's few values */
		rc = n ? ll_mlp_predict_proba_csr(e->mlp, m->sparse, NULL, n, p->proba, err) : LL_OK;
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const float *pr = p->proba + i * k;
		size_t best = 0;
		for (size_t c = 1; c < k; c++)
			if (pr[c] > pr[best])
				best = c;
		p->pred[i] = (int)best;
	}
	return LL_OK;
}

static int any_ordinary(const unsigned char *ordinary, size_t k)
{
	for (size_t c = 0; ordinary && c < k; c++)
		if (ordinary[c])
			return 1;
	return 0;
}

double ll_exp_rc_score(const struct ll_exp_pred *p, const unsigned char *ordinary, size_t i)
{
	if (!p->proba)
		return p->dist2 ? (double)p->dist2[i] : 0.0;
	const float *pr = p->proba + i * p->k;
	if (!any_ordinary(ordinary, p->k))
		return p->k >= 2 ? (double)pr[1] : 0.0;
	double s = 1.0;
	for (size_t c = 0; c < p->k; c++)
		if (ordinary[c])
			s -= (double)pr[c];
	return s < 0 ? 0 : s;
}

int ll_exp_rc_truth(const unsigned char *ordinary, size_t k, int y)
{
	if (y < 0 || (size_t)y >= k)
		return 0;
	return any_ordinary(ordinary, k) ? !ordinary[y] : y == 1;
}

void ll_exp_metrics_free(struct ll_exp_part_metrics *pm)
{
	free(pm->cm);
	free(pm->cls);
	free(pm->fpr);
	free(pm->tpr);
	free(pm->roc_thr);
	free(pm->prec);
	free(pm->rec);
	free(pm->pr_thr);
	memset(pm, 0, sizeof *pm);
}

/* ROC and PR of the root-cause score over the chosen samples. */
static int rc_curves(const int *yb, const double *score, size_t n, struct ll_exp_part_metrics *pm, struct ll_err *err)
{
	struct ll_thresh *t = NULL;
	struct ll_err sub;
	ll_err_clear(&sub);
	int rc = ll_thresh_new(yb, 1, score, 1, n, &t, &sub);
	if (rc == LL_ENOMEM)
		return ll_err_set(err, rc, "out of memory");
	if (rc)
		return LL_OK; /* no curve for this part (e.g. empty); metrics stay absent */
	size_t cap = ll_thresh_curve_cap(t);
	pm->fpr = malloc(cap * sizeof(double));
	pm->tpr = malloc(cap * sizeof(double));
	pm->roc_thr = malloc(cap * sizeof(double));
	pm->prec = malloc(cap * sizeof(double));
	pm->rec = malloc(cap * sizeof(double));
	pm->pr_thr = malloc(cap * sizeof(double));
	if (!pm->fpr || !pm->tpr || !pm->roc_thr || !pm->prec || !pm->rec || !pm->pr_thr) {
		ll_thresh_free(t);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	if (t->npos && t->nneg) {
		if (ll_roc_curve(t, 1, pm->fpr, pm->tpr, pm->roc_thr, &pm->nroc, &sub) == LL_OK &&
		    ll_auroc(t, &pm->auroc, &sub) == LL_OK)
			pm->has_auroc = 1;
	}
	if (ll_pr_curve(t, pm->prec, pm->rec, pm->pr_thr, &pm->npr, &sub) == LL_OK &&
	    ll_average_precision(t, &pm->ap, &sub) == LL_OK)
		pm->has_ap = 1;
	ll_thresh_free(t);
	return LL_OK;
}

int ll_exp_metrics(const struct ll_featmat *m, const struct ll_exp_pred *p, int part,
		   const unsigned char *ordinary, struct ll_exp_part_metrics *out, struct ll_err *err)
{
	return ll_exp_metrics_rc(m, p, part, ordinary, NULL, out, err);
}

int ll_exp_metrics_rc(const struct ll_featmat *m, const struct ll_exp_pred *p, int part,
		      const unsigned char *ordinary, const signed char *rc_only, struct ll_exp_part_metrics *out,
		      struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	if (!p->proba)
		return ll_err_set(err, LL_EUSAGE, "metrics: the predictions are not a classifier's");
	if (p->n != m->n)
		return ll_err_set(err, LL_EUSAGE, "metrics: %zu predictions for %zu samples", p->n, m->n);
	size_t k = p->k, n = 0, nrc = 0;
	out->k = k;
	for (size_t i = 0; i < m->n; i++) {
		if (!(part < 0 || (m->split ? m->split[i] : LL_SPLIT_TRAIN) == (unsigned char)part))
			continue;
		if (m->y[i] >= 0 && (size_t)m->y[i] < k)
			n++;
		else if (rc_only && rc_only[i] >= 0)
			nrc++;
	}
	out->n = n;
	out->n_rc_only = nrc;
	nrc += n;
	out->cm = calloc(k * k, sizeof *out->cm);
	out->cls = calloc(k, sizeof *out->cls);
	int *yt = malloc((n ? n : 1) * sizeof *yt), *yp = malloc((n ? n : 1) * sizeof *yp);
	int *yb = malloc((nrc ? nrc : 1) * sizeof *yb);
	double *sc = malloc((nrc ? nrc : 1) * sizeof *sc);
	float *pr = malloc((n ? n : 1) * k * sizeof *pr);
	int rc = LL_OK;
	if (!out->cm || !out->cls || !yt || !yp || !yb || !sc || !pr) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto out;
	}
	size_t j = 0, b = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (!(part < 0 || (m->split ? m->split[i] : LL_SPLIT_TRAIN) == (unsigned char)part))
			continue;
		if (m->y[i] >= 0 && (size_t)m->y[i] < k) {
			yt[j] = m->y[i];
			yp[j] = p->pred[i];
			memcpy(pr + j * k, p->proba + i * k, k * sizeof *pr);
			j++;
			yb[b] = ll_exp_rc_truth(ordinary, k, m->y[i]);
		} else if (rc_only && rc_only[i] >= 0) {
			yb[b] = rc_only[i] > 0;
		} else {
			continue;
		}
		sc[b] = ll_exp_rc_score(p, ordinary, i);
		out->npos += (size_t)yb[b];
		b++;
	}
	out->nneg = nrc - out->npos;
	if (nrc == 0)
		goto out;
	struct ll_err sub;
	ll_err_clear(&sub);
	if (n && (rc = ll_confusion_matrix(yt, yp, n, k, out->cm, err)) != LL_OK)
		goto out;
	if (n && ll_report_compute(out->cm, k, 0, out->cls, &out->rep, &sub) == LL_OK)
		out->has_report = 1;
	if (n && ll_log_loss_f(yt, pr, n, k, 0, &out->log_loss, &sub) == LL_OK)
		out->has_log_loss = 1;
	if (n && k > 2) {
		struct ll_ovr ovr;
		if (ll_auroc_ovr(yt, NULL, pr, n, k, NULL, &ovr, &sub) == LL_OK) {
			out->auroc_ovr_macro = ovr.macro;
			out->has_auroc_ovr = 1;
		}
	}
	rc = rc_curves(yb, sc, nrc, out, err);
out:
	free(yt);
	free(yp);
	free(yb);
	free(sc);
	free(pr);
	if (rc)
		ll_exp_metrics_free(out);
	return rc;
}

void ll_exp_cluster_metrics_free(struct ll_exp_cluster_metrics *cm)
{
	free(cm->tab);
	memset(cm, 0, sizeof *cm);
}

int ll_exp_cluster_metrics(const struct ll_featmat *m, const struct ll_exp_pred *p,
			   struct ll_exp_cluster_metrics *out, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	size_t nc = m->nclasses, k = p->k, n = 0;
	out->nclasses = nc;
	out->k = k;
	if (!(out->tab = calloc((nc ? nc : 1) * (k ? k : 1), sizeof *out->tab)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < m->n && nc; i++)
		if (m->y[i] >= 0 && (size_t)m->y[i] < nc && p->pred[i] >= 0 && (size_t)p->pred[i] < k) {
			out->tab[(size_t)m->y[i] * k + (size_t)p->pred[i]]++;
			n++;
		}
	out->n = n;
	struct ll_err sub;
	ll_err_clear(&sub);
	if (n && ll_purity(out->tab, nc, k, &out->purity, &sub) == LL_OK &&
	    ll_adjusted_rand(out->tab, nc, k, &out->ari, &sub) == LL_OK)
		out->has_purity = 1;
	return LL_OK;
}

int ll_exp_save(const struct ll_exp *e, const char *path, const char *fingerprint, struct ll_err *err)
{
	if (e->mlp)
		return ll_mlp_save(e->mlp, path, fingerprint, err);
	if (e->lstm)
		return ll_lstm_save(e->lstm, path, fingerprint, err);
	if (e->km)
		return ll_kmeans_save(e->km, path, fingerprint, err);
	return ll_err_set(err, LL_EUSAGE, "%s: nothing to save: the model was not trained", path);
}

int ll_exp_load(const struct ll_exp_cfg *c, const char *path, const char *fingerprint, struct ll_exp **out,
		struct ll_err *err)
{
	*out = NULL;
	int rc = ll_exp_check(c, NULL, err);
	if (rc)
		return rc;
	struct ll_exp *e = calloc(1, sizeof *e);
	if (!e)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	e->cfg = *c;
	e->steps = 1;
	if (c->model == LL_EXP_KMEANS) {
		rc = ll_kmeans_load(path, fingerprint, &e->km, err);
		if (rc == LL_OK)
			e->d = ll_kmeans_dim(e->km);
	} else if (c->model == LL_EXP_LSTM) {
		rc = ll_lstm_load(path, fingerprint, &e->lstm, err);
		if (rc == LL_OK) {
			const struct ll_lstm_cfg *lc = ll_lstm_config(e->lstm);
			e->d = lc->n_in;
			e->steps = lc->seq_len;
			e->nclasses = lc->n_classes;
		}
	} else {
		rc = ll_mlp_load(path, fingerprint, &e->mlp, err);
		if (rc == LL_OK) {
			const struct ll_mlp_cfg *mc = ll_mlp_config(e->mlp);
			e->d = mc->n_in;
			e->nclasses = mc->n_classes;
		}
	}
	if (rc) {
		ll_exp_free(e);
		return rc;
	}
	*out = e;
	return LL_OK;
}
