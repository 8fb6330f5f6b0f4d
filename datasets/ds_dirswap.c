/*
 * ds_dirswap.c - staging folders swapped into place (see ds_dirswap.h).
 */
#include "ds_dirswap.h"
#include "ll_fileio.h"
#include "ll_owner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

/* The folder final names: a link to a folder (results kept on another
 * disk) is the folder it points to, whose stage is made beside it and
 * renamed over it, the link left as it is (a folder cannot be renamed
 * over a link: "Not a directory"); else final itself. Allocated. */
static char *resolved(const char *final)
{
	struct stat st;
	if (lstat(final, &st) == 0 && S_ISLNK(st.st_mode) && stat(final, &st) == 0 && S_ISDIR(st.st_mode)) {
		char *real = realpath(final, NULL);
		if (real)
			return real;
	}
	return strdup(final);
}

static char *sibling(const char *final, const char *what)
{
	size_t n = strlen(final) + 80;
	char *p = malloc(n), tag[64];
	ll_owner_tag(tag, sizeof tag);
	if (p)
		snprintf(p, n, "%s.%s-%s", final, what, tag);
	return p;
}

/* 1 when name is a leftover "BASE.part-TAG" / "BASE.old-TAG" in folder
 * (its kind into *old) whose process is gone (ll_owner.h: one of another
 * host sharing the folder is left alone until a day untouched); 0 for
 * none, or a live process's (ours included: its leftovers are its own to
 * finish). */
static int dead_leftover(const char *folder, const char *name, const char *base, size_t blen, int *old)
{
	if (strncmp(name, base, blen) != 0)
		return 0;
	const char *rest = name + blen;
	if (strncmp(rest, ".part-", 6) == 0)
		rest += 6, *old = 0;
	else if (strncmp(rest, ".old-", 5) == 0)
		rest += 5, *old = 1;
	else
		return 0;
	size_t k = ll_owner_tag_len(rest);
	if (!k || rest[k])
		return 0;
	char path[4096];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", folder, name);
	return lstat(path, &st) == 0 && ll_owner_gone(rest, st.st_mtime, time(NULL));
}

/* Leftovers of final's processes that are gone (killed midway). A
 * "FINAL.old-TAG" holds the results before that process's commit: where
 * the system cannot exchange names, it was killed between moving final
 * aside and renaming its stage in, so when final is missing the old
 * results are put back (a rename, which fails while final holds others).
 * The rest, and stages, are removed when remove_rest. */
static void sweep(const char *named, int remove_rest)
{
	char *final = resolved(named);
	if (!final)
		return;
	const char *slash = strrchr(final, '/');
	size_t dlen = slash ? (size_t)(slash - final) : 0;
	const char *base = slash ? slash + 1 : final;
	size_t blen = strlen(base);
	char *folder = slash ? strndup(final, dlen ? dlen : 1) : strdup(".");
	DIR *d = folder ? opendir(folder) : NULL;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		int old = 0;
		if (!folder || !dead_leftover(folder, e->d_name, base, blen, &old))
			continue;
		char *p = ll_path_join(folder, e->d_name);
		if (p && !(old && rename(p, final) == 0) && remove_rest)
			ds_remove_tree(p);
		free(p);
	}
	if (d)
		closedir(d);
	free(folder);
	free(final);
}

void ds_dir_recover(const char *final)
{
	sweep(final, 0);
}

void ds_dir_recover_in(const char *folder)
{
	DIR *d = opendir(folder);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		const char *mark = strstr(e->d_name, ".old-");
		int old;
		if (!mark || mark == e->d_name)
			continue;
		char *base = strndup(e->d_name, (size_t)(mark - e->d_name));
		char *final = base && dead_leftover(folder, e->d_name, base, strlen(base), &old) ? ll_path_join(folder, base) : NULL;
		if (final)
			ds_dir_recover(final);
		free(final);
		free(base);
	}
	if (d)
		closedir(d);
}

int ds_dir_stage(const char *named, char **stage, struct ll_err *err)
{
	char *final = resolved(named);
	*stage = final ? sibling(final, "part") : NULL;
	free(final);
	if (!*stage)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	ds_remove_tree(*stage); /* a staging folder of an earlier process of this pid */
	sweep(named, 1);
	if (mkdir(*stage, 0777) != 0) {
		/* named: the folder the user knows, not its staging sibling */
		int rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot create it", named);
		free(*stage);
		*stage = NULL;
		return rc;
	}
	return LL_OK;
}

/* Where the system cannot exchange two names at once: final moved aside
 * (as FINAL.old-TAG), stage renamed in, the old one removed. A process
 * killed between the first two leaves no final, but the old results in
 * FINAL.old-TAG, which the next stage of final, or a reader's
 * ds_dir_recover, puts back; killed later, final holds the new ones. Another process committing the
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

static int commit(const char *stage, const char *final, struct ll_err *err);

int ds_dir_commit(const char *stage, const char *named, struct ll_err *err)
{
	char *final = resolved(named);
	if (!final)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = commit(stage, final, err);
	free(final);
	return rc;
}

static int commit(const char *stage, const char *final, struct ll_err *err)
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
		/* tests take the two-rename way of file systems without
		 * exchange (ds_dirswap.h) */
		if (!getenv("LOGLAB_TEST_NO_EXCHANGE")) {
			if (renameat2(AT_FDCWD, stage, AT_FDCWD, final, RENAME_EXCHANGE) == 0) {
				ds_remove_tree(stage);
				return LL_OK;
			}
			if (errno == ENOENT) /* final went away meanwhile: rename again */
				continue;
			if (errno != EINVAL && errno != ENOSYS)
				return ll_err_errno(err, LL_EIO, errno, "%s: cannot exchange it with %s", stage, final);
		}
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
