/*
 * test_ws_save.c - saving loglab.json keeps what others wrote to it since
 * it was read: an editor's or another loglab's changes are merged, a
 * member both changed is refused by name with the file untouched, a file
 * broken in the meantime is never overwritten, and eight processes saving
 * at once each keep their feature set. A writer killed holding the lock
 * holds nobody up.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ds_workspace.h"
#include "harness.h"
#include "ll_fileio.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 16);
	size_t n = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
	fclose(f);
	if (buf)
		buf[n] = '\0';
	return buf;
}

static const char *const start_text = "{\n"
				      "\t\"_comment\": \"a hand-written workspace\", \"version\": 1,\n"
				      "\t\"datasets\": {\"d\": {\"path\": \"x.csv\"}},\n"
				      "\t\"featuresets\": {\"f\": {\"dataset\": \"d\", \"seed\": 1}},\n"
				      "\t\"experiments\": {\"e\": {\"featureset\": \"f\", \"model\": \"logreg\"}}\n"
				      "}\n";

static struct ds_workspace *load(const char *dir)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	int rc = ds_workspace_load(dir, &ws, &err);
	CHECK_INT(rc, LL_OK);
	if (rc)
		fprintf(stderr, "  %s\n", err.msg);
	return ws;
}

/* Sets feature set name (on dataset d) with the given seed, in memory. */
static int set_fs(struct ds_workspace *ws, const char *name, unsigned seed)
{
	const struct ds_ws_featureset *f = ds_workspace_featureset(ws, "f");
	struct ll_recipe r = f->recipe;
	r.seed = seed;
	struct ll_err err;
	return ds_workspace_set_featureset(ws, name, "d", &r, &err);
}

static unsigned seed_of(const char *dir, const char *name)
{
	struct ds_workspace *ws = load(dir);
	const struct ds_ws_featureset *f = ws ? ds_workspace_featureset(ws, name) : NULL;
	unsigned s = f ? (unsigned)f->recipe.seed : 0;
	ds_workspace_free(ws);
	return s;
}

static void test_merged(const char *dir, const char *path)
{
	write_file(path, start_text);
	struct ds_workspace *ws = load(dir);
	if (!ws)
		return;
	/* An editor adds an experiment, in its own layout, and a comment. */
	const char *theirs = "{\n"
			     "\t\"_comment\": \"a hand-written workspace\", \"version\": 1,\n"
			     "\t\"datasets\": {\"d\": {\"path\": \"x.csv\"}},\n"
			     "\t\"featuresets\": {\"f\": {\"dataset\": \"d\", \"seed\": 1}},\n"
			     "\t\"experiments\": {\"e\": {\"featureset\": \"f\", \"model\": \"logreg\"},\n"
			     "\t\t\"km\": {\"featureset\": \"f\", \"model\": \"kmeans\", \"k\": 3, \"_why\": \"added by hand\"}}\n"
			     "}\n";
	write_file(path, theirs);
	/* Here: feature set f gets seed 5, a new feature set g. */
	CHECK_INT(set_fs(ws, "f", 5), LL_OK);
	CHECK_INT(set_fs(ws, "g", 6), LL_OK);
	struct ll_err err;
	ll_err_clear(&err);
	CHECK_INT(ds_workspace_save(ws, &err), LL_OK);
	CHECK_INT(ws->merged_on_save, 1);
	char *text = slurp(path);
	CHECK(text && strstr(text, "\"km\": {\"featureset\": \"f\", \"model\": \"kmeans\", \"k\": 3, \"_why\": \"added by hand\"}"));
	free(text);
	CHECK_INT((int)seed_of(dir, "f"), 5);
	CHECK_INT((int)seed_of(dir, "g"), 6);
	struct ds_workspace *back = load(dir);
	CHECK(back && ds_workspace_experiment(back, "km") != NULL);
	ds_workspace_free(back);

	/* Saved again with nothing changed on disk: the base moved with the
	 * save, so this is no merge and no conflict. */
	CHECK_INT(set_fs(ws, "f", 7), LL_OK);
	CHECK_INT(ds_workspace_save(ws, &err), LL_OK);
	CHECK_INT(ws->merged_on_save, 0);
	CHECK_INT((int)seed_of(dir, "f"), 7);
	back = load(dir);
	CHECK(back && ds_workspace_experiment(back, "km") != NULL);
	ds_workspace_free(back);
	ds_workspace_free(ws);
}

/* Another writer's version: f's seed set to 2. */
static const char *const seed2_text = "{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"x.csv\"}},\n"
				      " \"featuresets\": {\"f\": {\"dataset\": \"d\", \"seed\": 2}},\n"
				      " \"experiments\": {\"e\": {\"featureset\": \"f\", \"model\": \"logreg\"}}}\n";

/* The workspace as loaded from start_text, the file then replaced by
 * theirs behind its back. */
static struct ds_workspace *read_then_changed(const char *dir, const char *path, const char *theirs)
{
	write_file(path, start_text);
	struct ds_workspace *ws = load(dir);
	write_file(path, theirs);
	return ws;
}

static void test_refused(const char *dir, const char *path)
{
	/* Both sides change f's seed: refused, the file as the other left it. */
	const char *theirs = seed2_text;
	struct ds_workspace *ws = read_then_changed(dir, path, theirs);
	if (!ws)
		return;
	CHECK_INT(set_fs(ws, "f", 3), LL_OK);
	struct ll_err err;
	ll_err_clear(&err);
	CHECK_INT(ds_workspace_save(ws, &err), LL_EDATA);
	CHECK(strstr(err.msg, "featuresets.f.seed") && strstr(err.msg, "nothing written") && strstr(err.msg, path));
	char *text = slurp(path);
	CHECK_STR(text ? text : "", theirs);
	free(text);

	/* Broken by hand (an editor mid-way): never overwritten. */
	const char *broken = "{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"x.csv\"}},\n \"featuresets\": {\n";
	write_file(path, broken);
	ll_err_clear(&err);
	CHECK_INT(ds_workspace_save(ws, &err), LL_EDATA);
	CHECK(strstr(err.msg, "not valid JSON now (line 3)") != NULL);
	text = slurp(path);
	CHECK_STR(text ? text : "", broken);
	free(text);
	ds_workspace_free(ws);

	/* Each side valid, together not: g here on dataset d, d removed there. */
	const char *no_d = "{\"version\": 1, \"datasets\": {\"d2\": {\"path\": \"y.csv\"}},\n"
			   " \"featuresets\": {\"f\": {\"dataset\": \"d2\", \"seed\": 1}},\n"
			   " \"experiments\": {\"e\": {\"featureset\": \"f\", \"model\": \"logreg\"}}}\n";
	ws = read_then_changed(dir, path, no_d);
	if (!ws)
		return;
	CHECK_INT(set_fs(ws, "g", 4), LL_OK);
	ll_err_clear(&err);
	CHECK_INT(ds_workspace_save(ws, &err), LL_EDATA);
	CHECK(strstr(err.msg, "would not load") != NULL);
	text = slurp(path);
	CHECK_STR(text ? text : "", no_d);
	free(text);

	/* Deleted meanwhile: written as this side has it. */
	unlink(path);
	ll_err_clear(&err);
	CHECK_INT(ds_workspace_save(ws, &err), LL_OK);
	CHECK_INT(ws->merged_on_save, 0);
	CHECK_INT((int)seed_of(dir, "g"), 4);
	ds_workspace_free(ws);
}

/* Refused through ds_workspace_write_featureset: the document is as before,
 * so a later save of something else does not write the refused set. */
static void test_write_refused(const char *dir, const char *path)
{
	struct ds_workspace *ws = read_then_changed(dir, path, seed2_text);
	if (!ws)
		return;
	struct ll_err err;
	struct ll_recipe r = ds_workspace_featureset(ws, "f")->recipe;
	r.seed = 3;
	ll_err_clear(&err);
	CHECK_INT(ds_workspace_write_featureset(ws, "f", "d", &r, &err), LL_EDATA);
	CHECK(strstr(err.msg, "featuresets.f.seed") != NULL);
	CHECK_INT(set_fs(ws, "g", 8), LL_OK);
	ll_err_clear(&err);
	CHECK_INT(ds_workspace_save(ws, &err), LL_OK);
	CHECK_INT((int)seed_of(dir, "f"), 2);
	CHECK_INT((int)seed_of(dir, "g"), 8);
	/* and a set that is written leaves the document with it */
	r.seed = 11;
	CHECK_INT(ds_workspace_write_featureset(ws, "h", "d", &r, &err), LL_OK);
	CHECK_INT((int)seed_of(dir, "h"), 11);
	ds_workspace_free(ws);
}

/* Eight processes read the same file, then each saves its own feature set
 * at once: without the lock and the merge only the last would stay. */
static void test_concurrent(const char *dir, const char *path)
{
	write_file(path, start_text);
	enum { N = 8 };
	int go[2];
	CHECK(pipe(go) == 0);
	pid_t kids[N];
	for (int i = 0; i < N; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			close(go[1]);
			struct ds_workspace *ws = NULL;
			struct ll_err err;
			if (ds_workspace_load(dir, &ws, &err) != LL_OK)
				_exit(2);
			char name[16];
			snprintf(name, sizeof name, "c%d", i);
			if (set_fs(ws, name, 100 + (unsigned)i) != LL_OK)
				_exit(3);
			char b;
			/* every child has read the file before any writes */
			if (read(go[0], &b, 1) < 0)
				_exit(4);
			int rc = ds_workspace_save(ws, &err);
			if (rc != LL_OK)
				fprintf(stderr, "  child %d: %s\n", i, err.msg);
			ds_workspace_free(ws);
			_exit(rc == LL_OK ? 0 : 1);
		}
	}
	close(go[0]);
	usleep(200000);
	close(go[1]); /* every read returns at once */
	for (int i = 0; i < N; i++) {
		int st = 0;
		CHECK(kids[i] > 0 && waitpid(kids[i], &st, 0) == kids[i]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	for (int i = 0; i < N; i++) {
		char name[16];
		snprintf(name, sizeof name, "c%d", i);
		CHECK_INT((int)seed_of(dir, name), 100 + i);
	}
	CHECK_INT((int)seed_of(dir, "f"), 1);
}

/* A writer killed while it held the lock: the kernel drops the lock. */
static void test_killed_writer(const char *dir, const char *path)
{
	write_file(path, start_text);
	int ready[2];
	CHECK(pipe(ready) == 0);
	pid_t kid = fork();
	if (kid == 0) {
		int fd = -1, reopened = 0;
		struct ll_err err;
		if (ll_lock_file(&fd, path, O_RDWR, 1000, &reopened, &err) != LL_OK)
			_exit(2);
		if (write(ready[1], "x", 1) != 1)
			_exit(3);
		pause();
		_exit(0);
	}
	char b;
	CHECK(read(ready[0], &b, 1) == 1);
	struct ds_workspace *ws = load(dir);
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	close(ready[0]);
	close(ready[1]);
	if (!ws)
		return;
	CHECK_INT(set_fs(ws, "k", 9), LL_OK);
	struct ll_err err;
	CHECK_INT(ds_workspace_save(ws, &err), LL_OK);
	CHECK_INT((int)seed_of(dir, "k"), 9);
	ds_workspace_free(ws);
}

/* A loglab.json that is a symbolic link stays one; its target is written. */
static void test_symlink(const char *dir, const char *path)
{
	char target[700];
	snprintf(target, sizeof target, "%s/real.json", dir);
	write_file(target, start_text);
	unlink(path);
	CHECK(symlink("real.json", path) == 0);
	struct ds_workspace *ws = load(dir);
	if (!ws)
		return;
	CHECK_INT(set_fs(ws, "s", 12), LL_OK);
	struct ll_err err;
	CHECK_INT(ds_workspace_save(ws, &err), LL_OK);
	ds_workspace_free(ws);
	struct stat st;
	CHECK(lstat(path, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK_INT((int)seed_of(dir, "s"), 12);
	char *text = slurp(target);
	CHECK(text && strstr(text, "\"s\"") != NULL);
	free(text);
	unlink(path);
	unlink(target);
}

int main(void)
{
	char dir[] = "/tmp/test_ws_save.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char path[600];
	snprintf(path, sizeof path, "%s/loglab.json", dir);
	test_merged(dir, path);
	test_refused(dir, path);
	test_write_refused(dir, path);
	test_concurrent(dir, path);
	test_killed_writer(dir, path);
	test_symlink(dir, path);
	unlink(path);
	rmdir(dir);
	TEST_MAIN_END();
}
