/*
 * ds_jsonedit.c - edits of a JSON text that keep its layout (see
 * ds_jsonedit.h).
 *
 * The old text is scanned for the byte spans of each object's members;
 * the old and new documents are compared member by member, and each
 * difference becomes an edit of the text (replace a value, cut members,
 * append members). The edits never overlap and are applied from the end
 * of the text back. The result is parsed and compared with the new
 * document before it is returned, so a case the scanner does not handle
 * gives NULL (the caller prints afresh), never a wrong file.
 */
#include "ds_jsonedit.h"
#include "ll_strbuf.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPOS ((size_t)-1)

/* A value on one line, as people write short ones: {"a": 1, "b": [2, 3]}. */
static void print_compact(struct ll_strbuf *b, const cJSON *v)
{
	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		int obj = cJSON_IsObject(v);
		ll_strbuf_puts(b, obj ? "{" : "[");
		for (const cJSON *c = v->child; c; c = c->next) {
			if (obj) {
				cJSON *k = cJSON_CreateString(c->string ? c->string : "");
				char *ks = k ? cJSON_PrintUnformatted(k) : NULL;
				if (!ks)
					b->oom = 1;
				else
					ll_strbuf_puts(b, ks);
				free(ks);
				cJSON_Delete(k);
				ll_strbuf_puts(b, ": ");
			}
			print_compact(b, c);
			if (c->next)
				ll_strbuf_puts(b, ", ");
		}
		ll_strbuf_puts(b, obj ? "}" : "]");
		return;
	}
	char *s = cJSON_PrintUnformatted(v);
	if (!s) {
		b->oom = 1;
		return;
	}
	ll_strbuf_puts(b, s);
	free(s);
}

/* ---- scanning the old text ---- */

static size_t skip_ws(const char *s, size_t i)
{
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	return i;
}

/* End of the string starting at s[i] == '"', or NPOS. */
static size_t skip_string(const char *s, size_t i)
{
	for (i++; s[i]; i++) {
		if (s[i] == '\\') {
			if (!s[++i])
				return NPOS;
		} else if (s[i] == '"') {
			return i + 1;
		}
	}
	return NPOS;
}

/* End of the value starting at s[i] (after blanks), or NPOS. */
static size_t skip_value(const char *s, size_t i)
{
	if (s[i] == '"')
		return skip_string(s, i);
	if (s[i] == '{' || s[i] == '[') {
		int depth = 0;
		for (; s[i]; i++) {
			if (s[i] == '"') {
				size_t e = skip_string(s, i);
				if (e == NPOS)
					return NPOS;
				i = e - 1;
			} else if (s[i] == '{' || s[i] == '[') {
				depth++;
			} else if (s[i] == '}' || s[i] == ']') {
				if (--depth == 0)
					return i + 1;
			}
		}
		return NPOS;
	}
	size_t j = i;
	while (s[j] && !strchr(",}] \t\r\n", s[j]))
		j++;
	return j > i ? j : NPOS;
}

struct member {
	char *key;
	size_t key_start, val_start, val_end;
	size_t comma; /* the comma after the value, or NPOS */
};

struct object {
	size_t open, close; /* offsets of '{' and '}' */
	struct member *m;
	size_t n;
};

static void object_free(struct object *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->m[i].key);
	free(o->m);
}

/* Members of the object at s[i] == '{'. 0, or -1 when the text is not as expected. */
static int scan_object(const char *s, size_t i, struct object *o)
{
	memset(o, 0, sizeof *o);
	if (s[i] != '{')
		return -1;
	o->open = i;
	i = skip_ws(s, i + 1);
	size_t cap = 0;
	while (s[i] != '}') {
		if (s[i] != '"')
			return -1;
		if (o->n == cap) {
			cap = cap ? 2 * cap : 16;
			struct member *m = realloc(o->m, cap * sizeof *m);
			if (!m)
				return -1;
			o->m = m;
		}
		struct member *m = &o->m[o->n];
		memset(m, 0, sizeof *m);
		m->key_start = i;
		size_t ke = skip_string(s, i);
		if (ke == NPOS)
			return -1;
		cJSON *k = cJSON_ParseWithLength(s + i, ke - i);
		if (!cJSON_IsString(k) || !(m->key = strdup(k->valuestring))) {
			cJSON_Delete(k);
			return -1;
		}
		cJSON_Delete(k);
		o->n++;
		i = skip_ws(s, ke);
		if (s[i] != ':')
			return -1;
		i = skip_ws(s, i + 1);
		m->val_start = i;
		if ((m->val_end = skip_value(s, i)) == NPOS)
			return -1;
		i = skip_ws(s, m->val_end);
		m->comma = NPOS;
		if (s[i] == ',') {
			m->comma = i;
			i = skip_ws(s, i + 1);
		} else if (s[i] != '}') {
			return -1;
		}
	}
	o->close = i;
	return 0;
}

/* ---- edits ---- */

struct edit {
	size_t start, end; /* replace [start, end) */
	char *text;
};

struct edits {
	struct edit *v;
	size_t n, cap;
	int fail;
};

static void add_edit(struct edits *e, size_t start, size_t end, char *text)
{
	if (!text || e->fail) {
		free(text);
		e->fail = 1;
		return;
	}
	if (e->n == e->cap) {
		size_t cap = e->cap ? 2 * e->cap : 16;
		struct edit *v = realloc(e->v, cap * sizeof *v);
		if (!v) {
			free(text);
			e->fail = 1;
			return;
		}
		e->v = v;
		e->cap = cap;
	}
	e->v[e->n++] = (struct edit){start, end, text};
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* The blanks that lead a member in this object, to give new ones the same. */
static char *member_lead(const char *s, const struct object *o)
{
	size_t from = o->n >= 2 ? o->m[o->n - 2].comma + 1 : o->open + 1;
	size_t to = o->n ? o->m[o->n - 1].key_start : from;
	if (to <= from)
		return strdup(" ");
	return dup_n(s + from, to - from);
}

static void diff_object(const char *s, size_t at, const cJSON *oldv, const cJSON *newv, struct edits *e);

static void diff_member_value(const char *s, const struct member *m, const cJSON *ov, const cJSON *nv,
			      struct edits *e)
{
	if (cJSON_Compare(ov, nv, 1))
		return;
	if (cJSON_IsObject(ov) && cJSON_IsObject(nv)) {
		diff_object(s, m->val_start, ov, nv, e);
		return;
	}
	struct ll_strbuf b = {0};
	print_compact(&b, nv);
	if (b.oom) {
		free(b.s);
		e->fail = 1;
		return;
	}
	add_edit(e, m->val_start, m->val_end, b.s);
}

static void diff_object(const char *s, size_t at, const cJSON *oldv, const cJSON *newv, struct edits *e)
{
	struct object o;
	if (scan_object(s, at, &o) != 0) {
		object_free(&o);
		e->fail = 1;
		return;
	}
	/* Keys the text and the parsed document disagree on (duplicates): give up. */
	if (o.n != (size_t)cJSON_GetArraySize(oldv)) {
		object_free(&o);
		e->fail = 1;
		return;
	}
	unsigned char *kept = calloc(o.n ? o.n : 1, 1);
	if (!kept) {
		object_free(&o);
		e->fail = 1;
		return;
	}
	for (size_t i = 0; i < o.n; i++) {
		const cJSON *nv = cJSON_GetObjectItemCaseSensitive(newv, o.m[i].key);
		const cJSON *ov = cJSON_GetObjectItemCaseSensitive(oldv, o.m[i].key);
		kept[i] = nv != NULL;
		if (nv && ov)
			diff_member_value(s, &o.m[i], ov, nv, e);
	}
	/* Cut members: one in the middle up to the next key; a run at the end
	 * from the last kept value (or the brace), commas and all. */
	size_t last_kept = NPOS;
	for (size_t i = 0; i < o.n; i++)
		if (kept[i])
			last_kept = i;
	for (size_t i = 0; i < o.n; i++)
		if (!kept[i] && last_kept != NPOS && i < last_kept)
			add_edit(e, o.m[i].key_start, o.m[i + 1].key_start, strdup(""));
	size_t anchor = last_kept != NPOS ? o.m[last_kept].val_end : o.open + 1;
	if (o.n && (last_kept == NPOS || last_kept + 1 < o.n))
		add_edit(e, anchor, o.m[o.n - 1].val_end, strdup(""));
	/* New members after the last kept one, led like the others. */
	struct ll_strbuf b = {0};
	/* Everything cut: new members take the first one's place as it was led. */
	char *lead = last_kept == NPOS && o.n ? dup_n(s + o.open + 1, o.m[0].key_start - o.open - 1) : member_lead(s, &o);
	int before = last_kept != NPOS;
	for (const cJSON *c = newv->child; c && lead; c = c->next) {
		if (cJSON_GetObjectItemCaseSensitive(oldv, c->string))
			continue;
		if (before)
			ll_strbuf_puts(&b, ",");
		ll_strbuf_puts(&b, lead);
		cJSON *k = cJSON_CreateString(c->string);
		char *ks = k ? cJSON_PrintUnformatted(k) : NULL;
		if (!ks)
			b.oom = 1;
		else
			ll_strbuf_puts(&b, ks);
		free(ks);
		cJSON_Delete(k);
		ll_strbuf_puts(&b, ": ");
		print_compact(&b, c);
		before = 1;
	}
	if (!lead || b.oom)
		e->fail = 1;
	else if (b.len)
		add_edit(e, anchor, anchor, dup_n(b.s, b.len));
	free(b.s);
	free(lead);
	free(kept);
	object_free(&o);
}

static int by_start_desc(const void *pa, const void *pb)
{
	const struct edit *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? 1 : -1;
	/* At one offset, the cut [p, q) before the insertion at p. */
	return a->end < b->end ? 1 : a->end > b->end ? -1 : 0;
}

char *ds_json_patch(const char *old_text, const void *new_doc)
{
	const cJSON *nd = new_doc;
	cJSON *od = cJSON_Parse(old_text);
	if (!cJSON_IsObject(od) || !cJSON_IsObject(nd)) {
		cJSON_Delete(od);
		return NULL;
	}
	struct edits e = {0};
	size_t at = skip_ws(old_text, 0);
	diff_object(old_text, at, od, nd, &e);
	cJSON_Delete(od);
	char *out = NULL;
	if (!e.fail) {
		if (e.n)
			qsort(e.v, e.n, sizeof *e.v, by_start_desc);
		/* Front to back (the array is sorted from the back). */
		struct ll_strbuf b = {0};
		size_t len = strlen(old_text), pos = 0;
		for (size_t i = e.n; i-- > 0;) {
			const struct edit *x = &e.v[i];
			if (x->start < pos) { /* overlapping edits: not expected */
				b.oom = 1;
				break;
			}
			ll_strbuf_add(&b, old_text + pos, x->start - pos);
			ll_strbuf_puts(&b, x->text);
			pos = x->end;
		}
		if (!b.oom)
			ll_strbuf_add(&b, old_text + pos, len - pos);
		if (!b.oom && b.s) {
			cJSON *check = cJSON_Parse(b.s);
			if (check && cJSON_Compare(check, nd, 1))
				out = b.s;
			cJSON_Delete(check);
		}
		if (!out)
			free(b.s);
	}
	for (size_t i = 0; i < e.n; i++)
		free(e.v[i].text);
	free(e.v);
	return out;
}
