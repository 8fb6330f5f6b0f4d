/*
 * ds_dstat.c - the "dstat" reader: files written by `dstat --output` (and
 * pcp-dstat, and trimmed samples with a plain header whose time column is
 * in one of dstat's own formats).
 *
 * Layout of such a file: a few preamble lines ("Dstat 0.7.2 CSV output",
 * Author, Host, Cmdline), a group row ("total cpu usage",,,,"load avg",,)
 * and a column row whose names repeat across groups ("read","writ" under
 * several disks), then one row per sample. A group cell spans the columns
 * up to the next non-empty group cell, so columns are named "group/column"
 * ("dsk/total/read"; pcp-dstat 6's "dsk/total:read" under "dsk/total" is the
 * same name). dstat writes no newline inside quotes, so the file is
 * tokenized line by line: a quote the writer left open (pcp-dstat 5.0.3
 * breaks its Author line this way) ends with its line and becomes a note
 * instead of swallowing the rest of the file.
 */
#include "ds_csv.h"
#include "ll_time.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int two_digits(const char *s, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return 0;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return 1;
}

/* "hh:mm:ss" at s (8 bytes). */
static int clock_at(const char *s, int *h, int *mi, int *se)
{
	return two_digits(s, h) && s[2] == ':' && two_digits(s + 3, mi) && s[5] == ':' && two_digits(s + 6, se) &&
	       *h < 24 && *mi < 60 && *se <= 60;
}

/* dstat's own time formats besides epoch and ISO: "05-10 22:11:42" (day-month,
 * no year: dstat's default "%d-%m %H:%M:%S") and "16/02/2019 21:44:52". */
static int dstat_time(const char *s, size_t n, int year, double *out)
{
	if (ll_time_parse_year(s, n, year, out))
		return 1;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	int d, mo, h, mi, se, y = year;
	if (n == 14 && s[2] == '-' && s[5] == ' ') {
		if (!two_digits(s, &d) || !two_digits(s + 3, &mo) || !clock_at(s + 6, &h, &mi, &se))
			return 0;
	} else if (n == 19 && s[2] == '/' && s[5] == '/' && s[10] == ' ') {
		int y1, y2;
		if (!two_digits(s, &d) || !two_digits(s + 3, &mo) || !two_digits(s + 6, &y1) ||
		    !two_digits(s + 8, &y2) || !clock_at(s + 11, &h, &mi, &se))
			return 0;
		y = y1 * 100 + y2;
	} else {
		return 0;
	}
	if (d < 1 || d > 31 || mo < 1 || mo > 12)
		return 0;
	*out = ll_time_from_civil(y, mo, d, h, mi, se);
	return 1;
}

/* A header cell of the sniff window: bytes [p, p + n), quotes removed. */
struct hcell {
	const char *p;
	size_t n;
};

#define SNIFF_CELLS 256

/* Splits a header line on commas, dropping the quotes around a cell (dstat
 * puts no comma inside a quoted header name). Returns the cells found, at
 * most SNIFF_CELLS; 0 for a blank line. */
static size_t split_header(const char *line, size_t len, struct hcell *c)
{
	while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	if (!len)
		return 0;
	size_t n = 0, i = 0;
	for (;;) {
		size_t j = i;
		while (j < len && line[j] != ',')
			j++;
		if (n == SNIFF_CELLS)
			return n;
		const char *p = line + i;
		size_t w = j - i;
		if (w >= 2 && p[0] == '"' && p[w - 1] == '"') {
			p++;
			w -= 2;
		}
		c[n++] = (struct hcell){p, w};
		if (j == len)
			return n;
		i = j + 1;
	}
}

/* A header cell that is a number: dstat names its groups and columns with
 * words, while two rows of a table's data (a row with an empty cell over
 * one that repeats a value, "N" for two factors) have numbers among them. */
static int number_cell(const struct hcell *h)
{
	double v;
	return h->n && ll_parse_number(h->p, h->n, &v);
}

/* dstat's two header rows: a group row whose names span the columns up to
 * the next one (so it has empty cells, and a name in its first), over a
 * column row of as many names, none empty and none a number. What sets it
 * apart from a CSV with a two-level header: a column name repeated under
 * several groups ("read", "writ"), or dstat's own "total cpu usage" group. */
static int dstat_header_pair(const struct hcell *g, size_t ng, const struct hcell *c, size_t nc)
{
	if (ng < 2 || ng != nc || ng == SNIFF_CELLS || !g[0].n)
		return 0;
	size_t empty = 0;
	int cpu = 0;
	for (size_t i = 0; i < ng; i++) {
		empty += g[i].n == 0;
		cpu |= g[i].n == 15 && memcmp(g[i].p, "total cpu usage", 15) == 0;
		if (!c[i].n || number_cell(&c[i]) || number_cell(&g[i]))
			return 0;
	}
	if (!empty)
		return 0;
	if (cpu)
		return 1;
	for (size_t i = 1; i < nc; i++)
		for (size_t k = 0; k < i; k++)
			if (c[i].n == c[k].n && memcmp(c[i].p, c[k].p, c[i].n) == 0)
				return 1;
	return 0;
}

/* A trimmed sample (no preamble, one header row) is plain CSV, except that
 * its first column may be dstat's "time" in a day-first form the csv reader
 * cannot read ("16/02/2019 21:44:52", "05-10 22:11:42"): then, and only for
 * a file that says "dstat" in its name, this reader is the better one. */
static int dstat_time_sample(const char *path, const char *head, size_t n)
{
	const char *base = path ? ds_csv_basename(path) : "";
	size_t nf;
	if (!strcasestr(base, "dstat") || ds_csv_detect_delim(head, n, &nf) != ',')
		return 0;
	size_t pos = 0, len;
	const char *line;
	struct hcell h[SNIFF_CELLS], d[SNIFF_CELLS];
	if (!ds_source_next_line(head, n, &pos, &line, &len))
		return 0;
	size_t nh = split_header(line, len, h);
	if (nh < 2 || h[0].n != 4 || strncasecmp(h[0].p, "time", 4) != 0)
		return 0;
	if (!ds_source_next_line(head, n, &pos, &line, &len))
		return 0;
	size_t nd = split_header(line, len, d);
	double v;
	return nd == nh && !ll_time_parse_year(d[0].p, d[0].n, 2000, &v) && dstat_time(d[0].p, d[0].n, 2000, &v);
}

/* Claims a file only on dstat's shape: its preamble, or its group row over
 * its column row. A CSV with one header row goes to the csv reader even
 * when its columns are dstat's (epoch, usr, ..., label): that one reads
 * the label column, which this reader does not. */
static int dstat_sniff(const char *path, const char *head, size_t n)
{
	if (n == 0 || !ds_looks_like_text(head, n))
		return 0;
	if ((n >= 7 && memcmp(head, "\"Dstat ", 7) == 0) || (n >= 11 && memcmp(head, "\"pcp-dstat ", 11) == 0))
		return 95;
	/* JSON's objects and arrays split at their commas can pass for the two
	 * header rows by chance (a key's value empty, a key repeated on the
	 * next line); dstat's first line is its preamble or a group row */
	size_t lead = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (lead < n && (head[lead] == ' ' || head[lead] == '\t' || head[lead] == '\r' || head[lead] == '\n'))
		lead++;
	if (lead < n && (head[lead] == '{' || head[lead] == '['))
		return 0;
	struct hcell *a = malloc(2 * SNIFF_CELLS * sizeof *a);
	if (!a)
		return 0;
	struct hcell *g = a, *c = a + SNIFF_CELLS;
	size_t pos = 0, lines = 0, ng = 0, len;
	const char *line;
	int found = 0;
	while (!found && lines++ < 12 && ds_source_next_line(head, n, &pos, &line, &len)) {
		size_t nc = split_header(line, len, c);
		if (!nc)
			continue; /* a blank line (dstat writes one after its preamble) */
		found = dstat_header_pair(g, ng, c, nc);
		struct hcell *tmp = g;
		g = c;
		c = tmp;
		ng = nc;
	}
	/* and dstat's rows under them are numbers (a stamp first): rows of
	 * words alone are a table's (a hierarchy's ids, labels and parents,
	 * "Aromas,Aromas,Coffee" under "Coffee,Coffee Flavors,") */
	while (found && ds_source_next_line(head, n, &pos, &line, &len)) {
		size_t nd = split_header(line, len, c);
		if (!nd)
			continue;
		int numbers = 0;
		for (size_t i = 0; i < nd && !numbers; i++)
			numbers = number_cell(&c[i]);
		found = numbers;
		break;
	}
	free(a);
	if (found)
		return 90;
	return dstat_time_sample(path, head, n) ? 80 : 0;
}

/* The cells of one record, copied (header rows are few and small). */
struct hrow {
	char **cell;
	size_t n;
	size_t line;
};

static void hrow_free(struct hrow *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->cell[i]);
	free(r->cell);
	memset(r, 0, sizeof *r);
}

static int hrow_take(struct hrow *r, const struct ds_csv_tok *tk)
{
	hrow_free(r);
	r->cell = calloc(tk->nf, sizeof *r->cell);
	if (!r->cell)
		return LL_ENOMEM;
	r->n = tk->nf;
	r->line = tk->rec_line;
	for (size_t i = 0; i < tk->nf; i++) {
		if (!(r->cell[i] = strndup(tk->f[i].p, tk->f[i].len)))
			return LL_ENOMEM;
	}
	return LL_OK;
}

/* A data row: at least two fields and a first cell that is a time or number. */
static int is_data(const struct ds_csv_tok *tk, int year)
{
	double v;
	if (tk->nf < 2)
		return 0;
	return dstat_time(tk->f[0].p, tk->f[0].len, year, &v) || ll_parse_number(tk->f[0].p, tk->f[0].len, &v);
}

/* The group row belongs to the column row when it is as wide and starts the
 * same way ("epoch"/"epoch") or leaves cells empty for the groups' spans. */
static int is_group_row(const struct hrow *g, const struct hrow *c)
{
	if (g->n < 2 || g->n != c->n)
		return 0;
	if (strcasecmp(g->cell[0], c->cell[0]) == 0)
		return 1;
	for (size_t i = 0; i < g->n; i++)
		if (!g->cell[i][0])
			return 1;
	return 0;
}

/* The year of the preamble's "Date:" cell ("03 Dec 2020 14:10:38 CST"):
 * dstat's own time column ("03-12 14:10:38") has none, and the file's
 * mtime (the opener's default year) is wrong for a file copied since or
 * one written before a new year. Returns year unchanged when there is none. */
static int preamble_year(const struct ds_csv_tok *tk, int year)
{
	for (size_t c = 0; c + 1 < tk->nf; c++) {
		if (tk->f[c].len != 5 || strncasecmp(tk->f[c].p, "Date:", 5) != 0)
			continue;
		const char *s = tk->f[c + 1].p;
		size_t n = tk->f[c + 1].len;
		for (size_t i = 0; i + 4 <= n; i++) {
			int y = 0, k = 0;
			while (k < 4 && isdigit((unsigned char)s[i + (size_t)k]))
				y = y * 10 + (s[i + (size_t)k++] - '0');
			if (k == 4 && (i == 0 || !isdigit((unsigned char)s[i - 1])) &&
			    (i + 4 == n || !isdigit((unsigned char)s[i + 4])) && y >= 1970 && y <= 2200)
				return y;
		}
	}
	return year;
}

static int dstat_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		      struct ll_err *err)
{
	*out = NULL;
	const char *path = src->path;
	struct ds_csv_tok tk;
	ds_csv_tok_init(&tk, src->data, src->size, 0, 1, ',', 1);
	struct hrow prev1 = {0}, prev2 = {0};
	struct ds_csv_layout lay = {0};
	struct ds_csv_colstat *stats = NULL;
	size_t body_pos = 0, body_line = 1;
	int rc, found = 0, year = opts->default_year;
	for (;;) {
		body_pos = tk.pos;
		body_line = tk.line;
		rc = ds_csv_next(&tk, path, err);
		if (rc != 1)
			break;
		if (ds_csv_blank(&tk))
			continue;
		year = preamble_year(&tk, year);
		if (is_data(&tk, year)) {
			found = 1;
			break;
		}
		struct hrow tmp = prev2;
		prev2 = prev1;
		prev1 = tmp;
		if (hrow_take(&prev1, &tk) != LL_OK) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
	}
	if (rc < 0)
		goto done;
	if (!prev1.n) {
		rc = ll_err_set(err, LL_EDATA, "%s:%zu: no dstat column header before the first sample", path,
				found ? body_line : tk.line);
		goto done;
	}
	const struct hrow *cols = &prev1;
	const struct hrow *groups = is_group_row(&prev2, &prev1) ? &prev2 : NULL;
	if ((rc = ds_csv_layout_init(&lay, cols->n)) != LL_OK) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	lay.path = path;
	lay.delim = ',';
	lay.line_mode = 1;
	lay.body_pos = body_pos;
	lay.body_line = body_line;
	lay.default_year = year;
	lay.parse_time = dstat_time;
	const char *group = "";
	for (size_t c = 0; c < cols->n; c++) {
		const char *col = cols->cell[c];
		if (groups && groups->cell[c][0])
			group = groups->cell[c];
		size_t gl = strlen(group), cl = strlen(col);
		/* pcp-dstat 6 names some columns after their group already
		 * ("total usage:usr" under "total usage"): the group once */
		if (gl && cl > gl + 1 && strncmp(col, group, gl) == 0 && col[gl] == ':') {
			col += gl + 1;
			cl -= gl + 1;
		}
		char *name = malloc(gl + cl + 2);
		if (!name) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
		if (!gl || strcmp(group, col) == 0 || !cl)
			memcpy(name, gl && !cl ? group : col, (gl && !cl ? gl : cl) + 1);
		else
			snprintf(name, gl + cl + 2, "%s/%s", group, col);
		rc = ds_csv_layout_name(&lay, c, name, strlen(name));
		free(name);
		if (rc != LL_OK) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
	}
	if (ds_csv_layout_unique(&lay) != LL_OK) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	/* Types: epoch/time columns are times whatever else they look like;
	 * the rest as the first samples say (numbers, in practice). */
	stats = calloc(lay.ncols, sizeof *stats);
	if (!stats) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	struct ds_csv_tok st;
	ds_csv_tok_init(&st, src->data, src->size, body_pos, body_line, ',', 1);
	rc = ds_csv_sample(&st, lay.ncols, stats, 1000, year, dstat_time, path, err);
	ds_csv_tok_free(&st);
	if (rc < 0)
		goto done;
	for (size_t c = 0; c < lay.ncols; c++)
		lay.types[c] = ds_csv_time_name(cols->cell[c]) ? LL_COL_TIME : ds_csv_infer_type(&stats[c], "");
	rc = ds_csv_fill(&lay, src->data, src->size, out, err);
	if (rc == LL_OK && opts->keep_layout) {
		ds_csv_layout_free(*opts->keep_layout);
		free(*opts->keep_layout);
		if (!(*opts->keep_layout = ds_csv_layout_keep(&lay)))
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	if (rc == LL_OK && (tk.nstray || tk.nopen_eol)) {
		/* The header's quote trouble: name the first line it happened on. */
		size_t line = tk.nstray && (!tk.nopen_eol || tk.stray_line < tk.open_eol_line) ? tk.stray_line
											: tk.open_eol_line;
		ll_table_note(*out, "%s:%zu: broken quote in the header (a quoted field does not end at a comma); "
			      "read the line leniently", path, line);
	}
done:
	free(stats);
	ds_csv_layout_free(&lay);
	hrow_free(&prev1);
	hrow_free(&prev2);
	ds_csv_tok_free(&tk);
	return rc;
}

const struct ds_reader ds_dstat_reader = {
	.name = "dstat",
	.summary = "dstat --output CSV (preamble, group and column header rows)",
	.sniff = dstat_sniff,
	.load = dstat_load,
	.line = NULL,
};
