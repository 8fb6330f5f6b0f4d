/*
 * ds_logfmt.c - the "log" reader: any text log, split by a header pattern
 * (ds_header.h) inferred from the file or given by the user.
 *
 * The named readers (syslog, hdfs, bgl, ...) are fast paths for shapes
 * loglab knows; this one reads the rest. Its sniffer infers a header from
 * the sample and scores by the share of sampled lines the header splits,
 * below the named readers (which win on their own shapes) and above plain
 * lines; a sample without a shared header scores 0, leaving it to plain
 * lines.
 *
 * Binding makes a reader for one header: a struct ds_reader whose line
 * format holds that header's field names and types and splits with it.
 * Readers are handed around as plain pointers with the lifetime of the
 * registry's (ds_load's `used`, a dataset's reader, predict --follow), so
 * each distinct header gets one reader for the life of the process,
 * interned by its text and field types; a process meets a handful.
 */
#include "ds_header.h"
#include "ds_jsonmsg.h"
#include "ds_reader.h"
#include "ds_textlog.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bound {
	struct ds_reader reader;
	struct ds_line_format fmt;
	struct ds_header *header;
	const char *names[DS_MAX_FIELDS];
	enum ll_coltype types[DS_MAX_FIELDS];
	char *key;
	struct bound *next;
};

static pthread_mutex_t interned_lock = PTHREAD_MUTEX_INITIALIZER;
static struct bound *interned;

static const char SUMMARY[] = "any text log: a header of time, level, component... inferred per file "
			      "(or --header PATTERN), then the message";

static int bound_split(const struct ds_line_format *fmt, const char *line, size_t len, struct ds_span *fields,
		       struct ds_span *label)
{
	(void)label;
	return ds_header_split(fmt->ctx, line, len, fields);
}

static int bound_time(const struct ds_line_format *fmt, size_t field, const char *s, size_t n, int default_year,
		      double *out)
{
	return ds_header_parse_time(fmt->ctx, field, s, n, default_year, out);
}

static int bound_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		      struct ll_err *err);

/* The key a header is interned by: its text and its fields' types (and
 * whether a field reads a date before it as well). */
static char *key_of(const struct ds_header *h)
{
	const char *text = ds_header_text(h);
	size_t tl = strlen(text), nf = ds_header_nfields(h);
	char *k = malloc(tl + nf + 2);
	if (!k)
		return NULL;
	memcpy(k, text, tl);
	k[tl] = '\n';
	for (size_t i = 0; i < nf; i++)
		k[tl + 1 + i] = (char)('0' + ds_header_field_type(h, i) + 10 * ds_header_field_joined(h, i));
	k[tl + 1 + nf] = '\0';
	return k;
}

/* The reader for h (taken: freed when an equal one is already interned). */
static const struct ds_reader *intern(struct ds_header *h, struct ll_err *err)
{
	char *key = key_of(h);
	if (!key) {
		ds_header_free(h);
		ll_err_set(err, LL_ENOMEM, "out of memory");
		return NULL;
	}
	pthread_mutex_lock(&interned_lock);
	for (struct bound *b = interned; b; b = b->next)
		if (strcmp(b->key, key) == 0) {
			pthread_mutex_unlock(&interned_lock);
			free(key);
			ds_header_free(h);
			return &b->reader;
		}
	struct bound *b = calloc(1, sizeof *b);
	if (!b) {
		pthread_mutex_unlock(&interned_lock);
		free(key);
		ds_header_free(h);
		ll_err_set(err, LL_ENOMEM, "out of memory");
		return NULL;
	}
	size_t nf = ds_header_nfields(h);
	for (size_t i = 0; i < nf; i++) {
		b->names[i] = ds_header_field_name(h, i);
		b->types[i] = ds_header_field_type(h, i);
	}
	b->header = h;
	b->key = key;
	b->fmt = (struct ds_line_format){
		.nfields = nf,
		.names = b->names,
		.types = b->types,
		.message_field = (int)ds_header_message_field(h),
		.split = NULL,
		.parse_time = NULL,
		.text_is_message = 0,
		.split_with = bound_split,
		.parse_time_with = bound_time,
		.ctx = h,
		.header = ds_header_text(h),
	};
	b->reader = (struct ds_reader){"log", SUMMARY, NULL, bound_load, &b->fmt, NULL};
	b->next = interned;
	interned = b;
	pthread_mutex_unlock(&interned_lock);
	return &b->reader;
}

static const struct ds_reader *log_bind(const char *sample, size_t n, const struct ds_open_opts *opts,
					struct ll_err *err)
{
	struct ds_header *h;
	int year = opts->default_year ? opts->default_year : 1970;
	if (opts->header && *opts->header) {
		if (ds_header_compile(opts->header, &h, err) != LL_OK)
			return NULL;
		ds_header_type_fields(h, sample, n, year);
	} else if (ds_header_infer(sample, n, year, &h, err) != LL_OK) {
		return NULL;
	}
	const struct ds_reader *r = intern(h, err);
	return r ? ds_jsonmsg_bind(r, sample, n, bound_load, err) : NULL;
}

/* A reader's load gets the source, not the reader: binding again to the
 * same sample gives the same interned reader, whose format splits. */
static int bound_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		      struct ll_err *err)
{
	*out = NULL;
	size_t n;
	char *sample = ds_reader_sample(src->data, src->size, &n);
	if (!sample)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	struct ll_err why;
	ll_err_clear(&why);
	const struct ds_reader *r = log_bind(sample, n, opts, &why);
	free(sample);
	if (!r)
		return ll_err_set(err, why.code ? why.code : LL_ENOMEM, "%s: %s", src->path, why.msg);
	return ds_lines_load(src, opts, r->line, "log", out, err);
}

/* Scores by the share of sampled lines an inferred header splits: up to 60,
 * under every named reader that fits its own shape. */
static int log_sniff(const char *path, const char *sample, size_t n)
{
	(void)path;
	if (!n || !ds_looks_like_text(sample, n))
		return 0;
	struct ds_header *h;
	if (ds_header_infer(sample, n, 1970, &h, NULL) != LL_OK)
		return 0;
	int score = 0;
	if (ds_header_has_fields(h)) {
		struct ds_span f[DS_MAX_FIELDS];
		size_t pos = 0, tried = 0, fit = 0, len;
		const char *line;
		while (tried < 4000 && ds_source_next_line(sample, n, &pos, &line, &len)) {
			size_t k = 0;
			while (k < len && ds_is_blank(line[k]))
				k++;
			/* an indented line continues the one before (a stack
			 * frame "\tat ..."): it is no header's */
			if (k == len || k > 0)
				continue;
			tried++;
			fit += (size_t)ds_header_split(h, line, len, f);
		}
		if (tried && fit * 2 >= tried)
			score = (int)(30 + 30.0 * (double)fit / (double)tried);
	}
	ds_header_free(h);
	return score;
}

static int whole_line(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)line;
	(void)label;
	f[0].off = 0;
	f[0].len = len;
	return 1;
}

static const char *const message_names[] = {"message"};
static const enum ll_coltype message_types[] = {LL_COL_TEXT};
/* Before binding, a log is one message per line. */
static const struct ds_line_format unbound_format = {
	.nfields = 1, .names = message_names, .types = message_types, .message_field = 0,
	.split = whole_line, .header = "<message>",
};

static const struct ds_reader log_reader = {"log", SUMMARY, log_sniff, bound_load, &unbound_format, log_bind};

const struct ds_reader *const *ds_logfmt_readers(size_t *n)
{
	static const struct ds_reader *const list[] = {&log_reader};
	*n = 1;
	return list;
}
