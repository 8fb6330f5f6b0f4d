/*
 * ds_rowlabels.c - a dataset's explicit label file, one class a line, for
 * readers without a label-file format of their own (ds_rowlabels.h).
 */
#include "ds_rowlabels.h"
#include "ds_source.h"

#include <stdlib.h>
#include <string.h>

/* The line without blanks and a carriage return around it. */
static const char *trim(const char *s, size_t *len)
{
	size_t n = *len;
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	*len = n;
	return s;
}

int ds_rowlabels_apply(struct ll_table *t, const char *data_path, const char *labels_path, struct ll_err *err)
{
	if (ll_table_nclasses(t) > 0) {
		int col = ll_table_label_source(t);
		return ll_err_set(err, LL_EDATA,
				  "%s has labels of its own (column %s) and a label file %s: use one (drop the "
				  "dataset's \"labels\" key, or name another label_column)",
				  data_path, col >= 0 ? ll_table_col_name(t, (size_t)col) : "?", labels_path);
	}
	struct ds_source *src;
	int rc = ds_source_open(&src, labels_path, err);
	if (rc != LL_OK)
		return rc;
	size_t nrows = ll_table_nrows(t), pos = 0, len, nl = 0;
	const char *line;
	if (src->size && !ds_looks_like_text(src->data, src->size < 4096 ? src->size : 4096)) {
		ds_source_close(src);
		return ll_err_set(err, LL_EDATA, "%s: a label file is text, one class a line", labels_path);
	}
	/* counted first, so a file of the wrong length changes nothing */
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		trim(line, &len);
		nl += len > 0;
	}
	if (nl != nrows) {
		ds_source_close(src);
		return ll_err_set(err, LL_EDATA, "%s has %zu rows but its label file %s has %zu labels", data_path,
				  nrows, labels_path, nl);
	}
	pos = 0;
	size_t row = 0;
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		line = trim(line, &len);
		if (len == 0)
			continue;
		int c = ll_table_class_id(t, line, len);
		if (c < 0 || ll_table_set_label(t, row++, c) != LL_OK) {
			ds_source_close(src);
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", labels_path);
		}
	}
	ds_source_close(src);
	return LL_OK;
}
