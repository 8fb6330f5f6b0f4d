/*
 * test_parquet.c - Parquet files read as tables (ds_parquet.c and its
 * parts): files built byte by byte (parquet_build.h) with PLAIN and
 * dictionary pages, optional columns with nulls, two row groups, SNAPPY
 * and GZIP pages, v2 pages, the DELTA encodings, BYTE_STREAM_SPLIT,
 * timestamps and dates, a list column left out; and damaged ones
 * (truncated, a garbage footer, hostile counts, every byte flipped),
 * which must end in errors that name the problem.
 */
#include "harness.h"

#include <config.h>
#ifdef HAVE_BROTLIENC
#include <brotli/encode.h>
#endif

#include "cell_at.h"

#include "ds_parquet.h"
#include "ds_parquet_codec.h"
#include "ds_parquet_meta.h"
#include "ds_parquet_levels.h"
#include "ds_parquet_value.h"
#include "ds_reader.h"
#include "ds_snappy.h"
#include "ds_thrift.h"
#include "parquet_build.h"

#include <stdio.h>
#include <zlib.h>

static char dir[256];

enum { BOOLEAN, INT32, INT64, INT96, FLOAT, DOUBLE, BYTE_ARRAY, FIXED };
enum { PLAIN = 0, RLE = 3, DELTA_BINARY_PACKED = 5, DELTA_LENGTH = 6, DELTA_BYTE_ARRAY = 7, RLE_DICT = 8,
       BYTE_STREAM_SPLIT = 9 };
enum { UNCOMPRESSED = 0, SNAPPY = 1, GZIP = 2, BROTLI = 4 };
#define UTF8 0

/* The CSV text of the file b, or NULL with err set. */
static char *csv_of(const struct pb *b, struct ll_err *err, size_t *left)
{
	struct ds_text t = {0};
	char names[200];
	size_t lo = 0;
	int rc = ds_parquet_csv("t.parquet", b->p, b->n, &t, &lo, names, sizeof names, err);
	if (left)
		*left = lo;
	if (rc != LL_OK) {
		free(t.p);
		return NULL;
	}
	return t.p ? t.p : strdup("");
}

static void check_csv(const struct pb *b, const char *want)
{
	struct ll_err err = {0};
	char *got = csv_of(b, &err, NULL);
	if (!got)
		fprintf(stderr, "error: %s\n", err.msg);
	CHECK_STR(got ? got : "(error)", want);
	free(got);
}

/* The error the file gives (CHECKs that it gives one). */
static const char *error_of(const struct pb *b)
{
	static struct ll_err err;
	memset(&err, 0, sizeof err);
	char *got = csv_of(b, &err, NULL);
	CHECK(got == NULL);
	free(got);
	return err.msg;
}

/* A DELTA_BINARY_PACKED run of v[0, n): blocks of 128 in 4 miniblocks. */
static void pb_delta(struct pb *b, const int64_t *v, size_t n)
{
	pb_varint(b, 128);
	pb_varint(b, 4);
	pb_varint(b, n);
	pb_varint(b, pb_zz(n ? v[0] : 0));
	for (size_t at = 1; at < n; at += 128) {
		size_t k = n - at < 128 ? n - at : 128;
		int64_t d[128], min = INT64_MAX;
		for (size_t i = 0; i < k; i++) {
			d[i] = v[at + i] - v[at + i - 1];
			min = d[i] < min ? d[i] : min;
		}
		pb_varint(b, pb_zz(min));
		int w[4] = {0};
		for (size_t i = 0; i < k; i++)
			while ((uint64_t)(d[i] - min) >> w[i / 32])
				w[i / 32]++;
		for (int m = 0; m < 4; m++)
			pb_byte(b, (unsigned)w[m]);
		for (size_t m = 0; m * 32 < k; m++) {
			unsigned char bytes[32 * 8] = {0};
			for (size_t i = 0; i < 32 && m * 32 + i < k; i++) {
				uint64_t u = (uint64_t)(d[m * 32 + i] - min);
				for (int bit = 0; bit < w[m]; bit++)
					if (u >> bit & 1) {
						size_t at_bit = i * (size_t)w[m] + (size_t)bit;
						bytes[at_bit / 8] |= (unsigned char)(1u << (at_bit % 8));
					}
			}
			pb_put(b, bytes, (size_t)(32 * w[m] / 8));
		}
	}
}

/* A literal-only SNAPPY block of s[0, n). */
static void pb_snappy(struct pb *b, const void *s, size_t n)
{
	pb_varint(b, n);
	for (size_t at = 0; at < n; at += 60) {
		size_t k = n - at < 60 ? n - at : 60;
		pb_byte(b, (unsigned)((k - 1) << 2));
		pb_put(b, (const char *)s + at, k);
	}
}

static void pb_gzip(struct pb *b, const void *s, size_t n)
{
	unsigned char out[4096];
	z_stream z;
	memset(&z, 0, sizeof z);
	deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *)(uintptr_t)s;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = sizeof out;
	deflate(&z, Z_FINISH);
	pb_put(b, out, sizeof out - z.avail_out);
	deflateEnd(&z);
}

/* One row group of id (INT64), name (optional UTF8), x (DOUBLE) and flag
 * (BOOLEAN), PLAIN v1 pages. */
static const struct pb_col plain_cols[] = {{"id", INT64, 0, -1, 0, 0, 0, 0},
					   {"name", BYTE_ARRAY, 1, UTF8, 0, 0, 0, 0},
					   {"x", DOUBLE, 0, -1, 0, 0, 0, 0},
					   {"flag", BOOLEAN, 0, -1, 0, 0, 0, 0}};

static void plain_file(struct pb *f, int codec_of_name)
{
	struct pb_chunk ch[4] = {{0}};
	pb_put(f, "PAR1", 4);
	struct pb v = {0};
	for (int64_t i = 1; i <= 3; i++)
		pb_le(&v, (uint64_t)i, 8);
	ch[0] = (struct pb_chunk){0, (int64_t)f->n, UNCOMPRESSED, 3, 0};
	pb_page(f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	v.n = 0;
	int def[] = {1, 0, 1};
	pb_levels(&v, def, 3, 1);
	pb_plain_str(&v, "alpha");
	pb_plain_str(&v, "b,c \"q\"");
	ch[1] = (struct pb_chunk){0, (int64_t)f->n, codec_of_name, 3, 0};
	if (codec_of_name == SNAPPY) {
		struct pb z = {0};
		pb_snappy(&z, v.p, v.n);
		pb_page(f, &(struct pb_page){PB_DATA, 3, PLAIN, z.p, z.n, v.n, 0, 0});
		free(z.p);
#ifdef HAVE_BROTLIENC
	} else if (codec_of_name == BROTLI) {
		size_t zn = BrotliEncoderMaxCompressedSize(v.n);
		uint8_t *z = malloc(zn);
		CHECK(z && BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, v.n,
						 (const uint8_t *)v.p, &zn, z));
		pb_page(f, &(struct pb_page){PB_DATA, 3, PLAIN, (char *)z, zn, v.n, 0, 0});
		free(z);
#endif
	} else if (codec_of_name == GZIP) {
		struct pb z = {0};
		pb_gzip(&z, v.p, v.n);
		pb_gzip(&z, "", 0); /* a second, empty member: concatenated gzip */
		pb_page(f, &(struct pb_page){PB_DATA, 3, PLAIN, z.p, z.n, v.n, 0, 0});
		free(z.p);
	} else {
		pb_page(f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	}
	v.n = 0;
	double xs[] = {0.1, 2.5, -1e300};
	for (int i = 0; i < 3; i++) {
		uint64_t u;
		memcpy(&u, &xs[i], 8);
		pb_le(&v, u, 8);
	}
	ch[2] = (struct pb_chunk){0, (int64_t)f->n, UNCOMPRESSED, 3, 0};
	pb_page(f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	v.n = 0;
	pb_byte(&v, 5); /* true, false, true */
	ch[3] = (struct pb_chunk){0, (int64_t)f->n, UNCOMPRESSED, 3, 0};
	pb_page(f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	free(v.p);
	int64_t rows = 3;
	pb_footer(f, plain_cols, 4, 1, &rows, ch);
}

#define PLAIN_CSV "id,name,x,flag\n1,alpha,0.1,true\n2,,2.5,false\n3,\"b,c \"\"q\"\"\",-1e+300,true\n"

static void test_plain(void)
{
	struct pb f = {0};
	plain_file(&f, UNCOMPRESSED);
	check_csv(&f, PLAIN_CSV);
	/* a CSV whose first word is PAR1 stays a CSV */
	const char *text = ll_test_put_bytes(dir, "par1.csv", "PAR1,x\n1,2\n", 11);
	struct ds_open_opts to = {0};
	struct ll_table *tt = NULL;
	const struct ds_reader *tused = NULL;
	struct ll_err terr;
	CHECK_INT(ds_load(text, &to, &tt, &tused, &terr), LL_OK);
	CHECK(tused && strcmp(tused->name, "csv") == 0);
	ll_table_free(tt);
	/* and as a table, detected by its magic */
	const char *path = ll_test_put_bytes(dir, "plain.parquet", f.p, f.n);
	struct ds_open_opts o = {0};
	struct ll_table *t = NULL;
	const struct ds_reader *used = NULL;
	struct ll_err err;
	CHECK_INT(ds_load(path, &o, &t, &used, &err), LL_OK);
	CHECK(used && strcmp(used->name, "parquet") == 0);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_NEAR(num_at(t, 2, "x"), -1e300, 1e285);
		CHECK_STR(text_at(t, 0, "name"), "alpha");
		ll_table_free(t);
	}
	free(f.p);
}

static void test_codecs(void)
{
	struct pb f = {0};
	plain_file(&f, SNAPPY);
	check_csv(&f, PLAIN_CSV);
	f.n = 0;
	plain_file(&f, GZIP);
	check_csv(&f, PLAIN_CSV);
	f.n = 0;
	plain_file(&f, BROTLI);
#if defined HAVE_BROTLI && defined HAVE_BROTLIENC
	check_csv(&f, PLAIN_CSV);
	/* BROTLI data that is none, or makes another size than the page's */
	unsigned char page[16];
	const char *bwhy = NULL;
	CHECK_INT(ds_parquet_decompress(BROTLI, (const unsigned char *)"\xff\xff\xff\xff", 4, page, sizeof page, &bwhy), 0);
	CHECK(bwhy && strstr(bwhy, "BROTLI"));
#else
	const char *e = error_of(&f);
	CHECK(strstr(e, "column 'name'") && strstr(e, "BROTLI") && strstr(e, "row group 1"));
#endif
	free(f.p);
	/* snappy copies, overlapping ones too: "abc" then 9 bytes from 3 back */
	unsigned char out[12];
	const char *why = NULL;
	CHECK(ds_snappy_decode((const unsigned char *)"\x0c\x08" "abc\x15\x03", 7, out, 12, &why));
	CHECK(memcmp(out, "abcabcabcabc", 12) == 0);
	CHECK(!ds_snappy_decode((const unsigned char *)"\x0c\x08" "abc\x15\x04", 7, out, 12, &why));
	CHECK(!ds_snappy_decode((const unsigned char *)"\x0c\x08" "abc", 5, out, 12, &why));
}

/* A dictionary of hosts and RLE_DICTIONARY indices, two row groups, the
 * second's data page a v2 page with a null and a SNAPPY body. */
static void test_dictionary_groups(void)
{
	static const struct pb_col cols[] = {{"host", BYTE_ARRAY, 1, UTF8, 0, 0, 0, 0}};
	struct pb f = {0}, v = {0};
	struct pb_chunk ch[2];
	pb_put(&f, "PAR1", 4);
	pb_plain_str(&v, "web1");
	pb_plain_str(&v, "db1");
	ch[0] = (struct pb_chunk){(int64_t)f.n, 0, UNCOMPRESSED, 4, 0};
	pb_page(&f, &(struct pb_page){PB_DICT, 2, PLAIN, v.p, v.n, 0, 0, 0});
	ch[0].data_off = (int64_t)f.n;
	v.n = 0;
	int def[] = {1, 1, 1, 1};
	pb_levels(&v, def, 4, 1);
	pb_byte(&v, 1);    /* bit width */
	pb_byte(&v, 2 << 1); /* a run of 2 ... */
	pb_byte(&v, 1);    /* ... of index 1 */
	pb_byte(&v, 1 << 1 | 1); /* then a packed group: 0, 1 */
	pb_byte(&v, 2);
	pb_page(&f, &(struct pb_page){PB_DATA, 4, RLE_DICT, v.p, v.n, 0, 0, 0});
	v.n = 0;
	pb_plain_str(&v, "cache");
	ch[1] = (struct pb_chunk){(int64_t)f.n, 0, SNAPPY, 3, 0};
	struct pb z = {0};
	pb_snappy(&z, v.p, v.n);
	pb_page(&f, &(struct pb_page){PB_DICT, 1, PLAIN, z.p, z.n, v.n, 0, 0});
	ch[1].data_off = (int64_t)f.n;
	/* v2: levels (no length prefix) then the snappy values */
	v.n = 0;
	int def2[] = {1, 0, 1};
	pb_levels(&v, def2, 3, 0);
	size_t def_len = v.n;
	pb_byte(&v, 0); /* width 0: every index is 0 */
	pb_byte(&v, 2 << 1);
	z.n = 0;
	pb_put(&z, v.p, def_len);
	pb_snappy(&z, v.p + def_len, v.n - def_len);
	pb_page(&f, &(struct pb_page){PB_DATA_V2, 3, RLE_DICT, z.p, z.n, v.n, 1, (int)def_len});
	int64_t rows[] = {4, 3};
	pb_footer(&f, cols, 1, 2, rows, ch);
	check_csv(&f, "host\ndb1\ndb1\nweb1\ndb1\ncache\n\"\"\ncache\n");
	free(v.p);
	free(z.p);
	free(f.p);
}

/* The DELTA encodings, BYTE_STREAM_SPLIT floats, a timestamp and a date;
 * and the timestamp column read as time by the table. */
static void test_encodings(void)
{
	static const struct pb_col cols[] = {{"n", INT32, 0, -1, 0, 0, 0, 0},
					     {"ts", INT64, 0, -1, 2, 0, 0, 0},
					     {"path", BYTE_ARRAY, 0, UTF8, 0, 0, 0, 0},
					     {"word", BYTE_ARRAY, 0, UTF8, 0, 0, 0, 0},
					     {"f", FLOAT, 0, -1, 0, 0, 0, 0},
					     {"day", INT32, 0, 6, 0, 0, 0, 0},
					     {"cls", BYTE_ARRAY, 0, UTF8, 0, 0, 0, 0}};
	struct pb f = {0}, v = {0};
	struct pb_chunk ch[7];
	pb_put(&f, "PAR1", 4);
	int64_t n[] = {7, 5, 3, 1, 10, -2147483648LL, 2147483647};
	pb_delta(&v, n, 7);
	ch[0] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 7, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 7, DELTA_BINARY_PACKED, v.p, v.n, 0, 0, 0});
	v.n = 0;
	int64_t ts[] = {1704141296123456LL, 1704141297000000LL, 1704141298500000LL, 0, -1, 1704141300000000LL,
			1704141301000000LL};
	pb_delta(&v, ts, 7);
	ch[1] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 7, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 7, DELTA_BINARY_PACKED, v.p, v.n, 0, 0, 0});
	v.n = 0;
	const char *paths[] = {"/a", "", "/var/log", "x", "yy", "zzz", "/"};
	int64_t lens[7];
	for (int i = 0; i < 7; i++)
		lens[i] = (int64_t)strlen(paths[i]);
	pb_delta(&v, lens, 7);
	for (int i = 0; i < 7; i++)
		pb_put(&v, paths[i], strlen(paths[i]));
	ch[2] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 7, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 7, DELTA_LENGTH, v.p, v.n, 0, 0, 0});
	v.n = 0;
	/* apple apply banana band bandit b b: prefixes and suffixes */
	int64_t pre[] = {0, 4, 0, 3, 4, 0, 1}, suf[] = {5, 1, 6, 1, 2, 1, 0};
	pb_delta(&v, pre, 7);
	pb_delta(&v, suf, 7);
	pb_put(&v, "appleybananaditb", 16);
	ch[3] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 7, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 7, DELTA_BYTE_ARRAY, v.p, v.n, 0, 0, 0});
	v.n = 0;
	float fs[] = {1.5f, 0.1f, -3.25f, 1e10f, 0, 2, 3};
	unsigned char split[28];
	for (int i = 0; i < 7; i++) {
		unsigned char raw[4];
		memcpy(raw, &fs[i], 4);
		for (int k = 0; k < 4; k++)
			split[k * 7 + i] = raw[k];
	}
	ch[4] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 7, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 7, BYTE_STREAM_SPLIT, split, 28, 0, 0, 0});
	int32_t days[] = {19723, 0, -1, 11016, 19724, 19725, 19726};
	for (int i = 0; i < 7; i++)
		pb_le(&v, (uint32_t)days[i], 4);
	ch[5] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 7, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 7, PLAIN, v.p, v.n, 0, 0, 0});
	v.n = 0;
	const char *cls[] = {"ok", "ok", "bad", "ok", "bad", "ok", "ok"};
	for (int i = 0; i < 7; i++)
		pb_plain_str(&v, cls[i]);
	ch[6] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 7, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 7, PLAIN, v.p, v.n, 0, 0, 0});
	int64_t rows = 7;
	pb_footer(&f, cols, 7, 1, &rows, ch);
	check_csv(&f, "n,ts,path,word,f,day,cls\n"
		      "7,2024-01-01T20:34:56.123456Z,/a,apple,1.5,2024-01-01,ok\n"
		      "5,2024-01-01T20:34:57Z,,apply,0.1,1970-01-01,ok\n"
		      "3,2024-01-01T20:34:58.500Z,/var/log,banana,-3.25,1969-12-31,bad\n"
		      "1,1970-01-01T00:00:00Z,x,band,1e+10,2000-02-29,ok\n"
		      "10,1969-12-31T23:59:59.999999Z,yy,bandit,0,2024-01-02,bad\n"
		      "-2147483648,2024-01-01T20:35:00Z,zzz,b,2,2024-01-03,ok\n"
		      "2147483647,2024-01-01T20:35:01Z,/,b,3,2024-01-04,ok\n");
	/* the stamps are times, the classes labels */
	const char *path = ll_test_put_bytes(dir, "enc.parquet", f.p, f.n);
	struct ds_open_opts o = {.format = "parquet:label=cls"};
	ds_open_opts_split(&o);
	struct ll_table *t = NULL;
	struct ll_err err;
	CHECK_INT(ds_load(path, &o, &t, NULL, &err), LL_OK);
	if (t) {
		long c = ll_table_find_column(t, "ts");
		CHECK(c >= 0 && ll_table_col_type(t, (size_t)c) == LL_COL_TIME);
		CHECK_NEAR(num_at(t, 0, "ts"), 1704141296.123456, 1e-5);
		CHECK_INT(ll_table_nclasses(t), 2);
		int bad = ll_table_label(t, 2);
		CHECK(bad >= 0 && strcmp(ll_table_class_name(t, (size_t)bad), "bad") == 0);
		CHECK(ll_table_label(t, 4) == bad && ll_table_label(t, 0) != bad);
		CHECK_INT(ll_table_nrows(t), 7);
		ll_table_free(t);
	}
	free(v.p);
	free(f.p);
}

/* Values that are not plain text: binary as hex, NaN, decimals of every
 * width, INT96 stamps, a FLOAT16. */
static void test_values(void)
{
	static const struct pb_col cols[] = {{"raw", BYTE_ARRAY, 0, -1, 0, 0, 0, 0},
					     {"f", DOUBLE, 0, -1, 0, 0, 0, 0},
					     {"price", INT32, 0, 5, 0, 0, 2, 0},
					     {"big", FIXED, 0, 5, 0, 0, 3, 16},
					     {"spark", INT96, 0, -1, 0, 0, 0, 0},
					     {"half", FIXED, 0, -1, 0, 0, 0, 2},
					     {"clock", INT32, 0, 7, 0, 0, 0, 0},
					     {"count", INT32, 0, 13, 0, 0, 0, 0}};
	struct pb f = {0}, v = {0};
	struct pb_chunk ch[8];
	pb_put(&f, "PAR1", 4);
	pb_plain_str(&v, "caf\xc3\xa9\ttab");
	pb_plain_str(&v, "\x01\x02");
	pb_plain_str(&v, "\xff");
	ch[0] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 3, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	v.n = 0;
	pb_le(&v, 0xFFF8000000000000ULL, 8); /* a NaN with its sign bit set */
	pb_le(&v, 0x7FF0000000000000ULL, 8);
	pb_le(&v, 0x3FB999999999999AULL, 8); /* 0.1 */
	ch[1] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 3, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	v.n = 0;
	pb_le(&v, 12345, 4);
	pb_le(&v, (uint32_t)-5, 4);
	pb_le(&v, 0, 4);
	ch[2] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 3, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	v.n = 0;
	/* 2^64 + 1 = 18446744073709551617, then -1, then 10^20 - 1 as 16 bytes big-endian */
	static const unsigned char big[48] = {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
					      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					      0, 0, 0, 0, 0, 0, 0, 0x05, 0x6b, 0xc7, 0x5e, 0x2d, 0x63, 0x0f, 0xff, 0xff};
	ch[3] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 3, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 3, PLAIN, big, sizeof big, 0, 0, 0});
	/* nanoseconds of the day and the Julian day: 2024-01-01 12:00:00.5, 1970-01-01, 1969-12-31 23:59:59 */
	pb_le(&v, 43200500000000ULL, 8);
	pb_le(&v, 2460311, 4);
	pb_le(&v, 0, 8);
	pb_le(&v, 2440588, 4);
	pb_le(&v, 86399000000000ULL, 8);
	pb_le(&v, 2440587, 4);
	ch[4] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 3, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	v.n = 0;
	/* FIXED(2) without a logical type is bytes: text when they read as text */
	pb_le(&v, 0x3C00, 2);
	pb_le(&v, 0x2E66, 2);
	pb_le(&v, 0xC000, 2);
	ch[5] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 3, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	/* TIME_MILLIS and UINT_32 */
	v.n = 0;
	pb_le(&v, 45296789, 4);
	pb_le(&v, 0, 4);
	pb_le(&v, 86399001, 4);
	ch[6] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 3, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	v.n = 0;
	pb_le(&v, 0xFFFFFFFFu, 4);
	pb_le(&v, 7, 4);
	pb_le(&v, 0x80000000u, 4);
	ch[7] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 3, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	int64_t rows = 3;
	pb_footer(&f, cols, 8, 1, &rows, ch);
	check_csv(&f, "raw,f,price,big,spark,half,clock,count\n"
		      "\"caf\xc3\xa9\ttab\",nan,123.45,18446744073709551.617,2024-01-01T12:00:00.500,0x003c,12:34:56.789,4294967295\n"
		      "0x0102,inf,-0.05,-0.001,1970-01-01T00:00:00,f.,00:00:00,7\n"
		      "0xff,0.1,0.00,99999999999999999.999,1969-12-31T23:59:59,0x00c0,23:59:59.001,2147483648\n");
	free(v.p);
	free(f.p);
}

/* One column of text with the other separators in it, a '#' first and a
 * row of units: the CSV reader takes the text as the file's cells, one
 * column, every row. */
static void test_one_text_column(void)
{
	static const struct pb_col cols[] = {{"msg", BYTE_ARRAY, 1, UTF8, 0, 0, 0, 0}};
	struct pb f = {0}, v = {0};
	struct pb_chunk ch;
	pb_put(&f, "PAR1", 4);
	int def[] = {1, 1, 1, 0, 1, 1};
	pb_levels(&v, def, 6, 1);
	const char *msgs[] = {"ms", "a;b;c", "# not a comment", "d|e\tf", "sep=;"};
	for (int i = 0; i < 5; i++)
		pb_plain_str(&v, msgs[i]);
	ch = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 6, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 6, PLAIN, v.p, v.n, 0, 0, 0});
	int64_t rows = 6;
	pb_footer(&f, cols, 1, 1, &rows, &ch);
	const char *path = ll_test_put_bytes(dir, "text.parquet", f.p, f.n);
	struct ds_open_opts o = {0};
	struct ll_table *t = NULL;
	struct ll_err err;
	CHECK_INT(ds_load(path, &o, &t, NULL, &err), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 6);
		CHECK_INT(ll_table_ncols(t), 1);
		CHECK_STR(text_at(t, 0, "msg"), "ms");
		CHECK_STR(text_at(t, 1, "msg"), "a;b;c");
		CHECK_STR(text_at(t, 2, "msg"), "# not a comment");
		CHECK_STR(text_at(t, 4, "msg"), "d|e\tf");
		CHECK_STR(text_at(t, 5, "msg"), "sep=;");
		ll_table_free(t);
	}
	free(v.p);
	free(f.p);
}

/* A list's values are a JSON array in its cell (an empty list [], a null
 * one an empty cell, a null element null), a list of lists' arrays of
 * arrays; lists nested deeper than the reader goes are left out and
 * named, and a file of nothing else is refused. */
static void test_lists(void)
{
	struct pb_col cols[] = {{"id", INT32, 0, -1, 0, 0, 0, 0},
				{"element", BYTE_ARRAY, 0, UTF8, 0, 1, 0, 0},
				{"n", INT64, 0, -1, 0, 1, 0, 0},
				{"deep", INT32, 0, -1, 0, 2, 0, 0},
				{"deeper", INT32, 0, -1, 0, PQ_MAX_REP + 1, 0, 0}};
	struct pb f = {0}, v = {0};
	struct pb_chunk ch[5];
	pb_put(&f, "PAR1", 4);
	for (int i = 1; i <= 4; i++)
		pb_le(&v, (uint64_t)i, 4);
	ch[0] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 4, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 4, PLAIN, v.p, v.n, 0, 0, 0});
	/* ["a","b \"q\""], [], null, ["c"] */
	v.n = 0;
	int rep[] = {0, 1, 0, 0, 0}, def[] = {2, 2, 1, 0, 2};
	pb_runs(&v, rep, 5, 1);
	pb_runs(&v, def, 5, 1);
	pb_plain_str(&v, "a");
	pb_plain_str(&v, "b \"q\"");
	pb_plain_str(&v, "c");
	ch[1] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 5, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 5, PLAIN, v.p, v.n, 0, 0, 0});
	/* numbers, in two pages, the second row going on in the second:
	 * [1,2,3], [4], [], [5,6] */
	v.n = 0;
	int rep2[] = {0, 1}, def2[] = {2, 2};
	pb_runs(&v, rep2, 2, 1);
	pb_runs(&v, def2, 2, 1);
	pb_le(&v, 1, 8);
	pb_le(&v, 2, 8);
	ch[2] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 7, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 2, PLAIN, v.p, v.n, 0, 0, 0});
	v.n = 0;
	int rep3[] = {1, 0, 0, 0, 1}, def3[] = {2, 2, 1, 2, 2};
	pb_runs(&v, rep3, 5, 1);
	pb_runs(&v, def3, 5, 1);
	for (int i = 3; i <= 6; i++)
		pb_le(&v, (uint64_t)i, 8);
	pb_page(&f, &(struct pb_page){PB_DATA, 5, PLAIN, v.p, v.n, 0, 0, 0});
	/* lists of lists: [[1,2],[3]], [], null, [[],[4]] */
	v.n = 0;
	int rep4[] = {0, 2, 1, 0, 0, 0, 1}, def4[] = {3, 3, 3, 1, 0, 2, 3};
	pb_runs(&v, rep4, 7, 1);
	pb_runs(&v, def4, 7, 1);
	for (int i = 1; i <= 4; i++)
		pb_le(&v, (uint64_t)i, 4);
	ch[3] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 7, 0};
	pb_page(&f, &(struct pb_page){PB_DATA, 7, PLAIN, v.p, v.n, 0, 0, 0});
	ch[4] = (struct pb_chunk){0, (int64_t)f.n, UNCOMPRESSED, 1, 0}; /* never read */
	int64_t rows = 4;
	pb_footer(&f, cols, 5, 1, &rows, ch);
	struct ll_err err = {0};
	size_t left = 0;
	char *got = csv_of(&f, &err, &left);
	CHECK_STR(got ? got : err.msg, "id,tags,tags,tags\n"
				       "1,\"[\"\"a\"\",\"\"b \\\"\"q\\\"\"\"\"]\",\"[1,2,3]\",\"[[1,2],[3]]\"\n"
				       "2,[],[4],[]\n"
				       "3,,[],\n"
				       "4,\"[\"\"c\"\"]\",\"[5,6]\",\"[[],[4]]\"\n");
	CHECK_INT(left, 1);
	free(got);
	const char *path = ll_test_put_bytes(dir, "lists.parquet", f.p, f.n);
	struct ds_open_opts o = {0};
	struct ll_table *t = NULL;
	CHECK_INT(ds_load(path, &o, &t, NULL, &err), LL_OK);
	CHECK(t && ll_test_has_note(t, "left out 1 column under lists nested more than 8 deep: 'tags'"));
	if (t)
		CHECK_STR(text_at(t, 3, "tags"), "[\"c\"]");
	ll_table_free(t);
	/* a row that a page claims to go on but no page began */
	struct pb d = {0};
	pb_put(&d, "PAR1", 4);
	v.n = 0;
	pb_runs(&v, rep3, 5, 1);
	pb_runs(&v, def3, 5, 1);
	for (int i = 3; i <= 6; i++)
		pb_le(&v, (uint64_t)i, 8);
	struct pb_chunk one = {0, 4, UNCOMPRESSED, 5, 0};
	pb_page(&d, &(struct pb_page){PB_DATA, 5, PLAIN, v.p, v.n, 0, 0, 0});
	rows = 3;
	pb_footer(&d, cols + 2, 1, 1, &rows, &one);
	CHECK(strstr(error_of(&d), "Parquet column 'tags', row group 1, page 1: its first value continues a row no page began"));
	/* a billion null elements in a few bytes meet the memory limit */
	d.n = 4;
	v.n = 0;
	pb_le(&v, 10, 4);
	pb_varint(&v, 2000000000u);
	pb_byte(&v, 0);
	pb_le(&v, 10, 4);
	pb_varint(&v, 2000000000u);
	pb_byte(&v, 1);
	pb_page(&d, &(struct pb_page){PB_DATA, 1000000000, PLAIN, v.p, v.n, 0, 0, 0});
	one.nvalues = 1000000000;
	rows = 1;
	pb_footer(&d, cols + 2, 1, 1, &rows, &one);
	setenv("LOGLAB_MEMORY_MAX", "64M", 1);
	const char *e = error_of(&d);
	if (!strstr(e, "a page of 1000000000 list entries needs"))
		fprintf(stderr, "%s\n", e);
	CHECK(strstr(e, "a page of 1000000000 list entries needs"));
	unsetenv("LOGLAB_MEMORY_MAX");
	/* a repetition level going on a list that is not there (after []) */
	d.n = 4;
	v.n = 0;
	int rep5[] = {0, 2}, def5[] = {1, 3};
	pb_runs(&v, rep5, 2, 1);
	pb_runs(&v, def5, 2, 1);
	pb_le(&v, 1, 4);
	one = (struct pb_chunk){0, 4, UNCOMPRESSED, 2, 0};
	pb_page(&d, &(struct pb_page){PB_DATA, 2, PLAIN, v.p, v.n, 0, 0, 0});
	rows = 1;
	pb_footer(&d, cols + 3, 1, 1, &rows, &one);
	CHECK(strstr(error_of(&d), "page 1: a repetition level of 2 goes on a list that is not there"));
	f.n = 4;
	pb_footer(&f, cols + 4, 1, 1, &rows, ch + 4);
	CHECK(strstr(error_of(&f), "whose columns are all under lists nested more than 8 deep ('tags')"));
	free(d.p);
	free(v.p);
	free(f.p);
}

/* Damaged files end in errors that say what is wrong, and no byte flipped
 * or cut makes the reader crash, hang or read out of bounds. */
static void test_damaged(void)
{
	struct pb f = {0};
	plain_file(&f, SNAPPY);
	struct pb d = {0};
	pb_put(&d, f.p, f.n - 3);
	CHECK(strstr(error_of(&d), "t.parquet: not a readable Parquet file: it does not end with PAR1 (truncated?)"));
	d.n = 0;
	pb_put(&d, "PAR1\1\2\3\4\5\6\7\x08\xff\xfe\xfd\xfc\x0c\0\0\0PAR1", 24);
	CHECK(strstr(error_of(&d), "not a readable Parquet file: its footer:"));
	d.n = 0;
	pb_put(&d, "PAR1\0\0\0\0\xff\xff\xff\x7fPAR1", 16);
	CHECK(strstr(error_of(&d), "its footer's length (2147483647 bytes) is more than the file holds"));
	d.n = 0;
	pb_put(&d, "PAR1\0\0\0\0\0\0\0\0PARE", 16);
	CHECK(strstr(error_of(&d), "an encrypted Parquet file"));
	/* a plaintext footer whose columns are encrypted (encryption_algorithm) */
	d.n = 0;
	pb_put(&d, "PAR1", 4);
	size_t start = d.n;
	int l = 0, el = 0;
	T_I32(&d, &l, 1, 2);
	t_list(&d, &l, 2, 12, 2);
	el = 0;
	t_bin(&d, &el, 4, "schema");
	T_I32(&d, &el, 5, 1);
	pb_byte(&d, 0);
	el = 0;
	T_I32(&d, &el, 1, INT32);
	T_I32(&d, &el, 3, 0);
	t_bin(&d, &el, 4, "n");
	pb_byte(&d, 0);
	T_I64(&d, &l, 3, 0);
	t_list(&d, &l, 4, 12, 0);
	tf(&d, &l, 8, 12); /* EncryptionAlgorithm { AES_GCM_V1 {} } */
	el = 0;
	tf(&d, &el, 1, 12);
	pb_byte(&d, 0);
	pb_byte(&d, 0);
	pb_byte(&d, 0);
	pb_le(&d, d.n - start, 4);
	pb_put(&d, "PAR1", 4);
	CHECK(strstr(error_of(&d), "t.parquet: an encrypted Parquet file (its columns are encrypted)"));
	/* a page that claims a billion values of a 3-row group */
	d.n = 0;
	pb_put(&d, "PAR1", 4);
	struct pb v = {0};
	pb_le(&v, 1, 4);
	struct pb_chunk ch = {0, 4, UNCOMPRESSED, 3, 0};
	pb_page(&d, &(struct pb_page){PB_DATA, 1000000000, PLAIN, v.p, v.n, 0, 0, 0});
	struct pb_col col = {"n", INT32, 0, -1, 0, 0, 0, 0};
	int64_t rows = 3;
	pb_footer(&d, &col, 1, 1, &rows, &ch);
	const char *e = error_of(&d);
	CHECK(strstr(e, "column 'n', row group 1, page 1: 1000000000 values, more than the 3 rows left in the row group"));
	/* a footer that claims 10^15 rows meets the memory limit first */
	d.n = 0;
	pb_put(&d, "PAR1", 4);
	pb_page(&d, &(struct pb_page){PB_DATA, 1, PLAIN, v.p, v.n, 0, 0, 0});
	rows = 1000000000000000LL;
	pb_footer(&d, &col, 1, 1, &rows, &ch);
	CHECK(strstr(error_of(&d), "more than the memory limit"));
	/* a SNAPPY page of a few bytes that claims 100 MiB is a bomb */
	d.n = 0;
	pb_put(&d, "PAR1", 4);
	pb_page(&d, &(struct pb_page){PB_DATA, 1, PLAIN, "\x80\x80\x80\x32\x00", 5, 100u << 20, 0, 0});
	ch.codec = SNAPPY;
	rows = 1;
	pb_footer(&d, &col, 1, 1, &rows, &ch);
	CHECK(strstr(error_of(&d), "Parquet column 'n', row group 1: a page of 104857600 bytes: a decompression bomb?"));
	ch.codec = UNCOMPRESSED;
	/* a footer's lists are held to the memory limit before they are made */
	setenv("LOGLAB_MEMORY_MAX", "256", 1);
	CHECK(strstr(error_of(&f), "its footer: a list longer than the memory limit allows (LOGLAB_MEMORY_MAX)"));
	unsetenv("LOGLAB_MEMORY_MAX");
	/* a page too short for its values */
	d.n = 0;
	pb_put(&d, "PAR1", 4);
	pb_page(&d, &(struct pb_page){PB_DATA, 3, PLAIN, v.p, v.n, 0, 0, 0});
	rows = 3;
	pb_footer(&d, &col, 1, 1, &rows, &ch);
	CHECK(strstr(error_of(&d), "column 'n', row group 1, page 1: 3 PLAIN values of 4 bytes in 4 bytes"));
	/* every length cut and every byte flipped: an error or a table, never more */
	size_t errors = 0;
	for (size_t cut = 0; cut < f.n; cut++) {
		struct ll_err err;
		struct ds_text t = {0};
		size_t lo;
		char names[64];
		errors += ds_parquet_csv("t", f.p, cut, &t, &lo, names, sizeof names, &err) != LL_OK;
		free(t.p);
	}
	CHECK_INT(errors, f.n);
	for (size_t at = 0; at < f.n; at++)
		for (unsigned x = 1; x < 256; x <<= 1) {
			f.p[at] ^= (unsigned char)x;
			struct ll_err err;
			struct ds_text t = {0};
			size_t lo;
			char names[64];
			(void)ds_parquet_csv("t", f.p, f.n, &t, &lo, names, sizeof names, &err);
			free(t.p);
			f.p[at] ^= (unsigned char)x;
		}
	free(v.p);
	free(d.p);
	free(f.p);
}

/* Every double's text reads back as the same double, and one of a few
 * decimals is written with just those: whole random bit patterns, values
 * of 1 to 9 decimals, and their negatives. */
static void test_double_texts(void)
{
	struct pq_column col = {.name = "x", .type = DOUBLE};
	uint64_t state = 0x9E3779B97F4A7C15ULL;
	size_t wrong = 0, long_decimal = 0;
	for (int i = 0; i < 5000; i++) {
		uint64_t r = ll_test_xorshift(&state);
		double v;
		if (i % 2) {
			memcpy(&v, &r, 8);
			if (isnan(v))
				continue;
		} else {
			int k = 1 + (int)(r % 9);
			v = (double)(int64_t)(r >> 20 & 0xFFFFFFF) / pow(10, k) * (r & 1 ? -1 : 1);
		}
		struct ds_text t = {0};
		unsigned char raw[8];
		uint64_t u;
		memcpy(&u, &v, 8);
		for (int b = 0; b < 8; b++)
			raw[b] = (unsigned char)(u >> (8 * b));
		wrong += !ds_parquet_value_text(&col, raw, 8, &t) || !t.p || strtod(t.p, NULL) != v;
		if (t.p && i % 2 == 0 && t.n > 20)
			long_decimal++;
		free(t.p);
	}
	CHECK_INT(wrong, 0);
	CHECK_INT(long_decimal, 0);
}

/* The thrift reader bounds nesting and lengths. */
static void test_thrift(void)
{
	unsigned char deep[200];
	memset(deep, 0x1C, sizeof deep); /* field 1, a struct, over and over */
	struct ds_thrift t;
	ds_thrift_init(&t, deep, sizeof deep);
	CHECK(ds_thrift_begin(&t));
	int id, type;
	CHECK_INT(ds_thrift_field(&t, &id, &type), 1);
	CHECK(!ds_thrift_skip(&t, type, 0));
	CHECK_STR(t.why, "structures nested too deep");
	/* a list that claims more elements than bytes */
	ds_thrift_init(&t, "\x19\xf5\xff\xff\xff\x0f", 6);
	ds_thrift_begin(&t);
	size_t n;
	int elem;
	CHECK_INT(ds_thrift_field(&t, &id, &type), 1);
	CHECK(!ds_thrift_list(&t, type, &elem, &n));
	CHECK_STR(t.why, "a list longer than what is left");
	/* a RLE/bit-packed run that ends early */
	struct pq_rle r;
	uint32_t v;
	ds_pq_rle_init(&r, (const unsigned char *)"\x03\xff", 2, 3);
	CHECK(ds_pq_rle_next(&r, &v) && v == 7);
	CHECK(ds_pq_rle_next(&r, &v) && v == 7);
	CHECK(!ds_pq_rle_next(&r, &v));
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "parquet");
	test_plain();
	test_codecs();
	test_dictionary_groups();
	test_encodings();
	test_values();
	test_one_text_column();
	test_lists();
	test_damaged();
	test_double_texts();
	test_thrift();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
