/*
 * ds_sheet.h - a spreadsheet's sheet made a table: the readers of
 * workbooks (ds_xlsx.c, ds_ods.c) write the sheet out as CSV text with
 * these helpers and load it through the CSV reader, so a sheet gets the
 * header, type detection, label column and long-table handling its CSV
 * export would. Also the choice of a sheet by name and the notes.
 */
#ifndef DS_SHEET_H
#define DS_SHEET_H

#include <stddef.h>

#include "ds_reader.h"

/* A growing text, NUL-terminated once anything is put. */
struct ds_text {
	char *p;
	size_t n, cap;
};

/* Appends s[0, n); 0 when out of memory. */
int ds_text_put(struct ds_text *t, const char *s, size_t n);

/* Appends s[0, n) as a CSV field, quoted when the CSV reader could take it
 * otherwise: a separator of any kind it detects (, ; tab |), a quote, a
 * line break, blanks at an edge, a '#' opening a row (first: the row's
 * first field; the reader takes such a line for a comment), or force (an
 * empty row's first cell, so the line is not blank). 0 when out of memory. */
int ds_text_cell(struct ds_text *t, const char *s, size_t n, int first, int force);
/* ds_text_cell of a field that may open its row. */
int ds_text_field(struct ds_text *t, const char *s, size_t n);

/* Appends s[0, n) as a JSON string: quoted, '"' and '\\' escaped, control
 * bytes as \n, \t or \u00XX; 0 when out of memory. */
int ds_text_json_string(struct ds_text *t, const char *s, size_t n);

/* The table reader (a reader's name: "csv", "json", "jsonl") makes of the
 * text[0, len) written for src (a sheet, a database's table, a Parquet
 * file, a journal's entries, an event log's events), with opts; keep_long:
 * a long table stays long unless the dataset names an entity (a log's
 * events are rows, never pivoted wide by unit or host). */
int ds_text_load(const struct ds_source *src, const struct ds_open_opts *opts, const char *reader, const char *text,
		 size_t len, int keep_long, struct ll_table **out, struct ll_err *err);

/* Appends the separators that make the next field column col of a row
 * whose next field was column *next (col >= *next): empty fields for the
 * columns between; *next becomes col + 1. 0 when out of memory. */
int ds_sheet_to_column(struct ds_text *t, long *next, long col);

/* Ends a row whose next field was column *next: empty fields up to width
 * columns, then a newline (a row of one empty field written "", not as a
 * blank line). 0 when out of memory. */
int ds_sheet_end_row(struct ds_text *t, long next, long width);

/* The sheet of names[0, n) called wanted (exactly, else ignoring case)
 * into *at; LL_EDATA naming the sheets when there is none. */
int ds_sheet_find(const char *path, const char *const *names, size_t n, const char *wanted, size_t *at,
		  struct ll_err *err);

/* LL_OK when a sheet of rows x width cells fits the memory limit; else
 * LL_EDATA naming it (a stray cell far to the right widens every row). */
int ds_sheet_size_check(const char *path, const char *sheet, size_t rows, long width, struct ll_err *err);

/* The error for a workbook none of whose sheets holds a cell (or, with
 * wanted, whose sheet wanted holds none). */
int ds_sheet_none(const char *path, const char *const *names, size_t n, const char *wanted, struct ll_err *err);

/* The table of CSV text csv[0, len) of sheet names[chosen] of src, read by
 * the CSV reader with opts, noted with the sheet, its rows with cells and
 * the sheets not read (format names the reader, for the way to read
 * another). */
int ds_sheet_table(const struct ds_source *src, const struct ds_open_opts *opts, const char *format, const char *csv,
		   size_t len, const char *const *names, size_t n, size_t chosen, size_t rows, struct ll_table **out,
		   struct ll_err *err);

/* What a number format shows, from its code (quoted text, [colour] and
 * escapes left out): 1 a date, 2 a date and time, 3 a time of day, 4
 * elapsed time ([h]:mm:ss), 0 a number (ds_sheet_num.c). */
int ds_sheet_format_kind(const char *code, size_t n);

/* The same of Excel's built-in number format id (ECMA-376 18.8.30). */
int ds_sheet_builtin_kind(long id);

/* A workbook's own number formats (xlsx numFmt, xlsb BrtFmt, xls FORMAT),
 * each id with the kind of its code; zeroed to start. */
struct ds_sheet_formats {
	struct ds_sheet_format {
		long id;
		int kind;
	} *f;
	size_t n, cap;
};
/* Adds format id of code[0, n). LL_OK or LL_ENOMEM. */
int ds_sheet_formats_add(struct ds_sheet_formats *fm, long id, const char *code, size_t n);
/* What number format id shows: the last format added with that id, else
 * the built-in one of that id. */
int ds_sheet_formats_kind(const struct ds_sheet_formats *fm, long id);
void ds_sheet_formats_free(struct ds_sheet_formats *fm);
/* Appends a cell style's kind to *kinds (*n of *cap, grown as needed).
 * LL_OK or LL_ENOMEM. */
int ds_sheet_kinds_push(unsigned char **kinds, size_t *n, size_t *cap, int kind);

/* An Excel date serial as an ISO stamp into buf, by kind. */
void ds_sheet_serial_text(double serial, int kind, int date1904, char *buf, size_t cap);

/* Appends v as its sheet shows it: by kind (a format's) a date or time
 * stamp when it is a date serial, else the shortest digits that read
 * back as v; a NaN or infinity (which no sheet holds) as an empty field.
 * 0 when out of memory. */
int ds_sheet_put_number(struct ds_text *t, double v, int kind, int date1904);

#endif
