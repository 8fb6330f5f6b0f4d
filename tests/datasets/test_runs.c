/*
 * test_runs.c - run folders and their records: time-sortable ids with a
 * collision suffix, folders without a record discarded, the experiment's
 * canonical JSON and hash, ordinary
 * class flags, and apply mode: a recipe applied with a build's own fitted
 * parameters to the same data reproduces that build exactly (TF-IDF on
 * BGL lines, z-scores on SMD rows), with every sample moved to test.
 */
#include "harness.h"
#include "ds_runs.h"
#include "ds_run_sweep.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_ids(void)
{
	struct ll_err err;
	char tmpl[] = "/tmp/ll_test_runs_XXXXXX";
	char *ws = mkdtemp(tmpl);
	CHECK(ws != NULL);
	char id1[DS_RUN_ID_MAX], id2[DS_RUN_ID_MAX], id3[DS_RUN_ID_MAX];
	char *d1 = NULL, *d2 = NULL, *d3 = NULL;
	time_t t = 1795617282; /* a fixed time: the same second for all three */
	CHECK_INT(ds_run_create(ws, "dnn", t, id1, &d1, &err), LL_OK);
	CHECK_INT(ds_run_create(ws, "dnn", t, id2, &d2, &err), LL_OK);
	CHECK_INT(ds_run_create(ws, "a b/c", t, id3, &d3, &err), LL_OK);
	struct tm tmv;
	localtime_r(&t, &tmv);
	char stamp[32], want[64];
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tmv);
	snprintf(want, sizeof want, "%s-dnn", stamp);
	CHECK_STR(id1, want);
	snprintf(want, sizeof want, "%s-dnn-2", stamp);
	CHECK_STR(id2, want);
	snprintf(want, sizeof want, "%s-a-b-c", stamp);
	CHECK_STR(id3, want);
	struct stat st;
	CHECK(d2 && stat(d2, &st) == 0 && S_ISDIR(st.st_mode));
	/* a folder without run.json is not listed */
	struct ds_run_info *runs = NULL;
	size_t n = 9;
	CHECK_INT(ds_runs_list(ws, NULL, &runs, &n, &err), LL_OK);
	CHECK_INT(n, 0);
	/* a minimal record is */
	char p[4096];
	snprintf(p, sizeof p, "%s/run.json", d1);
	const char *rec = "{\"id\": \"x1\", \"experiment\": \"dnn\", \"status\": \"done\", \"created\": 5}";
	CHECK_INT(ds_write_text(p, rec, strlen(rec), &err), LL_OK);
	CHECK_INT(ds_runs_list(ws, NULL, &runs, &n, &err), LL_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(runs[0].id, "x1");
		CHECK_STR(runs[0].experiment, "dnn");
		CHECK_NEAR(runs[0].created, 5, 0);
	}
	ds_runs_free(runs, n);
	char *rd = ds_run_dir(ws, "x1");
	snprintf(want, sizeof want, "%s/runs/x1", ws);
	CHECK_STR(rd, want);
	free(rd);
	/* a folder that never got its record is discarded with its files; one
	 * with a record, or holding a folder of someone's, is kept */
	char f[4200];
	snprintf(f, sizeof f, "%s/log.txt", d2);
	CHECK_INT(ds_write_text(f, "x\n", 2, &err), LL_OK);
	snprintf(f, sizeof f, "%s/train.lock", d2);
	CHECK_INT(ds_write_text(f, "1\n", 2, &err), LL_OK);
	CHECK_INT(ds_run_discard_unrecorded(d1), 0);
	CHECK(stat(p, &st) == 0);
	CHECK_INT(ds_run_discard_unrecorded(d2), 1);
	CHECK(stat(d2, &st) != 0);
	snprintf(f, sizeof f, "%s/mine", d3);
	CHECK(mkdir(f, 0700) == 0);
	CHECK_INT(ds_run_discard_unrecorded(d3), 0);
	CHECK(stat(f, &st) == 0 && S_ISDIR(st.st_mode));
	rmdir(f);
	/* clean up */
	const char *ds[] = {d1, d2, d3};
	unlink(p);
	for (int i = 0; i < 3; i++)
		rmdir(ds[i]);
	snprintf(p, sizeof p, "%s/runs", ws);
	rmdir(p);
	rmdir(ws);
	free(d1);
	free(d2);
	free(d3);
}

static void test_exp_json(void)
{
	struct ll_err err;
	struct ll_exp_cfg a, b;
	ll_exp_defaults(&a);
	a.n_hidden = 3;
	a.hidden[0] = 100;
	a.hidden[1] = 50;
	a.hidden[2] = 7;
	a.optimizer = 1; /* adagrad */
	a.lr = 0.05;
	a.seed = 123456789;
	cJSON *o = ds_exp_cfg_to_json(&a, "dnn", "fs");
	CHECK(o != NULL);
	CHECK_INT(ds_exp_cfg_from_json(o, &b, &err), LL_OK);
	CHECK_INT(b.model, LL_EXP_MLP);
	CHECK_INT(b.n_hidden, 3);
	CHECK_INT(b.hidden[2], 7);
	CHECK_INT(b.optimizer, 1);
	CHECK_NEAR(b.lr, 0.05, 0);
	CHECK_INT(b.seed, 123456789);
	char s1[DS_SHA_HEX], s2[DS_SHA_HEX];
	ds_exp_cfg_sha(&a, s1);
	ds_exp_cfg_sha(&b, s2);
	CHECK_STR(s1, s2);
	CHECK_INT(strlen(s1), 64);
	b.lr = 0.01;
	ds_exp_cfg_sha(&b, s2);
	CHECK(strcmp(s1, s2) != 0);
	/* k-means keys only matter to k-means: hidden widths do not change its hash */
	struct ll_exp_cfg k1, k2;
	ll_exp_defaults(&k1);
	k1.model = LL_EXP_KMEANS;
	k2 = k1;
	k2.hidden[0] = 3;
	ds_exp_cfg_sha(&k1, s1);
	ds_exp_cfg_sha(&k2, s2);
	CHECK_STR(s1, s2);
	cJSON_Delete(o);
	cJSON *bad = cJSON_Parse("{\"model\": \"svm\"}");
	CHECK_INT(ds_exp_cfg_from_json(bad, &b, &err), LL_EDATA);
	cJSON_Delete(bad);
}

static void test_ordinary(void)
{
	struct ll_recipe r;
	ll_recipe_default(&r);
	const char *cls[] = {"Normal", "KERNDTLB", "-", "0", "1"};
	unsigned char *f = ds_ordinary_flags(&r, cls, 5);
	CHECK(f && f[0] == 1 && f[1] == 0 && f[2] == 1 && f[3] == 1 && f[4] == 0);
	free(f);
	r.target = LL_TARGET_BINARY;
	const char *bin[] = {"ordinary", "root cause"};
	f = ds_ordinary_flags(&r, bin, 2);
	CHECK(f && f[0] == 1 && f[1] == 0);
	free(f);
	r.target = LL_TARGET_CLASSES;
	r.n_ordinary = 1;
	snprintf(r.ordinary[0], sizeof r.ordinary[0], "KERNDTLB");
	f = ds_ordinary_flags(&r, cls, 5);
	CHECK(f && f[0] == 0 && f[1] == 1 && f[2] == 0);
	free(f);
}

/* The fitted parameters of a build, as a run keeps them. */
static void fit_of(const struct ds_fsdata *fs, struct ds_fit *fit)
{
	memset(fit, 0, sizeof *fit);
	fit->scaler_text = fs->man.scaler_text;
	fit->tfidf_text = fs->man.tfidf_text;
	fit->tpl = fs->tpl;
	fit->nclasses = fs->fm.nclasses;
	fit->classes = fs->fm.classes;
}

static void test_apply_tfidf(void)
{
	struct ll_err err;
	struct ll_recipe r;
	ll_recipe_default(&r);
	r.target = LL_TARGET_BINARY;
	r.text = LL_TEXT_TFIDF;
	r.n_features = 1024;
	const char *bgl = ll_test_data("loghub2/BGL/BGL_2k.log");
	struct ds_fsdata a, b;
	CHECK_INT(ds_fs_load(bgl, NULL, NULL, &r, NULL, &a, NULL, NULL, &err), LL_OK);
	CHECK_INT(a.fm.n, 2000);
	CHECK_INT(a.journal_sha[0], 0);
	CHECK_INT(strlen(a.data_sha), 64);
	CHECK(a.tids != NULL && a.tpl != NULL);
	/* random 0.7 / 0.3: ceil(0.3 * 2000) = 600 test lines */
	CHECK_INT(ll_featmat_count(&a.fm, LL_SPLIT_TEST), 600);
	struct ds_fit fit;
	fit_of(&a, &fit);
	CHECK_INT(ds_fs_load(bgl, NULL, NULL, &r, &fit, &b, NULL, NULL, &err), LL_OK);
	CHECK_INT(b.fm.n, 2000);
	CHECK_INT(ll_featmat_count(&b.fm, LL_SPLIT_TEST), 2000);
	CHECK_STR(b.fingerprint, a.fingerprint);
	int same = a.fm.sparse && b.fm.sparse && a.fm.sparse->nnz == b.fm.sparse->nnz;
	for (size_t i = 0; same && i <= 2000; i++)
		same = a.fm.sparse->indptr[i] == b.fm.sparse->indptr[i];
	for (size_t p = 0; same && p < a.fm.sparse->nnz; p++)
		same = a.fm.sparse->indices[p] == b.fm.sparse->indices[p] && a.fm.sparse->values[p] == b.fm.sparse->values[p];
	CHECK(same);
	int ysame = 1;
	for (size_t i = 0; i < 2000; i++)
		ysame &= a.fm.y[i] == b.fm.y[i];
	CHECK(ysame);
	/* matched against the fitted miner, every line finds its own template */
	int tsame = 1;
	for (size_t i = 0; i < 2000; i++)
		tsame &= a.tids[i] == b.tids[i];
	CHECK(tsame);
	ds_fsdata_free(&b);
	ds_fsdata_free(&a);
}

static void test_apply_scaler(void)
{
	struct ll_err err;
	struct ll_recipe r;
	ll_recipe_default(&r);
	r.scale = LL_SCALE_ZSCORE;
	r.split = LL_RSPLIT_CHRONO;
	const char *smd = ll_test_data("smd/csv/machine-1-6_test.csv");
	struct ds_fsdata a, b;
	CHECK_INT(ds_fs_load(smd, NULL, NULL, &r, NULL, &a, NULL, NULL, &err), LL_OK);
	CHECK(a.man.scaler_text != NULL);
	CHECK(a.tids == NULL); /* no text column: no templates */
	struct ds_fit fit;
	fit_of(&a, &fit);
	CHECK_INT(ds_fs_load(smd, NULL, NULL, &r, &fit, &b, NULL, NULL, &err), LL_OK);
	CHECK_INT(b.fm.n, a.fm.n);
	CHECK_INT(b.fm.d, 38);
	CHECK(a.fm.n == b.fm.n && memcmp(a.fm.X, b.fm.X, a.fm.n * a.fm.d * sizeof(float)) == 0);
	ds_fsdata_free(&b);
	ds_fsdata_free(&a);
}

/* A run folder ws/runs/id holding the given files (NULL-ended), each
 * and the folder backdated by age seconds; its path into out. */
static void run_folder(const char *ws, const char *id, long age, const char *const *files, char *out, size_t cap)
{
	snprintf(out, cap, "%s/runs/%s", ws, id);
	CHECK(mkdir(out, 0777) == 0);
	struct timespec ts[2];
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= age;
	ts[1] = ts[0];
	for (size_t i = 0; files && files[i]; i++) {
		char p[4200];
		snprintf(p, sizeof p, "%s/%s", out, files[i]);
		FILE *f = fopen(p, "w");
		CHECK(f != NULL);
		if (f) {
			fputs("1\n", f);
			fclose(f);
		}
		utimensat(AT_FDCWD, p, ts, 0);
	}
	utimensat(AT_FDCWD, out, ts, 0);
}

static void note_id(void *ctx, const char *id)
{
	int *n = ctx;
	(*n)++;
	CHECK(strstr(id, "-dead") != NULL);
}

/* Folders of trainings killed before run.json: removed when abandoned (an
 * old, free train.lock; or empty and old), kept otherwise - a record, a
 * lock held (a child's flock), a fresh lock or folder (a training about to
 * lock), a name not a run id's, a folder inside. */
static void test_sweep(void)
{
	char scratch[1024];
	const char *ws = ll_test_scratch_dir(scratch, sizeof scratch, "sweep");
	char runs[4096], d[8][4200];
	snprintf(runs, sizeof runs, "%s/runs", ws);
	CHECK(mkdir(runs, 0777) == 0);
	const char *killed[] = {"log.txt", "train.lock", NULL}, *recorded[] = {"log.txt", "train.lock", "run.json", NULL};
	long old = DS_RUN_ABANDONED_S + 30;
	run_folder(ws, "20260101-000000-dead", old, killed, d[0], sizeof d[0]);
	run_folder(ws, "20260101-000001-dead-empty", old, NULL, d[1], sizeof d[1]);
	run_folder(ws, "20260101-000002-recorded", old, recorded, d[2], sizeof d[2]);
	run_folder(ws, "20260101-000003-held", old, killed, d[3], sizeof d[3]);
	run_folder(ws, "20260101-000004-fresh", 0, killed, d[4], sizeof d[4]);
	run_folder(ws, "20260101-000005-fresh-empty", 0, NULL, d[5], sizeof d[5]);
	run_folder(ws, "my-notes", old, killed, d[6], sizeof d[6]);
	run_folder(ws, "20260101-000007-mine", old, killed, d[7], sizeof d[7]);
	char sub[4300];
	snprintf(sub, sizeof sub, "%s/kept", d[7]);
	CHECK(mkdir(sub, 0777) == 0);
	/* a training (a child) holds held's lock */
	int ready[2];
	CHECK(pipe(ready) == 0);
	pid_t holder = fork();
	if (holder == 0) {
		char p[4300];
		snprintf(p, sizeof p, "%s/train.lock", d[3]);
		int fd = open(p, O_RDWR);
		char c = fd >= 0 && flock(fd, LOCK_EX) == 0 ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	char c = 'n';
	CHECK(read(ready[0], &c, 1) == 1 && c == 'y');
	int noted = 0;
	CHECK_INT(ds_runs_sweep_unrecorded(ws, note_id, &noted), 2);
	CHECK_INT(noted, 2);
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	close(ready[0]);
	close(ready[1]);
	struct stat st;
	CHECK(stat(d[0], &st) != 0);
	CHECK(stat(d[1], &st) != 0);
	for (int i = 2; i < 8; i++)
		CHECK(stat(d[i], &st) == 0);
	CHECK(stat(sub, &st) == 0);
	/* held's training gone: its folder goes at the next sweep */
	CHECK_INT(ds_runs_sweep_unrecorded(ws, NULL, NULL), 1);
	CHECK(stat(d[3], &st) != 0);
	ll_test_remove_dir(ws);
}

int main(void)
{
	test_sweep();
	test_ids();
	test_exp_json();
	test_ordinary();
	test_apply_tfidf();
	test_apply_scaler();
	TEST_MAIN_END();
}
