/*
 * parquet_build.h - Parquet files written byte by byte in memory, for the
 * tests of the Parquet reader: a Thrift compact writer, page headers,
 * PLAIN values, RLE/bit-packed levels and a footer of flat columns (or a
 * list column, which the reader leaves out). Pages are written as the
 * test gives them (compressed or not), so damaged ones are easy to make.
 */
#ifndef PARQUET_BUILD_H
#define PARQUET_BUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pb {
	unsigned char *p;
	size_t n, cap;
};

static void pb_put(struct pb *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 256;
		b->p = realloc(b->p, b->cap);
	}
	if (n)
		memcpy(b->p + b->n, d, n);
	b->n += n;
}

static void pb_byte(struct pb *b, unsigned v)
{
	unsigned char c = (unsigned char)v;
	pb_put(b, &c, 1);
}

static void pb_le(struct pb *b, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		pb_byte(b, (unsigned)(v >> (8 * i)) & 0xFF);
}

static void pb_varint(struct pb *b, uint64_t v)
{
	while (v >= 0x80) {
		pb_byte(b, (unsigned)(v & 0x7F) | 0x80);
		v >>= 7;
	}
	pb_byte(b, (unsigned)v);
}

static uint64_t pb_zz(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

/* Thrift compact: a field header (id as a delta from the last when it
 * fits), the struct's last id kept by the caller. */
static void tf(struct pb *b, int *last, int id, int type)
{
	if (id > *last && id - *last <= 15) {
		pb_byte(b, (unsigned)((id - *last) << 4 | type));
	} else {
		pb_byte(b, (unsigned)type);
		pb_varint(b, pb_zz(id));
	}
	*last = id;
}

static void t_int(struct pb *b, int *last, int id, int64_t v, int type)
{
	tf(b, last, id, type);
	pb_varint(b, pb_zz(v));
}
#define T_I32(b, last, id, v) t_int(b, last, id, v, 5)
#define T_I64(b, last, id, v) t_int(b, last, id, v, 6)

static void t_bin(struct pb *b, int *last, int id, const char *s)
{
	tf(b, last, id, 8);
	pb_varint(b, strlen(s));
	pb_put(b, s, strlen(s));
}

static void t_list(struct pb *b, int *last, int id, int elem, size_t n)
{
	tf(b, last, id, 9);
	if (n < 15) {
		pb_byte(b, (unsigned)(n << 4 | (size_t)elem));
	} else {
		pb_byte(b, (unsigned)(0xF0 | elem));
		pb_varint(b, n);
	}
}

enum { PB_DATA = 0, PB_DICT = 2, PB_DATA_V2 = 3 };

/* A page: its header, then body[0, n) as it is (compressed when codec is
 * not UNCOMPRESSED: usize says how large it was). v2 pages get nulls and
 * def_len (their levels, uncompressed at the body's start). */
struct pb_page {
	int type, nvalues, encoding;
	const void *body;
	size_t n, usize;
	int nulls, def_len;
};

static void pb_page(struct pb *b, const struct pb_page *pg)
{
	int l = 0;
	T_I32(b, &l, 1, pg->type);
	T_I32(b, &l, 2, (int64_t)(pg->usize ? pg->usize : pg->n));
	T_I32(b, &l, 3, (int64_t)pg->n);
	tf(b, &l, pg->type == PB_DATA ? 5 : pg->type == PB_DICT ? 7 : 8, 12);
	int s = 0;
	T_I32(b, &s, 1, pg->nvalues);
	if (pg->type == PB_DATA_V2) {
		T_I32(b, &s, 2, pg->nulls);
		T_I32(b, &s, 3, pg->nvalues);
		T_I32(b, &s, 4, pg->encoding);
		T_I32(b, &s, 5, pg->def_len);
		T_I32(b, &s, 6, 0);
	} else {
		T_I32(b, &s, 2, pg->encoding);
		if (pg->type == PB_DATA) {
			T_I32(b, &s, 3, 3);
			T_I32(b, &s, 4, 3);
		}
	}
	pb_byte(b, 0);
	pb_byte(b, 0);
	pb_put(b, pg->body, pg->n);
}

/* v1 definition levels (0 or 1) of n values: the 4-byte length, then one
 * bit-packed run. */
static void pb_levels(struct pb *b, const int *def, size_t n, int prefixed)
{
	size_t groups = (n + 7) / 8;
	if (prefixed)
		pb_le(b, 1 + groups, 4);
	pb_byte(b, (unsigned)(groups << 1 | 1));
	for (size_t g = 0; g < groups; g++) {
		unsigned v = 0;
		for (size_t i = 0; i < 8 && g * 8 + i < n; i++)
			v |= (unsigned)(def[g * 8 + i] & 1) << i;
		pb_byte(b, v);
	}
}

/* Levels of any width as runs of one value each (header 2, the value's
 * byte), with the v1 length before them when prefixed. */
static void pb_runs(struct pb *b, const int *lv, size_t n, int prefixed)
{
	if (prefixed)
		pb_le(b, 2 * n, 4);
	for (size_t i = 0; i < n; i++) {
		pb_byte(b, 2);
		pb_byte(b, (unsigned)lv[i]);
	}
}

static void pb_plain_str(struct pb *b, const char *s)
{
	pb_le(b, strlen(s), 4);
	pb_put(b, s, strlen(s));
}

/* A column of the schema: physical type, optional or not, converted type
 * (-1 none), a TIMESTAMP logical type's unit (1 millis, 2 micros, 3 nanos;
 * 0 none), list: the column is a list's element (1: a list of two
 * levels, a group of one repeated field; k: lists of such lists k deep,
 * under k - 1 repeated groups "inner"), and a
 * DECIMAL's scale and a FIXED's length. */
struct pb_col {
	const char *name;
	int type, optional, converted, ts_unit, list, scale, type_length;
};

/* A column chunk: where its pages start, its codec and values. */
struct pb_chunk {
	int64_t dict_off, data_off; /* dict_off 0: none */
	int codec;
	int64_t nvalues, size;
};

static void pb_schema_leaf(struct pb *b, const struct pb_col *c)
{
	int l = 0;
	T_I32(b, &l, 1, c->type);
	if (c->type_length)
		T_I32(b, &l, 2, c->type_length);
	T_I32(b, &l, 3, c->list ? 2 : c->optional);
	t_bin(b, &l, 4, c->name);
	if (c->converted >= 0)
		T_I32(b, &l, 6, c->converted);
	if (c->scale) {
		T_I32(b, &l, 7, c->scale);
		T_I32(b, &l, 8, 38);
	}
	if (c->ts_unit) {
		/* LogicalType { TIMESTAMP { isAdjustedToUTC true, unit { MILLIS | MICROS | NANOS {} } } } */
		tf(b, &l, 10, 12);
		int u = 0;
		tf(b, &u, 8, 12);
		int t = 0;
		tf(b, &t, 1, 1);
		tf(b, &t, 2, 12);
		int k = 0;
		tf(b, &k, c->ts_unit, 12);
		pb_byte(b, 0);
		pb_byte(b, 0);
		pb_byte(b, 0);
		pb_byte(b, 0);
	}
	pb_byte(b, 0);
}

/* The footer of cols and ngroups row groups (rows[g], chunks[g][ncols]),
 * its length and the magic. */
static void pb_footer(struct pb *b, const struct pb_col *cols, size_t ncols, size_t ngroups, const int64_t *rows,
		      const struct pb_chunk *chunks)
{
	size_t start = b->n, nlist = 0;
	for (size_t i = 0; i < ncols; i++)
		nlist += cols[i].list;
	int l = 0;
	T_I32(b, &l, 1, 2);
	t_list(b, &l, 2, 12, 1 + ncols + nlist);
	int s = 0;
	t_bin(b, &s, 4, "schema");
	T_I32(b, &s, 5, (int64_t)ncols);
	pb_byte(b, 0);
	for (size_t i = 0; i < ncols; i++) {
		if (cols[i].list) {
			/* an optional group holding the repeated element */
			s = 0;
			T_I32(b, &s, 3, 1);
			t_bin(b, &s, 4, "tags");
			T_I32(b, &s, 5, 1);
			T_I32(b, &s, 6, 3);
			pb_byte(b, 0);
		}
		for (int k = 1; k < cols[i].list; k++) {
			s = 0;
			T_I32(b, &s, 3, 2);
			t_bin(b, &s, 4, "inner");
			T_I32(b, &s, 5, 1);
			pb_byte(b, 0);
		}
		pb_schema_leaf(b, &cols[i]);
	}
	int64_t total = 0;
	for (size_t g = 0; g < ngroups; g++)
		total += rows[g];
	T_I64(b, &l, 3, total);
	t_list(b, &l, 4, 12, ngroups);
	for (size_t g = 0; g < ngroups; g++) {
		int rl = 0;
		t_list(b, &rl, 1, 12, ncols);
		for (size_t i = 0; i < ncols; i++) {
			const struct pb_chunk *ch = &chunks[g * ncols + i];
			int cl = 0;
			T_I64(b, &cl, 2, ch->data_off);
			tf(b, &cl, 3, 12);
			int m = 0;
			T_I32(b, &m, 1, cols[i].type);
			t_list(b, &m, 2, 5, 1);
			pb_varint(b, pb_zz(0));
			t_list(b, &m, 3, 8, 1);
			pb_varint(b, strlen(cols[i].name));
			pb_put(b, cols[i].name, strlen(cols[i].name));
			T_I32(b, &m, 4, ch->codec);
			T_I64(b, &m, 5, ch->nvalues);
			T_I64(b, &m, 6, ch->size);
			T_I64(b, &m, 7, ch->size);
			T_I64(b, &m, 9, ch->data_off);
			if (ch->dict_off)
				T_I64(b, &m, 11, ch->dict_off);
			pb_byte(b, 0);
			pb_byte(b, 0);
		}
		T_I64(b, &rl, 2, 100);
		T_I64(b, &rl, 3, rows[g]);
		pb_byte(b, 0);
	}
	t_bin(b, &l, 6, "parquet_build.h");
	pb_byte(b, 0);
	pb_le(b, b->n - start, 4);
	pb_put(b, "PAR1", 4);
}

#endif
