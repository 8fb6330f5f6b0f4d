/*
 * ll_mlp.h - multi-layer perceptron classifier (DNN); with no hidden layer
 * it is multinomial logistic regression.
 *
 * Layers: input (n_in) -> hidden dense layers (widths[], one activation
 * for all) -> dense output (n_classes) -> softmax. Loss: the mean over the
 * batch of class_weight[y] * sample_weight * -log p(y), plus
 * l2/2 * sum(W^2) over the weight matrices (biases are not penalised).
 * Hidden outputs may be dropped out during training (inverted dropout:
 * kept units are scaled by 1/(1-p), so prediction needs no rescaling).
 *
 * Parameters live in one flat float array (ll_mlp_params): for each layer
 * in order, W (out x in, row-major) then b (out). Forward and backward run
 * on whole batches through sgemm; every buffer is sized by ll_mlp_reserve,
 * so the per-batch functions allocate nothing.
 *
 * Data (struct ll_xy) is borrowed: X is n x d row-major float32, y holds
 * class ids in [0, n_classes), w optional non-negative sample weights
 * (NULL = 1). The model never keeps these pointers past a call, except the
 * training task, which borrows them until ll_mlp_task_free.
 */
#ifndef LL_MLP_H
#define LL_MLP_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_mat.h"
#include "ll_rng.h"
#include "ll_train.h"

struct ll_csr;

#define LL_MLP_MAX_HIDDEN 16

struct ll_xy {
	const float *X; /* n x d, row-major */
	const int *y;   /* n class ids */
	const float *w; /* n sample weights or NULL */
	size_t n, d;
};

struct ll_mlp_cfg {
	size_t n_in;      /* input width, >= 1 */
	size_t n_classes; /* >= 2 */
	size_t n_hidden;  /* hidden layers, 0..LL_MLP_MAX_HIDDEN */
	size_t widths[LL_MLP_MAX_HIDDEN];
	enum ll_act act;
	float dropout;    /* drop probability of hidden units, [0, 1) */
	float l2;         /* >= 0 */
	const float *class_weight; /* n_classes weights >= 0, copied by ll_mlp_new; NULL = all 1 */
	uint64_t seed;    /* initial weights: Glorot-uniform from this seed, biases 0 */
};

struct ll_mlp;

/* Creates and initialises a model; *out owned by the caller. LL_EUSAGE
 * naming the bad field when cfg is invalid. */
int ll_mlp_new(const struct ll_mlp_cfg *cfg, struct ll_mlp **out, struct ll_err *err);
void ll_mlp_free(struct ll_mlp *m);

/* The configuration (class_weight points to the model's copy). */
const struct ll_mlp_cfg *ll_mlp_config(const struct ll_mlp *m);
size_t ll_mlp_nparams(const struct ll_mlp *m);
/* Parameters and gradients, owned by the model (layout above). */
float *ll_mlp_params(struct ll_mlp *m);
float *ll_mlp_grads(struct ll_mlp *m);
/* Offsets of layer l's W and b in the parameter array (l = n_hidden is
 * the output layer). */
size_t ll_mlp_w_offset(const struct ll_mlp *m, size_t l);
size_t ll_mlp_b_offset(const struct ll_mlp *m, size_t l);

/* Sizes the work buffers for batches of up to `rows` rows (grows only). */
int ll_mlp_reserve(struct ll_mlp *m, size_t rows, struct ll_err *err);

/* Forward and backward on one contiguous batch of nb rows (nb <= the
 * reserved size): fills the gradient array and *loss. Dropout is applied
 * when rng is non-NULL (training) and skipped when it is NULL. LL_EUSAGE
 * when nb exceeds the reservation, LL_EDATA for a class id out of range. */
int ll_mlp_grad(struct ll_mlp *m, const float *X, const int *y, const float *w, size_t nb,
		struct ll_rng *rng, double *loss, struct ll_err *err);

/* Class probabilities of n rows into proba (n x n_classes, caller-owned),
 * in chunks of the reserved batch size (reserving 256 rows if none). */
int ll_mlp_predict_proba(struct ll_mlp *m, const float *X, size_t n, float *proba, struct ll_err *err);
/* The same for sparse rows (rows[i] of X, or rows 0..n-1 when rows is
 * NULL): the first layer reads only the stored values, in double, so a
 * text line costs its tokens rather than every column; the result equals
 * ll_mlp_predict_proba of the dense rows up to rounding. LL_EUSAGE when
 * X's columns are not the model's inputs. */
int ll_mlp_predict_proba_csr(struct ll_mlp *m, const struct ll_csr *X, const size_t *rows, size_t n, float *proba,
			     struct ll_err *err);
/* Mean weighted cross-entropy (no L2 term) and accuracy of data. */
int ll_mlp_evaluate(struct ll_mlp *m, const struct ll_xy *data, double *loss, double *accuracy,
		    struct ll_err *err);

/* Training task for ll_train_run / ll_trainer_start (ll_train.h). Borrows
 * m, train and dev (dev may be NULL: no early stopping then) until
 * ll_mlp_task_free. */
struct ll_mlp_task {
	struct ll_task task;
	struct ll_mlp *m;
	struct ll_xy train, dev;
	int has_dev;
	float *xb;  /* gathered batch, batch x d */
	int *yb;
	float *wb;  /* NULL when train.w is NULL */
};
int ll_mlp_task_init(struct ll_mlp_task *t, struct ll_mlp *m, const struct ll_xy *train, const struct ll_xy *dev,
		     size_t batch, struct ll_err *err);
void ll_mlp_task_free(struct ll_mlp_task *t);

/* Trains synchronously: ll_mlp_task_init + ll_train_run + ll_mlp_task_free. */
int ll_mlp_fit(struct ll_mlp *m, const struct ll_xy *train, const struct ll_xy *dev,
	       const struct ll_train_cfg *cfg, struct ll_train_result *res, struct ll_err *err);

/* Model files (ll_model_io.h): kind "mlp", tagged with the feature
 * recipe's fingerprint; loading refuses a different fingerprint. */
int ll_mlp_save(const struct ll_mlp *m, const char *path, const char *fingerprint, struct ll_err *err);
int ll_mlp_load(const char *path, const char *fingerprint, struct ll_mlp **out, struct ll_err *err);

#endif
