/*
 * ds_json.c - JSON documents and JSON Lines as tables.
 *
 * Two readers share one flattening scheme:
 *   "json"  a whole document: an array holds one record per element, and
 *           so does the array of objects an envelope wraps them in
 *           ({"Records": [...]}: see envelope()), or a map of records alike
 *           ({"2024-05-01 10:00": {...}, ...}, names in a column "key");
 *           tables of column names and rows, or written by column, give
 *           their rows (ds_json_tables.h); another object is one record;
 *   "jsonl" one JSON value per line (blank lines skipped), one record each.
 *
 * Flattening: nested objects join keys with '.', and every array element
 * gets its index as a key, whether it holds objects or scalars, so
 * {"job":{"acls":[{"name":"x"}]},"a":[1,2]} gives the columns
 * job.acls.0.name, a.0 and a.1. Empty objects and arrays give no column; a
 * record that is a bare scalar goes to a column named "value". Columns are
 * the union of every record's keys in first-seen order.
 *
 * Types are decided per column over its non-null values: all JSON numbers
 * make a number column (a time column under a clock's name when they read
 * as epoch seconds to nanoseconds), missing marks among them ("n/a", "-",
 * "") being missing cells, and so do decimals written as strings ("0.25";
 * a quoted integer is an identifier, unless it behaves as a measure or goes
 * by a measure's name, and a version's decimals stay text); all non-numeric strings that parse as
 * timestamps (ll_time_parse_year, with the open options' default year)
 * make a time column; anything else (booleans as "true"/"false", mixed
 * kinds) is text. null is a missing cell (a key only ever null is an empty
 * text column). A top-level key "label" (else "class") becomes the
 * row's class label instead of a column, unless it takes more than
 * JSON_MAX_CLASSES distinct values, in which case it is an ordinary column
 * and the table gets a note saying so.
 *
 * Two passes so types are known before any cell is stored: the first
 * parses and gathers column names and kinds, the second fills the table.
 * Memory holds one record's tree at a time where it can: JSON Lines are
 * parsed a line at a time, and the records of a document that is an
 * array, an envelope whose list the raw text shows (ds_json_envelope.h),
 * a top-level map of records, or tables of names and rows whose rows
 * lists the text shows, one holding most of the document or several in a
 * list of objects (take_table, nested_tables: each row made its record by
 * the frame ds_json_tables.h also unfolds the whole tree with), an element
 * at a time (stream_elements);
 * any other document is parsed
 * whole into one tree, kept for both passes, which is also the path of
 * every document the element-wise reading cannot vouch for (its messages
 * and choices are the reference the element-wise reading keeps to). The
 * second pass over lines or elements replays the leaves the first kept
 * (ds_json_tape.h) instead of parsing the text again, within a budget;
 * past it the text is parsed again, as the reference reading does. A
 * record of JSON Lines (or of a stream of objects) that is an object, and
 * an object element of a list read an element at a time, is read from
 * the tokens of a pull scanner (ds_json_scan.h, scan_record) without a
 * tree, unless it holds something only the tree path reads alike (see
 * "records read without a tree" below); so is a value of JSON Lines that
 * is a document of tables of names and rows (InfluxDB's chunked answers)
 * when ds_json_token_tables.h vouches for its tables (see "a line's
 * document read without a tree"); the reference reading parses every
 * record with cJSON.
 *
 * Nothing is silently lost or changed: a key given twice in one object,
 * or a nested key and a dotted key that flatten to one column
 * ({"a":{"b":1},"a.b":2}), is a data error naming the record (each cell
 * would otherwise keep one value and drop the other); a number beyond a
 * double (1e999, which strtod makes an infinity) is a data error; a string
 * escape \u0000 is kept as the six characters `\u0000` (cJSON would cut
 * the string at the NUL it decodes to).
 *
 * Parse errors name the file, line and column (the position comes from
 * cJSON's return_parse_end, which is what cJSON_GetErrorPtr reports, without
 * its global state); a document that ends inside an open object, array or
 * string is reported as truncated.
 */
#include "ds_csv.h"
#include "ds_json.h"
#include "ds_source.h"
#include "ds_coljoin.h"
#include "ds_json_envelope.h"
#include "ds_json_pair.h"
#include "ds_json_tables.h"
#include "ds_json_series.h"
#include "ds_json_scan.h"
#include "ds_json_tape.h"
#include "ds_json_token_tables.h"
#include "ds_ltsv.h"
#include "ds_pairs.h"
#include "ds_units.h"
#include "ds_pivot.h"
#include "ds_reader.h"
#include "ll_limits.h"
#include "ll_slots.h"
#include "ll_time.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Past these a "table" is really a key-value map or an array of samples,
 * and building it would take memory out of all proportion to the input. */
#define JSON_MAX_COLS 16384
#define JSON_MAX_CELLS ((size_t)1 << 28)
#define JSON_MAX_CLASSES 256

/* What the first pass learns about one flattened key. */
struct jcol {
	char *name;
	size_t len;
	size_t nnum, nbool, nstr, ntime, nempty;
	size_t nepoch;    /* numbers that read as epoch seconds or milliseconds */
	size_t nevent;    /* ... as epochs of recent years (ds_csv_event_epoch) */
	size_t nmissing;  /* strings that mark a missing value ("n/a", "NaN", "-"...) */
	size_t missing_at;       /* the first of them: its record (a document) or line, and text */
	char missing_text[16];
	size_t nnumstr, nfracstr; /* strings that are numbers; of them, not integers ("0.25") */
	size_t nepochstr;         /* quoted numbers that read as epoch seconds to nanoseconds */
	/* quoted integers ("30"): those written as ids are ("007", "+1"),
	 * and how they repeat: a value seen before among the first
	 * INT_SEEN distinct ones (int_seen, made on the first) */
	size_t nintstr, nintpad, nintrep, nintdistinct;
	long long *int_seen;
	size_t nunitstr, unit_at; /* of the numbers, those written for people ("0.50%", "6.6MiB"); the first's place */
	size_t nunit_time, nunit_size; /* of those, with a unit of time ("250ms"), of size ("6.6MiB"): both, text */
	size_t nzero, zero_at;    /* stamps of the zero time (zero_time()); the first's place */
	size_t nother;            /* strings that are none of the above: the column is text (but see few_others) */
	size_t other_at;          /* the first of them: its record or line, and text */
	char other_text[24];
	/* numeric dates whose day and month may swap ("18/04/2019 13:20"), and
	 * of them those whose first or second field is above 12: the column's
	 * order (the CSV reader's rule, ds_csv_date_order) */
	size_t nmdy, day_first, month_first;
	char order;               /* 'd' or 'm' once the table is made, else 0 */
	size_t seen;  /* pass 1: the last record (1-based) that set it, to find a second value */
	size_t filled; /* pass 2: the last row (1-based) that set it, alike */
	size_t nrepeat, repeat_at; /* values of a key given again in one record (the column x_2 of x), the first's place */
	size_t repeat_of;          /* the column of the key repeated (valid while nrepeat) */
	int tcol;  /* table column, or -1 while collecting */
};

struct jctx {
	const struct ds_source *src;
	const struct ds_open_opts *opts;
	struct ll_err *err;
	/* columns: first-seen order, with a hash index */
	struct jcol *cols;
	size_t ncols, colcap;
	struct ll_slots ix;
	/* the flattened name being built */
	char *path;
	size_t pathlen, pathcap;
	/* label key handling */
	const char *label_key;  /* the opener's label_column, else "label", "class" or NULL (chosen in pass 1) */
	char *classes[JSON_MAX_CLASSES];
	size_t nclasses;
	int too_many_classes;
	/* pass 2 */
	struct ll_table *t;
	long row;
	int fill;
	size_t line;     /* line of the current record, for messages */
	size_t range_line; /* the line of a number beyond a double, when one ended the reading */
	size_t obj_at;     /* a stream's object being read: its offset + 1 */
	size_t range_obj;  /* obj_at when a number beyond a double ended the reading */
	size_t records;  /* counted by pass 1 */
	int doc;         /* a whole document: records are named by number, not line */
	struct ds_json_tape tape; /* pass 1's leaves for pass 2, when the reading keeps one */
	/* a record read by the scanner (scan_record): its tokens, kept whole
	 * before any is taken, so that a record the scanner cannot vouch for
	 * goes to cJSON untouched */
	struct ds_json_scan scan;
	struct ds_json_scan_tok *toks;
	size_t tokcap;
	struct ds_json_token_tables tt; /* a line's document read by scan_doc_tables */
	size_t guess;    /* the column after the last one looked up: records repeat their keys' order */
	/* polled records (polled_head): the last stamp line's text, which
	 * every record after it takes as its "time" */
	const char *stamp;
	size_t stamp_len;
	const char *stamp_key; /* "time", or "poll_time" beside the records' own */
};

static int oom(struct jctx *c)
{
	return ll_err_set(c->err, LL_ENOMEM, "%s: out of memory", c->src->path);
}

/* The column called path[0..pathlen), created on first sight in pass 1.
 * *out is NULL when pass 2 meets a name pass 1 never saw (cannot happen:
 * both passes walk the same records). */
static int column_for_path(struct jctx *c, struct jcol **out)
{
	*out = NULL;
	if (c->guess < c->ncols) {
		struct jcol *col = &c->cols[c->guess];
		if (col->len == c->pathlen && memcmp(col->name, c->path, c->pathlen) == 0) {
			c->guess++;
			*out = col;
			return LL_OK;
		}
	}
	struct ll_slots_probe p = ll_slots_probe(&c->ix, ll_slots_hash(c->path, c->pathlen));
	for (uint32_t i; (i = ll_slots_next(&c->ix, &p)) != LL_SLOTS_NONE;) {
		struct jcol *col = &c->cols[i];
		if (col->len == c->pathlen && memcmp(col->name, c->path, c->pathlen) == 0) {
			c->guess = (size_t)i + 1;
			*out = col;
			return LL_OK;
		}
	}
	if (c->fill)
		return LL_OK;
	if (c->ncols >= JSON_MAX_COLS)
		return ll_err_set(c->err, LL_EDATA,
				  "%s:%zu: more than %d distinct keys after flattening nested objects and arrays; "
				  "this JSON is not a table of records (--format lines shows it a line a row)",
				  c->src->path, c->line, JSON_MAX_COLS);
	if (c->ncols == c->colcap) {
		size_t ncap = c->colcap ? c->colcap * 2 : 32;
		struct jcol *nc = realloc(c->cols, ncap * sizeof *nc);
		if (!nc)
			return oom(c);
		c->cols = nc;
		c->colcap = ncap;
	}
	struct jcol *col = &c->cols[c->ncols];
	memset(col, 0, sizeof *col);
	col->name = malloc(c->pathlen + 1);
	if (!col->name)
		return oom(c);
	memcpy(col->name, c->path, c->pathlen);
	col->name[c->pathlen] = '\0';
	col->len = c->pathlen;
	col->tcol = -1;
	if (ll_slots_add(&c->ix, &p, (uint32_t)c->ncols) != LL_OK) {
		free(col->name);
		return oom(c);
	}
	c->ncols++;
	c->guess = c->ncols;
	*out = col;
	return LL_OK;
}

/* Appends ".key" (or "key" at the top) to the path; returns the old length or -1 on OOM. */
static long path_push(struct jctx *c, const char *key, size_t n)
{
	size_t old = c->pathlen, need = old + n + 2;
	if (need > c->pathcap) {
		size_t ncap = c->pathcap ? c->pathcap : 64;
		while (ncap < need)
			ncap *= 2;
		char *p = realloc(c->path, ncap);
		if (!p)
			return -1;
		c->path = p;
		c->pathcap = ncap;
	}
	if (old)
		c->path[c->pathlen++] = '.';
	memcpy(c->path + c->pathlen, key, n);
	c->pathlen += n;
	return (long)old;
}

/* Shortest %g form that reads back as the same double. */
static int format_number(double v, char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "%.15g", v);
	if (strtod(buf, NULL) != v)
		n = snprintf(buf, cap, "%.17g", v);
	return n;
}

/* "/Date(1710408413225)/" or "/Date(1710408413225+0100)/": milliseconds
 * since 1970 UTC as .NET's JSON serialisers (PowerShell 5's ConvertTo-Json,
 * WCF, ASP.NET) write a DateTime; the offset says where the writer was, the
 * instant is the number's. */
static int dotnet_date(const char *s, size_t n, double *out)
{
	if (n < 9 || memcmp(s, "/Date(", 6) != 0 || memcmp(s + n - 2, ")/", 2) != 0)
		return 0;
	size_t i = 6, end = n - 2;
	int neg = i < end && s[i] == '-';
	i += (size_t)neg;
	double ms = 0;
	size_t digits = 0;
	for (; i < end && isdigit((unsigned char)s[i]) && digits < 16; i++, digits++)
		ms = ms * 10 + (s[i] - '0');
	if (!digits)
		return 0;
	if (i < end) {
		if ((s[i] != '+' && s[i] != '-') || end - i != 5)
			return 0;
		for (size_t k = i + 1; k < end; k++)
			if (!isdigit((unsigned char)s[k]))
				return 0;
	}
	*out = (neg ? -ms : ms) / 1000.0;
	return 1;
}

static int stamp_time(struct jctx *c, const char *s, size_t n, double *out);
static void nearer_year(const char *s, size_t n, int y, double *out);

/* Counts a quoted integer s (value v) of col: written as an id is
 * ("007", "+5", "-0"), and whether its value was seen before (an open
 * set of the first INT_SEEN distinct values). */
#define INT_SEEN 64

static int int_seen(struct jcol *col, const char *s, size_t n, double v)
{
	col->nintstr++;
	if ((n > 1 && s[0] == '0') || s[0] == '+' || (n > 2 && s[0] == '-' && s[1] == '0') || fabs(v) > 9e15) {
		col->nintpad++;
		return LL_OK;
	}
	if (!col->int_seen) {
		col->int_seen = malloc(INT_SEEN * sizeof *col->int_seen);
		if (!col->int_seen)
			return LL_ENOMEM;
	}
	long long x = (long long)v;
	for (size_t i = 0; i < col->nintdistinct && i < INT_SEEN; i++)
		if (col->int_seen[i] == x) {
			col->nintrep++;
			return LL_OK;
		}
	if (col->nintdistinct < INT_SEEN)
		col->int_seen[col->nintdistinct] = x;
	col->nintdistinct++;
	return LL_OK;
}

/* 1 when the last key of name ends in one of words[0, nwords) as a word
 * of its own. */
static int name_ends_in_word(const char *name, const char *const *words, size_t nwords)
{
	const char *dot = strrchr(name, '.');
	const char *w = dot ? dot + 1 : name;
	size_t n = strlen(w);
	for (size_t i = 0; i < nwords; i++) {
		size_t k = strlen(words[i]);
		if (n < k || strcasecmp(w + n - k, words[i]) != 0)
			continue;
		/* the whole name, or a word of it: after '_', '-', a blank, or
		 * a capital after a small letter ("EventId", "userID") */
		if (n == k)
			return 1;
		char before = w[n - k - 1], first = w[n - k];
		if (before == '_' || before == '-' || before == ' ' ||
		    (isupper((unsigned char)first) && islower((unsigned char)before)))
			return 1;
	}
	return 0;
}

/* A name whose last word names an identifier ("ID", "user_id", "EventId",
 * "_PID", "uid"): its quoted integers stay ids whatever they do. */
static int id_name(const char *name)
{
	static const char *const ids[] = {"id", "uid", "gid", "pid", "ppid", "tid", "key", "code", "no", "num", "number"};
	return name_ends_in_word(name, ids, sizeof ids / sizeof *ids);
}

/* A name whose last word is a measure's ("durationMs", "bytes_sent",
 * "attachmentCount"), which no identifier goes by. */
static int measure_name(const char *name)
{
	static const char *const ms[] = {"ms",	   "msec",     "millis", "milliseconds", "sec",	   "secs",  "seconds",
					 "us",	   "usec",     "micros", "ns",		 "nanos",  "bytes", "size",
					 "duration", "latency", "elapsed", "count",	 "length"};
	return name_ends_in_word(name, ms, sizeof ms / sizeof *ms);
}

/* A version's name ("eventVersion", "api_version"): quoted "1.08" and
 * "1.10" are releases in order, which numbers would make 1.08 and 1.1. */
static int version_name(const char *name)
{
	static const char *const vs[] = {"version", "ver"};
	return name_ends_in_word(name, vs, sizeof vs / sizeof *vs);
}

/* Quoted integers that behave as a measure, not as ids, in a table whose
 * writer quotes its measures (quoted): every value of the column is one
 * (or missing), none is written as an id is (zero-padded, signed), they
 * vary, and most repeat a value seen before (an id names a row; docker's
 * "PIDs": "30" of a container polled over and over does not), under no
 * name of an identifier. */
static int quoted_measure(const struct jcol *col, int quoted)
{
	return quoted && col->nintstr && !col->nnum && !col->nbool && !col->nintpad &&
	       col->nnumstr == col->nintstr && col->nnumstr + col->nempty + col->nmissing == col->nstr &&
	       col->nintdistinct >= 2 && col->nintrep * 2 >= col->nintstr && !col->nepochstr && !id_name(col->name);
}

/* Quoted integers under a measure's name: Azure's resource logs quote
 * "durationMs": "78" among JSON numbers, logging libraries write their
 * metadata's counts as strings ("attachmentCount": "3"); whatever they
 * repeat, such a name says they are amounts. */
static int named_measure(const struct jcol *col)
{
	return col->nintstr && !col->nnum && !col->nbool && !col->nintpad && col->nnumstr == col->nintstr &&
	       col->nnumstr + col->nempty + col->nmissing == col->nstr && !col->nepochstr && !id_name(col->name) &&
	       measure_name(col->name);
}

/* A string counts as a time only when it is not merely a number: JSON has a
 * number type, so a quoted "1326381446" is an identifier, not an epoch. */
static int string_time(struct jctx *c, const char *s, size_t n, double *out)
{
	double dummy;
	return !ll_parse_number(s, n, &dummy) && stamp_time(c, s, n, out);
}

/* 0001-01-01T00:00:00 UTC: Go's zero time.Time and .NET's
 * DateTime.MinValue, what their APIs write for "never" (Docker's
 * FinishedAt of a running container, a swarm task's UpdatedAt): no time
 * anything happened, so a missing one, not the table's start in year 1. */
static int zero_time(double t)
{
	return t == ll_time_from_civil(1, 1, 1, 0, 0, 0);
}

/* string_time() of a string known not to be a number; the zero time reads
 * as a time that is missing (NaN). */
static int stamp_time(struct jctx *c, const char *s, size_t n, double *out)
{
	if (dotnet_date(s, n, out))
		return 1;
	if (!ll_time_parse_year(s, n, c->opts->default_year, out))
		return 0;
	if (zero_time(*out)) {
		*out = NAN;
		return 1;
	}
	nearer_year(s, n, c->opts->default_year, out);
	return 1;
}

/* "12/04/26 22:45:27" reads as yy/MM/dd (Spark's logs); sysstat's JSON
 * writes MM/dd/yy: of two readings, *out the one whose year is nearer y's. */
static void nearer_year(const char *s, size_t n, int y, double *out)
{
	if (y > 0 && n >= 8 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && s[2] == '/' &&
	    isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) && s[5] == '/' &&
	    isdigit((unsigned char)s[6]) && isdigit((unsigned char)s[7]) && (n == 8 || s[8] == ' ')) {
		int a = (s[0] - '0') * 10 + s[1] - '0', b = (s[3] - '0') * 10 + s[4] - '0', k = (s[6] - '0') * 10 + s[7] - '0';
		double day = floor(*out / 86400.0) * 86400.0, mdy = ll_time_from_civil(2000 + k, a, b, 0, 0, 0);
		double ymd = ll_time_from_civil(2000 + a, b, k, 0, 0, 0);
		if (day == ymd && a >= 1 && a <= 12 && b >= 1 && b <= 31 && abs(2000 + k - y) < abs(2000 + a - y))
			*out = mdy + (*out - day);
	}
}

/* A JSON number is a time only in a column named like a clock (below), and
 * then when it reads as epoch seconds or milliseconds (ll_time_parse's
 * ranges, seconds to nanoseconds): {"ts": 1521911721.25} or
 * {"timestamp": 1700000000000}. */
static int number_time(double v, double *out)
{
	return ll_time_from_epoch(v, out);
}

/* The last component of a flattened name ("metrics.ts" -> "ts") is named
 * like a clock, by the CSV reader's list of names; or a unit's under a
 * clock's, the last two read as one name: a time kept as an object of
 * its parts names the clock once, above them (protobuf's Timestamp,
 * "ts": {"seconds": .., "nanos": ..}, read as "ts.seconds"). */
static int clock_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return ds_csv_time_name(name);
	if (ds_csv_time_name(dot + 1))
		return 1;
	const char *two = dot;
	while (two > name && two[-1] != '.')
		two--;
	return two < dot && ds_csv_time_name(two);
}


/* ... or says when the record was made or changed ("created",
 * "metadata.updated_at"): its numbers are times when all are epochs of
 * recent years. Only columns are typed so; an envelope's choice of its
 * list of records (timed_objects) looks for clocks alone. */
static int event_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	return ds_csv_event_name(dot ? dot + 1 : name);
}

/* A column under a clock's name whose strings are stamps but for a few
 * (one in ten at most, of five stamps or more: {"ts": "xxx"} a logger
 * wrote once) is still the records' time, those few missing and noted. */
static int few_others(const struct jcol *col)
{
	return col->nother && col->ntime >= 5 && col->nother * 10 <= col->ntime + col->nother && !col->nnumstr &&
	       col->ntime + col->nother + col->nempty + col->nmissing == col->nstr && clock_name(col->name);
}

/* The type of a key's column from what pass 1 counted (col->order set
 * for numeric dates); events: epochs under a name of when a record was
 * made or changed are times too. */
static enum ll_coltype col_type(struct jcol *col, int events, int quoted)
{
	if (col->nunit_time && col->nunit_size)
		return LL_COL_TEXT; /* numbers of two kinds are no column of numbers (the CSV reader's rule) */
	if (col->nnum && !col->nbool && col->nempty + col->nmissing == col->nstr)
		return (col->nepoch == col->nnum && clock_name(col->name)) ||
				       (events && col->nevent == col->nnum && event_name(col->name))
			       ? LL_COL_TIME
			       : LL_COL_NUM;
	if (col->nepochstr && col->nepochstr == col->nnumstr && !col->nnum && !col->nbool &&
	    col->nnumstr + col->nempty + col->nmissing == col->nstr && clock_name(col->name))
		return LL_COL_TIME; /* quoted epochs under a clock's name */
	if (col->nfracstr && !col->nbool && col->nnumstr + col->nempty + col->nmissing == col->nstr &&
	    !version_name(col->name))
		return LL_COL_NUM; /* "100.53" as APIs quote values (not versions); quoted integers stay ids... */
	if (quoted_measure(col, quoted) || named_measure(col))
		return LL_COL_NUM; /* ... unless they behave as a measure, or go by a measure's name */
	if (col->ntime && !col->nnum && !col->nbool &&
	    (col->ntime + col->nempty + col->nmissing == col->nstr || few_others(col)) &&
	    !(col->day_first && col->month_first)) {
		/* day-first when a first field is above 12, else month-first */
		col->order = col->nmdy ? (col->day_first ? 'd' : 'm') : 0;
		return LL_COL_TIME;
	}
	return LL_COL_TEXT;
}

/* A string that stands for a missing value where the other records have a
 * number ({"lat": "n/a"} among {"lat": 12}): the CSV reader's marks, so a
 * JSON export and a CSV one of the same data give the same column. */
static int missing_mark(const char *s, size_t n)
{
	return ds_csv_is_missing(s, n) || (n == 1 && s[0] == '-');
}

/* "FILE:LINE" of a JSON Lines record, "FILE: record N" of a document's. */
static void where(const struct jctx *c, char *buf, size_t cap)
{
	if (c->doc)
		snprintf(buf, cap, "%s: record %zu", c->src->path, c->records);
	else
		snprintf(buf, cap, "%s:%zu", c->src->path, c->line);
}

/* Pass 2: one leaf's value into the current row's cell of col: a number
 * (kind DS_TAPE_NUM, num), true, false or a string s[0..n) (NUL-terminated),
 * as leaf() met it in the tree or pass 1 kept it on the tape. */
static int store_cell(struct jctx *c, const struct jcol *col, enum ds_json_tape_kind kind, double num, const char *s,
		      size_t n)
{
	if (col->tcol < 0)  /* the label key, stored as labels instead */
		return LL_OK;
	size_t tc = (size_t)col->tcol, row = (size_t)c->row;
	enum ll_coltype type = ll_table_col_type(c->t, tc);
	int rc;
	if (kind == DS_TAPE_NUM) {
		if (type == LL_COL_TEXT) {
			char buf[40];
			int w = format_number(num, buf, sizeof buf);
			rc = ll_table_set_text(c->t, row, tc, buf, (size_t)w);
		} else if (type == LL_COL_TIME) {
			double t = NAN;
			number_time(num, &t);
			rc = ll_table_set_num(c->t, row, tc, t);
		} else {
			rc = ll_table_set_num(c->t, row, tc, num);
		}
	} else if (kind == DS_TAPE_TRUE || kind == DS_TAPE_FALSE) {
		const char *b = kind == DS_TAPE_TRUE ? "true" : "false";
		rc = ll_table_set_text(c->t, row, tc, b, strlen(b));
	} else {
		if (type == LL_COL_TIME) {
			double t = NAN;
			int a, b;
			double v;
			if (n && !string_time(c, s, n, &t) && col->order)
				ds_csv_numeric_date(s, n, col->order, &a, &b, &t);
			else if (n && isnan(t) && col->nepochstr && ll_parse_number(s, n, &v))
				number_time(v, &t);
			rc = ll_table_set_num(c->t, row, tc, t);
		} else if (type == LL_COL_NUM) {
			/* a number written as a string, or a missing mark (stays NaN) */
			double v;
			rc = ll_parse_number(s, n, &v) || ds_csv_people_number(s, n, &v) ? ll_table_set_num(c->t, row, tc, v)
										      : LL_OK;
		} else {
			/* one line break ending a text is the line's end, not its
			 * content (Docker's json-file writes "log": "...\n") */
			if (n && s[n - 1] == '\n')
				n -= 1 + (n >= 2 && s[n - 2] == '\r');
			if (memchr(s, 0x1B, n)) {
				/* colour codes a logger wrote into the string ("\u001b[32m"),
				 * removed as they are from a text log's lines */
				char *plain = malloc(n + 1);
				if (!plain)
					return oom(c);
				memcpy(plain, s, n);
				rc = ll_table_set_text(c->t, row, tc, plain, ds_strip_escapes(plain, n));
				free(plain);
			} else {
				rc = ll_table_set_text(c->t, row, tc, s, n);
			}
		}
	}
	return rc == LL_ENOMEM ? oom(c) : rc;
}

/* A scalar as leaf() takes it: from a cJSON item (leaf_of) or from the
 * record scanner (scan_record). A string's text is NUL-terminated and
 * holds no NUL. */
struct jleaf {
	enum ds_json_tape_kind kind; /* DS_TAPE_NUM, DS_TAPE_TRUE, DS_TAPE_FALSE or DS_TAPE_STR */
	int null;                    /* null (kind unused) */
	double num;
	const char *s;
	size_t n;
};

static struct jleaf leaf_of(const cJSON *item)
{
	struct jleaf v = {DS_TAPE_STR, 0, 0, "", 0};
	if (cJSON_IsNull(item) || cJSON_IsInvalid(item)) {
		v.null = 1;
	} else if (cJSON_IsNumber(item)) {
		v.kind = DS_TAPE_NUM;
		v.num = item->valuedouble;
	} else if (cJSON_IsBool(item)) {
		v.kind = cJSON_IsTrue(item) ? DS_TAPE_TRUE : DS_TAPE_FALSE;
	} else if (item->valuestring) {
		v.s = item->valuestring;
		v.n = strlen(v.s);
	}
	return v;
}

/* Whether col already holds a value of the current record (either pass). */
static int set_in_record(const struct jctx *c, const struct jcol *col)
{
	return c->fill ? col->filled == (size_t)c->row + 1 : col->seen == c->records;
}

/* A key given again in one record (pino and zap write a bound field and a
 * call's field of one name; a nested key and a dotted key can flatten to one
 * name): its value goes to the column x_2 (x_3...), the CSV reader's name
 * for a header's repeated name, so no value is lost and none is chosen over
 * another; make_table notes it. *col becomes that column (NULL in pass 2
 * for one pass 1 never made, which cannot happen). */
static int repeat_column(struct jctx *c, struct jcol **col)
{
	size_t keep = c->pathlen, of = (size_t)(*col - c->cols);
	if (c->label_key && strcmp((*col)->name, c->label_key) == 0) {
		/* a record's class given twice has no one answer */
		char at[300];
		where(c, at, sizeof at);
		return ll_err_set(c->err, LL_EDATA, "%s: the label key \"%s\" is given twice in one record", at,
				  (*col)->name);
	}
	if (keep + 24 > c->pathcap) {
		char *p = realloc(c->path, keep + 24);
		if (!p)
			return oom(c);
		c->path = p;
		c->pathcap = keep + 24;
	}
	int rc = LL_OK;
	for (size_t k = 2; rc == LL_OK && *col && set_in_record(c, *col); k++) {
		c->pathlen = keep + (size_t)snprintf(c->path + keep, 24, "_%zu", k);
		rc = column_for_path(c, col);
	}
	c->pathlen = keep;
	if (rc == LL_OK && *col && !c->fill && (*col)->nrepeat++ == 0) {
		(*col)->repeat_at = c->doc ? c->records : c->line;
		(*col)->repeat_of = of;
	}
	return rc;
}

static int leaf_value(struct jctx *c, const struct jleaf *v)
{
	/* A key seen only with null still gets its (text, empty) column. */
	struct jcol *col;
	int rc = column_for_path(c, &col);
	if (rc == LL_OK && col && set_in_record(c, col))
		rc = repeat_column(c, &col);
	if (rc != LL_OK || !col)
		return rc;
	if (c->fill)
		col->filled = (size_t)c->row + 1;
	if (!c->fill) {
		char at[300];
		col->seen = c->records;
		if (!v->null && v->kind == DS_TAPE_NUM && !isfinite(v->num)) {
			where(c, at, sizeof at);
			c->range_line = c->line;
			c->range_obj = c->obj_at;
			return ll_err_set(c->err, LL_EDATA, "%s: \"%s\": a number beyond the range of a double", at,
					  col->name);
		}
	}
	if (v->null)
		return LL_OK;
	if (c->fill)
		return store_cell(c, col, v->kind, v->num, v->s, v->n);
	if (ds_json_tape_ok(&c->tape))
		ds_json_tape_push(&c->tape, v->kind, (uint32_t)(col - c->cols), v->num,
				  v->kind == DS_TAPE_STR ? v->s : NULL, v->n);
	if (v->kind == DS_TAPE_NUM) {
		double t;
		col->nnum++;
		if (number_time(v->num, &t))
			col->nepoch++;
		col->nevent += (size_t)ds_csv_event_epoch(v->num, &t);
	} else if (v->kind != DS_TAPE_STR) {
		col->nbool++;
	} else {
		const char *s = v->s;
		size_t n = v->n;
		double t;
		int a, b;
		col->nstr++;
		/* a column that has more text than stamps already stays
		 * text: the stamp forms are not tried on every later string
		 * (while stamps outnumber it, a few words among them may be
		 * a time column's strays: few_others) */
		if (col->nother > col->ntime)
			col->nother++;
		else if (n == 0)
			col->nempty++;
		else if (missing_mark(s, n)) {
			if (!col->nmissing++) {
				col->missing_at = c->doc ? c->records : c->line;
				snprintf(col->missing_text, sizeof col->missing_text, "%s", s);
			}
		}
		else if (ll_parse_number(s, n, &t)) {
			double e;
			int frac = strpbrk(s, ".eE") != NULL;
			col->nnumstr++;
			col->nfracstr += frac;
			if (!frac && int_seen(col, s, n, t) != LL_OK)
				return oom(c);
			/* Slack's "ts": "1710408401.123456" is as much an
			 * epoch as a quoted integer */
			col->nepochstr += number_time(t, &e);
		} else if (ds_csv_people_number(s, n, &t)) {
			/* docker stats --format json's "0.50%", "6.6MiB": a
			 * quantity, never an id */
			if (!col->nunitstr++)
				col->unit_at = c->doc ? c->records : c->line;
			int sign = ds_units_sign(s, n);
			col->nunit_time += sign == DS_UNITS_SIGN_TIME;
			col->nunit_size += sign == DS_UNITS_SIGN_SIZE;
			col->nnumstr++;
			col->nfracstr++;
		} else if (stamp_time(c, s, n, &t)) { /* not a number: ll_parse_number said so above */
			col->ntime++;
			if (isnan(t) && !col->nzero++)
				col->zero_at = c->doc ? c->records : c->line;
			if (ds_json_tape_ok(&c->tape))
				ds_json_tape_push(&c->tape, DS_TAPE_TIME, (uint32_t)(col - c->cols), t, NULL, 0);
		}
		else if (ds_csv_numeric_date(s, n, 0, &a, &b, &t)) {
			col->ntime++;
			col->nmdy++;
			col->day_first += a > 12;
			col->month_first += b > 12;
		} else if (!col->nother++) {
			col->other_at = c->doc ? c->records : c->line;
			snprintf(col->other_text, sizeof col->other_text, "%s", s);
		}
	}
	return LL_OK;
}

static int leaf(struct jctx *c, const cJSON *item)
{
	struct jleaf v = leaf_of(item);
	return leaf_value(c, &v);
}

/* The text a label value stands for; buf holds numbers. NULL for null. */
static const char *label_text(const struct jleaf *v, char *buf, size_t cap)
{
	if (v->null)
		return NULL;
	if (v->kind == DS_TAPE_STR)
		return v->s;
	if (v->kind != DS_TAPE_NUM)
		return v->kind == DS_TAPE_TRUE ? "true" : "false";
	format_number(v->num, buf, cap);
	return buf;
}

/* Pass 1 sees every record's label text s (NULL: none) so it can decide
 * whether "label" is a class. */
static int note_label(struct jctx *c, const char *s)
{
	if (!s || c->too_many_classes)
		return LL_OK;
	for (size_t k = 0; k < c->nclasses; k++)
		if (strcmp(c->classes[k], s) == 0)
			return LL_OK;
	if (c->nclasses == JSON_MAX_CLASSES) {
		c->too_many_classes = 1;
		return LL_OK;
	}
	if (!(c->classes[c->nclasses] = strdup(s)))
		return oom(c);
	c->nclasses++;
	return LL_OK;
}

/* A scalar under the label key at a record's top: pass 1 notes it and
 * keeps it on the tape, and its leaf follows as any value's (a column,
 * should there be too many classes); pass 2 makes it the row's class
 * and sets *skip (no leaf), unless there are too many classes. */
static int label_member(struct jctx *c, const struct jleaf *v, int *skip)
{
	char buf[40];
	const char *s = label_text(v, buf, sizeof buf);
	*skip = 0;
	if (!c->fill) {
		int rc = note_label(c, s);
		if (ds_json_tape_ok(&c->tape))
			ds_json_tape_push(&c->tape, DS_TAPE_LABEL, !v->null, 0, s, s ? strlen(s) : 0); /* null: no leaf after it */
		return rc;
	}
	if (c->too_many_classes)
		return LL_OK;
	*skip = 1;
	if (s) {
		int cls = ll_table_class_id(c->t, s, strlen(s));
		if (cls < 0)
			return oom(c);
		ll_table_set_label(c->t, (size_t)c->row, cls);
	}
	return LL_OK;
}

/* Records a program wrote as JSON text inside a string are that record:
 * Docker's json-file driver writes {"log": "{\"level\":\"info\",...}\n",
 * "stream": ..., "time": ...}, log shippers {"message": "{...}"}. A string
 * near the top of a record that holds one JSON object (blanks and a line
 * end around it; at most EMBEDDED_MAX_LEAVES values, so a request body
 * logged as text does not become hundreds of columns) is walked as that
 * object under its key ("log.level", "log.msg"). NULL when s is not so. */
#define EMBEDDED_MAX_LEAVES 64
static cJSON *embedded_record(const cJSON *s)
{
	const char *p = s->valuestring;
	if (!p)
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '{')
		return NULL;
	size_t n = strlen(p);
	while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n < 2 || p[n - 1] != '}')
		return NULL;
	const char *end = NULL;
	cJSON *o = cJSON_ParseWithLengthOpts(p, n, &end, 0);
	if (!o || !cJSON_IsObject(o) || !o->child || end != p + n || ds_json_leaves(o) > EMBEDDED_MAX_LEAVES) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The name member of an element of a list of named values: {"key": "host",
 * "value": "a"} (OpenTelemetry's attributes), {"Key": .., "Value": ..} (AWS
 * tags), {"name": .., "value": ..} (Kubernetes' env); NULL when e is not
 * an object of exactly a non-empty string name and a value. */
static const cJSON *pair_name(const cJSON *e, const cJSON **value)
{
	const cJSON *a = cJSON_IsObject(e) ? e->child : NULL, *b = a ? a->next : NULL;
	if (!b || b->next)
		return NULL;
	for (int swap = 0; swap < 2; swap++, a = b, b = e->child) {
		const char *k = a->string, *v = b->string;
		if (k && v && cJSON_IsString(a) && a->valuestring[0] &&
		    (!strcmp(k, "key") || !strcmp(k, "Key") || !strcmp(k, "name") || !strcmp(k, "Name")) &&
		    (!strcmp(v, "value") || !strcmp(v, "Value"))) {
			*value = b;
			return a;
		}
	}
	return NULL;
}

/* A list of named values longer than this is read by place: its names
 * are told apart pair by pair, and such a list is data, not attributes. */
#define NAMED_VALUES_MAX 256

/* 1 when every element of list a is a named value with a name of its own:
 * flattened as a map (attributes.host.name), not by place
 * (attributes.0.key, attributes.0.value), so a name is one column
 * wherever it stands in each record's list. */
static int named_values(const cJSON *a)
{
	if (!cJSON_IsArray(a) || !a->child)
		return 0;
	const cJSON *v;
	size_t count = 0;
	for (const cJSON *e = a->child; e; e = e->next) {
		const cJSON *n = pair_name(e, &v);
		if (!n || ++count > NAMED_VALUES_MAX)
			return 0;
		for (const cJSON *f = a->child; f != e; f = f->next)
			if (!strcmp(pair_name(f, &v)->valuestring, n->valuestring))
				return 0;
	}
	return 1;
}

/* OpenTelemetry's JSON wraps each value in an object of one member saying
 * its type ({"stringValue": "x"}, {"intValue": "5"}, 64-bit integers
 * quoted), as Google Cloud Monitoring's typed values do ({"int64Value":
 * "5"}): the member, else NULL. *number is set to a quoted integer's
 * number. */
static const char *const typed_kinds[] = {"stringValue", "boolValue", "intValue", "int64Value", "doubleValue",
					  "bytesValue", "arrayValue", "kvlistValue"};

static const cJSON *any_value(const cJSON *item, cJSON **number)
{
	const char *const *kinds = typed_kinds;
	const cJSON *m = cJSON_IsObject(item) ? item->child : NULL;
	*number = NULL;
	if (!m || m->next || !m->string)
		return NULL;
	for (size_t i = 0; i < sizeof typed_kinds / sizeof *typed_kinds; i++) {
		if (strcmp(m->string, kinds[i]) != 0)
			continue;
		double v;
		if ((i == 2 || i == 3) && cJSON_IsString(m) && ll_parse_number(m->valuestring, strlen(m->valuestring), &v) &&
		    !(*number = cJSON_CreateNumber(v)))
			return NULL;
		/* arrays and maps hold their values in "values" */
		const cJSON *in = i >= 6 ? cJSON_GetObjectItemCaseSensitive(m, "values") : NULL;
		return i >= 6 ? (cJSON_IsArray(in) ? in : NULL) : m;
	}
	return NULL;
}

/* cJSON's type tests without a call: walk() asks them of every value. */
static inline int is_container(const cJSON *v, int type)
{
	return (v->type & 0xFF) == type;
}

static int walk(struct jctx *c, const cJSON *item, int depth)
{
	cJSON *number = NULL;
	/* a typed value is an object of one member */
	const cJSON *inner_value = is_container(item, cJSON_Object) && item->child && !item->child->next
					   ? any_value(item, &number)
					   : NULL;
	if (inner_value || number) {
		int rc = walk(c, number ? number : inner_value, depth);
		cJSON_Delete(number);
		return rc;
	}
	if (!cJSON_IsObject(item) && !cJSON_IsArray(item)) {
		cJSON *inner = depth >= 1 && depth <= 2 && cJSON_IsString(item) ? embedded_record(item) : NULL;
		if (inner) {
			int rc = walk(c, inner, depth + 1);
			cJSON_Delete(inner);
			return rc;
		}
		return leaf(c, item);
	}
	int rc = LL_OK;
	size_t index = 0;
	/* a list of named values starts with an object */
	int named = is_container(item, cJSON_Array) && item->child && is_container(item->child, cJSON_Object) &&
		    named_values(item);
	for (const cJSON *ch = item->child; ch && rc == LL_OK; ch = ch->next, index++) {
		const char *key;
		size_t n;
		char ibuf[24];
		if (named) {
			const cJSON *value;
			key = pair_name(ch, &value)->valuestring;
			long old = path_push(c, key, strlen(key));
			if (old < 0)
				return oom(c);
			rc = walk(c, value, depth + 1);
			c->pathlen = (size_t)old;
			continue;
		}
		if (cJSON_IsObject(item)) {
			key = ch->string ? ch->string : "";
			n = strlen(key);
			/* A scalar label also counts as a column in pass 1, so that
			 * make_table can keep it as one if it has too many values. */
			if (depth == 0 && c->label_key && strcmp(key, c->label_key) == 0 && !cJSON_IsObject(ch) &&
			    !cJSON_IsArray(ch)) {
				struct jleaf v = leaf_of(ch);
				int skip;
				rc = label_member(c, &v, &skip);
				if (skip)
					continue;
			}
		} else {
			n = (size_t)snprintf(ibuf, sizeof ibuf, "%zu", index);
			key = ibuf;
		}
		if (rc != LL_OK)
			break;
		long old = path_push(c, key, n);
		if (old < 0)
			return oom(c);
		rc = walk(c, ch, depth + 1);
		c->pathlen = (size_t)old;
	}
	return rc;
}

/* The first object record with a top-level "label" or "class" key fixes
 * which of the two is the label for the whole file ("label" when it has
 * both), so both passes treat every record alike. */
static void choose_label_key(struct jctx *c, const cJSON *item)
{
	if (c->label_key || !cJSON_IsObject(item))
		return;
	/* one look at each key, the first letter before the rest: a file
	 * without labels asks this of every record's every key */
	int has_class = 0;
	for (const cJSON *k = item->child; k; k = k->next) {
		const char *s = k->string;
		if (!s)
			continue;
		if (s[0] == 'l' && strcmp(s, "label") == 0) {
			c->label_key = "label";
			return;
		}
		has_class |= s[0] == 'c' && strcmp(s, "class") == 0;
	}
	if (has_class)
		c->label_key = "class";
}

/* A record starts: pass 2 appends its row, pass 1 counts it and marks it
 * on the tape. */
static int start_record(struct jctx *c)
{
	c->pathlen = 0;
	if (c->fill) {
		c->row = ll_table_append_row(c->t);
		if (c->row < 0)
			return oom(c);
	} else {
		c->records++;
		ds_json_tape_push(&c->tape, DS_TAPE_ROW, 0, 0, NULL, 0);
	}
	if (c->stamp) {
		/* the poll's time first: the table's clock */
		if (path_push(c, c->stamp_key, strlen(c->stamp_key)) < 0)
			return oom(c);
		struct jleaf v = {DS_TAPE_STR, 0, 0, c->stamp, c->stamp_len};
		int rc = leaf_value(c, &v);
		c->pathlen = 0;
		return rc;
	}
	return LL_OK;
}

/* One record: an object or array is flattened, a bare scalar goes to
 * "value"; key (may be NULL) is the record's name in a map of records. */
static int record(struct jctx *c, const cJSON *item, const char *key)
{
	if (!c->fill)
		choose_label_key(c, item);
	int started = start_record(c);
	if (started != LL_OK)
		return started;
	if (key) {
		/* a member of a map of records: its name is a column "key", or
		 * "map_key" when the record has a "key" of its own (Elasticsearch's
		 * keyed buckets: {"2025-01-01": {"key": 1735689600000, ...}}) */
		const char *col = cJSON_IsObject(item) && cJSON_GetObjectItemCaseSensitive(item, "key") ? "map_key" : "key";
		cJSON *k = cJSON_CreateString(key);
		if (!k || path_push(c, col, strlen(col)) < 0) {
			cJSON_Delete(k);
			return oom(c);
		}
		int rc = leaf(c, k);
		cJSON_Delete(k);
		c->pathlen = 0;
		if (rc != LL_OK)
			return rc;
	}
	if (!cJSON_IsObject(item) && !cJSON_IsArray(item)) {
		if (path_push(c, "value", 5) < 0)
			return oom(c);
		return leaf(c, item);
	}
	return walk(c, item, 0);
}

/* ---- records read without a tree ----------------------------------------
 *
 * A JSON Lines record that is an object, or an object element of a
 * document's list (stream_elements), is read from the scanner's tokens
 * (ds_json_scan.h) by walk()'s rules, leaf for leaf as the tree would give
 * them. The rules that look at a whole object or list before taking it
 * (a typed value, a list of named values, a JSON record inside a string,
 * the choice of the label key) are not redone on tokens: a record where
 * any of them might apply, as well as anything the scanner refuses or
 * cJSON would read otherwise than the grammar says (a number of 64 bytes
 * or more, which cJSON cuts; whatever is not strict JSON, which cJSON may
 * take or refuse in its own way and words), goes to the tree. */

/* 1 when a string at walk()'s depth 1 or 2 may be a record written inside
 * it (embedded_record: blanks, then '{'). */
static int may_embed(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '{';
}

/* 1 for a key that pair_name() takes as a name or a value. */
static int pair_key(const char *k)
{
	return !strcmp(k, "key") || !strcmp(k, "Key") || !strcmp(k, "name") || !strcmp(k, "Name") ||
	       !strcmp(k, "value") || !strcmp(k, "Value");
}

static int typed_key(const char *k, size_t n)
{
	/* each ends in "Value" ("intValue" the shortest): most keys are told
	 * apart by their length and last letter */
	if (n < 8 || k[n - 1] != 'e')
		return 0;
	for (size_t i = 0; i < sizeof typed_kinds / sizeof *typed_kinds; i++)
		if (!strcmp(k, typed_kinds[i]))
			return 1;
	return 0;
}

/* 1 when c->toks has room for token n (grown if need be); 0 on no
 * memory. */
static int room_for_token(struct jctx *c, size_t n)
{
	if (n < c->tokcap)
		return 1;
	size_t cap = c->tokcap ? 2 * c->tokcap : 64;
	struct ds_json_scan_tok *t = realloc(c->toks, cap * sizeof *t);
	if (!t)
		return 0;
	c->toks = t;
	c->tokcap = cap;
	return 1;
}

/* Scans the object in text[0..len) (blanks around it) into c->toks; 0
 * when it must go to the tree instead (see above), or on no memory. With
 * end (an element of a document's list), what follows the object is the
 * caller's: *end gets where it ends; and a record that may hold a table
 * (a list directly in a list: rows, ds_json_tables.h), which the
 * element-wise reading must see as a tree, goes to the tree too. */
static int scan_tokens(struct jctx *c, const char *text, size_t len, size_t *ntoks, size_t *end)
{
	ds_json_scan_start(&c->scan, text, len, c->line);
	size_t n = 0;
	/* per depth: whether the container opened there is a list (each
	 * entry read is written first, by the token that opened the parent) */
	unsigned char lists[DS_JSON_SCAN_MAX_DEPTH + 1];
	int after_open = 0; /* 1: the token after '[', 2: the first key of an object opening a list */
	for (;;) {
		if (!room_for_token(c, n))
			return 0;
		struct ds_json_scan_tok *t = &c->toks[n];
		enum ds_json_tok k = ds_json_scan_next(&c->scan, t);
		if (k == DS_JSON_ERROR)
			return 0;
		if (k == DS_JSON_END) {
			*ntoks = n;
			if (end)
				*end = ds_json_scan_rest(&c->scan);
			return end || ds_json_scan_rest(&c->scan) == len;
		}
		if (n == 0 && k != DS_JSON_OBJECT)
			return 0;
		const char *txt = k == DS_JSON_KEY || k == DS_JSON_STRING ? ds_json_scan_text(&c->scan, t) : NULL;
		if (k == DS_JSON_KEY &&
		    (typed_key(txt, t->len) || (after_open == 2 && pair_key(txt)) ||
		     (t->depth == 1 && !c->label_key && t->len == 5 &&
		      (!strcmp(txt, "label") || !strcmp(txt, "class")))))
			return 0;
		if (k == DS_JSON_STRING && t->depth >= 1 && t->depth <= 2 && may_embed(txt))
			return 0;
		if (k == DS_JSON_NUMBER && t->len >= 64)
			return 0;
		if (end && (k == DS_JSON_ARRAY || k == DS_JSON_OBJECT)) {
			if (k == DS_JSON_ARRAY && t->depth && lists[t->depth - 1])
				return 0;
			lists[t->depth] = k == DS_JSON_ARRAY;
		}
		after_open = k == DS_JSON_ARRAY ? 1 : after_open == 1 && k == DS_JSON_OBJECT ? 2 : 0;
		n++;
	}
}

static struct jleaf token_leaf(const struct jctx *c, const struct ds_json_scan_tok *t)
{
	struct jleaf v = {DS_TAPE_STR, 0, 0, "", 0};
	switch (t->kind) {
	case DS_JSON_NUMBER:
		v.kind = DS_TAPE_NUM;
		ds_json_scan_number(c->scan.p + t->off, t->len, &v.num);
		break;
	case DS_JSON_TRUE:
		v.kind = DS_TAPE_TRUE;
		break;
	case DS_JSON_FALSE:
		v.kind = DS_TAPE_FALSE;
		break;
	case DS_JSON_NULL:
		v.null = 1;
		break;
	default:
		v.s = ds_json_scan_text(&c->scan, t);
		v.n = t->len;
		break;
	}
	return v;
}

static int is_open(const struct ds_json_scan_tok *t)
{
	return t->kind == DS_JSON_OBJECT || t->kind == DS_JSON_ARRAY;
}

/* walk() of the value at token *i, *i moved past it. */
static int walk_tokens(struct jctx *c, size_t *i)
{
	const struct ds_json_scan_tok *t = &c->toks[(*i)++];
	if (!is_open(t)) {
		struct jleaf v = token_leaf(c, t);
		return leaf_value(c, &v);
	}
	int object = t->kind == DS_JSON_OBJECT;
	unsigned depth = t->depth;
	int rc = LL_OK;
	for (size_t index = 0; rc == LL_OK && !(c->toks[*i].kind == DS_JSON_OBJECT_END ||
						 c->toks[*i].kind == DS_JSON_ARRAY_END); index++) {
		const char *key;
		size_t n;
		char ibuf[24];
		if (object) {
			key = ds_json_scan_text(&c->scan, &c->toks[*i]);
			n = c->toks[(*i)++].len;
			const struct ds_json_scan_tok *v = &c->toks[*i];
			if (depth == 0 && c->label_key && strcmp(key, c->label_key) == 0 && !is_open(v)) {
				struct jleaf lv = token_leaf(c, v);
				int skip;
				rc = label_member(c, &lv, &skip);
				if (skip) {
					(*i)++;
					continue;
				}
				if (rc != LL_OK)
					break;
			}
		} else {
			n = (size_t)snprintf(ibuf, sizeof ibuf, "%zu", index);
			key = ibuf;
		}
		long old = path_push(c, key, n);
		if (old < 0)
			return oom(c);
		rc = walk_tokens(c, i);
		c->pathlen = (size_t)old;
	}
	(*i)++; /* the close */
	return rc;
}

/* record() of the object in text[0..len) without a tree: 1 when read
 * (*rc its status), 0 when it must go to cJSON (nothing done yet). end:
 * as scan_tokens(). */
static int scan_record(struct jctx *c, const char *text, size_t len, int *rc, size_t *end)
{
	size_t ntoks, i = 0;
	if (!scan_tokens(c, text, len, &ntoks, end))
		return 0;
	/* as record(): the label key is chosen already (or none is in sight) */
	*rc = start_record(c);
	if (*rc == LL_OK)
		*rc = walk_tokens(c, &i);
	return 1;
}

/* The 8-byte cells the table will hold: a column with values in more
 * than a quarter of the records is an array of every record, one with
 * fewer keeps its values, two cells each (ll_table.c). Records of many
 * kinds fill few of their columns, so records x columns overstates them. */
static double table_cells(const struct jctx *c)
{
	double cells = 0;
	for (size_t i = 0; i < c->ncols; i++) {
		const struct jcol *col = &c->cols[i];
		double values = (double)(col->nnum + col->nbool + col->nstr);
		cells += values * 4 > (double)c->records ? (double)c->records : 2 * values;
	}
	return cells;
}

/* After pass 1: the table with every column at its final type. */
static int make_table(struct jctx *c)
{
	double cells = table_cells(c);
	if (cells > (double)JSON_MAX_CELLS)
		return ll_err_set(c->err, LL_EDATA, "%s: too large as a table: %zu records by %zu columns (%.0f cells)",
				  c->src->path, c->records, c->ncols, cells);
	if (c->opts->label_column && *c->opts->label_column) {
		size_t i = 0;
		while (i < c->ncols && strcmp(c->cols[i].name, c->label_key) != 0)
			i++;
		if (i == c->ncols)
			return ll_err_set(c->err, LL_EDATA, "%s: no record has a top-level key \"%s\" for the labels",
					  c->src->path, c->label_key);
	}
	c->t = ll_table_new();
	if (!c->t)
		return oom(c);
	/* A label with too many values to be a class stays an ordinary column. */
	if (c->label_key && c->too_many_classes &&
	    ll_table_note(c->t, "%s: \"%s\" has more than %d distinct values; kept as a column, not as labels",
			  c->src->path, c->label_key, JSON_MAX_CLASSES) != LL_OK)
		return oom(c);
	if (c->records && ll_table_reserve(c->t, c->records) != LL_OK)
		return oom(c);
	/* the first column that is a time by a clock's name or its values:
	 * epochs under a name of when a record was made or changed are
	 * times after it, not before it, so the table's time stays its */
	size_t clock_at = SIZE_MAX;
	for (size_t i = 0; i < c->ncols && clock_at == SIZE_MAX; i++)
		if (!(c->label_key && !c->too_many_classes && strcmp(c->cols[i].name, c->label_key) == 0) &&
		    col_type(&c->cols[i], 0, 0) == LL_COL_TIME)
			clock_at = i;
	/* a writer that quotes its measures: a column of quoted decimals or
	 * quantities with units read as numbers ("0.28%", "47.31MiB") */
	int quoted = 0;
	for (size_t i = 0; i < c->ncols && !quoted; i++)
		quoted = c->cols[i].nfracstr && col_type(&c->cols[i], 0, 0) == LL_COL_NUM;
	for (size_t i = 0; i < c->ncols; i++) {
		struct jcol *col = &c->cols[i];
		if (c->label_key && !c->too_many_classes && strcmp(col->name, c->label_key) == 0)
			continue;
		enum ll_coltype type = col_type(col, clock_at == SIZE_MAX || i > clock_at, quoted);
		int tc = ll_table_add_column(c->t, col->name, type);
		if (tc < 0)
			return oom(c);
		col->tcol = tc;
		/* durations alone or sizes alone: their kind said for a fleet */
		if (type == LL_COL_NUM && !col->nunit_time != !col->nunit_size &&
		    ds_units_mark(c->t, col->name, col->nunit_time ? DS_UNITS_SECONDS : DS_UNITS_BYTES) != LL_OK)
			return oom(c);
		if (type == LL_COL_NUM && col->nunitstr &&
		    ll_table_note(c->t, "%s: key \"%s\": %zu value%s written with a unit or thousands separators (first: %s %zu) "
				  "read as numbers (KB, MB... as powers of 1000, KiB, MiB... of 1024, ms, us, ns and spans such as "
				  "1h2m3s as seconds, %% and a currency sign dropped)",
				  c->src->path, col->name, col->nunitstr, col->nunitstr == 1 ? "" : "s",
				  c->doc ? "record" : "line", col->unit_at) != LL_OK)
			return oom(c);
		if (col->nrepeat &&
		    ll_table_note(c->t, "%s: key \"%s\" given again in one record (%zu time%s, first: %s %zu): the later "
				  "value in \"%s\"",
				  c->src->path, c->cols[col->repeat_of].name, col->nrepeat, col->nrepeat == 1 ? "" : "s",
				  c->doc ? "record" : "line", col->repeat_at, col->name) != LL_OK)
			return oom(c);
		/* a word in place of a number is a missing cell; said, not silent */
		if (type != LL_COL_TEXT && col->nmissing &&
		    ll_table_note(c->t, "%s: key \"%s\": %zu value%s such as \"%s\" (first: %s %zu) read as missing",
				  c->src->path, col->name, col->nmissing, col->nmissing == 1 ? "" : "s", col->missing_text,
				  c->doc ? "record" : "line", col->missing_at) != LL_OK)
			return oom(c);
		if (type == LL_COL_TIME && col->nzero &&
		    ll_table_note(c->t, "%s: key \"%s\": %zu value%s of the zero time 0001-01-01T00:00:00 (first: %s %zu) "
				  "read as missing",
				  c->src->path, col->name, col->nzero, col->nzero == 1 ? "" : "s",
				  c->doc ? "record" : "line", col->zero_at) != LL_OK)
			return oom(c);
		if (type == LL_COL_TIME && col->nother &&
		    ll_table_note(c->t, "%s: key \"%s\": %zu value%s such as \"%s\" (first: %s %zu) not a time: read as missing",
				  c->src->path, col->name, col->nother, col->nother == 1 ? "" : "s", col->other_text,
				  c->doc ? "record" : "line", col->other_at) != LL_OK)
			return oom(c);
		if (col->order &&
		    ll_table_note(c->t, "%s: key \"%s\" holds dates as %s; read %s", c->src->path, col->name,
				  col->order == 'd' ? "dd/MM/yyyy" : "MM/dd/yyyy",
				  col->order == 'd' ? "day-first (a first field is above 12)"
				  : col->month_first ? "month-first (a second field is above 12)"
						     : "month-first (no field above 12 tells)") != LL_OK)
			return oom(c);
	}
	return LL_OK;
}

/* Pass 2 from the tape pass 1 kept: the same rows, labels and cells as
 * walking the records again, without parsing them. */
static int replay(struct jctx *c)
{
	const struct ds_json_tape *tp = &c->tape;
	for (size_t i = 0; i < tp->n; i++) {
		const struct ds_json_tape_ent *e = &tp->ent[i];
		enum ds_json_tape_kind kind = ds_json_tape_kind(e);
		size_t n;
		const char *s = ds_json_tape_text(tp, e, &n);
		if (kind == DS_TAPE_ROW) {
			c->row = ll_table_append_row(c->t);
			if (c->row < 0)
				return oom(c);
		} else if (kind == DS_TAPE_LABEL) {
			/* as walk(): a class unless it has too many values, and
			 * then the leaf after it is an ordinary cell */
			if (c->too_many_classes)
				continue;
			if (s) {
				int cls = ll_table_class_id(c->t, s, n);
				if (cls < 0)
					return oom(c);
				ll_table_set_label(c->t, (size_t)c->row, cls);
			}
			i += ds_json_tape_col(e);
		} else if (kind != DS_TAPE_TIME) { /* a time is taken with the string before it */
			const struct jcol *col = &c->cols[ds_json_tape_col(e)];
			const struct ds_json_tape_ent *read = i + 1 < tp->n ? &tp->ent[i + 1] : NULL;
			int rc;
			if (read && ds_json_tape_kind(read) == DS_TAPE_TIME && col->tcol >= 0 &&
			    ll_table_col_type(c->t, (size_t)col->tcol) == LL_COL_TIME) {
				/* what store_cell would make of the stamp again */
				rc = ll_table_set_num(c->t, (size_t)c->row, (size_t)col->tcol, ds_json_tape_num(read));
				rc = rc == LL_ENOMEM ? oom(c) : rc;
			} else {
				rc = store_cell(c, col, kind, ds_json_tape_num(e), s, n);
			}
			if (rc != LL_OK)
				return rc;
		}
	}
	return LL_OK;
}

/* The tape's budget for a source of size bytes: twice the text (entries
 * are 12 bytes, a short key and number take fewer), at least 16 MiB so
 * small files of short values are replayed too, and no more than a
 * quarter of the memory limit for one structure (ll_limits.h). */
static size_t tape_budget(size_t size)
{
	uint64_t lim = ll_limit(LL_LIMIT_MEMORY) / 4, floor = (uint64_t)16 << 20;
	uint64_t want = (uint64_t)size * 2 > floor ? (uint64_t)size * 2 : floor;
	return (size_t)(want < lim ? want : lim);
}

/* A reading's context: the opener's label column, and whether records
 * are named by number (a whole document) or by line. */
static void ctx_init(struct jctx *c, const struct ds_source *src, const struct ds_open_opts *opts, struct ll_err *err,
		     int doc)
{
	memset(c, 0, sizeof *c);
	c->src = src;
	c->opts = opts;
	c->err = err;
	if (opts->label_column && *opts->label_column)
		c->label_key = opts->label_column;
	c->line = 1;
	c->doc = doc;
	ds_json_tape_init(&c->tape, 0);
	ds_json_scan_init(&c->scan);
	ds_json_token_tables_init(&c->tt);
}

static void ctx_free(struct jctx *c)
{
	for (size_t i = 0; i < c->ncols; i++) {
		free(c->cols[i].name);
		free(c->cols[i].int_seen);
	}
	free(c->cols);
	ll_slots_free(&c->ix);
	free(c->path);
	for (size_t k = 0; k < c->nclasses; k++)
		free(c->classes[k]);
	ds_json_tape_free(&c->tape);
	ds_json_scan_free(&c->scan);
	free(c->toks);
	ds_json_token_tables_free(&c->tt);
}

/* ---- locating errors ---------------------------------------------------- */

static int is_ws(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

/* Line and column (1-based, column in bytes) of offset off in data. */
static void line_col(const char *data, size_t off, size_t *line, size_t *col)
{
	size_t l = 1, start = 0;
	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = off - start + 1;
}

/* Up to 24 bytes from p, printable ASCII kept and the rest as \xNN. */
static void snippet(const char *p, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && i < 24 && o + 5 < cap; i++) {
		unsigned char ch = (unsigned char)p[i];
		if (ch == '\n' || ch == '\r')
			break;
		if (ch >= 0x20 && ch < 0x7f)
			out[o++] = (char)ch;
		else
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", ch);
	}
	out[o] = '\0';
}

/* Where a scan of JSON text stands: inside a string or not, and how many
 * objects and arrays are open. */
struct jdepth {
	long depth;
	int in_str;
};

/* Takes the byte at p[i] into s; returns the index of the next byte to
 * look at (an escape inside a string takes two). */
static size_t jdepth_step(struct jdepth *s, const char *p, size_t i)
{
	char ch = p[i];
	if (s->in_str) {
		if (ch == '\\')
			return i + 2;
		if (ch == '"')
			s->in_str = 0;
	} else if (ch == '"') {
		s->in_str = 1;
	} else if (ch == '{' || ch == '[') {
		s->depth++;
	} else if (ch == '}' || ch == ']') {
		s->depth--;
	}
	return i + 1;
}

/* 1 when the error at offset at is the input running out: the text ends
 * inside an open string, object or array, and nothing structural follows
 * the error's token (cJSON reports a cut-off value at its start, and a
 * cut after a separator at the last byte). */
static int truncated_at(const char *p, size_t n, size_t at)
{
	struct jdepth s = {0, 0};
	for (size_t i = 0; i < n;) {
		if (!s.in_str && i > at && (p[i] == 0 || strchr("{}[],:\"", p[i])))
			return 0;
		i = jdepth_step(&s, p, i);
		if (s.depth < 0)
			return 0;
	}
	return s.in_str || s.depth > 0;
}

/* How many objects and arrays are open at offset at of p. */
static long depth_at(const char *p, size_t n, size_t at)
{
	struct jdepth s = {0, 0};
	for (size_t i = 0; i < n && i < at;)
		i = jdepth_step(&s, p, i);
	return s.depth;
}

/* Describes what is at the error position into buf. */
static void describe(const char *p, size_t n, size_t at, char *buf, size_t cap)
{
	char snip[128];
	size_t rest = at < n ? n - at : 0;
	snippet(p + at, rest, snip, sizeof snip);
	if (depth_at(p, n, at) >= CJSON_NESTING_LIMIT)
		snprintf(buf, cap, "objects and arrays nested more than %d deep (cJSON's limit)", CJSON_NESTING_LIMIT);
	else if (truncated_at(p, n, at))
		snprintf(buf, cap, "the input ends inside an unclosed string, object or array (truncated?)%s%s%s",
			 snip[0] ? " at `" : "", snip, snip[0] ? "`" : "");
	else if (snip[0])
		snprintf(buf, cap, "unexpected `%s`", snip);
	else
		snprintf(buf, cap, "unexpected end of input");
}

/* ---- the "json" reader --------------------------------------------------- */

static size_t skip_bom(const char *p, size_t n)
{
	return n >= 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb && (unsigned char)p[2] == 0xbf ? 3
														 : 0;
}

/* The code unit of the \u escape at q (q[0] the backslash), or -1. */
static long escape_unit(const char *q, const char *end)
{
	unsigned v;
	return end - q >= 6 && q[1] == 'u' && ds_json_hex4(q + 2, &v) ? (long)v : -1;
}

/* How many characters of the escape at q are one character: 12
 * for a surrogate pair, else 6 (or 1 when it is no \u escape); *lone is
 * set for a surrogate without its other half. */
static int escape_span(const char *q, const char *end, int *lone)
{
	long u = escape_unit(q, end), w;
	*lone = 0;
	if (u < 0)
		return 1;
	if (u >= 0xD800 && u <= 0xDBFF && end - q >= 12 && q[6] == '\\' && (w = escape_unit(q + 6, end)) >= 0xDC00 &&
	    w <= 0xDFFF)
		return 12;
	*lone = u >= 0xD800 && u <= 0xDFFF;
	return 6;
}

/* A copy of text with each lone surrogate escape (\uD83E without its low
 * half, or a low half alone) written \uFFFD, which cJSON reads as U+FFFD,
 * as the scanner (ds_json_scan.c) reads the lone one, instead of refusing
 * the record; of the same length, so positions in it are the text's. NULL
 * when there is none (or no memory: the text is then parsed as it is). */
static char *mend_lone_surrogates(const char *p, size_t n)
{
	char *out = NULL;
	const char *end = p + n;
	for (const char *q = p; (q = memchr(q, '\\', (size_t)(end - q))) != NULL; q++) {
		size_t run = 0;
		while (q + run < end && q[run] == '\\')
			run++;
		q += run - 1;
		if (run % 2 == 0)
			continue;
		int alone;
		int span = escape_span(q, end, &alone);
		if (alone) {
			if (!out) {
				if (!(out = malloc(n + 1)))
					return NULL;
				memcpy(out, p, n);
			}
			memcpy(out + (q - p) + 1, "uFFFD", 5);
		}
		q += span - 1;
	}
	if (out)
		out[n] = '\0';
	return out;
}

/* Where text holds the escape \u0000 (after an even number of
 * backslashes), a copy with each such backslash doubled, so cJSON reads
 * the six characters instead of a NUL that would end the string; NULL
 * when there is none (or no memory: the text is then parsed as it is). */
static char *keep_nul_escapes(const char *p, size_t n, size_t *outlen)
{
	size_t extra = 0;
	const char *q = p, *end = p + n;
	for (; (q = memchr(q, '\\', (size_t)(end - q))) != NULL; q++) {
		size_t run = 0;
		while (q + run < end && q[run] == '\\')
			run++;
		q += run - 1;
		if (run % 2 == 1 && end - q >= 6 && q[1] == 'u' && q[2] == '0' && q[3] == '0' && q[4] == '0' && q[5] == '0')
			extra++;
	}
	if (!extra)
		return NULL;
	char *out = malloc(n + extra + 1), *o = out;
	if (!out)
		return NULL;
	for (q = p; q < end; q++) {
		if (*q != '\\') {
			*o++ = *q;
			continue;
		}
		size_t run = 0;
		while (q + run < end && q[run] == '\\')
			run++;
		memcpy(o, q, run);
		o += run;
		q += run - 1;
		if (run % 2 == 1 && end - q >= 6 && q[1] == 'u' && q[2] == '0' && q[3] == '0' && q[4] == '0' && q[5] == '0')
			*o++ = '\\';
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

/* cJSON_ParseWithLengthOpts keeping \u0000 escaped (see above). end is
 * only set on the text itself: with a copy, a failure is parsed again on
 * the original for its position. */
static cJSON *parse_keep_nul(const char *p, size_t n, const char **end)
{
	size_t m;
	char *copy = keep_nul_escapes(p, n, &m);
	if (!copy)
		return cJSON_ParseWithLengthOpts(p, n, end, 0);
	const char *cend = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(copy, m, &cend, 0);
	if (v) {
		/* trailing text after the value is checked on the original */
		cJSON_Delete(cJSON_ParseWithLengthOpts(p, n, end, 0));
		if (!*end)
			*end = p + n;
	}
	free(copy);
	return v ? v : cJSON_ParseWithLengthOpts(p, n, end, 0);
}

/* parse_keep_nul with lone surrogates mended (mend_lone_surrogates); end
 * points into the text given. */
static cJSON *parse_lenient(const char *p, size_t n, const char **end)
{
	char *mended = mend_lone_surrogates(p, n);
	if (!mended)
		return parse_keep_nul(p, n, end);
	const char *mend = NULL;
	cJSON *v = parse_keep_nul(mended, n, &mend);
	*end = mend ? p + (mend - mended) : NULL;
	free(mended);
	return v;
}

/* ---- envelopes ------------------------------------------------------------ */

static int all_objects(const cJSON *arr)
{
	if (!arr->child)
		return 0;
	for (const cJSON *ch = arr->child; ch; ch = ch->next)
		if (!cJSON_IsObject(ch))
			return 0;
	return 1;
}

/* An object whose members are records alike: three or more objects that
 * share most of their keys ({"2024-05-01T00:00": {"open": 1, ...}, ...},
 * {"host1": {"cpu": ...}, "host2": {"cpu": ...}}), as opposed to an object
 * of settings whose members differ. */
static int map_of_records(const cJSON *obj)
{
	if (!cJSON_IsObject(obj) || !all_objects(obj) || cJSON_GetArraySize(obj) < 3)
		return 0;
	const cJSON *first = obj->child;
	size_t keys = 0, shared = 0;
	for (const cJSON *m = first->next; m; m = m->next)
		for (const cJSON *k = m->child; k; k = k->next) {
			keys++;
			shared += k->string && cJSON_GetObjectItemCaseSensitive(first, k->string) != NULL;
		}
	return keys && 2 * shared > keys;
}

/* 1 when s is a date alone, no clock ("2026-12-07", "07.12.2026", and
 * sysstat's "12/07/26" of the C locale, read as its clocks' stamps are:
 * nearer_year()); its midnight in *out. */
static int date_alone(const char *s, int year, double *out)
{
	size_t n = strlen(s);
	char buf[32];
	if (n < 6 || n > 10 || !isdigit((unsigned char)s[0]) || memchr(s, ':', n) || memchr(s, ' ', n))
		return 0;
	int a, b, y;
	char end;
	/* MM/dd/yyyy (en_US's %x), day first when the first field cannot be
	 * a month: the CSV reader's order for a column of such dates */
	if (n == 10 && sscanf(s, "%2d/%2d/%4d%c", &a, &b, &y, &end) == 3 && s[2] == '/' && s[5] == '/') {
		int mon = a <= 12 ? a : b, mday = a <= 12 ? b : a;
		if (mon < 1 || mon > 12 || mday < 1 || mday > 31 || y < 1900)
			return 0;
		*out = ll_time_from_civil(y, mon, mday, 0, 0, 0);
		return 1;
	}
	int w = snprintf(buf, sizeof buf, "%s 00:00:00", s);
	if (w < 0 || (size_t)w >= sizeof buf || !ll_time_parse_year(buf, (size_t)w, year > 0 ? year : 1970, out))
		return 0;
	nearer_year(buf, (size_t)w, year, out);
	return fmod(*out, 86400.0) == 0;
}

/* 1 when a value in item, outside list, is a time: a string that reads as
 * one (string_time(), in year) or as a date alone, or a number under a
 * clock's name that reads as an epoch. */
static int time_beside(const cJSON *item, const cJSON *list, int year)
{
	if (item == list)
		return 0;
	double t;
	if (cJSON_IsString(item)) {
		const char *v = item->valuestring;
		size_t n = strlen(v);
		return !ll_parse_number(v, n, &t) && (ll_time_parse_year(v, n, year, &t) || date_alone(v, year, &t));
	}
	if (cJSON_IsNumber(item))
		return item->string && clock_name(item->string) && number_time(item->valuedouble, &t);
	for (const cJSON *ch = item->child; ch; ch = ch->next)
		if (time_beside(ch, list, year))
			return 1;
	return 0;
}

/* 1 when every object of the array has a member under a clock's name (a
 * time series' samples: "timestamp", "time"...). */
static int timed_objects(const cJSON *arr)
{
	for (const cJSON *o = arr->child; o; o = o->next) {
		const cJSON *k = o->child;
		while (k && !(k->string && ds_csv_time_name(k->string)))
			k = k->next;
		if (!k)
			return 0;
	}
	return 1;
}

/* 1 when the objects of the array have the same members, in the same
 * order (samples of one command, undated: iostat's without -t). */
static int same_members(const cJSON *arr)
{
	const cJSON *first = arr->child;
	if (!first || !first->child)
		return 0;
	for (const cJSON *o = first->next; o; o = o->next) {
		const cJSON *a = first->child, *b = o->child;
		for (; a && b; a = a->next, b = b->next)
			if (!a->string || !b->string || strcmp(a->string, b->string))
				return 0;
		if (a || b)
			return 0;
	}
	return 1;
}

static const cJSON *largest_list(const cJSON *obj, int depth, char *path, size_t cap, size_t len,
				 size_t *best_n, char *best, size_t best_cap);

/* A list of one object (sysstat's "hosts" of the one host a report is
 * about) that holds, one or two levels inside that object, a list of two
 * or more samples with a time each, or of the same members each (a
 * report without times), making most of its values ("hosts.0.statistics"),
 * the object itself dated: that list, its path in path; else NULL. */
static const cJSON *list_inside_one(const cJSON *arr, int depth, char *path, size_t cap, size_t len)
{
	if (depth <= 0 || cJSON_GetArraySize(arr) != 1)
		return NULL;
	int w = snprintf(path + len, cap - len, ".0");
	if (w < 0 || (size_t)w >= cap - len)
		return NULL;
	char scratch[512], inner[512];
	size_t n = 0;
	snprintf(scratch, sizeof scratch, "%s", path);
	const cJSON *in = largest_list(arr->child, depth < 2 ? depth : 2, scratch, sizeof scratch,
				       len + (size_t)w, &n, inner, sizeof inner);
	path[len] = 0;
	/* the one object is dated (sysstat's "file-date"): a report whose
	 * samples are the records; undated, its values belong to each sample
	 * (OpenTelemetry's resource and scope), as the series of point records
	 * ds_json_series.h reads keep them */
	if (!in || !cJSON_IsArray(in) || cJSON_GetArraySize(in) < 2 || !(timed_objects(in) || same_members(in)) ||
	    2 * n <= ds_json_leaves(arr) || !time_beside(arr->child, in, 0))
		return NULL;
	snprintf(path, cap, "%s", inner);
	return in;
}

/* The array of objects holding most leaves among the members of obj and of
 * the objects under it (at most depth levels down); *best_n its leaves, and
 * its dotted path in path[0..*len). */
static const cJSON *largest_list(const cJSON *obj, int depth, char *path, size_t cap, size_t len,
				 size_t *best_n, char *best, size_t best_cap)
{
	const cJSON *found = NULL;
	for (const cJSON *ch = obj->child; ch; ch = ch->next) {
		const char *key = ch->string ? ch->string : "";
		int w = snprintf(path + len, cap - len, "%s%s", len ? "." : "", key);
		if (w < 0 || (size_t)w >= cap - len)
			continue;
		const cJSON *in = cJSON_IsArray(ch) && all_objects(ch) ? list_inside_one(ch, depth, path, cap, len + (size_t)w)
									: NULL;
		if (in) {
			/* it counts as the whole of its wrapper */
			size_t n = ds_json_leaves(ch);
			if (n > *best_n) {
				*best_n = n;
				snprintf(best, best_cap, "%s", path);
				found = in;
			}
		} else if ((cJSON_IsArray(ch) && all_objects(ch)) || map_of_records(ch)) {
			size_t n = ds_json_leaves(ch);
			if (n > *best_n) {
				*best_n = n;
				snprintf(best, best_cap, "%s", path);
				found = ch;
			}
		} else if (cJSON_IsObject(ch) && depth > 0) {
			const cJSON *f = largest_list(ch, depth - 1, path, cap, len + (size_t)w, best_n, best, best_cap);
			if (f)
				found = f;
		}
		path[len] = 0;
	}
	return found;
}

/* An API's answer or an export wraps its records in an object: CloudTrail's
 * {"Records": [...]}, Kubernetes' {"kind": "EventList", "items": [...]},
 * GitHub's {"total_count": 2, "jobs": [...]}, {"data": {"rows": [...]}}.
 * Read as one record it would be one row of thousands of columns
 * (Records.0.eventTime, Records.1.eventTime...). The records are the array
 * of objects that holds more than half of the document's values, wherever
 * it is among the top three levels of objects; a record that merely holds
 * a list (a job with its two ACLs) keeps the list as columns. name gets the
 * array's dotted path. With maps, a map of records (map_of_records()) is a
 * list too, and so is the document when it is one. */
static const cJSON *envelope(const cJSON *doc, int maps, char *name, size_t cap)
{
	if (!cJSON_IsObject(doc))
		return NULL;
	char path[512] = "";
	size_t n = 0;
	const cJSON *list = largest_list(doc, 2, path, sizeof path, 0, &n, name, cap);
	if (list && 2 * n > ds_json_leaves(doc) && (maps || cJSON_IsArray(list)))
		return list;
	if (maps && map_of_records(doc)) {
		snprintf(name, cap, "%s", "");
		return doc;
	}
	return NULL;
}

/* Says where the records came from and which values beside them are not in
 * the table, so nothing is left out unsaid: n records of the list (a map
 * of records when map) called name, other scalars beside them. */
static int note_records_of(struct jctx *c, size_t n, size_t other, const char *name, int map)
{
	if (map) {
		/* "map_key" where the records have a "key" of their own (record()) */
		const char *col = ll_table_find_column(c->t, "map_key") >= 0 ? "map_key" : "key";
		int rc = ll_table_note(c->t,
				       "%s: the records are the %zu members of %s%s%s (their names in column \"%s\")%s",
				       c->src->path, n, *name ? "\"" : "the document", name, *name ? "\"" : "", col,
				       other ? "; the document's other values are not in the table" : "");
		return rc == LL_OK ? LL_OK : oom(c);
	}
	int rc = other ? ll_table_note(c->t,
				       "%s: the records are the %zu objects of \"%s\"; the document's %zu other "
				       "%s (beside that list) not in the table",
				       c->src->path, n, name, other, other == 1 ? "value is" : "values are")
		       : ll_table_note(c->t, "%s: the records are the %zu objects of \"%s\"", c->src->path, n, name);
	return rc == LL_OK ? LL_OK : oom(c);
}

static int note_envelope(struct jctx *c, const cJSON *doc, const cJSON *list, const char *name)
{
	return note_records_of(c, (size_t)cJSON_GetArraySize(list), ds_json_leaves(doc) - ds_json_leaves(list), name,
			       cJSON_IsObject(list));
}

/* Seconds of the day of a clock "HH:MM:SS[.f]", NAN when s is none. */
static double clock_of_day(const char *s)
{
	if (!s || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]) || s[5] != ':' ||
	    !isdigit((unsigned char)s[6]) || !isdigit((unsigned char)s[7]))
		return NAN;
	int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0', sec = (s[6] - '0') * 10 + s[7] - '0';
	char *end = (char *)s + 8;
	double frac = *end == '.' ? strtod(end, &end) : 0;
	if (*end || h > 23 || m > 59 || sec > 60)
		return NAN;
	return h * 3600.0 + m * 60.0 + sec + frac;
}

/* A key of dates beside a key of clocks (sadf -j's "timestamp": {"date":
 * "2026-12-04", "time": "22:45:28"}) is one time, as a Date column beside
 * a Time column of a CSV is: the dates take the clocks, else every sample
 * of a day falls on its midnight. */
static int join_date_clock(struct ll_table *t, const char *path)
{
	size_t nr = ll_table_nrows(t), nc = ll_table_ncols(t);
	for (size_t c = 0; c + 1 < nc; c++) {
		if (ll_table_col_type(t, c) != LL_COL_TIME || ll_table_col_type(t, c + 1) != LL_COL_TEXT)
			continue;
		size_t both = 0, r;
		for (r = 0; r < nr; r++) {
			double d = ll_table_num(t, r, c);
			const char *k = ll_table_text(t, r, c + 1);
			int no_clock = !k || !*k;
			if ((!isnan(d) && fmod(d, 86400.0) != 0) || (!no_clock && isnan(clock_of_day(k))))
				break;
			both += !isnan(d) && !no_clock;
		}
		if (r < nr || !both)
			continue;
		for (r = 0; r < nr; r++) {
			double d = ll_table_num(t, r, c), sod = clock_of_day(ll_table_text(t, r, c + 1));
			if (!isnan(d) && !isnan(sod) && ll_table_set_num(t, r, c, d + sod) != LL_OK)
				return LL_ENOMEM;
		}
		if (ll_table_note(t, "%s: keys '%s' and '%s' are one time: '%s' holds the dates with the clocks of '%s'",
				  path, ll_table_col_name(t, c), ll_table_col_name(t, c + 1), ll_table_col_name(t, c),
				  ll_table_col_name(t, c + 1)) != LL_OK)
			return LL_ENOMEM;
	}
	return LL_OK;
}

/* Seconds of the day of a clock, 24-hour or with AM/PM after it
 * ("10:32:53 AM", sysstat's under en_US); NAN when s is none. */
static double clock_any(const char *s)
{
	double sod = clock_of_day(s);
	size_t n = strlen(s);
	if (!isnan(sod) || n < 11 || n > 24 || s[n - 3] != ' ' || (s[n - 1] != 'M' && s[n - 1] != 'm'))
		return sod;
	char buf[32], ap = (char)toupper((unsigned char)s[n - 2]);
	if (ap != 'A' && ap != 'P')
		return NAN;
	memcpy(buf, s, n - 3);
	buf[n - 3] = 0;
	sod = clock_of_day(buf);
	if (isnan(sod) || sod < 3600.0 || sod >= 13 * 3600.0)
		return NAN; /* hours 1 to 12 */
	if (sod >= 12 * 3600.0)
		sod -= 12 * 3600.0;
	return ap == 'P' ? sod + 12 * 3600.0 : sod;
}

/* The one date alone among the strings of item outside list: 1 and *day
 * when every such string is that date, 0 when there is none or more. */
static int one_date_beside(const cJSON *item, const cJSON *list, int year, double *day, char *text, size_t cap)
{
	if (item == list)
		return 0;
	double t;
	if (cJSON_IsString(item) && date_alone(item->valuestring, year, &t)) {
		if (*text && t != *day)
			return -1;
		*day = t;
		snprintf(text, cap, "%s", item->valuestring);
		return 1;
	}
	int found = 0;
	for (const cJSON *ch = item->child; ch; ch = ch->next) {
		int f = one_date_beside(ch, list, year, day, text, cap);
		if (f < 0)
			return -1;
		found |= f;
	}
	return found;
}

/* Samples whose time is a clock alone under a clock's name beside one
 * date of the document (mpstat -o JSON: "date": "12/07/26" on its host,
 * "timestamp": "10:28:52" on each sample): each clock is dated by it, a
 * day later each time the clocks go back (past a midnight), so the key
 * is a time column. Returns 1 with a note in note (cap bytes), 0 when
 * the records are not such samples, or LL_ENOMEM. */
static int date_the_clocks(cJSON *doc, cJSON *list, int year, char *note, size_t cap)
{
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) < 2 || !cJSON_IsObject(list->child))
		return 0;
	/* a copy: replacing the first record's value frees its name */
	char key[128] = "";
	for (const cJSON *k = list->child->child; k && !*key; k = k->next)
		if (k->string && ds_csv_time_name(k->string) && cJSON_IsString(k) &&
		    !isnan(clock_any(k->valuestring)) && strlen(k->string) < sizeof key)
			snprintf(key, sizeof key, "%s", k->string);
	if (!*key)
		return 0;
	for (const cJSON *r = list->child; r; r = r->next) {
		const cJSON *k = cJSON_IsObject(r) ? cJSON_GetObjectItemCaseSensitive(r, key) : NULL;
		if (!k || !cJSON_IsString(k) || isnan(clock_any(k->valuestring)))
			return 0;
	}
	double day = NAN;
	char date[64] = "";
	if (one_date_beside(doc, list, year, &day, date, sizeof date) != 1)
		return 0;
	double last = -1;
	for (cJSON *r = list->child; r; r = r->next) {
		double sod = clock_any(cJSON_GetObjectItemCaseSensitive(r, key)->valuestring);
		if (sod < last)
			day += 86400.0;
		last = sod;
		char buf[64];
		ll_time_format(day + sod, buf, sizeof buf);
		cJSON *v = cJSON_CreateString(buf);
		if (!v || !cJSON_ReplaceItemInObjectCaseSensitive(r, key, v)) {
			cJSON_Delete(v);
			return LL_ENOMEM;
		}
	}
	snprintf(note, cap, "the clocks of key '%s' are dated by \"%s\" beside the records (a day later after each midnight)",
		 key, date);
	return 1;
}

enum jscan { JS_BAD, JS_PARTIAL, JS_DONE };
static enum jscan json_scan(const char *s, size_t n, size_t *end);

/* Set by tests (ds_json.h): the reference reading, every document through
 * the whole-tree path and JSON Lines parsed again in pass 2 (no tape). */
static int reference_only;

void ds_json_reference_reading(int on) { reference_only = on; }

static int record_is_series(cJSON *rec);

/* 0 when the list's first element, at data[pos..close), is read as it
 * is; 1 when it makes the records series of [time, value] pairs
 * (ds_json_series.h looks at them all at once), or when that cannot be
 * told. A list is series only if its first element is one. */
static int first_is_series(const char *data, size_t pos, size_t close)
{
	size_t first_end = 0;
	if (json_scan(data + pos, close - pos, &first_end) != JS_DONE)
		return 1;
	return record_is_series(parse_lenient(data + pos, first_end, &(const char *){NULL}));
}

/* 1 when record rec (taken, and freed) would make the records series of
 * pairs as the first of a list, or when that cannot be told (NULL). */
static int record_is_series(cJSON *rec)
{
	cJSON *probe = rec ? cJSON_CreateArray() : NULL;
	if (!probe) {
		cJSON_Delete(rec);
		return 1;
	}
	cJSON_AddItemToArray(probe, rec);
	size_t ns = 0, np = 0;
	const char *pk = NULL;
	int oom_series = 0;
	cJSON *series = ds_json_unnest_series(probe, &ns, &np, &pk, &(const char *){NULL}, &oom_series);
	cJSON_Delete(series);
	cJSON_Delete(probe);
	return series || oom_series;
}

/* What the first pass learns of a map of records read member by member,
 * for the whole-tree reading's choice (envelope(), map_of_records()). */
struct map_facts {
	cJSON *first;        /* the first member, whose keys the others share */
	size_t members, keys, shared;
	size_t leaves, most; /* scalars in all members, and in the largest */
	int numbered;        /* every member's keys numbers, its values scalars */
};

/* 1 when the whole-tree reading takes the members as records: three or
 * more objects sharing most keys (map_of_records()), and no list or map
 * inside one member can hold more than half of the document's values,
 * which largest_list() would take instead. */
static int map_facts_agree(const struct map_facts *m)
{
	return m->members >= 3 && m->keys && 2 * m->shared > m->keys && 2 * m->most <= m->leaves && !m->numbered;
}

static void map_facts_add(struct map_facts *m, cJSON *member)
{
	size_t n = ds_json_leaves(member);
	int numbered = member->child != NULL;
	for (const cJSON *k = member->child; k && numbered; k = k->next)
		numbered = !cJSON_IsObject(k) && !cJSON_IsArray(k) && k->string &&
			   ds_json_number_text(k->string, strlen(k->string));
	m->numbered = numbered && (m->members == 0 || m->numbered);
	m->members++;
	m->leaves += n;
	if (n > m->most)
		m->most = n;
	if (!m->first) {
		m->first = member;
		return;
	}
	for (const cJSON *k = member->child; k; k = k->next) {
		m->keys++;
		m->shared += k->string && cJSON_GetObjectItemCaseSensitive(m->first, k->string) != NULL;
	}
}

/* Most objects and arrays open at once in p[0..n). */
static long deepest(const char *p, size_t n)
{
	struct jdepth s = {0, 0};
	long most = 0;
	for (size_t i = 0; i < n;) {
		i = jdepth_step(&s, p, i);
		if (s.depth > most)
			most = s.depth;
	}
	return most;
}

/* The name of a map's member at data[*pos] (its '"'), then the ':' after
 * it, *pos moved to the value; NULL when the text is not that (the caller
 * falls back). The caller frees the name. */
static cJSON *member_name(const char *data, size_t close, size_t *pos)
{
	size_t n = 0, p = *pos;
	if (data[p] != '"' || json_scan(data + p, close - p, &n) != JS_DONE)
		return NULL;
	cJSON *name = parse_lenient(data + p, n, &(const char *){NULL});
	if (!name || !cJSON_IsString(name)) {
		cJSON_Delete(name);
		return NULL;
	}
	for (p += n; p < close && is_ws(data[p]); p++)
		;
	if (p >= close || data[p] != ':') {
		cJSON_Delete(name);
		return NULL;
	}
	for (p++; p < close && is_ws(data[p]); p++)
		;
	*pos = p;
	return name;
}

/* 1 when every value of array a is a scalar: a row with an object or
 * array in it may make its records series (ds_json_series.h), which the
 * whole tree decides. */
static int scalar_row(const cJSON *a)
{
	for (const cJSON *e = a->child; e; e = e->next)
		if (cJSON_IsObject(e) || cJSON_IsArray(e))
			return 0;
	return 1;
}

/* A table of names and rows whose rows list the text shows: its rows are
 * read from data[open] (the list's '[') to data[close - 1] (its ']'), each
 * made its record by frame, which borrows from rest, the object around the
 * rows parsed with the list "[]" (owned). */
struct jtable {
	size_t open, close, nrows;
	cJSON *rest;
	struct ds_json_frame frame;
};

/* The elements of the list from data[open] (its '[') to data[close - 1]
 * (its ']'), each an object or an array, parsed and recorded one at a
 * time in both passes: a whole document's cJSON tree takes about nine
 * times the file's size (a 1 GiB array of records would take 9 GiB), one
 * element's a few KiB. With map, data[open] is a '{' whose members are
 * read alike, each an object named in column "key", when they make a map
 * of records (map_facts_agree()). env, when the list is an envelope's,
 * gives the note naming it. With ntables tables (open and close then
 * unused), the elements are those tables' rows, one table after another,
 * each row turned into its record by its table's frame, and table_note
 * is the tables' note. *fallback is set, and nothing is kept, when an
 * element is no object or array, when cJSON refuses one (even after a
 * record's own error: the whole document's parse error comes first), when
 * the records are series, when the members are no map of records, or
 * when a row is not one of its frame's (another width, an object or array
 * in it): the whole-document path then reads it, with its messages. */
static int stream_elements(struct jctx *c, const char *data, size_t open, size_t close,
			   const struct ds_json_env *env, int map, struct jtable *tables, size_t ntables,
			   const char *table_note, int *fallback)
{
	*fallback = 1;
	size_t pos = open + 1;
	while (!ntables && pos < close && is_ws(data[pos]))
		pos++;
	if (!map && !ntables && ((data[pos] != '{' && data[pos] != '[') || first_is_series(data, pos, close)))
		return LL_OK;
	struct map_facts facts = {0};
	int rc = LL_OK, unvouched = 0;
	size_t nspans = ntables ? ntables : 1;
	/* what record() and make_table() refuse (too many columns, memory)
	 * the whole-document path would refuse alike, record by record: said
	 * here; only text cJSON refuses falls back */
	for (int pass = 0; pass < 2 && !unvouched; pass++) {
		c->fill = pass;
		if (pass == 1 && map && !map_facts_agree(&facts))
			break;
		if (pass == 1 && rc != LL_OK) { /* a record the first pass refused */
			*fallback = 0;
			break;
		}
		if (pass == 1)
			rc = make_table(c);
		if (pass == 1 && rc == LL_OK && ntables && ll_table_note(c->t, "%s: %s", c->src->path, table_note) != LL_OK)
			rc = oom(c);
		else if (pass == 1 && rc == LL_OK && (env || map))
			rc = map ? note_records_of(c, facts.members, 0, "", 1)
				 : note_records_of(c, env->elements, env->doc_leaves - env->leaves, env->name, 0);
		int again = pass == 0 || !ds_json_tape_ok(&c->tape);
		for (size_t t = 0; t < ntables; t++)
			ds_json_frame_rewind(&tables[t].frame);
		if (!again && rc == LL_OK)
			rc = replay(c);
		for (size_t s = 0; again && s < nspans && !unvouched && (rc == LL_OK || pass == 0); s++) {
			struct ds_json_frame *frame = ntables ? &tables[s].frame : NULL;
			size_t span_close = ntables ? tables[s].close : close;
			for (pos = (ntables ? tables[s].open : open) + 1; rc == LL_OK || pass == 0;) {
				while (pos < span_close && (is_ws(data[pos]) || data[pos] == ','))
					pos++;
				if (pos >= span_close - 1) /* the closing ']' or '}' */
					break;
				size_t n = 0;
				if (!map && !frame && data[pos] == '{' && rc == LL_OK &&
				    scan_record(c, data + pos, span_close - pos, &rc, &n)) {
					pos += n; /* reference_only never streams elements */
					continue;
				}
				cJSON *name = map ? member_name(data, span_close, &pos) : NULL;
				cJSON *v = NULL;
				if ((!map || (name && data[pos] == '{')) && (data[pos] == '{' || data[pos] == '[') &&
				    json_scan(data + pos, span_close - pos, &n) == JS_DONE)
					v = parse_lenient(data + pos, n, &(const char *){NULL});
				if (!v || (frame ? !ds_json_table_row(v, frame->width) || !scalar_row(v)
						 : pass == 0 && ds_json_holds_table(v))) {
					cJSON_Delete(v);
					cJSON_Delete(name);
					unvouched = 1;
					break;
				}
				if (frame && rc == LL_OK) {
					/* the row's values move to its record: v is then an empty array */
					cJSON *rec = ds_json_frame_record(frame, v);
					rc = rec ? record(c, rec, NULL) : oom(c);
					cJSON_Delete(rec);
				} else if (rc == LL_OK) {
					rc = record(c, v, name ? name->valuestring : NULL);
				}
				cJSON_Delete(name);
				if (map && pass == 0)
					map_facts_add(&facts, v); /* keeps v when it is the first */
				if (v != facts.first)
					cJSON_Delete(v);
				pos += n;
			}
		}
		if (pass == 1 && !unvouched)
			*fallback = 0;
	}
	cJSON_Delete(facts.first);
	return *fallback ? LL_OK : rc;
}

/* A top-level array (from data[open], its '['), scanned whole first: one
 * array followed by blanks, else *fallback. */
static int stream_array(struct jctx *c, const char *data, size_t size, size_t open, int *fallback)
{
	*fallback = 1;
	size_t end = 0;
	if (json_scan(data + open, size - open, &end) != JS_DONE)
		return LL_OK;
	for (size_t i = open + end; i < size; i++)
		if (!is_ws(data[i]))
			return LL_OK;
	return stream_elements(c, data, open, open + end, NULL, 0, NULL, 0, NULL, fallback);
}

/* 1 when item is or holds an array of n elements. */
static int holds_array_of(const cJSON *item, size_t n)
{
	if (cJSON_IsArray(item) && (size_t)cJSON_GetArraySize(item) == n)
		return 1;
	if (cJSON_IsArray(item) || cJSON_IsObject(item))
		for (const cJSON *ch = item->child; ch; ch = ch->next)
			if (holds_array_of(ch, n))
				return 1;
	return 0;
}

/* The member of obj at place i (from 0), or NULL. */
static cJSON *member_at(cJSON *obj, size_t i)
{
	cJSON *m = cJSON_IsObject(obj) ? obj->child : NULL;
	while (m && i--)
		m = m->next;
	return m;
}

/* The text data[open..close) parsed with its part inside the list from
 * data[lo] ('[') to data[hi - 1] (']') left out: the list as "[]". NULL
 * when cJSON refuses the rest, or out of memory. */
static cJSON *parse_without(const char *data, size_t open, size_t close, size_t lo, size_t hi)
{
	size_t head = lo + 1 - open, tail = close - (hi - 1);
	char *text = malloc(head + tail);
	if (!text)
		return NULL;
	memcpy(text, data + open, head);
	memcpy(text + head, data + hi - 1, tail);
	cJSON *rest = parse_lenient(text, head + tail, &(const char *){NULL});
	free(text);
	return rest;
}

/* The tables of names and rows read from the text, in document order,
 * with what ds_json_frame_note() says of them. */
struct jtables {
	struct jtable *t;
	size_t n, cap;
	size_t rows;      /* rows of all the tables */
	size_t in_rows;   /* scalars in their names and rows */
	size_t in_tables; /* scalars in the tables' objects whole */
	size_t dropped;   /* members left out: a column has their name */
};

static void jtables_free(struct jtables *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		ds_json_frame_free(&ts->t[i].frame);
		cJSON_Delete(ts->t[i].rest);
	}
	free(ts->t);
	memset(ts, 0, sizeof *ts);
}

/* The table whose rows are the list of e (its '[' at data[lo], past its
 * ']' at hi) inside rest, the object around it parsed with the list "[]"
 * (taken: kept by the table, or freed), which is at nesting level level
 * of the document, appended to ts: 1 when the whole tree would unfold it
 * alike (ds_json_tables.h: the table is found within its four levels, rest
 * holds no other table, the names fit the first row's width, whose values
 * are scalars, and the first table's first record is no series); 0 when
 * it would not, or out of memory. */
static int take_table(struct jtables *ts, const char *data, size_t lo, size_t hi, const struct ds_json_env *e,
		      cJSON *rest, int level)
{
	cJSON *obj = rest, *rows = NULL, *first = NULL;
	for (int l = 0; l < e->levels && obj; l++) {
		rows = member_at(obj, e->member[l]);
		if (l + 1 < e->levels)
			obj = rows;
	}
	size_t pos = lo + 1, n = 0;
	while (pos < hi && is_ws(data[pos]))
		pos++;
	if (!obj || !cJSON_IsArray(rows) || rows->child || level + e->levels - 1 > DS_JSON_TABLE_DEPTH ||
	    ds_json_holds_table(rest) || data[pos] != '[' || json_scan(data + pos, hi - pos, &n) != JS_DONE)
		goto no;
	/* the first row's width picks the names, as the whole tree does */
	first = parse_lenient(data + pos, n, &(const char *){NULL});
	int width = cJSON_GetArraySize(first);
	const cJSON *names = width >= 1 ? ds_json_table_names(obj, rows, width) : NULL;
	if (!names || !scalar_row(first))
		goto no;
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? 2 * ts->cap : 4;
		struct jtable *grown = realloc(ts->t, cap * sizeof *grown);
		if (!grown)
			goto no;
		ts->t = grown;
		ts->cap = cap;
	}
	struct jtable *t = &ts->t[ts->n];
	if (!ds_json_frame_init(&t->frame, obj, names, rows, e->elements))
		goto no;
	/* a table's own members are the same in every record, the rows'
	 * values scalars: the records are series when the first is */
	if (ts->n == 0 && record_is_series(ds_json_frame_record(&t->frame, first))) {
		ds_json_frame_free(&t->frame);
		goto no;
	}
	cJSON_Delete(first);
	t->open = lo;
	t->close = hi;
	t->nrows = e->elements;
	t->rest = rest;
	ts->rows += e->elements;
	ts->in_rows += e->leaves + ds_json_leaves(names);
	ts->in_tables += e->leaves + ds_json_leaves(obj);
	ts->dropped += t->frame.dropped;
	ts->n++;
	return 1;
no:
	cJSON_Delete(first);
	cJSON_Delete(rest);
	return 0;
}

/* The tables of names and rows in the object data[open..close) (its '{'
 * at data[open]), at nesting level level of the document, appended to ts,
 * as the whole tree would find them: the list holding most of the
 * object's values is a table's rows, or a list of objects each read alike
 * (InfluxDB's results[].series[]); an object with neither is parsed to
 * tell that it holds no table, its values the document's other values,
 * as are those around the lists. 0 when the whole tree must read it. */
static int nested_tables(struct jtables *ts, const char *data, size_t open, size_t close, int level)
{
	struct ds_json_env e;
	if (!ds_json_env_find(data + open, close - open, &e) || !e.elements || (!e.all_arrays && !e.all_objects)) {
		cJSON *whole = parse_lenient(data + open, close - open, &(const char *){NULL});
		int none = whole && !ds_json_holds_table(whole);
		cJSON_Delete(whole);
		return none;
	}
	size_t lo = open + e.open, hi = open + e.close;
	cJSON *rest = parse_without(data, open, close, lo, hi);
	if (!rest)
		return 0;
	if (e.all_arrays)
		return take_table(ts, data, lo, hi, &e, rest, level);
	int ok = !ds_json_holds_table(rest);
	cJSON_Delete(rest);
	for (size_t pos = lo + 1, n = 0; ok; pos += n) {
		while (pos < hi && (is_ws(data[pos]) || data[pos] == ','))
			pos++;
		if (pos >= hi - 1)
			break;
		ok = data[pos] == '{' && json_scan(data + pos, hi - pos, &n) == JS_DONE &&
		     nested_tables(ts, data, pos, pos + n, level + e.levels + 1);
	}
	return ok;
}

/* The rows of the tables ts holds read one at a time in both passes, each
 * made the record the whole tree's ds_json_tables() makes of it; doc_leaves
 * are the document's scalars. Taken only when the tables' names and rows
 * hold more than half of them, as the whole tree takes them. */
static int stream_tables(struct jctx *c, const char *data, struct jtables *ts, size_t doc_leaves, int *fallback)
{
	*fallback = 1;
	if (!ts->n || 2 * ts->in_rows <= doc_leaves)
		return LL_OK;
	char note[512];
	const struct ds_json_frame *f = &ts->t[0].frame;
	ds_json_frame_note(note, sizeof note, ts->rows, ts->n, f->names->string, f->rows->string, ts->dropped,
			   doc_leaves - ts->in_tables);
	return stream_elements(c, data, 0, 0, NULL, 0, ts->t, ts->n, note, fallback);
}

/* An envelope's list of objects (env, from data[open] to data[close - 1])
 * whose first element holds a table of names and rows read from the text
 * (nested_tables()), rest the document without the list (borrowed): every
 * table in the list streamed, or *fallback. */
static int stream_list_of_tables(struct jctx *c, const char *data, size_t open, size_t close,
				 const struct ds_json_env *env, const cJSON *rest, int *fallback)
{
	*fallback = 1;
	if (ds_json_holds_table(rest))
		return LL_OK;
	struct jtables ts = {0};
	int ok = 1;
	for (size_t pos = open + 1, n = 0; ok; pos += n) {
		while (pos < close && (is_ws(data[pos]) || data[pos] == ','))
			pos++;
		if (pos >= close - 1)
			break;
		ok = data[pos] == '{' && json_scan(data + pos, close - pos, &n) == JS_DONE &&
		     nested_tables(&ts, data, pos, pos + n, env->levels + 1) && ts.n > 0;
	}
	int rc = ok ? stream_tables(c, data, &ts, env->doc_leaves, fallback) : LL_OK;
	jtables_free(&ts);
	return rc;
}

/* A top-level object (its '{' at data[at], the text from data[start])
 * whose records are an envelope's list, found in the text
 * (ds_json_envelope.h) where envelope() would find it in the tree: the
 * list read an element at a time, the rest of the document parsed
 * without it so that what cJSON refuses there is still refused by the
 * whole-tree path (*fallback), as is every document whose list the scan
 * cannot tell: a map of records, a list of scalars, a document nested
 * deeper than cJSON parses. A list of arrays is the rows of a table of
 * names and rows; a list of objects holding such tables (one object
 * included) gives their rows. */
static int stream_envelope(struct jctx *c, const char *data, size_t size, size_t start, size_t at, int *fallback)
{
	*fallback = 1;
	size_t end = 0;
	if (json_scan(data + at, size - at, &end) != JS_DONE)
		return LL_OK;
	for (size_t i = at + end; i < size; i++)
		if (!is_ws(data[i]))
			return LL_OK;
	struct ds_json_env env;
	if (!ds_json_env_find(data + at, end, &env)) {
		/* no list holds most values: perhaps a map of records */
		if (deepest(data + at, end) >= CJSON_NESTING_LIMIT)
			return LL_OK;
		return stream_elements(c, data, at, at + end, NULL, 1, NULL, 0, NULL, fallback);
	}
	int rows = env.all_arrays && env.elements >= 1;
	if ((!rows && !env.all_objects) || env.deepest >= CJSON_NESTING_LIMIT)
		return LL_OK;
	size_t open = at + env.open, close = at + env.close;
	cJSON *r = parse_without(data, start, size, open, close);
	if (!r)
		return LL_OK;
	if (rows) {
		struct jtables ts = {0};
		int rc = take_table(&ts, data, open, close, &env, r, 0) ? stream_tables(c, data, &ts, env.doc_leaves, fallback)
									: LL_OK;
		jtables_free(&ts);
		return rc;
	}
	int rc = stream_list_of_tables(c, data, open, close, &env, r, fallback);
	if (!*fallback || env.elements < 2) {
		cJSON_Delete(r);
		return rc;
	}
	/* a list of objects may be the column names of a table whose rows
	 * (arrays of as many values) or a data frame's lists of values (as
	 * many) hold fewer values than the names: the whole tree then unfolds
	 * the table (ds_json_tables.h). Without an array of that many
	 * elements beside the list, it cannot. */
	int names = holds_array_of(r, env.elements);
	cJSON_Delete(r);
	if (names)
		return LL_OK;
	return stream_elements(c, data, open, close, &env, 0, NULL, 0, NULL, fallback);
}

/* A document's table, its date and clock columns joined, into *out; or
 * the table freed on an error (rc, or one of its own). */
static int finish_doc(struct jctx *c, int rc, struct ll_table **out)
{
	if (rc == LL_OK && join_date_clock(c->t, c->src->path) != LL_OK)
		rc = ll_err_set(c->err, LL_ENOMEM, "%s: out of memory", c->src->path);
	if (rc != LL_OK) {
		ll_table_free(c->t);
		return rc;
	}
	*out = c->t;
	return LL_OK;
}

/* The records of a parsed document, as the "json" reader takes them. */
struct doc_records {
	cJSON *tables;      /* rows of its tables (owned), their values moved out of the document */
	cJSON *series;      /* points of its series (owned) */
	const cJSON *list;  /* the records; NULL: the document is one */
	const cJSON *found; /* the list before its series were unnested */
	int enveloped;      /* found is an envelope's, named env */
	char env[512], tables_note[512], clocks_note[256];
	size_t nseries, npoints;
	const char *pairs_key, *pairs_shape;
};

/* doc's records into d: the rows of its tables (ds_json_tables.h), a
 * top-level array, or an envelope's list or map of records (envelope()),
 * then the points of series of pairs in them (ds_json_series.h); else the
 * document is one record. A value of JSON Lines read as a document (line)
 * has only tables of names and rows, data frames and an envelope's array
 * as records, and the array only when no value beside it is a time (in
 * year): a line with a time of its own is a record whose list is its
 * own (a trace's spans). LL_ENOMEM when out of memory (d then holds
 * nothing). */
static int doc_records(cJSON *doc, int line, int year, struct doc_records *d)
{
	memset(d, 0, sizeof *d);
	int oom_tables = 0, oom_series = 0;
	d->tables = line ? ds_json_tables_of_rows(doc, d->tables_note, sizeof d->tables_note, &oom_tables)
			 : ds_json_tables(doc, d->tables_note, sizeof d->tables_note, &oom_tables);
	if (oom_tables)
		return LL_ENOMEM;
	d->list = d->tables ? d->tables : cJSON_IsArray(doc) && !line ? doc : NULL;
	d->enveloped = !d->list && (d->list = envelope(doc, !line, d->env, sizeof d->env)) != NULL;
	if (line && d->enveloped && time_beside(doc, d->list, year)) {
		d->enveloped = 0;
		d->list = NULL;
	}
	if (!line && d->enveloped &&
	    date_the_clocks(doc, (cJSON *)d->list, year, d->clocks_note, sizeof d->clocks_note) == LL_ENOMEM) {
		cJSON_Delete(d->tables);
		memset(d, 0, sizeof *d);
		return LL_ENOMEM;
	}
	d->found = d->list;
	d->series = d->list ? ds_json_unnest_series(d->list, &d->nseries, &d->npoints, &d->pairs_key, &d->pairs_shape,
						   &oom_series)
			    : NULL;
	if (oom_series) {
		cJSON_Delete(d->tables);
		memset(d, 0, sizeof *d);
		return LL_ENOMEM;
	}
	if (d->series)
		d->list = d->series;
	return LL_OK;
}

static void doc_records_free(struct doc_records *d)
{
	cJSON_Delete(d->series);
	cJSON_Delete(d->tables);
	memset(d, 0, sizeof *d);
}

/* What d's series of points are, into buf (cap bytes). */
static void series_sentence(const struct doc_records *d, char *buf, size_t cap)
{
	if (strcmp(d->pairs_shape, DS_JSON_PARALLEL) == 0)
		snprintf(buf, cap,
			 "the records are %zu series of lists side by side, times under \"%s\" (%zu points): a row per "
			 "position, each list's element under its key, with the series' other keys",
			 d->nseries, d->pairs_key, d->npoints);
	else if (strcmp(d->pairs_shape, DS_JSON_POINTS) == 0)
		snprintf(buf, cap,
			 "the records are %zu series of point records under \"%s\" (%zu points): a row per point, with "
			 "its series' other keys",
			 d->nseries, d->pairs_key, d->npoints);
	else
		snprintf(buf, cap,
			 "the records are %zu series of %s under \"%s\" (%zu points): a row per point, with its series' "
			 "other keys and columns \"time\" and \"value\"",
			 d->nseries, d->pairs_shape, d->pairs_key, d->npoints);
}

static int json_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		     struct ll_err *err)
{
	*out = NULL;
	const char *data = src->data ? src->data : "";
	size_t size = src->size, start = skip_bom(data, size), i = start;
	while (i < size && is_ws(data[i]))
		i++;
	if (i == size)
		return ll_err_set(err, LL_EDATA, "%s: empty file: no JSON value", src->path);
	if (!reference_only && (data[i] == '[' || data[i] == '{')) {
		struct jctx c;
		ctx_init(&c, src, opts, err, 1);
		ds_json_tape_init(&c.tape, tape_budget(size));
		int fallback = 0;
		int rc = data[i] == '[' ? stream_array(&c, data, size, i, &fallback)
					: stream_envelope(&c, data, size, start, i, &fallback);
		ctx_free(&c);
		if (!fallback)
			return finish_doc(&c, rc, out);
		ll_table_free(c.t);
		ll_err_clear(err);
	}
	const char *end = NULL;
	cJSON *doc = parse_lenient(data + start, size - start, &end);
	if (!doc) {
		size_t at = end && end >= data + start && end <= data + size ? (size_t)(end - data) : i;
		size_t line, col;
		char what[256];
		line_col(data, at, &line, &col);
		describe(data + start, size - start, at - start, what, sizeof what);
		return ll_err_set(err, LL_EDATA, "%s:%zu:%zu: malformed JSON near byte %zu: %s", src->path, line, col,
				  at, what);
	}
	size_t after = (size_t)(end - data);
	while (after < size && is_ws(data[after]))
		after++;
	if (after < size) {
		size_t line, col;
		char snip[128];
		line_col(data, after, &line, &col);
		snippet(data + after, size - after, snip, sizeof snip);
		cJSON_Delete(doc);
		return ll_err_set(err, LL_EDATA,
				  "%s:%zu:%zu: malformed JSON near byte %zu: more data after the document ends: `%s` "
				  "(one value per line is JSON Lines: --format jsonl)",
				  src->path, line, col, after, snip);
	}

	struct jctx c;
	ctx_init(&c, src, opts, err, 1);
	struct doc_records d;
	if (doc_records(doc, 0, opts->default_year, &d) != LL_OK) {
		cJSON_Delete(doc);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	if (d.tables) { /* its values moved to the records: the rest is not read */
		cJSON_Delete(doc);
		doc = NULL;
	}
	int rc = LL_OK;
	for (int pass = 0; pass < 2 && rc == LL_OK; pass++) {
		c.fill = pass;
		if (pass == 1 && (rc = make_table(&c)) == LL_OK && d.enveloped)
			rc = note_envelope(&c, doc, d.found, d.env);
		if (pass == 1 && rc == LL_OK && d.tables && ll_table_note(c.t, "%s: %s", src->path, d.tables_note) != LL_OK)
			rc = oom(&c);
		if (pass == 1 && rc == LL_OK && *d.clocks_note &&
		    ll_table_note(c.t, "%s: %s", src->path, d.clocks_note) != LL_OK)
			rc = oom(&c);
		if (pass == 1 && rc == LL_OK && d.series) {
			char said[512];
			series_sentence(&d, said, sizeof said);
			if (ll_table_note(c.t, "%s: %s", src->path, said) != LL_OK)
				rc = oom(&c);
		}
		if (d.list) {
			for (const cJSON *r = d.list->child; r && rc == LL_OK; r = r->next)
				rc = record(&c, r, cJSON_IsObject(d.list) ? (r->string ? r->string : "") : NULL);
		} else if (rc == LL_OK) {
			rc = record(&c, doc, NULL);
		}
	}
	doc_records_free(&d);
	cJSON_Delete(doc);
	ctx_free(&c);
	return finish_doc(&c, rc, out);
}

/* ---- the "jsonl" reader -------------------------------------------------- */

static int blank(const char *p, size_t n);

/* A line of an index, a tag and a pair in Ruby's hashes (ds_json_pair.h)
 * as its record, timed and with a member "tag" at its end (unless the
 * record has one); NULL when the line is none, or out of memory (*oom
 * set). */
static cJSON *tagged_record(const char *line, size_t len, int *oom)
{
	*oom = 0;
	if (len < 8 || line[0] != '[' || line[1] < '0' || line[1] > '9')
		return NULL;
	size_t cap = 2 * len + 8, n;
	char *text = malloc(cap), tag[256];
	if (!text) {
		*oom = 1;
		return NULL;
	}
	cJSON *v = NULL;
	if (ds_json_tagged_text(line, len, text, cap, &n, tag, sizeof tag)) {
		const char *end = NULL;
		v = parse_lenient(text, n, &end);
		if (v && (!ds_json_is_time_pair(v) || !end || !blank(end, (size_t)(text + n - end)))) {
			cJSON_Delete(v);
			v = NULL;
		}
	}
	free(text);
	if (!v)
		return NULL;
	if (!(v = ds_json_unpair(v)) ||
	    (!cJSON_GetObjectItemCaseSensitive(v, "tag") && !cJSON_AddStringToObject(v, "tag", tag))) {
		cJSON_Delete(v);
		*oom = 1;
		return NULL;
	}
	return v;
}

/* Parses one line; on failure sets err naming the line and byte. */
static cJSON *parse_line(const struct ds_source *src, size_t lineno, const char *line, size_t len,
			 struct ll_err *err)
{
	int oom;
	cJSON *v = tagged_record(line, len, &oom);
	if (v || oom) {
		if (oom)
			ll_err_set(err, LL_ENOMEM, "%s:%zu: out of memory", src->path, lineno);
		return v;
	}
	const char *end = NULL;
	v = parse_lenient(line, len, &end);
	size_t at;
	char what[256];
	if (v) {
		at = (size_t)(end - line);
		while (at < len && is_ws(line[at]))
			at++;
		if (at == len) {
			/* a time and a record: the record, timed */
			if (!(v = ds_json_unpair(v)))
				ll_err_set(err, LL_ENOMEM, "%s:%zu: out of memory", src->path, lineno);
			return v;
		}
		char snip[128];
		snippet(line + at, len - at, snip, sizeof snip);
		snprintf(what, sizeof what, "more data after the value: `%s`", snip);
		cJSON_Delete(v);
	} else {
		at = end && end >= line && end <= line + len ? (size_t)(end - line) : 0;
		describe(line, len, at, what, sizeof what);
	}
	ll_err_set(err, LL_EDATA, "%s:%zu: malformed JSON near byte %zu: %s", src->path, lineno, at + 1, what);
	return NULL;
}

static int blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_ws(p[i]))
			return 0;
	return 1;
}

/* A JSON Lines file may hold a few lines that are not JSON: the last one
 * cut short while a program was still writing it, a stray heading or a
 * record mangled by hand. Up to one line in JSONL_STRAY (the share the
 * sniffer lets through) is skipped with a note naming the first; more, and
 * the file is refused with the first line's error. */
#define JSONL_STRAY 50
/* Lines that are a record cut short (an object whose line ends inside a
 * string or before its closing brace) are skipped when at most one line
 * in JSONL_CUT is one, even in a file too small for JSONL_STRAY. */
#define JSONL_CUT 4

/* 1 when the object that ends at p[end] is followed on its own line by
 * the next one ("}{" or "} {"): concatenated JSON, as Splunk's HTTP event
 * collector takes a batch, or a program that never writes a newline. */
static int next_on_same_line(const char *p, size_t n, size_t end)
{
	while (end < n && (p[end] == ' ' || p[end] == '\t'))
		end++;
	return end < n && p[end] == '{';
}

static int text_line(const char *line, size_t len);
static int stamp_line(const char *line, size_t len, const char **s, size_t *n);

/* When the line that goes on from d[i] (its blanks before skipped) is a
 * stamp alone (stamp_line), where the next line starts, its stamp in *s,
 * *sn; else 0. */
static size_t stamp_line_at(const char *d, size_t n, size_t i, const char **s, size_t *sn)
{
	const char *nl = memchr(d + i, '\n', n - i);
	size_t e = nl ? (size_t)(nl - d) : n;
	if (e == i || !text_line(d + i, e - i) || !stamp_line(d + i, e - i, s, sn))
		return 0;
	return nl ? e + 1 : n;
}

/* 1 when data (from byte start, blanks skipped) begins with an object
 * that runs over more than one line, 2 when the next object follows it on
 * the same line: a stream of pretty-printed records (what `jq .` writes
 * for JSON Lines, or tools that print one indented object per item) or of
 * concatenated ones, read object by object rather than line by line. */
static int object_stream(const char *data, size_t size, size_t start)
{
	while (start < size && is_ws(data[start]))
		start++;
	/* a stamp line above the first object (polled_stream) */
	const char *st;
	size_t sn, past = start < size ? stamp_line_at(data, size, start, &st, &sn) : 0;
	for (start = past ? past : start; start < size && is_ws(data[start]);)
		start++;
	if (start >= size || data[start] != '{')
		return 0;
	size_t end = 0;
	size_t lim = size - start < ((size_t)16 << 20) ? size - start : (size_t)16 << 20;
	enum jscan r = json_scan(data + start, lim, &end);
	if (r == JS_BAD)
		return 0;
	if (r == JS_DONE && next_on_same_line(data + start, lim, end))
		return 2;
	return memchr(data + start, '\n', r == JS_DONE ? end : lim) != NULL;
}

/* JSON Lines whose values are documents holding their records, as `jq -c`
 * writes exported files one a line, or a query API answers in chunks
 * (InfluxDB 1.x's results[].series[], a Prometheus range query, a
 * CloudTrail file): each value is read as the "json" reader reads a file,
 * when the first LINE_DOCS_PROBE values all hold records that way. */
struct line_docs {
	int on;
	size_t values, records; /* values that held records, and those records */
	size_t first_line;      /* where the first of them starts */
	char first[640];        /* what its records are */
	size_t scanned, vouched; /* values tried by scan_doc_tables, and read by it */
};

#define LINE_DOCS_PROBE 8

/* Counts a value's records (the first pass) into ld; the first says what
 * they are. */
static void line_docs_count(struct line_docs *ld, const struct doc_records *d, size_t line)
{
	ld->records += (size_t)cJSON_GetArraySize(d->list);
	if (ld->values++)
		return;
	ld->first_line = line;
	int w = 0;
	if (d->tables)
		w = snprintf(ld->first, sizeof ld->first, "%s", d->tables_note);
	else if (d->enveloped)
		w = snprintf(ld->first, sizeof ld->first, "the records are the %d objects of \"%s\"",
			     cJSON_GetArraySize(d->found), d->env);
	if (d->series && w >= 0 && (size_t)w < sizeof ld->first) {
		char said[512];
		series_sentence(d, said, sizeof said);
		snprintf(ld->first + w, sizeof ld->first - (size_t)w, "%s%s", w ? "; " : "", said);
	}
}

/* 1 when v, read as a document, holds records (doc_records()). */
static int holds_records(cJSON *v, int year)
{
	struct doc_records d;
	int yes = 0;
	if (v && doc_records(v, 1, year, &d) == LL_OK) {
		yes = d.list != NULL;
		doc_records_free(&d);
	}
	cJSON_Delete(v);
	return yes;
}

/* 1 when the first values of the file from start (lines, or with stream
 * objects one after another) all hold records (times read in year): a
 * value cJSON refuses is passed over, and at least one must hold them. */
static int lines_hold_records(const struct ds_source *src, size_t start, int stream, int year)
{
	const char *d = src->data;
	size_t pos = start, held = 0;
	for (int probed = 0; probed < LINE_DOCS_PROBE;) {
		const char *text;
		size_t len = 0;
		if (stream) {
			while (pos < src->size && is_ws(d[pos]))
				pos++;
			if (pos >= src->size || d[pos] != '{' || json_scan(d + pos, src->size - pos, &len) != JS_DONE)
				break;
			text = d + pos;
			pos += len;
		} else {
			if (!ds_source_next_line(d, src->size, &pos, &text, &len))
				break;
			if (blank(text, len))
				continue;
		}
		int oom;
		cJSON *v = stream ? NULL : tagged_record(text, len, &oom);
		if (!v)
			v = ds_json_unpair(parse_lenient(text, len, &(const char *){NULL}));
		if (!v)
			continue;
		probed++;
		if (!holds_records(v, year))
			return 0;
		held++;
	}
	return held > 0;
}

/* A value's records: itself, or with ld on what it holds as a document. */
static int value_records(struct jctx *c, cJSON *v, struct line_docs *ld)
{
	if (!ld->on)
		return record(c, v, NULL);
	struct doc_records d;
	if (doc_records(v, 1, c->opts->default_year, &d) != LL_OK)
		return oom(c);
	int rc = d.list ? LL_OK : record(c, v, NULL);
	for (const cJSON *r = d.list ? d.list->child : NULL; r && rc == LL_OK; r = r->next)
		rc = record(c, r, NULL);
	if (c->fill == 0 && d.list)
		line_docs_count(ld, &d, c->line);
	doc_records_free(&d);
	return rc;
}

/* ---- a line's document read without a tree -------------------------------
 *
 * A value of JSON Lines that holds tables of names and rows (InfluxDB's
 * chunked answers) is read from its tokens when ds_json_token_tables.h
 * vouches for the tables the tree would find, and every record those
 * tables make would be walked from tokens as walk() walks it (the rules of
 * scan_tokens: no typed value, no record written inside a string, no number
 * cJSON cuts). Each row is walked as the record the tree makes of it: its
 * values under the column names, then the table's other members. */

/* The whole value in text[0..len) (blanks around it) into c->toks; 0 when
 * the scanner refuses it or on no memory. */
static int scan_value(struct jctx *c, const char *text, size_t len, size_t *ntoks)
{
	ds_json_scan_start(&c->scan, text, len, c->line);
	for (size_t n = 0;; n++) {
		if (!room_for_token(c, n))
			return 0;
		enum ds_json_tok k = ds_json_scan_next(&c->scan, &c->toks[n]);
		if (k == DS_JSON_ERROR)
			return 0;
		if (k == DS_JSON_END) {
			*ntoks = n;
			return ds_json_scan_rest(&c->scan) == len;
		}
	}
}

/* 1 when the tokens [i, end) hold nothing scan_tokens() sends to the tree. */
static int walkable(const struct jctx *c, size_t i, size_t end)
{
	for (; i < end; i++) {
		const struct ds_json_scan_tok *t = &c->toks[i];
		if ((t->kind == DS_JSON_KEY && typed_key(ds_json_scan_text(&c->scan, t), t->len)) ||
		    (t->kind == DS_JSON_STRING && may_embed(ds_json_scan_text(&c->scan, t))) ||
		    (t->kind == DS_JSON_NUMBER && t->len >= 64))
			return 0;
	}
	return 1;
}

/* 1 when every record of table t walks from tokens (walkable): its column
 * names and member names are keys, its rows and members values. */
static int table_walkable(const struct jctx *c, const struct ds_json_token_table *t)
{
	const struct ds_json_token_tables *tt = &c->tt;
	for (size_t e = t->names + 1; !ds_json_token_is_close(&c->toks[e]); e = tt->next[e])
		if (typed_key(ds_json_scan_text(&c->scan, &c->toks[e]), c->toks[e].len))
			return 0;
	for (size_t m = ds_json_token_first(c->toks, t->obj); !ds_json_token_is_close(&c->toks[m]);
	     m = ds_json_token_after(tt, c->toks, m))
		if (m == t->rows ? !walkable(c, m, tt->next[m]) : m != t->names && !walkable(c, m - 1, tt->next[m]))
			return 0;
	return 1;
}

/* One member of a table's record, key[0..n) its name and token v its value:
 * walk()'s loop body at depth 0. */
static int table_member(struct jctx *c, const char *key, size_t n, size_t v)
{
	if (c->label_key && strcmp(key, c->label_key) == 0 && !is_open(&c->toks[v])) {
		struct jleaf lv = token_leaf(c, &c->toks[v]);
		int skip;
		int rc = label_member(c, &lv, &skip);
		if (skip || rc != LL_OK)
			return rc;
	}
	long old = path_push(c, key, n);
	if (old < 0)
		return oom(c);
	int rc = walk_tokens(c, &v);
	c->pathlen = (size_t)old;
	return rc;
}

/* The label key as choose_label_key() picks it from the record of table t
 * (its column names, then its other members' names). */
static void choose_table_label(struct jctx *c, const struct ds_json_token_table *t)
{
	const struct ds_json_token_tables *tt = &c->tt;
	int has_class = 0;
	for (size_t e = t->names + 1; !ds_json_token_is_close(&c->toks[e]); e = tt->next[e]) {
		const char *k = ds_json_scan_text(&c->scan, &c->toks[e]);
		if (strcmp(k, "label") == 0) {
			c->label_key = "label";
			return;
		}
		has_class |= strcmp(k, "class") == 0;
	}
	for (size_t m = ds_json_token_first(c->toks, t->obj); !ds_json_token_is_close(&c->toks[m]);
	     m = ds_json_token_after(tt, c->toks, m)) {
		if (m == t->names || m == t->rows)
			continue;
		const char *k = ds_json_scan_text(&c->scan, &c->toks[m - 1]);
		if (strcmp(k, "label") == 0) {
			c->label_key = "label";
			return;
		}
		has_class |= strcmp(k, "class") == 0;
	}
	if (has_class)
		c->label_key = "class";
}

/* record() of the row at token row of table t. */
static int table_record(struct jctx *c, const struct ds_json_token_table *t, size_t row)
{
	const struct ds_json_token_tables *tt = &c->tt;
	int rc = start_record(c);
	size_t v = row + 1;
	for (size_t e = t->names + 1; rc == LL_OK && !ds_json_token_is_close(&c->toks[e]); e = tt->next[e]) {
		rc = table_member(c, ds_json_scan_text(&c->scan, &c->toks[e]), c->toks[e].len, v);
		v = tt->next[v];
	}
	for (size_t m = ds_json_token_first(c->toks, t->obj); rc == LL_OK && !ds_json_token_is_close(&c->toks[m]);
	     m = ds_json_token_after(tt, c->toks, m))
		if (m != t->names && m != t->rows)
			rc = table_member(c, ds_json_scan_text(&c->scan, &c->toks[m - 1]), c->toks[m - 1].len, m);
	return rc;
}

/* 1 when text[0..len) holds '[' then, after blanks, another '[': where
 * a list of rows starts (a false yes inside a string costs a scan). */
static int list_in_list(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while ((p = memchr(p, '[', (size_t)(end - p))) != NULL) {
		p++;
		while (p < end && is_ws(*p))
			p++;
		if (p < end && *p == '[')
			return 1;
	}
	return 0;
}

/* value_records() of the document in text[0..len) with ld on, without a
 * tree: 1 when read (*rc its status), 0 when the tree must read it
 * (nothing done yet). */
static int scan_doc_tables(struct jctx *c, const char *text, size_t len, struct line_docs *ld, int *rc)
{
	/* Only the time is at stake here, never the table: values whose
	 * text holds no list opening a list hold no rows, and a file whose
	 * first values all went to the tree (an export of records, a
	 * Prometheus answer) is not scanned for nothing on every line. */
	if (ld->scanned >= LINE_DOCS_PROBE && ld->vouched == 0)
		return 0;
	if (!list_in_list(text, len))
		return 0;
	ld->scanned++;
	size_t ntoks;
	if (!scan_value(c, text, len, &ntoks) || ntoks == 0 || c->toks[0].kind != DS_JSON_OBJECT)
		return 0;
	struct ds_json_token_tables *tt = &c->tt;
	enum ds_json_token_tables_answer a = ds_json_token_tables_find(tt, &c->scan, c->toks, ntoks);
	if (a == DS_JSON_TT_NOMEM) {
		*rc = oom(c);
		return 1;
	}
	if (a != DS_JSON_TT_TABLES)
		return 0;
	for (size_t k = 0; k < tt->n; k++)
		if (!table_walkable(c, &tt->t[k]))
			return 0;
	ld->vouched++;
	*rc = LL_OK;
	for (size_t k = 0; k < tt->n && *rc == LL_OK; k++) {
		/* choose_label_key() before each record: the rows of a table
		 * have one set of keys, so once before the first is the same */
		if (c->fill == 0 && !c->label_key)
			choose_table_label(c, &tt->t[k]);
		for (size_t r = tt->t[k].rows + 1; *rc == LL_OK && !ds_json_token_is_close(&c->toks[r]); r = tt->next[r])
			*rc = table_record(c, &tt->t[k], r);
	}
	if (c->fill == 0) {
		/* line_docs_count() of the tables */
		ld->records += tt->records;
		if (ld->values++ == 0) {
			/* the names the tree's note gives: those of the last table
			 * (names_and_rows() asks the first again once its rows are
			 * moved out, which finds none and keeps the last one's) */
			char note[512];
			const struct ds_json_token_table *last = &tt->t[tt->n - 1];
			ds_json_frame_note(note, sizeof note, tt->records, tt->n,
					   ds_json_scan_text(&c->scan, &c->toks[last->names - 1]),
					   ds_json_scan_text(&c->scan, &c->toks[last->rows - 1]), 0, tt->all - tt->in_tables);
			ld->first_line = c->line;
			snprintf(ld->first, sizeof ld->first, "%s", note);
		}
	}
	return 1;
}

/* Lines of JSON Lines to skip as bad ones: records holding a number
 * beyond a double, sorted by line; in a stream of objects (object_stream)
 * the objects' offsets + 1 instead, as several may share a line. */
struct skip_lines {
	size_t *line;
	size_t n, cap;
	size_t named;       /* the line that ended the first reading, */
	struct ll_err why;  /* and its error (naming the column) */
};

static int line_out_of_range(const char *p, size_t n, const char **num, size_t *num_len);

/* What a stream's pass skipped: objects holding a number beyond a double
 * (in skip), counted with every object in pass 1. */
struct stream_skips {
	const struct skip_lines *skip;
	size_t objects, ranged;
	struct ll_err first;
};

/* One pass over a stream of objects (object_stream): each goes to
 * record() with the line it starts on. A value that is no object, or junk
 * between objects, is a data error naming its line; a last object cut
 * short is left out and *cut gets its line; an object of sk->skip is
 * skipped (counted in sk in pass 1). */
static int stream_pass(struct jctx *c, const struct ds_source *src, size_t start, size_t *cut, struct line_docs *ld,
		       int polled, size_t *stamps, size_t *first_stamp, struct stream_skips *sk)
{
	const char *d = src->data;
	size_t pos = start, line = 1, ks = 0;
	for (size_t k = 0; k < start; k++)
		line += d[k] == '\n';
	for (;;) {
		while (pos < src->size && is_ws(d[pos]))
			line += d[pos++] == '\n';
		if (pos >= src->size)
			return LL_OK;
		/* polled: a stamp line dates the objects after it */
		size_t past;
		if (polled && d[pos] != '{' && (past = stamp_line_at(d, src->size, pos, &c->stamp, &c->stamp_len)) != 0) {
			if (!c->fill && (*stamps)++ == 0)
				*first_stamp = line;
			pos = past;
			line++;
			continue;
		}
		size_t end = 0;
		enum jscan r = d[pos] == '{' ? json_scan(d + pos, src->size - pos, &end) : JS_BAD;
		if (r == JS_PARTIAL) {
			*cut = line;
			return LL_OK;
		}
		if (r == JS_BAD) {
			char snip[64];
			snippet(d + pos, src->size - pos, snip, sizeof snip);
			return ll_err_set(c->err, LL_EDATA,
					  "%s:%zu: `%s` where the next object of a stream of JSON objects should start",
					  src->path, line, snip);
		}
		c->line = line;
		c->obj_at = pos + 1;
		sk->objects += !c->fill;
		const struct skip_lines *skip = sk->skip;
		while (ks < skip->n && skip->line[ks] < pos + 1)
			ks++;
		if (ks < skip->n && skip->line[ks] == pos + 1) {
			/* a record holding a number beyond a double, as in JSON
			 * Lines: a bad object */
			if (!c->fill && sk->ranged++ == 0) {
				const char *num = d + pos;
				size_t nl = 0;
				line_out_of_range(d + pos, end, &num, &nl);
				if (skip->named == pos + 1)
					sk->first = skip->why;
				else
					ll_err_set(&sk->first, LL_EDATA, "%s:%zu: %.*s: a number beyond the range of a double",
						   src->path, line, (int)(nl > 40 ? 40 : nl), num);
			}
			for (size_t k = pos; k < pos + end; k++)
				line += d[k] == '\n';
			pos += end;
			continue;
		}
		int rc;
		if (ld->on ? reference_only || !scan_doc_tables(c, d + pos, end, ld, &rc)
			   : reference_only || !scan_record(c, d + pos, end, &rc, NULL)) {
			cJSON *v = parse_line(src, line, d + pos, end, c->err);
			if (!v)
				return LL_EDATA;
			rc = value_records(c, v, ld);
			cJSON_Delete(v);
		}
		if (rc != LL_OK)
			return rc;
		for (size_t k = pos; k < pos + end; k++)
			line += d[k] == '\n';
		pos += end;
	}
}

/* A record whose writer put a line break raw inside a string (a message
 * with its own newline, CRLF from Windows, unescaped) runs over the next
 * lines: the object that opens at line, cut short there, read whole when
 * it ends within RAW_BREAK_LINES more lines, none of them opening an
 * object of its own. *pos moves past it, *more is the lines it took; NULL
 * (nothing moved) when it does not end so. */
#define RAW_BREAK_LINES 8

static cJSON *raw_break_record(const struct ds_source *src, size_t lineno, const char *line, size_t len,
			       size_t *pos, size_t *more)
{
	size_t at = 0;
	while (at < len && is_ws(line[at]))
		at++;
	if (at == len || line[at] != '{')
		return NULL;
	size_t p = *pos;
	const char *next;
	size_t nlen;
	for (size_t k = 1; k <= RAW_BREAK_LINES && ds_source_next_line(src->data, src->size, &p, &next, &nlen); k++) {
		size_t i = 0;
		while (i < nlen && is_ws(next[i]))
			i++;
		if (i < nlen && next[i] == '{')
			return NULL;
		/* json_scan refuses a raw control character: cJSON is asked */
		struct ll_err e;
		cJSON *v = parse_line(src, lineno, line, (size_t)(next + nlen - line), &e);
		if (v) {
			*pos = p;
			*more = k;
			return v;
		}
	}
	return NULL;
}

/* A line of text among JSON Lines: neither an object nor an array (nor
 * anything JSON), as a program logging JSON prints a banner, a plain line
 * of a library that logs its own way, or a traceback between its records.
 * Each is a row of its own with its text in the records' message key
 * (text_key), while such lines are at most half the lines (JSONL_TEXT);
 * more, and the file is refused as before. A line that opens an object or
 * an array but is not one stays a stray (JSONL_STRAY). */
#define JSONL_TEXT 2

static int text_line(const char *line, size_t len)
{
	size_t k = 0;
	while (k < len && is_ws(line[k]))
		k++;
	return k < len && line[k] != '{' && line[k] != '[';
}

/* A text line that is a whole stamp with its year and a clock and nothing
 * else (a colon after it may end it): date(1)'s "Mon Feb 19 15:15:38 UTC
 * 2024", "2024-02-19T15:15:38+00:00", "20240219_151538:". Its span, blanks
 * and the colon left out, in *s and *n. */
static int stamp_line(const char *line, size_t len, const char **s, size_t *n)
{
	while (len && is_ws(*line))
		line++, len--;
	while (len && is_ws(line[len - 1]))
		len--;
	if (len && line[len - 1] == ':')
		len--;
	/* a clock in it: a ':' or the '_' of a stamp made to name files */
	double a, b;
	if (len < 8 || len > 64 || (!memchr(line, ':', len) && !memchr(line, '_', len)))
		return 0;
	if (!ll_time_parse_year(line, len, 1970, &a) || !ll_time_parse_year(line, len, 2000, &b) || a != b)
		return 0;
	*s = line;
	*n = len;
	return 1;
}

/* Records polled with a stamp above each batch ("while :; do date; docker
 * stats --no-stream --format '{{json .}}'; sleep 5; done"): the first
 * line of the file is a stamp line, another follows within the head (up
 * to POLLED_HEAD lines), and every text line of the head is one. Each
 * stamp line then dates the records after it (a "time" column) and is no
 * row; read as text lines, the stamps were rows of their own and the
 * records had no time. 1 when so, 2 when the first record has a "time" of
 * its own (the stamps' column is then "poll_time"), 0 when not. */
#define POLLED_HEAD 512

static int polled_head(const struct ds_source *src, size_t start)
{
	size_t pos = start, lines = 0, stamps = 0, records = 0;
	int own_time = 0;
	const char *line, *s;
	size_t len, n;
	while (lines < POLLED_HEAD && ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		if (blank(line, len))
			continue;
		if (text_line(line, len)) {
			if (!stamp_line(line, len, &s, &n))
				return 0;
			stamps++;
		} else if (lines == 0) {
			return 0;
		} else if (records++ == 0) {
			const char *end = NULL;
			cJSON *v = parse_lenient(line, len, &end);
			own_time = cJSON_IsObject(v) && cJSON_GetObjectItemCaseSensitive(v, "time");
			cJSON_Delete(v);
		}
		lines++;
	}
	return stamps >= 2 && records >= stamps ? 1 + own_time : 0;
}

/* Pretty-printed objects polled with a stamp above each batch ("while :;
 * do date; curl -s .../stats | jq .; done"): a stream of objects
 * (object_stream) whose first line is a stamp alone, the lines between
 * its objects stamps alone too, as many objects as stamps at least
 * (within the first POLLED_HEAD values). Then, as
 * polled_head's, 1, or 2 when the first object has a "time" of its own. */
static int polled_stream(const struct ds_source *src, size_t start)
{
	const char *d = src->data, *s;
	size_t n = src->size, pos = start, sn, stamps = 0, objects = 0;
	int own_time = 0;
	while (pos < n && is_ws(d[pos]))
		pos++;
	if (pos >= n || d[pos] == '{')
		return 0;
	while (pos < n && stamps + objects < POLLED_HEAD) {
		while (pos < n && is_ws(d[pos]))
			pos++;
		if (pos >= n)
			break;
		size_t past = d[pos] != '{' ? stamp_line_at(d, n, pos, &s, &sn) : 0;
		if (past) {
			stamps++;
			pos = past;
			continue;
		}
		size_t end = 0;
		if (d[pos] != '{' || json_scan(d + pos, n - pos, &end) != JS_DONE)
			break;
		if (objects++ == 0) {
			const char *e = NULL;
			cJSON *v = parse_lenient(d + pos, end, &e);
			own_time = cJSON_IsObject(v) && cJSON_GetObjectItemCaseSensitive(v, "time");
			cJSON_Delete(v);
		}
		pos += end;
	}
	return stamps >= 1 && objects >= stamps ? 1 + own_time : 0;
}

/* The key that holds the message in the file's records, for its text
 * lines: the first top-level string key of the first object line named as
 * messages are (message, msg, log, text), else "message". */
static const char *text_key(const struct ds_source *src)
{
	static const char *const names[] = {"message", "msg", "log", "text", "MESSAGE", "Message"};
	size_t pos = skip_bom(src->data, src->size);
	const char *line, *key = "message";
	size_t len;
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		if (text_line(line, len) || blank(line, len))
			continue;
		const char *end = NULL;
		cJSON *v = parse_lenient(line, len, &end);
		if (!cJSON_IsObject(v)) {
			cJSON_Delete(v);
			continue;
		}
		for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
			if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, names[i]))) {
				key = names[i];
				break;
			}
		}
		cJSON_Delete(v);
		break;
	}
	return key;
}

/* A text line as a record of one key: key = the line, its trailing blanks
 * and carriage return dropped. */
static int text_record(struct jctx *c, const char *key, const char *line, size_t len)
{
	while (len && is_ws(line[len - 1]))
		len--;
	char *copy = malloc(len + 1);
	if (!copy)
		return oom(c);
	memcpy(copy, line, len);
	copy[len] = '\0';
	int rc = start_record(c);
	if (rc == LL_OK && path_push(c, key, strlen(key)) < 0)
		rc = oom(c);
	if (rc == LL_OK) {
		struct jleaf v = {DS_TAPE_STR, 0, 0, copy, len};
		rc = leaf_value(c, &v);
	}
	c->pathlen = 0;
	free(copy);
	return rc;
}

static int skip_add(struct skip_lines *k, size_t line)
{
	for (size_t i = k->n; i > 0 && k->line[i - 1] >= line; i--)
		if (k->line[i - 1] == line)
			return 0;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 16;
		size_t *m = realloc(k->line, cap * sizeof *m);
		if (!m)
			return -1;
		k->line = m;
		k->cap = cap;
	}
	size_t i = k->n++;
	for (; i > 0 && k->line[i - 1] > line; i--)
		k->line[i] = k->line[i - 1];
	k->line[i] = line;
	return 0;
}

/* The double a JSON number token p[0..n) reads as, the way the readers
 * read it (ds_json_scan_number, cJSON's strtod beyond 63 characters). */
static double token_double(const char *p, size_t n)
{
	double v = 0;
	if (ds_json_scan_number(p, n, &v))
		return v;
	char *buf = malloc(n + 1);
	if (!buf)
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	const char *point = localeconv()->decimal_point;
	char *dot = memchr(buf, '.', n);
	if (dot && point && point[0])
		*dot = point[0];
	v = strtod(buf, NULL);
	free(buf);
	return v;
}

/* 1 when the line p[0..n) holds a number (outside strings) beyond the
 * range of a double; *num and *num_len get the first. */
static int line_out_of_range(const char *p, size_t n, const char **num, size_t *num_len)
{
	size_t i = 0;
	while (i < n && is_ws(p[i]))
		i++;
	if (i == n || (p[i] != '{' && p[i] != '['))
		return 0; /* a record is an object or an array */
	for (; i < n; i++) {
		if (p[i] == '"') {
			for (i++; i < n && p[i] != '"'; i++)
				i += p[i] == '\\';
			continue;
		}
		if (!(p[i] == '-' || (p[i] >= '0' && p[i] <= '9')))
			continue;
		if (i && (isalnum((unsigned char)p[i - 1]) || p[i - 1] == '.' || p[i - 1] == '_'))
			continue;
		size_t j = i + 1;
		while (j < n && (isdigit((unsigned char)p[j]) || p[j] == '.' || p[j] == 'e' || p[j] == 'E' ||
				 ((p[j] == '+' || p[j] == '-') && (p[j - 1] == 'e' || p[j - 1] == 'E'))))
			j++;
		if (!isfinite(token_double(p + i, j - i))) {
			*num = p + i;
			*num_len = j - i;
			return 1;
		}
		i = j - 1;
	}
	return 0;
}

/* Every line of src (read one record a line, as jsonl_read does) that
 * holds a number beyond a double, into k: found before a second reading,
 * so that one reading more skips them all. In a stream (object_stream),
 * every such object's offset + 1: the objects are where stream_pass finds
 * them, past white space (and the stamp lines of a polled stream, passed
 * over here as any line not opening an object). */
static int find_out_of_range(const struct ds_source *src, struct skip_lines *k, int stream)
{
	size_t pos = 0, lineno = 0, len, nl;
	const char *line, *num;
	if (stream) {
		const char *d = src->data;
		pos = skip_bom(d, src->size);
		for (;;) {
			while (pos < src->size && is_ws(d[pos]))
				pos++;
			if (pos >= src->size)
				return 0;
			size_t end = 0;
			if (d[pos] != '{' || json_scan(d + pos, src->size - pos, &end) != JS_DONE) {
				const char *eol = memchr(d + pos, '\n', src->size - pos);
				pos = eol ? (size_t)(eol - d) + 1 : src->size;
				continue;
			}
			if (line_out_of_range(d + pos, end, &num, &nl) && skip_add(k, pos + 1) != 0)
				return -1;
			pos += end;
		}
	}
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		lineno++;
		if (line_out_of_range(line, len, &num, &nl) && skip_add(k, lineno) != 0)
			return -1;
	}
	return 0;
}

/* One reading of JSON Lines, skipping the records of skip; a number
 * beyond a double that ends it leaves its line (a stream's object: its
 * offset + 1) in *range_line, and *was_stream says which. */
static int jsonl_read(const struct ds_source *src, const struct ds_open_opts *opts, const struct skip_lines *skip,
		      size_t *range_line, int *was_stream, struct ll_table **out, struct ll_err *err)
{
	*out = NULL;
	*range_line = 0;
	struct jctx c;
	ctx_init(&c, src, opts, err, 0);
	ds_json_tape_init(&c.tape, reference_only ? 0 : tape_budget(src->size));
	int rc = LL_OK;
	size_t bad = 0, lines = 0, cut = 0, cut_inside = 0, first_cut_line = 0, texts = 0, first_text = 0;
	size_t broken = 0, first_broken = 0, ranged = 0;
	const char *tkey = NULL;
	struct ll_err first_bad, first_cut;
	ll_err_clear(&first_bad);
	ll_err_clear(&first_cut);
	size_t start = src->data ? skip_bom(src->data, src->size) : 0;
	int stream = src->data ? object_stream(src->data, src->size, start) : 0;
	struct line_docs ld = {.on = src->data && lines_hold_records(src, start, stream, opts->default_year)};
	int polled = !src->data || ld.on ? 0 : stream ? polled_stream(src, start) : polled_head(src, start);
	/* a stream opens with its object unless stamps date it */
	size_t first = start;
	while (stream && first < src->size && is_ws(src->data[first]))
		first++;
	if (stream && !polled && first < src->size && src->data[first] != '{')
		stream = 0;
	c.stamp_key = polled == 2 ? "poll_time" : "time";
	*was_stream = stream;
	size_t stamps = 0, first_stamp = 0;
	struct stream_skips sk = {.skip = skip};
	int first_ranged = 0; /* the first bad line holds a number beyond a double */
	for (int pass = 0; pass < 2 && rc == LL_OK; pass++) {
		c.fill = pass;
		c.stamp = NULL;
		if (pass == 1 && (rc = make_table(&c)) != LL_OK)
			break;
		if (pass == 1 && ds_json_tape_ok(&c.tape)) {
			rc = replay(&c);
			continue;
		}
		if (stream) {
			rc = stream_pass(&c, src, start, &cut, &ld, polled, &stamps, &first_stamp, &sk);
			if (rc != LL_OK || pass > 0)
				continue;
			/* skipped objects are bad lines, one object a "line" */
			lines = sk.objects;
			if ((bad = ranged = sk.ranged) != 0) {
				first_bad = sk.first;
				first_ranged = 1;
			}
			if (bad && (c.records == 0 || bad * JSONL_STRAY > lines)) {
				*err = first_bad;
				if (bad > 1)
					ll_err_set(err, LL_EDATA, "%s (and %zu more of the %zu objects hold a number beyond a "
						   "double)", first_bad.msg, bad - 1, lines);
				rc = LL_EDATA;
			} else if (c.records == 0) {
				rc = ll_err_set(err, LL_EDATA, "%s: no JSON records (the file is empty or blank)", src->path);
			}
			continue;
		}
		size_t pos = 0, lineno = 0, ks = 0;
		const char *line;
		size_t len;
		while (rc == LL_OK && ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
			lineno++;
			if (lineno == 1) {
				size_t b = skip_bom(line, len);
				line += b;
				len -= b;
			}
			if (blank(line, len))
				continue;
			const char *st;
			size_t stn;
			if (polled && text_line(line, len) && stamp_line(line, len, &st, &stn)) {
				c.stamp = st;
				c.stamp_len = stn;
				if (pass == 0 && stamps++ == 0)
					first_stamp = lineno;
				continue;
			}
			lines += pass == 0;
			c.line = lineno;
			while (ks < skip->n && skip->line[ks] < lineno)
				ks++;
			if (ks < skip->n && skip->line[ks] == lineno) {
				/* a record holding a number beyond a double: a bad
				 * line like one that is not JSON */
				ranged += pass == 0;
				if (pass == 0 && bad++ == 0) {
					first_ranged = 1;
					const char *num = line;
					size_t nl = 0;
					line_out_of_range(line, len, &num, &nl);
					if (lineno == skip->named)
						first_bad = skip->why;
					else
						ll_err_set(&first_bad, LL_EDATA,
							   "%s:%zu: %.*s: a number beyond the range of a double", src->path,
							   lineno, (int)(nl > 40 ? 40 : nl), num);
				}
				continue;
			}
			if (!reference_only && (ld.on ? scan_doc_tables(&c, line, len, &ld, &rc)
						      : scan_record(&c, line, len, &rc, NULL)))
				continue;
			struct ll_err line_err;
			cJSON *v = parse_line(src, lineno, line, len, &line_err);
			size_t end, more;
			if (!v && (v = raw_break_record(src, lineno, line, len, &pos, &more)) != NULL) {
				if (pass == 0 && broken++ == 0)
					first_broken = lineno;
				lineno += more;
				lines += pass == 0 ? more : 0;
			}
			if (!v && json_scan(line, len, &end) == JS_PARTIAL) {
				if (pos >= src->size) {
					/* the last line cut short: still being written */
					cut = pass == 0 ? lineno : cut;
					lines -= pass == 0;
				} else if (pass == 0 && cut_inside++ == 0) {
					/* one cut short before others: its writer was
					 * stopped mid-line (a crash, a full disk) and
					 * the log went on after it */
					first_cut = line_err;
					first_cut_line = lineno;
				}
				continue;
			}
			if (!v && !ld.on && line_err.code == LL_EDATA && text_line(line, len)) {
				if (!tkey)
					tkey = text_key(src);
				if (pass == 0 && texts++ == 0)
					first_text = lineno;
				rc = text_record(&c, tkey, line, len);
				continue;
			}
			if (!v) {
				if (pass == 0 && bad++ == 0)
					first_bad = line_err;
				continue;
			}
			c.line = lineno;
			rc = value_records(&c, v, &ld);
			cJSON_Delete(v);
		}
		if (pass > 0 || rc != LL_OK)
			continue;
		/* records cut short are skipped however small the file, while
		 * they are few beside the whole ones; more are a file of some
		 * other kind, refused with the rest */
		if (cut_inside && (c.records == 0 || cut_inside * JSONL_CUT > lines)) {
			if (!bad++)
				first_bad = first_cut;
			bad += cut_inside - 1;
			cut_inside = 0;
		}
		/* text lines are rows while JSON records are at least as many;
		 * more, and they count as strays, refused with the rest */
		if (texts && texts * JSONL_TEXT > lines) {
			if (!bad) {
				ll_err_set(&first_bad, LL_EDATA, "%s:%zu: not JSON, a line of text among JSON Lines",
					   src->path, first_text);
			}
			bad += texts;
			texts = 0;
		}
		if (bad && (c.records == 0 || bad * JSONL_STRAY > lines)) {
			*err = first_bad;
			/* the others, by kind */
			size_t more_ranged = ranged - (size_t)first_ranged, more_not = bad - 1 - more_ranged;
			if (more_not && more_ranged)
				ll_err_set(err, LL_EDATA,
					   "%s (and %zu more of the %zu lines are not JSON (%zu) or hold a number beyond a "
					   "double (%zu))",
					   first_bad.msg, bad - 1, lines, more_not, more_ranged);
			else if (bad > 1)
				ll_err_set(err, LL_EDATA, "%s (and %zu more of the %zu lines %s)", first_bad.msg, bad - 1,
					   lines, more_ranged ? "hold a number beyond a double" : "are not JSON");
			rc = LL_EDATA;
		} else if (c.records == 0) {
			rc = ll_err_set(err, LL_EDATA, "%s: no JSON records (the file is empty or blank)", src->path);
		}
	}
	if (rc == LL_OK && ld.values)
		rc = ll_table_note(c.t,
				   "%s: each %s is a JSON document holding its records, read as a JSON file is: %zu "
				   "records from %zu of them; on line %zu, %s",
				   src->path, stream ? "object" : "line", ld.records, ld.values, ld.first_line, ld.first);
	if (rc == LL_OK && bad)
		rc = ll_table_note(c.t, "%s: %zu of %zu %s skipped, %s (first: %s)", src->path, bad, lines,
				   stream ? "objects" : "lines",
				   ranged == bad ? "each a record holding a number beyond a double"
				   : ranged    ? "not JSON or holding a number beyond a double"
					       : "not JSON",
				   first_bad.msg);
	if (rc == LL_OK && broken)
		rc = ll_table_note(c.t, "%s: %zu record%s over several lines (a line break written raw inside a string): "
				   "read whole (first: line %zu)", src->path, broken, broken == 1 ? "" : "s", first_broken);
	if (rc == LL_OK && stamps)
		rc = ll_table_note(c.t,
				   "%s: %zu lines are a stamp alone (first: line %zu), as a script polling a command writes "
				   "them: each dates the records after it (column \"%s\") and is no row",
				   src->path, stamps, first_stamp, c.stamp_key);
	if (rc == LL_OK && texts)
		rc = ll_table_note(c.t, "%s: %zu of %zu lines are text, not JSON: a row each, the text in \"%s\" (first: "
				   "line %zu)", src->path, texts, lines, tkey, first_text);
	if (rc == LL_OK && cut_inside == 1)
		rc = ll_table_note(c.t,
				   "%s:%zu: a record cut short (its writer stopped mid-line?), the log going on after it: "
				   "skipped",
				   src->path, first_cut_line);
	else if (rc == LL_OK && cut_inside)
		rc = ll_table_note(c.t,
				   "%s: %zu records cut short (writers stopped mid-line?), the log going on after them: "
				   "skipped (first: line %zu)",
				   src->path, cut_inside, first_cut_line);
	if (rc == LL_OK && cut)
		rc = ll_table_note(c.t, "%s:%zu: the last %s is a record cut short (still being written?): skipped",
				   src->path, cut, stream ? "object" : "line");
	if (rc == LL_OK && stream)
		rc = ll_table_note(c.t, "%s: a stream of %zu JSON objects %s; read one object a row", src->path,
				   c.records, stream == 2 ? "one after another on a line" : "over several lines each");
	if (rc != LL_OK)
		*range_line = stream ? c.range_obj : c.range_line;
	ctx_free(&c);
	if (rc != LL_OK) {
		ll_table_free(c.t);
		return rc;
	}
	*out = c.t;
	return LL_OK;
}

/* JSON Lines. A record holding a number beyond a double is a bad line of
 * the file (skipped, counted and named like a line that is not JSON), not
 * the file's error: when one ends a reading, the lines holding such
 * numbers are found and the file is read again without them (the columns
 * and counts of the first reading are its records'). */
static int jsonl_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		      struct ll_err *err)
{
	struct skip_lines skip = {0};
	size_t range_line = 0;
	int stream = 0;
	int rc = jsonl_read(src, opts, &skip, &range_line, &stream, out, err);
	/* a line the search missed (a record over several lines) is added
	 * and read again, a few times at most */
	for (int again = 0; rc == LL_EDATA && range_line && src->data && again < 4; again++) {
		size_t had = skip.n;
		if ((again == 0 && find_out_of_range(src, &skip, stream) != 0) || skip_add(&skip, range_line) != 0) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
			break;
		}
		if (skip.n == had)
			break; /* the line is skipped already: the error stands */
		if (again == 0) {
			skip.named = range_line;
			skip.why = *err;
		}
		ll_err_clear(err);
		rc = jsonl_read(src, opts, &skip, &range_line, &stream, out, err);
	}
	free(skip.line);
	return rc;
}

/* ---- detection ----------------------------------------------------------- */


/* Deeper than the parser goes (CJSON_NESTING_LIMIT), so that a file nested
 * too deep is still detected as JSON and its load says why it fails. */
#define JS_MAX_DEPTH 4096

/* Checks that s[0..n) is JSON text, or the start of one when it ends
 * early. *end gets where a complete value ended (JS_DONE). Strings,
 * numbers and literals are checked for shape only: values are the
 * reader's business. */
static enum jscan json_scan(const char *s, size_t n, size_t *end)
{
	char stack[JS_MAX_DEPTH];
	int depth = 0;
	/* what may come next: a value, a key (or '}'), ':' , ',' or a close */
	enum { V, K, COLON, NEXT } want = V;
	int first_in_container = 0;
	size_t i = 0;
	for (;;) {
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n)
			return JS_PARTIAL;
		char c = s[i];
		if (want == COLON) {
			if (c != ':')
				return JS_BAD;
			i++;
			want = V;
			continue;
		}
		if (want == NEXT) {
			char top = stack[depth - 1];
			if (c == ',') {
				i++;
				want = top == '{' ? K : V;
				first_in_container = 0;
				continue;
			}
			if (c != (top == '{' ? '}' : ']'))
				return JS_BAD;
			i++;
			goto closed;
		}
		if (want == K) {
			if (c == '}' && first_in_container) {
				i++;
				goto closed;
			}
			if (c != '"')
				return JS_BAD;
		} else if ((c == ']') && first_in_container && depth && stack[depth - 1] == '[') {
			i++;
			goto closed;
		}
		/* a value (or a key, which is a string) */
		if (c == '{' || c == '[') {
			if (want == K || depth == JS_MAX_DEPTH)
				return JS_BAD;
			stack[depth++] = c;
			i++;
			want = c == '{' ? K : V;
			first_in_container = 1;
			continue;
		}
		if (c == '"') {
			i++;
			while (i < n && s[i] != '"') {
				if ((unsigned char)s[i] < 0x20)
					return JS_BAD;
				if (s[i] == '\\') {
					if (i + 1 >= n)
						return JS_PARTIAL;
					if (!strchr("\"\\/bfnrtu", s[i + 1]))
						return JS_BAD;
					i++;
				}
				i++;
			}
			if (i >= n)
				return JS_PARTIAL;
			i++;
			if (want == K) {
				want = COLON;
				continue;
			}
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			size_t a = i;
			if (s[i] == '-')
				i++;
			while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == 'e' || s[i] == 'E' ||
					 s[i] == '+' || s[i] == '-'))
				i++;
			/* a sign alone is no number, unless the text is cut
			 * right after it (a sample's first kilobytes end
			 * anywhere) */
			if (i == a + (s[a] == '-'))
				return i >= n ? JS_PARTIAL : JS_BAD;
		} else if (c == 't' || c == 'f' || c == 'n') {
			const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
			size_t k = 0;
			while (lit[k] && i + k < n && s[i + k] == lit[k])
				k++;
			if (lit[k] && i + k < n)
				return JS_BAD;
			i += k;
			if (lit[k])
				return JS_PARTIAL;
		} else {
			return JS_BAD;
		}
		/* a scalar value ended */
		if (!depth) {
			*end = i;
			return JS_DONE;
		}
		want = NEXT;
		continue;
	closed:
		depth--;
		first_in_container = 0;
		if (!depth) {
			*end = i;
			return JS_DONE;
		}
		want = NEXT;
	}
}

/* 1 when line is exactly one JSON object (blanks around allowed), -1
 * when it is the start of one cut short, 0 otherwise. */
static int json_object_line(const char *line, size_t len)
{
	while (len && is_ws(*line)) {
		line++;
		len--;
	}
	if (len && line[0] == '[') {
		/* a time and a record (ds_json_pair.h) counts as an object */
		const char *end = NULL;
		cJSON *v = parse_lenient(line, len, &end);
		int pair = v && ds_json_is_time_pair(v) && blank(end, (size_t)(line + len - end)), oom;
		cJSON_Delete(v);
		if (!pair && (v = tagged_record(line, len, &oom)) != NULL) {
			/* "[0] tail.0: [...]", an event router's console */
			cJSON_Delete(v);
			pair = 1;
		}
		return pair;
	}
	if (!len || line[0] != '{')
		return 0;
	size_t end = 0;
	enum jscan got = json_scan(line, len, &end);
	if (got == JS_PARTIAL)
		return -1;
	if (got != JS_DONE)
		return 0;
	while (end < len && is_ws(line[end]))
		end++;
	return end == len;
}

/* Counts the sampled non-blank lines, those that are JSON objects and
 * those that are text (text_line). */
static void scan_lines(const char *head, size_t n, size_t *lines, size_t *objects, size_t *texts)
{
	size_t pos = skip_bom(head, n);
	const char *line;
	size_t len;
	*lines = *objects = *texts = 0;
	while (*lines < 4000 && ds_source_next_line(head, n, &pos, &line, &len)) {
		if (pos >= n && head[n - 1] != '\n' && *lines > 0)
			break; /* a last line cut short by whoever took the sample */
		size_t k = 0;
		while (k < len && is_ws(line[k]))
			k++;
		if (k == len)
			continue;
		/* an object cut short: the file's last line, still being
		 * written (the sample ends each block with a newline) */
		int obj = json_object_line(line, len);
		if (obj < 0)
			continue;
		(*lines)++;
		*objects += (size_t)obj;
		*texts += !obj && text_line(line, len);
	}
}

/* A stream of objects over several lines each, or several a line: the
 * head of the sample holds two of them one after the other (or one and the
 * start of the next, cut by the sample's end), and nothing else. */
static int object_stream_sniff(const char *head, size_t n)
{
	size_t i = skip_bom(head, n), whole = 0;
	int multiline = 0, polled = 0;
	while (whole < 2) {
		while (i < n && is_ws(head[i]))
			i++;
		/* stamp lines above its objects when the first line is one
		 * (polled_stream) */
		const char *st;
		size_t sn, past = i < n && head[i] != '{' && (polled || !whole) ? stamp_line_at(head, n, i, &st, &sn) : 0;
		if (past) {
			polled = 1;
			i = past;
			continue;
		}
		if (i >= n || head[i] != '{')
			return 0;
		size_t end = 0;
		enum jscan r = json_scan(head + i, n - i, &end);
		if (r == JS_BAD)
			return 0;
		if (r == JS_PARTIAL)
			return whole >= 1 && multiline;
		multiline |= memchr(head + i, '\n', end) != NULL || next_on_same_line(head + i, n - i, end);
		whole++;
		i += end;
	}
	return multiline;
}

/* JSON Lines: every sampled line is one object (one stray line in fifty is
 * let through: the reader names it), or two in three are and the others
 * are text (JSONL_TEXT: a row each), which no text reader splits as well. */
static int jsonl_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (!head || !n)
		return 0;
	size_t lines, objects, texts;
	scan_lines(head, n, &lines, &objects, &texts);
	if (lines >= 2 && objects * 50 >= lines * 49)
		return 85;
	if (lines >= 3 && objects * 3 >= lines * 2 && objects + texts == lines)
		return 75;
	return object_stream_sniff(head, n) ? 80 : 0;
}

/* A JSON document: an object or an array whose first few kilobytes are
 * valid JSON ("[Sun Dec 04 ...]" and "{foo}" are not). The check stops
 * within the sample's head, before its blocks from the middle. */
static int json_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (!head || !n)
		return 0;
	size_t i = skip_bom(head, n);
	while (i < n && is_ws(head[i]))
		i++;
	if (i >= n || (head[i] != '{' && head[i] != '['))
		return 0;
	size_t lim = n - i < 4096 ? n - i : 4096, end = 0;
	enum jscan r = json_scan(head + i, lim, &end);
	if (r == JS_BAD)
		return 0;
	if (r == JS_DONE) {
		/* one document and nothing after it (else JSON Lines, or junk) */
		for (size_t k = i + end; k < i + lim; k++)
			if (!is_ws(head[k]))
				return 0;
	}
	return 70;
}
/* A long table (a row per time and entity) comes out wide (ds_pivot.h),
 * unless the dataset's "entity" key says otherwise. */
/* A loaded table with its byte arrays made text (ds_json_bytes.c), and a
 * key's first list item joined to its scalars (a key holding a scalar in
 * some records and a list in others: ds_coljoin.h). */
static int bytes_loaded(int rc, struct ll_table **out, const char *path, struct ll_err *err)
{
	if (rc == LL_OK && (rc = ds_json_bytes_apply(*out, path, err)) != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
	}
	if (rc == LL_OK && ds_coljoin(*out, ".0") < 0) {
		ll_table_free(*out);
		*out = NULL;
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	return rc;
}

static int json_load_wide(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		   struct ll_err *err)
{
	int rc = ds_pairs_loaded(bytes_loaded(json_load(src, opts, out, err), out, src->path, err), out, src->path, err);
	return ds_pivot_loaded(rc, out, opts->entity, src->path, err);
}

/* A long table (a row per time and entity) comes out wide (ds_pivot.h),
 * unless the dataset's "entity" key says otherwise. */
static int jsonl_load_wide(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		   struct ll_err *err)
{
	int rc = ds_pairs_loaded(bytes_loaded(jsonl_load(src, opts, out, err), out, src->path, err), out, src->path, err);
	return ds_pivot_loaded(rc, out, opts->entity, src->path, err);
}


static const struct ds_reader json_reader = {
	.name = "json",
	.summary = "JSON document: an array of objects (also wrapped in an object: {\"items\": [...]}) or one "
		   "object, nested keys flattened to a.b.c columns",
	.sniff = json_sniff,
	.load = json_load_wide,
	.line = NULL,
};

static const struct ds_reader jsonl_reader = {
	.name = "jsonl",
	.summary = "JSON Lines: one JSON object per line (or a stream of indented or concatenated objects), nested "
		   "keys flattened to a.b.c columns",
	.sniff = jsonl_sniff,
	.load = jsonl_load_wide,
	.line = NULL,
};

static const struct ds_reader *const json_readers[] = {&json_reader, &jsonl_reader, &ds_influx_reader,
						       &ds_prom_reader, &ds_journald_reader,
						       /* a binary log read as records, as a journal is
							* (through the XML reader); last, so the readers'
							* numbers (fuzz seeds) stay */
						       &ds_evtx_reader, &ds_journal_export_reader,
						       /* LTSV lines made JSON Lines (ds_ltsv.c) */
						       &ds_ltsv_reader};

const struct ds_reader *const *ds_json_readers(size_t *n)
{
	*n = sizeof json_readers / sizeof *json_readers;
	return json_readers;
}
