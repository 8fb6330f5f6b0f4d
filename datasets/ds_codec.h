/*
 * ds_codec.h - the compressed files loglab reads: gzip (zlib), bzip2, xz,
 * zstd, lz4, lzma (the format before xz) and Unix compress (.Z), told by
 * their first bytes, never by the file's name (rotated logs are named
 * kern.log.2.gz, kern.log-20240101.xz or nothing at all).
 *
 * bzip2, xz and lzma, zstd and lz4 are built in when configure finds
 * libbz2, liblzma, libzstd and liblz4 (the README's set-up installs them);
 * a build without one names the codec, the package to build with and the
 * command that decompresses the file. gzip and compress (ds_lzw.h) are
 * always in.
 *
 * A decoder turns the whole compressed input (mapped: every caller has it
 * at once) into text a slice at a time. Concatenated members, streams and
 * frames (`cat a.gz b.gz`, pbzip2, pixz, zstd -T) are one text; zero bytes
 * padding the end (tape blocks, preallocated files) are ignored.
 */
#ifndef DS_CODEC_H
#define DS_CODEC_H

#include <stddef.h>

#include "ll_err.h"

enum ds_codec_kind {
	DS_CODEC_PLAIN = 0,
	DS_CODEC_GZIP,
	DS_CODEC_BZIP2,
	DS_CODEC_XZ,
	DS_CODEC_ZSTD,
	DS_CODEC_LZ4,
	DS_CODEC_LZMA,
	DS_CODEC_COMPRESS,
	DS_CODEC_LAST = DS_CODEC_COMPRESS
};

/* The first bytes a sniff needs to tell every codec (an lzma header is 13
 * bytes, and the data's first byte is checked too). */
#define DS_CODEC_SNIFF_LEN 16

/* The codec whose magic bytes begin b[0, n); DS_CODEC_PLAIN for none. A
 * shorter n than DS_CODEC_SNIFF_LEN may miss an lzma file. */
enum ds_codec_kind ds_codec_sniff(const unsigned char *b, size_t n);

/* The codec of the file at path, by its first bytes; DS_CODEC_PLAIN for
 * none, and for a file that cannot be read. */
enum ds_codec_kind ds_codec_of_file(const char *path);

/* Up to cap bytes of the file at path as text: decoded as far as that when
 * compressed (what a format sniffer should see), read as is otherwise; -1
 * when it cannot be read. */
long ds_codec_read_head(const char *path, char *buf, size_t cap);

/* "gzip", "bzip2", "xz", "zstd", "lz4", "lzma", "compress" ("plain" for
 * DS_CODEC_PLAIN). */
const char *ds_codec_name(enum ds_codec_kind k);

/* 1 when this build decodes k (always for plain, gzip and compress). */
int ds_codec_available(enum ds_codec_kind k);

/* LL_EDATA naming path, its codec, the package this build lacked and the
 * command that decompresses it, for a codec this build lacks. */
int ds_codec_missing(enum ds_codec_kind k, const char *path, struct ll_err *err);

struct ds_decoder;

/* A decoder of kind k for the file path (named in messages); NULL with err
 * set when the codec is not built in or its library fails to start. */
struct ds_decoder *ds_decoder_new(enum ds_codec_kind k, const char *path, struct ll_err *err);

/* Decodes from in[0, n), the rest of the input (all of it: the decoder
 * tells the end of the data from the end of a member by it), into
 * out[0, cap). *used and *made get the bytes taken and written; *end is
 * set once the last member has ended and only zero padding, if anything,
 * is left (compress has no end mark: its end is the input's). LL_EDATA
 * with "truncated CODEC" when the input runs out inside a member, or
 * "corrupt CODEC data at compressed byte N" (N counted over every call;
 * "within compressed bytes N-M" for zstd and lz4, whose libraries say no
 * closer) when it is not that codec's data; LL_ENOMEM. */
int ds_decoder_run(struct ds_decoder *d, const unsigned char *in, size_t n, size_t *used, unsigned char *out,
		   size_t cap, size_t *made, int *end, struct ll_err *err);

/* Compressed bytes taken so far, over every call. */
size_t ds_decoder_consumed(const struct ds_decoder *d);

void ds_decoder_free(struct ds_decoder *d);

#endif
