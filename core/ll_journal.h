/*
 * ll_journal.h - the append-only label journal: labels survive crashes and
 * several processes (browsers, `loglab label`, `review --confirm`) write
 * one journal without losing each other's labels.
 *
 * Text, one line a record, tab-separated, each line ending in the CRC-32
 * of everything before it on the line:
 *
 *   # loglab label journal v2
 *   TIME<TAB>USER<TAB>ROW:HASH<TAB>OLD<TAB>NEW<TAB>SOURCE<TAB>GROUP<TAB>CRC
 *   ...
 *   TIME<TAB>USER<TAB>commit<TAB>N<TAB>REF<TAB>SOURCE<TAB>GROUP<TAB>CRC
 *
 * TIME is ISO 8601 UTC with milliseconds; ROW the 1-based line number and
 * HASH the FNV-1a-32 of the line's bytes (hex), so a label never lands on a
 * line whose content changed; OLD/NEW class names ("" = unlabelled, with
 * \t \n \\ escaped); SOURCE key, bulk, template, import, review, undo,
 * redo, compact; GROUP numbers one user action (one undo step).
 *
 * An action is its N records followed by its commit mark (the line whose
 * third field is "commit"), written with one write and one fdatasync. It
 * counts only once the mark is on disk: replay applies complete actions
 * and drops (and reports) records whose mark is missing or whose count is
 * wrong, so a writer killed mid-action leaves nothing half applied. REF is
 * the group an undo reverts or a redo repeats ("" otherwise).
 *
 * Writers append under an exclusive lock (ll_fileio.h), after reading what
 * others appended, so group ids are unique and OLD values current.
 * Compaction rewrites the file from what is on disk, under the same lock,
 * and renames the result over it; every process notices the new file (its
 * inode) and reads it afresh. Readers never lock.
 *
 * A compaction keeps every class the journal named, in the order it named
 * them, also one no row has any more (a class is declared by the record
 * that first gives it; without this line `--set` of it would be refused
 * after compaction): it writes them first, as an action of lines
 *
 *   TIME<TAB>USER<TAB>class<TAB><TAB>NAME<TAB>compact<TAB>GROUP<TAB>CRC
 *
 * whose commit mark counts them. A loglab that predates them drops that
 * action (damaged lines) and keeps the labels, which are another action.
 *
 * Version 1 journals (no commit marks; an action ends where GROUP changes)
 * still open; the first write converts one to version 2 in place.
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

/* One committed action: its records (each with the action's group and
 * source) and what its commit mark says. */
struct ll_journal_action {
	uint64_t group;
	uint64_t ref;         /* group an undo reverts / a redo repeats; 0 none */
	const char *source;
	double time;
	const char *user;
	const struct ll_journal_record *recs;
	size_t n;
	/* classes the action declares (a compaction's "class" lines), in
	 * order, before its records; written and counted with them */
	const char *const *classes;
	size_t nclasses;
};

/* What reading found, since the journal was (re)opened. */
struct ll_journal_stats {
	size_t actions;     /* complete actions delivered */
	size_t records;     /* their records */
	size_t damaged;     /* lines skipped: bad checksum, torn, malformed */
	size_t incomplete;  /* actions dropped: no commit mark, or a wrong count */
	size_t incomplete_records;
};

/* FNV-1a 32-bit hash of a line's bytes (without newline). */
uint32_t ll_line_hash(const char *line, size_t len);
/* CRC-32 (IEEE 802.3), as zlib's crc32(0, ...). */
uint32_t ll_crc32(const void *data, size_t len);

struct ll_journal;

/* Opens the journal at path. writable 0 only reads it: a missing journal
 * is then simply empty (and read once it appears). writable 1 creates it
 * (with its header) when missing and fails with LL_EIO naming the path
 * when it cannot be created or written (read-only folder, full disk, not
 * a regular file), or LL_EDATA when path holds something that is no label
 * journal. Nothing is read yet: see ll_journal_read. */
int ll_journal_open(struct ll_journal **out, const char *path, int writable, struct ll_err *err);
void ll_journal_close(struct ll_journal *j);
/* Makes a journal opened read-only writable (creating the file when
 * missing), keeping what was read from it. Errors as ll_journal_open. */
int ll_journal_make_writable(struct ll_journal *j, struct ll_err *err);
const char *ll_journal_path(const struct ll_journal *j);
int ll_journal_writable(const struct ll_journal *j);

typedef int (*ll_journal_action_fn)(void *ctx, const struct ll_journal_action *a);
typedef void (*ll_journal_warn_fn)(void *ctx, const char *message);

/* Delivers, in order, every action committed since the last call (from the
 * start at the first call); cheap when nothing changed (two stats). Damaged
 * lines and dropped actions call warn (if not NULL) once each, with a
 * message naming path and line. When the file was replaced since the last
 * call (compacted, deleted, recreated) nothing is delivered: *restart is
 * set to 1, reading starts over at the new file's beginning, and the caller
 * drops what it built from the old file and calls again. fn returning
 * non-zero stops the read with that status. */
int ll_journal_read(struct ll_journal *j, int *restart, ll_journal_action_fn fn, ll_journal_warn_fn warn,
		    void *ctx, struct ll_err *err);
const struct ll_journal_stats *ll_journal_stats(const struct ll_journal *j);

/* Takes the journal's write lock (waiting up to 15 s while another writer
 * holds it); reopens the journal when it was replaced meanwhile (the next
 * read then restarts). The caller then reads to the end (ll_journal_read)
 * before it computes an action, so old values and group ids are current;
 * with the lock held that read treats records at the end that have no
 * commit mark as abandoned (their writer is gone). */
int ll_journal_lock(struct ll_journal *j, struct ll_err *err);
void ll_journal_unlock(struct ll_journal *j);
/* One more than the largest group id read so far. */
uint64_t ll_journal_next_group(const struct ll_journal *j);

/* With the lock held and the journal read to its end: appends the action
 * (records and commit mark; a->group at least ll_journal_next_group) as one
 * write and one fdatasync, and moves the read position past it (it is not
 * delivered again). On failure nothing of it stays in the file. */
int ll_journal_commit(struct ll_journal *j, const struct ll_journal_action *a, struct ll_err *err);

/* With the lock held: rewrites the journal from the file on disk as one
 * action (source "compact"): for every (row, line hash) its last label,
 * left out when that is the label the row had before its first record.
 * Incomplete actions and damaged lines are dropped. The new file replaces
 * the old atomically and is locked before anyone can open it; the next
 * read restarts. *before / *after (may be NULL): records in and out. */
int ll_journal_compact(struct ll_journal *j, size_t *before, size_t *after, struct ll_err *err);

/* Calls fn for every record of every complete action of the journal at
 * path, in order (a one-shot read: open, read, close). A missing journal is
 * not an error (no records). fn returning non-zero stops with that status. */
typedef int (*ll_journal_record_fn)(void *ctx, const struct ll_journal_record *rec);
int ll_journal_replay(const char *path, ll_journal_record_fn fn, ll_journal_warn_fn warn, void *ctx,
		      struct ll_err *err);

/* The login name for USER: $USER, else the passwd entry, else "uid N". */
const char *ll_journal_default_user(void);

#endif
