/*
 * ds_numbers.c - a headerless matrix of numbers separated by blanks, one
 * row a line, every line the same count: what numpy.savetxt writes by
 * default, and how series benchmarks ship their metrics (some of the UCR
 * archive's files, telemetry dumps). The csv reader finds no separator in
 * it and the text-log readers would read each line as a message. Columns
 * are named col1, col2, ... as the csv reader names a headerless table's.
 * Rows of another count, or a cell that is not a number (nan and inf are),
 * are errors naming the line: a file that shape promises numbers.
 */
#include "ds_csv.h"
#include "ds_source.h"
#include "ll_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_LINES 3 /* complete lines a sample needs to be taken for a matrix */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Splits line at runs of blanks: the number of cells, every one a number
 * (bad: 1 when one is not, its text in *bad_at / *bad_len), the values in
 * out when it is not NULL (at most cap). */
static size_t split_numbers(const char *line, size_t len, double *out, size_t cap, int *bad, const char **bad_at,
			    size_t *bad_len)
{
	size_t i = 0, k = 0;
	*bad = 0;
	while (i < len) {
		while (i < len && is_blank(line[i]))
			i++;
		if (i == len)
			break;
		size_t s = i;
		while (i < len && !is_blank(line[i]))
			i++;
		double v;
		if (!ll_parse_number(line + s, i - s, &v)) {
			*bad = 1;
			if (bad_at) {
				*bad_at = line + s;
				*bad_len = i - s;
			}
			return k;
		}
		if (out && k < cap)
			out[k] = v;
		k++;
	}
	return k;
}

static int numbers_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (n == 0 || !ds_looks_like_text(head, n))
		return 0;
	size_t pos = 0, len, lines = 0, width = 0;
	const char *line;
	while (ds_source_next_line(head, n, &pos, &line, &len)) {
		/* a last line cut off by the sniff window says nothing */
		if (pos >= n && lines > 0 && head[n - 1] != '\n')
			break;
		int bad;
		size_t k = split_numbers(line, len, NULL, 0, &bad, NULL, NULL);
		if (bad)
			return 0;
		if (k == 0)
			continue;
		if (lines++ == 0)
			width = k;
		else if (k != width)
			return 0;
	}
	/* one number a line is the csv reader's (a header may sit above it) */
	return lines >= MIN_LINES && width >= 2 ? 60 : 0;
}

static int numbers_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			struct ll_err *err)
{
	(void)opts;
	*out = NULL;
	const char *path = src->path;
	size_t pos = 0, len, lineno = 0, width = 0;
	const char *line;
	/* the first row fixes the width */
	while (!width && ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		lineno++;
		int bad;
		const char *at = NULL;
		size_t at_len = 0;
		width = split_numbers(line, len, NULL, 0, &bad, &at, &at_len);
		if (bad)
			return ll_err_set(err, LL_EDATA, "%s:%zu: '%.*s' is not a number", path, lineno,
					  (int)(at_len > 40 ? 40 : at_len), at);
	}
	if (!width)
		return ll_err_set(err, LL_EDATA, "%s: no line of numbers", path);
	struct ll_table *t = ll_table_new();
	double *row = malloc(width * sizeof *row);
	int rc = LL_OK;
	if (!t || !row) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	for (size_t c = 0; c < width; c++) {
		char name[32];
		snprintf(name, sizeof name, "col%zu", c + 1);
		if (ll_table_add_column(t, name, LL_COL_NUM) < 0) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto fail;
		}
	}
	pos = 0;
	lineno = 0;
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		lineno++;
		int bad;
		const char *at = NULL;
		size_t at_len = 0;
		size_t k = split_numbers(line, len, row, width, &bad, &at, &at_len);
		if (bad) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: '%.*s' is not a number", path, lineno,
					(int)(at_len > 40 ? 40 : at_len), at);
			goto fail;
		}
		if (k == 0)
			continue;
		if (k != width) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: %zu numbers where the first row has %zu", path, lineno, k,
					width);
			goto fail;
		}
		long r = ll_table_append_row(t);
		if (r < 0) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto fail;
		}
		for (size_t c = 0; c < width; c++)
			ll_table_set_num(t, (size_t)r, c, row[c]);
	}
	free(row);
	*out = t;
	return LL_OK;
fail:
	free(row);
	ll_table_free(t);
	return rc;
}

const struct ds_reader ds_numbers_reader = {
	.name = "numbers",
	.summary = "headerless numbers separated by blanks, one row a line (numpy.savetxt)",
	.sniff = numbers_sniff,
	.load = numbers_load,
	.line = NULL,
};
