/*
 * tui_fetch.c - the download screen shown while the TUI fetches a URL.
 *
 * ds_remote_fetch blocks until the file is complete, so it runs in a
 * thread of its own while this thread draws the progress and reads keys.
 * The two share one struct under a mutex: the fetch's progress callback
 * stores bytes, total and rate there and returns the cancel flag the key
 * loop sets. The screen is a curses session of its own, ended before the
 * browser starts its own, so a failure or a cancel leaves the terminal as
 * it was and main() can print the message and exit with status 3.
 */
#include "tui_fetch.h"
#include "tui_priv.h"

#include <curses.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "textcell.h"
#include "view_chart.h"

/* A cached or fast fetch ends before this; no screen flashes for it. */
#define SCREEN_DELAY_MS 200
#define KEY_CTRL_C 3
#define KEY_ESC 27

struct shared {
	pthread_mutex_t mu;
	const char *url;
	const char *shown;       /* url without its password, for the screen */
	long long done, total;   /* total -1: unknown */
	double rate;
	int cancel;              /* set by the key loop, read by the callback */
	int finished;            /* set by the thread when the fetch returned */
	int rc;
	struct ll_err err;
	char *local;
	struct ds_fetch_result res;
};

static int on_progress(void *ctx, long long done, long long total, double rate)
{
	struct shared *s = ctx;
	pthread_mutex_lock(&s->mu);
	s->done = done;
	s->total = total;
	s->rate = rate;
	int cancel = s->cancel;
	pthread_mutex_unlock(&s->mu);
	return cancel;
}

static void *fetch_thread(void *arg)
{
	struct shared *s = arg;
	struct ds_fetch_opts fo = {.progress = on_progress, .progress_ctx = s, .result = &s->res};
	struct ll_err e;
	ll_err_clear(&e);
	char *local = NULL;
	int rc = ds_remote_fetch(s->url, &fo, &local, &e);
	pthread_mutex_lock(&s->mu);
	s->rc = rc;
	s->err = e;
	s->local = local;
	s->finished = 1;
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* "12.5 KiB": one decimal from KiB up, plain bytes below. */
static void human(long long n, char *buf, size_t cap)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
	if (n < 1024) {
		snprintf(buf, cap, "%lld B", n);
		return;
	}
	double v = (double)n / 1024.0;
	size_t u = 0;
	while (v >= 1024.0 && u + 1 < sizeof units / sizeof *units) {
		v /= 1024.0;
		u++;
	}
	snprintf(buf, cap, "%.1f %s", v, units[u]);
}

static void draw(const struct shared *snap, int ascii)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	(void)rows;
	erase();
	attron(A_BOLD);
	mvaddnstr(0, 0, "loglab: downloading", cols);
	attroff(A_BOLD);
	mvaddnstr(2, 0, snap->url, cols);  /* a long URL wraps no further than the row */
	char line[256], a[32], b[32];
	human(snap->done, a, sizeof a);
	if (snap->total >= 0) {
		human(snap->total, b, sizeof b);
		int pct = snap->total > 0 ? (int)(100.0 * (double)snap->done / (double)snap->total) : 100;
		snprintf(line, sizeof line, "%lld / %lld bytes (%s of %s, %d%%)", snap->done, snap->total, a, b, pct);
	} else {
		snprintf(line, sizeof line, "%lld bytes (%s) of unknown size", snap->done, a);
	}
	mvaddnstr(4, 0, line, cols);
	human((long long)snap->rate, a, sizeof a);
	if (snap->total >= 0 && snap->rate > 0.0) {
		double left = (double)(snap->total - snap->done) / snap->rate;
		long long sec = left < 0 ? 0 : (long long)(left + 0.5);
		if (sec >= 3600)
			snprintf(b, sizeof b, "%lldh%02lldm", sec / 3600, sec / 60 % 60);
		else if (sec >= 60)
			snprintf(b, sizeof b, "%lldm%02llds", sec / 60, sec % 60);
		else
			snprintf(b, sizeof b, "%llds", sec);
	} else {
		snprintf(b, sizeof b, "unknown");
	}
	snprintf(line, sizeof line, "rate %s/s   ETA %s", a, b);
	mvaddnstr(5, 0, line, cols);
	int w = cols - 2 > 60 ? 60 : cols - 2;
	if (snap->total > 0 && w > 0) {
		char bar[60 * 3 + 8];
		double frac = (double)snap->done / (double)snap->total;
		view_chart_bar_text(frac, w, ascii, bar, sizeof bar);
		mvaddch(7, 0, '[');
		mvaddstr(7, 1, bar);
		mvaddch(7, w + 1, ']');
	}
	mvaddnstr(9, 0, "Esc, q or Ctrl-C cancels (the partial download is kept for resuming)", cols);
	refresh();
}

/* Waits for the fetch with the progress screen up; returns with the thread
 * joined and the terminal restored. */
static void watch(struct shared *s, pthread_t th)
{
	/* Most fetches from the cache end before a screen is worth showing. */
	for (int waited = 0; waited < SCREEN_DELAY_MS; waited += 10) {
		pthread_mutex_lock(&s->mu);
		int fin = s->finished;
		pthread_mutex_unlock(&s->mu);
		if (fin) {
			pthread_join(th, NULL);
			return;
		}
		usleep(10000);
	}
	setlocale(LC_ALL, "");  /* before newterm, so the bar can use UTF-8 blocks */
	const char *term = getenv("TERM");
	SCREEN *scr = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) ?
		newterm(term && *term ? term : "xterm", stdout, stdin) : NULL;
	if (scr && !tui_term_addressable()) {
		/* TERM=dumb: no progress screen, the download goes on as without a terminal */
		endwin();
		delscreen(scr);
		scr = NULL;
	}
	struct sigaction sa, old_term, old_hup;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	got_signal = 0;
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	if (scr) {
		/* raw: Ctrl-C arrives as a key, so cancelling is one path. */
		raw();
		noecho();
		nonl();
		keypad(stdscr, TRUE);
		set_escdelay(25);
		curs_set(0);
	}
	int ascii = !tc_locale_utf8();
	for (;;) {
		struct shared snap;
		pthread_mutex_lock(&s->mu);
		snap.url = s->shown;
		snap.done = s->done;
		snap.total = s->total;
		snap.rate = s->rate;
		int fin = s->finished;
		if (got_signal)
			s->cancel = 1;
		pthread_mutex_unlock(&s->mu);
		if (fin)
			break;
		if (!scr) {
			usleep(50000);
			continue;
		}
		draw(&snap, ascii);
		timeout(100);
		int ch = getch();
		if (ch == KEY_ESC || ch == 'q' || ch == 'Q' || ch == KEY_CTRL_C || (ch == ERR && tui_term_gone())) {
			pthread_mutex_lock(&s->mu);
			s->cancel = 1;
			pthread_mutex_unlock(&s->mu);
		}
	}
	pthread_join(th, NULL);
	if (scr) {
		curs_set(1);
		endwin();
		delscreen(scr);
	}
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
}

int tui_fetch_prepare(struct tui_fetched *f, const char *path, const struct ds_open_opts *opts, int screen,
		      struct ll_err *err)
{
	memset(f, 0, sizeof *f);
	f->path = path;
	f->opts = opts;
	if (!path || !ds_is_url(path))
		return LL_OK;
	struct shared *s = calloc(1, sizeof *s);
	if (!s)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	f->shown = ds_url_redact(path);
	if (!f->shown) {
		free(s);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&s->mu, NULL);
	s->url = path;
	s->shown = f->shown;
	s->total = -1;
	ll_err_clear(&s->err);
	pthread_t th;
	if (!screen || pthread_create(&th, NULL, fetch_thread, s) != 0)
		fetch_thread(s);  /* no thread: fetch here, without a screen */
	else
		watch(s, th);
	int rc = s->rc;
	if (rc == LL_ECANCEL)
		ll_err_set(err, rc, "%s: cancelled \u2014 run again to resume (%lld bytes kept)", f->shown, s->done);
	else if (rc != LL_OK)
		ll_err_set(err, rc, "%s", s->err.msg[0] ? s->err.msg : ll_status_name(rc));
	if (rc == LL_OK) {
		f->local = s->local;
		f->temporary = s->res.temporary;
		snprintf(f->note, sizeof f->note, "%s", s->res.note);
		f->o = opts ? *opts : (struct ds_open_opts){0};
		f->o.display_name = f->shown;
		f->o.source_note = f->note[0] ? f->note : NULL;
		f->path = f->local;
		f->opts = &f->o;
	} else {
		free(s->local);
		free(f->shown);
		f->shown = NULL;
	}
	pthread_mutex_destroy(&s->mu);
	free(s);
	return rc;
}

void tui_fetch_done(struct tui_fetched *f)
{
	/* The dataset keeps a mapping, which outlives the unlink. */
	if (f->local && f->temporary)
		unlink(f->local);
	free(f->local);
	free(f->shown);
	f->local = NULL;
	f->shown = NULL;
}
