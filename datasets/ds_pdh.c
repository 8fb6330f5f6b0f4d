/*
 * ds_pdh.c - Windows performance logs (PDH-CSV, PDH-TSV) read in UTC
 * (ds_pdh.h).
 */
#include "ds_pdh.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* s[*i] opens with word: *i moves past it. */
static int take(const char *s, size_t n, size_t *i, const char *word)
{
	size_t m = strlen(word);
	if (*i + m > n || memcmp(s + *i, word, m) != 0)
		return 0;
	*i += m;
	return 1;
}

int ds_pdh_detect(const char *data, size_t size, struct ds_pdh *out)
{
	size_t i = 0, line = 0;
	while (line < size && data[line] != '\n' && data[line] != '\r')
		line++;
	take(data, line, &i, "\xEF\xBB\xBF");
	size_t open = i;
	take(data, line, &i, "\"");
	size_t cell = i;
	if (!take(data, line, &i, "(PDH-CSV 4.0) (") && !take(data, line, &i, "(PDH-TSV 4.0) ("))
		return 0;
	size_t zone = i;
	while (i < line && data[i] != ')' && data[i] != '"')
		i++;
	size_t zone_len = i - zone;
	if (!zone_len || zone_len >= sizeof out->zone || !take(data, line, &i, ")("))
		return 0;
	int sign = take(data, line, &i, "-") ? -1 : 1;
	long bias = 0;
	size_t digits = i;
	while (i < line && data[i] >= '0' && data[i] <= '9' && i - digits < 5)
		bias = bias * 10 + (data[i++] - '0');
	/* no zone lies more than 14 hours from UTC */
	if (i == digits || bias > 14 * 60 || !take(data, line, &i, ")"))
		return 0;
	size_t cell_len = i - cell;
	if (data[open] == '"' && !take(data, line, &i, "\""))
		return 0;
	if (i < line && data[i] != ',' && data[i] != '\t' && data[i] != ';')
		return 0;
	memcpy(out->zone, data + zone, zone_len);
	out->zone[zone_len] = 0;
	out->bias = sign * (int)bias;
	if (cell_len >= sizeof out->cell)
		cell_len = sizeof out->cell - 1;
	memcpy(out->cell, data + cell, cell_len);
	out->cell[cell_len] = 0;
	return 1;
}

size_t ds_pdh_blank_tail(const char *data, size_t size, char delim)
{
	size_t end = size;
	while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r'))
		end--;
	size_t start = end;
	while (start > 0 && data[start - 1] != '\n')
		start--;
	/* the header's line is never the tail */
	if (!start || start == end)
		return 0;
	size_t delims = 0;
	for (size_t k = start; k < end; k++) {
		if (data[k] == delim)
			delims++;
		else if (data[k] != ' ' && data[k] != '"' && data[k] != '\r')
			return 0;
	}
	return delims ? start : 0;
}

int ds_pdh_to_utc(struct ll_table *t, size_t col, const struct ds_pdh *pdh, const char *path, struct ll_err *err)
{
	if (col >= ll_table_ncols(t))
		return LL_OK;
	if (ll_table_col_type(t, col) != LL_COL_TIME) {
		/* renamed all the same: the user is told what it was */
		if (strcmp(ll_table_col_name(t, col), pdh->cell) != 0 &&
		    ll_table_note(t, "%s: the PDH log's time column (header '%s') is named '%s'; its cells are no times, so "
				  "the bias of zone '%s' is not applied", path, pdh->cell, ll_table_col_name(t, col),
				  pdh->zone) != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		return LL_OK;
	}
	double shift = pdh->bias * 60.0;
	for (size_t r = 0, n = ll_table_nrows(t); r < n && shift != 0; r++) {
		double v = ll_table_num(t, r, col);
		if (!isnan(v) && ll_table_set_num(t, r, col, v + shift) != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	int m = pdh->bias < 0 ? -pdh->bias : pdh->bias;
	/* Windows' bias has the opposite sign of the UTC offset */
	if (ll_table_note(t,
			  "%s: times are shown in UTC; the PDH log's local times are of zone '%s', bias %d minutes "
			  "(UTC%c%02d:%02d), applied to every row: a change to or from summer time within the log is not "
			  "known from the header; the time column's header '%s' is named '%s'",
			  path, pdh->zone, pdh->bias, pdh->bias > 0 ? '-' : '+', m / 60, m % 60, pdh->cell,
			  ll_table_col_name(t, col)) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	return LL_OK;
}
