/*
 * ds_csv.c - the CSV tokenizer, type inference and table filling shared by
 * the CSV family, and the generic "csv" reader built on them.
 *
 * Speed matters (a 100 MB CSV must load in seconds), so the tokenizer hands
 * out fields as spans of the mapped file; only a field with doubled quotes
 * is copied, into one scratch buffer reused for every record. ds_csv_fill
 * parses each span straight into the table's column arrays: one pass, no
 * allocation per cell. Types come from a sample of the first records; if a
 * later cell contradicts its column's type, that column becomes text and
 * the body is read a second time (rare, and bounded to one extra pass).
 *
 * Tables other tools write for people read as they mean: a header written
 * as a comment ("# a;b;c", Zeek's "#fields") names the columns and '#'
 * lines are then comments (find_comment_header); numbers with units or
 * thousands separators are numbers (formatted_number); a lone "-" is a
 * missing number (dash).
 */
#include "ds_csv.h"
#include "ds_pdh.h"
#include "ds_cmtrace.h"
#include "ds_stanza.h"
#include "ds_tabtail.h"
#include "ds_textlog.h"
#include "ds_units.h"
#include "ll_strbuf.h"
#include "ds_line_map.h"
#include "ds_header.h"
#include "ds_pairs.h"
#include "ds_pivot.h"
#include "ds_rownames.h"
#include "ll_spanset.h"
#include "ll_stamp.h"
#include "ll_time.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SAMPLE_RECORDS 1000
#define DAY_SECONDS 86400.0

/* ---- tokenizer ---- */

void ds_csv_tok_init(struct ds_csv_tok *tk, const char *data, size_t size, size_t pos, size_t line, char delim,
		     int line_mode)
{
	memset(tk, 0, sizeof *tk);
	tk->data = data;
	tk->size = data ? size : 0;
	tk->pos = pos;
	tk->line = line ? line : 1;
	tk->delim = delim ? delim : ',';
	tk->line_mode = line_mode;
}

void ds_csv_tok_free(struct ds_csv_tok *tk)
{
	free(tk->f);
	free(tk->scratch);
	tk->f = NULL;
	tk->scratch = NULL;
	tk->fcap = tk->scap = 0;
}

static int scratch_put(struct ds_csv_tok *tk, const char *s, size_t n)
{
	/* allocated even for n == 0, so a field's pointer into it is never NULL */
	if (tk->slen + n > tk->scap || !tk->scratch) {
		size_t cap = tk->scap ? tk->scap : 256;
		while (cap < tk->slen + n)
			cap *= 2;
		char *p = realloc(tk->scratch, cap);
		if (!p)
			return LL_ENOMEM;
		tk->scratch = p;
		tk->scap = cap;
	}
	if (n)
		memcpy(tk->scratch + tk->slen, s, n);
	tk->slen += n;
	return LL_OK;
}

/* Fields whose text lives in scratch carry their offset in p until the
 * record is complete (scratch may move while it grows). */
#define IN_SCRATCH 2

/* push_field's LL_EDATA (too many fields) or LL_ENOMEM as a message. */
static int field_error(struct ds_csv_tok *tk, int rc, const char *path, struct ll_err *err)
{
	if (rc == LL_EDATA)
		return ll_err_set(err, LL_EDATA, "%s:%zu: more than %d fields in one record", path, tk->rec_line,
				  DS_CSV_MAX_FIELDS);
	return ll_err_set(err, LL_ENOMEM, "%s:%zu: out of memory", path, tk->rec_line);
}

static int push_field(struct ds_csv_tok *tk, const char *p, size_t len, int quoted)
{
	if (tk->nf == DS_CSV_MAX_FIELDS)
		return LL_EDATA;
	if (tk->nf == tk->fcap) {
		size_t cap = tk->fcap ? tk->fcap * 2 : 32;
		struct ds_csv_field *f = realloc(tk->f, cap * sizeof *f);
		if (!f)
			return LL_ENOMEM;
		tk->f = f;
		tk->fcap = cap;
	}
	tk->f[tk->nf].p = p;
	tk->f[tk->nf].len = len;
	tk->f[tk->nf].quoted = quoted;
	tk->nf++;
	return LL_OK;
}

static void note_stray(struct ds_csv_tok *tk)
{
	if (!tk->nstray++)
		tk->stray_line = tk->line;
}

/* Reads a quoted field starting at the opening quote. On return tk->pos is
 * at the delimiter, the newline or the end. *eol is set when a line-mode
 * record ended inside the quotes. */
static int read_quoted(struct ds_csv_tok *tk, const char *path, struct ll_err *err, int *eol)
{
	const char *d = tk->data;
	size_t n = tk->size, open_line = tk->line;
	size_t start = ++tk->pos, i = start;
	int copy = 0;       /* content is being assembled in scratch */
	size_t soff = tk->slen;
	int closed = 0;
	*eol = 0;
	while (i < n) {
		char c = d[i];
		if (c == '"') {
			if (i + 1 < n && d[i + 1] == '"') {
				/* doubled quote: keep one */
				if (!copy) {
					copy = 1;
					if (scratch_put(tk, d + start, i - start + 1) != LL_OK)
						return field_error(tk, LL_ENOMEM, path, err);
				} else if (scratch_put(tk, "\"", 1) != LL_OK) {
					return field_error(tk, LL_ENOMEM, path, err);
				}
				i += 2;
				continue;
			}
			closed = 1;
			break;
		}
		if (c == '\n') {
			if (tk->line_mode)
				break;
			tk->line++;
		}
		if (copy && scratch_put(tk, &c, 1) != LL_OK)
			return field_error(tk, LL_ENOMEM, path, err);
		i++;
	}
	size_t end = i;  /* one past the content */
	if (!closed && !tk->line_mode) {
		/* the quote is a character: the cell is read as an unquoted one
		 * from it, and what the scan copied or counted is undone */
		if (!tk->nopen_lit++)
			tk->open_lit_line = open_line;
		tk->line = open_line;
		tk->slen = soff;
		size_t s = start - 1, j = start;
		while (j < n && d[j] != tk->delim && d[j] != '\n')
			j++;
		size_t e = j;
		if (e > s && (e == n || d[e] == '\n') && d[e - 1] == '\r')
			e--;
		tk->pos = j;
		int rc = push_field(tk, d + s, e - s, 0);
		return rc == LL_OK ? LL_OK : field_error(tk, rc, path, err);
	}
	if (!closed) {
		/* dstat: close the quote at the line end, drop a CR before it */
		if (!tk->nopen_eol++)
			tk->open_eol_line = open_line;
		if (end > start && d[end - 1] == '\r')
			end--;
		*eol = 1;
		tk->pos = i;
	} else {
		tk->pos = i + 1;
	}
	/* Text between a closing quote and the next delimiter is not RFC 4180;
	 * keep it, appended, and remember where it happened. */
	size_t j = tk->pos;
	int junk = 0;
	if (closed) {
		while (j < n && d[j] != tk->delim && d[j] != '\n') {
			if (d[j] == '\r' && (j + 1 == n || d[j + 1] == '\n'))
				break;
			j++;
			junk = 1;
		}
	}
	if (junk) {
		note_stray(tk);
		if (!copy) {
			copy = 1;
			if (scratch_put(tk, d + start, end - start) != LL_OK)
				return field_error(tk, LL_ENOMEM, path, err);
		}
		if (scratch_put(tk, d + tk->pos, j - tk->pos) != LL_OK)
			return field_error(tk, LL_ENOMEM, path, err);
		tk->pos = j;
	} else if (closed) {
		/* skip a CR of a CRLF right after the closing quote */
		if (tk->pos < n && d[tk->pos] == '\r')
			tk->pos++;
	}
	int rc = copy ? push_field(tk, (const char *)(uintptr_t)soff, tk->slen - soff, IN_SCRATCH)
		      : push_field(tk, d + start, end - start, 1);
	return rc == LL_OK ? LL_OK : field_error(tk, rc, path, err);
}

int ds_csv_next(struct ds_csv_tok *tk, const char *path, struct ll_err *err)
{
	const char *d = tk->data;
	size_t n = tk->size;
	/* records start at line starts, so a comment is a line starting '#' */
	while (tk->comments && tk->pos < n && d[tk->pos] == '#') {
		const char *nl = memchr(d + tk->pos, '\n', n - tk->pos);
		tk->pos = nl ? (size_t)(nl - d) + 1 : n;
		tk->line++;
	}
	if (tk->pos >= n)
		return 0;
	tk->nf = 0;
	tk->slen = 0;
	tk->rec_line = tk->line;
	const char delim = tk->delim;
	for (;;) {
		size_t i = tk->pos;
		if (i < n && d[i] == '"') {
			int eol, rc = read_quoted(tk, path, err, &eol);
			if (rc < 0)
				return rc;
			if (eol) {
				if (tk->pos < n) {  /* at the '\n' */
					tk->pos++;
					tk->line++;
				}
				break;
			}
		} else {
			/* The hot loop of every big CSV: scan to the delimiter or newline. */
			size_t s = i;
			while (i < n && d[i] != delim && d[i] != '\n')
				i++;
			size_t e = i;
			if (e > s && (e == n || d[e] == '\n') && d[e - 1] == '\r')
				e--;
			int rc = push_field(tk, d + s, e - s, 0);
			if (rc != LL_OK)
				return field_error(tk, rc, path, err);
			tk->pos = i;
		}
		i = tk->pos;
		if (i >= n)
			break;
		if (d[i] == delim) {
			tk->pos = i + 1;
			if (tk->pos >= n) {  /* trailing delimiter at end of file */
				int rc = push_field(tk, d + n, 0, 0);
				if (rc != LL_OK)
					return field_error(tk, rc, path, err);
				break;
			}
			continue;
		}
		/* newline */
		tk->pos = i + 1;
		tk->line++;
		break;
	}
	for (size_t k = 0; k < tk->nf; k++)
		if (tk->f[k].quoted == IN_SCRATCH)
			tk->f[k].p = tk->scratch + (uintptr_t)tk->f[k].p;
	return 1;
}

/* A cell of a rule under a header: "---", "===", Markdown's ":---:". */
static int rule_cell(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	size_t a = n && s[0] == ':', b = n > a && s[n - 1] == ':' ? n - 1 : n;
	if (b < a + 3 || (s[a] != '-' && s[a] != '='))
		return 0;
	for (size_t i = a; i < b; i++)
		if (s[i] != s[a])
			return 0;
	return 1;
}

int ds_csv_blank(const struct ds_csv_tok *tk)
{
	/* separators alone (";;;") are as blank: spreadsheets pad a sheet's
	 * used range with such rows; so is a rule between them ("|---|:--:|"
	 * under a Markdown table's names) */
	for (size_t k = 0; k < tk->nf; k++)
		if (tk->f[k].quoted || (tk->f[k].len && (tk->nf == 1 || !rule_cell(tk->f[k].p, tk->f[k].len))))
			return 0;
	return 1;
}

/* A line opening with '#' that is not as wide as the table (width fields)
 * under it: a comment among the rows ("# restart", "# run 2 begins"), as
 * scripts that append rows write them. A '#' row of the table's width
 * ("#general,123": a channel) stays a row. */
static int comment_among_rows(const struct ds_csv_tok *tk, size_t width)
{
	return width && tk->nf != width && tk->nf && tk->f[0].len && tk->f[0].p[0] == '#' && !tk->f[0].quoted;
}

/* ---- delimiter and cell classification ---- */

/* The next record of head from *pos: a line, or several where a quoted
 * cell holds line breaks (a note, an address, an abstract, a stack trace in
 * a spreadsheet's export). A quote inside a word, or left open past
 * RECORD_LINES_MAX lines, is a stray quote of a text line, not a cell: the
 * line alone is the record. Returns 1, 0 at the end, or 2 when head ends
 * inside a cell's quote (a record the sample's window cut: the line alone
 * is given). */
#define RECORD_LINES_MAX 256
/* Flips *open at each quote of s[0..n); *at_field records whether the quote
 * that opened last stands where a cell starts (the line's start, after a
 * delimiter or a blank), as a writer's quoting does, not inside a word as an
 * inch mark or a stray quote of text does. */
static void quotes_of(const char *s, size_t n, size_t *open, int *at_field)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		if (!*open)
			*at_field = i == 0 || strchr(",;\t| ", s[i - 1]) != NULL;
		*open ^= 1;
	}
}

static int next_record(const char *head, size_t n, size_t *pos, const char **rec, size_t *len)
{
	const char *line;
	size_t first_len;
	if (!ds_source_next_line(head, n, pos, &line, &first_len))
		return 0;
	*rec = line;
	*len = first_len;
	size_t open = 0, after_first = *pos;
	int at_field = 0, k = 1;
	quotes_of(line, first_len, &open, &at_field);
	for (; open && at_field && k < RECORD_LINES_MAX; k++) {
		const char *more;
		size_t mlen;
		if (!ds_source_next_line(head, n, pos, &more, &mlen))
			break;
		quotes_of(more, mlen, &open, &at_field);
		*len = (size_t)(more + mlen - line);
	}
	if (!open)
		return 1;
	/* never closed: the first line on its own, as the caller may take it */
	*len = first_len;
	*pos = after_first;
	return at_field && k < RECORD_LINES_MAX ? 2 : 1;
}

char ds_csv_detect_delim(const char *head, size_t n, size_t *nfields)
{
	static const char cand[] = {',', ';', '\t', '|'};
	enum { MAXL = 40 };
	size_t counts[4][MAXL];
	size_t nl = 0, pos = 0;
	const char *line;
	size_t len;
	if (nfields)
		*nfields = 0;
	int got;
	/* every comma counted stands between two digits ("0,50", "87,50") */
	int decimal_commas = 1;
	while (nl < MAXL && (got = next_record(head, n, &pos, &line, &len)) != 0) {
		/* a last line cut off by the sniff window says nothing, nor does a
		 * record whose quoted cell the window cuts, once records enough
		 * are counted; before that, the quote is a stray one of its line */
		if (pos >= n && nl > 0 && (n == 0 || head[n - 1] != '\n'))
			break;
		if (got == 2 && nl >= 2)
			break;
		if (len == 0)
			continue;
		for (int c = 0; c < 4; c++) {
			size_t k = 1;
			int inq = 0;
			for (size_t i = 0; i < len; i++) {
				if (line[i] == '"')
					inq = !inq;
				else if (!inq && line[i] == cand[c]) {
					k++;
					if (c == 0 && !(i > 0 && i + 1 < len && isdigit((unsigned char)line[i - 1]) &&
							isdigit((unsigned char)line[i + 1])))
						decimal_commas = 0;
				}
			}
			counts[c][nl] = k;
		}
		nl++;
	}
	char best = 0;
	double best_score = 0;
	size_t best_mode = 0;
	for (int c = 0; c < 4; c++) {
		/* the most frequent field count and how many lines have it */
		size_t mode = 0, freq = 0;
		for (size_t a = 0; a < nl; a++) {
			size_t f = 0;
			for (size_t b = 0; b < nl; b++)
				f += counts[c][b] == counts[c][a];
			if (f > freq || (f == freq && counts[c][a] > mode)) {
				freq = f;
				mode = counts[c][a];
			}
		}
		if (mode < 2)
			continue;
		double score = (double)freq / (double)nl;
		/* A tie with the comma whose commas all stand between digits:
		 * numbers written with a decimal comma, which is why a table
		 * of them is separated by ';' or a tab (sadf -d, mpstat and a
		 * spreadsheet's CSV under a German or French locale); its
		 * cells, not its rows, hold the commas. */
		int decimal_tie = best == ',' && decimal_commas && score > best_score - 1e-9;
		if (score > best_score + 1e-9 || decimal_tie) {
			best_score = score;
			best = cand[c];
			best_mode = mode;
		}
	}
	/* A legend above a table (Windows' DHCP server writes twenty lines
	 * "00<TAB>The log was started." before its comma-separated header
	 * and rows) may outnumber the table's lines in the window: when the
	 * lines the window ends with are none of the best's but five or more
	 * of another's, all of one width, that one separates the rows, and
	 * what stands above them is a preamble (find_preamble). The legend's
	 * lines may make no delimiter's count the most frequent one: the
	 * rows' still win then. */
	int tail_best = -1;
	size_t tail_most = 0, tail_mode = 0;
	for (int c = 0; c < 4 && nl; c++) {
		size_t k = counts[c][nl - 1], run = 0;
		while (run < nl && counts[c][nl - 1 - run] == k)
			run++;
		if (cand[c] == best && run && k == best_mode) {
			tail_best = -1;
			break; /* the window ends with the best's rows */
		}
		if (k >= 2 && run >= 5 && run > tail_most) {
			tail_best = c;
			tail_most = run;
			tail_mode = k;
		}
	}
	if (tail_best >= 0) {
		best = cand[tail_best];
		best_mode = tail_mode;
		best_score = 1;
	}
	if (best_score < 0.5)
		return 0;
	if (nfields)
		*nfields = best_mode;
	return best;
}

int ds_csv_is_missing(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	switch (n) {
	case 0:
		return 1;
	case 2:
		/* "\N": the NULL of MySQL's and PostgreSQL's text exports */
		return (s[0] == 'N' && s[1] == 'A') || (s[0] == '\\' && s[1] == 'N');
	case 3:
		return strncasecmp(s, "nan", 3) == 0 || strncmp(s, "N/A", 3) == 0 || strncmp(s, "n/a", 3) == 0;
	case 4:
		return strncasecmp(s, "null", 4) == 0;
	default:
		break;
	}
	/* words in angle brackets where a value would be: perf's "<not
	 * supported>" and "<not counted>", kubectl's "<none>", Go's "<nil>" */
	if (n < 5 || n > 34 || s[0] != '<' || s[n - 1] != '>')
		return 0;
	for (size_t i = 1; i + 1 < n; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z') && s[i] != ' ')
			return 0;
	return s[1] != ' ';
}

/* A spreadsheet's error value, which its CSV export writes where a
 * formula had no value ("#N/A", "#DIV/0!"). */
static int error_value(const char *s, size_t n)
{
	static const char *const errors[] = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NUM!", "#NAME?", "#NULL!"};
	for (size_t i = 0; n >= 4 && n <= 7 && *s == '#' && i < sizeof errors / sizeof *errors; i++)
		if (strlen(errors[i]) == n && memcmp(s, errors[i], n) == 0)
			return 1;
	return 0;
}

int ds_csv_opens_with_error_value(const char *s, size_t n, char delim)
{
	const char *d = memchr(s, delim, n);
	size_t k = d ? (size_t)(d - s) : n;
	while (k && (s[k - 1] == '\r' || s[k - 1] == ' '))
		k--;
	return error_value(s, k);
}

/* A cell with no value: ds_csv_is_missing's, a spreadsheet's error value
 * or pandas' "NaT", or Go's zero time.Time and .NET's DateTime.MinValue in
 * any of their written forms ("0001-01-01T00:00:00Z", "0001-01-01
 * 00:00:00"), what their exports write for "never" (the JSON reader reads
 * it so too, with its own note). */
static int cell_missing(const char *s, size_t n)
{
	if (ds_csv_is_missing(s, n))
		return 1;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* pandas' missing time, which its to_csv writes as "NaT" */
	if (n == 3 && memcmp(s, "NaT", 3) == 0)
		return 1;
	/* "?": ARFF's missing value, and the UCI repository's tables' */
	if (n == 1 && s[0] == '?')
		return 1;
	if (error_value(s, n))
		return 1;
	double t;
	return n >= 10 && memcmp(s, "0001-01-01", 10) == 0 && ll_time_parse(s, n, &t) &&
	       t == ll_time_from_civil(1, 1, 1, 0, 0, 0);
}

int ds_csv_no_value(const char *s, size_t n)
{
	return cell_missing(s, n);
}

void ds_csv_put_quoted(struct ll_strbuf *b, const char *s, size_t n)
{
	ll_strbuf_add(b, "\"", 1);
	for (const char *q; n && (q = memchr(s, '"', n)) != NULL; n -= (size_t)(q + 1 - s), s = q + 1) {
		ll_strbuf_add(b, s, (size_t)(q + 1 - s));
		ll_strbuf_add(b, "\"", 1);
	}
	ll_strbuf_add(b, s, n);
	ll_strbuf_add(b, "\"", 1);
}

int ds_csv_forced_text(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;
	if (len < 3 || p[0] != '=' || p[1] != '"' || p[len - 1] != '"' || memchr(p + 2, '"', len - 3))
		return 0;
	*s = p + 2;
	*n = len - 3;
	return 1;
}

/* The value of a unit suffix ("%", "k", "MiB", "ms"...), 0 when it is none:
 * '%' is dropped; times are seconds and sizes bytes as the units pass
 * reads them (ll_units_time_unit, ll_units_size_unit: a bare "3.4G" is
 * 3.4 GiB, as df -h, free, htop and dstat's byte columns scale, the same
 * value its column would give it judged there). A cell alone says less
 * than a column, so some units are none here: of time, those above a
 * second ("5m" a Kubernetes quantity's milli as much as minutes, "3d" a
 * name, "3D", as often; a span of two parts says what it is,
 * span_of_time); of size, a lowercase m, g, t or p ("250m" milli, and top
 * writes "4.012g" among plain numbers of KiB whose unit only the column
 * judged whole gives, ds_units_column). */
static double unit_scale(const char *u, size_t n)
{
	if (n == 1 && u[0] == '%')
		return 1;
	double seconds = ll_units_time_unit(u, n);
	if (seconds)
		return seconds <= 1 ? seconds : 0;
	struct ll_units_size_form form;
	double bytes = ll_units_size_unit(u, n, &form);
	return bytes && !form.small ? bytes : 0;
}

/* Numbers as people format them for people: "12%", "3.4G", "512 MiB",
 * "250ms", and thousands grouped with commas ("12,345", "1,234,567.5";
 * where a comma may be a decimal one, in a table not split at commas, only
 * when the grouping cannot be a decimal: two groups or a '.' after). */
static int formatted_number(const char *s, size_t n, char delim, double *out)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 63)
		return 0;
	char buf[64];
	size_t i = 0, m = 0, groups = 0;
	if (s[i] == '-' || s[i] == '+')
		buf[m++] = s[i++];
	size_t lead = 0;
	while (i < n && isdigit((unsigned char)s[i]))
		buf[m++] = s[i++], lead++;
	if (!lead)
		return 0;
	while (lead <= 3 && i + 3 < n && s[i] == ',' && isdigit((unsigned char)s[i + 1]) &&
	       isdigit((unsigned char)s[i + 2]) && isdigit((unsigned char)s[i + 3]) &&
	       (i + 4 == n || !isdigit((unsigned char)s[i + 4]))) {
		memcpy(buf + m, s + i + 1, 3);
		m += 3;
		i += 4;
		groups++;
	}
	if (i < n && s[i] == ',')
		return 0;
	size_t num_end = i;
	while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.' || s[i] == 'e' || s[i] == 'E' ||
			 ((s[i] == '-' || s[i] == '+') && (s[i - 1] == 'e' || s[i - 1] == 'E'))))
		buf[m++] = s[i++];
	int dot = memchr(s + num_end, '.', i - num_end) != NULL;
	if (groups && delim != ',' && groups < 2 && !dot)
		return 0;
	buf[m] = 0;
	size_t j = i;
	if (j < n && s[j] == ' ')
		j++;
	double scale = 1;
	if (j < n) {
		if (!(scale = unit_scale(s + j, n - j)))
			return 0;
		if (!groups && ll_units_kernel_kib(s + j, n - j, !dot, j > i))
			scale = 1024; /* "24683784 kB": the kernel's KiB */
	} else if (!groups || j != i) {
		return 0;  /* plain numbers are ll_parse_number's */
	}
	double v;
	if (!ll_parse_number(buf, m, &v) || !isfinite(v))
		return 0;
	*out = v * scale;
	return 1;
}

/* The end of the decimal number that starts at s[i], its value in *out:
 * digits with one '.' at most, which may open it when lead_dot is set. */
static size_t decimal_run(const char *s, size_t n, size_t i, int lead_dot, double *out)
{
	double v = 0, scale = 0;
	size_t a = i;
	for (; i < n && (isdigit((unsigned char)s[i]) || (s[i] == '.' && !scale && (lead_dot || i > a))); i++) {
		if (s[i] == '.')
			scale = 1;
		else if (scale)
			v += (s[i] - '0') * (scale /= 10);
		else
			v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return i;
}

/* A span of time in a cell (ll_units_duration) of two parts or more: a
 * lone "5m" is none (a Kubernetes quantity's milli as much as minutes),
 * nor "3d" (a name, "3D", as often), nor "45s" (unit_scale's). */
static int span_of_time(const char *s, size_t n, double *out)
{
	struct ll_units_duration_form form;
	double v;
	if (!ll_units_duration(s, n, &v, &form) || form.parts < 2)
		return 0;
	*out = v;
	return 1;
}

/* The length of a thousands separator no locale writes between digits
 * otherwise at s: a no-break space (French, Nordic, Polish: "1 234,5",
 * U+00A0 or U+202F), a thin space (U+2009), or an apostrophe (Swiss:
 * "1'234.50", ' or U+2019); 0 when none. */
static size_t group_mark(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '\'')
		return 1;
	if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0xAF || (unsigned char)s[2] == 0x89 || (unsigned char)s[2] == 0x99))
		return 3;
	return 0;
}

/* s without such separators into buf, when they group its leading digits
 * by three ("12 345 678,9"): the new length, else 0. */
static size_t ungroup(const char *s, size_t n, char *buf, size_t cap)
{
	size_t i = 0, k = 0, run = 0, groups = 0;
	if (n && (s[0] == '-' || s[0] == '+'))
		buf[k++] = s[i++];
	for (; i < n && k + 1 < cap; i++) {
		size_t g = isdigit((unsigned char)s[i]) ? 0 : group_mark(s + i, n - i);
		if (g) {
			/* 1-3 digits before the first, 3 between, a digit after */
			if (!run || run > 3 || (groups && run != 3) || i + g >= n || !isdigit((unsigned char)s[i + g]))
				return 0;
			groups++;
			run = 0;
			i += g - 1;
			continue;
		}
		if (!isdigit((unsigned char)s[i]))
			break;
		buf[k++] = s[i];
		run++;
	}
	if (!groups || (run != 3) || n - i >= cap - k)
		return 0;
	memcpy(buf + k, s + i, n - i);
	return k + (n - i);
}

/* A decimal comma, or the formats above: 0 none, 1 plain, 2 formatted. */
/* The length of a currency sign at s ("$", "€", "£", "¥"), 0 when none. */
static size_t currency_sign(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 1 && u[0] == '$')
		return 1;
	if (n >= 2 && u[0] == 0xC2 && (u[1] == 0xA3 || u[1] == 0xA5))
		return 2;
	return n >= 3 && u[0] == 0xE2 && u[1] == 0x82 && u[2] == 0xAC ? 3 : 0;
}

static int number_kind(const char *s, size_t n, char delim, double *out);

/* An amount of money as spreadsheets format it: a currency sign before
 * the number, a sign before either ("$1,200", "-$5.50", "$-5.50", "€ 12"):
 * the number without the sign of money. */
static int money(const char *s, size_t n, char delim, double *out)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	int minus = n && (*s == '-' || *s == '+');
	size_t at = (size_t)minus, k = currency_sign(s + at, n - at);
	if (!k)
		return 0;
	at += k;
	while (at < n && s[at] == ' ')
		at++;
	char buf[64];
	if (at >= n || n - at + 1 >= sizeof buf || !(isdigit((unsigned char)s[at]) || s[at] == '.' ||
						    (!minus && (s[at] == '-' || s[at] == '+'))))
		return 0;
	size_t m = 0;
	if (minus)
		buf[m++] = s[0];
	memcpy(buf + m, s + at, n - at);
	m += n - at;
	while (m && (buf[m - 1] == ' ' || buf[m - 1] == '\t'))
		m--;
	double v;
	/* grouped or with a unit after ("$1,200", "$3.5M"); no second sign */
	if (!number_kind(buf, m, delim, &v))
		return 0;
	*out = v;
	return 1;
}

static int number_kind(const char *s, size_t n, char delim, double *out)
{
	if (ll_parse_number(s, n, out))
		return 1;
	if (ds_csv_number(s, n, delim, out))
		return 1;
	if (formatted_number(s, n, delim, out) || span_of_time(s, n, out) || money(s, n, delim, out))
		return 2;
	char buf[64];
	size_t m = n < sizeof buf ? ungroup(s, n, buf, sizeof buf) : 0;
	return m && number_kind(buf, m, delim, out) ? 2 : 0;
}

static int iso_duration(const char *s, size_t n, double *seconds);

int ds_csv_people_number(const char *s, size_t n, double *out)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* an ISO 8601 duration, seconds as a CSV's are (pandas' to_json writes
	 * a timedelta so: "P0DT1H39M35S") */
	if (iso_duration(s, n, out))
		return 1;
	/* a percentage, bytes, seconds, digits grouped: a bare "4k" or "5G"
	 * names a resolution or a network as often */
	return n && (s[n - 1] == '%' || s[n - 1] == 'B' || s[n - 1] == 's' || isdigit((unsigned char)s[n - 1]) ||
		     span_of_time(s, n, out)) &&
	       number_kind(s, n, ',', out) == 2;
}

int ds_csv_cell_number(const char *s, size_t n, double *out)
{
	return number_kind(s, n, ' ', out) != 0;
}

int ds_csv_number(const char *s, size_t n, char delim, double *out)
{
	if (ll_parse_number(s, n, out))
		return 1;
	/* "0,5": the decimal comma of tables whose cells are not split at
	 * commas (a ';'-separated export of a European spreadsheet); one comma,
	 * digits on both sides; '.' only between groups of three digits before
	 * it ("1.234,5", that export's thousands), which English never writes */
	if (delim == ',' || n < 3 || n > 63)
		return 0;
	const char *c = memchr(s, ',', n);
	if (!c || c == s || c + 1 == s + n || memchr(c + 1, ',', (size_t)(s + n - c - 1)) ||
	    memchr(c, '.', (size_t)(s + n - c)) || !isdigit((unsigned char)c[-1]) || !isdigit((unsigned char)c[1]))
		return 0;
	char buf[64];
	size_t k = 0, lead = s[0] == '-' || s[0] == '+';
	for (size_t i = 0, run = 0, dots = 0; i < (size_t)(c - s); i++) {
		if (s[i] == '.') {
			/* a group separator: after 1-3 digits first, then after 3 */
			if (!run || run > 3 || (dots && run != 3))
				return 0;
			dots++;
			run = 0;
			continue;
		}
		run += i >= lead;
		if (i + 1 == (size_t)(c - s) && dots && run != 3)
			return 0;
		buf[k++] = s[i];
	}
	buf[k++] = '.';
	memcpy(buf + k, c + 1, (size_t)(s + n - c - 1));
	k += (size_t)(s + n - c - 1);
	return ll_parse_number(buf, k, out);
}

/* The next word of a column's name from *at (0 at its end): words split at
 * '_', '-', '.' (and ' ' when spaces) and where a small letter meets a
 * capital ("startTime"). */
static size_t name_word(const char **at, int spaces, const char **word)
{
	const char *p = *at;
#define NAME_CUT(c) ((c) == '_' || (c) == '-' || (c) == '.' || (spaces && (c) == ' '))
	while (*p && NAME_CUT(*p))
		p++;
	const char *w = p;
	if (*p)
		p++;
	while (*p && !NAME_CUT(*p) && !(islower((unsigned char)p[-1]) && isupper((unsigned char)*p)))
		p++;
#undef NAME_CUT
	*word = w;
	*at = p;
	return (size_t)(p - w);
}

int ds_csv_time_name(const char *name)
{
	static const char *const names[] = {"time",	  "timestamp", "epoch",	  "date",	  "datetime",
					    "ts",	  "@timestamp", "_time",   "unixtime",	  "epoch_ms",
					    "time_ms",	  "timestamp_ms", "ts_ms",	  "clock"};
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(base, names[i]) == 0)
			return 1;
	/* or its last word is a clock's ("__REALTIME_TIMESTAMP", "event_time",
	 * "start-ts"; words split at '_', '-' and '.', and where a small letter
	 * meets a capital, "startTime"), or a clock's word is followed by
	 * units alone ("timeUnixNano", OpenTelemetry's; "ts_ms"; C's "time_t"), unless a
	 * word says the clock counts from boot ("__MONOTONIC_TIMESTAMP",
	 * "uptime_ts"): its numbers are durations that would read as dates
	 * centuries off */
	static const char *const units[] = {"unix", "epoch", "utc",	"nano", "nanos", "ns",	   "us",	"micros",
					    "usec", "ms",    "millis", "msec", "sec",   "secs", "seconds", "s",
					    "second", "milli", "millisecond", "milliseconds",
					    "t"}; /* C's time_t: "time_t", smartctl's "local_time.time_t" */
	int words = 0, since_boot = 0, clock = 0; /* clock: a clock's word seen, units alone after it */
	const char *w;
	for (const char *at = base; *at;) {
		size_t n = name_word(&at, 0, &w);
		if (n) {
			words++;
			since_boot |= (n == 9 && !strncasecmp(w, "monotonic", 9)) || (n == 6 && !strncasecmp(w, "uptime", 6));
			/* "epoch" before its unit counts as a clock's word: Java's
			 * Instant serialised ("instant.epochSecond", log4j2's JSON
			 * layout), "epoch_millis" */
			int is_clock = (n == 9 && !strncasecmp(w, "timestamp", 9)) || (n == 4 && !strncasecmp(w, "time", 4)) ||
				       (n == 2 && !strncasecmp(w, "ts", 2)) || (n == 5 && !strncasecmp(w, "epoch", 5));
			int is_unit = 0;
			for (size_t i = 0; i < sizeof units / sizeof *units && !is_unit; i++)
				is_unit = strlen(units[i]) == n && !strncasecmp(w, units[i], n);
			clock = is_clock || (clock && is_unit);
		}
	}
	return words >= 2 && clock && !since_boot;
}

int ds_csv_bare_clock_name(const char *name)
{
	/* "t", the single letter that research exports and notebooks
	 * (pandas, R) give their clock: alone it says too little to make any
	 * numbers times, so the caller asks for epochs of recent years in
	 * every row, and no time column before it */
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	return strcasecmp(base, "t") == 0;
}

int ds_csv_event_name(const char *name)
{
	/* ... or when a job or a span of work started or ended (a batch
	 * system's accounting: "start=1765000100 end=1765003600") */
	static const char *const events[] = {"created", "updated", "modified", "deleted", "start",
					     "started", "end",     "ended",    "finished", "submitted"};
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	/* the last word and whether there are others */
	const char *last = base, *w;
	size_t words = 0, lastn = 0;
	for (const char *at = base; *at;) {
		size_t n = name_word(&at, 1, &w);
		if (n)
			words++, last = w, lastn = n;
	}
	if (words >= 2 && lastn == 2 && !strncasecmp(last, "at", 2))
		return 1;
	for (size_t i = 0; i < sizeof events / sizeof *events; i++)
		if (lastn == strlen(events[i]) && !strncasecmp(last, events[i], lastn))
			return 1;
	return 0;
}

int ds_csv_event_epoch(double v, double *out)
{
	/* 1990-01-01 .. 2100-01-01, in seconds or milliseconds */
	static const double lo = 631152000.0, hi = 4102444800.0;
	if (v >= lo && v < hi)
		*out = v;
	else if (v >= lo * 1e3 && v < hi * 1e3)
		*out = v / 1e3;
	else
		return 0;
	return 1;
}

int ds_csv_epoch_unit(double v)
{
	/* 2000-01-01 .. 2100-01-01 in s, ms, us, ns: the ranges do not meet */
	static const double lo = 946684800.0, hi = 4102444800.0;
	if (!isfinite(v) || v != floor(v))
		return 0;
	double scale = 1;
	for (int u = 1; u <= 4; u++, scale *= 1e3)
		if (v >= lo * scale && v < hi * scale)
			return u;
	return 0;
}

int ds_csv_epoch_clock(const struct ds_csv_colstat *st)
{
	unsigned u = st->epoch_units;
	/* whole seconds of that range are as often sizes and 32-bit counters
	 * (1796656942 bytes); 13 digits and more climbing in step are a clock */
	return st->present >= 3 && st->num == st->present && st->whole_epochs == st->present && u >= 1u << 2 &&
	       !(u & (u - 1)) && !st->epochs_back && st->epochs_up;
}

enum ll_coltype ds_csv_infer_type(const struct ds_csv_colstat *st, const char *name)
{
	if (st->present == 0)  /* tentative: ds_csv_fill demotes it if text turns up */
		return st->dashes ? LL_COL_TEXT : LL_COL_NUM;  /* nothing but "-" means "-" */
	if (st->num == st->present && !(st->unit_time && st->unit_size))
		return (st->time == st->present && ds_csv_time_name(name)) ? LL_COL_TIME : LL_COL_NUM;
	if (st->time == st->present)
		return LL_COL_TIME;
	return LL_COL_TEXT;
}

/* "MM/dd/yyyy[ HH:MM[:SS[.fff]][ AM|PM]]" (or with '-'): its three numbers
 * (the first two of 1-2 digits, the last of *ydigits: 4, or 2 when
 * short_year), the separator the same twice, and the clock's seconds into
 * the day (0 without one). */
static int date_parts(const char *s, size_t n, int short_year, int f[3], int *ydigits, double *secs)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	size_t i = 0;
	int y = 0, h = 0, mi = 0, k;
	double sec = 0;
	char sep = 0;
	f[0] = f[1] = 0;
	for (int part = 0; part < 2; part++) {
		for (k = 0; k < 2 && i < n && isdigit((unsigned char)s[i]); k++)
			f[part] = f[part] * 10 + (s[i++] - '0');
		if (!k || i >= n || (s[i] != '/' && s[i] != '-') || (sep && s[i] != sep))
			return 0;
		sep = s[i++];
	}
	for (k = 0; k < 4 && i < n && isdigit((unsigned char)s[i]); k++)
		y = y * 10 + (s[i++] - '0');
	if (k != (short_year ? 2 : 4) || (i < n && isdigit((unsigned char)s[i])))
		return 0;
	*ydigits = k;
	f[2] = y;
	if (i < n) {
		if (s[i] == ',' && i + 1 < n && s[i + 1] == ' ')
			i++; /* "3/14/2024, 10:00:00 AM": a US locale's date, comma, clock */
		if (s[i] != ' ' && s[i] != 'T')
			return 0;
		i++;
		for (k = 0; k < 2 && i < n && isdigit((unsigned char)s[i]); k++)
			h = h * 10 + (s[i++] - '0');
		if (!k || i + 2 >= n || s[i] != ':' || !isdigit((unsigned char)s[i + 1]) ||
		    !isdigit((unsigned char)s[i + 2]))
			return 0;
		mi = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
		i += 3;
		if (i < n && s[i] == ':') {
			char *end;
			char buf[32];
			size_t m = n - i - 1 < sizeof buf - 1 ? n - i - 1 : sizeof buf - 1;
			memcpy(buf, s + i + 1, m);
			buf[m] = 0;
			if (!isdigit((unsigned char)buf[0]))
				return 0;
			sec = strtod(buf, &end);
			i += 1 + (size_t)(end - buf);
		}
		if (i + 3 == n && s[i] == ' ' && (s[i + 2] == 'M' || s[i + 2] == 'm')) {
			char ap = (char)(s[i + 1] | 0x20);
			if ((ap != 'a' && ap != 'p') || h < 1 || h > 12)
				return 0;
			h = h % 12 + (ap == 'p' ? 12 : 0);
			i = n;
		}
		if (i != n || h > 23 || mi > 59 || sec >= 61)
			return 0;
	}
	*secs = h * 3600.0 + mi * 60.0 + sec;
	return 1;
}

/* "MM/dd/yyyy[ HH:MM[:SS[.fff]][ AM|PM]]" (or with '-'), the first two
 * fields in either order: order 'm' or 'd' reads it so; order 0 only
 * checks the shape and puts the two fields in *a and *b. */
static int numeric_date(const char *s, size_t n, char order, int *a, int *b, double *out)
{
	int f[3], digits;
	double secs;
	if (!date_parts(s, n, 0, f, &digits, &secs))
		return 0;
	*a = f[0];
	*b = f[1];
	if (!order)
		return f[0] >= 1 && f[1] >= 1 && f[0] <= 31 && f[1] <= 31 && (f[0] <= 12 || f[1] <= 12);
	int mo = order == 'm' ? f[0] : f[1], d = order == 'm' ? f[1] : f[0];
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	*out = ll_time_from_civil(f[2], mo, d, 0, 0, secs);
	return 1;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return days[month - 1] + (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0));
}

/* A two-digit year as logs and their tools mean it: 70-99 the 1900s. */
static int full_year(int yy)
{
	return yy >= 70 ? 1900 + yy : 2000 + yy;
}

/* The date "a/b/c" of two-digit year read in order 'M' (MM/dd/yy), 'D'
 * (dd/MM/yy) or 'Y' (yy/MM/dd): 1 and its year in *year when it names a
 * real day ("02/30/26" month first does not). */
static int short_reading(const int f[3], char order, int *year, int *month, int *day)
{
	int y = order == 'Y' ? f[0] : f[2];
	*month = order == 'M' ? f[0] : f[1];
	*day = order == 'M' ? f[1] : order == 'D' ? f[0] : f[2];
	*year = full_year(y);
	return *month >= 1 && *month <= 12 && *day >= 1 && *day <= days_in_month(*year, *month);
}

/* "03/14/26[ HH:MM[:SS]]": a date of two-digit year whose three orders
 * (month, day or year first) a column settles as a whole
 * (ds_csv_date_order): read in that order. */
static int short_date(const char *s, size_t n, char order, double *out)
{
	int f[3], digits, y, mo, d;
	double secs;
	if (!date_parts(s, n, 1, f, &digits, &secs) || !short_reading(f, order, &y, &mo, &d))
		return 0;
	*out = ll_time_from_civil(y, mo, d, 0, 0, secs);
	return 1;
}

static const char *date_order_name(char order)
{
	switch (order) {
	case 'd': return "dd/MM/yyyy";
	case 'm': return "MM/dd/yyyy";
	case 'D': return "dd/MM/yy";
	case 'M': return "MM/dd/yy";
	default: return "yy/MM/dd";
	}
}

/* Why a column's dates read in order: the value that settles it, else the
 * rule that chose. */
static const char *date_order_why(char order, const struct ds_csv_colstat *st)
{
	if (order == 'd')
		return "day-first (a first field is above 12)";
	if (order == 'm')
		return st->month_first ? "month-first (a second field is above 12)"
				       : "month-first (no field above 12 tells; month-first is what US-locale tools write)";
	int others = 0;
	for (int k = 0; k < 3; k++)
		others += "MDY"[k] != order && !st->not_order[k];
	if (!others)
		return order == 'M' ? "month-first (no other order reads every date)"
		       : order == 'D' ? "day-first (no other order reads every date)"
				      : "year-first (no other order reads every date)";
	return order == 'M' ? "month-first (no date settles the order: the years nearer the file's; month before day, as "
			      "US-locale tools write)"
	       : order == 'D' ? "day-first (no date settles the order: the years nearer the file's)"
			      : "year-first (no date settles the order: the years nearer the file's)";
}

/* How "a/b/cc" writes its first two fields: 1 when one has a leading zero
 * ("03/05/10", as date formats pad), -1 when one is a single digit
 * ("3/5/10"), 0 when neither tells ("10/12/26"). */
static int short_padding(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	int padded = 0, unpadded = 0;
	size_t i = 0;
	for (int part = 0; part < 2 && i < n; part++) {
		size_t start = i;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		padded |= i - start == 2 && s[start] == '0';
		unpadded |= i - start == 1;
		i++; /* the separator */
	}
	return unpadded ? -1 : padded;
}

/* Tallies a cell that may be a date of two-digit year: how many cells are,
 * which orders each cannot be, and how far from the file's year each
 * order puts it. */
static void tally_short_date(struct ds_csv_colstat *st, const char *s, size_t n, int year)
{
	int f[3], digits, y, mo, d;
	double secs;
	if (!date_parts(s, n, 1, f, &digits, &secs))
		return;
	st->dmy2_clock += memchr(s, ':', n) != NULL;
	int padding = short_padding(s, n);
	st->dmy2_padded += padding > 0;
	st->dmy2_unpadded += padding < 0;
	for (int k = 0; k < 3; k++) {
		if (!short_reading(f, "MDY"[k], &y, &mo, &d)) {
			st->not_order[k]++;
			continue;
		}
		st->years_off[k] += (size_t)abs(y - year);
		double when = ll_time_from_civil(y, mo, d, 0, 0, secs);
		if (st->dmy2) {
			st->dmy2_later[k] += when > st->dmy2_last[k];
			st->dmy2_earlier[k] += when < st->dmy2_last[k];
		}
		if (!st->dmy2 || y < st->dmy2_year_lo[k])
			st->dmy2_year_lo[k] = y;
		if (!st->dmy2 || y > st->dmy2_year_hi[k])
			st->dmy2_year_hi[k] = y;
		st->dmy2_last[k] = when;
	}
	st->dmy2++;
}

int ds_csv_numeric_date(const char *s, size_t n, char order, int *a, int *b, double *out)
{
	return numeric_date(s, n, order, a, b, out);
}

/* Seconds into the day of a clock alone: "H:MM", "HH:MM:SS", "HH:MM:SS.fff". */
static int clock_of_day(const char *s, size_t n, double *out)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char buf[32];
	/* most cells are no clock: sscanf below costs more than the look */
	if (n < 4 || n >= sizeof buf || !memchr(s, ':', n))
		return 0;
	memcpy(buf, s, n);
	buf[n] = 0;
	int h, m, used = 0;
	double sec = 0;
	/* "9:05", "09:05:00", and unpadded "9:5:3" as some loggers print */
	if (sscanf(buf, "%2d:%2d%n", &h, &m, &used) != 2 || !isdigit((unsigned char)buf[used - 1]) ||
	    !isdigit((unsigned char)buf[0]) || buf[used - 1 - (isdigit((unsigned char)buf[used - 2]) ? 2 : 1)] != ':')
		return 0;
	if (buf[used] == ':') {
		char *end;
		if (!isdigit((unsigned char)buf[used + 1]))
			return 0;
		sec = strtod(buf + used + 1, &end);
		used = (int)(end - buf);
	}
	if ((size_t)used != n || h > 23 || m > 59 || sec >= 61)
		return 0;
	*out = h * 3600.0 + m * 60.0 + sec;
	return 1;
}

char ds_csv_date_order(const struct ds_csv_colstat *st)
{
	if (st->present && st->dmy2 == st->present) {
		/* of the orders every cell reads in, the one whose years lie
		 * nearer the file's; of month and day first, the month, as US
		 * locales write it */
		int best = -1;
		for (int k = 0; k < 3; k++)
			if (!st->not_order[k] && (best < 0 || st->years_off[k] < st->years_off[best]))
				best = k;
		return best < 0 ? 0 : "MDY"[best];
	}
	if (!st->present || st->mdy != st->present || (st->day_first && st->month_first))
		return 0;
	return st->day_first ? 'd' : 'm';
}

/* A column name that speaks of a date or time: a clock's or record's
 * (ds_csv_time_name, ds_csv_event_name), or one with a word such as
 * "date" or "day" ("Invoice Date", "day_of_sale"). */
static int date_name(const char *name)
{
	static const char *const words[] = {"date", "dated", "day", "dt", "when", "on"};
	if (!name)
		return 0;
	if (ds_csv_time_name(name) || ds_csv_event_name(name))
		return 1;
	const char *w;
	for (const char *at = name; *at;) {
		size_t n = name_word(&at, 1, &w);
		for (size_t i = 0; n && i < sizeof words / sizeof *words; i++)
			if (strlen(words[i]) == n && !strncasecmp(w, words[i], n))
				return 1;
	}
	return 0;
}

char ds_csv_date_order_named(const struct ds_csv_colstat *st, const char *name)
{
	char order = ds_csv_date_order(st);
	const char *at = order ? strchr("MDY", order) : NULL;
	if (!at)
		return order;
	/* "3/5/10" reads as a date in some order as readily as "03/05/10":
	 * what else the cells say decides, and only then the name. Rows that
	 * rise one way over many years are more likely numbers sorted by
	 * their last field than a log's dates. */
	size_t k = (size_t)(at - "MDY");
	int one_way = ((st->dmy2_later[k] >= 3 && !st->dmy2_earlier[k]) ||
		       (st->dmy2_earlier[k] >= 3 && !st->dmy2_later[k])) &&
		      st->dmy2_year_hi[k] - st->dmy2_year_lo[k] <= 2;
	/* Nor do numbers in threes keep one field to 1..12 on many rows while
	 * the other passes 12 on some: the cells then tell the order
	 * themselves ("1/11/99" .. "8/25/15", US spreadsheets' short date). */
	int told = k < 2 && st->dmy2 >= 20 && st->not_order[1 - k] > 0;
	if (st->dmy2_clock || (st->dmy2_padded && !st->dmy2_unpadded) || one_way || told || date_name(name))
		return order;
	return 0;
}

/* Reads `digits` decimal digits at s into *v. */
static int fixed_digits(const char *s, int digits, int *v)
{
	int x = 0;
	for (int i = 0; i < digits; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 1;
}

/* The ISO week of a day (Monday 1 .. Sunday 7 from the civil day count). */
static int iso_weekday(double t)
{
	long days = (long)floor(t / DAY_SECONDS);
	return (int)(((days + 3) % 7 + 7) % 7) + 1; /* 1970-01-01 was a Thursday */
}

/* The start of a period a monthly, weekly or quarterly report names its
 * rows by: "2024-03" (a month), ISO 8601's "2024-W11" and "2024-W11-4" (a
 * week, a day of it), "2024-Q1" (a quarter). */
static int period_start(const char *s, size_t n, double *out)
{
	int y, a, d = 1;
	if ((n != 7 && n != 8 && n != 10) || !fixed_digits(s, 4, &y) || s[4] != '-' || y < 1900 || y > 2200)
		return 0;
	if (n == 7 && fixed_digits(s + 5, 2, &a)) {
		if (a < 1 || a > 12)
			return 0;
		*out = ll_time_from_civil(y, a, 1, 0, 0, 0);
		return 1;
	}
	if (n == 7 && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
		*out = ll_time_from_civil(y, (s[6] - '1') * 3 + 1, 1, 0, 0, 0);
		return 1;
	}
	if (s[5] != 'W' || !fixed_digits(s + 6, 2, &a) || a < 1 ||
	    (n == 10 && (s[8] != '-' || s[9] < '1' || s[9] > '7')))
		return 0;
	if (n == 10)
		d = s[9] - '0';
	/* week 1 holds January 4th; a year has 53 weeks when it starts on a
	 * Thursday, or is a leap year starting on a Wednesday */
	double jan4 = ll_time_from_civil(y, 1, 4, 0, 0, 0);
	double monday1 = jan4 - (iso_weekday(jan4) - 1) * DAY_SECONDS;
	double next_monday1 = ll_time_from_civil(y + 1, 1, 4, 0, 0, 0);
	next_monday1 -= (iso_weekday(next_monday1) - 1) * DAY_SECONDS;
	if (a > (int)floor((next_monday1 - monday1) / (7 * DAY_SECONDS) + 0.5))
		return 0;
	*out = monday1 + ((a - 1) * 7 + (d - 1)) * DAY_SECONDS;
	return 1;
}

/* A year-first date whose month or day has one digit ("2014-7-1",
 * "2015/1/15 9:30"), as R's and Excel's unpadded formats write it: read as
 * the padded date it means. */
static int unpadded_ymd(const char *s, size_t n, int default_year, double *out)
{
	if (n < 8 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[3]) || (s[4] != '-' && s[4] != '/'))
		return 0;
	char buf[64];
	size_t i = 5, o = 5, short_part = 0;
	memcpy(buf, s, 5);
	for (int part = 0; part < 2; part++) {
		size_t k = i;
		while (k < n && isdigit((unsigned char)s[k]) && k - i < 3)
			k++;
		if (k - i < 1 || k - i > 2 || (part == 0 && (k >= n || s[k] != s[4])) ||
		    (part == 1 && k < n && s[k] != ' ' && s[k] != 'T'))
			return 0;
		if (k - i == 1) {
			buf[o++] = '0';
			short_part = 1;
		}
		memcpy(buf + o, s + i, k - i + (part == 0));
		o += k - i + (part == 0);
		i = k + (part == 0);
	}
	if (!short_part || o + (n - i) >= sizeof buf)
		return 0;
	memcpy(buf + o, s + i, n - i);
	return ll_time_parse_year(buf, o + n - i, default_year, out);
}

int ds_csv_cell_time(const char *s, size_t n, int default_year, double *out)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* A date written as one run of digits, "20190418" or "20190418132005"
	 * (yyyyMMdd[HHmmss]): as a number it would be no epoch (8 digits are
	 * too few for seconds since 1973) or one past the year 2286 (14 digits
	 * of milliseconds), so a valid calendar date is what it means. */
	int y, mo, d, h = 0, mi = 0, se = 0;
	if ((n == 8 || n == 14) && fixed_digits(s, 4, &y) && fixed_digits(s + 4, 2, &mo) && fixed_digits(s + 6, 2, &d) &&
	    (n == 8 || (fixed_digits(s + 8, 2, &h) && fixed_digits(s + 10, 2, &mi) && fixed_digits(s + 12, 2, &se)))) {
		if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
			return 0;
		*out = ll_time_from_civil(y, mo, d, h, mi, se);
		return 1;
	}
	if (period_start(s, n, out))
		return 1;
	if (unpadded_ymd(s, n, default_year, out))
		return 1;
	return ll_time_parse_year(s, n, default_year, out);
}

static int parse_time(ds_csv_time_fn fn, const char *s, size_t n, int year, double *out)
{
	return fn ? fn(s, n, year, out) : ds_csv_cell_time(s, n, year, out);
}

/* A lone "-": the unset value of Zeek, web servers' logs and many exports.
 * Missing in a number or time column; text elsewhere, where it may mean
 * something (loghub's BGL labels ordinary lines "-"). */
static int dash(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* or two or three of them, or a typographic dash alone ("--", "—"):
	 * what spreadsheets and hand-made tables put in a cell with no value */
	if (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '-')
			return 0;
	return n >= 1 && n <= 3;
}

/* ISO 8601's "PT5M30S", "P1DT2H", "PT0.25S" (APIs' timeouts, ages and
 * billing periods): weeks, days, hours, minutes and seconds, the last
 * with a fraction. Years and months have no fixed length: no duration. */
static int iso_duration(const char *s, size_t n, double *seconds)
{
	static const char date_units[] = "WD", time_units[] = "HMS";
	static const double date_secs[] = {604800, 86400}, time_secs[] = {3600, 60, 1};
	if (n < 3 || s[0] != 'P')
		return 0;
	size_t i = 1;
	int in_time = 0, parts = 0, last = -1;
	double total = 0;
	while (i < n) {
		if (s[i] == 'T') {
			if (in_time || i + 1 == n)
				return 0;
			in_time = 1;
			last = -1;
			i++;
			continue;
		}
		double v;
		size_t start = i;
		i = decimal_run(s, n, i, 1, &v);
		if (i == start || i == n || i - start > 12)
			return 0;
		const char *units = in_time ? time_units : date_units;
		const char *u = memchr(units, s[i], strlen(units));
		/* a fraction on the last part only; units in order, once each */
		if (!u || (int)(u - units) <= last || (memchr(s + start, '.', i - start) && (i + 1 != n || s[i] != 'S')))
			return 0;
		last = (int)(u - units);
		total += v * (in_time ? time_secs : date_secs)[last];
		parts++;
		i++;
	}
	if (!parts)
		return 0;
	*seconds = total;
	return 1;
}

int ds_csv_duration(const char *s, size_t n, double *seconds, int *unambiguous)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (n && s[0] == 'P') {
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		*unambiguous = 1;
		return iso_duration(s, n, seconds);
	}
	return ll_units_clock(s, n, seconds, unambiguous);
}

static void tally(struct ds_csv_colstat *st, const struct ds_csv_field *f, char delim, int year, ds_csv_time_fn fn)
{
	double v;
	if (cell_missing(f->p, f->len))
		return;
	if (dash(f->p, f->len)) {
		st->dashes++;
		return;
	}
	st->present++;
	const char *txt = f->p;
	size_t ntxt = f->len;
	if (ds_csv_forced_text(&txt, &ntxt))
		return; /* text by the writer's word, whatever its digits say */
	int a, b;
	if (numeric_date(f->p, f->len, 0, &a, &b, &v)) {
		st->mdy++;
		st->month_first += b > 12;
		st->day_first += a > 12;
	}
	tally_short_date(st, f->p, f->len, year);
	if (clock_of_day(f->p, f->len, &v))
		st->clock_only++;
	else if (!memchr(f->p, ':', f->len) && !ll_parse_number(f->p, f->len, &v) &&
		 parse_time(fn, f->p, f->len, year, &v))
		st->date_only++;
	int kind = number_kind(f->p, f->len, delim, &v);
	if (kind) {
		double t, e;
		st->num++;
		st->fractional += isfinite(v) && v != floor(v);
		if (kind == 2) {
			int sign = ds_units_sign(f->p, f->len);
			st->unit_time += sign == DS_UNITS_SIGN_TIME;
			st->unit_size += sign == DS_UNITS_SIGN_SIZE;
		}
		st->event_epochs += ll_parse_number(f->p, f->len, &e) && ds_csv_event_epoch(e, &t);
		int unit = kind == 1 ? ds_csv_epoch_unit(v) : 0;
		if (unit) {
			if (st->whole_epochs) {
				st->epochs_back += v < st->epoch_last;
				st->epochs_up += v > st->epoch_last;
			} else {
				st->epoch_first = v;
			}
			st->epoch_last = v;
			st->whole_epochs++;
			st->epoch_units |= 1u << unit;
		}
	}
	if (parse_time(fn, f->p, f->len, year, &v))
		st->time++;
	int lng;
	if (ds_csv_duration(f->p, f->len, &v, &lng)) {
		st->durations++;
		st->long_durations += (size_t)lng;
	}
}

/* 1 when record tk holds exactly cells[0, n) (blanks and all). */
static int repeats(const struct ds_csv_tok *tk, char *const *cells, const size_t *lens, size_t n)
{
	if (!cells || tk->nf != n)
		return 0;
	for (size_t c = 0; c < n; c++)
		if (tk->f[c].len != lens[c] || memcmp(tk->f[c].p, cells[c], lens[c]) != 0)
			return 0;
	return 1;
}

int ds_csv_sample(struct ds_csv_tok *tk, size_t ncols, struct ds_csv_colstat *stats, size_t max, int default_year,
		  ds_csv_time_fn fn, const char *path, struct ll_err *err)
{
	return ds_csv_sample_skip(tk, ncols, stats, max, default_year, fn, path, NULL, NULL, 0, err);
}

int ds_csv_sample_skip(struct ds_csv_tok *tk, size_t ncols, struct ds_csv_colstat *stats, size_t max, int default_year,
		       ds_csv_time_fn fn, const char *path, char *const *skip_cells, const size_t *skip_lens,
		       size_t skip_n, struct ll_err *err)
{
	size_t got = 0;
	int rc = 0;
	while (got < max && (rc = ds_csv_next(tk, path, err)) == 1) {
		if (ds_csv_blank(tk) || repeats(tk, skip_cells, skip_lens, skip_n) || comment_among_rows(tk, ncols))
			continue;
		for (size_t c = 0; c < ncols && c < tk->nf; c++) {
			/* A record shorter than the table is of another kind
			 * (sadf's "LINUX-RESTART" line in its metrics' places):
			 * its text does not make a column of numbers text. */
			double v;
			if (tk->nf < ncols && !number_kind(tk->f[c].p, tk->f[c].len, tk->delim, &v) &&
			    !parse_time(fn, tk->f[c].p, tk->f[c].len, default_year, &v) &&
			    !cell_missing(tk->f[c].p, tk->f[c].len) && !dash(tk->f[c].p, tk->f[c].len))
				continue;
			tally(&stats[c], &tk->f[c], tk->delim, default_year, fn);
		}
		got++;
	}
	return rc < 0 ? rc : (int)got;
}

/* ---- layout ---- */

int ds_csv_layout_init(struct ds_csv_layout *lay, size_t ncols)
{
	lay->ncols = ncols;
	lay->label_col = -1;
	lay->pdh_col = -1;
	lay->names = calloc(ncols ? ncols : 1, sizeof *lay->names);
	lay->types = calloc(ncols ? ncols : 1, sizeof *lay->types);
	if (!lay->names || !lay->types) {
		ds_csv_layout_free(lay);
		return LL_ENOMEM;
	}
	for (size_t c = 0; c < ncols; c++)
		lay->types[c] = LL_COL_NUM;
	return LL_OK;
}

void ds_csv_layout_free(struct ds_csv_layout *lay)
{
	if (!lay)
		return;
	for (size_t i = 0; lay->own_cells && i < lay->header_n; i++)
		free(lay->own_cells[i]);
	free(lay->own_cells);
	free(lay->own_lens);
	lay->own_cells = NULL;
	lay->own_lens = NULL;
	free(lay->date_order);
	free(lay->clock_next);
	free(lay->duration);
	lay->date_order = lay->clock_next = lay->duration = NULL;
	if (lay->names)
		for (size_t c = 0; c < lay->ncols; c++)
			free(lay->names[c]);
	free(lay->names);
	free(lay->types);
	lay->names = NULL;
	lay->types = NULL;
}

/* A copy of n bytes of s (NULL: none), or NULL when out of memory. */
static char *copy_of(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);
	if (p && s && n)
		memcpy(p, s, n);
	return p;
}

struct ds_csv_layout *ds_csv_layout_keep(const struct ds_csv_layout *lay)
{
	struct ds_csv_layout *k = calloc(1, sizeof *k);
	if (!k || ds_csv_layout_init(k, lay->ncols) != LL_OK) {
		free(k);
		return NULL;
	}
	size_t n = lay->ncols;
	int ok = 1;
	for (size_t c = 0; c < n && ok; c++) {
		ok = (k->names[c] = strdup(lay->names[c])) != NULL;
		k->types[c] = lay->types[c];
	}
	if (ok && lay->date_order)
		ok = (k->date_order = copy_of(lay->date_order, n)) != NULL;
	if (ok && lay->clock_next)
		ok = (k->clock_next = copy_of(lay->clock_next, n)) != NULL;
	if (ok && lay->duration)
		ok = (k->duration = copy_of(lay->duration, n)) != NULL;
	if (ok && lay->header_cells) {
		k->own_cells = calloc(lay->header_n ? lay->header_n : 1, sizeof *k->own_cells);
		k->own_lens = calloc(lay->header_n ? lay->header_n : 1, sizeof *k->own_lens);
		ok = k->own_cells && k->own_lens;
		k->header_n = ok ? lay->header_n : 0;
		for (size_t i = 0; ok && i < lay->header_n; i++) {
			ok = (k->own_cells[i] = copy_of(lay->header_cells[i], lay->header_lens[i])) != NULL;
			k->own_lens[i] = lay->header_lens[i];
		}
		k->header_cells = k->own_cells;
		k->header_lens = k->own_lens;
	}
	if (!ok) {
		ds_csv_layout_free(k);
		free(k);
		return NULL;
	}
	k->delim = lay->delim;
	k->line_mode = lay->line_mode;
	k->comments = lay->comments;
	k->label_col = lay->label_col;
	k->default_year = lay->default_year;
	k->parse_time = lay->parse_time;
	k->trailing_empty = lay->trailing_empty;
	k->pdh_col = lay->pdh_col;
	k->pdh_bias = lay->pdh_bias;
	return k;
}

int ds_csv_layout_name(struct ds_csv_layout *lay, size_t c, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *p = malloc(n + 1);
	if (!p)
		return LL_ENOMEM;
	memcpy(p, s, n);
	p[n] = '\0';
	free(lay->names[c]);
	lay->names[c] = p;
	return LL_OK;
}

struct named {
	const char *name;
	size_t col;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->col > y->col) - (x->col < y->col);
}

/* Sorts (name, column) pairs so equal names sit together, first column
 * first: O(n log n), as a row may have thousands of fields. */
static struct named *sorted_names(char *const *names, size_t n)
{
	struct named *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		v[i].name = names[i];
		v[i].col = i;
	}
	qsort(v, n, sizeof *v, cmp_named);
	return v;
}

int ds_csv_layout_unique(struct ds_csv_layout *lay)
{
	char buf[64];
	for (size_t c = 0; c < lay->ncols; c++) {
		if (!lay->names[c] || !lay->names[c][0]) {
			snprintf(buf, sizeof buf, "col%zu", c + 1);
			if (ds_csv_layout_name(lay, c, buf, strlen(buf)) != LL_OK)
				return LL_ENOMEM;
		}
	}
	/* Later duplicates become x_2, x_3...; should that clash with another
	 * name, the next round suffixes it again. Rounds are O(n log n); a
	 * header built to chain clashes (x, x, x_2, x_2_2, ...) needs a round
	 * a link, so the rounds run until nothing changes: renamed names only
	 * grow, so they soon clash with nothing (ncols + 8 rounds bound it). */
	for (size_t round = 0; round < lay->ncols + 8; round++) {
		struct named *v = sorted_names(lay->names, lay->ncols);
		if (!v)
			return LL_ENOMEM;
		int changed = 0;
		for (size_t i = 1, k = 2; i < lay->ncols; i++) {
			if (strcmp(v[i].name, v[i - 1].name) != 0) {
				k = 2;
				continue;
			}
			size_t c = v[i].col, len = strlen(v[i].name);
			char *n = malloc(len + 24);
			if (!n) {
				free(v);
				return LL_ENOMEM;
			}
			snprintf(n, len + 24, "%s_%zu", v[i].name, k++);
			/* v[i].name is lay->names[c]: keep it alive until the group ends */
			v[i].name = v[i - 1].name;
			free(lay->names[c]);
			lay->names[c] = n;
			changed = 1;
		}
		free(v);
		if (!changed)
			return LL_OK;
	}
	return LL_OK;
}

int ds_csv_named_col(const struct ds_csv_layout *lay, const char *name)
{
	for (size_t c = 0; c < lay->ncols; c++)
		if (strcmp(lay->names[c], name) == 0)
			return (int)c;
	for (size_t c = 0; c < lay->ncols; c++)
		if (strcasecmp(lay->names[c], name) == 0)
			return (int)c;
	return -1;
}

/* The error of a label column the table does not have, with the names it
 * does have (the first few), so the user can pick one. */
static int no_label_column(const struct ds_csv_layout *lay, const char *name, struct ll_err *err)
{
	char have[400] = "";
	size_t at = 0;
	for (size_t c = 0; c < lay->ncols; c++) {
		size_t n = strlen(lay->names[c]) + (c ? 2 : 0);
		if (at + n + 6 > sizeof have) {
			memcpy(have + at, ", ...", 6);
			break;
		}
		at += (size_t)snprintf(have + at, sizeof have - at, "%s%s", c ? ", " : "", lay->names[c]);
	}
	return ll_err_set(err, LL_EDATA, "%s: no column named \"%s\" for the labels (the columns: %s)", lay->path, name,
			  have);
}

int ds_csv_find_label_col(const struct ds_csv_layout *lay)
{
	static const char *const names[] = {"label", "class", "y"};
	/* the anomaly flag of a labelled series (SKAB's "anomaly", Yahoo's
	 * "is_anomaly"), only when no column has a general label name: as a
	 * feature it would hand a detector the answer */
	static const char *const flags[] = {"anomaly", "is_anomaly"};
	/* names in order of preference, not of the columns: "y" is often a
	 * measure or a coordinate ("x,y,z,label"), "label" never */
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		for (size_t c = 0; c < lay->ncols; c++)
			if (strcasecmp(lay->names[c], names[i]) == 0)
				return (int)c;
	for (size_t c = 0; c < lay->ncols; c++)
		for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
			if (strcasecmp(lay->names[c], flags[i]) == 0)
				return (int)c;
	return -1;
}

/* ---- filling a table ---- */

struct fill_stats {
	size_t nshort, short_line;
	size_t nshort_text, short_text_line; /* text of short rows in number/time columns */
	size_t *bad_line;  /* per column: first line whose cell did not parse, 0 if none */
	size_t *unit_line; /* per column: first line of a number with a unit or grouping */
	unsigned char *unit_signs; /* per column: 1 << enum ds_units_sign of each such number */
	size_t *marks;     /* per column: words that mark a missing number or time ("n/a", "-") */
	size_t mark_line;  /* the first of them: its line and text */
	char mark_text[16];
	size_t nrepeat, repeat_line; /* records that repeat the header */
	/* snapshots: a header repeated after rows starts the next (a command
	 * polled in a loop); each row's, while memory lasts (row_poll NULL
	 * once it does not: no polls) */
	size_t poll, poll_rows, *row_poll, row_poll_cap;
	int poll_oom;
	size_t nseparators, separators_line; /* lines of separators alone */
	size_t ncomments, comment_line;      /* '#' lines among the rows */
	int demote;
};

/* Row row is in snapshot fs->poll (rows before the first repeated header
 * are in the first). */
static int note_poll(struct fill_stats *fs, size_t row)
{
	if (row >= fs->row_poll_cap) {
		size_t cap = fs->row_poll_cap ? fs->row_poll_cap : 1024;
		while (cap <= row)
			cap *= 2;
		size_t *p = realloc(fs->row_poll, cap * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		/* the rows before the first repeat: the first snapshot */
		for (size_t k = fs->row_poll_cap; k < cap; k++)
			p[k] = 0;
		fs->row_poll = p;
		fs->row_poll_cap = cap;
	}
	fs->row_poll[row] = fs->poll;
	return LL_OK;
}

/* A table without any time whose header came again above each output of
 * a command polled in a loop (docker stats --format "table ...", a CSV
 * appended to by a loop): a time column "poll" numbering the snapshots
 * (poll N at N s after 1970-01-01 00:00:00, as the aligned reader numbers
 * them), kept when the snapshots hold a row each, or entities that each
 * tells apart (ds_pivot_detect); a header repeated over one series is
 * none. *snaps gets their count when kept, else 0. */
static int poll_column(struct ll_table *t, const struct fill_stats *fs, const char *path, size_t *snaps)
{
	*snaps = 0;
	size_t n = ll_table_nrows(t);
	if (!fs->row_poll || fs->poll_oom || n < 2 || ll_table_clock(t, -1) >= 0 || ll_table_find_column(t, "poll") >= 0)
		return LL_OK;
	size_t polls = 1;
	int one = 1;
	for (size_t r = 1; r < n; r++) {
		size_t a = r - 1 < fs->row_poll_cap ? fs->row_poll[r - 1] : 0, b = r < fs->row_poll_cap ? fs->row_poll[r] : 0;
		polls += a != b;
		one &= a != b;
	}
	if (polls < 2)
		return LL_OK;
	int c = ll_table_add_column(t, "poll", LL_COL_TIME);
	if (c < 0)
		return LL_ENOMEM;
	for (size_t r = 0; r < n; r++)
		ll_table_set_num(t, r, (size_t)c, (double)(r < fs->row_poll_cap ? fs->row_poll[r] : 0) + 1.0);
	/* "A / B" cells made numbers first (as the load does after): a
	 * usage that changes every row is no name of the row */
	if (!one && ds_pairs_split(t, path) != LL_OK)
		return LL_ENOMEM;
	c = ll_table_find_column(t, "poll");
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey;
	int found = one ? 1 : ds_pivot_detect(t, 20000, 0, key, &nkey);
	if (found < 0)
		return LL_ENOMEM;
	if (found) {
		*snaps = polls;
		return LL_OK;
	}
	unsigned char *drop = calloc(ll_table_ncols(t), 1);
	if (!drop)
		return LL_ENOMEM;
	drop[c] = 1;
	int rc = ll_table_drop_columns(t, drop);
	free(drop);
	return rc;
}

/* A cell of a number or time column that says "missing" in words. */
static void count_mark(struct fill_stats *fs, size_t c, const struct ds_csv_field *f, size_t line)
{
	size_t a = 0, n = f->len;
	while (a < n && (f->p[a] == ' ' || f->p[a] == '\t'))
		a++;
	if (a == n)
		return; /* empty: the ordinary missing cell */
	if (!fs->mark_line) {
		fs->mark_line = line;
		size_t k = n - a < sizeof fs->mark_text - 1 ? n - a : sizeof fs->mark_text - 1;
		memcpy(fs->mark_text, f->p + a, k);
		fs->mark_text[k] = 0;
	}
	fs->marks[c]++;
}

/* A field of nothing but blanks. */
static int blank_field(const struct ds_csv_field *f)
{
	for (size_t i = 0; i < f->len; i++)
		if (f->p[i] != ' ' && f->p[i] != '\t')
			return 0;
	return 1;
}

static int fill_once(const struct ds_csv_layout *lay, const char *data, size_t size, struct ll_table *t,
		     struct fill_stats *fs, struct ds_csv_tok *tk, struct ll_err *err)
{
	const size_t ncols = lay->ncols;
	for (size_t c = 0; c < ncols; c++)
		if (ll_table_add_column(t, lay->names[c], lay->types[c]) < 0)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", lay->path);
	/* A rough row estimate from the body size saves most regrowth. */
	size_t body = size > lay->body_pos ? size - lay->body_pos : 0;
	if (ll_table_reserve(t, body / (ncols * 4 + 8) + 16) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", lay->path);
	ds_csv_tok_init(tk, data, size, lay->body_pos, lay->body_line, lay->delim, lay->line_mode);
	tk->comments = lay->comments;
	int rc;
	while ((rc = ds_csv_next(tk, lay->path, err)) == 1) {
		if (ds_csv_blank(tk)) {
			if (tk->nf > 1 && !fs->nseparators++)
				fs->separators_line = tk->rec_line;
			continue;
		}
		if (repeats(tk, lay->header_cells, lay->header_lens, lay->header_n)) {
			if (!fs->nrepeat++)
				fs->repeat_line = tk->rec_line;
			if (fs->poll_rows) {
				fs->poll++;
				fs->poll_rows = 0;
			}
			continue;
		}
		if (comment_among_rows(tk, ncols) && !(lay->trailing_empty && tk->nf == ncols + 1)) {
			if (!fs->ncomments++)
				fs->comment_line = tk->rec_line;
			continue;
		}
		size_t nf = tk->nf;
		/* the empty field after the last separator (or blanks: ", ") */
		if (lay->trailing_empty && nf == ncols + 1 && blank_field(&tk->f[ncols]))
			nf = ncols;
		/* Dropping cells would lose data: a longer row is an error. Its
		 * line is the text's: the loader names the file's line for every
		 * error (error_line_to_file), so mapping here too named the
		 * line the file's last one was mapped from. A followed table's
		 * new rows cannot make the rows before inconsistent: such a
		 * line is skipped and told. */
		if (nf > ncols && lay->keep_types) {
			ds_tabtail_misfit_row(lay->misfits, tk->rec_line);
			continue;
		}
		if (nf > ncols)
			return ll_err_set(err, LL_EDATA,
					  "%s:%zu: %zu fields where the table has %zu: not a consistent table "
					  "(--format log reads it as lines)",
					  lay->path, tk->rec_line, nf, ncols);
		long row = ll_table_append_row(t);
		if (row < 0)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", lay->path);
		if (fs->nrepeat && !fs->poll_oom && !lay->keep_types && note_poll(fs, (size_t)row) != LL_OK)
			fs->poll_oom = 1;
		fs->poll_rows++;
		if (nf < ncols && !fs->nshort++)
			fs->short_line = tk->rec_line;
		for (size_t c = 0; c < nf; c++) {
			const struct ds_csv_field *f = &tk->f[c];
			if (cell_missing(f->p, f->len)) {
				if (lay->types[c] != LL_COL_TEXT)
					count_mark(fs, c, f, tk->rec_line);
				continue;
			}
			double v;
			int ok = 1;
			switch (lay->types[c]) {
			case LL_COL_NUM:
				if (lay->duration && lay->duration[c]) {
					int lng;
					ok = ds_csv_duration(f->p, f->len, &v, &lng);
					break;
				}
				ok = number_kind(f->p, f->len, tk->delim, &v);
				if (ok == 2) {
					if (!fs->unit_line[c])
						fs->unit_line[c] = tk->rec_line;
					fs->unit_signs[c] |= (unsigned char)(1u << ds_units_sign(f->p, f->len));
				}
				break;
			case LL_COL_TIME:
				if (lay->date_order && strchr("MDY", lay->date_order[c]) && lay->date_order[c]) {
					ok = short_date(f->p, f->len, lay->date_order[c], &v);
				} else if (lay->date_order && lay->date_order[c]) {
					int a, b;
					ok = numeric_date(f->p, f->len, lay->date_order[c], &a, &b, &v);
				} else {
					ok = parse_time(lay->parse_time, f->p, f->len, lay->default_year, &v);
				}
				double clock;
				if (ok && lay->clock_next && lay->clock_next[c] && c + 1 < nf &&
				    clock_of_day(tk->f[c + 1].p, tk->f[c + 1].len, &clock))
					v += clock;
				break;
			case LL_COL_TEXT: {
				const char *txt = f->p;
				size_t ntxt = f->len;
				ds_csv_forced_text(&txt, &ntxt);
				if (ll_table_set_text(t, (size_t)row, c, txt, ntxt) != LL_OK)
					return ll_err_set(err, LL_ENOMEM, "%s: out of memory", lay->path);
				continue;
			}
			}
			if (ok) {
				ll_table_set_num(t, (size_t)row, c, v);
			} else if (dash(f->p, f->len)) {
				/* missing: checked only here, off the path of cells that parse */
				count_mark(fs, c, f, tk->rec_line);
			} else if (lay->keep_types) {
				/* the column keeps its type: the cell is missing, told */
				ds_tabtail_misfit(lay->misfits, lay->names[c], f->p, f->len, tk->rec_line);
			} else if (nf < ncols) {
				/* a short record's text (as sampled): left out, said */
				if (!fs->nshort_text++)
					fs->short_text_line = tk->rec_line;
			} else if (!fs->bad_line[c]) {
				fs->bad_line[c] = tk->rec_line;
				fs->demote = 1;
			}
		}
		if (lay->label_col >= 0 && (size_t)lay->label_col < nf) {
			const struct ds_csv_field *f = &tk->f[lay->label_col];
			if (!cell_missing(f->p, f->len)) {
				int cls = ll_table_class_id(t, f->p, f->len);
				if (cls < 0)
					return ll_err_set(err, LL_ENOMEM, "%s: out of memory", lay->path);
				ll_table_set_label(t, (size_t)row, cls);
			}
		}
	}
	return rc < 0 ? rc : LL_OK;
}

/* Writes "'a' (line 3), 'b' (line 9) and 2 more" into list: the first four
 * columns of a type other than text whose per_col value is not 0, that
 * value as their line when lines (units: number columns only, whose value
 * is a line). Returns how many columns qualify. */
static size_t column_list(const struct ds_csv_layout *lay, const size_t *per_col, int lines, char *list, size_t cap)
{
	size_t len = 0, n = 0, shown = 0;
	list[0] = 0;
	for (size_t c = 0; c < lay->ncols; c++) {
		if (!per_col[c] || lay->types[c] == LL_COL_TEXT || (lines && lay->types[c] != LL_COL_NUM))
			continue;
		if (n++ >= 4)
			continue;
		int w = lines ? snprintf(list + len, cap - len, "%s'%s' (line %zu)", shown ? ", " : "", lay->names[c],
					 ds_line_map_at(lay->line_map, per_col[c]))
			      : snprintf(list + len, cap - len, "%s'%s'", shown ? ", " : "", lay->names[c]);
		if (w > 0 && (size_t)w < cap - len) {
			len += (size_t)w;
			shown++;
		} else {
			list[len] = 0;
		}
	}
	if (n > shown)
		snprintf(list + len, cap - len, " and %zu more", n - shown);
	return n;
}

/* One note for every column whose numbers carry units ("3.4G") or
 * thousands separators: the first few by name, with where each starts. */
static void note_units(struct ll_table *t, const struct ds_csv_layout *lay, const size_t *unit)
{
	char list[400];
	size_t n = column_list(lay, unit, 1, list, sizeof list);
	if (!n)
		return;
	ll_table_note(t,
		      "%s: column%s %s write%s numbers with a unit or thousands separators; read as plain numbers "
		      "(KB, MB, GB... as powers of 1000, KiB, MiB... and a bare K, M, G of 1024, ms, us, ns and spans "
		      "such as 1h2m3s as seconds, %% and a currency sign dropped)",
		      lay->path, n == 1 ? "" : "s", list, n == 1 ? "s" : "");
}

/* One note for the words that stood for missing numbers or times: how
 * many, in which columns (the first few), the first one and its line. */
static void note_marks(struct ll_table *t, const struct ds_csv_layout *lay, const struct fill_stats *fs)
{
	char list[400];
	size_t ncol = column_list(lay, fs->marks, 0, list, sizeof list), total = 0;
	for (size_t c = 0; c < lay->ncols; c++)
		total += lay->types[c] != LL_COL_TEXT ? fs->marks[c] : 0;
	if (!ncol)
		return;
	ll_table_note(t, "%s: %zu cell%s such as '%s' (first: line %zu) in column%s %s read as missing", lay->path,
		      total, total == 1 ? "" : "s", fs->mark_text, ds_line_map_at(lay->line_map, fs->mark_line), ncol == 1 ? "" : "s", list);
}

int ds_csv_fill(struct ds_csv_layout *lay, const char *data, size_t size, struct ll_table **out,
		struct ll_err *err)
{
	*out = NULL;
	struct fill_stats fs;
	struct ds_csv_tok tk;
	memset(&tk, 0, sizeof tk);
	size_t *bad = calloc(lay->ncols ? lay->ncols : 1, sizeof *bad);
	size_t *unit = calloc(lay->ncols ? lay->ncols : 1, sizeof *unit);
	size_t *marks = calloc(lay->ncols ? lay->ncols : 1, sizeof *marks);
	unsigned char *signs = calloc(lay->ncols ? lay->ncols : 1, 1);
	if (!bad || !unit || !marks || !signs) {
		free(bad);
		free(unit);
		free(marks);
		free(signs);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", lay->path);
	}
	struct ll_table *t = NULL;
	int rc = LL_OK;
	memset(&fs, 0, sizeof fs);
	for (int pass = 0; pass < 2; pass++) {
		free(fs.row_poll);
		memset(&fs, 0, sizeof fs);
		fs.bad_line = bad;
		memset(unit, 0, lay->ncols * sizeof *unit);
		fs.unit_line = unit;
		memset(marks, 0, lay->ncols * sizeof *marks);
		fs.marks = marks;
		memset(signs, 0, lay->ncols);
		fs.unit_signs = signs;
		t = ll_table_new();
		if (!t) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", lay->path);
			break;
		}
		rc = fill_once(lay, data, size, t, &fs, &tk, err);
		if (rc != LL_OK || !fs.demote || pass == 1)
			break;
		/* Some cell contradicted its column's sampled type: read again with
		 * those columns as text, so nothing the file says is lost. */
		ds_csv_tok_free(&tk);
		ll_table_free(t);
		t = NULL;
		for (size_t c = 0; c < lay->ncols; c++)
			if (bad[c])
				lay->types[c] = LL_COL_TEXT;
	}
	if (rc == LL_OK) {
		size_t ncols = lay->ncols;
		const struct ds_line_map *map = lay->line_map;
		for (size_t c = 0; c < ncols; c++)
			if (bad[c] && lay->types[c] == LL_COL_TEXT)
				ll_table_note(t, "%s: column '%s' has text from line %zu on; read as text", lay->path,
					      lay->names[c], ds_line_map_at(map, bad[c]));
		note_units(t, lay, unit);
		for (size_t c = 0; c < ncols && rc == LL_OK; c++) {
			/* durations alone or sizes alone: their kind said for a fleet */
			int durations = signs[c] & (1u << DS_UNITS_SIGN_TIME), sizes = signs[c] & (1u << DS_UNITS_SIGN_SIZE);
			if (lay->types[c] == LL_COL_NUM && !durations != !sizes &&
			    ds_units_mark(t, lay->names[c], durations ? DS_UNITS_SECONDS : DS_UNITS_BYTES) != LL_OK)
				rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", lay->path);
		}
		note_marks(t, lay, &fs);
		size_t snaps = 0;
		if (fs.nrepeat && !lay->keep_types && poll_column(t, &fs, lay->path, &snaps) != LL_OK)
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", lay->path);
		if (fs.nrepeat && snaps)
			ll_table_note(t, "%s: %zu line%s repeat%s the header (first: line %zu), above each output of a "
					 "command polled in a loop; no time in the file: its %zu snapshots are numbered in "
					 "column \"poll\" (poll N at N s after 1970-01-01 00:00:00: a resampling period of N s "
					 "spans N polls)",
				      lay->path, fs.nrepeat, fs.nrepeat == 1 ? "" : "s", fs.nrepeat == 1 ? "s" : "",
				      ds_line_map_at(map, fs.repeat_line), snaps);
		else if (fs.nrepeat)
			ll_table_note(t, "%s: %zu line%s repeat%s the header (first: line %zu), as files joined one after "
					 "another have it; left out",
				      lay->path, fs.nrepeat, fs.nrepeat == 1 ? "" : "s", fs.nrepeat == 1 ? "s" : "",
				      ds_line_map_at(map, fs.repeat_line));
		if (fs.ncomments)
			ll_table_note(t, "%s: %zu line%s opening with '#' among the rows (first: line %zu) %s: left out",
				      lay->path, fs.ncomments, fs.ncomments == 1 ? "" : "s", ds_line_map_at(map, fs.comment_line),
				      fs.ncomments == 1 ? "is a comment, not a row" : "are comments, not rows");
		if (fs.nseparators)
			ll_table_note(t, "%s: %zu line%s of separators or rules alone (first: line %zu) hold%s no value: left out",
				      lay->path, fs.nseparators, fs.nseparators == 1 ? "" : "s", ds_line_map_at(map, fs.separators_line),
				      fs.nseparators == 1 ? "s" : "");
		if (fs.nshort)
			ll_table_note(t, "%s: %zu rows have fewer than %zu fields (first: line %zu); missing cells left empty",
				      lay->path, fs.nshort, ncols, ds_line_map_at(map, fs.short_line));
		if (fs.nshort_text)
			ll_table_note(t,
				      "%s: %zu cells of those short rows hold text where their columns hold numbers or "
				      "times (first: line %zu); left empty, the columns keep their type",
				      lay->path, fs.nshort_text, ds_line_map_at(map, fs.short_text_line));
		if (tk.nstray)
			ll_table_note(t, "%s: %zu fields have text after a closing quote (first: line %zu); kept as written",
				      lay->path, tk.nstray, ds_line_map_at(map, tk.stray_line));
		if (tk.nopen_eol)
			ll_table_note(t, "%s: %zu quotes are left open at a line end (first: line %zu); closed there",
				      lay->path, tk.nopen_eol, ds_line_map_at(map, tk.open_eol_line));
		if (tk.nopen_lit)
			ll_table_note(t,
				      "%s: %zu quote%s opening a cell %s never closed (first: line %zu); read as %s "
				      "character%s of %s cell%s, which end%s at the next delimiter",
				      lay->path, tk.nopen_lit, tk.nopen_lit == 1 ? "" : "s", tk.nopen_lit == 1 ? "is" : "are",
				      ds_line_map_at(map, tk.open_lit_line), tk.nopen_lit == 1 ? "a" : "",
				      tk.nopen_lit == 1 ? "" : "s", tk.nopen_lit == 1 ? "its" : "their",
				      tk.nopen_lit == 1 ? "" : "s", tk.nopen_lit == 1 ? "s" : "");
		if (rc == LL_OK)
			*out = t;
		else
			ll_table_free(t);
	} else {
		ll_table_free(t);
	}
	ds_csv_tok_free(&tk);
	free(fs.row_poll);
	free(bad);
	free(unit);
	free(marks);
	free(signs);
	return rc;
}

/* Text columns whose every sampled cell is a duration become numbers of
 * seconds when one of those cells cannot be a clock of day (a days part,
 * 24 hours or more, minutes with a fraction). A column of clocks that
 * could be either is judged after loading, against the rows' times
 * (clock_durations). */
static int mark_durations(struct ds_csv_layout *lay, const struct ds_csv_colstat *body)
{
	for (size_t c = 0; c < lay->ncols; c++) {
		const struct ds_csv_colstat *st = &body[c];
		if (lay->types[c] != LL_COL_TEXT || !st->present || st->durations != st->present ||
		    !st->long_durations || (c && lay->clock_next && lay->clock_next[c - 1]) || (int)c == lay->label_col)
			continue;
		if (!lay->duration && !(lay->duration = calloc(lay->ncols, 1)))
			return LL_ENOMEM;
		lay->duration[c] = 1;
		lay->types[c] = LL_COL_NUM;
	}
	return LL_OK;
}

/* The first time column whose cells carry clocks (not dates alone), -1. */
static int clocked_time_column(const struct ll_table *t, const struct ds_csv_colstat *body, size_t ncols)
{
	for (size_t c = 0; c < ncols && c < ll_table_ncols(t); c++)
		if (ll_table_col_type(t, c) == LL_COL_TIME && body[c].present && body[c].date_only < body[c].present)
			return (int)c;
	return -1;
}

/* A column of clocks that could be times of day or durations ("01:02:02")
 * beside a time column with clocks: a clock of day agrees with the row's
 * time but for the zones' offset, a whole number of quarter hours
 * (loghub's Time beside its Timestamp, 8 hours apart); a duration (sacct's
 * Elapsed beside Start) agrees by chance on one row in 900. When fewer
 * than half the rows agree, the column is durations, read as seconds. */
static int clock_durations(struct ll_table *t, struct ds_csv_layout *lay, const struct ds_csv_colstat *body)
{
	int tc = clocked_time_column(t, body, lay->ncols);
	size_t n = ll_table_nrows(t);
	if (tc < 0 || !n)
		return LL_OK;
	double *v = NULL;
	for (size_t c = 0; c < lay->ncols; c++) {
		const struct ds_csv_colstat *st = &body[c];
		if (ll_table_col_type(t, c) != LL_COL_TEXT || !st->present || st->durations != st->present ||
		    (c && lay->clock_next && lay->clock_next[c - 1]) || (int)c == lay->label_col)
			continue;
		if (!v && !(v = malloc(n * sizeof *v)))
			return LL_ENOMEM;
		size_t both = 0, agree = 0, bad = 0;
		for (size_t r = 0; r < n && !bad; r++) {
			const char *s = ll_table_text(t, r, c);
			int lng;
			v[r] = NAN;
			if (!*s)
				continue;
			if (!ds_csv_duration(s, strlen(s), &v[r], &lng)) {
				bad = 1; /* text the sample did not see: stays text */
				break;
			}
			double when = ll_table_num(t, r, (size_t)tc);
			if (isnan(when))
				continue;
			double off = fmod(v[r] - fmod(when, DAY_SECONDS), 900.0);
			off = off < 0 ? off + 900.0 : off;
			both++;
			agree += off < 1e-3 || off > 900.0 - 1e-3;
		}
		if (bad || !both || agree * 2 >= both)
			continue;
		if (ll_table_convert_column(t, c, LL_COL_NUM) < 0) {
			free(v);
			return LL_ENOMEM;
		}
		for (size_t r = 0; r < n; r++)
			ll_table_set_num(t, r, c, v[r]);
		if (!lay->duration && !(lay->duration = calloc(lay->ncols, 1))) {
			free(v);
			return LL_ENOMEM;
		}
		lay->duration[c] = 1;
	}
	free(v);
	return LL_OK;
}

/* 0 when time column c holds no time, 1 one time on every row that has
 * one, 2 several. */
static int times_held(const struct ll_table *t, size_t c)
{
	const double *v = ll_table_column_data(t, c);
	double first = NAN;
	for (size_t i = 0, n = ll_table_nrows(t); v && i < n; i++) {
		if (isnan(v[i]))
			continue;
		if (isnan(first))
			first = v[i];
		else if (v[i] != first)
			return 2;
	}
	return isnan(first) ? 0 : 1;
}

/* Time columns that hold one time throughout before one whose times vary
 * (InfluxDB's _start and _stop before _time, a report's run date before
 * its samples' stamps) become text: the first time column is the rows'
 * time to everything after the reader (merging, resampling, chronological
 * splits, long tables), and a constant one orders nothing. */
static int constant_times_text(struct ll_table *t, const char *path, struct ll_err *err)
{
	size_t ncols = ll_table_ncols(t), varying = ncols;
	int before = 0;
	for (size_t c = 0; c < ncols && varying == ncols; c++) {
		if (ll_table_col_type(t, c) != LL_COL_TIME)
			continue;
		int held = times_held(t, c);
		if (held == 2)
			varying = c;
		before |= held == 1;
	}
	if (varying == ncols || !before)
		return LL_OK;
	char list[256] = "";
	size_t used = 0, n = 0;
	for (size_t c = 0; c < varying; c++) {
		if (ll_table_col_type(t, c) != LL_COL_TIME || times_held(t, c) != 1)
			continue;
		if (ll_table_convert_column(t, c, LL_COL_TEXT) < 0)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		int w = snprintf(list + used, sizeof list - used, "%s'%s'", n++ ? ", " : "", ll_table_col_name(t, c));
		used = w > 0 && (size_t)w < sizeof list - used ? used + (size_t)w : used;
	}
	if (ll_table_note(t, "%s: column%s %s hold%s one time on every row: read as text, so '%s' is the rows' time",
			  path, n == 1 ? "" : "s", list, n == 1 ? "s" : "", ll_table_col_name(t, varying)) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	return LL_OK;
}

/* One note naming the columns read as durations (those still numbers). */
static int note_durations(struct ll_table *t, const struct ds_csv_layout *lay, struct ll_err *err)
{
	char list[256] = "";
	size_t n = 0, used = 0;
	for (size_t c = 0; lay->duration && c < lay->ncols; c++) {
		if (!lay->duration[c] || ll_table_col_type(t, c) != LL_COL_NUM)
			continue;
		n++;
		if (used < sizeof list - 1) {
			int w = snprintf(list + used, sizeof list - used, "%s'%s'", used ? ", " : "", lay->names[c]);
			used = w < 0 ? sizeof list - 1 : used + (size_t)w;
		}
	}
	if (n && ll_table_note(t, "%s: column%s %s hold%s durations ([days-]hh:mm:ss, mm:ss.fff, ISO 8601's PT5M30S); read as seconds",
			       lay->path, n == 1 ? "" : "s", list, n == 1 ? "s" : "") != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", lay->path);
	return LL_OK;
}

/* ---- paths ---- */

const char *ds_csv_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

char *ds_csv_dirname(const char *path)
{
	const char *s = strrchr(path, '/');
	size_t n = s ? (size_t)(s - path) : 1;
	if (s == path)
		n = 1;  /* "/x" → "/" */
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s ? path : ".", n);
	d[n] = '\0';
	return d;
}

/* ---- the generic reader ---- */

/* A copy of a record's fields, for the first row that may be a header. */
struct rowcopy {
	char **cells;
	size_t *lens;
	size_t n;
};

static void rowcopy_free(struct rowcopy *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->cells[i]);
	free(r->cells);
	free(r->lens);
	memset(r, 0, sizeof *r);
}

static int rowcopy_take(struct rowcopy *r, const struct ds_csv_tok *tk)
{
	r->cells = calloc(tk->nf, sizeof *r->cells);
	r->lens = calloc(tk->nf, sizeof *r->lens);
	if (!r->cells || !r->lens)
		return LL_ENOMEM;
	r->n = tk->nf;
	for (size_t i = 0; i < tk->nf; i++) {
		if (!(r->cells[i] = malloc(tk->f[i].len + 1)))
			return LL_ENOMEM;
		memcpy(r->cells[i], tk->f[i].p, tk->f[i].len);
		r->cells[i][tk->f[i].len] = '\0';
		r->lens[i] = tk->f[i].len;
	}
	return LL_OK;
}

/* ---- a header written as a comment ---- */

/* Where a comment header leaves the rows. */
struct comment_header {
	size_t body_pos, body_line;
};

static int has_blank(const char *s, size_t n)
{
	return memchr(s, ' ', n) || memchr(s, '\t', n);
}

/* ---- WEKA's ARFF (OpenML's tables): a header of '@' lines ---- */

/* 1 when line[0, n) starts with the ARFF keyword kw (any case) and a blank
 * or its end after it. */
static int arff_keyword(const char *line, size_t n, const char *kw)
{
	size_t k = strlen(kw);
	return n >= k && strncasecmp(line, kw, k) == 0 && (n == k || line[k] == ' ' || line[k] == '\t');
}

/* An ARFF file's header: "%" comments and blank lines, "@relation NAME",
 * an "@attribute NAME TYPE" line per column (the name bare or quoted with
 * ' or "), then "@data" above the rows, which are a CSV's. The names into
 * r (when not NULL) and where the rows start into *body / *body_line:
 * 1 when the file is so, 0 when not, LL_ENOMEM. */
static int arff_header(const char *data, size_t size, size_t first_line, struct rowcopy *r, size_t *body,
		       size_t *body_line)
{
	enum { MAXATTR = 4096 };
	size_t pos = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, line = first_line, nattr = 0;
	int relation = 0, rc = 0;
	while (pos < size && !rc) {
		const char *nl = memchr(data + pos, '\n', size - pos), *p = data + pos;
		size_t len = (nl ? (size_t)(nl - data) : size) - pos;
		pos = nl ? (size_t)(nl - data) + 1 : size;
		line++;
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		if (!len || *p == '%')
			continue;
		if (!relation) {
			if (!arff_keyword(p, len, "@relation"))
				return 0;
			relation = 1;
		} else if (arff_keyword(p, len, "@data")) {
			rc = nattr >= 1 ? 1 : 0;
			*body = pos;
			*body_line = line;
		} else if (arff_keyword(p, len, "@attribute") && nattr < MAXATTR) {
			size_t i = 10, e;
			while (i < len && (p[i] == ' ' || p[i] == '\t'))
				i++;
			if (i == len)
				return 0;
			char q = p[i] == '\'' || p[i] == '"' ? p[i] : 0;
			size_t s = i + (q != 0);
			/* a bare name may touch its list of values: "class{a,b}" */
			for (e = s; e < len && (q ? p[e] != q : p[e] != ' ' && p[e] != '\t' && p[e] != '{'); e++)
				;
			if (e == s)
				return 0;
			if (r) {
				char **cells = realloc(r->cells, (nattr + 1) * sizeof *cells);
				if (cells)
					r->cells = cells;
				size_t *lens = cells ? realloc(r->lens, (nattr + 1) * sizeof *lens) : NULL;
				if (lens)
					r->lens = lens;
				if (!cells || !lens || !(r->cells[nattr] = strndup(p + s, e - s)))
					return LL_ENOMEM;
				r->lens[nattr] = e - s;
				r->n = nattr + 1;
			}
			nattr++;
		} else {
			return 0;
		}
	}
	return rc;
}

/* The offset of the first line after the '#' and blank lines a file starts
 * with (0 when it does not start with '#'), or after an ARFF header: the
 * delimiter is judged on the rows, not on comments such as Zeek's
 * "#set_separator\t," or ARFF's "{a,b}" lists of values. */
static size_t after_comments(const char *data, size_t size)
{
	size_t arff_body, arff_line;
	if (arff_header(data, size, 1, NULL, &arff_body, &arff_line) == 1)
		return arff_body;
	size_t pos = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, start = pos;
	while (pos < size && (data[pos] == '#' || data[pos] == '\n' || data[pos] == '\r')) {
		const char *nl = memchr(data + pos, '\n', size - pos);
		if (!nl)
			return start;
		pos = (size_t)(nl - data) + 1;
	}
	return pos < size && pos > start && memchr(data + start, '#', pos - start) ? pos : 0;
}

/* The delimiter of the rows: judged past leading comments when there are
 * any, else (or when that says nothing) on the head as it is. */
static char rows_delim(const char *head, size_t n, size_t *nfields)
{
	size_t off = after_comments(head, n);
	char d = off ? ds_csv_detect_delim(head + off, n - off, nfields) : 0;
	return d ? d : ds_csv_detect_delim(head, n, nfields);
}

/* The names of a '#' header (tk) whose last name ends in '*', expanded
 * to the longest record from pos on: "CPU*" becomes CPU0, CPU1... Returns
 * 1, or LL_ENOMEM. */
static int star_header(const struct ds_csv_tok *tk, const char *data, size_t size, size_t pos, size_t line,
		       char delim, struct rowcopy *r)
{
	struct ds_csv_tok rows;
	struct ll_err err;
	size_t width = 0;
	ds_csv_tok_init(&rows, data, size, pos, line, delim, 0);
	rows.comments = 1;
	while (ds_csv_next(&rows, "", &err) == 1)
		if (rows.nf > width)
			width = rows.nf;
	ds_csv_tok_free(&rows);
	size_t fixed = tk->nf - 1;
	if (width <= fixed)
		width = fixed + 1;
	r->cells = calloc(width, sizeof *r->cells);
	r->lens = calloc(width, sizeof *r->lens);
	if (!r->cells || !r->lens)
		return LL_ENOMEM;
	r->n = width;
	const struct ds_csv_field *f = tk->f;
	size_t stem = f[fixed].len - 1;
	for (size_t c = 0; c < width; c++) {
		const char *s = c < fixed ? f[c].p : f[fixed].p;
		size_t n = c < fixed ? f[c].len : stem;
		while (c == 0 && n && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		if (!(r->cells[c] = malloc(n + 24)))
			return LL_ENOMEM;
		memcpy(r->cells[c], s, n);
		if (c >= fixed)
			n += (size_t)snprintf(r->cells[c] + n, 24, "%zu", c - fixed);
		r->cells[c][n] = '\0';
		r->lens[c] = n;
	}
	return 1;
}

int ds_csv_names_over_values(const char *data, size_t size, char delim, size_t pos, size_t line)
{
	struct ds_csv_tok tk;
	struct ll_err err;
	ds_csv_tok_init(&tk, data, size, pos, line, delim, 0);
	int ok = ds_csv_next(&tk, "", &err) == 1 && tk.nf >= 2;
	size_t nf = ok ? tk.nf : 0, named = 0;
	unsigned char *is_name = ok ? calloc(nf, 1) : NULL;
	for (size_t c = 0; is_name && c < nf && ok; c++) {
		double v;
		if (cell_missing(tk.f[c].p, tk.f[c].len))
			continue;
		ok = !ll_parse_number(tk.f[c].p, tk.f[c].len, &v) && !ll_time_parse(tk.f[c].p, tk.f[c].len, &v);
		is_name[c] = 1;
		named++;
	}
	ok = ok && is_name && named >= 2 && ds_csv_next(&tk, "", &err) == 1 && tk.nf == nf;
	int value = 0;
	for (size_t c = 0; ok && c < nf && !value; c++) {
		double v;
		value = is_name[c] && (ll_parse_number(tk.f[c].p, tk.f[c].len, &v) ||
				       ll_time_parse(tk.f[c].p, tk.f[c].len, &v));
	}
	free(is_name);
	ds_csv_tok_free(&tk);
	return ok && value;
}

/* A comment's text that is one name: a letter first, no blank, no ':'
 * (a "key: value" remark), trailing blanks aside. */
static int comment_name(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n && n <= 64 && isalpha((unsigned char)s[0]) && !has_blank(s, n) && !memchr(s, ':', n);
}

/* Tools that write a table for people as much as for programs put its
 * column names in a comment: sadf -d ("# hostname;interval;timestamp;..."),
 * Zeek ("#fields\tts\tuid..." after "#separator" and such, "#close" at the
 * end), gnuplot-style data files ("# time value"). When the file starts
 * with '#' lines, the header is the first of them whose cells line up with
 * the first record after them once the '#' is dropped, or whose cells
 * after a leading "#word" do (Zeek's "#fields"). Then every '#' line is a
 * comment. When the first record after them is a header of names over
 * values (InfluxDB's annotated CSV: "#group", "#datatype" and "#default"
 * lines as wide as the header under them), the '#' lines are annotations.
 * r gets the names; returns 1 when found; 2 when the '#' lines are only
 * comments above an ordinary table (its first record after them may be the
 * header, as always); 0 when the file does not start with '#' lines (read
 * as before); LL_ENOMEM. */
static int find_comment_header(const char *data, size_t size, char delim, size_t first_line, struct rowcopy *r,
			       struct comment_header *ch)
{
	enum { MAXLINES = 64 };
	/* ARFF's '@' header names the columns as a '#' one does */
	int arff = arff_header(data, size, first_line, r, &ch->body_pos, &ch->body_line);
	if (arff)
		return arff;
	size_t pos = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, line = first_line;
	size_t starts[MAXLINES], lines[MAXLINES], nc = 0;
	/* the '#' lines (and blank ones) before the first record */
	while (pos < size) {
		const char *nl = memchr(data + pos, '\n', size - pos);
		size_t end = nl ? (size_t)(nl - data) : size, len = end - pos;
		if (len && data[end - 1] == '\r')
			len--;
		if (len && data[pos] != '#')
			break;
		if (len) {
			if (nc == MAXLINES)
				return 0;
			starts[nc] = pos;
			lines[nc++] = line;
		}
		pos = nl ? end + 1 : size;
		line++;
	}
	if (!nc || pos >= size)
		return 0;
	struct ds_csv_tok tk;
	struct ll_err err;
	ds_csv_tok_init(&tk, data, size, pos, line, delim, 0);
	size_t ncols = ds_csv_next(&tk, "", &err) == 1 ? tk.nf : 0;
	ds_csv_tok_free(&tk);
	int rc = 0;
	if (ncols < 1 || ds_csv_names_over_values(data, size, delim, pos, line))
		goto out;
	for (size_t k = 0; k < nc && !rc; k++) {
		/* one line only: a comment never runs on into the rows */
		ds_csv_tok_init(&tk, data, size, starts[k] + 1, lines[k], delim, 1);
		if (ds_csv_next(&tk, "", &err) == 1) {
			struct ds_csv_field *f = tk.f;
			size_t nf = tk.nf;
			if (nf == ncols + 1 && f[0].len && !has_blank(f[0].p, f[0].len)) {
				f++;  /* "#fields" */
				nf--;
			}
			if (nf == ncols) {
				while (f[0].len && (f[0].p[0] == ' ' || f[0].p[0] == '\t')) {
					f[0].p++;
					f[0].len--;
				}
			}
			/* over one column, any comment is one cell: only a
			 * name alone names it (numpy.savetxt's "# value"),
			 * not a remark ("# written by ...") */
			if (nf == ncols && (ncols > 1 || comment_name(f[0].p, f[0].len))) {
				struct ds_csv_tok names = tk;
				names.f = f;
				names.nf = nf;
				rc = rowcopy_take(r, &names) == LL_OK ? 1 : LL_ENOMEM;
			}
		}
		ds_csv_tok_free(&tk);
	}
	/* "# INTR;CPU*": a last name ending in '*' stands for a numbered run
	 * of columns, as many as the longest row needs (sadf's interrupts per
	 * CPU, whose count changes when CPUs come and go) */
	for (size_t k = nc; k-- > 0 && !rc;) {
		ds_csv_tok_init(&tk, data, size, starts[k] + 1, lines[k], delim, 1);
		if (ds_csv_next(&tk, "", &err) == 1 && tk.nf >= 2 && tk.nf <= ncols && tk.f[tk.nf - 1].len > 1 &&
		    tk.f[tk.nf - 1].p[tk.f[tk.nf - 1].len - 1] == '*')
			rc = star_header(&tk, data, size, pos, line, delim, r);
		ds_csv_tok_free(&tk);
	}
out:
	ch->body_pos = pos;
	ch->body_line = line;
	return rc ? rc : 2;
}

/* 1 when two cells are the same text but for their numbers (each run of
 * digits matches any run of digits): "18:01:00 INFO worker-0 took 0 steps"
 * and "18:01:07 INFO worker-3 took 7 steps". */
static int same_but_digits(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, k = 0;
	while (i < na && k < nb) {
		int da = a[i] >= '0' && a[i] <= '9', db = b[k] >= '0' && b[k] <= '9';
		if (da != db)
			return 0;
		if (da) {
			while (i < na && a[i] >= '0' && a[i] <= '9')
				i++;
			while (k < nb && b[k] >= '0' && b[k] <= '9')
				k++;
			continue;
		}
		if (a[i++] != b[k++])
			return 0;
	}
	return i == na && k == nb;
}

/* 1 when record tk is r0 but for its numbers, cell by cell, and has a
 * letter somewhere (rows of bare numbers are alike in any table). */
static int record_like(const struct rowcopy *r0, const struct ds_csv_tok *tk)
{
	if (r0->n != tk->nf || !r0->n)
		return 0;
	int letter = 0;
	for (size_t c = 0; c < r0->n; c++) {
		if (!same_but_digits(r0->cells[c], r0->lens[c], tk->f[c].p, tk->f[c].len))
			return 0;
		for (size_t k = 0; k < r0->lens[c] && !letter; k++)
			letter = isalpha((unsigned char)r0->cells[c][k]) != 0;
	}
	return letter;
}

/* How many of the (at most max) records from pos on read like r0 but for
 * their numbers, of how many read (*seen). */
static size_t count_alike(const struct rowcopy *r0, const char *data, size_t size, size_t pos, size_t line,
			  char delim, size_t max, size_t *seen)
{
	struct ds_csv_tok tk;
	ds_csv_tok_init(&tk, data, size, pos, line, delim, 0);
	struct ll_err err;
	size_t alike = 0;
	*seen = 0;
	while (*seen < max && ds_csv_next(&tk, "sample", &err) == 1) {
		if (ds_csv_blank(&tk))
			continue;
		(*seen)++;
		alike += (size_t)record_like(r0, &tk);
	}
	ds_csv_tok_free(&tk);
	return alike;
}

/* Decides whether the first record r0 names the columns: it does when its
 * cells are all non-empty, non-numeric and unique, or when, over the columns
 * that are numeric below, its non-empty cells are mostly not numbers. */
/* A header whose names are numbers: the positions pandas gives columns it
 * was given no names for ("0,1,2,...,label", "team,0,1,2", ",0,1,2" over
 * its index), counting from 0 or 1 across three cells or more, or years
 * (a wide table's "country,1952,1957", "state,2018"), beside a name or an
 * index's empty one. Only over columns that no such number could be a value
 * of: text, or numbers with fractions; a matrix of whole numbers whose
 * first row counts is data. */
static int numbers_name_columns_by(const struct rowcopy *r0, size_t ncols, const unsigned char *no_value)
{
	size_t run = 0, years = 0, numbers = 0, names = 0, empty = 0;
	double first = 0, last = 0;
	for (size_t c = 0; c < r0->n && c < ncols; c++) {
		double v;
		const char *s = r0->cells[c];
		size_t n = r0->lens[c];
		if (n == 0) {
			empty++;
			continue;
		}
		if (!ll_parse_number(s, n, &v)) {
			if (cell_missing(s, n))
				return 0;
			names++;
			continue;
		}
		if (v != floor(v) || memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n))
			return 0;
		/* a value of its column is no name of it */
		if (!no_value[c])
			return 0;
		if (++numbers == 1)
			first = v;
		else if (v != last + 1)
			run = (size_t)-1;
		if (run != (size_t)-1)
			run++;
		if (v >= 1800 && v <= 2100 && (years == 0 || v != last))
			years++;
		last = v;
	}
	if (numbers == 0 || (names == 0 && empty != 1))
		return 0;
	return (run == numbers && run >= 3 && (first == 0 || first == 1)) || years == numbers;
}

/* numbers_name_columns_by, a column's values told by the loader's sample:
 * text, or numbers with fractions. */
static int numbers_name_columns(const struct rowcopy *r0, const struct ds_csv_colstat *body, size_t ncols)
{
	unsigned char *no_value = calloc(ncols ? ncols : 1, 1);
	if (!no_value)
		return 0; /* out of memory costs only the header guess */
	for (size_t c = 0; c < ncols; c++)
		no_value[c] = body[c].present &&
			      (ds_csv_infer_type(&body[c], "") == LL_COL_TEXT || body[c].fractional);
	int yes = numbers_name_columns_by(r0, ncols, no_value);
	free(no_value);
	return yes;
}

static int looks_like_header(const struct rowcopy *r0, const struct ds_csv_colstat *body, size_t ncols, int year,
			     size_t nbody)
{
	int names_ok = 1;
	for (size_t c = 0; c < r0->n && names_ok; c++) {
		double v;
		/* an index's empty name over the numbers that count or name
		 * the rows (pandas' to_csv over columns of text alone) */
		if (c == 0 && r0->lens[0] == 0 && r0->n >= 2 && nbody && body[0].present &&
		    ds_csv_infer_type(&body[0], "") == LL_COL_NUM)
			continue;
		if (cell_missing(r0->cells[c], r0->lens[c]) || ll_parse_number(r0->cells[c], r0->lens[c], &v) ||
		    ll_time_parse_year(r0->cells[c], r0->lens[c], year, &v))
			names_ok = 0;
	}
	if (names_ok) {
		struct named *v = sorted_names(r0->cells, r0->n);
		for (size_t i = 1; v && i < r0->n && names_ok; i++)
			names_ok = strcmp(v[i].name, v[i - 1].name) != 0;
		free(v);  /* out of memory here only costs the header guess */
		if (names_ok)
			return 1;
	}
	if (nbody == 0)
		return 0;
	if (numbers_name_columns(r0, body, ncols))
		return 1;
	size_t text = 0, fits = 0;
	for (size_t c = 0; c < ncols && c < r0->n; c++) {
		enum ll_coltype ty = ds_csv_infer_type(&body[c], "");
		if (body[c].present == 0 || ty == LL_COL_TEXT)
			continue;
		double v;
		const char *s = r0->cells[c];
		size_t n = r0->lens[c];
		if (cell_missing(s, n))
			continue;
		if (ty == LL_COL_NUM ? ll_parse_number(s, n, &v) : ll_time_parse_year(s, n, year, &v))
			fits++;
		else
			text++;
	}
	return text > fits;
}

/* A first record "N,M[,name...]" above rows of M or M + 1 cells: the shape
 * line some public data sets carry (rows, features, class names). */
struct shape_line {
	size_t rows, features, nnames;
	char **names; /* the class names, when taken (load) */
};

static void shape_line_free(struct shape_line *sl)
{
	for (size_t i = 0; sl->names && i < sl->nnames; i++)
		free(sl->names[i]);
	free(sl->names);
	sl->names = NULL;
}

static int parse_count(const char *s, size_t n, size_t *v)
{
	if (!n || n > 12)
		return 0;
	size_t x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		x = x * 10 + (size_t)(s[i] - '0');
	}
	*v = x;
	return 1;
}

/* 1 when cells 2.. of a record are all numbers (a data row under a shape
 * line, whose cells there are class names). */
static int numeric_after_two(const struct ds_csv_field *f, size_t n)
{
	for (size_t c = 2; c < n; c++) {
		double v;
		if (!ll_parse_number(f[c].p, f[c].len, &v))
			return 0;
	}
	return 1;
}

/* r0 is a shape line when its first two cells are counts, the rest names,
 * and the next record has `features` or `features + 1` cells. When both
 * records have as many cells (two class names, three features and the
 * target), the next record must be the target's row: features + 1 cells,
 * numbers where r0 has names (next_numeric, numeric_after_two). */
static int is_shape_line(char *const *cells, const size_t *lens, size_t n0, size_t n1, int next_numeric,
			 struct shape_line *sl)
{
	if (n0 < 2 || (n0 == n1 && (n0 < 3 || !next_numeric)))
		return 0;
	if (!parse_count(cells[0], lens[0], &sl->rows) || !parse_count(cells[1], lens[1], &sl->features))
		return 0;
	for (size_t c = 2; c < n0; c++) {
		double v;
		if (!lens[c] || ll_parse_number(cells[c], lens[c], &v))
			return 0;
	}
	sl->nnames = n0 - 2;
	if (n0 == n1)
		return sl->features >= 1 && n1 == sl->features + 1;
	return sl->features >= 1 && (n1 == sl->features || n1 == sl->features + 1);
}

/* After a shape line: the target column (cell features + 1, when rows have
 * it) labels each row, by the class names the shape line lists when the
 * target is their index, else by its own value; a row count other than
 * the one announced gets a note. */
static int apply_shape(struct ll_table *t, const struct shape_line *sl, size_t shape_lineno, const char *path,
		       struct ll_err *err)
{
	size_t nrows = ll_table_nrows(t);
	if (sl->rows != nrows &&
	    ll_table_note(t, "%s:%zu: the shape line announces %zu rows, the file has %zu", path, shape_lineno,
			  sl->rows, nrows) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (ll_table_ncols(t) != sl->features + 1)
		return LL_OK;
	size_t col = sl->features;
	for (size_t i = 0; i < nrows; i++) {
		char buf[64];
		size_t n;
		double v = ll_table_col_type(t, col) == LL_COL_TEXT ? NAN : ll_table_num(t, i, col);
		if (sl->names && !isnan(v) && v >= 0 && v < (double)sl->nnames && v == floor(v))
			n = (size_t)snprintf(buf, sizeof buf, "%s", sl->names[(size_t)v]);
		else
			n = ll_table_format_cell(t, i, col, buf, sizeof buf);
		if (!n)
			continue;
		int cls = ll_table_class_id(t, buf, n < sizeof buf ? n : sizeof buf - 1);
		if (cls < 0)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		ll_table_set_label(t, i, cls);
	}
	ll_table_set_label_source(t, (int)col);
	return LL_OK;
}

/* 1 when a first record is names: none missing, a number or a time. */
static int header_of_names(const struct rowcopy *r0, int year)
{
	for (size_t c = 0; c < r0->n; c++) {
		double v;
		if (cell_missing(r0->cells[c], r0->lens[c]) || ll_parse_number(r0->cells[c], r0->lens[c], &v) ||
		    ll_time_parse_year(r0->cells[c], r0->lens[c], year, &v))
			return 0;
	}
	return r0->n > 0;
}

/* 1 when a header names a group over several columns: a name repeated, or
 * left empty after another (a spreadsheet's merged cell). */
static int header_of_groups(const struct rowcopy *r0)
{
	/* groups are names: "506,13,,," is sklearn's count of rows and
	 * features above its header (counts_line) */
	for (size_t c = 0; c < r0->n; c++) {
		double v;
		if (r0->lens[c] && (ll_parse_number(r0->cells[c], r0->lens[c], &v) ||
				    ll_time_parse(r0->cells[c], r0->lens[c], &v)))
			return 0;
	}
	/* a group spans the empty cells after its name, or is written over
	 * each of its columns; the columns before the first group may have
	 * none (a survey's export: ",,Democrat,,,Republican,,") */
	struct ll_spanset seen = {0};
	int groups = 0, named = 0;
	for (size_t c = 0; c < r0->n && !groups; c++) {
		if (!r0->lens[c]) {
			groups = named;
			continue;
		}
		named = 1;
		/* out of memory reads as no group: the names stay as they are */
		groups = ll_spanset_add(&seen, r0->cells[c], r0->lens[c]) == 1;
	}
	ll_spanset_free(&seen);
	return groups;
}

/* A header of groups over a line of names ("cpu,,mem," over
 * "usr,sys,used,free", as spreadsheets and dstat-like tools write two
 * header lines): the record at pos, as wide, every cell a name and all
 * different, becomes the names, each under its group ("cpu.usr"; the group
 * carried over empty cells). 1 when merged into r0, 0 when the record is
 * not so, LL_ENOMEM. */
static int merge_group_header(struct rowcopy *r0, const char *data, size_t size, char delim, size_t pos, size_t line)
{
	struct ds_csv_tok tk;
	struct ll_err err;
	ds_csv_tok_init(&tk, data, size, pos, line, delim, 0);
	int ok = ds_csv_next(&tk, "", &err) == 1 && tk.nf == r0->n;
	/* names; a cell left empty under a name of the line above (a column
	 * the group's line names alone: "when"), or under no group before the
	 * first (pandas' index beside columns of two levels) */
	size_t named = 0;
	int lead = 1; /* before the first group: an index's columns may have no name on either line */
	for (size_t c = 0; ok && c < tk.nf; c++) {
		double v;
		const struct ds_csv_field *f = &tk.f[c];
		lead = lead && !r0->lens[c];
		if (cell_missing(f->p, f->len)) {
			ok = (r0->lens[c] != 0 || lead) && !f->len;
			continue;
		}
		ok = !ll_parse_number(f->p, f->len, &v) && !ll_time_parse(f->p, f->len, &v);
		named++;
	}
	ok = ok && named >= 2;
	/* all different under their groups ("Democrat.Asian" and
	 * "Republican.Asian"): a name may come again in another group */
	struct ll_spanset seen = {0};
	const char *over = "";
	size_t over_len = 0;
	for (size_t c = 0; ok && c < tk.nf; c++) {
		if (r0->lens[c]) {
			over = r0->cells[c];
			over_len = r0->lens[c];
		}
		char key[512];
		int k = snprintf(key, sizeof key, "%.*s\n%.*s", (int)over_len, over, (int)tk.f[c].len, tk.f[c].p);
		ok = k > 0 && (size_t)k < sizeof key && ll_spanset_add(&seen, key, (size_t)k) == 0;
	}
	ll_spanset_free(&seen);
	/* values below (after up to three lines of units): else the line is
	 * a table's first row of text, not names */
	struct ds_csv_tok below;
	ds_csv_tok_init(&below, data, size, tk.pos, tk.line, delim, 0);
	int values = 0;
	for (int k = 0; ok && !values && k < 4 && ds_csv_next(&below, "", &err) == 1; k++)
		for (size_t c = 0; c < below.nf && c < tk.nf && !values; c++) {
			double v;
			/* numbers as people write them too ("45%", "$1,200") */
			values = number_kind(below.f[c].p, below.f[c].len, delim, &v) ||
				 ll_time_parse(below.f[c].p, below.f[c].len, &v);
		}
	ds_csv_tok_free(&below);
	ok = ok && values;
	int rc = 0;
	char *group = NULL; /* the group's name, carried over empty cells */
	for (size_t c = 0; ok && c < r0->n && rc == 0; c++) {
		if (r0->lens[c]) {
			free(group);
			group = r0->cells[c];
			r0->cells[c] = NULL;
		}
		int dot = group && tk.f[c].len;
		size_t glen = group ? strlen(group) : 0, n = glen + (size_t)dot + tk.f[c].len;
		char *name = malloc(n + 1);
		if (!name) {
			rc = LL_ENOMEM;
			break;
		}
		snprintf(name, n + 1, "%s%s%.*s", group ? group : "", dot ? "." : "", (int)tk.f[c].len, tk.f[c].p);
		free(r0->cells[c]);
		r0->cells[c] = name;
		r0->lens[c] = n;
	}
	free(group);
	ds_csv_tok_free(&tk);
	return rc ? rc : ok;
}

/* 1 when r0 counts a table's rows and features and says nothing else
 * ("506,13,,,,": sklearn's datasets write it above their header). */
static int counts_line(const struct rowcopy *r0)
{
	size_t rows, features;
	if (r0->n < 3 || !parse_count(r0->cells[0], r0->lens[0], &rows) ||
	    !parse_count(r0->cells[1], r0->lens[1], &features))
		return 0;
	for (size_t c = 2; c < r0->n; c++)
		if (r0->lens[c])
			return 0;
	return 1;
}

/* Where a preamble above a table ends (find_preamble). */
struct preamble {
	struct rowcopy names;
	size_t hdr_pos, hdr_line, after_pos, after_line;
	int blanked; /* the names split at blanks, not at the delimiter */
};

/* 1 when a cell is wholly a stamp of date and clock: when a record was
 * written, never a column's name (a date alone may be one, in a table of a
 * column per day). */
static int dated_clock(const char *s, size_t n)
{
	unsigned form;
	return n && ll_stamp_scan(s, n, 2000, 0, &form, NULL) == n && ll_stamp_form_has_date(form) &&
	       ll_stamp_form_has_clock(form);
}

/* 1 when cells are names: none missing, none a number or a dated time,
 * all different. */
static int all_names(const struct ds_csv_tok *tk)
{
	struct ll_spanset seen = {0};
	int names = 1;
	for (size_t c = 0; c < tk->nf && names; c++) {
		double v;
		names = !cell_missing(tk->f[c].p, tk->f[c].len) && !ll_parse_number(tk->f[c].p, tk->f[c].len, &v) &&
			!dated_clock(tk->f[c].p, tk->f[c].len) && ll_spanset_add(&seen, tk->f[c].p, tk->f[c].len) == 0;
	}
	ll_spanset_free(&seen);
	return names;
}

/* After a first record of n0 fields (ending at pos/line): among the next 39
 * records (a legend of event ids above a server's log, as Windows' DHCP
 * server writes one), the first of another width (two fields or more) that reads as
 * names and is as wide as nearly all of the 200 records after it, which
 * hold numbers or times in a column: that record is the header and what came before it a preamble (1, with *pa
 * set); 0 when the file is not so; LL_ENOMEM. The preamble's records may
 * be shorter ("Meter;DE00...") or wider (a data logger's station line)
 * than the header. A header shorter than its rows (R's write.table) is no
 * preamble: the record after it is no names. */
/* The names of a record of one field that blanks split into two names or
 * more, all different, none a number or a stamp ("Reading# Mote-ID Humidity
 * Label" typed above rows split at tabs): their count, the names in *r
 * when it is not NULL; 0 when the record is not so, LL_ENOMEM. */
static int blank_names(const struct ds_csv_tok *tk, struct rowcopy *r)
{
	if (tk->nf != 1 || !has_blank(tk->f[0].p, tk->f[0].len))
		return 0;
	const char *p = tk->f[0].p;
	size_t n = tk->f[0].len, i = 0, words = 0;
	struct ll_spanset seen = {0};
	int names = 1;
	char *cells[64];
	size_t lens[64];
	while (names && i < n) {
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == n)
			break;
		size_t s = i;
		while (i < n && p[i] != ' ' && p[i] != '\t')
			i++;
		double v;
		names = words < 64 && !ll_parse_number(p + s, i - s, &v) && !dated_clock(p + s, i - s) &&
			!ll_time_parse(p + s, i - s, &v) && ll_spanset_add(&seen, p + s, i - s) == 0;
		if (names) {
			cells[words] = (char *)p + s;
			lens[words++] = i - s;
		}
	}
	ll_spanset_free(&seen);
	if (!names || words < 2)
		return 0;
	if (!r)
		return (int)words;
	r->cells = calloc(words, sizeof *r->cells);
	r->lens = calloc(words, sizeof *r->lens);
	if (!r->cells || !r->lens)
		return LL_ENOMEM;
	r->n = words;
	for (size_t c = 0; c < words; c++) {
		if (!(r->cells[c] = strndup(cells[c], lens[c])))
			return LL_ENOMEM;
		r->lens[c] = lens[c];
	}
	return (int)words;
}

static int find_preamble(const char *data, size_t size, char delim, size_t n0, size_t pos, size_t line,
			 struct preamble *pa)
{
	struct ds_csv_tok tk;
	struct ll_err err;
	int rc = 0;
	memset(pa, 0, sizeof *pa);
	ds_csv_tok_init(&tk, data, size, pos, line, delim, 0);
	for (int k = 0; k < 40 && rc == 0; k++) {
		size_t at = tk.pos, at_line = tk.line;
		if (ds_csv_next(&tk, "", &err) != 1)
			break;
		/* names typed with blanks between them over rows split at the
		 * delimiter (a hand-written header above a tool's tab-separated
		 * rows) are the header when the rows are as many */
		int blanked = delim != ' ' && !ds_csv_blank(&tk) ? blank_names(&tk, NULL) : 0;
		if (!blanked && (ds_csv_blank(&tk) || tk.nf == n0 || tk.nf < 2 || !all_names(&tk)))
			continue; /* another record of the preamble */
		/* the rows below: as wide, and a column of numbers or times in
		 * them (lines of prose with a separator are no table) */
		size_t width = blanked ? (size_t)blanked : tk.nf, seen = 0, same = 0, values[64] = {0}, most = 0;
		struct ds_csv_tok ahead;
		ds_csv_tok_init(&ahead, data, size, tk.pos, tk.line, delim, 0);
		while (seen < 200 && ds_csv_next(&ahead, "", &err) == 1) {
			if (ds_csv_blank(&ahead))
				continue;
			seen++;
			same += ahead.nf == width;
			for (size_t c = 0; c < ahead.nf && c < 64; c++) {
				double v;
				values[c] += ll_parse_number(ahead.f[c].p, ahead.f[c].len, &v) ||
					     ll_time_parse(ahead.f[c].p, ahead.f[c].len, &v);
				most = values[c] > most ? values[c] : most;
			}
		}
		ds_csv_tok_free(&ahead);
		if (!seen || same * 10 < seen * 9 || most < 2 || (most + 3) * 10 < seen * 9) /* units rows may lead */
			continue;
		if (blanked ? blank_names(&tk, &pa->names) < 0 : rowcopy_take(&pa->names, &tk) != LL_OK) {
			rc = LL_ENOMEM;
			break;
		}
		pa->blanked = blanked != 0;
		pa->hdr_pos = at;
		pa->hdr_line = at_line;
		pa->after_pos = tk.pos;
		pa->after_line = tk.line;
		rc = 1;
	}
	ds_csv_tok_free(&tk);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A header one name short of its rows: R's write.table leaves the row
 * names' column out of it (a first column numbering the rows, or of
 * names all different over 20 rows or more), and Windows Event Viewer's
 * CSV export the description's (the last, otherwise). When
 * the first record reads as names and nine in ten of the next 200 are one
 * cell wider, *r0 gets the missing name ("row_name" first, or "colN"
 * last) and *where is 'f' or 'l'; else *where is 0. */
static int widen_short_header(struct rowcopy *r0, const char *data, size_t size, char delim, size_t pos, size_t line,
			      char *where)
{
	*where = 0;
	/* (the first name may be empty, as pandas heads its index: the
	 * rows then hold one field more than it names, e.g. a time cut at
	 * its comma) */
	for (size_t c = 0; c < r0->n; c++) {
		double v;
		if (c == 0 && r0->lens[0] == 0 && r0->n > 1)
			continue;
		if (cell_missing(r0->cells[c], r0->lens[c]) || ll_parse_number(r0->cells[c], r0->lens[c], &v))
			return LL_OK;
	}
	struct ds_csv_tok tk;
	struct ll_err err;
	ds_csv_tok_init(&tk, data, size, pos, line, delim, 0);
	char *firsts[200];
	/* rows whose first cell is their number, 1, 2, 3... (R) or 0, 1, 2... (pandas) */
	size_t seen = 0, wide = 0, counting = 0, counting0 = 0;
	int rc = LL_OK;
	while (seen < 200 && ds_csv_next(&tk, "", &err) == 1) {
		if (ds_csv_blank(&tk))
			continue;
		seen++;
		if (tk.nf != r0->n + 1)
			continue;
		if (!(firsts[wide] = strndup(tk.f[0].p, tk.f[0].len))) {
			rc = LL_ENOMEM;
			break;
		}
		double v;
		int number = ll_parse_number(tk.f[0].p, tk.f[0].len, &v);
		counting += number && v == (double)(seen);
		counting0 += number && v == (double)(seen - 1);
		wide++;
	}
	ds_csv_tok_free(&tk);
	if (counting0 > counting)
		counting = counting0;
	if (rc == LL_OK && seen && wide * 10 >= seen * 9) {
		qsort(firsts, wide, sizeof *firsts, cmp_str);
		int distinct = 1;
		for (size_t i = 1; i < wide && distinct; i++)
			distinct = strcmp(firsts[i - 1], firsts[i]) != 0;
		/* R numbers its rows 1, 2, 3... unless given names; names all
		 * different tell only over enough rows (three Windows events of
		 * three levels are all different too) */
		*where = (counting == wide && wide >= 2) || (distinct && wide >= 20) ? 'f' : 'l';
	}
	for (size_t i = 0; i < wide; i++)
		free(firsts[i]);
	if (rc != LL_OK || !*where)
		return rc;
	char **cells = realloc(r0->cells, (r0->n + 1) * sizeof *cells);
	if (!cells)
		return LL_ENOMEM;
	r0->cells = cells;
	size_t *lens = realloc(r0->lens, (r0->n + 1) * sizeof *lens);
	if (!lens)
		return LL_ENOMEM;
	r0->lens = lens;
	char name[32];
	snprintf(name, sizeof name, *where == 'f' ? "row_name" : "col%zu", r0->n + 1);
	char *copy = strdup(name);
	if (!copy)
		return LL_ENOMEM;
	if (*where == 'f') {
		memmove(r0->cells + 1, r0->cells, r0->n * sizeof *r0->cells);
		memmove(r0->lens + 1, r0->lens, r0->n * sizeof *r0->lens);
		r0->cells[0] = copy;
		r0->lens[0] = strlen(copy);
	} else {
		r0->cells[r0->n] = copy;
		r0->lens[r0->n] = strlen(copy);
	}
	r0->n++;
	return LL_OK;
}

/* The first cell of the record at pos: 1 with (*s, *n) set. */
static int first_cell(const char *data, size_t size, size_t pos, char delim, char *buf, size_t cap, size_t *n)
{
	struct ds_csv_tok tk;
	struct ll_err err;
	ds_csv_tok_init(&tk, data, size, pos, 1, delim, 0);
	int ok = ds_csv_next(&tk, "", &err) == 1 && tk.nf >= 2 && tk.f[0].len < cap;
	if (ok) {
		memcpy(buf, tk.f[0].p, tk.f[0].len);
		buf[tk.f[0].len] = 0;
		*n = tk.f[0].len;
	}
	ds_csv_tok_free(&tk);
	return ok;
}

static int value_cell(const char *s, size_t n)
{
	double v;
	return n && (ll_parse_number(s, n, &v) || ll_time_parse(s, n, &v));
}

/* 1 when a record of data starts at pos, as the tokenizer reads it. A
 * count of quotes cannot tell: a quote inside an unquoted cell (an inch
 * mark, 27") and one that opens a cell and never closes are characters,
 * not halves of a quoted cell. */
static int record_starts_at(const char *data, size_t size, char delim, size_t pos)
{
	struct ds_csv_tok tk;
	struct ll_err err;
	ds_csv_tok_init(&tk, data, size, 0, 1, delim, 0);
	while (tk.pos < pos && ds_csv_next(&tk, "", &err) == 1)
		;
	int at = tk.pos == pos;
	ds_csv_tok_free(&tk);
	return at;
}

/* A footer: one or two last lines of a total or summary ("Total,18",
 * "Average:;5.2;...") under rows whose first cell is a number or a time.
 * Returns where it starts (0: none) and sets *nlines; *first_word gets
 * its first cell. Reports write them, and they are no row: read as one,
 * "Total" turns the time column into text. */
static size_t footer_start(const char *data, size_t size, char delim, size_t *nlines, char *first_word, size_t cap)
{
	size_t starts[4], ns = 0, end = size;
	*nlines = 0;
	/* the starts of the last four lines with text, last first */
	while (ns < 4 && end > 0) {
		size_t e = end;
		while (e > 0 && (data[e - 1] == '\n' || data[e - 1] == '\r' || data[e - 1] == ' '))
			e--;
		if (!e)
			break;
		const char *nl = NULL;
		for (size_t k = e; k > 0; k--)
			if (data[k - 1] == '\n') {
				nl = data + k - 1;
				break;
			}
		starts[ns++] = nl ? (size_t)(nl - data) + 1 : 0;
		end = starts[ns - 1];
		if (!end)
			break;
	}
	if (ns < 4)
		return 0;
	char cell[128];
	size_t n, words = 0;
	/* a word that says a value is missing ("NA", "null", pandas'
	 * na_rep) opens a data row, not a total */
	while (words < 2 && first_cell(data, size, starts[words], delim, cell, sizeof cell, &n) &&
	       isalpha((unsigned char)cell[0]) && !value_cell(cell, n) && !cell_missing(cell, n)) {
		/* the footer's first line is the last one looked at */
		size_t k = n < cap - 1 ? n : cap - 1;
		memcpy(first_word, cell, k);
		first_word[k] = 0;
		words++;
	}
	/* the rows above: two lines whose first cells are values */
	if (!words || !first_cell(data, size, starts[words], delim, cell, sizeof cell, &n) || !value_cell(cell, n) ||
	    !first_cell(data, size, starts[words + 1], delim, cell, sizeof cell, &n) || !value_cell(cell, n))
		return 0;
	/* and no quoted cell open where the footer would start: the "lines"
	 * are then the last row's cell going on over line breaks */
	if (!record_starts_at(data, size, delim, starts[words - 1]))
		return 0;
	*nlines = words;
	return starts[words - 1];
}

int ds_csv_load_generic(const struct ds_source *src, const struct ds_open_opts *opts, int force_text,
			struct ll_table **out, struct ll_err *err)
{
	return ds_csv_load_from(src, opts, force_text, 1, out, err);
}

static int column_empty(const struct ll_table *t, size_t c)
{
	size_t n = ll_table_nrows(t);
	for (size_t r = 0; r < n; r++) {
		if (ll_table_col_type(t, c) == LL_COL_TEXT ? *ll_table_text(t, r, c) != 0 : !isnan(ll_table_num(t, r, c)))
			return 0;
	}
	return 1;
}

/* Columns the header leaves unnamed and no row fills: every line starts
 * with the separator ("|a|b|" of a Markdown table, ",result,table,..." of
 * an annotated export) or ends with several (";;" after a sheet's used
 * range). They say nothing; a named empty column is kept, as written. */
static int drop_unnamed_empty(struct ll_table *t, const struct rowcopy *r0, const char *path)
{
	size_t ncols = ll_table_ncols(t), ndrop = 0, first = 0;
	if (ncols < 2 || ll_table_nsegments(t))
		return LL_OK;
	unsigned char *drop = calloc(ncols, 1);
	if (!drop)
		return LL_ENOMEM;
	for (size_t c = 0; c < ncols && c < r0->n; c++) {
		size_t a = 0;
		while (a < r0->lens[c] && (r0->cells[c][a] == ' ' || r0->cells[c][a] == '\t'))
			a++;
		if (a < r0->lens[c] || !column_empty(t, c))
			continue;
		if (!ndrop++)
			first = c;
		drop[c] = 1;
	}
	int rc = LL_OK;
	if (ndrop && ndrop < ncols) {
		rc = ll_table_drop_columns(t, drop);
		if (rc == LL_OK)
			rc = ll_table_note(t, "%s: %zu column%s without a name or a value (first: field %zu) left out", path,
					   ndrop, ndrop == 1 ? "" : "s", first + 1);
	}
	free(drop);
	return rc;
}

/* An error "path:N: ..." about a line of generated text names the file's
 * line instead: errors are written that way, and the tokenizer's and the
 * fill's come from deep where the map is not at hand. */
static void error_line_to_file(struct ll_err *err, const char *path, const struct ds_line_map *map)
{
	size_t plen = strlen(path);
	if (!err || !map || plen + 24 >= sizeof err->msg || strncmp(err->msg, path, plen) != 0 || err->msg[plen] != ':')
		return;
	char *num = err->msg + plen + 1, *end = num;
	size_t line = 0;
	while (*end >= '0' && *end <= '9' && end - num < 18)
		line = line * 10 + (size_t)(*end++ - '0');
	if (end == num || *end != ':')
		return;
	char mapped[24];
	size_t k = (size_t)snprintf(mapped, sizeof mapped, "%zu", ds_line_map_at(map, line));
	size_t at = (size_t)(num - err->msg), rest = strlen(end);
	if (at + k + rest >= sizeof err->msg)
		rest = sizeof err->msg - 1 - at - k;
	memmove(num + k, end, rest);
	memcpy(num, mapped, k);
	num[k + rest] = 0;
}

int ds_csv_load_from(const struct ds_source *src, const struct ds_open_opts *opts, int force_text, size_t first_line,
		     struct ll_table **out, struct ll_err *err)
{
	*out = NULL;
	const char *path = src->path;
	size_t headn = src->size < 65536 ? src->size : 65536;
	char delim = rows_delim(src->data, headn, NULL);
	if (!delim)
		delim = ',';
	/* a total or summary line or two at the end: read without them */
	char footer_word[64] = "";
	size_t footer_lines = 0, footer_line = 0;
	struct ds_source cut;
	size_t fpos = force_text ? 0 : footer_start(src->data, src->size, delim, &footer_lines, footer_word,
						    sizeof footer_word);
	if (fpos) {
		cut = *src;
		cut.size = fpos;
		footer_line = first_line;
		for (const char *q = src->data; (q = memchr(q, '\n', (size_t)(src->data + fpos - q))) != NULL; q++)
			footer_line++;
		src = &cut;
	}
	/* a Windows performance log: its times local, its last line blanks */
	struct ds_pdh pdh;
	int is_pdh = !force_text && ds_pdh_detect(src->data, src->size, &pdh);
	size_t blank_tail = is_pdh && !fpos ? ds_pdh_blank_tail(src->data, src->size, delim) : 0;
	if (blank_tail) {
		cut = *src;
		cut.size = blank_tail;
		src = &cut;
	}
	struct ds_csv_tok tk;
	ds_csv_tok_init(&tk, src->data, src->size, 0, first_line, delim, 0);
	struct rowcopy r0 = {0};
	struct ds_csv_layout lay = {0};
	struct ds_csv_colstat *body = NULL, *first = NULL;
	struct shape_line sl = {0};
	int rc, shape = 0;
	size_t r0_pos = 0, r0_line = first_line, ncols, after_pos, after_line, pre_lines = 0;
	char short_header = 0; /* widen_short_header's *where */
	size_t units = 0;       /* rows of units under the header (ds_csv_units_rows) */
	char units_where[64] = "";
	size_t grouped_line = 0; /* the line of names under a header of groups, merged into it */
	size_t blanked_line = 0; /* a header's line whose names blanks split (find_preamble) */
	size_t counts_lineno = 0; /* a line of counts above the header, left out */
	int quantity_label = -1; /* a label-named column of fractional numbers, left a feature */
	struct comment_header chd;
	int commented = find_comment_header(src->data, src->size, delim, first_line, &r0, &chd);
	if (commented < 0) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	if (commented == 1) {
		ncols = r0.n;
		after_pos = r0_pos = chd.body_pos;
		after_line = r0_line = chd.body_line;
		ds_csv_tok_init(&tk, src->data, src->size, after_pos, after_line, delim, 0);
		tk.comments = 1;
		goto sample;
	}
	if (commented == 2) {  /* comments above an ordinary table */
		ds_csv_tok_init(&tk, src->data, src->size, chd.body_pos, chd.body_line, delim, 0);
		tk.comments = 1;
	}
	for (;;) {
		r0_pos = tk.pos;
		r0_line = tk.line;
		rc = ds_csv_next(&tk, path, err);
		if (rc != 1 || !ds_csv_blank(&tk))
			break;
	}
	if (rc < 0)
		goto done;
	if (rc == 0) {
		/* Nothing but blank lines: an empty table the caller can show. */
		struct ll_table *t = ll_table_new();
		if (!t) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
		ll_table_note(t, "%s: the file is empty", path);
		*out = t;
		rc = LL_OK;
		goto done;
	}
	if ((rc = rowcopy_take(&r0, &tk)) != LL_OK) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	ncols = r0.n;
	after_pos = tk.pos;
	after_line = tk.line;
	/* A preamble of shorter records above the header ("Meter;DE00..."
	 * then "Date;Time;Value;Status" and the rows): the header is the first
	 * record of the rows' width, when it reads as names. */
	if (commented != 2) {
		struct preamble pa;
		int prc = find_preamble(src->data, src->size, delim, r0.n, after_pos, after_line, &pa);
		if (prc < 0) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
		if (prc == 1) {
			rowcopy_free(&r0);
			r0 = pa.names;
			pre_lines = pa.hdr_line - r0_line;
			blanked_line = pa.blanked ? pa.hdr_line : 0;
			r0_pos = pa.hdr_pos;
			r0_line = pa.hdr_line;
			ncols = r0.n;
			after_pos = pa.after_pos;
			after_line = pa.after_line;
			ds_csv_tok_free(&tk);
			ds_csv_tok_init(&tk, src->data, src->size, after_pos, after_line, delim, 0);
		}
	}
	if (commented != 2 && !pre_lines &&
	    (rc = widen_short_header(&r0, src->data, src->size, delim, after_pos, after_line, &short_header)) != LL_OK) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	ncols = r0.n;
	/* A shape line ("569,30,malignant,benign") is not a row: skip it and
	 * take the columns from the record after it. */
	if ((rc = ds_csv_next(&tk, path, err)) < 0)
		goto done;
	if (rc == 1 && is_shape_line(r0.cells, r0.lens, r0.n, tk.nf, numeric_after_two(tk.f, tk.nf), &sl)) {
		shape = 1;
		ncols = tk.nf;
		r0_pos = after_pos;
		r0_line = after_line;
		sl.names = calloc(sl.nnames ? sl.nnames : 1, sizeof *sl.names);
		for (size_t k = 0; sl.names && k < sl.nnames; k++)
			if (!(sl.names[k] = strdup(r0.cells[2 + k]))) {
				shape_line_free(&sl);
				break;
			}
		if (!sl.names) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
		rowcopy_free(&r0);
		if ((rc = rowcopy_take(&r0, &tk)) != LL_OK) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
		after_pos = tk.pos;
		after_line = tk.line;
	} else {
		/* back to the record after the first: the scratch buffer goes too
		 * (found by tests/fuzz/fuzz_load, a leak on every such file) */
		ds_csv_tok_free(&tk);
		ds_csv_tok_init(&tk, src->data, src->size, after_pos, after_line, delim, 0);
		tk.comments = commented != 0;
	}
	/* a line of counts above a header of names over values: no row */
	if (!shape && !force_text && counts_line(&r0) &&
	    ds_csv_names_over_values(src->data, src->size, delim, after_pos, after_line)) {
		counts_lineno = r0_line;
		rowcopy_free(&r0);
		ds_csv_tok_free(&tk);
		ds_csv_tok_init(&tk, src->data, src->size, after_pos, after_line, delim, 0);
		tk.comments = commented != 0;
		if (ds_csv_next(&tk, path, err) != 1 || (rc = rowcopy_take(&r0, &tk)) != LL_OK) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
		r0_pos = after_pos;
		r0_line = after_line;
		ncols = r0.n;
		after_pos = tk.pos;
		after_line = tk.line;
		ds_csv_tok_free(&tk);
		ds_csv_tok_init(&tk, src->data, src->size, after_pos, after_line, delim, 0);
		tk.comments = commented != 0;
	}
	/* a header of groups over a line of names: one header of two lines */
	if (!shape && !force_text && header_of_groups(&r0)) {
		int merged = merge_group_header(&r0, src->data, src->size, delim, after_pos, after_line);
		if (merged < 0) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
		if (merged) {
			grouped_line = after_line;
			ds_csv_tok_free(&tk);
			ds_csv_tok_init(&tk, src->data, src->size, after_pos, after_line, delim, 0);
			tk.comments = commented != 0;
			ds_csv_next(&tk, path, err); /* the names' line */
			after_pos = tk.pos;
			after_line = tk.line;
			ds_csv_tok_free(&tk);
			ds_csv_tok_init(&tk, src->data, src->size, after_pos, after_line, delim, 0);
			tk.comments = commented != 0;
		}
	}
	/* rows of units under a header of names ("TS","RN","Volts") are no rows */
	if (!shape && !force_text && header_of_names(&r0, opts->default_year)) {
		size_t upos, uline;
		units = ds_csv_units_rows(src->data, src->size, delim, after_pos, after_line, ncols, opts->default_year,
					  src->line_map, &upos, &uline, units_where, sizeof units_where);
		if (units) {
			after_pos = upos;
			after_line = uline;
			ds_csv_tok_free(&tk);
			ds_csv_tok_init(&tk, src->data, src->size, after_pos, after_line, delim, 0);
			tk.comments = commented != 0;
		}
	}
sample:
	body = calloc(ncols, sizeof *body);
	first = calloc(ncols, sizeof *first);
	if (!body || !first) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	for (size_t c = 0; c < ncols; c++) {
		struct ds_csv_field f = {r0.cells[c], r0.lens[c], 0};
		tally(&first[c], &f, delim, opts->default_year, NULL);
	}
	/* a record repeating the first is its duplicate, or the header again
	 * (files joined one after another): either way it says nothing more */
	rc = ds_csv_sample_skip(&tk, ncols, body, SAMPLE_RECORDS, opts->default_year, NULL, path, r0.cells, r0.lens,
				r0.n, err);
	if (rc < 0)
		goto done;
	int header = commented == 1 || (!shape && looks_like_header(&r0, body, ncols, opts->default_year, (size_t)rc));
	if (header && commented != 1) {
		/* as detection judges it (measure): a first record that reads like
		 * the rows under it but for their numbers is a row, not names */
		size_t seen, alike = count_alike(&r0, src->data, src->size, after_pos, after_line, delim, 200, &seen);
		header = !(seen && alike * 2 >= seen);
	}
	/* every line ends with the separator ("a,b,c,"), as many exports
	 * write: the header's last name is empty and no row fills it */
	int trailing = header && ncols > 1 && !r0.lens[ncols - 1] && !body[ncols - 1].present &&
		       !body[ncols - 1].dashes && !first[ncols - 1].present;
	if (trailing)
		ncols--;
	if ((rc = ds_csv_layout_init(&lay, ncols)) != LL_OK) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	lay.trailing_empty = trailing;
	if (header && commented != 1) {
		lay.header_cells = r0.cells;
		lay.header_lens = r0.lens;
		lay.header_n = r0.n;
	}
	lay.path = path;
	lay.line_map = src->line_map;
	lay.delim = delim;
	lay.comments = commented != 0;
	lay.default_year = opts->default_year;
	for (size_t c = 0; c < ncols; c++) {
		if (header) {
			rc = ds_csv_layout_name(&lay, c, r0.cells[c], r0.lens[c]);
		} else {
			char nm[32];
			snprintf(nm, sizeof nm, shape && c == sl.features ? "target" : "col%zu", c + 1);
			rc = ds_csv_layout_name(&lay, c, nm, strlen(nm));
			body[c].present += first[c].present;
			body[c].num += first[c].num;
			body[c].unit_time += first[c].unit_time;
			body[c].unit_size += first[c].unit_size;
			body[c].time += first[c].time;
			body[c].dashes += first[c].dashes;
			body[c].mdy += first[c].mdy;
			body[c].month_first += first[c].month_first;
			body[c].day_first += first[c].day_first;
			body[c].event_epochs += first[c].event_epochs;
			body[c].fractional += first[c].fractional;
			if (first[c].whole_epochs) { /* the first row came before the body's */
				if (body[c].whole_epochs) {
					body[c].epochs_back += first[c].epoch_last > body[c].epoch_first;
					body[c].epochs_up += first[c].epoch_last < body[c].epoch_first;
				} else {
					body[c].epoch_last = first[c].epoch_last;
				}
				body[c].epoch_first = first[c].epoch_first;
				body[c].whole_epochs += first[c].whole_epochs;
				body[c].epoch_units |= first[c].epoch_units;
			}
			body[c].dmy2 += first[c].dmy2;
			body[c].dmy2_clock += first[c].dmy2_clock;
			body[c].dmy2_padded += first[c].dmy2_padded;
			body[c].dmy2_unpadded += first[c].dmy2_unpadded;
			for (int k = 0; k < 3; k++) {
				body[c].not_order[k] += first[c].not_order[k];
				body[c].years_off[k] += first[c].years_off[k];
				/* the first row's year among the rest's */
				if (first[c].dmy2 && !first[c].not_order[k] &&
				    (body[c].dmy2 == first[c].dmy2 || first[c].dmy2_year_lo[k] < body[c].dmy2_year_lo[k]))
					body[c].dmy2_year_lo[k] = first[c].dmy2_year_lo[k];
				if (first[c].dmy2 && !first[c].not_order[k] &&
				    (body[c].dmy2 == first[c].dmy2 || first[c].dmy2_year_hi[k] > body[c].dmy2_year_hi[k]))
					body[c].dmy2_year_hi[k] = first[c].dmy2_year_hi[k];
			}
			body[c].date_only += first[c].date_only;
			body[c].clock_only += first[c].clock_only;
			body[c].durations += first[c].durations;
			body[c].long_durations += first[c].long_durations;
		}
		if (rc != LL_OK)
			break;
	}
	if (rc != LL_OK || (rc = ds_csv_layout_unique(&lay)) != LL_OK) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	for (size_t c = 0; c < ncols; c++) {
		lay.types[c] = force_text ? LL_COL_TEXT : ds_csv_infer_type(&body[c], lay.names[c]);
		/* dates of two-digit year that read year first one by one
		 * ("03/04/26 09:26:10") take the order of the column too */
		int short_dates = body[c].present && body[c].dmy2 == body[c].present;
		char order = (lay.types[c] == LL_COL_TEXT || short_dates) && !force_text
				     ? ds_csv_date_order_named(&body[c], lay.names[c])
				     : 0;
		if (!order)
			continue;
		if (!lay.date_order && !(lay.date_order = calloc(ncols, 1))) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
		lay.date_order[c] = order;
		lay.types[c] = LL_COL_TIME;
	}
	/* epochs of recent years under a name of when a record was made or
	 * changed ("created", "updated_at") are times, after the first column
	 * that is one by its name or values, not before it: the table's time
	 * stays that column */
	size_t clock_at = SIZE_MAX;
	for (size_t c = 0; c < ncols && clock_at == SIZE_MAX; c++)
		if (lay.types[c] == LL_COL_TIME)
			clock_at = c;
	for (size_t c = 0; c < ncols && !force_text; c++)
		if (lay.types[c] == LL_COL_NUM && (clock_at == SIZE_MAX || c > clock_at) && body[c].present &&
		    body[c].num == body[c].present && body[c].event_epochs == body[c].present &&
		    (ds_csv_event_name(lay.names[c]) || (clock_at == SIZE_MAX && ds_csv_bare_clock_name(lay.names[c]))))
			lay.types[c] = LL_COL_TIME;
	/* A table without a header has no name to go by: its first column of
	 * such epochs written to a fraction of a second in nine rows in ten
	 * ("1796656942.407", a web server's or a tracer's clock) is its time,
	 * when nothing else is. Counts and sizes of that range come whole, and
	 * a column of whole ones stays numbers. */
	for (size_t c = 0; c < ncols && !force_text && !header && clock_at == SIZE_MAX; c++)
		if (lay.types[c] == LL_COL_NUM && body[c].present >= 2 && body[c].num == body[c].present &&
		    body[c].event_epochs == body[c].present && body[c].fractional * 10 >= body[c].present * 9) {
			lay.types[c] = LL_COL_TIME;
			clock_at = c;
		}
	/* ... and its first column of whole epochs of 2000..2100 in
	 * milliseconds or finer, one unit, that never go back
	 * ("1163438041250", a sensor network's readings) is one too
	 * (ds_csv_epoch_clock); whole seconds stay numbers (below) */
	if (!force_text && !header && clock_at == SIZE_MAX && ncols && lay.types[0] == LL_COL_NUM &&
	    ds_csv_epoch_clock(&body[0])) {
		lay.types[0] = LL_COL_TIME;
		clock_at = 0;
	}
	/* A Date column beside a Time column ("2024-05-01","12:00:01", as
	 * spreadsheets and many exports split a stamp) is one time: the dates
	 * take the clocks, so resampling is not by the day. The clocks stay a
	 * column of their own. */
	for (size_t c = 0; c + 1 < ncols && !force_text; c++) {
		const struct ds_csv_colstat *d = &body[c], *k = &body[c + 1];
		if (lay.types[c] != LL_COL_TIME || !d->present || d->date_only + d->mdy + d->dmy2 < d->present ||
		    !k->present || k->clock_only != k->present)
			continue;
		if (!lay.clock_next && !(lay.clock_next = calloc(ncols, 1))) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto done;
		}
		lay.clock_next[c] = 1;
		lay.types[c + 1] = LL_COL_TEXT;
	}
	if (opts->label_column && *opts->label_column) {
		lay.label_col = ds_csv_named_col(&lay, opts->label_column);
		if (lay.label_col < 0) {
			rc = no_label_column(&lay, opts->label_column, err);
			goto done;
		}
	} else {
		lay.label_col = header ? ds_csv_find_label_col(&lay) : -1;
		/* a column named so whose numbers have fractions ("y" beside "x"
		 * in a table of points) holds a quantity, not classes */
		if (lay.label_col >= 0 && lay.types[lay.label_col] == LL_COL_NUM && body[lay.label_col].fractional) {
			quantity_label = lay.label_col;
			lay.label_col = -1;
		}
	}
	if (!force_text && (rc = mark_durations(&lay, body)) != LL_OK) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	/* a first record that is no header: the rows start with it, units or not */
	lay.body_pos = header ? after_pos : r0_pos;
	lay.body_line = header ? after_line : r0_line;
	/* the header cell that declares a PDH log is no name to type */
	if (is_pdh && header && ncols > 1 && ds_csv_named_col(&lay, "time") < 0 &&
	    ds_csv_layout_name(&lay, 0, "time", 4) != LL_OK) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	rc = ds_csv_fill(&lay, src->data, src->size, out, err);
	if (rc == LL_OK && is_pdh && header)
		rc = ds_pdh_to_utc(*out, 0, &pdh, path, err);
	if (rc == LL_OK && !force_text && (rc = clock_durations(*out, &lay, body)) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && !force_text)
		rc = constant_times_text(*out, path, err);
	if (rc == LL_OK)
		rc = note_durations(*out, &lay, err);
	for (size_t c = 0; rc == LL_OK && lay.clock_next && c < ncols; c++)
		if (lay.clock_next[c] && ll_table_col_type(*out, c) == LL_COL_TIME &&
		    ll_table_note(*out, "%s: columns '%s' and '%s' are one time: '%s' holds the dates with the clocks of '%s'",
				  path, lay.names[c], lay.names[c + 1], lay.names[c], lay.names[c + 1]) != LL_OK)
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	for (size_t c = 0; rc == LL_OK && lay.date_order && c < ncols; c++)
		if (lay.date_order[c] && ll_table_col_type(*out, c) == LL_COL_TIME &&
		    ll_table_note(*out, "%s: column '%s' holds dates as %s; read %s", path, lay.names[c],
				  date_order_name(lay.date_order[c]), date_order_why(lay.date_order[c], &body[c])) != LL_OK)
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && footer_lines &&
	    ll_table_note(*out, "%s: the last %s (line %zu, '%s') read%s as a total or summary under the rows: left out",
			  path, footer_lines == 1 ? "line" : "2 lines", ds_line_map_at(src->line_map, footer_line), footer_word,
			  footer_lines == 1 ? "s" : "") != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && short_header &&
	    ll_table_note(*out, "%s: the header names %zu columns and the rows have %zu: %s", path, ncols - 1, ncols,
			  short_header == 'f' ? "the first, numbering or naming the rows (as R's write.table "
						"writes them), is named 'row_name'"
					      : "the last is named by its place") != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && pre_lines &&
	    ll_table_note(*out, "%s: the %zu line%s above the header (line %zu) %s not have the table's %zu fields: a "
				"preamble, left out", path, pre_lines, pre_lines == 1 ? "" : "s", ds_line_map_at(src->line_map, r0_line),
			  pre_lines == 1 ? "does" : "do", ncols) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && blanked_line &&
	    ll_table_note(*out, "%s: the header (line %zu) has blanks between its %zu names where the rows have %s: "
				"the names are the columns'", path, ds_line_map_at(src->line_map, blanked_line), ncols,
			  delim == '\t' ? "tabs" : delim == ';' ? "';'" : delim == '|' ? "'|'" : "','") != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && counts_lineno &&
	    ll_table_note(*out, "%s: line %zu counts the rows and features above the header (as sklearn's datasets "
				"write it): left out", path, ds_line_map_at(src->line_map, counts_lineno)) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	size_t dotted = 0;
	while (grouped_line && dotted + 1 < lay.ncols && !strchr(lay.names[dotted], '.'))
		dotted++;
	if (rc == LL_OK && grouped_line && header &&
	    ll_table_note(*out, "%s: the header is two lines: a group above each name (line %zu names them), the "
				"columns named 'group.name' (e.g. '%s')", path, ds_line_map_at(src->line_map, grouped_line), lay.names[dotted]) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && units && header &&
	    ll_table_note(*out, "%s: the %s under the header (%s) %s no number or time where the rows below hold "
				"them: units or sampling, not rows, left out", path, units == 1 ? "line" : units == 2 ? "2 lines" : "3 lines",
			  units_where, units == 1 ? "holds" : "hold") != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && shape)
		rc = apply_shape(*out, &sl, ds_line_map_at(src->line_map, r0_line - 1), path, err);
	if (rc == LL_OK && lay.label_col >= 0)
		ll_table_set_label_source(*out, lay.label_col);
	if (rc == LL_OK && quantity_label >= 0 &&
	    ll_table_note(*out, "%s: column '%s' holds numbers with fractions: a quantity (a coordinate, a target to "
				"regress), not classes, so the rows are unlabelled (-f csv:label=%s takes them as classes)",
			  path, lay.names[quantity_label], lay.names[quantity_label]) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	/* last: the notes and the label source above count columns as the file does */
	if (rc == LL_OK && header && drop_unnamed_empty(*out, &r0, path) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	/* an empty first header cell is how R and pandas head their row names */
	/* after a failure above *out may be NULL: nothing to mark */
	int unnamed_first = rc == LL_OK && *out && header && r0.n > 0 && r0.lens[0] == 0 && lay.ncols > 0 &&
			    ll_table_col_name(*out, 0) && strcmp(ll_table_col_name(*out, 0), lay.names[0]) == 0;
	if (rc == LL_OK && !force_text && ds_row_names_mark(*out, unnamed_first, path) < 0)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && opts->keep_layout) {
		if (is_pdh && header) {
			lay.pdh_col = 0;
			lay.pdh_bias = pdh.bias;
		}
		ds_csv_layout_free(*opts->keep_layout);
		free(*opts->keep_layout);
		if (!(*opts->keep_layout = ds_csv_layout_keep(&lay)))
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
done:
	if (rc < 0)
		error_line_to_file(err, path, src->line_map);
	shape_line_free(&sl);
	ds_csv_layout_free(&lay);
	rowcopy_free(&r0);
	free(body);
	free(first);
	ds_csv_tok_free(&tk);
	return rc;
}

/* ---- the "csv" reader ---- */

/* What a sample says about the table it may be. */
struct table_shape {
	size_t records, consistent, ncols;
	int header, shape_line, free_text;
	int commented;  /* the header is a '#' line that lines up with the rows */
	int names;      /* the first record reads as names (no numbers, times, stamps) */
	int prose;      /* ... and a cell of it holds a blank ("Hello, World!") */
};


/* A cell that opens with a timestamp (or a bracket around one, or an epoch)
 * and goes on ("2024-05-01T10:00:00Z GET /api 200", "1428634687123 Hello"):
 * a log line's stamp and message, which no column name is
 * (docker compose prefixes each line with "service | "). A date alone may
 * name a column of a wide table and is left to ll_time_parse's check. */
static int stamped_text(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	/* or in a bracket: Ruby's Logger, "I, [2026-11-30T10:00:01.12 #52]
	 * INFO -- : ...", is cut at its one comma */
	if (n > 1 && (*s == '[' || *s == '(')) {
		size_t k = ll_stamp_scan(s + 1, n - 1, 1970, 0, NULL, NULL);
		/* and words after it: "[2024-01-01]" may name a column */
		if (k && k + 3 < n && memchr(s + 1 + k, ' ', n - 1 - k))
			return 1;
	}
	/* (an epoch too: "1428634687123 Hello" names no column) */
	size_t k = ll_stamp_scan(s, n, 1970, 1, NULL, NULL);
	if (!k || k >= n || (s[k] != ' ' && s[k] != '\t'))
		return 0;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	return k < n;
}
/* Tokenizes the sample with delim and measures how consistently records
 * have one number of cells (a quote never closed is a character of its
 * cell, as the loader reads it). Returns 0 when the sample is no table
 * with this delimiter. */
static int measure(const char *head, size_t n, char delim, struct table_shape *ts)
{
	enum { MAXREC = 4000, MAXCOUNTS = 8 };
	memset(ts, 0, sizeof *ts);
	struct ds_csv_tok tk;
	ds_csv_tok_init(&tk, head, n, 0, 1, delim, 0);
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		tk.pos = 3;
	/* a header in a comment: the rows are what is measured */
	struct rowcopy cnames = {0};
	struct comment_header chd;
	struct ll_err err;
	int commented = find_comment_header(head, n, delim, 1, &cnames, &chd);
	rowcopy_free(&cnames);
	if (commented < 0)
		return 0;
	if (commented) {
		tk.pos = chd.body_pos;
		tk.line = chd.body_line;
		tk.comments = 1;
		commented = commented == 1;
	} else {
		/* a preamble above the header (a title, a logger's station line)
		 * is measured from the header, as the loader reads it */
		struct ds_csv_tok t0;
		struct preamble pa;
		ds_csv_tok_init(&t0, head, n, tk.pos, 1, delim, 0);
		int got = ds_csv_next(&t0, "sample", &err);
		while (got == 1 && ds_csv_blank(&t0))
			got = ds_csv_next(&t0, "sample", &err);
		if (got == 1 && find_preamble(head, n, delim, t0.nf, t0.pos, t0.line, &pa) == 1) {
			tk.pos = pa.hdr_pos;
			tk.line = pa.hdr_line;
			rowcopy_free(&pa.names);
		}
		ds_csv_tok_free(&t0);
	}
	size_t cnt[MAXCOUNTS] = {0}, val[MAXCOUNTS] = {0}, nv = 0, first = 0, second = 0;
	struct rowcopy r0 = {0};
	/* blanks per cell, per column, to tell free text from values; quoted
	 * cells, which only a table's writer makes */
	size_t blanks[64] = {0}, cells[64] = {0}, quoted[64] = {0}, as_first[64] = {0}, numbers[64] = {0};
	size_t fractions[64] = {0};
	int rc = 0, ok = 1, second_numeric = 0;
	size_t alike = 0; /* records that are the first one but for numbers */
	int spans_lines = 0; /* a record seen whose quoted cell holds line breaks */
	while (ts->records < MAXREC && (rc = ds_csv_next(&tk, "sample", &err)) == 1) {
		/* Such cells make the parts of a sample beyond its head (blocks from
		 * further on, each from a line start, maybe inside a cell) pair
		 * their quotes wrong: the records the head holds whole say it. */
		spans_lines |= tk.line > tk.rec_line + 1;
		if (spans_lines && tk.pos > DS_SAMPLE_HEAD_BYTES && ts->records >= 2)
			break;
		if (ds_csv_blank(&tk) || (ts->records && comment_among_rows(&tk, first)))
			continue;
		if (ts->records == 0) {
			first = tk.nf;
			if (rowcopy_take(&r0, &tk) != LL_OK)
				ok = 0;
		} else {
			if (ts->records == 1) {
				second = tk.nf;
				second_numeric = numeric_after_two(tk.f, tk.nf);
			}
			alike += (size_t)(ok && record_like(&r0, &tk));
		}
		ts->records++;
		size_t same_cells = 0;
		if (ts->records > 1)
			for (size_t c = 0; c < tk.nf && c < 64; c++) {
				cells[c]++;
				quoted[c] += (size_t)tk.f[c].quoted;
				/* the first record's cells met again in their column */
				if (ok && c < r0.n && r0.lens[c] && r0.lens[c] == tk.f[c].len &&
				    memcmp(r0.cells[c], tk.f[c].p, tk.f[c].len) == 0)
					as_first[c]++, same_cells++;
				/* blanks inside the cell: padding around a value
				 * (perf stat -x's right-aligned "     1.001") is none */
				size_t b = 0, from = 0, to = tk.f[c].len;
				while (from < to && tk.f[c].p[from] == ' ')
					from++;
				while (to > from && tk.f[c].p[to - 1] == ' ')
					to--;
				for (size_t k = from; k < to; k++)
					b += tk.f[c].p[k] == ' ';
				/* "2025-12-30 23:35:26" is a value, not free text */
				double v;
				int number = to > from && ll_parse_number(tk.f[c].p + from, to - from, &v);
				numbers[c] += (size_t)number;
				fractions[c] += (size_t)(number && v != floor(v));
				if (b && !ll_time_parse(tk.f[c].p, tk.f[c].len, &v))
					blanks[c] += b;
			}
		/* the first record again whole: a header repeated (files joined
		 * with cat), not a name met as a value */
		if (same_cells && same_cells == r0.n && tk.nf == r0.n)
			for (size_t c = 0; c < r0.n && c < 64; c++)
				as_first[c]--;
		size_t k = 0;
		while (k < nv && val[k] != tk.nf)
			k++;
		if (k == nv && nv < MAXCOUNTS)
			val[nv++] = tk.nf;
		if (k < nv)
			cnt[k]++;
	}
	ds_csv_tok_free(&tk);
	if (rc < 0 || !ok || !ts->records) {
		rowcopy_free(&r0);
		return 0;
	}
	size_t best = 0;
	for (size_t k = 1; k < nv; k++)
		if (cnt[k] > cnt[best])
			best = k;
	ts->ncols = val[best];
	ts->consistent = cnt[best];
	struct shape_line sl;
	ts->shape_line = ts->records > 1 && is_shape_line(r0.cells, r0.lens, first, second, second_numeric, &sl);
	if (ts->shape_line && first != ts->ncols)
		ts->consistent++; /* the shape line fits by being one */
	else if (first == ts->ncols || (first + 1 == ts->ncols && ts->records > 1)) {
		int names = 1;
		size_t named = 0;
		for (size_t c = 0; c < r0.n && names; c++) {
			double v;
			/* a header may leave a name out: the rows' names of
			 * pandas' to_csv and R's write.csv ("",x,y), a question
			 * over the answers' columns of a survey's export, columns
			 * a spreadsheet left unnamed */
			if (r0.lens[c] == 0)
				continue;
			named++;
			names = !cell_missing(r0.cells[c], r0.lens[c]) && !ll_parse_number(r0.cells[c], r0.lens[c], &v) &&
				!ll_time_parse(r0.cells[c], r0.lens[c], &v) && !stamped_text(r0.cells[c], r0.lens[c]);
		}
		names = names && named >= (r0.n > 1 ? 2 : 1);
		/* or names that are numbers: column positions, years */
		if (!names && r0.n <= 64 && ts->records > 1) {
			unsigned char no_value[64];
			for (size_t c = 0; c < r0.n; c++)
				no_value[c] = cells[c] && (numbers[c] == 0 || (numbers[c] == cells[c] && fractions[c]));
			names = numbers_name_columns_by(&r0, r0.n, no_value);
		}
		/* A header never reads like the rows under it with other numbers:
		 * lines of a log whose messages hold the separator do. Nor does
		 * it start with a timestamp, as a log's first line does
		 * ("2019-10-02 02:20:17.576248 I | pkg: ...", "Jan 5, 2024 @
		 * 10:00:00.123 ..." cut at the stamp's own comma). */
		size_t b0 = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		const char *nl = memchr(head + b0, '\n', n - b0);
		size_t l0 = nl ? (size_t)(nl - head) - b0 : n - b0;
		names = names && !ll_stamp_scan(head + b0, l0, 1970, 0, NULL, NULL);
		/* nor is a name the value of its column on three rows below and
		 * a fifth of them: "web-1 | ..." of docker compose's output is a
		 * service, and the first line one of its lines. Unless a word of
		 * it heads a column of numbers on every row: that word names them,
		 * and a factor's level may be its column's name (R's "Retouched"
		 * over "Retouched" and "Unretouched", beside "Freq" over counts) */
		int heads_numbers = 0;
		for (size_t c = 0; c < r0.n && c < 64 && names && !heads_numbers; c++)
			heads_numbers = cells[c] >= 3 && numbers[c] == cells[c];
		for (size_t c = 0; c < 64 && names && !heads_numbers; c++)
			names = !(as_first[c] >= 3 && as_first[c] * 5 >= ts->records - 1);
		ts->names = names;
		for (size_t c = 0; c < r0.n && names && !ts->prose; c++)
			ts->prose = memchr(r0.cells[c], ' ', r0.lens[c]) != NULL;
		ts->header = names && alike * 2 < ts->records - 1;
		/* a header of names one short of every row names all but one
		 * column (short_header): it fits the table by being one */
		if (first != ts->ncols)
			ts->consistent += (size_t)ts->header;
	}
	ts->header |= commented;
	ts->commented = commented;
	/* a column of prose that a writer quoted (always, as PostgreSQL's
	 * csvlog does, or where a cell holds the separator or a newline, as
	 * most CSV writers do) is a table's text column: a log's message with
	 * separators is never quoted */
	for (size_t c = 0; c < 64; c++)
		if (cells[c] && blanks[c] >= cells[c] && !quoted[c])
			ts->free_text = 1;
	rowcopy_free(&r0);
	return 1;
}

/* A table only when nearly every sampled record has the same number of
 * cells (and the first one too, unless it is a shape line): anything
 * ragged is a log whose messages happen to hold the separator. A
 * headerless file with a column of free text (a blank or more per cell,
 * not counting cells that are timestamps) is a log with separators too,
 * e.g. "time|component|pid|message". */
/* Excel's hint line "sep=;" (what it writes first so that it reads the
 * file back with that separator): the bytes it takes, BOM included, or 0
 * when the file has none. The rows that follow find the separator as any
 * file's do. */
static size_t sep_hint(const char *head, size_t n)
{
	size_t i = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (n - i < 5 || memcmp(head + i, "sep=", 4) != 0 || head[i + 4] == '\n' || head[i + 4] == '\r')
		return 0;
	size_t j = i + 5;
	if (j < n && head[j] == '\r')
		j++;
	return j < n && head[j] == '\n' ? j + 1 : 0;
}

/* One column of numbers under a name or none (a metric a line, as
 * single-series exports and anomaly archives write it): a table of one
 * column, not lines of text. Returns the sniff score. */
static int one_number_column(const char *head, size_t n)
{
	size_t pos = 0, len, lines = 0, numbers = 0;
	const char *line;
	while (ds_source_next_line(head, n, &pos, &line, &len)) {
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			len--;
		if (!len)
			continue;
		double v;
		/* the name may be written as a comment (numpy.savetxt's
		 * "# value") */
		const char *name = line;
		size_t name_len = len;
		if (lines == 0 && len > 1 && line[0] == '#') {
			name++;
			name_len--;
			while (name_len && (*name == ' ' || *name == '\t')) {
				name++;
				name_len--;
			}
		}
		if (ll_parse_number(line, len, &v)) {
			numbers++;
		} else if (lines > 0 || (name != line ? !comment_name(name, name_len)
						      : len > 64 || !isalpha((unsigned char)line[0]) || memchr(line, ':', len))) {
			return 0; /* a name heads the column, or nothing does */
		}
		lines++;
	}
	return numbers >= 8 ? 30 : 0;
}

/* 1 when the comma at s[i] ends a clock's seconds and starts its
 * fraction, as log4j's and Python logging's stamps write them
 * ("10:00:00,123 INFO", "[2024-12-05 10:00:00,123]", Celery's
 * "[2024-12-05 10:00:00,123: INFO/MainProcess]"): digits (perhaps a 'Z'),
 * then a blank, a closing bracket or a colon and a blank. A table's cell holding such a
 * stamp would be quoted. */
static int fraction_comma(const char *s, size_t n, size_t i)
{
	if (i < 8 || !isdigit((unsigned char)s[i - 1]) || !isdigit((unsigned char)s[i - 2]) || s[i - 3] != ':' ||
	    !isdigit((unsigned char)s[i - 4]) || !isdigit((unsigned char)s[i - 5]) || s[i - 6] != ':')
		return 0;
	size_t k = i + 1;
	while (k < n && isdigit((unsigned char)s[k]))
		k++;
	size_t digits = k - i - 1;
	/* UTC's 'Z' may follow the fraction (Java's ISO stamps in logs,
	 * "2023-04-06T09:13:34,820Z [main] WARN") */
	if (k < n && s[k] == 'Z')
		k++;
	return digits >= 3 && digits <= 9 && k < n &&
	       (s[k] == ' ' || s[k] == '\t' || s[k] == ']' || s[k] == ')' || (s[k] == ':' && k + 1 < n && s[k + 1] == ' '));
}

/* Over the first 200 non-empty lines of head (a last line the sample
 * cuts aside, '#' lines too when skip_comments), how many are lines of
 * which has(line, len, d) holds; *lines gets how many were looked at. */
static size_t lines_that(const char *head, size_t n, int skip_comments, int (*has)(const char *, size_t, char), char d,
			 size_t *lines)
{
	size_t yes = 0;
	*lines = 0;
	for (size_t pos = 0; pos < n && *lines < 200;) {
		const char *nl = memchr(head + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - head) : n;
		if (!nl && *lines)
			break; /* a line cut by the sample's end */
		if (end > pos && !(skip_comments && head[pos] == '#')) {
			(*lines)++;
			yes += has(head + pos, end - pos, d) != 0;
		}
		pos = end + 1;
	}
	return yes;
}

/* Whether 9 in 10 or more of those lines are lines of which has holds,
 * and there are min_lines. */
static int nearly_every_line(const char *head, size_t n, int skip_comments, size_t min_lines,
			     int (*has)(const char *, size_t, char), char d)
{
	size_t lines, yes = lines_that(head, n, skip_comments, has, d, &lines);
	return lines >= min_lines && yes * 10 >= lines * 9;
}

/* Whether the line holds a comma that is a stamp's fraction. */
static int comma_of_stamp(const char *s, size_t n, char unused)
{
	(void)unused;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' && fraction_comma(s, n, i))
			return 1;
	return 0;
}

/* 1 when nearly every line of head holds a comma that is a stamp's
 * fraction (fraction_comma): a log whose lines a comma splits in two
 * consistently, not a table. */
static int commas_in_stamps(const char *head, size_t n)
{
	return nearly_every_line(head, n, 0, 2, comma_of_stamp, ',');
}

/* Whether the line opens with a bracketed stamp that holds the delimiter
 * d, behind at most a run of marks ("####<Mar 24, 2022 10:29:51,636 AM
 * GMT> <Info>", "[Dec 4, 2005 4:47:44 PM]"): a table would quote such a
 * cell, so its delimiters are the stamp's, not a row's. A stamp with no
 * bracket ("Tue, 24 Mar 2022 10:00:00,5,6") may be a table's unquoted
 * cells, split at its commas but read as a time by the table's reader. */
static int opens_with_delim_stamp(const char *s, size_t n, char d)
{
	size_t j = 0;
	while (j < n && j < 9 && strchr("#*=~<[(", s[j]) && s[j])
		j++;
	if (j == 0 || !strchr("<[(", s[j - 1]))
		return 0;
	unsigned form = 0;
	size_t len = j < n ? ll_stamp_scan(s + j, n - j, 1970, 0, &form, NULL) : 0;
	return len && ll_stamp_form_has_date(form) && ll_stamp_form_has_clock(form) && memchr(s + j, d, len);
}

/* 1 when half the lines of head or more (two at least) open with a stamp
 * that holds the delimiter d: the other lines are the records'
 * continuations (a message over several lines), as a log writes them. */
static int delims_in_opening_stamps(const char *head, size_t n, char d)
{
	size_t lines, yes = lines_that(head, n, 0, opens_with_delim_stamp, d, &lines);
	return yes >= 2 && yes * 2 >= lines;
}

/* 1 when the delimiter d at some place of the line stands inside a
 * bracket or parenthesis opened before it, outside a quoted cell: "[SMB2,
 * (null)]", "(KHTML, like Gecko)", "[10.0.0.1, 10.0.0.2]" of a log line. */
static int delim_in_brackets(const char *s, size_t n, char d)
{
	int depth = 0, cell_start = 1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (cell_start && c == '"') {
			/* a quoted cell: its text is the cell's, up to the quote
			 * that closes it ("" is a quote inside) */
			for (i++; i < n; i++)
				if (s[i] == '"' && !(i + 1 < n && s[i + 1] == '"'))
					break;
				else if (s[i] == '"')
					i++;
			cell_start = 0;
			continue;
		}
		cell_start = 0;
		if (c == '(' || c == '[' || c == '{')
			depth++;
		else if ((c == ')' || c == ']' || c == '}') && depth > 0)
			depth--;
		else if (c == d) {
			if (depth > 0)
				return 1;
			cell_start = 1;
		}
	}
	return 0;
}

/* 1 when nearly every line of head (every one of a few) splits a bracket
 * with the delimiter d: lines of a log whose brackets hold lists, not a
 * table's rows (a table would quote such a cell). */
static int delims_in_brackets(const char *head, size_t n, char d)
{
	return nearly_every_line(head, n, 1, 1, delim_in_brackets, d);
}

/* Blanks (runs of spaces or tabs other than d) in s[0, n). */
static size_t blank_runs(const char *s, size_t n, char d)
{
	size_t runs = 0;
	for (size_t i = 0; i < n; i++)
		if ((s[i] == ' ' || (s[i] == '\t' && d != '\t')) && (i == 0 || !(s[i - 1] == ' ' || s[i - 1] == '\t')))
			runs++;
	return runs;
}

/* 1 when every delimiter d of the line (two or more) stands in one word
 * (no blank between the first and the last) with two words or more of
 * text on each side of it: a list of flags inside a log line ("...
 * NOERROR qr,rd,ra 174 0.0595s"), which a table writing such text in its
 * first and last cells would have quoted. */
static int delims_in_one_word(const char *s, size_t n, char d)
{
	const char *first = memchr(s, d, n);
	if (!first)
		return 0;
	size_t a = (size_t)(first - s), b = a, k = 0;
	for (size_t i = a; i < n; i++)
		if (s[i] == d) {
			b = i;
			k++;
		}
	if (k < 2)
		return 0;
	for (size_t i = a; i < b; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '"')
			return 0;
	return blank_runs(s, a, d) >= 2 && blank_runs(s + b, n - b, d) >= 2;
}

/* 1 when nearly every line of head (two at least) keeps its delimiters in
 * one word amid text (delims_in_one_word), the first line with one among
 * them: a log's lines, not rows. A table's header line ("Full Name,Age,Home
 * Address") is not so, though rows of free text under it may be. */
static int delims_in_words(const char *head, size_t n, char d)
{
	for (size_t pos = 0; pos < n;) {
		const char *nl = memchr(head + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - head) : n;
		if (head[pos] != '#' && memchr(head + pos, d, end - pos)) {
			if (!delims_in_one_word(head + pos, end - pos, d))
				return 0;
			break;
		}
		pos = end + 1;
	}
	return nearly_every_line(head, n, 1, 2, delims_in_one_word, d);
}

/* 1 when the delimiter d stands only inside one word of the line (one d
 * or more, no blank between the first and the last) with two words or
 * more on each side: "bash 9661 root cwd DIR 254,0 4096 ... /work" */
static int delims_amid_words(const char *s, size_t n, char d)
{
	const char *first = memchr(s, d, n);
	if (!first)
		return 0;
	size_t a = (size_t)(first - s), b = a;
	for (size_t i = a; i < n; i++)
		if (s[i] == d)
			b = i;
	for (size_t i = a; i < b; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '"')
			return 0;
	return blank_runs(s, a, d) >= 2 && blank_runs(s + b, n - b, d) >= 2;
}

/* 1 when the line's one comma stands between two digits in a word with
 * blanks before it and a blank after the word or another before it: a
 * number with a decimal comma in a row lined up with blanks ("  101 root
 * 1,3 web", a column of such numbers last or not). */
static int decimal_comma_amid(const char *s, size_t n, char d)
{
	const char *c = d == ',' ? memchr(s, d, n) : NULL;
	if (!c || memchr(c + 1, d, n - (size_t)(c - s) - 1))
		return 0;
	size_t a = (size_t)(c - s);
	if (a == 0 || a + 1 >= n || !isdigit((unsigned char)s[a - 1]) || !isdigit((unsigned char)s[a + 1]))
		return 0;
	size_t before = blank_runs(s, a, d), after = blank_runs(s + a, n - a, d);
	return before >= 1 && before + after >= 2;
}

/* 1 when the first line (not a '#' comment) holds no d while the lines
 * below that hold one (two at least, nine in ten) hold it amid words
 * (delims_amid_words, decimal_comma_amid): a header of names over rows
 * lined up with blanks whose one cell has a comma in it (lsof's DEVICE
 * "254,0", a load "1,3" of a de_DE locale), not a table of d whose header
 * names one column. */
static int delims_in_words_under_bare_header(const char *head, size_t n, char d)
{
	size_t pos = 0, with = 0, amid = 0;
	int first = 1;
	while (pos < n) {
		const char *nl = memchr(head + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - head) : n;
		/* the last line of the head may be cut short */
		if (!nl && first == 0)
			break;
		if (end > pos && head[pos] != '#') {
			const char *has = memchr(head + pos, d, end - pos);
			if (first) {
				if (has)
					return 0;
				first = 0;
			} else if (has) {
				with++;
				amid += (size_t)(delims_amid_words(head + pos, end - pos, d) ||
						 decimal_comma_amid(head + pos, end - pos, d));
			}
		}
		pos = end + 1;
	}
	return with >= 2 && amid * 10 >= with * 9;
}

/* 1 when the first cell (up to d) of the first line that is not a '#'
 * comment is a stamp and more (stamped_text): the record of a one-line
 * log, or one row under a directive, never a header's name. */
static int first_cell_stamped(const char *head, size_t n, char d)
{
	size_t pos = 0;
	while (pos < n) {
		const char *nl = memchr(head + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - head) : n;
		if (end > pos && head[pos] != '#') {
			const char *cut = memchr(head + pos, d, end - pos);
			return stamped_text(head + pos, cut ? (size_t)(cut - head) - pos : end - pos);
		}
		pos = end + 1;
	}
	return 0;
}

static int csv_sniff(const char *path, const char *head, size_t n)
{
	size_t hint = sep_hint(head, n);
	head += hint;
	n -= hint;
	if (n == 0 || !ds_looks_like_text(head, n))
		return 0;
	/* bare CEF or LEEF events write as many pipes a line as a table of
	 * '|' does: the log reader reads their header (ds_header_cef) */
	size_t b0 = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	const char *eol = memchr(head + b0, '\n', n - b0);
	size_t l0 = eol ? (size_t)(eol - head) - b0 : n - b0;
	/* ... behind the priority a syslog receiver writes too ("<14>CEF:0|") */
	size_t pri = ds_pri_len(head + b0, l0);
	if (ds_header_cef(head + b0 + pri, l0 - pri, NULL))
		return 0;
	size_t nf;
	char d = rows_delim(head, n, &nf);
	if (!d)
		return one_number_column(head, n);
	if (d == ',' && commas_in_stamps(head + b0, n - b0))
		return 0;
	if (delims_in_opening_stamps(head + b0, n - b0, d))
		return 0;
	if (delims_in_brackets(head + b0, n - b0, d))
		return 0;
	if (delims_in_words(head + b0, n - b0, d) || delims_in_words_under_bare_header(head + b0, n - b0, d))
		return 0;
	/* tables one after another under their own '#' headers: a table */
	if (ds_csv_sections_count(head, n, d) >= 2)
		return 70;
	struct table_shape ts;
	if (!measure(head, n, d, &ts) || ts.ncols < 2)
		return 0;
	/* one line alone of words with blanks ("Hello, World!", "308 files,
	 * 0 differ") is no table: as a header it would leave no row, and the
	 * line would vanish; "a,b,c" alone is a header without rows. Nor is
	 * one whose first cell is a stamp and more ("2024-04-04 18:30:54,422
	 * INFO ..." cut at its fraction's comma) */
	if (ts.records < 2 && (ts.prose || first_cell_stamped(head + b0, n - b0, d)))
		return 0;
	/* A header in a comment that lines up with the rows says "table" on
	 * its own; a few odd rows (sadf's "LINUX-RESTART" records, shorter)
	 * are then the loader's to report, not a sign of a log. */
	if (ts.consistent * 50 < ts.records * (ts.commented ? 45 : 49))
		return 0;
	if (!ts.header && !ts.shape_line && ts.free_text)
		return 0;
	/* Two tab-separated fields is also the labelled-lines shape, which the
	 * text-log readers own; where their sniff says it is no label file
	 * (a first column that neither repeats nor names classes), it is this
	 * table, whichever other reader would take its lines. */
	if (d == '\t' && ts.ncols == 2 && ds_reader_labelled.sniff(path, head, n) > 0)
		return 15;
	return 65;
}

static int csv_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	size_t hint = sep_hint(src->data, src->size);
	if (hint) {
		struct ds_source rest = *src;
		rest.data += hint;
		rest.size -= hint;
		return ds_csv_load_from(&rest, opts, 0, 2, out, err);
	}
	size_t headn = src->size < 65536 ? src->size : 65536;
	char delim = rows_delim(src->data, headn, NULL);
	/* a header widened after a restart may come back anywhere in the
	 * file, past the head too */
	if (delim && (ds_csv_sections_count(src->data, headn, delim) >= 2 ||
		      ds_csv_widened_count(src->data, src->size, delim) >= 2))
		return ds_csv_load_sections(src, opts, delim, out, err);
	int rc = ds_csv_load_generic(src, opts, 0, out, err);
	if (rc == LL_OK && (rc = ds_csv_started_times(src, *out, err)) != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
	}
	return rc;
}
/* A long table (a row per time and entity) comes out wide (ds_pivot.h),
 * unless the dataset's "entity" key says otherwise. */
static int csv_load_wide(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		   struct ll_err *err)
{
	return ds_pivot_loaded(ds_pairs_loaded(csv_load(src, opts, out, err), out, src->path, err), out, opts->entity,
			       src->path, err);
}


static const struct ds_reader csv_reader = {
	.name = "csv",
	.summary = "comma/semicolon/tab/pipe separated values with header and type detection",
	.sniff = csv_sniff,
	.load = csv_load_wide,
	.line = NULL,
};

const struct ds_reader *const *ds_csv_readers(size_t *n)
{
	/* Specialised readers first: on equal scores the first one wins. */
	static const struct ds_reader *const list[] = {&ds_parquet_reader, &ds_xlsx_reader, &ds_xlsb_reader, &ds_xls_reader, &ds_ods_reader, &ds_sqlite_reader, &ds_xml_reader, &ds_dstat_reader, &ds_smd_reader, &ds_nab_reader,
						       &ds_hdfs_sessions_reader, &ds_nmon_reader, &ds_w3c_reader, &ds_cmtrace_reader, &ds_stanza_reader, &ds_aligned_reader, &ds_numbers_reader, &ds_npy_reader, &csv_reader};
	*n = sizeof list / sizeof *list;
	return list;
}
