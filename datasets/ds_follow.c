/*
 * ds_follow.c - the complete lines a plain file gains while it is open
 * (see ds_follow.h).
 *
 * Everything goes through the descriptor the follower was given, so the
 * file followed is the one that was read, whatever its name names later;
 * the name is looked at only when the file has nothing new, to learn that
 * it was rotated. A poll reads about max_bytes (more only for a single
 * longer line), so a burst of lines costs the caller a few bounded steps
 * instead of one long stall.
 */
#include "ds_follow.h"
#include "ds_seen.h"
#include "ll_limits.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


struct ds_follow {
	int fd;
	char *path;
	uint64_t offset, size;
	/* buf[0, pending) holds the bytes after offset read last time, a line
	 * without its newline yet: read once, not at every poll while it grows */
	size_t pending;
	/* a line without a newline is held whole only up to this many bytes
	 * (LOGLAB_MEMORY_MAX, the budget of every structure built from
	 * input): a writer's gigabytes of NUL bytes or of one line must not
	 * grow the buffer without bound */
	uint64_t max_line;
	enum ds_follow_event ended; /* DS_FOLLOW_SAME while following */
	char *buf;
	size_t cap;
	/* the last bytes of the file read so far (ds_seen), those just before
	 * offset + pending: each poll reads them again, so a file emptied and
	 * written past its old size is told from one that grew even when its
	 * lines are all of one length (the byte before offset is a newline
	 * again) or a line was unfinished (its bytes read are stale) */
	struct ds_seen seen;
};

int ds_follow_open(struct ds_follow **out, int fd, const char *path, uint64_t offset, struct ll_err *err)
{
	*out = NULL;
	struct ds_follow *f = calloc(1, sizeof *f);
	char *p = strdup(path);
	if (!f || !p) {
		free(f);
		free(p);
		if (fd >= 0)
			close(fd);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	f->fd = fd;
	f->path = p;
	f->offset = offset;
	f->max_line = ll_limit(LL_LIMIT_MEMORY);
	ds_seen_load(&f->seen, fd, offset); /* if it fails, only the newline before offset is checked */
	*out = f;
	return LL_OK;
}

void ds_follow_close(struct ds_follow *f)
{
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	free(f->path);
	free(f->buf);
	free(f);
}

uint64_t ds_follow_offset(const struct ds_follow *f)
{
	return f->offset;
}

uint64_t ds_follow_max_line(const struct ds_follow *f)
{
	return f->max_line;
}

uint64_t ds_follow_size(const struct ds_follow *f)
{
	return f->size;
}

int ds_follow_now_at(const struct ds_follow *f, char *buf, size_t cap)
{
	/* Linux names a descriptor's file by its current path; a removed
	 * file's name ends in " (deleted)" */
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", f->fd);
	if (cap < 2)
		return 0;
	ssize_t n = readlink(link, buf, cap - 1);
	if (n <= 0 || (size_t)n >= cap - 1)
		return 0;
	buf[n] = '\0';
	static const char gone[] = " (deleted)";
	size_t k = sizeof gone - 1;
	if ((size_t)n >= k && strcmp(buf + n - k, gone) == 0)
		return 0;
	struct stat mine, named;
	return buf[0] == '/' && fstat(f->fd, &mine) == 0 && stat(buf, &named) == 0 && mine.st_dev == named.st_dev &&
	       mine.st_ino == named.st_ino;
}

static enum ds_follow_event end_with(struct ds_follow *f, enum ds_follow_event e)
{
	f->ended = e;
	return e;
}

/* Reads n bytes at off into f->buf[have..); 0, or -1 with errno set
 * (a read that ends early means the file was cut short meanwhile). */
static int read_at(struct ds_follow *f, size_t have, size_t n, uint64_t off)
{
	if (have + n > f->cap) {
		size_t cap = f->cap ? f->cap : 65536;
		while (cap < have + n)
			cap *= 2;
		char *b = realloc(f->buf, cap);
		if (!b) {
			errno = ENOMEM;
			return -1;
		}
		f->buf = b;
		f->cap = cap;
	}
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(f->fd, f->buf + have + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			errno = 0;
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

/* The path no longer names the file followed (renamed away and replaced,
 * or removed). */
static int rotated(const struct ds_follow *f)
{
	struct stat mine, named;
	if (fstat(f->fd, &mine) != 0)
		return 1;
	if (stat(f->path, &named) != 0)
		return 1;
	return mine.st_dev != named.st_dev || mine.st_ino != named.st_ino;
}

enum ds_follow_event ds_follow_poll(struct ds_follow *f, size_t max_bytes, const char **bytes, size_t *n, int *more,
				    struct ll_err *err)
{
	*bytes = NULL;
	*n = 0;
	*more = 0;
	if (f->ended != DS_FOLLOW_SAME)
		return f->ended;
	struct stat st;
	if (fstat(f->fd, &st) != 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot look at the file", f->path),
		       end_with(f, DS_FOLLOW_FAILED);
	uint64_t size = (uint64_t)st.st_size;
	f->size = size;
	if (size < f->offset)
		return end_with(f, DS_FOLLOW_TRUNCATED);
	uint64_t avail = size - f->offset;
	if (avail < f->pending) /* the unfinished line was cut */
		return end_with(f, DS_FOLLOW_TRUNCATED);
	/* what was read must still be there: a file emptied and written past
	 * its old size within one poll is rewritten, not grown */
	if (f->seen.n) {
		int same = ds_seen_same(&f->seen, f->fd, f->offset + f->pending);
		if (same < 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot read", f->path), end_with(f, DS_FOLLOW_FAILED);
		if (!same)
			return end_with(f, DS_FOLLOW_TRUNCATED);
	} else if (f->offset > 0) {
		char last;
		ssize_t r;
		while ((r = pread(f->fd, &last, 1, (off_t)(f->offset - 1))) < 0 && errno == EINTR)
			;
		if (r < 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot read", f->path), end_with(f, DS_FOLLOW_FAILED);
		if (r == 0 || last != '\n')
			return end_with(f, DS_FOLLOW_TRUNCATED);
	}
	size_t want = max_bytes ? max_bytes : 1;
	size_t have = f->pending;
	const char *nl = NULL;
	while (have < avail) {
		size_t step = avail - have < want ? (size_t)(avail - have) : want;
		if (step > f->max_line - have) /* the budget and one byte more tell */
			step = (size_t)(f->max_line - have) + 1;
		if (read_at(f, have, step, f->offset + have) != 0) {
			if (errno == ENOMEM)
				return ll_err_set(err, LL_ENOMEM, "%s: out of memory", f->path), DS_FOLLOW_FAILED;
			if (errno)
				return ll_err_errno(err, LL_EIO, errno, "%s: cannot read", f->path),
				       end_with(f, DS_FOLLOW_FAILED);
			return end_with(f, DS_FOLLOW_TRUNCATED);
		}
		/* the last newline of what was read; a line longer than
		 * max_bytes makes the read go on until it ends */
		for (size_t i = have + step; i > have; i--)
			if (f->buf[i - 1] == '\n') {
				nl = f->buf + i - 1;
				break;
			}
		have += step;
		if (nl)
			break;
		if (have > f->max_line) {
			/* a line longer than the budget, and no newline yet: not
			 * held whole (its bytes so far are let go) */
			free(f->buf);
			f->buf = NULL;
			f->cap = 0;
			f->pending = 0;
			return end_with(f, DS_FOLLOW_TOO_LONG);
		}
		want *= 2;
	}
	if (nl) {
		*bytes = f->buf;
		*n = (size_t)(nl - f->buf) + 1;
		ds_seen_add(&f->seen, f->buf + f->pending, *n - f->pending);
		f->offset += *n;
		f->pending = 0;
		*more = have < avail; /* unread bytes may hold lines: the caller asks again */
		return DS_FOLLOW_GREW;
	}
	ds_seen_add(&f->seen, f->buf + f->pending, have - f->pending);
	f->pending = have;
	/* nothing new that is complete: lines the old file got before a
	 * rotation were taken above, so now its name may be looked at */
	if (rotated(f))
		return end_with(f, DS_FOLLOW_ROTATED);
	return DS_FOLLOW_SAME;
}
