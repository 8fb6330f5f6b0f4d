/*
 * view_table.c - columns that scroll sideways under fixed leading columns
 * (see view_table.h).
 */
#include "view_table.h"

#include <string.h>

#include "textcell.h"

#define GAP 2 /* blanks between columns */
#define MAX_COLS 32

const struct view_key view_keys_table[] = {
	{TUI_REQ_SCROLL_RIGHT, "Show the next column (the first one stays)"},
	{TUI_REQ_SCROLL_LEFT, "Show the previous column"},
	{TUI_REQ_SCROLL_FIRST_COL, "Back to the first columns"},
	{TUI_REQ_SCROLL_LAST_COL, "Show the last columns"},
	{TUI_REQ_NONE, NULL},
};

void view_table_init(struct view_table *tb, const struct view_table_col *cols, size_t ncols, size_t nfrozen)
{
	memset(tb, 0, sizeof *tb);
	tb->cols = cols;
	tb->ncols = ncols < MAX_COLS ? ncols : MAX_COLS;
	tb->nfrozen = nfrozen < tb->ncols ? nfrozen : tb->ncols;
	tb->first = tb->nfrozen;
}

/* Widths from column first on, in w columns; returns the end column. */
static size_t layout(struct view_table *tb, size_t first, int w)
{
	int x = 0;
	memset(tb->widths, 0, sizeof tb->widths);
	for (size_t c = 0; c < tb->nfrozen && x < w; c++) {
		int cw = tb->cols[c].width < w - x ? tb->cols[c].width : w - x;
		tb->widths[c] = cw;
		x += cw + GAP;
	}
	size_t c = first;
	for (; c < tb->ncols && x < w; c++) {
		int cw = tb->cols[c].width < w - x ? tb->cols[c].width : w - x;
		tb->widths[c] = cw;
		x += cw + GAP;
	}
	return c;
}

/* 1 when the columns from first to the last fit whole. */
static int fits_from(struct view_table *tb, size_t first, int w)
{
	size_t end = layout(tb, first, w);
	return end == tb->ncols && tb->widths[tb->ncols - 1] == tb->cols[tb->ncols - 1].width;
}

void view_table_header(struct view_table *tb, struct tui *t, int y, int x, int w)
{
	if (tb->first < tb->nfrozen)
		tb->first = tb->nfrozen;
	if (tb->first >= tb->ncols)
		tb->first = tb->ncols ? tb->ncols - 1 : 0;
	if (tb->to_last) {
		/* The fewest scrolled columns that show the last one whole. */
		while (tb->first > tb->nfrozen && fits_from(tb, tb->first - 1, w))
			tb->first--;
		while (tb->first + 1 < tb->ncols && !fits_from(tb, tb->first, w))
			tb->first++;
		tb->to_last = 0;
	}
	/* Do not leave blank room on the right while columns hide on the left. */
	while (tb->first > tb->nfrozen && fits_from(tb, tb->first - 1, w))
		tb->first--;
	tb->end = layout(tb, tb->first, w);
	const char *cells[MAX_COLS];
	for (size_t c = 0; c < tb->ncols; c++)
		cells[c] = tb->cols[c].title;
	tui_fill(t, y, x, w, TUI_ROLE_HEADER, 0);
	view_table_row(tb, t, y, x, w, cells, TUI_ROLE_HEADER, 0);
	/* Marks of hidden columns: '<' before the first scrolled one, '>' at the end. */
	if (tb->first > tb->nfrozen) {
		int mx = 0;
		for (size_t c = 0; c < tb->nfrozen; c++)
			mx += tb->widths[c] + GAP;
		if (mx >= 1 && mx - 1 < w)
			tui_draw_text(t, y, x + mx - 1, 1, "<", 1, 0, TUI_ROLE_HEADER, A_BOLD, NULL, 0);
	}
	if (tb->end < tb->ncols || (tb->end == tb->ncols && tb->ncols &&
				    tb->widths[tb->ncols - 1] < tb->cols[tb->ncols - 1].width))
		tui_draw_text(t, y, x + w - 1, 1, ">", 1, 0, TUI_ROLE_HEADER, A_BOLD, NULL, 0);
}

static void cell(struct tui *t, int y, int x, int cw, const char *s, int right, enum tui_role role, attr_t extra)
{
	if (cw <= 0)
		return;
	if (!s)
		s = "";
	size_t len = strlen(s);
	int pad = 0;
	if (right) {
		int sw = (int)tc_width(s, len, tui_utf8(t));
		pad = sw < cw ? cw - sw : 0;
	}
	if (pad)
		tui_fill(t, y, x, pad, role, extra);
	/* a value cut by its column's width or the screen's edge ends in a
	 * mark: "epochs 2" must not pass for the whole "epochs 20" */
	tui_draw_text_marked(t, y, x + pad, cw - pad, s, len, 0, role, extra);
}

void view_table_row(const struct view_table *tb, struct tui *t, int y, int x, int w, const char *const *cells,
		    enum tui_role role, attr_t extra)
{
	tui_fill(t, y, x, w, role, extra);
	int cx = 0;
	for (size_t c = 0; c < tb->nfrozen && cx < w; c++) {
		cell(t, y, x + cx, tb->widths[c], cells[c], tb->cols[c].right, role, extra);
		cx += tb->widths[c] + GAP;
	}
	for (size_t c = tb->first; c < tb->end && cx < w; c++) {
		cell(t, y, x + cx, tb->widths[c], cells[c], tb->cols[c].right, role, extra);
		cx += tb->widths[c] + GAP;
	}
}

int view_table_request(struct view_table *tb, enum tui_request req)
{
	switch (req) {
	case TUI_REQ_SCROLL_RIGHT:
		if (tb->end < tb->ncols || (tb->ncols && tb->widths[tb->ncols - 1] < tb->cols[tb->ncols - 1].width))
			if (tb->first + 1 < tb->ncols)
				tb->first++;
		return 1;
	case TUI_REQ_SCROLL_LEFT:
		if (tb->first > tb->nfrozen)
			tb->first--;
		return 1;
	case TUI_REQ_SCROLL_FIRST_COL:
		tb->first = tb->nfrozen;
		return 1;
	case TUI_REQ_SCROLL_LAST_COL:
		tb->to_last = 1;
		return 1;
	default:
		return 0;
	}
}

void view_table_status(const struct view_table *tb, char *buf, size_t cap)
{
	int all = tb->first == tb->nfrozen && tb->end == tb->ncols &&
		  (!tb->ncols || tb->widths[tb->ncols - 1] == tb->cols[tb->ncols - 1].width);
	if (all || !tb->ncols) {
		if (cap)
			buf[0] = '\0';
		return;
	}
	size_t last = tb->end ? tb->end : 1;
	snprintf(buf, cap, "cols %zu-%zu/%zu h/l", tb->first + 1, last, tb->ncols);
}
