/*
 * ll_fileio.c - complete writes and atomic file replacement (see
 * ll_fileio.h).
 *
 * The temporary file sits next to the target (same folder, same file
 * system) because rename is only atomic within one file system.
 */
#include "ll_fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int ll_write_atomic(const char *path, const void *data, size_t n, struct ll_err *err)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 32);
	if (!tmp)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	/* The pid keeps two processes replacing the same file from writing
	 * into one temporary file; the last rename wins whole. */
	snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
	int rc = LL_OK;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot create", tmp);
	} else if (ll_write_all(fd, data, n) != 0 || fsync(fd) != 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", tmp);
		close(fd);
		unlink(tmp);
	} else if (close(fd) != 0) {
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
