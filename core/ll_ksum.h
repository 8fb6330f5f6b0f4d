/*
 * ll_ksum.h - column sums of a set of rows in double: the centre sums of
 * k-means' Lloyd iterations (the rows of one centre within a block) and
 * the column statistics of its first pass.
 *
 * Each column's sum is taken in the order of the rows, starting from 0,
 * one double addition per row (and for the squares one multiplication
 * then one addition), on every instruction set (ll_isa.h): the bits do not
 * depend on the CPU, only on the rows and their order.
 */
#ifndef LL_KSUM_H
#define LL_KSUM_H

#include <stddef.h>
#include <stdint.h>

/* sum[j] = the sum over the m rows of (double)x[j], and, when sq is not
 * NULL, sq[j] = the sum of (double)x[j] * (double)x[j], for j < d. Row q
 * is X + order[q] * d, or X + q * d when order is NULL (X row-major with
 * d columns). sum and sq are overwritten (zeros when m is 0). */
void ll_ksum(const float *X, size_t d, const uint16_t *order, size_t m, double *sum, double *sq);

#endif
