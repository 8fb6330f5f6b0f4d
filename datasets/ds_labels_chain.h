/*
 * ds_labels_chain.h - labels that follow their lines through a rotation.
 *
 * Why. Labels are journalled beside the path (app.log.labels), each record
 * with its line's number and hash. When logrotate renames app.log to
 * app.log.1 (and later app.log.2.gz), the lines keep their numbers and
 * bytes but their journal stays under the old name: app.log.1 opened
 * alone showed none of the labels given to its lines, and a browser that
 * kept labelling the rotated rows wrote them to app.log.labels too.
 *
 * So a file opened with its default journal also reads the journals of
 * the younger names of its rotation chain (ds_fleet_chain_of: the same
 * folder and chain key, a smaller age: a line moves from app.log to
 * app.log.1, never back; beside the files or kept apart for a read-only
 * folder), including names no file has any more. Their records whose line
 * has the same hash in this file are its labels, as if the file carried
 * them (the base its own journal's changes and undo apply over); the
 * others are another file's and are passed over without a warning.
 * Nothing is moved or rewritten: each journal stays the one its labeller
 * wrote, so concurrent labellers, read-only folders and a journal that
 * holds lines of two files (app.log.labels: the old app.log's, now
 * app.log.1's, and the new app.log's) lose nothing. New labels of a file
 * go to its own journal, which the chain finds again after the next
 * rotation. Chain journals are read when the labels are opened (their
 * later changes show at the next opening).
 */
#ifndef DS_LABELS_CHAIN_H
#define DS_LABELS_CHAIN_H

#include <stddef.h>

#include "ds_dataset.h"
#include "ll_labels.h"

/* The journals of the younger names of file's rotation chain that exist
 * (own excluded), the youngest name's first (see ds_labels_chain.c), into
 * *out (each and the array malloc'd); the count, 0 when none (or a URL,
 * no memory). */
size_t ds_labels_chain_journals(const char *file, const char *own, char ***out);
void ds_labels_chain_free(char **paths, size_t n);

/* The notes ds_labels_chain_apply gives warn open with this, so a caller
 * can tell them from warnings about damaged or stale records. */
#define DS_LABELS_CHAIN_NOTE "rotation: "
int ds_labels_chain_is_note(const char *msg);

/* Applies, as base labels of l, the records of the chain journals of
 * file (own excluded) whose line has the same hash among the nlines lines
 * of file (line i is l's row rows[i], or row i when rows is NULL). One
 * warn message per journal that gave labels says how many and from where.
 * LL_OK, or LL_ENOMEM with err set. */
int ds_labels_chain_apply(struct ds_dataset *ds, struct ll_labels *l, const char *file, const char *own,
			  const size_t *rows, size_t nlines, void (*warn)(void *ctx, const char *msg), void *warn_ctx,
			  struct ll_err *err);

#endif
