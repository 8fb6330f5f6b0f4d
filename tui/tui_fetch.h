/*
 * tui_fetch.h - opening a URL from the TUI: the download runs first, on a
 * progress screen of its own (URL, bytes, rate, ETA, a bar; Esc, q or
 * Ctrl-C cancels and keeps the partial download for resuming), and the
 * dataset is then opened from the local copy under the URL's name
 * (ds_open_opts.display_name), so nothing is fetched twice.
 */
#ifndef TUI_FETCH_H
#define TUI_FETCH_H

#include "ds_reader.h"
#include "ds_remote.h"
#include "ll_err.h"

/* What to open after tui_fetch_prepare: path and opts as given when they
 * are not a URL, else the local copy with display_name set to the URL. */
struct tui_fetched {
	const char *path;
	const struct ds_open_opts *opts;
	/* private */
	struct ds_open_opts o;
	char *local;
	char *shown;   /* the URL as shown: without its password */
	int temporary;
	char note[LL_ERR_MSG_MAX];
};

/* When path is a URL, fetches it: with screen, on a progress screen on the
 * terminal (restored before returning), else quietly (key scripts). Fails
 * with the fetch's own message (LL_EIO), or LL_ECANCEL when the user
 * cancelled. Call tui_fetch_done once the dataset is open, on any result. */
int tui_fetch_prepare(struct tui_fetched *f, const char *path, const struct ds_open_opts *opts, int screen,
		      struct ll_err *err);
void tui_fetch_done(struct tui_fetched *f);

#endif
