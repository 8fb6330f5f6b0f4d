/*
 * test_labels_api.c - the smaller parts of ll_journal.h and ll_labels.h
 * that test_journal.c's scenarios pass by: a journal's path, writability
 * and read statistics (actions, records, damaged lines, incomplete
 * actions); making a read-only journal writable (and the refusals naming
 * the path); the default user; and a label state's row count, base labels,
 * class checks, unknown-class messages, version, journal path and
 * warning hook; a label state of no rows (an empty file); and row hashes
 * kept once read (ll_labels_warm_hashes).
 */
#include "harness.h"
#include "journal_fixture.h"
#include "ll_journal.h"
#include "ll_labels.h"

#include <unistd.h>

/* the fixture's hook, also counting into the reader's context */
static void count_in(void *ctx, const char *msg)
{
	(*(int *)ctx)++;
	count_warning(NULL, msg);
}

static int read_all(struct ll_journal *j, struct ll_err *err)
{
	int restart = 0, rc;
	int ctx = 0;
	do
		rc = ll_journal_read(j, &restart, NULL, count_in, &ctx, err);
	while (rc == LL_OK && restart);
	return rc;
}

static void test_journal_accessors(void)
{
	struct ll_journal *j;
	struct ll_err err;
	char *path = strdup(tmp_path("a.journal"));
	/* read-only open of a missing journal: empty, not writable, no file made */
	CHECK_INT(ll_journal_open(&j, path, 0, &err), LL_OK);
	CHECK_STR(ll_journal_path(j), path);
	CHECK_INT(ll_journal_writable(j), 0);
	CHECK_INT(read_all(j, &err), LL_OK);
	const struct ll_journal_stats *st = ll_journal_stats(j);
	CHECK(st->actions == 0 && st->records == 0 && st->damaged == 0 && st->incomplete == 0);
	CHECK(access(path, F_OK) != 0);
	/* made writable: the file appears with its header, and writes work */
	CHECK_INT(ll_journal_make_writable(j, &err), LL_OK);
	CHECK_INT(ll_journal_writable(j), 1);
	CHECK_INT(ll_journal_make_writable(j, &err), LL_OK); /* again: nothing to do */
	CHECK(access(path, F_OK) == 0);
	CHECK_INT(ll_journal_lock(j, &err), LL_OK);
	CHECK_INT(read_all(j, &err), LL_OK);
	struct ll_journal_record recs[2] = {
		{1700000000.0, "ops", 3, row_hash(NULL, 3), "", "1", "key", 0},
		{1700000000.0, "ops", 4, row_hash(NULL, 4), "", "1", "key", 0},
	};
	uint64_t g = ll_journal_next_group(j);
	recs[0].group = recs[1].group = g;
	struct ll_journal_action a = {g, 0, "key", 1700000000.0, "ops", recs, 2, NULL, 0};
	CHECK_INT(ll_journal_commit(j, &a, &err), LL_OK);
	ll_journal_unlock(j);
	ll_journal_close(j);

	/* a damaged line and an action without its commit mark are counted */
	FILE *f = fopen(path, "a");
	fputs("this is no record\n", f);
	fputs("2024-01-01T00:00:00.000Z\tops\t9:00000000\t\t1\tkey\t7\t00000000\n", f);
	fclose(f);
	CHECK_INT(ll_journal_open(&j, path, 0, &err), LL_OK);
	CHECK_INT(read_all(j, &err), LL_OK);
	st = ll_journal_stats(j);
	CHECK_INT(st->actions, 1);
	CHECK_INT(st->records, 2);
	CHECK_INT(st->damaged + st->incomplete >= 1, 1);
	CHECK(st->damaged >= 1);
	ll_journal_close(j);
	free(path);

	/* make_writable refuses a folder, naming it */
	path = strdup(tmp_path("sub.journal"));
	CHECK_INT(mkdir(path, 0755), 0);
	if (ll_journal_open(&j, path, 0, &err) == LL_OK) {
		ll_err_clear(&err);
		CHECK_INT(ll_journal_make_writable(j, &err), LL_EIO);
		CHECK(strstr(err.msg, path) == err.msg);
		CHECK_INT(ll_journal_writable(j), 0);
		ll_journal_close(j);
	}
	free(path);
	/* and a journal in a folder that does not exist */
	path = strdup(tmp_path("no/such/x.journal"));
	CHECK_INT(ll_journal_open(&j, path, 0, &err), LL_OK);
	ll_err_clear(&err);
	CHECK_INT(ll_journal_make_writable(j, &err), LL_EIO);
	CHECK(strstr(err.msg, "no/such/x.journal: cannot open the label journal for writing") != NULL);
	ll_journal_close(j);
	free(path);
}

static void test_default_user(void)
{
	char *was = getenv("USER") ? strdup(getenv("USER")) : NULL;
	setenv("USER", "alice", 1);
	CHECK_STR(ll_journal_default_user(), "alice");
	setenv("USER", "", 1); /* empty: the passwd entry or the uid */
	const char *u = ll_journal_default_user();
	CHECK(u && *u && strcmp(u, "alice") != 0);
	unsetenv("USER");
	const char *v = ll_journal_default_user();
	CHECK(v && strcmp(u, v) == 0);
	if (was)
		setenv("USER", was, 1);
	free(was);
}

static void test_labels_small(void)
{
	struct ll_err err;
	struct ll_labels *l = ll_labels_new(4);
	CHECK_INT(ll_labels_nrows(l), 4);
	CHECK_INT(ll_labels_resize(l, 6), LL_OK);
	CHECK_INT(ll_labels_nrows(l), 6);

	/* no classes yet: "0" and "1" are the convention, anything else is not */
	char msg[256];
	CHECK_INT(ll_labels_class_known(l, "1"), 1);
	CHECK_INT(ll_labels_class_known(l, "0"), 1);
	CHECK_INT(ll_labels_class_known(l, "disk"), 0);
	CHECK_INT(ll_labels_class_known(l, "10"), 0);
	ll_labels_unknown_class_text(l, "disk", msg, sizeof msg);
	CHECK_STR(msg, "no class 'disk' (no classes yet)");

	int zero = ll_labels_class_id(l, "0"), disk = ll_labels_class_id(l, "disk");
	/* base labels: set, read back, the current label follows; refusals */
	CHECK_INT(ll_labels_base(l, 2), -1);
	CHECK_INT(ll_labels_set_base(l, 2, disk), LL_OK);
	CHECK_INT(ll_labels_base(l, 2), disk);
	CHECK_INT(ll_labels_get(l, 2), disk);
	CHECK_INT(ll_labels_set_base(l, 1, 7), LL_EUSAGE); /* no class 7 */
	CHECK_INT(ll_labels_set_base(l, 1, -2), LL_EUSAGE);
	CHECK_INT(ll_labels_base(l, 1), -1);
	CHECK_INT(ll_labels_set_base(l, 9, zero), LL_OK); /* grows the rows */
	CHECK_INT(ll_labels_nrows(l), 10);
	CHECK_INT(ll_labels_base(l, 9), zero);
	CHECK_INT(ll_labels_base(l, 10), -1); /* past the end */

	/* with a named class, "1" is no longer a convention */
	CHECK_INT(ll_labels_class_known(l, "disk"), 1);
	CHECK_INT(ll_labels_class_known(l, "0"), 1); /* it exists */
	CHECK_INT(ll_labels_class_known(l, "1"), 0);
	ll_labels_unknown_class_text(l, "dsik", msg, sizeof msg);
	CHECK_STR(msg, "no class 'dsik' (did you mean 'disk'?)");
	ll_labels_unknown_class_text(l, "network", msg, sizeof msg);
	CHECK_STR(msg, "no class 'network' (classes: 0, disk)");
	for (int i = 0; i < 10; i++) {
		char name[24];
		snprintf(name, sizeof name, "class%02d", i);
		ll_labels_class_id(l, name);
	}
	ll_labels_unknown_class_text(l, "zzzzzzzzzzzz", msg, sizeof msg);
	CHECK_STR(msg, "no class 'zzzzzzzzzzzz' (classes: 0, disk, class00, class01, class02, class03, class04, "
		       "class05 and 4 more)");
	/* a small buffer is cut, never overrun */
	char small[20];
	memset(small, 'x', sizeof small);
	ll_labels_unknown_class_text(l, "zzzzzzzzzzzz", small, 16);
	CHECK_STR(small, "no class 'zzzzz");
	CHECK(small[16] == 'x');

	/* journal path: none until a journal is open for writing */
	CHECK(ll_labels_journal_path(l) == NULL);
	char *path = strdup(tmp_path("labels.journal"));
	CHECK_INT(ll_labels_replay_journal(l, path, row_hash, NULL, NULL, NULL, &err), LL_OK);
	CHECK(ll_labels_journal_path(l) == NULL); /* read-only */
	CHECK_INT(ll_labels_make_writable(l, &err), LL_OK);
	CHECK_STR(ll_labels_journal_path(l), path);
	size_t row = 3;
	uint64_t v0 = ll_labels_version(l);
	CHECK_INT(ll_labels_apply(l, &row, 1, disk, "key", &err), 1);
	uint64_t v1 = ll_labels_version(l);
	CHECK(v1 != v0); /* every change bumps it */
	CHECK_INT(ll_labels_apply(l, &row, 1, disk, "key", &err), 0);
	CHECK(ll_labels_version(l) == v1); /* a change of nothing does not */
	CHECK_INT(ll_labels_undo(l, &err), 1);
	uint64_t v2 = ll_labels_version(l);
	CHECK(v2 != v1);
	CHECK_INT(ll_labels_redo(l, &err), 1);
	CHECK(ll_labels_version(l) != v2);
	ll_labels_free(l);

	/* the warning hook set later receives later reads' warnings */
	l = ll_labels_new(10);
	int first = 0, second = 0;
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, count_in, &first, &err), LL_OK);
	CHECK_INT(ll_labels_get(l, 3), ll_labels_find_class(l, "disk"));
	ll_labels_set_warn(l, count_in, &second);
	FILE *f = fopen(path, "a");
	fputs("garbage line\n", f);
	fclose(f);
	CHECK(ll_labels_sync(l, &err) >= 0);
	CHECK_INT(first, 0);
	CHECK_INT(second, 1);
	CHECK(strstr(last_warning, path) != NULL);
	ll_labels_set_warn(l, NULL, NULL); /* none: silently skipped */
	f = fopen(path, "a");
	fputs("more garbage\n", f);
	fclose(f);
	CHECK(ll_labels_sync(l, &err) >= 0);
	CHECK_INT(second, 1);
	ll_labels_free(l);
	free(path);
}

/* A file of no rows (an empty log opened in the browser): its journal is
 * replayed over nothing, twice (the second resets the first). */
static void test_labels_empty(void)
{
	struct ll_err err;
	ll_err_clear(&err);
	struct ll_labels *l = ll_labels_new(0);
	CHECK(l != NULL);
	if (!l)
		return;
	CHECK(ll_labels_nrows(l) == 0);
	char *path = strdup(tmp_path("empty.labels"));
	CHECK_INT(ll_labels_replay_journal(l, path, row_hash, NULL, NULL, NULL, &err), LL_OK);
	CHECK_INT(ll_labels_replay_journal(l, path, row_hash, NULL, NULL, NULL, &err), LL_OK);
	CHECK_INT(ll_labels_undo(l, &err), 0);
	ll_labels_free(l);
	free(path);
}

/* Row hashes are computed once: warming reads each row's line once
 * (within its budget, rows past the end passed over, a row listed twice
 * read once), and the change, its undo and its redo then read none; the
 * journal they write checks out against the lines when read afresh. A new
 * hash function forgets the kept hashes. */
static size_t hash_calls;
static uint32_t counting_hash(void *ctx, size_t row)
{
	hash_calls++;
	return row_hash(ctx, row);
}
static uint32_t other_hash(void *ctx, size_t row)
{
	hash_calls++;
	return row_hash(ctx, row);
}

static void test_warm_hashes(void)
{
	struct ll_err err;
	char *path = strdup(tmp_path("warm.journal"));
	unlink(path);
	struct ll_labels *l = ll_labels_new(100);
	CHECK_INT(ll_labels_attach_journal(l, path, counting_hash, NULL, NULL, NULL, &err), LL_OK);
	size_t rows[] = {5, 6, 7, 7, 8, 500, 9};
	size_t n = sizeof rows / sizeof *rows;
	hash_calls = 0;
	CHECK_INT(ll_labels_warm_hashes(l, rows, n, 0, 2), 2); /* a budget of two rows */
	CHECK_INT(hash_calls, 2);
	CHECK_INT(ll_labels_warm_hashes(l, rows, n, 2, 100), n); /* 7 again, 500 past the end */
	CHECK_INT(hash_calls, 5);
	CHECK_INT(ll_labels_warm_hashes(l, rows, n, 0, 100), n); /* all kept: nothing read */
	CHECK_INT(hash_calls, 5);
	int c = ll_labels_class_id(l, "1");
	size_t live[] = {5, 6, 7, 8, 9};
	CHECK_INT(ll_labels_apply(l, live, 5, c, "bulk", &err), 5);
	CHECK_INT(ll_labels_undo(l, &err), 5);
	CHECK_INT(ll_labels_redo(l, &err), 5);
	CHECK_INT(hash_calls, 5);
	/* an unwarmed row is read once, then kept */
	size_t one = 20;
	CHECK_INT(ll_labels_apply(l, &one, 1, c, "key", &err), 1);
	CHECK_INT(ll_labels_undo(l, &err), 1);
	CHECK_INT(hash_calls, 6);
	ll_labels_free(l);
	/* read afresh with another hash function: every record matches its
	 * line (none skipped as changed), and the hashes are read again */
	l = ll_labels_new(100);
	hash_calls = 0;
	CHECK_INT(ll_labels_replay_journal(l, path, other_hash, NULL, NULL, NULL, &err), LL_OK);
	CHECK_INT(ll_labels_skipped(l), 0);
	CHECK_INT(ll_labels_get(l, 7), ll_labels_find_class(l, "1"));
	CHECK_INT(ll_labels_get(l, 20), -1);
	size_t before = hash_calls;
	CHECK(before > 0);
	CHECK_INT(ll_labels_warm_hashes(l, live, 5, 0, 100), 5);
	CHECK_INT(hash_calls, before); /* the replay kept them */
	ll_labels_free(l);
	unlink(path);
	free(path);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "labels-api");
	test_journal_accessors();
	test_default_user();
	test_labels_small();
	test_labels_empty();
	test_warm_hashes();
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
