/*
 * tests/datasets/test_codec.c - the decoders of compressed files
 * (datasets/ds_codec.h): magic bytes, text decoded whole through small
 * output slices, concatenated members, zero padding, truncated and corrupt
 * input named, and a compressed CSV opened like its plain copy. Each codec
 * built in is compressed here by its own library; one left out of the
 * build is checked for its message instead.
 */
#include "config.h"

#include "harness.h"

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
	default:
		return 0;
	}
}

/* Decodes in[0, n) with output slices of `slice` bytes into a new buffer;
 * returns the decoder's status, the text in *text / *len. */
static int decode(enum ds_codec_kind k, const unsigned char *in, size_t n, size_t slice, char **text, size_t *len,
		  struct ll_err *err)
{
	*text = NULL;
	*len = 0;
	struct ds_decoder *d = ds_decoder_new(k, "x", err);
	if (!d)
		return err->code;
	size_t cap = 1 << 16, used = 0, got = 0;
	char *out = malloc(cap);
	int end = 0, rc = LL_OK;
	while (rc == LL_OK && !end) {
		if (got + slice > cap) {
			cap = 2 * cap + slice;
			out = realloc(out, cap);
		}
		size_t took = 0, made = 0;
		rc = ds_decoder_run(d, in + used, n - used, &took, (unsigned char *)out + got, slice, &made, &end, err);
		used += took;
		got += made;
	}
	CHECK(rc != LL_OK || ds_decoder_consumed(d) == n);
	ds_decoder_free(d);
	*text = out;
	*len = got;
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
	CHECK_STR(ds_codec_name(DS_CODEC_XZ), "xz");
	CHECK(ds_codec_available(DS_CODEC_GZIP) && ds_codec_available(DS_CODEC_PLAIN));
	struct ll_err err;
	CHECK_INT(ds_codec_missing(DS_CODEC_ZSTD, "a.log.zst", &err), LL_EDATA);
	CHECK(strstr(err.msg, "a.log.zst: zstd-compressed") && strstr(err.msg, "(zstd -d a.log.zst)"));
	CHECK(ds_decoder_new(DS_CODEC_PLAIN, "p", &err) == NULL);
}

/* Every codec built in: whole text through small slices, two members one
 * after another, zero padding, then cut and corrupt input. */
static void test_round_trips(const char *text, size_t n)
{
	size_t cap = n + (1 << 16);
	unsigned char *packed = malloc(2 * cap + 4096), *bad = malloc(2 * cap + 4096);
	for (enum ds_codec_kind k = DS_CODEC_GZIP; k <= DS_CODEC_ZSTD; k++) {
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
	for (enum ds_codec_kind k = DS_CODEC_GZIP; want && k <= DS_CODEC_ZSTD; k++) {
		if (!ds_codec_available(k))
			continue;
		size_t len = compress_as(k, text, n, packed, n + (1 << 16));
		snprintf(path, sizeof path, "%s/t.csv.%s", tmpdir, ds_codec_name(k));
		f = fopen(path, "wb");
		CHECK(f && fwrite(packed, 1, len, f) == len && fclose(f) == 0);
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
	free(packed);
	ll_table_free(want);
	unlink(plain);
}

int main(void)
{
	ll_test_scratch_dir(tmpdir, sizeof tmpdir, "codec");
	/* 12,000 rows (540 KB): many output slices, several zstd blocks */
	size_t cap = 12000 * 48 + 64, n = 0;
	char *text = malloc(cap);
	n += (size_t)snprintf(text + n, cap - n, "time,value,host\n");
	for (int i = 0; i < 12000; i++)
		n += (size_t)snprintf(text + n, cap - n, "2024-01-01T%02d:%02d:%02dZ,%d.%d,node%d\n", i / 3600 % 24,
				      i / 60 % 60, i % 60, (i * 7919) % 1000, i % 10, i % 13);
	test_sniff();
	test_round_trips(text, n);
	test_open(text, n);
	free(text);
	ll_test_remove_dir(tmpdir);
	TEST_MAIN_END();
}
