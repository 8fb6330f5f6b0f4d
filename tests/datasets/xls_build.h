/*
 * xls_build.h - legacy and binary Excel workbooks written byte by byte
 * for the tests of their readers (ds_xls.c, ds_xlsb.c): BIFF records, a
 * compound file of one stream (in the FAT's sectors, or in the mini stream
 * when short) and BIFF12 records (zip_build.h zips them).
 */
#ifndef XLS_BUILD_H
#define XLS_BUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "zip_build.h"

struct xb {
	unsigned char *p;
	size_t n, cap;
};

static void xb_put(struct xb *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 4096;
		b->p = realloc(b->p, b->cap);
	}
	if (n)
		memcpy(b->p + b->n, d, n);
	b->n += n;
}

static void xb_le(struct xb *b, uint64_t v, int bytes)
{
	unsigned char c[8];
	for (int i = 0; i < bytes; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	xb_put(b, c, (size_t)bytes);
}

static void xb_zero(struct xb *b, size_t n)
{
	while (n--)
		xb_le(b, 0, 1);
}

static void xb_set32(struct xb *b, size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b->p[at + (size_t)i] = (unsigned char)(v >> (8 * i));
}

static void xb_f64(struct xb *b, double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	xb_le(b, bits, 8);
}

/* A BIFF record of data d[0, n). */
static void biff(struct xb *b, unsigned type, const void *d, size_t n)
{
	xb_le(b, type, 2);
	xb_le(b, n, 2);
	xb_put(b, d, n);
}

/* A record whose data is built in r. */
static void biff_of(struct xb *b, unsigned type, struct xb *r)
{
	biff(b, type, r->p, r->n);
	r->n = 0;
}

/* row, column, XF: the start of a cell record */
static void cell_head(struct xb *r, unsigned row, unsigned col, unsigned xf)
{
	xb_le(r, row, 2);
	xb_le(r, col, 2);
	xb_le(r, xf, 2);
}

/* An XLUnicodeString (count of 2 bytes) of ASCII s, compressed. */
static void ustr(struct xb *r, const char *s)
{
	xb_le(r, strlen(s), 2);
	xb_le(r, 0, 1);
	xb_put(r, s, strlen(s));
}

/* An RK integer. */
static uint32_t rk_int(int32_t v)
{
	return ((uint32_t)v << 2) | 2;
}

/* A compound file (version 3, 512-byte sectors) holding one stream called
 * name (ASCII) of data[0, n): in the FAT's sectors from 4096 bytes on,
 * else in the mini stream. Sector 0 the FAT, 1 the directory, 2 the mini
 * FAT (short streams), then the data. */
static void cfb_of(struct xb *out, const char *name, const unsigned char *data, size_t n)
{
	int mini = n < 4096;
	size_t first = mini ? 3 : 2;
	size_t k = (n + 511) / 512; /* data sectors */
	size_t nsect = first + (k ? k : 1);
	xb_put(out, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	xb_zero(out, 16);
	xb_le(out, 0x3E, 2);
	xb_le(out, 3, 2);
	xb_le(out, 0xFFFE, 2);
	xb_le(out, 9, 2);
	xb_le(out, 6, 2);
	xb_zero(out, 6);
	xb_le(out, 0, 4);    /* directory sectors (v3: 0) */
	xb_le(out, 1, 4);    /* FAT sectors */
	xb_le(out, 1, 4);    /* first directory sector */
	xb_le(out, 0, 4);    /* transaction */
	xb_le(out, 4096, 4); /* mini stream cutoff */
	xb_le(out, mini ? 2 : 0xFFFFFFFEu, 4);
	xb_le(out, mini ? 1 : 0, 4);
	xb_le(out, 0xFFFFFFFEu, 4); /* no DIFAT sectors */
	xb_le(out, 0, 4);
	xb_le(out, 0, 4); /* the FAT is sector 0 */
	for (int i = 1; i < 109; i++)
		xb_le(out, 0xFFFFFFFFu, 4);
	/* sector 0: the FAT */
	size_t fat = out->n;
	for (size_t i = 0; i < 128; i++)
		xb_le(out, i < nsect ? 0xFFFFFFFEu : 0xFFFFFFFFu, 4);
	xb_set32(out, fat, 0xFFFFFFFDu);
	for (size_t i = first; i + 1 < first + k; i++)
		xb_set32(out, fat + 4 * i, (uint32_t)i + 1);
	/* sector 1: the directory: the root, the stream, two empty entries */
	for (int e = 0; e < 4; e++) {
		const char *nm = e == 0 ? "Root Entry" : e == 1 ? name : "";
		for (size_t i = 0; i < 32; i++)
			xb_le(out, i < strlen(nm) ? (unsigned char)nm[i] : 0, 2);
		xb_le(out, *nm ? 2 * (strlen(nm) + 1) : 0, 2);
		xb_le(out, e == 0 ? 5 : e == 1 ? 2 : 0, 1);
		xb_le(out, 1, 1);
		xb_le(out, 0xFFFFFFFFu, 4);
		xb_le(out, 0xFFFFFFFFu, 4);
		xb_le(out, e == 0 ? 1 : 0xFFFFFFFFu, 4);
		xb_zero(out, 16 + 4 + 16);
		if (e == 0) {
			xb_le(out, mini && n ? first : 0xFFFFFFFEu, 4);
			xb_le(out, mini ? ((n + 63) / 64) * 64 : 0, 8);
		} else if (e == 1) {
			xb_le(out, mini ? 0 : first, 4);
			xb_le(out, n, 8);
		} else {
			xb_zero(out, 12);
		}
	}
	if (mini) { /* sector 2: the mini FAT */
		size_t m = (n + 63) / 64;
		for (size_t i = 0; i < 128; i++)
			xb_le(out, i + 1 < m ? i + 1 : i < m ? 0xFFFFFFFEu : 0xFFFFFFFFu, 4);
	}
	size_t from = out->n;
	xb_put(out, data, n);
	while ((out->n - from) % 512 || out->n == from)
		xb_le(out, 0, 1);
}

/* BIFF12: a record's type and size, 7 bits a byte. */
static void b12_num(struct xb *b, size_t v, int max)
{
	for (int i = 0; i < max; i++) {
		unsigned char c = (unsigned char)(v & 0x7F);
		v >>= 7;
		if (v)
			c |= 0x80;
		xb_put(b, &c, 1);
		if (!v)
			break;
	}
}

static void b12(struct xb *b, unsigned type, const struct xb *r)
{
	b12_num(b, type, 2);
	b12_num(b, r ? r->n : 0, 4);
	if (r)
		xb_put(b, r->p, r->n);
}

/* An XLWideString of ASCII s. */
static void wstr(struct xb *r, const char *s)
{
	xb_le(r, strlen(s), 4);
	for (size_t i = 0; i < strlen(s); i++)
		xb_le(r, (unsigned char)s[i], 2);
}

/* A BIFF12 cell's start: column, style. */
static void b12_cell(struct xb *r, uint32_t col, uint32_t style)
{
	r->n = 0;
	xb_le(r, col, 4);
	xb_le(r, style, 4);
}

#endif
