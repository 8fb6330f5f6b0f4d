/*
 * view_experiments.c - the start screen of a workspace: its experiments
 * from loglab.json with model, feature set, hyper-parameters, last run
 * and that run's key metric; trainings are queued from here (view_job.h)
 * and followed in the training view.
 *
 * Editing a hyper-parameter (`e`, "lr=0.01") changes a copy of the parsed
 * document, validates the copy exactly as a load would (so a bad value is
 * refused with the loader's message, key path and all), and only then
 * saves it atomically; the file never holds an invalid state, and keys
 * edited by hand keep their order.
 *
 * `r` opens the runs view of the results views (view_res.h).
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ds_labels.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_mat.h"
#include "ll_optim.h"
#include "tui.h"
#include "view_job.h"
#include "view_res.h"
#include "view_ws.h"

struct last_run {
	char id[DS_RUN_ID_MAX];
	char status[16];
	char metric[64];
	int stale;
};

struct exps {
	char dir[PATH_MAX];
	struct ds_workspace *ws;
	struct last_run *last; /* one per experiment */
	size_t cur, top;
	int height;
	size_t jobs_seen;      /* finished jobs when the runs were last read */
	uint64_t stamp;        /* of the datasets' label journals, at that read */
	double stamp_ms;       /* when the stamp was last taken */
	char load_error[LL_ERR_MSG_MAX];
};

/* "test f1 0.912" or "k 4 purity 0.81" from a run's metrics.json. */
static void key_metric(const cJSON *m, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (!m)
		return;
	const cJSON *km = cJSON_GetObjectItemCaseSensitive(m, "kmeans");
	if (km) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(km, "k");
		const cJSON *pur = cJSON_GetObjectItemCaseSensitive(km, "purity");
		snprintf(buf, cap, "k %d", cJSON_IsNumber(k) ? (int)k->valuedouble : 0);
		if (cJSON_IsNumber(pur))
			snprintf(buf + strlen(buf), cap - strlen(buf), " purity %.3f", pur->valuedouble);
		return;
	}
	const cJSON *cp = cJSON_GetObjectItemCaseSensitive(m, "curves_part");
	const char *pn = cJSON_IsString(cp) ? cp->valuestring : "test";
	const cJSON *part = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "parts"), pn);
	const cJSON *f1 = cJSON_GetObjectItemCaseSensitive(part, "f1_macro");
	if (cJSON_IsNumber(f1))
		snprintf(buf, cap, "%s f1 %.3f", pn, f1->valuedouble);
}

/* Reads the latest run of every experiment. A broken runs/ folder is
 * shown as a message, not a refusal to open. */
static void read_runs(struct exps *x, struct tui *t)
{
	struct ds_run_info *runs = NULL;
	size_t n = 0;
	struct ll_err err;
	ll_err_clear(&err);
	memset(x->last, 0, x->ws->nexperiments * sizeof *x->last);
	if (ds_runs_list(x->dir, x->ws, &runs, &n, &err) != LL_OK) {
		if (t)
			tui_error(t, "runs: %s", err.msg);
		return;
	}
	/* Sorted by id, which sorts by time: the last one wins. */
	for (size_t i = 0; i < n; i++) {
		for (size_t e = 0; e < x->ws->nexperiments; e++) {
			if (!runs[i].experiment || strcmp(runs[i].experiment, x->ws->experiments[e].name) != 0)
				continue;
			struct last_run *l = &x->last[e];
			snprintf(l->id, sizeof l->id, "%s", runs[i].id);
			snprintf(l->status, sizeof l->status, "%s", runs[i].status ? runs[i].status : "?");
			key_metric(runs[i].metrics, l->metric, sizeof l->metric);
			l->stale = runs[i].stale;
		}
	}
	ds_runs_free(runs, n);
}

static int load(struct exps *x, struct tui *t, struct ll_err *err)
{
	struct ds_workspace *ws = NULL;
	int rc = ds_workspace_load(x->dir, &ws, err);
	if (rc)
		return rc;
	struct last_run *last = calloc(ws->nexperiments ? ws->nexperiments : 1, sizeof *last);
	if (!last) {
		ds_workspace_free(ws);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	ds_workspace_free(x->ws);
	free(x->last);
	x->ws = ws;
	x->last = last;
	if (x->cur >= ws->nexperiments)
		x->cur = ws->nexperiments ? ws->nexperiments - 1 : 0;
	x->stamp = ds_labels_workspace_stamp(ws);
	read_runs(x, t);
	return LL_OK;
}

static int exps_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	const char *dir = arg ? arg : ".";
	struct exps *x = calloc(1, sizeof *x);
	if (!x)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	if (!realpath(dir, x->dir))
		snprintf(x->dir, sizeof x->dir, "%s", dir);
	int rc = load(x, NULL, err);
	if (rc) {
		free(x);
		return rc;
	}
	v->state = x;
	tui_message(t, "Enter/t train  e edit  f features  r runs  ? help  q quit");
	return LL_OK;
}

static void exps_close(struct view *v)
{
	struct exps *x = v->state;
	/* The queue belongs to the workspace screen: leaving it stops training. */
	view_job_shutdown();
	ds_workspace_free(x->ws);
	free(x->last);
	free(x);
}

/* The hyper-parameters in a few words. */
static void params_text(const struct ds_ws_experiment *e, char *buf, size_t cap)
{
	char hid[64] = "";
	if (e->n_hidden) {
		int same = 1;
		for (size_t i = 1; i < e->n_hidden; i++)
			same &= e->hidden[i] == e->hidden[0];
		if (same && e->n_hidden > 1)
			snprintf(hid, sizeof hid, "%zux%zu ", e->n_hidden, e->hidden[0]);
		else
			for (size_t i = 0; i < e->n_hidden; i++)
				snprintf(hid + strlen(hid), sizeof hid - strlen(hid), "%zu%s", e->hidden[i],
					 i + 1 < e->n_hidden ? "-" : " ");
	}
	switch (e->model) {
	case DS_MODEL_KMEANS:
		if (e->k_min == e->k_max)
			snprintf(buf, cap, "k %zu n_init %d", e->k_min, e->n_init);
		else
			snprintf(buf, cap, "k %zu..%zu n_init %d", e->k_min, e->k_max, e->n_init);
		break;
	case DS_MODEL_LSTM:
		snprintf(buf, cap, "%zu units x%zu %s lr %g batch %zu epochs %d", e->n_hidden ? e->hidden[0] : 0,
			 e->layers, ll_optim_name((enum ll_optim_kind)e->optimizer), e->lr, e->batch, e->epochs);
		break;
	case DS_MODEL_LOGREG:
		snprintf(buf, cap, "%s lr %g batch %zu epochs %d", ll_optim_name((enum ll_optim_kind)e->optimizer),
			 e->lr, e->batch, e->epochs);
		break;
	default:
		snprintf(buf, cap, "%s%s %s lr %g batch %zu epochs %d", hid, ll_act_name((enum ll_act)e->activation),
			 ll_optim_name((enum ll_optim_kind)e->optimizer), e->lr, e->batch, e->epochs);
		break;
	}
}

static const char *model_name(enum ds_ws_model m)
{
	static const char *const n[] = {"mlp", "lstm", "kmeans", "logreg"};
	return (unsigned)m < 4 ? n[m] : "?";
}

#define COL_NAME 14
#define COL_MODEL 7
#define COL_FS 20
#define COL_PARAMS 46
#define COL_RUN 26

/* What the last-run columns show: a job in progress, else the last run. */
static void run_cells(const struct exps *x, size_t i, char *run, size_t rcap, char *metric, size_t mcap)
{
	const struct ds_ws_experiment *e = &x->ws->experiments[i];
	long j = view_job_active(e->name);
	struct view_job_status st;
	if (j >= 0 && view_job_status((size_t)j, &st)) {
		if (st.state == VIEW_JOB_TRAINING && st.has_progress)
			snprintf(run, rcap, "training %d/%d", st.p.epoch < st.p.epochs ? st.p.epoch + 1 : st.p.epochs,
				 st.p.epochs);
		else
			snprintf(run, rcap, "%s", view_job_state_name(st.state));
		if (st.has_progress && isfinite(st.p.loss))
			snprintf(metric, mcap, "loss %.4f", st.p.loss);
		else
			metric[0] = '\0';
		return;
	}
	const struct last_run *l = &x->last[i];
	if (!l->id[0]) {
		snprintf(run, rcap, "-");
		metric[0] = '\0';
		return;
	}
	if (strcmp(l->status, "done") == 0)
		snprintf(run, rcap, "%s%s", l->id, l->stale ? " (stale)" : "");
	else
		snprintf(run, rcap, "%s (%s)", l->id, l->status);
	snprintf(metric, mcap, "%s", l->metric);
}

static void exps_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct exps *x = v->state;
	const struct ds_workspace *ws = x->ws;
	int y = r.y;
	char line[4096];
	snprintf(line, sizeof line, "Experiments of %s", ws->file);
	tui_draw_text(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_TITLE, 0, NULL, 0);
	if (y >= r.y + r.h)
		return;
	snprintf(line, sizeof line, "  %-*s %-*s %-*s %-*s %-*s %s", COL_NAME, "EXPERIMENT", COL_MODEL, "MODEL", COL_FS,
		 "FEATURE SET", COL_PARAMS, "PARAMETERS", COL_RUN, "LAST RUN", "METRIC");
	tui_draw_text(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_HEADER, 0, NULL, 0);
	/* The list takes what the details below leave. */
	int details = 7, list_h = r.y + r.h - y - details;
	if (list_h < 3)
		list_h = r.y + r.h - y;
	x->height = list_h;
	if (x->cur < x->top)
		x->top = x->cur;
	if (list_h > 0 && x->cur >= x->top + (size_t)list_h)
		x->top = x->cur - (size_t)list_h + 1;
	for (int row = 0; row < list_h; row++, y++) {
		size_t i = x->top + (size_t)row;
		if (i >= ws->nexperiments) {
			tui_fill(t, y, r.x, r.w, TUI_ROLE_NORMAL, 0);
			continue;
		}
		const struct ds_ws_experiment *e = &ws->experiments[i];
		char params[128], run[256], metric[64];
		params_text(e, params, sizeof params);
		run_cells(x, i, run, sizeof run, metric, sizeof metric);
		snprintf(line, sizeof line, "%c %-*.*s %-*s %-*.*s %-*.*s %-*.*s %s", i == x->cur ? '>' : ' ', COL_NAME,
			 COL_NAME, e->name, COL_MODEL, model_name(e->model), COL_FS, COL_FS, e->featureset, COL_PARAMS,
			 COL_PARAMS, params, COL_RUN, COL_RUN, run, metric);
		tui_draw_text(t, y, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL, i == x->cur ? A_REVERSE : 0, NULL,
			      0);
	}
	if (!ws->nexperiments && list_h > 0)
		tui_draw_text(t, y - list_h, r.x, r.w, "  (no experiments: add some to loglab.json)", 43, 0,
			      TUI_ROLE_NORMAL, 0, NULL, 0);
	/* Details of the selected experiment. */
	int end = r.y + r.h;
	for (; y < end; y++)
		tui_fill(t, y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	if (!ws->nexperiments || list_h == r.y + r.h - r.y - 2)
		return;
	y = end - details;
	const struct ds_ws_experiment *e = &ws->experiments[x->cur];
	const struct ds_ws_featureset *fs = ds_workspace_featureset(ws, e->featureset);
	char params[128];
	params_text(e, params, sizeof params);
	snprintf(line, sizeof line, "%s: %s %s, seed %llu", e->name, model_name(e->model), params,
		 (unsigned long long)e->seed);
	tui_draw_text(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_TITLE, 0, NULL, 0);
	if (fs) {
		const struct ll_recipe *rc = &fs->recipe;
		const struct ds_ws_dataset *d = ds_workspace_dataset(ws, fs->dataset);
		snprintf(line, sizeof line, "  feature set %s on dataset %s (%s)", fs->name, fs->dataset,
			 d ? d->path : "?");
		tui_draw_text(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL, 0, NULL, 0);
		if (rc->text != LL_TEXT_NONE)
			snprintf(line, sizeof line, "  text %s, %zu features", ll_text_kind_name(rc->text), rc->n_features);
		else
			snprintf(line, sizeof line, "  columns /%s/%s%s", rc->columns, rc->interval > 0 ? " every " : "",
				 "");
		if (rc->text == LL_TEXT_NONE && rc->interval > 0)
			snprintf(line + strlen(line), sizeof line - strlen(line), "%gs", rc->interval);
		if (rc->window != LL_RWIN_NONE)
			snprintf(line + strlen(line), sizeof line - strlen(line), ", %s windows of %zu stride %zu",
				 ll_rwindow_kind_name(rc->window), rc->size, rc->stride);
		tui_draw_text(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL, 0, NULL, 0);
		snprintf(line, sizeof line, "  split %s %.2g/%.2g/%.2g, scale %s, rebalance %s, seed %llu",
			 ll_rsplit_kind_name(rc->split), rc->ratios.train, rc->ratios.dev, rc->ratios.test,
			 ll_scale_kind_name(rc->scale), ll_rebalance_name(rc->rebalance),
			 (unsigned long long)rc->seed);
		tui_draw_text(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL, 0, NULL, 0);
	}
	const struct last_run *l = &x->last[x->cur];
	if (l->id[0]) {
		snprintf(line, sizeof line, "  last run %s: %s%s%s", l->id, l->status, l->metric[0] ? ", " : "",
			 l->metric);
		if (l->stale)
			snprintf(line + strlen(line), sizeof line - strlen(line), " - stale: the recipe, data or "
										  "labels changed since");
		tui_draw_text(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL, 0, NULL, 0);
	}
}

/* Waits for training progress without holding up keys. */
static int wait_jobs(struct tui *t)
{
	if (!view_job_busy())
		return 0;
	if (tui_scripted(t)) {
		view_job_wait(50);
	} else {
		struct pollfd p = {STDIN_FILENO, POLLIN, 0};
		poll(&p, 1, 100);
	}
	return 1;
}

static size_t jobs_finished(void)
{
	size_t n = view_job_count(), done = 0;
	for (size_t i = 0; i < n; i++) {
		struct view_job_status st;
		if (view_job_status(i, &st) && st.state >= VIEW_JOB_DONE)
			done++;
	}
	return done;
}

static int exps_work(struct view *v, struct tui *t)
{
	struct exps *x = v->state;
	int busy = wait_jobs(t);
	size_t done = jobs_finished();
	/* labels written by another process change the runs' stale marks */
	int relabelled = 0;
	if (tui_now_ms() - x->stamp_ms >= 1000.0) {
		x->stamp_ms = tui_now_ms();
		uint64_t stamp = ds_labels_workspace_stamp(x->ws);
		relabelled = stamp != x->stamp;
		x->stamp = stamp;
	}
	if (done != x->jobs_seen || relabelled) {
		x->jobs_seen = done;
		read_runs(x, t);
	}
	return busy;
}

/* Parses "key=value" (or "key value") into a JSON value for the experiment:
 * NxM -> [M, M, ...] (N times), "a,b,c" of numbers -> array, JSON -> as is,
 * anything else -> a string. */
static cJSON *parse_value(const char *s)
{
	unsigned n, m;
	char tail;
	if (sscanf(s, "%ux%u%c", &n, &m, &tail) == 2 && n > 0 && n <= 64) {
		cJSON *a = cJSON_CreateArray();
		for (unsigned i = 0; a && i < n; i++)
			cJSON_AddItemToArray(a, cJSON_CreateNumber(m));
		return a;
	}
	if (strchr(s, ',') && !strchr(s, '[') && !strchr(s, '"')) {
		char buf[512];
		snprintf(buf, sizeof buf, "[%s]", s);
		cJSON *a = cJSON_Parse(buf);
		if (a)
			return a;
	}
	cJSON *j = cJSON_Parse(s);
	return j ? j : cJSON_CreateString(s);
}

/* Applies "key=value" to experiment name in a copy of the document,
 * validates it like a load and saves it. */
static int edit_param(struct exps *x, const char *name, const char *assign, struct ll_err *err)
{
	char key[128];
	const char *eq = strpbrk(assign, "= ");
	size_t kl = eq ? (size_t)(eq - assign) : 0;
	if (!eq || kl == 0 || kl >= sizeof key)
		return ll_err_set(err, LL_EUSAGE, "want KEY=VALUE, e.g. lr=0.01 or hidden=5x100");
	memcpy(key, assign, kl);
	key[kl] = '\0';
	const char *val = eq + 1;
	while (*val == ' ' || *val == '=')
		val++;
	if (!*val)
		return ll_err_set(err, LL_EUSAGE, "%s: no value given", key);
	cJSON *doc = cJSON_Duplicate(x->ws->doc, 1);
	cJSON *exps = doc ? cJSON_GetObjectItemCaseSensitive(doc, "experiments") : NULL;
	cJSON *e = exps ? cJSON_GetObjectItemCaseSensitive(exps, name) : NULL;
	cJSON *nv = parse_value(val);
	if (!doc || !e || !nv) {
		cJSON_Delete(doc);
		cJSON_Delete(nv);
		return ll_err_set(err, e || !doc ? LL_ENOMEM : LL_EUSAGE, "experiment %s not found", name);
	}
	if (cJSON_GetObjectItemCaseSensitive(e, key))
		cJSON_ReplaceItemInObjectCaseSensitive(e, key, nv);
	else
		cJSON_AddItemToObject(e, key, nv);
	char *text = cJSON_Print(doc);
	cJSON_Delete(doc);
	if (!text)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	struct ds_workspace *nws = NULL;
	int rc = ds_workspace_parse(text, x->ws->dir, DS_WORKSPACE_FILE, &nws, err);
	free(text);
	if (rc == LL_OK)
		rc = ds_workspace_save(nws, err);
	if (rc) {
		ds_workspace_free(nws);
		return rc;
	}
	ds_workspace_free(x->ws);
	x->ws = nws;
	return LL_OK;
}

static int start_training(struct exps *x, struct tui *t)
{
	if (!x->ws->nexperiments)
		return 1;
	const char *name = x->ws->experiments[x->cur].name;
	/* Training already: show it rather than queue the same again. */
	long active = view_job_active(name);
	if (active >= 0) {
		size_t i = (size_t)active;
		tui_push_view(t, &view_train_ops, &i);
		return 1;
	}
	struct ll_err err;
	ll_err_clear(&err);
	int idx = view_job_submit(x->dir, name, &err);
	if (idx < 0) {
		tui_error(t, "train %s: %s", name, err.msg);
		return 1;
	}
	size_t i = (size_t)idx;
	tui_push_view(t, &view_train_ops, &i);
	return 1;
}

static int exps_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct exps *x = v->state;
	size_t n = x->ws->nexperiments;
	size_t h = x->height > 0 ? (size_t)x->height : 1;
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
		if (x->cur + 1 < n)
			x->cur++;
		return 1;
	case TUI_REQ_MOVE_UP:
		if (x->cur)
			x->cur--;
		return 1;
	case TUI_REQ_MOVE_PAGE_DOWN:
	case TUI_REQ_MOVE_HALF_PAGE_DOWN:
		x->cur = x->cur + h < n ? x->cur + h : n ? n - 1 : 0;
		return 1;
	case TUI_REQ_MOVE_PAGE_UP:
	case TUI_REQ_MOVE_HALF_PAGE_UP:
		x->cur = x->cur > h ? x->cur - h : 0;
		return 1;
	case TUI_REQ_MOVE_FIRST_LINE:
		x->cur = 0;
		return 1;
	case TUI_REQ_MOVE_LAST_LINE:
		x->cur = n ? n - 1 : 0;
		return 1;
	case TUI_REQ_MOUSE_SELECT: {
		int my, mx;
		tui_mouse_pos(t, &my, &mx);
		long i = (long)x->top + (my - v->rect.y - 2);
		if (my - v->rect.y >= 2 && i >= 0 && (size_t)i < n)
			x->cur = (size_t)i;
		return 1;
	}
	case TUI_REQ_ENTER:
	case TUI_REQ_TRAIN:
		return start_training(x, t);
	case TUI_REQ_EDIT: {
		if (!n)
			return 1;
		const char *name = x->ws->experiments[x->cur].name;
		char prompt[256], buf[512];
		snprintf(prompt, sizeof prompt, "%s: set (e.g. lr=0.01 epochs=5 hidden=5x100): ", name);
		if (!tui_prompt(t, prompt, buf, sizeof buf) || !buf[0])
			return 1;
		struct ll_err err;
		ll_err_clear(&err);
		char nm[128];
		snprintf(nm, sizeof nm, "%s", name);
		if (edit_param(x, nm, buf, &err) != LL_OK)
			tui_error(t, "%s", err.msg);
		else {
			tui_message(t, "%s: %s saved to %s", nm, buf, x->ws->file);
			read_runs(x, t);
		}
		return 1;
	}
	case TUI_REQ_FEATURES: {
		if (!n)
			return 1;
		struct view_features_arg a = {x->ws, x->ws->experiments[x->cur].featureset};
		tui_push_view(t, &view_features_ops, &a);
		return 1;
	}
	case TUI_REQ_RUNS:
		view_runs_push(t, x->dir, NULL);
		return 1;
	case TUI_REQ_REDRAW: {
		struct ll_err err;
		ll_err_clear(&err);
		if (load(x, t, &err) != LL_OK)
			tui_error(t, "%s", err.msg);
		else
			tui_message(t, "reloaded %s", x->ws->file);
		return 0; /* and let the loop repaint */
	}
	default:
		return 0;
	}
}

static void exps_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct exps *x = v->state;
	(void)t;
	size_t nj = view_job_count(), active = 0;
	for (size_t i = 0; i < nj; i++) {
		struct view_job_status st;
		if (view_job_status(i, &st) && st.state < VIEW_JOB_DONE)
			active++;
	}
	snprintf(buf, cap, " experiment %zu/%zu  %zu feature sets  %zu datasets%s", x->ws->nexperiments ? x->cur + 1 : 0,
		 x->ws->nexperiments, x->ws->nfeaturesets, x->ws->ndatasets, active ? "  training..." : "");
}

static const struct view_cmd *const exps_cmds[] = {view_res_cmds, NULL};

/* :runs, :confusion RUN, ... on this workspace. */
static int exps_command(struct view *v, struct tui *t, const char *cmd)
{
	struct exps *x = v->state;
	return view_res_command(t, NULL, x->dir, cmd);
}

const struct view_ops view_experiments_ops = {
	.name = "experiments",
	.help = "The workspace's experiments: train, edit, features, runs",
	.open = exps_open,
	.close = exps_close,
	.draw = exps_draw,
	.request = exps_request,
	.status = exps_status,
	.work = exps_work,
	.command = exps_command,
	.commands = exps_cmds,
};
