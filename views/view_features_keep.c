/*
 * view_features_keep.c - the features view's unsaved edits kept over a
 * hang-up (see view_features_keep.h). The file is JSON:
 * {"workspace": DIR, "featureset": NAME, "dataset": DS, "saved": WHEN,
 *  "recipe": {every key of a featureset}}, so that it can be read, or
 * copied into loglab.json, by hand too.
 */
#include "view_features_keep.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ds_cache.h"
#include "ds_runs.h"
#include "ds_sha256.h"
#include "ds_workspace.h"
#include "tui.h"

int feat_keep_path(const char *ws_dir, const char *name, int slot, char *buf, size_t cap)
{
	char dir[4096];
	if (!tui_state_dir(dir, sizeof dir))
		return 0;
	/* The folder's path may hold anything, so it names the file by its
	 * digest; the feature set's name is a safe path component already
	 * (ds_ws_name_check) and there for whoever lists the folder. */
	struct ds_sha256 h;
	unsigned char d[DS_SHA256_LEN];
	ds_sha256_init(&h);
	ds_sha256_update(&h, ws_dir, strlen(ws_dir) + 1);
	ds_sha256_update(&h, name, strlen(name));
	ds_sha256_final(&h, d);
	char hex[17];
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	char nth[16] = "";
	if (slot > 0)
		snprintf(nth, sizeof nth, "-%d", slot + 1);
	int n = snprintf(buf, cap, "%s/recovery/features-%s-%s%s.json", dir, name[0] ? name : "new", hex, nth);
	return slot >= 0 && slot < FEAT_KEEP_SLOTS && n > 0 && (size_t)n < cap;
}

/* Writes the edits to path atomically, its folder made (0700) if missing. */
static int feat_keep_write(const char *path, const char *ws_dir, const char *name, const char *dataset,
			   const struct ll_recipe *r, struct ll_err *err)
{
	char dir[4352]; /* a slot's path and its temporary suffix */
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	if (slash && ds_cache_make_dirs(dir) != 0)
		return ll_err_set(err, LL_EIO, "%s: %s", dir, strerror(errno));
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime_r(&now, &tm));
	cJSON *o = cJSON_CreateObject();
	cJSON *rj = ds_recipe_to_json(r, dataset, 1);
	if (!o || !rj || !cJSON_AddStringToObject(o, "workspace", ws_dir) ||
	    !cJSON_AddStringToObject(o, "featureset", name) || !cJSON_AddStringToObject(o, "dataset", dataset) ||
	    !cJSON_AddStringToObject(o, "saved", when)) {
		cJSON_Delete(o);
		cJSON_Delete(rj);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	cJSON_AddItemToObject(o, "recipe", rj);
	int rc = ds_write_json(path, o, err);
	cJSON_Delete(o);
	return rc;
}

static const char *string_of(const cJSON *o, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(j) ? j->valuestring : NULL;
}

int feat_keep_read(const char *path, const char *ws_dir, const char *name, struct feat_kept *k, struct ll_err *err)
{
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	void *doc;
	int rc = ds_read_json(path, &doc, err);
	if (rc != LL_OK)
		return rc;
	const cJSON *o = doc;
	const char *ws = string_of(o, "workspace"), *fs = string_of(o, "featureset"), *ds = string_of(o, "dataset"),
		   *saved = string_of(o, "saved");
	if (!ws || !fs || !ds || !saved)
		rc = ll_err_set(err, LL_EDATA, "%s: want workspace, featureset, dataset and saved strings", path);
	else if (strcmp(ws, ws_dir) || strcmp(fs, name))
		rc = ll_err_set(err, LL_EDATA, "%s: keeps the edits of feature set \"%s\" of %s, not of this one", path,
				fs, ws);
	else if ((rc = ds_recipe_from_json(cJSON_GetObjectItemCaseSensitive(o, "recipe"), path, &k->r, err)) == LL_OK) {
		snprintf(k->dataset, sizeof k->dataset, "%s", ds);
		snprintf(k->saved, sizeof k->saved, "%s", saved);
		rc = 1;
	}
	cJSON_Delete(doc);
	return rc;
}

int feat_keep_write_new(const char *ws_dir, const char *name, const char *dataset, const struct ll_recipe *r,
			char *path, size_t cap, struct ll_err *err)
{
	/* written whole under a name of this process, then linked to a free
	 * slot: link() never replaces a file, so a loglab ending at the same
	 * moment takes another slot, and no slot ever holds half a file */
	char tmp[4200];
	if (!feat_keep_path(ws_dir, name, 0, path, cap) ||
	    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof tmp)
		return ll_err_set(err, LL_EUSAGE, "no state folder to keep the edits in");
	int rc = feat_keep_write(tmp, ws_dir, name, dataset, r, err);
	if (rc != LL_OK) {
		unlink(tmp);
		return rc;
	}
	for (int slot = 0; slot < FEAT_KEEP_SLOTS; slot++) {
		if (!feat_keep_path(ws_dir, name, slot, path, cap))
			break;
		if (link(tmp, path) == 0) {
			unlink(tmp);
			return LL_OK;
		}
		if (errno != EEXIST) {
			rc = ll_err_set(err, LL_EIO, "%s: %s", path, strerror(errno));
			unlink(tmp);
			return rc;
		}
	}
	unlink(tmp);
	char *slash = strrchr(path, '/');
	if (slash)
		*slash = '\0';
	return ll_err_set(err, LL_EIO, "%s: %d sets of kept edits of this feature set wait there already (open the set to restore or discard them)",
			  path, FEAT_KEEP_SLOTS);
}

int feat_keep_find(const char *ws_dir, const char *name, char *path, size_t cap, struct feat_kept *k,
		   struct ll_err *err)
{
	int oldest = -1;
	struct timespec when = {0};
	char p[4096];
	for (int slot = 0; slot < FEAT_KEEP_SLOTS && feat_keep_path(ws_dir, name, slot, p, sizeof p); slot++) {
		struct stat st;
		if (stat(p, &st) != 0)
			continue;
		if (oldest < 0 || st.st_mtim.tv_sec < when.tv_sec ||
		    (st.st_mtim.tv_sec == when.tv_sec && st.st_mtim.tv_nsec < when.tv_nsec)) {
			oldest = slot;
			when = st.st_mtim;
		}
	}
	if (oldest < 0 || !feat_keep_path(ws_dir, name, oldest, path, cap))
		return 0;
	return feat_keep_read(path, ws_dir, name, k, err);
}
