/*
 * table_load.h - for tests of the table readers: a text written to a file
 * of the test's folder and loaded back as a user's file is, with the
 * reader that took it; a column found by name.
 */
#ifndef LL_TEST_TABLE_LOAD_H
#define LL_TEST_TABLE_LOAD_H

#include <stdio.h>
#include <unistd.h>

#include "ds_reader.h"
#include "harness.h"
#include "ll_table.h"

/* Loads text as dir/name (the file is removed after), with an entity key
 * (NULL: detected) and a default year (0: the reader's); *format gets the
 * reader's name ("" when none took it). */
static struct ll_table *load_text(const char *dir, const char *name, const char *text, const char *entity,
				  int default_year, const char **format)
{
	char path[1024];
	snprintf(path, sizeof path, "%s", ll_test_put(dir, name, text));
	struct ds_open_opts o = {.entity = entity, .default_year = default_year};
	struct ll_table *t = NULL;
	const struct ds_reader *used = NULL;
	struct ll_err err;
	int rc = ds_load(path, &o, &t, &used, &err);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK)
		fprintf(stderr, "%s\n", err.msg);
	*format = used ? used->name : "";
	unlink(path);
	return t;
}

/* Column name of t, checked to exist. */
static int col(const struct ll_table *t, const char *name)
{
	int c = ll_table_find_column(t, name);
	if (c < 0)
		fprintf(stderr, "no column '%s'\n", name);
	CHECK(c >= 0);
	return c;
}

#endif
