/*
 * cli_wsdata.c - the workspace dataset a PATH given to `label` or `info`
 * stands for (cli.h: cli_ws_dataset).
 *
 * A dataset's label file (the key "labels") is known only to the
 * workspace: `label NAME` found it by the name, but `label PATH` and
 * `info PATH` on the very file read it unlabelled, so the counts of one
 * file differed by how it was named. Here a file is matched to the
 * datasets of the workspace in the current folder and of the one in the
 * file's own folder (by device and inode, so any spelling of the path
 * finds it). Only datasets with a label file are matched: without one, the
 * file reads the same either way.
 */
#include "cli.h"
#include "ds_workspace.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The folder of path (malloc'd, "." for a bare name). */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, path, n);
		d[n] = '\0';
	}
	return d;
}

/* ws of dir when dir holds a loglab.json that loads; NULL otherwise (a
 * workspace that does not load is no reason to refuse a file). */
static struct ds_workspace *load_here(const char *dir)
{
	char file[PATH_MAX];
	struct stat st;
	if (snprintf(file, sizeof file, "%s/loglab.json", dir) >= (int)sizeof file || stat(file, &st) != 0)
		return NULL;
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	return ds_workspace_load(dir, &ws, &err) == LL_OK ? ws : NULL;
}

const struct ds_ws_dataset *cli_ws_dataset(const char *verb, const char *path, struct ds_workspace **ws)
{
	*ws = NULL;
	struct stat st;
	if (stat(path, &st) != 0) {
		/* no such file: a dataset's name in the workspace here */
		if (!(*ws = load_here(".")))
			return NULL;
		const struct ds_ws_dataset *d = ds_workspace_dataset(*ws, path);
		return d && !d->is_url ? d : NULL;
	}
	char *dir = folder_of(path);
	char here[PATH_MAX], there[PATH_MAX];
	int same = dir && realpath(".", here) && realpath(dir, there) && strcmp(here, there) == 0;
	const char *dirs[2] = {".", same ? NULL : dir};
	const struct ds_ws_dataset *d = NULL;
	for (int i = 0; i < 2 && !d; i++) {
		if (!dirs[i] || !(*ws = load_here(dirs[i])))
			continue;
		int several = 0;
		d = ds_workspace_labelled_file(*ws, path, &several);
		if (several)
			fprintf(stderr,
				"%s %s: note: datasets of %s with different label files or formats read %s: "
				"none applied (name the dataset to choose)\n",
				cli_progname, verb, cli_safe((*ws)->file), cli_safe(path));
		if (!d) {
			ds_workspace_free(*ws);
			*ws = NULL;
		}
		if (several)
			break;
	}
	free(dir);
	return d;
}
