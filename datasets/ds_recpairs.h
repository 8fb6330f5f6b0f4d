/*
 * ds_recpairs.h - fields written on a record's continuation lines: a line
 * of "Key: value" pairs below a record's head (a MySQL slow query log's
 * "# Query_time: 2.5  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 150000",
 * a request's "  Status: 500  Elapsed: 1.2s") gives the whole record a
 * column per key, its head and every continuation line alike.
 *
 * Only the loaded path (ds_lines.c) reads them: the lazy path notes that
 * it does not (DS_RECPAIRS_LAZY_NOTE), as it fixes its columns at open,
 * before it has seen the file.
 */
#ifndef DS_RECPAIRS_H
#define DS_RECPAIRS_H

#include <stddef.h>

#include "ds_reader.h"
#include "ll_err.h"
#include "ll_table.h"

/* At most this many pairs are read from one line, and this many keys
 * become columns of one file (the first ones met): more is no record's
 * summary but a dump. */
#define DS_RECPAIRS_MAX 16
#define DS_RECPAIRS_MAX_KEYS 32

struct ds_recpair {
	struct ds_span key, value; /* within the line; key without its ':' */
};

/* The pairs of line[0..len) when it is a line of pairs, else 0. The rule,
 * kept narrow so that prose with a colon ("Caused by: java.io.IOException:
 * x", "ValueError: bad value: 3") stays prose:
 *  - blanks, then at most a comment mark (one to three of # ; / * -
 *    followed by a blank), then pairs to the end of the line;
 *  - a key is a letter, then letters, digits, '_', '-' or '@' (no '.': a
 *    Java class name is no key), and a ':' and a blank right after;
 *  - a value runs up to the next key; one of a single word may be
 *    followed by one blank, one of several words by two blanks or more
 *    (the end of the line aside), as columns are written;
 *  - two pairs or more, each value non-empty, one of them a number (plain
 *    or with a unit of time or size, ll_units.h).
 * Returns how many pairs were stored in out[cap]. */
size_t ds_recpairs_split(const char *line, size_t len, struct ds_recpair *out, size_t cap);

/* Gives table t the columns of the pairs on its records' continuation
 * lines. cont[i] is a continuation row and head[i] the row of its record's
 * head, in row order; each row's text is in column text_col; pairs (may be
 * NULL: every row is looked at) is nonzero for the rows that are lines of
 * pairs (ds_recpairs_split), which a loader knows as it reads them. Every
 * key becomes a column after t's own (named "rec.<key>" when t has one of
 * that name), set on the head row and each continuation row of the records
 * that write it (the first value a record writes wins): numbers when every
 * value is one, durations or sizes when they carry units as a column of
 * them does (ds_units.h, judged with the key's name), else text. One note,
 * after "base: ", names the keys and those read with units. LL_OK or
 * LL_ENOMEM (err names base). */
int ds_recpairs_apply(struct ll_table *t, size_t text_col, const size_t *cont, const size_t *head,
		      const unsigned char *pairs, size_t n, const char *base, struct ll_err *err);

/* The note of the lazy path on a file whose records have pair lines
 * (after "file: "). */
#define DS_RECPAIRS_LAZY_NOTE "the Key: value pairs on the records' continuation lines are not columns when a file this large is browsed without loading it"

/* 1 when the lines of data[0..size) the format fmt does not fit, right
 * below a line it fits, include a line of pairs within the first
 * sample bytes: what the lazy path notes it leaves unread. */
int ds_recpairs_seen(const struct ds_line_format *fmt, const char *data, size_t size, size_t sample);

#endif
