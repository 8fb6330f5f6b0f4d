/*
 * ds_workspace.h - the workspace file, loglab.json: datasets, feature sets
 * and experiments declared by name (schema in docs/workspace.md).
 *
 *   { "version": 1,
 *     "datasets":    { NAME: {"path" | "url", "format"?, "labels"?, "header"?} },
 *     "featuresets": { NAME: {"dataset": NAME, ...recipe keys...} },
 *     "experiments": { NAME: {"featureset": NAME, "model": "mlp" | "lstm" |
 *                             "kmeans" | "logreg" (the default), hyper-parameters, "seed"} } }
 *
 * Loading validates everything and names the key path of the first
 * problem: "loglab.json: featuresets.dstat.window.size: must be a positive
 * integer, got -3". Unknown keys are errors with a did-you-mean. Relative
 * paths are resolved against the workspace folder.
 *
 * The parsed JSON document is kept, so a tool edit changes values in place
 * and saving keeps the file's key order (hand edits and tool edits
 * coexist; whitespace is re-indented). Saving is atomic: a temporary file in
 * the same folder, fsync, rename over loglab.json, fsync of the folder.
 *
 * Fingerprints: a dataset's is its size, mtime and the SHA-256 of its
 * content (cached in memory by path, size and mtime, so asking twice costs
 * one stat); a feature set's is the SHA-256 of the canonical recipe text
 * (ll_recipe_format) and the dataset's content hash.
 */
#ifndef DS_WORKSPACE_H
#define DS_WORKSPACE_H

#include <stddef.h>
#include <stdint.h>

#include "ds_sha256.h"
#include "ll_err.h"
#include "ll_recipe.h"

struct ds_open_opts;

#define DS_WORKSPACE_FILE "loglab.json"
#define DS_WS_MAX_HIDDEN 16

struct ds_ws_dataset {
	char *name;
	char *path;   /* absolute path, or the URL */
	int is_url;
	char *format; /* NULL = detect; "log:PATTERN" when the dataset gives a header */
	char *labels; /* absolute path of an explicit label file, or NULL */
};

struct ds_ws_featureset {
	char *name;
	char *dataset; /* a dataset name of the workspace */
	struct ll_recipe recipe;
};

enum ds_ws_model { DS_MODEL_MLP, DS_MODEL_LSTM, DS_MODEL_KMEANS, DS_MODEL_LOGREG, DS_MODEL_DETECTOR };

struct ds_ws_experiment {
	char *name;
	char *featureset;
	enum ds_ws_model model;
	/* mlp: widths of the hidden layers; lstm: hidden[0] units, layers */
	size_t n_hidden;
	size_t hidden[DS_WS_MAX_HIDDEN];
	size_t layers;       /* lstm; default 1 */
	int activation;      /* enum ll_act; default relu */
	int optimizer;       /* enum ll_optim_kind; default adam */
	double lr;           /* default 0.001 */
	size_t batch;        /* mlp 200, lstm 128 */
	int epochs;          /* mlp 200, lstm 20 */
	double dropout, l2;  /* default 0 */
	size_t bptt;         /* lstm; 0 = full */
	size_t k_min, k_max; /* kmeans: one k (k_min == k_max) or a range; default 8 */
	int n_init;          /* kmeans; default 1 */
	uint64_t seed;       /* default 1 */
	double tol;          /* mlp, lstm: training-loss tolerance; logreg: gradient tolerance; 1e-4 */
	int n_iter_no_change;     /* mlp, lstm; default 10 */
	int early_stopping;       /* mlp, lstm; default 0 */
	double validation_fraction; /* mlp, lstm; default 0.1 */
	double C;            /* logreg; default 1 */
	int max_iter;        /* logreg; default 100 */
	size_t review_folds; /* mlp, lstm, logreg: out-of-fold review scores; logreg 5, others 0 */
	/* detector (ll_sdet.h), trained without labels on a series; also
	 * hidden[0] (0 = its default), epochs, batch, lr, k_min, seed */
	int det_kind;        /* enum ll_sdet_kind; default ae */
	size_t window;       /* ae, lstm: steps per input; default 5 (lstm 10) */
	int threshold;       /* enum ll_thresh_method; default pot */
	double risk, percentile; /* default 1e-3, 99 */
	double holdout;      /* fraction of the training series held out; default 0.2 */
	size_t smooth, topk; /* score: trailing mean steps (default 1), top contributions (default 3, 0 = all) */
	size_t memory;       /* score: half-life of its memory in steps (0 = none) */
	double memory_weight; /* score: weight of its memory */
	double floor_cap;    /* score: bound on a floored metric's contribution (0 = none) */
	int det_scale;       /* enum ll_sdet_scale; default rms */
};

/* A detector experiment's configuration (ll_sdet.h). */
struct ll_sdet_cfg;
void ds_sdet_cfg_from_ws(const struct ds_ws_experiment *x, struct ll_sdet_cfg *c);

struct ds_workspace {
	char *dir;   /* absolute folder */
	char *file;  /* dir/loglab.json */
	size_t ndatasets, nfeaturesets, nexperiments;
	struct ds_ws_dataset *datasets;
	struct ds_ws_featureset *featuresets;
	struct ds_ws_experiment *experiments;
	void *doc;   /* the cJSON document, kept for order-preserving saves */
	/* the document as the file held it when loaded or last saved: what a
	 * save merges doc's changes from (ds_jsonmerge.h); NULL from
	 * ds_workspace_parse, whose text no file holds */
	void *base;
	/* set by ds_workspace_save: 1 when the file had changed since base and
	 * the changes were merged (doc holds both sides' now) */
	int merged_on_save;
	/* "launch": the command the TUI puts before `loglab train ...` to run
	 * a training elsewhere, e.g. "mpirun -np 4" (docs/scale.md); NULL
	 * (absent or blank) trains inside the TUI */
	char *launch;
};

/* Loads DIR/loglab.json (path may also name the file itself). LL_EIO when
 * it cannot be read, LL_EDATA for malformed JSON or a schema error. */
int ds_workspace_load(const char *path, struct ds_workspace **out, struct ll_err *err);
/* The same from text; dir resolves relative paths, label names the file in
 * messages (e.g. "loglab.json"). */
int ds_workspace_parse(const char *text, const char *dir, const char *label, struct ds_workspace **out,
		       struct ll_err *err);
void ds_workspace_free(struct ds_workspace *ws);

/* Writes ws->doc to ws->file atomically (see above), merged with what the
 * file holds now: what others wrote to it since ws->base stays, under a
 * lock that orders loglab's own writers. A member changed on both sides
 * (LL_EDATA naming it), a file that is not JSON now, or a merge that would
 * not load writes nothing. On success ws->doc and ws->base are the merged
 * document (ws's lists of datasets, feature sets and experiments stay as
 * loaded: reload to see the others' additions). */
int ds_workspace_save(struct ds_workspace *ws, struct ll_err *err);
/* ds_workspace_set_featureset and ds_workspace_save as one: when either
 * fails, ws->doc is as before, so the refused set is not written later by
 * a save of something else. */
int ds_workspace_write_featureset(struct ds_workspace *ws, const char *name, const char *dataset,
				  const struct ll_recipe *r, struct ll_err *err);
/* Hands from's base to to (for a workspace parsed from a copy of from's
 * document, as the experiments view makes to check an edit). */
void ds_workspace_take_base(struct ds_workspace *to, struct ds_workspace *from);

const struct ds_ws_dataset *ds_workspace_dataset(const struct ds_workspace *ws, const char *name);
/* The dataset of ws with a label file (the key "labels") that reads the
 * file at path (the same file by device and inode, so a relative path, a
 * symbolic link or another spelling finds it), or NULL. *several is set
 * when more than one such dataset names it with another label file or
 * format (NULL returned then: which one is meant is not known). */
const struct ds_ws_dataset *ds_workspace_labelled_file(const struct ds_workspace *ws, const char *path,
						       int *several);

/* Checks that a dataset's files can be read now (its data file and its
 * explicit label file; a URL is not checked): LL_OK, or LL_EIO with
 * "datasets.NAME.path: PATH: No such file or directory" (or .labels, or
 * "not a regular file"). Loading a workspace does not check, so a
 * workspace whose data moved still opens and lists its runs; views and
 * verbs check where a missing file would otherwise surface late. */
int ds_ws_dataset_check(const struct ds_ws_dataset *d, struct ll_err *err);
/* The first unreadable dataset of experiment exp (its feature set's), as
 * ds_ws_dataset_check says; LL_OK when it can be trained on. */
int ds_ws_experiment_check(const struct ds_workspace *ws, const char *exp, struct ll_err *err);
const struct ds_ws_featureset *ds_workspace_featureset(const struct ds_workspace *ws, const char *name);
const struct ds_ws_experiment *ds_workspace_experiment(const struct ds_workspace *ws, const char *name);

/* Names of datasets, feature sets and experiments become file and folder
 * names (features/NAME/, runs/ID-NAME...), so a name must be one safe path
 * component: 1..128 bytes, no '/' or '\\', not starting with '.' (so
 * neither "." nor ".." nor a hidden file), no ".." anywhere, no control
 * character (C0, DEL). LL_OK, or LL_EDATA with
 * "KEY: not usable as a name (...)" where key is the key path to name,
 * e.g. "loglab.json: featuresets.../x". */
int ds_ws_name_check(const char *name, const char *key, struct ll_err *err);

/* Adds or replaces feature set name (the dataset must exist), in ws and in
 * its document: keys already in the file keep their place, keys whose value
 * is the default are left out when new. Not saved until ds_workspace_save. */
int ds_workspace_set_featureset(struct ds_workspace *ws, const char *name, const char *dataset,
				const struct ll_recipe *r, struct ll_err *err);

/* A recipe from a featureset's JSON object (a cJSON *, passed as void *);
 * path prefixes messages ("loglab.json: featuresets.x"). The "dataset" key
 * is accepted and ignored here. */
int ds_recipe_from_json(const void *obj, const char *path, struct ll_recipe *r, struct ll_err *err);

/* The recipe as a featureset JSON object (a new cJSON *, caller deletes):
 * every key when all is set, else only keys that differ from the default. */
void *ds_recipe_to_json(const struct ll_recipe *r, const char *dataset, int all);

/* Creates loglab.json (a documented example) and runs/ in dir (created if
 * missing). LL_EUSAGE when dir already has a loglab.json. */
int ds_workspace_init(const char *dir, struct ll_err *err);
/* Creates loglab.json and runs/ in dir around one data file, ready to
 * train: the dataset, a feature set (log lines: TF-IDF of the messages;
 * tables: every number column, z-scored), a binary target in which lines
 * without a label count as ordinary, a chronological 70/30 split, and a
 * logistic regression, whose name goes to exp. The quick start of a file
 * opened in the browser (:train); opts (may be NULL) are how it was
 * opened (--format's spec, --header, a label file), which the dataset
 * keeps as its keys. With classes set the target is the file's classes
 * as they are ("target": "classes", multi-class; see
 * ds_workspace_quick_classes), said in the file's comment. LL_EUSAGE when
 * dir has a loglab.json. */
int ds_workspace_init_file(const char *dir, const char *data_path, const struct ds_open_opts *opts, int lines,
			   int classes, char *exp, size_t cap, struct ll_err *err);
/* Whether the quick start trains over a file's classes as they are
 * (init_file's classes) rather than ordinary against root cause: every row
 * has a label (none unlabelled), of two classes or more with rows, none of
 * them a default ordinary name (ll_default_ordinary_names) — a binary target
 * would make every row a root cause. names[k], counts[k]: the n classes. */
int ds_workspace_quick_classes(const char *const *names, const size_t *counts, size_t n, size_t unlabelled);
/* The example text ds_workspace_init writes (static). */
const char *ds_workspace_example(void);

struct ds_fingerprint {
	uint64_t size;
	int64_t mtime_ns;
	char sha256[2 * DS_SHA256_LEN + 1];
};

/* Dataset fingerprint, cached in memory (thread-safe). LL_EIO when the
 * file cannot be read. */
int ds_file_fingerprint(const char *path, struct ds_fingerprint *fp, struct ll_err *err);
/* The SHA-256 (64 hex digits and a NUL) of the first N bytes of PATH: whether a file
 * that grew still begins with what was hashed. LL_EDATA when it is now
 * shorter than N, LL_EIO when it cannot be read. */
int ds_file_head_sha(const char *path, uint64_t n, char *hex, struct ll_err *err);

/* Feature-set fingerprint: hex SHA-256 of "loglab-featureset 1\n", the
 * canonical recipe text, and "dataset <sha256>\n" (and "labels <sha256>\n"
 * when labels_sha is not NULL). */
int ds_featureset_fingerprint(const struct ll_recipe *r, const char *data_sha, const char *labels_sha,
			      char out[2 * DS_SHA256_LEN + 1], struct ll_err *err);

/* The closest of n candidate names to s (edit distance at most
 * max(1, strlen(s) / 3)), or NULL. */
const char *ds_did_you_mean(const char *s, const char *const *names, size_t n);

#endif
