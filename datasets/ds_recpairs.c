/*
 * ds_recpairs.c - the "Key: value" pairs written on a record's
 * continuation lines, as columns of the whole record (ds_recpairs.h).
 *
 * A record's head carries its time and header; what a DBA or an operator
 * sorts by (a query's time, rows examined, a request's status) is often
 * on the lines below it. Those lines stay rows of their own (lines are
 * what users label); their pairs are given to every row of the record so
 * that any of its lines sorts and filters with it: copied onto the rows
 * of a loaded table, read again from the record's lines for a row of a
 * file browsed lazily (ds_dataset.c).
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
	if (j - i > DS_RECPAIRS_KEY_MAX || j >= n || s[j] != ':' || (j + 1 < n && !ds_is_blank(s[j + 1])))
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

void ds_recpairs_keys_init(struct ds_recpairs_keys *ks)
{
	ks->n = 0;
}

void ds_recpairs_keys_free(struct ds_recpairs_keys *ks)
{
	for (size_t j = 0; j < ks->n; j++)
		free(ks->k[j].name);
	ks->n = 0;
}

long ds_recpairs_keys_find(const struct ds_recpairs_keys *ks, const char *s, size_t n)
{
	for (size_t j = 0; j < ks->n; j++)
		if (ks->k[j].len == n && ks->k[j].name[0] == s[0] && memcmp(ks->k[j].name, s, n) == 0)
			return (long)j;
	return -1;
}

int ds_recpairs_keys_add(struct ds_recpairs_keys *ks, const char *line, size_t len)
{
	struct ds_recpair p[DS_RECPAIRS_MAX];
	size_t np = ds_recpairs_split(line, len, p, DS_RECPAIRS_MAX);
	for (size_t q = 0; q < np; q++) {
		long j = ds_recpairs_keys_find(ks, line + p[q].key.off, p[q].key.len);
		if (j < 0) {
			if (ks->n == DS_RECPAIRS_MAX_KEYS)
				continue;
			struct ds_recpairs_key *k = &ks->k[ks->n];
			memset(k, 0, sizeof *k);
			if (!(k->name = strndup(line + p[q].key.off, p[q].key.len)))
				return LL_ENOMEM;
			k->len = p[q].key.len;
			k->kind = DS_UNITS_NONE;
			j = (long)ks->n++;
		}
		ds_units_tally_add(&ks->k[j].ty, line + p[q].value.off, p[q].value.len);
	}
	return LL_OK;
}

size_t ds_recpairs_keys_settle(struct ds_recpairs_keys *ks, int (*taken)(void *ctx, const char *name), void *ctx)
{
	size_t nc = 0;
	for (size_t j = 0; j < ks->n; j++) {
		struct ds_recpairs_key *k = &ks->k[j];
		/* values with units are numbers of one kind as a table's columns
		 * with units are (ds_units.h), judged once per value written
		 * rather than over copies on every row */
		k->plain = k->ty.values && k->ty.plain == k->ty.values;
		k->kind = k->plain ? DS_UNITS_NONE : ds_units_tally_kind_named(&k->ty, k->name);
		/* keys are distinct and hold no '.': a name is taken only by the
		 * log's own columns */
		snprintf(k->colname, sizeof k->colname, "%s", k->name);
		if (taken(ctx, k->colname))
			snprintf(k->colname, sizeof k->colname, "rec.%s", k->name);
		if (taken(ctx, k->colname))
			k->colname[0] = '\0';
		else
			nc++;
	}
	return nc;
}

enum ll_coltype ds_recpairs_key_type(const struct ds_recpairs_key *k)
{
	return k->plain || k->kind != DS_UNITS_NONE ? LL_COL_NUM : LL_COL_TEXT;
}

int ds_recpairs_key_number(const struct ds_recpairs_key *k, const char *s, size_t n, double *v)
{
	return k->plain ? ll_parse_number(s, n, v) : ds_units_value(k->kind, s, n, v);
}

size_t ds_recpairs_keys_note(const struct ds_recpairs_keys *ks, char *buf, size_t cap)
{
	const char *cnames[DS_RECPAIRS_MAX_KEYS];
	unsigned char kinds[DS_RECPAIRS_MAX_KEYS];
	char names[512] = "";
	size_t used = 0, nc = 0;
	for (size_t j = 0; j < ks->n; j++) {
		if (!ks->k[j].colname[0])
			continue;
		int w = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", ks->k[j].colname);
		if (w > 0 && (size_t)w < sizeof names - used)
			used += (size_t)w;
		cnames[nc] = ks->k[j].colname;
		kinds[nc++] = (unsigned char)ks->k[j].kind;
	}
	if (cap)
		buf[0] = '\0';
	if (!nc)
		return 0;
	char lead[640];
	snprintf(lead, sizeof lead,
		 "%zu field%s written as Key: value on the records' continuation lines, set on every line of their record: %s",
		 nc, nc == 1 ? "" : "s", names);
	(void)ds_units_fields_note(buf, cap, lead, cnames, kinds, nc);
	return nc;
}

void ds_recpairs_values_clear(struct ds_recpairs_values *v)
{
	memset(v->set, 0, sizeof v->set);
	v->nset = 0;
}

void ds_recpairs_values_add(const struct ds_recpairs_keys *ks, struct ds_recpairs_values *v, const char *line,
			    size_t len, size_t at)
{
	struct ds_recpair p[DS_RECPAIRS_MAX];
	size_t np = ds_recpairs_split(line, len, p, DS_RECPAIRS_MAX);
	for (size_t q = 0; q < np; q++) {
		long j = ds_recpairs_keys_find(ks, line + p[q].key.off, p[q].key.len);
		if (j < 0 || v->set[j])
			continue;
		v->set[j] = 1;
		v->at[j] = at;
		v->span[j] = p[q].value;
		v->nset++;
	}
}

/* Sets the record of head row `head` (its continuation rows cont[lo..hi))
 * from the values v holds, which are in rows of t's column text_col. */
static int set_record(struct ll_table *t, size_t text_col, const struct ds_recpairs_keys *ks, const long *col,
		      const struct ds_recpairs_values *v, size_t head, const size_t *cont, size_t lo, size_t hi,
		      char **buf, size_t *cap)
{
	for (size_t j = 0; j < ks->n; j++) {
		if (col[j] < 0 || !v->set[j])
			continue;
		/* a copy: setting a cell may move the text it came from */
		size_t n = v->span[j].len;
		const char *src = ll_table_text(t, v->at[j], text_col) + v->span[j].off;
		if (n + 1 > *cap) {
			char *nb = realloc(*buf, n + 1);
			if (!nb)
				return LL_ENOMEM;
			*buf = nb;
			*cap = n + 1;
		}
		memcpy(*buf, src, n);
		(*buf)[n] = '\0';
		size_t c = (size_t)col[j];
		if (ds_recpairs_key_type(&ks->k[j]) == LL_COL_NUM) {
			double x;
			if (!ds_recpairs_key_number(&ks->k[j], *buf, n, &x))
				x = NAN;
			if (ll_table_set_num(t, head, c, x) != LL_OK)
				return LL_ENOMEM;
		} else if (ll_table_set_text(t, head, c, *buf, n) != LL_OK) {
			return LL_ENOMEM;
		}
		for (size_t r = lo; r < hi; r++)
			if (ll_table_copy_cell(t, cont[r], c, head) != LL_OK)
				return LL_ENOMEM;
	}
	return LL_OK;
}

static int table_has(void *ctx, const char *name)
{
	return ll_table_find_column(ctx, name) >= 0;
}

int ds_recpairs_apply(struct ll_table *t, size_t text_col, const size_t *cont, const size_t *head,
		      const unsigned char *pairs, size_t n, const char *base, struct ll_err *err)
{
	struct ds_recpairs_keys *ks = malloc(sizeof *ks);
	struct ds_recpairs_values v;
	char *buf = NULL;
	size_t cap = 0;
	int rc = LL_OK;
	if (!ks)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", base);
	ds_recpairs_keys_init(ks);
	for (size_t i = 0; rc == LL_OK && i < n; i++) {
		if (pairs && !pairs[i])
			continue;
		const char *s = ll_table_text(t, cont[i], text_col);
		rc = ds_recpairs_keys_add(ks, s, strlen(s));
	}
	if (rc != LL_OK || !ks->n)
		goto out;
	ds_recpairs_keys_settle(ks, table_has, t);
	long col[DS_RECPAIRS_MAX_KEYS];
	for (size_t j = 0; j < ks->n; j++) {
		col[j] = -1;
		if (ks->k[j].colname[0] &&
		    (col[j] = ll_table_add_column(t, ks->k[j].colname, ds_recpairs_key_type(&ks->k[j]))) < 0) {
			rc = LL_ENOMEM;
			goto out;
		}
	}
	/* the records one by one: their continuation rows are consecutive in cont */
	size_t lo = 0;
	ds_recpairs_values_clear(&v);
	for (size_t i = 0; i < n; i++) {
		if (!pairs || pairs[i]) {
			const char *s = ll_table_text(t, cont[i], text_col);
			ds_recpairs_values_add(ks, &v, s, strlen(s), cont[i]);
		}
		if (i + 1 == n || head[i + 1] != head[i]) {
			rc = set_record(t, text_col, ks, col, &v, head[i], cont, lo, i + 1, &buf, &cap);
			if (rc != LL_OK)
				goto out;
			ds_recpairs_values_clear(&v);
			lo = i + 1;
		}
	}
	for (size_t j = 0; j < ks->n; j++) {
		/* marked as readers that read units themselves mark theirs, for
		 * tables joined in a fleet */
		int kind = ks->k[j].kind;
		if (col[j] >= 0 && (kind == DS_UNITS_SECONDS || kind == DS_UNITS_BYTES) &&
		    ds_units_mark(t, ks->k[j].colname, kind) != LL_OK) {
			rc = LL_ENOMEM;
			goto out;
		}
	}
	char note[LL_ERR_MSG_MAX];
	if (ds_recpairs_keys_note(ks, note, sizeof note) && ll_table_note(t, "%s: %s", base, note) != LL_OK)
		rc = LL_ENOMEM;
out:
	ds_recpairs_keys_free(ks);
	free(ks);
	free(buf);
	return rc == LL_OK ? LL_OK : ll_err_set(err, LL_ENOMEM, "%s: out of memory", base);
}
