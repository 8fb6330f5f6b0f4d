/*
 * ds_jsonmsg.h - logs whose message is a JSON object: a container runtime,
 * syslog or any header in front of what a program wrote as one JSON record
 * per line ({"level":"info","msg":"started","port":8080}).
 *
 * Mined as text, the record is one token with a digit in it, and its level
 * stays hidden inside. When most sampled messages are objects, a reader is
 * derived from the line's own reader: its fields, then the record's level
 * and (when the line's header has no time) its time, and the record's
 * message text as the message, the way the JSON reader reads the same
 * keys. A record without a message key keeps the whole object as the
 * message (the miner reads an object by its members, ll_tpl.c).
 *
 * The same derivation serves a level written at the start of some messages
 * only ("[2024-01-31T13:53:45.673] error: Nodes not responding" among lines
 * without one): when the header has no level and one sampled message in ten
 * opens with a level word and a colon, that word is the level column and
 * the rest the message; other lines have an empty level.
 */
#ifndef DS_JSONMSG_H
#define DS_JSONMSG_H

#include <stddef.h>

#include "ds_reader.h"

/* The reader for a file of base's lines whose sample is given. When half
 * the sampled lines' messages or more are JSON objects sharing a level,
 * message or time key: a derived reader of those parts (interned for the
 * life of the process, like the log reader's bound ones) whose load is
 * `load` (which binds again, as the reader's load gets the source only).
 * Otherwise the key=value reader when the messages end in pairs
 * (ds_kvmsg.h: every line reader derives through here), else the
 * level-prefix reader when a level opens one message in ten, else base.
 * NULL with err set when out of memory. */
const struct ds_reader *ds_jsonmsg_bind(const struct ds_reader *base, const char *sample, size_t n,
					int (*load)(const struct ds_source *, const struct ds_open_opts *,
						    struct ll_table **, struct ll_err *),
					struct ll_err *err);

/* The top-level members of the JSON object s[0..n) one at a time: *pos
 * starts at 0; each call gives a member's key (without quotes) and its
 * value (a string's text without quotes, else the value as written) and
 * returns 1, or 0 at the end or at anything that is not JSON. */
int ds_json_member(const char *s, size_t n, size_t *pos, struct ds_span *key, struct ds_span *value);

#endif
