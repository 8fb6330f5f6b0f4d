/*
 * fuzz_xls.c - libFuzzer target for the legacy and binary Excel readers
 * (ds_xls_csv: compound file, BIFF8/BIFF5 records and strings; ds_xlsb_csv:
 * zip parts of BIFF12 records) given any bytes, without the CSV reader
 * behind them. The first byte picks the reader (even: .xls, odd: .xlsb);
 * the rest is the file. A refusal must name the file; a success must be
 * NUL-terminated text of the length given.
 */
#include "ds_xls.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	struct ds_text csv = {0};
	struct ll_err err;
	ll_err_clear(&err);
	char name[128];
	int rc = data[0] & 1 ? ds_xlsb_csv("fuzz.xlsb", data + 1, size - 1, NULL, &csv, name, sizeof name, &err)
			     : ds_xls_csv("fuzz.xls", data + 1, size - 1, NULL, &csv, name, sizeof name, &err);
	if (rc != LL_OK && !strstr(err.msg, "fuzz.xls"))
		abort();
	if (rc == LL_OK && csv.p && strlen(csv.p) > csv.n)
		abort();
	free(csv.p);
	return 0;
}
