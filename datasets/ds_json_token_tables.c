/*
 * ds_json_token_tables.c - tables of names and rows among a document's
 * tokens (ds_json_token_tables.h). Each test below is ds_json_tables.c's
 * on the tree, asked of the tokens; where the tree would look further
 * than these tests do, the answer is "not vouched".
 */
#include "ds_json_token_tables.h"

#include "ds_json_tables.h"
#include "ll_time.h"

#include <stdlib.h>
#include <string.h>

void ds_json_token_tables_init(struct ds_json_token_tables *tt)
{
	memset(tt, 0, sizeof *tt);
}

void ds_json_token_tables_free(struct ds_json_token_tables *tt)
{
	free(tt->next);
	free(tt->scalars);
	free(tt->count);
	free(tt->t);
	memset(tt, 0, sizeof *tt);
}

static int is_open(const struct ds_json_scan_tok *t)
{
	return t->kind == DS_JSON_OBJECT || t->kind == DS_JSON_ARRAY;
}

static int is_scalar(const struct ds_json_scan_tok *t)
{
	return !is_open(t) && !ds_json_token_is_close(t) && t->kind != DS_JSON_KEY;
}

/* The values the container (or scalar) at i holds: ds_json_leaves(). */
static size_t leaves(const struct ds_json_token_tables *tt, size_t i)
{
	return tt->scalars[tt->next[i]] - tt->scalars[i];
}

/* Child values of the container at i. */
static size_t children(const struct ds_json_token_tables *tt, const struct ds_json_scan_tok *toks, size_t i)
{
	(void)toks;
	return tt->count[i];
}

/* *a to cap counts (kept as it was when out of memory: 0). */
static int grow(size_t **a, size_t cap)
{
	size_t *p = realloc(*a, cap * sizeof *p);
	if (!p)
		return 0;
	*a = p;
	return 1;
}

/* next[], scalars[] and count[] of the ntoks tokens; 0 when out of
 * memory. */
static int index_tokens(struct ds_json_token_tables *tt, const struct ds_json_scan_tok *toks, size_t ntoks)
{
	if (ntoks + 1 > tt->cap) {
		size_t cap = tt->cap ? tt->cap : 256;
		while (cap < ntoks + 1)
			cap *= 2;
		if (!grow(&tt->next, cap) || !grow(&tt->scalars, cap) || !grow(&tt->count, cap))
			return 0;
		tt->cap = cap;
	}
	size_t open[DS_JSON_SCAN_MAX_DEPTH + 1], depth = 0, scalars = 0;
	for (size_t i = 0; i < ntoks; i++) {
		tt->scalars[i] = scalars;
		tt->next[i] = i + 1;
		tt->count[i] = 0;
		if (ds_json_token_is_close(&toks[i])) {
			if (depth)
				tt->next[open[--depth]] = i + 1;
			continue;
		}
		if (toks[i].kind == DS_JSON_KEY)
			continue;
		if (depth)
			tt->count[open[depth - 1]]++;
		if (is_open(&toks[i])) {
			if (depth > DS_JSON_SCAN_MAX_DEPTH)
				return 0;
			open[depth++] = i;
		} else {
			scalars++;
		}
	}
	tt->scalars[ntoks] = scalars;
	return 1;
}

/* Why a test gave up: the tree would look where these tests do not. */
struct look {
	struct ds_json_token_tables *tt;
	const struct ds_json_scan *s;
	const struct ds_json_scan_tok *toks;
	int unsure, oom;
};

static const char *text(const struct look *l, size_t i)
{
	return ds_json_scan_text(l->s, &l->toks[i]);
}

/* names_list(): 1 when the array at a is a list of width distinct
 * strings; a list of width holding an object is not vouched for (its
 * "name" members would be names). */
static int names_list(struct look *l, size_t a, int width)
{
	const struct ds_json_scan_tok *toks = l->toks;
	if (toks[a].kind != DS_JSON_ARRAY || children(l->tt, toks, a) != (size_t)width)
		return 0;
	for (size_t e = a + 1; !ds_json_token_is_close(&toks[e]); e = l->tt->next[e])
		if (toks[e].kind == DS_JSON_OBJECT) {
			l->unsure = 1;
			return 0;
		}
	for (size_t e = a + 1; !ds_json_token_is_close(&toks[e]); e = l->tt->next[e])
		if (toks[e].kind != DS_JSON_STRING)
			return 0;
	const char **names = malloc((size_t)width * sizeof *names);
	if (!names) {
		l->oom = 1;
		return 0;
	}
	size_t n = 0;
	for (size_t e = a + 1; !ds_json_token_is_close(&toks[e]) && n < (size_t)width; e = l->tt->next[e])
		names[n++] = text(l, e);
	int distinct = ds_json_names_distinct(names, n);
	free(names);
	return distinct;
}

/* ds_json_table_row() of every element of the array at r: 1 when there
 * is at least one and each is an array of width values. */
static int rows_list(const struct look *l, size_t r, int width)
{
	const struct ds_json_scan_tok *toks = l->toks;
	if (toks[r].kind != DS_JSON_ARRAY || ds_json_token_is_close(&toks[r + 1]))
		return 0;
	for (size_t e = r + 1; !ds_json_token_is_close(&toks[e]); e = l->tt->next[e])
		if (toks[e].kind != DS_JSON_ARRAY || children(l->tt, toks, e) != (size_t)width)
			return 0;
	return 1;
}

/* table_of(): the names and rows members (value tokens) of the object at
 * o when it is a table of names and rows. */
static int table_of(struct look *l, size_t o, size_t *names, size_t *rows)
{
	const struct ds_json_scan_tok *toks = l->toks;
	if (toks[o].kind != DS_JSON_OBJECT)
		return 0;
	for (size_t r = ds_json_token_first(toks, o); !ds_json_token_is_close(&toks[r]);
	     r = ds_json_token_after(l->tt, toks, r)) {
		if (toks[r].kind != DS_JSON_ARRAY || toks[r + 1].kind != DS_JSON_ARRAY)
			continue;
		int width = (int)children(l->tt, toks, r + 1);
		if (width < 1 || !rows_list(l, r, width))
			continue;
		for (size_t n = ds_json_token_first(toks, o); !ds_json_token_is_close(&toks[n]);
		     n = ds_json_token_after(l->tt, toks, n)) {
			if (n != r && names_list(l, n, width)) {
				*names = n;
				*rows = r;
				return 1;
			}
		}
		if (l->unsure)
			return 0;
	}
	return 0;
}

/* collect(): tables at i and within depth levels below it, in document
 * order, a table's own members not looked into. */
static void collect(struct look *l, size_t i, int depth)
{
	if (l->unsure || l->oom)
		return;
	size_t names, rows;
	if (table_of(l, i, &names, &rows)) {
		struct ds_json_token_tables *tt = l->tt;
		if (tt->n == tt->tcap) {
			size_t cap = tt->tcap ? 2 * tt->tcap : 8;
			struct ds_json_token_table *grown = realloc(tt->t, cap * sizeof *grown);
			if (!grown) {
				l->oom = 1;
				return;
			}
			tt->t = grown;
			tt->tcap = cap;
		}
		tt->t[tt->n++] = (struct ds_json_token_table){
			.obj = i, .names = names, .rows = rows, .nrows = children(tt, l->toks, rows),
			.width = (int)children(tt, l->toks, names)};
		return;
	}
	if (depth > 0 && is_open(&l->toks[i]))
		for (size_t j = ds_json_token_first(l->toks, i); !ds_json_token_is_close(&l->toks[j]);
		     j = ds_json_token_after(l->tt, l->toks, j))
			collect(l, j, depth - 1);
}

/* 1 when the container at i holds an array at any depth. */
static int holds_array(const struct look *l, size_t i)
{
	for (size_t j = i + 1; j + 1 < l->tt->next[i]; j++)
		if (l->toks[j].kind == DS_JSON_ARRAY)
			return 1;
	return 0;
}

/* time_keyed() of ds_json_series.c: an object of one or more values
 * (numbers, strings, nulls) each keyed by a time. */
static int time_keyed(const struct look *l, size_t o)
{
	const struct ds_json_scan_tok *toks = l->toks;
	if (toks[o].kind != DS_JSON_OBJECT || ds_json_token_is_close(&toks[o + 1]))
		return 0;
	for (size_t v = o + 2;; v = ds_json_token_after(l->tt, toks, v)) {
		if (ds_json_token_is_close(&toks[v]))
			return 1;
		enum ds_json_tok k = toks[v].kind;
		double t;
		const char *key = text(l, v - 1);
		if ((k != DS_JSON_NUMBER && k != DS_JSON_STRING && k != DS_JSON_NULL) ||
		    !ll_time_parse(key, strlen(key), &t))
			return 0;
	}
}

/* 1 when the table's records are what the rows and other members say,
 * nothing left out, copied from a list, spread over the rows or read as
 * series (see the header). */
static int plain_table(const struct look *l, const struct ds_json_token_table *t)
{
	const struct ds_json_scan_tok *toks = l->toks;
	for (size_t r = t->rows + 1; !ds_json_token_is_close(&toks[r]); r = l->tt->next[r])
		for (size_t e = r + 1; !ds_json_token_is_close(&toks[e]); e = l->tt->next[e])
			if (!is_scalar(&toks[e]))
				return 0;
	for (size_t m = ds_json_token_first(toks, t->obj); !ds_json_token_is_close(&toks[m]);
	     m = ds_json_token_after(l->tt, toks, m)) {
		if (m == t->names || m == t->rows)
			continue;
		const char *key = text(l, m - 1);
		if (toks[m].kind == DS_JSON_ARRAY || (toks[m].kind == DS_JSON_OBJECT && holds_array(l, m)) ||
		    time_keyed(l, m))
			return 0;
		for (size_t e = t->names + 1; !ds_json_token_is_close(&toks[e]); e = l->tt->next[e])
			if (strcmp(text(l, e), key) == 0)
				return 0;
		for (size_t o = ds_json_token_first(toks, t->obj); o != m; o = ds_json_token_after(l->tt, toks, o))
			if (strcmp(text(l, o - 1), key) == 0)
				return 0;
	}
	return 1;
}

enum ds_json_token_tables_answer ds_json_token_tables_find(struct ds_json_token_tables *tt,
							   const struct ds_json_scan *s,
							   const struct ds_json_scan_tok *toks, size_t ntoks)
{
	tt->n = tt->records = tt->all = tt->in_tables = 0;
	if (ntoks == 0)
		return DS_JSON_TT_NOT_VOUCHED;
	if (!index_tokens(tt, toks, ntoks))
		return DS_JSON_TT_NOMEM;
	struct look l = {.tt = tt, .s = s, .toks = toks};
	collect(&l, 0, DS_JSON_TABLE_DEPTH);
	if (l.oom)
		return DS_JSON_TT_NOMEM;
	if (l.unsure || tt->n == 0)
		return DS_JSON_TT_NOT_VOUCHED;
	size_t in_rows = 0;
	for (size_t i = 0; i < tt->n; i++) {
		in_rows += leaves(tt, tt->t[i].rows) + leaves(tt, tt->t[i].names);
		tt->in_tables += leaves(tt, tt->t[i].obj);
		tt->records += tt->t[i].nrows;
	}
	tt->all = leaves(tt, 0);
	if (2 * in_rows <= tt->all)
		return DS_JSON_TT_NOT_VOUCHED;
	for (size_t i = 0; i < tt->n; i++)
		if (!plain_table(&l, &tt->t[i]))
			return DS_JSON_TT_NOT_VOUCHED;
	return DS_JSON_TT_TABLES;
}
