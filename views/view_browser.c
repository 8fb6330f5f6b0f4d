/*
 * view_browser.c - the first view: every row of a dataset, scrolled like
 * less.
 *
 * Log lines show as a label column (coloured by class) and the raw line;
 * tables show as aligned columns under a header, column widths taken from
 * the rows on screen, scrolled sideways a column at a time. Positions are
 * "display positions": with a filter on, position i is the i-th row that
 * passes the filter (rows[i]), else simply row i.
 *
 * Search and filter walk the rows in slices of a few ms (work()), so a
 * search over a 1 GiB log keeps the screen alive, shows its progress and
 * stops on Esc. The filter also keeps up with rows the background index
 * adds later. Regexes are POSIX extended, case-insensitive when the
 * pattern has no upper-case letter (smart case).
 */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "textcell.h"
#include "tui.h"
#include "view.h"

#define PATTERN_MAX 512
#define SLICE_MS 25.0
#define MAX_SPANS 64
#define COL_MAX_WIDTH 40
#define LABEL_MAX_WIDTH 16
#define CELL_CAP 4096

struct browser {
	struct ds_dataset *ds;
	size_t cur, top; /* display positions */
	size_t hoff;     /* log lines: columns scrolled off; tables: first column shown */
	size_t maxw;     /* widest line at the last draw */
	int height;      /* rows of data at the last draw */
	int width;

	/* filter: rows[0..nfilt) pass, rows below `scanned` have been tested */
	int filter_on, filter_invert;
	regex_t filter_re;
	char filter_pat[PATTERN_MAX];
	size_t *rows, nfilt, capfilt, scanned;
	int keep_pending; /* move the cursor to keep_row once it is known */
	size_t keep_row;

	/* search */
	int have_search, searching, search_dir, search_wrapped;
	regex_t search_re;
	char search_pat[PATTERN_MAX];
	size_t search_pos, search_done, search_total;

	/* label counts, recomputed when rows were added */
	size_t *counts, unlabelled, counts_rows;
	double counts_ms;

	char *buf; /* one row's text, grown to the longest row met */
	size_t cap;
	char cell[CELL_CAP];
	int *widths; /* per column, for tables, at the last draw */
};

static size_t nvis(const struct browser *b)
{
	return b->filter_on ? b->nfilt : ds_dataset_nrows(b->ds);
}

static size_t row_of(const struct browser *b, size_t pos)
{
	return b->filter_on ? b->rows[pos] : pos;
}

/* The row's text in b->buf (NUL-terminated); *len its length. */
static const char *row_text(struct browser *b, size_t row, size_t *len)
{
	size_t n = ds_dataset_row_text(b->ds, row, b->buf, b->cap);
	if (n >= b->cap) {
		char *bigger = realloc(b->buf, n + 1);
		if (bigger) {
			b->buf = bigger;
			b->cap = n + 1;
			n = ds_dataset_row_text(b->ds, row, b->buf, b->cap);
		} else {
			n = b->cap - 1; /* out of memory: show what fits */
		}
	}
	*len = n;
	return b->buf;
}

static int compile(regex_t *re, const char *pat, char *msg, size_t cap)
{
	int flags = REG_EXTENDED;
	int upper = 0;
	for (const char *p = pat; *p; p++)
		if (isupper((unsigned char)*p))
			upper = 1;
	if (!upper)
		flags |= REG_ICASE;
	int rc = regcomp(re, pat, flags);
	if (rc != 0) {
		char why[256];
		regerror(rc, re, why, sizeof why);
		snprintf(msg, cap, "bad regex '%s': %s", pat, why);
		regfree(re);
		return -1;
	}
	return 0;
}

static int matches(const regex_t *re, const char *s)
{
	return regexec(re, s, 0, NULL, 0) == 0;
}

/* Byte ranges of the search matches in s (NUL-terminated), at most max. */
static size_t find_spans(const struct browser *b, const char *s, size_t n, struct tui_span *sp, size_t max)
{
	if (!b->have_search)
		return 0;
	size_t k = 0, off = 0;
	regmatch_t m;
	while (k < max && off <= n && regexec(&b->search_re, s + off, 1, &m, off ? REG_NOTBOL : 0) == 0) {
		if (m.rm_so < 0)
			break;
		size_t so = off + (size_t)m.rm_so, eo = off + (size_t)m.rm_eo;
		if (eo > so) {
			sp[k].off = so;
			sp[k].len = eo - so;
			k++;
		}
		off = eo > so ? eo : so + 1;
	}
	return k;
}

/* ---- positions ---- */

static void clamp(struct browser *b)
{
	size_t n = nvis(b), h = b->height > 0 ? (size_t)b->height : 1;
	if (n == 0) {
		b->cur = b->top = 0;
		return;
	}
	if (b->cur >= n)
		b->cur = n - 1;
	if (b->top > b->cur)
		b->top = b->cur;
	if (b->cur >= b->top + h)
		b->top = b->cur - h + 1;
	/* Keep the last page full rather than scrolling into emptiness. */
	if (n > h && b->top > n - h)
		b->top = n - h;
	if (n <= h)
		b->top = 0;
}

/* Moves the cursor to display position pos, scrolling so it shows a third
 * of the way down when it was off screen (the context above helps). */
static void jump(struct browser *b, size_t pos)
{
	size_t h = b->height > 0 ? (size_t)b->height : 1;
	b->cur = pos;
	if (pos < b->top || pos >= b->top + h)
		b->top = pos > h / 3 ? pos - h / 3 : 0;
	clamp(b);
}

/* First display position whose row is >= row (nvis when none). */
static size_t position_of_row(const struct browser *b, size_t row)
{
	if (!b->filter_on)
		return row;
	size_t lo = 0, hi = b->nfilt;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->rows[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- filter ---- */

static void filter_clear(struct browser *b)
{
	if (!b->filter_on)
		return;
	size_t row = nvis(b) ? row_of(b, b->cur) : 0;
	regfree(&b->filter_re);
	b->filter_on = 0;
	b->nfilt = b->scanned = 0;
	b->keep_pending = 0;
	jump(b, row);
}

static void filter_set(struct browser *b, struct tui *t, const char *pat, int invert)
{
	regex_t re;
	char msg[512];
	if (!*pat) {
		int was = b->filter_on;
		filter_clear(b);
		tui_message(t, was ? "filter cleared" : "no filter");
		return;
	}
	if (compile(&re, pat, msg, sizeof msg) != 0) {
		tui_error(t, "%s", msg);
		return;
	}
	size_t row = nvis(b) ? row_of(b, b->cur) : 0;
	filter_clear(b);
	b->filter_re = re;
	b->filter_on = 1;
	b->filter_invert = invert;
	snprintf(b->filter_pat, sizeof b->filter_pat, "%s", pat);
	b->nfilt = b->scanned = 0;
	b->keep_pending = 1;
	b->keep_row = row;
	b->cur = b->top = 0;
}

/* One slice of filtering; 1 while rows remain to be tested. */
static int filter_work(struct browser *b, double deadline)
{
	size_t total = ds_dataset_nrows(b->ds);
	while (b->scanned < total) {
		size_t row = b->scanned;
		size_t len;
		const char *s = row_text(b, row, &len);
		if (matches(&b->filter_re, s) != b->filter_invert) {
			if (b->nfilt == b->capfilt) {
				size_t cap = b->capfilt ? 2 * b->capfilt : 1024;
				size_t *v = realloc(b->rows, cap * sizeof *v);
				if (!v)
					return 0; /* keep what we have; the status shows scanned < N */
				b->rows = v;
				b->capfilt = cap;
			}
			b->rows[b->nfilt++] = row;
			if (b->keep_pending && row >= b->keep_row) {
				b->keep_pending = 0;
				jump(b, b->nfilt - 1);
			}
		}
		b->scanned++;
		if ((b->scanned & 255) == 0 && tui_now_ms() > deadline)
			return b->scanned < total;
	}
	if (b->keep_pending && ds_dataset_complete(b->ds)) {
		b->keep_pending = 0;
		jump(b, b->nfilt ? b->nfilt - 1 : 0);
	}
	return 0;
}

/* ---- search ---- */

static void search_start(struct browser *b, struct tui *t, int dir)
{
	size_t n = nvis(b);
	if (!b->have_search) {
		tui_error(t, "no previous search (/ starts one)");
		return;
	}
	if (n == 0) {
		tui_error(t, "nothing to search");
		return;
	}
	b->searching = 1;
	b->search_dir = dir;
	b->search_wrapped = 0;
	b->search_done = 0;
	b->search_total = n;
	/* Start beside the cursor, like vi, wrapping at either end. */
	if (dir > 0 && b->cur + 1 < n) {
		b->search_pos = b->cur + 1;
	} else if (dir > 0) {
		b->search_pos = 0;
		b->search_wrapped = 1;
	} else if (b->cur > 0) {
		b->search_pos = b->cur - 1;
	} else {
		b->search_pos = n - 1;
		b->search_wrapped = 1;
	}
}

static int search_work(struct browser *b, struct tui *t, double deadline)
{
	size_t n = nvis(b);
	while (b->search_done < b->search_total && n > 0) {
		if (b->search_pos >= n) { /* rows vanished (filter changed): wrap */
			b->search_pos = b->search_dir > 0 ? 0 : n - 1;
			b->search_wrapped = 1;
		}
		size_t len;
		const char *s = row_text(b, row_of(b, b->search_pos), &len);
		if (matches(&b->search_re, s)) {
			b->searching = 0;
			jump(b, b->search_pos);
			if (b->search_wrapped)
				tui_message(t, b->search_dir > 0 ? "search hit BOTTOM, continuing at TOP"
								 : "search hit TOP, continuing at BOTTOM");
			else
				tui_message(t, "/%s", b->search_pat);
			return 0;
		}
		b->search_done++;
		if (b->search_dir > 0) {
			if (++b->search_pos >= n) {
				b->search_pos = 0;
				b->search_wrapped = 1;
			}
		} else if (b->search_pos == 0) {
			b->search_pos = n - 1;
			b->search_wrapped = 1;
		} else {
			b->search_pos--;
		}
		if ((b->search_done & 255) == 0 && tui_now_ms() > deadline)
			return 1;
	}
	b->searching = 0;
	tui_error(t, "pattern not found: %s", b->search_pat);
	return 0;
}

static int browser_work(struct view *v, struct tui *t)
{
	struct browser *b = v->state;
	double deadline = tui_now_ms() + SLICE_MS;
	int more = 0;
	if (b->filter_on)
		more = filter_work(b, deadline);
	if (!more && b->searching)
		more = search_work(b, t, deadline);
	return more || b->searching;
}

/* ---- drawing ---- */

static int label_width(struct browser *b)
{
	size_t n = ds_dataset_nclasses(b->ds), w = 0;
	for (size_t c = 0; c < n; c++) {
		const char *name = ds_dataset_class_name(b->ds, c);
		size_t k = tc_width(name, strlen(name), 1);
		if (k > w)
			w = k;
	}
	return (int)(w > LABEL_MAX_WIDTH ? LABEL_MAX_WIDTH : w);
}

/* Draws the label cell of row at (y, x), lw wide; returns columns used. */
static int draw_label(struct browser *b, struct tui *t, int y, int x, int w, int lw, size_t row, attr_t extra)
{
	if (lw == 0 || w <= 0)
		return 0;
	int cls = ds_dataset_label(b->ds, row);
	const char *name = cls == LL_NO_LABEL ? "" : ds_dataset_class_name(b->ds, (size_t)cls);
	int cw = lw < w ? lw : w;
	tui_draw_text(t, y, x, cw, name, strlen(name), 0, tui_label_role(name, cls), extra, NULL, 0);
	if (cw < w)
		tui_fill(t, y, x + cw, 1, TUI_ROLE_NORMAL, extra);
	return cw < w ? cw + 1 : cw;
}

static void draw_lines(struct browser *b, struct tui *t, struct view_rect r)
{
	int lw = label_width(b);
	size_t n = nvis(b), maxw = 0;
	struct tui_span spans[MAX_SPANS];
	for (int y = 0; y < r.h; y++) {
		size_t pos = b->top + (size_t)y;
		if (pos >= n) {
			tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
			continue;
		}
		size_t row = row_of(b, pos);
		attr_t extra = pos == b->cur ? A_REVERSE : 0;
		int used = draw_label(b, t, r.y + y, r.x, r.w, lw, row, extra);
		size_t len;
		const char *s = row_text(b, row, &len);
		size_t ns = find_spans(b, s, len, spans, MAX_SPANS);
		size_t w = tui_draw_text(t, r.y + y, r.x + used, r.w - used, s, len, b->hoff, TUI_ROLE_NORMAL, extra,
					 spans, ns);
		if (w > maxw)
			maxw = w;
	}
	b->maxw = maxw;
}

/* Width of column c over the rows on screen (and its name). */
static int column_width(struct browser *b, size_t c, int h)
{
	const char *name = ds_dataset_col_name(b->ds, c);
	size_t w = tc_width(name, strlen(name), 1);
	size_t n = nvis(b);
	for (int y = 0; y < h && b->top + (size_t)y < n; y++) {
		size_t len = ds_dataset_cell(b->ds, row_of(b, b->top + (size_t)y), c, b->cell, sizeof b->cell);
		if (len >= sizeof b->cell)
			len = sizeof b->cell - 1;
		size_t k = tc_width(b->cell, len, 1);
		if (k > w)
			w = k;
		if (w >= COL_MAX_WIDTH)
			break;
	}
	if (w > COL_MAX_WIDTH)
		w = COL_MAX_WIDTH;
	return w ? (int)w : 1;
}

static void draw_table(struct browser *b, struct tui *t, struct view_rect r)
{
	size_t ncols = ds_dataset_ncols(b->ds), n = nvis(b);
	int lw = label_width(b);
	int h = r.h - 1;
	if (b->hoff >= ncols)
		b->hoff = ncols ? ncols - 1 : 0;
	/* Header. */
	tui_fill(t, r.y, r.x, r.w, TUI_ROLE_HEADER, 0);
	int x = 0;
	if (lw) {
		int cw = lw < r.w ? lw : r.w;
		tui_draw_text(t, r.y, r.x, cw, "label", 5, 0, TUI_ROLE_HEADER, 0, NULL, 0);
		x = cw + 1;
	}
	int label_end = x;
	size_t c;
	for (c = b->hoff; c < ncols && x < r.w; c++) {
		b->widths[c] = column_width(b, c, h);
		const char *name = ds_dataset_col_name(b->ds, c);
		int cw = b->widths[c] < r.w - x ? b->widths[c] : r.w - x;
		size_t nw = tc_width(name, strlen(name), tui_utf8(t));
		int pad = ds_dataset_col_type(b->ds, c) == LL_COL_NUM && (int)nw < cw ? cw - (int)nw : 0;
		tui_draw_text(t, r.y, r.x + x + pad, cw - pad, name, strlen(name), 0, TUI_ROLE_HEADER, 0, NULL, 0);
		x += b->widths[c] + 2;
	}
	size_t last = c;
	struct tui_span spans[MAX_SPANS];
	for (int y = 0; y < h; y++) {
		int sy = r.y + 1 + y;
		size_t pos = b->top + (size_t)y;
		if (pos >= n) {
			tui_fill(t, sy, r.x, r.w, TUI_ROLE_NORMAL, 0);
			continue;
		}
		size_t row = row_of(b, pos);
		attr_t extra = pos == b->cur ? A_REVERSE : 0;
		tui_fill(t, sy, r.x, r.w, TUI_ROLE_NORMAL, extra);
		draw_label(b, t, sy, r.x, r.w, lw, row, extra);
		x = label_end;
		for (c = b->hoff; c < last && x < r.w; c++) {
			size_t len = ds_dataset_cell(b->ds, row, c, b->cell, sizeof b->cell);
			if (len >= sizeof b->cell)
				len = sizeof b->cell - 1;
			int cw = b->widths[c] < r.w - x ? b->widths[c] : r.w - x;
			int pad = 0;
			if (ds_dataset_col_type(b->ds, c) == LL_COL_NUM) {
				size_t vw = tc_width(b->cell, len, tui_utf8(t));
				pad = (int)vw < cw ? cw - (int)vw : 0;
			}
			size_t ns = find_spans(b, b->cell, len, spans, MAX_SPANS);
			tui_draw_text(t, sy, r.x + x + pad, cw - pad, b->cell, len, 0, TUI_ROLE_NORMAL, extra, spans, ns);
			x += b->widths[c] + 2;
		}
	}
}

static void browser_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct browser *b = v->state;
	int lines = ds_dataset_is_lines(b->ds);
	b->height = lines ? r.h : r.h - 1;
	b->width = r.w;
	if (b->height < 1)
		b->height = 1;
	clamp(b);
	if (lines)
		draw_lines(b, t, r);
	else
		draw_table(b, t, r);
}

/* ---- status ---- */

struct count_order {
	size_t cls, n;
};

static int by_count_desc(const void *pa, const void *pb)
{
	const struct count_order *a = pa, *b = pb;
	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return a->cls < b->cls ? -1 : a->cls > b->cls;
}

static void label_counts(struct browser *b, char *buf, size_t cap)
{
	size_t nc = ds_dataset_nclasses(b->ds), total = ds_dataset_nrows(b->ds);
	buf[0] = '\0';
	if (nc == 0)
		return;
	/* Counting is a pass over the rows: redo it when rows were added, at
	 * most once a second while the index still grows. */
	int complete = ds_dataset_complete(b->ds);
	if (!b->counts || total != b->counts_rows) {
		if (!b->counts || complete || tui_now_ms() - b->counts_ms > 1000.0) {
			size_t *c = realloc(b->counts, nc * sizeof *c);
			if (!c)
				return;
			b->counts = c;
			ds_dataset_label_counts(b->ds, b->counts, &b->unlabelled);
			b->counts_rows = total;
			b->counts_ms = tui_now_ms();
		}
	}
	struct count_order order[64];
	size_t k = nc < 64 ? nc : 64;
	for (size_t i = 0; i < k; i++) {
		order[i].cls = i;
		order[i].n = b->counts[i];
	}
	qsort(order, k, sizeof *order, by_count_desc);
	size_t used = 0;
	for (size_t i = 0; i < k && used + 1 < cap; i++) {
		int w = snprintf(buf + used, cap - used, "%s%s:%zu", i ? " " : "",
				 ds_dataset_class_name(b->ds, order[i].cls), order[i].n);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (b->unlabelled && used + 1 < cap)
		snprintf(buf + used, cap - used, " unlabelled:%zu", b->unlabelled);
}

static void browser_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct browser *b = v->state;
	(void)t;
	const char *path = ds_dataset_path(b->ds);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t total = ds_dataset_nrows(b->ds), n = nvis(b);
	char counting[64] = "", filt[128] = "", job[64] = "", counts[512], notes[32] = "";
	if (!ds_dataset_complete(b->ds))
		snprintf(counting, sizeof counting, " counting… %d%%", (int)(ds_dataset_progress(b->ds) * 100));
	if (b->filter_on) {
		if (b->scanned < total)
			snprintf(filt, sizeof filt, "  filtering… %d%%", (int)(100.0 * (double)b->scanned / (double)total));
		else
			snprintf(filt, sizeof filt, "  filtered: %zu of %zu", b->nfilt, total);
	}
	if (b->searching)
		snprintf(job, sizeof job, "  searching… %d%% (Esc stops)",
			 (int)(100.0 * (double)b->search_done / (double)(b->search_total ? b->search_total : 1)));
	size_t nn = ds_dataset_nnotes(b->ds);
	if (nn)
		snprintf(notes, sizeof notes, "  %zu note%s", nn, nn == 1 ? "" : "s");
	label_counts(b, counts, sizeof counts);
	const struct ds_reader *rd = ds_dataset_reader(b->ds);
	snprintf(buf, cap, " %s  line %zu/%zu%s%s%s  %s%s  %s", base, n ? row_of(b, b->cur) + 1 : 0, total, counting,
		 filt, job, rd ? rd->name : "", notes, counts);
}

/* ---- requests ---- */

static void prompt_search(struct browser *b, struct tui *t)
{
	char pat[PATTERN_MAX], msg[512];
	if (!tui_prompt(t, "/", pat, sizeof pat))
		return;
	if (!*pat) { /* an empty pattern repeats the last search */
		search_start(b, t, 1);
		return;
	}
	regex_t re;
	if (compile(&re, pat, msg, sizeof msg) != 0) {
		tui_error(t, "%s", msg);
		return;
	}
	if (b->have_search)
		regfree(&b->search_re);
	b->search_re = re;
	b->have_search = 1;
	snprintf(b->search_pat, sizeof b->search_pat, "%s", pat);
	search_start(b, t, 1);
}

static void prompt_filter(struct browser *b, struct tui *t, int invert)
{
	char pat[PATTERN_MAX];
	if (tui_prompt(t, invert ? "!" : "&", pat, sizeof pat))
		filter_set(b, t, pat, invert);
}

static int browser_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct browser *b = v->state;
	size_t h = b->height > 0 ? (size_t)b->height : 1, half = h / 2 ? h / 2 : 1;
	size_t n = nvis(b);
	size_t last = n ? n - 1 : 0;
	int lines = ds_dataset_is_lines(b->ds);
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
		if (b->cur < last)
			b->cur++;
		break;
	case TUI_REQ_MOVE_UP:
		if (b->cur > 0)
			b->cur--;
		break;
	case TUI_REQ_MOVE_HALF_PAGE_DOWN:
	case TUI_REQ_MOVE_PAGE_DOWN: {
		size_t step = req == TUI_REQ_MOVE_PAGE_DOWN ? h : half;
		b->cur = b->cur + step < last ? b->cur + step : last;
		b->top += step;
		break;
	}
	case TUI_REQ_MOVE_HALF_PAGE_UP:
	case TUI_REQ_MOVE_PAGE_UP: {
		size_t step = req == TUI_REQ_MOVE_PAGE_UP ? h : half;
		b->cur = b->cur > step ? b->cur - step : 0;
		b->top = b->top > step ? b->top - step : 0;
		break;
	}
	case TUI_REQ_MOVE_FIRST_LINE:
		b->cur = b->top = 0;
		break;
	case TUI_REQ_MOVE_LAST_LINE:
		b->cur = last;
		break;
	case TUI_REQ_SCROLL_LINE_DOWN:
		if (n > h) {
			size_t maxtop = n - h;
			b->top = b->top + 3 < maxtop ? b->top + 3 : maxtop;
			if (b->cur < b->top)
				b->cur = b->top;
		}
		break;
	case TUI_REQ_SCROLL_LINE_UP:
		b->top = b->top > 3 ? b->top - 3 : 0;
		if (b->cur >= b->top + h)
			b->cur = b->top + h - 1;
		break;
	case TUI_REQ_MOUSE_SELECT: {
		int y, x;
		tui_mouse_pos(t, &y, &x);
		int first = v->rect.y + (lines ? 0 : 1);
		if (y >= first && y < v->rect.y + v->rect.h && b->top + (size_t)(y - first) < n)
			b->cur = b->top + (size_t)(y - first);
		break;
	}
	case TUI_REQ_SCROLL_LEFT:
		if (lines) {
			size_t step = b->width > 16 ? (size_t)b->width / 2 : 8;
			b->hoff = b->hoff > step ? b->hoff - step : 0;
		} else if (b->hoff > 0) {
			b->hoff--;
		}
		break;
	case TUI_REQ_SCROLL_RIGHT:
		if (lines)
			b->hoff += b->width > 16 ? (size_t)b->width / 2 : 8;
		else if (b->hoff + 1 < ds_dataset_ncols(b->ds))
			b->hoff++;
		break;
	case TUI_REQ_SCROLL_FIRST_COL:
		b->hoff = 0;
		break;
	case TUI_REQ_SCROLL_LAST_COL:
		if (lines) {
			size_t text_w = (size_t)b->width > (size_t)label_width(b) + 1
						? (size_t)b->width - (size_t)label_width(b) - 1 : 1;
			b->hoff = b->maxw > text_w ? b->maxw - text_w : 0;
		} else {
			/* As many trailing columns as fit. */
			size_t ncols = ds_dataset_ncols(b->ds), c = ncols;
			int room = b->width - (label_width(b) ? label_width(b) + 1 : 0);
			while (c > 0) {
				int cw = column_width(b, c - 1, b->height) + 2;
				if (cw > room && c < ncols)
					break;
				room -= cw;
				c--;
			}
			b->hoff = c;
		}
		break;
	case TUI_REQ_SEARCH:
		prompt_search(b, t);
		break;
	case TUI_REQ_FIND_NEXT:
		search_start(b, t, 1);
		break;
	case TUI_REQ_FIND_PREV:
		search_start(b, t, -1);
		break;
	case TUI_REQ_FILTER_IN:
	case TUI_REQ_FILTER_OUT:
		prompt_filter(b, t, req == TUI_REQ_FILTER_OUT);
		break;
	case TUI_REQ_ENTER:
		if (n) {
			size_t row = row_of(b, b->cur);
			tui_push_view(t, &view_fields_ops, &row);
		}
		break;
	case TUI_REQ_CANCEL:
		if (b->searching) {
			b->searching = 0;
			tui_message(t, "search cancelled");
		} else if (b->filter_on && b->scanned < ds_dataset_nrows(b->ds)) {
			filter_clear(b);
			tui_message(t, "filter cancelled");
		} else {
			return 0;
		}
		break;
	default:
		return 0;
	}
	clamp(b);
	return 1;
}

static int browser_command(struct view *v, struct tui *t, const char *cmd)
{
	struct browser *b = v->state;
	char *end;
	unsigned long long line = strtoull(cmd, &end, 10);
	if (end == cmd || *end || !isdigit((unsigned char)cmd[0]))
		return 0;
	size_t total = ds_dataset_nrows(b->ds);
	if (line == 0 || total == 0) {
		line = 1;
	} else if (line > total) {
		tui_error(t, "line %llu is past the end (%zu lines%s)", line, total,
			  ds_dataset_complete(b->ds) ? "" : " so far");
		line = total;
	}
	size_t pos = position_of_row(b, (size_t)line - 1);
	if (pos >= nvis(b)) {
		pos = nvis(b) ? nvis(b) - 1 : 0;
		if (b->filter_on)
			tui_message(t, "line %llu is filtered out; showing the last line before it", line);
	} else if (b->filter_on && row_of(b, pos) != (size_t)line - 1) {
		tui_message(t, "line %llu is filtered out; showing the next line shown", line);
	}
	jump(b, pos);
	return 1;
}

/* ---- life cycle ---- */

static int browser_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)arg;
	struct browser *b = calloc(1, sizeof *b);
	if (!b)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	b->ds = tui_dataset(t);
	b->cap = 4096;
	b->buf = malloc(b->cap);
	size_t ncols = ds_dataset_ncols(b->ds);
	b->widths = calloc(ncols ? ncols : 1, sizeof *b->widths);
	if (!b->buf || !b->widths) {
		free(b->buf);
		free(b->widths);
		free(b);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	b->height = 1;
	v->state = b;
	return LL_OK;
}

static void browser_close(struct view *v)
{
	struct browser *b = v->state;
	if (b->filter_on)
		regfree(&b->filter_re);
	if (b->have_search)
		regfree(&b->search_re);
	free(b->rows);
	free(b->counts);
	free(b->buf);
	free(b->widths);
	free(b);
}

const struct view_ops view_browser_ops = {
	.name = "browser",
	.help = "Every row of the dataset",
	.open = browser_open,
	.close = browser_close,
	.draw = browser_draw,
	.request = browser_request,
	.status = browser_status,
	.work = browser_work,
	.command = browser_command,
};
