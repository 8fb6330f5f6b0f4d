/*
 * fuzz_evtx.c - libFuzzer target for Windows event logs: any bytes read
 * as an event log (ds_evtx.h), first as XML text alone (chunks, records,
 * Binary XML, templates), then through ds_load with the evtx format, so
 * the XML reader meets what the writer made of them. Seeds (seeds/evtx)
 * are logs written by tests/datasets/evtx_build.h and cut after their
 * records (a truncated chunk reads what it holds, and keeps inputs small).
 */
#include "ds_evtx.h"
#include "ds_reader.h"
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = NULL;
	size_t len = 0;
	struct ds_evtx_stats st;
	struct ll_err err;
	ll_err_clear(&err);
	if (ds_evtx_text("fuzz.evtx", data, size, &text, &len, &st, &err) == LL_OK &&
	    (len < 58 || memcmp(text + len - 10, "</Events>\n", 10) != 0))
		abort(); /* the document is always closed */
	free(text);
	const char *path = fuzz_file("evtx", data, size);
	if (!path)
		return 0;
	fuzz_load_file(path, "evtx");
	remove(path);
	return 0;
}
