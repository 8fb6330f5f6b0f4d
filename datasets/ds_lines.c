/*
 * ds_lines.c - the generic loader behind every line-oriented log format.
 *
 * One pass over the bytes: rows are reserved up front from a newline count,
 * each line is split by the format into spans, and the spans are copied
 * into the table's pool (the only allocation, amortised by the table).
 * Lines that do not fit the format are kept whole in the message field and
 * counted, so nothing is lost and the user gets one note about them. In a
 * log of multi-line records (ds_records.c) such a line after a record's
 * head continues it: it takes the head's other fields, and is counted in
 * a note of its own.
 * Bytes are stored as they are (invalid UTF-8 included): the views escape.
 */
#include "ds_textlog.h"
#include "ds_binary.h"
#include "ds_recpairs.h"
#include "ll_colsel.h"
#include "ll_time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BINARY_PROBE (64 * 1024)

/* "-" is how BGL and Thunderbird write "no alert". */
static const char NORMAL_CLASS[] = "normal";

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static size_t count_lines(const char *data, size_t size)
{
	size_t n = 0;
	const char *p = data, *end = data + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return n + 1;
		n++;
		p = nl + 1;
	}
	return n;
}

static int only_blanks(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!ds_is_blank(s[i]))
			return 0;
	return 1;
}

static int year_of(double t)
{
	if (!(t > -1e12 && t < 1e12))
		return 0;
	time_t s = (time_t)t;
	struct tm tm;
	return gmtime_r(&s, &tm) ? tm.tm_year + 1900 : 0;
}

struct ds_year_ctx ds_year_ctx_start(const struct ds_source *src)
{
	struct ds_year_ctx yc = {0};
	enum ds_year_evidence by = DS_YEAR_BY_MTIME;
	/* a year from the file's name says its modification time is a
	 * copy's, no bound on the lines */
	if (src && src->mtime > 0 && src->data)
		ds_source_year_from(src, &by);
	yc.latest = src && src->mtime > 0 && by != DS_YEAR_BY_NAME ? (double)src->mtime + 86400.0 : 0;
	return yc;
}

int ds_parse_time_in_context(const struct ds_line_format *fmt, size_t field, const char *s, size_t n, int year,
			     struct ds_year_ctx *yc, double *v)
{
	if (!ds_line_parse_time(fmt, field, s, n, year, v))
		return 0;
	int y = year_of(*v);
	if (y == 0)
		return 1;
	double other;
	/* a time of day alone (strace -t, a program's own "%H:%M:%S"): on
	 * 1970-01-01, a day later each time the clock goes back more than
	 * half a day (midnight passed), so a log of several days stays in
	 * order */
	if (*v >= 0 && *v < 86400.0 && ds_line_parse_time(fmt, field, s, n, year + 1, &other) && other == *v) {
		*v += yc->days * 86400.0;
		if (yc->clock_seen && *v < yc->last_clock - 43200.0) {
			yc->days++;
			*v += 86400.0;
		}
		yc->last_clock = *v;
		yc->clock_seen = 1;
		yc->last_dated = *v;
		yc->have = 1;
		return 1;
	}
	if (y < year - 1 || y > year + 1) {
		yc->last_dated = *v;
		yc->have = 1;
		return 1;
	}
	if (!ds_line_parse_time(fmt, field, s, n, year + 1, &other) || other == *v) {
		yc->last_dated = *v;
		yc->have = 1;
		return 1;
	}
	if (!yc->have) {
		const double half_year = 182.0 * 86400;
		double t;
		/* a year on (a log across one new year): the reading in year + 1
		 * above already; further on, read again */
		if (yc->shift == 1)
			*v = other;
		else if (yc->shift && ds_line_parse_time(fmt, field, s, n, year + yc->shift, &t))
			*v = t;
		if (yc->free_seen && *v < yc->last_free - half_year &&
		    ds_line_parse_time(fmt, field, s, n, year + yc->shift + 1, &t) && t <= yc->last_free + half_year &&
		    (!yc->latest || t <= yc->latest)) {
			yc->shift++;
			*v = t;
		}
		yc->last_free = *v;
		yc->free_seen = 1;
		return 1;
	}
	int ly = year_of(yc->last_dated);
	double in_ctx;
	if (ds_line_parse_time(fmt, field, s, n, ly, &in_ctx)) {
		if (in_ctx < yc->last_dated - 182.0 * 86400 && ds_line_parse_time(fmt, field, s, n, ly + 1, &other))
			in_ctx = other;
		*v = in_ctx;
	}
	return 1;
}

/* Stores one field's span in its column according to the column's type. */
static int store_field(struct ll_table *t, size_t row, size_t col, enum ll_coltype type, const char *s,
		       size_t n, const struct ds_line_format *fmt, int year, struct ds_year_ctx *yc)
{
	if (type == LL_COL_TEXT)
		return ll_table_set_text(t, row, col, s, n);
	if (n == 0)
		return LL_OK;
	double v;
	int ok;
	if (type == LL_COL_NUM)
		ok = ds_line_field_number(fmt, col - 1, s, n, &v);
	else
		ok = ds_parse_time_in_context(fmt, col - 1, s, n, year, yc, &v);
	return ok ? ll_table_set_num(t, row, col, v) : LL_OK;
}

static int label_class(struct ll_table *t, const char *s, size_t n)
{
	if (n == 1 && s[0] == '-')
		return ll_table_class_id(t, NORMAL_CLASS, sizeof NORMAL_CLASS - 1);
	return ll_table_class_id(t, s, n);
}

/* 1 when the first time field holds times and every one falls in
 * 1970 (DS_UNDATED): its stamps were clocks without a date (strace
 * -t, a program's own "%H:%M:%S"), which a user must not take for dates.
 * The lazy path says the same of its time range (ds_dataset.c). */
static int undated_times(const struct ll_table *t, const struct ds_line_format *fmt)
{
	for (size_t f = 0; f < fmt->nfields; f++) {
		if (fmt->types[f] != LL_COL_TIME)
			continue;
		struct ll_colstats st;
		struct ll_err err;
		return ll_colstats_column(t, 1 + f, &st, &err) == LL_OK && st.count && DS_UNDATED(st.min, st.max);
	}
	return 0;
}

/* A head's level written at the start of the line below it (the
 * format's level_below), the next line starting at pos: into the head's
 * row. */
static int head_level(struct ll_table *t, size_t row, const struct ds_line_format *fmt, const char *data,
		      size_t size, size_t pos)
{
	const char *next;
	size_t len;
	struct ds_span fields[DS_MAX_FIELDS], label, level, rest;
	if (!ds_source_next_line(data, size, &pos, &next, &len) || ds_line_split(fmt, next, len, fields, &label) ||
	    !ds_line_level_line(fmt, next, len, &level, &rest))
		return LL_OK;
	return ll_table_set_text(t, row, fmt->level_below, next + level.off, level.len);
}

/* The continuation rows of a file read as records, each with its head's
 * row, for the pairs on them (ds_recpairs.h). */
struct cont_rows {
	size_t *row, *head;
	unsigned char *pairs; /* a line of pairs */
	size_t n, cap, npairs;
};

static void cont_free(struct cont_rows *c)
{
	free(c->row);
	free(c->head);
	free(c->pairs);
}

static int cont_add(struct cont_rows *c, size_t row, size_t head, const char *line, size_t len)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		size_t *r = realloc(c->row, cap * sizeof *r);
		if (!r)
			return LL_ENOMEM;
		c->row = r;
		size_t *h = realloc(c->head, cap * sizeof *h);
		if (!h)
			return LL_ENOMEM;
		c->head = h;
		unsigned char *p = realloc(c->pairs, cap);
		if (!p)
			return LL_ENOMEM;
		c->pairs = p;
		c->cap = cap;
	}
	struct ds_recpair pr[DS_RECPAIRS_MAX];
	c->pairs[c->n] = ds_recpairs_split(line, len, pr, DS_RECPAIRS_MAX) != 0;
	c->npairs += c->pairs[c->n];
	c->row[c->n] = row;
	c->head[c->n++] = head;
	return LL_OK;
}

int ds_lines_load_hooked(const struct ds_source *src, const struct ds_open_opts *opts,
			 const struct ds_line_format *fmt, const char *format_name, ds_line_hook hook,
			 void *ctx, int quiet, struct ll_table **out, struct ll_err *err)
{
	*out = NULL;
	const char *data = src->data;
	size_t size = src->size;
	if (fmt->nfields > DS_MAX_FIELDS || fmt->message_field < 0 ||
	    (size_t)fmt->message_field >= fmt->nfields)
		return ll_err_set(err, LL_EUSAGE, "%s: format %s is misdeclared", src->path, format_name);
	if (!opts->format && size) {
		const char *nul = memchr(data, '\0', size < BINARY_PROBE ? size : BINARY_PROBE);
		if (nul)
			return ds_binary_refuse(src->path, data, size, (size_t)(nul - data), err);
	}
	int year = opts->default_year ? opts->default_year : ds_source_year(src);

	struct ll_table *t = ll_table_new();
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	size_t lineno = 0;
	struct cont_rows conts = {NULL, NULL, NULL, 0, 0, 0};
	if (ll_table_add_column(t, "line", LL_COL_TEXT) < 0)
		goto oom;
	for (size_t f = 0; f < fmt->nfields; f++)
		if (ll_table_add_column(t, fmt->names[f], fmt->types[f]) < 0)
			goto oom;
	if (size && ll_table_reserve(t, count_lines(data, size)) != LL_OK)
		goto oom;

	struct ds_span fields[DS_MAX_FIELDS], label;
	struct ds_year_ctx yc = ds_year_ctx_start(src);
	size_t pos = 0, misfits = 0, first_misfit = 0, continued = 0, first_continued = 0, markers = 0,
	       first_marker = 0;
	/* the row of the current record's head, and whether the file is read
	 * as records (decided at the first line that could continue one) */
	long head = -1;
	int records = -1;
	const char *line;
	size_t len;
	const size_t msg_col = 1 + (size_t)fmt->message_field;
	/* the column a line with a stamp of its own writes it in */
	int time_field = ds_line_time_field(fmt);
	double own;
	while (ds_source_next_line(data, size, &pos, &line, &len)) {
		lineno++;
		int cls = LL_NO_LABEL;
		if (hook) {
			int keep = hook(ctx, t, line, len, lineno, &cls, err);
			if (keep < 0) {
				cont_free(&conts);
				ll_table_free(t);
				return keep;
			}
			if (!keep)
				continue;
		}
		long row = ll_table_append_row(t);
		if (row < 0)
			goto oom;
		label.off = label.len = 0;
		int fits = ds_line_split(fmt, line, len, fields, &label);
		const struct ds_span *msg = &fields[fmt->message_field];
		if (fits && fmt->text_is_message
			    ? ll_table_set_text(t, (size_t)row, 0, line + msg->off, msg->len) != LL_OK
			    : ll_table_set_text(t, (size_t)row, 0, line, len) != LL_OK)
			goto oom;
		if (fits) {
			for (size_t f = 0; f < fmt->nfields; f++)
				if (store_field(t, (size_t)row, 1 + f, fmt->types[f], line + fields[f].off,
						fields[f].len, fmt, year, &yc) != LL_OK)
					goto oom;
			if (cls == LL_NO_LABEL && label.len) {
				cls = label_class(t, line + label.off, label.len);
				if (cls < 0)
					goto oom;
			}
			if (fmt->level_below && head_level(t, (size_t)row, fmt, data, size, pos) != LL_OK)
				goto oom;
			head = row;
		} else {
			struct ds_span level, rest = {0, len};
			ds_line_level_line(fmt, line, len, &level, &rest);
			if (ll_table_set_text(t, (size_t)row, msg_col, line + rest.off, rest.len) != LL_OK)
				goto oom;
			if (only_blanks(line, len)) {
				/* neither content nor the end of a record */
			} else if (ds_line_marker(line, len)) {
				if (markers++ == 0)
					first_marker = lineno;
			} else if (time_field >= 0 && ds_line_own_record(line, len, &own)) {
				if (!isnan(own) && ll_table_set_num(t, (size_t)row, 1 + (size_t)time_field, own) != LL_OK)
					goto oom;
				if (misfits++ == 0)
					first_misfit = lineno;
			} else if (head >= 0 && row - head <= DS_RECORD_MAX_LINES &&
				   (records < 0 ? (records = ds_records_apply(fmt, data, size)) : records)) {
				for (size_t f = 0; f < fmt->nfields; f++)
					if (f != (size_t)fmt->message_field &&
					    ll_table_copy_cell(t, (size_t)row, 1 + f, (size_t)head) != LL_OK)
						goto oom;
				if (cont_add(&conts, (size_t)row, (size_t)head, line, len) != LL_OK)
					goto oom;
				if (continued++ == 0)
					first_continued = lineno;
			} else if (misfits++ == 0) {
				first_misfit = lineno;
			}
		}
		if (cls != LL_NO_LABEL && ll_table_set_label(t, (size_t)row, cls) != LL_OK)
			goto oom;
	}
	if (misfits && !quiet &&
	    ll_table_note(t, "%s: %zu line%s did not match the %s format (first: line %zu)",
			  base_name(src->path), misfits, misfits == 1 ? "" : "s", format_name,
			  first_misfit) != LL_OK)
		goto oom;
	if (continued && !quiet &&
	    ll_table_note(t, "%s: " DS_RECORDS_NOTE, base_name(src->path), continued, continued == 1 ? "" : "s",
			  first_continued) != LL_OK)
		goto oom;
	if (conts.npairs) {
		int rc = ds_recpairs_apply(t, 0, conts.row, conts.head, conts.pairs, conts.n, base_name(src->path), err);
		if (rc != LL_OK) {
			cont_free(&conts);
			ll_table_free(t);
			return rc;
		}
	}
	if (markers && !quiet &&
	    ll_table_note(t, "%s: " DS_MARKERS_NOTE, base_name(src->path), markers, markers == 1 ? "" : "s",
			  first_marker) != LL_OK)
		goto oom;
	if (!quiet && undated_times(t, fmt) &&
	    ll_table_note(t, "%s: " DS_UNDATED_NOTE, base_name(src->path)) != LL_OK)
		goto oom;
	if (!quiet && fmt->note && ll_table_note(t, "%s: %s", base_name(src->path), fmt->note) != LL_OK)
		goto oom;
	cont_free(&conts);
	*out = t;
	return LL_OK;
oom:
	cont_free(&conts);
	ll_table_free(t);
	return ll_err_set(err, LL_ENOMEM, "%s:%zu: out of memory", src->path, lineno);
}

int ds_lines_load_bound(const struct ds_source *src, const struct ds_open_opts *opts, ds_reader_binder bind,
			const char *format_name, struct ll_table **out, struct ll_err *err)
{
	*out = NULL;
	size_t n;
	char *sample = ds_reader_sample(src->data, src->size, &n);
	if (!sample)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	struct ll_err why;
	ll_err_clear(&why);
	const struct ds_reader *r = bind(sample, n, opts, &why);
	free(sample);
	if (!r)
		return ll_err_set(err, why.code ? why.code : LL_ENOMEM, "%s: %s", src->path,
				  why.code ? why.msg : "out of memory");
	return ds_lines_load(src, opts, r->line, format_name, out, err);
}

int ds_lines_load(const struct ds_source *src, const struct ds_open_opts *opts,
		  const struct ds_line_format *fmt, const char *format_name, struct ll_table **out,
		  struct ll_err *err)
{
	return ds_lines_load_hooked(src, opts, fmt, format_name, NULL, NULL, 0, out, err);
}
