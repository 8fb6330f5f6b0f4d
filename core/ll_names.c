/*
 * ll_names.c - names with a hash index (see ll_names.h).
 *
 * The index is an ll_slots (ll_slots.h); the list grows geometrically.
 */
#include "ll_names.h"
#include "ll_err.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void ll_names_free(struct ll_names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	ll_slots_free(&s->ix);
	memset(s, 0, sizeof *s);
}

/* The id of the name (len bytes, no NUL), or -1 with *p where it would go. */
static int find(const struct ll_names *s, const char *name, size_t len, struct ll_slots_probe *p)
{
	*p = ll_slots_probe(&s->ix, ll_slots_hash(name, len));
	for (uint32_t id; (id = ll_slots_next(&s->ix, p)) != LL_SLOTS_NONE;) {
		const char *c = s->v[id];
		if (strncmp(c, name, len) == 0 && c[len] == '\0')
			return (int)id;
	}
	return -1;
}

int ll_names_find(const struct ll_names *s, const char *name, size_t len)
{
	const char *nul = memchr(name, '\0', len);
	if (nul)
		len = (size_t)(nul - name);
	struct ll_slots_probe p;
	return find(s, name, len, &p);
}

int ll_names_add(struct ll_names *s, const char *name, size_t len)
{
	const char *nul = memchr(name, '\0', len);
	if (nul)
		len = (size_t)(nul - name);
	struct ll_slots_probe p;
	int found = find(s, name, len, &p);
	if (found >= 0)
		return found;
	if (s->n >= INT32_MAX)
		return LL_ENOMEM;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		char **v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return LL_ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	char *copy = malloc(len + 1);
	if (!copy)
		return LL_ENOMEM;
	memcpy(copy, name, len);
	copy[len] = '\0';
	if (ll_slots_add(&s->ix, &p, (uint32_t)s->n) != LL_OK) {
		free(copy);
		return LL_ENOMEM;
	}
	s->v[s->n] = copy;
	return (int)s->n++;
}

const char *ll_names_get(const struct ll_names *s, size_t id)
{
	return id < s->n ? s->v[id] : NULL;
}

/* Edit distance of a and b (lower-cased, at most 64 bytes each) with
 * neighbour swaps counting 1; stops early once it exceeds limit. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb, size_t limit)
{
	size_t rows[3][65];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = i;
		size_t best = cur[0];
		for (size_t j = 1; j <= nb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t d = prev[j - 1] + cost;
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (best > limit)
			return limit + 1;
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[nb];
}

static size_t lower_copy(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; s[n] && n < cap; n++)
		out[n] = (char)tolower((unsigned char)s[n]);
	return n;
}

int ll_names_closest(const struct ll_names *s, const char *name)
{
	char want[64], other[64];
	size_t nw = lower_copy(name, want, sizeof want);
	if (!nw || name[nw])
		return -1; /* empty, or too long to be a typo worth guessing */
	size_t limit = nw / 3;
	int best = -1;
	size_t best_d = limit + 1;
	for (size_t k = 0; k < s->n && best_d > 0; k++) {
		size_t no = lower_copy(s->v[k], other, sizeof other);
		if (s->v[k][no])
			continue;
		size_t d = (no > nw ? no - nw : nw - no) > limit ? limit + 1 : distance(want, nw, other, no, limit);
		if (d > limit && nw >= 3 && no > nw && memcmp(want, other, nw) == 0)
			d = limit; /* a prefix: weaker than a close typo, better than nothing */
		if (d < best_d) {
			best_d = d;
			best = (int)k;
		}
	}
	return best;
}
