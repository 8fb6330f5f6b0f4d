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
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "textcell.h"
#include "tui.h"
#include "view.h"

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
};

struct view_lines *view_lines_new(void)
{
	return calloc(1, sizeof(struct view_lines));
}

void view_lines_free(struct view_lines *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	free(l->rows);
	free(l);
}

void view_lines_clear(struct view_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	l->n = 0;
	l->rows_w = 0;
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

static void draw_wrapped(struct view_lines *l, struct tui *t, struct view_rect r)
{
	for (int y = 0; y < r.h; y++) {
		size_t k = l->top + (size_t)y;
		tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
		if (k >= l->nrows)
			continue;
		const struct row *rw = &l->rows[k];
		const struct line *ln = &l->v[rw->line];
		if (rw->col < r.w)
			tui_draw_text_marked(t, r.y + y, r.x + rw->col, r.w - rw->col, ln->text + rw->off, rw->len, 0,
					     (enum tui_role)ln->role, 0);
	}
}

void view_lines_draw(struct view_lines *l, struct tui *t, struct view_rect r)
{
	l->height = r.h;
	if (l->wrap)
		layout(l, r.w, tui_utf8(t));
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
		if (frozen)
			tui_draw_text(t, r.y + y, r.x, frozen, s, cut, 0, role, 0, NULL, 0);
		tui_draw_text_marked(t, r.y + y, r.x + frozen, r.w - frozen, s + cut, n - cut, l->hoff, role, 0);
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
	snprintf(buf, cap, " %s  lines %zu-%zu/%zu%s", title, n ? l->top + 1 : 0, last, n, from);
}
