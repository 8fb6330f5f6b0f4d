/*
 * ll_decimal.h - the common case of reading a decimal number, without
 * strtod.
 *
 * Tables of metrics are mostly short decimals ("12.5", "-0.031", "1e-3").
 * strtod handles every form and rounding case with multi-precision code and
 * was a fifth of building features from a large CSV. A decimal whose digits
 * form an integer below 2^53 and whose power of ten is within 10^+-22 is
 * read exactly with one correctly rounded IEEE multiplication or division
 * (both operands are exact doubles), so the result has strtod's bits;
 * anything else is left to strtod.
 */
#ifndef LL_DECIMAL_H
#define LL_DECIMAL_H

#include <stddef.h>

/* Reads all n bytes of s as [+-]digits[.digits][(e|E)[+-]digits] (at least
 * one mantissa digit) into *out and returns 1 when that form's value is
 * exact by the rule above; 0 otherwise (another form, or a value for
 * strtod), *out untouched. */
int ll_decimal_fast(const char *s, size_t n, double *out);

#endif
