/*
 * ds_subsecond.c - a time of whole seconds and its fraction's column made
 * one time (ds_subsecond.h).
 */
#include "ds_subsecond.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

double ds_subsecond_unit(const char *name)
{
	/* words that name the part of a second only: a bare "ms" or "nanos"
	 * at the top of a record may be a duration as well, but beside a
	 * time of whole seconds in the same object they are its fraction;
	 * the parent check and the value bound are the caller's */
	static const struct {
		const char *word;
		double unit;
	} words[] = {
		{"nanoofsecond", 1e-9},  {"nanos", 1e-9},	  {"nanoseconds", 1e-9}, {"nsec", 1e-9},
		{"tvnsec", 1e-9},	 {"microofsecond", 1e-6}, {"micros", 1e-6},	 {"microseconds", 1e-6},
		{"usec", 1e-6},		 {"tvusec", 1e-6},	  {"milliofsecond", 1e-3}, {"millis", 1e-3},
		{"milliseconds", 1e-3},
	};
	if (!name)
		return 0;
	const char *leaf = strrchr(name, '.');
	leaf = leaf ? leaf + 1 : name;
	char folded[24];
	size_t n = 0;
	for (; *leaf; leaf++) {
		if (*leaf == '_' || *leaf == '-')
			continue;
		if (n + 1 >= sizeof folded)
			return 0;
		folded[n++] = (char)tolower((unsigned char)*leaf);
	}
	folded[n] = '\0';
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (!strcmp(folded, words[k].word))
			return words[k].unit;
	return 0;
}

/* Length of name's parent: up to its last '.', 0 at the top. */
static size_t parent_len(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot ? (size_t)(dot - name) : 0;
}

static int same_parent(const char *a, const char *b)
{
	size_t n = parent_len(a);
	return n == parent_len(b) && !strncmp(a, b, n);
}

/* 1 when every present value of column c is whole (and, with bound > 0,
 * in [0, bound)); *present counts them, *nonzero those not 0. */
static int whole_values(const struct ll_table *t, size_t c, double bound, size_t *present, size_t *nonzero)
{
	size_t nr = ll_table_nrows(t);
	*present = *nonzero = 0;
	for (size_t r = 0; r < nr; r++) {
		double v = ll_table_num(t, r, c);
		if (isnan(v))
			continue;
		if (v != floor(v) || (bound > 0 && (v < 0 || v >= bound)))
			return 0;
		(*present)++;
		*nonzero += v != 0;
	}
	return 1;
}

/* The fraction column of time column c, or -1. */
static long fraction_of(const struct ll_table *t, size_t c, double *unit)
{
	size_t nc = ll_table_ncols(t), present, nonzero;
	const char *name = ll_table_col_name(t, c);
	for (size_t f = 0; f < nc; f++) {
		const char *fname = ll_table_col_name(t, f);
		double u = ds_subsecond_unit(fname);
		if (f == c || u == 0 || ll_table_col_type(t, f) != LL_COL_NUM || !same_parent(name, fname))
			continue;
		if (whole_values(t, f, floor(1 / u + 0.5), &present, &nonzero) && nonzero) {
			*unit = u;
			return (long)f;
		}
	}
	return -1;
}

int ds_subsecond_columns(struct ll_table *t, const char *path)
{
	size_t nc = ll_table_ncols(t), nr = ll_table_nrows(t), present, nonzero;
	for (size_t c = 0; c < nc; c++) {
		double unit = 0;
		long f;
		if (ll_table_col_type(t, c) != LL_COL_TIME || !whole_values(t, c, 0, &present, &nonzero) || !present ||
		    (f = fraction_of(t, c, &unit)) < 0)
			continue;
		for (size_t r = 0; r < nr; r++) {
			double s = ll_table_num(t, r, c), part = ll_table_num(t, r, (size_t)f);
			if (!isnan(s) && !isnan(part) && part != 0 && ll_table_set_num(t, r, c, s + part * unit) != LL_OK)
				return LL_ENOMEM;
		}
		if (ll_table_note(t, "%s: '%s' holds the %s of the seconds of '%s': one time with them", path,
				  ll_table_col_name(t, (size_t)f),
				  unit == 1e-9 ? "nanoseconds" : unit == 1e-6 ? "microseconds" : "milliseconds",
				  ll_table_col_name(t, c)) != LL_OK)
			return LL_ENOMEM;
	}
	return LL_OK;
}
