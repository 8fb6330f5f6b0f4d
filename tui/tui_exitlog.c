/*
 * tui_exitlog.c - the exit log: where loglab says what it did with a label
 * still under way when its terminal went away (an SSH connection dropped),
 * since nobody reads its stderr then. One line an event, appended:
 * "2026-12-06T12:40:01Z pid 1234: TEXT". The file is the user's state, not
 * their data, so it lives in the XDG state folder.
 */
#include "tui_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int tui_exitlog_path(char *buf, size_t cap)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	/* as the XDG spec says, a relative XDG_STATE_HOME is ignored */
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, cap, "%s/loglab/loglab.log", xdg);
	else if (home && home[0] == '/')
		n = snprintf(buf, cap, "%s/.local/state/loglab/loglab.log", home);
	else
		return 0;
	return n > 0 && (size_t)n < cap;
}

/* mkdir -p of the folders above path. */
static int make_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0700);
		*p = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return 0;
}

int tui_exitlog_append(const char *text)
{
	char path[4096];
	if (!tui_exitlog_path(path, sizeof path) || make_parents(path) != 0)
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
