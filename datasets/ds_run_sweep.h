/*
 * ds_run_sweep.h - run folders that are no listed run: those whose
 * run.json cannot be read, and those of trainings killed before they
 * recorded the run.
 *
 * A training makes runs/ID/, locks it (train.lock) and writes log.txt,
 * then run.json. Killed before run.json, it leaves a folder every listing
 * passes over and nothing ever removed. The next `loglab train` or
 * `loglab runs` removes such folders, only when they are clearly that: a
 * run id's name (DATE-TIME-EXPERIMENT), no run.json, a train.lock no
 * process holds (taken here while the folder is removed) and untouched
 * for DS_RUN_ABANDONED_S seconds (a training between making its folder
 * and locking it is never taken for a dead one), holding only files.
 */
#ifndef DS_RUN_SWEEP_H
#define DS_RUN_SWEEP_H

#include <stddef.h>

#define DS_RUN_ABANDONED_S 60

struct ds_run_info;

/* The run folders of ws_dir/runs (none of runs[0, n), the runs listed)
 * whose run.json is there but cannot be read (cut short by a copy,
 * hand-edited): found (when not NULL) is told each one's id and the
 * problem ("PATH/run.json: not valid JSON"). Listings leave such a run out
 * and must say so. Returns how many. */
size_t ds_runs_unreadable(const char *ws_dir, const struct ds_run_info *runs, size_t n,
			  void (*found)(void *ctx, const char *id, const char *why), void *ctx);

/* Removes the abandoned unrecorded run folders of ws_dir/runs; removed
 * (when not NULL) is told each one's id. Returns how many went. */
size_t ds_runs_sweep_unrecorded(const char *ws_dir, void (*removed)(void *ctx, const char *id), void *ctx);

#endif
