/*
 * view_notes.c - every note the reader left on the file (":notes" in the
 * browser). The status bar counts them ("2 notes") and the message line
 * shows the first, cut to the terminal; here each is whole, wrapped at
 * blanks to the width of the screen when the view opens.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "view.h"

/* Adds note as lines of at most width bytes, cut at the last blank when
 * there is one; lines after the first are indented by two. */
static int add_wrapped(struct view_lines *l, const char *note, size_t width)
{
	int rc = LL_OK;
	const char *indent = "";
	size_t n = strlen(note);
	while (rc == LL_OK) {
		size_t room = width > 12 ? width - strlen(indent) : n;
		size_t take = n;
		if (n > room) {
			take = room;
			while (take > room / 2 && note[take] != ' ')
				take--;
			if (note[take] != ' ')
				take = room; /* one long word: cut it */
		}
		rc = view_lines_addf(l, TUI_ROLE_NORMAL, "%s%.*s", indent, (int)take, note);
		while (take < n && note[take] == ' ')
			take++;
		note += take;
		n -= take;
		if (!n)
			break;
		indent = "  ";
	}
	return rc;
}

static int notes_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	struct ds_dataset *ds = tui_dataset(t);
	(void)arg;
	/* the view's state is its lines alone */
	struct view_lines *lines = view_lines_new();
	if (!lines)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	size_t nn = ds_dataset_nnotes(ds), width = COLS > 1 ? (size_t)COLS - 1 : 80;
	int rc = LL_OK;
	if (!nn)
		rc = view_lines_add(lines, "(no notes: the file was read without a remark)", TUI_ROLE_NORMAL);
	for (size_t i = 0; rc == LL_OK && i < nn; i++)
		rc = add_wrapped(lines, ds_dataset_note(ds, i), width);
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

static const struct view_key *const notes_keys[] = {view_keys_lines, view_keys_hscroll, NULL};

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
