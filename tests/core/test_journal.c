/* tests/core/test_journal.c - label journal and label state: durability,
 * damage detection, undo/redo, compaction, failure leaving labels unchanged,
 * survival of kill -9 mid-burst and mid-action (nothing of an unfinished
 * action applied), version 1 journals, several processes writing, undoing
 * and compacting one journal, live reading, and 200,000 classes; parts (a
 * fleet's files, each with its own journal of its own lines). */
#include "harness.h"
#include "journal_fixture.h"
#include "ll_journal.h"
#include "ll_labels.h"

#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A dataset whose line 5 was edited since labelling. */
static uint32_t row_hash_changed(void *ctx, size_t row)
{
	return row == 5 ? 0xdeadbeefu : row_hash(ctx, row);
}

static void test_checksums(void)
{
	CHECK_INT(ll_crc32("123456789", 9), 0xcbf43926u);
	CHECK_INT(ll_line_hash("", 0), 0x811c9dc5u);
	CHECK_INT(ll_line_hash("a", 1), 0xe40c292cu);
}

struct collected {
	int n;
	struct ll_journal_record r[8];
	char strs[8][4][64];
};

static int collect(void *ctx, const struct ll_journal_record *r)
{
	struct collected *c = ctx;
	if (c->n >= 8)
		return 0;
	c->r[c->n] = *r;
	snprintf(c->strs[c->n][0], 64, "%s", r->user);
	snprintf(c->strs[c->n][1], 64, "%s", r->old_cls);
	snprintf(c->strs[c->n][2], 64, "%s", r->new_cls);
	snprintf(c->strs[c->n][3], 64, "%s", r->source);
	c->n++;
	return 0;
}

/* Appends one action to path through the locked write path. */
static int append_action(const char *path, struct ll_journal_record *recs, size_t n, const char *source)
{
	struct ll_journal *j;
	struct ll_err err;
	int restart;
	if (ll_journal_open(&j, path, 1, &err) != LL_OK)
		return -1;
	int rc = ll_journal_lock(j, &err);
	while (rc == LL_OK && (rc = ll_journal_read(j, &restart, NULL, NULL, NULL, &err)) == LL_OK && restart)
		;
	if (rc == LL_OK) {
		uint64_t g = ll_journal_next_group(j);
		for (size_t i = 0; i < n; i++)
			recs[i].group = g;
		struct ll_journal_action a = {g, 0, source, recs[0].time, "ops", recs, n, NULL, 0};
		rc = ll_journal_commit(j, &a, &err);
	}
	ll_journal_unlock(j);
	ll_journal_close(j);
	return rc;
}

static void test_journal_format(void)
{
	const char *path = tmp_path("fmt.journal");
	unlink(path);
	struct ll_journal *j;
	struct ll_err err;
	CHECK_INT(ll_journal_open(&j, path, 1, &err), LL_OK);
	ll_journal_close(j);
	struct ll_journal_record recs[2] = {
		{1764078601.25, "ops", 41, 0x1234abcdu, "", "root\tcause\\x", "key", 7},
		{1764078602.0, "ops", 0, 1, "normal", "", "key", 8},
	};
	CHECK_INT(append_action(path, recs, 2, "key"), LL_OK);
	struct collected c = {0};
	warnings = 0;
	CHECK_INT(ll_journal_replay(path, collect, count_warning, &c, &err), LL_OK);
	CHECK_INT(c.n, 2);
	CHECK_INT(warnings, 0);
	CHECK_INT(c.r[0].row, 41);
	CHECK_INT(c.r[0].hash, 0x1234abcdu);
	CHECK_INT(c.r[0].group, 1); /* the group is the journal's, not the caller's */
	CHECK_INT(c.r[1].group, 1);
	CHECK_NEAR(c.r[0].time, 1764078601.25, 1e-3);
	CHECK_STR(c.strs[0][1], "");
	CHECK_STR(c.strs[0][2], "root\tcause\\x");
	CHECK_STR(c.strs[1][3], "key");
	/* human-readable: 1-based row, ISO time, then the commit mark */
	FILE *f = fopen(path, "r");
	char line[512];
	CHECK(fgets(line, sizeof line, f) && strcmp(line, "# loglab label journal v2\n") == 0);
	CHECK(fgets(line, sizeof line, f) && strncmp(line, "2025-11-25T13:50:01.250Z\tops\t42:1234abcd\t\troot\\tcause\\\\x\tkey\t1\t", 62) == 0);
	CHECK(fgets(line, sizeof line, f));
	const char *mark = "2025-11-25T13:50:01.250Z\tops\tcommit\t2\t\tkey\t1\t";
	CHECK(fgets(line, sizeof line, f) && strncmp(line, mark, strlen(mark)) == 0);
	fclose(f);

	/* damage: flip a byte of the first record: its whole action goes */
	f = fopen(path, "r+");
	fseek(f, 40, SEEK_SET);
	fputc('X', f);
	fclose(f);
	memset(&c, 0, sizeof c);
	warnings = 0;
	CHECK_INT(ll_journal_replay(path, collect, count_warning, &c, &err), LL_OK);
	CHECK_INT(c.n, 0);
	CHECK_INT(warnings, 2); /* the damaged line, the action it leaves incomplete */
	CHECK(strstr(last_warning, "fmt.journal:4: action 1 (1 record from line 3) does not match its commit mark") != NULL);
	/* a torn last record (no newline) */
	f = fopen(path, "a");
	fputs("2025-11-25T13:50:03.000Z\tops\t9:00000001\t\t1\tkey\t9\t1234", f);
	fclose(f);
	warnings = 0;
	CHECK_INT(ll_journal_replay(path, collect, count_warning, &c, &err), LL_OK);
	CHECK(strstr(last_warning, "fmt.journal:5: skipped damaged label record: torn last record") != NULL);
	/* missing journal: no records, no error */
	memset(&c, 0, sizeof c);
	CHECK_INT(ll_journal_replay(tmp_path("none.journal"), collect, NULL, &c, &err), LL_OK);
	CHECK_INT(c.n, 0);
	/* cannot create */
	CHECK_INT(ll_journal_open(&j, "/nonexistent-dir/x.journal", 1, &err), LL_EIO);
	CHECK(strstr(err.msg, "/nonexistent-dir/x.journal: cannot open the label journal") != NULL);
	/* a device is no journal */
	if (access("/dev/full", W_OK) == 0) {
		CHECK_INT(ll_journal_open(&j, "/dev/full", 1, &err), LL_EIO);
		CHECK(strstr(err.msg, "/dev/full: the label journal must be a regular file") != NULL);
	}
	/* a file that is no journal is never written to */
	const char *other = tmp_path("notes.txt");
	f = fopen(other, "w");
	fputs("my notes\n", f);
	fclose(f);
	CHECK_INT(ll_journal_open(&j, other, 1, &err), LL_EDATA);
	CHECK(strstr(err.msg, "notes.txt: not a loglab label journal (it starts 'my notes')") != NULL);
	struct stat st;
	CHECK(stat(other, &st) == 0 && st.st_size == 9);
}

/* Compacting a journal with no records (a compactor can find it so after
 * another process replaced it) writes none and is no error; UBSan caught a
 * null array handed to qsort there. */
static void test_compact_empty(void)
{
	struct ll_journal *j;
	struct ll_err err;
	const char *path = tmp_path("empty.journal");
	CHECK_INT(ll_journal_open(&j, path, 1, &err), LL_OK);
	if (!j)
		return;
	CHECK_INT(ll_journal_lock(j, &err), LL_OK);
	size_t before = 99, after = 99;
	CHECK_INT(ll_journal_compact(j, &before, &after, &err), LL_OK);
	CHECK_INT(before, 0);
	CHECK_INT(after, 0);
	ll_journal_unlock(j);
	ll_journal_close(j);
}

/* The classes of l in order, joined by commas. */
static const char *class_list(const struct ll_labels *l)
{
	static char buf[256];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t c = 0; c < ll_labels_nclasses(l) && len < sizeof buf; c++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", c ? "," : "", ll_labels_class_name(l, c));
	return buf;
}

/* A compaction keeps every class the journal named, in its order, also
 * one no row has any more (B below: `label --set B` was refused after a
 * compaction), and one that a labeller who had the journal open before
 * gives a row after it; records of a compacted journal, compacted again,
 * keep them too. */
static void test_compact_keeps_classes(void)
{
	const char *path = tmp_path("classes.journal");
	unlink(path);
	struct ll_err err;
	struct ll_labels *l = ll_labels_new(10), *other = ll_labels_new(10);
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, NULL, NULL, &err), LL_OK);
	size_t r7 = 7, r2 = 2, r1 = 1, r3 = 3;
	CHECK_INT(ll_labels_apply(l, &r7, 1, ll_labels_class_id(l, "A"), "bulk", &err), 1);
	CHECK_INT(ll_labels_apply(l, &r2, 1, ll_labels_class_id(l, "B"), "bulk", &err), 1);
	CHECK_INT(ll_labels_apply(l, &r2, 1, -1, "bulk", &err), 1);
	CHECK_INT(ll_labels_apply(l, &r1, 1, ll_labels_class_id(l, "C"), "bulk", &err), 1);
	/* a concurrent labeller, open before the compaction */
	CHECK_INT(ll_labels_attach_journal(other, path, row_hash, NULL, NULL, NULL, &err), LL_OK);
	size_t before = 0, after = 0;
	CHECK_INT(ll_labels_compact(l, &before, &after, &err), LL_OK);
	CHECK_INT(before, 4);
	CHECK_INT(after, 2);
	ll_labels_free(l);
	struct ll_labels *first = ll_labels_new(10);
	CHECK_INT(ll_labels_replay_journal(first, path, row_hash, NULL, NULL, NULL, &err), LL_OK);
	CHECK_STR(class_list(first), "A,B,C");
	ll_labels_free(first);
	CHECK_INT(ll_labels_sync(other, &err) >= 0, 1);
	CHECK_STR(class_list(other), "A,B,C");
	CHECK_INT(ll_labels_apply(other, &r3, 1, ll_labels_class_id(other, "B"), "bulk", &err), 1);
	for (int round = 0; round < 2; round++) {
		struct ll_labels *reader = ll_labels_new(10);
		CHECK_INT(ll_labels_replay_journal(reader, path, row_hash, NULL, NULL, NULL, &err), LL_OK);
		CHECK_STR(class_list(reader), "A,B,C");
		CHECK(ll_labels_class_known(reader, "B"));
		CHECK_INT(ll_labels_get(reader, 7), 0);
		CHECK_INT(ll_labels_get(reader, 2), -1);
		CHECK_INT(ll_labels_get(reader, 1), 2);
		CHECK_INT(ll_labels_get(reader, 3), 1);
		ll_labels_free(reader);
		/* and so does the next compaction, of a compacted journal */
		CHECK_INT(ll_labels_apply(other, &r3, 1, -1, "bulk", &err), 1);
		CHECK_INT(ll_labels_compact(other, NULL, NULL, &err), LL_OK);
		CHECK_INT(ll_labels_apply(other, &r3, 1, ll_labels_class_id(other, "B"), "bulk", &err), 1);
	}
	ll_labels_free(other);
}

static struct ll_labels *fresh(size_t n)
{
	struct ll_labels *l = ll_labels_new(n);
	ll_labels_class_id(l, "0");
	ll_labels_class_id(l, "1");
	return l;
}

/* Parts: two files interleaved on one timeline, each with its own journal
 * of its own line numbers. Row r belongs to file part_of_r[r], line
 * line_of_r[r]; its text is "f<file> l<line>". */
static const int part_of_r[11] = {0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0};
static const size_t line_of_r[11] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 4};

static uint32_t file_line_hash(int file, size_t line)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "f%d l%zu", file, line);
	return ll_line_hash(buf, (size_t)n);
}

static uint32_t merged_hash(void *ctx, size_t row)
{
	(void)ctx;
	return row < 11 ? file_line_hash(part_of_r[row], line_of_r[row]) : 0;
}

static uint32_t file0_hash(void *ctx, size_t line)
{
	(void)ctx;
	return file_line_hash(0, line);
}

static int attach_two(struct ll_labels *l, const char *const *paths, struct ll_err *err)
{
	size_t *rows[2] = {malloc(5 * sizeof(size_t)), malloc(6 * sizeof(size_t))}, n[2] = {0, 0};
	for (size_t r = 0; r < 11; r++)
		rows[part_of_r[r]][n[part_of_r[r]]++] = r;
	return ll_labels_attach_parts(l, 2, paths, rows, n, merged_hash, NULL, count_warning, NULL, err);
}

static void test_labels_parts(void)
{
	char p0[512], p1[512];
	snprintf(p0, sizeof p0, "%s", tmp_path("file0.log.labels"));
	snprintf(p1, sizeof p1, "%s", tmp_path("file1.log.labels"));
	unlink(p0);
	unlink(p1);
	const char *paths[2] = {p0, p1};
	struct ll_err err;
	struct ll_labels *l = fresh(11);
	for (size_t i = 0; i < 11; i++)
		ll_labels_set_base(l, i, 0);
	CHECK_INT(attach_two(l, paths, &err), LL_OK);
	CHECK_INT(ll_labels_nparts(l), 2);
	CHECK_STR(ll_labels_part_journal(l, 1), p1);
	CHECK(ll_labels_part_journal(l, 2) == NULL);
	CHECK_INT(ll_labels_make_writable(l, &err), LL_OK);
	CHECK(access(p0, F_OK) != 0 && access(p1, F_OK) != 0); /* nothing written yet */
	/* one change over both files: a journal each, one undo step */
	size_t both[] = {2, 3, 8};
	CHECK_INT(ll_labels_apply(l, both, 3, 1, "bulk", &err), 3);
	CHECK(access(p0, F_OK) == 0 && access(p1, F_OK) == 0);
	size_t four = 4;
	CHECK_INT(ll_labels_apply(l, &four, 1, 1, "key", &err), 1);
	/* file 0's journal read alone names its own lines: rows 2 and 4 are its lines 1 and 2 */
	struct ll_labels *alone = fresh(5);
	CHECK_INT(ll_labels_replay_journal(alone, p0, file0_hash, NULL, count_warning, NULL, &err), LL_OK);
	CHECK_INT(ll_labels_get(alone, 1), 1);
	CHECK_INT(ll_labels_get(alone, 2), 1);
	CHECK_INT(ll_labels_get(alone, 0), -1);
	CHECK_INT(ll_labels_skipped(alone), 0);
	ll_labels_free(alone);
	CHECK_INT(ll_labels_undo(l, &err), 1);
	CHECK_INT(ll_labels_get(l, 4), 0);
	CHECK_INT(ll_labels_undo(l, &err), 3);
	CHECK_INT(ll_labels_get(l, 3), 0);
	CHECK(!ll_labels_can_undo(l));
	CHECK_INT(ll_labels_redo(l, &err), 3);
	CHECK_INT(ll_labels_get(l, 8), 1);
	/* another process reads both journals: the same labels, and its undo
	 * takes back the change over both files in one step */
	struct ll_labels *l2 = fresh(11);
	for (size_t i = 0; i < 11; i++)
		ll_labels_set_base(l2, i, 0);
	CHECK_INT(attach_two(l2, paths, &err), LL_OK);
	for (size_t r = 0; r < 11; r++)
		CHECK_INT(ll_labels_get(l2, r), ll_labels_get(l, r));
	CHECK_INT(ll_labels_make_writable(l2, &err), LL_OK);
	CHECK_INT(ll_labels_undo(l2, &err), 3);
	CHECK_INT(ll_labels_get(l2, 2) + ll_labels_get(l2, 3) + ll_labels_get(l2, 8), 0);
	CHECK_INT(ll_labels_redo(l2, &err), 3);
	CHECK_INT(ll_labels_get(l2, 2) + ll_labels_get(l2, 3) + ll_labels_get(l2, 8), 3);
	/* the first process sees it all */
	CHECK(ll_labels_sync(l, &err) > 0);
	CHECK_INT(ll_labels_get(l, 3), 1);
	/* a row merged after the labels were opened belongs to no file */
	CHECK_INT(ll_labels_resize(l2, 12), LL_OK);
	size_t late = 11;
	CHECK_INT(ll_labels_apply(l2, &late, 1, 1, "key", &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "row 12 was added after the labels were read") != NULL);
	size_t before = 0, after = 0;
	CHECK_INT(ll_labels_compact(l2, &before, &after, &err), LL_OK);
	CHECK(before > after && after == 3);
	CHECK_INT(ll_labels_get(l2, 8), 1);
	ll_labels_free(l2);
	ll_labels_free(l);
	/* rows out of order are refused, naming the journal */
	l = fresh(11);
	size_t *bad[2] = {malloc(2 * sizeof(size_t)), malloc(1 * sizeof(size_t))}, nb[2] = {2, 1};
	bad[0][0] = 3;
	bad[0][1] = 1;
	bad[1][0] = 0;
	CHECK_INT(ll_labels_attach_parts(l, 2, paths, bad, nb, merged_hash, NULL, NULL, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "file0.log.labels: line 2 maps to row 2") != NULL);
	CHECK_INT(ll_labels_nparts(l), 0);
	ll_labels_free(l);
}

static void test_labels_undo_redo_replay(void)
{
	const char *path = tmp_path("labels.journal");
	unlink(path);
	struct ll_err err;
	struct ll_labels *l = fresh(100);
	for (size_t i = 0; i < 100; i++)
		ll_labels_set_base(l, i, i < 90 ? 0 : 1);
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, count_warning, NULL, &err), LL_OK);
	size_t one = 3;
	CHECK_INT(ll_labels_apply(l, &one, 1, 1, "key", &err), 1);
	CHECK_INT(ll_labels_get(l, 3), 1);
	size_t bulk[] = {10, 11, 12, 12, 95, 3};
	/* 12 twice counts once; 95 and 3 are already 1 */
	CHECK_INT(ll_labels_apply(l, bulk, 6, 1, "bulk", &err), 3);
	size_t counts[2], none;
	ll_labels_counts(l, counts, &none);
	CHECK_INT(counts[1], 14);
	CHECK_INT(none, 0);
	CHECK_INT(ll_labels_undo(l, &err), 3);
	CHECK_INT(ll_labels_get(l, 12), 0);
	CHECK_INT(ll_labels_get(l, 3), 1);
	CHECK_INT(ll_labels_redo(l, &err), 3);
	CHECK_INT(ll_labels_get(l, 12), 1);
	CHECK_INT(ll_labels_undo(l, &err), 3);
	CHECK_INT(ll_labels_undo(l, &err), 1);
	CHECK_INT(ll_labels_undo(l, &err), 0);
	CHECK(!ll_labels_can_undo(l));
	CHECK(ll_labels_can_redo(l));
	CHECK_INT(ll_labels_redo(l, &err), 1);
	/* a new action clears redo */
	size_t r5 = 5;
	int unl = -1;
	CHECK_INT(ll_labels_apply(l, &r5, 1, unl, "key", &err), 1);
	CHECK(!ll_labels_can_redo(l));
	/* a class per row: one action; a row listed twice takes its last class */
	size_t each_rows[] = {40, 41, 40, 42};
	int each_cls[] = {1, 1, 0, 0};
	CHECK_INT(ll_labels_apply_each(l, each_rows, each_cls, 4, "import", &err), 1); /* 40, 42 are 0 already */
	CHECK_INT(ll_labels_get(l, 40), 0);
	CHECK_INT(ll_labels_get(l, 41), 1);
	CHECK_INT(ll_labels_undo(l, &err), 1);
	CHECK_INT(ll_labels_get(l, 41), 0);
	CHECK_INT(ll_labels_redo(l, &err), 1);
	CHECK_INT(ll_labels_undo(l, &err), 1);
	int named = ll_labels_class_id(l, "disk");
	size_t r7 = 7;
	CHECK_INT(ll_labels_apply(l, &r7, 1, named, "key", &err), 1);
	CHECK_INT(ll_labels_apply(l, &r7, 1, 9, "key", &err), LL_EUSAGE);
	size_t past = 100;
	CHECK_INT(ll_labels_apply(l, &past, 1, 1, "key", &err), LL_EUSAGE);
	int expect[100];
	for (size_t i = 0; i < 100; i++)
		expect[i] = ll_labels_get(l, i);
	ll_labels_free(l);

	/* replay reproduces the state exactly */
	l = fresh(100);
	for (size_t i = 0; i < 100; i++)
		ll_labels_set_base(l, i, i < 90 ? 0 : 1);
	warnings = 0;
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, count_warning, NULL, &err), LL_OK);
	CHECK_INT(warnings, 0);
	int same = 1;
	for (size_t i = 0; i < 100; i++)
		same &= ll_labels_get(l, i) == (expect[i] < 0 ? -1 : ll_labels_find_class(l, i == 7 ? "disk" : expect[i] ? "1" : "0"));
	CHECK(same);
	CHECK_INT(ll_labels_get(l, 5), -1);
	CHECK_STR(ll_labels_class_name(l, (size_t)ll_labels_get(l, 7)), "disk");
	/* the undo history survives a restart: the last action was row 7 → disk */
	CHECK(ll_labels_can_undo(l));
	CHECK(!ll_labels_can_redo(l));
	CHECK_INT(ll_labels_undo(l, &err), 1);
	CHECK_INT(ll_labels_get(l, 7), 0);
	CHECK_INT(ll_labels_undo(l, &err), 1); /* then row 5 → unlabelled */
	CHECK_INT(ll_labels_get(l, 5), 0);
	CHECK_INT(ll_labels_redo(l, &err), 1);
	CHECK_INT(ll_labels_redo(l, &err), 1);
	CHECK_STR(ll_labels_class_name(l, (size_t)ll_labels_get(l, 7)), "disk");
	CHECK_INT(ll_labels_get(l, 5), -1);
	ll_labels_free(l);
	/* undo and redo records replay to the same history */
	l = fresh(100);
	for (size_t i = 0; i < 100; i++)
		ll_labels_set_base(l, i, i < 90 ? 0 : 1);
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, count_warning, NULL, &err), LL_OK);
	CHECK(ll_labels_can_undo(l) && !ll_labels_can_redo(l));
	CHECK_INT(ll_labels_undo(l, &err), 1);
	CHECK_INT(ll_labels_get(l, 7), 0);
	CHECK_INT(ll_labels_redo(l, &err), 1);

	/* compaction keeps the state, shrinks the file */
	struct stat before, after;
	stat(path, &before);
	size_t before_n = 0, after_n = 0;
	CHECK_INT(ll_labels_compact(l, &before_n, &after_n, &err), LL_OK);
	CHECK_INT(after_n, 3);
	CHECK(before_n > after_n);
	stat(path, &after);
	CHECK(after.st_size < before.st_size);
	ll_labels_free(l);
	l = fresh(100);
	for (size_t i = 0; i < 100; i++)
		ll_labels_set_base(l, i, i < 90 ? 0 : 1);
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, count_warning, NULL, &err), LL_OK);
	CHECK_INT(ll_labels_replayed(l), 3); /* rows 3, 5, 7 differ from the file */
	CHECK_INT(ll_labels_get(l, 3), 1);
	CHECK_INT(ll_labels_get(l, 5), -1);
	ll_labels_free(l);

	/* a line that changed since labelling is not relabelled */
	l = fresh(100);
	warnings = 0;
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash_changed, NULL, count_warning, NULL, &err), LL_OK);
	CHECK_INT(warnings, 1);
	CHECK(strstr(last_warning, "line 6 has changed since it was labelled") != NULL);
	CHECK_INT(ll_labels_skipped(l), 1);
	ll_labels_free(l);
}

/* Writes one version 1 line (7 fields and the checksum) to f. */
static void v1_line(FILE *f, const char *fields)
{
	char line[512];
	snprintf(line, sizeof line, "%s\t", fields); /* the checksum covers the tab before it */
	fprintf(f, "%s%08x\n", line, ll_crc32(line, strlen(line)));
}

/* A journal written by loglab before commit marks still opens, with its
 * undo history; the first write converts it and keeps every label. */
static void test_version1_journal(void)
{
	const char *path = tmp_path("v1.journal");
	FILE *f = fopen(path, "w");
	fputs("# loglab label journal v1\n", f);
	char line[256];
	/* group 1: rows 3 and 4 to 1; group 2: row 7 to disk; group 3: undo of 2 */
	snprintf(line, sizeof line, "2025-11-25T13:50:01.000Z\tops\t4:%08x\t0\t1\tbulk\t1", row_hash(NULL, 3));
	v1_line(f, line);
	snprintf(line, sizeof line, "2025-11-25T13:50:01.000Z\tops\t5:%08x\t0\t1\tbulk\t1", row_hash(NULL, 4));
	v1_line(f, line);
	snprintf(line, sizeof line, "2025-11-25T13:50:02.000Z\tops\t8:%08x\t0\tdisk\tkey\t2", row_hash(NULL, 7));
	v1_line(f, line);
	snprintf(line, sizeof line, "2025-11-25T13:50:03.000Z\tops\t8:%08x\tdisk\t0\tundo\t3", row_hash(NULL, 7));
	v1_line(f, line);
	fclose(f);
	struct ll_err err;
	struct ll_labels *l = fresh(10);
	for (size_t i = 0; i < 10; i++)
		ll_labels_set_base(l, i, 0);
	warnings = 0;
	CHECK_INT(ll_labels_replay_journal(l, path, row_hash, NULL, count_warning, NULL, &err), LL_OK);
	CHECK_INT(warnings, 0);
	CHECK_INT(ll_labels_get(l, 3), 1);
	CHECK_INT(ll_labels_get(l, 4), 1);
	CHECK_INT(ll_labels_get(l, 7), 0);
	CHECK(ll_labels_can_undo(l) && ll_labels_can_redo(l));
	struct ll_labels_action_info info;
	CHECK(ll_labels_undo_top(l, &info) && info.group == 1 && info.rows == 2 && !strcmp(info.source, "bulk"));
	CHECK(ll_labels_redo_top(l, &info) && info.group == 2 && !strcmp(info.source, "key"));
	ll_labels_free(l);
	/* reading leaves it alone */
	f = fopen(path, "r");
	CHECK(fgets(line, sizeof line, f) && !strcmp(line, "# loglab label journal v1\n"));
	fclose(f);
	/* writing converts it, keeping the labels and the history */
	l = fresh(10);
	for (size_t i = 0; i < 10; i++)
		ll_labels_set_base(l, i, 0);
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, count_warning, NULL, &err), LL_OK);
	f = fopen(path, "r");
	CHECK(fgets(line, sizeof line, f) && !strcmp(line, "# loglab label journal v2\n"));
	fclose(f);
	CHECK_INT(ll_labels_redo(l, &err), 1);
	CHECK_STR(ll_labels_class_name(l, (size_t)ll_labels_get(l, 7)), "disk");
	size_t r9 = 9;
	CHECK_INT(ll_labels_apply(l, &r9, 1, 1, "key", &err), 1);
	ll_labels_free(l);
	l = fresh(10);
	for (size_t i = 0; i < 10; i++)
		ll_labels_set_base(l, i, 0);
	warnings = 0;
	CHECK_INT(ll_labels_replay_journal(l, path, row_hash, NULL, count_warning, NULL, &err), LL_OK);
	CHECK_INT(warnings, 0);
	CHECK_INT(ll_labels_get(l, 3), 1);
	CHECK_STR(ll_labels_class_name(l, (size_t)ll_labels_get(l, 7)), "disk");
	CHECK_INT(ll_labels_get(l, 9), 1);
	/* groups stay unique across the conversion: 1, 2, 3, then 4 and 5 */
	CHECK(ll_labels_undo_top(l, &info) && info.group == 5);
	ll_labels_free(l);
}

/* A journal cut by hand at a line boundary inside an action applies none
 * of that action, and says so. */
static void test_cut_inside_action(void)
{
	const char *path = tmp_path("cut.journal");
	unlink(path);
	struct ll_err err;
	struct ll_labels *l = fresh(100);
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, NULL, NULL, &err), LL_OK);
	size_t one = 1, rows[10];
	CHECK_INT(ll_labels_apply(l, &one, 1, 0, "key", &err), 1);
	for (size_t i = 0; i < 10; i++)
		rows[i] = 20 + i;
	CHECK_INT(ll_labels_apply(l, rows, 10, 1, "bulk", &err), 10);
	ll_labels_free(l);
	/* keep the header, action 1 (record and mark) and 5 records of action 2 */
	FILE *f = fopen(path, "r");
	char text[8192] = "";
	size_t len = 0;
	char line[512];
	for (int i = 0; i < 8 && fgets(line, sizeof line, f); i++) {
		memcpy(text + len, line, strlen(line));
		len += strlen(line);
	}
	fclose(f);
	f = fopen(path, "w");
	fwrite(text, 1, len, f);
	fclose(f);
	l = fresh(100);
	warnings = 0;
	CHECK_INT(ll_labels_replay_journal(l, path, row_hash, NULL, count_warning, NULL, &err), LL_OK);
	CHECK_INT(ll_labels_get(l, 1), 0);
	size_t applied = 0;
	for (size_t i = 0; i < 10; i++)
		applied += ll_labels_get(l, 20 + i) == 1;
	CHECK_INT(applied, 0);
	CHECK_INT(ll_labels_incomplete(l), 1);
	CHECK_INT(warnings, 1);
	CHECK(strstr(last_warning, "cut.journal:8: action 2 (5 records from line 4) has no commit mark") != NULL);
	/* undo takes back action 1 only: the cut one never happened */
	ll_labels_free(l);
	l = fresh(100);
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, NULL, NULL, &err), LL_OK);
	CHECK_INT(ll_labels_undo(l, &err), 1);
	CHECK_INT(ll_labels_get(l, 1), -1);
	CHECK(!ll_labels_can_undo(l));
	ll_labels_free(l);
}

/* 200,000 distinct classes: open and one label (figures printed; the
 * bench compares them, the test only that they work). */
static void test_many_classes(void)
{
	size_t n = getenv("LL_VALGRIND") ? 5000 : 200000;
	const char *path = tmp_path("classes.journal");
	unlink(path);
	struct ll_err err;
	struct ll_journal *j;
	CHECK_INT(ll_journal_open(&j, path, 1, &err), LL_OK);
	struct ll_journal_record *recs = malloc(n * sizeof *recs);
	char (*names)[16] = malloc(n * sizeof *names);
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "c%06zu", i);
		recs[i] = (struct ll_journal_record){1764078601.0, "ops", i, row_hash(NULL, i), "", names[i], "bulk", 1};
	}
	int restart;
	CHECK_INT(ll_journal_lock(j, &err), LL_OK);
	CHECK_INT(ll_journal_read(j, &restart, NULL, NULL, NULL, &err), LL_OK);
	struct ll_journal_action a = {1, 0, "bulk", 1764078601.0, "ops", recs, n, NULL, 0};
	CHECK_INT(ll_journal_commit(j, &a, &err), LL_OK);
	ll_journal_unlock(j);
	ll_journal_close(j);
	double t0 = now_s();
	struct ll_labels *l = ll_labels_new(n);
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, NULL, NULL, &err), LL_OK);
	double t1 = now_s();
	CHECK_INT(ll_labels_nclasses(l), n);
	size_t row = n / 2;
	int cls = ll_labels_find_class(l, "c000007");
	CHECK_INT(cls, 7);
	CHECK_INT(ll_labels_apply(l, &row, 1, cls, "key", &err), 1);
	double t2 = now_s();
	CHECK_STR(ll_labels_class_name(l, (size_t)ll_labels_get(l, row)), "c000007");
	fprintf(stderr, "%zu classes: open %.3f s, one label %.3f s\n", n, t1 - t0, t2 - t1);
	ll_labels_free(l);
	free(recs);
	free(names);
}

/* A write that fails (file size limit, like a full disk) changes nothing. */
static void test_failed_write_changes_nothing(void)
{
	const char *path = tmp_path("limit.journal");
	unlink(path);
	pid_t pid = fork();
	if (pid == 0) {
		struct ll_err err;
		struct ll_labels *l = fresh(5000);
		if (ll_labels_attach_journal(l, path, row_hash, NULL, NULL, NULL, &err) != LL_OK)
			_exit(10);
		signal(SIGXFSZ, SIG_IGN);
		struct stat st;
		stat(path, &st);
		struct rlimit rl = {(rlim_t)st.st_size + 200, (rlim_t)st.st_size + 200};
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(11);
		size_t rows[5000];
		for (size_t i = 0; i < 5000; i++)
			rows[i] = i;
		long rc = ll_labels_apply(l, rows, 5000, 1, "bulk", &err);
		if (rc != LL_EIO || !strstr(err.msg, "label not saved"))
			_exit(12);
		for (size_t i = 0; i < 5000; i++)
			if (ll_labels_get(l, i) != -1)
				_exit(13);
		struct stat st2;
		stat(path, &st2);
		if (st2.st_size != st.st_size)
			_exit(14); /* the partial group was not rolled back */
		ll_labels_free(l);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 0);
}

/* kill -9 mid-burst: every label acknowledged before the kill is back. */
static void test_kill9(void)
{
	const char *path = tmp_path("kill.journal");
	unlink(path);
	int fds[2];
	CHECK(pipe(fds) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		struct ll_err err;
		struct ll_labels *l = fresh(1000000);
		if (ll_labels_attach_journal(l, path, row_hash, NULL, NULL, NULL, &err) != LL_OK)
			_exit(10);
		for (size_t i = 0;; i = (i + 7919) % 1000000) {
			if (ll_labels_apply(l, &i, 1, (int)(i % 2), "key", &err) < 0)
				_exit(11);
			uint64_t ack = i;
			if (write(fds[1], &ack, sizeof ack) != sizeof ack)
				_exit(12);
		}
	}
	close(fds[1]);
	uint64_t acked[400];
	size_t n = 0;
	while (n < 300 && read(fds[0], &acked[n], sizeof acked[n]) == sizeof acked[n])
		n++;
	kill(pid, SIGKILL);
	/* acknowledgements already in the pipe were acknowledged too */
	while (n < 400 && read(fds[0], &acked[n], sizeof acked[n]) == sizeof acked[n])
		n++;
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	CHECK(n >= 300);
	struct ll_err err;
	struct ll_labels *l = fresh(1000000);
	warnings = 0;
	CHECK_INT(ll_labels_attach_journal(l, path, row_hash, NULL, count_warning, NULL, &err), LL_OK);
	size_t lost = 0;
	for (size_t i = 0; i < n; i++)
		lost += ll_labels_get(l, acked[i]) != (int)(acked[i] % 2);
	CHECK_INT(lost, 0);
	CHECK(warnings <= 1); /* at most the one record torn by the kill */
	fprintf(stderr, "kill -9: %zu labels acknowledged, %zu lost, %zu replayed\n", n, lost, ll_labels_replayed(l));
	ll_labels_free(l);
}

int main(void)
{
	snprintf(dir, sizeof dir, "%s/ll-journal-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 99;
	test_checksums();
	test_journal_format();
	test_labels_undo_redo_replay();
	test_labels_parts();
	test_version1_journal();
	test_cut_inside_action();
	test_many_classes();
	test_failed_write_changes_nothing();
	test_kill9();
	test_compact_empty();
	test_compact_keeps_classes();
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
