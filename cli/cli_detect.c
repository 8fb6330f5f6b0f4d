/*
 * cli_detect.c - series detectors (ll_sdet.h) in `loglab train` and
 * `loglab eval`: an experiment whose model is "detector" trains without
 * labels on its feature set's training series and leaves a run folder
 * like any other (run.json with a "detector" object, model.llm, the
 * fitted scaler, metrics.json of the training series); `eval RUN DATASET`
 * scores another series and, when it is labelled, keeps its labels and
 * reports the series figures (ll_series_eval.h) in RUN/eval-NAME/
 * metrics.json: pointwise_f1, point_adjusted_f1, best_f1,
 * best_point_adjusted_f1 (optimistic: thresholds chosen on the labels),
 * auroc, aupr, hitrate_100, hitrate_150, false_alarm_rate (with a note
 * naming the metrics behind false alarms far above the threshold's
 * promise), and per labelled segment the dimensions ranked by contribution
 * beside the labelled ones, with scores.tsv (step, label, raw score,
 * score, alarm) for the anomaly view.
 * A feature set with a chronological split trains on its first part; eval
 * of that same dataset then scores only the steps after it.
 */
#include "cli.h"
#include "cli_detect.h"
#include "ds_runs.h"
#include "ds_run_resume.h"
#include "ll_fileio.h"
#include "ll_sdet.h"
#include "ll_series_eval.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static cJSON *num_or_null(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static int write_json_in(const char *dir, const char *name, const cJSON *o, struct ll_err *err)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return ds_write_json(p, o, err);
}

/* A series detector reads dense steps, one sample a step. */
static int check_series(const struct ds_fsdata *fs, const char *what, struct ll_err *err)
{
	/* the feature set's values do not fit the model: exit 2, as train says */
	if (!fs->fm.X && fs->recipe.text_defaulted)
		return ll_err_set(err, LL_EDATA,
				  "%s: a detector needs dense numeric steps; a feature set that names nothing over a "
				  "log gets TF-IDF of its lines. For a log, count its templates per time window: "
				  "\"text\": {\"kind\": \"templates\"}, \"window\": {\"kind\": \"time\", \"length\": 60}",
				  what);
	if (!fs->fm.X || fs->fm.steps != 1)
		return ll_err_set(err, LL_EDATA,
				  "%s: a detector needs dense numeric steps (no text features, window 1); got %s",
				  what, fs->fm.X ? "sequences" : "sparse features");
	if (fs->fm.n < 2)
		return ll_err_set(err, LL_EDATA, "%s: %zu samples; a detector needs a series of 2 or more", what,
				  fs->fm.n);
	return LL_OK;
}

/* Ctrl-C or SIGTERM while a detector trains cancels it cleanly: its run
 * stays, marked cancelled, as train's runs of the other models. */
static atomic_int detect_cancel;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&detect_cancel, 1);
}

int cli_detect_train(struct ds_workspace *ws, const struct ds_ws_experiment *x, int json, int quiet,
		     const char *id_file)
{
	struct ll_err err;
	ll_err_clear(&err);
	const struct ds_ws_featureset *f = ds_workspace_featureset(ws, x->featureset);
	const struct ds_ws_dataset *d = f ? ds_workspace_dataset(ws, f->dataset) : NULL;
	struct ds_fsdata fs;
	memset(&fs, 0, sizeof fs);
	struct ll_sdet *sd = NULL;
	const float *X = NULL;
	cJSON *rec = NULL, *metrics = NULL;
	char *dir = NULL, id[DS_RUN_ID_MAX] = "";
	int rc, lock_fd = -1;
	if (!d) {
		rc = ll_err_set(&err, LL_EDATA, "feature set %s names no dataset of the workspace", x->featureset);
		goto out;
	}
	struct ll_sdet_cfg c;
	ds_sdet_cfg_from_ws(x, &c);
	double t0 = now_s();
	if ((rc = ds_fs_load(d->path, d->format, d->labels, &f->recipe, NULL, &fs, NULL, NULL, &err)) != LL_OK)
		goto out;
	if ((rc = check_series(&fs, x->featureset, &err)) != LL_OK)
		goto out;
	/* the training series: every step of the dataset, in order, or with a
	 * chronological split its first part (a labelled series whose normal
	 * start is the training series: SKAB, UCR, NAB's probationary
	 * period); a random or grouped split would break the series and does
	 * not apply; labels are not read */
	size_t n = fs.fm.n, dd = fs.fm.d, all = n;
	if (f->recipe.split == LL_RSPLIT_CHRONO && fs.fm.split) {
		for (n = 0; n < all && fs.fm.split[n] == LL_SPLIT_TRAIN; n++)
			;
		if (n < 2) {
			rc = ll_err_set(&err, LL_EDATA, "%s: the chronological split's training part has %zu steps; a detector needs 2 or more",
					x->featureset, n);
			goto out;
		}
	}
	/* Labels are not read, so a training part holding steps labelled root
	 * cause (a whole labelled series, SKAB's valve files) is learned as
	 * normal and sets the threshold: the anomalies score low, and the
	 * test series raises no alarm. Said, with the way out. */
	if (fs.fm.y && fs.man.nclasses) {
		unsigned char *ord = ds_ordinary_flags(&fs.recipe, (const char *const *)fs.man.classes, fs.man.nclasses);
		size_t bad = 0;
		for (size_t i = 0; ord && i < n; i++)
			bad += fs.fm.y[i] >= 0 && (size_t)fs.fm.y[i] < fs.man.nclasses && !ord[fs.fm.y[i]];
		free(ord);
		if (bad)
			fprintf(stderr,
				"%s: warning: %zu of the %zu training steps (%.1f%%) are labelled root cause: the detector "
				"trains without labels and learns them as normal, its threshold set on them; train it on a "
				"normal stretch (a chronological split whose training part is the series' normal start, or "
				"a series without anomalies)\n",
				cli_progname, bad, n, 100.0 * (double)bad / (double)n);
	}
	X = fs.fm.X;
	if (!quiet && !json) {
		if (n < all)
			fprintf(stderr, "%s: detector %s on %s: the first %zu of %zu steps (chronological split) x %zu metrics\n",
				cli_progname, ll_sdet_kind_name(c.kind), cli_safe(x->featureset), n, all, dd);
		else
			fprintf(stderr, "%s: detector %s on %s: %zu steps x %zu metrics\n", cli_progname,
				ll_sdet_kind_name(c.kind), cli_safe(x->featureset), n, dd);
	}
	/* A setting or series refused before any work leaves no run (as
	 * train's refusals of a model's settings); past this point a failure is the run's: its
	 * folder stays, marked failed with the error, as every model's. */
	if ((rc = ll_sdet_check_data(&c, X, n, dd, &err)) != LL_OK) {
		if (rc == LL_EUSAGE || rc == LL_EDATA) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err.msg);
			ll_err_set(&err, rc, "experiments.%s: %s", x->name, msg);
		}
		goto out;
	}
	if ((rc = ds_run_create(ws->dir, x->name, time(NULL), id, &dir, &err)) != LL_OK ||
	    (rc = ds_run_lock(dir, id, &lock_fd, &err)) != LL_OK)
		goto out;
	/* whoever launched this (the TUI) learns the run's id */
	if (id_file && (rc = ll_out_write(id_file, id, strlen(id), &err)) != LL_OK)
		goto out;
	struct ll_exp_cfg ec;
	ds_exp_cfg_from_ws(x, &ec);
	struct ds_run_rec ra = {id, x->name, x->featureset, "cli", d->name, d->format, d->labels, f->dataset,
				&f->recipe, &ec, &fs, (double)time(NULL)};
	if (!(rec = ds_run_record(&ra))) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	cJSON *xc = cJSON_GetObjectItemCaseSensitive(rec, "experiment_config");
	cJSON_ReplaceItemInObjectCaseSensitive(xc, "model", cJSON_CreateString("detector"));
	/* recorded as running (the lock held) while it trains */
	if ((rc = ds_run_save_record(dir, rec, &err)) != LL_OK)
		goto out;
	double t1 = now_s();
	atomic_store(&detect_cancel, 0);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rc = ll_sdet_fit(&c, X, n, dd, &detect_cancel, &sd, &err);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (rc != LL_OK)
		goto out;
	double t2 = now_s();
	/* the training series' own alarms: what the threshold promises */
	double *raw = malloc(n * sizeof *raw);
	if (!raw || (rc = ll_sdet_score(sd, X, n, dd, raw, NULL, NULL, &err)) != LL_OK) {
		if (!raw)
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		free(raw);
		goto out;
	}
	double rthr = ll_sdet_raw_threshold(sd);
	/* and on the held-out end alone, the steps the threshold was set on */
	size_t alarms = 0, held_alarms = 0, fitted = ll_sdet_fitted_steps(sd), held = n - fitted;
	for (size_t i = 0; i < n; i++) {
		alarms += raw[i] >= rthr;
		held_alarms += i >= fitted && raw[i] >= rthr;
	}
	free(raw);
	const struct ll_sdet_cfg *fc = ll_sdet_config(sd);
	const struct ll_detect *cal = ll_sdet_calibration(sd);
	int epochs;
	double loss;
	ll_sdet_fit_info(sd, &epochs, &loss);
	cJSON *dj = cJSON_AddObjectToObject(rec, "detector");
	cJSON_AddStringToObject(dj, "kind", ll_sdet_kind_name(fc->kind));
	if (fc->kind != LL_SDET_KMEANS) {
		cJSON_AddNumberToObject(dj, "window", (double)fc->window);
		cJSON_AddNumberToObject(dj, "hidden", (double)fc->hidden);
		cJSON_AddNumberToObject(dj, "epochs", fc->epochs);
		cJSON_AddNumberToObject(dj, "batch", (double)fc->batch);
		cJSON_AddNumberToObject(dj, "lr", fc->lr);
		cJSON_AddNumberToObject(dj, "epochs_done", epochs);
		cJSON_AddItemToObject(dj, "final_loss", num_or_null(loss));
	} else {
		cJSON_AddNumberToObject(dj, "k", (double)fc->k);
	}
	cJSON_AddNumberToObject(dj, "seed", (double)fc->seed);
	cJSON_AddNumberToObject(dj, "holdout", fc->holdout);
	cJSON_AddNumberToObject(dj, "fitted_steps", (double)ll_sdet_fitted_steps(sd));
	cJSON_AddNumberToObject(dj, "smooth", (double)fc->smooth);
	cJSON_AddNumberToObject(dj, "topk", (double)fc->topk);
	cJSON_AddNumberToObject(dj, "memory", (double)fc->memory);
	cJSON_AddNumberToObject(dj, "memory_weight", fc->memory_weight);
	cJSON_AddNumberToObject(dj, "floor_cap", fc->floor_cap);
	size_t nfl = 0;
	for (size_t j = 0; j < ll_sdet_dims(sd); j++)
		nfl += ll_sdet_floored(sd, j);
	cJSON_AddNumberToObject(dj, "floored_metrics", (double)nfl);
	cJSON_AddStringToObject(dj, "scale", ll_sdet_scale_name(fc->scale));
	cJSON_AddStringToObject(dj, "threshold_method", ll_thresh_method_name(cal->cfg.method));
	cJSON_AddNumberToObject(dj, "risk", cal->cfg.risk);
	cJSON_AddNumberToObject(dj, "percentile", cal->cfg.percentile);
	cJSON_AddNumberToObject(dj, "metrics", (double)dd);
	cJSON_AddNumberToObject(dj, "train_steps", (double)n);
	ds_run_set_num(rec, "train_s", t2 - t1);
	ds_run_set_num(rec, "build_s", t1 - t0);
	char mp[4096];
	snprintf(mp, sizeof mp, "%s/model.llm", dir);
	if ((rc = ds_run_save_fit(dir, &fs, &err)) != LL_OK || (rc = ll_sdet_save(sd, mp, fs.fingerprint, &err)) != LL_OK)
		goto out;
	/* metrics.json: deterministic (no times) */
	metrics = cJSON_CreateObject();
	cJSON_AddStringToObject(metrics, "model", "detector");
	cJSON_AddStringToObject(metrics, "detector", ll_sdet_kind_name(fc->kind));
	cJSON *tr = cJSON_AddObjectToObject(metrics, "train");
	cJSON_AddNumberToObject(tr, "steps", (double)n);
	cJSON_AddNumberToObject(tr, "threshold", cal->threshold);
	cJSON_AddNumberToObject(tr, "raw_threshold", rthr);
	cJSON_AddNumberToObject(tr, "alarms", (double)alarms);
	cJSON_AddNumberToObject(tr, "alarm_rate", (double)alarms / (double)n);
	cJSON_AddNumberToObject(tr, "held_out_steps", (double)held);
	cJSON_AddNumberToObject(tr, "held_out_alarms", (double)held_alarms);
	cJSON_AddNumberToObject(tr, "tail_gamma", cal->gamma);
	cJSON_AddNumberToObject(tr, "tail_sigma", cal->sigma);
	if ((rc = write_json_in(dir, "metrics.json", metrics, &err)) != LL_OK)
		goto out;
	double t3 = now_s();
	ds_run_set_str(rec, "status", "done");
	ds_run_set_num(rec, "duration_s", t3 - t0);
	if ((rc = ds_run_save_record(dir, rec, &err)) != LL_OK)
		goto out;
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", id);
		cJSON_AddStringToObject(o, "dir", dir);
		cJSON_AddItemReferenceToObject(o, "metrics", metrics);
		cJSON_AddNumberToObject(o, "train_s", t2 - t1);
		char *s = cJSON_Print(o);
		if (s)
			puts(s);
		free(s);
		cJSON_Delete(o);
	} else {
		printf("run %s: detector %s, %zu training steps x %zu metrics, trained in %.2f s\n", cli_safe(id),
		       ll_sdet_kind_name(fc->kind), n, dd, t2 - t1);
		printf("  threshold %.4f nats (%s), %zu training steps above it (%.3f%%)", cal->threshold,
		       ll_thresh_method_name(cal->cfg.method), alarms, 100.0 * (double)alarms / (double)n);
		if (held)
			printf(", %zu of the %zu held-out steps (%.3f%%)", held_alarms, held,
			       100.0 * (double)held_alarms / (double)held);
		printf("\n");
		printf("  evaluate with: loglab eval %s TEST_DATASET\n", cli_safe(id));
	}
out:
	if (rc && rec && dir) {
		ds_run_set_str(rec, "status", rc == LL_ECANCEL ? "cancelled" : "failed");
		ds_run_set_str(rec, "error", err.msg);
		ds_run_save_record(dir, rec, NULL);
	}
	/* a run that could not even record itself (a full disk) leaves no folder */
	if (rc && dir)
		ds_run_discard_unrecorded(dir);
	ds_run_unlock(lock_fd);
	cJSON_Delete(rec);
	cJSON_Delete(metrics);
	free(dir);
	ll_sdet_free(sd);
	ds_fsdata_free(&fs);
	return rc ? cli_fail(rc, &err) : 0;
}

/* The labelled dimensions of a segment as a JSON array. */
static cJSON *int_array(const int *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
	return a;
}

/* Per labelled segment: its rows, labelled dimensions and the dimensions
 * ranked by their largest contribution over the segment (1-based). */
static cJSON *segments_json(const struct ll_segment *segs, size_t ns, const float *dims, size_t n, size_t d,
			    char **names)
{
	cJSON *a = cJSON_CreateArray();
	double *mx = malloc(d * sizeof *mx);
	int *order = malloc(d * sizeof *order);
	for (size_t s = 0; a && mx && order && s < ns; s++) {
		if (segs[s].start >= n)
			continue;
		size_t end = segs[s].end < n ? segs[s].end : n - 1;
		for (size_t j = 0; j < d; j++) {
			mx[j] = 0;
			for (size_t t = segs[s].start; t <= end; t++)
				mx[j] = fmax(mx[j], dims[t * d + j]);
			order[j] = (int)j;
		}
		/* insertion sort, highest first, ties to the lower dimension */
		for (size_t i = 1; i < d; i++)
			for (size_t k = i; k > 0 && mx[order[k]] > mx[order[k - 1]]; k--) {
				int tmp = order[k];
				order[k] = order[k - 1];
				order[k - 1] = tmp;
			}
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "start", (double)segs[s].start);
		cJSON_AddNumberToObject(o, "end", (double)end);
		cJSON_AddItemToObject(o, "labelled_dims", int_array(segs[s].dims, segs[s].ndims));
		cJSON *r = cJSON_AddArrayToObject(o, "ranked_dims");
		size_t top = d < 10 ? d : 10;
		for (size_t i = 0; r && i < top; i++) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddNumberToObject(e, "dim", order[i] + 1);
			if (names && names[order[i]])
				cJSON_AddStringToObject(e, "name", names[order[i]]);
			cJSON_AddItemToObject(e, "contribution", num_or_null(mx[order[i]]));
			cJSON_AddItemToArray(r, e);
		}
		if (segs[s].tag)
			cJSON_AddStringToObject(o, "tag", segs[s].tag);
		cJSON_AddItemToArray(a, o);
	}
	free(mx);
	free(order);
	return a;
}

static void print_eval(const char *run, const char *name, const cJSON *m)
{
	printf("run %s on %s (detector)\n", cli_safe(run), cli_safe(name));
	static const char *const keys[] = {"steps", "anomalous_steps", "segments", "alarms", "threshold",
					   "pointwise_precision", "pointwise_recall", "pointwise_f1",
					   "point_adjusted_f1", "best_f1", "best_point_adjusted_f1", "auroc", "aupr",
					   "hitrate_100", "hitrate_150"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, keys[i]);
		if (cJSON_IsNumber(v))
			printf(v->valuedouble == floor(v->valuedouble) && i < 4 ? "  %-24s %.0f\n" : "  %-24s %.4f\n",
			       keys[i], v->valuedouble);
		else if (v)
			printf("  %-24s -\n", keys[i]);
	}
	/* said only beside figures it qualifies */
	if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(m, "best_f1")))
		printf("  (best_f1 and best_point_adjusted_f1 choose the threshold on these labels: optimistic)\n");
	const cJSON *notes = cJSON_GetObjectItemCaseSensitive(m, "notes");
	for (const cJSON *e = notes ? notes->child : NULL; e; e = e->next)
		if (cJSON_IsString(e))
			printf("  note: %s\n", cli_safe(e->valuestring));
}

/* The share of normal steps in [from, n) at or above the raw threshold
 * (NAN without a normal step), and when it is more than ten times what the
 * threshold was set for, a note naming the metrics most often the largest
 * contribution on those steps: a series that moved away from its training
 * series (a level it never reached, a flag never set) alarms on every
 * step, and the figures alone do not say why. */
static double false_alarms(const struct ll_sdet *sd, const int *y, const double *raw, const float *dims, size_t from,
			   size_t n, size_t d, char *const *names, cJSON *notes)
{
	const struct ll_detect *cal = ll_sdet_calibration(sd);
	double rthr = ll_sdet_raw_threshold(sd);
	double promised = cal->cfg.method == LL_THRESH_POT ? cal->cfg.risk : 1 - cal->cfg.percentile / 100;
	size_t nneg = 0, fa = 0;
	for (size_t i = from; i < n; i++)
		if (y[i] == 0) {
			nneg++;
			fa += raw[i] >= rthr;
		}
	if (!nneg)
		return NAN;
	double rate = (double)fa / (double)nneg;
	if (fa < 10 || rate <= 10 * promised)
		return rate;
	double *sum = calloc(d, sizeof *sum);
	if (!sum)
		return rate;
	/* how often each metric is a false alarm's largest contribution: a
	 * sum would be led by a few steps of huge contributions */
	for (size_t i = from; i < n; i++)
		if (y[i] == 0 && raw[i] >= rthr) {
			size_t top = 0;
			for (size_t j = 1; j < d; j++)
				if (dims[i * d + j] > dims[i * d + top])
					top = j;
			sum[top]++;
		}
	char note[512];
	int len = snprintf(note, sizeof note,
			   "alarms on %.1f%% of the normal steps where the threshold was set for %.1f%%: the series scores "
			   "unlike the end of the training series (led by",
			   100 * rate, 100 * promised);
	for (int k = 0; k < 3 && (size_t)k < d && len > 0 && (size_t)len < sizeof note; k++) {
		size_t best = 0;
		for (size_t j = 1; j < d; j++)
			if (sum[j] > sum[best])
				best = j;
		if (!(sum[best] > 0))
			break;
		len += snprintf(note + len, sizeof note - (size_t)len, "%s %s", k ? "," : "",
				names && names[best] ? names[best] : "?");
		sum[best] = -1;
	}
	if (len > 0 && (size_t)len < sizeof note - 1)
		snprintf(note + len, sizeof note - (size_t)len, ")");
	cJSON_AddItemToArray(notes, cJSON_CreateString(note));
	free(sum);
	return rate;
}

/* Steps at the start of a series of n the run trained on: its training
 * part when the series is the run's own dataset and the run fitted only
 * its first steps (a chronological split), else 0. Figures on them would
 * score the model on what it learned. */
static size_t trained_prefix(const struct ds_run *run, const char *data_sha, size_t n)
{
	const cJSON *j = run->json;
	const cJSON *sha = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "dataset"), "sha256");
	const cJSON *ts = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "detector"), "train_steps");
	if (!cJSON_IsString(sha) || strcmp(sha->valuestring, data_sha) != 0 || !cJSON_IsNumber(ts))
		return 0;
	return ts->valuedouble >= 1 && ts->valuedouble < (double)n ? (size_t)ts->valuedouble : 0;
}

int cli_detect_eval(struct ds_run *run, const char *runid, const char *name, const char *path, const char *format,
		    const char *labels, const char *outdir, int json)
{
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_fsdata fs;
	memset(&fs, 0, sizeof fs);
	double *raw = NULL, *score = NULL;
	float *dims = NULL;
	int *y = NULL;
	struct ll_segment *segs = NULL;
	cJSON *m = NULL;
	char *tsv = NULL;
	int rc = ds_fs_load(path, format, labels, &run->recipe, &run->fit, &fs, NULL, NULL, &err);
	if (rc) {
		if (rc == LL_EUSAGE) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err.msg);
			ll_err_set(&err, rc, "%s: the run's recipe does not fit: %s", name, msg);
		}
		goto out;
	}
	if ((rc = check_series(&fs, name, &err)) != LL_OK)
		goto out;
	size_t n = fs.fm.n, d = fs.fm.d;
	size_t skip = trained_prefix(run, fs.data_sha, n);
	raw = malloc(n * sizeof *raw);
	score = malloc(n * sizeof *score);
	dims = malloc(n * d * sizeof *dims);
	y = malloc(n * sizeof *y);
	if (!raw || !score || !dims || !y) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ll_sdet_score(run->detector, fs.fm.X, n, d, raw, score, dims, &err)) != LL_OK)
		goto out;
	/* the test labels, from the table (the run never saw a class) */
	const struct ll_table *t = fs.t;
	size_t nc = ll_table_nclasses(t), labelled = 0, npos = 0;
	const char **cn = calloc(nc ? nc : 1, sizeof *cn);
	unsigned char *ord = NULL;
	if (cn) {
		for (size_t c = 0; c < nc; c++)
			cn[c] = ll_table_class_name(t, c);
		ord = ds_ordinary_flags(&run->recipe, cn, nc);
	}
	free(cn);
	if (!ord) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t row = fs.fm.origin ? fs.fm.origin[i] : i;
		int l = row < ll_table_nrows(t) ? ll_table_label(t, row) : LL_NO_LABEL;
		y[i] = l < 0 ? -1 : !ord[l];
		labelled += i >= skip && l >= 0;
		npos += i >= skip && l >= 0 && !ord[l];
	}
	free(ord);
	/* segments index table rows; samples are the rows when origin is the
	 * identity, which a window-1, unaggregated recipe gives */
	size_t ns = ll_table_nsegments(t), nseg = 0;
	int identity = 1;
	for (size_t i = 0; fs.fm.origin && i < n && identity; i++)
		identity = fs.fm.origin[i] == i;
	if (ns && identity && (segs = calloc(ns, sizeof *segs)))
		for (size_t s = 0; s < ns; s++) {
			struct ll_segment g = *ll_table_segment(t, s);
			if (g.end < skip)
				continue;
			g.start = g.start < skip ? skip : g.start;
			segs[nseg++] = g;
		}
	const struct ll_detect *cal = ll_sdet_calibration(run->detector);
	double rthr = ll_sdet_raw_threshold(run->detector);
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "run", runid);
	cJSON_AddStringToObject(m, "dataset", path);
	cJSON_AddStringToObject(m, "dataset_sha256", fs.data_sha);
	cJSON_AddStringToObject(m, "model", "detector");
	cJSON_AddStringToObject(m, "detector", ll_sdet_kind_name(ll_sdet_config(run->detector)->kind));
	cJSON_AddNumberToObject(m, "steps", (double)(n - skip));
	cJSON_AddNumberToObject(m, "evaluated_from", (double)skip);
	cJSON_AddNumberToObject(m, "threshold", cal->threshold);
	cJSON_AddNumberToObject(m, "raw_threshold", rthr);
	size_t alarms = 0;
	for (size_t i = skip; i < n; i++)
		alarms += raw[i] >= rthr;
	cJSON_AddNumberToObject(m, "alarms", (double)alarms);
	cJSON *notes = cJSON_AddArrayToObject(m, "notes");
	for (size_t i = 0; i < ll_table_nnotes(t); i++)
		cJSON_AddItemToArray(notes, cJSON_CreateString(ll_table_note_text(t, i)));
	if (skip) {
		char note[160];
		snprintf(note, sizeof note,
			 "the run trained on the first %zu steps of this series: the figures are of the %zu after them", skip,
			 n - skip);
		cJSON_AddItemToArray(notes, cJSON_CreateString(note));
	}
	if (labelled == n - skip && npos > 0) {
		/* figures on the steps after the training part, segments in
		 * their coordinates (the run's own steps are left out) */
		for (size_t s = 0; s < nseg; s++) {
			segs[s].start -= skip;
			segs[s].end -= skip;
		}
		/* the ranking figures on the raw score: the calibrated one
		 * saturates in a bounded tail, which would tie the worst steps */
		struct ll_series_eval ev;
		rc = ll_series_evaluate(y + skip, raw + skip, n - skip, rthr, dims + skip * d, d, segs, nseg, &ev, &err);
		for (size_t s = 0; s < nseg; s++) {
			segs[s].start += skip;
			segs[s].end += skip;
		}
		if (rc != LL_OK)
			goto out;
		cJSON_AddNumberToObject(m, "anomalous_steps", (double)ev.npos);
		cJSON_AddNumberToObject(m, "segments", (double)ev.nsegments);
		cJSON_AddNumberToObject(m, "pointwise_precision", ev.pointwise.precision);
		cJSON_AddNumberToObject(m, "pointwise_recall", ev.pointwise.recall);
		cJSON_AddNumberToObject(m, "pointwise_f1", ev.pointwise.f1);
		cJSON_AddNumberToObject(m, "point_adjusted_precision", ev.adjusted.precision);
		cJSON_AddNumberToObject(m, "point_adjusted_recall", ev.adjusted.recall);
		cJSON_AddNumberToObject(m, "point_adjusted_f1", ev.adjusted.f1);
		cJSON_AddItemToObject(m, "best_f1", ev.has_best ? cJSON_CreateNumber(ev.best.prf.f1) : cJSON_CreateNull());
		cJSON_AddItemToObject(m, "best_point_adjusted_f1",
				      ev.has_best ? cJSON_CreateNumber(ev.best_adjusted.prf.f1) : cJSON_CreateNull());
		cJSON_AddBoolToObject(m, "best_is_optimistic", 1);
		cJSON_AddItemToObject(m, "auroc", ev.has_auroc ? num_or_null(ev.auroc) : cJSON_CreateNull());
		cJSON_AddItemToObject(m, "aupr", ev.has_aupr ? num_or_null(ev.aupr) : cJSON_CreateNull());
		cJSON_AddItemToObject(m, "hitrate_100", ev.has_hitrate ? num_or_null(ev.hitrate_100) : cJSON_CreateNull());
		cJSON_AddItemToObject(m, "hitrate_150", ev.has_hitrate ? num_or_null(ev.hitrate_150) : cJSON_CreateNull());
		cJSON_AddNumberToObject(m, "hitrate_segments", (double)ev.hitrate_segments);
		cJSON_AddItemToObject(m, "false_alarm_rate",
				      num_or_null(false_alarms(run->detector, y, raw, dims, skip, n, d, fs.fm.names, notes)));
		/* only a reader that looks for interpretation labels (smd) has
		 * noted the paths it tried */
		int tried = 0;
		for (size_t i = 0; i < ll_table_nnotes(t); i++)
			tried |= strstr(ll_table_note_text(t, i), "interpretation") != NULL;
		/* every scored step labelled anomalous: AUROC ranks anomalous
		 * against normal steps and has none (it was null without a
		 * word) */
		if (!ev.has_auroc)
			cJSON_AddItemToArray(notes, cJSON_CreateString(
				"every scored step is labelled anomalous: no AUROC (it needs normal steps too)"));
		if (!ev.has_hitrate)
			cJSON_AddItemToArray(notes, cJSON_CreateString(
				nseg ? "no segment with labelled dimensions: no HitRate"
				: tried ? "no interpretation labels: no HitRate (see the notes above for the paths tried)"
					: "no interpretation labels: no HitRate"));
	} else {
		static const char *const none[] = {"pointwise_f1", "point_adjusted_f1", "best_f1", "best_point_adjusted_f1",
						   "auroc", "aupr", "hitrate_100", "hitrate_150", "false_alarm_rate"};
		for (size_t i = 0; i < sizeof none / sizeof *none; i++)
			cJSON_AddNullToObject(m, none[i]);
		cJSON_AddItemToArray(notes, cJSON_CreateString(
			labelled == 0	     ? "the series has no labels: no series figures (each step's score and alarm are in scores.tsv)"
			: labelled < n - skip ? "some steps are unlabelled: no series figures"
					      : "no anomalous step in the labels: no series figures"));
	}
	cJSON_AddItemToObject(m, "segment_dims", segments_json(segs, nseg, dims, n, d, fs.fm.names));
	if ((rc = write_json_in(outdir, "metrics.json", m, &err)) != LL_OK)
		goto out;
	/* scores.tsv: what the anomaly view draws */
	size_t cap = 64 + n * 64, len = 0;
	if (!(tsv = malloc(cap))) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	len += (size_t)snprintf(tsv, cap, "step\tlabel\traw\tscore\talarm\n");
	for (size_t i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(tsv + len, cap - len, "%zu\t%d\t%.6g\t%.6g\t%d\n", i, y[i], raw[i], score[i],
					raw[i] >= rthr);
	char sp[4096];
	snprintf(sp, sizeof sp, "%s/scores.tsv", outdir);
	if ((rc = ds_write_text(sp, tsv, len < cap ? len : cap - 1, &err)) != LL_OK)
		goto out;
	if (json) {
		char *s = cJSON_Print(m);
		if (s)
			puts(s);
		free(s);
	} else {
		print_eval(runid, name, m);
		printf("  results in %s\n", cli_safe(outdir));
	}
out:
	cJSON_Delete(m);
	free(tsv);
	free(segs);
	free(raw);
	free(score);
	free(dims);
	free(y);
	ds_fsdata_free(&fs);
	return rc ? cli_fail(rc, &err) : 0;
}
