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
static size_t nbytes;
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

int ds_read_to_end_judged(int fd, const char *name, const char *what, int stop_at_wait, ds_read_judge judge,
			  void *ctx, char **out, size_t *size, struct ll_err *err)
{
	*out = NULL;
	*size = 0;
	size_t cap = 1 << 16;
	char *buf = malloc(cap);
	if (!buf)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory reading %s", name, what);
	size_t n = 0;
	int judged = !judge, ended = 0;
	for (;;) {
		/* the first bytes are judged before more is read: an endless
		 * file of junk is refused there, not at the memory limit */
		if (!judged && (n >= DS_READ_JUDGED || ended)) {
			judged = 1;
			int rc = n ? judge(buf, n, ctx, err) : LL_OK;
			if (rc != LL_OK) {
				free(buf);
				return rc;
			}
		}
		if (ended)
			break;
		if (n == cap) {
			/* the limit is checked as the copy grows: a stream of
			 * gigabytes is refused at the limit, not at its end */
			char sofar[128];
			snprintf(sofar, sizeof sofar, "%s (%zu bytes so far)", what, n);
			int rc = ll_mem_check((double)cap * 2, sofar, err);
			if (rc != LL_OK) {
				free(buf);
				char msg[LL_ERR_MSG_MAX];
				snprintf(msg, sizeof msg, "%s", err->msg);
				return ll_err_set(err, rc, "%s: %s", name, msg);
			}
			char *b = realloc(buf, cap * 2);
			if (!b) {
				free(buf);
				return ll_err_set(err, LL_ENOMEM, "%s: out of memory reading %s", name, what);
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
			int e = errno;
			free(buf);
			return ll_err_errno(err, LL_EIO, e, "%s: cannot read %s", name, what);
		}
		if (got == 0)
			ended = 1;
		n += (size_t)got;
	}
	if (!n) {
		free(buf);
		buf = NULL;
	}
	*out = buf;
	*size = n;
	return LL_OK;
}

static int read_all(struct ll_err *err)
{
	if (isatty(0))
		return ll_err_set(err, LL_EUSAGE,
				  "-: standard input is a terminal; pipe a log into loglab (for example "
				  "journalctl -o json | loglab info -)");
	return ds_read_to_end(0, "-", "standard input", 0, &bytes, &nbytes, err);
}

int ds_stdin_read(const char **data, size_t *size, struct ll_err *err)
{
	pthread_mutex_lock(&lock);
	if (!done) {
		ll_err_clear(&outcome);
		read_all(&outcome);
		done = 1;
	}
	pthread_mutex_unlock(&lock);
	*data = bytes;
	*size = nbytes;
	if (outcome.code != LL_OK) {
		if (err)
			*err = outcome;
		return outcome.code;
	}
	return LL_OK;
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
