/*
 * ds_tail.h - new lines of a followed log (ds_follow.h) joining the table
 * it was loaded into.
 *
 * The lines are read as the loader read the file (ds_lines_load with the
 * same format and year) and their cells copied into the table's columns
 * of the same name and type; a column the new lines lack stays empty in
 * their rows, one they add is left out (Key: value columns of multi-line
 * records are settled once, over the whole file, when it is opened). Their
 * classes (a label<TAB>line file's own labels) join the table's by name.
 * What the loader can only know from lines around them in other batches
 * (a multi-line record's head in an earlier batch, a level some formats
 * read from the line below, the year of yearless stamps at a year's turn)
 * starts afresh with each batch: a documented limit of following (the
 * README's tail mode), which opening the file again does not have.
 */
#ifndef DS_TAIL_H
#define DS_TAIL_H

#include <stddef.h>

#include "ds_reader.h"
#include "ll_err.h"
#include "ll_table.h"

/* Adds the complete lines bytes[0, n) (each ending with '\n') of the log
 * at path (for messages) to t, split with fmt (format_name for notes),
 * yearless stamps in year. When replace_row < ll_table_nrows(t), the first
 * line takes that row instead (the file's last line, read before its
 * newline came, is whole now). *added counts the rows appended. On failure
 * (LL_ENOMEM) rows appended so far stay. */
int ds_tail_append(struct ll_table *t, const struct ds_line_format *fmt, const char *format_name, int year,
		   const char *path, const char *bytes, size_t n, size_t replace_row, size_t *added,
		   struct ll_err *err);

#endif
