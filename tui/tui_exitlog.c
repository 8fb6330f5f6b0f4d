/*
 * tui_exitlog.c - the exit log: where loglab says what it did with a label
 * still under way when its terminal went away (an SSH connection dropped),
 * since nobody reads its stderr then. One line an event, appended:
 * "2026-12-06T12:40:01Z pid 1234: TEXT". The file is the user's state, not
 * their data, so it lives in the XDG state folder.
 */
#include "tui_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ds_cache.h"

int tui_state_dir(char *buf, size_t cap)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	/* as the XDG spec says, a relative XDG_STATE_HOME is ignored */
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, cap, "%s/loglab", xdg);
	else if (home && home[0] == '/')
		n = snprintf(buf, cap, "%s/.local/state/loglab", home);
	else
		return 0;
	return n > 0 && (size_t)n < cap;
}

int tui_exitlog_path(char *buf, size_t cap)
{
	char dir[4096];
	if (!tui_state_dir(dir, sizeof dir))
		return 0;
	int n = snprintf(buf, cap, "%s/loglab.log", dir);
	return n > 0 && (size_t)n < cap;
}

int tui_exitlog_append(const char *text)
{
	char path[4096], dir[4096];
	if (!tui_exitlog_path(path, sizeof path))
		return -1;
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	if (ds_cache_make_dirs(dir) != 0)
		return -1;
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	fprintf(f, "%s pid %ld: %s\n", when, (long)getpid(), text);
	/* the process ends next; the line must be on disk first */
	int rc = fflush(f) == 0 && fsync(fileno(f)) == 0 ? 0 : -1;
	return fclose(f) == 0 ? rc : -1;
}
