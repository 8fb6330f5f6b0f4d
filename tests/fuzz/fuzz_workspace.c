/*
 * fuzz_workspace.c - libFuzzer target for loglab.json validation
 * (ds_workspace_parse): every document is either loaded or refused with a
 * message, and a loaded one names only safe datasets, feature sets and
 * experiments (ds_ws_name_check), as the folders built from them rely on.
 */
#include "ds_workspace.h"
#include "fuzz_util.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ds_workspace_parse(text, "/nonexistent-ws", "loglab.json", &ws, &err);
	fuzz_check(rc, &err);
	if (rc == LL_OK) {
		struct ll_err e2;
		for (size_t i = 0; i < ws->ndatasets; i++)
			if (ds_ws_name_check(ws->datasets[i].name, "d", &e2) != LL_OK)
				abort();
		for (size_t i = 0; i < ws->nfeaturesets; i++)
			if (ds_ws_name_check(ws->featuresets[i].name, "f", &e2) != LL_OK)
				abort();
		for (size_t i = 0; i < ws->nexperiments; i++)
			if (ds_ws_name_check(ws->experiments[i].name, "e", &e2) != LL_OK)
				abort();
	}
	ds_workspace_free(ws);
	free(text);
	return 0;
}
