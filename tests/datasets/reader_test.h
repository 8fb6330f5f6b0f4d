/*
 * reader_test.h - what the tests of one reader share: a file written into
 * the test's scratch folder, a load with a format forced or detected, and
 * seeded damage to a generated file (bit flips, bytes that matter to the
 * reader inserted, chunks cut, truncation) after which every load must
 * give a table or an error naming the file. Include after harness.h.
 */
#ifndef LL_READER_TEST_H
#define LL_READER_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ds_reader.h"

/* dir/name holding n bytes of text; the path, in a static buffer. */
static inline const char *rt_put(const char *dir, const char *name, const char *text, size_t n)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return path;
	fwrite(text, 1, n, f);
	fclose(f);
	return path;
}

/* ds_load with format (NULL: detect); *used is the reader's name or "". */
static inline int rt_load(const char *path, const char *format, struct ll_table **t, const char **used,
			  struct ll_err *e)
{
	struct ds_open_opts o = {0};
	o.format = format;
	const struct ds_reader *r = NULL;
	*t = NULL;
	int rc = ds_load(path, &o, t, &r, e);
	*used = r ? r->name : "";
	return rc;
}

/* The table of text written to dir/name and loaded as format (NULL:
 * detected), default year 2024; NULL, with the error shown and counted as
 * a failed check, when it does not load. */
static inline struct ll_table *rt_load_text(const char *dir, const char *name, const char *text, const char *format)
{
	const char *path = rt_put(dir, name, text, strlen(text));
	struct ds_open_opts o = {.format = format, .default_year = 2024};
	struct ll_table *t = NULL;
	struct ll_err err;
	int rc = ds_load(path, &o, &t, NULL, &err);
	if (rc != LL_OK)
		fprintf(stderr, "%s: %s\n", name, err.msg);
	CHECK_INT(rc, LL_OK);
	return t;
}

/* 1 to 6 seeded edits of d (n bytes, room for n + 60); the new length. */
static inline size_t rt_mutate(char *d, size_t n, uint64_t *seed, const char *specials)
{
	size_t n0 = n, ns = strlen(specials);
	for (int k = 0, edits = 1 + (int)(ll_test_xorshift(seed) % 6); k < edits && n; k++) {
		size_t at = ll_test_xorshift(seed) % n;
		switch (ll_test_xorshift(seed) % 4) {
		case 0:
			d[at] ^= (char)(1u << (ll_test_xorshift(seed) % 8));
			break;
		case 1:
			if (n < n0 + 60 && ns) {
				memmove(d + at + 1, d + at, n - at);
				d[at] = specials[ll_test_xorshift(seed) % ns];
				n++;
			}
			break;
		case 2: {
			size_t len = 1 + ll_test_xorshift(seed) % 300;
			len = at + len > n ? n - at : len;
			memmove(d + at, d + at + len, n - at - len);
			n -= len;
			break;
		}
		default:
			n = at;
		}
	}
	return n;
}

/* count mutants of text (n bytes) named STEM-K, each read with format
 * forced and detected: the loads that gave neither a table nor an error
 * naming the file (each printed). */
static inline int rt_mutants(const char *dir, const char *stem, const char *text, size_t n, int count,
			     const char *format, const char *specials, uint64_t seed)
{
	int bad = 0;
	for (int m = 0; m < count; m++) {
		char *d = malloc(n + 64);
		if (!d)
			return bad + 1;
		memcpy(d, text, n);
		size_t len = rt_mutate(d, n, &seed, specials);
		char name[64];
		snprintf(name, sizeof name, "%s-%d", stem, m);
		const char *p = rt_put(dir, name, d, len);
		free(d);
		for (int forced = 0; forced < 2; forced++) {
			struct ll_table *t;
			struct ll_err e;
			const char *used;
			int rc = rt_load(p, forced ? format : NULL, &t, &used, &e);
			if (rc == LL_OK)
				ll_table_free(t);
			else if (rc != LL_EDATA || !strstr(e.msg, name)) {
				bad++;
				fprintf(stderr, "%s (%s): rc %d: %s\n", name, forced ? "forced" : "detected", rc, e.msg);
			}
		}
	}
	return bad;
}

#endif
