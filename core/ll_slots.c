/*
 * ll_slots.c - the growing half of the hashed id index (see ll_slots.h);
 * lookups are inline in the header.
 */
#include "ll_slots.h"
#include "ll_err.h"

#include <stdlib.h>

void ll_slots_free(struct ll_slots *ix)
{
	free(ix->slot);
	ix->slot = NULL;
	ix->mask = 0;
	ix->n = 0;
}

/* The first empty slot of hash's probe sequence. */
static size_t empty_slot(const struct ll_slot *slot, size_t mask, uint32_t hash)
{
	size_t i = hash & mask;
	while (slot[i].id1)
		i = (i + 1) & mask;
	return i;
}

/* Moves the index to a table of nslots (a power of two, more than twice
 * the ids held): the stored hashes say where each id goes. */
static int regrow(struct ll_slots *ix, size_t nslots)
{
	struct ll_slot *slot = calloc(nslots, sizeof *slot);
	if (!slot)
		return LL_ENOMEM;
	size_t mask = nslots - 1;
	if (ix->slot)
		for (size_t i = 0; i <= ix->mask; i++)
			if (ix->slot[i].id1)
				slot[empty_slot(slot, mask, ix->slot[i].hash)] = ix->slot[i];
	free(ix->slot);
	ix->slot = slot;
	ix->mask = mask;
	return LL_OK;
}

int ll_slots_reserve(struct ll_slots *ix, size_t n)
{
	if (n > LL_SLOTS_MAX)
		return LL_ENOMEM;
	size_t nslots = 16;
	while (nslots < 2 * n)
		nslots *= 2;
	if (ix->slot && nslots <= ix->mask + 1)
		return LL_OK;
	return regrow(ix, nslots);
}

int ll_slots_add(struct ll_slots *ix, struct ll_slots_probe *p, uint32_t id)
{
	if (id == LL_SLOTS_NONE)
		return LL_ENOMEM;
	if (!ix->slot || 2 * (ix->n + 1) > ix->mask + 1) {
		if (ix->n + 1 > LL_SLOTS_MAX)
			return LL_ENOMEM;
		if (regrow(ix, ix->slot ? 2 * (ix->mask + 1) : 16) != LL_OK)
			return LL_ENOMEM;
		p->i = empty_slot(ix->slot, ix->mask, p->hash);
	}
	ix->slot[p->i].hash = p->hash;
	ix->slot[p->i].id1 = id + 1;
	ix->n++;
	return LL_OK;
}

uint32_t ll_slots_hash(const void *bytes, size_t n)
{
	const unsigned char *s = bytes;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return (uint32_t)(h ^ (h >> 32));
}
