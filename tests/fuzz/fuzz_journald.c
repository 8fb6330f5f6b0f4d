/*
 * fuzz_journald.c - libFuzzer target for systemd journal files: any bytes
 * read as a journal (ds_journald.h) through ds_load with the journal
 * format, so the walk, the JSON text and its reading as JSON Lines all
 * meet them. Seeds (seeds/journald) are small journals of both layouts
 * written by tests/datasets/journal_build.h.
 */
#include "ds_reader.h"
#include "fuzz_util.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("journal", data, size);
	if (!path)
		return 0;
	fuzz_load_file(path, "journal");
	remove(path);
	return 0;
}
