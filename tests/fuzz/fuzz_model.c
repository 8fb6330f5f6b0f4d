/*
 * fuzz_model.c - libFuzzer target for model files and checkpoints. The
 * first byte picks the loader: an mlp, an lstm, a k-means model, a
 * detector, or a training checkpoint's container (every section read as
 * its type, as ll_train's resume does); a first byte of 250 or more picks
 * a run's tfidf.txt (the weights, then the training lines' codes). A file must load whole or be
 * refused with a message; a loaded model holds only finite weights (the
 * loaders refuse NaN and infinities) and was allocated from a shape that
 * matches the weights stored.
 */
#include "fuzz_util.h"
#include "ll_detect.h"
#include "ll_kmeans.h"
#include "ll_lstm.h"
#include "ll_mlp.h"
#include "ll_model_io.h"
#include "ll_recipe.h"
#include "ll_tfidf.h"
#include "ll_codes.h"

#include <math.h>
#include <string.h>

static void read_container(const char *p, struct ll_err *err)
{
	struct ll_mio *m = NULL;
	int rc = ll_mio_read(p, "checkpoint", NULL, &m, err);
	fuzz_check(rc, err);
	if (rc != LL_OK)
		return;
	static const char *const names[] = {"state", "best", "hist", "params", "opt1", "opt2", "bestp"};
	static const enum ll_mio_type types[] = {LL_MIO_I64, LL_MIO_F32, LL_MIO_F64, LL_MIO_BYTES};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		for (size_t t = 0; t < 4; t++) {
			long long n = ll_mio_count(m, names[i], types[t]);
			if (n < 0 || n > (1 << 20))
				continue;
			void *buf = malloc((size_t)n * 8 + 1);
			if (buf)
				fuzz_check(ll_mio_get(m, names[i], types[t], buf, (size_t)n, err), err);
			free(buf);
		}
	ll_mio_free(m);
}

/* Sizes a file states are held to a gigabyte, under libFuzzer's RSS limit,
 * as a user's LOGLAB_MEMORY_MAX would hold them. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("LOGLAB_MEMORY_MAX", "1G", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *p = fuzz_file("model", data + 1, size - 1);
	if (!p)
		return 0;
	struct ll_err err;
	ll_err_clear(&err);
	int rc;
	if (data[0] >= 250) {
		/* the text itself, as ds_runs reads tfidf.txt into memory */
		char *text = malloc(size);
		if (!text)
			return 0;
		memcpy(text, data + 1, size - 1);
		text[size - 1] = '\0';
		struct ll_tfidf *t = NULL;
		struct ll_codes codes;
		int found = 0;
		rc = ll_recipe_load_tfidf(text, "tfidf.txt", &t, &codes, &found, &err);
		fuzz_check(rc, &err);
		if (rc == LL_OK && found) {
			size_t n = 0;
			for (long k = 0; k < LL_CODES_N; k++)
				n += codes.seen[k] != 0;
			if (n != codes.count)
				abort();
		}
		ll_tfidf_free(t);
		free(text);
		return 0;
	}
	switch (data[0] % 5) {
	case 0: {
		struct ll_mlp *m = NULL;
		rc = ll_mlp_load(p, NULL, &m, &err);
		if (rc == LL_OK)
			for (size_t i = 0; i < ll_mlp_nparams(m); i++)
				if (!isfinite(ll_mlp_params(m)[i]))
					abort();
		ll_mlp_free(m);
		break;
	}
	case 1: {
		struct ll_lstm *m = NULL;
		rc = ll_lstm_load(p, NULL, &m, &err);
		ll_lstm_free(m);
		break;
	}
	case 2: {
		struct ll_kmeans *m = NULL;
		rc = ll_kmeans_load(p, NULL, &m, &err);
		ll_kmeans_free(m);
		break;
	}
	case 3: {
		struct ll_detect *d = NULL;
		rc = ll_detect_load(p, NULL, &d, &err);
		ll_detect_free(d);
		break;
	}
	default:
		read_container(p, &err);
		rc = LL_OK;
		break;
	}
	fuzz_check(rc, &err);
	return 0;
}
