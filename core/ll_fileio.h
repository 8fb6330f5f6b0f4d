/*
 * ll_fileio.h - writing files so that a crash never leaves half of one:
 * every byte written despite short writes and signals, and whole-file
 * replacement through a temporary file, fsync and rename.
 *
 * One copy of this for the journal, the model container and whoever else
 * replaces a file, so they all get the same durability and error messages.
 */
#ifndef LL_FILEIO_H
#define LL_FILEIO_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "ll_err.h"

/* Writes all n bytes of p to fd, retrying short writes and EINTR. Returns 0,
 * or -1 with errno set (the caller names the file in its own message). */
int ll_write_all(int fd, const void *p, size_t n);
/* "dir/name" in a new string the caller frees, or NULL when out of memory. */
char *ll_path_join(const char *dir, const char *name);

/* Reads n bytes of fd at off into buf, retrying short reads and EINTR.
 * Returns the bytes read: fewer than n when the file ends first (*why 0)
 * or reading fails (*why the errno). */
size_t ll_pread_full(int fd, void *buf, size_t n, off_t off, int *why);

/* The whole of the file fd is open on (a locked file read before it is
 * rewritten), NUL-terminated, into *text (free()) and *len; path names it
 * in messages. LL_EDATA when it is larger than max bytes or holds a NUL
 * (not text), LL_EIO when it cannot be read, LL_ENOMEM. */
int ll_read_text(int fd, const char *path, size_t max, char **text, size_t *len, struct ll_err *err);

/* fopen(path, "rb") of a file read whole (a workspace, a run's JSON): a
 * FIFO or device at path is refused ("not a regular file") rather than
 * blocking the open until a writer comes, or reading /dev/zero for ever.
 * NULL with err filled and errno set (ENOENT for a missing file, EINVAL for
 * one that is not regular). */
FILE *ll_fopen_regular(const char *path, struct ll_err *err);

/* Replaces path with the n bytes of data: written to "PATH.tmp.PID" (created
 * 0644), fsync'd, renamed over path, then the folder fsync'd so the rename
 * itself is durable. Readers see the old content or the new, never a mix;
 * on failure path is untouched and the temporary file removed. Returns
 * LL_OK, LL_ENOMEM or LL_EIO with a message naming the file that failed. */
int ll_write_atomic(const char *path, const void *data, size_t n, struct ll_err *err);
/* An output file the user names (an export, a report, a copy of a
 * download): a regular file (or a new name) is replaced atomically as by
 * ll_write_atomic, through PATH.tmp.PID, and a symbolic link to a regular
 * file keeps being a link (its target is replaced). A name that is not a
 * regular file (/dev/null, /dev/stdout, a FIFO, a terminal) is written in
 * place: replacing it would put a regular file where a device was. */
struct ll_out {
	char *target; /* what is replaced, or written in place */
	char *tmp;    /* the temporary file; NULL when written in place */
	int fd;
};
/* Opens o->fd for writing path. LL_OK, LL_ENOMEM or LL_EIO naming the file. */
int ll_out_open(struct ll_out *o, const char *path, struct ll_err *err);
/* Finishes: fsync, close and rename into place (in place: close). A
 * caller that wrote through fdopen(o->fd) fsyncs and fcloses it itself and
 * sets o->fd to -1 first. On failure nothing replaced path (the temporary
 * file is removed). LL_OK or LL_EIO naming path. */
int ll_out_commit(struct ll_out *o, const char *path, struct ll_err *err);
/* Gives up: closes o->fd (if open) and removes the temporary file. */
void ll_out_abort(struct ll_out *o);
/* The n bytes of data as the whole of the output path names: ll_out_open,
 * write, ll_out_commit. A FIFO or a device is written in place. LL_OK,
 * LL_ENOMEM or LL_EIO naming path. */
int ll_out_write(const char *path, const void *data, size_t n, struct ll_err *err);

/* Removes the PATH.tmp.PID files of processes that are gone (killed while
 * replacing path: a training's checkpoint, megabytes each, stayed in its
 * run's folder). ll_write_atomic does it before each write. */
void ll_remove_dead_temps(const char *path);

/* Files several processes append to (the label journal, review decisions)
 * are written under an exclusive advisory lock: an OFD lock (fcntl
 * F_OFD_SETLK, per open file, so threads and forks do not share it), or
 * flock where the file system has no OFD locks. Readers take no lock. */

/* Takes the lock on *fd, the file opened from path with oflags (O_RDWR and
 * O_APPEND, O_CREAT to create it), waiting at most timeout_ms for another
 * holder. A file replaced (renamed over, deleted) while it waited is not
 * what path names any more: *fd is closed, path reopened and locked again,
 * and *reopened set to 1; so once this returns, *fd is the file at path and
 * stays so until the lock is released. *fd < 0 on entry opens path first.
 * Returns LL_OK, or LL_EIO naming path (cannot open, not a regular file,
 * still locked by another process after timeout_ms). */
int ll_lock_file(int *fd, const char *path, int oflags, int timeout_ms, int *reopened, struct ll_err *err);
/* Releases the lock (the file stays open). */
void ll_unlock_file(int fd);
/* 1 when fd is the file path names now (same device and inode), else 0. */
int ll_same_file(int fd, const char *path);
/* 1 when paths a and b name the same existing file (links followed; same
 * device and inode), else 0 (either NULL or missing). */
int ll_same_path(const char *a, const char *b);

/* With the lock held: appends n bytes at the end of fd as one write and one
 * fdatasync. A file that does not end with a newline (its writer died
 * mid-line) first gets one, so the torn line stays a line of its own and
 * the new text starts fresh. On failure the file is cut back to its length
 * before, so nothing partial stays. Returns 0 and *end (the file's new
 * length), or -1 with errno set. */
int ll_append_durable(int fd, const void *p, size_t n, off_t *end);

/* ll_write_atomic for a locked file: the temporary file is locked before
 * the rename puts it at path, so a process that opens path afterwards waits
 * for this one. *fd_out gets the new file, open O_RDWR|O_APPEND and locked;
 * the caller then closes its fd of the old file, which releases the lock
 * others may be waiting on (they find the file replaced and reopen). A
 * symbolic link at path is followed: its target is replaced. Temporary
 * files that killed writers left beside it are removed first. */
int ll_replace_locked(const char *path, const void *data, size_t n, int *fd_out, struct ll_err *err);

#endif
