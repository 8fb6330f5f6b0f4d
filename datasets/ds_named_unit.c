/*
 * ds_named_unit.c - numbers that repeat the unit their column's name gives
 * (ds_named_unit.h).
 */
#include "ds_named_unit.h"
#include "ds_csv.h"
#include "ll_time.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t ds_named_unit_of(const char *name, size_t *off)
{
	size_t n = name ? strlen(name) : 0;
	while (n && name[n - 1] == ' ')
		n--;
	if (n < 3 || (name[n - 1] != ']' && name[n - 1] != ')'))
		return 0;
	char open = name[n - 1] == ']' ? '[' : '(';
	size_t a = n - 1;
	while (a && name[a - 1] != open && name[a - 1] != ']' && name[a - 1] != ')')
		a--;
	if (!a || name[a - 1] != open)
		return 0;
	size_t b = n - 1;
	while (a < b && name[a] == ' ')
		a++;
	while (b > a && name[b - 1] == ' ')
		b--;
	double v;
	/* a unit is short and no number ("(2)", a duplicate's mark) */
	if (b == a || b - a > 16 || ll_parse_number(name + a, b - a, &v))
		return 0;
	*off = a;
	return b - a;
}

/* The number before unit u (ulen bytes) in cell s, into *v: 1, or 0 when s
 * is not one. */
static int number_with(const char *s, const char *u, size_t ulen, double *v)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n <= ulen || memcmp(s + n - ulen, u, ulen) != 0)
		return 0;
	n -= ulen;
	while (n && s[n - 1] == ' ')
		n--;
	return n && ll_parse_number(s, n, v);
}

/* 1 for a cell with no value: a missing word (ds_csv_is_missing), or a
 * remark in brackets where the number would stand ("[N/A]", "[Not
 * Supported]", as nvidia-smi writes them): words without a digit. */
static int no_value(const char *s)
{
	size_t n = strlen(s);
	if (ds_csv_is_missing(s, n))
		return 1;
	if (n < 3 || s[0] != '[' || s[n - 1] != ']')
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (!isalpha((unsigned char)s[i]) && s[i] != ' ' && s[i] != '/')
			return 0;
	return 1;
}

int ds_named_unit_columns(struct ll_table *t, const char *path)
{
	size_t nc = ll_table_ncols(t), nr = ll_table_nrows(t), turned = 0;
	int label = ll_table_label_source(t);
	char list[300] = "";
	size_t at = 0;
	double *v = NULL;
	for (size_t c = 0; c < nc; c++) {
		size_t off, ulen = ll_table_col_type(t, c) == LL_COL_TEXT && (int)c != label
					   ? ds_named_unit_of(ll_table_col_name(t, c), &off)
					   : 0;
		if (!ulen)
			continue;
		if (!v && !(v = malloc((nr ? nr : 1) * sizeof *v)))
			return LL_ENOMEM;
		const char *u = ll_table_col_name(t, c) + off;
		size_t values = 0, r;
		for (r = 0; r < nr; r++) {
			const char *s = ll_table_text(t, r, c);
			v[r] = NAN;
			if (!s || no_value(s))
				continue;
			if (!number_with(s, u, ulen, &v[r]))
				break;
			values++;
		}
		if (r < nr || !values)
			continue;
		if (ll_table_convert_column(t, c, LL_COL_NUM) < 0) {
			free(v);
			return LL_ENOMEM;
		}
		for (r = 0; r < nr; r++)
			if (ll_table_set_num(t, r, c, v[r]) != LL_OK) {
				free(v);
				return LL_ENOMEM;
			}
		if (turned++ < 4 && at < sizeof list) {
			int w = snprintf(list + at, sizeof list - at, "%s'%s'", at ? ", " : "", ll_table_col_name(t, c));
			at += w > 0 ? (size_t)w : 0;
		}
	}
	free(v);
	if (turned && ll_table_note(t, "%s: column%s %s%s write%s each number with the unit %s name gives; read as numbers",
				    path, turned == 1 ? "" : "s", list, turned > 4 ? " and more" : "",
				    turned == 1 ? "s" : "", turned == 1 ? "its" : "their") != LL_OK)
		return LL_ENOMEM;
	return LL_OK;
}
