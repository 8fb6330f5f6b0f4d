/*
 * json_both_ways.h - a JSON text read by the reader's faster readings and
 * by its reference reading (ds_json.h's switch), for tests that hold the
 * first to the second: the same table, notes and errors. The including
 * test includes harness.h, then defines `dir` (its scratch folder) and
 * `format` ("json" or "jsonl") before including this.
 */
#ifndef LL_TEST_JSON_BOTH_WAYS_H
#define LL_TEST_JSON_BOTH_WAYS_H

#include "table_same.h"

#include "ds_json.h"
#include "ds_reader.h"

#include <string.h>
#include <sys/resource.h>

static int load(const char *path, struct ll_table **t, struct ll_err *err)
{
	struct ds_open_opts o = {.format = format, .default_year = 2024};
	ll_err_clear(err);
	*t = NULL;
	return ds_load(path, &o, t, NULL, err);
}

/* Loads text both ways, checks both give the same table or the same
 * error; returns the faster reading's table (the caller frees it) and its
 * status in *rc, its message in err. */
static struct ll_table *both_ways(const char *name, const char *text, size_t len, int *rc, struct ll_err *err)
{
	const char *path = ll_test_put_bytes(dir, name, text, len);
	struct ll_table *s, *w;
	struct ll_err werr;
	*rc = load(path, &s, err);
	ds_json_reference_reading(1);
	int wrc = load(path, &w, &werr);
	ds_json_reference_reading(0);
	CHECK_INT(*rc, wrc);
	if (*rc != LL_OK || wrc != LL_OK) {
		if (strcmp(err->msg, werr.msg) != 0)
			fprintf(stderr, "%s: faster reading `%s`\n%s: reference `%s`\n", name, err->msg, name, werr.msg);
		CHECK_STR(err->msg, werr.msg);
	} else {
		int same = same_table(s, w);
		if (!same)
			fprintf(stderr, "%s: the table differs from the reference reading's\n", name);
		CHECK(same);
	}
	ll_table_free(w);
	return s;
}

/* both_ways for a text that must load: the table, or NULL after a failed check. */
static struct ll_table *loads(const char *name, const char *text)
{
	int rc;
	struct ll_err err;
	struct ll_table *t = both_ways(name, text, strlen(text), &rc, &err);
	if (rc != LL_OK)
		fprintf(stderr, "%s: %s\n", name, err.msg);
	CHECK_INT(rc, LL_OK);
	return t;
}

/* both_ways for a text that must fail: its message contains want. */
static void fails(const char *name, const char *text, size_t len, const char *want)
{
	int rc;
	struct ll_err err;
	struct ll_table *t = both_ways(name, text, len, &rc, &err);
	CHECK_INT(rc, LL_EDATA);
	if (!strstr(err.msg, want))
		fprintf(stderr, "%s: `%s` lacks `%s`\n", name, err.msg, want);
	CHECK(strstr(err.msg, want) != NULL);
	ll_table_free(t);
}

/* loads for each of n texts, named STEM0.json, STEM1.json...: the tables
 * are only compared. */
static void loads_each(const char *stem, const char *const *texts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s%zu.json", stem, i);
		ll_table_free(loads(name, texts[i]));
	}
}

/* Writes text (freed) as name and loads it, checking that it holds rows
 * rows and that the process's peak memory grew at most times its size
 * (what, for the message). */
static void loads_within(const char *name, char *text, size_t len, size_t rows, long times, const char *what)
{
	const char *path = ll_test_put_bytes(dir, name, text, len);
	free(text);
	struct ll_table *t;
	struct ll_err err;
	struct rusage ru0, ru1;
	getrusage(RUSAGE_SELF, &ru0);
	CHECK_INT(load(path, &t, &err), LL_OK);
	getrusage(RUSAGE_SELF, &ru1);
	CHECK(t && ll_table_nrows(t) == rows);
	long grew_kib = ru1.ru_maxrss - ru0.ru_maxrss;
	if (grew_kib > (long)(len / 1024) * times)
		fprintf(stderr, "peak grew %ld KiB for a %zu KiB %s\n", grew_kib, len / 1024, what);
	CHECK(grew_kib <= (long)(len / 1024) * times);
	ll_table_free(t);
}

#endif
