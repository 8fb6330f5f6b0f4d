/*
 * ds_colindex.c - a table's columns by name (ds_colindex.h).
 */
#include "ds_colindex.h"

#include <string.h>

#include "ll_err.h"

int ds_colindex_add(struct ds_colindex *ix, const struct ll_table *t, size_t col)
{
	const char *name = ll_table_col_name(t, col);
	if (!name)
		return LL_OK;
	struct ll_slots_probe p = ll_slots_probe(&ix->ix, ll_slots_hash(name, strlen(name)));
	uint32_t id;
	while ((id = ll_slots_next(&ix->ix, &p)) != LL_SLOTS_NONE && strcmp(ll_table_col_name(t, id), name) != 0)
		;
	return id == LL_SLOTS_NONE ? ll_slots_add(&ix->ix, &p, (uint32_t)col) : LL_OK;
}

int ds_colindex_build(struct ds_colindex *ix, const struct ll_table *t)
{
	*ix = (struct ds_colindex){0};
	size_t n = ll_table_ncols(t);
	if (ll_slots_reserve(&ix->ix, n) != LL_OK)
		return LL_ENOMEM;
	for (size_t c = 0; c < n; c++)
		if (ds_colindex_add(ix, t, c) != LL_OK) {
			ds_colindex_free(ix);
			return LL_ENOMEM;
		}
	return LL_OK;
}

long ds_colindex_find(const struct ds_colindex *ix, const struct ll_table *t, const char *name)
{
	struct ll_slots_probe p = ll_slots_probe(&ix->ix, ll_slots_hash(name, strlen(name)));
	for (uint32_t id; (id = ll_slots_next(&ix->ix, &p)) != LL_SLOTS_NONE;) {
		const char *have = ll_table_col_name(t, id);
		if (have && strcmp(have, name) == 0)
			return (long)id;
	}
	return -1;
}

void ds_colindex_free(struct ds_colindex *ix)
{
	ll_slots_free(&ix->ix);
	*ix = (struct ds_colindex){0};
}
