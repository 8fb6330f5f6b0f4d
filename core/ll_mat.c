/*
 * ll_mat.c - matrices and element-wise kernels (see ll_mat.h).
 *
 * ll_expf, the logistic and tanh are ll_vmath.h's inline forms: no
 * branches and no calls, so loops over them vectorise, which glibc's expf
 * does not allow. The logistic and tanh passes are compiled for each
 * instruction set of ll_isa.h and give the same bits on all.
 */
#include "ll_mat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ll_isa.h"
#include "ll_vmath.h"

int ll_mat_init(struct ll_mat *m, size_t rows, size_t cols, struct ll_err *err)
{
	m->rows = m->cols = 0;
	m->v = NULL;
	if (rows && cols > SIZE_MAX / sizeof(float) / rows)
		return ll_err_set(err, LL_ENOMEM, "matrix of %zu x %zu floats is too large", rows, cols);
	m->v = calloc(rows * cols > 0 ? rows * cols : 1, sizeof(float));
	if (!m->v)
		return ll_err_set(err, LL_ENOMEM, "out of memory for a %zu x %zu matrix", rows, cols);
	m->rows = rows;
	m->cols = cols;
	return LL_OK;
}

void ll_mat_free(struct ll_mat *m)
{
	if (!m)
		return;
	free(m->v);
	m->v = NULL;
	m->rows = m->cols = 0;
}

const char *ll_act_name(enum ll_act a)
{
	switch (a) {
	case LL_ACT_RELU:
		return "relu";
	case LL_ACT_TANH:
		return "tanh";
	case LL_ACT_SIGMOID:
		return "sigmoid";
	case LL_ACT_LINEAR:
		return "linear";
	}
	return "?";
}

int ll_act_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "relu"))
		return LL_ACT_RELU;
	if (!strcmp(s, "tanh"))
		return LL_ACT_TANH;
	if (!strcmp(s, "sigmoid") || !strcmp(s, "logistic"))
		return LL_ACT_SIGMOID;
	if (!strcmp(s, "linear") || !strcmp(s, "identity"))
		return LL_ACT_LINEAR;
	return -1;
}

float ll_expf(float x)
{
	return ll_vexpf(x);
}

LL_HOT void ll_k_add_bias(float *y, size_t n, size_t m, const float *b)
{
	for (size_t i = 0; i < n; i++) {
		float *row = y + i * m;
		for (size_t j = 0; j < m; j++)
			row[j] += b[j];
	}
}

LL_HOT void ll_k_fill_rows(float *y, size_t n, size_t m, const float *b)
{
	for (size_t i = 0; i < n; i++) {
		float *row = y + i * m;
		for (size_t j = 0; j < m; j++)
			row[j] = b[j];
	}
}

LL_HOT void ll_k_colsum(const float *y, size_t n, size_t m, float *out, int accumulate)
{
	if (!accumulate)
		memset(out, 0, m * sizeof *out);
	for (size_t i = 0; i < n; i++) {
		const float *row = y + i * m;
		for (size_t j = 0; j < m; j++)
			out[j] += row[j];
	}
}

LL_VINLINE void sigmoid_body(float *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		x[i] = ll_vsigmoidf(x[i]);
}
LL_ISA_VARIANTS(sigmoid, (float *x, size_t n), (x, n))

void ll_k_sigmoid(float *x, size_t n)
{
	sigmoid(x, n);
}

/* x and y may be the same array (ll_k_tanh) */
LL_VINLINE void tanh_to_body(const float *x, float *y, size_t n)
{
	for (size_t i = 0; i < n; i++)
		y[i] = ll_vtanhf(x[i]);
}
LL_ISA_VARIANTS(tanh_to, (const float *x, float *y, size_t n), (x, y, n))

void ll_k_tanh_to(const float *x, float *y, size_t n)
{
	tanh_to(x, y, n);
}

void ll_k_tanh(float *x, size_t n)
{
	ll_k_tanh_to(x, x, n);
}

LL_HOT void ll_k_act_forward(enum ll_act a, float *y, size_t n)
{
	switch (a) {
	case LL_ACT_RELU:
		for (size_t i = 0; i < n; i++)
			y[i] = y[i] > 0.0f ? y[i] : 0.0f;
		break;
	case LL_ACT_TANH:
		ll_k_tanh(y, n);
		break;
	case LL_ACT_SIGMOID:
		ll_k_sigmoid(y, n);
		break;
	case LL_ACT_LINEAR:
		break;
	}
}

LL_HOT void ll_k_act_backward(enum ll_act a, const float *y, float *dy, size_t n)
{
	switch (a) {
	case LL_ACT_RELU:
		for (size_t i = 0; i < n; i++)
			dy[i] = y[i] > 0.0f ? dy[i] : 0.0f;
		break;
	case LL_ACT_TANH:
		for (size_t i = 0; i < n; i++)
			dy[i] *= 1.0f - y[i] * y[i];
		break;
	case LL_ACT_SIGMOID:
		for (size_t i = 0; i < n; i++)
			dy[i] *= y[i] * (1.0f - y[i]);
		break;
	case LL_ACT_LINEAR:
		break;
	}
}

LL_VECTORIZE void ll_k_softmax_rows(float *z, size_t n, size_t c)
{
	if (c == 0) /* no classes: row[0] below would be the next row's or past the end */
		return;
	for (size_t i = 0; i < n; i++) {
		float *row = z + i * c;
		float mx = row[0];
		for (size_t j = 1; j < c; j++)
			mx = row[j] > mx ? row[j] : mx;
		float s = 0.0f;
		for (size_t j = 0; j < c; j++) {
			row[j] = ll_vexpf(row[j] - mx);
			s += row[j];
		}
		float inv = 1.0f / s;
		for (size_t j = 0; j < c; j++)
			row[j] *= inv;
	}
}
