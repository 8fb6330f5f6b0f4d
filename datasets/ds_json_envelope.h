/*
 * ds_json_envelope.h - the records list of a JSON envelope found in the
 * raw text, without a parse tree.
 *
 * An export wraps its records in an object ({"hits": {"hits": [...]}},
 * {"Records": [...]}, {"items": [...], "kind": "List"}); the JSON reader
 * takes as records the array of objects holding more than half of the
 * document's scalar values (ds_json.c, envelope()). Parsing the whole
 * document into a tree to find it costs about nine times the file's size;
 * this scan walks the text instead, so the reader can parse the list an
 * element at a time. It only answers when the answer is certain: the one
 * member holding more than half of the scalars, reached through objects
 * alone within three levels, is an array; a key on the way that holds an
 * escape ("\u00e9") is not decoded here, so such a path is no answer.
 *
 * The text must be one JSON object that json_scan (ds_json.c) accepts:
 * this scan checks no grammar.
 */
#ifndef DS_JSON_ENVELOPE_H
#define DS_JSON_ENVELOPE_H

#include <stddef.h>

/* The path the reader names a list by is at most this long (with its NUL). */
#define DS_JSON_ENV_NAME 512

struct ds_json_env {
	size_t open, close;   /* offsets of the list's '[' and one past its ']' */
	size_t elements;      /* the list's elements */
	int all_objects;      /* 1 when every element is an object */
	int all_arrays;       /* 1 when every element is an array */
	size_t leaves;        /* scalars in the list */
	size_t doc_leaves;    /* scalars in the whole document */
	long deepest;         /* most objects and arrays open at once, the document's own included */
	char name[DS_JSON_ENV_NAME]; /* the list's dotted path ("hits.hits") */
	int levels;           /* the path's members, 1 to 3 */
	size_t member[3];     /* each one's place among its object's members, from 0 */
};

/* 1 when the object text p[0..n) (its '{' at p[0]) has such a list, its
 * facts in *out; 0 when it has none or the scan cannot tell. */
int ds_json_env_find(const char *p, size_t n, struct ds_json_env *out);

#endif
