/*
 * ds_follow.h - the complete lines a plain file gains while it is open
 * (tail mode for a single file, as `tail -f` or `less +F`).
 *
 * The follower holds a descriptor of the file it was given and an offset:
 * the end of the last complete line its owner has read. Each poll looks
 * at the file's size through that descriptor and hands back the new bytes
 * up to the last '\n' (a line still being written waits until its newline
 * comes). It never reads the file again from the start.
 *
 * What it tells apart, so the owner can keep what it has and say why it
 * stops following:
 *   - rotated: the path now names another file (logrotate renamed the
 *     log away and created a new one) or no file. Lines the old file
 *     gained before the rename are still handed back first, read through
 *     the descriptor, which follows the file and not its name.
 *   - truncated: the file became shorter than what was read, or the last
 *     bytes read (up to 64, before the offset and of a line still being
 *     written) are no longer what they were (copytruncate, then enough
 *     new lines to pass the old size within one poll, even lines all of
 *     one length).
 *   - too long: a line still without its newline passed the memory
 *     budget (LOGLAB_MEMORY_MAX, ll_limits.h), so it is not held whole;
 *     the bytes read of it are let go.
 * After any of these, polls return the same event and read nothing more.
 */
#ifndef DS_FOLLOW_H
#define DS_FOLLOW_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

struct ds_follow;

enum ds_follow_event {
	DS_FOLLOW_SAME = 0,   /* no new complete line */
	DS_FOLLOW_GREW,       /* new complete lines handed back */
	DS_FOLLOW_ROTATED,    /* the path names another file, or none */
	DS_FOLLOW_TRUNCATED,  /* the file was cut short or rewritten in place */
	DS_FOLLOW_FAILED,     /* a read failed (err says why) */
	DS_FOLLOW_TOO_LONG    /* a line without a newline passed
				 ds_follow_max_line bytes: not read whole */
};

/* Follows the file open as fd (taken: closed by ds_follow_close, or now on
 * failure), found at path, from offset on (the end of the last complete
 * line read, 0 for the file's start). */
int ds_follow_open(struct ds_follow **out, int fd, const char *path, uint64_t offset, struct ll_err *err);
void ds_follow_close(struct ds_follow *f);

/* Looks at the file once. On DS_FOLLOW_GREW, *bytes and *n are the new
 * complete lines, each ending with '\n' (owned by f, valid until the next
 * call), at most about max_bytes of them unless a single line is longer
 * (then that line whole); the offset moves past them, and *more is 1 when
 * more complete lines are waiting already. */
enum ds_follow_event ds_follow_poll(struct ds_follow *f, size_t max_bytes, const char **bytes, size_t *n, int *more,
				    struct ll_err *err);
/* The file offset after the last complete line handed back. */
uint64_t ds_follow_offset(const struct ds_follow *f);
/* The longest line without a newline held whole (LOGLAB_MEMORY_MAX when
 * the follower was opened). */
uint64_t ds_follow_max_line(const struct ds_follow *f);
/* The file's size at the last poll (0 before the first): bytes past the
 * offset are a line still being written. */
uint64_t ds_follow_size(const struct ds_follow *f);
/* Where the file followed is now (after a rotation, the name it was
 * renamed to, such as app.log.1), into buf: 1, or 0 when that cannot be
 * known (no /proc, the file was removed, the name did not fit cap). */
int ds_follow_now_at(const struct ds_follow *f, char *buf, size_t cap);

#endif
