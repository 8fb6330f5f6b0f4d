/*
 * ll_spanset.h - a set of byte spans that the caller keeps alive (cells of
 * a header line, fields of a record), for "are these all different" in
 * O(n) where a pairwise compare is O(n^2): a header of 50,000 names took
 * seconds that way.
 *
 * The set borrows the spans: it stores their address and length, never a
 * copy, so they must outlive it. Spans may hold any byte, NUL included.
 * Zero-initialise a struct ll_spanset to start; ll_spanset_free releases it.
 */
#ifndef LL_SPANSET_H
#define LL_SPANSET_H

#include <stddef.h>

#include "ll_slots.h"

struct ll_spanset {
	const char **p;
	size_t *len;
	size_t n, cap;
	struct ll_slots ix;
};

void ll_spanset_free(struct ll_spanset *s);
/* 1 when an equal span is in the set already, 0 when the span was added
 * now, LL_ENOMEM (negative; the set unchanged) without memory. */
int ll_spanset_add(struct ll_spanset *s, const char *p, size_t len);

#endif
