/*
 * zip_build.h - zip archives written entry by entry in memory, for the
 * tests of the readers of zips and of the formats that are zips (office
 * documents). Stored or deflated members, with the faults tests need: an
 * encrypted flag, a link, a CRC that does not check.
 */
#ifndef ZIP_BUILD_H
#define ZIP_BUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct buf {
	unsigned char *p;
	size_t n, cap;
};

static void put(struct buf *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 4096;
		b->p = realloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

static void le(struct buf *b, uint32_t v, int bytes)
{
	unsigned char c[4];
	for (int i = 0; i < bytes; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	put(b, c, (size_t)bytes);
}

struct zent {
	const char *name;
	const char *data;
	int deflate, encrypted, symlink;
	uint32_t crc_delta; /* added to the CRC written: a damaged member */
};

/* A zip of the entries: local headers and data, then the directory.
 * lens[i]: the bytes of entry i's data (binary parts, stored), or lens
 * NULL: every entry is text, up to its NUL. */
static void zip_of_lens(struct buf *b, const struct zent *e, const size_t *lens, size_t n)
{
	uint32_t off[16], csz[16], crc[16], usz[16];
	unsigned char packed[16][4096];
	for (size_t i = 0; i < n; i++) {
		size_t len = lens ? lens[i] : strlen(e[i].data);
		usz[i] = (uint32_t)len;
		crc[i] = (uint32_t)crc32(0, (const Bytef *)e[i].data, (uInt)len) + e[i].crc_delta;
		if (e[i].deflate) {
			z_stream z;
			memset(&z, 0, sizeof z);
			deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
			z.next_in = (Bytef *)e[i].data;
			z.avail_in = (uInt)len;
			z.next_out = packed[i];
			z.avail_out = sizeof packed[i];
			deflate(&z, Z_FINISH);
			csz[i] = (uint32_t)(sizeof packed[i] - z.avail_out);
			deflateEnd(&z);
		} else {
			csz[i] = (uint32_t)len; /* written from the entry itself, below */
		}
		off[i] = (uint32_t)b->n;
		le(b, 0x04034b50, 4);
		le(b, 20, 2);
		le(b, e[i].encrypted ? 1 : 0, 2);
		le(b, e[i].deflate ? 8 : 0, 2);
		le(b, 0, 2);
		le(b, (44 << 9) | (1 << 5) | 1, 2); /* 2024-01-01 */
		le(b, crc[i], 4);
		le(b, csz[i], 4);
		le(b, (uint32_t)len, 4);
		le(b, (uint32_t)strlen(e[i].name), 2);
		le(b, 0, 2);
		put(b, e[i].name, strlen(e[i].name));
		put(b, e[i].deflate ? (const void *)packed[i] : (const void *)e[i].data, csz[i]);
	}
	size_t cd = b->n;
	for (size_t i = 0; i < n; i++) {
		le(b, 0x02014b50, 4);
		le(b, (3 << 8) | 20, 2); /* made by unix */
		le(b, 20, 2);
		le(b, e[i].encrypted ? 1 : 0, 2);
		le(b, e[i].deflate ? 8 : 0, 2);
		le(b, 0, 2);
		le(b, (44 << 9) | (1 << 5) | 1, 2);
		le(b, crc[i], 4);
		le(b, csz[i], 4);
		le(b, usz[i], 4);
		le(b, (uint32_t)strlen(e[i].name), 2);
		le(b, 0, 2);
		le(b, 0, 2);
		le(b, 0, 2);
		le(b, 0, 2);
		le(b, (uint32_t)(e[i].symlink ? 0120777 : 0100644) << 16, 4);
		le(b, off[i], 4);
		put(b, e[i].name, strlen(e[i].name));
	}
	size_t cdlen = b->n - cd;
	le(b, 0x06054b50, 4);
	le(b, 0, 2);
	le(b, 0, 2);
	le(b, (uint32_t)n, 2);
	le(b, (uint32_t)n, 2);
	le(b, (uint32_t)cdlen, 4);
	le(b, (uint32_t)cd, 4);
	le(b, 0, 2);
}

static inline void zip_of(struct buf *b, const struct zent *e, size_t n)
{
	zip_of_lens(b, e, NULL, n);
}

#endif
