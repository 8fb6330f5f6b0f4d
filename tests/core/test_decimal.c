/*
 * test_decimal.c - ll_decimal_fast gives strtod's bits whenever it answers,
 * answers for the usual forms of metric values, and declines what it must
 * leave to strtod (too many digits, far exponents, other forms); and
 * ll_parse_number, which uses it, still reads and refuses what it did.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ll_decimal.h"
#include "ll_time.h"

/* strtod's reading of all of s, or 0 when it stops early */
static int by_strtod(const char *s, double *v)
{
	char *end;
	*v = strtod(s, &end);
	return *s && end == s + strlen(s);
}

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

static void test_known(void)
{
	static const char *const yes[] = {"0", "-0", "+0", "12.5", "-0.031", "1e-3", "1E+05", ".5", "5.", "-.25",
					  "007", "3.14159265358979", "9007199254740992", "1e22", "123456789e-22",
					  "0.000", "0e999", "-0e-999", "450359962737049.7e-1"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		double a = NAN, b;
		CHECK(ll_decimal_fast(yes[i], strlen(yes[i]), &a));
		CHECK(by_strtod(yes[i], &b));
		if (!same_bits(a, b))
			fprintf(stderr, "differs on %s: %.17g vs %.17g\n", yes[i], a, b);
		CHECK(same_bits(a, b));
	}
	/* forms it leaves to strtod or to the caller's refusal */
	static const char *const no[] = {"",     ".",    "-",   "e5",  "1e",    "1e+",  "1.2.3", " 1",  "1 ",
					 "0x1f", "inf",  "nan", "1e23", "1e-23", "9007199254740993",
					 "123456789012345678901234", "1,5", "--1", "1e5.0", "+-1", "4503599627370497.0e-1"};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		double a = 42;
		CHECK(!ll_decimal_fast(no[i], strlen(no[i]), &a));
		CHECK(a == 42);
	}
	/* n, not the terminator, ends the number */
	double v;
	CHECK(ll_decimal_fast("12.5xyz", 4, &v) && v == 12.5);
}

/* Random strings of the shapes tables hold, and some they should not:
 * every answer the fast path gives equals strtod's bits, and it answers
 * for nearly all of the short ones. */
static void test_random(void)
{
	uint64_t x = 0x9E3779B97F4A7C15ULL;
#define NEXT() (x ^= x << 13, x ^= x >> 7, x ^= x << 17, x)
	long answered = 0, short_ones = 0, short_answered = 0, wrong = 0, disagree = 0;
	char s[64];
	for (int t = 0; t < 300000; t++) {
		size_t k = 0;
		if (NEXT() % 4 == 0)
			s[k++] = NEXT() % 2 ? '-' : '+';
		int nd = (int)(NEXT() % 20), dot = (int)(NEXT() % (nd + 2)) - 1;
		for (int d = 0; d < nd; d++) {
			if (d == dot)
				s[k++] = '.';
			s[k++] = (char)('0' + NEXT() % 10);
		}
		if (dot == nd)
			s[k++] = '.';
		if (NEXT() % 3 == 0) {
			s[k++] = NEXT() % 2 ? 'e' : 'E';
			if (NEXT() % 2)
				s[k++] = NEXT() % 2 ? '-' : '+';
			int ne = (int)(NEXT() % 3);
			for (int d = 0; d < ne; d++)
				s[k++] = (char)('0' + NEXT() % 10);
		}
		s[k] = '\0';
		double a, b;
		int fa = ll_decimal_fast(s, k, &a), fb = by_strtod(s, &b);
		if (fa) {
			answered++;
			if (!fb)
				disagree++; /* it accepted what strtod does not read whole */
			else if (!same_bits(a, b))
				wrong++;
		}
		if (fb && nd > 0 && nd <= 12 && k < 20) {
			short_ones++;
			short_answered += fa;
		}
	}
	CHECK_INT(wrong, 0);
	CHECK_INT(disagree, 0);
	CHECK(answered > 100000);
	/* short decimals with small exponents: at least nine in ten */
	CHECK(short_answered * 10 >= short_ones * 9);
#undef NEXT
}

static void test_parse_number(void)
{
	double v;
	CHECK(ll_parse_number(" 12.5 ", 6, &v) && v == 12.5);
	CHECK(ll_parse_number("-0", 2, &v) && v == 0 && signbit(v));
	CHECK(ll_parse_number("1e300", 5, &v) && v == 1e300);
	CHECK(ll_parse_number("123456789012345678901234", 24, &v) && v == 123456789012345678901234.0);
	CHECK(!ll_parse_number("0x1f", 4, &v));
	CHECK(!ll_parse_number("12 5", 4, &v));
	CHECK(!ll_parse_number("", 0, &v));
	/* told apart before strtod: stamps and words that start like a
	 * number; what strtod alone reads (beyond the exact rule) still reads */
	CHECK(!ll_parse_number("2024-05-01T10:00:00Z", 20, &v));
	CHECK(!ll_parse_number("3rd", 3, &v));
	CHECK(!ll_parse_number("12:30", 5, &v));
	CHECK(!ll_parse_number("1/2", 3, &v));
	CHECK(!ll_parse_number("12,5", 4, &v)); /* the C locale's radix is '.' */
	CHECK(!ll_parse_number("1e5x", 4, &v));
	CHECK(ll_parse_number("1.5e-400", 8, &v) && v == 0);
	CHECK(ll_parse_number("+.5e+1", 6, &v) && v == 5);
	CHECK(ll_parse_number("9007199254740993.5", 18, &v) && v == strtod("9007199254740993.5", NULL));
	CHECK(ll_parse_number("inf", 3, &v) && isinf(v));
}

int main(void)
{
	test_known();
	test_random();
	test_parse_number();
	TEST_MAIN_END();
}
