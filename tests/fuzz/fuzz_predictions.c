/*
 * fuzz_predictions.c - libFuzzer target for a run's predictions.tsv as
 * `loglab review` reads it (ds_predictions_read). The first byte sets the
 * dataset's row count (0..255); every accepted row must lie in it and
 * carry a finite score, and a refusal must name the file.
 */
#include "ds_predictions.h"
#include "fuzz_util.h"

#include <math.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t nrows = data[0];
	const char *p = fuzz_file("predictions.tsv", data + 1, size - 1);
	if (!p)
		return 0;
	struct ds_pred_row *r = NULL;
	size_t n = 0;
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ds_predictions_read(p, nrows, &r, &n, &err);
	if (rc != LL_OK && !strstr(err.msg, "predictions.tsv"))
		abort();
	for (size_t i = 0; rc == LL_OK && i < n; i++)
		if (r[i].row >= nrows || !isfinite(r[i].score) || !isfinite(r[i].review))
			abort();
	free(r);
	return 0;
}
