/*
 * test_run_resume.c - ds_run_resume.h on run folders made by hand: what a
 * resume reads back from run.json (experiment, recipe, data, times), the
 * refusals of a missing, finished or malformed run, the fingerprint check,
 * which runs the TUI offers to continue (ds_run_resumable: finished,
 * k-means, logistic regression, detector, no checkpoint, training now),
 * and the training lock: taken once, refused to a second taker (in this
 * process or a child) with the holder's pid, free again once released or
 * once its process is gone.
 */
#include "harness.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ds_run_resume.h"

static char ws[256];

/* runs/ID/run.json of the given status and model, with a checkpoint when
 * ckpt; returns the run folder (static). */
static const char *make_run(const char *id, const char *status, enum ll_exp_model model, int ckpt)
{
	static char dir[512];
	char p[640];
	snprintf(p, sizeof p, "%s/runs", ws);
	mkdir(p, 0755);
	snprintf(dir, sizeof dir, "%s/runs/%s", ws, id);
	mkdir(dir, 0755);
	struct ll_exp_cfg cfg;
	ll_exp_defaults_for(&cfg, model);
	cfg.epochs = 7;
	struct ll_recipe r;
	ll_recipe_default(&r);
	snprintf(r.columns, sizeof r.columns, "^m");
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "experiment", "e1");
	cJSON_AddStringToObject(o, "featureset", "f1");
	cJSON_AddStringToObject(o, "status", status);
	cJSON_AddNumberToObject(o, "created", 1700000000);
	cJSON_AddNumberToObject(o, "train_s", 12.5);
	cJSON_AddStringToObject(o, "featureset_fingerprint", "abc");
	cJSON_AddItemToObject(o, "experiment_config", ds_exp_cfg_to_json(&cfg, "e1", "f1"));
	cJSON_AddItemToObject(o, "recipe", ds_recipe_to_json(&r, "d1", 1));
	cJSON *d = cJSON_AddObjectToObject(o, "dataset");
	cJSON_AddStringToObject(d, "path", "/data/x.csv");
	cJSON_AddStringToObject(d, "format", "csv");
	CHECK(ds_run_save_record(dir, o, NULL) == LL_OK);
	cJSON_Delete(o);
	if (ckpt)
		ll_test_put(dir, "checkpoint.llm", "x");
	return dir;
}

/* ds_run_resumable of a run folder as it is on disk. */
static int resumable(const char *dir, char *why, size_t cap)
{
	char p[640];
	snprintf(p, sizeof p, "%s/run.json", dir);
	void *j = NULL;
	CHECK(ds_read_json(p, &j, NULL) == LL_OK);
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ds_run_resumable(dir, j, &err);
	snprintf(why, cap, "%s", err.msg);
	cJSON_Delete(j);
	return rc;
}

static void test_open(void)
{
	struct ds_resume r;
	struct ll_err err;
	make_run("r-cancel", "cancelled", LL_EXP_MLP, 1);
	CHECK_INT(ds_resume_open(ws, "r-cancel", &r, &err), LL_OK);
	CHECK_STR(r.id, "r-cancel");
	CHECK_STR(r.experiment, "e1");
	CHECK_STR(r.featureset, "f1");
	CHECK_STR(r.recipe_dataset, "d1");
	CHECK_STR(r.path, "/data/x.csv");
	CHECK_STR(r.format, "csv");
	CHECK(r.labels == NULL);
	CHECK_INT(r.cfg.model, LL_EXP_MLP);
	CHECK_INT(r.cfg.epochs, 7);
	CHECK_STR(r.recipe.columns, "^m");
	CHECK_NEAR(r.created, 1700000000, 0);
	CHECK_NEAR(r.prior_train_s, 12.5, 1e-12);
	char fpa[DS_SHA_HEX] = "abc", fpd[DS_SHA_HEX] = "def";
	CHECK_INT(ds_resume_same_data(&r, fpa, &err), LL_OK);
	CHECK_STR(fpa, "abc");
	CHECK_INT(ds_resume_same_data(&r, fpd, &err), LL_EDATA);
	CHECK(strstr(err.msg, "run r-cancel was made from other data or labels: start a new run instead (feature fingerprint abc, now "
			    "def)"));
	/* a recipe the data resolved is rebuilt under its recorded
	 * fingerprint, and goes on under the run's own */
	cJSON_AddStringToObject((cJSON *)r.old, "recorded_recipe_fingerprint", "def");
	CHECK_INT(ds_resume_same_data(&r, fpd, &err), LL_OK);
	CHECK_STR(fpd, "abc");
	char fpx[DS_SHA_HEX] = "xyz";
	CHECK_INT(ds_resume_same_data(&r, fpx, &err), LL_EDATA);
	CHECK_STR(fpx, "xyz");
	ds_resume_free(&r);

	CHECK_INT(ds_resume_open(ws, "nope", &r, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "no run \"nope\" to resume"));
	ds_resume_free(&r);

	make_run("r-done", "done", LL_EXP_MLP, 0);
	CHECK_INT(ds_resume_open(ws, "r-done", &r, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "run r-done already finished; nothing to resume");
	ds_resume_free(&r);

	const char *bad = make_run("r-bad", "failed", LL_EXP_MLP, 1);
	ll_test_put(bad, "run.json", "{\"id\": \"r-bad\", \"status\": \"failed\"}");
	CHECK_INT(ds_resume_open(ws, "r-bad", &r, &err), LL_EDATA);
	CHECK(strstr(err.msg, "not a run record"));
	ds_resume_free(&r);
}

static void test_resumable(void)
{
	char why[LL_ERR_MSG_MAX];
	CHECK_INT(resumable(make_run("a-ok", "cancelled", LL_EXP_MLP, 1), why, sizeof why), LL_OK);
	CHECK_INT(resumable(make_run("a-lstm", "running", LL_EXP_LSTM, 1), why, sizeof why), LL_OK);
	CHECK_INT(resumable(make_run("a-done", "done", LL_EXP_MLP, 1), why, sizeof why), LL_EUSAGE);
	CHECK_STR(why, "run a-done already finished; nothing to resume");
	CHECK_INT(resumable(make_run("a-km", "cancelled", LL_EXP_KMEANS, 0), why, sizeof why), LL_EUSAGE);
	CHECK_STR(why, "run a-km is k-means: fitted in one go, it keeps no checkpoint; train its experiment again");
	CHECK_INT(resumable(make_run("a-lr", "failed", LL_EXP_LOGREG, 0), why, sizeof why), LL_EUSAGE);
	CHECK(strstr(why, "is logistic regression: fitted in one go"));
	CHECK_INT(resumable(make_run("a-nock", "cancelled", LL_EXP_MLP, 0), why, sizeof why), LL_EUSAGE);
	CHECK_STR(why, "run a-nock has no checkpoint (it stopped before its first epoch ended); train its experiment "
		       "again");
	const char *det = make_run("a-det", "cancelled", LL_EXP_MLP, 1);
	ll_test_put(det, "run.json", "{\"id\": \"a-det\", \"status\": \"cancelled\", \"detector\": {}}");
	CHECK_INT(resumable(det, why, sizeof why), LL_EUSAGE);
	CHECK(strstr(why, "a detector's: it keeps no checkpoint"));
	struct ds_resume r;
	struct ll_err err;
	CHECK_INT(ds_resume_open(ws, "a-det", &r, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "run a-det is a detector's: it keeps no checkpoint; train its experiment again");
	ds_resume_free(&r);
}

static void test_lock(void)
{
	char dir[512], why[LL_ERR_MSG_MAX];
	snprintf(dir, sizeof dir, "%s", make_run("l-run", "running", LL_EXP_MLP, 1));
	CHECK_INT(ds_run_lock_holder(dir), 0);
	int fd = -1, fd2 = -1;
	struct ll_err err;
	CHECK_INT(ds_run_lock(dir, "l-run", &fd, &err), LL_OK);
	CHECK(fd >= 0);
	CHECK_INT(ds_run_lock_holder(dir), getpid());
	/* a second taker in this very process is refused too (flock is per
	 * open file, so the TUI's runs view sees its own queue's trainings) */
	char expect[128];
	snprintf(expect, sizeof expect, "run l-run is training now (process %ld)", (long)getpid());
	CHECK_INT(ds_run_lock(dir, "l-run", &fd2, &err), LL_EUSAGE);
	CHECK(fd2 == -1);
	CHECK(strstr(err.msg, expect) == err.msg);
	CHECK_INT(resumable(dir, why, sizeof why), LL_EUSAGE);
	CHECK_STR(why, expect);
	/* and in another process */
	pid_t child = fork();
	if (child == 0) {
		int f = -1;
		_exit(ds_run_lock(dir, "l-run", &f, NULL) == LL_EUSAGE ? 0 : 1);
	}
	int status = 0;
	waitpid(child, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ds_run_unlock(fd);
	CHECK_INT(ds_run_lock_holder(dir), 0);
	CHECK_INT(resumable(dir, why, sizeof why), LL_OK);
	/* a holder that dies (kill -9) leaves the lock free */
	child = fork();
	if (child == 0) {
		int f = -1;
		ds_run_lock(dir, "l-run", &f, NULL);
		pause();
		_exit(0);
	}
	for (int i = 0; i < 500 && ds_run_lock_holder(dir) != child; i++)
		usleep(10000);
	CHECK_INT(ds_run_lock_holder(dir), child);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	CHECK_INT(ds_run_lock_holder(dir), 0);
	/* a reader's shared lock (loglab runs looking) is waited for, not
	 * taken for a training (on main: refused, naming the dead holder) */
	char lock[600];
	snprintf(lock, sizeof lock, "%s/train.lock", dir);
	child = fork();
	if (child == 0) {
		int g = open(lock, O_RDONLY);
		flock(g, LOCK_SH);
		usleep(300000);
		_exit(0);
	}
	for (int i = 0; i < 500; i++) {
		int g = open(lock, O_RDONLY);
		int free_now = g >= 0 && flock(g, LOCK_EX | LOCK_NB) == 0;
		close(g);
		if (!free_now)
			break;
		usleep(1000);
	}
	CHECK_INT(ds_run_lock(dir, "l-run", &fd, &err), LL_OK);
	waitpid(child, &status, 0);
	ds_run_unlock(fd);
	CHECK_INT(ds_run_lock("/nonexistent/folder", "x", &fd, &err), LL_EIO);
	CHECK(fd == -1);
}

int main(void)
{
	ll_test_scratch_dir(ws, sizeof ws, "resume");
	test_open();
	test_resumable();
	test_lock();
	ll_test_remove_dir(ws);
	TEST_MAIN_END();
}
