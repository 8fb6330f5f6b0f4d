/*
 * ds_dirswap.h - a folder of results replaced whole or not at all.
 *
 * Why. A folder loglab owns and rewrites (a run's eval-NAME) was written
 * file by file over the last results: a write that failed midway (a full
 * disk) left metrics of one evaluation beside predictions of another. The
 * new files go to a staging folder beside it; only when all are written
 * does the staging folder take the old one's name (the two names
 * exchanged at once where the system can, so there is no moment without
 * results), and the old one is removed. A failure removes the staging
 * folder and leaves the old results as they were. Two processes
 * committing the same folder each put theirs in whole; the last one stays.
 * Staging folders of processes killed midway are removed by the next
 * stage of the same folder: those of this host when their pid is gone,
 * another host's (a folder shared over NFS) only once a day untouched
 * (ll_owner.h).
 *
 * A final that is a link to a folder (results kept on another disk) is
 * that folder: its stage is made beside it and takes its name, the link
 * left as it is.
 *
 * Without the exchange (some network and FUSE file systems), the old
 * folder is moved aside as FINAL.old-TAG before the stage is renamed in:
 * a process killed between the two leaves no FINAL, and its FINAL.old-TAG
 * is put back by the next stage or by ds_dir_recover (readers call it), so
 * the previous results survive a kill at any point. The environment
 * variable LOGLAB_TEST_NO_EXCHANGE (for tests only) makes commits take
 * this way on any file system.
 */
#ifndef DS_DIRSWAP_H
#define DS_DIRSWAP_H

#include "ll_err.h"

/* Makes the staging folder for final ("FINAL.part-PID@HOST" (ll_owner.h), malloc'd into
 * *stage). */
int ds_dir_stage(const char *final, char **stage, struct ll_err *err);
/* stage becomes final; the folder final was, if any, is removed. Another
 * process's commit of final meanwhile is no error: the last one stays. */
int ds_dir_commit(const char *stage, const char *final, struct ll_err *err);
/* Puts back FINAL.old-TAG of a process killed between the two renames
 * when final is missing (a reader's view of final is then the results
 * before that commit). Leftovers of live processes are left alone. */
void ds_dir_recover(const char *final);
/* ds_dir_recover for every final in folder that has such a leftover. */
void ds_dir_recover_in(const char *folder);
/* Removes stage and everything in it (after a failure). */
void ds_dir_discard(const char *stage);
/* Removes dir and everything below it, links not followed. */
void ds_remove_tree(const char *dir);

#endif
