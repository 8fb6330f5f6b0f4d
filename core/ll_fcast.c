/*
 * ll_fcast.c - the LSTM forecaster of ll_fcast.h: forward, backpropagation
 * through the window, forecasts, and its model-file sections. Batches are
 * stored time-major (step t of every window together) so each step is one
 * product (on W_h packed once a batch where the own kernel takes them,
 * ll_blas_own_prepacked), and the input projection and the weight
 * gradients of all steps are one product each.
 */
#include "ll_fcast.h"

#include "ll_blas.h"
#include "ll_gemm.h"
#include "ll_lstm_cell.h"
#include "ll_mat.h"
#include "ll_model_io.h"
#include "ll_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ll_fcast {
	size_t d, T, h, np;
	float *p, *g;
	size_t cap;   /* reserved rows (windows) */
	float *Xt;    /* T x cap x d: the batch, time-major */
	float *G;     /* T x cap x 4h: activated gates */
	float *C, *H; /* (T + 1) x cap x h: cell and hidden states, [0] = 0 */
	float *TC;    /* T x cap x h: tanh(c_t) */
	float *Y;     /* cap x d */
	float *dH, *dC; /* cap x h */
	float *dG;    /* T x cap x 4h */
	float *Wp;    /* W_h packed for ll_gemm_prepacked (NULL: h too large) */
};

/* Widest hidden layer whose W_h is kept packed (as ll_lstm.c). */
#define PACK_MAX_H 512

#define WX(f) ((f)->p)
#define WH(f) (WX(f) + 4 * (f)->h * (f)->d)
#define BG(f) (WH(f) + 4 * (f)->h * (f)->h)
#define WO(f) (BG(f) + 4 * (f)->h)
#define BO(f) (WO(f) + (f)->d * (f)->h)

int ll_fcast_new(size_t d, size_t window, size_t hidden, uint64_t seed, struct ll_fcast **out, struct ll_err *err)
{
	*out = NULL;
	if (!d || !window || !hidden)
		return ll_err_set(err, LL_EUSAGE,
				  "forecaster: dimensions, window and hidden units must be >= 1 (got %zu, %zu, %zu)", d,
				  window, hidden);
	struct ll_fcast *f = calloc(1, sizeof *f);
	if (!f)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	f->d = d;
	f->T = window;
	f->h = hidden;
	f->np = 4 * hidden * (d + hidden + 1) + d * hidden + d;
	f->p = calloc(f->np, sizeof *f->p);
	f->g = calloc(f->np, sizeof *f->g);
	struct ll_rng *r = ll_rng_new(seed);
	if (!f->p || !f->g || !r) {
		ll_rng_free(r);
		ll_fcast_free(f);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	float lim = (float)(1.0 / sqrt((double)hidden));
	for (size_t i = 0; i < 4 * hidden * (d + hidden); i++)
		WX(f)[i] = (float)(2 * ll_rng_uniform(r) - 1) * lim;
	/* forget gates open: the cell keeps its state until taught otherwise */
	for (size_t k = 0; k < hidden; k++)
		BG(f)[hidden + k] = 1.0f;
	ll_rng_free(r);
	*out = f;
	return LL_OK;
}

static void free_bufs(struct ll_fcast *f)
{
	free(f->Xt);
	free(f->G);
	free(f->C);
	free(f->H);
	free(f->TC);
	free(f->Y);
	free(f->dH);
	free(f->dC);
	free(f->dG);
	free(f->Wp);
	f->Xt = f->G = f->C = f->H = f->TC = f->Y = f->dH = f->dC = f->dG = f->Wp = NULL;
	f->cap = 0;
}

void ll_fcast_free(struct ll_fcast *f)
{
	if (!f)
		return;
	free_bufs(f);
	free(f->p);
	free(f->g);
	free(f);
}

size_t ll_fcast_dims(const struct ll_fcast *f) { return f->d; }
size_t ll_fcast_window(const struct ll_fcast *f) { return f->T; }
size_t ll_fcast_hidden(const struct ll_fcast *f) { return f->h; }
size_t ll_fcast_nparams(const struct ll_fcast *f) { return f->np; }
float *ll_fcast_params(struct ll_fcast *f) { return f->p; }
float *ll_fcast_grads(struct ll_fcast *f) { return f->g; }

int ll_fcast_reserve(struct ll_fcast *f, size_t rows, struct ll_err *err)
{
	if (rows <= f->cap)
		return LL_OK;
	free_bufs(f);
	size_t T = f->T, h = f->h, d = f->d;
	f->Xt = malloc(T * rows * d * sizeof(float));
	f->G = malloc(T * rows * 4 * h * sizeof(float));
	f->C = malloc((T + 1) * rows * h * sizeof(float));
	f->H = malloc((T + 1) * rows * h * sizeof(float));
	f->TC = malloc(T * rows * h * sizeof(float));
	f->Y = malloc(rows * d * sizeof(float));
	f->dH = malloc(rows * h * sizeof(float));
	f->dC = malloc(rows * h * sizeof(float));
	f->dG = malloc(T * rows * 4 * h * sizeof(float));
	int pk_ok = 1;
	if (h <= PACK_MAX_H) {
		size_t a = ll_gemm_packed_floats(4 * h, h), b = ll_gemm_packed_floats(h, 4 * h);
		f->Wp = malloc((a > b ? a : b) * sizeof(float));
		pk_ok = f->Wp != NULL;
	}
	if (!f->Xt || !f->G || !f->C || !f->H || !f->TC || !f->Y || !f->dH || !f->dC || !f->dG || !pk_ok) {
		free_bufs(f);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	f->cap = rows;
	return LL_OK;
}

/* Forward over nb windows of X into Y (nb x d), keeping the states. */
static void forward(struct ll_fcast *f, const float *X, size_t nb, float *Y)
{
	size_t T = f->T, h = f->h, d = f->d, h4 = 4 * h;
	for (size_t t = 0; t < T; t++)
		for (size_t b = 0; b < nb; b++)
			memcpy(f->Xt + (t * nb + b) * d, X + (b * T + t) * d, d * sizeof(float));
	/* the input projection of every step at once; the step products on
	 * W_h^T packed once, and then the bias in the projection's store, when
	 * the own kernel takes them (ll_blas_own_prepacked, as ll_lstm.c) */
	int pk = f->Wp && ll_blas_own_prepacked();
	if (!pk || ll_gemm(0, 1, T * nb, h4, d, 1.0f, f->Xt, d, WX(f), d, 0.0f, f->G, h4, BG(f), LL_GEMM_NONE)) {
		ll_k_fill_rows(f->G, T * nb, h4, BG(f));
		ll_sgemm(0, 1, T * nb, h4, d, 1.0f, f->Xt, d, WX(f), d, 1.0f, f->G, h4);
	}
	if (pk && T > 1)
		ll_gemm_pack(1, h4, h, WH(f), h, f->Wp);
	memset(f->C, 0, nb * h * sizeof(float));
	memset(f->H, 0, nb * h * sizeof(float));
	for (size_t t = 0; t < T; t++) {
		float *G = f->G + t * nb * h4, *Cp = f->C + t * nb * h, *Cn = Cp + nb * h;
		float *Hp = f->H + t * nb * h, *Hn = Hp + nb * h, *TC = f->TC + t * nb * h;
		if (t > 0 && pk)
			ll_gemm_prepacked(0, nb, h4, h, 1.0f, Hp, h, f->Wp, 1.0f, G, h4, NULL, LL_GEMM_NONE);
		else if (t > 0)
			ll_sgemm(0, 1, nb, h4, h, 1.0f, Hp, h, WH(f), h, 1.0f, G, h4);
		/* the gates, the cell and h in one pass (C[0] is the zero state) */
		ll_lstm_cell_fwd(G, Cp, Cn, TC, Hn, nb, h);
	}
	ll_k_fill_rows(Y, nb, d, BO(f));
	ll_sgemm(0, 1, nb, d, h, 1.0f, f->H + T * nb * h, h, WO(f), h, 1.0f, Y, d);
}

int ll_fcast_grad(struct ll_fcast *f, const float *X, const float *Yt, size_t nb, double *loss, struct ll_err *err)
{
	if (nb == 0 || nb > f->cap)
		return ll_err_set(err, LL_EUSAGE, "forecaster: batch of %zu windows, %zu reserved", nb, f->cap);
	size_t T = f->T, h = f->h, d = f->d, h4 = 4 * h;
	forward(f, X, nb, f->Y);
	/* dY = 2 (Y - target) / (nb d), kept in Y */
	double l = 0;
	const float s = 2.0f / (float)(nb * d);
	for (size_t i = 0; i < nb * d; i++) {
		float e = f->Y[i] - Yt[i];
		l += (double)e * e;
		f->Y[i] = e * s;
	}
	*loss = l / (double)(nb * d);
	float *gWx = f->g, *gWh = gWx + h4 * d, *gb = gWh + h4 * h, *gWo = gb + h4, *gbo = gWo + d * h;
	ll_sgemm(1, 0, d, h, nb, 1.0f, f->Y, d, f->H + T * nb * h, h, 0.0f, gWo, h);
	ll_k_colsum(f->Y, nb, d, gbo, 0);
	ll_sgemm(0, 0, nb, h, d, 1.0f, f->Y, d, WO(f), h, 0.0f, f->dH, h);
	memset(f->dC, 0, nb * h * sizeof(float));
	int pk = f->Wp && ll_blas_own_prepacked();
	if (pk && T > 1)
		ll_gemm_pack(0, h, h4, WH(f), h, f->Wp);
	for (size_t t = T; t-- > 0;) {
		const float *G = f->G + t * nb * h4, *Cp = f->C + t * nb * h, *TC = f->TC + t * nb * h;
		float *dG = f->dG + t * nb * h4;
		ll_lstm_cell_bwd(G, TC, Cp, NULL, f->dH, f->dC, dG, nb, h);
		/* dh_{t-1} = dG_t Wh (h_{-1} is 0 and needs none) */
		if (t > 0 && pk)
			ll_gemm_prepacked(0, nb, h, h4, 1.0f, dG, h4, f->Wp, 0.0f, f->dH, h, NULL, LL_GEMM_NONE);
		else if (t > 0)
			ll_sgemm(0, 0, nb, h, h4, 1.0f, dG, h4, WH(f), h, 0.0f, f->dH, h);
	}
	ll_sgemm(1, 0, h4, d, T * nb, 1.0f, f->dG, h4, f->Xt, d, 0.0f, gWx, d);
	/* h_t feeds step t + 1: the states 0..T-1 against the gates 0..T-1
	 * (state 0 is zero, so step 0 adds nothing) */
	ll_sgemm(1, 0, h4, h, T * nb, 1.0f, f->dG, h4, f->H, h, 0.0f, gWh, h);
	ll_k_colsum(f->dG, T * nb, h4, gb, 0);
	return LL_OK;
}

int ll_fcast_predict(struct ll_fcast *f, const float *X, size_t n, float *P, struct ll_err *err)
{
	int rc = ll_fcast_reserve(f, f->cap ? f->cap : 256, err);
	if (rc)
		return rc;
	size_t w = f->T * f->d;
	for (size_t i = 0; i < n; i += f->cap) {
		size_t nb = n - i < f->cap ? n - i : f->cap;
		forward(f, X + i * w, nb, P + i * f->d);
	}
	return LL_OK;
}

int ll_fcast_put(const struct ll_fcast *f, struct ll_mio *m, struct ll_err *err)
{
	int64_t shape[3] = {(int64_t)f->d, (int64_t)f->T, (int64_t)f->h};
	int rc = ll_mio_put(m, "fcast_shape", LL_MIO_I64, shape, 3, err);
	return rc ? rc : ll_mio_put(m, "fcast_params", LL_MIO_F32, f->p, f->np, err);
}

int ll_fcast_get(const struct ll_mio *m, const char *path, struct ll_fcast **out, struct ll_err *err)
{
	*out = NULL;
	int64_t shape[3];
	int rc = ll_mio_get(m, "fcast_shape", LL_MIO_I64, shape, 3, err);
	if (rc)
		return rc;
	if (shape[0] < 1 || shape[1] < 1 || shape[2] < 1 || shape[0] > (1 << 20) || shape[1] > 1000 ||
	    shape[2] > (1 << 16))
		return ll_err_set(err, LL_EDATA, "%s: forecaster shape %lld x %lld x %lld out of range", path,
				  (long long)shape[0], (long long)shape[1], (long long)shape[2]);
	/* The stored parameters must be the shape's before the model is made: a
	 * forged shape within the bounds would otherwise ask for terabytes. */
	long long d = shape[0], h = shape[2], np = 4 * h * (d + h + 1) + d * h + d;
	if (ll_mio_count(m, "fcast_params", LL_MIO_F32) != np)
		return ll_err_set(err, LL_EDATA,
				  "%s: section 'fcast_params' does not hold the %lld parameters of a forecaster of "
				  "%lld dimensions and %lld hidden units",
				  path, np, d, h);
	struct ll_fcast *f;
	if ((rc = ll_fcast_new((size_t)shape[0], (size_t)shape[1], (size_t)shape[2], 0, &f, err)) != LL_OK)
		return rc;
	if ((rc = ll_mio_get(m, "fcast_params", LL_MIO_F32, f->p, f->np, err)) != LL_OK) {
		ll_fcast_free(f);
		return rc;
	}
	*out = f;
	return LL_OK;
}
