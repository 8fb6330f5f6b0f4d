/*
 * cli_runs.c - `loglab runs`: the runs of a workspace, newest first (as the
 * TUI's runs view, git log and ls -t list), with
 * their key metrics and whether they are stale (the dataset, its label
 * journal, the recipe or the experiment changed since the run was made,
 * and what); `--compare A B ...` puts runs side by side: metrics per part,
 * then every setting in which their records differ (resolved recipe,
 * hyper-parameters, seeds, fingerprints).
 */
#include "cli.h"
#include "cli_runfmt.h"
#include "ds_run_summary.h"
#include "ds_run_resume.h"
#include "ds_runs.h"
#include "ds_run_sweep.h"
#include "ds_workspace.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void runs_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab runs [--workspace DIR] [--json]\n"
		"       loglab runs --compare RUN RUN [RUN...] [--workspace DIR] [--json]\n"
		"\n"
		"Lists the runs of the workspace, newest first (id, experiment, model, when,\n"
		"duration, key test metrics) and marks stale runs, saying what changed since: the dataset's\n"
		"content, its label journal, the feature set's recipe or the experiment. A run cut\n"
		"short that can continue from its checkpoint says so, with the command that resumes it.\n"
		"A k-means run's key metrics are k, the chosen k's inertia and silhouette,\n"
		"purity and ARI (those it has: no purity or ARI without labels), as the\n"
		"report and the TUI's compare view show them (its runs table: no inertia).\n"
		"A series detector's are its kind, threshold and alarms on the held-out steps.\n"
		"--compare shows the metrics of two or more runs side by side (per part;\n"
		"kmeans.k, .inertia, .silhouette, .purity, .ari), then every setting of\n"
		"their records that differs (a recipe setting the run's kinds leave out,\n"
		"such as a row window's size without windows, reads \"(unused)\").\n"
		"\n"
		"  -w, --workspace DIR  the workspace folder (default .)\n"
		"  -c, --compare        compare the runs named\n"
		"      --json           print JSON\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit codes: 0 ok, 1 usage error (e.g. an unknown run), 2 data error, 3 I/O error.\n");
}

/* The part listed first among test, dev, train. */
static const cJSON *main_part(const cJSON *metrics, const char **name)
{
	const cJSON *parts = cli_jget(metrics, "parts");
	static const char *const order[] = {"test", "dev", "train"};
	for (int i = 0; i < 3; i++) {
		const cJSON *p = cli_jget(parts, order[i]);
		if (p) {
			if (name)
				*name = order[i];
			return p;
		}
	}
	return NULL;
}

static void key_metrics(const struct ds_run_info *r, char *buf, size_t cap)
{
	const char *pn = "";
	const cJSON *p = main_part(r->metrics, &pn);
	const cJSON *km = cli_jget(r->metrics, "kmeans");
	if (p) {
		double auroc = cli_jnum(cli_jget(p, "root_cause"), "auroc");
		snprintf(buf, cap, "%s acc %.4f f1 %.4f auroc %s", pn, cli_jnum(p, "accuracy"), cli_jnum(p, "f1_macro"),
			 isnan(auroc) ? "-" : "");
		if (!isnan(auroc)) {
			size_t n = strlen(buf);
			snprintf(buf + n, cap - n, "%.4f", auroc);
		}
	} else if (km) {
		struct ds_kmeans_summary ks;
		ds_kmeans_summary_read(km, &ks);
		ds_kmeans_summary_text(&ks, 0, buf, cap);
	} else if (cJSON_IsString(cli_jget(r->metrics, "detector")) && cli_jget(r->metrics, "train")) {
		/* a series detector has no test part: what train said of the
		 * steps it never fitted stands in for it */
		const cJSON *tr = cli_jget(r->metrics, "train");
		double thr = cli_jnum(tr, "threshold"), ha = cli_jnum(tr, "held_out_alarms"),
		       hs = cli_jnum(tr, "held_out_steps");
		snprintf(buf, cap, "%s threshold %.4g, held-out alarms %.0f of %.0f", cli_jget(r->metrics, "detector")->valuestring,
			 thr, isnan(ha) ? 0.0 : ha, isnan(hs) ? 0.0 : hs);
	} else {
		snprintf(buf, cap, "-");
	}
}

static void when_text(double t, char *buf, size_t cap)
{
	if (isnan(t)) {
		snprintf(buf, cap, "-");
		return;
	}
	time_t tt = (time_t)t;
	struct tm tmv;
	localtime_r(&tt, &tmv);
	strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tmv);
}

/* A run folder whose run.json is there but cannot be read (hand-edited,
 * cut short by a copy) is not listed; a warning names it and the problem,
 * where it used to vanish from the list without a word. */
static void warn_unreadable(void *ctx, const char *id, const char *why)
{
	(void)ctx;
	fprintf(stderr, "%s: warning: run %s left out: %s\n", cli_progname, cli_safe(id), cli_safe(why));
}

static void note_removed(void *ctx, const char *id)
{
	const char *runs = ctx;
	fprintf(stderr, "%s: note: removed %s/%s: a training killed before it recorded the run left it\n", cli_progname,
		cli_safe(runs), cli_safe(id));
}

void cli_sweep_unrecorded_runs(const char *ws_dir, int quiet)
{
	char runs[4096];
	snprintf(runs, sizeof runs, "%s/runs", ws_dir);
	ds_runs_sweep_unrecorded(ws_dir, quiet ? NULL : note_removed, runs);
}

static int list_runs(const struct ds_workspace *ws, int json)
{
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_run_info *runs = NULL;
	size_t n = 0;
	cli_sweep_unrecorded_runs(ws->dir, 0);
	int rc = ds_runs_list(ws->dir, ws, &runs, &n, &err);
	if (rc)
		return cli_fail(rc, &err);
	size_t unreadable = ds_runs_unreadable(ws->dir, runs, n, warn_unreadable, NULL);
	if (json) {
		cJSON *a = cJSON_CreateArray();
		for (size_t i = n; i-- > 0;) {
			const struct ds_run_info *r = &runs[i];
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", r->id);
			cJSON_AddStringToObject(o, "experiment", r->experiment ? r->experiment : "");
			cJSON_AddStringToObject(o, "featureset", r->featureset ? r->featureset : "");
			cJSON_AddStringToObject(o, "model", r->model ? r->model : "");
			int orphan = r->status && !strcmp(r->status, "running") && ds_run_lock_holder(r->dir) == 0;
			cJSON_AddStringToObject(o, "status", orphan ? "interrupted" : r->status ? r->status : "");
			cJSON_AddNumberToObject(o, "created", isnan(r->created) ? 0 : r->created);
			if (!isnan(r->duration_s))
				cJSON_AddNumberToObject(o, "duration_s", r->duration_s);
			cJSON_AddBoolToObject(o, "resumable", ds_run_resumable(r->dir, r->json, NULL) == LL_OK);
			cJSON_AddBoolToObject(o, "stale", r->stale);
			cJSON_AddStringToObject(o, "stale_why", r->why);
			if (r->metrics)
				cJSON_AddItemToObject(o, "metrics", cJSON_Duplicate(r->metrics, 1));
			cJSON_AddItemToArray(a, o);
		}
		char *s = cJSON_Print(a);
		if (s)
			puts(s);
		free(s);
		cJSON_Delete(a);
	} else if (n == 0 && unreadable) {
		/* the warnings above named each run and its cause: not "no runs yet" */
		printf("no readable runs in %s/runs (%zu left out)\n", cli_safe(ws->dir), unreadable);
	} else if (n == 0) {
		printf("no runs yet in %s/runs (make one with `loglab train EXPERIMENT`)\n", cli_safe(ws->dir));
	} else {
		printf("%-32s %-12s %-7s %-19s %8s %-11s %s\n", "run", "experiment", "model", "when", "seconds", "status",
		       "key metrics");
		for (size_t i = n; i-- > 0;) {
			const struct ds_run_info *r = &runs[i];
			char when[32], km[160];
			when_text(r->created, when, sizeof when);
			key_metrics(r, km, sizeof km);
			/* recorded running, but no training holds it (killed, or its
			 * last writes failed on a full disk): as the TUI says */
			int orphan = r->status && !strcmp(r->status, "running") && ds_run_lock_holder(r->dir) == 0;
			printf("%-32s %-12s %-7s %-19s %8.2f %-11s %s%s\n", cli_safe(r->id),
			       r->experiment ? cli_safe(r->experiment) : "-", r->model ? cli_safe(r->model) : "-", when, isnan(r->duration_s) ? 0.0 : r->duration_s,
			       orphan ? "interrupted" : r->status ? cli_safe(r->status) : "-", km, r->stale ? "  STALE" : "");
			if (r->stale)
				printf("%-32s   stale: %s\n", "", cli_safe(r->why));
			/* a run cut short that can continue says how, as the TUI marks it */
			if (ds_run_resumable(r->dir, r->json, NULL) == LL_OK)
				printf("%-32s   %s: continue with loglab train --resume %s\n", "",
				       orphan ? "interrupted (no training holds it)" : "resumable", cli_safe(r->id));
		}
	}
	ds_runs_free(runs, n);
	return 0;
}

/* Every leaf of a JSON tree as "path" -> printed value. */
struct flat {
	char **keys, **vals;
	size_t n, cap;
};

static void flat_add(struct flat *f, const char *k, const char *v)
{
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 64;
		char **a = realloc(f->keys, nc * sizeof *a), **b;
		if (!a)
			return;
		f->keys = a;
		if (!(b = realloc(f->vals, nc * sizeof *b)))
			return;
		f->vals = b;
		f->cap = nc;
	}
	char *ks = strdup(k), *vs = strdup(v);
	if (!ks || !vs) {
		free(ks);
		free(vs);
		return;
	}
	f->keys[f->n] = ks;
	f->vals[f->n++] = vs;
}

static void flatten(const cJSON *o, const char *prefix, struct flat *f)
{
	if (cJSON_IsObject(o)) {
		for (const cJSON *c = o->child; c; c = c->next) {
			char k[512];
			snprintf(k, sizeof k, "%s%s%s", prefix, prefix[0] ? "." : "", c->string);
			flatten(c, k, f);
		}
		return;
	}
	char *s = cJSON_PrintUnformatted(o);
	flat_add(f, prefix, s ? s : "?");
	free(s);
}

/* The recipe settings the run's kinds leave out (a row window's size in a
 * run without windows: ll_recipe_uses) read "(unused)", as in the TUI's
 * compare view: a default neither run uses is no difference. */
static void mark_unused(const cJSON *rec, struct flat *f)
{
	struct ll_recipe r;
	struct ll_err err;
	if (ds_recipe_from_json(cli_jget(rec, "recipe"), "recipe", &r, &err) != LL_OK)
		return; /* a record this version cannot read: its values as written */
	for (size_t i = 0; i < f->n; i++) {
		char *v;
		if (strncmp(f->keys[i], "recipe.", 7) || ll_recipe_uses(&r, f->keys[i] + 7) || !(v = strdup("(unused)")))
			continue;
		free(f->vals[i]);
		f->vals[i] = v;
	}
}

static const char *flat_get(const struct flat *f, const char *k)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->keys[i], k) == 0)
			return f->vals[i];
	return NULL;
}

static void flat_free(struct flat *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->keys[i]);
		free(f->vals[i]);
	}
	free(f->keys);
	free(f->vals);
}

/* The part of a record compared: what defines a run, not when it ran. */
static cJSON *comparable(const cJSON *rec)
{
	static const char *const keys[] = {"experiment",    "featureset",         "experiment_config", "recipe",
					   "dataset",       "journal_sha256",     "featureset_fingerprint",
					   "classes",       "features"};
	cJSON *o = cJSON_CreateObject();
	for (size_t i = 0; o && i < sizeof keys / sizeof *keys; i++) {
		const cJSON *v = cli_jget(rec, keys[i]);
		if (v)
			cJSON_AddItemToObject(o, keys[i], cJSON_Duplicate(v, 1));
	}
	return o;
}

static const char *const metric_names[] = {"samples", "accuracy", "balanced_accuracy", "precision_macro",
					   "recall_macro", "f1_macro", "f1_weighted", "mcc", "log_loss"};

/* One row of --compare's metric table: its values per run (NaN: the run
 * has none, "-" or null), printed, or with json added to jm (the JSON
 * "metrics"). */
static void put_metric_row(const char *row, const double *v, int n, int json, cJSON *jm)
{
	if (json) {
		cJSON *a = cJSON_AddArrayToObject(jm, row);
		for (int i = 0; i < n; i++)
			cJSON_AddItemToArray(a, isnan(v[i]) ? cJSON_CreateNull() : cJSON_CreateNumber(v[i]));
		return;
	}
	printf("%-28s", row);
	for (int i = 0; i < n; i++) {
		if (isnan(v[i]))
			printf(" %24s", "-");
		else
			printf(" %24.6g", v[i]);
	}
	printf("\n");
}

static int compare_runs(const struct ds_workspace *ws, char **ids, int nids, int json)
{
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_run_info *r = calloc((size_t)nids, sizeof *r);
	struct flat *fl = calloc((size_t)nids, sizeof *fl);
	int rc = r && fl ? LL_OK : ll_err_set(&err, LL_ENOMEM, "out of memory");
	int nread = 0;
	for (int i = 0; rc == LL_OK && i < nids; i++) {
		char *dir = ds_run_dir(ws->dir, ids[i]);
		if (!dir) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			break;
		}
		rc = ds_run_read(dir, &r[i], &err);
		free(dir);
		if (rc) {
			rc = ll_err_set(&err, LL_EUSAGE, "no run \"%s\" in %s/runs (`loglab runs` lists them)", ids[i], ws->dir);
			break;
		}
		nread++;
		r[i].stale = ds_run_stale(ws, &r[i], r[i].why, sizeof r[i].why) > 0;
		cJSON *c = comparable(r[i].json);
		flatten(c, "", &fl[i]);
		cJSON_Delete(c);
		mark_unused(r[i].json, &fl[i]);
	}
	if (rc)
		goto out;
	/* union of the metric rows: part x metric */
	static const char *const parts[] = {"train", "dev", "test"};
	cJSON *jo = json ? cJSON_CreateObject() : NULL;
	cJSON *jm = jo ? cJSON_AddObjectToObject(jo, "metrics") : NULL;
	if (!json) {
		printf("%-28s", "metric");
		for (int i = 0; i < nids; i++)
			printf(" %24.24s", r[i].id);
		printf("\n");
	}
	for (int p = 0; p < 3; p++) {
		for (size_t m = 0; m < sizeof metric_names / sizeof *metric_names + 2; m++) {
			const char *mn = m < sizeof metric_names / sizeof *metric_names ? metric_names[m]
				       : m == sizeof metric_names / sizeof *metric_names ? "auroc" : "average_precision";
			int any = 0;
			double v[64];
			for (int i = 0; i < nids && i < 64; i++) {
				const cJSON *pp = cli_jget(cli_jget(r[i].metrics, "parts"), parts[p]);
				v[i] = m < sizeof metric_names / sizeof *metric_names ? cli_jnum(pp, mn)
										      : cli_jnum(cli_jget(pp, "root_cause"), mn);
				any |= !isnan(v[i]);
			}
			if (!any)
				continue;
			char row[64];
			snprintf(row, sizeof row, "%s.%s", parts[p], mn);
			put_metric_row(row, v, nids < 64 ? nids : 64, json, jm);
		}
	}
	/* the clusters' figures: a row each, "-" for a run without them */
	static const char *const cluster_rows[] = {"k", "inertia", "silhouette", "purity", "ari"};
	for (size_t m = 0; m < sizeof cluster_rows / sizeof *cluster_rows; m++) {
		int any = 0;
		double v[64];
		for (int i = 0; i < nids && i < 64; i++) {
			struct ds_kmeans_summary ks;
			ds_kmeans_summary_read(cli_jget(r[i].metrics, "kmeans"), &ks);
			const double f[] = {ks.k, ks.inertia, ks.silhouette, ks.purity, ks.ari};
			v[i] = f[m];
			any |= !isnan(v[i]);
		}
		if (!any)
			continue;
		char row[64];
		snprintf(row, sizeof row, "kmeans.%s", cluster_rows[m]);
		put_metric_row(row, v, nids < 64 ? nids : 64, json, jm);
	}
	for (int i = 0; i < nids; i++) {
		const cJSON *km = cli_jget(r[i].metrics, "kmeans");
		if (km && !json) {
			struct ds_kmeans_summary ks;
			char text[160];
			ds_kmeans_summary_read(km, &ks);
			ds_kmeans_summary_text(&ks, 0, text, sizeof text);
			printf("%s: kmeans %s\n", cli_safe(r[i].id), text);
		}
	}
	/* differences */
	cJSON *jd = jo ? cJSON_AddObjectToObject(jo, "differences") : NULL;
	if (!json)
		printf("\nsettings that differ:\n");
	int ndiff = 0;
	for (int i = 0; i < nids; i++) {
		for (size_t k = 0; k < fl[i].n; k++) {
			const char *key = fl[i].keys[k];
			int seen = 0;
			for (int j = 0; j < i && !seen; j++)
				seen = flat_get(&fl[j], key) != NULL;
			if (seen)
				continue;
			int differ = 0;
			const char *v0 = flat_get(&fl[0], key);
			for (int j = 0; j < nids; j++) {
				const char *vj = flat_get(&fl[j], key);
				if (!v0 != !vj || (v0 && vj && strcmp(v0, vj) != 0))
					differ = 1;
			}
			if (!differ)
				continue;
			ndiff++;
			if (json) {
				cJSON *a = cJSON_AddArrayToObject(jd, key);
				for (int j = 0; j < nids; j++) {
					const char *vj = flat_get(&fl[j], key);
					cJSON *pv = vj ? cJSON_Parse(vj) : NULL;
					/* "(unused)" is no JSON value: a string */
					cJSON_AddItemToArray(a, pv ? pv : vj ? cJSON_CreateString(vj) : cJSON_CreateNull());
				}
			} else {
				printf("  %s\n", cli_safe(key));
				for (int j = 0; j < nids; j++) {
					const char *vj = flat_get(&fl[j], key);
					printf("    %-32s %s\n", cli_safe(r[j].id), vj ? cli_safe(vj) : "(absent)");
				}
			}
		}
	}
	if (!json && ndiff == 0)
		printf("  (none: same recipe, data, labels, hyper-parameters and seed)\n");
	for (int i = 0; i < nids; i++) {
		if (!r[i].stale)
			continue;
		if (json) {
			cJSON *st = cJSON_GetObjectItemCaseSensitive(jo, "stale");
			if (!st)
				st = cJSON_AddObjectToObject(jo, "stale");
			cJSON_AddStringToObject(st, r[i].id, r[i].why);
		} else {
			printf("%s is stale: %s\n", cli_safe(r[i].id), cli_safe(r[i].why));
		}
	}
	if (json) {
		cJSON *a = cJSON_CreateArray();
		for (int i = 0; i < nids; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(r[i].id));
		cJSON_AddItemToObject(jo, "runs", a);
		char *s = cJSON_Print(jo);
		if (s)
			puts(s);
		free(s);
		cJSON_Delete(jo);
	}
out:
	for (int i = 0; i < nread; i++)
		ds_run_info_free(&r[i]);
	for (int i = 0; fl && i < nids; i++)
		flat_free(&fl[i]);
	free(r);
	free(fl);
	if (rc)
		return cli_fail(rc, &err);
	return 0;
}

int cli_runs(int argc, char **argv)
{
	static const struct option opts[] = {{"workspace", required_argument, NULL, 'w'},
					     {"compare", no_argument, NULL, 'c'},
					     {"json", no_argument, NULL, 'j'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *wsdir = ".";
	int ws_given = 0;
	int json = 0, compare = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:ch", opts, NULL)) != -1) {
		switch (c) {
		case 'w': wsdir = optarg; ws_given = 1; break;
		case 'c': compare = 1; break;
		case 'j': json = 1; break;
		case 'h': runs_usage(stdout); return 0;
		default: runs_usage(stderr); return 1;
		}
	}
	int nargs = argc - optind;
	if (compare ? nargs < 2 || nargs > 64 : nargs != 0) {
		fprintf(stderr, "%s runs: %s\n", cli_progname,
			compare ? "--compare needs 2 to 64 run ids" : "no arguments expected (use --compare A B to compare)");
		return 1;
	}
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_workspace *ws = NULL;
	char sample[4096];
	wsdir = cli_workspace_dir(wsdir, ws_given, sample, sizeof sample);
	int rc = ds_workspace_load(wsdir, &ws, &err);
	if (rc)
		return cli_fail(rc, &err);
	int ex = compare ? compare_runs(ws, argv + optind, nargs, json) : list_runs(ws, json);
	ds_workspace_free(ws);
	return ex;
}
