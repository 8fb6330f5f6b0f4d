/*
 * ds_runs.h - runs of a workspace: runs/<id>/ folders holding everything
 * needed to trust, repeat and reuse one training of an experiment (layout
 * in docs/runs.md), and the feature-set loading they share with eval,
 * predict and review.
 *
 * A run id sorts by time: "20261125-142233-dnn" (local time of creation,
 * then the experiment's name made safe for a folder name), with "-2",
 * "-3", ... when that folder already exists (mkdir is the lock).
 *
 * Loading a feature set (ds_fs_load) reads the dataset, overlays its label
 * journal (DATA.labels) when there is one, mines log templates of the text
 * column with Drain's defaults (so predictions and the review queue can
 * name each line's template), fingerprints the data and the journal, and
 * builds the recipe. In "apply" mode the recipe of a finished run is
 * applied to other data with the run's fitted parameters instead of
 * fitting new ones: the whole table is one part, scaling comes from the
 * run's scaler, TF-IDF weights from its fit, templates are matched
 * against the run's Drain miner, and class names are mapped onto the
 * run's classes. Every sample of applied data is in the test part.
 *
 * Staleness: a run records the dataset's SHA-256, the journal's SHA-256
 * (or none), the SHA-256 of the canonical recipe text and of the resolved
 * experiment. ds_run_stale compares them with the workspace as it is now
 * and says what changed.
 */
#ifndef DS_RUNS_H
#define DS_RUNS_H

/* run.json lists feature names only for feature sets up to this width. */
#define DS_RUN_MAX_FEATURE_NAMES 4096

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "ds_sha256.h"
#include "ds_workspace.h"
#include "ll_tpl.h"
#include "ll_err.h"
#include "ll_experiment.h"
#include "ll_featmat.h"
#include "ll_sdet.h"
#include "ll_recipe.h"
#include "ll_table.h"

#define DS_SHA_HEX (2 * DS_SHA256_LEN + 1)
#define DS_RUN_ID_MAX 128

/* A loaded and built feature set. */
struct ds_fsdata {
	char *path;                     /* the data file read (local copy of a URL) */
	struct ll_table *t;
	struct ll_featmat fm;
	struct ll_recipe_manifest man;
	struct ll_tpl *tpl;             /* templates of the text column, or NULL */
	long *tids;                     /* template id of each table row, or NULL */
	int text_col;                   /* column mined for templates, -1 when none */
	uint64_t data_size;
	char data_sha[DS_SHA_HEX];
	char journal_sha[DS_SHA_HEX];   /* "" when the dataset has no journal */
	char labels_state_sha[DS_SHA_HEX]; /* the journal's net changes (ds_freshness.h); "" none */
	char labels_sha[DS_SHA_HEX];    /* explicit label file and journal combined; "" when neither */
	char fingerprint[DS_SHA_HEX];   /* ds_featureset_fingerprint */
	char recipe_sha[DS_SHA_HEX];    /* SHA-256 of ll_recipe_format */
	/* the recipe as built: the one given, with the defaults the data
	 * decides (ll_recipe_resolve_defaults); the fingerprint and recipe_sha
	 * are of the one given, which with the data decides this one */
	struct ll_recipe recipe;
	size_t unknown_class;           /* apply mode: samples whose class the run never saw */
	/* apply mode: those classes (names, samples of each, and whether the
	 * recipe's ordinary names make each ordinary: 0, root cause: 1, or
	 * cannot tell: -1, when the run names no ordinary class); and each
	 * sample's root-cause truth by that (fm.n entries, -1 for the
	 * others; ll_exp_metrics_rc), NULL when there are none; and each
	 * sample's index into unseen_names (-1 for the others: predictions.tsv
	 * names its true class), NULL when there are none */
	size_t n_unseen;
	char **unseen_names;
	size_t *unseen_samples;
	signed char *unseen_rc;
	signed char *unseen_truth;
	int *unseen_of;
	/* apply mode: the run's value columns (ds_onehot.h) this data lacks,
	 * zeros; and this data's values the run never saw, left out */
	size_t values_missing, values_unseen;
	/* apply mode: the text read where the run's is not in this data
	 * (ll_recipe_text_column_apply): a run of log lines over records
	 * without them (JSON) reads their message column, one of a column
	 * this data lacks its own text; the column read, and the run's
	 * (text_was, "" for log lines); text_from "" when as trained */
	char text_from[LL_RECIPE_STR], text_was[LL_RECIPE_STR];
};

/* What a finished run gives to apply mode (from the run folder). */
struct ds_fit {
	char *scaler_text;   /* or NULL */
	char *imputer_text;  /* nan "mean": the training means; or NULL */
	char *tfidf_text;    /* or NULL */
	struct ll_tpl *tpl;  /* or NULL */
	size_t nclasses;
	char **classes;
	/* the run's feature names (run.json), to line another dataset's
	 * features up with them (ds_onehot_align); NULL when not kept */
	size_t nnames;
	char **names;
};

/* The table of the local dataset at path (a file, or a fleet's folder or
 * glob) as ds_fs_load reads it before building: its labels (format and
 * labels as ds_open_opts' may be NULL) with its label journal replayed
 * over them, and a log's message field as the meta "text_column". So a
 * preview counts the labels training will. journal_sha as ds_fsdata's;
 * *out is the caller's (ll_table_free). */
int ds_fs_load_table(const char *path, const char *format, const char *labels, struct ll_table **out,
		     char journal_sha[DS_SHA_HEX], struct ll_err *err);

typedef int (*ds_fs_progress_fn)(void *ctx, const char *stage, double fraction);

/* Loads path (format/labels may be NULL) and builds recipe r. fit NULL:
 * fit on the training part as the recipe says; else apply mode (above). */
int ds_fs_load(const char *path, const char *format, const char *labels, const struct ll_recipe *r,
	       const struct ds_fit *fit, struct ds_fsdata *out, ds_fs_progress_fn progress, void *ctx,
	       struct ll_err *err);
/* ds_fs_load fitting afresh, for `loglab build`: an error of the recipe
 * names the feature set ("featuresets.NAME.KEY: ...") as the workspace
 * file would, since that is where the user fixes it. */
int ds_fs_load_named(const char *fsname, const char *path, const char *format, const char *labels,
		     const struct ll_recipe *r, struct ds_fsdata *out, struct ll_err *err);
void ds_fsdata_free(struct ds_fsdata *f);
/* Prints to out, one line each, what apply mode lined up (values_missing,
 * values_unseen), naming the data as name. */
void ds_fsdata_print_notes(FILE *out, const char *name, const struct ds_fsdata *f);

/* The experiment of a workspace as an ll_exp_cfg. */
void ds_exp_cfg_from_ws(const struct ds_ws_experiment *x, struct ll_exp_cfg *c);
/* Canonical JSON of an experiment (a new cJSON *, caller deletes), and back. */
void *ds_exp_cfg_to_json(const struct ll_exp_cfg *c, const char *name, const char *featureset);
int ds_exp_cfg_from_json(const void *obj, struct ll_exp_cfg *c, struct ll_err *err);
/* SHA-256 hex of the canonical JSON of c. */
void ds_exp_cfg_sha(const struct ll_exp_cfg *c, char out[DS_SHA_HEX]);
/* ordinary[c] for each class name of m: 1 when the recipe counts it as
 * ordinary (binary target: the class "ordinary"; else the recipe's
 * ordinary names, case-insensitive). Caller frees. */
unsigned char *ds_ordinary_flags(const struct ll_recipe *r, const char *const *classes, size_t n);

/* Creates WS/runs/<id>/ for experiment exp at time now; id gets the name. */
int ds_run_create(const char *ws_dir, const char *exp, time_t now, char id[DS_RUN_ID_MAX], char **dir,
		  struct ll_err *err);
/* A run folder that never got its run.json (the training failed before
 * recording anything: a full disk, a refused lock) holds nothing a user
 * can open or resume: its files (log.txt, train.lock, fitted scalers) and
 * the folder are removed, so runs/ keeps no folders `loglab runs` cannot
 * list. 1 when removed, 0 when it has a run.json or cannot be removed. */
int ds_run_discard_unrecorded(const char *dir);
/* Folder of run id (an id, or a path to a run folder). Caller frees. */
char *ds_run_dir(const char *ws_dir, const char *id);

/* A run as listed. */
struct ds_run_info {
	char id[DS_RUN_ID_MAX];
	char *dir;
	void *json;          /* the parsed run.json (cJSON *) */
	void *metrics;       /* the parsed metrics.json or NULL */
	const char *experiment, *featureset, *status, *model;
	double created, duration_s;
	int stale;
	char why[512];       /* what changed, "" when not stale */
};
void ds_run_info_free(struct ds_run_info *r);
/* Reads one run folder (run.json, metrics.json). */
int ds_run_read(const char *dir, struct ds_run_info *out, struct ll_err *err);
/* Every run of the workspace, sorted by id; stale checked when ws != NULL. */
int ds_runs_list(const char *ws_dir, const struct ds_workspace *ws, struct ds_run_info **out, size_t *n,
		 struct ll_err *err);
void ds_runs_free(struct ds_run_info *runs, size_t n);
/* Compares a run's record with the workspace now: 1 stale (why says what
 * changed), 0 current, negative on error. */
int ds_run_stale(const struct ds_workspace *ws, const struct ds_run_info *r, char *why, size_t cap);

/* Reads a whole file (NUL-terminated); caller frees. */
int ds_read_text(const char *path, char **text, size_t *len, struct ll_err *err);
/* Writes text to path atomically (temp file, fsync, rename). */
int ds_write_text(const char *path, const char *text, size_t len, struct ll_err *err);
/* Reads a JSON file (a new cJSON *). */
int ds_read_json(const char *path, void **out, struct ll_err *err);
int ds_write_json(const char *path, const void *json, struct ll_err *err);

/* ---- writing a run folder: `loglab train` and the TUI's training queue
 * (views/view_job.c) both write through these, so their runs have the same
 * files and the same run.json keys (docs/runs.md). */

/* What a new run's record says (run.json, status "running"). */
struct ds_run_rec {
	const char *id, *experiment, *featureset;
	const char *source;          /* "cli" or "tui": who trained it */
	const char *dataset_name;    /* the workspace's name of the dataset */
	const char *dataset_format, *dataset_labels; /* or NULL */
	const char *recipe_dataset;  /* the recipe's "dataset" */
	const struct ll_recipe *recipe;
	const struct ll_exp_cfg *cfg;
	const struct ds_fsdata *fs;
	double created;              /* Unix seconds */
};
/* The record as a new cJSON * (caller deletes), or NULL when out of memory.
 * "features" has the shape, part sizes and "names" (the featmat's feature
 * names, null where a feature has none). */
void *ds_run_record(const struct ds_run_rec *a);
/* Replace one key of a record. */
void ds_run_set_str(void *rec, const char *key, const char *value);
void ds_run_set_num(void *rec, const char *key, double value);
/* How the model was fitted, into rec: "epochs_done", "resumed_from_epoch"
 * and "stop_reason" (ll_train_stop_name) for a trained model (hist), "k"
 * for k-means, "solver" {iterations, converged, stop, loss} for logistic
 * regression. */
void ds_run_record_fit(void *rec, const struct ll_exp *e, const struct ll_train_result *hist);
/* run.json's "review": how the review scores were cross-fitted (folds
 * asked, fitted and skipped, samples scored out of fold, seconds). */
struct ll_crossfit_result;
void ds_run_record_review(void *rec, size_t folds, const struct ll_crossfit_result *cf, double seconds);
/* Writes rec as DIR/run.json (atomically). err may be NULL. */
int ds_run_save_record(const char *dir, const void *rec, struct ll_err *err);
/* Writes the fitted parameters eval and predict re-apply: scaler.txt,
 * imputer.txt, tfidf.txt, templates.txt (those the feature set has). */
int ds_run_save_fit(const char *dir, const struct ds_fsdata *fs, struct ll_err *err);
/* DIR/checkpoint.llm (caller frees). */
char *ds_run_checkpoint_path(const char *dir);

/* DIR/log.txt, appended line by line with a local time stamp. */
struct ds_run_log {
	FILE *f;
};
/* Opens (appends); a log that cannot be opened stays silent (f NULL). */
void ds_run_log_open(struct ds_run_log *l, const char *dir);
void ds_run_logf(struct ds_run_log *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ds_run_log_close(struct ds_run_log *l);

/* Everything needed to apply a finished run: its experiment, recipe,
 * dataset record, fitted parameters and model. */
struct ds_run {
	char *dir;
	void *json;               /* run.json */
	struct ll_exp_cfg cfg;
	struct ll_recipe recipe;
	struct ds_fit fit;
	struct ll_exp *model;     /* NULL for a detector's run */
	struct ll_sdet *detector; /* a detector's run (run.json has "detector"), else NULL */
	unsigned char *ordinary;  /* fit.nclasses flags */
	const char *dataset_path, *dataset_format, *dataset_labels, *fingerprint;
};
/* Opens a finished run with its classifier or k-means model; a series
 * detector's run is LL_EUSAGE (it has no classes). ds_run_open_any also
 * opens detectors' runs (model NULL, detector set). */
int ds_run_open(const char *ws_dir, const char *id, struct ds_run *out, struct ll_err *err);
int ds_run_open_any(const char *ws_dir, const char *id, struct ds_run *out, struct ll_err *err);
void ds_run_close(struct ds_run *r);

/* Results of a training or evaluation as files in dir: metrics.json
 * (deterministic: no times), curves.json, roc.csv, pr.csv, loss.csv,
 * elbow.csv, predictions.tsv. hist may be NULL. Returns the metrics
 * document (cJSON *) in *metrics when not NULL. Its "warnings" list what
 * the numbers need read with: the model's (ll_exp_warnings) and each part
 * that lacks a class (whose precision, recall and F1 are 0 by convention
 * and still count in the macro averages). */
struct ds_results {
	const struct ll_exp_cfg *cfg;
	struct ll_exp *model;
	const struct ds_fsdata *fs;
	const struct ll_exp_pred *pred;
	const unsigned char *ordinary;
	const struct ll_train_result *hist;
	/* out-of-fold probabilities for the review column, or NULL */
	const struct ll_crossfit_result *review;
};
int ds_results_write(const char *dir, const struct ds_results *res, void **metrics, struct ll_err *err);
/* The metrics document alone (cJSON *). */
int ds_results_metrics(const struct ds_results *res, void **metrics, struct ll_err *err);

#endif
