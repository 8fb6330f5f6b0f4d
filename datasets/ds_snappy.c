/*
 * ds_snappy.c - raw Snappy decompression (ds_snappy.h).
 *
 * A block is its uncompressed length (a varint) then elements, each a tag
 * byte whose low two bits say: a literal (its length in the tag, or in 1-4
 * bytes after it, then the bytes), or a copy of earlier output (length and
 * offset in the tag and 1, 2 or 4 bytes after it). A copy may overlap
 * what it writes (offset < length repeats a pattern), so it goes byte by
 * byte then.
 */
#include "ds_snappy.h"

#include <stdint.h>
#include <string.h>

static size_t varint(const unsigned char *in, size_t n, uint64_t *v)
{
	uint64_t r = 0;
	for (size_t i = 0; i < n && i < 10; i++) {
		r |= (uint64_t)(in[i] & 0x7F) << (7 * i);
		if (!(in[i] & 0x80)) {
			*v = r;
			return i + 1;
		}
	}
	return 0;
}

int ds_snappy_length(const unsigned char *in, size_t n, size_t *len)
{
	uint64_t v;
	if (!varint(in, n, &v) || v > SIZE_MAX / 2)
		return 0;
	*len = (size_t)v;
	return 1;
}

/* A little-endian number of k bytes at in. */
static uint32_t le(const unsigned char *in, size_t k)
{
	uint32_t v = 0;
	for (size_t i = k; i-- > 0;)
		v = v << 8 | in[i];
	return v;
}

int ds_snappy_decode(const unsigned char *in, size_t n, unsigned char *out, size_t cap, const char **why)
{
	uint64_t total;
	size_t at = varint(in, n, &total), o = 0;
	if (!at || total != cap) {
		*why = "its announced length does not fit";
		return 0;
	}
	while (at < n) {
		unsigned char tag = in[at++];
		size_t len, off = 0;
		if ((tag & 3) == 0) {
			len = (size_t)(tag >> 2) + 1;
			if (len > 60) {
				size_t k = len - 60;
				if (n - at < k) {
					*why = "it ends inside a literal's length";
					return 0;
				}
				len = (size_t)le(in + at, k) + 1;
				at += k;
			}
			if (len > n - at || len > cap - o) {
				*why = "a literal runs past the end";
				return 0;
			}
			memcpy(out + o, in + at, len);
			at += len;
			o += len;
			continue;
		}
		size_t k = (tag & 3) == 1 ? 1 : (tag & 3) == 2 ? 2 : 4;
		if (n - at < k) {
			*why = "it ends inside a copy";
			return 0;
		}
		if ((tag & 3) == 1) {
			len = 4 + ((tag >> 2) & 7);
			off = (size_t)(tag >> 5) << 8 | in[at];
		} else {
			len = (size_t)(tag >> 2) + 1;
			off = le(in + at, k);
		}
		at += k;
		if (off == 0 || off > o || len > cap - o) {
			*why = "a copy reaches outside the output";
			return 0;
		}
		if (off >= len) {
			memcpy(out + o, out + o - off, len);
		} else {
			for (size_t i = 0; i < len; i++)
				out[o + i] = out[o - off + i];
		}
		o += len;
	}
	if (o != cap) {
		*why = "it holds less than its announced length";
		return 0;
	}
	return 1;
}
