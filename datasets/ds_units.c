/*
 * ds_units.c - text columns of durations or sizes written with units,
 * read as numbers after a reader has loaded them (ds_units.h).
 *
 * A column is judged whole: every value must read as one kind, and one of
 * them must say so on its own, since "3m" or "5G" alone means nothing
 * certain. Sizes may stand among plain numbers in two shapes only, where
 * the plain numbers' unit follows from the scaled ones: below 1024 beside
 * a k (ls -h, du -h: bytes until 1K) and, with no k, 1024 or more beside
 * m, g, t (top: KiB until the field is too narrow, each scaled value
 * larger than any plain one).
 */
#include "ds_units.h"
#include "ds_csv.h"
#include "ll_time.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A plain decimal at s[*i] (digits, one '.'), its value in *v. */
static int decimal_at(const char *s, size_t n, size_t *i, double *v)
{
	size_t a = *i;
	int dot = 0, digits = 0;
	while (*i < n && (isdigit((unsigned char)s[*i]) || (s[*i] == '.' && !dot))) {
		dot |= s[*i] == '.';
		digits += s[*i] != '.';
		(*i)++;
	}
	if (!digits || *i - a > 30)
		return 0;
	char buf[32];
	memcpy(buf, s + a, *i - a);
	buf[*i - a] = 0;
	*v = strtod(buf, NULL);
	return 1;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

double ds_units_time_unit(const char *u, size_t n)
{
	static const struct {
		const char *u;
		double v;
	} units[] = {{"d", 86400}, {"h", 3600}, {"m", 60},	   {"s", 1},	      {"ms", 1e-3},
		     {"us", 1e-6}, {"\xC2\xB5s", 1e-6}, {"\xCE\xBCs", 1e-6}, {"ns", 1e-9}};
	for (size_t k = 0; k < sizeof units / sizeof *units; k++)
		if (strlen(units[k].u) == n && memcmp(units[k].u, u, n) == 0)
			return units[k].v;
	return 0;
}

int ds_units_duration(const char *s, size_t n, double *seconds, struct ds_units_duration_form *form)
{
	trim(&s, &n);
	if (n == 0 || n > 48)
		return 0;
	size_t i = 0;
	int sign = 1, parts = 0, blank = 0;
	if (s[0] == '-' || s[0] == '+') {
		sign = s[0] == '-' ? -1 : 1;
		i++;
	}
	double total = 0, last = 0, first = 0;
	while (i < n) {
		double v;
		if (!decimal_at(s, n, &i, &v))
			return 0;
		/* one blank before the unit of a value of one part: "12.3 ms" */
		if (i < n && s[i] == ' ') {
			blank = 1;
			i++;
		}
		size_t a = i;
		while (i < n && !isdigit((unsigned char)s[i]) && s[i] != '.')
			i++;
		double unit = ds_units_time_unit(s + a, i - a);
		/* parts go from large units to small, each once */
		if (!unit || (parts && unit >= last))
			return 0;
		last = unit;
		if (!parts)
			first = unit;
		total += v * unit;
		parts++;
	}
	if (!parts || (blank && parts > 1))
		return 0;
	*seconds = sign * total;
	if (form) {
		form->parts = parts;
		form->minutes_only = parts == 1 && first == 60;
		form->alone = parts == 1 && (first == 60 || first == 86400);
	}
	return 1;
}

double ds_units_size_unit(const char *u, size_t n, struct ds_units_size_form *form)
{
	static const char prefixes[] = "kmgtp";
	struct ds_units_size_form f = {0};
	if (n == 1 && u[0] == 'B') {
		if (form)
			*form = f;
		return 1;
	}
	const char *p = n ? memchr(prefixes, tolower((unsigned char)u[0]), sizeof prefixes - 1) : NULL;
	if (!p)
		return 0;
	f.power = (int)(p - prefixes) + 1;
	f.small = islower((unsigned char)u[0]) && u[0] != 'k';
	size_t i = 1;
	int binary = i < n && u[i] == 'i';
	i += (size_t)binary;
	int b = i < n && u[i] == 'B';
	i += (size_t)b;
	if (i != n)
		return 0;
	f.bare = !binary && !b;
	if (form)
		*form = f;
	return pow(binary || f.bare ? 1024.0 : 1000.0, f.power);
}

int ds_units_size(const char *s, size_t n, double *bytes, struct ds_units_size_form *form)
{
	trim(&s, &n);
	if (n == 0 || n > 40)
		return 0;
	size_t i = 0;
	double v;
	if (!decimal_at(s, n, &i, &v))
		return 0;
	int fraction = memchr(s, '.', i) != NULL;
	if (i < n && s[i] == ' ')
		i++;
	struct ds_units_size_form f;
	double unit = ds_units_size_unit(s + i, n - i, &f);
	if (!unit)
		return 0;
	f.alone = f.bare && (!fraction || (f.small && f.power == 2));
	*bytes = v * unit;
	if (form)
		*form = f;
	return 1;
}

int ds_units_sign(const char *s, size_t n)
{
	double v;
	int time = ds_units_duration(s, n, &v, NULL), size = ds_units_size(s, n, &v, NULL);
	if (time == size)
		return DS_UNITS_SIGN_NONE;
	return time ? DS_UNITS_SIGN_TIME : DS_UNITS_SIGN_SIZE;
}

void ds_units_tally_add(struct ds_units_tally *ty, const char *s, size_t n)
{
	double v;
	struct ds_units_duration_form d;
	struct ds_units_size_form f;
	if (ds_csv_is_missing(s, n))
		return;
	ty->values++;
	if (ll_parse_number(s, n, &v)) {
		ty->plain++;
		ty->zeros += v == 0;
		if (fabs(v) > ty->plain_max)
			ty->plain_max = fabs(v);
		return;
	}
	if (ds_units_duration(s, n, &v, &d)) {
		ty->durations++;
		ty->durations_sure += !d.alone;
	}
	if (ds_units_size(s, n, &v, &f)) {
		ty->sizes++;
		ty->sizes_sure += !f.alone;
		ty->sizes_bare += (size_t)f.bare;
		ty->size_powers |= (size_t)1 << f.power;
		ty->k_seen |= f.bare && f.power == 1;
		if (f.bare && (ty->sizes_bare == 1 || v < ty->scaled_min))
			ty->scaled_min = v;
	}
}

int ds_units_tally_kind(const struct ds_units_tally *ty)
{
	if (!ty->values || ty->plain == ty->values || ty->plain + ty->durations + ty->sizes < ty->values)
		return DS_UNITS_NONE;
	/* distinct prefixes make bare sizes certain ("4.0K", "12M") */
	int powers = 0;
	for (size_t p = ty->size_powers; p; p &= p - 1)
		powers++;
	int sizes_sure = ty->sizes_sure > 0 || (ty->sizes_bare && powers > 1);
	int only_zeros = ty->plain == ty->zeros;
	int durations = ty->durations + ty->plain == ty->values && only_zeros && ty->durations_sure;
	int sizes = ty->sizes + ty->plain == ty->values && sizes_sure;
	if (durations == sizes)
		return DS_UNITS_NONE;
	if (durations)
		return DS_UNITS_SECONDS;
	if (only_zeros)
		return DS_UNITS_BYTES;
	/* plain numbers among scaled sizes: only where the scaled ones say
	 * the plain ones' unit */
	if (ty->sizes_bare != ty->sizes)
		return DS_UNITS_NONE;
	if (ty->k_seen)
		return ty->plain_max < 1024 ? DS_UNITS_BYTES : DS_UNITS_NONE;
	return ty->plain_max >= 1024 && ty->plain_max * 1024 < ty->scaled_min ? DS_UNITS_KIB : DS_UNITS_NONE;
}

int ds_units_value(int kind, const char *s, size_t n, double *out)
{
	double v;
	if (ll_parse_number(s, n, out))
		return 1; /* 0, or of the plain numbers' unit, the column's */
	if (kind == DS_UNITS_SECONDS)
		return ds_units_duration(s, n, out, NULL);
	if ((kind != DS_UNITS_BYTES && kind != DS_UNITS_KIB) || !ds_units_size(s, n, &v, NULL))
		return 0;
	*out = kind == DS_UNITS_KIB ? v / 1024 : v;
	return 1;
}

int ds_units_column(struct ll_table *t, size_t col)
{
	if (col >= ll_table_ncols(t) || ll_table_col_type(t, col) != LL_COL_TEXT)
		return DS_UNITS_NONE;
	size_t rows = ll_table_nrows(t);
	struct ds_units_tally ty = {0};
	for (size_t r = 0; r < rows; r++) {
		const char *s = ll_table_text(t, r, col);
		ds_units_tally_add(&ty, s, strlen(s));
		/* a value of neither kind ends the question */
		if (ty.values && ty.plain + ty.durations + ty.sizes < ty.values)
			return DS_UNITS_NONE;
	}
	int kind = ds_units_tally_kind(&ty);
	if (kind == DS_UNITS_NONE)
		return kind;
	double *v = malloc((rows ? rows : 1) * sizeof *v);
	if (!v)
		return LL_ENOMEM;
	for (size_t r = 0; r < rows; r++) {
		const char *s = ll_table_text(t, r, col);
		size_t n = strlen(s);
		if (ds_csv_is_missing(s, n) || !ds_units_value(kind, s, n, &v[r]))
			v[r] = NAN;
	}
	long rc = ll_table_convert_column(t, col, LL_COL_NUM);
	if (rc < 0) {
		free(v);
		return (int)rc;
	}
	for (size_t r = 0; r < rows; r++)
		ll_table_set_num(t, r, col, v[r]);
	free(v);
	return kind;
}

const char *ds_units_kind_text(int kind)
{
	static const char *const what[] = {
		[DS_UNITS_SECONDS] = "duration: seconds, from values with units (ms, us, s, m, h, d; Go's 1m30s)",
		[DS_UNITS_BYTES] = "size: bytes, from values with units (KB, MB, GB... as powers of 1000; KiB, MiB... "
				   "and the bare k, m, g of top, ls -h and du -h as powers of 1024; plain numbers "
				   "beside a k taken as bytes)",
		[DS_UNITS_KIB] = "size: KiB, from values with units among plain numbers taken as KiB, as top writes "
				 "memory (m, g, t as powers of 1024)",
	};
	return kind >= DS_UNITS_SECONDS && kind <= DS_UNITS_KIB ? what[kind] : "";
}

int ds_units_columns(struct ll_table *t, const char *path, int *kinds, struct ll_err *err)
{
	char names[3][512];
	size_t len[3] = {0, 0, 0}, count[3] = {0, 0, 0};
	int label = ll_table_label_source(t);
	for (size_t c = 0; kinds && c < ll_table_ncols(t); c++)
		kinds[c] = DS_UNITS_NONE;
	for (size_t c = 0; c < ll_table_ncols(t); c++) {
		if ((int)c == label)
			continue;
		int kind = ds_units_column(t, c);
		if (kind < 0)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		if (kinds)
			kinds[c] = kind;
		if (kind == DS_UNITS_NONE)
			continue;
		size_t k = (size_t)kind - 1, room = sizeof names[k] - len[k];
		int w = snprintf(names[k] + len[k], room, "%s%s", len[k] ? ", " : "", ll_table_col_name(t, c));
		count[k]++;
		if (w > 0)
			len[k] += (size_t)w < room ? (size_t)w : room - 1;
	}
	for (int kind = DS_UNITS_SECONDS; kind <= DS_UNITS_KIB; kind++)
		if (len[kind - 1] && ll_table_note(t, "%s: column%s %s read as %s", path,
						   count[kind - 1] > 1 ? "s" : "", names[kind - 1],
						   ds_units_kind_text(kind)) != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	return LL_OK;
}
