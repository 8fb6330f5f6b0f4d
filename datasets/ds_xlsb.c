/*
 * ds_xlsb.c - binary Excel workbooks (.xlsb) read as tables, from
 * MS-XLSB.
 *
 * An .xlsb is the zip package of an .xlsx whose parts are BIFF12 records
 * instead of XML: each record a type and a size (each 7 bits a byte, the
 * high bit saying another byte follows), then its data. The workbook part
 * the package's relationships name (xl/workbook.bin as Excel writes it)
 * lists the sheets (BrtBundleSh: a relationship id and a name) and the
 * 1904 calendar (BrtWbProp); the workbook's relationships name each
 * sheet's part, the shared strings (BrtSSTItem) and the styles: the
 * number formats (BrtFmt) and the cell
 * formats (BrtXF in the cell XFs) that make a number a date. A sheet's
 * rows (BrtRowHdr) hold its cells; they are written out as CSV text and
 * read through ds_sheet.h as an .xlsx sheet is.
 */
#include "ds_csv.h"
#include "ds_opc.h"
#include "ds_sheet.h"
#include "ds_xls.h"
#include "ds_xml.h"
#include "ds_zip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	B_ROWHDR = 0, B_CELL_BLANK = 1, B_CELL_RK = 2, B_CELL_ERROR = 3, B_CELL_BOOL = 4, B_CELL_REAL = 5,
	B_CELL_ST = 6, B_CELL_ISST = 7, B_FMLA_STRING = 8, B_FMLA_NUM = 9, B_FMLA_BOOL = 10, B_FMLA_ERROR = 11,
	B_CELL_RSTRING = 62, B_SST_ITEM = 19, B_FMT = 44, B_XF = 47, B_WB_PROP = 153, B_BUNDLE_SH = 156, B_BEGIN_CELL_XFS = 617,
	B_END_CELL_XFS = 618
};

#define XLSB_MAX_COLS 16384

struct rec {
	unsigned type;
	const unsigned char *data;
	size_t len, at;
};

/* The record at *pos of p[0, n): 1, 0 at the end, -1 when its header or
 * data runs past the part. */
static int rec_next(const unsigned char *p, size_t n, size_t *pos, struct rec *r)
{
	size_t i = *pos;
	if (i >= n)
		return 0;
	r->at = i;
	unsigned type = 0, shift = 0;
	for (int k = 0;; k++) {
		if (i >= n || k == 2)
			return -1;
		type |= (unsigned)(p[i] & 0x7F) << shift;
		shift += 7;
		if (!(p[i++] & 0x80))
			break;
	}
	size_t len = 0;
	shift = 0;
	for (int k = 0;; k++) {
		if (i >= n || k == 4)
			return -1;
		len |= (size_t)(p[i] & 0x7F) << shift;
		shift += 7;
		if (!(p[i++] & 0x80))
			break;
	}
	if (len > n - i)
		return -1;
	r->type = type;
	r->data = p + i;
	r->len = len;
	*pos = i + len;
	return 1;
}

/* An XLWideString at d[*at, len) (a count of UTF-16 characters, then
 * them) appended to out: 1, 0 when it runs past, -1 out of memory. */
static int wide_string(const unsigned char *d, size_t len, size_t *at, struct ds_text *out)
{
	if (len < 4 || *at > len - 4)
		return 0;
	uint32_t cch = xls_u32(d + *at);
	if (cch == 0xFFFFFFFFu) { /* a nullable string's null */
		*at += 4;
		return ds_text_put(out, "", 0) ? 1 : -1;
	}
	if ((uint64_t)cch * 2 > len - *at - 4)
		return 0;
	struct xls_rec r = {.data = d + *at + 4, .len = (size_t)cch * 2};
	struct xls_cur c;
	xls_cur_init(&c, r.data, 0, &r, 0, 1, 0);
	*at += 4 + (size_t)cch * 2;
	return xls_cur_chars(&c, cch, 1, out);
}

struct sheet {
	char *name, *part;
};

struct book {
	const char *path;
	const unsigned char *zip;
	size_t size;
	struct sheet *sheets;
	const char **names;
	size_t nsheets;
	char **strings;
	size_t nstrings;
	unsigned char *xf_kind;
	size_t nxf;
	int date1904;
	char *workbook, *dir, *relspart, *sstpart, *stylepart; /* part names */
	char *rels; /* the workbook's relationships */
	size_t nrels;
};

static void book_free(struct book *b)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].part);
	}
	free(b->sheets);
	free(b->names);
	for (size_t i = 0; i < b->nstrings; i++)
		free(b->strings[i]);
	free(b->strings);
	free(b->xf_kind);
	free(b->workbook);
	free(b->dir);
	free(b->relspart);
	free(b->sstpart);
	free(b->stylepart);
	free(b->rels);
}

static int oom(const struct book *b, struct ll_err *err)
{
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", b->path);
}

static int damaged(const struct book *b, const char *part, size_t at, struct ll_err *err)
{
	return ll_err_set(err, LL_EDATA, "%s: damaged workbook: %s: the record at offset %zu runs past the part",
			  b->path, part, at);
}

/* The workbook's part (the package's relationships name it; else
 * xl/workbook.bin), its folder, its relationships and the parts they name
 * for the shared strings and the styles (else beside the workbook). */
static int find_parts(struct book *b, struct ll_err *err)
{
	char *root = NULL;
	size_t rn = 0;
	int oom_ = 0, rc = ds_zip_read(b->path, b->zip, b->size, "_rels/.rels", &root, &rn, err);
	if (rc != LL_OK)
		return rc;
	b->workbook = ds_opc_relation(root, rn, NULL, 0, "/officeDocument", "", &oom_);
	free(root);
	if (!b->workbook && !oom_ && !(b->workbook = strdup("xl/workbook.bin")))
		oom_ = 1;
	if (oom_)
		return oom(b, err);
	const char *slash = strrchr(b->workbook, '/');
	size_t dl = slash ? (size_t)(slash + 1 - b->workbook) : 0;
	if (!(b->dir = malloc(dl + 1)) || !(b->relspart = malloc(strlen(b->workbook) + 12)))
		return oom(b, err);
	memcpy(b->dir, b->workbook, dl);
	b->dir[dl] = 0;
	sprintf(b->relspart, "%s_rels/%s.rels", b->dir, b->workbook + dl);
	if ((rc = ds_zip_read(b->path, b->zip, b->size, b->relspart, &b->rels, &b->nrels, err)) != LL_OK)
		return rc;
	b->sstpart = ds_opc_relation(b->rels, b->nrels, NULL, 0, "/sharedStrings", b->dir, &oom_);
	b->stylepart = ds_opc_relation(b->rels, b->nrels, NULL, 0, "/styles", b->dir, &oom_);
	if (!b->sstpart && !oom_ && !(b->sstpart = ds_opc_resolve(b->dir, "sharedStrings.bin", 17)))
		oom_ = 1;
	if (!b->stylepart && !oom_ && !(b->stylepart = ds_opc_resolve(b->dir, "styles.bin", 10)))
		oom_ = 1;
	return oom_ ? oom(b, err) : LL_OK;
}

/* The sheets of the workbook part in order, each with its part. */
static int read_workbook(struct book *b, struct ll_err *err)
{
	char *wb;
	size_t wn;
	int rc = find_parts(b, err);
	if (rc == LL_OK)
		rc = ds_zip_read(b->path, b->zip, b->size, b->workbook, &wb, &wn, err);
	if (rc == LL_OK && !wb)
		return ll_err_set(err, LL_EDATA, "%s: not a binary Excel workbook: it has no %s", b->path, b->workbook);
	if (rc != LL_OK)
		return rc;
	size_t pos = 0;
	struct rec r;
	int got = 0;
	while (rc == LL_OK && (got = rec_next((const unsigned char *)wb, wn, &pos, &r)) == 1) {
		if (r.type == B_WB_PROP && r.len >= 4)
			b->date1904 = r.data[0] & 1;
		if (r.type != B_BUNDLE_SH || r.len < 8)
			continue;
		struct ds_text id = {0}, name = {0};
		size_t at = 8;
		int ok = wide_string(r.data, r.len, &at, &id);
		if (ok == 1)
			ok = wide_string(r.data, r.len, &at, &name);
		struct sheet *grown = ok == 1 ? realloc(b->sheets, (b->nsheets + 1) * sizeof *grown) : NULL;
		if (grown) {
			b->sheets = grown;
			int o = 0;
			char *part = ds_opc_relation(b->rels, b->nrels, id.p ? id.p : "", id.n, NULL, b->dir, &o);
			char dflt[48];
			snprintf(dflt, sizeof dflt, "worksheets/sheet%zu.bin", b->nsheets + 1);
			if (!part && !o) /* no relationship: where writers put it */
				part = ds_opc_resolve(b->dir, dflt, strlen(dflt));
			b->sheets[b->nsheets].name = name.p;
			b->sheets[b->nsheets++].part = part;
			name.p = NULL;
			if (!part)
				ok = -1;
		}
		free(id.p);
		free(name.p);
		if (ok == 0)
			rc = ll_err_set(err, LL_EDATA, "%s: damaged workbook: %s: a sheet's name runs past its record", b->path,
					b->workbook);
		else if (ok < 0 || !grown)
			rc = oom(b, err);
	}
	if (rc == LL_OK && got < 0)
		rc = damaged(b, b->workbook, r.at, err);
	free(wb);
	if (rc == LL_OK && b->nsheets && !(b->names = malloc(b->nsheets * sizeof *b->names)))
		rc = oom(b, err);
	for (size_t i = 0; rc == LL_OK && i < b->nsheets; i++)
		b->names[i] = b->sheets[i].name;
	return rc;
}

/* The shared strings: each BrtSSTItem's text, its runs and phonetic
 * guides left out. */
static int read_strings(struct book *b, struct ll_err *err)
{
	char *x;
	size_t n, pos = 0, cap = 0;
	int rc = ds_zip_read(b->path, b->zip, b->size, b->sstpart, &x, &n, err);
	if (rc != LL_OK || !x)
		return rc;
	struct rec r;
	int got;
	while (rc == LL_OK && (got = rec_next((const unsigned char *)x, n, &pos, &r)) == 1) {
		if (r.type != B_SST_ITEM)
			continue;
		struct ds_text t = {0};
		size_t at = 1;
		int ok = wide_string(r.data, r.len, &at, &t);
		if (ok == 0) {
			free(t.p);
			rc = ll_err_set(err, LL_EDATA, "%s: damaged workbook: %s: string %zu runs past its record", b->path,
					b->sstpart, b->nstrings);
			break;
		}
		if (ok > 0 && b->nstrings == cap) {
			cap = cap ? 2 * cap : 256;
			char **grown = realloc(b->strings, cap * sizeof *grown);
			ok = grown ? 1 : -1;
			if (grown)
				b->strings = grown;
		}
		if (ok < 0) {
			free(t.p);
			rc = oom(b, err);
			break;
		}
		b->strings[b->nstrings++] = t.p;
	}
	if (rc == LL_OK && got < 0)
		rc = damaged(b, b->sstpart, r.at, err);
	free(x);
	return rc;
}

/* Which cell formats show dates: the BrtXF records of the cell XFs, each
 * a number format id, built in or given by a BrtFmt. */
static int read_styles(struct book *b, struct ll_err *err)
{
	char *x;
	size_t n, pos = 0, cap = 0;
	int rc = ds_zip_read(b->path, b->zip, b->size, b->stylepart, &x, &n, err);
	if (rc != LL_OK || !x)
		return rc;
	struct ds_sheet_formats fmts = {0};
	struct rec r;
	int got, in_xfs = 0;
	while (rc == LL_OK && (got = rec_next((const unsigned char *)x, n, &pos, &r)) == 1) {
		if (r.type == B_FMT && r.len >= 6) {
			struct ds_text code = {0};
			size_t at = 2;
			int ok = wide_string(r.data, r.len, &at, &code);
			if (ok < 0 || (ok == 1 && ds_sheet_formats_add(&fmts, xls_u16(r.data), code.p, code.n) != LL_OK))
				rc = oom(b, err);
			free(code.p);
		}
		if (r.type == B_BEGIN_CELL_XFS || r.type == B_END_CELL_XFS)
			in_xfs = r.type == B_BEGIN_CELL_XFS;
		if (rc != LL_OK || !in_xfs || r.type != B_XF || r.len < 4)
			continue;
		int kind = ds_sheet_formats_kind(&fmts, xls_u16(r.data + 2));
		if (ds_sheet_kinds_push(&b->xf_kind, &b->nxf, &cap, kind) != LL_OK)
			rc = oom(b, err);
	}
	if (rc == LL_OK && got < 0)
		rc = damaged(b, b->stylepart, r.at, err);
	ds_sheet_formats_free(&fmts);
	free(x);
	return rc;
}

/* The value of cell record r as its CSV field; 0 when out of memory, -1
 * (and err) for a damaged cell. */
static int cell_text(const struct book *b, const char *sheet, const struct rec *r, long row, struct ds_text *out,
		     struct ll_err *err)
{
	const unsigned char *d = r->data;
	uint32_t style = xls_u32(d + 4) & 0xFFFFFF;
	int kind = style < b->nxf ? b->xf_kind[style] : 0;
	switch (r->type) {
	case B_CELL_RK:
		return ds_sheet_put_number(out, xls_rk(xls_u32(d + 8)), kind, b->date1904);
	case B_CELL_REAL:
	case B_FMLA_NUM:
		return ds_sheet_put_number(out, xls_f64(d + 8), kind, b->date1904);
	case B_CELL_BOOL:
	case B_FMLA_BOOL:
		return d[8] ? ds_text_put(out, "true", 4) : ds_text_put(out, "false", 5);
	case B_CELL_ERROR:
	case B_FMLA_ERROR:
		return 1;
	case B_CELL_ISST: {
		uint32_t i = xls_u32(d + 8);
		if (i >= b->nstrings) {
			ll_err_set(err, LL_EDATA, "%s: sheet '%s' row %ld: shared string %lu of %zu (a damaged workbook?)",
				   b->path, sheet, row + 1, (unsigned long)i, b->nstrings);
			return -1;
		}
		return ds_text_field(out, b->strings[i], strlen(b->strings[i]));
	}
	}
	/* BrtCellSt, BrtFmlaString: the text in the record; BrtCellRString's
	 * after its flags byte (its runs follow, not text) */
	struct ds_text t = {0};
	size_t at = r->type == B_CELL_RSTRING ? 9 : 8;
	int ok = wide_string(d, r->len, &at, &t);
	if (ok == 1)
		ok = ds_text_field(out, t.p ? t.p : "", t.n);
	else if (ok == 0)
		ll_err_set(err, LL_EDATA, "%s: sheet '%s' row %ld: a text cell runs past its record", b->path, sheet, row + 1);
	free(t.p);
	return ok == 0 ? -1 : ok < 0 ? 0 : ok;
}

/* The minimum data of a cell record of type t (the cell, then its value);
 * 0 for another record. */
static size_t cell_min(unsigned t)
{
	switch (t) {
	case B_CELL_RK:
	case B_CELL_ISST:
		return 12;
	case B_CELL_REAL:
	case B_FMLA_NUM:
		return 16;
	case B_CELL_ERROR:
	case B_CELL_BOOL:
	case B_FMLA_BOOL:
	case B_FMLA_ERROR:
		return 9;
	case B_CELL_ST:
	case B_FMLA_STRING:
		return 12;
	case B_CELL_RSTRING:
		return 13;
	}
	return 0; /* BrtCellBlank, a style alone, is no field */
}

/* The sheet part x[0, n) as CSV into out, every row width columns wide
 * (width 0: measure only, into *width); *rows counts rows with cells. */
static int sheet_csv(const struct book *b, const char *sheet, const char *part, const unsigned char *x, size_t n,
		     long *width, struct ds_text *out, size_t *rows, struct ll_err *err)
{
	int measure = *width == 0, got, rc = LL_OK;
	long row = -1, next = 0;
	size_t pos = 0;
	struct rec r;
	*rows = 0;
	while (rc == LL_OK && (got = rec_next(x, n, &pos, &r)) >= 0) {
		int end = got == 0 || (r.type == B_ROWHDR && r.len >= 4);
		if (end && next > 0) {
			(*rows)++;
			if (!measure && !ds_sheet_end_row(out, next, *width))
				return oom(b, err);
		}
		if (got == 0)
			break;
		if (end) {
			row = (long)xls_u32(r.data);
			next = 0;
			continue;
		}
		size_t need = cell_min(r.type);
		if (!need || r.len < need)
			continue;
		long col = (long)xls_u32(r.data);
		if (col >= XLSB_MAX_COLS)
			continue;
		if (col < next) /* out of order: kept in the order written */
			col = next;
		if (measure) {
			if (col + 1 > *width)
				*width = col + 1;
			next = col + 1;
			continue;
		}
		if (col >= *width)
			continue;
		if (!ds_sheet_to_column(out, &next, col))
			return oom(b, err);
		int t = cell_text(b, sheet, &r, row, out, err);
		if (t == 0)
			return oom(b, err);
		if (t < 0)
			return LL_EDATA;
	}
	return got < 0 ? damaged(b, part, r.at, err) : rc;
}

/* The CSV text of the sheet wanted, or of the first holding a cell. */
static int pick_sheet(struct book *b, const char *wanted, struct ds_text *csv, size_t *chosen, size_t *rows,
		      struct ll_err *err)
{
	size_t only = 0;
	int rc = wanted ? ds_sheet_find(b->path, b->names, b->nsheets, wanted, &only, err) : LL_OK;
	for (size_t i = wanted ? only : 0; rc == LL_OK && i < (wanted ? only + 1 : b->nsheets); i++) {
		char *x;
		size_t n;
		if ((rc = ds_zip_read(b->path, b->zip, b->size, b->sheets[i].part, &x, &n, err)) != LL_OK)
			return rc;
		if (!x)
			continue;
		long width = 0;
		const unsigned char *u = (const unsigned char *)x;
		rc = sheet_csv(b, b->sheets[i].name, b->sheets[i].part, u, n, &width, csv, rows, err);
		if (rc == LL_OK && width > 0)
			rc = ds_sheet_size_check(b->path, b->sheets[i].name, *rows, width, err);
		if (rc == LL_OK && width > 0)
			rc = sheet_csv(b, b->sheets[i].name, b->sheets[i].part, u, n, &width, csv, rows, err);
		free(x);
		if (rc != LL_OK || width > 0) {
			*chosen = i;
			return rc;
		}
	}
	*chosen = b->nsheets;
	return rc;
}

/* The workbook read up to the CSV text of the sheet wanted (NULL: the
 * first with cells); *chosen b->nsheets when none holds a cell. */
static int book_csv(struct book *b, const char *wanted, struct ds_text *csv, size_t *chosen, size_t *rows,
		    struct ll_err *err)
{
	*chosen = 0;
	int rc = read_workbook(b, err);
	if (rc == LL_OK)
		rc = read_strings(b, err);
	if (rc == LL_OK)
		rc = read_styles(b, err);
	if (rc == LL_OK)
		rc = pick_sheet(b, wanted, csv, chosen, rows, err);
	return rc;
}

int ds_xlsb_csv(const char *path, const unsigned char *map, size_t size, const char *sheet, struct ds_text *csv,
		char *name, size_t cap, struct ll_err *err)
{
	struct book b = {.path = path, .zip = map, .size = size};
	size_t chosen, rows = 0;
	int rc = book_csv(&b, sheet, csv, &chosen, &rows, err);
	if (rc == LL_OK && chosen == b.nsheets)
		rc = ds_sheet_none(path, b.names, b.nsheets, sheet, err);
	if (rc == LL_OK && cap)
		snprintf(name, cap, "%s", b.names[chosen]);
	book_free(&b);
	return rc;
}

static int xlsb_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		     struct ll_err *err)
{
	*out = NULL;
	struct book b = {.path = src->path, .zip = (const unsigned char *)src->data, .size = src->size};
	struct ds_text csv = {0};
	size_t chosen = 0, rows = 0;
	const char *wanted = opts->sheet && *opts->sheet ? opts->sheet : NULL;
	int rc = book_csv(&b, wanted, &csv, &chosen, &rows, err);
	if (rc == LL_OK && chosen == b.nsheets)
		rc = ds_sheet_none(src->path, b.names, b.nsheets, wanted, err);
	if (rc == LL_OK)
		rc = ds_sheet_table(src, opts, "xlsb", csv.p, csv.n, b.names, b.nsheets, chosen, rows, out, err);
	free(csv.p);
	book_free(&b);
	return rc;
}

/* A zip whose first bytes name a part of a binary workbook. A package
 * whose first parts are others' is claimed by the xlsx reader, which
 * hands it here once its relationships name xl/workbook.bin. */
static int xlsb_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (n < 4 || memcmp(head, "PK\3\4", 4) != 0)
		return 0;
	return memmem(head, n, "xl/workbook.bin", 15) || memmem(head, n, "xl/worksheets/sheet1.bin", 24) ? 96 : 0;
}

const struct ds_reader ds_xlsb_reader = {
	.name = "xlsb",
	.summary = "binary Excel workbook (.xlsb): the first sheet with cells (xlsb:sheet=NAME another), read as its CSV export would be",
	.sniff = xlsb_sniff,
	.load = xlsb_load,
	.line = NULL,
};
