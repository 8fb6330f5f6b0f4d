/*
 * tests/datasets/test_linememo.c - the memo of values by a line's bytes
 * (ds_linememo.h): a line is found again by its bytes from another buffer,
 * lines that differ in a byte (or only in length) are kept apart, many
 * lines survive the table's growth, lines too long are not kept; and
 * header inference with a memo (ds_header_infer_memo) gives the header it
 * gives without, cutting a copy of the same lines no further.
 */
#include "ds_header.h"
#include "ds_linememo.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static void test_by_bytes(void)
{
	struct ds_linememo *m = ds_linememo_new(sizeof(int));
	CHECK(m != NULL);
	int fresh;
	const char *a = "2024-01-05 10:00:00 INFO main: started";
	int *v = ds_linememo_slot(m, a, strlen(a), &fresh);
	CHECK(v != NULL && fresh);
	*v = 7;
	/* the same bytes in another buffer, and a prefix of them */
	char copy[64];
	strcpy(copy, a);
	v = ds_linememo_slot(m, copy, strlen(copy), &fresh);
	CHECK(v != NULL && !fresh && *v == 7);
	v = ds_linememo_slot(m, a, strlen(a) - 1, &fresh);
	CHECK(v != NULL && fresh);
	*v = 8;
	copy[5] = '2'; /* one byte differs */
	v = ds_linememo_slot(m, copy, strlen(copy), &fresh);
	CHECK(v != NULL && fresh);
	*v = 9;
	v = ds_linememo_slot(m, "", 0, &fresh);
	CHECK(v != NULL && fresh);
	*v = 10;
	CHECK_INT(ds_linememo_count(m), 4);
	v = ds_linememo_slot(m, a, strlen(a), &fresh);
	CHECK(v != NULL && !fresh && *v == 7);
	v = ds_linememo_slot(m, a, strlen(a) - 1, &fresh);
	CHECK(v != NULL && !fresh && *v == 8);
	v = ds_linememo_slot(m, "", 0, &fresh);
	CHECK(v != NULL && !fresh && *v == 10);
	/* a line too long is not kept: the caller works it out */
	char *big = malloc(DS_LINEMEMO_MAX_LINE + 2);
	memset(big, 'x', DS_LINEMEMO_MAX_LINE + 1);
	CHECK(ds_linememo_slot(m, big, DS_LINEMEMO_MAX_LINE + 1, &fresh) == NULL && !fresh);
	CHECK(ds_linememo_slot(m, big, DS_LINEMEMO_MAX_LINE, &fresh) != NULL && fresh);
	free(big);
	ds_linememo_free(m);
	ds_linememo_free(NULL);
	CHECK(ds_linememo_slot(NULL, a, strlen(a), &fresh) == NULL && !fresh);
}

/* Many lines, each its own value, all found again after the table grew. */
static void test_many(void)
{
	struct ds_linememo *m = ds_linememo_new(sizeof(size_t));
	char line[64];
	int fresh, ok = 1;
	for (size_t k = 0; k < 20000; k++) {
		int len = snprintf(line, sizeof line, "%zu host%zu sshd[%zu]: x", k, k % 7, k * 31);
		size_t *v = ds_linememo_slot(m, line, (size_t)len, &fresh);
		ok &= v != NULL && fresh;
		if (v)
			*v = k;
	}
	CHECK(ok);
	CHECK_INT(ds_linememo_count(m), 20000);
	for (size_t k = 20000; k-- > 0;) {
		int len = snprintf(line, sizeof line, "%zu host%zu sshd[%zu]: x", k, k % 7, k * 31);
		size_t *v = ds_linememo_slot(m, line, (size_t)len, &fresh);
		ok &= v != NULL && !fresh && *v == k;
	}
	CHECK(ok);
	ds_linememo_free(m);
}

/* Inference with a memo: the same header as without; inferring again from
 * a copy of the sample (as ds_logfmt.c does with the lines a first header
 * leaves) finds every line kept and adds none. */
static void test_infer(void)
{
	char sample[8192];
	size_t n = 0;
	for (int k = 0; k < 60; k++)
		n += (size_t)snprintf(sample + n, sizeof sample - n,
				      k % 5 == 4 ? "\tat com.example.Worker.run(Worker.java:%d)\n"
						 : "2024-01-05 10:%02d:00 INFO worker%d: step done\n",
				      k, k % 3);
	struct ds_header *plain = NULL, *with = NULL, *again = NULL;
	struct ll_err err;
	CHECK_INT(ds_header_infer(sample, n, 2024, &plain, &err), LL_OK);
	struct ds_linememo *memo = ds_header_memo_new();
	CHECK(memo != NULL);
	CHECK_INT(ds_header_infer_memo(sample, n, 2024, memo, &with, &err), LL_OK);
	CHECK_STR(ds_header_text(with), ds_header_text(plain));
	CHECK(ds_header_has_fields(with));
	size_t kept = ds_linememo_count(memo);
	CHECK(kept > 0);
	char *copy = malloc(n);
	memcpy(copy, sample, n);
	CHECK_INT(ds_header_infer_memo(copy, n, 2024, memo, &again, &err), LL_OK);
	CHECK_STR(ds_header_text(again), ds_header_text(plain));
	CHECK_INT(ds_linememo_count(memo), kept);
	free(copy);
	ds_linememo_free(memo);
	ds_header_free(plain);
	ds_header_free(with);
	ds_header_free(again);
}

int main(void)
{
	test_by_bytes();
	test_many();
	test_infer();
	TEST_MAIN_END();
}
