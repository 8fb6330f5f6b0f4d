/*
 * ds_kvmsg.c - a line reader whose messages end in key=value pairs, read
 * as a column per key (ds_kvmsg.h).
 */
#include "ds_kvmsg.h"
#include "ds_csv.h"
#include "ds_derived.h"
#include "ds_units.h"
#include "ll_time.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- scanning pairs ---- */

static int blank(char c) { return c == ' ' || c == '\t'; }

/* s[a..b) without its blanks at either end. */
static void trim_blanks(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && blank(s[*a]))
		++*a;
	while (*b > *a && blank(s[*b - 1]))
		--*b;
}

static int key_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@';
}

static int key_char(char c)
{
	return key_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '/';
}

/* Past the quoted text that opens at s[i] ('"', or '\'' as auditd quotes
 * a message of pairs), or 0 when it does not end. */
static size_t quoted_end(const char *s, size_t n, size_t i)
{
	for (size_t k = i + 1; k < n; k++) {
		if (s[k] == '\\')
			k++;
		else if (s[k] == s[i])
			return k + 1;
	}
	return 0;
}

static int quote(char c) { return c == '"' || c == '\''; }

/* Past the unit of a number that ends at s[end] and opens at s[v], when
 * one blank and a unit follow it ("time=0.045 ms", "read=3 MiB", as ping
 * and people write them): a unit of time below minutes (s, ms, us, ns) or
 * a size with its B ("KiB", "MB"); end itself else. The letters alone
 * (d, h, m, k, g) say too little beside a number. */
static size_t unit_after(const char *s, size_t n, size_t v, size_t end)
{
	double x;
	if (end + 1 >= n || s[end] != ' ' || !ll_parse_number(s + v, end - v, &x))
		return end;
	size_t u = end + 1, e = u;
	while (e < n && !blank(s[e]) && s[e] != '=' && s[e] != '"')
		e++;
	if (e < n && !blank(s[e]))
		return end; /* a pair, or a quoted text */
	double t = ll_units_time_unit(s + u, e - u);
	struct ll_units_size_form f;
	double b = ll_units_size_unit(s + u, e - u, &f);
	return (t && t <= 1) || (b && !f.bare) ? e : end;
}

/* The pair at s[i] (no blank there): key, value and the index past it,
 * which is the end or a blank; 0 when the text there is no pair. */
static size_t pair_at(const char *s, size_t n, size_t i, struct ds_span *key, struct ds_span *val)
{
	size_t k = i;
	if (k >= n || !key_start(s[k]))
		return 0;
	while (k < n && key_char(s[k]))
		k++;
	if (k >= n || s[k] != '=' || k - i > 64)
		return 0;
	key->off = i;
	key->len = k - i;
	size_t v = k + 1, end;
	if (v < n && quote(s[v])) {
		if (!(end = quoted_end(s, n, v)))
			return 0;
		val->off = v + 1;
		val->len = end - v - 2;
		/* pairs joined by ", " ("to=<a@b>, relay=mx, status=sent",
		 * as mail servers write them): the comma is no value's */
		if (end + 1 < n && s[end] == ',' && blank(s[end + 1]))
			end++;
	} else {
		end = v;
		/* an apostrophe inside a bare value is text (user=o'brien) */
		while (end < n && !blank(s[end]) && s[end] != '"')
			end++;
		val->off = v;
		val->len = end - v;
		end = unit_after(s, n, v, end);
		val->len = end - v;
		if (end < n && val->len && s[end - 1] == ',')
			val->len--;
	}
	return end < n && !blank(s[end]) ? 0 : end;
}

size_t ds_kv_pairs(const char *s, size_t n, struct ds_span *lead, struct ds_span *keys, struct ds_span *values,
		   size_t cap)
{
	/* one pass over the message's tokens (words, quoted strings, pairs):
	 * the pairs are the run of them that reaches the end */
	size_t at = 0, count = 0;
	int in_run = 0;
	for (size_t i = 0;;) {
		while (i < n && blank(s[i]))
			i++;
		if (i >= n)
			break;
		struct ds_span k, v;
		size_t end = pair_at(s, n, i, &k, &v);
		if (end) {
			if (!in_run) {
				at = i;
				count = 0;
				in_run = 1;
			}
			count++;
			i = end;
			continue;
		}
		in_run = 0;
		if (quote(s[i])) {
			size_t e = quoted_end(s, n, i);
			i = e ? e : n;
		} else {
			while (i < n && !blank(s[i]))
				i++;
		}
	}
	size_t a = 0, b = in_run ? at : n;
	trim_blanks(s, &a, &b);
	if (b - a >= 2 && quote(s[a]) && quoted_end(s, b, a) == b) {
		a++;
		b--;
	}
	lead->off = a;
	lead->len = b - a;
	if (!in_run)
		return 0;
	for (size_t i = at, got = 0; got < count && got < cap; got++) {
		while (i < n && blank(s[i]))
			i++;
		i = pair_at(s, n, i, &keys[got], &values[got]);
	}
	return count;
}

/* A CEF value runs to end, less the blanks before it (those before the
 * next key, or the line's last). */
static void value_ends_at(const char *s, struct ds_span *value, size_t end)
{
	while (end > value->off && blank(s[end - 1]))
		end--;
	value->len = end - value->off;
}

size_t ds_kv_pairs_extension(const char *s, size_t n, struct ds_span *lead, struct ds_span *keys,
			     struct ds_span *values, size_t cap)
{
	/* a key opens the text or follows a blank; its value is everything
	 * up to the blank before the next key (an '=' inside a value is
	 * written "\=", so it opens no key) */
	size_t count = 0, first = n;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && !blank(s[i - 1]))
			continue;
		if (!key_start(s[i]))
			continue;
		size_t k = i;
		while (k < n && key_char(s[k]))
			k++;
		if (k >= n || s[k] != '=' || k - i > 64)
			continue;
		if (count == 0)
			first = i;
		if (count > 0 && count <= cap)
			value_ends_at(s, &values[count - 1], i); /* the value before */
		if (count < cap) {
			keys[count].off = i;
			keys[count].len = k - i;
			values[count].off = k + 1;
			values[count].len = 0;
		}
		count++;
		i = k;
	}
	if (count > 0 && count <= cap)
		value_ends_at(s, &values[count - 1], n);
	size_t a = 0, b = first;
	trim_blanks(s, &a, &b);
	lead->off = a;
	lead->len = b - a;
	return count;
}

/* Where the delimiter delim[0..dlen) next starts in s[a..n), n when it
 * does not. */
static size_t delimiter_at(const char *s, size_t n, size_t a, const char *delim, size_t dlen)
{
	for (size_t i = a; i + dlen <= n; i++)
		if (memcmp(s + i, delim, dlen) == 0)
			return i;
	return n;
}

size_t ds_kv_pairs_delimited(const char *s, size_t n, const char *delim, size_t dlen, struct ds_span *lead,
			     struct ds_span *keys, struct ds_span *values, size_t cap)
{
	/* each piece between delimiters that opens with a key and '=' is a
	 * pair, its value the rest of the piece, blanks inside kept; pieces
	 * before the first pair are the lead, any after it are left out */
	size_t count = 0, lead_end = n;
	for (size_t a = 0; dlen && a <= n;) {
		size_t b = delimiter_at(s, n, a, delim, dlen);
		size_t i = a, e = b;
		trim_blanks(s, &i, &e);
		size_t k = i;
		if (k < e && key_start(s[k]))
			while (k < e && key_char(s[k]))
				k++;
		if (k > i && k < e && s[k] == '=' && k - i <= 64) {
			if (count == 0)
				lead_end = a;
			if (count < cap) {
				keys[count].off = i;
				keys[count].len = k - i;
				size_t v = k + 1;
				while (v < e && blank(s[v]))
					v++;
				values[count].off = v;
				values[count].len = e - v;
			}
			count++;
		}
		a = b + dlen;
	}
	size_t a = 0, b = lead_end;
	if (dlen && b < n && b >= dlen && memcmp(s + b - dlen, delim, dlen) == 0)
		b -= dlen; /* the delimiter before the first pair */
	trim_blanks(s, &a, &b);
	lead->off = a;
	lead->len = b - a;
	return count;
}

/* ---- the keys that make columns ---- */

#define KV_SAMPLE_KEYS 64 /* distinct keys counted over the sample */
#define KV_LINE_PAIRS 64  /* pairs read from one message */

static int message_key(const char *s, size_t n)
{
	return (n == 3 && strncasecmp(s, "msg", 3) == 0) || (n == 7 && strncasecmp(s, "message", 7) == 0);
}

/* How a message's pairs are written: logfmt's rule, a CEF extension's, or
 * a LEEF event's attributes, which are split by the event's delimiter (a
 * tab in LEEF 1.0, or rsyslog's "#011" for it; the header's delimiter field
 * in 2.0) and read by CEF's rule when a relay turned that delimiter into
 * blanks. */
enum { EXT_NONE, EXT_CEF, EXT_LEEF };

/* The pairs of message s[0..n) into keys/values (at most cap, the count
 * returned), the text before them in *lead: ds_kv_pairs() (a CEF
 * extension: ds_kv_pairs_extension(); LEEF attributes: ds_kv_pairs_delimited()
 * by delim when the message holds it), and when the value of "msg" or
 * "message" is pairs itself (auditd's msg='op=login res=failed'), its pairs
 * after the others. */
static size_t message_pairs(const char *s, size_t n, int extension, char delim, struct ds_span *lead,
			    struct ds_span *keys, struct ds_span *values, size_t cap)
{
	/* (rsyslog writes a tab it receives as "#011", its octal escape) */
	size_t split = 0;
	if (extension == EXT_LEEF && delim && memchr(s, delim, n))
		split = ds_kv_pairs_delimited(s, n, &delim, 1, lead, keys, values, cap);
	else if (extension == EXT_LEEF && delim == '\t' && delimiter_at(s, n, 0, "#011", 4) < n)
		split = ds_kv_pairs_delimited(s, n, "#011", 4, lead, keys, values, cap);
	if (!split && extension)
		split = ds_kv_pairs_extension(s, n, lead, keys, values, cap);
	if (extension)
		return split > cap ? cap : split;
	size_t np = ds_kv_pairs(s, n, lead, keys, values, cap);
	if (np > cap)
		np = cap;
	for (size_t p = 0, outer = np; p < outer; p++) {
		if (!message_key(s + keys[p].off, keys[p].len))
			continue;
		struct ds_span inner_lead;
		size_t off = values[p].off;
		size_t more = ds_kv_pairs(s + off, values[p].len, &inner_lead, keys + np, values + np, cap - np);
		if (!more || inner_lead.len)
			break;
		if (more > cap - np)
			more = cap - np;
		for (size_t q = np; q < np + more; q++) {
			keys[q].off += off;
			values[q].off += off;
		}
		np += more;
		break;
	}
	return np;
}

struct key_stat {
	char name[65];
	size_t lines, values, numbers, times;
	size_t epochs; /* numbers that read as epoch seconds or milliseconds of 1990-2100 */
	struct ds_units_tally units; /* values written with units ("12.3ms") */
	size_t first; /* the order it was first seen in */
};

static struct key_stat *key_find(struct key_stat *ks, size_t *nk, const char *s, size_t n)
{
	for (size_t i = 0; i < *nk; i++)
		if (strlen(ks[i].name) == n && memcmp(ks[i].name, s, n) == 0)
			return &ks[i];
	if (*nk == KV_SAMPLE_KEYS || n >= sizeof ks[0].name)
		return NULL;
	struct key_stat *k = &ks[(*nk)++];
	memset(k, 0, sizeof *k);
	memcpy(k->name, s, n);
	k->name[n] = '\0';
	k->first = *nk;
	return k;
}

/* The unit a key's values are written with (ds_units.h), when numbers
 * alone do not read them. */
static int key_units(const struct key_stat *k)
{
	return k->values && k->numbers < k->values ? ds_units_tally_kind_named(&k->units, k->name) : DS_UNITS_NONE;
}

/* A key's column type: numbers or times when every sampled value is one,
 * numbers too when they are written with units; epochs under a clock's
 * name ("start_time=1765000100") or of when a thing was made or changed
 * ("created=", "updated_at=") are times, as in a CSV's columns and a JSON
 * record's members. */
static enum ll_coltype key_type(const struct key_stat *k, int extension)
{
	/* (a CEF extension's "rt" is the event's receipt time, in epoch
	 * milliseconds or "MMM dd yyyy HH:mm:ss") */
	int clock = ds_csv_time_name(k->name) || ds_csv_event_name(k->name) ||
		    (extension == EXT_CEF && strcmp(k->name, "rt") == 0);
	if (k->values && k->numbers == k->values && k->epochs == k->values && clock)
		return LL_COL_TIME;
	if ((k->values && k->numbers == k->values) || key_units(k) != DS_UNITS_NONE)
		return LL_COL_NUM;
	return k->values && k->times == k->values ? LL_COL_TIME : LL_COL_TEXT;
}

static int by_use(const void *a, const void *b)
{
	const struct key_stat *x = a, *y = b;
	if (x->lines != y->lines)
		return x->lines < y->lines ? 1 : -1;
	return (x->first > y->first) - (x->first < y->first);
}

/* ---- derived readers ---- */

struct kv_reader {
	struct ds_derived d;          /* first: the line format's ctx */
	char keys[DS_MAX_FIELDS][65]; /* the key a field holds, "" for the others */
	int extension;                /* EXT_CEF, EXT_LEEF (event_extension) or EXT_NONE */
	int delim_field;              /* a LEEF 2.0 event's delimiter field, -1 for none */
	size_t keylen[DS_MAX_FIELDS]; /* its length: every line's pairs are matched against them */
	char signature[DS_MAX_FIELDS * 72];
	/* the base's header and " key=<column>" for each pair (a key of 64
	 * bytes, a name of 72): whole for the most fields a line holds */
	char header[512 + DS_MAX_FIELDS * 140];
	char note[LL_ERR_MSG_MAX];
	struct kv_reader *next;
};

/* A LEEF event's delimiter: the tab of LEEF 1.0 (field NULL), or the
 * character LEEF 2.0's delimiter field names, as itself ("^") or in hex
 * ("x5E", "0x5E"); 0 for other events and for a field that names none. */
static char leef_delimiter(const char *line, int extension, const struct ds_span *field)
{
	if (extension != EXT_LEEF)
		return 0;
	if (!field)
		return '\t';
	const char *v = line + field->off;
	size_t n = field->len;
	if (n == 1)
		return v[0];
	if (n > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		v++;
		n--;
	}
	if (n < 2 || n > 3 || (v[0] != 'x' && v[0] != 'X'))
		return 0;
	unsigned x = 0;
	for (size_t i = 1; i < n; i++) {
		char c = v[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
			     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
						    : 16u;
		if (d > 15)
			return 0;
		x = x * 16 + d;
	}
	return x > 0 && x < 128 ? (char)x : 0;
}

static pthread_mutex_t kv_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kv_reader *kv_list;

static int kv_split(const struct ds_line_format *fmt, const char *line, size_t len, struct ds_span *f,
		    struct ds_span *label)
{
	const struct kv_reader *d = fmt->ctx;
	struct ds_span m, lead, keys[KV_LINE_PAIRS], vals[KV_LINE_PAIRS];
	if (!ds_derived_split_base(&d->d, line, len, f, label, &m))
		return 0;
	size_t msg = (size_t)fmt->message_field;
	f[msg] = m;
	const char *s = line + m.off;
	char delim = leef_delimiter(line, d->extension, d->delim_field < 0 ? NULL : &f[d->delim_field]);
	size_t np = message_pairs(s, m.len, d->extension, delim, &lead, keys, vals, KV_LINE_PAIRS);
	int named = 0;
	for (size_t p = 0; p < np; p++) {
		const char *k = s + keys[p].off;
		if (message_key(k, keys[p].len) && !named) {
			f[msg].off = m.off + vals[p].off;
			f[msg].len = vals[p].len;
			named = 1;
			continue;
		}
		for (size_t c = 0; c < fmt->nfields; c++)
			if (d->keylen[c] == keys[p].len && memcmp(d->keys[c], k, keys[p].len) == 0) {
				f[c].off = m.off + vals[p].off;
				f[c].len = vals[p].len;
				break;
			}
	}
	if (np && !named && lead.len) {
		f[msg].off = m.off + lead.off;
		f[msg].len = lead.len;
	}
	return 1;
}

/* A column's name for key: the key, or "kv.<key>" when a column of the
 * table has that name already (a field of base, the line, the message). */
static const char *column_name(const struct ds_line_format *b, const char *key, char *buf, size_t cap)
{
	int taken = strcasecmp(key, "line") == 0 || strcasecmp(key, "message") == 0;
	for (size_t k = 0; k < b->nfields && !taken; k++)
		taken = strcasecmp(b->names[k], key) == 0;
	if (!taken)
		return key;
	snprintf(buf, cap, "kv.%s", key);
	return buf;
}

/* fmt's note: the base's own, then the keys read with units, as
 * ds_units_columns words it (the base's fields with units are in its
 * note already). */
static void units_note(struct kv_reader *d, const char *base_note)
{
	unsigned char own[DS_MAX_FIELDS];
	for (size_t f = 0; f < d->d.fmt.nfields; f++)
		own[f] = d->d.from_base[f] < 0 ? d->d.units[f] : 0;
	if (ds_units_fields_note(d->note, sizeof d->note, base_note, d->d.names, own, d->d.fmt.nfields) ||
	    (base_note && *base_note))
		d->d.fmt.note = d->note;
}

/* EXT_CEF when base's message is the extension of a CEF event (its header
 * ends in the CEF header's fields, ds_header_cef): values there are unquoted
 * and hold blanks ("msg=Admin accessed the console"), up to the next key;
 * EXT_LEEF for a LEEF event's attributes, EXT_NONE else. */
static int event_extension(const struct ds_line_format *b)
{
	if (b->header && strstr(b->header, "CEF:<cef_version>|"))
		return EXT_CEF;
	if (b->header && strstr(b->header, "LEEF:<leef_version>|"))
		return EXT_LEEF;
	return EXT_NONE;
}

/* The field of base that holds a LEEF 2.0 event's delimiter, -1 for none
 * (LEEF 1.0's delimiter is the tab). */
static int base_delim_field(const struct ds_line_format *b, int extension)
{
	if (extension != EXT_LEEF || !b->header || !strstr(b->header, "|<delimiter>|"))
		return -1;
	for (size_t k = 0; k < b->nfields; k++)
		if (strcmp(b->names[k], "delimiter") == 0)
			return (int)k;
	return -1;
}

static struct kv_reader *derive(const struct ds_reader *base, const struct key_stat *ks, size_t nk, int keyed,
				int extension, const char *signature,
				int (*load)(const struct ds_source *, const struct ds_open_opts *, struct ll_table **,
					    struct ll_err *))
{
	const struct ds_line_format *b = base->line;
	struct kv_reader *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->extension = extension;
	snprintf(d->signature, sizeof d->signature, "%s", signature);
	size_t nf = ds_derived_base_fields(&d->d, base, 1);
	int delim_base = base_delim_field(b, extension);
	d->delim_field = -1;
	for (size_t k = 0; k < nf && delim_base >= 0; k++)
		if (d->d.from_base[k] == delim_base)
			d->delim_field = (int)k;
	for (size_t i = 0; i < nk; i++) {
		char buf[72];
		snprintf(d->keys[nf], sizeof d->keys[nf], "%s", ks[i].name);
		char *copy = strdup(column_name(b, ks[i].name, buf, sizeof buf));
		if (!copy) {
			for (size_t j = 0; j < nf; j++)
				if (d->d.from_base[j] < 0)
					free((char *)d->d.names[j]);
			free(d);
			return NULL;
		}
		d->keylen[nf] = strlen(ks[i].name);
		nf = ds_derived_add(&d->d, nf, copy, key_type(&ks[i], extension));
		d->d.units[nf - 1] = (unsigned char)key_units(&ks[i]);
	}
	size_t msg = nf;
	nf = ds_derived_add(&d->d, nf, "message", LL_COL_TEXT);
	/* the header shown: the base's as it splits the line, then the pairs
	 * its message is read as */
	const char *bh;
	ds_derived_header_prefix(base, &bh);
	size_t w = (size_t)snprintf(d->header, sizeof d->header, "%s (the message's pairs, in any order:%s", bh,
				    keyed ? " msg=<message>" : "");
	for (size_t k = 0; k < nf && w < sizeof d->header; k++)
		if (d->keys[k][0])
			w += (size_t)snprintf(d->header + w, sizeof d->header - w, " %s=<%s>", d->keys[k], d->d.names[k]);
	if (w < sizeof d->header)
		snprintf(d->header + w, sizeof d->header - w, ")");
	ds_derived_finish(&d->d, nf, msg, kv_split, d->header, load);
	units_note(d, b->note);
	return d;
}

const struct ds_reader *ds_kvmsg_bind(const struct ds_reader *base, const char *sample, size_t n,
				      int (*load)(const struct ds_source *, const struct ds_open_opts *,
						  struct ll_table **, struct ll_err *),
				      struct ll_err *err)
{
	const struct ds_line_format *b = base->line;
	if (!b || b->message_field < 0)
		return base;
	struct key_stat *ks = calloc(KV_SAMPLE_KEYS, sizeof *ks);
	if (!ks) {
		ll_err_set(err, LL_ENOMEM, "out of memory");
		return NULL;
	}
	size_t nk = 0, fit = 0, with_pairs = 0, keyed = 0, pos = 0, len;
	int extension = event_extension(b), delim_field = base_delim_field(b, extension);
	const char *line;
	struct ds_span f[DS_MAX_FIELDS], label, lead, keys[KV_LINE_PAIRS], vals[KV_LINE_PAIRS];
	while (fit < 2000 && ds_source_next_line(sample, n, &pos, &line, &len)) {
		if (!ds_line_split(b, line, len, f, &label))
			continue;
		fit++;
		const char *s = line + f[b->message_field].off;
		char delim = leef_delimiter(line, extension, delim_field < 0 ? NULL : &f[delim_field]);
		size_t np = message_pairs(s, f[b->message_field].len, extension, delim, &lead, keys, vals, KV_LINE_PAIRS);
		if (!np)
			continue;
		with_pairs++;
		int named = 0;
		for (size_t p = 0; p < np; p++) {
			const char *k = s + keys[p].off, *v = s + vals[p].off;
			if (message_key(k, keys[p].len)) {
				named = 1;
				continue;
			}
			int again = 0; /* a key given twice in a message counts once */
			for (size_t q = 0; q < p && !again; q++)
				again = keys[q].len == keys[p].len && memcmp(s + keys[q].off, k, keys[p].len) == 0;
			struct key_stat *st = again ? NULL : key_find(ks, &nk, k, keys[p].len);
			if (!st)
				continue;
			st->lines++;
			if (!vals[p].len)
				continue;
			double x;
			int number = ll_parse_number(v, vals[p].len, &x);
			st->values++;
			st->numbers += number;
			st->epochs += number && ds_csv_event_epoch(x, &(double){0});
			st->times += !number && ll_time_parse_year(v, vals[p].len, 1970, &x);
			ds_units_tally_add(&st->units, v, vals[p].len);
		}
		keyed += named;
	}
	const struct ds_reader *out = base;
	/* a short sample is believed when every line has pairs (a logfmt
	 * snippet of three or four lines whose keys come in two orders,
	 * which a header of one order cannot read) */
	if (fit < 3 || (fit < 5 && with_pairs < fit) || with_pairs * 2 < fit)
		goto done;
	/* a key of one message with pairs in fifty or more (an error's err=
	 * is on few lines and the one a triage reads), most used first, as
	 * many as the fields allow; one named like a field of the line is
	 * another value ("time=0.045 ms" after a header's time, ping -D; an
	 * audited "pid=" after syslog's program[pid]): kv.<key> (column_name) */
	qsort(ks, nk, sizeof *ks, by_use);
	size_t room = DS_MAX_FIELDS - b->nfields, take = 0;
	for (size_t i = 0; i < nk && take < room; i++) {
		if (ks[i].lines * 50 < with_pairs || ks[i].lines < 2)
			continue;
		ks[take++] = ks[i];
	}
	int by_key = keyed * 2 >= with_pairs;
	if (!take && !by_key)
		goto done;
	char signature[sizeof ((struct kv_reader *)0)->signature];
	size_t w = (size_t)snprintf(signature, sizeof signature, "%d", by_key);
	for (size_t i = 0; i < take && w < sizeof signature; i++)
		w += (size_t)snprintf(signature + w, sizeof signature - w, "|%s:%d%d", ks[i].name, (int)key_type(&ks[i], extension),
				      key_units(&ks[i]));
	pthread_mutex_lock(&kv_lock);
	struct kv_reader *d = kv_list;
	while (d && !(d->d.base == base && strcmp(d->signature, signature) == 0))
		d = d->next;
	if (!d && (d = derive(base, ks, take, by_key, extension, signature, load)) != NULL) {
		d->next = kv_list;
		kv_list = d;
	}
	pthread_mutex_unlock(&kv_lock);
	if (!d) {
		ll_err_set(err, LL_ENOMEM, "out of memory");
		out = NULL;
	} else {
		out = &d->d.reader;
	}
done:
	free(ks);
	return out;
}
