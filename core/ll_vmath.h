/*
 * ll_vmath.h - exp, logistic and tanh of float32 as inline functions that
 * the vectoriser can take into any loop (glibc's expf is a call and stops
 * it). ll_mat.c's kernels and the LSTM cell passes (ll_lstm_cell.c) are
 * written with them, so a fused pass computes exactly what the separate
 * kernels did.
 *
 * ll_vexpf is a Cody-Waite range reduction to |r| <= ln2/2 followed by a
 * degree-6 Taylor polynomial (truncation error below 1.3e-7 relative) and
 * a power of two built in the exponent bits; it saturates outside
 * [-87.3, 88.3] instead of returning 0 or inf. Only multiplies and adds in
 * a fixed order: with C11's -ffp-contract=off every instruction set gives
 * the same bits.
 */
#ifndef LL_VMATH_H
#define LL_VMATH_H

#include <stdint.h>
#include <string.h>

#include "ll_isa.h"

LL_VINLINE float ll_vclampf(float x, float lo, float hi)
{
	x = x < lo ? lo : x;
	return x > hi ? hi : x;
}

LL_VINLINE float ll_vexpf(float x)
{
	x = ll_vclampf(x, -87.3f, 88.3f);
	/* k = round(x / ln2) by the add-and-subtract-1.5*2^23 trick */
	float k = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
	float r = x - k * 0.693145751953125f;
	r = r - k * 1.42860682030941723e-6f;
	float p = 1.0f / 720.0f;
	p = p * r + 1.0f / 120.0f;
	p = p * r + 1.0f / 24.0f;
	p = p * r + 1.0f / 6.0f;
	p = p * r + 0.5f;
	p = p * r + 1.0f;
	p = p * r + 1.0f;
	/* NaN stays NaN through p; keep it out of the integer conversion */
	float kk = k == k ? k : 0.0f;
	uint32_t bits = (uint32_t)((int32_t)kk + 127) << 23;
	float scale;
	memcpy(&scale, &bits, sizeof scale);
	return p * scale;
}

/* 1 / (1 + e^-x) */
LL_VINLINE float ll_vsigmoidf(float x)
{
	return 1.0f / (1.0f + ll_vexpf(-x));
}

/* tanh(x) = 1 - 2 / (1 + e^{2x}): exact at both saturations */
LL_VINLINE float ll_vtanhf(float x)
{
	return 1.0f - 2.0f / (1.0f + ll_vexpf(2.0f * x));
}

#endif
