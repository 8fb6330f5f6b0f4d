/*
 * view_lines.c - a scrollable list of text lines, the body of simple views
 * (fields, help): less-like motions, horizontal scroll, no cursor.
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
};

struct view_lines {
	struct line *v;
	size_t n, cap;
	size_t top;  /* first line shown */
	size_t hoff; /* display columns scrolled off to the left */
	size_t maxw; /* widest line seen at the last draw */
	int height;  /* rows at the last draw */
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
	free(l);
}

int view_lines_add(struct view_lines *l, const char *text, int role)
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
	l->n++;
	return LL_OK;
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

static size_t max_top(const struct view_lines *l)
{
	size_t h = l->height > 0 ? (size_t)l->height : 1;
	return l->n > h ? l->n - h : 0;
}

void view_lines_draw(struct view_lines *l, struct tui *t, struct view_rect r)
{
	l->height = r.h;
	if (l->top > max_top(l))
		l->top = max_top(l);
	size_t maxw = 0;
	for (int y = 0; y < r.h; y++) {
		size_t i = l->top + (size_t)y;
		if (i >= l->n) {
			tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
			continue;
		}
		size_t w = tui_draw_text_marked(t, r.y + y, r.x, r.w, l->v[i].text, strlen(l->v[i].text), l->hoff,
						(enum tui_role)l->v[i].role, 0);
		if (w > maxw)
			maxw = w;
	}
	l->maxw = maxw;
}

int view_lines_request(struct view_lines *l, struct tui *t, enum tui_request req)
{
	size_t h = l->height > 0 ? (size_t)l->height : 1;
	size_t half = h / 2 ? h / 2 : 1;
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
	case TUI_REQ_SCROLL_RIGHT:
		l->hoff += 8;
		break;
	case TUI_REQ_SCROLL_LEFT:
		l->hoff = l->hoff > 8 ? l->hoff - 8 : 0;
		break;
	case TUI_REQ_SCROLL_FIRST_COL:
		l->hoff = 0;
		break;
	case TUI_REQ_SCROLL_LAST_COL: {
		/* The draw's measure stops past TUI_DRAW_MEASURE_MAX bytes:
		 * measure such lines whole, so '$' reaches their end. */
		size_t widest = l->maxw;
		for (size_t i = l->top; i < l->n && i < l->top + h; i++) {
			size_t len = strlen(l->v[i].text);
			size_t w = len > TUI_DRAW_MEASURE_MAX ? tc_width(l->v[i].text, len, tui_utf8(t)) : 0;
			if (w > widest)
				widest = w;
		}
		l->hoff = widest > 8 ? widest - 8 : 0;
		break;
	}
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
	size_t last = l->top + h < l->n ? l->top + h : l->n;
	snprintf(buf, cap, " %s  lines %zu-%zu/%zu", title, l->n ? l->top + 1 : 0, last, l->n);
}
