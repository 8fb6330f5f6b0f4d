/*
 * view_chart.c - line charts on a braille (or ASCII) canvas, and bars.
 *
 * The canvas is pure arithmetic on arrays (no curses) so the rasteriser is
 * tested on its own; the drawing functions at the end lay a chart out in a
 * view's rectangle and hand each cell to tui_draw_text in its series' role.
 * Segments are clipped to the canvas in dot space (Liang-Barsky) before a
 * Bresenham walk, so a far-away point costs no more than the canvas width.
 */
#include "view_chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "textcell.h"

/* Braille dot bits by (column, row) within a cell: dots 1-2-3-7 down the
 * left column, 4-5-6-8 down the right one (Unicode's U+2800 block). */
static const unsigned char braille_bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};

static const char marks[VIEW_CHART_MAX_SERIES] = {'*', '+', 'o', 'x', '#', '%'};

/* The owner index of the cursor line (beyond every series). */
#define CURSOR_OWNER VIEW_CHART_MAX_SERIES

char view_chart_mark(size_t i)
{
	return marks[i % VIEW_CHART_MAX_SERIES];
}

void view_chart_init(struct view_chart *c)
{
	memset(c, 0, sizeof *c);
	c->x_min = c->x_max = c->y_min = c->y_max = NAN;
	c->cursor_x = NAN;
}

int view_chart_ascii(const struct tui *t)
{
	const char *e = getenv("LOGLAB_ASCII");
	if (e && strcmp(e, "1") == 0)
		return 1;
	return !tui_utf8(t);
}

/* ---- canvas ---- */

int view_chart_canvas_init(struct view_chart_canvas *cv, int cols, int rows, int ascii, struct ll_err *err)
{
	memset(cv, 0, sizeof *cv);
	if (cols < 1 || rows < 1 || cols > 4096 || rows > 4096)
		return ll_err_set(err, LL_EUSAGE, "chart canvas %dx%d: want 1 to 4096 cells each way", cols, rows);
	size_t n = (size_t)cols * (size_t)rows;
	cv->bits = calloc(n, 1);
	cv->owner = malloc(n);
	cv->mark = calloc(n, 1);
	if (!cv->bits || !cv->owner || !cv->mark) {
		view_chart_canvas_free(cv);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	memset(cv->owner, -1, n);
	cv->cols = cols;
	cv->rows = rows;
	cv->ascii = ascii;
	cv->dx = ascii ? 1 : 2;
	cv->dy = ascii ? 1 : 4;
	view_chart_canvas_range(cv, 0, 1, 0, 1);
	return LL_OK;
}

void view_chart_canvas_free(struct view_chart_canvas *cv)
{
	free(cv->bits);
	free(cv->owner);
	free(cv->mark);
	memset(cv, 0, sizeof *cv);
}

void view_chart_canvas_clear(struct view_chart_canvas *cv)
{
	size_t n = (size_t)cv->cols * (size_t)cv->rows;
	memset(cv->bits, 0, n);
	memset(cv->owner, -1, n);
	memset(cv->mark, 0, n);
}

void view_chart_canvas_range(struct view_chart_canvas *cv, double x0, double x1, double y0, double y1)
{
	cv->x0 = x0;
	cv->x1 = x1;
	cv->y0 = y0;
	cv->y1 = y1;
}

int view_chart_canvas_width(const struct view_chart_canvas *cv)
{
	return cv->cols * cv->dx;
}

int view_chart_canvas_height(const struct view_chart_canvas *cv)
{
	return cv->rows * cv->dy;
}

static void set_dot(struct view_chart_canvas *cv, int x, int y, int owner, char mark)
{
	if (x < 0 || y < 0 || x >= view_chart_canvas_width(cv) || y >= view_chart_canvas_height(cv))
		return;
	size_t cell = (size_t)(y / cv->dy) * (size_t)cv->cols + (size_t)(x / cv->dx);
	cv->bits[cell] |= cv->ascii ? 1 : braille_bit[x % 2][y % 4];
	cv->owner[cell] = (signed char)owner;
	/* A point's 'O' is not overwritten by the line through it. */
	if (cv->mark[cell] != 'O' || mark == 'O')
		cv->mark[cell] = (unsigned char)mark;
}

static char owner_mark(int owner)
{
	return owner == CURSOR_OWNER ? '|' : view_chart_mark((size_t)(owner < 0 ? 0 : owner));
}

void view_chart_canvas_dot(struct view_chart_canvas *cv, int x, int y, int owner)
{
	set_dot(cv, x, y, owner, owner_mark(owner));
}

/* Dot coordinates as doubles (unrounded); 0 when not finite. */
static int map_d(const struct view_chart_canvas *cv, double x, double y, double *fx, double *fy)
{
	if (!isfinite(x) || !isfinite(y))
		return 0;
	double w = view_chart_canvas_width(cv) - 1, h = view_chart_canvas_height(cv) - 1;
	double xr = cv->x1 - cv->x0, yr = cv->y1 - cv->y0;
	*fx = xr != 0 ? (x - cv->x0) / xr * w : 0;
	*fy = h - (yr != 0 ? (y - cv->y0) / yr * h : 0);
	return isfinite(*fx) && isfinite(*fy);
}

int view_chart_canvas_map(const struct view_chart_canvas *cv, double x, double y, long *dx, long *dy)
{
	double fx, fy;
	if (!map_d(cv, x, y, &fx, &fy) || fabs(fx) > 1e9 || fabs(fy) > 1e9)
		return 0;
	*dx = lround(fx);
	*dy = lround(fy);
	return 1;
}

static void point_mark(struct view_chart_canvas *cv, double x, double y, int owner, char mark)
{
	long dx, dy;
	if (view_chart_canvas_map(cv, x, y, &dx, &dy))
		set_dot(cv, (int)(dx < -1 ? -1 : dx > 1 << 20 ? 1 << 20 : dx),
			(int)(dy < -1 ? -1 : dy > 1 << 20 ? 1 << 20 : dy), owner, mark);
}

void view_chart_canvas_point(struct view_chart_canvas *cv, double x, double y, int owner)
{
	point_mark(cv, x, y, owner, owner_mark(owner));
}

/* Liang-Barsky clip of (ax,ay)-(bx,by) to [0,w]x[0,h]; 0 when outside. */
static int clip(double *ax, double *ay, double *bx, double *by, double w, double h)
{
	double t0 = 0, t1 = 1, ddx = *bx - *ax, ddy = *by - *ay;
	const double p[4] = {-ddx, ddx, -ddy, ddy};
	const double q[4] = {*ax, w - *ax, *ay, h - *ay};
	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return 0;
			continue;
		}
		double r = q[i] / p[i];
		if (p[i] < 0) {
			if (r > t1)
				return 0;
			if (r > t0)
				t0 = r;
		} else {
			if (r < t0)
				return 0;
			if (r < t1)
				t1 = r;
		}
	}
	double x0 = *ax + t0 * ddx, y0 = *ay + t0 * ddy;
	*bx = *ax + t1 * ddx;
	*by = *ay + t1 * ddy;
	*ax = x0;
	*ay = y0;
	return 1;
}

void view_chart_canvas_line(struct view_chart_canvas *cv, double xa, double ya, double xb, double yb, int owner)
{
	double ax, ay, bx, by;
	if (!map_d(cv, xa, ya, &ax, &ay) || !map_d(cv, xb, yb, &bx, &by))
		return;
	/* Half a dot of slack so an endpoint on the edge rounds onto it. */
	double w = view_chart_canvas_width(cv) - 1, h = view_chart_canvas_height(cv) - 1;
	ax += 0.5, ay += 0.5, bx += 0.5, by += 0.5;
	if (!clip(&ax, &ay, &bx, &by, w + 1 - 1e-9, h + 1 - 1e-9))
		return;
	int x0 = (int)floor(ax), y0 = (int)floor(ay), x1 = (int)floor(bx), y1 = (int)floor(by);
	int dx = abs(x1 - x0), dy = -abs(y1 - y0);
	int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
	int e = dx + dy;
	char mark = owner_mark(owner);
	for (;;) {
		set_dot(cv, x0, y0, owner, mark);
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * e;
		if (e2 >= dy) {
			e += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

static double series_x(const struct view_chart_series *s, double x_first, size_t i)
{
	return s->x ? s->x[i] : x_first + (double)i;
}

void view_chart_canvas_series(struct view_chart_canvas *cv, const struct view_chart_series *s, double x_first,
			      int owner)
{
	int have_prev = 0;
	double px = 0, py = 0;
	for (size_t i = 0; i < s->n; i++) {
		double x = series_x(s, x_first, i), y = s->y[i];
		if (!isfinite(x) || !isfinite(y)) {
			have_prev = 0;
			continue;
		}
		if (s->style == VIEW_CHART_POINTS)
			view_chart_canvas_point(cv, x, y, owner);
		else if (have_prev)
			view_chart_canvas_line(cv, px, py, x, y, owner);
		else
			view_chart_canvas_point(cv, x, y, owner);
		px = x;
		py = y;
		have_prev = 1;
	}
	if (s->style == VIEW_CHART_LINE_POINTS && cv->ascii)
		for (size_t i = 0; i < s->n; i++)
			point_mark(cv, series_x(s, x_first, i), s->y[i], owner, 'O');
}

void view_chart_canvas_cell(const struct view_chart_canvas *cv, int col, int row, char buf[8])
{
	size_t cell = (size_t)row * (size_t)cv->cols + (size_t)col;
	unsigned b = cv->bits[cell];
	if (!b) {
		buf[0] = ' ';
		buf[1] = '\0';
	} else if (cv->ascii) {
		buf[0] = (char)(cv->mark[cell] ? cv->mark[cell] : '*');
		buf[1] = '\0';
	} else {
		unsigned cp = 0x2800 + b; /* always three bytes in UTF-8 */
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		buf[3] = '\0';
	}
}

size_t view_chart_canvas_row(const struct view_chart_canvas *cv, int row, char *buf, size_t cap)
{
	size_t n = 0;
	if (cap)
		buf[0] = '\0';
	for (int c = 0; c < cv->cols; c++) {
		char one[8];
		view_chart_canvas_cell(cv, c, row, one);
		size_t k = strlen(one);
		if (n + k + 1 > cap)
			break;
		memcpy(buf + n, one, k + 1);
		n += k;
	}
	return n;
}

/* ---- charts ---- */

static void widen(double *lo, double *hi)
{
	if (*hi > *lo)
		return;
	double pad = fabs(*lo) * 0.1;
	if (pad == 0)
		pad = 1;
	*lo -= pad;
	*hi += pad;
}

int view_chart_bounds(const struct view_chart *c, double *x0, double *x1, double *y0, double *y1)
{
	double ax = INFINITY, bx = -INFINITY, ay = INFINITY, by = -INFINITY;
	int any = 0;
	for (size_t k = 0; k < c->nseries && k < VIEW_CHART_MAX_SERIES; k++) {
		const struct view_chart_series *s = &c->series[k];
		for (size_t i = 0; i < s->n; i++) {
			double x = series_x(s, c->x_first, i), y = s->y[i];
			if (!isfinite(x) || !isfinite(y))
				continue;
			any = 1;
			ax = x < ax ? x : ax;
			bx = x > bx ? x : bx;
			ay = y < ay ? y : ay;
			by = y > by ? y : by;
		}
	}
	if (!any)
		return 0;
	*x0 = isnan(c->x_min) ? ax : c->x_min;
	*x1 = isnan(c->x_max) ? bx : c->x_max;
	*y0 = isnan(c->y_min) ? ay : c->y_min;
	*y1 = isnan(c->y_max) ? by : c->y_max;
	widen(x0, x1);
	widen(y0, y1);
	return 1;
}

static enum tui_role series_role(const struct view_chart_series *s, size_t k)
{
	return s->role != TUI_ROLE_NORMAL ? s->role : (enum tui_role)(TUI_ROLE_LABEL_A + (int)(k % 6));
}

static void put_text(struct tui *t, int y, int x, int w, const char *s, enum tui_role role)
{
	if (w > 0)
		tui_draw_text(t, y, x, w, s, strlen(s), 0, role, 0, NULL, 0);
}

static size_t text_width(const char *s)
{
	return tc_width(s, strlen(s), 1);
}

/* The title and the legend on one row. */
static void draw_legend(struct tui *t, int y, int x, int w, const struct view_chart *c, int ascii)
{
	tui_fill(t, y, x, w, TUI_ROLE_NORMAL, 0);
	int used = 0;
	if (c->title) {
		int tw = (int)text_width(c->title);
		put_text(t, y, x, tw < w ? tw : w, c->title, TUI_ROLE_TITLE);
		used = tw + 2;
	}
	for (size_t k = 0; k < c->nseries && k < VIEW_CHART_MAX_SERIES && used < w; k++) {
		const struct view_chart_series *s = &c->series[k];
		if (!s->name)
			continue;
		char sample[16];
		if (ascii)
			snprintf(sample, sizeof sample, "%c%c", view_chart_mark(k), view_chart_mark(k));
		else
			snprintf(sample, sizeof sample, "\xe2\xa3\x80\xe2\xa3\x80"); /* two U+28C0 */
		put_text(t, y, x + used, w - used < 2 ? w - used : 2, sample, series_role(s, k));
		used += 3;
		if (used >= w)
			break;
		int nw = (int)text_width(s->name);
		put_text(t, y, x + used, nw < w - used ? nw : w - used, s->name, TUI_ROLE_NORMAL);
		used += nw + 2;
	}
}

static void fmt_num(char *buf, size_t cap, double v)
{
	if (v == 0 || fabs(v) < 1e-300)
		snprintf(buf, cap, "0");
	else
		snprintf(buf, cap, "%.4g", v);
}

void view_chart_draw(struct tui *t, struct view_rect r, const struct view_chart *c)
{
	for (int y = 0; y < r.h; y++)
		tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	if (r.h < 5 || r.w < 20)
		return;
	int ascii = c->ascii || view_chart_ascii(t);
	draw_legend(t, r.y, r.x, r.w, c, ascii);
	double x0, x1, y0, y1;
	if (!view_chart_bounds(c, &x0, &x1, &y0, &y1)) {
		put_text(t, r.y + r.h / 2, r.x + r.w / 2 - 3, 7, "no data", TUI_ROLE_NORMAL);
		return;
	}
	int ph = r.h - 3; /* plot rows: below the legend, above the axis and its labels */
	char top[32], mid[32], bot[32];
	fmt_num(top, sizeof top, y1);
	fmt_num(bot, sizeof bot, y0);
	/* The middle label is the value at the centre of the middle row. */
	int dy = ascii ? 1 : 4, midrow = (ph - 1) / 2;
	double hdots = (double)ph * dy - 1, mdot = (double)midrow * dy + (dy - 1) / 2.0;
	fmt_num(mid, sizeof mid, hdots > 0 ? y0 + (hdots - mdot) / hdots * (y1 - y0) : y0);
	int lw = (int)strlen(top);
	lw = (int)strlen(mid) > lw ? (int)strlen(mid) : lw;
	lw = (int)strlen(bot) > lw ? (int)strlen(bot) : lw;
	if (lw > r.w / 3)
		lw = r.w / 3;
	int pw = r.w - lw - 1;
	struct view_chart_canvas cv;
	struct ll_err err;
	if (view_chart_canvas_init(&cv, pw, ph, ascii, &err) != LL_OK) {
		put_text(t, r.y + 1, r.x, r.w, err.msg, TUI_ROLE_ERROR);
		return;
	}
	view_chart_canvas_range(&cv, x0, x1, y0, y1);
	if (isfinite(c->cursor_x))
		view_chart_canvas_line(&cv, c->cursor_x, y0, c->cursor_x, y1, CURSOR_OWNER);
	for (size_t k = 0; k < c->nseries && k < VIEW_CHART_MAX_SERIES; k++)
		view_chart_canvas_series(&cv, &c->series[k], c->x_first, (int)k);
	const char *vbar = ascii ? "|" : "\xe2\x94\x82", *corner = ascii ? "+" : "\xe2\x94\x94",
		   *hbar = ascii ? "-" : "\xe2\x94\x80";
	for (int row = 0; row < ph; row++) {
		int y = r.y + 1 + row;
		const char *lab = row == 0 ? top : row == ph - 1 ? bot : row == midrow ? mid : "";
		char padded[64];
		snprintf(padded, sizeof padded, "%*s", lw, lab);
		put_text(t, y, r.x, lw, padded, TUI_ROLE_NORMAL);
		put_text(t, y, r.x + lw, 1, vbar, TUI_ROLE_NORMAL);
		for (int col = 0; col < pw; col++) {
			size_t cell = (size_t)row * (size_t)pw + (size_t)col;
			if (!cv.bits[cell])
				continue;
			char one[8];
			view_chart_canvas_cell(&cv, col, row, one);
			int o = cv.owner[cell];
			enum tui_role role = o == CURSOR_OWNER ? TUI_ROLE_MATCH : series_role(&c->series[o], (size_t)o);
			put_text(t, y, r.x + lw + 1 + col, 1, one, role);
		}
	}
	int ay = r.y + 1 + ph;
	put_text(t, ay, r.x + lw, 1, corner, TUI_ROLE_NORMAL);
	for (int col = 0; col < pw; col++)
		put_text(t, ay, r.x + lw + 1 + col, 1, hbar, TUI_ROLE_NORMAL);
	char xa[32], xb[32];
	fmt_num(xa, sizeof xa, x0);
	fmt_num(xb, sizeof xb, x1);
	int ly = ay + 1, la = (int)strlen(xa), lb = (int)strlen(xb);
	put_text(t, ly, r.x + lw + 1, la, xa, TUI_ROLE_NORMAL);
	if (lb < pw - la - 1)
		put_text(t, ly, r.x + r.w - lb, lb, xb, TUI_ROLE_NORMAL);
	if (c->x_label) {
		int xw = (int)text_width(c->x_label);
		int room = pw - la - lb - 2;
		if (xw <= room)
			put_text(t, ly, r.x + lw + 1 + la + 1 + (room - xw) / 2, xw, c->x_label, TUI_ROLE_NORMAL);
	}
	view_chart_canvas_free(&cv);
}

/* ---- bars ---- */

size_t view_chart_bar_text(double frac, int width, int ascii, char *buf, size_t cap)
{
	if (!cap)
		return 0;
	buf[0] = '\0';
	if (!(frac > 0) || width <= 0)
		return 0;
	if (frac > 1)
		frac = 1;
	size_t n = 0;
	if (ascii) {
		long cells = lround(frac * width);
		for (long i = 0; i < cells && n + 2 <= cap; i++)
			buf[n++] = '#';
		buf[n] = '\0';
		return n;
	}
	long eighths = lround(frac * width * 8);
	long full = eighths / 8, rem = eighths % 8;
	for (long i = 0; i < full && n + 4 <= cap; i++) {
		memcpy(buf + n, "\xe2\x96\x88", 3); /* U+2588 full block */
		n += 3;
	}
	if (rem && n + 4 <= cap) {
		unsigned cp = 0x2590 - (unsigned)rem; /* 1/8 = U+258F ... 7/8 = U+2589 */
		buf[n++] = (char)(0xE0 | (cp >> 12));
		buf[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[n++] = (char)(0x80 | (cp & 0x3F));
	}
	buf[n] = '\0';
	return n;
}

void view_chart_hbar(struct tui *t, int y, int x, int w, double frac, enum tui_role role)
{
	if (w <= 0)
		return;
	char buf[4 * 1024 + 8];
	int cells = w < 1024 ? w : 1024;
	size_t n = view_chart_bar_text(frac, cells, view_chart_ascii(t), buf, sizeof buf);
	tui_fill(t, y, x, w, TUI_ROLE_NORMAL, 0);
	if (n)
		tui_draw_text(t, y, x, cells, buf, n, 0, role, 0, NULL, 0);
}

void view_chart_draw_bars(struct tui *t, struct view_rect r, const struct view_chart_bars *b)
{
	for (int y = 0; y < r.h; y++)
		tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	int y = r.y;
	if (b->title && r.h > 0) {
		put_text(t, y, r.x, r.w, b->title, TUI_ROLE_TITLE);
		y++;
	}
	double max = b->max;
	int lw = 0, vw = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (b->max <= 0 && b->values[i] > max)
			max = b->values[i];
		int w = b->labels && b->labels[i] ? (int)text_width(b->labels[i]) : 0;
		lw = w > lw ? w : lw;
		char v[64];
		snprintf(v, sizeof v, b->fmt ? b->fmt : "%.4g", b->values[i]);
		vw = (int)strlen(v) > vw ? (int)strlen(v) : vw;
	}
	if (lw > r.w / 3)
		lw = r.w / 3;
	int bw = r.w - lw - vw - 2;
	enum tui_role role = b->role != TUI_ROLE_NORMAL ? b->role : TUI_ROLE_LABEL_A;
	for (size_t i = b->first; i < b->n && y < r.y + r.h; i++, y++) {
		attr_t extra = (long)i == b->highlight ? A_REVERSE : 0;
		const char *lab = b->labels && b->labels[i] ? b->labels[i] : "";
		tui_draw_text(t, y, r.x, lw, lab, strlen(lab), 0, TUI_ROLE_NORMAL, extra, NULL, 0);
		if (bw > 0)
			view_chart_hbar(t, y, r.x + lw + 1, bw, max > 0 ? b->values[i] / max : 0, role);
		char v[64];
		snprintf(v, sizeof v, b->fmt ? b->fmt : "%.4g", b->values[i]);
		char padded[80];
		snprintf(padded, sizeof padded, "%*s", vw, v);
		if (r.w - lw - 1 - (bw > 0 ? bw : 0) - 1 > 0)
			put_text(t, y, r.x + r.w - vw, vw, padded, TUI_ROLE_NORMAL);
	}
}
