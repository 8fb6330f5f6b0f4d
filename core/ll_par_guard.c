/*
 * ll_par_guard.c - a timer that ends a rank stuck in a blocking MPI call
 * (ll_par_guard.h).
 *
 * setitimer(ITIMER_REAL) rather than alarm(2): limits below a second
 * (tests) and fractions are kept. The message is formatted when armed, as
 * nothing but write(2) and _exit(2) may run in the handler.
 */
#include "ll_par_guard.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "ll_err.h"

static char g_msg[1024];
static volatile sig_atomic_t g_len, g_fd = 2, g_code = 3;
static struct sigaction g_old;
static int g_armed;

static void fire(int sig)
{
	(void)sig;
	ssize_t w = write(g_fd, g_msg, (size_t)g_len);
	(void)w;
	_exit(g_code);
}

void ll_pg_arm(int fd, double limit, const char *fmt, ...)
{
	ll_pg_disarm();
	if (!(limit > 0))
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(g_msg, sizeof g_msg - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n > sizeof g_msg - 2)
		n = (int)sizeof g_msg - 2;
	g_msg[n++] = '\n';
	g_len = n;
	g_fd = fd;
	g_code = ll_exit_code(LL_EIO);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fire;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, &g_old) != 0)
		return;
	struct itimerval it;
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = (time_t)limit;
	it.it_value.tv_usec = (suseconds_t)((limit - (double)(time_t)limit) * 1e6);
	if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
		it.it_value.tv_usec = 1;
	g_armed = 1;
	if (setitimer(ITIMER_REAL, &it, NULL) != 0) {
		sigaction(SIGALRM, &g_old, NULL);
		g_armed = 0;
	}
}

void ll_pg_disarm(void)
{
	if (!g_armed)
		return;
	struct itimerval it;
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
	sigaction(SIGALRM, &g_old, NULL);
	g_armed = 0;
}

void ll_pg_test_stop(const char *place, int rank)
{
	const char *t = getenv("LOGLAB_TEST_STOP_IN");
	const char *colon = t ? strchr(t, ':') : NULL;
	if (colon && atoi(t) == rank && strcmp(colon + 1, place) == 0)
		raise(SIGSTOP);
}
