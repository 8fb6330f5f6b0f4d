/*
 * tests/datasets/test_codec.c - the decoders of compressed files
 * (datasets/ds_codec.h): magic bytes, text decoded whole through small
 * output slices, concatenated members, zero padding, truncated and corrupt
 * input named, and a compressed CSV opened like its plain copy. Each codec
 * built in is compressed here by its own library; one left out of the
 * build is checked for its message instead. lz4's framings (skippable
 * frames, the legacy format, the two mixed) and lzma's memory limit have
 * checks of their own; compress (.Z) has test_lzw.
 */
#include "config.h"

#include "harness.h"
#include "decode_slices.h"

#include "ds_codec.h"
#include "ds_reader.h"

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
#ifdef HAVE_LZ4
#include <lz4.h>
#include <lz4frame.h>
#endif

/* The codecs a library here can make (compress has none). */
#define LAST_MADE DS_CODEC_LZMA

static char tmpdir[512];

/* A gzip member of text[0, n) into out (cap); returns its length. */
static size_t gzip_of(const char *text, size_t n, unsigned char *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)text;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t len = cap - z.avail_out;
	deflateEnd(&z);
	return rc == Z_STREAM_END ? len : 0;
}

/* text compressed by codec k into out; 0 when k is not built in. */
static size_t compress_as(enum ds_codec_kind k, const char *text, size_t n, unsigned char *out, size_t cap)
{
	switch (k) {
	case DS_CODEC_GZIP:
		return gzip_of(text, n, out, cap);
#ifdef HAVE_BZIP2
	case DS_CODEC_BZIP2: {
		unsigned int len = (unsigned int)cap;
		return BZ2_bzBuffToBuffCompress((char *)out, &len, (char *)text, (unsigned int)n, 9, 0, 0) == BZ_OK ? len : 0;
	}
#endif
#ifdef HAVE_LZMA
	case DS_CODEC_XZ: {
		size_t pos = 0;
		return lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, (const uint8_t *)text, n, out, &pos, cap) ==
				       LZMA_OK
			       ? pos
			       : 0;
	}
#endif
#ifdef HAVE_ZSTD
	case DS_CODEC_ZSTD: {
		size_t len = ZSTD_compress(out, cap, text, n, 3);
		return ZSTD_isError(len) ? 0 : len;
	}
#endif
#ifdef HAVE_LZ4
	case DS_CODEC_LZ4: {
		/* as the lz4 command writes it: a checksum of the content */
		LZ4F_preferences_t prefs;
		memset(&prefs, 0, sizeof prefs);
		prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
		size_t len = LZ4F_compressFrame(out, cap, text, n, &prefs);
		return LZ4F_isError(len) ? 0 : len;
	}
#endif
#ifdef HAVE_LZMA
	case DS_CODEC_LZMA: {
		lzma_options_lzma opt;
		lzma_stream s = LZMA_STREAM_INIT;
		if (lzma_lzma_preset(&opt, 6) || lzma_alone_encoder(&s, &opt) != LZMA_OK)
			return 0;
		s.next_in = (const uint8_t *)text;
		s.avail_in = n;
		s.next_out = out;
		s.avail_out = cap;
		lzma_ret rc = lzma_code(&s, LZMA_FINISH);
		size_t len = cap - s.avail_out;
		lzma_end(&s);
		return rc == LZMA_STREAM_END ? len : 0;
	}
#endif
	default:
		return 0;
	}
}

/* Decodes in[0, n) with output slices of `slice` bytes into a new buffer;
 * returns the decoder's status, the text in *text / *len. A decoder that
 * succeeds has taken all of its input. */
static int decode(enum ds_codec_kind k, const unsigned char *in, size_t n, size_t slice, char **text, size_t *len,
		  struct ll_err *err)
{
	size_t consumed;
	int rc = decode_slices(k, "x", in, n, slice, text, len, &consumed, err);
	CHECK(rc != LL_OK || consumed == n);
	return rc;
}

static void test_sniff(void)
{
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x1f\x8b\x08", 3), DS_CODEC_GZIP);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"BZh91AY", 7), DS_CODEC_BZIP2);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"BZh0", 4), DS_CODEC_PLAIN); /* no block size 0 */
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\xFD" "7zXZ\0\0", 7), DS_CODEC_XZ);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x28\xB5\x2F\xFD\x00", 5), DS_CODEC_ZSTD);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x1f", 1), DS_CODEC_PLAIN);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"BZh is a word", 13), DS_CODEC_PLAIN);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"Jan  1 00:00:00 host", 20), DS_CODEC_PLAIN);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x04\x22\x4D\x18\x64", 5), DS_CODEC_LZ4);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x5A\x2A\x4D\x18\x00", 5), DS_CODEC_LZ4); /* skippable */
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x02\x21\x4C\x18\x00", 5), DS_CODEC_LZ4); /* legacy */
	/* lzma: xz --format=lzma's header of a 8 MiB dictionary, unknown size */
	const unsigned char *lz = (const unsigned char *)"\x5D\x00\x00\x80\x00\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x00\x3C\x41";
	CHECK_INT(ds_codec_sniff(lz, 16), DS_CODEC_LZMA);
	CHECK_INT(ds_codec_sniff(lz, 13), DS_CODEC_PLAIN); /* the data's first byte is needed too */
	unsigned char odd[16];
	memcpy(odd, lz, 16);
	odd[3] = 0x81; /* a dictionary of 2^23 + 2^16: no encoder writes it */
	CHECK_INT(ds_codec_sniff(odd, 16), DS_CODEC_PLAIN);
	memcpy(odd, lz, 16);
	odd[13] = 'x'; /* the range coder starts with a 0 */
	CHECK_INT(ds_codec_sniff(odd, 16), DS_CODEC_PLAIN);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"] 2024-01-01 12:00:00 ok\n", 25), DS_CODEC_PLAIN);
	CHECK_STR(ds_codec_name(DS_CODEC_LZ4), "lz4");
	CHECK_STR(ds_codec_name(DS_CODEC_LZMA), "lzma");
	CHECK_STR(ds_codec_name(DS_CODEC_XZ), "xz");
	CHECK(ds_codec_available(DS_CODEC_GZIP) && ds_codec_available(DS_CODEC_PLAIN));
	struct ll_err err;
	CHECK_INT(ds_codec_missing(DS_CODEC_ZSTD, "a.log.zst", &err), LL_EDATA);
	CHECK(strstr(err.msg, "a.log.zst: zstd-compressed") && strstr(err.msg, "(zstd -d a.log.zst)"));
	CHECK_INT(ds_codec_missing(DS_CODEC_LZ4, "a.lz4", &err), LL_EDATA);
	CHECK(strstr(err.msg, "built without lz4 (its library, Debian's liblz4-dev,") && strstr(err.msg, "(lz4 -d a.lz4)"));
	CHECK(ds_decoder_new(DS_CODEC_PLAIN, "p", &err) == NULL);
}

/* Every codec built in: whole text through small slices, two members one
 * after another, zero padding, then cut and corrupt input. */
static void test_round_trips(const char *text, size_t n)
{
	size_t cap = n + (1 << 16);
	unsigned char *packed = malloc(2 * cap + 4096), *bad = malloc(2 * cap + 4096);
	for (enum ds_codec_kind k = DS_CODEC_GZIP; k <= LAST_MADE; k++) {
		struct ll_err err;
		if (!ds_codec_available(k)) {
			CHECK(ds_decoder_new(k, "f", &err) == NULL && strstr(err.msg, "built without") != NULL);
			fprintf(stderr, "%s: not built in, message checked\n", ds_codec_name(k));
			continue;
		}
		size_t len = compress_as(k, text, n, packed, cap);
		CHECK(len > 0);
		if (!len)
			continue;
		CHECK_INT(ds_codec_sniff(packed, len), k);
		char *out;
		size_t got;
		CHECK_INT(decode(k, packed, len, 4093, &out, &got, &err), LL_OK);
		CHECK(got == n && memcmp(out, text, n) == 0);
		free(out);
		/* two members (cat a.gz b.gz), then zero padding */
		memcpy(packed + len, packed, len);
		memset(packed + 2 * len, 0, 4096);
		size_t pad = k == DS_CODEC_XZ ? 1024 : 1000; /* xz allows padding in fours */
		CHECK_INT(decode(k, packed, 2 * len + pad, 65536, &out, &got, &err), LL_OK);
		CHECK(got == 2 * n && memcmp(out, text, n) == 0 && memcmp(out + n, text, n) == 0);
		free(out);
		/* cut in the middle of the second member */
		CHECK_INT(decode(k, packed, len + len / 2, 65536, &out, &got, &err), LL_EDATA);
		char want[64];
		snprintf(want, sizeof want, "x: truncated %s", ds_codec_name(k));
		CHECK(strstr(err.msg, want) != NULL);
		if (!strstr(err.msg, want))
			fprintf(stderr, "%s\n", err.msg);
		CHECK(got >= n); /* the first member's text came out */
		free(out);
		/* garbage in the middle of the only member */
		memcpy(bad, packed, len);
		for (size_t i = len / 2; i < len / 2 + 64 && i < len; i++)
			bad[i] ^= 0x5A;
		CHECK_INT(decode(k, bad, len, 65536, &out, &got, &err), LL_EDATA);
		CHECK(strstr(err.msg, "corrupt") != NULL || strstr(err.msg, "truncated") != NULL);
		free(out);
	}
	free(packed);
	free(bad);
}

#ifdef HAVE_LZ4
/* A legacy lz4 stream (lz4 -l): its magic, then blocks of a 4-byte size
 * and independent lz4 data, the text cut in `blocks` pieces. */
static size_t lz4_legacy_of(const char *text, size_t n, int blocks, unsigned char *out, size_t cap)
{
	memcpy(out, "\x02\x21\x4C\x18", 4);
	size_t len = 4;
	for (int b = 0; b < blocks; b++) {
		size_t from = n * (size_t)b / (size_t)blocks, to = n * (size_t)(b + 1) / (size_t)blocks;
		int c = LZ4_compress_default(text + from, (char *)out + len + 4, (int)(to - from), (int)(cap - len - 4));
		if (c <= 0)
			return 0;
		for (int i = 0; i < 4; i++)
			out[len + (size_t)i] = (unsigned char)((unsigned)c >> (8 * i));
		len += 4 + (size_t)c;
	}
	return len;
}

/* A skippable frame, a frame, a legacy stream of three blocks, a frame,
 * zero padding: the text four times, as the lz4 command reads it. */
static void test_lz4_framings(const char *text, size_t n)
{
	size_t cap = 4 * n + (1 << 16);
	unsigned char *buf = malloc(cap), *frame = malloc(n + (1 << 16));
	size_t flen = compress_as(DS_CODEC_LZ4, text, n, frame, n + (1 << 16)), len = 0;
	memcpy(buf, "\x50\x2A\x4D\x18\x05\x00\x00\x00hello", 13);
	len = 13;
	memcpy(buf + len, frame, flen);
	len += flen;
	size_t legacy = lz4_legacy_of(text, n, 3, buf + len, cap - len);
	CHECK(legacy > 0);
	len += legacy;
	size_t second = len; /* a legacy stream ends at the next magic */
	len += lz4_legacy_of(text, n, 1, buf + len, cap - len);
	memcpy(buf + len, frame, flen);
	len += flen;
	memset(buf + len, 0, 100);
	struct ll_err err;
	char *out;
	size_t got;
	CHECK_INT(ds_codec_sniff(buf, len), DS_CODEC_LZ4);
	CHECK_INT(decode(DS_CODEC_LZ4, buf, len + 100, 5000, &out, &got, &err), LL_OK);
	CHECK(got == 4 * n);
	for (size_t i = 0; got == 4 * n && i < 4; i++)
		CHECK(memcmp(out + i * n, text, n) == 0);
	free(out);
	/* a legacy stream cut inside a block, and one whose block is garbled
	 * (the format has no checksum: the garbage is a run of literals
	 * longer than the block) */
	CHECK_INT(decode(DS_CODEC_LZ4, buf, second - 10, 65536, &out, &got, &err), LL_EDATA);
	CHECK(strstr(err.msg, "x: truncated lz4") != NULL);
	CHECK(got >= n);
	free(out);
	size_t only = lz4_legacy_of(text, n, 1, buf, cap);
	memset(buf + 8, 0xFF, 64);
	CHECK_INT(decode(DS_CODEC_LZ4, buf, only, 65536, &out, &got, &err), LL_EDATA);
	CHECK(strstr(err.msg, "x: corrupt lz4 data within compressed bytes 8-") != NULL);
	free(out);
	/* a block size past the format's 8 MiB blocks */
	CHECK_INT(decode(DS_CODEC_LZ4, (const unsigned char *)"\x02\x21\x4C\x18\x00\x00\x00\x7F\x01", 9, 64, &out,
			 &got, &err),
		  LL_EDATA);
	CHECK(strstr(err.msg, "x: corrupt lz4 data within compressed bytes 4-8: a legacy block larger") != NULL);
	free(out);
	free(buf);
	free(frame);
}
#endif

#ifdef HAVE_LZMA
/* An lzma header asking a 1.5 GiB dictionary is refused before any is
 * taken, with the figures, as xz's is. */
static void test_lzma_limit(void)
{
	const unsigned char big[] = {0x5D, 0x00, 0x00, 0x00, 0x60, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
				     0xFF, 0xFF, 0xFF, 0x00, 0x3C, 0x41, 0x00, 0x00, 0x00, 0x00};
	CHECK_INT(ds_codec_sniff(big, sizeof big), DS_CODEC_LZMA);
	struct ll_err err;
	char *out;
	size_t got;
	CHECK_INT(decode(DS_CODEC_LZMA, big, sizeof big, 4096, &out, &got, &err), LL_EDATA);
	CHECK_STR(err.msg, "x: lzma data whose decoder needs 1536 MiB, more than the 1024 MiB allowed");
	free(out);
}
#endif

/* A CSV compressed by each codec opens as the same table as the plain one. */
static void test_open(const char *text, size_t n)
{
	char plain[600], path[600];
	snprintf(plain, sizeof plain, "%s/t.csv", tmpdir);
	FILE *f = fopen(plain, "wb");
	CHECK(f && fwrite(text, 1, n, f) == n && fclose(f) == 0);
	struct ds_open_opts o = {0};
	struct ll_table *want = NULL, *t = NULL;
	struct ll_err err;
	CHECK_INT(ds_load(plain, &o, &want, NULL, &err), LL_OK);
	unsigned char *packed = malloc(n + (1 << 16));
	for (enum ds_codec_kind k = DS_CODEC_GZIP; want && k <= LAST_MADE; k++) {
		if (!ds_codec_available(k))
			continue;
		size_t len = compress_as(k, text, n, packed, n + (1 << 16));
		snprintf(path, sizeof path, "%s/t.csv.%s", tmpdir, ds_codec_name(k));
		f = fopen(path, "wb");
		CHECK(f && fwrite(packed, 1, len, f) == len && fclose(f) == 0);
		/* the head a sniffer sees is the text's, whatever the codec */
		char head[300];
		CHECK_INT(ds_codec_read_head(path, head, sizeof head), (long)sizeof head);
		CHECK(memcmp(head, text, sizeof head) == 0);
		const struct ds_reader *r = NULL;
		CHECK_INT(ds_load(path, &o, &t, &r, &err), LL_OK);
		CHECK(r && strcmp(r->name, "csv") == 0);
		if (t) {
			CHECK_INT(ll_table_nrows(t), ll_table_nrows(want));
			CHECK_INT(ll_table_ncols(t), ll_table_ncols(want));
			CHECK(ll_table_num(t, ll_table_nrows(t) - 1, 1) == ll_table_num(want, ll_table_nrows(want) - 1, 1));
		}
		ll_table_free(t);
		t = NULL;
		unlink(path);
	}
	char head[64];
	CHECK_INT(ds_codec_read_head(plain, head, sizeof head), (long)sizeof head);
	CHECK(memcmp(head, text, sizeof head) == 0);
	snprintf(path, sizeof path, "%s/no-such-file", tmpdir);
	CHECK_INT(ds_codec_read_head(path, head, sizeof head), -1);
	free(packed);
	ll_table_free(want);
	unlink(plain);
}

int main(void)
{
	ll_test_scratch_dir(tmpdir, sizeof tmpdir, "codec");
	/* 12,000 rows (540 KB): many output slices, several zstd blocks;
	 * 4,000 under valgrind and sanitizers (180 KB: still two blocks) */
	int rows = ll_test_slow_build() ? 4000 : 12000;
	size_t cap = (size_t)rows * 48 + 64, n = 0;
	char *text = malloc(cap);
	n += (size_t)snprintf(text + n, cap - n, "time,value,host\n");
	for (int i = 0; i < rows; i++)
		n += (size_t)snprintf(text + n, cap - n, "2024-01-01T%02d:%02d:%02dZ,%d.%d,node%d\n", i / 3600 % 24,
				      i / 60 % 60, i % 60, (i * 7919) % 1000, i % 10, i % 13);
	test_sniff();
	test_round_trips(text, n);
#ifdef HAVE_LZ4
	test_lz4_framings(text, n);
#endif
#ifdef HAVE_LZMA
	test_lzma_limit();
#endif
	test_open(text, n);
	free(text);
	ll_test_remove_dir(tmpdir);
	TEST_MAIN_END();
}
