/*
 * cli_detect.h - `loglab train` and `loglab eval` for series detectors
 * (experiments whose model is "detector"); see cli_detect.c.
 */
#ifndef CLI_DETECT_H
#define CLI_DETECT_H

#include "ds_runs.h"
#include "ds_workspace.h"

/* Trains x and writes its run folder (its id also to id_file, may be
 * NULL); returns the exit code. */
int cli_detect_train(struct ds_workspace *ws, const struct ds_ws_experiment *x, int json, int quiet,
		     const char *id_file);
/* Scores the series at path with run's detector into outdir (exists);
 * name is what the output calls the data. Returns the exit code. */
int cli_detect_eval(struct ds_run *run, const char *runid, const char *name, const char *path, const char *format,
		    const char *labels, const char *outdir, int json);

#endif
