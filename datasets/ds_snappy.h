/*
 * ds_snappy.h - raw Snappy blocks decompressed (Parquet's SNAPPY codec:
 * one block a page, no framing).
 */
#ifndef DS_SNAPPY_H
#define DS_SNAPPY_H

#include <stddef.h>

/* The uncompressed length a block announces; 0 when its preamble does not
 * decode. */
int ds_snappy_length(const unsigned char *in, size_t n, size_t *len);

/* Decompresses the block in[0, n) into out[0, cap); 1 when it decodes to
 * exactly cap bytes (cap from ds_snappy_length), else 0 (and *why says
 * what was wrong). Never reads or writes out of bounds. */
int ds_snappy_decode(const unsigned char *in, size_t n, unsigned char *out, size_t cap, const char **why);

#endif
