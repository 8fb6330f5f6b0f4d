/*
 * ds_jsonmsg.c - a line reader whose messages are JSON objects, read as
 * the level, time and message the objects name (ds_jsonmsg.h).
 */
#include "ds_jsonmsg.h"
#include "ds_derived.h"
#include "ds_kvmsg.h"
#include "ds_textlog.h"
#include "ll_time.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- scanning an object ---- */

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* The index just past the string that opens at s[i] = '"', or 0. */
static size_t string_end(const char *s, size_t n, size_t i)
{
	for (size_t k = i + 1; k < n; k++) {
		if (s[k] == '\\')
			k++;
		else if (s[k] == '"')
			return k + 1;
	}
	return 0;
}

/* The index just past the value that starts at s[i], or 0: a string, an
 * object or array (balanced, strings skipped), else up to ',' or '}'. */
static size_t value_end(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return 0;
	if (s[i] == '"')
		return string_end(s, n, i);
	if (s[i] == '{' || s[i] == '[') {
		size_t depth = 0;
		for (size_t k = i; k < n; k++) {
			if (s[k] == '"') {
				size_t e = string_end(s, n, k);
				if (!e)
					return 0;
				k = e - 1;
			} else if (s[k] == '{' || s[k] == '[') {
				depth++;
			} else if ((s[k] == '}' || s[k] == ']') && --depth == 0) {
				return k + 1;
			}
		}
		return 0;
	}
	size_t k = i;
	while (k < n && s[k] != ',' && s[k] != '}' && s[k] != ' ' && s[k] != '\t')
		k++;
	return k > i ? k : 0;
}

int ds_json_member(const char *s, size_t n, size_t *pos, struct ds_span *key, struct ds_span *value)
{
	size_t i = *pos;
	if (i == 0) {
		i = skip_blanks(s, n, 0);
		if (i >= n || s[i] != '{')
			return 0;
		i++;
	} else {
		i = skip_blanks(s, n, i);
		if (i >= n || s[i] != ',')
			return 0;
		i++;
	}
	i = skip_blanks(s, n, i);
	if (i >= n || s[i] != '"')
		return 0;
	size_t ke = string_end(s, n, i);
	if (!ke)
		return 0;
	key->off = i + 1;
	key->len = ke - i - 2;
	i = skip_blanks(s, n, ke);
	if (i >= n || s[i] != ':')
		return 0;
	i = skip_blanks(s, n, i + 1);
	size_t ve = value_end(s, n, i);
	if (!ve)
		return 0;
	if (s[i] == '"') {
		value->off = i + 1;
		value->len = ve - i - 2;
	} else {
		value->off = i;
		value->len = ve - i;
	}
	*pos = ve;
	return 1;
}

/* 1 when s[0..n) (blanks trimmed) looks like one JSON object. */
static int is_object(const char *s, size_t n)
{
	size_t a = skip_blanks(s, n, 0);
	while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n - a < 2 || s[a] != '{' || s[n - 1] != '}')
		return 0;
	a = skip_blanks(s, n, a + 1);
	return a < n && s[a] == '"';
}

/* ---- the keys a record names its parts by ---- */

enum part { P_LEVEL, P_TIME, P_MESSAGE, NPARTS };

/* The names structured loggers use (zap, logrus, pino, bunyan, structlog,
 * slog, Docker's json-file, ECS): a general vocabulary, not a system's. */
static const char *const part_keys[NPARTS][8] = {
	[P_LEVEL] = {"level", "lvl", "severity", "loglevel", "levelname", "log.level", NULL},
	[P_TIME] = {"time", "ts", "timestamp", "@timestamp", "datetime", NULL},
	[P_MESSAGE] = {"msg", "message", "log", NULL},
};

static int part_key(enum part p, const char *s, size_t n)
{
	for (int k = 0; part_keys[p][k]; k++)
		if (strlen(part_keys[p][k]) == n && strncasecmp(part_keys[p][k], s, n) == 0)
			return k;
	return -1;
}

/* ---- a level written at the message's start ---- */

/* The key index that stands for "the level is the word with a colon that
 * opens the message" (Slurm's "error: ...", many C programs'). */
#define LEVEL_PREFIX 99

/* The length of "word:" when s[0..n) opens with a level word, a colon and a
 * blank, else 0. */
static size_t level_prefix(const char *s, size_t n)
{
	static const char *const words[] = {"error", "err",   "warning", "warn",  "info",  "notice", "debug", "fatal",
					    "critical", "crit", "panic", "alert", "emerg", "trace", "severe", NULL};
	size_t k = 0;
	while (k < n && k < 9 && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
		k++;
	if (k < 3 || k + 1 >= n || s[k] != ':' || (s[k + 1] != ' ' && s[k + 1] != '\t'))
		return 0;
	for (int w = 0; words[w]; w++)
		if (strlen(words[w]) == k && strncasecmp(words[w], s, k) == 0)
			return k + 1;
	return 0;
}

static int has_level_field(const struct ds_line_format *b)
{
	for (size_t k = 0; k < b->nfields; k++)
		if (strcasecmp(b->names[k], "level") == 0 || strcasecmp(b->names[k], "severity") == 0)
			return 1;
	return 0;
}

/* ---- derived readers ---- */


struct derived {
	struct ds_derived d; /* first: the line format's ctx */
	int key[NPARTS];     /* the key chosen for each part, or -1 */
	int out_of[NPARTS];  /* the field each part fills, or -1 */
	char header[256];
	struct derived *next;
};

static pthread_mutex_t derived_lock = PTHREAD_MUTEX_INITIALIZER;
static struct derived *derived_list;

static int derived_split(const struct ds_line_format *fmt, const char *line, size_t len, struct ds_span *f,
			 struct ds_span *label)
{
	const struct derived *d = fmt->ctx;
	struct ds_span m;
	if (!ds_derived_split_base(&d->d, line, len, f, label, &m))
		return 0;
	size_t msg_out = (size_t)fmt->message_field;
	f[msg_out] = m;
	const char *s = line + m.off;
	if (d->key[P_LEVEL] == LEVEL_PREFIX) {
		size_t k = level_prefix(s, m.len);
		if (k) {
			f[d->out_of[P_LEVEL]].off = m.off;
			f[d->out_of[P_LEVEL]].len = k - 1;
			while (k < m.len && (s[k] == ' ' || s[k] == '\t'))
				k++;
			f[msg_out].off = m.off + k;
			f[msg_out].len = m.len - k;
		}
		return 1;
	}
	if (!is_object(s, m.len))
		return 1;
	struct ds_span key, val;
	size_t pos = 0;
	while (ds_json_member(s, m.len, &pos, &key, &val))
		for (int p = 0; p < NPARTS; p++)
			if (d->out_of[p] >= 0 && part_key((enum part)p, s + key.off, key.len) == d->key[p]) {
				f[d->out_of[p]].off = m.off + val.off;
				f[d->out_of[p]].len = val.len;
			}
	return 1;
}

static int same_keys(const struct derived *d, const struct ds_reader *base, const int *key)
{
	return d->d.base == base && memcmp(d->key, key, sizeof d->key) == 0;
}

static const char *unique(const struct ds_line_format *b, const char *want, const char *alt)
{
	for (size_t k = 0; k < b->nfields; k++)
		if (strcasecmp(b->names[k], want) == 0)
			return alt;
	return want;
}

static struct derived *derive(const struct ds_reader *base, const int *key,
			      int (*load)(const struct ds_source *, const struct ds_open_opts *, struct ll_table **,
					  struct ll_err *))
{
	const struct ds_line_format *b = base->line;
	struct derived *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	memcpy(d->key, key, sizeof d->key);
	int has_time = 0;
	for (size_t k = 0; k < b->nfields; k++)
		has_time |= b->types[k] == LL_COL_TIME;
	size_t nf = ds_derived_base_fields(&d->d, base, 3);
	for (int p = 0; p < NPARTS; p++)
		d->out_of[p] = -1;
	/* the header's own time stays the time: a record's is then text the
	 * line already holds */
	if (key[P_TIME] >= 0 && !has_time) {
		d->out_of[P_TIME] = (int)nf;
		nf = ds_derived_add(&d->d, nf, unique(b, "time", "record_time"), LL_COL_TIME);
	}
	if (key[P_LEVEL] >= 0) {
		d->out_of[P_LEVEL] = (int)nf;
		nf = ds_derived_add(&d->d, nf, unique(b, "level", "record_level"), LL_COL_TEXT);
	}
	d->out_of[P_MESSAGE] = key[P_MESSAGE] >= 0 ? (int)nf : -1;
	size_t msg = nf;
	nf = ds_derived_add(&d->d, nf, "message", LL_COL_TEXT);
	/* the header shown: the base's, its message part named for the keys */
	const char *bh;
	size_t pre = ds_derived_header_prefix(base, &bh);
	size_t w = (size_t)snprintf(d->header, sizeof d->header, "%.*s{", (int)pre, bh);
	if (key[P_LEVEL] == LEVEL_PREFIX) {
		snprintf(d->header, sizeof d->header, "%.*s<%s>: <message> (the level on some lines only)", (int)pre, bh,
			 d->d.names[d->out_of[P_LEVEL]]);
		goto done;
	}
	for (int p = 0; p < NPARTS && w < sizeof d->header; p++)
		if (d->out_of[p] >= 0)
			w += (size_t)snprintf(d->header + w, sizeof d->header - w, "%s\"%s\": <%s>", w > pre + 1 ? ", " : "",
					      part_keys[p][key[p]], d->d.names[d->out_of[p]]);
	if (w < sizeof d->header)
		snprintf(d->header + w, sizeof d->header - w, "%s...}", w > pre + 1 ? ", " : "");
done:
	ds_derived_finish(&d->d, nf, msg, derived_split, d->header, load);
	return d;
}

const struct ds_reader *ds_jsonmsg_bind(const struct ds_reader *base, const char *sample, size_t n,
					int (*load)(const struct ds_source *, const struct ds_open_opts *,
						    struct ll_table **, struct ll_err *),
					struct ll_err *err)
{
	const struct ds_line_format *b = base->line;
	if (!b || b->message_field < 0)
		return base;
	size_t counts[NPARTS][8] = {{0}};
	size_t fit = 0, objects = 0, level_lines = 0, pos = 0, len;
	const char *line;
	struct ds_span f[DS_MAX_FIELDS], label;
	while (fit < 2000 && ds_source_next_line(sample, n, &pos, &line, &len)) {
		if (!ds_line_split(b, line, len, f, &label))
			continue;
		fit++;
		const struct ds_span *m = &f[b->message_field];
		const char *s = line + m->off;
		level_lines += level_prefix(s, m->len) > 0;
		if (!is_object(s, m->len))
			continue;
		objects++;
		struct ds_span key, val;
		size_t mp = 0;
		int seen[NPARTS] = {0};
		while (ds_json_member(s, m->len, &mp, &key, &val))
			for (int p = 0; p < NPARTS; p++) {
				int k = part_key((enum part)p, s + key.off, key.len);
				if (k >= 0 && !(seen[p] & (1 << k))) {
					seen[p] |= 1 << k;
					counts[p][k]++;
				}
			}
	}
	int has_time = 0;
	for (size_t k = 0; k < b->nfields; k++)
		has_time |= b->types[k] == LL_COL_TIME;
	int key[NPARTS], any = 0;
	if (!objects || objects * 2 < fit) {
		/* not records: perhaps key=value pairs (ds_kvmsg.h) */
		const struct ds_reader *kv = ds_kvmsg_bind(base, sample, n, load, err);
		if (kv != base)
			return kv;
		/* a level word with a colon that opens one message in ten is the
		 * level, when the header has none (the other lines write none:
		 * Slurm's "error: ..." among plain messages) */
		if (has_level_field(b) || level_lines * 10 < fit || level_lines < 5)
			return base;
		key[P_LEVEL] = LEVEL_PREFIX;
		key[P_TIME] = key[P_MESSAGE] = -1;
		goto intern;
	}
	/* a part's key is the one most records have, when half have it */
	for (int p = 0; p < NPARTS; p++) {
		key[p] = -1;
		size_t best = 0;
		for (int k = 0; part_keys[p][k]; k++)
			if (counts[p][k] > best) {
				best = counts[p][k];
				key[p] = k;
			}
		if (best * 2 < objects)
			key[p] = -1;
		/* a record's time beside the header's own is not read */
		any |= key[p] >= 0 && !(p == P_TIME && has_time);
	}
	if (!any)
		return base;
intern:
	pthread_mutex_lock(&derived_lock);
	for (struct derived *d = derived_list; d; d = d->next)
		if (same_keys(d, base, key)) {
			pthread_mutex_unlock(&derived_lock);
			return &d->d.reader;
		}
	struct derived *d = derive(base, key, load);
	if (d) {
		d->next = derived_list;
		derived_list = d;
	}
	pthread_mutex_unlock(&derived_lock);
	if (!d) {
		ll_err_set(err, LL_ENOMEM, "out of memory");
		return NULL;
	}
	return &d->d.reader;
}
