/*
 * test_runs_api.c - a run folder written and read back through the public
 * parts of ds_runs.h, as `loglab train` and the TUI's queue do it, on a
 * small workspace of its own: the experiment taken from loglab.json, the
 * feature set loaded by name (its errors naming the feature set), the
 * record and its keys, the fitted parameters, the log, the results
 * (metrics.json equal to ds_results_metrics' document), the checkpoint
 * path; then read (ds_run_read), opened (ds_run_open, ds_run_open_any;
 * refusals of unfinished and missing runs), and judged stale as the
 * workspace, the data and the labels change (a label set and undone
 * changes nothing: ds_journal_state_sha); processes creating runs at once
 * get distinct folders; the workspace signature, journal stamps and row
 * hashes views rely on. Also the JSON and text file
 * helpers, progress.json's round trip, the dataset checks, and the table
 * a preview reads as training does (ds_fs_load_table).
 */
#include "harness.h"

#include <pwd.h>

#include <cjson/cJSON.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ds_dataset.h"
#include "ds_freshness.h"
#include "ds_labels.h"
#include "ds_progress.h"
#include "ds_run_resume.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_journal.h"
#include "ll_labels.h"

static char ws_dir[256];

static const char *in_ws(const char *name)
{
	static char buf[2][512];
	static int k;
	k ^= 1;
	snprintf(buf[k], sizeof buf[k], "%s/%s", ws_dir, name);
	return buf[k];
}

static void put(const char *name, const char *text)
{
	FILE *f = fopen(in_ws(name), "w");
	fputs(text, f);
	fclose(f);
}

static const char *ws_text(double C)
{
	static char buf[1024];
	snprintf(buf, sizeof buf,
		 "{\"version\": 1,\n"
		 " \"datasets\": {\"d\": {\"path\": \"data.csv\"}, \"gone\": {\"path\": \"nowhere.csv\"}},\n"
		 " \"featuresets\": {\"f\": {\"dataset\": \"d\", \"columns\": \"^x\", \"split\": {\"kind\": "
		 "\"chronological\", \"train\": 0.7, \"test\": 0.3}, \"scale\": \"zscore\"},\n"
		 "   \"g\": {\"dataset\": \"gone\"}},\n"
		 " \"experiments\": {\"lr\": {\"featureset\": \"f\", \"model\": \"logreg\", \"C\": %g, \"seed\": 1},\n"
		 "   \"lost\": {\"featureset\": \"g\", \"model\": \"logreg\"}}}\n",
		 C);
	return buf;
}

static void write_data(int variant)
{
	char buf[8192];
	size_t n = (size_t)snprintf(buf, sizeof buf, "x1,x2,label\n");
	/* another variant has another size too: a rewrite of the same size
	 * within one tick of the file system's clock would look unchanged to
	 * stat-based caches (ds_file_fingerprint) */
	for (int i = 0; i < 60 + variant; i++) {
		int y = (i * 7 + variant) % 3 == 0;
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%d.%d,%d,%s\n", y * 3 + i % 5, i % 7, (i * 13) % 11,
				      y ? "bad" : "normal");
	}
	put("data.csv", buf);
}

/* Trains experiment "lr" into a new run folder the way cli_train does. */
static int train(struct ds_workspace *ws, char id[DS_RUN_ID_MAX], char **dir, void **metrics_out)
{
	struct ll_err err;
	const struct ds_ws_experiment *x = ds_workspace_experiment(ws, "lr");
	const struct ds_ws_featureset *f = x ? ds_workspace_featureset(ws, x->featureset) : NULL;
	const struct ds_ws_dataset *d = f ? ds_workspace_dataset(ws, f->dataset) : NULL;
	if (!d)
		return -1;
	struct ll_exp_cfg cfg;
	ds_exp_cfg_from_ws(x, &cfg);
	CHECK_INT(cfg.model, LL_EXP_LOGREG);
	CHECK_NEAR(cfg.C, x->C, 0);
	CHECK(cfg.seed == 1);
	struct ds_fsdata fs;
	int rc = ds_fs_load_named("f", d->path, d->format, d->labels, &f->recipe, &fs, &err);
	CHECK_INT(rc, LL_OK);
	if (rc) {
		fprintf(stderr, "%s\n", err.msg);
		return rc;
	}
	CHECK(fs.fm.n == 60 && fs.fm.d == 2);
	struct ll_exp *e;
	CHECK_INT(ll_exp_new(&cfg, &fs.fm, &e, &err), LL_OK);
	CHECK_INT(ds_run_create(ws->dir, "lr", time(NULL), id, dir, &err), LL_OK);
	struct ds_run_log lg;
	ds_run_log_open(&lg, *dir);
	CHECK(lg.f != NULL);
	ds_run_logf(&lg, "training %s on %zu samples", "lr", fs.fm.n);
	struct ds_run_rec ra = {id, "lr", "f", "cli", "d", d->format, d->labels, "d", &f->recipe, &cfg, &fs,
				(double)time(NULL)};
	void *rec = ds_run_record(&ra);
	CHECK(rec != NULL);
	CHECK_INT(ds_run_save_record(*dir, rec, &err), LL_OK);
	CHECK_INT(ds_run_save_fit(*dir, &fs, &err), LL_OK);
	atomic_int cancel = 0;
	CHECK_INT(ll_exp_solve(e, &fs.fm, &cancel, &err), LL_OK);
	struct ll_exp_pred pred;
	memset(&pred, 0, sizeof pred);
	CHECK_INT(ll_exp_predict(e, &fs.fm, &pred, &err), LL_OK);
	unsigned char *ord = ds_ordinary_flags(&f->recipe, (const char *const *)fs.fm.classes, fs.fm.nclasses);
	struct ds_results res = {&cfg, e, &fs, &pred, ord, NULL, NULL};
	void *mj = NULL, *alone = NULL;
	CHECK_INT(ds_results_write(*dir, &res, &mj, &err), LL_OK);
	CHECK_INT(ds_results_metrics(&res, &alone, &err), LL_OK);
	/* the document alone is the one written */
	CHECK(mj && alone && cJSON_Compare(mj, alone, 1));
	cJSON_Delete(alone);
	char mp[600];
	snprintf(mp, sizeof mp, "%s/model.llm", *dir);
	CHECK_INT(ll_exp_save(e, mp, fs.fingerprint, &err), LL_OK);
	ds_run_set_str(rec, "status", "done");
	ds_run_set_num(rec, "duration_s", 1.25);
	ds_run_set_num(rec, "duration_s", 2.5); /* replaced, not added twice */
	ds_run_record_fit(rec, e, NULL);
	CHECK_INT(ds_run_save_record(*dir, rec, &err), LL_OK);
	ds_run_logf(&lg, "done");
	ds_run_log_close(&lg);
	CHECK(lg.f == NULL);
	ds_run_log_close(&lg); /* twice is harmless */
	cJSON_Delete(rec);
	free(ord);
	ll_exp_pred_free(&pred);
	ll_exp_free(e);
	ds_fsdata_free(&fs);
	*metrics_out = mj;
	return LL_OK;
}

static void test_record_and_files(const char *dir, const char *id, const void *metrics)
{
	struct ll_err err;
	char p[600];
	void *j = NULL;
	snprintf(p, sizeof p, "%s/run.json", dir);
	CHECK_INT(ds_read_json(p, &j, &err), LL_OK);
	if (j) {
		const cJSON *o = j;
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "id")), id);
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "status")), "done");
		CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "source")), "cli");
		CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItem(o, "duration_s")), 2.5, 0);
		int n_dur = 0;
		for (const cJSON *c = o->child; c; c = c->next)
			n_dur += strcmp(c->string, "duration_s") == 0;
		CHECK_INT(n_dur, 1);
		const cJSON *solver = cJSON_GetObjectItem(o, "solver");
		CHECK(solver && cJSON_IsNumber(cJSON_GetObjectItem(solver, "iterations")));
		CHECK(cJSON_GetObjectItem(o, "epochs_done") == NULL); /* no training loop */
		CHECK(cJSON_GetObjectItem(o, "dataset") && cJSON_GetObjectItem(o, "recipe"));
		cJSON_Delete(j);
	}
	/* metrics.json holds what ds_results_write returned */
	snprintf(p, sizeof p, "%s/metrics.json", dir);
	CHECK_INT(ds_read_json(p, &j, &err), LL_OK);
	CHECK(j && cJSON_Compare(j, metrics, 1));
	cJSON_Delete(j);
	/* the fitted scaler, the log, the checkpoint path */
	snprintf(p, sizeof p, "%s/scaler.txt", dir);
	CHECK(access(p, F_OK) == 0);
	char *text = NULL;
	size_t len = 0;
	snprintf(p, sizeof p, "%s/log.txt", dir);
	CHECK_INT(ds_read_text(p, &text, &len, &err), LL_OK);
	CHECK(text && strstr(text, " training lr on 60 samples\n") && strstr(text, " done\n"));
	CHECK(text && len == strlen(text));
	free(text);
	char *cp = ds_run_checkpoint_path(dir);
	snprintf(p, sizeof p, "%s/checkpoint.llm", dir);
	CHECK_STR(cp, p);
	free(cp);
}

static void test_read_open(const char *id, const char *dir)
{
	struct ll_err err;
	struct ds_run_info info;
	CHECK_INT(ds_run_read(dir, &info, &err), LL_OK);
	CHECK_STR(info.id, id);
	CHECK_STR(info.experiment, "lr");
	CHECK_STR(info.featureset, "f");
	CHECK_STR(info.status, "done");
	CHECK_STR(info.model, "logreg");
	CHECK_NEAR(info.duration_s, 2.5, 0);
	CHECK(info.metrics != NULL);
	ds_run_info_free(&info);
	CHECK(info.dir == NULL && info.json == NULL);
	ds_run_info_free(&info); /* twice is harmless */
	CHECK(ds_run_read(in_ws("runs/none"), &info, &err) != LL_OK);
	ds_run_info_free(&info);

	struct ds_run r;
	CHECK_INT(ds_run_open(ws_dir, id, &r, &err), LL_OK);
	CHECK(r.model != NULL && r.detector == NULL);
	CHECK_INT(r.cfg.model, LL_EXP_LOGREG);
	CHECK_INT(r.fit.nclasses, 2);
	CHECK(r.fit.scaler_text != NULL);
	CHECK(r.dataset_path && strstr(r.dataset_path, "data.csv"));
	ds_run_close(&r);
	CHECK(r.dir == NULL && r.model == NULL);
	CHECK_INT(ds_run_open_any(ws_dir, dir, &r, &err), LL_OK); /* by folder too */
	CHECK(r.model != NULL);
	ds_run_close(&r);
	ll_err_clear(&err);
	CHECK_INT(ds_run_open(ws_dir, "no-such-run", &r, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "no run \"no-such-run\"") == err.msg);
	/* an unfinished run says so */
	char id2[DS_RUN_ID_MAX], *dir2 = NULL;
	CHECK_INT(ds_run_create(ws_dir, "lr", time(NULL), id2, &dir2, &err), LL_OK);
	char p[600];
	snprintf(p, sizeof p, "%s/run.json", dir2);
	cJSON *half = cJSON_CreateObject();
	cJSON_AddStringToObject(half, "status", "running");
	CHECK_INT(ds_write_json(p, half, &err), LL_OK);
	cJSON_Delete(half);
	CHECK_INT(ds_run_open_any(ws_dir, id2, &r, &err), LL_EUSAGE);
	/* no training holds it, and it records nothing to continue: train
	 * again (main told every unfinished run to resume) */
	char want[200];
	snprintf(want, sizeof want, "run %s is interrupted, not finished: records no experiment to continue", id2);
	CHECK_STR(err.msg, want);
	/* a training holds it: wait (main: resume it, which is refused) */
	int lock = -1;
	CHECK_INT(ds_run_lock(dir2, id2, &lock, &err), LL_OK);
	CHECK_INT(ds_run_open_any(ws_dir, id2, &r, &err), LL_EUSAGE);
	snprintf(want, sizeof want, "run %s is training now (process %ld): it can be read once done", id2,
		 (long)getpid());
	CHECK_STR(err.msg, want);
	ds_run_unlock(lock);
	free(dir2);
}

static int stale(const char *dir, char *why, size_t cap)
{
	struct ll_err err;
	struct ds_workspace *ws;
	if (ds_workspace_load(ws_dir, &ws, &err) != LL_OK)
		return -9;
	struct ds_run_info info;
	int s = -8;
	if (ds_run_read(dir, &info, &err) == LL_OK)
		s = ds_run_stale(ws, &info, why, cap);
	ds_run_info_free(&info);
	ds_workspace_free(ws);
	return s;
}

static uint32_t csv_row_hash(void *ctx, size_t row)
{
	(void)ctx;
	(void)row;
	return 0; /* the state sha reads the journal only */
}

static void test_stale(const char *dir)
{
	char why[512];
	CHECK_INT(stale(dir, why, sizeof why), 0);
	CHECK_STR(why, "");
	/* the experiment changes */
	put("loglab.json", ws_text(0.5));
	CHECK_INT(stale(dir, why, sizeof why), 1);
	CHECK_STR(why, "experiment \"lr\" changed");
	put("loglab.json", ws_text(1));
	CHECK_INT(stale(dir, why, sizeof why), 0);

	/* labels set and undone: the same labels, not stale */
	struct ll_err err;
	char *jp = ds_labels_default_path(in_ws("data.csv"));
	CHECK_STR(jp, in_ws("data.csv.labels"));
	/* beside the file is not apart; the user's data folder is (a
	 * read-only folder's journal: tests/cli/test_readonly_labels.sh;
	 * the data folder of this HOME: test_data_folder) */
	CHECK_INT(ds_labels_kept_apart(in_ws("data.csv"), jp), 0);
	CHECK_INT(ds_labels_kept_apart("https://h/x.log", "/home/u/.local/share/loglab/labels/apart/x.labels"), 0);
	CHECK_INT(ds_labels_kept_apart("/ro/x.log", NULL), 0);
	char sha0[DS_SHA_HEX] = "x";
	CHECK_INT(ds_journal_state_sha(jp, sha0, &err), LL_OK); /* no journal */
	CHECK_STR(sha0, "");
	struct ll_labels *l = ll_labels_new(60);
	int normal = ll_labels_class_id(l, "normal"), bad = ll_labels_class_id(l, "bad");
	for (size_t i = 0; i < 60; i++)
		ll_labels_set_base(l, i, normal);
	(void)bad;
	CHECK_INT(ll_labels_attach_journal(l, jp, csv_row_hash, NULL, NULL, NULL, &err), LL_OK);
	size_t row = 4;
	CHECK_INT(ll_labels_apply(l, &row, 1, bad, "key", &err), 1);
	char sha1[DS_SHA_HEX];
	CHECK_INT(ds_journal_state_sha(jp, sha1, &err), LL_OK);
	CHECK(strlen(sha1) == 64);
	CHECK_INT(stale(dir, why, sizeof why), 1);
	CHECK_STR(why, "labels changed since");
	CHECK_INT(ll_labels_undo(l, &err), 1);
	char sha2[DS_SHA_HEX] = "x";
	CHECK_INT(ds_journal_state_sha(jp, sha2, &err), LL_OK);
	CHECK_STR(sha2, ""); /* nothing changed on net */
	CHECK_INT(stale(dir, why, sizeof why), 0);
	CHECK_INT(ll_labels_redo(l, &err), 1);
	char sha3[DS_SHA_HEX];
	CHECK_INT(ds_journal_state_sha(jp, sha3, &err), LL_OK);
	CHECK_STR(sha3, sha1); /* the same net change, the same fingerprint */
	CHECK_INT(ll_labels_undo(l, &err), 1);
	ll_labels_free(l);
	/* an unreadable journal */
	CHECK_INT(ds_journal_state_sha(ws_dir, sha3, &err), LL_EIO);
	free(jp);

	/* the data changes, then goes */
	write_data(1);
	CHECK_INT(stale(dir, why, sizeof why), 1);
	CHECK(strstr(why, "dataset content changed") == why);
	rename(in_ws("data.csv"), in_ws("moved.csv"));
	CHECK_INT(stale(dir, why, sizeof why), 1);
	CHECK(strstr(why, "can no longer be read") != NULL);
	rename(in_ws("moved.csv"), in_ws("data.csv"));
	write_data(0);
	CHECK_INT(stale(dir, why, sizeof why), 0);
	/* the experiment goes: the reason names it (several reasons joined) */
	put("loglab.json", "{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"data.csv\"}}, \"featuresets\": {}, "
			   "\"experiments\": {}}\n");
	CHECK_INT(stale(dir, why, sizeof why), 1);
	CHECK_STR(why, "experiment \"lr\" is no longer in loglab.json; feature set \"f\" is no longer in loglab.json");
	char small[20];
	CHECK_INT(stale(dir, small, sizeof small), 1); /* cut, never overrun */
	CHECK_INT(strlen(small), sizeof small - 1);
	put("loglab.json", ws_text(1));
}

/* Processes creating runs of one experiment in the same second each get
 * a folder of their own (mkdir is the lock): no id is handed out twice. */
static void test_concurrent_create(void)
{
	/* under valgrind (LL_VALGRIND) a forked child pays about 0.5 s for
	 * copying the tool's state: two processes still race */
	enum { MAXPROCS = 6, EACH = 3 };
	const size_t PROCS = getenv("LL_VALGRIND") ? 2 : MAXPROCS;
	int p[2];
	if (pipe(p) != 0)
		return;
	time_t t = 1795617282;
	for (size_t k = 0; k < PROCS; k++) {
		if (fork() == 0) {
			close(p[0]);
			for (int i = 0; i < EACH; i++) {
				struct ll_err err;
				char id[DS_RUN_ID_MAX], *dir = NULL;
				if (ds_run_create(ws_dir, "same", t, id, &dir, &err) == LL_OK) {
					char line[DS_RUN_ID_MAX + 2];
					int n = snprintf(line, sizeof line, "%s\n", id);
					if (write(p[1], line, (size_t)n) != n)
						_exit(2);
				}
				free(dir);
			}
			_exit(0);
		}
	}
	close(p[1]);
	char buf[MAXPROCS * EACH * (DS_RUN_ID_MAX + 2)];
	size_t got = 0;
	ssize_t n;
	while (got < sizeof buf - 1 && (n = read(p[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(p[0]);
	for (size_t k = 0; k < PROCS; k++)
		wait(NULL);
	char *ids[MAXPROCS * EACH];
	size_t nids = 0;
	for (char *tok = strtok(buf, "\n"); tok && nids < PROCS * EACH; tok = strtok(NULL, "\n"))
		ids[nids++] = tok;
	CHECK_INT(nids, PROCS * EACH);
	int dup = 0;
	for (size_t a = 0; a < nids; a++)
		for (size_t b = a + 1; b < nids; b++)
			dup += strcmp(ids[a], ids[b]) == 0;
	CHECK_INT(dup, 0);
	struct stat st;
	char path[600];
	int dirs = 0;
	for (size_t a = 0; a < nids; a++) {
		snprintf(path, sizeof path, "%s/runs/%s", ws_dir, ids[a]);
		dirs += stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	}
	CHECK_INT(dirs, PROCS * EACH);
}

/* What views redraw on: the workspace's signature and the journal stamps
 * change when loglab.json, a run, a dataset or its journal changes, and
 * only then. */
static void test_signatures(void)
{
	struct ll_err err;
	struct ds_workspace *ws;
	CHECK_INT(ds_workspace_load(ws_dir, &ws, &err), LL_OK);
	if (!ws)
		return;
	char *data = strdup(in_ws("data.csv"));
	char *jp = ds_labels_default_path(data);
	unlink(jp);
	uint64_t s0 = ds_workspace_signature(ws_dir, ws), n0 = ds_workspace_signature(ws_dir, NULL);
	CHECK(s0 == ds_workspace_signature(ws_dir, ws)); /* stable while nothing changes */
	CHECK(s0 != n0);                                  /* the datasets count with ws */
	CHECK(ds_labels_journal_stamp(data) == 0);        /* no journal */
	uint64_t w0 = ds_labels_workspace_stamp(ws);
	CHECK(w0 == 0);
	CHECK(ds_labels_journal_stamp("https://example.invalid/x.csv") == 0);
	CHECK(ds_labels_workspace_stamp(NULL) == 0);

	/* a journal appears, then grows */
	struct ll_labels *l = ll_labels_new(60);
	int bad = ll_labels_class_id(l, "bad");
	CHECK_INT(ll_labels_attach_journal(l, jp, csv_row_hash, NULL, NULL, NULL, &err), LL_OK);
	size_t row = 7;
	CHECK_INT(ll_labels_apply(l, &row, 1, bad, "key", &err), 1);
	uint64_t j1 = ds_labels_journal_stamp(data), s1 = ds_workspace_signature(ws_dir, ws);
	CHECK(j1 != 0);
	CHECK(s1 != s0);
	CHECK(ds_labels_workspace_stamp(ws) != w0);
	CHECK(ds_workspace_signature(ws_dir, NULL) == n0); /* without ws: journals do not count */
	row = 8;
	CHECK_INT(ll_labels_apply(l, &row, 1, bad, "key", &err), 1);
	CHECK(ds_labels_journal_stamp(data) != j1);
	uint64_t s2 = ds_workspace_signature(ws_dir, ws);
	CHECK(s2 != s1);
	ll_labels_free(l);
	unlink(jp);
	/* a new run folder with its run.json */
	char id[DS_RUN_ID_MAX], *dir = NULL;
	CHECK_INT(ds_run_create(ws_dir, "sig", time(NULL), id, &dir, &err), LL_OK);
	char p[600];
	snprintf(p, sizeof p, "%s/run.json", dir);
	uint64_t s3 = ds_workspace_signature(ws_dir, ws);
	CHECK_INT(ds_write_text(p, "{}\n", 3, &err), LL_OK);
	CHECK(ds_workspace_signature(ws_dir, ws) != s3);
	CHECK(ds_workspace_signature(ws_dir, NULL) != n0);
	free(dir);
	/* loglab.json rewritten with other content */
	uint64_t s4 = ds_workspace_signature(ws_dir, ws);
	put("loglab.json", ws_text(2.5)); /* another size: see write_data */
	CHECK(ds_workspace_signature(ws_dir, ws) != s4);
	put("loglab.json", ws_text(1));
	free(jp);
	free(data);
	ds_workspace_free(ws);
}

/* ds_labels_row_hash is ll_line_hash of the whole row text, short or long
 * (around its 4 KiB stack buffer). */
static void test_row_hash(void)
{
	static const size_t lens[] = {0, 1, 4095, 4096, 4097, 10000};
	enum { N = sizeof lens / sizeof *lens };
	char *text = malloc(N * 10002);
	size_t at = 0;
	for (size_t i = 0; i < N; i++) {
		for (size_t k = 0; k < lens[i]; k++)
			text[at++] = (char)('a' + (k * 7 + i) % 26);
		text[at++] = '\n';
	}
	char *path = strdup(in_ws("long.log"));
	FILE *f = fopen(path, "w");
	fwrite(text, 1, at, f);
	fclose(f);
	struct ds_dataset *ds;
	struct ll_err err;
	struct ds_open_opts o = {.format = "lines"};
	CHECK_INT(ds_dataset_open(&ds, path, &o, &err), LL_OK);
	if (ds) {
		for (int i = 0; i < 20000 && !ds_dataset_complete(ds); i++)
			usleep(1000);
		CHECK_INT(ds_dataset_nrows(ds), N);
		size_t off = 0;
		for (size_t i = 0; i < N && i < ds_dataset_nrows(ds); i++) {
			CHECK(ds_labels_row_hash(ds, i) == ll_line_hash(text + off, lens[i]));
			off += lens[i] + 1;
		}
		ds_dataset_close(ds);
	}
	free(path);
	free(text);
}

static void test_file_helpers(void)
{
	struct ll_err err;
	char *text = NULL;
	size_t len = 7;
	CHECK_INT(ds_write_text(in_ws("t.txt"), "", 0, &err), LL_OK);
	CHECK_INT(ds_read_text(in_ws("t.txt"), &text, &len, &err), LL_OK);
	CHECK(text && text[0] == '\0' && len == 0);
	free(text);
	/* bytes past 4 KiB, a NUL inside: len counts every byte */
	char big[10000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	big[5000] = '\0';
	CHECK_INT(ds_write_text(in_ws("big.txt"), big, sizeof big, &err), LL_OK);
	CHECK_INT(ds_read_text(in_ws("big.txt"), &text, &len, &err), LL_OK);
	CHECK_INT(len, sizeof big);
	CHECK(text && memcmp(text, big, sizeof big) == 0 && text[len] == '\0');
	free(text);
	CHECK_INT(ds_read_text(in_ws("missing.txt"), &text, NULL, &err), LL_EIO);
	CHECK(text == NULL);
	CHECK(strstr(err.msg, "missing.txt: cannot read") != NULL);

	void *j = NULL;
	put("bad.json", "{\"a\": [1, 2,");
	CHECK_INT(ds_read_json(in_ws("bad.json"), &j, &err), LL_EDATA);
	CHECK(j == NULL);
	CHECK(strstr(err.msg, "bad.json: not valid JSON") != NULL);
	CHECK_INT(ds_read_json(in_ws("missing.json"), &j, &err), LL_EIO);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "s", "tab\there \"quoted\" é");
	cJSON_AddNumberToObject(o, "n", 0.1);
	CHECK_INT(ds_write_json(in_ws("o.json"), o, &err), LL_OK);
	CHECK_INT(ds_read_json(in_ws("o.json"), &j, &err), LL_OK);
	CHECK(j && cJSON_Compare(j, o, 1));
	cJSON_Delete(j);
	cJSON_Delete(o);
	CHECK_INT(ds_read_text(in_ws("o.json"), &text, &len, &err), LL_OK);
	CHECK(text && len > 0 && text[len - 1] == '\n'); /* ends its line */
	free(text);
	/* a folder that does not exist */
	o = cJSON_CreateObject();
	CHECK(ds_write_json(in_ws("no/such/o.json"), o, &err) != LL_OK);
	cJSON_Delete(o);
}

static void test_progress(void)
{
	struct ll_err err;
	char *dir = strdup(in_ws("runs/progress"));
	mkdir(dir, 0777);
	struct ll_train_progress p, q;
	memset(&p, 0, sizeof p);
	memset(&q, 0, sizeof q);
	size_t n = 99;
	CHECK_INT(ds_progress_read(dir, &q, NULL, NULL, NULL, 0, &n, &err), LL_EIO); /* not yet */
	p.epoch = 3;
	p.epochs = 10;
	p.batch = 5;
	p.batches = 8;
	p.loss = 0.25;
	p.epoch_loss = 0.5;
	p.dev_loss = NAN; /* written as null */
	p.dev_metric = 0.75;
	p.samples_per_s = 1234.5;
	p.eta_s = 42;
	p.epochs_done = 3;
	double loss[3] = {0.9, 0.6, 0.5}, dev[3] = {NAN, 0.7, 0.65};
	struct ds_progress_curves c = {3, loss, dev, NULL};
	CHECK_INT(ds_progress_write(dir, &p, 4, &c, &err), LL_OK);
	double l2[5], d2[5], m2[5];
	CHECK_INT(ds_progress_read(dir, &q, l2, d2, m2, 5, &n, &err), LL_OK);
	CHECK_INT(n, 3);
	CHECK(q.epoch == 3 && q.epochs == 10 && q.batch == 5 && q.batches == 8 && q.epochs_done == 3);
	CHECK(q.loss == 0.25 && q.epoch_loss == 0.5 && q.dev_metric == 0.75 && q.samples_per_s == 1234.5);
	CHECK(q.eta_s == 42);
	CHECK(isnan(q.dev_loss));
	CHECK(l2[0] == 0.9 && l2[2] == 0.5 && isnan(d2[0]) && d2[1] == 0.7);
	CHECK(isnan(m2[0]) && isnan(m2[2])); /* a curve not given reads as nulls */
	/* fewer slots than epochs: the first cap */
	CHECK_INT(ds_progress_read(dir, &q, l2, NULL, NULL, 2, &n, &err), LL_OK);
	CHECK_INT(n, 2);
	CHECK(!q.epoch_end && ll_train_progress_epoch(&q) == 4 && ll_train_progress_fraction(&q) == 3.625 / 10);
	/* the end of the 4th epoch: "epoch" counts it, the line names it with
	 * its batches all done (not "epoch 5/10 batch 8/8"), and the launched
	 * run's reader keeps the mark */
	p.epoch = 4;
	p.batch = 8;
	p.epoch_end = 1;
	p.epochs_done = 4;
	CHECK_INT(ds_progress_write(dir, &p, 4, &c, &err), LL_OK);
	CHECK_INT(ds_progress_read(dir, &q, l2, d2, m2, 5, &n, &err), LL_OK);
	CHECK(q.epoch_end == 1 && ll_train_progress_epoch(&q) == 4 && ll_train_progress_fraction(&q) == 0.4);
	p.epoch = p.epochs = 10; /* finished */
	CHECK(ll_train_progress_epoch(&p) == 10 && ll_train_progress_fraction(&p) == 1);
	p.epoch_end = 0;
	/* no curves at all */
	CHECK_INT(ds_progress_write(dir, &p, 1, NULL, &err), LL_OK);
	CHECK_INT(ds_progress_read(dir, &q, l2, d2, m2, 5, &n, &err), LL_OK);
	CHECK_INT(n, 0);
	/* a damaged file is a data error naming it */
	char pp[600];
	snprintf(pp, sizeof pp, "%s/progress.json", dir);
	FILE *f = fopen(pp, "w");
	fputs("{\"epoch\": ", f);
	fclose(f);
	ll_err_clear(&err);
	CHECK_INT(ds_progress_read(dir, &q, NULL, NULL, NULL, 0, &n, &err), LL_EDATA);
	CHECK(strstr(err.msg, "progress.json") != NULL);
	free(dir);
}

static void test_dataset_checks(void)
{
	struct ll_err err;
	struct ds_workspace *ws;
	CHECK_INT(ds_workspace_load(ws_dir, &ws, &err), LL_OK);
	if (!ws)
		return;
	CHECK_INT(ds_ws_dataset_check(ds_workspace_dataset(ws, "d"), &err), LL_OK);
	ll_err_clear(&err);
	CHECK_INT(ds_ws_dataset_check(ds_workspace_dataset(ws, "gone"), &err), LL_EIO);
	CHECK(strstr(err.msg, "datasets.gone.path: ") == err.msg && strstr(err.msg, "nowhere.csv"));
	CHECK_INT(ds_ws_experiment_check(ws, "lr", &err), LL_OK);
	CHECK_INT(ds_ws_experiment_check(ws, "lost", &err), LL_EIO);
	CHECK(strstr(err.msg, "datasets.gone.path: ") == err.msg);
	CHECK_INT(ds_ws_experiment_check(ws, "nope", &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "has no experiment \"nope\"") != NULL);
	/* a URL is not checked; a folder is a fleet, which must hold a log */
	struct ds_ws_dataset url = {.name = "u", .path = "https://example.invalid/x.csv", .is_url = 1};
	CHECK_INT(ds_ws_dataset_check(&url, &err), LL_OK);
	struct ds_ws_dataset folder = {.name = "dir", .path = ws_dir};
	CHECK_INT(ds_ws_dataset_check(&folder, &err), LL_OK);
	char *empty = strdup(in_ws("emptydir"));
	mkdir(empty, 0777);
	folder.path = empty;
	ll_err_clear(&err);
	CHECK(ds_ws_dataset_check(&folder, &err) != LL_OK);
	CHECK(strstr(err.msg, "datasets.dir.path: ") == err.msg);
	free(empty);
	struct ds_ws_dataset nolabels = {.name = "n", .path = (char *)in_ws("data.csv"), .labels = (char *)"/nonexistent/l.csv"};
	CHECK_INT(ds_ws_dataset_check(&nolabels, &err), LL_EIO);
	CHECK(strstr(err.msg, "datasets.n.labels: ") == err.msg);

	/* a recipe error from loading by name names the feature set's key */
	struct ll_recipe r = ds_workspace_featureset(ws, "f")->recipe;
	snprintf(r.columns, sizeof r.columns, "^nothing$");
	struct ds_fsdata fs;
	ll_err_clear(&err);
	CHECK(ds_fs_load_named("f", in_ws("data.csv"), NULL, NULL, &r, &fs, &err) != LL_OK);
	CHECK(strstr(err.msg, "featuresets.f.") == err.msg);
	ds_workspace_free(ws);
}

/* The table a preview reads (ds_fs_load_table) is the one ds_fs_load
 * builds from: the data's labels with the journal replayed over them
 * (labels given through ds_labels_open, as the browser gives them), a
 * log's message column named, a fleet's merged rows; the same journal
 * SHA-256 as ds_fs_load's; a missing file an error and no table. */
static size_t count_class(const struct ll_table *t, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < ll_table_nrows(t); i++) {
		int c = ll_table_label(t, i);
		n += c >= 0 && strcmp(ll_table_class_name(t, (size_t)c), name) == 0;
	}
	return n;
}

static void test_fs_load_table(void)
{
	struct ll_err err;
	ll_err_clear(&err);
	write_data(0);
	char data[512];
	snprintf(data, sizeof data, "%s", in_ws("data.csv"));
	unlink(in_ws("data.csv.labels")); /* the earlier tests' */
	struct ll_table *t = NULL;
	char jsha[DS_SHA_HEX] = "x";
	CHECK_INT(ds_fs_load_table(data, NULL, NULL, &t, jsha, &err), LL_OK);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 60);
	CHECK_STR(jsha, ""); /* no journal */
	size_t bad0 = count_class(t, "bad");
	CHECK_INT(bad0, 20);
	int row4 = ll_table_label(t, 4);
	CHECK(row4 >= 0 && strcmp(ll_table_class_name(t, (size_t)row4), "normal") == 0);
	ll_table_free(t);

	/* row 4 relabelled through the journal, as the browser does it */
	struct ds_open_opts o = {0};
	struct ds_dataset *ds = NULL;
	struct ll_labels *l = NULL;
	char *jp = ds_labels_default_path(data);
	CHECK_INT(ds_dataset_open(&ds, data, &o, &err), LL_OK);
	/* no fleet, no files kept apart (a fleet's read-only files:
	 * tests/cli/test_readonly_labels.sh) */
	char first[64] = "x";
	CHECK_INT(ds_labels_fleet_apart(ds, first, sizeof first), 0);
	CHECK_STR(first, "");
	CHECK_INT(ds_labels_open(ds, jp, 1, &l, NULL, NULL, &err), LL_OK);
	size_t row = 4;
	if (l)
		CHECK_INT(ll_labels_apply(l, &row, 1, ll_labels_class_id(l, "bad"), "key", &err), 1);
	ll_labels_free(l);
	ds_dataset_close(ds);
	CHECK_INT(ds_fs_load_table(data, NULL, NULL, &t, jsha, &err), LL_OK);
	if (t) {
		CHECK_INT(count_class(t, "bad"), bad0 + 1);
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 4)), "bad");
		CHECK_INT(strlen(jsha), 64);
		/* the same labels and journal as the feature-set load */
		struct ll_recipe r;
		ll_recipe_default(&r);
		snprintf(r.columns, sizeof r.columns, "^x");
		struct ds_fsdata fs;
		CHECK_INT(ds_fs_load(data, NULL, NULL, &r, NULL, &fs, NULL, NULL, &err), LL_OK);
		CHECK_STR(fs.journal_sha, jsha);
		for (size_t i = 0; fs.t && i < ll_table_nrows(t); i++)
			if (ll_table_label(fs.t, i) != ll_table_label(t, i)) {
				CHECK_INT(ll_table_label(fs.t, i), ll_table_label(t, i));
				break;
			}
		ds_fsdata_free(&fs);
		ll_table_free(t);
	}
	unlink(jp);
	free(jp);

	/* a log: its message field is the text column, as ds_fs_load names it */
	put("app.log", "Mar  2 06:17:28 node07 kernel: disk error on sda\n"
		       "Mar  2 06:17:29 node07 kernel: job 1 done\n"
		       "Mar  2 06:17:30 node07 kernel: job 2 done\n");
	CHECK_INT(ds_fs_load_table(in_ws("app.log"), NULL, NULL, &t, jsha, &err), LL_OK);
	if (t) {
		const char *tc = ll_table_meta(t, "text_column");
		CHECK(tc != NULL && ll_table_find_column(t, tc) >= 0);
		CHECK_INT(ll_table_nrows(t), 3);
		ll_table_free(t);
	}

	/* a folder of logs: the fleet's merged rows */
	char fleet[512];
	snprintf(fleet, sizeof fleet, "%s", in_ws("fleet"));
	mkdir(fleet, 0777);
	put("fleet/a.log", "Mar  2 06:17:28 a kernel: one\nMar  2 06:17:30 a kernel: three\n");
	put("fleet/b.log", "Mar  2 06:17:29 b kernel: two\n");
	CHECK_INT(ds_fs_load_table(fleet, NULL, NULL, &t, jsha, &err), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_meta(t, "fleet"), "1");
		CHECK_STR(jsha, "");
		ll_table_free(t);
	}

	/* no such file: an error naming it, no table */
	t = (struct ll_table *)&err; /* overwritten either way */
	ll_err_clear(&err);
	CHECK(ds_fs_load_table(in_ws("nowhere.log"), NULL, NULL, &t, jsha, &err) != LL_OK);
	CHECK(t == NULL);
	CHECK(strstr(err.msg, "nowhere.log") != NULL);
}

/* The data folder of journals kept apart (a URL's here): a relative
 * XDG_DATA_HOME is ignored, and without HOME it is the password file's
 * home, never /tmp (where another user could put a link named as the
 * journal: on main it was /tmp/.local/share/...). */
static void test_data_folder(void)
{
	const char *url = "https://logs.example/app.log";
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char *xdg = getenv("XDG_DATA_HOME") ? strdup(getenv("XDG_DATA_HOME")) : NULL;
	char want[700];
	setenv("HOME", ws_dir, 1);
	setenv("XDG_DATA_HOME", "relative/data", 1);
	char *jp = ds_labels_default_path(url);
	snprintf(want, sizeof want, "%s/.local/share/loglab/labels/", ws_dir);
	CHECK(jp && strncmp(jp, want, strlen(want)) == 0);
	free(jp);
	/* kept apart: in that folder's apart/, not in any folder so named */
	char apart[700];
	snprintf(apart, sizeof apart, "%s/.local/share/loglab/labels/apart/app.log-0123456789abcdef.labels", ws_dir);
	CHECK_INT(ds_labels_kept_apart("/ro/app.log", apart), 1);
	CHECK_INT(ds_labels_kept_apart("/ro/app.log", "/home/u/apart/app.labels"), 0);
	CHECK_INT(ds_labels_kept_apart("/ro/app.log", "/ro/app.log.labels"), 0);
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	struct passwd *pw = getpwuid(getuid());
	jp = ds_labels_default_path(url);
	CHECK(jp && strncmp(jp, "/tmp/", 5) != 0);
	if (jp && pw && pw->pw_dir && pw->pw_dir[0] == '/')
		CHECK(strncmp(jp, pw->pw_dir, strlen(pw->pw_dir)) == 0);
	free(jp);
	if (home)
		setenv("HOME", home, 1);
	if (xdg)
		setenv("XDG_DATA_HOME", xdg, 1);
	free(home);
	free(xdg);
}

int main(void)
{
	ll_test_scratch_dir(ws_dir, sizeof ws_dir, "runs-api");
	put("loglab.json", ws_text(1));
	write_data(0);
	struct ll_err err;
	struct ds_workspace *ws;
	CHECK_INT(ds_workspace_load(ws_dir, &ws, &err), LL_OK);
	char id[DS_RUN_ID_MAX], *dir = NULL;
	void *metrics = NULL;
	if (ws && train(ws, id, &dir, &metrics) == LL_OK && dir) {
		test_record_and_files(dir, id, metrics);
		test_read_open(id, dir);
		test_stale(dir);
	}
	cJSON_Delete(metrics);
	free(dir);
	ds_workspace_free(ws);
	test_concurrent_create();
	test_signatures();
	test_row_hash();
	test_file_helpers();
	test_progress();
	test_dataset_checks();
	test_fs_load_table();
	test_data_folder();
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", ws_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", ws_dir);
	TEST_MAIN_END();
}
