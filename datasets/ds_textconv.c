/*
 * ds_textconv.c - ds_source's conversions a slice at a time (ds_textconv.h).
 * The decisions are ds_source's sniffs (ds_source_utf16, ds_escapes_sniff,
 * ds_latin1_sniff, ds_cr_only_sniff) taken on the text each step makes of
 * the sample, in ds_source's order, so a file reads the same whether
 * ds_source opens it whole or a fleet reads it in slices.
 */
#include "ds_textconv.h"
#include "ds_latin1.h"
#include "ds_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An ESC this close to a slice's end may start a sequence the next slice
 * ends (an OSC runs up to 4 KiB): it waits for that slice. */
#define ESC_HOLD ((size_t)8192)

/* Puts code point c as UTF-8 at o; returns the bytes written. */
static size_t put_utf8(unsigned char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (unsigned char)(0xC0 | (c >> 6));
		o[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (c >> 12));
		o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (c >> 18));
	o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

size_t ds_utf16_to_utf8(int le, const unsigned char *b, size_t n, int final, unsigned char *out, size_t *used)
{
	size_t o = 0, i = 0;
	for (; i < n; i += 2) {
		if (i + 1 >= n) {
			if (!final)
				break;
			o += put_utf8(out + o, 0xFFFD);
			i = n;
			break;
		}
		unsigned long u = le ? b[i] | (unsigned)b[i + 1] << 8 : (unsigned)b[i] << 8 | b[i + 1];
		if (u >= 0xD800 && u < 0xDC00) {
			if (i + 3 < n) {
				unsigned long v = le ? b[i + 2] | (unsigned)b[i + 3] << 8 : (unsigned)b[i + 2] << 8 | b[i + 3];
				if (v >= 0xDC00 && v < 0xE000) {
					u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
					i += 2;
				}
			} else if (!final) {
				break; /* its pair may start the next slice */
			}
		}
		if (u >= 0xD800 && u < 0xE000)
			u = 0xFFFD;
		o += put_utf8(out + o, u);
	}
	*used = i < n ? i : n;
	return o;
}

/* Makes *buf hold at least need bytes. */
static int room(char **buf, size_t *cap, size_t need, struct ll_err *err)
{
	if (need <= *cap)
		return LL_OK;
	size_t c = *cap * 2 > need ? *cap * 2 : need;
	char *p = realloc(*buf, c ? c : 1);
	if (!p)
		return ll_err_set(err, LL_ENOMEM, "out of memory converting text");
	*buf = p;
	*cap = c;
	return LL_OK;
}

/* UTF-16 step: the slice's units (with the bytes the last one left) as UTF-8 in c->b1. */
static int step_utf16(struct ds_textconv *c, const char **p, size_t *n, int final, struct ll_err *err)
{
	const unsigned char *in = (const unsigned char *)*p;
	size_t m = *n;
	while (c->skip16 && m) { /* the mark, perhaps split */
		c->skip16--;
		in++;
		m--;
	}
	size_t all = c->nu16 + m;
	int rc = room(&c->b1, &c->c1, all + all / 2 * 3 + 8, err);
	if (rc != LL_OK)
		return rc;
	/* the units go after the UTF-8 room: joined with what was left */
	unsigned char *units = (unsigned char *)c->b1 + all / 2 * 3 + 8;
	memcpy(units, c->u16, c->nu16);
	if (m) /* an empty last slice may come with no buffer */
		memcpy(units + c->nu16, in, m);
	size_t used, o = ds_utf16_to_utf8(c->utf16 == 'L', units, all, final, (unsigned char *)c->b1, &used);
	c->nu16 = all - used;
	memcpy(c->u16, units + used, c->nu16);
	*p = c->b1;
	*n = o;
	return LL_OK;
}

/* Escape step: the text with its escape codes removed into c->b2; an ESC
 * near the end whose sequence is not complete yet waits in c->esc. */
static int step_strip(struct ds_textconv *c, const char **p, size_t *n, int final, struct ll_err *err)
{
	size_t all = c->nesc + *n;
	int rc = room(&c->b2, &c->c2, all, err);
	if (rc != LL_OK)
		return rc;
	/* the held sequence and the slice, either of which may be empty (and
	 * its pointer NULL, which memcpy must not see) */
	if (c->nesc)
		memcpy(c->b2, c->esc, c->nesc);
	if (*n)
		memcpy(c->b2 + c->nesc, *p, *n);
	c->nesc = 0;
	unsigned char *s = (unsigned char *)c->b2;
	size_t o = 0;
	for (size_t i = 0; i < all;) {
		if (s[i] != 0x1b) {
			if (c->hidden && s[i] != '\n') {
				c->concealed++;
				i++;
				continue;
			}
			c->hidden = 0;
			s[o++] = s[i++];
			continue;
		}
		size_t k = ds_escape_len(s + i, all - i);
		if (k) {
			c->removed++;
			c->hidden = ds_escape_conceals(s + i, k, c->hidden);
			i += k;
		} else if (!final && all - i < ESC_HOLD) {
			if ((rc = room(&c->esc, &c->cesc, ESC_HOLD, err)) != LL_OK)
				return rc;
			c->nesc = all - i;
			memcpy(c->esc, s + i, c->nesc);
			break;
		} else {
			s[o++] = s[i++];
		}
	}
	*p = c->b2;
	*n = o;
	return LL_OK;
}

int ds_textconv_run(struct ds_textconv *c, const char *in, size_t n, int final, const char **out, size_t *outn,
		    struct ll_err *err)
{
	const char *p = in;
	size_t m = n;
	int rc = c->utf16 ? step_utf16(c, &p, &m, final, err) : LL_OK;
	int own = c->utf16; /* p is a buffer of c's, changed in place */
	for (; rc == LL_OK && c->skip8 && m; c->skip8--) {
		p++;
		m--;
	}
	if (rc == LL_OK && c->strip)
		rc = step_strip(c, &p, &m, final, err), own = 1;
	if (rc == LL_OK && c->latin1) {
		size_t high, len = ds_latin1_utf8_len(p, m, &high);
		if ((rc = room(&c->b3, &c->c3, len, err)) == LL_OK) {
			m = ds_latin1_to_utf8(p, m, c->b3);
			p = c->b3;
			own = 1;
			c->high += high;
		}
	}
	if (rc == LL_OK && c->cr) {
		if (!own && (rc = room(&c->b3, &c->c3, m, err)) == LL_OK) {
			if (m)
				memcpy(c->b3, p, m);
			p = c->b3;
		}
		for (size_t i = 0; rc == LL_OK && i < m; i++)
			if (p[i] == '\r')
				((char *)p)[i] = '\n';
	}
	if (rc != LL_OK)
		return rc;
	*out = p;
	*outn = m;
	return LL_OK;
}

int ds_textconv_plan(struct ds_textconv *c, const char *data, size_t n, int whole, struct ll_err *err)
{
	memset(c, 0, sizeof *c);
	/* each step's decision on the text the steps before make of the sample */
	struct ds_textconv t;
	memset(&t, 0, sizeof t);
	int bom;
	t.utf16 = c->utf16 = ds_source_utf16(data, n, &bom);
	t.bom16 = c->bom16 = c->utf16 && bom;
	t.skip16 = c->bom16 ? 2 : 0;
	const char *p;
	size_t m;
	int rc = ds_textconv_run(&t, data, n, whole, &p, &m, err);
	c->mark = rc == LL_OK && m >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0;
	if (c->mark) {
		p += 3;
		m -= 3;
	}
	if (rc == LL_OK && (c->strip = ds_escapes_sniff(p, m))) {
		t.utf16 = 0;
		t.strip = 1;
		rc = ds_textconv_run(&t, p, m, whole, &p, &m, err);
	}
	/* a file marked as UTF-8 keeps its stray bytes (ds_source) */
	if (rc == LL_OK && m && !c->mark && (c->latin1 = ds_latin1_sniff(p, m))) {
		t.utf16 = t.strip = 0;
		t.latin1 = 1;
		rc = ds_textconv_run(&t, p, m, whole, &p, &m, err);
	}
	if (rc == LL_OK)
		c->cr = ds_cr_only_sniff(p, m);
	ds_textconv_free(&t);
	if (rc != LL_OK)
		return -1;
	c->skip16 = c->bom16 ? 2 : 0;
	c->skip8 = c->mark ? 3 : 0;
	return c->utf16 || c->mark || c->strip || c->latin1 || c->cr;
}

size_t ds_textconv_note(const struct ds_textconv *c, const char *name, char *buf, size_t cap)
{
	size_t o = 0;
	if (cap)
		buf[0] = '\0';
	if (c->strip && o < cap)
		o += (size_t)snprintf(buf + o, cap - o,
				      "%s: %zu terminal escape codes (colours, cursor moves) removed from the text", name,
				      c->removed);
	if (c->strip && c->concealed && o < cap)
		o += (size_t)snprintf(buf + o, cap - o, ", with the %zu bytes they conceal (SGR 8, not shown on a terminal)",
				      c->concealed);
	if (c->latin1 && o < cap)
		o += (size_t)snprintf(buf + o, cap - o, "%s%s: not UTF-8: read as Latin-1 (Windows-1252), %zu characters converted",
				      o ? "; " : "", name, c->high);
	return o < cap ? o : cap ? cap - 1 : 0;
}

void ds_textconv_free(struct ds_textconv *c)
{
	free(c->b1);
	free(c->b2);
	free(c->b3);
	free(c->esc);
	c->b1 = c->b2 = c->b3 = c->esc = NULL;
	c->c1 = c->c2 = c->c3 = c->nesc = c->cesc = 0;
}
