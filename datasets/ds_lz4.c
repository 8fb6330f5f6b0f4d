/*
 * ds_lz4.c - lz4 files through liblz4 (see ds_lz4.h).
 *
 * liblz4's frame decoder takes frames and skippable frames one after
 * another by itself; the legacy format (a magic, then blocks of a 4-byte
 * size and up to 8 MiB of independent lz4 data, to the end of the file or
 * the next magic) has no decoder there beyond one block's, so its framing
 * is read here.
 */
#include "ds_lz4.h"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LZ4
#include <lz4.h>
#include <lz4frame.h>
#endif

#define FRAME_MAGIC 0x184D2204u
#define LEGACY_MAGIC 0x184C2102u
#define LEGACY_BLOCK ((size_t)8 << 20)
/* liblz4 reports no position with an error: small calls say where */
#define FRAME_CALL_IN ((size_t)128 << 10)

static uint32_t le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static int is_magic(uint32_t m)
{
	return m == FRAME_MAGIC || m == LEGACY_MAGIC || (m & 0xFFFFFFF0u) == 0x184D2A50u;
}

int ds_lz4_sniff(const unsigned char *b, size_t n)
{
	return n >= 4 && is_magic(le32(b));
}

#ifdef HAVE_LZ4

enum mode { AT_MAGIC, IN_FRAME, IN_LEGACY };

struct ds_lz4 {
	LZ4F_dctx *dctx;
	enum mode mode;
	unsigned char *block; /* a legacy block's text; block[pos, len) not yet given out */
	size_t pos, len, span;
	const char *why;
};

struct ds_lz4 *ds_lz4_new(void)
{
	struct ds_lz4 *z = calloc(1, sizeof *z);
	if (!z)
		return NULL;
	if (LZ4F_isError(LZ4F_createDecompressionContext(&z->dctx, LZ4F_VERSION))) {
		free(z);
		return NULL;
	}
	z->why = "";
	return z;
}

void ds_lz4_free(struct ds_lz4 *z)
{
	if (!z)
		return;
	LZ4F_freeDecompressionContext(z->dctx);
	free(z->block);
	free(z);
}

const char *ds_lz4_why(const struct ds_lz4 *z)
{
	return z->why;
}

size_t ds_lz4_span(const struct ds_lz4 *z)
{
	return z->span;
}

static int only_zeros(const unsigned char *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (in[i])
			return 0;
	return 1;
}

static enum ds_lz4_status corrupt(struct ds_lz4 *z, const char *why, size_t at, size_t span, size_t *used)
{
	z->why = why;
	z->span = span;
	*used = at;
	return DS_LZ4_CORRUPT;
}

enum ds_lz4_status ds_lz4_run(struct ds_lz4 *z, const unsigned char *in, size_t n, size_t *used, unsigned char *out,
			      size_t cap, size_t *made)
{
	size_t p = 0;
	*made = 0;
	for (;;) {
		size_t give = z->len - z->pos < cap - *made ? z->len - z->pos : cap - *made;
		if (give) /* no block yet (a frame): block is NULL */
			memcpy(out + *made, z->block + z->pos, give);
		z->pos += give;
		*made += give;
		*used = p;
		if (z->pos < z->len || *made == cap)
			return DS_LZ4_OK;
		if (z->mode != IN_FRAME) {
			/* between frames or legacy blocks: zero padding ends the data */
			if (only_zeros(in + p, n - p)) {
				*used = n;
				return DS_LZ4_END;
			}
			if (n - p < 4)
				return DS_LZ4_TRUNCATED;
			uint32_t m = le32(in + p);
			if (z->mode == AT_MAGIC || is_magic(m)) {
				if (m == LEGACY_MAGIC) {
					z->mode = IN_LEGACY;
					p += 4;
				} else {
					/* the frame decoder checks the magic itself */
					z->mode = IN_FRAME;
				}
				continue;
			}
			if (m > (uint32_t)LZ4_compressBound((int)LEGACY_BLOCK))
				return corrupt(z, "a legacy block larger than the format allows", p, 4, used);
			if (m > n - p - 4)
				return DS_LZ4_TRUNCATED;
			if (!z->block && !(z->block = malloc(LEGACY_BLOCK)))
				return DS_LZ4_NOMEM;
			int r = LZ4_decompress_safe((const char *)in + p + 4, (char *)z->block, (int)m, (int)LEGACY_BLOCK);
			if (r < 0)
				return corrupt(z, "an invalid legacy block", p + 4, m, used);
			z->pos = 0;
			z->len = (size_t)r;
			p += 4 + m;
			continue;
		}
		size_t ni = n - p < FRAME_CALL_IN ? n - p : FRAME_CALL_IN, no = cap - *made;
		size_t r = LZ4F_decompress(z->dctx, out + *made, &no, in + p, &ni, NULL);
		if (LZ4F_isError(r)) {
			LZ4F_resetDecompressionContext(z->dctx);
			return corrupt(z, LZ4F_getErrorName(r), p, n - p < FRAME_CALL_IN ? n - p : FRAME_CALL_IN, used);
		}
		p += ni;
		*made += no;
		*used = p;
		if (r == 0) {
			z->mode = AT_MAGIC;
			continue;
		}
		if (!ni && !no)
			return p == n ? DS_LZ4_TRUNCATED : corrupt(z, "no progress", p, 0, used);
	}
}

#else

struct ds_lz4 *ds_lz4_new(void)
{
	return NULL;
}

void ds_lz4_free(struct ds_lz4 *z)
{
	(void)z;
}

enum ds_lz4_status ds_lz4_run(struct ds_lz4 *z, const unsigned char *in, size_t n, size_t *used, unsigned char *out,
			      size_t cap, size_t *made)
{
	(void)z, (void)in, (void)n, (void)out, (void)cap;
	*used = *made = 0;
	return DS_LZ4_CORRUPT;
}

const char *ds_lz4_why(const struct ds_lz4 *z)
{
	(void)z;
	return "lz4 is not built in";
}

size_t ds_lz4_span(const struct ds_lz4 *z)
{
	(void)z;
	return 0;
}

#endif
