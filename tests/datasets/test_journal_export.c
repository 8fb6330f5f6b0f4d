/*
 * test_journal_export.c - `journalctl -o export` text (ds_journal_export.c):
 * entries of text and byte fields read as a journal's are (stamps, the
 * cursor made again from its parts, a repeated field, bytes that are not
 * text); and what is not to be trusted: a last entry cut in its size or
 * its bytes, a size past the end, a name that is no field's, an entry
 * without its realtime stamp, junk between entries.
 */
#include "harness.h"
#include "cell_at.h"

#include "ds_reader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[256];

struct buf {
	char p[8192];
	size_t n;
};

static void text(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* A field of bytes: NAME, its size in 64 bits little-endian, the bytes. */
static void bytes(struct buf *b, const char *name, const char *v, size_t n)
{
	text(b, name);
	text(b, "\n");
	for (int i = 0; i < 8; i++)
		b->p[b->n++] = (char)((uint64_t)n >> (8 * i) & 0xff);
	memcpy(b->p + b->n, v, n);
	b->n += n;
	b->p[b->n++] = '\n';
}

#define CURSOR "s=0123456789abcdef0123456789abcdef;i=1f;b=fedcba9876543210fedcba9876543210;m=3e8;t=60a24181e4000;x=abc"

static void entry(struct buf *b, int i)
{
	char line[256];
	if (i == 0)
		text(b, "__CURSOR=" CURSOR "\n");
	snprintf(line, sizeof line, "__REALTIME_TIMESTAMP=%llu\n__MONOTONIC_TIMESTAMP=%d\n",
		 1700000000000000ULL + (unsigned long long)i * 1000000, 1000 + i);
	text(b, line);
	text(b, "_BOOT_ID=fedcba9876543210fedcba9876543210\nPRIORITY=3\n");
	if (i % 2)
		bytes(b, "MESSAGE", "two\nlines", 9);
	else {
		snprintf(line, sizeof line, "MESSAGE=disk %d failed\n", i);
		text(b, line);
	}
	if (i == 2)
		text(b, "TAG=a\nTAG=b\n");
	text(b, "\n");
}

static struct ll_table *load(const char *name, const struct buf *b, struct ll_err *err, int *rc)
{
	const char *path = ll_test_put_bytes(dir, name, b->p, b->n);
	struct ds_open_opts o = {.default_year = 2024};
	struct ll_table *t = NULL;
	const struct ds_reader *used = NULL;
	*rc = ds_load(path, &o, &t, &used, err);
	if (*rc == LL_OK)
		CHECK(used && strcmp(used->name, "journal-export") == 0);
	return t;
}

static void test_entries(void)
{
	struct buf b = {.n = 0};
	for (int i = 0; i < 4; i++)
		entry(&b, i);
	struct ll_err err;
	int rc;
	struct ll_table *t = load("ok.export", &b, &err, &rc);
	CHECK_INT(rc, LL_OK);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 4);
	CHECK_INT(type_at(t, "__REALTIME_TIMESTAMP"), LL_COL_TIME);
	CHECK_NEAR(num_at(t, 3, "__REALTIME_TIMESTAMP"), 1700000003.0, 1e-6);
	CHECK_STR(text_at(t, 0, "MESSAGE"), "disk 0 failed");
	CHECK_STR(text_at(t, 1, "MESSAGE"), "two\nlines");
	CHECK_STR(text_at(t, 2, "TAG.1"), "b");
	/* the cursor made again from the entry's parts, as journalctl writes it */
	CHECK_STR(text_at(t, 0, "__CURSOR"), CURSOR);
	CHECK_STR(text_at(t, 0, "_BOOT_ID"), "fedcba9876543210fedcba9876543210");
	ll_table_free(t);
}

static void test_hostile(void)
{
	struct ll_err err;
	int rc;
	/* cut in the last entry's size, in its bytes, and before its newline */
	static const size_t cuts[] = {3, 6, 1};
	for (size_t k = 0; k < 3; k++) {
		struct buf b = {.n = 0};
		entry(&b, 0);
		entry(&b, 1);
		b.n -= 1 + 9 + 1 + (k == 2 ? 0 : 8 - cuts[k]); /* into the MESSAGE of bytes */
		char name[32];
		snprintf(name, sizeof name, "cut%zu.export", k);
		struct ll_table *t = load(name, &b, &err, &rc);
		CHECK_INT(rc, LL_OK);
		CHECK(t && ll_table_nrows(t) == 1 && ll_test_has_note(t, "the file is truncated: 1 entry past its end"));
		ll_table_free(t);
	}
	/* a size past the end of the file */
	struct buf b = {.n = 0};
	entry(&b, 0);
	text(&b, "__REALTIME_TIMESTAMP=1700000009000000\nMESSAGE\n");
	for (int i = 0; i < 8; i++)
		b.p[b.n++] = (char)0xff;
	text(&b, "xyz\n\n");
	struct ll_table *t = load("huge.export", &b, &err, &rc);
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 1 && ll_test_has_note(t, "truncated"));
	ll_table_free(t);
	/* a name no field has, an entry without its stamp: skipped, counted */
	b.n = 0;
	entry(&b, 0);
	text(&b, "__REALTIME_TIMESTAMP=1700000001000000\nmessage=lower case\n\n");
	text(&b, "MESSAGE=no stamp\n\n");
	entry(&b, 3);
	t = load("bad.export", &b, &err, &rc);
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 2 && ll_test_has_note(t, "2 corrupt entries skipped"));
	ll_table_free(t);
	/* nothing but junk after the first line: no entry, an error */
	b.n = 0;
	text(&b, "__REALTIME_TIMESTAMP=x\n\n\x01\x02 junk\n");
	t = load("junk.export", &b, &err, &rc);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "holds no entries") != NULL);
	ll_table_free(t);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "journal_export");
	test_entries();
	test_hostile();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
