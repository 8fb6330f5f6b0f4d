/*
 * ds_mapguard.h - a mapped file that shrinks while loglab reads it.
 *
 * Why. loglab maps the files it reads (ds_source, the line index of a
 * large log, a fleet's files, archives). When such a file is cut short
 * while mapped (logrotate's copytruncate, an editor saving in place, a
 * log shipper's rewrite), touching a page past its new end raises
 * SIGBUS, which kills the process: the browser of a large log died when
 * the log was rotated.
 *
 * How. Mappings are registered here. The first registration installs a
 * SIGBUS handler; a fault inside a registered mapping has its page
 * replaced by a page of zeros (an anonymous mapping over it), so the
 * reading goes on and sees NUL bytes where the lost text was, and the
 * mapping is marked: its owner asks ds_mapguard_shrunk and says so. A
 * fault anywhere else goes to the handler that was there before (the
 * default: the process ends as it would have).
 *
 * At most DS_MAPGUARD_SLOTS mappings are guarded at once; more are mapped
 * unguarded, as before.
 */
#ifndef DS_MAPGUARD_H
#define DS_MAPGUARD_H

#include <stddef.h>

#define DS_MAPGUARD_SLOTS 4096

/* Guards the mapping [addr, addr + len) (a read-only file mapping made by
 * mmap). Thread-safe. */
void ds_mapguard_add(const void *addr, size_t len);
/* Stops guarding the mapping at addr, before it is unmapped. */
void ds_mapguard_remove(const void *addr);
/* 1 when a page of the guarded mapping at addr was replaced by zeros
 * (the file shrank under it), else 0. */
int ds_mapguard_shrunk(const void *addr);

#endif
