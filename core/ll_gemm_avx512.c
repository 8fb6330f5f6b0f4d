/*
 * ll_gemm_avx512.c - ll_gemm's AVX-512 kernel (see ll_gemm.h and
 * ll_gemm_avx512.h).
 *
 * The plan of the AVX2 kernel of ll_gemm.c, three times as wide: an 8 x
 * 48 tile of C lives in 24 of the 32 zmm registers for the whole of k,
 * taking 8 broadcasts of op(A) (read in place) and three 16-float vectors
 * of op(B) per k. op(B) = B is read in place too (so k is not bound by a
 * buffer; a long k runs in blocks of KC rows of B, the tiles' partial sums
 * parked in the panel buffer between blocks); op(B) = B^T is packed into
 * panels of up to 48 columns. Every element is the AVX2 kernel's FMA
 * chain (acc = a * b + acc, p = 0..k-1, from 0) and the store does its
 * operations in its order, so both kernels give the same bits
 * (tests/core/test_gemm checks it, and against fmaf).
 *
 * Edges cost no scalar code: tiles of fewer rows and panels of one or two
 * vectors are their own inlined copies of the tile (mr 1..8 x 1..3
 * vectors), and the last vector of a row is loaded and stored through a
 * lane mask. A transposed op(B) (the weights of A W^T) is packed by 16 x
 * 16 register transposes instead of one float at a time, which was the
 * AVX2 kernel's main loss against OpenBLAS on the forward product.
 */
#include "ll_gemm_avx512.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define T512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,fma")))
#define INLINE __attribute__((always_inline)) inline

#define MR 8    /* rows of a tile */
#define NVMAX 3 /* 16-float vectors of a full panel */
#define NR (16 * NVMAX)
/* Floats of packed op(B): 128 KiB, at least one full panel of the largest k. */
#define BP_FLOATS (32 * 1024)
/* Rows of B in a block of a long k (op(B) = B; 256 x 64 floats of B are
 * 64 KiB). */
#ifndef KC
#define KC 256
#endif

int ll_gemm_avx512_cpu(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
	       __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
	       __builtin_cpu_supports("fma");
}

/* Lanes [0, n) of a vector, n >= 0 (16 and more: all). */
static T512 INLINE __mmask16 lanes(size_t n)
{
	return n >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << n) - 1u);
}

/* A tile's accumulators across blocks of k: in (NULL: from zero) and
 * out (NULL: the store of the result) are the tile's corner of an m x n
 * scratch of ld floats a row. A float stored and loaded back is the
 * same float, so a chain cut into blocks is the chain of one pass. */
struct part {
	const float *in;
	float *out;
	size_t ld;
};

/* Lanes mk of p, the others 0; a row of exactly 8 (k-means with 8
 * centres) through a plain 256-bit load: masked 64-byte loads and stores
 * of rows 32 bytes apart, half of them across a cache line, ran at half
 * the speed on Zen 5 (41 against 77 GFLOP/s). */
static T512 INLINE __m512 load_lanes(__mmask16 mk, const float *p)
{
	return mk == 0xff ? _mm512_zextps256_ps512(_mm256_loadu_ps(p)) : _mm512_maskz_loadu_ps(mk, p);
}

/* v's lanes mk into p, as load_lanes reads them. */
static T512 INLINE void store_lanes(float *p, __mmask16 mk, __m512 v)
{
	if (mk == 0xff)
		_mm256_storeu_ps(p, _mm512_castps512_ps256(v));
	else
		_mm512_mask_storeu_ps(p, mk, v);
}

/* The store of ll_gemm's formula on lanes mk of one vector of a tile row,
 * in the AVX2 kernel's order of operations (alpha * acc, + beta * C,
 * + bias, ReLU) so that the bits agree. -std=c11 keeps the compiler
 * from fusing the multiply and add. */
static T512 INLINE void store16(__m512 acc, float *c, const float *bias, __mmask16 mk, float alpha, float beta,
				int relu)
{
	__m512 v = _mm512_mul_ps(_mm512_set1_ps(alpha), acc);
	if (beta != 0.0f)
		v = _mm512_add_ps(v, _mm512_mul_ps(_mm512_set1_ps(beta), load_lanes(mk, c)));
	if (bias)
		v = _mm512_add_ps(v, load_lanes(mk, bias));
	if (relu)
		v = _mm512_max_ps(v, _mm512_setzero_ps()); /* NaN and -0 give +0, as the C store */
	store_lanes(c, mk, v);
}

/* One tile: mr rows of op(A) (row i at a + i * rs, element p at + p * cs)
 * times a packed panel of nv vectors (16 * nv floats a k) into the mr x nr
 * corner of C. mr and nv are constants in every inlined copy, so the
 * arrays below become registers. */
static T512 INLINE void tile(size_t k, const float *a, size_t rs, size_t cs, const float *bp, size_t bs,
			     float *c, size_t ldc, size_t nr, const struct part *pt, const float *bias, float alpha,
			     float beta, int relu, const int mr, const int nv)
{
	__mmask16 last = lanes(nr - 16 * (size_t)(nv - 1));
	__m512 acc[MR][NVMAX];
	const float *ap[MR];
#pragma GCC unroll 8
	for (int i = 0; i < mr; i++) {
		ap[i] = a + (size_t)i * rs;
#pragma GCC unroll 3
		for (int v = 0; v < nv; v++)
			acc[i][v] = pt->in ? load_lanes(v < nv - 1 ? 0xffff : last, pt->in + i * pt->ld + 16 * v)
					   : _mm512_setzero_ps();
	}
	for (size_t p = 0, o = 0; p < k; p++, o += cs, bp += bs) {
		__m512 b[NVMAX];
#pragma GCC unroll 3
		for (int v = 0; v < nv; v++)
			b[v] = v < nv - 1 ? _mm512_loadu_ps(bp + 16 * v) : _mm512_maskz_loadu_ps(last, bp + 16 * v);
#pragma GCC unroll 8
		for (int i = 0; i < mr; i++) {
			__m512 x = _mm512_set1_ps(ap[i][o]);
#pragma GCC unroll 3
			for (int v = 0; v < nv; v++)
				acc[i][v] = _mm512_fmadd_ps(x, b[v], acc[i][v]);
		}
	}
	if (pt->out) {
		/* a partial sum over a block of k, continued by the next block */
#pragma GCC unroll 8
		for (int i = 0; i < mr; i++)
#pragma GCC unroll 3
			for (int v = 0; v < nv; v++)
				store_lanes(pt->out + i * pt->ld + 16 * v, v < nv - 1 ? 0xffff : last, acc[i][v]);
		return;
	}
#pragma GCC unroll 8
	for (int i = 0; i < mr; i++)
#pragma GCC unroll 3
		for (int v = 0; v < nv; v++)
			store16(acc[i][v], c + (size_t)i * ldc + 16 * v, bias ? bias + 16 * v : NULL,
				lanes(nr - 16 * (size_t)v), alpha, beta, relu);
}

#define TILE_NV(M)                                                                                         \
	case M:                                                                                            \
		if (nv == 1)                                                                               \
			tile(k, a, rs, cs, bp, bs, c, ldc, nr, pt, bias, alpha, beta, relu, M, 1);                 \
		else if (nv == 2)                                                                          \
			tile(k, a, rs, cs, bp, bs, c, ldc, nr, pt, bias, alpha, beta, relu, M, 2);                 \
		else                                                                                       \
			tile(k, a, rs, cs, bp, bs, c, ldc, nr, pt, bias, alpha, beta, relu, M, 3);                 \
		break;

/* The copy of tile() for mr rows and nv = ceil(nr / 16) vectors. */
static T512 __attribute__((noinline)) void tile_any(size_t k, const float *a, size_t rs, size_t cs, const float *bp, size_t bs,
			  float *c, size_t ldc, size_t mr, size_t nr, const struct part *pt, const float *bias, float alpha, float beta, int relu)
{
	size_t nv = (nr + 15) / 16;
	switch (mr) {
		TILE_NV(1)
		TILE_NV(2)
		TILE_NV(3)
		TILE_NV(4)
		TILE_NV(5)
		TILE_NV(6)
		TILE_NV(7)
	default:
		if (nv == 3) /* the common case first */
			tile(k, a, rs, cs, bp, bs, c, ldc, nr, pt, bias, alpha, beta, relu, 8, 3);
		else if (nv == 2)
			tile(k, a, rs, cs, bp, bs, c, ldc, nr, pt, bias, alpha, beta, relu, 8, 2);
		else
			tile(k, a, rs, cs, bp, bs, c, ldc, nr, pt, bias, alpha, beta, relu, 8, 1);
		break;
	}
}

/* r[0..15] := its transpose (r[i] lane j becomes r[j] lane i): within
 * 128-bit lanes by unpack and shuffle, then across lanes by two rounds of
 * 128-bit block shuffles. */
static T512 INLINE void transpose16(__m512 r[16])
{
	__m512 t[16], u[16];
#pragma GCC unroll 16
	for (int i = 0; i < 16; i += 2) {
		t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);     /* r0[0] r1[0] r0[1] r1[1] in each block */
		t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]); /* r0[2] r1[2] r0[3] r1[3] */
	}
#pragma GCC unroll 16
	for (int i = 0; i < 16; i += 4) {
		/* u[i + e]: rows i..i+3 of element e of every block */
		u[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);
		u[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xee);
		u[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
		u[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xee);
	}
#pragma GCC unroll 4
	for (int e = 0; e < 4; e++) {
		/* element e of blocks 0..3 gathered from u[e], u[4 + e], u[8 + e], u[12 + e] */
		__m512 w0 = _mm512_shuffle_f32x4(u[e], u[4 + e], 0x88), w1 = _mm512_shuffle_f32x4(u[e], u[4 + e], 0xdd);
		__m512 w2 = _mm512_shuffle_f32x4(u[8 + e], u[12 + e], 0x88),
		       w3 = _mm512_shuffle_f32x4(u[8 + e], u[12 + e], 0xdd);
		r[e] = _mm512_shuffle_f32x4(w0, w2, 0x88);
		r[8 + e] = _mm512_shuffle_f32x4(w0, w2, 0xdd);
		r[4 + e] = _mm512_shuffle_f32x4(w1, w3, 0x88);
		r[12 + e] = _mm512_shuffle_f32x4(w1, w3, 0xdd);
	}
}

/* 16 rows of B (cols of them, the rest zero) from element p0 on (pk of
 * them, the rest zero) transposed into dst, w floats a k: the loops are
 * unrolled so that the 16 vectors stay in registers. */
static T512 INLINE void pack_block(const float *src, size_t ldb, size_t cols, size_t pk, float *dst, size_t w)
{
	__mmask16 mk = lanes(pk);
	__m512 r[16];
#pragma GCC unroll 16
	for (size_t j = 0; j < 16; j++)
		r[j] = j < cols ? _mm512_maskz_loadu_ps(mk, src + j * ldb) : _mm512_setzero_ps();
	transpose16(r);
	if (pk == 16) {
#pragma GCC unroll 16
		for (size_t p = 0; p < 16; p++)
			_mm512_store_ps(dst + p * w, r[p]);
	} else {
#pragma GCC unroll 16
		for (size_t p = 0; p < 16; p++)
			if (p < pk)
				_mm512_store_ps(dst + p * w, r[p]);
	}
}

/* Columns [j0, j0 + nc) of op(B) = B^T (column j is row j of B) into
 * panels of NR columns (the last one of ceil(its width / 16) vectors),
 * zero past column n. Panel q starts at bp + q * k and holds 16 * nv
 * floats a k. */
static T512 __attribute__((noinline)) void pack_bt(const float *b, size_t ldb, size_t j0, size_t nc, size_t k,
						   float *bp)
{
	for (size_t q = 0; q < nc; q += NR) {
		size_t nr = nc - q < NR ? nc - q : NR, nv = (nr + 15) / 16, w = 16 * nv;
		float *dst = bp + q * k;
		for (size_t v = 0; v < nv; v++) {
			size_t cols = nr - 16 * v < 16 ? nr - 16 * v : 16;
			const float *src = b + (j0 + q + 16 * v) * ldb;
			for (size_t p0 = 0; p0 < k; p0 += 16)
				pack_block(src + p0, ldb, cols, k - p0 < 16 ? k - p0 : 16, dst + p0 * w + 16 * v, w);
		}
	}
}

T512 void ll_gemm_avx512_run(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha, const float *a,
			     size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc,
			     const float *bias, enum ll_gemm_act act)
{
	_Alignas(64) float bp[BP_FLOATS];
	int relu = act == LL_GEMM_RELU;
	size_t rs = trans_a ? 1 : lda, cs = trans_a ? lda : 1;
	struct part whole = {NULL, NULL, 0};
	if (!trans_b) {
		/* op(B) = B is read in place, k rows of ldb floats apart (faster
		 * than packing it on training's shapes: the panel's rows stay in
		 * L1 either way); the last vector of a row through a mask. A long
		 * k (the LSTM's weight gradients sum over 3200 rows) goes in
		 * blocks of KC rows of B, which stay in L2 for all the row tiles,
		 * the partial sums kept in bp when C fits there. */
		size_t kc = k > 2 * KC && m * n <= BP_FLOATS ? KC : k;
		for (size_t p0 = 0; p0 < k; p0 += kc) {
			size_t kk = k - p0 < kc ? k - p0 : kc;
			for (size_t i0 = 0; i0 < m; i0 += MR) {
				size_t mr = m - i0 < MR ? m - i0 : MR;
				const float *ai = a + i0 * rs + p0 * cs;
				for (size_t q = 0; q < n; q += NR) {
					struct part pt = {p0 ? bp + i0 * n + q : NULL, p0 + kk < k ? bp + i0 * n + q : NULL, n};
					tile_any(kk, ai, rs, cs, b + p0 * ldb + q, ldb, c + i0 * ldc + q, ldc, mr,
						 n - q < NR ? n - q : NR, kc < k ? &pt : &whole, bias ? bias + q : NULL, alpha,
						 beta, relu);
				}
			}
		}
		return;
	}
	/* op(B) = B^T packed, as many columns at a time as the buffer holds:
	 * all of them for training's shapes */
	size_t ncmax = BP_FLOATS / k / NR * NR;
	for (size_t j0 = 0; j0 < n; j0 += ncmax) {
		size_t nc = n - j0 < ncmax ? n - j0 : ncmax;
		pack_bt(b, ldb, j0, nc, k, bp);
		for (size_t i0 = 0; i0 < m; i0 += MR) {
			size_t mr = m - i0 < MR ? m - i0 : MR;
			const float *ai = a + i0 * rs;
			for (size_t q = 0; q < nc; q += NR) {
				size_t nr = nc - q < NR ? nc - q : NR;
				tile_any(k, ai, rs, cs, bp + q * k, 16 * ((nr + 15) / 16), c + i0 * ldc + j0 + q, ldc, mr,
					 nr, &whole, bias ? bias + j0 + q : NULL, alpha, beta, relu);
			}
		}
	}
}

#else /* no x86-64: never chosen */

int ll_gemm_avx512_cpu(void)
{
	return 0;
}

void ll_gemm_avx512_run(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha, const float *a,
			size_t lda, const float *b, size_t ldb, float beta, float *c, size_t ldc, const float *bias,
			enum ll_gemm_act act)
{
	(void)trans_a, (void)trans_b, (void)m, (void)n, (void)k, (void)alpha, (void)a, (void)lda, (void)b;
	(void)ldb, (void)beta, (void)c, (void)ldc, (void)bias, (void)act;
}

#endif
