/*
 * ds_xls_biff.c - BIFF records, their CONTINUE records and their strings
 * (ds_xls.h), from MS-XLS 2.1.4 (records), 2.5.293-294 (XLUnicodeString,
 * XLUnicodeRichExtendedString) and 2.2.2 (string splits at a CONTINUE).
 */
#include "ds_xls.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int xls_rec_next(const unsigned char *s, size_t n, size_t *pos, struct xls_rec *r)
{
	if (*pos + 4 > n)
		return 0;
	r->at = *pos;
	r->type = xls_u16(s + *pos);
	r->len = xls_u16(s + *pos + 2);
	if (r->len > n - *pos - 4)
		return -1;
	r->data = s + *pos + 4;
	r->next = *pos + 4 + r->len;
	*pos = r->next;
	return 1;
}

void xls_cur_init(struct xls_cur *c, const unsigned char *s, size_t n, const struct xls_rec *r, size_t skip,
		  int biff8, int codepage)
{
	c->s = s;
	c->n = n;
	skip = skip < r->len ? skip : r->len;
	c->p = r->data + skip;
	c->left = r->len - skip;
	c->next = r->next;
	c->biff8 = biff8;
	c->codepage = codepage;
}

/* Into the next CONTINUE record when the segment is spent; 0 when the
 * record after it is something else (or runs past the stream). */
static int cur_advance(struct xls_cur *c)
{
	while (!c->left) {
		size_t pos = c->next;
		struct xls_rec r;
		if (xls_rec_next(c->s, c->n, &pos, &r) != 1 || r.type != XLS_CONTINUE)
			return 0;
		c->p = r.data;
		c->left = r.len;
		c->next = r.next;
	}
	return 1;
}

int xls_cur_bytes(struct xls_cur *c, void *buf, size_t k)
{
	unsigned char *out = buf;
	while (k) {
		if (!cur_advance(c))
			return 0;
		size_t take = k < c->left ? k : c->left;
		if (out) {
			memcpy(out, c->p, take);
			out += take;
		}
		c->p += take;
		c->left -= take;
		k -= take;
	}
	return 1;
}

/* Appends code point u as UTF-8. */
static int put_utf8(struct ds_text *out, uint32_t u)
{
	char b[4];
	size_t k;
	if (u < 0x80) {
		b[0] = (char)u;
		k = 1;
	} else if (u < 0x800) {
		b[0] = (char)(0xC0 | u >> 6);
		b[1] = (char)(0x80 | (u & 0x3F));
		k = 2;
	} else if (u < 0x10000) {
		b[0] = (char)(0xE0 | u >> 12);
		b[1] = (char)(0x80 | (u >> 6 & 0x3F));
		b[2] = (char)(0x80 | (u & 0x3F));
		k = 3;
	} else {
		b[0] = (char)(0xF0 | u >> 18);
		b[1] = (char)(0x80 | (u >> 12 & 0x3F));
		b[2] = (char)(0x80 | (u >> 6 & 0x3F));
		b[3] = (char)(0x80 | (u & 0x3F));
		k = 4;
	}
	return ds_text_put(out, b, k);
}

int xls_cur_chars(struct xls_cur *c, size_t cch, int flags, struct ds_text *out)
{
	uint32_t high = 0; /* a surrogate waiting for its pair */
	int rc = ds_text_put(out, "", 0) ? 1 : -1;
	while (rc == 1 && cch) {
		if (!c->left) {
			/* a split inside the characters: the continuation starts
			 * with the flags again, its compression maybe other */
			if (!cur_advance(c) || !c->left)
				return 0;
			flags = c->p[0];
			c->p++;
			c->left--;
			continue;
		}
		uint32_t u;
		if (flags & 1) {
			if (c->left < 2)
				return 0; /* a character split in two: damaged */
			u = xls_u16(c->p);
			c->p += 2;
			c->left -= 2;
		} else {
			u = c->p[0];
			c->p++;
			c->left--;
		}
		cch--;
		if (u >= 0xD800 && u < 0xDC00) {
			if (high && !put_utf8(out, 0xFFFD))
				rc = -1;
			high = u;
			continue;
		}
		if (u >= 0xDC00 && u < 0xE000) {
			u = high ? 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00) : 0xFFFD;
			high = 0;
		} else if (high) {
			if (!put_utf8(out, 0xFFFD))
				rc = -1;
			high = 0;
		}
		if (rc == 1 && !put_utf8(out, u))
			rc = -1;
	}
	if (rc == 1 && high && !put_utf8(out, 0xFFFD))
		rc = -1;
	return rc;
}

/* bytes[0, n) of code page cp as UTF-8: Windows-1252 (and Latin-1, and
 * what iconv does not know) by table, others through iconv. */
static int put_codepage(struct ds_text *out, const unsigned char *b, size_t n, int cp)
{
	static const uint16_t w1252[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
					   0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
					   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
					   0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
	if (cp && cp != 1252 && cp != 367 && cp != 20127 && cp != 28591 && n) {
		char name[24];
		snprintf(name, sizeof name, cp == 10000 || cp == 32768 ? "MACINTOSH" : "CP%d", cp);
		iconv_t cd = iconv_open("UTF-8", name);
		if (cd != (iconv_t)-1) {
			char buf[1024];
			char *in = (char *)b;
			size_t inleft = n;
			int ok = 1;
			while (ok && inleft) {
				char *o = buf;
				size_t oleft = sizeof buf;
				size_t r = iconv(cd, &in, &inleft, &o, &oleft);
				ok = ds_text_put(out, buf, sizeof buf - oleft);
				if (r == (size_t)-1 && o == buf && inleft) {
					/* a byte the code page lacks: a replacement, then on */
					ok = ok && put_utf8(out, 0xFFFD);
					in++;
					inleft--;
				}
			}
			iconv_close(cd);
			return ok;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!put_utf8(out, b[i] >= 0x80 && b[i] < 0xA0 ? w1252[b[i] - 0x80] : b[i]))
			return 0;
	return ds_text_put(out, "", 0);
}

int xls_cur_string(struct xls_cur *c, int count_bytes, struct ds_text *out)
{
	unsigned char h[2] = {0, 0};
	if (!xls_cur_bytes(c, h, (size_t)count_bytes))
		return 0;
	size_t cch = count_bytes == 1 ? h[0] : xls_u16(h);
	if (!c->biff8) {
		/* single bytes, which a CONTINUE may split anywhere */
		unsigned char buf[256];
		struct ds_text raw = {0};
		int rc = 1;
		while (rc == 1 && cch) {
			size_t take = cch < sizeof buf ? cch : sizeof buf;
			if (!xls_cur_bytes(c, buf, take))
				rc = 0;
			else if (!ds_text_put(&raw, (const char *)buf, take))
				rc = -1;
			cch -= take;
		}
		if (rc == 1 && !put_codepage(out, (const unsigned char *)(raw.p ? raw.p : ""), raw.n, c->codepage))
			rc = -1;
		free(raw.p);
		return rc;
	}
	unsigned char flags, run[4];
	if (!xls_cur_bytes(c, &flags, 1))
		return 0;
	size_t runs = 0, ext = 0;
	if (flags & 0x08) {
		if (!xls_cur_bytes(c, run, 2))
			return 0;
		runs = xls_u16(run);
	}
	if (flags & 0x04) {
		if (!xls_cur_bytes(c, run, 4))
			return 0;
		ext = xls_u32(run);
	}
	int rc = xls_cur_chars(c, cch, flags, out);
	if (rc != 1)
		return rc;
	/* formatting runs (4 bytes each), then the phonetic block: not text */
	return xls_cur_bytes(c, NULL, 4 * runs) && xls_cur_bytes(c, NULL, ext) ? 1 : 0;
}

double xls_f64(const unsigned char *p)
{
	uint64_t bits = 0;
	for (int i = 7; i >= 0; i--)
		bits = bits << 8 | p[i];
	double d;
	memcpy(&d, &bits, sizeof d);
	return d;
}

double xls_rk(uint32_t rk)
{
	double v;
	if (rk & 2) {
		v = (double)((int32_t)rk >> 2);
	} else {
		uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
		memcpy(&v, &bits, sizeof v);
	}
	return rk & 1 ? v / 100 : v;
}
