/*
 * test_limits.c - ll_limits.h: sizes parsed with their suffixes and refused
 * when malformed, signed, padded or beyond 64 bits; sizes formatted at each
 * unit and agreeing with the parser on whole units; each limit's variable,
 * default and override; and the memory and inflate checks, whose messages
 * must name the thing, the numbers and the variable.
 */
#include "harness.h"
#include "ll_limits.h"

#include <math.h>
#include <stdlib.h>

static uint64_t parsed(const char *s)
{
	uint64_t v = 12345;
	return ll_parse_size(s, &v) == 0 ? v : (uint64_t)-1;
}

static void test_parse_size(void)
{
	CHECK(parsed("0") == 0);
	CHECK(parsed("123") == 123);
	CHECK(parsed("64K") == 64u << 10);
	CHECK(parsed("64k") == 64u << 10);
	CHECK(parsed("500M") == 500ull << 20);
	CHECK(parsed("500MiB") == 500ull << 20);
	CHECK(parsed("500MB") == 500000000ull); /* SI, as sizes in data are read */
	CHECK(parsed("2G") == 2ull << 30);
	CHECK(parsed("2GiB") == 2ull << 30);
	CHECK(parsed("2 GiB") == 2ull << 30);
	CHECK(parsed("1.5G") == 3ull << 29);
	CHECK(parsed("1.2 GB") == 1200000000ull);
	CHECK(parsed("0.5k") == 512);
	CHECK(parsed("1.0001K") == 1024); /* to the nearest byte */
	CHECK(parsed("1T") == 1ull << 40);
	CHECK(parsed("2P") == 2ull << 50);
	CHECK(parsed("512B") == 512); /* plain bytes with their unit */
	CHECK(parsed("18446744073709551615") == UINT64_MAX);
	CHECK(parsed("16777215T") == 16777215ull << 40); /* the largest T that fits */
	CHECK(parsed("9007199254740993K") == 9007199254740993ull << 10); /* exact past 2^53 */
	CHECK(parsed("15.99999E") == (uint64_t)-1); /* no exa */

	static const char *const bad[] = {
		"",     "K",   "B",	"-1",  "+1",  " 1",  "\t1",	   "\t-5",	   "\n-1",	     "1 ",
		"1X",   "1KK", "1Kb",	"1KiBx", "1iB", "0x10", "18446744073709551616", "16777216T", "17179869184G",
		"99999999999999999999K", "1.5", "1.5G ", ".5G", "1.5  G", "1  G", "16777216.0T", "1.2.3G",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		uint64_t v = 777;
		int rc = ll_parse_size(bad[i], &v);
		if (rc != -1 || v != 777)
			fprintf(stderr, "accepted \"%s\" as %llu\n", bad[i], (unsigned long long)v);
		CHECK_INT(rc, -1);
		CHECK(v == 777); /* *out untouched on refusal */
	}
	uint64_t v;
	CHECK_INT(ll_parse_size(NULL, &v), -1);
}

/* The grammar spelled out independently: digits, then, with one '.' and
 * digits at most, nothing (whole numbers only), or one blank at most and a
 * unit: B, or one of KMGTP (any case) with nothing, i, B or iB after it;
 * powers of 1024 but for a prefix with B and no i (1000). */
static int grammar(const char *s, uint64_t *v)
{
	size_t i = 0;
	uint64_t x = 0;
	int over = 0;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		unsigned dgt = (unsigned)(s[i] - '0');
		over |= x > (UINT64_MAX - dgt) / 10;
		x = x * 10 + dgt;
	}
	if (i == 0)
		return 0;
	int fraction = s[i] == '.';
	if (fraction)
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			;
	size_t num_end = i;
	if (s[i] == ' ' && s[i + 1])
		i++;
	double unit = 1;
	if (!s[i]) {
		if (fraction || num_end != i)
			return 0;
	} else if (!strcmp(s + i, "B")) {
		unit = 1;
	} else {
		const char *prefixes = "KMGTP", *p = strchr(prefixes, s[i] >= 'a' ? s[i] - 32 : s[i]);
		if (!p || !*p)
			return 0;
		const char *rest = s + i + 1;
		double base;
		if (!strcmp(rest, "") || !strcmp(rest, "i") || !strcmp(rest, "iB"))
			base = 1024;
		else if (!strcmp(rest, "B"))
			base = 1000;
		else
			return 0;
		unit = pow(base, (double)(p - prefixes + 1));
	}
	if (fraction) {
		double b = floor(strtod(s, NULL) * unit + 0.5);
		if (!(b < 18446744073709551616.0))
			return 0;
		*v = (uint64_t)b;
		return 1;
	}
	if (over || x > UINT64_MAX / (uint64_t)unit)
		return 0;
	*v = x * (uint64_t)unit;
	return 1;
}

/* Random strings of the characters that matter: accepted exactly when the
 * grammar accepts them, with its value. */
static void test_parse_size_random(void)
{
	static const char alphabet[] = "0123456789KkMmGgTtPpBiX -+.";
	uint64_t st = 99;
	int disagree = 0, accepted = 0;
	for (int k = 0; k < 20000; k++) {
		char s[24];
		size_t n = (size_t)(ll_test_xorshift(&st) % 23);
		for (size_t i = 0; i < n; i++) {
			uint64_t r = ll_test_xorshift(&st) % 100;
			/* mostly digits, so that numbers of every length come up */
			s[i] = r < 60 ? (char)('0' + r % 10) : alphabet[r % (sizeof alphabet - 1)];
		}
		s[n] = '\0';
		uint64_t got = 5, want = 6;
		int ok = ll_parse_size(s, &got) == 0, exp = grammar(s, &want);
		accepted += ok;
		if (ok != exp || (ok && got != want)) {
			if (disagree++ < 5)
				fprintf(stderr, "\"%s\": parsed %d (%llu), grammar %d (%llu)\n", s, ok, (unsigned long long)got,
					exp, (unsigned long long)want);
		}
	}
	CHECK_INT(disagree, 0);
	CHECK(accepted > 1000); /* the strings reach the grammar's every branch */
}

static const char *fmt(double b)
{
	static char buf[64];
	ll_format_bytes(b, buf, sizeof buf);
	return buf;
}

static void test_format_bytes(void)
{
	CHECK_STR(fmt(0), "0 B");
	CHECK_STR(fmt(300), "300 B");
	CHECK_STR(fmt(1023), "1023 B");
	CHECK_STR(fmt(1024), "1.0 KiB");
	CHECK_STR(fmt(1536), "1.5 KiB");
	CHECK_STR(fmt(12 * 1024), "12 KiB");
	CHECK_STR(fmt(1.5 * (1 << 30)), "1.5 GiB");
	CHECK_STR(fmt(64.0 * (1ull << 40)), "64 TiB");
	CHECK_STR(fmt(2.0 * (1ull << 50)), "2.0 PiB");
	CHECK_STR(fmt(18446744073709551615.0), "16 EiB");
	CHECK_STR(fmt(1e30), "867361737988 EiB"); /* stays in EiB past the last unit */
	/* a whole number of a unit parses back to the same bytes */
	static const char *const suff[] = {"K", "M", "G", "T"};
	static const char *const unit[] = {"KiB", "MiB", "GiB", "TiB"};
	for (int u = 0; u < 4; u++)
		for (unsigned n = 10; n < 1024; n += 97) {
			char in[32], want[32];
			snprintf(in, sizeof in, "%u%s", n, suff[u]);
			snprintf(want, sizeof want, "%u %s", n, unit[u]);
			CHECK_STR(fmt((double)parsed(in)), want);
		}
	/* a small buffer is cut, never overrun */
	char small[4] = "xyz";
	ll_format_bytes(123456, small, sizeof small);
	CHECK_STR(small, "121");
	ll_format_bytes(1, small, 0);
	CHECK_STR(small, "121");
}

static void test_limits_env(void)
{
	CHECK_STR(ll_limit_env(LL_LIMIT_MEMORY), "LOGLAB_MEMORY_MAX");
	CHECK_STR(ll_limit_env(LL_LIMIT_FETCH), "LOGLAB_FETCH_MAX");
	CHECK_STR(ll_limit_env(LL_LIMIT_INFLATE), "LOGLAB_INFLATE_MAX");
	CHECK_STR(ll_limit_env(LL_LIMIT_INFLATE_RATIO), "LOGLAB_INFLATE_RATIO");
	CHECK_STR(ll_limit_env((enum ll_limit)99), "");

	unsetenv("LOGLAB_FETCH_MAX");
	CHECK_INT(ll_limit_is_set(LL_LIMIT_FETCH), 0);
	CHECK(ll_limit(LL_LIMIT_FETCH) == 64ull << 30);
	setenv("LOGLAB_FETCH_MAX", "3M", 1);
	CHECK_INT(ll_limit_is_set(LL_LIMIT_FETCH), 1);
	CHECK(ll_limit(LL_LIMIT_FETCH) == 3ull << 20);
	/* malformed or zero: ignored, the default holds */
	static const char *const ignored[] = {"lots", "0", "-3M", ""};
	for (int i = 0; i < 4; i++) {
		setenv("LOGLAB_FETCH_MAX", ignored[i], 1);
		CHECK_INT(ll_limit_is_set(LL_LIMIT_FETCH), 0);
		CHECK(ll_limit(LL_LIMIT_FETCH) == 64ull << 30);
	}
	unsetenv("LOGLAB_FETCH_MAX");
	unsetenv("LOGLAB_INFLATE_RATIO");
	CHECK(ll_limit(LL_LIMIT_INFLATE_RATIO) == 1000);

	/* the check at start: each variable unset, empty or a size passes; a
	 * value that is none is named with its variable */
	struct ll_err err;
	unsetenv("LOGLAB_MEMORY_MAX");
	CHECK_INT(ll_limits_check_env(&err), LL_OK);
	setenv("LOGLAB_MEMORY_MAX", "", 1);
	setenv("LOGLAB_FETCH_MAX", "1.5G", 1);
	setenv("LOGLAB_INFLATE_MAX", "500 MB", 1);
	setenv("LOGLAB_INFLATE_RATIO", "200", 1);
	CHECK_INT(ll_limits_check_env(&err), LL_OK);
	CHECK(ll_limit(LL_LIMIT_FETCH) == 3ull << 29);
	CHECK(ll_limit(LL_LIMIT_INFLATE) == 500000000ull);
	CHECK(ll_limit(LL_LIMIT_INFLATE_RATIO) == 200);
	static const char *const refused[] = {"lots", "0", "-3M", "2 gigs", "1.5"};
	for (int i = 0; i < 5; i++) {
		setenv("LOGLAB_INFLATE_MAX", refused[i], 1);
		CHECK_INT(ll_limits_check_env(&err), LL_EUSAGE);
		CHECK(strstr(err.msg, "LOGLAB_INFLATE_MAX=") != NULL);
		CHECK(strstr(err.msg, refused[i]) != NULL);
		CHECK(strstr(err.msg, "is not a size") != NULL);
	}
	unsetenv("LOGLAB_INFLATE_MAX");
	setenv("LOGLAB_INFLATE_RATIO", "x10", 1);
	CHECK_INT(ll_limits_check_env(&err), LL_EUSAGE);
	CHECK(strstr(err.msg, "LOGLAB_INFLATE_RATIO='x10' is not a ratio") != NULL);
	unsetenv("LOGLAB_INFLATE_RATIO");
	unsetenv("LOGLAB_FETCH_MAX");
	unsetenv("LOGLAB_MEMORY_MAX");
	CHECK_INT(ll_limits_check_env(&err), LL_OK);
	unsetenv("LOGLAB_MEMORY_MAX");
	CHECK(ll_limit(LL_LIMIT_MEMORY) >= 1ull << 30);
}

static void test_mem_check(void)
{
	struct ll_err err;
	setenv("LOGLAB_MEMORY_MAX", "1M", 1);
	ll_err_clear(&err);
	CHECK_INT(ll_mem_check(1 << 20, "a table", &err), LL_OK);
	CHECK_INT(ll_mem_check(0, "a table", &err), LL_OK);
	CHECK_INT(ll_mem_check(1048577, "a table", &err), LL_EDATA);
	CHECK_STR(err.msg, "a table needs 1.0 MiB, more than the memory limit of 1.0 MiB (LOGLAB_MEMORY_MAX)");
	CHECK_INT(ll_mem_check(3e20, "a model of 1e20 x 3", &err), LL_EDATA);
	CHECK(strstr(err.msg, "a model of 1e20 x 3 needs 260 EiB") == err.msg);
	/* an estimate that is infinite or not a number is not within the limit */
	CHECK_INT(ll_mem_check(1e300 * 1e300, "inf", &err), LL_EDATA);
	CHECK_INT(ll_mem_check(NAN, "a product of 0 and infinity", &err), LL_EDATA);
	CHECK(strstr(err.msg, "a product of 0 and infinity needs ") == err.msg);
	CHECK_INT(ll_mem_check(5e6, "x", NULL), LL_EDATA); /* err may be NULL */
	unsetenv("LOGLAB_MEMORY_MAX");
	CHECK_INT(ll_mem_check(1 << 20, "a table", &err), LL_OK);
}

static void test_inflate_check(void)
{
	struct ll_err err;
	uint64_t floor = LL_INFLATE_RATIO_FLOOR;
	unsetenv("LOGLAB_INFLATE_MAX");
	unsetenv("LOGLAB_INFLATE_RATIO");
	/* small output is never a bomb, whatever the ratio */
	CHECK_INT(ll_inflate_check(1, floor, "f.gz", &err), LL_OK);
	CHECK_INT(ll_inflate_check(0, floor, "f.gz", &err), LL_OK);
	/* past the floor the ratio counts (1000 by default) */
	CHECK_INT(ll_inflate_check(floor / 400, floor * 2, "f.gz", &err), LL_OK);
	CHECK_INT(ll_inflate_check(65536, floor + 1, "big.gz", &err), LL_EDATA);
	CHECK(strstr(err.msg, "big.gz: a decompression bomb? 64 KiB of compressed data expanded to more than 64 MiB (over 1000 times; "
			      "LOGLAB_INFLATE_RATIO)") == err.msg);
	CHECK_INT(ll_inflate_check(0, floor + 1, "zero-in", &err), LL_EDATA); /* no input read yet counts as 1 */
	setenv("LOGLAB_INFLATE_RATIO", "100000", 1);
	CHECK_INT(ll_inflate_check(65536, floor + 1, "big.gz", &err), LL_OK);
	/* the absolute limit */
	setenv("LOGLAB_INFLATE_MAX", "100M", 1);
	CHECK_INT(ll_inflate_check(100ull << 20, 100ull << 20, "u", &err), LL_OK);
	CHECK_INT(ll_inflate_check(100ull << 20, (100ull << 20) + 1, "https://h/x.gz", &err), LL_EDATA);
	CHECK_STR(err.msg, "https://h/x.gz: the compressed data expands beyond 100 MiB (LOGLAB_INFLATE_MAX); not read");
	unsetenv("LOGLAB_INFLATE_MAX");
	unsetenv("LOGLAB_INFLATE_RATIO");
}

int main(void)
{
	test_parse_size();
	test_parse_size_random();
	test_format_bytes();
	test_limits_env();
	test_mem_check();
	test_inflate_check();
	TEST_MAIN_END();
}
