/*
 * ll_fpenv.c - the floating-point mode of a thread (see ll_fpenv.h).
 */
#include "ll_fpenv.h"

#if defined(__x86_64__) && defined(__SSE__)
#include <xmmintrin.h>

/* MXCSR: bits 0-5 are sticky exception flags, set by any arithmetic;
 * 6 is DAZ (subnormal operands read as zero), 15 FTZ (subnormal results
 * written as zero), the rest exception masks and the rounding mode. */
#define CONTROL_BITS 0xffc0u
#define DAZ 0x0040u
#define FTZ 0x8000u

unsigned ll_fpenv_get(void)
{
	return _mm_getcsr() & CONTROL_BITS;
}

void ll_fpenv_set(unsigned mode)
{
	_mm_setcsr((_mm_getcsr() & ~CONTROL_BITS) | (mode & CONTROL_BITS));
}

unsigned ll_fpenv_flush_subnormals(void)
{
	unsigned before = ll_fpenv_get();
	ll_fpenv_set(before | DAZ | FTZ);
	return before;
}

int ll_fpenv_flushing(void)
{
	return (ll_fpenv_get() & (DAZ | FTZ)) == (DAZ | FTZ);
}

#else

unsigned ll_fpenv_get(void)
{
	return 0;
}

void ll_fpenv_set(unsigned mode)
{
	(void)mode;
}

unsigned ll_fpenv_flush_subnormals(void)
{
	return 0;
}

int ll_fpenv_flushing(void)
{
	return 0;
}

#endif
