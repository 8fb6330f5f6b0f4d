/*
 * test_chart.c - the chart rasteriser: known points land on known braille
 * dots, lines are walked and clipped, NaN breaks a line, ASCII marks per
 * series, bar text with eighth blocks, and the data bounds.
 *
 * Expected characters are worked out by hand from Unicode's braille
 * layout: dots 1,2,3,7 (bits 0x01 0x02 0x04 0x40) down the left column of
 * a cell, dots 4,5,6,8 (0x08 0x10 0x20 0x80) down the right; the character
 * is U+2800 + bits. E.g. the bottom-left dot alone is U+2840 "⡀".
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "view_chart.h"

static const char *row_text(const struct view_chart_canvas *cv, int row)
{
	static char buf[1024];
	view_chart_canvas_row(cv, row, buf, sizeof buf);
	return buf;
}

/* A 2 x 1 braille canvas (4 x 4 dots) with range 0..3 both ways: data
 * units and dots coincide, y flipped. */
static void braille_points(void)
{
	struct view_chart_canvas cv;
	struct ll_err err;
	CHECK_INT(view_chart_canvas_init(&cv, 2, 1, 0, &err), LL_OK);
	CHECK_INT(view_chart_canvas_width(&cv), 4);
	CHECK_INT(view_chart_canvas_height(&cv), 4);
	view_chart_canvas_range(&cv, 0, 3, 0, 3);
	CHECK_STR(row_text(&cv, 0), "  ");

	/* (0,0) -> dot (0,3): cell 0 bit 0x40; (3,3) -> dot (3,0): cell 1 bit 0x08 */
	view_chart_canvas_point(&cv, 0, 0, 0);
	view_chart_canvas_point(&cv, 3, 3, 1);
	CHECK_STR(row_text(&cv, 0), "\u2840\u2808");
	CHECK_INT(cv.owner[0], 0);
	CHECK_INT(cv.owner[1], 1);

	/* (1,2) -> dot (1,1): cell 0, right column, second row: 0x10 */
	view_chart_canvas_point(&cv, 1, 2, 0);
	CHECK_STR(row_text(&cv, 0), "\u2850\u2808");

	long dx, dy;
	CHECK(view_chart_canvas_map(&cv, 1.4, 0.6, &dx, &dy));
	CHECK_INT(dx, 1); /* round(1.4) */
	CHECK_INT(dy, 2); /* 3 - round(0.6) */
	CHECK(!view_chart_canvas_map(&cv, NAN, 1, &dx, &dy));

	/* Outside the range: nothing drawn. */
	view_chart_canvas_clear(&cv);
	view_chart_canvas_point(&cv, 4, 1, 0);
	view_chart_canvas_point(&cv, 1, -1, 0);
	CHECK_STR(row_text(&cv, 0), "  ");
	view_chart_canvas_free(&cv);
}

static void braille_lines(void)
{
	struct view_chart_canvas cv;
	struct ll_err err;
	CHECK_INT(view_chart_canvas_init(&cv, 2, 1, 0, &err), LL_OK);
	view_chart_canvas_range(&cv, 0, 3, 0, 3);

	/* The diagonal (0,0)-(3,3): dots (0,3) (1,2) | (2,1) (3,0):
	 * cell 0 = 0x40|0x20 = U+2860, cell 1 = 0x02|0x08 = U+280A. */
	view_chart_canvas_line(&cv, 0, 0, 3, 3, 0);
	CHECK_STR(row_text(&cv, 0), "\u2860\u280a");

	/* The bottom row y=0: 0x40|0x80 in both cells. */
	view_chart_canvas_clear(&cv);
	view_chart_canvas_line(&cv, 0, 0, 3, 0, 0);
	CHECK_STR(row_text(&cv, 0), "\u28c0\u28c0");

	/* Clipped: a top-row line from far left to far right: 0x01|0x08. */
	view_chart_canvas_clear(&cv);
	view_chart_canvas_line(&cv, -100, 3, 100, 3, 0);
	CHECK_STR(row_text(&cv, 0), "\u2809\u2809");

	/* Entirely outside: nothing. */
	view_chart_canvas_clear(&cv);
	view_chart_canvas_line(&cv, -5, -5, -1, 10, 0);
	CHECK_STR(row_text(&cv, 0), "  ");

	/* A vertical line at x=2 from y=0 to 3: dots (2,0..3), the left
	 * column of cell 1: 0x01|0x02|0x04|0x40 = U+2847. */
	view_chart_canvas_clear(&cv);
	view_chart_canvas_line(&cv, 2, 0, 2, 3, 0);
	CHECK_STR(row_text(&cv, 0), " \u2847");
	view_chart_canvas_free(&cv);
}

/* Series: x NULL counts from x_first; NaN breaks the line. */
static void series(void)
{
	struct view_chart_canvas cv;
	struct ll_err err;
	CHECK_INT(view_chart_canvas_init(&cv, 2, 1, 0, &err), LL_OK);
	/* x 0..2 over 4 dots: x 0 -> dot 0, x 2 -> dot 3 */
	view_chart_canvas_range(&cv, 0, 2, 0, 3);
	double y[3] = {0, NAN, 3};
	struct view_chart_series s = {.name = "s", .y = y, .n = 3};
	view_chart_canvas_series(&cv, &s, 0, 0);
	CHECK_STR(row_text(&cv, 0), "\u2840\u2808"); /* two lone points */

	/* Without the NaN the middle point (1, 2) -> dot (round(1.5) = 2
	 * (halves round away from zero), 3 - 2 = 1) joins them:
	 * (0,3)-(2,1)-(3,0): dots (0,3) (1,2) (2,1) (3,0) = the diagonal. */
	view_chart_canvas_clear(&cv);
	y[1] = 2;
	view_chart_canvas_series(&cv, &s, 0, 0);
	CHECK_STR(row_text(&cv, 0), "\u2860\u280a");

	/* x_first 1: x = 1, 2, 3 over range 1..3 gives the same dots. */
	view_chart_canvas_clear(&cv);
	view_chart_canvas_range(&cv, 1, 3, 0, 3);
	view_chart_canvas_series(&cv, &s, 1, 0);
	CHECK_STR(row_text(&cv, 0), "\u2860\u280a");

	/* Points only: no line. */
	view_chart_canvas_clear(&cv);
	s.style = VIEW_CHART_POINTS;
	view_chart_canvas_series(&cv, &s, 1, 0);
	/* (1,0)->(0,3) 0x40; (2,2)->(2,1) 0x02 in cell 1; (3,3)->(3,0) 0x08 */
	CHECK_STR(row_text(&cv, 0), "\u2840\u280a");
	view_chart_canvas_free(&cv);
}

/* ASCII: one dot a cell, drawn as the series' mark. */
static void ascii(void)
{
	struct view_chart_canvas cv;
	struct ll_err err;
	CHECK_INT(view_chart_canvas_init(&cv, 4, 3, 1, &err), LL_OK);
	CHECK_INT(view_chart_canvas_width(&cv), 4);
	CHECK_INT(view_chart_canvas_height(&cv), 3);
	view_chart_canvas_range(&cv, 0, 3, 0, 2);
	CHECK(view_chart_mark(0) == '*');
	CHECK(view_chart_mark(1) == '+');
	view_chart_canvas_point(&cv, 0, 0, 1);
	view_chart_canvas_point(&cv, 3, 2, 1);
	CHECK_STR(row_text(&cv, 0), "   +");
	CHECK_STR(row_text(&cv, 1), "    ");
	CHECK_STR(row_text(&cv, 2), "+   ");

	/* A line of series 0 across the middle row; (0,1)-(3,1). */
	view_chart_canvas_line(&cv, 0, 1, 3, 1, 0);
	CHECK_STR(row_text(&cv, 1), "****");

	/* LINE_POINTS marks the data points with 'O' over the line. */
	view_chart_canvas_clear(&cv);
	double y[2] = {0, 2};
	double x[2] = {0, 3};
	struct view_chart_series s = {.x = x, .y = y, .n = 2, .style = VIEW_CHART_LINE_POINTS};
	view_chart_canvas_series(&cv, &s, 0, 0);
	/* Bresenham from dot (0,2) to (3,0): (0,2) (1,1) (2,1) (3,0) */
	CHECK_STR(row_text(&cv, 0), "   O");
	CHECK_STR(row_text(&cv, 1), " ** ");
	CHECK_STR(row_text(&cv, 2), "O   ");

	view_chart_canvas_free(&cv);
	CHECK_INT(view_chart_canvas_init(&cv, 0, 3, 1, &err), LL_EUSAGE);
	CHECK(cv.bits == NULL);
}

static void bars(void)
{
	char buf[256];
	/* 0.5 of 3 cells = 12 eighths: one full block and a half block U+258C. */
	CHECK_INT(view_chart_bar_text(0.5, 3, 0, buf, sizeof buf), 6);
	CHECK_STR(buf, "\u2588\u258c");
	/* 1/8 of one cell: U+258F. 7/8: U+2589. */
	view_chart_bar_text(0.125, 1, 0, buf, sizeof buf);
	CHECK_STR(buf, "\u258f");
	view_chart_bar_text(0.875, 1, 0, buf, sizeof buf);
	CHECK_STR(buf, "\u2589");
	/* Clamped to the width; nothing for 0, negative or NaN. */
	view_chart_bar_text(7, 2, 0, buf, sizeof buf);
	CHECK_STR(buf, "\u2588\u2588");
	CHECK_INT(view_chart_bar_text(0, 5, 0, buf, sizeof buf), 0);
	CHECK_INT(view_chart_bar_text(-1, 5, 0, buf, sizeof buf), 0);
	CHECK_INT(view_chart_bar_text(NAN, 5, 0, buf, sizeof buf), 0);
	/* ASCII rounds to cells: 1.5 -> 2, 0.4 of 10 -> 4. */
	view_chart_bar_text(0.5, 3, 1, buf, sizeof buf);
	CHECK_STR(buf, "##");
	view_chart_bar_text(0.4, 10, 1, buf, sizeof buf);
	CHECK_STR(buf, "####");
	/* A small buffer truncates whole characters. */
	char small[5];
	view_chart_bar_text(1, 3, 0, small, sizeof small);
	CHECK_STR(small, "\u2588");
}

static void bounds(void)
{
	struct view_chart c;
	view_chart_init(&c);
	double x0, x1, y0, y1;
	CHECK(!view_chart_bounds(&c, &x0, &x1, &y0, &y1));
	double ya[3] = {2, 5, NAN}, yb[2] = {-1, 4};
	double xb[2] = {10, 0.5};
	struct view_chart_series s[2] = {{.y = ya, .n = 3}, {.x = xb, .y = yb, .n = 2}};
	c.series = s;
	c.nseries = 2;
	c.x_first = 1;
	CHECK(view_chart_bounds(&c, &x0, &x1, &y0, &y1));
	CHECK_NEAR(x0, 0.5, 0); /* series b's 0.5 */
	CHECK_NEAR(x1, 10, 0);
	CHECK_NEAR(y0, -1, 0);
	CHECK_NEAR(y1, 5, 0);
	c.y_min = 0;
	c.y_max = 1;
	CHECK(view_chart_bounds(&c, &x0, &x1, &y0, &y1));
	CHECK_NEAR(y0, 0, 0);
	CHECK_NEAR(y1, 1, 0);
	/* One point: its range is widened by 10% of it (or 1 around 0). */
	double one = 5;
	struct view_chart_series p = {.y = &one, .n = 1};
	c.series = &p;
	c.nseries = 1;
	c.y_min = c.y_max = NAN;
	c.x_first = 0;
	CHECK(view_chart_bounds(&c, &x0, &x1, &y0, &y1));
	CHECK_NEAR(x0, -1, 0);
	CHECK_NEAR(x1, 1, 0);
	CHECK_NEAR(y0, 4.5, 1e-12);
	CHECK_NEAR(y1, 5.5, 1e-12);
}

int main(void)
{
	braille_points();
	braille_lines();
	series();
	ascii();
	bars();
	bounds();
	TEST_MAIN_END();
}
