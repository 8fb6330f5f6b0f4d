/*
 * ll_mat.h - float32 row-major matrices and the element-wise kernels the
 * models share (bias, activations, softmax).
 *
 * A matrix is one contiguous block: element (i, j) of an r x c matrix is
 * v[i * c + j]. Models keep their parameters in one flat array and point
 * into it, so an optimiser, a checkpoint or a model file handles every
 * weight in one pass; struct ll_mat is for the buffers that are matrices in
 * their own right (data, centres, distance blocks).
 *
 * The kernels never allocate and are written so the compiler vectorises
 * them (LL_VECTORIZE). Sums keep their sequential order per element, so a
 * vectorised build gives the same bits as a scalar one.
 */
#ifndef LL_MAT_H
#define LL_MAT_H

#include <stddef.h>

#include "ll_err.h"

#if defined(__GNUC__) && !defined(__clang__)
/* -O2 in GCC 12 vectorises only loops whose trip count is a known multiple
 * of the vector width; the hot kernels ask for the dynamic cost model, and
 * for no trapping math so that clamps and selects are if-converted (values
 * are unchanged: nothing is reassociated). */
#define LL_VECTORIZE __attribute__((optimize("tree-vectorize", "vect-cost-model=dynamic", "no-trapping-math")))
#else
#define LL_VECTORIZE
#endif

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__ELF__)
/* Simple element-wise kernels (bias, copies, column sums, the training
 * loop's accumulations) also get AVX-512 and AVX2 clones, picked at load
 * time on CPUs that have them (valgrind hides AVX-512 from CPUID, so under
 * it the AVX2 clone runs). No FMA is used (C11's -ffp-contract=off) and
 * nothing is reassociated, so every clone performs the same operations on
 * each element and gives the same bits: results do not depend on the CPU.
 * The heavier kernels pick their code with ll_isa.h instead, which a test
 * can cap to compare the sets (tests/core/test_isa). */
#define LL_HOT LL_VECTORIZE __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define LL_HOT LL_VECTORIZE
#endif

struct ll_mat {
	size_t rows, cols;
	float *v; /* rows * cols floats, owned by the matrix */
};

/* Allocates a zeroed rows x cols matrix into m. LL_ENOMEM on failure (m
 * is then empty and safe to free). */
int ll_mat_init(struct ll_mat *m, size_t rows, size_t cols, struct ll_err *err);
void ll_mat_free(struct ll_mat *m);

/* Activation functions of hidden layers. */
enum ll_act { LL_ACT_RELU = 0, LL_ACT_TANH = 1, LL_ACT_SIGMOID = 2, LL_ACT_LINEAR = 3 };
const char *ll_act_name(enum ll_act a);
/* Parses "relu", "tanh", "sigmoid" (or "logistic"), "linear" (or
 * "identity"); returns -1 when unknown. */
int ll_act_parse(const char *s);

/* Each of the n rows of y (width m) += b. */
void ll_k_add_bias(float *y, size_t n, size_t m, const float *b);
/* Each of the n rows of y (width m) = b: the starting value of a product
 * accumulated with beta = 1, which spares OpenBLAS's separate pass that
 * scales C by beta = 0. */
void ll_k_fill_rows(float *y, size_t n, size_t m, const float *b);
/* out[j] = sum over the n rows of y[i][j] (added to out when accumulate). */
void ll_k_colsum(const float *y, size_t n, size_t m, float *out, int accumulate);
/* y = f(y) in place over n values. */
void ll_k_act_forward(enum ll_act a, float *y, size_t n);
/* dy *= f'(x), computed from the activation's output y = f(x). */
void ll_k_act_backward(enum ll_act a, const float *y, float *dy, size_t n);
/* Each row of z (n x c) becomes its softmax, computed stably. */
void ll_k_softmax_rows(float *z, size_t n, size_t c);
/* Vectorisable exp, logistic and tanh of float32 with about 2e-7 relative
 * error (exp) and 3e-7 absolute error (logistic, tanh); exp saturates
 * outside [-87.3, 88.3] instead of returning 0 or inf. */
float ll_expf(float x);
void ll_k_sigmoid(float *x, size_t n);
void ll_k_tanh(float *x, size_t n);
/* y[i] = tanh(x[i]). */
void ll_k_tanh_to(const float *x, float *y, size_t n);

#endif
