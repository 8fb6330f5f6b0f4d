/*
 * ds_dirswap.c - staging folders swapped into place (see ds_dirswap.h).
 */
#include "ds_dirswap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p) != 0 && errno != ENOENT;
}

void ds_remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *sibling(const char *final, const char *what)
{
	size_t n = strlen(final) + 48;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s.%s-%ld", final, what, (long)getpid());
	return p;
}

/* "FINAL.part-PID" or "FINAL.old-PID" of a process that is gone (killed
 * midway): removed, so a killed evaluation leaves nothing for long. A
 * live process's, ours included, is left to it. */
static void remove_stale_siblings(const char *final)
{
	const char *slash = strrchr(final, '/');
	size_t dlen = slash ? (size_t)(slash - final) : 0;
	const char *base = slash ? slash + 1 : final;
	size_t blen = strlen(base);
	char *folder = slash ? strndup(final, dlen ? dlen : 1) : strdup(".");
	DIR *d = folder ? opendir(folder) : NULL;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		const char *rest = e->d_name + blen;
		if (strncmp(e->d_name, base, blen) != 0)
			continue;
		if (strncmp(rest, ".part-", 6) == 0)
			rest += 6;
		else if (strncmp(rest, ".old-", 5) == 0)
			rest += 5;
		else
			continue;
		char *end;
		long pid = strtol(rest, &end, 10);
		if (*end || pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		size_t n = strlen(folder) + strlen(e->d_name) + 2;
		char *p = malloc(n);
		if (p) {
			snprintf(p, n, "%s/%s", folder, e->d_name);
			ds_remove_tree(p);
			free(p);
		}
	}
	if (d)
		closedir(d);
	free(folder);
}

int ds_dir_stage(const char *final, char **stage, struct ll_err *err)
{
	*stage = sibling(final, "part");
	if (!*stage)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	ds_remove_tree(*stage); /* a staging folder of an earlier process of this pid */
	remove_stale_siblings(final);
	if (mkdir(*stage, 0777) != 0) {
		int rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot create it", *stage);
		free(*stage);
		*stage = NULL;
		return rc;
	}
	return LL_OK;
}

/* Where the system cannot exchange two names at once: final moved aside,
 * stage renamed in, the old one removed. Another process committing the
 * same folder may move final away or put its own in between: then this
 * one's goes in after it (the last one wins, whole). */
static int commit_in_two_steps(const char *stage, const char *final, struct ll_err *err)
{
	char *old = sibling(final, "old");
	if (!old)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = LL_OK;
	for (int tries = 0;; tries++) {
		int aside = rename(final, old) == 0;
		if (!aside && errno != ENOENT) {
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot move it aside", final);
			break;
		}
		if (rename(stage, final) == 0) {
			if (aside)
				ds_remove_tree(old);
			break;
		}
		int why = errno;
		if (aside && rename(old, final) != 0) /* the old results back, unless another's came */
			ds_remove_tree(old);
		if ((why != ENOTEMPTY && why != EEXIST) || tries == 100) {
			rc = ll_err_errno(err, LL_EIO, why, "%s: cannot rename it to %s", stage, final);
			break;
		}
	}
	free(old);
	return rc;
}

int ds_dir_commit(const char *stage, const char *final, struct ll_err *err)
{
	/* Two renames (final aside, stage in) leave no final between them: a
	 * process killed there lost the results, and a second evaluation of
	 * the same run failed on the folder the first had just put back. An
	 * exchange of the two names swaps them at once; stage then holds the
	 * old results. */
	for (int tries = 0; tries <= 100; tries++) {
		if (rename(stage, final) == 0) /* none there (or an empty one) */
			return LL_OK;
		if (errno != ENOTEMPTY && errno != EEXIST)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot rename it to %s", stage, final);
#ifdef RENAME_EXCHANGE
		if (renameat2(AT_FDCWD, stage, AT_FDCWD, final, RENAME_EXCHANGE) == 0) {
			ds_remove_tree(stage);
			return LL_OK;
		}
		if (errno == ENOENT) /* final went away meanwhile: rename again */
			continue;
		if (errno != EINVAL && errno != ENOSYS)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot exchange it with %s", stage, final);
#endif
		return commit_in_two_steps(stage, final, err);
	}
	return ll_err_set(err, LL_EIO, "%s: cannot rename it to %s: replaced by other processes meanwhile", stage, final);
}

void ds_dir_discard(const char *stage)
{
	if (stage)
		ds_remove_tree(stage);
}
