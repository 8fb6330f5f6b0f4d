/*
 * ds_parquet_codec.c - Parquet's page codecs (ds_parquet_codec.h).
 *
 * A page's uncompressed size is in its header, so every codec decodes
 * into a buffer of exactly that size and a page that makes more or less
 * is damaged.
 */
#include "ds_parquet_codec.h"
#include "ds_snappy.h"

#include "config.h"

#include <stdint.h>
#include <string.h>
#include <zlib.h>

#ifdef HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef HAVE_LZ4
#include <lz4.h>
#include <lz4frame.h>
#endif
#ifdef HAVE_BROTLI
#include <brotli/decode.h>
#endif

enum { UNCOMPRESSED, SNAPPY, GZIP, LZO, BROTLI, LZ4, ZSTD, LZ4_RAW };

/* gzip members one after another (or a zlib stream) until out is full. */
static int gunzip(const unsigned char *in, size_t n, unsigned char *out, size_t cap, const char **why)
{
	size_t at = 0, made = 0;
	while (made < cap) {
		z_stream z;
		memset(&z, 0, sizeof z);
		if (inflateInit2(&z, 15 + 32) != Z_OK) {
			*why = "zlib could not start";
			return 0;
		}
		z.next_in = (Bytef *)(uintptr_t)(in + at);
		z.avail_in = (uInt)(n - at > UINT32_MAX ? UINT32_MAX : n - at);
		z.next_out = out + made;
		z.avail_out = (uInt)(cap - made > UINT32_MAX ? UINT32_MAX : cap - made);
		int rc = inflate(&z, Z_FINISH);
		at += (size_t)(z.next_in - (in + at));
		made = (size_t)(z.next_out - out);
		inflateEnd(&z);
		if (rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && made == cap)) {
			*why = "its GZIP data does not inflate";
			return 0;
		}
		if (rc != Z_STREAM_END || at >= n)
			break;
	}
	if (made != cap) {
		*why = "its GZIP data makes less than the page's size";
		return 0;
	}
	return 1;
}

#ifdef HAVE_LZ4
/* Hadoop's framing: blocks of (uncompressed size, compressed size, both
 * 4 bytes big-endian, then an LZ4 block), and within a block more such
 * pairs; 0 when in is not so framed. */
static int hadoop_lz4(const unsigned char *in, size_t n, unsigned char *out, size_t cap)
{
	size_t at = 0, made = 0;
	while (at < n) {
		if (n - at < 8)
			return 0;
		uint32_t raw = (uint32_t)in[at] << 24 | (uint32_t)in[at + 1] << 16 | (uint32_t)in[at + 2] << 8 | in[at + 3];
		uint32_t packed =
			(uint32_t)in[at + 4] << 24 | (uint32_t)in[at + 5] << 16 | (uint32_t)in[at + 6] << 8 | in[at + 7];
		at += 8;
		if (packed > n - at || raw > cap - made || packed > INT32_MAX || raw > INT32_MAX)
			return 0;
		int got = LZ4_decompress_safe((const char *)in + at, (char *)out + made, (int)packed, (int)raw);
		if (got < 0 || (uint32_t)got != raw)
			return 0;
		at += packed;
		made += raw;
	}
	return made == cap;
}

static int lz4_block(const unsigned char *in, size_t n, unsigned char *out, size_t cap)
{
	if (n > INT32_MAX || cap > INT32_MAX)
		return 0;
	int got = LZ4_decompress_safe((const char *)in, (char *)out, (int)n, (int)cap);
	return got >= 0 && (size_t)got == cap;
}

static int lz4_frame(const unsigned char *in, size_t n, unsigned char *out, size_t cap)
{
	LZ4F_dctx *d;
	if (n < 4 || memcmp(in, "\x04\x22\x4D\x18", 4) != 0 ||
	    LZ4F_isError(LZ4F_createDecompressionContext(&d, LZ4F_VERSION)))
		return 0;
	size_t at = 0, made = 0, r = 1;
	while (at < n && made < cap && r) {
		size_t no = cap - made, ni = n - at;
		r = LZ4F_decompress(d, out + made, &no, in + at, &ni, NULL);
		if (LZ4F_isError(r) || (!no && !ni))
			break;
		at += ni;
		made += no;
	}
	LZ4F_freeDecompressionContext(d);
	return !LZ4F_isError(r) && made == cap;
}
#endif

int ds_parquet_decompress(int codec, const unsigned char *in, size_t n, unsigned char *out, size_t cap,
			  const char **why)
{
	switch (codec) {
	case UNCOMPRESSED:
		if (n != cap) {
			*why = "an uncompressed page whose two sizes differ";
			return 0;
		}
		if (n)
			memcpy(out, in, n);
		return 1;
	case SNAPPY:
		return ds_snappy_decode(in, n, out, cap, why);
	case GZIP:
		return gunzip(in, n, out, cap, why);
	case ZSTD:
#ifdef HAVE_ZSTD
	{
		size_t r = ZSTD_decompress(out, cap, in, n);
		if (ZSTD_isError(r) || r != cap) {
			*why = ZSTD_isError(r) ? "its ZSTD data does not decompress" : "its ZSTD data makes less than the page's size";
			return 0;
		}
		return 1;
	}
#else
		*why = "the ZSTD codec, which needs a loglab built with libzstd (libzstd-dev)";
		return -1;
#endif
	case LZ4:
	case LZ4_RAW:
#ifdef HAVE_LZ4
		if ((codec == LZ4 && hadoop_lz4(in, n, out, cap)) || lz4_block(in, n, out, cap) ||
		    (codec == LZ4 && lz4_frame(in, n, out, cap)))
			return 1;
		*why = "its LZ4 data does not decompress";
		return 0;
#else
		*why = codec == LZ4 ? "the LZ4 codec, which needs a loglab built with liblz4 (liblz4-dev)"
				    : "the LZ4_RAW codec, which needs a loglab built with liblz4 (liblz4-dev)";
		return -1;
#endif
	case BROTLI:
#ifdef HAVE_BROTLI
	{
		size_t made = cap;
		if (BrotliDecoderDecompress(n, in, &made, out) != BROTLI_DECODER_RESULT_SUCCESS || made != cap) {
			*why = made != cap ? "its BROTLI data makes another size than the page's"
					   : "its BROTLI data does not decompress";
			return 0;
		}
		return 1;
	}
#else
		*why = "the BROTLI codec, which needs a loglab built with libbrotli (libbrotli-dev)";
		return -1;
#endif
	case LZO:
		*why = "the LZO codec, which loglab does not read (rewrite the file with SNAPPY, GZIP or ZSTD)";
		return -1;
	default:
		*why = "an unknown codec";
		return -1;
	}
}

int ds_parquet_codec_readable(int codec, const char **why)
{
	switch (codec) {
	case UNCOMPRESSED:
	case SNAPPY:
	case GZIP:
		return 1;
#ifdef HAVE_ZSTD
	case ZSTD:
		return 1;
#endif
#ifdef HAVE_LZ4
	case LZ4:
	case LZ4_RAW:
		return 1;
#endif
#ifdef HAVE_BROTLI
	case BROTLI:
		return 1;
#endif
	default:
		/* what the decoder says of a codec it lacks, from an empty page */
		return ds_parquet_decompress(codec, NULL, 0, NULL, 0, why) >= 0;
	}
}
