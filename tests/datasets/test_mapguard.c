/*
 * test_mapguard.c - datasets/ds_mapguard.c: a guarded mapping of a file cut
 * short reads zeros past the new end and is marked shrunk; an unguarded
 * one still dies of SIGBUS (the guard takes only its own faults), and so
 * does one whose guard was removed; ds_source, the line index and a
 * dataset opened on such a file say so (ds_source_shrunk,
 * ds_lineindex_shrunk, ds_dataset_status).
 */
#include "harness.h"

#include "ds_dataset.h"
#include "ds_lineindex.h"
#include "ds_mapguard.h"
#include "ds_source.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[512];

/* A file of n pages of 'x' lines at name; its path. */
static const char *make_file(const char *name, size_t bytes)
{
	static char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		exit(99);
	for (size_t i = 0; i < bytes; i++)
		fputc(i % 64 == 63 ? '\n' : 'x', f);
	fclose(f);
	return path;
}

static char *map_file(const char *path, size_t len)
{
	int fd = open(path, O_RDONLY);
	char *m = fd >= 0 ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	if (fd >= 0)
		close(fd);
	if (m == MAP_FAILED)
		exit(99);
	return m;
}

/* Sum of the bytes of m[from, to): the pages are touched, the compiler
 * cannot drop the reads. */
static unsigned long touch(const char *m, size_t from, size_t to)
{
	unsigned long sum = 0;
	for (size_t i = from; i < to; i++)
		sum += (unsigned char)((volatile const char *)m)[i];
	return sum;
}

static void test_guarded(void)
{
	size_t len = 16 * 4096;
	const char *p = make_file("guarded.log", len);
	char *m = map_file(p, len);
	ds_mapguard_add(m, len);
	CHECK_INT(ds_mapguard_shrunk(m), 0);
	CHECK(touch(m, 0, len) == (unsigned long)(len - len / 64) * 'x' + (len / 64) * '\n');
	CHECK_INT(truncate(p, 4096), 0);
	/* the first page is still the file's; the rest reads as zeros */
	CHECK(touch(m, 0, 4096) == (unsigned long)(4096 - 64) * 'x' + 64 * '\n');
	CHECK_INT(ds_mapguard_shrunk(m), 0);
	CHECK(touch(m, 4096, len) == 0);
	CHECK_INT(ds_mapguard_shrunk(m), 1);
	CHECK_INT(ds_mapguard_shrunk(m + 1), 0); /* only the mapping's start names it */
	ds_mapguard_remove(m);
	CHECK_INT(ds_mapguard_shrunk(m), 0);
	munmap(m, len);
}

/* In a child: maps path (len bytes), guards it when guard is set (and
 * removes the guard again when guard is 2), cuts the file to one page and
 * reads past it. Returns 1 when the child died of it (SIGBUS, or the
 * report and exit of a sanitizer's handler the guard passed it on to), 0
 * when it read zeros and ended normally. */
static int child_reads_past(const char *path, size_t len, int guard)
{
	pid_t pid = fork();
	if (pid < 0)
		exit(99);
	if (pid == 0) {
		char *m = map_file(path, len);
		if (guard) {
			ds_mapguard_add(m, len);
			if (guard == 2)
				ds_mapguard_remove(m);
		} else {
			/* the handler installed by another mapping's guard */
			char *other = map_file(path, 4096);
			ds_mapguard_add(other, 4096);
		}
		if (truncate(path, 4096) != 0)
			_exit(99);
		_exit(touch(m, 4096, len) == 0 ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		return WTERMSIG(st) == SIGBUS;
	return WEXITSTATUS(st) != 0;
}

static void test_unguarded(void)
{
	size_t len = 8 * 4096;
	CHECK_INT(child_reads_past(make_file("plain.log", len), len, 0), 1);
	CHECK_INT(child_reads_past(make_file("removed.log", len), len, 2), 1);
	CHECK_INT(child_reads_past(make_file("kept.log", len), len, 1), 0);
}

/* The owners of mappings: a source opened whole, and a large log browsed
 * through its line index, cut short while open. */
static void test_owners(void)
{
	size_t len = 64 * 4096;
	const char *p = make_file("source.log", len);
	struct ds_source *src = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	CHECK_INT(ds_source_open(&src, p, &err), LL_OK);
	if (src) {
		CHECK_INT(ds_source_shrunk(src), 0);
		CHECK_INT(truncate(p, 0), 0);
		CHECK(touch(src->data, 0, src->size) == 0);
		CHECK_INT(ds_source_shrunk(src), 1);
		ds_source_close(src);
	}

	p = make_file("lazy.log", len);
	setenv("LOGLAB_LAZY_THRESHOLD", "4096", 1);
	struct ds_dataset *ds = NULL;
	struct ds_open_opts o;
	memset(&o, 0, sizeof o);
	o.format = "lines";
	int rc = ds_dataset_open(&ds, p, &o, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		while (!ds_dataset_complete(ds))
			usleep(1000);
		CHECK_INT(ds_dataset_nrows(ds), len / 64);
		CHECK_INT(ds_dataset_status(ds, &err), LL_OK);
		CHECK_INT(truncate(p, 4096), 0);
		/* every row read again: those past the cut are NUL bytes */
		size_t blank = 0;
		for (size_t r = 0; r < ds_dataset_nrows(ds); r++) {
			char cell[128];
			ds_dataset_cell(ds, r, 0, cell, sizeof cell);
			blank += cell[0] != 'x';
		}
		CHECK(blank == len / 64 - 4096 / 64);
		CHECK_INT(ds_dataset_shrunk(ds), 1);
		CHECK_INT(ds_dataset_status(ds, &err), LL_EIO);
		CHECK(strstr(err.msg, "lazy.log: the file shrank while it was open") != NULL);
		ds_dataset_close(ds);
	}
	unsetenv("LOGLAB_LAZY_THRESHOLD");
}

/* Registration alone, where faults cannot be tried. */
static void test_bookkeeping(void)
{
	size_t len = 4096;
	char *m = map_file(make_file("book.log", len), len);
	ds_mapguard_add(m, len);
	CHECK_INT(ds_mapguard_shrunk(m), 0);
	ds_mapguard_remove(m);
	ds_mapguard_remove(m); /* twice: nothing */
	CHECK_INT(ds_mapguard_shrunk(m), 0);
	ds_mapguard_add(NULL, 10);
	CHECK_INT(ds_mapguard_shrunk(NULL), 0);
	munmap(m, len);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "mapguard");
	test_bookkeeping();
	if (getenv("LL_VALGRIND")) {
		/* valgrind delivers the fault of a page past a file's end with no
		 * address (si_addr 0): no guard can tell whose page it is there */
		fprintf(stderr, "SKIP (part): faults under valgrind\n");
	} else {
		test_guarded();
		test_unguarded();
		test_owners();
	}
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
