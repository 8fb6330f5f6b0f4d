/*
 * view_anomaly.c - a detector run's evaluation: the anomaly score over
 * time as a braille chart with the alarm threshold and the labelled
 * segments (a bar along the top), and below it, for the selected segment,
 * the metrics ranked by their contribution beside the labelled root-cause
 * metrics (which metric the detector blames, and whether the labels
 * agree). j/k select the segment (the chart's cursor marks its start).
 * Opened with Enter on a detector's run in the runs view; reads the newest
 * evaluation through ds_anomaly.h.
 */
#include "view_res.h"

#include "ds_anomaly.h"
#include "view_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct anomaly {
	char id[DS_RUN_ID_MAX];
	struct ds_anomaly a;
	double *top;     /* n: the segment bar (NaN outside labelled steps) */
	double thr[2], thr_x[2];
	double ymax;     /* the chart's top: the scores are clipped there */
	size_t cur;      /* selected segment */
};

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

static int anomaly_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)t;
	const struct view_res_arg *ra = arg;
	if (!ra || ra->nids != 1)
		return ll_err_set(err, LL_EUSAGE, "the anomaly view needs one run");
	struct anomaly *s = calloc(1, sizeof *s);
	if (!s)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	snprintf(s->id, sizeof s->id, "%s", ra->ids[0]);
	char *dir = ds_run_dir(ra->ws, ra->ids[0]);
	int rc = dir ? ds_anomaly_read(dir, &s->a, err) : ll_err_set(err, LL_ENOMEM, "out of memory");
	free(dir);
	double *sorted = NULL;
	if (rc == LL_OK && (!(s->top = malloc(s->a.n * sizeof *s->top)) || !(sorted = malloc(s->a.n * sizeof *sorted))))
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc) {
		ds_anomaly_free(&s->a);
		free(s->top);
		free(s);
		return rc;
	}
	/* the top: twice the threshold, or the 99th percentile of the scores
	 * when higher, so a few huge surprises do not flatten the rest */
	size_t k = 0;
	for (size_t i = 0; i < s->a.n; i++)
		if (isfinite(s->a.score[i]))
			sorted[k++] = s->a.score[i];
	qsort(sorted, k, sizeof *sorted, cmp_double);
	double q99 = k ? sorted[(size_t)(0.99 * (double)(k - 1))] : s->a.threshold;
	free(sorted);
	s->ymax = fmax(2 * s->a.threshold, q99);
	if (!(s->ymax > 0))
		s->ymax = 1;
	for (size_t i = 0; i < s->a.n; i++)
		s->top[i] = s->a.label[i] == 1 ? s->ymax : NAN;
	s->thr[0] = s->thr[1] = s->a.threshold;
	s->thr_x[0] = 0;
	s->thr_x[1] = s->a.n > 1 ? (double)(s->a.n - 1) : 1;
	v->state = s;
	return LL_OK;
}

static void anomaly_close(struct view *v)
{
	struct anomaly *s = v->state;
	if (!s)
		return;
	ds_anomaly_free(&s->a);
	free(s->top);
	free(s);
}

static int labelled(const struct ds_anomaly_segment *g, int dim)
{
	for (size_t i = 0; i < g->nlabelled; i++)
		if (g->labelled[i] == dim)
			return 1;
	return 0;
}

static void fmt_fig(char *buf, size_t cap, const char *name, double v)
{
	if (isfinite(v))
		snprintf(buf, cap, "%s %.3f", name, v);
	else
		snprintf(buf, cap, "%s -", name);
}

static void anomaly_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct anomaly *s = v->state;
	const struct ds_anomaly *a = &s->a;
	char line[512], f1[48], f2[48], f3[48];
	fmt_fig(f1, sizeof f1, "best PA-F1", a->best_point_adjusted_f1);
	fmt_fig(f2, sizeof f2, "AUROC", a->auroc);
	fmt_fig(f3, sizeof f3, "HitRate@150%", a->hitrate_150);
	const char *ds = strrchr(a->dataset, '/') ? strrchr(a->dataset, '/') + 1 : a->dataset;
	int n = snprintf(line, sizeof line, " run %s (%s) on %s: %s, %s, %s", s->id, a->detector, ds, f1, f2, f3);
	tui_draw_text(t, r.y, r.x, r.w, line, (size_t)(n > 0 ? n : 0), 0, TUI_ROLE_TITLE, 0, NULL, 0);
	int below = a->nsegs ? (r.h - 1) / 2 : 0;
	if (below > DS_ANOMALY_TOP + 2)
		below = DS_ANOMALY_TOP + 2;
	int ch_h = r.h - 1 - below;
	/* the score clipped at the top, so the chart's range is fixed */
	struct view_chart_series ser[3] = {
		{.name = "score (nats)", .y = a->score, .n = a->n, .role = TUI_ROLE_LABEL_A},
		{.name = "threshold", .x = s->thr_x, .y = s->thr, .n = 2, .role = TUI_ROLE_LABEL_B},
		{.name = "labelled", .y = s->top, .n = a->n, .role = TUI_ROLE_LABEL_C},
	};
	struct view_chart c;
	view_chart_init(&c);
	c.title = "anomaly score by step";
	c.x_label = "step";
	c.series = ser;
	c.nseries = 3;
	c.y_min = 0;
	c.y_max = s->ymax;
	c.x_min = 0;
	c.x_max = a->n > 1 ? (double)(a->n - 1) : 1;
	if (a->nsegs)
		c.cursor_x = (double)a->segs[s->cur].start;
	view_chart_draw(t, (struct view_rect){r.y + 1, r.x, ch_h, r.w}, &c);
	if (!below)
		return;
	const struct ds_anomaly_segment *g = &a->segs[s->cur];
	int y = r.y + 1 + ch_h;
	size_t lp = 0;
	char lab[160] = "";
	for (size_t i = 0; i < g->nlabelled && lp + 8 < sizeof lab; i++)
		lp += (size_t)snprintf(lab + lp, sizeof lab - lp, "%s%d", i ? "," : "", g->labelled[i]);
	n = snprintf(line, sizeof line, " segment %zu/%zu: steps %zu-%zu (%zu)  labelled dims: %s", s->cur + 1, a->nsegs,
		     g->start, g->end, g->end - g->start + 1, g->nlabelled ? lab : "none");
	tui_draw_text(t, y++, r.x, r.w, line, (size_t)(n > 0 ? n : 0), 0, TUI_ROLE_HEADER, 0, NULL, 0);
	size_t hits = 0, top = g->nlabelled < g->nranked ? g->nlabelled : g->nranked;
	for (size_t i = 0; i < top; i++)
		hits += labelled(g, g->ranked[i]);
	for (size_t i = 0; i < g->nranked && y < r.y + r.h - 1; i++) {
		n = snprintf(line, sizeof line, " %2zu. dim %-4d %-16.16s contribution %10.4g  %s", i + 1, g->ranked[i],
			     g->names[i] ? g->names[i] : "", g->contribution[i],
			     labelled(g, g->ranked[i]) ? "<- labelled root cause" : "");
		tui_draw_text(t, y++, r.x, r.w, line, (size_t)(n > 0 ? n : 0), 0,
			      labelled(g, g->ranked[i]) ? TUI_ROLE_LABEL_A : TUI_ROLE_NORMAL, 0, NULL, 0);
	}
	if (y < r.y + r.h) {
		n = g->nlabelled ? snprintf(line, sizeof line, " top %zu by contribution: %zu of the %zu labelled", top,
					    hits, g->nlabelled)
				 : snprintf(line, sizeof line, " no labelled dimensions for this segment");
		tui_draw_text(t, y, r.x, r.w, line, (size_t)(n > 0 ? n : 0), 0, TUI_ROLE_NORMAL, 0, NULL, 0);
	}
}

static int anomaly_request(struct view *v, struct tui *t, enum tui_request req)
{
	(void)t;
	struct anomaly *s = v->state;
	size_t last = s->a.nsegs ? s->a.nsegs - 1 : 0;
	switch (req) {
	case TUI_REQ_MOVE_DOWN: s->cur = s->cur < last ? s->cur + 1 : last; return 1;
	case TUI_REQ_MOVE_UP: s->cur = s->cur ? s->cur - 1 : 0; return 1;
	case TUI_REQ_MOVE_FIRST_LINE: s->cur = 0; return 1;
	case TUI_REQ_MOVE_LAST_LINE: s->cur = last; return 1;
	default: return 0;
	}
}

static void anomaly_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	(void)t;
	struct anomaly *s = v->state;
	snprintf(buf, cap, " run %s (%s)  %zu steps, threshold %.3f nats, %zu segments  j/k segment", s->id,
		 s->a.detector ? s->a.detector : "?", s->a.n,
		 s->a.threshold, s->a.nsegs);
}

static const struct view_key anomaly_keys_seg[] = {
	{TUI_REQ_MOVE_DOWN, "Select the next labelled segment"},
	{TUI_REQ_MOVE_UP, "Select the previous labelled segment"},
	{TUI_REQ_MOVE_FIRST_LINE, "Select the first segment"},
	{TUI_REQ_MOVE_LAST_LINE, "Select the last segment"},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const anomaly_keys[] = {anomaly_keys_seg, NULL};

const struct view_ops view_anomaly_ops = {
	.name = "anomaly",
	.help = "A detector's anomaly score over time, threshold, labelled segments and the metrics it blames",
	.open = anomaly_open,
	.close = anomaly_close,
	.draw = anomaly_draw,
	.request = anomaly_request,
	.status = anomaly_status,
	.keys = anomaly_keys,
};
