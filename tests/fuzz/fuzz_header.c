/*
 * fuzz_header.c - libFuzzer target for header inference (ds_header.c):
 * the input is a sample of log lines. Inference must succeed (it never
 * refuses a sample), its pattern must compile again (ds_header_text's
 * promise), and both headers split every line without a crash. With
 * FUZZ_HEADER_STRICT in the environment, a line the inferred header
 * splits must split with the compiled one too (its fields typed from the
 * same sample): not so yet, as an inferred key=value field may be absent
 * from a line while its pattern's "user=<user>" is a literal the line
 * must hold.
 */
#include "ds_header.h"
#include "fuzz_util.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sample = (const char *)data;
	struct ds_header *h = NULL, *c = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ds_header_infer(sample, size, 2024, &h, &err);
	fuzz_check(rc, &err);
	if (rc != LL_OK)
		return 0;
	if (ds_header_compile(ds_header_text(h), &c, &err) != LL_OK) {
		fprintf(stderr, "inferred \"%s\" does not compile: %s\n", ds_header_text(h), err.msg);
		abort();
	}
	ds_header_type_fields(c, sample, size, 2024);
	static int strict = -1;
	if (strict < 0)
		strict = getenv("FUZZ_HEADER_STRICT") != NULL;
	struct ds_span a[DS_MAX_FIELDS], b[DS_MAX_FIELDS];
	for (size_t pos = 0; pos < size;) {
		const char *e = memchr(sample + pos, '\n', size - pos);
		size_t len = e ? (size_t)(e - sample) - pos : size - pos;
		int sa = ds_header_split(h, sample + pos, len, a);
		int sb = ds_header_split(c, sample + pos, len, b);
		if (strict && sa && !sb) {
			fprintf(stderr, "\"%s\" splits line at byte %zu, compiled it does not\n", ds_header_text(h), pos);
			abort();
		}
		double t;
		for (size_t i = 0; sa && i < ds_header_nfields(h); i++)
			if (ds_header_field_type(h, i) == LL_COL_TIME)
				(void)ds_header_parse_time(h, i, sample + pos + a[i].off, a[i].len, 2024, &t);
		pos += len + 1;
	}
	ds_header_free(c);
	ds_header_free(h);
	return 0;
}
