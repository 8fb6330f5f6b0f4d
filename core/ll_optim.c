/*
 * ll_optim.c - SGD/momentum, Adagrad and Adam (see ll_optim.h).
 *
 * The update loops are element-wise over the whole parameter vector and
 * vectorise (LL_VECTORIZE); the only reduction is the gradient norm, kept
 * in double and in index order so it is reproducible.
 */
#include "ll_optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ll_mat.h"

void ll_optim_defaults(struct ll_optim_cfg *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->kind = LL_OPT_ADAM;
	cfg->lr = 1e-3f;
	cfg->momentum = 0.9f;
	cfg->beta1 = 0.9f;
	cfg->beta2 = 0.999f;
	cfg->eps = 1e-8f;
	cfg->sched = LL_LR_CONST;
	cfg->gamma = 1.0f;
	cfg->step_epochs = 1;
}

const char *ll_optim_name(enum ll_optim_kind k)
{
	switch (k) {
	case LL_OPT_SGD:
		return "sgd";
	case LL_OPT_ADAGRAD:
		return "adagrad";
	case LL_OPT_ADAM:
		return "adam";
	}
	return "?";
}

int ll_optim_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "sgd"))
		return LL_OPT_SGD;
	if (!strcmp(s, "adagrad"))
		return LL_OPT_ADAGRAD;
	if (!strcmp(s, "adam"))
		return LL_OPT_ADAM;
	return -1;
}

int ll_optim_check(const struct ll_optim_cfg *c, struct ll_err *err)
{
	if (c->kind != LL_OPT_SGD && c->kind != LL_OPT_ADAGRAD && c->kind != LL_OPT_ADAM)
		return ll_err_set(err, LL_EUSAGE, "optimizer: unknown kind %d (sgd, adagrad or adam)", (int)c->kind);
	if (!(c->lr > 0.0f) || !isfinite(c->lr))
		return ll_err_set(err, LL_EUSAGE, "optimizer: learning rate must be > 0 (got %g)", c->lr);
	if (!(c->momentum >= 0.0f && c->momentum < 1.0f))
		return ll_err_set(err, LL_EUSAGE, "optimizer: momentum must be in [0, 1) (got %g)", c->momentum);
	if (!(c->beta1 >= 0.0f && c->beta1 < 1.0f) || !(c->beta2 >= 0.0f && c->beta2 < 1.0f))
		return ll_err_set(err, LL_EUSAGE, "optimizer: Adam betas must be in [0, 1) (got %g, %g)", c->beta1,
				  c->beta2);
	if (!(c->eps > 0.0f))
		return ll_err_set(err, LL_EUSAGE, "optimizer: epsilon must be > 0 (got %g)", c->eps);
	if (!(c->clip_norm >= 0.0f))
		return ll_err_set(err, LL_EUSAGE, "optimizer: clip norm must be >= 0 (got %g)", c->clip_norm);
	if ((int)c->sched < LL_LR_CONST || c->sched > LL_LR_COSINE)
		return ll_err_set(err, LL_EUSAGE, "optimizer: unknown learning-rate schedule %d", (int)c->sched);
	if ((c->sched == LL_LR_STEP || c->sched == LL_LR_EXP) && !(c->gamma > 0.0f && c->gamma <= 1.0f))
		return ll_err_set(err, LL_EUSAGE, "optimizer: schedule gamma must be in (0, 1] (got %g)", c->gamma);
	if (c->sched == LL_LR_STEP && c->step_epochs < 1)
		return ll_err_set(err, LL_EUSAGE, "optimizer: step schedule period must be >= 1 epoch (got %d)",
				  c->step_epochs);
	return LL_OK;
}

int ll_optim_init(struct ll_optim *o, const struct ll_optim_cfg *cfg, size_t n, struct ll_err *err)
{
	memset(o, 0, sizeof *o);
	int rc = ll_optim_check(cfg, err);
	if (rc)
		return rc;
	o->cfg = *cfg;
	o->n = n;
	o->s1 = calloc(n ? n : 1, sizeof(float));
	if (cfg->kind == LL_OPT_ADAM)
		o->s2 = calloc(n ? n : 1, sizeof(float));
	if (!o->s1 || (cfg->kind == LL_OPT_ADAM && !o->s2)) {
		ll_optim_free(o);
		return ll_err_set(err, LL_ENOMEM, "optimizer: out of memory for %zu parameters", n);
	}
	return LL_OK;
}

void ll_optim_free(struct ll_optim *o)
{
	free(o->s1);
	free(o->s2);
	o->s1 = o->s2 = NULL;
}

void ll_optim_reset(struct ll_optim *o)
{
	memset(o->s1, 0, o->n * sizeof(float));
	if (o->s2)
		memset(o->s2, 0, o->n * sizeof(float));
	o->t = 0;
}

float ll_optim_lr(const struct ll_optim_cfg *c, int epoch, int epochs)
{
	switch (c->sched) {
	case LL_LR_CONST:
		break;
	case LL_LR_STEP:
		return c->lr * powf(c->gamma, (float)(epoch / c->step_epochs));
	case LL_LR_EXP:
		return c->lr * powf(c->gamma, (float)epoch);
	case LL_LR_COSINE:
		if (epochs > 0)
			return (float)(c->lr * 0.5 * (1.0 + cos(M_PI * (double)epoch / (double)epochs)));
		break;
	}
	return c->lr;
}

static double grad_norm(const float *g, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += (double)g[i] * g[i];
	return sqrt(s);
}

LL_VECTORIZE static void step_sgd(size_t n, float *restrict w, const float *restrict g, float *restrict v,
				  float lr, float mu, int nesterov)
{
	if (mu == 0.0f) {
		for (size_t i = 0; i < n; i++)
			w[i] -= lr * g[i];
	} else if (nesterov) {
		for (size_t i = 0; i < n; i++) {
			v[i] = mu * v[i] - lr * g[i];
			w[i] += mu * v[i] - lr * g[i];
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			v[i] = mu * v[i] - lr * g[i];
			w[i] += v[i];
		}
	}
}

/* sqrtf sets errno, which keeps GCC from vectorising it (and
 * -fno-math-errno cannot be given to one function), so the Adagrad and
 * Adam loops are written with vector types and the CPU's vector square
 * root: sixteen lanes with AVX-512 (Adam), eight with AVX where the CPU
 * has them (checked at run time), then four with SSE, then scalar. Every
 * path performs the same IEEE operations in the same order (square roots
 * are correctly rounded; no FMA), so all give the same bits. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define HAVE_VEC 1
#include <immintrin.h>
typedef float v4sf __attribute__((vector_size(16)));
typedef float v8sf __attribute__((vector_size(32), aligned(4)));
typedef float v4sfu __attribute__((vector_size(16), aligned(4)));

#define ADAGRAD_LANES(V, SQRT)                                                                  \
	for (; i + sizeof(V) / 4 <= n; i += sizeof(V) / 4) {                                   \
		V gv = *(const V *)(g + i), sv = *(V *)(s + i) + gv * gv;                      \
		*(V *)(s + i) = sv;                                                            \
		*(V *)(w + i) = *(V *)(w + i) - lr * gv / (SQRT(sv) + eps);                    \
	}
#define ADAM_LANES(V, SQRT)                                                                     \
	for (; i + sizeof(V) / 4 <= n; i += sizeof(V) / 4) {                                   \
		V gv = *(const V *)(g + i);                                                    \
		V mv = b1 * *(V *)(m + i) + (1.0f - b1) * gv;                                  \
		V vv = b2 * *(V *)(v + i) + (1.0f - b2) * gv * gv;                             \
		*(V *)(m + i) = mv;                                                            \
		*(V *)(v + i) = vv;                                                            \
		*(V *)(w + i) = *(V *)(w + i) - lr_t * mv / (SQRT(vv) + eps_t);                \
	}

__attribute__((target("avx"))) static size_t adagrad_avx(size_t n, float *w, const float *g, float *s, float lr,
							   float eps)
{
	size_t i = 0;
	ADAGRAD_LANES(v8sf, __builtin_ia32_sqrtps256)
	return i;
}

__attribute__((target("avx"))) static size_t adam_avx(size_t i, size_t n, float *w, const float *g, float *m,
							float *v, float b1, float b2, float lr_t, float eps_t)
{
	ADAM_LANES(v8sf, __builtin_ia32_sqrtps256)
	return i;
}

/* Sixteen lanes: Adam is 5-6% of a 5x100 DNN's batch, eight lanes at a
 * time, the square root and the division the cost. */
typedef float v16sf __attribute__((vector_size(64), aligned(4)));
#define SQRT512(x) ((v16sf)_mm512_sqrt_ps((__m512)(x)))

__attribute__((target("avx512f"))) static size_t adam_avx512(size_t n, float *w, const float *g, float *m,
							   float *v, float b1, float b2, float lr_t, float eps_t)
{
	size_t i = 0;
	ADAM_LANES(v16sf, SQRT512)
	return i;
}
#endif

static void step_adagrad(size_t n, float *restrict w, const float *restrict g, float *restrict s, float lr,
			 float eps)
{
	size_t i = 0;
#ifdef HAVE_VEC
	if (__builtin_cpu_supports("avx"))
		i = adagrad_avx(n, w, g, s, lr, eps);
	ADAGRAD_LANES(v4sfu, __builtin_ia32_sqrtps)
#endif
	for (; i < n; i++) {
		s[i] += g[i] * g[i];
		w[i] -= lr * g[i] / (sqrtf(s[i]) + eps);
	}
}

static void step_adam(size_t n, float *restrict w, const float *restrict g, float *restrict m, float *restrict v,
		      float b1, float b2, float lr_t, float eps_t)
{
	size_t i = 0;
#ifdef HAVE_VEC
	if (__builtin_cpu_supports("avx512f"))
		i = adam_avx512(n, w, g, m, v, b1, b2, lr_t, eps_t);
	if (__builtin_cpu_supports("avx"))
		i = adam_avx(i, n, w, g, m, v, b1, b2, lr_t, eps_t);
	ADAM_LANES(v4sfu, __builtin_ia32_sqrtps)
#endif
	for (; i < n; i++) {
		m[i] = b1 * m[i] + (1.0f - b1) * g[i];
		v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];
		w[i] -= lr_t * m[i] / (sqrtf(v[i]) + eps_t);
	}
}

double ll_optim_step(struct ll_optim *o, float *w, float *g, float lr)
{
	const struct ll_optim_cfg *c = &o->cfg;
	double norm = 0;
	if (c->clip_norm > 0.0f) {
		norm = grad_norm(g, o->n);
		if (norm > c->clip_norm) {
			float s = (float)(c->clip_norm / norm);
			for (size_t i = 0; i < o->n; i++)
				g[i] *= s;
		}
	}
	o->t++;
	switch (c->kind) {
	case LL_OPT_SGD:
		step_sgd(o->n, w, g, o->s1, lr, c->momentum, c->nesterov);
		break;
	case LL_OPT_ADAGRAD:
		step_adagrad(o->n, w, g, o->s1, lr, c->eps);
		break;
	case LL_OPT_ADAM: {
		/* bias correction folded into the rate, as in Kingma & Ba's
		 * "efficient version": lr_t = lr sqrt(1-b2^t) / (1-b1^t) */
		double bc1 = 1.0 - pow(c->beta1, (double)o->t);
		double bc2 = 1.0 - pow(c->beta2, (double)o->t);
		float lr_t = (float)(lr * sqrt(bc2) / bc1);
		float eps_t = (float)(c->eps * sqrt(bc2));
		step_adam(o->n, w, g, o->s1, o->s2, c->beta1, c->beta2, lr_t, eps_t);
		break;
	}
	}
	return norm;
}
