/*
 * ds_run_resume.c - reading an interrupted run back for a resume, judging
 * whether it can continue, and the run's training lock (ds_run_resume.h).
 */
#include "ds_run_resume.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num_of(const cJSON *o, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

/* The refusals ds_resume_open, ds_run_lock and ds_run_resumable share. */
static int refuse_detector(const char *id, struct ll_err *err)
{
	return ll_err_set(err, LL_EUSAGE, "run %s is a detector's: it keeps no checkpoint; train its experiment again",
			  id);
}

/* pid: the holder as its lock file names it, or -1 when it does not */
static int refuse_training(const char *id, long pid, const char *why, struct ll_err *err)
{
	char who[48] = "";
	if (pid > 0)
		snprintf(who, sizeof who, " (process %ld)", pid);
	return ll_err_set(err, LL_EUSAGE, "run %s is training now%s%s", id, who, why);
}

int ds_resume_open(const char *ws_dir, const char *id, struct ds_resume *r, struct ll_err *err)
{
	memset(r, 0, sizeof *r);
	if (!(r->dir = ds_run_dir(ws_dir, id)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	char p[4096];
	snprintf(p, sizeof p, "%s/run.json", r->dir);
	void *oj = NULL;
	int rc = ds_read_json(p, &oj, err);
	if (rc != LL_OK)
		return rc == LL_EIO ? ll_err_set(err, LL_EUSAGE, "no run \"%s\" to resume (%s)", id, err->msg) : rc;
	r->old = oj;
	const char *st = str_of(oj, "status");
	if (st && strcmp(st, "done") == 0)
		return ll_err_set(err, LL_EUSAGE, "run %s already finished; nothing to resume", id);
	if (cJSON_GetObjectItemCaseSensitive(oj, "detector"))
		return refuse_detector(id, err);
	const cJSON *xe = cJSON_GetObjectItemCaseSensitive(oj, "experiment_config");
	const cJSON *re = cJSON_GetObjectItemCaseSensitive(oj, "recipe");
	const char *ex = str_of(oj, "experiment"), *fn = str_of(oj, "featureset"), *rid = str_of(oj, "id");
	if (!xe || !re || !ex || !fn || !rid)
		return ll_err_set(err, LL_EDATA, "%s: not a run record (experiment_config, recipe, id missing)", p);
	if ((rc = ds_exp_cfg_from_json(xe, &r->cfg, err)) != LL_OK ||
	    (rc = ds_recipe_from_json(re, "run.json: recipe", &r->recipe, err)) != LL_OK)
		return rc;
	snprintf(r->id, sizeof r->id, "%s", rid);
	r->experiment = ex;
	r->featureset = fn;
	const char *rd = str_of(re, "dataset");
	r->recipe_dataset = rd ? rd : "";
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(oj, "dataset");
	r->path = str_of(d, "path");
	r->format = str_of(d, "format");
	r->labels = str_of(d, "labels");
	r->created = num_of(oj, "created", 0);
	r->prior_train_s = num_of(oj, "train_s", 0);
	return LL_OK;
}

int ds_resume_same_data(const struct ds_resume *r, char *fingerprint, struct ll_err *err)
{
	const char *fp = str_of(r->old, "featureset_fingerprint");
	if (fp && strcmp(fp, fingerprint) == 0)
		return LL_OK;
	/* a recipe whose defaults the data decided is rebuilt as recorded,
	 * resolved, which has a fingerprint of its own (ds_run_record); the
	 * run goes on under its first one, the one its checkpoint and model
	 * carry */
	const char *rfp = str_of(r->old, "recorded_recipe_fingerprint");
	if (fp && strlen(fp) < DS_SHA_HEX && rfp && strcmp(rfp, fingerprint) == 0) {
		memcpy(fingerprint, fp, strlen(fp) + 1);
		return LL_OK;
	}
	return ll_err_set(err, LL_EDATA,
			  "run %s was made from other data or labels: start a new run instead (feature "
			  "fingerprint %s, now %s)",
			  r->id, fp ? fp : "?", fingerprint);
}

void ds_resume_free(struct ds_resume *r)
{
	cJSON_Delete(r->old);
	free(r->dir);
	memset(r, 0, sizeof *r);
}

static char *lock_path(const char *dir)
{
	size_t n = strlen(dir) + sizeof "/train.lock";
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/train.lock", dir);
	return p;
}

/* The process id written in an open lock file, -1 when unreadable. */
static long holder_of(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	long pid = strtol(buf, NULL, 10);
	return pid > 0 ? pid : -1;
}

int ds_run_lock(const char *dir, const char *id, int *fd, struct ll_err *err)
{
	*fd = -1;
	char *p = lock_path(dir);
	if (!p)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int f = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (f < 0) {
		int rc = ll_err_errno(err, LL_EIO, errno, "%s", p);
		free(p);
		return rc;
	}
	for (int tries = 0; flock(f, LOCK_EX | LOCK_NB) != 0; tries++) {
		int e = errno;
		if (e == EINTR)
			continue;
		/* Readers (loglab runs, the TUI's runs view a few times a
		 * second) hold a shared lock for an instant: that is waited
		 * for. Only a training holds it so that a shared one is
		 * refused too; --resume was refused while a reader looked, and
		 * named the process that had died. */
		int g = e == EWOULDBLOCK ? open(p, O_RDONLY | O_CLOEXEC) : -1;
		int readers = g >= 0 && flock(g, LOCK_SH | LOCK_NB) == 0;
		if (g >= 0)
			close(g);
		if (!readers || tries == 300) {
			long pid = holder_of(f);
			close(f);
			free(p);
			if (e == EWOULDBLOCK)
				return refuse_training(id, readers ? 0 : pid, ": one training at a time in a run folder", err);
			return ll_err_errno(err, LL_EIO, e, "run %s: cannot lock its folder", id);
		}
		usleep(10000);
	}
	free(p);
	/* who holds it, for the message of whoever finds it held; without the
	 * note the lock holds all the same, only that message loses the pid */
	char pid[32];
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	int noted = ftruncate(f, 0) == 0 && pwrite(f, pid, (size_t)n, 0) == n;
	(void)noted;
	*fd = f;
	return LL_OK;
}

void ds_run_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

long ds_run_lock_holder(const char *dir)
{
	char *p = lock_path(dir);
	int f = p ? open(p, O_RDONLY | O_CLOEXEC) : -1;
	free(p);
	if (f < 0)
		return 0;
	long pid = 0;
	/* a shared lock is refused only while a training holds its exclusive one */
	if (flock(f, LOCK_SH | LOCK_NB) != 0)
		pid = errno == EWOULDBLOCK ? holder_of(f) : 0;
	close(f);
	return pid;
}

int ds_run_resumable(const char *dir, const void *json, struct ll_err *err)
{
	const char *id = str_of(json, "id");
	if (!id)
		id = "?";
	const char *st = str_of(json, "status");
	if (st && strcmp(st, "done") == 0)
		return ll_err_set(err, LL_EUSAGE, "run %s already finished; nothing to resume", id);
	long pid = ds_run_lock_holder(dir);
	if (pid)
		return refuse_training(id, pid, "", err);
	if (cJSON_GetObjectItemCaseSensitive(json, "detector"))
		return refuse_detector(id, err);
	const cJSON *xe = cJSON_GetObjectItemCaseSensitive(json, "experiment_config");
	struct ll_exp_cfg cfg;
	struct ll_err e2;
	if (!xe || ds_exp_cfg_from_json(xe, &cfg, &e2) != LL_OK)
		return ll_err_set(err, LL_EUSAGE, "run %s records no experiment to continue", id);
	if (cfg.model == LL_EXP_KMEANS || cfg.model == LL_EXP_LOGREG)
		return ll_err_set(err, LL_EUSAGE,
				  "run %s is %s: fitted in one go, it keeps no checkpoint; train its experiment again", id,
				  cfg.model == LL_EXP_KMEANS ? "k-means" : "logistic regression");
	char *ck = ds_run_checkpoint_path(dir);
	struct stat sb;
	int have = ck && stat(ck, &sb) == 0;
	free(ck);
	if (!have)
		return ll_err_set(err, LL_EUSAGE,
				  "run %s has no checkpoint (it stopped before its first epoch ended); train its "
				  "experiment again",
				  id);
	return LL_OK;
}
