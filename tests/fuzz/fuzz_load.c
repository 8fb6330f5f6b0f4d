/*
 * fuzz_load.c - libFuzzer target for every reader through ds_load.
 *
 * The first input byte picks the format (one of the registered readers, or
 * detection); the rest is written to a file, because readers take a path.
 * The file's name ends in .json for a few choices so extension-driven
 * detection is exercised too. Built only on request: tests/fuzz/build.sh.
 */
#include "ds_reader.h"
#include "fuzz_util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path_plain[64], path_json[64];

static void make_paths(void)
{
	if (path_plain[0])
		return;
	snprintf(path_plain, sizeof path_plain, "/tmp/ll_fuzz_%ld.log", (long)getpid());
	snprintf(path_json, sizeof path_json, "/tmp/ll_fuzz_%ld.json", (long)getpid());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	make_paths();
	size_t nreaders = ds_reader_count();
	size_t pick = data[0] % (nreaders + 2);
	const char *path = pick == nreaders + 1 ? path_json : path_plain;
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	if (size > 1)
		fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	fuzz_load_file(path, pick < nreaders ? ds_reader_at(pick)->name : NULL);
	return 0;
}
