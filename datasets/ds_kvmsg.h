/*
 * ds_kvmsg.h - logs whose message is key=value pairs, as logfmt writes
 * them (Go's logfmt and slog's text handler, Prometheus, Loki, Heroku's
 * router: `msg="compaction done" duration=3ms blocks=2`), after free text
 * (`Compaction done duration=3ms`) or a quoted message (klog's
 * `"Starting kubelet" version="v1.29"`).
 *
 * Read as one text, the pairs hide their values in the message and make
 * each line's template differ by them. When most sampled messages end in
 * pairs, a reader is derived from the line's own: its fields, then a column
 * per key that one of those messages in fifty or more has (a number column
 * when all its sampled values are numbers, a time column when all are
 * times, else text), and as the message the value of "msg" or "message",
 * else the free text before the pairs, else the pairs as written. A key
 * named like one of the line's fields is another value (ping -D's
 * "time=0.045 ms" after the line's time): its column is "kv.<key>". A CEF
 * event's extension is read by its own rule (ds_kv_pairs_extension), and a
 * LEEF event's attributes are split by its delimiter (ds_kv_pairs_delimited).
 */
#ifndef DS_KVMSG_H
#define DS_KVMSG_H

#include <stddef.h>

#include "ds_reader.h"

/* The reader for a file of base's lines whose sample is given: base itself
 * when fewer than half of the sampled lines' messages end in pairs or no
 * key makes a column and none is a message, else a derived reader
 * (interned for the life of the process) whose load is `load`. NULL with
 * err set when out of memory. */
const struct ds_reader *ds_kvmsg_bind(const struct ds_reader *base, const char *sample, size_t n,
				      int (*load)(const struct ds_source *, const struct ds_open_opts *,
						  struct ll_table **, struct ll_err *),
				      struct ll_err *err);

/* The pairs that end message s[0..n): *lead gets the text before them
 * (blanks trimmed; a single quoted string without its quotes), keys[i] and
 * values[i] (quotes taken off a quoted value, escapes left as written) the
 * first cap pairs. Returns how many pairs end the message (0: none, and
 * *lead is then all of it). */
size_t ds_kv_pairs(const char *s, size_t n, struct ds_span *lead, struct ds_span *keys, struct ds_span *values,
		   size_t cap);

/* The pairs of a CEF event's extension s[0..n): a key opens the text or
 * follows a blank, and its value runs to the blanks before the next key (or
 * the end), blanks inside it kept ("msg=Admin accessed the console
 * src=10.0.0.1"); *lead gets any text before the first key. keys and
 * values as ds_kv_pairs; returns the count of pairs (which may pass cap). */
size_t ds_kv_pairs_extension(const char *s, size_t n, struct ds_span *lead, struct ds_span *keys,
			     struct ds_span *values, size_t cap);

/* The pairs of a LEEF event's attributes s[0..n), split by the delimiter
 * delim[0..dlen) (LEEF 1.0's tab, rsyslog's "#011" for it, or the delimiter
 * a LEEF 2.0 header names): each piece that opens with a key and '=' is a
 * pair, its value the rest of the piece, blanks inside kept ("domain=NT
 * AUTHORITY"); *lead gets the pieces before the first pair. keys and values
 * as ds_kv_pairs; returns the count of pairs (which may pass cap). */
size_t ds_kv_pairs_delimited(const char *s, size_t n, const char *delim, size_t dlen, struct ds_span *lead,
			     struct ds_span *keys, struct ds_span *values, size_t cap);

#endif
