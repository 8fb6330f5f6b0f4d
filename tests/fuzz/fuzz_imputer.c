/*
 * fuzz_imputer.c - libFuzzer target for a run's imputer.txt as eval and
 * predict read it back (ll_imputer_parse). The text comes from a file a
 * user may have edited or truncated: a refusal must carry a message, and
 * an accepted imputer must hold only finite means, one per declared
 * feature, and format to text that parses to the same means.
 */
#include "ll_impute.h"
#include "fuzz_util.h"

#include <math.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the reader hands the parser a NUL-terminated file's text */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct ll_imputer imp, again;
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ll_imputer_parse(&imp, text, &err);
	free(text);
	fuzz_check(rc, &err);
	if (rc != LL_OK)
		return 0;
	for (size_t j = 0; j < imp.d; j++)
		if (!isfinite(imp.fill[j]))
			abort();
	char *out = NULL;
	if (ll_imputer_format(&imp, &out, &err) != LL_OK)
		abort();
	if (ll_imputer_parse(&again, out, &err) != LL_OK || again.d != imp.d ||
	    (imp.d && memcmp(again.fill, imp.fill, imp.d * sizeof *imp.fill) != 0))
		abort(); /* the text form round-trips */
	free(out);
	ll_imputer_free(&again);
	ll_imputer_free(&imp);
	return 0;
}
