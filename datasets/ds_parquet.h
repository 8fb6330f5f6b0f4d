/*
 * ds_parquet.h - an Apache Parquet file as CSV text, the way the
 * "parquet" reader (ds_parquet_reader, ds_csv.h) reads it: a header of
 * the columns' names, then a row per row of the file, each value as
 * ds_parquet_value.h writes it, a null as an empty cell, a list's values
 * as a JSON array (lists of lists as arrays of arrays).
 */
#ifndef DS_PARQUET_H
#define DS_PARQUET_H

#include <stddef.h>

#include "ds_sheet.h"
#include "ll_err.h"

/* The CSV text of the Parquet file data[0, size) into *csv (the caller
 * frees csv->p, also on failure). *left_out is how many columns were left
 * out (under lists nested too deep), named in left[0, cap). LL_EDATA naming path
 * (and the column, row group and page) when the file cannot be read,
 * LL_ENOMEM when out of memory. */
int ds_parquet_csv(const char *path, const unsigned char *data, size_t size, struct ds_text *csv, size_t *left_out,
		   char *left, size_t cap, struct ll_err *err);

#endif
