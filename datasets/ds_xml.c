/*
 * ds_xml.c - a forward scanner over XML tags (ds_xml.h).
 */
#include "ds_xml.h"

#include <string.h>

/* The offset just past the first occurrence of end in p[from, n), or n. */
static size_t past(const char *p, size_t n, size_t from, const char *end)
{
	size_t k = strlen(end);
	for (size_t i = from; i + k <= n; i++)
		if (p[i] == end[0] && memcmp(p + i, end, k) == 0)
			return i + k;
	return n;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int ds_xml_next(const char *p, size_t n, size_t *pos, struct ds_xml_tag *tag)
{
	size_t i = *pos;
	for (;;) {
		while (i < n && p[i] != '<')
			i++;
		if (i + 1 >= n)
			return 0;
		if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
			i = past(p, n, i + 4, "-->");
			continue;
		}
		if (n - i >= 9 && memcmp(p + i, "<![CDATA[", 9) == 0) {
			i = past(p, n, i + 9, "]]>");
			continue;
		}
		if (p[i + 1] == '?' || p[i + 1] == '!') {
			i = past(p, n, i + 2, ">");
			continue;
		}
		break;
	}
	size_t j = i + 1;
	tag->closing = p[j] == '/';
	j += (size_t)tag->closing;
	tag->name = p + j;
	while (j < n && !is_space(p[j]) && p[j] != '>' && p[j] != '/')
		j++;
	tag->name_len = (size_t)(p + j - tag->name);
	size_t a = j;
	/* the tag ends at the first '>' outside a quoted value */
	char quote = 0;
	while (j < n && (quote || p[j] != '>')) {
		if (quote && p[j] == quote)
			quote = 0;
		else if (!quote && (p[j] == '"' || p[j] == '\''))
			quote = p[j];
		j++;
	}
	if (j >= n)
		return 0;
	tag->empty = j > a && p[j - 1] == '/';
	tag->attrs = p + a;
	tag->attrs_len = j - a - (size_t)tag->empty;
	tag->end = j + 1;
	*pos = j + 1;
	return 1;
}

/* The name without its prefix. */
static const char *local_part(const char *name, size_t n, size_t *len)
{
	const char *colon = memchr(name, ':', n);
	if (!colon) {
		*len = n;
		return name;
	}
	*len = n - (size_t)(colon + 1 - name);
	return colon + 1;
}

int ds_xml_is(const struct ds_xml_tag *tag, const char *local)
{
	size_t n;
	const char *l = local_part(tag->name, tag->name_len, &n);
	return n == strlen(local) && memcmp(l, local, n) == 0;
}

int ds_xml_attr_next(const struct ds_xml_tag *tag, size_t *pos, const char **name, size_t *name_len,
		     const char **value, size_t *value_len)
{
	const char *p = tag->attrs + *pos, *end = tag->attrs + tag->attrs_len;
	while (p < end && is_space(*p))
		p++;
	const char *k = p;
	while (p < end && *p != '=' && !is_space(*p))
		p++;
	size_t kn = (size_t)(p - k);
	while (p < end && is_space(*p))
		p++;
	if (!kn || p >= end || *p != '=')
		return 0;
	for (p++; p < end && is_space(*p); p++)
		;
	if (p >= end || (*p != '"' && *p != '\''))
		return 0;
	char q = *p++;
	const char *v = p;
	while (p < end && *p != q)
		p++;
	if (p >= end)
		return 0;
	*name = k;
	*name_len = kn;
	*value = v;
	*value_len = (size_t)(p - v);
	*pos = (size_t)(p + 1 - tag->attrs);
	return 1;
}

int ds_xml_attr(const struct ds_xml_tag *tag, const char *name, const char **value, size_t *len)
{
	size_t want = strlen(name), pos = 0, kn, vn, ln;
	const char *k, *v;
	while (ds_xml_attr_next(tag, &pos, &k, &kn, &v, &vn)) {
		const char *l = local_part(k, kn, &ln);
		if ((kn == want && memcmp(k, name, want) == 0) || (ln == want && memcmp(l, name, want) == 0)) {
			*value = v;
			*len = vn;
			return 1;
		}
	}
	return 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Writes code point cp as UTF-8 to out; returns the bytes (0 for none). */
static size_t utf8(unsigned long cp, char *out)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A reference "&...;" at s[0, n): its length and decoded bytes in out
 * (*w), or 0 when it is none. */
static size_t reference(const char *s, size_t n, char *out, size_t *w)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
	for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
		size_t len = strlen(named[k].name);
		if (n >= len && memcmp(s, named[k].name, len) == 0) {
			out[0] = named[k].c;
			*w = 1;
			return len;
		}
	}
	if (n < 4 || s[1] != '#')
		return 0;
	int hex = s[2] == 'x' || s[2] == 'X';
	unsigned long cp = 0;
	size_t i = 2 + (size_t)hex, start = i;
	for (; i < n && i < start + 8 && s[i] != ';'; i++) {
		int d = hex ? hex_value(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
		if (d < 0)
			return 0;
		cp = cp * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (i == start || i >= n || s[i] != ';')
		return 0;
	*w = utf8(cp, out);
	return i + 1;
}

size_t ds_xml_decode(const char *s, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t w = 0, used;
		if (s[i] == '&' && (used = reference(s + i, n - i, out + o, &w)) > 0) {
			o += w;
			i += used;
			continue;
		}
		/* OOXML writes a control character as _xHHHH_ (_x000D_ a CR) */
		if (s[i] == '_' && n - i >= 7 && s[i + 1] == 'x' && s[i + 6] == '_' && hex_value(s[i + 2]) >= 0 &&
		    hex_value(s[i + 3]) >= 0 && hex_value(s[i + 4]) >= 0 && hex_value(s[i + 5]) >= 0) {
			unsigned long cp = (unsigned long)(hex_value(s[i + 2]) << 12 | hex_value(s[i + 3]) << 8 |
							   hex_value(s[i + 4]) << 4 | hex_value(s[i + 5]));
			o += utf8(cp, out + o);
			i += 7;
			continue;
		}
		out[o++] = s[i++];
	}
	return o;
}
