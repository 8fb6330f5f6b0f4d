/*
 * ds_textlog.c - the text-log reader family: its registry, the line cursor
 * and sniffing helpers every log format uses, and the two simplest
 * formats, plain lines and `label<TAB>line` files.
 *
 * Detection: each format's sniffer runs its own splitter over the first
 * lines and scores by the share that fit, so the most specific shapes
 * (BGL, Thunderbird, HDFS ...) score above syslog, syslog above labelled
 * lines, and plain lines (score 1) only catch what nothing else wants.
 * Scores stay at 0 for CSV and JSON, which the other families claim.
 */
#include "ds_textlog.h"
#include "ds_header.h"
#include "ds_kvmsg.h"
#include "ll_time.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- cursor ---- */

void ds_cur_init(struct ds_cur *c, const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && ds_is_blank(line[i]))
		i++;
	while (len > i && ds_is_blank(line[len - 1]))
		len--;
	c->s = line;
	c->i = i;
	c->n = len;
}

int ds_cur_blanks(struct ds_cur *c)
{
	size_t i = c->i;
	while (i < c->n && ds_is_blank(c->s[i]))
		i++;
	if (i == c->i || i == c->n)
		return 0;
	c->i = i;
	return 1;
}

int ds_cur_token(struct ds_cur *c, struct ds_span *sp)
{
	size_t i = c->i;
	while (i < c->n && !ds_is_blank(c->s[i]))
		i++;
	if (i == c->i)
		return 0;
	sp->off = c->i;
	sp->len = i - c->i;
	c->i = i;
	return 1;
}

int ds_cur_digits(struct ds_cur *c, struct ds_span *sp, int sign)
{
	struct ds_cur save = *c;
	if (!ds_cur_token(c, sp))
		return 0;
	size_t k = 0;
	if (sign && sp->len > 1 && c->s[sp->off] == '-')
		k = 1;
	for (; k < sp->len; k++)
		if (!ds_is_digit(c->s[sp->off + k])) {
			*c = save;
			return 0;
		}
	return 1;
}

int ds_cur_field(struct ds_cur *c, struct ds_span *sp, int last)
{
	struct ds_cur save = *c;
	if (!ds_cur_token(c, sp))
		return 0;
	if (last && c->i == c->n)
		return 1;
	if (!ds_cur_blanks(c)) {
		*c = save;
		return 0;
	}
	return 1;
}

void ds_cur_rest(struct ds_cur *c, struct ds_span *sp)
{
	sp->off = c->i;
	sp->len = c->n - c->i;
	c->i = c->n;
}

int ds_cur_char(struct ds_cur *c, char ch)
{
	if (c->i >= c->n || c->s[c->i] != ch)
		return 0;
	c->i++;
	return 1;
}

int ds_cur_level(struct ds_cur *c, struct ds_span *sp)
{
	struct ds_cur save = *c;
	if (!ds_cur_token(c, sp))
		return 0;
	for (size_t k = 0; k < sp->len; k++) {
		char ch = c->s[sp->off + k];
		if (ch < 'A' || ch > 'Z') {
			*c = save;
			return 0;
		}
	}
	return 1;
}

/* ':' at k ends a program name when a blank or the line's end follows. */
static int colon_at(const struct ds_cur *c, size_t k)
{
	return c->s[k] == ':' && (k + 1 == c->n || ds_is_blank(c->s[k + 1]));
}

int ds_split_program(struct ds_cur *c, struct ds_span *prog, struct ds_span *pid, struct ds_span *msg)
{
	const char *s = c->s;
	size_t start = c->i, colon = c->n, bracket = c->n;
	for (size_t k = start; k < c->n; k++) {
		if (colon_at(c, k)) {
			colon = k;
			break;
		}
		if (s[k] == '[' && bracket == c->n)
			bracket = k;
	}
	if (colon == c->n)
		return 0;
	size_t msg_from = colon + 1;
	prog->off = start;
	prog->len = colon - start;
	pid->off = pid->len = 0;
	if (bracket < colon) {
		/* The first "]:" after the bracket closes the pid; it can only be
		 * at colon - 1 or later. */
		for (size_t k = colon - 1; k + 1 < c->n; k++)
			if (s[k] == ']' && colon_at(c, k + 1)) {
				prog->len = bracket - start;
				pid->off = bracket + 1;
				pid->len = k - bracket - 1;
				msg_from = k + 2;
				break;
			}
	}
	c->i = msg_from;
	while (c->i < c->n && ds_is_blank(s[c->i]))
		c->i++;
	ds_cur_rest(c, msg);
	return 1;
}

int ds_syslog_clock(const char *s, size_t n, size_t *end)
{
	if (n < 14 || s[3] != ' ')
		return 0;
	char mon[4] = {s[0], s[1], s[2], 0};
	if (!ll_month_from_abbrev(mon))
		return 0;
	size_t i = 4;
	if (s[i] == ' ')
		i++;
	if (i < n && ds_is_digit(s[i]))
		i++;
	else
		return 0;
	if (i < n && ds_is_digit(s[i]))
		i++;
	if (i >= n || s[i] != ' ')
		return 0;
	i++;
	/* HH:MM:SS */
	static const char shape[] = "dd:dd:dd";
	for (size_t k = 0; k < 8; k++, i++) {
		if (i >= n)
			return 0;
		if (shape[k] == 'd' ? !ds_is_digit(s[i]) : s[i] != ':')
			return 0;
	}
	if (i < n && (s[i] == '.' || s[i] == ',') && i + 1 < n && ds_is_digit(s[i + 1])) {
		i++;
		while (i < n && ds_is_digit(s[i]))
			i++;
	}
	*end = i;
	return 1;
}

/* ---- sniffing ---- */

/* The share of up to 64 non-blank lines of head that fmt splits, of those
 * that start in the first column only when first_column. */
static double fraction_of(const char *head, size_t n, const struct ds_line_format *fmt, int first_column,
			  size_t *nlines)
{
	struct ds_span fields[DS_MAX_FIELDS], label;
	size_t pos = 0, tried = 0, fit = 0;
	const char *line;
	size_t len;
	while (tried < 64 && ds_source_next_line(head, n, &pos, &line, &len)) {
		/* The sniff buffer may cut the last line short: skip it unless
		 * it is all there is. */
		if (pos == n && head[n - 1] != '\n' && tried > 0)
			break;
		size_t k = 0;
		while (k < len && ds_is_blank(line[k]))
			k++;
		if (k == len || (first_column && !ds_header_at_margin(line, len)))
			continue;
		tried++;
		if (ds_line_split(fmt, line, len, fields, &label))
			fit++;
	}
	*nlines = tried;
	return tried ? (double)fit / (double)tried : 0.0;
}

/* Records open in the first column (ds_records.c): the lines indented
 * under them (a stack trace's frames, wrapped text) say nothing of the
 * format, however many they are. A head whose every line is indented is
 * judged by all of them. */
double ds_sniff_fraction(const char *head, size_t n, const struct ds_line_format *fmt, size_t *nlines)
{
	size_t tried;
	double frac = fraction_of(head, n, fmt, 1, &tried);
	if (!tried)
		frac = fraction_of(head, n, fmt, 0, &tried);
	if (nlines)
		*nlines = tried;
	return frac;
}

int ds_sniff_score(const char *path, const char *head, size_t n, const struct ds_line_format *fmt, int top)
{
	(void)path;
	if (!n || memchr(head, '\0', n))
		return 0;
	size_t tried;
	double frac = ds_sniff_fraction(head, n, fmt, &tried);
	if (!tried || frac < 0.5)
		return 0;
	int score = (int)(top * (0.6 + 0.4 * frac));
	return score > 100 ? 100 : score;
}

/* ---- plain lines ---- */

static const char *const lines_names[] = {"message"};
static const enum ll_coltype lines_types[] = {LL_COL_TEXT};

static int lines_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)line;
	(void)label;
	f[0].off = 0;
	f[0].len = len;
	return 1;
}

static const struct ds_line_format lines_format = {
	.nfields = 1, .names = lines_names, .types = lines_types, .message_field = 0, .split = lines_split,
	.header = "<message>",
};

static int lines_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	return ds_looks_like_text(head, n) ? 1 : 0;
}

static int lines_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		      struct ll_err *err);

/* Lines with no header still end in key=value pairs when a tool writes
 * them so (ping's "64 bytes from ...: icmp_seq=1 ttl=64 time=0.045 ms"
 * under its banner): the pairs are columns as after a header (ds_kvmsg.h). */
static const struct ds_reader *lines_bind(const char *sample, size_t n, const struct ds_open_opts *opts,
					  struct ll_err *err)
{
	(void)opts;
	return ds_kvmsg_bind(&ds_reader_lines, sample, n, lines_load, err);
}

static int lines_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		      struct ll_err *err)
{
	return ds_lines_load_bound(src, opts, lines_bind, "lines", out, err);
}

const struct ds_reader ds_reader_lines = {.name = "lines",
					  .summary = "plain text lines, one row each (the fallback)",
					  .sniff = lines_sniff,
					  .load = lines_load,
					  .line = &lines_format,
					  .bind = lines_bind};

/* ---- label<TAB>line ---- */

#define LABEL_MAX 64
/* The labelled sniff looks at this many lines (a table of twice as many
 * slots finds repeats). */
#define LABEL_LINES 2048
#define LABEL_SLOTS 4099

static const char *const labelled_names[] = {"message"};

/* The label is the ll bytes before the tab; the message the rest. */
static int label_then_message(size_t ll, size_t len, struct ds_span *f, struct ds_span *label)
{
	label->off = 0;
	label->len = ll;
	f[0].off = ll + 1;
	f[0].len = len - ll - 1;
	return 1;
}

static int labelled_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	const char *tab = memchr(line, '\t', len < LABEL_MAX + 1 ? len : LABEL_MAX + 1);
	if (!tab)
		return 0;
	/* An empty label is an unlabelled row, as `loglab label --export` writes them. */
	size_t ll = (size_t)(tab - line);
	for (size_t k = 0; k < ll; k++)
		if (line[k] == ' ')
			return 0;
	return label_then_message(ll, len, f, label);
}

static const struct ds_line_format labelled_format = {
	.nfields = 1, .names = labelled_names, .types = lines_types, .message_field = 0, .split = labelled_split,
	.text_is_message = 1, .header = "<label><TAB><message>",
};

/* In loglab's own export (DS_LABELS_MARKER first) the first tab ends the
 * label whatever comes before it: a class a user named "web server", or
 * longer than LABEL_MAX, reopens as it was saved (class names hold no tab
 * or newline). The limits above only keep the sniff of unmarked files from
 * taking a table's first column for labels. */
static int labelled_split_marked(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	const char *tab = memchr(line, '\t', len);
	return tab && label_then_message((size_t)(tab - line), len, f, label);
}

static const struct ds_line_format labelled_marked_format = {
	.nfields = 1, .names = labelled_names, .types = lines_types, .message_field = 0,
	.split = labelled_split_marked, .text_is_message = 1, .header = "<label><TAB><message>",
};

int ds_labels_marker(const char *head, size_t n)
{
	size_t m = sizeof DS_LABELS_MARKER - 1;
	if (n < m || memcmp(head, DS_LABELS_MARKER, m) != 0)
		return 0;
	if (n == m || head[m] == '\n')
		return 1;
	return head[m] == '\r' && (n == m + 1 || head[m + 1] == '\n');
}

/* A class name rather than a key: a letter in it, not a number's (a
 * column of numbers is ids, counts or seconds), and no run of six hex digits holding three
 * decimal ones (request and block ids, hashes, UUIDs, "user123456"). */
static int label_like(const char *s, size_t n)
{
	/* a number's exponent is no letter of a name ("5.374e+02") */
	double v;
	if (n && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+' || s[0] == '.') &&
	    ll_parse_number(s, n, &v))
		return 0;
	int letter = 0;
	size_t run = 0, digits = 0;
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		letter |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
		letter |= c >= 0x80; /* a class named in another script */
		if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')) {
			run++;
			digits += c >= '0' && c <= '9';
			if (run >= 6 && digits >= 3)
				return 0;
		} else {
			run = digits = 0;
		}
	}
	return letter;
}

/* A number or a time alone, quoted or not (a table's cell, "902.01",
 * "2024-04-27 10:01:30"): no line of a log, which goes on past its stamp. */
static int value_alone(const char *s, size_t n)
{
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	double v;
	if (n >= 8 && ll_time_parse(s, n, &v))
		return 1;
	return n && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+' || s[0] == '.') &&
	       ll_parse_number(s, n, &v);
}

/* Free text: three words or more. */
static int wordy(const char *s, size_t n)
{
	size_t blanks = 0;
	for (size_t k = 1; k < n && blanks < 2; k++)
		blanks += s[k] == ' ' && s[k - 1] != ' ';
	return blanks >= 2;
}

static int labelled_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	/* loglab's own export says what it is: whatever its lines look like
	 * (few labels, syslog text), it reopens as labels */
	if (ds_labels_marker(head, n))
		return 100;
	if (!n || memchr(head, '\0', n))
		return 0;
	size_t tried;
	if (ds_sniff_fraction(head, n, &labelled_format, &tried) < 0.8 || !tried)
		return 0;
	/* Labels repeat; a first column of ids or names does not, and neither
	 * does one of times. Counted over up to LABEL_LINES sampled lines, so
	 * forty or a hundred classes in shuffled order still repeat. A file
	 * whose lines all have the same several tabs is a TSV table, not
	 * labels. */
	struct ds_span *lab = malloc(LABEL_LINES * sizeof *lab);
	uint32_t *slot = calloc(LABEL_SLOTS, sizeof *slot); /* 1 + index into lab, 0 = empty */
	if (!lab || !slot) {
		free(lab);
		free(slot);
		return 0;
	}
	struct ds_span f[1];
	size_t nlab = 0, distinct = 0, pos = 0, same_tabs = 1, empty = 0, times = 0, names = 0, texts = 0, tabbed = 0;
	size_t numbers = 0;
	int first_named = 0; /* the first line's label is a name (a header's, over a column of numbers?) */
	long tabs0 = -1;
	const char *line;
	size_t len;
	while (nlab < LABEL_LINES && ds_source_next_line(head, n, &pos, &line, &len)) {
		struct ds_span l;
		if (!labelled_split(line, len, f, &l))
			continue;
		long tabs = 0;
		for (size_t k = 0; k < len; k++)
			tabs += line[k] == '\t';
		if (tabs0 < 0)
			tabs0 = tabs;
		else if (tabs != tabs0)
			same_tabs = 0;
		lab[nlab].off = (size_t)(line - head) + l.off;
		lab[nlab].len = l.len;
		uint32_t h = 2166136261u;
		for (size_t k = 0; k < l.len; k++)
			h = (h ^ (unsigned char)line[l.off + k]) * 16777619u;
		for (size_t s = h % LABEL_SLOTS;; s = (s + 1) % LABEL_SLOTS) {
			if (!slot[s]) {
				slot[s] = (uint32_t)nlab + 1;
				distinct++;
				double t;
				int stamp = l.len >= 8 && ll_time_parse(line + l.off, l.len, &t);
				times += stamp;
				int named = !stamp && label_like(line + l.off, l.len);
				names += named;
				if (nlab == 0)
					first_named = named;
				break;
			}
			const struct ds_span *o = &lab[slot[s] - 1];
			if (o->len == l.len && memcmp(head + o->off, line + l.off, l.len) == 0)
				break;
		}
		nlab++;
		empty += l.len == 0;
		texts += wordy(line + f[0].off, f[0].len);
		numbers += value_alone(line + f[0].off, f[0].len);
		tabbed += memchr(line + f[0].off, '\t', f[0].len) != NULL;
	}
	free(lab);
	free(slot);
	/* Lines that start with a tab (a stack trace's frames) have an empty
	 * label: a log whose records go on over such lines is no label file,
	 * and an export (which may leave most labels empty) has its marker. */
	if (empty * 2 >= nlab)
		return 0;
	/* A first column of times is when each line was written, not its
	 * class, however few the lines (a log whose fields are set apart by
	 * tabs, zap's console lines) */
	if (times * 2 > distinct)
		return 0;
	/* Lines that go on with a number or a time alone (pandas' to_csv with
	 * a tab of a class-like column and one of numbers or dates) are a
	 * table's rows: a label file's text is a log line. The first line may
	 * be their header. */
	if (nlab >= 2 && numbers * 10 >= (nlab - 1) * 8)
		return 0;
	/* Thousands of classes repeat little in the sample, and ids not at
	 * all: such a first column is labels when nine in ten of its values
	 * are names (label_like), some repeat, nine in ten lines go on with
	 * free text, and the text seldom holds a tab (as a table's rows do). */
	int many = times * 10 <= distinct && names * 10 >= distinct * 9 && nlab - distinct >= 2 &&
		   texts * 10 >= nlab * 9 && tabbed * 10 <= nlab && !(same_tabs && tabs0 >= 2);
	if (nlab >= 4 && distinct > 16 && (distinct * 4 > nlab || times * 2 > distinct) && !many)
		return 0;
	/* A few lines whose first column is no name and seldom repeats
	 * (epoch seconds of headerless tab-separated records, "1359565680.761790")
	 * are records, not classes: classes are named, or repeat. A name on
	 * the first line alone is a header's ("duration<TAB>host" over numbers
	 * and text), not a class. */
	if (nlab >= 4 && names == (size_t)first_named && distinct * 4 > nlab * 3)
		return 0;
	/* Nor is a first column of numbers alone of many values (du's sizes
	 * before their paths, "12<TAB>/usr/share/doc/x"): numbered classes
	 * are a few (0/1, severities), measures take many. */
	if (nlab >= 4 && !names && !times && distinct > 16)
		return 0;
	if (same_tabs && tabs0 >= 2)
		return 10;
	return 60;
}

int ds_labels_header(const char *head, size_t n)
{
	static const char *const names[] = {"label", "labels", "class", "category", "target", "y", NULL};
	const char *eol = memchr(head, '\n', n);
	size_t len = eol ? (size_t)(eol - head) : n;
	if (len && head[len - 1] == '\r')
		len--;
	const char *tab = memchr(head, '\t', len);
	if (!tab)
		return 0;
	size_t a = (size_t)(tab - head), b = len - a - 1;
	int named = 0;
	for (const char *const *k = names; *k && !named; k++)
		named = strlen(*k) == a && strncasecmp(*k, head, a) == 0;
	if (!named || !b || b > 32)
		return 0;
	/* one word: letters, digits and '_' */
	for (size_t i = a + 1; i < len; i++)
		if (!(isalnum((unsigned char)head[i]) || head[i] == '_'))
			return 0;
	return 1;
}

/* Skips the DS_LABELS_MARKER line that starts an export, and a header
 * line of names (ds_labels_header). */
static int skip_marker(void *ctx, struct ll_table *t, const char *line, size_t len, size_t lineno, int *cls,
		       struct ll_err *err)
{
	(void)ctx;
	(void)t;
	(void)cls;
	(void)err;
	return !(lineno == 1 && (ds_labels_marker(line, len) || ds_labels_header(line, len)));
}

static int labelled_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			 struct ll_err *err)
{
	const struct ds_line_format *fmt =
		ds_labels_marker(src->data, src->size) ? &labelled_marked_format : &labelled_format;
	return ds_lines_load_hooked(src, opts, fmt, "labelled", skip_marker, NULL, 0, out, err);
}

const struct ds_reader ds_reader_labelled = {.name = "labelled",
					     .summary = "label<TAB>line: a class per line, then the text",
					     .sniff = labelled_sniff,
					     .load = labelled_load,
					     .line = &labelled_format};

/* ---- registry ---- */

static const struct ds_reader *const readers[] = {
	&ds_reader_fail2ban, &ds_reader_bgl,    &ds_reader_thunderbird, &ds_reader_hdfs,
	&ds_reader_hadoop,   &ds_reader_spark,  &ds_reader_zookeeper,   &ds_reader_openstack,
	&ds_reader_hpc,      &ds_reader_rfc5424, &ds_reader_cri,    &ds_reader_clf,    &ds_reader_syslog,      &ds_reader_labelled,
	&ds_reader_lines,
};

const struct ds_reader *const *ds_textlog_readers(size_t *n)
{
	*n = sizeof readers / sizeof *readers;
	return readers;
}
