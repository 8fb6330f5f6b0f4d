/*
 * ll_ksum.c - column sums of rows in double (ll_ksum.h).
 *
 * The columns are cut into panels whose sums fit in vector registers (64
 * columns in eight AVX-512 registers, 40 or with the squares 20 in AVX2
 * ones); each row of the set adds its panel into them, eight or four
 * floats converted to doubles at a time, the panel's last vector masked.
 * A panel's rows are read again for the next one from the cache. The base
 * set adds 8, 4, 2 and 1 columns at a time, each width a constant so that
 * its sums stay in registers. k-means' block sums had kept 8 columns per
 * pass over a centre's rows, 6 passes for 38 columns, and its column
 * statistics a read-modify-write of every sum per row.
 */
#include "ll_ksum.h"

#include <string.h>

#include "ll_isa.h"

/* Row q of the set. */
#define ROW(q) (X + (order ? (size_t)order[q] : (q)) * d)

LL_VECTORIZE static void ksum_base(const float *X, size_t d, const uint16_t *order, size_t m, double *sum, double *sq)
{
	size_t c0 = 0;
#define LL_KSUM_COLS(W)                                                                 \
	for (; c0 + (W) <= d; c0 += (W)) {                                              \
		double a[W] = {0}, b[W] = {0};                                          \
		for (size_t q = 0; q < m; q++) {                                        \
			const float *x = ROW(q) + c0;                                   \
			for (int t = 0; t < (W); t++) {                                 \
				double v = x[t];                                        \
				a[t] += v;                                              \
				if (sq)                                                 \
					b[t] += v * v;                                  \
			}                                                               \
		}                                                                       \
		memcpy(sum + c0, a, sizeof a);                                          \
		if (sq)                                                                 \
			memcpy(sq + c0, b, sizeof b);                                   \
	}
	LL_KSUM_COLS(8)
	LL_KSUM_COLS(4)
	LL_KSUM_COLS(2)
	LL_KSUM_COLS(1)
#undef LL_KSUM_COLS
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#include <immintrin.h>

/* One panel of NQ vectors of 8 columns from X (row stride d), the last
 * vector's columns those of `last` (a bit per column). NQ is a constant
 * where this is inlined, so the sums are registers. */
LL_TARGET_AVX512 __attribute__((always_inline)) static inline void
panel512(const float *X, size_t d, const uint16_t *order, size_t m, const int NQ, unsigned last, double *sum,
	 double *sq)
{
	__m512d s[8], s2[8];
	__mmask8 lm = (__mmask8)last;
	_Pragma("GCC unroll 8")
	for (int c = 0; c < NQ; c++)
		s[c] = s2[c] = _mm512_setzero_pd();
	for (size_t q = 0; q < m; q++) {
		const float *x = ROW(q);
		_Pragma("GCC unroll 8")
		for (int c = 0; c < NQ; c++) {
			__m256 f = c == NQ - 1 ? _mm256_maskz_loadu_ps(lm, x + 8 * c) : _mm256_loadu_ps(x + 8 * c);
			__m512d v = _mm512_cvtps_pd(f);
			s[c] = _mm512_add_pd(s[c], v);
			if (sq)
				s2[c] = _mm512_add_pd(s2[c], _mm512_mul_pd(v, v));
		}
	}
	_Pragma("GCC unroll 8")
	for (int c = 0; c < NQ; c++) {
		__mmask8 sm = c == NQ - 1 ? lm : 0xff;
		_mm512_mask_storeu_pd(sum + 8 * c, sm, s[c]);
		if (sq)
			_mm512_mask_storeu_pd(sq + 8 * c, sm, s2[c]);
	}
}

LL_TARGET_AVX512 static void ksum_avx512(const float *X, size_t d, const uint16_t *order, size_t m, double *sum,
					 double *sq)
{
	for (size_t c0 = 0; c0 < d; c0 += 64) {
		size_t w = d - c0 < 64 ? d - c0 : 64, nq = (w + 7) / 8;
		unsigned last = (1u << (w - 8 * (nq - 1))) - 1;
		const float *Xp = X + c0;
		double *s = sum + c0, *s2 = sq ? sq + c0 : NULL;
		switch (nq) {
#define LL_KSUM_CASE(N)                                                   \
		case N:                                                   \
			panel512(Xp, d, order, m, N, last, s, s2);        \
			break;
		LL_KSUM_CASE(1)
		LL_KSUM_CASE(2)
		LL_KSUM_CASE(3)
		LL_KSUM_CASE(4)
		LL_KSUM_CASE(5)
		LL_KSUM_CASE(6)
		LL_KSUM_CASE(7)
		default:
			panel512(Xp, d, order, m, 8, last, s, s2);
#undef LL_KSUM_CASE
		}
	}
}

/* The same with vectors of 4 columns (AVX2 has 16 registers: at most 10
 * vectors of sums, or 5 of sums and 5 of squares). */
LL_TARGET_AVX2 __attribute__((always_inline)) static inline void
panel256(const float *X, size_t d, const uint16_t *order, size_t m, const int NQ, __m128i lm, double *sum,
	 double *sq)
{
	__m256d s[10], s2[10];
	_Pragma("GCC unroll 10")
	for (int c = 0; c < NQ; c++)
		s[c] = s2[c] = _mm256_setzero_pd();
	for (size_t q = 0; q < m; q++) {
		const float *x = ROW(q);
		_Pragma("GCC unroll 10")
		for (int c = 0; c < NQ; c++) {
			__m128 f = c == NQ - 1 ? _mm_maskload_ps(x + 4 * c, lm) : _mm_loadu_ps(x + 4 * c);
			__m256d v = _mm256_cvtps_pd(f);
			s[c] = _mm256_add_pd(s[c], v);
			if (sq)
				s2[c] = _mm256_add_pd(s2[c], _mm256_mul_pd(v, v));
		}
	}
	__m256i lm64 = _mm256_cvtepi32_epi64(lm);
	_Pragma("GCC unroll 10")
	for (int c = 0; c < NQ; c++) {
		if (c == NQ - 1) {
			_mm256_maskstore_pd(sum + 4 * c, lm64, s[c]);
			if (sq)
				_mm256_maskstore_pd(sq + 4 * c, lm64, s2[c]);
		} else {
			_mm256_storeu_pd(sum + 4 * c, s[c]);
			if (sq)
				_mm256_storeu_pd(sq + 4 * c, s2[c]);
		}
	}
}

LL_TARGET_AVX2 static void ksum_avx2(const float *X, size_t d, const uint16_t *order, size_t m, double *sum,
				     double *sq)
{
	size_t pw = sq ? 20 : 40;
	for (size_t c0 = 0; c0 < d; c0 += pw) {
		size_t w = d - c0 < pw ? d - c0 : pw, nq = (w + 3) / 4, tail = w - 4 * (nq - 1);
		__m128i lm = _mm_setr_epi32(-1, tail > 1 ? -1 : 0, tail > 2 ? -1 : 0, tail > 3 ? -1 : 0);
		const float *Xp = X + c0;
		double *s = sum + c0, *s2 = sq ? sq + c0 : NULL;
		switch (nq) {
#define LL_KSUM_CASE(N)                                                   \
		case N:                                                   \
			panel256(Xp, d, order, m, N, lm, s, s2);          \
			break;
		LL_KSUM_CASE(1)
		LL_KSUM_CASE(2)
		LL_KSUM_CASE(3)
		LL_KSUM_CASE(4)
		LL_KSUM_CASE(5)
		LL_KSUM_CASE(6)
		LL_KSUM_CASE(7)
		LL_KSUM_CASE(8)
		LL_KSUM_CASE(9)
		default:
			panel256(Xp, d, order, m, 10, lm, s, s2);
#undef LL_KSUM_CASE
		}
	}
}

void ll_ksum(const float *X, size_t d, const uint16_t *order, size_t m, double *sum, double *sq)
{
	switch (ll_isa()) {
	case LL_ISA_AVX512:
		ksum_avx512(X, d, order, m, sum, sq);
		break;
	case LL_ISA_AVX2:
		ksum_avx2(X, d, order, m, sum, sq);
		break;
	default:
		ksum_base(X, d, order, m, sum, sq);
	}
}
#else
void ll_ksum(const float *X, size_t d, const uint16_t *order, size_t m, double *sum, double *sq)
{
	ksum_base(X, d, order, m, sum, sq);
}
#endif
