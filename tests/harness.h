/*
 * harness.h - a tiny assertion harness for C unit tests.
 *
 * Each CHECK counts; a failing one prints file:line and the expression (and
 * values for the typed forms) and the test keeps going so one run shows
 * every failure. TEST_MAIN_END returns the automake exit code: 0 pass,
 * 1 fail. Tests needing ../shared/data call ll_test_data_dir(), which exits
 * 77 (automake's "skipped") with a message when the folder is absent;
 * ll_test_scratch_dir makes a test's own temporary folder;
 * ll_test_has_note looks for a table's note (readers explain themselves
 * in notes, and tests check what they say).
 */
#ifndef LL_TEST_HARNESS_H
#define LL_TEST_HARNESS_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>

#include "ll_table.h"

static int ll_test_checks, ll_test_failures;

/* Marsaglia's xorshift64: a cheap, repeatable stream for generated test
 * input (not the models' generator, so tests do not move when it does).
 * *state must not be 0. */
static inline uint64_t ll_test_xorshift(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

#define CHECK(cond)                                                                             \
	do {                                                                                    \
		ll_test_checks++;                                                               \
		if (!(cond)) {                                                                  \
			ll_test_failures++;                                                     \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond);      \
		}                                                                               \
	} while (0)

#define CHECK_INT(a, b)                                                                         \
	do {                                                                                    \
		long long ll_a_ = (long long)(a), ll_b_ = (long long)(b);                       \
		ll_test_checks++;                                                               \
		if (ll_a_ != ll_b_) {                                                           \
			ll_test_failures++;                                                     \
			fprintf(stderr, "%s:%d: FAILED: %s == %s (%lld != %lld)\n", __FILE__,   \
				__LINE__, #a, #b, ll_a_, ll_b_);                                \
		}                                                                               \
	} while (0)

#define CHECK_NEAR(a, b, tol)                                                                   \
	do {                                                                                    \
		double ll_a_ = (double)(a), ll_b_ = (double)(b);                                \
		ll_test_checks++;                                                               \
		if (!(fabs(ll_a_ - ll_b_) <= (tol))) {                                          \
			ll_test_failures++;                                                     \
			fprintf(stderr, "%s:%d: FAILED: %s ~= %s (%.9g vs %.9g, tol %g)\n",     \
				__FILE__, __LINE__, #a, #b, ll_a_, ll_b_, (double)(tol));       \
		}                                                                               \
	} while (0)

#define CHECK_STR(a, b)                                                                         \
	do {                                                                                    \
		const char *ll_a_ = (a), *ll_b_ = (b);                                          \
		ll_test_checks++;                                                               \
		if (!ll_a_ || !ll_b_ || strcmp(ll_a_, ll_b_) != 0) {                            \
			ll_test_failures++;                                                     \
			fprintf(stderr, "%s:%d: FAILED: %s == %s (\"%s\" vs \"%s\")\n",         \
				__FILE__, __LINE__, #a, #b, ll_a_ ? ll_a_ : "(null)",           \
				ll_b_ ? ll_b_ : "(null)");                                      \
		}                                                                               \
	} while (0)

/* The shared real data folder, or exit 77 (skip) when it is absent. */
/* 1 in a build that runs several times slower than release: under valgrind
 * (LL_VALGRIND, ./quickstart test's valgrind pass) or with sanitizers
 * (LL_SANITIZED=1, set by configure --enable-sanitizers). Tests take
 * smaller generated inputs there; the release suite runs them in full. */
static inline int ll_test_slow_build(void)
{
	const char *san = getenv("LL_SANITIZED");
	return getenv("LL_VALGRIND") != NULL || (san && strcmp(san, "1") == 0);
}

static inline const char *ll_test_data_dir(void)
{
	const char *d = getenv("LL_DATA_DIR");
	struct stat st;
	if (!d || stat(d, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "SKIP: shared data folder not found (LL_DATA_DIR=%s)\n", d ? d : "(unset)");
		exit(77);
	}
	return d;
}

/* path = LL_DATA_DIR/rel in a static buffer (one at a time). */
static inline const char *ll_test_data(const char *rel)
{
	static char buf[4096];
	snprintf(buf, sizeof buf, "%s/%s", ll_test_data_dir(), rel);
	return buf;
}

/* A new scratch folder $TMPDIR/ll-NAME-<6 random characters> (mkdtemp) in
 * buf; exits 99 (automake's hard error) when it cannot be made. */
static inline char *ll_test_scratch_dir(char *buf, size_t cap, const char *name)
{
	const char *t = getenv("TMPDIR");
	snprintf(buf, cap, "%s/ll-%s-XXXXXX", t && *t ? t : "/tmp", name);
	if (!mkdtemp(buf)) {
		perror(buf);
		exit(99);
	}
	return buf;
}

static inline int ll_test_remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p) != 0;
}

/* Removes a test's scratch folder and everything in it (a warning, not a
 * failure, when something stays). */
static inline void ll_test_remove_dir(const char *dir)
{
	if (nftw(dir, ll_test_remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "warning: could not remove %s\n", dir);
}

/* Writes len bytes to dir/name; the path in a static buffer (the next
 * call's). A file that cannot be written is a hard error (exit 99). */
static inline const char *ll_test_put_bytes(const char *dir, const char *name, const void *bytes, size_t len)
{
	static char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(99);
	}
	return path;
}

/* Writes text to dir/name, as ll_test_put_bytes. */
static inline const char *ll_test_put(const char *dir, const char *name, const char *text)
{
	return ll_test_put_bytes(dir, name, text, strlen(text));
}

/* 1 when one of t's notes contains part. */
static inline int ll_test_has_note(const struct ll_table *t, const char *part)
{
	for (size_t i = 0; i < ll_table_nnotes(t); i++)
		if (strstr(ll_table_note_text(t, i), part))
			return 1;
	return 0;
}

#define TEST_MAIN_END()                                                                         \
	do {                                                                                    \
		fprintf(stderr, "%d checks, %d failed\n", ll_test_checks, ll_test_failures);    \
		return ll_test_failures ? 1 : 0;                                                \
	} while (0)

#endif
