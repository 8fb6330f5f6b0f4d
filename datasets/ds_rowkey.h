/*
 * ds_rowkey.h - the rows of readers that merge the points of one time and
 * one set of tags or labels into one row (influx, prometheus): a hash from
 * (time, set id, kind) to the table row, and a bit per row and column
 * that says which cells a point has filled already (a point that would
 * fill one again starts a row of its own, so that no value is lost).
 */
#ifndef DS_ROWKEY_H
#define DS_ROWKEY_H

#include <stddef.h>
#include <stdint.h>

#include "ll_slots.h"

#define DS_NO_ROW UINT32_MAX

/* One key; row is DS_NO_ROW until the caller makes the row. kind tells
 * keys of the same numbers apart (a time against a scrape's number). */
struct ds_rowkey {
	double time;
	uint32_t set, row;
	int kind;
};

struct ds_rowkeys {
	struct ds_rowkey *v;
	size_t n, cap;
	struct ll_slots ix;
};

/* The entry of (time, set, kind), added with row DS_NO_ROW when new; NULL
 * out of memory. Entries move when more are added: use one before the
 * next call. */
struct ds_rowkey *ds_rowkeys_get(struct ds_rowkeys *k, double time, uint32_t set, int kind);
/* Forgets every key (keeps nothing allocated). */
void ds_rowkeys_free(struct ds_rowkeys *k);

/* A bit per table row and column; words per row set before use. */
struct ds_rowbits {
	uint64_t *bits;
	size_t words, cap; /* words a row; rows the array holds */
};

/* Room for the bits of row r (rows new to the array all clear). */
int ds_rowbits_room(struct ds_rowbits *b, size_t r);
void ds_rowbits_free(struct ds_rowbits *b);

static inline int ds_rowbits_get(const struct ds_rowbits *b, size_t r, size_t col)
{
	return (b->bits[r * b->words + col / 64] >> (col % 64)) & 1;
}

static inline void ds_rowbits_set(struct ds_rowbits *b, size_t r, size_t col)
{
	b->bits[r * b->words + col / 64] |= (uint64_t)1 << (col % 64);
}

#endif
