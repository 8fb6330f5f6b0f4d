/*
 * ds_run_sweep.c - run folders of trainings killed before run.json (see
 * ds_run_sweep.h).
 */
#include "ds_run_sweep.h"
#include "ll_fileio.h"
#include "ds_runs.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* "YYYYMMDD-HHMMSS-..." as ds_run_create names runs. */
static int run_id_name(const char *s)
{
	for (int i = 0; i < 16; i++) {
		int dash = i == 8 || i == 15;
		if (dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	}
	return s[16] != '\0';
}

static int old_enough(const struct stat *st, time_t now)
{
	return now - st->st_mtime >= DS_RUN_ABANDONED_S;
}

static int is_empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	int empty = d != NULL;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	if (d)
		closedir(d);
	return empty;
}

/* 1 when dir holds name (or cannot be told: then it is kept). */
static int holds(const char *dir, const char *name)
{
	char *p = ll_path_join(dir, name);
	struct stat st;
	int yes = !p || lstat(p, &st) == 0;
	free(p);
	return yes;
}

/* 1 when the run folder dir was removed. */
static int sweep_one(const char *dir, time_t now)
{
	struct stat st;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || holds(dir, "run.json"))
		return 0;
	char *p = ll_path_join(dir, "train.lock");
	int fd = p ? open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
	free(p);
	if (fd < 0) {
		/* killed between making the folder and locking it: empty */
		return lstat(dir, &st) == 0 && old_enough(&st, now) && is_empty_dir(dir) && rmdir(dir) == 0;
	}
	int gone = 0;
	/* the lock untouched for long (a training notes its pid in it once
	 * locked) and free: no training is in it or about to be */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && old_enough(&st, now) && flock(fd, LOCK_EX | LOCK_NB) == 0)
		gone = !holds(dir, "run.json") && ds_run_discard_unrecorded(dir);
	close(fd);
	return gone;
}

size_t ds_runs_sweep_unrecorded(const char *ws_dir, void (*removed)(void *ctx, const char *id), void *ctx)
{
	char *runs = ll_path_join(ws_dir, "runs");
	DIR *d = runs ? opendir(runs) : NULL;
	size_t n = 0;
	time_t now = time(NULL);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		if (!run_id_name(e->d_name))
			continue;
		char *dir = ll_path_join(runs, e->d_name);
		if (dir && sweep_one(dir, now)) {
			n++;
			if (removed)
				removed(ctx, e->d_name);
		}
		free(dir);
	}
	if (d)
		closedir(d);
	free(runs);
	return n;
}

size_t ds_runs_unreadable(const char *ws_dir, const struct ds_run_info *runs, size_t n,
			  void (*found)(void *ctx, const char *id, const char *why), void *ctx)
{
	char *dir = ll_path_join(ws_dir, "runs");
	DIR *d = dir ? opendir(dir) : NULL;
	size_t count = 0;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;
		int listed = 0;
		for (size_t i = 0; i < n && !listed; i++)
			listed = strcmp(runs[i].id, e->d_name) == 0;
		char *run = listed ? NULL : ll_path_join(dir, e->d_name);
		char *p = run ? ll_path_join(run, "run.json") : NULL;
		struct stat st;
		void *j = NULL;
		struct ll_err err;
		ll_err_clear(&err);
		/* a folder without run.json is no run (ds_runs_sweep_unrecorded) */
		if (p && stat(p, &st) == 0 && ds_read_json(p, &j, &err) != LL_OK) {
			count++;
			if (found)
				found(ctx, e->d_name, err.msg);
		}
		cJSON_Delete(j);
		free(p);
		free(run);
	}
	if (d)
		closedir(d);
	free(dir);
	return count;
}
