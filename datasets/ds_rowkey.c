/*
 * ds_rowkey.c - rows found by (time, set) and cells filled (ds_rowkey.h).
 */
#include "ds_rowkey.h"

#include <stdlib.h>
#include <string.h>

#include "ll_err.h"

struct ds_rowkey *ds_rowkeys_get(struct ds_rowkeys *k, double time, uint32_t set, int kind)
{
	uint64_t bits;
	memcpy(&bits, &time, sizeof bits);
	bits ^= (uint64_t)set * 0x9e3779b97f4a7c15ULL ^ (uint64_t)(unsigned)kind; /* the set's id over every bit */
	struct ll_slots_probe p = ll_slots_probe(&k->ix, ll_slots_hash_u64(bits));
	for (uint32_t i; (i = ll_slots_next(&k->ix, &p)) != LL_SLOTS_NONE;)
		if (k->v[i].set == set && k->v[i].kind == kind && memcmp(&k->v[i].time, &time, sizeof time) == 0)
			return &k->v[i];
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		struct ds_rowkey *nv = realloc(k->v, cap * sizeof *nv);
		if (!nv)
			return NULL;
		k->v = nv;
		k->cap = cap;
	}
	k->v[k->n] = (struct ds_rowkey){time, set, DS_NO_ROW, kind};
	if (ll_slots_add(&k->ix, &p, (uint32_t)k->n) != LL_OK)
		return NULL;
	return &k->v[k->n++];
}

void ds_rowkeys_free(struct ds_rowkeys *k)
{
	free(k->v);
	ll_slots_free(&k->ix);
	memset(k, 0, sizeof *k);
}

int ds_rowbits_room(struct ds_rowbits *b, size_t r)
{
	if (r < b->cap)
		return LL_OK;
	size_t cap = b->cap ? b->cap * 2 : 64;
	while (cap <= r)
		cap *= 2;
	uint64_t *f = realloc(b->bits, cap * b->words * sizeof *f);
	if (!f)
		return LL_ENOMEM;
	memset(f + b->cap * b->words, 0, (cap - b->cap) * b->words * sizeof *f);
	b->bits = f;
	b->cap = cap;
	return LL_OK;
}

void ds_rowbits_free(struct ds_rowbits *b)
{
	free(b->bits);
	memset(b, 0, sizeof *b);
}
