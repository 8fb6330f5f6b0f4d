/*
 * ds_unpack.c - safe names and parent folders for the archive readers
 * (see ds_unpack.h).
 */
#include "ds_unpack.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ds_unpack_safe_name(const char *name, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (const char *p = name; *p;) {
		while (*p == '/')
			p++;
		const char *e = strchr(p, '/');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (k == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		if (k && !(k == 1 && p[0] == '.')) {
			if (o + k + 2 > cap)
				return 0;
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, k);
			o += k;
			out[o] = '\0';
		}
		p += k;
	}
	return o > 0;
}

int ds_unpack_is_root(const char *name)
{
	if (!*name)
		return 0; /* a member without a name is counted, not passed over */
	for (const char *p = name; *p; p++)
		if (*p != '/' && !(*p == '.' && (p == name || p[-1] == '/') && (p[1] == '/' || !p[1])))
			return 0;
	return 1;
}

int ds_unpack_make_parents(const char *root, const char *rel, int whole)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/%s", root, rel);
	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	size_t start = strlen(root) + 1;
	for (size_t i = start; path[i]; i++) {
		if (path[i] != '/')
			continue;
		path[i] = '\0';
		int rc = mkdir(path, 0755);
		path[i] = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	if (whole && mkdir(path, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

int ds_unpack_create(const char *root, const char *rel, char *file, size_t cap)
{
	if (ds_unpack_make_parents(root, rel, 0) != 0)
		return -1;
	int n = snprintf(file, cap, "%s/%s", root, rel);
	if (n < 0 || (size_t)n >= cap) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
}

int ds_unpack_write(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

void ds_unpack_set_time(const char *path, time_t mtime)
{
	struct timespec ts[2] = {{mtime, 0}, {mtime, 0}};
	utimensat(AT_FDCWD, path, ts, 0);
}
