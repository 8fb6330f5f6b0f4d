/*
 * test_follow.c - tail mode of a single file: the follower of a file's new
 * complete lines (ds_follow.h), the lines joining a loaded table
 * (ds_tail.h), and a dataset following its log (ds_dataset_refresh,
 * ds_dataset_tail, ds_dataset_row_growing).
 *
 * Every case writes its own file in a scratch folder, changes it as a
 * logger or logrotate would (append, a line in two writes, rename and
 * create, truncate in place, truncate and write past the old size) and
 * checks what is read. No timing: each poll is made after the change.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "dataset_open.h"
#include "ds_follow.h"
#include "ds_tail.h"
#include "harness.h"

static char dir[256];

static const char *path_of(const char *name)
{
	static char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static void append(const char *name, const char *text)
{
	FILE *f = fopen(path_of(name), "ab");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(name);
		exit(99);
	}
}

static struct ds_follow *follow(const char *name, uint64_t offset)
{
	int fd = open(path_of(name), O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	struct ds_follow *f = NULL;
	struct ll_err err;
	CHECK_INT(ds_follow_open(&f, fd, path_of(name), offset, &err), LL_OK);
	return f;
}

static enum ds_follow_event poll_text(struct ds_follow *f, size_t max, char *out, size_t cap, int *more)
{
	const char *b;
	size_t n;
	struct ll_err err;
	ll_err_clear(&err);
	enum ds_follow_event e = ds_follow_poll(f, max, &b, &n, more, &err);
	snprintf(out, cap, "%.*s", (int)n, b ? b : "");
	return e;
}

static void test_follow_grows(void)
{
	ll_test_put(dir, "a.log", "one\ntwo\n");
	struct ds_follow *f = follow("a.log", 8);
	char got[256];
	int more;
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_SAME);
	/* a line in two writes waits for its newline */
	append("a.log", "thr");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_SAME);
	CHECK_INT(ds_follow_offset(f), 8);
	CHECK_INT(ds_follow_size(f), 11);
	append("a.log", "ee\nfour\nfi");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_GREW);
	CHECK_STR(got, "three\nfour\n");
	CHECK_INT(more, 0);
	CHECK_INT(ds_follow_offset(f), 19);
	append("a.log", "ve\n");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_GREW);
	CHECK_STR(got, "five\n");
	/* a burst read a few bytes at a time: whole lines, and more said */
	append("a.log", "aaaa\nbbbb\ncccc\n");
	CHECK_INT(poll_text(f, 7, got, sizeof got, &more), DS_FOLLOW_GREW);
	CHECK_STR(got, "aaaa\n");
	CHECK_INT(more, 1);
	CHECK_INT(poll_text(f, 7, got, sizeof got, &more), DS_FOLLOW_GREW);
	CHECK_STR(got, "bbbb\n");
	CHECK_INT(poll_text(f, 7, got, sizeof got, &more), DS_FOLLOW_GREW);
	CHECK_STR(got, "cccc\n");
	CHECK_INT(more, 0);
	/* an unfinished line read once, then only what it gains (strace
	 * would show it; here: its bytes come out right across polls) */
	append("a.log", "a long line wr");
	CHECK_INT(poll_text(f, 4, got, sizeof got, &more), DS_FOLLOW_SAME);
	append("a.log", "itten in ");
	CHECK_INT(poll_text(f, 4, got, sizeof got, &more), DS_FOLLOW_SAME);
	append("a.log", "three writes\n");
	CHECK_INT(poll_text(f, 4, got, sizeof got, &more), DS_FOLLOW_GREW);
	CHECK_STR(got, "a long line written in three writes\n");
	/* cut while unfinished: truncated */
	{
		ll_test_put(dir, "u.log", "one\nunfini");
		struct ds_follow *u = follow("u.log", 4);
		CHECK_INT(poll_text(u, 1024, got, sizeof got, &more), DS_FOLLOW_SAME);
		ll_test_put(dir, "u.log", "one\nun");
		CHECK_INT(poll_text(u, 1024, got, sizeof got, &more), DS_FOLLOW_TRUNCATED);
		ds_follow_close(u);
	}
	/* a line longer than the batch comes whole (with what the longer
	 * read found after it) */
	append("a.log", "a-rather-long-line\nx\ny");
	CHECK_INT(poll_text(f, 4, got, sizeof got, &more), DS_FOLLOW_GREW);
	CHECK_STR(got, "a-rather-long-line\nx\n");
	CHECK_INT(more, 0);
	CHECK_INT(poll_text(f, 4, got, sizeof got, &more), DS_FOLLOW_SAME);
	ds_follow_close(f);
}

static void test_follow_rotations(void)
{
	char got[256];
	int more;
	/* copytruncate: emptied in place */
	ll_test_put(dir, "t.log", "one\ntwo\n");
	struct ds_follow *f = follow("t.log", 8);
	ll_test_put(dir, "t.log", "");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_TRUNCATED);
	append("t.log", "new\n");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_TRUNCATED); /* it stays so */
	ds_follow_close(f);
	/* emptied and written past its old size before the poll: the byte
	 * that ended the last line read is no longer a newline */
	ll_test_put(dir, "t2.log", "one\ntwo\n");
	f = follow("t2.log", 8);
	ll_test_put(dir, "t2.log", "a longer first line\n");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_TRUNCATED);
	ds_follow_close(f);
	/* the same with lines all of one length: the byte before the offset
	 * is a newline again, but the line before it is another */
	ll_test_put(dir, "t3.log", "line 1\nline 2\n");
	f = follow("t3.log", 14);
	ll_test_put(dir, "t3.log", "line 3\nline 4\nline 5\n");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_TRUNCATED);
	ds_follow_close(f);
	/* ... and after lines read by polls */
	ll_test_put(dir, "t4.log", "");
	f = follow("t4.log", 0);
	append("t4.log", "line 1\nline 2\n");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_GREW);
	CHECK_STR(got, "line 1\nline 2\n");
	ll_test_put(dir, "t4.log", "line 3\nline 4\nline 5\n");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_TRUNCATED);
	ds_follow_close(f);
	/* an unfinished line read, then the file rewritten past it: its
	 * stale bytes are not glued to the new ones */
	ll_test_put(dir, "t5.log", "one\nunfini");
	f = follow("t5.log", 4);
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_SAME);
	ll_test_put(dir, "t5.log", "one\nrewritten whole\n");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_TRUNCATED);
	ds_follow_close(f);
	/* logrotate's default: renamed away, a new file created; what the old
	 * file got before comes first, through the descriptor */
	ll_test_put(dir, "r.log", "one\n");
	f = follow("r.log", 4);
	char old[512];
	snprintf(old, sizeof old, "%s", path_of("r.log.1"));
	CHECK_INT(rename(path_of("r.log"), old), 0);
	ll_test_put(dir, "r.log", "in the new file\n");
	FILE *o = fopen(old, "ab");
	CHECK(o != NULL);
	fputs("last of the old\n", o);
	fclose(o);
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_GREW);
	CHECK_STR(got, "last of the old\n");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_ROTATED);
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_ROTATED);
	/* the old file's name now (Linux: /proc/self/fd) */
	char now[512], tiny[4];
	if (ds_follow_now_at(f, now, sizeof now)) {
		char real[512];
		CHECK(realpath(old, real) != NULL);
		CHECK_STR(now, real);
	}
	CHECK_INT(ds_follow_now_at(f, tiny, sizeof tiny), 0);
	ds_follow_close(f);
	/* removed */
	ll_test_put(dir, "g.log", "one\n");
	f = follow("g.log", 4);
	CHECK_INT(unlink(path_of("g.log")), 0);
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_ROTATED);
	CHECK_INT(ds_follow_now_at(f, now, sizeof now), 0); /* removed: nowhere */
	ds_follow_close(f);
}

/* ds_tail_append on a table of another shape: columns found by name and
 * type, a missing one left empty, classes joined by name, a row replaced. */
static void test_tail_append(void)
{
	const struct ds_reader *r = ds_reader_find("labelled");
	CHECK(r != NULL && r->line != NULL);
	if (!r || !r->line)
		return;
	struct ll_table *t = ll_table_new();
	CHECK(t != NULL);
	ll_table_add_column(t, "line", LL_COL_TEXT);
	ll_table_add_column(t, "not in the lines", LL_COL_NUM);
	long row = ll_table_append_row(t);
	ll_table_set_text(t, (size_t)row, 0, "partial", 7);
	CHECK_INT(ll_table_class_id(t, "B", 1), 0);
	size_t added = 9;
	struct ll_err err;
	const char *lines = "A\tthe partial line whole\n-\tsecond\nB\tthird\n";
	CHECK_INT(ds_tail_append(t, r->line, r->name, 2026, "x.tsv", lines, strlen(lines), 0, &added, &err), LL_OK);
	CHECK_INT(added, 2);
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_STR(ll_table_text(t, 0, 0), "the partial line whole");
	CHECK_STR(ll_table_text(t, 1, 0), "second");
	CHECK(isnan(ll_table_num(t, 2, 1)));
	CHECK_INT(ll_table_label(t, 0), ll_table_find_class(t, "A"));
	CHECK_INT(ll_table_label(t, 1), ll_table_find_class(t, "normal"));
	CHECK_INT(ll_table_label(t, 2), 0);
	/* no row to replace: every line appended */
	CHECK_INT(ds_tail_append(t, r->line, r->name, 2026, "x.tsv", "B\tfourth\n", 9, SIZE_MAX, &added, &err), LL_OK);
	CHECK_INT(added, 1);
	CHECK_STR(ll_table_text(t, 3, 0), "fourth");
	CHECK_INT(ds_tail_append(t, r->line, r->name, 2026, "x.tsv", "", 0, SIZE_MAX, &added, &err), LL_OK);
	CHECK_INT(added, 0);
	ll_table_free(t);
}

static const char SYSLOG_3[] = "Mar  2 06:00:01 node07 kernel: [1.000] first message\n"
			       "Mar  2 06:00:02 node07 kernel: [2.000] second message\n"
			       "Mar  2 06:00:03 node07 sshd[12]: third message\n";

static size_t row_text(struct ds_dataset *ds, size_t row, char *buf, size_t cap)
{
	return ds_dataset_row_text(ds, row, buf, cap);
}

/* Every cell of every row of a followed dataset is what a new opening of
 * the file gives. */
static void check_same_as_reopened_as(struct ds_dataset *ds, const char *path, int lazy, const char *format)
{
	struct ds_dataset *fresh = ll_test_open_counted(path, lazy, format, 2026);
	CHECK(fresh != NULL);
	if (!fresh)
		return;
	CHECK_INT(ds_dataset_nrows(ds), ds_dataset_nrows(fresh));
	CHECK_INT(ds_dataset_ncols(ds), ds_dataset_ncols(fresh));
	char a[512], b[512];
	for (size_t i = 0; i < ds_dataset_nrows(ds) && i < ds_dataset_nrows(fresh); i++)
		for (size_t c = 0; c < ds_dataset_ncols(ds) && c < ds_dataset_ncols(fresh); c++) {
			ds_dataset_cell(ds, i, c, a, sizeof a);
			ds_dataset_cell(fresh, i, c, b, sizeof b);
			if (strcmp(a, b) != 0)
				fprintf(stderr, "row %zu col %zu: '%s' vs '%s'\n", i, c, a, b);
			CHECK_STR(a, b);
		}
	/* the notes on counts, as a new opening the same way says them */
	if (lazy) {
		CHECK_INT(ds_dataset_nnotes(ds), ds_dataset_nnotes(fresh));
		for (size_t i = 0; i < ds_dataset_nnotes(ds) && i < ds_dataset_nnotes(fresh); i++)
			CHECK_STR(ds_dataset_note(ds, i), ds_dataset_note(fresh, i));
	}
	ds_dataset_close(fresh);
}

static void check_same_as_reopened(struct ds_dataset *ds, const char *path)
{
	check_same_as_reopened_as(ds, path, 0, NULL);
}

static void test_dataset_follows(void)
{
	ll_test_put(dir, "kern.log", SYSLOG_3);
	struct ds_dataset *ds = ll_test_open(path_of("kern.log"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_FOLLOWING);
	CHECK(ds_dataset_tail_note(ds) == NULL);
	CHECK_INT(ds_dataset_refresh(ds), 0);
	append("kern.log", "Mar  2 06:00:04 node07 kernel: [4.000] fourth message\n"
			   "Mar  2 06:00:05 node07 kernel: [5.0");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 4);
	char buf[512];
	row_text(ds, 3, buf, sizeof buf);
	CHECK_STR(buf, "Mar  2 06:00:04 node07 kernel: [4.000] fourth message");
	append("kern.log", "00] fifth message\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 5);
	check_same_as_reopened(ds, path_of("kern.log"));
	/* logrotate: renamed away, a new file: the rows read stay */
	char old[512];
	snprintf(old, sizeof old, "%s", path_of("kern.log.1"));
	CHECK_INT(rename(path_of("kern.log"), old), 0);
	ll_test_put(dir, "kern.log", "Mar  2 07:00:00 node07 kernel: [9.000] after the rotation\n");
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_ROTATED);
	CHECK(ds_dataset_tail_note(ds) && strstr(ds_dataset_tail_note(ds), "was rotated (now kern.log.1; "));
	CHECK_INT(ds_dataset_nrows(ds), 5);
	row_text(ds, 4, buf, sizeof buf);
	CHECK_STR(buf, "Mar  2 06:00:05 node07 kernel: [5.000] fifth message");
	CHECK_INT(ds_dataset_refresh(ds), 0);
	ds_dataset_close(ds);

	/* copytruncate */
	ll_test_put(dir, "app.log", SYSLOG_3);
	ds = ll_test_open(path_of("app.log"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	ll_test_put(dir, "app.log", "");
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_TRUNCATED);
	CHECK(ds_dataset_tail_note(ds) && strstr(ds_dataset_tail_note(ds), "truncated in place"));
	CHECK_INT(ds_dataset_nrows(ds), 3);
	row_text(ds, 2, buf, sizeof buf);
	CHECK_STR(buf, "Mar  2 06:00:03 node07 sshd[12]: third message");
	ds_dataset_close(ds);
}

/* A file whose last line had no newline on opening: that row grows into
 * the whole line, and is said to be growing until then. */
static void test_dataset_growing_row(void)
{
	ll_test_put(dir, "p.log", "Mar  2 06:00:01 node07 kernel: [1.000] first message\nMar  2 06:00:02 node07 ker");
	struct ds_dataset *ds = ll_test_open(path_of("p.log"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_INT(ds_dataset_nrows(ds), 2);
	CHECK_INT(ds_dataset_unfinished_row(ds), 1);
	/* a file ending so and not growing: its last line is a row as any */
	CHECK(!ds_dataset_row_growing(ds, 1));
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK(!ds_dataset_row_growing(ds, 1));
	/* written further, still without its newline: being written */
	append("p.log", "nel: [2.0");
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK(ds_dataset_row_growing(ds, 1));
	CHECK(!ds_dataset_row_growing(ds, 0));
	CHECK_INT(ds_dataset_unfinished_row(ds), 1);
	append("p.log", "00] second message\nMar  2 06:00:03 node07 kernel: [3.000] third message\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 3);
	CHECK(!ds_dataset_row_growing(ds, 1));
	CHECK_INT(ds_dataset_unfinished_row(ds), SIZE_MAX);
	check_same_as_reopened(ds, path_of("p.log"));
	ds_dataset_close(ds);
}

/* label<TAB>line: the new lines' own labels count. */
static void test_dataset_labelled(void)
{
	ll_test_put(dir, "l.tsv", "-\tfirst line\nALERT\tsecond line\n");
	struct ds_dataset *ds = ll_test_open(path_of("l.tsv"), NULL, "labelled", 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_FOLLOWING);
	append("l.tsv", "DISK\tthird line\n-\tfourth line\n");
	CHECK_INT(ds_dataset_refresh(ds), 2);
	int disk = ds_dataset_label(ds, 2);
	CHECK(disk >= 0 && strcmp(ds_dataset_class_name(ds, (size_t)disk), "DISK") == 0);
	size_t counts[8] = {0}, unl = 9;
	CHECK_INT(ds_dataset_nclasses(ds), 3);
	ds_dataset_label_counts(ds, counts, &unl);
	CHECK_INT(counts[disk], 1);
	CHECK_INT(unl, 0);
	ds_dataset_close(ds);
}

/* A log read through the line index (threshold 1: every file) follows
 * its file too: new lines join the index from its end, are counted, and
 * read as a new opening reads them. */
static void test_large_follows(void)
{
	ll_test_put(dir, "big.log", SYSLOG_3);
	struct ds_dataset *ds = ll_test_open_counted(path_of("big.log"), 1, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK(ds_dataset_lineindex(ds) != NULL);
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_FOLLOWING);
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK(ds_dataset_tail_note(ds) == NULL);
	CHECK_INT(ds_dataset_nnotes(ds), 0);
	append("big.log", "Mar  2 06:00:04 node07 kernel: [4.000] fourth message\n"
			  "not a syslog line at all\n"
			  "Mar  2 06:00:05 node07 kernel: [5.0");
	CHECK_INT(ds_dataset_refresh(ds), 2);
	CHECK_INT(ds_dataset_nrows(ds), 5);
	char buf[512];
	row_text(ds, 3, buf, sizeof buf);
	CHECK_STR(buf, "Mar  2 06:00:04 node07 kernel: [4.000] fourth message");
	/* the counts took the new rows in: the line that does not fit is said */
	CHECK_INT(ds_dataset_nnotes(ds), 1);
	CHECK(ds_dataset_note(ds, 0) && strstr(ds_dataset_note(ds, 0), "1 continuation line") &&
	      strstr(ds_dataset_note(ds, 0), "line 5"));
	append("big.log", "00] fifth message\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 6);
	check_same_as_reopened_as(ds, path_of("big.log"), 1, NULL);
	check_same_as_reopened(ds, path_of("big.log"));
	/* time range over the new rows too */
	double lo, hi;
	CHECK(ds_dataset_time_range(ds, &lo, &hi));
	struct ds_dataset *fresh = ll_test_open_counted(path_of("big.log"), 1, NULL, 2026);
	double flo = 0, fhi = 0;
	CHECK(fresh && ds_dataset_time_range(fresh, &flo, &fhi));
	CHECK(lo == flo && hi == fhi);
	ds_dataset_close(fresh);
	/* logrotate: renamed away, a new file: the rows read stay */
	char old[512];
	snprintf(old, sizeof old, "%s", path_of("big.log.1"));
	CHECK_INT(rename(path_of("big.log"), old), 0);
	ll_test_put(dir, "big.log", "Mar  2 07:00:00 node07 kernel: [9.000] after the rotation\n");
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_ROTATED);
	CHECK(ds_dataset_tail_note(ds) && strstr(ds_dataset_tail_note(ds), "was rotated (now big.log.1; ") &&
	      strstr(ds_dataset_tail_note(ds), "its 6 lines read so far stay"));
	CHECK_INT(ds_dataset_nrows(ds), 6);
	row_text(ds, 5, buf, sizeof buf);
	CHECK_STR(buf, "Mar  2 06:00:05 node07 kernel: [5.000] fifth message");
	ds_dataset_close(ds);

	/* copytruncate */
	ll_test_put(dir, "big3.log", SYSLOG_3);
	ds = ll_test_open_counted(path_of("big3.log"), 1, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	ll_test_put(dir, "big3.log", "");
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_TRUNCATED);
	CHECK_INT(ds_dataset_nrows(ds), 3);
	ds_dataset_close(ds);
}

/* A large log's last line without its newline on opening: the row grows
 * into the whole line (its text read anew, its place kept). */
static void test_large_growing_row(void)
{
	ll_test_put(dir, "bigp.log", "Mar  2 06:00:01 node07 kernel: [1.000] first message\nMar  2 06:00:02 node07 ker");
	struct ds_dataset *ds = ll_test_open_counted(path_of("bigp.log"), 1, NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_INT(ds_dataset_nrows(ds), 2);
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK_INT(ds_dataset_unfinished_row(ds), 1);
	CHECK(!ds_dataset_row_growing(ds, 1));
	append("bigp.log", "nel: [2.0");
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK(ds_dataset_row_growing(ds, 1));
	append("bigp.log", "00] second message\nMar  2 06:00:03 node07 kernel: [3.000] third message\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 3);
	CHECK_INT(ds_dataset_unfinished_row(ds), SIZE_MAX);
	char buf[512];
	row_text(ds, 1, buf, sizeof buf);
	CHECK_STR(buf, "Mar  2 06:00:02 node07 kernel: [2.000] second message");
	check_same_as_reopened_as(ds, path_of("bigp.log"), 1, NULL);
	ds_dataset_close(ds);
}

/* label<TAB>line read through the line index: the new lines' classes
 * are counted. */
static void test_large_labelled(void)
{
	ll_test_put(dir, "bigl.tsv", "-\tfirst line\nALERT\tsecond line\n");
	struct ds_dataset *ds = ll_test_open_counted(path_of("bigl.tsv"), 1, "labelled", 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_FOLLOWING);
	CHECK_INT(ds_dataset_refresh(ds), 0);
	append("bigl.tsv", "DISK\tthird line\n-\tfourth line\nALERT\tfifth line\n");
	CHECK_INT(ds_dataset_refresh(ds), 3);
	int disk = ds_dataset_label(ds, 2);
	CHECK(disk >= 0 && strcmp(ds_dataset_class_name(ds, (size_t)disk), "DISK") == 0);
	size_t counts[8] = {0}, unl = 9;
	CHECK_INT(ds_dataset_nclasses(ds), 3);
	ds_dataset_label_counts(ds, counts, &unl);
	CHECK_INT(counts[disk], 1);
	int alert = ds_dataset_label(ds, 1);
	CHECK(alert >= 0 && counts[alert] == 2);
	CHECK_INT(unl, 0);
	check_same_as_reopened_as(ds, path_of("bigl.tsv"), 1, "labelled");
	ds_dataset_close(ds);
}

/* Resident kilobytes of this process's mapping holding addr, from
 * /proc/self/smaps; -1 when that cannot be read. */
static long mapping_rss_kb(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return -1;
	char line[512];
	int in = 0;
	long kb = -1;
	uintptr_t a = (uintptr_t)addr;
	while (kb < 0 && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = a >= lo && a < hi;
		else if (in && strncmp(line, "Rss:", 4) == 0)
			kb = strtol(line + 4, NULL, 10);
	}
	fclose(f);
	return kb;
}

/* A large log whose last line is 64 MiB without a newline (a tail of NUL
 * bytes, a line still being written): opening it does not read that line
 * through the mapping to find where the last complete line ends (it was
 * looked for from the end back, on the UI thread); following still starts
 * there once counting is complete. */
static void test_large_long_last_line(void)
{
	size_t big = (size_t)64 << 20;
	const char *first = "Mar  2 06:00:01 node07 kernel: [1.000] first message\n";
	char *text = malloc(strlen(first) + big);
	CHECK(text != NULL);
	if (!text)
		return;
	memcpy(text, first, strlen(first));
	memset(text + strlen(first), 'x', big);
	ll_test_put_bytes(dir, "long.log", text, strlen(first) + big);
	free(text);
	struct ds_dataset *ds = ll_test_open(path_of("long.log"), "1", NULL, 2026);
	CHECK(ds != NULL);
	if (!ds)
		return;
	const struct ds_lineindex *ix = ds_dataset_lineindex(ds);
	CHECK(ix != NULL);
	long kb = ix ? mapping_rss_kb(ds_lineindex_data(ix)) : -1;
	/* what the readers sniff of its head (some 18 MiB) and its last few
	 * KiB, not the whole line */
	if (kb >= 0)
		CHECK(kb < 40 * 1024);
	while (!ds_dataset_complete(ds)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	CHECK_INT(ds_dataset_tail(ds), DS_TAIL_FOLLOWING);
	CHECK_INT(ds_dataset_nrows(ds), 2);
	CHECK_INT(ds_dataset_refresh(ds), 0);
	CHECK_INT(ds_dataset_unfinished_row(ds), 1);
	append("long.log", "y\nMar  2 06:00:03 node07 kernel: [3.000] third message\n");
	CHECK_INT(ds_dataset_refresh(ds), 1);
	CHECK_INT(ds_dataset_nrows(ds), 3);
	CHECK_INT(ds_dataset_unfinished_row(ds), SIZE_MAX);
	char buf[512];
	row_text(ds, 2, buf, sizeof buf);
	CHECK_STR(buf, "Mar  2 06:00:03 node07 kernel: [3.000] third message");
	CHECK_INT(row_text(ds, 1, buf, sizeof buf), big + 1);
	ds_dataset_close(ds);
	remove(path_of("long.log"));
}

/* Files read whole once are not followed. */
static void test_not_followed(void)
{
	struct ds_dataset *ds;
	/* a table of a whole JSON document (CSV and JSON Lines tables are
	 * followed: test_tabtail.c) */
	ll_test_put(dir, "m.json", "[{\"time\":\"2026-03-02T06:00:00\",\"cpu\":1}]\n");
	ds = ll_test_open(path_of("m.json"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (ds) {
		CHECK_INT(ds_dataset_tail(ds), DS_TAIL_NONE);
		append("m.json", "[{\"time\":\"2026-03-02T06:00:01\",\"cpu\":2}]\n");
		CHECK_INT(ds_dataset_refresh(ds), 0);
		CHECK_INT(ds_dataset_nrows(ds), 1);
		ds_dataset_close(ds);
	}
	/* gzip */
	gzFile z = gzopen(path_of("z.log.gz"), "wb");
	CHECK(z != NULL);
	if (z) {
		gzputs(z, SYSLOG_3);
		gzclose(z);
		ds = ll_test_open(path_of("z.log.gz"), NULL, NULL, 2026);
		CHECK(ds != NULL);
		if (ds) {
			CHECK_INT(ds_dataset_tail(ds), DS_TAIL_NONE);
			CHECK_INT(ds_dataset_refresh(ds), 0);
			ds_dataset_close(ds);
		}
	}
	/* Latin-1, converted into a copy */
	ll_test_put(dir, "l1.log", "Mar  2 06:00:01 node07 kernel: [1.000] caf\xe9 cr\xe8me br\xfbl\xe9" "e\n");
	ds = ll_test_open(path_of("l1.log"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (ds) {
		CHECK(ds_dataset_latin1(ds));
		CHECK_INT(ds_dataset_tail(ds), DS_TAIL_NONE);
		ds_dataset_close(ds);
	}
}


/* A line without a newline is held only up to the memory budget
 * (LOGLAB_MEMORY_MAX, set small here so the file stays small): past it the
 * follower stops and lets go of it, and a dataset says why it is no longer
 * followed; a line under the budget is still read whole. */
static void test_follow_line_too_long(void)
{
	setenv("LOGLAB_MEMORY_MAX", "1M", 1);
	char *big = malloc((3u << 19) + 2);
	CHECK(big != NULL);
	if (!big)
		return;
	memset(big, 'x', 3u << 19); /* 1.5 MiB */
	big[3u << 19] = '\0';
	char got[256];
	int more;
	ll_test_put(dir, "long.log", "first\n");
	struct ds_follow *f = follow("long.log", 6);
	char under[600 * 1024 + 2];
	memset(under, 'u', sizeof under - 2);
	under[sizeof under - 2] = '\n';
	under[sizeof under - 1] = '\0';
	append("long.log", under);
	const char *b;
	size_t n;
	struct ll_err err;
	CHECK_INT(ds_follow_poll(f, 1024, &b, &n, &more, &err), DS_FOLLOW_GREW);
	CHECK_INT(n, sizeof under - 1);
	append("long.log", big); /* in two polls: the bytes held so far count */
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_TOO_LONG);
	append("long.log", "\nend\n");
	CHECK_INT(poll_text(f, 1024, got, sizeof got, &more), DS_FOLLOW_TOO_LONG); /* it stays so */
	CHECK_INT(ds_follow_max_line(f), 1u << 20);
	ds_follow_close(f);

	ll_test_put(dir, "long2.log", "Mar  2 06:00:01 node07 kernel: [1.000] first message\n");
	struct ds_dataset *ds = ll_test_open(path_of("long2.log"), NULL, NULL, 2026);
	CHECK(ds != NULL);
	if (ds) {
		append("long2.log", big);
		CHECK_INT(ds_dataset_refresh(ds), 0);
		CHECK_INT(ds_dataset_tail(ds), DS_TAIL_STOPPED);
		const char *note = ds_dataset_tail_note(ds);
		CHECK(note && strstr(note, "has a line longer than 1.0 MiB without a newline yet: not shown whole"));
		CHECK_INT(ds_dataset_nrows(ds), 1);
		ds_dataset_close(ds);
	}
	free(big);
	unsetenv("LOGLAB_MEMORY_MAX");
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "follow");
	test_follow_grows();
	test_follow_rotations();
	test_tail_append();
	test_dataset_follows();
	test_dataset_growing_row();
	test_dataset_labelled();
	test_large_follows();
	test_large_growing_row();
	test_large_labelled();
	test_large_long_last_line();
	test_not_followed();
	test_follow_line_too_long();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
