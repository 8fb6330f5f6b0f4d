/*
 * ds_influx.c - the "influx" reader: InfluxDB line protocol, what Telegraf's
 * file output and InfluxDB exports write, one point a line:
 *
 *   cpu,host=web1,cpu=cpu0 usage_idle=68.75,usage_user=25 1568760922000000000
 *
 * A row per time and tag set: Telegraf writes a line per measurement, so
 * the points of one time and one set of tags (the same keys and values,
 * in any order on the line), whatever their measurement, are one row,
 * first-seen order. Its columns: "time" (the timestamp read as epoch
 * seconds to nanoseconds by its magnitude, ll_time_from_epoch; none: a
 * missing time), each tag in a text column named by its key, each field
 * in a column "measurement.field" (cpu.usage_idle: fields of two
 * measurements never meet in one column, and the name says where a value
 * came from; a "measurement" column of a row's several measurements would
 * only repeat that, and would name the entities of the pivot below, as
 * "mem.used.mem,system.web1", where the tags tell the rows apart by
 * themselves). A point that gives a cell of its time and tags' row a
 * second value starts a new row of that time and tags (so nothing is
 * dropped; later points join the newest), and a point without a
 * timestamp is a row of its own. Memory goes with the rows and columns
 * made, never with points x columns (1M points of 1,000 measurements on
 * 100 hosts made 1M x 1,004 cells, 8.3 GB).
 * Floats, integers (12i) and unsigned integers (12u) are numbers; a field
 * that is ever a string ("...") or a boolean (t, true, F...) is text.
 * Escapes (\, \= \space, and \" \\ in strings) are undone; '#' lines and
 * blank lines are skipped. Two passes, as the JSON readers: the first
 * gathers the columns and their kinds, the second finds each point's row
 * by hashing its (time, sorted tags) key and fills the table.
 * A line that does not parse is a data error naming the file, line and
 * problem: nothing is dropped.
 *
 * Graphite's plaintext protocol ("servers.web1.cpu.user 42.5 1765000000",
 * what carbon takes and graphite exports hold) is the same data without
 * field names: a point of one number under its path, its Graphite 1.1
 * tags (";host=web1") as tags (plain_point); its lines may sit among
 * line-protocol ones.
 */
#include "ds_csv.h"
#include "ds_pivot.h"
#include "ds_reader.h"
#include "ds_rowkey.h"
#include "ll_slots.h"
#include "ll_time.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INFLUX_MAX_COLS 16384
#define INFLUX_MAX_KEYS 256

/* One key=value of a line: key and value unescaped into the line's buffer. */
struct kv {
	const char *key, *val;
	size_t klen, vlen;
	int kind; /* fields: 'n' number, 's' string, 'b' boolean */
	double num;
};

struct point {
	char *buf; /* unescaped text of the line */
	size_t cap;
	const char *meas;
	size_t mlen;
	struct kv tags[INFLUX_MAX_KEYS], fields[INFLUX_MAX_KEYS];
	size_t ntags, nfields;
	int has_time;
	int plain; /* Graphite's "path value epoch" (plain_point) */
	double time;
};

/* Reads up to an unescaped stop byte (one of stops), undoing backslash
 * escapes of stop bytes into out; *i ends at the stop or the end. */
static size_t token(const char *s, size_t n, size_t *i, const char *stops, char *out)
{
	size_t m = 0;
	while (*i < n && !strchr(stops, s[*i])) {
		if (s[*i] == '\\' && *i + 1 < n && (strchr(stops, s[*i + 1]) || s[*i + 1] == '\\'))
			(*i)++;
		out[m++] = s[(*i)++];
	}
	return m;
}

/* A field value at s[*i]: a quoted string, a boolean, or a number with an
 * optional i/u suffix. Returns the kind, 0 when it is none. */
static int field_value(const char *s, size_t n, size_t *i, char *out, size_t *len, double *num)
{
	size_t m = 0;
	if (*i < n && s[*i] == '"') {
		(*i)++;
		while (*i < n && s[*i] != '"') {
			if (s[*i] == '\\' && *i + 1 < n && (s[*i + 1] == '"' || s[*i + 1] == '\\'))
				(*i)++;
			out[m++] = s[(*i)++];
		}
		if (*i >= n)
			return 0;
		(*i)++;
		*len = m;
		return 's';
	}
	size_t st = *i;
	while (*i < n && s[*i] != ',' && s[*i] != ' ')
		(*i)++;
	size_t w = *i - st;
	memcpy(out, s + st, w);
	*len = w;
	static const char *const bools[] = {"t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE"};
	for (size_t k = 0; k < sizeof bools / sizeof *bools; k++)
		if (strlen(bools[k]) == w && memcmp(bools[k], out, w) == 0)
			return 'b';
	if (w > 1 && (out[w - 1] == 'i' || out[w - 1] == 'u'))
		w--;
	return w && ll_parse_number(out, w, num) ? 'n' : 0;
}

/* Graphite's plaintext protocol, carbon's "servers.web1.cpu.user 42.5
 * 1765000000": a metric path, one number, an epoch of seconds, blanks
 * between, no '=' anywhere. At s[i], after the path: 1 with p holding a
 * point of one field under the path's own name (an empty key), o its
 * room for the value's text; else 0. The epoch must be one of recent
 * years (1990..2100, as a column of them is a time), so a name, a count
 * and a small number ("errors 3 12") are no point. Graphite 1.1's tags
 * follow the path after ';' ("cpu.user;host=web1;dc=eu 42 1765000000"):
 * the point's tags, as line protocol's are. */
static int plain_point(const char *s, size_t n, size_t i, struct point *p, char *o)
{
	if (p->ntags)
		return 0;
	const char *semi = memchr(p->meas, ';', p->mlen);
	size_t path = semi ? (size_t)(semi - p->meas) : p->mlen;
	if (!path || memchr(p->meas, '=', path))
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	size_t v = i;
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	size_t vlen = i - v;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	double num, when, t;
	if (!vlen || i >= n || !ll_parse_number(s + v, vlen, &num) || !ll_parse_number(s + i, n - i, &when) ||
	    !ds_csv_event_epoch(when, &t) || !ll_time_from_epoch(when, &p->time))
		return 0;
	for (size_t a = path; a < p->mlen;) {
		size_t b = a + 1;
		while (b < p->mlen && p->meas[b] != ';')
			b++;
		const char *eq = memchr(p->meas + a + 1, '=', b - a - 1);
		if (!eq || eq == p->meas + a + 1 || p->ntags == INFLUX_MAX_KEYS) {
			p->ntags = 0; /* no point: parse_point goes on without these */
			return 0;
		}
		p->tags[p->ntags++] = (struct kv){.key = p->meas + a + 1,
						  .klen = (size_t)(eq - p->meas) - a - 1,
						  .val = eq + 1,
						  .vlen = b - (size_t)(eq - p->meas) - 1};
		a = b;
	}
	struct kv *f = &p->fields[0];
	memcpy(o, s + v, vlen);
	*f = (struct kv){.key = o, .klen = 0, .val = o, .vlen = vlen, .kind = 'n', .num = num};
	p->nfields = 1;
	p->has_time = 1;
	p->plain = 1;
	p->mlen = path;
	return 1;
}

/* Parses one line into p; returns NULL or the problem. */
static const char *parse_point(const char *s, size_t n, struct point *p)
{
	if (n * 2 + 16 > p->cap) {
		char *b = realloc(p->buf, n * 2 + 16);
		if (!b)
			return "out of memory";
		p->buf = b;
		p->cap = n * 2 + 16;
	}
	char *o = p->buf;
	size_t i = 0;
	p->ntags = p->nfields = 0;
	p->plain = 0;
	p->meas = o;
	p->mlen = token(s, n, &i, ", ", o);
	if (!p->mlen)
		return "no measurement";
	o += p->mlen;
	if (i < n && s[i] == ' ' && plain_point(s, n, i, p, o))
		return NULL;
	while (i < n && s[i] == ',') {
		i++;
		if (p->ntags == INFLUX_MAX_KEYS)
			return "too many tags";
		struct kv *t = &p->tags[p->ntags++];
		t->key = o;
		t->klen = token(s, n, &i, ",= ", o);
		o += t->klen;
		if (!t->klen || i >= n || s[i] != '=')
			return "a tag without '='";
		i++;
		t->val = o;
		t->vlen = token(s, n, &i, ", ", o);
		o += t->vlen;
	}
	if (i >= n || s[i] != ' ')
		return "no field set after the measurement and tags";
	while (i < n && s[i] == ' ')
		i++;
	for (;;) {
		if (p->nfields == INFLUX_MAX_KEYS)
			return "too many fields";
		struct kv *f = &p->fields[p->nfields++];
		f->key = o;
		f->klen = token(s, n, &i, ",= ", o);
		o += f->klen;
		if (!f->klen || i >= n || s[i] != '=')
			return "a field without '='";
		i++;
		f->val = o;
		if (!(f->kind = field_value(s, n, &i, o, &f->vlen, &f->num)))
			return "a field value that is no number, boolean or quoted string";
		o += f->vlen;
		if (i < n && s[i] == ',') {
			i++;
			continue;
		}
		break;
	}
	while (i < n && s[i] == ' ')
		i++;
	p->has_time = 0;
	if (i < n) {
		double v;
		if (!ll_parse_number(s + i, n - i, &v) || !ll_time_from_epoch(v, &p->time))
			return "the timestamp is no epoch number";
		p->has_time = 1;
	}
	return NULL;
}

/* The next line to read (not blank, not a comment): 1, else 0 at the end. */
static int next_point_line(const char *d, size_t size, size_t *pos, size_t *lineno, const char **line,
			   size_t *len)
{
	while (ds_source_next_line(d, size, pos, line, len)) {
		++*lineno;
		while (*len && ((*line)[*len - 1] == '\r' || (*line)[*len - 1] == ' '))
			--*len;
		if (*len && (*line)[0] != '#')
			return 1;
	}
	return 0;
}

/* ---- columns ---- */

struct icol {
	char *name;
	int kind; /* 'n', 's' or 'b' as seen; 'x' mixed */
	int tcol;
};

/* A tag set: its tags sorted (tag_bytes), in the pool. */
struct iset {
	size_t off, len;
};

/* Growable bytes (the tag sets one after another), addressed by offsets
 * so that growing them leaves no pointer dangling. */
struct pool {
	char *b;
	size_t len, cap;
};

struct ictx {
	struct icol *cols;
	size_t ncols, cap;
	struct ll_slots ix;
	char name[1024];
	struct iset *sets;
	size_t nsets, setcap;
	struct ll_slots six;
	/* a row's key, the time and the tag set's id, and the newest row
	 * holding that key: 24 bytes a row, the tag sets' text kept once (a
	 * file of distinct times, none merged, costs little more than the
	 * table) */
	struct ds_rowkeys rows;
	struct pool setbytes, key; /* key: the current point's tag set, rebuilt per line */
	struct ds_rowbits filled;  /* per table row, a bit per column a field has given a value */
	const struct kv *sorted[INFLUX_MAX_KEYS];
};

static int pool_put(struct pool *p, const void *s, size_t n)
{
	if (!n)
		return LL_OK; /* p->b may still be NULL, which memcpy must not see */
	if (p->len + n > p->cap) {
		size_t cap = p->cap ? p->cap : 256;
		while (cap < p->len + n)
			cap *= 2;
		char *b = realloc(p->b, cap);
		if (!b)
			return LL_ENOMEM;
		p->b = b;
		p->cap = cap;
	}
	memcpy(p->b + p->len, s, n);
	p->len += n;
	return LL_OK;
}

/* The column called name, added with kind when new (kind 0: looked up
 * only, as the second pass does); NULL on OOM or too many. */
static struct icol *column(struct ictx *c, const char *name, int kind)
{
	struct ll_slots_probe p = ll_slots_probe(&c->ix, ll_slots_hash(name, strlen(name)));
	for (uint32_t i; (i = ll_slots_next(&c->ix, &p)) != LL_SLOTS_NONE;) {
		struct icol *col = &c->cols[i];
		if (strcmp(col->name, name) == 0) {
			if (kind && col->kind != kind)
				col->kind = 'x';
			return col;
		}
	}
	if (c->ncols == INFLUX_MAX_COLS)
		return NULL;
	if (c->ncols == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct icol *nc = realloc(c->cols, cap * sizeof *nc);
		if (!nc)
			return NULL;
		c->cols = nc;
		c->cap = cap;
	}
	struct icol *col = &c->cols[c->ncols];
	if (!(col->name = strdup(name)))
		return NULL;
	if (ll_slots_add(&c->ix, &p, (uint32_t)c->ncols) != LL_OK) {
		free(col->name);
		return NULL;
	}
	col->kind = kind;
	col->tcol = -1;
	c->ncols++;
	return col;
}

/* A tag's column name (meas NULL: its key) or a field's ("meas.key"), cut
 * to fit c->name. Copied, not printed: snprintf was a third of a load. */
static const char *key_name(struct ictx *c, const char *meas, size_t mlen, const struct kv *kv)
{
	size_t n = 0, room = sizeof c->name - 1;
	if (meas) {
		n = mlen < room ? mlen : room;
		memcpy(c->name, meas, n);
		/* a plain point's one value goes under its path alone */
		if (n < room && kv->klen)
			c->name[n++] = '.';
	}
	size_t k = kv->klen < room - n ? kv->klen : room - n;
	memcpy(c->name + n, kv->key, k);
	c->name[n + k] = '\0';
	return c->name;
}

static int cmp_tag(const void *a, const void *b)
{
	const struct kv *x = *(const struct kv *const *)a, *y = *(const struct kv *const *)b;
	int d = memcmp(x->key, y->key, x->klen < y->klen ? x->klen : y->klen);
	if (d || x->klen != y->klen)
		return d ? d : x->klen < y->klen ? -1 : 1;
	d = memcmp(x->val, y->val, x->vlen < y->vlen ? x->vlen : y->vlen);
	return d ? d : (x->vlen > y->vlen) - (x->vlen < y->vlen);
}

/* The point's tag set into c->key: its tags sorted by key and value (the
 * order of the line's tags does not matter), each length before its
 * bytes so that no two tag sets write the same bytes. */
static int tag_bytes(struct ictx *c, const struct point *p)
{
	c->key.len = 0;
	for (size_t k = 0; k < p->ntags; k++)
		c->sorted[k] = &p->tags[k];
	qsort(c->sorted, p->ntags, sizeof *c->sorted, cmp_tag);
	int rc = LL_OK;
	for (size_t k = 0; rc == LL_OK && k < p->ntags; k++) {
		const struct kv *t = c->sorted[k];
		rc = pool_put(&c->key, &t->klen, sizeof t->klen);
		if (rc == LL_OK)
			rc = pool_put(&c->key, t->key, t->klen);
		if (rc == LL_OK)
			rc = pool_put(&c->key, &t->vlen, sizeof t->vlen);
		if (rc == LL_OK)
			rc = pool_put(&c->key, t->val, t->vlen);
	}
	return rc;
}

/* The id of the tag set in c->key (added when new); -1 out of memory. */
static long tag_set(struct ictx *c)
{
	const char *k = c->key.b ? c->key.b : "";
	size_t n = c->key.len;
	struct ll_slots_probe p = ll_slots_probe(&c->six, ll_slots_hash(k, n));
	for (uint32_t i; (i = ll_slots_next(&c->six, &p)) != LL_SLOTS_NONE;)
		if (c->sets[i].len == n && (!n || memcmp(c->setbytes.b + c->sets[i].off, k, n) == 0))
			return i; /* no tags: the empty set, and maybe no bytes at all yet */
	if (c->nsets == c->setcap) {
		size_t cap = c->setcap ? c->setcap * 2 : 64;
		struct iset *ns = realloc(c->sets, cap * sizeof *ns);
		if (!ns)
			return -1;
		c->sets = ns;
		c->setcap = cap;
	}
	c->sets[c->nsets] = (struct iset){c->setbytes.len, n};
	if (pool_put(&c->setbytes, k, n) != LL_OK || ll_slots_add(&c->six, &p, (uint32_t)c->nsets) != LL_OK)
		return -1;
	return (long)c->nsets++;
}

static void ictx_free(struct ictx *c)
{
	for (size_t k = 0; k < c->ncols; k++)
		free(c->cols[k].name);
	free(c->cols);
	ll_slots_free(&c->ix);
	free(c->sets);
	ll_slots_free(&c->six);
	ds_rowkeys_free(&c->rows);
	free(c->setbytes.b);
	free(c->key.b);
	ds_rowbits_free(&c->filled);
}

/* The first pass: every column and its kind. Counts the points into
 * *points. */
static int gather_columns(const struct ds_source *src, struct ictx *c, struct point *p, size_t *points,
			  struct ll_err *err)
{
	size_t pos = 0, lineno = 0, len;
	const char *line;
	*points = 0;
	while (next_point_line(src->data, src->size, &pos, &lineno, &line, &len)) {
		const char *bad = parse_point(line, len, p);
		if (bad)
			return ll_err_set(err, LL_EDATA, "%s:%zu: not InfluxDB line protocol: %s", src->path, lineno,
					  bad);
		++*points;
		for (size_t k = 0; k < p->ntags + p->nfields; k++) {
			const struct kv *kv = k < p->ntags ? &p->tags[k] : &p->fields[k - p->ntags];
			struct icol *col = column(c, key_name(c, k < p->ntags ? NULL : p->meas, p->mlen, kv),
						  k < p->ntags ? 's' : kv->kind);
			if (!col)
				return c->ncols == INFLUX_MAX_COLS
					       ? ll_err_set(err, LL_EDATA, "%s:%zu: more than %d columns", src->path,
							    lineno, INFLUX_MAX_COLS)
					       : ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		}
	}
	return LL_OK;
}

/* The table row of point p: its time and tag set's newest row, or a new
 * one when p has no time (nothing says which points it goes with) or when
 * one of its fields' cells there is filled already (the point repeats
 * one before it: a row of its own, as every point had, so that no value
 * is lost). Its tags are set when the row is new. */
static long point_row(struct ictx *c, struct ll_table *t, const struct point *p, const size_t *fcols)
{
	struct ds_rowkey *key = NULL;
	if (p->has_time) {
		long set = tag_bytes(c, p) == LL_OK ? tag_set(c) : -1;
		if (set < 0 || !(key = ds_rowkeys_get(&c->rows, p->time, (uint32_t)set, 0)))
			return LL_ENOMEM;
		int repeat = key->row == DS_NO_ROW;
		for (size_t f = 0; !repeat && f < p->nfields; f++)
			repeat = ds_rowbits_get(&c->filled, key->row, fcols[f]);
		if (!repeat)
			return (long)key->row;
	}
	long row = ll_table_append_row(t);
	if (row < 0 || (size_t)row >= LL_SLOTS_MAX || ds_rowbits_room(&c->filled, (size_t)row) != LL_OK)
		return LL_ENOMEM;
	if (key)
		key->row = (uint32_t)row;
	if (p->has_time)
		ll_table_set_num(t, (size_t)row, 0, p->time);
	for (size_t k = 0; k < p->ntags; k++) {
		/* a tag makes its column text (kind 's', or 'x' beside a field) */
		struct icol *col = column(c, key_name(c, NULL, 0, &p->tags[k]), 0);
		if (ll_table_set_text(t, (size_t)row, (size_t)col->tcol, p->tags[k].val, p->tags[k].vlen) != LL_OK)
			return LL_ENOMEM;
	}
	return row;
}

/* The second pass: the points into rows (point_row), their fields into
 * the row's cells. */
static int fill_rows(const struct ds_source *src, struct ictx *c, struct point *p, struct ll_table *t,
		     struct ll_err *err)
{
	size_t pos = 0, lineno = 0, len, fcols[INFLUX_MAX_KEYS];
	const char *line;
	while (next_point_line(src->data, src->size, &pos, &lineno, &line, &len)) {
		parse_point(line, len, p); /* parsed once already */
		for (size_t f = 0; f < p->nfields; f++)
			fcols[f] = (size_t)(column(c, key_name(c, p->meas, p->mlen, &p->fields[f]), 0) - c->cols);
		long row = point_row(c, t, p, fcols);
		if (row < 0)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		for (size_t f = 0; f < p->nfields; f++) {
			const struct kv *kv = &p->fields[f];
			size_t tc = (size_t)c->cols[fcols[f]].tcol;
			int rc = ll_table_col_type(t, tc) == LL_COL_NUM
					 ? ll_table_set_num(t, (size_t)row, tc, kv->num)
					 : ll_table_set_text(t, (size_t)row, tc, kv->val, kv->vlen);
			if (rc != LL_OK)
				return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
			ds_rowbits_set(&c->filled, (size_t)row, fcols[f]);
		}
	}
	return LL_OK;
}

static int influx_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		       struct ll_err *err)
{
	(void)opts;
	*out = NULL;
	struct ictx c = {0};
	struct point p = {0};
	struct ll_table *t = NULL;
	size_t points = 0;
	int rc = gather_columns(src, &c, &p, &points, err);
	if (rc == LL_OK && points == 0)
		rc = ll_err_set(err, LL_EDATA, "%s: no InfluxDB line protocol points", src->path);
	if (rc == LL_OK && (!(t = ll_table_new()) || ll_table_add_column(t, "time", LL_COL_TIME) < 0))
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	for (size_t k = 0; rc == LL_OK && k < c.ncols; k++)
		if ((c.cols[k].tcol = ll_table_add_column(t, c.cols[k].name,
							  c.cols[k].kind == 'n' ? LL_COL_NUM : LL_COL_TEXT)) < 0)
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	c.filled.words = (c.ncols + 63) / 64;
	if (rc == LL_OK)
		rc = fill_rows(src, &c, &p, t, err);
	ictx_free(&c);
	free(p.buf);
	if (rc != LL_OK) {
		ll_table_free(t);
		return rc;
	}
	*out = t;
	return LL_OK;
}

/* Claims a sample whose lines (but for '#' and blank ones) are nearly all
 * points; the grammar is strict enough (a field set of k=v with typed
 * values, then an epoch number or nothing) that logs and key=value text
 * do not pass. A point without a timestamp is as common (what a client
 * writes for the server to stamp, Telegraf's outputs in tests and docs),
 * but logfmt with a number second ("level=info count=3") parses too: such
 * a point counts only when its measurement holds no '=', which a
 * measurement next to never does and a key=value pair always does. One
 * line alone is claimed when its tags or its timestamp make it a point
 * beyond doubt. */
static int influx_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (!n || memchr(head, '\0', n))
		return 0;
	struct point p = {0};
	size_t pos = 0, lineno = 0, len, tried = 0, ok = 0, sure = 0;
	const char *line;
	while (tried < 200 && next_point_line(head, n, &pos, &lineno, &line, &len)) {
		if (pos >= n && head[n - 1] != '\n' && tried)
			break; /* cut off by the sample */
		tried++;
		if (!parse_point(line, len, &p) && (p.has_time || !memchr(p.meas, '=', p.mlen))) {
			ok++;
			sure += !p.plain && (p.has_time || p.ntags);
		}
	}
	free(p.buf);
	if (tried == 1)
		return sure ? 70 : 0;
	return tried >= 2 && ok * 50 >= tried * 49 ? 70 : 0;
}
/* A long table (a row per time and entity) comes out wide (ds_pivot.h),
 * unless the dataset's "entity" key says otherwise. */
static int influx_load_wide(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		   struct ll_err *err)
{
	return ds_pivot_loaded(influx_load(src, opts, out, err), out, opts->entity, src->path, err);
}


const struct ds_reader ds_influx_reader = {
	.name = "influx",
	.summary = "InfluxDB line protocol (Telegraf): measurement,tags fields timestamp, a row per time and tag set "
		   "(and Graphite's plaintext: path value timestamp)",
	.sniff = influx_sniff,
	.load = influx_load_wide,
	.line = NULL,
};
