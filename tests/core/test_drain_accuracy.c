/*
 * tests/core/test_drain_accuracy.c - grouping accuracy of ll_drain on the
 * loghub 2k samples and the loghub-2.0 corrected samples.
 *
 * For each system the Content column of the structured CSV is fed to a
 * fresh miner in file order, and the standard grouping accuracy (Zhu et
 * al., "Tools and Benchmarks for Automated Log Parsing", ICSE-SEIP 2019)
 * is computed against EventId: a line counts as right when the set of lines
 * sharing its predicted template equals exactly the set of lines sharing
 * its true EventId. The test prints a table with Drain's published figures
 * on loghub 2k beside ours and fails when a system drops below its floor
 * (a little under what this code reaches, so a regression shows).
 *
 * Per-system settings follow the spirit of the original benchmark, which
 * also tuned the threshold, depth and extra regexes per system; each
 * setting below says why. Skips (77) when ../shared/data is absent.
 */
#include "harness.h"
#include "ll_drain.h"

struct setting {
	const char *rel;       /* structured CSV under LL_DATA_DIR */
	const char *name;      /* row label */
	double sim_th;
	int depth;
	const char *masks;     /* ll_mask_parse list applied to the defaults */
	const char *delims;    /* extra delimiters */
	double published;      /* Drain on loghub 2k (Zhu et al. 2019), < 0 when none */
	double floor;          /* the test fails below this */
};

/* A quoted-CSV field splitter good enough for loghub's files: fields are
 * separated by ',', a field may be quoted with '"' and a quote inside is
 * doubled. Splits line (len bytes, without its line end) in place into at
 * most max fields; returns the count or -1 on an unterminated quote. */
static int csv_split(char *line, size_t len, char **field, size_t *flen, int max)
{
	int nf = 0;
	size_t i = 0;
	for (;;) {
		if (nf == max)
			return nf;
		char *out = line + i;
		size_t o = 0;
		if (i < len && line[i] == '"') {
			i++;
			for (;;) {
				if (i >= len)
					return -1;
				if (line[i] == '"') {
					if (i + 1 < len && line[i + 1] == '"') {
						out[o++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				out[o++] = line[i++];
			}
			while (i < len && line[i] != ',')
				i++;
		} else {
			while (i < len && line[i] != ',')
				out[o++] = line[i++];
		}
		field[nf] = out;
		flen[nf] = o;
		nf++;
		if (i >= len)
			return nf;
		i++; /* the comma */
	}
}

struct rows {
	char **content;
	size_t *clen;
	int *truth; /* small integer per distinct EventId */
	size_t n;
	int ntruth;
};

static void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->content[i]);
	free(r->content);
	free(r->clen);
	free(r->truth);
	memset(r, 0, sizeof *r);
}

/* Reads Content and EventId of every row of path; 0 on success. */
static int rows_read(const char *path, struct rows *r)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: cannot open\n", path);
		return -1;
	}
	memset(r, 0, sizeof *r);
	char **ids = NULL;
	size_t cap = 0;
	int ci = -1, ei = -1, rc = 0;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t got;
	for (size_t lineno = 1; (got = getline(&line, &lcap, f)) >= 0; lineno++) {
		size_t len = (size_t)got;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		char *field[64];
		size_t flen[64];
		int nf = csv_split(line, len, field, flen, 64);
		if (nf < 0) {
			fprintf(stderr, "%s:%zu: unterminated quote\n", path, lineno);
			rc = -1;
			break;
		}
		if (lineno == 1) {
			for (int k = 0; k < nf; k++) {
				if (flen[k] == 7 && memcmp(field[k], "Content", 7) == 0)
					ci = k;
				if (flen[k] == 7 && memcmp(field[k], "EventId", 7) == 0)
					ei = k;
			}
			if (ci < 0 || ei < 0) {
				fprintf(stderr, "%s:1: no Content or EventId column\n", path);
				rc = -1;
				break;
			}
			continue;
		}
		if (nf <= ci || nf <= ei) {
			fprintf(stderr, "%s:%zu: %d fields\n", path, lineno, nf);
			rc = -1;
			break;
		}
		if (r->n == cap) {
			cap = cap ? cap * 2 : 1024;
			r->content = realloc(r->content, cap * sizeof *r->content);
			r->clen = realloc(r->clen, cap * sizeof *r->clen);
			r->truth = realloc(r->truth, cap * sizeof *r->truth);
			ids = realloc(ids, cap * sizeof *ids);
			if (!r->content || !r->clen || !r->truth || !ids) {
				fprintf(stderr, "out of memory\n");
				exit(1);
			}
		}
		r->content[r->n] = malloc(flen[ci] + 1);
		memcpy(r->content[r->n], field[ci], flen[ci]);
		r->content[r->n][flen[ci]] = '\0';
		r->clen[r->n] = flen[ci];
		/* EventIds are few (< 200): a linear search is plenty */
		int t = 0;
		while (t < r->ntruth && !(strlen(ids[t]) == flen[ei] && memcmp(ids[t], field[ei], flen[ei]) == 0))
			t++;
		if (t == r->ntruth) {
			ids[t] = strndup(field[ei], flen[ei]);
			r->ntruth++;
		}
		r->truth[r->n++] = t;
	}
	for (int t = 0; t < r->ntruth; t++)
		free(ids[t]);
	free(ids);
	free(line);
	fclose(f);
	return rc;
}

/* Grouping accuracy of pred against truth over n lines (ids >= 0). */
static double grouping_accuracy(const long *pred, const int *truth, size_t n)
{
	long np = 0, nt = 0;
	for (size_t i = 0; i < n; i++) {
		if (pred[i] + 1 > np)
			np = pred[i] + 1;
		if (truth[i] + 1 > nt)
			nt = truth[i] + 1;
	}
	size_t *psize = calloc((size_t)np + 1, sizeof *psize), *tsize = calloc((size_t)nt + 1, sizeof *tsize);
	int *ptruth = malloc(((size_t)np + 1) * sizeof *ptruth); /* the one true id, -2 when mixed */
	for (long p = 0; p < np; p++)
		ptruth[p] = -1;
	for (size_t i = 0; i < n; i++) {
		psize[pred[i]]++;
		tsize[truth[i]]++;
		if (ptruth[pred[i]] == -1)
			ptruth[pred[i]] = truth[i];
		else if (ptruth[pred[i]] != truth[i])
			ptruth[pred[i]] = -2;
	}
	size_t right = 0;
	for (size_t i = 0; i < n; i++) {
		int t = ptruth[pred[i]];
		if (t >= 0 && psize[pred[i]] == tsize[t])
			right++;
	}
	free(psize);
	free(tsize);
	free(ptruth);
	return n ? (double)right / (double)n : 0.0;
}

/* Accuracy of one system under s, or -1 when it cannot be read. */
static double run_setting(const struct setting *s, size_t *ntemplates, int *ntruth)
{
	struct rows r;
	if (rows_read(ll_test_data(s->rel), &r) != 0)
		return -1;
	struct ll_drain_config c;
	ll_drain_config_default(&c);
	c.sim_th = s->sim_th;
	c.depth = s->depth;
	c.delims = s->delims;
	struct ll_err err;
	if (s->masks && ll_mask_parse(s->masks, &c.masks, &err) != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		rows_free(&r);
		return -1;
	}
	struct ll_drain *d;
	if (ll_drain_new(&c, &d, &err) != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		rows_free(&r);
		return -1;
	}
	long *pred = malloc(r.n * sizeof *pred);
	double acc = -1;
	size_t i;
	for (i = 0; i < r.n; i++)
		if (ll_drain_add(d, r.content[i], r.clen[i], &pred[i]) != LL_OK)
			break;
	if (i == r.n)
		acc = grouping_accuracy(pred, r.truth, r.n);
	*ntemplates = ll_drain_count(d);
	*ntruth = r.ntruth;
	free(pred);
	ll_drain_free(d);
	rows_free(&r);
	return acc;
}

#ifndef DRAIN_TUNE
/*
 * Two settings per system. "paper" is the threshold and depth the original
 * Drain benchmark used for that system (its published figures come from
 * them); our masks are the defaults throughout instead of its per-system
 * regexes. "tuned" is the best of a grid (sim_th 0.3..0.8 by 0.1 and 0.39,
 * depth 3..7) searched on these same 2000 lines, so it is an optimistic
 * reference, not a held-out result; where the grid tied, the paper value
 * or the smaller depth was kept. Why the tuned values differ:
 *   Hadoop 0.6, HPC 0.6, Zookeeper 0.7, BGL 0.7/5, Thunderbird 0.6/5,
 *   OpenSSH 0.7: the ground truth keeps apart short messages that differ
 *     in one word ("Link error" / "Link ok"), which a higher threshold
 *     keeps apart too;
 *   Spark depth 5, OpenStack depth 7: more leading tokens route requests
 *     ("GET" / "POST", instance events) into separate leaves.
 * Floors sit 0.01-0.02 under what this code reaches.
 */
struct row {
	struct setting paper, tuned;
};

#define LH(s) "loghub/" s "/" s "_2k.log_structured.csv"
#define LH2(s) "loghub2/" s "/" s "_2k.log_structured_corrected.csv"
static const struct row table[] = {
	{{LH("HDFS"), "HDFS", 0.5, 4, NULL, NULL, 0.998, 0.99}, {NULL, NULL, 0.5, 4, NULL, NULL, -1, 0.99}},
	{{LH("Hadoop"), "Hadoop", 0.5, 4, NULL, NULL, 0.948, 0.95}, {NULL, NULL, 0.6, 4, NULL, NULL, -1, 0.96}},
	{{LH("Spark"), "Spark", 0.5, 4, NULL, NULL, 0.920, 0.91}, {NULL, NULL, 0.5, 5, NULL, NULL, -1, 0.91}},
	{{LH("Zookeeper"), "Zookeeper", 0.5, 4, NULL, NULL, 0.967, 0.95}, {NULL, NULL, 0.7, 4, NULL, NULL, -1, 0.98}},
	{{LH("BGL"), "BGL", 0.5, 4, NULL, NULL, 0.963, 0.96}, {NULL, NULL, 0.7, 5, NULL, NULL, -1, 0.97}},
	{{LH("HPC"), "HPC", 0.5, 4, NULL, NULL, 0.887, 0.87}, {NULL, NULL, 0.6, 4, NULL, NULL, -1, 0.89}},
	{{LH("Thunderbird"), "Thunderbird", 0.5, 4, NULL, NULL, 0.955, 0.94},
	 {NULL, NULL, 0.6, 5, NULL, NULL, -1, 0.95}},
	{{LH("Linux"), "Linux", 0.39, 6, NULL, NULL, 0.690, 0.68}, {NULL, NULL, 0.39, 6, NULL, NULL, -1, 0.68}},
	{{LH("OpenSSH"), "OpenSSH", 0.6, 5, NULL, NULL, 0.788, 0.77}, {NULL, NULL, 0.7, 5, NULL, NULL, -1, 0.98}},
	{{LH("OpenStack"), "OpenStack", 0.5, 5, NULL, NULL, 0.733, 0.80}, {NULL, NULL, 0.5, 7, NULL, NULL, -1, 0.96}},
	{{LH2("HDFS"), "HDFS (2.0)", 0.5, 4, NULL, NULL, -1, 0.99}, {NULL, NULL, 0.5, 4, NULL, NULL, -1, 0.99}},
	{{LH2("Hadoop"), "Hadoop (2.0)", 0.5, 4, NULL, NULL, -1, 0.95}, {NULL, NULL, 0.6, 4, NULL, NULL, -1, 0.96}},
	{{LH2("BGL"), "BGL (2.0)", 0.5, 4, NULL, NULL, -1, 0.96}, {NULL, NULL, 0.7, 5, NULL, NULL, -1, 0.97}},
	{{LH2("Thunderbird"), "Thunderbird (2.0)", 0.5, 4, NULL, NULL, -1, 0.94},
	 {NULL, NULL, 0.6, 5, NULL, NULL, -1, 0.95}},
	{{LH2("Linux"), "Linux (2.0)", 0.39, 6, NULL, NULL, -1, 0.68}, {NULL, NULL, 0.39, 6, NULL, NULL, -1, 0.68}},
	{{LH2("OpenSSH"), "OpenSSH (2.0)", 0.6, 5, NULL, NULL, -1, 0.77}, {NULL, NULL, 0.7, 5, NULL, NULL, -1, 0.98}},
};

/* The metric on a case worked by hand: truth groups {0,1,2} {3,4} {5};
 * predicted {0,1,2} {3} {4,5}: only lines 0-2 are right, 3/6 = 0.5. */
static void test_metric(void)
{
	const int truth[6] = {0, 0, 0, 1, 1, 2};
	const long pred[6] = {0, 0, 0, 1, 2, 2};
	CHECK_NEAR(grouping_accuracy(pred, truth, 6), 0.5, 1e-12);
	const long merged[6] = {0, 0, 0, 0, 0, 0};
	CHECK_NEAR(grouping_accuracy(merged, truth, 6), 0.0, 1e-12);
	const long exact[6] = {2, 2, 2, 0, 0, 1};
	CHECK_NEAR(grouping_accuracy(exact, truth, 6), 1.0, 1e-12);
	char line[] = "1,\"a,\"\"b\"\"\",c";
	char *field[4];
	size_t flen[4];
	CHECK_INT(csv_split(line, strlen(line), field, flen, 4), 3);
	CHECK(flen[1] == 5 && memcmp(field[1], "a,\"b\"", 5) == 0);
	CHECK(flen[2] == 1 && field[2][0] == 'c');
}

/* Runs s (with rel and name from base), prints nothing; checks the floor. */
static double run_checked(const struct setting *base, const struct setting *s, size_t *nt, int *ntruth)
{
	struct setting full = *s;
	full.rel = base->rel;
	full.name = base->name;
	double acc = run_setting(&full, nt, ntruth);
	CHECK(acc >= 0);
	if (acc < s->floor)
		fprintf(stderr, "%s: accuracy %.3f below floor %.3f (sim_th %.2f, depth %d)\n", base->name, acc,
			s->floor, s->sim_th, s->depth);
	CHECK(acc >= s->floor);
	return acc;
}

int main(void)
{
	ll_test_data_dir();
	test_metric();
	size_t n = sizeof table / sizeof table[0];
	double sum_pub = 0, sum_paper[2] = {0, 0}, sum_tuned[2] = {0, 0};
	int cnt[2] = {0, 0};
	printf("Drain grouping accuracy; published = Drain on loghub 2k (Zhu et al., ICSE-SEIP 2019)\n");
	printf("%-18s %5s %9s | %-10s %6s %5s | %-10s %6s %5s\n", "system", "truth", "published", "paper:th/d",
	       "acc", "tpl", "tuned:th/d", "acc", "tpl");
	for (size_t k = 0; k < n; k++) {
		const struct row *r = &table[k];
		size_t nt_p = 0, nt_t = 0;
		int ntruth = 0;
		double ap = run_checked(&r->paper, &r->paper, &nt_p, &ntruth);
		double at = run_checked(&r->paper, &r->tuned, &nt_t, &ntruth);
		int v = r->paper.published < 0; /* 0 loghub, 1 loghub-2.0 */
		char pub[16] = "-";
		if (!v) {
			snprintf(pub, sizeof pub, "%.3f", r->paper.published);
			sum_pub += r->paper.published;
		}
		sum_paper[v] += ap;
		sum_tuned[v] += at;
		cnt[v]++;
		printf("%-18s %5d %9s | %4.2f/%-5d %6.3f %5zu | %4.2f/%-5d %6.3f %5zu\n", r->paper.name, ntruth, pub,
		       r->paper.sim_th, r->paper.depth, ap, nt_p, r->tuned.sim_th, r->tuned.depth, at, nt_t);
	}
	printf("%-18s %5s %9.3f | %-10s %6.3f %5s | %-10s %6.3f\n", "average loghub", "", sum_pub / cnt[0], "",
	       sum_paper[0] / cnt[0], "", "", sum_tuned[0] / cnt[0]);
	printf("%-18s %5s %9s | %-10s %6.3f %5s | %-10s %6.3f\n", "average loghub-2.0", "", "-", "",
	       sum_paper[1] / cnt[1], "", "", sum_tuned[1] / cnt[1]);
	/* the target: match or beat the published average */
	CHECK(sum_paper[0] / cnt[0] >= sum_pub / cnt[0]);
	fflush(stdout);
	TEST_MAIN_END();
}
#endif
