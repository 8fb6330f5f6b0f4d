/*
 * view_features.c - the feature-set editor: pick the dataset, type the
 * column regex and watch the matched columns and their statistics change
 * with every key, set interval, aggregator, NaN policy, window, text
 * features and their masks, split, normalisation, rebalancing and seed, and see what the
 * recipe gives: a before/after table of the down-sampling and the class
 * counts of every part before and after rebalancing. `w` writes the
 * recipe into loglab.json (atomically, keys edited by hand kept).
 *
 * The dataset is read once when chosen, as training reads it (the
 * table of ds_fs_load_table: a fleet's merged rows, the label journal
 * replayed); every accepted edit rebuilds the recipe on it with
 * ll_recipe_build (the same build as `loglab build`), so what is shown is
 * what training will get, labels given in the browser included. A recipe
 * that does not fit (a regex matching nothing, a window longer than the
 * data) shows the build's message inline.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ds_onehot.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_colsel.h"
#include "ll_mask.h"
#include "ll_recipe.h"
#include "ll_resample.h"
#include "textcell.h"
#include "tui.h"
#include "view_features_keep.h"
#include "view_ws.h"

enum field {
	F_DATASET,
	F_TARGET,
	F_COLUMNS,
	F_INTERVAL,
	F_AGG,
	F_NAN,
	F_WINDOW,
	F_SIZE,
	F_STRIDE,
	F_TEXT,
	F_MASKS,
	F_SPLIT,
	F_RATIOS,
	F_SCALE,
	F_REBALANCE,
	F_WEIGHTS,
	F_SEED,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {"dataset", "target", "columns", "interval", "agg", "nan",
						 "window", "size", "stride", "text", "masks", "split",
						 "ratios", "scale", "rebalance", "class_weight", "seed"};

/* Only these text features tokenise lines through ll_mask; with no text
 * features the workspace does not write text.masks at all. */
static int text_uses_masks(enum ll_text_kind k)
{
	return k == LL_TEXT_HASH || k == LL_TEXT_TFIDF || k == LL_TEXT_W2V;
}

struct feat {
	struct ds_workspace *ws; /* borrowed */
	char name[128];
	char dataset[128];
	struct ll_recipe r;
	struct ll_table *t;      /* the dataset, or NULL when it cannot be read */
	char load_error[LL_ERR_MSG_MAX];
	/* live column match */
	size_t *cols, ncols;
	struct ll_colstats *stats;
	char match_error[LL_ERR_MSG_MAX + 32];
	/* the last build */
	struct ll_recipe_manifest man;
	int built;
	char build_error[LL_ERR_MSG_MAX + 32];
	struct ll_table *after;  /* down-sampled preview, or NULL */
	int text_defaulted;      /* the data gives the recipe TF-IDF (ll_recipe_resolve_defaults) */
	int nan_defaulted;       /* ... and "mean" for rows without a time order */
	int cur;
	int dirty;               /* edited since the last write */
	/* edits kept when loglab last ended with this set unsaved, offered
	 * once the view is on screen (view_features_keep.h) */
	char kept_path[4096];
	struct feat_kept kept;
	int kept_offer, drawn;
};

static void free_match(struct feat *f)
{
	free(f->cols);
	free(f->stats);
	f->cols = NULL;
	f->stats = NULL;
	f->ncols = 0;
}

/* Matches the regex and computes the matched columns' statistics. */
static void match_columns(struct feat *f)
{
	free_match(f);
	f->match_error[0] = '\0';
	if (!f->t)
		return;
	if (f->r.text != LL_TEXT_NONE) {
		snprintf(f->match_error, sizeof f->match_error, "text features: columns are not used");
		return;
	}
	struct ll_err err;
	ll_err_clear(&err);
	/* The build's own choice, so no regex shows every number column as training uses. */
	/* as `loglab build` does: text columns of few values the regex names
	 * are a column per value (ds_onehot.h) */
	if (ds_onehot_expand(f->t, &f->r, NULL, &err) != LL_OK ||
	    ll_recipe_match_columns(&f->r, f->t, &f->cols, &f->ncols, &err) != LL_OK) {
		snprintf(f->match_error, sizeof f->match_error, "columns: %s", err.msg);
		free_match(f);
		return;
	}
	f->stats = calloc(f->ncols ? f->ncols : 1, sizeof *f->stats);
	for (size_t i = 0; f->stats && i < f->ncols; i++)
		if (ll_colstats_column(f->t, f->cols[i], &f->stats[i], &err) != LL_OK)
			f->stats[i].count = 0;
}

/* Rebuilds the recipe on the table, and the down-sampling preview. */
static void rebuild(struct feat *f)
{
	ll_recipe_manifest_free(&f->man);
	memset(&f->man, 0, sizeof f->man);
	f->built = 0;
	f->text_defaulted = 0;
	f->nan_defaulted = 0;
	f->build_error[0] = '\0';
	ll_table_free(f->after);
	f->after = NULL;
	match_columns(f);
	if (!f->t)
		return;
	struct ll_err err;
	ll_err_clear(&err);
	if (ll_recipe_check(&f->r, &err) != LL_OK) {
		snprintf(f->build_error, sizeof f->build_error, "%s", err.msg);
		return;
	}
	struct ll_featmat fm;
	memset(&fm, 0, sizeof fm);
	/* as training will build it: with the defaults the data decides */
	struct ll_recipe eff = f->r;
	ll_recipe_resolve_defaults(&eff, f->t);
	f->text_defaulted = eff.text_defaulted;
	f->nan_defaulted = eff.nan_defaulted;
	if (ll_recipe_build(f->t, &eff, NULL, &fm, &f->man, NULL, NULL, &err) != LL_OK) {
		snprintf(f->build_error, sizeof f->build_error, "%s", err.msg);
		memset(&f->man, 0, sizeof f->man);
		return;
	}
	ll_featmat_free(&fm);
	f->built = 1;
	if (f->r.interval > 0 && f->ncols && f->r.text == LL_TEXT_NONE) {
		struct ll_resample_spec spec = {f->r.interval, -1, f->ncols, f->cols, NULL, f->r.agg, f->r.nan, -1};
		if (ll_resample(f->t, &spec, &f->after, NULL, &err) != LL_OK) {
			f->after = NULL;
			snprintf(f->build_error, sizeof f->build_error, "interval: %s", err.msg);
		}
	}
}

static int load_dataset(struct feat *f, const char *dsname, struct ll_err *err)
{
	char name[128]; /* dsname may be f->dataset itself */
	snprintf(name, sizeof name, "%s", dsname);
	const struct ds_ws_dataset *d = ds_workspace_dataset(f->ws, name);
	if (!d) {
		const char **names = malloc((f->ws->ndatasets + 1) * sizeof *names);
		for (size_t i = 0; names && i < f->ws->ndatasets; i++)
			names[i] = f->ws->datasets[i].name;
		const char *dym = names ? ds_did_you_mean(name, names, f->ws->ndatasets) : NULL;
		int rc = ll_err_set(err, LL_EUSAGE, "no dataset \"%s\" in loglab.json%s%s%s", name,
				    dym ? " (did you mean \"" : "", dym ? dym : "", dym ? "\"?)" : "");
		free(names);
		return rc;
	}
	if (d->is_url)
		return ll_err_set(err, LL_EUSAGE, "dataset %s is a URL: `loglab fetch` it first", name);
	/* as training reads it: the label journal replayed, so the class
	 * counts below include the labels just given in the browser */
	struct ll_table *t = NULL;
	char journal_sha[DS_SHA_HEX];
	int rc = ds_fs_load_table(d->path, d->format, d->labels, &t, journal_sha, err);
	if (rc)
		return rc;
	ll_table_free(f->t);
	f->t = t;
	snprintf(f->dataset, sizeof f->dataset, "%s", name);
	return LL_OK;
}

static int feat_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	const struct view_features_arg *a = arg;
	struct feat *f = calloc(1, sizeof *f);
	if (!f)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	f->ws = a->ws;
	const struct ds_ws_featureset *fs = a->featureset ? ds_workspace_featureset(a->ws, a->featureset) : NULL;
	if (fs) {
		f->r = fs->recipe;
		snprintf(f->name, sizeof f->name, "%s", fs->name);
		snprintf(f->dataset, sizeof f->dataset, "%s", fs->dataset);
	} else {
		ll_recipe_default(&f->r);
		if (a->ws->ndatasets)
			snprintf(f->dataset, sizeof f->dataset, "%s", a->ws->datasets[0].name);
	}
	struct ll_err lerr;
	ll_err_clear(&lerr);
	if (f->dataset[0] && load_dataset(f, f->dataset, &lerr) != LL_OK)
		snprintf(f->load_error, sizeof f->load_error, "%s", lerr.msg);
	f->cur = F_COLUMNS;
	rebuild(f);
	int got = feat_keep_find(f->ws->dir, f->name, f->kept_path, sizeof f->kept_path, &f->kept, &lerr);
	if (got == 1)
		f->kept_offer = 1;
	else if (got != 0)
		tui_error(t, "kept edits not offered: %s", lerr.msg);
	v->state = f;
	return LL_OK;
}

static void feat_close(struct view *v)
{
	struct feat *f = v->state;
	free_match(f);
	ll_recipe_manifest_free(&f->man);
	ll_table_free(f->after);
	ll_table_free(f->t);
	free(f);
}

static void field_value(const struct feat *f, int i, char *buf, size_t cap)
{
	const struct ll_recipe *r = &f->r;
	switch (i) {
	case F_DATASET:
		snprintf(buf, cap, "%s", f->dataset);
		break;
	case F_TARGET:
		snprintf(buf, cap, "%s", ll_target_kind_name(r->target));
		break;
	case F_COLUMNS:
		snprintf(buf, cap, "%s", r->columns[0] ? r->columns : "(every number column)");
		break;
	case F_INTERVAL:
		if (r->interval > 0)
			snprintf(buf, cap, "%gs", r->interval);
		else
			snprintf(buf, cap, "none");
		break;
	case F_AGG:
		snprintf(buf, cap, "%s", ll_agg_name(r->agg));
		break;
	case F_NAN:
		if (f->nan_defaulted)
			snprintf(buf, cap, "mean (default for rows without a time order)");
		else
			snprintf(buf, cap, "%s", ll_nan_policy_name(r->nan));
		break;
	case F_WINDOW:
		snprintf(buf, cap, "%s", ll_rwindow_kind_name(r->window));
		break;
	case F_SIZE:
		snprintf(buf, cap, "%zu", r->size);
		break;
	case F_STRIDE:
		snprintf(buf, cap, "%zu", r->stride);
		break;
	case F_TEXT:
		if (f->text_defaulted)
			snprintf(buf, cap, "none: tfidf (default)");
		else
			snprintf(buf, cap, "%s", ll_text_kind_name(r->text));
		break;
	case F_MASKS: {
		char spec[LL_MASK_SPEC_MAX];
		ll_mask_format(r->text_masks, spec);
		snprintf(buf, cap, "%s%s", spec,
			 text_uses_masks(r->text) ? "" : f->text_defaulted ? " (text unset)" : " (unused)");
		break;
	}
	case F_SPLIT:
		snprintf(buf, cap, "%s", ll_rsplit_kind_name(r->split));
		break;
	case F_RATIOS:
		snprintf(buf, cap, "%g/%g/%g", r->ratios.train, r->ratios.dev, r->ratios.test);
		break;
	case F_SCALE:
		snprintf(buf, cap, "%s%s", ll_scale_kind_name(ll_recipe_scale(r)),
			 r->text == LL_TEXT_W2V && !r->scale_named ? " (w2v default)" : "");
		break;
	case F_REBALANCE:
		snprintf(buf, cap, "%s", ll_rebalance_name(r->rebalance));
		break;
	case F_WEIGHTS:
		snprintf(buf, cap, "%s", r->class_weight == LL_CWEIGHT_BALANCED ? "balanced"
					 : r->class_weight == LL_CWEIGHT_EXPLICIT ? "explicit"
										  : "none");
		break;
	default:
		snprintf(buf, cap, "%llu", (unsigned long long)r->seed);
		break;
	}
}

static void text_at(struct tui *t, int y, int x, int w, const char *s, enum tui_role role, attr_t extra)
{
	if (w > 0)
		tui_draw_text_marked(t, y, x, w, s, strlen(s), 0, role, extra);
}

#define FIELD_ROWS 9 /* fields in two columns of nine */

/* A column's name right-aligned in 12 columns (a number's width in the
 * down-sampling table, a blank first): its last 9 bytes after ".." when
 * longer than 11, since a name's end tells columns apart ("total cpu
 * usage/usr"); never cut inside a UTF-8 character. Appended to out. */
static void name_tail(const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);
	if (n <= 11) {
		snprintf(out, cap, "%12s", name);
		return;
	}
	const char *p = name + n - 9;
	while (*p && ((unsigned char)*p & 0xC0) == 0x80)
		p++;
	snprintf(out, cap, "%*s..%s", (int)(10 - strlen(p)), "", p);
}

static void feat_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct feat *f = v->state;
	f->drawn = 1;
	for (int y = r.y; y < r.y + r.h; y++)
		tui_fill(t, y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	char line[1024];
	int y = r.y, end = r.y + r.h;
	if (f->t)
		snprintf(line, sizeof line, "Feature set %s%s on %s: %zu rows x %zu columns", f->name[0] ? f->name : "(new)",
			 f->dirty ? " [modified]" : "", f->dataset, ll_table_nrows(f->t), ll_table_ncols(f->t));
	else
		snprintf(line, sizeof line, "Feature set %s on %s", f->name[0] ? f->name : "(new)", f->dataset);
	text_at(t, y++, r.x, r.w, line, TUI_ROLE_TITLE, 0);
	int colw = r.w / 2;
	for (int i = 0; i < F_COUNT; i++) {
		int row = i % FIELD_ROWS, col = i / FIELD_ROWS;
		if (y + row >= end)
			continue;
		char val[LL_RECIPE_REGEX];
		field_value(f, i, val, sizeof val);
		snprintf(line, sizeof line, "%c %-12s %.900s", i == f->cur ? '>' : ' ', field_names[i], val);
		text_at(t, y + row, r.x + col * colw, colw - 1, line, TUI_ROLE_NORMAL, i == f->cur ? A_REVERSE : 0);
	}
	y += FIELD_ROWS;
	/* Problems first, in the error role: what the user must fix. */
	const char *problem = f->load_error[0]                               ? f->load_error
			      : f->match_error[0] && f->r.text == LL_TEXT_NONE && !f->text_defaulted ? f->match_error
												      : f->build_error;
	if (y < end) {
		if (problem[0])
			text_at(t, y, r.x, r.w, problem, TUI_ROLE_ERROR, 0);
		else if (f->built) {
			snprintf(line, sizeof line,
				 "%zu samples x %zu features from %zu rows (%zu used); train %zu, dev %zu, test %zu",
				 f->man.n, f->man.d, f->man.rows_in, f->man.rows_used, f->man.parts[0], f->man.parts[1],
				 f->man.parts[2]);
			/* the sizes of the parts are what a narrow terminal must keep */
			if ((int)strlen(line) > r.w)
				snprintf(line, sizeof line, "%zu samples x %zu features, %zu/%zu rows; train %zu, dev %zu, test %zu",
					 f->man.n, f->man.d, f->man.rows_used, f->man.rows_in, f->man.parts[0],
					 f->man.parts[1], f->man.parts[2]);
			text_at(t, y, r.x, r.w, line, TUI_ROLE_NORMAL, 0);
		}
		y++;
	}
	if (f->built && f->man.steps > 1 && y < end) {
		snprintf(line, sizeof line, "windows: %zu steps of %zu features", f->man.steps, f->man.d);
		text_at(t, y++, r.x, r.w, line, TUI_ROLE_NORMAL, 0);
	}
	/* Class counts: before the split, per part, training after rebalancing. */
	size_t nc = f->built ? f->man.nclasses : 0;
	if (nc && y < end) {
		snprintf(line, sizeof line, "  %-20s %8s %8s %8s %8s %12s", "class", "all", "train", "dev", "test",
			 "train after");
		text_at(t, y++, r.x, r.w, line, TUI_ROLE_HEADER, 0);
		for (size_t k = 0; k < nc && y < end; k++) {
			snprintf(line, sizeof line, "  %-20.20s %8zu %8zu %8zu %8zu %12zu", f->man.classes[k],
				 f->man.counts_all[k], f->man.counts_part[0][k], f->man.counts_part[1][k],
				 f->man.counts_part[2][k], f->man.counts_train_after[k]);
			text_at(t, y++, r.x, r.w, line, TUI_ROLE_NORMAL, 0);
		}
	}
	if (f->built && f->man.has_leakage && y < end) {
		snprintf(line, sizeof line, "  template leakage: %zu of %zu test lines have a template seen in training",
			 f->man.leakage.test_seen, f->man.leakage.test_samples);
		text_at(t, y++, r.x, r.w, line, f->man.leakage.fraction > 0.5 ? TUI_ROLE_ERROR : TUI_ROLE_NORMAL, 0);
	}
	/* Down-sampling: the first rows before and after, as many of the
	 * matched columns as fit, each under its name (without the names a
	 * table of 4 columns showed 3 unnamed numbers). */
	if (f->after && f->ncols && y + 4 < end) {
		int half = r.w / 2;
		size_t fit = half > 13 ? (size_t)(half - 1) / 12 : 1;
		size_t show = f->ncols < fit ? f->ncols : fit;
		if (show < f->ncols)
			snprintf(line, sizeof line, "before (%zu rows; %zu of %zu columns)", ll_table_nrows(f->t), show,
				 f->ncols);
		else
			snprintf(line, sizeof line, "before (%zu rows)", ll_table_nrows(f->t));
		text_at(t, y, r.x, half - 1, line, TUI_ROLE_HEADER, 0);
		snprintf(line, sizeof line, "after %s every %gs (%zu rows)", ll_agg_name(f->r.agg), f->r.interval,
			 ll_table_nrows(f->after));
		text_at(t, y++, r.x + half, r.w - half, line, TUI_ROLE_HEADER, 0);
		char names[512] = "";
		for (size_t j = 0; j < show; j++)
			name_tail(ll_table_col_name(f->t, f->cols[j]), names + strlen(names), sizeof names - strlen(names));
		text_at(t, y, r.x, half - 1, names, TUI_ROLE_HEADER, 0);
		text_at(t, y++, r.x + half, r.w - half, names, TUI_ROLE_HEADER, 0);
		for (size_t row = 0; row < 3 && y < end; row++, y++) {
			char a[256] = "", b[256] = "";
			for (size_t j = 0; j < show; j++) {
				if (row < ll_table_nrows(f->t))
					snprintf(a + strlen(a), sizeof a - strlen(a), "%12.5g",
						 ll_table_num(f->t, row, f->cols[j]));
				/* after: column 0 is the bucket time */
				if (row < ll_table_nrows(f->after) && j + 1 < ll_table_ncols(f->after))
					snprintf(b + strlen(b), sizeof b - strlen(b), "%12.5g",
						 ll_table_num(f->after, row, j + 1));
			}
			text_at(t, y, r.x, half - 1, a, TUI_ROLE_NORMAL, 0);
			text_at(t, y, r.x + half, r.w - half, b, TUI_ROLE_NORMAL, 0);
		}
	}
	/* Matched columns with statistics, as many as fit. */
	if (f->r.text == LL_TEXT_NONE && f->stats && y + 1 < end) {
		/* the name gives way to the statistics on a narrow terminal (66
		 * columns of numbers): 28 wide at 96 columns, 13 at 80 */
		int namew = r.w - 67 < 10 ? 10 : r.w - 67 > 28 ? 28 : r.w - 67;
		snprintf(line, sizeof line, "  %-*s %7s %7s %11s %11s %11s %11s   (%zu matched)", namew, "column",
			 "count", "missing", "mean", "std", "min", "max", f->ncols);
		text_at(t, y++, r.x, r.w, line, TUI_ROLE_HEADER, 0);
		for (size_t i = 0; i < f->ncols && y < end; i++) {
			const struct ll_colstats *s = &f->stats[i];
			if (y == end - 1 && i + 1 < f->ncols) {
				snprintf(line, sizeof line, "  ... %zu more", f->ncols - i);
				text_at(t, y++, r.x, r.w, line, TUI_ROLE_NORMAL, 0);
				break;
			}
			snprintf(line, sizeof line, "  %-*.*s %7zu %7zu %11.5g %11.5g %11.5g %11.5g", namew, namew,
				 ll_table_col_name(f->t, f->cols[i]), s->count, s->missing, s->mean, s->std, s->min,
				 s->max);
			text_at(t, y++, r.x, r.w, line, TUI_ROLE_NORMAL, 0);
		}
	}
}

/* Applies text to field i; LL_EUSAGE with a message when it does not parse. */
static int set_field(struct feat *f, int i, const char *s, struct ll_err *err)
{
	struct ll_recipe *r = &f->r;
	char tail;
	unsigned long long u;
	double a, b, c;
	switch (i) {
	case F_DATASET: {
		int rc = load_dataset(f, s, err);
		if (rc == LL_OK)
			f->load_error[0] = '\0';
		return rc;
	}
	case F_TARGET:
		return ll_target_kind_parse(s, &r->target, err);
	case F_COLUMNS:
		snprintf(r->columns, sizeof r->columns, "%s", s);
		return LL_OK;
	case F_INTERVAL:
		if (!strcmp(s, "none") || !strcmp(s, "0")) {
			r->interval = 0;
			return LL_OK;
		}
		return ll_interval_parse(s, &r->interval, err);
	case F_AGG:
		return ll_agg_parse(s, &r->agg, err);
	case F_NAN: {
		int rc = ll_nan_policy_parse(s, &r->nan, err);
		/* chosen here, even "ffill": rows without a time order take "mean" */
		if (rc == LL_OK)
			r->nan_named = 1;
		return rc;
	}
	case F_WINDOW:
		return ll_rwindow_kind_parse(s, &r->window, err);
	case F_SIZE:
	case F_STRIDE:
	case F_SEED:
		if (sscanf(s, "%llu%c", &u, &tail) != 1)
			return ll_err_set(err, LL_EUSAGE, "%s: want a whole number, got \"%s\"", field_names[i], s);
		if (i == F_SIZE)
			r->size = (size_t)u;
		else if (i == F_STRIDE)
			r->stride = (size_t)u;
		else
			r->seed = u;
		return LL_OK;
	case F_TEXT:
		return ll_text_kind_parse(s, &r->text, err);
	case F_MASKS: {
		/* Refused rather than kept unsaved: the workspace has no text.masks
		 * without such text features. */
		if (!text_uses_masks(r->text))
			return ll_err_set(err, LL_EUSAGE,
					  "masks: only hash, tfidf and w2v text features mask tokens (text is %s)",
					  ll_text_kind_name(r->text));
		/* Applied to the current set, so "-num" or "+kv" alone edit it. */
		struct ll_err why;
		ll_err_clear(&why);
		if (ll_mask_parse(s, &r->text_masks, &why) != LL_OK)
			return ll_err_set(err, LL_EUSAGE, "masks: %s", why.msg);
		return LL_OK;
	}
	case F_SPLIT:
		return ll_rsplit_kind_parse(s, &r->split, err);
	case F_RATIOS:
		if (sscanf(s, "%lf/%lf/%lf%c", &a, &b, &c, &tail) != 3)
			return ll_err_set(err, LL_EUSAGE, "ratios: want TRAIN/DEV/TEST such as 0.7/0.1/0.2, got \"%s\"", s);
		r->ratios.train = a;
		r->ratios.dev = b;
		r->ratios.test = c;
		r->ratios.test_is_rest = 0;
		return LL_OK;
	case F_SCALE: {
		int rc = ll_scale_kind_parse(s, &r->scale, err);
		/* chosen here, even "none": a w2v set no longer takes the default */
		if (rc == LL_OK)
			r->scale_named = 1;
		return rc;
	}
	case F_REBALANCE:
		return ll_rebalance_parse(s, &r->rebalance, err);
	case F_WEIGHTS:
		if (!strcmp(s, "none"))
			r->class_weight = LL_CWEIGHT_NONE;
		else if (!strcmp(s, "balanced"))
			r->class_weight = LL_CWEIGHT_BALANCED;
		else
			return ll_err_set(err, LL_EUSAGE, "class_weight: want none or balanced (explicit weights: edit loglab.json)");
		return LL_OK;
	default:
		return LL_EUSAGE;
	}
}

/* The column regex, typed with the matches redrawn at every key. */
static void edit_columns(struct view *v, struct tui *t)
{
	struct feat *f = v->state;
	char before[LL_RECIPE_REGEX], buf[LL_RECIPE_REGEX];
	snprintf(before, sizeof before, "%s", f->r.columns);
	snprintf(buf, sizeof buf, "%s", f->r.columns);
	for (;;) {
		snprintf(f->r.columns, sizeof f->r.columns, "%s", buf);
		match_columns(f);
		f->build_error[0] = '\0';
		feat_draw(v, t, v->rect);
		char prompt[LL_RECIPE_REGEX + 64];
		snprintf(prompt, sizeof prompt, "columns regex (Enter keeps, Esc restores): %s", buf);
		int k = tui_ask_key(t, prompt);
		size_t n = strlen(buf);
		if (k < 0) {
			snprintf(f->r.columns, sizeof f->r.columns, "%s", before);
			break;
		}
		if (k == '\n' || k == '\r' || k == TUI_KEY_FN(KEY_ENTER))
			break;
		if (k == TUI_KEY_FN(KEY_BACKSPACE) || k == 127 || k == 8) {
			while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
				n--;
			buf[n ? n - 1 : 0] = '\0';
		} else if (k == TUI_KEY_CTRL('u')) {
			buf[0] = '\0';
		} else if (k >= 0x20 && k < 0x7f && n + 1 < sizeof buf) {
			buf[n] = (char)k;
			buf[n + 1] = '\0';
		}
	}
	f->dirty |= strcmp(before, f->r.columns) != 0;
	rebuild(f);
	tui_message(t, "columns: /%s/ matches %zu", f->r.columns, f->ncols);
}

static void edit_field(struct view *v, struct tui *t)
{
	struct feat *f = v->state;
	if (f->cur == F_COLUMNS) {
		edit_columns(v, t);
		return;
	}
	static const char *const hints[F_COUNT] = {
		"a dataset of loglab.json", "classes | binary", "", "10s, 1min, 1h or none", "mean min max sum last first count rate",
		"drop ffill zero interp mean", "none rows session time", "rows per window", "rows between windows",
		"none hash tfidf templates w2v",
		"-num, +kv, default,-num, none",
		"random chrono grouped", "TRAIN/DEV/TEST", "none zscore minmax robust",
		"none over under smote", "none balanced", "a whole number"};
	char prompt[1024], buf[512], cur[512];
	field_value(f, f->cur, cur, sizeof cur);
	snprintf(prompt, sizeof prompt, "%s (%s; now %s): ", field_names[f->cur], hints[f->cur], cur);
	if (!tui_prompt(t, prompt, buf, sizeof buf) || !buf[0])
		return;
	struct ll_recipe keep = f->r;
	struct ll_err err;
	ll_err_clear(&err);
	if (set_field(f, f->cur, buf, &err) != LL_OK) {
		f->r = keep;
		tui_error(t, "%s", err.msg);
		return;
	}
	f->dirty = 1;
	rebuild(f);
	if (f->build_error[0])
		tui_error(t, "%s", f->build_error);
}

static void write_recipe(struct feat *f, struct tui *t)
{
	struct ll_err err;
	ll_err_clear(&err);
	if (!f->name[0]) {
		char buf[128];
		if (!tui_prompt(t, "name of the new feature set: ", buf, sizeof buf) || !buf[0])
			return;
		snprintf(f->name, sizeof f->name, "%s", buf);
	}
	if (ll_recipe_check(&f->r, &err) != LL_OK ||
	    ds_workspace_write_featureset(f->ws, f->name, f->dataset, &f->r, &err) != LL_OK) {
		tui_error(t, "not written: %s", err.msg);
		return;
	}
	f->dirty = 0;
	tui_message(t, "feature set %s written to %s%s", f->name, f->ws->file,
		    f->ws->merged_on_save ? " (with the changes made to it since it was read)" : "");
}

static int feat_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct feat *f = v->state;
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
		if (f->cur + 1 < F_COUNT)
			f->cur++;
		return 1;
	case TUI_REQ_MOVE_UP:
		if (f->cur > 0)
			f->cur--;
		return 1;
	case TUI_REQ_SCROLL_RIGHT:
		f->cur = f->cur + FIELD_ROWS < F_COUNT ? f->cur + FIELD_ROWS : f->cur;
		return 1;
	case TUI_REQ_SCROLL_LEFT:
		f->cur = f->cur >= FIELD_ROWS ? f->cur - FIELD_ROWS : f->cur;
		return 1;
	case TUI_REQ_MOVE_FIRST_LINE:
		f->cur = 0;
		return 1;
	case TUI_REQ_MOVE_LAST_LINE:
		f->cur = F_COUNT - 1;
		return 1;
	case TUI_REQ_ENTER:
	case TUI_REQ_EDIT:
		edit_field(v, t);
		return 1;
	case TUI_REQ_WRITE:
		write_recipe(f, t);
		return 1;
	default:
		return 0;
	}
}

/* Edits not written: q, Q and :q ask (y leaves them, n or Esc stays).
 * Headless, there is no one to ask and loglab.json is not written unasked:
 * they are kept for the view to offer when it opens this set again. */
static int feat_may_close(struct view *v, struct tui *t)
{
	struct feat *f = v->state;
	if (!f->dirty)
		return 1;
	if (!tui_headless(t)) {
		int k = tui_ask_key(t, "Leave without writing the changes? (y/n) ");
		return k == 'y' || k == 'Y';
	}
	const char *which = f->name[0] ? f->name : "(new)";
	struct ll_err err;
	ll_err_clear(&err);
	char kept[4096];
	if (!feat_keep_path(f->ws->dir, f->name, 0, kept, sizeof kept))
		tui_headless_say(t, "feature set %s: edits not written to loglab.json and lost: no state folder to keep them in (HOME or XDG_STATE_HOME)",
				 which);
	else if (feat_keep_write_new(f->ws->dir, f->name, f->dataset, &f->r, kept, sizeof kept, &err) != LL_OK)
		tui_headless_say(t, "feature set %s: edits not written to loglab.json and lost: %s", which, err.msg);
	else
		tui_headless_say(t, "feature set %s: edits not written to loglab.json kept in %s (offered when the set is edited next)",
				 which, kept);
	return 1;
}

/* The kept edits, offered once the view is on screen: r puts them in
 * place of the set's (not written until w), d drops them; either removes
 * the file. Esc leaves it for next time. */
static void offer_kept(struct feat *f, struct tui *t)
{
	f->kept_offer = 0;
	char prompt[512];
	snprintf(prompt, sizeof prompt,
		 "feature set %s: edits kept when loglab ended (%s): r restores, d discards, Esc asks again later ",
		 f->name[0] ? f->name : "(new)", f->kept.saved);
	int k;
	do
		k = tui_ask_key(t, prompt);
	while (k >= 0 && k != 'r' && k != 'd');
	if (k < 0) {
		tui_message(t, "kept edits left in %s", f->kept_path);
		return;
	}
	if (k == 'r') {
		struct ll_err err;
		ll_err_clear(&err);
		if (strcmp(f->kept.dataset, f->dataset) && load_dataset(f, f->kept.dataset, &err) != LL_OK) {
			tui_error(t, "kept edits not restored: %s (left in %s)", err.msg, f->kept_path);
			return;
		}
		f->load_error[0] = '\0';
		f->r = f->kept.r;
		f->dirty = 1;
		rebuild(f);
	}
	if (unlink(f->kept_path) != 0)
		tui_error(t, "%s: %s", f->kept_path, strerror(errno));
	else if (k == 'r')
		tui_message(t, "kept edits restored: not written yet (w writes them)");
	else
		tui_message(t, "kept edits discarded");
}

static int feat_work(struct view *v, struct tui *t)
{
	struct feat *f = v->state;
	if (!f->kept_offer)
		return 0;
	/* drawn first, so the question is asked over the set it is about */
	if (f->drawn)
		offer_kept(f, t);
	return f->kept_offer && !tui_scripted(t);
}

static void feat_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct feat *f = v->state;
	(void)t;
	snprintf(buf, cap, " feature set %s: %zu columns matched%s  (e edit, w write)", f->name[0] ? f->name : "(new)",
		 f->ncols, f->dirty ? ", not written" : "");
}

static const struct view_key features_own[] = {
	{TUI_REQ_MOVE_DOWN, "Select the next field"},
	{TUI_REQ_MOVE_UP, "Select the previous field"},
	{TUI_REQ_SCROLL_RIGHT, "Select the field in the column to the right"},
	{TUI_REQ_SCROLL_LEFT, "Select the field in the column to the left"},
	{TUI_REQ_MOVE_FIRST_LINE, "Select the first field"},
	{TUI_REQ_MOVE_LAST_LINE, "Select the last field"},
	{TUI_REQ_ENTER, "Edit the field (the preview follows every key)"},
	{TUI_REQ_EDIT, "Edit the field (the preview follows every key)"},
	{TUI_REQ_WRITE, "Write the feature set to loglab.json"},
	{TUI_REQ_QUIT, "Close the view (asks when changes are not written)"},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const features_keys[] = {features_own, NULL};

const struct view_ops view_features_ops = {
	.name = "features",
	.help = "Edit a feature set with a live preview of its columns and class counts",
	.open = feat_open,
	.close = feat_close,
	.draw = feat_draw,
	.request = feat_request,
	.status = feat_status,
	.work = feat_work,
	.keys = features_keys,
	.may_close = feat_may_close,
};
