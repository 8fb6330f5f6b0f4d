/*
 * ds_records.c - multi-line records: when a log's records start with a
 * header, a line the header does not fit (a stack frame, a wrapped
 * message) belongs to the record above it.
 *
 * Whether a file is read so is decided once, from the same sample the
 * format was detected on (ds_reader_sample), so a file loaded whole and
 * the same file browsed over its line index agree on every row. The rule
 * is about shape only: among the sample's lines that start in the first
 * column (an indented line never opens a record in any log this reads,
 * and traces are mostly indented), at least half must fit the header
 * (a record's unindented continuations, such as an exception's name
 * and its causes, are then at most one per record on average), or a
 * quarter (and 16) when the header reads a time, as the log sniffer
 * believes a timed header; numbered frames ("#0 ...") count as indented, and
 * under a timed header short lines that recur word for word ("[stacktrace]")
 * are no starts (ds_recur_count). Fewer will do when the timed lines come right
 * after rule lines: records set apart so (IBM MQ's error log) may be long,
 * their heads a small share of the lines, and when the line after each
 * head starts with the same key ("# User@Host:" after a slow query log's
 * "# Time:"), all but one in ten: the sample of a large file joins blocks
 * from its middle, and a block that ends with a head gives it a line the
 * file does not have there (a file read whole has no such seam, and the
 * same log must read the same way at any size). A file where the header fits
 * fewer is not a log of records with that header, and its lines keep to
 * themselves.
 */
#include "ds_header.h"
#include "ds_textlog.h"
#include "ll_slots.h"
#include "ll_stamp.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int ds_line_marker(const char *line, size_t len)
{
	while (len && ds_is_blank(*line)) {
		line++;
		len--;
	}
	while (len && (ds_is_blank(line[len - 1]) || line[len - 1] == '\r'))
		len--;
	if (len < 7 || memcmp(line, "-- ", 3) != 0 || memcmp(line + len - 3, " --", 3) != 0)
		return 0;
	/* words between the dashes, not dashes alone (a rule "-- -- --") */
	for (size_t i = 3; i < len - 3; i++)
		if (line[i] != '-' && !ds_is_blank(line[i]))
			return 1;
	return 0;
}

size_t ds_pri_len(const char *s, size_t n)
{
	size_t i = 1;
	int v = 0;
	if (n < 3 || s[0] != '<')
		return 0;
	while (i < n && i <= 3 && ds_is_digit(s[i]))
		v = v * 10 + (s[i++] - '0');
	if (i == 1 || i >= n || s[i] != '>' || v > 191)
		return 0;
	return i + 1;
}

int ds_line_time_field(const struct ds_line_format *fmt)
{
	for (size_t f = 0; f < fmt->nfields; f++)
		if (fmt->types[f] == LL_COL_TIME)
			return (int)f;
	return -1;
}

int ds_line_own_stamp(const char *line, size_t len, double *t)
{
	size_t i = ds_pri_len(line, len);
	if (i && i < len && line[i] == ' ')
		i++;
	if (i < len && line[i] == '[')
		i++;
	unsigned form;
	double v;
	/* the year is the line's own: no year context of either path's decides
	 * it, so both read the same time */
	if (!ll_stamp_scan(line + i, len - i, 1970, 0, &form, &v) || !ll_stamp_form_has_date(form) ||
	    !strchr(ll_stamp_form_name(form), 'y'))
		return 0;
	/* a test's "0000-12-30" or a year 9999 placeholder is no time a line
	 * was written at */
	if (v < 0 || v >= 7258118400.0)
		return 0;
	if (t)
		*t = v;
	return 1;
}

int ds_line_own_record(const char *line, size_t len, double *t)
{
	if (ds_line_own_stamp(line, len, t))
		return 1;
	size_t i = ds_pri_len(line, len);
	if (!i || i >= len || ds_is_blank(line[i]))
		return 0;
	double v = NAN;
	for (int words = 0; words <= 3 && i < len; words++) {
		unsigned form;
		double s;
		if (ll_stamp_scan(line + i, len - i, 1970, 0, &form, &s) && ll_stamp_form_has_date(form) &&
		    strchr(ll_stamp_form_name(form), 'y') && s >= 0 && s < 7258118400.0) {
			v = s;
			break;
		}
		/* past one counter or name and its colon ("15162564: ") */
		size_t w = i;
		while (w < len && !ds_is_blank(line[w]))
			w++;
		if (w == i || line[w - 1] != ':')
			break;
		while (w < len && ds_is_blank(line[w]))
			w++;
		i = w;
	}
	if (t)
		*t = v;
	return 1;
}

int ds_records_possible(const struct ds_line_format *fmt)
{
	/* with no field besides the message there is nothing to inherit */
	return fmt->nfields > 1;
}

/* A line's key: its first word when it ends with a colon ("Host:"), or a
 * mark of one to three punctuation characters and the word after it so
 * ended ("# User@Host:", "-- Table:"); 0 when the line has none. A
 * labelled line recurs by design; two lines of prose that open with the
 * same word do by chance. */
static uint32_t line_key(const char *s, size_t n)
{
	size_t a = 0;
	while (a < n && !ds_is_blank(s[a]))
		a++;
	int mark = a <= 3;
	for (size_t k = 0; k < a && mark; k++)
		mark = ispunct((unsigned char)s[k]) != 0;
	if (mark) {
		while (a < n && ds_is_blank(s[a]))
			a++;
		while (a < n && !ds_is_blank(s[a]))
			a++;
	}
	if (a < 2 || s[a - 1] != ':')
		return 0;
	uint32_t h = 2166136261u;
	for (size_t k = 0; k < a; k++)
		h = (h ^ (unsigned char)s[k]) * 16777619u;
	return h ? h : 1;
}

void ds_records_tally(struct ds_ruled *r, const char *line, size_t len, int head)
{
	int rule = !head && ds_header_rule_line(line, len);
	r->heads += head != 0;
	r->ruled += head && r->after_rule;
	r->rules += rule;
	r->after_rule = rule;
	if (r->after_head) {
		uint32_t k = head ? 0 : line_key(line, len);
		r->nexts++;
		for (size_t i = 0; k && i < DS_RULED_KEYS; i++)
			if (!r->key[i] || r->key[i] == k) {
				r->key[i] = k;
				r->key_lines[i]++;
				break;
			}
	}
	r->after_head = head;
}

/* A line of a document printed in a record: an XML element's tag at both
 * ends ("<?xml version='1.0'?>", "</a-reply>", "<r><v>1</v></r>"), or
 * JSON's brackets and commas alone. */
static int document_line(const char *line, size_t len)
{
	if (len >= 3 && line[0] == '<' && line[len - 1] == '>' &&
	    (isalpha((unsigned char)line[1]) || line[1] == '/' || line[1] == '?' || line[1] == '!'))
		return 1;
	for (size_t k = 0; k < len; k++)
		if (!strchr("{}[],", line[k]))
			return 0;
	return 1;
}

/* 1 when s[0..n) ends with word (a suffix of a name). */
static int ends_with(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	return n >= k && memcmp(s + n - k, word, k) == 0;
}

/* An exception's own line, which runtimes print at the margin under the
 * record that logged it: "java.lang.IllegalStateException: closed",
 * "Caused by: java.io.IOException: ...", Python's "Traceback (most recent
 * call last):" and "TimeoutError: timed out", a JVM's "... 3 more"; Go's
 * "panic: ...", "goroutine 1 [running]:" and its frames' functions
 * ("main.main()", "net/http.(*conn).serve(0xc000126000)"). */
static int exception_line(const char *line, size_t len)
{
	static const char *const openers[] = {"Caused by: ", "Suppressed: ", "Traceback (most recent call last):",
					      "panic: ", "fatal error: ", "goroutine ", "created by "};
	for (size_t k = 0; k < sizeof openers / sizeof *openers; k++)
		if (len >= strlen(openers[k]) && memcmp(line, openers[k], strlen(openers[k])) == 0)
			return 1;
	if (len > 9 && memcmp(line, "... ", 4) == 0 && isdigit((unsigned char)line[4]) && ends_with(line, len, " more"))
		return 1;
	/* a function called, alone on its line: a dotted name, its arguments */
	const char *paren = memchr(line, '(', len), *dot = memchr(line, '.', len);
	if (paren && dot && dot < paren && line[len - 1] == ')' && !memchr(line, ' ', len) && isalpha((unsigned char)line[0]))
		return 1;
	/* a (dotted) name without blanks ending in Exception, Error or
	 * Throwable, then a colon or the end */
	size_t k = 0;
	while (k < len && (isalnum((unsigned char)line[k]) || line[k] == '.' || line[k] == '_' || line[k] == '$'))
		k++;
	if (!k || !isalpha((unsigned char)line[0]) || (k < len && line[k] != ':'))
		return 0;
	return ends_with(line, k, "Exception") || ends_with(line, k, "Error") || ends_with(line, k, "Throwable");
}

void ds_recur_add(struct ds_recur *r, const char *line, size_t len)
{
	while (len && (ds_is_blank(line[len - 1]) || line[len - 1] == '\r'))
		len--;
	if (len && (document_line(line, len) || exception_line(line, len))) {
		r->body++;
		return;
	}
	if (r->n == DS_RECUR_MAX || !len || len > 32)
		return;
	for (size_t k = 0; k < len; k++)
		if (ds_is_digit(line[k]))
			return;
	r->h[r->n++] = ll_slots_hash(line, len);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

size_t ds_recur_count(struct ds_recur *r)
{
	qsort(r->h, r->n, sizeof *r->h, cmp_u32);
	size_t count = 0;
	for (size_t i = 0, j; i < r->n; i = j) {
		for (j = i + 1; j < r->n && r->h[j] == r->h[i]; j++)
			;
		if (j - i >= 3)
			count += j - i;
	}
	return count + r->body;
}

int ds_records_ruled(const struct ds_ruled *r)
{
	size_t same = 0;
	for (size_t i = 0; i < DS_RULED_KEYS; i++)
		if (r->key_lines[i] > same)
			same = r->key_lines[i];
	/* The most common key rather than the first head's: the first head
	 * may be the one a seam of the sample cut from its next line (under
	 * ten heads nine in ten is every one). Two in five rule lines before
	 * a head, not half: records boxed by a rule above the head and one
	 * below the record have half exactly, and a seam that ends a part
	 * with the rule above a head, the head left out, tipped them under. */
	return (r->ruled >= 2 && (r->ruled + 1) * 10 >= r->heads * 9 && r->ruled * 5 >= r->rules * 2) ||
	       (r->nexts >= 2 && same * 10 >= r->nexts * 9);
}

int ds_records_apply(const struct ds_line_format *fmt, const char *data, size_t size)
{
	if (!ds_records_possible(fmt) || !size)
		return 0;
	size_t n;
	char *sample = ds_reader_sample(data, size, &n);
	if (!sample)
		return 0; /* out of memory: lines stay on their own, as before */
	struct ds_span fields[DS_MAX_FIELDS], label;
	size_t pos = 0, starts = 0, fit = 0, len;
	const char *line;
	struct ds_ruled ruled = {0};
	struct ds_recur *recur = calloc(1, sizeof *recur);
	if (!recur) {
		free(sample);
		return 0;
	}
	while (ds_source_next_line(sample, n, &pos, &line, &len)) {
		size_t a = 0;
		while (a < len && ds_is_blank(line[a]))
			a++;
		if (a == len)
			continue;
		int head = 0;
		if (ds_header_at_margin(line, len)) {
			starts++;
			head = ds_line_split(fmt, line, len, fields, &label);
			fit += head != 0;
			if (!head)
				ds_recur_add(recur, line, len);
		}
		ds_records_tally(&ruled, line + a, len - a, head);
	}
	free(sample);
	size_t furniture = ds_recur_count(recur);
	free(recur);
	/* A header with a time is believed on fewer lines, as the log sniffer
	 * believes it (ds_logfmt.c): the lines at the margin without one
	 * (an exception's name and its causes, a banner between records)
	 * carry no time of their own and belong to the stamped line above. */
	int timed = 0;
	for (size_t i = 0; i < fmt->nfields; i++)
		timed |= fmt->types[i] == LL_COL_TIME;
	if (timed)
		starts -= furniture;
	return fit && (fit * 2 >= starts || (timed && fit >= 16 && fit * 4 >= starts) || (timed && ds_records_ruled(&ruled)));
}
