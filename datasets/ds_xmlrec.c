/*
 * ds_xmlrec.c - XML documents of records read as tables: JUnit test
 * reports (<testsuite>s of <testcase>s), Windows Event Viewer's XML
 * export (<Events> of <Event>), and any XML that repeats one element per
 * record.
 *
 * The document becomes a tree of objects (an element's attributes and
 * child elements its members, a repeated child a list, an element holding
 * only text that text, a number written as one a number). The records are
 * elements of the one name that occurs most often while its elements hold
 * more than a third of the document's values, at any depth (test cases in
 * nested suites); each record also gets the attributes and plain values of
 * the elements it sits in, the nearest first ("testsuite.hostname"), as a
 * test case belongs to its suite. The records go through the JSON reader, so their
 * columns are flattened, typed and labelled as JSON records are. The context's
 * JSON text is made once for the records of one chain of elements and copied
 * after each record's own (200 suite values over 80,000 cases were 16 million
 * copied values before).
 */
#include "ds_coljoin.h"
#include "ds_csv.h"
#include "ds_json_tables.h"
#include "ds_sheet.h"
#include "ds_xml.h"
#include "ll_limits.h"
#include "ll_slots.h"
#include "ll_strbuf.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Deeper elements are read as text: no record is that deep. */
#define XML_MAX_DEPTH 64

/* The members of an element being read, by name: an element with
 * thousands of distinct children or attributes (a wide record) would
 * otherwise look each new one up among all before it, quadratic. A few
 * members are walked as cJSON keeps them; the index is built once an
 * element has MEMBER_INDEX_FROM of them. */
#define MEMBER_INDEX_FROM 16

struct members {
	cJSON **item; /* item[id]: the members in order, as the index's ids; NULL once detached */
	size_t n, cap;
	struct ll_slots ix;
	int by_value; /* keyed by the items' string values, not their names */
};

static const char *key_of(const struct members *m, const cJSON *c)
{
	return m->by_value ? c->valuestring : c->string;
}

struct node {
	cJSON *obj;
	char name[128];
	struct ds_text text;
	struct members members;
};

/* The local part of a name (no "prefix:") into out. */
static void local_name(const char *s, size_t n, char *out, size_t cap)
{
	const char *colon = memchr(s, ':', n);
	if (colon) {
		n -= (size_t)(colon + 1 - s);
		s = colon + 1;
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = 0;
}

/* The length of the run of blanks at the start (or, from_end, the end) of
 * s[0..n); *holds_line gets whether a line end is among them. */
static size_t blank_run(const char *s, size_t n, int from_end, int *holds_line)
{
	size_t k = 0;
	*holds_line = 0;
	for (; k < n; k++) {
		char c = from_end ? s[n - 1 - k] : s[k];
		if (c == '\n' || c == '\r')
			*holds_line = 1;
		else if (c != ' ' && c != '\t')
			break;
	}
	return k;
}

/* A value as JSON keeps it: a number when it is written as one once its
 * blanks are off (and not as an identifier with leading zeros), else a
 * string whose blanks at either end are kept unless they hold a
 * line end. Blanks on one line are data (Windows pads an event's
 * LogonProcessName, "Advapi  ", and Event Viewer shows it so); blanks
 * across lines are the indentation of a document written for the eye. */
static cJSON *value_of(const char *s, size_t n)
{
	int lead_line, trail_line;
	size_t lead = blank_run(s, n, 0, &lead_line);
	size_t trail = blank_run(s + lead, n - lead, 1, &trail_line);
	const char *core = s + lead;
	size_t cn = n - lead - trail;
	int lead_zero = cn > 1 && core[0] == '0' && core[1] != '.';
	if (cn && cn < 64 && !lead_zero && ds_json_number_text(core, cn)) {
		char buf[64];
		memcpy(buf, core, cn);
		buf[cn] = 0;
		return cJSON_CreateNumber(strtod(buf, NULL));
	}
	if (lead_line) {
		s = core;
		n -= lead;
	}
	if (trail_line)
		n -= trail;
	char *t = malloc(n + 1);
	if (!t)
		return NULL;
	memcpy(t, s, n);
	t[n] = 0;
	cJSON *v = cJSON_CreateString(t);
	free(t);
	return v;
}

static void members_free(struct members *m)
{
	free(m->item);
	ll_slots_free(&m->ix);
	*m = (struct members){.by_value = m->by_value};
}

static int members_put(struct members *m, cJSON *item, struct ll_slots_probe *p)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 2 * MEMBER_INDEX_FROM;
		cJSON **g = realloc(m->item, cap * sizeof *g);
		if (!g)
			return 0;
		m->item = g;
		m->cap = cap;
	}
	if (ll_slots_add(&m->ix, p, (uint32_t)m->n) != LL_OK)
		return 0;
	m->item[m->n++] = item;
	return 1;
}

/* The item of m's index keyed name, NULL when none; *p where one goes. */
static cJSON *indexed(const struct members *m, const char *name, struct ll_slots_probe *p)
{
	*p = ll_slots_probe(&m->ix, ll_slots_hash(name, strlen(name)));
	for (uint32_t id; (id = ll_slots_next(&m->ix, p)) != LL_SLOTS_NONE;)
		if (m->item[id] && strcmp(key_of(m, m->item[id]), name) == 0)
			return m->item[id];
	return NULL;
}

/* item, once detached, out of m's index (when m has one). */
static void members_forget(struct members *m, const cJSON *item)
{
	if (!m->ix.slot)
		return;
	const char *key = key_of(m, item);
	struct ll_slots_probe p = ll_slots_probe(&m->ix, ll_slots_hash(key, strlen(key)));
	for (uint32_t id; (id = ll_slots_next(&m->ix, &p)) != LL_SLOTS_NONE;)
		if (m->item[id] == item)
			m->item[id] = NULL;
}

/* parent's member named name, NULL when none; m (NULL: none kept) is
 * parent's index, built here once parent has enough members. *p is
 * where a new member of that name goes into the index. */
static cJSON *member_named(cJSON *parent, struct members *m, const char *name, struct ll_slots_probe *p, int *ok)
{
	*ok = 1;
	if (m && !m->ix.slot) {
		size_t n = 0;
		for (const cJSON *c = parent->child; c && n < MEMBER_INDEX_FROM; c = c->next)
			n++;
		if (n < MEMBER_INDEX_FROM)
			return cJSON_GetObjectItemCaseSensitive(parent, name);
		for (cJSON *c = parent->child; c && *ok; c = c->next) {
			struct ll_slots_probe q = ll_slots_probe(&m->ix, ll_slots_hash(c->string, strlen(c->string)));
			while (ll_slots_next(&m->ix, &q) != LL_SLOTS_NONE)
				; /* names are distinct: the first free slot */
			*ok = members_put(m, c, &q);
		}
		if (!*ok)
			return NULL;
	}
	if (!m)
		return cJSON_GetObjectItemCaseSensitive(parent, name);
	return indexed(m, name, p);
}

/* The member have becomes a list of its value, in its place and under its
 * name (so an index of the members still holds it): its value moves into
 * a new first element. */
static int make_list(cJSON *have)
{
	cJSON *first = cJSON_CreateNull();
	if (!first)
		return 0;
	first->type = have->type & ~cJSON_StringIsConst;
	first->child = have->child;
	first->valuestring = have->valuestring;
	first->valueint = have->valueint;
	first->valuedouble = have->valuedouble;
	first->prev = first; /* cJSON's lists: the head's prev is the last */
	have->type = cJSON_Array | (have->type & cJSON_StringIsConst);
	have->child = first;
	have->valuestring = NULL;
	have->valueint = 0;
	have->valuedouble = 0;
	return 1;
}

/* Adds v under name to parent (m its index, or NULL); a name met again
 * makes a list. */
static int add_member(cJSON *parent, struct members *m, const char *name, cJSON *v)
{
	struct ll_slots_probe p;
	int ok;
	cJSON *have = member_named(parent, m, name, &p, &ok);
	if (!ok)
		return 0;
	if (!have) {
		if (!cJSON_AddItemToObject(parent, name, v))
			return 0;
		if (m && m->ix.slot && !members_put(m, v, &p)) {
			/* v stays the caller's to free */
			cJSON_DetachItemViaPointer(parent, v);
			return 0;
		}
		return 1;
	}
	if (!cJSON_IsArray(have) && !make_list(have))
		return 0;
	return cJSON_AddItemToArray(have, v);
}

/* The text between two tags, p[from, to): plain text decoded, CDATA as it
 * is, comments left out; appended to t. */
static int take_text(const char *p, size_t from, size_t to, struct ds_text *t)
{
	for (size_t i = from; i < to;) {
		if (to - i >= 9 && memcmp(p + i, "<![CDATA[", 9) == 0) {
			const char *end = NULL;
			for (size_t j = i + 9; j + 3 <= to && !end; j++)
				if (memcmp(p + j, "]]>", 3) == 0)
					end = p + j;
			size_t len = end ? (size_t)(end - (p + i + 9)) : to - i - 9;
			if (!ds_text_put(t, p + i + 9, len))
				return 0;
			i = end ? (size_t)(end - p) + 3 : to;
			continue;
		}
		if (to - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
			size_t j = i + 4;
			while (j + 3 <= to && memcmp(p + j, "-->", 3) != 0)
				j++;
			i = j + 3 <= to ? j + 3 : to;
			continue;
		}
		size_t j = i;
		while (j < to && p[j] != '<')
			j++;
		if (j == i) {
			i++; /* a stray '<' of something else (a declaration) */
			continue;
		}
		char *out = malloc(j - i + 1);
		size_t n = out ? ds_xml_decode(p + i, j - i, out) : 0;
		int ok = out && ds_text_put(t, out, n);
		free(out);
		if (!ok)
			return 0;
		i = j;
	}
	return 1;
}

static int blank(const struct ds_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->p[i] != ' ' && t->p[i] != '\t' && t->p[i] != '\n' && t->p[i] != '\r')
			return 0;
	return 1;
}

/* 1 when e is an element of a named value: a Name attribute (a string)
 * and its text, nothing else (Event Viewer's <Data Name="User">x</Data>). */
static int named_value(const cJSON *e)
{
	if (!cJSON_IsObject(e) || !e->child || !e->child->string || strcmp(e->child->string, "Name") != 0 ||
	    !cJSON_IsString(e->child) || !*e->child->valuestring)
		return 0;
	const cJSON *rest = e->child->next;
	return !rest || (rest->string && strcmp(rest->string, "text") == 0 && !rest->next);
}

static int has_text(const cJSON *e)
{
	return e->child->next != NULL;
}

/* The named values among v's members (one element, or a list of them,
 * with a text in one at least: <Provider Name="Disk"/> is no value)
 * become members of v, each named by its Name: an event's
 * EventData.SubjectUserName, not a list of pairs, which would also make
 * each pair a record of its own. Left as they are when a name is taken. */
static int fold_named(cJSON *v)
{
	/* v's members and a list's names by index: an element of thousands
	 * of named values checks each name in constant time */
	struct members have = {0}, seen = {.by_value = 1};
	int done = 1;
	for (cJSON *m = v->child, *next; m && done; m = next) {
		next = m->next;
		size_t n = 0, texts = 0;
		int ok = 1;
		members_free(&seen);
		for (cJSON *e = cJSON_IsArray(m) ? m->child : m; e && ok && done; e = cJSON_IsArray(m) ? e->next : NULL) {
			struct ll_slots_probe p;
			ok = named_value(e) && !member_named(v, &have, e->child->valuestring, &p, &done) && done;
			if (ok && cJSON_IsArray(m)) {
				ok = !indexed(&seen, e->child->valuestring, &p);
				done = !ok || members_put(&seen, e->child, &p);
			}
			texts += ok && has_text(e);
			n++;
		}
		if (!ok || !n || !texts || !done)
			continue;
		struct ll_slots_probe p;
		members_forget(&have, m);
		cJSON *list = cJSON_DetachItemViaPointer(v, m);
		cJSON *e = cJSON_IsArray(list) ? list->child : list;
		while (e && done) {
			cJSON *after = cJSON_IsArray(list) ? e->next : NULL;
			cJSON *text = e->child->next ? cJSON_DetachItemViaPointer(e, e->child->next) : cJSON_CreateNull();
			done = text && cJSON_AddItemToObject(v, e->child->valuestring, text);
			if (!done)
				cJSON_Delete(text);
			else if (have.ix.slot && !indexed(&have, e->child->valuestring, &p))
				done = members_put(&have, text, &p);
			e = after;
		}
		cJSON_Delete(list);
	}
	members_free(&have);
	members_free(&seen);
	return done;
}

/* The element at the top of the stack, finished, into its parent. */
static int close_node(struct node *stack, size_t *depth)
{
	struct node *nd = &stack[*depth - 1];
	cJSON *v = nd->obj;
	/* fold_named renames members: the index is done with */
	members_free(&nd->members);
	if (!v->child) {
		/* no attribute, no child: the element is its text */
		cJSON_Delete(v);
		v = nd->text.n && !blank(&nd->text) ? value_of(nd->text.p, nd->text.n) : cJSON_CreateNull();
	} else if (!fold_named(v)) {
		cJSON_Delete(v);
		v = NULL;
	} else if (nd->text.n && !blank(&nd->text)) {
		cJSON *t = value_of(nd->text.p, nd->text.n);
		if (!t || !add_member(v, NULL, "text", t)) {
			cJSON_Delete(t);
			cJSON_Delete(v);
			v = NULL;
		}
	}
	free(nd->text.p);
	nd->text = (struct ds_text){0};
	nd->obj = NULL;
	(*depth)--;
	if (!v)
		return 0;
	if (!add_member(stack[*depth - 1].obj, &stack[*depth - 1].members, nd->name, v)) {
		cJSON_Delete(v);
		return 0;
	}
	return 1;
}

/* The document x[0, n) as a tree: an object whose members are its
 * top-level elements (one, or several: a stream of elements as log4j's
 * XML layout writes them, a list); NULL with err set when it holds no
 * element or is no XML (or out of memory). root gets the first element's
 * name. */
static cJSON *parse_tree(const char *path, const char *x, size_t n, char *root, size_t cap, struct ll_err *err)
{
	struct node *stack = calloc(XML_MAX_DEPTH + 1, sizeof *stack);
	size_t depth = 1, pos = 0, prev = 0, skip = 0;
	int ok = stack && (stack[0].obj = cJSON_CreateObject()) != NULL, stray = 0;
	struct ds_xml_tag tag;
	while (ok && ds_xml_next(x, n, &pos, &tag)) {
		size_t start = (size_t)(tag.name - x) - 1 - (size_t)tag.closing;
		if (depth > 1 && !skip && !take_text(x, prev, start, &stack[depth - 1].text))
			ok = 0;
		prev = tag.end;
		if (skip) { /* inside an element too deep: its text is its parent's */
			if (tag.closing)
				skip--;
			else if (!tag.empty)
				skip++;
			continue;
		}
		if (tag.closing) {
			if (depth == 1) {
				stray = 1;
				break;
			}
			ok = close_node(stack, &depth);
			continue;
		}
		if (depth == XML_MAX_DEPTH + 1) {
			skip += !tag.empty;
			continue;
		}
		struct node *nd = &stack[depth];
		local_name(tag.name, tag.name_len, nd->name, sizeof nd->name);
		if (depth == 1 && !*root)
			snprintf(root, cap, "%s", nd->name);
		if (!(nd->obj = cJSON_CreateObject())) {
			ok = 0;
			break;
		}
		depth++;
		const char *k, *v;
		size_t kn, vn, ap = 0;
		while (ok && ds_xml_attr_next(&tag, &ap, &k, &kn, &v, &vn)) {
			if ((kn >= 5 && memcmp(k, "xmlns", 5) == 0 && (kn == 5 || k[5] == ':')))
				continue; /* namespaces declared: no value */
			char name[128];
			local_name(k, kn, name, sizeof name);
			char *dec = malloc(vn + 1);
			size_t dn = dec ? ds_xml_decode(v, vn, dec) : 0;
			cJSON *val = dec ? value_of(dec, dn) : NULL;
			free(dec);
			if (!val || !add_member(nd->obj, &nd->members, name, val)) {
				cJSON_Delete(val);
				ok = 0;
			}
		}
		if (ok && tag.empty)
			ok = close_node(stack, &depth);
	}
	cJSON *doc = NULL;
	if (!ok)
		ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	else if (stray || depth > 1 || !stack[0].obj->child)
		ll_err_set(err, LL_EDATA, "%s: malformed XML: %s", path,
			   stray ? "a closing tag with no element open"
			   : depth > 1 ? "the document ends inside an element (truncated?)"
				       : "no element");
	else
		doc = stack[0].obj;
	for (size_t i = 0; stack && i < depth; i++) {
		if (stack[i].obj != doc)
			cJSON_Delete(stack[i].obj);
		free(stack[i].text.p);
		members_free(&stack[i].members);
	}
	free(stack);
	return doc;
}

/* How often an element name occurs as an element with members, the values
 * its elements hold, and the least depth it is met at. */
struct name_count {
	char name[128];
	size_t count, leaves;
	int depth;
	char parent[128]; /* the element it sits in, when always the same ("" when not) */
	size_t sole;      /* times it is the only one of its name in that element */
};

struct census {
	struct name_count *p;
	size_t n, cap;
	struct ll_slots ix; /* p's names: a document of many distinct elements counts in linear time */
	int oom;
};

static void count_name(struct census *c, const char *name, const char *parent, int sole, int depth, size_t leaves)
{
	struct ll_slots_probe pr = ll_slots_probe(&c->ix, ll_slots_hash(name, strlen(name)));
	for (uint32_t i; (i = ll_slots_next(&c->ix, &pr)) != LL_SLOTS_NONE;)
		if (strcmp(c->p[i].name, name) == 0) {
			c->p[i].count++;
			c->p[i].leaves += leaves;
			c->p[i].sole += (size_t)sole;
			if (strcmp(c->p[i].parent, parent) != 0)
				c->p[i].parent[0] = 0;
			if (depth < c->p[i].depth)
				c->p[i].depth = depth;
			return;
		}
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 32;
		struct name_count *g = realloc(c->p, cap * sizeof *g);
		if (!g) {
			c->oom = 1;
			return;
		}
		c->p = g;
		c->cap = cap;
	}
	if (ll_slots_add(&c->ix, &pr, (uint32_t)c->n) != LL_OK) {
		c->oom = 1;
		return;
	}
	snprintf(c->p[c->n].name, sizeof c->p[c->n].name, "%s", name);
	snprintf(c->p[c->n].parent, sizeof c->p[c->n].parent, "%s", parent);
	c->p[c->n].sole = (size_t)sole;
	c->p[c->n].count = 1;
	c->p[c->n].leaves = leaves;
	c->p[c->n++].depth = depth;
}

/* Every element object under v (named name, in the element parent, at
 * depth; sole when no other of its name sits beside it) counted. */
static void census_of(struct census *c, const cJSON *v, const char *name, const char *parent, int sole, int depth)
{
	if (cJSON_IsArray(v)) {
		for (const cJSON *e = v->child; e; e = e->next)
			census_of(c, e, name, parent, 0, depth);
		return;
	}
	if (!cJSON_IsObject(v))
		return;
	if (depth > 0)
		count_name(c, name, parent, sole, depth, ds_json_record_values(v));
	for (const cJSON *m = v->child; m; m = m->next)
		census_of(c, m, m->string ? m->string : "", name, 1, depth + 1);
}

/* On a tie between elements met as often: one that is every time the one
 * part of its name in the other (an <Event>'s <System>) leaves the row to
 * the other; one that the other holds in lists (a <file>'s <error>s) is
 * the row; else the one met higher up. 1 when a is the better row. */
static int better_row(const struct name_count *a, const struct name_count *b)
{
	if (strcmp(a->parent, b->name) == 0)
		return a->sole < a->count;
	if (strcmp(b->parent, a->name) == 0)
		return b->sole == b->count;
	return a->depth < b->depth;
}

/* The context a record takes from an element it sits in: its scalar
 * members, named "element.member". */
struct context {
	const cJSON *obj;
	const char *name;
};

/* Adds to obj (its members indexed in have once it has many: a context of
 * thousands of values is checked against obj in constant time per value)
 * the context ctx[0, nctx), nearest first, each value as
 * "element.member" unless obj has a member of that name already; an
 * element whose name obj has as a member gives nothing. 0 when out of
 * memory. */
static int add_context(cJSON *obj, struct members *have, const struct context *ctx, size_t nctx)
{
	int ok = 1;
	for (size_t i = 0; i < nctx && ok; i++) {
		struct ll_slots_probe p;
		/* a record with a member of the element's name keeps its own */
		if (!*ctx[i].name || member_named(obj, have, ctx[i].name, &p, &ok) || !ok)
			continue;
		for (const cJSON *m = ctx[i].obj->child; m && ok; m = m->next) {
			if (cJSON_IsObject(m) || cJSON_IsArray(m) || !m->string)
				continue;
			char name[300];
			snprintf(name, sizeof name, "%s.%s", ctx[i].name, m->string);
			if (member_named(obj, have, name, &p, &ok) || !ok)
				continue; /* an element nested in one of its name: the nearest wins */
			cJSON *d = cJSON_Duplicate(m, 0);
			ok = d && cJSON_AddItemToObject(obj, name, d);
			if (!ok)
				cJSON_Delete(d);
			else if (have->ix.slot)
				ok = members_put(have, d, &p);
		}
	}
	return ok;
}

static int add_record(cJSON *out, const cJSON *v, const struct context *ctx, size_t nctx)
{
	cJSON *rec = cJSON_Duplicate(v, 1);
	if (!rec || !cJSON_AddItemToArray(out, rec)) {
		cJSON_Delete(rec);
		return 0;
	}
	struct members have = {0};
	int ok = add_context(rec, &have, ctx, nctx);
	members_free(&have);
	return ok;
}

/* The context text a run of records shares: the members add_record would
 * give a record of no members of its own, printed once for the chain of
 * elements the records sit in (records are met in document order, so a
 * suite's cases follow one another). A record with a member of one of
 * those names, or of an element's name, takes add_record's path. */
struct shared_context {
	struct context chain[XML_MAX_DEPTH + 1];
	size_t nchain; /* SIZE_MAX: none built yet */
	cJSON *members; /* the context members, in add_record's order */
	struct members index;
	char *text;     /* members printed without its braces */
	size_t len;
};

struct record_text {
	struct ll_strbuf json; /* "[" and the records so far, comma-separated */
	size_t n;
	struct shared_context shared;
};

static void shared_context_free(struct shared_context *sc)
{
	cJSON_Delete(sc->members);
	members_free(&sc->index);
	cJSON_free(sc->text);
	sc->members = NULL;
	sc->text = NULL;
	sc->nchain = SIZE_MAX;
}

/* A name the context gives (or a context element's own name) is in sc. */
static int shared_has(struct shared_context *sc, const char *name, int *ok)
{
	struct ll_slots_probe p;
	return member_named(sc->members, &sc->index, name, &p, ok) != NULL;
}

/* sc for the chain ctx[0, nctx), nearest first: add_record's walk with no
 * member of the record's own to keep. 0 when out of memory. */
static int shared_context_build(struct shared_context *sc, const struct context *ctx, size_t nctx)
{
	if (sc->nchain == nctx && memcmp(sc->chain, ctx, nctx * sizeof *ctx) == 0)
		return 1;
	shared_context_free(sc);
	if (!(sc->members = cJSON_CreateObject()))
		return 0;
	int ok = add_context(sc->members, &sc->index, ctx, nctx);
	char *text = ok ? cJSON_PrintUnformatted(sc->members) : NULL;
	if (!text)
		return 0;
	/* "{...}" without its braces */
	size_t n = strlen(text);
	memmove(text, text + 1, n - 2);
	text[n - 2] = 0;
	sc->text = text;
	sc->len = n - 2;
	memcpy(sc->chain, ctx, nctx * sizeof *ctx);
	sc->nchain = nctx;
	return 1;
}

/* A record of own members clashes with its context when one of them has
 * a name the context would give or an element's name: add_record then
 * keeps the record's and may drop the rest of an element, so the shared
 * text would not be the record's. */
static int clashes(struct shared_context *sc, const struct context *ctx, size_t nctx, const cJSON *v, int *ok)
{
	for (const cJSON *m = v->child; m && *ok; m = m->next) {
		if (!m->string)
			continue;
		if (shared_has(sc, m->string, ok))
			return 1;
		for (size_t i = 0; i < nctx; i++)
			if (strcmp(ctx[i].name, m->string) == 0)
				return 1;
	}
	return 0;
}

/* Appends the record v with its context ctx[0, nctx), nearest first, as
 * add_record and cJSON_PrintUnformatted would make it, sharing the
 * context's text between records. 0 when out of memory. */
static int put_record(struct record_text *rt, const cJSON *v, const struct context *ctx, size_t nctx)
{
	int ok = shared_context_build(&rt->shared, ctx, nctx);
	int own = ok && clashes(&rt->shared, ctx, nctx, v, &ok);
	if (!ok)
		return 0;
	char *text;
	if (own) {
		cJSON *one = cJSON_CreateArray();
		ok = one && add_record(one, v, ctx, nctx);
		text = ok ? cJSON_PrintUnformatted(one->child) : NULL;
		cJSON_Delete(one);
	} else {
		text = cJSON_PrintUnformatted(v);
	}
	if (!text)
		return 0;
	if (rt->n++)
		ll_strbuf_add(&rt->json, ",", 1);
	size_t n = strlen(text);
	if (own || !rt->shared.len) {
		ll_strbuf_add(&rt->json, text, n);
	} else {
		/* the record's "{...}" open, then the context and the brace */
		ll_strbuf_add(&rt->json, text, n - 1);
		if (n > 2)
			ll_strbuf_add(&rt->json, ",", 1);
		ll_strbuf_add(&rt->json, rt->shared.text, rt->shared.len);
		ll_strbuf_add(&rt->json, "}", 1);
	}
	cJSON_free(text);
	return !rt->json.oom;
}

/* The records: every element named want (not looked into), with the
 * values of the elements it sits in, the nearest first. */
static int collect(struct record_text *out, const cJSON *v, const char *name, const char *want, struct context *ctx,
		   size_t nctx)
{
	if (cJSON_IsArray(v)) {
		for (const cJSON *e = v->child; e; e = e->next)
			if (!collect(out, e, name, want, ctx, nctx))
				return 0;
		return 1;
	}
	if (!cJSON_IsObject(v))
		return 1;
	if (nctx > 0 && strcmp(name, want) == 0) {
		struct context near[XML_MAX_DEPTH + 1];
		for (size_t i = 0; i < nctx; i++)
			near[i] = ctx[nctx - 1 - i];
		return put_record(out, v, near, nctx);
	}
	if (nctx > XML_MAX_DEPTH)
		return 1;
	ctx[nctx] = (struct context){v, name};
	for (const cJSON *m = v->child; m; m = m->next)
		if (!collect(out, m, m->string ? m->string : "", want, ctx, nctx + 1))
			return 0;
	return 1;
}

/* The records' JSON text[0, len) (an array of nrec records of the element
 * name; name NULL: the document as one record) read as JSON records are,
 * with the note that says what the records are. */
static int read_records(const struct ds_source *src, const struct ds_open_opts *opts, const char *text, size_t len,
			size_t nrec, const char *name, struct ll_table **out, struct ll_err *err)
{
	/* kept long unless the dataset names an entity: a report's cases
	 * under their suite's stamp are events, not a series per case to
	 * pivot */
	int rc = ds_text_load(src, opts, "json", text, len, 1, out, err);
	if (rc != LL_OK)
		return rc;
	/* an element's text with attributes in some records ("EventID.text":
	 * Windows' <EventID Qualifiers=...>) and without in others */
	int w = ds_coljoin(*out, ".text") < 0 ? LL_ENOMEM : LL_OK;
	if (w == LL_OK)
		w = name ? ll_table_note(*out, "%s: the records are the %zu <%s> elements, each with the values of "
					       "the elements it sits in",
					 src->path, nrec, name)
			 : ll_table_note(*out, "%s: no element repeats over most of the document: one record", src->path);
	if (w != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	return rc;
}

int ds_xml_records(const struct ds_source *src, const struct ds_open_opts *opts, const char *record,
		   struct ll_table **out, struct ll_err *err)
{
	*out = NULL;
	char root[128] = "";
	/* the tree, its records, their JSON text and its table: up to about 32
	 * bytes a byte (100,000 test cases of 7.4 MB peak at 202 MB) */
	char what[600];
	snprintf(what, sizeof what, "%s: an XML document read whole", src->path);
	if (ll_mem_check((double)src->size * 32.0, what, err) != LL_OK)
		return err->code;
	cJSON *doc = parse_tree(src->path, src->data ? src->data : "", src->size, root, sizeof root, err);
	if (!doc)
		return err->code ? err->code : LL_EDATA;
	/* the records: the element met most often that holds more than a third
	 * of the values (a test case amid its suites' properties; not a
	 * <failure> in some of them); on a tie, better_row */
	struct census c = {0};
	census_of(&c, doc, "", "", 1, 0);
	size_t total = ds_json_record_values(doc), best = c.n;
	for (size_t i = 0; i < c.n && record; i++)
		if (strcmp(c.p[i].name, record) == 0)
			best = i;
	for (size_t i = 0; i < c.n && !record; i++)
		if (c.p[i].count >= 2 && 3 * c.p[i].leaves > total &&
		    (best == c.n || c.p[i].count > c.p[best].count ||
		     (c.p[i].count == c.p[best].count && better_row(&c.p[i], &c.p[best]))))
			best = i;
	struct record_text records = {.shared.nchain = SIZE_MAX};
	struct context *ctx = calloc(XML_MAX_DEPTH + 2, sizeof *ctx);
	int rc = LL_OK;
	if (c.oom || !ctx) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	} else if (best < c.n) {
		ll_strbuf_add(&records.json, "[", 1);
		if (!collect(&records, doc, "", c.p[best].name, ctx, 0))
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		ll_strbuf_add(&records.json, "]", 1);
	}
	shared_context_free(&records.shared);
	/* no records: the one top-level element (or all of them) as one record */
	const cJSON *one = doc->child && !doc->child->next ? doc->child : doc;
	char *text = rc != LL_OK ? NULL : best < c.n ? records.json.s : cJSON_PrintUnformatted(one);
	/* ... read as one record (a list of it) when lists of plain values
	 * hold most of its values: the JSON reader would weigh them one by one
	 * and take a list of the objects holding them (nvidia-smi's few
	 * <supported_mem_clock>s under one <gpu>) for the records, which the
	 * census above has just weighed and refused */
	if (text && best == c.n && 2 * ds_json_record_values(one) < ds_json_leaves(one)) {
		size_t len = strlen(text);
		char *list = cJSON_malloc(len + 3);
		if (list) {
			list[0] = '[';
			memcpy(list + 1, text, len);
			memcpy(list + 1 + len, "]", 2);
		}
		cJSON_free(text);
		text = list;
		if (!text)
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	if (rc == LL_OK && (!text || records.json.oom))
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	if (rc == LL_OK)
		rc = read_records(src, opts, text, strlen(text), records.n, best < c.n ? c.p[best].name : NULL, out,
				  err);
	if (text != records.json.s)
		cJSON_free(text);
	ll_strbuf_free(&records.json);
	cJSON_Delete(doc);
	free(ctx);
	free(c.p);
	ll_slots_free(&c.ix);
	return rc;
}

/* Bytes of memory a byte of the records' JSON text costs while the JSON
 * reader makes it a table (it streams an array's elements): 4.4 for a
 * 100 MB Security log (93 MB of JSON, 395 MiB at its peak), more when the
 * records' union of columns is wide and sparse (the table's cells). */
#define STREAM_JSON_COST 8.0

int ds_xml_stream_add(struct ds_xml_stream *s, const char *x, size_t n, int *taken, struct ll_err *err)
{
	*taken = 0;
	/* the record inside its outer element, as the whole document has
	 * it: the same depth bound, and the outer element's own text and
	 * members (which would be context for every record) seen */
	s->xml.n = 0;
	size_t on = strlen(s->outer);
	if (!ds_text_put(&s->xml, "<", 1) || !ds_text_put(&s->xml, s->outer, on) || !ds_text_put(&s->xml, ">", 1) ||
	    !ds_text_put(&s->xml, x, n) || !ds_text_put(&s->xml, "</", 2) || !ds_text_put(&s->xml, s->outer, on) ||
	    !ds_text_put(&s->xml, ">", 1))
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", s->path);
	char root[128] = "";
	struct ll_err perr = {0};
	cJSON *doc = parse_tree(s->path, s->xml.p, s->xml.n, root, sizeof root, &perr);
	if (!doc)
		return perr.code == LL_ENOMEM ? ll_err_set(err, LL_ENOMEM, "%s: out of memory", s->path) : LL_OK;
	/* only the shape where the document's records are exactly these
	 * elements, in this order, with no context: else *taken stays 0 and
	 * the caller reads the whole document */
	const cJSON *o = doc->child, *r = o ? o->child : NULL;
	int rc = LL_OK;
	if (o && !o->next && cJSON_IsObject(o) && strcmp(o->string, s->outer) == 0 && r && !r->next &&
	    cJSON_IsObject(r) && strcmp(r->string, s->record) == 0) {
		char *text = cJSON_PrintUnformatted(r);
		if (!text || !ds_text_put(&s->json, s->json.n ? "," : "[", 1) ||
		    !ds_text_put(&s->json, text, strlen(text)))
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", s->path);
		cJSON_free(text);
		if (rc == LL_OK) {
			s->records++;
			*taken = 1;
		}
	}
	cJSON_Delete(doc);
	if (rc == LL_OK && s->json.n >= s->checked_at * 2) {
		s->checked_at = s->json.n;
		char what[600];
		snprintf(what, sizeof what, "%s: the records as JSON", s->path);
		rc = ll_mem_check((double)s->json.n * STREAM_JSON_COST, what, err);
	}
	return rc;
}

int ds_xml_stream_load(struct ds_xml_stream *s, const struct ds_source *src, const struct ds_open_opts *opts,
		       struct ll_table **out, struct ll_err *err)
{
	*out = NULL;
	if (!ds_text_put(&s->json, s->json.n ? "]" : "[]", s->json.n ? 1 : 2))
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	return read_records(src, opts, s->json.p, s->json.n, s->records, s->record, out, err);
}

void ds_xml_stream_free(struct ds_xml_stream *s)
{
	free(s->xml.p);
	free(s->json.p);
	s->xml = s->json = (struct ds_text){0};
}

static int xml_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	return ds_xml_records(src, opts, NULL, out, err);
}

/* An XML document: a declaration or an element first, and no text log's
 * line shape (a log line may start with '<' for its priority). */
static int xml_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	size_t i = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
		i++;
	if (n - i >= 5 && memcmp(head + i, "<?xml", 5) == 0)
		return 90;
	if (i >= n || head[i] != '<' || i + 1 >= n || !((head[i + 1] >= 'a' && head[i + 1] <= 'z') ||
							  (head[i + 1] >= 'A' && head[i + 1] <= 'Z')))
		return 0;
	/* a web page is no document of records (nor always well formed) */
	if (n - i >= 5 && strncasecmp(head + i, "<html", 5) == 0)
		return 0;
	/* an element that closes: "<Events>...</Event>" */
	struct ds_xml_tag tag;
	size_t pos = i, opened = 0, closed = 0;
	for (int k = 0; k < 64 && ds_xml_next(head, n, &pos, &tag); k++) {
		opened += !tag.closing && !tag.empty;
		closed += tag.closing;
	}
	return closed >= 2 && opened >= closed ? 60 : 0;
}

const struct ds_reader ds_xml_reader = {
	.name = "xml",
	.summary = "XML of records (JUnit test reports, Windows Event Viewer exports...): the element that repeats "
		   "over most of the document is a row, with the values of the elements it sits in",
	.sniff = xml_sniff,
	.load = xml_load,
	.line = NULL,
};
