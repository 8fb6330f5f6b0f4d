/*
 * ds_pairs.c - text columns of "A / B" quantities made two number columns
 * (ds_pairs.h). The content decides, not the name: every value of the
 * column must be such a pair, so a column of fractions written as text
 * among words ("3 / 4 cups") stays text.
 */
#include "ds_pairs.h"
#include "ds_aligned.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A side that says "no value": docker's "--" while a container starts. */
static int missing_side(const char *s, size_t n)
{
	while (n && s[0] == ' ')
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	return (n == 1 && s[0] == '-') || (n == 2 && s[0] == '-' && s[1] == '-');
}

/* A cell read as a pair: 1 with *a and *b (NAN for a pair of missing
 * marks), 0 when it is none. */
static int cell_pair(const char *s, double *a, double *b)
{
	size_t n = strlen(s);
	if (dsa_pair(s, n, a, b))
		return 1;
	const char *sl = strstr(s, " / ");
	if (sl && missing_side(s, (size_t)(sl - s)) && missing_side(sl + 3, n - (size_t)(sl - s) - 3)) {
		*a = *b = NAN;
		return 1;
	}
	return 0;
}

/* Whether text column col holds pairs only, two rows of them at least. */
static int pair_column(const struct ll_table *t, size_t col)
{
	size_t n = ll_table_nrows(t), pairs = 0;
	for (size_t r = 0; r < n; r++) {
		const char *s = ll_table_text(t, r, col);
		double a, b;
		if (!*s)
			continue;
		if (!cell_pair(s, &a, &b))
			return 0;
		pairs += !isnan(a) || !isnan(b);
	}
	return pairs >= 2;
}

int ds_pairs_split(struct ll_table *t, const char *path)
{
	size_t ncols = ll_table_ncols(t), n = ll_table_nrows(t), split = 0;
	int label = ll_table_label_source(t);
	if (ll_table_nsegments(t) || n < 2 || !ncols)
		return LL_OK;
	unsigned char *pairs = calloc(ncols, 1);
	if (!pairs)
		return LL_ENOMEM;
	for (size_t col = 0; col < ncols; col++) {
		pairs[col] = (int)col != label && ll_table_col_type(t, col) == LL_COL_TEXT && pair_column(t, col);
		split += pairs[col];
	}
	if (!split) {
		free(pairs);
		return LL_OK;
	}
	int rc = LL_OK;
	char first[3][256] = {{0}};
	for (size_t col = 0; col < ncols && rc == LL_OK; col++) {
		if (!pairs[col])
			continue;
		char one[256], two[256];
		dsa_pair_names(ll_table_col_name(t, col), one, two, sizeof one);
		/* the column's own name is free once it is dropped */
		int ca = ll_table_add_column(t, one, LL_COL_NUM);
		int cb = ca >= 0 ? ll_table_add_column(t, two, LL_COL_NUM) : ca;
		if (cb < 0) {
			rc = cb;
			break;
		}
		for (size_t r = 0; r < n && rc == LL_OK; r++) {
			double a = NAN, b = NAN;
			const char *s = ll_table_text(t, r, col);
			if (*s)
				cell_pair(s, &a, &b);
			rc = ll_table_set_num(t, r, (size_t)ca, a);
			if (rc == LL_OK)
				rc = ll_table_set_num(t, r, (size_t)cb, b);
		}
		if (!first[0][0]) {
			snprintf(first[0], sizeof first[0], "%s", ll_table_col_name(t, col));
			snprintf(first[1], sizeof first[1], "%s", one);
			snprintf(first[2], sizeof first[2], "%s", two);
		}
	}
	unsigned char *drop = rc == LL_OK ? calloc(ll_table_ncols(t), 1) : NULL;
	if (rc == LL_OK && !drop)
		rc = LL_ENOMEM;
	if (rc == LL_OK) {
		memcpy(drop, pairs, ncols);
		rc = ll_table_drop_columns(t, drop);
	}
	free(drop);
	free(pairs);
	if (rc != LL_OK)
		return rc;
	return ll_table_note(t,
			     "%s: %zu column%s of two quantities \"A / B\" in every value made two number columns "
			     "(first: '%s' to '%s' and '%s')",
			     path, split, split == 1 ? "" : "s", first[0], first[1], first[2]);
}

int ds_pairs_loaded(int rc, struct ll_table **t, const char *path, struct ll_err *err)
{
	if (rc == LL_OK && (rc = ds_pairs_split(*t, path)) != LL_OK)
		ll_err_set(err, rc, "%s: out of memory", path);
	if (rc != LL_OK) {
		ll_table_free(*t);
		*t = NULL;
	}
	return rc;
}
