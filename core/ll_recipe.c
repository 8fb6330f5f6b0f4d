/*
 * ll_recipe.c - feature-set recipes: defaults, validation, canonical text,
 * and the build pipeline described in ll_recipe.h.
 *
 * The build keeps every intermediate array in one struct build so that a
 * single clean-up releases them on every path, success or error. Row-level
 * arrays (features X, labels y, origin rows) are made first; samples come
 * from rows (one a row, windows, sessions); then split, fit and rebalance
 * work on the featmat alone.
 */
#include "ll_recipe.h"

#include "ll_colsel.h"
#include "ll_tpl.h"
#include "ll_codes.h"
#include "ll_hashvec.h"
#include "ll_impute.h"
#include "ll_mask.h"
#include "ll_limits.h"
#include "ll_textfeat.h"
#include "ll_time.h"
#include "ll_tfidf.h"
#include "ll_tokenize.h"
#include "ll_w2v.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The class names taken as ordinary when target.ordinary names none: the
 * spellings of "nothing wrong" public labelled data uses (benign: CIC-IDS,
 * IoT-23; normal./normal: KDD Cup 99, NSL-KDD, UNSW-NB15, loghub's HDFS;
 * "-": BGL; 0/false: anomaly flags; ok: Nagios states and TAP; pass,
 * passed, success, succeeded: test and CI results), none of which can name
 * a fault. The first LL_ORDINARY_DEFAULTS_V1 are the list of recipes made
 * before the others joined (7 Dec 2026): their runs list it. */
static const char *const default_ordinary[] = {"normal", "ordinary", "0",  "-",       "benign",   "normal.",
					       "ok",     "pass",     "passed", "success", "succeeded"};

/* ---------------------------------------------------------------- names */

static const char *const target_names[] = {"classes", "binary"};
static const char *const window_names[] = {"none", "rows", "session", "time"};
static const char *const text_names[] = {"none", "hash", "tfidf", "templates", "w2v"};
static const char *const split_names[] = {"random", "chronological", "grouped"};
static const char *const rule_names[] = {"any", "last"};

#define NAMES_N(a) (sizeof a / sizeof *a)

static int parse_name(const char *s, const char *const *names, size_t n, int *out, const char *what,
		      struct ll_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return LL_OK;
		}
	char list[256] = "";
	for (size_t i = 0; i < n; i++) {
		strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
		strncat(list, names[i], sizeof list - strlen(list) - 1);
	}
	return ll_err_set(err, LL_EUSAGE, "unknown %s '%s' (one of: %s)", what, s, list);
}

const char *ll_target_kind_name(enum ll_target_kind k)
{
	return (size_t)k < NAMES_N(target_names) ? target_names[k] : "?";
}
const char *ll_rwindow_kind_name(enum ll_rwindow_kind k)
{
	return (size_t)k < NAMES_N(window_names) ? window_names[k] : "?";
}
const char *ll_text_kind_name(enum ll_text_kind k)
{
	return (size_t)k < NAMES_N(text_names) ? text_names[k] : "?";
}
const char *ll_rsplit_kind_name(enum ll_rsplit_kind k)
{
	return (size_t)k < NAMES_N(split_names) ? split_names[k] : "?";
}
const char *ll_label_rule_name(enum ll_label_rule r)
{
	return (size_t)r < NAMES_N(rule_names) ? rule_names[r] : "?";
}

int ll_target_kind_parse(const char *s, enum ll_target_kind *out, struct ll_err *err)
{
	int v, rc = parse_name(s, target_names, NAMES_N(target_names), &v, "target kind", err);
	if (rc == LL_OK)
		*out = (enum ll_target_kind)v;
	return rc;
}
int ll_rwindow_kind_parse(const char *s, enum ll_rwindow_kind *out, struct ll_err *err)
{
	int v, rc = parse_name(s, window_names, NAMES_N(window_names), &v, "window kind", err);
	if (rc == LL_OK)
		*out = (enum ll_rwindow_kind)v;
	return rc;
}
int ll_text_kind_parse(const char *s, enum ll_text_kind *out, struct ll_err *err)
{
	int v, rc = parse_name(s, text_names, NAMES_N(text_names), &v, "text feature kind", err);
	if (rc == LL_OK)
		*out = (enum ll_text_kind)v;
	return rc;
}
int ll_rsplit_kind_parse(const char *s, enum ll_rsplit_kind *out, struct ll_err *err)
{
	int v, rc;
	if (strcmp(s, "chrono") == 0 || strcmp(s, "stratified") == 0) {
		*out = s[0] == 'c' ? LL_RSPLIT_CHRONO : LL_RSPLIT_RANDOM;
		return LL_OK;
	}
	rc = parse_name(s, split_names, NAMES_N(split_names), &v, "split kind", err);
	if (rc == LL_OK)
		*out = (enum ll_rsplit_kind)v;
	return rc;
}
int ll_label_rule_parse(const char *s, enum ll_label_rule *out, struct ll_err *err)
{
	int v, rc = parse_name(s, rule_names, NAMES_N(rule_names), &v, "window label rule", err);
	if (rc == LL_OK)
		*out = (enum ll_label_rule)v;
	return rc;
}

/* ------------------------------------------------------ defaults, check */

void ll_recipe_default(struct ll_recipe *r)
{
	memset(r, 0, sizeof *r);
	r->target = LL_TARGET_CLASSES;
	r->agg = LL_AGG_MEAN;
	r->nan = LL_NAN_FFILL;
	r->window = LL_RWIN_NONE;
	r->size = 10;
	r->stride = 1;
	r->rule = LL_LABEL_ANY;
	r->text = LL_TEXT_NONE;
	r->n_features = 4096;
	/* the code mode on: a status or event id names the event (bench/TEXT.md) */
	r->text_masks = LL_MASK_DEFAULT | LL_MASK_CODE;
	r->ngram_min = r->ngram_max = 1;
	r->dim = 50;
	r->epochs = 5;
	r->min_count = 2;
	r->w2v_window = 5;
	r->split = LL_RSPLIT_RANDOM;
	r->ratios.train = 0.7;
	r->ratios.dev = 0.0;
	r->ratios.test = 0.3;
	r->scale = LL_SCALE_NONE;
	r->rebalance = LL_REBAL_NONE;
	r->rebalance_ratio = 1.0;
	r->smote_k = 5;
	r->class_weight = LL_CWEIGHT_NONE;
	r->seed = 1;
}

long ll_recipe_named_message_column(const struct ll_table *t, int label_src)
{
	static const char *const names[] = {"message", "msg", "content", "text", "log", "body"};
	for (int nested = 0; nested < 2; nested++)
		for (size_t k = 0; k < NAMES_N(names); k++)
			for (size_t c = 0; c < ll_table_ncols(t); c++) {
				if ((int)c == label_src || ll_table_col_type(t, c) != LL_COL_TEXT)
					continue;
				const char *name = ll_table_col_name(t, c), *last = name;
				for (const char *p = name; nested && *p; p++)
					if (*p == '.' || *p == '_')
						last = p + 1;
				if (strcasecmp(last, names[k]) == 0)
					return (long)c;
			}
	return -1;
}

/* Among a table's text columns (records of a structured log: level,
 * caller, msg, error), the message: one named as loggers name it
 * (ll_recipe_named_message_column), else the one whose cells are longest
 * on average over the first rows (a level or a host is a word, a message
 * a sentence). */
static size_t message_column(const struct ll_table *t, int label_src)
{
	long named = ll_recipe_named_message_column(t, label_src);
	if (named >= 0)
		return (size_t)named;
	size_t best = 0, rows = ll_table_nrows(t) < 1000 ? ll_table_nrows(t) : 1000;
	double best_len = -1;
	for (size_t c = 0; c < ll_table_ncols(t); c++) {
		if ((int)c == label_src || ll_table_col_type(t, c) != LL_COL_TEXT)
			continue;
		double len = 0;
		for (size_t i = 0; i < rows; i++)
			len += (double)strlen(ll_table_text(t, i, c));
		if (len > best_len) {
			best_len = len;
			best = c;
		}
	}
	return best;
}

/* Whether the rows of t follow its clock (ll_table_clock), one way or the
 * other (exports often list the newest first), as a series' samples do; a
 * table of records with a date among their fields (an egg's laying date)
 * lists them in any order. A few steps back are allowed: clocks and
 * merged files have them. */
static int rows_in_time_order(const struct ll_table *t, int label_src)
{
	size_t n = ll_table_nrows(t);
	int clock = ll_table_clock(t, label_src);
	if (clock < 0)
		return 0;
	size_t tc = (size_t)clock;
	size_t pairs = 0, up = 0, down = 0;
	double prev = NAN;
	for (size_t i = 0; i < n; i++) {
		double v = ll_table_num(t, i, tc);
		if (isnan(v))
			continue;
		if (!isnan(prev)) {
			pairs++;
			up += v >= prev;
			down += v <= prev;
		}
		prev = v;
	}
	return pairs > 0 && (up >= pairs - pairs / 100 || down >= pairs - pairs / 100);
}

int ll_recipe_text_column_fallback(struct ll_recipe *r, const struct ll_table *t)
{
	int reads_text = r->text != LL_TEXT_NONE || r->window == LL_RWIN_SESSION || r->window == LL_RWIN_TIME;
	if (!reads_text || r->text_column[0] || ll_table_meta(t, "text_column"))
		return 0;
	int label_src = ll_table_label_source(t), texts = 0;
	for (size_t c = 0; c < ll_table_ncols(t); c++) {
		if ((int)c == label_src || ll_table_col_type(t, c) != LL_COL_TEXT)
			continue;
		if (strcmp(ll_table_col_name(t, c), "line") == 0)
			return 0;
		texts++;
	}
	if (!texts)
		return 0;
	const char *name = ll_table_col_name(t, message_column(t, label_src));
	if (strlen(name) >= sizeof r->text_column)
		return -1;
	strcpy(r->text_column, name);
	return 1;
}

int ll_recipe_text_column_apply(struct ll_recipe *r, const struct ll_table *t, char *was, size_t cap)
{
	int reads_text = r->text != LL_TEXT_NONE || r->window == LL_RWIN_SESSION || r->window == LL_RWIN_TIME;
	if (!reads_text || !r->text_column[0])
		return ll_recipe_text_column_fallback(r, t);
	if (ll_table_find_column(t, r->text_column) >= 0)
		return 0;
	int label_src = ll_table_label_source(t);
	const char *own = ll_table_meta(t, "text_column");
	long line = ll_table_find_column(t, "line");
	if (!own && line >= 0 && ll_table_col_type(t, (size_t)line) == LL_COL_TEXT && line != label_src)
		own = "line";
	if (!own) {
		int texts = 0;
		for (size_t c = 0; c < ll_table_ncols(t); c++)
			texts += (int)c != label_src && ll_table_col_type(t, c) == LL_COL_TEXT;
		if (!texts)
			return 0; /* nothing to read: the build names the missing column */
		own = ll_table_col_name(t, message_column(t, label_src));
	}
	if (strlen(own) >= sizeof r->text_column)
		return -1;
	snprintf(was, cap, "%s", r->text_column);
	/* a format's message field is read by default, as a run of it was */
	if (ll_table_meta(t, "text_column") && strcmp(own, ll_table_meta(t, "text_column")) == 0)
		r->text_column[0] = '\0';
	else
		strcpy(r->text_column, own);
	return 2;
}

int ll_recipe_resolve_defaults(struct ll_recipe *r, const struct ll_table *t)
{
	int label_src = ll_table_label_source(t), numbers = 0, texts = 0;
	for (size_t c = 0; c < ll_table_ncols(t); c++) {
		if ((int)c == label_src)
			continue;
		numbers += ll_table_col_type(t, c) == LL_COL_NUM;
		texts += ll_table_col_type(t, c) == LL_COL_TEXT;
	}
	int log = ll_table_meta(t, "text_column") != NULL;
	int bare = r->text == LL_TEXT_NONE && r->window == LL_RWIN_NONE && !r->columns[0];
	int changed = 0;
	enum ll_scale_kind scale = r->scale;
	if (bare && (log || (texts && !numbers))) {
		r->text = LL_TEXT_TFIDF;
		r->text_defaulted = 1;
		/* a scale meant for number columns (the quick start's z-score):
		 * TF-IDF rows are normalised already, and a scale refuses them */
		if (r->scale != LL_SCALE_NONE) {
			r->scale = LL_SCALE_NONE;
			r->text_defaulted = 2;
		}
		changed = 1;
	}
	/* text.column's default is the format's message field, else "line";
	 * a table with neither (records of a structured log) reads its
	 * message column, so every step that reads text reads the same one */
	int fell_back = ll_recipe_text_column_fallback(r, t);
	if (fell_back > 0) {
		r->text_column_defaulted = 1;
		changed = 1;
	} else if (fell_back < 0) {
		if (r->text_defaulted) {
			r->text = LL_TEXT_NONE; /* a name too long to record: as written */
			r->scale = scale;
			r->text_defaulted = 0;
			changed = 0;
		}
	}
	/* Rows without a time order are independent samples, as sklearn's
	 * users see a table: a gap takes the training mean, as their
	 * SimpleImputer gives it, not the row above's value (another sample,
	 * perhaps of the test part). A series keeps carrying values on. */
	int ordered = r->interval > 0 || r->window != LL_RWIN_NONE || r->split == LL_RSPLIT_CHRONO ||
		      r->time_column[0];
	if (!r->nan_named && r->nan == LL_NAN_FFILL && r->text == LL_TEXT_NONE && !ordered &&
	    !rows_in_time_order(t, label_src)) {
		r->nan = LL_NAN_MEAN;
		r->nan_defaulted = 1;
		changed = 1;
	}
	return changed;
}

enum ll_scale_kind ll_recipe_scale(const struct ll_recipe *r)
{
	return r->text == LL_TEXT_W2V && !r->scale_named ? LL_SCALE_ZSCORE : r->scale;
}

static int is_sparse_text(const struct ll_recipe *r)
{
	return r->text == LL_TEXT_HASH || r->text == LL_TEXT_TFIDF;
}

int ll_recipe_uses(const struct ll_recipe *r, const char *key)
{
	static const struct {
		const char *key;
		/* the kinds it needs: -1 any, -2 any but none (0), else that one */
		int window, text, split, rebalance;
	} rules[] = {
		{"window.size", LL_RWIN_ROWS, -1, -1, -1},
		{"window.stride", LL_RWIN_ROWS, -1, -1, -1},
		{"window.flatten", LL_RWIN_ROWS, -1, -1, -1},
		{"window.label", -2, -1, -1, -1},
		{"window.events", LL_RWIN_SESSION, -1, -1, -1},
		{"window.length", LL_RWIN_TIME, -1, -1, -1},
		{"window.step", LL_RWIN_TIME, -1, -1, -1},
		{"text.sublinear_tf", -1, LL_TEXT_TFIDF, -1, -1},
		{"text.dim", -1, LL_TEXT_W2V, -1, -1},
		{"text.epochs", -1, LL_TEXT_W2V, -1, -1},
		{"text.min_count", -1, LL_TEXT_W2V, -1, -1},
		{"text.window", -1, LL_TEXT_W2V, -1, -1},
		{"split.group", -1, -1, LL_RSPLIT_GROUPED, -1},
		{"rebalance.ratio", -1, -1, -1, -2},
		{"rebalance.k", -1, -1, -1, LL_REBAL_SMOTE},
	};
	/* the rules a table cannot say */
	if (!strcmp(key, "window.column")) /* a grouped split falls back on it */
		return r->window == LL_RWIN_SESSION || (r->split == LL_RSPLIT_GROUPED && !r->group_column[0]);
	if (!strcmp(key, "text.column"))
		return r->text != LL_TEXT_NONE || r->window == LL_RWIN_SESSION || r->window == LL_RWIN_TIME;
	if (!strcmp(key, "text.features") || !strcmp(key, "text.ngram"))
		return is_sparse_text(r);
	if (!strcmp(key, "text.masks"))
		return is_sparse_text(r) || r->text == LL_TEXT_W2V;
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
		if (strcmp(key, rules[i].key))
			continue;
		const int want[4] = {rules[i].window, rules[i].text, rules[i].split, rules[i].rebalance};
		const int have[4] = {(int)r->window, (int)r->text, (int)r->split, (int)r->rebalance};
		for (int k = 0; k < 4; k++)
			if (want[k] != -1 && (want[k] == -2 ? have[k] == 0 : have[k] != want[k]))
				return 0;
		return 1;
	}
	return 1;
}

/* Which family of features a recipe builds. */
enum family { FAM_NUMERIC, FAM_TEXT, FAM_EVENTS };

static enum family family_of(const struct ll_recipe *r)
{
	if (r->text == LL_TEXT_HASH || r->text == LL_TEXT_TFIDF || r->text == LL_TEXT_W2V)
		return FAM_TEXT;
	if (r->text == LL_TEXT_TEMPLATES || r->window == LL_RWIN_SESSION || r->window == LL_RWIN_TIME)
		return FAM_EVENTS;
	return FAM_NUMERIC;
}

int ll_recipe_check(const struct ll_recipe *r, struct ll_err *err)
{
	struct ll_err sub;
	enum family fam = family_of(r);
	if (r->n_ordinary > LL_RECIPE_MAX_NAMES)
		return ll_err_set(err, LL_EUSAGE, "target.ordinary: at most %d names", LL_RECIPE_MAX_NAMES);
	for (size_t i = 0; i < r->n_ordinary; i++)
		if (!r->ordinary[i][0])
			return ll_err_set(err, LL_EUSAGE, "target.ordinary: class names must not be empty");
	if (!(r->interval >= 0) || isinf(r->interval))
		return ll_err_set(err, LL_EUSAGE, "resample.interval: must be a positive duration, got %g",
				  r->interval);
	if (r->interval > 0 && fam != FAM_NUMERIC)
		return ll_err_set(err, LL_EUSAGE,
				  "resample.interval: down-sampling applies to numeric columns, not to %s features",
				  fam == FAM_TEXT ? ll_text_kind_name(r->text) : "event count");
	if (r->n_aggs > LL_RECIPE_MAX_AGGS)
		return ll_err_set(err, LL_EUSAGE, "resample.aggs: at most %d columns", LL_RECIPE_MAX_AGGS);
	if (r->n_aggs && r->interval <= 0)
		return ll_err_set(err, LL_EUSAGE, "resample.aggs: per-column aggregators need resample.interval");
	if ((unsigned)r->nan > LL_NAN_KEEP)
		return ll_err_set(err, LL_EUSAGE, "nan: unknown policy");
	switch (r->window) {
	case LL_RWIN_NONE:
		break;
	case LL_RWIN_ROWS:
		if (r->size < 1)
			return ll_err_set(err, LL_EUSAGE, "window.size: must be a positive integer, got %zu", r->size);
		if (r->stride < 1)
			return ll_err_set(err, LL_EUSAGE, "window.stride: must be a positive integer, got %zu",
					  r->stride);
		if (fam == FAM_TEXT)
			return ll_err_set(err, LL_EUSAGE,
					  "window.kind: %s features are one sample per line; windows of lines "
					  "count templates (text.kind templates)",
					  ll_text_kind_name(r->text));
		break;
	case LL_RWIN_SESSION:
		if (!r->session_column[0])
			return ll_err_set(err, LL_EUSAGE, "window.column: session windows need the session id column");
		if (fam == FAM_TEXT)
			return ll_err_set(err, LL_EUSAGE, "window.kind: session windows count events, not %s features",
					  ll_text_kind_name(r->text));
		break;
	case LL_RWIN_TIME:
		if (!(r->length > 0) || isinf(r->length))
			return ll_err_set(err, LL_EUSAGE, "window.length: must be a positive duration, got %g",
					  r->length);
		if (!(r->step >= 0) || isinf(r->step))
			return ll_err_set(err, LL_EUSAGE, "window.step: must be a positive duration, got %g", r->step);
		if (fam == FAM_TEXT)
			return ll_err_set(err, LL_EUSAGE, "window.kind: time windows count templates, not %s features",
					  ll_text_kind_name(r->text));
		break;
	default:
		return ll_err_set(err, LL_EUSAGE, "window.kind: unknown kind");
	}
	if (r->flatten && (r->window != LL_RWIN_ROWS || fam != FAM_NUMERIC))
		return ll_err_set(err, LL_EUSAGE, "window.flatten: applies to row windows of numeric columns only");
	if ((unsigned)r->rule > LL_LABEL_LAST)
		return ll_err_set(err, LL_EUSAGE, "window.label: unknown rule");
	if (is_sparse_text(r)) {
		size_t f = r->n_features;
		if (f < 2 || f > ((size_t)1 << 31) || (f & (f - 1)))
			return ll_err_set(err, LL_EUSAGE, "text.features: must be a power of two from 2 to 2^31, got %zu",
					  f);
		if (r->ngram_min < 1 || r->ngram_max < r->ngram_min || r->ngram_max > LL_HASHVEC_MAX_NGRAM)
			return ll_err_set(err, LL_EUSAGE, "text.ngram: must be [min, max] with 1 <= min <= max <= %d, got [%d, %d]",
					  LL_HASHVEC_MAX_NGRAM, r->ngram_min, r->ngram_max);
		if (r->scale != LL_SCALE_NONE)
			return ll_err_set(err, LL_EUSAGE,
					  "scale: %s features are sparse and already normalised per line; use \"none\"",
					  ll_text_kind_name(r->text));
		if (r->rebalance != LL_REBAL_NONE)
			return ll_err_set(err, LL_EUSAGE,
					  "rebalance.method: %s features are sparse; use class_weight instead",
					  ll_text_kind_name(r->text));
	}
	if (r->text == LL_TEXT_W2V) {
		if (r->dim < 1 || r->dim > 4096)
			return ll_err_set(err, LL_EUSAGE, "text.dim: must be from 1 to 4096, got %d", r->dim);
		if (r->epochs < 1 || r->epochs > 1000)
			return ll_err_set(err, LL_EUSAGE, "text.epochs: must be from 1 to 1000, got %d", r->epochs);
		if (r->min_count < 1)
			return ll_err_set(err, LL_EUSAGE, "text.min_count: must be a positive integer, got %d",
					  r->min_count);
		if (r->w2v_window < 1 || r->w2v_window > 100)
			return ll_err_set(err, LL_EUSAGE, "text.window: must be from 1 to 100, got %d", r->w2v_window);
	}
	if ((unsigned)r->text > LL_TEXT_W2V)
		return ll_err_set(err, LL_EUSAGE, "text.kind: unknown kind");
	ll_err_clear(&sub);
	if (ll_split_check(&r->ratios, &sub) != LL_OK)
		return ll_err_set(err, LL_EUSAGE, "split: %s", sub.msg);
	if ((unsigned)r->split > LL_RSPLIT_GROUPED)
		return ll_err_set(err, LL_EUSAGE, "split.kind: unknown kind");
	if (r->split == LL_RSPLIT_GROUPED && !r->group_column[0] && !r->session_column[0])
		return ll_err_set(err, LL_EUSAGE, "split.group: a grouped split needs a group column");
	if ((unsigned)r->scale > LL_SCALE_ROBUST)
		return ll_err_set(err, LL_EUSAGE, "scale: unknown kind");
	if (r->rebalance == LL_REBAL_WEIGHTS || (unsigned)r->rebalance > LL_REBAL_WEIGHTS)
		return ll_err_set(err, LL_EUSAGE,
				  "rebalance.method: must be none, over, under or smote (weights go in class_weight)");
	if (r->rebalance != LL_REBAL_NONE && !(r->rebalance_ratio > 0 && r->rebalance_ratio <= 1))
		return ll_err_set(err, LL_EUSAGE, "rebalance.ratio: must be in (0, 1], got %g", r->rebalance_ratio);
	if (r->rebalance == LL_REBAL_SMOTE && r->smote_k < 1)
		return ll_err_set(err, LL_EUSAGE, "rebalance.k: must be a positive integer, got %zu", r->smote_k);
	if (r->n_weights > LL_RECIPE_MAX_NAMES)
		return ll_err_set(err, LL_EUSAGE, "class_weight: at most %d classes", LL_RECIPE_MAX_NAMES);
	if (r->class_weight == LL_CWEIGHT_EXPLICIT) {
		if (r->n_weights == 0)
			return ll_err_set(err, LL_EUSAGE, "class_weight: explicit weights name at least one class");
		for (size_t i = 0; i < r->n_weights; i++)
			if (!(r->weights[i].weight >= 0) || isinf(r->weights[i].weight))
				return ll_err_set(err, LL_EUSAGE, "class_weight.%s: must be a number >= 0, got %g",
						  r->weights[i].cls, r->weights[i].weight);
	}
	return LL_OK;
}

/* -------------------------------------------------------- canonical text */

struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	if (b->oom)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = 1;
			return;
		}
		if (b->s && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 1024;
		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->oom = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
}

/* A string value, escaped so that any bytes keep the one-line form. */
static void sb_str(struct sbuf *b, const char *key, const char *v)
{
	sb_printf(b, "%s ", key);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p == '\\')
			sb_printf(b, "\\\\");
		else if (*p == '\n')
			sb_printf(b, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			sb_printf(b, "\\x%02x", *p);
		else
			sb_printf(b, "%c", *p);
	}
	sb_printf(b, "\n");
}

int ll_recipe_format(const struct ll_recipe *r, char **text, struct ll_err *err)
{
	struct sbuf b = {0};
	*text = NULL;
	sb_printf(&b, "loglab-recipe 1\n");
	sb_printf(&b, "target %s\n", ll_target_kind_name(r->target));
	if (r->n_ordinary == 0)
		for (size_t i = 0; i < NAMES_N(default_ordinary); i++)
			sb_str(&b, "ordinary", default_ordinary[i]);
	for (size_t i = 0; i < r->n_ordinary && i < LL_RECIPE_MAX_NAMES; i++)
		sb_str(&b, "ordinary", r->ordinary[i]);
	/* only when set, so recipes written before the key keep their text */
	if (r->unlabelled[0])
		sb_str(&b, "unlabelled", r->unlabelled);
	sb_str(&b, "columns", r->columns);
	sb_printf(&b, "columns_icase %d\n", r->columns_icase);
	sb_printf(&b, "interval %.17g\n", r->interval);
	sb_str(&b, "time_column", r->time_column);
	sb_printf(&b, "agg %s\n", ll_agg_name(r->agg));
	for (size_t i = 0; i < r->n_aggs && i < LL_RECIPE_MAX_AGGS; i++) {
		sb_printf(&b, "agg_column %s ", ll_agg_name(r->aggs[i].agg));
		sb_str(&b, "", r->aggs[i].column);
	}
	sb_printf(&b, "nan %s\n", ll_nan_policy_name(r->nan));
	sb_printf(&b, "window %s\n", ll_rwindow_kind_name(r->window));
	sb_printf(&b, "size %zu\nstride %zu\nflatten %d\n", r->size, r->stride, r->flatten);
	sb_printf(&b, "label %s\n", ll_label_rule_name(r->rule));
	sb_str(&b, "session_column", r->session_column);
	sb_str(&b, "event_column", r->event_column);
	sb_printf(&b, "length %.17g\nstep %.17g\n", r->length, r->step);
	sb_printf(&b, "text %s\n", ll_text_kind_name(r->text));
	sb_str(&b, "text_column", r->text_column);
	sb_printf(&b, "features %zu\nngram %d %d\nsublinear_tf %d\n", r->n_features, r->ngram_min, r->ngram_max,
		  r->sublinear_tf);
	/* only when set, so recipes written before the key keep their fingerprints */
	if (r->text_masks != LL_MASK_DEFAULT)
		sb_printf(&b, "masks 0x%x\n", r->text_masks);
	sb_printf(&b, "dim %d\nepochs %d\nmin_count %d\nw2v_window %d\n", r->dim, r->epochs, r->min_count,
		  r->w2v_window);
	sb_printf(&b, "split %s\n", ll_rsplit_kind_name(r->split));
	/* "rest" only when set, so recipes written before it keep their text */
	sb_printf(&b, "ratios %.17g %.17g %.17g%s\n", r->ratios.train, r->ratios.dev, r->ratios.test,
		  r->ratios.test_is_rest ? " rest" : "");
	sb_str(&b, "group_column", r->group_column);
	/* the scale applied: a w2v recipe that names none reads z-scored,
	 * and its fingerprint says so */
	sb_printf(&b, "scale %s\n", ll_scale_kind_name(ll_recipe_scale(r)));
	sb_printf(&b, "rebalance %s\nrebalance_ratio %.17g\nsmote_k %zu\n", ll_rebalance_name(r->rebalance),
		  r->rebalance_ratio, r->smote_k);
	sb_printf(&b, "class_weight %s\n",
		  r->class_weight == LL_CWEIGHT_NONE ? "none"
		  : r->class_weight == LL_CWEIGHT_BALANCED ? "balanced" : "explicit");
	if (r->class_weight == LL_CWEIGHT_EXPLICIT)
		for (size_t i = 0; i < r->n_weights && i < LL_RECIPE_MAX_NAMES; i++) {
			sb_printf(&b, "weight %.17g ", r->weights[i].weight);
			sb_str(&b, "", r->weights[i].cls);
		}
	sb_printf(&b, "seed %llu\n", (unsigned long long)r->seed);
	if (b.oom) {
		free(b.s);
		return ll_err_set(err, LL_ENOMEM, "out of memory formatting a recipe");
	}
	*text = b.s;
	return LL_OK;
}

/* --------------------------------------------------------------- manifest */

static void free_strv(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void ll_recipe_manifest_free(struct ll_recipe_manifest *m)
{
	if (!m)
		return;
	free_strv(m->columns, m->ncols);
	free_strv(m->classes, m->nclasses);
	free(m->counts_all);
	for (int p = 0; p < 3; p++)
		free(m->counts_part[p]);
	free(m->counts_train_after);
	free(m->class_weight);
	free(m->scaler_text);
	free(m->imputer_text);
	free(m->tfidf_text);
	free(m->w2v_summary);
	free_strv(m->warnings, m->nwarnings);
	memset(m, 0, sizeof *m);
}

static int man_warn(struct ll_recipe_manifest *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Rows per distinct time, rounded (rows of one time written together, as
 * a long table writes them: a run of one time counts once); 1 or less
 * for a series. */
static size_t rows_per_time(const struct ll_table *t, size_t time_col)
{
	size_t n = ll_table_nrows(t), runs = 0;
	const double *v = ll_table_column_data(t, time_col);
	for (size_t i = 0; i < n; i++)
		runs += !isnan(v[i]) && (i == 0 || v[i] != v[i - 1]);
	return runs ? (n + runs / 2) / runs : 0;
}

static int man_warn(struct ll_recipe_manifest *m, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char **w = realloc(m->warnings, (m->nwarnings + 1) * sizeof *w);
	if (!w)
		return LL_ENOMEM;
	m->warnings = w;
	if (!(w[m->nwarnings] = strdup(buf)))
		return LL_ENOMEM;
	m->nwarnings++;
	return LL_OK;
}

/* ------------------------------------------------------------------ build */

struct build {
	const struct ll_table *t;
	const struct ll_recipe *r;
	struct ll_recipe_manifest *man;
	ll_recipe_progress_fn progress;
	void *ctx;
	struct ll_err *err;

	/* target */
	int *cls_map;          /* table class -> target class, -1 */
	size_t ntarget;
	int ordinary;          /* target ordinary class or -1 */
	int unlabelled;        /* target class of unlabelled rows, -1 = none */

	/* rows after resampling / NaN policy (numeric family) */
	struct ll_table *resampled;
	struct ll_table *sorted;  /* the resampled columns in time order, when the data is not */
	size_t *sorted_rows;      /* the data's row of each sorted row */
	size_t *sorted_cols;      /* 1..ncols: the feature columns of sorted */
	size_t nrows, d;
	float *X;              /* nrows x d */
	int *y;                /* nrows */
	size_t *row_origin;    /* nrows source rows */
	char **names;          /* d names (borrowed from a table) */

	/* templates */
	long *tids;            /* table rows; owned when mined */
	int tids_owned;
	size_t ntemplates;
	struct ll_tpl *tpl;

	/* text */
	int text_col;

	/* strings of a column (session ids, groups) */
	char **strs;
	char *strs_pool;

	struct ll_w2v *w2v;
	struct ll_tfidf *tfidf;
	struct ll_codes *codes; /* the training lines' codes (tfidf, codes kept) */
};

static int stage(struct build *b, const char *name, double f)
{
	if (b->progress && b->progress(b->ctx, name, f))
		return ll_err_set(b->err, LL_ECANCEL, "cancelled while building features (%s)", name);
	return LL_OK;
}

static int nomem(struct build *b, const char *what)
{
	return ll_err_set(b->err, LL_ENOMEM, "out of memory for %s", what);
}

static int is_ordinary_name(const struct ll_recipe *r, const char *name);

int ll_recipe_is_ordinary(const struct ll_recipe *r, const char *name)
{
	return is_ordinary_name(r, name);
}

int ll_recipe_label_ordinary(const struct ll_recipe *r, const char *name)
{
	if (!name)
		return r->unlabelled[0] && is_ordinary_name(r, r->unlabelled);
	return is_ordinary_name(r, name);
}

size_t ll_recipe_root_cause_class(const struct ll_recipe *r, const char *predicted, const char *const *classes,
				  size_t n, const char **out)
{
	*out = NULL;
	size_t ncand = 0;
	const char *only = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!classes[i] || is_ordinary_name(r, classes[i]))
			continue;
		if (predicted && !strcmp(classes[i], predicted)) {
			*out = classes[i];
			return 1;
		}
		only = classes[i];
		ncand++;
	}
	if (ncand == 1)
		*out = only;
	else if (ncand == 0)
		*out = predicted && *predicted && !is_ordinary_name(r, predicted) && r->target != LL_TARGET_BINARY
			       ? predicted
			       : "1";
	return ncand;
}

/* The number a class name stands for: a number as written, or a boolean
 * (pandas writes a 0/1 flag as False/True). */
static int label_number(const char *s, double *v)
{
	if (strcasecmp(s, "false") == 0 || strcasecmp(s, "true") == 0) {
		*v = strcasecmp(s, "true") == 0;
		return 1;
	}
	return ll_parse_number(s, strlen(s), v);
}

int ll_class_name_is(const char *name, const char *want)
{
	if (strcasecmp(name, want) == 0)
		return 1;
	/* a label column read as numbers writes its classes as it found them
	 * ("0.0", "1.00", "+0", "False"): the same number is the same class */
	double a, b;
	return label_number(name, &a) && label_number(want, &b) && a == b;
}

int ll_default_ordinary_name(const char *name)
{
	for (size_t i = 0; i < NAMES_N(default_ordinary); i++)
		if (ll_class_name_is(name, default_ordinary[i]))
			return 1;
	return 0;
}

size_t ll_default_ordinary_names(const char *const **names)
{
	*names = default_ordinary;
	return NAMES_N(default_ordinary);
}

int ll_default_ordinary_new_name(const char *name)
{
	for (size_t i = 0; i < LL_ORDINARY_DEFAULTS_V1; i++)
		if (ll_class_name_is(name, default_ordinary[i]))
			return 0;
	return ll_default_ordinary_name(name);
}

void ll_recipe_pin_ordinary_v1(struct ll_recipe *r)
{
	if (r->n_ordinary)
		return;
	for (size_t i = 0; i < LL_ORDINARY_DEFAULTS_V1; i++)
		snprintf(r->ordinary[i], LL_RECIPE_STR, "%s", default_ordinary[i]);
	r->n_ordinary = LL_ORDINARY_DEFAULTS_V1;
}

static int is_ordinary_name(const struct ll_recipe *r, const char *name)
{
	if (r->n_ordinary == 0)
		return ll_default_ordinary_name(name);
	for (size_t i = 0; i < r->n_ordinary; i++)
		if (ll_class_name_is(name, r->ordinary[i]))
			return 1;
	return 0;
}

/* Ordinary names that match none of the data's classes: a binary target
 * (rc_class NULL) makes every labelled row a root cause, and the training
 * then refuses a single class; classes kept as they are (rc_class, the
 * class the root-cause figures then take) train, measured on a question
 * nobody asked. The warning names both lists, since the usual cause is
 * classes spelt otherwise ("ok", "benign") than target.ordinary says. */
static int warn_no_ordinary(struct build *b, const char *rc_class)
{
	char classes[400], names[300];
	size_t o = 0, nc = ll_table_nclasses(b->t);
	classes[0] = names[0] = '\0';
	for (size_t k = 0; k < nc && o < sizeof classes; k++)
		o += (size_t)snprintf(classes + o, sizeof classes - o, "%s\"%s\"", k ? ", " : "",
				      ll_table_class_name(b->t, k));
	o = 0;
	size_t nn = b->r->n_ordinary ? b->r->n_ordinary : NAMES_N(default_ordinary);
	for (size_t i = 0; i < nn && o < sizeof names; i++)
		o += (size_t)snprintf(names + o, sizeof names - o, "%s\"%s\"", i ? ", " : "",
				      b->r->n_ordinary ? b->r->ordinary[i] : default_ordinary[i]);
	if (!rc_class)
		return man_warn(b->man,
				"target: none of the data's classes (%s) is an ordinary one (target.ordinary: %s%s); "
				"every labelled row is a root cause",
				classes, names, b->r->n_ordinary ? "" : ", the default");
	return man_warn(b->man,
			"target: none of the data's classes (%s) is an ordinary one (target.ordinary: %s%s); "
			"the root-cause score and its AUROC and AP take class \"%s\" against the others, %sand the "
			"review queue has no ordinary line; name the ordinary class in target.ordinary",
			classes, names, b->r->n_ordinary ? "" : ", the default", rc_class,
			(b->r->window != LL_RWIN_NONE && b->r->rule == LL_LABEL_ANY) || b->r->interval > 0
				? "a window's or bucket's class is its rows' commonest (not any root cause's), "
				: "");
}

static int set_target(struct build *b)
{
	const struct ll_table *t = b->t;
	size_t nc = ll_table_nclasses(t);
	struct ll_recipe_manifest *m = b->man;
	b->cls_map = malloc((nc ? nc : 1) * sizeof *b->cls_map);
	if (!b->cls_map)
		return nomem(b, "the class map");
	b->ordinary = -1;
	b->unlabelled = -1;
	const char *unl = b->r->unlabelled[0] ? b->r->unlabelled : NULL;
	int unl_new = 0; /* classes mode: the name is not a class of the table */
	if (b->r->target == LL_TARGET_BINARY) {
		b->ntarget = 2;
		b->ordinary = 0;
		if (unl)
			b->unlabelled = is_ordinary_name(b->r, unl) ? 0 : 1;
		int any = 0;
		for (size_t k = 0; k < nc; k++) {
			b->cls_map[k] = is_ordinary_name(b->r, ll_table_class_name(t, k)) ? 0 : 1;
			any |= b->cls_map[k] == 0;
		}
		/* unlabelled rows given an ordinary class are the ordinary side
		 * (a raw log where only the root causes were marked) */
		if (nc && !any && b->unlabelled != 0 && warn_no_ordinary(b, NULL))
			return nomem(b, "a warning");
	} else {
		b->ntarget = nc;
		for (size_t k = 0; k < nc; k++) {
			b->cls_map[k] = (int)k;
			if (b->ordinary < 0 && is_ordinary_name(b->r, ll_table_class_name(t, k)))
				b->ordinary = (int)k;
			if (unl && b->unlabelled < 0 && strcmp(ll_table_class_name(t, k), unl) == 0)
				b->unlabelled = (int)k;
		}
		if (unl && b->unlabelled < 0) {
			b->unlabelled = (int)nc;
			b->ntarget = nc + 1;
			unl_new = 1;
			if (b->ordinary < 0 && is_ordinary_name(b->r, unl))
				b->ordinary = (int)nc;
		}
	}
	m->nclasses = b->ntarget;
	m->classes = calloc(b->ntarget ? b->ntarget : 1, sizeof *m->classes);
	if (!m->classes)
		return nomem(b, "class names");
	for (size_t k = 0; k < b->ntarget; k++) {
		const char *name = b->r->target == LL_TARGET_BINARY ? (k ? "root cause" : "ordinary")
				   : unl_new && k == nc			? unl
									: ll_table_class_name(t, k);
		if (!(m->classes[k] = strdup(name)))
			return nomem(b, "class names");
	}
	if (nc == 0 && !unl && man_warn(m, "the dataset has no labels: every sample is unlabelled"))
		return nomem(b, "a warning");
	/* Classes of which none is ordinary: the root-cause figures then
	 * measure class 1 alone (ll_exp_rc_truth), which a table labelled
	 * "ok" / "cpu" / "io" did not ask for; said, as for a binary target. */
	if (b->r->target != LL_TARGET_BINARY && nc && b->ntarget >= 2 && b->ordinary < 0 &&
	    warn_no_ordinary(b, m->classes[1]))
		return nomem(b, "a warning");
	return LL_OK;
}

static int target_of(const struct build *b, int cls)
{
	return cls < 0 ? b->unlabelled : b->cls_map[cls];
}

static int find_col(struct build *b, const char *name, const char *key, int *col)
{
	int c = ll_table_find_column(b->t, name);
	if (c < 0) {
		char list[600] = "";
		for (size_t j = 0; j < ll_table_ncols(b->t) && strlen(list) < 500; j++) {
			strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
			strncat(list, ll_table_col_name(b->t, j), sizeof list - strlen(list) - 1);
		}
		return ll_err_set(b->err, LL_EUSAGE, "%s: unknown column '%s' (columns: %s)", key, name, list);
	}
	*col = c;
	return LL_OK;
}

/* The strings of column col for every table row in b->strs (numbers are
 * formatted into one pool). */
static int column_strings(struct build *b, int col)
{
	const struct ll_table *t = b->t;
	size_t n = ll_table_nrows(t);
	free(b->strs);
	free(b->strs_pool);
	b->strs_pool = NULL;
	b->strs = malloc((n ? n : 1) * sizeof *b->strs);
	if (!b->strs)
		return nomem(b, "column values");
	if (ll_table_col_type(t, (size_t)col) == LL_COL_TEXT) {
		for (size_t i = 0; i < n; i++)
			b->strs[i] = (char *)ll_table_text(t, i, (size_t)col);
		return LL_OK;
	}
	size_t total = 0;
	char tmp[64];
	for (size_t i = 0; i < n; i++)
		total += ll_table_format_cell(t, i, (size_t)col, tmp, sizeof tmp) + 1;
	b->strs_pool = malloc(total ? total : 1);
	if (!b->strs_pool)
		return nomem(b, "column values");
	char *p = b->strs_pool;
	for (size_t i = 0; i < n; i++) {
		size_t len = ll_table_format_cell(t, i, (size_t)col, p, total - (size_t)(p - b->strs_pool));
		b->strs[i] = p;
		p += len + 1;
	}
	return LL_OK;
}

static int resolve_text_col(struct build *b)
{
	const char *name = b->r->text_column[0] ? b->r->text_column : ll_table_meta(b->t, "text_column");
	if (!name)
		name = "line";
	int rc = find_col(b, name, "text.column", &b->text_col);
	if (rc)
		return rc;
	if (ll_table_col_type(b->t, (size_t)b->text_col) != LL_COL_TEXT)
		return ll_err_set(b->err, LL_EUSAGE, "text.column: '%s' is not a text column", name);
	if (b->text_col == ll_table_label_source(b->t))
		return ll_err_set(b->err, LL_EUSAGE,
				  "text.column: '%s' is the column the labels come from (a model would learn the answer)",
				  name);
	return LL_OK;
}

/* The miner's line source: the text column's cells (the table is not
 * changed while mining, so threads may read it). */
static int table_text(void *ctx, int worker, size_t i, const char **s, size_t *len)
{
	const struct build *b = ctx;
	(void)worker;
	*s = ll_table_text(b->t, i, (size_t)b->text_col);
	*len = *s ? strlen(*s) : 0;
	return 0;
}

/* Template ids of every row: given, or mined from the text column. */
static int get_templates(struct build *b, const struct ll_recipe_templates *tmpl)
{
	size_t n = ll_table_nrows(b->t);
	if (tmpl) {
		if (tmpl->nrows != n)
			return ll_err_set(b->err, LL_EUSAGE, "templates: %zu ids for a table of %zu rows", tmpl->nrows, n);
		b->tids = (long *)tmpl->ids;
		b->ntemplates = tmpl->ntemplates;
		return LL_OK;
	}
	int rc = resolve_text_col(b);
	if (rc)
		return rc;
	struct ll_tpl_config cfg;
	ll_tpl_config_default(&cfg);
	if ((rc = ll_tpl_new(&cfg, &b->tpl, b->err)) != LL_OK)
		return rc;
	b->tids = malloc((n ? n : 1) * sizeof *b->tids);
	if (!b->tids)
		return nomem(b, "template ids");
	b->tids_owned = 1;
	if ((rc = stage(b, "templates", 0.0)) != LL_OK)
		return rc;
	if ((rc = ll_tpl_mine(b->tpl, n, table_text, b, b->tids, NULL, NULL, b->err)) != LL_OK)
		return rc;
	b->ntemplates = ll_tpl_count(b->tpl);
	return LL_OK;
}

/* Rows of X a pass over a table's columns fills at a time (64 KiB of X
 * for 64 columns). */
#define ROW_BLOCK 256

/* The first column of X (n x d) without a single value, d when every
 * one has some: after a policy that fills the gaps, the only NaNs left;
 * after "mean", which leaves them to the fit, not. One pass by rows, not
 * one per column with a stride of the row. */
static size_t first_empty_column(const float *X, size_t n, size_t d)
{
	unsigned char *seen = calloc(d ? d : 1, 1);
	if (!seen)
		return d; /* the check is a courtesy: the fit fills such a column with 0 */
	size_t unseen = d;
	for (size_t i = 0; i < n && unseen; i++) {
		const float *row = X + i * d;
		for (size_t j = 0; j < d; j++)
			if (!seen[j] && !isnan(row[j])) {
				seen[j] = 1;
				unseen--;
			}
	}
	size_t first = 0;
	while (first < d && seen[first])
		first++;
	free(seen);
	return first;
}

/* Fills rows prev+1 .. i-1 of column j, a gap before the value v at row
 * i: forward (or, before the first value, backward) or linearly. */
static void fill_gap(struct build *b, size_t j, long prev, size_t i, float v)
{
	size_t d = b->d;
	float *X = b->X;
	for (size_t k = (size_t)(prev + 1); k < i; k++) {
		float f;
		if (prev < 0 || b->r->nan == LL_NAN_FFILL)
			f = prev < 0 ? v : X[(size_t)prev * d + j];
		else {
			double a = X[(size_t)prev * d + j];
			double t = (double)(k - (size_t)prev) / (double)(i - (size_t)prev);
			f = (float)(a + (v - a) * t);
		}
		X[k * d + j] = f;
		b->man->nan_filled++;
	}
}

/* Applies the NaN policy to the rows of b->X without down-sampling. */
static int nan_policy_rows(struct build *b)
{
	size_t n = b->nrows, d = b->d;
	float *X = b->X;
	enum ll_nan_policy p = b->r->nan;
	if (p == LL_NAN_MEAN || p == LL_NAN_KEEP)
		return LL_OK; /* the fit fills them, from the training part */
	if (p == LL_NAN_DROP) {
		size_t w = 0;
		for (size_t i = 0; i < n; i++) {
			int bad = 0;
			for (size_t j = 0; j < d && !bad; j++)
				bad = isnan(X[i * d + j]);
			if (bad)
				continue;
			if (w != i) {
				memmove(X + w * d, X + i * d, d * sizeof *X);
				b->y[w] = b->y[i];
				b->row_origin[w] = b->row_origin[i];
			}
			w++;
		}
		b->man->nan_dropped = n - w;
		b->nrows = w;
		return LL_OK;
	}
	/* By rows, with each column's last row with a value: X is by row, and
	 * a pass per column would read it d times with a stride of the row.
	 * A gap is filled when the value after it comes, from the values on
	 * its two sides, which are never filled ones: the cells and counts of a
	 * pass per column. */
	long *prev = malloc((d ? d : 1) * sizeof *prev);
	if (!prev)
		return nomem(b, "the missing values");
	for (size_t j = 0; j < d; j++)
		prev[j] = -1;
	for (size_t i = 0; i < n; i++) {
		float *row = X + i * d;
		for (size_t j = 0; j < d; j++) {
			float v = row[j];
			if (isnan(v)) {
				if (p == LL_NAN_ZERO) {
					row[j] = 0;
					b->man->nan_filled++;
				}
				continue;
			}
			if (p != LL_NAN_ZERO && (size_t)(prev[j] + 1) < i)
				fill_gap(b, j, prev[j], i, v);
			prev[j] = (long)i;
		}
	}
	for (size_t j = 0; j < d; j++)
		if (p != LL_NAN_ZERO && prev[j] >= 0)
			for (size_t k = (size_t)(prev[j] + 1); k < n; k++) {
				X[k * d + j] = X[(size_t)prev[j] * d + j];
				b->man->nan_filled++;
			}
	free(prev);
	return LL_OK;
}

/* The default columns are every number column, and an export may have one
 * without a single value (a counter the host never filled): it is left out
 * with a warning naming it instead of stopping the build. A regex that
 * names such a column still stops it (below), as the user asked for it. */
static int drop_empty_columns(struct build *b, size_t *cols, size_t *ncols)
{
	const struct ll_table *t = b->t;
	size_t n = ll_table_nrows(t), w = 0, dropped = 0;
	char list[300] = "";
	size_t len = 0;
	for (size_t j = 0; j < *ncols; j++) {
		size_t i = 0; /* cell by cell: no array for a sparse column */
		while (i < n && isnan(ll_table_num(t, i, cols[j])))
			i++;
		if (i < n || n == 0) {
			cols[w++] = cols[j];
			continue;
		}
		if (dropped++ < 4) {
			int k = snprintf(list + len, sizeof list - len, "%s'%s'", len ? ", " : "",
					 ll_table_col_name(t, cols[j]));
			if (k > 0 && (size_t)k < sizeof list - len)
				len += (size_t)k;
		}
	}
	if (!dropped)
		return LL_OK;
	if (w == 0)
		return ll_err_set(b->err, LL_EUSAGE, "columns: no number column has a value");
	*ncols = w;
	if (man_warn(b->man, "columns: %zu number column%s without a single value left out: %s%s", dropped,
		     dropped == 1 ? "" : "s", list, dropped > 4 ? ", ..." : ""))
		return nomem(b, "a warning");
	return LL_OK;
}

/* The aggregator resampling gives column col of the table (the recipe's
 * agg unless aggs names it). */
static enum ll_agg agg_of(const struct ll_recipe *r, const char *col)
{
	for (size_t a = 0; a < r->n_aggs; a++)
		if (strcmp(r->aggs[a].column, col) == 0)
			return r->aggs[a].agg;
	return r->agg;
}

/* 1 when a column of rows in time order only grows (or, newest first,
 * only shrinks), as a counter since a start does (requests served, bytes
 * sent, /proc/stat's ticks): it moves on most steps, one way, at most one
 * step in a hundred back (a restart). 2 when it moves by one same step on
 * every row: it numbers the rows (loghub's LineId). */
static int counter_like(const struct ll_table *t, size_t col)
{
	size_t n = ll_table_nrows(t), up = 0, down = 0, steps = 0;
	double prev = NAN, step = NAN;
	int even = 1;
	for (size_t i = 0; i < n; i++) {
		double v = ll_table_num(t, i, col);
		if (isnan(v)) {
			even = 0;
			continue;
		}
		if (!isnan(prev)) {
			steps++;
			up += v > prev;
			down += v < prev;
			if (isnan(step))
				step = v - prev;
			even = even && v - prev == step && step != 0;
		}
		prev = v;
	}
	size_t moved = up > down ? up : down, back = up > down ? down : up;
	if (steps < 20 || moved * 2 < steps || back * 100 > steps)
		return 0;
	return even ? 2 : 1;
}

/* A value that only grows tells how long its source has run more than
 * what it does now: a model of such columns learns the time. Said, with
 * the way to their pace (a rate), unless they are resampled as rates; and
 * a column that numbers the rows is said to, in any table. */
static int warn_counters(struct build *b, const size_t *cols, size_t ncols)
{
	const struct ll_table *t = b->t;
	/* rows in no time order: a column that grows is a sort key, not a
	 * counter; a row number is one either way */
	int timed = rows_in_time_order(t, ll_table_label_source(t));
	size_t found = 0, len = 0;
	char list[300] = "";
	for (size_t j = 0; j < ncols; j++) {
		const char *name = ll_table_col_name(t, cols[j]);
		if (b->r->interval > 0 && agg_of(b->r, name) == LL_AGG_RATE)
			continue;
		int kind = counter_like(t, cols[j]);
		if (kind == 2 && man_warn(b->man,
					  "columns: '%s' moves by one same step on every row: it numbers the rows (or counts "
					  "their time), so a model of it learns where a row is, not what happened; a columns "
					  "regex can leave it out",
					  name))
			return nomem(b, "a warning");
		if (kind != 1 || !timed)
			continue;
		if (found++ < 3) {
			int k = snprintf(list + len, sizeof list - len, "%s'%s'", len ? ", " : "", name);
			if (k > 0 && (size_t)k < sizeof list - len)
				len += (size_t)k;
		}
	}
	if (found && man_warn(b->man,
			      "columns: %zu column%s only grow%s row after row, as counters and running totals do "
			      "(%s%s): %s value%s tell%s how far along the rows are more than what happens; resample "
			      "with \"agg\": \"rate\" (or resample.aggs) for %s pace",
			      found, found == 1 ? "" : "s", found == 1 ? "s" : "", list, found > 3 ? ", ..." : "",
			      found == 1 ? "its" : "their", found == 1 ? "" : "s", found == 1 ? "s" : "",
			      found == 1 ? "its" : "their"))
		return nomem(b, "a warning");
	return LL_OK;
}

/* The column that numbers or names the rows (LL_COLSEL_ROW_NAMES_META: R's
 * and pandas' row names), or -1: a row's place in the file is no
 * measurement, and in a file sorted by class it is the answer, so the
 * default columns leave it out; a regex that names it keeps it. */
static int row_names_col(const struct ll_table *t)
{
	const char *name = ll_table_meta(t, LL_COLSEL_ROW_NAMES_META);
	return name ? ll_table_find_column(t, name) : -1;
}

/* A warning naming the text columns the user's regex matches: features
 * are numbers, so a text column (a partition, a host name) is left out,
 * and the user should hear it rather than find it missing from the
 * manifest. The label's own column, log lines' "line", the column the
 * text features read and a column made a column per value
 * (LL_RECIPE_ONEHOT_META) are no loss. */
static int warn_text_columns(struct build *b)
{
	const struct ll_recipe *r = b->r;
	const struct ll_table *t = b->t;
	size_t *all = NULL, nall = 0;
	struct ll_err sub;
	unsigned flags = LL_COLSEL_NOTIME | LL_COLSEL_TEXT | (r->columns_icase ? LL_COLSEL_ICASE : 0);
	if (ll_colsel_match(t, r->columns, flags, &all, &nall, &sub) != LL_OK)
		return LL_OK; /* the number columns' match reports the regex's problems */
	char list[256] = "";
	size_t len = 0, n = 0;
	const char *text_src = r->text_column[0] ? r->text_column : ll_table_meta(t, "text_column");
	for (size_t j = 0; j < nall; j++) {
		const char *name = ll_table_col_name(t, all[j]);
		char key[512];
		snprintf(key, sizeof key, LL_RECIPE_ONEHOT_META "%s", name);
		if (ll_table_col_type(t, all[j]) != LL_COL_TEXT || strcmp(name, "line") == 0 ||
		    (r->text != LL_TEXT_NONE && text_src && strcmp(name, text_src) == 0) || ll_table_meta(t, key))
			continue;
		n++;
		if (n <= 4 && len < sizeof list) {
			int k = snprintf(list + len, sizeof list - len, "%s'%s'", n > 1 ? ", " : "",
					 ll_table_col_name(t, all[j]));
			if (k > 0 && (size_t)k < sizeof list - len)
				len += (size_t)k;
		}
	}
	free(all);
	if (n && man_warn(b->man, "columns: %zu text column%s matched and left out (features are numbers: a column "
				  "of 2 to 32 values becomes a column per value; text features come from \"text\"): %s%s",
			  n, n == 1 ? "" : "s", list, n > 4 ? ", ..." : ""))
		return nomem(b, "a warning");
	return LL_OK;
}

int ll_recipe_match_columns(const struct ll_recipe *r, const struct ll_table *t, size_t **cols, size_t *ncols,
			    struct ll_err *err)
{
	/* No regex: every number column (time columns never) but the rows' names,
	 * unless nothing else is left. */
	unsigned flags = LL_COLSEL_NOTIME | (r->columns_icase ? LL_COLSEL_ICASE : 0);
	int rc = ll_colsel_match(t, r->columns[0] ? r->columns : "^", flags, cols, ncols, err);
	if (rc != LL_OK && !r->columns[0]) {
		/* the default names no regex: say what it looked for */
		char have[200];
		size_t nc = ll_colsel_names(t, LL_COLSEL_TEXT, have, sizeof have);
		return ll_err_set(err, rc,
				  "no number column to take (the default takes every number column; the data's %zu "
				  "column%s: %s); name text features in \"text\", or read the data as a table (a "
				  "dataset's \"format\", --format csv)",
				  nc, nc == 1 ? "" : "s", have);
	}
	int rn = row_names_col(t);
	if (rc != LL_OK || r->columns[0] || rn < 0 || *ncols < 2)
		return rc;
	size_t w = 0;
	for (size_t j = 0; j < *ncols; j++)
		if ((int)(*cols)[j] != rn)
			(*cols)[w++] = (*cols)[j];
	*ncols = w;
	return LL_OK;
}

/* Columns by regex, optional down-sampling, NaN policy: b->X, y, origin. */
static int numeric_rows(struct build *b)
{
	const struct ll_recipe *r = b->r;
	const struct ll_table *t = b->t;
	size_t *cols = NULL, ncols = 0;
	struct ll_err sub;
	ll_err_clear(&sub);
	int rc = ll_recipe_match_columns(r, t, &cols, &ncols, &sub);
	if (rc)
		return ll_err_set(b->err, rc, "columns: %s", sub.msg);
	struct ll_recipe_manifest *m = b->man;
	if (r->columns[0] && (rc = warn_text_columns(b)) != LL_OK) {
		free(cols);
		return rc;
	}
	int rn = r->columns[0] ? -1 : row_names_col(t);
	size_t at = 0;
	while (rn >= 0 && at < ncols && (int)cols[at] != rn)
		at++;
	if (rn >= 0 && at == ncols &&
	    man_warn(m, "columns: '%s' numbers or names the rows (row names): left out; a columns regex that names it "
			"keeps it", ll_table_col_name(t, (size_t)rn))) {
		free(cols);
		return nomem(b, "a warning");
	}
	if (!r->columns[0] && (rc = drop_empty_columns(b, cols, &ncols)) != LL_OK) {
		free(cols);
		return rc;
	}
	if ((rc = warn_counters(b, cols, ncols)) != LL_OK) {
		free(cols);
		return rc;
	}
	m->ncols = ncols;
	m->columns = calloc(ncols, sizeof *m->columns);
	if (!m->columns) {
		free(cols);
		return nomem(b, "column names");
	}
	for (size_t j = 0; j < ncols; j++)
		if (!(m->columns[j] = strdup(ll_table_col_name(t, cols[j])))) {
			free(cols);
			return nomem(b, "column names");
		}
	const struct ll_table *src = t;
	size_t first = 0; /* first feature column of src */
	if (r->interval > 0) {
		enum ll_agg *aggs = malloc(ncols * sizeof *aggs);
		if (!aggs) {
			free(cols);
			return nomem(b, "aggregators");
		}
		for (size_t j = 0; j < ncols; j++)
			aggs[j] = r->agg;
		for (size_t a = 0; a < r->n_aggs; a++) {
			size_t j = 0;
			while (j < ncols && strcmp(ll_table_col_name(t, cols[j]), r->aggs[a].column) != 0)
				j++;
			if (j == ncols) {
				int c = ll_table_find_column(t, r->aggs[a].column);
				rc = ll_err_set(b->err, LL_EUSAGE,
						c < 0 ? "resample.aggs.%s: unknown column"
						      : "resample.aggs.%s: not among the columns matched by 'columns'",
						r->aggs[a].column);
				free(aggs);
				free(cols);
				return rc;
			}
			aggs[j] = r->aggs[a].agg;
		}
		struct ll_resample_spec spec = {0};
		spec.interval = r->interval;
		spec.time_col = -1;
		if (r->time_column[0]) {
			if ((rc = find_col(b, r->time_column, "resample.time_column", &spec.time_col)) != LL_OK) {
				free(aggs);
				free(cols);
				return rc;
			}
		} else {
			spec.time_col = ll_table_clock(t, -1);
			if (spec.time_col < 0) {
				free(aggs);
				free(cols);
				/* a header alone has no column of times to find */
				return ll_err_set(b->err, LL_EUSAGE, "resample.interval: the dataset has no %s",
						  ll_table_nrows(t) ? "time column" : "rows");
			}
		}
		spec.ncols = ncols;
		spec.cols = cols;
		spec.aggs = aggs;
		spec.agg = r->agg;
		spec.nan = r->nan;
		spec.ordinary = -1;
		/* The bucket vote needs the table's ordinary class id. */
		for (size_t k = 0; k < ll_table_nclasses(t) && spec.ordinary < 0; k++)
			if (is_ordinary_name(r, ll_table_class_name(t, k)))
				spec.ordinary = (int)k;
		struct ll_resample_info info;
		ll_err_clear(&sub);
		size_t per_time = rows_per_time(t, (size_t)spec.time_col);
		/* Rows out of time order (written late, files concatenated) are
		 * resampled in time order, said in a warning, not refused. */
		size_t moved = 0;
		rc = ll_resample_sort(t, (size_t)spec.time_col, cols, ncols, &b->sorted, &b->sorted_rows, &moved, &sub);
		if (rc == LL_OK && b->sorted) {
			if (!(b->sorted_cols = malloc(ncols * sizeof *b->sorted_cols)))
				rc = ll_err_set(&sub, LL_ENOMEM, "out of memory");
			for (size_t j = 0; rc == LL_OK && j < ncols; j++)
				b->sorted_cols[j] = j + 1;
			spec.cols = b->sorted_cols;
			spec.time_col = 0;
			if (rc == LL_OK &&
			    man_warn(m, "resample: %zu rows came after a later time; resampled in time order (rows of "
					"one time keep theirs)",
				     moved))
				rc = ll_err_set(&sub, LL_ENOMEM, "out of memory");
		}
		if (rc == LL_OK)
			rc = ll_resample(b->sorted ? b->sorted : t, &spec, &b->resampled, &info, &sub);
		free(aggs);
		if (rc) {
			free(cols);
			return ll_err_set(b->err, rc, "resample: %s", sub.msg);
		}
		m->nan_filled = info.filled;
		m->nan_dropped = info.dropped;
		if (per_time >= 2 &&
		    man_warn(m, "resample: %zu rows a time on average (a table with a row per time and entity, such as a "
				"process table, kept long): each bucket mixes the entities' values; the dataset's "
				"\"entity\" key names the columns that tell them apart",
			     per_time)) {
			free(cols);
			return nomem(b, "a warning");
		}
		if (info.rows_no_time &&
		    man_warn(m, "resample: %zu rows without a time were skipped", info.rows_no_time)) {
			free(cols);
			return nomem(b, "a warning");
		}
		src = b->resampled;
		first = 1;
	}
	size_t n = ll_table_nrows(src), d = ncols;
	b->nrows = n;
	b->d = d;
	if (n == 0) {
		free(cols);
		return ll_err_set(b->err, LL_EUSAGE, "columns: no rows to build features from");
	}
	b->X = malloc(n * d * sizeof *b->X);
	b->y = malloc(n * sizeof *b->y);
	b->row_origin = malloc(n * sizeof *b->row_origin);
	b->names = malloc(d * sizeof *b->names);
	if (!b->X || !b->y || !b->row_origin || !b->names) {
		free(cols);
		return nomem(b, "the feature rows");
	}
	const double **colv = malloc(d * sizeof *colv);
	if (!colv) {
		free(cols);
		return nomem(b, "the feature rows");
	}
	for (size_t j = 0; j < d; j++) {
		size_t c = src == t ? cols[j] : first + j;
		colv[j] = ll_table_column_dense(src, c); /* NULL: sparse, read cell by cell */
		b->names[j] = (char *)ll_table_col_name(src, c);
	}
	/* The table is by column, X by row: a column at a time over all rows
	 * would store with a stride of the row across the whole matrix, d
	 * times (a tenth of a build's time on 1M x 20); a block of rows at a
	 * time keeps its part of X in the cache while each column fills it. */
	for (size_t i0 = 0; i0 < n; i0 += ROW_BLOCK) {
		size_t i1 = n - i0 < ROW_BLOCK ? n : i0 + ROW_BLOCK;
		for (size_t j = 0; j < d; j++) {
			const double *v = colv[j];
			if (!v) { /* a dense copy of each sparse column would outlive the build */
				size_t c = src == t ? cols[j] : first + j;
				for (size_t i = i0; i < i1; i++)
					b->X[i * d + j] = (float)ll_table_num(src, i, c);
				continue;
			}
			for (size_t i = i0; i < i1; i++)
				b->X[i * d + j] = (float)v[i];
		}
	}
	free(colv);
	/* An infinite cell ("inf", or a number past float's 3.4e38 such as
	 * 1e308) is no missing value to fill, and every model refused it only
	 * at training, as "row 3 column 2" of its own part: named here by
	 * column and row, with its value, as scikit-learn refuses "Input X
	 * contains infinity or a value too large for dtype('float32')" */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++) {
			if (!isinf(b->X[i * d + j]))
				continue;
			size_t c = src == t ? cols[j] : first + j;
			double v = ll_table_num(src, i, c);
			free(cols);
			if (isinf(v))
				return ll_err_set(b->err, LL_EDATA,
						  "columns: '%s' is %s on %s %zu: not a finite number (leave the column "
						  "out with a columns regex, or correct the data)",
						  b->names[j], v > 0 ? "inf" : "-inf", src == t ? "row" : "resampled row",
						  i + 1);
			return ll_err_set(b->err, LL_EDATA,
					  "columns: '%s' is %g on %s %zu: beyond the range of a feature (a 32-bit float, "
					  "at most 3.4e38 in size); leave the column out with a columns regex, or give it "
					  "in other units",
					  b->names[j], v, src == t ? "row" : "resampled row", i + 1);
		}
	for (size_t i = 0; i < n; i++)
		b->y[i] = target_of(b, ll_table_label(src, i));
	if (src == t) {
		for (size_t i = 0; i < n; i++)
			b->row_origin[i] = i;
		rc = nan_policy_rows(b);
	} else {
		/* A bucket's origin is the first source row at or after its start
		 * (in time order: through the sorted copy's rows when there is one). */
		const double *tb = ll_table_column_data(src, 0);
		int tc = -1;
		for (size_t j = 0; j < ll_table_ncols(t) && tc < 0; j++)
			if (strcmp(ll_table_col_name(t, j), ll_table_col_name(src, 0)) == 0 &&
			    ll_table_col_type(t, j) == LL_COL_TIME)
				tc = (int)j;
		const double *ts = b->sorted ? ll_table_column_data(b->sorted, 0)
				   : tc >= 0 ? ll_table_column_data(t, (size_t)tc)
					     : NULL;
		size_t tn = ll_table_nrows(t), k = 0;
		for (size_t i = 0; i < n; i++) {
			while (ts && k < tn && !(ts[k] >= tb[i]))
				k++;
			size_t o = k < tn ? k : tn - 1;
			b->row_origin[i] = b->sorted ? b->sorted_rows[o] : o;
		}
	}
	m->rows_used = b->nrows;
	free(cols);
	if (rc)
		return rc;
	if (b->nrows == 0)
		return ll_err_set(b->err, LL_EUSAGE, "nan: the policy \"drop\" left no row (every row has a missing value)");
	size_t empty = first_empty_column(b->X, b->nrows, d);
	int had = 0; /* values before resampling: its aggregator gave none (a rate of one value) */
	if (empty < d && r->interval > 0) {
		int c = ll_table_find_column(t, b->names[empty]);
		for (size_t i = 0; c >= 0 && i < ll_table_nrows(t) && !had; i++)
			had = !isnan(ll_table_num(t, i, (size_t)c));
	}
	if (had) {
		enum ll_agg g = r->agg;
		for (size_t a = 0; a < r->n_aggs; a++)
			if (strcmp(r->aggs[a].column, b->names[empty]) == 0)
				g = r->aggs[a].agg;
		return ll_err_set(b->err, LL_EUSAGE,
				  "resample: column '%s' has no value in any bucket by '%s'%s; leave it out of the regex "
				  "or aggregate it otherwise",
				  b->names[empty], ll_agg_name(g), g == LL_AGG_RATE ? " (a rate needs two values)" : "");
	}
	if (empty < d)
		return ll_err_set(b->err, LL_EUSAGE, "columns: column '%s' has no value at all; leave it out of the regex",
				  b->names[empty]);
	return LL_OK;
}

static int numeric_samples(struct build *b, struct ll_featmat *out)
{
	const struct ll_recipe *r = b->r;
	int rc;
	if (r->window == LL_RWIN_ROWS) {
		struct ll_window_spec ws = {r->size, r->stride, r->flatten, r->rule, b->ordinary};
		struct ll_err sub;
		ll_err_clear(&sub);
		rc = ll_window_sliding(b->X, b->nrows, b->d, b->y, b->ntarget, (const char *const *)b->names, &ws, out,
				       &sub);
		if (rc)
			return ll_err_set(b->err, rc, "window.size: %s", sub.msg);
		for (size_t i = 0; i < out->n; i++)
			out->origin[i] = b->row_origin[out->origin[i]];
		return LL_OK;
	}
	if ((rc = ll_featmat_alloc(out, b->nrows, 1, b->d, 1, b->err)) != LL_OK)
		return rc;
	/* The rows are the samples: X moves over rather than being copied (the
	 * matrix just allocated was never touched, so it cost no pages). */
	free(out->X);
	out->X = b->X;
	b->X = NULL;
	memcpy(out->y, b->y, b->nrows * sizeof *b->y);
	memcpy(out->origin, b->row_origin, b->nrows * sizeof *b->row_origin);
	for (size_t j = 0; j < b->d; j++)
		if (ll_featmat_set_name(out, j, b->names[j]) != LL_OK)
			return nomem(b, "feature names");
	return LL_OK;
}

/* Dense copy of a CSR when it is small enough to keep whole. */
static int densify(struct build *b, struct ll_featmat *out)
{
	struct ll_csr *c = out->sparse;
	if (!c || c->cols == 0 || c->rows > ((size_t)64 << 20) / c->cols)
		return LL_OK;
	size_t cells = c->rows * c->cols;
	float *X = calloc(cells ? cells : 1, sizeof *X);
	if (!X)
		return nomem(b, "dense template counts");
	for (size_t i = 0; i < c->rows; i++)
		for (size_t k = c->indptr[i]; k < c->indptr[i + 1]; k++)
			X[i * c->cols + c->indices[k]] = c->values[k];
	out->X = X;
	ll_csr_free(c);
	out->sparse = NULL;
	return LL_OK;
}

static int template_names(struct build *b, struct ll_featmat *out, size_t ncols)
{
	char buf[64];
	for (size_t j = 0; j < ncols; j++) {
		if (j < b->ntemplates)
			snprintf(buf, sizeof buf, "T%zu", j);
		else
			snprintf(buf, sizeof buf, "T?");
		if (ll_featmat_set_name(out, j, buf) != LL_OK)
			return nomem(b, "feature names");
	}
	return LL_OK;
}

/* Session windows: events of each row are either the space-separated ids of
 * the event column or the row's template id. */
static int session_samples(struct build *b, struct ll_featmat *out)
{
	const struct ll_recipe *r = b->r;
	const struct ll_table *t = b->t;
	size_t n = ll_table_nrows(t);
	int scol = -1, ecol = -1, rc;
	if ((rc = find_col(b, r->session_column, "window.column", &scol)) != LL_OK)
		return rc;
	if (r->event_column[0]) {
		if ((rc = find_col(b, r->event_column, "window.events", &ecol)) != LL_OK)
			return rc;
		if (ll_table_col_type(t, (size_t)ecol) != LL_COL_TEXT)
			return ll_err_set(b->err, LL_EUSAGE, "window.events: '%s' is not a text column",
					  r->event_column);
	}
	if ((rc = column_strings(b, scol)) != LL_OK)
		return rc;
	/* Explode rows into (session, event, label) pairs. */
	size_t npairs = 0, pool = 0;
	if (ecol >= 0) {
		for (size_t i = 0; i < n; i++) {
			const char *s = ll_table_text(t, i, (size_t)ecol);
			pool += strlen(s) + 1;
			for (const char *p = s; *p;) {
				while (*p == ' ' || *p == '\t')
					p++;
				if (!*p)
					break;
				npairs++;
				while (*p && *p != ' ' && *p != '\t')
					p++;
			}
		}
	} else {
		npairs = n;
		pool = (b->ntemplates + 1) * 24;
	}
	const char **ids = malloc((npairs ? npairs : 1) * sizeof *ids);
	const char **ev = malloc((npairs ? npairs : 1) * sizeof *ev);
	int *py = malloc((npairs ? npairs : 1) * sizeof *py);
	size_t *prow = malloc((npairs ? npairs : 1) * sizeof *prow);
	char *buf = malloc(pool ? pool : 1);
	if (!ids || !ev || !py || !prow || !buf) {
		rc = nomem(b, "session events");
		goto done;
	}
	size_t k = 0;
	if (ecol >= 0) {
		char *w = buf;
		for (size_t i = 0; i < n; i++) {
			const char *s = ll_table_text(t, i, (size_t)ecol);
			for (const char *p = s; *p;) {
				while (*p == ' ' || *p == '\t')
					p++;
				if (!*p)
					break;
				const char *e = p;
				while (*e && *e != ' ' && *e != '\t')
					e++;
				memcpy(w, p, (size_t)(e - p));
				w[e - p] = '\0';
				ids[k] = b->strs[i];
				ev[k] = w;
				py[k] = target_of(b, ll_table_label(t, i));
				prow[k++] = i;
				w += e - p + 1;
				p = e;
			}
		}
	} else {
		char **tn = malloc((b->ntemplates + 1) * sizeof *tn);
		if (!tn) {
			rc = nomem(b, "template names");
			goto done;
		}
		char *w = buf;
		for (size_t j = 0; j <= b->ntemplates; j++) {
			tn[j] = w;
			w += snprintf(w, 24, j < b->ntemplates ? "T%zu" : "T?", j) + 1;
		}
		for (size_t i = 0; i < n; i++) {
			long id = b->tids[i];
			ids[k] = b->strs[i];
			ev[k] = tn[id >= 0 && (size_t)id < b->ntemplates ? (size_t)id : b->ntemplates];
			py[k] = target_of(b, ll_table_label(t, i));
			prow[k++] = i;
		}
		free(tn);
	}
	struct ll_err sub;
	ll_err_clear(&sub);
	rc = ll_window_sessions(ids, ev, npairs, py, b->ntarget, r->rule, b->ordinary, out, &sub);
	if (rc) {
		rc = ll_err_set(b->err, rc, "window: %s", sub.msg);
		goto done;
	}
	for (size_t i = 0; i < out->n; i++)
		out->origin[i] = prow[out->origin[i]];
done:
	free(ids);
	free(ev);
	free(py);
	free(prow);
	free(buf);
	return rc;
}

static int event_samples(struct build *b, struct ll_featmat *out)
{
	const struct ll_recipe *r = b->r;
	const struct ll_table *t = b->t;
	size_t n = ll_table_nrows(t);
	int rc;
	b->man->rows_used = n;
	if (r->window == LL_RWIN_SESSION)
		return session_samples(b, out);
	if (r->event_column[0])
		return ll_err_set(b->err, LL_EUSAGE,
				  "window.events: an event column is for session windows; line and time windows "
				  "count the templates of text.column");
	if (n == 0)
		return ll_err_set(b->err, LL_EUSAGE, "text.column: the dataset has no rows");
	int *y = malloc(n * sizeof *y);
	if (!y)
		return nomem(b, "labels");
	for (size_t i = 0; i < n; i++)
		y[i] = target_of(b, ll_table_label(t, i));
	struct ll_err sub;
	ll_err_clear(&sub);
	if (r->window == LL_RWIN_TIME) {
		int tc = -1;
		if (r->time_column[0]) {
			if ((rc = find_col(b, r->time_column, "window.time_column", &tc)) != LL_OK) {
				free(y);
				return rc;
			}
		} else {
			tc = ll_table_clock(t, -1);
		}
		if (tc < 0 || ll_table_col_type(t, (size_t)tc) != LL_COL_TIME) {
			free(y);
			return ll_err_set(b->err, LL_EUSAGE, "window.kind: time windows need a time column");
		}
		int *tm = malloc(n * sizeof *tm);
		if (!tm) {
			free(y);
			return nomem(b, "template ids");
		}
		for (size_t i = 0; i < n; i++)
			tm[i] = (int)b->tids[i];
		rc = ll_window_time(ll_table_column_data(t, (size_t)tc), tm, n, b->ntemplates, y, b->ntarget,
				    r->length, r->step > 0 ? r->step : r->length, r->rule, b->ordinary, NULL, out,
				    &sub);
		free(tm);
		free(y);
		if (rc)
			return ll_err_set(b->err, rc, "window: %s", sub.msg);
		return template_names(b, out, out->d);
	}
	/* Line windows (one line each without a window). */
	size_t win = r->window == LL_RWIN_ROWS ? r->size : 1, stride = r->window == LL_RWIN_ROWS ? r->stride : 1;
	if (win > n) {
		free(y);
		return ll_err_set(b->err, LL_EUSAGE, "window.size: window of %zu lines is longer than the data (%zu lines)",
				  win, n);
	}
	size_t nw = ll_textfeat_windows(n, win, stride);
	size_t *first = malloc((nw ? nw : 1) * sizeof *first);
	struct ll_csr *csr = NULL;
	size_t *counts = calloc(b->ntarget + 1, sizeof *counts);
	if (!first || !counts) {
		free(first);
		free(counts);
		free(y);
		return nomem(b, "line windows");
	}
	rc = ll_textfeat_template_counts(b->tids, n, b->ntemplates, win, stride, &csr, first, &sub);
	if (rc) {
		free(first);
		free(counts);
		free(y);
		return ll_err_set(b->err, rc, "window: %s", sub.msg);
	}
	if ((rc = ll_featmat_alloc(out, nw, 1, csr->cols, 0, b->err)) != LL_OK) {
		ll_csr_free(csr);
		free(first);
		free(counts);
		free(y);
		return rc;
	}
	out->sparse = csr;
	for (size_t w = 0; w < nw; w++) {
		size_t s = first[w];
		out->origin[w] = s;
		if (r->rule == LL_LABEL_LAST) {
			out->y[w] = y[s + win - 1];
		} else {
			memset(counts, 0, (b->ntarget + 1) * sizeof *counts);
			size_t lab = 0;
			for (size_t i = s; i < s + win; i++)
				if (y[i] >= 0) {
					counts[y[i]]++;
					lab++;
				}
			out->y[w] = lab ? ll_label_vote(counts, b->ntarget, b->ordinary) : -1;
		}
	}
	free(first);
	free(counts);
	free(y);
	if ((rc = template_names(b, out, out->d)) != LL_OK)
		return rc;
	return densify(b, out);
}

static int text_samples(struct build *b, struct ll_featmat *out)
{
	const struct ll_recipe *r = b->r;
	const struct ll_table *t = b->t;
	size_t n = ll_table_nrows(t);
	int rc;
	b->man->rows_used = n;
	if (n == 0)
		return ll_err_set(b->err, LL_EUSAGE, "text.column: the dataset has no rows");
	if (r->text == LL_TEXT_W2V) {
		/* Vectors come after the split (trained on training lines only). */
		if ((rc = ll_featmat_alloc(out, n, 1, (size_t)r->dim, 1, b->err)) != LL_OK)
			return rc;
		char buf[32];
		for (size_t j = 0; j < (size_t)r->dim; j++) {
			snprintf(buf, sizeof buf, "w2v%zu", j);
			if (ll_featmat_set_name(out, j, buf) != LL_OK)
				return nomem(b, "feature names");
		}
	} else {
		/* Every hashed column costs about 160 bytes whatever the data (its
		 * name, its manifest entry, its IDF and scaling slots; measured:
		 * 2^24 columns of a 40-line file took 2.7 GB and 30 s), so a huge
		 * text.features is refused before anything is built. */
		char what[96];
		snprintf(what, sizeof what, "text.features: %zu hashed columns (about 160 bytes each)", r->n_features);
		if ((rc = ll_mem_check((double)r->n_features * 160.0 + (double)n * 64.0, what, b->err)) != LL_OK)
			return rc;
		struct ll_hashvec_config hc;
		ll_recipe_hashvec_config(r, &hc);
		hc.known = r->known_codes;
		struct ll_hashvec *h = NULL;
		struct ll_err sub;
		ll_err_clear(&sub);
		if ((rc = ll_hashvec_new(&hc, &h, &sub)) != LL_OK)
			return ll_err_set(b->err, rc, "text: %s", sub.msg);
		for (size_t i = 0; i < n && rc == LL_OK; i++) {
			const char *s = ll_table_text(t, i, (size_t)b->text_col);
			rc = ll_hashvec_add(h, s, strlen(s), b->err);
			if (rc == LL_OK && (i & 4095) == 0)
				rc = stage(b, "hash", (double)i / (double)n);
		}
		struct ll_csr *csr = NULL;
		if (rc == LL_OK)
			rc = ll_hashvec_finish(h, &csr, b->err);
		ll_hashvec_free(h);
		if (rc)
			return rc;
		if ((rc = ll_featmat_alloc(out, n, 1, csr->cols, 0, b->err)) != LL_OK) {
			ll_csr_free(csr);
			return rc;
		}
		out->sparse = csr;
		char buf[32];
		for (size_t j = 0; j < csr->cols; j++) {
			snprintf(buf, sizeof buf, "h%zu", j);
			if (ll_featmat_set_name(out, j, buf) != LL_OK)
				return nomem(b, "feature names");
		}
	}
	for (size_t i = 0; i < n; i++) {
		out->y[i] = target_of(b, ll_table_label(t, i));
		out->origin[i] = i;
	}
	return LL_OK;
}

static int w2v_progress(void *ctx, const struct ll_w2v_progress *p)
{
	struct build *b = ctx;
	return b->progress ? b->progress(b->ctx, "w2v", p->fraction) : 0;
}

static int fit_w2v(struct build *b, struct ll_featmat *out)
{
	const struct ll_recipe *r = b->r;
	size_t n = out->n, ntrain = 0;
	int rc;
	for (size_t i = 0; i < n; i++)
		ntrain += out->split[i] == LL_SPLIT_TRAIN;
	const char **lines = malloc((ntrain ? ntrain : 1) * sizeof *lines);
	size_t *lens = malloc((ntrain ? ntrain : 1) * sizeof *lens);
	if (!lines || !lens) {
		free(lines);
		free(lens);
		return nomem(b, "training lines");
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (out->split[i] == LL_SPLIT_TRAIN) {
			lines[k] = ll_table_text(b->t, out->origin[i], (size_t)b->text_col);
			lens[k] = strlen(lines[k]);
			k++;
		}
	struct ll_w2v_config wc;
	ll_w2v_config_default(&wc);
	wc.dim = r->dim;
	wc.epochs = r->epochs;
	wc.min_count = r->min_count;
	wc.window = r->w2v_window;
	wc.tok.masks = r->text_masks;
	wc.threads = 1; /* the only deterministic choice */
	wc.seed = r->seed;
	struct ll_err sub;
	ll_err_clear(&sub);
	rc = ll_w2v_train(&wc, ntrain, lines, lens, w2v_progress, b, &b->w2v, &sub);
	free(lines);
	free(lens);
	if (rc)
		return ll_err_set(b->err, rc, rc == LL_ECANCEL ? "cancelled while training word vectors"
							: "text: word vectors: %s", sub.msg);
	struct ll_tokenizer *tok = NULL;
	if ((rc = ll_tok_new(&wc.tok, &tok, b->err)) != LL_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const char *s = ll_table_text(b->t, out->origin[i], (size_t)b->text_col);
		ll_w2v_line_vector(b->w2v, tok, s, strlen(s), out->X + i * out->d);
	}
	ll_tok_free(tok);
	char buf[256];
	snprintf(buf, sizeof buf, "vocabulary %zu, dim %d, trained words %llu, last loss %.6g",
		 ll_w2v_vocab(b->w2v), ll_w2v_dim(b->w2v), (unsigned long long)ll_w2v_trained_words(b->w2v),
		 ll_w2v_last_loss(b->w2v));
	if (!(b->man->w2v_summary = strdup(buf)))
		return nomem(b, "the word vector summary");
	return LL_OK;
}

static int do_split(struct build *b, struct ll_featmat *out)
{
	const struct ll_recipe *r = b->r;
	struct ll_err sub;
	ll_err_clear(&sub);
	size_t ntr, ndv, nte;
	ll_split_sizes(&r->ratios, out->n, &ntr, &ndv, &nte);
	if (r->ratios.train > 1 && r->ratios.train > (double)out->n)
		return ll_err_set(b->err, LL_EUSAGE, "split: a train count of %g samples is more than the %zu there are",
				  r->ratios.train, out->n);
	/* one sample goes whole into one part (a run's model applied to a
	 * one-line file: 1/0/0), but cannot be split among two */
	if ((out->n < 2 && ntr != out->n) || ntr == 0 || (r->ratios.test > 0 && nte == 0))
		return ll_err_set(b->err, LL_EUSAGE, "split: %zu samples are too few to split %g/%g/%g", out->n,
				  r->ratios.train, r->ratios.dev, r->ratios.test);
	int rc;
	if (r->split == LL_RSPLIT_RANDOM) {
		rc = ll_split_stratified(out->y, out->n, &r->ratios, r->seed, out->split, &sub);
	} else if (r->split == LL_RSPLIT_CHRONO) {
		rc = ll_split_chrono(out->n, &r->ratios, out->split, &sub);
	} else {
		const char *gname = r->group_column[0] ? r->group_column : r->session_column;
		int gc = -1;
		if ((rc = find_col(b, gname, "split.group", &gc)) != LL_OK)
			return rc;
		if ((rc = column_strings(b, gc)) != LL_OK)
			return rc;
		const char **g = malloc(out->n * sizeof *g);
		if (!g)
			return nomem(b, "groups");
		for (size_t i = 0; i < out->n; i++)
			g[i] = b->strs[out->origin[i]];
		int named;
		ll_split_named(g, out->n, out->split, &named);
		rc = named ? LL_OK : ll_split_grouped(g, out->n, &r->ratios, r->seed, out->split, &sub);
		free(g);
	}
	if (rc)
		return ll_err_set(b->err, rc, "split: %s", sub.msg);
	return LL_OK;
}

static int count_classes(const struct ll_featmat *m, size_t nc, int part, size_t *counts, size_t *unl)
{
	memset(counts, 0, nc * sizeof *counts);
	if (unl)
		*unl = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (part >= 0 && m->split[i] != part)
			continue;
		if (m->y[i] >= 0 && (size_t)m->y[i] < nc)
			counts[m->y[i]]++;
		else if (unl)
			(*unl)++;
	}
	return LL_OK;
}

/* A random split of samples that overlap or follow each other in time
 * puts a test sample's near twin in the training part (a window sharing
 * its rows, the reading a second before): the scores then say how well
 * the model fills gaps, not how it does on what comes next. Said, as the
 * template leakage of logs is; the split is the user's to choose. */
static int warn_series_split(struct build *b, const struct ll_featmat *out)
{
	const struct ll_recipe *r = b->r;
	if (r->split != LL_RSPLIT_RANDOM || !out->split || ll_featmat_count(out, LL_SPLIT_TEST) == 0)
		return LL_OK;
	int rc = 0;
	if (r->window == LL_RWIN_ROWS && r->stride < r->size)
		rc = man_warn(b->man,
			      "split: random over sliding windows of %zu rows a step of %zu apart: a test window shares "
			      "rows with the training windows beside it, so its scores are optimistic; split.kind "
			      "\"chronological\" keeps the parts apart",
			      r->size, r->stride);
	else if (r->window == LL_RWIN_NONE && (r->interval > 0 || rows_in_time_order(b->t, ll_table_label_source(b->t))))
		rc = man_warn(b->man,
			      "split: random over rows in time order: a test row's neighbours, a moment apart, are in the "
			      "training part, so the scores are optimistic for what comes next; split.kind "
			      "\"chronological\" measures that");
	return rc ? nomem(b, "a warning") : LL_OK;
}

static int leakage(struct build *b, struct ll_featmat *out)
{
	/* Only samples that are single lines have one template each. */
	int *tm = malloc(out->n * sizeof *tm);
	if (!tm)
		return nomem(b, "leakage");
	for (size_t i = 0; i < out->n; i++)
		tm[i] = (int)b->tids[out->origin[i]];
	struct ll_err sub;
	ll_err_clear(&sub);
	int rc = ll_split_leakage(tm, out->split, out->n, &b->man->leakage, &sub);
	free(tm);
	if (rc)
		return ll_err_set(b->err, rc, "leakage: %s", sub.msg);
	b->man->has_leakage = 1;
	const struct ll_leakage *lk = &b->man->leakage;
	if (b->r->split == LL_RSPLIT_RANDOM && lk->test_seen > 0 &&
	    man_warn(b->man,
		     "leakage: the random split puts %zu of %zu test lines (%.1f%%) in templates also seen in "
		     "training (%zu of %zu test templates shared); a model can score them by memory. Report a "
		     "chronological split (split.kind \"chronological\") beside it",
		     lk->test_seen, lk->test_samples, 100.0 * lk->fraction, lk->shared_templates, lk->test_templates))
		return nomem(b, "a warning");
	return LL_OK;
}

static char *memstream_text(int (*fn)(const void *, FILE *, struct ll_err *), const void *obj, struct ll_err *err,
			    int *rc)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	if (!f) {
		*rc = ll_err_set(err, LL_ENOMEM, "out of memory for saved parameters");
		return NULL;
	}
	*rc = fn(obj, f, err);
	if (fclose(f) != 0 && *rc == LL_OK)
		*rc = ll_err_set(err, LL_ENOMEM, "out of memory for saved parameters");
	if (*rc) {
		free(s);
		return NULL;
	}
	return s;
}

void ll_recipe_hashvec_config(const struct ll_recipe *r, struct ll_hashvec_config *hc)
{
	ll_hashvec_config_default(hc);
	hc->n_features = r->n_features;
	hc->tok.masks = r->text_masks;
	hc->ngram_min = r->ngram_min;
	hc->ngram_max = r->ngram_max;
}

int ll_recipe_load_tfidf(const char *text, const char *name, struct ll_tfidf **tfidf, struct ll_codes *codes,
			 int *found, struct ll_err *err)
{
	*tfidf = NULL;
	if (found)
		*found = 0;
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	if (!f)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", name);
	int rc = ll_tfidf_load(f, name, tfidf, err);
	int any = 0;
	if (rc == LL_OK && codes)
		rc = ll_codes_load(f, name, codes, &any, err);
	fclose(f);
	if (rc != LL_OK) {
		ll_tfidf_free(*tfidf);
		*tfidf = NULL;
		return rc;
	}
	if (found)
		*found = any;
	return LL_OK;
}

struct tfidf_fit {
	const struct ll_tfidf *tfidf;
	const struct ll_codes *codes; /* NULL: the masks keep no codes */
};

static int tfidf_save_fn(const void *obj, FILE *f, struct ll_err *err)
{
	const struct tfidf_fit *fit = obj;
	int rc = ll_tfidf_save(fit->tfidf, f, "tfidf", err);
	return rc == LL_OK && fit->codes ? ll_codes_save(fit->codes, f, "tfidf", err) : rc;
}

/* Notes the codes of the training lines in b->codes, and hashes again,
 * without the others, the lines that hold a code they lack. A line loses
 * tokens that way and never gains a column, so its new row fits where
 * the old one was: the matrix is rewritten in place, row by row. */
static int note_codes(struct build *b, struct ll_featmat *out)
{
	const struct ll_recipe *r = b->r;
	if (!(b->codes = calloc(1, sizeof *b->codes)))
		return nomem(b, "the codes");
	struct ll_tok_config tc;
	ll_tok_config_default(&tc);
	tc.masks = r->text_masks;
	struct ll_tokenizer *tok = NULL;
	int rc = ll_tok_new(&tc, &tok, b->err);
	if (rc)
		return rc;
	const struct ll_token *t;
	for (size_t i = 0; i < out->n; i++) {
		if (out->split[i] != LL_SPLIT_TRAIN)
			continue;
		const char *s = ll_table_text(b->t, out->origin[i], (size_t)b->text_col);
		size_t nt = ll_tok_line(tok, s, strlen(s), &t);
		ll_codes_note(b->codes, t, nt);
	}
	unsigned char *redo = calloc(out->n ? out->n : 1, 1);
	size_t nredo = 0;
	for (size_t i = 0; redo && i < out->n; i++) {
		if (out->split[i] == LL_SPLIT_TRAIN)
			continue;
		const char *s = ll_table_text(b->t, out->origin[i], (size_t)b->text_col);
		size_t nt = ll_tok_line(tok, s, strlen(s), &t);
		for (size_t k = 0; k < nt && !redo[i]; k++)
			redo[i] = !ll_codes_keep(b->codes, t[k].s, t[k].len);
		nredo += redo[i];
	}
	ll_tok_free(tok);
	if (!redo)
		return nomem(b, "the codes");
	struct ll_hashvec_config hc;
	ll_recipe_hashvec_config(r, &hc);
	hc.known = b->codes;
	struct ll_hashvec *h = NULL;
	if (nredo && (rc = ll_hashvec_new(&hc, &h, b->err)) == LL_OK) {
		struct ll_csr *X = out->sparse;
		size_t w = 0;
		for (size_t i = 0; i < X->rows; i++) {
			size_t a = X->indptr[i], e = X->indptr[i + 1];
			X->indptr[i] = w;
			if (!redo[i]) {
				memmove(X->indices + w, X->indices + a, (e - a) * sizeof *X->indices);
				memmove(X->values + w, X->values + a, (e - a) * sizeof *X->values);
				w += e - a;
				continue;
			}
			const char *s = ll_table_text(b->t, out->origin[i], (size_t)b->text_col);
			const uint32_t *idx;
			const float *val;
			size_t k;
			ll_hashvec_line(h, s, strlen(s), &idx, &val, &k);
			memcpy(X->indices + w, idx, k * sizeof *idx);
			memcpy(X->values + w, val, k * sizeof *val);
			w += k;
		}
		X->indptr[X->rows] = w;
		X->nnz = w;
	}
	ll_hashvec_free(h);
	free(redo);
	return rc;
}

/* nan "mean": the gaps the rows kept filled with the training samples'
 * means, which the run keeps (imputer.txt) for other data. */
static int impute_means(struct build *b, struct ll_featmat *out)
{
	struct ll_imputer imp = {0};
	struct ll_err sub;
	ll_err_clear(&sub);
	size_t filled = 0;
	int rc = ll_imputer_fit_featmat(&imp, out, &sub);
	if (rc == LL_OK)
		rc = ll_imputer_apply_featmat(&imp, out, &filled, &sub);
	if (rc == LL_OK)
		rc = ll_imputer_format(&imp, &b->man->imputer_text, &sub);
	ll_imputer_free(&imp);
	if (rc)
		return ll_err_set(b->err, rc, "nan: %s", sub.msg);
	b->man->nan_filled += filled;
	if (filled && b->r->nan_defaulted &&
	    man_warn(b->man,
		     "nan: not set: %zu missing value%s filled with the mean of %s column over the training part "
		     "(\"mean\", the default for rows without a time order; \"ffill\" carries the last value on)",
		     filled, filled == 1 ? "" : "s", filled == 1 ? "its" : "their"))
		return nomem(b, "a warning");
	return LL_OK;
}

static int fit_and_apply(struct build *b, struct ll_featmat *out)
{
	const struct ll_recipe *r = b->r;
	int rc;
	if (r->nan == LL_NAN_MEAN && out->X && (rc = impute_means(b, out)) != LL_OK)
		return rc;
	if (r->text == LL_TEXT_TFIDF) {
		struct ll_tfidf_config tc;
		ll_tfidf_config_default(&tc);
		tc.sublinear_tf = r->sublinear_tf;
		if (ll_codes_apply(r->text_masks) && !r->known_codes && (rc = note_codes(b, out)) != LL_OK)
			return rc;
		if ((rc = ll_tfidf_fit(&tc, out->sparse, out->split, &b->tfidf, b->err)) != LL_OK)
			return rc;
		if ((rc = ll_tfidf_transform(b->tfidf, out->sparse, b->err)) != LL_OK)
			return rc;
		out->sparse->nnz = out->sparse->indptr[out->sparse->rows];
		struct tfidf_fit fit = {b->tfidf, b->codes};
		b->man->tfidf_text = memstream_text(tfidf_save_fn, &fit, b->err, &rc);
		if (rc)
			return rc;
	}
	enum ll_scale_kind scale = ll_recipe_scale(r);
	if (scale != LL_SCALE_NONE) {
		if (!out->X)
			return ll_err_set(b->err, LL_EUSAGE, "scale: the features are sparse (too many to keep dense)");
		struct ll_scaler s = {0};
		struct ll_err sub;
		ll_err_clear(&sub);
		rc = ll_scaler_fit_featmat(&s, scale, out, &sub);
		if (rc == LL_OK)
			rc = ll_scaler_apply_featmat(&s, out, &sub);
		if (rc == LL_OK)
			rc = ll_scaler_format(&s, &b->man->scaler_text, &sub);
		ll_scaler_free(&s);
		if (rc)
			return ll_err_set(b->err, rc, "scale: %s", sub.msg);
	}
	return LL_OK;
}

static int rebalance(struct build *b, struct ll_featmat *out)
{
	const struct ll_recipe *r = b->r;
	struct ll_recipe_manifest *m = b->man;
	size_t nc = b->ntarget;
	int rc;
	if (r->rebalance != LL_REBAL_NONE) {
		if (!out->X)
			return ll_err_set(b->err, LL_EUSAGE, "rebalance.method: the features are sparse");
		struct ll_rebalance_spec rs = {r->rebalance, r->rebalance_ratio, r->smote_k, NULL, r->seed};
		struct ll_rebalance_report rep = {0};
		struct ll_err sub;
		ll_err_clear(&sub);
		if ((rc = ll_rebalance(out, &rs, &rep, &sub)) != LL_OK)
			return ll_err_set(b->err, rc, "rebalance: %s", sub.msg);
		/* SMOTE takes at most a class's other samples as neighbours: a k
		 * above them was cut without a word (imbalanced-learn refuses
		 * it, "Expected n_neighbors <= n_samples_fit") */
		size_t want = r->smote_k ? r->smote_k : 5, small = (size_t)-1;
		if (r->rebalance == LL_REBAL_SMOTE && rep.k_used && rep.k_used < want && rep.before) {
			for (size_t c = 0; c < nc && c < out->nclasses; c++)
				if (rep.before[c] == rep.k_used + 1 && rep.after[c] > rep.before[c])
					small = c;
			rc = man_warn(m,
				      "rebalance.k: %zu neighbours, but class '%s' has %zu training samples: SMOTE "
				      "interpolated between each and its %zu others",
				      want, small != (size_t)-1 && out->classes ? out->classes[small] : "?",
				      rep.k_used + 1, rep.k_used);
		}
		ll_rebalance_report_free(&rep);
		if (rc)
			return nomem(b, "a warning");
	}
	m->counts_train_after = calloc(nc ? nc : 1, sizeof *m->counts_train_after);
	if (!m->counts_train_after)
		return nomem(b, "class counts");
	count_classes(out, nc, LL_SPLIT_TRAIN, m->counts_train_after, NULL);
	for (size_t i = 0; i < out->n; i++)
		if (out->split[i] < 3)
			m->parts[out->split[i]]++;
	if (r->class_weight == LL_CWEIGHT_NONE || nc == 0)
		return LL_OK;
	m->class_weight = calloc(nc, sizeof *m->class_weight);
	out->class_weight = calloc(nc, sizeof *out->class_weight);
	if (!m->class_weight || !out->class_weight)
		return nomem(b, "class weights");
	if (r->class_weight == LL_CWEIGHT_BALANCED) {
		int *ty = malloc((out->n ? out->n : 1) * sizeof *ty);
		if (!ty)
			return nomem(b, "class weights");
		size_t k = 0;
		for (size_t i = 0; i < out->n; i++)
			if (out->split[i] == LL_SPLIT_TRAIN)
				ty[k++] = out->y[i];
		ll_class_weight_balanced(ty, k, nc, m->class_weight);
		free(ty);
	} else {
		for (size_t c = 0; c < nc; c++)
			m->class_weight[c] = 1;
		for (size_t i = 0; i < r->n_weights; i++) {
			size_t c = 0;
			while (c < nc && strcmp(m->classes[c], r->weights[i].cls) != 0)
				c++;
			if (c == nc) {
				char list[512] = "";
				for (size_t j = 0; j < nc && strlen(list) < 400; j++) {
					strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
					strncat(list, m->classes[j], sizeof list - strlen(list) - 1);
				}
				return ll_err_set(b->err, LL_EUSAGE, "class_weight.%s: no such class (classes: %s)",
						  r->weights[i].cls, list);
			}
			m->class_weight[c] = r->weights[i].weight;
		}
	}
	for (size_t c = 0; c < nc; c++)
		out->class_weight[c] = (float)m->class_weight[c];
	return LL_OK;
}

static void build_free(struct build *b)
{
	free(b->cls_map);
	ll_table_free(b->resampled);
	ll_table_free(b->sorted);
	free(b->sorted_rows);
	free(b->sorted_cols);
	free(b->X);
	free(b->y);
	free(b->row_origin);
	free(b->names);
	if (b->tids_owned)
		free(b->tids);
	ll_tpl_free(b->tpl);
	free(b->strs);
	free(b->strs_pool);
	ll_w2v_free(b->w2v);
	ll_tfidf_free(b->tfidf);
	free(b->codes);
}

int ll_recipe_build(const struct ll_table *t, const struct ll_recipe *r, const struct ll_recipe_templates *tmpl,
		    struct ll_featmat *out, struct ll_recipe_manifest *man, ll_recipe_progress_fn progress,
		    void *ctx, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	memset(man, 0, sizeof *man);
	int rc = ll_recipe_check(r, err);
	if (rc)
		return rc;
	struct build b = {0};
	b.t = t;
	b.r = r;
	b.man = man;
	b.progress = progress;
	b.ctx = ctx;
	b.err = err;
	b.text_col = -1;
	man->rows_in = ll_table_nrows(t);
	enum family fam = family_of(r);
	int line_samples = 0; /* each sample is one log line */

	if ((rc = set_target(&b)) != LL_OK || (rc = stage(&b, "columns", 0)) != LL_OK)
		goto fail;
	if (fam == FAM_NUMERIC) {
		if ((rc = numeric_rows(&b)) != LL_OK || (rc = stage(&b, "windows", 0)) != LL_OK ||
		    (rc = numeric_samples(&b, out)) != LL_OK)
			goto fail;
	} else if (fam == FAM_EVENTS) {
		int need_tmpl = !(r->window == LL_RWIN_SESSION && r->event_column[0]), sc;
		/* the session column is the user's own word: check it before mining */
		if (r->window == LL_RWIN_SESSION && (rc = find_col(&b, r->session_column, "window.column", &sc)) != LL_OK)
			goto fail;
		if (need_tmpl && (rc = get_templates(&b, tmpl)) != LL_OK)
			goto fail;
		if ((rc = event_samples(&b, out)) != LL_OK)
			goto fail;
		line_samples = need_tmpl && (r->window == LL_RWIN_NONE ||
					     (r->window == LL_RWIN_ROWS && r->size == 1 && r->stride == 1));
		if (b.text_col >= 0 || need_tmpl) {
			man->ncols = 1;
			man->columns = calloc(1, sizeof *man->columns);
			const char *cn = b.text_col >= 0 ? ll_table_col_name(t, (size_t)b.text_col) : "(templates)";
			if (!man->columns || !(man->columns[0] = strdup(cn))) {
				rc = nomem(&b, "column names");
				goto fail;
			}
		}
	} else {
		if ((rc = resolve_text_col(&b)) != LL_OK || (rc = get_templates(&b, tmpl)) != LL_OK ||
		    (rc = text_samples(&b, out)) != LL_OK)
			goto fail;
		line_samples = 1;
		man->ncols = 1;
		man->columns = calloc(1, sizeof *man->columns);
		if (!man->columns || !(man->columns[0] = strdup(ll_table_col_name(t, (size_t)b.text_col)))) {
			rc = nomem(&b, "column names");
			goto fail;
		}
		if (r->text_defaulted &&
		    man_warn(man, "text: not set: TF-IDF of the lines of column \"%s\" (text.kind \"tfidf\"), the default "
				  "for a log%s; set \"text\" or \"columns\" to choose",
			     ll_table_col_name(t, (size_t)b.text_col),
			     r->text_defaulted == 2 ? ", unscaled (its rows are normalised)" : "")) {
			rc = nomem(&b, "a warning");
			goto fail;
		}
	}
	if (r->text_column_defaulted && !r->text_defaulted &&
	    man_warn(man, "text.column: not set: column \"%s\", the table's message (no column \"line\")",
		     r->text_column)) {
		rc = nomem(&b, "a warning");
		goto fail;
	}
	if (ll_featmat_set_classes(out, (const char *const *)man->classes, man->nclasses) != LL_OK) {
		rc = nomem(&b, "class names");
		goto fail;
	}
	size_t nc = b.ntarget;
	man->counts_all = calloc(nc ? nc : 1, sizeof *man->counts_all);
	for (int p = 0; p < 3; p++)
		man->counts_part[p] = calloc(nc ? nc : 1, sizeof *man->counts_part[p]);
	if (!man->counts_all || !man->counts_part[0] || !man->counts_part[1] || !man->counts_part[2]) {
		rc = nomem(&b, "class counts");
		goto fail;
	}
	count_classes(out, nc, -1, man->counts_all, &man->unlabelled);

	if ((rc = stage(&b, "split", 0)) != LL_OK || (rc = do_split(&b, out)) != LL_OK)
		goto fail;
	for (int p = 0; p < 3; p++)
		count_classes(out, nc, p, man->counts_part[p], NULL);
	if (line_samples && b.tids && (rc = leakage(&b, out)) != LL_OK)
		goto fail;
	if (fam == FAM_NUMERIC && (rc = warn_series_split(&b, out)) != LL_OK)
		goto fail;
	man->ntemplates = b.ntemplates;
	if (r->text == LL_TEXT_W2V && (rc = fit_w2v(&b, out)) != LL_OK)
		goto fail;
	if ((rc = stage(&b, "fit", 0)) != LL_OK || (rc = fit_and_apply(&b, out)) != LL_OK)
		goto fail;
	if ((rc = stage(&b, "rebalance", 0)) != LL_OK || (rc = rebalance(&b, out)) != LL_OK)
		goto fail;
	man->n = out->n;
	man->steps = out->steps;
	man->d = out->d;
	man->sparse = out->sparse != NULL;
	man->nnz = out->sparse ? out->sparse->nnz : 0;
	rc = stage(&b, "done", 1);
	if (rc)
		goto fail;
	build_free(&b);
	return LL_OK;
fail:
	build_free(&b);
	ll_featmat_free(out);
	ll_recipe_manifest_free(man);
	return rc;
}
