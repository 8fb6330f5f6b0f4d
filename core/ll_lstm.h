/*
 * ll_lstm.h - LSTM sequence classifier: many-to-one (a class per window or
 * sequence) or many-to-many (a class per step), over windows of numeric
 * series or sequences of ids (log template ids) through an embedding.
 *
 * Per layer and step, with gates in the order i, f, g, o:
 *   [i f g o] = [sig sig tanh sig](x_t Wx^T + h_{t-1} Wh^T + b)
 *   c_t = f*c_{t-1} + i*g,   h_t = o*tanh(c_t)
 * Layer l+1 reads layer l's h. The top layer's h at the last step (or at
 * every step, many-to-many) goes through a dense layer and softmax. Loss:
 * mean over the outputs of class_weight[y] * sample_weight * -log p(y),
 * plus l2/2 * sum(W^2) over Wx, Wh and the output W.
 *
 * Parameters, one flat array: [E: vocab x embed] (ids only), then for each
 * layer Wx (4H x in), Wh (4H x H), b (4H), then Wout (C x H), bout (C).
 * Initial values: uniform in +-1/sqrt(H), forget-gate biases 1, E normal
 * with sigma 1/sqrt(embed).
 *
 * Batches run time-major: the input projection of all T steps is one sgemm
 * (T*B x in x 4H), each step adds one B x H x 4H product, and backward
 * gathers the weight gradients of all steps in one sgemm each. Backprop
 * through time may be truncated to chunks of `bptt` steps counted from the
 * end of the sequence (many-to-one: only the last bptt steps get gradient).
 * Gradient clipping is the optimiser's clip_norm (ll_optim.h).
 */
#ifndef LL_LSTM_H
#define LL_LSTM_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_train.h"

#define LL_LSTM_MAX_LAYERS 8

struct ll_lstm_cfg {
	size_t n_in;      /* numeric features per step; 0 when vocab > 0 */
	size_t vocab;     /* > 0: inputs are ids in [0, vocab), embedded */
	size_t embed;     /* embedding width (with vocab) */
	size_t seq_len;   /* steps per sequence, T >= 1 */
	size_t hidden;    /* H >= 1 */
	size_t layers;    /* 1..LL_LSTM_MAX_LAYERS */
	size_t n_classes; /* >= 2 */
	int many_to_many; /* a class per step instead of per sequence */
	size_t bptt;      /* truncation in steps; 0 = full backprop */
	float l2;         /* >= 0 */
	const float *class_weight; /* n_classes, copied by ll_lstm_new; NULL = all 1 */
	uint64_t seed;
};

/* One layer of 32 units, many-to-one, full BPTT. Shape fields left 0. */
void ll_lstm_defaults(struct ll_lstm_cfg *cfg);

/* Sequences, all borrowed. Sequence i's step t is
 *   numeric: X[((start ? start[i] : i * T) + t) * n_in + j], j < n_in
 *   ids:     ids[(start ? start[i] : i * T) + t]
 * so `start` turns one long series (rows x n_in) into overlapping windows
 * without copying. y: n class ids (many-to-one) or n x T (many-to-many,
 * y[i * T + t]). w: n sample weights or NULL. nrows: rows of X/ids (for
 * bounds checks; 0 = n * T). */
struct ll_seqs {
	const float *X;
	const int *ids;
	const int *y;
	const float *w;
	size_t n;
	const size_t *start;
	size_t nrows;
};

struct ll_lstm;

/* LL_EUSAGE naming the bad field when cfg is invalid. */
int ll_lstm_new(const struct ll_lstm_cfg *cfg, struct ll_lstm **out, struct ll_err *err);
void ll_lstm_free(struct ll_lstm *m);
const struct ll_lstm_cfg *ll_lstm_config(const struct ll_lstm *m);
size_t ll_lstm_nparams(const struct ll_lstm *m);
float *ll_lstm_params(struct ll_lstm *m);  /* owned by the model */
float *ll_lstm_grads(struct ll_lstm *m);   /* owned by the model */
size_t ll_lstm_embed_offset(const struct ll_lstm *m);
size_t ll_lstm_wx_offset(const struct ll_lstm *m, size_t layer);
size_t ll_lstm_wh_offset(const struct ll_lstm *m, size_t layer);
size_t ll_lstm_b_offset(const struct ll_lstm *m, size_t layer);
size_t ll_lstm_wout_offset(const struct ll_lstm *m); /* bout follows Wout */

/* Sizes the work buffers for batches of up to `rows` sequences. */
int ll_lstm_reserve(struct ll_lstm *m, size_t rows, struct ll_err *err);
/* Checks a data set against the model (ids and labels in range, windows
 * inside the series); LL_EDATA naming the first bad sequence. */
int ll_lstm_check_data(const struct ll_lstm *m, const struct ll_seqs *s, struct ll_err *err);
/* Forward and backward over sequences idx[0..nb) of s (idx NULL: 0..nb-1):
 * gradient into the model's array, mean loss into *loss. Allocates nothing;
 * s must have passed ll_lstm_check_data. */
int ll_lstm_grad(struct ll_lstm *m, const struct ll_seqs *s, const size_t *idx, size_t nb, double *loss,
		 struct ll_err *err);
/* Probabilities: n x C (many-to-one) or n x T x C, caller-owned. */
int ll_lstm_predict_proba(struct ll_lstm *m, const struct ll_seqs *s, float *proba, struct ll_err *err);
/* Mean weighted cross-entropy (no L2) and accuracy over every output. */
int ll_lstm_evaluate(struct ll_lstm *m, const struct ll_seqs *s, double *loss, double *accuracy,
		     struct ll_err *err);

/* Training task (ll_train.h); borrows m, train and dev until freed. */
struct ll_lstm_task {
	struct ll_task task;
	struct ll_lstm *m;
	struct ll_seqs train, dev;
	int has_dev;
};
int ll_lstm_task_init(struct ll_lstm_task *t, struct ll_lstm *m, const struct ll_seqs *train,
		      const struct ll_seqs *dev, size_t batch, struct ll_err *err);
void ll_lstm_task_free(struct ll_lstm_task *t);
int ll_lstm_fit(struct ll_lstm *m, const struct ll_seqs *train, const struct ll_seqs *dev,
		const struct ll_train_cfg *cfg, struct ll_train_result *res, struct ll_err *err);

/* Model files: kind "lstm" (sections documented in ll_lstm.c). */
int ll_lstm_save(const struct ll_lstm *m, const char *path, const char *fingerprint, struct ll_err *err);
int ll_lstm_load(const char *path, const char *fingerprint, struct ll_lstm **out, struct ll_err *err);

#endif
