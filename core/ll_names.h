/*
 * ll_names.h - a list of distinct names (class names) in the order they
 * were added, with a hash index so looking one up costs the same with 2
 * names or 200,000. Tables (ll_table.h) and label state (ll_labels.h) keep
 * their classes in one.
 *
 * A name is a byte string without NUL: a name given with a NUL inside is
 * cut there. Ids are 0, 1, 2... in order of addition and never change.
 * Zero-initialise a struct ll_names to start; ll_names_free releases it.
 */
#ifndef LL_NAMES_H
#define LL_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "ll_slots.h"

struct ll_names {
	char **v;         /* v[id]: owned copies */
	size_t n, cap;
	struct ll_slots ix;
};

void ll_names_free(struct ll_names *s);
/* Id of the name made of len bytes (cut at a NUL), or -1. */
int ll_names_find(const struct ll_names *s, const char *name, size_t len);
/* Id of the name, added when new; LL_ENOMEM (negative) without memory. */
int ll_names_add(struct ll_names *s, const char *name, size_t len);
/* Name of id, NULL when out of range (borrowed: lives as long as s). */
const char *ll_names_get(const struct ll_names *s, size_t id);
/* The name a user probably meant by name (a typo, another case, a
 * prefix): the one at the smallest edit distance (insertions, deletions,
 * substitutions, swaps of neighbours; case ignored) if that distance is at
 * most a third of name's length (so "1" never suggests "0"), else one that
 * starts with name (3 bytes or more). Ties go to the earlier name. Its id,
 * or -1. */
int ll_names_closest(const struct ll_names *s, const char *name);

#endif
