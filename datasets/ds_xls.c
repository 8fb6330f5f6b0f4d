/*
 * ds_xls.c - legacy Excel workbooks (.xls: BIFF8 of Excel 97 to 2003,
 * BIFF5 of Excel 5 and 95) read as tables, from MS-CFB and MS-XLS.
 *
 * The workbook is the stream "Workbook" (BIFF8) or "Book" (BIFF5) of a
 * compound file (ds_cfb.h): a globals substream (the sheets' names and
 * offsets, the shared strings, the cell formats and number formats that
 * make a number a date, the 1904 calendar, encryption) and one substream
 * per sheet, each from a BOF record to its EOF. The cells of a sheet are
 * gathered, put in row and column order (a writer may leave them out of
 * it) and written out as CSV text, then read through ds_sheet.h as an
 * .xlsx sheet is: the first sheet with cells, or "xls:sheet=NAME".
 */
#include "ds_binary.h"
#include "ds_cfb.h"
#include "ds_csv.h"
#include "ds_sheet.h"
#include "ds_xls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ll_limits.h"

enum {
	R_FORMULA = 0x0006, R_EOF = 0x000A, R_DATEMODE = 0x0022, R_FILEPASS = 0x002F, R_CODEPAGE = 0x0042,
	R_BOUNDSHEET = 0x0085, R_MULRK = 0x00BD, R_RSTRING = 0x00D6, R_XF = 0x00E0, R_SST = 0x00FC,
	R_LABELSST = 0x00FD, R_NUMBER = 0x0203, R_LABEL = 0x0204, R_BOOLERR = 0x0205, R_STRING = 0x0207,
	R_RK = 0x027E, R_FORMAT = 0x041E, R_BOF = 0x0809, R_SHRFMLA = 0x04BC, R_ARRAY = 0x0221, R_TABLE = 0x0236
};

/* Excel 97's widest sheet is 256 columns; Excel 2007's BIFF8 files may
 * name up to 16384. */
#define XLS_MAX_COLS 16384

enum cell_kind { C_NUM, C_SST, C_TEXT, C_BOOL, C_ERROR };

struct cell {
	uint32_t row, col;
	size_t seq;       /* order written: the last of a row and column wins */
	double num;       /* C_NUM; C_BOOL 0/1 */
	size_t off, len;  /* C_SST: off the index; C_TEXT: bytes of the pool */
	unsigned xf;
	unsigned char kind;
};

struct sheet {
	char *name;
	size_t bof; /* its substream's offset */
};

struct book {
	const char *path;
	const unsigned char *s; /* the workbook stream */
	size_t n;
	int biff8, codepage, date1904;
	struct sheet *sheets;
	const char **names;
	size_t nsheets;
	char **sst;
	size_t nsst;
	unsigned char *xf_kind; /* per XF: ds_sheet_format_kind of its number format */
	size_t nxf, xfcap;
	struct ds_sheet_formats fmts;
	struct cell *cells;
	size_t ncells, cellcap;
	struct ds_text pool;
};

static int oom(const struct book *b, struct ll_err *err)
{
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", b->path);
}

static int past_end(const struct book *b, const struct xls_rec *r, struct ll_err *err)
{
	return ll_err_set(err, LL_EDATA, "%s: damaged workbook: the record at offset %zu runs past its stream (%zu bytes)",
			  b->path, r->at, b->n);
}

static void book_free(struct book *b)
{
	for (size_t i = 0; i < b->nsheets; i++)
		free(b->sheets[i].name);
	free(b->sheets);
	free(b->names);
	for (size_t i = 0; i < b->nsst; i++)
		free(b->sst[i]);
	free(b->sst);
	free(b->xf_kind);
	ds_sheet_formats_free(&b->fmts);
	free(b->cells);
	free(b->pool.p);
}

/* A string of r from offset skip (count of count_bytes) as a malloc'd
 * UTF-8 copy into *out; LL_EDATA when the record ends inside it. */
static int rec_string(struct book *b, const struct xls_rec *r, size_t skip, int count_bytes, char **out,
		      struct ll_err *err)
{
	struct xls_cur c;
	struct ds_text t = {0};
	xls_cur_init(&c, b->s, b->n, r, skip, b->biff8, b->codepage);
	int got = xls_cur_string(&c, count_bytes, &t);
	if (got == 1 && !t.p && !ds_text_put(&t, "", 0))
		got = -1;
	if (got != 1) {
		free(t.p);
		return got < 0 ? oom(b, err)
			       : ll_err_set(err, LL_EDATA, "%s: damaged workbook: a string runs past its record at offset %zu",
					    b->path, r->at);
	}
	*out = t.p;
	return LL_OK;
}

/* The shared strings: as many as the record and its CONTINUEs hold (the
 * count a writer declares may be wrong). */
static int read_sst(struct book *b, const struct xls_rec *r, struct ll_err *err)
{
	struct xls_cur c;
	xls_cur_init(&c, b->s, b->n, r, 8, b->biff8, b->codepage);
	size_t cap = 0;
	for (;;) {
		struct ds_text t = {0};
		int got = xls_cur_string(&c, 2, &t);
		if (got == 1 && !t.p && !ds_text_put(&t, "", 0))
			got = -1;
		if (got != 1) {
			free(t.p);
			return got < 0 ? oom(b, err) : LL_OK; /* the end of the table, or of a damaged one */
		}
		if (b->nsst == cap) {
			cap = cap ? 2 * cap : 256;
			char **grown = realloc(b->sst, cap * sizeof *grown);
			if (!grown) {
				free(t.p);
				return oom(b, err);
			}
			b->sst = grown;
		}
		b->sst[b->nsst++] = t.p;
	}
}

/* The globals substream, from the stream's first record to its EOF. */
static int read_globals(struct book *b, struct ll_err *err)
{
	size_t pos = 0;
	struct xls_rec r;
	int got = xls_rec_next(b->s, b->n, &pos, &r);
	if (got != 1 || r.type != R_BOF || r.len < 4)
		return ll_err_set(err, LL_EDATA, "%s: not an Excel workbook: its workbook stream starts with no BOF record",
				  b->path);
	unsigned vers = xls_u16(r.data);
	b->biff8 = vers >= 0x0600;
	if (vers < 0x0500 && vers != 0)
		return ll_err_set(err, LL_EDATA, "%s: an Excel 2 to 4 file (BIFF version 0x%04x), which loglab does not read; "
				  "save it as .xlsx", b->path, vers);
	struct ds_text xfk = {0}; /* the XF records' number format ids, 2 bytes each */
	int rc = LL_OK;
	while (rc == LL_OK && (got = xls_rec_next(b->s, b->n, &pos, &r)) == 1 && r.type != R_EOF) {
		switch (r.type) {
		case R_FILEPASS:
			rc = ll_err_set(err, LL_EDATA,
					"%s: an encrypted (password-protected) Excel workbook; open it with its password and "
					"save it without one (or as .xlsx), which loglab reads",
					b->path);
			break;
		case R_DATEMODE:
			b->date1904 = r.len >= 2 && xls_u16(r.data) == 1;
			break;
		case R_CODEPAGE:
			if (r.len >= 2)
				b->codepage = (int)xls_u16(r.data);
			break;
		case R_XF:
			if (r.len >= 4 && !ds_text_put(&xfk, (const char *)r.data + 2, 2))
				rc = oom(b, err);
			break;
		case R_FORMAT: {
			char *code = NULL;
			if (r.len < 3)
				break;
			if (rec_string(b, &r, 2, b->biff8 ? 2 : 1, &code, err) != LL_OK) {
				ll_err_clear(err); /* a damaged format is a number's */
				break;
			}
			if (ds_sheet_formats_add(&b->fmts, xls_u16(r.data), code, strlen(code)) != LL_OK)
				rc = oom(b, err);
			free(code);
			break;
		}
		case R_BOUNDSHEET: {
			/* worksheets only: a chart, macro or module sheet holds no cells */
			if (r.len < 7 || r.data[5] != 0)
				break;
			char *name = NULL;
			if ((rc = rec_string(b, &r, 6, 1, &name, err)) != LL_OK)
				break;
			struct sheet *grown = realloc(b->sheets, (b->nsheets + 1) * sizeof *grown);
			if (!grown) {
				free(name);
				rc = oom(b, err);
				break;
			}
			b->sheets = grown;
			b->sheets[b->nsheets].name = name;
			b->sheets[b->nsheets++].bof = xls_u32(r.data);
			break;
		}
		case R_SST:
			if (b->biff8 && r.len >= 8 && !b->sst)
				rc = read_sst(b, &r, err);
			break;
		}
	}
	if (rc == LL_OK && got < 0)
		rc = past_end(b, &r, err);
	if (rc == LL_OK && xfk.n && !(b->xf_kind = malloc(xfk.n / 2)))
		rc = oom(b, err);
	for (size_t i = 0; rc == LL_OK && i < xfk.n / 2; i++)
		b->xf_kind[b->nxf++] =
			(unsigned char)ds_sheet_formats_kind(&b->fmts, xls_u16((const unsigned char *)xfk.p + 2 * i));
	free(xfk.p);
	if (rc == LL_OK && b->nsheets && !(b->names = malloc(b->nsheets * sizeof *b->names)))
		rc = oom(b, err);
	for (size_t i = 0; rc == LL_OK && i < b->nsheets; i++)
		b->names[i] = b->sheets[i].name;
	return rc;
}

/* A cell appended (the memory limit asked before the array grows). */
static int add_cell(struct book *b, const struct cell *c, struct ll_err *err)
{
	if (c->col >= XLS_MAX_COLS)
		return LL_OK; /* beyond any sheet: a damaged record's */
	if (b->ncells == b->cellcap) {
		size_t cap = b->cellcap ? 2 * b->cellcap : 1024;
		char what[512];
		snprintf(what, sizeof what, "%s: the cells of a sheet", b->path);
		int rc = ll_mem_check((double)cap * sizeof *b->cells, what, err);
		if (rc != LL_OK)
			return rc;
		struct cell *grown = realloc(b->cells, cap * sizeof *grown);
		if (!grown)
			return oom(b, err);
		b->cells = grown;
		b->cellcap = cap;
	}
	b->cells[b->ncells] = *c;
	b->cells[b->ncells].seq = b->ncells;
	b->ncells++;
	return LL_OK;
}

/* A text cell: its string of r from skip into the pool. */
static int add_text(struct book *b, struct cell *c, const struct xls_rec *r, size_t skip, struct ll_err *err)
{
	char *s = NULL;
	int rc = rec_string(b, r, skip, 2, &s, err);
	if (rc != LL_OK)
		return rc;
	c->kind = C_TEXT;
	c->off = b->pool.n;
	c->len = strlen(s);
	rc = ds_text_put(&b->pool, s, c->len) ? add_cell(b, c, err) : oom(b, err);
	free(s);
	return rc;
}

/* The cells of the sheet whose BOF is at offset bof, into b->cells. */
static int read_cells(struct book *b, size_t bof, struct ll_err *err)
{
	b->ncells = 0;
	b->pool.n = 0;
	size_t pos = bof;
	struct xls_rec r;
	int got = bof < b->n ? xls_rec_next(b->s, b->n, &pos, &r) : 0;
	if (got < 0)
		return past_end(b, &r, err);
	if (got == 0 || r.type != R_BOF)
		return ll_err_set(err, LL_EDATA, "%s: damaged workbook: no sheet starts at offset %zu of its stream", b->path,
				  bof);
	int depth = 1, rc = LL_OK;
	struct cell pending = {0}; /* a string formula, whose value the STRING record after it holds */
	int has_pending = 0;
	while (rc == LL_OK && depth > 0 && (got = xls_rec_next(b->s, b->n, &pos, &r)) == 1) {
		const unsigned char *d = r.data;
		if (r.type == R_BOF || r.type == 0x0209 || r.type == 0x0409) {
			depth++; /* an embedded chart's substream */
			continue;
		}
		if (r.type == R_EOF) {
			depth--;
			continue;
		}
		if (depth > 1)
			continue;
		struct cell c = {0};
		if (r.len >= 6) {
			c.row = xls_u16(d);
			c.col = xls_u16(d + 2);
			c.xf = xls_u16(d + 4);
		}
		/* a string formula's STRING follows it, after the shared or array
		 * formula's record if any; anything else: it had no value */
		if (has_pending && r.type != R_STRING && r.type != XLS_CONTINUE && r.type != R_SHRFMLA &&
		    r.type != R_ARRAY && r.type != R_TABLE)
			has_pending = 0;
		switch (r.type) {
		case R_LABELSST:
			if (r.len >= 10) {
				c.kind = C_SST;
				c.off = xls_u32(d + 6);
				rc = add_cell(b, &c, err);
			}
			break;
		case R_LABEL:
		case R_RSTRING:
			if (r.len >= 8)
				rc = add_text(b, &c, &r, 6, err);
			break;
		case R_NUMBER:
			if (r.len >= 14) {
				c.num = xls_f64(d + 6);
				rc = add_cell(b, &c, err);
			}
			break;
		case R_RK:
			if (r.len >= 10) {
				c.num = xls_rk(xls_u32(d + 6));
				rc = add_cell(b, &c, err);
			}
			break;
		case R_MULRK:
			/* row, first column, (xf, rk) each, last column */
			for (size_t k = 0; rc == LL_OK && r.len >= 6 && 4 + 6 * k + 6 <= r.len - 2; k++) {
				c.col = xls_u16(d + 2) + (uint32_t)k;
				c.xf = xls_u16(d + 4 + 6 * k);
				c.num = xls_rk(xls_u32(d + 6 + 6 * k));
				rc = add_cell(b, &c, err);
			}
			break;
		case R_BOOLERR:
			if (r.len >= 8) {
				c.kind = d[7] ? C_ERROR : C_BOOL;
				c.num = d[6] != 0;
				rc = add_cell(b, &c, err);
			}
			break;
		case R_FORMULA:
			if (r.len < 14)
				break;
			if (xls_u16(d + 12) != 0xFFFF) {
				c.num = xls_f64(d + 6);
				rc = add_cell(b, &c, err);
			} else if (d[6] == 0) {
				pending = c;
				has_pending = 1;
			} else if (d[6] == 1 || d[6] == 2) {
				c.kind = d[6] == 1 ? C_BOOL : C_ERROR;
				c.num = d[8] != 0;
				rc = add_cell(b, &c, err);
			} else if (d[6] == 3) {
				c.kind = C_TEXT; /* an empty string */
				c.off = b->pool.n;
				rc = add_cell(b, &c, err);
			}
			break;
		case R_STRING:
			if (has_pending)
				rc = add_text(b, &pending, &r, 0, err);
			has_pending = 0;
			break;
		}
	}
	if (rc == LL_OK && got < 0)
		rc = past_end(b, &r, err);
	return rc;
}

static int by_place(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The value of cell c as its CSV field; 0 when out of memory, -1 (and
 * err) for a shared string the workbook lacks. */
static int cell_text(const struct book *b, const char *sheet, const struct cell *c, struct ds_text *out,
		     struct ll_err *err)
{
	switch (c->kind) {
	case C_SST:
		if (c->off >= b->nsst) {
			ll_err_set(err, LL_EDATA, "%s: sheet '%s' row %lu: shared string %zu of %zu (a damaged workbook?)",
				   b->path, sheet, (unsigned long)c->row + 1, c->off, b->nsst);
			return -1;
		}
		return ds_text_field(out, b->sst[c->off], strlen(b->sst[c->off]));
	case C_TEXT:
		return ds_text_field(out, b->pool.p ? b->pool.p + c->off : "", c->len);
	case C_BOOL:
		return c->num ? ds_text_put(out, "true", 4) : ds_text_put(out, "false", 5);
	case C_ERROR:
		return 1; /* #N/A, #DIV/0!: a missing value */
	}
	int kind = c->xf < b->nxf ? b->xf_kind[c->xf] : 0;
	return ds_sheet_put_number(out, c->num, kind, b->date1904);
}

/* The gathered cells as CSV text into csv, rows with cells only, every
 * one as wide as the widest; *rows counts them. */
static int cells_csv(struct book *b, const char *sheet, struct ds_text *csv, size_t *rows, long *width,
		     struct ll_err *err)
{
	/* writers keep row and column order nearly always: sorted only if not */
	size_t k = 1;
	while (k < b->ncells && by_place(&b->cells[k - 1], &b->cells[k]) < 0)
		k++;
	if (k < b->ncells)
		qsort(b->cells, b->ncells, sizeof *b->cells, by_place);
	/* the last of cells at one place wins */
	size_t m = 0;
	for (size_t i = 0; i < b->ncells; i++) {
		if (m && b->cells[m - 1].row == b->cells[i].row && b->cells[m - 1].col == b->cells[i].col)
			m--;
		b->cells[m++] = b->cells[i];
	}
	b->ncells = m;
	*width = 0;
	*rows = 0;
	for (size_t i = 0; i < m; i++) {
		if ((long)b->cells[i].col + 1 > *width)
			*width = (long)b->cells[i].col + 1;
		*rows += i == 0 || b->cells[i].row != b->cells[i - 1].row;
	}
	if (!m)
		return LL_OK;
	int rc = ds_sheet_size_check(b->path, sheet, *rows, *width, err);
	long next = 0;
	for (size_t i = 0; rc == LL_OK && i < m; i++) {
		const struct cell *c = &b->cells[i];
		if (!ds_sheet_to_column(csv, &next, (long)c->col))
			return oom(b, err);
		int got = cell_text(b, sheet, c, csv, err);
		if (got == 0)
			return oom(b, err);
		if (got < 0)
			return LL_EDATA;
		if ((i + 1 == m || b->cells[i + 1].row != c->row) && !ds_sheet_end_row(csv, next, *width))
			return oom(b, err);
		if (i + 1 == m || b->cells[i + 1].row != c->row)
			next = 0;
	}
	return rc;
}

/* The workbook stream of the compound file: "Workbook" (BIFF8), else
 * "Book" (BIFF5); *at -1 when it has neither. */
static int workbook_stream(struct ds_cfb *cfb, long *at)
{
	*at = ds_cfb_find(cfb, "Workbook");
	if (*at < 0)
		*at = ds_cfb_find(cfb, "Book");
	return *at >= 0;
}

/* The workbook at path (mapped at map) read up to the CSV text of the
 * sheet wanted (NULL: the first with cells) into csv; *chosen its index
 * (b->nsheets: none holds a cell). */
static int book_csv(struct book *b, const unsigned char *map, size_t size, const char *wanted, struct ds_text *csv,
		    size_t *chosen, size_t *rows, unsigned char **stream, struct ll_err *err)
{
	struct ds_cfb *cfb = NULL;
	long at = -1;
	*stream = NULL;
	*chosen = 0;
	int rc = ds_cfb_open(b->path, map, size, &cfb, err);
	if (rc == LL_OK && !workbook_stream(cfb, &at)) {
		/* another OLE2 file (.doc, .msg, an encrypted .xlsx): named as before */
		rc = ds_binary_refuse(b->path, (const char *)map, size, 0, err);
	}
	if (rc == LL_OK)
		rc = ds_cfb_read(cfb, at, stream, &b->n, err);
	ds_cfb_free(cfb);
	b->s = *stream;
	if (rc == LL_OK)
		rc = read_globals(b, err);
	size_t only = 0;
	*chosen = b->nsheets;
	if (rc == LL_OK && wanted)
		rc = ds_sheet_find(b->path, b->names, b->nsheets, wanted, &only, err);
	for (size_t i = wanted ? only : 0; rc == LL_OK && i < (wanted ? only + 1 : b->nsheets); i++) {
		long width = 0;
		if ((rc = read_cells(b, b->sheets[i].bof, err)) == LL_OK)
			rc = cells_csv(b, b->sheets[i].name, csv, rows, &width, err);
		if (rc == LL_OK && width > 0) {
			*chosen = i;
			break;
		}
	}
	return rc;
}

int ds_xls_csv(const char *path, const unsigned char *map, size_t size, const char *sheet, struct ds_text *csv,
	       char *name, size_t cap, struct ll_err *err)
{
	struct book b = {.path = path};
	unsigned char *stream = NULL;
	size_t chosen, rows = 0;
	int rc = book_csv(&b, map, size, sheet, csv, &chosen, &rows, &stream, err);
	if (rc == LL_OK && chosen == b.nsheets)
		rc = ds_sheet_none(path, b.names, b.nsheets, sheet, err);
	if (rc == LL_OK && cap)
		snprintf(name, cap, "%s", b.names[chosen]);
	free(stream);
	book_free(&b);
	return rc;
}

static int xls_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	*out = NULL;
	struct book b = {.path = src->path};
	unsigned char *stream = NULL;
	const char *wanted = opts->sheet && *opts->sheet ? opts->sheet : NULL;
	size_t chosen, rows = 0;
	struct ds_text csv = {0};
	int rc = book_csv(&b, (const unsigned char *)src->data, src->size, wanted, &csv, &chosen, &rows, &stream, err);
	if (rc == LL_OK && chosen == b.nsheets)
		rc = ds_sheet_none(src->path, b.names, b.nsheets, wanted, err);
	if (rc == LL_OK)
		rc = ds_sheet_table(src, opts, "xls", csv.p, csv.n, b.names, b.nsheets, chosen, rows, out, err);
	free(csv.p);
	free(stream);
	book_free(&b);
	return rc;
}

/* A compound file with a workbook stream. Its directory may lie beyond
 * the sample: then the load looks, and names any other OLE2 file as the
 * binary refusal does. */
static int xls_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	const unsigned char *h = (const unsigned char *)head;
	if (!ds_cfb_is(h, n))
		return 0;
	int wb = ds_cfb_peek(h, n, "Workbook"), book = ds_cfb_peek(h, n, "Book");
	if (wb == 1 || book == 1)
		return 95;
	return wb < 0 || book < 0 ? 60 : 0;
}

const struct ds_reader ds_xls_reader = {
	.name = "xls",
	.summary = "legacy Excel workbook (.xls: BIFF8, BIFF5): the first sheet with cells (xls:sheet=NAME another), read as its CSV export would be",
	.sniff = xls_sniff,
	.load = xls_load,
	.line = NULL,
};
