/*
 * ds_parquet_value.c - Parquet values as cell text (ds_parquet_value.h).
 */
#include "ds_parquet_value.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decimals of more bytes than this (a 256-digit number) are shown in hex. */
#define DECIMAL_MAX_BYTES 108

static uint64_t le_bytes(const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	for (size_t i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* v in decimal, zero-padded to width digits, at p; the digits written.
 * (printf costs a third of a table of stamps.) */
static int digits_at(char *p, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	for (int i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

static int signed_at(char *p, int64_t v)
{
	if (v >= 0)
		return digits_at(p, (uint64_t)v, 1);
	p[0] = '-';
	return 1 + digits_at(p + 1, -(uint64_t)v, 1);
}

void ds_parquet_civil(long long days, long long *y, int *m, int *d)
{
	/* days to a proleptic Gregorian date through 400-year eras counted
	 * from 0000-03-01, so leap days fall at the end of a year */
	long long z = days + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* floor(a / b) and the non-negative remainder. */
static void floor_div(int64_t a, int64_t b, int64_t *q, int64_t *r)
{
	*q = a / b;
	*r = a % b;
	if (*r < 0) {
		*r += b;
		(*q)--;
	}
}

/* A fraction of digits digits, trimmed to whole groups of three. */
static int fraction(char *buf, int64_t frac, int digits)
{
	if (!frac)
		return 0;
	while (digits > 3 && frac % 1000 == 0) {
		frac /= 1000;
		digits -= 3;
	}
	buf[0] = '.';
	return 1 + digits_at(buf + 1, (uint64_t)frac, digits);
}

static int64_t pow10i(int e)
{
	int64_t p = 1;
	while (e-- > 0)
		p *= 10;
	return p;
}

/* A stamp of days since the epoch and frac units (10^-digits s) into
 * that day, in ISO 8601. */
static int stamp_text(int64_t days, int64_t frac_of_day, int digits, int utc, struct ds_text *out)
{
	int64_t sod, frac;
	floor_div(frac_of_day, pow10i(digits), &sod, &frac);
	long long y;
	int m, d;
	ds_parquet_civil(days, &y, &m, &d);
	char buf[96];
	int w = y >= 0 && y <= 9999 ? digits_at(buf, (uint64_t)y, 4) : snprintf(buf, 32, "%lld", y);
	buf[w++] = '-';
	w += digits_at(buf + w, (uint64_t)m, 2);
	buf[w++] = '-';
	w += digits_at(buf + w, (uint64_t)d, 2);
	buf[w++] = 'T';
	w += digits_at(buf + w, (uint64_t)(sod / 3600), 2);
	buf[w++] = ':';
	w += digits_at(buf + w, (uint64_t)(sod / 60 % 60), 2);
	buf[w++] = ':';
	w += digits_at(buf + w, (uint64_t)(sod % 60), 2);
	w += fraction(buf + w, frac, digits);
	if (utc)
		buf[w++] = 'Z';
	return ds_text_put(out, buf, (size_t)w);
}

/* A timestamp of v units (10^-digits s) since the epoch. */
static int timestamp_text(int64_t v, int digits, int utc, struct ds_text *out)
{
	int64_t days, rest;
	floor_div(v, 86400 * pow10i(digits), &days, &rest);
	return stamp_text(days, rest, digits, utc, out);
}

static int time_text(int64_t v, int digits, struct ds_text *out)
{
	int64_t secs, frac;
	floor_div(v, pow10i(digits), &secs, &frac);
	char buf[96];
	int w = snprintf(buf, sizeof buf, "%02" PRId64 ":%02d:%02d", secs / 3600, (int)(secs / 60 % 60),
			 (int)(secs % 60));
	w += fraction(buf + w, frac, digits);
	return ds_text_put(out, buf, (size_t)w);
}

/* NaN as "nan" whatever its sign bit (printf writes "-nan"). */
static int nan_text(struct ds_text *out)
{
	return ds_text_put(out, "nan", 3);
}

static int double_text(double v, struct ds_text *out)
{
	if (isnan(v))
		return nan_text(out);
	char buf[40];
	/* whole numbers (counts, ids, sizes) are most of many columns: their
	 * digits are the shortest text, without printf's cost */
	if (fabs(v) < 9007199254740992.0 && v == (double)(int64_t)v && !(v == 0 && signbit(v)))
		return ds_text_put(out, buf, (size_t)signed_at(buf, (int64_t)v));
	/* so are a few decimals (prices, percentages, readings): m / 10^k
	 * rounds as reading the text back does, both being correctly rounded,
	 * so a k that gives v back is a text that does; the smallest k is
	 * the shortest */
	static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
	for (int k = 1; k < 10 && fabs(v) < 1e15; k++) {
		double m = nearbyint(v * p10[k]);
		if (fabs(m) >= 9007199254740992.0)
			break;
		if (m / p10[k] != v)
			continue;
		uint64_t u = (uint64_t)fabs(m), scale = (uint64_t)p10[k];
		int w = 0;
		if (v < 0)
			buf[w++] = '-';
		w += digits_at(buf + w, u / scale, 1);
		buf[w++] = '.';
		w += digits_at(buf + w, u % scale, k);
		return ds_text_put(out, buf, (size_t)w);
	}
	for (int p = 15; p <= 17; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return ds_text_put(out, buf, strlen(buf));
}

static int float_text(float v, struct ds_text *out)
{
	if (isnan(v))
		return nan_text(out);
	char buf[40];
	for (int p = 6; p <= 9; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, (double)v);
		if (strtof(buf, NULL) == v)
			break;
	}
	return ds_text_put(out, buf, strlen(buf));
}

static int half_text(uint16_t h, struct ds_text *out)
{
	int e = h >> 10 & 0x1F, f = h & 0x3FF;
	double v = e == 0 ? ldexp(f, -24) : e == 31 ? (f ? NAN : INFINITY) : ldexp(f + 1024, e - 25);
	if (isnan(v))
		return nan_text(out);
	if (h & 0x8000)
		v = -v;
	/* the shortest text within half a step of the half's grid */
	double half_step = ldexp(1, (e ? e : 1) - 26);
	char buf[40];
	for (int p = 1; p <= 6; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, v);
		if (!isfinite(v) || fabs(strtod(buf, NULL) - v) < half_step)
			break;
	}
	return ds_text_put(out, buf, strlen(buf));
}

static int hex_text(const unsigned char *p, size_t n, struct ds_text *out)
{
	static const char digits[] = "0123456789abcdef";
	if (!ds_text_put(out, "0x", 2))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c[2] = {digits[p[i] >> 4], digits[p[i] & 15]};
		if (!ds_text_put(out, c, 2))
			return 0;
	}
	return 1;
}

/* 1 when p[0, n) is UTF-8 without control characters but tabs and line
 * breaks (a cell can show it). */
static int is_text(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t k = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F || k == 9 || (k == 1 && c < 0xC2) || n - i - 1 < k)
			return 0;
		for (size_t j = 1; j <= k; j++)
			if ((p[i + j] & 0xC0) != 0x80)
				return 0;
		i += k + 1;
	}
	return 1;
}

/* A big-endian two's complement integer scaled by 10^-scale. */
static int decimal_text(const unsigned char *be, size_t n, int32_t scale, struct ds_text *out)
{
	if (!n)
		return ds_text_put(out, "0", 1);
	if (n > DECIMAL_MAX_BYTES || scale > 1000 || scale < -1000)
		return hex_text(be, n, out);
	unsigned char mag[DECIMAL_MAX_BYTES];
	int neg = be[0] & 0x80;
	memcpy(mag, be, n);
	if (neg) {
		/* the magnitude: invert and add one */
		int carry = 1;
		for (size_t i = n; i-- > 0;) {
			int v = (unsigned char)~mag[i] + carry;
			mag[i] = (unsigned char)v;
			carry = v >> 8;
		}
	}
	char digits[2 * DECIMAL_MAX_BYTES * 3 + 8];
	size_t nd = 0, from = 0;
	while (from < n) {
		/* one decimal digit off the bottom: divide the bytes by ten */
		unsigned rem = 0;
		for (size_t i = from; i < n; i++) {
			unsigned cur = rem << 8 | mag[i];
			mag[i] = (unsigned char)(cur / 10);
			rem = cur % 10;
		}
		digits[nd++] = (char)('0' + rem);
		while (from < n && !mag[from])
			from++;
	}
	if (!nd)
		digits[nd++] = '0';
	char text[sizeof digits + 2100];
	size_t o = 0;
	if (neg)
		text[o++] = '-';
	if (scale <= 0) {
		while (nd)
			text[o++] = digits[--nd];
		for (int32_t i = 0; i < -scale && !(o == 1 + (size_t)!!neg && text[o - 1] == '0'); i++)
			text[o++] = '0';
	} else {
		size_t s = (size_t)scale;
		if (nd <= s) {
			text[o++] = '0';
			text[o++] = '.';
			for (size_t i = nd; i < s; i++)
				text[o++] = '0';
			while (nd)
				text[o++] = digits[--nd];
		} else {
			while (nd > s)
				text[o++] = digits[--nd];
			text[o++] = '.';
			while (nd)
				text[o++] = digits[--nd];
		}
	}
	return ds_text_put(out, text, o);
}

static int int_text(const struct pq_column *c, int64_t v, int width, struct ds_text *out)
{
	char buf[48];
	int w;
	switch (c->kind) {
	case PQ_K_DATE: {
		long long y;
		int m, d;
		ds_parquet_civil(v, &y, &m, &d);
		w = snprintf(buf, sizeof buf, "%04lld-%02d-%02d", y, m, d);
		break;
	}
	case PQ_K_TIMESTAMP:
		return timestamp_text(v, c->unit, c->utc, out);
	case PQ_K_TIME:
		return time_text(v, c->unit, out);
	case PQ_K_DECIMAL: {
		unsigned char be[8];
		for (int i = 0; i < 8; i++)
			be[i] = (unsigned char)((uint64_t)v >> (8 * (7 - i)));
		return decimal_text(be, 8, c->scale, out);
	}
	case PQ_K_UNSIGNED:
		w = digits_at(buf, width == 4 ? (uint64_t)(uint32_t)v : (uint64_t)v, 1);
		break;
	default:
		w = signed_at(buf, v);
	}
	return ds_text_put(out, buf, (size_t)w);
}

static int bytes_text(const struct pq_column *c, const unsigned char *p, size_t n, struct ds_text *out)
{
	if (c->kind == PQ_K_DECIMAL)
		return decimal_text(p, n, c->scale, out);
	if (c->kind == PQ_K_FLOAT16 && n == 2)
		return half_text((uint16_t)(p[0] | p[1] << 8), out);
	if (c->kind == PQ_K_UUID && n == 16) {
		char buf[40];
		size_t o = 0;
		for (size_t i = 0; i < 16; i++) {
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%02x", p[i]);
			if (i == 3 || i == 5 || i == 7 || i == 9)
				buf[o++] = '-';
		}
		return ds_text_put(out, buf, o);
	}
	if (c->kind == PQ_K_INTERVAL && n == 12) {
		char buf[80];
		int w = snprintf(buf, sizeof buf, "P%" PRIu64 "M%" PRIu64 "DT%" PRIu64 ".%03" PRIu64 "S", le_bytes(p, 4),
				 le_bytes(p + 4, 4), le_bytes(p + 8, 4) / 1000, le_bytes(p + 8, 4) % 1000);
		return ds_text_put(out, buf, (size_t)w);
	}
	return is_text(p, n) ? ds_text_put(out, (const char *)p, n) : hex_text(p, n, out);
}

int ds_parquet_value_text(const struct pq_column *c, const unsigned char *raw, size_t n, struct ds_text *out)
{
	switch (c->type) {
	case PQ_BOOLEAN:
		return raw[0] ? ds_text_put(out, "true", 4) : ds_text_put(out, "false", 5);
	case PQ_INT32:
		return int_text(c, (int32_t)(uint32_t)le_bytes(raw, 4), 4, out);
	case PQ_INT64:
		return int_text(c, (int64_t)le_bytes(raw, 8), 8, out);
	case PQ_INT96: {
		/* nanoseconds of the day, then the Julian day number */
		int64_t nanos = (int64_t)le_bytes(raw, 8);
		int64_t jd = (int32_t)(uint32_t)le_bytes(raw + 8, 4);
		/* writers that overflowed put nanoseconds outside the day (Spark's
		 * far dates): they carry into the days */
		int64_t carry, rest;
		floor_div(nanos, (int64_t)86400 * 1000000000, &carry, &rest);
		return stamp_text(jd - 2440588 + carry, rest, 9, 0, out);
	}
	case PQ_FLOAT: {
		float f;
		uint32_t u = (uint32_t)le_bytes(raw, 4);
		memcpy(&f, &u, 4);
		return float_text(f, out);
	}
	case PQ_DOUBLE: {
		double d;
		uint64_t u = le_bytes(raw, 8);
		memcpy(&d, &u, 8);
		return double_text(d, out);
	}
	default:
		return bytes_text(c, raw, n, out);
	}
}

/* 1 when the column's texts are JSON numbers or booleans as they are. */
static int json_bare(const struct pq_column *c, const char *text, size_t n)
{
	if (c->type == PQ_BOOLEAN)
		return 1;
	int number = ((c->type == PQ_INT32 || c->type == PQ_INT64) &&
		      (c->kind == PQ_K_PLAIN || c->kind == PQ_K_UNSIGNED || c->kind == PQ_K_DECIMAL)) ||
		     c->type == PQ_FLOAT || c->type == PQ_DOUBLE || c->kind == PQ_K_FLOAT16 ||
		     (c->kind == PQ_K_DECIMAL && !(n > 1 && text[1] == 'x'));
	/* nan and inf are no JSON numbers */
	return number && n && text[n - 1] >= '0' && text[n - 1] <= '9';
}

int ds_parquet_value_json(const struct pq_column *c, const char *text, size_t n, struct ds_text *out)
{
	if (json_bare(c, text, n))
		return ds_text_put(out, text, n);
	return ds_text_json_string(out, text, n);
}
