/*
 * ds_seen.h - the last bytes read of a file followed as it grows.
 *
 * A follower reads on from where it stopped. A file emptied and written
 * again past its old size between two looks (copytruncate and a burst of
 * lines, or lines all of one length) looks grown by its size alone; the
 * bytes just before the follower's offset tell: they are no longer those
 * it read. The browser's follow (ds_follow) and `predict --follow` keep
 * them the same way.
 */
#ifndef DS_SEEN_H
#define DS_SEEN_H

#include <stddef.h>
#include <stdint.h>

#define DS_SEEN_BYTES 64

struct ds_seen {
	char bytes[DS_SEEN_BYTES];
	size_t n; /* 0: none yet (nothing read, or forgotten) */
};

/* Takes the up to DS_SEEN_BYTES bytes of fd before offset as the ones
 * read; none when they cannot be read. */
void ds_seen_load(struct ds_seen *s, int fd, uint64_t offset);
/* bytes[0, n) were read just after those kept (bytes may be NULL when n
 * is 0); the last DS_SEEN_BYTES of both are kept. */
void ds_seen_add(struct ds_seen *s, const char *bytes, size_t n);
/* 1 when the bytes kept are still just before end in fd (or none are
 * kept), 0 when they changed, -1 when fd cannot be read (errno set). */
int ds_seen_same(const struct ds_seen *s, int fd, uint64_t end);

#endif
