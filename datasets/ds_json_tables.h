/*
 * ds_json_tables.h - JSON tables written by column or as rows of arrays,
 * read as records.
 *
 * Query engines, dataframes and metric stores answer with tables that
 * carry their column names once, beside rows that are bare arrays, or that
 * hold one list or one object per column. Flattened as they are, each
 * becomes a single row of thousands of columns ("values.17.1"), which is
 * no table. Three layouts are unfolded into an array of record objects:
 *
 *   names and rows: an object holding a list of column names (strings, or
 *       objects with a string "name") and a list of rows, each an array of
 *       as many values: pandas' orient="split", Elasticsearch SQL,
 *       ClickHouse's JSONCompact, InfluxDB 1.x answers (results[].series[],
 *       each series with its name and tags). Such objects are found within
 *       four levels of the document; each row keeps its table's other
 *       members (a series' name and tags), and a list of as many values as
 *       there are rows (pandas' "index") is a column. They are taken when
 *       their names and rows hold more than half of the document's values.
 *   lists by column: a top-level object of two or more lists of values of
 *       one length (pandas' orient="list", R's jsonlite by column), holding
 *       more than half of the document's values; a row per position, with
 *       the object's other members.
 *   objects by column: a top-level object whose members are objects of
 *       values keyed by numbers, where some member's own name is not a
 *       number (pandas' default orient="columns"); a row per index key, the
 *       key in column "key".
 *
 * A table whose column names repeat is left as it was.
 */
#ifndef DS_JSON_TABLES_H
#define DS_JSON_TABLES_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* Scalars under item (an object or array counts what it holds). */
size_t ds_json_leaves(const cJSON *item);

/* A new array of the records doc's tables make, and in note (of cap bytes)
 * a sentence on where they came from, without the file's name; NULL when
 * doc is none of the layouts above, or out of memory (*oom then 1). The
 * values unfolded are moved out of doc, not copied (a table's own other
 * members are copied into each row): once it answers, doc holds only what
 * is left of it, to be freed. The caller frees the array with
 * cJSON_Delete. */
cJSON *ds_json_tables(cJSON *doc, char *note, size_t cap, int *oom);

/* 1 when item, or an object or array within four levels of it, is a
 * table of names and rows: a reader that takes item as one record cannot
 * vouch for the whole document's reading. */
int ds_json_holds_table(const cJSON *item);

/* 1 when the text s[0..n) is a number as JSON writes one, e.g. "17",
 * "-0.5", "1e3". */
int ds_json_number_text(const char *s, size_t n);

#endif
