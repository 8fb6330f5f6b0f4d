/*
 * tests/core/test_fmt.c - ll_fmt_g against snprintf's "%.Ng", byte for
 * byte: random bit patterns over the whole double range, floats widened
 * (what predictions hold), decimal ties and near-ties at every precision,
 * values that round up to the next power of ten, the edges where %g
 * switches to exponents, zeros, subnormals, infinities and NaN.
 */
#include "harness.h"
#include "ll_fmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9e3779b97f4a7c15u;

static uint64_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static int mismatches;

static void same(double v, int prec)
{
	char want[64], got[LL_FMT_G_MAX];
	int nw = snprintf(want, sizeof want, "%.*g", prec, v);
	int ng = ll_fmt_g(got, v, prec);
	if (nw != ng || strcmp(want, got) != 0) {
		if (mismatches++ < 10)
			fprintf(stderr, "  %%.%dg of %a: snprintf '%s', ll_fmt_g '%s'\n", prec, v, want, got);
	}
}

static void all_precisions(double v)
{
	for (int p = 1; p <= 10; p++)
		same(v, p);
	same(v, 17);
}

int main(void)
{
	/* a fifth of the random cases under valgrind (quickstart's pass sets
	 * LL_VALGRIND): the edge cases below are all kept */
	int scale = getenv("LL_VALGRIND") ? 5 : 1;
	/* random bit patterns: every exponent, subnormals, NaN and infinity */
	for (int i = 0; i < 60000 / scale; i++) {
		uint64_t b = next();
		double v;
		memcpy(&v, &b, sizeof v);
		same(v, 6);
		same(v, 9);
		if (i % 10 == 0)
			all_precisions(v);
	}
	/* the magnitudes of scores and probabilities, as floats widened */
	for (int i = 0; i < 60000 / scale; i++) {
		double u = (double)(next() >> 11) / 9007199254740992.0;
		float f = (float)(u * pow(10.0, (double)(int)(next() % 30) - 20));
		same((double)f, 6);
		same(-(double)f, 6);
		same((double)f, 9);
	}
	/* decimal ties and near-ties: d.5 at the rounding digit, and one ulp
	 * either side, with up to 12 digits and many decades */
	for (int i = 0; i < 8000 / scale; i++) {
		int nd = 2 + (int)(next() % 11), ex = (int)(next() % 40) - 20;
		double m = (double)(next() % (uint64_t)pow(10.0, nd - 1)) * 10 + 5;
		double v = m * pow(10.0, ex);
		all_precisions(v);
		all_precisions(nextafter(v, 0));
		all_precisions(nextafter(v, INFINITY));
	}
	/* 9.999995, 99999.95, ... round to the next power of ten; %g's switch
	 * between fixed and exponent at 1e-4 / 1e-5 and 10^prec */
	for (int k = -30; k <= 30; k++) {
		double p10 = pow(10.0, k);
		for (int prec = 1; prec <= 9; prec++) {
			double h = 0.5 * pow(10.0, k - prec);
			all_precisions(p10 - h);
			all_precisions(nextafter(p10 - h, 0));
			all_precisions(nextafter(p10 - h, INFINITY));
		}
		all_precisions(p10);
		all_precisions(nextafter(p10, 0));
		all_precisions(nextafter(p10, INFINITY));
	}
	double special[] = {0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1e-5, 9.99999e-5, 0.0001, 123456, 1234567, 999999.5, 1e300,
			    -1e-300, 4.9e-324, 2.2250738585072014e-308, 1.7976931348623157e308, INFINITY, -INFINITY,
			    NAN, 1234565, 0.1234565, 2.5, 1e21, 1e22, 1e23, 5e-324};
	for (size_t i = 0; i < sizeof special / sizeof *special; i++) {
		all_precisions(special[i]);
		same(special[i], 0);
	}
	CHECK_INT(mismatches, 0);
	TEST_MAIN_END();
}
