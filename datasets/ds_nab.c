/*
 * ds_nab.c - the "nab" reader: Numenta Anomaly Benchmark series.
 *
 * A data file is "timestamp,value". Its anomaly windows live in the
 * benchmark's labels/combined_windows.json, keyed by "<category>/<file>",
 * where the data sits in data/<category>/<file>: the reader walks up from
 * the file's directory until it finds labels/combined_windows.json. Rows
 * whose timestamp falls inside a window (ends included) are "anomaly", the
 * others "normal"; each window becomes a segment of the rows it covers.
 */
#include "ds_csv.h"
#include "ll_time.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int nab_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	static const char hdr[] = "timestamp,value";
	size_t k = sizeof hdr - 1;
	if (n < k || memcmp(head, hdr, k) != 0)
		return 0;
	if (n == k || head[k] == '\n' || (head[k] == '\r' && (n == k + 1 || head[k + 1] == '\n')))
		return 90;
	return 0;
}

/* The file's key in the windows JSON: "<parent dir>/<file>". dir (may be
 * NULL) gets a malloc'd copy of the file's absolute directory. */
static int nab_key(const char *path, char *key, size_t kcap, char **dir)
{
	char abs[PATH_MAX];
	if (!realpath(path, abs))
		snprintf(abs, sizeof abs, "%s", path);
	char *d = ds_csv_dirname(abs);
	if (!d)
		return LL_ENOMEM;
	snprintf(key, kcap, "%s/%s", ds_csv_basename(d), ds_csv_basename(abs));
	if (dir)
		*dir = d;
	else
		free(d);
	return LL_OK;
}

/* Finds labels/combined_windows.json in the file's directory or above;
 * fills json with its path. Returns 1 when found. */
static int find_windows(const char *path, char *json, size_t jcap)
{
	char key[PATH_MAX], *dir;
	if (nab_key(path, key, sizeof key, &dir) != LL_OK)
		return 0;
	int found = 0;
	for (int up = 0; up < 8; up++) {
		struct stat st;
		snprintf(json, jcap, "%s/labels/combined_windows.json", dir);
		if (stat(json, &st) == 0 && S_ISREG(st.st_mode)) {
			found = 1;
			break;
		}
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
	}
	free(dir);
	return found;
}

/* The windows array for key, or for a key ending in "/<file>" when the
 * category folder was renamed. */
static const cJSON *windows_for(const cJSON *root, const char *key)
{
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(root, key);
	if (w)
		return w;
	const char *base = strchr(key, '/');
	if (!base)
		return NULL;
	size_t bl = strlen(base);
	const cJSON *it;
	cJSON_ArrayForEach(it, root) {
		size_t kl = it->string ? strlen(it->string) : 0;
		if (kl >= bl && strcmp(it->string + kl - bl, base) == 0)
			return it;
	}
	return NULL;
}

static int apply_windows(struct ll_table *t, const char *path, const char *jpath, const char *key,
			 struct ll_err *err)
{
	struct ds_source *js;
	int rc = ds_source_open(&js, jpath, err);
	if (rc != LL_OK)
		return rc;
	cJSON *root = cJSON_ParseWithLength(js->data ? js->data : "", js->size);
	ds_source_close(js);
	if (!root || !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return ll_err_set(err, LL_EDATA, "%s: not a JSON object of anomaly windows", jpath);
	}
	const cJSON *wins = windows_for(root, key);
	if (!wins || !cJSON_IsArray(wins)) {
		ll_table_note(t, "%s: no entry \"%s\" in %s; rows unlabelled", path, key, jpath);
		cJSON_Delete(root);
		return LL_OK;
	}
	int cn = ll_table_class_id(t, "normal", 6), ca = ll_table_class_id(t, "anomaly", 7);
	if (cn < 0 || ca < 0) {
		cJSON_Delete(root);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	int tcol = ll_table_find_column(t, "timestamp");
	const double *ts = tcol >= 0 && ll_table_col_type(t, (size_t)tcol) == LL_COL_TIME
				   ? ll_table_column_data(t, (size_t)tcol)
				   : NULL;
	size_t nrows = ll_table_nrows(t), nunknown = 0;
	if (!ts) {
		cJSON_Delete(root);
		ll_table_note(t, "%s: no timestamp column of times; rows unlabelled", path);
		return LL_OK;
	}
	for (size_t i = 0; i < nrows; i++) {
		if (isnan(ts[i]))
			nunknown++;
		else
			ll_table_set_label(t, i, cn);
	}
	const cJSON *w;
	size_t wi = 0;
	cJSON_ArrayForEach(w, wins) {
		wi++;
		const cJSON *a = cJSON_GetArrayItem(w, 0), *b = cJSON_GetArrayItem(w, 1);
		double s, e;
		if (!cJSON_IsString(a) || !cJSON_IsString(b) ||
		    !ll_time_parse(a->valuestring, strlen(a->valuestring), &s) ||
		    !ll_time_parse(b->valuestring, strlen(b->valuestring), &e)) {
			ll_table_note(t, "%s: window %zu of \"%s\" is not a pair of timestamps; skipped", jpath, wi, key);
			continue;
		}
		size_t first = SIZE_MAX, last = 0;
		for (size_t i = 0; i < nrows; i++) {
			if (ts[i] >= s && ts[i] <= e) {
				ll_table_set_label(t, i, ca);
				if (first == SIZE_MAX)
					first = i;
				last = i;
			}
		}
		if (first != SIZE_MAX && ll_table_add_segment(t, first, last, NULL, 0, NULL) != LL_OK) {
			cJSON_Delete(root);
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		}
	}
	if (nunknown)
		ll_table_note(t, "%s: %zu rows have no readable timestamp; left unlabelled", path, nunknown);
	cJSON_Delete(root);
	return LL_OK;
}

static int nab_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	struct ll_table *t;
	int rc = ds_csv_load_generic(src, opts, 0, &t, err);
	if (rc != LL_OK)
		return rc;
	char jpath[PATH_MAX + 64], key[PATH_MAX];
	if (nab_key(src->path, key, sizeof key, NULL) != LL_OK) {
		ll_table_free(t);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	if (opts->labels) {
		rc = apply_windows(t, src->path, opts->labels, key, err);
	} else if (find_windows(src->path, jpath, sizeof jpath)) {
		rc = apply_windows(t, src->path, jpath, key, err);
	} else {
		ll_table_note(t, "%s: no labels/combined_windows.json found above this file; rows unlabelled",
			      src->path);
	}
	if (rc != LL_OK) {
		ll_table_free(t);
		return rc;
	}
	*out = t;
	return LL_OK;
}

const struct ds_reader ds_nab_reader = {
	.name = "nab",
	.summary = "Numenta Anomaly Benchmark timestamp,value series with anomaly windows",
	.sniff = nab_sniff,
	.load = nab_load,
	.line = NULL,
	.own_labels = 1,
};
