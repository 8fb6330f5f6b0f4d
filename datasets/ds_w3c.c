/*
 * ds_w3c.c - logs whose columns a directive line names: the W3C extended
 * log file format ("#Fields: date time c-ip cs-method ..." over rows of
 * blank- or tab-separated values, "-" for none; written by web servers,
 * CDNs and proxies) and Zeek's logs ("#separator \x09", then
 * "#fields<TAB>ts<TAB>uid ...", "-" unset, "(empty)" empty).
 *
 * The rows become one tab-separated table under the union of every
 * directive's names (a server restarted mid-file may start a block with
 * other fields, which are matched by name), read by the CSV loader, which
 * types the columns and makes one time of a date and a time column. Rows
 * whose field count is not their directive's are left out with a note
 * naming the first, as are rows before any directive.
 *
 * A block whose fields have a "time" but no "date" (IIS's FTP log, the
 * format's own examples) writes times of day on the date of the "#Date:"
 * directive above it, as the format defines: each such time is written
 * with that date (a day later after each time that goes back past
 * midnight), so the column is one of instants, noted.
 *
 * In a tab-separated log, a cell of the directive holding runs of two
 * blanks or more is that many names: a labelled dataset's columns added
 * after Zeek's with blanks, not tabs (IoT-23's "tunnel_parents   label
 * detailed-label"); a row that falls short of its directive's width by
 * as many has its cells split so too (split_wide), so the label is a
 * column of its own.
 */
#include "ds_colindex.h"
#include "ds_csv.h"
#include "ds_line_map.h"
#include "ds_reader.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ll_slots.h"
#include "ll_stamp.h"
#include "ll_time.h"
#include "ll_strbuf.h"

/* Every directive's names: the fields lines' words (which may hold any
 * byte, NUL included: their lengths are kept). A name a directive repeats
 * is a column per repetition (occ 0, 1...), so every field of a row has a
 * column of its own; indexed by (name, occ), so a header of 100,000 names
 * costs no more per name than one of ten. */
struct names {
	char **v;
	size_t *len;
	size_t *occ;  /* how many same-named columns come before it */
	size_t *seen; /* per column of occ 0: its repetitions so far in the directive at hand */
	size_t n, cap;
	struct ll_slots ix;
};

struct w3c {
	const char *path;
	char sep;             /* Zeek's #separator, 0 for W3C (tab or blanks, per row) */
	struct names all;     /* every directive's names, in first-seen order */
	size_t *map;          /* the current block's fields -> columns of `all` */
	size_t nmap;
	char unset[32], empty[32]; /* Zeek's #unset_field and #empty_field */
	size_t bad, first_bad, bad_want, bad_dir; /* rows of the wrong width */
	size_t orphans, first_orphan;             /* rows before any directive */
	size_t rows;
	size_t dir_line;      /* the line of the current block's directive */
	uint8_t *filled;      /* per column of `all`: some row has a value there */
	/* the file's line of each line of the CSV written: a row's own, the
	 * names' line the first directive's */
	struct ds_line_map lines;
	size_t first_dir_line;
	/* "time" without "date": the "#Date:" directive's day (NAN: none yet),
	 * the block's field of the time, the last time of day written (for
	 * midnight) and the rows so dated, the first's line */
	double day;
	size_t time_field;  /* SIZE_MAX: the block has a date or no time */
	double last_clock;
	size_t dated, first_dated;
	struct ds_span *scratch; /* a row's tab-separated cells, before split_wide (w3c_copy's) */
};

static int starts_ci(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	return n >= k && strncasecmp(s, word, k) == 0;
}

/* 1 when line (n bytes) is a fields directive; *names_at is where its names start. */
static int fields_directive(const char *s, size_t n, size_t *names_at)
{
	if (!starts_ci(s, n, "#fields") || n == 7)
		return 0;
	char c = s[7];
	if (c != ':' && c != ' ' && c != '\t')
		return 0;
	*names_at = 8;
	return 1;
}

/* Splits s (n bytes) into at most cap spans: on sep, or (sep 0) on tabs
 * when the line has any, else on runs of blanks. Returns the field count
 * (more than cap means too many). */
static size_t split_fields(const char *s, size_t n, char sep, struct ds_span *f, size_t cap)
{
	size_t k = 0;
	if (!sep && memchr(s, '\t', n))
		sep = '\t';
	if (sep) {
		size_t a = 0;
		for (size_t i = 0; i <= n; i++)
			if (i == n || s[i] == sep) {
				if (k < cap)
					f[k] = (struct ds_span){a, i - a};
				k++;
				a = i + 1;
			}
		return k;
	}
	size_t i = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		size_t a = i;
		if (s[i] == '"') /* a quoted string, "" a quote inside: blanks and all */
			for (i++; i < n && !(s[i] == '"' && (i + 1 == n || s[i + 1] != '"')); i++)
				i += s[i] == '"';
		while (i < n && s[i] != ' ')
			i++;
		if (k < cap)
			f[k] = (struct ds_span){a, i - a};
		k++;
	}
	return k;
}

/* 1 when s (n bytes) splits at a separator other than blanks: sep, or
 * (sep 0) the tabs it has. */
static int not_blank_separated(const char *s, size_t n, char sep)
{
	return sep ? sep != ' ' : memchr(s, '\t', n) != NULL;
}

/* The cells g[0, k) of s split again at runs of two blanks or more (which
 * no name holds, and a writer that adds columns with blanks puts between
 * them), into f (at most cap); returns the count (more than cap: too many). */
static size_t split_wide(const char *s, const struct ds_span *g, size_t k, struct ds_span *f, size_t cap)
{
	size_t m = 0;
	for (size_t i = 0; i < k; i++) {
		size_t j = g[i].off, e = g[i].off + g[i].len;
		do {
			size_t r = j;
			while (r < e && !(s[r] == ' ' && r + 1 < e && s[r + 1] == ' '))
				r++;
			if (m < cap)
				f[m] = (struct ds_span){j, r - j};
			m++;
			while (r < e && s[r] == ' ')
				r++;
			j = r;
		} while (j < e);
	}
	return m;
}

/* A directive's names (split like its rows, blanks around them dropped,
 * and in a tab-separated log at runs of blanks too: split_wide), at most
 * cap; returns their count (more than cap means too many). */
static size_t split_names(const char *s, size_t n, char sep, struct ds_span *f, size_t cap)
{
	size_t k = split_fields(s, n, sep, f, cap), m = 0;
	if (k <= cap && not_blank_separated(s, n, sep)) {
		struct ds_span *g = malloc((k ? k : 1) * sizeof *g);
		if (g) { /* without memory, the names as the tabs cut them */
			memcpy(g, f, k * sizeof *g);
			k = split_wide(s, g, k, f, cap);
			free(g);
		}
	}
	for (size_t i = 0; i < k; i++) {
		if (i >= cap) {
			m++;
			continue;
		}
		struct ds_span x = f[i];
		while (x.len && (s[x.off] == ' ' || s[x.off] == '\t'))
			x.off++, x.len--;
		while (x.len && (s[x.off + x.len - 1] == ' ' || s[x.off + x.len - 1] == '\t'))
			x.len--;
		if (x.len)
			f[m++] = x;
	}
	return m;
}

/* "\x09" and the like of Zeek's #separator; a plain character as itself. */
static char parse_sep(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		if (n == 1 || *s == '\t') /* a literal tab as the value */
			return '\t';
		s++;
		n--;
	}
	if (n >= 4 && s[0] == '\\' && s[1] == 'x' && isxdigit((unsigned char)s[2]) && isxdigit((unsigned char)s[3])) {
		char hex[3] = {s[2], s[3], 0};
		return (char)strtol(hex, NULL, 16);
	}
	return n ? s[0] : '\t';
}

/* The value of a "#key value" directive into buf (cut to cap - 1). */
static void directive_value(const char *s, size_t n, size_t key_len, char *buf, size_t cap)
{
	size_t i = key_len;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	size_t m = n - i < cap - 1 ? n - i : cap - 1;
	memcpy(buf, s + i, m);
	buf[m] = 0;
}

static uint32_t name_hash(const char *s, size_t n, size_t occ)
{
	return ll_slots_hash(s, n) ^ ll_slots_hash_u64(occ);
}

/* The column of the occ-th name s (n bytes), -1 when there is none yet;
 * *p is where to add it. */
static long find_name(const struct names *a, const char *s, size_t n, size_t occ, struct ll_slots_probe *p)
{
	*p = ll_slots_probe(&a->ix, name_hash(s, n, occ));
	for (uint32_t i; (i = ll_slots_next(&a->ix, p)) != LL_SLOTS_NONE;)
		if (a->len[i] == n && a->occ[i] == occ && memcmp(a->v[i], s, n) == 0)
			return (long)i;
	return -1;
}

static int grow(size_t **v, size_t n)
{
	size_t *p = realloc(*v, n * sizeof *p);
	if (!p)
		return -1;
	*v = p;
	return 0;
}

/* Adds the occ-th name s at the end of *p's probe; its column, or -1. */
static long add_name(struct names *a, const char *s, size_t n, size_t occ, struct ll_slots_probe *p)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 16;
		char **v = realloc(a->v, cap * sizeof *v);
		if (!v)
			return -1;
		a->v = v;
		if (grow(&a->len, cap) < 0 || grow(&a->occ, cap) < 0 || grow(&a->seen, cap) < 0)
			return -1;
		a->cap = cap;
	}
	char **v = a->v;
	if (!(v[a->n] = malloc(n + 1)))
		return -1;
	memcpy(v[a->n], s, n);
	v[a->n][n] = 0;
	if (ll_slots_add(&a->ix, p, (uint32_t)a->n) != LL_OK) {
		free(v[a->n]);
		return -1;
	}
	a->len[a->n] = n;
	a->occ[a->n] = occ;
	a->seen[a->n] = 0;
	return (long)a->n++;
}

/* The column of a directive's name s (n bytes): the first of that name
 * for its first sight in the directive, the next for the next...; added
 * when new unless mapping (pass 2, where pass 1 added them all). *first
 * is the name's column of occ 0, whose count of sights the caller resets
 * after the directive. -1: out of memory. */
static long name_column(struct names *a, const char *s, size_t n, int mapping, long *first)
{
	struct ll_slots_probe p;
	*first = -1;
	long c = find_name(a, s, n, 0, &p);
	if (c < 0 && (mapping || (c = add_name(a, s, n, 0, &p)) < 0))
		return -1;
	*first = c;
	size_t occ = a->seen[c]++;
	if (!occ)
		return c;
	c = find_name(a, s, n, occ, &p);
	if (c < 0 && !mapping)
		c = add_name(a, s, n, occ, &p);
	return c;
}

/* A fields directive: its names join the union (first pass) or map the
 * block's fields onto it (second pass), each field to a column of its own,
 * so a row of the directive's width never has more fields than the union
 * has names (take_row's spans). LL_OK or LL_ENOMEM. */
static int take_directive(struct w3c *w, const char *s, size_t n, int mapping, size_t line)
{
	size_t at;
	fields_directive(s, n, &at);
	size_t cap = n / 2 + 2;
	struct ds_span *f = malloc(cap * sizeof *f);
	if (!f)
		return LL_ENOMEM;
	size_t k = split_names(s + at, n - at, w->sep, f, cap), got = 0;
	if (k > cap)
		k = cap;
	size_t *map = malloc((k ? k : 1) * sizeof *map);
	long *first = malloc((k ? k : 1) * sizeof *first);
	int rc = map && first ? LL_OK : LL_ENOMEM;
	size_t i = 0;
	/* pass 1 stops past the CSV loader's limit, which w3c_copy then reports */
	for (; rc == LL_OK && i < k && (mapping || w->all.n <= DS_CSV_MAX_FIELDS); i++) {
		long c = name_column(&w->all, s + at + f[i].off, f[i].len, mapping, &first[i]);
		if (c < 0) /* out of memory (pass 2 finds every name pass 1 added) */
			rc = LL_ENOMEM;
		map[got++] = c < 0 ? SIZE_MAX : (size_t)c;
	}
	for (size_t j = 0; j < i; j++)
		if (first[j] >= 0)
			w->all.seen[first[j]] = 0;
	free(first);
	free(f);
	if (rc != LL_OK || !mapping) {
		free(map);
		return rc;
	}
	free(w->map);
	w->map = map;
	w->nmap = got;
	w->dir_line = line;
	w->time_field = SIZE_MAX;
	int has_date = 0;
	for (size_t j = 0; j < got; j++) {
		if (map[j] == SIZE_MAX)
			continue;
		const char *name = w->all.v[map[j]];
		size_t len = w->all.len[map[j]];
		has_date |= len == 4 && strncasecmp(name, "date", 4) == 0;
		if (len == 4 && strncasecmp(name, "time", 4) == 0 && w->time_field == SIZE_MAX)
			w->time_field = j;
	}
	if (has_date)
		w->time_field = SIZE_MAX;
	return LL_OK;
}

/* The day (00:00 UTC) of a "#Date:" directive's "2000-10-09 16:44:49",
 * else NAN; *clock its time of day in seconds (the rows' times start from
 * it: one well below it is of the next day), NAN when it has none. */
static double directive_day(const char *s, size_t n, double *clock)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	double t, day;
	*clock = NAN;
	if (n < 10 || !ll_time_parse(s, 10, &t))
		return NAN;
	day = floor(t / 86400.0) * 86400.0;
	if (n > 11 && ll_time_parse(s, n, &t) && t >= day && t < day + 86400.0)
		*clock = t - day;
	return day;
}

/* Seconds into the day of a time of day "16:44:49[.fff]", else -1. */
static double clock_seconds(const char *s, size_t n)
{
	unsigned form;
	double v;
	if (ll_stamp_scan(s, n, 1970, 0, &form, &v) != n || ll_stamp_form_has_date(form) || !ll_stamp_form_has_clock(form))
		return -1;
	return v >= 0 && v < 86400 ? v : -1;
}

/* Other directives that change how rows read (Zeek's, and W3C's #Date). */
static void take_setting(struct w3c *w, const char *s, size_t n)
{
	if (starts_ci(s, n, "#separator"))
		w->sep = parse_sep(s + 10, n - 10);
	else if (starts_ci(s, n, "#unset_field"))
		directive_value(s, n, 12, w->unset, sizeof w->unset);
	else if (starts_ci(s, n, "#empty_field"))
		directive_value(s, n, 12, w->empty, sizeof w->empty);
	else if (starts_ci(s, n, "#date:"))
		w->day = directive_day(s + 6, n - 6, &w->last_clock);
}

static int is_none(const struct w3c *w, const char *s, size_t n)
{
	if (n == 1 && s[0] == '-')
		return 1;
	if (w->unset[0] && strlen(w->unset) == n && memcmp(w->unset, s, n) == 0)
		return 1;
	return w->empty[0] && strlen(w->empty) == n && memcmp(w->empty, s, n) == 0;
}

/* One cell of the tab-separated copy: quoted when it holds a quote. A
 * W3C string in quotes ("" a quote inside) is already quoted so. */
static void put_cell(struct ll_strbuf *b, const char *s, size_t n)
{
	int quoted = n >= 2 && s[0] == '"' && s[n - 1] == '"';
	for (size_t i = 1; quoted && i + 1 < n; i++)
		if (s[i] == '"' && s[++i] != '"')
			quoted = 0;
	if (quoted || !memchr(s, '"', n)) {
		ll_strbuf_add(b, s, n);
		return;
	}
	ds_csv_put_quoted(b, s, n);
}

/* A data row into the copy, or counted as left out. */
static int take_row(struct w3c *w, const char *s, size_t n, size_t line, struct ll_strbuf *b, const char **cell,
		    size_t *cell_len, struct ds_span *f)
{
	if (!w->map) {
		if (!w->orphans++)
			w->first_orphan = line;
		return LL_OK;
	}
	size_t k = split_fields(s, n, w->sep, f, w->nmap + 1);
	if (k < w->nmap && not_blank_separated(s, n, w->sep)) {
		/* cells joined by blanks where the directive's names are (split_wide) */
		memcpy(w->scratch, f, k * sizeof *f);
		size_t wide = split_wide(s, w->scratch, k, f, w->nmap + 1);
		if (wide == w->nmap)
			k = wide;
		else
			split_fields(s, n, w->sep, f, w->nmap + 1);
	}
	if (k != w->nmap) {
		if (!w->bad++) {
			w->first_bad = line;
			w->bad_want = w->nmap;
			w->bad_dir = w->dir_line;
		}
		return LL_OK;
	}
	for (size_t c = 0; c < w->all.n; c++)
		cell[c] = NULL;
	for (size_t i = 0; i < k; i++)
		if (w->map[i] != SIZE_MAX && !is_none(w, s + f[i].off, f[i].len)) {
			cell[w->map[i]] = s + f[i].off;
			cell_len[w->map[i]] = f[i].len;
			w->filled[w->map[i]] = 1;
		}
	/* a time of day under the #Date directive's day: written as an instant */
	size_t dated_col = SIZE_MAX;
	char stamp[48];
	size_t stamp_len = 0;
	if (w->time_field != SIZE_MAX && !isnan(w->day) && cell[w->map[w->time_field]]) {
		size_t tc = w->map[w->time_field];
		double secs = clock_seconds(cell[tc], cell_len[tc]);
		if (secs >= 0) {
			if (!isnan(w->last_clock) && secs < w->last_clock - 43200.0)
				w->day += 86400.0; /* past midnight */
			w->last_clock = secs;
			stamp_len = ll_time_format(w->day, stamp, sizeof stamp);
			if (stamp_len >= 10 && stamp_len < sizeof stamp) {
				dated_col = tc;
				stamp[10] = ' ';
				stamp_len = 11;
				if (!w->dated++)
					w->first_dated = line;
			}
		}
	}
	size_t from = b->len;
	for (size_t c = 0; c < w->all.n; c++) {
		if (c)
			ll_strbuf_add(b, "\t", 1);
		if (c == dated_col)
			ll_strbuf_add(b, stamp, stamp_len);
		if (cell[c])
			put_cell(b, cell[c], cell_len[c]);
	}
	w->rows++;
	ll_strbuf_add(b, "\n", 1);
	if (!b->oom)
		ds_line_map_add(&w->lines, b->s + from, b->len - from, line);
	return b->oom || w->lines.oom ? LL_ENOMEM : LL_OK;
}

static void w3c_free(struct w3c *w)
{
	for (size_t i = 0; i < w->all.n; i++)
		free(w->all.v[i]);
	free(w->all.v);
	free(w->all.len);
	free(w->all.occ);
	free(w->all.seen);
	ll_slots_free(&w->all.ix);
	free(w->map);
	free(w->filled);
	ds_line_map_free(&w->lines);
}

/* Both passes over the file: names first, then rows. */
static int w3c_copy(struct w3c *w, const char *d, size_t size, struct ll_strbuf *b, struct ll_err *err)
{
	size_t pos = 0, len, line = 0;
	const char *s;
	while (ds_source_next_line(d, size, &pos, &s, &len)) {
		size_t at;
		line++;
		if (len && s[0] == '#' && !fields_directive(s, len, &at))
			take_setting(w, s, len);
		else if (len && s[0] == '#' && take_directive(w, s, len, 0, 0) != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", w->path);
		else if (len && s[0] == '#' && !w->first_dir_line)
			w->first_dir_line = line;
		/* the CSV loader's limit, said before a table of millions of names is made */
		if (w->all.n > DS_CSV_MAX_FIELDS)
			return ll_err_set(err, LL_EDATA, "%s:%zu: more than %d field names in the '#Fields:' lines",
					  w->path, line, DS_CSV_MAX_FIELDS);
	}
	line = 0;
	if (!w->all.n)
		return ll_err_set(err, LL_EDATA,
				  "%s: no '#Fields:' line names the columns (a W3C extended log or a Zeek log "
				  "starts with one)",
				  w->path);
	int rc = LL_OK;
	for (size_t c = 0; c < w->all.n; c++) {
		if (c)
			ll_strbuf_add(b, "\t", 1);
		put_cell(b, w->all.v[c], w->all.len[c]);
	}
	ll_strbuf_add(b, "\n", 1);
	ds_line_map_add(&w->lines, "\n", 1, w->first_dir_line);
	const char **cell = malloc(w->all.n * sizeof *cell);
	size_t *cell_len = malloc(w->all.n * sizeof *cell_len);
	struct ds_span *f = malloc((w->all.n + 1) * sizeof *f);
	w->scratch = malloc((w->all.n + 1) * sizeof *w->scratch);
	w->filled = calloc(w->all.n, 1);
	if (!cell || !cell_len || !f || !w->scratch || !w->filled)
		rc = LL_ENOMEM;
	/* the settings again from the top: Zeek's come before its fields */
	w->sep = 0;
	w->unset[0] = w->empty[0] = 0;
	w->day = NAN;
	pos = 0;
	while (rc == LL_OK && ds_source_next_line(d, size, &pos, &s, &len)) {
		line++;
		size_t at;
		if (!len || (len == 1 && s[0] == '\r'))
			continue;
		if (s[0] == '#')
			rc = fields_directive(s, len, &at) ? take_directive(w, s, len, 1, line)
							     : (take_setting(w, s, len), LL_OK);
		else
			rc = take_row(w, s, len, line, b, cell, cell_len, f);
	}
	free(cell);
	free(cell_len);
	free(f);
	free(w->scratch);
	w->scratch = NULL;
	if (rc != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", w->path);
	return LL_OK;
}

static int w3c_notes(const struct w3c *w, struct ll_table *t)
{
	/* A column no row fills (IIS's cs-username when every request is
	 * anonymous, "-" throughout) says nothing is there: empty text, not
	 * a number column the CSV loader makes of empty cells. */
	struct ds_colindex ix; /* a '#Fields:' line of thousands: each found in constant time */
	if (ds_colindex_build(&ix, t) != LL_OK)
		return LL_ENOMEM;
	for (size_t c = 0; c < w->all.n; c++) {
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)w->all.len[c], w->all.v[c]);
		long tc = w->filled[c] || w->all.occ[c] ? -1 : ds_colindex_find(&ix, t, name);
		if (tc >= 0 && ll_table_col_type(t, (size_t)tc) == LL_COL_NUM &&
		    ll_table_convert_column(t, (size_t)tc, LL_COL_TEXT) == LL_ENOMEM) {
			ds_colindex_free(&ix);
			return LL_ENOMEM;
		}
	}
	ds_colindex_free(&ix);
	int rc = LL_OK;
	if (w->orphans)
		rc = ll_table_note(t, "%s: %zu line%s before the first '#Fields:' line (first: line %zu); left out",
				   w->path, w->orphans, w->orphans == 1 ? "" : "s", w->first_orphan);
	if (rc == LL_OK && w->dated)
		rc = ll_table_note(t,
				   "%s: %zu 'time' value%s without a 'date' field dated by the '#Date:' line above "
				   "(first: line %zu)",
				   w->path, w->dated, w->dated == 1 ? "" : "s", w->first_dated);
	if (rc == LL_OK && w->bad)
		rc = ll_table_note(t,
				   "%s: %zu line%s without the fields of the '#Fields:' line above (first: line %zu, "
				   "which has not the %zu of line %zu); left out",
				   w->path, w->bad, w->bad == 1 ? "" : "s", w->first_bad, w->bad_want, w->bad_dir);
	return rc;
}

static int w3c_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	*out = NULL;
	struct w3c w;
	memset(&w, 0, sizeof w);
	w.path = src->path;
	w.day = w.last_clock = NAN;
	w.time_field = SIZE_MAX;
	struct ll_strbuf b = {0};
	int rc = w3c_copy(&w, src->data, src->size, &b, err);
	if (rc == LL_OK && !w.rows)
		rc = ll_err_set(err, LL_EDATA, "%s: no rows under the '#Fields:' line%s", src->path,
				w.bad ? " have its fields" : "");
	if (rc == LL_OK) {
		struct ds_source part = ds_source_made_from(src, b.s, b.len, &w.lines);
		rc = ds_csv_load_generic(&part, opts, 0, out, err);
	}
	if (rc == LL_OK && w3c_notes(&w, *out) != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	ll_strbuf_free(&b);
	w3c_free(&w);
	return rc;
}

/* Certain when the head has a fields directive with a row of its width
 * after it, likely with no row yet; nothing when a row comes first. */
static int w3c_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	size_t pos = 0, len, want = 0;
	const char *s;
	char sep = 0;
	int have = 0, lines = 0;
	struct ds_span f[64];
	while (ds_source_next_line(head, n, &pos, &s, &len) && lines++ < 64) {
		size_t at;
		if (!len)
			continue;
		if (s[0] == '#') {
			if (starts_ci(s, len, "#separator"))
				sep = parse_sep(s + 10, len - 10);
			if (fields_directive(s, len, &at)) {
				want = split_names(s + at, len - at, sep, f, 64);
				have = want >= 2 && want <= 64;
			}
			continue;
		}
		if (!have)
			return 0; /* a row before any directive: some other format */
		size_t k = split_fields(s, len, sep, f, 64);
		struct ds_span g[64];
		if (k < want && k <= 64 && not_blank_separated(s, len, sep)) {
			memcpy(g, f, k * sizeof *g);
			k = split_wide(s, g, k, f, 64); /* the directive's names split so (take_row) */
		}
		return k == want ? 95 : 0;
	}
	/* a directive whose first row is longer than the sample */
	return have ? 80 : 0;
}

const struct ds_reader ds_w3c_reader = {
	.name = "w3c",
	.summary = "W3C extended log (a '#Fields:' line names the columns: web servers, CDNs, proxies) and Zeek logs",
	.sniff = w3c_sniff,
	.load = w3c_load,
	.line = NULL,
};
