/*
 * ll_fmt.c - printf's "%.Ng" without its multi-precision path (ll_fmt.h).
 *
 * A finite double is m x 2^s with m an integer below 2^53. Its prec
 * significant digits are round(m x 2^s x 10^k) for the k that puts prec
 * digits before the point; with 10^k = 5^k x 2^k and 5^27 < 2^63, m x 5^k
 * fits in 128 bits for every k up to 27, so the scaled value, and whether
 * its fraction is below, at or above one half, are exact integer facts:
 * the rounding is printf's (to nearest, ties to even) without doubt, in
 * every floating-point environment (valgrind's x87 included). Magnitudes
 * the 128 bits do not reach, NaN and infinity go to snprintf.
 */
#include "ll_fmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define POW_MAX 27
#define PREC_MAX 17

static int slow(char out[LL_FMT_G_MAX], double v, int prec)
{
	return snprintf(out, LL_FMT_G_MAX, "%.*g", prec, v);
}

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 u128;

static u128 pow_u(unsigned base, int k)
{
	u128 p = 1;
	while (k-- > 0)
		p *= base;
	return p;
}

/* round(m x 2^s x 10^k) into *d, ties to even; 0 when 128 bits cannot hold
 * the computation. */
static int scaled_digits(uint64_t m, int s, int k, uint64_t *d)
{
	if (k > POW_MAX || k < -POW_MAX)
		return 0;
	u128 whole;
	int up;
	if (k >= 0) {
		u128 p = (u128)m * pow_u(5, k); /* below 2^116 */
		int t = -(s + k);                /* p x 2^-t is the scaled value */
		if (t <= 0) {
			if (t < -10) /* the caller's range check would fail anyway */
				return 0;
			whole = p << -t;
			up = 0;
		} else {
			if (t > 120)
				return 0;
			whole = p >> t;
			u128 rem = p - (whole << t), half = (u128)1 << (t - 1);
			up = rem > half || (rem == half && (whole & 1));
		}
	} else {
		/* (m x 2^s) / 10^j with j = -k: an integer numerator and
		 * denominator, each below 2^127 */
		int j = -k;
		u128 num = m, den = pow_u(10, j); /* 10^27 < 2^90 */
		if (s >= 0) {
			if (s > 127 - 53)
				return 0;
			num <<= s;
		} else {
			if (-s > 127 - 90)
				return 0;
			den <<= -s;
		}
		whole = num / den;
		u128 rem = num - whole * den;
		up = 2 * rem > den || (2 * rem == den && (whole & 1));
	}
	whole += (u128)up;
	if (whole >> 63)
		return 0;
	*d = (uint64_t)whole;
	return 1;
}
#endif

/* The decimal digits of d, most significant first, into s; returns their count. */
static int digits_of(uint64_t d, char *s)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + d % 10);
	while ((d /= 10) != 0);
	for (int i = 0; i < n; i++)
		s[i] = tmp[n - 1 - i];
	return n;
}

int ll_fmt_g(char out[LL_FMT_G_MAX], double v, int prec)
{
#ifndef __SIZEOF_INT128__
	return slow(out, v, prec);
#else
	if (prec == 0)
		prec = 1; /* as printf: a precision of 0 is taken as 1 */
	if (prec < 1 || prec > PREC_MAX || !isfinite(v) || v == 0)
		return slow(out, v, prec);
	int be;
	double f = frexp(fabs(v), &be); /* |v| = f x 2^be, f in [0.5, 1) */
	uint64_t m = (uint64_t)ldexp(f, 53);
	int s = be - 53;
	/* floor(log10 |v|) or one less: log10(2) is a hair above this */
	int e = (int)floor((double)(be - 1) * 0.30102999566398120);
	uint64_t lo = (uint64_t)pow_u(10, prec - 1), hi = lo * 10, d;
	if (!scaled_digits(m, s, prec - 1 - e, &d))
		return slow(out, v, prec);
	if (d >= hi) { /* the estimate was one low, or the digits rounded up to 10^prec */
		e++;
		if (!scaled_digits(m, s, prec - 1 - e, &d))
			return slow(out, v, prec);
	}
	if (d < lo || d >= hi)
		return slow(out, v, prec);
	char dig[24];
	int nd = digits_of(d, dig);
	while (nd > 1 && dig[nd - 1] == '0') /* %g drops trailing zeros */
		nd--;
	char *p = out;
	if (v < 0)
		*p++ = '-';
	if (e < -4 || e >= prec) {
		*p++ = dig[0];
		if (nd > 1) {
			*p++ = '.';
			memcpy(p, dig + 1, (size_t)nd - 1);
			p += nd - 1;
		}
		*p++ = 'e';
		*p++ = e < 0 ? '-' : '+';
		int x = e < 0 ? -e : e;
		if (x >= 100)
			*p++ = (char)('0' + x / 100);
		*p++ = (char)('0' + x / 10 % 10);
		*p++ = (char)('0' + x % 10);
	} else if (e >= 0) {
		int ip = e + 1; /* digits before the point */
		for (int i = 0; i < ip; i++)
			*p++ = i < nd ? dig[i] : '0';
		if (nd > ip) {
			*p++ = '.';
			memcpy(p, dig + ip, (size_t)(nd - ip));
			p += nd - ip;
		}
	} else {
		*p++ = '0';
		*p++ = '.';
		for (int i = 0; i < -e - 1; i++)
			*p++ = '0';
		memcpy(p, dig, (size_t)nd);
		p += nd;
	}
	*p = '\0';
	return (int)(p - out);
#endif
}
