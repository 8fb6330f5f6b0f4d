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

#include "ll_err.h"

/* Writes all n bytes of p to fd, retrying short writes and EINTR. Returns 0,
 * or -1 with errno set (the caller names the file in its own message). */
int ll_write_all(int fd, const void *p, size_t n);

/* Replaces path with the n bytes of data: written to "PATH.tmp.PID" (created
 * 0644), fsync'd, renamed over path, then the folder fsync'd so the rename
 * itself is durable. Readers see the old content or the new, never a mix;
 * on failure path is untouched and the temporary file removed. Returns
 * LL_OK, LL_ENOMEM or LL_EIO with a message naming the file that failed. */
int ll_write_atomic(const char *path, const void *data, size_t n, struct ll_err *err);

#endif
