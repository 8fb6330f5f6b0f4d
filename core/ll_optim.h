/*
 * ll_optim.h - first-order optimisers over one flat parameter vector:
 * SGD with (Nesterov) momentum, Adagrad and Adam, gradient clipping by
 * global norm, and the learning-rate schedule by epoch.
 *
 * Every model keeps all its parameters in one float array and its
 * gradients in a second array of the same length, so one optimiser and one
 * checkpoint routine serve every model. The optimiser's state (s1, s2, t)
 * is part of a checkpoint: resuming with it gives the same steps as never
 * stopping.
 */
#ifndef LL_OPTIM_H
#define LL_OPTIM_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

enum ll_optim_kind { LL_OPT_SGD = 0, LL_OPT_ADAGRAD = 1, LL_OPT_ADAM = 2 };

enum ll_lr_sched {
	LL_LR_CONST = 0, /* lr */
	LL_LR_STEP = 1,  /* lr * gamma^floor(epoch / step_epochs) */
	LL_LR_EXP = 2,   /* lr * gamma^epoch */
	LL_LR_COSINE = 3 /* lr * (1 + cos(pi * epoch / epochs)) / 2 */
};

struct ll_optim_cfg {
	enum ll_optim_kind kind;
	float lr;        /* base learning rate, > 0 */
	float momentum;  /* SGD only, [0, 1) */
	int nesterov;    /* SGD only */
	float beta1;     /* Adam, [0, 1); 0.9 by default */
	float beta2;     /* Adam, [0, 1); 0.999 by default */
	float eps;       /* Adagrad and Adam, > 0; 1e-8 by default */
	float clip_norm; /* rescale the gradient to this global L2 norm when above; 0 = never */
	enum ll_lr_sched sched;
	float gamma;     /* STEP and EXP decay factor, (0, 1] */
	int step_epochs; /* STEP period, >= 1 */
};

/* Adam at lr 1e-3, the usual defaults for the rest. */
void ll_optim_defaults(struct ll_optim_cfg *cfg);
/* LL_EUSAGE with a message naming the bad field. */
int ll_optim_check(const struct ll_optim_cfg *cfg, struct ll_err *err);
const char *ll_optim_name(enum ll_optim_kind k);
/* "sgd", "adagrad", "adam"; -1 when unknown. */
int ll_optim_parse(const char *s);

struct ll_optim {
	struct ll_optim_cfg cfg;
	size_t n;
	float *s1;  /* momentum velocity, Adagrad sum of squares, Adam first moment */
	float *s2;  /* Adam second moment; NULL otherwise */
	int64_t t;  /* steps taken */
};

/* Checks cfg and allocates zeroed state for n parameters. */
int ll_optim_init(struct ll_optim *o, const struct ll_optim_cfg *cfg, size_t n, struct ll_err *err);
void ll_optim_free(struct ll_optim *o);
/* Forgets the state (as after init). */
void ll_optim_reset(struct ll_optim *o);
/* Learning rate of 0-based epoch `epoch` of `epochs`. */
float ll_optim_lr(const struct ll_optim_cfg *cfg, int epoch, int epochs);
/* One step: w -= update(g) at rate lr. g may be rescaled in place by
 * clipping. Returns the gradient's global norm before clipping. */
double ll_optim_step(struct ll_optim *o, float *w, float *g, float lr);

#endif
