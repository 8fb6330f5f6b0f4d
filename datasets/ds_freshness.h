/*
 * ds_freshness.h - is what a run or a view shows still current?
 *
 * A run is stale when its labels changed, but a journal grows with every
 * action, undo included: a label set and undone leaves the labels as they
 * were, and must not make runs stale. ds_journal_state_sha fingerprints
 * the journal's net effect instead of its bytes: the rows whose final
 * class differs from the class they had before the journal first touched
 * them, with that final class. A replay of the journal computes it; the
 * result is cached per journal (path, size, modification time).
 *
 * Views that list runs redraw when something under the workspace changed
 * (a run finished, loglab.json was edited, labels were journalled, in this
 * process or another): ds_workspace_signature is a cheap checksum of the
 * files' sizes and modification times, stat calls only.
 */
#ifndef DS_FRESHNESS_H
#define DS_FRESHNESS_H

#include <stdint.h>

#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_err.h"

/* The SHA-256 hex of the journal's net label changes ("" when the journal
 * is missing or changes nothing). LL_EIO when it cannot be read. */
int ds_journal_state_sha(const char *journal_path, char out[DS_SHA_HEX], struct ll_err *err);

/* A checksum of loglab.json, the runs (their run.json), the datasets and
 * their label journals as they are on disk now. ws may be NULL (then only
 * loglab.json and the runs). */
uint64_t ds_workspace_signature(const char *ws_dir, const struct ds_workspace *ws);

#endif
