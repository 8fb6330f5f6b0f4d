/*
 * view_chart.h - charts for the views: line/point charts of several series
 * with axes and a legend, and horizontal bars.
 *
 * Two layers:
 *   - a canvas (struct view_chart_canvas): a grid of cells, each holding a
 *     small bitmap of "dots", rasterised without curses so tests can check
 *     that a point lands on the dot it should (tests/tui/test_chart.c). In
 *     Unicode mode a cell is a braille character (U+2800 + bits) of 2 x 4
 *     dots; in ASCII mode a cell is one dot drawn as its series' mark
 *     character (* + o x # %), so series stay apart without colours;
 *   - drawing helpers for a view's rectangle (view_chart_draw,
 *     view_chart_draw_bars, view_chart_hbar) that lay out a title and
 *     legend row, a y axis with three labelled ticks, the plot, and an x
 *     axis with its first and last values (and its label, if any).
 *
 * ASCII is used when the locale is not UTF-8 (tui_utf8() is 0) or the
 * environment has LOGLAB_ASCII=1 (view_chart_ascii).
 *
 * Coordinates: dot (0, 0) is the top-left dot of the canvas; dot x grows
 * to the right, dot y downwards. A data point (x, y) maps to
 *   dot x = round((x - x0) / (x1 - x0) * (W - 1)),
 *   dot y = (H - 1) - round((y - y0) / (y1 - y0) * (H - 1)),
 * with W x H the canvas size in dots, so x0/y0 land on the left/bottom row
 * of dots and x1/y1 on the right/top. Points outside the range are clipped
 * (lines are drawn up to the edge). NaN and infinite values are skipped and
 * break a line. A zero-width range is widened around its value by 1 (or by
 * 10% of its magnitude).
 *
 * Ownership: every pointer in the structs below is borrowed for the call;
 * the canvas owns its cell arrays (view_chart_canvas_free).
 *
 * Typical use in a view's draw:
 *
 *   struct view_chart_series s[2] = {
 *       {.name = "loss", .y = loss, .n = epochs, .role = TUI_ROLE_LABEL_A},
 *       {.name = "dev loss", .y = dev, .n = epochs, .role = TUI_ROLE_LABEL_B},
 *   };
 *   struct view_chart c;
 *   view_chart_init(&c);
 *   c.title = "loss by epoch"; c.x_label = "epoch"; c.x_first = 1;
 *   c.series = s; c.nseries = 2;
 *   view_chart_draw(t, rect, &c);
 *
 * For a ROC curve: x = FPR, y = TPR, x_min = y_min = 0, x_max = y_max = 1,
 * cursor_x at the threshold's FPR; for an elbow plot x = k, y = inertia with
 * style VIEW_CHART_LINE_POINTS.
 */
#ifndef VIEW_CHART_H
#define VIEW_CHART_H

#include <stddef.h>

#include "tui.h"

#define VIEW_CHART_MAX_SERIES 6 /* distinct ASCII marks and colours */

enum view_chart_style {
	VIEW_CHART_LINE = 0,    /* points joined by straight lines */
	VIEW_CHART_POINTS,      /* points only (scatter) */
	VIEW_CHART_LINE_POINTS  /* a line, and in ASCII each point drawn as 'O' */
};

struct view_chart_series {
	const char *name;    /* in the legend; NULL keeps it out */
	const double *x;     /* n values, or NULL for x_first, x_first + 1, ... */
	const double *y;     /* n values */
	size_t n;
	enum tui_role role;  /* colour; 0 (TUI_ROLE_NORMAL) picks LABEL_A.. by index */
	enum view_chart_style style;
};

struct view_chart {
	const char *title;   /* first row, left; NULL = none */
	const char *x_label; /* under the x axis, centred; NULL = none */
	const struct view_chart_series *series;
	size_t nseries;      /* at most VIEW_CHART_MAX_SERIES are drawn */
	double x_first;      /* x of the first value when a series has x NULL; default 0 */
	/* Axis ranges; NaN = from the data (view_chart_init sets all four NaN). */
	double x_min, x_max, y_min, y_max;
	double cursor_x;     /* a vertical cursor line at this x (drawn first); NaN = none */
	int ascii;           /* 1 forces ASCII; 0 lets view_chart_ascii() decide */
};

/* Defaults: no title, no series, ranges and cursor NaN, x_first 0. */
void view_chart_init(struct view_chart *c);

/* 1 when charts should be drawn in ASCII on this terminal. */
int view_chart_ascii(const struct tui *t);

/* ---- the canvas ---- */

struct view_chart_canvas {
	int cols, rows;        /* cells */
	int dx, dy;            /* dots per cell: 2 x 4 (braille) or 1 x 1 (ASCII) */
	int ascii;
	unsigned char *bits;   /* rows * cols dot bitmaps (braille bit layout) */
	signed char *owner;    /* rows * cols: series index that drew last, -1 none */
	unsigned char *mark;   /* rows * cols: ASCII mark character, 0 none */
	double x0, x1, y0, y1; /* the data range mapped onto the dots */
};

/* Allocates a cols x rows canvas (cols, rows >= 1). LL_ENOMEM, LL_EUSAGE. */
int view_chart_canvas_init(struct view_chart_canvas *cv, int cols, int rows, int ascii, struct ll_err *err);
void view_chart_canvas_free(struct view_chart_canvas *cv);
void view_chart_canvas_clear(struct view_chart_canvas *cv);
/* Sets the data range (see the header comment for the mapping). */
void view_chart_canvas_range(struct view_chart_canvas *cv, double x0, double x1, double y0, double y1);
/* Width and height in dots. */
int view_chart_canvas_width(const struct view_chart_canvas *cv);
int view_chart_canvas_height(const struct view_chart_canvas *cv);
/* Sets one dot (ignored outside the canvas); owner is a series index. */
void view_chart_canvas_dot(struct view_chart_canvas *cv, int x, int y, int owner);
/* The dot a data point maps to; 0 when x or y is not finite. */
int view_chart_canvas_map(const struct view_chart_canvas *cv, double x, double y, long *dx, long *dy);
/* A point, a segment (in data units), a whole series (owner = its index). */
void view_chart_canvas_point(struct view_chart_canvas *cv, double x, double y, int owner);
void view_chart_canvas_line(struct view_chart_canvas *cv, double xa, double ya, double xb, double yb, int owner);
void view_chart_canvas_series(struct view_chart_canvas *cv, const struct view_chart_series *s, double x_first,
			      int owner);
/* The text of one cell: a braille character (UTF-8, 3 bytes), the ASCII
 * mark, or a space when empty. buf holds at least 4 bytes + NUL. */
void view_chart_canvas_cell(const struct view_chart_canvas *cv, int col, int row, char buf[8]);
/* The text of a row, cells joined (trailing blanks kept); returns its length. */
size_t view_chart_canvas_row(const struct view_chart_canvas *cv, int row, char *buf, size_t cap);

/* The ASCII mark of series i ('*', '+', 'o', 'x', '#', '%'). */
char view_chart_mark(size_t i);

/* The data range of the chart's series, with c's fixed bounds applied;
 * 0 when no series has a finite point (then nothing to plot). */
int view_chart_bounds(const struct view_chart *c, double *x0, double *x1, double *y0, double *y1);

/* Draws the whole chart into r: title and legend on the first row, y
 * labels, the plot, the x axis and its labels. Needs r.h >= 5 and r.w >=
 * 20; smaller rectangles are blanked. "no data" is shown when no series
 * has a point. */
void view_chart_draw(struct tui *t, struct view_rect r, const struct view_chart *c);

/* ---- horizontal bars ---- */

/* Text of a bar frac (clamped to 0..1) of width cells long: full blocks and
 * one of the eighth blocks U+2589..U+258F for the remainder (UTF-8), or '#'
 * for each full cell (ASCII, rounded to the nearest cell). The bar is not
 * padded. Returns its length in bytes. */
size_t view_chart_bar_text(double frac, int width, int ascii, char *buf, size_t cap);

/* Draws one bar of frac at (y, x) within w cells, blanking the rest. */
void view_chart_hbar(struct tui *t, int y, int x, int w, double frac, enum tui_role role);

/* A labelled bar chart, one bar a row: "label  ████▍      value".
 * values >= 0; max <= 0 means the largest value. fmt formats the value
 * (printf with one double, NULL = "%.4g"). Rows beyond r.h are not drawn;
 * first is the index of the first row shown (scrolling). */
struct view_chart_bars {
	const char *title;   /* first row; NULL = none */
	const char *const *labels;
	const double *values;
	size_t n;
	size_t first;
	double max;
	const char *fmt;
	enum tui_role role;  /* 0 = LABEL_A */
	long highlight;      /* index drawn reversed (a cursor); -1 = none */
};
void view_chart_draw_bars(struct tui *t, struct view_rect r, const struct view_chart_bars *b);

#endif
