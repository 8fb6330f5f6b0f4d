/*
 * ds_tail.c - new lines of a followed log joining its loaded table (see
 * ds_tail.h).
 *
 * The batch is loaded as a small table of its own by the loader of the
 * whole file, so a new row is cell for cell what opening the file again
 * would make of it (but for what needs the lines before, ds_tail.h), and
 * then copied over by column name.
 */
#include "ds_tail.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ds_source.h"

/* Gives row (of t) the cells and label of row from (of part); cols[c] is
 * the column of part that t's column c takes, or -1. */
static int copy_row(struct ll_table *t, size_t row, const struct ll_table *part, size_t from, const long *cols)
{
	for (size_t c = 0; c < ll_table_ncols(t); c++) {
		int rc;
		if (ll_table_col_type(t, c) == LL_COL_TEXT) {
			const char *s = cols[c] >= 0 ? ll_table_text(part, from, (size_t)cols[c]) : "";
			rc = ll_table_set_text(t, row, c, s, strlen(s));
		} else {
			rc = ll_table_set_num(t, row, c, cols[c] >= 0 ? ll_table_num(part, from, (size_t)cols[c]) : NAN);
		}
		if (rc != LL_OK)
			return rc;
	}
	int cls = ll_table_label(part, from);
	if (cls != LL_NO_LABEL) {
		const char *name = ll_table_class_name(part, (size_t)cls);
		cls = ll_table_class_id(t, name, strlen(name));
		if (cls < 0)
			return cls;
	}
	return ll_table_set_label(t, row, cls);
}

int ds_tail_append(struct ll_table *t, const struct ds_line_format *fmt, const char *format_name, int year,
		   const char *path, const char *bytes, size_t n, size_t replace_row, size_t *added,
		   struct ll_err *err)
{
	*added = 0;
	if (!n)
		return LL_OK;
	struct ds_source src = {0};
	src.path = (char *)path;
	src.data = bytes;
	src.size = n;
	src.file_size = (off_t)n;
	/* stamps are placed no later than now and a day, as for a file
	 * written just now */
	src.mtime = (long long)time(NULL);
	struct ds_open_opts o = {0};
	o.format = format_name; /* the file's format, sniffed once: no second look */
	o.default_year = year;
	struct ll_table *part = NULL;
	int rc = ds_lines_load(&src, &o, fmt, format_name, &part, err);
	if (rc != LL_OK)
		return rc;
	size_t ncols = ll_table_ncols(t);
	long cols_small[64], *cols = ncols <= 64 ? cols_small : malloc(ncols * sizeof *cols);
	if (!cols) {
		ll_table_free(part);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	for (size_t c = 0; c < ncols; c++) {
		int k = ll_table_find_column(part, ll_table_col_name(t, c));
		cols[c] = k >= 0 && ll_table_col_type(part, (size_t)k) == ll_table_col_type(t, c) ? k : -1;
	}
	size_t rows = ll_table_nrows(part), first = 0;
	if (rows && replace_row < ll_table_nrows(t)) {
		if ((rc = copy_row(t, replace_row, part, 0, cols)) != LL_OK)
			goto out;
		first = 1;
	}
	for (size_t i = first; i < rows; i++) {
		long row = ll_table_append_row(t);
		if (row < 0) {
			rc = (int)row;
			goto out;
		}
		++*added;
		if ((rc = copy_row(t, (size_t)row, part, i, cols)) != LL_OK)
			goto out;
	}
out:
	if (cols != cols_small)
		free(cols);
	ll_table_free(part);
	if (rc != LL_OK)
		return ll_err_set(err, rc, "%s: out of memory adding its new lines", path);
	return LL_OK;
}
