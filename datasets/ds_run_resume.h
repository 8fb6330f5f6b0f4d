/*
 * ds_run_resume.h - continuing a run cut short (cancelled, failed, or
 * killed while "running") in its own folder from its last checkpoint:
 * `loglab train --resume RUN` and the runs view's resume key (TUI) both go
 * through these, so they accept and refuse the same runs with the same
 * words.
 *
 * A resumed run rebuilds its feature set from the experiment and recipe
 * recorded in its run.json (not from loglab.json as it is now) and reads
 * its data as it did at first; data or labels whose fingerprint changed are
 * refused (ds_resume_same_data), since the checkpoint describes a model of
 * other samples.
 *
 * `loglab train --resume` takes any run not finished: a model without
 * checkpoints (k-means, logistic regression) is fitted again from the
 * start, as is a run stopped before its first epoch ended. The TUI offers
 * only what continues (ds_run_resumable): its resume key promises work
 * kept, and says otherwise to train the experiment anew.
 *
 * A training holds its run's lock (RUN/train.lock, an flock) for as long as
 * it works on the folder, so that a killed run (status still "running", its
 * lock gone with its process) can be told from one training now, and two
 * processes never train into one folder.
 */
#ifndef DS_RUN_RESUME_H
#define DS_RUN_RESUME_H

#include "ds_runs.h"

/* What an interrupted run recorded, to train it on. The strings point
 * into old and live until ds_resume_free. */
struct ds_resume {
	void *old;                    /* run.json as the run left it (cJSON *) */
	char *dir;                    /* the run folder */
	char id[DS_RUN_ID_MAX];
	struct ll_exp_cfg cfg;        /* the experiment as recorded */
	struct ll_recipe recipe;      /* the recipe as recorded */
	const char *experiment, *featureset;
	const char *recipe_dataset;   /* the recipe's "dataset" (the workspace's name), "" when none */
	const char *path;             /* the data as first read; NULL when not recorded */
	const char *format, *labels;  /* or NULL */
	double created;               /* the run's creation (Unix seconds) */
	double prior_train_s;         /* training seconds before the interruption */
};

/* Reads run id (an id, or a run folder's path) of the workspace in ws_dir
 * for resuming: LL_EUSAGE when there is no such run or it already
 * finished or is a series detector's (no checkpoints), LL_EDATA when its
 * run.json lacks what a resume needs.
 * r is cleared first; free it with ds_resume_free either way. */
int ds_resume_open(const char *ws_dir, const char *id, struct ds_resume *r, struct ll_err *err);
/* LL_OK when the rebuilt feature set's fingerprint (DS_SHA_HEX chars) is
 * the recorded one, or that of the recorded recipe when the data decided
 * some of its defaults (run.json's recorded_recipe_fingerprint): then
 * fingerprint becomes the run's featureset_fingerprint, the one its
 * checkpoint and model carry. Else LL_EDATA saying the run was made from
 * other data or labels. */
int ds_resume_same_data(const struct ds_resume *r, char *fingerprint, struct ll_err *err);
void ds_resume_free(struct ds_resume *r);

/* Whether the run in dir (its parsed run.json: json, a cJSON *) can be
 * resumed now: LL_OK, or LL_EUSAGE saying why not (finished; a model
 * without checkpoints: k-means, logistic regression, a detector; no
 * checkpoint yet; training now). err may be NULL. */
int ds_run_resumable(const char *dir, const void *json, struct ll_err *err);

/* Takes the run's lock for a training (*fd gets its descriptor, -1 on
 * error): LL_EUSAGE when another training holds it (the message names its
 * process), LL_EIO when it cannot be made. The lock ends with
 * ds_run_unlock or the process. */
int ds_run_lock(const char *dir, const char *id, int *fd, struct ll_err *err);
void ds_run_unlock(int fd);
/* The training holding the run's lock: its process id, -1 when the holder
 * is not known, 0 when none holds it. */
long ds_run_lock_holder(const char *dir);

#endif
