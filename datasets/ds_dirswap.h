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
 * stage of the same folder.
 */
#ifndef DS_DIRSWAP_H
#define DS_DIRSWAP_H

#include "ll_err.h"

/* Makes the staging folder for final ("FINAL.part-PID", malloc'd into
 * *stage). */
int ds_dir_stage(const char *final, char **stage, struct ll_err *err);
/* stage becomes final; the folder final was, if any, is removed. Another
 * process's commit of final meanwhile is no error: the last one stays. */
int ds_dir_commit(const char *stage, const char *final, struct ll_err *err);
/* Removes stage and everything in it (after a failure). */
void ds_dir_discard(const char *stage);
/* Removes dir and everything below it, links not followed. */
void ds_remove_tree(const char *dir);

#endif
