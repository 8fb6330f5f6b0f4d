/*
 * ds_npy.c - NumPy's .npy arrays: a magic string, a header that is a
 * Python dict literal ('descr', 'fortran_order', 'shape') and the raw
 * values. Anomaly benchmarks ship their series this way (telemanom's SMAP
 * and MSL channels, many papers' preprocessed SMD/SWaT), and without a
 * reader a user had to convert them with NumPy first. A 1-D array is one
 * column, a 2-D one a column per index of the second axis, named col1,
 * col2... as a headerless CSV's; values are numbers (booleans 0/1).
 * Little-endian (or byte-order-free) integers, unsigned integers, floats
 * and booleans are read; anything else is an error that names the file
 * and the dtype.
 */
#include "ds_csv.h"
#include "ds_source.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char MAGIC[] = "\x93NUMPY";
#define MAGIC_LEN 6

static int npy_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	return n >= MAGIC_LEN + 4 && memcmp(head, MAGIC, MAGIC_LEN) == 0 ? 100 : 0;
}

struct npy_header {
	char kind;     /* 'f', 'i', 'u' or 'b' */
	size_t size;   /* bytes a value */
	int fortran;   /* column-major */
	size_t dims[2];
	int ndim;
};

/* The text after 'key': in the header dict, or NULL. */
static const char *dict_value(const char *h, size_t n, const char *key)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i + kl + 2 < n; i++)
		if ((h[i] == '\'' || h[i] == '"') && memcmp(h + i + 1, key, kl) == 0 && h[i + 1 + kl] == h[i]) {
			const char *p = h + i + kl + 2, *end = h + n;
			while (p < end && (*p == ' ' || *p == ':'))
				p++;
			return p < end ? p : NULL;
		}
	return NULL;
}

static int parse_header(const char *h, size_t n, struct npy_header *o, const char *path, struct ll_err *err)
{
	const char *end = h + n, *d = dict_value(h, n, "descr"), *f = dict_value(h, n, "fortran_order"),
		   *s = dict_value(h, n, "shape");
	if (!d || !f || !s)
		return ll_err_set(err, LL_EDATA, "%s: not a .npy header (descr, fortran_order and shape)", path);
	/* descr: a quoted type string such as '<f8' */
	if (*d != '\'' && *d != '"')
		return ll_err_set(err, LL_EDATA, "%s: a structured .npy array (descr not a type string)", path);
	char q = *d++;
	const char *de = memchr(d, q, (size_t)(end - d));
	if (!de || de - d < 3 || de - d > 8)
		return ll_err_set(err, LL_EDATA, "%s: unreadable .npy descr", path);
	char order = d[0], kind = d[1];
	long size = strtol(d + 2, NULL, 10);
	int ok_order = order == '<' || order == '|' || (order == '=' && (union { uint16_t u; uint8_t b; }){1}.b == 1);
	int ok_kind = (kind == 'f' && (size == 4 || size == 8)) ||
		      ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8)) ||
		      (kind == 'b' && size == 1);
	if (!ok_order || !ok_kind)
		return ll_err_set(err, LL_EDATA,
				  "%s: .npy dtype %.*s is not read (little-endian numbers and booleans are)", path,
				  (int)(de - d), d);
	o->kind = kind;
	o->size = (size_t)size;
	o->fortran = strncmp(f, "True", 4) == 0;
	/* shape: a tuple of up to two sizes */
	if (*s != '(')
		return ll_err_set(err, LL_EDATA, "%s: unreadable .npy shape", path);
	o->ndim = 0;
	for (const char *p = s + 1; p < end && *p != ')';) {
		if (*p == ' ' || *p == ',') {
			p++;
			continue;
		}
		char *q2;
		unsigned long long v = strtoull(p, &q2, 10);
		if (q2 == p)
			return ll_err_set(err, LL_EDATA, "%s: unreadable .npy shape", path);
		if (o->ndim == 2)
			return ll_err_set(err, LL_EDATA, "%s: a .npy array of 3 or more dimensions is not a table", path);
		o->dims[o->ndim++] = (size_t)v;
		p = q2;
	}
	if (o->ndim == 0)
		return ll_err_set(err, LL_EDATA, "%s: a .npy scalar is not a table", path);
	if (o->ndim == 1)
		o->dims[1] = 1;
	return LL_OK;
}

static double value_at(const unsigned char *p, const struct npy_header *h)
{
	/* little-endian bytes to the host's value, whatever the host */
	uint64_t u = 0;
	for (size_t i = 0; i < h->size; i++)
		u |= (uint64_t)p[i] << (8 * i);
	switch (h->kind) {
	case 'f':
		if (h->size == 4) {
			uint32_t w = (uint32_t)u;
			float x;
			memcpy(&x, &w, sizeof x);
			return x;
		} else {
			double x;
			memcpy(&x, &u, sizeof x);
			return x;
		}
	case 'i': {
		unsigned bits = (unsigned)(8 * h->size);
		int64_t v = bits < 64 && (u >> (bits - 1)) ? (int64_t)(u | (~(uint64_t)0 << bits)) : (int64_t)u;
		return (double)v;
	}
	default:
		return (double)u;
	}
}

static int npy_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	(void)opts;
	*out = NULL;
	const char *path = src->path;
	const unsigned char *b = (const unsigned char *)src->data;
	size_t n = src->size;
	if (n < MAGIC_LEN + 4 || memcmp(b, MAGIC, MAGIC_LEN) != 0)
		return ll_err_set(err, LL_EDATA, "%s: not a .npy file", path);
	int major = b[6];
	size_t hl, at;
	if (major == 1) {
		hl = (size_t)b[8] | (size_t)b[9] << 8;
		at = 10;
	} else if ((major == 2 || major == 3) && n >= 12) {
		hl = (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24;
		at = 12;
	} else {
		return ll_err_set(err, LL_EDATA, "%s: .npy version %d is not read", path, major);
	}
	if (hl > n - at)
		return ll_err_set(err, LL_EDATA, "%s: .npy header longer than the file", path);
	struct npy_header h = {0};
	int rc = parse_header((const char *)b + at, hl, &h, path, err);
	if (rc != LL_OK)
		return rc;
	size_t rows = h.dims[0], cols = h.dims[1], data = at + hl;
	if (cols == 0 || cols > 100000 || (rows && cols > SIZE_MAX / h.size / rows) ||
	    rows * cols * h.size > n - data)
		return ll_err_set(err, LL_EDATA, "%s: .npy data shorter than its shape (%zu x %zu of %zu bytes)", path,
				  rows, cols, h.size);
	struct ll_table *t = ll_table_new();
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	for (size_t c = 0; c < cols; c++) {
		char name[32];
		snprintf(name, sizeof name, "col%zu", c + 1);
		if (ll_table_add_column(t, name, LL_COL_NUM) < 0)
			goto nomem;
	}
	if (ll_table_reserve(t, rows) != LL_OK)
		goto nomem;
	for (size_t r = 0; r < rows; r++) {
		if (ll_table_append_row(t) < 0)
			goto nomem;
		for (size_t c = 0; c < cols; c++) {
			size_t k = h.fortran ? c * rows + r : r * cols + c;
			ll_table_set_num(t, r, c, value_at(b + data + k * h.size, &h));
		}
	}
	*out = t;
	return LL_OK;
nomem:
	ll_table_free(t);
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
}

const struct ds_reader ds_npy_reader = {
	.name = "npy",
	.summary = "NumPy .npy arrays (1-D or 2-D numbers: a column per index of the second axis)",
	.sniff = npy_sniff,
	.load = npy_load,
	.line = NULL,
};
