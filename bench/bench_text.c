/*
 * bench/bench_text.c - throughput of the text features (see bench/TEXT.md
 * and bench/bench_text.sh, which runs the peers beside it).
 *
 * Usage:
 *   bench_text gen OUT [LINES]        writes LINES (default 1,000,000) log lines:
 *                                     the raw lines of the ten loghub 2k logs under
 *                                     $LL_DATA_DIR, cycled, every digit varied after
 *                                     the first copy
 *   bench_text tfidf FILE [MASKS]     hashed counts (2^18, unigrams) + TF-IDF fitted
 *                                     on all rows, masks "none" (default, the same
 *                                     tokens as sklearn) or a ll_mask_parse list
 *   bench_text w2v FILE [EPOCHS] [THREADS]   skip-gram, dim 100, window 5,
 *                                     negative 5, min_count 5, sample 1e-3, no masks
 * The file is read into memory first; only the feature work is timed. Each
 * mode prints one result line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ll_hashvec.h"
#include "ll_tfidf.h"
#include "ll_w2v.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double peak_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

/* The whole file in one buffer, split into lines (CR/LF stripped, NUL-ended). */
struct text {
	char *buf;
	const char **line;
	size_t *len;
	size_t n, bytes;
};

static int load(const char *path, struct text *t)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	long sz = ftell(f);
	rewind(f);
	t->buf = malloc((size_t)sz + 1);
	if (!t->buf || fread(t->buf, 1, (size_t)sz, f) != (size_t)sz) {
		fprintf(stderr, "bench_text: cannot read %s\n", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	t->bytes = (size_t)sz;
	t->buf[sz] = '\n';
	size_t cap = 0;
	t->n = 0;
	for (size_t i = 0; i < (size_t)sz;) {
		char *nl = memchr(t->buf + i, '\n', (size_t)sz + 1 - i);
		size_t e = (size_t)(nl - t->buf), l = e - i;
		while (l && (t->buf[i + l - 1] == '\r'))
			l--;
		if (t->n == cap) {
			cap = cap ? 2 * cap : 65536;
			t->line = realloc(t->line, cap * sizeof *t->line);
			t->len = realloc(t->len, cap * sizeof *t->len);
			if (!t->line || !t->len) {
				fprintf(stderr, "bench_text: out of memory\n");
				return -1;
			}
		}
		t->buf[i + l] = '\0';
		t->line[t->n] = t->buf + i;
		t->len[t->n++] = l;
		i = e + 1;
	}
	return 0;
}

static int gen(const char *out, size_t nlines)
{
	static const char *const sys[] = {"HDFS", "Hadoop", "Spark", "Zookeeper", "BGL",
					  "HPC",  "Thunderbird", "Linux", "OpenSSH", "OpenStack"};
	const char *dir = getenv("LL_DATA_DIR");
	if (!dir)
		dir = "../shared/data";
	struct text src[10];
	for (size_t k = 0; k < 10; k++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/loghub/%s/%s_2k.log", dir, sys[k], sys[k]);
		memset(&src[k], 0, sizeof src[k]);
		if (load(path, &src[k]) != 0)
			return 3;
	}
	FILE *f = fopen(out, "wb");
	if (!f) {
		perror(out);
		return 3;
	}
	uint64_t seed = 12345, bytes = 0;
	char *tmp = NULL;
	size_t tcap = 0;
	for (size_t i = 0, k = 0, j = 0; i < nlines; i++) {
		const char *s = src[k].line[j];
		size_t l = src[k].len[j];
		if (l + 1 > tcap) {
			tcap = 2 * (l + 1);
			tmp = realloc(tmp, tcap);
			if (!tmp)
				return 3;
		}
		memcpy(tmp, s, l);
		if (i >= 20000) /* after the first copy, every digit changes */
			for (size_t q = 0; q < l; q++)
				if (tmp[q] >= '0' && tmp[q] <= '9') {
					seed = seed * 6364136223846793005ull + 1442695040888963407ull;
					tmp[q] = (char)('0' + (seed >> 33) % 10);
				}
		tmp[l] = '\n';
		fwrite(tmp, 1, l + 1, f);
		bytes += l + 1;
		if (++j == src[k].n) {
			j = 0;
			k = (k + 1) % 10;
		}
	}
	free(tmp);
	if (fclose(f) != 0) {
		perror(out);
		return 3;
	}
	printf("wrote %zu lines, %.1f MB to %s\n", nlines, (double)bytes / 1e6, out);
	return 0;
}

static int bench_tfidf(const struct text *t, const char *masks)
{
	struct ll_hashvec_config hc;
	ll_hashvec_config_default(&hc);
	hc.tok.masks = 0;
	struct ll_err err;
	if (strcmp(masks, "none") != 0 && ll_mask_parse(masks, &hc.tok.masks, &err) != LL_OK) {
		fprintf(stderr, "bench_text: %s\n", err.msg);
		return 1;
	}
	struct ll_hashvec *h;
	struct ll_csr *c;
	struct ll_tfidf *tf;
	struct ll_tfidf_config tc;
	ll_tfidf_config_default(&tc);
	if (ll_hashvec_new(&hc, &h, &err) != LL_OK) {
		fprintf(stderr, "bench_text: %s\n", err.msg);
		return 1;
	}
	double t0 = now();
	if (ll_hashvec_transform(h, t->n, t->line, t->len, &c, &err) != LL_OK) {
		fprintf(stderr, "bench_text: %s\n", err.msg);
		return 3;
	}
	double t1 = now();
	if (ll_tfidf_fit(&tc, c, NULL, &tf, &err) != LL_OK || ll_tfidf_transform(tf, c, &err) != LL_OK) {
		fprintf(stderr, "bench_text: %s\n", err.msg);
		return 3;
	}
	double t2 = now();
	printf("loglab tfidf masks=%s  lines %zu  MB %.1f  nnz %zu  hash %.3f s  tfidf %.3f s  total %.3f s"
	       "  lines/s %.0f  peak_rss_MB %.0f\n",
	       masks, t->n, (double)t->bytes / 1e6, c->nnz, t1 - t0, t2 - t1, t2 - t0, (double)t->n / (t2 - t0),
	       peak_mb());
	ll_csr_free(c);
	ll_tfidf_free(tf);
	ll_hashvec_free(h);
	return 0;
}

static int bench_w2v(const struct text *t, int epochs, int threads)
{
	struct ll_w2v_config c;
	ll_w2v_config_default(&c);
	c.tok.masks = 0;
	c.epochs = epochs;
	c.threads = threads;
	struct ll_w2v *w;
	struct ll_err err;
	double t0 = now();
	if (ll_w2v_train(&c, t->n, t->line, t->len, NULL, NULL, &w, &err) != LL_OK) {
		fprintf(stderr, "bench_text: %s\n", err.msg);
		return 3;
	}
	double all = now() - t0, secs = ll_w2v_train_seconds(w);
	printf("loglab w2v  lines %zu  vocab %zu  epochs %d  threads %d  words %llu  vocab+setup %.2f s  train %.2f s"
	       "  words/s %.0f  loss %.3f  peak_rss_MB %.0f\n",
	       t->n, ll_w2v_vocab(w), epochs, threads, (unsigned long long)ll_w2v_trained_words(w), all - secs, secs,
	       (double)ll_w2v_trained_words(w) / secs, ll_w2v_last_loss(w), peak_mb());
	ll_w2v_free(w);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "gen"))
		return gen(argv[2], argc > 3 ? strtoul(argv[3], NULL, 10) : 1000000);
	if (argc < 3 || (strcmp(argv[1], "tfidf") != 0 && strcmp(argv[1], "w2v") != 0)) {
		fprintf(stderr, "usage: bench_text gen OUT [LINES] | tfidf FILE [MASKS] | w2v FILE [EPOCHS] [THREADS]\n");
		return 1;
	}
	struct text t = {0};
	if (load(argv[2], &t) != 0)
		return 3;
	int rc;
	if (!strcmp(argv[1], "tfidf"))
		rc = bench_tfidf(&t, argc > 3 ? argv[3] : "none");
	else
		rc = bench_w2v(&t, argc > 3 ? atoi(argv[3]) : 1, argc > 4 ? atoi(argv[4]) : 1);
	free(t.buf);
	free(t.line);
	free(t.len);
	return rc;
}
