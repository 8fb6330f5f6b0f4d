/*
 * ll_units.c - durations and sizes written with units (ll_units.h).
 */
#include "ll_units.h"

#include "ll_decimal.h"

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
	/* most values are exact without strtod (ll_decimal.h): a stamp's
	 * year asked whether it is a span pays no multi-precision set-up */
	if (ll_decimal_fast(s + a, *i - a, v))
		return 1;
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
		size_t len;
		double v;
	} units[] = {{"d", 1, 86400}, {"h", 1, 3600},		{"m", 1, 60},		    {"s", 1, 1},
		     {"ms", 2, 1e-3}, {"us", 2, 1e-6}, {"\xC2\xB5s", 3, 1e-6}, {"\xCE\xBCs", 3, 1e-6},
		     {"ns", 2, 1e-9}};
	if (n == 0 || n > 3) /* no unit is longer: most words are told at once */
		return 0;
	for (size_t k = 0; k < sizeof units / sizeof *units; k++)
		if (units[k].len == n && memcmp(units[k].u, u, n) == 0)
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

static size_t digit_run(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && isdigit((unsigned char)s[j]))
		j++;
	return j - i;
}

/* The value of the w digits at s (not NUL-terminated: a mapped file's
 * last bytes, so never strtod). */
static double digits_value(const char *s, size_t w)
{
	double v = 0;
	for (size_t k = 0; k < w; k++)
		v = v * 10 + (s[k] - '0');
	return v;
}

int ll_units_clock(const char *s, size_t n, double *seconds, int *unambiguous)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* every form has a ':' (most values have none: a quick no) */
	if (n < 4 || n > 40 || !memchr(s, ':', n))
		return 0;
	/* up to three runs of digits set apart by ':', after an optional
	 * "D-"; the last may carry a fraction */
	size_t i = 0, nd = digit_run(s, n, 0);
	double days = 0;
	int has_days = 0;
	if (nd && nd <= 5 && nd < n && s[nd] == '-') {
		days = digits_value(s, nd);
		has_days = 1;
		i = nd + 1;
	}
	double part[3];
	size_t np = 0, width[3];
	while (np < 3) {
		size_t w = digit_run(s, n, i);
		if (!w || w > 9)
			return 0;
		part[np] = digits_value(s + i, w);
		width[np++] = w;
		i += w;
		if (i == n || s[i] != ':')
			break;
		i++;
	}
	double frac = 0;
	int has_frac = 0;
	if (i < n && s[i] == '.') {
		size_t w = digit_run(s, n, i + 1);
		if (!w)
			return 0;
		double scale = 0.1;
		for (size_t k = 0; k < w; k++, scale /= 10)
			frac += (s[i + 1 + k] - '0') * scale;
		has_frac = 1;
		i += 1 + w;
	}
	if (i != n || np < 2)
		return 0;
	/* minutes and seconds are two digits below 60 after a larger unit */
	for (size_t k = 1; k < np; k++)
		if (width[k] != 2 || part[k] > 59)
			return 0;
	/* a leading unit wider than two digits is a long duration's
	 * ("100:00:01"); padded with zeros past two it is an address or an
	 * id */
	if (width[0] > 2 && s[has_days ? nd + 1 : 0] == '0')
		return 0;
	if (np == 2 && !has_frac && !has_days)
		return 0; /* "10:05": a clock's hours and minutes as much as a duration */
	if (np == 2 && has_days)
		return 0; /* "1-10:05": not a form anyone writes */
	double h = np == 3 ? part[0] : 0, m = np == 3 ? part[1] : part[0], sec = np == 3 ? part[2] : part[1];
	*seconds = days * 86400 + h * 3600 + m * 60 + sec + frac;
	if (unambiguous)
		*unambiguous = has_days || h >= 24 || width[0] > 2 || (np == 2 && has_frac);
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

int ll_units_kernel_kib(const char *u, size_t n, int whole, int blank)
{
	return whole && blank && n == 2 && u[0] == 'k' && u[1] == 'B';
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
	int fraction = memchr(s, '.', i) != NULL, blank = i < n && s[i] == ' ';
	i += (size_t)blank;
	struct ll_units_size_form f;
	double unit = ll_units_size_unit(s + i, n - i, &f);
	if (!unit)
		return 0;
	if (ll_units_kernel_kib(s + i, n - i, !fraction, blank))
		unit = 1024;
	f.alone = f.bare && (!fraction || (f.small && f.power == 2));
	*bytes = v * unit;
	if (form)
		*form = f;
	return 1;
}
