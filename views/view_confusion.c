/*
 * view_confusion.c - a run's confusion matrix on its test predictions (the
 * part metrics.json reports curves for: test, else dev, else train) and the
 * scikit-learn style report beside it, or below when the screen is narrow.
 *
 * Rows are the true class, columns the predicted one (DESIGN.md). Each cell
 * shows its count and its share of the row; the share sets the cell's
 * intensity (dim, normal, bold, reverse from 0 to over a half), which reads
 * the same with NO_COLOR. Arrow keys move the selected cell (shown in
 * brackets); Enter opens its lines with their scores (view_hits), where a
 * class key relabels and Enter shows the line in the browser.
 *
 * The matrix is recomputed from predictions.tsv with ll_confusion_matrix,
 * so it is the matrix of the very samples the drill-down lists.
 */
#include "view_res.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ll_metrics.h"

#define CELL_W 14
#define NAME_W 14

struct confusion {
	struct view_res_ctx ctx;
	struct view_res_run *run;
	int part;
	size_t k;
	size_t *cm;
	struct ll_class_stats *cls;
	struct ll_report rep;
	int has_rep;
	char *report;
	size_t sel_r, sel_c, col0;
	int yoff, content_h, page; /* vertical scroll when it does not fit */
	int follow;                /* bring the selected row into view at the next draw */
	size_t *hits; /* samples of the selected cell for the hits view */
};

static int confusion_build(struct confusion *c, struct ll_err *err)
{
	const struct view_res_run *r = c->run;
	c->k = r->k;
	if (c->k == 0)
		return ll_err_set(err, LL_EDATA, "run %s has no classes", r->info.id);
	c->cm = calloc(c->k * c->k, sizeof *c->cm);
	c->cls = calloc(c->k, sizeof *c->cls);
	if (!c->cm || !c->cls)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->n; i++)
		if (r->part[i] == c->part && r->y[i] >= 0 && r->pred[i] >= 0)
			c->cm[(size_t)r->y[i] * c->k + (size_t)r->pred[i]]++;
	struct ll_err sub;
	ll_err_clear(&sub);
	if (ll_report_compute(c->cm, c->k, 0, c->cls, &c->rep, &sub) == LL_OK) {
		c->has_rep = 1;
		const char **names = malloc(c->k * sizeof *names);
		if (!names)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		for (size_t i = 0; i < c->k; i++)
			names[i] = r->shown[i];
		size_t need = ll_report_format(&c->rep, names, 4, NULL, 0);
		c->report = malloc(need + 1);
		if (c->report)
			ll_report_format(&c->rep, names, 4, c->report, need + 1);
		free(names);
		if (!c->report)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	/* Start on the largest off-diagonal cell: the errors are what one looks at. */
	size_t best = 0;
	for (size_t a = 0; a < c->k; a++)
		for (size_t b = 0; b < c->k; b++)
			if (a != b && c->cm[a * c->k + b] > best) {
				best = c->cm[a * c->k + b];
				c->sel_r = a;
				c->sel_c = b;
			}
	return LL_OK;
}

static void confusion_free(struct confusion *c)
{
	view_res_run_free(c->run);
	view_res_ctx_free(&c->ctx);
	free(c->cm);
	free(c->cls);
	free(c->report);
	free(c->hits);
	free(c);
}

static int confusion_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)t;
	const struct view_res_arg *a = arg;
	if (!a || a->nids < 1)
		return ll_err_set(err, LL_EUSAGE, "the confusion view needs a run");
	struct confusion *c = calloc(1, sizeof *c);
	if (!c)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = view_res_ctx_init(&c->ctx, a->ws, a->lab, err);
	if (rc == LL_OK)
		rc = view_res_run_load(a->ws, a->ids[0], &c->run, err);
	if (rc == LL_OK && c->run->kmeans)
		rc = ll_err_set(err, LL_EUSAGE, "run %s is k-means: :clusters %s shows it", c->run->info.id,
				c->run->info.id);
	if (rc == LL_OK) {
		c->part = c->run->curves_part;
		rc = confusion_build(c, err);
	}
	if (rc != LL_OK) {
		confusion_free(c);
		return rc;
	}
	v->state = c;
	return LL_OK;
}

static void confusion_close(struct view *v)
{
	confusion_free(v->state);
}

static const char *const part_names[] = {"train", "dev", "test"};

/* The attributes for a share: intensity that survives NO_COLOR. */
static attr_t share_attr(double share)
{
	if (share <= 0)
		return A_DIM;
	if (share < 0.1)
		return 0;
	if (share < 0.5)
		return A_BOLD;
	return A_BOLD | A_REVERSE;
}

/* Where the content is drawn: content row y (0 is the line under the
 * title) shows at screen row r.y + 1 + y - yoff, so a matrix and report
 * taller than the screen scroll (PgDn/PgUp) under a fixed title. */
struct canvas {
	struct tui *t;
	struct view_rect r;
	int yoff;
};

static void put(const struct canvas *cv, int y, int x, int w, const char *s, size_t n, enum tui_role role,
		attr_t extra)
{
	int sy = cv->r.y + 1 + y - cv->yoff;
	if (sy <= cv->r.y || sy >= cv->r.y + cv->r.h || x >= cv->r.x + cv->r.w || w <= 0)
		return;
	if (x + w > cv->r.x + cv->r.w)
		w = cv->r.x + cv->r.w - x;
	tui_draw_text(cv->t, sy, x, w, s, n, 0, role, extra, NULL, 0);
}

/* The report beside the matrix, each class on its matrix row: the header
 * on the header row, a class's line on the class's row (a class the part
 * neither has nor predicts, left out of the averages as sklearn does, gets
 * dashes), then the averages below the last row. Returns the content row
 * after them. */
static int draw_report_beside(struct confusion *c, const struct canvas *cv, int rx)
{
	const char *p = c->report;
	size_t l = strcspn(p, "\n");
	/* classification_report's header: the names' width, a blank, then
	 * four columns of ten. */
	int name_w = (int)l - 1 - 40;
	int w = cv->r.x + cv->r.w - rx;
	put(cv, 1, rx, w, p, l, TUI_ROLE_HEADER, 0);
	p += l + (p[l] == '\n');
	p += strcspn(p, "\n") + (*p != '\0'); /* the blank line */
	char line[1024];
	for (size_t a = 0; a < c->k; a++) {
		const char *text = line;
		size_t len;
		if (c->cls[a].counted) {
			len = strcspn(p, "\n");
			text = p;
			p += len + (p[len] == '\n');
		} else {
			len = (size_t)snprintf(line, sizeof line, "%*.*s %10s%10s%10s%10zu", name_w > 0 ? name_w : 1,
					       name_w > 0 ? name_w : 1, c->run->shown[a], "-", "-", "-", (size_t)0);
		}
		put(cv, 2 + (int)a, rx, w, text, len, TUI_ROLE_NORMAL, c->cls[a].counted ? 0 : A_DIM);
	}
	/* The blank line and the averages follow the class lines. */
	int y = 2 + (int)c->k;
	while (*p) {
		size_t len = strcspn(p, "\n");
		put(cv, y++, rx, w, p, len, TUI_ROLE_NORMAL, 0);
		p += len + (p[len] == '\n');
	}
	return y + 1;
}

static void confusion_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct confusion *c = v->state;
	char line[1024];
	for (int y = 0; y < r.h; y++)
		tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	size_t n = c->rep.n;
	snprintf(line, sizeof line, " %s  %s  %s part: %zu labelled samples  accuracy %.4f", c->run->info.id,
		 c->run->info.model ? c->run->info.model : "?", part_names[c->part], n, c->has_rep ? c->rep.accuracy : 0);
	tui_draw_text_marked(t, r.y, r.x, r.w, line, strlen(line), 0, TUI_ROLE_TITLE, 0);
	/* Columns that fit, scrolled to keep the selection visible. */
	int avail = r.w - NAME_W - 2;
	size_t vis = avail > CELL_W ? (size_t)(avail / CELL_W) : 1;
	if (c->sel_c < c->col0)
		c->col0 = c->sel_c;
	if (c->sel_c >= c->col0 + vis)
		c->col0 = c->sel_c - vis + 1;
	size_t cend = c->col0 + vis < c->k ? c->col0 + vis : c->k;
	/* The report: beside the matrix when there is room, else below it. */
	int mw = 1 + NAME_W + 1 + (int)(cend - c->col0) * CELL_W + 3;
	int rw = 0, rh = 0;
	for (const char *p = c->report ? c->report : ""; *p; rh++) {
		size_t l = strcspn(p, "\n");
		rw = (int)l > rw ? (int)l : rw;
		p += l + (p[l] == '\n');
	}
	int beside = c->report && mw + rw <= r.w;
	/* Content height, and the scroll that keeps a newly selected row in view. */
	c->content_h = 2 + (int)c->k + (c->report ? (beside ? 1 + rh - 2 - (int)c->k : 1 + rh) + 2 : 0);
	c->page = r.h > 1 ? r.h - 1 : 1;
	if (c->follow) {
		int sy = 2 + (int)c->sel_r;
		if (sy - 1 < c->yoff)
			c->yoff = sy - 1;
		if (sy >= c->yoff + c->page)
			c->yoff = sy - c->page + 1;
		c->follow = 0;
	}
	if (c->yoff > c->content_h - c->page)
		c->yoff = c->content_h - c->page;
	if (c->yoff < 0)
		c->yoff = 0;
	struct canvas cv = {t, r, c->yoff};
	snprintf(line, sizeof line, " %-*s", NAME_W, "true\\predicted");
	put(&cv, 1, r.x, r.w, line, strlen(line), TUI_ROLE_HEADER, 0);
	for (size_t b = c->col0; b < cend; b++) {
		int x = r.x + 1 + NAME_W + 1 + (int)(b - c->col0) * CELL_W;
		snprintf(line, sizeof line, "%*.*s", CELL_W - 1, CELL_W - 1, c->run->shown[b]);
		put(&cv, 1, x, CELL_W, line, strlen(line), TUI_ROLE_HEADER, 0);
	}
	for (size_t a = 0; a < c->k; a++) {
		int y = 2 + (int)a;
		size_t rowsum = 0;
		for (size_t b = 0; b < c->k; b++)
			rowsum += c->cm[a * c->k + b];
		snprintf(line, sizeof line, " %-*.*s", NAME_W, NAME_W, c->run->shown[a]);
		put(&cv, y, r.x, r.w, line, strlen(line), TUI_ROLE_HEADER, 0);
		for (size_t b = c->col0; b < cend; b++) {
			int x = r.x + 1 + NAME_W + 1 + (int)(b - c->col0) * CELL_W;
			size_t cnt = c->cm[a * c->k + b];
			double share = rowsum ? (double)cnt / (double)rowsum : 0;
			int sel = a == c->sel_r && b == c->sel_c;
			char num[32];
			snprintf(num, sizeof num, "%zu %5.1f%%", cnt, 100 * share);
			snprintf(line, sizeof line, "%c%*s%c", sel ? '[' : ' ', CELL_W - 3, num, sel ? ']' : ' ');
			enum tui_role role = a == b ? TUI_ROLE_LABEL_NORMAL : cnt ? TUI_ROLE_LABEL_A : TUI_ROLE_NORMAL;
			put(&cv, y, x, CELL_W, line, strlen(line), role, share_attr(share) | (sel ? A_UNDERLINE : 0));
		}
	}
	if (!c->report)
		return;
	int rx = r.x + mw, ry;
	if (!beside) {
		/* Below the matrix: the report as classification_report prints it. */
		rx = r.x + 1;
		ry = 2 + (int)c->k + 1;
		const char *p = c->report;
		for (int i = 0; *p; i++) {
			size_t l = strcspn(p, "\n");
			put(&cv, ry + i, rx, r.x + r.w - rx, p, l, i == 0 ? TUI_ROLE_HEADER : TUI_ROLE_NORMAL, 0);
			p += l + (p[l] == '\n');
		}
		ry += rh + 1;
	} else {
		ry = draw_report_beside(c, &cv, rx);
	}
	snprintf(line, sizeof line, "MCC %.4f   balanced accuracy %.4f", c->rep.mcc, c->rep.balanced_accuracy);
	put(&cv, ry, rx, r.x + r.w - rx, line, strlen(line), TUI_ROLE_NORMAL, 0);
}

/* The samples of a cell, highest score first (ties by row). */
static const struct view_res_run *sort_run;
static const double *sort_key;
static int by_score(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	double sa = sort_key[a], sb = sort_key[b];
	if (sa != sb)
		return sa < sb ? 1 : -1;
	return sort_run->row[a] < sort_run->row[b] ? -1 : sort_run->row[a] > sort_run->row[b];
}

void view_res_sort_by(const struct view_res_run *r, const double *key, size_t *samples, size_t n)
{
	sort_run = r;
	sort_key = key;
	qsort(samples, n, sizeof *samples, by_score);
	sort_run = NULL;
	sort_key = NULL;
}

void view_res_sort_by_score(const struct view_res_run *r, size_t *samples, size_t n)
{
	view_res_sort_by(r, r->score, samples, n);
}

static void drill(struct confusion *c, struct tui *t)
{
	const struct view_res_run *r = c->run;
	size_t n = c->cm[c->sel_r * c->k + c->sel_c];
	if (!n) {
		tui_message(t, "no lines: the cell is empty");
		return;
	}
	free(c->hits);
	c->hits = malloc(n * sizeof *c->hits);
	if (!c->hits) {
		tui_error(t, "out of memory");
		return;
	}
	size_t m = 0;
	for (size_t i = 0; i < r->n && m < n; i++)
		if (r->part[i] == c->part && r->y[i] == (int)c->sel_r && r->pred[i] == (int)c->sel_c)
			c->hits[m++] = i;
	view_res_sort_by_score(r, c->hits, m);
	char title[256];
	snprintf(title, sizeof title, "true %.60s, predicted %.60s", r->shown[c->sel_r], r->shown[c->sel_c]);
	struct view_hits_arg a = {&c->ctx, r, c->hits, m, title};
	tui_push_view(t, &view_hits_ops, &a);
}

static int confusion_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct confusion *c = v->state;
	size_t last = c->k - 1;
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
		c->sel_r = c->sel_r < last ? c->sel_r + 1 : last;
		break;
	case TUI_REQ_MOVE_UP:
		c->sel_r = c->sel_r ? c->sel_r - 1 : 0;
		break;
	case TUI_REQ_SCROLL_RIGHT:
		c->sel_c = c->sel_c < last ? c->sel_c + 1 : last;
		break;
	case TUI_REQ_SCROLL_LEFT:
		c->sel_c = c->sel_c ? c->sel_c - 1 : 0;
		break;
	case TUI_REQ_MOVE_FIRST_LINE:
		c->sel_r = 0;
		break;
	case TUI_REQ_MOVE_LAST_LINE:
		c->sel_r = last;
		break;
	case TUI_REQ_SCROLL_FIRST_COL:
		c->sel_c = 0;
		break;
	case TUI_REQ_SCROLL_LAST_COL:
		c->sel_c = last;
		break;
	case TUI_REQ_MOVE_PAGE_DOWN:
	case TUI_REQ_MOVE_HALF_PAGE_DOWN:
	case TUI_REQ_SCROLL_LINE_DOWN:
		c->yoff += req == TUI_REQ_MOVE_PAGE_DOWN ? c->page : req == TUI_REQ_SCROLL_LINE_DOWN ? 3 : c->page / 2 + 1;
		return 1;
	case TUI_REQ_MOVE_PAGE_UP:
	case TUI_REQ_MOVE_HALF_PAGE_UP:
	case TUI_REQ_SCROLL_LINE_UP:
		c->yoff -= req == TUI_REQ_MOVE_PAGE_UP ? c->page : req == TUI_REQ_SCROLL_LINE_UP ? 3 : c->page / 2 + 1;
		return 1;
	case TUI_REQ_ENTER:
		drill(c, t);
		break;
	case TUI_REQ_ROC:
		view_res_open(t, &view_roc_ops, c->ctx.ws, &(const char *){c->run->info.id}, 1, c->ctx.tui_lab);
		break;
	case TUI_REQ_REVIEW:
		view_res_open(t, &view_review_ops, c->ctx.ws, &(const char *){c->run->info.id}, 1, c->ctx.tui_lab);
		break;
	default:
		return 0;
	}
	c->follow = 1;
	return 1;
}

static void confusion_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct confusion *c = v->state;
	(void)t;
	snprintf(buf, cap, " true %s, predicted %s: %zu  (Enter: its lines%s, ? keys)",
		 c->run->shown[c->sel_r], c->run->shown[c->sel_c], c->cm[c->sel_r * c->k + c->sel_c],
		 c->content_h > c->page ? ", PgDn: more" : "");
}

static const struct view_key confusion_own[] = {
	{TUI_REQ_MOVE_DOWN, "Select the cell below (next true class)"},
	{TUI_REQ_MOVE_UP, "Select the cell above"},
	{TUI_REQ_SCROLL_RIGHT, "Select the cell to the right (next predicted class)"},
	{TUI_REQ_SCROLL_LEFT, "Select the cell to the left"},
	{TUI_REQ_MOVE_FIRST_LINE, "Select the first row"},
	{TUI_REQ_MOVE_LAST_LINE, "Select the last row"},
	{TUI_REQ_SCROLL_FIRST_COL, "Select the first column"},
	{TUI_REQ_SCROLL_LAST_COL, "Select the last column"},
	{TUI_REQ_MOVE_PAGE_DOWN, "Scroll down a page (when the report does not fit)"},
	{TUI_REQ_MOVE_PAGE_UP, "Scroll up a page"},
	{TUI_REQ_MOVE_HALF_PAGE_DOWN, "Scroll down half a page"},
	{TUI_REQ_MOVE_HALF_PAGE_UP, "Scroll up half a page"},
	{TUI_REQ_SCROLL_LINE_DOWN, "Scroll down three lines"},
	{TUI_REQ_SCROLL_LINE_UP, "Scroll up three lines"},
	{TUI_REQ_ENTER, "List the cell's lines, highest score first"},
	{TUI_REQ_ROC, "ROC and PR curves of the run, with a threshold cursor"},
	{TUI_REQ_REVIEW, NULL},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const confusion_keys[] = {confusion_own, NULL};

static size_t confusion_shown(const struct view *v, struct view_shown_runs *out)
{
	const struct confusion *c = v->state;
	*out = (struct view_shown_runs){.ws = c->ctx.ws, .ids = {c->run->info.id}, .nids = 1, .lab = c->ctx.tui_lab};
	return 1;
}

const struct view_ops view_confusion_ops = {
	.name = "confusion",
	.help = "Confusion matrix and report of a run; Enter drills into a cell's lines",
	.open = confusion_open,
	.close = confusion_close,
	.draw = confusion_draw,
	.request = confusion_request,
	.status = confusion_status,
	.keys = confusion_keys,
	.shown_runs = confusion_shown,
};
