/*
 * fuzz_parquet.c - libFuzzer target for the Parquet reader's parser
 * (ds_parquet_csv: footer, schema, page headers, codecs, encodings) given
 * any bytes as a file, without the CSV reader behind it, so mutations of
 * a footer or a page are tried many times a second. A refusal must come
 * with a message naming the file; a success must be NUL-terminated text.
 */
#include "ds_parquet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ds_text csv = {0};
	struct ll_err err;
	ll_err_clear(&err);
	char left[256];
	size_t nleft;
	int rc = ds_parquet_csv("fuzz.parquet", data, size, &csv, &nleft, left, sizeof left, &err);
	if (rc != LL_OK && !strstr(err.msg, "fuzz.parquet"))
		abort();
	if (rc == LL_OK && csv.p && strlen(csv.p) > csv.n)
		abort();
	free(csv.p);
	return 0;
}
