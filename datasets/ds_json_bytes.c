/*
 * ds_json_bytes.c - values written as arrays of their bytes read as text
 * (ds_json_bytes.h).
 *
 * journalctl -o json writes a field whose value is not printable UTF-8
 * (a colour escape, a stray Latin-1 byte) as the array of its byte values,
 * "MESSAGE":[27,91,49,109,...]; flattened, such arrays would make a column
 * per byte (MESSAGE.0, MESSAGE.1, ...) beside the text column of the
 * records whose value is text. The shape says what they are, whatever the
 * key: a text column K and number columns K.0 to K.n that hold byte values
 * only (whole numbers 0 to 255), in rows where K is empty, each row's
 * bytes running from K.0 without a gap. Those rows get their bytes as K's
 * text (terminal escape sequences removed, as a file's are, and a byte
 * that is not UTF-8 as U+FFFD) and the byte columns go. A key whose every
 * value is an array stays numbers: nothing says it was text.
 */
#include "ds_json.h"
#include "ds_source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of the well-formed UTF-8 character at s[0, n); 0 when not one. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (!len || c > 0xF4 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F) ||
	    (c == 0xED && s[1] > 0x9F))
		return 0; /* overlong, beyond U+10FFFF, or a surrogate */
	return len;
}

/* A column's name and index, sorted by name: the columns K.* of a key K
 * stand together, found by a binary search, so a record of many thousand
 * keys is not a scan of every column for each of them. */
struct named_col {
	const char *name;
	size_t col;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct named_col *)a)->name, ((const struct named_col *)b)->name);
}

/* s against the prefix "name." (nl the length of name): <0, 0 (s starts
 * with it) or >0, in the order strcmp sorts. */
static int cmp_prefix(const char *s, const char *name, size_t nl)
{
	int r = strncmp(s, name, nl);
	return r ? r : (int)(unsigned char)s[nl] - '.';
}

/* The array index of column name cn under key name (cn = "name.I"): 1 and
 * *i, or 0 when cn is another key ("name.sub", "name.01"). */
static int element_index(const char *cn, size_t nl, unsigned long *i)
{
	char *end;
	*i = strtoul(cn + nl + 1, &end, 10);
	return !*end && end != cn + nl + 1 && (cn[nl + 1] != '0' || end == cn + nl + 2) && cn[nl + 1] != '-' &&
	       cn[nl + 1] != '+' && cn[nl + 1] != ' ';
}

/* The columns K.0 .. K.n of text column k: their indices into idx (in
 * order), how many; 0 when K has none or one is not a number column.
 * sorted holds the nc columns by name. */
static size_t byte_columns(const struct ll_table *t, size_t k, const struct named_col *sorted, size_t nc,
			   size_t *idx)
{
	const char *name = ll_table_col_name(t, k);
	size_t nl = strlen(name), lo = 0, hi = nc, n = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_prefix(sorted[mid].name, name, nl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t first = lo, end = lo;
	unsigned long i;
	for (; end < nc && cmp_prefix(sorted[end].name, name, nl) == 0; end++) {
		if (!element_index(sorted[end].name, nl, &i))
			continue;
		if (ll_table_col_type(t, sorted[end].col) != LL_COL_NUM || i >= nc)
			return 0;
		n = i + 1 > n ? i + 1 : n;
	}
	if (!n)
		return 0;
	memset(idx, 0, n * sizeof *idx);
	for (size_t j = first; j < end; j++)
		if (element_index(sorted[j].name, nl, &i))
			idx[i] = sorted[j].col + 1; /* 0: not seen */
	for (size_t j = 0; j < n; j++)
		if (!idx[j])
			return 0; /* an index missing: not one array's elements */
	for (size_t j = 0; j < n; j++)
		idx[j]--;
	return n;
}

/* 1 when the columns idx[0, n) hold, in every row, either nothing or a
 * run of byte values from the first, and K (column k) is empty where they
 * hold one. */
static int bytes_shape(const struct ll_table *t, size_t k, const size_t *idx, size_t n, size_t *rows)
{
	*rows = 0;
	for (size_t r = 0; r < ll_table_nrows(t); r++) {
		int ended = 0, any = 0;
		for (size_t i = 0; i < n; i++) {
			double v = ll_table_num(t, r, idx[i]);
			if (isnan(v)) {
				ended = 1;
				continue;
			}
			if (ended || v < 0 || v > 255 || v != floor(v))
				return 0;
			any = 1;
		}
		if (any && ll_table_text(t, r, k)[0])
			return 0;
		*rows += any;
	}
	return 1;
}

/* Row r's bytes as text into buf (room for 3 bytes per byte); its length. */
static size_t row_text(const struct ll_table *t, size_t r, const size_t *idx, size_t n, unsigned char *raw,
		       char *buf)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		double v = ll_table_num(t, r, idx[i]);
		if (isnan(v))
			break;
		raw[m++] = (unsigned char)v;
	}
	m = ds_strip_escapes((char *)raw, m);
	size_t o = 0;
	for (size_t i = 0; i < m;) {
		size_t len = utf8_char(raw + i, m - i);
		if (len) {
			memcpy(buf + o, raw + i, len);
			o += len;
			i += len;
		} else {
			memcpy(buf + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	return o;
}

int ds_json_bytes_apply(struct ll_table *t, const char *path, struct ll_err *err)
{
	size_t nc = ll_table_ncols(t);
	if (!nc || ll_table_nsegments(t))
		return LL_OK;
	size_t *idx = calloc(nc, sizeof *idx);
	unsigned char *drop = calloc(nc, 1);
	unsigned char *raw = malloc(nc);
	char *buf = malloc(3 * nc + 1);
	struct named_col *sorted = malloc(nc * sizeof *sorted);
	int rc = idx && drop && raw && buf && sorted ? LL_OK : ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	for (size_t c = 0; rc == LL_OK && c < nc; c++)
		sorted[c] = (struct named_col){ll_table_col_name(t, c), c};
	if (rc == LL_OK)
		qsort(sorted, nc, sizeof *sorted, by_name);
	for (size_t k = 0; rc == LL_OK && k < nc; k++) {
		if (ll_table_col_type(t, k) != LL_COL_TEXT || drop[k])
			continue;
		size_t n = byte_columns(t, k, sorted, nc, idx), rows;
		if (!n || !bytes_shape(t, k, idx, n, &rows) || !rows)
			continue;
		for (size_t r = 0; r < ll_table_nrows(t) && rc == LL_OK; r++) {
			if (isnan(ll_table_num(t, r, idx[0])))
				continue;
			size_t len = row_text(t, r, idx, n, raw, buf);
			if (ll_table_set_text(t, r, k, buf, len) != LL_OK)
				rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		}
		for (size_t i = 0; i < n; i++)
			drop[idx[i]] = 1;
		if (rc == LL_OK &&
		    ll_table_note(t, "%s: key \"%s\": %zu value%s written as %s of bytes (journalctl's form of a value "
				     "that is not printable text) read as text",
				  path, ll_table_col_name(t, k), rows, rows == 1 ? "" : "s", rows == 1 ? "an array" : "arrays") !=
			    LL_OK)
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	if (rc == LL_OK)
		rc = ll_table_drop_columns(t, drop) == LL_OK ? LL_OK : ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	free(idx);
	free(drop);
	free(raw);
	free(buf);
	free(sorted);
	return rc;
}
