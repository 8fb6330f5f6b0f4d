/*
 * ll_journal.h - the append-only label journal: labels survive crashes.
 *
 * Every label change is one text line, appended and fsynced before the
 * change is shown, so an acknowledged label is on disk even after kill -9:
 *
 *   # loglab label journal v1
 *   TIME<TAB>USER<TAB>ROW:HASH<TAB>OLD<TAB>NEW<TAB>SOURCE<TAB>GROUP<TAB>CRC
 *
 * TIME is ISO 8601 UTC with milliseconds; ROW the 1-based line number and
 * HASH the FNV-1a-32 of the line's bytes (hex), so a label never lands on a
 * line whose content changed; OLD/NEW class names ("" = unlabelled, with
 * \t \n \\ escaped); SOURCE key, bulk, template, import, review, undo, redo;
 * GROUP numbers the records of one user action (one undo step); CRC is the
 * CRC-32 of everything before it on the line. A last line that is torn (no
 * newline, bad CRC) is reported and skipped on replay.
 */
#ifndef LL_JOURNAL_H
#define LL_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

struct ll_journal_record {
	double time;          /* seconds since the epoch */
	const char *user;
	uint64_t row;         /* 0-based in memory; written 1-based */
	uint32_t hash;        /* ll_line_hash of the line */
	const char *old_cls;  /* "" = unlabelled */
	const char *new_cls;
	const char *source;
	uint64_t group;
};

/* FNV-1a 32-bit hash of a line's bytes (without newline). */
uint32_t ll_line_hash(const char *line, size_t len);
/* CRC-32 (IEEE 802.3), as zlib's crc32(0, ...). */
uint32_t ll_crc32(const void *data, size_t len);

struct ll_journal;

/* Opens (creating with its header line if missing) the journal at path for
 * appending. Fails with LL_EIO naming the path when it cannot be created
 * or written (read-only directory, full disk). */
int ll_journal_open(struct ll_journal **out, const char *path, struct ll_err *err);
void ll_journal_close(struct ll_journal *j);
const char *ll_journal_path(const struct ll_journal *j);

/* Appends n records as one write and one fdatasync. All or nothing: on
 * failure the file is truncated back to its previous length. */
int ll_journal_append(struct ll_journal *j, const struct ll_journal_record *recs, size_t n, struct ll_err *err);

/* Calls fn for every valid record of the journal at path, in order. A
 * missing journal is not an error (no records). Damaged lines are skipped;
 * each skip calls warn (if not NULL) with a message naming path and line.
 * fn returning non-zero stops the replay with that status. */
typedef int (*ll_journal_record_fn)(void *ctx, const struct ll_journal_record *rec);
typedef void (*ll_journal_warn_fn)(void *ctx, const char *message);
int ll_journal_replay(const char *path, ll_journal_record_fn fn, ll_journal_warn_fn warn, void *ctx,
		      struct ll_err *err);

/* Replaces the journal at path by the records given (normally one per
 * labelled row, the current state), atomically: temp file, fsync, rename,
 * fsync of the directory. */
int ll_journal_rewrite(const char *path, const struct ll_journal_record *recs, size_t n, struct ll_err *err);

/* The login name for USER: $USER, else the passwd entry, else "uid N". */
const char *ll_journal_default_user(void);

#endif
