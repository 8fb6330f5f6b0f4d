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

/* Units of physical measures that monitoring tools write after a number
 * with a blank and no name says (nvidia-smi's XML "71.52 W", "1410 MHz",
 * "45 C", IPMI's and sensors' readings); sizes, durations and percents are
 * ds_units' readings, not these. */
static const char *const measure_units[] = {"W", "mW", "kW", "V", "mV", "A", "mA", "Hz", "kHz", "MHz", "GHz",
					    "C", "\xc2\xb0" "C", "F", "\xc2\xb0" "F", "K", "RPM", "rpm", "dBm", "Wh", "kWh",
					    "J", "VA"};

/* The unit of cell s when it is a number, one blank or more and a unit of
 * measure_units: its offset in s into *off and its length; else 0. */
static size_t measure_unit_of(const char *s, size_t *off)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	size_t b = n;
	while (b && s[b - 1] != ' ')
		b--;
	if (!b || b == n)
		return 0;
	size_t a = b;
	while (a && s[a - 1] == ' ')
		a--;
	size_t lead = 0;
	while (lead < a && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	double v;
	if (a <= lead || !ll_parse_number(s + lead, a - lead, &v))
		return 0;
	for (size_t k = 0; k < sizeof measure_units / sizeof *measure_units; k++)
		if (strlen(measure_units[k]) == n - b && memcmp(s + b, measure_units[k], n - b) == 0) {
			*off = b;
			return n - b;
		}
	return 0;
}

/* The unit the first valued cell of column c writes (measure_unit_of),
 * copied into u; its length, 0 when that cell has none. */
static size_t column_measure_unit(const struct ll_table *t, size_t c, char *u, size_t cap)
{
	for (size_t r = 0; r < ll_table_nrows(t); r++) {
		const char *s = ll_table_text(t, r, c);
		if (!s || no_value(s))
			continue;
		size_t off, n = measure_unit_of(s, &off);
		if (!n || n >= cap)
			return 0;
		memcpy(u, s + off, n);
		u[n] = 0;
		return n;
	}
	return 0;
}

int ds_named_unit_columns(struct ll_table *t, const char *path)
{
	size_t nc = ll_table_ncols(t), nr = ll_table_nrows(t), turned = 0, measured = 0;
	int label = ll_table_label_source(t);
	char list[300] = "", mlist[300] = "", unit[8];
	size_t at = 0, mat = 0;
	double *v = NULL;
	for (size_t c = 0; c < nc; c++) {
		int text = ll_table_col_type(t, c) == LL_COL_TEXT && (int)c != label;
		size_t off, ulen = text ? ds_named_unit_of(ll_table_col_name(t, c), &off) : 0;
		const char *u = ulen ? ll_table_col_name(t, c) + off : unit;
		/* no unit named: one of measure_units after every number, a blank between */
		int by_cells = text && !ulen && (ulen = column_measure_unit(t, c, unit, sizeof unit)) > 0;
		if (!ulen)
			continue;
		if (!v && !(v = malloc((nr ? nr : 1) * sizeof *v)))
			return LL_ENOMEM;
		size_t values = 0, r;
		for (r = 0; r < nr; r++) {
			const char *s = ll_table_text(t, r, c);
			v[r] = NAN;
			if (!s || no_value(s))
				continue;
			size_t moff, mlen = by_cells ? measure_unit_of(s, &moff) : 0;
			if (by_cells ? !(mlen == ulen && memcmp(s + moff, u, ulen) == 0 && number_with(s, u, ulen, &v[r]))
				     : !number_with(s, u, ulen, &v[r]))
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
		if (by_cells) {
			if (measured++ < 4 && mat < sizeof mlist) {
				int w = snprintf(mlist + mat, sizeof mlist - mat, "%s'%s' (%s)", mat ? ", " : "",
						 ll_table_col_name(t, c), unit);
				mat += w > 0 ? (size_t)w : 0;
			}
		} else if (turned++ < 4 && at < sizeof list) {
			int w = snprintf(list + at, sizeof list - at, "%s'%s'", at ? ", " : "", ll_table_col_name(t, c));
			at += w > 0 ? (size_t)w : 0;
		}
	}
	free(v);
	if (measured && ll_table_note(t, "%s: column%s %s%s write%s each number with a unit of measure; read as numbers in it",
				      path, measured == 1 ? "" : "s", mlist, measured > 4 ? " and more" : "",
				      measured == 1 ? "s" : "") != LL_OK)
		return LL_ENOMEM;
	if (turned && ll_table_note(t, "%s: column%s %s%s write%s each number with the unit %s name gives; read as numbers",
				    path, turned == 1 ? "" : "s", list, turned > 4 ? " and more" : "",
				    turned == 1 ? "s" : "", turned == 1 ? "its" : "their") != LL_OK)
		return LL_ENOMEM;
	return LL_OK;
}
