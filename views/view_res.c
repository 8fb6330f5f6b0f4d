/*
 * view_res.c - what the results views share (view_res.h): loading a run's
 * results, the context that finds the lines and labels of a run's dataset,
 * the ':' commands that open the views, and the hits view, a list of a
 * run's lines with their scores where class keys relabel and Enter shows
 * the line in context in the browser.
 */
#include "view_res.h"
#include "ll_fileio.h"
#include "ll_tsvesc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ds_freshness.h"
#include "ds_labels.h"
#include "ds_reader.h"
#include "ds_workspace.h"
#include "view_job.h"

/* ---- loading a run ---- */

void view_res_run_free(struct view_res_run *r)
{
	if (!r)
		return;
	ds_run_info_free(&r->info);
	free(r->dataset_path);
	free(r->dataset_format);
	free(r->dataset_labels);
	for (size_t c = 0; r->classes && c < r->k; c++)
		free(r->classes[c]);
	free(r->classes);
	for (size_t c = 0; r->shown && c < r->k; c++)
		free(r->shown[c]);
	free(r->shown);
	free(r->ordinary);
	free(r->row);
	free(r->part);
	free(r->y);
	free(r->pred);
	free(r->score);
	free(r->review);
	free(r->tpl);
	free(r);
}

static int class_index(const struct view_res_run *r, const char *name)
{
	for (size_t c = 0; c < r->k; c++)
		if (strcmp(r->classes[c], name) == 0)
			return (int)c;
	return -1;
}

/* A cell as text (numbers without exponent when they are integers). */
static const char *cell(const struct ll_table *t, size_t row, int col, char *buf, size_t cap)
{
	if (col < 0) {
		buf[0] = '\0';
		return buf;
	}
	if (ll_table_col_type(t, (size_t)col) == LL_COL_NUM) {
		double v = ll_table_num(t, row, (size_t)col);
		if (isnan(v))
			buf[0] = '\0';
		else if (v == floor(v) && fabs(v) < 1e15)
			snprintf(buf, cap, "%.0f", v);
		else
			snprintf(buf, cap, "%.17g", v);
		return buf;
	}
	ll_table_format_cell(t, row, (size_t)col, buf, cap);
	return buf;
}

static int load_predictions(struct view_res_run *r, struct ll_err *err)
{
	size_t n = strlen(r->info.dir) + 32;
	char *path = malloc(n);
	if (!path)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	snprintf(path, n, "%s/predictions.tsv", r->info.dir);
	struct ds_open_opts o = {.format = "csv"};
	struct ll_table *t = NULL;
	int rc = ds_load(path, &o, &t, NULL, err);
	if (rc != LL_OK) {
		free(path);
		return rc;
	}
	int c_row = ll_table_find_column(t, "row"), c_part = ll_table_find_column(t, "part");
	int c_true = ll_table_find_column(t, "true"), c_score = ll_table_find_column(t, "score");
	int c_pred = ll_table_find_column(t, r->kmeans ? "cluster" : "predicted");
	int c_tpl = ll_table_find_column(t, "template");
	int c_review = ll_table_find_column(t, "review");
	if (c_row < 0 || c_part < 0 || c_true < 0 || c_score < 0 || c_pred < 0) {
		rc = ll_err_set(err, LL_EDATA, "%s: expected columns row, part, true, %s, score", path,
				r->kmeans ? "cluster" : "predicted");
		goto out;
	}
	r->n = ll_table_nrows(t);
	size_t m = r->n ? r->n : 1;
	r->row = malloc(m * sizeof *r->row);
	r->part = malloc(m * sizeof *r->part);
	r->y = malloc(m * sizeof *r->y);
	r->pred = malloc(m * sizeof *r->pred);
	r->score = malloc(m * sizeof *r->score);
	r->tpl = malloc(m * sizeof *r->tpl);
	r->review = malloc(m * sizeof *r->review);
	if (!r->row || !r->part || !r->y || !r->pred || !r->score || !r->tpl || !r->review) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto out;
	}
	char buf[512];
	for (size_t i = 0; i < r->n; i++) {
		double rv = ll_table_col_type(t, (size_t)c_row) == LL_COL_NUM ? ll_table_num(t, i, (size_t)c_row)
									      : atof(cell(t, i, c_row, buf, sizeof buf));
		if (!(rv >= 1)) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: bad row number", path, i + 2);
			goto out;
		}
		r->row[i] = (size_t)rv - 1;
		const char *p = cell(t, i, c_part, buf, sizeof buf);
		r->part[i] = !strcmp(p, "train") ? 0 : !strcmp(p, "dev") ? 1 : !strcmp(p, "test") ? 2 : -1;
		/* class names are escaped in the file (ll_tsvesc.h): cell()
		 * wrote them into buf, unescaped there */
		cell(t, i, c_true, buf, sizeof buf);
		ll_tsv_unescape(buf);
		r->y[i] = *buf ? class_index(r, buf) : -1;
		p = cell(t, i, c_pred, buf, sizeof buf);
		ll_tsv_unescape(buf);
		if (r->kmeans) {
			r->pred[i] = atoi(p);
			if (r->pred[i] >= 0 && (size_t)r->pred[i] + 1 > r->nclusters)
				r->nclusters = (size_t)r->pred[i] + 1;
		} else {
			r->pred[i] = class_index(r, p);
		}
		r->score[i] = ll_table_col_type(t, (size_t)c_score) == LL_COL_NUM ? ll_table_num(t, i, (size_t)c_score)
										    : atof(cell(t, i, c_score, buf, sizeof buf));
		r->review[i] = c_review < 0 ? r->score[i]
			       : ll_table_col_type(t, (size_t)c_review) == LL_COL_NUM
				       ? ll_table_num(t, i, (size_t)c_review)
				       : atof(cell(t, i, c_review, buf, sizeof buf));
		r->review_oof |= r->review[i] != r->score[i];
		p = cell(t, i, c_tpl, buf, sizeof buf);
		r->tpl[i] = *p ? atol(p) : -1;
	}
out:
	ll_table_free(t);
	free(path);
	return rc;
}

int view_res_run_load(const char *ws, const char *id, struct view_res_run **out, struct ll_err *err)
{
	*out = NULL;
	struct view_res_run *r = calloc(1, sizeof *r);
	char *dir = ds_run_dir(ws, id);
	if (!r || !dir) {
		free(r);
		free(dir);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	int rc = ds_run_read(dir, &r->info, err);
	free(dir);
	if (rc != LL_OK) {
		free(r);
		return rc == LL_EIO ? ll_err_set(err, LL_EUSAGE, "no run \"%s\" in this workspace (:runs lists them)", id) : rc;
	}
	if (!r->info.status || strcmp(r->info.status, "done") != 0) {
		rc = ll_err_set(err, LL_EUSAGE, "run %s is %s, not finished", r->info.id,
				r->info.status ? r->info.status : "incomplete");
		goto fail;
	}
	r->kmeans = r->info.model && !strcmp(r->info.model, "kmeans");
	const cJSON *j = r->info.json;
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "dataset");
	const cJSON *p = d ? cJSON_GetObjectItemCaseSensitive(d, "path") : NULL;
	if (cJSON_IsString(p) && !(r->dataset_path = strdup(p->valuestring))) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto fail;
	}
	const cJSON *f = d ? cJSON_GetObjectItemCaseSensitive(d, "format") : NULL;
	const cJSON *lf = d ? cJSON_GetObjectItemCaseSensitive(d, "labels") : NULL;
	if ((cJSON_IsString(f) && !(r->dataset_format = strdup(f->valuestring))) ||
	    (cJSON_IsString(lf) && !(r->dataset_labels = strdup(lf->valuestring)))) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto fail;
	}
	/* Classes and which of them are ordinary: as the run resolved them. */
	struct ds_run dr;
	if ((rc = ds_run_open(ws, r->info.dir, &dr, err)) != LL_OK)
		goto fail;
	r->k = dr.fit.nclasses;
	r->classes = calloc(r->k ? r->k : 1, sizeof *r->classes);
	r->shown = calloc(r->k ? r->k : 1, sizeof *r->shown);
	r->ordinary = calloc(r->k ? r->k : 1, 1);
	if (!r->classes || !r->shown || !r->ordinary) {
		ds_run_close(&dr);
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t c = 0; c < r->k; c++) {
		r->classes[c] = strdup(dr.fit.classes[c]);
		r->shown[c] = strdup(view_shown(dr.fit.classes[c]));
		r->ordinary[c] = dr.ordinary ? dr.ordinary[c] : 0;
		if (!r->classes[c] || !r->shown[c]) {
			ds_run_close(&dr);
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			goto fail;
		}
	}
	ds_run_close(&dr);
	r->curves_part = 2;
	const cJSON *cp = r->info.metrics ? cJSON_GetObjectItemCaseSensitive(r->info.metrics, "curves_part") : NULL;
	if (cJSON_IsString(cp))
		r->curves_part = !strcmp(cp->valuestring, "train") ? 0 : !strcmp(cp->valuestring, "dev") ? 1 : 2;
	if ((rc = load_predictions(r, err)) != LL_OK)
		goto fail;
	*out = r;
	return LL_OK;
fail:
	view_res_run_free(r);
	return rc;
}

static const char *const part_name[] = {"train", "dev", "test"};

const void *view_res_part_metrics(const struct view_res_run *r, int part)
{
	if (!r->info.metrics || part < 0 || part > 2)
		return NULL;
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(r->info.metrics, "parts");
	return parts ? cJSON_GetObjectItemCaseSensitive(parts, part_name[part]) : NULL;
}

double view_res_num(const void *json, const char *path)
{
	const cJSON *o = json;
	char key[128];
	while (o && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof key)
			return NAN;
		memcpy(key, path, n);
		key[n] = '\0';
		o = cJSON_GetObjectItemCaseSensitive(o, key);
		path += n + (dot != NULL);
	}
	return cJSON_IsNumber(o) ? o->valuedouble : NAN;
}

/* ---- where lines and labels come from ---- */

int view_res_ctx_init(struct view_res_ctx *c, const char *ws, struct view_lab *tui_lab, struct ll_err *err)
{
	memset(c, 0, sizeof *c);
	if (!(c->ws = strdup(ws ? ws : ".")))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	c->tui_lab = tui_lab;
	return LL_OK;
}

void view_res_ctx_free(struct view_res_ctx *c)
{
	if (c->own_lab)
		view_lab_free(c->own_lab);
	if (c->own_ds)
		ds_dataset_close(c->own_ds);
	free(c->ws);
	memset(c, 0, sizeof *c);
}


struct view_lab *view_res_lab(struct view_res_ctx *c, struct tui *t, const struct view_res_run *r)
{
	if (!r->dataset_path) {
		tui_error(t, "run %s names no dataset file", r->info.id);
		return NULL;
	}
	if (c->tui_lab && ll_same_path(ds_dataset_path(c->tui_lab->ds), r->dataset_path))
		return c->lab = c->tui_lab;
	if (c->own_lab && ll_same_path(ds_dataset_path(c->own_ds), r->dataset_path))
		return c->lab = c->own_lab;
	if (c->own_lab) {
		view_lab_free(c->own_lab);
		c->own_lab = NULL;
	}
	if (c->own_ds) {
		ds_dataset_close(c->own_ds);
		c->own_ds = NULL;
	}
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_open_opts o = {.format = r->dataset_format, .labels = r->dataset_labels};
	int rc = ds_dataset_open(&c->own_ds, r->dataset_path, &o, &err);
	if (rc == LL_OK)
		rc = view_lab_new(c->own_ds, &c->own_lab, &err);
	if (rc != LL_OK) {
		tui_error(t, "%s", err.msg);
		if (c->own_ds)
			ds_dataset_close(c->own_ds);
		c->own_ds = NULL;
		return NULL;
	}
	return c->lab = c->own_lab;
}

static int has_ws(const char *dir)
{
	char p[PATH_MAX + 32];
	snprintf(p, sizeof p, "%s/%s", dir, DS_WORKSPACE_FILE);
	return access(p, F_OK) == 0;
}

/* Walks up from dir to the first folder holding loglab.json. */
static int walk_up(const char *start, char *buf, size_t cap)
{
	char dir[PATH_MAX];
	if (!realpath(start, dir))
		return 0;
	for (;;) {
		if (has_ws(dir)) {
			snprintf(buf, cap, "%s", dir);
			return 1;
		}
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return 0;
		*slash = '\0';
	}
}

int view_res_find_ws(struct tui *t, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (walk_up(".", buf, cap))
		return 1;
	struct ds_dataset *ds = t ? tui_dataset(t) : NULL;
	if (ds && ds_dataset_path(ds)) {
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s", ds_dataset_path(ds));
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			snprintf(dir, sizeof dir, ".");
		if (walk_up(dir, buf, cap))
			return 1;
	}
	buf[0] = '\0';
	return 0;
}

/* ---- watching the workspace ---- */

/* The signature of ws_dir with its datasets (loglab.json read afresh: a
 * dataset added there is watched too; unreadable, only the files). */
static uint64_t signature(const char *ws_dir)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	if (ds_workspace_load(ws_dir, &ws, &err) != LL_OK)
		ws = NULL;
	uint64_t s = ds_workspace_signature(ws_dir, ws);
	ds_workspace_free(ws);
	return s;
}

void view_watch_reset(struct view_watch *w, const char *ws_dir)
{
	w->sig = signature(ws_dir);
	w->primed = 1;
	w->last_ms = tui_now_ms();
}

int view_watch_poll(struct view_watch *w, struct tui *t, const char *ws_dir, int *busy)
{
	int training = view_job_busy();
	*busy = training || !tui_scripted(t);
	if (*busy && !tui_scripted(t)) {
		struct pollfd p = {STDIN_FILENO, POLLIN, 0};
		poll(&p, 1, 250);
	} else if (training) {
		view_job_wait(50);
	}
	double now = tui_now_ms();
	/* Right after a key (the view may just have come back on top), else
	 * every half second. */
	if (w->primed && now - w->last_ms < 500 && tui_last_key_ms(t) < w->last_ms && !tui_scripted(t))
		return 0;
	uint64_t s = signature(ws_dir);
	w->last_ms = now;
	if (!w->primed) {
		w->sig = s;
		w->primed = 1;
		return 0;
	}
	if (s == w->sig)
		return 0;
	w->sig = s;
	return 1;
}

/* ---- opening the views ---- */

int view_res_open(struct tui *t, const struct view_ops *ops, const char *ws, const char *const *ids, size_t nids,
		  struct view_lab *lab)
{
	if (!ops) {
		/* The default results of a run: by its model kind. */
		struct ll_err err;
		ll_err_clear(&err);
		char *dir = ds_run_dir(ws, ids[0]);
		struct ds_run_info ri;
		int rc = dir ? ds_run_read(dir, &ri, &err) : ll_err_set(&err, LL_ENOMEM, "out of memory");
		free(dir);
		if (rc != LL_OK) {
			tui_error(t, "%s", rc == LL_EIO ? "no such run (:runs lists them)" : err.msg);
			return rc;
		}
		ops = ri.model && !strcmp(ri.model, "kmeans") ? &view_clusters_ops : &view_confusion_ops;
		ds_run_info_free(&ri);
	}
	struct view_res_arg a = {ws, ids, nids, lab};
	return tui_push_view(t, ops, &a);
}

/* What view_res_command accepts, for the help view. */
const struct view_cmd view_res_cmds[] = {
	{"runs [WORKSPACE]", "the runs of the workspace here (or above it), or of WORKSPACE"},
	{"results RUN", "a run's default results: confusion, or clusters for k-means"},
	{"confusion RUN", "confusion matrix and report of a run"},
	{"clusters RUN", "k-means clusters against the classes"},
	{"roc RUN...", "ROC and PR curves of runs, with a threshold cursor"},
	{"curves RUN...", "training curves of runs overlaid"},
	{"compare RUN RUN...", "runs side by side: metrics and recipes"},
	{"review RUN", "suspected new root causes of a run: confirm or dismiss"},
	{NULL, NULL},
};

int view_res_command(struct tui *t, struct view_lab *lab, const char *ws, const char *cmd)
{
	static const struct {
		const char *name;
		const struct view_ops *ops;
		size_t min, max;
	} cmds[] = {
		{"runs", &view_runs_ops, 0, 1},          {"review", &view_review_ops, 1, 1},
		{"roc", &view_roc_ops, 1, VIEW_RES_MAX_RUNS}, {"confusion", &view_confusion_ops, 1, 1},
		{"clusters", &view_clusters_ops, 1, 1},  {"curves", &view_curves_ops, 1, VIEW_RES_MAX_RUNS},
		{"compare", &view_compare_ops, 2, VIEW_RES_MAX_RUNS}, {"results", NULL, 1, 1},
	};
	char word[32];
	size_t wl = strcspn(cmd, " \t");
	if (wl >= sizeof word)
		return 0;
	memcpy(word, cmd, wl);
	word[wl] = '\0';
	size_t which = sizeof cmds / sizeof *cmds;
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (!strcmp(word, cmds[i].name))
			which = i;
	if (which == sizeof cmds / sizeof *cmds)
		return 0;
	/* Split the arguments (at most VIEW_RES_MAX_RUNS + 1 words). */
	char copy[1024];
	snprintf(copy, sizeof copy, "%s", cmd + wl);
	const char *args[VIEW_RES_MAX_RUNS + 1];
	size_t nargs = 0;
	for (char *save = NULL, *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (nargs == VIEW_RES_MAX_RUNS + 1) {
			tui_error(t, ":%s takes at most %zu runs", word, cmds[which].max);
			return 1;
		}
		args[nargs++] = w;
	}
	/* alone: the loop's view_names_command opens it on the run shown */
	if (!nargs && cmds[which].min)
		return 0;
	if (nargs < cmds[which].min || nargs > cmds[which].max) {
		if (cmds[which].ops == &view_runs_ops)
			tui_error(t, "usage: :runs [WORKSPACE]");
		else
			tui_error(t, "usage: :%s RUN%s (:runs lists them)", word, cmds[which].max > 1 ? "..." : "");
		return 1;
	}
	char found[PATH_MAX];
	if (cmds[which].ops == &view_runs_ops && nargs == 1) {
		if (!has_ws(args[0])) {
			tui_error(t, "%s: no %s there", args[0], DS_WORKSPACE_FILE);
			return 1;
		}
		snprintf(found, sizeof found, "%s", args[0]);
		ws = found;
	} else if (!ws) {
		if (!view_res_find_ws(t, found, sizeof found)) {
			tui_error(t, "no workspace here: no %s in this folder or above (:train in a browser makes one)",
				  DS_WORKSPACE_FILE);
			return 1;
		}
		ws = found;
	}
	if (cmds[which].ops == &view_runs_ops) {
		view_runs_push(t, ws, lab);
		return 1;
	}
	view_res_open(t, cmds[which].ops, ws, args, nargs, lab);
	return 1;
}

/* ---- the hits view: a run's lines with scores ---- */

struct hits {
	struct view_res_ctx *ctx;
	const struct view_res_run *run;
	struct view_res_span span; /* samples that group rows: the run's label and the span shown */
	struct view_lab *lab;
	size_t *samples, n;
	char title[256];
	size_t cur, top;
	int height;
	char *buf;
	size_t cap;
};

static int hits_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	const struct view_hits_arg *a = arg;
	if (!a)
		return ll_err_set(err, LL_EUSAGE, "the hits view opens from a results view");
	struct hits *h = calloc(1, sizeof *h);
	if (!h)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	h->ctx = a->ctx;
	h->run = a->run;
	h->n = a->n;
	h->samples = malloc((a->n ? a->n : 1) * sizeof *h->samples);
	h->cap = 4096;
	h->buf = malloc(h->cap);
	if (!h->samples || !h->buf) {
		free(h->samples);
		free(h->buf);
		free(h);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	memcpy(h->samples, a->samples, a->n * sizeof *h->samples);
	snprintf(h->title, sizeof h->title, "%s", a->title ? a->title : "lines");
	h->lab = view_res_lab(h->ctx, t, h->run);
	view_res_span_init(&h->span, h->run);
	v->state = h;
	return LL_OK;
}

static void hits_close(struct view *v)
{
	struct hits *h = v->state;
	free(h->samples);
	free(h->buf);
	free(h);
}

static const char *row_text(struct hits *h, size_t row, size_t *len)
{
	struct ds_dataset *ds = h->lab->ds;
	if (row >= ds_dataset_nrows(ds)) {
		*len = 0;
		return "";
	}
	size_t n = ds_dataset_row_text(ds, row, h->buf, h->cap);
	if (n >= h->cap) {
		char *b = realloc(h->buf, n + 1);
		if (b) {
			h->buf = b;
			h->cap = n + 1;
			n = ds_dataset_row_text(ds, row, h->buf, h->cap);
		} else {
			n = h->cap - 1;
		}
	}
	*len = n;
	return h->buf;
}

static void hits_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct hits *h = v->state;
	char line[512];
	if (h->span.grouped)
		snprintf(line, sizeof line, " %8s %6s %-12s %-11s text of the first line of the %zu sample%s of %s",
			 "line", "score", "run label", "span", h->n, h->n == 1 ? "" : "s", h->title);
	else
		snprintf(line, sizeof line, " %8s %6s %-12s text of the %zu line%s of %s", "line", "score", "label", h->n,
			 h->n == 1 ? "" : "s", h->title);
	tui_draw_text_marked(t, r.y, r.x, r.w, line, strlen(line), 0, TUI_ROLE_HEADER, 0);
	h->height = r.h > 1 ? r.h - 1 : 1;
	if (h->cur < h->top)
		h->top = h->cur;
	if (h->cur >= h->top + (size_t)h->height)
		h->top = h->cur - (size_t)h->height + 1;
	int ready = h->lab && h->lab->labels;
	for (int y = 1; y < r.h; y++) {
		size_t i = h->top + (size_t)(y - 1);
		if (i >= h->n || !h->lab) {
			tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
			if (y == 1 && !h->lab)
				tui_draw_text(t, r.y + y, r.x, r.w, " (the run's dataset cannot be opened)", 37, 0,
					      TUI_ROLE_ERROR, 0, NULL, 0);
			continue;
		}
		size_t s = h->samples[i], row = h->run->row[s];
		int cls = ready ? view_lab_get(h->lab, row) : -1;
		const char *name = cls >= 0 ? view_lab_class_name(h->lab, (size_t)cls) : "-";
		char head[128], span[40] = "";
		if (h->span.grouped) {
			/* the label the run trained on for the whole sample */
			cls = h->run->y[s];
			name = cls >= 0 && (size_t)cls < h->run->k ? h->run->classes[cls] : "-";
			view_res_span_text(&h->span, h->lab->ds, row, span, sizeof span);
		}
		int hw = h->span.grouped
				 ? snprintf(head, sizeof head, " %8zu %6.3f %-12.12s %-11.17s ", row + 1, h->run->score[s], view_shown(name), span)
				 : snprintf(head, sizeof head, " %8zu %6.3f %-12.12s ", row + 1, h->run->score[s], view_shown(name));
		attr_t ex = i == h->cur ? A_REVERSE : 0;
		tui_draw_text(t, r.y + y, r.x, hw < r.w ? hw : r.w, head, (size_t)hw, 0, TUI_ROLE_NORMAL, ex, NULL, 0);
		if (hw < r.w) {
			size_t len;
			const char *txt = row_text(h, row, &len);
			tui_draw_text(t, r.y + y, r.x + hw, r.w - hw, txt, len, 0,
				      cls >= 0 ? tui_label_role(name, cls) : TUI_ROLE_NORMAL, ex, NULL, 0);
		}
	}
}

static int hits_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct hits *h = v->state;
	size_t last = h->n ? h->n - 1 : 0, page = h->height > 0 ? (size_t)h->height : 1;
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
		h->cur = h->cur < last ? h->cur + 1 : last;
		break;
	case TUI_REQ_MOVE_UP:
		h->cur = h->cur ? h->cur - 1 : 0;
		break;
	case TUI_REQ_MOVE_PAGE_DOWN:
	case TUI_REQ_MOVE_HALF_PAGE_DOWN:
	case TUI_REQ_SCROLL_LINE_DOWN: {
		size_t step = req == TUI_REQ_MOVE_PAGE_DOWN ? page : req == TUI_REQ_SCROLL_LINE_DOWN ? 3 : page / 2 + 1;
		h->cur = h->cur + step < last ? h->cur + step : last;
		break;
	}
	case TUI_REQ_MOVE_PAGE_UP:
	case TUI_REQ_MOVE_HALF_PAGE_UP:
	case TUI_REQ_SCROLL_LINE_UP: {
		size_t step = req == TUI_REQ_MOVE_PAGE_UP ? page : req == TUI_REQ_SCROLL_LINE_UP ? 3 : page / 2 + 1;
		h->cur = h->cur > step ? h->cur - step : 0;
		break;
	}
	case TUI_REQ_MOVE_FIRST_LINE:
		h->cur = 0;
		break;
	case TUI_REQ_MOVE_LAST_LINE:
		h->cur = last;
		break;
	case TUI_REQ_MOUSE_SELECT: {
		int y, x;
		tui_mouse_pos(t, &y, &x);
		if (y > v->rect.y && h->top + (size_t)(y - v->rect.y - 1) < h->n)
			h->cur = h->top + (size_t)(y - v->rect.y - 1);
		break;
	}
	case TUI_REQ_LABEL_CLASS:
		if (h->n && h->lab) {
			size_t row = h->run->row[h->samples[h->cur]];
			char what[64];
			snprintf(what, sizeof what, "line %zu", row + 1);
			if (view_lab_apply_key(h->lab, t, tui_last_key(t), &row, 1, "results", what) >= 0 &&
			    h->cur < last)
				h->cur++;
		}
		break;
	case TUI_REQ_UNDO:
	case TUI_REQ_REDO:
		if (h->lab)
			view_lab_undo(h->lab, t, req == TUI_REQ_REDO);
		break;
	case TUI_REQ_ENTER: {
		if (!h->n || !h->lab)
			break;
		/* A browser on the session (the tui's, or the results views' own
		 * on the run's file), on the line; the jump is taken by the new
		 * browser's first slice of work. */
		struct view_browser_arg a = {h->lab, -1, 0, 0};
		h->lab->jump_pending = 1;
		h->lab->jump_row = h->run->row[h->samples[h->cur]];
		tui_push_view(t, &view_browser_ops, &a);
		break;
	}
	default:
		return 0;
	}
	return 1;
}

static void hits_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct hits *h = v->state;
	(void)t;
	snprintf(buf, cap, " %s  %zu/%zu  (a class key relabels; Enter: in the browser)", h->run->info.id,
		 h->n ? h->cur + 1 : 0, h->n);
}

static int hits_work(struct view *v, struct tui *t)
{
	struct hits *h = v->state;
	if (h->lab)
		view_lab_poll(h->lab, t);
	int loading = h->lab && !h->lab->labels && !h->lab->load_failed;
	if (loading && !tui_scripted(t))
		usleep(10000); /* the rows are being counted: poll, gently */
	return loading;
}

static const struct view_key hits_own[] = {
	{TUI_REQ_ENTER, "Show the line in context in the browser"},
	{TUI_REQ_LABEL_CLASS, "Relabel the line with the key's class (journalled)"},
	{TUI_REQ_UNDO, NULL},
	{TUI_REQ_REDO, NULL},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const hits_keys[] = {view_keys_list, hits_own, NULL};

static size_t hits_shown(const struct view *v, struct view_shown_runs *out)
{
	const struct hits *h = v->state;
	*out = (struct view_shown_runs){.ws = h->ctx->ws, .ids = {h->run->info.id}, .nids = 1, .lab = h->ctx->tui_lab};
	return 1;
}

const struct view_ops view_hits_ops = {
	.name = "hits",
	.help = "A run's lines with their scores: relabel, or see one in the browser",
	.open = hits_open,
	.close = hits_close,
	.draw = hits_draw,
	.request = hits_request,
	.status = hits_status,
	.work = hits_work,
	.keys = hits_keys,
	.shown_runs = hits_shown,
};
