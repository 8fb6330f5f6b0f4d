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
#include "ds_tabtail.h"

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
	/* a column the batch types otherwise stays empty in its rows (a log's
	 * fields are typed by its format, not by its lines) */
	ds_tabtail_map(t, part, 1, cols);
	size_t rows = ll_table_nrows(part), first = 0;
	if (rows && replace_row < ll_table_nrows(t)) {
		if ((rc = ds_tabtail_copy_row(t, replace_row, part, 0, cols, year, NULL, 0)) != LL_OK)
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
		if ((rc = ds_tabtail_copy_row(t, (size_t)row, part, i, cols, year, NULL, 0)) != LL_OK)
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
