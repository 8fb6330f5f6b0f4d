/*
 * view_ws.h - the workspace views: experiments (the start screen of a
 * workspace), training progress, and the feature-set editor.
 */
#ifndef VIEW_WS_H
#define VIEW_WS_H

#include "view.h"

/* arg: const struct view_exps_arg * */
extern const struct view_ops view_experiments_ops;

struct view_exps_arg {
	const char *dir;    /* the workspace folder (holding loglab.json) */
	int sample;         /* it is the bundled sample: say so, and how to start with one's own data */
	const char *select; /* the experiment to start on, or NULL */
};

/* :train in a browser: training on the file shown. In a workspace that
 * declares the file, its experiments view on an experiment using it; with
 * no workspace here, after a y, one made around the file (in its folder,
 * else in the current one; ds_workspace_init_file) whose logistic
 * regression starts training at once. Messages say what happened. */
void view_exps_train_file(struct tui *t, const char *path, const struct ds_open_opts *opts, int lines);
/* arg: const size_t * index of a training job (view_job.h) */
extern const struct view_ops view_train_ops;
/* arg: const struct view_features_arg * */
extern const struct view_ops view_features_ops;

struct ds_workspace;

struct view_features_arg {
	struct ds_workspace *ws; /* borrowed; the view edits it and saves it with `w` */
	const char *featureset;  /* the feature set to edit; NULL starts a new one */
};

#endif
