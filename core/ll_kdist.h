/*
 * ll_kdist.h - the distance part of k-means for a few centres, without a
 * GEMM: D[i][j] = ||c_j||^2 - 2 x_i . c_j for a block of rows, so that
 * ||x_i||^2 + D[i][j] is the squared distance of row i to centre j.
 *
 * For k-means' usual shapes (a block of 1024 rows, k <= 16 centres, a few
 * dozen columns) OpenBLAS spent more time copying the rows into its
 * packed panels than multiplying (bench/ISSUE18.md); here each row is read
 * once, in place, and multiplied against the centres held transposed.
 * Each element is the dot product summed over the columns in order by
 * fused multiply-adds, the same on AVX2 and AVX-512 (ll_isa.h; the base
 * set has no FMA and takes the GEMM), and it depends on neither the
 * other rows nor the other centres of the call.
 */
#ifndef LL_KDIST_H
#define LL_KDIST_H

#include <stddef.h>

#define LL_KDIST_MAX_K 16
#define LL_KDIST_MAX_D 512

/* 1 when ll_kdist takes k centres of d columns (k <= LL_KDIST_MAX_K,
 * 1 <= d <= LL_KDIST_MAX_D); otherwise the caller uses the GEMM. */
int ll_kdist_fits(size_t k, size_t d);

/* D (n x k, row stride k) = cc[j] - 2 * (row i of X) . (row j of C), X
 * n x d and C k x d row-major, cc the k squared norms of C; and, when best
 * is not NULL, best[i] = ll_kdist_argmin_row(row i of D, k), found while
 * the row is in registers. With best and k <= 8, D may be NULL: only the
 * nearest centres are wanted. Only for shapes ll_kdist_fits accepts. */
void ll_kdist(const float *X, size_t n, size_t d, const float *C, size_t k, const float *cc, float *D, int *best);

/* out[i] = the squared distance of row i of X (n x d) to its centre, row
 * lab[i] of C (k x d, row-major), summed directly over the columns in
 * order, (x - c) * (x - c) added one column after the other (no FMA), so
 * the same bits on every instruction set; with C NULL (lab unused), the
 * squared norm of each row. For any shapes. */
void ll_kdist_direct(const float *X, size_t n, size_t d, const float *C, const int *lab, float *out);

/* The first index j of the smallest row[j] (strictly smaller replaces; a
 * NaN is never smaller, so a NaN at 0 stays the answer): the nearest
 * centre of k-means. */
int ll_kdist_argmin_row(const float *row, size_t k);

#endif
