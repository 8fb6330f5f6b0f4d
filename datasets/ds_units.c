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

int ds_units_sign(const char *s, size_t n)
{
	double v;
	int time = ll_units_duration(s, n, &v, NULL), size = ll_units_size(s, n, &v, NULL);
	if (time == size)
		return DS_UNITS_SIGN_NONE;
	return time ? DS_UNITS_SIGN_TIME : DS_UNITS_SIGN_SIZE;
}

int ds_units_si_form(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	size_t i = 0, digits = 0;
	int dot = 0;
	for (; i < n && (isdigit((unsigned char)s[i]) || (s[i] == '.' && !dot)); i++) {
		dot |= s[i] == '.';
		digits += s[i] != '.';
	}
	if (!digits)
		return DS_UNITS_SI_NONE;
	int blank = i < n && s[i] == ' ';
	i += (size_t)blank;
	const char *u = s + i;
	size_t m = n - i;
	if (!(m == 1 && u[0] == 'B') && !(m == 2 && u[1] == 'B' && strchr("kKMGTP", u[0])))
		return DS_UNITS_SI_NONE;
	return ll_units_kernel_kib(u, m, !dot, blank) ? DS_UNITS_SI_KERNEL : DS_UNITS_SI_OTHER;
}

void ds_units_tally_add(struct ds_units_tally *ty, const char *s, size_t n)
{
	double v;
	struct ll_units_duration_form d;
	struct ll_units_size_form f;
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
	if (ll_units_duration(s, n, &v, &d)) {
		ty->durations++;
		ty->durations_sure += !d.alone;
	}
	int unambiguous;
	if (ll_units_clock(s, n, &v, &unambiguous)) {
		ty->durations++;
		ty->durations_sure += (size_t)unambiguous;
		ty->clocks += (size_t)!unambiguous;
	}
	if (ll_units_size(s, n, &v, &f)) {
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

int ds_units_duration_name(const char *name)
{
	/* the last part, lowercase, without separators */
	const char *dot = name ? strrchr(name, '.') : NULL;
	const char *p = dot ? dot + 1 : name ? name : "";
	char leaf[64];
	size_t n = 0;
	for (; *p && n + 1 < sizeof leaf; p++)
		if (*p != '_' && *p != '-' && *p != ' ')
			leaf[n++] = (char)tolower((unsigned char)*p);
	leaf[n] = 0;
	/* words that end a name of a span: "resources_used.walltime",
	 * "job_elapsed", "cpu_time" */
	static const char *const ends[] = {"elapsed", "duration", "walltime", "cputime", "cput",	  "runtime",
					   "uptime",  "timelimit", "waittime", "timeout", "timeleft"};
	/* short words, the whole name only ("usage", "page" end in "age") */
	static const char *const whole[] = {"took", "spent", "age", "wall", "limit", "left"};
	for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
		size_t m = strlen(ends[k]);
		if (n >= m && strcmp(leaf + n - m, ends[k]) == 0)
			return 1;
	}
	for (size_t k = 0; k < sizeof whole / sizeof *whole; k++)
		if (strcmp(leaf, whole[k]) == 0)
			return 1;
	return 0;
}

int ds_units_tally_kind_named(const struct ds_units_tally *ty, const char *name)
{
	if (!ty->clocks || !ds_units_duration_name(name))
		return ds_units_tally_kind(ty);
	struct ds_units_tally named = *ty;
	named.durations_sure += named.clocks;
	return ds_units_tally_kind(&named);
}

int ds_units_value(int kind, const char *s, size_t n, double *out)
{
	double v;
	if (ll_parse_number(s, n, out))
		return 1; /* 0, or of the plain numbers' unit, the column's */
	if (kind == DS_UNITS_SECONDS)
		return ll_units_duration(s, n, out, NULL) || ll_units_clock(s, n, out, NULL);
	if ((kind != DS_UNITS_BYTES && kind != DS_UNITS_KIB) || !ll_units_size(s, n, &v, NULL))
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
	int kind = ds_units_tally_kind_named(&ty, ll_table_col_name(t, col));
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
		[DS_UNITS_SECONDS] = "duration: seconds, from values with units (ms, us, s, m, h, d; Go's 1m30s) or on a clock ([days-]hh:mm:ss)",
		[DS_UNITS_BYTES] = "size: bytes, from values with units (KB, MB, GB... as powers of 1000; KiB, MiB... "
				   "and the bare k, m, g of top, ls -h and du -h as powers of 1024; plain numbers "
				   "beside a k taken as bytes)",
		[DS_UNITS_KIB] = "size: KiB, from values with units among plain numbers taken as KiB, as top writes "
				 "memory (m, g, t as powers of 1024)",
	};
	return kind >= DS_UNITS_SECONDS && kind <= DS_UNITS_KIB ? what[kind] : "";
}

int ds_units_fields_note(char *buf, size_t cap, const char *lead, const char *const *names,
			 const unsigned char *units, size_t nf)
{
	if (!cap)
		return 0;
	size_t w = (size_t)snprintf(buf, cap, "%s", lead ? lead : "");
	int any = 0;
	for (int kind = DS_UNITS_SECONDS; kind <= DS_UNITS_KIB; kind++) {
		size_t count = 0;
		for (size_t f = 0; f < nf; f++)
			count += units[f] == kind;
		if (!count)
			continue;
		any = 1;
		if (w < cap)
			w += (size_t)snprintf(buf + w, cap - w, "%scolumn%s ", w ? "; " : "", count > 1 ? "s" : "");
		for (size_t f = 0, k = 0; f < nf && w < cap; f++)
			if (units[f] == kind)
				w += (size_t)snprintf(buf + w, cap - w, "%s%s", k++ ? ", " : "", names[f]);
		if (w < cap)
			w += (size_t)snprintf(buf + w, cap - w, " read as %s", ds_units_kind_text(kind));
	}
	return any;
}

/* The meta key of column col's mark: "units:" and its name. */
static int mark_key(char *key, size_t cap, const char *col)
{
	int w = snprintf(key, cap, "units:%s", col);
	return w > 0 && (size_t)w < cap;
}

int ds_units_mark(struct ll_table *t, const char *col, int kind)
{
	char key[512];
	if (!mark_key(key, sizeof key, col) || (kind != DS_UNITS_SECONDS && kind != DS_UNITS_BYTES))
		return LL_OK; /* a name too long to key is left unmarked: a fleet joins it as before */
	return ll_table_set_meta(t, key, kind == DS_UNITS_SECONDS ? "seconds" : "bytes");
}

int ds_units_marked(const struct ll_table *t, const char *col)
{
	char key[512];
	const char *v = mark_key(key, sizeof key, col) ? ll_table_meta(t, key) : NULL;
	return !v ? DS_UNITS_NONE : strcmp(v, "seconds") == 0 ? DS_UNITS_SECONDS : DS_UNITS_BYTES;
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
