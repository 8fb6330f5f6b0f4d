/*
 * tui.c - the main loop, the view stack, the status bar and command line.
 *
 * One loop serves the real terminal and key scripts alike: read a key,
 * map it to a request (bindings of the top view, then generic ones), give
 * it to the top view, else handle it here (quit, help, prompt, redraw).
 * Between keys the top view's long work runs in slices of a few ms (the
 * ncdu way: the UI never freezes and Esc cancels); while the dataset is
 * still being counted, and when idle (views poll for outside changes),
 * the screen refreshes a few times a second. A resize
 * is handled in exactly one place, handle_key().
 */
#include "tui_priv.h"
#include "tui_fetch.h"

#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "textcell.h"
#include "view_job.h"
#include "view_labels.h"
#include "view_ws.h"

double tui_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct ds_dataset *tui_dataset(struct tui *t)
{
	return t->ds;
}

const struct tui_bindings *tui_bindings(const struct tui *t)
{
	return t->bind;
}

void tui_mouse_pos(const struct tui *t, int *y, int *x)
{
	*y = t->mouse_y;
	*x = t->mouse_x;
}

int tui_utf8(const struct tui *t)
{
	return t->utf8;
}

int tui_scripted(const struct tui *t)
{
	return t->scripted;
}

static void set_message(struct tui *t, int error, const char *fmt, va_list ap)
{
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	t->msg_error = error;
}

/* The message just set, into the ring :messages lists (not a progress
 * line of tui_busy, not the same text twice in a row). Out of memory it is
 * only not kept. */
static void log_message(struct tui *t)
{
	if (!t->msg[0])
		return;
	if (t->msg_log_n) {
		size_t last = (t->msg_log_next + TUI_MSG_LOG - 1) % TUI_MSG_LOG;
		if (t->msg_log[last] && !strcmp(t->msg_log[last], t->msg))
			return;
	}
	char *copy = strdup(t->msg);
	if (!copy)
		return;
	free(t->msg_log[t->msg_log_next]);
	t->msg_log[t->msg_log_next] = copy;
	t->msg_log_error[t->msg_log_next] = (unsigned char)t->msg_error;
	t->msg_log_next = (t->msg_log_next + 1) % TUI_MSG_LOG;
	if (t->msg_log_n < TUI_MSG_LOG)
		t->msg_log_n++;
}

size_t tui_message_log_count(const struct tui *t)
{
	return t->msg_log_n;
}

const char *tui_message_log(const struct tui *t, size_t i, int *error)
{
	if (i >= t->msg_log_n)
		return NULL;
	size_t k = (t->msg_log_next + TUI_MSG_LOG - 1 - i) % TUI_MSG_LOG;
	if (error)
		*error = t->msg_log_error[k];
	return t->msg_log[k];
}

void tui_message(struct tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(t, 0, fmt, ap);
	va_end(ap);
	log_message(t);
}

void tui_error(struct tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(t, 1, fmt, ap);
	va_end(ap);
	log_message(t);
}

const char *tui_message_text(const struct tui *t)
{
	return t->msg;
}

void tui_busy(struct tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(t, 0, fmt, ap);
	va_end(ap);
	if (t->headless)
		return;
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	if (rows < 2)
		return;
	/* the message line alone: the view is mid-request, not drawn */
	tui_draw_text_marked(t, rows - 1, 0, cols, t->msg, strlen(t->msg), 0, TUI_ROLE_MESSAGE, 0);
	wnoutrefresh(stdscr);
	doupdate();
}

static struct view *top(struct tui *t)
{
	return t->depth ? t->stack[t->depth - 1] : NULL;
}

int tui_push_view(struct tui *t, const struct view_ops *ops, const void *arg)
{
	struct ll_err err;
	ll_err_clear(&err);
	if (t->depth == TUI_MAX_VIEWS) {
		tui_error(t, "too many views open");
		return LL_EUSAGE;
	}
	struct view *v = calloc(1, sizeof *v);
	if (!v) {
		tui_error(t, "out of memory");
		return LL_ENOMEM;
	}
	v->ops = ops;
	int rc = ops->open ? ops->open(v, t, arg, &err) : LL_OK;
	if (rc != LL_OK) {
		free(v);
		tui_error(t, "%s: %s", ops->name, err.msg);
		return rc;
	}
	t->stack[t->depth++] = v;
	return LL_OK;
}

/* The key being handled. One loop runs per process, so file scope is
 * enough and struct tui keeps to the terminal and the stack. */
static int last_key;
static double last_key_ms;

int tui_last_key(const struct tui *t)
{
	(void)t;
	return last_key;
}

double tui_last_key_ms(const struct tui *t)
{
	(void)t;
	return last_key_ms;
}

int tui_bind_key(struct tui *t, const char *view, int key, enum tui_request req)
{
	return tui_bindings_set(t->bind, view, key, req);
}

static void pop_view(struct tui *t)
{
	struct view *v = top(t);
	if (!v)
		return;
	if (v->ops->close)
		v->ops->close(v);
	free(v);
	t->depth--;
}

void tui_pop_view(struct tui *t)
{
	pop_view(t);
}

struct view *tui_view_below(struct tui *t, int n)
{
	return n >= 0 && n < t->depth ? t->stack[t->depth - 1 - n] : NULL;
}

static int views_may_close(struct tui *t, int keep);

int tui_pop_to(struct tui *t, int n)
{
	if (n < 0 || n >= t->depth || !views_may_close(t, t->depth - n))
		return 0;
	while (n-- > 0)
		pop_view(t);
	return 1;
}

/* Whether the views above the first `keep` may close, asked from the top
 * down (view_ops.may_close); 0 as soon as one would rather stay. */
static int views_may_close(struct tui *t, int keep)
{
	for (int i = t->depth; i > keep; i--) {
		struct view *v = t->stack[i - 1];
		if (v->ops->may_close && !v->ops->may_close(v, t))
			return 0;
	}
	return 1;
}

/* What quitting leaves of the running training, so that y is answered
 * knowing whether the work is lost: the trainers that write a checkpoint
 * every epoch continue from it (R in the runs view) when it is still in
 * the run folder, the others start again. */
static void quit_leaves(const struct view_job_status *st, char *out, size_t cap)
{
	int checkpoints = !strcmp(st->model, "mlp") || !strcmp(st->model, "lstm");
	if (!checkpoints)
		snprintf(out, cap, "; a %s run keeps no checkpoint: it would be trained again", st->model);
	else if (st->has_progress && st->p.epochs_done > 0 && view_job_checkpoint_kept(st))
		snprintf(out, cap, "; R in the runs view continues it from epoch %d", st->p.epochs_done);
	else if (st->has_progress && st->p.epochs_done > 0)
		snprintf(out, cap, "; its checkpoint is gone, so nothing is kept to continue from");
	else
		snprintf(out, cap, "; no epoch has finished, so nothing is kept to continue from");
}

/* Trainings queued from the TUI end with it (view_job_shutdown cancels
 * them; a run under way keeps its folder, marked cancelled): quitting asks
 * first. y quits, any other key stays. */
static int jobs_may_end(struct tui *t)
{
	if (t->headless || !view_job_busy())
		return 1;
	size_t n = 0;
	char running[160] = "", after[160] = "";
	struct view_job_status st;
	for (size_t i = 0; i < view_job_count(); i++)
		if (view_job_status(i, &st) && st.state < VIEW_JOB_DONE) {
			n++;
			if (st.state != VIEW_JOB_QUEUED && !running[0]) {
				snprintf(running, sizeof running, " (%s running)", st.experiment);
				quit_leaves(&st, after, sizeof after);
			}
		}
	char prompt[512];
	snprintf(prompt, sizeof prompt, "%zu training%s under way%s: quitting cancels %s%s. Quit? (y/n) ", n,
		 n == 1 ? "" : "s", running, n == 1 ? "it" : "them", after);
	int k = tui_ask_key(t, prompt);
	if (k == 'y' || k == 'Y')
		return 1;
	tui_message(t, "not quit: the training goes on");
	return 0;
}

/* Whether loglab may quit: every view may close, then the trainings may end. */
static int may_quit(struct tui *t)
{
	return views_may_close(t, 0) && jobs_may_end(t);
}

/* ---- drawing ---- */

static void draw_status(struct tui *t, struct view *v, int y, int cols)
{
	char left[1024] = "", right[64];
	if (v && v->ops->status)
		v->ops->status(v, t, left, sizeof left);
	snprintf(right, sizeof right, " [%s] ", v ? v->ops->name : "");
	int rw = (int)strlen(right);
	if (rw > cols / 3)
		rw = 0;
	tui_fill(t, y, 0, cols, TUI_ROLE_STATUS, 0);
	tui_draw_text_marked(t, y, 0, cols - rw, left, strlen(left), 0, TUI_ROLE_STATUS, 0);
	if (rw)
		tui_draw_text(t, y, cols - rw, rw, right, (size_t)rw, 0, TUI_ROLE_STATUS, 0, NULL, 0);
}

static void draw(struct tui *t)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	struct view *v = top(t);
	/* Content on top, then the status bar, then the message line; on a
	 * terminal too small for all three the content goes first. */
	int status_y = rows >= 2 ? rows - 2 : rows - 1;
	struct view_rect r = {0, 0, rows >= 3 ? rows - 2 : 0, cols};
	if (v) {
		v->rect = r;
		if (r.h > 0 && r.w > 0)
			v->ops->draw(v, t, r);
	}
	if (rows >= 1)
		draw_status(t, v, status_y, cols);
	if (rows >= 2)
		tui_draw_text_marked(t, rows - 1, 0, cols, t->msg, strlen(t->msg), 0,
				     t->msg_error ? TUI_ROLE_ERROR : TUI_ROLE_MESSAGE, 0);
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- the command line ---- */

static void utf8_append(char *buf, size_t cap, int c)
{
	size_t n = strlen(buf);
	char tmp[5] = {0};
	if (c < 0x80) {
		tmp[0] = (char)c;
	} else if (c < 0x800) {
		tmp[0] = (char)(0xC0 | (c >> 6));
		tmp[1] = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		tmp[0] = (char)(0xE0 | (c >> 12));
		tmp[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		tmp[2] = (char)(0x80 | (c & 0x3F));
	} else {
		tmp[0] = (char)(0xF0 | (c >> 18));
		tmp[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		tmp[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		tmp[3] = (char)(0x80 | (c & 0x3F));
	}
	size_t k = strlen(tmp);
	if (n + k < cap)
		memcpy(buf + n, tmp, k + 1);
}

static void resize(struct tui *t, const struct tui_key *k)
{
	if (t->scripted)
		resize_term(k->y, k->x);
	clearok(curscr, TRUE);
}

/* ---- Tab completion of ':' commands ---- */

#define COMPLETE_MAX 64
struct completions {
	char word[COMPLETE_MAX][32];
	size_t n;
};

static void add_candidate(struct completions *c, const char *w, size_t len, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (!len || len >= sizeof c->word[0] || len < pl || strncmp(w, prefix, pl) != 0)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->word[i]) == len && !strncmp(c->word[i], w, len))
			return;
	if (c->n < COMPLETE_MAX) {
		memcpy(c->word[c->n], w, len);
		c->word[c->n++][len] = '\0';
	}
}

/* The command names of one table that start with prefix: the leading
 * words of each syntax, alternatives joined by ", " ("q, quit, qa"); a
 * placeholder (N, TIME: no lower-case start) is no name. */
static void table_candidates(struct completions *c, const struct view_cmd *cmds, const char *prefix)
{
	for (size_t i = 0; cmds[i].syntax; i++) {
		const char *p = cmds[i].syntax;
		for (;;) {
			size_t len = strcspn(p, " ,");
			if (*p >= 'a' && *p <= 'z')
				add_candidate(c, p, len, prefix);
			if (p[len] != ',')
				break;
			p += len + 1;
			while (*p == ' ')
				p++;
		}
	}
}

/* Tab on the ':' line: the command word typed so far completed from the
 * commands the help lists (the loop's and the top view's); when several
 * fit, as far as they agree, and their names shown on the status bar's
 * row. Arguments are not completed. */
static void complete_command(struct tui *t, char *buf, size_t cap)
{
	if (strchr(buf, ' '))
		return;
	struct completions c;
	c.n = 0;
	table_candidates(&c, tui_commands, buf);
	table_candidates(&c, view_names_cmds, buf);
	struct view *v = top(t);
	for (size_t i = 0; v && v->ops->commands && v->ops->commands[i]; i++)
		table_candidates(&c, v->ops->commands[i], buf);
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	if (c.n == 0) {
		if (rows >= 2)
			tui_draw_text_marked(t, rows - 2, 0, cols, "no command starts so (? lists them)", 35, 0,
					     TUI_ROLE_STATUS, 0);
		return;
	}
	if (c.n == 1) {
		snprintf(buf, cap, "%s ", c.word[0]);
		return;
	}
	size_t common = strlen(c.word[0]);
	for (size_t i = 1; i < c.n; i++) {
		size_t k = 0;
		while (k < common && c.word[i][k] == c.word[0][k])
			k++;
		common = k;
	}
	if (common > strlen(buf) && common < cap)
		snprintf(buf, common + 1, "%s", c.word[0]);
	char list[1024];
	size_t used = 0;
	for (size_t i = 0; i < c.n && used + 1 < sizeof list; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? "  " : " ", c.word[i]);
	if (used >= sizeof list)
		used = sizeof list - 1;
	if (rows >= 2)
		tui_draw_text_marked(t, rows - 2, 0, cols, list, used, 0, TUI_ROLE_STATUS, 0);
}

/* Up (Ctrl-P) and Down (Ctrl-N) on a prompt: the line `back` steps back
 * in its history into buf; back 0 is what was being typed (draft). */
static void recall(struct tui *t, const char *prompt, char *buf, size_t cap, char *draft, size_t *back, int older)
{
	size_t want = older ? *back + 1 : (*back ? *back - 1 : 0);
	if (want == *back)
		return;
	const char *line = want ? tui_history_get(t, prompt, want) : draft;
	if (!line)
		return;
	if (*back == 0 && draft)
		snprintf(draft, cap, "%s", buf);
	snprintf(buf, cap, "%s", want ? line : draft);
	*back = want;
}

int tui_prompt(struct tui *t, const char *prompt, char *buf, size_t cap)
{
	buf[0] = '\0';
	int accepted = -1;
	size_t back = 0;
	char *draft = calloc(1, cap);
	curs_set(1);
	while (accepted < 0) {
		int rows, cols;
		getmaxyx(stdscr, rows, cols);
		size_t pw = tc_width(prompt, strlen(prompt), t->utf8);
		size_t bw = tc_width(buf, strlen(buf), t->utf8);
		/* A prompt of more than half the screen is cut (with a mark):
		 * what is typed must stay in sight. */
		int pcut = cols >= 8 && pw > (size_t)cols / 2;
		if (pcut)
			pw = (size_t)cols / 2;
		/* Keep the end of a long input visible. */
		size_t room = cols > (int)pw + 1 ? (size_t)cols - pw - 1 : 0;
		size_t hoff = bw > room ? bw - room : 0;
		if (pcut)
			tui_draw_text_marked(t, rows - 1, 0, (int)pw, prompt, strlen(prompt), 0, TUI_ROLE_MESSAGE, 0);
		else
			tui_draw_text(t, rows - 1, 0, (int)pw, prompt, strlen(prompt), 0, TUI_ROLE_MESSAGE, 0, NULL, 0);
		tui_draw_text(t, rows - 1, (int)pw, cols - (int)pw, buf, strlen(buf), hoff, TUI_ROLE_MESSAGE, 0, NULL,
			      0);
		int cx = (int)(pw + bw - hoff);
		wmove(stdscr, rows - 1, cx < cols ? cx : cols - 1);
		wnoutrefresh(stdscr);
		doupdate();
		struct tui_key k;
		int got = tui_term_key(t, -1, &k);
		if (got < 0) {
			accepted = 0;
			break;
		}
		if (got == 0)
			continue;
		if (k.code == '\n' || k.code == '\r' || k.code == TUI_KEY_FN(KEY_ENTER)) {
			accepted = 1;
		} else if (k.code == TUI_KEY_ESC || k.code == TUI_KEY_CTRL('c') || k.code == TUI_KEY_CTRL('g')) {
			accepted = 0;
		} else if (k.code == TUI_KEY_FN(KEY_BACKSPACE) || k.code == 127 || k.code == 8) {
			size_t n = strlen(buf);
			if (n == 0) {
				accepted = 0; /* like vi: backspace on an empty line leaves */
			} else {
				while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
					n--;
				buf[n > 0 ? n - 1 : 0] = '\0';
			}
		} else if (k.code == TUI_KEY_CTRL('u')) {
			buf[0] = '\0';
		} else if (k.code == TUI_KEY_FN(KEY_UP) || k.code == TUI_KEY_CTRL('p')) {
			recall(t, prompt, buf, cap, draft, &back, 1);
		} else if (k.code == TUI_KEY_FN(KEY_DOWN) || k.code == TUI_KEY_CTRL('n')) {
			recall(t, prompt, buf, cap, draft, &back, 0);
		} else if (k.code == '\t' && !strcmp(prompt, ":")) {
			complete_command(t, buf, cap);
		} else if (k.code == TUI_KEY_RESIZE_TO) {
			resize(t, &k);
			draw(t);
		} else if (k.code >= 0x20 && k.code < 0x110000 && k.code != 127) {
			utf8_append(buf, cap, k.code);
		}
	}
	free(draft);
	if (accepted == 1)
		tui_history_add(t, prompt, buf);
	curs_set(0);
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	if (!t->script_ended)
		tui_fill(t, rows - 1, 0, cols, TUI_ROLE_MESSAGE, 0);
	return accepted;
}

int tui_cancel_pressed(struct tui *t)
{
	struct tui_key k;
	int got;
	while ((got = tui_term_key(t, 0, &k)) > 0) {
		if (k.code == TUI_KEY_ESC || k.code == TUI_KEY_CTRL('c') || k.code == TUI_KEY_CTRL('g'))
			return 1;
		if (k.code == TUI_KEY_RESIZE_TO)
			resize(t, &k);
	}
	/* a key script's end is no Esc: the work goes on to its end */
	return got < 0 && !t->scripted;
}

int tui_headless(const struct tui *t)
{
	return t->headless;
}

double tui_headless_end_ms(const struct tui *t)
{
	return t->headless_end_ms;
}

void tui_headless_say(struct tui *t, const char *fmt, ...)
{
	if (!t->headless)
		return;
	char text[2 * LL_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* stderr is the terminal, gone or not: the log keeps what it lost */
	int shown = fprintf(stderr, "loglab: %s\n", text) > 0 && fflush(stderr) == 0;
	if (t->hung_up || !shown)
		tui_exitlog_append(text);
}

int tui_ask_key(struct tui *t, const char *prompt)
{
	if (t->headless)
		return -1;
	for (;;) {
		int rows, cols;
		getmaxyx(stdscr, rows, cols);
		/* The status bar anew: a view asking key by key changes its state
		 * between two questions (the features view's count of matched
		 * columns follows a regex as it is typed). */
		if (rows >= 2)
			draw_status(t, top(t), rows - 2, cols);
		/* A question wider than the screen loses its middle, marked:
		 * its start says what is asked, its end the answers ("(y/n)",
		 * "Esc cancels"). */
		size_t qw = tc_width(prompt, strlen(prompt), t->utf8);
		if (rows >= 1 && cols >= 8 && qw > (size_t)cols) {
			int tail = (cols - 1) / 2, head = cols - 1 - tail;
			const char *mark = t->utf8 ? "…" : "~";
			tui_draw_text(t, rows - 1, 0, head, prompt, strlen(prompt), 0, TUI_ROLE_MESSAGE, 0, NULL, 0);
			tui_draw_text(t, rows - 1, head, 1, mark, strlen(mark), 0, TUI_ROLE_MESSAGE, A_BOLD, NULL, 0);
			tui_draw_text(t, rows - 1, head + 1, tail, prompt, strlen(prompt), qw - (size_t)tail,
				      TUI_ROLE_MESSAGE, 0, NULL, 0);
		} else if (rows >= 1) {
			tui_draw_text(t, rows - 1, 0, cols, prompt, strlen(prompt), 0, TUI_ROLE_MESSAGE, 0, NULL, 0);
		}
		wnoutrefresh(stdscr);
		doupdate();
		struct tui_key k;
		int got = tui_term_key(t, -1, &k);
		if (got < 0)
			return -1;
		if (got == 0)
			continue;
		if (k.code == TUI_KEY_RESIZE_TO) {
			resize(t, &k);
			draw(t);
			continue;
		}
		if (k.code == TUI_KEY_ESC || k.code == TUI_KEY_CTRL('c') || k.code == TUI_KEY_CTRL('g'))
			return -1;
		last_key = k.code;
		last_key_ms = tui_now_ms();
		return k.code;
	}
}

/* What run_command accepts itself, for the help view (view.h). */
const struct view_cmd tui_commands[] = {
	{"q, quit, qa", "quit loglab (asks about unfinished work)"},
	{"q!, qa!", "quit without asking"},
	{"help, h", "this help"},
	{"messages", "the messages shown so far, newest first, whole (the message line cuts a long one)"},
	{"bind VIEW KEY REQUEST", "bind a key (VIEW: generic or a view name)"},
	{"set theme default|mono", "colours, or none (NO_COLOR also turns them off)"},
	{"open FILE [LINE]", "browse FILE (or FILE:LINE) from any view; q comes back"},
	{"VIEW [RUN]", "any view by its name, from any view: browser, labels, templates, notes, features, train, "
		       "experiments, runs; confusion, clusters, roc, curves, review, results of the run shown (or of RUN)"},
	{NULL, NULL},
};

/* :open FILE [LINE] or :open FILE:LINE - a browser on any file. */
static void open_command(struct tui *t, const char *args)
{
	char path[4096];
	while (isspace((unsigned char)*args))
		args++;
	snprintf(path, sizeof path, "%s", args);
	if (!path[0]) {
		tui_error(t, "usage: :open FILE [LINE]");
		return;
	}
	unsigned long long line = 1;
	char *sp = strrchr(path, ' '), *end;
	if (sp && sp[1] && (line = strtoull(sp + 1, &end, 10)) > 0 && !*end) {
		*sp = '\0';
	} else {
		line = 1;
		/* FILE:LINE, unless a file of that very name exists */
		char *colon = strrchr(path, ':');
		if (colon && colon[1] && access(path, F_OK) != 0) {
			unsigned long long l = strtoull(colon + 1, &end, 10);
			if (l > 0 && !*end) {
				*colon = '\0';
				line = l;
			}
		}
	}
	size_t n = strlen(path);
	while (n && isspace((unsigned char)path[n - 1]))
		path[--n] = '\0';
	view_browser_open_file(t, path, NULL, NULL, (size_t)line - 1);
}

static void run_command(struct tui *t, char *cmd)
{
	while (isspace((unsigned char)*cmd))
		cmd++;
	size_t n = strlen(cmd);
	while (n && isspace((unsigned char)cmd[n - 1]))
		cmd[--n] = '\0';
	struct view *v = top(t);
	if (!*cmd)
		return;
	/* as in vi, the ! quits without asking about unsaved work */
	if (!strcmp(cmd, "q!") || !strcmp(cmd, "qa!")) {
		t->quit = 1;
		return;
	}
	if (!strcmp(cmd, "q") || !strcmp(cmd, "quit") || !strcmp(cmd, "qa")) {
		t->quit = may_quit(t);
		return;
	}
	if (!strcmp(cmd, "help") || !strcmp(cmd, "h")) {
		tui_push_view(t, &view_help_ops, v);
		return;
	}
	if (!strcmp(cmd, "messages")) {
		tui_push_view(t, &view_messages_ops, NULL);
		return;
	}
	if (!strncmp(cmd, "bind ", 5) || !strncmp(cmd, "set ", 4)) {
		struct ll_err err;
		ll_err_clear(&err);
		const char *theme = NULL;
		if (tui_config_line(t->bind, cmd, &theme, &err) != LL_OK) {
			tui_error(t, "%s", err.msg);
			return;
		}
		if (theme) {
			t->theme = theme;
			tui_term_theme(t);
		}
		tui_message(t, "%s", cmd);
		return;
	}
	if (v && v->ops->command && v->ops->command(v, t, cmd))
		return;
	/* After the view's commands: a workspace view opens its own files first. */
	if (!strcmp(cmd, "open") || !strncmp(cmd, "open ", 5)) {
		open_command(t, cmd + 4);
		return;
	}
	/* a view's name: the views below, or the run shown, open it */
	if (view_names_command(t, cmd))
		return;
	tui_error(t, "unknown command: %s", cmd);
}

void tui_command(struct tui *t, const char *cmd)
{
	char copy[4096];
	snprintf(copy, sizeof copy, "%s", cmd);
	run_command(t, copy);
}

/* ---- keys and requests ---- */

static void handle_request(struct tui *t, enum tui_request req)
{
	struct view *v = top(t);
	if (v && v->ops->request && v->ops->request(v, t, req))
		return;
	char line[512];
	switch (req) {
	case TUI_REQ_QUIT:
		/* q on the last view quits loglab */
		if (t->depth > 1 ? views_may_close(t, t->depth - 1) : may_quit(t))
			pop_view(t);
		break;
	case TUI_REQ_QUIT_ALL:
		t->quit = may_quit(t);
		break;
	case TUI_REQ_HELP:
		if (v && v->ops != &view_help_ops)
			tui_push_view(t, &view_help_ops, v);
		break;
	case TUI_REQ_PROMPT:
		if (tui_prompt(t, ":", line, sizeof line))
			run_command(t, line);
		break;
	case TUI_REQ_REDRAW:
		clearok(curscr, TRUE);
		break;
	case TUI_REQ_CANCEL:
		break;
	default:
		tui_error(t, "%s: not available in the %s view", tui_request_name(req), v ? v->ops->name : "");
		break;
	}
}

static void handle_key(struct tui *t, const struct tui_key *k)
{
	if (k->code == TUI_KEY_RESIZE_TO) {
		resize(t, k);
		return;
	}
	struct view *v = top(t);
	t->msg[0] = '\0';
	last_key = k->code;
	last_key_ms = tui_now_ms();
	enum tui_request req = tui_bindings_lookup(t->bind, v ? v->ops->name : NULL, k->code);
	if (req == TUI_REQ_NONE) {
		char name[32];
		tui_key_name(k->code, name, sizeof name);
		tui_error(t, "%s is not bound in the %s view (? lists the keys)", name, v ? v->ops->name : "");
		return;
	}
	handle_request(t, req);
}

#define TUI_IDLE_POLL_MS 250

static void loop(struct tui *t)
{
	while (!t->quit && t->depth > 0 && !t->script_ended) {
		struct view *v = top(t);
		int busy = 0;
		if (v->ops->work) {
			busy = v->ops->work(v, t);
			while (busy && t->scripted)
				busy = v->ops->work(v, t);
		}
		draw(t);
		/* Never an endless wait: work() also looks for what other
		 * processes changed (labels written by loglab label, another
		 * browser), so it runs a few times a second even when idle. */
		int wait = busy ? 0 : !t->ds || ds_dataset_complete(t->ds) ? TUI_IDLE_POLL_MS : 200;
		struct tui_key k;
		int got = tui_term_key(t, wait, &k);
		if (got < 0)
			break;
		if (got > 0)
			handle_key(t, &k);
	}
}

/* ---- set-up shared by both entry points ---- */

static int setup(struct tui *t, const char *path, const struct ds_open_opts *opts, struct ll_err *err)
{
	memset(t, 0, sizeof *t);
	t->theme = "default";
	setlocale(LC_ALL, "");
	t->utf8 = tc_locale_utf8();
	/* No path: a workspace, whose views open datasets themselves. */
	int rc = path ? ds_dataset_open(&t->ds, path, opts, err) : LL_OK;
	if (rc != LL_OK)
		return rc;
	t->bind = tui_bindings_new();
	if (!t->bind)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	char cfg[4096];
	struct ll_err cerr;
	ll_err_clear(&cerr);
	/* A bad config line is worth a message, not a refusal to start. */
	if (tui_config_path(cfg, sizeof cfg) && tui_config_load(t->bind, cfg, &t->theme, &cerr) != LL_OK)
		tui_error(t, "%s", cerr.msg);
	else if (t->ds && ds_dataset_nnotes(t->ds) > 0)
		tui_error(t, "note: %s", ds_dataset_note(t->ds, 0));
	else
		tui_message(t, "? help  / search  & filter  : command  q quit");
	return LL_OK;
}

/* The terminal hung up, or SIGHUP, SIGTERM or SIGINT arrived: what the
 * views still have under way that would be lost (a label being read) is
 * settled without a screen by the hooks a quit asks (views_may_close),
 * within TUI_FINISH_S seconds. The terminal is given back first so that
 * what they say on stderr can be read when it is still there. */
static void finish_headless(struct tui *t)
{
	t->headless = 1;
	t->hung_up = tui_term_signal() == SIGHUP || tui_term_gone();
	t->headless_end_ms = tui_now_ms() + TUI_FINISH_S * 1000.0;
	/* stderr piped to a reader that is gone must not end the work */
	signal(SIGPIPE, SIG_IGN);
	endwin();
	views_may_close(t, 0);
}

/* What the end of the program did to the trainings it cut short: one line
 * each, said once the terminal is back (or gone). */
#define CUT_LINES_MAX 16
struct cut_report {
	char line[CUT_LINES_MAX][5120]; /* room for a whole workspace path */
	size_t n, more;
};

static void training_cut(const struct view_job_status *st, void *ud)
{
	struct cut_report *r = ud;
	if (r->n == CUT_LINES_MAX) {
		r->more++;
		return;
	}
	char *l = r->line[r->n++];
	size_t cap = sizeof r->line[0];
	if (st->state == VIEW_JOB_QUEUED) {
		snprintf(l, cap, "training %s was queued: dropped before it started", st->experiment);
	} else if (!st->run_id[0]) {
		snprintf(l, cap, "training %s cancelled before its run folder was made: nothing kept", st->experiment);
	} else if (st->resumable) {
		/* the workspace named absolutely: the command is run from anywhere,
		 * and the exit log outlives the working directory */
		char ws[PATH_MAX];
		if (!realpath(st->ws_dir, ws))
			snprintf(ws, sizeof ws, "%s", st->ws_dir);
		snprintf(l, cap,
			 "training %s cancelled: run %s kept, resumable; continue it with R in the runs view, or: "
			 "loglab train --resume %s --workspace %s",
			 st->experiment, st->run_id, st->run_id, ws);
	} else if (strstr(st->message, st->run_id)) {
		/* the job's own message says where it stopped and names the
		 * run kept ("after 0 of 3 epochs; run ID kept as cancelled"):
		 * said once, not twice */
		snprintf(l, cap, "training %s cancelled %s; train the experiment again", st->experiment, st->message);
	} else {
		snprintf(l, cap, "training %s cancelled: run %s kept as cancelled (%s); train the experiment again",
			 st->experiment, st->run_id, st->message[0] ? st->message : "no checkpoint to continue from");
	}
}

static void teardown(struct tui *t)
{
	while (t->depth > 0)
		pop_view(t);
	/* Trainings queued from any view end with the program. A training
	 * stops at its next batch, but one building its feature set may take
	 * seconds to: the terminal is given back first and the wait said, so
	 * neither a frozen screen nor (after Ctrl-C) a silent shell looks hung. */
	size_t busy = 0;
	struct view_job_status st;
	for (size_t i = 0; view_job_busy() && i < view_job_count(); i++)
		busy += view_job_status(i, &st) && st.state < VIEW_JOB_DONE;
	tui_term_close(t);
	if (busy) {
		char wait[128];
		snprintf(wait, sizeof wait, "cancelling the %s under way: waiting for %s to stop",
			 busy == 1 ? "training" : "trainings", busy == 1 ? "it" : "them");
		if (t->headless)
			tui_headless_say(t, "%s", wait);
		else
			fprintf(stderr, "loglab: %s\n", wait);
	}
	struct cut_report *cut = calloc(1, sizeof *cut);
	view_job_shutdown(cut ? training_cut : NULL, cut);
	for (size_t i = 0; cut && i < cut->n + (cut->more > 0); i++) {
		char more[64];
		const char *l = cut->line[i];
		if (i == cut->n) {
			snprintf(more, sizeof more, "and %zu more training%s cancelled", cut->more, cut->more == 1 ? "" : "s");
			l = more;
		}
		if (t->headless)
			tui_headless_say(t, "%s", l);
		else
			fprintf(stderr, "loglab: %s\n", l);
	}
	free(cut);
	tui_term_release_signals();
	for (size_t i = 0; i < TUI_MSG_LOG; i++)
		free(t->msg_log[i]);
	tui_history_free(t);
	tui_bindings_free(t->bind);
	if (t->ds)
		ds_dataset_close(t->ds);
}

/* The first view: the browser of the dataset, or a workspace's experiments. */
static int run(const char *path, const struct ds_open_opts *opts, const struct view_ops *first, const void *arg,
	       struct ll_err *err)
{
	/* A URL is downloaded first, on a progress screen of its own. */
	struct tui_fetched f;
	int rc = tui_fetch_prepare(&f, path, opts, 1, err);
	if (rc != LL_OK)
		return rc;
	struct tui t;
	rc = setup(&t, f.path, f.opts, err);
	tui_fetch_done(&f);
	if (rc == LL_OK)
		rc = tui_term_open(&t, err);
	if (rc == LL_OK)
		rc = tui_push_view(&t, first, arg);
	if (rc != LL_OK && err && !err->msg[0])
		ll_err_set(err, rc, "%s", t.msg);
	if (rc == LL_OK) {
		loop(&t);
		if (!t.quit && t.depth > 0 && (tui_term_signal() || tui_term_gone()))
			finish_headless(&t);
	}
	teardown(&t);
	/* the signal that ended the loop now ends the process, as it asked */
	int sig = tui_term_signal();
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return rc;
}

int tui_run(const char *path, const struct ds_open_opts *opts, struct ll_err *err)
{
	return run(path, opts, &view_browser_ops, NULL, err);
}

int tui_run_workspace(const char *dir, int sample, struct ll_err *err)
{
	struct view_exps_arg a = {dir, sample, NULL};
	return run(NULL, NULL, &view_experiments_ops, &a, err);
}

static int run_script(const char *path, const struct ds_open_opts *opts, const struct view_ops *first,
		      const void *arg, const char *keys, int rows, int cols, FILE *out, struct ll_err *err)
{
	if (rows < 1 || cols < 1 || rows > 1000 || cols > 1000)
		return ll_err_set(err, LL_EUSAGE, "screen size %dx%d: want ROWSxCOLS, 1 to 1000 each", rows, cols);
	struct tui_key *script;
	size_t nkeys;
	int rc = tui_keys_parse_script(keys, &script, &nkeys, err);
	if (rc != LL_OK)
		return rc;
	struct tui_fetched f;
	rc = tui_fetch_prepare(&f, path, opts, 0, err);
	if (rc != LL_OK) {
		free(script);
		return rc;
	}
	struct tui t;
	rc = setup(&t, f.path, f.opts, err);
	tui_fetch_done(&f);
	t.scripted = 1;
	t.keys = script;
	t.nkeys = nkeys;
	if (rc == LL_OK) {
		/* Deterministic screens: count every row before the first key. */
		while (t.ds && !ds_dataset_complete(t.ds))
			usleep(2000);
		rc = tui_term_open_virtual(&t, rows, cols, err);
	}
	if (rc == LL_OK)
		rc = tui_push_view(&t, first, arg);
	if (rc != LL_OK && err && !err->msg[0])
		ll_err_set(err, rc, "%s", t.msg);
	if (rc == LL_OK) {
		loop(&t);
		tui_term_dump(&t, out);
	}
	teardown(&t);
	free(script);
	return rc;
}

int tui_run_script(const char *path, const struct ds_open_opts *opts, const char *keys, int rows, int cols,
		   FILE *out, struct ll_err *err)
{
	return run_script(path, opts, &view_browser_ops, NULL, keys, rows, cols, out, err);
}

int tui_run_workspace_script(const char *dir, int sample, const char *keys, int rows, int cols, FILE *out,
			     struct ll_err *err)
{
	struct view_exps_arg a = {dir, sample, NULL};
	return run_script(NULL, NULL, &view_experiments_ops, &a, keys, rows, cols, out, err);
}
