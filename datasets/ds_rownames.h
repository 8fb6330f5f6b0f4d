/*
 * ds_rownames.h - a table's first column that numbers or names its rows.
 *
 * R writes a data frame's row names as an unnamed first column
 * (write.csv: `"","x","y"` over `"1",...`), the Rdatasets collection
 * names it `rownames`, and pandas' to_csv writes its index the same way
 * (`,x,y` over `0,...`). Read as numbers, those are a number column like
 * any other: a default feature set took the row's position as a
 * measurement, which hands a model the order the file was sorted in (by
 * class, often) and, pivoted as a long table's metric, made a column per
 * entity of row numbers. Such a column is marked (LL_COLSEL_ROW_NAMES_META)
 * and noted; it stays a number column to sort and filter by, and a feature
 * set's columns regex that names it still takes it.
 */
#ifndef DS_ROWNAMES_H
#define DS_ROWNAMES_H

#include "ll_table.h"

/* Marks t's first column as the rows' names when it is a number column
 * with a value on every row (three rows at least) that either counts the
 * rows (1 to N or 0 to N-1, in order: under any name) or is distinct on
 * every row under a header that names row names (empty, as R and pandas
 * write it: header_empty; or rownames, row_name, row.names, row_names,
 * "Unnamed: 0", in any case; R's made-unique names "1.1", "1.2" too).
 * Adds a note naming the column, from path. Returns 1 when marked, 0 when
 * not, LL_ENOMEM. */
int ds_row_names_mark(struct ll_table *t, int header_empty, const char *path);

/* The column of t marked as its rows' names, or -1. */
int ds_row_names_col(const struct ll_table *t);

/* Unmarks t's row names when names[0, n) (a run's features) holds their
 * column's name: a run trained where that column was no row names (its
 * numbers did not count the rows, or an older loglab read it) takes it as
 * the feature it was. Returns 1 when unmarked, 0 when not, LL_ENOMEM. */
int ds_row_names_keep(struct ll_table *t, char *const *names, size_t n);

#endif
