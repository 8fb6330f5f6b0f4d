/*
 * test_dirswap.c - datasets/ds_dirswap.c: a staging folder made beside the
 * final one, committed over it (the old files gone, the new ones there,
 * nothing else left beside), committed where there was none, and
 * discarded (the old folder untouched); ds_remove_tree of a tree holding a
 * link (the link's target kept); two processes committing the same folder
 * over and over (each commit succeeds, the folder is always there and ends
 * whole, nothing left beside: on main one failed with "Directory not
 * empty" and left FINAL.old-PID); the staging folders of a killed process
 * removed by the next stage, a live process's kept; the two-rename way of
 * file systems without exchange (forced by LOGLAB_TEST_NO_EXCHANGE): two
 * writers, kills at random points, and the old results of a process
 * killed between its renames put back, never removed.
 */
#include "harness.h"

#include "ds_dirswap.h"
#include "ll_owner.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[512];

static void put(const char *folder, const char *name, const char *text)
{
	char p[1024];
	snprintf(p, sizeof p, "%s/%s", folder, name);
	FILE *f = fopen(p, "w");
	if (!f)
		exit(99);
	fputs(text, f);
	fclose(f);
}

static int has(const char *folder, const char *name, const char *text)
{
	char p[1024], buf[64] = "";
	snprintf(p, sizeof p, "%s/%s", folder, name);
	FILE *f = fopen(p, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strcmp(buf, text) == 0;
}

/* Entries of the scratch folder. */
static int entries(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* One writer: rounds commits of final, each of two files of one tag. */
static int commit_rounds(const char *final, int rounds)
{
	struct ll_err err;
	ll_err_clear(&err);
	for (int i = 0; i < rounds; i++) {
		char *stage = NULL, tag[64];
		snprintf(tag, sizeof tag, "%ld-%d", (long)getpid(), i);
		if (ds_dir_stage(final, &stage, &err) != LL_OK)
			return 1;
		put(stage, "metrics.json", tag);
		put(stage, "predictions.tsv", tag);
		int rc = ds_dir_commit(stage, final, &err);
		if (rc != LL_OK) {
			fprintf(stderr, "  commit %d of %ld: %s\n", i, (long)getpid(), err.msg);
			ds_dir_discard(stage);
		}
		free(stage);
		if (rc != LL_OK)
			return 1;
	}
	return 0;
}

/* Whether this file system exchanges two names at once (then final is
 * never missing, even for an instant). */
static int can_exchange(void)
{
#ifdef RENAME_EXCHANGE
	char a[600], b[600];
	snprintf(a, sizeof a, "%s/xa", dir);
	snprintf(b, sizeof b, "%s/xb", dir);
	mkdir(a, 0777);
	mkdir(b, 0777);
	int ok = renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0;
	rmdir(a);
	rmdir(b);
	return ok;
#else
	return 0;
#endif
}

static void test_two_writers(int forced_two_renames)
{
	char final[600];
	snprintf(final, sizeof final, "%s/eval-race", dir);
	CHECK_INT(commit_rounds(final, 1), 0);
	int exchange = !forced_two_renames && can_exchange();
	pid_t w[2];
	for (int k = 0; k < 2; k++)
		if ((w[k] = fork()) == 0)
			_exit(commit_rounds(final, 300));
	/* a reader meanwhile: the folder is there whenever it looks */
	int missing = 0, failed = 0, running = 2;
	while (running > 0) {
		struct stat st;
		missing += stat(final, &st) != 0;
		for (int k = 0; k < 2; k++) {
			int status;
			if (w[k] > 0 && waitpid(w[k], &status, WNOHANG) == w[k]) {
				failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
				w[k] = 0;
				running--;
			}
		}
	}
	CHECK_INT(failed, 0);
	CHECK(!exchange || missing == 0);
	/* whole: both files of one writer's round */
	char p[700], a[64] = "";
	snprintf(p, sizeof p, "%s/metrics.json", final);
	FILE *f = fopen(p, "r");
	CHECK(f && fgets(a, sizeof a, f));
	if (f)
		fclose(f);
	CHECK(has(final, "predictions.tsv", a));
	CHECK(strstr(a, "-299") != NULL);
	ds_remove_tree(final);
	CHECK_INT(entries(), 0);
}

static void test_stale_stages(void)
{
	char final[600], dead[700], dead_old[700], live[700];
	snprintf(final, sizeof final, "%s/eval-s", dir);
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	snprintf(dead, sizeof dead, "%s.part-%ld", final, (long)gone);
	snprintf(dead_old, sizeof dead_old, "%s.old-%ld", final, (long)gone);
	snprintf(live, sizeof live, "%s.part-%ld", final, (long)getppid());
	CHECK(mkdir(dead, 0777) == 0 && mkdir(dead_old, 0777) == 0 && mkdir(live, 0777) == 0);
	put(dead, "metrics.json", "killed midway");
	CHECK(mkdir(final, 0777) == 0); /* results there: the dead one's old ones go */
	put(final, "metrics.json", "now");
	char *stage = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	CHECK_INT(ds_dir_stage(final, &stage, &err), LL_OK);
	struct stat st;
	CHECK(stat(dead, &st) != 0);
	CHECK(stat(dead_old, &st) != 0);
	CHECK(stat(live, &st) == 0);
	CHECK(has(final, "metrics.json", "now"));
	ds_dir_discard(stage);
	free(stage);
	ds_remove_tree(live);
	ds_remove_tree(final);
	CHECK_INT(entries(), 0);
}

/* A pid of no process (a child reaped). */
static pid_t dead_pid(void)
{
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	return gone;
}

/* Without exchange, a process killed between moving final aside and
 * renaming its stage in leaves no final and the results before it in
 * FINAL.old-PID: a later evaluation that fails (stage, discard) must not
 * lose them (on main its stage removed them), and a reader's
 * ds_dir_recover / ds_dir_recover_in puts them back. */
static void test_killed_between_renames(void)
{
	char final[600], old[700];
	snprintf(final, sizeof final, "%s/eval-k", dir);
	snprintf(old, sizeof old, "%s.old-%ld", final, (long)dead_pid());
	CHECK(mkdir(old, 0777) == 0);
	put(old, "metrics.json", "before");
	char *stage = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	CHECK_INT(ds_dir_stage(final, &stage, &err), LL_OK);
	ds_dir_discard(stage);
	free(stage);
	CHECK(has(final, "metrics.json", "before"));
	CHECK_INT(entries(), 1);

	/* readers: by name, and every final of a folder */
	char aside[700];
	snprintf(aside, sizeof aside, "%s.old-%ld", final, (long)dead_pid());
	CHECK(rename(final, aside) == 0);
	ds_dir_recover(final);
	CHECK(has(final, "metrics.json", "before"));
	snprintf(aside, sizeof aside, "%s.old-%ld", final, (long)dead_pid());
	CHECK(rename(final, aside) == 0);
	ds_dir_recover_in(dir);
	CHECK(has(final, "metrics.json", "before"));
	CHECK_INT(entries(), 1);
	/* a live process's is its own: left */
	snprintf(aside, sizeof aside, "%s.old-%ld", final, (long)getppid());
	CHECK(rename(final, aside) == 0);
	ds_dir_recover_in(dir);
	struct stat st;
	CHECK(stat(final, &st) != 0);
	CHECK(rename(aside, final) == 0);
	ds_remove_tree(final);
	CHECK_INT(entries(), 0);
}

/* The two-rename way (forced) killed at random points, 40 times: after
 * each kill, once a reader recovered, final is there and whole (both files
 * of one round). */
static void test_kills_two_renames(void)
{
	char final[600];
	snprintf(final, sizeof final, "%s/eval-kill", dir);
	CHECK_INT(commit_rounds(final, 1), 0);
	srand(12345);
	int broken = 0;
	for (int round = 0; round < 40; round++) {
		pid_t w = fork();
		if (w == 0)
			_exit(commit_rounds(final, 100000));
		usleep((useconds_t)(rand() % 4000));
		kill(w, SIGKILL);
		waitpid(w, NULL, 0);
		ds_dir_recover(final);
		char a[64] = "", p[700];
		snprintf(p, sizeof p, "%s/metrics.json", final);
		FILE *f = fopen(p, "r");
		if (f && fgets(a, sizeof a, f) && has(final, "predictions.tsv", a)) {
			fclose(f);
			continue;
		}
		if (f)
			fclose(f);
		broken++;
		/* results before this round, so the next rounds test again */
		CHECK_INT(commit_rounds(final, 1), 0);
	}
	CHECK_INT(broken, 0);
	/* the next stage clears what the killed writers left */
	char *stage = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	CHECK_INT(ds_dir_stage(final, &stage, &err), LL_OK);
	ds_dir_discard(stage);
	free(stage);
	CHECK_INT(entries(), 1);
	ds_remove_tree(final);
}


/* A folder shared over NFS: a stage of another host (its tag names
 * another machine) is kept though its pid is no process here, until it
 * has been untouched for a day; this host's stage of a dead pid goes. */
static void test_other_host_stages(void)
{
	char final[600], mine[64], here_dead[800], other[800], other_old[800], other_aside[800];
	snprintf(final, sizeof final, "%s/eval-h", dir);
	ll_owner_tag(mine, sizeof mine);
	const char *machine = strchr(mine, '@');
	CHECK(machine != NULL && strlen(machine) == 17);
	if (!machine)
		return;
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	/* another machine: this one's id with its first digit changed */
	char theirs[32];
	snprintf(theirs, sizeof theirs, "%s", machine + 1);
	theirs[0] = theirs[0] == '0' ? '1' : '0';
	snprintf(here_dead, sizeof here_dead, "%s.part-%ld%s", final, (long)gone, machine);
	snprintf(other, sizeof other, "%s.part-%ld@%s", final, (long)gone, theirs);
	snprintf(other_old, sizeof other_old, "%s.part-%ld@%s", final, (long)gone + 1, theirs);
	snprintf(other_aside, sizeof other_aside, "%s.old-%ld@%s", final, (long)gone, theirs);
	CHECK(mkdir(here_dead, 0777) == 0 && mkdir(other, 0777) == 0 && mkdir(other_old, 0777) == 0 &&
	      mkdir(other_aside, 0777) == 0);
	put(other, "metrics.json", "still being written on another host");
	struct timeval two_days[2];
	gettimeofday(&two_days[0], NULL);
	two_days[0].tv_sec -= 2 * LL_OWNER_FOREIGN_AGE_S;
	two_days[1] = two_days[0];
	CHECK(utimes(other_old, two_days) == 0);
	CHECK_INT(ll_owner_gone(strrchr(other, '-') + 1, time(NULL), time(NULL)), 0);
	CHECK_INT(ll_owner_gone(strrchr(here_dead, '-') + 1, time(NULL), time(NULL)), 1);
	CHECK_INT(ll_owner_gone(mine, 0, time(NULL)), 0); /* ours */
	/* final missing: another host's results moved aside stay aside (it
	 * may be between its two renames) */
	char *stage = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	CHECK_INT(ds_dir_stage(final, &stage, &err), LL_OK);
	CHECK(stage && strstr(stage, mine) != NULL);
	struct stat st;
	CHECK(stat(here_dead, &st) != 0);
	CHECK(stat(other, &st) == 0 && has(other, "metrics.json", "still being written on another host"));
	CHECK(stat(other_old, &st) != 0);
	CHECK(stat(other_aside, &st) == 0);
	CHECK(stat(final, &st) != 0);
	ds_dir_discard(stage);
	free(stage);
	ds_remove_tree(other);
	ds_remove_tree(other_aside);
	CHECK_INT(entries(), 0);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "dirswap");
	char final[600];
	snprintf(final, sizeof final, "%s/eval-x", dir);
	struct ll_err err;
	ll_err_clear(&err);

	/* where there was none */
	char *stage = NULL;
	CHECK_INT(ds_dir_stage(final, &stage, &err), LL_OK);
	CHECK(stage && strstr(stage, "eval-x.part-") != NULL);
	put(stage, "metrics.json", "one");
	CHECK_INT(ds_dir_commit(stage, final, &err), LL_OK);
	CHECK(has(final, "metrics.json", "one"));
	free(stage);

	/* over an earlier one: its files gone, nothing left beside */
	CHECK_INT(ds_dir_stage(final, &stage, &err), LL_OK);
	put(stage, "metrics.json", "two");
	put(stage, "predictions.tsv", "p");
	put(final, "stale.tsv", "old");
	CHECK_INT(ds_dir_commit(stage, final, &err), LL_OK);
	CHECK(has(final, "metrics.json", "two"));
	CHECK(has(final, "predictions.tsv", "p"));
	CHECK(!has(final, "stale.tsv", "old"));
	CHECK_INT(entries(), 1);
	free(stage);

	/* discarded: the results as they were */
	CHECK_INT(ds_dir_stage(final, &stage, &err), LL_OK);
	put(stage, "metrics.json", "three");
	ds_dir_discard(stage);
	struct stat st;
	CHECK(stat(stage, &st) != 0);
	CHECK(has(final, "metrics.json", "two"));
	CHECK_INT(entries(), 1);
	free(stage);
	ds_dir_discard(NULL);

	/* a link to a folder elsewhere (`build --out LINK`, a feature set
	 * moved to another disk): the folder it points to is replaced, the
	 * link kept (a folder cannot be renamed over a link: "Not a
	 * directory") */
	char away[700], linked[700];
	snprintf(away, sizeof away, "%s/away", dir);
	snprintf(linked, sizeof linked, "%s/eval-linked", dir);
	CHECK(mkdir(away, 0777) == 0);
	put(away, "metrics.json", "old");
	CHECK(symlink(away, linked) == 0);
	for (int forced = 0; forced < 2; forced++) {
		if (forced)
			setenv("LOGLAB_TEST_NO_EXCHANGE", "1", 1);
		CHECK_INT(ds_dir_stage(linked, &stage, &err), LL_OK);
		CHECK(stage && strstr(stage, "/away.part-") != NULL);
		put(stage, "metrics.json", forced ? "two renames" : "exchanged");
		CHECK_INT(ds_dir_commit(stage, linked, &err), LL_OK);
		free(stage);
		CHECK(lstat(linked, &st) == 0 && S_ISLNK(st.st_mode));
		CHECK(has(away, "metrics.json", forced ? "two renames" : "exchanged"));
		CHECK(has(linked, "metrics.json", forced ? "two renames" : "exchanged"));
	}
	unsetenv("LOGLAB_TEST_NO_EXCHANGE");
	CHECK_INT(entries(), 3); /* eval-x, away, eval-linked: no stage left */
	CHECK(unlink(linked) == 0);
	ds_remove_tree(away);

	/* a folder that cannot be made: the reason, no stage */
	char bad[700];
	snprintf(bad, sizeof bad, "%s/missing/eval-y", dir);
	CHECK_INT(ds_dir_stage(bad, &stage, &err), LL_EIO);
	CHECK(stage == NULL);
	CHECK(strstr(err.msg, "cannot create it") != NULL);
	CHECK(strncmp(err.msg, bad, strlen(bad)) == 0 && !strstr(err.msg, ".part-")); /* the name the user knows */

	/* a tree of folders and a link: removed, the link's target kept */
	char tree[700], sub[760], target[700], link[800];
	snprintf(tree, sizeof tree, "%s/tree", dir);
	snprintf(sub, sizeof sub, "%s/a/b", tree);
	snprintf(target, sizeof target, "%s/kept", dir);
	CHECK(mkdir(tree, 0777) == 0);
	snprintf(link, sizeof link, "%s/a", tree);
	CHECK(mkdir(link, 0777) == 0 && mkdir(sub, 0777) == 0);
	put(sub, "f", "x");
	CHECK(mkdir(target, 0777) == 0);
	put(target, "g", "y");
	snprintf(link, sizeof link, "%s/to-kept", tree);
	CHECK(symlink(target, link) == 0);
	ds_remove_tree(tree);
	CHECK(stat(tree, &st) != 0);
	CHECK(has(target, "g", "y"));

	ds_remove_tree(final);
	ds_remove_tree(target);
	CHECK_INT(entries(), 0);
	test_two_writers(0);
	test_stale_stages();
	test_other_host_stages();
	test_killed_between_renames();
	/* the way of file systems that cannot exchange two names */
	setenv("LOGLAB_TEST_NO_EXCHANGE", "1", 1);
	test_two_writers(1);
	test_kills_two_renames();
	unsetenv("LOGLAB_TEST_NO_EXCHANGE");

	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
