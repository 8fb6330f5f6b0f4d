/*
 * dataset_open.h - opening a dataset for a test and waiting until its
 * background counting is done, loaded or lazily read.
 */
#ifndef LL_TEST_DATASET_OPEN_H
#define LL_TEST_DATASET_OPEN_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ds_dataset.h"

/* path in format (NULL: detected) with default_year; lazily read when
 * lazy (LOGLAB_LAZY_THRESHOLD=1 for the open). NULL, with the error on
 * stderr, when it does not open. */
static inline struct ds_dataset *ll_test_open_counted(const char *path, int lazy, const char *format, int year)
{
	if (lazy)
		setenv("LOGLAB_LAZY_THRESHOLD", "1", 1);
	struct ds_open_opts o = {.format = format, .default_year = year};
	struct ds_dataset *ds = NULL;
	struct ll_err err;
	int rc = ds_dataset_open(&ds, path, &o, &err);
	unsetenv("LOGLAB_LAZY_THRESHOLD");
	if (rc != LL_OK) {
		fprintf(stderr, "open %s: %s\n", path, err.msg);
		return NULL;
	}
	/* sleeping, not spinning: under valgrind a loop that never gives
	 * way holds the lock valgrind's threads share */
	while (!ds_dataset_complete(ds)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	return ds;
}

#endif
