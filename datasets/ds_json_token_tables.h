/*
 * ds_json_token_tables.h - tables of names and rows found among the
 * tokens of a scanned JSON document (ds_json_scan.h), as
 * ds_json_tables_of_rows() finds them in its cJSON tree.
 *
 * A value of JSON Lines that is a document holding its records (InfluxDB's
 * chunked answers: a line of results[].series[], each series a table of
 * column names beside rows of values) was parsed into a tree, each row
 * made a record object with copies of its series' name and tags, and the
 * records walked: allocation for every value, three times over. Here the
 * same tables are found from the tokens alone, and the reader walks each
 * row as the record the tree would make (its values under the column
 * names, then the table's other members), without building anything.
 *
 * Only documents whose reading the tree would not change in any other way
 * are vouched for; for every other one the answer is "not vouched" and
 * the caller parses the tree as before. Vouched means: the tables of
 * names and rows the tree finds within DS_JSON_TABLE_DEPTH levels hold
 * more than half of the document's values (so the tree takes them), and in
 * each of them
 *   - the names are strings (a names list of objects is not looked into);
 *   - every row value is a scalar;
 *   - every other member of the table object is a scalar or an object
 *     holding no array at any depth (not a list copied or spread over the
 *     rows), is not named like a column (which the tree leaves out), is
 *     not named twice in the object, and is no object of values keyed by
 *     times (which would make the records series, ds_json_series.h).
 * The records then hold no list, so ds_json_unnest_series() leaves them
 * as they are.
 */
#ifndef DS_JSON_TOKEN_TABLES_H
#define DS_JSON_TOKEN_TABLES_H

#include <stddef.h>

#include "ds_json_scan.h"

/* One table: token indexes of its object, names list and rows list. */
struct ds_json_token_table {
	size_t obj, names, rows;
	size_t nrows;
	int width;
};

struct ds_json_token_tables {
	/* per token: the index just past its value (past the key, for a key) */
	size_t *next;
	/* per token: the scalars before it, so a container's values are
	 * scalars[next] - scalars[index] */
	size_t *scalars;
	/* per container token: the values it holds (its children) */
	size_t *count;
	size_t cap;
	struct ds_json_token_table *t;
	size_t n, tcap;
	/* when vouched: the rows of all tables, the document's scalars, and
	 * those of the table objects (the rest is the note's "other values") */
	size_t records, all, in_tables;
};

enum ds_json_token_tables_answer {
	DS_JSON_TT_NOMEM = -1,
	DS_JSON_TT_NOT_VOUCHED = 0, /* the tree decides */
	DS_JSON_TT_TABLES = 1,
};

void ds_json_token_tables_init(struct ds_json_token_tables *tt);
void ds_json_token_tables_free(struct ds_json_token_tables *tt);

/* The tables of the document whose ntoks tokens s scanned into toks (the
 * whole value, from its first token; key and string texts still s's), into
 * tt (kept from one document to the next). */
enum ds_json_token_tables_answer ds_json_token_tables_find(struct ds_json_token_tables *tt,
							   const struct ds_json_scan *s,
							   const struct ds_json_scan_tok *toks, size_t ntoks);

/* The first child value's index of the container at token i of toks
 * (for an object, the value after the first key); i's close when empty. */
static inline size_t ds_json_token_first(const struct ds_json_scan_tok *toks, size_t i)
{
	return toks[i + 1].kind == DS_JSON_KEY ? i + 2 : i + 1;
}

/* The index of the value after the child value at j (in an object, after
 * the next key); the container's close when j was the last. */
static inline size_t ds_json_token_after(const struct ds_json_token_tables *tt, const struct ds_json_scan_tok *toks,
					 size_t j)
{
	size_t k = tt->next[j];
	return toks[k].kind == DS_JSON_KEY ? k + 1 : k;
}

/* 1 when token t closes a container. */
static inline int ds_json_token_is_close(const struct ds_json_scan_tok *t)
{
	return t->kind == DS_JSON_OBJECT_END || t->kind == DS_JSON_ARRAY_END;
}

#endif
