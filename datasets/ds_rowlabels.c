/*
 * ds_rowlabels.c - a dataset's explicit label file, one class a line, for
 * readers without a label-file format of their own (ds_rowlabels.h).
 */
#include "ds_rowlabels.h"
#include "ds_dataset.h"
#include "ds_source.h"
#include "ll_labels.h"
#include "ll_names.h"
#include "ll_colsel.h"
#include "ll_fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

int ds_rowlabels_read(const char *labels_path, struct ll_names *names, int32_t **ids, size_t *n,
		      struct ll_err *err)
{
	*ids = NULL;
	*n = 0;
	struct ds_source *src;
	int rc = ds_source_open(&src, labels_path, err);
	if (rc != LL_OK)
		return rc;
	size_t pos = 0, len, nl = 0, cap = 0;
	const char *line;
	if (src->size && !ds_looks_like_text(src->data, src->size < 4096 ? src->size : 4096)) {
		ds_source_close(src);
		return ll_err_set(err, LL_EDATA, "%s: a label file is text, one class a line", labels_path);
	}
	int32_t *v = NULL;
	int oom = 0;
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		line = trim(line, &len);
		if (len == 0)
			continue;
		if (nl == cap) {
			size_t c = cap ? cap * 2 : 4096;
			int32_t *p = realloc(v, c * sizeof *p);
			if (!p) {
				oom = 1;
				break;
			}
			v = p;
			cap = c;
		}
		int c = ll_names_add(names, line, len);
		if (c < 0) {
			oom = 1;
			break;
		}
		v[nl++] = c;
	}
	ds_source_close(src);
	if (oom) {
		free(v);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", labels_path);
	}
	*ids = v;
	*n = nl;
	return LL_OK;
}

int ds_rowlabels_from_column(struct ll_table *t, const char *data_path, const char *column, struct ll_err *err)
{
	if (ll_table_label_source(t) >= 0 || ll_table_nclasses(t) > 0)
		return LL_OK;
	size_t nc = ll_table_ncols(t);
	long col = ll_table_find_column(t, column);
	for (size_t c = 0; col < 0 && c < nc; c++)
		if (strcasecmp(ll_table_col_name(t, c), column) == 0)
			col = (long)c;
	if (col < 0) {
		char have[400];
		ll_colsel_names(t, LL_COLSEL_TEXT, have, sizeof have);
		return ll_err_set(err, LL_EDATA, "%s: no column named \"%s\" for the labels (the columns: %s)", data_path,
				  column, have);
	}
	int text = ll_table_col_type(t, (size_t)col) == LL_COL_TEXT;
	for (size_t row = 0; row < ll_table_nrows(t); row++) {
		char num[LL_FMT_G_MAX];
		const char *s = num;
		size_t len;
		if (text) {
			s = ll_table_text(t, row, (size_t)col);
			len = s ? strlen(s) : 0;
		} else {
			double v = ll_table_num(t, row, (size_t)col);
			len = isnan(v) ? 0 : (size_t)ll_fmt_g(num, v, 15);
		}
		if (!len)
			continue;
		int c = ll_table_class_id(t, s, len);
		if (c < 0 || ll_table_set_label(t, row, c) != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", data_path);
	}
	ll_table_set_label_source(t, (int)col);
	return LL_OK;
}

void ds_rowlabels_describe(const struct ds_dataset *ds, const struct ll_labels *l, const char *journal, char *buf,
			   size_t cap)
{
	const char *file = ds_dataset_label_file(ds);
	if (!cap)
		return;
	buf[0] = '\0';
	if (!file)
		return;
	size_t nrows = ll_labels_nrows(l), labelled = 0;
	for (size_t i = 0; i < nrows; i++)
		labelled += ll_labels_base(l, i) >= 0;
	size_t over = ll_labels_overridden(l);
	int n = snprintf(buf, cap, "labels from %s (%zu rows labelled)", file, labelled);
	if (n >= 0 && (size_t)n < cap && journal)
		snprintf(buf + n, cap - (size_t)n, "; the journal%s%s changes %zu of them", *journal ? " " : "", journal,
			 over);
}
