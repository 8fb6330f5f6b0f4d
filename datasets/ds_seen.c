/*
 * ds_seen.c - the last bytes read of a followed file (see ds_seen.h).
 */
#include "ds_seen.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void ds_seen_load(struct ds_seen *s, int fd, uint64_t offset)
{
	size_t k = offset < DS_SEEN_BYTES ? (size_t)offset : DS_SEEN_BYTES;
	ssize_t r = 0;
	s->n = 0;
	while (k && (r = pread(fd, s->bytes, k, (off_t)(offset - k))) < 0 && errno == EINTR)
		;
	if (k && r == (ssize_t)k)
		s->n = k;
}

void ds_seen_add(struct ds_seen *s, const char *bytes, size_t n)
{
	if (!n)
		return;
	if (n >= DS_SEEN_BYTES) {
		memcpy(s->bytes, bytes + n - DS_SEEN_BYTES, DS_SEEN_BYTES);
		s->n = DS_SEEN_BYTES;
		return;
	}
	size_t keep = s->n + n > DS_SEEN_BYTES ? DS_SEEN_BYTES - n : s->n;
	memmove(s->bytes, s->bytes + s->n - keep, keep);
	memcpy(s->bytes + keep, bytes, n);
	s->n = keep + n;
}

int ds_seen_same(const struct ds_seen *s, int fd, uint64_t end)
{
	char now[DS_SEEN_BYTES];
	ssize_t r;
	if (!s->n || end < s->n)
		return 1;
	while ((r = pread(fd, now, s->n, (off_t)(end - s->n))) < 0 && errno == EINTR)
		;
	if (r < 0)
		return -1;
	return (size_t)r == s->n && memcmp(now, s->bytes, s->n) == 0;
}
