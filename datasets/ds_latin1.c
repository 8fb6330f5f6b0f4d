/*
 * ds_latin1.c - the sniff and the conversion of ds_latin1.h.
 */
#include "ds_latin1.h"

#include "ds_source.h"

#include <stdint.h>
#include <string.h>

/* Windows-1252's 0x80 to 0x9F; the undefined five are the C1 controls. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static unsigned long code_point(unsigned char c)
{
	return c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c;
}

/* Length of the well-formed UTF-8 sequence of two to four bytes at s[0, n)
 * (no overlong forms, surrogates or code points past U+10FFFF), else 0;
 * *cut = 1 when s[0, n) is the start of one that n cuts short. */
static size_t utf8_seq(const unsigned char *s, size_t n, int *cut)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t len;
	*cut = 0;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
	} else
		return 0;
	for (size_t k = 1; k < len; k++) {
		if (k >= n) {
			*cut = 1;
			return 0;
		}
		unsigned char lo_k = k == 1 ? lo : 0x80, hi_k = k == 1 ? hi : 0xBF;
		if (s[k] < lo_k || s[k] > hi_k)
			return 0;
	}
	return len;
}

/* Index of the first byte of 0x80 or above in data[0, n), else n; eight
 * bytes a step, since a plain ASCII log is the common case. */
static size_t first_high(const char *data, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, data + i, 8);
		if (w & 0x8080808080808080ull)
			break;
	}
	for (; i < n; i++)
		if ((unsigned char)data[i] >= 0x80)
			return i;
	return n;
}

int ds_latin1_any_high(const char *data, size_t n)
{
	return first_high(data, n) < n;
}

int ds_latin1_sniff(const char *data, size_t n)
{
	size_t m = n < DS_LATIN1_SAMPLE ? n : DS_LATIN1_SAMPLE;
	if (n > m && first_high(data, m) == m) {
		size_t h = m + first_high(data + m, (n < DS_LATIN1_SCAN ? n : DS_LATIN1_SCAN) - m);
		if (h >= (n < DS_LATIN1_SCAN ? n : DS_LATIN1_SCAN))
			return 0;
		size_t start = h;
		while (start > 0 && data[start - 1] != '\n')
			start--;
		data += start;
		n -= start;
		m = n < DS_LATIN1_SAMPLE ? n : DS_LATIN1_SAMPLE;
	}
	const unsigned char *s = (const unsigned char *)data;
	if (!m || !ds_looks_like_text(data, m))
		return 0;
	size_t stray = 0, seqs = 0, high = 0, in_runs = 0, run = 0;
	for (size_t i = 0; i < m;) {
		if (s[i] < 0x80) {
			in_runs += run >= 3 ? run : 0;
			run = 0;
			i++;
			continue;
		}
		int cut;
		size_t len = utf8_seq(s + i, m - i, &cut);
		if (cut && m < n) /* the sample's end, not the file's */
			break;
		if (len) {
			seqs++;
		} else {
			stray++;
			len = 1;
		}
		high += len;
		run += len;
		i += len;
	}
	in_runs += run >= 3 ? run : 0;
	/* one stray byte is as likely a damaged byte as a letter */
	return stray >= 2 && stray >= 10 * seqs && high * 4 <= m && in_runs * 4 <= high;
}

size_t ds_latin1_utf8_len(const char *in, size_t n, size_t *high)
{
	size_t len = n, h = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c >= 0x80) {
			h++;
			len += code_point(c) < 0x800 ? 1 : 2;
		}
	}
	if (high)
		*high = h;
	return len;
}

size_t ds_latin1_from_utf8(char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	/* bytes below 0xC2 start no character it converts: a line's text up
	 * to its first accent stays where it is, unread twice */
	size_t i = 0;
	while (i < n && u[i] < 0xC2)
		i++;
	size_t o = i;
	while (i < n) {
		unsigned long c = 0;
		size_t len = 0;
		if (u[i] >= 0xC2 && u[i] <= 0xC3 && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
			c = (unsigned long)(u[i] & 0x1F) << 6 | (u[i + 1] & 0x3F);
			len = 2;
		} else if (u[i] == 0xC5 || u[i] == 0xC6 || u[i] == 0xCB || u[i] == 0xE2) {
			int cut;
			len = utf8_seq(u + i, n - i, &cut);
			if (len == 2)
				c = (unsigned long)(u[i] & 0x1F) << 6 | (u[i + 1] & 0x3F);
			else if (len == 3)
				c = (unsigned long)(u[i] & 0x0F) << 12 | (unsigned long)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
		}
		int byte = -1;
		if (c >= 0xA0 && c <= 0xFF)
			byte = (int)c;
		for (int k = 0; byte < 0 && len && k < 32; k++)
			if (cp1252_high[k] == c)
				byte = 0x80 + k;
		if (byte < 0) {
			s[o++] = s[i++];
			continue;
		}
		s[o++] = (char)byte;
		i += len;
	}
	return o;
}

size_t ds_latin1_to_utf8(const char *in, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c < 0x80) {
			out[o++] = (char)c;
			continue;
		}
		unsigned long u = code_point(c);
		if (u < 0x800) {
			out[o++] = (char)(0xC0 | (u >> 6));
		} else {
			out[o++] = (char)(0xE0 | (u >> 12));
			out[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
		}
		out[o++] = (char)(0x80 | (u & 0x3F));
	}
	return o;
}
