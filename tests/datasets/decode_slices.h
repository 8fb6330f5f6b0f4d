/*
 * decode_slices.h - shared by the codec tests: a whole compressed input
 * decoded through output slices of a chosen size, as the readers call a
 * decoder (ds_codec.h).
 */
#ifndef LL_TEST_DECODE_SLICES_H
#define LL_TEST_DECODE_SLICES_H

#include "ds_codec.h"

#include <stdlib.h>

/* Decodes in[0, n) with a decoder of kind k (named name in messages) into
 * a new buffer, slice bytes a call; returns the decoder's status, the text
 * in *text / *len (caller frees) and the compressed bytes it took in
 * *consumed. */
static int decode_slices(enum ds_codec_kind k, const char *name, const unsigned char *in, size_t n, size_t slice,
			 char **text, size_t *len, size_t *consumed, struct ll_err *err)
{
	*text = NULL;
	*len = 0;
	*consumed = 0;
	struct ds_decoder *d = ds_decoder_new(k, name, err);
	if (!d)
		return err->code;
	size_t cap = 1 << 16, used = 0, got = 0;
	char *out = malloc(cap);
	int end = 0, rc = LL_OK;
	while (rc == LL_OK && !end) {
		if (got + slice > cap) {
			cap = 2 * cap + slice;
			out = realloc(out, cap);
		}
		size_t took = 0, made = 0;
		rc = ds_decoder_run(d, in + used, n - used, &took, (unsigned char *)out + got, slice, &made, &end, err);
		used += took;
		got += made;
	}
	*consumed = ds_decoder_consumed(d);
	ds_decoder_free(d);
	*text = out;
	*len = got;
	return rc;
}

#endif
