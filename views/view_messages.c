/*
 * view_messages.c - the messages shown so far (":messages", in any view),
 * newest first, each whole: the message line is one row and cuts a long
 * message with a '>' ("label not applied: ....labels: cannot open the
 * label journal for writing: Operation not permitte>" on 80 columns), and
 * it is cleared at the next key. Wrapped at blanks to the screen's width
 * (view_lines), errors in the error role.
 */
#include <stdlib.h>

#include "tui.h"
#include "view.h"

static int messages_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)arg;
	struct view_lines *lines = view_lines_new();
	if (!lines)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	view_lines_set_wrap(lines, 1);
	size_t n = tui_message_log_count(t);
	int rc = LL_OK;
	if (!n)
		rc = view_lines_add(lines, "(no messages yet)", TUI_ROLE_NORMAL);
	for (size_t i = 0; rc == LL_OK && i < n; i++) {
		int error = 0;
		const char *m = tui_message_log(t, i, &error);
		rc = view_lines_add(lines, m ? m : "", error ? TUI_ROLE_ERROR : TUI_ROLE_NORMAL);
	}
	if (rc != LL_OK) {
		view_lines_free(lines);
		return ll_err_set(err, rc, "out of memory");
	}
	v->state = lines;
	return LL_OK;
}

static void messages_close(struct view *v)
{
	view_lines_free(v->state);
}

static void messages_draw(struct view *v, struct tui *t, struct view_rect r)
{
	view_lines_draw(v->state, t, r);
}

static int messages_request(struct view *v, struct tui *t, enum tui_request req)
{
	return view_lines_request(v->state, t, req);
}

static void messages_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	(void)t;
	view_lines_status(v->state, "messages, newest first", buf, cap);
}

static const struct view_key *const messages_keys[] = {view_keys_lines, view_keys_find, NULL};

const struct view_ops view_messages_ops = {
	.name = "messages",
	.help = "The messages shown so far, newest first, whole",
	.open = messages_open,
	.close = messages_close,
	.draw = messages_draw,
	.request = messages_request,
	.status = messages_status,
	.keys = messages_keys,
};
