/*
 * ds_ltsv.c - LTSV (Labeled Tab-separated Values, ltsv.org): a line is a
 * record of fields separated by tabs, each field a label, a colon and
 * its value,
 *
 *     time:[10/Oct/2024:13:55:36 +0000]<TAB>host:10.0.0.1<TAB>status:200
 *
 * as web servers write it when told to (nginx's and Apache's log formats)
 * and log shippers take it. A documented format, not a system's: the CSV
 * reader took the first line for a header of names such as "host:10.0.0.1"
 * and the log reader saw one message a line.
 *
 * Each LTSV line is made the JSON object of its labels (a value that is a
 * number as JSON writes one bare, a bracketed time without its brackets,
 * the others strings), one a line, and the JSON Lines reader reads them:
 * a column per label in the order labels first come, types found from the
 * values as a JSON log's are (times, numbers, "-" missing), a label given
 * twice in a line kept as label_2, a line that is not LTSV a row of its
 * own text in "message" (noted; at most half the lines, or the file is no
 * LTSV). Line numbers stay the file's.
 */
#include "ds_ltsv.h"
#include "ds_sheet.h"
#include "ds_source.h"
#include "ds_textlog.h"
#include "ll_time.h"

#include <stdlib.h>
#include <string.h>

static int label_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '.' ||
	       c == '-';
}

/* The length of the label of the field f[0..n) (the label, its colon, the
 * value), or 0 when the field is no label:value. */
static size_t label_len(const char *f, size_t n)
{
	/* a label opens with a letter or '_' here (the format allows a digit):
	 * "12:00:01" in a table of clock times is no label and value */
	size_t k = 0;
	if (!n || !(label_char(f[0]) && !ds_is_digit(f[0]) && f[0] != '.' && f[0] != '-'))
		return 0;
	while (k < n && label_char(f[k]))
		k++;
	return k > 0 && k < n && f[k] == ':' ? k : 0;
}

size_t ds_ltsv_fields(const char *line, size_t len)
{
	while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	size_t fields = 0, start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] != '\t')
			continue;
		if (!label_len(line + start, i - start))
			return 0;
		fields++;
		start = i + 1;
	}
	return fields >= 2 ? fields : 0;
}

/* LTSV when at least two sampled lines are and one in fifty at most is
 * not, or in a short file three in four are (the rest a row of text
 * each, ds_ltsv_load); a line cut short by the sample's end aside. Above
 * the CSV reader's tab-separated table, which LTSV lines also are. */
static int ltsv_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	size_t pos = 0, lines = 0, records = 0;
	const char *line;
	size_t len;
	while (lines < 1000 && ds_source_next_line(head, n, &pos, &line, &len)) {
		if (pos >= n && head[n - 1] != '\n' && lines > 0)
			break;
		if (!len || (len == 1 && line[0] == '\r'))
			continue;
		lines++;
		records += ds_ltsv_fields(line, len) != 0;
	}
	return records >= 2 && (records * 50 >= lines * 49 || (lines < 50 && records * 4 >= lines * 3)) ? 90 : 0;
}

/* 1 when v[0..n) is a number as JSON writes one (no leading zeros, no
 * '+', digits after a point): written bare, it is a number as in a JSON
 * log; "007" and "1.2.3" stay strings. */
static int json_number(const char *v, size_t n)
{
	size_t i = v[0] == '-';
	if (i >= n || !ds_is_digit(v[i]) || (v[i] == '0' && i + 1 < n && ds_is_digit(v[i + 1])) || n > 24)
		return 0;
	while (i < n && ds_is_digit(v[i]))
		i++;
	if (i < n && v[i] == '.') {
		size_t d = ++i;
		while (i < n && ds_is_digit(v[i]))
			i++;
		if (i == d)
			return 0;
	}
	if (i < n && (v[i] == 'e' || v[i] == 'E')) {
		i += i + 1 < n && (v[i + 1] == '+' || v[i + 1] == '-') ? 2 : 1;
		size_t d = i;
		while (i < n && ds_is_digit(v[i]))
			i++;
		if (i == d)
			return 0;
	}
	return i == n;
}

/* A value onto out: a number bare, a time in brackets ("[10/Oct/2024:
 * 13:55:36 +0000]", as the access-log time is written in LTSV's own
 * examples) without them, else a string; 0 when out of memory. */
static int put_value(struct ds_text *out, const char *v, size_t n)
{
	double t;
	if (n && json_number(v, n))
		return ds_text_put(out, v, n);
	if (n > 2 && v[0] == '[' && v[n - 1] == ']' && ll_time_parse(v + 1, n - 2, &t))
		return ds_text_json_string(out, v + 1, n - 2);
	return ds_text_json_string(out, v, n);
}

/* One LTSV line as a JSON object onto out; 0 when out of memory. */
static int put_record(struct ds_text *out, const char *line, size_t len)
{
	while (len && line[len - 1] == '\r')
		len--;
	if (!ds_text_put(out, "{", 1))
		return 0;
	for (size_t i = 0, start = 0; i <= len; i++) {
		if (i < len && line[i] != '\t')
			continue;
		size_t k = label_len(line + start, i - start);
		if ((start && !ds_text_put(out, ",", 1)) || !ds_text_json_string(out, line + start, k) ||
		    !ds_text_put(out, ":", 1) || !put_value(out, line + start + k + 1, i - start - k - 1))
			return 0;
		start = i + 1;
	}
	return ds_text_put(out, "}", 1);
}

static int ltsv_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		     struct ll_err *err)
{
	*out = NULL;
	struct ds_text json = {0};
	size_t pos = 0;
	const char *line;
	size_t len;
	int ok = 1;
	size_t lineno = 0, lines = 0, texts = 0, first_text = 0;
	while (ok && src->data && ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		lineno++;
		size_t k = len;
		while (k && (line[k - 1] == '\r' || line[k - 1] == ' ' || line[k - 1] == '\t'))
			k--;
		if (k && ds_ltsv_fields(line, len)) {
			lines++;
			ok = put_record(&json, line, len);
		} else if (k) {
			/* a line that is no LTSV (a comment, a heading): a row of its text */
			lines++;
			first_text = texts++ ? first_text : lineno;
			ok = ds_text_put(&json, "{\"message\":", 12) && ds_text_json_string(&json, line, k) &&
			     ds_text_put(&json, "}", 1);
		}
		ok = ok && ds_text_put(&json, "\n", 1);
	}
	int rc = !ok ? ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path)
	       : texts * 2 > lines ? ll_err_set(err, LL_EDATA, "%s:%zu: not LTSV (label:value fields separated by tabs); "
					    "%zu of the %zu lines are not", src->path, first_text, texts, lines)
			 : ds_text_load(src, opts, "jsonl", json.p, json.n, 1, out, err);
	free(json.p);
	if (rc == LL_OK && texts)
		rc = ll_table_note(*out, "%s: %zu of %zu lines are not LTSV: a row each, the text in \"message\" (first: "
				   "line %zu)", src->path, texts, lines, first_text);
	if (rc != LL_OK && *out) {
		ll_table_free(*out);
		*out = NULL;
	}
	return rc;
}

const struct ds_reader ds_ltsv_reader = {
	.name = "ltsv",
	.summary = "LTSV: tab-separated label:value fields, a column per label",
	.sniff = ltsv_sniff,
	.load = ltsv_load,
	.line = NULL,
};
