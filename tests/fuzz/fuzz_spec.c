/*
 * fuzz_spec.c - libFuzzer target for what fuzz_load cannot reach: a format
 * name with options, as a dataset of loglab.json carries them into runs
 * ("log:PATTERN" with a user's header pattern, "csv:label=NAME",
 * "auto:label=NAME", "...:entity=COL,COL" or "none"). The input's first
 * line is that name, the rest the file. A refusal must carry a message,
 * and one about the data (not the name) must name the file.
 */
#include "ds_reader.h"
#include "fuzz_util.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size < 512 ? size : 512);
	if (!nl)
		return 0;
	char spec[512];
	size_t n = (size_t)(nl - data);
	memcpy(spec, data, n);
	spec[n] = 0;
	/* "smd:PATH" names a file to read: the fuzzer would read /dev/zero */
	if (strlen(spec) != n || strncmp(spec, DS_SMD_INTERP_PREFIX, sizeof DS_SMD_INTERP_PREFIX - 1) == 0 ||
	    strstr(spec, "smd"))
		return 0;
	const char *path = fuzz_file("spec.log", nl + 1, size - n - 1);
	if (!path)
		return 0;
	struct ds_open_opts opts = {.format = spec};
	struct ll_table *t = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ds_load(path, &opts, &t, NULL, &err);
	fuzz_check(rc, &err);
	if (rc != LL_OK && rc != LL_EUSAGE && !strstr(err.msg, path))
		abort(); /* a data error names the file */
	if (rc == LL_OK)
		fuzz_touch_cells(t);
	ll_table_free(t);
	return 0;
}
