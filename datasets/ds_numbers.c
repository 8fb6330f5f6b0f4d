/*
 * ds_numbers.c - a headerless matrix of numbers separated by blanks, one
 * row a line, every line the same count: what numpy.savetxt writes by
 * default, and how series benchmarks ship their metrics (some of the UCR
 * archive's files, telemetry dumps). The csv reader finds no separator in
 * it and the text-log readers would read each line as a message. Columns
 * are named col1, col2, ... as the csv reader names a headerless table's.
 * Rows of another count, or a cell that is not a number (nan and inf are),
 * are errors naming the line: a file that shape promises numbers.
 *
 * A first line of names, as many as the numbers of each row below, is the
 * columns' header (numpy.savetxt's header="...", written after "# ";
 * R's write.table quotes the names; sklearn's linnerud files): blanks
 * between cells need not line up, as the aligned reader's columns do.
 *
 * A decimal comma is read as the csv reader reads one in a table not split
 * at commas ("21,21", "-1,5"; ds_csv_number): the readings of sensor
 * networks printed under a European locale.
 *
 * A file that is one line of many numbers (blanks, commas or semicolons
 * between them: other files of the UCR archive, a series pasted from a
 * notebook) is a series, a row per number, as numpy.loadtxt reads it: a
 * table of one row of thousands of columns is no use to anything here.
 */
#include "ds_csv.h"
#include "ds_source.h"
#include "ll_time.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_LINES 3 /* complete lines a sample needs to be taken for a matrix */
#define MIN_SERIES 16 /* numbers one line needs to be taken for a series */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Splits line at runs of blanks, or at sep (',' or ';', blanks around it
 * ignored) when it is not 0: the number of cells, every one a number
 * (bad: 1 when one is not, its text in *bad_at / *bad_len), the values in
 * out when it is not NULL (at most cap). */
static size_t split_numbers(const char *line, size_t len, char sep, double *out, size_t cap, int *bad,
			    const char **bad_at, size_t *bad_len)
{
	size_t i = 0, k = 0;
	*bad = 0;
	while (i < len) {
		while (i < len && is_blank(line[i]))
			i++;
		if (i == len)
			break;
		size_t s = i, e;
		if (sep) { /* the cell runs to the separator, blanks around it trimmed */
			while (i < len && line[i] != sep)
				i++;
			e = i;
			while (e > s && is_blank(line[e - 1]))
				e--;
			if (i < len)
				i++;
		} else {
			while (i < len && !is_blank(line[i]))
				i++;
			e = i;
		}
		double v;
		/* a decimal comma ("21,21") where blanks or ';' split the cells,
		 * as the csv reader reads one where commas do not: what printf
		 * writes under a European locale */
		if (e == s || !ds_csv_number(line + s, e - s, sep ? sep : ' ', &v)) {
			*bad = 1;
			if (bad_at) {
				*bad_at = line + s;
				*bad_len = e > s ? e - s : 1;
			}
			return k;
		}
		if (out && k < cap)
			out[k] = v;
		k++;
	}
	return k;
}

#define MAX_NAME 64

/* The text of the header's next name at line[*i], quotes around it taken
 * off, into name (MAX_NAME + 1 bytes); 0 when the line has no more. A name
 * has a letter or '_' and is no number. -1 when a word is no name. */
static int next_name(const char *line, size_t len, size_t *i, char *name)
{
	while (*i < len && is_blank(line[*i]))
		(*i)++;
	if (*i == len)
		return 0;
	size_t s = *i;
	while (*i < len && !is_blank(line[*i]))
		(*i)++;
	size_t e = *i;
	if (e - s >= 2 && line[s] == '"' && line[e - 1] == '"') {
		s++;
		e--;
	}
	double v;
	int letter = 0;
	for (size_t k = s; k < e; k++)
		letter |= (line[k] >= 'A' && line[k] <= 'Z') || (line[k] >= 'a' && line[k] <= 'z') || line[k] == '_';
	if (e == s || e - s > MAX_NAME || !letter || ll_parse_number(line + s, e - s, &v))
		return -1;
	memcpy(name, line + s, e - s);
	name[e - s] = '\0';
	return 1;
}

/* How many names the line holds when it is a header of names (after a
 * numpy "#" and blanks), else 0; where they start in *from. */
static size_t header_names(const char *line, size_t len, size_t *from)
{
	size_t i = 0, k = 0;
	char name[MAX_NAME + 1];
	while (i < len && is_blank(line[i]))
		i++;
	if (i < len && line[i] == '#')
		i++;
	*from = i;
	int got;
	while ((got = next_name(line, len, &i, name)) == 1)
		k++;
	return got == 0 ? k : 0;
}

/* The one line of text holding anything in data[0, n), blank lines
 * around it aside: 1 with it in *line / *len, 0 for none or several. */
static int only_line(const char *data, size_t n, const char **line, size_t *len)
{
	size_t pos = 0, l, found = 0;
	const char *p;
	while (ds_source_next_line(data, n, &pos, &p, &l)) {
		size_t i = 0;
		while (i < l && is_blank(p[i]))
			i++;
		if (i == l)
			continue;
		if (found++)
			return 0;
		*line = p;
		*len = l;
	}
	return found == 1;
}

/* The separator of a line of numbers taken for a series: ',' or ';' when
 * the line has one, else blanks (0). */
static char series_sep(const char *line, size_t len)
{
	return memchr(line, ',', len) ? ',' : memchr(line, ';', len) ? ';' : 0;
}

/* Whether the sample's one line holds MIN_SERIES numbers or more: the
 * file is a series. */
static int series_line(const char *line, size_t len)
{
	int bad;
	size_t k = split_numbers(line, len, series_sep(line, len), NULL, 0, &bad, NULL, NULL);
	return !bad && k >= MIN_SERIES;
}

static int numbers_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (n == 0 || !ds_looks_like_text(head, n))
		return 0;
	const char *one;
	size_t one_len;
	/* above the csv reader's 65: a one-row table of thousands of columns
	 * is what it would make of a comma-separated series. A line cut by
	 * the sample (over 2 MiB) may be the first of a wide table's rows:
	 * the other readers' */
	if (only_line(head, n, &one, &one_len))
		return head[n - 1] == '\n' && series_line(one, one_len) ? 66 : 0;
	size_t pos = 0, len, lines = 0, width = 0, from;
	const char *line;
	int named = 0;
	while (ds_source_next_line(head, n, &pos, &line, &len)) {
		/* a last line cut off by the sniff window says nothing */
		if (pos >= n && lines > 0 && head[n - 1] != '\n')
			break;
		int bad;
		size_t k = split_numbers(line, len, 0, NULL, 0, &bad, NULL, NULL);
		if (bad && !lines && !named && (width = header_names(line, len, &from)) >= 2) {
			named = 1;
			continue;
		}
		if (bad)
			return 0;
		if (k == 0)
			continue;
		if (lines++ == 0 && !named)
			width = k;
		else if (k != width)
			return 0;
	}
	/* one number a line is the csv reader's (a header may sit above it) */
	return lines >= MIN_LINES && width >= 2 ? 60 : 0;
}

/* A file of one line of numbers as a series: a column "value", a row a
 * number, and a note saying so. */
static int load_series(const char *path, const char *line, size_t len, struct ll_table **out, struct ll_err *err)
{
	char sep = series_sep(line, len);
	int bad;
	const char *at = NULL;
	size_t at_len = 0;
	size_t k = split_numbers(line, len, sep, NULL, 0, &bad, &at, &at_len);
	if (bad)
		return ll_err_set(err, LL_EDATA, "%s:1: '%.*s' is not a number", path, (int)(at_len > 40 ? 40 : at_len),
				  at);
	struct ll_table *t = ll_table_new();
	double *v = malloc((k ? k : 1) * sizeof *v);
	if (!t || !v || ll_table_add_column(t, "value", LL_COL_NUM) < 0)
		goto nomem;
	split_numbers(line, len, sep, v, k, &bad, NULL, NULL);
	for (size_t i = 0; i < k; i++) {
		long r = ll_table_append_row(t);
		if (r < 0)
			goto nomem;
		ll_table_set_num(t, (size_t)r, 0, v[i]);
	}
	if (ll_table_note(t, "%s: one line of %zu numbers read as a series, a row per number (as numpy.loadtxt reads it)",
			  path, k) != LL_OK)
		goto nomem;
	free(v);
	*out = t;
	return LL_OK;
nomem:
	free(v);
	ll_table_free(t);
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
}

/* 1 when the first numbers of the lines from pos on (header_line
 * skipped) are an unnamed clock as the csv reader judges one
 * (ds_csv_epoch_clock): whole epochs of 2000..2100 in one unit that never
 * go back. Stops at the first that is not. */
static int first_is_clock(const struct ds_source *src, size_t pos)
{
	struct ds_csv_colstat st = {0};
	const char *line;
	size_t len;
	double v[1];
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		/* the first cell alone: the load reads the others (one pass
		 * of split_numbers over each line would cost as much as it) */
		size_t a = 0, b;
		while (a < len && is_blank(line[a]))
			a++;
		if (a == len)
			continue;
		for (b = a; b < len && !is_blank(line[b]); b++)
			;
		if (!ll_parse_number(line + a, b - a, v))
			return 0;
		int unit = ds_csv_epoch_unit(v[0]);
		if (!unit || (st.whole_epochs && v[0] < st.epoch_last))
			return 0;
		st.epochs_up += st.whole_epochs && v[0] > st.epoch_last;
		st.epoch_units |= 1u << unit;
		st.epoch_last = v[0];
		st.whole_epochs++;
		st.present++;
		st.num++;
	}
	return ds_csv_epoch_clock(&st);
}

static int numbers_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			struct ll_err *err)
{
	(void)opts;
	*out = NULL;
	const char *path = src->path;
	size_t pos = 0, len, lineno = 0, width = 0;
	const char *line;
	if (only_line(src->data, src->size, &line, &len)) {
		/* a long line is a series; a bad cell is named the way the
		 * line's separators cut it */
		char sep = series_sep(line, len);
		int bad;
		size_t k = split_numbers(line, len, sep, NULL, 0, &bad, NULL, NULL);
		if (k >= MIN_SERIES || (bad && sep))
			return load_series(path, line, len, out, err);
	}
	/* the first row fixes the width, or a header of names above it */
	const char *header = NULL;
	size_t header_len = 0, header_from = 0, header_line = 0, names = 0;
	while (!width && ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		lineno++;
		int bad;
		const char *at = NULL;
		size_t at_len = 0;
		width = split_numbers(line, len, 0, NULL, 0, &bad, &at, &at_len);
		if (bad && !header && (names = header_names(line, len, &header_from)) >= 2) {
			header = line;
			header_len = len;
			header_line = lineno;
			width = 0;
			continue;
		}
		if (bad)
			return ll_err_set(err, LL_EDATA, "%s:%zu: '%.*s' is not a number", path, lineno,
					  (int)(at_len > 40 ? 40 : at_len), at);
	}
	if (!width)
		return ll_err_set(err, LL_EDATA, "%s: no line of numbers", path);
	if (header && names != width)
		return ll_err_set(err, LL_EDATA, "%s:%zu: %zu names over rows of %zu numbers", path, header_line, names,
				  width);
	struct ll_table *t = ll_table_new();
	double *row = malloc(width * sizeof *row);
	int rc = LL_OK;
	if (!t || !row) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	/* no name over it: a first column of epochs is the time, as in a csv */
	int clock = !header && first_is_clock(src, 0);
	size_t hi = header_from;
	for (size_t c = 0; c < width; c++) {
		char name[MAX_NAME + 16];
		if (header)
			next_name(header, header_len, &hi, name);
		else
			snprintf(name, sizeof name, "col%zu", c + 1);
		/* a name given twice: the later one numbered, as the csv reader does */
		if (ll_table_find_column(t, name) >= 0) {
			size_t l = strlen(name);
			snprintf(name + l, sizeof name - l, "_%zu", c + 1);
		}
		if (ll_table_add_column(t, name, clock && c == 0 ? LL_COL_TIME : LL_COL_NUM) < 0) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto fail;
		}
	}
	pos = 0;
	lineno = 0;
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		if (++lineno == header_line)
			continue;
		int bad;
		const char *at = NULL;
		size_t at_len = 0;
		size_t k = split_numbers(line, len, 0, row, width, &bad, &at, &at_len);
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
		if (clock && !ll_time_from_epoch(row[0], &row[0]))
			row[0] = NAN;
		for (size_t c = 0; c < width; c++)
			ll_table_set_num(t, (size_t)r, c, row[c]);
	}
	const char *base = strrchr(path, '/');
	if (clock && ll_table_note(t, "%s: col1, whole epochs of 2000..2100 that never go back, read as the time",
				   base ? base + 1 : path) != LL_OK) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto fail;
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
	.summary = "numbers separated by blanks, one row a line, under a line of names or none (numpy.savetxt); one line of many "
		   "numbers is a series",
	.sniff = numbers_sniff,
	.load = numbers_load,
	.line = NULL,
};
