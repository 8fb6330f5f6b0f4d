/*
 * ds_json_tables.h - JSON tables written by column or as rows of arrays,
 * read as records.
 *
 * Query engines, dataframes and metric stores answer with tables that
 * carry their column names once, beside rows that are bare arrays, or that
 * hold one list or one object per column. Flattened as they are, each
 * becomes a single row of thousands of columns ("values.17.1"), which is
 * no table. Four layouts are unfolded into an array of record objects:
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
 *   data frames: objects of {"schema": {"name": .., "fields": [{"name":
 *       .., "labels": {..}}, ..]}, "data": {"values": [[..], [..]]}}, one
 *       list of values per field, all of one length (Grafana's query API
 *       and panel JSON, results.A.frames[]), found as tables of names and
 *       rows are and taken alike; a row per index, each field's value under
 *       its name, the frame's name in column "name" and each field's labels
 *       as columns of their own (a label named like a field, or given
 *       again with another value, left out and counted in the note).
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

/* Levels below the document where a table of names and rows or a data
 * frame is looked for (the root is level 0): InfluxDB's results -> [i] ->
 * series -> [j] is four. */
#define DS_JSON_TABLE_DEPTH 4

/* Scalars under item (an object or array counts what it holds). */
size_t ds_json_leaves(const cJSON *item);

/* ds_json_leaves as weighed to choose which list holds the records: a list
 * of plain values (numbers, strings) counts as one value, since such a list
 * is one field of its record (a device's hundred supported clocks under
 * each of a few memory clocks are no records outweighing the device). */
size_t ds_json_record_values(const cJSON *item);

/* A new array of the records doc's tables make, and in note (of cap bytes)
 * a sentence on where they came from, without the file's name; NULL when
 * doc is none of the layouts above, or out of memory (*oom then 1). The
 * values unfolded are moved out of doc, not copied (a table's own other
 * members, and its values of one per row, are copied into each row): once
 * it answers, doc holds only what is left of it, to be freed. The caller frees the array with
 * cJSON_Delete. */
cJSON *ds_json_tables(cJSON *doc, char *note, size_t cap, int *oom);
/* ds_json_tables() with the first two layouts only (tables of names and
 * rows, data frames): the ones a value of JSON Lines is unfolded by, where
 * lists of one length are as likely a record's own. */
cJSON *ds_json_tables_of_rows(cJSON *doc, char *note, size_t cap, int *oom);

/* 1 when item, or an object or array within four levels of it, is a
 * table of names and rows or a data frame: a reader that takes item as one record cannot
 * vouch for the whole document's reading. */
int ds_json_holds_table(const cJSON *item);

/* The names list of a table of names and rows obj whose member rows
 * holds rows of width values: the first other member that is a list of
 * width distinct column names (strings, or objects with a string "name");
 * NULL when none is. */
const cJSON *ds_json_table_names(const cJSON *obj, const cJSON *rows, int width);

/* 1 when the n strings of names are distinct; names is reordered. In
 * n log n: a table's names list may hold thousands (a pairwise check of
 * 100,000 names ran for minutes). */
int ds_json_names_distinct(const char **names, size_t n);

/* 1 when row is a row of width values (an array of that many). */
int ds_json_table_row(const cJSON *row, int width);

/* How a table of names and rows turns each row into a record, so that a
 * reader taking its rows one at a time from the text (ds_json.c) makes the
 * records ds_json_tables() makes: the row's values under the column names,
 * then the table's other members in order, each copied into every row,
 * except a list of one scalar per row (pandas' "index"), which gives each
 * row its value, and a member named like a column, left out (counted in
 * dropped). obj, names and rows are borrowed; obj's rows member may have
 * been emptied (it is not looked into). */
struct ds_json_frame {
	const cJSON *obj, *names, *rows;
	int width;
	size_t dropped;
	unsigned char *use;  /* per member of obj: 0 left out, 1 copied, 2 a value per row */
	const cJSON **next;  /* per member of use 2: its value for the next row */
};

/* The frame of table obj with its names and rows members and nrows rows;
 * 0 when out of memory. */
int ds_json_frame_init(struct ds_json_frame *f, const cJSON *obj, const cJSON *names, const cJSON *rows,
		       size_t nrows);

/* Back to the first row (a second pass over the rows). */
void ds_json_frame_rewind(struct ds_json_frame *f);

/* A new record of the next row, row (ds_json_table_row of f's width),
 * whose values are moved out of it; NULL when out of memory. The caller
 * frees it with cJSON_Delete. */
cJSON *ds_json_frame_record(struct ds_json_frame *f, cJSON *row);

void ds_json_frame_free(struct ds_json_frame *f);

/* The sentence ds_json_tables() says of nrecords rows of ntables tables
 * (names and rows the first table's members' names), dropped members left
 * out and other values of the document outside the tables. */
void ds_json_frame_note(char *note, size_t cap, size_t nrecords, size_t ntables, const char *names,
			const char *rows, size_t dropped, size_t other);

/* 1 when the text s[0..n) is a number as JSON writes one, e.g. "17",
 * "-0.5", "1e3". */
int ds_json_number_text(const char *s, size_t n);

#endif
