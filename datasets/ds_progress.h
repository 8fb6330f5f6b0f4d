/*
 * ds_progress.h - a training's progress as a file in its run folder, so
 * that anything can follow a training it did not start: the TUI follows a
 * `loglab train` it launched through a workspace's "launch" command (e.g.
 * on MPI ranks, docs/scale.md), reading what rank 0 writes.
 *
 * RUN/progress.json, replaced atomically at most a few times a second and
 * at every epoch's end while training runs:
 *   {"epoch", "epochs", "batch", "batches", "loss", "epoch_loss",
 *    "dev_loss", "dev_metric", "samples_per_s", "eta_s", "epochs_done",
 *    "epoch_end" (1 when the report closes an epoch: "epoch" counts it),
 *    "ranks", "curves": {"loss": [...], "dev_loss": [...],
 *    "dev_metric": [...]}}   (one curve value per finished epoch;
 *    NaN is written as null)
 */
#ifndef DS_PROGRESS_H
#define DS_PROGRESS_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_train.h"

/* Curves of the finished epochs; each array may be NULL (then nulls). */
struct ds_progress_curves {
	size_t n;
	const double *loss, *dev_loss, *dev_metric;
};

int ds_progress_write(const char *run_dir, const struct ll_train_progress *p, int ranks,
		      const struct ds_progress_curves *c, struct ll_err *err);

/* Reads RUN/progress.json into p (curve pointers NULL) and up to cap curve
 * values into each non-NULL array; *n gets the epochs the curves hold
 * (at most cap). LL_EIO when there is no such file yet. */
int ds_progress_read(const char *run_dir, struct ll_train_progress *p, double *loss, double *dev_loss,
		     double *dev_metric, size_t cap, size_t *n, struct ll_err *err);

#endif
