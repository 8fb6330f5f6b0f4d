/*
 * view_job.h - trainings started from the TUI: a queue of experiments run
 * one after another by one worker thread, so the UI never waits.
 *
 * A job trains one experiment of a workspace into a new run folder, the
 * same steps as `loglab train`: load and build the feature set
 * (ds_fs_load), build the model (ll_exp_new), train it (ll_train_run, with
 * a checkpoint after every epoch) or cluster it, score every sample,
 * and write the results (ds_results_write), the model and run.json.
 * The workspace file is read afresh when the job starts, so a hyper-
 * parameter edited while an earlier job ran is honoured.
 *
 * The queue is process-wide (there is one UI); its functions are called
 * from the UI thread only. Status snapshots are copied under a lock; the
 * worker never touches curses.
 */
#ifndef VIEW_JOB_H
#define VIEW_JOB_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_train.h"

enum view_job_state {
	VIEW_JOB_QUEUED,
	VIEW_JOB_LOADING,   /* building the feature set */
	VIEW_JOB_TRAINING,  /* epochs (or clustering) */
	VIEW_JOB_SAVING,    /* scoring and writing the run */
	VIEW_JOB_DONE,
	VIEW_JOB_FAILED,
	VIEW_JOB_CANCELLED
};

#define VIEW_JOB_CURVE_MAX 1024 /* epochs kept for the live chart */

struct view_job_status {
	enum view_job_state state;
	char experiment[128];
	char model[16];
	char stage[32];              /* loading: the build stage */
	double stage_fraction;       /* 0..1 */
	struct ll_train_progress p;  /* the latest training report (curve pointers NULL) */
	int has_progress;
	size_t ncurve;               /* finished epochs in the curves below */
	double loss[VIEW_JOB_CURVE_MAX], dev_loss[VIEW_JOB_CURVE_MAX], dev_metric[VIEW_JOB_CURVE_MAX];
	char run_id[128];            /* once the run folder exists */
	char ws_dir[4096];           /* the workspace it trains in */
	char message[512];           /* the error, or a one-line result ("test f1_macro 0.912") */
	char resume[128];            /* the run it continues, "" for a new run */
	int resumable;               /* cancelled, and its run can continue from its checkpoint */
	double elapsed_s;
};

/* Queues a training of experiment exp of the workspace in ws_dir; returns
 * the job's index (>= 0) or a negative status. */
int view_job_submit(const char *ws_dir, const char *exp, struct ll_err *err);
/* Queues the continuation of run (an id) of the workspace in ws_dir in its
 * own folder from its last checkpoint, as `loglab train --resume` does.
 * Refused (LL_EUSAGE, saying why) when the run cannot continue
 * (ds_run_resumable) or a job of the queue already works on it. Returns
 * the job's index (>= 0) or a negative status. */
int view_job_submit_resume(const char *ws_dir, const char *run, struct ll_err *err);
/* The latest queued or running job working on run id, or -1. */
long view_job_for_run(const char *run);
/* Jobs submitted so far (finished ones included), in order. */
size_t view_job_count(void);
/* Copies job i's status. 0 when i is out of range. */
int view_job_status(size_t i, struct view_job_status *st);
/* 1 when the run of job status st has its checkpoint on disk now, so that
 * a cancel leaves something R can continue from; read from the run folder,
 * not the job's state (the file may have been removed under the job). */
int view_job_checkpoint_kept(const struct view_job_status *st);
/* Asks job i to stop (a queued job is dropped, a running one stops at the
 * next batch; its run folder keeps status "cancelled"). */
void view_job_cancel(size_t i);
/* The latest job of experiment exp that is queued or running, or -1. */
long view_job_active(const char *exp);
/* 1 while a job is queued or running. */
int view_job_busy(void);
/* Waits (up to ms milliseconds, or until a change) for progress; used by
 * the views' work hooks when nothing else is to be done. */
void view_job_wait(int ms);
/* Cancels everything and joins the worker (when the UI quits). When
 * said is not NULL, it is called once for each job the shutdown cut short,
 * with that job's last status (a queued one never started: no run id), so
 * the UI can say which runs were kept and how to continue them. */
void view_job_shutdown(void (*said)(const struct view_job_status *st, void *ud), void *ud);

const char *view_job_state_name(enum view_job_state s);

#endif
