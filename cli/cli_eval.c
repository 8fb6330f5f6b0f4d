/*
 * cli_eval.c - `loglab eval RUN DATASET`: a finished run's model applied
 * to another dataset through the run's own recipe and fitted parameters
 * (scaler, TF-IDF weights, template miner, class list), with the same
 * metrics as training. Every sample of the other dataset counts as test.
 * Results also go to RUN/eval-NAME/ (metrics.json, curves, predictions)
 * so reports can show them.
 */
#include "cli.h"
#include "ds_dirswap.h"
#include "ds_stdin.h"
#include "ds_source.h"
#include "cli_detect.h"
#include "ds_fleet.h"
#include "ds_reader.h"
#include "ds_run_summary.h"
#include "ds_run_text.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_fileio.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void eval_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab eval RUN DATASET [--workspace DIR] [--format NAME] [--json]\n"
		"\n"
		"Applies run RUN's model to DATASET (a dataset name of the workspace, or a\n"
		"path) with the run's recipe and fitted feature parameters, and prints the\n"
		"metrics (every sample counts as test). The results are also written to\n"
		"RUN/eval-NAME/ (metrics.json, curves.json, predictions.tsv): NAME is the\n"
		"dataset's name, a file's name, or a folder's or a glob's whole path, made\n"
		"folder-safe, with a short hash when that changed it or the folder holds\n"
		"another path's results (two datasets never share a folder). A run folder\n"
		"that cannot be written (a read-only workspace) keeps none: the metrics are\n"
		"printed with a warning that names the folder.\n"
		"Samples of a class the run never saw are named and counted, and stay out of\n"
		"the per-class figures; auroc and average_precision count them (a root cause\n"
		"unless an ordinary name of the recipe) when the run's classes name an\n"
		"ordinary one (JSON: unknown_class_samples, unknown_classes,\n"
		"root_cause.unseen_class_samples).\n"
		"A detector's run keeps DATASET's labels and reports pointwise_f1,\n"
		"point_adjusted_f1, best_f1, best_point_adjusted_f1 (optimistic), auroc, aupr,\n"
		"hitrate_100 and hitrate_150 (with interpretation labels) and false_alarm_rate,\n"
		"and writes scores.tsv; on the run's own dataset (a chronological split) only\n"
		"the steps after its training part count (evaluated_from).\n"
		"\n"
		"  -w, --workspace DIR  the workspace folder (default .)\n"
		"  -f, --format NAME    read a DATASET path as format NAME (without it, a path\n"
		"                       takes its classes from the column the run's dataset\n"
		"                       took them from, when that was named: label_column)\n"
		"      --json           print the metrics as JSON\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit codes: 0 ok, 1 usage error (unknown run, a dataset the recipe does not\n"
		"fit), 2 data error, 3 I/O error.\n");
}

/* Samples of classes the run never saw: which, and which figures count
 * them (the root-cause ones when the recipe's ordinary names tell their
 * truth, ds_runs.h's unseen_truth). */
#define UNSEEN_NAMED 8
static void print_unseen(const cJSON *m, const cJSON *test, size_t unknown)
{
	const cJSON *uc = cJSON_GetObjectItemCaseSensitive(m, "unknown_classes");
	const cJSON *rc = test ? cJSON_GetObjectItemCaseSensitive(test, "root_cause") : NULL;
	const cJSON *in = rc ? cJSON_GetObjectItemCaseSensitive(rc, "unseen_class_samples") : NULL;
	size_t counted = cJSON_IsNumber(in) ? (size_t)in->valuedouble : 0;
	int ncls = cJSON_GetArraySize(uc), i = 0;
	printf("  %zu samples of %d class%s the run never saw:", unknown, ncls, ncls == 1 ? "" : "es");
	for (const cJSON *e = uc ? uc->child : NULL; e && i < UNSEEN_NAMED; e = e->next, i++) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "class");
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "samples");
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "root_cause_truth");
		printf("%s %s %.0f%s", i ? "," : "", cJSON_IsString(name) ? cli_safe(name->valuestring) : "?",
		       cJSON_IsNumber(n) ? n->valuedouble : 0,
		       cJSON_IsString(t) && strcmp(t->valuestring, "ordinary") == 0 ? " (ordinary)" : "");
	}
	printf("%s\n", ncls > UNSEEN_NAMED ? ", ..." : "");
	if (!test) /* k-means: its figures know the run's classes only */
		printf("    left out of the metrics\n");
	else if (counted == unknown)
		printf("    left out of the per-class figures; counted in auroc and average_precision, as root causes "
		       "unless an ordinary name\n");
	else if (counted)
		printf("    left out of the per-class figures; %zu of them counted in auroc and average_precision\n",
		       counted);
	else
		printf("    left out of the metrics: the run's classes name no ordinary one, so whether they are root "
		       "causes is not known\n");
}

static void print_metrics(const char *run, const char *name, const cJSON *m, size_t unknown)
{
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(m, "parts");
	const cJSON *p = parts ? cJSON_GetObjectItemCaseSensitive(parts, "test") : NULL;
	printf("run %s on %s\n", cli_safe(run), cli_safe(name));
	if (p) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "samples");
		printf("  labelled samples %.0f\n", n ? n->valuedouble : 0);
		/* a file without labels (a new day's log): said, so that the
		 * lone count does not read as a failure */
		if ((!n || n->valuedouble == 0) && !unknown)
			printf("  no row has a label: nothing to measure; each row's prediction and score are in "
			       "predictions.tsv below (loglab predict prints them)\n");
		static const char *const keys[] = {"accuracy", "balanced_accuracy", "precision_macro", "recall_macro",
						   "f1_macro", "f1_weighted", "mcc", "log_loss"};
		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, keys[i]);
			if (cJSON_IsNumber(v))
				printf("  %-18s %.4f\n", keys[i], v->valuedouble);
		}
		const cJSON *rc = cJSON_GetObjectItemCaseSensitive(p, "root_cause");
		const cJSON *au = rc ? cJSON_GetObjectItemCaseSensitive(rc, "auroc") : NULL;
		const cJSON *ap = rc ? cJSON_GetObjectItemCaseSensitive(rc, "average_precision") : NULL;
		if (cJSON_IsNumber(au))
			printf("  %-18s %.4f\n", "auroc", au->valuedouble);
		if (cJSON_IsNumber(ap))
			printf("  %-18s %.4f\n", "average_precision", ap->valuedouble);
		const cJSON *cm = cJSON_GetObjectItemCaseSensitive(p, "confusion_matrix");
		const cJSON *cl = cJSON_GetObjectItemCaseSensitive(m, "classes");
		if (cm) {
			printf("  confusion matrix (rows true, columns predicted):\n");
			const cJSON *c = cl ? cl->child : NULL;
			for (const cJSON *row = cm->child; row; row = row->next, c = c ? c->next : NULL) {
				printf("    %-16.16s", c && cJSON_IsString(c) ? cli_safe(c->valuestring) : "?");
				for (const cJSON *v = row->child; v; v = v->next)
					printf(" %8.0f", v->valuedouble);
				putchar('\n');
			}
		}
	}
	const cJSON *km = cJSON_GetObjectItemCaseSensitive(m, "kmeans");
	if (km) {
		/* the figures `loglab runs` shows (an eval has no elbow: no inertia) */
		struct ds_kmeans_summary ks;
		char text[160];
		ds_kmeans_summary_read(km, &ks);
		ds_kmeans_summary_text(&ks, 0, text, sizeof text);
		printf("  kmeans %s\n", text);
	}
	if (unknown)
		print_unseen(m, p, unknown);
}

/* What eval-NAME is named after: the dataset's name, the file's name, the
 * whole of a folder's or a glob's spec (its last part alone is "*.log" for
 * many globs), or "stdin" for standard input. */
static const char *eval_name(const struct ds_ws_dataset *d, const char *dsarg)
{
	if (d)
		return d->name;
	if (ds_stdin_is(dsarg))
		return "stdin";
	if (ds_fleet_is_spec(dsarg) && !strstr(dsarg, "://")) {
		while (*dsarg == '/' || (dsarg[0] == '.' && dsarg[1] == '/'))
			dsarg += dsarg[0] == '/' ? 1 : 2;
		return *dsarg ? dsarg : "root";
	}
	const char *slash = strrchr(dsarg, '/');
	return slash ? slash + 1 : dsarg;
}

/* The dataset a folder's results are of ("dataset" of its metrics.json),
 * or NULL (no folder yet, or none recorded). */
static char *eval_dir_dataset(const char *dir)
{
	size_t n = strlen(dir) + 16;
	char *mp = malloc(n);
	if (!mp)
		return NULL;
	snprintf(mp, n, "%s/metrics.json", dir);
	char *text = NULL;
	struct ll_err ignore;
	FILE *f = ll_fopen_regular(mp, &ignore);
	free(mp);
	if (f) {
		long len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
		if (len > 0 && fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)len + 1)) != NULL) {
			size_t got = fread(text, 1, (size_t)len, f);
			text[got] = '\0';
		}
		fclose(f);
	}
	cJSON *m = text ? cJSON_Parse(text) : NULL;
	free(text);
	const cJSON *ds = cJSON_GetObjectItemCaseSensitive(m, "dataset");
	char *s = cJSON_IsString(ds) ? strdup(ds->valuestring) : NULL;
	cJSON_Delete(m);
	return s;
}

/* Whether two paths name the same file or spec (resolved when they can be). */
static int same_source(const char *a, const char *b)
{
	char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
	int same = ra && rb ? strcmp(ra, rb) == 0 : strcmp(a, b) == 0;
	free(ra);
	free(rb);
	return same;
}

/* RUN/eval-NAME (malloc'd; NULL without memory) for results of path:
 * NAME is eval_name made folder-safe, with "-" and eight hex digits of the
 * whole spec's hash when making a folder's or a glob's spec safe changed it
 * (a glob of logs/) or when eval-NAME holds the results of another path (a
 * kern.log of another folder), so two datasets never share a folder while
 * a file's or a dataset's name stays as it was. */
static char *eval_dir(const char *rundir, const struct ds_ws_dataset *d, const char *dsarg, const char *path)
{
	const char *base = eval_name(d, dsarg);
	size_t bl = strlen(base);
	/* a long spec keeps its end, which tells globs apart best */
	const char *from = bl > 96 ? base + bl - 96 : base;
	size_t n = strlen(rundir) + (bl > 96 ? 96 : bl) + 32;
	char *dir = malloc(n);
	if (!dir)
		return NULL;
	snprintf(dir, n, "%s/eval-", rundir);
	size_t o = strlen(dir);
	int changed = from != base;
	for (const char *p = from; *p; p++) {
		int safe = isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-';
		dir[o++] = safe ? *p : '_';
		changed |= !safe;
	}
	dir[o] = '\0';
	/* only a folder's or a glob's spec: a file's name made safe stays as
	 * it always was (eval-my_app.log for "my app.log") */
	if (d || ds_stdin_is(dsarg) || !ds_fleet_is_spec(dsarg) || strstr(dsarg, "://"))
		changed = from != base;
	if (!changed && !d && !ds_stdin_is(dsarg)) {
		ds_dir_recover(dir); /* whose results these are, even after a kill */
		char *was = eval_dir_dataset(dir);
		changed = was && !same_source(was, path);
		free(was);
	}
	if (changed) {
		uint32_t h = 2166136261u; /* FNV-1a */
		for (const char *p = dsarg; *p; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		snprintf(dir + o, n - o, "-%08x", (unsigned)h);
	}
	return dir;
}

int cli_eval(int argc, char **argv)
{
	static const struct option opts[] = {{"workspace", required_argument, NULL, 'w'},
					     {"format", required_argument, NULL, 'f'},
					     {"json", no_argument, NULL, 'j'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *wsdir = ".", *format = NULL;
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w': wsdir = optarg; break;
		case 'f': format = optarg; break;
		case 'j': json = 1; break;
		case 'h': eval_usage(stdout); return 0;
		default: eval_usage(stderr); return 1;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "%s eval: expected RUN DATASET; see --help\n", cli_progname);
		return 1;
	}
	const char *runid = argv[optind], *dsarg = argv[optind + 1];
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_workspace *ws = NULL;
	struct ds_run run;
	memset(&run, 0, sizeof run);
	struct ds_fsdata fs;
	memset(&fs, 0, sizeof fs);
	struct ll_exp_pred pred;
	memset(&pred, 0, sizeof pred);
	cJSON *metrics = NULL;
	char *outdir = NULL, *stage = NULL;
	int rc = ds_workspace_load(wsdir, &ws, &err);
	if (rc)
		return cli_fail(rc, &err);
	if ((rc = ds_run_open_any(ws->dir, runid, &run, &err)) != LL_OK)
		goto out;
	const struct ds_ws_dataset *d = ds_workspace_dataset(ws, dsarg);
	const char *path = d ? d->path : dsarg, *labels = d ? d->labels : NULL;
	if (d && d->format)
		format = d->format;
	/* a file of the kind the run was trained on keeps its classes in the
	 * same column: a run whose dataset named its label column (a table's
	 * "success" beside a "label" of request names) reads a path's labels
	 * from that column, the format still detected */
	char same_labels[512];
	if (!format && !d && run.dataset_format) {
		struct ds_open_opts ro = {.format = run.dataset_format};
		ds_open_opts_split(&ro);
		if (ro.label_column && *ro.label_column &&
		    (size_t)snprintf(same_labels, sizeof same_labels, "auto%s%s", DS_LABEL_COLUMN_TAG, ro.label_column) <
			    sizeof same_labels) {
			format = same_labels;
			fprintf(stderr, "loglab: note: %s: its classes are read from column \"%s\", as the run's dataset's were "
					"(-f names another format or column)\n",
				dsarg, ro.label_column);
		}
	}
	/* the run's format is read as named, which reads anything: binary
	 * junk piped in is judged at its start unless -f names one */
	if (!format && ds_stdin_is(path) &&
	    (rc = ds_stdin_read_judged(ds_source_judge_start, "-", &(const char *){NULL}, &(size_t){0}, &err)) != LL_OK)
		goto out;
	struct stat st;
	/* a glob names no file of its own: the fleet's opening reports one
	 * that matches nothing, as predict's does */
	if (!d && !strstr(dsarg, "://") && !ds_stdin_is(dsarg) && !ds_fleet_is_spec(dsarg) && stat(dsarg, &st) != 0) {
		/* a path that is not there fails as predict's FILE does (I/O);
		 * a bare word may be a mistyped dataset name (usage) */
		if (strchr(dsarg, '/') || errno != ENOENT)
			rc = ll_err_errno(&err, LL_EIO, errno, "%s", dsarg);
		else
			rc = ll_err_set(&err, LL_EUSAGE, "%s is neither a dataset of %s nor a readable file", dsarg,
					ws->file);
		goto out;
	}
	if (run.detector) {
		/* a series detector: the test labels are kept (cli_detect.c) */
		if (!(outdir = eval_dir(run.dir, d, dsarg, path))) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto out;
		}
		if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
			rc = ll_err_errno(&err, LL_EIO, errno, "%s: cannot create it", outdir);
			goto out;
		}
		int code = cli_detect_eval(&run, runid, d ? d->name : dsarg, path, format, labels, outdir, json);
		free(outdir);
		ds_run_close(&run);
		ds_workspace_free(ws);
		return code;
	}
	struct ll_recipe whole;
	char by_header[1024];
	const struct ll_recipe *recipe = &run.recipe;
	if (ds_run_text_recipe(&run, path, format, &whole)) {
		recipe = &whole;
		fprintf(stderr, "loglab: note: %s: the run was trained on whole lines: each line is scored whole, not its "
				"message field\n", dsarg);
	} else if (ds_run_text_format(&run, path, format, by_header, sizeof by_header)) {
		format = by_header;
		fprintf(stderr, "loglab: note: %s: the run was trained on the message field of its lines: each line is read "
				"as \"%s\" and its message scored\n", dsarg, by_header + strlen(DS_LOG_HEADER_PREFIX));
	}
	if ((rc = ds_fs_load(path, format, labels, recipe, &run.fit, &fs, NULL, NULL, &err)) != LL_OK) {
		struct stat est;
		/* no rows is no misfit of the recipe */
		if (rc == LL_EUSAGE && stat(path, &est) == 0 && S_ISREG(est.st_mode) && est.st_size == 0) {
			rc = ll_err_set(&err, LL_EDATA, "%s: the file is empty (0 bytes): no rows to score", dsarg);
			goto out;
		}
		if (rc == LL_EUSAGE) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err.msg);
			ll_err_set(&err, rc, "%s: the run's recipe does not fit: %s", dsarg, msg);
		}
		goto out;
	}
	ds_fsdata_print_notes(stderr, dsarg, &fs);
	if ((rc = ll_exp_predict(run.model, &fs.fm, &pred, &err)) != LL_OK)
		goto out;
	if (!(outdir = eval_dir(run.dir, d, dsarg, path))) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	/* written beside the earlier results, which it replaces whole once
	 * every file is written: a full disk leaves those as they were */
	char unkept[LL_ERR_MSG_MAX] = "";
	if ((rc = ds_dir_stage(outdir, &stage, &err)) != LL_OK) {
		/* a run folder this process cannot write (a read-only workspace,
		 * another user's runs): the metrics are what eval is for, so the
		 * results are written to a temporary folder, printed, and
		 * dropped, with a warning */
		if (access(run.dir, W_OK) == 0)
			goto out;
		const char *td = getenv("TMPDIR");
		size_t tn = strlen(td && *td ? td : "/tmp") + 32;
		if (!(stage = malloc(tn)))
			goto out;
		snprintf(stage, tn, "%s/loglab-eval-XXXXXX", td && *td ? td : "/tmp");
		if (!mkdtemp(stage)) {
			free(stage);
			stage = NULL;
			goto out;
		}
		snprintf(unkept, sizeof unkept, "%s", err.msg);
		ll_err_clear(&err);
		rc = LL_OK;
	}
	struct ds_results res = {&run.cfg, NULL, &fs, &pred, run.ordinary, NULL, NULL};
	void *mj = NULL;
	if ((rc = ds_results_write(stage, &res, &mj, &err)) != LL_OK)
		goto out;
	metrics = mj;
	cJSON_AddStringToObject(metrics, "run", runid);
	cJSON_AddStringToObject(metrics, "dataset", path);
	cJSON_AddStringToObject(metrics, "dataset_sha256", fs.data_sha);
	/* on disk too: what the folder's results are of decides whether the
	 * next eval of another path may write there (eval_dir) */
	{
		size_t mn = strlen(stage) + 16;
		char *mp = malloc(mn);
		if (!mp) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto out;
		}
		snprintf(mp, mn, "%s/metrics.json", stage);
		rc = ds_write_json(mp, metrics, &err);
		free(mp);
		if (rc != LL_OK)
			goto out;
	}
	if (unkept[0]) {
		ds_dir_discard(stage);
		free(stage);
		stage = NULL;
		fprintf(stderr, "loglab: warning: the results are not kept (%s); the metrics follow\n", unkept);
	} else if ((rc = ds_dir_commit(stage, outdir, &err)) != LL_OK) {
		goto out;
	} else {
		free(stage);
		stage = NULL;
	}
	if (json) {
		char *s = cJSON_Print(metrics);
		if (s)
			puts(s);
		free(s);
	} else {
		print_metrics(runid, d ? d->name : dsarg, metrics, fs.unknown_class);
		if (!unkept[0])
			printf("  results in %s\n", cli_safe(outdir));
	}
out:
	if (stage) {
		/* messages name the folder the user knows, not the staging one */
		char *at = rc ? strstr(err.msg, stage) : NULL;
		if (at && outdir) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%.*s%s%s", (int)(at - err.msg), err.msg, outdir, at + strlen(stage));
			ll_err_set(&err, rc, "%s", msg);
		}
		ds_dir_discard(stage);
		free(stage);
	}
	cJSON_Delete(metrics);
	free(outdir);
	ll_exp_pred_free(&pred);
	ds_fsdata_free(&fs);
	ds_run_close(&run);
	ds_workspace_free(ws);
	if (rc)
		return cli_fail(rc, &err);
	return 0;
}
