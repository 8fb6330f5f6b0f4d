/*
 * ll_spanset.c - borrowed byte spans with a hash index (see ll_spanset.h).
 */
#include "ll_spanset.h"
#include "ll_err.h"

#include <stdlib.h>
#include <string.h>

void ll_spanset_free(struct ll_spanset *s)
{
	free(s->p);
	free(s->len);
	ll_slots_free(&s->ix);
	memset(s, 0, sizeof *s);
}

static int grow(struct ll_spanset *s)
{
	size_t cap = s->cap ? 2 * s->cap : 16;
	const char **p = realloc(s->p, cap * sizeof *p);
	if (!p)
		return LL_ENOMEM;
	s->p = p;
	size_t *len = realloc(s->len, cap * sizeof *len);
	if (!len)
		return LL_ENOMEM;
	s->len = len;
	s->cap = cap;
	return LL_OK;
}

int ll_spanset_add(struct ll_spanset *s, const char *p, size_t len)
{
	struct ll_slots_probe probe = ll_slots_probe(&s->ix, ll_slots_hash(p, len));
	for (uint32_t id; (id = ll_slots_next(&s->ix, &probe)) != LL_SLOTS_NONE;)
		if (s->len[id] == len && memcmp(s->p[id], p, len) == 0)
			return 1;
	if (s->n >= LL_SLOTS_MAX)
		return LL_ENOMEM;
	if (s->n == s->cap && grow(s) != LL_OK)
		return LL_ENOMEM;
	if (ll_slots_add(&s->ix, &probe, (uint32_t)s->n) != LL_OK)
		return LL_ENOMEM;
	s->p[s->n] = p;
	s->len[s->n] = len;
	s->n++;
	return 0;
}
