/*
 * fuzz_when.c - libFuzzer target for the browser's :TIME (ll_when.h): the
 * input's first line is what was typed, read and resolved beside a
 * reference time; the bytes after it are the rows' times (two bytes a
 * row, 0xffff a row without one) that the seek looks through a few rows a
 * step. A row found must exist and have a time on the side of the target
 * its answer says.
 */
#include "fuzz_util.h"
#include "ll_when.h"

#include <math.h>

static double row_time(void *ctx, size_t pos)
{
	const uint8_t *p = (const uint8_t *)ctx + 2 * pos;
	unsigned v = (unsigned)p[0] << 8 | p[1];
	return v == 0xffff ? NAN : 1784160000.0 + 7.0 * v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t head = nl ? (size_t)(nl - data) : size;
	char text[256];
	size_t k = head < sizeof text - 1 ? head : sizeof text - 1;
	memcpy(text, data, k);
	text[k] = '\0';
	struct ll_when w;
	double target = 1784160000.0 + 7.0 * 300;
	if (ll_when_parse(text, 2026, &w)) {
		double t = ll_when_resolve(&w, 1784160000.0 + 3600, 1784160000.0, 1784160000.0 + 7.0 * 65535);
		if (!isnan(t))
			target = t;
	} else if (w.kind != LL_WHEN_NONE) {
		abort();
	}
	const uint8_t *rows = nl ? nl + 1 : data + size;
	size_t n = (size_t)(data + size - rows) / 2;
	struct ll_when_seek s;
	ll_when_seek_start(&s, target, n);
	enum ll_when_found f;
	while ((f = ll_when_seek_step(&s, row_time, (void *)rows, 3)) == LL_WHEN_RUNNING)
		;
	if (f == LL_WHEN_NO_TIME)
		return 0;
	if (s.pos >= n)
		abort();
	double at = row_time((void *)rows, s.pos);
	if (isnan(at) || (f == LL_WHEN_FOUND && at < target) || (f == LL_WHEN_AFTER && at >= target) ||
	    (f == LL_WHEN_BEFORE && at <= target))
		abort();
	return 0;
}
