/*
 * ds_parquet_meta.c - a Parquet footer read into plain structs
 * (ds_parquet_meta.h).
 *
 * The footer is decoded field by field with ds_thrift.h, keeping what the
 * reader needs and skipping the rest (statistics, indexes, key-value
 * metadata). The schema comes as a depth-first list of elements, a group
 * giving its number of children; it is walked once to name the leaves and
 * work out each one's maximum definition level.
 */
#include "ds_parquet_meta.h"
#include "ds_thrift.h"
#include "ll_limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Groups nested deeper than this are refused (real schemas nest a few). */
#define MAX_SCHEMA_DEPTH 64

/* A SchemaElement as the footer lists it; -1 for a field not given. */
struct element {
	const unsigned char *name;
	size_t name_len;
	int type, repetition, converted;
	int32_t type_length, scale, num_children;
	int logical;        /* enum pq_kind from the logical type, -1 none */
	int unit, utc, is_signed;
};

struct walk {
	struct ds_thrift t;
	struct element *el;
	size_t nel;
	struct pq_meta *m;
};

const char *ds_parquet_codec_name(int codec)
{
	static const char *const names[] = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};
	return codec >= 0 && codec < (int)(sizeof names / sizeof *names) ? names[codec] : "an unknown codec";
}

/* n zeroed elements of size sz for a list the footer declares; NULL (and
 * t bad) when that is more than the memory limit or out of memory. A list
 * counts at least a byte an element, so only a footer of many megabytes
 * gets here with a large n. */
static void *list_alloc(struct ds_thrift *t, size_t n, size_t sz)
{
	if ((double)n * (double)sz > (double)ll_limit(LL_LIMIT_MEMORY)) {
		ds_thrift_fail(t, "a list longer than the memory limit allows (LOGLAB_MEMORY_MAX)");
		return NULL;
	}
	void *p = calloc(n ? n : 1, sz);
	if (!p)
		ds_thrift_fail(t, "out of memory");
	return p;
}

static int read_i(struct ds_thrift *t, int type, int64_t *v)
{
	return ds_thrift_int(t, type, v);
}

/* A TimeUnit union: which of its members is set. */
static int read_unit(struct ds_thrift *t, int *unit)
{
	int id, type, r;
	if (!ds_thrift_begin(t))
		return 0;
	while ((r = ds_thrift_field(t, &id, &type)) == 1) {
		if (type == DS_T_STRUCT)
			*unit = id == 1 ? PQ_MILLIS : id == 2 ? PQ_MICROS : id == 3 ? PQ_NANOS : *unit;
		if (!ds_thrift_skip(t, type, 0))
			return 0;
	}
	ds_thrift_end(t);
	return r == 0;
}

/* TimeType and TimestampType: isAdjustedToUTC and the unit. */
static int read_time_type(struct ds_thrift *t, struct element *e)
{
	int id, type, r;
	if (!ds_thrift_begin(t))
		return 0;
	while ((r = ds_thrift_field(t, &id, &type)) == 1) {
		int ok = id == 1 && (type == DS_T_TRUE || type == DS_T_FALSE) ? ds_thrift_bool(t, type, 0, &e->utc)
			 : id == 2 && type == DS_T_STRUCT		       ? read_unit(t, &e->unit)
									       : ds_thrift_skip(t, type, 0);
		if (!ok)
			return 0;
	}
	ds_thrift_end(t);
	return r == 0;
}

/* DecimalType's scale, IntType's signedness. */
static int read_params(struct ds_thrift *t, struct element *e, int decimal)
{
	int id, type, r;
	if (!ds_thrift_begin(t))
		return 0;
	while ((r = ds_thrift_field(t, &id, &type)) == 1) {
		int64_t v;
		int ok;
		if (decimal && id == 1 && type == DS_T_I32) {
			ok = read_i(t, type, &v);
			e->scale = (int32_t)v;
		} else if (!decimal && id == 2 && (type == DS_T_TRUE || type == DS_T_FALSE)) {
			ok = ds_thrift_bool(t, type, 0, &e->is_signed);
		} else {
			ok = ds_thrift_skip(t, type, 0);
		}
		if (!ok)
			return 0;
	}
	ds_thrift_end(t);
	return r == 0;
}

static int read_logical(struct ds_thrift *t, struct element *e)
{
	int id, type, r;
	if (!ds_thrift_begin(t))
		return 0;
	while ((r = ds_thrift_field(t, &id, &type)) == 1) {
		int ok = 1;
		if (type != DS_T_STRUCT) {
			ok = ds_thrift_skip(t, type, 0);
		} else if (id == 5) {
			e->logical = PQ_K_DECIMAL;
			ok = read_params(t, e, 1);
		} else if (id == 7 || id == 8) {
			e->logical = id == 7 ? PQ_K_TIME : PQ_K_TIMESTAMP;
			ok = read_time_type(t, e);
		} else if (id == 10) {
			e->is_signed = 1;
			ok = read_params(t, e, 0);
			e->logical = e->is_signed ? PQ_K_PLAIN : PQ_K_UNSIGNED;
		} else {
			static const int kinds[] = {[1] = PQ_K_STRING, [4] = PQ_K_STRING, [6] = PQ_K_DATE, [12] = PQ_K_STRING,
						    [14] = PQ_K_UUID, [15] = PQ_K_FLOAT16};
			if (id > 0 && id < (int)(sizeof kinds / sizeof *kinds) && kinds[id])
				e->logical = kinds[id];
			ok = ds_thrift_skip(t, type, 0);
		}
		if (!ok)
			return 0;
	}
	ds_thrift_end(t);
	return r == 0;
}

static int read_element(struct ds_thrift *t, struct element *e)
{
	*e = (struct element){.type = -1, .repetition = -1, .converted = -1, .num_children = -1, .logical = -1};
	int id, type, r;
	if (!ds_thrift_begin(t))
		return 0;
	while ((r = ds_thrift_field(t, &id, &type)) == 1) {
		int64_t v = 0;
		int ok;
		if (id == 4)
			ok = ds_thrift_binary(t, type, &e->name, &e->name_len);
		else if (id == 10 && type == DS_T_STRUCT)
			ok = read_logical(t, e);
		else if (id >= 1 && id <= 7 && id != 4 && type == DS_T_I32)
			ok = read_i(t, type, &v);
		else
			ok = ds_thrift_skip(t, type, 0);
		if (!ok)
			return 0;
		if (id == 1 && type == DS_T_I32)
			e->type = (int)v;
		else if (id == 2 && type == DS_T_I32)
			e->type_length = (int32_t)v;
		else if (id == 3 && type == DS_T_I32)
			e->repetition = (int)v;
		else if (id == 5 && type == DS_T_I32)
			e->num_children = (int32_t)v;
		else if (id == 6 && type == DS_T_I32)
			e->converted = (int)v;
		else if (id == 7 && type == DS_T_I32)
			e->scale = (int32_t)v;
	}
	ds_thrift_end(t);
	if (r == 0 && !e->name)
		return ds_thrift_fail(t, "a schema element without a name");
	return r == 0;
}

static int read_meta_data(struct ds_thrift *t, struct pq_chunk *c)
{
	int id, type, r;
	if (!ds_thrift_begin(t))
		return 0;
	c->has_meta = 1;
	while ((r = ds_thrift_field(t, &id, &type)) == 1) {
		int64_t v = 0;
		int wanted = id == 1 || id == 4 || id == 5 || id == 7 || id == 9 || id == 11;
		if (!(wanted && (type == DS_T_I32 || type == DS_T_I64) ? read_i(t, type, &v) : ds_thrift_skip(t, type, 0)))
			return 0;
		if (!wanted || (type != DS_T_I32 && type != DS_T_I64))
			continue;
		switch (id) {
		case 1: c->type = (int)v; break;
		case 4: c->codec = (int)v; break;
		case 5: c->num_values = v; break;
		case 7: c->total_compressed_size = v; break;
		case 9: c->data_page_offset = v; break;
		case 11: c->dictionary_page_offset = v; break;
		}
	}
	ds_thrift_end(t);
	return r == 0;
}

static int read_chunk(struct ds_thrift *t, struct pq_chunk *c, int *encrypted)
{
	*c = (struct pq_chunk){.type = -1, .data_page_offset = -1, .dictionary_page_offset = -1};
	int id, type, r;
	if (!ds_thrift_begin(t))
		return 0;
	while ((r = ds_thrift_field(t, &id, &type)) == 1) {
		int ok;
		if (id == 3 && type == DS_T_STRUCT)
			ok = read_meta_data(t, c);
		else
			ok = ds_thrift_skip(t, type, 0);
		if (!ok)
			return 0;
		if (id == 1 && type == DS_T_BINARY)
			c->external = 1;
		if (id == 8 || id == 9)
			*encrypted = 1;
	}
	ds_thrift_end(t);
	return r == 0;
}

static int read_group(struct ds_thrift *t, struct pq_group *g, int *encrypted)
{
	int id, type, r;
	if (!ds_thrift_begin(t))
		return 0;
	while ((r = ds_thrift_field(t, &id, &type)) == 1) {
		int ok;
		if (id == 1 && type == DS_T_LIST && !g->chunks) {
			int elem;
			size_t n;
			ok = ds_thrift_list(t, type, &elem, &n);
			if (ok && elem != DS_T_STRUCT)
				ok = ds_thrift_fail(t, "a row group's columns are not structures");
			if (ok && n && !(g->chunks = list_alloc(t, n, sizeof *g->chunks)))
				return 0;
			for (size_t i = 0; ok && i < n; i++, g->nchunks++)
				ok = read_chunk(t, &g->chunks[i], encrypted);
		} else if (id == 3 && (type == DS_T_I64 || type == DS_T_I32)) {
			ok = read_i(t, type, &g->num_rows);
		} else {
			ok = ds_thrift_skip(t, type, 0);
		}
		if (!ok)
			return 0;
	}
	ds_thrift_end(t);
	return r == 0;
}

static int read_file_meta(struct walk *w)
{
	struct ds_thrift *t = &w->t;
	int id, type, r;
	if (!ds_thrift_begin(t))
		return 0;
	while ((r = ds_thrift_field(t, &id, &type)) == 1) {
		int ok = 1, elem;
		size_t n;
		if (id == 2 && type == DS_T_LIST && !w->el) {
			ok = ds_thrift_list(t, type, &elem, &n);
			if (ok && elem != DS_T_STRUCT)
				ok = ds_thrift_fail(t, "the schema's elements are not structures");
			if (ok && n && !(w->el = list_alloc(t, n, sizeof *w->el)))
				return 0;
			for (size_t i = 0; ok && i < n; i++, w->nel++)
				ok = read_element(t, &w->el[i]);
		} else if (id == 4 && type == DS_T_LIST && !w->m->groups) {
			ok = ds_thrift_list(t, type, &elem, &n);
			if (ok && elem != DS_T_STRUCT)
				ok = ds_thrift_fail(t, "the row groups are not structures");
			if (ok && n && !(w->m->groups = list_alloc(t, n, sizeof *w->m->groups)))
				return 0;
			for (size_t i = 0; ok && i < n; i++, w->m->ngroups++)
				ok = read_group(t, &w->m->groups[i], &w->m->encrypted);
		} else if (id == 3 && (type == DS_T_I64 || type == DS_T_I32)) {
			ok = read_i(t, type, &w->m->num_rows);
		} else {
			if (id == 8 && type == DS_T_STRUCT)
				w->m->encrypted = 1;
			ok = ds_thrift_skip(t, type, 0);
		}
		if (!ok)
			return 0;
	}
	ds_thrift_end(t);
	return r == 0;
}

/* The kind of a leaf from its logical type, else its converted type. */
static void leaf_kind(const struct element *e, struct pq_column *c)
{
	c->scale = e->scale;
	if (e->logical >= 0) {
		c->kind = e->logical;
		c->unit = e->unit ? e->unit : PQ_MILLIS;
		c->utc = e->utc;
		return;
	}
	switch (e->converted) {
	case 0: case 4: case 19: c->kind = PQ_K_STRING; break;            /* UTF8, ENUM, JSON */
	case 5: c->kind = PQ_K_DECIMAL; break;
	case 6: c->kind = PQ_K_DATE; break;
	case 7: case 8: c->kind = PQ_K_TIME; c->unit = e->converted == 7 ? PQ_MILLIS : PQ_MICROS; break;
	case 9: case 10: c->kind = PQ_K_TIMESTAMP; c->utc = 1; c->unit = e->converted == 9 ? PQ_MILLIS : PQ_MICROS; break;
	case 11: case 12: case 13: case 14: c->kind = PQ_K_UNSIGNED; break;
	case 21: c->kind = PQ_K_INTERVAL; break;
	default: c->kind = PQ_K_PLAIN;
	}
}

/* Where a walk is in the schema: the path's name so far, its definition
 * and repetition levels, the definition level of each repeated field on
 * it, whether this element is the element of a list (a repeated field of
 * one child, whose name the element's path leaves out: a LIST's
 * "a.list.element" shows as "a", a list of lists' too), and whether it is
 * the only child of a group. */
struct at_node {
	const char *prefix;
	int def, rep;
	int rep_def[PQ_MAX_REP];
	int element;
	int sole;
};

/* Walks the subtree of element *at (its children follow it), adding its
 * leaves under up; 0 when the schema is malformed. */
static int walk(struct walk *w, size_t *at, const struct at_node *up, int depth)
{
	if (depth > MAX_SCHEMA_DEPTH)
		return ds_thrift_fail(&w->t, "a schema nested too deep");
	if (*at >= w->nel)
		return ds_thrift_fail(&w->t, "a group claims more children than the schema lists");
	const struct element *e = &w->el[(*at)++];
	int leaf = !(e->num_children > 0 || (e->num_children == 0 && e->type < 0));
	size_t plen = strlen(up->prefix);
	/* a list's element takes its list's name, and so does the repeated
	 * field of a group that holds nothing else (a LIST's "list", a list
	 * of two levels' repeated leaf) */
	int keep = up->element || (e->repetition == 2 && up->sole && (leaf || e->num_children == 1));
	char *name = malloc(plen + e->name_len + 2);
	if (!name)
		return ds_thrift_fail(&w->t, "out of memory");
	if (keep)
		snprintf(name, plen + 1, "%s", up->prefix);
	else
		snprintf(name, plen + e->name_len + 2, "%s%s%.*s", up->prefix, plen ? "." : "", (int)e->name_len,
			 (const char *)e->name);
	struct at_node here = {.prefix = name, .def = up->def + (e->repetition == 1 || e->repetition == 2),
			       .rep = up->rep + (e->repetition == 2)};
	memcpy(here.rep_def, up->rep_def, sizeof here.rep_def);
	if (e->repetition == 2 && here.rep <= PQ_MAX_REP)
		here.rep_def[here.rep - 1] = here.def;
	int ok = 1;
	if (!leaf) {
		here.element = e->repetition == 2 && e->num_children == 1 && *name;
		here.sole = e->num_children == 1 && *name;
		for (int32_t i = 0; ok && i < e->num_children; i++)
			ok = walk(w, at, &here, depth + 1);
		free(name);
		return ok;
	}
	if (e->type < PQ_BOOLEAN || e->type > PQ_FIXED) {
		free(name);
		return ds_thrift_fail(&w->t, "a column of an unknown physical type");
	}
	struct pq_column *c = &w->m->cols[w->m->ncols++];
	*c = (struct pq_column){.name = name, .type = e->type, .type_length = e->type_length, .max_def = here.def,
				.max_rep = here.rep, .nested = here.rep > PQ_MAX_REP};
	memcpy(c->rep_def, here.rep_def, sizeof c->rep_def);
	leaf_kind(e, c);
	if (c->type == PQ_FIXED && (c->type_length <= 0 || c->type_length > (1 << 20)))
		return ds_thrift_fail(&w->t, "a fixed-length column without a sane length");
	return 1;
}

static int bad(const char *path, const char *what, struct ll_err *err)
{
	return ll_err_set(err, LL_EDATA, "%s: not a readable Parquet file: %s", path, what);
}

int ds_parquet_meta_read(const char *path, const unsigned char *data, size_t size, struct pq_meta *m,
			 struct ll_err *err)
{
	memset(m, 0, sizeof *m);
	if (size >= 4 && memcmp(data, "PARE", 4) == 0)
		return ll_err_set(err, LL_EDATA, "%s: an encrypted Parquet file (its footer is encrypted): loglab "
						 "reads no encrypted Parquet; decrypt it with the writer's keys first",
				  path);
	if (size < 12 || memcmp(data, "PAR1", 4) != 0)
		return bad(path, size < 12 ? "too short (truncated?)" : "it does not begin with PAR1", err);
	if (memcmp(data + size - 4, "PARE", 4) == 0)
		return ll_err_set(err, LL_EDATA, "%s: an encrypted Parquet file (its footer is encrypted): loglab "
						 "reads no encrypted Parquet; decrypt it with the writer's keys first",
				  path);
	if (memcmp(data + size - 4, "PAR1", 4) != 0)
		return bad(path, "it does not end with PAR1 (truncated?)", err);
	const unsigned char *l = data + size - 8;
	uint32_t flen = (uint32_t)l[0] | (uint32_t)l[1] << 8 | (uint32_t)l[2] << 16 | (uint32_t)l[3] << 24;
	if (flen > size - 12)
		return ll_err_set(err, LL_EDATA,
				  "%s: not a readable Parquet file: its footer's length (%u bytes) is more than the file "
				  "holds (truncated?)",
				  path, flen);
	struct walk w = {.m = m};
	ds_thrift_init(&w.t, data + size - 8 - flen, flen);
	int ok = read_file_meta(&w);
	size_t leaves = 0;
	for (size_t i = 0; ok && i < w.nel; i++)
		leaves += w.el[i].num_children < 0 || (w.el[i].num_children == 0 && w.el[i].type >= 0);
	if (ok && w.nel < 1)
		ok = ds_thrift_fail(&w.t, "the footer has no schema");
	if (ok && leaves && !(m->cols = list_alloc(&w.t, leaves, sizeof *m->cols)))
		ok = 0;
	size_t at = 1;
	/* the root's children, or the elements in turn when it claims none */
	for (int32_t i = 0; ok && at < w.nel && (w.el[0].num_children < 0 || i < w.el[0].num_children); i++)
		ok = m->ncols < leaves ? walk(&w, &at, &(struct at_node){.prefix = ""}, 1)
				       : ds_thrift_fail(&w.t, "the schema's groups do not add up");
	for (size_t g = 0; ok && g < m->ngroups; g++)
		if (m->groups[g].nchunks != m->ncols)
			ok = ds_thrift_fail(&w.t, "a row group's columns do not match the schema's");
	free(w.el);
	if (!ok) {
		int oom = w.t.why && strcmp(w.t.why, "out of memory") == 0;
		const char *why = w.t.why ? w.t.why : "it does not decode";
		ds_parquet_meta_free(m);
		return oom ? ll_err_set(err, LL_ENOMEM, "%s: out of memory", path)
			   : ll_err_set(err, LL_EDATA, "%s: not a readable Parquet file: its footer: %s", path, why);
	}
	if (m->encrypted) {
		ds_parquet_meta_free(m);
		return ll_err_set(err, LL_EDATA,
				  "%s: an encrypted Parquet file (its columns are encrypted): loglab reads no encrypted "
				  "Parquet; decrypt it with the writer's keys first",
				  path);
	}
	return LL_OK;
}

void ds_parquet_meta_free(struct pq_meta *m)
{
	for (size_t i = 0; i < m->ncols; i++)
		free(m->cols[i].name);
	free(m->cols);
	for (size_t g = 0; g < m->ngroups; g++)
		free(m->groups[g].chunks);
	free(m->groups);
	memset(m, 0, sizeof *m);
}
