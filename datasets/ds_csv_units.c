/*
 * ds_csv_units.c - rows under a table's header that say the columns' units
 * or how they were sampled, not values (ds_csv.h, ds_csv_units_rows).
 *
 * Data loggers, instruments and monitoring exports write them: a units row
 * ("TS","RN","Volts","Deg C") and an aggregation row ("","","Avg","Smp")
 * under Campbell Scientific's TOA5 header, "ISO8601,%,MB,IOPS" under a
 * tool's. Read as rows they make every number column text. A row is taken
 * for one when none of its cells is a number or a time while the rows
 * below are numbers or times, in most of the columns where it has text.
 */
#include "ds_csv.h"
#include "ds_line_map.h"
#include "ll_time.h"

#include <stdio.h>
#include <string.h>

/* How far below the candidates the columns are judged. */
#define BELOW_RECORDS 50

static int is_value(const char *s, size_t n, int year)
{
	double v;
	return ll_parse_number(s, n, &v) || ll_time_parse_year(s, n, year, &v);
}

/* 1 when no cell of the record is a number or a time. A cell with no
 * value ("NA", a spreadsheet's "#N/A") is none either way. */
static int no_values(const struct ds_csv_tok *tk, int year)
{
	for (size_t c = 0; c < tk->nf; c++)
		if (!ds_csv_no_value(tk->f[c].p, tk->f[c].len) && is_value(tk->f[c].p, tk->f[c].len, year))
			return 0;
	return 1;
}

size_t ds_csv_units_rows(const char *data, size_t size, char delim, size_t pos, size_t line, size_t ncols, int year,
			 const struct ds_line_map *map, size_t *body_pos, size_t *body_line, char *what, size_t cap)
{
	enum { MAX_UNITS = 3, MAX_COLS = 256 };
	*body_pos = pos;
	*body_line = line;
	if (cap)
		what[0] = 0;
	if (ncols < 2 || ncols > MAX_COLS)
		return 0;
	struct ds_csv_tok tk;
	struct ll_err err;
	ds_csv_tok_init(&tk, data, size, pos, line, delim, 0);
	/* the candidates: records of the header's width without a value */
	unsigned char text[MAX_UNITS][MAX_COLS];
	size_t n = 0, ends[MAX_UNITS], end_lines[MAX_UNITS], lines[MAX_UNITS];
	size_t below_pos = pos, below_line = line;
	while (n < MAX_UNITS) {
		size_t at = tk.pos, at_line = tk.line;
		if (ds_csv_next(&tk, "", &err) != 1 || tk.nf != ncols || ds_csv_blank(&tk) || !no_values(&tk, year)) {
			below_pos = at;
			below_line = at_line;
			break;
		}
		for (size_t c = 0; c < ncols; c++)
			text[n][c] = !ds_csv_no_value(tk.f[c].p, tk.f[c].len);
		lines[n] = tk.rec_line;
		ends[n] = tk.pos;
		end_lines[n] = tk.line;
		n++;
		below_pos = tk.pos;
		below_line = tk.line;
	}
	ds_csv_tok_free(&tk);
	if (!n)
		return 0;
	/* the rows below: which columns hold values */
	size_t values[MAX_COLS] = {0}, present[MAX_COLS] = {0}, seen = 0;
	ds_csv_tok_init(&tk, data, size, below_pos, below_line, delim, 0);
	while (seen < BELOW_RECORDS && ds_csv_next(&tk, "", &err) == 1) {
		if (ds_csv_blank(&tk) || tk.nf != ncols)
			continue;
		seen++;
		for (size_t c = 0; c < ncols; c++) {
			if (ds_csv_no_value(tk.f[c].p, tk.f[c].len))
				continue;
			present[c]++;
			values[c] += (size_t)is_value(tk.f[c].p, tk.f[c].len, year);
		}
	}
	ds_csv_tok_free(&tk);
	if (seen < 2)
		return 0;
	/* every candidate, down to the last taken, has text over value columns
	 * in most of the columns where it has text */
	size_t taken = 0;
	for (size_t k = 0; k < n; k++) {
		size_t over_values = 0, texts = 0;
		for (size_t c = 0; c < ncols; c++) {
			if (!text[k][c])
				continue;
			texts++;
			over_values += present[c] && values[c] * 10 >= present[c] * 9;
		}
		if (!over_values || over_values * 2 < texts)
			break;
		taken = k + 1;
	}
	if (!taken)
		return 0;
	*body_pos = ends[taken - 1];
	*body_line = end_lines[taken - 1];
	if (cap)
		snprintf(what, cap, taken == 1 ? "line %zu" : "lines %zu-%zu", ds_line_map_at(map, lines[0]),
			 ds_line_map_at(map, lines[taken - 1]));
	return taken;
}
