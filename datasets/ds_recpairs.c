/*
 * ds_recpairs.c - the "Key: value" pairs written on a record's
 * continuation lines, as columns of the whole record (ds_recpairs.h).
 *
 * A record's head carries its time and header; what a DBA or an operator
 * sorts by (a query's time, rows examined, a request's status) is often
 * on the lines below it. Those lines stay rows of their own (lines are
 * what users label); their pairs are copied onto every row of the record
 * so that any of its lines sorts and filters with it.
 */
#include "ds_recpairs.h"
#include "ds_textlog.h"
#include "ds_units.h"
#include "ll_time.h"
#include "ll_units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int mark_char(char c)
{
	return c == '#' || c == ';' || c == '/' || c == '*' || c == '-';
}

static int key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '@';
}

/* The length of the key starting at s[i] (its ':' left out), or 0 when
 * none starts there. A key's ':' ends the line or is followed by a blank. */
static size_t key_at(const char *s, size_t n, size_t i)
{
	if (i >= n || !isalpha((unsigned char)s[i]))
		return 0;
	size_t j = i + 1;
	while (j < n && key_char(s[j]))
		j++;
	if (j >= n || s[j] != ':' || (j + 1 < n && !ds_is_blank(s[j + 1])))
		return 0;
	return j - i;
}

static int has_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ds_is_blank(s[i]))
			return 1;
	return 0;
}

static int number_value(const char *s, size_t n)
{
	double v;
	return ll_parse_number(s, n, &v) || ll_units_duration(s, n, &v, NULL) || ll_units_size(s, n, &v, NULL);
}

size_t ds_recpairs_split(const char *line, size_t len, struct ds_recpair *out, size_t cap)
{
	while (len && (line[len - 1] == '\r' || ds_is_blank(line[len - 1])))
		len--;
	size_t i = 0;
	while (i < len && ds_is_blank(line[i]))
		i++;
	size_t m = i;
	while (m < len && m - i < 4 && mark_char(line[m]))
		m++;
	if (m > i) {
		if (m - i > 3 || m >= len || !ds_is_blank(line[m]))
			return 0;
		i = m;
		while (i < len && ds_is_blank(line[i]))
			i++;
	}
	size_t np = 0;
	int numbers = 0;
	while (i < len) {
		size_t klen = key_at(line, len, i);
		if (!klen || np == cap || np == DS_RECPAIRS_MAX)
			return 0;
		struct ds_recpair p = {{i, klen}, {0, 0}};
		size_t v = i + klen + 1;
		while (v < len && ds_is_blank(line[v]))
			v++;
		size_t e = v, next = len;
		while (e < len) {
			if (!ds_is_blank(line[e])) {
				e++;
				continue;
			}
			size_t b = e;
			while (e < len && ds_is_blank(line[e]))
				e++;
			if (key_at(line, len, e)) {
				/* one blank parts single words only ("Lock_time: 0.1 Rows_sent: 1");
				 * words of prose before "word:" are no value */
				if (e - b == 1 && has_blank(line + v, b - v))
					return 0;
				next = e;
				e = b;
				break;
			}
		}
		if (e == v)
			return 0;
		p.value.off = v;
		p.value.len = e - v;
		numbers = numbers || number_value(line + v, e - v);
		out[np++] = p;
		i = next;
	}
	return np >= 2 && numbers ? np : 0;
}

struct key_col {
	char *name;
	int plain; /* every value a plain number (the missing aside) */
	struct ds_units_tally ty; /* how its values read with units */
	int kind;                 /* what they make of the column (ds_units.h) */
	long col;  /* its column, -1 when it has none */
	char colname[80];
	long vrow; /* the row of the current record's value, -1 when none */
	size_t voff, vlen;
};

static long key_find(const struct key_col *k, size_t nk, const char *s, size_t n)
{
	for (size_t i = 0; i < nk; i++)
		if (strlen(k[i].name) == n && memcmp(k[i].name, s, n) == 0)
			return (long)i;
	return -1;
}

/* Sets the record of head row `head` (its continuation rows cont[lo..hi))
 * from the values each key holds in it. */
static int set_record(struct ll_table *t, size_t text_col, struct key_col *k, size_t nk, size_t head,
		      const size_t *cont, size_t lo, size_t hi, char **buf, size_t *cap)
{
	for (size_t j = 0; j < nk; j++) {
		if (k[j].col < 0 || k[j].vrow < 0)
			continue;
		/* a copy: setting a cell may move the text it came from */
		const char *src = ll_table_text(t, (size_t)k[j].vrow, text_col) + k[j].voff;
		if (k[j].vlen + 1 > *cap) {
			char *nb = realloc(*buf, k[j].vlen + 1);
			if (!nb)
				return LL_ENOMEM;
			*buf = nb;
			*cap = k[j].vlen + 1;
		}
		memcpy(*buf, src, k[j].vlen);
		(*buf)[k[j].vlen] = '\0';
		size_t col = (size_t)k[j].col;
		if (k[j].plain || k[j].kind != DS_UNITS_NONE) {
			double v;
			if (k[j].plain ? !ll_parse_number(*buf, k[j].vlen, &v)
				       : !ds_units_value(k[j].kind, *buf, k[j].vlen, &v))
				v = NAN;
			if (ll_table_set_num(t, head, col, v) != LL_OK)
				return LL_ENOMEM;
		} else if (ll_table_set_text(t, head, col, *buf, k[j].vlen) != LL_OK) {
			return LL_ENOMEM;
		}
		for (size_t r = lo; r < hi; r++)
			if (ll_table_copy_cell(t, cont[r], col, head) != LL_OK)
				return LL_ENOMEM;
		k[j].vrow = -1;
	}
	return LL_OK;
}

int ds_recpairs_apply(struct ll_table *t, size_t text_col, const size_t *cont, const size_t *head,
		      const unsigned char *pairs, size_t n, const char *base, struct ll_err *err)
{
	struct key_col k[DS_RECPAIRS_MAX_KEYS];
	size_t nk = 0;
	struct ds_recpair p[DS_RECPAIRS_MAX];
	char *buf = NULL;
	size_t cap = 0;
	int rc = LL_OK;
	/* the keys, in the order met, and whether each is a number throughout */
	for (size_t i = 0; i < n; i++) {
		if (pairs && !pairs[i])
			continue;
		const char *s = ll_table_text(t, cont[i], text_col);
		size_t np = ds_recpairs_split(s, strlen(s), p, DS_RECPAIRS_MAX);
		for (size_t q = 0; q < np; q++) {
			long j = key_find(k, nk, s + p[q].key.off, p[q].key.len);
			if (j < 0) {
				if (nk == DS_RECPAIRS_MAX_KEYS)
					continue;
				k[nk].name = strndup(s + p[q].key.off, p[q].key.len);
				if (!k[nk].name) {
					rc = LL_ENOMEM;
					goto out;
				}
				memset(&k[nk].ty, 0, sizeof k[nk].ty);
				k[nk].kind = DS_UNITS_NONE;
				k[nk].col = -1;
				k[nk].vrow = -1;
				j = (long)nk++;
			}
			ds_units_tally_add(&k[j].ty, s + p[q].value.off, p[q].value.len);
		}
	}
	if (!nk)
		goto out;
	/* values with units are numbers of one kind as a table's columns with
	 * units are (ds_units.h), judged here once per value written rather
	 * than over the copies on every row */
	for (size_t j = 0; j < nk; j++) {
		k[j].plain = k[j].ty.values && k[j].ty.plain == k[j].ty.values;
		if (!k[j].plain)
			k[j].kind = ds_units_tally_kind_named(&k[j].ty, k[j].name);
	}
	char names[512] = "";
	size_t used = 0;
	for (size_t j = 0; j < nk; j++) {
		char name[80];
		snprintf(name, sizeof name, "%s", k[j].name);
		if (ll_table_find_column(t, name) >= 0)
			snprintf(name, sizeof name, "rec.%s", k[j].name);
		if (ll_table_find_column(t, name) >= 0)
			continue;
		long c = ll_table_add_column(t, name, k[j].plain || k[j].kind != DS_UNITS_NONE ? LL_COL_NUM : LL_COL_TEXT);
		if (c < 0) {
			rc = LL_ENOMEM;
			goto out;
		}
		k[j].col = c;
		memcpy(k[j].colname, name, sizeof name);
		int w = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", name);
		if (w > 0 && (size_t)w < sizeof names - used)
			used += (size_t)w;
	}
	/* the records one by one: their continuation rows are consecutive in cont */
	size_t lo = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = pairs && !pairs[i] ? "" : ll_table_text(t, cont[i], text_col);
		size_t np = *s ? ds_recpairs_split(s, strlen(s), p, DS_RECPAIRS_MAX) : 0;
		for (size_t q = 0; q < np; q++) {
			long j = key_find(k, nk, s + p[q].key.off, p[q].key.len);
			if (j >= 0 && k[j].vrow < 0) {
				k[j].vrow = (long)cont[i];
				k[j].voff = p[q].value.off;
				k[j].vlen = p[q].value.len;
			}
		}
		if (i + 1 == n || head[i + 1] != head[i]) {
			rc = set_record(t, text_col, k, nk, head[i], cont, lo, i + 1, &buf, &cap);
			if (rc != LL_OK)
				goto out;
			lo = i + 1;
		}
	}
	const char *cnames[DS_RECPAIRS_MAX_KEYS];
	unsigned char kinds[DS_RECPAIRS_MAX_KEYS];
	size_t nc = 0;
	for (size_t j = 0; j < nk; j++) {
		if (k[j].col < 0)
			continue;
		/* marked as readers that read units themselves mark theirs, for
		 * tables joined in a fleet */
		if ((k[j].kind == DS_UNITS_SECONDS || k[j].kind == DS_UNITS_BYTES) &&
		    ds_units_mark(t, k[j].colname, k[j].kind) != LL_OK) {
			rc = LL_ENOMEM;
			goto out;
		}
		cnames[nc] = k[j].colname;
		kinds[nc++] = (unsigned char)k[j].kind;
	}
	char lead[640], note[LL_ERR_MSG_MAX];
	snprintf(lead, sizeof lead, "%zu field%s written as Key: value on the records' continuation lines, set on every line of their record: %s",
		 nc, nc == 1 ? "" : "s", names);
	(void)ds_units_fields_note(note, sizeof note, lead, cnames, kinds, nc);
	if (nc && ll_table_note(t, "%s: %s", base, note) != LL_OK)
		rc = LL_ENOMEM;
out:
	for (size_t j = 0; j < nk; j++)
		free(k[j].name);
	free(buf);
	return rc == LL_OK ? LL_OK : ll_err_set(err, LL_ENOMEM, "%s: out of memory", base);
}

int ds_recpairs_seen(const struct ds_line_format *fmt, const char *data, size_t size, size_t sample)
{
	size_t pos = 0;
	const char *line;
	size_t len;
	int after_head = 0;
	struct ds_span fields[DS_MAX_FIELDS], label;
	struct ds_recpair p[DS_RECPAIRS_MAX];
	while (pos < sample && ds_source_next_line(data, size, &pos, &line, &len)) {
		if (ds_line_split(fmt, line, len, fields, &label))
			after_head = 1;
		else if (after_head && ds_recpairs_split(line, len, p, DS_RECPAIRS_MAX))
			return 1;
	}
	return 0;
}
