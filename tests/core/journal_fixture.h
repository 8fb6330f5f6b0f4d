/*
 * journal_fixture.h - what the label journal's tests share: a scratch
 * folder, paths in it, the row hashes a dataset of "line N" rows gives, and
 * a warning hook that keeps the last message. Each test sets dir.
 */
#ifndef JOURNAL_FIXTURE_H
#define JOURNAL_FIXTURE_H

#include <stdint.h>
#include <stdio.h>

#include "ll_journal.h"

static char dir[256];

static inline const char *tmp_path(const char *name)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s/%s", dir, name);
	return buf;
}

/* Row i's "line" is "line i"; its hash what a dataset would give. */
static inline uint32_t row_hash(void *ctx, size_t row)
{
	(void)ctx;
	char buf[64];
	int n = snprintf(buf, sizeof buf, "line %zu", row);
	return ll_line_hash(buf, (size_t)n);
}

static int warnings;
static char last_warning[1024];

static inline void count_warning(void *ctx, const char *msg)
{
	(void)ctx;
	warnings++;
	snprintf(last_warning, sizeof last_warning, "%s", msg);
}

#endif
