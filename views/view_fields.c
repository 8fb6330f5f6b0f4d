/*
 * view_fields.c - one record as "name: value" lines (Enter in the browser).
 *
 * The record is read once when the view opens, through ds_dataset only;
 * names are padded to a common width so the values line up (a longer name,
 * such as the path of a deeply nested JSON key, keeps its start and its
 * end around a '~': its last part tells it from its neighbours). Fields with a
 * value come first, in the table's order, then the empty ones under a
 * line that counts them: a record of one kind among many (an audit log's,
 * an event log's) fills a few of hundreds of columns, and its values would
 * otherwise be scattered among the other kinds' empty names. Sideways,
 * the values scroll under the names, which stay.
 *
 * A large log read through its line index gains columns when its count
 * completes (the Key: value pairs of records' continuation lines,
 * ds_dataset_ncols): a view opened before then reads its record again
 * once, keeping its place, so they show without opening it again.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "textcell.h"
#include "tui.h"
#include "view.h"

struct fields {
	struct view_lines *lines;
	struct ds_dataset *ds; /* the browser's (borrowed) */
	size_t row;
	int complete; /* the dataset was counted when the lines were read */
};

#define NAME_MAX_WIDTH 24

/* name fitted to width display columns in out: padded with blanks when
 * narrower, else its first third and its end around a '~'. */
static void fit_name(const char *name, int width, int utf8, char *out, size_t cap)
{
	size_t n = strlen(name), w = tc_width(name, n, utf8);
	if (w <= (size_t)width) {
		snprintf(out, cap, "%s%*s", name, width - (int)w, "");
		return;
	}
	size_t head_w = (size_t)width / 3, tail_w = (size_t)width - head_w - 1;
	size_t pos = 0, col = 0, head_end = 0, tail_start = n;
	struct tc_glyph g;
	/* the head: whole glyphs within head_w; the tail: the first glyph
	 * from which the rest is at most tail_w wide */
	while (tc_next(name, n, &pos, col, utf8, &g)) {
		if (col + (size_t)g.width <= head_w)
			head_end = pos;
		col += (size_t)g.width;
		if (tail_start == n && w - (col - (size_t)g.width) <= tail_w)
			tail_start = g.off;
	}
	size_t used = tc_width(name, head_end, utf8) + 1 + tc_width(name + tail_start, n - tail_start, utf8);
	snprintf(out, cap, "%.*s~%s%*s", (int)head_end, name, name + tail_start,
		 used < (size_t)width ? width - (int)used : 0, "");
}

/* "name  value" into lines; a value of several lines (a JSON string holding
 * a stack trace, a pretty-printed document) as a line each, those after the
 * first under the value's column, as it reads where it was written (one
 * line break shown as \x0A would run the trace into one row). Line ends
 * of CR LF and blank last lines are dropped. LL_OK or LL_ENOMEM. */
static int add_value(struct view_lines *lines, const char *name, int width, const char *value)
{
	size_t n = strlen(value);
	while (n && (value[n - 1] == '\n' || value[n - 1] == '\r'))
		n--;
	int rc = LL_OK;
	for (size_t start = 0, k = 0; rc == LL_OK && start <= n; k++) {
		const char *nl = memchr(value + start, '\n', n - start);
		size_t end = nl ? (size_t)(nl - value) : n, len = end - start;
		if (len && value[start + len - 1] == '\r')
			len--;
		/* the name (or as many blanks under it), two blanks, the line */
		size_t head = k ? (size_t)width + 2 : strlen(name) + 2;
		char *text = malloc(head + len + 1);
		if (!text)
			return LL_ENOMEM;
		memset(text, ' ', head);
		if (!k)
			memcpy(text, name, head - 2);
		memcpy(text + head, value + start, len);
		text[head + len] = '\0';
		/* the names stay when the values scroll sideways */
		rc = view_lines_add_frozen(lines, text, TUI_ROLE_NORMAL, width + 2);
		free(text);
		start = end + 1;
	}
	return rc;
}

/* f->lines from the record's cells (f->lines empty). LL_OK or LL_ENOMEM. */
static int fill(struct fields *f, struct tui *t)
{
	struct ds_dataset *ds = f->ds;
	size_t row = f->row;
	f->complete = ds_dataset_complete(ds);
	size_t ncols = ds_dataset_ncols(ds);
	int width = (int)strlen("label");
	for (size_t c = 0; c < ncols; c++) {
		int w = (int)strlen(ds_dataset_col_name(ds, c));
		if (w > width)
			width = w > NAME_MAX_WIDTH ? NAME_MAX_WIDTH : w;
	}
	int rc = LL_OK;
	if (ds_dataset_nclasses(ds) > 0) {
		int cls = ds_dataset_label(ds, row);
		const char *name = cls == LL_NO_LABEL ? "(none)" : ds_dataset_class_name(ds, (size_t)cls);
		char text[300];
		snprintf(text, sizeof text, "%-*s  %s", width, "label", name);
		rc = view_lines_add_frozen(f->lines, text,
					   cls == LL_NO_LABEL ? TUI_ROLE_NORMAL : (int)tui_label_role(name, cls), width + 2);
	}
	/* Cells are fetched into a buffer that grows to the longest one. */
	size_t cap = 4096, empty = 0;
	char *buf = malloc(cap);
	unsigned char *blank = calloc(ncols ? ncols : 1, 1);
	for (size_t c = 0; rc == LL_OK && c < ncols; c++) {
		if (!buf || !blank) {
			rc = LL_ENOMEM;
			break;
		}
		size_t need = ds_dataset_cell(ds, row, c, buf, cap);
		if (need >= cap) {
			char *bigger = realloc(buf, need + 1);
			if (!bigger) {
				rc = LL_ENOMEM;
				break;
			}
			buf = bigger;
			cap = need + 1;
			ds_dataset_cell(ds, row, c, buf, cap);
		}
		if (!*buf) {
			blank[c] = 1;
			empty++;
			continue;
		}
		char name[4 * NAME_MAX_WIDTH + 8];
		fit_name(ds_dataset_col_name(ds, c), width, tui_utf8(t), name, sizeof name);
		rc = add_value(f->lines, name, width, buf);
	}
	/* names without values stay whole while the values scroll (unless
	 * wider than the screen) */
	if (rc == LL_OK && empty) {
		char head[64];
		snprintf(head, sizeof head, "(%zu empty field%s)", empty, empty == 1 ? "" : "s");
		rc = view_lines_add_frozen(f->lines, head, TUI_ROLE_HEADER, (int)strlen(head));
	}
	for (size_t c = 0; rc == LL_OK && empty && c < ncols; c++)
		if (blank[c]) {
			const char *name = ds_dataset_col_name(ds, c);
			size_t w = tc_width(name, strlen(name), tui_utf8(t));
			rc = view_lines_add_frozen(f->lines, name, TUI_ROLE_NORMAL, w < INT_MAX ? (int)w : 0);
		}
	free(blank);
	free(buf);
	return rc;
}

static int fields_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	const struct view_fields_arg *a = arg;
	if (a->row >= ds_dataset_nrows(a->ds))
		return ll_err_set(err, LL_EUSAGE, "no record %zu", a->row + 1);
	struct fields *f = calloc(1, sizeof *f);
	if (!f || !(f->lines = view_lines_new())) {
		free(f);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	f->ds = a->ds;
	f->row = a->row;
	if (fill(f, t) != LL_OK) {
		view_lines_free(f->lines);
		free(f);
		return ll_err_set(err, LL_ENOMEM, "out of memory reading record %zu", a->row + 1);
	}
	v->state = f;
	return LL_OK;
}

/* Once the count completes, the record again: its columns may have grown. */
static int fields_work(struct view *v, struct tui *t)
{
	struct fields *f = v->state;
	if (f->complete || !ds_dataset_complete(f->ds))
		return 0;
	view_lines_clear(f->lines);
	if (fill(f, t) != LL_OK)
		tui_error(t, "out of memory reading record %zu", f->row + 1);
	return 0;
}

static void fields_close(struct view *v)
{
	struct fields *f = v->state;
	view_lines_free(f->lines);
	free(f);
}

static void fields_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct fields *f = v->state;
	view_lines_draw(f->lines, t, r);
}

static int fields_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct fields *f = v->state;
	if (req == TUI_REQ_ENTER)
		return 1; /* already here */
	return view_lines_request(f->lines, t, req);
}

static void fields_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct fields *f = v->state;
	char title[96];
	(void)t;
	/* until the count completes, columns may still come (see above) */
	snprintf(title, sizeof title, "record %zu%s", f->row + 1, f->complete ? "" : " (counting: more fields may come)");
	view_lines_status(f->lines, title, buf, cap);
}

static const struct view_key *const fields_keys[] = {view_keys_lines, view_keys_hscroll, view_keys_find, NULL};

const struct view_ops view_fields_ops = {
	.name = "fields",
	.help = "The fields of one record, name: value",
	.open = fields_open,
	.close = fields_close,
	.draw = fields_draw,
	.request = fields_request,
	.status = fields_status,
	.work = fields_work,
	.keys = fields_keys,
};
