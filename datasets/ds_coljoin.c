/*
 * ds_coljoin.c - columns of one value joined (ds_coljoin.h).
 */
#include "ds_coljoin.h"
#include "ds_colindex.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ll_err.h"

/* 1 when some row fills both columns a and b (of type ty). */
static int both_filled(const struct ll_table *t, size_t a, size_t b, enum ll_coltype ty)
{
	for (size_t r = 0, n = ll_table_nrows(t); r < n; r++)
		if (ty == LL_COL_TEXT ? *ll_table_text(t, r, a) && *ll_table_text(t, r, b)
				      : !isnan(ll_table_num(t, r, a)) && !isnan(ll_table_num(t, r, b)))
			return 1;
	return 0;
}

int ds_coljoin(struct ll_table *t, const char *suffix)
{
	size_t ncols = ll_table_ncols(t), nrows = ll_table_nrows(t), sl = strlen(suffix);
	if (ll_table_nsegments(t))
		return 0; /* segments name columns by number */
	unsigned char *drop = calloc(ncols ? ncols : 1, 1);
	/* a table of thousands of columns finds each base in constant time */
	struct ds_colindex ix = {0};
	if (!drop || ds_colindex_build(&ix, t) != LL_OK) {
		free(drop);
		return LL_ENOMEM;
	}
	int joined = 0;
	for (size_t c = 0; c < ncols; c++) {
		const char *name = ll_table_col_name(t, c);
		size_t n = strlen(name);
		char base[512];
		if (n <= sl || n - sl >= sizeof base || strcmp(name + n - sl, suffix) != 0 ||
		    (int)c == ll_table_label_source(t))
			continue;
		memcpy(base, name, n - sl);
		base[n - sl] = 0;
		long b = ds_colindex_find(&ix, t, base);
		enum ll_coltype ty = ll_table_col_type(t, c);
		if (b < 0 || drop[b] || ll_table_col_type(t, (size_t)b) != ty || (int)b == ll_table_label_source(t) ||
		    both_filled(t, c, (size_t)b, ty))
			continue;
		for (size_t r = 0; r < nrows; r++) {
			if (ty != LL_COL_TEXT) {
				if (!isnan(ll_table_num(t, r, c)))
					ll_table_set_num(t, r, (size_t)b, ll_table_num(t, r, c));
				continue;
			}
			const char *s = ll_table_text(t, r, c);
			if (*s && ll_table_set_text(t, r, (size_t)b, s, strlen(s)) != LL_OK) {
				free(drop);
				ds_colindex_free(&ix);
				return LL_ENOMEM;
			}
		}
		drop[c] = 1;
		joined++;
	}
	ds_colindex_free(&ix);
	int rc = joined ? ll_table_drop_columns(t, drop) : LL_OK;
	free(drop);
	return rc == LL_OK ? joined : rc;
}
