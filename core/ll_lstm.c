/*
 * ll_lstm.c - LSTM forward, backprop through time, training task and model
 * files (see ll_lstm.h for the equations and layouts).
 *
 * Work buffers are time-major with the batch's actual size nb as stride:
 * step t of sequence b of a T x nb x W buffer is at (t * nb + b) * W, so
 * all the steps of a layer form one (T * nb) x W matrix for the batched
 * products. Gate buffers hold activated gates, which is all backward needs
 * (sig' = s(1-s), tanh' = 1-t^2).
 */
#include "ll_lstm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ll_blas.h"
#include "ll_gemm.h"
#include "ll_lstm_cell.h"
#include "ll_mat.h"
#include "ll_model_io.h"
#include "ll_rng.h"

#define LMAX LL_LSTM_MAX_LAYERS
/* Widest hidden layer whose W_h is kept packed for the recurrent products
 * (2 x 4H^2 floats a step otherwise packed again: 4 MiB at this width). */
#define PACK_MAX_H 512

struct ll_lstm {
	struct ll_lstm_cfg cfg;
	float *cw;
	size_t d0; /* input width of layer 0 */
	size_t in[LMAX], eoff, wx[LMAX], wh[LMAX], bo[LMAX], wout, bout, nparams;
	float *w, *g;
	size_t cap;
	float *x0;
	int *idb, *yb;
	float *wb;
	float *G[LMAX], *Cc[LMAX], *Tc[LMAX], *Hh[LMAX];
	float *dG, *dA, *dB, *dh, *dc, *P;
	float *Wp; /* a layer's W_h packed for ll_gemm_prepacked (NULL: H too large) */
	int borrowed; /* a training thread's view: w and cw belong to another model */
};

void ll_lstm_defaults(struct ll_lstm_cfg *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->hidden = 32;
	cfg->layers = 1;
	cfg->n_classes = 2;
	cfg->seed = 1;
}

/* Checks the configuration (LL_EUSAGE naming the bad field). */
static int ll_lstm_check(const struct ll_lstm_cfg *c, struct ll_err *err)
{
	if (c->vocab == 0 && c->n_in < 1)
		return ll_err_set(err, LL_EUSAGE, "lstm: the input width must be >= 1 (or give a vocabulary)");
	if (c->vocab > 0 && c->n_in > 0)
		return ll_err_set(err, LL_EUSAGE, "lstm: give either numeric inputs (n_in) or ids (vocab), not both");
	if (c->vocab > 0 && (c->embed < 1 || c->embed > 4096))
		return ll_err_set(err, LL_EUSAGE, "lstm: embedding width must be 1..4096 (got %zu)", c->embed);
	if (c->vocab > (1u << 26))
		return ll_err_set(err, LL_EUSAGE, "lstm: vocabulary of %zu ids is too large", c->vocab);
	if (c->seq_len < 1 || c->seq_len > 100000)
		return ll_err_set(err, LL_EUSAGE, "lstm: sequence length must be 1..100000 (got %zu)", c->seq_len);
	if (c->hidden < 1 || c->hidden > 8192)
		return ll_err_set(err, LL_EUSAGE, "lstm: hidden width must be 1..8192 (got %zu)", c->hidden);
	if (c->layers < 1 || c->layers > LMAX)
		return ll_err_set(err, LL_EUSAGE, "lstm: layers must be 1..%d (got %zu)", LMAX, c->layers);
	if (c->n_classes < 2)
		return ll_err_set(err, LL_EUSAGE, "lstm: at least 2 classes are needed (got %zu)", c->n_classes);
	if (!(c->l2 >= 0.0f) || !isfinite(c->l2))
		return ll_err_set(err, LL_EUSAGE, "lstm: L2 penalty must be >= 0 (got %g)", c->l2);
	if (c->class_weight)
		for (size_t k = 0; k < c->n_classes; k++)
			if (!(c->class_weight[k] >= 0.0f) || !isfinite(c->class_weight[k]))
				return ll_err_set(err, LL_EUSAGE, "lstm: class weight %zu must be >= 0 (got %g)", k,
						  c->class_weight[k]);
	return LL_OK;
}

static void free_work(struct ll_lstm *m)
{
	free(m->x0);
	free(m->idb);
	free(m->yb);
	free(m->wb);
	for (size_t l = 0; l < LMAX; l++) {
		free(m->G[l]);
		free(m->Cc[l]);
		free(m->Tc[l]);
		free(m->Hh[l]);
		m->G[l] = m->Cc[l] = m->Tc[l] = m->Hh[l] = NULL;
	}
	free(m->dG);
	free(m->dA);
	free(m->dB);
	free(m->dh);
	free(m->dc);
	free(m->P);
	free(m->Wp);
	m->x0 = m->wb = m->dG = m->dA = m->dB = m->dh = m->dc = m->P = m->Wp = NULL;
	m->idb = m->yb = NULL;
	m->cap = 0;
}

void ll_lstm_free(struct ll_lstm *m)
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

static int alloc_model(const struct ll_lstm_cfg *cfg, struct ll_lstm **out, struct ll_err *err)
{
	*out = NULL;
	int rc = ll_lstm_check(cfg, err);
	if (rc)
		return rc;
	struct ll_lstm *m = calloc(1, sizeof *m);
	if (!m)
		return ll_err_set(err, LL_ENOMEM, "lstm: out of memory");
	m->cfg = *cfg;
	size_t H = cfg->hidden, off = 0;
	m->d0 = cfg->vocab ? cfg->embed : cfg->n_in;
	m->eoff = 0;
	off += cfg->vocab * cfg->embed;
	for (size_t l = 0; l < cfg->layers; l++) {
		m->in[l] = l ? H : m->d0;
		m->wx[l] = off;
		off += 4 * H * m->in[l];
		m->wh[l] = off;
		off += 4 * H * H;
		m->bo[l] = off;
		off += 4 * H;
	}
	m->wout = off;
	off += cfg->n_classes * H;
	m->bout = off;
	off += cfg->n_classes;
	m->nparams = off;
	m->w = calloc(off, sizeof(float));
	m->g = calloc(off, sizeof(float));
	m->cw = malloc(cfg->n_classes * sizeof(float));
	if (!m->w || !m->g || !m->cw) {
		ll_lstm_free(m);
		return ll_err_set(err, LL_ENOMEM, "lstm: out of memory for %zu parameters", off);
	}
	for (size_t k = 0; k < cfg->n_classes; k++)
		m->cw[k] = cfg->class_weight ? cfg->class_weight[k] : 1.0f;
	m->cfg.class_weight = m->cw;
	*out = m;
	return LL_OK;
}

int ll_lstm_new(const struct ll_lstm_cfg *cfg, struct ll_lstm **out, struct ll_err *err)
{
	struct ll_lstm *m;
	int rc = alloc_model(cfg, &m, err);
	if (rc)
		return rc;
	struct ll_rng *r = ll_rng_new(cfg->seed);
	if (!r) {
		ll_lstm_free(m);
		return ll_err_set(err, LL_ENOMEM, "lstm: out of memory");
	}
	size_t H = cfg->hidden;
	double a = 1.0 / sqrt((double)H);
	for (size_t i = 0; i < cfg->vocab * cfg->embed; i++)
		m->w[i] = (float)ll_rng_gauss(r, 1.0 / sqrt((double)cfg->embed));
	for (size_t i = m->wx[0]; i < m->nparams; i++)
		m->w[i] = (float)((2.0 * ll_rng_uniform(r) - 1.0) * a);
	/* a forget gate that starts open lets gradient reach early steps
	 * (Jozefowicz et al., 2015) */
	for (size_t l = 0; l < cfg->layers; l++)
		for (size_t j = 0; j < H; j++)
			m->w[m->bo[l] + H + j] = 1.0f;
	ll_rng_free(r);
	*out = m;
	return LL_OK;
}

const struct ll_lstm_cfg *ll_lstm_config(const struct ll_lstm *m)
{
	return &m->cfg;
}

size_t ll_lstm_nparams(const struct ll_lstm *m)
{
	return m->nparams;
}

float *ll_lstm_params(struct ll_lstm *m)
{
	return m->w;
}

float *ll_lstm_grads(struct ll_lstm *m)
{
	return m->g;
}

size_t ll_lstm_embed_offset(const struct ll_lstm *m)
{
	return m->eoff;
}

size_t ll_lstm_wx_offset(const struct ll_lstm *m, size_t l)
{
	return m->wx[l];
}

size_t ll_lstm_wh_offset(const struct ll_lstm *m, size_t l)
{
	return m->wh[l];
}

size_t ll_lstm_b_offset(const struct ll_lstm *m, size_t l)
{
	return m->bo[l];
}

size_t ll_lstm_wout_offset(const struct ll_lstm *m)
{
	return m->wout;
}

static float *falloc(size_t n, int *ok)
{
	float *p = malloc((n ? n : 1) * sizeof(float));
	if (!p)
		*ok = 0;
	return p;
}

int ll_lstm_reserve(struct ll_lstm *m, size_t rows, struct ll_err *err)
{
	if (rows == 0)
		return ll_err_set(err, LL_EUSAGE, "lstm: batch size must be >= 1 (got 0)");
	if (rows <= m->cap)
		return LL_OK;
	free_work(m);
	size_t T = m->cfg.seq_len, H = m->cfg.hidden, C = m->cfg.n_classes;
	size_t TB = T * rows, wmax = m->d0 > H ? m->d0 : H;
	if (TB / T != rows || TB > ((size_t)1 << 40) / (4 * H + wmax))
		return ll_err_set(err, LL_ENOMEM, "lstm: a batch of %zu sequences is too large", rows);
	int ok = 1;
	m->x0 = falloc(TB * m->d0, &ok);
	m->idb = malloc(TB * sizeof(int));
	m->yb = malloc(TB * sizeof(int));
	m->wb = falloc(rows, &ok);
	ok &= m->idb && m->yb;
	for (size_t l = 0; l < m->cfg.layers; l++) {
		m->G[l] = falloc(TB * 4 * H, &ok);
		m->Cc[l] = falloc(TB * H, &ok);
		m->Tc[l] = falloc(TB * H, &ok);
		m->Hh[l] = falloc(TB * H, &ok);
	}
	m->dG = falloc(TB * 4 * H, &ok);
	m->dA = falloc(TB * wmax, &ok);
	m->dB = falloc(TB * wmax, &ok);
	m->dh = falloc(rows * H, &ok);
	m->dc = falloc(rows * H, &ok);
	m->P = falloc(TB * C, &ok);
	if (H <= PACK_MAX_H) {
		size_t f = ll_gemm_packed_floats(4 * H, H), b = ll_gemm_packed_floats(H, 4 * H);
		m->Wp = falloc(f > b ? f : b, &ok);
	}
	if (!ok) {
		free_work(m);
		return ll_err_set(err, LL_ENOMEM, "lstm: out of memory for a batch of %zu sequences", rows);
	}
	m->cap = rows;
	return LL_OK;
}

int ll_lstm_check_data(const struct ll_lstm *m, const struct ll_seqs *s, struct ll_err *err)
{
	const struct ll_lstm_cfg *c = &m->cfg;
	size_t T = c->seq_len;
	if (c->vocab ? !s->ids : !s->X)
		return ll_err_set(err, LL_EUSAGE, "lstm: the model expects %s input", c->vocab ? "id" : "numeric");
	if (s->n == 0)
		return ll_err_set(err, LL_EUSAGE, "lstm: no sequences");
	size_t nrows = s->nrows ? s->nrows : s->n * T;
	if (!s->start && nrows < s->n * T)
		return ll_err_set(err, LL_EDATA, "lstm: %zu rows cannot hold %zu sequences of %zu steps", nrows, s->n, T);
	for (size_t i = 0; i < s->n; i++) {
		size_t base = s->start ? s->start[i] : i * T;
		if (base > nrows || nrows - base < T)
			return ll_err_set(err, LL_EDATA, "lstm: sequence %zu (rows %zu..%zu) runs past the %zu rows", i,
					  base, base + T - 1, nrows);
		if (!c->vocab)
			for (size_t t = 0; t < T * c->n_in; t++)
				if (!isfinite(s->X[base * c->n_in + t]))
					return ll_err_set(err, LL_EDATA, "lstm: sequence %zu step %zu is not a finite number", i,
							  t / c->n_in);
		if (c->vocab)
			for (size_t t = 0; t < T; t++)
				if (s->ids[base + t] < 0 || (size_t)s->ids[base + t] >= c->vocab)
					return ll_err_set(err, LL_EDATA, "lstm: sequence %zu step %zu has id %d outside 0..%zu",
							  i, t, s->ids[base + t], c->vocab - 1);
		size_t ny = !s->y ? 0 : c->many_to_many ? T : 1; /* prediction needs no labels */
		for (size_t t = 0; t < ny; t++) {
			int y = s->y[i * ny + t];
			if (y < 0 || (size_t)y >= c->n_classes)
				return ll_err_set(err, LL_EDATA, "lstm: sequence %zu has class id %d outside 0..%zu", i, y,
						  c->n_classes - 1);
		}
		if (s->w && (!(s->w[i] >= 0.0f) || !isfinite(s->w[i])))
			return ll_err_set(err, LL_EDATA, "lstm: sequence %zu has sample weight %g (must be >= 0)", i,
					  s->w[i]);
	}
	return LL_OK;
}

/* Copies sequences (idx[k] or off + k) into the time-major input buffer. */
static void gather(struct ll_lstm *m, const struct ll_seqs *s, const size_t *idx, size_t off, size_t nb)
{
	const struct ll_lstm_cfg *c = &m->cfg;
	size_t T = c->seq_len, d = m->d0;
	for (size_t k = 0; k < nb; k++) {
		size_t i = idx ? idx[k] : off + k;
		size_t base = s->start ? s->start[i] : i * T;
		for (size_t t = 0; t < T; t++) {
			float *dst = m->x0 + (t * nb + k) * d;
			if (c->vocab) {
				int id = s->ids[base + t];
				m->idb[t * nb + k] = id;
				memcpy(dst, m->w + m->eoff + (size_t)id * d, d * sizeof(float));
			} else {
				memcpy(dst, s->X + (base + t) * d, d * sizeof(float));
			}
			if (c->many_to_many)
				m->yb[t * nb + k] = s->y ? s->y[i * T + t] : 0;
		}
		if (!c->many_to_many)
			m->yb[k] = s->y ? s->y[i] : 0;
		m->wb[k] = s->w ? s->w[i] : 1.0f;
	}
}

/* 1 when the recurrent products go to ll_gemm_prepacked on m->Wp. */
static int packed(const struct ll_lstm *m)
{
	return m->Wp && ll_blas_own_prepacked();
}

/* Forward through all layers and the output; probabilities in m->P. */
static void forward(struct ll_lstm *m, size_t nb)
{
	const struct ll_lstm_cfg *c = &m->cfg;
	size_t T = c->seq_len, H = c->hidden, C = c->n_classes, TB = T * nb;
	for (size_t l = 0; l < c->layers; l++) {
		size_t in = m->in[l];
		const float *X = l ? m->Hh[l - 1] : m->x0;
		float *G = m->G[l];
		const float *Wh = m->w + m->wh[l];
		int pk = packed(m);
		/* the input projection of all steps; on the own kernel with the
		 * bias added in its store, not in a pass of its own over G */
		if (!pk || ll_gemm(0, 1, TB, 4 * H, in, 1.0f, X, in, m->w + m->wx[l], in, 0.0f, G, 4 * H,
				   m->w + m->bo[l], LL_GEMM_NONE)) {
			ll_k_fill_rows(G, TB, 4 * H, m->w + m->bo[l]);
			ll_sgemm(0, 1, TB, 4 * H, in, 1.0f, X, in, m->w + m->wx[l], in, 1.0f, G, 4 * H);
		}
		if (pk && T > 1)
			ll_gemm_pack(1, 4 * H, H, Wh, H, m->Wp);
		for (size_t t = 0; t < T; t++) {
			float *Gt = G + t * nb * 4 * H;
			float *ct = m->Cc[l] + t * nb * H, *tct = m->Tc[l] + t * nb * H, *ht = m->Hh[l] + t * nb * H;
			if (t > 0 && pk)
				ll_gemm_prepacked(0, nb, 4 * H, H, 1.0f, ht - nb * H, H, m->Wp, 1.0f, Gt, 4 * H, NULL,
						  LL_GEMM_NONE);
			else if (t > 0)
				ll_sgemm(0, 1, nb, 4 * H, H, 1.0f, ht - nb * H, H, Wh, H, 1.0f, Gt, 4 * H);
			ll_lstm_cell_fwd(Gt, t ? ct - nb * H : NULL, ct, tct, ht, nb, H);
		}
	}
	size_t rows = c->many_to_many ? TB : nb;
	const float *Hout = m->Hh[c->layers - 1] + (c->many_to_many ? 0 : (T - 1) * nb * H);
	ll_k_fill_rows(m->P, rows, C, m->w + m->bout);
	ll_sgemm(0, 1, rows, C, H, 1.0f, Hout, H, m->w + m->wout, H, 1.0f, m->P, C);
	ll_k_softmax_rows(m->P, rows, C);
}

/* Weight of output row r (time-major when many-to-many). */
static float row_weight(const struct ll_lstm *m, size_t r, size_t nb)
{
	return m->cw[m->yb[r]] * m->wb[r % nb];
}

int ll_lstm_grad(struct ll_lstm *m, const struct ll_seqs *s, const size_t *idx, size_t nb, double *loss,
		 struct ll_err *err)
{
	if (nb == 0 || nb > m->cap)
		return ll_err_set(err, LL_EUSAGE, "lstm: batch of %zu sequences outside the reserved 1..%zu", nb, m->cap);
	const struct ll_lstm_cfg *c = &m->cfg;
	size_t T = c->seq_len, H = c->hidden, C = c->n_classes, TB = T * nb, L = c->layers;
	gather(m, s, idx, 0, nb);
	forward(m, nb);
	size_t rows = c->many_to_many ? TB : nb;
	float *dz = m->P;
	double sum = 0;
	float inv = 1.0f / (float)rows;
	for (size_t r = 0; r < rows; r++) {
		int y = m->yb[r];
		float sw = row_weight(m, r, nb), *p = dz + r * C;
		sum -= (double)sw * log(p[y] > 1e-30f || p[y] != p[y] ? p[y] : 1e-30f); /* NaN must show */
		for (size_t k = 0; k < C; k++)
			p[k] *= sw * inv;
		p[y] -= sw * inv;
	}
	sum /= (double)rows;
	/* one memset, then every gradient product accumulates with beta = 1 */
	memset(m->g, 0, m->nparams * sizeof(float));
	const float *Hout = m->Hh[L - 1] + (c->many_to_many ? 0 : (T - 1) * nb * H);
	ll_sgemm(1, 0, C, H, rows, 1.0f, dz, C, Hout, H, 1.0f, m->g + m->wout, H);
	ll_k_colsum(dz, rows, C, m->g + m->bout, 1);
	float *dA = m->dA, *dB = m->dB;
	if (c->many_to_many) {
		ll_sgemm(0, 0, TB, H, C, 1.0f, dz, C, m->w + m->wout, H, 0.0f, dA, H);
	} else {
		/* only the last step has an upper gradient (the others pass NULL
		 * to the cell below, not a block of zeros) */
		ll_sgemm(0, 0, nb, H, C, 1.0f, dz, C, m->w + m->wout, H, 0.0f, dA + (T - 1) * nb * H, H);
	}
	for (size_t l = L; l-- > 0;) {
		size_t in = m->in[l];
		const float *G = m->G[l], *Wh = m->w + m->wh[l], *X = l ? m->Hh[l - 1] : m->x0;
		memset(m->dh, 0, nb * H * sizeof(float));
		memset(m->dc, 0, nb * H * sizeof(float));
		int pk = packed(m);
		if (pk && T > 1)
			ll_gemm_pack(0, H, 4 * H, Wh, H, m->Wp);
		for (size_t t = T; t-- > 0;) {
			if (c->bptt && t + 1 < T && (T - 1 - t) % c->bptt == 0) {
				/* a chunk boundary: no gradient flows to earlier chunks */
				memset(m->dh, 0, nb * H * sizeof(float));
				memset(m->dc, 0, nb * H * sizeof(float));
			}
			const float *cprev = t ? m->Cc[l] + (t - 1) * nb * H : NULL;
			float *dGt = m->dG + t * nb * 4 * H;
			const float *dAt = l == L - 1 && !c->many_to_many && t + 1 < T ? NULL : dA + t * nb * H;
			ll_lstm_cell_bwd(G + t * nb * 4 * H, m->Tc[l] + t * nb * H, cprev, dAt, m->dh, m->dc, dGt, nb, H);
			if (t > 0 && pk)
				ll_gemm_prepacked(0, nb, H, 4 * H, 1.0f, dGt, 4 * H, m->Wp, 0.0f, m->dh, H, NULL,
						  LL_GEMM_NONE);
			else if (t > 0)
				ll_sgemm(0, 0, nb, H, 4 * H, 1.0f, dGt, 4 * H, Wh, H, 0.0f, m->dh, H);
		}
		if (T > 1)
			ll_sgemm(1, 0, 4 * H, H, (T - 1) * nb, 1.0f, m->dG + nb * 4 * H, 4 * H, m->Hh[l], H, 1.0f,
				 m->g + m->wh[l], H);
		ll_sgemm(1, 0, 4 * H, in, TB, 1.0f, m->dG, 4 * H, X, in, 1.0f, m->g + m->wx[l], in);
		ll_k_colsum(m->dG, TB, 4 * H, m->g + m->bo[l], 1);
		if (l > 0 || c->vocab) {
			ll_sgemm(0, 0, TB, in, 4 * H, 1.0f, m->dG, 4 * H, m->w + m->wx[l], in, 0.0f, dB, in);
			float *t = dA;
			dA = dB;
			dB = t;
		}
	}
	if (c->vocab) {
		/* dA now holds the gradient of the embedded inputs */
		size_t d = m->d0;
		float *gE = m->g + m->eoff;
		for (size_t r = 0; r < TB; r++) {
			float *dst = gE + (size_t)m->idb[r] * d;
			const float *src = dA + r * d;
			for (size_t j = 0; j < d; j++)
				dst[j] += src[j];
		}
	}
	if (c->l2 > 0.0f) {
		for (size_t l = 0; l < L; l++) {
			size_t nx = 4 * H * m->in[l], nh = 4 * H * H;
			const float *wx = m->w + m->wx[l], *wh = m->w + m->wh[l];
			sum += 0.5 * c->l2 * ((double)ll_sdot(nx, wx, wx) + ll_sdot(nh, wh, wh));
			ll_saxpy(nx, c->l2, wx, m->g + m->wx[l]);
			ll_saxpy(nh, c->l2, wh, m->g + m->wh[l]);
		}
		const float *wo = m->w + m->wout;
		sum += 0.5 * c->l2 * ll_sdot(C * H, wo, wo);
		ll_saxpy(C * H, c->l2, wo, m->g + m->wout);
	}
	*loss = sum;
	return LL_OK;
}

static int ensure_cap(struct ll_lstm *m, struct ll_err *err)
{
	return m->cap ? LL_OK : ll_lstm_reserve(m, 64, err);
}

/* Runs fn over s in chunks of the reserved size after checking it. */
static int each_chunk(struct ll_lstm *m, const struct ll_seqs *s, struct ll_err *err,
		      void (*fn)(struct ll_lstm *m, size_t off, size_t nb, void *ud), void *ud)
{
	int rc = ensure_cap(m, err);
	if (!rc)
		rc = ll_lstm_check_data(m, s, err);
	if (rc)
		return rc;
	for (size_t off = 0; off < s->n; off += m->cap) {
		size_t nb = s->n - off < m->cap ? s->n - off : m->cap;
		gather(m, s, NULL, off, nb);
		forward(m, nb);
		fn(m, off, nb, ud);
	}
	return LL_OK;
}

static void copy_proba(struct ll_lstm *m, size_t off, size_t nb, void *ud)
{
	float *out = ud;
	size_t C = m->cfg.n_classes, T = m->cfg.seq_len;
	if (!m->cfg.many_to_many) {
		memcpy(out + off * C, m->P, nb * C * sizeof(float));
		return;
	}
	for (size_t t = 0; t < T; t++)
		for (size_t b = 0; b < nb; b++)
			memcpy(out + ((off + b) * T + t) * C, m->P + (t * nb + b) * C, C * sizeof(float));
}

int ll_lstm_predict_proba(struct ll_lstm *m, const struct ll_seqs *s, float *proba, struct ll_err *err)
{
	return each_chunk(m, s, err, copy_proba, proba);
}

struct evalacc {
	double loss, right, count;
};

static void acc_eval(struct ll_lstm *m, size_t off, size_t nb, void *ud)
{
	(void)off;
	struct evalacc *a = ud;
	size_t C = m->cfg.n_classes, rows = m->cfg.many_to_many ? m->cfg.seq_len * nb : nb;
	for (size_t r = 0; r < rows; r++) {
		const float *p = m->P + r * C;
		int y = m->yb[r];
		a->loss -= (double)row_weight(m, r, nb) * log(p[y] > 1e-30f ? p[y] : 1e-30f);
		size_t best = 0;
		for (size_t k = 1; k < C; k++)
			if (p[k] > p[best])
				best = k;
		a->right += best == (size_t)y;
	}
	a->count += (double)rows;
}

int ll_lstm_evaluate(struct ll_lstm *m, const struct ll_seqs *s, double *loss, double *accuracy, struct ll_err *err)
{
	if (!s->y)
		return ll_err_set(err, LL_EUSAGE, "lstm: evaluation needs labels");
	struct evalacc a = { 0, 0, 0 };
	int rc = each_chunk(m, s, err, acc_eval, &a);
	if (rc)
		return rc;
	if (loss)
		*loss = a.loss / a.count;
	if (accuracy)
		*accuracy = a.right / a.count;
	return LL_OK;
}

/* ---- training task ---- */

static int task_batch(void *ctx, const size_t *idx, size_t nb, struct ll_rng *rng, double *loss,
		      struct ll_err *err)
{
	(void)rng; /* no dropout in the LSTM */
	struct ll_lstm_task *t = ctx;
	return ll_lstm_grad(t->m, &t->train, idx, nb, loss, err);
}

static int task_eval(void *ctx, double *loss, double *metric, struct ll_err *err)
{
	struct ll_lstm_task *t = ctx;
	return ll_lstm_evaluate(t->m, &t->dev, loss, metric, err);
}

static void task_worker_free(void *wctx)
{
	struct ll_lstm_task *w = wctx;
	ll_lstm_free(w->m);
	free(w);
}

/* Another training thread's task: the same data and parameters, its own
 * work buffers and gradient array. */
static int task_worker_new(void *ctx, void **wctx, float **grads, struct ll_err *err)
{
	struct ll_lstm_task *t = ctx, *w = calloc(1, sizeof *w);
	struct ll_lstm *m = calloc(1, sizeof *m);
	if (w && m) {
		*m = *t->m;
		m->borrowed = 1;
		m->cap = 0;
		m->x0 = m->wb = m->dG = m->dA = m->dB = m->dh = m->dc = m->P = m->Wp = NULL;
		m->idb = m->yb = NULL;
		for (size_t l = 0; l < LMAX; l++)
			m->G[l] = m->Cc[l] = m->Tc[l] = m->Hh[l] = NULL;
		m->g = calloc(m->nparams, sizeof(float));
	}
	if (!w || !m || !m->g) {
		free(w);
		ll_lstm_free(m);
		return ll_err_set(err, LL_ENOMEM, "lstm: out of memory for a training thread");
	}
	*w = *t;
	w->m = m;
	int rc = ll_lstm_reserve(m, t->task.max_batch, err);
	if (rc) {
		task_worker_free(w);
		return rc;
	}
	*wctx = w;
	*grads = m->g;
	return LL_OK;
}

int ll_lstm_task_init(struct ll_lstm_task *t, struct ll_lstm *m, const struct ll_seqs *train,
		      const struct ll_seqs *dev, size_t batch, struct ll_err *err)
{
	memset(t, 0, sizeof *t);
	if (batch == 0)
		return ll_err_set(err, LL_EUSAGE, "lstm: batch size must be >= 1 (got 0)");
	if (!train->y || (dev && !dev->y))
		return ll_err_set(err, LL_EUSAGE, "lstm: training needs labels");
	int rc = ll_lstm_check_data(m, train, err);
	if (!rc && dev)
		rc = ll_lstm_check_data(m, dev, err);
	if (!rc)
		rc = ll_lstm_reserve(m, batch, err);
	if (rc)
		return rc;
	t->m = m;
	t->train = *train;
	if (dev) {
		t->dev = *dev;
		t->has_dev = 1;
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

void ll_lstm_task_free(struct ll_lstm_task *t)
{
	memset(t, 0, sizeof *t);
}

int ll_lstm_fit(struct ll_lstm *m, const struct ll_seqs *train, const struct ll_seqs *dev,
		const struct ll_train_cfg *cfg, struct ll_train_result *res, struct ll_err *err)
{
	struct ll_lstm_task t;
	int rc = ll_lstm_task_init(&t, m, train, dev, cfg->batch, err);
	if (rc)
		return rc;
	rc = ll_train_run(&t.task, cfg, res, err);
	ll_lstm_task_free(&t);
	return rc;
}

/* ---- model files ----
 * kind "lstm"; sections:
 *   "shape"   i64[9]: n_in, vocab, embed, seq_len, hidden, layers,
 *             n_classes, many_to_many, bptt
 *   "hyper"   f32[1]: l2
 *   "classw"  f32[n_classes]
 *   "params"  f32[nparams] (layout in ll_lstm.h)
 */
int ll_lstm_save(const struct ll_lstm *m, const char *path, const char *fingerprint, struct ll_err *err)
{
	const struct ll_lstm_cfg *c = &m->cfg;
	struct ll_mio *f;
	int rc = ll_mio_new("lstm", fingerprint, &f, err);
	if (rc)
		return rc;
	int64_t shape[9] = { (int64_t)c->n_in,   (int64_t)c->vocab,     (int64_t)c->embed,
			     (int64_t)c->seq_len, (int64_t)c->hidden,   (int64_t)c->layers,
			     (int64_t)c->n_classes, (int64_t)c->many_to_many, (int64_t)c->bptt };
	if (!(rc = ll_mio_put(f, "shape", LL_MIO_I64, shape, 9, err)) &&
	    !(rc = ll_mio_put(f, "hyper", LL_MIO_F32, &c->l2, 1, err)) &&
	    !(rc = ll_mio_put(f, "classw", LL_MIO_F32, m->cw, c->n_classes, err)) &&
	    !(rc = ll_mio_put(f, "params", LL_MIO_F32, m->w, m->nparams, err)))
		rc = ll_mio_write(f, path, err);
	ll_mio_free(f);
	return rc;
}

int ll_lstm_load(const char *path, const char *fingerprint, struct ll_lstm **out, struct ll_err *err)
{
	*out = NULL;
	struct ll_mio *f;
	int rc = ll_mio_read(path, "lstm", fingerprint, &f, err);
	if (rc)
		return rc;
	int64_t sh[9];
	struct ll_lstm_cfg c;
	memset(&c, 0, sizeof c);
	struct ll_lstm *m = NULL;
	if ((rc = ll_mio_get(f, "shape", LL_MIO_I64, sh, 9, err)) || (rc = ll_mio_get(f, "hyper", LL_MIO_F32, &c.l2, 1, err)))
		goto done;
	for (int i = 0; i < 9; i++)
		if (sh[i] < 0 || sh[i] > (1LL << 30)) {
			rc = ll_err_set(err, LL_EDATA, "%s: inconsistent 'shape' section", path);
			goto done;
		}
	c.n_in = (size_t)sh[0];
	c.vocab = (size_t)sh[1];
	c.embed = (size_t)sh[2];
	c.seq_len = (size_t)sh[3];
	c.hidden = (size_t)sh[4];
	c.layers = (size_t)sh[5];
	c.n_classes = (size_t)sh[6];
	c.many_to_many = (int)sh[7];
	c.bptt = (size_t)sh[8];
	/* the shape must account for the stored weights before the model is
	 * allocated (the sums of alloc_model, in double so they cannot wrap) */
	double want = (double)c.vocab * (double)c.embed, h = (double)c.hidden;
	double in = c.vocab ? (double)c.embed : (double)c.n_in;
	for (size_t l = 0; l < c.layers; l++) {
		want += 4 * h * (in + h + 1);
		in = h;
	}
	want += (double)c.n_classes * (h + 1);
	if (want != (double)ll_mio_count(f, "params", LL_MIO_F32)) {
		rc = ll_err_set(err, LL_EDATA, "%s: the 'shape' section (%.0f parameters) does not match the %lld stored",
				path, want, ll_mio_count(f, "params", LL_MIO_F32));
		goto done;
	}
	struct ll_err e2;
	if (alloc_model(&c, &m, &e2)) {
		rc = ll_err_set(err, LL_EDATA, "%s: %s", path, e2.msg);
		goto done;
	}
	if ((rc = ll_mio_get(f, "classw", LL_MIO_F32, m->cw, c.n_classes, err)) ||
	    (rc = ll_mio_get(f, "params", LL_MIO_F32, m->w, m->nparams, err)))
		goto done;
done:
	ll_mio_free(f);
	if (rc) {
		ll_lstm_free(m);
		return rc;
	}
	*out = m;
	return LL_OK;
}
