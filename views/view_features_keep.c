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
#include <time.h>
#include <unistd.h>

#include "ds_cache.h"
#include "ds_runs.h"
#include "ds_sha256.h"
#include "ds_workspace.h"
#include "tui.h"

int feat_keep_path(const char *ws_dir, const char *name, char *buf, size_t cap)
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
	int n = snprintf(buf, cap, "%s/recovery/features-%s-%s.json", dir, name[0] ? name : "new", hex);
	return n > 0 && (size_t)n < cap;
}

int feat_keep_write(const char *path, const char *ws_dir, const char *name, const char *dataset,
		    const struct ll_recipe *r, struct ll_err *err)
{
	char dir[4096];
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
