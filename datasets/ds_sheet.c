/*
 * ds_sheet.c - a spreadsheet's sheet made a table through CSV text
 * (ds_sheet.h).
 */
#include "ds_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ll_limits.h"

int ds_text_put(struct ds_text *t, const char *s, size_t n)
{
	if (!t->p || n + 1 > t->cap - t->n) {
		size_t cap = t->cap ? t->cap : 4096;
		while (n + 1 > cap - t->n)
			cap *= 2;
		char *grown = realloc(t->p, cap);
		if (!grown)
			return 0;
		t->p = grown;
		t->cap = cap;
	}
	memcpy(t->p + t->n, s, n);
	t->n += n;
	t->p[t->n] = 0;
	return 1;
}

int ds_text_json_string(struct ds_text *t, const char *s, size_t n)
{
	if (!ds_text_put(t, "\"", 1))
		return 0;
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		char esc[8];
		int k = c == '"'    ? snprintf(esc, sizeof esc, "\\\"")
			: c == '\\' ? snprintf(esc, sizeof esc, "\\\\")
			: c == '\n'  ? snprintf(esc, sizeof esc, "\\n")
			: c == '\t'  ? snprintf(esc, sizeof esc, "\\t")
				     : snprintf(esc, sizeof esc, "\\u%04x", c);
		if (!ds_text_put(t, s + from, i - from) || !ds_text_put(t, esc, (size_t)k))
			return 0;
		from = i + 1;
	}
	return ds_text_put(t, s + from, n - from) && ds_text_put(t, "\"", 1);
}

int ds_text_load(const struct ds_source *src, const struct ds_open_opts *opts, const char *reader, const char *text,
		 size_t len, int keep_long, struct ll_table **out, struct ll_err *err)
{
	struct ds_source written = *src;
	written.data = text;
	written.size = len;
	written.note = NULL;
	struct ds_open_opts o = *opts;
	if (keep_long && (!o.entity || !*o.entity))
		o.entity = "none";
	return ds_reader_find(reader)->load(&written, &o, out, err);
}

int ds_text_field(struct ds_text *t, const char *s, size_t n)
{
	return ds_text_cell(t, s, n, 1, 0);
}

int ds_text_cell(struct ds_text *t, const char *s, size_t n, int first, int force)
{
	int quote = force || (n && (s[0] == ' ' || s[n - 1] == ' ' || (first && s[0] == '#')));
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == ';' || s[i] == '\t' || s[i] == '|' || s[i] == '"' || s[i] == '\n' ||
			s[i] == '\r';
	if (!quote)
		return ds_text_put(t, s, n);
	if (!ds_text_put(t, "\"", 1))
		return 0;
	for (size_t i = 0, from = 0; i <= n; i++)
		if (i == n || s[i] == '"') {
			/* each quote doubled: the run up to it, then the quote twice */
			if (!ds_text_put(t, s + from, i - from) || (i < n && !ds_text_put(t, "\"\"", 2)))
				return 0;
			from = i + 1;
		}
	return ds_text_put(t, "\"", 1);
}

int ds_sheet_to_column(struct ds_text *t, long *next, long col)
{
	for (; *next <= col; (*next)++)
		if (*next > 0 && !ds_text_put(t, ",", 1))
			return 0;
	return 1;
}

int ds_sheet_end_row(struct ds_text *t, long next, long width)
{
	/* a row of one empty field would be a blank line, which is no row */
	if (width == 1 && (!t->n || t->p[t->n - 1] == '\n') && !ds_text_put(t, "\"\"", 2))
		return 0;
	for (; next < width; next++)
		if (!ds_text_put(t, ",", 1))
			return 0;
	return ds_text_put(t, "\n", 1);
}

/* The quoted names of names[0, n) but the one at skip, into buf. */
static void list_names(const char *const *names, size_t n, size_t skip, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < n && o < cap; i++) {
		if (i == skip)
			continue;
		int w = snprintf(buf + o, cap - o, "%s'%s'", o ? ", " : "", names[i]);
		if (w < 0)
			break;
		o += (size_t)w;
	}
}

int ds_sheet_find(const char *path, const char *const *names, size_t n, const char *wanted, size_t *at,
		  struct ll_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], wanted) == 0) {
			*at = i;
			return LL_OK;
		}
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(names[i], wanted) == 0) {
			*at = i;
			return LL_OK;
		}
	char list[512];
	list_names(names, n, n, list, sizeof list);
	return ll_err_set(err, LL_EDATA, "%s: the workbook has no sheet '%s' (its sheets: %s)", path, wanted, list);
}

int ds_sheet_size_check(const char *path, const char *sheet, size_t rows, long width, struct ll_err *err)
{
	/* 16 bytes a cell: the text, then the table */
	char what[512];
	snprintf(what, sizeof what, "%s: sheet '%s' (%zu rows x %ld columns, up to its cell farthest right)", path,
		 sheet, rows, width);
	return ll_mem_check((double)rows * (double)width * 16.0, what, err);
}

int ds_sheet_none(const char *path, const char *const *names, size_t n, const char *wanted, struct ll_err *err)
{
	if (wanted)
		return ll_err_set(err, LL_EDATA, "%s: sheet '%s' holds no cells", path, wanted);
	if (!n)
		return ll_err_set(err, LL_EDATA, "%s: the workbook lists no sheets", path);
	char list[512];
	list_names(names, n, n, list, sizeof list);
	return ll_err_set(err, LL_EDATA, "%s: the workbook's sheets (%s) hold no cells", path, list);
}

int ds_sheet_table(const struct ds_source *src, const struct ds_open_opts *opts, const char *format, const char *csv,
		   size_t len, const char *const *names, size_t n, size_t chosen, size_t rows, struct ll_table **out,
		   struct ll_err *err)
{
	int rc = ds_text_load(src, opts, "csv", csv, len, 0, out, err);
	if (rc != LL_OK)
		return rc;
	char others[512];
	list_names(names, n, chosen, others, sizeof others);
	rc = n > 1 ? ll_table_note(*out,
				   "%s: sheet '%s' of %zu (%zu rows with cells); not read: %s (--format %s:sheet=NAME "
				   "reads another)",
				   src->path, names[chosen], n, rows, others, format)
		   : ll_table_note(*out, "%s: sheet '%s' (%zu rows with cells)", src->path, names[chosen], rows);
	if (rc != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	return LL_OK;
}
