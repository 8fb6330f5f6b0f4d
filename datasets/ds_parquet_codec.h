/*
 * ds_parquet_codec.h - a Parquet page's compressed bytes made plain:
 * UNCOMPRESSED, SNAPPY (ds_snappy.h), GZIP (zlib; concatenated members),
 * ZSTD (libzstd), LZ4_RAW and the deprecated LZ4 (Hadoop's framing, or a
 * bare block as some writers made it; liblz4). ZSTD and LZ4 need their
 * library at build time; BROTLI and LZO are not read.
 */
#ifndef DS_PARQUET_CODEC_H
#define DS_PARQUET_CODEC_H

#include <stddef.h>

/* Decompresses in[0, n) with codec into out[0, cap): 1 when it makes
 * exactly cap bytes; 0 when the data does not decode (*why says how); -1
 * when this build does not read the codec (*why names it and what is
 * missing). */
int ds_parquet_decompress(int codec, const unsigned char *in, size_t n, unsigned char *out, size_t cap,
			  const char **why);

/* 1 when this build reads codec; else 0 with *why as above. */
int ds_parquet_codec_readable(int codec, const char **why);

#endif
