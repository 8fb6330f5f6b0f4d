/*
 * fuzz_archive.c - libFuzzer target for the archive and codec readers an
 * operator's bundle reaches: the first input byte picks a tar (plain or
 * compressed: ds_tar_extract decodes it), a zip (ds_zip_extract), or a
 * bare decoder run (ds_codec) of the rest. Extraction goes to a fresh
 * folder under /tmp that is removed after each input, so what a hostile
 * member writes is checked by the sanitizers and never accumulates.
 * Every refusal must come with a message (fuzz_check). Built only on
 * request: tests/fuzz/build.sh.
 */
#include "ds_codec.h"
#include "ds_tar.h"
#include "ds_zip.h"
#include "fuzz_util.h"

#include <string.h>
#include <sys/stat.h>

static void decode_all(const uint8_t *data, size_t size)
{
	enum ds_codec_kind k = ds_codec_sniff(data, size);
	if (k == DS_CODEC_PLAIN || !ds_codec_available(k))
		return;
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_decoder *d = ds_decoder_new(k, "fuzz", &err);
	if (!d) {
		fuzz_check(LL_EDATA, &err);
		return;
	}
	unsigned char out[16384];
	size_t off = 0, total = 0;
	for (int end = 0; !end;) {
		size_t used = 0, made = 0;
		int rc = ds_decoder_run(d, data + off, size - off, &used, out, sizeof out, &made, &end, &err);
		if (rc != LL_OK) {
			fuzz_check(rc, &err);
			break;
		}
		off += used;
		total += made;
		/* no progress with input left is a hang the decoder must not have */
		if (!used && !made && !end)
			abort();
		if (total > ((size_t)64 << 20))
			break;
	}
	ds_decoder_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int pick = data[0] % 3;
	data++;
	size--;
	if (pick == 2) {
		decode_all(data, size);
		return 0;
	}
	const char *path = fuzz_file("archive", data, size);
	if (!path)
		return 0;
	char root[96];
	snprintf(root, sizeof root, "/tmp/ll_fuzz_%ld_root", (long)getpid());
	fuzz_remove_tree(root);
	if (mkdir(root, 0700) != 0)
		return 0;
	struct ds_unpack_tally tally;
	memset(&tally, 0, sizeof tally);
	struct ll_err err;
	ll_err_clear(&err);
	int rc = pick == 0 ? ds_tar_extract(path, root, &tally, &err)
			   : ds_zip_extract(path, data, size, root, &tally, &err);
	fuzz_check(rc, &err);
	fuzz_remove_tree(root);
	return 0;
}
