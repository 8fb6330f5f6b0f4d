/*
 * tests/core/text_dump.c - writes loglab's hashed counts or TF-IDF of log
 * files as text for tests/core/sklearn_text.py to compare with sklearn.
 *
 * Usage: text_dump counts|tfidf NGRAM_MAX TRAIN_FRACTION FILE...
 * The lines of the files (CR and LF stripped) are hashed without masks,
 * lower-cased, 2^18 columns, n-grams 1..NGRAM_MAX. For tfidf the weights
 * are fitted on the first TRAIN_FRACTION of all rows (the rest is marked
 * test), saved to a temporary file and loaded back before transforming,
 * as predict would. Output: "rows cols nnz", then one line per row of
 * "column value" pairs (%.9g).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ll_hashvec.h"
#include "ll_tfidf.h"

static int fail(const char *what, const struct ll_err *err)
{
	fprintf(stderr, "text_dump: %s: %s\n", what, err ? err->msg : "out of memory");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 5 || (strcmp(argv[1], "counts") != 0 && strcmp(argv[1], "tfidf") != 0)) {
		fprintf(stderr, "usage: text_dump counts|tfidf NGRAM_MAX TRAIN_FRACTION FILE...\n");
		return 1;
	}
	struct ll_hashvec_config hc;
	ll_hashvec_config_default(&hc);
	hc.tok.masks = 0;
	hc.ngram_max = atoi(argv[2]);
	double frac = atof(argv[3]);
	struct ll_err err;
	struct ll_hashvec *h;
	if (ll_hashvec_new(&hc, &h, &err) != LL_OK)
		return fail("config", &err);
	char *buf = NULL;
	size_t cap = 0;
	for (int a = 4; a < argc; a++) {
		FILE *f = fopen(argv[a], "rb");
		if (!f) {
			perror(argv[a]);
			return 3;
		}
		ssize_t got;
		while ((got = getline(&buf, &cap, f)) >= 0) {
			size_t n = (size_t)got;
			while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
				n--;
			if (ll_hashvec_add(h, buf, n, &err) != LL_OK)
				return fail(argv[a], &err);
		}
		fclose(f);
	}
	free(buf);
	struct ll_csr *c;
	if (ll_hashvec_finish(h, &c, &err) != LL_OK)
		return fail("finish", &err);
	if (!strcmp(argv[1], "tfidf")) {
		size_t ntrain = (size_t)(frac * (double)c->rows);
		unsigned char *split = malloc(c->rows + 1);
		if (!split)
			return fail("split", NULL);
		for (size_t i = 0; i < c->rows; i++)
			split[i] = i < ntrain ? LL_SPLIT_TRAIN : LL_SPLIT_TEST;
		struct ll_tfidf_config tc;
		ll_tfidf_config_default(&tc);
		struct ll_tfidf *t, *u;
		if (ll_tfidf_fit(&tc, c, split, &t, &err) != LL_OK)
			return fail("fit", &err);
		FILE *tf = tmpfile();
		if (!tf || ll_tfidf_save(t, tf, "idf", &err) != LL_OK)
			return fail("save", &err);
		rewind(tf);
		if (ll_tfidf_load(tf, "idf", &u, &err) != LL_OK)
			return fail("load", &err);
		fclose(tf);
		if (ll_tfidf_transform(u, c, &err) != LL_OK)
			return fail("transform", &err);
		ll_tfidf_free(t);
		ll_tfidf_free(u);
		free(split);
	}
	printf("%zu %zu %zu\n", c->rows, c->cols, c->nnz);
	for (size_t i = 0; i < c->rows; i++) {
		for (size_t k = c->indptr[i]; k < c->indptr[i + 1]; k++)
			printf("%s%u %.9g", k == c->indptr[i] ? "" : " ", (unsigned)c->indices[k], (double)c->values[k]);
		putchar('\n');
	}
	ll_csr_free(c);
	ll_hashvec_free(h);
	return fflush(stdout) == 0 ? 0 : 3;
}
