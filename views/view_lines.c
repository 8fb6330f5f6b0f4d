/*
 * view_lines.c - a scrollable list of text lines, the body of simple views
 * (fields, help, notes): less-like motions, no cursor; lines either scroll
 * sideways (fields: values keep their columns) or wrap at the width of the
 * area (help, notes: prose read whole).
 *
 * Scrolled sideways, a line's frozen start (view_lines_add_frozen) stays
 * while its rest moves: the rest's tabs then count from where it starts,
 * scrolled or not, so its text does not shift at the first step.
 *
 * Wrapped, a line becomes rows laid out anew whenever the width changes
 * (a resize), and the scroll position is a row: the row that was at the
 * top keeps the start of its text at the top after a resize.
 *
 * / searches the lines as the browser does (view_pattern.h: smart case),
 * n and N go to the next and previous line that matches, wrapping around
 * the ends; the line found comes to the top and the matches on screen are
 * highlighted. A help of 145 rows, a run comparison of 68: reading them
 * for one word was paging by eye.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "textcell.h"
#include "tui.h"
#include "view.h"
#include "view_pattern.h"

#define SEARCH_MAX 512
/* matches highlighted on one row at most (the rest are drawn plain) */
#define ROW_SPANS 32
#define NO_LINE ((size_t)-1)

struct line {
	char *text;
	int role;
	int hang; /* display column of the line's wrapped rows; -1: its indent + 2 */
	int frozen; /* display columns at its start that do not scroll sideways */
};

/* One screen row of a wrapped line: bytes off..off+len of the line's text,
 * drawn from column col. */
struct row {
	size_t line, off, len;
	int col;
};

struct view_lines {
	struct line *v;
	size_t n, cap;
	size_t top;  /* first line (wrapped: row) shown */
	size_t hoff; /* display columns scrolled off to the left */
	int width;   /* columns at the last draw */
	int height;  /* rows at the last draw */
	int wrap;    /* lines wrap at the width instead of scrolling sideways */
	/* the wrapped layout, for width rows_w (0: none yet, or stale) */
	struct row *rows;
	size_t nrows, rows_cap;
	int rows_w;
	/* the search: its pattern, the line of the last match found (NO_LINE:
	 * none), and a line to bring to the top once the rows are laid out */
	struct view_pattern re;
	int have_search;
	char search_pat[SEARCH_MAX];
	size_t hit, goto_line;
};

struct view_lines *view_lines_new(void)
{
	struct view_lines *l = calloc(1, sizeof(struct view_lines));
	if (l)
		l->hit = l->goto_line = NO_LINE;
	return l;
}

void view_lines_free(struct view_lines *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	free(l->rows);
	if (l->have_search)
		view_pattern_free(&l->re);
	free(l);
}

void view_lines_clear(struct view_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	l->n = 0;
	l->rows_w = 0;
	l->hit = l->goto_line = NO_LINE;
}

void view_lines_set_wrap(struct view_lines *l, int wrap)
{
	l->wrap = wrap != 0;
	l->rows_w = 0;
	l->top = 0;
	l->hoff = 0;
}

/* The byte where the glyph at display column cols or past it starts: the
 * end of a line's frozen part. */
static size_t frozen_end(const char *s, size_t n, int cols, int utf8)
{
	size_t pos = 0, col = 0;
	struct tc_glyph g;
	while (col < (size_t)cols) {
		size_t at = pos;
		if (!tc_next(s, n, &pos, col, utf8, &g))
			return n;
		if (col + (size_t)g.width > (size_t)cols)
			return at;
		col += (size_t)g.width;
	}
	return pos;
}

/* Line i's columns that stay on an area w wide: none when they would
 * leave nothing to scroll. */
static int frozen_cols(const struct view_lines *l, size_t i, int w)
{
	return l->v[i].frozen < w ? l->v[i].frozen : 0;
}

static int add_line(struct view_lines *l, const char *text, int role, int hang, int frozen)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct line *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return LL_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	char *copy = strdup(text);
	if (!copy)
		return LL_ENOMEM;
	l->v[l->n].text = copy;
	l->v[l->n].role = role;
	l->v[l->n].hang = hang;
	l->v[l->n].frozen = frozen > 0 ? frozen : 0;
	l->n++;
	l->rows_w = 0;
	return LL_OK;
}

int view_lines_add_hang(struct view_lines *l, const char *text, int role, int hang)
{
	return add_line(l, text, role, hang, 0);
}

int view_lines_add_frozen(struct view_lines *l, const char *text, int role, int frozen)
{
	return add_line(l, text, role, -1, frozen);
}

int view_lines_add(struct view_lines *l, const char *text, int role)
{
	return view_lines_add_hang(l, text, role, -1);
}

int view_lines_addf(struct view_lines *l, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[512];
	int need = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (need < 0)
		return LL_EUSAGE;
	if ((size_t)need < sizeof small)
		return view_lines_add(l, small, role);
	char *big = malloc((size_t)need + 1);
	if (!big)
		return LL_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)need + 1, fmt, ap);
	va_end(ap);
	int rc = view_lines_add(l, big, role);
	free(big);
	return rc;
}

size_t view_lines_count(const struct view_lines *l)
{
	return l->n;
}

/* What scrolls: rows when wrapped (laid out at the last draw), else lines. */
static size_t units(const struct view_lines *l)
{
	return l->wrap && l->rows_w ? l->nrows : l->n;
}

static size_t max_top(const struct view_lines *l)
{
	size_t h = l->height > 0 ? (size_t)l->height : 1;
	return units(l) > h ? units(l) - h : 0;
}

static int push_row(struct view_lines *l, size_t line, size_t off, size_t len, int col)
{
	if (l->nrows == l->rows_cap) {
		size_t cap = l->rows_cap ? 2 * l->rows_cap : 128;
		struct row *v = realloc(l->rows, cap * sizeof *v);
		if (!v)
			return LL_ENOMEM;
		l->rows = v;
		l->rows_cap = cap;
	}
	l->rows[l->nrows++] = (struct row){line, off, len, col};
	return LL_OK;
}

/* The column the wrapped rows of line i start at, on a width of w: its
 * hang when that leaves half the width to the text, else its own indent
 * plus two (so a row still reads as the line's continuation). */
static int hang_col(const struct line *ln, int w)
{
	int indent = 0;
	while (ln->text[indent] == ' ')
		indent++;
	int fallback = indent + 2;
	int hang = ln->hang >= 0 && ln->hang <= w / 2 ? ln->hang : fallback;
	return hang <= w / 2 ? hang : 0;
}

/* Lays line i out in rows of at most w display columns, broken after a
 * blank where one fits (the blanks at a break are dropped), a word wider
 * than a row cut where the row ends. */
static int wrap_line(struct view_lines *l, size_t i, int w, int utf8)
{
	const char *s = l->v[i].text;
	size_t n = strlen(s), start = 0;
	int col = 0, hang = hang_col(&l->v[i], w);
	do {
		/* x: columns used in this row (the draw lays the row's tabs
		 * out from its own start, and so does this) */
		size_t pos = start, brk = 0, end = start, x = 0, room = (size_t)(w - col);
		struct tc_glyph g;
		int overflow = 0;
		while (pos < n) {
			size_t at = pos;
			if (!tc_next(s, n, &pos, x, utf8, &g))
				break;
			if (x + (size_t)g.width > room) {
				overflow = 1;
				pos = at;
				/* the row is full where a word ends: break there */
				if (s[at] == ' ')
					brk = at;
				break;
			}
			x += (size_t)g.width;
			end = pos;
			/* a break before blanks that follow text of this row */
			if (s[at] == ' ' && at > start && s[at - 1] != ' ')
				brk = at;
		}
		if (!overflow) {
			end = n;
		} else if (brk > start) {
			end = brk;
		} else if (end == start) {
			/* not even one glyph fits (a wide character on a
			 * one-column area): take it, the draw cuts it */
			tc_next(s, n, &pos, x, utf8, &g);
			end = pos;
		}
		if (push_row(l, i, start, end - start, col) != LL_OK)
			return LL_ENOMEM;
		start = end;
		while (start < n && s[start] == ' ')
			start++;
		col = hang;
	} while (start < n);
	return LL_OK;
}

/* The wrapped layout for width w, kept while the width stays; the text at
 * the top row stays at the top. */
static void layout(struct view_lines *l, int w, int utf8)
{
	if (w < 1)
		w = 1;
	if (l->rows_w == w)
		return;
	size_t top_line = 0, top_off = 0;
	if (l->rows_w && l->top < l->nrows) {
		top_line = l->rows[l->top].line;
		top_off = l->rows[l->top].off;
	}
	l->nrows = 0;
	l->rows_w = w;
	for (size_t i = 0; i < l->n; i++)
		if (wrap_line(l, i, w, utf8) != LL_OK) {
			/* out of memory: draw unwrapped rather than lose lines */
			l->wrap = 0;
			l->rows_w = 0;
			l->top = top_line;
			return;
		}
	l->top = 0;
	for (size_t k = 0; k < l->nrows && l->rows[k].line <= top_line; k++)
		if (l->rows[k].line < top_line || l->rows[k].off <= top_off)
			l->top = k;
}

/* The matches of the search in s[from, from+len), as spans relative to
 * from, into sp (at most ROW_SPANS); their count. A match that begins
 * before from (a wrapped row's start) is cut to the row. */
static size_t row_spans(const struct view_lines *l, const char *s, size_t n, size_t from, size_t len,
			struct tui_span *sp)
{
	if (!l->have_search || !len)
		return 0;
	size_t k = 0, at = 0, so, eo, end = from + len;
	while (k < ROW_SPANS && at < n && view_pattern_find(&l->re, s, n, at, n, &so, &eo)) {
		if (so >= end)
			break;
		if (eo > from && eo > so) {
			size_t a = so > from ? so : from, b = eo < end ? eo : end;
			sp[k++] = (struct tui_span){a - from, b - a};
		}
		at = eo > so ? eo : so + 1;
	}
	return k;
}

static void draw_wrapped(struct view_lines *l, struct tui *t, struct view_rect r)
{
	struct tui_span sp[ROW_SPANS];
	for (int y = 0; y < r.h; y++) {
		size_t k = l->top + (size_t)y;
		tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
		if (k >= l->nrows)
			continue;
		const struct row *rw = &l->rows[k];
		const struct line *ln = &l->v[rw->line];
		size_t nsp = row_spans(l, ln->text, strlen(ln->text), rw->off, rw->len, sp);
		if (rw->col < r.w)
			tui_draw_text_marked_hl(t, r.y + y, r.x + rw->col, r.w - rw->col, ln->text + rw->off, rw->len,
						0, (enum tui_role)ln->role, 0, sp, nsp);
	}
}

/* Brings the line to find (goto_line) to the top: its first row when
 * wrapped (the rows laid out), else the line itself. */
static void apply_goto(struct view_lines *l)
{
	if (l->goto_line == NO_LINE || l->goto_line >= l->n)
		return;
	if (!l->wrap) {
		l->top = l->goto_line;
	} else if (l->rows_w) {
		size_t lo = 0, hi = l->nrows;
		while (lo < hi) { /* the first row of a line at or past it */
			size_t mid = lo + (hi - lo) / 2;
			if (l->rows[mid].line < l->goto_line)
				lo = mid + 1;
			else
				hi = mid;
		}
		l->top = lo;
	} else {
		return; /* laid out at the next draw, which brings it up */
	}
	l->goto_line = NO_LINE;
}

void view_lines_draw(struct view_lines *l, struct tui *t, struct view_rect r)
{
	l->height = r.h;
	if (l->wrap)
		layout(l, r.w, tui_utf8(t));
	apply_goto(l);
	if (l->top > max_top(l))
		l->top = max_top(l);
	if (l->wrap) {
		draw_wrapped(l, t, r);
		return;
	}
	l->width = r.w;
	for (int y = 0; y < r.h; y++) {
		size_t i = l->top + (size_t)y;
		if (i >= l->n) {
			tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
			continue;
		}
		const char *s = l->v[i].text;
		int frozen = frozen_cols(l, i, r.w);
		size_t n = strlen(s), cut = frozen ? frozen_end(s, n, frozen, tui_utf8(t)) : 0;
		enum tui_role role = (enum tui_role)l->v[i].role;
		struct tui_span sp[ROW_SPANS];
		size_t nsp;
		if (frozen) {
			nsp = row_spans(l, s, n, 0, cut, sp);
			tui_draw_text(t, r.y + y, r.x, frozen, s, cut, 0, role, 0, sp, nsp);
		}
		nsp = row_spans(l, s, n, cut, n - cut, sp);
		tui_draw_text_marked_hl(t, r.y + y, r.x + frozen, r.w - frozen, s + cut, n - cut, l->hoff, role, 0, sp,
					nsp);
	}
}

/* The scroll at which the end of the line on screen that reaches furthest
 * is at the right edge, with what leads to it on screen, as the browser's
 * '$'; 0 when every line fits. Lines are measured whole (the draw's
 * measure stops past TUI_DRAW_MEASURE_MAX bytes), so it reaches their end. */
static size_t furthest_scroll(const struct view_lines *l, int utf8)
{
	size_t h = l->height > 0 ? (size_t)l->height : 1, far = 0;
	int width = l->width > 0 ? l->width : 1;
	for (size_t i = l->top; i < l->n && i < l->top + h; i++) {
		const char *s = l->v[i].text;
		int frozen = frozen_cols(l, i, width);
		size_t n = strlen(s), cut = frozen ? frozen_end(s, n, frozen, utf8) : 0;
		size_t w = tc_width(s + cut, n - cut, utf8), room = (size_t)(width - frozen);
		if (w > room && w - room > far)
			far = w - room;
	}
	return far;
}

/* The line at the top of the screen. */
static size_t top_line(const struct view_lines *l)
{
	if (l->wrap && l->rows_w)
		return l->top < l->nrows ? l->rows[l->top].line : 0;
	return l->top;
}

/* 1 when line i is on screen (its first row, wrapped). */
static int line_shown(const struct view_lines *l, size_t i)
{
	size_t h = l->height > 0 ? (size_t)l->height : 1;
	if (l->wrap && l->rows_w) {
		for (size_t k = l->top; k < l->nrows && k < l->top + h; k++)
			if (l->rows[k].line == i)
				return 1;
		return 0;
	}
	return i >= l->top && i < l->top + h;
}

static int line_matches(const struct view_lines *l, size_t i)
{
	const char *s = l->v[i].text;
	size_t n = strlen(s);
	return view_pattern_find(&l->re, s, n, 0, n, NULL, NULL);
}

/* Finds the search's next line in direction dir (1 or -1) from line from
 * (itself included), wrapping around once, says so, and brings it up. */
static void search_from(struct view_lines *l, struct tui *t, size_t from, int dir)
{
	if (!l->n) {
		tui_error(t, "pattern not found: %s", l->search_pat);
		return;
	}
	size_t i = from % l->n;
	for (size_t step = 0; step < l->n; step++) {
		if (line_matches(l, i)) {
			int wrapped = dir > 0 ? i < from : i > from;
			l->hit = l->goto_line = i;
			apply_goto(l);
			if (l->top > max_top(l))
				l->top = max_top(l);
			if (wrapped)
				tui_message(t, dir > 0 ? "search hit BOTTOM, continuing at TOP"
						       : "search hit TOP, continuing at BOTTOM");
			return;
		}
		i = dir > 0 ? (i + 1 == l->n ? 0 : i + 1) : (i ? i - 1 : l->n - 1);
	}
	tui_error(t, "pattern not found: %s", l->search_pat);
}

/* n (dir 1) or N (-1): from the last match when it is on screen, else
 * from the top line (itself included going forward). */
static void search_again(struct view_lines *l, struct tui *t, int dir)
{
	if (!l->have_search) {
		tui_message(t, "no search yet (/ starts one)");
		return;
	}
	size_t from;
	if (l->hit != NO_LINE && l->hit < l->n && line_shown(l, l->hit))
		from = dir > 0 ? l->hit + 1 : (l->hit ? l->hit - 1 : (l->n ? l->n - 1 : 0));
	else
		from = dir > 0 ? top_line(l) : (top_line(l) ? top_line(l) - 1 : (l->n ? l->n - 1 : 0));
	search_from(l, t, from, dir);
}

int view_pattern_prompt(struct tui *t, struct view_pattern *out, char *pat, size_t cap)
{
	char msg[512];
	if (!tui_prompt(t, "/", pat, cap))
		return 0;
	if (!*pat)
		return 1;
	if (view_pattern_compile(out, pat, msg, sizeof msg) != 0) {
		tui_error(t, "%s", msg);
		return 0;
	}
	return 2;
}

static void prompt_search(struct view_lines *l, struct tui *t)
{
	char pat[SEARCH_MAX];
	struct view_pattern re;
	int got = view_pattern_prompt(t, &re, pat, sizeof pat);
	if (got == 1) /* an empty pattern repeats the last search */
		search_again(l, t, 1);
	if (got != 2)
		return;
	if (l->have_search)
		view_pattern_free(&l->re);
	l->re = re;
	l->have_search = 1;
	snprintf(l->search_pat, sizeof l->search_pat, "%s", pat);
	l->hit = NO_LINE;
	search_from(l, t, top_line(l), 1);
}

int view_lines_request(struct view_lines *l, struct tui *t, enum tui_request req)
{
	size_t h = l->height > 0 ? (size_t)l->height : 1;
	size_t half = h / 2 ? h / 2 : 1;
	/* wrapped, nothing lies past the right edge: the loop says so */
	if (l->wrap && (req == TUI_REQ_SCROLL_RIGHT || req == TUI_REQ_SCROLL_LEFT || req == TUI_REQ_SCROLL_FIRST_COL ||
			req == TUI_REQ_SCROLL_LAST_COL))
		return 0;
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
		l->top++;
		break;
	case TUI_REQ_MOVE_UP:
		l->top = l->top ? l->top - 1 : 0;
		break;
	case TUI_REQ_SCROLL_LINE_DOWN:
		l->top += 3;
		break;
	case TUI_REQ_SCROLL_LINE_UP:
		l->top = l->top > 3 ? l->top - 3 : 0;
		break;
	case TUI_REQ_MOVE_HALF_PAGE_DOWN:
		l->top += half;
		break;
	case TUI_REQ_MOVE_HALF_PAGE_UP:
		l->top = l->top > half ? l->top - half : 0;
		break;
	case TUI_REQ_MOVE_PAGE_DOWN:
		l->top += h;
		break;
	case TUI_REQ_MOVE_PAGE_UP:
		l->top = l->top > h ? l->top - h : 0;
		break;
	case TUI_REQ_MOVE_FIRST_LINE:
		l->top = 0;
		break;
	case TUI_REQ_MOVE_LAST_LINE:
		l->top = max_top(l);
		break;
	case TUI_REQ_SCROLL_RIGHT: {
		/* no further than '$': scrolled past every line's end, a
		 * screen of names over nothing said nothing was there */
		size_t far = furthest_scroll(l, tui_utf8(t));
		if (l->hoff < far)
			l->hoff = l->hoff + 8 < far ? l->hoff + 8 : far;
		else
			tui_message(t, "the lines on screen end here");
		break;
	}
	case TUI_REQ_SCROLL_LEFT:
		l->hoff = l->hoff > 8 ? l->hoff - 8 : 0;
		break;
	case TUI_REQ_SCROLL_FIRST_COL:
		l->hoff = 0;
		break;
	case TUI_REQ_SCROLL_LAST_COL:
		l->hoff = furthest_scroll(l, tui_utf8(t));
		break;
	case TUI_REQ_SEARCH:
		prompt_search(l, t);
		break;
	case TUI_REQ_FIND_NEXT:
		search_again(l, t, 1);
		break;
	case TUI_REQ_FIND_PREV:
		search_again(l, t, -1);
		break;
	default:
		return 0;
	}
	if (l->top > max_top(l))
		l->top = max_top(l);
	return 1;
}

void view_lines_status(const struct view_lines *l, const char *title, char *buf, size_t cap)
{
	size_t h = l->height > 0 ? (size_t)l->height : 1;
	size_t n = units(l);
	size_t last = l->top + h < n ? l->top + h : n;
	/* scrolled sideways, short lines look empty: say so, as the browser */
	char from[48] = "";
	if (l->hoff)
		snprintf(from, sizeof from, "  from column %zu", l->hoff + 1);
	/* the search n and N repeat */
	char find[SEARCH_MAX + 8] = "";
	if (l->have_search)
		snprintf(find, sizeof find, "  /%s", l->search_pat);
	snprintf(buf, cap, " %s  lines %zu-%zu/%zu%s%s", title, n ? l->top + 1 : 0, last, n, from, find);
}
