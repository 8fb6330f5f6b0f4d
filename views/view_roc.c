/*
 * view_roc.c - ROC and precision-recall curves of one or several runs
 * overlaid (AUROC / average precision in the legend), with a threshold
 * cursor on the first run that updates its confusion matrix and report
 * live.
 *
 * Every run is reduced to the question the review asks: root cause (any
 * class the run's recipe does not call ordinary; ll_exp_rc_truth, as the
 * run's own metrics) against ordinary, scored
 * by the run's root-cause score, on the part its metrics report curves for
 * (test, else dev, else train). ll_curves sorts the scores once; moving the
 * cursor is then one O(1) lookup of the matrix at that rank
 * (ll_thresh_at_rank), and the report is recomputed from the 2 x 2 matrix.
 *
 * The cursor sits on a distinct score: rank r means the r highest distinct
 * scores are predicted root cause, i.e. threshold = the r-th highest score
 * (score >= threshold is positive, as sklearn). It starts at 0.5, where a
 * two-class model's own predictions are. Left/Right step one score,
 * PgUp/PgDn a tenth of them; the ROC cursor is drawn at the matrix's false
 * positive rate, the PR cursor at its recall.
 */
#include "view_res.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ll_curves.h"
#include "ll_experiment.h"
#include "ll_metrics.h"
#include "view_chart.h"

struct roc_run {
	struct view_res_run *run;
	struct ll_thresh *th;
	double *fpr, *tpr, *thr, *prec, *rec;
	size_t nroc, npr;
	double auroc, ap;
	int has_auroc, has_ap;
	char roc_name[192], pr_name[192];
	char why[256]; /* why there is no curve */
};

struct roc {
	struct view_res_ctx ctx;
	struct roc_run runs[VIEW_RES_MAX_RUNS];
	size_t nruns;
	size_t rank; /* of runs[0] */
	char report[2048];
};

static void roc_run_free(struct roc_run *rr)
{
	view_res_run_free(rr->run);
	ll_thresh_free(rr->th);
	free(rr->fpr);
	free(rr->tpr);
	free(rr->thr);
	free(rr->prec);
	free(rr->rec);
	memset(rr, 0, sizeof *rr);
}

static int roc_run_build(struct roc_run *rr, struct ll_err *err)
{
	const struct view_res_run *r = rr->run;
	if (r->kmeans) {
		snprintf(rr->why, sizeof rr->why, "%s is k-means: no scores to sweep", r->info.id);
		return LL_OK;
	}
	size_t n = 0;
	int *y = malloc((r->n ? r->n : 1) * sizeof *y);
	double *s = malloc((r->n ? r->n : 1) * sizeof *s);
	if (!y || !s) {
		free(y);
		free(s);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < r->n; i++)
		if (r->part[i] == r->curves_part && r->y[i] >= 0) {
			y[n] = ll_exp_rc_truth(r->ordinary, r->k, r->y[i]);
			s[n++] = r->score[i];
		}
	struct ll_err sub;
	ll_err_clear(&sub);
	int rc = n ? ll_thresh_new(y, 1, s, 1, n, &rr->th, &sub) : LL_EDATA;
	free(y);
	free(s);
	if (rc == LL_ENOMEM)
		return ll_err_set(err, rc, "out of memory");
	if (rc != LL_OK) {
		snprintf(rr->why, sizeof rr->why, "%.40s: %.200s", r->info.id, n ? sub.msg : "no labelled samples");
		return LL_OK;
	}
	size_t cap = ll_thresh_curve_cap(rr->th);
	rr->fpr = malloc(cap * sizeof(double));
	rr->tpr = malloc(cap * sizeof(double));
	rr->thr = malloc(cap * sizeof(double));
	rr->prec = malloc(cap * sizeof(double));
	rr->rec = malloc(cap * sizeof(double));
	if (!rr->fpr || !rr->tpr || !rr->thr || !rr->prec || !rr->rec)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	/* One class only: no ROC (sklearn raises too), but PR still draws. */
	if (ll_roc_curve(rr->th, 1, rr->fpr, rr->tpr, rr->thr, &rr->nroc, &sub) == LL_OK &&
	    ll_auroc(rr->th, &rr->auroc, &sub) == LL_OK)
		rr->has_auroc = 1;
	else
		snprintf(rr->why, sizeof rr->why, "%.40s: %.200s", r->info.id, sub.msg);
	if (ll_pr_curve(rr->th, rr->prec, rr->rec, NULL, &rr->npr, &sub) == LL_OK &&
	    ll_average_precision(rr->th, &rr->ap, &sub) == LL_OK)
		rr->has_ap = 1;
	return LL_OK;
}

static void roc_free(struct roc *o)
{
	for (size_t i = 0; i < o->nruns; i++)
		roc_run_free(&o->runs[i]);
	view_res_ctx_free(&o->ctx);
	free(o);
}

static void update_report(struct roc *o)
{
	const struct roc_run *rr = &o->runs[0];
	o->report[0] = '\0';
	if (!rr->th)
		return;
	struct ll_bincm cm;
	ll_thresh_at_rank(rr->th, o->rank, &cm);
	size_t m[4];
	ll_bincm_matrix(&cm, m);
	struct ll_class_stats cls[2];
	struct ll_report rep;
	struct ll_err sub;
	ll_err_clear(&sub);
	if (ll_report_compute(m, 2, 0, cls, &rep, &sub) != LL_OK)
		return;
	static const char *const names[] = {"ordinary", "root cause"};
	ll_report_format(&rep, names, 4, o->report, sizeof o->report);
}

static int roc_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)t;
	const struct view_res_arg *a = arg;
	if (!a || a->nids < 1)
		return ll_err_set(err, LL_EUSAGE, "the ROC view needs one or more runs");
	struct roc *o = calloc(1, sizeof *o);
	if (!o)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = view_res_ctx_init(&o->ctx, a->ws, a->lab, err);
	for (size_t i = 0; rc == LL_OK && i < a->nids && i < VIEW_RES_MAX_RUNS; i++) {
		rc = view_res_run_load(a->ws, a->ids[i], &o->runs[i].run, err);
		if (rc == LL_OK) {
			o->nruns++;
			rc = roc_run_build(&o->runs[i], err);
		}
	}
	if (rc == LL_OK && !o->runs[0].th)
		rc = ll_err_set(err, LL_EDATA, "no curve: %s", o->runs[0].why);
	if (rc != LL_OK) {
		roc_free(o);
		return rc;
	}
	/* Legends name runs by experiment when that tells them apart (ids are long). */
	int unique = 1;
	for (size_t i = 0; i < o->nruns; i++)
		for (size_t j = 0; j < i; j++) {
			const char *a1 = o->runs[i].run->info.experiment, *a2 = o->runs[j].run->info.experiment;
			if (!a1 || !a2 || !strcmp(a1, a2))
				unique = 0;
		}
	for (size_t i = 0; i < o->nruns; i++) {
		struct roc_run *rr = &o->runs[i];
		const char *nm = unique && rr->run->info.experiment ? rr->run->info.experiment : rr->run->info.id;
		snprintf(rr->roc_name, sizeof rr->roc_name, "%.128s AUROC %.4f", nm, rr->auroc);
		snprintf(rr->pr_name, sizeof rr->pr_name, "%.128s AP %.4f", nm, rr->ap);
	}
	o->rank = ll_thresh_rank(o->runs[0].th, 0.5);
	update_report(o);
	v->state = o;
	return LL_OK;
}

static void roc_close(struct view *v)
{
	roc_free(v->state);
}

/* The threshold at the cursor, as text. */
static void threshold_text(const struct roc *o, char *buf, size_t cap)
{
	const struct ll_thresh *th = o->runs[0].th;
	if (o->rank == 0)
		snprintf(buf, cap, "> %.6g (nothing predicted root cause)", th->m ? th->score[0] : 0);
	else
		snprintf(buf, cap, "%.6g", th->score[o->rank - 1]);
}

/* Draws s from row y down, broken at blanks into lines of at most w bytes
 * (so of at most w columns), above row end; the last line that fits ends in
 * the '>' mark when text is left. Returns the rows used. Why a run has no
 * curve names the run and the classes: longer than the 44 columns beside
 * the report, and a cut one read as another message ("all 900 rows are po"). */
static int draw_wrapped(struct tui *t, int y, int x, int w, int end, const char *s)
{
	int used = 0;
	size_t n = strlen(s);
	while (n && w > 1 && y + used < end) {
		size_t l = n;
		if (l > (size_t)w && y + used + 1 < end) {
			l = (size_t)w;
			while (l > 0 && s[l] != ' ')
				l--;
			if (l == 0) /* no blank: cut between characters */
				for (l = (size_t)w; l > 1 && ((unsigned char)s[l] & 0xC0) == 0x80; l--)
					;
		}
		tui_draw_text_marked(t, y + used, x, w, s, l, 0, TUI_ROLE_ERROR, 0);
		used++;
		s += l;
		n -= l;
		while (n && *s == ' ')
			s++, n--;
	}
	return used;
}

static void roc_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct roc *o = v->state;
	for (int y = 0; y < r.h; y++)
		tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	const struct roc_run *r0 = &o->runs[0];
	struct ll_bincm cm;
	ll_thresh_at_rank(r0->th, o->rank, &cm);
	char thr[96], line[512];
	threshold_text(o, thr, sizeof thr);
	/* Below the charts: the matrix at the cursor and its report (9 rows). */
	int bottom = r.h >= 22 ? 10 : 0;
	int ch = r.h - bottom;
	struct view_chart_series rs[VIEW_RES_MAX_RUNS], ps[VIEW_RES_MAX_RUNS];
	size_t nr = 0, np = 0;
	for (size_t i = 0; i < o->nruns; i++) {
		const struct roc_run *rr = &o->runs[i];
		if (rr->has_auroc)
			rs[nr++] = (struct view_chart_series){.name = rr->roc_name, .x = rr->fpr, .y = rr->tpr,
							      .n = rr->nroc, .role = TUI_ROLE_LABEL_A + (int)i};
		if (rr->has_ap)
			ps[np++] = (struct view_chart_series){.name = rr->pr_name, .x = rr->rec, .y = rr->prec,
							      .n = rr->npr, .role = TUI_ROLE_LABEL_A + (int)i};
	}
	struct view_chart c;
	view_chart_init(&c);
	c.x_min = c.y_min = 0;
	c.x_max = c.y_max = 1;
	int half = r.w >= 80 ? r.w / 2 : r.w;
	if (ch >= 5) {
		c.title = "ROC";
		c.x_label = "false positive rate";
		c.series = rs;
		c.nseries = nr;
		c.cursor_x = r0->th->nneg ? (double)cm.fp / (double)r0->th->nneg : NAN;
		view_chart_draw(t, (struct view_rect){r.y, r.x, ch, half}, &c);
		if (half < r.w) {
			c.title = "precision-recall";
			c.x_label = "recall";
			c.series = ps;
			c.nseries = np;
			c.cursor_x = r0->th->npos ? (double)cm.tp / (double)r0->th->npos : NAN;
			view_chart_draw(t, (struct view_rect){r.y, r.x + half, ch, r.w - half}, &c);
		}
	}
	if (!bottom)
		return;
	int y = r.y + ch;
	snprintf(line, sizeof line, " %s at threshold %s  (%zu of %zu scores)", r0->run->info.id, thr, o->rank,
		 r0->th->m);
	tui_draw_text_marked(t, y, r.x, r.w, line, strlen(line), 0, TUI_ROLE_TITLE, 0);
	/* The report beside the matrix needs 46 columns more than its
	 * widest line; on a narrower screen (80 columns) its f1-score and
	 * support were cut away, with no key to scroll to them (h and l move
	 * the threshold): there the matrix takes one line and the report
	 * goes below it. */
	size_t repw = 0;
	for (const char *q = o->report; *q;) {
		size_t l = strcspn(q, "\n");
		repw = l > repw ? l : repw;
		q += l + (q[l] == '\n');
	}
	int beside = r.w >= 46 + (int)repw;
	int wy, rx = r.x + 46, ry = y + 1;
	if (beside) {
		snprintf(line, sizeof line, " %-18s %12s %12s", "true\\predicted", "ordinary", "root cause");
		tui_draw_text(t, y + 2, r.x, r.w, line, strlen(line), 0, TUI_ROLE_HEADER, 0, NULL, 0);
		snprintf(line, sizeof line, " %-18s %12zu %12zu", "ordinary", cm.tn, cm.fp);
		tui_draw_text(t, y + 3, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL, 0, NULL, 0);
		snprintf(line, sizeof line, " %-18s %12zu %12zu", "root cause", cm.fn, cm.tp);
		tui_draw_text(t, y + 4, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL, 0, NULL, 0);
		wy = y + 6;
	} else {
		snprintf(line, sizeof line, " true ordinary: tn %zu fp %zu   true root cause: fn %zu tp %zu", cm.tn, cm.fp,
			 cm.fn, cm.tp);
		tui_draw_text(t, y + 1, r.x, r.w, line, strlen(line), 0, TUI_ROLE_NORMAL, 0, NULL, 0);
		rx = r.x;
		ry = y + 2;
		wy = r.y + r.h; /* after the report, below */
	}
	const char *p = o->report;
	int i = 0;
	for (; *p && rx < r.x + r.w && ry + i < r.y + r.h; i++) {
		size_t l = strcspn(p, "\n");
		tui_draw_text_marked(t, ry + i, rx, r.x + r.w - rx, p, l, 0, i == 0 ? TUI_ROLE_HEADER : TUI_ROLE_NORMAL,
				     0);
		p += l + (p[l] == '\n');
	}
	if (!beside)
		wy = ry + i + 1;
	for (size_t k = 0; k < o->nruns; k++)
		if (o->runs[k].why[0])
			wy += draw_wrapped(t, wy, r.x + 1, r.w > 46 ? 44 : r.w, r.y + r.h, o->runs[k].why);
}

static int roc_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct roc *o = v->state;
	size_t m = o->runs[0].th->m, big = m / 10 ? m / 10 : 1;
	(void)t;
	switch (req) {
	case TUI_REQ_THRESHOLD_LOWER:
		o->rank = o->rank < m ? o->rank + 1 : m;
		break;
	case TUI_REQ_THRESHOLD_RAISE:
		o->rank = o->rank ? o->rank - 1 : 0;
		break;
	case TUI_REQ_THRESHOLD_LOWER_MORE:
		o->rank = o->rank + big < m ? o->rank + big : m;
		break;
	case TUI_REQ_THRESHOLD_RAISE_MORE:
		o->rank = o->rank > big ? o->rank - big : 0;
		break;
	case TUI_REQ_MOVE_FIRST_LINE:
		o->rank = 0;
		break;
	case TUI_REQ_MOVE_LAST_LINE:
		o->rank = m;
		break;
	default:
		return 0;
	}
	update_report(o);
	return 1;
}

static void roc_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct roc *o = v->state;
	(void)t;
	struct ll_bincm cm;
	ll_thresh_at_rank(o->runs[0].th, o->rank, &cm);
	char thr[96];
	threshold_text(o, thr, sizeof thr);
	snprintf(buf, cap, " roc  threshold %s  tp %zu fp %zu fn %zu tn %zu  (Left/Right, PgUp/PgDn move it)", thr,
		 cm.tp, cm.fp, cm.fn, cm.tn);
}

static const struct view_key roc_own[] = {
	{TUI_REQ_THRESHOLD_LOWER, "Lower the threshold: one more line called root cause"},
	{TUI_REQ_THRESHOLD_RAISE, "Raise the threshold: one line fewer called root cause"},
	{TUI_REQ_THRESHOLD_LOWER_MORE, "Lower the threshold by a tenth of the scores"},
	{TUI_REQ_THRESHOLD_RAISE_MORE, "Raise the threshold by a tenth of the scores"},
	{TUI_REQ_MOVE_FIRST_LINE, "Threshold above every score: nothing called root cause"},
	{TUI_REQ_MOVE_LAST_LINE, "Threshold below every score: all called root cause"},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const roc_keys[] = {roc_own, NULL};

static size_t roc_shown(const struct view *v, struct view_shown_runs *out)
{
	const struct roc *o = v->state;
	*out = (struct view_shown_runs){.ws = o->ctx.ws, .lab = o->ctx.tui_lab};
	for (size_t i = 0; i < o->nruns && i < VIEW_SHOWN_RUNS_MAX; i++)
		out->ids[out->nids++] = o->runs[i].run->info.id;
	return out->nids;
}

const struct view_ops view_roc_ops = {
	.name = "roc",
	.help = "ROC and PR curves of runs; a threshold cursor updates the matrix and report",
	.open = roc_open,
	.close = roc_close,
	.draw = roc_draw,
	.request = roc_request,
	.status = roc_status,
	.keys = roc_keys,
	.shown_runs = roc_shown,
};
