/*
 * ds_review.h - the review-decision store DATA.review kept beside a dataset
 * (not in a run), shared by `loglab review` (cli/cli_review.c) and the TUI's
 * review queue (views/view_review.c) so both read and write one format.
 *
 * One decision a line, tab-separated, after a '#' header comment:
 *   # loglab review decisions v2: ...
 *   TIME<TAB>USER<TAB>ROW<TAB>HASH<TAB>confirm|dismiss<TAB>RUN<TAB>CLASS<TAB>CRC
 * TIME UTC ISO 8601, ROW 1-based, HASH the row text's hash as the label
 * journal records it (%08x), RUN and CLASS possibly empty, CRC the CRC-32
 * of everything before it on the line (as in the label journal). A (row,
 * hash) with any decision is not asked again, by any run, unless the
 * line's text changes. A missing file holds no decisions.
 *
 * Like the journal, the store survives its writers: a torn or damaged line
 * (a crash mid-write, a bad edit) is skipped with a warning naming
 * file:line, and the rest still loads; appends from several processes go
 * through one lock. Version 1 files (no CRC; RUN and CLASS may be missing)
 * still load, and the first append converts one to version 2.
 */
#ifndef DS_REVIEW_H
#define DS_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

struct ds_review_entry {
	char time[32];      /* as written, e.g. "2026-11-25T14:22:33Z" */
	char *user;
	size_t row;         /* 0-based */
	uint32_t hash;
	int confirm;        /* 1 confirm, 0 dismiss */
	char *run;          /* "" when none */
	char *cls;          /* "" when none */
};

struct ds_review {
	char *path;         /* DATA.review */
	struct ds_review_entry *e;
	size_t n, cap;
	char **warnings;    /* "FILE:LINE: skipped ...", one per skipped line */
	size_t nwarnings;
};

/* Where the decisions of dataset_path are kept: DATA.review beside a file
 * or folder; for a URL, beside its label journal in the user's data folder;
 * for a glob or several specs (a fleet without one path of its own), a
 * hidden .SPEC-HASH.review in the deepest folder every spec starts with.
 * NULL without memory. */
char *ds_review_path(const char *dataset_path);
/* Loads the decisions kept for dataset_path (from ds_review_path's file). */
int ds_review_load(const char *dataset_path, struct ds_review **out, struct ll_err *err);
/* Loads a store from an explicit file path. */
int ds_review_load_file(const char *path, struct ds_review **out, struct ll_err *err);
void ds_review_free(struct ds_review *s);
/* 1 when (row, hash) has a decision (row 0-based). */
int ds_review_decided(const struct ds_review *s, size_t row, uint32_t hash);
/* Appends one decision per row (hashes[i] for rows[i]) to the file with
 * one time stamp and the default journal user, under the file's lock, in
 * one write and one fdatasync, and adds them to s. */
int ds_review_append(struct ds_review *s, const size_t *rows, const uint32_t *hashes, size_t n, int confirm,
		     const char *run, const char *cls, struct ll_err *err);
/* Rewrites the whole file from s atomically (header and every entry). */
int ds_review_save(const struct ds_review *s, struct ll_err *err);

#endif
