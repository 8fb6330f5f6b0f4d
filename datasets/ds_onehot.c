/*
 * ds_onehot.c - text columns of a few values as number columns
 * (ds_onehot.h).
 */
#include "ds_onehot.h"
#include "ll_colsel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct non-empty values of column c, sorted, into vals (borrowed
 * from the table); 0 when more than DS_ONEHOT_MAX_VALUES. */
static size_t values_of(const struct ll_table *t, size_t c, const char **vals)
{
	size_t k = 0;
	for (size_t r = 0; r < ll_table_nrows(t); r++) {
		const char *s = ll_table_text(t, r, c);
		if (!s || !*s)
			continue;
		size_t i = 0;
		while (i < k && strcmp(vals[i], s) != 0)
			i++;
		if (i < k)
			continue;
		if (k == DS_ONEHOT_MAX_VALUES)
			return 0;
		vals[k++] = s;
	}
	qsort(vals, k, sizeof *vals, cmp_str);
	return k;
}

static int meta_key(char *buf, size_t cap, const char *name)
{
	return snprintf(buf, cap, LL_RECIPE_ONEHOT_META "%s", name) < (int)cap;
}

int ds_onehot_is_value_column(const struct ll_table *t, const char *name)
{
	const char *eq = strchr(name, '=');
	char key[512];
	if (!eq || (size_t)(eq - name) + sizeof LL_RECIPE_ONEHOT_META > sizeof key)
		return 0;
	snprintf(key, sizeof key, LL_RECIPE_ONEHOT_META "%.*s", (int)(eq - name), name);
	return ll_table_meta(t, key) != NULL;
}

/* Whether column c may be expanded: text, not the labels', not the log
 * line, not the text features' column, not done before. */
static int candidate(const struct ll_table *t, const struct ll_recipe *r, size_t c)
{
	const char *name = ll_table_col_name(t, c);
	char key[512];
	if (ll_table_col_type(t, c) != LL_COL_TEXT || (int)c == ll_table_label_source(t) ||
	    strcmp(name, "line") == 0 || !meta_key(key, sizeof key, name) || ll_table_meta(t, key))
		return 0;
	const char *text_src = r->text_column[0] ? r->text_column : ll_table_meta(t, "text_column");
	return r->text == LL_TEXT_NONE || !text_src || strcmp(name, text_src) != 0;
}

/* Which of two sorted values is "true" when they are false and true as R,
 * Python, JSON or a spreadsheet writes them (any case): 0 or 1, else -1. */
static int true_of_pair(const char *const *vals, size_t k)
{
	if (k != 2)
		return -1;
	for (int v = 0; v < 2; v++)
		if (strcasecmp(vals[v], "true") == 0 && strcasecmp(vals[1 - v], "false") == 0)
			return v;
	return -1;
}

/* With no regex, the default columns: the number columns, and a column of
 * true and false as one number column "NAME=true" (1, 0, and missing where
 * the cell is empty), as pandas reads such a column for scikit-learn: a
 * failed job's "preempted": true is a measurement, not text to leave out. */
static int expand_booleans(struct ll_table *t, const struct ll_recipe *r, size_t *added, struct ll_err *err)
{
	/* text features read no number column; a log's fields are no table's */
	if (r->text != LL_TEXT_NONE || ll_table_meta(t, "text_column"))
		return LL_OK;
	const char *vals[DS_ONEHOT_MAX_VALUES];
	char name[1024], key[512];
	size_t nc0 = ll_table_ncols(t);
	for (size_t c = 0; c < nc0; c++) {
		if (!candidate(t, r, c))
			continue;
		int tv = true_of_pair(vals, values_of(t, c, vals));
		if (tv < 0)
			continue;
		snprintf(name, sizeof name, "%s=%s", ll_table_col_name(t, c), vals[tv]);
		if (ll_table_find_column(t, name) >= 0)
			continue;
		char *yes = strdup(vals[tv]); /* the table's text: it moves as the table grows */
		int col = yes ? ll_table_add_column(t, name, LL_COL_NUM) : -1;
		if (col < 0) {
			free(yes);
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		}
		for (size_t row = 0; row < ll_table_nrows(t); row++) {
			const char *s = ll_table_text(t, row, c);
			ll_table_set_num(t, row, (size_t)col, !s || !*s ? NAN : strcmp(s, yes) == 0);
		}
		free(yes);
		if (added)
			++*added;
		if (!meta_key(key, sizeof key, ll_table_col_name(t, c)) || ll_table_set_meta(t, key, "1") != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	return LL_OK;
}

int ds_onehot_expand(struct ll_table *t, const struct ll_recipe *r, size_t *added, struct ll_err *err)
{
	if (added)
		*added = 0;
	if (!r->columns[0])
		return expand_booleans(t, r, added, err);
	size_t *cols = NULL, ncols = 0;
	struct ll_err sub;
	unsigned flags = LL_COLSEL_NOTIME | LL_COLSEL_TEXT | (r->columns_icase ? LL_COLSEL_ICASE : 0);
	if (ll_colsel_match(t, r->columns, flags, &cols, &ncols, &sub) != LL_OK)
		return LL_OK; /* the build reports the regex's problem */
	const char *vals[DS_ONEHOT_MAX_VALUES];
	char name[1024], key[512];
	int rc = LL_OK;
	for (size_t i = 0; rc == LL_OK && i < ncols; i++) {
		size_t c = cols[i];
		if (!candidate(t, r, c))
			continue;
		size_t k = values_of(t, c, vals);
		int clash = k < 2;
		for (size_t v = 0; v < k && !clash; v++) {
			snprintf(name, sizeof name, "%s=%s", ll_table_col_name(t, c), vals[v]);
			clash = ll_table_find_column(t, name) >= 0;
		}
		if (clash)
			continue;
		/* the values' text is the table's: copied before the table grows */
		char *copy[DS_ONEHOT_MAX_VALUES];
		size_t made = 0;
		for (size_t v = 0; v < k; v++, made++)
			if (!(copy[v] = strdup(vals[v])))
				break;
		if (made < k)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		for (size_t v = 0; rc == LL_OK && v < k; v++) {
			snprintf(name, sizeof name, "%s=%s", ll_table_col_name(t, c), copy[v]);
			int nc = ll_table_add_column(t, name, LL_COL_NUM);
			if (nc < 0) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				break;
			}
			for (size_t row = 0; row < ll_table_nrows(t); row++) {
				const char *s = ll_table_text(t, row, c);
				ll_table_set_num(t, row, (size_t)nc, s && strcmp(s, copy[v]) == 0);
			}
			if (added)
				++*added;
		}
		for (size_t v = 0; v < made; v++)
			free(copy[v]);
		if (rc == LL_OK && (!meta_key(key, sizeof key, ll_table_col_name(t, c)) ||
				    ll_table_set_meta(t, key, "1") != LL_OK))
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	free(cols);
	return rc;
}

/* The error for a feature the data lacks. A column of that name that
 * reads as text or times here (a sensor's "oops", "n/a" written where it
 * failed) is said so, with a value, rather than not found. */
static int no_feature(const struct ll_table *t, const char *name, struct ll_err *err)
{
	long c = name ? ll_table_find_column(t, name) : -1;
	if (c >= 0 && ll_table_col_type(t, (size_t)c) == LL_COL_TEXT) {
		const char *ex = NULL;
		for (size_t r = 0; r < ll_table_nrows(t) && !ex; r++) {
			const char *s = ll_table_text(t, r, (size_t)c);
			if (s && *s)
				ex = s;
		}
		return ll_err_set(err, LL_EUSAGE,
				  "column '%s' holds text in this data (e.g. '%.40s'), not the numbers the run was "
				  "trained on",
				  name, ex ? ex : "");
	}
	if (c >= 0 && ll_table_col_type(t, (size_t)c) == LL_COL_TIME)
		return ll_err_set(err, LL_EUSAGE, "column '%s' holds times in this data, not the numbers the run was trained on",
				  name);
	return ll_err_set(err, LL_EUSAGE, "the data has no feature '%s' the run was trained on", name ? name : "?");
}

int ds_onehot_align(struct ll_featmat *m, const struct ll_table *t, char *const *names, size_t d,
		    size_t *missing, size_t *unseen, struct ll_err *err)
{
	*missing = *unseen = 0;
	if (!m->X)
		return LL_OK;
	long *from = malloc((d ? d : 1) * sizeof *from);
	if (!from)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t j = 0; j < d; j++) {
		from[j] = -1;
		for (size_t q = 0; q < m->d && from[j] < 0; q++)
			if (m->names[q] && names[j] && strcmp(m->names[q], names[j]) == 0)
				from[j] = (long)q;
		if (from[j] >= 0)
			continue;
		/* a value the other data never holds: its column is zeros; any
		 * other feature missing means the data does not fit the run */
		const char *eq = names[j] ? strchr(names[j], '=') : NULL;
		char key[512];
		if (!eq || (size_t)(eq - names[j]) + sizeof LL_RECIPE_ONEHOT_META > sizeof key) {
			free(from);
			return no_feature(t, names[j], err);
		}
		snprintf(key, sizeof key, LL_RECIPE_ONEHOT_META "%.*s", (int)(eq - names[j]), names[j]);
		if (!ll_table_meta(t, key) && ll_table_find_column(t, key + sizeof LL_RECIPE_ONEHOT_META - 1) < 0) {
			free(from);
			return ll_err_set(err, LL_EUSAGE, "the data has no column '%s' the run's feature '%s' comes from",
					  key + sizeof LL_RECIPE_ONEHOT_META - 1, names[j]);
		}
		++*missing;
	}
	for (size_t q = 0; q < m->d; q++) {
		int used = 0;
		for (size_t j = 0; j < d && !used; j++)
			used = from[j] == (long)q;
		*unseen += !used && m->names[q] && ds_onehot_is_value_column(t, m->names[q]);
	}
	int same = d == m->d;
	for (size_t j = 0; same && j < d; j++)
		same = from[j] == (long)j;
	if (same) {
		free(from);
		return LL_OK;
	}
	size_t per = m->steps ? m->steps : 1;
	float *X = calloc(m->n * per * (d ? d : 1), sizeof *X);
	char **nn = calloc(d ? d : 1, sizeof *nn);
	if (!X || !nn) {
		free(X);
		free(nn);
		free(from);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < m->n * per; i++)
		for (size_t j = 0; j < d; j++)
			X[i * d + j] = from[j] >= 0 ? m->X[i * m->d + (size_t)from[j]] : 0.0f;
	int rc = LL_OK;
	for (size_t j = 0; j < d && rc == LL_OK; j++)
		if (!(nn[j] = strdup(names[j] ? names[j] : "")))
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	free(from);
	if (rc != LL_OK) {
		for (size_t j = 0; j < d; j++)
			free(nn[j]);
		free(nn);
		free(X);
		return rc;
	}
	for (size_t q = 0; q < m->d; q++)
		free(m->names[q]);
	free(m->names);
	free(m->X);
	m->X = X;
	m->names = nn;
	m->d = d;
	return LL_OK;
}
