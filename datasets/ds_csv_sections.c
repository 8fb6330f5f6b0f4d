/*
 * ds_csv_sections.c - a file of several tables one after another, each
 * under its own '#' header line, read as one table.
 *
 * sadf -d of many activities writes such a file ("# hostname;interval;
 * timestamp;CPU;%usr..." then its rows, "# hostname;interval;timestamp;
 * proc/s;cswch/s" then its rows, and so on), and so do other tools that
 * dump one report after another. Each part is a table of its own, read as
 * the csv reader reads any table (its header in a comment, types, units,
 * then a long part pivoted, ds_pivot.h); the parts are then joined on their
 * time column, which is what the user of such a file wants: one row per
 * time with every metric of every part beside it. A column name two parts
 * share (sadf's hostname and interval, or a part repeated later in the
 * file for later times) is one column. A part that cannot be read, or has
 * no time column, is left out with a note; the others stay.
 */
#include "ds_colindex.h"
#include "ds_csv.h"
#include "ds_line_map.h"
#include "ds_pivot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LEAD 4

struct section {
	size_t pos, line;      /* where its block of '#' lines starts */
	const char *hdr;       /* its header: the block's last '#' line of 2+ cells */
	size_t hdr_len;
	char key[DS_PIVOT_MAX_KEY_COLS][64]; /* the columns it was pivoted on */
	size_t nkey;
};

/* Cells of a '#' line split at delim (quotes not considered: a header). */
static size_t cells(const char *s, size_t n, char delim)
{
	size_t k = 1;
	for (size_t i = 0; i < n; i++)
		k += s[i] == delim;
	return k;
}

/* The parts of d: a block of '#' (and blank) lines holding a line of two
 * or more cells, then rows. Fills up to cap entries of out (NULL: count
 * only); returns how many parts there are (up to MAX_LEAD records may
 * come before the first header) (whole: 0 when d is a sniff
 * window whose last line may be cut), 0 when the file does not start
 * with such a block (rows before the first header belong to no part).
 * *distinct: 1 when two parts have different headers. */
static size_t scan(const char *d, size_t n, char delim, int whole, struct section *out, size_t cap, int *distinct)
{
	size_t pos = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, line = 1, count = 0, lead = 0;
	int in_block = 0;
	struct section cur = {0}, first = {0};
	*distinct = 0;
	while (pos < n) {
		const char *nl = memchr(d + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - d) : n, len = end - pos;
		/* a last line cut off by a sniff window says nothing */
		if (!nl && !whole && count)
			break;
		if (len && d[end - 1] == '\r')
			len--;
		if (!len || (d[pos] == '#' && !ds_csv_opens_with_error_value(d + pos, len, delim))) {
			if (!in_block) {
				in_block = 1;
				memset(&cur, 0, sizeof cur);
				cur.pos = pos;
				cur.line = line;
			}
			if (len && cells(d + pos + 1, len - 1, delim) >= 2) {
				cur.hdr = d + pos + 1;
				cur.hdr_len = len - 1;
			}
		} else {
			/* a few records before the first header (sadf's restart
			 * record) belong to no table; more mean a table of its own */
			if (!in_block && !count && ++lead > MAX_LEAD)
				return 0;
			/* a header of names under the '#' lines (InfluxDB's
			 * annotations above each table) is the part's header */
			if (in_block && ds_csv_names_over_values(d, n, delim, pos, line)) {
				cur.hdr = d + pos;
				cur.hdr_len = len;
			}
			if (in_block && cur.hdr) {
				if (count == 0)
					first = cur;
				else if (cur.hdr_len != first.hdr_len || memcmp(cur.hdr, first.hdr, cur.hdr_len) != 0)
					*distinct = 1;
				if (out && count < cap)
					out[count] = cur;
				count++;
			}
			in_block = 0;
		}
		pos = nl ? end + 1 : n;
		line++;
	}
	return count;
}

/* The parts of a file whose header is written again with more columns
 * after rows (a metrics agent restarted with a metric more: "ts,cpu,mem"
 * then rows, "ts,cpu,mem,gpu" then rows): the file's first line is a
 * header of names over values, and a later line that repeats the header
 * in force and goes on with more names, itself names over values, opens
 * the next part. Same interface as scan(); *distinct is 1 when there are
 * two parts or more. A header repeated unchanged is the generic loader's
 * (left out as files joined one after another). */
static size_t scan_widened(const char *d, size_t n, char delim, int whole, struct section *out, size_t cap,
			   int *distinct)
{
	size_t pos = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, line = 1, count = 0;
	*distinct = 0;
	if (pos >= n || d[pos] == '#' || !ds_csv_names_over_values(d, n, delim, pos, 1))
		return 0;
	const char *hdr = NULL;
	size_t hdr_len = 0;
	while (pos < n) {
		const char *nl = memchr(d + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - d) : n, len = end - pos;
		if (!nl && !whole)
			break; /* a last line cut off by a sniff window says nothing */
		if (len && d[end - 1] == '\r')
			len--;
		int opens = !hdr || (len > hdr_len && d[pos + hdr_len] == delim && memcmp(d + pos, hdr, hdr_len) == 0 &&
				     ds_csv_names_over_values(d, n, delim, pos, line));
		if (opens) {
			if (out && count < cap) {
				memset(&out[count], 0, sizeof out[count]);
				out[count].pos = pos;
				out[count].line = line;
				out[count].hdr = d + pos;
				out[count].hdr_len = len;
			}
			count++;
			hdr = d + pos;
			hdr_len = len;
		}
		pos = nl ? end + 1 : n;
		line++;
	}
	*distinct = count >= 2;
	return count >= 2 ? count : 0;
}

/* The parts by '#' headers (scan()), else by widened headers; *plain 1
 * for the latter. */
static size_t find_parts(const char *d, size_t n, char delim, int whole, struct section *out, size_t cap,
			 int *distinct, int *plain)
{
	size_t k = scan(d, n, delim, whole, out, cap, distinct);
	*plain = 0;
	if (k)
		return k;
	k = scan_widened(d, n, delim, whole, out, cap, distinct);
	*plain = k > 0;
	return k;
}

/* 1 when the first record at or after pos (after a header of names
 * under the '#' lines) has a cell that is a time: tables are joined on
 * their time, so parts without one are not this shape (they stay what
 * they were read as before). */
static int row_has_time(const char *d, size_t n, size_t pos, char delim)
{
	while (pos < n && (d[pos] == '#' || d[pos] == '\n' || d[pos] == '\r')) {
		const char *nl = memchr(d + pos, '\n', n - pos);
		pos = nl ? (size_t)(nl - d) + 1 : n;
	}
	if (pos < n && ds_csv_names_over_values(d, n, delim, pos, 1)) {
		const char *nl = memchr(d + pos, '\n', n - pos);
		pos = nl ? (size_t)(nl - d) + 1 : n;
	}
	const char *nl = pos < n ? memchr(d + pos, '\n', n - pos) : NULL;
	size_t end = nl ? (size_t)(nl - d) : n;
	for (size_t a = pos; a < end;) {
		const char *e = memchr(d + a, delim, end - a);
		size_t b = e ? (size_t)(e - d) : end;
		double t;
		if (b > a && ds_csv_cell_time(d + a, b - a, 1970, &t))
			return 1;
		a = b + 1;
	}
	return 0;
}

size_t ds_csv_sections_count(const char *head, size_t n, char delim)
{
	int distinct, plain;
	struct section first[1];
	size_t k = delim ? find_parts(head, n, delim, 0, first, 1, &distinct, &plain) : 0;
	return k >= 2 && distinct && row_has_time(head, n, first[0].pos, delim) ? k : 0;
}

size_t ds_csv_widened_count(const char *d, size_t n, char delim)
{
	int distinct;
	struct section first[1];
	size_t k = delim ? scan_widened(d, n, delim, 1, first, 1, &distinct) : 0;
	return k >= 2 && row_has_time(d, n, first[0].pos, delim) ? k : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int first_time_column(const struct ll_table *t)
{
	for (size_t c = 0; c < ll_table_ncols(t); c++)
		if (ll_table_col_type(t, c) == LL_COL_TIME)
			return (int)c;
	return -1;
}

/* A new column of out, in its index too. */
static int add_indexed(struct ll_table *out, struct ds_colindex *ix, const char *name, enum ll_coltype ty)
{
	int oc = ll_table_add_column(out, name, ty);
	if (oc >= 0 && ds_colindex_add(ix, out, (size_t)oc) != LL_OK)
		return LL_ENOMEM;
	return oc;
}

/* The output column for column c of a part: the one of that name and type
 * when there is one, else a new one (named name_2... when the name is
 * taken by another type). Found through ix, out's index: a file of a
 * thousand parts of their own metrics makes tens of thousands. */
static int column_for(struct ll_table *out, struct ds_colindex *ix, const char *name, enum ll_coltype ty)
{
	long oc = ds_colindex_find(ix, out, name);
	if (oc >= 0 && ll_table_col_type(out, (size_t)oc) == ty)
		return (int)oc;
	if (oc < 0)
		return add_indexed(out, ix, name, ty);
	size_t len = strlen(name) + 24;
	char *nm = malloc(len);
	if (!nm)
		return LL_ENOMEM;
	for (unsigned k = 2;; k++) {
		snprintf(nm, len, "%s_%u", name, k);
		oc = ds_colindex_find(ix, out, nm);
		if (oc < 0 || ll_table_col_type(out, (size_t)oc) == ty)
			break;
	}
	if (oc < 0)
		oc = add_indexed(out, ix, nm, ty);
	free(nm);
	return (int)oc;
}

int ds_csv_join_on_time(struct ll_table **parts, size_t np, const char *path, struct ll_table **out, struct ll_err *err)
{
	size_t total = 0;
	for (size_t i = 0; i < np; i++)
		total += ll_table_nrows(parts[i]);
	double *times = malloc((total ? total : 1) * sizeof *times);
	struct ll_table *o = ll_table_new();
	struct ds_colindex ix = {0};
	if (!times || !o)
		goto nomem;
	size_t nt = 0;
	for (size_t i = 0; i < np; i++) {
		const double *tv = ll_table_column_data(parts[i], (size_t)first_time_column(parts[i]));
		for (size_t r = 0; r < ll_table_nrows(parts[i]); r++)
			if (!isnan(tv[r]))
				times[nt++] = tv[r];
	}
	qsort(times, nt, sizeof *times, cmp_double);
	size_t u = 0;
	for (size_t i = 0; i < nt; i++)
		if (i == 0 || times[i] != times[u - 1])
			times[u++] = times[i];
	int tc0 = first_time_column(parts[0]);
	if (ll_table_add_column(o, ll_table_col_name(parts[0], (size_t)tc0), LL_COL_TIME) < 0 ||
	    ll_table_reserve(o, u) != LL_OK || ds_colindex_build(&ix, o) != LL_OK)
		goto nomem;
	for (size_t i = 0; i < u; i++) {
		if (ll_table_append_row(o) < 0)
			goto nomem;
		ll_table_set_num(o, i, 0, times[i]);
	}
	size_t repeated = 0;
	for (size_t i = 0; i < np; i++) {
		const struct ll_table *p = parts[i];
		size_t tc = (size_t)first_time_column(p);
		const double *tv = ll_table_column_data(p, tc);
		for (size_t c = 0; c < ll_table_ncols(p); c++) {
			if (c == tc)
				continue;
			enum ll_coltype ty = ll_table_col_type(p, c);
			int oc = column_for(o, &ix, ll_table_col_name(p, c), ty);
			if (oc < 0)
				goto nomem;
			for (size_t r = 0; r < ll_table_nrows(p); r++) {
				if (isnan(tv[r]))
					continue;
				size_t lo = 0, hi = u;
				while (lo < hi) {
					size_t mid = (lo + hi) / 2;
					if (times[mid] < tv[r])
						lo = mid + 1;
					else
						hi = mid;
				}
				/* the first value of a time and column stays */
				if (ty == LL_COL_TEXT) {
					const char *s = ll_table_text(p, r, c);
					if (!*s)
						continue;
					const char *w = ll_table_text(o, lo, (size_t)oc);
					if (*w) {
						repeated += strcmp(w, s) != 0;
						continue;
					}
					if (ll_table_set_text(o, lo, (size_t)oc, s, strlen(s)) != LL_OK)
						goto nomem;
				} else {
					double v = ll_table_num(p, r, c);
					if (isnan(v))
						continue;
					double w = ll_table_num(o, lo, (size_t)oc);
					if (!isnan(w)) {
						repeated += w != v;
						continue;
					}
					ll_table_set_num(o, lo, (size_t)oc, v);
				}
			}
		}
	}
	for (size_t i = 0; i < np; i++)
		for (size_t k = 0; k < ll_table_nnotes(parts[i]); k++) {
			/* a note two tables share (the same columns read the same way) once */
			const char *s = ll_table_note_text(parts[i], k);
			int said = 0;
			for (size_t j = 0; j < ll_table_nnotes(o) && !said; j++)
				said = strcmp(ll_table_note_text(o, j), s) == 0;
			if (!said && ll_table_note(o, "%s", s) != LL_OK)
				goto nomem;
		}
	if (repeated && ll_table_note(o,
				      "%s: %zu cells repeat a time and column another table of the file already "
				      "gave, with another value; the first kept",
				      path, repeated) != LL_OK)
		goto nomem;
	free(times);
	ds_colindex_free(&ix);
	*out = o;
	return LL_OK;
nomem:
	free(times);
	ds_colindex_free(&ix);
	ll_table_free(o);
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
}

/* 1 when every part's header has a cell called name (blanks around
 * cells aside, as the header reader takes them). */
static int in_every_header(const struct section *sec, size_t nsec, const char *name, char delim)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < nsec; i++) {
		const char *h = sec[i].hdr, *end = h + sec[i].hdr_len;
		int found = 0;
		while (h <= end && !found) {
			const char *e = memchr(h, delim, (size_t)(end - h));
			if (!e)
				e = end;
			const char *a = h, *b = e;
			while (a < b && (*a == ' ' || *a == '\t'))
				a++;
			while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
				b--;
			found = (size_t)(b - a) == len && memcmp(a, name, len) == 0;
			h = e + 1;
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* Part i pivoted when it is long (ds_pivot.h); a part too short to tell
 * (one time: sadf's last report after a restart) under the same header as
 * an earlier long part is pivoted on that part's key, so the two fill the
 * same columns. */
static int pivot_part(struct ll_table **t, struct section *sec, size_t nsec, size_t i, char delim, const char *path,
		      struct ll_err *err)
{
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey = 0;
	int found = ds_pivot_detect(*t, 20000, 0, key, &nkey);
	if (found < 0)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	for (size_t j = i; !found && j-- > 0;) {
		if (!sec[j].nkey || sec[j].hdr_len != sec[i].hdr_len || memcmp(sec[j].hdr, sec[i].hdr, sec[i].hdr_len) != 0)
			continue;
		found = 1;
		for (size_t k = 0; k < sec[j].nkey && found; k++) {
			int c = ll_table_find_column(*t, sec[j].key[k]);
			found = c >= 0;
			key[k] = (size_t)(c >= 0 ? c : 0);
		}
		nkey = found ? sec[j].nkey : 0;
		break;
	}
	/* repeated times the join would lose: any key that tells them apart */
	if (!found && (found = ds_pivot_detect(*t, 20000, 1, key, &nkey)) < 0)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (!found)
		return LL_OK;
	for (size_t k = 0; k < nkey; k++)
		snprintf(sec[i].key[k], sizeof sec[i].key[k], "%s", ll_table_col_name(*t, key[k]));
	sec[i].nkey = nkey;
	/* the columns every table of the file has (a host, the interval)
	 * describe the report, not an entity: they stay one column each */
	size_t ncols = ll_table_ncols(*t);
	char *single = calloc(ncols ? ncols : 1, 1);
	if (!single)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	for (size_t c = 0; c < ncols; c++)
		single[c] = (char)in_every_header(sec, nsec, ll_table_col_name(*t, c), delim);
	struct ll_table *wide = NULL;
	struct ll_err sub;
	int rc = ds_pivot(*t, key, nkey, single, path, 0, &wide, &sub);
	free(single);
	if (rc == LL_ENOMEM)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc != LL_OK) /* too sparse: the part stays as it is, said */
		return ll_table_note(*t, "%s (the table is left as it is)", sub.msg) == LL_OK
			       ? LL_OK
			       : ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	ll_table_free(*t);
	*t = wide;
	return LL_OK;
}

int ds_csv_load_sections(const struct ds_source *src, const struct ds_open_opts *opts, char delim,
			 struct ll_table **out, struct ll_err *err)
{
	*out = NULL;
	int distinct, plain;
	size_t ns = find_parts(src->data, src->size, delim, 1, NULL, 0, &distinct, &plain);
	struct section *sec = calloc(ns ? ns : 1, sizeof *sec);
	struct ll_table **parts = calloc(ns ? ns : 1, sizeof *parts);
	char left[600] = "", pivlist[300] = "";
	size_t np = 0, nleft = 0, at = 0, npiv = 0, pat = 0;
	int rc = LL_OK;
	if (!sec || !parts) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		goto done;
	}
	find_parts(src->data, src->size, delim, 1, sec, ns, &distinct, &plain);
	for (size_t i = 0; i < ns; i++) {
		struct ds_source part = *src;
		part.data = src->data + sec[i].pos;
		part.size = (i + 1 < ns ? sec[i + 1].pos : src->size) - sec[i].pos;
		struct ll_table *t = NULL;
		struct ll_err sub;
		ll_err_clear(&sub);
		/* tables joined on their time are not one layout to follow */
		struct ds_open_opts po = *opts;
		po.keep_layout = NULL;
		int prc = ds_csv_load_from(&part, &po, 0, sec[i].line, &t, &sub);
		if (prc == LL_OK && (prc = pivot_part(&t, sec, ns, i, delim, src->path, &sub)) != LL_OK) {
			ll_table_free(t);
			t = NULL;
		}
		if (prc == LL_ENOMEM) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
			goto done;
		}
		const char *why = prc != LL_OK ? sub.msg : first_time_column(t) < 0 ? "it has no time column" : NULL;
		if (why) {
			ll_table_free(t);
			if (nleft++ < 4 && at < sizeof left) {
				int w = snprintf(left + at, sizeof left - at, "%sline %zu (%s)", at ? "; " : "",
						 ds_line_map_at(src->line_map, sec[i].line),
						 why);
				at += w > 0 ? (size_t)w : 0;
			}
			continue;
		}
		parts[np++] = t;
		/* the key columns' names, each once, for the note */
		for (size_t k = 0; k < sec[i].nkey; k++) {
			const char *nm = sec[i].key[k];
			size_t len = strlen(nm);
			int known = 0;
			for (const char *q = pivlist; !known && (q = strstr(q, nm)) != NULL; q += len)
				known = (q == pivlist || q[-1] == '\'') && q[len] == '\'';
			if (!known && pat + len + 8 < sizeof pivlist)
				pat += (size_t)snprintf(pivlist + pat, sizeof pivlist - pat, "%s'%s'", pat ? ", " : "", nm);
		}
		npiv += sec[i].nkey > 0;
	}
	if (!np) { /* nothing to join on: read as one table, as before */
		rc = ds_csv_load_generic(src, opts, 0, out, err);
		if (rc == LL_OK &&
		    ll_table_note(*out, "%s: %zu tables under '#' header lines, none with a time column to join them on (%s): "
					"read as one table under the first header",
				  src->path, ns, left) != LL_OK) {
			ll_table_free(*out);
			*out = NULL;
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		}
		goto done;
	}
	if ((rc = ds_csv_join_on_time(parts, np, src->path, out, err)) != LL_OK)
		goto done;
	if (sec[0].line > 1 &&
	    ll_table_note(*out, "%s: line%s 1%s%.0zu come%s before the first table's header and belong%s to no table; left out",
			  src->path, sec[0].line > 2 ? "s" : "", sec[0].line > 2 ? " to " : "", sec[0].line > 2 ? sec[0].line - 1 : 0,
			  sec[0].line > 2 ? "" : "s", sec[0].line > 2 ? "" : "s") != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		goto done;
	}
	const struct ll_table *p0 = parts[0];
	if (ll_table_note(*out,
			  "%s: %zu tables one after another, each under its own %s; joined on their time "
			  "column '%s': a row per time, the columns of every table beside each other (a name two "
			  "tables share is one column)",
			  src->path, ns,
			  plain ? "header line (each later header the one before it with columns added)" : "'#' header line",
			  ll_table_col_name(p0, (size_t)first_time_column(p0))) != LL_OK ||
	    (npiv && ll_table_note(*out,
				   "%s: %zu of the tables are long (a row per time and entity: %s); each is pivoted to "
				   "a column per metric and entity, named 'metric.entity'",
				   src->path, npiv, pivlist) != LL_OK) ||
	    (nleft && ll_table_note(*out, "%s: %zu of the tables are left out: %s%s", src->path, nleft, left,
				    nleft > 4 ? "; ..." : "") != LL_OK)) {
		ll_table_free(*out);
		*out = NULL;
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
done:
	for (size_t i = 0; i < np; i++)
		ll_table_free(parts[i]);
	free(parts);
	free(sec);
	return rc;
}
