/*
 * ll_fcast.h - an LSTM forecaster: the prediction model of the `lstm`
 * series detector (ll_sdet.h), trained without labels to predict a step of
 * a multivariate series from the `window` steps before it.
 *
 * One LSTM layer of `hidden` units reads the window (oldest first), gates
 * in the order i, f, g, o:
 *   [i f g o] = [sig sig tanh sig](x_t Wx^T + h_{t-1} Wh^T + b)
 *   c_t = f*c_{t-1} + i*g,   h_t = o*tanh(c_t)
 * and a linear layer on the last h predicts the step: y = h_T Wo^T + bo.
 * It predicts the value, not the change from the window's last step: a
 * model of the change (persistence plus a correction) follows a level
 * shift as soon as the shifted steps enter its window, so only the
 * shift's first steps would score (on ASD, AUROC 0.73 against 0.79).
 * Loss: the mean over the batch of (1 / d) sum_j (y_j - target_j)^2.
 *
 * ll_lstm.h is a classifier (softmax output) and is not shared: this cell
 * is its own, small and single-layer. Parameters, one flat array: Wx (4H x
 * d), Wh (4H x H), b (4H), Wo (d x H), bo (d). Initial values: uniform in
 * +-1/sqrt(H), forget-gate biases 1, Wo and bo zero (the forecast starts
 * at the training mean, 0 in standardised units). Batches run time-major on sgemm, on buffers sized by
 * ll_fcast_reserve, so ll_fcast_grad and ll_fcast_predict allocate nothing
 * once reserved for their row count.
 *
 * Ownership: the model owns its parameters, gradients and buffers; inputs
 * are the caller's: X nb x window x d (sample-major, oldest step first),
 * targets and predictions nb x d, row-major float32.
 */
#ifndef LL_FCAST_H
#define LL_FCAST_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

struct ll_mio;
struct ll_fcast;

/* LL_EUSAGE for d, window or hidden of 0. */
int ll_fcast_new(size_t d, size_t window, size_t hidden, uint64_t seed, struct ll_fcast **out, struct ll_err *err);
void ll_fcast_free(struct ll_fcast *f);
size_t ll_fcast_dims(const struct ll_fcast *f);
size_t ll_fcast_window(const struct ll_fcast *f);
size_t ll_fcast_hidden(const struct ll_fcast *f);
size_t ll_fcast_nparams(const struct ll_fcast *f);
float *ll_fcast_params(struct ll_fcast *f); /* owned by the model */
float *ll_fcast_grads(struct ll_fcast *f);  /* owned by the model */

/* Buffers for batches of up to rows windows. */
int ll_fcast_reserve(struct ll_fcast *f, size_t rows, struct ll_err *err);
/* Gradient of the mean loss of the nb windows X against targets Y into
 * ll_fcast_grads, the loss into *loss. LL_EUSAGE when nb exceeds the
 * reserved rows. */
int ll_fcast_grad(struct ll_fcast *f, const float *X, const float *Y, size_t nb, double *loss, struct ll_err *err);
/* Forecasts P (n x d) of the n windows X, in reserved-size blocks. */
int ll_fcast_predict(struct ll_fcast *f, const float *X, size_t n, float *P, struct ll_err *err);

/* Sections "fcast_shape" (i64: d, window, hidden) and "fcast_params"
 * (f32) of a model file; ll_fcast_get reads them back (LL_EDATA when
 * absent, out of range or of another size). */
int ll_fcast_put(const struct ll_fcast *f, struct ll_mio *m, struct ll_err *err);
int ll_fcast_get(const struct ll_mio *m, const char *path, struct ll_fcast **out, struct ll_err *err);

#endif
