/*
 * ds_json_tables.c - JSON tables written by column or as rows of arrays
 * unfolded into records (ds_json_tables.h).
 */
#include "ds_json_tables.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cJSON's test without a call: the counts below visit every value. */
static inline int holds_values(const cJSON *v)
{
	int type = v->type & 0xFF;
	return type == cJSON_Object || type == cJSON_Array;
}

size_t ds_json_leaves(const cJSON *item)
{
	if (!holds_values(item))
		return 1;
	size_t n = 0;
	for (const cJSON *ch = item->child; ch; ch = ch->next)
		n += holds_values(ch) ? ds_json_leaves(ch) : 1;
	return n;
}

size_t ds_json_record_values(const cJSON *item)
{
	if (!holds_values(item))
		return 1;
	int plain = (item->type & 0xFF) == cJSON_Array && item->child;
	for (const cJSON *ch = item->child; ch && plain; ch = ch->next)
		plain = !holds_values(ch);
	if (plain)
		return 1;
	size_t n = 0;
	for (const cJSON *ch = item->child; ch; ch = ch->next)
		n += ds_json_record_values(ch);
	return n;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t digits(const char *s, size_t n, size_t i)
{
	while (i < n && is_digit(s[i]))
		i++;
	return i;
}

int ds_json_number_text(const char *s, size_t n)
{
	size_t i = n && s[0] == '-', d = digits(s, n, i);
	if (d == i)
		return 0;
	i = d;
	if (i < n && s[i] == '.') {
		d = digits(s, n, i + 1);
		if (d == i + 1)
			return 0;
		i = d;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		d = digits(s, n, i);
		if (d == i)
			return 0;
		i = d;
	}
	return i == n;
}

static int is_scalar(const cJSON *v)
{
	return !cJSON_IsObject(v) && !cJSON_IsArray(v);
}

/* The name an element of a names list gives its column: a string, or an
 * object's string member "name" (Elasticsearch SQL, ClickHouse's "meta"). */
static const char *column_name(const cJSON *e)
{
	if (cJSON_IsString(e))
		return e->valuestring;
	const cJSON *n = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "name") : NULL;
	return cJSON_IsString(n) ? n->valuestring : NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int ds_json_names_distinct(const char **names, size_t n)
{
	if (n < 2)
		return 1; /* qsort may not be given no array */
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 1; i < n; i++)
		if (strcmp(names[i - 1], names[i]) == 0)
			return 0;
	return 1;
}

/* 1 when a is a list of width distinct column names. */
static int names_list(const cJSON *a, int width)
{
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != width)
		return 0;
	const char **names = malloc((size_t)width * sizeof *names);
	if (!names)
		return 0;
	size_t n = 0;
	for (const cJSON *e = a->child; e && n < (size_t)width; e = e->next)
		if ((names[n++] = column_name(e)) == NULL) {
			free(names);
			return 0;
		}
	int distinct = ds_json_names_distinct(names, n);
	free(names);
	return distinct;
}

/* 1 when a is a list of one or more arrays of width values each. */
static int rows_list(const cJSON *a, int width)
{
	if (!cJSON_IsArray(a) || !a->child)
		return 0;
	for (const cJSON *r = a->child; r; r = r->next)
		if (!ds_json_table_row(r, width))
			return 0;
	return 1;
}

const cJSON *ds_json_table_names(const cJSON *obj, const cJSON *rows, int width)
{
	for (const cJSON *n = obj->child; n; n = n->next)
		if (n != rows && names_list(n, width))
			return n;
	return NULL;
}

int ds_json_table_row(const cJSON *row, int width)
{
	if ((row->type & 0xFF) != cJSON_Array)
		return 0;
	int n = 0;
	for (const cJSON *e = row->child; e && n <= width; e = e->next)
		n++;
	return n == width;
}

/* The names and rows members of obj when it is a table of names and rows. */
static int table_of(const cJSON *obj, const cJSON **names, const cJSON **rows)
{
	if (!cJSON_IsObject(obj))
		return 0;
	for (const cJSON *r = obj->child; r; r = r->next) {
		if (!cJSON_IsArray(r) || !cJSON_IsArray(r->child))
			continue;
		int width = cJSON_GetArraySize(r->child);
		if (width < 1 || !rows_list(r, width))
			continue;
		const cJSON *n = ds_json_table_names(obj, r, width);
		if (n) {
			*names = n;
			*rows = r;
			return 1;
		}
	}
	return 0;
}

struct found {
	const cJSON **obj;
	size_t n, cap;
	int oom;
};

static int is_table(const cJSON *item)
{
	const cJSON *names, *rows;
	return table_of(item, &names, &rows);
}

static int is_data_frame(const cJSON *item);

/* One walk for both layouts: the element-wise readings ask this of every
 * record. */
static int is_table_or_data_frame(const cJSON *item)
{
	return is_table(item) || is_data_frame(item);
}

/* The objects in item and within depth levels of it that are tables by
 * rule is (is_table, is_data_frame), in document order, into f (a table's own
 * members are not looked into). */
static void collect(const cJSON *item, int depth, struct found *f, int (*is)(const cJSON *))
{
	if (f->oom)
		return;
	if (is(item)) {
		if (f->n == f->cap) {
			size_t cap = f->cap ? 2 * f->cap : 8;
			const cJSON **grown = realloc(f->obj, cap * sizeof *grown);
			if (!grown) {
				f->oom = 1;
				return;
			}
			f->obj = grown;
			f->cap = cap;
		}
		f->obj[f->n++] = item;
		return;
	}
	if (depth > 0 && (cJSON_IsObject(item) || cJSON_IsArray(item)))
		for (const cJSON *ch = item->child; ch; ch = ch->next)
			collect(ch, depth - 1, f, is);
}

int ds_json_holds_table(const cJSON *item)
{
	struct found f = {0};
	collect(item, DS_JSON_TABLE_DEPTH, &f, is_table_or_data_frame);
	free(f.obj);
	return f.n > 0 || f.oom;
}

/* 1 when the names list names a column name. */
static int names_column(const cJSON *names, const char *name)
{
	for (const cJSON *e = names->child; name && e; e = e->next)
		if (strcmp(column_name(e), name) == 0)
			return 1;
	return 0;
}

/* Adds a copy of v to obj under name; 0 when out of memory. */
static int add_copy(cJSON *obj, const char *name, const cJSON *v)
{
	cJSON *copy = cJSON_Duplicate(v, 1);
	return copy && cJSON_AddItemToObject(obj, name, copy);
}

/* Moves the first element of list to obj under name; 0 when out of memory
 * (the element is then freed). */
static int move_head(cJSON *obj, const char *name, cJSON *list)
{
	cJSON *v = cJSON_DetachItemViaPointer(list, list->child);
	if (cJSON_AddItemToObject(obj, name, v))
		return 1;
	cJSON_Delete(v);
	return 0;
}

/* 1 when a is a list of n scalars. */
static int scalars_of_length(const cJSON *a, size_t n)
{
	if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n)
		return 0;
	for (const cJSON *e = a->child; e; e = e->next)
		if (!is_scalar(e))
			return 0;
	return 1;
}

int ds_json_frame_init(struct ds_json_frame *f, const cJSON *obj, const cJSON *names, const cJSON *rows,
		       size_t nrows)
{
	memset(f, 0, sizeof *f);
	size_t nmembers = (size_t)cJSON_GetArraySize(obj);
	f->use = malloc(nmembers + 1);
	f->next = calloc(nmembers + 1, sizeof *f->next);
	if (!f->use || !f->next) {
		ds_json_frame_free(f);
		return 0;
	}
	f->obj = obj;
	f->names = names;
	f->rows = rows;
	f->width = cJSON_GetArraySize(names);
	size_t j = 0;
	for (const cJSON *m = obj->child; m; m = m->next, j++) {
		int left_out = m == names || m == rows || names_column(names, m->string);
		f->dropped += m != names && m != rows && left_out;
		f->use[j] = left_out ? 0 : scalars_of_length(m, nrows) ? 2 : 1;
	}
	ds_json_frame_rewind(f);
	return 1;
}

void ds_json_frame_rewind(struct ds_json_frame *f)
{
	size_t j = 0;
	for (const cJSON *m = f->obj->child; m; m = m->next, j++)
		f->next[j] = f->use[j] == 2 ? m->child : NULL;
}

cJSON *ds_json_frame_record(struct ds_json_frame *f, cJSON *row)
{
	cJSON *rec = cJSON_CreateObject();
	int ok = rec != NULL;
	for (const cJSON *e = f->names->child; ok && e; e = e->next)
		ok = move_head(rec, column_name(e), row);
	size_t j = 0;
	for (const cJSON *m = f->obj->child; ok && m; m = m->next, j++) {
		const char *name = m->string ? m->string : "";
		if (f->use[j] == 2) {
			/* a per-row list holds one value per row (scalars_of_length) */
			ok = f->next[j] && add_copy(rec, name, f->next[j]);
			f->next[j] = f->next[j] ? f->next[j]->next : NULL;
		} else if (f->use[j]) {
			ok = add_copy(rec, name, m);
		}
	}
	if (!ok) {
		cJSON_Delete(rec);
		return NULL;
	}
	return rec;
}

void ds_json_frame_free(struct ds_json_frame *f)
{
	free(f->use);
	free(f->next);
	f->use = NULL;
	f->next = NULL;
}

void ds_json_frame_note(char *note, size_t cap, size_t nrecords, size_t ntables, const char *names,
			const char *rows, size_t dropped, size_t other)
{
	int w = snprintf(note, cap, "the records are the %zu rows of %zu table%s of column names and rows (names in "
			 "\"%s\", rows in \"%s\"%s)", nrecords, ntables, ntables == 1 ? "" : "s", names, rows,
			 ntables == 1 ? "" : ", in the first");
	if (w > 0 && (size_t)w < cap && dropped)
		w += snprintf(note + w, cap - (size_t)w, "; %zu value%s beside the rows left out: a column has the same name",
			      dropped, dropped == 1 ? "" : "s");
	if (w > 0 && (size_t)w < cap && other)
		snprintf(note + w, cap - (size_t)w, "; the document's %zu other value%s not in the table", other,
			 other == 1 ? " is" : "s are");
}

/* The rows of table obj appended to out as records (ds_json_frame_record),
 * their values moved out of obj; *dropped counts members left out because
 * a column has their name. 0 when out of memory. */
static int unfold_table(cJSON *obj, cJSON *out, size_t *dropped)
{
	const cJSON *names, *crows;
	table_of(obj, &names, &crows);
	cJSON *rows = (cJSON *)crows; /* a member of obj, which is the caller's to change */
	struct ds_json_frame f;
	if (!ds_json_frame_init(&f, obj, names, rows, (size_t)cJSON_GetArraySize(rows)))
		return 0;
	*dropped += f.dropped;
	int ok = 1;
	for (cJSON *row = rows->child; ok && row; row = row->next) {
		cJSON *rec = ds_json_frame_record(&f, row);
		ok = rec && cJSON_AddItemToArray(out, rec);
		if (!ok)
			cJSON_Delete(rec);
	}
	ds_json_frame_free(&f);
	return ok;
}

static cJSON *names_and_rows(cJSON *doc, char *note, size_t cap, int *oom)
{
	struct found f = {0};
	collect(doc, DS_JSON_TABLE_DEPTH, &f, is_table);
	cJSON *out = NULL;
	size_t in_rows = 0, in_tables = 0, dropped = 0, nrecords = 0;
	const cJSON *names = NULL, *rows = NULL;
	for (size_t t = 0; t < f.n; t++) {
		table_of(f.obj[t], &names, &rows);
		in_rows += ds_json_leaves(rows) + ds_json_leaves(names);
		in_tables += ds_json_leaves(f.obj[t]);
	}
	size_t all = ds_json_leaves(doc);
	int taken = !f.oom && f.n && 2 * in_rows > all;
	if (taken && (out = cJSON_CreateArray()) != NULL)
		for (size_t t = 0; out && t < f.n; t++)
			if (!unfold_table((cJSON *)f.obj[t], out, &dropped)) {
				cJSON_Delete(out);
				out = NULL;
			}
	if (f.oom || (taken && !out))
		*oom = 1;
	if (out) {
		nrecords = (size_t)cJSON_GetArraySize(out);
		table_of(f.obj[0], &names, &rows);
		ds_json_frame_note(note, cap, nrecords, f.n, names->string, rows->string, dropped, all - in_tables);
	}
	free(f.obj);
	return out;
}

/* Data frames (Grafana's): {"schema": {"name": .., "fields": [{"name":
 * .., "labels": {..}}, ..]}, "data": {"values": [[..], [..]]}}, one list
 * of values per field, all of one length. */
struct df_parts {
	const cJSON *fields, *values, *name;
	int n; /* values per field: the rows */
};

static int df_parts(const cJSON *obj, struct df_parts *fp)
{
	const cJSON *schema = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, "schema") : NULL;
	const cJSON *data = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, "data") : NULL;
	if (!cJSON_IsObject(schema) || !cJSON_IsObject(data))
		return 0;
	fp->fields = cJSON_GetObjectItemCaseSensitive(schema, "fields");
	fp->values = cJSON_GetObjectItemCaseSensitive(data, "values");
	fp->name = cJSON_GetObjectItemCaseSensitive(schema, "name");
	if (!cJSON_IsString(fp->name))
		fp->name = NULL;
	int width = cJSON_GetArraySize(fp->fields);
	if (width < 1 || !names_list(fp->fields, width) || !cJSON_IsArray(fp->values) ||
	    cJSON_GetArraySize(fp->values) != width)
		return 0;
	for (const cJSON *e = fp->fields->child; e; e = e->next)
		if (!cJSON_IsObject(e))
			return 0;
	fp->n = cJSON_IsArray(fp->values->child) ? cJSON_GetArraySize(fp->values->child) : -1;
	for (const cJSON *v = fp->values->child; v; v = v->next)
		if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != fp->n)
			return 0;
	return fp->n >= 0;
}

static int is_data_frame(const cJSON *item)
{
	struct df_parts fp;
	return df_parts(item, &fp);
}

/* Adds a copy of v to extra under name unless a field's column or an
 * earlier member of extra has that name: one of the same value loses
 * nothing, another is counted in *dropped. 0 when out of memory. */
static int add_extra(cJSON *extra, const cJSON *fields, const char *name, const cJSON *v, size_t *dropped)
{
	const cJSON *had = cJSON_GetObjectItemCaseSensitive(extra, name);
	if (names_column(fields, name) || had) {
		*dropped += !(had && cJSON_Compare(had, v, 1));
		return 1;
	}
	return add_copy(extra, name, v);
}

/* The rows of frame obj appended to out as records, their values moved
 * out of obj: each field's value under its name, then the frame's name
 * under "name" and each field's labels (add_extra). 0 when out of
 * memory. */
static int unfold_data_frame(cJSON *obj, cJSON *out, size_t *dropped)
{
	struct df_parts fp;
	df_parts(obj, &fp);
	cJSON *extra = cJSON_CreateObject();
	int ok = extra && (!fp.name || add_extra(extra, fp.fields, "name", fp.name, dropped));
	for (const cJSON *f = fp.fields->child; ok && f; f = f->next) {
		const cJSON *labels = cJSON_GetObjectItemCaseSensitive(f, "labels");
		for (const cJSON *l = cJSON_IsObject(labels) ? labels->child : NULL; ok && l; l = l->next)
			ok = add_extra(extra, fp.fields, l->string ? l->string : "", l, dropped);
	}
	for (int i = 0; ok && i < fp.n; i++) {
		cJSON *rec = cJSON_CreateObject();
		if (!rec || !cJSON_AddItemToArray(out, rec)) {
			cJSON_Delete(rec);
			ok = 0;
			break;
		}
		const cJSON *f = fp.fields->child;
		for (cJSON *v = fp.values->child; ok && v; v = v->next, f = f->next)
			ok = move_head(rec, column_name(f), v);
		for (const cJSON *e = extra->child; ok && e; e = e->next)
			ok = add_copy(rec, e->string, e);
	}
	cJSON_Delete(extra);
	return ok;
}

/* The scalars a frame's rows take: its values, its fields' names and
 * labels, its name. */
static size_t data_frame_leaves(const cJSON *obj)
{
	struct df_parts fp;
	df_parts(obj, &fp);
	size_t n = ds_json_leaves(fp.values) + (fp.name != NULL);
	for (const cJSON *f = fp.fields->child; f; f = f->next) {
		const cJSON *labels = cJSON_GetObjectItemCaseSensitive(f, "labels");
		n += 1 + (cJSON_IsObject(labels) ? ds_json_leaves(labels) : 0);
	}
	return n;
}

static cJSON *data_frames(cJSON *doc, char *note, size_t cap, int *oom)
{
	struct found f = {0};
	collect(doc, DS_JSON_TABLE_DEPTH, &f, is_data_frame);
	size_t in = 0, all = ds_json_leaves(doc), dropped = 0;
	for (size_t t = 0; t < f.n; t++)
		in += data_frame_leaves(f.obj[t]);
	cJSON *out = NULL;
	int taken = !f.oom && f.n && 2 * in > all;
	if (taken && (out = cJSON_CreateArray()) != NULL)
		for (size_t t = 0; out && t < f.n; t++)
			if (!unfold_data_frame((cJSON *)f.obj[t], out, &dropped)) {
				cJSON_Delete(out);
				out = NULL;
			}
	if (f.oom || (taken && !out))
		*oom = 1;
	if (out) {
		size_t nrecords = (size_t)cJSON_GetArraySize(out);
		int w = snprintf(note, cap, "the records are the %zu rows of %zu data frame%s (a column per field of "
				 "\"schema.fields\", its values in \"data.values\", with its labels)", nrecords, f.n,
				 f.n == 1 ? "" : "s");
		if (w > 0 && (size_t)w < cap && dropped)
			w += snprintf(note + w, cap - (size_t)w, "; %zu label%s or name%s left out: a column has the same name",
				      dropped, dropped == 1 ? "" : "s", dropped == 1 ? "" : "s");
		if (w > 0 && (size_t)w < cap && all > in)
			snprintf(note + w, cap - (size_t)w, "; the document's %zu other value%s not in the table", all - in,
				 all - in == 1 ? " is" : "s are");
	}
	free(f.obj);
	return out;
}

/* Lists by column: the one length of doc's lists when there are two or
 * more, every one a list of that many scalars (2 or more), and they hold
 * more than half of the document's values; 0 otherwise. Lists of other
 * lengths (a map of names to lists of events) are no table. */
static int column_lists_length(const cJSON *doc)
{
	int n = 0;
	size_t lists = 0;
	for (const cJSON *m = doc->child; m; m = m->next) {
		if (!cJSON_IsArray(m))
			continue;
		if (!n)
			n = cJSON_GetArraySize(m);
		if (n < 2 || !scalars_of_length(m, (size_t)n))
			return 0;
		lists++;
	}
	return lists >= 2 && 2 * lists * (size_t)n > ds_json_leaves(doc) ? n : 0;
}

static cJSON *lists_by_column(cJSON *doc, char *note, size_t cap, int *oom)
{
	int n = cJSON_IsObject(doc) ? column_lists_length(doc) : 0;
	if (!n)
		return NULL;
	size_t lists = 0;
	for (const cJSON *m = doc->child; m; m = m->next)
		lists += cJSON_IsArray(m) != 0;
	cJSON *out = cJSON_CreateArray();
	int ok = out != NULL;
	for (int i = 0; ok && i < n; i++) {
		cJSON *rec = cJSON_CreateObject();
		if (!rec || !cJSON_AddItemToArray(out, rec)) {
			cJSON_Delete(rec);
			ok = 0;
			break;
		}
		/* every list is one of n values (column_lists_length), moved a head at a time */
		for (cJSON *m = doc->child; ok && m; m = m->next)
			ok = cJSON_IsArray(m) ? move_head(rec, m->string ? m->string : "", m)
					      : add_copy(rec, m->string ? m->string : "", m);
	}
	if (!ok) {
		cJSON_Delete(out);
		*oom = 1;
		return NULL;
	}
	snprintf(note, cap, "the records are the %d positions of %zu lists of one length (a column each)", n, lists);
	return out;
}

/* A table of index keys to rows, for objects by column: open addressing
 * over the keys' hashes. */
struct index_keys {
	const char **key;
	cJSON **row;
	size_t n, slots;
};

static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static size_t slot_of(const struct index_keys *ix, const char *key)
{
	size_t i = (size_t)hash_text(key) & (ix->slots - 1);
	while (ix->key[i] && strcmp(ix->key[i], key) != 0)
		i = (i + 1) & (ix->slots - 1);
	return i;
}

/* 1 when doc is an object of objects by column: members are objects of
 * scalars keyed by numbers, some member named by no number. *cells counts
 * their values. */
static int objects_by_column(const cJSON *doc, size_t *cells)
{
	int named = 0;
	*cells = 0;
	if (!cJSON_IsObject(doc) || !doc->child)
		return 0;
	for (const cJSON *m = doc->child; m; m = m->next) {
		if (!cJSON_IsObject(m) || !m->child || !m->string)
			return 0;
		named |= !ds_json_number_text(m->string, strlen(m->string));
		for (const cJSON *k = m->child; k; k = k->next, (*cells)++)
			if (!is_scalar(k) || !k->string || !ds_json_number_text(k->string, strlen(k->string)))
				return 0;
	}
	return named;
}

static cJSON *columns_as_objects(cJSON *doc, char *note, size_t cap, int *oom)
{
	size_t cells;
	if (!objects_by_column(doc, &cells))
		return NULL;
	struct index_keys ix = {0};
	ix.slots = 16;
	while (ix.slots < 2 * cells)
		ix.slots *= 2;
	ix.key = calloc(ix.slots, sizeof *ix.key);
	ix.row = calloc(ix.slots, sizeof *ix.row);
	cJSON *out = cJSON_CreateArray();
	size_t columns = 0;
	int ok = ix.key && ix.row && out;
	for (cJSON *m = doc->child; ok && m; m = m->next, columns++)
		while (ok && m->child) {
			size_t s = slot_of(&ix, m->child->string);
			if (!ix.key[s]) {
				cJSON *rec = cJSON_CreateObject(), *key = NULL;
				if (!rec || !cJSON_AddItemToArray(out, rec)) {
					cJSON_Delete(rec);
					ok = 0;
					break;
				}
				if (!(key = cJSON_AddStringToObject(rec, "key", m->child->string))) {
					ok = 0;
					break;
				}
				ix.key[s] = key->valuestring; /* the value's own name goes when it moves */
				ix.row[s] = rec;
				ix.n++;
			}
			/* a key given twice in one member: the reader keeps the later value in x_2 */
			ok = move_head(ix.row[s], m->string, m);
		}
	free(ix.key);
	free(ix.row);
	if (!ok) {
		cJSON_Delete(out);
		*oom = 1;
		return NULL;
	}
	snprintf(note, cap, "the records are the %zu index keys of %zu columns written as objects of numbered "
		 "values (the keys in column \"key\")", ix.n, columns);
	return out;
}

cJSON *ds_json_tables_of_rows(cJSON *doc, char *note, size_t cap, int *oom)
{
	*oom = 0;
	if (cap)
		note[0] = 0;
	cJSON *out = names_and_rows(doc, note, cap, oom);
	if (!out && !*oom)
		out = data_frames(doc, note, cap, oom);
	return out;
}

cJSON *ds_json_tables(cJSON *doc, char *note, size_t cap, int *oom)
{
	cJSON *out = ds_json_tables_of_rows(doc, note, cap, oom);
	if (!out && !*oom)
		out = lists_by_column(doc, note, cap, oom);
	if (!out && !*oom)
		out = columns_as_objects(doc, note, cap, oom);
	return out;
}
