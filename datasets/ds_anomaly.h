/*
 * ds_anomaly.h - a detector run's evaluation as the anomaly view shows it:
 * RUN/eval-NAME/scores.tsv (step, label, raw, score, alarm) and the
 * metrics.json beside it (threshold, figures, and per labelled segment
 * its labelled dimensions and the dimensions ranked by contribution),
 * both written by `loglab eval` (cli/cli_detect.c).
 *
 * Ownership: everything in struct ds_anomaly is owned by it
 * (ds_anomaly_free).
 */
#ifndef DS_ANOMALY_H
#define DS_ANOMALY_H

#include <stddef.h>

#include "ll_err.h"

#define DS_ANOMALY_TOP 10 /* ranked dimensions kept per segment */

struct ds_anomaly_segment {
	size_t start, end;              /* steps, inclusive */
	size_t nlabelled;
	int *labelled;                  /* 1-based dimensions */
	size_t nranked;                 /* up to DS_ANOMALY_TOP */
	int ranked[DS_ANOMALY_TOP];     /* 1-based, highest contribution first */
	double contribution[DS_ANOMALY_TOP];
	char *names[DS_ANOMALY_TOP];    /* metric names, or NULL */
};

struct ds_anomaly {
	char *eval_dir;                 /* the eval folder read */
	char *dataset;                  /* what was evaluated */
	char *detector;                 /* "ae" / "kmeans" */
	size_t n;
	double *score;                  /* n calibrated scores */
	int *label;                     /* n: 1 anomalous, 0 normal, -1 unknown */
	double threshold;
	/* figures; NaN when absent */
	double best_point_adjusted_f1, point_adjusted_f1, auroc, hitrate_150;
	size_t nsegs;
	struct ds_anomaly_segment *segs;
};

/* Reads the newest eval-* folder of run_dir that has scores.tsv (or
 * eval_dir itself when it is one). LL_EUSAGE when the run has no
 * evaluation (naming the command that makes one), LL_EDATA for a damaged
 * file (naming file and line). */
int ds_anomaly_read(const char *run_dir, struct ds_anomaly *out, struct ll_err *err);
void ds_anomaly_free(struct ds_anomaly *a);

#endif
