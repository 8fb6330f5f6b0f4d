/*
 * ll_fileio.c - complete writes and atomic file replacement (see
 * ll_fileio.h).
 *
 * The temporary file sits next to the target (same folder, same file
 * system) because rename is only atomic within one file system.
 */
#include "ll_fileio.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int ll_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

size_t ll_pread_full(int fd, void *buf, size_t n, off_t off, int *why)
{
	size_t got = 0;
	*why = 0;
	while (got < n) {
		ssize_t r = pread(fd, (char *)buf + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			*why = r < 0 ? errno : 0;
			break;
		}
		got += (size_t)r;
	}
	return got;
}

int ll_read_text(int fd, const char *path, size_t max, char **text, size_t *len, struct ll_err *err)
{
	*text = NULL;
	*len = 0;
	struct stat st;
	if (fstat(fd, &st) != 0)
		return ll_err_errno(err, LL_EIO, errno, "%s", path);
	if (st.st_size < 0 || (uintmax_t)st.st_size > (uintmax_t)max)
		return ll_err_set(err, LL_EDATA, "%s: %lld bytes, more than the %zu it may hold", path,
				  (long long)st.st_size, max);
	size_t size = (size_t)st.st_size;
	char *t = malloc(size + 1);
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "out of memory reading %s", path);
	int why = 0;
	size_t got = ll_pread_full(fd, t, size, 0, &why);
	if (why) {
		free(t);
		return ll_err_errno(err, LL_EIO, why, "%s: read error", path);
	}
	t[got] = '\0';
	if (memchr(t, '\0', got)) {
		free(t);
		return ll_err_set(err, LL_EDATA, "%s: contains a NUL byte; not a text", path);
	}
	*text = t;
	*len = got;
	return LL_OK;
}

FILE *ll_fopen_regular(const char *path, struct ll_err *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		ll_err_errno(err, LL_EIO, e, "%s: cannot read", path);
		errno = e;
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		ll_err_errno(err, LL_EIO, e, "%s: cannot read", path);
		errno = e;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		ll_err_set(err, LL_EIO, "%s: not a regular file", path);
		errno = EINVAL;
		return NULL;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		int e = errno;
		close(fd);
		ll_err_errno(err, LL_EIO, e, "%s: cannot read", path);
		errno = e;
	}
	return f;
}

/* The folder entry of a rename reaches the disk only with the folder's own
 * fsync; best effort, as some file systems refuse fsync on folders. */
static void sync_parent(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return;
	int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(copy);
}

static void remove_stale_temps(const char *path, int dead_only);

/* Creates path's temporary sibling and writes data into it, fsync'd;
 * returns its fd (open O_RDWR) and its name in *tmp_out, or a negative
 * status with err filled (nothing left behind). */
static int write_temp(const char *path, const void *data, size_t n, char **tmp_out, struct ll_err *err)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 32);
	if (!tmp)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	/* The pid keeps two processes replacing the same file from writing
	 * into one temporary file; the last rename wins whole. */
	snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		int rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot create", tmp);
		free(tmp);
		return rc;
	}
	if (ll_write_all(fd, data, n) != 0 || fsync(fd) != 0) {
		int rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", tmp);
		close(fd);
		unlink(tmp);
		free(tmp);
		return rc;
	}
	*tmp_out = tmp;
	return fd;
}

void ll_remove_dead_temps(const char *path)
{
	remove_stale_temps(path, 1);
}

int ll_write_atomic(const char *path, const void *data, size_t n, struct ll_err *err)
{
	remove_stale_temps(path, 1);
	char *tmp = NULL;
	int fd = write_temp(path, data, n, &tmp, err);
	if (fd < 0)
		return fd;
	int rc = LL_OK;
	if (close(fd) != 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", tmp);
		unlink(tmp);
	} else if (rename(tmp, path) != 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot replace it with %s", path, tmp);
		unlink(tmp);
	} else {
		sync_parent(path);
	}
	free(tmp);
	return rc;
}

/* ---- outputs the user names ---- */

int ll_out_open(struct ll_out *o, const char *path, struct ll_err *err)
{
	o->target = o->tmp = NULL;
	o->fd = -1;
	struct stat st;
	int there = stat(path, &st) == 0;
	/* said before the output is made, which may take long, not after */
	if (there && S_ISDIR(st.st_mode))
		return ll_err_set(err, LL_EIO, "%s: is a folder, not a file to write", path);
	if (there && !S_ISREG(st.st_mode)) {
		/* Through the name as given: /dev/stdout is a link the kernel
		 * resolves to this process's own fd 1. */
		if (!(o->target = strdup(path)))
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		o->fd = open(path, O_WRONLY | O_CLOEXEC);
		if (o->fd < 0) {
			int rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", path);
			free(o->target);
			o->target = NULL;
			return rc;
		}
		return LL_OK;
	}
	char *real = realpath(path, NULL);
	o->target = real ? real : strdup(path);
	if (!o->target)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	remove_stale_temps(o->target, 1);
	size_t n = strlen(o->target) + 32;
	if (!(o->tmp = malloc(n))) {
		ll_out_abort(o);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	snprintf(o->tmp, n, "%s.tmp.%ld", o->target, (long)getpid());
	o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (o->fd < 0) {
		int rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot create", o->tmp);
		ll_out_abort(o);
		return rc;
	}
	return LL_OK;
}

int ll_out_commit(struct ll_out *o, const char *path, struct ll_err *err)
{
	int rc = LL_OK;
	/* fd < 0: the caller wrote through a FILE and closed it (after its
	 * own fsync) */
	if (o->fd >= 0 && o->tmp && fsync(o->fd) != 0)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: write failed", path);
	if (o->fd >= 0 && close(o->fd) != 0 && rc == LL_OK)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: write failed", path);
	o->fd = -1;
	if (!o->tmp) {
		ll_out_abort(o);
		return rc;
	}
	if (rc == LL_OK && rename(o->tmp, o->target) != 0)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot replace it with %s", o->target, o->tmp);
	if (rc == LL_OK) {
		sync_parent(o->target);
		free(o->tmp);
		o->tmp = NULL;
	}
	ll_out_abort(o);
	return rc;
}

void ll_out_abort(struct ll_out *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
}

int ll_out_write(const char *path, const void *data, size_t n, struct ll_err *err)
{
	struct ll_out o;
	int rc = ll_out_open(&o, path, err);
	if (rc != LL_OK)
		return rc;
	if (ll_write_all(o.fd, data, n) != 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: write failed", path);
		ll_out_abort(&o);
		return rc;
	}
	return ll_out_commit(&o, path, err);
}

/* ---- locked files ---- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One attempt: 0 locked, 1 held by another, -1 error (errno). */
static int try_lock(int fd)
{
#ifdef F_OFD_SETLK
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
		return 0;
	if (errno == EAGAIN || errno == EACCES)
		return 1;
	if (errno != EINVAL)
		return -1;
#endif
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	return errno == EWOULDBLOCK ? 1 : -1;
}

void ll_unlock_file(int fd)
{
	if (fd < 0)
		return;
#ifdef F_OFD_SETLK
	struct flock fl = {.l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
		return;
#endif
	flock(fd, LOCK_UN);
}

int ll_same_file(int fd, const char *path)
{
	struct stat a, b;
	return fd >= 0 && fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int ll_same_path(const char *a, const char *b)
{
	struct stat sa, sb;
	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int ll_lock_file(int *fd, const char *path, int oflags, int timeout_ms, int *reopened, struct ll_err *err)
{
	double deadline = now_ms() + timeout_ms;
	long wait_us = 500;
	for (;;) {
		if (*fd < 0) {
			*fd = open(path, oflags | O_CLOEXEC, 0644);
			if (*fd < 0)
				return ll_err_errno(err, LL_EIO, errno, "%s: cannot open for writing", path);
			struct stat st;
			if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
				close(*fd);
				*fd = -1;
				return ll_err_set(err, LL_EIO, "%s: must be a regular file", path);
			}
			if (reopened)
				*reopened = 1;
		}
		int got = try_lock(*fd);
		if (got < 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot lock", path);
		if (got == 0) {
			/* Ours now; but the file may have been replaced while
			 * we waited for its previous holder. */
			if (ll_same_file(*fd, path))
				return LL_OK;
			ll_unlock_file(*fd);
			close(*fd);
			*fd = -1;
			continue;
		}
		if (now_ms() > deadline)
			return ll_err_set(err, LL_EIO, "%s: still locked by another process after %d s", path,
					  timeout_ms / 1000);
		struct timespec ts = {0, wait_us * 1000};
		nanosleep(&ts, NULL);
		if (wait_us < 16000)
			wait_us *= 2;
	}
}

int ll_append_durable(int fd, const void *p, size_t n, off_t *end)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return -1;
	off_t before = st.st_size;
	char last = '\n';
	if (before > 0 && pread(fd, &last, 1, before - 1) != 1)
		return -1;
	int ok = (last == '\n' || ll_write_all(fd, "\n", 1) == 0) && ll_write_all(fd, p, n) == 0 && fdatasync(fd) == 0;
	if (!ok) {
		int e = errno;
		if (ftruncate(fd, before) == 0)
			(void)fdatasync(fd);
		errno = e;
		return -1;
	}
	*end = before + (off_t)n + (last == '\n' ? 0 : 1);
	return 0;
}

/* Removes PATH.tmp.PID files other than ours (dead_only: only those of
 * processes that are gone). With the lock held nobody else is writing
 * one, so they are what writers killed mid-replacement left behind. */
static void remove_stale_temps(const char *path, int dead_only)
{
	char *copy = strdup(path), *copy2 = strdup(path);
	if (copy && copy2) {
		const char *dir = dirname(copy), *base = basename(copy2);
		size_t bl = strlen(base);
		char mine[32];
		snprintf(mine, sizeof mine, "%ld", (long)getpid());
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			const char *p = e->d_name;
			if (strncmp(p, base, bl) != 0 || strncmp(p + bl, ".tmp.", 5) != 0 || !p[bl + 5])
				continue;
			const char *pid = p + bl + 5;
			size_t k = 0;
			while (isdigit((unsigned char)pid[k]))
				k++;
			if (pid[k] || strcmp(pid, mine) == 0)
				continue;
			if (dead_only && (kill((pid_t)strtol(pid, NULL, 10), 0) == 0 || errno != ESRCH))
				continue;
			char full[4096];
			if ((size_t)snprintf(full, sizeof full, "%s/%s", dir, p) < sizeof full)
				unlink(full);
		}
		if (d)
			closedir(d);
	}
	free(copy);
	free(copy2);
}

int ll_replace_locked(const char *path, const void *data, size_t n, int *fd_out, struct ll_err *err)
{
	*fd_out = -1;
	char *real = realpath(path, NULL);
	const char *target = real ? real : path;
	remove_stale_temps(target, 0);
	char *tmp = NULL;
	int fd = write_temp(target, data, n, &tmp, err);
	if (fd < 0) {
		free(real);
		return fd;
	}
	int rc = LL_OK;
	/* Nobody else knows the temporary file: the lock is free. */
	if (try_lock(fd) != 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot lock", tmp);
	} else if (rename(tmp, target) != 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot replace it with %s", target, tmp);
	} else {
		sync_parent(target);
		/* O_APPEND for the appends that follow */
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0)
			fcntl(fd, F_SETFL, fl | O_APPEND);
		*fd_out = fd;
	}
	if (rc != LL_OK) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	free(real);
	return rc;
}

char *ll_path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}
