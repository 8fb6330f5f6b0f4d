/*
 * ll_gemm.c - packed-panel small GEMM with a fused bias + ReLU store (see
 * ll_gemm.h).
 *
 * Loop order: op(B) is packed once into NR-column panels (k-major: NR
 * values per k; up to 128 KiB, so in L2), then for every MR rows of op(A)
 * the micro-kernel runs along op(B)'s panels, broadcasting A's elements
 * straight from A (rows or columns alike: a broadcast load takes any
 * address, so A is not packed; packing it cost a third of the kernel's
 * time at 64 x 100 x 100). A micro-kernel
 * keeps an MR x NR tile of C in registers for the whole of k, then stores
 * it once: alpha * acc (+ beta * C) (+ bias) (ReLU). Tiles cut by the edge
 * of C are computed on zero-padded panels and stored with masks (AVX2) or
 * element by element (portable).
 */
#include "ll_gemm.h"
#include "ll_gemm_avx512.h"

#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LL_GEMM_X86 1
#endif

#define MR 6
#define NR 16
/* Floats of packed op(B): 128 KiB, at least NR columns of the largest k. */
#define BP_FLOATS (32 * 1024)

/* The store of one tile: what ll_gemm was asked for. */
struct store {
	float alpha, beta;
	const float *bias; /* at the tile's first column, or NULL */
	enum ll_gemm_act act;
};

/* A tile's rows of op(A): row i at a + i * rs, element p at + p * cs, so
 * both A and A^T are read in place (no packing); rows past the edge of C
 * repeat the last valid row, and their results are dropped. */
struct arows {
	const float *a;
	size_t rs, cs;
};

typedef void (*kernel_fn)(size_t k, const struct arows *ar, const float *bp, float *c, size_t ldc, size_t mr,
			  size_t nr, const struct store *st);

/* The tile's valid mr x nr corner from acc (MR x NR) into C. */
static void store_tile(const float *acc, float *c, size_t ldc, size_t mr, size_t nr, const struct store *st)
{
	for (size_t i = 0; i < mr; i++)
		for (size_t j = 0; j < nr; j++) {
			float v = st->alpha * acc[i * NR + j];
			if (st->beta != 0.0f)
				v += st->beta * c[i * ldc + j];
			if (st->bias)
				v += st->bias[j];
			if (st->act == LL_GEMM_RELU)
				v = v > 0.0f ? v : 0.0f; /* as ll_k_act_forward: NaN and -0 give 0 */
			c[i * ldc + j] = v;
		}
}

static void kernel_c(size_t k, const struct arows *ar, const float *bp, float *c, size_t ldc, size_t mr, size_t nr,
		     const struct store *st)
{
	float acc[MR * NR];
	memset(acc, 0, sizeof acc);
	for (size_t p = 0; p < k; p++) {
		const float *b = bp + p * NR;
		for (size_t i = 0; i < MR; i++) {
			float a = ar->a[(i < mr ? i : mr - 1) * ar->rs + p * ar->cs];
			for (size_t j = 0; j < NR; j++)
				acc[i * NR + j] += a * b[j];
		}
	}
	store_tile(acc, c, ldc, mr, nr, st);
}

#ifdef LL_GEMM_X86
/* Lanes [0, n) of a mask, n in 0..8. */
__attribute__((target("avx2,fma"))) static inline __m256i lanes(size_t n)
{
	return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* 8 columns of a tile row: the store of ll_gemm's formula, lanes [0, n)
 * only (masked loads and stores read and write nothing past C's edge). */
__attribute__((target("avx2,fma"))) static inline void store8(__m256 acc, float *c, const float *bias, size_t n,
							      const struct store *st)
{
	__m256i mk = lanes(n);
	__m256 v = _mm256_mul_ps(_mm256_set1_ps(st->alpha), acc);
	if (st->beta != 0.0f)
		v = _mm256_add_ps(v, _mm256_mul_ps(_mm256_set1_ps(st->beta), n == 8 ? _mm256_loadu_ps(c)
											: _mm256_maskload_ps(c, mk)));
	if (bias)
		v = _mm256_add_ps(v, n == 8 ? _mm256_loadu_ps(bias) : _mm256_maskload_ps(bias, mk));
	if (st->act == LL_GEMM_RELU)
		v = _mm256_max_ps(v, _mm256_setzero_ps()); /* NaN and -0 give +0, as the C store */
	if (n == 8)
		_mm256_storeu_ps(c, v);
	else
		_mm256_maskstore_ps(c, mk, v);
}

/* 12 accumulators (6 rows x 2 vectors of 8), 2 loads of B and 6
 * broadcasts of A per k: 12 FMAs for 8 memory operations. A tile of at
 * most 8 columns (the edge of C, a 2-class output) runs half the FMAs. */
__attribute__((target("avx2,fma"))) static void kernel_avx2(size_t k, const struct arows *ar, const float *bp,
							    float *c, size_t ldc, size_t mr, size_t nr,
							    const struct store *st)
{
	__m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00,
	       c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
	size_t rs = ar->rs, cs = ar->cs;
	const float *a0 = ar->a, *a1 = a0 + (mr > 1 ? rs : 0), *a2 = a0 + (mr > 2 ? 2 * rs : 0),
		    *a3 = a0 + (mr > 3 ? 3 * rs : 0), *a4 = a0 + (mr > 4 ? 4 * rs : 0), *a5 = a0 + (mr > 5 ? 5 * rs : 0);
	if (nr > 8) {
		for (size_t p = 0, o = 0; p < k; p++, o += cs) {
			__m256 b0 = _mm256_loadu_ps(bp), b1 = _mm256_loadu_ps(bp + 8), a;
			a = _mm256_broadcast_ss(a0 + o);
			c00 = _mm256_fmadd_ps(a, b0, c00);
			c01 = _mm256_fmadd_ps(a, b1, c01);
			a = _mm256_broadcast_ss(a1 + o);
			c10 = _mm256_fmadd_ps(a, b0, c10);
			c11 = _mm256_fmadd_ps(a, b1, c11);
			a = _mm256_broadcast_ss(a2 + o);
			c20 = _mm256_fmadd_ps(a, b0, c20);
			c21 = _mm256_fmadd_ps(a, b1, c21);
			a = _mm256_broadcast_ss(a3 + o);
			c30 = _mm256_fmadd_ps(a, b0, c30);
			c31 = _mm256_fmadd_ps(a, b1, c31);
			a = _mm256_broadcast_ss(a4 + o);
			c40 = _mm256_fmadd_ps(a, b0, c40);
			c41 = _mm256_fmadd_ps(a, b1, c41);
			a = _mm256_broadcast_ss(a5 + o);
			c50 = _mm256_fmadd_ps(a, b0, c50);
			c51 = _mm256_fmadd_ps(a, b1, c51);
			bp += NR;
		}
	} else {
		for (size_t p = 0, o = 0; p < k; p++, o += cs) {
			__m256 b0 = _mm256_loadu_ps(bp);
			c00 = _mm256_fmadd_ps(_mm256_broadcast_ss(a0 + o), b0, c00);
			c10 = _mm256_fmadd_ps(_mm256_broadcast_ss(a1 + o), b0, c10);
			c20 = _mm256_fmadd_ps(_mm256_broadcast_ss(a2 + o), b0, c20);
			c30 = _mm256_fmadd_ps(_mm256_broadcast_ss(a3 + o), b0, c30);
			c40 = _mm256_fmadd_ps(_mm256_broadcast_ss(a4 + o), b0, c40);
			c50 = _mm256_fmadd_ps(_mm256_broadcast_ss(a5 + o), b0, c50);
			bp += NR;
		}
	}
	__m256 acc[MR * 2] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
	size_t n0 = nr < 8 ? nr : 8, n1 = nr - n0;
	for (size_t i = 0; i < mr; i++) {
		float *ci = c + i * ldc;
		store8(acc[2 * i], ci, st->bias, n0, st);
		if (n1)
			store8(acc[2 * i + 1], ci + 8, st->bias ? st->bias + 8 : NULL, n1, st);
	}
}

#endif

static atomic_int forced = LL_GEMM_AUTO;

/* The best kernel of this CPU, found once. */
static enum ll_gemm_kernel best(void)
{
	static atomic_int found = -1;
	int f = atomic_load(&found);
	if (f < 0) {
		f = LL_GEMM_PORTABLE;
#ifdef LL_GEMM_X86
		__builtin_cpu_init();
		if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
			f = ll_gemm_avx512_cpu() ? LL_GEMM_AVX512 : LL_GEMM_AVX2;
#endif
		atomic_store(&found, f);
	}
	return (enum ll_gemm_kernel)f;
}

void ll_gemm_use(enum ll_gemm_kernel k)
{
	atomic_store(&forced, (int)k);
}

enum ll_gemm_kernel ll_gemm_kernel(void)
{
	enum ll_gemm_kernel b = best(), f = (enum ll_gemm_kernel)atomic_load(&forced);
	return f == LL_GEMM_AUTO || f > b ? b : f;
}

int ll_gemm_takes(int trans_b, size_t k)
{
	/* only the AVX-512 kernel reads B in place, so only it is not bound
	 * by the packed panels' size */
	return k >= 1 && (k <= LL_GEMM_MAX_K || (!trans_b && ll_gemm_kernel() == LL_GEMM_AVX512));
}

/* The packed-panel kernel of the AVX2 and portable paths. */
static kernel_fn pick(enum ll_gemm_kernel k)
{
#ifdef LL_GEMM_X86
	if (k == LL_GEMM_AVX2)
		return kernel_avx2;
#endif
	(void)k;
	return kernel_c;
}

#ifdef LL_GEMM_X86
/* Eight rows of B (op(B)'s columns j .. j + 7, rows past nr read as row
 * nr - 1 and then zeroed by the caller's padding) transposed eight k at a
 * time into a panel's lanes [jo, jo + 8): the weights of A W^T, packed
 * without a scalar loop (one float at a time cost a fifth of a DNN
 * layer's product). */
__attribute__((target("avx2,fma"))) static void pack_t8(const float *src, size_t ldb, size_t rows, size_t k,
							float *dst)
{
	const float *r[8];
	for (size_t j = 0; j < 8; j++)
		r[j] = src + (j < rows ? j : rows - 1) * ldb;
	size_t p = 0;
	for (; p + 8 <= k; p += 8) {
		__m256 v0 = _mm256_loadu_ps(r[0] + p), v1 = _mm256_loadu_ps(r[1] + p), v2 = _mm256_loadu_ps(r[2] + p),
		       v3 = _mm256_loadu_ps(r[3] + p), v4 = _mm256_loadu_ps(r[4] + p), v5 = _mm256_loadu_ps(r[5] + p),
		       v6 = _mm256_loadu_ps(r[6] + p), v7 = _mm256_loadu_ps(r[7] + p);
		__m256 t0 = _mm256_unpacklo_ps(v0, v1), t1 = _mm256_unpackhi_ps(v0, v1), t2 = _mm256_unpacklo_ps(v2, v3),
		       t3 = _mm256_unpackhi_ps(v2, v3), t4 = _mm256_unpacklo_ps(v4, v5), t5 = _mm256_unpackhi_ps(v4, v5),
		       t6 = _mm256_unpacklo_ps(v6, v7), t7 = _mm256_unpackhi_ps(v6, v7);
		__m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE),
		       u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE),
		       u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE),
		       u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
		float *d = dst + p * NR;
		_mm256_storeu_ps(d + 0 * NR, _mm256_permute2f128_ps(u0, u4, 0x20));
		_mm256_storeu_ps(d + 1 * NR, _mm256_permute2f128_ps(u1, u5, 0x20));
		_mm256_storeu_ps(d + 2 * NR, _mm256_permute2f128_ps(u2, u6, 0x20));
		_mm256_storeu_ps(d + 3 * NR, _mm256_permute2f128_ps(u3, u7, 0x20));
		_mm256_storeu_ps(d + 4 * NR, _mm256_permute2f128_ps(u0, u4, 0x31));
		_mm256_storeu_ps(d + 5 * NR, _mm256_permute2f128_ps(u1, u5, 0x31));
		_mm256_storeu_ps(d + 6 * NR, _mm256_permute2f128_ps(u2, u6, 0x31));
		_mm256_storeu_ps(d + 7 * NR, _mm256_permute2f128_ps(u3, u7, 0x31));
	}
	for (; p < k; p++)
		for (size_t j = 0; j < 8; j++)
			dst[p * NR + j] = r[j][p];
}
#endif

/* op(B) columns [j0, j0 + nc) into NR-column panels, zero past column n. */
static void pack_b(int tb, const float *b, size_t ldb, size_t j0, size_t nc, size_t k, float *bp, int simd)
{
	for (size_t q = 0; q < nc; q += NR) {
		size_t nr = nc - q < NR ? nc - q : NR;
		float *dst = bp + q * k;
#ifdef LL_GEMM_X86
		if (tb && simd) {
			const float *src = b + (j0 + q) * ldb;
			pack_t8(src, ldb, nr, k, dst);
			if (nr > 8)
				pack_t8(src + 8 * ldb, ldb, nr - 8, k, dst + 8);
		} else
#endif
		if (tb) {
			for (size_t j = 0; j < nr; j++) {
				const float *src = b + (j0 + q + j) * ldb;
				for (size_t p = 0; p < k; p++)
					dst[p * NR + j] = src[p];
			}
		} else if (nr == NR) {
			for (size_t p = 0; p < k; p++)
				memcpy(dst + p * NR, b + p * ldb + j0 + q, NR * sizeof(float));
		} else {
			for (size_t p = 0; p < k; p++)
				for (size_t j = 0; j < nr; j++)
					dst[p * NR + j] = b[p * ldb + j0 + q + j];
		}
		for (size_t j = nr; j < NR; j++)
			for (size_t p = 0; p < k; p++)
				dst[p * NR + j] = 0.0f;
	}
}

/* Rows of op(A) against nc packed columns of op(B) (panels at bp; c and
 * bias already at the first of those columns): the part of a product that
 * ll_gemm and ll_gemm_prepacked share, so both give the same bits. */
static void run_panels(kernel_fn kern, int trans_a, size_t m, size_t nc, size_t k, float alpha, const float *a,
		       size_t lda, const float *bp, float beta, float *c, size_t ldc, const float *bias,
		       enum ll_gemm_act act)
{
	for (size_t i0 = 0; i0 < m; i0 += MR) {
		size_t mr = m - i0 < MR ? m - i0 : MR;
		struct arows ar = {trans_a ? a + i0 : a + i0 * lda, trans_a ? 1 : lda, trans_a ? lda : 1};
		for (size_t q = 0; q < nc; q += NR) {
			struct store st = {alpha, beta, bias ? bias + q : NULL, act};
			kern(k, &ar, bp + q * k, c + i0 * ldc + q, ldc, mr, nc - q < NR ? nc - q : NR, &st);
		}
	}
}

/* The product on a packed-panel kernel (AVX2 or portable); a function of
 * its own so that its panels are on the stack only on this path, not
 * under the AVX-512 kernel's own. */
static __attribute__((noinline)) void gemm_packed(kernel_fn kern, int trans_a, int trans_b, size_t m, size_t n,
						  size_t k, float alpha, const float *a, size_t lda, const float *b,
						  size_t ldb, float beta, float *c, size_t ldc, const float *bias,
						  enum ll_gemm_act act)
{
	_Alignas(32) float bp[BP_FLOATS];
	/* as many columns as the B buffer holds: for training's shapes all of
	 * op(B), packed once and read from L2 by every panel of A */
	size_t ncmax = BP_FLOATS / k / NR * NR;
	for (size_t j0 = 0; j0 < n; j0 += ncmax) {
		size_t nc = n - j0 < ncmax ? n - j0 : ncmax;
		pack_b(trans_b, b, ldb, j0, nc, k, bp, kern != kernel_c);
		run_panels(kern, trans_a, m, nc, k, alpha, a, lda, bp, beta, c + j0, ldc, bias ? bias + j0 : NULL, act);
	}
}

/* The packed-panel kernel for ll_gemm_prepacked: AVX2 also on a CPU with
 * AVX-512 (its kernel has panels of its own). */
static kernel_fn prepacked_kernel(void)
{
	return pick(ll_gemm_kernel() == LL_GEMM_PORTABLE ? LL_GEMM_PORTABLE : LL_GEMM_AVX2);
}

size_t ll_gemm_packed_floats(size_t n, size_t k)
{
	return (n + NR - 1) / NR * NR * k;
}

void ll_gemm_pack(int trans_b, size_t n, size_t k, const float *b, size_t ldb, float *bp)
{
	if (n && k)
		pack_b(trans_b, b, ldb, 0, n, k, bp, prepacked_kernel() != kernel_c);
}

int ll_gemm_prepacked(int trans_a, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
		      const float *bp, float beta, float *c, size_t ldc, const float *bias, enum ll_gemm_act act)
{
	if (k == 0)
		return -1;
	if (m && n)
		run_panels(prepacked_kernel(), trans_a, m, n, k, alpha, a, lda, bp, beta, c, ldc, bias, act);
	return 0;
}

int ll_gemm(int trans_a, int trans_b, size_t m, size_t n, size_t k, float alpha, const float *a, size_t lda,
	    const float *b, size_t ldb, float beta, float *c, size_t ldc, const float *bias, enum ll_gemm_act act)
{
	if (!ll_gemm_takes(trans_b, k))
		return -1;
	if (m == 0 || n == 0)
		return 0;
	enum ll_gemm_kernel which = ll_gemm_kernel();
	if (which == LL_GEMM_AVX512)
		ll_gemm_avx512_run(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, act);
	else
		gemm_packed(pick(which), trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, act);
	return 0;
}
