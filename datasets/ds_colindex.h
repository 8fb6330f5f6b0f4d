/*
 * ds_colindex.h - a table's columns by name in constant time, for a reader
 * that looks up many of them: ll_table_find_column walks every column, so
 * a lookup per column of a table of thousands (a wide W3C log, flattened
 * records) is quadratic.
 *
 * The index is of the columns as they are when it is built, and of each
 * column given to ds_colindex_add after: renaming or dropping columns
 * leaves it stale (build another).
 * Zero-initialise a struct ds_colindex, or let ds_colindex_build do it;
 * ds_colindex_free releases it.
 */
#ifndef DS_COLINDEX_H
#define DS_COLINDEX_H

#include "ll_slots.h"
#include "ll_table.h"

struct ds_colindex {
	struct ll_slots ix; /* ids: column numbers */
};

/* Indexes t's columns (the first of a name met twice, as
 * ll_table_find_column finds it). LL_OK, or LL_ENOMEM (ix empty). */
int ds_colindex_build(struct ds_colindex *ix, const struct ll_table *t);
/* Column col of t, added to t since the index was built, into the index
 * (unless a column before it has its name). LL_OK, or LL_ENOMEM (ix
 * without it). */
int ds_colindex_add(struct ds_colindex *ix, const struct ll_table *t, size_t col);
/* The column of t named name, or -1; t as it was when ix was built, with
 * the columns added to ix since. */
long ds_colindex_find(const struct ds_colindex *ix, const struct ll_table *t, const char *name);
void ds_colindex_free(struct ds_colindex *ix);

#endif
