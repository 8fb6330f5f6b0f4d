/*
 * ds_journald.h - systemd journal files (/var/log/journal/ID/NAME.journal)
 * read entry by entry, without libsystemd or journalctl: a copy brought
 * from another machine, written by a newer systemd, reads the same.
 *
 * A journal file is a header and a heap of objects: DATA objects hold one
 * "FIELD=value" each (stored once, shared by every entry that has it,
 * possibly compressed with xz, lz4 or zstd), ENTRY objects list the DATA
 * objects of one log entry with its timestamps, and a chain of ENTRY_ARRAY
 * objects lists the entries in the order they were written. Both layouts
 * are read: the original one (64-bit offsets) and the compact one of
 * systemd 252 and later (32-bit offsets in entries and arrays). A flag in
 * the header's incompatible set that this reader does not know is refused
 * by its value (a newer systemd's file), as journalctl itself would.
 *
 * Nothing in the file is trusted: every offset is checked to lie inside
 * the file and to hold an object of the right type and a size that fits,
 * the array chain must move forward (a chain that loops or points back
 * ends; the rest of the file is then scanned object by object for the
 * entries after the last one read), and entries and fields that do not
 * check out are skipped and counted, never read past the end. A file that
 * is still being written (online), a dirty archive (NAME.journal~) and a
 * truncated copy read up to what they hold.
 */
#ifndef DS_JOURNALD_H
#define DS_JOURNALD_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

#define DS_JOURNALD_MAGIC "LPKSHHRH"

/* 1 when data[0, n) begins with a journal file's signature. */
int ds_journald_is(const char *data, size_t n);

struct ds_journald_field {
	const char *name; /* before the first '=', nlen bytes, not NUL-terminated */
	size_t nlen;
	const unsigned char *value; /* after it; NULL in a walk of sizes only */
	size_t vlen;                /* in a walk of sizes only: as decoded, when the object says (else as stored) */
};

/* One entry, valid during the callback only (pointers into the file or a
 * buffer the walk reuses). */
struct ds_journald_entry {
	uint64_t seqnum, realtime, monotonic, xor_hash; /* realtime and monotonic in microseconds */
	const unsigned char *boot_id;                  /* 16 bytes */
	const unsigned char *seqnum_id;                /* the file's, 16 bytes */
	const struct ds_journald_field *fields;       /* in the entry's order */
	size_t nfields;
};

/* What a walk found besides the entries. */
struct ds_journald_stats {
	uint64_t declared;  /* entries the header counts */
	size_t entries;     /* entries given to the callback */
	size_t past_end;    /* entries referred to beyond the end of a truncated file */
	size_t bad_entries; /* offsets that hold no valid entry (corrupt) */
	size_t bad_fields;  /* items whose DATA object is not valid or does not decode */
	size_t scanned;     /* entries found by the scan after a broken array chain */
	int state;          /* the header's: 0 offline, 1 online (being written), 2 archived */
	int truncated;      /* the file ends before the header's arena does */
	int chain_broken;   /* the array chain looped, pointed back or held a bad object */
};

typedef int (*ds_journald_fn)(void *ctx, const struct ds_journald_entry *e);

/* Calls fn for each entry of the journal data[0, size) in the order
 * written. With sizes_only, values are not decoded (fields' value NULL,
 * vlen their size: a first pass that sizes the work). path names the file
 * in messages. fn's non-LL_OK status stops the walk and is returned.
 * LL_EDATA for a file that is not a journal, a header too short or out of
 * range, an incompatible flag this reader does not know, or data
 * compressed with a codec this build lacks (naming the package); the
 * entries and fields it skips are counted in *st, not errors. Decoding a
 * value checks its size against the memory limit (ll_limits.h). */
int ds_journald_walk(const char *path, const unsigned char *data, size_t size, int sizes_only, ds_journald_fn fn,
		     void *ctx, struct ds_journald_stats *st, struct ll_err *err);

/* The journal's entries as the JSON Lines `journalctl -o json` prints
 * (ds_journald_json.c): *text (malloc'd, the caller frees it; NULL when
 * there are no entries) and *len. The text's size is estimated and
 * checked against the memory limit before it is written. */
int ds_journald_text(const char *path, const unsigned char *data, size_t size, char **text, size_t *len,
		     struct ds_journald_stats *st, struct ll_err *err);

/* Something that gives journal entries as ds_journald_walk() does (a
 * journal file; `journalctl -o export` text, ds_journal_export.h), source
 * being what it reads. */
typedef int (*ds_journald_walker)(void *source, int sizes_only, ds_journald_fn fn, void *ctx,
				  struct ds_journald_stats *st, struct ll_err *err);

/* ds_journald_text() for the entries walk gives. */
int ds_journald_text_of(const char *path, ds_journald_walker walk, void *source, char **text, size_t *len,
			struct ds_journald_stats *st, struct ll_err *err);

struct ds_source;
struct ds_open_opts;
struct ll_table;

/* A reader's load of the entries walk gives: their JSON Lines read as the
 * JSON Lines reader reads `journalctl -o json`, a row per entry, with
 * notes on what the walk skipped; an error when there is no entry. */
int ds_journald_load_of(const struct ds_source *src, const struct ds_open_opts *opts, ds_journald_walker walk,
			void *source, struct ll_table **out, struct ll_err *err);

#endif
