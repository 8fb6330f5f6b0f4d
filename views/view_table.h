/*
 * view_table.h - a table of text cells for the list views (runs,
 * experiments): the leading columns stay put (the run id, the experiment's
 * name) and the others scroll sideways a column at a time with h/l, as in
 * VisiData and htop, so no column is ever out of reach on a narrow
 * terminal. Columns are laid out left to right at their preferred width;
 * the last one that fits only partly is cut at the screen's edge, and the
 * header marks hidden columns with '<' and '>'.
 *
 * The caller keeps one struct view_table per view, draws its header once
 * and each row with the row's cells (NULL or "" for an empty cell), and
 * hands it the scroll requests.
 */
#ifndef VIEW_TABLE_H
#define VIEW_TABLE_H

#include <stddef.h>

#include "tui.h"

struct view_table_col {
	const char *title;
	int width;  /* preferred width in display columns */
	int right;  /* right-aligned (numbers) */
};

struct view_table {
	const struct view_table_col *cols;
	size_t ncols;
	size_t nfrozen;   /* leading columns always shown */
	size_t first;     /* first scrolled column shown (>= nfrozen) */
	size_t end;       /* one past the last column shown at the last draw */
	int to_last;      /* scroll so the last column shows at the next draw */
	int widths[32];   /* per column: the width given at the last draw (0 hidden) */
};

/* Sets up a table over cols (borrowed, at most 32). */
void view_table_init(struct view_table *tb, const struct view_table_col *cols, size_t ncols, size_t nfrozen);
/* Lays the columns out for w display columns and draws the header row at
 * (y, x). Call before the rows of the same frame. */
void view_table_header(struct view_table *tb, struct tui *t, int y, int x, int w);
/* Draws one row of cells (ncols entries) at (y, x) over w columns. */
void view_table_row(const struct view_table *tb, struct tui *t, int y, int x, int w, const char *const *cells,
		    enum tui_role role, attr_t extra);
/* Handles scroll-left/right/first-col/last-col; 1 when it was one of them. */
int view_table_request(struct view_table *tb, enum tui_request req);
/* "cols 3-6/9 h/l" when some are hidden, else "" (for the status bar). */
void view_table_status(const struct view_table *tb, char *buf, size_t cap);

/* The help of the sideways scroll of a table (view.h: struct view_key). */
extern const struct view_key view_keys_table[];

#endif
