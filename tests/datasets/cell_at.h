/*
 * cell_at.h - for tests of the table readers: a cell found by row and
 * column name, as text ("(none)" when the column is missing, not text or
 * the cell empty) or as a number (-1 when the column is missing); a
 * column's type by name (-1 when it is missing).
 */
#ifndef LL_TEST_CELL_AT_H
#define LL_TEST_CELL_AT_H

#include "ll_table.h"

static inline const char *text_at(const struct ll_table *t, size_t row, const char *name)
{
	long c = ll_table_find_column(t, name);
	const char *s = c >= 0 && ll_table_col_type(t, (size_t)c) == LL_COL_TEXT ? ll_table_text(t, row, (size_t)c) : NULL;
	return s ? s : "(none)";
}

static inline double num_at(const struct ll_table *t, size_t row, const char *name)
{
	long c = ll_table_find_column(t, name);
	return c >= 0 ? ll_table_num(t, row, (size_t)c) : -1;
}

static inline int type_at(const struct ll_table *t, const char *name)
{
	long c = ll_table_find_column(t, name);
	return c >= 0 ? (int)ll_table_col_type(t, (size_t)c) : -1;
}

#endif
