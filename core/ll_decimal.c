/*
 * ll_decimal.c - exact fast reading of short decimals (Clinger's fast
 * path, 1990): see ll_decimal.h.
 */
#include "ll_decimal.h"

#include <stdint.h>

/* 10^0 .. 10^22: every one is exactly representable in a double */
static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
				       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

int ll_decimal_fast(const char *s, size_t n, double *out)
{
	size_t i = 0;
	int neg = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	uint64_t w = 0;
	int ndig = 0, frac = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, ndig++) {
		if (w > (UINT64_MAX - 9) / 10)
			return 0;
		w = w * 10 + (uint64_t)(s[i] - '0');
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, ndig++, frac++) {
			if (w > (UINT64_MAX - 9) / 10)
				return 0;
			w = w * 10 + (uint64_t)(s[i] - '0');
		}
	}
	if (ndig == 0)
		return 0;
	int e = 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		int eneg = 0;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		int edig = 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, edig++) {
			if (e > 100000)
				return 0; /* far outside any exact case; strtod decides */
			e = e * 10 + (s[i] - '0');
		}
		if (edig == 0)
			return 0;
		if (eneg)
			e = -e;
	}
	if (i != n)
		return 0;
	e -= frac;
	double v;
	if (w == 0) {
		v = 0.0;
	} else {
		if (w > ((uint64_t)1 << 53) || e < -22 || e > 22)
			return 0;
		v = e >= 0 ? (double)w * pow10_exact[e] : (double)w / pow10_exact[-e];
	}
	*out = neg ? -v : v;
	return 1;
}
