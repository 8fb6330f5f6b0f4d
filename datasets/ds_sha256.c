/*
 * ds_sha256.c - SHA-256 and HMAC-SHA256, written from FIPS 180-4 and
 * RFC 2104; tests/datasets/test_sigv4.c holds the known answers.
 */
#include "ds_sha256.h"

#include <string.h>

#include "ll_isa.h"

/* Not with clang, as in ll_isa.c: clang 14 knows no "sha" feature for
 * __builtin_cpu_supports (the fuzzers build with it), and ll_isa() stays
 * at the base level there anyway. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#include <immintrin.h>
#define DS_SHA_NI 1
#endif

/* First 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
		       (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		k = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += k;
}

#ifdef DS_SHA_NI
/* The x86 SHA extensions (SHA-NI): four rounds of the 64 per pair of
 * sha256rnds2, the message schedule in sha256msg1/msg2; about five times
 * the plain code's speed, which made hashing a dataset for a run's record
 * a tenth of a k-means training's start-up. The state is held as ABEF and
 * CDGH, the instructions' layout. */
__attribute__((target("sha,sse4.1,ssse3"))) static void blocks_shani(uint32_t h[8], const unsigned char *p,
								       size_t nblocks)
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i t = _mm_loadu_si128((const __m128i *)&h[0]);   /* A B C D (low to high) */
	__m128i s1 = _mm_loadu_si128((const __m128i *)&h[4]);  /* E F G H */
	t = _mm_shuffle_epi32(t, 0xB1);                         /* B A D C */
	s1 = _mm_shuffle_epi32(s1, 0x1B);                       /* H G F E */
	__m128i s0 = _mm_alignr_epi8(t, s1, 8);                 /* F E B A: ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xF0);                      /* H G D C: CDGH */
	for (; nblocks; nblocks--, p += 64) {
		__m128i keep0 = s0, keep1 = s1, m[4];
		for (int g = 0; g < 16; g++) {
			__m128i w;
			if (g < 4) {
				w = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), swap);
			} else {
				/* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four at a time */
				__m128i a = _mm_sha256msg1_epu32(m[g & 3], m[(g + 1) & 3]);
				a = _mm_add_epi32(a, _mm_alignr_epi8(m[(g + 3) & 3], m[(g + 2) & 3], 4));
				w = _mm_sha256msg2_epu32(a, m[(g + 3) & 3]);
			}
			m[g & 3] = w;
			__m128i k = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&K[4 * g]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, k);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(k, 0x0E));
		}
		s0 = _mm_add_epi32(s0, keep0);
		s1 = _mm_add_epi32(s1, keep1);
	}
	t = _mm_shuffle_epi32(s0, 0x1B);                        /* A B E F (low to high) */
	s1 = _mm_shuffle_epi32(s1, 0xB1);                       /* G H C D */
	s0 = _mm_blend_epi16(t, s1, 0xF0);                      /* A B C D */
	s1 = _mm_alignr_epi8(s1, t, 8);                         /* E F G H */
	_mm_storeu_si128((__m128i *)&h[0], s0);
	_mm_storeu_si128((__m128i *)&h[4], s1);
}
#endif

/* nblocks whole blocks; the SHA extensions from the AVX2 level on (so that
 * LOGLAB_ISA=base, and tests capping the level, run the plain code) */
static void blocks(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
#ifdef DS_SHA_NI
	if (ll_isa() >= LL_ISA_AVX2 && __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1")) {
		blocks_shani(h, p, nblocks);
		return;
	}
#endif
	for (; nblocks; nblocks--, p += 64)
		block(h, p);
}

void ds_sha256_init(struct ds_sha256 *s)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memcpy(s->h, iv, sizeof iv);
	s->nbytes = 0;
	s->nbuf = 0;
}

void ds_sha256_update(struct ds_sha256 *s, const void *data, size_t n)
{
	if (n == 0) /* data may then be NULL (an empty input): memcpy must not see it */
		return;
	const unsigned char *p = data;
	s->nbytes += n;
	if (s->nbuf) {
		size_t take = 64 - s->nbuf < n ? 64 - s->nbuf : n;
		memcpy(s->buf + s->nbuf, p, take);
		s->nbuf += take;
		p += take;
		n -= take;
		if (s->nbuf < 64)
			return;
		blocks(s->h, s->buf, 1);
		s->nbuf = 0;
	}
	blocks(s->h, p, n / 64);
	p += n / 64 * 64;
	n %= 64;
	memcpy(s->buf, p, n);
	s->nbuf = n;
}

void ds_sha256_final(struct ds_sha256 *s, unsigned char out[DS_SHA256_LEN])
{
	uint64_t bits = s->nbytes * 8;
	unsigned char pad[72] = {0x80};
	/* Pad to 56 mod 64, then the message length in bits, big-endian. */
	size_t padlen = s->nbuf < 56 ? 56 - s->nbuf : 120 - s->nbuf;
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	uint64_t keep = s->nbytes;
	ds_sha256_update(s, pad, padlen);
	ds_sha256_update(s, len, 8);
	s->nbytes = keep;
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}

void ds_sha256(const void *data, size_t n, unsigned char out[DS_SHA256_LEN])
{
	struct ds_sha256 s;
	ds_sha256_init(&s);
	ds_sha256_update(&s, data, n);
	ds_sha256_final(&s, out);
}

void ds_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t msglen,
		    unsigned char out[DS_SHA256_LEN])
{
	unsigned char k[64] = {0}, ipad[64], opad[64], inner[DS_SHA256_LEN];
	if (keylen > 64)
		ds_sha256(key, keylen, k);
	else
		memcpy(k, key, keylen);
	for (int i = 0; i < 64; i++) {
		ipad[i] = k[i] ^ 0x36;
		opad[i] = k[i] ^ 0x5c;
	}
	struct ds_sha256 s;
	ds_sha256_init(&s);
	ds_sha256_update(&s, ipad, 64);
	ds_sha256_update(&s, msg, msglen);
	ds_sha256_final(&s, inner);
	ds_sha256_init(&s);
	ds_sha256_update(&s, opad, 64);
	ds_sha256_update(&s, inner, sizeof inner);
	ds_sha256_final(&s, out);
}

void ds_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void ds_base64(const unsigned char *in, size_t n, char *out)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) |
			     (i + 2 < n ? in[i + 2] : 0);
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? tab[v & 63] : '=';
	}
	out[o] = '\0';
}
