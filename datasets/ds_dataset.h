/*
 * ds_dataset.h - a dataset as the views browse it.
 *
 * Hides whether rows come from a fully loaded table (CSV, JSON, small logs)
 * or from the line index of a large log that is split on demand. Views and
 * CLI verbs use only this interface; they never parse files themselves.
 *
 * Threading: the line index may still be scanning in the background; all
 * functions are safe to call from the UI thread meanwhile, and row counts
 * only grow.
 */
#ifndef DS_DATASET_H
#define DS_DATASET_H

#include <stddef.h>

#include "ds_lineindex.h"
#include "ds_reader.h"
#include "ds_source.h"
#include "ll_err.h"
#include "ll_table.h"

struct ds_dataset;

/* Files of a line format larger than this are browsed lazily (index + split
 * on demand) instead of loaded whole. */
#define DS_LAZY_THRESHOLD ((size_t)64 << 20)

/* A path that is a folder (not a workspace) or a glob pattern opens as a
 * fleet: its log files merged on one timeline (ds_fleet.h), or, when its
 * files are tables, one loaded table of all their rows (ds_fleet_tables.h). */
int ds_dataset_open(struct ds_dataset **out, const char *path, const struct ds_open_opts *opts, struct ll_err *err);
/* Several paths (files, folders, globs) as one fleet; one plain file opens
 * as ds_dataset_open would. */
int ds_dataset_open_list(struct ds_dataset **out, const char *const *paths, size_t n, const struct ds_open_opts *opts,
			 struct ll_err *err);
void ds_dataset_close(struct ds_dataset *ds);
/* How the dataset was asked to be read: the options' format (the spec as
 * given, "csv:label=outcome"), header and label file, each NULL when not
 * given (the rest of *o zero). Valid while ds is open. */
void ds_dataset_open_spec(const struct ds_dataset *ds, struct ds_open_opts *o);

const char *ds_dataset_path(const struct ds_dataset *ds);
const struct ds_reader *ds_dataset_reader(const struct ds_dataset *ds);
/* Warnings from the reader (e.g. broken header quote), for the status line. */
size_t ds_dataset_nnotes(const struct ds_dataset *ds);
const char *ds_dataset_note(const struct ds_dataset *ds, size_t i);

/* Rows known so far, and whether counting is finished. */
size_t ds_dataset_nrows(const struct ds_dataset *ds);
int ds_dataset_complete(const struct ds_dataset *ds);
/* 1 once the rows are final (a large log's line index is done), which may
 * be well before the label counts are: for callers that read every row but
 * no label count (template mining). */
int ds_dataset_rows_final(const struct ds_dataset *ds);
/* hold 1: the label counter of a large log pauses (between batches of
 * rows) until as many calls with hold 0; for a caller that reads every
 * row itself on all cores (template mining), which the counter's own
 * pass would only slow down. Counting resumes where it stopped. */
void ds_dataset_hold_counting(struct ds_dataset *ds, int hold);
/* How the background scan of a large log ended: LL_OK while it runs or
 * when it read everything; else the error that stopped it early (LL_EDATA
 * for more lines than LOGLAB_MEMORY_MAX allows, LL_EIO, LL_ENOMEM) with
 * the path in err. Rows counted before the stop stay readable, but they
 * are not the whole file: callers that report on the whole file must
 * check this once ds_dataset_complete is 1. */
int ds_dataset_status(const struct ds_dataset *ds, struct ll_err *err);
/* 1 when the file was cut short while open (ds_mapguard.h): rows past its
 * new end read as NUL bytes; ds_dataset_status then says so. */
int ds_dataset_shrunk(const struct ds_dataset *ds);
/* 0..1 while the background scan runs, 1 after. */
double ds_dataset_progress(const struct ds_dataset *ds);
/* The range of the rows' first time column: a loaded table's, or a large
 * log's once counting is finished (the counter reads every line's time).
 * 0 with both NAN when there is none (yet). */
int ds_dataset_time_range(struct ds_dataset *ds, double *lo, double *hi);

/* Whether rows can have a time at all: a table with a time column, a log
 * whose format has a time field. */
int ds_dataset_timed(struct ds_dataset *ds);
/* The row's time on the dataset's clock, as its cell shows it: the
 * column ds_dataset_time_range reads (a loaded table's ll_table_clock, a
 * large log's time field in its year context, a fleet's row with its own
 * file's format; a fleet of tables' row its own file's first time
 * column). 1 and *t, else 0 and *t NaN: no time on that row (a line
 * without a stamp, a missing cell), a row not known yet, or no clock.
 * From the UI thread, as ds_dataset_cell. */
int ds_dataset_row_time(struct ds_dataset *ds, size_t row, double *t);

/* 1 when the file was read as Latin-1 text and converted to UTF-8 (ds_latin1.h). */
int ds_dataset_latin1(const struct ds_dataset *ds);
/* The same for the file row comes from: a fleet's Latin-1 file is read as
 * it is alone (ds_fleet_file_latin1). */
int ds_dataset_row_latin1(const struct ds_dataset *ds, size_t row);
/* 1 when rows are log lines (the browser shows the raw line), 0 for tables. */
int ds_dataset_is_lines(const struct ds_dataset *ds);
/* Columns. A large log of multi-line records whose continuation lines
 * carry Key: value pairs (ds_recpairs.h) has a column per key after the
 * format's, as the loaded table has: they are known once counting is
 * complete (the counter reads every line), so ds_dataset_ncols grows then,
 * once; callers that keep a count of columns take it when complete. */
size_t ds_dataset_ncols(const struct ds_dataset *ds);
const char *ds_dataset_col_name(const struct ds_dataset *ds, size_t col);
enum ll_coltype ds_dataset_col_type(const struct ds_dataset *ds, size_t col);

/* Cell text into buf (NUL-terminated, truncated to cap); returns its full length. */
size_t ds_dataset_cell(struct ds_dataset *ds, size_t row, size_t col, char *buf, size_t cap);
/* The row as one line: the raw log line, or cells joined by two spaces. */
size_t ds_dataset_row_text(struct ds_dataset *ds, size_t row, char *buf, size_t cap);
/* When the row's text (ds_dataset_row_text) is a span of its line as the
 * line index holds it - a log read lazily, not a fleet: the line itself,
 * or, when the format's text is its message (label<TAB>line), the message
 * the split finds or the whole line when the split fails, as
 * ds_dataset_cell gives it - that span in the dataset's memory (empty for
 * a row not known yet) and 1, without copying it: hashing a row's text is
 * then a read (and a split, for a message). 0 for every other dataset;
 * callers then use ds_dataset_row_text. A Latin-1 file's span is its
 * UTF-8, as the row's text is. */
int ds_dataset_row_text_span(const struct ds_dataset *ds, size_t row, const char **s, size_t *len);
/* The text of a text column's cell as a span of the dataset's own memory,
 * without copying: a loaded table's text, or the field of a large log's
 * line, split on the spot. Safe to call from several threads at once once
 * the dataset is complete. Returns 0 (and nothing) when the cell is not
 * text held that way (a number or time column, a row not known yet). */
int ds_dataset_text_span(const struct ds_dataset *ds, size_t row, size_t col, const char **s, size_t *len);
/* For readers of a whole large log in bulk (template mining): the line
 * index and the source of a log read lazily, else NULL (tables, fleets,
 * small files loaded whole); and column col of a line's bytes that the
 * caller read itself (line i of that index, "\r" and all) as
 * ds_dataset_text_span gives it: 0 for a column it would refuse. A line
 * that continues a multi-line record (ds_records.c) has its header fields
 * in another line: for those columns only ds_dataset_text_span, which
 * knows the row, gives the record's values; the message and "line"
 * columns are the line's own either way. A column of a record's pairs is
 * in none of a line's bytes alone: refused here, read by
 * ds_dataset_text_span. */
const struct ds_lineindex *ds_dataset_lineindex(const struct ds_dataset *ds);
const struct ds_source *ds_dataset_source(const struct ds_dataset *ds);
int ds_dataset_line_span(const struct ds_dataset *ds, const char *line, size_t n, size_t col, const char **s,
			 size_t *len);

/* Labels: class id of a row or LL_NO_LABEL; class names. */
int ds_dataset_label(struct ds_dataset *ds, size_t row);
size_t ds_dataset_nclasses(const struct ds_dataset *ds);
const char *ds_dataset_class_name(const struct ds_dataset *ds, size_t cls);
/* The label file (the dataset key "labels", ds_open_opts.labels) whose
 * classes the rows have, as given; NULL when there is none (or the reader
 * reads its own, as smd's and nab's). Such a dataset is loaded whole, at
 * any size: the classes are held by its table. */
const char *ds_dataset_label_file(const struct ds_dataset *ds);
/* Label counts over the rows known so far; counts has nclasses entries. */
void ds_dataset_label_counts(struct ds_dataset *ds, size_t *counts, size_t *unlabelled);

/* The loaded table, or NULL when the dataset is browsed lazily. */
const struct ll_table *ds_dataset_table(const struct ds_dataset *ds);

/* Fleets. A fleet's columns are "line", its format's fields (one of them
 * "host", added when the format has none) and "file"; a fleet of tables
 * has the union of its files' columns, then "host" and "file". For a single
 * file the functions below answer as for a fleet of one file with no hosts. */
struct ds_fleet;
struct ds_fleet_tables;
/* The fleet of logs behind the dataset, or NULL. */
struct ds_fleet *ds_dataset_fleet(const struct ds_dataset *ds);
/* The fleet of tables behind the dataset (its table is ds_dataset_table),
 * or NULL. */
const struct ds_fleet_tables *ds_dataset_fleet_tables(const struct ds_dataset *ds);
/* 1 for a fleet of either kind. */
int ds_dataset_is_fleet(const struct ds_dataset *ds);
size_t ds_dataset_nfiles(const struct ds_dataset *ds);
/* Rows of file i (final once ds_dataset_complete). */
size_t ds_dataset_file_rows(const struct ds_dataset *ds, size_t i);
/* File i's name (relative to the fleet's folder; the path for a single file). */
const char *ds_dataset_file_name(const struct ds_dataset *ds, size_t i);
const char *ds_dataset_file_path(const struct ds_dataset *ds, size_t i);
/* The row's file, and its 0-based line in that file. */
size_t ds_dataset_row_file(const struct ds_dataset *ds, size_t row);
size_t ds_dataset_row_line(struct ds_dataset *ds, size_t row);
size_t ds_dataset_nhosts(const struct ds_dataset *ds);
const char *ds_dataset_host_name(const struct ds_dataset *ds, size_t host);
/* The row's host id (SIZE_MAX when the dataset has no hosts). */
size_t ds_dataset_row_host(const struct ds_dataset *ds, size_t row);
/* Column numbers of "host" and "file" in a fleet (-1 otherwise). */
int ds_dataset_host_column(const struct ds_dataset *ds);
int ds_dataset_file_column(const struct ds_dataset *ds);
/* Tail mode: takes in what the files gained since. A fleet's merge thread
 * reads them (the rows come later; returns the files that grew). A single
 * log whose rows are its lines (not fail2ban's or an exported label
 * file's), read from a plain regular file, is followed: its new complete
 * lines are appended as rows now and their number returned (a last line
 * without its '\n' waits for it; the row shown for one that was there on
 * opening becomes the whole line). A log read through the line index
 * (DS_LAZY_THRESHOLD) is followed once counting is complete (0 before):
 * the index grows from its end and the new rows are counted here, on the
 * caller's thread. A table read by the csv or dstat reader (one header)
 * or the jsonl reader is followed alike, its new records typed like its
 * columns (ds_tabtail.h). Others return 0: compressed, UTF-16 or Latin-1
 * converted, escape-coloured or CR-terminated files, standard input, URLs,
 * other tables and tables reshaped on opening (made wide) are read once. */
size_t ds_dataset_refresh(struct ds_dataset *ds);
/* Whether a single file is followed, and why it no longer is. Rows read
 * before a rotation or truncation stay as they were (with their labels):
 * the file at the path is another one, whose lines are not those rows. */
enum ds_tail {
	DS_TAIL_NONE = 0,  /* read once (see ds_dataset_refresh), or a fleet */
	DS_TAIL_FOLLOWING,
	DS_TAIL_ROTATED,   /* the path names another file, or none */
	DS_TAIL_TRUNCATED, /* cut short or rewritten in place */
	DS_TAIL_STOPPED,   /* a read failed or memory ran out */
	/* A log large enough for the line index that could not be followed
	 * (its file could not be opened again as the one read) is read once,
	 * but refresh (once counting is complete) notices that it grew (GREW)
	 * or was rotated (ROTATED); cut short, it says ds_dataset_shrunk. */
	DS_TAIL_LARGE,
	DS_TAIL_GREW
};
enum ds_tail ds_dataset_tail(const struct ds_dataset *ds);
/* What happened, naming the file, once the tail is ROTATED, TRUNCATED,
 * STOPPED or GREW; NULL before. Owned by ds. */
const char *ds_dataset_tail_note(const struct ds_dataset *ds);
/* 1 when the followed file is a table (CSV, dstat, JSON Lines) whose new
 * rows are records, not lines (ds_tabtail.h). */
int ds_dataset_tail_rows(const struct ds_dataset *ds);
/* 1 when the last refresh of a followed file stopped with lines waiting
 * (it reads for a few tens of ms at most): refresh again soon. */
int ds_dataset_tail_more(const struct ds_dataset *ds);
/* A followed file's last row when its line had no '\n' as it was read
 * (its text becomes the whole line once that comes), else SIZE_MAX. */
size_t ds_dataset_unfinished_row(const struct ds_dataset *ds);
/* 1 for that row once the file was seen growing since it was opened: the
 * line is being written, and a label given it now would not match it at
 * the next opening (label journals check a row's text). A file that ends
 * without a newline and does not grow has its last line as a row like
 * any other. */
int ds_dataset_row_growing(const struct ds_dataset *ds, size_t row);

#endif
