/* tests/core/test_journal_procs.c - one label journal, several processes:
 * SIGKILL in the middle of big actions (never half applied), writers and a
 * compactor racing with random SIGKILLs (every acknowledged label stays),
 * unique groups and current old values under contention, undo of exactly
 * one action across processes, a compaction by a process with stale state,
 * appends after another process replaced or deleted the journal, and
 * records at the end that are being written (left alone) or abandoned
 * (dropped and reported). Sizes shrink under valgrind (LL_VALGRIND). */
#include "harness.h"
#include "journal_fixture.h"
#include "ll_fileio.h"
#include "ll_journal.h"
#include "ll_labels.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int slow;

static struct ll_labels *attach(const char *path, size_t nrows)
{
	struct ll_err err;
	struct ll_labels *l = ll_labels_new(nrows);
	if (!l || ll_labels_attach_journal(l, path, row_hash, NULL, count_warning, NULL, &err) != LL_OK) {
		fprintf(stderr, "attach %s: %s\n", path, err.msg);
		ll_labels_free(l);
		return NULL;
	}
	return l;
}

static struct ll_labels *replay(const char *path, size_t nrows)
{
	struct ll_err err;
	struct ll_labels *l = ll_labels_new(nrows);
	if (!l || ll_labels_replay_journal(l, path, row_hash, NULL, count_warning, NULL, &err) != LL_OK) {
		fprintf(stderr, "replay %s: %s\n", path, err.msg);
		ll_labels_free(l);
		return NULL;
	}
	return l;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Name of class of row (NULL: unlabelled). */
static const char *label_of(struct ll_labels *l, size_t row)
{
	int c = ll_labels_get(l, row);
	return c < 0 ? NULL : ll_labels_class_name(l, (size_t)c);
}

/* ---- SIGKILL in the middle of big actions ---- */

static void test_kill_mid_action(void)
{
	size_t nrows = slow ? 2000 : 50000;
	const char *path = tmp_path("big.journal");
	static const char *const cls[] = {"a", "b", "c"};
	for (int round = 0; round < 3; round++) {
		unlink(path);
		int fds[2];
		CHECK(pipe(fds) == 0);
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			struct ll_labels *l = attach(path, nrows);
			size_t *rows = malloc(nrows * sizeof *rows);
			if (!l || !rows)
				_exit(10);
			for (size_t i = 0; i < nrows; i++)
				rows[i] = i;
			struct ll_err err;
			for (uint32_t i = 0;; i++) {
				int c = ll_labels_class_id(l, cls[i % 3]);
				if (ll_labels_apply(l, rows, nrows, c, "bulk", &err) != (long)nrows)
					_exit(11);
				if (write(fds[1], &i, sizeof i) != sizeof i)
					_exit(12);
			}
		}
		close(fds[1]);
		uint32_t ack, last = UINT32_MAX;
		double t0 = 0, per_action = 0;
		while (read(fds[0], &ack, sizeof ack) == sizeof ack) {
			last = ack;
			if (ack == 0)
				t0 = now_ms();
			if (ack >= 1) {
				per_action = now_ms() - t0;
				break;
			}
		}
		if (round == 1) {
			/* somewhere in the next action: reading, computing or writing */
			sleep_ms((long)(per_action * 0.6));
		} else {
			/* as soon as the next action's bytes start reaching the file */
			struct stat st;
			off_t end = stat(path, &st) == 0 ? st.st_size : 0;
			double give_up = now_ms() + 4 * per_action;
			while (stat(path, &st) == 0 && st.st_size == end && now_ms() < give_up)
				;
			if (round == 2)
				sleep_ms(1);
		}
		kill(pid, SIGKILL);
		while (read(fds[0], &ack, sizeof ack) == sizeof ack)
			last = ack;
		close(fds[0]);
		waitpid(pid, NULL, 0);
		CHECK(last != UINT32_MAX);
		warnings = 0;
		struct ll_labels *l = replay(path, nrows);
		CHECK(l != NULL);
		if (!l)
			continue;
		/* every action labels every row: a partly applied one would
		 * leave two classes */
		const char *first = label_of(l, 0);
		size_t mixed = 0;
		for (size_t i = 1; i < nrows; i++) {
			const char *x = label_of(l, i);
			mixed += !x || !first || strcmp(x, first) != 0;
		}
		CHECK_INT(mixed, 0);
		CHECK(first && (!strcmp(first, cls[last % 3]) || !strcmp(first, cls[(last + 1) % 3])));
		CHECK(ll_labels_incomplete(l) <= 1);
		fprintf(stderr,
			"kill -9 mid-action (%zu rows each, %.0f ms an action): %u acknowledged, state = %s, %zu "
			"incomplete dropped\n",
			nrows, per_action, last + 1, first ? first : "?", ll_labels_incomplete(l));
		ll_labels_free(l);
	}
}

/* ---- writers, a compactor and random SIGKILLs ---- */

#define ACTION_ROWS 5
#define MAX_ACTIONS 4000
#define MAX_WRITERS 64

struct ack {
	int32_t writer, action;
};

/* Writer w labels its own rows, ACTION_ROWS per action, acknowledging each. */
static void writer(const char *path, size_t nrows, int w, int ackfd)
{
	srand((unsigned)getpid());
	struct ll_labels *l = attach(path, nrows);
	if (!l)
		_exit(10);
	struct ll_err err;
	int cls = ll_labels_class_id(l, w % 2 ? "odd" : "even");
	for (int32_t i = 0; i < MAX_ACTIONS; i++) {
		size_t rows[ACTION_ROWS];
		for (size_t k = 0; k < ACTION_ROWS; k++)
			rows[k] = ((size_t)w * MAX_ACTIONS + (size_t)i) * ACTION_ROWS + k;
		if (ll_labels_apply(l, rows, ACTION_ROWS, cls, "bulk", &err) != ACTION_ROWS) {
			fprintf(stderr, "writer %d: %s\n", w, err.msg);
			_exit(11);
		}
		struct ack a = {w, i};
		if (write(ackfd, &a, sizeof a) != sizeof a)
			_exit(12);
		if (rand() % 4 == 0)
			sleep_ms(1);
	}
	_exit(0);
}

static void compactor(const char *path, size_t nrows)
{
	struct ll_labels *l = attach(path, nrows);
	if (!l)
		_exit(10);
	struct ll_err err;
	for (;;) {
		if (ll_labels_compact(l, NULL, NULL, &err) != LL_OK) {
			fprintf(stderr, "compactor: %s\n", err.msg);
			_exit(11);
		}
		sleep_ms(15);
	}
}

static void test_writers_compactor_kills(void)
{
	size_t nrows = (size_t)MAX_WRITERS * MAX_ACTIONS * ACTION_ROWS;
	const char *path = tmp_path("race.journal");
	unlink(path);
	int fds[2];
	CHECK(pipe(fds) == 0);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	enum { LIVE = 3 };
	pid_t pids[LIVE];
	int next_writer = 0, kills = 0, bad_exits = 0;
	for (int k = 0; k < LIVE; k++) {
		int w = next_writer++;
		if ((pids[k] = fork()) == 0) {
			close(fds[0]);
			writer(path, nrows, w, fds[1]);
		}
	}
	pid_t comp = fork();
	if (comp == 0) {
		close(fds[0]);
		compactor(path, nrows);
	}
	static int32_t acked[MAX_WRITERS];
	for (int w = 0; w < MAX_WRITERS; w++)
		acked[w] = -1;
	size_t nacks = 0;
	int rounds = slow ? 3 : 12;
	srand(12345);
	for (int r = 0; r < rounds; r++) {
		/* a while, and some progress since the last kill (a loaded
		 * machine may take long to start a process) */
		size_t seen = nacks;
		double give_up = now_ms() + 5000;
		do {
			sleep_ms(60 + rand() % 100);
			struct ack a;
			while (read(fds[0], &a, sizeof a) == sizeof a) {
				acked[a.writer] = a.action;
				nacks++;
			}
		} while (nacks == seen && now_ms() < give_up);
		/* kill a writer, or the compactor, mid-whatever */
		int k = rand() % (LIVE + 1);
		pid_t *victim = k < LIVE ? &pids[k] : &comp;
		kill(*victim, SIGKILL);
		int status;
		waitpid(*victim, &status, 0);
		bad_exits += !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		kills++;
		int w = next_writer++;
		if (w >= MAX_WRITERS)
			break;
		if ((*victim = fork()) == 0) {
			close(fds[0]);
			if (k < LIVE)
				writer(path, nrows, w, fds[1]);
			else
				compactor(path, nrows);
		}
	}
	for (int k = 0; k < LIVE; k++) {
		kill(pids[k], SIGKILL);
		waitpid(pids[k], NULL, 0);
	}
	kill(comp, SIGKILL);
	waitpid(comp, NULL, 0);
	close(fds[1]);
	fcntl(fds[0], F_SETFL, 0);
	struct ack a;
	while (read(fds[0], &a, sizeof a) == sizeof a) {
		acked[a.writer] = a.action;
		nacks++;
	}
	close(fds[0]);
	CHECK_INT(bad_exits, 0);
	warnings = 0;
	struct ll_labels *l = replay(path, nrows);
	CHECK(l != NULL);
	if (!l)
		return;
	size_t lost = 0, partial = 0, labels = 0;
	for (int w = 0; w < next_writer && w < MAX_WRITERS; w++) {
		const char *want = w % 2 ? "odd" : "even";
		for (int32_t i = 0; i < MAX_ACTIONS; i++) {
			size_t got = 0;
			for (size_t k = 0; k < ACTION_ROWS; k++) {
				const char *x = label_of(l, ((size_t)w * MAX_ACTIONS + (size_t)i) * ACTION_ROWS + k);
				got += x && !strcmp(x, want);
			}
			if (i <= acked[w]) {
				lost += ACTION_ROWS - got;
				labels += ACTION_ROWS;
			} else {
				partial += got != 0 && got != ACTION_ROWS;
			}
		}
	}
	CHECK(nacks > 0);
	CHECK_INT(lost, 0);
	CHECK_INT(partial, 0);
	fprintf(stderr,
		"writers+compactor: %d processes, %zu actions acknowledged (%zu labels), %d kills, %zu lost, %zu "
		"partial, %zu incomplete dropped\n",
		next_writer + 1 + kills / (LIVE + 1), nacks, labels, kills, lost, partial, ll_labels_incomplete(l));
	ll_labels_free(l);
}

/* ---- contention: unique groups, current old values, undo of one ---- */

struct chain {
	uint64_t groups[1024];
	size_t n;
	int dup, broken;
	char last_new[32];
};

static int check_chain(void *ctx, const struct ll_journal_action *a)
{
	struct chain *c = ctx;
	for (size_t i = 0; i < c->n; i++)
		c->dup += c->groups[i] == a->group;
	if (c->n < 1024)
		c->groups[c->n++] = a->group;
	/* every action relabels row 0: its old value is the previous new one */
	for (size_t i = 0; i < a->n; i++) {
		c->broken += strcmp(a->recs[i].old_cls, c->last_new) != 0;
		snprintf(c->last_new, sizeof c->last_new, "%s", a->recs[i].new_cls);
	}
	return 0;
}

static void test_contention(void)
{
	const char *path = tmp_path("contend.journal");
	unlink(path);
	enum { PROCS = 4 };
	int per = slow ? 10 : 50;
	pid_t pids[PROCS];
	for (int p = 0; p < PROCS; p++) {
		if ((pids[p] = fork()) == 0) {
			struct ll_labels *l = attach(path, 100);
			if (!l)
				_exit(10);
			struct ll_err err;
			for (int i = 0; i < per; i++) {
				char name[32];
				snprintf(name, sizeof name, "p%d-%d", p, i);
				size_t row = 0;
				if (ll_labels_apply(l, &row, 1, ll_labels_class_id(l, name), "key", &err) != 1)
					_exit(11);
			}
			ll_labels_free(l);
			_exit(0);
		}
	}
	int ok = 1;
	for (int p = 0; p < PROCS; p++) {
		int status;
		waitpid(pids[p], &status, 0);
		ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	CHECK(ok);
	struct ll_journal *j;
	struct ll_err err;
	CHECK_INT(ll_journal_open(&j, path, 0, &err), LL_OK);
	struct chain c = {.n = 0};
	int restart;
	CHECK_INT(ll_journal_read(j, &restart, check_chain, count_warning, &c, &err), LL_OK);
	ll_journal_close(j);
	CHECK_INT(c.n, PROCS * per);
	CHECK_INT(c.dup, 0);
	CHECK_INT(c.broken, 0);
	/* one undo reverts exactly the last action: row 0 gets the previous value back */
	struct ll_labels *l = attach(path, 100);
	struct ll_labels_action_info top;
	CHECK(ll_labels_undo_top(l, &top) && top.rows == 1);
	char before_last[32];
	snprintf(before_last, sizeof before_last, "%s", label_of(l, 0));
	CHECK_INT(ll_labels_undo(l, &err), 1);
	CHECK(label_of(l, 0) && strcmp(label_of(l, 0), before_last) != 0);
	ll_labels_free(l);
}

/* Two processes' views of one journal (two handles behave as two processes:
 * OFD locks belong to the open file). */
static void test_undo_across_processes(void)
{
	const char *path = tmp_path("undo2.journal");
	unlink(path);
	struct ll_err err;
	struct ll_labels *a = attach(path, 20), *b = attach(path, 20);
	CHECK(a && b);
	size_t ra[] = {1, 2, 3, 4, 5}, rb[] = {3, 4, 5, 6, 7};
	CHECK_INT(ll_labels_apply(a, ra, 5, ll_labels_class_id(a, "x"), "bulk", &err), 5);
	/* b has not read a's action: its old values must still be a's */
	CHECK_INT(ll_labels_apply(b, rb, 5, ll_labels_class_id(b, "y"), "bulk", &err), 5);
	/* a's undo takes back the last action on record, b's, and only it */
	struct ll_labels_action_info top;
	CHECK_INT(ll_labels_undo(a, &err), 5);
	CHECK(ll_labels_redo_top(a, &top) && top.rows == 5);
	for (size_t r = 1; r <= 5; r++)
		CHECK(label_of(a, r) && !strcmp(label_of(a, r), "x"));
	CHECK(!label_of(a, 6) && !label_of(a, 7));
	CHECK(ll_labels_sync(b, &err) > 0);
	CHECK(label_of(b, 3) && !strcmp(label_of(b, 3), "x"));
	CHECK(!label_of(b, 7));
	/* b's undo now takes back a's action */
	CHECK_INT(ll_labels_undo(b, &err), 5);
	CHECK(!label_of(b, 1) && !label_of(b, 5));
	/* and redo, from a, brings back a's action first */
	CHECK_INT(ll_labels_redo(a, &err), 5);
	CHECK(label_of(a, 1) && !strcmp(label_of(a, 1), "x") && !label_of(a, 7));
	ll_labels_free(a);
	ll_labels_free(b);
	/* the journal says the same to a newcomer */
	struct ll_labels *c = replay(path, 20);
	CHECK(label_of(c, 5) && !strcmp(label_of(c, 5), "x") && !label_of(c, 6));
	CHECK(ll_labels_undo_top(c, &top) && top.rows == 5 && ll_labels_can_redo(c));
	ll_labels_free(c);
}

/* ---- replaced and deleted journals, stale compaction ---- */

static void test_replaced_journal(void)
{
	const char *path = tmp_path("replaced.journal");
	unlink(path);
	struct ll_err err;
	/* "the browser" has the journal open; "the CLI" labels 100 rows */
	struct ll_labels *browser = attach(path, 1000), *cli = attach(path, 1000);
	size_t rows[100];
	for (size_t i = 0; i < 100; i++)
		rows[i] = 100 + i;
	CHECK_INT(ll_labels_apply(cli, rows, 100, ll_labels_class_id(cli, "cli"), "bulk", &err), 100);
	/* the browser compacts without having read them: they stay */
	size_t before = 0, after = 0;
	CHECK_INT(ll_labels_compact(browser, &before, &after, &err), LL_OK);
	CHECK_INT(before, 100);
	CHECK_INT(after, 100);
	CHECK(label_of(browser, 150) && !strcmp(label_of(browser, 150), "cli"));
	/* the CLI's next label lands in the new file, not the unlinked one */
	size_t one = 5;
	CHECK_INT(ll_labels_apply(cli, &one, 1, ll_labels_class_id(cli, "late"), "key", &err), 1);
	struct ll_labels *fresh = replay(path, 1000);
	CHECK(label_of(fresh, 5) && !strcmp(label_of(fresh, 5), "late"));
	CHECK(label_of(fresh, 199) && !strcmp(label_of(fresh, 199), "cli"));
	ll_labels_free(fresh);
	/* the browser sees it on its next read (a live reload) */
	CHECK(ll_labels_sync(browser, &err) > 0);
	CHECK(label_of(browser, 5) && !strcmp(label_of(browser, 5), "late"));
	CHECK_INT(ll_labels_sync(browser, &err), 0);
	/* deleted under them: the next label starts a new journal */
	CHECK(unlink(path) == 0);
	one = 7;
	CHECK_INT(ll_labels_apply(browser, &one, 1, ll_labels_class_id(browser, "new"), "key", &err), 1);
	CHECK(!label_of(browser, 150)); /* the deleted labels are gone everywhere */
	fresh = replay(path, 1000);
	CHECK(label_of(fresh, 7) && !strcmp(label_of(fresh, 7), "new") && !label_of(fresh, 5));
	ll_labels_free(fresh);
	CHECK(ll_labels_sync(cli, &err) > 0);
	CHECK(label_of(cli, 7) && !label_of(cli, 5));
	ll_labels_free(browser);
	ll_labels_free(cli);
}

/* ---- the end of the file: being written, or abandoned ---- */

static void test_unfinished_tail(void)
{
	char src[512], path[512];
	snprintf(src, sizeof src, "%s", tmp_path("tail.src"));
	snprintf(path, sizeof path, "%s", tmp_path("tail.journal"));
	unlink(src);
	unlink(path);
	struct ll_err err;
	struct ll_labels *l = attach(src, 10);
	size_t rows[] = {1, 2, 3};
	CHECK_INT(ll_labels_apply(l, rows, 3, ll_labels_class_id(l, "t"), "bulk", &err), 3);
	ll_labels_free(l);
	/* records of an action without its commit mark */
	char text[4096] = "", line[512];
	FILE *f = fopen(src, "r");
	CHECK(fgets(line, sizeof line, f) != NULL); /* header */
	for (int i = 0; i < 3 && fgets(line, sizeof line, f); i++)
		strcat(text, line);
	fclose(f);
	l = attach(path, 10);
	ll_labels_free(l);
	int sync[2];
	CHECK(pipe(sync) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = -1;
		if (ll_lock_file(&fd, path, O_RDWR | O_APPEND, 5000, NULL, &err) != LL_OK)
			_exit(10);
		if (write(fd, text, strlen(text)) < 0 || write(sync[1], "x", 1) != 1)
			_exit(11);
		pause();
		_exit(0);
	}
	char x;
	CHECK(read(sync[0], &x, 1) == 1);
	/* its writer is alive and holds the lock: not reported, not applied */
	warnings = 0;
	l = replay(path, 10);
	CHECK_INT(warnings, 0);
	CHECK(!label_of(l, 2));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	/* the writer is gone: the same reader now drops and reports them */
	CHECK_INT(ll_labels_sync(l, &err), 0);
	CHECK_INT(warnings, 1);
	CHECK(strstr(last_warning, "tail.journal:4: action 1 (3 records from line 2) has no commit mark") != NULL);
	CHECK_INT(ll_labels_incomplete(l), 1);
	CHECK(!label_of(l, 2));
	/* a writer after that appends fine, and the abandoned records stay dropped */
	struct ll_labels *w = attach(path, 10);
	CHECK_INT(warnings, 2); /* the writer's own reading reports them too */
	size_t r9 = 9;
	CHECK_INT(ll_labels_apply(w, &r9, 1, ll_labels_class_id(w, "w"), "key", &err), 1);
	ll_labels_free(w);
	warnings = 0;
	CHECK_INT(ll_labels_sync(l, &err), 1);
	CHECK(label_of(l, 9) && !label_of(l, 2));
	CHECK_INT(warnings, 0);
	ll_labels_free(l);
	close(sync[0]);
	close(sync[1]);
}

int main(void)
{
	slow = getenv("LL_VALGRIND") != NULL;
	snprintf(dir, sizeof dir, "%s/ll-journal-procs-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 99;
	test_undo_across_processes();
	test_replaced_journal();
	test_unfinished_tail();
	test_contention();
	test_kill_mid_action();
	test_writers_compactor_kills();
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
