/*
 * view_job.c - the TUI's training queue: one worker thread runs queued
 * experiments one after another into run folders (see view_job.h).
 *
 * Threading: the job array and every status live under one mutex; the
 * worker copies a job's names out under the lock, works without it, and
 * publishes progress by copying into the job's status (a few KB) at most
 * every 100 ms and at each epoch's end. A condition variable wakes the
 * worker when a job is queued and the UI when progress arrives.
 *
 * A workspace with a "launch" command (e.g. "mpirun -np 4") trains out of
 * process instead: the worker runs `LAUNCH loglab train EXP --id-file F`
 * through /bin/sh in a process group of its own, learns the run's id from
 * F, and follows the training from the run folder (progress.json, then
 * run.json and metrics.json), so the view is the same either way.
 */
#include "view_job.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ds_progress.h"
#include "ds_run_summary.h"
#include "ds_run_resume.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_crossfit.h"
#include "ll_experiment.h"

struct job {
	char ws_dir[4096];
	char exp[128];
	char resume[DS_RUN_ID_MAX]; /* the run it continues, "" for a new run */
	atomic_int cancel;
	struct view_job_status st;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct job **jobs;
static size_t njobs, capjobs, next_job;
static pthread_t worker;
static int worker_started, stopping;

const char *view_job_state_name(enum view_job_state s)
{
	static const char *const names[] = {"queued", "loading", "training", "saving", "done", "failed", "cancelled"};
	return (unsigned)s < sizeof names / sizeof *names ? names[s] : "?";
}

/* Wall-clock seconds for run.json's times. */
static double wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the worker's side ---- */

struct ctx {
	struct job *job;
	double t0, last_pub;
	struct ds_run_log runlog; /* the run's log.txt, once the run folder exists */
	int epochs_done, epochs;  /* for the message of a cancelled run */
	int stage;                /* what a cancel stopped: 0 epochs or clustering, 1 a solve, 2 cross-fitting */
	char cancel_msg[256];     /* what a cancel left behind */
	int resumable;            /* the cancelled run can continue from its checkpoint */
	int epoch_pause_ms;       /* LOGLAB_TEST_EPOCH_MS: a pause after each epoch */
};

static void set_state(struct ctx *c, enum view_job_state s, const char *msg)
{
	pthread_mutex_lock(&mu);
	c->job->st.state = s;
	c->job->st.elapsed_s = now_s() - c->t0;
	if (msg)
		snprintf(c->job->st.message, sizeof c->job->st.message, "%s", msg);
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static int on_build(void *ud, const char *stage, double fraction)
{
	struct ctx *c = ud;
	double t = now_s();
	if (t - c->last_pub >= 0.1 || fraction >= 1) {
		pthread_mutex_lock(&mu);
		snprintf(c->job->st.stage, sizeof c->job->st.stage, "%s", stage ? stage : "");
		c->job->st.stage_fraction = fraction;
		c->job->st.elapsed_s = t - c->t0;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&mu);
		c->last_pub = t;
	}
	return atomic_load(&c->job->cancel) != 0;
}

static void on_crossfit(size_t done, size_t folds, void *ud)
{
	struct ctx *c = ud;
	char msg[96];
	snprintf(msg, sizeof msg, "cross-fitting the review scores: fold %zu of %zu done", done, folds);
	ds_run_logf(&c->runlog, "review scores: fold %zu of %zu", done, folds);
	set_state(c, VIEW_JOB_TRAINING, msg);
}

static int on_train(const struct ll_train_progress *p, void *ud)
{
	struct ctx *c = ud;
	double t = now_s();
	if (p->epoch_end)
		c->epochs_done = p->epochs_done;
	if (p->epoch_end)
		ds_run_logf(&c->runlog, "epoch %d/%d: loss %.6g, dev loss %.6g, dev accuracy %.6g", p->epochs_done, p->epochs,
			    p->epoch_loss, p->dev_loss, p->dev_metric);
	if (p->epoch_end || t - c->last_pub >= 0.1) {
		pthread_mutex_lock(&mu);
		struct view_job_status *st = &c->job->st;
		st->p = *p;
		st->p.curve_loss = st->p.curve_dev_loss = st->p.curve_dev_metric = NULL;
		st->has_progress = 1;
		size_t n = (size_t)(p->epochs_done > 0 ? p->epochs_done : 0);
		if (n > VIEW_JOB_CURVE_MAX)
			n = VIEW_JOB_CURVE_MAX;
		for (size_t i = 0; i < n; i++) {
			st->loss[i] = p->curve_loss ? p->curve_loss[i] : NAN;
			st->dev_loss[i] = p->curve_dev_loss ? p->curve_dev_loss[i] : NAN;
		}
		/* The dev metric has no curve in the report: keep each epoch's. */
		if (p->epoch_end && n > 0)
			st->dev_metric[n - 1] = p->dev_metric;
		st->ncurve = n;
		st->elapsed_s = t - c->t0;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&mu);
		c->last_pub = t;
	}
	/* tests: a training slow enough to be cancelled between two epochs,
	 * whatever the machine's speed; a cancel ends the pause at once */
	for (int waited = 0; p->epoch_end && waited < c->epoch_pause_ms && !atomic_load(&c->job->cancel); waited += 10) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return atomic_load(&c->job->cancel) != 0;
}

/* "test f1_macro 0.9123" from a metrics document (four decimals, as
 * `loglab runs`). */
static void summarise(const cJSON *m, char *buf, size_t cap)
{
	/* a series detector: its threshold and the training series' alarms */
	const cJSON *det = cJSON_GetObjectItemCaseSensitive(m, "detector");
	const cJSON *tr = cJSON_GetObjectItemCaseSensitive(m, "train");
	if (cJSON_IsString(det) && tr) {
		const cJSON *th = cJSON_GetObjectItemCaseSensitive(tr, "threshold");
		const cJSON *ar = cJSON_GetObjectItemCaseSensitive(tr, "alarm_rate");
		snprintf(buf, cap, "detector %s, threshold %.3f, train alarms %.3f%%", det->valuestring,
			 cJSON_IsNumber(th) ? th->valuedouble : NAN, cJSON_IsNumber(ar) ? 100 * ar->valuedouble : NAN);
		return;
	}
	const cJSON *km = cJSON_GetObjectItemCaseSensitive(m, "kmeans");
	if (km) {
		/* the figures `loglab runs` shows */
		struct ds_kmeans_summary ks;
		ds_kmeans_summary_read(km, &ks);
		ds_kmeans_summary_text(&ks, 0, buf, cap);
		return;
	}
	const cJSON *cp = cJSON_GetObjectItemCaseSensitive(m, "curves_part");
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(m, "parts");
	const char *pn = cJSON_IsString(cp) ? cp->valuestring : "test";
	const cJSON *part = cJSON_GetObjectItemCaseSensitive(parts, pn);
	const cJSON *f1 = cJSON_GetObjectItemCaseSensitive(part, "f1_macro");
	if (cJSON_IsNumber(f1))
		snprintf(buf, cap, "%s f1_macro %.4f", pn, f1->valuedouble);
	else
		snprintf(buf, cap, "%s: no labelled samples", pn);
}


/* ---- trainings started through the workspace's "launch" command ---- */

/* Appends s to buf in single quotes for /bin/sh; 0 when it does not fit. */
static int shell_quote(char *buf, size_t cap, const char *s)
{
	size_t n = strlen(buf);
	if (n + 2 >= cap)
		return 0;
	buf[n++] = '\'';
	for (; *s; s++) {
		const char *piece = *s == '\'' ? "'\\''" : NULL;
		size_t len = piece ? 4 : 1;
		if (n + len + 2 >= cap)
			return 0;
		if (piece)
			memcpy(buf + n, piece, len);
		else
			buf[n] = *s;
		n += len;
	}
	buf[n++] = '\'';
	buf[n] = '\0';
	return 1;
}

/* Seconds a launched command's other processes may outlive its shell
 * (run_launched). */
#define LAUNCH_LINGER_S 60

/* The last non-empty line of a file (a launcher's stderr), or "". */
static void last_line(const char *path, char *out, size_t cap)
{
	out[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[1024];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		/* Open MPI frames its notes in dashed lines: keep the words */
		if (line[strspn(line, " -")] != '\0')
			snprintf(out, cap, "%.*s", (int)(cap - 1), line);
	}
	fclose(f);
}

/* The first line of loglab's own error ("loglab: ..."), else the last line. */
static void launch_error(const char *path, char *out, size_t cap)
{
	out[0] = '\0';
	FILE *f = fopen(path, "r");
	char line[1024];
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "loglab: ", 8) == 0 && !strstr(line, "warning:")) {
			snprintf(out, cap, "%.*s", (int)(cap - 1), line + 8);
			break;
		}
	}
	if (f)
		fclose(f);
	if (!out[0])
		last_line(path, out, cap);
}

/* What a cancel left behind, for the job's message: where it stopped, the
 * run kept, and how to continue it when it can be (ds_run_resumable). */
static void cancel_message(struct ctx *c, const char *id, const char *dir, const void *rec)
{
	char where[96];
	if (c->stage == 2)
		snprintf(where, sizeof where, "while cross-fitting the review scores");
	else if (c->stage == 1)
		snprintf(where, sizeof where, "while solving");
	else if (c->epochs)
		snprintf(where, sizeof where, "after %d of %d epochs", c->epochs_done, c->epochs);
	else
		snprintf(where, sizeof where, "while clustering");
	int resumable = ds_run_resumable(dir, rec, NULL) == LL_OK;
	snprintf(c->cancel_msg, sizeof c->cancel_msg, "%s; run %s kept as cancelled%s", where, id,
		 resumable ? "; R in the runs view resumes it" : "");
	c->resumable = resumable;
}

static void publish_progress(struct ctx *c, const char *run_dir)
{
	struct ll_train_progress p;
	static double loss[VIEW_JOB_CURVE_MAX], dev[VIEW_JOB_CURVE_MAX], metric[VIEW_JOB_CURVE_MAX];
	size_t n = 0;
	if (ds_progress_read(run_dir, &p, loss, dev, metric, VIEW_JOB_CURVE_MAX, &n, NULL) != LL_OK)
		return;
	pthread_mutex_lock(&mu);
	struct view_job_status *st = &c->job->st;
	st->state = VIEW_JOB_TRAINING;
	st->p = p;
	st->has_progress = 1;
	memcpy(st->loss, loss, n * sizeof *loss);
	memcpy(st->dev_loss, dev, n * sizeof *dev);
	memcpy(st->dev_metric, metric, n * sizeof *metric);
	st->ncurve = n;
	st->elapsed_s = now_s() - c->t0;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	/* for the message of a cancel */
	c->epochs_done = p.epochs_done;
	c->epochs = p.epochs;
}

/* exp is the experiment to train, or with resume set the run to continue. */
static int run_launched(struct job *job, struct ctx *c, const char *ws_dir, const char *exp, int resume,
			const char *launch, struct ll_err *err)
{
	char self[PATH_MAX], tmpd[] = "/tmp/loglab-launch-XXXXXX", idf[PATH_MAX + 64], errf[PATH_MAX + 64];
	ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
	if (sl <= 0)
		return ll_err_errno(err, LL_EIO, errno, "launch: cannot find the loglab program to run");
	self[sl] = '\0';
	if (!mkdtemp(tmpd))
		return ll_err_errno(err, LL_EIO, errno, "launch: cannot make a temporary folder");
	snprintf(idf, sizeof idf, "%s/id", tmpd);
	snprintf(errf, sizeof errf, "%s/stderr", tmpd);
	char cmd[16384];
	snprintf(cmd, sizeof cmd, "%s ", launch);
	int ok = shell_quote(cmd, sizeof cmd, self);
	strncat(cmd, resume ? " train --resume " : " train ", sizeof cmd - strlen(cmd) - 1);
	ok = ok && shell_quote(cmd, sizeof cmd, exp);
	strncat(cmd, " --quiet --workspace ", sizeof cmd - strlen(cmd) - 1);
	ok = ok && shell_quote(cmd, sizeof cmd, ws_dir);
	strncat(cmd, " --id-file ", sizeof cmd - strlen(cmd) - 1);
	ok = ok && shell_quote(cmd, sizeof cmd, idf);
	if (!ok) {
		rmdir(tmpd);
		return ll_err_set(err, LL_EUSAGE, "launch: the command is too long");
	}
	set_state(c, VIEW_JOB_LOADING, NULL);
	pthread_mutex_lock(&mu);
	snprintf(job->st.stage, sizeof job->st.stage, "launch");
	pthread_mutex_unlock(&mu);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		rmdir(tmpd);
		return ll_err_errno(err, LL_EIO, e, "launch: cannot start \"%s\"", launch);
	}
	if (pid == 0) {
		/* its own process group, so that cancelling reaches every rank */
		setpgid(0, 0);
		int in = open("/dev/null", O_RDONLY), out = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (in >= 0)
			dup2(in, STDIN_FILENO);
		if (out >= 0) {
			dup2(out, STDOUT_FILENO);
			dup2(out, STDERR_FILENO);
		}
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	char id[DS_RUN_ID_MAX] = "", *run_dir = NULL;
	int status = 0, signalled = 0, leader_done = 0;
	double sent_at = 0, leader_at = 0;
	for (;;) {
		if (!leader_done) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			if (w == pid || (w < 0 && errno != EINTR)) {
				leader_done = 1;
				leader_at = now_s();
			}
		}
		/* The command's shell can end before what it started: a cancel's
		 * SIGTERM ends `sh -c "mpirun ..."` at once while mpirun waits for
		 * its ranks (each in a process group of its own) to stop after
		 * their batch and write the run. The job ends with the last
		 * process of the command's group, so its progress, message and
		 * run are the run's last; bounded, so a daemon the command left
		 * behind does not hold the job. */
		int ended = leader_done && (kill(-pid, 0) != 0 || now_s() - leader_at > LAUNCH_LINGER_S);
		/* a quick training may end before the first look at its id file:
		 * it is read once more after the end, so the run is still named */
		if (!id[0]) {
			char *text = NULL;
			size_t len = 0;
			if (ds_read_text(idf, &text, &len, NULL) == LL_OK && len > 0 && len < sizeof id) {
				snprintf(id, sizeof id, "%.*s", (int)strcspn(text, "\r\n"), text);
				run_dir = ds_run_dir(ws_dir, id);
				pthread_mutex_lock(&mu);
				snprintf(job->st.run_id, sizeof job->st.run_id, "%s", id);
				pthread_mutex_unlock(&mu);
			}
			free(text);
		}
		/* once more after the end: the run's last progress.json (its last
		 * epoch) may have come after the previous look */
		if (run_dir)
			publish_progress(c, run_dir);
		if (ended)
			break;
		double t = now_s();
		if (atomic_load(&job->cancel)) {
			/* SIGTERM is a clean cancel for loglab train (and mpirun passes
			 * it to the ranks); a launcher that ignores it gets SIGKILL */
			if (!signalled) {
				kill(-pid, SIGTERM);
				signalled = 1;
				sent_at = t;
			} else if (signalled == 1 && t - sent_at > 10) {
				kill(-pid, SIGKILL);
				signalled = 2;
			}
		}
		struct timespec ts = {0, 200 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	int rc = LL_OK;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	const char *status_now = NULL;
	void *rec = NULL;
	if (code == 0 && run_dir) {
		char rp[PATH_MAX + 64];
		snprintf(rp, sizeof rp, "%s/run.json", run_dir);
		if (ds_read_json(rp, &rec, NULL) == LL_OK) {
			const cJSON *st = cJSON_GetObjectItemCaseSensitive((cJSON *)rec, "status");
			status_now = cJSON_IsString(st) ? st->valuestring : NULL;
		}
	}
	if (code == 0 && !signalled && (!run_dir || !status_now || strcmp(status_now, "done") != 0)) {
		/* a command that exits 0 without running the loglab command
		 * put after it (`true`, or one whose `#` hides it), or whose
		 * training did not end: a failure, not "done" of no run */
		char msg[600];
		last_line(errf, msg, sizeof msg);
		if (!run_dir)
			rc = ll_err_set(err, LL_EIO,
					"launch \"%s\" exited with 0 but started no training (no run id came back: the "
					"command must run the loglab command put after it)%s%s",
					launch, msg[0] ? ": " : "", msg);
		else
			rc = ll_err_set(err, LL_EIO, "launch \"%s\" exited with 0 but run %s is %s, not done%s%s", launch,
					id, status_now ? status_now : "without a readable run.json",
					msg[0] ? ": " : "", msg);
	} else if (code == 0) {
		char mp[PATH_MAX + 64];
		void *m = NULL;
		snprintf(mp, sizeof mp, "%s/metrics.json", run_dir ? run_dir : ".");
		char sum[256] = "done";
		if (run_dir && ds_read_json(mp, &m, NULL) == LL_OK)
			summarise(m, sum, sizeof sum);
		cJSON_Delete(m);
		ll_err_set(err, LL_OK, "%s: %s (launched)", id, sum);
	} else if (signalled) {
		rc = ll_err_set(err, LL_ECANCEL, "cancelled");
		void *rj = NULL;
		char rp[PATH_MAX + 64];
		snprintf(rp, sizeof rp, "%s/run.json", run_dir ? run_dir : ".");
		if (run_dir && ds_read_json(rp, &rj, NULL) == LL_OK)
			cancel_message(c, id, run_dir, rj);
		cJSON_Delete(rj);
	} else {
		char msg[600];
		launch_error(errf, msg, sizeof msg);
		rc = ll_err_set(err, code == 1 ? LL_EUSAGE : code == 2 ? LL_EDATA : LL_EIO, "launch \"%s\" %s %d: %s",
				launch, WIFEXITED(status) ? "exited with" : "ended by signal",
				WIFEXITED(status) ? code : WIFSIGNALED(status) ? WTERMSIG(status) : -1,
				msg[0] ? msg : "(no message)");
	}
	cJSON_Delete(rec);
	free(run_dir);
	unlink(idf);
	unlink(errf);
	rmdir(tmpd);
	return rc;
}

/* Where a job's training comes from: the workspace's experiment for a new
 * run, or what an interrupted run recorded (ds_run_resume.h) to continue
 * it in its own folder. */
struct source {
	const char *featureset, *dataset_name, *recipe_dataset;
	const char *path, *format, *labels;
	const struct ll_recipe *recipe;
	struct ll_exp_cfg cfg;
	double created, prior_train_s;
};

/* The job's experiment as loglab.json has it now. */
static int source_of_experiment(struct job *job, const struct ds_workspace *ws, const char *exp, struct source *src,
				struct ll_err *err)
{
	const struct ds_ws_experiment *x = ds_workspace_experiment(ws, exp);
	if (!x)
		return ll_err_set(err, LL_EUSAGE, "%s has no experiment \"%s\" any more", ws->file, exp);
	const struct ds_ws_featureset *fs = ds_workspace_featureset(ws, x->featureset);
	const struct ds_ws_dataset *d = ds_workspace_dataset(ws, fs->dataset);
	ds_exp_cfg_from_ws(x, &src->cfg);
	src->featureset = fs->name;
	src->dataset_name = d->name;
	src->recipe_dataset = fs->dataset;
	src->path = d->path;
	src->format = d->format;
	src->labels = d->labels;
	src->recipe = &fs->recipe;
	src->created = (double)time(NULL);
	src->prior_train_s = 0;
	pthread_mutex_lock(&mu);
	snprintf(job->st.model, sizeof job->st.model, "%s", ll_exp_model_name(src->cfg.model));
	pthread_mutex_unlock(&mu);
	return LL_OK;
}

/* The interrupted run rs as it recorded itself, as `loglab train --resume`
 * reads it: its experiment and recipe, its data read as at first. */
static void source_of_run(const struct ds_resume *rs, const struct ds_workspace *ws, struct source *src)
{
	const struct ds_ws_dataset *d = ds_workspace_dataset(ws, rs->recipe_dataset);
	src->cfg = rs->cfg;
	src->featureset = rs->featureset;
	src->dataset_name = d ? d->name : rs->recipe_dataset;
	src->recipe_dataset = rs->recipe_dataset;
	src->path = rs->path ? rs->path : d ? d->path : NULL;
	src->format = rs->format;
	src->labels = rs->labels;
	src->recipe = &rs->recipe;
	src->created = rs->created > 0 ? rs->created : (double)time(NULL);
	src->prior_train_s = rs->prior_train_s;
}

static int run_job(struct job *job, struct ctx *c, struct ll_err *err)
{
	char ws_dir[4096], exp[128], resume[DS_RUN_ID_MAX];
	pthread_mutex_lock(&mu);
	snprintf(ws_dir, sizeof ws_dir, "%s", job->ws_dir);
	snprintf(exp, sizeof exp, "%s", job->exp);
	snprintf(resume, sizeof resume, "%s", job->resume);
	pthread_mutex_unlock(&mu);

	struct ds_workspace *ws = NULL;
	struct ds_fsdata fsd;
	struct ll_exp *e = NULL;
	struct ll_exp_pred pred;
	struct ll_train_result hist;
	struct ll_crossfit_result cf;
	memset(&cf, 0, sizeof cf);
	struct ds_resume rs;
	memset(&rs, 0, sizeof rs);
	struct source src;
	memset(&src, 0, sizeof src);
	unsigned char *ordinary = NULL;
	char *dir = NULL, *ckpt = NULL, *model = NULL;
	cJSON *rec = NULL;
	char id[DS_RUN_ID_MAX] = "";
	void *metrics = NULL;
	int have_fs = 0, have_pred = 0, have_hist = 0, lock_fd = -1;
	memset(&fsd, 0, sizeof fsd);
	memset(&pred, 0, sizeof pred);
	memset(&hist, 0, sizeof hist);
	/* the record's times are wall-clock seconds, as loglab train's */
	double t0 = wall_s(), t1 = 0;

	int rc = ds_workspace_load(ws_dir, &ws, err);
	if (rc)
		goto out;
	if (resume[0]) {
		/* judged again: the run may have changed since it was queued */
		if ((rc = ds_resume_open(ws_dir, resume, &rs, err)) != LL_OK ||
		    (rc = ds_run_resumable(rs.dir, rs.old, err)) != LL_OK)
			goto out;
		source_of_run(&rs, ws, &src);
		snprintf(id, sizeof id, "%s", rs.id);
		pthread_mutex_lock(&mu);
		snprintf(job->st.run_id, sizeof job->st.run_id, "%s", id);
		pthread_mutex_unlock(&mu);
		if (ws->launch) {
			rc = run_launched(job, c, ws->dir, id, 1, ws->launch, err);
			goto out;
		}
		if (!(dir = strdup(rs.dir))) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			goto out;
		}
		if ((rc = ds_run_lock(dir, id, &lock_fd, err)) != LL_OK)
			goto out;
		if (!src.path) {
			rc = ll_err_set(err, LL_EDATA, "run %s records no dataset path", id);
			goto out;
		}
	} else {
		const struct ds_ws_experiment *x = ds_workspace_experiment(ws, exp);
		/* a series detector trains in `loglab train` (cli_detect.c), run
		 * here as a launched training without a launcher prefix */
		if (x && (ws->launch || x->model == DS_MODEL_DETECTOR)) {
			pthread_mutex_lock(&mu);
			snprintf(job->st.model, sizeof job->st.model, "%s",
				 x->model == DS_MODEL_DETECTOR ? "detector" : ll_exp_model_name((enum ll_exp_model)x->model));
			pthread_mutex_unlock(&mu);
			rc = run_launched(job, c, ws->dir, exp, 0, ws->launch ? ws->launch : "", err);
			goto out;
		}
		if ((rc = source_of_experiment(job, ws, exp, &src, err)) != LL_OK)
			goto out;
	}
	struct ll_exp_cfg *cfg = &src.cfg;
	if ((rc = ll_exp_check(cfg, NULL, err)) != LL_OK)
		goto out;
	c->epochs = cfg->model == LL_EXP_KMEANS ? 0 : cfg->epochs;

	set_state(c, VIEW_JOB_LOADING, NULL);
	rc = ds_fs_load(src.path, src.format, src.labels, src.recipe, NULL, &fsd, on_build, c, err);
	if (rc) {
		if (rc != LL_ECANCEL) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err->msg);
			ll_err_set(err, rc, "featuresets.%s.%s", src.featureset, msg);
		}
		goto out;
	}
	have_fs = 1;
	if (resume[0] && (rc = ds_resume_same_data(&rs, fsd.fingerprint, err)) != LL_OK)
		goto out;
	if ((rc = ll_exp_new(cfg, &fsd.fm, &e, err)) != LL_OK)
		goto out;
	if (!resume[0]) {
		if ((rc = ds_run_create(ws_dir, exp, (time_t)src.created, id, &dir, err)) != LL_OK ||
		    (rc = ds_run_lock(dir, id, &lock_fd, err)) != LL_OK)
			goto out;
		pthread_mutex_lock(&mu);
		snprintf(job->st.run_id, sizeof job->st.run_id, "%s", id);
		pthread_mutex_unlock(&mu);
	}
	ds_run_log_open(&c->runlog, dir);
	struct ds_run_rec ra = {id, exp, src.featureset, "tui", src.dataset_name, src.format, src.labels,
				src.recipe_dataset, src.recipe, cfg, &fsd, src.created};
	if (!(rec = ds_run_record(&ra))) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ds_run_save_record(dir, rec, err)) != LL_OK || (rc = ds_run_save_fit(dir, &fsd, err)) != LL_OK)
		goto out;
	ds_run_logf(&c->runlog,
		    "%s %s: feature set %s: %zu samples x %zu x %zu (train %zu, dev %zu, test %zu), fingerprint %s",
		    resume[0] ? "resume" : "train", exp, src.featureset, fsd.fm.n, fsd.fm.steps, fsd.fm.d,
		    ll_featmat_count(&fsd.fm, LL_SPLIT_TRAIN), ll_featmat_count(&fsd.fm, LL_SPLIT_DEV),
		    ll_featmat_count(&fsd.fm, LL_SPLIT_TEST), fsd.fingerprint);
	for (size_t i = 0; i < fsd.man.nwarnings; i++)
		ds_run_logf(&c->runlog, "warning: %s", fsd.man.warnings[i]);
	t1 = wall_s();

	set_state(c, VIEW_JOB_TRAINING, NULL);
	if (!ll_exp_task(e)) {
		ds_run_logf(&c->runlog, "%s", cfg->model == LL_EXP_KMEANS ? "clustering" : "solving with L-BFGS");
		c->stage = cfg->model == LL_EXP_LOGREG;
		rc = ll_exp_solve(e, &fsd.fm, &job->cancel, err);
	} else {
		struct ll_train_cfg tc;
		ll_exp_train_cfg(e, &tc);
		if (!(ckpt = ds_run_checkpoint_path(dir))) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			goto out;
		}
		tc.checkpoint = ckpt;
		tc.resume = resume[0] != '\0';
		tc.fingerprint = fsd.fingerprint;
		tc.on_progress = on_train;
		tc.ud = c;
		tc.progress_ms = 100;
		tc.cancel = &job->cancel;
		rc = ll_train_run(ll_exp_task(e), &tc, &hist, err);
		have_hist = rc == LL_OK;
		if (have_hist && hist.resumed_from)
			ds_run_logf(&c->runlog, "resumed from the checkpoint of epoch %d", hist.resumed_from);
	}
	if (rc == LL_OK && atomic_load(&job->cancel))
		rc = ll_err_set(err, LL_ECANCEL, "cancelled");
	if (rc)
		goto out;
	double review_s = 0;
	if (cfg->review_folds && cfg->model != LL_EXP_KMEANS) {
		double ts = wall_s();
		ds_run_logf(&c->runlog, "review scores: cross-fitting %zu folds of the labelled training samples",
			    cfg->review_folds);
		set_state(c, VIEW_JOB_TRAINING, "cross-fitting the review scores");
		c->stage = 2;
		if ((rc = ll_crossfit(cfg, &fsd.fm, cfg->review_folds, &job->cancel, on_crossfit, c, &cf, err)) != LL_OK)
			goto out;
		review_s = wall_s() - ts;
		ds_run_record_review(rec, cfg->review_folds, &cf, review_s);
		ds_run_logf(&c->runlog, "review scores: %zu training samples scored out of fold in %.2f s", cf.samples,
			    review_s);
		if (cf.folds_skipped)
			ds_run_logf(&c->runlog,
				    "warning: %zu of %zu review folds kept the run's own scores: their other folds hold "
				    "one class only",
				    cf.folds_skipped, cfg->review_folds);
	}

	double t2 = wall_s();
	set_state(c, VIEW_JOB_SAVING, NULL);
	if ((rc = ll_exp_predict(e, &fsd.fm, &pred, err)) != LL_OK)
		goto out;
	have_pred = 1;
	ordinary = ds_ordinary_flags(src.recipe, (const char *const *)fsd.fm.classes, fsd.fm.nclasses);
	size_t ml = strlen(dir) + 16;
	if (!ordinary || !(model = malloc(ml))) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto out;
	}
	snprintf(model, ml, "%s/model.llm", dir);
	struct ds_results res = {cfg, e, &fsd, &pred, ordinary, have_hist ? &hist : NULL, cf.proba ? &cf : NULL};
	if ((rc = ds_results_write(dir, &res, &metrics, err)) != LL_OK ||
	    (rc = ll_exp_save(e, model, fsd.fingerprint, err)) != LL_OK)
		goto out;
	if (ckpt)
		unlink(ckpt);
	double t3 = wall_s();
	ds_run_set_str(rec, "status", "done");
	ds_run_set_num(rec, "finished", t3);
	ds_run_set_num(rec, "build_s", t1 - t0);
	ds_run_set_num(rec, "train_s", src.prior_train_s + (t2 - t1 - review_s));
	ds_run_set_num(rec, "duration_s", src.prior_train_s + (t3 - t0));
	ds_run_record_fit(rec, e, have_hist ? &hist : NULL);
	rc = ds_run_save_record(dir, rec, err);
	if (rc == LL_OK) {
		ds_run_logf(&c->runlog, "done in %.2f s; metrics.json written", t3 - t0);
		char sum[256];
		summarise(metrics, sum, sizeof sum);
		if (have_hist && hist.resumed_from)
			ll_err_set(err, LL_OK, "%s: %s (resumed from epoch %d)", id, sum, hist.resumed_from);
		else
			ll_err_set(err, LL_OK, "%s: %s", id, sum);
	}
out:
	if (rc && rec && dir) {
		/* Keep the folder as evidence, marked with what happened and how
		 * long it took, as loglab train does. */
		double tend = wall_s();
		ds_run_set_num(rec, "finished", tend);
		ds_run_set_num(rec, "duration_s", src.prior_train_s + (tend - t0));
		if (t1 > 0) {
			ds_run_set_num(rec, "build_s", t1 - t0);
			ds_run_set_num(rec, "train_s", src.prior_train_s + (tend - t1));
		}
		if (rc == LL_ECANCEL) {
			int done = c->epochs_done;
			ds_run_set_str(rec, "status", "cancelled");
			ds_run_set_num(rec, "epochs_done", done);
			ds_run_logf(&c->runlog, "cancelled after %d epochs", done);
		} else {
			ds_run_set_str(rec, "status", "failed");
			ds_run_set_str(rec, "error", err->msg);
			ds_run_logf(&c->runlog, "failed: %s", err->msg);
		}
		ds_run_save_record(dir, rec, NULL);
	}
	/* free before the run is judged below: a lock held would read as a
	 * training under way */
	ds_run_unlock(lock_fd);
	if (rc == LL_ECANCEL && rec && dir)
		cancel_message(c, id, dir, rec);
	ds_run_log_close(&c->runlog);
	/* a run that could not even record itself (a full disk) leaves no folder */
	if (rc && !resume[0] && dir)
		ds_run_discard_unrecorded(dir);
	cJSON_Delete(rec);
	cJSON_Delete(metrics);
	free(ordinary);
	free(model);
	free(ckpt);
	free(dir);
	if (have_pred)
		ll_exp_pred_free(&pred);
	ll_crossfit_result_free(&cf);
	ll_train_result_free(&hist);
	ll_exp_free(e);
	if (have_fs)
		ds_fsdata_free(&fsd);
	ds_resume_free(&rs);
	ds_workspace_free(ws);
	return rc;
}

static void *work(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	for (;;) {
		while (!stopping && next_job == njobs)
			pthread_cond_wait(&cv, &mu);
		if (stopping)
			break;
		struct job *job = jobs[next_job++];
		if (atomic_load(&job->cancel)) {
			job->st.state = VIEW_JOB_CANCELLED;
			snprintf(job->st.message, sizeof job->st.message, "cancelled before it started");
			pthread_cond_broadcast(&cv);
			continue;
		}
		pthread_mutex_unlock(&mu);
		const char *pause = getenv("LOGLAB_TEST_EPOCH_MS");
		struct ctx c = {job, now_s(), 0, {NULL}, 0, 0, 0, "", 0, pause ? atoi(pause) : 0};
		struct ll_err err;
		ll_err_clear(&err);
		int rc = run_job(job, &c, &err);
		pthread_mutex_lock(&mu);
		job->st.resumable = rc == LL_ECANCEL && c.resumable;
		pthread_mutex_unlock(&mu);
		set_state(&c, rc == LL_OK ? VIEW_JOB_DONE : rc == LL_ECANCEL ? VIEW_JOB_CANCELLED : VIEW_JOB_FAILED,
			  rc != LL_ECANCEL ? err.msg : c.cancel_msg[0] ? c.cancel_msg : "before its run folder was made");
		pthread_mutex_lock(&mu);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* ---- the UI's side ---- */

/* Puts a job in the queue, starting the worker the first time; returns
 * its index or a negative status (job freed then). */
static int enqueue(struct job *job, struct ll_err *err)
{
	int rc = LL_OK;
	atomic_init(&job->cancel, 0);
	job->st.state = VIEW_JOB_QUEUED;
	pthread_mutex_lock(&mu);
	if (njobs == capjobs) {
		size_t cap = capjobs ? 2 * capjobs : 16;
		struct job **nj = realloc(jobs, cap * sizeof *nj);
		if (!nj)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		else {
			jobs = nj;
			capjobs = cap;
		}
	}
	if (rc == LL_OK && !worker_started) {
		stopping = 0;
		int e = pthread_create(&worker, NULL, work, NULL);
		if (e)
			rc = ll_err_errno(err, LL_EIO, e, "cannot start the training thread");
		else
			worker_started = 1;
	}
	long idx = -1;
	if (rc == LL_OK) {
		idx = (long)njobs;
		jobs[njobs++] = job;
		pthread_cond_broadcast(&cv);
	}
	pthread_mutex_unlock(&mu);
	if (rc) {
		free(job);
		return rc;
	}
	return (int)idx;
}

int view_job_submit(const char *ws_dir, const char *exp, struct ll_err *err)
{
	/* What the queue shows from the start (the model), and a missing data
	 * file said now rather than by a failed job. The worker reads the
	 * workspace again when the job starts. */
	struct ds_workspace *ws = NULL;
	int rc = ds_workspace_load(ws_dir, &ws, err);
	if (rc == LL_OK)
		rc = ds_ws_experiment_check(ws, exp, err);
	char model[16] = "";
	const struct ds_ws_experiment *x = rc == LL_OK ? ds_workspace_experiment(ws, exp) : NULL;
	if (x) {
		struct ll_exp_cfg cfg;
		ds_exp_cfg_from_ws(x, &cfg);
		snprintf(model, sizeof model, "%s", ll_exp_model_name(cfg.model));
	}
	ds_workspace_free(ws);
	if (rc != LL_OK)
		return rc;
	struct job *job = calloc(1, sizeof *job);
	if (!job)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	snprintf(job->st.model, sizeof job->st.model, "%s", model);
	snprintf(job->ws_dir, sizeof job->ws_dir, "%s", ws_dir);
	snprintf(job->exp, sizeof job->exp, "%s", exp);
	snprintf(job->st.experiment, sizeof job->st.experiment, "%s", exp);
	snprintf(job->st.ws_dir, sizeof job->st.ws_dir, "%s", ws_dir);
	return enqueue(job, err);
}

int view_job_submit_resume(const char *ws_dir, const char *run, struct ll_err *err)
{
	struct ds_resume rs;
	int rc = ds_resume_open(ws_dir, run, &rs, err);
	if (rc == LL_OK && view_job_for_run(rs.id) >= 0)
		rc = ll_err_set(err, LL_EUSAGE, "run %s is already queued or training here", rs.id);
	if (rc == LL_OK)
		rc = ds_run_resumable(rs.dir, rs.old, err);
	struct job *job = rc == LL_OK ? calloc(1, sizeof *job) : NULL;
	if (rc == LL_OK && !job)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc != LL_OK) {
		ds_resume_free(&rs);
		return rc;
	}
	snprintf(job->st.model, sizeof job->st.model, "%s", ll_exp_model_name(rs.cfg.model));
	snprintf(job->ws_dir, sizeof job->ws_dir, "%s", ws_dir);
	snprintf(job->exp, sizeof job->exp, "%s", rs.experiment);
	snprintf(job->resume, sizeof job->resume, "%s", rs.id);
	snprintf(job->st.experiment, sizeof job->st.experiment, "%s", rs.experiment);
	snprintf(job->st.ws_dir, sizeof job->st.ws_dir, "%s", ws_dir);
	snprintf(job->st.run_id, sizeof job->st.run_id, "%s", rs.id);
	snprintf(job->st.resume, sizeof job->st.resume, "%s", rs.id);
	ds_resume_free(&rs);
	return enqueue(job, err);
}

size_t view_job_count(void)
{
	pthread_mutex_lock(&mu);
	size_t n = njobs;
	pthread_mutex_unlock(&mu);
	return n;
}

int view_job_status(size_t i, struct view_job_status *st)
{
	pthread_mutex_lock(&mu);
	int ok = i < njobs;
	if (ok)
		*st = jobs[i]->st;
	pthread_mutex_unlock(&mu);
	return ok;
}

int view_job_checkpoint_kept(const struct view_job_status *st)
{
	if (!st->run_id[0])
		return 0;
	char *dir = ds_run_dir(st->ws_dir, st->run_id);
	char *ckpt = dir ? ds_run_checkpoint_path(dir) : NULL;
	int kept = ckpt && access(ckpt, R_OK) == 0;
	free(ckpt);
	free(dir);
	return kept;
}

void view_job_cancel(size_t i)
{
	pthread_mutex_lock(&mu);
	if (i < njobs)
		atomic_store(&jobs[i]->cancel, 1);
	pthread_mutex_unlock(&mu);
}

static int active(enum view_job_state s)
{
	return s == VIEW_JOB_QUEUED || s == VIEW_JOB_LOADING || s == VIEW_JOB_TRAINING || s == VIEW_JOB_SAVING;
}

long view_job_active(const char *exp)
{
	long found = -1;
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < njobs; i++)
		if (active(jobs[i]->st.state) && strcmp(jobs[i]->exp, exp) == 0)
			found = (long)i;
	pthread_mutex_unlock(&mu);
	return found;
}

long view_job_for_run(const char *run)
{
	long found = -1;
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < njobs; i++)
		if (active(jobs[i]->st.state) && strcmp(jobs[i]->st.run_id, run) == 0)
			found = (long)i;
	pthread_mutex_unlock(&mu);
	return found;
}

int view_job_busy(void)
{
	int busy = 0;
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < njobs && !busy; i++)
		busy = active(jobs[i]->st.state);
	pthread_mutex_unlock(&mu);
	return busy;
}

void view_job_wait(int ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&mu);
	pthread_cond_timedwait(&cv, &mu, &ts);
	pthread_mutex_unlock(&mu);
}

void view_job_shutdown(void (*said)(const struct view_job_status *st, void *ud), void *ud)
{
	pthread_mutex_lock(&mu);
	/* the jobs this shutdown cuts short, to report once they have ended */
	unsigned char *cut = njobs ? calloc(njobs, 1) : NULL;
	for (size_t i = 0; i < njobs; i++) {
		if (cut && active(jobs[i]->st.state))
			cut[i] = 1;
		atomic_store(&jobs[i]->cancel, 1);
	}
	stopping = 1;
	pthread_cond_broadcast(&cv);
	int started = worker_started;
	worker_started = 0;
	pthread_mutex_unlock(&mu);
	if (started)
		pthread_join(worker, NULL);
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < njobs; i++) {
		if (said && cut && cut[i])
			said(&jobs[i]->st, ud);
		free(jobs[i]);
	}
	free(cut);
	free(jobs);
	jobs = NULL;
	njobs = capjobs = next_job = 0;
	pthread_mutex_unlock(&mu);
}
