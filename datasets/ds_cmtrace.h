/*
 * ds_cmtrace.h - logs in the CMTrace shape (Configuration Manager's
 * clients and servers, and the tools that log for its viewer):
 *
 *     <![LOG[message]LOG]!><time="13:45:02.123+300" date="12-06-2026" component="X" type="1" thread="4312" ...>
 *
 * a message in markup, which may go on over several lines, then a trailer
 * of key="value" attributes; or the older form
 *
 *     message  $$<Component><12-06-2026 13:45:02.123+300><thread=4312 (0x10D8)>
 *
 * whose message may span lines too, the trailer ending the last. The
 * date is month first; the clock's "+NNN" is a bias in minutes with
 * Windows' sign (UTC = local time + bias).
 *
 * Read a line at a time, the trailer's attributes hid in one message and a
 * multi-line record fell apart into lines without a time. Here every
 * record is one row: its time (date and clock joined), a column per
 * attribute and the message.
 */
#ifndef DS_CMTRACE_H
#define DS_CMTRACE_H

#include <stddef.h>

#include "ds_reader.h"

#define DS_CMTRACE_MAX_ATTRS 16

/* One attribute of a record's trailer: key and value point into the data
 * (or, for the older form's unnamed component, to a constant name). */
struct ds_cmtrace_attr {
	const char *key, *val;
	size_t klen, vlen;
};

struct ds_cmtrace_rec {
	const char *msg; /* into the data; may hold line ends */
	size_t msg_len;
	struct ds_cmtrace_attr attr[DS_CMTRACE_MAX_ATTRS];
	size_t nattr;
	size_t line, lines; /* the first line (1-based) and how many */
};

/* The record that starts at *pos, a line's start in data[0..size), blank
 * lines skipped: 1 with *rec filled, 0 at the end of the data, -1 when the
 * lines there form no record (rec->line and rec->lines say which; they
 * are passed). *pos and *line (the 1-based number of the line at *pos)
 * move past what was read. A record runs over at most
 * DS_RECORD_MAX_LINES lines and stops before a line that opens another. */
int ds_cmtrace_next(const char *data, size_t size, size_t *pos, size_t *line, struct ds_cmtrace_rec *rec);

/* Seconds since the epoch, in UTC, of a month-first date ("12-06-2026",
 * or with '/') and a clock ("13:45:02.123+300", the bias optional, in
 * minutes, added to reach UTC). 0 when either is malformed. */
int ds_cmtrace_time(const char *date, size_t dlen, const char *clock, size_t clen, double *out);

/* The value of the attribute named key in rec; NULL when there is none. */
const struct ds_cmtrace_attr *ds_cmtrace_attr(const struct ds_cmtrace_rec *rec, const char *key);

extern const struct ds_reader ds_cmtrace_reader;

#endif
