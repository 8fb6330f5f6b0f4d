/*
 * ds_labels.h - a dataset's editable labels: the labels its file carries,
 * overlaid with the label journal kept beside it.
 *
 * The journal of DATA is DATA.labels unless the caller names another path
 * or DATA's folder is read-only (then in the user's data folder, below); a
 * URL's journal is kept in
 * $XDG_DATA_HOME/loglab/labels/ (default ~/.local/share/loglab/labels/). Every row's content hash is
 * the hash of its text as ds_dataset_row_text gives it, so a journal record
 * never lands on a line that changed.
 */
#ifndef DS_LABELS_H
#define DS_LABELS_H

#include "ds_dataset.h"
#include "ll_err.h"
#include "ll_labels.h"

/* "<dataset path>.labels"; caller frees. NULL on OOM. When that file does
 * not exist and the data's folder cannot be written (a read-only mount,
 * /var/log for a user), or the file's journal is there already, the
 * journal is kept apart in the user's data folder:
 * labels/apart/<name>-<hash of its absolute path>.labels. */
char *ds_labels_default_path(const char *dataset_path);
/* 1 when journal (from ds_labels_default_path) is kept apart from the
 * file, for the note that says where labels go. */
int ds_labels_kept_apart(const char *dataset_path, const char *journal);
/* How many files of a fleet keep their journals apart (their folders are
 * read-only), for the note; first gets the first such journal's path
 * (cap bytes). 0 for a dataset that is no fleet. */
size_t ds_labels_fleet_apart(const struct ds_dataset *ds, char *first, size_t cap);

/* The folder of journals kept apart (labels/apart in the user's data
 * folder) into dir. */
void ds_labels_apart_folder(char *dir, size_t cap);

/* LL_EUSAGE: standard input ("-") has no file to keep a journal beside. */
int ds_labels_refuse_stdin(struct ll_err *err);

/* A fleet (ds_dataset_fleet) with journal_path NULL or its title's default
 * keeps each file's labels in that file's own journal (see ds_labels.c).
 * Waits for the dataset's row count to be complete, builds the label state
 * (classes and base labels from the file), replays and attaches the
 * journal (journal_path NULL = the default); writable 0 only reads it, so
 * a read-only folder is no error. Replay warnings go to warn.
 * On failure nothing is returned and err says why (e.g. a read-only folder:
 * LL_EIO naming the journal path). */
int ds_labels_open(struct ds_dataset *ds, const char *journal_path, int writable, struct ll_labels **out,
		   void (*warn)(void *ctx, const char *msg), void *warn_ctx, struct ll_err *err);

/* Hash of row's text (what the journal records). */
uint32_t ds_labels_row_hash(struct ds_dataset *ds, size_t row);

/* A number that changes whenever the default journal of dataset_path is
 * written, replaced or removed (from one stat; 0 when there is none), for
 * views that redo something costly only when labels changed. */
uint64_t ds_labels_journal_stamp(const char *dataset_path);
/* The same over every dataset of a workspace (runs' stale marks depend on
 * their journals). */
struct ds_workspace;
uint64_t ds_labels_workspace_stamp(const struct ds_workspace *ws);

#endif
