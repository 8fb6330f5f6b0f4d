/*
 * textcell.c - bytes to safe screen glyphs (see textcell.h).
 *
 * UTF-8 is decoded strictly by hand (no overlong forms, no surrogates,
 * nothing above U+10FFFF) rather than with mbrtowc, so that what counts as
 * invalid does not depend on the C library's leniency; wcwidth then says
 * whether and how wide the locale can show the character.
 */
#include "textcell.h"

#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <strings.h>

int tc_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

int tc_utf8_decode(const char *str, size_t n, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int len;
	unsigned lo = 0x80, hi = 0xBF, v;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	for (int i = 1; i < len; i++) {
		unsigned b = s[i];
		if (b < lo || b > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
		v = (v << 6) | (b & 0x3F);
	}
	*cp = v;
	return len;
}

int tc_utf8_encode(unsigned c, char out[4])
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

static void escape_byte(unsigned char b, struct tc_glyph *g)
{
	static const char hex[] = "0123456789ABCDEF";
	g->wc[0] = L'\\';
	g->wc[1] = L'x';
	g->wc[2] = (wchar_t)hex[b >> 4];
	g->wc[3] = (wchar_t)hex[b & 15];
	g->wc[4] = L'\0';
	g->width = 4;
	g->escaped = 1;
	g->len = 1;
}

static void line_break_glyph(int utf8, struct tc_glyph *g)
{
	if (utf8) {
		g->wc[0] = 0x21B5; /* DOWNWARDS ARROW WITH CORNER LEFTWARDS */
		g->wc[1] = L'\0';
		g->width = 1;
	} else {
		g->wc[0] = L'\\';
		g->wc[1] = L'n';
		g->wc[2] = L'\0';
		g->width = 2;
	}
	g->escaped = 1;
}

int tc_next(const char *s, size_t n, size_t *pos, size_t col, int utf8, struct tc_glyph *g)
{
	size_t p = *pos;
	if (p >= n)
		return 0;
	const unsigned char *u = (const unsigned char *)s + p;
	g->off = p;
	g->escaped = 0;
	g->spaces = 0;
	if (u[0] == '\t') {
		int w = TC_TAB - (int)(col % TC_TAB);
		for (int i = 0; i < w; i++)
			g->wc[i] = L' ';
		g->wc[w] = L'\0';
		g->width = w;
		g->spaces = 1;
		g->len = 1;
		*pos = p + 1;
		return 1;
	}
	if (u[0] == '\n' || (u[0] == '\r' && p + 1 < n && u[1] == '\n')) {
		/* a line break inside a value (a quoted CSV cell, a JSON string):
		 * one marked glyph, a CRLF too, rather than "\x0D\x0A" */
		line_break_glyph(utf8, g);
		g->len = u[0] == '\r' ? 2 : 1;
		*pos = p + g->len;
		return 1;
	}
	if (u[0] < 0x20 || u[0] == 0x7F || (u[0] >= 0x80 && !utf8)) {
		escape_byte(u[0], g);
		*pos = p + 1;
		return 1;
	}
	unsigned cp;
	int len, w;
	if (u[0] < 0x80) {
		cp = u[0];
		len = 1;
		w = 1;
	} else {
		len = tc_utf8_decode(s + p, n - p, &cp);
		w = len ? wcwidth((wchar_t)cp) : -1;
	}
	if (w <= 0) {
		/* Invalid, unprintable, or a combining mark with nothing to sit on. */
		escape_byte(u[0], g);
		*pos = p + 1;
		return 1;
	}
	g->wc[0] = (wchar_t)cp;
	int k = 1;
	p += (size_t)len;
	/* Combining marks (width 0) join their base character's cell. */
	while (utf8 && p < n && k < TC_GLYPH_MAX - 1) {
		unsigned cp2;
		int len2 = tc_utf8_decode(s + p, n - p, &cp2);
		if (len2 < 2 || wcwidth((wchar_t)cp2) != 0)
			break;
		g->wc[k++] = (wchar_t)cp2;
		p += (size_t)len2;
	}
	g->wc[k] = L'\0';
	g->width = w;
	g->len = p - g->off;
	*pos = p;
	return 1;
}

size_t tc_width(const char *s, size_t n, int utf8)
{
	size_t pos = 0, col = 0;
	struct tc_glyph g;
	while (tc_next(s, n, &pos, col, utf8, &g))
		col += (size_t)g.width;
	return col;
}

size_t tc_render(const char *s, size_t n, int utf8, char *buf, size_t cap)
{
	size_t pos = 0, col = 0, out = 0;
	struct tc_glyph g;
	while (tc_next(s, n, &pos, col, utf8, &g)) {
		col += (size_t)g.width;
		for (int i = 0; g.wc[i]; i++) {
			char tmp[4];
			size_t k = (size_t)tc_utf8_encode((unsigned)g.wc[i], tmp);
			for (size_t j = 0; j < k; j++, out++)
				if (out + 1 < cap)
					buf[out] = tmp[j];
		}
	}
	if (cap)
		buf[out < cap ? out : cap - 1] = '\0';
	return out;
}
