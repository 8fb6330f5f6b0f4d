/*
 * ds_rownames.c - a table's first column that numbers or names its rows
 * (ds_rownames.h).
 */
#include "ds_rownames.h"
#include "ll_colsel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Header names that say "the rows' names" as the tools that write them
 * spell it; an id column named otherwise (user_id) is data and stays so. */
static int row_names_name(const char *name)
{
	static const char *const names[] = {"rownames", "row_name", "row.names", "row_names", "Unnamed: 0"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* 1 when every one of the n values is distinct, 0 when not, -1 out of memory. */
static int all_distinct(const struct ll_table *t, size_t n)
{
	double *v = malloc(n * sizeof *v);
	if (!v)
		return -1;
	for (size_t r = 0; r < n; r++)
		v[r] = ll_table_num(t, r, 0);
	qsort(v, n, sizeof *v, cmp_double);
	int distinct = 1;
	for (size_t r = 1; r < n && distinct; r++)
		distinct = v[r] != v[r - 1];
	free(v);
	return distinct;
}

int ds_row_names_mark(struct ll_table *t, int header_empty, const char *path)
{
	size_t n = ll_table_nrows(t);
	/* three rows at least: "1, 2" also starts many a count */
	if (ll_table_ncols(t) < 2 || n < 3 || ll_table_col_type(t, 0) != LL_COL_NUM || ll_table_label_source(t) == 0)
		return 0;
	int from1 = 1, from0 = 1;
	for (size_t r = 0; r < n; r++) {
		double v = ll_table_num(t, r, 0);
		if (!isfinite(v))
			return 0; /* a row without a name: values, not the rows' names */
		from1 &= v == (double)(r + 1);
		from0 &= v == (double)r;
	}
	const char *name = ll_table_col_name(t, 0);
	if (!from1 && !from0) {
		if (!header_empty && !row_names_name(name))
			return 0;
		int d = all_distinct(t, n);
		if (d <= 0)
			return d < 0 ? LL_ENOMEM : 0;
	}
	if (ll_table_set_meta(t, LL_COLSEL_ROW_NAMES_META, name) != LL_OK)
		return LL_ENOMEM;
	int rc = from1 || from0
			 ? ll_table_note(t, "%s: column '%s' numbers the rows (%d to %zu, as R and pandas write row names): "
					    "no feature unless a feature set's columns name it", path, name, from1, n - from0)
			 : ll_table_note(t, "%s: column '%s' names the rows (a distinct number on each, as R and pandas "
					    "write row names): no feature unless a feature set's columns name it", path, name);
	return rc == LL_OK ? 1 : LL_ENOMEM;
}

int ds_row_names_col(const struct ll_table *t)
{
	const char *name = ll_table_meta(t, LL_COLSEL_ROW_NAMES_META);
	return name ? ll_table_find_column(t, name) : -1;
}

int ds_row_names_keep(struct ll_table *t, char *const *names, size_t n)
{
	int c = ds_row_names_col(t);
	if (c < 0)
		return 0;
	const char *name = ll_table_col_name(t, (size_t)c);
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return ll_table_set_meta(t, LL_COLSEL_ROW_NAMES_META, "") == LL_OK ? 1 : LL_ENOMEM;
	return 0;
}
