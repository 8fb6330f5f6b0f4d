/*
 * ll_err.c - error messages and the mapping from status to exit code.
 */
#include "ll_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ll_err_clear(struct ll_err *err)
{
	if (!err)
		return;
	err->code = LL_OK;
	err->msg[0] = '\0';
}

/* Length of the valid UTF-8 sequence at s[0..n), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf; /* range of the second byte */
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

size_t ll_escape(const char *s, size_t n, char *out, size_t cap)
{
	if (cap == 0)
		return 0;
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		char piece[8];
		size_t plen, step = utf8_len(p + i, n - i);
		unsigned char c = p[i];
		if (step == 0) {
			plen = (size_t)snprintf(piece, sizeof piece, "\\x%02x", c);
			step = 1;
		} else if (step == 2 && c == 0xc2 && p[i + 1] < 0xa0) {
			plen = (size_t)snprintf(piece, sizeof piece, "\\u%04x", p[i + 1]);
		} else if (c == '\t' || c == '\n' || c == '\r') {
			piece[0] = '\\';
			piece[1] = c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
			plen = 2;
		} else if (c < 0x20 || c == 0x7f) {
			plen = (size_t)snprintf(piece, sizeof piece, "\\x%02x", c);
		} else {
			if (o + step >= cap)
				break;
			memcpy(out + o, p + i, step);
			o += step;
			i += step;
			continue;
		}
		if (o + plen >= cap)
			break;
		memcpy(out + o, piece, plen);
		o += plen;
		i += step;
	}
	out[o] = '\0';
	return o;
}

static void vset(struct ll_err *err, int code, const char *fmt, va_list ap)
{
	char raw[LL_ERR_MSG_MAX];
	err->code = code;
	int n = vsnprintf(raw, sizeof raw, fmt, ap);
	size_t len = n < 0 ? 0 : (size_t)n < sizeof raw ? (size_t)n : sizeof raw - 1;
	ll_escape(raw, len, err->msg, sizeof err->msg);
}

int ll_err_set(struct ll_err *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vset(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int ll_err_errno(struct ll_err *err, int code, int errnum, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vset(err, code, fmt, ap);
	va_end(ap);
	size_t used = strlen(err->msg);
	snprintf(err->msg + used, sizeof err->msg - used, ": %s", strerror(errnum));
	return code;
}

const char *ll_escaped_ring(const char *s, size_t n)
{
	enum { RING = 8 };
	static char *buf[RING];
	static size_t cap[RING];
	static int next;
	if (!s)
		return "";
	int k = next;
	next = (next + 1) % RING;
	/* "\xNN" is the widest escape: 4 bytes for 1 */
	size_t need = n * 4 + 1;
	if (need > cap[k]) {
		char *nb = realloc(buf[k], need);
		if (!nb)
			return "(out of memory)";
		buf[k] = nb;
		cap[k] = need;
	}
	ll_escape(s, n, buf[k], cap[k]);
	return buf[k];
}

int ll_exit_code(int status)
{
	switch (status) {
	case LL_OK:
		return 0;
	case LL_EUSAGE:
		return 1;
	case LL_EDATA:
		return 2;
	default:
		return 3;
	}
}

const char *ll_status_name(int status)
{
	switch (status) {
	case LL_OK:
		return "ok";
	case LL_EUSAGE:
		return "usage error";
	case LL_EDATA:
		return "data error";
	case LL_EIO:
		return "I/O error";
	case LL_ENOMEM:
		return "out of memory";
	case LL_ECANCEL:
		return "cancelled";
	default:
		return "error";
	}
}
