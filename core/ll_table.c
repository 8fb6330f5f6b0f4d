/*
 * ll_table.c - columnar table storage.
 *
 * Every dense column grows by doubling, in step with the row capacity, so
 * a row append is amortised O(columns) with no per-cell allocation. Text
 * lives in one pool per table; cells hold byte offsets (size_t) into it,
 * which stay valid when the pool moves. Offset 0 is a permanent "" so
 * fresh cells need no writes to the pool.
 *
 * A column starts sparse: the rows that have a value and their values, in
 * row order. Records of many kinds (audit logs, event logs, a security
 * sensor's events) give hundreds of columns each filled in a few rows, and
 * a dense array per column made the table most of a load's memory (100,000
 * CloudTrail-like records of 720 keys: 576 MB of cells for 27 MB of
 * values). A column turns dense, for good, once more than a quarter of its
 * rows have values, or when a write lands far from the end of its values;
 * the cells read the same either way, and a pass row by row costs what it
 * did (each column remembers where its last lookup ended). ll_table_column_data of a sparse
 * column builds a dense copy once and keeps it beside the values (atomic,
 * as readers may share a table across threads); the next write to the
 * column makes that copy its storage.
 */
#include "ll_table.h"

#include "ll_bigmem.h"
#include "ll_names.h"
#include "ll_time.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct column {
	char *name;
	enum ll_coltype type;
	int sparse;    /* the values below, not num/text */
	double *num;   /* dense LL_COL_NUM / LL_COL_TIME */
	size_t *text;  /* dense LL_COL_TEXT: offsets into pool */
	/* sparse: nz rows with a value (ascending), each value (a number, or
	 * a text's pool offset in its bits' place: size_t and double differ in
	 * meaning only) */
	size_t *nz_row;
	union cellv { double num; size_t text; } *nz_val;
	size_t nz, nzcap;
	double *_Atomic view; /* ll_table_column_data's dense copy of a sparse column */
	/* sparse: where the last lookup ended. Readers of the column share
	 * it (relaxed: a stale or torn guess is checked like any other), so a
	 * pass row by row over many columns finds each next value at once. */
	_Atomic size_t hint;
};

/* A sparse column turns dense once it has more values than this and more
 * than a quarter of the rows: 16 bytes a value against 8 a row. */
#define SPARSE_KEEP_MAX 256
/* A write before the column's last value moves the values after it;
 * past this many, the column turns dense instead. */
#define SPARSE_SHIFT_MAX 4096

struct meta {
	char *key, *value;
};

struct ll_table {
	struct column *cols;
	size_t ncols, colcap;
	/* the dense columns, in order: a new row is marked missing in them
	 * alone (16,000 columns of one value each made an append a pass over
	 * all of them) */
	size_t *dense, ndense, densecap;
	size_t nrows, rowcap;
	int32_t *labels;
	struct ll_names classes; /* hashed: 100k distinct labels load in linear time */
	char *pool;
	size_t poollen, poolcap;
	char **notes;
	size_t nnotes;
	struct meta *meta;
	size_t nmeta;
	struct ll_segment *segs;
	size_t nsegs, segcap;
	int label_source; /* column the labels came from, or -1 */
};

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return p;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	void *q = realloc(p, n * elem);
	if (!q)
		return NULL;
	*cap = n;
	return q;
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static void column_free(struct column *c)
{
	free(c->name);
	free(c->num);
	free(c->text);
	free(c->nz_row);
	free(c->nz_val);
	free(atomic_load(&c->view));
}

struct ll_table *ll_table_new(void)
{
	struct ll_table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->label_source = -1;
	t->pool = malloc(64);
	if (!t->pool) {
		free(t);
		return NULL;
	}
	t->pool[0] = '\0';
	t->poollen = 1;
	t->poolcap = 64;
	return t;
}

void ll_table_free(struct ll_table *t)
{
	if (!t)
		return;
	for (size_t c = 0; c < t->ncols; c++)
		column_free(&t->cols[c]);
	free(t->cols);
	free(t->dense);
	free(t->labels);
	ll_names_free(&t->classes);
	free(t->pool);
	for (size_t i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->notes);
	for (size_t i = 0; i < t->nmeta; i++) {
		free(t->meta[i].key);
		free(t->meta[i].value);
	}
	free(t->meta);
	for (size_t i = 0; i < t->nsegs; i++) {
		free(t->segs[i].dims);
		free(t->segs[i].tag);
	}
	free(t->segs);
	free(t);
}

/* The index of sparse column c's first value at or after row (c->nz when
 * none): the column's hint when it is that or the next, else a binary
 * search on the side of the hint the row is. */
static size_t sparse_at(const struct column *c, size_t row)
{
	struct column *mc = (struct column *)c; /* the hint is no part of the contents */
	size_t n = c->nz, lo = 0, hi = n, a = atomic_load_explicit(&mc->hint, memory_order_relaxed);
	if (a <= n) {
		if (a > 0 && c->nz_row[a - 1] >= row)
			hi = a - 1;
		else if (a == n || c->nz_row[a] >= row)
			return a;
		else if (a + 1 == n || c->nz_row[a + 1] >= row) {
			atomic_store_explicit(&mc->hint, a + 1, memory_order_relaxed);
			return a + 1;
		} else
			lo = a + 2;
	}
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (c->nz_row[m] < row)
			lo = m + 1;
		else
			hi = m;
	}
	atomic_store_explicit(&mc->hint, lo, memory_order_relaxed);
	return lo;
}

/* Sparse column c's value of row, or NULL when the row has none. */
static const union cellv *sparse_cell(const struct column *c, size_t row)
{
	size_t i = sparse_at(c, row);
	return i < c->nz && c->nz_row[i] == row ? &c->nz_val[i] : NULL;
}

/* Column col is dense from now on: in the list, kept in column order. */
static int note_dense(struct ll_table *t, size_t col)
{
	size_t *d = grow(t->dense, &t->densecap, t->ndense + 1, sizeof *d);
	if (!d)
		return LL_ENOMEM;
	t->dense = d;
	size_t i = t->ndense;
	for (; i > 0 && d[i - 1] > col; i--)
		d[i] = d[i - 1];
	d[i] = col;
	t->ndense++;
	return LL_OK;
}

/* Sparse column c as a dense array of the table's row capacity, for good:
 * its view when it has one (built with this capacity, and no write can
 * have come since, as a write makes the column dense), else built here. */
static int densify(struct ll_table *t, struct column *c)
{
	if (!c->sparse)
		return LL_OK;
	size_t cap = t->rowcap ? t->rowcap : 1;
	if (c->type == LL_COL_TEXT) {
		size_t *d = ll_big_alloc(cap * sizeof *d);
		if (!d)
			return LL_ENOMEM;
		memset(d, 0, t->nrows * sizeof *d);
		for (size_t k = 0; k < c->nz; k++)
			d[c->nz_row[k]] = c->nz_val[k].text;
		c->text = d;
	} else {
		double *d = atomic_exchange(&c->view, NULL);
		if (!d) {
			if (!(d = ll_big_alloc(cap * sizeof *d)))
				return LL_ENOMEM;
			for (size_t i = 0; i < t->nrows; i++)
				d[i] = NAN;
			for (size_t k = 0; k < c->nz; k++)
				d[c->nz_row[k]] = c->nz_val[k].num;
		}
		c->num = d;
	}
	free(c->nz_row);
	free(c->nz_val);
	c->nz_row = NULL;
	c->nz_val = NULL;
	c->nz = c->nzcap = 0;
	c->sparse = 0;
	return note_dense(t, (size_t)(c - t->cols));
}

/* What sparse_put did: stored the value, or left it for the dense array
 * the column now is. */
enum { PUT_DONE = 0, PUT_DENSE = 1 };

/* Writes v (missing: the column's empty value) into row of sparse column
 * c, or turns the column dense (a view to keep up to date, too many
 * values, a write far from the end) and says so. Negative on OOM. */
static int sparse_put(struct ll_table *t, struct column *c, size_t row, union cellv v, int missing)
{
	if (atomic_load(&c->view))
		return densify(t, c) ? LL_ENOMEM : PUT_DENSE;
	size_t i = sparse_at(c, row);
	if (i < c->nz && c->nz_row[i] == row) {
		c->nz_val[i] = v; /* a missing value kept in its place reads as missing */
		return PUT_DONE;
	}
	if (missing)
		return PUT_DONE;
	if (c->nz - i > SPARSE_SHIFT_MAX || (c->nz >= SPARSE_KEEP_MAX && (c->nz + 1) * 4 > t->nrows))
		return densify(t, c) ? LL_ENOMEM : PUT_DENSE;
	if (c->nz == c->nzcap) {
		size_t cap = c->nzcap ? c->nzcap * 2 : 4;
		size_t *r = realloc(c->nz_row, cap * sizeof *r);
		if (!r)
			return LL_ENOMEM;
		c->nz_row = r;
		union cellv *w = realloc(c->nz_val, cap * sizeof *w);
		if (!w)
			return LL_ENOMEM;
		c->nz_val = w;
		c->nzcap = cap;
	}
	memmove(c->nz_row + i + 1, c->nz_row + i, (c->nz - i) * sizeof *c->nz_row);
	memmove(c->nz_val + i + 1, c->nz_val + i, (c->nz - i) * sizeof *c->nz_val);
	c->nz_row[i] = row;
	c->nz_val[i] = v;
	c->nz++;
	return PUT_DONE;
}

/* Gives column c storage for rowcap rows. Rows past the table's count are
 * not read before ll_table_append_row marks them missing: filling the whole
 * new capacity at each doubling wrote every cell twice more, a tenth of
 * reading a large CSV. */
static int column_resize(struct column *c, size_t oldcap, size_t rowcap)
{
	if (c->type == LL_COL_TEXT) {
		size_t *p = ll_big_realloc(c->text, oldcap * sizeof *p, rowcap * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		c->text = p;
	} else {
		double *p = ll_big_realloc(c->num, oldcap * sizeof *p, rowcap * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		c->num = p;
	}
	return LL_OK;
}

/* Rows [from, to) of column c as missing. */
static void column_clear(struct column *c, size_t from, size_t to)
{
	if (from >= to || c->sparse)
		return; /* a column of a table without rows may have no storage */
	if (c->type == LL_COL_TEXT)
		memset(c->text + from, 0, (to - from) * sizeof *c->text);
	else
		for (size_t i = from; i < to; i++)
			c->num[i] = NAN;
}

int ll_table_add_column(struct ll_table *t, const char *name, enum ll_coltype type)
{
	struct column *cols = grow(t->cols, &t->colcap, t->ncols + 1, sizeof *cols);
	if (!cols)
		return LL_ENOMEM;
	t->cols = cols;
	struct column *c = &cols[t->ncols];
	memset(c, 0, sizeof *c);
	c->type = type;
	c->sparse = 1; /* its rows are all missing: no storage yet */
	c->name = dupstr(name ? name : "");
	if (!c->name)
		return LL_ENOMEM;
	return (int)t->ncols++;
}

size_t ll_table_ncols(const struct ll_table *t) { return t->ncols; }
size_t ll_table_nrows(const struct ll_table *t) { return t->nrows; }

const char *ll_table_col_name(const struct ll_table *t, size_t col)
{
	return col < t->ncols ? t->cols[col].name : NULL;
}

enum ll_coltype ll_table_col_type(const struct ll_table *t, size_t col)
{
	return col < t->ncols ? t->cols[col].type : LL_COL_TEXT;
}

int ll_table_find_column(const struct ll_table *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].name, name) == 0)
			return (int)c;
	return -1;
}

int ll_table_rename_column(struct ll_table *t, size_t col, const char *name)
{
	if (col >= t->ncols)
		return LL_EUSAGE;
	char *n = dupstr(name);
	if (!n)
		return LL_ENOMEM;
	free(t->cols[col].name);
	t->cols[col].name = n;
	return LL_OK;
}

int ll_table_drop_columns(struct ll_table *t, const unsigned char *drop)
{
	if (t->nsegs)
		return LL_EUSAGE; /* segments name columns by number */
	size_t k = 0;
	int src = -1;
	for (size_t c = 0; c < t->ncols; c++) {
		if (drop[c]) {
			column_free(&t->cols[c]);
			continue;
		}
		if ((int)c == t->label_source)
			src = (int)k;
		t->cols[k++] = t->cols[c];
	}
	t->ncols = k;
	t->label_source = src;
	t->ndense = 0; /* renumbered: the list again (it only shrinks) */
	for (size_t c = 0; c < k; c++)
		if (!t->cols[c].sparse)
			t->dense[t->ndense++] = c;
	return LL_OK;
}

int ll_table_reserve(struct ll_table *t, size_t nrows)
{
	if (nrows <= t->rowcap)
		return LL_OK;
	if (nrows > SIZE_MAX / sizeof(double))
		return LL_ENOMEM; /* no column's bytes would fit a size_t */
	int32_t *l = ll_big_realloc(t->labels, t->rowcap * sizeof *l, nrows * sizeof *l);
	if (!l)
		return LL_ENOMEM;
	t->labels = l;
	for (size_t c = 0; c < t->ncols; c++) {
		struct column *col = &t->cols[c];
		/* a view has the old capacity: the column becomes it first */
		if (col->sparse && atomic_load(&col->view) && densify(t, col) != LL_OK)
			return LL_ENOMEM;
		if (!col->sparse && column_resize(col, t->rowcap, nrows) != LL_OK)
			return LL_ENOMEM;
	}
	t->rowcap = nrows;
	return LL_OK;
}

long ll_table_append_row(struct ll_table *t)
{
	if (t->nrows == t->rowcap) {
		size_t n = t->rowcap ? t->rowcap * 2 : 64;
		if (ll_table_reserve(t, n) != LL_OK)
			return LL_ENOMEM;
	}
	size_t r = t->nrows;
	t->labels[r] = LL_NO_LABEL;
	for (size_t i = 0; i < t->ndense; i++)
		column_clear(&t->cols[t->dense[i]], r, r + 1);
	return (long)t->nrows++;
}

int ll_table_set_num(struct ll_table *t, size_t row, size_t col, double v)
{
	if (row >= t->nrows || col >= t->ncols || t->cols[col].type == LL_COL_TEXT)
		return LL_EUSAGE;
	struct column *c = &t->cols[col];
	if (c->sparse) {
		int rc = sparse_put(t, c, row, (union cellv){.num = v}, isnan(v));
		if (rc != PUT_DENSE)
			return rc;
	}
	c->num[row] = v;
	return LL_OK;
}

/* Copies len bytes into the pool, NUL-terminated; returns the offset or 0 on OOM. */
static size_t pool_add(struct ll_table *t, const char *s, size_t len)
{
	if (len == 0)
		return 0;
	/* s may be a cell of this table (a column's text copied to another):
	 * growing the pool moves it, so it is found again by its offset */
	uintptr_t at = (uintptr_t)s, base = (uintptr_t)t->pool;
	int inside = t->pool && at >= base && at < base + t->poollen;
	size_t from = inside ? (size_t)(at - base) : 0;
	char *p = grow(t->pool, &t->poolcap, t->poollen + len + 1, 1);
	if (!p)
		return (size_t)-1;
	t->pool = p;
	if (inside)
		s = p + from;
	size_t off = t->poollen;
	memcpy(p + off, s, len);
	p[off + len] = '\0';
	t->poollen += len + 1;
	return off;
}

int ll_table_set_text(struct ll_table *t, size_t row, size_t col, const char *s, size_t len)
{
	if (row >= t->nrows || col >= t->ncols || t->cols[col].type != LL_COL_TEXT)
		return LL_EUSAGE;
	size_t off = pool_add(t, s, len);
	if (off == (size_t)-1)
		return LL_ENOMEM;
	struct column *c = &t->cols[col];
	if (c->sparse) {
		int rc = sparse_put(t, c, row, (union cellv){.text = off}, off == 0);
		if (rc != PUT_DENSE)
			return rc;
	}
	c->text[row] = off;
	return LL_OK;
}

int ll_table_copy_cell(struct ll_table *t, size_t row, size_t col, size_t from)
{
	if (row >= t->nrows || from >= t->nrows || col >= t->ncols)
		return LL_EUSAGE;
	/* cells are offsets into the pool, which is only ever appended to */
	struct column *c = &t->cols[col];
	if (c->sparse) {
		int text = c->type == LL_COL_TEXT;
		const union cellv *f = sparse_cell(c, from);
		union cellv v = f ? *f : text ? (union cellv){.text = 0} : (union cellv){.num = NAN};
		int rc = sparse_put(t, c, row, v, text ? v.text == 0 : isnan(v.num));
		if (rc != PUT_DENSE)
			return rc;
	}
	if (c->type == LL_COL_TEXT)
		c->text[row] = c->text[from];
	else
		c->num[row] = c->num[from];
	return LL_OK;
}

double ll_table_num(const struct ll_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols || t->cols[col].type == LL_COL_TEXT)
		return NAN;
	const struct column *c = &t->cols[col];
	if (c->sparse) {
		const union cellv *v = sparse_cell(c, row);
		return v ? v->num : NAN;
	}
	return c->num[row];
}

const char *ll_table_text(const struct ll_table *t, size_t row, size_t col)
{
	if (col >= t->ncols || t->cols[col].type != LL_COL_TEXT)
		return NULL;
	if (row >= t->nrows)
		return "";
	const struct column *c = &t->cols[col];
	if (c->sparse) {
		const union cellv *v = sparse_cell(c, row);
		return t->pool + (v ? v->text : 0);
	}
	return t->pool + c->text[row];
}

int ll_table_clock_name(const char *name)
{
	static const char *const names[] = {"time", "timestamp", "@timestamp", "_time", "ts", "datetime"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

int ll_table_varies(const struct ll_table *t, size_t c, size_t nrows)
{
	double seen = NAN;
	if (nrows > t->nrows)
		nrows = t->nrows;
	for (size_t i = 0; i < nrows; i++) {
		double v = ll_table_num(t, i, c);
		if (isnan(v))
			continue;
		if (!isnan(seen) && v != seen)
			return 1;
		seen = v;
	}
	return 0;
}

int ll_table_clock(const struct ll_table *t, int skip)
{
	int first = -1, varying = -1;
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->cols[c].type != LL_COL_TIME || (int)c == skip)
			continue;
		if (first < 0) {
			first = (int)c;
			if (ll_table_clock_name(t->cols[c].name) || ll_table_varies(t, c, t->nrows))
				return first;
			continue;
		}
		int varies = ll_table_varies(t, c, t->nrows);
		if (varies && ll_table_clock_name(t->cols[c].name))
			return (int)c;
		if (varies && varying < 0)
			varying = (int)c;
	}
	return varying >= 0 ? varying : first;
}

const double *ll_table_column_data(const struct ll_table *t, size_t col)
{
	if (col >= t->ncols || t->cols[col].type == LL_COL_TEXT)
		return NULL;
	/* the view is the column's business, not the table's contents: built
	 * once, by whichever thread asks first */
	struct column *c = (struct column *)&t->cols[col];
	if (!c->sparse)
		return c->num;
	double *v = atomic_load(&c->view);
	if (v || !t->rowcap)
		return v;
	if (!(v = ll_big_alloc(t->rowcap * sizeof *v)))
		return NULL;
	for (size_t i = 0; i < t->nrows; i++)
		v[i] = NAN;
	for (size_t k = 0; k < c->nz; k++)
		v[c->nz_row[k]] = c->nz_val[k].num;
	double *had = NULL;
	if (!atomic_compare_exchange_strong(&c->view, &had, v)) {
		free(v);
		return had;
	}
	return v;
}

const double *ll_table_column_dense(const struct ll_table *t, size_t col)
{
	if (col >= t->ncols || t->cols[col].type == LL_COL_TEXT || t->cols[col].sparse)
		return NULL;
	return t->cols[col].num;
}

size_t ll_table_format_cell(const struct ll_table *t, size_t row, size_t col, char *buf, size_t cap)
{
	if (col >= t->ncols || row >= t->nrows)
		return (size_t)snprintf(buf, cap, "%s", "");
	const struct column *c = &t->cols[col];
	if (c->type == LL_COL_TEXT) {
		/* copied, not printed: snprintf walks the whole of a cell of
		 * megabytes (a huge line) however small buf is */
		const char *s = ll_table_text(t, row, col);
		size_t len = strlen(s);
		if (cap) {
			size_t n = len < cap - 1 ? len : cap - 1;
			memcpy(buf, s, n);
			buf[n] = '\0';
		}
		return len;
	}
	double v = ll_table_num(t, row, col);
	if (isnan(v))
		return (size_t)snprintf(buf, cap, "%s", "");
	if (c->type == LL_COL_TIME)
		return ll_time_format(v, buf, cap);
	return (size_t)snprintf(buf, cap, "%.10g", v);
}

long ll_table_convert_column(struct ll_table *t, size_t col, enum ll_coltype type)
{
	if (col >= t->ncols)
		return LL_EUSAGE;
	struct column *c = &t->cols[col];
	if (c->type == type)
		return 0;
	if (densify(t, c) != LL_OK)
		return LL_ENOMEM;
	if (type == LL_COL_TEXT) {
		/* a number column only without a value: text has no NaN to keep */
		for (size_t i = 0; c->type == LL_COL_NUM && i < t->nrows; i++)
			if (!isnan(c->num[i]))
				return LL_EUSAGE;
		size_t *text = calloc(t->rowcap ? t->rowcap : 1, sizeof *text); /* offset 0: the pool's "" */
		if (!text)
			return LL_ENOMEM;
		for (size_t i = 0; c->type == LL_COL_TIME && i < t->nrows; i++) {
			if (isnan(c->num[i]))
				continue;
			if (i && c->num[i] == c->num[i - 1]) {
				text[i] = text[i - 1]; /* runs of one time share their text */
				continue;
			}
			char buf[64];
			size_t n = ll_time_format(c->num[i], buf, sizeof buf);
			if ((text[i] = pool_add(t, buf, n < sizeof buf ? n : sizeof buf - 1)) == (size_t)-1) {
				free(text);
				return LL_ENOMEM;
			}
		}
		free(c->num);
		c->num = NULL;
		c->text = text;
		c->type = type;
		return 0;
	}
	if (c->type != LL_COL_TEXT)
		return LL_EUSAGE;
	double *num = malloc((t->rowcap ? t->rowcap : 1) * sizeof *num);
	if (!num)
		return LL_ENOMEM;
	long failed = 0;
	for (size_t i = 0; i < t->rowcap; i++)
		num[i] = NAN;
	for (size_t i = 0; i < t->nrows; i++) {
		const char *s = t->pool + c->text[i];
		size_t n = strlen(s);
		if (n == 0)
			continue;
		int ok = type == LL_COL_NUM ? ll_parse_number(s, n, &num[i]) : ll_time_parse(s, n, &num[i]);
		if (!ok) {
			num[i] = NAN;
			failed++;
		}
	}
	free(c->text);
	c->text = NULL;
	c->num = num;
	c->type = type;
	return failed;
}

int ll_table_class_id(struct ll_table *t, const char *name, size_t len)
{
	return ll_names_add(&t->classes, name, len);
}

int ll_table_find_class(const struct ll_table *t, const char *name)
{
	return ll_names_find(&t->classes, name, strlen(name));
}

size_t ll_table_nclasses(const struct ll_table *t) { return t->classes.n; }

const char *ll_table_class_name(const struct ll_table *t, size_t cls)
{
	return ll_names_get(&t->classes, cls);
}

int ll_table_set_label(struct ll_table *t, size_t row, int cls)
{
	if (row >= t->nrows || cls < LL_NO_LABEL || (cls >= 0 && (size_t)cls >= t->classes.n))
		return LL_EUSAGE;
	t->labels[row] = cls;
	return LL_OK;
}

int ll_table_label(const struct ll_table *t, size_t row)
{
	return row < t->nrows ? t->labels[row] : LL_NO_LABEL;
}

void ll_table_label_counts(const struct ll_table *t, size_t *counts, size_t *unlabelled)
{
	size_t none = 0;
	for (size_t k = 0; k < t->classes.n; k++)
		counts[k] = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		if (t->labels[i] >= 0)
			counts[t->labels[i]]++;
		else
			none++;
	}
	if (unlabelled)
		*unlabelled = none;
}

int ll_table_note(struct ll_table *t, const char *fmt, ...)
{
	char buf[LL_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char **n = realloc(t->notes, (t->nnotes + 1) * sizeof *n);
	if (!n)
		return LL_ENOMEM;
	t->notes = n;
	if (!(n[t->nnotes] = dupstr(buf)))
		return LL_ENOMEM;
	t->nnotes++;
	return LL_OK;
}

size_t ll_table_nnotes(const struct ll_table *t) { return t->nnotes; }

const char *ll_table_note_text(const struct ll_table *t, size_t i)
{
	return i < t->nnotes ? t->notes[i] : NULL;
}

int ll_table_set_meta(struct ll_table *t, const char *key, const char *value)
{
	char *v = dupstr(value);
	if (!v)
		return LL_ENOMEM;
	for (size_t i = 0; i < t->nmeta; i++) {
		if (strcmp(t->meta[i].key, key) == 0) {
			free(t->meta[i].value);
			t->meta[i].value = v;
			return LL_OK;
		}
	}
	struct meta *m = realloc(t->meta, (t->nmeta + 1) * sizeof *m);
	if (!m) {
		free(v);
		return LL_ENOMEM;
	}
	t->meta = m;
	m[t->nmeta].key = dupstr(key);
	if (!m[t->nmeta].key) {
		free(v);
		return LL_ENOMEM;
	}
	m[t->nmeta].value = v;
	t->nmeta++;
	return LL_OK;
}

const char *ll_table_meta(const struct ll_table *t, const char *key)
{
	for (size_t i = 0; i < t->nmeta; i++)
		if (strcmp(t->meta[i].key, key) == 0)
			return t->meta[i].value;
	return NULL;
}

int ll_table_add_segment(struct ll_table *t, size_t start, size_t end, const int *dims, size_t ndims,
			 const char *tag)
{
	if (end < start)
		return LL_EUSAGE;
	struct ll_segment *s = grow(t->segs, &t->segcap, t->nsegs + 1, sizeof *s);
	if (!s)
		return LL_ENOMEM;
	t->segs = s;
	struct ll_segment *g = &s[t->nsegs];
	memset(g, 0, sizeof *g);
	g->start = start;
	g->end = end;
	if (ndims) {
		g->dims = malloc(ndims * sizeof *g->dims);
		if (!g->dims)
			return LL_ENOMEM;
		memcpy(g->dims, dims, ndims * sizeof *dims);
		g->ndims = ndims;
	}
	if (tag && !(g->tag = dupstr(tag))) {
		free(g->dims);
		return LL_ENOMEM;
	}
	t->nsegs++;
	return LL_OK;
}

size_t ll_table_nsegments(const struct ll_table *t) { return t->nsegs; }

const struct ll_segment *ll_table_segment(const struct ll_table *t, size_t i)
{
	return i < t->nsegs ? &t->segs[i] : NULL;
}

void ll_table_set_label_source(struct ll_table *t, int col)
{
	t->label_source = col >= 0 && (size_t)col < t->ncols ? col : -1;
}

int ll_table_label_source(const struct ll_table *t)
{
	return t->label_source;
}
