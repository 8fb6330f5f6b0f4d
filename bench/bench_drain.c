/*
 * bench/bench_drain.c - throughput of the Drain template miner.
 *
 * Usage: bench_drain [-n LINES] [-t SIM_TH] [-d DEPTH] [-m MASKS] [-s OUT] [FILE]
 *
 * Without FILE it cycles the raw lines of the ten loghub 2k logs under
 * $LL_DATA_DIR (default ../shared/data) and varies every digit from one
 * copy to the next, so numbers, addresses and ids keep changing as in a
 * real log; with FILE it templates that file's lines (up to LINES). Lines
 * are made in batches of 10,000 outside the timed region, so the figure is
 * the miner's alone: lines/s, MB/s, templates, and the process's peak RSS.
 * Prints one result line; -s saves the templates (ll_drain_save) to OUT.
 * See bench/DRAIN.md for recorded figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ll_drain.h"

#define BATCH 10000

struct lines {
	char **v;
	size_t *len;
	size_t n, cap;
};

static int push(struct lines *l, const char *s, size_t len)
{
	if (l->n == l->cap) {
		size_t c = l->cap ? l->cap * 2 : 1024;
		char **v = realloc(l->v, c * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		size_t *ln = realloc(l->len, c * sizeof *ln);
		if (!ln)
			return -1;
		l->len = ln;
		l->cap = c;
	}
	char *p = malloc(len + 1);
	if (!p)
		return -1;
	memcpy(p, s, len);
	p[len] = '\0';
	l->v[l->n] = p;
	l->len[l->n++] = len;
	return 0;
}

/* Appends the lines of path (CR and LF stripped), at most max of them. */
static int read_lines(const char *path, struct lines *l, size_t max)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "bench_drain: cannot open %s\n", path);
		return -1;
	}
	char *buf = NULL;
	size_t cap = 0;
	ssize_t got;
	while (l->n < max && (got = getline(&buf, &cap, f)) >= 0) {
		size_t n = (size_t)got;
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			n--;
		if (push(l, buf, n) != 0) {
			fprintf(stderr, "bench_drain: out of memory\n");
			free(buf);
			fclose(f);
			return -1;
		}
	}
	free(buf);
	fclose(f);
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	size_t nlines = 1000000;
	struct ll_drain_config c;
	ll_drain_config_default(&c);
	const char *file = NULL, *save = NULL;
	struct ll_err err;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			nlines = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			c.sim_th = atof(argv[++i]);
		else if (!strcmp(argv[i], "-d") && i + 1 < argc)
			c.depth = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-m") && i + 1 < argc) {
			if (ll_mask_parse(argv[++i], &c.masks, &err) != LL_OK) {
				fprintf(stderr, "bench_drain: %s\n", err.msg);
				return 1;
			}
		} else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			save = argv[++i];
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: bench_drain [-n LINES] [-t SIM_TH] [-d DEPTH] [-m MASKS] [-s OUT] "
					"[FILE]\n");
			return 1;
		} else
			file = argv[i];
	}

	struct lines base = {0};
	if (file) {
		if (read_lines(file, &base, nlines) != 0)
			return 3;
		nlines = base.n;
	} else {
		static const char *const sys[] = {"HDFS",        "Hadoop", "Spark",   "Zookeeper", "BGL", "HPC",
						  "Thunderbird", "Linux",  "OpenSSH", "OpenStack"};
		const char *dir = getenv("LL_DATA_DIR");
		if (!dir)
			dir = "../shared/data";
		for (size_t k = 0; k < sizeof sys / sizeof sys[0]; k++) {
			char path[4096];
			snprintf(path, sizeof path, "%s/loghub/%s/%s_2k.log", dir, sys[k], sys[k]);
			if (read_lines(path, &base, (size_t)-1) != 0)
				return 3;
		}
	}
	if (base.n == 0) {
		fprintf(stderr, "bench_drain: no input lines\n");
		return 2;
	}

	struct ll_drain *d;
	if (ll_drain_new(&c, &d, &err) != LL_OK) {
		fprintf(stderr, "bench_drain: %s\n", err.msg);
		return 1;
	}
	/* one batch of lines, regenerated before each timed pass */
	char **batch = calloc(BATCH, sizeof *batch);
	size_t *blen = calloc(BATCH, sizeof *blen), *bcap = calloc(BATCH, sizeof *bcap);
	if (!batch || !blen || !bcap) {
		fprintf(stderr, "bench_drain: out of memory\n");
		return 3;
	}
	unsigned seed = 12345;
	double secs = 0, bytes = 0;
	size_t done = 0;
	while (done < nlines) {
		size_t nb = nlines - done < BATCH ? nlines - done : BATCH;
		for (size_t j = 0; j < nb; j++) {
			size_t src = (done + j) % base.n, len = base.len[src];
			if (bcap[j] < len + 1) {
				free(batch[j]);
				batch[j] = malloc(len + 1);
				bcap[j] = len + 1;
				if (!batch[j]) {
					fprintf(stderr, "bench_drain: out of memory\n");
					return 3;
				}
			}
			memcpy(batch[j], base.v[src], len);
			blen[j] = len;
			/* after the first copy of the input, vary every digit */
			if (!file && done + j >= base.n) {
				for (size_t q = 0; q < len; q++) {
					char ch = batch[j][q];
					if (ch >= '0' && ch <= '9') {
						seed = seed * 1103515245u + 12345u;
						batch[j][q] = (char)('0' + (seed >> 16) % 10);
					}
				}
			}
			bytes += (double)len;
		}
		double t0 = now();
		for (size_t j = 0; j < nb; j++) {
			long id;
			int rc = ll_drain_add(d, batch[j], blen[j], &id);
			if (rc != LL_OK) {
				fprintf(stderr, "bench_drain: line %zu: %s\n", done + j + 1, ll_status_name(rc));
				return 3;
			}
		}
		secs += now() - t0;
		done += nb;
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("lines %zu  templates %zu  seconds %.3f  lines/s %.0f  MB/s %.1f  peak_rss_MB %.1f"
	       "  (sim_th %.2f depth %d)\n",
	       done, ll_drain_count(d), secs, (double)done / secs, bytes / secs / 1e6,
	       (double)ru.ru_maxrss / 1024.0, c.sim_th, c.depth);
	if (save) {
		FILE *f = fopen(save, "w");
		int rc = f ? ll_drain_save(d, f, save, &err) : LL_EIO;
		if (f && fclose(f) != 0 && rc == LL_OK)
			rc = LL_EIO;
		if (rc != LL_OK) {
			fprintf(stderr, "bench_drain: cannot save templates to %s\n", save);
			return 3;
		}
	}
	for (size_t j = 0; j < BATCH; j++)
		free(batch[j]);
	free(batch);
	free(blen);
	free(bcap);
	for (size_t k = 0; k < base.n; k++)
		free(base.v[k]);
	free(base.v);
	free(base.len);
	ll_drain_free(d);
	return 0;
}
