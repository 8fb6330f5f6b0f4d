/*
 * ds_json_envelope.c - the records list of a JSON envelope found in the
 * raw text (ds_json_envelope.h).
 *
 * The walk counts scalars token by token: a string followed by ':' is a
 * key, any other string, number or literal is one scalar, as cJSON makes
 * one leaf of each. It starts at the document's members, follows the one
 * member holding more than half of the scalars (at most one can), and stops
 * at an array there: no other list can then hold as many scalars, so it is
 * the list the whole-tree choice would make too, whatever else the
 * document holds. Each level is one pass over the text of the member
 * followed, which also counts each member's elements; the document's own
 * pass also finds its depth.
 */
#include "ds_json_envelope.h"

#include <string.h>

static int blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

static size_t skip_blanks(const char *p, size_t n, size_t i)
{
	while (i < n && blank(p[i]))
		i++;
	return i;
}

/* Past the string whose '"' is at p[i]. */
static size_t skip_string(const char *p, size_t n, size_t i)
{
	for (i++; i < n;) {
		const char *q = memchr(p + i, '"', n - i);
		if (!q)
			return n;
		size_t at = (size_t)(q - p), run = 0;
		while (at - run > i && p[at - run - 1] == '\\')
			run++;
		if (run % 2 == 0)
			return at + 1;
		i = at + 1;
	}
	return n;
}

/* The values right inside a container: how many, and whether all are objects. */
struct kids {
	size_t n;
	int all_objects, all_arrays;
};

/* Past the value starting at p[i] (blanks before it skipped); its scalars
 * are added to *leaves, *deepest gets the most containers open at once
 * when base of them are open around it, and *kids counts what the value
 * holds right inside it (when it is an array: its elements). */
static size_t skip_value(const char *p, size_t n, size_t i, size_t *leaves, long base, long *deepest,
			 struct kids *kids)
{
	long depth = 0;
	kids->n = 0;
	kids->all_objects = kids->all_arrays = 1;
	do {
		i = skip_blanks(p, n, i);
		if (i >= n)
			return n;
		char ch = p[i];
		if (ch == '{' || ch == '[') {
			if (depth == 1) {
				kids->n++;
				kids->all_objects &= ch == '{';
				kids->all_arrays &= ch == '[';
			}
			if (base + ++depth > *deepest)
				*deepest = base + depth;
			i++;
		} else if (ch == '}' || ch == ']') {
			depth--;
			i++;
		} else if (ch == ',' || ch == ':') {
			i++;
		} else if (ch == '"') {
			i = skip_string(p, n, i);
			size_t j = skip_blanks(p, n, i);
			if (!(j < n && p[j] == ':' && depth > 0)) {
				(*leaves)++;
				kids->n += depth == 1;
				kids->all_objects &= depth != 1;
				kids->all_arrays &= depth != 1;
			}
		} else {
			/* a number or a literal: up to the next separator */
			while (i < n && !blank(p[i]) && p[i] != ',' && p[i] != ']' && p[i] != '}')
				i++;
			(*leaves)++;
			kids->n += depth == 1;
			kids->all_objects &= depth != 1;
			kids->all_arrays &= depth != 1;
		}
	} while (depth > 0);
	return i;
}

/* One member of an object: its key's text (between the quotes) and its
 * value's span. */
struct member {
	size_t ordinal; /* among its object's members, from 0 */
	size_t key, keylen;
	size_t value, end;
	size_t leaves;
	struct kids kids;
};

/* The member of the object at p[at] ('{') holding more than half of total
 * scalars into *heavy (1), else 0. With total 0 the object's own scalars
 * are counted into *sum, and the member is chosen against them. */
static int heavy_member(const char *p, size_t n, size_t at, size_t total, size_t *sum, long base, long *deepest,
			struct member *heavy)
{
	size_t i = at + 1, all = 0, ordinal = 0;
	int found = 0;
	struct member best = {0};
	for (;;) {
		i = skip_blanks(p, n, i);
		if (i >= n || p[i] == '}')
			break;
		if (p[i] == ',') {
			i++;
			continue;
		}
		struct member m = {0};
		m.ordinal = ordinal++;
		m.key = i + 1;
		i = skip_string(p, n, i);
		m.keylen = i - 1 - m.key;
		i = skip_blanks(p, n, i);
		if (i < n && p[i] == ':')
			i++;
		m.value = skip_blanks(p, n, i);
		m.end = skip_value(p, n, m.value, &m.leaves, base, deepest, &m.kids);
		i = m.end;
		all += m.leaves;
		if (!found || m.leaves > best.leaves) {
			best = m;
			found = 1;
		}
	}
	if (sum)
		*sum = all;
	if (!total)
		total = all;
	if (!found || 2 * best.leaves <= total)
		return 0;
	*heavy = best;
	return 1;
}

int ds_json_env_find(const char *p, size_t n, struct ds_json_env *out)
{
	memset(out, 0, sizeof *out);
	if (!n || p[0] != '{')
		return 0;
	struct member m;
	size_t total = 0, len = 0;
	long deepest = 1, base = 1;
	if (!heavy_member(p, n, 0, 0, &total, base, &deepest, &m))
		return 0;
	out->doc_leaves = total;
	out->deepest = deepest;
	/* the levels envelope() looks at: the document's members, and the
	 * members of objects one and two levels below them */
	for (int level = 1;; level++) {
		/* names joined as the whole-tree walk joins them: no '.' after
		 * an empty start, and a path too long for it is none */
		if (memchr(p + m.key, '\\', m.keylen) || len + (len ? 1 : 0) + m.keylen >= DS_JSON_ENV_NAME)
			return 0;
		if (len)
			out->name[len++] = '.';
		memcpy(out->name + len, p + m.key, m.keylen);
		out->member[out->levels++] = m.ordinal;
		len += m.keylen;
		out->name[len] = '\0';
		if (p[m.value] == '[')
			break;
		if (p[m.value] != '{' || level == 3)
			return 0;
		base++;
		long ignored = 0;
		if (!heavy_member(p, n, m.value, total, NULL, base, &ignored, &m))
			return 0;
	}
	out->open = m.value;
	out->close = m.end;
	out->leaves = m.leaves;
	out->elements = m.kids.n;
	out->all_objects = m.kids.all_objects;
	out->all_arrays = m.kids.all_arrays;
	return 1;
}
