/*
 * ll_labels.h - the labels of one dataset (one file) as the user edits
 * them: base labels from the file, changes from the journal, undo and redo.
 *
 * The state is always the file's labels plus the journal's complete
 * actions (ll_journal.h), whoever wrote them. Every change first takes the
 * journal's lock, reads what other processes appended (so the old values
 * and the group id it records are current), appends and fdatasyncs its
 * action, and only then shows in memory; if the write fails the labels
 * stay as they were and the caller gets the error to show. One call to
 * ll_labels_apply is one action and one undo step, however many rows it
 * touches. Undo and redo are journalled too (source "undo"/"redo", naming
 * the action they revert or repeat), so the undo history is the journal's:
 * shared by every process working on the file, and it survives restarts.
 * Undo reverts the last action on record that is not undone yet, whoever
 * made it; compaction clears the history.
 *
 * ll_labels_sync picks up what others wrote (a running browser calls it a
 * few times a second); when the journal was replaced (compacted) the state
 * is rebuilt from the new file.
 */
#ifndef LL_LABELS_H
#define LL_LABELS_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

/* Content hash of a row (ll_line_hash of its line), used to refuse journal
 * records whose line changed since they were written. */
typedef uint32_t (*ll_row_hash_fn)(void *ctx, size_t row);
typedef void (*ll_labels_warn_fn)(void *ctx, const char *msg);

struct ll_labels;

struct ll_labels *ll_labels_new(size_t nrows);
void ll_labels_free(struct ll_labels *l);
/* Rows may grow (a log still being indexed or appended to). */
int ll_labels_resize(struct ll_labels *l, size_t nrows);
size_t ll_labels_nrows(const struct ll_labels *l);

/* Classes (hashed: 200,000 cost what 2 do): id of name, added if new
 * (negative on OOM); find: id or -1. */
int ll_labels_class_id(struct ll_labels *l, const char *name);
int ll_labels_find_class(const struct ll_labels *l, const char *name);
size_t ll_labels_nclasses(const struct ll_labels *l);
const char *ll_labels_class_name(const struct ll_labels *l, size_t cls);

/* Whether labelling with class name needs no confirmation: the dataset has
 * that class (in its file or its journal), or name is "0" or "1" and the
 * dataset has no classes but those (the convention for files without labels
 * of their own: 1 root cause, 0 ordinary). Else creating the class must be
 * asked for (a typo must not make a class). */
int ll_labels_class_known(const struct ll_labels *l, const char *name);
/* "no class 'dsik' (did you mean 'disk'?)", or with no close name
 * "no class '1' (classes: normal, KERNDTLB, ... and 8 more)". */
void ll_labels_unknown_class_text(const struct ll_labels *l, const char *name, char *buf, size_t cap);

/* The label a row has in the file itself (not journalled). */
int ll_labels_set_base(struct ll_labels *l, size_t row, int cls);
int ll_labels_base(const struct ll_labels *l, size_t row);
/* Rows whose label in the file itself (base) the journals changed: to
 * another class or to none. */
size_t ll_labels_overridden(const struct ll_labels *l);
/* Current label of a row, or -1 (unlabelled). */
int ll_labels_get(const struct ll_labels *l, size_t row);
void ll_labels_counts(const struct ll_labels *l, size_t *counts, size_t *unlabelled);
/* Bumped by every change of a label or of the history, own or read. */
uint64_t ll_labels_version(const struct ll_labels *l);

/* Replays the journal at path over the base labels and keeps it open for
 * writing (creating it when missing). warn (optional) receives one message
 * per skipped record or dropped action, now and at later reads, so
 * warn_ctx must live as long as l (ll_labels_set_warn changes them). */
int ll_labels_attach_journal(struct ll_labels *l, const char *path, ll_row_hash_fn hash, void *hash_ctx,
			     ll_labels_warn_fn warn, void *warn_ctx, struct ll_err *err);
/* The same replay, reading only: later changes stay in memory (a missing
 * journal is read once it appears). */
int ll_labels_replay_journal(struct ll_labels *l, const char *path, ll_row_hash_fn hash, void *hash_ctx,
			     ll_labels_warn_fn warn, void *warn_ctx, struct ll_err *err);
void ll_labels_set_warn(struct ll_labels *l, ll_labels_warn_fn warn, void *warn_ctx);
/* A dataset merged from several files (a fleet) keeps each file's labels
 * in that file's own journal, recording the file's line numbers, so the
 * labels stay with the file: open it alone, or in another fleet, and they
 * are there. Part p is the file whose journal is paths[p] and whose line i
 * is row rows[p][i] (increasing; the arrays are taken and freed with l).
 * The journals are replayed read-only; ll_labels_make_writable lets
 * changes write them, and a change creates and locks only the journals of
 * the files it touches (one action in each; one undo step here). Rows no
 * part has (merged later) cannot be labelled. */
int ll_labels_attach_parts(struct ll_labels *l, size_t nparts, const char *const *paths, size_t **rows,
			   const size_t *nlines, ll_row_hash_fn hash, void *hash_ctx, ll_labels_warn_fn warn,
			   void *warn_ctx, struct ll_err *err);
/* Parts attached (0: one journal or none) and part p's journal path. */
size_t ll_labels_nparts(const struct ll_labels *l);
const char *ll_labels_part_journal(const struct ll_labels *l, size_t p);
/* Opens the journal replayed read-only for writing (creating it when
 * missing) and reads what is new: ready for changes. LL_EIO naming the
 * journal when it cannot be written. */
int ll_labels_make_writable(struct ll_labels *l, struct ll_err *err);
/* Reads what other processes committed since the last read. Returns the
 * number of actions applied (a rebuilt state counts 1), 0 when nothing
 * changed (cheap: two stats), or a negative status with err filled. */
long ll_labels_sync(struct ll_labels *l, struct ll_err *err);
/* Path of the journal open for writing, NULL when there is none. */
const char *ll_labels_journal_path(const struct ll_labels *l);
/* Records applied; records skipped as damaged or stale (line changed);
 * actions dropped as incomplete; all since the journal was last read whole. */
size_t ll_labels_replayed(const struct ll_labels *l);
size_t ll_labels_skipped(const struct ll_labels *l);
size_t ll_labels_incomplete(const struct ll_labels *l);

/* Row hashes (the journal's check that a line did not change) are
 * computed once and kept, 5 bytes a row. This computes those of
 * rows[from..n) not kept yet, at most budget of them, and returns where it
 * stopped (n: all kept): a caller with a million rows to label reads their
 * lines in slices, showing progress, so that the change itself, under the
 * journal's lock, only writes. Rows past the end are passed over. */
size_t ll_labels_warm_hashes(struct ll_labels *l, const size_t *rows, size_t n, size_t from, size_t budget);

/* Sets rows[0..n) to cls (-1 = unlabelled) as one action. Rows already
 * labelled cls are left out of the record. source is "key", "bulk",
 * "template", "import" or "review". Returns the number changed (>= 0) or a
 * negative status with err filled; nothing changes on failure. */
long ll_labels_apply(struct ll_labels *l, const size_t *rows, size_t n, int cls, const char *source,
		     struct ll_err *err);
/* The same with a class per row (rows[i] to cls[i]) as one action (an
 * import); a row listed twice takes its last class. */
long ll_labels_apply_each(struct ll_labels *l, const size_t *rows, const int *cls, size_t n, const char *source,
			  struct ll_err *err);
/* Undo the last action on record / redo the last undone one; return rows
 * changed, 0 when there is nothing to do. */
long ll_labels_undo(struct ll_labels *l, struct ll_err *err);
long ll_labels_redo(struct ll_labels *l, struct ll_err *err);
int ll_labels_can_undo(const struct ll_labels *l);
int ll_labels_can_redo(const struct ll_labels *l);

/* The action undo (or redo) would take next, as of the last read. */
struct ll_labels_action_info {
	uint64_t group;
	size_t rows;
	double time;
	char source[16];
	char user[64];
};
int ll_labels_undo_top(const struct ll_labels *l, struct ll_labels_action_info *out);
int ll_labels_redo_top(const struct ll_labels *l, struct ll_labels_action_info *out);

/* Rewrites the journal from what is on disk (under the lock: nothing any
 * process wrote is lost) as one record per row whose label differs from
 * its label before the journal; the undo history ends there. *before and
 * *after (may be NULL): records before and after. */
int ll_labels_compact(struct ll_labels *l, size_t *before, size_t *after, struct ll_err *err);

#endif
