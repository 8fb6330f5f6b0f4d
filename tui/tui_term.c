/*
 * tui_term.c - terminal set-up and teardown, input, themes.
 *
 * Everything that changes the terminal's state happens here, so that it is
 * undone in one place: tui_term_close() on every normal or error path (the
 * signal handlers last until the trainings have stopped after it:
 * tui_term_release_signals).
 * SIGHUP, SIGTERM and SIGINT only set a flag (tui_term_signal): the key
 * loops see it within a poll and end, and the loop finishes a label still
 * under way before the process ends the way it was asked to (tui.c).
 * SIGQUIT ends curses mode and dies at once, core and all. Key scripts get
 * a virtual terminal (newterm on /dev/null) of a fixed size instead.
 */
#include "tui_priv.h"

#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include "textcell.h"

static volatile sig_atomic_t term_active;
/* the first of SIGHUP, SIGTERM, SIGINT that arrived, 0 before */
static volatile sig_atomic_t leave_signal;

/* How long after a leave signal the process may live at most. The loop
 * sees the flag within a key wait and finishes a label within
 * TUI_FINISH_S, but work that holds the loop without polling (a view's
 * synchronous step) would otherwise make SIGTERM wait for it: `kill` must
 * end loglab in bounded time, whatever it is doing. */
#define LEAVE_DEADLINE_S (TUI_FINISH_S + 20)
/* LEAVE_DEADLINE_S, or LOGLAB_TEST_LEAVE_DEADLINE_S for a test that holds
 * the finish longer (read once: a handler cannot call getenv) */
static unsigned leave_deadline_s = LEAVE_DEADLINE_S;

/* The deadline passed: the process ends now, by the signal it was sent.
 * endwin() as in on_fatal_signal, for the same reason. */
static void on_leave_deadline(int sig)
{
	(void)sig;
	if (term_active)
		endwin();
	int leave = leave_signal ? leave_signal : SIGTERM;
	signal(leave, SIG_DFL);
	raise(leave);
}

/* Only a flag: the work a label needs to be finished cannot run in a
 * handler (it allocates, writes the journal). */
static void on_leave_signal(int sig)
{
	if (!leave_signal) {
		leave_signal = sig;
		alarm(leave_deadline_s);
	}
}

int tui_term_signal(void)
{
	return leave_signal;
}

static void on_fatal_signal(int sig)
{
	/* endwin() is not async-signal-safe, but leaving the terminal in raw
	 * mode is worse; htop and others make the same trade. */
	if (term_active)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* the handlers below are in place (tui_term_release_signals undoes them) */
static int signals_installed;

static void install_signals(void)
{
	const char *deadline = getenv("LOGLAB_TEST_LEAVE_DEADLINE_S");
	if (deadline && atoi(deadline) > 0)
		leave_deadline_s = (unsigned)atoi(deadline);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* SA_RESTART: the process lives on after these now, and a second
	 * signal (a shell passing its SIGHUP on) must not fail the journal's
	 * write or lock wait with EINTR; key waits are short anyway
	 * (KEY_WAIT_MAX_MS) */
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on_leave_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_fatal_signal;
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_leave_deadline;
	sigaction(SIGALRM, &sa, NULL);
	signals_installed = 1;
}

void tui_term_release_signals(void)
{
	if (!signals_installed)
		return;
	signals_installed = 0;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
}

/* 1 when the terminal newterm() just set up can place the cursor (its
 * terminfo has cup). TERM=dumb (Emacs' shell, some CI consoles) has not:
 * curses would then print the screen as a stream of text, rows run
 * together, and keys would act on a screen the user cannot read. */
int tui_term_addressable(void)
{
	const char *cup = tigetstr("cup");
	return cup && cup != (const char *)-1 && *cup;
}

static void common_modes(void)
{
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	leaveok(stdscr, FALSE);
	curs_set(0);
}

int tui_term_open(struct tui *t, struct ll_err *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return ll_err_set(err, LL_EUSAGE, "the TUI needs a terminal (use a verb such as `loglab info` in scripts)");
	const char *term = getenv("TERM");
	t->screen = newterm(term && *term ? term : "xterm", stdout, stdin);
	if (!t->screen)
		return ll_err_set(err, LL_EUSAGE, "cannot use terminal type '%s'", term ? term : "(unset)");
	if (!tui_term_addressable()) {
		endwin();
		delscreen(t->screen);
		t->screen = NULL;
		return ll_err_set(err, LL_EUSAGE,
				  "terminal type '%s' cannot move the cursor: the TUI needs a screen terminal "
				  "(TERM=xterm, vt100, ...); the verbs (`loglab info`, `loglab label`, ...) work on any terminal",
				  term && *term ? term : "xterm");
	}
	set_term(t->screen);
	term_active = 1;
	install_signals();
	common_modes();
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	tui_term_theme(t);
	return LL_OK;
}

int tui_term_open_virtual(struct tui *t, int rows, int cols, struct ll_err *err)
{
	t->null_out = fopen("/dev/null", "w");
	t->null_in = fopen("/dev/null", "r");
	if (!t->null_out || !t->null_in)
		return ll_err_errno(err, LL_EIO, errno, "/dev/null");
	/* A fixed terminal type so dumps do not depend on the caller's $TERM. */
	static const char *const types[] = {"xterm-256color", "xterm", "vt100"};
	for (size_t i = 0; i < sizeof types / sizeof *types && !t->screen; i++)
		t->screen = newterm(types[i], t->null_out, t->null_in);
	if (!t->screen)
		return ll_err_set(err, LL_EIO, "no terminfo entry for xterm or vt100 (is ncurses-base installed?)");
	set_term(t->screen);
	common_modes();
	resize_term(rows, cols);
	tui_term_theme(t);
	return LL_OK;
}

void tui_term_close(struct tui *t)
{
	if (t->screen) {
		/* a headless finish gave the terminal back already */
		if (!isendwin())
			endwin();
		/* the signals' flags outlive the screen: teardown waits for
		 * the trainings to stop after this, and a second SIGHUP then
		 * (the shell passing its own on) must not kill the process
		 * before they are saved as resumable (tui_term_release_signals) */
		if (!t->scripted)
			term_active = 0;
		delscreen(t->screen);
		t->screen = NULL;
	}
	if (t->null_out)
		fclose(t->null_out);
	if (t->null_in)
		fclose(t->null_in);
	t->null_out = t->null_in = NULL;
}

static void style(struct tui *t, enum tui_role r, attr_t attr, short pair)
{
	t->styles[r].attr = attr;
	t->styles[r].pair = pair;
}

void tui_term_theme(struct tui *t)
{
	const char *nc = getenv("NO_COLOR");
	int mono = (nc && *nc) || !has_colors() || strcmp(t->theme, "mono") == 0;
	if (!mono && start_color() == ERR)
		mono = 1;
	if (mono) {
		style(t, TUI_ROLE_NORMAL, A_NORMAL, 0);
		style(t, TUI_ROLE_STATUS, A_REVERSE, 0);
		style(t, TUI_ROLE_MESSAGE, A_NORMAL, 0);
		style(t, TUI_ROLE_ERROR, A_BOLD, 0);
		style(t, TUI_ROLE_HEADER, A_BOLD | A_UNDERLINE, 0);
		style(t, TUI_ROLE_TITLE, A_BOLD, 0);
		style(t, TUI_ROLE_MATCH, A_BOLD | A_UNDERLINE, 0);
		style(t, TUI_ROLE_ESCAPE, A_DIM, 0);
		style(t, TUI_ROLE_LABEL_NORMAL, A_NORMAL, 0);
		for (int r = TUI_ROLE_LABEL_A; r <= TUI_ROLE_LABEL_F; r++)
			style(t, (enum tui_role)r, A_BOLD, 0);
		return;
	}
	use_default_colors();
	/* pair: foreground, background (-1 = the terminal's default) */
	static const short pairs[][2] = {
		{COLOR_BLACK, COLOR_CYAN},   /* 1 status */
		{COLOR_RED, -1},             /* 2 error, class A */
		{COLOR_YELLOW, -1},          /* 3 header, class B */
		{COLOR_BLACK, COLOR_YELLOW}, /* 4 match */
		{COLOR_MAGENTA, -1},         /* 5 escape, class C */
		{COLOR_GREEN, -1},           /* 6 normal class */
		{COLOR_CYAN, -1},            /* 7 class D */
		{COLOR_BLUE, -1},            /* 8 class E */
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		init_pair((short)(i + 1), pairs[i][0], pairs[i][1]);
	style(t, TUI_ROLE_NORMAL, A_NORMAL, 0);
	style(t, TUI_ROLE_STATUS, A_NORMAL, 1);
	style(t, TUI_ROLE_MESSAGE, A_NORMAL, 0);
	style(t, TUI_ROLE_ERROR, A_BOLD, 2);
	style(t, TUI_ROLE_HEADER, A_BOLD, 3);
	style(t, TUI_ROLE_TITLE, A_BOLD, 0);
	style(t, TUI_ROLE_MATCH, A_NORMAL, 4);
	style(t, TUI_ROLE_ESCAPE, A_NORMAL, 5);
	style(t, TUI_ROLE_LABEL_NORMAL, A_NORMAL, 6);
	style(t, TUI_ROLE_LABEL_A, A_BOLD, 2);
	style(t, TUI_ROLE_LABEL_B, A_BOLD, 3);
	style(t, TUI_ROLE_LABEL_C, A_BOLD, 5);
	style(t, TUI_ROLE_LABEL_D, A_BOLD, 7);
	style(t, TUI_ROLE_LABEL_E, A_BOLD, 8);
	style(t, TUI_ROLE_LABEL_F, A_BOLD | A_UNDERLINE, 2);
}

int tui_term_gone(void)
{
	/* a terminal whose other end closed (an SSH connection dropped, a
	 * tmux session killed) reads as ready with nothing to read, for ever:
	 * without this check the key loop spun on it at full speed, SIGHUP
	 * having been missed or blocked */
	struct pollfd p = {.fd = fileno(stdin), .events = POLLIN};
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* The longest a key wait lasts before the leave flag is looked at again:
 * the signal may be restarted past, or land on another thread. */
#define KEY_WAIT_MAX_MS 250

/* After ESC: the rest of a key's sequence that $TERM's entry does not
 * list, read whole and decoded (tui_escseq.c) instead of being handed over
 * as keys one byte each. A terminal writes a key's sequence at once, so
 * its bytes are there already (ncurses read them while matching): Esc
 * alone is the Esc key, and ESC before another key (Alt-x) leaves that key
 * for the next read. Returns the key, or 0 for a sequence dropped. */
#define ESCSEQ_MAX 32
#define ESCSEQ_WAIT_MS 10
static int after_escape(void)
{
	int seq[ESCSEQ_MAX];
	size_t n = 0;
	wint_t c;
	wtimeout(stdscr, 0);
	int rc = wget_wch(stdscr, &c);
	if (rc == ERR)
		return TUI_KEY_ESC;
	if (rc != OK || (c != '[' && c != 'O')) {
		if (rc == OK)
			unget_wch(c);
		else
			ungetch((int)c);
		return TUI_KEY_ESC;
	}
	seq[n++] = (int)c;
	wtimeout(stdscr, ESCSEQ_WAIT_MS);
	while (n < ESCSEQ_MAX) {
		rc = wget_wch(stdscr, &c);
		if (rc != OK)
			break;
		seq[n++] = (int)c;
		if (tui_escseq_complete(seq, n))
			return tui_escseq_key(seq, n);
		if (c < 0x20 || c > 0x3f)
			return 0; /* not a sequence's byte: a sequence of no key */
	}
	if (rc == KEY_CODE_YES)
		ungetch((int)c);
	/* ESC then '[' and nothing more: Esc and the key '[' (Alt-[) */
	if (n == 1) {
		unget_wch((wchar_t)seq[0]);
		return TUI_KEY_ESC;
	}
	return 0;
}

int tui_term_key(struct tui *t, int timeout_ms, struct tui_key *k)
{
	k->y = k->x = 0;
	if (t->headless)
		return -1;
	if (t->scripted) {
		if (t->next >= t->nkeys) {
			t->script_ended = 1;
			return -1;
		}
		*k = t->keys[t->next++];
		if (k->code == TUI_KEY_CLICK || k->code == TUI_KEY_WHEEL_UP || k->code == TUI_KEY_WHEEL_DOWN) {
			t->mouse_y = k->y;
			t->mouse_x = k->x;
		}
		return 1;
	}
	if (leave_signal)
		return -1;
	wtimeout(stdscr, timeout_ms < 0 || timeout_ms > KEY_WAIT_MAX_MS ? KEY_WAIT_MAX_MS : timeout_ms);
	wint_t wc;
	int rc = wget_wch(stdscr, &wc);
	if (rc == ERR)
		return leave_signal || tui_term_gone() ? -1 : 0;
	if (rc == KEY_CODE_YES) {
		if (wc == KEY_MOUSE) {
			MEVENT me;
			if (getmouse(&me) != OK)
				return 0;
			t->mouse_y = k->y = me.y;
			t->mouse_x = k->x = me.x;
			if (me.bstate & BUTTON4_PRESSED)
				k->code = TUI_KEY_WHEEL_UP;
			else if (me.bstate & BUTTON5_PRESSED)
				k->code = TUI_KEY_WHEEL_DOWN;
			else if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
				k->code = TUI_KEY_CLICK;
			else
				return 0;
			return 1;
		}
		if (wc == KEY_RESIZE) {
			k->code = TUI_KEY_RESIZE_TO;
			getmaxyx(stdscr, k->y, k->x);
			return 1;
		}
		k->code = TUI_KEY_FN((int)wc);
		return 1;
	}
	if (wc == TUI_KEY_ESC) {
		k->code = after_escape();
		return k->code ? 1 : 0;
	}
	k->code = wc == 127 || wc == 8 ? TUI_KEY_FN(KEY_BACKSPACE) : (int)wc;
	return 1;
}

void tui_term_dump(struct tui *t, FILE *out)
{
	(void)t;
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	if (rows <= 0 || cols <= 0)
		return;
	/* A cell holds up to CCHARW_MAX characters of up to 4 UTF-8 bytes. */
	char *line = malloc((size_t)cols * CCHARW_MAX * 4 + 1);
	if (!line)
		return;
	for (int y = 0; y < rows; y++) {
		size_t n = 0, keep = 0;
		for (int x = 0; x < cols;) {
			cchar_t cc;
			wchar_t wcs[CCHARW_MAX + 1];
			attr_t a;
			short pair;
			int w = 1;
			if (mvwin_wch(stdscr, y, x, &cc) == OK && getcchar(&cc, wcs, &a, &pair, NULL) != ERR && wcs[0]) {
				int cw = wcwidth(wcs[0]);
				w = cw > 1 ? cw : 1;
				char mb[8];
				for (int i = 0; wcs[i] && i < CCHARW_MAX; i++) {
					mbstate_t st;
					memset(&st, 0, sizeof st);
					size_t k = wcrtomb(mb, wcs[i], &st);
					if (k == (size_t)-1) {
						mb[0] = '?';
						k = 1;
					}
					memcpy(line + n, mb, k);
					n += k;
				}
			} else {
				line[n++] = ' ';
			}
			if (line[n - 1] != ' ')
				keep = n;
			x += w;
		}
		fwrite(line, 1, keep, out);
		fputc('\n', out);
	}
	free(line);
}
