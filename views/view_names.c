/*
 * view_names.c - every view's name as a ':' command from any view, the
 * loop's last resort after the top view's own commands: `:clusters` in the
 * confusion view opens the clusters of the run shown there, `:labels` in a
 * results view the labels view of the file's browser below it, `:browser`
 * goes back to that browser. What a name means is found in the views open,
 * from the top down: the run a view shows (view_ops.shown_runs), the key
 * that opens that view there (its request), a view below that has the
 * command; a view of the workspace opens on the workspace found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "view.h"
#include "view_res.h"
#include "view_ws.h"

static const struct name {
	const char *name;
	enum tui_request req; /* the key that opens it in some view, or NONE */
	size_t runs;          /* a results view: the runs it takes (0: none) */
} names[] = {
	{"browser", TUI_REQ_BROWSE, 0},
	{"labels", TUI_REQ_LABELS, 0},
	{"templates", TUI_REQ_TEMPLATES, 0},
	{"notes", TUI_REQ_NONE, 0},
	{"features", TUI_REQ_FEATURES, 0},
	{"train", TUI_REQ_TRAIN, 0},
	{"experiments", TUI_REQ_NONE, 0},
	{"runs", TUI_REQ_RUNS, 0},
	{"confusion", TUI_REQ_NONE, 1},
	{"clusters", TUI_REQ_NONE, 1},
	{"review", TUI_REQ_NONE, 1},
	{"results", TUI_REQ_NONE, 1},
	{"roc", TUI_REQ_NONE, VIEW_RES_MAX_RUNS},
	{"curves", TUI_REQ_NONE, VIEW_RES_MAX_RUNS},
};

const struct view_cmd view_names_cmds[] = {
	{"browser, labels, templates, notes, features, train, experiments, runs", ""},
	{"confusion, clusters, review, results, roc, curves", ""},
	{NULL, NULL},
};

/* The runs shown by the first view from the top that shows some; 0 when none. */
static size_t shown(struct tui *t, struct view_shown_runs *out)
{
	for (int n = 0; tui_view_below(t, n); n++) {
		const struct view *v = tui_view_below(t, n);
		memset(out, 0, sizeof *out);
		if (v->ops->shown_runs && v->ops->shown_runs(v, out))
			return out->nids;
	}
	memset(out, 0, sizeof *out);
	return 0;
}

/* How many views below the top the nearest view called name is; -1 none. */
static int depth_of(struct tui *t, const char *name)
{
	for (int n = 1; tui_view_below(t, n); n++)
		if (!strcmp(tui_view_below(t, n)->ops->name, name))
			return n;
	return -1;
}

/* :NAME alone for a results view: of the run(s) shown. */
static int run_view(struct tui *t, const struct name *nm)
{
	struct view_shown_runs sr;
	size_t k = shown(t, &sr);
	if (!k)
		return 0;
	if (k > nm->runs)
		k = nm->runs;
	char cmd[1024];
	int used = snprintf(cmd, sizeof cmd, "%s", nm->name);
	for (size_t i = 0; i < k && used > 0 && (size_t)used < sizeof cmd; i++)
		used += snprintf(cmd + used, sizeof cmd - (size_t)used, " %s", sr.ids[i]);
	return view_res_command(t, sr.lab, sr.ws, cmd);
}

/* The workspace's experiments, on the experiment of the run shown (exp
 * holds its name), and its feature set when features. */
static int experiments(struct tui *t, const char *ws, const char *exp, int features)
{
	struct view_exps_arg a = {ws, 0, exp && exp[0] ? exp : NULL};
	if (tui_push_view(t, &view_experiments_ops, &a) != LL_OK)
		return 1;
	struct view *x = tui_view_below(t, 0);
	if (features)
		x->ops->request(x, t, TUI_REQ_FEATURES);
	return 1;
}

/* The experiment of the first run shown, into exp (cap bytes); 0 none. */
static int shown_experiment(struct tui *t, char *ws, size_t wcap, char *exp, size_t cap)
{
	struct view_shown_runs sr;
	if (!shown(t, &sr) || !sr.ws)
		return 0;
	char *dir = ds_run_dir(sr.ws, sr.ids[0]);
	struct ds_run_info ri;
	struct ll_err err;
	ll_err_clear(&err);
	memset(&ri, 0, sizeof ri);
	int ok = dir && ds_run_read(dir, &ri, &err) == LL_OK && ri.experiment;
	if (ok) {
		snprintf(exp, cap, "%s", ri.experiment);
		snprintf(ws, wcap, "%s", sr.ws);
		ds_run_info_free(&ri);
	}
	free(dir);
	return ok;
}

/* The workspace of the runs shown, else the one found from here. */
static int workspace(struct tui *t, char *buf, size_t cap)
{
	struct view_shown_runs sr;
	if (shown(t, &sr) && sr.ws) {
		snprintf(buf, cap, "%s", sr.ws);
		return 1;
	}
	return view_res_find_ws(t, buf, cap);
}

int view_names_command(struct tui *t, const char *cmd)
{
	size_t wl = strcspn(cmd, " \t");
	const struct name *nm = NULL;
	for (size_t i = 0; i < sizeof names / sizeof *names && !nm; i++)
		if (strlen(names[i].name) == wl && !strncmp(cmd, names[i].name, wl))
			nm = &names[i];
	if (!nm)
		return 0;
	int alone = cmd[wl] == '\0';
	struct view *top = tui_view_below(t, 0);
	if (alone && top && !strcmp(top->ops->name, nm->name)) {
		tui_message(t, "this is the %s view (q goes back)", nm->name);
		return 1;
	}
	/* the views one goes back to rather than open again */
	int back = alone && (!strcmp(nm->name, "browser") || !strcmp(nm->name, "experiments")) ? depth_of(t, nm->name) : -1;
	if (back > 0) {
		if (tui_pop_to(t, back))
			tui_message(t, "back in the %s view", nm->name);
		return 1;
	}
	if (nm->runs) {
		if (alone && run_view(t, nm))
			return 1;
		if (alone) {
			tui_error(t, "usage: :%s RUN%s (no run is shown here; :runs lists them)", nm->name,
				  nm->runs > 1 ? "..." : "");
			return 1;
		}
		struct view_shown_runs sr;
		shown(t, &sr);
		return view_res_command(t, sr.lab, sr.ws, cmd);
	}
	/* the key that opens it in the view shown */
	if (alone && nm->req != TUI_REQ_NONE && top && top->ops->request && top->ops->request(top, t, nm->req))
		return 1;
	/* the feature set or experiment of the run shown */
	char ws[4096], exp[256];
	if (alone && (!strcmp(nm->name, "features") || !strcmp(nm->name, "experiments")) &&
	    shown_experiment(t, ws, sizeof ws, exp, sizeof exp))
		return experiments(t, ws, exp, !strcmp(nm->name, "features"));
	/* the key that opens it in a view below */
	for (int n = 1; alone && nm->req != TUI_REQ_NONE && tui_view_below(t, n); n++) {
		struct view *v = tui_view_below(t, n);
		if (v->ops->request && v->ops->request(v, t, nm->req))
			return 1;
	}
	/* a view below that has the command (the browser's :labels, :train) */
	for (int n = 1; tui_view_below(t, n); n++) {
		struct view *v = tui_view_below(t, n);
		if (v->ops->command && v->ops->command(v, t, cmd))
			return 1;
	}
	if (alone && (!strcmp(nm->name, "experiments") || !strcmp(nm->name, "features") || !strcmp(nm->name, "runs")) &&
	    workspace(t, ws, sizeof ws)) {
		if (!strcmp(nm->name, "runs"))
			return view_runs_push(t, ws, NULL), 1;
		return experiments(t, ws, NULL, !strcmp(nm->name, "features"));
	}
	if (!strcmp(nm->name, "experiments") || !strcmp(nm->name, "features") || !strcmp(nm->name, "runs") ||
	    !strcmp(nm->name, "train"))
		tui_error(t, ":%s: no workspace here (no %s in this folder or above; :train in a browser makes one)",
			  nm->name, DS_WORKSPACE_FILE);
	else
		tui_error(t, ":%s: no file is open here (:open FILE opens one)", nm->name);
	return 1;
}
