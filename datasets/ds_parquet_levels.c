/*
 * ds_parquet_levels.c - the hybrid run-length and delta bit-packings
 * (ds_parquet_levels.h).
 */
#include "ds_parquet_levels.h"

static int varint(const unsigned char *p, size_t n, size_t *at, uint64_t *v)
{
	uint64_t r = 0;
	for (int shift = 0; shift < 64 && *at < n; shift += 7) {
		unsigned char b = p[(*at)++];
		r |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80)) {
			*v = r;
			return 1;
		}
	}
	return 0;
}

int ds_pq_bit_width(uint32_t max)
{
	int w = 0;
	while (max) {
		w++;
		max >>= 1;
	}
	return w;
}

void ds_pq_rle_init(struct pq_rle *r, const unsigned char *p, size_t n, int width)
{
	*r = (struct pq_rle){.p = p, .n = n, .width = width};
}

/* width bits from bit offset bit of p (least significant first). */
static uint64_t bits_at(const unsigned char *p, size_t bit, int width)
{
	uint64_t v = 0;
	for (int got = 0; got < width;) {
		size_t byte = bit >> 3;
		int off = (int)(bit & 7), take = 8 - off < width - got ? 8 - off : width - got;
		v |= (uint64_t)((p[byte] >> off) & ((1u << take) - 1)) << got;
		got += take;
		bit += (size_t)take;
	}
	return v;
}

int ds_pq_rle_next(struct pq_rle *r, uint32_t *v)
{
	if (r->width < 0 || r->width > 32)
		return 0;
	while (!r->left) {
		if (r->packed) {
			/* past the packed groups, whole bytes */
			r->at += (r->bit + 7) / 8;
			r->packed = 0;
		}
		uint64_t h;
		if (r->at >= r->n || !varint(r->p, r->n, &r->at, &h))
			return 0;
		if (h & 1) {
			/* each value's bytes are checked as it is read */
			r->left = (h >> 1) * 8;
			r->packed = 1;
			r->bit = 0;
		} else {
			size_t bytes = (size_t)(r->width + 7) / 8;
			if (r->n - r->at < bytes)
				return 0;
			r->value = 0;
			for (size_t i = 0; i < bytes; i++)
				r->value |= (uint32_t)r->p[r->at + i] << (8 * i);
			r->at += bytes;
			r->left = h >> 1;
			r->packed = 0;
		}
	}
	if (r->packed) {
		if (((r->bit + (size_t)r->width + 7) / 8) > r->n - r->at)
			return 0;
		*v = (uint32_t)bits_at(r->p + r->at, r->bit, r->width);
		r->bit += (size_t)r->width;
	} else {
		*v = r->value;
	}
	r->left--;
	return 1;
}

int ds_pq_delta_decode(const unsigned char *p, size_t n, int64_t *out, size_t count, size_t *used, const char **why)
{
	size_t at = 0;
	uint64_t block, minis, total, first;
	if (!varint(p, n, &at, &block) || !varint(p, n, &at, &minis) || !varint(p, n, &at, &total) ||
	    !varint(p, n, &at, &first)) {
		*why = "a DELTA_BINARY_PACKED header that ends early";
		return 0;
	}
	if (!block || block % 128 || !minis || block % minis || (block / minis) % 32 || minis > block) {
		*why = "a DELTA_BINARY_PACKED header with impossible block sizes";
		return 0;
	}
	if (total != count) {
		*why = "a DELTA_BINARY_PACKED run of another number of values than the page's";
		return 0;
	}
	uint64_t per_mini = block / minis;
	uint64_t prev = (first >> 1) ^ -(first & 1);
	size_t got = 0;
	if (count)
		out[got++] = (int64_t)prev;
	while (got < count) {
		uint64_t zz;
		if (!varint(p, n, &at, &zz) || n - at < minis) {
			*why = "a DELTA_BINARY_PACKED block that ends early";
			return 0;
		}
		uint64_t min_delta = (zz >> 1) ^ -(zz & 1);
		const unsigned char *widths = p + at;
		at += (size_t)minis;
		for (uint64_t m = 0; m < minis && got < count; m++) {
			int w = widths[m];
			size_t bytes = (size_t)(per_mini * (uint64_t)w / 8);
			if (w > 64 || bytes > n - at) {
				*why = "a DELTA_BINARY_PACKED miniblock past the page's end";
				return 0;
			}
			for (uint64_t i = 0; i < per_mini && got < count; i++) {
				uint64_t d = w ? bits_at(p + at, (size_t)(i * (uint64_t)w), w) : 0;
				/* wrapping arithmetic, as the writer's */
				prev = prev + min_delta + d;
				out[got++] = (int64_t)prev;
			}
			at += bytes;
		}
	}
	*used = at;
	return 1;
}
