/*
 * ds_stdin.c - standard input read once, kept for the process (see
 * ds_stdin.h).
 */
#include "ds_stdin.h"
#include "ll_limits.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int done;
static char *bytes;
static size_t nbytes, bytes_cap;
static int refused_once; /* the judge refused: the rest is left unread */
static struct ll_err outcome;

int ds_stdin_is(const char *path)
{
	return path && strcmp(path, "-") == 0;
}

int ds_read_to_end(int fd, const char *name, const char *what, int stop_at_wait, char **out, size_t *size,
		   struct ll_err *err)
{
	return ds_read_to_end_judged(fd, name, what, stop_at_wait, NULL, NULL, out, size, err);
}

/* Reads fd on into *bufp (n bytes held, cap allocated; all three may
 * start empty), judging the first DS_READ_JUDGED bytes when judge is not
 * NULL. On an error the bytes so far stay in *bufp for the caller to
 * free or keep; *refused says the judge ended the read. */
static int read_on(int fd, const char *name, const char *what, int stop_at_wait, ds_read_judge judge, void *ctx,
		   char **bufp, size_t *np, size_t *capp, int *refused, struct ll_err *err)
{
	char *buf = *bufp;
	size_t n = *np, cap = *capp;
	int judged = !judge, ended = 0, rc = LL_OK;
	*refused = 0;
	if (!buf) {
		cap = 1 << 16;
		if (!(buf = malloc(cap)))
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory reading %s", name, what);
	}
	for (;;) {
		/* the first bytes are judged before more is read: an endless
		 * file of junk is refused there, not at the memory limit */
		if (!judged && (n >= DS_READ_JUDGED || ended)) {
			judged = 1;
			if (n && (rc = judge(buf, n, ctx, err)) != LL_OK) {
				*refused = 1;
				break;
			}
		}
		if (ended)
			break;
		if (n == cap) {
			/* the limit is checked as the copy grows: a stream of
			 * gigabytes is refused at the limit, not at its end */
			char sofar[128];
			snprintf(sofar, sizeof sofar, "%s (%zu bytes so far)", what, n);
			if ((rc = ll_mem_check((double)cap * 2, sofar, err)) != LL_OK) {
				char msg[LL_ERR_MSG_MAX];
				snprintf(msg, sizeof msg, "%s", err->msg);
				ll_err_set(err, rc, "%s: %s", name, msg);
				break;
			}
			char *b = realloc(buf, cap * 2);
			if (!b) {
				rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory reading %s", name, what);
				break;
			}
			buf = b;
			cap *= 2;
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* a file that would wait for more ends there; a pipe
			 * some parent made non-blocking is waited for */
			if (stop_at_wait)
				ended = 1;
			else
				poll(&(struct pollfd){.fd = fd, .events = POLLIN}, 1, -1);
			continue;
		}
		if (got < 0) {
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot read %s", name, what);
			break;
		}
		if (got == 0)
			ended = 1;
		n += (size_t)got;
	}
	*bufp = buf;
	*np = n;
	*capp = cap;
	return rc;
}

int ds_read_to_end_judged(int fd, const char *name, const char *what, int stop_at_wait, ds_read_judge judge,
			  void *ctx, char **out, size_t *size, struct ll_err *err)
{
	*out = NULL;
	*size = 0;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int refused;
	int rc = read_on(fd, name, what, stop_at_wait, judge, ctx, &buf, &n, &cap, &refused, err);
	if (rc != LL_OK || !n) {
		free(buf);
		return rc;
	}
	*out = buf;
	*size = n;
	return LL_OK;
}

/* Reads standard input on from where it stopped. A refusal by judge
 * keeps the bytes judged and leaves the rest unread: a later read with
 * no judge (a format was named) goes on from there. */
static void read_stdin(ds_read_judge judge, void *ctx)
{
	ll_err_clear(&outcome);
	if (isatty(0)) {
		ll_err_set(&outcome, LL_EUSAGE,
			   "-: standard input is a terminal; pipe a log into loglab (for example "
			   "journalctl -o json | loglab info -)");
		done = 1;
		return;
	}
	int refused;
	read_on(0, "-", "standard input", 0, judge, ctx, &bytes, &nbytes, &bytes_cap, &refused, &outcome);
	done = !refused;
	refused_once = refused;
	/* kept only to read on after a refusal */
	if ((outcome.code == LL_OK && !nbytes) || (outcome.code != LL_OK && !refused)) {
		free(bytes);
		bytes = NULL;
		nbytes = 0;
	}
}

int ds_stdin_read_judged(ds_read_judge judge, void *ctx, const char **data, size_t *size, struct ll_err *err)
{
	pthread_mutex_lock(&lock);
	/* judged once: a refusal stands for every later judged read */
	if (!done && !(refused_once && judge))
		read_stdin(judge, ctx);
	int failed = outcome.code != LL_OK;
	if (failed && err)
		*err = outcome;
	int rc = outcome.code;
	*data = failed ? NULL : bytes;
	*size = failed ? 0 : nbytes;
	pthread_mutex_unlock(&lock);
	return failed ? rc : LL_OK;
}

int ds_stdin_read(const char **data, size_t *size, struct ll_err *err)
{
	return ds_stdin_read_judged(NULL, NULL, data, size, err);
}

int ds_stdin_reattach_tty(void)
{
	if (isatty(0))
		return 0;
	int fd = open("/dev/tty", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = dup2(fd, 0) < 0 ? -1 : 0;
	close(fd);
	return rc;
}
