/*
 * ds_fleet_table.h - a fleet (a folder or glob of logs merged on one
 * timeline, ds_fleet.h) as one loaded table and one fingerprint, so feature
 * sets, training, eval and predict run over the whole fleet.
 */
#ifndef DS_FLEET_TABLE_H
#define DS_FLEET_TABLE_H

#include "ds_reader.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_err.h"
#include "ll_table.h"

/* The fingerprint of every file of the fleet spec: SHA-256 of each file's
 * name (relative to the fleet's folder) and SHA-256, in file order; size
 * the sum of the files' sizes, mtime the newest. Each file's own
 * fingerprint is cached (ds_file_fingerprint). */
int ds_fleet_fingerprint(const char *spec, struct ds_fingerprint *fp, struct ll_err *err);

/* What the fleet's labels are: the SHA-256 over each file's journal state
 * (ds_journal_state_sha: the labels, not the journal's bytes) with the
 * file's name, in file order, for the files that have a journal; "" when
 * none has. The same value as ds_fleet_load_table's journal_sha for the
 * same files, so a run records it and `runs` can tell when it changes. */
int ds_fleet_labels_state_sha(const char *spec, char out[DS_SHA_HEX], struct ll_err *err);

/* The merged rows of the fleet spec as a table with the browser's columns
 * ("line", the format's fields, "host", "file") and labels: each file's
 * own, overlaid by each file's own journal (FILE.labels, read only).
 * journal_sha gets the SHA-256 over the journals that exist (name and
 * content hash), "" when none does. *reader (may be NULL) gets the fleet's
 * format. The table's meta "fleet" is "1". */
int ds_fleet_load_table(const char *spec, const struct ds_open_opts *opts, struct ll_table **out,
			const struct ds_reader **reader, char journal_sha[DS_SHA_HEX], struct ll_err *err);

#endif
