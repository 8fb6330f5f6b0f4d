/*
 * view_review.c - the review queue of suspected new root causes (DESIGN.md
 * journey 3): lines the dataset labels ordinary now that a run scores as
 * root cause, highest score first, grouped by log template (groups in the
 * order of their best line, with counts), and below the list the current
 * line's context: the lines around it, its template, its time.
 *
 *   y  confirm: relabel the line through the label journal (source
 *      "review") with the dataset's root-cause class (the run's predicted
 *      class when it is one, ll_recipe_root_cause_class), and record the
 *      decision; when the dataset has several root-cause classes, ask;
 *   c  confirm as a class picked with its key (or typed after Enter);
 *   n  dismiss: record the decision, keep the label;
 *   Y, N  the same for every queued line of the current line's template
 *      (one relabel, one undo step; the current line's class for all);
 *   R  retrain the run's experiment with the labels as they are now (a
 *      training job, view_job.h; the training view shows it).
 *
 * The queue is the one `loglab review RUN` prints (cli/cli_review.c): review
 * score (out of fold for a cross-fitted run's training lines) >= 0.5, the
 * current label one the run's recipe calls ordinary (or none, when the
 * recipe counts unlabelled lines as ordinary) and, for a run whose samples
 * group rows, the run's own label of the sample not a root cause (one
 * rule, ds_pred_label_suspect), and no
 * decision yet in DATA.review (the same store, datasets/ds_review.h), so nothing
 * is asked twice, in the TUI or on the command line, by this run or a later
 * one. Labels come from the browser's session when it shows the same file
 * (one undo history), else from a session of the results views' own.
 */
#include "view_res.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "ds_labels.h"
#include "ds_predictions.h"
#include "ds_review.h"
#include "ll_journal.h"
#include "view_job.h"
#include "view_ws.h"

#define REVIEW_THRESHOLD 0.5
#define CONTEXT_LINES 2

/* ---- the view ---- */

struct entry {
	int group;     /* 1: a template's header line */
	long tpl;
	size_t count;  /* group: its lines */
	size_t lines, root; /* group: the template's lines in the run, and how many are labelled root cause */
	size_t sample; /* item: index into the run's predictions */
};

struct review {
	struct view_res_ctx ctx;
	struct view_res_run *run;
	struct ds_run dr;   /* recipe (ordinary names) and Drain templates */
	struct view_lab *lab;
	struct ds_review *store;
	int built;
	uint64_t built_version;
	size_t nstore_built;
	struct entry *e;
	size_t ne, nitems;
	size_t cur, top;    /* cur: an item entry */
	int height;
	long job;           /* retraining job, -1 none */
	char *buf;
	size_t cap;
	int time_col;
};

/* Rebuilds the queue from the labels as they are now. */
static int build(struct review *v, struct tui *t)
{
	const struct view_res_run *r = v->run;
	struct ds_dataset *ds = v->lab->ds;
	size_t nrows = ds_dataset_nrows(ds);
	size_t *items = malloc((r->n ? r->n : 1) * sizeof *items);
	if (!items)
		return LL_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++) {
		size_t row = r->row[i];
		if (row >= nrows || !(r->review[i] >= REVIEW_THRESHOLD))
			continue;
		int lab = view_lab_get(v->lab, row);
		const char *truth = r->y[i] >= 0 && (size_t)r->y[i] < r->k ? r->classes[r->y[i]] : NULL;
		if (!ds_pred_label_suspect(&v->dr.recipe, lab < 0 ? NULL : view_lab_class_name(v->lab, (size_t)lab), truth))
			continue;
		if (ds_review_decided(v->store, row, ds_labels_row_hash(ds, row)))
			continue;
		items[k++] = i;
	}
	view_res_sort_by(r, r->review, items, k);
	/* Groups in the order of their best line. */
	long *gid = malloc((k ? k : 1) * sizeof *gid);
	size_t *gcount = calloc(k ? k : 1, sizeof *gcount), ng = 0;
	struct entry *e = malloc((2 * k + 1) * sizeof *e);
	if (!gid || !gcount || !e) {
		free(items);
		free(gid);
		free(gcount);
		free(e);
		return LL_ENOMEM;
	}
	for (size_t i = 0; i < k; i++) {
		size_t g = 0;
		while (g < ng && gid[g] != r->tpl[items[i]])
			g++;
		if (g == ng)
			gid[ng++] = r->tpl[items[i]];
		gcount[g]++;
	}
	/* each template's lines in the run and how many are labelled root
	 * cause now: a suspect among many confirmed ones is likely a miss */
	long maxt = -1;
	for (size_t i = 0; i < r->n; i++)
		if (r->tpl[i] > maxt)
			maxt = r->tpl[i];
	size_t *tlines = calloc((size_t)(maxt + 2), sizeof *tlines), *troot = calloc((size_t)(maxt + 2), sizeof *troot);
	if (!tlines || !troot) {
		free(items);
		free(gid);
		free(gcount);
		free(e);
		free(tlines);
		free(troot);
		return LL_ENOMEM;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (r->tpl[i] < 0 || r->row[i] >= nrows)
			continue;
		tlines[r->tpl[i]]++;
		int lab = view_lab_get(v->lab, r->row[i]);
		if (lab >= 0 && !ll_recipe_is_ordinary(&v->dr.recipe, view_lab_class_name(v->lab, (size_t)lab)))
			troot[r->tpl[i]]++;
	}
	size_t ne = 0;
	for (size_t g = 0; g < ng; g++) {
		size_t tl = gid[g] >= 0 ? tlines[gid[g]] : 0, tr = gid[g] >= 0 ? troot[gid[g]] : 0;
		e[ne++] = (struct entry){1, gid[g], gcount[g], tl, tr, 0};
		for (size_t i = 0; i < k; i++)
			if (r->tpl[items[i]] == gid[g])
				e[ne++] = (struct entry){0, gid[g], 0, 0, 0, items[i]};
	}
	free(tlines);
	free(troot);
	free(items);
	free(gid);
	free(gcount);
	free(v->e);
	v->e = e;
	v->ne = ne;
	v->nitems = k;
	v->built = 1;
	v->built_version = v->lab->version;
	v->nstore_built = v->store->n;
	/* Keep the cursor on an item near where it was. */
	if (v->cur >= v->ne)
		v->cur = v->ne ? v->ne - 1 : 0;
	while (v->cur < v->ne && v->e[v->cur].group)
		v->cur++;
	if (v->cur >= v->ne) {
		v->cur = v->ne ? v->ne - 1 : 0;
		while (v->cur > 0 && v->e[v->cur].group)
			v->cur--;
	}
	(void)t;
	return LL_OK;
}

static void review_free(struct review *v)
{
	view_res_run_free(v->run);
	ds_run_close(&v->dr);
	ds_review_free(v->store);
	view_res_ctx_free(&v->ctx);
	free(v->e);
	free(v->buf);
	free(v);
}

static int review_open(struct view *vw, struct tui *t, const void *arg, struct ll_err *err)
{
	const struct view_res_arg *a = arg;
	if (!a || a->nids < 1)
		return ll_err_set(err, LL_EUSAGE, "the review view needs a run");
	struct review *v = calloc(1, sizeof *v);
	if (!v)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	v->job = -1;
	v->time_col = -1;
	v->cap = 4096;
	int rc = (v->buf = malloc(v->cap)) ? LL_OK : ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK)
		rc = view_res_ctx_init(&v->ctx, a->ws, a->lab, err);
	if (rc == LL_OK)
		rc = view_res_run_load(a->ws, a->ids[0], &v->run, err);
	if (rc == LL_OK && v->run->kmeans)
		rc = ll_err_set(err, LL_EUSAGE, "run %s is k-means: it scores no root causes to review", v->run->info.id);
	if (rc == LL_OK && (!v->run->dataset_path || strstr(v->run->dataset_path, "://")))
		rc = ll_err_set(err, LL_EUSAGE, "run %s: review needs a local dataset", v->run->info.id);
	if (rc == LL_OK)
		rc = ds_run_open(a->ws, v->run->info.dir, &v->dr, err);
	if (rc == LL_OK)
		rc = ds_review_load(v->run->dataset_path, &v->store, err);
	if (rc == LL_OK && v->store->nwarnings)
		tui_error(t, "%s%s", v->store->warnings[0], v->store->nwarnings > 1 ? " (and more lines)" : "");
	if (rc == LL_OK && !(v->lab = view_res_lab(&v->ctx, t, v->run)))
		rc = ll_err_set(err, LL_EIO, "%s cannot be opened", v->run->dataset_path);
	if (rc != LL_OK) {
		review_free(v);
		return rc;
	}
	for (size_t c = 0; c < ds_dataset_ncols(v->lab->ds); c++) {
		const char *nm = ds_dataset_col_name(v->lab->ds, c);
		if (nm && (strcasestr(nm, "time") || strcasestr(nm, "date"))) {
			v->time_col = (int)c;
			break;
		}
	}
	vw->state = v;
	return LL_OK;
}

static void review_close(struct view *vw)
{
	review_free(vw->state);
}

static const char *text_of(struct review *v, size_t row, size_t *len)
{
	struct ds_dataset *ds = v->lab->ds;
	size_t n = ds_dataset_row_text(ds, row, v->buf, v->cap);
	if (n >= v->cap) {
		char *b = realloc(v->buf, n + 1);
		if (b) {
			v->buf = b;
			v->cap = n + 1;
			n = ds_dataset_row_text(ds, row, v->buf, v->cap);
		} else {
			n = v->cap - 1;
		}
	}
	*len = n;
	return v->buf;
}

static void template_text(struct review *v, long tpl, char *buf, size_t cap)
{
	if (tpl >= 0 && v->dr.fit.tpl && (size_t)tpl < ll_tpl_count(v->dr.fit.tpl))
		ll_tpl_text(v->dr.fit.tpl, tpl, buf, cap);
	else
		snprintf(buf, cap, "%s", tpl >= 0 ? "(template not recorded by the run)" : "(no template)");
}

static const char *pred_name(const struct review *v, size_t sample)
{
	int p = v->run->pred[sample];
	return p >= 0 && (size_t)p < v->run->k ? v->run->classes[p] : "?";
}

static void review_draw(struct view *vw, struct tui *t, struct view_rect r)
{
	struct review *v = vw->state;
	char line[2048];
	for (int y = 0; y < r.h; y++)
		tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	if (!v->built) {
		snprintf(line, sizeof line, " review %s: loading the labels of %s…", v->run->info.id,
			 v->run->dataset_path);
		tui_draw_text(t, r.y, r.x, r.w, line, strlen(line), 0, TUI_ROLE_TITLE, 0, NULL, 0);
		return;
	}
	snprintf(line, sizeof line, " review %s: %zu ordinary line%s scored root cause (>= %.2g%s), not yet decided",
		 v->run->info.id, v->nitems, v->nitems == 1 ? "" : "s", REVIEW_THRESHOLD,
		 v->run->review_oof ? "; training lines out of fold" : "; training lines in sample: review_folds");
	tui_draw_text(t, r.y, r.x, r.w, line, strlen(line), 0, TUI_ROLE_TITLE, 0, NULL, 0);
	/* Context below the list: template, time, lines around. */
	int ctx_h = r.h >= 16 ? 4 + 2 * CONTEXT_LINES : 0;
	int list_h = r.h - 1 - ctx_h;
	v->height = list_h > 0 ? list_h : 1;
	if (v->cur < v->top)
		v->top = v->cur;
	if (v->cur >= v->top + (size_t)v->height)
		v->top = v->cur - (size_t)v->height + 1;
	/* Show the group header of the first item on screen. */
	if (v->top > 0 && v->top == v->cur && v->e[v->top - 1].group)
		v->top--;
	for (int y = 0; y < list_h; y++) {
		size_t i = v->top + (size_t)y;
		if (i >= v->ne) {
			if (y == 0 && !v->ne) {
				snprintf(line, sizeof line, " nothing to review: every suspect is decided or labelled");
				tui_draw_text(t, r.y + 1, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL, 0, NULL, 0);
			}
			continue;
		}
		const struct entry *e = &v->e[i];
		if (e->group) {
			char tt[1024];
			template_text(v, e->tpl, tt, sizeof tt);
			if (e->tpl >= 0)
				snprintf(line, sizeof line, " template %ld  %zu line%s  (%zu of its %zu labelled root cause)  %s",
					 e->tpl, e->count, e->count == 1 ? "" : "s", e->root, e->lines, tt);
			else
				snprintf(line, sizeof line, " no template  %zu line%s", e->count, e->count == 1 ? "" : "s");
			tui_draw_text(t, r.y + 1 + y, r.x, r.w, line, strlen(line), 0, TUI_ROLE_HEADER, 0, NULL, 0);
			continue;
		}
		size_t row = v->run->row[e->sample];
		int hw = snprintf(line, sizeof line, "   %8zu %6.3f %-12.12s ", row + 1, v->run->review[e->sample],
				  view_shown(pred_name(v, e->sample)));
		attr_t ex = i == v->cur ? A_REVERSE : 0;
		tui_draw_text(t, r.y + 1 + y, r.x, hw < r.w ? hw : r.w, line, (size_t)hw, 0, TUI_ROLE_NORMAL, ex, NULL, 0);
		if (hw < r.w) {
			size_t len;
			const char *txt = text_of(v, row, &len);
			tui_draw_text(t, r.y + 1 + y, r.x + hw, r.w - hw, txt, len, 0, TUI_ROLE_NORMAL, ex, NULL, 0);
		}
	}
	if (!ctx_h || !v->ne || v->e[v->cur].group)
		return;
	const struct entry *e = &v->e[v->cur];
	size_t row = v->run->row[e->sample];
	int y = r.y + 1 + list_h;
	char tt[1024], when[128] = "";
	template_text(v, e->tpl, tt, sizeof tt);
	if (v->time_col >= 0)
		ds_dataset_cell(v->lab->ds, row, (size_t)v->time_col, when, sizeof when);
	snprintf(line, sizeof line, " line %zu%s%s  template %s", row + 1, when[0] ? "  time " : "", when, tt);
	tui_fill(t, y, r.x, r.w, TUI_ROLE_STATUS, 0);
	tui_draw_text(t, y, r.x, r.w, line, strlen(line), 0, TUI_ROLE_HEADER, 0, NULL, 0);
	size_t nrows = ds_dataset_nrows(v->lab->ds);
	for (long d = -CONTEXT_LINES; d <= CONTEXT_LINES; d++) {
		long rr = (long)row + d;
		y++;
		if (rr < 0 || (size_t)rr >= nrows || y >= r.y + r.h)
			continue;
		int lab = view_lab_get(v->lab, (size_t)rr);
		const char *name = lab >= 0 ? view_lab_class_name(v->lab, (size_t)lab) : "-";
		int hw = snprintf(line, sizeof line, " %c%8ld %-12.12s ", d == 0 ? '>' : ' ', rr + 1, view_shown(name));
		tui_draw_text(t, y, r.x, hw, line, (size_t)hw, 0, TUI_ROLE_NORMAL, d == 0 ? A_BOLD : 0, NULL, 0);
		size_t len;
		const char *txt = text_of(v, (size_t)rr, &len);
		tui_draw_text(t, y, r.x + hw, r.w - hw, txt, len, 0,
			      lab >= 0 ? tui_label_role(name, lab) : TUI_ROLE_NORMAL, d == 0 ? A_BOLD : 0, NULL, 0);
	}
}

static void step_cursor(struct review *v, long step)
{
	if (!v->ne)
		return;
	long i = (long)v->cur;
	long dir = step > 0 ? 1 : -1;
	long left = labs(step);
	while (left > 0) {
		long j = i + dir;
		while (j >= 0 && j < (long)v->ne && v->e[j].group)
			j += dir;
		if (j < 0 || j >= (long)v->ne)
			break;
		i = j;
		left--;
	}
	v->cur = (size_t)i;
}

/* The class to confirm a line with: asked for with the session's class
 * keys, or typed after Enter. NULL when cancelled; the name is in buf. */
static const char *ask_class(struct review *v, struct tui *t, size_t row, const char *why, char *buf, size_t cap)
{
	char keys[512], prompt[768];
	view_lab_keys_text(v->lab, keys, sizeof keys);
	snprintf(prompt, sizeof prompt, "%sconfirm line %zu as (%s; Enter types a name, Esc cancels): ", why, row + 1,
		 keys);
	int k = tui_ask_key(t, prompt);
	if (k < 0)
		return NULL;
	if (k == '\n' || k == '\r' || k == TUI_KEY_FN(KEY_ENTER)) {
		snprintf(prompt, sizeof prompt, "confirm line %zu as class: ", row + 1);
		if (!tui_prompt(t, prompt, buf, cap) || !buf[0] || strpbrk(buf, "\t\n\r"))
			return NULL;
		return buf;
	}
	const char *name = view_lab_key_class(v->lab, k);
	if (!name) {
		char kn[32];
		tui_key_name(k, kn, sizeof kn);
		tui_error(t, "%s names no class here (%s)", kn, keys);
		return NULL;
	}
	snprintf(buf, cap, "%s", name);
	return buf;
}

/* The dataset's root-cause class for the line (see the header); NULL
 * after asking was cancelled. */
static const char *confirm_class(struct review *v, struct tui *t, size_t sample, char *buf, size_t cap)
{
	size_t nc = view_lab_nclasses(v->lab);
	const char **names = malloc((nc ? nc : 1) * sizeof *names);
	if (!names) {
		tui_error(t, "out of memory");
		return NULL;
	}
	for (size_t c = 0; c < nc; c++)
		names[c] = view_lab_class_name(v->lab, c);
	const char *out = NULL;
	size_t n = ll_recipe_root_cause_class(&v->dr.recipe, pred_name(v, sample), names, nc, &out);
	if (out)
		snprintf(buf, cap, "%s", out);
	free(names);
	if (n <= 1)
		return buf;
	return ask_class(v, t, v->run->row[sample], "several root-cause classes: ", buf, cap);
}

static void decide_rows(struct review *v, struct tui *t, int confirm, int pick, size_t s, size_t row,
			const size_t *rows, const uint32_t *hashes, size_t n)
{
	char cls[256] = "", what[64];
	if (n == 1)
		snprintf(what, sizeof what, "line %zu", row + 1);
	else
		snprintf(what, sizeof what, "%zu lines of template %ld", n, v->run->tpl[s]);
	if (confirm) {
		if (!v->lab->labels) {
			tui_error(t, "the labels are still loading");
			return;
		}
		/* the class of the line under the cursor, for the group too */
		const char *name = pick ? ask_class(v, t, row, "", cls, sizeof cls) : confirm_class(v, t, s, cls, sizeof cls);
		if (!name)
			return;
		int id = ll_labels_class_id(v->lab->labels, name);
		if (id < 0) {
			tui_error(t, "out of memory");
			return;
		}
		if (view_lab_apply(v->lab, t, rows, n, id, "review", what) < 0)
			return; /* the message line says why; no decision recorded */
	}
	struct ll_err err;
	ll_err_clear(&err);
	if (ds_review_append(v->store, rows, hashes, n, confirm, v->run->info.id, confirm ? cls : NULL, &err) != LL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	if (confirm)
		/* a grouped run's line stands for its whole sample, but only that
		 * line is relabelled: say so, as `loglab review --confirm` does */
		tui_message(t, "%s confirmed as %s (journal, source review; u undoes)%s", what, cls,
			    ds_pred_samples_group_rows(&v->dr.recipe) ? "; the other rows of its sample keep their labels"
								      : "");
	else
		tui_message(t, "%s dismissed: %s not be asked again", what, n == 1 ? "it will" : "they will");
	if (build(v, t) != LL_OK)
		tui_error(t, "out of memory");
}

/* The decision on the line under the cursor, or with group on every
 * queued line of its template (the entries between its group's header and
 * the next): one relabel of them all (one undo step), one decision each. */
static void decide(struct review *v, struct tui *t, int confirm, int pick, int group)
{
	if (!v->built || !v->ne || v->e[v->cur].group) {
		tui_message(t, "nothing to decide");
		return;
	}
	size_t s = v->e[v->cur].sample, row = v->run->row[s];
	size_t g0 = v->cur, g1 = v->cur + 1;
	while (group && g0 > 0 && !v->e[g0 - 1].group)
		g0--;
	while (group && g1 < v->ne && !v->e[g1].group)
		g1++;
	size_t n = g1 - g0;
	size_t *rows = malloc(n * sizeof *rows);
	uint32_t *hashes = malloc(n * sizeof *hashes);
	if (!rows || !hashes) {
		free(rows);
		free(hashes);
		tui_error(t, "out of memory");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		rows[i] = v->run->row[v->e[g0 + i].sample];
		hashes[i] = ds_labels_row_hash(v->lab->ds, rows[i]);
	}
	decide_rows(v, t, confirm, pick, s, row, rows, hashes, n);
	free(rows);
	free(hashes);
}

/* Reviews run id (a retraining of the same experiment) instead: its
 * scores, the same labels and decisions. */
static void switch_run(struct review *v, struct tui *t, const char *id)
{
	struct view_res_run *run = NULL;
	struct ds_run dr;
	struct ll_err err;
	ll_err_clear(&err);
	memset(&dr, 0, sizeof dr);
	if (view_res_run_load(v->ctx.ws, id, &run, &err) != LL_OK || ds_run_open(v->ctx.ws, run->info.dir, &dr, &err) != LL_OK) {
		view_res_run_free(run);
		tui_error(t, "run %s: %s", id, err.msg);
		return;
	}
	view_res_run_free(v->run);
	ds_run_close(&v->dr);
	v->run = run;
	v->dr = dr;
	v->cur = v->top = 0;
	v->built = 0;
	if (build(v, t) == LL_OK)
		tui_message(t, "retrained: now reviewing run %s (%zu suspect%s)", id, v->nitems, v->nitems == 1 ? "" : "s");
}

/* Ctrl-l: decisions made elsewhere (loglab review --dismiss) count too. */
static void reload_decisions(struct review *v, struct tui *t)
{
	struct ds_review *store = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	if (ds_review_load(v->run->dataset_path, &store, &err) != LL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	ds_review_free(v->store);
	v->store = store;
	if (build(v, t) != LL_OK)
		tui_error(t, "out of memory");
}

static void retrain(struct review *v, struct tui *t)
{
	const char *exp = v->run->info.experiment;
	if (!exp) {
		tui_error(t, "run %s names no experiment", v->run->info.id);
		return;
	}
	struct ll_err err;
	ll_err_clear(&err);
	int job = view_job_submit(v->ctx.ws, exp, &err);
	if (job < 0) {
		tui_error(t, "retrain %s: %s", exp, err.msg);
		return;
	}
	v->job = job;
	size_t idx = (size_t)job;
	tui_push_view(t, &view_train_ops, &idx);
}

static int review_request(struct view *vw, struct tui *t, enum tui_request req)
{
	struct review *v = vw->state;
	long page = v->height > 0 ? v->height : 1;
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
		step_cursor(v, 1);
		break;
	case TUI_REQ_MOVE_UP:
		step_cursor(v, -1);
		break;
	case TUI_REQ_MOVE_PAGE_DOWN:
	case TUI_REQ_MOVE_HALF_PAGE_DOWN:
		step_cursor(v, req == TUI_REQ_MOVE_PAGE_DOWN ? page : page / 2 + 1);
		break;
	case TUI_REQ_MOVE_PAGE_UP:
	case TUI_REQ_MOVE_HALF_PAGE_UP:
		step_cursor(v, -(req == TUI_REQ_MOVE_PAGE_UP ? page : page / 2 + 1));
		break;
	case TUI_REQ_SCROLL_LINE_DOWN:
		step_cursor(v, 3);
		break;
	case TUI_REQ_SCROLL_LINE_UP:
		step_cursor(v, -3);
		break;
	case TUI_REQ_MOVE_FIRST_LINE:
		step_cursor(v, -(long)v->ne);
		break;
	case TUI_REQ_MOVE_LAST_LINE:
		step_cursor(v, (long)v->ne);
		break;
	case TUI_REQ_MOUSE_SELECT: {
		int y, x;
		tui_mouse_pos(t, &y, &x);
		size_t i = v->top + (size_t)(y - vw->rect.y - 1);
		if (y > vw->rect.y && i < v->ne && !v->e[i].group)
			v->cur = i;
		break;
	}
	case TUI_REQ_CONFIRM:
	case TUI_REQ_CONFIRM_AS:
	case TUI_REQ_DISMISS:
		decide(v, t, req != TUI_REQ_DISMISS, req == TUI_REQ_CONFIRM_AS, 0);
		break;
	case TUI_REQ_CONFIRM_GROUP:
	case TUI_REQ_DISMISS_GROUP:
		decide(v, t, req == TUI_REQ_CONFIRM_GROUP, 0, 1);
		break;
	case TUI_REQ_UNDO:
	case TUI_REQ_REDO:
		/* Undoes the relabel; the decision stays recorded (the line is not asked again). */
		view_lab_undo(v->lab, t, req == TUI_REQ_REDO);
		break;
	case TUI_REQ_RETRAIN:
		retrain(v, t);
		break;
	case TUI_REQ_REDRAW:
		reload_decisions(v, t);
		return 0; /* and let the loop repaint */
	case TUI_REQ_ENTER:
		if (v->ne && !v->e[v->cur].group) {
			struct view_browser_arg a = {v->lab, -1, 0, 0};
			v->lab->jump_pending = 1;
			v->lab->jump_row = v->run->row[v->e[v->cur].sample];
			tui_push_view(t, &view_browser_ops, &a);
		}
		break;
	default:
		return 0;
	}
	return 1;
}

static void review_status(struct view *vw, struct tui *t, char *buf, size_t cap)
{
	struct review *v = vw->state;
	(void)t;
	char job[160] = "";
	struct view_job_status st;
	if (v->job >= 0 && view_job_status((size_t)v->job, &st))
		snprintf(job, sizeof job, "  retrain: %s%s%s", view_job_state_name(st.state), st.run_id[0] ? " " : "",
			 st.run_id);
	size_t pos = 0;
	for (size_t i = 0; i <= v->cur && i < v->ne; i++)
		pos += !v->e[i].group;
	snprintf(buf, cap, " review %zu/%zu  y confirm  c as class  n dismiss  R retrain  Enter context%s", pos,
		 v->nitems, job);
}

static int review_work(struct view *vw, struct tui *t)
{
	struct review *v = vw->state;
	view_lab_poll(v->lab, t);
	if (!v->lab->labels) {
		if (v->lab->load_failed) {
			if (!v->built) {
				tui_error(t, "%s", v->lab->load_msg);
				v->built = 1; /* an empty queue; the message says why */
			}
			return 0;
		}
		if (!tui_scripted(t))
			usleep(10000); /* the rows are being counted: poll, gently */
		return 1;
	}
	/* The retraining started here is done: review its run from now on. */
	struct view_job_status st;
	if (v->job >= 0 && view_job_status((size_t)v->job, &st) && st.state >= VIEW_JOB_DONE) {
		v->job = -1;
		if (st.state == VIEW_JOB_DONE && st.run_id[0])
			switch_run(v, t, st.run_id);
		else
			tui_error(t, "retraining %s %s: %s", st.experiment, view_job_state_name(st.state), st.message);
	}
	/* Rebuild when labels changed elsewhere (undo, the browser). */
	if (!v->built || v->built_version != v->lab->version || v->nstore_built != v->store->n) {
		if (build(v, t) != LL_OK)
			tui_error(t, "out of memory");
	}
	/* While the retraining runs, come back to see it end. */
	if (v->job >= 0 && view_job_busy()) {
		if (tui_scripted(t))
			view_job_wait(50);
		else
			usleep(100000);
		return 1;
	}
	return 0;
}

static const struct view_key review_own[] = {
	{TUI_REQ_CONFIRM, "Confirm: relabel as the root-cause class (asks if several)"},
	{TUI_REQ_CONFIRM_AS, NULL},
	{TUI_REQ_DISMISS, NULL},
	{TUI_REQ_CONFIRM_GROUP, NULL},
	{TUI_REQ_DISMISS_GROUP, NULL},
	{TUI_REQ_UNDO, "Undo the last relabel (the line is still not asked again)"},
	{TUI_REQ_REDO, NULL},
	{TUI_REQ_RETRAIN, "Retrain with the labels as they are; review its run next"},
	{TUI_REQ_ENTER, "Show the line in context in the browser"},
	{TUI_REQ_REDRAW, "Read the decisions again (loglab review's too)"},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const review_keys[] = {view_keys_list, review_own, NULL};

static size_t review_shown(const struct view *v, struct view_shown_runs *out)
{
	const struct review *r = v->state;
	*out = (struct view_shown_runs){.ws = r->ctx.ws, .ids = {r->run->info.id}, .nids = 1, .lab = r->ctx.tui_lab};
	return 1;
}

const struct view_ops view_review_ops = {
	.name = "review",
	.help = "Suspected new root causes of a run: confirm, dismiss, retrain",
	.open = review_open,
	.close = review_close,
	.draw = review_draw,
	.request = review_request,
	.status = review_status,
	.work = review_work,
	.keys = review_keys,
	.shown_runs = review_shown,
};
