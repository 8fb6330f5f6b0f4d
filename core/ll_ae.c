/*
 * ll_ae.c - the dense autoencoder of ll_ae.h: forward, backward and
 * reconstruction on sgemm (ll_blas.h), and its model-file sections.
 */
#include "ll_ae.h"

#include "ll_blas.h"
#include "ll_mat.h"
#include "ll_model_io.h"
#include "ll_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ll_ae {
	size_t in, h, np;
	float *p, *g;     /* W1 b1 W2 b2 */
	size_t cap;       /* reserved rows */
	float *H, *Y, *dH; /* cap x h, cap x in, cap x h */
};

#define W1(a) ((a)->p)
#define B1(a) ((a)->p + (a)->h * (a)->in)
#define W2(a) (B1(a) + (a)->h)
#define B2(a) (W2(a) + (a)->in * (a)->h)

int ll_ae_new(size_t n_in, size_t hidden, uint64_t seed, struct ll_ae **out, struct ll_err *err)
{
	*out = NULL;
	if (!n_in || !hidden)
		return ll_err_set(err, LL_EUSAGE, "autoencoder: inputs and hidden units must be >= 1 (got %zu, %zu)",
				  n_in, hidden);
	struct ll_ae *a = calloc(1, sizeof *a);
	if (!a)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	a->in = n_in;
	a->h = hidden;
	a->np = 2 * n_in * hidden + hidden + n_in;
	a->p = calloc(a->np, sizeof *a->p);
	a->g = calloc(a->np, sizeof *a->g);
	struct ll_rng *r = ll_rng_new(seed);
	if (!a->p || !a->g || !r) {
		ll_rng_free(r);
		ll_ae_free(a);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	/* Glorot-uniform: keeps tanh out of saturation at the start */
	float lim = (float)sqrt(6.0 / (double)(n_in + hidden));
	for (size_t i = 0; i < n_in * hidden; i++) {
		W1(a)[i] = (float)(2 * ll_rng_uniform(r) - 1) * lim;
		W2(a)[i] = (float)(2 * ll_rng_uniform(r) - 1) * lim;
	}
	ll_rng_free(r);
	*out = a;
	return LL_OK;
}

void ll_ae_free(struct ll_ae *a)
{
	if (!a)
		return;
	free(a->p);
	free(a->g);
	free(a->H);
	free(a->Y);
	free(a->dH);
	free(a);
}

size_t ll_ae_inputs(const struct ll_ae *a) { return a->in; }
size_t ll_ae_hidden(const struct ll_ae *a) { return a->h; }
size_t ll_ae_nparams(const struct ll_ae *a) { return a->np; }
float *ll_ae_params(struct ll_ae *a) { return a->p; }
float *ll_ae_grads(struct ll_ae *a) { return a->g; }

int ll_ae_reserve(struct ll_ae *a, size_t rows, struct ll_err *err)
{
	if (rows <= a->cap)
		return LL_OK;
	float *H = realloc(a->H, rows * a->h * sizeof *H);
	if (H)
		a->H = H;
	float *Y = realloc(a->Y, rows * a->in * sizeof *Y);
	if (Y)
		a->Y = Y;
	float *dH = realloc(a->dH, rows * a->h * sizeof *dH);
	if (dH)
		a->dH = dH;
	if (!H || !Y || !dH)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	a->cap = rows;
	return LL_OK;
}

/* H = tanh(X W1^T + b1), Y = H W2^T + b2 for nb rows. */
static void forward(struct ll_ae *a, const float *X, size_t nb, float *Y)
{
	ll_k_fill_rows(a->H, nb, a->h, B1(a));
	ll_sgemm(0, 1, nb, a->h, a->in, 1.0f, X, a->in, W1(a), a->in, 1.0f, a->H, a->h);
	ll_k_tanh(a->H, nb * a->h);
	ll_k_fill_rows(Y, nb, a->in, B2(a));
	ll_sgemm(0, 1, nb, a->in, a->h, 1.0f, a->H, a->h, W2(a), a->h, 1.0f, Y, a->in);
}

int ll_ae_grad(struct ll_ae *a, const float *X, size_t nb, double *loss, struct ll_err *err)
{
	if (nb == 0 || nb > a->cap)
		return ll_err_set(err, LL_EUSAGE, "autoencoder: batch of %zu rows, %zu reserved", nb, a->cap);
	forward(a, X, nb, a->Y);
	/* dY = 2 (Y - X) / (nb n_in), kept in Y */
	double l = 0;
	const float s = 2.0f / (float)(nb * a->in);
	for (size_t i = 0; i < nb * a->in; i++) {
		float e = a->Y[i] - X[i];
		l += (double)e * e;
		a->Y[i] = e * s;
	}
	*loss = l / (double)(nb * a->in);
	float *gW1 = a->g, *gb1 = gW1 + a->h * a->in, *gW2 = gb1 + a->h, *gb2 = gW2 + a->in * a->h;
	ll_sgemm(1, 0, a->in, a->h, nb, 1.0f, a->Y, a->in, a->H, a->h, 0.0f, gW2, a->h);
	ll_k_colsum(a->Y, nb, a->in, gb2, 0);
	ll_sgemm(0, 0, nb, a->h, a->in, 1.0f, a->Y, a->in, W2(a), a->h, 0.0f, a->dH, a->h);
	for (size_t i = 0; i < nb * a->h; i++)
		a->dH[i] *= 1.0f - a->H[i] * a->H[i];
	ll_sgemm(1, 0, a->h, a->in, nb, 1.0f, a->dH, a->h, X, a->in, 0.0f, gW1, a->in);
	ll_k_colsum(a->dH, nb, a->h, gb1, 0);
	return LL_OK;
}

int ll_ae_reconstruct(struct ll_ae *a, const float *X, size_t n, float *Y, struct ll_err *err)
{
	int rc = ll_ae_reserve(a, a->cap ? a->cap : 256, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i += a->cap) {
		size_t nb = n - i < a->cap ? n - i : a->cap;
		forward(a, X + i * a->in, nb, Y + i * a->in);
	}
	return LL_OK;
}

int ll_ae_put(const struct ll_ae *a, struct ll_mio *f, struct ll_err *err)
{
	int64_t shape[2] = {(int64_t)a->in, (int64_t)a->h};
	int rc = ll_mio_put(f, "ae_shape", LL_MIO_I64, shape, 2, err);
	return rc ? rc : ll_mio_put(f, "ae_params", LL_MIO_F32, a->p, a->np, err);
}

int ll_ae_get(const struct ll_mio *f, const char *path, struct ll_ae **out, struct ll_err *err)
{
	*out = NULL;
	int64_t shape[2];
	int rc = ll_mio_get(f, "ae_shape", LL_MIO_I64, shape, 2, err);
	if (rc)
		return rc;
	if (shape[0] < 1 || shape[1] < 1 || shape[0] > (1 << 24) || shape[1] > (1 << 16))
		return ll_err_set(err, LL_EDATA, "%s: autoencoder shape %lld x %lld out of range", path,
				  (long long)shape[0], (long long)shape[1]);
	/* The stored parameters must be the shape's before the model is made: a
	 * forged shape within the bounds would otherwise ask for up to 8 TiB. */
	long long np = 2 * shape[0] * shape[1] + shape[0] + shape[1];
	if (ll_mio_count(f, "ae_params", LL_MIO_F32) != np)
		return ll_err_set(err, LL_EDATA,
				  "%s: section 'ae_params' does not hold the %lld parameters of a %lld x %lld autoencoder",
				  path, np, (long long)shape[0], (long long)shape[1]);
	struct ll_ae *a;
	if ((rc = ll_ae_new((size_t)shape[0], (size_t)shape[1], 0, &a, err)) != LL_OK)
		return rc;
	if ((rc = ll_mio_get(f, "ae_params", LL_MIO_F32, a->p, a->np, err)) != LL_OK) {
		ll_ae_free(a);
		return rc;
	}
	*out = a;
	return LL_OK;
}
