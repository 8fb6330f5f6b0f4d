/*
 * fuzz_util.h - shared by the libFuzzer targets of tests/fuzz: the input
 * written to a per-process temporary file (readers take paths), and the
 * rule every target checks, that a refusal comes with a message.
 */
#ifndef LL_FUZZ_UTIL_H
#define LL_FUZZ_UTIL_H

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ds_reader.h"
#include "ll_err.h"
#include "ll_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data[0..size) to /tmp/ll_fuzz_PID_NAME and returns that path
 * (static storage, one per name suffix used). NULL when it cannot. */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[128];
	snprintf(path, sizeof path, "/tmp/ll_fuzz_%ld_%s", (long)getpid(), name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return NULL;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return NULL;
	}
	return fclose(f) == 0 ? path : NULL;
}

static inline int fuzz_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Removes the folder path and all it holds (links not followed). */
static inline void fuzz_remove_tree(const char *path)
{
	nftw(path, fuzz_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A failure without a message is a bug the fuzzer should report. */
static inline void fuzz_check(int rc, const struct ll_err *err)
{
	if (rc != LL_OK && !err->msg[0])
		abort();
}

/* Formats every cell of a loaded table: what a browser would read of it. */
static inline void fuzz_touch_cells(const struct ll_table *t)
{
	char cell[64];
	for (size_t r = 0; r < ll_table_nrows(t); r++)
		for (size_t c = 0; c < ll_table_ncols(t); c++)
			ll_table_format_cell(t, r, c, cell, sizeof cell);
}

/* Loads path as format (NULL: detected), as `loglab info` would: every
 * error must name the file, and every cell of a table must format. */
static inline void fuzz_load_file(const char *path, const char *format)
{
	struct ds_open_opts opts = {.format = format};
	struct ll_table *t = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ds_load(path, &opts, &t, NULL, &err);
	if (rc != LL_OK && (!err.msg[0] || !strstr(err.msg, path)))
		abort();
	if (rc == LL_OK)
		fuzz_touch_cells(t);
	ll_table_free(t);
}

#endif
