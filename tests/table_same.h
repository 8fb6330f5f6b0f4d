/*
 * table_same.h - for tests that hold one reading of a dataset to another
 * (a streamed reading to the whole-document one): two tables alike in
 * every row, column name and type, cell, class and note.
 */
#ifndef LL_TEST_TABLE_SAME_H
#define LL_TEST_TABLE_SAME_H

#include <math.h>
#include <string.h>

#include "ll_table.h"

/* 1 when a and b hold the same columns, types, cells, labels and notes. */
static int same_table(const struct ll_table *a, const struct ll_table *b)
{
	if (ll_table_nrows(a) != ll_table_nrows(b) || ll_table_ncols(a) != ll_table_ncols(b) ||
	    ll_table_nnotes(a) != ll_table_nnotes(b) || ll_table_nclasses(a) != ll_table_nclasses(b))
		return 0;
	for (size_t i = 0; i < ll_table_nnotes(a); i++)
		if (strcmp(ll_table_note_text(a, i), ll_table_note_text(b, i)) != 0)
			return 0;
	for (size_t k = 0; k < ll_table_nclasses(a); k++)
		if (strcmp(ll_table_class_name(a, k), ll_table_class_name(b, k)) != 0)
			return 0;
	for (size_t c = 0; c < ll_table_ncols(a); c++) {
		if (strcmp(ll_table_col_name(a, c), ll_table_col_name(b, c)) != 0 ||
		    ll_table_col_type(a, c) != ll_table_col_type(b, c))
			return 0;
		for (size_t r = 0; r < ll_table_nrows(a); r++) {
			if (ll_table_col_type(a, c) == LL_COL_TEXT) {
				const char *x = ll_table_text(a, r, c), *y = ll_table_text(b, r, c);
				if ((!x || !y) ? x != y : strcmp(x, y) != 0)
					return 0;
			} else {
				double x = ll_table_num(a, r, c), y = ll_table_num(b, r, c);
				if (!(x == y || (isnan(x) && isnan(y))))
					return 0;
			}
		}
	}
	for (size_t r = 0; r < ll_table_nrows(a); r++)
		if (ll_table_label(a, r) != ll_table_label(b, r))
			return 0;
	return 1;
}

#endif
