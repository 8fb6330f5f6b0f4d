/*
 * ds_jsonmerge.c - the three-way merge of ds_jsonmerge.h.
 *
 * A member is a unit: a value one side left as it was takes the other
 * side's, whatever that is (a change, a removal, an addition); values both
 * sides changed alike are taken once; objects both sides changed are
 * merged member by member; anything else both changed is a conflict.
 * Arrays are single values: their elements have no names to match by, and
 * a hidden-layer list half from each side would be a network nobody asked
 * for.
 */
#include "ds_jsonmerge.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

/* An absent member (NULL) equals only another absent one. */
static int same(const cJSON *a, const cJSON *b)
{
	if (!a || !b)
		return a == b;
	return cJSON_Compare(a, b, 1) != 0;
}

static const cJSON *member(const cJSON *obj, const char *key)
{
	return obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

struct merge {
	char *where;
	size_t cap;
	char path[1024];
};

static enum ds_merge_result conflict(struct merge *mg)
{
	if (mg->cap)
		snprintf(mg->where, mg->cap, "%s", mg->path[0] ? mg->path : "(document)");
	return DS_MERGE_CONFLICT;
}

static enum ds_merge_result copy(const cJSON *v, cJSON **out)
{
	*out = NULL;
	if (!v)
		return DS_MERGE_OK;
	*out = cJSON_Duplicate(v, 1);
	return *out ? DS_MERGE_OK : DS_MERGE_NOMEM;
}

static enum ds_merge_result merge_value(struct merge *mg, const cJSON *b, const cJSON *m, const cJSON *t,
					cJSON **out);

/* One member of the merged object: its path extended while it is merged. */
static enum ds_merge_result merge_member(struct merge *mg, const char *key, const cJSON *b, const cJSON *m,
					 const cJSON *t, cJSON *into)
{
	size_t len = strlen(mg->path);
	snprintf(mg->path + len, sizeof mg->path - len, "%s%s", len ? "." : "", key);
	cJSON *v = NULL;
	enum ds_merge_result rc = merge_value(mg, member(b, key), member(m, key), member(t, key), &v);
	mg->path[len] = '\0';
	if (rc != DS_MERGE_OK || !v)
		return rc;
	if (!cJSON_AddItemToObject(into, key, v)) {
		cJSON_Delete(v);
		return DS_MERGE_NOMEM;
	}
	return DS_MERGE_OK;
}

static enum ds_merge_result merge_objects(struct merge *mg, const cJSON *b, const cJSON *m, const cJSON *t,
					  cJSON **out)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return DS_MERGE_NOMEM;
	enum ds_merge_result rc = DS_MERGE_OK;
	/* The file's order first, so the text patch moves nothing of theirs. */
	for (const cJSON *c = t->child; c && rc == DS_MERGE_OK; c = c->next)
		if (c->string && !member(o, c->string))
			rc = merge_member(mg, c->string, b, m, t, o);
	for (const cJSON *c = m->child; c && rc == DS_MERGE_OK; c = c->next)
		if (c->string && !member(t, c->string))
			rc = merge_member(mg, c->string, b, m, t, o);
	if (rc != DS_MERGE_OK) {
		cJSON_Delete(o);
		return rc;
	}
	*out = o;
	return DS_MERGE_OK;
}

static enum ds_merge_result merge_value(struct merge *mg, const cJSON *b, const cJSON *m, const cJSON *t,
					cJSON **out)
{
	*out = NULL;
	if (same(m, b))
		return copy(t, out);
	if (same(t, b) || same(m, t))
		return copy(m, out);
	/* Both added or both changed an object: its members may not clash. */
	if (cJSON_IsObject(m) && cJSON_IsObject(t) && (!b || cJSON_IsObject(b)))
		return merge_objects(mg, b, m, t, out);
	return conflict(mg);
}

enum ds_merge_result ds_json_merge3(const void *base, const void *mine, const void *theirs, void **out,
				    char *where, size_t cap)
{
	struct merge mg = {.where = where, .cap = cap};
	mg.path[0] = '\0';
	if (cap)
		where[0] = '\0';
	cJSON *v = NULL;
	enum ds_merge_result rc = merge_value(&mg, base, mine, theirs, &v);
	*out = v;
	return rc;
}
