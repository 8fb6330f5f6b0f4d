/*
 * view_features_keep.h - the features view's edits not written to
 * loglab.json when loglab ends with no one to ask (the terminal hung up,
 * SIGHUP, SIGTERM, SIGINT): kept in a file of the user's state folder
 * (tui_state_dir()/recovery), named by the workspace and feature set, so that
 * the features view can offer them when it opens that feature set again.
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

/* Sets of kept edits one workspace and feature set can have waiting: one
 * per loglab that ended with them (two sessions hung up together each keep
 * theirs). */
#define FEAT_KEEP_SLOTS 16

/* The file of slot (0 .. FEAT_KEEP_SLOTS-1) that keeps edits of feature set
 * name ("" for a new one, not yet named) of the workspace in folder ws_dir,
 * into buf; 0 without a state folder (tui_state_dir) or when it does not
 * fit. */
int feat_keep_path(const char *ws_dir, const char *name, int slot, char *buf, size_t cap);
/* Writes the edits into the first free slot, never over edits another
 * loglab kept (the file appears whole or not at all); its path into path.
 * LL_EIO naming the folder when every slot is taken. */
int feat_keep_write_new(const char *ws_dir, const char *name, const char *dataset, const struct ll_recipe *r,
			char *path, size_t cap, struct ll_err *err);
/* Reads path into k: 1 when it keeps edits of that workspace and feature
 * set, 0 when there is no such file, an LL_ error (err says which file and
 * why) when it cannot be read or does not hold them. */
int feat_keep_read(const char *path, const char *ws_dir, const char *name, struct feat_kept *k, struct ll_err *err);
/* The oldest kept edits of that workspace and feature set: 1 with them in
 * k and their file in path, 0 when none wait, an LL_ error as
 * feat_keep_read. */
int feat_keep_find(const char *ws_dir, const char *name, char *path, size_t cap, struct feat_kept *k,
		   struct ll_err *err);

#endif
