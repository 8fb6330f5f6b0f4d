/*
 * ds_json_series.c - records of [time, value] pairs unnested to a record
 * per pair (ds_json_series.h).
 */
#include "ds_json_series.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ds_csv.h"
#include "ll_time.h"

/* A pair's first element is a time: an epoch number, or a stamp string. */
static int is_time(const cJSON *v)
{
	double t;
	if (cJSON_IsNumber(v))
		return ll_time_from_epoch(v->valuedouble, &t);
	return cJSON_IsString(v) && ll_time_parse(v->valuestring, strlen(v->valuestring), &t);
}

/* How a record holds its series (pairs_of()). */
enum pairs_kind {
	TIME_FIRST,  /* a list of [time, value] pairs */
	VALUE_FIRST, /* a list of [value, time] pairs (Graphite's "datapoints") */
	ONE_PAIR,    /* one [time, value] pair by itself */
	TIME_KEYS,   /* an object of values keyed by time (OpenTSDB's "dps") */
};

static int is_value(const cJSON *v)
{
	return cJSON_IsNumber(v) || cJSON_IsString(v) || cJSON_IsNull(v);
}

/* A pair with its time at index at (0 or 1) and a value (a number, string
 * or null) at the other. */
static int is_pair(const cJSON *p, int at)
{
	if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) != 2)
		return 0;
	const cJSON *t = at ? p->child->next : p->child, *v = at ? p->child : p->child->next;
	return is_time(t) && is_value(v);
}

/* A member that is one pair by itself (a Prometheus instant query's
 * "vector": "value": [1700000000.1, "3"]); its time must be a stamp or an
 * epoch after 1973, as [0, 100] is more likely a range than a sample. */
static int is_single_pair(const cJSON *m)
{
	if (!is_pair(m, 0))
		return 0;
	return !cJSON_IsNumber(m->child) || m->child->valuedouble >= 1e8;
}

/* 1 when the elements at index at of the pairs of list m never go back in
 * time (numbers only; stamps count as in order). */
static int times_in_order(const cJSON *m, int at)
{
	double last = -INFINITY;
	for (const cJSON *p = m->child; p; p = p->next) {
		const cJSON *t = at ? p->child->next : p->child;
		if (cJSON_IsNumber(t)) {
			if (t->valuedouble < last)
				return 0;
			last = t->valuedouble;
		}
	}
	return 1;
}

/* How list m holds pairs: TIME_FIRST or VALUE_FIRST, -1 when it holds
 * none. Where both read (two numbers that both pass for epochs), the
 * side that never goes back in time is the time; else time first. */
static int list_order(const cJSON *m)
{
	int first = 1, second = 1;
	for (const cJSON *p = m->child; p && (first || second); p = p->next) {
		first = first && is_pair(p, 0);
		second = second && is_pair(p, 1);
	}
	if (first && second)
		return !times_in_order(m, 0) && times_in_order(m, 1) ? VALUE_FIRST : TIME_FIRST;
	return first ? TIME_FIRST : second ? VALUE_FIRST : -1;
}

/* An object of one or more values keyed by times. */
static int time_keyed(const cJSON *m)
{
	if (!cJSON_IsObject(m) || !m->child)
		return 0;
	double t;
	for (const cJSON *k = m->child; k; k = k->next)
		if (!k->string || !is_value(k) || !ll_time_parse(k->string, strlen(k->string), &t))
			return 0;
	return 1;
}

/* The one member of record r that holds a series (*kind says how), or
 * NULL. */
static const cJSON *pairs_of(const cJSON *r, int *kind)
{
	const cJSON *found = NULL;
	if (!cJSON_IsObject(r))
		return NULL;
	for (const cJSON *m = r->child; m; m = m->next) {
		int k = time_keyed(m) ? TIME_KEYS : !cJSON_IsArray(m) || !m->child ? -1
						  : is_single_pair(m)	       ? ONE_PAIR
									       : list_order(m);
		if (k < 0)
			continue;
		if (found)
			return NULL; /* two series in one record: not this shape */
		found = m;
		*kind = k;
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

/* A list of one or more scalars (numbers, strings, nulls); its length. */
static int scalar_list(const cJSON *m)
{
	if (!cJSON_IsArray(m) || !m->child)
		return 0;
	int n = 0;
	for (const cJSON *e = m->child; e; e = e->next, n++)
		if (!is_value(e))
			return 0;
	return n;
}

/* 1 when member key of object r is an empty list (a series without
 * points in an answer whose other series have some: "Timestamps": [],
 * "Values": []), and so is another member when others is set. */
static int empty_list(const cJSON *r, const char *key, int others)
{
	const cJSON *m = cJSON_IsObject(r) ? cJSON_GetObjectItemCaseSensitive(r, key) : NULL;
	if (!cJSON_IsArray(m) || m->child)
		return 0;
	for (const cJSON *o = r->child; others && o; o = o->next)
		if (o != m && cJSON_IsArray(o) && !o->child)
			return 1;
	return !others;
}

/* A list of times: stamps, or epoch numbers after 1973 (a list of small
 * numbers is more likely values than seconds since 1970). */
static int time_list(const cJSON *m)
{
	for (const cJSON *e = m->child; e; e = e->next)
		if (!is_time(e) || (cJSON_IsNumber(e) && e->valuedouble < 1e8))
			return 0;
	return 1;
}

/* Record r's lists side by side (CloudWatch's "Timestamps" beside
 * "Values", a dashboard's "times" beside "cpu" and "mem"): two or more
 * lists of scalars of one length, the first list of times among them
 * (*time_key). Their length, 0 when r is not so. Other lists of another
 * length stay members. */
static int parallel_of(const cJSON *r, const char **time_key)
{
	*time_key = NULL;
	if (!cJSON_IsObject(r))
		return 0;
	for (const cJSON *m = r->child; m; m = m->next) {
		int n = scalar_list(m);
		if (!n || !time_list(m))
			continue;
		int beside = 0;
		for (const cJSON *o = r->child; o; o = o->next)
			beside += o != m && scalar_list(o) == n;
		if (beside) {
			*time_key = m->string ? m->string : "";
			return n;
		}
	}
	return 0;
}

/* The records of list whose lists side by side are unrolled to a record
 * per position; NULL when some record is not so or their time lists have
 * different keys. */
static cJSON *unnest_parallel(const cJSON *list, size_t *nseries, size_t *npoints, const char **time_key, int *oom)
{
	const cJSON **at = NULL; /* per member: its list's element of the point, NULL if not a list of n */
	for (const cJSON *r = list->child; r; r = r->next) {
		const char *k;
		if (!parallel_of(r, &k))
			continue;
		if (*time_key && strcmp(*time_key, k) != 0)
			return NULL;
		*time_key = k;
	}
	if (!*time_key)
		return NULL;
	for (const cJSON *r = list->child; r; r = r->next) {
		const char *k;
		if (!parallel_of(r, &k) && !empty_list(r, *time_key, 1))
			return NULL;
	}
	cJSON *out = cJSON_CreateArray();
	if (!out)
		goto nomem;
	for (const cJSON *r = list->child; r; r = r->next) {
		const char *k;
		int n = parallel_of(r, &k);
		const cJSON *tl = cJSON_GetObjectItemCaseSensitive(r, k);
		(*nseries)++;
		/* the lists are walked side by side, once: a series of 32,000
		 * points looked each point up from the lists' heads (137 s) */
		free(at);
		if (!(at = malloc(((size_t)cJSON_GetArraySize(r) + 1) * sizeof *at)))
			goto nomem;
		size_t j = 0;
		for (const cJSON *m = r->child; m; m = m->next)
			at[j++] = n && scalar_list(m) == n ? m->child : NULL;
		for (int i = 0; i < n; i++) {
			cJSON *rec = cJSON_CreateObject();
			if (!rec || !cJSON_AddItemToArray(out, rec)) {
				cJSON_Delete(rec);
				goto nomem;
			}
			j = 0;
			for (const cJSON *m = r->child; m; m = m->next, j++) {
				cJSON *d;
				if (at[j]) {
					const cJSON *e = at[j];
					at[j] = e->next;
					d = m == tl ? cJSON_Duplicate(e, 1) : sample_value(e);
				} else {
					d = cJSON_Duplicate(m, 1);
				}
				if (!d || !cJSON_AddItemToObject(rec, m->string ? m->string : "", d)) {
					cJSON_Delete(d);
					goto nomem;
				}
			}
			(*npoints)++;
		}
	}
	free(at);
	return out;
nomem:
	free(at);
	cJSON_Delete(out);
	*oom = 1;
	return NULL;
}

/* ---- series of point records ---- */

/* Point records nest this deep at most below their series' record
 * (Azure's value[].timeseries[].data[]: two lists). */
#define MAX_POINT_DEPTH 3

/* A scalar that is a time as a point holds one: a dated stamp, or an epoch
 * number under a clock's name ("timestamp", "ts", "clock"). */
static int timed_scalar(const cJSON *m)
{
	double t;
	if (cJSON_IsString(m) && m->valuestring)
		return strlen(m->valuestring) >= 10 && ll_time_parse(m->valuestring, strlen(m->valuestring), &t);
	return cJSON_IsNumber(m) && m->string && ds_csv_time_name(m->string) && ll_time_from_epoch(m->valuedouble, &t);
}

/* 1 when object o holds a time among its scalars or those of the objects
 * in it (GCP's interval.startTime), skipping member skip. */
static int holds_time(const cJSON *o, const cJSON *skip, int depth)
{
	for (const cJSON *m = o->child; m; m = m->next) {
		if (m == skip)
			continue;
		if (timed_scalar(m) || (cJSON_IsObject(m) && depth < 2 && holds_time(m, NULL, depth + 1)))
			return 1;
	}
	return 0;
}

static const cJSON *points_list(const cJSON *r, int depth, const cJSON **holder);

/* 1 when list m holds a series' points: objects that each hold a time, or
 * objects that are each a series of points themselves (one level down). */
static int points_in(const cJSON *m, int depth)
{
	if (!cJSON_IsArray(m) || !m->child)
		return 0;
	int direct = 1, nested = depth + 1 < MAX_POINT_DEPTH;
	for (const cJSON *e = m->child; e && (direct || nested); e = e->next) {
		if (!cJSON_IsObject(e))
			return 0;
		direct = direct && holds_time(e, NULL, 0);
		const cJSON *h;
		nested = nested && points_list(e, depth + 1, &h) != NULL;
	}
	return direct || nested;
}

/* The one list of record r's points, a member of r or of an object in r
 * (Elasticsearch's bucket of a term holding its "over_time": {"buckets":
 * [...]}; *holder the member of r that holds it), when nothing else in r is
 * a time (a series' labels, then its samples: a record with a time of its
 * own, such as a CI job with its steps, is no series); NULL when there is
 * none or more than one. */
static const cJSON *points_list(const cJSON *r, int depth, const cJSON **holder)
{
	*holder = NULL;
	if (!cJSON_IsObject(r))
		return NULL;
	const cJSON *found = NULL;
	for (const cJSON *m = r->child; m; m = m->next) {
		const cJSON *in = points_in(m, depth) ? m : NULL;
		for (const cJSON *k = cJSON_IsObject(m) ? m->child : NULL; k && !in; k = k->next)
			if (points_in(k, depth)) {
				if (in)
					return NULL;
				in = k;
			}
		if (!in)
			continue;
		if (found)
			return NULL;
		found = in;
		*holder = m;
	}
	return found && !holds_time(r, *holder, 0) ? found : NULL;
}

/* Adds a copy of every member of o but skip to rec; a name rec already
 * has is prefixed with the list's name (within: "data.unit"). */
static int add_members(cJSON *rec, const cJSON *o, const cJSON *skip, const char *within)
{
	for (const cJSON *m = o->child; m; m = m->next) {
		if (m == skip || !m->string)
			continue;
		cJSON *d = cJSON_Duplicate(m, 1);
		if (!d)
			return 0;
		char name[256];
		const char *key = m->string;
		if (within && cJSON_GetObjectItemCaseSensitive(rec, key)) {
			snprintf(name, sizeof name, "%s.%s", within, m->string);
			key = name;
		}
		if (!cJSON_AddItemToObject(rec, key, d)) {
			cJSON_Delete(d);
			return 0;
		}
	}
	return 1;
}

/* A record per point of series r into out, each with the members of r's
 * ancestors (path[0, depth)) and of r but the lists of points. */
static int explode(cJSON *out, const cJSON *const *path, const cJSON *const *skips, int depth, const cJSON *r,
		   size_t *npoints, const char **innermost)
{
	const cJSON *holder, *list = points_list(r, depth, &holder);
	const cJSON *chain[MAX_POINT_DEPTH + 1], *skip[MAX_POINT_DEPTH + 1];
	for (int i = 0; i < depth; i++) {
		chain[i] = path[i];
		skip[i] = skips[i];
	}
	chain[depth] = r;
	skip[depth] = holder;
	for (const cJSON *e = list->child; e; e = e->next) {
		const cJSON *h;
		if (depth + 1 < MAX_POINT_DEPTH && !holds_time(e, NULL, 0) && points_list(e, depth + 1, &h)) {
			if (!explode(out, chain, skip, depth + 1, e, npoints, innermost))
				return 0;
			continue;
		}
		*innermost = list->string ? list->string : "";
		cJSON *rec = cJSON_CreateObject();
		if (!rec || !cJSON_AddItemToArray(out, rec)) {
			cJSON_Delete(rec);
			return 0;
		}
		for (int i = 0; i <= depth; i++)
			if (!add_members(rec, chain[i], skip[i], i ? chain[i - 1]->string : NULL))
				return 0;
		if (!add_members(rec, e, NULL, list->string))
			return 0;
		(*npoints)++;
	}
	return 1;
}

/* The records of list each a series of point records, a record per point;
 * NULL when some record is not so. */
static cJSON *unnest_points(const cJSON *list, size_t *nseries, size_t *npoints, const char **key, int *oom)
{
	const cJSON *h, *holder = NULL, *l = NULL;
	for (const cJSON *r = list->child; r && !l; r = r->next)
		l = points_list(r, 0, &holder);
	if (!l || !l->string || !holder->string)
		return NULL;
	/* each record a series of points, or one whose list of them (of the
	 * same name, where the others hold it) is empty */
	for (const cJSON *r = list->child; r; r = r->next) {
		if (points_list(r, 0, &h))
			continue;
		const cJSON *in = cJSON_IsObject(r) && holder != l ? cJSON_GetObjectItemCaseSensitive(r, holder->string) : r;
		if (!empty_list(in, l->string, 0) || holds_time(r, NULL, 0))
			return NULL;
	}
	cJSON *out = cJSON_CreateArray();
	for (const cJSON *r = list->child; out && r; r = r->next) {
		(*nseries)++;
		if (!points_list(r, 0, &h))
			continue; /* a series without points */
		if (!explode(out, NULL, NULL, 0, r, npoints, key)) {
			cJSON_Delete(out);
			out = NULL;
		}
	}
	*oom = !out;
	return out;
}

cJSON *ds_json_unnest_series(const cJSON *list, size_t *nseries, size_t *npoints, const char **pairs_key,
			     const char **shape, int *oom)
{
	static const char *const shapes[] = {"[time, value] pairs", "[value, time] pairs", "[time, value] pairs",
					     "values keyed by time"};
	*nseries = *npoints = 0;
	*pairs_key = NULL;
	*shape = shapes[0];
	*oom = 0;
	if (!cJSON_IsArray(list) || !list->child)
		return NULL;
	int kind = 0, first_kind = -1;
	for (const cJSON *r = list->child; r; r = r->next) {
		const cJSON *p = pairs_of(r, &kind);
		if (!p || (*pairs_key && strcmp(*pairs_key, p->string ? p->string : "") != 0) ||
		    (first_kind >= 0 && (kind == ONE_PAIR) != (first_kind == ONE_PAIR))) {
			*pairs_key = NULL;
			*shape = DS_JSON_PARALLEL;
			cJSON *side = unnest_parallel(list, nseries, npoints, pairs_key, oom);
			if (side || *oom)
				return side;
			*shape = DS_JSON_POINTS;
			return unnest_points(list, nseries, npoints, pairs_key, oom);
		}
		*pairs_key = p->string ? p->string : "";
		if (first_kind < 0)
			*shape = shapes[kind];
		first_kind = kind;
	}
	cJSON *out = cJSON_CreateArray();
	if (!out)
		goto nomem;
	for (const cJSON *r = list->child; r; r = r->next) {
		const cJSON *pairs = pairs_of(r, &kind);
		/* "time" and "value", unless the series' other keys have them */
		const cJSON *own_t = cJSON_GetObjectItemCaseSensitive(r, "time"),
			    *own_v = cJSON_GetObjectItemCaseSensitive(r, "value");
		const char *tk = own_t && own_t != pairs ? "sample_time" : "time";
		const char *vk = own_v && own_v != pairs ? "sample_value" : "value";
		(*nseries)++;
		for (const cJSON *p = kind == ONE_PAIR ? pairs : pairs->child; p; p = kind == ONE_PAIR ? NULL : p->next) {
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
			cJSON *t, *v;
			if (kind == TIME_KEYS) {
				double x;
				t = ll_parse_number(p->string, strlen(p->string), &x) ? cJSON_CreateNumber(x)
										      : cJSON_CreateString(p->string);
				v = sample_value(p);
			} else {
				const cJSON *pt = kind == VALUE_FIRST ? p->child->next : p->child;
				t = cJSON_Duplicate(pt, 1);
				v = sample_value(kind == VALUE_FIRST ? p->child : p->child->next);
			}
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
