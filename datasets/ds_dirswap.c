/*
 * ds_dirswap.c - staging folders swapped into place (see ds_dirswap.h).
 */
#include "ds_dirswap.h"

#include <errno.h>
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

int ds_dir_stage(const char *final, char **stage, struct ll_err *err)
{
	*stage = sibling(final, "part");
	if (!*stage)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	ds_remove_tree(*stage); /* a staging folder of an earlier process of this pid */
	if (mkdir(*stage, 0777) != 0) {
		int rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot create it", *stage);
		free(*stage);
		*stage = NULL;
		return rc;
	}
	return LL_OK;
}

int ds_dir_commit(const char *stage, const char *final, struct ll_err *err)
{
	char *old = sibling(final, "old");
	if (!old)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	struct stat st;
	int had = lstat(final, &st) == 0;
	if (had && rename(final, old) != 0) {
		int rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot move it aside", final);
		free(old);
		return rc;
	}
	if (rename(stage, final) != 0) {
		int rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot rename it to %s", stage, final);
		if (had)
			rename(old, final); /* the old results back */
		free(old);
		return rc;
	}
	if (had)
		ds_remove_tree(old);
	free(old);
	return LL_OK;
}

void ds_dir_discard(const char *stage)
{
	if (stage)
		ds_remove_tree(stage);
}
