/*
 * ll_labels.h - the labels of one dataset as the user edits them: base
 * labels from the file, changes from the journal, undo and redo.
 *
 * Every change goes to the journal (ll_journal.h) first and is applied in
 * memory only once it is on disk; if the write fails the label stays as it
 * was and the caller gets the error to show. One call to ll_labels_apply is
 * one user action and one undo step, however many rows it touches. Undo
 * and redo are themselves journalled (source "undo"/"redo"), so the journal
 * alone always reproduces what the user sees. The undo history covers the
 * current session.
 */
#ifndef LL_LABELS_H
#define LL_LABELS_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

/* Content hash of a row (ll_line_hash of its line), used to refuse journal
 * records whose line changed since they were written. */
typedef uint32_t (*ll_row_hash_fn)(void *ctx, size_t row);

struct ll_labels;

struct ll_labels *ll_labels_new(size_t nrows);
void ll_labels_free(struct ll_labels *l);
/* Rows may grow (a log still being indexed or appended to). */
int ll_labels_resize(struct ll_labels *l, size_t nrows);
size_t ll_labels_nrows(const struct ll_labels *l);

/* Classes: id of name, added if new (negative on OOM). */
int ll_labels_class_id(struct ll_labels *l, const char *name);
int ll_labels_find_class(const struct ll_labels *l, const char *name);
size_t ll_labels_nclasses(const struct ll_labels *l);
const char *ll_labels_class_name(const struct ll_labels *l, size_t cls);

/* The label a row has in the file itself (not journalled). */
int ll_labels_set_base(struct ll_labels *l, size_t row, int cls);
/* Current label of a row, or -1 (unlabelled). */
int ll_labels_get(const struct ll_labels *l, size_t row);
void ll_labels_counts(const struct ll_labels *l, size_t *counts, size_t *unlabelled);

/* Replays the journal at path over the base labels, then keeps it open for
 * appending. warn (optional) receives one message per skipped record. */
int ll_labels_attach_journal(struct ll_labels *l, const char *path, ll_row_hash_fn hash, void *hash_ctx,
			     void (*warn)(void *ctx, const char *msg), void *warn_ctx, struct ll_err *err);
/* The same replay without opening the journal for writing (read-only use:
 * later changes stay in memory only). */
int ll_labels_replay_journal(struct ll_labels *l, const char *path, ll_row_hash_fn hash, void *hash_ctx,
			     void (*warn)(void *ctx, const char *msg), void *warn_ctx, struct ll_err *err);
/* Path of the attached journal, NULL when none is open for writing. */
const char *ll_labels_journal_path(const struct ll_labels *l);
/* Records replayed, and records skipped as damaged or stale, at attach. */
size_t ll_labels_replayed(const struct ll_labels *l);
size_t ll_labels_skipped(const struct ll_labels *l);

/* Sets rows[0..n) to cls (-1 = unlabelled) as one action. Rows already
 * labelled cls are left out of the record. source is "key", "bulk",
 * "template", "import" or "review". Returns the number changed (>= 0) or a
 * negative status with err filled; nothing changes on failure. */
long ll_labels_apply(struct ll_labels *l, const size_t *rows, size_t n, int cls, const char *source,
		     struct ll_err *err);
/* Undo / redo one action; return rows changed, 0 when there is nothing to do. */
long ll_labels_undo(struct ll_labels *l, struct ll_err *err);
long ll_labels_redo(struct ll_labels *l, struct ll_err *err);
int ll_labels_can_undo(const struct ll_labels *l);
int ll_labels_can_redo(const struct ll_labels *l);

/* Rewrites the journal as one record per row whose label differs from its
 * base label (atomically). Undo history is kept. */
int ll_labels_compact(struct ll_labels *l, struct ll_err *err);

#endif
