/*
 * tests/datasets/test_anomaly.c - ds_anomaly_read: the newest eval-*
 * folder of a run with its scores, labels, threshold, figures and ranked
 * segments; a run without an evaluation names the command that makes
 * one; a damaged scores.tsv names its line; a segment past the series is
 * left out.
 */
#include "harness.h"
#include "ds_anomaly.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void put(const char *dir, const char *name, const char *text)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

int main(void)
{
	char run[] = "/tmp/test_anomaly_XXXXXX";
	CHECK(mkdtemp(run) != NULL);
	struct ds_anomaly a;
	struct ll_err err;
	CHECK_INT(ds_anomaly_read(run, &a, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "loglab eval") != NULL);
	char ev[4200], old[4200];
	snprintf(old, sizeof old, "%s/eval-old", run);
	snprintf(ev, sizeof ev, "%s/eval-test", run);
	mkdir(old, 0777);
	mkdir(ev, 0777);
	put(old, "metrics.json", "{\"steps\": 1}");
	put(old, "scores.tsv", "step\tlabel\traw\tscore\talarm\n0\t0\t1\t1\t0\n");
	sleep(1); /* the newest by modification time */
	put(ev, "metrics.json",
	    "{\"dataset\": \"/d/m.txt\", \"detector\": \"ae\", \"steps\": 4, \"threshold\": 6.9,"
	    " \"best_point_adjusted_f1\": 1, \"auroc\": 0.75, \"hitrate_150\": null,"
	    " \"segment_dims\": [{\"start\": 1, \"end\": 2, \"labelled_dims\": [2],"
	    "   \"ranked_dims\": [{\"dim\": 2, \"name\": \"m2\", \"contribution\": 9.5}, {\"dim\": 1, \"contribution\": 1}]},"
	    "  {\"start\": 3, \"end\": 9, \"labelled_dims\": []}]}");
	put(ev, "scores.tsv", "step\tlabel\traw\tscore\talarm\n0\t0\t0.1\t0.2\t0\n1\t1\t5\t9\t1\n2\t1\t4\t8\t1\n3\t0\t0.1\t0.3\t0\n");
	CHECK_INT(ds_anomaly_read(run, &a, &err), LL_OK);
	CHECK_INT(a.n, 4);
	CHECK_STR(a.detector, "ae");
	CHECK_STR(a.dataset, "/d/m.txt");
	CHECK(strstr(a.eval_dir, "eval-test") != NULL);
	CHECK_NEAR(a.threshold, 6.9, 1e-12);
	CHECK_NEAR(a.score[1], 9, 0);
	CHECK_INT(a.label[2], 1);
	CHECK_NEAR(a.auroc, 0.75, 0);
	CHECK(isnan(a.hitrate_150) && isnan(a.point_adjusted_f1));
	CHECK_INT(a.nsegs, 1); /* 3..9 runs past the 4 steps */
	if (a.nsegs) {
		CHECK_INT(a.segs[0].start, 1);
		CHECK_INT(a.segs[0].nlabelled, 1);
		CHECK_INT(a.segs[0].nranked, 2);
		CHECK_INT(a.segs[0].ranked[0], 2);
		CHECK_STR(a.segs[0].names[0], "m2");
		CHECK(a.segs[0].names[1] == NULL);
		CHECK_NEAR(a.segs[0].contribution[0], 9.5, 0);
	}
	ds_anomaly_free(&a);
	/* the eval folder itself */
	CHECK_INT(ds_anomaly_read(ev, &a, &err), LL_OK);
	ds_anomaly_free(&a);
	put(ev, "scores.tsv", "step\tlabel\traw\tscore\talarm\n0\t0\t0.1\t0.2\t0\n5\t1\t5\t9\t1\n");
	CHECK_INT(ds_anomaly_read(run, &a, &err), LL_EDATA);
	CHECK(strstr(err.msg, "scores.tsv:3") != NULL);
	put(ev, "scores.tsv", "step\tlabel\traw\tscore\talarm\n0\t0\t0.1\t0.2\t0\n");
	CHECK_INT(ds_anomaly_read(run, &a, &err), LL_EDATA);
	CHECK(strstr(err.msg, "1 rows, metrics.json says 4 steps") != NULL);
	char cmd[8300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", run);
	CHECK(system(cmd) == 0);
	TEST_MAIN_END();
}
