/*
 * ds_codec.c - decoders of gzip, bzip2, xz, zstd, lz4, lzma and compress
 * behind one loop (see ds_codec.h).
 *
 * Each library counts its input in its own width (zlib and bzip2 in 32
 * bits): a call hands it at most 1 GiB, and the caller's loop comes back.
 */
#include "ds_codec.h"
#include "ds_lz4.h"
#include "ds_lzw.h"

#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#ifdef HAVE_BZIP2
#include <bzlib.h>
#endif
#ifdef HAVE_LZMA
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#define CALL_MAX ((size_t)1 << 30)
#define ZSTD_CALL_IN ((size_t)128 << 10)
/* What an xz or lzma stream may make its decoder allocate: xz -9 needs 65
 * MiB; a stream asking for more is refused rather than allowed to take the
 * machine (zstd refuses windows past 128 MiB by itself, and an lz4 block is
 * at most 8 MiB). */
#define XZ_MEMLIMIT ((uint64_t)1 << 30)

struct ds_decoder {
	enum ds_codec_kind kind;
	const char *path;
	size_t consumed, produced;
	int started; /* a member has begun (its state must be reset before the next) */
	z_stream z;
#ifdef HAVE_BZIP2
	bz_stream bz;
#endif
#ifdef HAVE_LZMA
	lzma_stream xz;
#endif
#ifdef HAVE_ZSTD
	ZSTD_DStream *zs;
#endif
	struct ds_lz4 *lz4;
	struct ds_lzw *lzw;
};

static uint64_t le(const unsigned char *b, int n)
{
	uint64_t v = 0;
	for (int i = n; i-- > 0;)
		v = v << 8 | b[i];
	return v;
}

/* An lzma header as xz and the LZMA SDK write it, strictly enough that
 * text never matches: a properties byte, a dictionary size that is 2^n or
 * 3 * 2^n (a text has no NUL bytes, these have two or more), a size that
 * is unknown (all ones) or below 256 GiB, and the range coder's first byte,
 * always 0. */
static int lzma_alone_start(const unsigned char *b, size_t n)
{
	if (n < 14 || b[0] > (4 * 5 + 4) * 9 + 8 || b[13] != 0)
		return 0;
	uint32_t dict = (uint32_t)le(b + 1, 4);
	uint32_t base = dict % 3 == 0 ? dict / 3 : dict;
	if (dict != UINT32_MAX && (base == 0 || (base & (base - 1)) != 0))
		return 0;
	uint64_t size = le(b + 5, 8);
	return size == UINT64_MAX || size < (uint64_t)1 << 38;
}

enum ds_codec_kind ds_codec_sniff(const unsigned char *b, size_t n)
{
	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return DS_CODEC_GZIP;
	if (n >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' && b[3] >= '1' && b[3] <= '9')
		return DS_CODEC_BZIP2;
	if (n >= 6 && memcmp(b, "\xFD" "7zXZ\0", 6) == 0)
		return DS_CODEC_XZ;
	if (n >= 4 && b[0] == 0x28 && b[1] == 0xB5 && b[2] == 0x2F && b[3] == 0xFD)
		return DS_CODEC_ZSTD;
	if (ds_lz4_sniff(b, n))
		return DS_CODEC_LZ4;
	if (ds_lzw_sniff(b, n))
		return DS_CODEC_COMPRESS;
	if (lzma_alone_start(b, n))
		return DS_CODEC_LZMA;
	return DS_CODEC_PLAIN;
}

enum ds_codec_kind ds_codec_of_file(const char *path)
{
	unsigned char m[DS_CODEC_SNIFF_LEN];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return DS_CODEC_PLAIN;
	ssize_t got = read(fd, m, sizeof m);
	close(fd);
	return got > 0 ? ds_codec_sniff(m, (size_t)got) : DS_CODEC_PLAIN;
}

/* Compressed bytes read to decode a head: far more than a sniff's text
 * ever takes. */
#define CODED_HEAD_BYTES (1024 * 1024)

/* Up to cap bytes of the file at path compressed with codec k, decoded;
 * -1 when it cannot be read or decoded. */
static long decode_head(const char *path, enum ds_codec_kind k, char *buf, size_t cap)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *in = fp ? malloc(CODED_HEAD_BYTES) : NULL;
	size_t n = in ? fread(in, 1, CODED_HEAD_BYTES, fp) : 0;
	if (fp)
		fclose(fp);
	struct ll_err err;
	struct ds_decoder *d = in ? ds_decoder_new(k, path, &err) : NULL;
	size_t taken = 0, made = 0;
	int end = 0;
	while (d && made < cap && !end) {
		size_t used = 0, got = 0;
		/* a head cut from a longer file ends inside the data: what was
		 * decoded before is the head all the same */
		if (ds_decoder_run(d, in + taken, n - taken, &used, (unsigned char *)buf + made, cap - made, &got, &end,
				   &err) != LL_OK || (!used && !got))
			break;
		taken += used;
		made += got;
	}
	long got = d ? (long)made : -1;
	ds_decoder_free(d);
	free(in);
	return got;
}

long ds_codec_read_head(const char *path, char *buf, size_t cap)
{
	enum ds_codec_kind k = ds_codec_of_file(path);
	if (k != DS_CODEC_PLAIN && k != DS_CODEC_GZIP && ds_codec_available(k))
		return decode_head(path, k, buf, cap);
	gzFile g = gzopen(path, "rb");
	if (!g)
		return -1;
	int n = gzread(g, buf, (unsigned)cap);
	gzclose(g);
	return n;
}

const char *ds_codec_name(enum ds_codec_kind k)
{
	switch (k) {
	case DS_CODEC_GZIP:
		return "gzip";
	case DS_CODEC_BZIP2:
		return "bzip2";
	case DS_CODEC_XZ:
		return "xz";
	case DS_CODEC_ZSTD:
		return "zstd";
	case DS_CODEC_LZ4:
		return "lz4";
	case DS_CODEC_LZMA:
		return "lzma";
	case DS_CODEC_COMPRESS:
		return "compress";
	default:
		return "plain";
	}
}

int ds_codec_available(enum ds_codec_kind k)
{
	switch (k) {
	case DS_CODEC_PLAIN:
	case DS_CODEC_GZIP:
	case DS_CODEC_COMPRESS:
		return 1;
	case DS_CODEC_BZIP2:
#ifdef HAVE_BZIP2
		return 1;
#else
		return 0;
#endif
	case DS_CODEC_XZ:
	case DS_CODEC_LZMA:
#ifdef HAVE_LZMA
		return 1;
#else
		return 0;
#endif
	case DS_CODEC_ZSTD:
#ifdef HAVE_ZSTD
		return 1;
#else
		return 0;
#endif
	case DS_CODEC_LZ4:
#ifdef HAVE_LZ4
		return 1;
#else
		return 0;
#endif
	}
	return 0;
}

int ds_codec_missing(enum ds_codec_kind k, const char *path, struct ll_err *err)
{
	static const char *const tool[DS_CODEC_LAST + 1] = {"cat",     "gzip -dk", "bunzip2 -k", "xz -dk",
							    "zstd -d", "lz4 -d",   "unlzma -k",  "uncompress -c"};
	static const char *const lib[DS_CODEC_LAST + 1] = {"",	      "zlib1g-dev", "libbz2-dev", "liblzma-dev",
							   "libzstd-dev", "liblz4-dev", "liblzma-dev", ""};
	if ((unsigned)k > DS_CODEC_LAST)
		k = DS_CODEC_PLAIN;
	return ll_err_set(err, LL_EDATA,
			  "%s: %s-compressed, and this loglab was built without %s (its library, Debian's %s, was "
			  "missing when it was configured): decompress it first (%s %s)",
			  path, ds_codec_name(k), ds_codec_name(k), lib[k], tool[k], path);
}

/* Starts (or restarts, for the next member) the library's state. */
static int start_member(struct ds_decoder *d, struct ll_err *err)
{
	int ok = 0;
	switch (d->kind) {
	case DS_CODEC_GZIP:
		ok = (d->started ? inflateReset(&d->z) : inflateInit2(&d->z, 15 + 32)) == Z_OK;
		break;
#ifdef HAVE_BZIP2
	case DS_CODEC_BZIP2:
		/* bzip2 has no reset: a stream's state is ended and begun again */
		if (d->started)
			BZ2_bzDecompressEnd(&d->bz);
		memset(&d->bz, 0, sizeof d->bz);
		ok = BZ2_bzDecompressInit(&d->bz, 0, 0) == BZ_OK;
		break;
#endif
#ifdef HAVE_LZMA
	case DS_CODEC_XZ:
		/* one decoder takes concatenated streams and their padding */
		ok = lzma_stream_decoder(&d->xz, XZ_MEMLIMIT, LZMA_CONCATENATED) == LZMA_OK;
		break;
	case DS_CODEC_LZMA:
		/* the format has no concatenation of its own: each stream
		 * that follows one ended gets a decoder again */
		ok = lzma_alone_decoder(&d->xz, XZ_MEMLIMIT) == LZMA_OK;
		break;
#endif
	case DS_CODEC_LZ4:
		ok = (d->lz4 = ds_lz4_new()) != NULL;
		break;
	case DS_CODEC_COMPRESS:
		ok = (d->lzw = ds_lzw_new()) != NULL;
		break;
#ifdef HAVE_ZSTD
	case DS_CODEC_ZSTD:
		/* one stream decoder runs frame after frame */
		ok = (d->zs = ZSTD_createDStream()) != NULL && !ZSTD_isError(ZSTD_initDStream(d->zs));
		break;
#endif
	default:
		break;
	}
	d->started = 1;
	return ok ? LL_OK : ll_err_set(err, LL_ENOMEM, "%s: cannot start the %s decoder", d->path, ds_codec_name(d->kind));
}

struct ds_decoder *ds_decoder_new(enum ds_codec_kind k, const char *path, struct ll_err *err)
{
	if (k == DS_CODEC_PLAIN || !ds_codec_available(k)) {
		if (k == DS_CODEC_PLAIN)
			ll_err_set(err, LL_EUSAGE, "%s: not compressed", path);
		else
			ds_codec_missing(k, path, err);
		return NULL;
	}
	struct ds_decoder *d = calloc(1, sizeof *d);
	if (!d) {
		ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		return NULL;
	}
	d->kind = k;
	d->path = path;
#ifdef HAVE_LZMA
	lzma_stream init = LZMA_STREAM_INIT;
	d->xz = init;
#endif
	if (start_member(d, err) != LL_OK) {
		ds_decoder_free(d);
		return NULL;
	}
	return d;
}

size_t ds_decoder_consumed(const struct ds_decoder *d)
{
	return d->consumed;
}

void ds_decoder_free(struct ds_decoder *d)
{
	if (!d)
		return;
	if (d->started) {
		switch (d->kind) {
		case DS_CODEC_GZIP:
			inflateEnd(&d->z);
			break;
#ifdef HAVE_BZIP2
		case DS_CODEC_BZIP2:
			BZ2_bzDecompressEnd(&d->bz);
			break;
#endif
#ifdef HAVE_LZMA
		case DS_CODEC_XZ:
		case DS_CODEC_LZMA:
			lzma_end(&d->xz);
			break;
#endif
		case DS_CODEC_LZ4:
			ds_lz4_free(d->lz4);
			break;
		case DS_CODEC_COMPRESS:
			ds_lzw_free(d->lzw);
			break;
#ifdef HAVE_ZSTD
		case DS_CODEC_ZSTD:
			ZSTD_freeDStream(d->zs);
			break;
#endif
		default:
			break;
		}
	}
	free(d);
}

/* made: output of the failing call, not yet counted in d->produced */
static int truncated_after(const struct ds_decoder *d, size_t made, struct ll_err *err)
{
	return ll_err_set(err, LL_EDATA, "%s: truncated %s: the compressed stream ends early after %zu bytes of output",
			  d->path, ds_codec_name(d->kind), d->produced + made);
}

static int truncated(const struct ds_decoder *d, struct ll_err *err)
{
	return truncated_after(d, 0, err);
}

static int corrupt(const struct ds_decoder *d, const char *why, struct ll_err *err)
{
	return ll_err_set(err, LL_EDATA, "%s: corrupt %s data at compressed byte %zu: %s", d->path,
			  ds_codec_name(d->kind), d->consumed, why);
}

/* Zero bytes at in[0, n): the padding after the last member. */
static int only_zeros(const unsigned char *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (in[i])
			return 0;
	return 1;
}

/* One call of the library: *took and *gave bytes; *member_end when a
 * member (a gzip member, a bzip2 stream, a zstd frame, an lzma stream)
 * ended; *all_end when the decoder itself saw the end of the data (xz,
 * lz4, compress). */
static int step(struct ds_decoder *d, const unsigned char *in, size_t n, unsigned char *out, size_t cap, size_t *took,
		size_t *gave, int *member_end, int *all_end, struct ll_err *err)
{
	size_t ni = n < CALL_MAX ? n : CALL_MAX, no = cap < CALL_MAX ? cap : CALL_MAX;
	*member_end = *all_end = 0;
	switch (d->kind) {
	case DS_CODEC_GZIP: {
		d->z.next_in = (unsigned char *)in;
		d->z.avail_in = (uInt)ni;
		d->z.next_out = out;
		d->z.avail_out = (uInt)no;
		int rc = inflate(&d->z, Z_NO_FLUSH);
		*took = ni - d->z.avail_in;
		*gave = no - d->z.avail_out;
		d->consumed += *took;
		if (rc == Z_STREAM_END)
			*member_end = 1;
		else if (rc == Z_BUF_ERROR && *took == n && !*gave)
			return truncated(d, err);
		else if (rc != Z_OK && rc != Z_BUF_ERROR)
			return rc == Z_MEM_ERROR ? ll_err_set(err, LL_ENOMEM, "%s: out of memory decompressing gzip", d->path)
						 : corrupt(d, d->z.msg ? d->z.msg : "invalid stream", err);
		return LL_OK;
	}
#ifdef HAVE_BZIP2
	case DS_CODEC_BZIP2: {
		d->bz.next_in = (char *)in;
		d->bz.avail_in = (unsigned)ni;
		d->bz.next_out = (char *)out;
		d->bz.avail_out = (unsigned)no;
		int rc = BZ2_bzDecompress(&d->bz);
		*took = ni - d->bz.avail_in;
		*gave = no - d->bz.avail_out;
		d->consumed += *took;
		if (rc == BZ_STREAM_END)
			*member_end = 1;
		else if (rc == BZ_OK && *took == n && !*gave && no)
			return truncated(d, err);
		else if (rc == BZ_MEM_ERROR)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory decompressing bzip2", d->path);
		else if (rc != BZ_OK)
			return corrupt(d, rc == BZ_DATA_ERROR_MAGIC ? "not bzip2 data" : "invalid stream", err);
		return LL_OK;
	}
#endif
#ifdef HAVE_LZMA
	case DS_CODEC_XZ:
	case DS_CODEC_LZMA: {
		d->xz.next_in = in;
		d->xz.avail_in = ni;
		d->xz.next_out = out;
		d->xz.avail_out = no;
		/* all the input is there: finishing lets the decoder say where
		 * the last stream ends, or that it was cut */
		lzma_ret rc = lzma_code(&d->xz, ni == n ? LZMA_FINISH : LZMA_RUN);
		*took = ni - d->xz.avail_in;
		*gave = no - d->xz.avail_out;
		d->consumed += *took;
		if (rc == LZMA_STREAM_END)
			*(d->kind == DS_CODEC_XZ ? all_end : member_end) = 1;
		else if (rc == LZMA_BUF_ERROR)
			return *took == n ? truncated(d, err) : corrupt(d, "invalid stream", err);
		else if (rc == LZMA_MEM_ERROR)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory decompressing %s", d->path,
					  ds_codec_name(d->kind));
		else if (rc == LZMA_MEMLIMIT_ERROR)
			return ll_err_set(err, LL_EDATA, "%s: %s data whose decoder needs %llu MiB, more than the %llu MiB allowed",
					  d->path, ds_codec_name(d->kind), (unsigned long long)(lzma_memusage(&d->xz) >> 20),
					  (unsigned long long)(XZ_MEMLIMIT >> 20));
		else if (rc != LZMA_OK)
			return corrupt(d, rc == LZMA_FORMAT_ERROR ? (d->kind == DS_CODEC_XZ ? "not xz data" : "not lzma data")
					  : rc == LZMA_DATA_ERROR ? "invalid stream"
					  : rc == LZMA_OPTIONS_ERROR ? "unsupported options"
					  : "invalid stream", err);
		return LL_OK;
	}
#endif
#ifdef HAVE_ZSTD
	case DS_CODEC_ZSTD: {
		/* zstd reports no position with an error: small calls say where */
		ni = ni < ZSTD_CALL_IN ? ni : ZSTD_CALL_IN;
		ZSTD_inBuffer ib = {in, ni, 0};
		ZSTD_outBuffer ob = {out, no, 0};
		size_t rc = ZSTD_decompressStream(d->zs, &ob, &ib);
		*took = ib.pos;
		*gave = ob.pos;
		d->consumed += *took;
		if (ZSTD_isError(rc))
			return ll_err_set(err, LL_EDATA, "%s: corrupt zstd data within compressed bytes %zu-%zu: %s", d->path,
					  d->consumed - *took, d->consumed - *took + ni, ZSTD_getErrorName(rc));
		/* 0: a frame is whole and flushed; the next call starts the next */
		if (rc == 0)
			*member_end = 1;
		else if (*took == n && !*gave && ob.pos < ob.size)
			return truncated(d, err);
		return LL_OK;
	}
#endif
	case DS_CODEC_LZ4: {
		enum ds_lz4_status st = ds_lz4_run(d->lz4, in, n, took, out, cap, gave);
		d->consumed += *took;
		if (st == DS_LZ4_END)
			*all_end = 1;
		else if (st == DS_LZ4_TRUNCATED)
			return truncated_after(d, *gave, err);
		else if (st == DS_LZ4_NOMEM)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory decompressing lz4", d->path);
		else if (st == DS_LZ4_CORRUPT)
			return ll_err_set(err, LL_EDATA, "%s: corrupt lz4 data within compressed bytes %zu-%zu: %s", d->path,
					  d->consumed, d->consumed + ds_lz4_span(d->lz4), ds_lz4_why(d->lz4));
		return LL_OK;
	}
	case DS_CODEC_COMPRESS: {
		enum ds_lzw_status st = ds_lzw_run(d->lzw, in, n, took, out, cap, gave);
		d->consumed += *took;
		if (st == DS_LZW_END)
			*all_end = 1;
		else if (st == DS_LZW_TRUNCATED)
			return truncated_after(d, *gave, err);
		else if (st == DS_LZW_CORRUPT)
			return corrupt(d, ds_lzw_why(d->lzw), err);
		return LL_OK;
	}
	default:
		return ll_err_set(err, LL_EUSAGE, "%s: no decoder", d->path);
	}
}

int ds_decoder_run(struct ds_decoder *d, const unsigned char *in, size_t n, size_t *used, unsigned char *out,
		   size_t cap, size_t *made, int *end, struct ll_err *err)
{
	*used = *made = 0;
	*end = 0;
	while (!*end && *made < cap) {
		size_t took = 0, gave = 0;
		int member_end, all_end;
		int rc = step(d, in + *used, n - *used, out + *made, cap - *made, &took, &gave, &member_end, &all_end, err);
		*used += took;
		*made += gave;
		d->produced += gave;
		if (rc != LL_OK)
			return rc;
		if (all_end || (member_end && only_zeros(in + *used, n - *used))) {
			/* nothing but padding follows */
			d->consumed += n - *used;
			*used = n;
			*end = 1;
			break;
		}
		if (member_end) {
			/* zstd's stream decoder goes on to the next frame by itself */
			if (d->kind != DS_CODEC_ZSTD && (rc = start_member(d, err)) != LL_OK)
				return rc;
			continue;
		}
		if (!took && !gave)
			return *used == n ? truncated(d, err) : corrupt(d, "no progress", err);
	}
	return LL_OK;
}
