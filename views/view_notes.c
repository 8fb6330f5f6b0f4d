/*
 * view_notes.c - every note the reader left on the file (":notes" in the
 * browser). The status bar counts them ("2 notes") and the message line
 * shows the first, cut to the terminal; here each is whole, wrapped at
 * blanks to the width of the screen (view_lines), its rows after the
 * first indented by two.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "view.h"

static int notes_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	struct ds_dataset *ds = tui_dataset(t);
	(void)arg;
	/* the view's state is its lines alone */
	struct view_lines *lines = view_lines_new();
	if (!lines)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	/* wrapped at the screen's width, again on a resize */
	view_lines_set_wrap(lines, 1);
	size_t nn = ds_dataset_nnotes(ds);
	int rc = LL_OK;
	if (!nn)
		rc = view_lines_add(lines, "(no notes: the file was read without a remark)", TUI_ROLE_NORMAL);
	for (size_t i = 0; rc == LL_OK && i < nn; i++)
		rc = view_lines_add(lines, ds_dataset_note(ds, i), TUI_ROLE_NORMAL);
	if (rc != LL_OK) {
		view_lines_free(lines);
		return ll_err_set(err, rc, "out of memory");
	}
	v->state = lines;
	return LL_OK;
}

static void notes_close(struct view *v)
{
	view_lines_free(v->state);
}

static void notes_draw(struct view *v, struct tui *t, struct view_rect r)
{
	view_lines_draw(v->state, t, r);
}

static int notes_request(struct view *v, struct tui *t, enum tui_request req)
{
	return view_lines_request(v->state, t, req);
}

static void notes_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	view_lines_status(v->state, ds_dataset_path(tui_dataset(t)), buf, cap);
}

static const struct view_key *const notes_keys[] = {view_keys_lines, view_keys_find, NULL};

const struct view_ops view_notes_ops = {
	.name = "notes",
	.help = "The reader's notes on the file, whole",
	.open = notes_open,
	.close = notes_close,
	.draw = notes_draw,
	.request = notes_request,
	.status = notes_status,
	.keys = notes_keys,
};
