/*
 * ll_table.h - the in-memory table every reader produces and every later
 * stage (features, models, views) consumes.
 *
 * Columnar: each column is one contiguous array (double for numbers and
 * times, offsets into one shared string pool for text), so appending a row
 * never allocates per cell and feature code can walk a column linearly;
 * a column with values in few of its rows keeps just those (ll_table.c),
 * and reads the same.
 * Each row may carry a class label (an index into the table's class list,
 * or LL_NO_LABEL). Readers may attach warnings ("notes") and labelled
 * segments (SMD/ASD interpretation labels, NAB anomaly windows).
 *
 * Ownership: the table owns everything it returns pointers to; pointers to
 * text stay valid until the next call that appends text or ll_table_free.
 */
#ifndef LL_TABLE_H
#define LL_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

enum ll_coltype {
	LL_COL_NUM,  /* double, NaN when empty or missing */
	LL_COL_TIME, /* seconds since the Unix epoch (UTC) as double, NaN when unknown */
	LL_COL_TEXT  /* UTF-8 or raw bytes; "" when empty */
};

#define LL_NO_LABEL (-1)

struct ll_segment {
	size_t start, end;  /* first and last row, inclusive, 0-based */
	size_t ndims;       /* root-cause dimensions (1-based column numbers) */
	int *dims;          /* owned by the table; NULL when ndims == 0 */
	char *tag;          /* free text such as an anomaly type; may be NULL */
};

struct ll_table;

struct ll_table *ll_table_new(void);
void ll_table_free(struct ll_table *t);

/* Columns. Adding a column to a table that already has rows fills it with
 * NaN / "". Returns the new column index, or a negative status. */
int ll_table_add_column(struct ll_table *t, const char *name, enum ll_coltype type);
size_t ll_table_ncols(const struct ll_table *t);
const char *ll_table_col_name(const struct ll_table *t, size_t col);
enum ll_coltype ll_table_col_type(const struct ll_table *t, size_t col);
/* Index of the first column called name, or -1. */
int ll_table_find_column(const struct ll_table *t, const char *name);
/* Renames a column (copies name). */
int ll_table_rename_column(struct ll_table *t, size_t col, const char *name);
/* Removes the columns c with drop[c] nonzero (ncols entries), the others
 * keeping their order; the label source follows its column (-1 when
 * dropped). LL_EUSAGE on a table with segments, whose dimensions are
 * column numbers. */
int ll_table_drop_columns(struct ll_table *t, const unsigned char *drop);
/* Converts a text column to numbers or times in place: cells that do not
 * parse become NaN. Returns how many non-empty cells failed to parse. A
 * time column becomes text of its times as ll_time_format writes them
 * (empty where NaN). A number column none of whose cells holds a value may
 * become text, every cell empty (else LL_EUSAGE). */
long ll_table_convert_column(struct ll_table *t, size_t col, enum ll_coltype type);

/* Rows. Appends one row with every cell missing and no label; returns its
 * index or a negative status (LL_ENOMEM). */
long ll_table_append_row(struct ll_table *t);
size_t ll_table_nrows(const struct ll_table *t);
/* Pre-sizes storage for n rows; optional. */
int ll_table_reserve(struct ll_table *t, size_t nrows);

/* Cells. Setting a cell of the wrong type returns LL_EUSAGE. */
int ll_table_set_num(struct ll_table *t, size_t row, size_t col, double v);
int ll_table_set_text(struct ll_table *t, size_t row, size_t col, const char *s, size_t len);
/* Gives cell (row, col) the value of cell (from, col); text is shared, not
 * copied, so repeating a value costs no memory. */
int ll_table_copy_cell(struct ll_table *t, size_t row, size_t col, size_t from);
double ll_table_num(const struct ll_table *t, size_t row, size_t col);
/* Text of a cell; for number/time columns NULL. Never NULL for text. */
const char *ll_table_text(const struct ll_table *t, size_t row, size_t col);
/* Contiguous values of a number/time column (nrows of them), or NULL
 * (a text column; out of memory). A column that keeps only its values
 * (fewer than a quarter of the rows have one) is copied into an array
 * once, kept until the table is freed or the column is written. */
const double *ll_table_column_data(const struct ll_table *t, size_t col);
/* The same array when the column already is one, else NULL (sparse or
 * text): for loops that can fall back on ll_table_num, which reads a
 * sparse column row after row at the same cost, without the copy. */
const double *ll_table_column_dense(const struct ll_table *t, size_t col);
/* The table's clock: its first time column, unless that has one value on
 * every row (a server's load or boot time before the samples' own
 * stamps) and is not named as a record's own time (ll_table_clock_name):
 * then the first later time column so named whose values vary, else the
 * first whose values vary, else the first. -1 when it has none. Column
 * skip (a label column; -1 for none) is never it. */
int ll_table_clock(const struct ll_table *t, int skip);
/* Whether number or time column col holds two different values in its
 * first nrows rows (missing ones aside). */
int ll_table_varies(const struct ll_table *t, size_t col, size_t nrows);
/* Whether name is what writers call a record's own time (a test's frozen
 * clock gives it one value on every row; it is the clock still). */
int ll_table_clock_name(const char *name);
/* Formats any cell as text into buf (numbers with %g, times as ISO 8601,
 * missing as ""); returns the length it wanted, like snprintf. */
size_t ll_table_format_cell(const struct ll_table *t, size_t row, size_t col, char *buf, size_t cap);

/* Classes and labels. */
/* Id of the class called name (len bytes), adding it if new; negative on OOM. */
int ll_table_class_id(struct ll_table *t, const char *name, size_t len);
/* Id of an existing class or -1. */
int ll_table_find_class(const struct ll_table *t, const char *name);
size_t ll_table_nclasses(const struct ll_table *t);
const char *ll_table_class_name(const struct ll_table *t, size_t cls);
int ll_table_set_label(struct ll_table *t, size_t row, int cls);
int ll_table_label(const struct ll_table *t, size_t row);
/* counts[k] for k < nclasses; *unlabelled may be NULL. */
void ll_table_label_counts(const struct ll_table *t, size_t *counts, size_t *unlabelled);
/* The column the labels were read from (a CSV's label column, kept for
 * showing), or -1: never a feature, or the model would learn the answer. */
void ll_table_set_label_source(struct ll_table *t, int col);
int ll_table_label_source(const struct ll_table *t);

/* Warnings a reader wants the user to see (e.g. a broken header quote). */
int ll_table_note(struct ll_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t ll_table_nnotes(const struct ll_table *t);
const char *ll_table_note_text(const struct ll_table *t, size_t i);

/* Free-form metadata, e.g. "format" = "dstat", "source" = path. */
int ll_table_set_meta(struct ll_table *t, const char *key, const char *value);
const char *ll_table_meta(const struct ll_table *t, const char *key);

/* Labelled segments; dims is copied. */
int ll_table_add_segment(struct ll_table *t, size_t start, size_t end, const int *dims, size_t ndims,
			 const char *tag);
size_t ll_table_nsegments(const struct ll_table *t);
const struct ll_segment *ll_table_segment(const struct ll_table *t, size_t i);

#endif
