/*
 * ds_parquet_levels.h - Parquet's bit-level encodings: the RLE/bit-packed
 * hybrid (definition levels, dictionary indices, RLE booleans), the old
 * BIT_PACKED levels and DELTA_BINARY_PACKED integers. Each reads from a
 * bounded buffer and fails, never reads past it.
 */
#ifndef DS_PARQUET_LEVELS_H
#define DS_PARQUET_LEVELS_H

#include <stddef.h>
#include <stdint.h>

/* The RLE/bit-packed hybrid: runs of one value (a varint header with the
 * low bit 0 and the count above it, then the value in whole bytes) and
 * groups of 8 values packed in width bits each, least significant first
 * (header low bit 1, the number of groups above it). */
struct pq_rle {
	const unsigned char *p;
	size_t n, at;
	int width;          /* 0 to 32 bits */
	uint64_t left;      /* values left in the current run or packed groups */
	int packed;         /* the current run is bit-packed */
	uint32_t value;     /* a repeated run's value */
	size_t bit;         /* a packed run's next bit (from p + at) */
};

void ds_pq_rle_init(struct pq_rle *r, const unsigned char *p, size_t n, int width);
/* The next value; 0 when the data ends or is malformed. */
int ds_pq_rle_next(struct pq_rle *r, uint32_t *v);

/* Decodes count DELTA_BINARY_PACKED values into out[0, count) from
 * p[0, n), which must announce exactly count values; *used the bytes
 * taken. 0 (and *why) when malformed. */
int ds_pq_delta_decode(const unsigned char *p, size_t n, int64_t *out, size_t count, size_t *used, const char **why);

/* The bits needed for values up to max. */
int ds_pq_bit_width(uint32_t max);

#endif
