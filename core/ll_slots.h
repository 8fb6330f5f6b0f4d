/*
 * ll_slots.h - an open-addressing index from hashed keys to ids, for
 * callers that keep their entries (columns, words, hosts, tables...) in an
 * array of their own and need "which entry has this key" in O(1).
 *
 * The index holds (32-bit hash, id) pairs only. Keys stay with the caller,
 * which compares them itself while it walks the probe sequence: no
 * callback, no allocation per entry, and the compare is inlined where the
 * lookup is hot. The stored hash screens out nearly every slot of another
 * key before the caller touches its entry, and lets the index grow without
 * asking the caller to hash anything again.
 *
 * Linear probing over a power-of-two table kept at most half full, doubled
 * when an addition would pass that (so n additions cost O(n) in all); no
 * removal. Ids are the caller's (usually the new entry's index, which
 * keeps entries in first-seen order); at most LL_SLOTS_MAX of them.
 *
 *     struct ll_slots_probe p = ll_slots_probe(&ix, hash);
 *     for (uint32_t id; (id = ll_slots_next(&ix, &p)) != LL_SLOTS_NONE;)
 *             if (same_key(&entry[id], key))
 *                     return id;
 *     ...append the entry as id n...
 *     if (ll_slots_add(&ix, &p, n) != LL_OK)
 *             ...forget the entry: out of memory...
 *
 * ll_slots_add takes the probe that ended on LL_SLOTS_NONE, with no other
 * addition in between. Zero-initialise a struct ll_slots to start (an
 * empty index finds nothing); ll_slots_free releases it.
 */
#ifndef LL_SLOTS_H
#define LL_SLOTS_H

#include <stddef.h>
#include <stdint.h>

#define LL_SLOTS_NONE UINT32_MAX
/* Half the slots a 32-bit hash can address. */
#define LL_SLOTS_MAX ((size_t)1 << 31)

struct ll_slot {
	uint32_t hash;
	uint32_t id1; /* id + 1, 0 = empty */
};

struct ll_slots {
	struct ll_slot *slot; /* NULL until the first addition or reserve */
	size_t mask;          /* slots - 1 */
	size_t n;             /* ids held */
};

/* Where a lookup is in the probe sequence of one hash. */
struct ll_slots_probe {
	size_t i;
	uint32_t hash;
};

void ll_slots_free(struct ll_slots *ix);
/* Room for n ids in all without growing again; LL_OK or LL_ENOMEM (the
 * index unchanged). */
int ll_slots_reserve(struct ll_slots *ix, size_t n);
/* Records id under the probe's hash at the empty slot where the probe
 * ended, growing the index first when it is half full; LL_OK, or
 * LL_ENOMEM (the index unchanged) past LL_SLOTS_MAX ids or memory. */
int ll_slots_add(struct ll_slots *ix, struct ll_slots_probe *p, uint32_t id);

/* Hashes for callers without one of their own: FNV-1a of bytes, folded
 * so that the low bits the table uses see every bit of the input; and a
 * mix of a 64-bit key (e.g. the bits of a number). */
uint32_t ll_slots_hash(const void *bytes, size_t n);
static inline uint32_t ll_slots_hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return (uint32_t)x;
}

static inline struct ll_slots_probe ll_slots_probe(const struct ll_slots *ix, uint32_t hash)
{
	struct ll_slots_probe p = {hash & ix->mask, hash};
	return p;
}

/* The next id stored under the probe's hash (a candidate: the caller
 * compares its key), or LL_SLOTS_NONE at the first empty slot, where
 * ll_slots_add would put a new id. */
static inline uint32_t ll_slots_next(const struct ll_slots *ix, struct ll_slots_probe *p)
{
	const struct ll_slot *slot = ix->slot;
	if (!slot)
		return LL_SLOTS_NONE;
	size_t i = p->i, mask = ix->mask;
	for (;;) {
		struct ll_slot s = slot[i];
		if (!s.id1) {
			p->i = i;
			return LL_SLOTS_NONE;
		}
		i = (i + 1) & mask;
		if (s.hash == p->hash) {
			p->i = i;
			return s.id1 - 1;
		}
	}
}

#endif
