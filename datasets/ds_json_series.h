/*
 * ds_json_series.h - JSON records that each hold a series of [time, value]
 * pairs, read as a row per point.
 *
 * Query APIs of time-series stores answer with one record per series: its
 * labels, then its samples as pairs ({"metric": {...}, "values": [[t, v],
 * ...]}, a Prometheus range query's "matrix"; many dashboards' JSON
 * exports alike). Flattened as they are, the pairs become a column per
 * sample index ("values.17.1"), which is no table. A list of records each
 * holding one array of pairs whose first element is a time (epoch seconds
 * to nanoseconds, or a stamp) is therefore unnested: a record per pair,
 * with the series' other keys, "time" and "value" (a long table, which the
 * reader then pivots to a column per series: ds_pivot.h). Pairs written
 * [value, time] (Graphite's "datapoints") and an object of values keyed by
 * times (OpenTSDB's "dps") are series alike. A record whose
 * member is one such pair by itself (an instant query's "vector":
 * "value": [t, "3"]) is one point. A value written
 * as a string of a number ("0.25", "1") is that number; "NaN" and "+Inf"
 * are missing. Lists side by side in each record, one of times and the
 * others of values of the same length (CloudWatch's "Timestamps" and
 * "Values"), give a record per position, each list's element under the
 * list's key.
 */
#ifndef DS_JSON_SERIES_H
#define DS_JSON_SERIES_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* A new array of the unnested records of list when list is such a list of
 * series (NULL when it is not, or out of memory: *oom then 1); *nseries
 * and *npoints get the counts, *pairs_key (a pointer into list) the
 * pairs' key and *shape how the first series holds them ("[time, value]
 * pairs", "[value, time] pairs", "values keyed by time", or
 * DS_JSON_PARALLEL: lists side by side, *pairs_key then the list of
 * times' key). The caller frees the array with cJSON_Delete. */
#define DS_JSON_PARALLEL "lists side by side"
/* Or DS_JSON_POINTS: records without a time of their own whose one list
 * holds objects that each do (GCP's timeSeries[].points[], Azure
 * Monitor's value[].timeseries[].data[] two lists down), a record per
 * point with its series' other members (a name taken already prefixed by
 * its list's: "points.unit"); *pairs_key the innermost list's key. */
#define DS_JSON_POINTS "point records"
cJSON *ds_json_unnest_series(const cJSON *list, size_t *nseries, size_t *npoints, const char **pairs_key,
			     const char **shape, int *oom);

#endif
