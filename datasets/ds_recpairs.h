/*
 * ds_recpairs.h - fields written on a record's continuation lines: a line
 * of "Key: value" pairs below a record's head (a MySQL slow query log's
 * "# Query_time: 2.5  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 150000",
 * a request's "  Status: 500  Elapsed: 1.2s") gives the whole record a
 * column per key, its head and every continuation line alike.
 *
 * Both paths read them with the same parts: the keys and how their values
 * read are gathered line by line (struct ds_recpairs_keys: the loaded path
 * over its continuation rows, ds_lines.c; the lazy path in its counting
 * pass, ds_dataset.c), settled into columns alike, and a record's values
 * are the first each key takes on its lines (struct ds_recpairs_values:
 * the loaded path copies them onto its rows, the lazy path finds them on
 * demand by reading the record's lines again).
 */
#ifndef DS_RECPAIRS_H
#define DS_RECPAIRS_H

#include <stddef.h>

#include "ds_reader.h"
#include "ds_units.h"
#include "ll_err.h"
#include "ll_table.h"

/* At most this many pairs are read from one line, and this many keys
 * become columns of one file (the first ones met): more is no record's
 * summary but a dump. A key is a name: a longer word before a ':' is
 * none, which also bounds what a file's keys hold in memory. */
#define DS_RECPAIRS_MAX 16
#define DS_RECPAIRS_MAX_KEYS 32
#define DS_RECPAIRS_KEY_MAX 64

struct ds_recpair {
	struct ds_span key, value; /* within the line; key without its ':' */
};

/* The pairs of line[0..len) when it is a line of pairs, else 0. The rule,
 * kept narrow so that prose with a colon ("Caused by: java.io.IOException:
 * x", "ValueError: bad value: 3") stays prose:
 *  - blanks, then at most a comment mark (one to three of # ; / * -
 *    followed by a blank), then pairs to the end of the line;
 *  - a key is a letter, then letters, digits, '_', '-' or '@' (no '.': a
 *    Java class name is no key), DS_RECPAIRS_KEY_MAX at most, and a ':'
 *    and a blank right after;
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

/* The keys of a file's lines of pairs, in the order met, and how their
 * values read: gathered with ds_recpairs_keys_add, then settled once into
 * the columns both paths give. Owns its names: ds_recpairs_keys_free. */
struct ds_recpairs_key {
	char *name;
	size_t len;               /* strlen(name): keys are looked up for every pair */
	struct ds_units_tally ty; /* how its values read with units */
	int plain;                /* every value a plain number (settled) */
	int kind;                 /* what units make of it (ds_units.h; settled) */
	char colname[80];         /* its column's name, "" when it has none (settled) */
};
struct ds_recpairs_keys {
	struct ds_recpairs_key k[DS_RECPAIRS_MAX_KEYS];
	size_t n;
};

void ds_recpairs_keys_init(struct ds_recpairs_keys *ks);
void ds_recpairs_keys_free(struct ds_recpairs_keys *ks);
/* Counts the pairs of line[0..len) when it is a line of pairs (else does
 * nothing): new keys, past DS_RECPAIRS_MAX_KEYS left out, and every value
 * of each. LL_OK or LL_ENOMEM. */
int ds_recpairs_keys_add(struct ds_recpairs_keys *ks, const char *line, size_t len);
/* Decides each key's type (numbers when every value is one, durations or
 * sizes when they carry units as a column of them does, judged with the
 * key's name, else text) and column name: the key, or "rec.<key>" when
 * taken(ctx, key) says a column has that name already, or none when that
 * is taken too. Returns how many keys have a column. */
size_t ds_recpairs_keys_settle(struct ds_recpairs_keys *ks, int (*taken)(void *ctx, const char *name), void *ctx);
/* The key named s[0..n), or -1 when there is none. */
long ds_recpairs_keys_find(const struct ds_recpairs_keys *ks, const char *s, size_t n);
/* A settled key's column type. */
enum ll_coltype ds_recpairs_key_type(const struct ds_recpairs_key *k);
/* A value s[0..n) of a settled key of numbers as its column holds it: 1
 * and *v, or 0 when it reads as none (a missing cell). */
int ds_recpairs_key_number(const struct ds_recpairs_key *k, const char *s, size_t n, double *v);
/* The note on the settled keys' columns (to follow "base: "), into
 * buf[cap]; 0 when no key has a column (no note), else how many do. */
size_t ds_recpairs_keys_note(const struct ds_recpairs_keys *ks, char *buf, size_t cap);

/* One record's values: for each key, where the first value written on
 * the record's lines of pairs is (line `at`, as the caller numbers its
 * lines, and the span in it). */
struct ds_recpairs_values {
	size_t at[DS_RECPAIRS_MAX_KEYS];
	struct ds_span span[DS_RECPAIRS_MAX_KEYS];
	unsigned char set[DS_RECPAIRS_MAX_KEYS];
	size_t nset;
};
void ds_recpairs_values_clear(struct ds_recpairs_values *v);
/* Takes the values of line[0..len) (numbered at) for the keys of ks that
 * have none yet in v; nothing when it is no line of pairs. */
void ds_recpairs_values_add(const struct ds_recpairs_keys *ks, struct ds_recpairs_values *v, const char *line,
			    size_t len, size_t at);

#endif
