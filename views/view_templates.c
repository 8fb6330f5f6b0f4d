/*
 * view_templates.c - the log templates of a dataset, most frequent first,
 * each with its label mix. Enter opens a browser on that template's lines;
 * a class key labels every line of the selected template (one undo step).
 *
 * Templates come from the session (view_labels.h), mined in slices by the
 * work hook while this view shows its progress; the list is rebuilt when
 * labels change so the mix is always current.
 *
 * A template longer than the screen (a stack frame's, a request's with its
 * headers) scrolls sideways with h/l/^/$ while the id, count and label
 * columns stay: they say which template the text on screen belongs to.
 */
#include <stdlib.h>
#include <string.h>

#include "textcell.h"
#include "view_labels.h"

struct templates_view {
	struct view_lab *s;
	long *order; /* template ids, most lines first */
	size_t *mix, ntpl, nc;
	size_t cur, top;
	int height;
	uint64_t built_version;
	int built;
	int mixw; /* the labels column, fitted at each rebuild */
	struct view_lab_hscroll hs;
	char *tpl; /* the text of the template being drawn, grown to fit */
	size_t tpl_cap;
	char text[1024];
};

static void rebuild(struct templates_view *tv, struct tui *t)
{
	free(tv->order);
	free(tv->mix);
	tv->order = NULL;
	tv->mix = NULL;
	tv->ntpl = 0;
	if (view_lab_template_stats(tv->s, &tv->order, &tv->mix, &tv->ntpl, &tv->nc) != LL_OK) {
		tui_error(t, "out of memory listing templates");
		return;
	}
	tv->mixw = view_lab_mix_width(tv->s, tv->order, tv->mix, tv->nc, tv->ntpl);
	tv->built = 1;
	tv->built_version = tv->s->version;
	if (tv->cur >= tv->ntpl)
		tv->cur = tv->ntpl ? tv->ntpl - 1 : 0;
}

static int templates_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)t;
	if (!arg)
		return ll_err_set(err, LL_EUSAGE, "the templates view opens from a browser");
	struct templates_view *tv = calloc(1, sizeof *tv);
	if (!tv)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	tv->s = (struct view_lab *)arg;
	v->state = tv;
	return LL_OK;
}

static void templates_close(struct view *v)
{
	struct templates_view *tv = v->state;
	free(tv->order);
	free(tv->mix);
	free(tv->tpl);
	free(tv);
}

/* Template id's whole text into tv->tpl (grown to fit; on out-of-memory the
 * text cut to what fits, still terminated). */
static const char *template_text(struct templates_view *tv, long id)
{
	size_t need = ll_tpl_text(tv->s->miner, id, tv->tpl, tv->tpl_cap);
	if (need >= tv->tpl_cap) {
		char *bigger = realloc(tv->tpl, need + 1);
		if (bigger) {
			tv->tpl = bigger;
			tv->tpl_cap = need + 1;
			ll_tpl_text(tv->s->miner, id, tv->tpl, tv->tpl_cap);
		}
	}
	return tv->tpl ? tv->tpl : "";
}

static size_t lines_of(const struct templates_view *tv, size_t i)
{
	const size_t *m = &tv->mix[(size_t)tv->order[i] * (tv->nc + 1)];
	size_t n = 0;
	for (size_t k = 0; k <= tv->nc; k++)
		n += m[k];
	return n;
}

static void templates_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct templates_view *tv = v->state;
	struct view_lab *s = tv->s;
	if (view_lab_templates_ready(s) && (!tv->built || tv->built_version != s->version))
		rebuild(tv, t);
	tv->height = r.h - 1 > 0 ? r.h - 1 : 1;
	tui_fill(t, r.y, r.x, r.w, TUI_ROLE_HEADER, 0);
	snprintf(tv->text, sizeof tv->text, "  %6s %8s  %-*s %s", "id", "lines", tv->built ? tv->mixw : 30, "labels",
		 "template");
	tui_draw_text_marked(t, r.y, r.x, r.w, tv->text, strlen(tv->text), 0, TUI_ROLE_HEADER, 0);
	if (!tv->built) {
		for (int y = 1; y < r.h; y++)
			tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
		if (r.h > 1) {
			if (s->tpl_failed)
				snprintf(tv->text, sizeof tv->text, "  %.1000s", s->tpl_msg);
			else
				snprintf(tv->text, sizeof tv->text, "  mining templates… %d%% (%zu of %zu lines)",
					 (int)(100 * view_lab_templates_progress(s)), s->tpl_done, s->tpl_rows);
			tui_draw_text_marked(t, r.y + 1, r.x, r.w, tv->text, strlen(tv->text), 0, TUI_ROLE_NORMAL, 0);
		}
		return;
	}
	size_t h = (size_t)tv->height;
	if (tv->cur < tv->top)
		tv->top = tv->cur;
	if (tv->cur >= tv->top + h)
		tv->top = tv->cur - h + 1;
	size_t maxw = 0;
	for (int y = 1; y < r.h; y++) {
		size_t i = tv->top + (size_t)(y - 1);
		if (i >= tv->ntpl) {
			tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
			continue;
		}
		long id = tv->order[i];
		attr_t sel = i == tv->cur ? A_REVERSE : 0;
		char mixbuf[256];
		view_lab_mix_text(s, &tv->mix[(size_t)id * (tv->nc + 1)], tv->nc, mixbuf, sizeof mixbuf);
		char mixcol[300];
		view_lab_pad(mixbuf, tv->mixw, mixcol, sizeof mixcol);
		/* the columns that stay, then the template from tv->hs.hoff */
		snprintf(tv->text, sizeof tv->text, "  %6ld %8zu  %s ", id, lines_of(tv, i), mixcol);
		size_t fixed_len = strlen(tv->text);
		int fixed = (int)tc_width(tv->text, fixed_len, tui_utf8(t));
		if (fixed >= r.w) {
			tui_draw_text_marked(t, r.y + y, r.x, r.w, tv->text, fixed_len, 0, TUI_ROLE_NORMAL, sel);
			continue;
		}
		tui_draw_text(t, r.y + y, r.x, fixed, tv->text, fixed_len, 0, TUI_ROLE_NORMAL, sel, NULL, 0);
		const char *tpl = template_text(tv, id);
		size_t w = tui_draw_text_marked(t, r.y + y, r.x + fixed, r.w - fixed, tpl, strlen(tpl), tv->hs.hoff,
						TUI_ROLE_NORMAL, sel);
		if (w > maxw)
			maxw = w;
		tv->hs.w = r.w - fixed;
	}
	tv->hs.maxw = maxw;
}

/* Every row of template id, for labelling; NULL on out-of-memory. */
static size_t *rows_of(const struct view_lab *s, long id, size_t *n)
{
	size_t k = 0;
	for (size_t r = 0; r < s->tpl_rows; r++)
		k += s->tpl[r] == id;
	size_t *rows = malloc((k ? k : 1) * sizeof *rows);
	if (!rows)
		return NULL;
	k = 0;
	for (size_t r = 0; r < s->tpl_rows; r++)
		if (s->tpl[r] == id)
			rows[k++] = r;
	*n = k;
	return rows;
}

static int templates_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct templates_view *tv = v->state;
	struct view_lab *s = tv->s;
	size_t h = tv->height > 0 ? (size_t)tv->height : 1, last = tv->ntpl ? tv->ntpl - 1 : 0;
	if (view_lab_hscroll_request(&tv->hs, t, req))
		return 1;
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
		if (tv->cur < last)
			tv->cur++;
		break;
	case TUI_REQ_MOVE_UP:
		if (tv->cur)
			tv->cur--;
		break;
	case TUI_REQ_MOVE_HALF_PAGE_DOWN:
	case TUI_REQ_MOVE_PAGE_DOWN: {
		size_t step = req == TUI_REQ_MOVE_PAGE_DOWN ? h : (h / 2 ? h / 2 : 1);
		tv->cur = tv->cur + step < last ? tv->cur + step : last;
		break;
	}
	case TUI_REQ_MOVE_HALF_PAGE_UP:
	case TUI_REQ_MOVE_PAGE_UP: {
		size_t step = req == TUI_REQ_MOVE_PAGE_UP ? h : (h / 2 ? h / 2 : 1);
		tv->cur = tv->cur > step ? tv->cur - step : 0;
		break;
	}
	case TUI_REQ_SCROLL_LINE_DOWN:
		tv->cur = tv->cur + 3 < last ? tv->cur + 3 : last;
		break;
	case TUI_REQ_SCROLL_LINE_UP:
		tv->cur = tv->cur > 3 ? tv->cur - 3 : 0;
		break;
	case TUI_REQ_MOUSE_SELECT: {
		int y, x;
		tui_mouse_pos(t, &y, &x);
		if (y > v->rect.y && y < v->rect.y + v->rect.h && tv->top + (size_t)(y - v->rect.y - 1) < tv->ntpl)
			tv->cur = tv->top + (size_t)(y - v->rect.y - 1);
		break;
	}
	case TUI_REQ_MOVE_FIRST_LINE:
		tv->cur = 0;
		break;
	case TUI_REQ_MOVE_LAST_LINE:
		tv->cur = last;
		break;
	case TUI_REQ_UNDO:
	case TUI_REQ_REDO:
		view_lab_undo(s, t, req == TUI_REQ_REDO);
		break;
	case TUI_REQ_CANCEL:
		return view_lab_stage_cancel(s, t);
	case TUI_REQ_ENTER:
	case TUI_REQ_LABEL_CLASS: {
		if (!tv->built || !tv->ntpl) {
			tui_error(t, "the templates are still being mined");
			break;
		}
		long id = tv->order[tv->cur];
		size_t n = 0;
		size_t *rows = rows_of(s, id, &n);
		if (!rows) {
			tui_error(t, "out of memory");
			break;
		}
		if (req == TUI_REQ_ENTER) {
			struct view_browser_arg a = {s, id, n ? rows[0] : 0, 0};
			tui_push_view(t, &view_browser_ops, &a);
		} else {
			char what[64];
			snprintf(what, sizeof what, "template %ld", id);
			view_lab_stage_key(s, t, tui_last_key(t), rows, n, "template", what, NULL, NULL);
		}
		free(rows);
		break;
	}
	default:
		return 0;
	}
	return 1;
}

static void templates_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct templates_view *tv = v->state;
	(void)t;
	size_t read, n;
	if (view_lab_stage_progress(tv->s, &read, &n))
		snprintf(buf, cap, " templates  labelling: %zu of %zu lines read… (Esc stops)", read, n);
	else if (!tv->built)
		snprintf(buf, cap, " templates  mining… %d%%",
			 (int)(100 * view_lab_templates_progress(tv->s)));
	else if (tv->hs.hoff)
		/* short templates look empty: say the screen is not at their start */
		snprintf(buf, cap, " templates  %zu/%zu  from column %zu  (Enter: its lines; a class key labels them all)",
			 tv->ntpl ? tv->cur + 1 : 0, tv->ntpl, tv->hs.hoff + 1);
	else
		snprintf(buf, cap, " templates  %zu/%zu  (Enter: its lines; a class key labels them all)",
			 tv->ntpl ? tv->cur + 1 : 0, tv->ntpl);
}

static int templates_work(struct view *v, struct tui *t)
{
	struct templates_view *tv = v->state;
	view_lab_poll(tv->s, t);
	double deadline = tui_now_ms() + 25.0;
	if (view_lab_stage_work(tv->s, t, deadline))
		return 1;
	return view_lab_templates_work(tv->s, t, deadline);
}

static int templates_help(const struct view *v, struct view_lines *out)
{
	const struct templates_view *tv = v->state;
	return view_lab_help_lines(tv->s, out);
}

static const struct view_key templates_own[] = {
	{TUI_REQ_ENTER, "Show the template's lines in the browser"},
	{TUI_REQ_LABEL_CLASS, "Label every line of the template with the key's class"},
	{TUI_REQ_UNDO, NULL},
	{TUI_REQ_REDO, NULL},
	{TUI_REQ_CANCEL, "Stop a label whose lines are being read (nothing labelled)"},
	{TUI_REQ_NONE, NULL},
};
static const struct view_key *const templates_keys[] = {view_keys_list, view_keys_hscroll, templates_own, NULL};

const struct view_ops view_templates_ops = {
	.name = "templates",
	.help = "Log templates by count with their label mix",
	.open = templates_open,
	.close = templates_close,
	.draw = templates_draw,
	.request = templates_request,
	.status = templates_status,
	.work = templates_work,
	.help_more = templates_help,
	.keys = templates_keys,
};
