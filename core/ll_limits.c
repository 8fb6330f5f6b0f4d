/*
 * ll_limits.c - limits from the environment, and the checks that quote them.
 */
#include "ll_limits.h"
#include "ll_units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GIB ((uint64_t)1 << 30)

static const char *const env_names[] = {"LOGLAB_MEMORY_MAX", "LOGLAB_FETCH_MAX", "LOGLAB_INFLATE_MAX",
					"LOGLAB_INFLATE_RATIO"};

const char *ll_limit_env(enum ll_limit which)
{
	return (unsigned)which < sizeof env_names / sizeof *env_names ? env_names[which] : "";
}

int ll_parse_size(const char *s, uint64_t *out)
{
	/* a digit first and no blank last: strtoull would skip white space and
	 * take a sign, so "\t-5" would wrap to 2^64 - 5 */
	if (!s || s[0] < '0' || s[0] > '9')
		return -1;
	size_t n = strlen(s);
	if (isspace((unsigned char)s[n - 1]))
		return -1;
	size_t i = strspn(s, "0123456789");
	if (s[i] == '.') {
		/* a fraction of a unit ("1.5G"): to the nearest byte */
		double bytes;
		if (!ll_units_size(s, n, &bytes, NULL))
			return -1;
		bytes = floor(bytes + 0.5);
		if (!(bytes < 18446744073709551616.0))
			return -1;
		*out = (uint64_t)bytes;
		return 0;
	}
	/* whole numbers exactly, past the 53 bits of a double */
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	uint64_t unit = 1;
	if (*end) {
		const char *u = *end == ' ' ? end + 1 : end;
		double bytes = ll_units_size_unit(u, strlen(u), NULL);
		if (!bytes)
			return -1;
		unit = (uint64_t)bytes;
	}
	if (v > UINT64_MAX / unit)
		return -1;
	*out = (uint64_t)v * unit;
	return 0;
}

static uint64_t default_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	uint64_t half = pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size / 2 : 4 * GIB;
	return half < GIB ? GIB : half;
}

int ll_limits_check_env(struct ll_err *err)
{
	for (int which = LL_LIMIT_MEMORY; which <= LL_LIMIT_INFLATE_RATIO; which++) {
		const char *name = ll_limit_env((enum ll_limit)which), *env = getenv(name);
		uint64_t v;
		if (!env || !*env || (ll_parse_size(env, &v) == 0 && v > 0))
			continue;
		if (which == LL_LIMIT_INFLATE_RATIO)
			return ll_err_set(err, LL_EUSAGE, "%s='%s' is not a ratio (a whole number above 0, e.g. 1000)",
					  name, env);
		return ll_err_set(err, LL_EUSAGE,
				  "%s='%s' is not a size (bytes above 0, or a number with a unit: 512M, 1.5G, "
				  "2GiB, 500MB)",
				  name, env);
	}
	return LL_OK;
}

int ll_limit_is_set(enum ll_limit which)
{
	uint64_t v;
	const char *env = getenv(ll_limit_env(which));
	return env && ll_parse_size(env, &v) == 0 && v > 0;
}

uint64_t ll_limit(enum ll_limit which)
{
	uint64_t v;
	const char *env = getenv(ll_limit_env(which));
	if (env && ll_parse_size(env, &v) == 0 && v > 0)
		return v;
	switch (which) {
	case LL_LIMIT_MEMORY:
		return default_memory();
	case LL_LIMIT_INFLATE_RATIO:
		return 1000;
	default:
		return 64 * GIB;
	}
}

void ll_format_bytes(double bytes, char *buf, size_t cap)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
	int u = 0;
	while (bytes >= 1024 && u < 6) {
		bytes /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, cap, "%.0f B", bytes);
	else
		snprintf(buf, cap, bytes < 10 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

int ll_mem_check(double bytes, const char *what, struct ll_err *err)
{
	uint64_t lim = ll_limit(LL_LIMIT_MEMORY);
	if (bytes <= (double)lim) /* a NaN estimate (0 x inf) is no size: refused */
		return LL_OK;
	char need[32], have[32];
	ll_format_bytes(bytes, need, sizeof need);
	ll_format_bytes((double)lim, have, sizeof have);
	return ll_err_set(err, LL_EDATA, "%s needs %s, more than the memory limit of %s (%s)", what, need, have,
			  ll_limit_env(LL_LIMIT_MEMORY));
}

int ll_inflate_check(uint64_t in_bytes, uint64_t out_bytes, const char *what, struct ll_err *err)
{
	uint64_t max = ll_limit(LL_LIMIT_INFLATE), ratio = ll_limit(LL_LIMIT_INFLATE_RATIO);
	char a[32], b[32];
	if (out_bytes > max) {
		ll_format_bytes((double)max, a, sizeof a);
		return ll_err_set(err, LL_EDATA, "%s: the compressed data expands beyond %s (%s); not read", what, a,
				  ll_limit_env(LL_LIMIT_INFLATE));
	}
	if (out_bytes > LL_INFLATE_RATIO_FLOOR && (double)out_bytes > (double)ratio * (double)(in_bytes ? in_bytes : 1)) {
		ll_format_bytes((double)in_bytes, a, sizeof a);
		ll_format_bytes((double)out_bytes, b, sizeof b);
		return ll_err_set(err, LL_EDATA,
				  "%s: a decompression bomb? %s of compressed data expanded to more than %s (over %llu "
				  "times; %s); not read",
				  what, a, b, (unsigned long long)ratio, ll_limit_env(LL_LIMIT_INFLATE_RATIO));
	}
	return LL_OK;
}
