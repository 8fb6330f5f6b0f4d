/*
 * ds_tabtail.h - new rows of a followed table (ds_follow.h) joining the
 * table it was loaded into, typed like its columns: a CSV/TSV read by the
 * csv or dstat reader (its header once, at the top), or JSON Lines.
 *
 * The columns were settled when the file was opened, over every row then;
 * the rows before are not read again, so a column keeps its type:
 *   - CSV: the new lines are read with the layout the loader read the
 *     file with (ds_csv_layout_keep: separator, types, date orders,
 *     durations, the header repeated), in keep_types mode: a cell that
 *     does not read as its column's type is a missing cell, tallied, where
 *     opening the file again would make the column text; a line with more
 *     fields than the table is skipped and tallied.
 *   - JSON Lines: the new lines that are JSON objects are read by the
 *     jsonl reader as a small table of their own (cell for cell what
 *     opening would make of them), whose cells are copied by column name,
 *     converted to the column's type where the batch typed it otherwise
 *     (a number where the column is text becomes its text; a text that
 *     does not read as the column's number or time is a missing cell,
 *     tallied). A line that is no JSON object (a partial write, junk) is
 *     skipped and tallied. A key the table has no column for is left out
 *     and named once in a note, as a column appearing halfway would be
 *     empty above and a model's features would change under it (jq, lnav
 *     and Splunk's field extraction likewise keep to the fields they
 *     know until reloaded); opening the file again reads it.
 * What was tallied is told in at most three notes (misfit cells, skipped
 * lines, new keys), each naming its first line in the file, rewritten as
 * the counts grow.
 *
 * A table whose columns are not the ones its rows are read as (a long
 * table made wide, ds_pivot.h; columns renamed or merged on opening; CSV
 * tables joined on their time) is not followed (ds_tabtail_new gives NULL).
 */
#ifndef DS_TABTAIL_H
#define DS_TABTAIL_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_table.h"

struct ds_csv_layout;

/* What the new rows held that the table could not take. */
struct ds_tabtail_misfits {
	size_t cells, cell_line;        /* cells not of their column's type: missing */
	char cell_col[48], cell_text[32];
	size_t rows, row_line;          /* lines that are no row: skipped */
	size_t keys, key_line;          /* keys the table has no column for (JSON Lines) */
	char key_names[160];
};

/* Tallies one cell s[0, n) of column col at the file's line that did not
 * read as its column's type; m NULL: nothing. */
void ds_tabtail_misfit(struct ds_tabtail_misfits *m, const char *col, const char *s, size_t n, size_t line);
/* Tallies a line that is no row (skipped); m NULL: nothing. */
void ds_tabtail_misfit_row(struct ds_tabtail_misfits *m, size_t line);

struct ds_tabtail;

/* What following t needs, t loaded from path by the reader named reader
 * ("csv", "dstat" or "jsonl"), lay the layout it read the rows with (csv
 * and dstat; taken, freed here whatever happens), head[0, nhead) the
 * file's first bytes (a JSON Lines file's first records show whether its
 * records are its rows), year for yearless stamps, label_column as
 * opened (NULL: looked for). *out is NULL (LL_OK) when t is not followed
 * row by row; the next line handed is line next_line of the file. */
int ds_tabtail_new(struct ds_tabtail **out, const struct ll_table *t, const char *path, const char *reader,
		   struct ds_csv_layout *lay, const char *head, size_t nhead, int year, const char *label_column,
		   size_t next_line, struct ll_err *err);
void ds_tabtail_free(struct ds_tabtail *tt);
/* Frees a layout kept for following (ds_open_opts.keep_layout); NULL: none. */
void ds_tabtail_layout_free(struct ds_csv_layout *lay);
/* 1 when s[0, n), the file's last line without its newline as it was
 * opened, was read as a row (the table's last), which the whole line
 * replaces once its newline comes. */
int ds_tabtail_is_row(const struct ds_tabtail *tt, const char *s, size_t n);

/* Adds the complete lines bytes[0, n) (each ending with '\n') to t as
 * rows; when replace_row < ll_table_nrows(t) the first row read takes that
 * row instead (the file's last line, read before its newline came).
 * *added counts the rows appended. On failure (LL_ENOMEM) rows appended so
 * far stay. */
int ds_tabtail_append(struct ds_tabtail *tt, struct ll_table *t, const char *bytes, size_t n, size_t replace_row,
		      size_t *added, struct ll_err *err);

/* The tally so far (owned by tt). */
const struct ds_tabtail_misfits *ds_tabtail_misfits(const struct ds_tabtail *tt);
/* Notes on the tally: how many, and the i-th (owned by tt, rewritten as
 * counts grow; NULL past the end). */
size_t ds_tabtail_nnotes(const struct ds_tabtail *tt);
const char *ds_tabtail_note(const struct ds_tabtail *tt, size_t i);

/* Shared with ds_tail.c. cols[c] (ll_table_ncols(t) entries) gets the
 * column of part named like t's column c, -1 when none (or, same_type,
 * when its type differs). */
void ds_tabtail_map(const struct ll_table *t, const struct ll_table *part, int same_type, long *cols);
/* Gives row of t the cells and label of row from of part, through cols;
 * a cell of another type is converted (m tallies those that do not
 * convert, at line; m may be NULL). LL_OK or LL_ENOMEM. */
int ds_tabtail_copy_row(struct ll_table *t, size_t row, const struct ll_table *part, size_t from, const long *cols,
			int year, struct ds_tabtail_misfits *m, size_t line);

#endif
