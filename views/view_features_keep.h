/*
 * view_features_keep.h - the features view's edits not written to
 * loglab.json when loglab ends with no one to ask (the terminal hung up,
 * SIGHUP, SIGTERM, SIGINT): kept in a file of the user's state folder
 * (tui_state_dir()/recovery), one a workspace and feature set, so that the
 * features view can offer them when it opens that feature set again.
 * loglab.json itself is never written unasked.
 */
#ifndef VIEW_FEATURES_KEEP_H
#define VIEW_FEATURES_KEEP_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_recipe.h"

struct feat_kept {
	char dataset[128];
	struct ll_recipe r;
	char saved[32]; /* when they were kept, "2026-12-06 13:40 UTC" */
};

/* The file that keeps the edits of feature set name ("" for a new one, not
 * yet named) of the workspace in folder ws_dir, into buf; 0 without a state
 * folder (tui_state_dir) or when it does not fit. */
int feat_keep_path(const char *ws_dir, const char *name, char *buf, size_t cap);
/* Writes the edits to path atomically, its folder made (0700) if missing. */
int feat_keep_write(const char *path, const char *ws_dir, const char *name, const char *dataset,
		    const struct ll_recipe *r, struct ll_err *err);
/* Reads path into k: 1 when it keeps edits of that workspace and feature
 * set, 0 when there is no such file, an LL_ error (err says which file and
 * why) when it cannot be read or does not hold them. */
int feat_keep_read(const char *path, const char *ws_dir, const char *name, struct feat_kept *k, struct ll_err *err);

#endif
