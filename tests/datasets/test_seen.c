/*
 * test_seen.c - the last bytes read of a followed file (ds_seen): kept
 * across reads of any size, found again where they were read, and told
 * apart from a file rewritten in place past them.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ds_seen.h"
#include "harness.h"

static char dir[PATH_MAX];

static int open_with(const char *name, const char *text)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	fclose(f);
	return open(path, O_RDONLY);
}

/* Reads of 1, 7, 64 and 200 bytes keep the last 64 of all read, in order. */
static void test_add_keeps_last(void)
{
	char all[400];
	for (size_t i = 0; i < sizeof all; i++)
		all[i] = (char)('a' + i % 26);
	size_t sizes[] = {1, 7, 64, 200, 3, 0};
	struct ds_seen s = {0};
	size_t at = 0;
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		ds_seen_add(&s, sizes[k] ? all + at : NULL, sizes[k]);
		at += sizes[k];
		size_t want = at < DS_SEEN_BYTES ? at : DS_SEEN_BYTES;
		CHECK_INT(s.n, want);
		CHECK(memcmp(s.bytes, all + at - want, want) == 0);
	}
}

/* Bytes loaded before an offset are found there; a rewrite of one byte
 * among them, or a file cut shorter than them, is a change. */
static void test_same_and_changed(void)
{
	const char *text = "0123456789 one line\nanother line of the same length\n";
	int fd = open_with("grown.log", text);
	CHECK(fd >= 0);
	struct ds_seen s;
	ds_seen_load(&s, fd, strlen(text));
	CHECK_INT(s.n, strlen(text) < DS_SEEN_BYTES ? strlen(text) : DS_SEEN_BYTES);
	CHECK_INT(ds_seen_same(&s, fd, strlen(text)), 1);
	close(fd);

	/* the same length, one byte other: rewritten */
	char other[128];
	snprintf(other, sizeof other, "%s", text);
	other[strlen(text) - 3] = 'X';
	fd = open_with("grown.log", other);
	CHECK_INT(ds_seen_same(&s, fd, strlen(text)), 0);
	close(fd);

	/* grown after the bytes read: still the same before the old end */
	char more[256];
	snprintf(more, sizeof more, "%sa third line\n", text);
	fd = open_with("grown.log", more);
	CHECK_INT(ds_seen_same(&s, fd, strlen(text)), 1);
	close(fd);

	/* emptied: the bytes cannot be read whole there */
	fd = open_with("grown.log", "");
	CHECK_INT(ds_seen_same(&s, fd, strlen(text)), 0);
	close(fd);

	/* nothing kept: nothing to compare */
	struct ds_seen none = {0};
	CHECK_INT(ds_seen_same(&none, -1, 10), 1);
	/* a descriptor that cannot be read */
	CHECK_INT(ds_seen_same(&s, -1, strlen(text)), -1);
}

/* A load at offset 0, or from an unreadable descriptor, keeps nothing;
 * near the start, only the bytes there are. */
static void test_load_edges(void)
{
	int fd = open_with("short.log", "ab\n");
	struct ds_seen s;
	ds_seen_load(&s, fd, 0);
	CHECK_INT(s.n, 0);
	ds_seen_load(&s, fd, 3);
	CHECK_INT(s.n, 3);
	CHECK(memcmp(s.bytes, "ab\n", 3) == 0);
	ds_seen_load(&s, fd, 10); /* past the end: cannot be read whole */
	CHECK_INT(s.n, 0);
	close(fd);
	ds_seen_load(&s, -1, 5);
	CHECK_INT(s.n, 0);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "seen");
	test_add_keeps_last();
	test_same_and_changed();
	test_load_edges();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
