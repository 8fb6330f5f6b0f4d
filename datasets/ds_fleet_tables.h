/*
 * ds_fleet_tables.h - a fleet of table files (CSV, dstat, nmon, w3c, JSON,
 * influx...: every reader without a line format) loaded as one table.
 *
 * Which fleets: ds_fleet_tables_probe decides whether a fleet spec (a
 * folder, a glob, several paths; ds_fleet.h) is one of tables. A forced
 * format decides by its kind; otherwise the first 64 KiB of every file
 * are sniffed, and the fleet is of tables when more of its readable files
 * are tables than logs. A fleet of tables must hold tables only: a log
 * among them is an error naming it (ds_fleet_tables_open). A fleet of logs
 * leaves its tables out with a note, as it always has (ds_fleet.c).
 *
 * Files: the fleet's files in file order (ds_fleet_find), each read whole
 * with its detected reader (or the forced one, with the format's options
 * such as label=COL). Like a fleet of logs, a file that cannot be read
 * (binary, empty, a reader's data error, a broken gzip) is left out with a
 * note naming it and the reader's message (its line, when the reader gives
 * one); no file left is an error.
 *
 * Rows: every file's rows, each file's in its own order. Files with a
 * time column (their first) are merged by time: a k-way merge keyed by
 * (time, file index), so it is stable - equal times go to the earlier
 * file - and each file keeps its order; a row without a time takes the
 * time before it (the first ones the file's first). Files without one
 * follow the merged rows whole, in file order (noted), as untimed logs do
 * in a fleet of logs; so when no file has a time column the rows are
 * simply in file order.
 *
 * Columns: the union by name, in order of first appearance; a file
 * without a column has it missing (NaN, "") on its rows. A name that is a
 * number (or a time) in one file and another type in another is text on
 * every row, each cell as its file formats it (noted), so no value is lost.
 * Then "host" (from the path, as ds_fleet_find gives it) and "file" (the
 * name below the fleet's folder); a file's own column of either name keeps
 * it, and the fleet's is then "fleet.host" / "fleet.file".
 *
 * Labels: each file's own (a label=COL of the format, or a column named
 * label, class or y), joined by class name; the label column (the same name
 * in every file) is the table's label source, never a feature.
 */
#ifndef DS_FLEET_TABLES_H
#define DS_FLEET_TABLES_H

#include <stddef.h>

#include "ds_reader.h"
#include "ll_err.h"
#include "ll_table.h"

struct ds_fleet_tables;

/* *tables = 1 when the fleet of specs is one of tables (see above), else 0.
 * Errors: the specs match nothing (LL_EIO, as ds_fleet_find), an unknown
 * forced format (LL_EUSAGE). */
int ds_fleet_tables_probe(const char *const *specs, size_t nspecs, const struct ds_open_opts *opts, int *tables,
			  struct ll_err *err);

/* Loads the fleet of specs as one table (see above). LL_EDATA when a file
 * is a log, or when no file could be read. */
int ds_fleet_tables_open(struct ds_fleet_tables **out, const char *const *specs, size_t nspecs,
			 const struct ds_open_opts *opts, struct ll_err *err);
void ds_fleet_tables_close(struct ds_fleet_tables *tf);

/* The merged table; the caller owns it from here on (NULL after a first
 * call). Its notes are the fleet's: files left out, columns made text. */
struct ll_table *ds_fleet_tables_take_table(struct ds_fleet_tables *tf);
/* The specs joined by spaces. */
const char *ds_fleet_tables_title(const struct ds_fleet_tables *tf);
/* The first file's reader (the fleet's format). */
const struct ds_reader *ds_fleet_tables_reader(const struct ds_fleet_tables *tf);
/* Columns "host" and "file" of the merged table. */
int ds_fleet_tables_host_column(const struct ds_fleet_tables *tf);
int ds_fleet_tables_file_column(const struct ds_fleet_tables *tf);
/* 1 when rows were merged by time (some file has a time column), 0 when
 * every row is in file order. */
int ds_fleet_tables_timed(const struct ds_fleet_tables *tf);

/* The files read (those left out are only in the notes), in file order. */
size_t ds_fleet_tables_nfiles(const struct ds_fleet_tables *tf);
const char *ds_fleet_tables_file_path(const struct ds_fleet_tables *tf, size_t i);
const char *ds_fleet_tables_file_name(const struct ds_fleet_tables *tf, size_t i);
const char *ds_fleet_tables_file_host(const struct ds_fleet_tables *tf, size_t i);
const struct ds_reader *ds_fleet_tables_file_reader(const struct ds_fleet_tables *tf, size_t i);
size_t ds_fleet_tables_file_rows(const struct ds_fleet_tables *tf, size_t i);
/* The range of file i's clock (ll_table_clock), NaN when it has none. */
void ds_fleet_tables_file_time_range(const struct ds_fleet_tables *tf, size_t i, double *tmin, double *tmax);
/* File i's clock (ll_table_clock of its own table: the time its rows are
 * merged by) as a column of the merged table; -1 when it has none. */
int ds_fleet_tables_file_clock(const struct ds_fleet_tables *tf, size_t i);
/* File i's own columns as columns of the merged table: *n of them, in the
 * file's order (borrowed). */
const size_t *ds_fleet_tables_file_columns(const struct ds_fleet_tables *tf, size_t i, size_t *n);

/* Hosts in order of first appearance among the rows. */
size_t ds_fleet_tables_nhosts(const struct ds_fleet_tables *tf);
const char *ds_fleet_tables_host_name(const struct ds_fleet_tables *tf, size_t h);

/* Where merged row r comes from: its file, its row within that file (the
 * file's own row number, as when the file is opened alone) and its host;
 * SIZE_MAX past the end. */
size_t ds_fleet_tables_row_file(const struct ds_fleet_tables *tf, size_t r);
size_t ds_fleet_tables_row_line(const struct ds_fleet_tables *tf, size_t r);
size_t ds_fleet_tables_row_host(const struct ds_fleet_tables *tf, size_t r);

#endif
