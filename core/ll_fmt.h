/*
 * ll_fmt.h - printf's "%.Ng" for finite doubles, faster and to the byte.
 *
 * Writing a run's predictions formats millions of numbers; glibc's printf
 * converts each exactly through its multi-precision path (a tenth of a
 * whole `loglab train` of 200k rows). ll_fmt_g scales by a power of ten in
 * 128-bit integers, where the rounding is exact, and hands the magnitudes
 * those do not reach to snprintf: its output is always snprintf's.
 */
#ifndef LL_FMT_H
#define LL_FMT_H

#include <stddef.h>

/* Longest text ll_fmt_g writes, with its NUL ("-1.23456789012345e-308"). */
#define LL_FMT_G_MAX 32

/* Writes v as snprintf(out, LL_FMT_G_MAX, "%.*g", prec, v) would and
 * returns the length; prec at most 17 (longer texts do not fit). NaN,
 * infinity and magnitudes beyond about 10^+-20 go to snprintf itself. */
int ll_fmt_g(char out[LL_FMT_G_MAX], double v, int prec);

#endif
