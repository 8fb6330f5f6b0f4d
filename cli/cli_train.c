/*
 * cli_train.c - `loglab train EXPERIMENT`: build the experiment's feature
 * set, train in the background thread, and leave a run folder
 * (runs/<id>/, docs/runs.md) with the model, metrics, curves, predictions
 * and a log.
 *
 * The main thread only watches: it shows progress on stderr when that is
 * a terminal and turns Ctrl-C (SIGINT) or SIGTERM into a clean cancel. A
 * checkpoint is written after every epoch, so a run interrupted in any way
 * (even kill -9) continues with `--resume RUN` to the result an
 * uninterrupted run gives: the resumed run rebuilds the feature set from
 * the recipe and experiment recorded in its run.json, refuses data that
 * changed since, and the trainer replays from the checkpoint.
 *
 * Under mpirun/srun (core/ll_par.h) every rank builds the same feature set
 * and trains its share of every batch; rank 0 alone creates and writes the
 * run folder. Errors every rank meets alike are agreed on and reported
 * once; an error of one rank alone ends the job with its message.
 */
#include "cli.h"
#include "cli_detect.h"
#include "ds_progress.h"
#include "ds_run_summary.h"
#include "ds_run_resume.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_crossfit.h"
#include "ll_fileio.h"
#include "ll_kmeans.h"
#include "ll_par.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"

static atomic_int train_cancel;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&train_cancel, 1);
}

static void train_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab train EXPERIMENT [--workspace DIR] [--json] [--quiet] [--rank-timeout S]\n"
		"       loglab train --resume RUN [--workspace DIR] [--json]\n"
		"\n"
		"Trains an experiment of the workspace's loglab.json on its feature set and\n"
		"writes a run folder runs/<id>/ (model.llm, metrics.json, curves, predictions.tsv,\n"
		"log.txt; see docs/runs.md). Training runs in the background with progress on\n"
		"stderr (when it is a terminal); Ctrl-C cancels cleanly. A checkpoint is kept\n"
		"after every epoch, so an interrupted run continues with --resume to the same\n"
		"result. The same experiment and seed give the same metrics.json.\n"
		"Settings refused before any work (exit 2) leave no run folder; a training\n"
		"that fails once begun keeps its folder, status failed with the error in\n"
		"run.json, and a cancelled one status cancelled: every model, detectors too.\n"
		"An experiment without \"model\" is a logistic regression (logreg), which its\n"
		"run records (run.json's experiment_config), as it does every other setting.\n"
		"Under mpirun or srun the ranks share the work with the same results as one\n"
		"process; rank 0 writes the run (docs/scale.md).\n"
		"A \"detector\" experiment (ae, kmeans or lstm) trains without labels on its\n"
		"dataset's series (with a chronological split, its first part), in one process,\n"
		"and sets its error scale and alarm threshold from the held-out end of that\n"
		"series (\"holdout\", default 0.2);\n"
		"`loglab eval RUN TEST` scores a labelled test series (docs/workspace.md).\n"
		"\n"
		"  -w, --workspace DIR  the workspace folder (default .)\n"
		"  -r, --resume RUN     continue the interrupted run RUN (an id from `loglab runs`)\n"
		"  -q, --quiet          no progress output\n"
		"      --id-file FILE   write the run's id to FILE as soon as its folder exists\n"
		"                       (for programs that follow the run, e.g. the TUI's \"launch\")\n"
		"      --json           print the run id, folder and metrics as JSON\n"
		"      --rank-timeout S under MPI: end the job when a rank waits more than S\n"
		"                       seconds for the others (a rank stopped or hung); 0 never;\n"
		"                       default auto: 600, or 10 times the slowest step so far\n"
		"                       (also LOGLAB_RANK_TIMEOUT; docs/scale.md)\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit codes: 0 ok, 1 usage error, 2 data error (bad hyper-parameters too),\n"
		"3 I/O error or cancelled.\n");
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct build_progress {
	int tty;
	const char *last;
};

static int build_progress(void *ctx, const char *stage, double fraction)
{
	struct build_progress *b = ctx;
	if (b->tty)
		fprintf(stderr, "\rbuilding features: %-10s %3.0f%%   ", stage, 100 * fraction);
	b->last = stage;
	return atomic_load(&train_cancel) ? 1 : 0;
}

/* Watches the trainer from the main thread: progress on the terminal, an
 * epoch's line in log.txt, and RUN/progress.json (ds_progress.h) at most
 * twice a second and at every epoch, for whoever follows the run from its
 * folder (the TUI, after launching this through "launch"). */
static int watch(struct ll_trainer *tr, int tty, struct ds_run_log *lg, const char *dir, int epochs)
{
	int last_epoch = -1;
	double last_write = 0;
	size_t cap = epochs > 0 ? (size_t)epochs : 1;
	double *loss = malloc(cap * sizeof *loss), *dev = malloc(cap * sizeof *dev);
	double *metric = malloc(cap * sizeof *metric);
	for (;;) {
		int running = ll_trainer_running(tr);
		if (atomic_load(&train_cancel))
			ll_trainer_cancel(tr);
		struct ll_train_progress p;
		/* every epoch's curve values from the trainer: epochs can end
		 * between two polls (or before a resume), and a value kept here
		 * per epoch seen left those slots unset */
		size_t n = ll_trainer_snapshot(tr, &p, loss, dev, metric, loss && dev && metric ? cap : 0);
		if (tty)
			fprintf(stderr, "\repoch %d/%d  batch %zu/%zu  loss %.4f  dev loss %.4f  %.0f samples/s  eta %.0fs   ",
				ll_train_progress_epoch(&p), p.epochs, p.batch, p.batches, p.loss,
				p.dev_loss, p.samples_per_s, p.eta_s);
		int new_epoch = p.epochs_done > 0 && p.epochs_done - 1 != last_epoch;
		if (new_epoch) {
			/* a line for each epoch ended since the last poll (several
			 * end between two polls of a fast training); those before a
			 * resume have theirs from the run that made them */
			int from = last_epoch + 1 > p.resumed_from ? last_epoch + 1 : p.resumed_from;
			last_epoch = p.epochs_done - 1;
			for (int e = from; e <= last_epoch; e++) {
				int have = loss && dev && metric && (size_t)e < n && (size_t)e < cap;
				int last = e == last_epoch;
				ds_run_logf(lg, "epoch %d/%d: loss %.6g, dev loss %.6g, dev accuracy %.6g", e + 1, p.epochs,
					    have ? loss[e] : last ? p.epoch_loss : NAN, have ? dev[e] : last ? p.dev_loss : NAN,
					    have ? metric[e] : last ? p.dev_metric : NAN);
			}
		}
		double t = now_s();
		if (dir && loss && dev && metric && (new_epoch || t - last_write >= 0.5)) {
			struct ds_progress_curves c = {n < cap ? n : cap, loss, dev, metric};
			ds_progress_write(dir, &p, ll_par_size(), &c, NULL);
			last_write = t;
		}
		if (!running)
			break;
		ll_trainer_wait(tr, 100);
	}
	if (tty)
		fputc('\n', stderr);
	free(loss);
	free(dev);
	free(metric);
	return 0;
}

/* k-means on several ranks: how far the shares of Lloyd's passes moved
 * to follow the ranks' speeds (LOGLAB_MPI_BALANCE, ll_kmeans_shares). */
static void log_shares(struct ds_run_log *lg)
{
	size_t bound[LL_KSHARE_MAX_RANKS + 1];
	unsigned long moved = 0;
	int P = ll_kmeans_shares(&moved, bound, LL_KSHARE_MAX_RANKS);
	if (P < 2) {
		ds_run_logf(lg, "k-means shares: the equal split (LOGLAB_MPI_BALANCE not 1, or too few rows to move)");
		return;
	}
	char line[1024];
	int len = snprintf(line, sizeof line, "k-means shares: %lu blocks of 1024 rows changed rank between Lloyd passes; "
			   "the last fit ended with", moved);
	for (int r = 0; r < P && len > 0 && (size_t)len < sizeof line; r++)
		len += snprintf(line + len, sizeof line - (size_t)len, "%s %zu", r ? "," : "", bound[r + 1] - bound[r]);
	if (len > 0 && (size_t)len < sizeof line)
		snprintf(line + len, sizeof line - (size_t)len, " blocks a rank");
	ds_run_logf(lg, "%s", line);
}

/* LOGLAB_MPI_PROFILE: each rank's phases (ll_train_prof.h) in the run
 * log, a line a rank: wall and thread CPU microseconds a batch for the
 * step's phases, milliseconds in all for the epochs' (wall/CPU). */
static void log_profile(struct ds_run_log *lg, const struct ll_train_result *h)
{
	double nb = h->prof_batches ? (double)h->prof_batches : 1;
	for (int q = 0; q < h->prof_ranks; q++) {
		const double *w = h->prof + (size_t)q * 2 * LL_PROF_N, *c = w + LL_PROF_N;
		char line[1024];
		int len = snprintf(line, sizeof line, "profile: rank %d of %d, %zu batches; us a batch (wall/CPU):", q,
				   h->prof_ranks, h->prof_batches);
		double tw = 0, tc = 0;
		for (int ph = 0; ph < LL_PROF_N && len > 0 && (size_t)len < sizeof line; ph++) {
			tw += w[ph];
			tc += c[ph];
			if (ph == LL_PROF_OPT_STATE)
				len += snprintf(line + len, sizeof line - (size_t)len, "; ms in all:");
			double k = ph < LL_PROF_OPT_STATE ? 1e6 / nb : 1e3;
			len += snprintf(line + len, sizeof line - (size_t)len, " %s %.1f/%.1f", ll_prof_name(ph),
					w[ph] * k, c[ph] * k);
		}
		if (len > 0 && (size_t)len < sizeof line)
			snprintf(line + len, sizeof line - (size_t)len, "; loop %.3f/%.3f s", tw, tc);
		ds_run_logf(lg, "%s", line);
	}
}

static void print_result(const char *id, const char *dir, const cJSON *metrics, int json, int resumed_from,
			 const char *model)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "run", id);
		cJSON_AddStringToObject(o, "dir", dir);
		cJSON_AddNumberToObject(o, "resumed_from_epoch", resumed_from);
		cJSON_AddItemToObject(o, "metrics", cJSON_Duplicate(metrics, 1));
		char *s = cJSON_Print(o);
		if (s)
			puts(s);
		free(s);
		cJSON_Delete(o);
		return;
	}
	printf("run %s (%s)\n", cli_safe(id), cli_safe(model));
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(metrics, "parts");
	for (const cJSON *p = parts ? parts->child : NULL; p; p = p->next) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(p, "accuracy");
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(p, "f1_macro");
		const cJSON *rc = cJSON_GetObjectItemCaseSensitive(p, "root_cause");
		const cJSON *au = rc ? cJSON_GetObjectItemCaseSensitive(rc, "auroc") : NULL;
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "samples");
		printf("  %-5s samples %-7.0f accuracy %.4f  f1 (macro) %.4f", cli_safe(p->string), n ? n->valuedouble : 0,
		       a ? a->valuedouble : NAN, f ? f->valuedouble : NAN);
		if (cJSON_IsNumber(au))
			printf("  AUROC %.4f", au->valuedouble);
		putchar('\n');
	}
	const cJSON *km = cJSON_GetObjectItemCaseSensitive(metrics, "kmeans");
	if (km) {
		const cJSON *el = cJSON_GetObjectItemCaseSensitive(km, "elbow");
		printf("  %4s %14s %10s\n", "k", "inertia", "silhouette");
		for (const cJSON *e = el ? el->child : NULL; e; e = e->next) {
			const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "k"), *in = cJSON_GetObjectItemCaseSensitive(e, "inertia"),
				    *s = cJSON_GetObjectItemCaseSensitive(e, "silhouette");
			printf("  %4.0f %14.6g %10.4f\n", k->valuedouble, cJSON_IsNumber(in) ? in->valuedouble : NAN,
			       cJSON_IsNumber(s) ? s->valuedouble : NAN);
		}
		/* the figures `loglab runs`, the report and the TUI show */
		struct ds_kmeans_summary ks;
		char text[160];
		ds_kmeans_summary_read(km, &ks);
		ds_kmeans_summary_text(&ks, 0, text, sizeof text);
		printf("  chosen (best silhouette): %s\n", text);
		/* clusters of log lines: what each holds, its commonest template */
		const cJSON *tp = cJSON_GetObjectItemCaseSensitive(km, "templates");
		int j = 0;
		for (const cJSON *c = cJSON_IsArray(tp) ? tp->child : NULL; c; c = c->next, j++) {
			const cJSON *first = cJSON_IsArray(c) ? c->child : NULL;
			const cJSON *t = first ? cJSON_GetObjectItemCaseSensitive(first, "template") : NULL;
			const cJSON *nl = first ? cJSON_GetObjectItemCaseSensitive(first, "lines") : NULL;
			if (cJSON_IsString(t) && cJSON_IsNumber(nl))
				printf("  cluster %d: %.0f x %s\n", j, nl->valuedouble, cli_safe(t->valuestring));
		}
	}
	printf("  folder %s\n", cli_safe(dir));
}

/* LOGLAB_FAULT=RANK:EPOCH makes that rank fail when that epoch (1-based)
 * starts, as a rank whose node loses its disk or memory would: the test of
 * "an error on one rank ends the whole job" (tests/mpi/test_mpi_fail.sh). */
struct fault {
	int rank, epoch;
};

static int fault_parse(struct fault *f)
{
	const char *s = getenv("LOGLAB_FAULT");
	return s && sscanf(s, "%d:%d", &f->rank, &f->epoch) == 2 && f->rank == ll_par_rank();
}

static int fault_check(const struct ll_train_progress *p, void *ud)
{
	const struct fault *f = ud;
	/* Mid-epoch reports are throttled (progress_ms), so a short epoch may
	 * send none: the end of the epoch before the target counts as the
	 * target's start, which keeps the failing epoch exact on a busy node. */
	int starting = p->epoch_end ? p->epoch + 2 : p->epoch + 1;
	if (starting >= f->epoch) {
		struct ll_err e;
		int n = starting > f->epoch && p->epoch + 1 >= f->epoch ? p->epoch + 1 : f->epoch;
		ll_err_set(&e, LL_EIO, "injected failure (LOGLAB_FAULT) in epoch %d", n);
		ll_par_abort(LL_EIO, &e);
	}
	return 0;
}

/* Rank 0's record of the run being trained, for the abort hook: a job
 * ended by another rank's error leaves the run marked failed. */
static void *abort_rec;
static const char *abort_dir;

static void mark_failed(const struct ll_err *err, void *ctx)
{
	struct ds_run_log *lg = ctx;
	if (!abort_rec || !abort_dir)
		return;
	ds_run_set_str(abort_rec, "status", "failed");
	ds_run_set_str(abort_rec, "error", err && err->msg[0] ? err->msg : "aborted");
	ds_run_save_record(abort_dir, abort_rec, NULL);
	ds_run_logf(lg, "failed: %s", err ? err->msg : "aborted");
}

/* A solve or a cross-fitting cancelled: the record says so (rank 0, which
 * has dir, writes it) and the log says what was stopped. */
static int mark_cancelled(void *rec, const char *dir, struct ds_run_log *lg, const char *what, struct ll_err *err)
{
	ds_run_set_str(rec, "status", "cancelled");
	if (dir)
		ds_run_save_record(dir, rec, NULL);
	ds_run_logf(lg, "%s", what);
	return ll_err_set(err, LL_ECANCEL, "cancelled");
}

/* Cross-fitting's progress: the run's log, and the terminal's line. */
struct crossfit_watch {
	struct ds_run_log *lg;
	int tty;
};

static void crossfit_progress(size_t done, size_t folds, void *ud)
{
	struct crossfit_watch *w = ud;
	ds_run_logf(w->lg, "review scores: fold %zu of %zu", done, folds);
	if (w->tty)
		fprintf(stderr, "\rreview scores: fold %zu of %zu", done, folds);
}

/* The times of a run's record: started t0, features built t1, training
 * ended t2, finished t3 (Unix seconds); a resumed run adds the training
 * time of the run it continues (prior seconds, ds_resume's prior_train_s).
 * review_s, the cross-fitting's share of t1..t2, is kept out of train_s. */
static void record_times(void *rec, double prior, double t0, double t1, double t2, double t3, double review_s)
{
	ds_run_set_num(rec, "finished", t3);
	ds_run_set_num(rec, "build_s", t1 - t0);
	ds_run_set_num(rec, "train_s", prior + (t2 - t1 - review_s));
	ds_run_set_num(rec, "duration_s", prior + (t3 - t0));
}

int cli_train(int argc, char **argv)
{
	static const struct option opts[] = {{"workspace", required_argument, NULL, 'w'},
					     {"resume", required_argument, NULL, 'r'},
					     {"json", no_argument, NULL, 'j'},
					     {"quiet", no_argument, NULL, 'q'},
					     {"id-file", required_argument, NULL, 'I'},
					     {"rank-timeout", required_argument, NULL, 'R'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *wsdir = ".", *resume = NULL, *id_file = NULL;
	int json = 0, quiet = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:r:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'w': wsdir = optarg; break;
		case 'r': resume = optarg; break;
		case 'j': json = 1; break;
		case 'q': quiet = 1; break;
		case 'I': id_file = optarg; break;
		case 'R':
			if (cli_par_timeout(optarg, "--rank-timeout"))
				return 1;
			break;
		case 'h': train_usage(stdout); return 0;
		default: train_usage(stderr); return 1;
		}
	}
	if (resume ? argc - optind > 1 : argc - optind != 1) {
		fprintf(stderr, "%s train: name one experiment (or --resume RUN); see --help\n", cli_progname);
		return 1;
	}
	struct ll_err err;
	ll_err_clear(&err);
	const int P = ll_par_size(), lead = ll_par_rank() == 0;
	/* shared: every rank holds this rc (agreed, or from the collective
	 * trainer); solo: past the last collective, rank 0 finishes alone */
	int shared = 0, solo = 0;
	struct ds_workspace *ws = NULL;
	struct ds_fsdata fs;
	memset(&fs, 0, sizeof fs);
	struct ll_exp *e = NULL;
	struct ll_trainer *tr = NULL;
	struct ll_train_result hist;
	memset(&hist, 0, sizeof hist);
	struct ll_exp_pred pred;
	memset(&pred, 0, sizeof pred);
	struct ll_crossfit_result cf;
	memset(&cf, 0, sizeof cf);
	double review_s = 0;
	cJSON *rec = NULL, *metrics = NULL;
	struct ds_resume rs;
	memset(&rs, 0, sizeof rs);
	int lock_fd = -1;
	unsigned char *ordinary = NULL;
	char *dir = NULL, *ckpt = NULL;
	struct ds_run_log lg = {NULL};
	char id[DS_RUN_ID_MAX] = "";
	int tty = !quiet && isatty(STDERR_FILENO);
	struct ll_exp_cfg cfg;
	struct ll_recipe recipe;
	struct fault fault;
	const char *expname = "", *fsname = "", *fsdataset = "";
	const struct ds_ws_dataset *d = NULL;
	/* a bad hyper-parameter in loglab.json is a data error (exit 2) like any
	 * other invalid value of the file (docs/workspace.md, "Validation") */
	int rc = ds_workspace_load(wsdir, &ws, &err);
	if ((rc = ll_par_agree(rc, &err)) != LL_OK) {
		ds_workspace_free(ws);
		return lead ? cli_fail(rc, &err) : ll_exit_code(rc);
	}
	if (resume) {
		rc = ds_resume_open(ws->dir, resume, &rs, &err);
		if (rc == LL_OK && lead)
			rc = ds_run_lock(rs.dir, rs.id, &lock_fd, &err);
		if (rc != LL_OK)
			goto setup;
		if (!(dir = strdup(rs.dir))) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto setup;
		}
		cfg = rs.cfg;
		recipe = rs.recipe;
		expname = rs.experiment;
		fsname = rs.featureset;
		snprintf(id, sizeof id, "%s", rs.id);
		fsdataset = rs.recipe_dataset;
		d = ds_workspace_dataset(ws, fsdataset);
	} else {
		expname = argv[optind];
		const struct ds_ws_experiment *x = ds_workspace_experiment(ws, expname);
		if (!x) {
			const char **names = malloc((ws->nexperiments + 1) * sizeof *names);
			for (size_t i = 0; names && i < ws->nexperiments; i++)
				names[i] = ws->experiments[i].name;
			const char *dym = names ? ds_did_you_mean(expname, names, ws->nexperiments) : NULL;
			rc = ll_err_set(&err, LL_EUSAGE, "%s has no experiment \"%s\"%s%s%s", ws->file, expname,
					dym ? " (did you mean \"" : "", dym ? dym : "", dym ? "\"?)" : "");
			free(names);
			goto setup;
		}
		if (x->model == DS_MODEL_DETECTOR) {
			/* trained without labels, in one process (cli_detect.c) */
			if (P > 1) {
				rc = ll_err_set(&err, LL_EUSAGE, "experiment %s: a detector trains in one process, not on %d MPI ranks",
						expname, P);
				goto setup;
			}
			int code = cli_detect_train(ws, x, json, quiet, id_file);
			ds_workspace_free(ws);
			return code;
		}
		ds_exp_cfg_from_ws(x, &cfg);
		fsname = x->featureset;
		const struct ds_ws_featureset *f = ds_workspace_featureset(ws, fsname);
		recipe = f->recipe;
		fsdataset = f->dataset;
		d = ds_workspace_dataset(ws, fsdataset);
	}
	if ((rc = ll_exp_check(&cfg, NULL, &err)) != LL_OK) {
		char msg[LL_ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "%s", err.msg);
		rc = ll_err_set(&err, LL_EDATA, "experiments.%s.%s", expname, msg);
		goto setup;
	}
	if (!d && !resume) {
		rc = ll_err_set(&err, LL_EDATA, "feature set %s names no dataset of the workspace", fsname);
		goto setup;
	}
setup:
	if ((rc = ll_par_agree(rc, &err)) != LL_OK) {
		shared = 1;
		goto out;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	const char *dpath = d ? d->path : NULL;
	if (resume && rs.path)
		dpath = rs.path;
	if (!dpath) {
		rc = ll_err_set(&err, LL_EDATA, "run %s records no dataset path", id);
		goto out;
	}
	/* a resumed run reads its data exactly as it did at first */
	const char *dformat = d ? d->format : NULL, *dlabels = d ? d->labels : NULL;
	if (resume) {
		dformat = rs.format;
		dlabels = rs.labels;
	}
	struct build_progress bp = {tty, NULL};
	double t0 = now_s();
	ll_par_phase("reading the data and building the feature set", 0, 0);
	rc = ll_par_agree(ds_fs_load(dpath, dformat, dlabels, &recipe, NULL, &fs, build_progress, &bp, &err), &err);
	shared = 1;
	if (tty)
		fputc('\n', stderr);
	if (rc) {
		if (rc == LL_EUSAGE || rc == LL_ECANCEL) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err.msg);
			ll_err_set(&err, rc, "featuresets.%s.%s", fsname, msg);
		}
		goto out;
	}
	if ((rc = cli_par_same_data(&fs, dpath, &err)) != LL_OK)
		goto out;
	if (resume && (rc = ds_resume_same_data(&rs, fs.fingerprint, &err)) != LL_OK)
		goto out;
	shared = 0;
	if ((rc = ll_par_agree(ll_exp_new(&cfg, &fs.fm, &e, &err), &err)) != LL_OK) {
		char msg[LL_ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "%s", err.msg);
		/* hyper-parameters that do not fit the data (k above the rows, an
		 * LSTM on flat samples, a model past LOGLAB_MEMORY_MAX) are errors of
		 * loglab.json's experiment: exit 2 like the file's other values */
		if (rc == LL_EUSAGE)
			rc = LL_EDATA;
		/* the feature set's warnings often say why (no class is ordinary) */
		for (size_t i = 0; lead && !quiet && i < fs.man.nwarnings; i++)
			fprintf(stderr, "%s: warning: %s\n", cli_progname, cli_safe(fs.man.warnings[i]));
		rc = ll_err_set(&err, rc, "experiments.%s.%s", expname, msg);
		shared = 1;
		goto out;
	}
	ll_par_phase("making the run folder (rank 0)", 0, 0);
	/* rank 0 makes the run folder (its mkdir is the lock) and names it */
	if (!resume && lead) {
		cli_sweep_unrecorded_runs(ws->dir, quiet || json);
		rc = ds_run_create(ws->dir, expname, time(NULL), id, &dir, &err);
		if (rc == LL_OK)
			rc = ds_run_lock(dir, id, &lock_fd, &err);
	}
	if ((rc = ll_par_agree(rc, &err)) != LL_OK) {
		shared = 1;
		goto out;
	}
	if (!resume && P > 1) {
		if ((rc = ll_par_bcast(id, sizeof id, 0, &err)) != LL_OK)
			goto out;
		id[sizeof id - 1] = '\0';
		if (!lead && !(dir = ds_run_dir(ws->dir, id))) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (lead) {
		ds_run_log_open(&lg, dir);
		ll_par_on_abort(mark_failed, &lg);
		/* whoever launched this learns the run's id as soon as it exists */
		if (id_file && (rc = ll_out_write(id_file, id, strlen(id), &err)) != LL_OK)
			goto out;
	}
	double created = resume && rs.created > 0 ? rs.created : t0;
	struct ds_run_rec ra = {id, expname, fsname, "cli", d ? d->name : fsdataset, dformat, dlabels, fsdataset,
				&recipe, &cfg, &fs, created};
	rec = ds_run_record(&ra);
	if (!rec) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	abort_rec = rec;
	abort_dir = dir;
	if (lead && ((rc = ds_run_save_record(dir, rec, &err)) != LL_OK || (rc = ds_run_save_fit(dir, &fs, &err)) != LL_OK))
		goto out;
	ds_run_logf(&lg, "%s %s: feature set %s: %zu samples x %zu x %zu (train %zu, dev %zu, test %zu), fingerprint %s",
	       resume ? "resume" : "train", expname, fsname, fs.fm.n, fs.fm.steps, fs.fm.d,
	       ll_featmat_count(&fs.fm, LL_SPLIT_TRAIN), ll_featmat_count(&fs.fm, LL_SPLIT_DEV),
	       ll_featmat_count(&fs.fm, LL_SPLIT_TEST), fs.fingerprint);
	if (P > 1 && cfg.model == LL_EXP_KMEANS)
		ds_run_logf(&lg, "k-means on %d MPI ranks: each assigns its share of the training rows", P);
	else if (P > 1)
		ds_run_logf(&lg, "on %d MPI ranks: each trains its share of the %d-row slices of every batch of %zu", P,
			    LL_TRAIN_SLICE_ROWS, cfg.batch);
	for (size_t i = 0; i < fs.man.nwarnings; i++) {
		ds_run_logf(&lg, "warning: %s", fs.man.warnings[i]);
		if (!quiet)
			fprintf(stderr, "%s: warning: %s\n", cli_progname, cli_safe(fs.man.warnings[i]));
	}
	if (!quiet && !json)
		fprintf(stderr, "%s: run %s: %s on %s (%zu samples)\n", cli_progname, cli_safe(id),
			ll_exp_model_name(cfg.model), cli_safe(fsname), fs.fm.n);
	/* The ranks finish building features at different times (rank 0 also
	 * writes the record); the training clock starts when all have, so the
	 * slower build is not counted as training on the faster rank. */
	ll_par_phase("starting the training (rank 0 writes the run's record)", 0, 0);
	if (P > 1)
		ll_par_barrier();
	double t1 = now_s(), c1 = cpu_s();
	const struct ll_task *task = ll_exp_task(e);
	if (task) {
		if (!(ckpt = ds_run_checkpoint_path(dir))) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto out;
		}
		struct ll_train_cfg tc;
		ll_exp_train_cfg(e, &tc);
		tc.checkpoint = ckpt;
		tc.resume = resume != NULL;
		tc.fingerprint = fs.fingerprint;
		tc.cancel = &train_cancel;
		tc.progress_ms = 100;
		if (fault_parse(&fault))
			tc.on_progress = fault_check, tc.ud = &fault;
		if ((rc = ll_trainer_start(task, &tc, &tr, &err)) != LL_OK)
			goto out;
		watch(tr, tty, &lg, lead ? dir : NULL, tc.epochs);
		rc = ll_trainer_join(tr, &hist, &err);
		shared = 1;
		if (rc == LL_ECANCEL) {
			/* A cancelled run says how long it ran, as a finished one does. */
			double tc_end = now_s();
			ds_run_set_str(rec, "status", "cancelled");
			record_times(rec, rs.prior_train_s, t0, t1, tc_end, tc_end, 0);
			ds_run_set_num(rec, "epochs_done", hist.epochs_done);
			if (lead)
				ds_run_save_record(dir, rec, NULL);
			ds_run_logf(&lg, "cancelled after %d epochs", hist.epochs_done);
			rc = ll_err_set(&err, LL_ECANCEL, "cancelled; continue with: loglab train --resume %s", id);
			goto out;
		}
		if (rc)
			goto out;
		if (hist.resumed_from)
			ds_run_logf(&lg, "resumed from the checkpoint of epoch %d", hist.resumed_from);
	} else {
		if (cfg.model == LL_EXP_KMEANS)
			ds_run_logf(&lg, "clustering k = %zu..%zu", cfg.k_min, cfg.k_max);
		else
			ds_run_logf(&lg, "solving with L-BFGS (C %g, tol %g, max_iter %d)", cfg.C, cfg.tol, cfg.max_iter);
		ll_par_phase(cfg.model == LL_EXP_KMEANS ? "k-means" : "L-BFGS", 0, 0);
		rc = ll_par_agree(ll_exp_solve(e, &fs.fm, &train_cancel, &err), &err);
		shared = 1;
		if (rc) {
			if (rc == LL_ECANCEL)
				rc = mark_cancelled(rec, lead ? dir : NULL, &lg, "cancelled", &err);
			goto out;
		}
	}
	if (cfg.review_folds && cfg.model != LL_EXP_KMEANS) {
		/* every rank, as each fold trains as the run did */
		double ts = now_s();
		ds_run_logf(&lg, "review scores: cross-fitting %zu folds of the labelled training samples",
			    cfg.review_folds);
		struct crossfit_watch cw = {&lg, tty};
		ll_par_phase("cross-fitting the review scores", 0, 0);
		rc = ll_par_agree(ll_crossfit(&cfg, &fs.fm, cfg.review_folds, &train_cancel, crossfit_progress, &cw, &cf,
					      &err),
				  &err);
		if (tty)
			fputs("\r\033[K", stderr);
		if (rc) {
			if (rc == LL_ECANCEL)
				rc = mark_cancelled(rec, lead ? dir : NULL, &lg, "cancelled while cross-fitting the review scores",
						    &err);
			goto out;
		}
		review_s = now_s() - ts;
		ds_run_record_review(rec, cfg.review_folds, &cf, review_s);
		ds_run_logf(&lg, "review scores: %zu training samples scored out of fold in %.2f s", cf.samples,
			    review_s);
		if (cf.folds_skipped && !quiet)
			fprintf(stderr,
				"%s: warning: %zu of %zu review folds kept the run's own scores: their other folds hold "
				"one class only\n",
				cli_progname, cf.folds_skipped, cfg.review_folds);
	}
	if (P > 1)
		ds_run_logf(&lg, "MPI: rank 0 sent %llu bytes in %llu sums over %d ranks (%.0f bytes a sum)",
			    (unsigned long long)ll_par_bytes_sent(), (unsigned long long)ll_par_sums(), P,
			    ll_par_sums() ? (double)ll_par_bytes_sent() / (double)ll_par_sums() : 0.0);
	if (P > 1 && cfg.model == LL_EXP_KMEANS)
		log_shares(&lg);
	if (task && hist.prof)
		log_profile(&lg, &hist);
	/* the model is the same on every rank: rank 0 writes the results */
	solo = 1;
	if (!lead)
		goto out;
	/* the others wait for this work at the end: a heartbeat tells them
	 * it is alive, however long it takes */
	ll_par_solo();
	double t2 = now_s(), c2 = cpu_s();
	if ((rc = ll_exp_predict(e, &fs.fm, &pred, &err)) != LL_OK)
		goto out;
	if (!(ordinary = ds_ordinary_flags(&recipe, (const char *const *)fs.fm.classes, fs.fm.nclasses))) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	struct ds_results res = {&cfg, e, &fs, &pred, ordinary, task ? &hist : NULL, cf.proba ? &cf : NULL};
	void *mj = NULL;
	if ((rc = ds_results_write(dir, &res, &mj, &err)) != LL_OK)
		goto out;
	metrics = mj;
	char mp[4096];
	snprintf(mp, sizeof mp, "%s/model.llm", dir);
	if ((rc = ll_exp_save(e, mp, fs.fingerprint, &err)) != LL_OK)
		goto out;
	double t3 = now_s();
	ds_run_set_str(rec, "status", "done");
	record_times(rec, rs.prior_train_s, t0, t1, t2, t3, review_s);
	/* this process's CPU seconds in training (rank 0's on MPI): on a busy
	 * machine it shows how the work divides when the wall clock cannot */
	ds_run_set_num(rec, "train_cpu_s", c2 - c1);
	ds_run_record_fit(rec, e, task ? &hist : NULL);
	const cJSON *mw = cJSON_GetObjectItemCaseSensitive(metrics, "warnings");
	for (const cJSON *w = mw ? mw->child : NULL; w; w = w->next) {
		if (!cJSON_IsString(w))
			continue;
		ds_run_logf(&lg, "warning: %s", w->valuestring);
		if (!quiet)
			fprintf(stderr, "%s: warning: %s\n", cli_progname, cli_safe(w->valuestring));
	}
	if ((rc = ds_run_save_record(dir, rec, &err)) != LL_OK)
		goto out;
	if (ckpt)
		unlink(ckpt);
	ds_run_logf(&lg, "done in %.2f s; metrics.json written", t3 - t0);
	print_result(id, dir, metrics, json, task ? hist.resumed_from : 0, ll_exp_model_name(cfg.model));
out:
	ll_par_on_abort(NULL, NULL);
	/* an error of this rank alone, while the others may wait in a
	 * collective: end the job with its message */
	if (rc && P > 1 && !shared && !solo)
		ll_par_abort(rc, &err);
	if (rc && rc != LL_ECANCEL && rec && dir && lead) {
		ds_run_set_str(rec, "status", "failed");
		ds_run_set_str(rec, "error", err.msg);
		ds_run_save_record(dir, rec, NULL);
		ds_run_logf(&lg, "failed: %s", err.msg);
	}
	ds_run_log_close(&lg);
	ll_trainer_free(tr);
	ll_train_result_free(&hist);
	ll_exp_pred_free(&pred);
	ll_crossfit_result_free(&cf);
	ll_exp_free(e);
	ds_fsdata_free(&fs);
	cJSON_Delete(rec);
	cJSON_Delete(metrics);
	ds_resume_free(&rs);
	ds_run_unlock(lock_fd);
	/* a run that could not even record itself (a full disk) leaves no folder */
	if (rc && !resume && lead && dir)
		ds_run_discard_unrecorded(dir);
	free(ordinary);
	free(dir);
	free(ckpt);
	ds_workspace_free(ws);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (rc)
		return lead ? cli_fail(rc, &err) : ll_exit_code(rc);
	return 0;
}
