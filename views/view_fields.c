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
 * otherwise be scattered among the other kinds' empty names.
 */
#include <stdlib.h>
#include <string.h>

#include "textcell.h"
#include "tui.h"
#include "view.h"

struct fields {
	struct view_lines *lines;
	size_t row;
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

static int fields_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	struct ds_dataset *ds = tui_dataset(t);
	size_t row = *(const size_t *)arg;
	if (row >= ds_dataset_nrows(ds))
		return ll_err_set(err, LL_EUSAGE, "no record %zu", row + 1);
	struct fields *f = calloc(1, sizeof *f);
	if (!f || !(f->lines = view_lines_new())) {
		free(f);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	f->row = row;
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
		rc = view_lines_addf(f->lines, cls == LL_NO_LABEL ? TUI_ROLE_NORMAL : (int)tui_label_role(name, cls),
				     "%-*s  %s", width, "label", name);
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
		rc = view_lines_addf(f->lines, TUI_ROLE_NORMAL, "%s  %s", name, buf);
	}
	if (rc == LL_OK && empty)
		rc = view_lines_addf(f->lines, TUI_ROLE_HEADER, "(%zu empty field%s)", empty, empty == 1 ? "" : "s");
	for (size_t c = 0; rc == LL_OK && empty && c < ncols; c++)
		if (blank[c])
			rc = view_lines_addf(f->lines, TUI_ROLE_NORMAL, "%s", ds_dataset_col_name(ds, c));
	free(blank);
	free(buf);
	if (rc != LL_OK) {
		view_lines_free(f->lines);
		free(f);
		return ll_err_set(err, rc, "out of memory reading record %zu", row + 1);
	}
	v->state = f;
	return LL_OK;
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
	char title[64];
	(void)t;
	snprintf(title, sizeof title, "record %zu", f->row + 1);
	view_lines_status(f->lines, title, buf, cap);
}

static const struct view_key *const fields_keys[] = {view_keys_lines, view_keys_hscroll, NULL};

const struct view_ops view_fields_ops = {
	.name = "fields",
	.help = "The fields of one record, name: value",
	.open = fields_open,
	.close = fields_close,
	.draw = fields_draw,
	.request = fields_request,
	.status = fields_status,
	.keys = fields_keys,
};
