/*
 * ds_parquet_value.h - one Parquet value as the text of a CSV cell, by its
 * column's physical and logical type: integers (unsigned ones too),
 * floats as the shortest text that reads back to the same number,
 * booleans as true/false, dates as YYYY-MM-DD, timestamps as ISO 8601
 * (YYYY-MM-DDTHH:MM:SS[.fff...][Z], which the CSV reader takes as time),
 * legacy INT96 timestamps likewise, times of day as HH:MM:SS[.fff],
 * decimals as exact decimal text, FLOAT16 as a float, UUIDs in their
 * usual form, text as it is. Bytes that are not UTF-8 text (binary data)
 * are written as 0x and hex digits, so a cell never holds a NUL or a
 * broken character.
 */
#ifndef DS_PARQUET_VALUE_H
#define DS_PARQUET_VALUE_H

#include <stddef.h>

#include "ds_parquet_meta.h"
#include "ds_sheet.h"

/* Appends the text of the value raw[0, n) of column c to out: raw holds
 * the value as PLAIN encodes it (little-endian numbers; BOOLEAN one byte
 * 0 or 1; byte arrays their bytes without the length). 0 when out of
 * memory. */
int ds_parquet_value_text(const struct pq_column *c, const unsigned char *raw, size_t n, struct ds_text *out);

/* Appends text[0, n), a value of column c as ds_parquet_value_text wrote
 * it, as a JSON value: numbers and booleans bare, anything else (stamps,
 * text, NaN) a JSON string. 0 when out of memory. */
int ds_parquet_value_json(const struct pq_column *c, const char *text, size_t n, struct ds_text *out);

/* The civil date of a day count since 1970-01-01. */
void ds_parquet_civil(long long days, long long *y, int *m, int *d);

#endif
