/*
 * ll_ae.h - a dense autoencoder: the reconstruction model of the series
 * detectors (ll_sdet.h), trained without labels.
 *
 * Layers: input (n_in) -> tanh bottleneck (hidden) -> linear output
 * (n_in). Loss: the mean over the batch of the mean squared error of a
 * row's reconstruction, (1 / n_in) sum_j (y_j - x_j)^2. A bottleneck
 * narrower than the input cannot copy it, so what it reconstructs badly is
 * what the training data did not show: that error is the anomaly score.
 *
 * Parameters live in one flat float array (ll_ae_params): W1 (hidden x
 * n_in, row-major), b1 (hidden), W2 (n_in x hidden), b2 (n_in). Weights
 * start Glorot-uniform from the seed, biases at zero. Batches run through
 * sgemm on buffers sized by ll_ae_reserve, so ll_ae_grad and
 * ll_ae_reconstruct allocate nothing once reserved for their row count.
 *
 * Ownership: the model owns its parameters, gradients and buffers; X and Y
 * are the caller's, n x n_in row-major float32.
 */
#ifndef LL_AE_H
#define LL_AE_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

struct ll_mio;
struct ll_ae;

/* LL_EUSAGE for n_in or hidden of 0. */
int ll_ae_new(size_t n_in, size_t hidden, uint64_t seed, struct ll_ae **out, struct ll_err *err);
void ll_ae_free(struct ll_ae *a);
size_t ll_ae_inputs(const struct ll_ae *a);
size_t ll_ae_hidden(const struct ll_ae *a);
size_t ll_ae_nparams(const struct ll_ae *a);
float *ll_ae_params(struct ll_ae *a); /* owned by the model */
float *ll_ae_grads(struct ll_ae *a);  /* owned by the model */

/* Buffers for batches of up to rows rows. */
int ll_ae_reserve(struct ll_ae *a, size_t rows, struct ll_err *err);
/* Gradient of the mean loss over the nb rows of X into ll_ae_grads, the
 * loss into *loss. LL_EUSAGE when nb exceeds the reserved rows. */
int ll_ae_grad(struct ll_ae *a, const float *X, size_t nb, double *loss, struct ll_err *err);
/* Reconstructions Y (n x n_in) of X, in reserved-size blocks. */
int ll_ae_reconstruct(struct ll_ae *a, const float *X, size_t n, float *Y, struct ll_err *err);

/* Sections "ae_shape" (i64: n_in, hidden) and "ae_params" (f32) of a
 * model file; ll_ae_get reads them back (LL_EDATA when absent or of
 * another size). */
int ll_ae_put(const struct ll_ae *a, struct ll_mio *f, struct ll_err *err);
int ll_ae_get(const struct ll_mio *f, const char *path, struct ll_ae **out, struct ll_err *err);

#endif
