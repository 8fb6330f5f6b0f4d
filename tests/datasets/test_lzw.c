/*
 * tests/datasets/test_lzw.c - Unix compress (.Z) decoding (datasets/ds_lzw.h
 * through ds_codec.h): a file made by ncompress, then text packed here the
 * way compress packs it (codes growing from 9 bits, padding at each width
 * change, CLEAR codes) read back through output slices of every size, cut
 * files, codes no encoder makes, and random bytes behind a header read
 * without overflow. tests/cli/test_compressed.sh reads files of the
 * compress command itself.
 */
#include "harness.h"
#include "decode_slices.h"

#include "ds_codec.h"

#include <stdlib.h>
#include <string.h>

/* Decodes in[0, n) through slices of `slice` bytes; the text in *text. */
static int decode(const unsigned char *in, size_t n, size_t slice, char **text, size_t *len, struct ll_err *err)
{
	size_t consumed;
	return decode_slices(DS_CODEC_COMPRESS, "x.Z", in, n, slice, text, len, &consumed, err);
}

/* ---- an encoder laying codes out as compress does ---- */

struct packer {
	unsigned char *out;
	size_t cap, bits;     /* bits written after the header */
	unsigned n_bits, in_group;
};

static void put(struct packer *p, uint32_t code)
{
	for (unsigned i = 0; i < p->n_bits; i++, p->bits++) {
		size_t at = 3 + p->bits / 8;
		if (at >= p->cap)
			return;
		if (p->bits % 8 == 0)
			p->out[at] = 0;
		p->out[at] |= (unsigned char)(((code >> i) & 1) << (p->bits % 8));
	}
	p->in_group++;
}

/* The rest of the group of eight codes is padding; then width w. */
static void regroup(struct packer *p, unsigned w)
{
	size_t pad = (size_t)((8 - p->in_group % 8) % 8) * p->n_bits;
	for (size_t i = 0; i < pad; i++, p->bits++)
		if (p->bits % 8 == 0 && 3 + p->bits / 8 < p->cap)
			p->out[3 + p->bits / 8] = 0;
	p->n_bits = w;
	p->in_group = 0;
}

/* text[0, n) as a block-mode .Z of max_bits codes, with a CLEAR after
 * every clear_every codes (0: never); returns its length. The width grows
 * when the reader's next entry passes the width's last code: the reader
 * makes each entry a code later than the writer. */
static size_t lzw_of(const unsigned char *text, size_t n, unsigned max_bits, unsigned clear_every, unsigned char *out,
		     size_t cap)
{
	enum { HASH = 1 << 18 };
	uint32_t *key = calloc(HASH, sizeof *key);
	uint16_t *val = malloc(HASH * sizeof *val);
	struct packer p = {out, cap, 0, 9, 0};
	out[0] = 0x1F, out[1] = 0x9D, out[2] = (unsigned char)(0x80 | max_bits);
	uint32_t table_end = 1u << max_bits, next = 257, reader_next = 257, max_code = 511, w = 0;
	int first = 1, fresh = 1;
	unsigned since_clear = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && first) {
			w = text[i];
			first = 0;
			continue;
		}
		if (i < n) {
			uint32_t k = (w << 8 | text[i]) + 1, h = (k * 2654435761u) % HASH;
			while (key[h] && key[h] != k)
				h = (h + 1) % HASH;
			if (key[h]) {
				w = val[h];
				continue;
			}
			if (next < table_end) {
				key[h] = k;
				val[h] = (uint16_t)next++;
			}
		} else if (first) {
			break;
		}
		if (reader_next > max_code) {
			regroup(&p, p.n_bits + 1);
			max_code = p.n_bits >= max_bits ? table_end : (1u << p.n_bits) - 1;
		}
		put(&p, w);
		if (!fresh && reader_next < table_end)
			reader_next++;
		fresh = 0;
		if (i == n)
			break;
		w = text[i];
		if (clear_every && ++since_clear % clear_every == 0) {
			if (reader_next > max_code) {
				regroup(&p, p.n_bits + 1);
				max_code = p.n_bits >= max_bits ? table_end : (1u << p.n_bits) - 1;
			}
			put(&p, 256);
			regroup(&p, 9);
			max_code = 511;
			memset(key, 0, HASH * sizeof *key);
			next = 257;
			/* the reader's next code makes the entry at 256 */
			reader_next = 256;
		}
	}
	free(key);
	free(val);
	size_t len = 3 + (p.bits + 7) / 8;
	return len <= cap ? len : 0;
}

static void test_sniff(void)
{
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x1f\x9d\x90", 3), DS_CODEC_COMPRESS);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x1f\x9d\x89", 3), DS_CODEC_COMPRESS);
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x1f\x9d\x88", 3), DS_CODEC_PLAIN);  /* 8-bit codes */
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x1f\x9d\x91", 3), DS_CODEC_PLAIN);  /* 17 */
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x1f\x9d\xf0", 3), DS_CODEC_PLAIN);  /* reserved bits */
	CHECK_INT(ds_codec_sniff((const unsigned char *)"\x1f\x9d", 2), DS_CODEC_PLAIN);
	CHECK_STR(ds_codec_name(DS_CODEC_COMPRESS), "compress");
	CHECK(ds_codec_available(DS_CODEC_COMPRESS));
}

/* "hello hello hello hello\n" as ncompress 4.2.4 writes it (compress -c). */
static void test_ncompress_vector(void)
{
	static const unsigned char z[] = {0x1f, 0x9d, 0x90, 0x68, 0xca, 0xb0, 0x61, 0xf3, 0x06, 0x44, 0xc0, 0x81,
					  0x05, 0x0f, 0x12, 0x34, 0x28, 0x90, 0xa0, 0x02};
	const char *want = "hello hello hello hello\n";
	struct ll_err err;
	char *out;
	size_t got;
	for (size_t slice = 1; slice <= 32; slice += 5) {
		CHECK_INT(decode(z, sizeof z, slice, &out, &got, &err), LL_OK);
		CHECK(got == strlen(want) && memcmp(out, want, got) == 0);
		free(out);
	}
	/* the header alone is an empty file; less is cut */
	CHECK_INT(decode(z, 3, 64, &out, &got, &err), LL_OK);
	CHECK_INT(got, 0);
	free(out);
	CHECK_INT(decode(z, 2, 64, &out, &got, &err), LL_EDATA);
	CHECK(strstr(err.msg, "x.Z: truncated compress") != NULL);
	free(out);
}

static void test_round_trips(const unsigned char *text, size_t n)
{
	static const struct {
		unsigned bits, clear_every;
	} cases[] = {{16, 0}, {12, 0}, {10, 0}, {16, 5000}, {12, 900}, {10, 300}, {9, 0}, {9, 200}};
	size_t cap = 2 * n + 64;
	unsigned char *z = malloc(cap);
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		size_t len = lzw_of(text, n, cases[c].bits, cases[c].clear_every, z, cap);
		CHECK(len > 3 && len < n);
		CHECK_INT(ds_codec_sniff(z, len), DS_CODEC_COMPRESS);
		static const size_t slices[] = {1, 7, 4093, 1 << 20};
		for (size_t s = 0; s < sizeof slices / sizeof *slices; s++) {
			if (slices[s] == 1 && c % 3) /* byte by byte is slow: a few cases */
				continue;
			struct ll_err err;
			char *out;
			size_t got;
			int rc = decode(z, len, slices[s], &out, &got, &err);
			CHECK_INT(rc, LL_OK);
			CHECK(got == n && memcmp(out, text, n) == 0);
			if (rc != LL_OK || got != n || memcmp(out, text, n) != 0)
				fprintf(stderr, "bits %u clear %u slice %zu: %s (%zu of %zu bytes)\n", cases[c].bits,
					cases[c].clear_every, slices[s], rc ? err.msg : "", got, n);
			free(out);
		}
		/* a cut file: a prefix of the text, or named as cut when a
		 * byte or more of a code is left */
		int named = 0;
		for (size_t cut = len - 24; cut < len; cut++) {
			struct ll_err err;
			char *out;
			size_t got;
			int rc = decode(z, cut, 4096, &out, &got, &err);
			CHECK(rc == LL_OK || rc == LL_EDATA);
			if (rc == LL_EDATA) {
				CHECK(strstr(err.msg, "x.Z: truncated compress: the compressed stream ends early") != NULL);
				named++;
			}
			CHECK(got <= n && memcmp(out, text, got) == 0);
			free(out);
		}
		CHECK(named > 0);
	}
	free(z);
}

static void test_corrupt(void)
{
	struct ll_err err;
	char *out;
	size_t got;
	/* 'a', then code 300 while the next entry is 257 */
	CHECK_INT(decode((const unsigned char *)"\x1f\x9d\x90\x61\x58\x02", 6, 64, &out, &got, &err), LL_EDATA);
	CHECK_STR(err.msg, "x.Z: corrupt compress data at compressed byte 4: a code past the table's end");
	free(out);
	/* the first code is 300, not a byte */
	CHECK_INT(decode((const unsigned char *)"\x1f\x9d\x90\x2c\x01", 5, 64, &out, &got, &err), LL_EDATA);
	CHECK_STR(err.msg, "x.Z: corrupt compress data at compressed byte 3: the first code is not a byte");
	free(out);
	/* random bytes behind every header: refused or read, never past a
	 * buffer (the suite runs this under ASan and valgrind) */
	uint64_t seed = 0x2545F4914F6CDD1DULL;
	unsigned char junk[3000];
	int refused = 0;
	for (int round = 0; round < 64; round++) {
		junk[0] = 0x1F, junk[1] = 0x9D, junk[2] = (unsigned char)(0x80 | (9 + round % 8));
		for (size_t i = 3; i < sizeof junk; i++)
			junk[i] = (unsigned char)(ll_test_xorshift(&seed) >> 56);
		/* small codes live longer: a stream of them reaches table growth */
		if (round % 2)
			for (size_t i = 3; i < sizeof junk; i++)
				junk[i] &= 0x3F;
		int rc = decode(junk, sizeof junk, 1000, &out, &got, &err);
		CHECK(rc == LL_OK || rc == LL_EDATA);
		refused += rc == LL_EDATA;
		free(out);
	}
	CHECK(refused > 0);
}

int main(void)
{
	/* 3,000 log lines (190 KB): the table fills and is cleared; 1,000
	 * under valgrind and sanitizers (the 9- to 12-bit tables still fill) */
	int lines = ll_test_slow_build() ? 1000 : 3000;
	size_t cap = (size_t)lines * 80, n = 0;
	unsigned char *text = malloc(cap);
	for (int i = 0; i < lines; i++)
		n += (size_t)snprintf((char *)text + n, cap - n, "Jan  1 %02d:%02d:%02d web%d sshd[%d]: session %d for u%d\n",
				      i / 3600, i / 60 % 60, i % 60, i % 3, 100 + i % 7, i * 7919 % 10007, i % 11);
	test_sniff();
	test_ncompress_vector();
	test_round_trips(text, n);
	test_corrupt();
	free(text);
	TEST_MAIN_END();
}
