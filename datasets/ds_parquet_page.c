/*
 * ds_parquet_page.c - a Parquet column chunk read into cells
 * (ds_parquet_page.h).
 *
 * Pages follow one another from the chunk's first page (its dictionary
 * page when it has one). A data page's values are decoded into texts of
 * their own (vals), then laid out over its definition levels: a level
 * below the column's maximum is a null, an empty cell. The number of
 * values a page claims is held to the rows left in the row group, whose
 * size the caller checked against the memory limit, and every count that
 * is decoded is checked against the bytes it takes, so a hostile header
 * ends in an error before it costs memory.
 */
#include "ds_parquet_page.h"
#include "ds_parquet_codec.h"
#include "ds_parquet_levels.h"
#include "ds_parquet_value.h"
#include "ds_thrift.h"
#include "ll_limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DATA_PAGE = 0, INDEX_PAGE = 1, DICTIONARY_PAGE = 2, DATA_PAGE_V2 = 3 };
enum {
	PLAIN = 0,
	PLAIN_DICTIONARY = 2,
	RLE = 3,
	BIT_PACKED = 4,
	DELTA_BINARY_PACKED = 5,
	DELTA_LENGTH_BYTE_ARRAY = 6,
	DELTA_BYTE_ARRAY = 7,
	RLE_DICTIONARY = 8,
	BYTE_STREAM_SPLIT = 9
};

struct page_head {
	int type;
	int64_t usize, csize;
	int64_t nvalues, nnulls;
	int encoding, def_encoding, rep_encoding;
	int64_t def_len, rep_len;
	int compressed;
};

struct chunk {
	const struct pq_where *w;
	const struct pq_column *col;
	const struct pq_chunk *ch;
	struct ll_err *err;
	struct pq_cells *out, dict, vals;
	int have_dict;
	unsigned char *page;
	size_t page_cap;
	unsigned char *levels, *reps; /* definition and repetition levels */
	size_t levels_cap, reps_cap;
	uint64_t entries;  /* level entries read (a list column's values) */
	int open_row;      /* a list column's row is being written */
	int depth;         /* its lists open */
	int64_t *ints, *ints2;
	size_t ints_cap, ints2_cap;
	unsigned char *prev; /* DELTA_BYTE_ARRAY's last value */
	size_t prev_cap;
	size_t page_no;
};

void ds_pq_cells_free(struct pq_cells *c)
{
	free(c->text.p);
	free(c->end);
	memset(c, 0, sizeof *c);
}

const char *ds_pq_cell(const struct pq_cells *c, size_t i, size_t *len)
{
	size_t from = i ? c->end[i - 1] : 0;
	*len = c->end[i] - from;
	return c->text.p ? c->text.p + from : "";
}

static int fail(struct chunk *c, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (!c->page_no)
		return ll_err_set(c->err, LL_EDATA, "%s: Parquet column '%s', row group %zu: %s", c->w->path,
				  c->col->name, c->w->group + 1, what);
	return ll_err_set(c->err, LL_EDATA, "%s: Parquet column '%s', row group %zu, page %zu: %s", c->w->path,
			  c->col->name, c->w->group + 1, c->page_no, what);
}

static int oom(struct chunk *c)
{
	return ll_err_set(c->err, LL_ENOMEM, "%s: column '%s': out of memory", c->w->path, c->col->name);
}

/* Room for want elements of size sz in *p (capacity *cap elements). */
static int reserve(void **p, size_t *cap, size_t want, size_t sz)
{
	if (want <= *cap)
		return 1;
	size_t n = *cap ? *cap : 64;
	while (n < want)
		n *= 2;
	void *grown = realloc(*p, n * sz);
	if (!grown)
		return 0;
	*p = grown;
	*cap = n;
	return 1;
}

/* Closes the cell being written into cells. */
static int end_cell(struct pq_cells *cells)
{
	if (!reserve((void **)&cells->end, &cells->cap, cells->n + 1, sizeof *cells->end))
		return 0;
	cells->end[cells->n++] = cells->text.n;
	return 1;
}

static int put_value(struct chunk *c, struct pq_cells *into, const unsigned char *raw, size_t n)
{
	return ds_parquet_value_text(c->col, raw, n, &into->text) && end_cell(into);
}

/* The width of a fixed-size value of the column's type; 0 for BYTE_ARRAY
 * and BOOLEAN. */
static size_t fixed_width(const struct pq_column *col)
{
	switch (col->type) {
	case PQ_INT32: case PQ_FLOAT: return 4;
	case PQ_INT64: case PQ_DOUBLE: return 8;
	case PQ_INT96: return 12;
	case PQ_FIXED: return (size_t)col->type_length;
	default: return 0;
	}
}

static int plain(struct chunk *c, const unsigned char *p, size_t n, size_t count, struct pq_cells *into)
{
	size_t w = fixed_width(c->col);
	if (c->col->type == PQ_BOOLEAN) {
		if (count > n * 8)
			return fail(c, "%zu PLAIN booleans in %zu bytes", count, n);
		for (size_t i = 0; i < count; i++) {
			unsigned char b = (p[i / 8] >> (i % 8)) & 1;
			if (!put_value(c, into, &b, 1))
				return oom(c);
		}
		return LL_OK;
	}
	if (w) {
		if (count > n / w)
			return fail(c, "%zu PLAIN values of %zu bytes in %zu bytes", count, w, n);
		for (size_t i = 0; i < count; i++)
			if (!put_value(c, into, p + i * w, w))
				return oom(c);
		return LL_OK;
	}
	size_t at = 0;
	for (size_t i = 0; i < count; i++) {
		if (n - at < 4)
			return fail(c, "PLAIN byte arrays end after %zu of %zu values", i, count);
		size_t len = (size_t)p[at] | (size_t)p[at + 1] << 8 | (size_t)p[at + 2] << 16 | (size_t)p[at + 3] << 24;
		at += 4;
		if (len > n - at)
			return fail(c, "a PLAIN byte array of %zu bytes runs past the page's end", len);
		if (!put_value(c, into, p + at, len))
			return oom(c);
		at += len;
	}
	return LL_OK;
}

static int dictionary_values(struct chunk *c, const unsigned char *p, size_t n, size_t count)
{
	if (!c->have_dict)
		return fail(c, "dictionary indices without a dictionary page");
	if (n < 1)
		return fail(c, "dictionary indices without their bit width");
	if (p[0] > 32)
		return fail(c, "dictionary indices of %d bits", p[0]);
	struct pq_rle r;
	ds_pq_rle_init(&r, p + 1, n - 1, p[0]);
	for (size_t i = 0; i < count; i++) {
		uint32_t k;
		if (!ds_pq_rle_next(&r, &k))
			return fail(c, "dictionary indices end after %zu of %zu values", i, count);
		if (k >= c->dict.n)
			return fail(c, "dictionary index %u past the dictionary's %zu entries", k, c->dict.n);
		size_t len;
		const char *s = ds_pq_cell(&c->dict, k, &len);
		if (!ds_text_put(&c->vals.text, s, len) || !end_cell(&c->vals))
			return oom(c);
	}
	return LL_OK;
}

static int rle_booleans(struct chunk *c, const unsigned char *p, size_t n, size_t count)
{
	if (n < 4)
		return fail(c, "RLE booleans without their length");
	size_t len = (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
	if (len > n - 4)
		return fail(c, "RLE booleans longer than the page");
	struct pq_rle r;
	ds_pq_rle_init(&r, p + 4, len, 1);
	for (size_t i = 0; i < count; i++) {
		uint32_t v;
		if (!ds_pq_rle_next(&r, &v))
			return fail(c, "RLE booleans end after %zu of %zu values", i, count);
		unsigned char b = v != 0;
		if (!put_value(c, &c->vals, &b, 1))
			return oom(c);
	}
	return LL_OK;
}

/* count DELTA_BINARY_PACKED integers into *into (capacity *cap). */
static int deltas(struct chunk *c, const unsigned char *p, size_t n, size_t count, int64_t **into, size_t *cap,
		  size_t *used)
{
	const char *why;
	if (!reserve((void **)into, cap, count ? count : 1, sizeof **into))
		return oom(c);
	if (!ds_pq_delta_decode(p, n, *into, count, used, &why))
		return fail(c, "%s", why);
	return LL_OK;
}

static int delta_integers(struct chunk *c, const unsigned char *p, size_t n, size_t count)
{
	size_t used;
	if (c->col->type != PQ_INT32 && c->col->type != PQ_INT64)
		return fail(c, "DELTA_BINARY_PACKED values in a column that is not of integers");
	int rc = deltas(c, p, n, count, &c->ints, &c->ints_cap, &used);
	for (size_t i = 0; rc == LL_OK && i < count; i++) {
		unsigned char raw[8];
		for (int b = 0; b < 8; b++)
			raw[b] = (unsigned char)((uint64_t)c->ints[i] >> (8 * b));
		if (!put_value(c, &c->vals, raw, c->col->type == PQ_INT32 ? 4 : 8))
			return oom(c);
	}
	return rc;
}

/* DELTA_LENGTH_BYTE_ARRAY, and the suffixes of DELTA_BYTE_ARRAY after
 * the prefix lengths in c->ints2 (prefixed). */
static int delta_arrays(struct chunk *c, const unsigned char *p, size_t n, size_t count, int prefixed)
{
	size_t used;
	if (c->col->type != PQ_BYTE_ARRAY && c->col->type != PQ_FIXED)
		return fail(c, "DELTA byte arrays in a column that is not of byte arrays");
	int rc = deltas(c, p, n, count, &c->ints, &c->ints_cap, &used);
	size_t at = used, prev_len = 0;
	for (size_t i = 0; rc == LL_OK && i < count; i++) {
		int64_t len = c->ints[i], pre = prefixed ? c->ints2[i] : 0;
		if (len < 0 || (uint64_t)len > n - at)
			return fail(c, "a DELTA byte array of %lld bytes runs past the page's end", (long long)len);
		if (pre < 0 || (size_t)pre > prev_len)
			return fail(c, "a DELTA_BYTE_ARRAY prefix of %lld bytes, longer than the value before",
				    (long long)pre);
		const unsigned char *v = p + at;
		size_t vlen = (size_t)len;
		if (prefixed) {
			vlen = (size_t)pre + (size_t)len;
			if (!reserve((void **)&c->prev, &c->prev_cap, vlen ? vlen : 1, 1))
				return oom(c);
			memcpy(c->prev + pre, p + at, (size_t)len);
			v = c->prev;
			prev_len = vlen;
		}
		if (!put_value(c, &c->vals, v, vlen))
			return oom(c);
		at += (size_t)len;
	}
	return rc;
}

static int byte_stream_split(struct chunk *c, const unsigned char *p, size_t n, size_t count)
{
	size_t w = fixed_width(c->col);
	if (!w || c->col->type == PQ_INT96)
		return fail(c, "BYTE_STREAM_SPLIT values in a column of neither numbers nor fixed-length arrays");
	if (count > n / w)
		return fail(c, "%zu BYTE_STREAM_SPLIT values of %zu bytes in %zu bytes", count, w, n);
	unsigned char raw[64];
	unsigned char *v = w <= sizeof raw ? raw : malloc(w);
	if (!v)
		return oom(c);
	int rc = LL_OK;
	for (size_t i = 0; rc == LL_OK && i < count; i++) {
		for (size_t b = 0; b < w; b++)
			v[b] = p[b * count + i];
		if (!put_value(c, &c->vals, v, w))
			rc = oom(c);
	}
	if (v != raw)
		free(v);
	return rc;
}

static const char *encoding_name(int e)
{
	static const char *const names[] = {"PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED",
					    "DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY",
					    "RLE_DICTIONARY", "BYTE_STREAM_SPLIT", "ALP"};
	return e >= 0 && e < (int)(sizeof names / sizeof *names) ? names[e] : "an unknown encoding";
}

/* count values of a data page's encoding into c->vals. */
static int values(struct chunk *c, int enc, const unsigned char *p, size_t n, size_t count)
{
	switch (enc) {
	case PLAIN:
		return plain(c, p, n, count, &c->vals);
	case PLAIN_DICTIONARY:
	case RLE_DICTIONARY:
		return dictionary_values(c, p, n, count);
	case RLE:
		if (c->col->type != PQ_BOOLEAN)
			return fail(c, "RLE values in a column that is not of booleans");
		return rle_booleans(c, p, n, count);
	case DELTA_BINARY_PACKED:
		return delta_integers(c, p, n, count);
	case DELTA_LENGTH_BYTE_ARRAY:
		return delta_arrays(c, p, n, count, 0);
	case DELTA_BYTE_ARRAY: {
		size_t used;
		int rc = deltas(c, p, n, count, &c->ints2, &c->ints2_cap, &used);
		return rc == LL_OK ? delta_arrays(c, p + used, n - used, count, 1) : rc;
	}
	case BYTE_STREAM_SPLIT:
		return byte_stream_split(c, p, n, count);
	default:
		return fail(c, "values in the %s encoding, which loglab does not read", encoding_name(enc));
	}
}

/* Levels (up to max, what names them) of count values from p[0, n) into
 * *into; *used the bytes they took (v1 pages: RLE with its length, or
 * BIT_PACKED). */
static int levels(struct chunk *c, int enc, int prefixed, const unsigned char *p, size_t n, size_t count, int max,
		  const char *what, unsigned char **into, size_t *cap, size_t *used)
{
	int width = ds_pq_bit_width((uint32_t)max);
	if (!reserve((void **)into, cap, count ? count : 1, 1))
		return oom(c);
	unsigned char *lv = *into;
	if (enc == BIT_PACKED) {
		size_t bytes = (count * (size_t)width + 7) / 8;
		if (bytes > n)
			return fail(c, "BIT_PACKED %s levels longer than the page", what);
		for (size_t i = 0; i < count; i++) {
			unsigned v = 0;
			for (int b = 0; b < width; b++) {
				size_t bit = i * (size_t)width + (size_t)b;
				/* most significant bit first */
				v = v << 1 | ((p[bit / 8] >> (7 - bit % 8)) & 1);
			}
			if (v > (unsigned)max)
				return fail(c, "a %s level of %u, above the column's %d", what, v, max);
			lv[i] = (unsigned char)v;
		}
		*used = bytes;
		return LL_OK;
	}
	if (enc != RLE)
		return fail(c, "%s levels in the %s encoding", what, encoding_name(enc));
	size_t len = n, skip = 0;
	if (prefixed) {
		if (n < 4)
			return fail(c, "%s levels without their length", what);
		len = (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
		skip = 4;
		if (len > n - 4)
			return fail(c, "%s levels longer than the page", what);
	}
	struct pq_rle r;
	ds_pq_rle_init(&r, p + skip, len, width);
	for (size_t i = 0; i < count; i++) {
		uint32_t v;
		if (!ds_pq_rle_next(&r, &v))
			return fail(c, "%s levels end after %zu of %zu values", what, i, count);
		if (v > (uint32_t)max)
			return fail(c, "a %s level of %u, above the column's %d", what, v, max);
		lv[i] = (unsigned char)v;
	}
	*used = skip + len;
	return LL_OK;
}

static int close_row(struct chunk *c)
{
	for (; c->depth > 0; c->depth--)
		if (!ds_text_put(&c->out->text, "]", 1))
			return oom(c);
	c->open_row = 0;
	return end_cell(c->out) ? LL_OK : oom(c);
}

/* The element, of an entry of definition level def, of the open list of
 * depth j: a value (the next of the page's, *k) or a null at the deepest
 * list; else the list of depth j + 1, opened, empty or null. */
static int put_element(struct chunk *c, int j, int def, size_t *k)
{
	const struct pq_column *col = c->col;
	struct ds_text *t = &c->out->text;
	for (;; j++) {
		if (j == col->max_rep) {
			size_t len;
			const char *s = def == col->max_def ? ds_pq_cell(&c->vals, (*k)++, &len) : NULL;
			return (s ? ds_parquet_value_json(col, s, len, t) : ds_text_put(t, "null", 4)) ? LL_OK : oom(c);
		}
		int has = col->rep_def[j];
		if (def < has)
			return ds_text_put(t, def == has - 1 ? "[]" : "null", def == has - 1 ? 2 : 4) ? LL_OK : oom(c);
		if (!ds_text_put(t, "[", 1))
			return oom(c);
		c->depth = j + 1;
	}
}

/* A list column's page: its level entries over rows, each row's lists as
 * JSON arrays (nested as deep as its lists) in its cell: an empty list
 * [], a null list an empty cell (or null inside a list). A row may go on
 * in the next page. */
static int lay_out_list(struct chunk *c, size_t count, size_t present, size_t rows)
{
	if (c->vals.n != present)
		return fail(c, "%zu values decoded for %zu present", c->vals.n, present);
	const struct pq_column *col = c->col;
	size_t k = 0;
	for (size_t i = 0; i < count; i++) {
		int rep = c->reps[i], def = col->max_def ? c->levels[i] : 0, rc;
		if (!rep) {
			if (c->open_row && close_row(c) != LL_OK)
				return LL_ENOMEM;
			if (c->out->n >= rows)
				return fail(c, "more rows than the row group's %zu", rows);
			c->open_row = 1;
			/* the row's own list: null, empty, or opened */
			if (def < col->rep_def[0] - 1)
				continue;
			if (def == col->rep_def[0] - 1) {
				if (!ds_text_put(&c->out->text, "[]", 2))
					return oom(c);
				continue;
			}
			if (!ds_text_put(&c->out->text, "[", 1))
				return oom(c);
			c->depth = 1;
			rc = put_element(c, 1, def, &k);
		} else {
			if (!c->open_row)
				return fail(c, "its first value continues a row no page began");
			if (rep > c->depth)
				return fail(c, "a repetition level of %d goes on a list that is not there", rep);
			for (; c->depth > rep; c->depth--)
				if (!ds_text_put(&c->out->text, "]", 1))
					return oom(c);
			if (!ds_text_put(&c->out->text, ",", 1))
				return oom(c);
			rc = put_element(c, rep, def, &k);
		}
		if (rc != LL_OK)
			return rc;
	}
	return LL_OK;
}

/* Lays the page's values (c->vals) over its count levels into c->out. */
static int lay_out(struct chunk *c, size_t count, size_t present)
{
	if (c->vals.n != present)
		return fail(c, "%zu values decoded for %zu present", c->vals.n, present);
	size_t k = 0;
	for (size_t i = 0; i < count; i++) {
		if (c->col->max_def && c->levels[i] < c->col->max_def) {
			if (!end_cell(c->out))
				return oom(c);
			continue;
		}
		size_t len;
		const char *s = ds_pq_cell(&c->vals, k++, &len);
		if (!ds_text_put(&c->out->text, s, len) || !end_cell(c->out))
			return oom(c);
	}
	return LL_OK;
}

static int read_header_part(struct ds_thrift *t, struct page_head *h, int which)
{
	int id, type, r;
	if (!ds_thrift_begin(t))
		return 0;
	while ((r = ds_thrift_field(t, &id, &type)) == 1) {
		int64_t v = 0;
		int is_int = type == DS_T_I32 || type == DS_T_I64;
		int ok, flag = 1;
		if (which == DATA_PAGE_V2 && id == 7 && (type == DS_T_TRUE || type == DS_T_FALSE))
			ok = ds_thrift_bool(t, type, 0, &flag), h->compressed = flag;
		else
			ok = is_int ? ds_thrift_int(t, type, &v) : ds_thrift_skip(t, type, 0);
		if (!ok)
			return 0;
		if (!is_int)
			continue;
		if (which == DATA_PAGE || which == DICTIONARY_PAGE) {
			if (id == 1)
				h->nvalues = v;
			else if (id == 2)
				h->encoding = (int)v;
			else if (id == 3 && which == DATA_PAGE)
				h->def_encoding = (int)v;
			else if (id == 4 && which == DATA_PAGE)
				h->rep_encoding = (int)v;
		} else {
			switch (id) {
			case 1: h->nvalues = v; break;
			case 2: h->nnulls = v; break;
			case 4: h->encoding = (int)v; break;
			case 5: h->def_len = v; break;
			case 6: h->rep_len = v; break;
			}
		}
	}
	ds_thrift_end(t);
	return r == 0;
}

/* The page header at p[0, n); *len its bytes. */
static int read_header(struct chunk *c, const unsigned char *p, size_t n, struct page_head *h, size_t *len)
{
	*h = (struct page_head){.type = -1, .usize = -1, .csize = -1, .nvalues = -1, .def_encoding = RLE, .rep_encoding = RLE,
				.compressed = 1};
	struct ds_thrift t;
	ds_thrift_init(&t, p, n);
	int id, type, r, ok = ds_thrift_begin(&t);
	while (ok && (r = ds_thrift_field(&t, &id, &type)) == 1) {
		int64_t v = 0;
		if (id >= 1 && id <= 3 && type == DS_T_I32) {
			ok = ds_thrift_int(&t, type, &v);
			if (id == 1)
				h->type = (int)v;
			else if (id == 2)
				h->usize = v;
			else
				h->csize = v;
		} else if ((id == 5 || id == 7 || id == 8) && type == DS_T_STRUCT) {
			ok = read_header_part(&t, h, id == 5 ? DATA_PAGE : id == 7 ? DICTIONARY_PAGE : DATA_PAGE_V2);
		} else {
			ok = ds_thrift_skip(&t, type, 0);
		}
	}
	if (!ok || r != 0)
		return fail(c, "its page header does not decode (%s)", t.why ? t.why : "damaged");
	if (h->type < 0 || h->usize < 0 || h->csize < 0)
		return fail(c, "its page header lacks the page's type or sizes");
	*len = t.at;
	return LL_OK;
}

/* The page's bytes, decompressed after its first plain bytes (v2 levels). */
static int page_bytes(struct chunk *c, const struct page_head *h, const unsigned char *p, size_t plain_bytes,
		      const unsigned char **out)
{
	size_t usize = (size_t)h->usize, csize = (size_t)h->csize;
	if (plain_bytes > csize || plain_bytes > usize)
		return fail(c, "its levels are longer than the page");
	/* a page of nothing but levels: no compressed stream at all (an empty
	 * stream is not valid SNAPPY) */
	if (usize == plain_bytes) {
		*out = p;
		return LL_OK;
	}
	if (c->ch->codec == 0 || !h->compressed) {
		if (usize != csize)
			return fail(c, "an uncompressed page whose two sizes differ (%zu, %zu)", usize, csize);
		*out = p;
		return LL_OK;
	}
	const char *why = "damaged";
	if (!ds_parquet_codec_readable(c->ch->codec, &why))
		return fail(c, "compressed with %s", why);
	char what[600];
	snprintf(what, sizeof what, "%s: Parquet column '%s', row group %zu: a page of %zu bytes", c->w->path,
		 c->col->name, c->w->group + 1, usize);
	/* a page as large as the memory limit from a few bytes is a bomb:
	 * held to the ratio a gzip stream is (LOGLAB_INFLATE_RATIO) */
	if (ll_mem_check((double)usize, what, c->err) != LL_OK ||
	    ll_inflate_check(csize - plain_bytes, usize - plain_bytes, what, c->err) != LL_OK)
		return LL_EDATA;
	if (!reserve((void **)&c->page, &c->page_cap, usize ? usize : 1, 1))
		return oom(c);
	memcpy(c->page, p, plain_bytes);
	int r = ds_parquet_decompress(c->ch->codec, p + plain_bytes, csize - plain_bytes, c->page + plain_bytes,
				      usize - plain_bytes, &why);
	if (r < 0)
		return fail(c, "compressed with %s", why);
	if (r == 0)
		return fail(c, "a %s page that does not decompress: %s", ds_parquet_codec_name(c->ch->codec), why);
	*out = c->page;
	return LL_OK;
}

static int dictionary_page(struct chunk *c, const struct page_head *h, const unsigned char *p)
{
	if (c->have_dict)
		return fail(c, "a second dictionary page");
	if (h->encoding != PLAIN && h->encoding != PLAIN_DICTIONARY)
		return fail(c, "a dictionary in the %s encoding", encoding_name(h->encoding));
	if (h->nvalues < 0)
		return fail(c, "a dictionary of %lld values", (long long)h->nvalues);
	int rc = plain(c, p, (size_t)h->usize, (size_t)h->nvalues, &c->dict);
	c->have_dict = rc == LL_OK;
	return rc;
}

static int data_page(struct chunk *c, const struct page_head *h, const unsigned char *p, size_t rows)
{
	const struct pq_column *col = c->col;
	size_t left = rows - c->out->n;
	if (h->nvalues < 0 || (!col->max_rep && (uint64_t)h->nvalues > left))
		return fail(c, "%lld values, more than the %zu rows left in the row group", (long long)h->nvalues, left);
	if (col->max_rep) {
		/* a list's entries are not bounded by its rows: by memory, with
		 * what the column holds already (a run of a billion nulls is a
		 * few bytes) */
		char what[600];
		snprintf(what, sizeof what, "%s: Parquet column '%s', row group %zu: a page of %lld list entries",
			 c->w->path, col->name, c->w->group + 1, (long long)h->nvalues);
		if (ll_mem_check((double)c->out->text.n + (double)h->nvalues * 8.0, what, c->err) != LL_OK)
			return LL_EDATA;
	}
	size_t count = (size_t)h->nvalues, n = (size_t)h->usize, at = 0, present = count, used;
	int v2 = h->type == DATA_PAGE_V2, rc;
	if (v2 && (h->rep_len < 0 || h->def_len < 0 || (uint64_t)h->rep_len > n ||
		   (uint64_t)h->def_len > n - (size_t)h->rep_len))
		return fail(c, "its levels are longer than the page");
	if (col->max_rep) {
		rc = v2 ? levels(c, RLE, 0, p, (size_t)h->rep_len, count, col->max_rep, "repetition", &c->reps,
				 &c->reps_cap, &used)
			: levels(c, h->rep_encoding, 1, p, n, count, col->max_rep, "repetition", &c->reps, &c->reps_cap,
				 &used);
		if (rc != LL_OK)
			return rc;
		at = v2 ? (size_t)h->rep_len : used;
	} else if (v2) {
		at = (size_t)h->rep_len;
	}
	if (col->max_def > 0) {
		rc = v2 ? levels(c, RLE, 0, p + at, (size_t)h->def_len, count, col->max_def, "definition", &c->levels,
				 &c->levels_cap, &used)
			: levels(c, h->def_encoding, 1, p + at, n - at, count, col->max_def, "definition", &c->levels,
				 &c->levels_cap, &used);
		if (rc != LL_OK)
			return rc;
		at += v2 ? (size_t)h->def_len : used;
		present = 0;
		for (size_t i = 0; i < count; i++)
			present += c->levels[i] == col->max_def;
	} else if (v2) {
		at += (size_t)h->def_len;
	}
	if (v2 && h->nnulls >= 0 && !col->max_rep && (uint64_t)h->nnulls != count - present)
		return fail(c, "%lld nulls in its header but %zu in its levels", (long long)h->nnulls, count - present);
	c->vals.text.n = 0;
	c->vals.n = 0;
	c->entries += count;
	/* a page of nulls needs no values (some writers leave even a DELTA
	 * header out) */
	rc = present ? values(c, h->encoding, p + at, n - at, present) : LL_OK;
	if (rc != LL_OK)
		return rc;
	return col->max_rep ? lay_out_list(c, count, present, rows) : lay_out(c, count, present);
}

int ds_parquet_chunk_read(const struct pq_where *w, const unsigned char *file, size_t size,
			  const struct pq_column *col, const struct pq_chunk *ch, size_t rows, struct pq_cells *out,
			  struct ll_err *err)
{
	struct chunk c = {.w = w, .col = col, .ch = ch, .err = err, .out = out};
	out->text.n = 0;
	out->n = 0;
	if (!rows)
		return LL_OK; /* an empty row group's chunks may point nowhere */
	if (!ch->has_meta)
		return fail(&c, "its column chunk has no metadata");
	if (ch->external)
		return fail(&c, "its data is in another file (file_path), which loglab does not follow");
	if (ch->type != col->type)
		return fail(&c, "its chunk's type (%d) is not the schema's (%d)", ch->type, col->type);
	int64_t start = ch->data_page_offset;
	if (ch->dictionary_page_offset > 0 && ch->dictionary_page_offset < start)
		start = ch->dictionary_page_offset;
	size_t limit = size - 8; /* the footer's length and magic */
	if (start < 4 || (uint64_t)start >= limit)
		return fail(&c, "its first page's offset (%lld) is outside the file", (long long)start);
	size_t at = (size_t)start;
	int rc = LL_OK;
	/* a flat column ends with its rows; a list column with its entries
	 * (its last row may go on to the last page) */
	while (rc == LL_OK && (col->max_rep ? c.entries < (uint64_t)ch->num_values : out->n < rows)) {
		c.page_no++;
		if (at >= limit) {
			rc = fail(&c, "the chunk ends after %zu of %zu values (truncated?)", out->n, rows);
			break;
		}
		struct page_head h;
		size_t hlen = 0;
		rc = read_header(&c, file + at, limit - at, &h, &hlen);
		if (rc != LL_OK)
			break;
		at += hlen;
		if ((uint64_t)h.csize > limit - at) {
			rc = fail(&c, "a page of %lld bytes runs past the end of the file (truncated?)", (long long)h.csize);
			break;
		}
		const unsigned char *body = file + at;
		at += (size_t)h.csize;
		if (h.type != DATA_PAGE && h.type != DATA_PAGE_V2 && h.type != DICTIONARY_PAGE)
			continue; /* index pages and the unknown: nothing to show */
		size_t plain_bytes = 0;
		if (h.type == DATA_PAGE_V2 && h.rep_len >= 0 && h.def_len >= 0 && h.rep_len <= INT32_MAX &&
		    h.def_len <= INT32_MAX)
			plain_bytes = (size_t)(h.rep_len + h.def_len);
		const unsigned char *p = NULL;
		rc = page_bytes(&c, &h, body, plain_bytes, &p);
		if (rc == LL_OK)
			rc = h.type == DICTIONARY_PAGE ? dictionary_page(&c, &h, p) : data_page(&c, &h, p, rows);
	}
	if (rc == LL_OK && c.open_row)
		rc = close_row(&c);
	if (rc == LL_OK && out->n != rows)
		rc = fail(&c, "%zu rows in the chunk, %zu in the row group", out->n, rows);
	ds_pq_cells_free(&c.dict);
	ds_pq_cells_free(&c.vals);
	free(c.page);
	free(c.levels);
	free(c.reps);
	free(c.ints);
	free(c.ints2);
	free(c.prev);
	return rc;
}
