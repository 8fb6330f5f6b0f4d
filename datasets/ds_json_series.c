/*
 * ds_json_series.c - records of [time, value] pairs unnested to a record
 * per pair (ds_json_series.h).
 */
#include "ds_json_series.h"

#include <math.h>
#include <string.h>

#include "ll_time.h"

/* A pair's first element is a time: an epoch number, or a stamp string. */
static int is_time(const cJSON *v)
{
	double t;
	if (cJSON_IsNumber(v))
		return ll_time_from_epoch(v->valuedouble, &t);
	return cJSON_IsString(v) && ll_time_parse(v->valuestring, strlen(v->valuestring), &t);
}

/* The one member of record r that is a non-empty array of [time, value]
 * pairs (the value a number or string), or NULL. */
static const cJSON *pairs_of(const cJSON *r)
{
	const cJSON *found = NULL;
	if (!cJSON_IsObject(r))
		return NULL;
	for (const cJSON *m = r->child; m; m = m->next) {
		if (!cJSON_IsArray(m) || !m->child)
			continue;
		int ok = 1;
		for (const cJSON *p = m->child; p && ok; p = p->next)
			ok = cJSON_IsArray(p) && cJSON_GetArraySize(p) == 2 && is_time(p->child) &&
			     (cJSON_IsNumber(p->child->next) || cJSON_IsString(p->child->next) ||
			      cJSON_IsNull(p->child->next));
		if (!ok)
			continue;
		if (found)
			return NULL; /* two series in one record: not this shape */
		found = m;
	}
	return found;
}

/* A sample's value: APIs write every one as a string ("0.25", "1", "NaN",
 * "+Inf") so no precision is lost; a number it spells is a number (an
 * infinity or NaN a missing value), any other string stays text. */
static cJSON *sample_value(const cJSON *v)
{
	double x;
	if (cJSON_IsString(v) && v->valuestring && ll_parse_number(v->valuestring, strlen(v->valuestring), &x))
		return isfinite(x) ? cJSON_CreateNumber(x) : cJSON_CreateNull();
	return cJSON_Duplicate(v, 1);
}

cJSON *ds_json_unnest_series(const cJSON *list, size_t *nseries, size_t *npoints, const char **pairs_key, int *oom)
{
	*nseries = *npoints = 0;
	*pairs_key = NULL;
	*oom = 0;
	if (!cJSON_IsArray(list) || !list->child)
		return NULL;
	for (const cJSON *r = list->child; r; r = r->next) {
		const cJSON *p = pairs_of(r);
		if (!p || (*pairs_key && strcmp(*pairs_key, p->string ? p->string : "") != 0))
			return NULL;
		*pairs_key = p->string ? p->string : "";
	}
	cJSON *out = cJSON_CreateArray();
	if (!out)
		goto nomem;
	for (const cJSON *r = list->child; r; r = r->next) {
		const cJSON *pairs = pairs_of(r);
		/* "time" and "value", unless the series' own keys have them */
		const char *tk = cJSON_GetObjectItemCaseSensitive(r, "time") ? "sample_time" : "time";
		const char *vk = cJSON_GetObjectItemCaseSensitive(r, "value") ? "sample_value" : "value";
		(*nseries)++;
		for (const cJSON *p = pairs->child; p; p = p->next) {
			cJSON *rec = cJSON_CreateObject();
			if (!rec || !cJSON_AddItemToArray(out, rec))
				goto nomem_rec;
			for (const cJSON *m = r->child; m; m = m->next) {
				if (m == pairs)
					continue;
				cJSON *d = cJSON_Duplicate(m, 1);
				if (!d || !cJSON_AddItemToObject(rec, m->string, d)) {
					cJSON_Delete(d);
					goto nomem;
				}
			}
			cJSON *t = cJSON_Duplicate(p->child, 1), *v = sample_value(p->child->next);
			if (!t || !cJSON_AddItemToObject(rec, tk, t)) {
				cJSON_Delete(t);
				cJSON_Delete(v);
				goto nomem;
			}
			if (!v || !cJSON_AddItemToObject(rec, vk, v)) {
				cJSON_Delete(v);
				goto nomem;
			}
			(*npoints)++;
			continue;
		nomem_rec:
			cJSON_Delete(rec);
			goto nomem;
		}
	}
	return out;
nomem:
	cJSON_Delete(out);
	*oom = 1;
	return NULL;
}
