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
 * Binding makes a reader for one header, or for the two or three headers of
 * a file whose lines come in several shapes: a struct ds_reader whose line
 * format holds the headers' field names and types (joined by name) and
 * splits each line with the first header that fits. When the messages are
 * JSON records, ds_jsonmsg.h derives the reader once more. Readers are
 * handed around as plain pointers with the lifetime of the registry's
 * (ds_load's `used`, a dataset's reader, predict --follow), so each
 * distinct set of headers gets one reader for the life of the process,
 * interned by their texts and field types; a process meets a handful.
 */
#include "ds_csv.h"
#include "ds_header.h"
#include "ds_jsonmsg.h"
#include "ds_linememo.h"
#include "ds_reader.h"
#include "ds_textlog.h"
#include "ds_units.h"
#include "ll_time.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file may interleave lines of a few shapes (a program that logs
 * through its own file handler and through syslog into one file): each
 * line is read by the first header that fits it. */
#define MAX_HEADERS 3

struct bound {
	struct ds_reader reader;
	struct ds_line_format fmt;
	struct ds_header *header[MAX_HEADERS];
	size_t nheaders;
	/* field i of header k is column map[k][i] of the format */
	size_t map[MAX_HEADERS][DS_MAX_FIELDS];
	const char *names[DS_MAX_FIELDS];
	enum ll_coltype types[DS_MAX_FIELDS];
	unsigned char units[DS_MAX_FIELDS]; /* the fmt's units (ds_units.h) */
	char note[LL_ERR_MSG_MAX];          /* the fmt's note, with the units' */
	char *text; /* the headers' patterns, for `loglab info` */
	char *key;
	struct bound *next;
};

/* A text field of a header whose sampled values are all numbers (as a
 * pair's are typed after a header, ds_kvmsg.c), beside the kinds of
 * ds_units.h in header_units' answer. */
#define PLAIN_NUMBERS 0x7f
/* ... and epochs of recent years under a clock's or an event's name
 * ("start=1765000100"), times as the same pair's are. */
#define EPOCH_TIMES 0x7e

static pthread_mutex_t interned_lock = PTHREAD_MUTEX_INITIALIZER;
static struct bound *interned;

static const char SUMMARY[] = "any text log: a header of time, level, component... inferred per file "
			      "(or --header PATTERN), then the message";

static int bound_split(const struct ds_line_format *fmt, const char *line, size_t len, struct ds_span *fields,
		       struct ds_span *label)
{
	const struct bound *b = fmt->ctx;
	if (b->nheaders == 1)
		return ds_header_split_label(b->header[0], line, len, fields, label);
	struct ds_span f[DS_MAX_FIELDS];
	for (size_t k = 0; k < b->nheaders; k++) {
		if (!ds_header_split_label(b->header[k], line, len, f, label))
			continue;
		memset(fields, 0, fmt->nfields * sizeof *fields);
		for (size_t i = 0, nf = ds_header_nfields(b->header[k]); i < nf; i++)
			fields[b->map[k][i]] = f[i];
		return 1;
	}
	return 0;
}

static int bound_time(const struct ds_line_format *fmt, size_t field, const char *s, size_t n, int default_year,
		      double *out)
{
	const struct bound *b = fmt->ctx;
	for (size_t k = 0; k < b->nheaders; k++)
		for (size_t i = 0, nf = ds_header_nfields(b->header[k]); i < nf; i++) {
			if (b->map[k][i] != field)
				continue;
			if (ds_header_field_type(b->header[k], i) == LL_COL_TIME &&
			    ds_header_parse_time(b->header[k], i, s, n, default_year, out))
				return 1;
			/* a pair's epochs (header_units) */
			double v;
			if (ds_header_field_type(b->header[k], i) == LL_COL_TEXT && b->types[field] == LL_COL_TIME &&
			    ll_parse_number(s, n, &v) && ds_csv_event_epoch(v, out))
				return 1;
		}
	return 0;
}

static int bound_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		      struct ll_err *err);

/* The key a header is interned by: its text and its fields' types (and
 * whether a field reads a date before it or a clock after it) and stamp
 * forms, of each header, and its note: two files whose lines look alike
 * may write their times in two forms ("2026-03-14" and "14.03.2026"). */
static char *key_of(struct ds_header *const *h, size_t nh, unsigned char (*units)[DS_MAX_FIELDS])
{
	size_t cap = 1;
	for (size_t k = 0; k < nh; k++) {
		const char *note = ds_header_note(h[k]);
		cap += strlen(ds_header_text(h[k])) + ds_header_nfields(h[k]) * 24 + (note ? strlen(note) : 0) + 3;
	}
	char *key = malloc(cap), *w = key;
	if (!key)
		return NULL;
	for (size_t k = 0; k < nh; k++) {
		const char *text = ds_header_text(h[k]), *note = ds_header_note(h[k]);
		size_t tl = strlen(text), nf = ds_header_nfields(h[k]);
		memcpy(w, text, tl);
		w += tl;
		*w++ = '\n';
		for (size_t i = 0; i < nf; i++)
			w += sprintf(w, "%c%u:%u:%zu,", '0' + ds_header_field_type(h[k], i) + 10 * ds_header_field_joined(h[k], i),
				     ds_header_field_form(h[k], i), i < DS_MAX_FIELDS ? units[k][i] : 0,
				     ds_header_field_zone(h[k], i) ? ds_header_field_zone(h[k], i) % 1000 : 0);
		*w++ = '\n';
		if (note) {
			memcpy(w, note, strlen(note));
			w += strlen(note);
		}
		*w++ = '\n';
	}
	*w = '\0';
	return key;
}

/* The columns of the headers together: the first header's fields, then
 * the others' that it lacks (by name), the message last. A name typed
 * differently by two headers is text. A text field whose values carry
 * units (units[k][i], ds_units.h) is a number column read in them. */
static int join_fields(struct bound *b, unsigned char (*units)[DS_MAX_FIELDS])
{
	size_t nf = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < b->nheaders; k++) {
			const struct ds_header *h = b->header[k];
			size_t msg = ds_header_message_field(h);
			for (size_t i = 0, hn = ds_header_nfields(h); i < hn; i++) {
				if ((pass == 0) != (i != msg))
					continue;
				const char *name = ds_header_field_name(h, i);
				enum ll_coltype type = ds_header_field_type(h, i);
				unsigned char unit = i < DS_MAX_FIELDS ? units[k][i] : DS_UNITS_NONE;
				if (unit != DS_UNITS_NONE)
					type = unit == EPOCH_TIMES ? LL_COL_TIME : LL_COL_NUM;
				if (unit == PLAIN_NUMBERS || unit == EPOCH_TIMES)
					unit = DS_UNITS_NONE;
				size_t c = 0;
				while (c < nf && strcmp(b->names[c], name) != 0)
					c++;
				if (c == nf) {
					if (nf == DS_HEADER_MAX_FIELDS + 1)
						return -1;
					b->names[nf] = name;
					b->units[nf] = unit;
					b->types[nf++] = type;
				} else if (b->types[c] != type || b->units[c] != unit) {
					b->types[c] = LL_COL_TEXT;
					b->units[c] = DS_UNITS_NONE;
				}
				b->map[k][i] = c;
			}
		}
	return (int)nf;
}

/* The reader for headers h[0..nh) (taken: freed when an equal one is
 * already interned). */
static const struct ds_reader *intern(struct ds_header **h, size_t nh, unsigned char (*units)[DS_MAX_FIELDS],
				      struct ll_err *err)
{
	char *key = key_of(h, nh, units);
	struct bound *b = NULL;
	if (!key)
		goto oom;
	pthread_mutex_lock(&interned_lock);
	for (struct bound *o = interned; o; o = o->next)
		if (strcmp(o->key, key) == 0) {
			pthread_mutex_unlock(&interned_lock);
			free(key);
			for (size_t k = 0; k < nh; k++)
				ds_header_free(h[k]);
			return &o->reader;
		}
	b = calloc(1, sizeof *b);
	if (!b) {
		pthread_mutex_unlock(&interned_lock);
		goto oom;
	}
	size_t tl = 1;
	for (size_t k = 0; k < nh; k++) {
		b->header[k] = h[k];
		tl += strlen(ds_header_text(h[k])) + 4;
	}
	b->nheaders = nh;
	b->key = key;
	int nf = join_fields(b, units);
	b->text = malloc(tl);
	if (nf < 0 || !b->text) {
		/* more columns than a table holds: the first shape alone */
		for (size_t k = 1; k < nh; k++) {
			ds_header_free(h[k]);
			b->header[k] = NULL;
		}
		b->nheaders = 1;
		memset(b->units, 0, sizeof b->units);
		nf = join_fields(b, units);
	}
	if (b->text) {
		b->text[0] = '\0';
		for (size_t k = 0; k < b->nheaders; k++) {
			if (k)
				strcat(b->text, " || ");
			strcat(b->text, ds_header_text(h[k]));
		}
	}
	b->fmt = (struct ds_line_format){
		.nfields = (size_t)nf,
		.names = b->names,
		.types = b->types,
		.message_field = (int)b->map[0][ds_header_message_field(h[0])],
		.split = NULL,
		.parse_time = NULL,
		.text_is_message = 0,
		.split_with = bound_split,
		.parse_time_with = bound_time,
		.ctx = b,
		.header = b->text ? b->text : ds_header_text(h[0]),
		.note = ds_header_note(h[0]),
		.level_below = ds_header_level_below(h[0]) ? 1 + b->map[0][ds_header_level_below(h[0]) - 1] : 0,
	};
	if (ds_units_fields_note(b->note, sizeof b->note, ds_header_note(h[0]), b->names, b->units, (size_t)nf)) {
		b->fmt.units = b->units;
		b->fmt.note = b->note;
	}
	b->reader = (struct ds_reader){"log", SUMMARY, NULL, bound_load, &b->fmt, NULL, 0};
	b->next = interned;
	interned = b;
	pthread_mutex_unlock(&interned_lock);
	return &b->reader;
oom:
	free(key);
	for (size_t k = 0; k < nh; k++)
		ds_header_free(h[k]);
	ll_err_set(err, LL_ENOMEM, "out of memory");
	return NULL;
}

static int has_time(const struct ds_header *h)
{
	for (size_t i = 0, nf = ds_header_nfields(h); i < nf; i++)
		if (ds_header_field_type(h, i) == LL_COL_TIME)
			return 1;
	return 0;
}

/* A header that reads a clock of its lines: a time, or the seconds since
 * start that stand for one ("[0.005s][info][gc,init] ...", dmesg's
 * "[    4.021377]"): a second shape under such a clock is records of their
 * own, not continuations of the first's. */
static int has_clock(const struct ds_header *h)
{
	if (has_time(h))
		return 1;
	for (size_t i = 0, nf = ds_header_nfields(h); i < nf; i++)
		if (ds_header_field_type(h, i) == LL_COL_NUM && strcmp(ds_header_field_name(h, i), "uptime") == 0)
			return 1;
	return 0;
}

/* An indented line continues the one before (a stack frame "\tat ...",
 * or a numbered one "#3 ..."): it is no header's. */
static int header_line(const char *line, size_t len)
{
	return ds_header_at_margin(line, len);
}

/* The first header was inferred from every line, the other shapes' too
 * (whose words at a place differ from its own: a dash read as a host):
 * inferred again from the lines the later headers leave, it replaces the
 * first when it fits as many of them. */
static void refine_first(const char *sample, size_t n, int year, struct ds_linememo *memo, struct ds_header **h,
			 size_t nh)
{
	char *own = malloc(n + 1);
	if (!own)
		return;
	size_t w = 0, pos = 0, len;
	const char *line;
	struct ds_span f[DS_MAX_FIELDS];
	while (ds_source_next_line(sample, n, &pos, &line, &len)) {
		int other = 0;
		for (size_t k = 1; k < nh && !other; k++)
			other = header_line(line, len) && ds_header_split(h[k], line, len, f);
		if (other)
			continue;
		memcpy(own + w, line, len);
		w += len;
		own[w++] = '\n';
	}
	own[w] = '\0';
	struct ds_header *again;
	if (ds_header_infer_memo(own, w, year, memo, &again, NULL) == LL_OK) {
		size_t fit_old = 0, fit_new = 0;
		pos = 0;
		while (ds_source_next_line(own, w, &pos, &line, &len)) {
			if (!header_line(line, len))
				continue;
			fit_old += (size_t)ds_header_split(h[0], line, len, f);
			fit_new += (size_t)ds_header_split(again, line, len, f);
		}
		if (ds_header_has_fields(again) && fit_new >= fit_old) {
			ds_header_free(h[0]);
			h[0] = again;
		} else {
			ds_header_free(again);
		}
	}
	free(own);
}

/* Infers the header of the sample, and when at least one line in twenty of
 * it (and ten lines) fits none, the header of those lines, up to
 * MAX_HEADERS. A later header must read a time or an uptime (has_clock:
 * lines of a second writer carry their own stamp; exception lines between
 * stack frames do not) and
 * fit ten and a quarter of the lines left in the first column, as the
 * sniffer believes a timed header (the others left are the records'
 * unindented continuations: an exception's name, its causes). Returns the
 * count, 0 on error (err set). */
static size_t infer_headers_memo(const char *sample, size_t n, int year, struct ds_linememo *memo, struct ds_header **h,
				 struct ll_err *err)
{
	if (ds_header_infer_memo(sample, n, year, memo, &h[0], err) != LL_OK)
		return 0;
	size_t nh = 1;
	if (!ds_header_has_fields(h[0]))
		return nh;
	char *rest = NULL;
	size_t restn = 0;
	while (nh < MAX_HEADERS) {
		const char *src = rest ? rest : sample;
		size_t srcn = rest ? restn : n;
		char *left = malloc(srcn + 1);
		if (!left)
			break;
		size_t w = 0, pos = 0, len, tried = 0, misfit = 0;
		const char *line;
		struct ds_span f[DS_MAX_FIELDS];
		while (ds_source_next_line(src, srcn, &pos, &line, &len)) {
			if (!header_line(line, len))
				continue;
			tried++;
			if (ds_header_split(h[nh - 1], line, len, f))
				continue;
			misfit++;
			memcpy(left + w, line, len);
			w += len;
			left[w++] = '\n';
		}
		left[w] = '\0';
		free(rest);
		rest = left;
		restn = w;
		/* a second shape: one sampled line in twenty; a third: ten lines
		 * the first two leave */
		if (misfit < 10 || (nh == 1 && misfit * 20 < tried))
			break;
		struct ds_header *next;
		if (ds_header_infer_memo(rest, w, year, memo, &next, NULL) != LL_OK)
			break;
		size_t fit = 0;
		pos = 0;
		while (ds_source_next_line(rest, w, &pos, &line, &len))
			fit += (size_t)ds_header_split(next, line, len, f);
		if (!has_clock(next) || fit < 10 || fit * 4 < misfit ||
		    strcmp(ds_header_text(next), ds_header_text(h[0])) == 0) {
			ds_header_free(next);
			break;
		}
		h[nh++] = next;
	}
	free(rest);
	if (nh > 1)
		refine_first(sample, n, year, memo, h, nh);
	return nh;
}

static size_t infer_headers(const char *sample, size_t n, int year, struct ds_header **h, struct ll_err *err)
{
	/* the later inferences read lines of the same sample: their units
	 * are cut once (without memory for the memo, each time) */
	struct ds_linememo *memo = ds_header_memo_new();
	size_t nh = infer_headers_memo(sample, n, year, memo, h, err);
	ds_linememo_free(memo);
	return nh;
}

/* The units each text field of a pair in h[0..nh) (ds_header_field_keyed)
 * is written with (ds_units.h), or PLAIN_NUMBERS when every sampled value
 * is a number, over the sampled lines each header fits: "walltime=00:58:20", "took=12ms" or "ttl=64" in
 * a header of pairs reads as the same pair after one (ds_kvmsg.c), a clock
 * by the field's name (ds_units_tally_kind_named). */
static void header_units(struct ds_header *const *h, size_t nh, const char *sample, size_t n,
			 unsigned char (*units)[DS_MAX_FIELDS])
{
	memset(units, 0, MAX_HEADERS * sizeof *units);
	for (size_t k = 0; k < nh; k++) {
		size_t nf = ds_header_nfields(h[k]), msg = ds_header_message_field(h[k]), pos = 0, len, lines = 0;
		if (nf > DS_MAX_FIELDS)
			nf = DS_MAX_FIELDS;
		struct ds_units_tally ty[DS_MAX_FIELDS];
		size_t epochs[DS_MAX_FIELDS] = {0};
		memset(ty, 0, sizeof ty);
		struct ds_span f[DS_MAX_FIELDS];
		const char *line;
		while (lines < 2000 && ds_source_next_line(sample, n, &pos, &line, &len)) {
			if (!ds_header_split(h[k], line, len, f))
				continue;
			lines++;
			for (size_t i = 0; i < nf; i++)
				if (i != msg && ds_header_field_type(h[k], i) == LL_COL_TEXT && ds_header_field_keyed(h[k], i)) {
					double v, t;
					ds_units_tally_add(&ty[i], line + f[i].off, f[i].len);
					epochs[i] += ll_parse_number(line + f[i].off, f[i].len, &v) && ds_csv_event_epoch(v, &t);
				}
		}
		for (size_t i = 0; i < nf; i++) {
			/* (a UTC offset, "+0200", is no number) */
			if (i == msg || ds_header_field_type(h[k], i) != LL_COL_TEXT || !ds_header_field_keyed(h[k], i) ||
			    ds_header_field_zone(h[k], i))
				continue;
			const char *name = ds_header_field_name(h[k], i);
			int numbers = ty[i].values && ty[i].plain == ty[i].values;
			if (numbers && epochs[i] == ty[i].values && (ds_csv_time_name(name) || ds_csv_event_name(name)))
				units[k][i] = EPOCH_TIMES;
			else if (numbers)
				units[k][i] = PLAIN_NUMBERS;
			else
				units[k][i] = (unsigned char)ds_units_tally_kind_named(&ty[i], name);
		}
	}
}

/* The headers log_sniff inferred from a sample (year 1970), left for
 * log_bind of the same sample in the same detection (ds_detect_memo_put). */
struct inferred {
	size_t nh;
	struct ds_header *h[MAX_HEADERS];
};

static void inferred_free(void *p)
{
	struct inferred *m = p;
	for (size_t k = 0; k < m->nh; k++)
		ds_header_free(m->h[k]);
	free(m);
}

static const struct ds_reader log_reader;

static const struct ds_reader *log_bind(const char *sample, size_t n, const struct ds_open_opts *opts,
					struct ll_err *err)
{
	struct ds_header *h[MAX_HEADERS];
	size_t nh = 1;
	int year = opts->default_year ? opts->default_year : 1970;
	struct inferred *m = NULL;
	if (opts->header && *opts->header) {
		if (ds_header_compile(opts->header, &h[0], err) != LL_OK)
			return NULL;
		ds_header_type_fields(h[0], sample, n, year);
	} else if (year == 1970 && (m = ds_detect_memo_take(&log_reader, sample, n)) != NULL) {
		/* what the sniffer inferred from this sample: the same call */
		nh = m->nh;
		memcpy(h, m->h, nh * sizeof *h);
		free(m);
	} else if (!(nh = infer_headers(sample, n, year, h, err))) {
		return NULL;
	}
	unsigned char units[MAX_HEADERS][DS_MAX_FIELDS];
	header_units(h, nh, sample, n, units);
	const struct ds_reader *r = intern(h, nh, units, err);
	/* a user's pattern names the columns they asked for: only an
	 * inferred header reads a JSON message's parts */
	if (!r || (opts->header && *opts->header))
		return r;
	return ds_jsonmsg_bind(r, sample, n, bound_load, err);
}

static int bound_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		      struct ll_err *err)
{
	return ds_lines_load_bound(src, opts, log_bind, "log", out, err);
}

/* Scores by the share of sampled lines an inferred header splits: up to 60,
 * under every named reader that fits its own shape. */
static int log_sniff(const char *path, const char *sample, size_t n)
{
	(void)path;
	if (!n || !ds_looks_like_text(sample, n))
		return 0;
	struct ds_header *h[MAX_HEADERS];
	size_t nh = infer_headers(sample, n, 1970, h, NULL);
	if (!nh)
		return 0;
	int score = 0;
	if (ds_header_has_fields(h[0])) {
		struct ds_span f[DS_MAX_FIELDS];
		size_t pos = 0, tried = 0, fit = 0, len;
		const char *line;
		struct ds_ruled ruled = {0};
		struct ds_recur *recur = calloc(1, sizeof *recur);
		/* lines indented alike are at their margin past the indent */
		size_t indent = ds_header_indent(sample, n);
		while (recur && tried < 4000 && ds_source_next_line(sample, n, &pos, &line, &len)) {
			size_t in = 0;
			while (in < indent && in < len && ds_is_blank(line[in]))
				in++;
			if (!header_line(line + in, len - in)) {
				size_t a = 0;
				while (a < len && ds_is_blank(line[a]))
					a++;
				if (a < len)
					ds_records_tally(&ruled, line + a, len - a, 0);
				continue;
			}
			tried++;
			int head = 0;
			for (size_t k = 0; k < nh && !head; k++)
				head = ds_header_split(h[k], line, len, f);
			fit += head != 0;
			if (!head)
				ds_recur_add(recur, line, len);
			ds_records_tally(&ruled, line, len, head);
		}
		size_t furniture = recur ? ds_recur_count(recur) : 0;
		free(recur);
		/* a timed header is evidence enough in a quarter of the lines
		 * (a service's log after a long shell trace of its start) */
		int timed = 0;
		for (size_t k = 0; k < nh; k++)
			timed |= has_time(h[k]);
		/* lines that recur word for word are the timed records' furniture */
		if (timed)
			tried -= furniture;
		/* ... or in fewer, when rule lines set its records apart */
		if (tried && (fit * 2 >= tried || (timed && fit >= 16 && fit * 4 >= tried) ||
			      (timed && ds_records_ruled(&ruled))))
			score = (int)(30 + 30.0 * (double)fit / (double)tried);
	}
	/* a log this reader may win: its bind takes these headers (the
	 * inference is the same call there, year 1970) */
	struct inferred *m = score > 0 ? malloc(sizeof *m) : NULL;
	if (m) {
		m->nh = nh;
		memcpy(m->h, h, nh * sizeof *h);
		if (ds_detect_memo_put(&log_reader, sample, n, m, inferred_free))
			return score;
		free(m);
	}
	for (size_t k = 0; k < nh; k++)
		ds_header_free(h[k]);
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

static const struct ds_reader log_reader = {"log", SUMMARY, log_sniff, bound_load, &unbound_format, log_bind, 0};

const struct ds_reader *const *ds_logfmt_readers(size_t *n)
{
	static const struct ds_reader *const list[] = {&log_reader};
	*n = 1;
	return list;
}
