/*
 * view_res_span.c - what one sample of a run stands for when the run's
 * recipe groups rows into samples (down-sampled buckets, row or time
 * windows, sessions): the hits view then shows the label the run trained
 * on for the sample (predictions.tsv's "true", as the recipe's label rule
 * computed it) and the time span the sample covers, not the label of the
 * one row the sample is traced back to (its first source row).
 *
 * The span is the recipe's: a bucket is [floor(t / interval) * interval,
 * + interval) on the clock since the epoch (ll_resample.c), a window of
 * size buckets is size intervals from its first; without down-sampling a
 * row window runs from its first row's time to its last's and a time
 * window lasts its length.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "ds_workspace.h"
#include "ll_recipe.h"
#include "view_res.h"

void view_res_span_init(struct view_res_span *sp, const struct view_res_run *r)
{
	memset(sp, 0, sizeof *sp);
	const cJSON *rj = cJSON_GetObjectItemCaseSensitive((const cJSON *)r->info.json, "recipe");
	struct ll_recipe rec;
	struct ll_err err;
	ll_err_clear(&err);
	if (!rj || ds_recipe_from_json(rj, "run.json: recipe", &rec, &err) != LL_OK)
		return;
	sp->grouped = rec.interval > 0 || rec.window != LL_RWIN_NONE;
	sp->session = rec.window == LL_RWIN_SESSION;
	if (rec.window == LL_RWIN_TIME) {
		sp->seconds = rec.length;
	} else if (rec.interval > 0) {
		sp->interval = rec.interval;
		sp->seconds = rec.interval * (double)(rec.window == LL_RWIN_ROWS ? rec.size : 1);
	} else if (rec.window == LL_RWIN_ROWS) {
		sp->rows = rec.size;
	}
}

static void clock_text(double t, int seconds, char *buf, size_t cap)
{
	time_t s = (time_t)floor(t);
	struct tm tm;
	if (!gmtime_r(&s, &tm) || !strftime(buf, cap, seconds ? "%H:%M:%S" : "%H:%M", &tm))
		snprintf(buf, cap, "?");
}

void view_res_span_text(const struct view_res_span *sp, struct ds_dataset *ds, size_t row, char *buf, size_t cap)
{
	double t0, t1;
	buf[0] = '\0';
	if (!sp->grouped || sp->session || !ds_dataset_row_time(ds, row, &t0))
		return;
	if (sp->interval > 0)
		t0 = floor(t0 / sp->interval) * sp->interval;
	if (sp->rows) {
		size_t last = row + sp->rows - 1;
		if (last >= ds_dataset_nrows(ds) || !ds_dataset_row_time(ds, last, &t1))
			return;
	} else {
		t1 = t0 + sp->seconds;
	}
	/* minutes are enough when both ends fall on one */
	int secs = fmod(t0, 60.0) != 0 || fmod(t1, 60.0) != 0;
	char a[16], b[16];
	clock_text(t0, secs, a, sizeof a);
	clock_text(t1, secs, b, sizeof b);
	snprintf(buf, cap, "%s-%s", a, b);
}
