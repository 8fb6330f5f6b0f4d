/*
 * ds_stanza.c - the "stanza" reader: records of "Key: value" lines
 * (ds_stanza.h), a row per record and a column per key.
 *
 * One walk over the lines serves the sniffer (which counts), the first
 * pass of the load (which names the columns) and the second (which writes
 * the records as CSV for the CSV loader, as the W3C reader does, so the
 * values are typed, dates and units read, as in any table).
 */
#include "ds_stanza.h"
#include "ds_csv.h"
#include "ds_line_map.h"
#include "ds_source.h"
#include "ds_textlog.h"
#include "ll_strbuf.h"
#include "ll_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEY 40
#define MAX_KEYS 256
/* a key's column and its rate's (nstat) */
#define MAX_COLS (2 * MAX_KEYS)

static int key_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || ds_is_digit(c) || c == ' ' || c == '_' ||
	       c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
}

int ds_stanza_pair(const char *s, size_t n, struct ds_span *key, struct ds_span *value)
{
	size_t i = 0;
	while (i < n && ds_is_blank(s[i]))
		i++;
	if (i == n || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
		return 0;
	size_t k = i, ke;
	while (i < n && s[i] != ':' && key_byte(s[i]) && i - k < MAX_KEY && !(s[i] == ' ' && s[i - 1] == ' '))
		i++;
	/* blanks that line the colons up (PowerShell's Format-List:
	 * "TimeCreated      : ...") */
	for (ke = i; i < n && ds_is_blank(s[i]); i++)
		;
	while (ke > k && s[ke - 1] == ' ')
		ke--;
	if (i == n || s[i] != ':' || (i + 1 < n && !ds_is_blank(s[i + 1]) && s[i + 1] != '\r'))
		return 0;
	key->off = k;
	key->len = ke - k;
	size_t v = i + 1, e = n;
	while (v < e && ds_is_blank(s[v]))
		v++;
	while (e > v && (ds_is_blank(s[e - 1]) || s[e - 1] == '\r'))
		e--;
	value->off = v;
	value->len = e - v;
	return 1;
}

/* a pair whose key starts the line: key [0, key_end), value [v, e) */
static int margin_pair(struct ds_span *key, size_t key_end, struct ds_span *value, size_t v, size_t e)
{
	key->off = 0;
	key->len = key_end;
	value->off = v;
	value->len = e - v;
	return 1;
}

/* A pair written tight, "key:value" with no blank after the colon, at the
 * margin (Redis's INFO): a letter, then up to 40 letters, digits and _.-,
 * the colon, the value to the end. A value's own colon must come after an
 * '=' in it ("master0:name=m,address=10.0.0.1:6379"): fields joined by
 * colons (/etc/passwd's "root:x:0:0:...") are no pair, nor a URL. */
static int tight_pair(const char *s, size_t n, struct ds_span *key, struct ds_span *value)
{
	if (!n || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	size_t i = 1;
	while (i < n && i <= MAX_KEY && (key_byte(s[i]) && s[i] != ' ' && s[i] != '/' && s[i] != '(' && s[i] != ')'))
		i++;
	if (i >= n || s[i] != ':' || i > MAX_KEY)
		return 0;
	size_t v = i + 1, e = n;
	while (e > v && (ds_is_blank(s[e - 1]) || s[e - 1] == '\r'))
		e--;
	if (v < e && (ds_is_blank(s[v]) || s[v] == '/'))
		return 0;
	int eq = 0;
	for (size_t q = v; q < e; q++) {
		eq |= s[q] == '=';
		if (s[q] == ':' && !eq)
			return 0;
	}
	return margin_pair(key, i, value, v, e);
}

/* The end of a number at s[i..n) (a sign, digits, a fraction, an
 * exponent), i when none. */
static size_t number_end(const char *s, size_t n, size_t i)
{
	size_t a = i + (i < n && (s[i] == '-' || s[i] == '+'));
	size_t d = a;
	while (d < n && ds_is_digit(s[d]))
		d++;
	if (d == a)
		return i;
	if (d + 1 < n && s[d] == '.' && ds_is_digit(s[d + 1]))
		for (d++; d < n && ds_is_digit(s[d]); d++)
			;
	if (d + 1 < n && (s[d] == 'e' || s[d] == 'E')) {
		size_t x = d + 1 + (s[d + 1] == '-' || s[d + 1] == '+');
		if (x < n && ds_is_digit(s[x]))
			for (d = x; d < n && ds_is_digit(s[d]); d++)
				;
	}
	return d;
}

/* A name and its number set apart by blanks, at the margin, maybe one
 * more number after it (nstat's "IpInReceives   123456   0.0", a rate;
 * /proc/vmstat's "nr_free_pages 123456"): a letter, then up to 40
 * letters, digits and _.-, blanks, the number; the value is the first
 * number, *rate the second when one follows (with a fraction: a rate;
 * len 0 when none). */
static int named_number(const char *s, size_t n, struct ds_span *key, struct ds_span *value, struct ds_span *rate)
{
	if (!n || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	size_t i = 1;
	while (i < n && i <= MAX_KEY && key_byte(s[i]) && s[i] != ' ' && s[i] != '/' && s[i] != '(' && s[i] != ')')
		i++;
	if (i >= n || i > MAX_KEY || !ds_is_blank(s[i]))
		return 0;
	size_t v = i;
	while (v < n && ds_is_blank(s[v]))
		v++;
	size_t e = number_end(s, n, v), x = e;
	if (e == v)
		return 0;
	while (x < n && (ds_is_blank(s[x]) || s[x] == '\r'))
		x++;
	rate->off = rate->len = 0;
	if (x < n) {
		size_t f = number_end(s, n, x), r = f;
		/* a rate has its fraction ("0.0"); a whole second number is
		 * Graphite's "path value epoch", a series over time */
		if (f == x || x == e || !memchr(s + x, '.', f - x))
			return 0;
		while (f < n && (ds_is_blank(s[f]) || s[f] == '\r'))
			f++;
		if (f < n)
			return 0;
		rate->off = x;
		rate->len = r - x;
	}
	return margin_pair(key, i, value, v, e);
}

struct walk {
	/* tight: 1, pairs may be "key:value" (tight_pair); 2, they may be
	 * a name and its number (named_number); either way lines that open
	 * with '#' at the margin are a section's title inside the record
	 * ("# Memory" of Redis's INFO, nstat's "#kernel"), left out
	 * (sections) */
	int tight;
	size_t sections;
	size_t extras; /* named numbers with a second number after (a rate) */
	size_t titles; /* keys with no value read as the title of the record below (among others) */
	/* the columns: keys in the order first met */
	const char *name[MAX_COLS];
	size_t name_len[MAX_COLS];
	unsigned char rate[MAX_COLS]; /* the column of a name's second number: "NAME rate" */
	size_t nrates;
	size_t ncols;
	int emit; /* write rows (the columns are known) */
	struct ll_strbuf *out;
	/* the file's line of each line written: a row's lines are its
	 * record's first line, the names' line the first record's */
	struct ds_line_map map;
	size_t rec_line, first_rec_line;
	struct ll_strbuf val[MAX_COLS];
	unsigned char set[MAX_COLS];
	/* counts */
	size_t records, pairs, conts, others, too_many;
	size_t dups; /* pairs whose key the record has already (left out) */
	/* lines between records that are a dated stamp alone (date(1) before
	 * each `cat /proc/meminfo` of a loop): they date the records after
	 * them, in a column "time" (time_col, -1: none) */
	size_t stamps;
	int time_col;
	const char *stamp;
	size_t stamp_len;
};

static int find_col(struct walk *w, const char *k, size_t n, int rate, int add)
{
	for (size_t c = 0; c < w->ncols; c++)
		if (w->name_len[c] == n && w->rate[c] == rate && memcmp(w->name[c], k, n) == 0)
			return (int)c;
	if (!add)
		return -1;
	if (w->ncols == MAX_COLS || (!rate && w->ncols - w->nrates == MAX_KEYS)) {
		w->too_many++;
		return -1;
	}
	w->name[w->ncols] = k;
	w->name_len[w->ncols] = n;
	w->rate[w->ncols] = (unsigned char)rate;
	w->nrates += (size_t)rate;
	return (int)w->ncols++;
}

static void end_record(struct walk *w)
{
	size_t from = w->emit ? w->out->len : 0;
	w->records++;
	for (size_t c = 0; c < w->ncols; c++) {
		if (w->emit) {
			if (c)
				ll_strbuf_add(w->out, ",", 1);
			if (w->set[c])
				ds_csv_put_quoted(w->out, w->val[c].s ? w->val[c].s : "", w->val[c].len);
		}
		w->set[c] = 0;
		w->val[c].len = 0;
	}
	if (w->emit) {
		ll_strbuf_add(w->out, "\n", 1);
		if (!w->out->oom)
			ds_line_map_add(&w->map, w->out->s + from, w->out->len - from, w->rec_line);
	}
}

static int line_pair(const struct walk *w, const char *s, size_t n, struct ds_span *k, struct ds_span *v,
		     struct ds_span *rate)
{
	rate->off = rate->len = 0;
	return ds_stanza_pair(s, n, k, v) || (w->tight == 1 && tight_pair(s, n, k, v)) ||
	       (w->tight == 2 && named_number(s, n, k, v, rate));
}

/* 1 when the next line that is not blank, from pos, is a pair indented
 * past indent. */
static int title_above(const struct walk *w, const char *data, size_t size, size_t pos, size_t indent)
{
	const char *s;
	size_t len;
	struct ds_span k, v, rate;
	while (ds_source_next_line(data, size, &pos, &s, &len)) {
		size_t a = 0;
		while (a < len && (ds_is_blank(s[a]) || s[a] == '\r'))
			a++;
		if (a < len)
			return a > indent && line_pair(w, s, len, &k, &v, &rate);
	}
	return 0;
}

/* Walks data[0..size), at most max_lines lines (0: all). */
static void walk(struct walk *w, const char *data, size_t size, size_t max_lines)
{
	size_t pos = 0, len, lines = 0, lineno = 0;
	const char *s, *first = NULL;
	size_t first_len = 0;
	int open = 0, cont = -1, last = -1; /* last: the column of the pair above */
	size_t last_indent = 0;
	while (ds_source_next_line(data, size, &pos, &s, &len) && (!max_lines || lines++ < max_lines)) {
		lineno++;
		size_t a = 0;
		while (a < len && (ds_is_blank(s[a]) || s[a] == '\r'))
			a++;
		if (a == len) {
			cont = last = -1;
			continue;
		}
		struct ds_span k, v;
		if (w->tight && s[0] == '#') {
			w->sections++;
			cont = last = -1;
			continue;
		}
		/* a line indented past the key above, no pair: that value goes
		 * on (a value folded as in mail headers, Format-List's wrap) */
		struct ds_span rate;
		int pair = line_pair(w, s, len, &k, &v, &rate);
		w->extras += pair && rate.len;
		/* a key with no value above pairs indented past it, before a
		 * record, is the title of the record below ("NIC statistics:"
		 * of ethtool -S), no column; inside a record it stays a key
		 * (wevtutil's "Subject:" over its indented pairs) */
		if (pair && !open && !v.len && title_above(w, data, size, pos, a)) {
			pair = 0;
			w->titles++;
		}
		if (!pair && open && last >= 0 && a > last_indent)
			cont = last;
		if (pair) {
			w->pairs++;
			if (open && k.len == first_len && memcmp(s + k.off, first, k.len) == 0) {
				end_record(w);
				open = 0;
			}
			if (!open) {
				open = 1;
				w->rec_line = lineno;
				if (!w->first_rec_line)
					w->first_rec_line = lineno;
				first = s + k.off;
				first_len = k.len;
				if (w->time_col >= 0 && w->stamp) {
					w->set[w->time_col] = 1;
					if (w->emit)
						ll_strbuf_add(&w->val[w->time_col], w->stamp, w->stamp_len);
				}
			}
			int c = find_col(w, s + k.off, k.len, 0, !w->emit);
			cont = last = -1;
			last_indent = a;
			w->dups += c >= 0 && w->set[c];
			if (c >= 0 && !w->set[c]) {
				w->set[c] = 1;
				if (w->emit)
					ll_strbuf_add(&w->val[c], s + v.off, v.len);
				cont = v.len ? -1 : c;
				last = c;
				/* nstat's rate: a column of its own beside the value */
				int rc = rate.len ? find_col(w, s + k.off, k.len, 1, !w->emit) : -1;
				if (rc >= 0 && !w->set[rc]) {
					w->set[rc] = 1;
					if (w->emit)
						ll_strbuf_add(&w->val[rc], s + rate.off, rate.len);
				}
			}
		} else if (open && cont >= 0) {
			w->conts++;
			size_t e = len;
			while (e > a && (ds_is_blank(s[e - 1]) || s[e - 1] == '\r'))
				e--;
			if (w->emit) {
				if (w->val[cont].len)
					ll_strbuf_add(&w->val[cont], "\n", 1);
				ll_strbuf_add(&w->val[cont], s + a, e - a);
			}
		} else {
			/* a title or a rule between records, or the stamp of
			 * the records after it */
			w->others++;
			size_t e = len;
			double t;
			while (e > a && (ds_is_blank(s[e - 1]) || s[e - 1] == '\r'))
				e--;
			if (ll_time_parse_year(s + a, e - a, 1970, &t)) {
				w->stamps++;
				w->stamp = s + a;
				w->stamp_len = e - a;
			}
			last = -1;
			if (open)
				end_record(w);
			open = 0;
		}
	}
	if (open)
		end_record(w);
}

static void walk_free(struct walk *w)
{
	for (size_t c = 0; c < MAX_COLS; c++)
		ll_strbuf_free(&w->val[c]);
	ds_line_map_free(&w->map);
}

/* Records of three keys and more on average, most lines pairs, and no
 * more other lines than a title per record and a banner, besides a
 * stamp alone above each (date; ethtool -S eth0, in a loop). One record alone
 * (a snapshot: /proc/meminfo, /proc/PID/status, lscpu) is one row when it
 * is the file: MIN_ONE_KEYS keys and more, each once, nine lines in ten
 * pairs (a key's title above them aside), at most a title and a banner
 * besides. */
#define MIN_ONE_KEYS 6
static int stanza_like(const struct walk *w)
{
	size_t lines = w->pairs + w->conts + w->others;
	/* names and numbers under a line of words are a table's rows under
	 * its header ("Name Count"), no record */
	if (w->tight == 2 && w->others > w->stamps)
		return 0;
	if (w->records == 1)
		return w->ncols - w->nrates >= MIN_ONE_KEYS && !w->dups && w->pairs * 10 >= (lines - w->titles) * 9 && w->others <= 2 &&
		       !w->too_many;
	return w->records >= 2 && w->ncols - w->nrates >= 3 && w->pairs >= 3 * w->records && w->pairs * 2 >= lines &&
	       w->others <= w->records + 2 + w->stamps && !w->too_many;
}

/* How data[0..size) reads as records (at most max_lines lines, 0: all):
 * 0 of pairs with a blank after the colon, 1 of tight pairs too (with '#'
 * titles of sections, walk's tight), 2 of names and numbers too, -1 none.
 * Each is tried only on files the ones before do not make records of. */
static int stanza_mode(const char *data, size_t size, size_t max_lines)
{
	for (int tight = 0; tight < 3; tight++) {
		struct walk *w = calloc(1, sizeof *w);
		if (!w)
			return -1;
		w->time_col = -1;
		w->tight = tight;
		walk(w, data, size, max_lines);
		int like = stanza_like(w);
		walk_free(w);
		free(w);
		if (like)
			return tight;
	}
	return -1;
}

static int stanza_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (!n || !ds_looks_like_text(head, n))
		return 0;
	return stanza_mode(head, n, 2000) >= 0 ? 75 : 0;
}

static int stanza_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		       struct ll_err *err)
{
	*out = NULL;
	struct walk *w = calloc(1, sizeof *w);
	if (!w)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	w->time_col = -1;
	int mode = stanza_mode(src->data, src->size, 0);
	w->tight = mode > 0 ? mode : 0;
	walk(w, src->data, src->size, 0);
	int rc = LL_OK;
	/* a stamp above every record (the first may have none): a time column,
	 * unless a key has that name */
	if (w->records && w->stamps && w->stamps + 1 >= w->records && w->stamps <= w->records && find_col(w, "time", 4, 0, 0) < 0)
		w->time_col = find_col(w, "time", 4, 0, 1);
	w->stamp = NULL;
	if (!w->records)
		rc = ll_err_set(err, LL_EDATA, "%s:1: no records of \"Key: value\" lines", src->path);
	struct ll_strbuf b = {0};
	if (rc == LL_OK) {
		size_t records = w->records, others = w->others, too_many = w->too_many, stamps = 0, sections = w->sections;
		size_t extras = w->extras;
		if (w->time_col >= 0) {
			stamps = w->stamps;
			others -= stamps;
		}
		for (size_t c = 0; c < w->ncols; c++) {
			if (c)
				ll_strbuf_add(&b, ",", 1);
			if (w->rate[c]) {
				struct ll_strbuf nm = {0};
				ll_strbuf_add(&nm, w->name[c], w->name_len[c]);
				ll_strbuf_add(&nm, " rate", 5);
				ds_csv_put_quoted(&b, nm.s ? nm.s : "", nm.len);
				b.oom |= nm.oom;
				ll_strbuf_free(&nm);
			} else {
				ds_csv_put_quoted(&b, w->name[c], w->name_len[c]);
			}
		}
		ll_strbuf_add(&b, "\n", 1);
		ds_line_map_add(&w->map, "\n", 1, w->first_rec_line);
		w->emit = 1;
		w->out = &b;
		w->records = w->pairs = w->conts = w->others = w->stamps = w->sections = w->titles = 0;
		walk(w, src->data, src->size, 0);
		if (b.oom || w->map.oom) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		} else {
			struct ds_source part = ds_source_made_from(src, b.s, b.len, &w->map);
			rc = ds_csv_load_generic(&part, opts, 0, out, err);
		}
		const char *name = ds_csv_basename(src->path);
		const char *shape = mode == 2 ? "\"name number\"" : "\"Key: value\"";
		if (rc == LL_OK &&
		    ((records == 1 ? ll_table_note(*out, "%s: one record of %zu %s lines (a snapshot): a row, a column per key",
						   name, w->ncols - w->nrates - (w->time_col >= 0), shape)
				   : ll_table_note(*out, "%s: %zu records of %s lines, a row each", name, records, shape)) != LL_OK ||
		     (others && ll_table_note(*out, "%s: %zu line%s between the records (titles, rules) left out", name,
					      others, others == 1 ? "" : "s") != LL_OK) ||
		     (stamps && ll_table_note(*out, "%s: %zu line%s of a stamp alone between the records date%s the records "
						     "after %s (column time)",
					      name, stamps, stamps == 1 ? "" : "s", stamps == 1 ? "s" : "", stamps == 1 ? "it" : "them") != LL_OK) ||
		     (extras && ll_table_note(*out, "%s: %zu second number%s after a name's value (a rate): column%s 'NAME rate'",
					      name, extras, extras == 1 ? "" : "s", w->nrates == 1 ? "" : "s") != LL_OK) ||
		     (sections && ll_table_note(*out, "%s: %zu line%s of a section's title (\"# ...\") inside the records left "
						       "out", name, sections, sections == 1 ? "" : "s") != LL_OK) ||
		     (too_many && ll_table_note(*out, "%s: keys past the first %d left out", name, MAX_KEYS) != LL_OK))) {
			ll_table_free(*out);
			*out = NULL;
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
		}
	}
	ll_strbuf_free(&b);
	walk_free(w);
	free(w);
	return rc;
}

const struct ds_reader ds_stanza_reader = {
	.name = "stanza",
	.summary = "records of \"Key: value\" lines (wevtutil's text, Format-List, mysql's \\G rows, dpkg -s): a row "
		   "per record, a column per key",
	.sniff = stanza_sniff,
	.load = stanza_load,
	.line = NULL,
};
