/*
 * ds_xlsx.c - Excel workbooks (.xlsx, .xlsm: Office Open XML) read as
 * tables.
 *
 * A workbook is a zip of XML parts: the package's relationships
 * (_rels/.rels) name the workbook (xl/workbook.xml as Excel writes it),
 * which names the sheets in order; the workbook's own relationships say
 * which part holds each sheet, the shared strings (the text cells refer to
 * by number) and the styles (which cells show a number as a date). The first sheet
 * that holds a cell is written out as CSV text (dates as ISO stamps, text
 * quoted where it must be, every row as wide as the widest) and read by
 * the CSV reader, so a sheet gets the same header, type detection, label
 * column and long-table handling as a CSV export of it. A note names the
 * sheet and the sheets not read; "xlsx:sheet=NAME" (ds_open_opts.sheet)
 * reads another.
 */
#include "ds_csv.h"
#include "ds_opc.h"
#include "ds_sheet.h"
#include "ds_xml.h"
#include "ds_zip.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Excel's widest sheet: columns A to XFD. */
#define XLSX_MAX_COLS 16384

/* A sheet as the workbook lists it. */
struct sheet {
	char *name, *part;
};

struct book {
	const char *path;
	const unsigned char *zip;
	size_t size;
	struct sheet *sheets;
	const char **names; /* the sheets' names, for ds_sheet.h */
	size_t nsheets;
	char **strings; /* shared strings */
	size_t nstrings;
	unsigned char *date_style; /* per cell style: 0 a number, 1 a date, 2 a date and time, 3 a time of day, 4 elapsed */
	size_t nstyles;
	int date1904;
	int binary; /* the package is an .xlsb's: read by ds_xlsb.c */
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
	free(b->date_style);
}

/* A decoded copy of s[0, n); NULL when out of memory. */
static char *decoded(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	if (out)
		out[ds_xml_decode(s, n, out)] = 0;
	return out;
}

/* The text from offset at up to the next tag. */
static size_t text_len(const char *p, size_t n, size_t at)
{
	const char *lt = at < n ? memchr(p + at, '<', n - at) : NULL;
	return lt ? (size_t)(lt - (p + at)) : n - at;
}

static int oom(const struct book *b, struct ll_err *err)
{
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", b->path);
}

/* The parts of the package: the workbook the package's relationships name
 * (xl/workbook.xml when they name none), and beside it its own
 * relationships, shared strings and styles. */
struct parts {
	char *workbook, *base, *rels, *strings, *styles;
};

static void parts_free(struct parts *p)
{
	free(p->workbook);
	free(p->base);
	free(p->rels);
	free(p->strings);
	free(p->styles);
}

static int find_parts(struct book *b, struct parts *p, char **wbrels, size_t *wbrn, struct ll_err *err)
{
	char *root;
	size_t rn;
	int oom_ = 0, rc = ds_zip_read(b->path, b->zip, b->size, "_rels/.rels", &root, &rn, err);
	if (rc != LL_OK)
		return rc;
	p->workbook = ds_opc_relation(root, rn, NULL, 0, "/officeDocument", "", &oom_);
	free(root);
	if (!p->workbook && !oom_)
		p->workbook = strdup("xl/workbook.xml");
	const char *slash = p->workbook ? strrchr(p->workbook, '/') : NULL;
	size_t dir = slash ? (size_t)(slash + 1 - p->workbook) : 0;
	if (!p->workbook || !(p->base = malloc(dir + 1)) || !(p->rels = malloc(strlen(p->workbook) + 12)))
		return oom(b, err);
	memcpy(p->base, p->workbook, dir);
	p->base[dir] = 0;
	sprintf(p->rels, "%s_rels/%s.rels", p->base, p->workbook + dir);
	if ((rc = ds_zip_read(b->path, b->zip, b->size, p->rels, wbrels, wbrn, err)) != LL_OK)
		return rc;
	p->strings = ds_opc_relation(*wbrels, *wbrn, NULL, 0, "/sharedStrings", p->base, &oom_);
	p->styles = ds_opc_relation(*wbrels, *wbrn, NULL, 0, "/styles", p->base, &oom_);
	/* writers that leave them out of the relationships put them beside the workbook */
	if (!p->strings && !oom_ && (p->strings = ds_opc_resolve(p->base, "sharedStrings.xml", 17)) == NULL)
		oom_ = 1;
	if (!p->styles && !oom_ && (p->styles = ds_opc_resolve(p->base, "styles.xml", 10)) == NULL)
		oom_ = 1;
	return oom_ ? oom(b, err) : LL_OK;
}

/* The sheets in workbook order, each with its part's name in the zip. */
static int read_sheets(struct book *b, struct parts *p, struct ll_err *err)
{
	char *wb, *rels = NULL;
	size_t wn, rn = 0;
	int rc = find_parts(b, p, &rels, &rn, err);
	size_t wl = p->workbook ? strlen(p->workbook) : 0;
	if (rc == LL_OK && wl > 4 && strcmp(p->workbook + wl - 4, ".bin") == 0) {
		/* an .xlsb's package: its parts are records, not XML */
		free(rels);
		b->binary = 1;
		return LL_OK;
	}
	if (rc == LL_OK)
		rc = ds_zip_read(b->path, b->zip, b->size, p->workbook, &wb, &wn, err);
	if (rc == LL_OK && !wb)
		rc = ll_err_set(err, LL_EDATA, "%s: not an Excel workbook: it has no %s", b->path, p->workbook);
	if (rc != LL_OK) {
		free(rels);
		return rc;
	}
	struct ds_xml_tag tag;
	size_t pos = 0;
	while (rc == LL_OK && ds_xml_next(wb, wn, &pos, &tag)) {
		const char *v, *id;
		size_t vn, idn;
		if (ds_xml_is(&tag, "workbookPr") && ds_xml_attr(&tag, "date1904", &v, &vn))
			b->date1904 = (vn == 1 && v[0] == '1') || (vn == 4 && memcmp(v, "true", 4) == 0);
		if (tag.closing || !ds_xml_is(&tag, "sheet") || !ds_xml_attr(&tag, "name", &v, &vn) ||
		    !ds_xml_attr(&tag, "id", &id, &idn))
			continue;
		/* the relationship of that id gives the part, beside the workbook */
		int oom_ = 0;
		char *part = ds_opc_relation(rels, rn, id, idn, NULL, p->base, &oom_);
		struct sheet *grown = oom_ ? NULL : realloc(b->sheets, (b->nsheets + 1) * sizeof *grown);
		if (grown)
			b->sheets = grown;
		char *name = grown ? decoded(v, vn) : NULL;
		if (!name) {
			free(part);
			rc = oom(b, err);
			break;
		}
		b->sheets[b->nsheets].name = name;
		b->sheets[b->nsheets].part = part; /* NULL: no part, read as empty */
		b->nsheets++;
	}
	free(wb);
	free(rels);
	return rc;
}

/* The shared strings: each <si>'s <t> runs joined. */
static int read_strings(struct book *b, const struct parts *p, struct ll_err *err)
{
	char *x = NULL;
	size_t n;
	int rc = p->strings ? ds_zip_read(b->path, b->zip, b->size, p->strings, &x, &n, err) : LL_OK;
	if (rc != LL_OK || !x)
		return rc;
	struct ds_xml_tag tag;
	size_t pos = 0, cap = 0;
	struct ds_text cur = {0};
	int in_si = 0, in_rph = 0;
	while (rc == LL_OK && ds_xml_next(x, n, &pos, &tag)) {
		if (ds_xml_is(&tag, "rPh")) /* phonetic guides are not the text */
			in_rph = !tag.closing && !tag.empty;
		if (ds_xml_is(&tag, "si") && !tag.closing) {
			in_si = 1;
			cur.n = 0;
			if (!ds_text_put(&cur, "", 0))
				rc = oom(b, err);
			if (!tag.empty)
				continue;
		}
		if (in_si && !in_rph && ds_xml_is(&tag, "t") && !tag.closing && !tag.empty) {
			size_t len = text_len(x, n, tag.end);
			char *t = decoded(x + tag.end, len);
			if (!t || !ds_text_put(&cur, t, strlen(t)))
				rc = oom(b, err);
			free(t);
		}
		if (in_si && ds_xml_is(&tag, "si") && (tag.closing || tag.empty)) {
			in_si = 0;
			if (b->nstrings == cap) {
				cap = cap ? 2 * cap : 256;
				char **grown = realloc(b->strings, cap * sizeof *grown);
				if (!grown) {
					rc = oom(b, err);
					break;
				}
				b->strings = grown;
			}
			char *s = strdup(cur.p ? cur.p : "");
			if (!s) {
				rc = oom(b, err);
				break;
			}
			b->strings[b->nstrings++] = s;
		}
	}
	free(cur.p);
	free(x);
	return rc;
}

/* Which cell styles show dates: xl/styles.xml's cellXfs, each a number
 * format id, built in or given by a numFmt code. */
static int read_styles(struct book *b, const struct parts *p, struct ll_err *err)
{
	char *x = NULL;
	size_t n;
	int rc = p->styles ? ds_zip_read(b->path, b->zip, b->size, p->styles, &x, &n, err) : LL_OK;
	if (rc != LL_OK || !x)
		return rc;
	struct ds_sheet_formats custom = {0};
	size_t cap = 0;
	int in_xfs = 0;
	struct ds_xml_tag tag;
	size_t pos = 0;
	while (ds_xml_next(x, n, &pos, &tag)) {
		const char *v, *code;
		size_t vn, cn;
		if (ds_xml_is(&tag, "numFmt") && !tag.closing && ds_xml_attr(&tag, "numFmtId", &v, &vn) &&
		    ds_xml_attr(&tag, "formatCode", &code, &cn)) {
			char *c = decoded(code, cn);
			if (!c || ds_sheet_formats_add(&custom, strtol(v, NULL, 10), c, strlen(c)) != LL_OK) {
				free(c);
				rc = oom(b, err);
				break;
			}
			free(c);
		}
		if (ds_xml_is(&tag, "cellXfs"))
			in_xfs = !tag.closing && !tag.empty;
		if (!in_xfs || tag.closing || !ds_xml_is(&tag, "xf"))
			continue;
		long id = ds_xml_attr(&tag, "numFmtId", &v, &vn) ? strtol(v, NULL, 10) : 0;
		if (ds_sheet_kinds_push(&b->date_style, &b->nstyles, &cap, ds_sheet_formats_kind(&custom, id)) != LL_OK) {
			rc = oom(b, err);
			break;
		}
	}
	ds_sheet_formats_free(&custom);
	free(x);
	return rc;
}

/* The column of a cell reference ("AB12" -> 27), -1 when it is none. */
static long ref_column(const char *r, size_t n)
{
	long col = 0;
	size_t i = 0;
	for (; i < n && r[i] >= 'A' && r[i] <= 'Z'; i++)
		col = col * 26 + (r[i] - 'A' + 1);
	return i == 0 || col > XLSX_MAX_COLS ? -1 : col - 1;
}

/* A cell being read. */
struct cell {
	long col;
	char type[12];
	long style;
	struct ds_text value;
	int has_value;
};

/* The cell's value as the CSV shows it, into out; 0 when out of memory,
 * -1 (and err) when it refers to a shared string the workbook lacks. */
static int cell_text(const struct book *b, const char *sheet, const struct cell *c, long row, struct ds_text *out,
		     struct ll_err *err)
{
	const char *v = c->value.p ? c->value.p : "";
	if (!c->has_value || strcmp(c->type, "e") == 0) /* an error (#N/A, #DIV/0!) is a missing value */
		return 1;
	if (strcmp(c->type, "s") == 0) {
		char *end;
		long i = strtol(v, &end, 10);
		if (end == v || i < 0 || (size_t)i >= b->nstrings) {
			ll_err_set(err, LL_EDATA, "%s: sheet '%s' row %ld: shared string %s of %zu (a damaged workbook?)",
				   b->path, sheet, row, v, b->nstrings);
			return -1;
		}
		return ds_text_field(out, b->strings[i], strlen(b->strings[i]));
	}
	if (strcmp(c->type, "b") == 0)
		return ds_text_put(out, strcmp(v, "1") == 0 ? "true" : "false", strcmp(v, "1") == 0 ? 4 : 5);
	if (strcmp(c->type, "n") == 0 && c->style >= 0 && (size_t)c->style < b->nstyles && b->date_style[c->style]) {
		char *end;
		double serial = strtod(v, &end);
		if (end != v && *end == 0 && isfinite(serial) && serial >= 0 && serial < 2958466) {
			char stamp[40];
			ds_sheet_serial_text(serial, b->date_style[c->style], b->date1904, stamp, sizeof stamp);
			return ds_text_put(out, stamp, strlen(stamp));
		}
	}
	return ds_text_field(out, v, strlen(v));
}

/* The sheet part x[0, n) as CSV into out, every row width columns wide
 * (width 0: measure only, into *width); *rows counts rows with cells. */
static int sheet_csv(const struct book *b, const char *sheet, const char *x, size_t n, long *width,
		     struct ds_text *out, size_t *rows, struct ll_err *err)
{
	int measure = *width == 0, rc = LL_OK;
	long row = 0, next_col = 0, last_row = 0;
	struct cell c = {0};
	int in_cell = 0, in_inline = 0, in_rph = 0;
	struct ds_xml_tag tag;
	size_t pos = 0;
	*rows = 0;
	while (rc == LL_OK && ds_xml_next(x, n, &pos, &tag)) {
		const char *v;
		size_t vn;
		if (ds_xml_is(&tag, "row")) {
			if (!tag.closing) {
				row = ds_xml_attr(&tag, "r", &v, &vn) ? strtol(v, NULL, 10) : last_row + 1;
				next_col = 0;
			}
			/* a row with cells: padded to the sheet's width */
			if ((tag.closing || tag.empty) && !measure && next_col > 0 && !ds_sheet_end_row(out, next_col, *width))
				rc = oom(b, err);
			if ((tag.closing || tag.empty) && next_col > 0)
				(*rows)++;
			if (tag.closing || tag.empty)
				last_row = row;
			continue;
		}
		if (ds_xml_is(&tag, "c") && !tag.closing) {
			c.col = ds_xml_attr(&tag, "r", &v, &vn) ? ref_column(v, vn) : next_col;
			if (c.col < 0)
				c.col = next_col;
			snprintf(c.type, sizeof c.type, "n");
			if (ds_xml_attr(&tag, "t", &v, &vn) && vn < sizeof c.type)
				snprintf(c.type, sizeof c.type, "%.*s", (int)vn, v);
			c.style = ds_xml_attr(&tag, "s", &v, &vn) ? strtol(v, NULL, 10) : -1;
			c.value.n = 0;
			c.has_value = 0;
			in_cell = !tag.empty;
			if (in_cell)
				continue;
		}
		if (in_cell && ds_xml_is(&tag, "rPh"))
			in_rph = !tag.closing && !tag.empty;
		if (in_cell && ds_xml_is(&tag, "is"))
			in_inline = !tag.closing && !tag.empty;
		if (in_cell && !tag.closing && !tag.empty && !in_rph &&
		    ((ds_xml_is(&tag, "v") && !in_inline) || (ds_xml_is(&tag, "t") && in_inline))) {
			size_t len = text_len(x, n, tag.end);
			char *t = decoded(x + tag.end, len);
			if (!t || !ds_text_put(&c.value, t, strlen(t)))
				rc = oom(b, err);
			free(t);
			c.has_value = 1;
			continue;
		}
		if (!ds_xml_is(&tag, "c") || !(tag.closing || tag.empty))
			continue;
		/* the cell ends; one without a value (a style alone) is no field */
		in_cell = 0;
		if (!c.has_value)
			continue;
		if (c.col < next_col) /* cells out of order: kept in the order written */
			c.col = next_col;
		if (measure) {
			if (c.col + 1 > *width)
				*width = c.col + 1;
			next_col = c.col + 1;
			continue;
		}
		if (c.col >= *width)
			continue;
		if (!ds_sheet_to_column(out, &next_col, c.col))
			rc = oom(b, err);
		int got = rc == LL_OK ? cell_text(b, sheet, &c, row, out, err) : 1;
		if (got == 0)
			rc = oom(b, err);
		else if (got < 0)
			rc = LL_EDATA;
	}
	free(c.value.p);
	return rc;
}

/* The CSV text of the sheet called wanted, or (wanted NULL) of the first
 * sheet holding a cell, into *csv; *chosen its index (nsheets: none). */
static int pick_sheet(struct book *b, const char *wanted, struct ds_text *csv, size_t *chosen, size_t *rows,
		      struct ll_err *err)
{
	size_t only = 0;
	int rc = wanted ? ds_sheet_find(b->path, b->names, b->nsheets, wanted, &only, err) : LL_OK;
	for (size_t i = wanted ? only : 0; rc == LL_OK && i < (wanted ? only + 1 : b->nsheets); i++) {
		if (!b->sheets[i].part)
			continue;
		char *x;
		size_t n;
		if ((rc = ds_zip_read(b->path, b->zip, b->size, b->sheets[i].part, &x, &n, err)) != LL_OK)
			return rc;
		if (!x)
			continue; /* listed, but not in the zip: as if empty */
		long width = 0;
		rc = sheet_csv(b, b->sheets[i].name, x, n, &width, csv, rows, err);
		if (rc == LL_OK && width > 0)
			rc = ds_sheet_size_check(b->path, b->sheets[i].name, *rows, width, err);
		if (rc == LL_OK && width > 0)
			rc = sheet_csv(b, b->sheets[i].name, x, n, &width, csv, rows, err);
		free(x);
		if (rc != LL_OK || width > 0) {
			*chosen = i;
			return rc;
		}
	}
	*chosen = b->nsheets;
	return rc;
}

static int xlsx_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		     struct ll_err *err)
{
	*out = NULL;
	struct book b = {.path = src->path, .zip = (const unsigned char *)src->data, .size = src->size};
	struct ds_text csv = {0};
	size_t chosen = 0, rows = 0;
	const char *wanted = opts->sheet && *opts->sheet ? opts->sheet : NULL;
	struct parts parts = {0};
	int rc = read_sheets(&b, &parts, err);
	if (rc == LL_OK && b.binary) {
		book_free(&b);
		parts_free(&parts);
		return ds_xlsb_reader.load(src, opts, out, err);
	}
	if (rc == LL_OK && b.nsheets && !(b.names = malloc(b.nsheets * sizeof *b.names)))
		rc = oom(&b, err);
	for (size_t i = 0; rc == LL_OK && i < b.nsheets; i++)
		b.names[i] = b.sheets[i].name;
	if (rc == LL_OK)
		rc = read_strings(&b, &parts, err);
	if (rc == LL_OK)
		rc = read_styles(&b, &parts, err);
	if (rc == LL_OK)
		rc = pick_sheet(&b, wanted, &csv, &chosen, &rows, err);
	if (rc == LL_OK && chosen == b.nsheets)
		rc = ds_sheet_none(src->path, b.names, b.nsheets, wanted, err);
	if (rc == LL_OK)
		rc = ds_sheet_table(src, opts, "xlsx", csv.p, csv.n, b.names, b.nsheets, chosen, rows, out, err);
	free(csv.p);
	book_free(&b);
	parts_free(&parts);
	return rc;
}
/* A zip whose first part is an OOXML workbook's: its name or its content
 * says spreadsheet. */
static int xlsx_sniff(const char *path, const char *head, size_t n)
{
	size_t pl = path ? strlen(path) : 0;
	int named = pl >= 5 && (strcasecmp(path + pl - 5, ".xlsx") == 0 || strcasecmp(path + pl - 5, ".xlsm") == 0);
	/* a package written in another order starts with any part: its name says workbook */
	if (n < 4 || memcmp(head, "PK\3\4", 4) != 0 || !(named || ds_zip_office((const unsigned char *)head, n)))
		return 0;
	/* an OpenDocument package opens with its mimetype member: never OOXML,
	 * whatever bytes its compressed parts hold ("xl/" among them) */
	if (n >= 38 && head[26] == 8 && head[27] == 0 && memcmp(head + 30, "mimetype", 8) == 0)
		return 0;
	int spreadsheet = memmem(head, n, "spreadsheetml", 13) != NULL || memmem(head, n, "xl/", 3) != NULL ||
			  memmem(head, n, "xl\\", 3) != NULL;
	return named || spreadsheet ? 95 : 0;
}

const struct ds_reader ds_xlsx_reader = {
	.name = "xlsx",
	.summary = "Excel workbook (.xlsx, .xlsm): the first sheet with cells (xlsx:sheet=NAME another), read as its CSV export would be",
	.sniff = xlsx_sniff,
	.load = xlsx_load,
	.line = NULL,
};
