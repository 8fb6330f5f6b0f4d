/*
 * ll_recipe.h - a feature set: the declared, deterministic recipe that
 * turns one table into a featmat ready for a model, and the build that
 * follows it.
 *
 * A recipe is a plain struct (strings in fixed buffers, so it can be
 * copied, compared and kept in a workspace without ownership questions).
 * ll_recipe_default fills the defaults, ll_recipe_check validates it with
 * messages that start with the recipe's key path ("window.size: ..."), so a
 * workspace loader can prefix its own ("loglab.json: featuresets.x.").
 *
 * The build runs the same steps in the same order every time:
 *   1. target: each row's class, either the table's classes kept as they
 *      are, or binary: "ordinary" (classes named in target.ordinary,
 *      default ll_default_ordinary_names) against "root cause" (every other class);
 *      unlabelled rows stay unlabelled (-1), or with `unlabelled` set take
 *      that class (added to the classes when the data has none of that
 *      name; in binary mode it is ordinary when it is an ordinary name);
 *   2. samples, by the kind of features:
 *      numeric  columns whose names match the regex (number columns, the
 *               clock left out), optionally down-sampled to an interval with
 *               aggregators, gaps and NaN handled by the NaN policy, then one
 *               sample per row or sliding windows of rows (sequences for an
 *               LSTM, or flattened);
 *      text     one line per row from a text column: hashed n-gram counts,
 *               TF-IDF of them, or mean skip-gram vectors (one sample a line);
 *      events   template (or event id) counts per window: per line window
 *               ("rows"), per session id ("session"), per time window
 *               ("time"); event ids come from an event column (one or more
 *               space-separated ids a cell, as HDFS sessions' EventSeq) or
 *               from the log templates of the text column;
 *   3. split into train/dev/test: random stratified, chronological (row
 *      order) or grouped (by a column; session windows group by session);
 *      for samples that are single log lines, the template leakage from train
 *      to test is measured, and a random split with leakage gets a warning;
 *   4. fitted on the training part only, applied to all: normalisation
 *      (dense features), TF-IDF weights, skip-gram vectors;
 *   5. rebalancing of the training part only (dense features), then class
 *      weights.
 * Same recipe, same table, same seed: the same featmat, bit for bit.
 *
 * Template ids may be given (struct ll_recipe_templates, e.g. from
 * ds_templates) or, when NULL and the recipe needs them, are mined here
 * with the template miner's default configuration (ll_tpl.h) from the text
 * column.
 *
 * The text column is recipe text.column, else the table's meta
 * "text_column" (the CLI sets it to the log format's message field), else a
 * column called "line".
 *
 * Errors: LL_EUSAGE when the recipe does not fit the table (a regex that
 * matches nothing, an unknown column, a window longer than the data, too
 * few samples to split), naming the recipe key; LL_ENOMEM; LL_ECANCEL when
 * progress asked to stop.
 */
#ifndef LL_RECIPE_H
#define LL_RECIPE_H

#include <stddef.h>
#include <stdint.h>

#include "ll_colsel.h"
#include "ll_err.h"
#include "ll_featmat.h"
#include "ll_resample.h"
#include "ll_scale.h"
#include "ll_split.h"
#include "ll_table.h"
#include "ll_window.h"
#include "ll_rebalance.h"

struct ll_tpl;

#define LL_RECIPE_STR 256        /* column names, class names */
#define LL_RECIPE_REGEX 1024     /* the column regex */
#define LL_RECIPE_MAX_AGGS 32    /* per-column aggregators */
#define LL_RECIPE_MAX_NAMES 32   /* ordinary class names, explicit class weights */

enum ll_target_kind { LL_TARGET_CLASSES = 0, LL_TARGET_BINARY };
enum ll_rwindow_kind { LL_RWIN_NONE = 0, LL_RWIN_ROWS, LL_RWIN_SESSION, LL_RWIN_TIME };
enum ll_text_kind { LL_TEXT_NONE = 0, LL_TEXT_HASH, LL_TEXT_TFIDF, LL_TEXT_TEMPLATES, LL_TEXT_W2V };
enum ll_rsplit_kind { LL_RSPLIT_RANDOM = 0, LL_RSPLIT_CHRONO, LL_RSPLIT_GROUPED };
enum ll_cweight_kind { LL_CWEIGHT_NONE = 0, LL_CWEIGHT_BALANCED, LL_CWEIGHT_EXPLICIT };

struct ll_recipe_agg {
	char column[LL_RECIPE_STR]; /* a column name exactly as in the table */
	enum ll_agg agg;
};

struct ll_recipe_weight {
	char cls[LL_RECIPE_STR]; /* a target class name ("root cause" in binary mode) */
	double weight;           /* >= 0 */
};

struct ll_recipe {
	/* target */
	enum ll_target_kind target;                          /* default classes */
	size_t n_ordinary;                                   /* 0: ll_default_ordinary_names */
	char ordinary[LL_RECIPE_MAX_NAMES][LL_RECIPE_STR];   /* case-insensitive names */
	char unlabelled[LL_RECIPE_STR];                      /* "" (skip): unlabelled rows stay out of
								training and metrics; else the class
								they count as */

	/* numeric columns: POSIX extended regex on column names; "" = every number column */
	char columns[LL_RECIPE_REGEX];
	int columns_icase;                                   /* default 0 */

	/* down-sampling (numeric features): interval 0 = none */
	double interval;                                     /* seconds */
	char time_column[LL_RECIPE_STR];                     /* "" = the clock (ll_table_clock) */
	enum ll_agg agg;                                     /* default mean */
	size_t n_aggs;
	struct ll_recipe_agg aggs[LL_RECIPE_MAX_AGGS];       /* per-column overrides */
	enum ll_nan_policy nan;                              /* default ffill; mean for rows without a
								time order (ll_recipe_resolve_defaults) */
	int nan_named;                                       /* loglab.json or the features view chose nan */

	/* windows */
	enum ll_rwindow_kind window;                         /* default none */
	size_t size, stride;                                 /* rows: window and stride (rows); default 10, 1 */
	int flatten;                                         /* rows, numeric: 1 = one flat vector; default 0 */
	enum ll_label_rule rule;                             /* default any */
	char session_column[LL_RECIPE_STR];                  /* session: the id column */
	char event_column[LL_RECIPE_STR];                    /* events: "" = templates of the text column */
	double length, step;                                 /* time: seconds; step 0 = length */

	/* text features */
	enum ll_text_kind text;                              /* default none */
	char text_column[LL_RECIPE_STR];                     /* "" = see the header comment */
	size_t n_features;                                   /* hash, tfidf: a power of two; default 4096 */
	int ngram_min, ngram_max;                            /* default 1, 1 */
	int sublinear_tf;                                    /* tfidf; default 0 */
	unsigned text_masks;                                 /* hash, tfidf, w2v: ll_mask.h rules; default LL_MASK_DEFAULT | LL_MASK_CODE */
	int dim, epochs, min_count, w2v_window;              /* w2v; default 50, 5, 2, 5 */
	/* hash and tfidf: the codes lines may keep (ll_codes.h), from the run
	 * whose weights are applied to other data; borrowed, not part of the
	 * recipe's text. NULL: a tfidf build notes them from its training part */
	const struct ll_codes *known_codes;

	/* split */
	enum ll_rsplit_kind split;                           /* default random */
	struct ll_split_ratios ratios;                       /* default 0.7 / 0 / 0.3 */
	char group_column[LL_RECIPE_STR];                    /* grouped: "" = the session column */

	/* normalisation, rebalancing, class weights */
	enum ll_scale_kind scale;                            /* default none (but see ll_recipe_scale) */
	int scale_named;                                     /* loglab.json or the features view chose scale */
	enum ll_rebalance_method rebalance;                  /* none, over, under, smote; default none */
	double rebalance_ratio;                              /* (0, 1]; default 1 */
	size_t smote_k;                                      /* default 5 */
	enum ll_cweight_kind class_weight;                   /* default none */
	size_t n_weights;
	struct ll_recipe_weight weights[LL_RECIPE_MAX_NAMES];

	uint64_t seed;                                       /* default 1 */

	/* set by ll_recipe_resolve_defaults: the build notes what it chose
	 * (text_defaulted 2: a scale the recipe named was dropped with it) */
	int text_defaulted, text_column_defaulted;
	int nan_defaulted; /* nan "mean": the table's rows have no time order */
};

void ll_recipe_default(struct ll_recipe *r);

/* The scale a build applies: r->scale, except that word vectors
 * (text.kind "w2v") are z-scored unless the recipe names a scale
 * (scale_named; "none" keeps them as they are). A line's vector is the
 * mean of its words' vectors, whose coordinates have no common scale and
 * are small: unscaled, logistic regression at C = 1 predicted the majority
 * class on four of seven logs (bench/TEXT.md). */
enum ll_scale_kind ll_recipe_scale(const struct ll_recipe *r);

/* Settings the data decides when loglab.json leaves them out. A feature
 * set that names no text features, no windows and no columns, over a log
 * (a table a line reader made: meta "text_column") or a table with text
 * but no number column, gets TF-IDF of its lines (text.kind "tfidf" with
 * its defaults; when the table has neither a log's message column nor
 * "line", text.column is its only text column, else the one named as
 * loggers name a message (message, msg, content, text, log, body), else
 * the one of the longest cells), as a user who points a feature set at a
 * log expects; a
 * log's number fields (a pid) would otherwise be its only features. A
 * scale the recipe names, meant for number columns, is dropped with it.
 * A recipe that reads text (text features, or time or session windows of
 * templates) without text.column, over a table with neither a message
 * field nor "line", gets its message column the same way
 * (r->text_column_defaulted). A recipe of number columns that names no
 * nan policy, over rows without a time order (no down-sampling, windows,
 * chronological split or time_column, and rows not sorted by their clock,
 * up or down, but for 1% of steps), fills gaps with the training mean
 * (nan "mean", r->nan_defaulted; ll_impute.h).
 * Returns 1 when r was changed, else 0. */
int ll_recipe_resolve_defaults(struct ll_recipe *r, const struct ll_table *t);
/* That message-column step alone, for a run's resolved recipe applied to
 * other data (eval, predict): a recipe trained on a log's lines or message
 * field, which names no text.column, over records with neither (JSON
 * records: "msg") reads their message column. Sets r->text_column and
 * returns 1 when it did; 0 when the recipe reads no text, names its column,
 * or t has a message field, "line" or no text column; -1 when the
 * column's name is too long to record. */
int ll_recipe_text_column_fallback(struct ll_recipe *r, const struct ll_table *t);
/* For a run's recipe applied to other data: the fallback above, and a
 * text.column the data lacks (a run of JSON records' "msg" over a syslog
 * file) replaced by the data's own text: its format's message field, else
 * "line", else its message column. Returns 0 when r reads its text as it
 * is, 1 when an empty text.column was filled, 2 when a missing one was
 * replaced (its old name in was[cap]), -1 when the name is too long. */
int ll_recipe_text_column_apply(struct ll_recipe *r, const struct ll_table *t, char *was, size_t cap);
/* The text column of t (not label_src) named as loggers name a message
 * ("message", "msg", "content", "text", "log", "body"), else one nested
 * under such a name after a '.' or '_' ("jsonPayload.message", "log.msg",
 * "short_message"); -1 when none is. */
long ll_recipe_named_message_column(const struct ll_table *t, int label_src);

/* Checks ranges and combinations; LL_EUSAGE with "key.path: problem". */
int ll_recipe_check(const struct ll_recipe *r, struct ll_err *err);
/* 0 when the setting named key (a feature set's key path: "window.size",
 * "text.ngram", "rebalance.k") takes no part in what r builds, given the
 * kinds r chose (row windows' size without windows, word2vec's dim with
 * TF-IDF); 1 otherwise, unknown keys included. So a comparison of two
 * recipes need not report defaults neither uses. */
int ll_recipe_uses(const struct ll_recipe *r, const char *key);

/* The table meta key, this prefix and a text column's name, that marks a
 * column whose values were made number columns of their own (one-hot,
 * datasets/ds_onehot.h): the build does not warn that it left it out. */
#define LL_RECIPE_ONEHOT_META LL_COLSEL_VALUES_META

/* The table columns a numeric recipe uses (ll_colsel.h, *cols allocated):
 * those matching r->columns, or every number column when it is empty;
 * time columns never. What the build uses, for previews to show the same. */
int ll_recipe_match_columns(const struct ll_recipe *r, const struct ll_table *t, size_t **cols, size_t *ncols,
			    struct ll_err *err);

/* 1 when class name is want: equal ignoring case, or both numbers of the
 * same value ("0.0" is "0": a label column of numbers keeps their text;
 * False and True are 0 and 1, as pandas writes a 0/1 flag). */
int ll_class_name_is(const char *name, const char *want);
/* 1 when name is one of the default ordinary names (a recipe naming none):
 * normal, ordinary, 0 (written any way: false), -, benign, normal., ok,
 * pass, passed, success, succeeded. */
int ll_default_ordinary_name(const char *name);
/* The default ordinary names (*names static), their count returned. */
size_t ll_default_ordinary_names(const char *const **names);
/* How many of the first default ordinary names recipes made before
 * 7 Dec 2026 took (normal, ordinary, 0, -): their runs list those, and
 * their recipe_sha256 is of that list. */
#define LL_ORDINARY_DEFAULTS_V1 4
/* 1 when name is a default ordinary name the defaults before 7 Dec 2026
 * did not take (benign, ok, ...): a run of data holding such a class would
 * now build differently. */
int ll_default_ordinary_new_name(const char *name);
/* A recipe naming no ordinary class (r->n_ordinary 0) given the defaults
 * of before 7 Dec 2026 as its list: formatted, the text those recipes had,
 * so a run's recorded recipe_sha256 can be told from a change of the
 * defaults. A recipe naming its classes is left as it is. */
void ll_recipe_pin_ordinary_v1(struct ll_recipe *r);
/* 1 when class name is ordinary under r's target: one of target.ordinary,
 * or a default ordinary name when none is given (ll_class_name_is). */
int ll_recipe_is_ordinary(const struct ll_recipe *r, const char *name);
/* 1 when a row whose current class is name (NULL: no label) counts as
 * ordinary: an ordinary class, or no label when r gives unlabelled rows an
 * ordinary class. What the review queue asks of a line's label. */
int ll_recipe_label_ordinary(const struct ll_recipe *r, const char *name);

/* The dataset class a line confirmed as a new root cause is given (the
 * review queue's "confirm"): predicted is the run's class for the line
 * ("root cause" for a binary target), classes[0..n) the dataset's classes
 * now. It is predicted when that is a root-cause class of the dataset;
 * else the dataset's only root-cause class; else, when it has none, "1"
 * (the browser's root-cause key). Returns the number of candidates: 1 or
 * 0 with *out set (*out points into classes, predicted or a literal), or
 * more than 1 when the dataset has several root-cause classes and none is
 * the prediction: *out is NULL and the caller must ask which. */
size_t ll_recipe_root_cause_class(const struct ll_recipe *r, const char *predicted, const char *const *classes,
				  size_t n, const char **out);

/* The canonical text of a recipe: every field, defaults included, one
 * "key value" a line in a fixed order, numbers with round-trip precision.
 * Two recipes that build the same way have the same text; it is what a
 * feature set's fingerprint hashes. *text is allocated (free()). */
int ll_recipe_format(const struct ll_recipe *r, char **text, struct ll_err *err);
struct ll_hashvec_config;
/* The hashing of r's text features (hash, tfidf): its column count, masks
 * and n-grams; known NULL (every code kept). */
void ll_recipe_hashvec_config(const struct ll_recipe *r, struct ll_hashvec_config *hc);
struct ll_tfidf;
struct ll_codes;
/* Reads the TF-IDF weights a build saved (man->tfidf_text, a run's
 * tfidf.txt) into *tfidf (free with ll_tfidf_free), and the training
 * lines' codes that follow them into *codes when codes is not NULL: *found
 * says whether there were any (weights saved before codes were, or masks
 * that keep none, have none). LL_EDATA naming name for a damaged text. */
int ll_recipe_load_tfidf(const char *text, const char *name, struct ll_tfidf **tfidf, struct ll_codes *codes,
			 int *found, struct ll_err *err);

/* Names of enum values as the workspace writes them, and their parsers
 * (LL_EUSAGE listing the valid names). */
const char *ll_target_kind_name(enum ll_target_kind k);
const char *ll_rwindow_kind_name(enum ll_rwindow_kind k);
const char *ll_text_kind_name(enum ll_text_kind k);
const char *ll_rsplit_kind_name(enum ll_rsplit_kind k);
int ll_target_kind_parse(const char *s, enum ll_target_kind *out, struct ll_err *err);
int ll_rwindow_kind_parse(const char *s, enum ll_rwindow_kind *out, struct ll_err *err);
int ll_text_kind_parse(const char *s, enum ll_text_kind *out, struct ll_err *err);
int ll_rsplit_kind_parse(const char *s, enum ll_rsplit_kind *out, struct ll_err *err);
/* "any" / "last". */
int ll_label_rule_parse(const char *s, enum ll_label_rule *out, struct ll_err *err);
const char *ll_label_rule_name(enum ll_label_rule r);

/* Template ids of the table's rows, borrowed. tpl (may be NULL) names them. */
struct ll_recipe_templates {
	const long *ids;       /* nrows ids, negative = none */
	size_t nrows;
	size_t ntemplates;     /* ids are < ntemplates */
	const struct ll_tpl *tpl;
};

/* What a build did, for manifest.json and the features view. Owned by the
 * caller after a build: ll_recipe_manifest_free. */
struct ll_recipe_manifest {
	size_t rows_in;             /* table rows */
	size_t rows_used;           /* rows after down-sampling and the NaN policy */
	size_t nan_filled;          /* cells filled by the NaN policy */
	size_t nan_dropped;         /* rows dropped by the NaN policy */
	size_t n, steps, d;         /* samples, steps per sample, features per step */
	int sparse;                 /* 1: featmat->sparse */
	size_t nnz;                 /* stored values when sparse */
	size_t ncols;               /* matched source columns (numeric), text column (1) */
	char **columns;             /* ncols source column names */
	size_t nclasses;
	char **classes;             /* nclasses target class names */
	size_t *counts_all;         /* nclasses: samples per class before the split */
	size_t unlabelled;          /* samples without a class */
	size_t *counts_part[3];     /* nclasses each: train/dev/test before rebalancing */
	size_t *counts_train_after; /* nclasses: training samples after rebalancing */
	size_t parts[3];            /* samples per part after rebalancing */
	double *class_weight;       /* nclasses, or NULL */
	int has_leakage;            /* 1 when leakage was measured */
	struct ll_leakage leakage;
	size_t ntemplates;          /* templates used (events from templates, leakage) */
	char *scaler_text;          /* ll_scaler_format, or NULL */
	char *imputer_text;         /* ll_imputer_format (nan "mean"), or NULL */
	char *tfidf_text;           /* ll_tfidf_save, or NULL */
	char *w2v_summary;          /* vocabulary and training figures, or NULL */
	size_t nwarnings;
	char **warnings;
};

void ll_recipe_manifest_free(struct ll_recipe_manifest *m);

/* stage names the step ("columns", "resample", "text", "w2v", ...);
 * fraction is 0..1 within it. A nonzero return cancels (LL_ECANCEL). */
typedef int (*ll_recipe_progress_fn)(void *ctx, const char *stage, double fraction);

/* Builds the feature matrix. out and man are overwritten (zeroed first);
 * on failure both are left empty. tmpl may be NULL; progress may be NULL. */
int ll_recipe_build(const struct ll_table *t, const struct ll_recipe *r, const struct ll_recipe_templates *tmpl,
		    struct ll_featmat *out, struct ll_recipe_manifest *man, ll_recipe_progress_fn progress,
		    void *ctx, struct ll_err *err);

#endif
