/*
 * tui_draw.c - drawing text safely: escaped bytes, wide characters,
 * horizontal scroll, highlighted matches, themed roles.
 *
 * Every piece of file content reaches the screen through tui_draw_text, so
 * no raw control byte is ever written to the terminal and a wide character
 * never straddles the edge of its area.
 */
#include "tui_priv.h"

#include <strings.h>

#include "textcell.h"

enum tui_role tui_label_role(const char *name, int cls)
{
	static const char *const normal[] = {"-", "0", "normal", "ok", "false", "benign", "none", "no"};
	for (size_t i = 0; name && i < sizeof normal / sizeof *normal; i++)
		if (strcasecmp(name, normal[i]) == 0)
			return TUI_ROLE_LABEL_NORMAL;
	return (enum tui_role)(TUI_ROLE_LABEL_A + (cls < 0 ? 0 : cls % 6));
}

static void put(struct tui *t, int y, int x, const wchar_t *wcs, enum tui_role role, attr_t extra)
{
	cchar_t cc;
	const struct tui_style *s = &t->styles[role];
	setcchar(&cc, wcs, s->attr | extra, s->pair, NULL);
	mvwadd_wch(stdscr, y, x, &cc);
}

void tui_fill(struct tui *t, int y, int x, int w, enum tui_role role, attr_t extra)
{
	static const wchar_t sp[] = L" ";
	for (int i = 0; i < w; i++)
		put(t, y, x + i, sp, role, extra);
}

/* 1 when bytes [off, off+len) overlap a highlight span (spans sorted). */
static int highlighted(const struct tui_span *hl, size_t nhl, size_t off, size_t len)
{
	for (size_t i = 0; i < nhl; i++) {
		if (hl[i].off >= off + len)
			return 0;
		if (hl[i].off + hl[i].len > off)
			return 1;
	}
	return 0;
}

size_t tui_draw_text(struct tui *t, int y, int x, int w, const char *s, size_t n, size_t hoff,
		     enum tui_role role, attr_t extra, const struct tui_span *hl, size_t nhl)
{
	size_t pos = 0, col = 0;
	int used = 0; /* screen columns filled so far */
	struct tc_glyph g;
	if (w < 0)
		w = 0;
	while (tc_next(s, n, &pos, col, t->utf8, &g)) {
		size_t start = col;
		col += (size_t)g.width;
		if (used >= w) {
			/* Keep counting the width for horizontal scroll, but not
			 * through a 50 MB line on every redraw. */
			if (pos > TUI_DRAW_MEASURE_MAX)
				break;
			continue;
		}
		if (col <= hoff)
			continue;
		enum tui_role r = g.escaped ? TUI_ROLE_ESCAPE : role;
		if (nhl && highlighted(hl, nhl, g.off, g.len))
			r = TUI_ROLE_MATCH;
		if (g.escaped || g.spaces || start < hoff || used + g.width > w) {
			/* Column by column: escapes and tabs are ASCII; a wide
			 * glyph cut by the left or right edge becomes blanks. */
			int simple = g.escaped || g.spaces;
			for (int i = 0; i < g.width && used < w; i++) {
				if (start + (size_t)i < hoff)
					continue;
				wchar_t one[2] = {simple ? g.wc[i] : L' ', L'\0'};
				put(t, y, x + used++, one, r, extra);
			}
		} else {
			put(t, y, x + used, g.wc, r, extra);
			used += g.width;
		}
	}
	if (used < w)
		tui_fill(t, y, x + used, w - used, role, extra);
	return col;
}

size_t tui_draw_text_marked_hl(struct tui *t, int y, int x, int w, const char *s, size_t n, size_t hoff,
			       enum tui_role role, attr_t extra, const struct tui_span *hl, size_t nhl)
{
	/* Blanks at the end are no text: cutting them needs no mark. */
	while (n && s[n - 1] == ' ')
		n--;
	size_t width = tui_draw_text(t, y, x, w, s, n, hoff, role, extra, hl, nhl);
	if (w < 2 || width <= hoff + (size_t)w)
		return width;
	/* Drawn again one column short rather than overwritten: a wide
	 * character in the last two columns would lose its left half. */
	tui_draw_text(t, y, x, w - 1, s, n, hoff, role, extra, hl, nhl);
	tui_draw_text(t, y, x + w - 1, 1, ">", 1, 0, role, extra | A_BOLD, NULL, 0);
	return width;
}

size_t tui_draw_text_marked(struct tui *t, int y, int x, int w, const char *s, size_t n, size_t hoff,
			    enum tui_role role, attr_t extra)
{
	return tui_draw_text_marked_hl(t, y, x, w, s, n, hoff, role, extra, NULL, 0);
}
