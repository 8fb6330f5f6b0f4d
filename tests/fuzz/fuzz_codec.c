/*
 * fuzz_codec.c - libFuzzer target for the decoders of compressed files
 * (ds_codec.h), the hand-written compress (.Z) reader first among them.
 *
 * The first input byte picks the codec; the rest is the compressed input,
 * given whole as ds_decoder_run expects, with output slices whose size
 * the second byte picks (1 byte to 64 KiB: a decoder must keep what does
 * not fit). Every refusal must come with a message, and the text made
 * must stay within a bound (a bomb is the callers' limit, not a hang
 * here). Built only on request: tests/fuzz/build.sh.
 */
#include "ds_codec.h"
#include "fuzz_util.h"

#include <stdint.h>
#include <stdlib.h>

#define MAX_OUT ((size_t)64 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	enum ds_codec_kind k = (enum ds_codec_kind)(1 + data[0] % DS_CODEC_LAST);
	size_t slice = (size_t)1 << (data[1] % 17);
	const unsigned char *in = data + 2;
	size_t n = size - 2, used = 0, total = 0;
	struct ll_err err = {0};
	struct ds_decoder *d = ds_decoder_new(k, "fuzz", &err);
	if (!d) {
		if (!err.msg[0])
			abort();
		return 0;
	}
	unsigned char *out = malloc(slice);
	int end = 0, rc = LL_OK;
	while (out && rc == LL_OK && !end && total < MAX_OUT) {
		size_t took = 0, made = 0;
		rc = ds_decoder_run(d, in + used, n - used, &took, out, slice, &made, &end, &err);
		if (took > n - used || made > slice)
			abort();
		used += took;
		total += made;
	}
	if (rc != LL_OK && !err.msg[0])
		abort();
	ds_decoder_free(d);
	free(out);
	return 0;
}
