/*
 * ds_ods.c - OpenDocument spreadsheets (.ods: LibreOffice Calc, and what
 * Google Sheets and Excel export as ODF) read as tables.
 *
 * A spreadsheet is a zip whose content.xml holds every sheet in order:
 * <table:table table:name="..."> of <table:table-row> of
 * <table:table-cell>. A cell's value is in attributes by its type
 * (office:value for numbers, percentages and currencies, office:date-value,
 * office:time-value as an ISO duration, office:boolean-value), else its
 * text is its <text:p> paragraphs. Runs of alike cells and rows are written
 * once with a repeat count (a sheet's empty remainder is one row repeated a
 * million times), so empty ones cost nothing and only cells with a value
 * are written out. The sheet is written as CSV and read through the CSV
 * reader (ds_sheet.h), as ds_xlsx.c does.
 */
#include "ds_csv.h"
#include "ds_sheet.h"
#include "ds_xml.h"
#include "ds_zip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A run of alike cells or rows longer than a sheet can be (Calc's limits:
 * 16,384 columns, 1,048,576 rows) is as long as that: a run to the end of
 * the sheet is written so. */
#define ODS_MAX_COLUMNS 16384L
#define ODS_MAX_ROWS 1048576L

struct sheet_text {
	const char *x; /* content.xml */
	size_t n;
	size_t start, end; /* the sheet's element within it */
};

struct book {
	const char *path;
	struct sheet_text *sheets;
	char **names;
	size_t nsheets;
};

static int oom(const struct book *b, struct ll_err *err)
{
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", b->path);
}

/* A decoded copy of an attribute's value; NULL when out of memory. */
static char *attr_text(const char *v, size_t n)
{
	char *out = malloc(n + 1);
	if (out)
		out[ds_xml_decode(v, n, out)] = 0;
	return out;
}

/* A repeat count attribute (1 when absent or nonsense, at most most). */
static long repeat(const struct ds_xml_tag *tag, const char *name, long most)
{
	const char *v;
	size_t n;
	if (!ds_xml_attr(tag, name, &v, &n))
		return 1;
	long r = strtol(v, NULL, 10);
	return r < 1 ? 1 : r > most ? most : r;
}

/* The sheets of content.xml x[0, n): each table element's name and span. */
static int find_sheets(struct book *b, const char *x, size_t n, struct ll_err *err)
{
	struct ds_xml_tag tag;
	size_t pos = 0, depth = 0, cap = 0;
	while (ds_xml_next(x, n, &pos, &tag)) {
		if (!ds_xml_is(&tag, "table") || tag.empty)
			continue;
		if (tag.closing) {
			/* tables nest only as sub-tables, inside a sheet */
			if (depth && --depth == 0)
				b->sheets[b->nsheets - 1].end = pos;
			continue;
		}
		if (depth++)
			continue;
		if (b->nsheets == cap) {
			cap = cap ? 2 * cap : 8;
			struct sheet_text *s = realloc(b->sheets, cap * sizeof *s);
			char **names = s ? realloc(b->names, cap * sizeof *names) : NULL;
			if (s)
				b->sheets = s;
			if (!names)
				return oom(b, err);
			b->names = names;
		}
		const char *v;
		size_t vn;
		char *name = ds_xml_attr(&tag, "name", &v, &vn) ? attr_text(v, vn) : NULL;
		if (!name) {
			char fallback[32];
			snprintf(fallback, sizeof fallback, "Sheet%zu", b->nsheets + 1);
			name = strdup(fallback);
		}
		if (!name)
			return oom(b, err);
		b->names[b->nsheets] = name;
		b->sheets[b->nsheets++] = (struct sheet_text){x, n, pos, n};
	}
	return LL_OK;
}

/* "PT12H30M05.5S" (a time of day) as "12:30:05.5" into buf; 0 when it is
 * no such duration. */
static int clock_text(const char *v, char *buf, size_t cap)
{
	if (strncmp(v, "PT", 2) != 0)
		return 0;
	double part[3] = {0, 0, 0};
	const char *p = v + 2;
	while (*p) {
		char *end;
		double x = strtod(p, &end);
		if (end == p || !strchr("HMS", *end))
			return 0;
		part[*end == 'H' ? 0 : *end == 'M' ? 1 : 2] = x;
		p = end + 1;
	}
	int s = (int)part[2];
	double frac = part[2] - s;
	int w = snprintf(buf, cap, "%02d:%02d:%02d", (int)part[0], (int)part[1], s);
	if (frac > 0 && w > 0 && (size_t)w < cap)
		snprintf(buf + w, cap - (size_t)w, ".%03d", (int)(frac * 1000 + 0.5));
	return 1;
}

/* A cell being read: its typed value, or its paragraphs' text. */
struct cell {
	long repeat;
	char *value; /* from an attribute, or NULL */
	int is_error, has_text;
	struct ds_text text;
	int paragraphs;
};

/* The cell's typed value from its tag into c->value (NULL: its text). */
static int typed_value(const struct ds_xml_tag *tag, struct cell *c)
{
	const char *type, *v;
	size_t tn, vn;
	c->value = NULL;
	/* calcext:value-type says error where office:value-type says string */
	c->is_error = ds_xml_attr(tag, "calcext:value-type", &v, &vn) && vn == 5 && memcmp(v, "error", 5) == 0;
	if (!ds_xml_attr(tag, "office:value-type", &type, &tn) && !ds_xml_attr(tag, "value-type", &type, &tn))
		return 1;
	const char *key = NULL;
	if ((tn == 5 && !memcmp(type, "float", 5)) || (tn == 10 && !memcmp(type, "percentage", 10)) ||
	    (tn == 8 && !memcmp(type, "currency", 8)))
		key = "value";
	else if (tn == 4 && !memcmp(type, "date", 4))
		key = "date-value";
	else if (tn == 4 && !memcmp(type, "time", 4))
		key = "time-value";
	else if (tn == 7 && !memcmp(type, "boolean", 7))
		key = "boolean-value";
	if (!key || !ds_xml_attr(tag, key, &v, &vn))
		return 1;
	if (!(c->value = attr_text(v, vn)))
		return 0;
	if (!strcmp(key, "time-value")) {
		char clock[32];
		if (clock_text(c->value, clock, sizeof clock)) {
			free(c->value);
			if (!(c->value = strdup(clock)))
				return 0;
		}
	} else if (!strcmp(key, "date-value")) {
		char *t = strchr(c->value, 'T'); /* "2024-01-01T12:00:00": a blank reads as well */
		if (t)
			*t = ' ';
	}
	return 1;
}

/* The sheet's cells as CSV into out, every row width columns wide (width
 * 0: measure only, into *width); *rows counts rows with cells. */
static int sheet_csv(const struct book *b, const struct sheet_text *s, long *width, struct ds_text *out,
		     size_t *rows, struct ll_err *err)
{
	int measure = *width == 0, rc = LL_OK;
	long col = 0, row_repeat = 1;
	size_t row_start = out->n;
	long next = 0;
	int in_cell = 0, in_p = 0, in_note = 0, row_has = 0;
	struct cell c = {0};
	struct ds_xml_tag tag;
	size_t pos = s->start;
	*rows = 0;
	while (rc == LL_OK && pos < s->end && ds_xml_next(s->x, s->end, &pos, &tag)) {
		/* a cell's comment is not its text; a sub-table's cells read as the sheet's own */
		if (ds_xml_is(&tag, "annotation"))
			in_note = !tag.closing && !tag.empty;
		if (in_note || ds_xml_is(&tag, "table"))
			continue;
		if (ds_xml_is(&tag, "table-row")) {
			if (!tag.closing) {
				row_repeat = repeat(&tag, "number-rows-repeated", ODS_MAX_ROWS);
				col = 0;
				next = 0;
				row_has = 0;
				row_start = out->n;
			}
			if (!(tag.closing || tag.empty) || !row_has)
				continue;
			/* a row with cells, as often as it repeats */
			*rows += (size_t)row_repeat;
			if (measure)
				continue;
			if (!ds_sheet_end_row(out, next, *width)) {
				rc = oom(b, err);
				break;
			}
			size_t len = out->n - row_start;
			char *once = row_repeat > 1 ? malloc(len) : NULL; /* out moves as it grows */
			if (row_repeat > 1 && !once)
				rc = oom(b, err);
			if (once)
				memcpy(once, out->p + row_start, len);
			for (long k = 1; k < row_repeat && rc == LL_OK; k++)
				if (!ds_text_put(out, once, len))
					rc = oom(b, err);
			free(once);
			continue;
		}
		int is_cell = ds_xml_is(&tag, "table-cell") || ds_xml_is(&tag, "covered-table-cell");
		if (is_cell && !tag.closing) {
			c.repeat = repeat(&tag, "number-columns-repeated", ODS_MAX_COLUMNS);
			c.text.n = 0;
			c.has_text = c.paragraphs = 0;
			free(c.value);
			if (!typed_value(&tag, &c)) {
				rc = oom(b, err);
				break;
			}
			in_cell = !tag.empty;
			if (in_cell)
				continue;
		}
		if (in_cell && ds_xml_is(&tag, "p")) {
			in_p = !tag.closing && !tag.empty;
			if (in_p && c.paragraphs++ && !ds_text_put(&c.text, "\n", 1))
				rc = oom(b, err);
			if (!in_p || tag.empty)
				continue;
		}
		if (in_cell && in_p && !tag.closing) {
			/* the text after this tag, up to the next one; <text:s text:c="3"/> is blanks */
			const char *v;
			size_t vn;
			long blanks = ds_xml_is(&tag, "s") ? (ds_xml_attr(&tag, "c", &v, &vn) ? strtol(v, NULL, 10) : 1) : 0;
			for (long k = 0; k < blanks && k < 1024 && rc == LL_OK; k++)
				if (!ds_text_put(&c.text, " ", 1))
					rc = oom(b, err);
			if (ds_xml_is(&tag, "tab") && !ds_text_put(&c.text, "\t", 1))
				rc = oom(b, err);
			if (ds_xml_is(&tag, "line-break") && !ds_text_put(&c.text, "\n", 1))
				rc = oom(b, err);
		}
		if (in_cell && in_p) {
			const char *lt = memchr(s->x + pos, '<', s->end - pos);
			size_t len = lt ? (size_t)(lt - (s->x + pos)) : s->end - pos;
			if (len) {
				char *t = malloc(len + 1);
				size_t tl = t ? ds_xml_decode(s->x + pos, len, t) : 0;
				if (!t || !ds_text_put(&c.text, t, tl))
					rc = oom(b, err);
				free(t);
				c.has_text = 1;
			}
			continue;
		}
		if (!is_cell || !(tag.closing || tag.empty))
			continue;
		/* the cell ends: a value (typed, else its text) for each column it repeats over */
		in_cell = in_p = 0;
		int has = !c.is_error && (c.value || (c.has_text && c.text.n));
		if (has) {
			row_has = 1;
			long end = col + c.repeat < ODS_MAX_COLUMNS ? col + c.repeat : ODS_MAX_COLUMNS;
			if (measure && end > *width)
				*width = end;
			const char *v = c.value ? c.value : c.text.p;
			for (long k = 0; !measure && k < c.repeat && rc == LL_OK; k++)
				if (col + k >= *width || !ds_sheet_to_column(out, &next, col + k) ||
				    !ds_text_field(out, v, strlen(v)))
					rc = col + k >= *width ? LL_OK : oom(b, err);
		}
		col += c.repeat;
	}
	free(c.value);
	free(c.text.p);
	return rc;
}

static int ods_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	*out = NULL;
	struct book b = {.path = src->path};
	char *x = NULL;
	size_t n = 0;
	const char *wanted = opts->sheet && *opts->sheet ? opts->sheet : NULL;
	/* a password encrypts the parts; the manifest says so in the clear */
	char *manifest = NULL;
	size_t mn = 0;
	int rc = ds_zip_read(src->path, (const unsigned char *)src->data, src->size, "META-INF/manifest.xml", &manifest,
			     &mn, err);
	if (rc == LL_OK && manifest && memmem(manifest, mn, "encryption-data", 15))
		rc = ll_err_set(err, LL_EDATA,
				"%s: a password-protected spreadsheet: open it with its password and save it without one "
				"(or a sheet as CSV), which loglab reads",
				src->path);
	free(manifest);
	if (rc == LL_OK)
		rc = ds_zip_read(src->path, (const unsigned char *)src->data, src->size, "content.xml", &x, &n, err);
	if (rc == LL_OK && !x)
		rc = ll_err_set(err, LL_EDATA, "%s: not an OpenDocument spreadsheet: it has no content.xml", src->path);
	if (rc == LL_OK)
		rc = find_sheets(&b, x, n, err);
	size_t only = 0, chosen = b.nsheets, rows = 0;
	if (rc == LL_OK && wanted)
		rc = ds_sheet_find(src->path, (const char *const *)b.names, b.nsheets, wanted, &only, err);
	struct ds_text csv = {0};
	for (size_t i = wanted ? only : 0; rc == LL_OK && chosen == b.nsheets && i < (wanted ? only + 1 : b.nsheets);
	     i++) {
		long width = 0;
		rc = sheet_csv(&b, &b.sheets[i], &width, &csv, &rows, err);
		if (rc == LL_OK && width > 0)
			rc = ds_sheet_size_check(src->path, b.names[i], rows, width, err);
		if (rc == LL_OK && width > 0 && (rc = sheet_csv(&b, &b.sheets[i], &width, &csv, &rows, err)) == LL_OK)
			chosen = i;
	}
	if (rc == LL_OK && chosen == b.nsheets)
		rc = ds_sheet_none(src->path, (const char *const *)b.names, b.nsheets, wanted, err);
	if (rc == LL_OK)
		rc = ds_sheet_table(src, opts, "ods", csv.p ? csv.p : "", csv.n, (const char *const *)b.names, b.nsheets,
				    chosen, rows, out, err);
	free(csv.p);
	for (size_t i = 0; i < b.nsheets; i++)
		free(b.names[i]);
	free(b.names);
	free(b.sheets);
	free(x);
	return rc;
}

/* OpenDocument's first member is its mimetype, stored: the spreadsheet's
 * type is in the first bytes. */
static int ods_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (!ds_zip_office((const unsigned char *)head, n))
		return 0;
	return memmem(head, n < 256 ? n : 256, "application/vnd.oasis.opendocument.spreadsheet", 46) ? 95 : 0;
}

const struct ds_reader ds_ods_reader = {
	.name = "ods",
	.summary = "OpenDocument spreadsheet (.ods): the first sheet with cells (ods:sheet=NAME another), read as its "
		   "CSV export would be",
	.sniff = ods_sniff,
	.load = ods_load,
	.line = NULL,
};
