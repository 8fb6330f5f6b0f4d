/*
 * ll_units.c - durations and sizes written with units (ll_units.h).
 */
#include "ll_units.h"

#include <ctype.h>
#include <math.h>
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

double ll_units_time_unit(const char *u, size_t n)
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

int ll_units_duration(const char *s, size_t n, double *seconds, struct ll_units_duration_form *form)
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
		double unit = ll_units_time_unit(s + a, i - a);
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

double ll_units_size_unit(const char *u, size_t n, struct ll_units_size_form *form)
{
	static const char prefixes[] = "kmgtp";
	struct ll_units_size_form f = {0};
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

int ll_units_size(const char *s, size_t n, double *bytes, struct ll_units_size_form *form)
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
	struct ll_units_size_form f;
	double unit = ll_units_size_unit(s + i, n - i, &f);
	if (!unit)
		return 0;
	f.alone = f.bare && (!fraction || (f.small && f.power == 2));
	*bytes = v * unit;
	if (form)
		*form = f;
	return 1;
}
