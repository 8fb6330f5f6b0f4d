/*
 * view_tail.c - a browser following its single log as it grows (see
 * view_tail.h).
 *
 * Why the rows read before a rotation or truncation stay rather than the
 * file being opened again by itself: labels are journalled by row beside
 * the file's path, and the file now at that path is another one (its
 * first line is not the old first line). Showing the new file in the same
 * browser would put the old rows' labels on its lines. :open PATH reads
 * the new file in a browser of its own, where its journal is checked line
 * by line as at any opening.
 */
#include "view_tail.h"

#include <stdio.h>
#include <string.h>

#include "tui.h"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int view_tail_refresh(struct view_tail *vt, struct tui *t, struct ds_dataset *ds, int at_end, size_t cur)
{
	size_t added = ds_dataset_refresh(ds);
	double now = tui_now_ms();
	if (added) {
		vt->added = now - vt->added_ms < VIEW_TAIL_SAY_MS ? vt->added + added : added;
		vt->added_ms = now;
		if (at_end) {
			vt->follow = 1;
			vt->from_cur = cur;
		}
	}
	/* a note the new rows brought, once (its count grows in place) */
	size_t nn = ds_dataset_nnotes(ds);
	if (ds_dataset_tail_rows(ds) && vt->notes && nn >= vt->notes && ds_dataset_note(ds, nn - 1))
		tui_error(t, "%s", ds_dataset_note(ds, nn - 1));
	vt->notes = nn + 1;
	const char *note = ds_dataset_tail_note(ds);
	if (note && !vt->told) {
		vt->told = 1;
		enum ds_tail st = ds_dataset_tail(ds);
		if (st == DS_TAIL_STOPPED)
			tui_error(t, "%s", note);
		else if (st == DS_TAIL_GREW)
			tui_error(t, "%s; :open %s reads it whole again", note, base_name(ds_dataset_path(ds)));
		else
			tui_error(t, "%s; :open %s reads the file now there", note, base_name(ds_dataset_path(ds)));
	}
	return ds_dataset_tail_more(ds);
}

int view_tail_follow_now(struct view_tail *vt, size_t cur, int filter_done)
{
	if (!vt->follow)
		return 0;
	if (cur != vt->from_cur) { /* the user moved: the view stays */
		vt->follow = 0;
		return 0;
	}
	if (!filter_done)
		return 0;
	vt->follow = 0;
	return 1;
}

int view_tail_status(const struct view_tail *vt, const struct ds_dataset *ds, char *buf, size_t cap)
{
	switch (ds_dataset_tail(ds)) {
	case DS_TAIL_ROTATED:
		snprintf(buf, cap, " ROTATED: rows read kept, :open it for the new file");
		return 1;
	case DS_TAIL_TRUNCATED:
		snprintf(buf, cap, " TRUNCATED: rows read kept, :open it again");
		return 1;
	case DS_TAIL_STOPPED:
		snprintf(buf, cap, " NO LONGER FOLLOWED: :open it again");
		return 1;
	case DS_TAIL_FOLLOWING:
		if (vt->added && tui_now_ms() - vt->added_ms < VIEW_TAIL_SAY_MS) {
			snprintf(buf, cap, " +%zu %s%s", vt->added, ds_dataset_tail_rows(ds) ? "row" : "line",
				 vt->added == 1 ? "" : "s");
			return 1;
		}
		return 0;
	case DS_TAIL_GREW:
		snprintf(buf, cap, " GREW: read once (large), :open it again");
		return 1;
	case DS_TAIL_NONE:
	case DS_TAIL_LARGE:
		break;
	}
	return 0;
}
