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
 * Enter inspects, as in lnav, htop and tig: the experiment's training when
 * one is queued or running, else its last run's results; `t` trains, and
 * asks first when the last run is current (the same seed would give the
 * same run). `b` browses the experiment's data file, `r` opens the runs
 * view of the results views (view_res.h). The table keeps the name column
 * and scrolls the others sideways (view_table.h). Datasets whose files are
 * missing are named when the workspace opens, not when a training fails.
 * The bundled sample says it is one and how to start with one's own data.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ds_labels.h"
#include "ll_fileio.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_mat.h"
#include "ll_optim.h"
#include "tui.h"
#include "view_job.h"
#include "view_labels.h"
#include "view_res.h"
#include "view_table.h"
#include "view_ws.h"

struct last_run {
	char id[DS_RUN_ID_MAX];
	char status[16];
	char metric[64];
	int stale;
};

enum { EC_NAME, EC_MODEL, EC_STATE, EC_METRIC, EC_FS, EC_PARAMS, EC_RUN, EC_N };

/* By importance: which experiment, how its last run did, then its recipe. */
static const struct view_table_col exps_cols[EC_N] = {
	[EC_NAME] = {"experiment", 14, 0}, [EC_MODEL] = {"model", 6, 0},
	[EC_STATE] = {"last run", 16, 0},  [EC_METRIC] = {"metric", 18, 0},
	[EC_FS] = {"feature set", 20, 0},  [EC_PARAMS] = {"parameters", 52, 0},
	[EC_RUN] = {"run", 22, 0},
};

struct exps {
	char dir[PATH_MAX];
	int sample;            /* the bundled sample workspace */
	struct ds_workspace *ws;
	struct last_run *last; /* one per experiment */
	char **problem;        /* per dataset: why its files cannot be read, or NULL */
	size_t cur, top;
	int height;
	struct view_table_col cols[EC_N];
	struct view_table table;
	struct view_watch watch;
};

/* "f1 0.9123" or "k 4 purity 0.8125" from a run's metrics.json: four
 * decimals, as `loglab runs` and the runs view. */
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
			snprintf(buf + strlen(buf), cap - strlen(buf), " purity %.4f", pur->valuedouble);
		return;
	}
	const cJSON *cp = cJSON_GetObjectItemCaseSensitive(m, "curves_part");
	const char *pn = cJSON_IsString(cp) ? cp->valuestring : "test";
	const cJSON *part = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "parts"), pn);
	const cJSON *f1 = cJSON_GetObjectItemCaseSensitive(part, "f1_macro");
	/* The test part goes without saying; another part is named. */
	if (cJSON_IsNumber(f1))
		snprintf(buf, cap, "%s%sf1 %.4f", strcmp(pn, "test") ? pn : "", strcmp(pn, "test") ? " " : "",
			 f1->valuedouble);
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

static void problems_free(struct exps *x)
{
	for (size_t i = 0; x->problem && x->ws && i < x->ws->ndatasets; i++)
		free(x->problem[i]);
	free(x->problem);
	x->problem = NULL;
}

/* Which datasets cannot be read now: said when the workspace opens, and
 * again at t, rather than by a failed training. */
static void check_datasets(struct exps *x)
{
	problems_free(x);
	x->problem = calloc(x->ws->ndatasets ? x->ws->ndatasets : 1, sizeof *x->problem);
	for (size_t i = 0; x->problem && i < x->ws->ndatasets; i++) {
		struct ll_err err;
		ll_err_clear(&err);
		if (ds_ws_dataset_check(&x->ws->datasets[i], &err) != LL_OK)
			x->problem[i] = strdup(err.msg);
	}
}

/* The problem of experiment i's dataset, or NULL. */
static const char *exp_problem(const struct exps *x, size_t i)
{
	const struct ds_ws_experiment *e = &x->ws->experiments[i];
	const struct ds_ws_featureset *fs = ds_workspace_featureset(x->ws, e->featureset);
	for (size_t d = 0; fs && x->problem && d < x->ws->ndatasets; d++)
		if (!strcmp(x->ws->datasets[d].name, fs->dataset))
			return x->problem[d];
	return NULL;
}

static size_t nproblems(const struct exps *x)
{
	size_t n = 0;
	for (size_t d = 0; x->problem && d < x->ws->ndatasets; d++)
		n += x->problem[d] != NULL;
	return n;
}

static void params_text(const struct ds_ws_experiment *e, char *buf, size_t cap);

static int load(struct exps *x, struct tui *t, struct ll_err *err)
{
	/* The signature before the files are read: a change landing while
	 * they are read (a training's last write) shows at the next poll; taken
	 * after, it would be absorbed and never shown. */
	view_watch_reset(&x->watch, x->dir);
	struct ds_workspace *ws = NULL;
	int rc = ds_workspace_load(x->dir, &ws, err);
	if (rc)
		return rc;
	struct last_run *last = calloc(ws->nexperiments ? ws->nexperiments : 1, sizeof *last);
	if (!last) {
		ds_workspace_free(ws);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	problems_free(x);
	ds_workspace_free(x->ws);
	free(x->last);
	x->ws = ws;
	x->last = last;
	if (x->cur >= ws->nexperiments)
		x->cur = ws->nexperiments ? ws->nexperiments - 1 : 0;
	read_runs(x, t);
	check_datasets(x);
	/* Columns as wide as what they hold (within bounds). */
	int nw = 10, fw = 11, pw = 10;
	for (size_t i = 0; i < ws->nexperiments; i++) {
		char params[160];
		params_text(&ws->experiments[i], params, sizeof params);
		if ((int)strlen(ws->experiments[i].name) > nw)
			nw = (int)strlen(ws->experiments[i].name);
		if ((int)strlen(ws->experiments[i].featureset) > fw)
			fw = (int)strlen(ws->experiments[i].featureset);
		if ((int)strlen(params) > pw)
			pw = (int)strlen(params);
	}
	x->cols[EC_NAME].width = nw < 24 ? nw : 24;
	x->cols[EC_FS].width = fw < 24 ? fw : 24;
	x->cols[EC_PARAMS].width = pw < 80 ? pw : 80;
	return LL_OK;
}

static int exps_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	const struct view_exps_arg *a = arg;
	const char *dir = a && a->dir ? a->dir : ".";
	struct exps *x = calloc(1, sizeof *x);
	if (!x)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	x->sample = a && a->sample;
	memcpy(x->cols, exps_cols, sizeof x->cols);
	view_table_init(&x->table, x->cols, EC_N, 1);
	if (!realpath(dir, x->dir))
		snprintf(x->dir, sizeof x->dir, "%s", dir);
	int rc = load(x, NULL, err);
	if (rc) {
		free(x);
		return rc;
	}
	for (size_t i = 0; a && a->select && i < x->ws->nexperiments; i++)
		if (!strcmp(x->ws->experiments[i].name, a->select))
			x->cur = i;
	v->state = x;
	size_t np = nproblems(x);
	if (np)
		tui_error(t, "%s%s", x->problem[0] ? x->problem[0] : "", np > 1 ? " (and more: see below)" : "");
	for (size_t d = 0; np && d < x->ws->ndatasets; d++)
		if (x->problem[d]) {
			tui_error(t, "%s", x->problem[d]);
			break;
		}
	if (!np)
		tui_message(t, "t train  Enter open  b browse data  r runs  e edit  f features  ? help  q quit");
	return LL_OK;
}

static void exps_close(struct view *v)
{
	struct exps *x = v->state;
	/* Trainings go on when the view is left (back to a browser); the
	 * loop stops them when loglab quits. */
	problems_free(x);
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
	case DS_MODEL_DETECTOR: /* a series detector (ll_sdet.h) */
		if (e->det_kind == LL_SDET_KMEANS)
			snprintf(buf, cap, "kmeans k %zu %s", e->k_min, ll_thresh_method_name((enum ll_thresh_method)e->threshold));
		else
			snprintf(buf, cap, "%s window %zu epochs %d %s", ll_sdet_kind_name((enum ll_sdet_kind)e->det_kind),
				 e->window, e->epochs,
				 ll_thresh_method_name((enum ll_thresh_method)e->threshold));
		break;
	case DS_MODEL_LOGREG: /* L-BFGS to convergence, as scikit-learn's */
		snprintf(buf, cap, "C %g tol %g max_iter %d", e->C, e->tol, e->max_iter);
		break;
	default:
		snprintf(buf, cap, "%s%s %s lr %g batch %zu epochs %d", hid, ll_act_name((enum ll_act)e->activation),
			 ll_optim_name((enum ll_optim_kind)e->optimizer), e->lr, e->batch, e->epochs);
		break;
	}
	/* What the experiment sets beyond those, when it does. */
	size_t n = strlen(buf);
	int trained = e->model == DS_MODEL_MLP || e->model == DS_MODEL_LSTM;
	if (trained && e->dropout > 0 && n < cap)
		n += (size_t)snprintf(buf + n, cap - n, " dropout %g", e->dropout);
	if (trained && e->early_stopping && n < cap)
		n += (size_t)snprintf(buf + n, cap - n, " early stopping");
	if (trained && e->l2 > 0 && n < cap)
		n += (size_t)snprintf(buf + n, cap - n, " l2 %g", e->l2);
	if (e->model == DS_MODEL_LSTM && e->bptt > 0 && n < cap)
		snprintf(buf + n, cap - n, " bptt %zu", e->bptt);
}

static const char *model_name(enum ds_ws_model m)
{
	static const char *const n[] = {"mlp", "lstm", "kmeans", "logreg", "detector"};
	return (unsigned)m < 5 ? n[m] : "?";
}

/* The last-run cells: a job in progress, else the last run. */
static void run_cells(const struct exps *x, size_t i, char *state, size_t scap, char *metric, size_t mcap, char *run,
		      size_t rcap)
{
	const struct ds_ws_experiment *e = &x->ws->experiments[i];
	long j = view_job_active(e->name);
	struct view_job_status st;
	run[0] = metric[0] = '\0';
	if (j >= 0 && view_job_status((size_t)j, &st)) {
		if (st.state == VIEW_JOB_TRAINING && st.has_progress)
			snprintf(state, scap, "training %d/%d", ll_train_progress_epoch(&st.p), st.p.epochs);
		else
			snprintf(state, scap, "%s", view_job_state_name(st.state));
		if (st.has_progress && isfinite(st.p.loss))
			snprintf(metric, mcap, "loss %.4f", st.p.loss);
		snprintf(run, rcap, "%s", st.run_id);
		return;
	}
	const struct last_run *l = &x->last[i];
	if (exp_problem(x, i) && !l->id[0]) {
		snprintf(state, scap, "no data file");
		return;
	}
	if (!l->id[0]) {
		snprintf(state, scap, "-");
		return;
	}
	snprintf(state, scap, "%s", !strcmp(l->status, "done") && l->stale ? "stale" : l->status);
	snprintf(metric, mcap, "%s", l->metric);
	snprintf(run, rcap, "%s", l->id);
}

/* A line of the details below the list. */
static void detail(struct tui *t, struct view_rect r, int *y, enum tui_role role, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void detail(struct tui *t, struct view_rect r, int *y, enum tui_role role, const char *fmt, ...)
{
	char line[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (*y < r.y + r.h)
		tui_draw_text_marked(t, (*y)++, r.x, r.w, line, strlen(line), 0, role, 0);
}

static void draw_details(struct exps *x, struct tui *t, struct view_rect r, int y)
{
	const struct ds_workspace *ws = x->ws;
	const struct ds_ws_experiment *e = &ws->experiments[x->cur];
	const struct ds_ws_featureset *fs = ds_workspace_featureset(ws, e->featureset);
	char params[160];
	params_text(e, params, sizeof params);
	detail(t, r, &y, TUI_ROLE_TITLE, "%s: %s %s, seed %llu", e->name, model_name(e->model), params,
	       (unsigned long long)e->seed);
	if (fs) {
		const struct ll_recipe *rc = &fs->recipe;
		const struct ds_ws_dataset *d = ds_workspace_dataset(ws, fs->dataset);
		detail(t, r, &y, TUI_ROLE_NORMAL, "  feature set %s on dataset %s (%s)", fs->name, fs->dataset,
		       d ? d->path : "?");
		char what[2048];
		if (rc->text != LL_TEXT_NONE)
			snprintf(what, sizeof what, "  text %s, %zu features", ll_text_kind_name(rc->text), rc->n_features);
		else if (rc->columns[0])
			snprintf(what, sizeof what, "  columns /%s/", rc->columns);
		else
			snprintf(what, sizeof what, "  every number column");
		if (rc->text == LL_TEXT_NONE && rc->interval > 0)
			snprintf(what + strlen(what), sizeof what - strlen(what), ", %s of every %gs",
				 ll_agg_name(rc->agg), rc->interval);
		if (rc->window != LL_RWIN_NONE)
			snprintf(what + strlen(what), sizeof what - strlen(what), ", %s windows of %zu stride %zu",
				 ll_rwindow_kind_name(rc->window), rc->size, rc->stride);
		detail(t, r, &y, TUI_ROLE_NORMAL, "%s", what);
		detail(t, r, &y, TUI_ROLE_NORMAL, "  split %s %.2g/%.2g/%.2g, scale %s, rebalance %s, seed %llu",
		       ll_rsplit_kind_name(rc->split), rc->ratios.train, rc->ratios.dev, rc->ratios.test,
		       ll_scale_kind_name(rc->scale), ll_rebalance_name(rc->rebalance), (unsigned long long)rc->seed);
	}
	const char *problem = exp_problem(x, x->cur);
	const struct last_run *l = &x->last[x->cur];
	if (problem)
		detail(t, r, &y, TUI_ROLE_ERROR, "  cannot train: %s", problem);
	else if (l->id[0])
		detail(t, r, &y, TUI_ROLE_NORMAL, "  last run %s: %s%s%s%s", l->id, l->status, l->metric[0] ? ", " : "",
		       l->metric, l->stale ? " - stale: the recipe, data or labels changed since (t retrains)" : "");
	else
		detail(t, r, &y, TUI_ROLE_NORMAL, "  no run yet: t trains it in the background");
}

/* The lines above the table: the title, and what the sample is. */
static int draw_title(struct exps *x, struct tui *t, struct view_rect r)
{
	int y = r.y;
	if (x->sample) {
		detail(t, r, &y, TUI_ROLE_TITLE, "Sample workspace: a made-up day of one host (kernel log, dstat metrics)");
		detail(t, r, &y, TUI_ROLE_NORMAL, "Yours: loglab FILE or :open FILE to browse; loglab init DIR: a workspace");
	} else {
		detail(t, r, &y, TUI_ROLE_TITLE, "Experiments of %s", x->ws->file);
	}
	return y;
}

static void exps_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct exps *x = v->state;
	const struct ds_workspace *ws = x->ws;
	for (int y = r.y; y < r.y + r.h; y++)
		tui_fill(t, y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	int y = draw_title(x, t, r);
	if (y >= r.y + r.h)
		return;
	const int lead = 2; /* the cursor mark */
	tui_fill(t, y, r.x, lead, TUI_ROLE_HEADER, 0);
	view_table_header(&x->table, t, y++, r.x + lead, r.w - lead);
	/* The list takes what the details below leave. */
	int details = 6, list_h = r.y + r.h - y - details;
	int show_details = list_h >= 3 && ws->nexperiments;
	if (!show_details)
		list_h = r.y + r.h - y;
	x->height = list_h;
	if (x->cur < x->top)
		x->top = x->cur;
	if (list_h > 0 && x->cur >= x->top + (size_t)list_h)
		x->top = x->cur - (size_t)list_h + 1;
	for (int row = 0; row < list_h; row++, y++) {
		size_t i = x->top + (size_t)row;
		if (i >= ws->nexperiments)
			continue;
		const struct ds_ws_experiment *e = &ws->experiments[i];
		char params[160], state[64], metric[64], run[DS_RUN_ID_MAX];
		params_text(e, params, sizeof params);
		run_cells(x, i, state, sizeof state, metric, sizeof metric, run, sizeof run);
		const char *cells[EC_N] = {
			[EC_NAME] = e->name, [EC_MODEL] = model_name(e->model), [EC_STATE] = state,
			[EC_METRIC] = metric, [EC_FS] = e->featureset, [EC_PARAMS] = params, [EC_RUN] = run,
		};
		attr_t ex = i == x->cur ? A_REVERSE : 0;
		enum tui_role role = exp_problem(x, i) ? TUI_ROLE_ERROR : x->last[i].stale ? TUI_ROLE_LABEL_A
											 : TUI_ROLE_NORMAL;
		tui_draw_text(t, y, r.x, lead, i == x->cur ? "> " : "  ", 2, 0, role, ex, NULL, 0);
		view_table_row(&x->table, t, y, r.x + lead, r.w - lead, cells, role, ex);
	}
	if (!ws->nexperiments && list_h > 0)
		detail(t, r, &(int){y - list_h}, TUI_ROLE_NORMAL,
		       "  (no experiments: add some to %s, then Ctrl-l reads it again)", ws->file);
	if (show_details)
		draw_details(x, t, r, r.y + r.h - details);
}

/* A training ended, loglab.json or labels changed (here or elsewhere):
 * read everything again. A file caught mid-edit keeps the old state. */
static int exps_work(struct view *v, struct tui *t)
{
	struct exps *x = v->state;
	int busy;
	if (view_watch_poll(&x->watch, t, x->dir, &busy)) {
		struct ll_err err;
		ll_err_clear(&err);
		if (load(x, t, &err) != LL_OK)
			tui_error(t, "%s", err.msg);
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
	if (rc == LL_OK) {
		ds_workspace_take_base(nws, x->ws);
		rc = ds_workspace_save(nws, err);
		if (rc != LL_OK)
			ds_workspace_take_base(x->ws, nws);
	}
	if (rc) {
		ds_workspace_free(nws);
		return rc;
	}
	ds_workspace_free(x->ws);
	x->ws = nws;
	return LL_OK;
}

/* t: queue a training of the selected experiment and follow it. */
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
	check_datasets(x);
	const char *problem = exp_problem(x, x->cur);
	if (problem) {
		tui_error(t, "cannot train %s: %s", name, problem);
		return 1;
	}
	const struct last_run *l = &x->last[x->cur];
	if (l->id[0] && !strcmp(l->status, "done") && !l->stale) {
		/* Nothing changed since: the same seed would make the same run. */
		char prompt[512];
		snprintf(prompt, sizeof prompt,
			 "%s's last run %s is current (nothing changed since): train again anyway? (y/n) ", name, l->id);
		int k = tui_ask_key(t, prompt);
		if (k != 'y' && k != 'Y') {
			tui_message(t, "not trained; Enter opens the results of %s", l->id);
			return 1;
		}
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

/* Enter: what there is to see of the experiment - its training, else its
 * last run's results - never a new training. */
static void inspect(struct exps *x, struct tui *t)
{
	if (!x->ws->nexperiments)
		return;
	const char *name = x->ws->experiments[x->cur].name;
	long active = view_job_active(name);
	if (active >= 0) {
		size_t i = (size_t)active;
		tui_push_view(t, &view_train_ops, &i);
		return;
	}
	const struct last_run *l = &x->last[x->cur];
	if (!l->id[0]) {
		tui_message(t, "%s has no run yet: t trains it", name);
		return;
	}
	if (strcmp(l->status, "done") != 0) {
		tui_error(t, "%s's last run %s is %s: t trains it again, r lists the runs", name, l->id, l->status);
		return;
	}
	view_res_open(t, NULL, x->dir, &(const char *){l->id}, 1, NULL);
}

/* b: the experiment's data file in the browser. */
static void browse(struct exps *x, struct tui *t)
{
	if (!x->ws->nexperiments)
		return;
	const struct ds_ws_experiment *e = &x->ws->experiments[x->cur];
	const struct ds_ws_featureset *fs = ds_workspace_featureset(x->ws, e->featureset);
	const struct ds_ws_dataset *d = fs ? ds_workspace_dataset(x->ws, fs->dataset) : NULL;
	if (!d) {
		tui_error(t, "%s names no dataset", e->name);
		return;
	}
	const char *problem = exp_problem(x, x->cur);
	if (problem) {
		tui_error(t, "%s", problem);
		return;
	}
	view_browser_open_file(t, d->path, d->format, d->labels, 0);
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
	case TUI_REQ_SCROLL_LINE_DOWN:
		x->cur = x->cur + 3 < n ? x->cur + 3 : n ? n - 1 : 0;
		return 1;
	case TUI_REQ_SCROLL_LINE_UP:
		x->cur = x->cur > 3 ? x->cur - 3 : 0;
		return 1;
	case TUI_REQ_MOUSE_SELECT: {
		int my, mx;
		tui_mouse_pos(t, &my, &mx);
		int first = v->rect.y + (x->sample ? 2 : 1) + 1; /* title lines, then the header */
		long i = (long)x->top + (my - first);
		if (my >= first && i >= 0 && (size_t)i < n)
			x->cur = (size_t)i;
		return 1;
	}
	case TUI_REQ_SCROLL_LEFT:
	case TUI_REQ_SCROLL_RIGHT:
	case TUI_REQ_SCROLL_FIRST_COL:
	case TUI_REQ_SCROLL_LAST_COL:
		view_table_request(&x->table, req);
		return 1;
	case TUI_REQ_ENTER:
		inspect(x, t);
		return 1;
	case TUI_REQ_TRAIN:
		return start_training(x, t);
	case TUI_REQ_BROWSE:
		browse(x, t);
		return 1;
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
		else if (x->ws->merged_on_save && load(x, t, &err) == LL_OK) {
			/* others' changes were kept in the file: show them too */
			tui_message(t, "%s: %s saved to %s, with the changes made to it since it was read (reloaded)", nm,
				    buf, x->ws->file);
		} else {
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
	char cols[64], jobs[48] = "", probs[48] = "";
	view_table_status(&x->table, cols, sizeof cols);
	if (active)
		snprintf(jobs, sizeof jobs, "  %zu training%s", active, active == 1 ? "" : "s");
	size_t np = nproblems(x);
	if (np)
		snprintf(probs, sizeof probs, "  %zu dataset%s unreadable", np, np == 1 ? "" : "s");
	snprintf(buf, cap, " experiment %zu/%zu%s%s%s%s  t train  Enter open  ? keys", x->ws->nexperiments ? x->cur + 1 : 0,
		 x->ws->nexperiments, jobs, probs, cols[0] ? "  " : "", cols);
}


/* The folder for a new workspace around path: its own, else the current one. */
static void quickstart_dir(const char *path, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s", path);
	char *slash = strrchr(buf, '/');
	if (slash && slash != buf)
		*slash = '\0';
	else if (slash)
		slash[1] = '\0';
	else
		snprintf(buf, cap, ".");
	if (access(buf, W_OK) != 0)
		snprintf(buf, cap, ".");
}

void view_exps_train_file(struct tui *t, const char *path, const struct ds_open_opts *opts, int lines, int classes)
{
	char ws_dir[PATH_MAX];
	struct ll_err err;
	ll_err_clear(&err);
	if (view_res_find_ws(t, ws_dir, sizeof ws_dir)) {
		struct ds_workspace *ws = NULL;
		if (ds_workspace_load(ws_dir, &ws, &err) != LL_OK) {
			tui_error(t, "%s", err.msg);
			return;
		}
		const char *pick = NULL;
		for (size_t e = 0; e < ws->nexperiments && !pick; e++) {
			const struct ds_ws_featureset *fs = ds_workspace_featureset(ws, ws->experiments[e].featureset);
			const struct ds_ws_dataset *d = fs ? ds_workspace_dataset(ws, fs->dataset) : NULL;
			if (d && !d->is_url && ll_same_path(d->path, path))
				pick = ws->experiments[e].name;
		}
		if (!pick) {
			tui_error(t, "%s trains nothing on %s: add it there (docs/workspace.md), or run loglab in a folder "
				     "without loglab.json",
				  ws->file, path);
			ds_workspace_free(ws);
			return;
		}
		struct view_exps_arg a = {ws_dir, 0, pick};
		if (tui_push_view(t, &view_experiments_ops, &a) == LL_OK)
			tui_message(t, "%s trains on this file: t trains it, Enter opens its last run", pick);
		ds_workspace_free(ws);
		return;
	}
	char dir[PATH_MAX], prompt[PATH_MAX + 256];
	quickstart_dir(path, dir, sizeof dir);
	snprintf(prompt, sizeof prompt, "No workspace here: make one in %s to train on this file? (y/n) ", dir);
	int k = tui_ask_key(t, prompt);
	if (k != 'y' && k != 'Y') {
		tui_message(t, "no workspace made (loglab init DIR makes one to edit by hand)");
		return;
	}
	char exp[64];
	if (ds_workspace_init_file(dir, path, opts, lines, classes, exp, sizeof exp, &err) != LL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	struct view_exps_arg a = {dir, 0, exp};
	if (tui_push_view(t, &view_experiments_ops, &a) != LL_OK)
		return;
	int idx = view_job_submit(dir, exp, &err);
	if (idx < 0) {
		tui_error(t, "train %s: %s", exp, err.msg);
		return;
	}
	size_t i = (size_t)idx;
	tui_push_view(t, &view_train_ops, &i);
	tui_message(t, "made %s/%s; training %s%s (q: its workspace, q again: back to the file)", dir, DS_WORKSPACE_FILE,
		    exp, classes ? " over the file's classes (none is ordinary)" : "");
}

static const struct view_cmd *const exps_cmds[] = {view_res_cmds, NULL};

static const struct view_key exps_own[] = {
	{TUI_REQ_ENTER, "Open its training, else its last run's results"},
	{TUI_REQ_TRAIN, "Train it in the background (asks if its run is current)"},
	{TUI_REQ_EDIT, "Set a hyper-parameter: lr=0.01, hidden=5x100"},
	{TUI_REQ_FEATURES, "Edit the experiment's feature set with a live preview"},
	{TUI_REQ_RUNS, "The runs of the workspace"},
	{TUI_REQ_BROWSE, "Browse the experiment's data file"},
	{TUI_REQ_REDRAW, "Read loglab.json and the runs again"},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const exps_keys[] = {view_keys_list, view_keys_table, exps_own, NULL};

/* :runs, :confusion RUN, ... on this workspace; :open FILE of the
 * workspace's folder (the sample's files from any folder). */
static int exps_command(struct view *v, struct tui *t, const char *cmd)
{
	struct exps *x = v->state;
	if (!strncmp(cmd, "open ", 5)) {
		const char *f = cmd + 5;
		while (*f == ' ')
			f++;
		char path[2 * PATH_MAX + 8], rest[64] = "", name[PATH_MAX];
		/* FILE alone, or FILE LINE: the loop's :open takes the line. */
		snprintf(name, sizeof name, "%s", f);
		char *sp = strrchr(name, ' ');
		if (sp && strspn(sp + 1, "0123456789") == strlen(sp + 1) && sp[1]) {
			snprintf(rest, sizeof rest, "%s", sp);
			*sp = '\0';
		}
		snprintf(path, sizeof path, "%s/%s", x->dir, name);
		if (name[0] && name[0] != '/' && access(name, F_OK) != 0 && access(path, F_OK) == 0) {
			char again[2 * PATH_MAX + 80];
			snprintf(again, sizeof again, "open %s%s", path, rest);
			tui_command(t, again);
			return 1;
		}
		return 0;
	}
	return view_res_command(t, NULL, x->dir, cmd);
}

/* The selected experiment's last run, for :confusion and the other names
 * of results views typed here (view_names.c). */
static size_t exps_shown(const struct view *v, struct view_shown_runs *out)
{
	const struct exps *x = v->state;
	if (!x->ws || x->cur >= x->ws->nexperiments || !x->last[x->cur].id[0])
		return 0;
	*out = (struct view_shown_runs){.ws = x->dir, .ids = {x->last[x->cur].id}, .nids = 1};
	return 1;
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
	.keys = exps_keys,
	.shown_runs = exps_shown,
};
