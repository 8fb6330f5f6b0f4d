/*
 * ds_cmtrace.c - the "cmtrace" reader: logs in the CMTrace shape
 * (ds_cmtrace.h), a row per record whatever the lines it spans.
 *
 * The records are found in one pass and typed in a second: an attribute
 * every one of whose values is a number (a type, a thread) is a number
 * column, any other text; the date and clock attributes are one time.
 * The table is loaded whole, as the reader of W3C logs is: a record may
 * end many lines below where it starts, which the line index cannot
 * follow, and Configuration Manager keeps its logs to a few megabytes.
 */
#include "ds_cmtrace.h"
#include "ds_csv.h"
#include "ds_textlog.h"
#include "ll_time.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char OPEN[] = "<![LOG[", CLOSE[] = "]LOG]!>", OLD_TRAILER[] = "$$<";
#define OPEN_LEN (sizeof OPEN - 1)
#define CLOSE_LEN (sizeof CLOSE - 1)

/* The older form's first item names no key: it is the component. */
static const char COMPONENT[] = "component";

/* Line [*s, *e) at pos, without its "\n" and a "\r" before it; pos past. */
static int next_line(const char *data, size_t size, size_t *pos, const char **s, const char **e)
{
	size_t len;
	if (!ds_source_next_line(data, size, pos, s, &len))
		return 0;
	*e = *s + len;
	return 1;
}

/* what[0, n) in [s, e), or NULL */
static const char *find(const char *s, const char *e, const char *what, size_t n)
{
	return s < e ? memmem(s, (size_t)(e - s), what, n) : NULL;
}

static int opens_record(const char *s, const char *e)
{
	return (size_t)(e - s) >= OPEN_LEN && memcmp(s, OPEN, OPEN_LEN) == 0;
}

static int only_blanks(const char *s, const char *e)
{
	for (; s < e; s++)
		if (!ds_is_blank(*s))
			return 0;
	return 1;
}

static void add_attr(struct ds_cmtrace_rec *rec, const char *k, size_t kn, const char *v, size_t vn)
{
	if (rec->nattr < DS_CMTRACE_MAX_ATTRS)
		rec->attr[rec->nattr++] = (struct ds_cmtrace_attr){k, v, kn, vn};
}

/* The trailer `<key="value" ...>` at s, ending the line at e. */
static int markup_trailer(const char *s, const char *e, struct ds_cmtrace_rec *rec)
{
	if (s >= e || *s++ != '<')
		return 0;
	for (;;) {
		while (s < e && ds_is_blank(*s))
			s++;
		if (s < e && *s == '>')
			return only_blanks(s + 1, e);
		const char *k = s;
		while (s < e && *s != '=' && *s != '>' && !ds_is_blank(*s))
			s++;
		if (s == k || s + 1 >= e || s[0] != '=' || s[1] != '"')
			return 0;
		const char *v = s + 2, *q = memchr(v, '"', (size_t)(e - v));
		if (!q)
			return 0;
		add_attr(rec, k, (size_t)(s - k), v, (size_t)(q - v));
		s = q + 1;
	}
}

/* A value that is a number and then the same in hex ("4312 (0x10D8)"):
 * the number. */
static size_t without_hex_echo(const char *v, size_t n)
{
	size_t d = 0;
	while (d < n && ds_is_digit(v[d]))
		d++;
	if (d && d + 4 < n && v[d] == ' ' && memcmp(v + d + 1, "(0x", 3) == 0 && v[n - 1] == ')')
		return d;
	return n;
}

/* One item of the older trailer, s[0..n) inside its angle brackets. */
static void old_item(const char *s, size_t n, struct ds_cmtrace_rec *rec, int *component)
{
	const char *eq = memchr(s, '=', n);
	if (eq && eq > s) {
		size_t k = (size_t)(eq - s);
		add_attr(rec, s, k, eq + 1, without_hex_echo(eq + 1, n - k - 1));
		return;
	}
	const char *sp = memchr(s, ' ', n);
	double t;
	if (sp && ds_cmtrace_time(s, (size_t)(sp - s), sp + 1, n - (size_t)(sp - s) - 1, &t)) {
		add_attr(rec, "date", 4, s, (size_t)(sp - s));
		add_attr(rec, "time", 4, sp + 1, n - (size_t)(sp - s) - 1);
	} else if (!*component) {
		add_attr(rec, COMPONENT, sizeof COMPONENT - 1, s, n);
		*component = 1;
	}
}

/* The older trailer "$$<...><...>..." that ends the line [s, e): where it
 * starts, with its items in rec, or NULL. It must hold a time. */
static const char *old_trailer(const char *s, const char *e, struct ds_cmtrace_rec *rec)
{
	const char *at = NULL;
	for (const char *p = s; (p = find(p, e, OLD_TRAILER, 3)) != NULL; p++)
		at = p;
	if (!at)
		return NULL;
	while (e > at && (ds_is_blank(e[-1])))
		e--;
	const char *p = at + 2;
	int component = 0;
	size_t keep = rec->nattr;
	while (p < e) {
		if (*p != '<')
			break;
		const char *c = memchr(p, '>', (size_t)(e - p));
		if (!c)
			break;
		old_item(p + 1, (size_t)(c - p - 1), rec, &component);
		p = c + 1;
	}
	if (p != e || !ds_cmtrace_attr(rec, "time")) {
		rec->nattr = keep;
		return NULL;
	}
	return at;
}

static const char *trim_end(const char *s, const char *e)
{
	while (e > s && (ds_is_blank(e[-1]) || e[-1] == '\r'))
		e--;
	return e;
}

/* The markup form from the line [s, e) that opens it. */
static int markup_record(const char *data, size_t size, size_t *pos, size_t *line, const char *s, const char *e,
			 struct ds_cmtrace_rec *rec)
{
	const char *body = s + OPEN_LEN;
	const char *from = body;
	for (;;) {
		const char *close = find(from, e, CLOSE, CLOSE_LEN);
		if (close) {
			rec->msg = body;
			rec->msg_len = (size_t)(close - body);
			return markup_trailer(close + CLOSE_LEN, e, rec) ? 1 : -1;
		}
		size_t at = *pos, n = *line;
		if (rec->lines >= DS_RECORD_MAX_LINES || !next_line(data, size, &at, &s, &e) || opens_record(s, e))
			return -1;
		*pos = at;
		*line = n + 1;
		rec->lines++;
		from = s;
	}
}

/* The older form from the line [s, e), its first. */
static int old_record(const char *data, size_t size, size_t *pos, size_t *line, const char *s, const char *e,
		      struct ds_cmtrace_rec *rec)
{
	const char *start = s;
	for (;;) {
		const char *at = old_trailer(s, e, rec);
		if (at) {
			rec->msg = start;
			rec->msg_len = (size_t)(trim_end(start, at) - start);
			return 1;
		}
		size_t p = *pos, n = *line;
		if (rec->lines >= DS_RECORD_MAX_LINES || !next_line(data, size, &p, &s, &e) || opens_record(s, e))
			return -1;
		*pos = p;
		*line = n + 1;
		rec->lines++;
	}
}

int ds_cmtrace_next(const char *data, size_t size, size_t *pos, size_t *line, struct ds_cmtrace_rec *rec)
{
	memset(rec, 0, sizeof *rec);
	if (*pos == 0 && size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		*pos = 3;
	const char *s, *e;
	for (;;) {
		if (!next_line(data, size, pos, &s, &e))
			return 0;
		if (!only_blanks(s, e))
			break;
		++*line;
	}
	rec->line = *line;
	rec->lines = 1;
	++*line;
	int rc = opens_record(s, e) ? markup_record(data, size, pos, line, s, e, rec)
				    : old_record(data, size, pos, line, s, e, rec);
	if (rc < 0)
		rec->nattr = 0;
	return rc;
}

static int digits(const char **s, const char *e, size_t min, size_t max, int *v)
{
	size_t n = 0;
	*v = 0;
	while (*s < e && ds_is_digit(**s) && n < max) {
		*v = *v * 10 + (**s - '0');
		++*s;
		n++;
	}
	return n >= min && !(*s < e && ds_is_digit(**s));
}

int ds_cmtrace_time(const char *date, size_t dlen, const char *clock, size_t clen, double *out)
{
	const char *s = date, *e = date + dlen;
	int mon, day, year, h, m, sec, bias = 0;
	if (!digits(&s, e, 1, 2, &mon) || s >= e || (*s != '-' && *s != '/'))
		return 0;
	char sep = *s++;
	if (!digits(&s, e, 1, 2, &day) || s >= e || *s++ != sep || !digits(&s, e, 4, 4, &year) || s != e)
		return 0;
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return 0;
	s = clock;
	e = clock + clen;
	if (!digits(&s, e, 1, 2, &h) || s >= e || *s++ != ':' || !digits(&s, e, 2, 2, &m) || s >= e || *s++ != ':' ||
	    !digits(&s, e, 2, 2, &sec) || h > 23 || m > 59 || sec > 60)
		return 0;
	double frac = 0, scale = 0.1;
	if (s < e && *s == '.') {
		if (++s >= e || !ds_is_digit(*s))
			return 0;
		for (; s < e && ds_is_digit(*s); s++, scale /= 10)
			frac += (*s - '0') * scale;
	}
	if (s < e && (*s == '+' || *s == '-')) {
		int neg = *s++ == '-';
		if (!digits(&s, e, 1, 4, &bias) || bias > 24 * 60)
			return 0;
		bias = neg ? -bias : bias;
	}
	if (s != e)
		return 0;
	*out = ll_time_from_civil(year, mon, day, h, m, sec + frac) + bias * 60.0;
	return 1;
}

const struct ds_cmtrace_attr *ds_cmtrace_attr(const struct ds_cmtrace_rec *rec, const char *key)
{
	size_t n = strlen(key);
	for (size_t i = 0; i < rec->nattr; i++)
		if (rec->attr[i].klen == n && memcmp(rec->attr[i].key, key, n) == 0)
			return &rec->attr[i];
	return NULL;
}

/* ---- the reader ---- */

#define MAX_COLS 32

/* The attributes' columns, in the order the records first name them. */
struct cols {
	char name[MAX_COLS][64];
	int number[MAX_COLS]; /* every value so far a number (and one at least) */
	int filled[MAX_COLS];
	size_t n;
};

static int is_clock_part(const struct ds_cmtrace_attr *a)
{
	return (a->klen == 4 && memcmp(a->key, "date", 4) == 0) || (a->klen == 4 && memcmp(a->key, "time", 4) == 0);
}

static int find_col(const struct cols *c, const struct ds_cmtrace_attr *a)
{
	char name[64];
	snprintf(name, sizeof name, "%.*s", (int)a->klen, a->key);
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->name[i], name) == 0)
			return (int)i;
	return -1;
}

static int add_col(struct cols *c, const struct ds_cmtrace_attr *a)
{
	int k = find_col(c, a);
	if (k >= 0 || c->n == MAX_COLS)
		return k;
	snprintf(c->name[c->n], sizeof c->name[c->n], "%.*s", (int)a->klen, a->key);
	c->number[c->n] = 1;
	return (int)c->n++;
}

/* The record's time, or NaN. */
static double record_time(const struct ds_cmtrace_rec *rec)
{
	const struct ds_cmtrace_attr *d = ds_cmtrace_attr(rec, "date"), *t = ds_cmtrace_attr(rec, "time");
	double v;
	return d && t && ds_cmtrace_time(d->val, d->vlen, t->val, t->vlen, &v) ? v : NAN;
}

static int fill_row(struct ll_table *t, size_t row, const struct cols *c, const struct ds_cmtrace_rec *rec,
		    size_t msg_col)
{
	int rc = ll_table_set_num(t, row, 0, record_time(rec));
	for (size_t i = 0; rc == LL_OK && i < c->n; i++)
		rc = c->number[i] ? ll_table_set_num(t, row, 1 + i, NAN) : LL_OK;
	for (size_t i = 0; rc == LL_OK && i < rec->nattr; i++) {
		const struct ds_cmtrace_attr *a = &rec->attr[i];
		int k = is_clock_part(a) ? -1 : find_col(c, a);
		if (k < 0)
			continue;
		double v;
		if (!c->number[k])
			rc = ll_table_set_text(t, row, 1 + (size_t)k, a->val, a->vlen);
		else if (a->vlen && ll_parse_number(a->val, a->vlen, &v))
			rc = ll_table_set_num(t, row, 1 + (size_t)k, v);
	}
	if (rc != LL_OK)
		return rc;
	if (!memchr(rec->msg, '\r', rec->msg_len))
		return ll_table_set_text(t, row, msg_col, rec->msg, rec->msg_len);
	/* a message over lines of a file written with CRLF: its lines end as
	 * every other message's do */
	char *m = malloc(rec->msg_len);
	if (!m)
		return LL_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < rec->msg_len; i++)
		if (!(rec->msg[i] == '\r' && i + 1 < rec->msg_len && rec->msg[i + 1] == '\n'))
			m[n++] = rec->msg[i];
	rc = ll_table_set_text(t, row, msg_col, m, n);
	free(m);
	return rc;
}

static int cmtrace_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			struct ll_err *err)
{
	(void)opts;
	*out = NULL;
	const char *name = ds_csv_basename(src->path);
	struct cols c;
	memset(&c, 0, sizeof c);
	struct ds_cmtrace_rec rec;
	size_t pos = 0, line = 1, records = 0, lost = 0, first_lost = 0, extra = 0;
	int r;
	while ((r = ds_cmtrace_next(src->data, src->size, &pos, &line, &rec)) != 0) {
		if (r < 0) {
			if (!lost)
				first_lost = rec.line;
			lost += rec.lines;
			continue;
		}
		records++;
		for (size_t i = 0; i < rec.nattr; i++) {
			const struct ds_cmtrace_attr *a = &rec.attr[i];
			int k = is_clock_part(a) ? -1 : add_col(&c, a);
			if (k < 0) {
				extra += !is_clock_part(a);
				continue;
			}
			double v;
			if (a->vlen) {
				c.filled[k] = 1;
				c.number[k] &= ll_parse_number(a->val, a->vlen, &v);
			}
		}
	}
	if (!records)
		return ll_err_set(err, LL_EDATA,
				  "%s:1: no CMTrace record (\"<![LOG[message]LOG]!><time=... date=...>\" or "
				  "\"message $$<component><date time><thread=...>\")",
				  src->path);
	struct ll_table *t = ll_table_new();
	int rc = t ? ll_table_add_column(t, "time", LL_COL_TIME) : -1;
	for (size_t i = 0; rc >= 0 && i < c.n; i++) {
		c.number[i] &= c.filled[i]; /* nothing written: empty text */
		rc = ll_table_add_column(t, c.name[i], c.number[i] ? LL_COL_NUM : LL_COL_TEXT);
	}
	size_t msg_col = 1 + c.n;
	if (rc >= 0)
		rc = ll_table_add_column(t, "message", LL_COL_TEXT);
	rc = rc < 0 ? LL_ENOMEM : ll_table_reserve(t, records);
	pos = 0;
	line = 1;
	while (rc == LL_OK && (r = ds_cmtrace_next(src->data, src->size, &pos, &line, &rec)) != 0) {
		if (r < 0)
			continue;
		long row = ll_table_append_row(t);
		rc = row < 0 ? LL_ENOMEM : fill_row(t, (size_t)row, &c, &rec, msg_col);
	}
	if (rc == LL_OK && lost)
		rc = ll_table_note(t, "%s: %zu line%s outside any record (first: line %zu); left out", name, lost,
				   lost == 1 ? "" : "s", first_lost);
	if (rc == LL_OK && extra)
		rc = ll_table_note(t, "%s: more than %d attributes named; the others left out", name, MAX_COLS);
	if (rc != LL_OK) {
		ll_table_free(t);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	*out = t;
	return LL_OK;
}

/* Sure when the sample is records but for a few lines, and the older
 * form's records (which nothing opens) a quarter of its lines at least: a
 * text that quotes a record under lines of prose is not a log of one
 * record. */
static int cmtrace_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	size_t pos = 0, line = 1, good = 0, bad = 0, in_good = 0;
	struct ds_cmtrace_rec rec;
	int r;
	while (good + bad < 64 && (r = ds_cmtrace_next(head, n, &pos, &line, &rec)) != 0) {
		if (r > 0) {
			good++;
			/* the markup's opening says where a record starts */
			int markup = rec.msg >= head + OPEN_LEN && memcmp(rec.msg - OPEN_LEN, OPEN, OPEN_LEN) == 0;
			in_good += markup ? 1 : rec.lines;
		} else if (pos < n) { /* the last record may be cut by the sample's end */
			bad++;
		}
	}
	if (!good || bad * 2 > good || good * 4 < in_good)
		return 0;
	return 95;
}

const struct ds_reader ds_cmtrace_reader = {
	.name = "cmtrace",
	.summary = "CMTrace log (Configuration Manager): <![LOG[message]LOG]!><time=\"...\" date=\"...\" ...> "
		   "or message $$<component><date time><thread=...>, a row per record",
	.sniff = cmtrace_sniff,
	.load = cmtrace_load,
	.line = NULL,
};
