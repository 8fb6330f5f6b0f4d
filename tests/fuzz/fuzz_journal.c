/*
 * fuzz_journal.c - libFuzzer target for the line stores replayed on open:
 * the label journal (ll_journal_replay, every record of every complete
 * action) and the review decisions (ds_review_load_file). The first byte
 * picks which; the rest is the file. Damaged lines must become warnings,
 * never a crash, and a refusal must carry a message.
 */
#include "ds_review.h"
#include "fuzz_util.h"
#include "ll_journal.h"

#include <string.h>

static int on_record(void *ctx, const struct ll_journal_record *rec)
{
	(void)rec;
	++*(size_t *)ctx;
	return 0;
}

static void on_warn(void *ctx, const char *msg)
{
	(void)ctx;
	if (!msg || !msg[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct ll_err err;
	ll_err_clear(&err);
	if (data[0] & 1) {
		const char *p = fuzz_file("x.labels", data + 1, size - 1);
		if (!p)
			return 0;
		size_t n = 0;
		fuzz_check(ll_journal_replay(p, on_record, on_warn, &n, &err), &err);
	} else {
		const char *p = fuzz_file("x.review", data + 1, size - 1);
		if (!p)
			return 0;
		struct ds_review *r = NULL;
		int rc = ds_review_load_file(p, &r, &err);
		fuzz_check(rc, &err);
		if (rc == LL_OK)
			for (size_t i = 0; i < r->n; i++)
				(void)ds_review_decided(r, r->e[i].row, r->e[i].hash);
		ds_review_free(r);
	}
	return 0;
}
