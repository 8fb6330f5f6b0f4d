/*
 * ds_csv_started.c - a table whose first column counts seconds from a
 * start its opening comment dates ("# started on Mon Dec  7 15:22:12
 * 2026" above perf stat -x, -I 1000's rows "1.001034534,..."): the
 * column becomes the times themselves, start plus seconds.
 *
 * Read as they are, the seconds were a number column: the rows had no
 * time, the browser no time axis, and two runs could not be laid side by
 * side. The comment is judged by content: a '#' line among the lines the
 * file opens with that holds a stamp of a date and a clock with its year.
 */
#include "ds_csv.h"
#include "ll_stamp.h"
#include "ll_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OPENING_LINES 8

/* The time of the first stamp (a date, a clock and a year) on a '#' line
 * among the first OPENING_LINES lines of data[0..n) (blank lines and '#'
 * lines only before it); 1 when found. */
static int started_on(const char *data, size_t n, double *t0)
{
	size_t pos = 0;
	for (int l = 0; l < OPENING_LINES && pos < n; l++) {
		const char *nl = memchr(data + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - data) : n, a = pos;
		pos = end + 1;
		while (a < end && (data[a] == ' ' || data[a] == '\t' || data[a] == '\r'))
			a++;
		if (a == end)
			continue;
		if (data[a] != '#')
			return 0;
		/* the stamp at a word's start ("started on <stamp>") */
		for (size_t i = a + 1; i < end; i++) {
			if (data[i - 1] != ' ' && data[i - 1] != '\t' && data[i - 1] != '#')
				continue;
			unsigned form;
			double v;
			/* a year that is no default: 1 is no year a stamp writes */
			if (ll_stamp_scan(data + i, end - i, 1, 0, &form, &v) && ll_stamp_form_has_date(form) &&
			    ll_stamp_form_has_clock(form) && v > -62135596800.0 + 366 * 86400.0) {
				*t0 = v;
				return 1;
			}
		}
	}
	return 0;
}

int ds_csv_started_times(const struct ds_source *src, struct ll_table *t, struct ll_err *err)
{
	double t0;
	size_t rows = ll_table_nrows(t), ncols = ll_table_ncols(t);
	if (rows < 2 || ncols < 2 || ll_table_col_type(t, 0) != LL_COL_NUM || ll_table_find_column(t, "time") >= 0)
		return LL_OK;
	for (size_t c = 1; c < ncols; c++)
		if (ll_table_col_type(t, c) == LL_COL_TIME)
			return LL_OK;
	if (!started_on(src->data, src->size, &t0))
		return LL_OK;
	/* seconds from the start: none negative or missing, in order, under
	 * a year, and not all one */
	double prev = 0;
	for (size_t r = 0; r < rows; r++) {
		double v = ll_table_num(t, r, 0);
		if (isnan(v) || v < 0 || v < prev || v > 366 * 86400.0)
			return LL_OK;
		prev = v;
	}
	if (!(prev > ll_table_num(t, 0, 0)))
		return LL_OK;
	int tc = ll_table_add_column(t, "time", LL_COL_TIME);
	if (tc < 0)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	for (size_t r = 0; r < rows; r++)
		if (ll_table_set_num(t, r, (size_t)tc, t0 + ll_table_num(t, r, 0)) != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	char *name = strdup(ll_table_col_name(t, 0));
	unsigned char *drop = calloc(ncols + 1, 1);
	int rc = name && drop ? LL_OK : LL_ENOMEM;
	if (rc == LL_OK) {
		drop[0] = 1;
		rc = ll_table_drop_columns(t, drop);
	}
	if (rc == LL_OK &&
	    ll_table_note(t, "%s: column '%s' counts seconds from the start the comment above the rows dates: read as the "
			     "times themselves, column time",
			  ds_csv_basename(src->path), name) != LL_OK)
		rc = LL_ENOMEM;
	free(name);
	free(drop);
	return rc == LL_OK ? LL_OK : ll_err_set(err, rc, "%s: out of memory", src->path);
}
