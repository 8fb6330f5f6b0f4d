/*
 * ll_kdist.c - distances of rows to a few centres (ll_kdist.h).
 *
 * The centres are transposed into a stack buffer, d rows of W floats (W =
 * 8 or 16, one or two 8-float vectors that hold k), zero-padded. A row of
 * X then costs d broadcasts and d fused multiply-adds per vector, eight
 * rows at a time (four when W is 16, for AVX2's 16 registers) so that
 * independent sums hide the FMA latency. Every lane is the same chain of
 * FMAs over the columns in order whether the code runs with AVX2 or
 * AVX-512 encodings, so both give the same bits; the base instruction set
 * has no FMA and uses the GEMM (ll_kdist_fits says no).
 */
#include "ll_kdist.h"

#include <math.h>
#include <string.h>

#include "ll_isa.h"

int ll_kdist_argmin_row(const float *row, size_t k)
{
	size_t best = 0;
	float bv = row[0];
	for (size_t j = 1; j < k; j++)
		if (row[j] < bv) {
			bv = row[j];
			best = j;
		}
	return (int)best;
}

/* Rows i0..n of ll_kdist_direct, one at a time. */
static void direct_rows(const float *X, size_t i0, size_t n, size_t d, const float *C, const int *lab, float *out)
{
	for (size_t i = i0; i < n; i++) {
		const float *x = X + i * d, *c = C ? C + (size_t)lab[i] * d : NULL;
		float s = 0.0f;
		for (size_t j = 0; j < d; j++) {
			float e = c ? x[j] - c[j] : x[j];
			s = s + e * e;
		}
		out[i] = s;
	}
}

int ll_kdist_fits(size_t k, size_t d)
{
	return k >= 1 && k <= LL_KDIST_MAX_K && d >= 1 && d <= LL_KDIST_MAX_D && ll_isa() >= LL_ISA_AVX2;
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#include <immintrin.h>

/* R rows of X from x against the centres' vector h (0 or 1) of ct
 * (stride W), into D (stride k) as cc - 2 * sum; the sums start at 0. */
#define LL_KDIST_ROWS(R, h)                                                                    \
	do {                                                                                   \
		__m256 a[R];                                                                   \
		_Pragma("GCC unroll 8")                                                        \
		for (int r = 0; r < (R); r++)                                                  \
			a[r] = _mm256_setzero_ps();                                            \
		_Pragma("GCC unroll 2")                                                        \
		for (size_t p = 0; p < d; p++) {                                               \
			__m256 c = _mm256_load_ps(ct + p * W + 8 * (h));                       \
			_Pragma("GCC unroll 8")                                                \
			for (int r = 0; r < (R); r++)                                          \
				a[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(x + r * d + p), c, a[r]); \
		}                                                                              \
		__m256 m2 = _mm256_set1_ps(-2.0f), c0 = _mm256_loadu_ps(ccw + 8 * (h));        \
		_Pragma("GCC unroll 8")                                                        \
		for (int r = 0; r < (R); r++) {                                                \
			__m256 v = _mm256_fmadd_ps(m2, a[r], c0);                              \
			if (D) {                                                               \
				if ((h) == 0 && (i + r) * k + 8 <= n * k) {                    \
					_mm256_storeu_ps(D + r * k, v);                        \
				} else {                                                       \
					float out[8];                                          \
					_mm256_storeu_ps(out, v);                              \
					size_t j0 = 8 * (h), j1 = k < j0 + 8 ? k : j0 + 8;     \
					for (size_t j = j0; j < j1; j++)                       \
						D[r * k + j] = out[j - j0];                    \
				}                                                              \
			}                                                                      \
			if (best && W == 8)                                                    \
				best[r] = argmin8(v, live, k);                                 \
		}                                                                              \
	} while (0)

/* Asks for the rows AHEAD groups of g rows past x (rows i.. of n): the
 * sums read g rows side by side, g streams that the hardware prefetcher
 * followed worse than OpenBLAS's one sequential copy (8.4 against 13 GB/s
 * from memory without this). */
#define AHEAD 4
LL_TARGET_AVX2 __attribute__((always_inline)) static inline void prefetch_rows(const float *x, size_t i, size_t n,
									size_t g, size_t d)
{
	if (i + (AHEAD + 1) * g > n)
		return;
	const char *q = (const char *)(x + AHEAD * g * d);
	for (size_t off = 0; off < g * d * sizeof(float); off += 64)
		_mm_prefetch(q + off, _MM_HINT_T0);
}

/* The first index of the smallest of the k values in v's lanes (live
 * marking lanes < k), as the scalar `if (v < best)` from j = 0 finds it:
 * with no NaN that is the first lane equal to the minimum (-0 and +0 are
 * equal for both); a row with a NaN takes the scalar loop. */
LL_TARGET_AVX2 __attribute__((always_inline)) static inline int argmin8(__m256 v, __m256 live, size_t k)
{
	if (_mm256_movemask_ps(_mm256_and_ps(live, _mm256_cmp_ps(v, v, _CMP_UNORD_Q)))) {
		float row[8];
		_mm256_storeu_ps(row, v);
		return ll_kdist_argmin_row(row, k);
	}
	v = _mm256_blendv_ps(_mm256_set1_ps(INFINITY), v, live);
	__m256 m = _mm256_min_ps(v, _mm256_permute_ps(v, 0xB1));
	m = _mm256_min_ps(m, _mm256_permute_ps(m, 0x4E));
	m = _mm256_min_ps(m, _mm256_permute2f128_ps(m, m, 1));
	return __builtin_ctz((unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v, m, _CMP_EQ_OQ)));
}

/* W is 8 or 16; ccw the k norms padded to W. */
LL_TARGET_AVX2 __attribute__((always_inline)) static inline void
kdist_body(const float *X, size_t n, size_t d, const float *ct, size_t W, size_t k, const float *ccw, float *D,
	   int *best)
{
	const int lanes[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	__m256 live = _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)k), _mm256_loadu_si256((const __m256i *)lanes)));
	size_t i = 0;
	if (W == 8) {
		for (; i + 8 <= n; i += 8) {
			const float *x = X + i * d;
			prefetch_rows(x, i, n, 8, d);
			LL_KDIST_ROWS(8, 0);
			D += D ? 8 * k : 0;
			best += best ? 8 : 0;
		}
		for (; i < n; i++) {
			const float *x = X + i * d;
			LL_KDIST_ROWS(1, 0);
			D += D ? k : 0;
			best += best ? 1 : 0;
		}
	} else {
		for (; i + 4 <= n; i += 4) {
			const float *x = X + i * d;
			prefetch_rows(x, i, n, 4, d);
			LL_KDIST_ROWS(4, 0);
			LL_KDIST_ROWS(4, 1);
			D += 4 * k;
		}
		for (; i < n; i++) {
			const float *x = X + i * d;
			LL_KDIST_ROWS(1, 0);
			LL_KDIST_ROWS(1, 1);
			D += k;
		}
	}
}
#undef LL_KDIST_ROWS

LL_TARGET_AVX2 static void kdist_avx2(const float *X, size_t n, size_t d, const float *ct, size_t W, size_t k,
				      const float *ccw, float *D, int *best)
{
	kdist_body(X, n, d, ct, W, k, ccw, D, best);
}

LL_TARGET_AVX512 static void kdist_avx512(const float *X, size_t n, size_t d, const float *ct, size_t W, size_t k,
					  const float *ccw, float *D, int *best)
{
	kdist_body(X, n, d, ct, W, k, ccw, D, best);
}

/* ll_kdist_direct on AVX2 (AVX-512's double-pumped 512-bit vectors gained
 * nothing here): the differences of eight rows from their centres, eight
 * columns at a time, transposed in registers so that lane r of column q
 * holds row r's difference; each lane then adds its squares column after
 * column, the scalar loop's operations in its order. Four such groups of
 * eight rows go side by side, so that four chains of additions hide each
 * other's latency (one chain waited on every add: 14 cycles a row). A
 * row-after-row loop waited likewise; eight rows side by side in plain C
 * kept their sums on the stack and built each vector from eight scalar
 * loads. */
/* Eight rows of eight floats (e[r]) to eight columns (col[q], lane r =
 * row r), in registers. */
LL_TARGET_AVX2 __attribute__((always_inline)) static inline void transpose8(const __m256 e[8], __m256 col[8])
{
	__m256 t0 = _mm256_unpacklo_ps(e[0], e[1]), t1 = _mm256_unpackhi_ps(e[0], e[1]);
	__m256 t2 = _mm256_unpacklo_ps(e[2], e[3]), t3 = _mm256_unpackhi_ps(e[2], e[3]);
	__m256 t4 = _mm256_unpacklo_ps(e[4], e[5]), t5 = _mm256_unpackhi_ps(e[4], e[5]);
	__m256 t6 = _mm256_unpacklo_ps(e[6], e[7]), t7 = _mm256_unpackhi_ps(e[6], e[7]);
	__m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
	__m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
	__m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
	__m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
	col[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
	col[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
	col[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
	col[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
	col[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
	col[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
	col[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
	col[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

LL_TARGET_AVX2 __attribute__((always_inline)) static inline __m256
direct_tile(__m256 s, const float *x, size_t d, const float *const *c, size_t j0, __m256i tailmask)
{
	size_t w = d - j0 < 8 ? d - j0 : 8;
	__m256 e[8];
	_Pragma("GCC unroll 8")
	for (int r = 0; r < 8; r++) {
		if (w == 8) {
			e[r] = _mm256_loadu_ps(x + r * d + j0);
			if (c)
				e[r] = _mm256_sub_ps(e[r], _mm256_loadu_ps(c[r] + j0));
		} else {
			e[r] = _mm256_maskload_ps(x + r * d + j0, tailmask);
			if (c)
				e[r] = _mm256_sub_ps(e[r], _mm256_maskload_ps(c[r] + j0, tailmask));
		}
	}
	/* column j0 + q in col[q], lane r = row r */
	__m256 col[8];
	transpose8(e, col);
	_Pragma("GCC unroll 8")
	for (size_t q = 0; q < 8; q++)
		if (q < w)
			s = _mm256_add_ps(s, _mm256_mul_ps(col[q], col[q]));
	return s;
}

/* G groups of eight rows from row i on (G a constant where inlined). */
LL_TARGET_AVX2 __attribute__((always_inline)) static inline void
direct_groups(const float *X, size_t i, const int G, size_t d, const float *C, const int *lab, __m256i tailmask,
	      float *out)
{
	const float *c[4][8];
	__m256 s[4];
	_Pragma("GCC unroll 4")
	for (int g = 0; g < G; g++) {
		s[g] = _mm256_setzero_ps();
		if (C)
			for (int r = 0; r < 8; r++)
				c[g][r] = C + (size_t)lab[i + 8 * g + r] * d;
	}
	for (size_t j0 = 0; j0 < d; j0 += 8) {
		_Pragma("GCC unroll 4")
		for (int g = 0; g < G; g++)
			s[g] = direct_tile(s[g], X + (i + 8 * g) * d, d, C ? c[g] : NULL, j0, tailmask);
	}
	_Pragma("GCC unroll 4")
	for (int g = 0; g < G; g++)
		_mm256_storeu_ps(out + i + 8 * g, s[g]);
}

LL_TARGET_AVX2 static void direct_avx2(const float *X, size_t n, size_t d, const float *C, const int *lab, float *out)
{
	const int lanes[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	__m256i tailmask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(d % 8)), _mm256_loadu_si256((const __m256i *)lanes));
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		/* the rows two groups on: alone on cold rows (the first pass of a
		 * fit), eight streams a group left the hardware prefetcher behind */
		if (i + 96 <= n) {
			const char *q = (const char *)(X + (i + 64) * d);
			for (size_t off = 0; off < 32 * d * sizeof(float); off += 64)
				_mm_prefetch(q + off, _MM_HINT_T0);
		}
		direct_groups(X, i, 4, d, C, lab, tailmask, out);
	}
	for (; i + 8 <= n; i += 8)
		direct_groups(X, i, 1, d, C, lab, tailmask, out);
	direct_rows(X, i, n, d, C, lab, out);
}

/* ll_kdist for one centre c: its lane wasted seven of eight (a whole
 * pass of a fit, for the first centre of k-means++). Rows go in the lanes
 * instead, transposed as in direct_tile, G groups of eight side by side
 * (G a constant where inlined); each lane's fused multiply-adds over the
 * columns in order are those of the centre's lane in kdist_body, so the
 * same bits. Rows [0, returned) are done, a multiple of 8 * G. 100k x 38
 * from the cache: 8.3-9.5 ns a row before, 4.7-5.0 with four groups in
 * AVX2 code, 5.7-7.0 with eight in AVX-512's 32 registers. */
LL_TARGET_AVX2 __attribute__((always_inline)) static inline size_t
kdist1_body(const float *X, size_t n, size_t d, const float *c, float cc, float *D, const int G)
{
	const int lanes[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	__m256i tailmask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(d % 8)), _mm256_loadu_si256((const __m256i *)lanes));
	size_t i = 0;
	for (; i + 8 * (size_t)G <= n; i += 8 * (size_t)G) {
		__m256 a[8];
		_Pragma("GCC unroll 8")
		for (int g = 0; g < G; g++)
			a[g] = _mm256_setzero_ps();
		for (size_t j0 = 0; j0 < d; j0 += 8) {
			size_t w = d - j0 < 8 ? d - j0 : 8;
			_Pragma("GCC unroll 8")
			for (int g = 0; g < G; g++) {
				const float *x = X + (i + 8 * (size_t)g) * d;
				__m256 e[8];
				_Pragma("GCC unroll 8")
				for (int r = 0; r < 8; r++)
					e[r] = w == 8 ? _mm256_loadu_ps(x + r * d + j0) : _mm256_maskload_ps(x + r * d + j0, tailmask);
				__m256 col[8];
				transpose8(e, col);
				_Pragma("GCC unroll 8")
				for (size_t q = 0; q < 8; q++)
					if (q < w)
						a[g] = _mm256_fmadd_ps(col[q], _mm256_broadcast_ss(c + j0 + q), a[g]);
			}
		}
		__m256 m2 = _mm256_set1_ps(-2.0f), c0 = _mm256_set1_ps(cc);
		_Pragma("GCC unroll 8")
		for (int g = 0; g < G; g++)
			_mm256_storeu_ps(D + i + 8 * g, _mm256_fmadd_ps(m2, a[g], c0));
	}
	return i;
}

LL_TARGET_AVX2 static size_t kdist1_avx2(const float *X, size_t n, size_t d, const float *c, float cc, float *D)
{
	return kdist1_body(X, n, d, c, cc, D, 4);
}

void ll_kdist_direct(const float *X, size_t n, size_t d, const float *C, const int *lab, float *out)
{
	if (ll_isa() >= LL_ISA_AVX2)
		direct_avx2(X, n, d, C, lab, out);
	else
		direct_rows(X, 0, n, d, C, lab, out);
}

void ll_kdist(const float *X, size_t n, size_t d, const float *C, size_t k, const float *cc, float *D, int *best)
{
	/* 32 KiB at most; aligned for whole-vector loads */
	_Alignas(32) float ct[LL_KDIST_MAX_D * LL_KDIST_MAX_K];
	float ccw[LL_KDIST_MAX_K];
	size_t W = k <= 8 ? 8 : 16;
	for (size_t p = 0; p < d; p++)
		for (size_t j = 0; j < W; j++)
			ct[p * W + j] = j < k ? C[j * d + p] : 0.0f;
	for (size_t j = 0; j < W; j++)
		ccw[j] = j < k ? cc[j] : 0.0f;
	if (k == 1 && D) {
		size_t done = kdist1_avx2(X, n, d, C, cc[0], D);
		if (best)
			memset(best, 0, done * sizeof *best); /* one centre: always the nearest */
		X += done * d;
		n -= done;
		D += done;
		best += best ? done : 0;
	}
	if (ll_isa() >= LL_ISA_AVX512)
		kdist_avx512(X, n, d, ct, W, k, ccw, D, best);
	else
		kdist_avx2(X, n, d, ct, W, k, ccw, D, best);
	if (best && W > 8)
		for (size_t i = 0; i < n; i++)
			best[i] = ll_kdist_argmin_row(D + i * k, k);
}
#else
void ll_kdist_direct(const float *X, size_t n, size_t d, const float *C, const int *lab, float *out)
{
	direct_rows(X, 0, n, d, C, lab, out);
}

void ll_kdist(const float *X, size_t n, size_t d, const float *C, size_t k, const float *cc, float *D, int *best)
{
	/* never called: ll_kdist_fits is false without the x86-64 kernels */
	(void)X, (void)n, (void)d, (void)C, (void)k, (void)cc, (void)D, (void)best;
}
#endif
