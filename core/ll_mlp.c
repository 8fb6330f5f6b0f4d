/*
 * ll_mlp.c - dense layers, softmax cross-entropy, backprop (see ll_mlp.h).
 *
 * Shapes for a batch of B rows, layer l mapping `in` to `out` units:
 *   forward   A[l+1] = act(A[l] W^T + b)          sgemm B x out x in
 *   backward  dW = dZ^T A[l]                      sgemm out x in x B
 *             db = column sums of dZ
 *             dA[l] = dZ W                        sgemm B x in x out
 * where dZ is the gradient at layer l's pre-activation. A[0] is the input
 * batch itself (not copied); A[L+1] holds the softmax probabilities.
 */
#include "ll_mlp.h"
#include "ll_featmat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ll_blas.h"
#include "ll_model_io.h"

struct ll_mlp {
	struct ll_mlp_cfg cfg;
	float *cw;         /* class weights, n_classes */
	size_t nlayers;    /* n_hidden + 1 */
	size_t in[LL_MLP_MAX_HIDDEN + 1], out[LL_MLP_MAX_HIDDEN + 1];
	size_t woff[LL_MLP_MAX_HIDDEN + 1], boff[LL_MLP_MAX_HIDDEN + 1];
	size_t nparams, maxw;
	float *w, *g;
	/* work buffers for `cap` rows */
	size_t cap;
	float *act[LL_MLP_MAX_HIDDEN + 2]; /* act[l] for l >= 1: output of layer l-1 (after dropout) */
	float *pre[LL_MLP_MAX_HIDDEN + 2]; /* before dropout; == act[l] when there is no dropout */
	float *mask[LL_MLP_MAX_HIDDEN + 1];
	float *d0, *d1;    /* gradients w.r.t. activations, cap x maxw each */
	int borrowed;      /* a training thread's view: w and cw belong to another model */
};

/* Checks the configuration (LL_EUSAGE naming the bad field). */
static int ll_mlp_check(const struct ll_mlp_cfg *c, struct ll_err *err)
{
	if (c->n_in < 1)
		return ll_err_set(err, LL_EUSAGE, "mlp: the input width must be >= 1 (got %zu)", c->n_in);
	if (c->n_classes < 2)
		return ll_err_set(err, LL_EUSAGE, "mlp: at least 2 classes are needed (got %zu)", c->n_classes);
	if (c->n_hidden > LL_MLP_MAX_HIDDEN)
		return ll_err_set(err, LL_EUSAGE, "mlp: at most %d hidden layers (got %zu)", LL_MLP_MAX_HIDDEN,
				  c->n_hidden);
	for (size_t i = 0; i < c->n_hidden; i++)
		if (c->widths[i] < 1 || c->widths[i] > (1u << 20))
			return ll_err_set(err, LL_EUSAGE, "mlp: hidden layer %zu width must be 1..%u (got %zu)", i + 1,
					  1u << 20, c->widths[i]);
	if ((int)c->act < LL_ACT_RELU || c->act > LL_ACT_LINEAR)
		return ll_err_set(err, LL_EUSAGE, "mlp: unknown activation %d", (int)c->act);
	if (!(c->dropout >= 0.0f && c->dropout < 1.0f))
		return ll_err_set(err, LL_EUSAGE, "mlp: dropout must be in [0, 1) (got %g)", c->dropout);
	if (!(c->l2 >= 0.0f) || !isfinite(c->l2))
		return ll_err_set(err, LL_EUSAGE, "mlp: L2 penalty must be >= 0 (got %g)", c->l2);
	if (c->class_weight)
		for (size_t k = 0; k < c->n_classes; k++)
			if (!(c->class_weight[k] >= 0.0f) || !isfinite(c->class_weight[k]))
				return ll_err_set(err, LL_EUSAGE, "mlp: class weight %zu must be >= 0 (got %g)", k,
						  c->class_weight[k]);
	return LL_OK;
}

static void free_work(struct ll_mlp *m)
{
	for (size_t l = 1; l <= m->nlayers; l++) {
		if (m->pre[l] != m->act[l])
			free(m->pre[l]);
		free(m->act[l]);
		m->act[l] = m->pre[l] = NULL;
	}
	for (size_t l = 0; l < m->nlayers; l++) {
		free(m->mask[l]);
		m->mask[l] = NULL;
	}
	free(m->d0);
	free(m->d1);
	m->d0 = m->d1 = NULL;
	m->cap = 0;
}

void ll_mlp_free(struct ll_mlp *m)
{
	if (!m)
		return;
	free_work(m);
	if (!m->borrowed) {
		free(m->w);
		free(m->cw);
	}
	free(m->g);
	free(m);
}

/* Lays out the layers and allocates parameters; weights left zero. */
static int alloc_model(const struct ll_mlp_cfg *cfg, struct ll_mlp **out, struct ll_err *err)
{
	*out = NULL;
	int rc = ll_mlp_check(cfg, err);
	if (rc)
		return rc;
	struct ll_mlp *m = calloc(1, sizeof *m);
	if (!m)
		return ll_err_set(err, LL_ENOMEM, "mlp: out of memory");
	m->cfg = *cfg;
	m->nlayers = cfg->n_hidden + 1;
	size_t off = 0, prev = cfg->n_in;
	m->maxw = cfg->n_in;
	for (size_t l = 0; l < m->nlayers; l++) {
		m->in[l] = prev;
		m->out[l] = l < cfg->n_hidden ? cfg->widths[l] : cfg->n_classes;
		m->woff[l] = off;
		off += m->out[l] * m->in[l];
		m->boff[l] = off;
		off += m->out[l];
		prev = m->out[l];
		if (m->out[l] > m->maxw)
			m->maxw = m->out[l];
	}
	m->nparams = off;
	m->w = calloc(off, sizeof(float));
	m->g = calloc(off, sizeof(float));
	m->cw = malloc(cfg->n_classes * sizeof(float));
	if (!m->w || !m->g || !m->cw) {
		ll_mlp_free(m);
		return ll_err_set(err, LL_ENOMEM, "mlp: out of memory for %zu parameters", off);
	}
	for (size_t k = 0; k < cfg->n_classes; k++)
		m->cw[k] = cfg->class_weight ? cfg->class_weight[k] : 1.0f;
	m->cfg.class_weight = m->cw;
	*out = m;
	return LL_OK;
}

int ll_mlp_new(const struct ll_mlp_cfg *cfg, struct ll_mlp **out, struct ll_err *err)
{
	struct ll_mlp *m;
	int rc = alloc_model(cfg, &m, err);
	if (rc)
		return rc;
	struct ll_rng *r = ll_rng_new(cfg->seed);
	if (!r) {
		ll_mlp_free(m);
		return ll_err_set(err, LL_ENOMEM, "mlp: out of memory");
	}
	/* Glorot & Bengio's uniform initialisation, as scikit-learn does */
	for (size_t l = 0; l < m->nlayers; l++) {
		double bound = sqrt(6.0 / (double)(m->in[l] + m->out[l]));
		float *w = m->w + m->woff[l];
		for (size_t i = 0; i < m->in[l] * m->out[l]; i++)
			w[i] = (float)((2.0 * ll_rng_uniform(r) - 1.0) * bound);
	}
	ll_rng_free(r);
	*out = m;
	return LL_OK;
}

const struct ll_mlp_cfg *ll_mlp_config(const struct ll_mlp *m)
{
	return &m->cfg;
}

size_t ll_mlp_nparams(const struct ll_mlp *m)
{
	return m->nparams;
}

float *ll_mlp_params(struct ll_mlp *m)
{
	return m->w;
}

float *ll_mlp_grads(struct ll_mlp *m)
{
	return m->g;
}

size_t ll_mlp_w_offset(const struct ll_mlp *m, size_t l)
{
	return m->woff[l];
}

size_t ll_mlp_b_offset(const struct ll_mlp *m, size_t l)
{
	return m->boff[l];
}

int ll_mlp_reserve(struct ll_mlp *m, size_t rows, struct ll_err *err)
{
	if (rows == 0)
		return ll_err_set(err, LL_EUSAGE, "mlp: batch size must be >= 1");
	if (rows <= m->cap)
		return LL_OK;
	free_work(m);
	int drop = m->cfg.dropout > 0.0f;
	int ok = 1;
	for (size_t l = 0; l < m->nlayers; l++) {
		size_t n = rows * m->out[l];
		ok &= (m->act[l + 1] = malloc(n * sizeof(float))) != NULL;
		if (drop && l + 1 < m->nlayers) {
			ok &= (m->pre[l + 1] = malloc(n * sizeof(float))) != NULL;
			ok &= (m->mask[l] = malloc(n * sizeof(float))) != NULL;
		} else {
			m->pre[l + 1] = m->act[l + 1];
		}
	}
	ok &= (m->d0 = malloc(rows * m->maxw * sizeof(float))) != NULL;
	ok &= (m->d1 = malloc(rows * m->maxw * sizeof(float))) != NULL;
	if (!ok) {
		free_work(m);
		return ll_err_set(err, LL_ENOMEM, "mlp: out of memory for a batch of %zu rows", rows);
	}
	m->cap = rows;
	return LL_OK;
}

/* Forward pass; returns the probabilities (nb x n_classes). */
/* Layers l0.. of the forward pass from a, the input of layer l0; with
 * first_done, layer l0's product a W^T + b is already in pre[l0 + 1]
 * (without its activation). */
static const float *forward_from(struct ll_mlp *m, size_t l0, const float *a, size_t nb, struct ll_rng *rng,
				 int first_done)
{
	float p = m->cfg.dropout;
	for (size_t l = l0; l < m->nlayers; l++) {
		size_t in = m->in[l], out = m->out[l];
		float *y = m->pre[l + 1];
		int last = l + 1 == m->nlayers, relu = !last && m->cfg.act == LL_ACT_RELU;
		/* y = act(a W^T + b): bias and ReLU in the product's store */
		if (l == l0 && first_done) {
			if (!last)
				ll_k_act_forward(m->cfg.act, y, nb * out);
			relu = 1; /* the activation is applied */
		} else {
			ll_sgemm_bias(0, 1, nb, out, in, a, in, m->w + m->woff[l], in, y, out, m->w + m->boff[l], relu);
		}
		if (last) {
			ll_k_softmax_rows(y, nb, out);
			break;
		}
		if (!relu)
			ll_k_act_forward(m->cfg.act, y, nb * out);
		if (m->pre[l + 1] != m->act[l + 1]) {
			/* inverted dropout when training; a plain copy otherwise */
			float *mk = m->mask[l], *dst = m->act[l + 1];
			size_t n = nb * out;
			if (rng) {
				float keep = 1.0f / (1.0f - p);
				for (size_t i = 0; i < n; i++)
					mk[i] = ll_rng_uniform(rng) < p ? 0.0f : keep;
			} else {
				for (size_t i = 0; i < n; i++)
					mk[i] = 1.0f;
			}
			for (size_t i = 0; i < n; i++)
				dst[i] = y[i] * mk[i];
		}
		a = m->act[l + 1];
	}
	return m->act[m->nlayers];
}

static const float *forward(struct ll_mlp *m, const float *X, size_t nb, struct ll_rng *rng)
{
	return forward_from(m, 0, X, nb, rng, 0);
}

static int check_labels(const struct ll_mlp *m, const int *y, size_t n, struct ll_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (y[i] < 0 || (size_t)y[i] >= m->cfg.n_classes)
			return ll_err_set(err, LL_EDATA, "mlp: row %zu has class id %d outside 0..%zu", i, y[i],
					  m->cfg.n_classes - 1);
	return LL_OK;
}

int ll_mlp_grad(struct ll_mlp *m, const float *X, const int *y, const float *w, size_t nb, struct ll_rng *rng,
		double *loss, struct ll_err *err)
{
	if (nb == 0 || nb > m->cap)
		return ll_err_set(err, LL_EUSAGE, "mlp: batch of %zu rows outside the reserved 1..%zu", nb, m->cap);
	int rc = check_labels(m, y, nb, err);
	if (rc)
		return rc;
	const float *P = forward(m, X, nb, rng);
	size_t C = m->cfg.n_classes, L = m->nlayers;
	/* dZ = s_i (P - onehot(y)) / nb at the output */
	float *dz = m->d0, *da = m->d1;
	double sum = 0;
	float inv = 1.0f / (float)nb;
	for (size_t i = 0; i < nb; i++) {
		float s = m->cw[y[i]] * (w ? w[i] : 1.0f);
		const float *p = P + i * C;
		float *d = dz + i * C;
		float py = p[y[i]];
		sum -= (double)s * log(py > 1e-30f || py != py ? py : 1e-30f); /* NaN must show */
		for (size_t k = 0; k < C; k++)
			d[k] = s * inv * p[k];
		d[y[i]] -= s * inv;
	}
	sum /= (double)nb;
	/* each layer's product (beta 0) and column sum write its part of the
	 * gradient whole, so nothing is zeroed first: the own kernel's beta 0
	 * costs nothing, and OpenBLAS's pass over C for it is the memset's */
	for (size_t l = L; l-- > 0;) {
		size_t in = m->in[l], out = m->out[l];
		const float *a = l ? m->act[l] : X;
		float *W = m->w + m->woff[l];
		ll_sgemm(1, 0, out, in, nb, 1.0f, dz, out, a, in, 0.0f, m->g + m->woff[l], in);
		ll_k_colsum(dz, nb, out, m->g + m->boff[l], 0);
		if (m->cfg.l2 > 0.0f) {
			sum += 0.5 * m->cfg.l2 * ll_sdot(in * out, W, W);
			ll_saxpy(in * out, m->cfg.l2, W, m->g + m->woff[l]);
		}
		if (l == 0)
			break;
		ll_sgemm(0, 0, nb, in, out, 1.0f, dz, out, W, in, 0.0f, da, in);
		if (m->mask[l - 1]) {
			const float *mk = m->mask[l - 1];
			for (size_t i = 0; i < nb * in; i++)
				da[i] *= mk[i];
		}
		ll_k_act_backward(m->cfg.act, m->pre[l], da, nb * in);
		float *t = dz;
		dz = da;
		da = t;
	}
	*loss = sum;
	return LL_OK;
}

static int ensure_cap(struct ll_mlp *m, struct ll_err *err)
{
	return m->cap ? LL_OK : ll_mlp_reserve(m, 256, err);
}

int ll_mlp_predict_proba(struct ll_mlp *m, const float *X, size_t n, float *proba, struct ll_err *err)
{
	int rc = ensure_cap(m, err);
	if (rc)
		return rc;
	size_t C = m->cfg.n_classes, d = m->cfg.n_in;
	for (size_t i = 0; i < n; i += m->cap) {
		size_t nb = n - i < m->cap ? n - i : m->cap;
		const float *P = forward(m, X + i * d, nb, NULL);
		memcpy(proba + i * C, P, nb * C * sizeof(float));
	}
	return LL_OK;
}

int ll_mlp_predict_proba_csr(struct ll_mlp *m, const struct ll_csr *X, const size_t *rows, size_t n, float *proba,
			     struct ll_err *err)
{
	int rc = ensure_cap(m, err);
	if (rc)
		return rc;
	if (X->cols != m->cfg.n_in)
		return ll_err_set(err, LL_EUSAGE, "mlp: data has %zu columns, the model expects %zu", X->cols,
				  m->cfg.n_in);
	size_t C = m->cfg.n_classes, in = m->in[0], out = m->out[0];
	const float *W = m->w + m->woff[0], *b = m->w + m->boff[0];
	double *acc = malloc(out * sizeof *acc);
	if (!acc)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i += m->cap) {
		size_t nb = n - i < m->cap ? n - i : m->cap;
		/* the first layer touches only the stored values: a line of a
		 * few dozen tokens costs that many columns of W, not all of them */
		float *y = m->pre[1];
		for (size_t r = 0; r < nb; r++) {
			size_t row = rows ? rows[i + r] : i + r;
			for (size_t o = 0; o < out; o++)
				acc[o] = b[o];
			for (size_t e = X->indptr[row]; e < X->indptr[row + 1]; e++) {
				size_t j = X->indices[e];
				double v = X->values[e];
				if (j >= in)
					continue;
				for (size_t o = 0; o < out; o++)
					acc[o] += v * W[o * in + j];
			}
			for (size_t o = 0; o < out; o++)
				y[r * out + o] = (float)acc[o];
		}
		const float *P = forward_from(m, 0, NULL, nb, NULL, 1);
		memcpy(proba + i * C, P, nb * C * sizeof(float));
	}
	free(acc);
	return LL_OK;
}

int ll_mlp_evaluate(struct ll_mlp *m, const struct ll_xy *data, double *loss, double *accuracy, struct ll_err *err)
{
	if (data->d != m->cfg.n_in)
		return ll_err_set(err, LL_EUSAGE, "mlp: data has %zu columns, the model expects %zu", data->d,
				  m->cfg.n_in);
	int rc = ensure_cap(m, err);
	if (rc)
		return rc;
	rc = check_labels(m, data->y, data->n, err);
	if (rc)
		return rc;
	size_t C = m->cfg.n_classes, d = m->cfg.n_in, right = 0;
	double sum = 0;
	for (size_t i = 0; i < data->n; i += m->cap) {
		size_t nb = data->n - i < m->cap ? data->n - i : m->cap;
		const float *P = forward(m, data->X + i * d, nb, NULL);
		for (size_t r = 0; r < nb; r++) {
			const float *p = P + r * C;
			int y = data->y[i + r];
			float s = m->cw[y] * (data->w ? data->w[i + r] : 1.0f);
			sum -= (double)s * log(p[y] > 1e-30f ? p[y] : 1e-30f);
			size_t best = 0;
			for (size_t k = 1; k < C; k++)
				if (p[k] > p[best])
					best = k;
			right += best == (size_t)y;
		}
	}
	if (loss)
		*loss = data->n ? sum / (double)data->n : NAN;
	if (accuracy)
		*accuracy = data->n ? (double)right / (double)data->n : NAN;
	return LL_OK;
}

/* ---- training task ---- */

static int task_batch(void *ctx, const size_t *idx, size_t nb, struct ll_rng *rng, double *loss,
		      struct ll_err *err)
{
	struct ll_mlp_task *t = ctx;
	size_t d = t->train.d;
	for (size_t i = 0; i < nb; i++) {
		size_t r = idx[i];
		memcpy(t->xb + i * d, t->train.X + r * d, d * sizeof(float));
		t->yb[i] = t->train.y[r];
		if (t->wb)
			t->wb[i] = t->train.w[r];
	}
	return ll_mlp_grad(t->m, t->xb, t->yb, t->wb, nb, rng, loss, err);
}

static int task_eval(void *ctx, double *loss, double *metric, struct ll_err *err)
{
	struct ll_mlp_task *t = ctx;
	return ll_mlp_evaluate(t->m, &t->dev, loss, metric, err);
}

static void task_worker_free(void *wctx)
{
	struct ll_mlp_task *w = wctx;
	ll_mlp_free(w->m);
	ll_mlp_task_free(w);
	free(w);
}

/* Another training thread's task: the same data and parameters, its own
 * batch buffers, activations and gradient array. */
static int task_worker_new(void *ctx, void **wctx, float **grads, struct ll_err *err)
{
	struct ll_mlp_task *t = ctx, *w = calloc(1, sizeof *w);
	struct ll_mlp *m = calloc(1, sizeof *m);
	if (w && m) {
		*m = *t->m;
		m->borrowed = 1;
		m->cap = 0;
		memset(m->act, 0, sizeof m->act);
		memset(m->pre, 0, sizeof m->pre);
		memset(m->mask, 0, sizeof m->mask);
		m->d0 = m->d1 = NULL;
		m->g = calloc(m->nparams, sizeof(float));
	}
	if (!w || !m || !m->g) {
		free(w);
		ll_mlp_free(m);
		return ll_err_set(err, LL_ENOMEM, "mlp: out of memory for a training thread");
	}
	*w = *t;
	w->m = m;
	w->xb = NULL;
	w->yb = NULL;
	w->wb = NULL;
	size_t batch = t->task.max_batch;
	int rc = ll_mlp_reserve(m, batch, err);
	if (rc == LL_OK) {
		w->xb = malloc(batch * t->train.d * sizeof(float));
		w->yb = malloc(batch * sizeof(int));
		if (t->train.w)
			w->wb = malloc(batch * sizeof(float));
		if (!w->xb || !w->yb || (t->train.w && !w->wb))
			rc = ll_err_set(err, LL_ENOMEM, "mlp: out of memory for a training thread");
	}
	if (rc) {
		task_worker_free(w);
		return rc;
	}
	*wctx = w;
	*grads = m->g;
	return LL_OK;
}

static int check_data(const struct ll_mlp *m, const struct ll_xy *xy, const char *what, struct ll_err *err)
{
	if (!xy->X || !xy->y)
		return ll_err_set(err, LL_EUSAGE, "mlp: %s data has no X or y", what);
	if (xy->d != m->cfg.n_in)
		return ll_err_set(err, LL_EUSAGE, "mlp: %s data has %zu columns, the model expects %zu", what, xy->d,
				  m->cfg.n_in);
	if (xy->n == 0)
		return ll_err_set(err, LL_EUSAGE, "mlp: %s data has no rows", what);
	for (size_t i = 0; i < xy->n; i++)
		if (xy->y[i] < 0 || (size_t)xy->y[i] >= m->cfg.n_classes)
			return ll_err_set(err, LL_EDATA, "mlp: %s data: row %zu has class id %d outside 0..%zu", what, i,
					  xy->y[i], m->cfg.n_classes - 1);
	for (size_t i = 0; i < xy->n * xy->d; i++)
		if (!isfinite(xy->X[i]))
			return ll_err_set(err, LL_EDATA, "mlp: %s data: row %zu column %zu is not a finite number", what,
					  i / xy->d, i % xy->d);
	if (xy->w)
		for (size_t i = 0; i < xy->n; i++)
			if (!(xy->w[i] >= 0.0f) || !isfinite(xy->w[i]))
				return ll_err_set(err, LL_EDATA, "mlp: %s data: row %zu has sample weight %g (must be >= 0)",
						  what, i, xy->w[i]);
	return LL_OK;
}

int ll_mlp_task_init(struct ll_mlp_task *t, struct ll_mlp *m, const struct ll_xy *train, const struct ll_xy *dev,
		     size_t batch, struct ll_err *err)
{
	memset(t, 0, sizeof *t);
	if (batch == 0)
		return ll_err_set(err, LL_EUSAGE, "mlp: batch size must be >= 1 (got 0)");
	int rc = check_data(m, train, "training", err);
	if (!rc && dev)
		rc = check_data(m, dev, "dev", err);
	if (!rc)
		rc = ll_mlp_reserve(m, batch, err);
	if (rc)
		return rc;
	t->m = m;
	t->train = *train;
	if (dev) {
		t->dev = *dev;
		t->has_dev = 1;
	}
	t->xb = malloc(batch * train->d * sizeof(float));
	t->yb = malloc(batch * sizeof(int));
	if (train->w)
		t->wb = malloc(batch * sizeof(float));
	if (!t->xb || !t->yb || (train->w && !t->wb)) {
		ll_mlp_task_free(t);
		return ll_err_set(err, LL_ENOMEM, "mlp: out of memory for a batch of %zu rows", batch);
	}
	t->task.ctx = t;
	t->task.n_train = train->n;
	t->task.max_batch = batch;
	t->task.nparams = m->nparams;
	t->task.params = m->w;
	t->task.grads = m->g;
	t->task.batch = task_batch;
	t->task.evaluate = dev ? task_eval : NULL;
	t->task.worker_new = task_worker_new;
	t->task.worker_free = task_worker_free;
	return LL_OK;
}

void ll_mlp_task_free(struct ll_mlp_task *t)
{
	free(t->xb);
	free(t->yb);
	free(t->wb);
	t->xb = NULL;
	t->yb = NULL;
	t->wb = NULL;
}

int ll_mlp_fit(struct ll_mlp *m, const struct ll_xy *train, const struct ll_xy *dev, const struct ll_train_cfg *cfg,
	       struct ll_train_result *res, struct ll_err *err)
{
	struct ll_mlp_task t;
	int rc = ll_mlp_task_init(&t, m, train, dev, cfg->batch, err);
	if (rc)
		return rc;
	rc = ll_train_run(&t.task, cfg, res, err);
	ll_mlp_task_free(&t);
	return rc;
}

/* ---- model files ----
 * kind "mlp"; sections:
 *   "shape"   i64[4 + n_hidden]: n_in, n_classes, n_hidden, activation, widths...
 *   "hyper"   f32[2]: dropout, l2
 *   "classw"  f32[n_classes]: class weights
 *   "params"  f32[nparams]: the flat parameter array (layout in ll_mlp.h)
 */
int ll_mlp_save(const struct ll_mlp *m, const char *path, const char *fingerprint, struct ll_err *err)
{
	struct ll_mio *f;
	int rc = ll_mio_new("mlp", fingerprint, &f, err);
	if (rc)
		return rc;
	int64_t shape[4 + LL_MLP_MAX_HIDDEN];
	shape[0] = (int64_t)m->cfg.n_in;
	shape[1] = (int64_t)m->cfg.n_classes;
	shape[2] = (int64_t)m->cfg.n_hidden;
	shape[3] = (int64_t)m->cfg.act;
	for (size_t i = 0; i < m->cfg.n_hidden; i++)
		shape[4 + i] = (int64_t)m->cfg.widths[i];
	float hyper[2] = { m->cfg.dropout, m->cfg.l2 };
	if (!(rc = ll_mio_put(f, "shape", LL_MIO_I64, shape, 4 + m->cfg.n_hidden, err)) &&
	    !(rc = ll_mio_put(f, "hyper", LL_MIO_F32, hyper, 2, err)) &&
	    !(rc = ll_mio_put(f, "classw", LL_MIO_F32, m->cw, m->cfg.n_classes, err)) &&
	    !(rc = ll_mio_put(f, "params", LL_MIO_F32, m->w, m->nparams, err)))
		rc = ll_mio_write(f, path, err);
	ll_mio_free(f);
	return rc;
}

int ll_mlp_load(const char *path, const char *fingerprint, struct ll_mlp **out, struct ll_err *err)
{
	*out = NULL;
	struct ll_mio *f;
	int rc = ll_mio_read(path, "mlp", fingerprint, &f, err);
	if (rc)
		return rc;
	long long ns = ll_mio_count(f, "shape", LL_MIO_I64);
	int64_t shape[4 + LL_MLP_MAX_HIDDEN];
	float hyper[2];
	struct ll_mlp_cfg cfg;
	memset(&cfg, 0, sizeof cfg);
	struct ll_mlp *m = NULL;
	if (ns < 4 || ns > 4 + LL_MLP_MAX_HIDDEN) {
		rc = ll_err_set(err, LL_EDATA, "%s: bad or missing 'shape' section", path);
		goto done;
	}
	if ((rc = ll_mio_get(f, "shape", LL_MIO_I64, shape, (size_t)ns, err)) ||
	    (rc = ll_mio_get(f, "hyper", LL_MIO_F32, hyper, 2, err)))
		goto done;
	if (shape[0] < 1 || shape[1] < 2 || shape[1] > (1 << 24) || shape[2] != ns - 4) {
		rc = ll_err_set(err, LL_EDATA, "%s: inconsistent 'shape' section", path);
		goto done;
	}
	cfg.n_in = (size_t)shape[0];
	cfg.n_classes = (size_t)shape[1];
	cfg.n_hidden = (size_t)shape[2];
	cfg.act = (enum ll_act)shape[3];
	for (size_t i = 0; i < cfg.n_hidden; i++)
		cfg.widths[i] = shape[4 + i] > 0 ? (size_t)shape[4 + i] : 0;
	cfg.dropout = hyper[0];
	cfg.l2 = hyper[1];
	/* the shape must account for the stored weights before the model is
	 * allocated: a crafted shape cannot ask for more than the file holds */
	double want = 0, prev = (double)cfg.n_in;
	for (size_t l = 0; l <= cfg.n_hidden; l++) {
		double o = l < cfg.n_hidden ? (double)cfg.widths[l] : (double)cfg.n_classes;
		want += (prev + 1) * o;
		prev = o;
	}
	if (want != (double)ll_mio_count(f, "params", LL_MIO_F32)) {
		rc = ll_err_set(err, LL_EDATA, "%s: the 'shape' section (%.0f parameters) does not match the %lld stored",
				path, want, ll_mio_count(f, "params", LL_MIO_F32));
		goto done;
	}
	struct ll_err e2;
	if (alloc_model(&cfg, &m, &e2)) {
		rc = ll_err_set(err, LL_EDATA, "%s: %s", path, e2.msg);
		goto done;
	}
	if ((rc = ll_mio_get(f, "classw", LL_MIO_F32, m->cw, cfg.n_classes, err)) ||
	    (rc = ll_mio_get(f, "params", LL_MIO_F32, m->w, m->nparams, err)))
		goto done;
done:
	ll_mio_free(f);
	if (rc) {
		ll_mlp_free(m);
		return rc;
	}
	*out = m;
	return LL_OK;
}
