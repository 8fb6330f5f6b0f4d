/*
 * ds_unpack.h - what the archive readers (ds_tar.c, ds_zip.c, ds_7z.c)
 * share while writing members under the cache folder: safe names, parent
 * folders, the members' files, and the count of what was written and left
 * out.
 */
#ifndef DS_UNPACK_H
#define DS_UNPACK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct ds_unpack_tally {
	size_t files, dirs;
	size_t links;   /* links, devices, FIFOs: never written */
	size_t unsafe;  /* names that would leave the folder (a ".." part) */
	size_t skipped; /* members that cannot be read: encrypted, an unknown method */
	uint64_t bytes;
};

/* A member's name made safe under the root into out: leading '/' and "."
 * parts dropped; 0 (leave it out) when a part is "..", or nothing is left. */
int ds_unpack_safe_name(const char *name, char *out, size_t cap);

/* 1 when name is the archive's folder itself ("./", ".", "/": only '/' and
 * "." parts, at least one), which `tar -C DIR .` writes first: no member
 * to leave out and count. */
int ds_unpack_is_root(const char *name);

/* mkdir -p of the folders of rel under root (rel's last part too when
 * whole); -1 with errno. */
int ds_unpack_make_parents(const char *root, const char *rel, int whole);

/* Creates (or empties) the file of member rel under root, its folders
 * first, never through a link (O_NOFOLLOW); its path goes to file (cap
 * bytes). The descriptor, or -1 with errno. */
int ds_unpack_create(const char *root, const char *rel, char *file, size_t cap);

/* Writes all of p[0, n) to fd; -1 with errno (ENOSPC for a write that
 * takes nothing). */
int ds_unpack_write(int fd, const void *p, size_t n);

/* Gives the member file path the member's time (syslog stamps take their
 * year from it); best effort. */
void ds_unpack_set_time(const char *path, time_t mtime);

#endif
