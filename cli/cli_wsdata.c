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
 *
 * The workspaces tried are the file's folder's and then each folder above
 * it up to the root, as git finds .git: a file deep in a workspace's tree
 * (logs/2026/12/app.log) belongs to it. The nearest one that lists the file
 * wins; the current folder's workspace comes last, for a workspace that
 * lists files outside its own tree.
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

/* Tries the workspace of dir for path: the dataset with a label file, or
 * NULL (then *ws is NULL too). *stop is set when two datasets disagree,
 * which is reported and ends the search: a farther workspace is no answer
 * to an ambiguous nearer one. */
static const struct ds_ws_dataset *try_dir(const char *verb, const char *dir, const char *path,
					   struct ds_workspace **ws, int *stop)
{
	if (!(*ws = load_here(dir)))
		return NULL;
	int several = 0;
	const struct ds_ws_dataset *d = ds_workspace_labelled_file(*ws, path, &several);
	if (several) {
		fprintf(stderr,
			"%s %s: note: datasets of %s with different label files or formats read %s: "
			"none applied (name the dataset to choose)\n",
			cli_progname, verb, cli_safe((*ws)->file), cli_safe(path));
		*stop = 1;
	}
	if (!d) {
		ds_workspace_free(*ws);
		*ws = NULL;
	}
	return d;
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
	char here[PATH_MAX], up[PATH_MAX];
	int have_here = realpath(".", here) != NULL;
	const struct ds_ws_dataset *d = NULL;
	int stop = 0, here_seen = 0;
	if (dir && realpath(dir, up)) {
		/* the file's folder, then each parent up to and including "/" */
		for (;;) {
			here_seen |= have_here && strcmp(here, up) == 0;
			if ((d = try_dir(verb, up, path, ws, &stop)) || stop)
				break;
			char *slash = strrchr(up, '/');
			if (!slash || slash[1] == '\0')
				break;
			slash[slash == up ? 1 : 0] = '\0';
		}
	}
	if (!d && !stop && !here_seen)
		d = try_dir(verb, ".", path, ws, &stop);
	free(dir);
	return d;
}
