/*
 * ds_prom.c - the "prometheus" reader: the text exposition format that
 * Prometheus exporters serve (node_exporter, cAdvisor, kube-state-metrics)
 * and OpenMetrics, as people save it with `curl host:9100/metrics`:
 *
 *   # HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
 *   # TYPE node_cpu_seconds_total counter
 *   node_cpu_seconds_total{cpu="0",mode="idle"} 2.5866566e+06 1700000000000
 *
 One page (a scrape) is a row per label set (the same label names and
 * values, in any order), as the influx reader makes a row per tag set:
 * each label a text column named by its key, each metric a number column
 * named by the metric, so node_load1 and node_memory_MemFree_bytes (no
 * labels) share one row and the CPU counters get a row per cpu and mode.
 * Pages over time (saved one after another: a sample whose metric and
 * labels came already starts the next scrape; or samples with timestamps
 * of two times or more, milliseconds or OpenMetrics' seconds, read by
 * magnitude) are a time series: a row per scrape or time, a column per
 * series named as a selector, node_cpu_seconds_total{cpu=0,mode=idle}
 * (1,000 node_exporter pages: 1,000 x 508, where rows per label set made
 * 100,000 x 332 cells, nearly all empty). The entity key "none" keeps
 * them a row per label set and time (or scrape).
 * Values are floats, +Inf, -Inf and NaN; label values undo \\, \" and \n;
 * OpenMetrics exemplars (" # {...} v") and "# EOF" are left out. A line
 * that does not parse is a data error naming the file, line and problem.
 */
#include "ds_pivot.h"
#include "ds_reader.h"
#include "ds_rowkey.h"
#include "ll_slots.h"
#include "ll_time.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROM_MAX_LABELS 64
#define PROM_MAX_COLS 16384

struct label {
	const char *key, *val; /* key in the line, val unescaped in the sample's buffer */
	size_t klen, vlen;
};

struct sample {
	const char *name;
	size_t nlen;
	struct label labels[PROM_MAX_LABELS];
	size_t nlabels;
	double value;
	int timed;
	double time;
	char *buf; /* unescaped label values */
	size_t cap;
};

static int name_start(int c)
{
	return isalpha(c) || c == '_' || c == ':';
}

static int name_char(int c)
{
	return isalnum(c) || c == '_' || c == ':';
}

/* A value: a float, or +Inf, -Inf, Inf, NaN as the format writes them. */
static int prom_value(const char *s, size_t n, double *v)
{
	if ((n == 4 && memcmp(s, "+Inf", 4) == 0) || (n == 3 && memcmp(s, "Inf", 3) == 0)) {
		*v = INFINITY;
		return 1;
	}
	if (n == 4 && memcmp(s, "-Inf", 4) == 0) {
		*v = -INFINITY;
		return 1;
	}
	if (n == 3 && memcmp(s, "NaN", 3) == 0) {
		*v = NAN;
		return 1;
	}
	return ll_parse_number(s, n, v);
}

static void skip_blanks(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
}

/* The labels of "{k="v",...}" at s[*i] (after '{'); NULL or the problem. */
static const char *parse_labels(const char *s, size_t n, size_t *i, struct sample *p)
{
	char *o = p->buf;
	for (;;) {
		skip_blanks(s, n, i);
		if (*i < n && s[*i] == '}') {
			(*i)++;
			return NULL;
		}
		if (p->nlabels == PROM_MAX_LABELS)
			return "too many labels";
		struct label *l = &p->labels[p->nlabels++];
		l->key = s + *i;
		if (*i >= n || !(isalpha((unsigned char)s[*i]) || s[*i] == '_'))
			return "a label name that does not start with a letter or '_'";
		while (*i < n && (isalnum((unsigned char)s[*i]) || s[*i] == '_'))
			(*i)++;
		l->klen = (size_t)(s + *i - l->key);
		skip_blanks(s, n, i);
		if (*i >= n || s[*i] != '=')
			return "a label without '='";
		(*i)++;
		skip_blanks(s, n, i);
		if (*i >= n || s[*i] != '"')
			return "a label value that is not quoted";
		(*i)++;
		l->val = o;
		while (*i < n && s[*i] != '"') {
			if (s[*i] == '\\' && *i + 1 < n) {
				(*i)++;
				*o++ = s[*i] == 'n' ? '\n' : s[*i];
				(*i)++;
				continue;
			}
			*o++ = s[(*i)++];
		}
		if (*i >= n)
			return "a label value left open";
		(*i)++;
		l->vlen = (size_t)(o - l->val);
		skip_blanks(s, n, i);
		if (*i < n && s[*i] == ',')
			(*i)++;
		else if (*i >= n || s[*i] != '}')
			return "labels not closed with '}'";
	}
}

/* Parses one sample line into p; NULL or the problem. */
static const char *parse_sample(const char *s, size_t n, struct sample *p)
{
	if (n + 16 > p->cap) {
		char *b = realloc(p->buf, n + 16);
		if (!b)
			return "out of memory";
		p->buf = b;
		p->cap = n + 16;
	}
	size_t i = 0;
	p->nlabels = 0;
	p->timed = 0;
	if (!n || !name_start((unsigned char)s[0]))
		return "a metric name that does not start with a letter, '_' or ':'";
	while (i < n && name_char((unsigned char)s[i]))
		i++;
	p->name = s;
	p->nlen = i;
	if (i < n && s[i] == '{') {
		i++;
		const char *bad = parse_labels(s, n, &i, p);
		if (bad)
			return bad;
	}
	size_t before = i;
	skip_blanks(s, n, &i);
	if (i == before || i >= n)
		return "no value after the metric name";
	size_t st = i;
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	if (!prom_value(s + st, i - st, &p->value))
		return "a value that is no number, +Inf, -Inf or NaN";
	skip_blanks(s, n, &i);
	if (i < n && s[i] != '#') {
		st = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		double ts;
		if (!ll_parse_number(s + st, i - st, &ts) || !ll_time_from_epoch(ts, &p->time))
			return "a timestamp that is no epoch number";
		p->timed = 1;
		skip_blanks(s, n, &i);
	}
	if (i < n && s[i] != '#')
		return "text after the value and timestamp";
	return NULL; /* the rest is an OpenMetrics exemplar */
}

/* The next line, with CR and trailing blanks cut: 1, else 0 at the end. */
static int next_line(const char *d, size_t size, size_t *pos, size_t *lineno, const char **line, size_t *len)
{
	if (!ds_source_next_line(d, size, pos, line, len))
		return 0;
	++*lineno;
	while (*len && ((*line)[*len - 1] == '\r' || (*line)[*len - 1] == ' ' || (*line)[*len - 1] == '\t'))
		--*len;
	return 1;
}

/* "# TYPE name kind": the kind's index in kinds, -1 when the line is no
 * TYPE line. */
static const char *const kinds[] = {"counter", "gauge", "histogram", "summary", "untyped", "info", "stateset",
				    "gaugehistogram", "unknown"};
#define NKINDS (sizeof kinds / sizeof *kinds)

static int type_line(const char *s, size_t n)
{
	if (n < 7 || memcmp(s, "# TYPE ", 7) != 0)
		return -1;
	size_t i = 7;
	while (i < n && s[i] != ' ')
		i++;
	skip_blanks(s, n, &i);
	for (size_t k = 0; k < NKINDS; k++)
		if (strlen(kinds[k]) == n - i && memcmp(s + i, kinds[k], n - i) == 0)
			return (int)k;
	return -1;
}

/* ---- columns and rows ---- */

/* What a name is: a metric's number column, a label's text column, or a
 * family a TYPE line declared (counted, no column). */
enum { METRIC = 0, LABEL = 1, FAMILY = 2 };

struct pcol {
	char *name;
	int label; /* METRIC, LABEL or FAMILY */
	int tcol;
};

/* ---- series: a metric and a label set ---- */

/* One series: a metric and a label set; its column's name, the scrape it
 * last came in, and (filling) its table column and the row it last
 * filled, +1 (0: none). */
struct series {
	uint64_t key; /* metric column << 32 | label set */
	char *name;
	size_t last_scrape, last_row;
	int tcol;
};

struct series_ix {
	struct series *v;
	size_t n, cap;
	struct ll_slots ix;
};

/* The series of key (added when add), or NULL. */
static struct series *series_of(struct series_ix *sx, uint64_t key, int add)
{
	struct ll_slots_probe p = ll_slots_probe(&sx->ix, ll_slots_hash_u64(key));
	for (uint32_t i; (i = ll_slots_next(&sx->ix, &p)) != LL_SLOTS_NONE;)
		if (sx->v[i].key == key)
			return &sx->v[i];
	if (!add)
		return NULL;
	if (sx->n == sx->cap) {
		size_t cap = sx->cap ? sx->cap * 2 : 64;
		struct series *nv = realloc(sx->v, cap * sizeof *nv);
		if (!nv)
			return NULL;
		sx->v = nv;
		sx->cap = cap;
	}
	sx->v[sx->n] = (struct series){key, NULL, 0, 0, -1};
	if (ll_slots_add(&sx->ix, &p, (uint32_t)sx->n) != LL_OK)
		return NULL;
	return &sx->v[sx->n++];
}

struct pctx {
	struct pcol *cols;
	size_t ncols, cap;
	struct ll_slots ix;
	char *sets; /* label sets, canonical bytes one after another */
	size_t setlen, setcap;
	size_t *setoff, *setsz;
	size_t nsets, setn;
	struct ll_slots six;
	/* a row's key: the time (kind 1, timed samples) or the scrape's
	 * number (kind 0), and the label set's id */
	struct ds_rowkeys rows;
	char *key; /* the current sample's label set */
	size_t keylen, keycap;
	struct ds_rowbits filled; /* per table row, a bit per column a sample has filled */
	struct series_ix series;  /* every series, in the order they first come */
	const struct label *sorted[PROM_MAX_LABELS];
	char name[512];
};

static void pctx_free(struct pctx *c)
{
	for (size_t k = 0; k < c->series.n; k++)
		free(c->series.v[k].name);
	free(c->series.v);
	ll_slots_free(&c->series.ix);
	for (size_t k = 0; k < c->ncols; k++)
		free(c->cols[k].name);
	free(c->cols);
	ll_slots_free(&c->ix);
	free(c->sets);
	free(c->setoff);
	free(c->setsz);
	ll_slots_free(&c->six);
	ds_rowkeys_free(&c->rows);
	free(c->key);
	ds_rowbits_free(&c->filled);
}

/* The column (label or metric, told apart so a label and a metric of one
 * name stay two columns), added when add; NULL when absent, out of memory
 * or too many. */
static struct pcol *column(struct pctx *c, const char *s, size_t n, int label, int add)
{
	if (n >= sizeof c->name - 1)
		n = sizeof c->name - 2;
	memcpy(c->name, s, n);
	c->name[n] = 0;
	uint32_t h = ll_slots_hash(c->name, n) ^ (uint32_t)label;
	struct ll_slots_probe p = ll_slots_probe(&c->ix, h);
	for (uint32_t i; (i = ll_slots_next(&c->ix, &p)) != LL_SLOTS_NONE;)
		if (c->cols[i].label == label && strcmp(c->cols[i].name, c->name) == 0)
			return &c->cols[i];
	if (!add || c->ncols == PROM_MAX_COLS)
		return NULL;
	if (c->ncols == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct pcol *nc = realloc(c->cols, cap * sizeof *nc);
		if (!nc)
			return NULL;
		c->cols = nc;
		c->cap = cap;
	}
	struct pcol *col = &c->cols[c->ncols];
	if (!(col->name = strdup(c->name)))
		return NULL;
	if (ll_slots_add(&c->ix, &p, (uint32_t)c->ncols) != LL_OK) {
		free(col->name);
		return NULL;
	}
	col->label = label;
	col->tcol = -1;
	c->ncols++;
	return col;
}

static int cmp_label(const void *a, const void *b)
{
	const struct label *x = *(const struct label *const *)a, *y = *(const struct label *const *)b;
	int d = memcmp(x->key, y->key, x->klen < y->klen ? x->klen : y->klen);
	if (d || x->klen != y->klen)
		return d ? d : x->klen < y->klen ? -1 : 1;
	d = memcmp(x->val, y->val, x->vlen < y->vlen ? x->vlen : y->vlen);
	return d ? d : (x->vlen > y->vlen) - (x->vlen < y->vlen);
}

static int grow(char **b, size_t *cap, size_t need)
{
	if (need <= *cap)
		return LL_OK;
	size_t nc = *cap ? *cap : 256;
	while (nc < need)
		nc *= 2;
	char *nb = realloc(*b, nc);
	if (!nb)
		return LL_ENOMEM;
	*b = nb;
	*cap = nc;
	return LL_OK;
}

/* The id of p's label set (sorted by key and value, each length before
 * its bytes so no two sets write the same bytes), added when new; -1 out
 * of memory. */
static long label_set(struct pctx *c, const struct sample *p)
{
	c->keylen = 0;
	for (size_t k = 0; k < p->nlabels; k++)
		c->sorted[k] = &p->labels[k];
	qsort(c->sorted, p->nlabels, sizeof *c->sorted, cmp_label);
	for (size_t k = 0; k < p->nlabels; k++) {
		const struct label *l = c->sorted[k];
		if (grow(&c->key, &c->keycap, c->keylen + l->klen + l->vlen + 2 * sizeof(size_t)) != LL_OK)
			return -1;
		memcpy(c->key + c->keylen, &l->klen, sizeof l->klen);
		memcpy(c->key + c->keylen + sizeof l->klen, l->key, l->klen);
		c->keylen += sizeof l->klen + l->klen;
		memcpy(c->key + c->keylen, &l->vlen, sizeof l->vlen);
		if (l->vlen)
			memcpy(c->key + c->keylen + sizeof l->vlen, l->val, l->vlen);
		c->keylen += sizeof l->vlen + l->vlen;
	}
	struct ll_slots_probe pr = ll_slots_probe(&c->six, ll_slots_hash(c->key ? c->key : "", c->keylen));
	for (uint32_t i; (i = ll_slots_next(&c->six, &pr)) != LL_SLOTS_NONE;)
		if (c->setsz[i] == c->keylen && (!c->keylen || memcmp(c->sets + c->setoff[i], c->key, c->keylen) == 0))
			return i;
	if (c->nsets == c->setn) {
		size_t n = c->setn ? c->setn * 2 : 64;
		size_t *o = realloc(c->setoff, n * sizeof *o);
		if (!o)
			return -1;
		c->setoff = o;
		size_t *z = realloc(c->setsz, n * sizeof *z);
		if (!z)
			return -1;
		c->setsz = z;
		c->setn = n;
	}
	if (grow(&c->sets, &c->setcap, c->setlen + c->keylen + 1) != LL_OK)
		return -1;
	if (c->keylen)
		memcpy(c->sets + c->setlen, c->key, c->keylen);
	c->setoff[c->nsets] = c->setlen;
	c->setsz[c->nsets] = c->keylen;
	c->setlen += c->keylen;
	if (ll_slots_add(&c->six, &pr, (uint32_t)c->nsets) != LL_OK)
		return -1;
	return (long)c->nsets++;
}

/* A series' column name as Prometheus writes a selector, labels sorted by
 * name and values unquoted: node_cpu_seconds_total{cpu=0,mode=idle}. */
static void series_name(const struct pctx *c, const struct sample *p, char *buf, size_t cap)
{
	size_t n = (size_t)snprintf(buf, cap, "%.*s", (int)p->nlen, p->name);
	for (size_t k = 0; k < p->nlabels && n < cap; k++) {
		const struct label *l = c->sorted[k];
		n += (size_t)snprintf(buf + n, cap - n, "%s%.*s=%.*s", k ? "," : "{", (int)l->klen, l->key, (int)l->vlen,
				      l->val);
	}
	if (p->nlabels && n < cap)
		snprintf(buf + n, cap - n, "}");
}

/* What the first pass learns besides the columns. */
struct census {
	size_t samples, timed, untimed;
	size_t families[NKINDS];
	double first_time;
	int times_vary; /* timed samples of two times or more */
	size_t scrapes; /* untimed: a sample whose series came already in this scrape starts the next */
};

static int gather(const struct ds_source *src, struct pctx *c, struct sample *p, struct census *cs,
		  struct ll_err *err)
{
	size_t pos = 0, lineno = 0, len;
	const char *line;
	memset(cs, 0, sizeof *cs);
	cs->scrapes = 1;
	while (next_line(src->data, src->size, &pos, &lineno, &line, &len)) {
		if (!len)
			continue;
		if (line[0] == '#') {
			int k = type_line(line, len);
			if (k < 0)
				continue;
			/* each family once, however many scrapes declare it */
			const char *fam = line + 7;
			size_t flen = 0, before = c->ncols;
			while (fam + flen < line + len && fam[flen] != ' ')
				flen++;
			if (!column(c, fam, flen, FAMILY, 1))
				goto full;
			cs->families[k] += c->ncols > before;
			continue;
		}
		const char *bad = parse_sample(line, len, p);
		if (bad)
			return ll_err_set(err, LL_EDATA, "%s:%zu: not Prometheus text exposition: %s", src->path, lineno,
					  bad);
		cs->samples++;
		if (p->timed) {
			if (!cs->timed++)
				cs->first_time = p->time;
			cs->times_vary |= p->time != cs->first_time;
		} else {
			cs->untimed++;
		}
		for (size_t k = 0; k < p->nlabels; k++)
			if (!column(c, p->labels[k].key, p->labels[k].klen, LABEL, 1))
				goto full;
		struct pcol *mc = column(c, p->name, p->nlen, METRIC, 1);
		if (!mc)
			goto full;
		long set = label_set(c, p);
		uint64_t key = ((uint64_t)(mc - c->cols) << 32) | (uint64_t)(set < 0 ? 0 : set);
		struct series *se = set < 0 ? NULL : series_of(&c->series, key, 1);
		if (!se)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		if (!se->name) {
			char name[1024];
			series_name(c, p, name, sizeof name);
			if (!(se->name = strdup(name)))
				return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		}
		if (!p->timed) {
			cs->scrapes += se->last_scrape == cs->scrapes;
			se->last_scrape = cs->scrapes;
		}
		continue;
	full:
		return c->ncols == PROM_MAX_COLS
			       ? ll_err_set(err, LL_EDATA, "%s:%zu: more than %d columns", src->path, lineno, PROM_MAX_COLS)
			       : ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	return LL_OK;
}

/* The next sample of the file (from *pos, parsed once already: the first
 * pass refused any line that does not parse) into p, and its series' key,
 * the metric's column and the label set's id: 1, 0 at the end, LL_ENOMEM. */
static int next_series(const struct ds_source *src, size_t *pos, size_t *lineno, struct pctx *c, struct sample *p,
		       uint64_t *key)
{
	const char *line;
	size_t len;
	while (next_line(src->data, src->size, pos, lineno, &line, &len)) {
		if (!len || line[0] == '#')
			continue;
		parse_sample(line, len, p);
		long set = label_set(c, p);
		if (set < 0)
			return LL_ENOMEM;
		*key = ((uint64_t)(column(c, p->name, p->nlen, METRIC, 0) - c->cols) << 32) | (uint64_t)set;
		return 1;
	}
	return 0;
}

/* The second pass: each sample into the row of its time (or scrape) and
 * label set. An untimed sample whose metric that row has already starts
 * the next scrape; a timed one repeating a cell gets a row of its own. */
static int fill(const struct ds_source *src, struct pctx *c, struct sample *p, struct ll_table *t, int scrape_col,
		size_t *scrapes, struct ll_err *err)
{
	size_t pos = 0, lineno = 0;
	double scrape = 1;
	uint64_t sk;
	int more;
	while ((more = next_series(src, &pos, &lineno, c, p, &sk)) != 0) {
		if (more < 0)
			goto oom;
		size_t mc = (size_t)(sk >> 32);
		uint32_t set = (uint32_t)sk;
		struct ds_rowkey *key = ds_rowkeys_get(&c->rows, p->timed ? p->time : scrape, set, p->timed);
		if (!key)
			goto oom;
		if (key->row != DS_NO_ROW && ds_rowbits_get(&c->filled, key->row, mc)) {
			if (p->timed) {
				key->row = DS_NO_ROW; /* a repeat of a timed cell: a row of its own */
			} else {
				scrape++;
				if (!(key = ds_rowkeys_get(&c->rows, scrape, set, 0)))
					goto oom;
			}
		}
		if (key->row == DS_NO_ROW) {
			long row = ll_table_append_row(t);
			if (row < 0 || (size_t)row >= LL_SLOTS_MAX || ds_rowbits_room(&c->filled, (size_t)row) != LL_OK)
				goto oom;
			key->row = (uint32_t)row;
			if (p->timed)
				ll_table_set_num(t, (size_t)row, 0, p->time);
			if (!p->timed && scrape_col >= 0)
				ll_table_set_num(t, (size_t)row, (size_t)scrape_col, scrape);
			for (size_t k = 0; k < p->nlabels; k++) {
				struct pcol *lc = column(c, p->labels[k].key, p->labels[k].klen, 1, 0);
				if (ll_table_set_text(t, (size_t)row, (size_t)lc->tcol, p->labels[k].val, p->labels[k].vlen) !=
				    LL_OK)
					goto oom;
			}
		}
		ll_table_set_num(t, key->row, (size_t)c->cols[mc].tcol, p->value);
		ds_rowbits_set(&c->filled, key->row, mc);
	}
	*scrapes = (size_t)scrape;
	return LL_OK;
oom:
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
}


/* Pages saved one after another (a scrape a page, or timestamps of two
 * times or more): a row per scrape or time, a column per series, in the
 * order they first come. A series given twice in one row keeps the first
 * value (timed; untimed, a repeat starts the next scrape), counted. */
static int fill_series(const struct ds_source *src, struct pctx *c, struct sample *p, struct ll_table *t, int timed,
		       size_t *repeats, struct ll_err *err)
{
	struct series_ix *sx = &c->series;
	size_t pos = 0, lineno = 0;
	int rc = LL_OK, more;
	uint64_t key;
	*repeats = 0;
	/* the columns first, so that every row is as wide as the table */
	for (size_t k = 0; k < sx->n; k++)
		if ((sx->v[k].tcol = ll_table_add_column(t, sx->v[k].name, LL_COL_NUM)) < 0)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	double scrape = 1;
	long row = -1;
	while (rc == LL_OK && (more = next_series(src, &pos, &lineno, c, p, &key)) != 0) {
		if (more < 0) {
			rc = more;
			break;
		}
		struct series *se = series_of(sx, key, 0);
		if (timed) {
			struct ds_rowkey *r = ds_rowkeys_get(&c->rows, p->time, UINT32_MAX, 1);
			if (!r) {
				rc = LL_ENOMEM;
				break;
			}
			if (r->row == DS_NO_ROW) {
				long nr = ll_table_append_row(t);
				if (nr < 0) {
					rc = LL_ENOMEM;
					break;
				}
				r->row = (uint32_t)nr;
				ll_table_set_num(t, (size_t)nr, 0, p->time);
			}
			row = (long)r->row;
		} else if (row < 0 || se->last_row == (size_t)row + 1) {
			if (row >= 0)
				scrape++;
			if ((row = ll_table_append_row(t)) < 0) {
				rc = LL_ENOMEM;
				break;
			}
			ll_table_set_num(t, (size_t)row, 0, scrape);
		}
		if (se->last_row == (size_t)row + 1) {
			++*repeats;
			continue;
		}
		se->last_row = (size_t)row + 1;
		ll_table_set_num(t, (size_t)row, (size_t)se->tcol, p->value);
	}
	return rc == LL_OK ? LL_OK : ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
}

static int note_census(struct ll_table *t, const char *path, const struct census *cs, size_t nmetrics,
		       size_t scrapes)
{
	char kinds_text[256] = "";
	size_t used = 0;
	for (size_t k = 0; k < NKINDS; k++)
		if (cs->families[k] && used < sizeof kinds_text) {
			int w = snprintf(kinds_text + used, sizeof kinds_text - used, "%s%zu %s", used ? ", " : "",
					 cs->families[k], kinds[k]);
			used = w < 0 ? sizeof kinds_text : used + (size_t)w;
		}
	char scr[64] = "";
	if (scrapes > 1)
		snprintf(scr, sizeof scr, " over %zu scrapes", scrapes);
	return ll_table_note(t, "%s: %zu samples of %zu metrics%s%s%s%s in %zu rows: a row per %slabel set", path,
			     cs->samples, nmetrics, scr, used ? " (families: " : "", kinds_text, used ? ")" : "",
			     ll_table_nrows(t), cs->timed ? "time and " : scrapes > 1 ? "scrape and " : "");
}

/* Pages over time into t: a row per time or scrape, a column per series. */
static int load_series(const struct ds_source *src, struct pctx *c, struct sample *p, const struct census *cs,
		       int timed, struct ll_table *t, struct ll_err *err)
{
	size_t repeats = 0, nseries = 0, nmetrics = 0;
	if (ll_table_add_column(t, timed ? "time" : "scrape", timed ? LL_COL_TIME : LL_COL_NUM) < 0)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	int rc = fill_series(src, c, p, t, timed, &repeats, err);
	if (rc != LL_OK)
		return rc;
	nseries = c->series.n;
	for (size_t k = 0; k < c->ncols; k++)
		nmetrics += c->cols[k].label == METRIC;
	if (ll_table_note(t, "%s: %zu samples of %zu series (%zu metrics) over %zu %s: a row per %s, a column per series",
			  src->path, cs->samples, nseries, nmetrics, ll_table_nrows(t), timed ? "times" : "scrapes",
			  timed ? "time" : "scrape") != LL_OK ||
	    (repeats && ll_table_note(t, "%s: %zu samples repeat a series at a time already given; the first kept",
				      src->path, repeats) != LL_OK))
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	return LL_OK;
}

/* One page (or pages kept long) into t: a row per label set, and per time
 * or scrape. */
static int load_label_sets(const struct ds_source *src, struct pctx *c, struct sample *p, const struct census *cs,
			   size_t scrapes, struct ll_table *t, struct ll_err *err)
{
	size_t nmetrics = 0;
	int scrape_col = -1;
	if ((cs->timed && ll_table_add_column(t, "time", LL_COL_TIME) < 0) ||
	    (scrapes > 1 && (scrape_col = ll_table_add_column(t, "scrape", LL_COL_NUM)) < 0))
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	/* labels first, then metrics, each in first-seen order; a name taken
	 * already (a label called time) gets a suffix */
	for (int pass = LABEL; pass >= METRIC; pass--)
		for (size_t k = 0; k < c->ncols; k++) {
			if (c->cols[k].label != pass)
				continue;
			nmetrics += pass == METRIC;
			char nm[600];
			snprintf(nm, sizeof nm, "%s", c->cols[k].name);
			for (int d = 2; ll_table_find_column(t, nm) >= 0; d++)
				snprintf(nm, sizeof nm, "%s_%d", c->cols[k].name, d);
			if ((c->cols[k].tcol = ll_table_add_column(t, nm, pass == LABEL ? LL_COL_TEXT : LL_COL_NUM)) < 0)
				return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		}
	c->filled.words = (c->ncols + 63) / 64;
	size_t filled_scrapes = 1;
	int rc = fill(src, c, p, t, scrape_col, &filled_scrapes, err);
	if (rc == LL_OK && note_census(t, src->path, cs, nmetrics, scrapes) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	return rc;
}

static int prom_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		     struct ll_err *err)
{
	*out = NULL;
	struct pctx c = {0};
	struct sample p = {0};
	struct census cs;
	struct ll_table *t = NULL;
	int rc = gather(src, &c, &p, &cs, err);
	size_t scrapes = cs.scrapes;
	if (rc == LL_OK && cs.samples == 0)
		rc = ll_err_set(err, LL_EDATA, "%s: no Prometheus samples (metric{labels} value lines)", src->path);
	if (rc == LL_OK && !(t = ll_table_new()))
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	/* pages over time, all timed or none: a row per time or scrape */
	/* (more series than a table takes columns: a row per label set) */
	int keep_long = (opts->entity && strcmp(opts->entity, "none") == 0) || c.series.n > PROM_MAX_COLS;
	int timed_pages = !keep_long && cs.timed && !cs.untimed && cs.times_vary,
	    scraped_pages = !keep_long && !cs.timed && scrapes > 1;
	if (rc == LL_OK)
		rc = timed_pages || scraped_pages ? load_series(src, &c, &p, &cs, timed_pages, t, err)
						  : load_label_sets(src, &c, &p, &cs, scrapes, t, err);
	pctx_free(&c);
	free(p.buf);
	if (rc != LL_OK) {
		ll_table_free(t);
		return rc;
	}
	*out = t;
	return LL_OK;
}

/* Claims a sample whose lines (but for blank ones) are nearly all samples
 * or '#' lines, with a HELP or TYPE line or labels in braces: plain "name
 * number" pairs alone say too little. */
static int prom_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (!n || memchr(head, '\0', n))
		return 0;
	struct sample p = {0};
	size_t pos = 0, lineno = 0, len, tried = 0, ok = 0, meta = 0, braced = 0;
	const char *line;
	while (tried < 400 && next_line(head, n, &pos, &lineno, &line, &len)) {
		if (pos >= n && head[n - 1] != '\n' && tried)
			break; /* cut off by the sample */
		if (!len)
			continue;
		if (line[0] == '#') {
			meta += len > 7 && (memcmp(line, "# HELP ", 7) == 0 || type_line(line, len) >= 0);
			continue;
		}
		tried++;
		if (!parse_sample(line, len, &p)) {
			ok++;
			braced += p.nlabels > 0 || memchr(line, '{', p.nlen + 1) != NULL;
		}
	}
	free(p.buf);
	if (tried < 1 || ok * 50 < tried * 49)
		return 0;
	return meta ? 90 : braced * 2 >= ok && ok >= 2 ? 60 : 0;
}

static int prom_load_wide(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			  struct ll_err *err)
{
	return ds_pivot_loaded(prom_load(src, opts, out, err), out, opts->entity, src->path, err);
}

const struct ds_reader ds_prom_reader = {
	.name = "prometheus",
	.summary = "Prometheus / OpenMetrics text exposition (metric{labels} value [timestamp]): a page a row per "
		   "label set, pages over time a row per scrape and a column per series",
	.sniff = prom_sniff,
	.load = prom_load_wide,
	.line = NULL,
};
