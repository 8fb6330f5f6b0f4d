/*
 * view_res.h - the results views of a workspace's runs (DESIGN.md journeys
 * 2 and 3) and what they share.
 *
 *   runs       table of runs; Space selects, c compares, Enter opens results
 *   compare    metrics side by side and the diff of the runs' recipes
 *   confusion  confusion matrix + classification report; Enter drills in
 *   roc        ROC and PR curves overlaid, threshold cursor with live matrix
 *   clusters   k-means: class x cluster table, sizes, centroids, elbow
 *   curves     training curves (loss, dev loss, dev accuracy) overlaid
 *   review     suspected new root causes: confirm, dismiss, retrain
 *   hits       a list of a run's lines (a confusion cell, a template's
 *              suspects) with scores; class keys relabel, Enter shows the
 *              line in the browser
 *
 * A run's results are read through the datasets layer once per view: run.json
 * and metrics.json (ds_run_read), the classes and their ordinary flags
 * (ds_run_open), and predictions.tsv (ds_load as a CSV table). Lines and
 * labels come from the run's dataset: the tui's own when it is the same file
 * (then the browser's labelling session is shared, so a relabel in a results
 * view is the same undo history), else a dataset and session of the views'
 * own, opened on first need.
 */
#ifndef VIEW_RES_H
#define VIEW_RES_H

#include <stddef.h>
#include <stdint.h>

#include "ds_runs.h"
#include "tui.h"
#include "view.h"
#include "view_labels.h"

/* arg: const char * the workspace folder (holding loglab.json) */
extern const struct view_ops view_runs_ops;
/* arg: const struct view_res_arg * for the others */
extern const struct view_ops view_compare_ops;
extern const struct view_ops view_confusion_ops;
extern const struct view_ops view_roc_ops;
extern const struct view_ops view_clusters_ops;
extern const struct view_ops view_curves_ops;
extern const struct view_ops view_review_ops;
extern const struct view_ops view_hits_ops; /* arg: const struct view_hits_arg * */
/* a detector run's evaluation (view_anomaly.c); arg: view_res_arg, one run */
extern const struct view_ops view_anomaly_ops;

#define VIEW_RES_MAX_RUNS VIEW_SHOWN_RUNS_MAX /* runs overlaid in one chart (view_chart's series) */

/* What a results view is opened on: a workspace and one or more run ids. */
struct view_res_arg {
	const char *ws;            /* workspace folder */
	const char *const *ids;    /* run ids (or run folders) */
	size_t nids;
	struct view_lab *lab;      /* the browser's session, or NULL */
};

/* The shared context: the workspace and where lines and labels come from. */
struct view_res_ctx {
	char *ws;
	struct view_lab *lab;     /* the session in use (borrowed or own) */
	struct view_lab *own_lab; /* made here when the tui's dataset is another file */
	struct ds_dataset *own_ds;
	struct view_lab *tui_lab; /* the browser's session, if any (borrowed) */
};

/* One run's results. */
struct view_res_run {
	struct ds_run_info info;   /* run.json + metrics.json */
	char *dataset_path;        /* the run's data file */
	char *dataset_format;      /* its format, or NULL to detect */
	char *dataset_labels;      /* its explicit label file, or NULL */
	int kmeans;
	size_t k;                  /* classes (classifier) */
	char **classes;
	char **shown;              /* k names as printed (view_shown: a tab as \t) */
	unsigned char *ordinary;   /* k flags */
	size_t nclusters;          /* k-means */
	/* predictions.tsv, one entry per sample */
	size_t n;
	size_t *row;               /* 0-based row of the dataset */
	int *part;                 /* 0 train, 1 dev, 2 test */
	int *y;                    /* true class id, -1 unlabelled */
	int *pred;                 /* predicted class or cluster */
	double *score;             /* root-cause score (k-means: squared distance) */
	double *review;            /* the review queue's score: out of fold where the run
				    * cross-fitted (ll_crossfit.h), else score */
	int review_oof;            /* some review score differs from its score */
	long *tpl;                 /* template id or -1 */
	int curves_part;           /* the part metrics.json reports curves for */
};

/* Loads run id of workspace ws. */
int view_res_run_load(const char *ws, const char *id, struct view_res_run **out, struct ll_err *err);
void view_res_run_free(struct view_res_run *r);
/* Sorts sample indexes by root-cause score, highest first (ties by row). */
void view_res_sort_by_score(const struct view_res_run *r, size_t *samples, size_t n);
/* The same by another per-sample key (r->review). */
void view_res_sort_by(const struct view_res_run *r, const double *key, size_t *samples, size_t n);
/* The metrics object of a part ("test", ...) of metrics.json, or NULL. */
const void *view_res_part_metrics(const struct view_res_run *r, int part);
/* A number at a dotted path of a cJSON object ("root_cause.auroc"); NaN if absent. */
double view_res_num(const void *json, const char *path);

int view_res_ctx_init(struct view_res_ctx *c, const char *ws, struct view_lab *tui_lab, struct ll_err *err);
void view_res_ctx_free(struct view_res_ctx *c);
/* The labelling session for the run's dataset (opening it when needed);
 * NULL after showing an error. Labels may still be loading (view_lab_poll). */
struct view_lab *view_res_lab(struct view_res_ctx *c, struct tui *t, const struct view_res_run *r);

/* The workspace holding the current folder (or a parent), else the one
 * holding the tui's dataset; 0 when none (buf empty). */
int view_res_find_ws(struct tui *t, char *buf, size_t cap);

/* The ':' commands of the results views, for the browser and others:
 * runs [WS], review RUN, roc RUN..., confusion RUN, clusters RUN, curves
 * RUN..., compare RUN RUN...; 1 when cmd was one of them. lab: the
 * browser's session or NULL. */
int view_res_command(struct tui *t, struct view_lab *lab, const char *ws, const char *cmd);

/* Pushes the runs view of ws; lab (may be NULL) is the browser's session,
 * handed on to the results views opened from it. */
int view_runs_push(struct tui *t, const char *ws, struct view_lab *lab);

/* Pushes a results view on run ids (its kind's default view when ops is NULL). */
int view_res_open(struct tui *t, const struct view_ops *ops, const char *ws, const char *const *ids, size_t nids,
		  struct view_lab *lab);

/* Watching a workspace for changes made behind a view's back (a training
 * finished, loglab.json edited, labels journalled, here or by another
 * process): views that show runs call view_watch_poll from their work
 * hook. It returns 1 when the view should reload. It checks the files'
 * stat signature (ds_freshness.h) at most a few times a second; *busy is
 * set when the loop should keep calling (waiting on the keyboard up to a
 * quarter second meanwhile, so the view repaints by itself as on htop);
 * with a key script it is set only while a training runs. */
struct view_watch {
	uint64_t sig;
	int primed;
	double last_ms;
};
int view_watch_poll(struct view_watch *w, struct tui *t, const char *ws_dir, int *busy);
/* Records the signature as it is now: called before a reload reads the
 * files, so that a change made during the read shows at the next poll. */
void view_watch_reset(struct view_watch *w, const char *ws_dir);

/* What a sample stands for when the run's recipe groups rows into samples
 * (view_res_span.c): the hits view shows the run's own label and the span. */
struct view_res_span {
	int grouped;     /* buckets, windows or sessions: a sample is more than its row */
	int session;     /* session windows: no time span */
	double interval; /* down-sampled: the bucket's length (s), else 0 */
	double seconds;  /* the sample's length (s), 0 when counted in rows */
	size_t rows;     /* a row window without down-sampling: its rows */
};
void view_res_span_init(struct view_res_span *sp, const struct view_res_run *r);
/* "10:05-10:06" for the sample whose first source row is row; "" unknown. */
void view_res_span_text(const struct view_res_span *sp, struct ds_dataset *ds, size_t row, char *buf, size_t cap);

/* Lines of a run for the hits view. */
struct view_hits_arg {
	struct view_res_ctx *ctx;     /* borrowed */
	const struct view_res_run *run; /* borrowed */
	const size_t *samples;        /* indexes into run's predictions */
	size_t n;
	const char *title;
};

#endif
