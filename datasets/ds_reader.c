/*
 * ds_reader.c - the registry of readers and format detection.
 *
 * Detection asks every reader to score a sample of the content - the head
 * and a few blocks from the middle, so a file that changes shape after its
 * first screen is judged on more than its start - and takes the best;
 * ties go to the reader registered first (text logs, then CSV, then JSON,
 * then the generic log reader), and a score of 0 everywhere falls back to
 * plain lines. A file's name never counts. A reader whose line format
 * depends on the file (the generic log reader) is then bound to the
 * sample.
 */
#include "ds_reader.h"
#include "ds_header.h"
#include "ds_rowlabels.h"
#include "ds_named_unit.h"
#include "ds_subsecond.h"
#include "ds_units.h"
#include "ds_textlog.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ll_time.h"

#define HEAD_BYTES DS_SAMPLE_HEAD_BYTES
#define BLOCK_BYTES (16 * 1024)
#define NBLOCKS 3
/* Parts of fewer lines than these grow, up to WHOLE_MAX bytes each, until
 * they hold that many whole lines. */
#define HEAD_MIN_LINES 16
#define BLOCK_MIN_LINES 4
#define WHOLE_MAX ((size_t)2 << 20)

typedef const struct ds_reader *const *(*family_fn)(size_t *n);
static const family_fn families[] = {ds_textlog_readers, ds_csv_readers, ds_json_readers, ds_logfmt_readers};

size_t ds_reader_count(void)
{
	size_t total = 0;
	for (size_t f = 0; f < sizeof families / sizeof *families; f++) {
		size_t n = 0;
		families[f](&n);
		total += n;
	}
	return total;
}

const struct ds_reader *ds_reader_at(size_t i)
{
	for (size_t f = 0; f < sizeof families / sizeof *families; f++) {
		size_t n = 0;
		const struct ds_reader *const *list = families[f](&n);
		if (i < n)
			return list[i];
		i -= n;
	}
	return NULL;
}

/* The formats a label column applies to: tables with named columns. */
static const char *const label_column_formats[] = {"csv",     "json",    "jsonl",   "xlsx", "xls",  "xlsb",
						    "ods",     "sqlite",  "parquet", "aligned", "numbers", "auto"};

const char *ds_format_label_column(const char *format, char *buf, size_t cap, const char **column)
{
	*column = NULL;
	const char *tag = format ? strstr(format, DS_LABEL_COLUMN_TAG) : NULL;
	if (!tag)
		return NULL;
	size_t n = (size_t)(tag - format);
	for (size_t i = 0; i < sizeof label_column_formats / sizeof *label_column_formats; i++)
		if (strlen(label_column_formats[i]) == n && strncmp(format, label_column_formats[i], n) == 0 && n < cap) {
			*column = tag + sizeof DS_LABEL_COLUMN_TAG - 1;
			memcpy(buf, format, n);
			buf[n] = 0;
			return strcmp(buf, "auto") == 0 ? NULL : buf;
		}
	return NULL;
}

/* The last occurrence of tag in a format name, NULL when it has none. */
static const char *last_tag(const char *format, const char *tag)
{
	const char *last = NULL;
	for (const char *t = format; t && (t = strstr(t, tag)) != NULL; t++)
		last = t;
	return last;
}

/* The tag naming a part of the file (a sheet, a table), or NULL. */
static const char *part_tag(const char *format)
{
	const char *sheet = last_tag(format, DS_SHEET_TAG), *table = last_tag(format, DS_TABLE_TAG);
	return sheet && table ? (sheet > table ? sheet : table) : sheet ? sheet : table;
}

static const char *entity_tag(const char *format)
{
	return last_tag(format, DS_ENTITY_TAG);
}

/* A format name without its entity tag, kept for the process's life: the
 * names in use are a workspace's few, and opts hold pointers into them as
 * they do into the reader table. */
static const char *intern_prefix(const char *s, size_t n)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static struct interned {
		struct interned *next;
		char s[];
	} *list;
	pthread_mutex_lock(&mu);
	struct interned *e = list;
	while (e && !(strncmp(e->s, s, n) == 0 && e->s[n] == 0))
		e = e->next;
	if (!e && (e = malloc(sizeof *e + n + 1)) != NULL) {
		memcpy(e->s, s, n);
		e->s[n] = 0;
		e->next = list;
		list = e;
	}
	pthread_mutex_unlock(&mu);
	return e ? e->s : NULL;
}

void ds_open_opts_split(struct ds_open_opts *o)
{
	const char *et = entity_tag(o->format);
	if (et) {
		if (!o->entity || !*o->entity)
			o->entity = et + sizeof DS_ENTITY_TAG - 1;
		const char *rest = intern_prefix(o->format, (size_t)(et - o->format));
		o->format = rest && strcmp(rest, "auto") != 0 ? rest : NULL;
	}
	const char *st = part_tag(o->format);
	if (st) {
		if (!o->sheet || !*o->sheet)
			o->sheet = strchr(st + 1, '=') + 1;
		const char *rest = intern_prefix(o->format, (size_t)(st - o->format));
		o->format = rest && strcmp(rest, "auto") != 0 ? rest : NULL;
	}
	char name[16];
	const char *column, *f = ds_format_label_column(o->format, name, sizeof name, &column);
	if (column) {
		if (!o->label_column || !*o->label_column)
			o->label_column = column;
		/* the reader's own name: name[] ends with this call */
		o->format = f ? ds_reader_find(f)->name : NULL;
		return;
	}
	size_t ks = sizeof DS_SMD_INTERP_PREFIX - 1;
	if (o->format && strncmp(o->format, DS_SMD_INTERP_PREFIX, ks) == 0) {
		if (!o->interpretation || !*o->interpretation)
			o->interpretation = o->format + ks;
		o->format = "smd";
		return;
	}
	size_t k = sizeof DS_LOG_HEADER_PREFIX - 1;
	if (!o->format || strncmp(o->format, DS_LOG_HEADER_PREFIX, k) != 0)
		return;
	if (!o->header || !*o->header)
		o->header = o->format + k;
	o->format = "log";
}

int ds_format_known(const char *name)
{
	if (!name)
		return 0;
	if (ds_reader_find(name))
		return 1;
	/* "auto:label=NAME", "auto:entity=SPEC", both: detected, with options */
	struct ds_open_opts o = {0};
	o.format = name;
	ds_open_opts_split(&o);
	return !o.format && (o.label_column || o.entity || o.sheet);
}

const struct ds_reader *ds_reader_find(const char *name)
{
	const char *et = entity_tag(name);
	if (!et)
		et = part_tag(name);
	if (et) {
		char base[512];
		size_t n = (size_t)(et - name);
		if (n >= sizeof base)
			return NULL;
		memcpy(base, name, n);
		base[n] = 0;
		return strcmp(base, "auto") == 0 ? NULL : ds_reader_find(base);
	}
	char buf[16];
	const char *column, *f = ds_format_label_column(name, buf, sizeof buf, &column);
	if (column)
		return f ? ds_reader_find(f) : NULL;
	if (name && strncmp(name, DS_LOG_HEADER_PREFIX, sizeof DS_LOG_HEADER_PREFIX - 1) == 0)
		name = "log";
	if (name && strncmp(name, DS_SMD_INTERP_PREFIX, sizeof DS_SMD_INTERP_PREFIX - 1) == 0)
		name = "smd";
	for (size_t i = 0, n = ds_reader_count(); i < n; i++)
		if (strcmp(ds_reader_at(i)->name, name) == 0)
			return ds_reader_at(i);
	return NULL;
}

const struct ds_reader *ds_reader_bind(const struct ds_reader *r, const char *sample, size_t n,
				       const struct ds_open_opts *opts, struct ll_err *err)
{
	if (!r->bind)
		return r;
	struct ds_open_opts none = {0};
	return r->bind(sample, n, opts ? opts : &none, err);
}

/* The detection under way on this thread (ds_detect_memo_put): on the
 * detecting thread's stack, so nothing outlives it and no other thread
 * sees it; a detection inside a sniff (a member of an archive) has its
 * own and restores the outer one. */
struct detect_memo {
	const char *sample;
	size_t n;
	const void *owner;
	void *data;
	void (*drop)(void *);
};
static _Thread_local struct detect_memo *memo_now;

int ds_detect_memo_put(const void *owner, const char *sample, size_t n, void *data, void (*drop)(void *))
{
	struct detect_memo *m = memo_now;
	if (!m || m->sample != sample || m->n != n)
		return 0;
	if (m->data)
		m->drop(m->data);
	m->owner = owner;
	m->data = data;
	m->drop = drop;
	return 1;
}

void *ds_detect_memo_take(const void *owner, const char *sample, size_t n)
{
	struct detect_memo *m = memo_now;
	if (!m || m->sample != sample || m->n != n || m->owner != owner || !m->data)
		return NULL;
	void *data = m->data;
	m->data = NULL;
	return data;
}

/* The reader that fits best, bound to the sample with the year of stamps
 * that carry none (0: 1970): a header may read its dates by the year. */
static const struct ds_reader *detect_in_year(const char *path, const char *sample, size_t n, int year)
{
	struct detect_memo memo = {.sample = sample, .n = n}, *outer = memo_now;
	memo_now = &memo;
	const struct ds_reader *best = ds_reader_find("lines");
	int best_score = 0;
	for (size_t i = 0, count = ds_reader_count(); i < count; i++) {
		const struct ds_reader *r = ds_reader_at(i);
		int s = r->sniff ? r->sniff(path, sample, n) : 0;
		if (s > best_score) {
			best_score = s;
			best = r;
		}
	}
	struct ll_err err;
	struct ds_open_opts opts = {0};
	opts.default_year = year;
	const struct ds_reader *bound = ds_reader_bind(best, sample, n, &opts, &err);
	if (memo.data)
		memo.drop(memo.data);
	memo_now = outer;
	/* Out of memory while binding: plain lines still read every line. */
	return bound ? bound : ds_reader_find("lines");
}

const struct ds_reader *ds_reader_detect(const char *path, const char *sample, size_t n)
{
	return detect_in_year(path, sample, n, 0);
}

/* A part of the sample: [a, b) of the file. */
struct span {
	size_t a, b;
};

/* The part of data that starts at from (at the first line that starts
 * there when skip_partial) and holds max bytes of whole lines, or more
 * when that is fewer than min_lines lines: a table of wide rows must be
 * judged by whole rows, and a JSON record cut in two is no record. It
 * never goes past from + WHOLE_MAX; a line longer than that is kept cut
 * (its start still tells a log from a table). */
static struct span sample_part(const char *data, size_t size, size_t from, size_t max, size_t min_lines,
			       int skip_partial)
{
	struct span p = {from, from};
	if (skip_partial && from > 0) {
		/* within reach too: a file of one endless line is not read whole */
		size_t reach = size - from + 1 < WHOLE_MAX ? size - from + 1 : WHOLE_MAX;
		const char *nl = memchr(data + from - 1, '\n', reach);
		if (!nl)
			return p;
		p.a = p.b = (size_t)(nl - data) + 1;
	}
	size_t limit = size - p.a < WHOLE_MAX ? size : p.a + WHOLE_MAX;
	size_t lines = 0, end = p.a;
	while (end < limit) {
		const char *nl = memchr(data + end, '\n', limit - end);
		/* the file's last line may lack its newline */
		size_t next = nl ? (size_t)(nl - data) + 1 : limit == size ? size : 0;
		if (!next || (next - p.a > max && lines >= min_lines))
			break;
		end = next;
		lines++;
	}
	if (end == p.a) /* no whole line within reach: the line's start */
		end = limit - p.a < max ? limit : p.a + max;
	p.b = end;
	return p;
}

char *ds_reader_sample(const char *data, size_t size, size_t *n)
{
	*n = 0;
	struct span parts[1 + NBLOCKS];
	size_t nparts = 0, total = 2;
	if (size && data) {
		parts[nparts++] = sample_part(data, size, 0, HEAD_BYTES, HEAD_MIN_LINES, 0);
		if (size > HEAD_BYTES + NBLOCKS * BLOCK_BYTES)
			for (int k = 1; k <= NBLOCKS; k++) {
				size_t from = size / (NBLOCKS + 1) * (size_t)k;
				/* a block never repeats what the head or the block before holds */
				if (from < parts[nparts - 1].b)
					from = parts[nparts - 1].b;
				if (from >= size)
					break;
				parts[nparts++] = sample_part(data, size, from, BLOCK_BYTES, BLOCK_MIN_LINES, 1);
			}
	}
	for (size_t i = 0; i < nparts; i++)
		total += parts[i].b - parts[i].a + 1;
	char *out = malloc(total);
	if (!out)
		return NULL;
	size_t used = 0;
	for (size_t i = 0; i < nparts; i++) {
		size_t len = parts[i].b - parts[i].a;
		if (!len)
			continue;
		memcpy(out + used, data + parts[i].a, len);
		used += len;
		if (out[used - 1] != '\n')
			out[used++] = '\n';
	}
	*n = used;
	return out;
}

const struct ds_reader *ds_reader_prepare(const struct ds_source *src, const char *path, const struct ds_reader *r,
					  struct ds_open_opts *opts, struct ll_err *err)
{
	if (!opts->default_year)
		opts->default_year = ds_source_year(src);
	if (opts->header && *opts->header) {
		const struct ds_reader *log = ds_reader_find("log");
		if (r && r != log) {
			ll_err_set(err, LL_EUSAGE, "%s: a header pattern applies to the log format, not %s", path, r->name);
			return NULL;
		}
		r = log;
	}
	if (r && !r->bind)
		return r;
	size_t n;
	char *sample = ds_reader_sample(src->data, src->size, &n);
	if (!sample) {
		ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		return NULL;
	}
	struct ll_err why;
	ll_err_clear(&why);
	const struct ds_reader *got = r ? ds_reader_bind(r, sample, n, opts, &why)
			: detect_in_year(path, sample, n, opts->default_year);
	free(sample);
	if (!got)
		ll_err_set(err, why.code ? why.code : LL_ENOMEM, "%s: %s", path, why.msg[0] ? why.msg : "out of memory");
	return got;
}

int ds_line_message(const struct ds_line_format *fmt, const char *line, size_t len, const char **s, size_t *n)
{
	struct ds_span fields[DS_MAX_FIELDS], label = {0, 0};
	int ok = fmt->nfields <= DS_MAX_FIELDS && fmt->message_field >= 0 &&
		 (size_t)fmt->message_field < fmt->nfields && ds_line_split(fmt, line, len, fields, &label);
	*s = ok ? line + fields[fmt->message_field].off : line;
	*n = ok ? fields[fmt->message_field].len : len;
	struct ds_span level, rest;
	if (!ok && ds_line_level_line(fmt, line, len, &level, &rest)) {
		*s = line + rest.off;
		*n = rest.len;
	}
	return ok;
}

int ds_line_level_line(const struct ds_line_format *fmt, const char *line, size_t len, struct ds_span *level,
		       struct ds_span *rest)
{
	size_t k = fmt->level_below ? ds_header_level_line(line, len) : 0;
	if (!k)
		return 0;
	size_t r = k + 1;
	while (r < len && (line[r] == ' ' || line[r] == '\t'))
		r++;
	*level = (struct ds_span){0, k};
	*rest = (struct ds_span){r, len - r};
	return 1;
}

int ds_line_number(const char *s, size_t n, double *out)
{
	if (ll_parse_number(s, n, out))
		return 1;
	return n >= 2 && s[n - 1] == 's' && s[n - 2] >= '0' && s[n - 2] <= '9' && ll_parse_number(s, n - 1, out);
}

int ds_line_field_number(const struct ds_line_format *fmt, size_t f, const char *s, size_t n, double *out)
{
	if (fmt && fmt->units && f < fmt->nfields && fmt->units[f] != DS_UNITS_NONE)
		return ds_units_value(fmt->units[f], s, n, out);
	return ds_line_number(s, n, out);
}

int ds_line_parse_time(const struct ds_line_format *fmt, size_t field, const char *s, size_t n, int default_year,
		       double *out)
{
	if (fmt->parse_time_with)
		return fmt->parse_time_with(fmt, field, s, n, default_year, out);
	if (fmt->parse_time)
		return fmt->parse_time(s, n, default_year, out);
	return ll_time_parse_year(s, n, default_year, out);
}

int ds_reader_settle_table(struct ll_table *t, const char *path, const char *label_column, int *kinds,
			   struct ll_err *err)
{
	int rc = ds_units_columns(t, path, kinds, err);
	if (rc != LL_OK)
		return rc;
	if (ds_named_unit_columns(t, path) != LL_OK || ds_subsecond_columns(t, path) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	/* label_column for the readers that do not read it themselves */
	if (label_column && *label_column)
		return ds_rowlabels_from_column(t, path, label_column, err);
	return LL_OK;
}

const struct ds_reader *ds_reader_of_file(const char *path, const char *format, struct ll_err *err)
{
	struct ds_open_opts o = {.format = format};
	ds_open_opts_split(&o);
	const struct ds_reader *r = NULL;
	if (o.format && !(r = ds_reader_find(o.format))) {
		ll_err_set(err, LL_EUSAGE, "unknown format '%s' (see `loglab info --formats`)", o.format);
		return NULL;
	}
	struct ds_source *src;
	if (ds_source_open_as(&src, path, o.format != NULL, err) != LL_OK)
		return NULL;
	r = ds_reader_prepare(src, path, r, &o, err);
	ds_source_close(src);
	return r;
}

int ds_load(const char *path, const struct ds_open_opts *opts, struct ll_table **out,
	    const struct ds_reader **used, struct ll_err *err)
{
	*out = NULL;
	struct ds_open_opts o = {0};
	if (opts)
		o = *opts;
	ds_open_opts_split(&o);
	const struct ds_reader *r = NULL;
	if (o.format) {
		r = ds_reader_find(o.format);
		if (!r)
			return ll_err_set(err, LL_EUSAGE, "unknown format '%s' (see `loglab info --formats`)", o.format);
	}
	struct ds_source *src;
	int rc = ds_source_open_as(&src, path, o.format != NULL, err);
	if (rc != LL_OK)
		return rc;
	int year_given = o.default_year != 0;
	r = ds_reader_prepare(src, path, r, &o, err);
	if (!r) {
		ds_source_close(src);
		return err->code ? err->code : LL_EDATA;
	}
	if (!year_given && r->line && ds_line_time_field(r->line) >= 0 &&
	    (rc = ds_source_note_year(src, o.default_year, err)) != LL_OK) {
		ds_source_close(src);
		return rc;
	}
	rc = r->load(src, &o, out, err);
	/* a log's fields are typed from a sample of its lines, alike loaded
	 * and lazy (ds_kvmsg.c): the table's columns are for the others */
	if (rc == LL_OK && !r->line && (rc = ds_reader_settle_table(*out, path, o.label_column, NULL, err)) != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
	}
	if (rc == LL_OK && src->note && ll_table_note(*out, "%s", src->note) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	ds_source_close(src);
	if (rc == LL_OK && o.labels && !r->own_labels && (rc = ds_rowlabels_apply(*out, path, o.labels, err)) != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
	}
	if (rc == LL_OK) {
		ll_table_set_meta(*out, "format", r->name);
		ll_table_set_meta(*out, "source", path);
		if (used)
			*used = r;
	}
	return rc;
}
