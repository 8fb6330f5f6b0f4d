/*
 * dataset_open.h - opening a dataset for a test, loaded or lazily read,
 * and (most tests) waiting until its background counting is done.
 */
#ifndef LL_TEST_DATASET_OPEN_H
#define LL_TEST_DATASET_OPEN_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ds_dataset.h"

/* path in format (NULL: detected) with default_year, LOGLAB_LAZY_THRESHOLD
 * set to threshold for the open (NULL: unset), not waited for. NULL, with
 * the error on stderr, when it does not open. */
static inline struct ds_dataset *ll_test_open(const char *path, const char *threshold, const char *format, int year)
{
	if (threshold)
		setenv("LOGLAB_LAZY_THRESHOLD", threshold, 1);
	else
		unsetenv("LOGLAB_LAZY_THRESHOLD");
	struct ds_open_opts o = {.format = format, .default_year = year};
	struct ds_dataset *ds = NULL;
	struct ll_err err;
	int rc = ds_dataset_open(&ds, path, &o, &err);
	unsetenv("LOGLAB_LAZY_THRESHOLD");
	if (rc != LL_OK) {
		fprintf(stderr, "open %s: %s\n", path, err.msg);
		return NULL;
	}
	return ds;
}

/* ll_test_open, lazily read when lazy (threshold 1), once its counting
 * is complete. */
static inline struct ds_dataset *ll_test_open_counted(const char *path, int lazy, const char *format, int year)
{
	struct ds_dataset *ds = ll_test_open(path, lazy ? "1" : NULL, format, year);
	/* sleeping, not spinning: under valgrind a loop that never gives
	 * way holds the lock valgrind's threads share */
	while (ds && !ds_dataset_complete(ds)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	return ds;
}

#endif
