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

/* A [time, value] pair (the value a number, string or null). */
static int is_pair(const cJSON *p)
{
	return cJSON_IsArray(p) && cJSON_GetArraySize(p) == 2 && is_time(p->child) &&
	       (cJSON_IsNumber(p->child->next) || cJSON_IsString(p->child->next) || cJSON_IsNull(p->child->next));
}

/* A member that is one pair by itself (a Prometheus instant query's
 * "vector": "value": [1700000000.1, "3"]); its time must be a stamp or an
 * epoch after 1973, as [0, 100] is more likely a range than a sample. */
static int is_single_pair(const cJSON *m)
{
	if (!is_pair(m))
		return 0;
	return !cJSON_IsNumber(m->child) || m->child->valuedouble >= 1e8;
}

/* The one member of record r that is a non-empty array of [time, value]
 * pairs, or one such pair itself (*single 1), or NULL. */
static const cJSON *pairs_of(const cJSON *r, int *single)
{
	const cJSON *found = NULL;
	*single = 0;
	if (!cJSON_IsObject(r))
		return NULL;
	for (const cJSON *m = r->child; m; m = m->next) {
		if (!cJSON_IsArray(m) || !m->child)
			continue;
		int one = is_single_pair(m), ok = !one;
		for (const cJSON *p = m->child; p && ok; p = p->next)
			ok = is_pair(p);
		if (!ok && !one)
			continue;
		if (found)
			return NULL; /* two series in one record: not this shape */
		found = m;
		*single = one;
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
	int single = 0, first_single = -1;
	for (const cJSON *r = list->child; r; r = r->next) {
		const cJSON *p = pairs_of(r, &single);
		if (!p || (*pairs_key && strcmp(*pairs_key, p->string ? p->string : "") != 0) ||
		    (first_single >= 0 && single != first_single))
			return NULL;
		*pairs_key = p->string ? p->string : "";
		first_single = single;
	}
	cJSON *out = cJSON_CreateArray();
	if (!out)
		goto nomem;
	for (const cJSON *r = list->child; r; r = r->next) {
		const cJSON *pairs = pairs_of(r, &single);
		/* "time" and "value", unless the series' other keys have them */
		const cJSON *own_t = cJSON_GetObjectItemCaseSensitive(r, "time"),
			    *own_v = cJSON_GetObjectItemCaseSensitive(r, "value");
		const char *tk = own_t && own_t != pairs ? "sample_time" : "time";
		const char *vk = own_v && own_v != pairs ? "sample_value" : "value";
		(*nseries)++;
		for (const cJSON *p = single ? pairs : pairs->child; p; p = single ? NULL : p->next) {
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
