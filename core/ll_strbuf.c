/*
 * ll_strbuf.c - a growing string (see ll_strbuf.h): capacity doubles, so n
 * appends cost O(total length).
 */
#include "ll_strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ll_strbuf_add(struct ll_strbuf *b, const char *p, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *q = realloc(b->s, cap);
		if (!q) {
			b->oom = 1;
			return;
		}
		b->s = q;
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void ll_strbuf_puts(struct ll_strbuf *b, const char *p)
{
	ll_strbuf_add(b, p, strlen(p));
}

void ll_strbuf_printf(struct ll_strbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if ((size_t)n < sizeof small) {
		ll_strbuf_add(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ll_strbuf_add(b, big, (size_t)n);
	free(big);
}

void ll_strbuf_free(struct ll_strbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof *b);
}
