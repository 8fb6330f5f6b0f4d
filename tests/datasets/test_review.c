/*
 * test_review.c - the review-decision store DATA.review (ds_review.h):
 * a missing file holds no decisions; appends write the header once and one
 * checksummed line per row, and a reload sees them; save rewrites the same
 * text; hand-written version 1 lines with and without RUN/CLASS load; a
 * malformed, torn or corrupt line is skipped with a warning naming
 * file:line and the rest loads; an append converts a version 1 file; four
 * processes appending at once lose nothing. ds_review_path puts the store
 * beside a file or folder, and for a glob or several joined specs in the
 * deepest folder they share, hidden, named from the whole spec; a glob's
 * store can be appended to and reloaded. predictions.tsv read back (with
 * the run's label of each sample), and the review queue's label rule
 * (ds_pred_label_suspect) for samples that are rows and samples that group
 * rows.
 */
#include "harness.h"
#include "ds_predictions.h"
#include "ds_review.h"
#include "ll_recipe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_missing_and_append(void)
{
	struct ll_err err;
	char data[128], rev[160];
	snprintf(data, sizeof data, "%s/x.log", dir);
	snprintf(rev, sizeof rev, "%s/x.log.review", dir);
	struct ds_review *s = NULL;
	CHECK_INT(ds_review_load(data, &s, &err), LL_OK);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(s->n, 0);
	CHECK_STR(s->path, rev);
	CHECK_INT(access(rev, F_OK), -1); /* loading creates nothing */
	CHECK_INT(ds_review_decided(s, 4, 0xdeadbeef), 0);

	size_t rows[2] = {4, 9};
	uint32_t hashes[2] = {0xdeadbeef, 0x0000abcd};
	CHECK_INT(ds_review_append(s, rows, hashes, 2, 1, "run-a", "FATAL", &err), LL_OK);
	size_t r3 = 0;
	uint32_t h3 = 0x12345678;
	CHECK_INT(ds_review_append(s, &r3, &h3, 1, 0, "run-b", NULL, &err), LL_OK);
	CHECK_INT(s->n, 3);
	CHECK_INT(ds_review_decided(s, 4, 0xdeadbeef), 1);
	CHECK_INT(ds_review_decided(s, 4, 0xdeadbeee), 0); /* the line changed: ask again */
	CHECK_INT(ds_review_decided(s, 0, 0x12345678), 1);

	/* header once, then 3 decisions: 4 lines */
	char *text = slurp(rev);
	CHECK(text != NULL);
	if (text) {
		CHECK_INT(count_lines(text), 4);
		CHECK(strncmp(text, "# loglab review decisions v2:", 29) == 0);
		CHECK(strstr(text, "\t5\tdeadbeef\tconfirm\trun-a\tFATAL\t") != NULL);
		CHECK(strstr(text, "\t10\t0000abcd\tconfirm\trun-a\tFATAL\t") != NULL);
		CHECK(strstr(text, "\t1\t12345678\tdismiss\trun-b\t\t") != NULL);
	}
	char before[4096];
	snprintf(before, sizeof before, "%s", text ? text : "");
	ds_review_free(s);

	/* reload sees the same decisions */
	CHECK_INT(ds_review_load(data, &s, &err), LL_OK);
	if (!s)
		return;
	CHECK_INT(s->n, 3);
	CHECK_INT(s->e[1].row, 9);
	CHECK_INT(s->e[1].hash, 0xabcd);
	CHECK_INT(s->e[1].confirm, 1);
	CHECK_STR(s->e[1].run, "run-a");
	CHECK_STR(s->e[1].cls, "FATAL");
	CHECK_INT(s->e[2].confirm, 0);
	CHECK_STR(s->e[2].cls, "");
	CHECK_STR(s->e[0].time, s->e[1].time); /* one append, one time stamp */
	CHECK_INT(strlen(s->e[0].time), 20);   /* YYYY-MM-DDTHH:MM:SSZ */

	/* save rewrites the identical text */
	CHECK_INT(ds_review_save(s, &err), LL_OK);
	text = slurp(rev);
	CHECK_STR(text, before);
	ds_review_free(s);
	unlink(rev);
}

static void test_handwritten(void)
{
	struct ll_err err;
	char rev[160];
	snprintf(rev, sizeof rev, "%s/h.review", dir);
	/* 5 fields (no RUN/CLASS), CRLF, a blank line and a comment in between */
	spit(rev, "# header\n2026-01-02T03:04:05Z\tann\t7\t0000beef\tdismiss\r\n\n# note\n"
		  "2026-01-02T03:04:06Z\tbob\t8\tCAFE0001\tconfirm\tr1\tERR\n");
	struct ds_review *s = NULL;
	CHECK_INT(ds_review_load_file(rev, &s, &err), LL_OK);
	if (s) {
		CHECK_INT(s->n, 2);
		CHECK_INT(s->e[0].row, 6);
		CHECK_STR(s->e[0].user, "ann");
		CHECK_STR(s->e[0].run, "");
		CHECK_INT(s->e[1].hash, 0xcafe0001u);
		CHECK_STR(s->e[1].time, "2026-01-02T03:04:06Z");
		ds_review_free(s);
	}
	unlink(rev);
}

/* text loads with its good decisions (n_good) and one warning about line. */
static void expect_skipped(const char *text, size_t n_good, const char *want_in_msg)
{
	struct ll_err err;
	ll_err_clear(&err);
	char rev[160], want[256];
	snprintf(rev, sizeof rev, "%s/bad.review", dir);
	spit(rev, text);
	struct ds_review *s = NULL;
	CHECK_INT(ds_review_load_file(rev, &s, &err), LL_OK);
	if (s) {
		CHECK_INT(s->n, n_good);
		CHECK_INT(s->nwarnings, 1);
		snprintf(want, sizeof want, "%s:%s", rev, want_in_msg);
		if (!s->nwarnings || !strstr(s->warnings[0], want)) {
			fprintf(stderr, "warning: %s\nwanted: %s\n", s->nwarnings ? s->warnings[0] : "(none)", want);
			CHECK(0);
		}
		ds_review_free(s);
	}
	unlink(rev);
}

static void test_malformed(void)
{
	const char *ok = "# h\n2026-01-02T03:04:05Z\tann\t7\t0000beef\tdismiss\tr\t\n";
	char buf[512];
	snprintf(buf, sizeof buf, "%s2026-01-02T03:04:05Z\tann\t7\n", ok);
	expect_skipped(buf, 1, "3: skipped damaged review decision: expected TIME USER ROW HASH DECISION");
	snprintf(buf, sizeof buf, "%s%sx\tann\t0\t0000beef\tdismiss\n", ok, ok);
	expect_skipped(buf, 2, "5: skipped damaged review decision: row '0'");
	snprintf(buf, sizeof buf, "%sx\tann\t12a\t0000beef\tdismiss\n", ok);
	expect_skipped(buf, 1, "3: skipped damaged review decision: row '12a'");
	snprintf(buf, sizeof buf, "x\tann\t3\tzz\tdismiss\n");
	expect_skipped(buf, 0, "1: skipped damaged review decision: hash 'zz'");
	snprintf(buf, sizeof buf, "%sx\tann\t3\t00000001\tmaybe\tr\tc\n", ok);
	expect_skipped(buf, 1, "3: skipped damaged review decision: decision 'maybe'");
	snprintf(buf, sizeof buf, "x\tann\t3\t00000001\tconfirm\tr\tc\textra\n");
	expect_skipped(buf, 0, "1: skipped damaged review decision: checksum mismatch");
	/* a torn last line: the writer died mid-line */
	snprintf(buf, sizeof buf, "%s2026-01-02T03:04:05Z\tann\t9\t0000beef\tconf", ok);
	expect_skipped(buf, 1, "3: skipped damaged review decision: torn last line");
}

/* Version 2 files: a flipped byte or a cut line is caught by the CRC. */
static void test_checksums(void)
{
	struct ll_err err;
	char data[128], rev[160];
	snprintf(data, sizeof data, "%s/c.log", dir);
	snprintf(rev, sizeof rev, "%s/c.log.review", dir);
	struct ds_review *s = NULL;
	CHECK_INT(ds_review_load(data, &s, &err), LL_OK);
	size_t rows[3] = {1, 2, 3};
	uint32_t hashes[3] = {1, 2, 3};
	CHECK_INT(ds_review_append(s, rows, hashes, 3, 1, "run", "KERNDTLB", &err), LL_OK);
	ds_review_free(s);
	char text[4096];
	snprintf(text, sizeof text, "%s", slurp(rev));
	char *second = strchr(strchr(text, '\n') + 1, '\n') + 1; /* line 3 */
	second[10] = second[10] == '9' ? '8' : '9';
	char *third = strchr(second, '\n') + 1;
	memcpy(third + 30, "\n", 2); /* line 4 cut, then ends */
	spit(rev, text);
	CHECK_INT(ds_review_load(data, &s, &err), LL_OK);
	if (s) {
		CHECK_INT(s->n, 1);
		CHECK_INT(s->nwarnings, 2);
		CHECK(s->nwarnings == 2 && strstr(s->warnings[0], "c.log.review:3: skipped damaged review decision: checksum mismatch"));
		CHECK(s->nwarnings == 2 && strstr(s->warnings[1], "c.log.review:4: skipped damaged review decision: no checksum"));
		ds_review_free(s);
	}
	unlink(rev);
}

/* An append to a version 1 file converts it, keeping its decisions. */
static void test_convert_v1(void)
{
	struct ll_err err;
	char data[128], rev[160];
	snprintf(data, sizeof data, "%s/v1.log", dir);
	snprintf(rev, sizeof rev, "%s/v1.log.review", dir);
	spit(rev, "# loglab review decisions v1: time user row hash decision run class\n"
		  "2026-01-02T03:04:05Z\tann\t7\t0000beef\tdismiss\tr1\t\n");
	struct ds_review *s = NULL;
	CHECK_INT(ds_review_load(data, &s, &err), LL_OK);
	size_t row = 8;
	uint32_t h = 5;
	CHECK_INT(ds_review_append(s, &row, &h, 1, 1, "r2", "x", &err), LL_OK);
	ds_review_free(s);
	const char *text = slurp(rev);
	CHECK(text && strncmp(text, "# loglab review decisions v2:", 29) == 0);
	CHECK(text && strstr(text, "\t7\t0000beef\tdismiss\tr1\t\t") != NULL);
	CHECK_INT(ds_review_load(data, &s, &err), LL_OK);
	if (s) {
		CHECK_INT(s->n, 2);
		CHECK_INT(s->nwarnings, 0);
		CHECK(ds_review_decided(s, 6, 0xbeef) && ds_review_decided(s, 8, 5));
		ds_review_free(s);
	}
	unlink(rev);
}

/* Four processes appending at once: every decision there, every line whole. */
static void test_concurrent_appends(void)
{
	char data[128], rev[160];
	snprintf(data, sizeof data, "%s/p.log", dir);
	snprintf(rev, sizeof rev, "%s/p.log.review", dir);
	enum { PROCS = 4, EACH = 25 };
	pid_t pids[PROCS];
	for (int p = 0; p < PROCS; p++) {
		if ((pids[p] = fork()) == 0) {
			struct ll_err err;
			struct ds_review *s = NULL;
			if (ds_review_load(data, &s, &err) != LL_OK)
				_exit(10);
			for (int i = 0; i < EACH; i++) {
				size_t row = (size_t)(p * EACH + i);
				uint32_t h = (uint32_t)row;
				if (ds_review_append(s, &row, &h, 1, i % 2, "run", "c", &err) != LL_OK)
					_exit(11);
			}
			ds_review_free(s);
			_exit(0);
		}
	}
	int ok = 1;
	for (int p = 0; p < PROCS; p++) {
		int st;
		waitpid(pids[p], &st, 0);
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	CHECK(ok);
	struct ll_err err;
	struct ds_review *s = NULL;
	CHECK_INT(ds_review_load(data, &s, &err), LL_OK);
	if (s) {
		CHECK_INT(s->n, PROCS * EACH);
		CHECK_INT(s->nwarnings, 0);
		size_t missing = 0;
		for (size_t r = 0; r < PROCS * EACH; r++)
			missing += !ds_review_decided(s, r, (uint32_t)r);
		CHECK_INT(missing, 0);
		ds_review_free(s);
	}
	unlink(rev);
}

/* Writes head and body to p and reads it back as a dataset of 10 rows. */
static int read_back(const char *p, const char *head, const char *body, struct ds_pred_row **r, size_t *n,
		     struct ll_err *err)
{
	FILE *f = fopen(p, "w");
	fputs(head, f);
	fputs(body, f);
	fclose(f);
	*r = NULL;
	*n = 9;
	return ds_predictions_read(p, 10, r, n, err);
}

/* predictions.tsv read back: a good file, then each defect refused with
 * its line (the CLI side is tests/cli/test_hostile.sh). */
static void test_predictions(void)
{
	char p[128];
	snprintf(p, sizeof p, "%s/predictions.tsv", dir);
	static const char head[] = "sample\trow\tpart\ttrue\tpredicted\tscore\tp_0\tp_1\ttemplate\n";
	static const char *const cases[][2] = {
		{"1\t3\ttrain\t0\t1\t0.75\t0.25\t0.75\t4\n2\t1\ttest\t\t0\t0.1\t0.9\t0.1\t\n", NULL},
		{"1\t11\ttrain\t0\t1\t0.75\t0.25\t0.75\t4\n", ":2: row \"11\" is not a row of the run's dataset (1..10)"},
		{"1\t0\ttrain\t0\t1\t0.75\t0.25\t0.75\t4\n", ":2: row \"0\""},
		{"1\t3\ttrain\t0\t1\t0.75\t0.25\t0.75\t4\n1\t3\ttrain\t0\t1\t0.75\t0.25\t0.75\t4\n",
		 ":3: sample \"1\" where 2 was due"},
		{"1\t3\ttrain\t0\t1\tnan\t0.25\t0.75\t4\n", ":2: score \"nan\" is not a finite number"},
		{"1\t3\ttrain\t0\t1\t1e999\t0.25\t0.75\t4\n", ":2: score \"1e999\""},
		{"1\t3\ttrain\t0\t1\t\t0.25\t0.75\t4\n", ":2: score \"\""},
		{"1\t3\tval\t0\t1\t0.5\t0.25\t0.75\t4\n", ":2: part \"val\""},
		{"1\t3\ttrain\t0\t1\t0.5\t0.25\t0.75\n", ":2: 8 columns where the header has 9"},
		{"1\t3\ttrain\t0\t1\t0.5\t0.25\t0.75\t-4\n", ":2: template \"-4\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ds_pred_row *r;
		size_t n;
		struct ll_err err;
		int rc = read_back(p, head, cases[i][0], &r, &n, &err);
		if (!cases[i][1]) {
			CHECK_INT(rc, LL_OK);
			CHECK_INT(n, 2);
			if (r && n == 2) {
				CHECK_INT(r[0].row, 2);
				CHECK(r[0].score == 0.75 && r[0].tmpl == 4 && !strcmp(r[0].part, "train"));
				CHECK(r[1].tmpl == -1 && !strcmp(r[1].pred, "0"));
				/* the run's label of the sample, "" unlabelled */
				CHECK(!strcmp(r[0].truth, "0") && !strcmp(r[1].truth, ""));
				/* a run without the review column reviews by score */
				CHECK(r[0].review == 0.75 && r[1].review == 0.1);
			}
		} else {
			CHECK_INT(rc, LL_EDATA);
			CHECK(r == NULL && n == 0);
			CHECK(strstr(err.msg, cases[i][1]) != NULL);
			if (!strstr(err.msg, cases[i][1]))
				fprintf(stderr, "  got: %s\n", err.msg);
		}
		free(r);
	}
	/* with the review column (out-of-fold scores), before the template */
	static const char rhead[] = "sample\trow\tpart\ttrue\tpredicted\tscore\tp_0\tp_1\treview\ttemplate\n";
	static const char *const rcases[][2] = {
		{"1\t3\ttrain\t0\t0\t0.25\t0.75\t0.25\t0.875\t4\n2\t1\ttest\t\t0\t0.1\t0.9\t0.1\t0.1\t\n", NULL},
		{"1\t3\ttrain\t0\t0\t0.25\t0.75\t0.25\tinf\t4\n", ":2: review score \"inf\" is not a finite number"},
		{"1\t3\ttrain\t0\t0\t0.25\t0.75\t0.25\t\t4\n", ":2: review score \"\""},
	};
	for (size_t i = 0; i < sizeof rcases / sizeof rcases[0]; i++) {
		struct ds_pred_row *r;
		size_t n;
		struct ll_err err;
		int rc = read_back(p, rhead, rcases[i][0], &r, &n, &err);
		if (!rcases[i][1]) {
			CHECK_INT(rc, LL_OK);
			CHECK_INT(n, 2);
			if (r && n == 2)
				CHECK(r[0].score == 0.25 && r[0].review == 0.875 && r[0].tmpl == 4 && r[1].review == 0.1);
		} else {
			CHECK_INT(rc, LL_EDATA);
			CHECK(strstr(err.msg, rcases[i][1]) != NULL);
		}
		free(r);
	}
	FILE *f = fopen(p, "w");
	fputs("row\tscore\n1\t0.5\n", f);
	fclose(f);
	struct ds_pred_row *r = NULL;
	size_t n;
	struct ll_err err;
	CHECK_INT(ds_predictions_read(p, 10, &r, &n, &err), LL_EDATA);
	CHECK(strstr(err.msg, ":1: not the header of a run's predictions") != NULL);
	f = fopen(p, "w");
	fclose(f);
	CHECK_INT(ds_predictions_read(p, 10, &r, &n, &err), LL_EDATA);
	CHECK(strstr(err.msg, "empty") != NULL);
	/* a run of 70 classes: a p_NAME column each between score and
	 * template (a fixed 64 fields cut the header before "template") */
	f = fopen(p, "w");
	fputs("sample\trow\tpart\ttrue\tpredicted\tscore", f);
	for (int c = 0; c < 70; c++)
		fprintf(f, "\tp_c%d", c);
	fputs("\treview\ttemplate\n1\t2\ttest\tc1\tc3\t0.5", f);
	for (int c = 0; c < 70; c++)
		fputs("\t0.01", f);
	fputs("\t0.75\t7\n", f);
	fclose(f);
	CHECK_INT(ds_predictions_read(p, 10, &r, &n, &err), LL_OK);
	CHECK_INT(n, 1);
	if (r && n == 1)
		CHECK(r[0].row == 1 && r[0].score == 0.5 && r[0].review == 0.75 && r[0].tmpl == 7 &&
		      strcmp(r[0].pred, "c3") == 0);
	free(r);
	r = NULL;
	unlink(p);
	CHECK_INT(ds_predictions_read(p, 10, &r, &n, &err), LL_EIO);
}

/* The review queue's label rule (ds_pred_label_suspect, the CLI's and the
 * TUI's): a line labelled ordinary now is a suspect, a root-cause one not;
 * when the recipe groups rows into samples (1 min buckets, windows), a
 * sample the run itself labelled root cause is none either, though the row
 * it is traced to is ordinary (a minute whose oom starts at second 30). */
static void test_label_rule(void)
{
	struct ll_recipe r;
	ll_recipe_default(&r);
	snprintf(r.ordinary[0], sizeof r.ordinary[0], "normal");
	r.n_ordinary = 1;
	/* rows are samples: the run's label is the row's when it trained */
	CHECK_INT(ds_pred_label_suspect(&r, "normal", "oom"), 1);
	CHECK_INT(ds_pred_label_suspect(&r, "normal", "normal"), 1);
	CHECK_INT(ds_pred_label_suspect(&r, "oom", "normal"), 0);
	CHECK_INT(ds_pred_label_suspect(&r, NULL, NULL), 0); /* unlabelled rows are skipped by default */
	/* down-sampled: the minute is oom by the run's rule */
	r.interval = 60;
	CHECK_INT(ds_pred_label_suspect(&r, "normal", "oom"), 0);
	CHECK_INT(ds_pred_label_suspect(&r, "normal", "normal"), 1);
	CHECK_INT(ds_pred_label_suspect(&r, "normal", ""), 1);
	CHECK_INT(ds_pred_label_suspect(&r, "normal", NULL), 1);
	CHECK_INT(ds_pred_label_suspect(&r, "oom", "normal"), 0);
	/* windows of rows, without down-sampling */
	r.interval = 0;
	r.window = LL_RWIN_ROWS;
	r.size = 10;
	CHECK_INT(ds_pred_label_suspect(&r, "normal", "oom"), 0);
	CHECK_INT(ds_pred_label_suspect(&r, "normal", "NORMAL"), 1); /* names as the recipe's: any case */
	/* a binary target's classes are "ordinary" and the root cause */
	r.target = LL_TARGET_BINARY;
	CHECK_INT(ds_pred_label_suspect(&r, "normal", "root cause"), 0);
	CHECK_INT(ds_pred_label_suspect(&r, "normal", "ordinary"), 1);
}

static void check_path(const char *spec, const char *want)
{
	char *p = ds_review_path(spec);
	CHECK(p != NULL);
	if (p && strcmp(p, want) != 0) {
		fprintf(stderr, "ds_review_path(\"%s\") = \"%s\", want \"%s\"\n", spec, p, want);
		CHECK(0);
	}
	free(p);
}

static void test_store_paths(void)
{
	char spec[256], want[256];
	/* a file or an existing folder: beside it */
	check_path("data/kern.log", "data/kern.log.review");
	check_path(dir, (snprintf(want, sizeof want, "%s.review", dir), want));
	/* a glob: in its literal folder, hidden, its characters kept readable */
	char *g = ds_review_path("fleet/node*/kern.log*");
	CHECK(g != NULL && strncmp(g, "fleet/.node__kern.log_-", 23) == 0);
	CHECK(g != NULL && strlen(g) == 23 + 8 + 7 && strcmp(g + 31, ".review") == 0);
	/* another glob of the same folder keeps apart */
	char *g2 = ds_review_path("fleet/node?/kern.log*");
	CHECK(g2 != NULL && g != NULL && strcmp(g, g2) != 0);
	free(g);
	free(g2);
	/* joined specs: the folder every spec starts with; none in common: "." */
	g = ds_review_path("logs/a/x*.log\nlogs/b/y.log");
	CHECK(g != NULL && strncmp(g, "logs/.a_x_.log_logs_b_y.log-", 28) == 0);
	free(g);
	g = ds_review_path("a/*.log\nb/*.log");
	CHECK(g != NULL && strncmp(g, ".a__.log_b__.log-", 17) == 0);
	free(g);
	/* a very long pattern gives a bounded name */
	memset(spec, 'x', sizeof spec - 1);
	spec[sizeof spec - 1] = '\0';
	spec[3] = '*';
	g = ds_review_path(spec);
	CHECK(g != NULL && strlen(g) < 200);
	free(g);
	/* the store of a glob takes appends and reloads them */
	snprintf(spec, sizeof spec, "%s/n*/k.log", dir);
	struct ds_review *s = NULL;
	struct ll_err err;
	size_t row = 3;
	uint32_t hash = 0xabcdef01u;
	CHECK_INT(ds_review_load(spec, &s, &err), LL_OK);
	CHECK_INT(ds_review_append(s, &row, &hash, 1, 0, "run1", NULL, &err), LL_OK);
	ds_review_free(s);
	CHECK_INT(ds_review_load(spec, &s, &err), LL_OK);
	CHECK(s != NULL && ds_review_decided(s, 3, 0xabcdef01u));
	if (s)
		unlink(s->path);
	ds_review_free(s);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/ll_test_review_XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	test_missing_and_append();
	test_handwritten();
	test_malformed();
	test_checksums();
	test_convert_v1();
	test_concurrent_appends();
	test_predictions();
	test_label_rule();
	test_store_paths();
	rmdir(dir);
	TEST_MAIN_END();
}
