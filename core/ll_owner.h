/*
 * ll_owner.h - which process, on which machine, owns a leftover named by
 * its pid (a staging folder "FINAL.part-TAG", a part file "NAME.part-TAG").
 *
 * Why. Leftovers of a process killed midway are removed by the next
 * process that stages the same thing, once their owner is gone. A pid
 * alone says that only on the machine that made it: on a folder shared
 * over NFS, a build still running on another host has a pid that looks
 * dead here, and its stage was removed under it. So a tag is
 * "PID@MACHINE", MACHINE 16 hex digits of this machine's host name, boot
 * id and pid namespace (a reboot or another container is another
 * machine, whose pids mean nothing here). A leftover of this machine is
 * gone when its pid is; one of another machine (or another boot of this
 * one) is left alone until it has not been touched for
 * LL_OWNER_FOREIGN_AGE_S seconds (a day), after which its owner is taken
 * to be gone too. A tag without "@" (loglab before tags had machines) is
 * judged by its pid, as it was.
 */
#ifndef LL_OWNER_H
#define LL_OWNER_H

#include <stddef.h>
#include <time.h>

#define LL_OWNER_FOREIGN_AGE_S (24 * 60 * 60)

/* "PID@MACHINE" of this process into buf (cap >= 48). */
void ll_owner_tag(char *buf, size_t cap);

/* The length of the tag that opens s ("PID" or "PID@" and 16 hex digits),
 * 0 when s opens with none. */
size_t ll_owner_tag_len(const char *s);

/* 1 when tag (all of it a tag, see ll_owner_tag_len) is of a process that
 * is gone: of this machine and no such pid runs, or of another machine and
 * mtime (the leftover's last change) is LL_OWNER_FOREIGN_AGE_S or more
 * before now. 0 for this process's own, a live one's, or no tag. */
int ll_owner_gone(const char *tag, time_t mtime, time_t now);

#endif
