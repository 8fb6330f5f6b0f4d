/*
 * view_runs.c - the runs of a workspace as a table (id, experiment, model,
 * headline metrics, duration, dataset, when, stale marker), and the compare
 * view: the selected runs' metrics side by side and what differs in their
 * recipes (features, model, hyper-parameters, seed, data fingerprints).
 *
 * The table is read once when the view opens and again with Ctrl-l (new
 * runs appear after a training). Staleness comes from ds_run_stale: the
 * status bar says what changed for the run under the cursor.
 *
 * A run cut short (cancelled, failed, or "running" with no training
 * holding its lock: killed) that has a checkpoint says "(resumable)" in its
 * status, and R continues it through the training queue as
 * `loglab train --resume` would (ds_run_resume.h), so that no training
 * cut short is lost work.
 */
#include "view_res.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ds_run_resume.h"
#include "ds_run_sweep.h"
#include "ds_run_summary.h"
#include "ds_workspace.h"
#include "textcell.h"
#include "view_job.h"
#include "view_table.h"
#include "view_ws.h"

enum { RC_RUN, RC_MODEL, RC_STATUS, RC_METRICS, RC_TIME, RC_EXPERIMENT, RC_FEATURESET, RC_DATASET, RC_WHEN, RC_N };

/* The columns by importance, left to right: what a run is and how good it
 * is first, where it came from after (h/l scrolls to them). */
static const struct view_table_col runs_cols[RC_N] = {
	[RC_RUN] = {"run", 22, 0},          [RC_MODEL] = {"model", 6, 0},
	[RC_STATUS] = {"status", 9, 0},     [RC_METRICS] = {"metrics (test part)", 28, 0},
	[RC_TIME] = {"time", 7, 1},         [RC_EXPERIMENT] = {"experiment", 12, 0},
	[RC_FEATURESET] = {"feature set", 16, 0}, [RC_DATASET] = {"dataset", 12, 0},
	[RC_WHEN] = {"when", 16, 0},
};

struct runs_view {
	char *ws;
	struct view_lab *lab;
	struct ds_run_info *runs;
	size_t n;
	unsigned char *sel;
	unsigned char *resumable; /* each run: can continue from its checkpoint (ds_run_resumable) */
	unsigned char *training;  /* each run: a training holds it now (its lock, or this TUI's queue) */
	size_t cur, top;
	int height;
	char msg[256];
	/* runs left out because their run.json cannot be read: how many, and
	 * the first one's id and problem (said in the status line, which the
	 * CLI's warning is to `loglab runs`) */
	size_t nunreadable;
	char unreadable[320];
	struct view_table_col cols[RC_N]; /* runs_cols, the run column as wide as the ids */
	struct view_table table;
	struct view_watch watch;
};

static struct view_lab *next_lab; /* handed from view_res_command to runs_open */

/* The metric headline of a run: test (or its curves part) metrics. */
static void headline(const struct ds_run_info *r, char *buf, size_t cap)
{
	const cJSON *m = r->metrics;
	if (!m) {
		snprintf(buf, cap, "%s", r->status ? r->status : "?");
		return;
	}
	const cJSON *km = cJSON_GetObjectItemCaseSensitive(m, "kmeans");
	if (km) {
		/* `loglab runs`'s figures, short to fit 80 columns (inertia is in
		 * the compare and clusters views) */
		struct ds_kmeans_summary ks;
		ds_kmeans_summary_read(km, &ks);
		ds_kmeans_summary_text(&ks, 1, buf, cap);
		return;
	}
	const cJSON *cp = cJSON_GetObjectItemCaseSensitive(m, "curves_part");
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(m, "parts");
	const cJSON *p = parts && cJSON_IsString(cp) ? cJSON_GetObjectItemCaseSensitive(parts, cp->valuestring) : NULL;
	double auroc = view_res_num(p, "root_cause.auroc");
	char a[16] = "-";
	/* four decimals, as `loglab runs`, the report and the other views */
	if (!isnan(auroc))
		snprintf(a, sizeof a, "%.4f", auroc);
	snprintf(buf, cap, "acc %.4f f1 %.4f auc %s", view_res_num(p, "accuracy"), view_res_num(p, "f1_macro"), a);
}


/* A name column widened to hold name (up to NAME_COL_MAX columns). */
#define NAME_COL_MAX 32
static void widen(struct view_table_col *col, const char *name)
{
	int w = name ? (int)tc_width(name, strlen(name), 1) : 0;
	if (w > NAME_COL_MAX)
		w = NAME_COL_MAX;
	if (w > col->width)
		col->width = w;
}
/* The status word of run i: "stale" for a done run whose inputs changed;
 * "interrupted" for one recorded running that no training holds (killed);
 * "(resumable)" after a run that R can continue. */
static void status_text(const struct runs_view *rv, size_t i, char *buf, size_t cap)
{
	const struct ds_run_info *ri = &rv->runs[i];
	const char *st = ri->status ? ri->status : "?";
	if (!strcmp(st, "done") && ri->stale)
		st = "stale";
	else if (!strcmp(st, "running") && !rv->training[i])
		st = "interrupted";
	snprintf(buf, cap, "%s%s", st, rv->resumable[i] ? " (resumable)" : "");
}

static void first_unreadable(void *ctx, const char *id, const char *why)
{
	struct runs_view *rv = ctx;
	/* "ID/run.json: not valid JSON": the workspace's path is known */
	const char *in_runs = strstr(why, "/runs/");
	(void)id;
	if (!rv->unreadable[0])
		snprintf(rv->unreadable, sizeof rv->unreadable, "%s", in_runs ? in_runs + 6 : why);
}

static int load(struct runs_view *rv, struct ll_err *err)
{
	/* The signature before the runs are read: a run.json written while they
	 * are read (a training's last write; the staleness checks make the read
	 * slow) shows at the next poll. Taken after, it was absorbed, and the
	 * run stayed "running" on screen for good. */
	view_watch_reset(&rv->watch, rv->ws);
	ds_runs_free(rv->runs, rv->n);
	free(rv->sel);
	free(rv->resumable);
	free(rv->training);
	rv->runs = NULL;
	rv->sel = rv->resumable = rv->training = NULL;
	rv->n = 0;
	struct ds_workspace *ws = NULL;
	struct ll_err werr;
	ll_err_clear(&werr);
	/* Without a readable loglab.json the runs still list, unchecked. */
	if (ds_workspace_load(rv->ws, &ws, &werr) != LL_OK)
		snprintf(rv->msg, sizeof rv->msg, "staleness unchecked: %.200s", werr.msg);
	int rc = ds_runs_list(rv->ws, ws, &rv->runs, &rv->n, err);
	ds_workspace_free(ws);
	if (rc != LL_OK)
		return rc;
	rv->unreadable[0] = '\0';
	rv->nunreadable = ds_runs_unreadable(rv->ws, rv->runs, rv->n, first_unreadable, rv);
	rv->sel = calloc(rv->n ? rv->n : 1, 1);
	rv->resumable = calloc(rv->n ? rv->n : 1, 1);
	rv->training = calloc(rv->n ? rv->n : 1, 1);
	if (!rv->sel || !rv->resumable || !rv->training)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	/* Newest first: ids sort by time. */
	for (size_t i = 0; i < rv->n / 2; i++) {
		struct ds_run_info tmp = rv->runs[i];
		rv->runs[i] = rv->runs[rv->n - 1 - i];
		rv->runs[rv->n - 1 - i] = tmp;
	}
	if (rv->cur >= rv->n)
		rv->cur = rv->n ? rv->n - 1 : 0;
	/* the id, status and metrics columns as wide as what they hold
	 * ("done" mostly, "cancelled (resumable)"; 31 for a classifier's
	 * metrics, 36 for k-means'), so a k-means headline is not cut at 80
	 * columns beside a 22-character id */
	int idw = 12, stw = (int)strlen(runs_cols[RC_STATUS].title), mw = runs_cols[RC_METRICS].width;
	for (size_t i = 0; i < rv->n; i++) {
		const struct ds_run_info *ri = &rv->runs[i];
		if ((int)strlen(ri->id) > idw)
			idw = (int)strlen(ri->id);
		if (ri->status && strcmp(ri->status, "done") != 0) {
			rv->training[i] = view_job_for_run(ri->id) >= 0 || ds_run_lock_holder(ri->dir) != 0;
			rv->resumable[i] = !rv->training[i] && ds_run_resumable(ri->dir, ri->json, NULL) == LL_OK;
		}
		char text[128];
		status_text(rv, i, text, sizeof text);
		if ((int)strlen(text) > stw)
			stw = (int)strlen(text);
		headline(&rv->runs[i], text, sizeof text);
		if ((int)strlen(text) > mw)
			mw = (int)strlen(text);
	}
	rv->cols[RC_RUN].width = idw;
	rv->cols[RC_STATUS].width = stw;
	rv->cols[RC_METRICS].width = mw;
	/* the names too, up to NAME_COL_MAX: a dataset "dstat_labelled" was
	 * cut to "dstat_label>" on a 200-column screen with room to spare */
	for (size_t i = 0; i < rv->n; i++) {
		const struct ds_run_info *ri = &rv->runs[i];
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(ri->json, "dataset");
		const cJSON *dn = d ? cJSON_GetObjectItemCaseSensitive(d, "name") : NULL;
		widen(&rv->cols[RC_EXPERIMENT], ri->experiment);
		widen(&rv->cols[RC_FEATURESET], ri->featureset);
		widen(&rv->cols[RC_DATASET], cJSON_IsString(dn) ? dn->valuestring : NULL);
	}
	return LL_OK;
}

/* Reads the runs again, keeping the cursor and the selection on the same
 * runs (a new run appears on top, newest first). */
static void reload(struct runs_view *rv, struct tui *t)
{
	char cur[DS_RUN_ID_MAX] = "";
	char (*sel)[DS_RUN_ID_MAX] = NULL;
	size_t nsel = 0;
	if (rv->n)
		snprintf(cur, sizeof cur, "%s", rv->runs[rv->cur].id);
	for (size_t i = 0; i < rv->n; i++)
		nsel += rv->sel[i];
	if (nsel && (sel = malloc(nsel * sizeof *sel)) != NULL)
		for (size_t i = 0, k = 0; i < rv->n; i++)
			if (rv->sel[i])
				snprintf(sel[k++], DS_RUN_ID_MAX, "%s", rv->runs[i].id);
	size_t before = rv->n;
	struct ll_err err;
	ll_err_clear(&err);
	if (load(rv, &err) != LL_OK) {
		tui_error(t, "%s", err.msg);
		free(sel);
		return;
	}
	for (size_t i = 0; i < rv->n; i++) {
		if (!strcmp(rv->runs[i].id, cur))
			rv->cur = i;
		for (size_t k = 0; sel && k < nsel; k++)
			if (!strcmp(rv->runs[i].id, sel[k]))
				rv->sel[i] = 1;
	}
	free(sel);
	if (rv->n > before)
		tui_message(t, "%zu new run%s", rv->n - before, rv->n - before == 1 ? "" : "s");
}

static int runs_work(struct view *v, struct tui *t)
{
	struct runs_view *rv = v->state;
	int busy;
	if (view_watch_poll(&rv->watch, t, rv->ws, &busy))
		reload(rv, t);
	return busy;
}

static int runs_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)t;
	const char *ws = arg;
	if (!ws)
		return ll_err_set(err, LL_EUSAGE, "the runs view needs a workspace folder");
	struct runs_view *rv = calloc(1, sizeof *rv);
	if (!rv || !(rv->ws = strdup(ws))) {
		free(rv);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	rv->lab = next_lab;
	next_lab = NULL;
	memcpy(rv->cols, runs_cols, sizeof rv->cols);
	view_table_init(&rv->table, rv->cols, RC_N, 1);
	int rc = load(rv, err);
	if (rc != LL_OK) {
		ds_runs_free(rv->runs, rv->n);
		free(rv->sel);
		free(rv->resumable);
		free(rv->training);
		free(rv->ws);
		free(rv);
		return rc;
	}
	v->state = rv;
	return LL_OK;
}

int view_runs_push(struct tui *t, const char *ws, struct view_lab *lab)
{
	next_lab = lab;
	int rc = tui_push_view(t, &view_runs_ops, ws);
	next_lab = NULL;
	return rc;
}

static void runs_close(struct view *v)
{
	struct runs_view *rv = v->state;
	ds_runs_free(rv->runs, rv->n);
	free(rv->sel);
	free(rv->resumable);
	free(rv->training);
	free(rv->ws);
	free(rv);
}

static void duration_text(double s, char *buf, size_t cap)
{
	if (isnan(s))
		snprintf(buf, cap, "-");
	else if (s < 60)
		snprintf(buf, cap, "%.1fs", s);
	else if (s < 3600)
		snprintf(buf, cap, "%.0fm%02.0fs", floor(s / 60), fmod(s, 60));
	else
		snprintf(buf, cap, "%.0fh%02.0fm", floor(s / 3600), fmod(floor(s / 60), 60));
}

static void runs_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct runs_view *rv = v->state;
	char line[512];
	/* Two columns of marks: '*' selected, '!' stale. */
	const int lead = 2;
	tui_fill(t, r.y, r.x, lead, TUI_ROLE_HEADER, 0);
	view_table_header(&rv->table, t, r.y, r.x + lead, r.w - lead);
	rv->height = r.h > 1 ? r.h - 1 : 1;
	if (rv->cur < rv->top)
		rv->top = rv->cur;
	if (rv->cur >= rv->top + (size_t)rv->height)
		rv->top = rv->cur - (size_t)rv->height + 1;
	for (int y = 1; y < r.h; y++) {
		size_t i = rv->top + (size_t)(y - 1);
		if (i >= rv->n) {
			tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
			if (y == 1 && rv->n == 0) {
				snprintf(line, sizeof line, " no runs yet in %s/runs (t in the experiments view trains one)",
					 rv->ws);
				tui_draw_text_marked(t, r.y + y, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL, 0);
			}
			continue;
		}
		const struct ds_run_info *ri = &rv->runs[i];
		char met[128], dur[32], st[48];
		headline(ri, met, sizeof met);
		duration_text(ri->duration_s, dur, sizeof dur);
		status_text(rv, i, st, sizeof st);
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(ri->json, "dataset");
		const cJSON *dn = d ? cJSON_GetObjectItemCaseSensitive(d, "name") : NULL;
		/* When, local time, to the minute: 2026-03-02 14:22 */
		char when[32] = "?";
		if (!isnan(ri->created)) {
			time_t tt = (time_t)ri->created;
			struct tm tmv;
			if (localtime_r(&tt, &tmv))
				strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tmv);
		}
		const char *cells[RC_N] = {
			[RC_RUN] = ri->id,
			[RC_MODEL] = ri->model ? ri->model : "?",
			[RC_STATUS] = st,
			[RC_METRICS] = met,
			[RC_TIME] = dur,
			[RC_EXPERIMENT] = ri->experiment ? ri->experiment : "?",
			[RC_FEATURESET] = ri->featureset ? ri->featureset : "?",
			[RC_DATASET] = cJSON_IsString(dn) ? dn->valuestring : "?",
			[RC_WHEN] = when,
		};
		enum tui_role role = ri->stale ? TUI_ROLE_LABEL_A : TUI_ROLE_NORMAL;
		attr_t ex = i == rv->cur ? A_REVERSE : 0;
		char mark[3] = {rv->sel[i] ? '*' : ' ', ri->stale ? '!' : ' ', '\0'};
		tui_draw_text(t, r.y + y, r.x, lead, mark, 2, 0, role, ex, NULL, 0);
		view_table_row(&rv->table, t, r.y + y, r.x + lead, r.w - lead, cells, role, ex);
	}
}

/* The selected runs' ids (or the current one when none is selected). */
static size_t chosen(struct runs_view *rv, const char **ids, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < rv->n && k < max; i++)
		if (rv->sel[i])
			ids[k++] = rv->runs[i].id;
	if (!k && rv->n)
		ids[k++] = rv->runs[rv->cur].id;
	return k;
}

/* The run's data file in a browser (the file as it is now). */
static void browse_run(const struct ds_run_info *ri, struct tui *t)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(ri->json, "dataset");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(d, "path");
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(d, "format");
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(d, "labels");
	if (!cJSON_IsString(p)) {
		tui_error(t, "run %s names no data file", ri->id);
		return;
	}
	view_browser_open_file(t, p->valuestring, cJSON_IsString(f) ? f->valuestring : NULL,
			       cJSON_IsString(l) ? l->valuestring : NULL, 0);
}

/* R: the current run continues from its checkpoint in the training queue
 * (its progress in the training view), or the reason it cannot. */
static void resume_run(struct runs_view *rv, struct tui *t)
{
	const struct ds_run_info *ri = &rv->runs[rv->cur];
	struct ll_err err;
	ll_err_clear(&err);
	int idx = view_job_submit_resume(rv->ws, ri->id, &err);
	if (idx < 0) {
		tui_error(t, "resume: %s", err.msg);
		return;
	}
	/* the list says "running" from now on, not "(resumable)" */
	rv->training[rv->cur] = 1;
	rv->resumable[rv->cur] = 0;
	size_t i = (size_t)idx;
	tui_push_view(t, &view_train_ops, &i);
	tui_message(t, "resuming run %s from its last checkpoint", ri->id);
}

static int runs_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct runs_view *rv = v->state;
	size_t last = rv->n ? rv->n - 1 : 0, page = rv->height > 0 ? (size_t)rv->height : 1;
	const char *ids[VIEW_RES_MAX_RUNS];
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
		rv->cur = rv->cur < last ? rv->cur + 1 : last;
		break;
	case TUI_REQ_MOVE_UP:
		rv->cur = rv->cur ? rv->cur - 1 : 0;
		break;
	case TUI_REQ_MOVE_PAGE_DOWN:
	case TUI_REQ_MOVE_HALF_PAGE_DOWN:
		rv->cur = rv->cur + page < last ? rv->cur + page : last;
		break;
	case TUI_REQ_MOVE_PAGE_UP:
	case TUI_REQ_MOVE_HALF_PAGE_UP:
		rv->cur = rv->cur > page ? rv->cur - page : 0;
		break;
	case TUI_REQ_SCROLL_LINE_DOWN:
		rv->cur = rv->cur + 3 < last ? rv->cur + 3 : last;
		break;
	case TUI_REQ_SCROLL_LINE_UP:
		rv->cur = rv->cur > 3 ? rv->cur - 3 : 0;
		break;
	case TUI_REQ_MOVE_FIRST_LINE:
		rv->cur = 0;
		break;
	case TUI_REQ_MOVE_LAST_LINE:
		rv->cur = last;
		break;
	case TUI_REQ_MOUSE_SELECT: {
		int y, x;
		tui_mouse_pos(t, &y, &x);
		if (y > v->rect.y && rv->top + (size_t)(y - v->rect.y - 1) < rv->n)
			rv->cur = rv->top + (size_t)(y - v->rect.y - 1);
		break;
	}
	case TUI_REQ_SCROLL_LEFT:
	case TUI_REQ_SCROLL_RIGHT:
	case TUI_REQ_SCROLL_FIRST_COL:
	case TUI_REQ_SCROLL_LAST_COL:
		view_table_request(&rv->table, req);
		break;
	case TUI_REQ_TAG:
		if (rv->n) {
			rv->sel[rv->cur] ^= 1;
			rv->cur = rv->cur < last ? rv->cur + 1 : last;
		}
		break;
	case TUI_REQ_CANCEL:
		memset(rv->sel, 0, rv->n ? rv->n : 1);
		break;
	case TUI_REQ_REDRAW:
		reload(rv, t);
		return 0; /* and let the loop redraw */
	case TUI_REQ_ENTER:
		/* a failed run has no results: its error (run.json's), which is
		 * what one opens it for, rather than a missing file's */
		if (rv->n && rv->runs[rv->cur].status && strcmp(rv->runs[rv->cur].status, "failed") == 0) {
			const cJSON *e = cJSON_GetObjectItemCaseSensitive(rv->runs[rv->cur].json, "error");
			tui_error(t, "run %s failed: %s", rv->runs[rv->cur].id,
				  cJSON_IsString(e) ? view_shown(e->valuestring) : "(no error recorded)");
		} else if (rv->n && rv->runs[rv->cur].model && strcmp(rv->runs[rv->cur].model, "detector") == 0) {
			struct view_res_arg ra = {rv->ws, &(const char *){rv->runs[rv->cur].id}, 1, rv->lab};
			tui_push_view(t, &view_anomaly_ops, &ra);
		} else if (rv->n) {
			view_res_open(t, NULL, rv->ws, &(const char *){rv->runs[rv->cur].id}, 1, rv->lab);
		}
		break;
	case TUI_REQ_COMPARE: {
		size_t k = chosen(rv, ids, VIEW_RES_MAX_RUNS);
		if (k < 2)
			tui_error(t, "select two or more runs with Space, then c");
		else
			view_res_open(t, &view_compare_ops, rv->ws, ids, k, rv->lab);
		break;
	}
	case TUI_REQ_ROC:
	case TUI_REQ_CURVES: {
		size_t k = chosen(rv, ids, VIEW_RES_MAX_RUNS);
		if (k)
			view_res_open(t, req == TUI_REQ_ROC ? &view_roc_ops : &view_curves_ops, rv->ws, ids, k, rv->lab);
		break;
	}
	case TUI_REQ_BROWSE:
		if (rv->n)
			browse_run(&rv->runs[rv->cur], t);
		break;
	case TUI_REQ_REVIEW:
		if (rv->n)
			view_res_open(t, &view_review_ops, rv->ws, &(const char *){rv->runs[rv->cur].id}, 1, rv->lab);
		break;
	case TUI_REQ_RESUME:
		if (rv->n)
			resume_run(rv, t);
		break;
	default:
		return 0;
	}
	return 1;
}

static void runs_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct runs_view *rv = v->state;
	(void)t;
	size_t nsel = 0;
	for (size_t i = 0; i < rv->n; i++)
		nsel += rv->sel[i];
	const struct ds_run_info *ri = rv->n ? &rv->runs[rv->cur] : NULL;
	char cols[64], sel[32] = "";
	view_table_status(&rv->table, cols, sizeof cols);
	if (nsel)
		snprintf(sel, sizeof sel, "  %zu selected", nsel);
	int n = snprintf(buf, cap, " run %zu/%zu%s%s%s", ri ? rv->cur + 1 : 0, rv->n, sel, cols[0] ? "  " : "", cols);
	size_t used = n > 0 && (size_t)n < cap ? (size_t)n : cap - 1;
	/* before the rest: a run missing from the list is said until mended */
	if (rv->nunreadable > 1)
		snprintf(buf + used, cap - used, "  UNREADABLE, %zu runs left out: %s (and %zu more)", rv->nunreadable,
			 rv->unreadable, rv->nunreadable - 1);
	else if (rv->nunreadable)
		snprintf(buf + used, cap - used, "  UNREADABLE, run left out: %s", rv->unreadable);
	else if (ri && ri->stale)
		snprintf(buf + used, cap - used, "  stale: %s", ri->why);
	else if (ri && rv->resumable[rv->cur])
		snprintf(buf + used, cap - used, "  R resumes it from its last checkpoint");
	else if (rv->msg[0])
		snprintf(buf + used, cap - used, "  %s", rv->msg);
	else
		snprintf(buf + used, cap - used, "  Enter results  Space select  c compare  ? keys");
}

static const struct view_cmd *const runs_cmds[] = {view_res_cmds, NULL};

static const struct view_key runs_own[] = {
	{TUI_REQ_ENTER, "Open its results: confusion matrix, k-means clusters, or a detector's anomaly view (a failed run: its error)"},
	{TUI_REQ_TAG, "Select or unselect the run, and move down"},
	{TUI_REQ_CANCEL, "Unselect every run"},
	{TUI_REQ_COMPARE, "Compare the selected runs: metrics and recipe diff"},
	{TUI_REQ_ROC, "ROC and PR curves of the selected runs (or this one)"},
	{TUI_REQ_CURVES, "Training curves of the selected runs (or of this one)"},
	{TUI_REQ_REVIEW, "Review queue of the run: suspected new root causes"},
	{TUI_REQ_RESUME, "Resume the run, cut short, from its last checkpoint (\"(resumable)\" in its status)"},
	{TUI_REQ_BROWSE, "Browse the run's data file"},
	{TUI_REQ_REDRAW, "Read the runs again (they also refresh by themselves)"},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const runs_keys[] = {view_keys_list, view_keys_table, runs_own, NULL};

static int runs_command(struct view *v, struct tui *t, const char *cmd)
{
	struct runs_view *rv = v->state;
	return view_res_command(t, rv->lab, rv->ws, cmd);
}

static size_t runs_shown(const struct view *v, struct view_shown_runs *out)
{
	struct runs_view *rv = v->state;
	*out = (struct view_shown_runs){.ws = rv->ws, .lab = rv->lab};
	out->nids = chosen(rv, out->ids, VIEW_SHOWN_RUNS_MAX);
	return out->nids;
}

const struct view_ops view_runs_ops = {
	.name = "runs",
	.help = "Runs of the workspace: select, compare, open their results",
	.open = runs_open,
	.close = runs_close,
	.draw = runs_draw,
	.request = runs_request,
	.status = runs_status,
	.work = runs_work,
	.command = runs_command,
	.commands = runs_cmds,
	.keys = runs_keys,
	.shown_runs = runs_shown,
};

/* ---- compare ---- */

struct compare {
	struct view_lines *lines;
	char title[256];
	char runs[1024]; /* the fixed top row: each run's id and model, as the
			  * confusion view names its run (the table's header
			  * row scrolls away) */
};

/* Flattens obj into "prefix.key = value" pairs appended to keys/vals. */
struct flat {
	char **key, **val;
	size_t n, cap;
	int oom;
};

static void flat_add(struct flat *f, const char *k, const char *v)
{
	if (f->oom)
		return;
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		char **a = realloc(f->key, cap * sizeof *a), **b;
		if (!a) {
			f->oom = 1;
			return;
		}
		f->key = a;
		if (!(b = realloc(f->val, cap * sizeof *b))) {
			f->oom = 1;
			return;
		}
		f->val = b;
		f->cap = cap;
	}
	f->key[f->n] = strdup(k);
	f->val[f->n] = strdup(v);
	if (!f->key[f->n] || !f->val[f->n]) {
		free(f->key[f->n]);
		free(f->val[f->n]);
		f->oom = 1;
		return;
	}
	f->n++;
}

static void flatten(struct flat *f, const char *prefix, const cJSON *o)
{
	char k[256];
	if (cJSON_IsObject(o)) {
		for (const cJSON *e = o->child; e; e = e->next) {
			snprintf(k, sizeof k, "%s%s%s", prefix, *prefix ? "." : "", e->string ? e->string : "?");
			flatten(f, k, e);
		}
		return;
	}
	char *text = cJSON_PrintUnformatted(o);
	if (!text) {
		f->oom = 1;
		return;
	}
	flat_add(f, prefix, text);
	cJSON_free(text);
}

static void flat_free(struct flat *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->key[i]);
		free(f->val[i]);
	}
	free(f->key);
	free(f->val);
}

static const char *flat_get(const struct flat *f, const char *k)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->key[i], k))
			return f->val[i];
	return NULL;
}

/* What a run was made of: the parts of run.json that decide its results.
 * A recipe setting its kinds leave out (a row window's size in a run
 * without windows) reads "(unused)": its default is no difference between
 * two runs, and beside a run that uses it, not a value of the other. */
static void recipe_of(struct flat *f, const cJSON *j)
{
	static const char *const keys[] = {"experiment_config", "recipe", "dataset", "featureset_fingerprint",
					   "journal_sha256", "recipe_sha256", "experiment_sha256"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(j, keys[i]);
		if (o)
			flatten(f, keys[i], o);
	}
	struct ll_recipe r;
	struct ll_err err;
	if (ds_recipe_from_json(cJSON_GetObjectItemCaseSensitive(j, "recipe"), "recipe", &r, &err) != LL_OK)
		return; /* a record this version cannot read: its values as written */
	for (size_t k = 0; k < f->n; k++) {
		if (strncmp(f->key[k], "recipe.", 7) || ll_recipe_uses(&r, f->key[k] + 7))
			continue;
		char *v = strdup("(unused)");
		if (!v) {
			f->oom = 1;
			return;
		}
		free(f->val[k]);
		f->val[k] = v;
	}
}

static int compare_build(struct compare *c, const struct view_res_arg *a, struct ll_err *err)
{
	struct ds_run_info ri[VIEW_RES_MAX_RUNS];
	size_t n = 0;
	int rc = LL_OK;
	for (; n < a->nids && rc == LL_OK; n++) {
		char *dir = ds_run_dir(a->ws, a->ids[n]);
		rc = dir ? ds_run_read(dir, &ri[n], err) : ll_err_set(err, LL_ENOMEM, "out of memory");
		free(dir);
		if (rc != LL_OK)
			break;
	}
	if (rc != LL_OK) {
		for (size_t i = 0; i < n; i++)
			ds_run_info_free(&ri[i]);
		return rc;
	}
	struct view_lines *l = c->lines;
	char line[1024];
	int w = 0;
	w += snprintf(line + w, sizeof line - (size_t)w, "%-24s", "metric (test part)");
	for (size_t i = 0; i < n; i++)
		w += snprintf(line + w, sizeof line - (size_t)w, " %26.26s", ri[i].id);
	view_lines_add(l, line, TUI_ROLE_HEADER);
	static const struct {
		const char *label, *path;
		int kmeans;
		int count; /* a whole number: no decimals */
	} rows[] = {
		{"accuracy", "accuracy", 0, 0},
		{"balanced accuracy", "balanced_accuracy", 0, 0},
		{"precision (macro)", "precision_macro", 0, 0},
		{"recall (macro)", "recall_macro", 0, 0},
		{"f1 (macro)", "f1_macro", 0, 0},
		{"f1 (weighted)", "f1_weighted", 0, 0},
		{"MCC", "mcc", 0, 0},
		{"log loss", "log_loss", 0, 0},
		{"AUROC (root cause)", "root_cause.auroc", 0, 0},
		{"AP (root cause)", "root_cause.average_precision", 0, 0},
		{"samples", "samples", 0, 1},
		{"k", "k", 1, 1},
		{"inertia", "inertia", 1, 0},
		{"silhouette", "silhouette", 1, 0},
		{"purity", "purity", 1, 0},
		{"ARI", "ari", 1, 0},
	};
	for (size_t m = 0; m < sizeof rows / sizeof *rows; m++) {
		w = snprintf(line, sizeof line, "%-24s", rows[m].label);
		int any = 0;
		for (size_t i = 0; i < n; i++) {
			const cJSON *mj = ri[i].metrics, *o = NULL;
			double x = NAN;
			if (rows[m].kmeans) {
				/* the figures of the chosen k, as `loglab runs` reads them */
				struct ds_kmeans_summary ks;
				ds_kmeans_summary_read(mj ? cJSON_GetObjectItemCaseSensitive(mj, "kmeans") : NULL, &ks);
				const char *const names[] = {"k", "inertia", "silhouette", "purity", "ari"};
				const double figs[] = {ks.k, ks.inertia, ks.silhouette, ks.purity, ks.ari};
				for (size_t f = 0; f < sizeof names / sizeof *names; f++)
					if (!strcmp(rows[m].path, names[f]))
						x = figs[f];
			} else if (mj) {
				const cJSON *cp = cJSON_GetObjectItemCaseSensitive(mj, "curves_part");
				const cJSON *parts = cJSON_GetObjectItemCaseSensitive(mj, "parts");
				o = parts && cJSON_IsString(cp) ? cJSON_GetObjectItemCaseSensitive(parts, cp->valuestring)
								: NULL;
				x = view_res_num(o, rows[m].path);
			}
			any |= !isnan(x);
			if (isnan(x))
				w += snprintf(line + w, sizeof line - (size_t)w, " %26s", "-");
			else if (rows[m].count)
				w += snprintf(line + w, sizeof line - (size_t)w, " %26.0f", x);
			else
				w += snprintf(line + w, sizeof line - (size_t)w, " %26.4f", x);
		}
		if (any)
			view_lines_add(l, line, TUI_ROLE_NORMAL);
	}
	w = snprintf(line, sizeof line, "%-24s", "duration (s)");
	for (size_t i = 0; i < n; i++)
		w += snprintf(line + w, sizeof line - (size_t)w, " %26.1f", ri[i].duration_s);
	view_lines_add(l, line, TUI_ROLE_NORMAL);
	w = snprintf(line, sizeof line, "%-24s", "stale");
	for (size_t i = 0; i < n; i++)
		w += snprintf(line + w, sizeof line - (size_t)w, " %26s", ri[i].stale ? "yes" : "no");
	view_lines_add(l, line, TUI_ROLE_NORMAL);

	/* The recipe diff: every setting whose value is not the same in all. */
	struct flat f[VIEW_RES_MAX_RUNS];
	memset(f, 0, sizeof f);
	int oom = 0;
	for (size_t i = 0; i < n; i++) {
		recipe_of(&f[i], ri[i].json);
		oom |= f[i].oom;
	}
	view_lines_add(l, "", TUI_ROLE_NORMAL);
	view_lines_add(l, "What differs in their recipes (features, model, hyper-parameters, seed, data):",
		       TUI_ROLE_TITLE);
	size_t ndiff = 0, nsame = 0;
	/* Keys in order of first appearance over the runs. */
	for (size_t i = 0; i < n && !oom; i++) {
		for (size_t k = 0; k < f[i].n; k++) {
			const char *key = f[i].key[k];
			int seen = 0;
			for (size_t p = 0; p < i && !seen; p++)
				seen = flat_get(&f[p], key) != NULL;
			if (seen)
				continue;
			int differ = 0;
			const char *v0 = flat_get(&f[0], key);
			for (size_t q = 1; q < n; q++) {
				const char *vq = flat_get(&f[q], key);
				if (!v0 || !vq || strcmp(v0, vq))
					differ = 1;
			}
			if (!differ) {
				nsame++;
				continue;
			}
			ndiff++;
			view_lines_addf(l, TUI_ROLE_HEADER, "  %s", key);
			for (size_t q = 0; q < n; q++) {
				const char *vq = flat_get(&f[q], key);
				view_lines_addf(l, TUI_ROLE_NORMAL, "    %-26.26s %s", ri[q].id, vq ? vq : "(not set)");
			}
		}
	}
	if (!ndiff)
		view_lines_add(l, "  nothing: the same recipe, model and data", TUI_ROLE_NORMAL);
	view_lines_addf(l, TUI_ROLE_NORMAL, "  (%zu setting%s the same in all)", nsame, nsame == 1 ? "" : "s");
	size_t used = 0;
	for (size_t i = 0; i < n && used < sizeof c->runs; i++) {
		int wr = snprintf(c->runs + used, sizeof c->runs - used, "%s %s  %s", i ? "  vs" : "", ri[i].id,
				 ri[i].model ? ri[i].model : "?");
		used += wr > 0 ? (size_t)wr : 0;
	}
	for (size_t i = 0; i < n; i++) {
		flat_free(&f[i]);
		ds_run_info_free(&ri[i]);
	}
	snprintf(c->title, sizeof c->title, "compare %zu runs: %zu difference%s", n, ndiff, ndiff == 1 ? "" : "s");
	return oom ? ll_err_set(err, LL_ENOMEM, "out of memory") : LL_OK;
}

static int compare_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)t;
	const struct view_res_arg *a = arg;
	if (!a || a->nids < 2)
		return ll_err_set(err, LL_EUSAGE, "compare needs two or more runs");
	struct compare *c = calloc(1, sizeof *c);
	if (!c || !(c->lines = view_lines_new())) {
		free(c);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	int rc = compare_build(c, a, err);
	if (rc != LL_OK) {
		view_lines_free(c->lines);
		free(c);
		return rc;
	}
	v->state = c;
	return LL_OK;
}

static void compare_close(struct view *v)
{
	struct compare *c = v->state;
	view_lines_free(c->lines);
	free(c);
}

static void compare_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct compare *c = v->state;
	tui_fill(t, r.y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	tui_draw_text_marked(t, r.y, r.x, r.w, c->runs, strlen(c->runs), 0, TUI_ROLE_TITLE, 0);
	if (r.h > 1)
		view_lines_draw(c->lines, t, (struct view_rect){r.y + 1, r.x, r.h - 1, r.w});
}

static int compare_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct compare *c = v->state;
	return view_lines_request(c->lines, t, req);
}

static void compare_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct compare *c = v->state;
	(void)t;
	view_lines_status(c->lines, c->title, buf, cap);
}

static const struct view_key *const compare_keys[] = {view_keys_lines, view_keys_hscroll, view_keys_find, NULL};

const struct view_ops view_compare_ops = {
	.name = "compare",
	.help = "Runs side by side: metrics, and what differs in their recipes",
	.open = compare_open,
	.close = compare_close,
	.draw = compare_draw,
	.request = compare_request,
	.status = compare_status,
	.keys = compare_keys,
};
