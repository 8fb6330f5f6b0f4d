/*
 * ds_header.c - header patterns of log lines: compiling a user's pattern,
 * inferring one from a sample, and splitting lines with either.
 *
 * A pattern is a list of elements, literal text or a field. Matching walks
 * the elements left to right; a field that can end in several places
 * (lazy text, a program up to some ": ") tries its ends shortest first and
 * backtracks when the rest fails, within a step budget.
 *
 * Inference cuts the start of each sampled line into units - a timestamp
 * (of any form ll_stamp knows, perhaps in brackets, or opening a bracket
 * that holds more units), a bracketed field, a level word (perhaps behind
 * a name, "[core:error]"), a "program[pid]:" token, a key=value pair, a number, a dash,
 * or another word - and records what separates each unit from the next
 * (blanks, a wide run of blanks, '|', ','). Lines whose first unit is not
 * of the kind most lines start with (stack-trace continuations, wrapped
 * text) are left out. Position by position, a unit kind that at least
 * three lines in four share is "consistent"; a consistent position is an
 * anchor when its kind can only be a header's (time, level, component,
 * bracket, a lone dash, key=value, a column of numbers, a field followed
 * by '|' or by a wide blank run). The header runs up to the last anchor of
 * the consistent prefix; words before an anchor are header fields too
 * (the host of syslog, the node of BGL), words after the last anchor are
 * the message. Last, a time field of dates alone followed by a field of
 * clocks alone (two key=value pairs, "date=... time=...") becomes one time
 * (join_clocks).
 *
 * One inference cuts the same lines again (the margin's, then all, then a
 * time prefix's; ds_logfmt.c infers again from the lines a first header
 * leaves): each line's units are kept in a memo by its bytes
 * (ds_linememo.h), so a line is cut once.
 */
#include "ds_csv.h"
#include "ds_header.h"
#include "ds_linememo.h"
#include "ds_zones.h"
#include "ll_hexdump.h"
#include "ll_stamp.h"
#include "ll_time.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum fkind {
	FK_TEXT,      /* lazy: the shortest text that lets the rest match */
	FK_WORD,      /* lazy, without blanks */
	FK_NUM,       /* digits */
	FK_TIME,      /* a stamp of one form */
	FK_STAMP,     /* a stamp of any form, else lazy text (a user's <time>) */
	FK_PROGRAM,   /* program[pid] up to ':' and a blank or the end; the ':' is consumed */
	FK_BRACKETED, /* up to the close that balances the open before it */
	FK_FRAMED,    /* digits between two runs of one mark, alike ("==4983==",
		       * "--4983--" of valgrind): the digits; the run is any */
	FK_OPT,       /* "<name?>": a run without blanks, or nothing and the
		       * blank the next literal starts with */
	FK_REST       /* the rest of the line */
};

struct elem {
	int is_field;
	char *lit; /* literal: ' ' matches blanks */
	size_t litlen;
	size_t field, pid_field; /* pid_field: FK_PROGRAM's pid, or SIZE_MAX */
	enum fkind kind;
	char open, close; /* FK_BRACKETED; FK_FRAMED: the mark most lines use, and the run's length */
	int level_only;   /* FK_OPT named level: takes a level word only */
	int label;        /* a user's <label>: a word, but no stamp (label_end) */
};

struct hfield {
	char *name;
	enum ll_coltype type;
	unsigned form; /* FK_TIME: the form; 0: any */
	int join_prev; /* a time of day right after a date ("<Date> <Time>"):
			* its span reaches back over the date, so it reads the
			* whole stamp (ds_header_type_fields) */
	int clock_next; /* a date whose clock is the next field ("date=<time>
			 * time=<time2>"): its span reaches forward over the
			 * clock, which stays a text field (join_clocks) */
	size_t zone_field; /* a stamp without a zone whose UTC offset a later
			    * field gives ("time=... tz=+0200"), that field's
			    * index + 1: the span reaches forward over it and
			    * its offset is applied (join_zones); 0: none */
};

struct ds_header {
	struct elem *el;
	size_t nel;
	/* f[LABEL_SLOT] is a user's <label>: matched as a field, but no
	 * column (nf does not count it); its span is the line's class */
	struct hfield f[DS_HEADER_MAX_FIELDS + 1];
	size_t nf, msg;
	int has_label;
	char *text;
	char note[96]; /* what the reader should know of how it read the
			* lines ("" none): a day order no value settled */
	size_t level_below; /* 1 + the field whose value is the level word
			     * opening the line below a head, 0: none */
	size_t level_lead;  /* 1 + the field whose value is a bracketed level
			     * opening some heads' message, 0: none */
};

/* Steps a line may cost: an element tried or a byte scanned. A line of the
 * usual few hundred bytes takes a few hundred; a hostile one stops here. */
#define STEP_BUDGET (1 << 18)

#define LABEL_SLOT DS_HEADER_MAX_FIELDS

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_level(const char *s, size_t n);

/* ---- life cycle and accessors ---- */

void ds_header_free(struct ds_header *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->nel; i++)
		free(h->el[i].lit);
	free(h->el);
	for (size_t i = 0; i < h->nf; i++)
		free(h->f[i].name);
	free(h->f[LABEL_SLOT].name);
	free(h->text);
	free(h);
}

const char *ds_header_text(const struct ds_header *h)
{
	return h->text;
}

int ds_header_has_label(const struct ds_header *h)
{
	return h->has_label;
}

size_t ds_header_nfields(const struct ds_header *h)
{
	return h->nf;
}

const char *ds_header_field_name(const struct ds_header *h, size_t i)
{
	return i < h->nf ? h->f[i].name : NULL;
}

enum ll_coltype ds_header_field_type(const struct ds_header *h, size_t i)
{
	return i < h->nf ? h->f[i].type : LL_COL_TEXT;
}

int ds_header_field_joined(const struct ds_header *h, size_t i)
{
	if (i >= h->nf)
		return 0;
	return h->f[i].join_prev ? 1 : h->f[i].clock_next ? 2 : 0;
}

size_t ds_header_field_zone(const struct ds_header *h, size_t i)
{
	if (i >= h->nf)
		return 0;
	if (h->f[i].zone_field)
		return h->f[i].zone_field;
	for (size_t k = 0; k < h->nf; k++)
		if (h->f[k].zone_field == i + 1)
			return SIZE_MAX;
	return 0;
}

unsigned ds_header_field_form(const struct ds_header *h, size_t i)
{
	return i < h->nf ? h->f[i].form : 0;
}

size_t ds_header_level_below(const struct ds_header *h)
{
	return h->level_below;
}

size_t ds_header_level_line(const char *line, size_t len)
{
	size_t k = 0;
	while (k < len && k < 16 && isalpha((unsigned char)line[k]))
		k++;
	if (k < 2 || k >= len || line[k] != ':' || (k + 1 < len && !is_blank(line[k + 1])) || !is_level(line, k))
		return 0;
	return k;
}

const char *ds_header_note(const struct ds_header *h)
{
	return h->note[0] ? h->note : NULL;
}

size_t ds_header_message_field(const struct ds_header *h)
{
	return h->msg;
}

int ds_header_has_fields(const struct ds_header *h)
{
	return h->nf > 1;
}

/* 1 when one of h's fields is the level. */
static int has_level_field(const struct ds_header *h)
{
	for (size_t k = 0; k < h->nf; k++)
		if (h->f[k].name && !strcasecmp(h->f[k].name, "level"))
			return 1;
	return 0;
}

/* The length of a run of two to eight of one mark ('#', '*', '=', '~') that
 * opens s, when a dated stamp follows it at once or inside a bracket ('<',
 * '[', '(') that does; else 0. Such a run is a banner the writer puts
 * before every record, no field. */
static size_t mark_run_before_stamp(const char *s, size_t n, int year)
{
	if (n < 3 || !memchr("#*=~", s[0], 4))
		return 0;
	size_t r = 1;
	while (r < n && r < 9 && s[r] == s[0])
		r++;
	if (r < 2 || r > 8 || r >= n)
		return 0;
	size_t at = r + (memchr("<[(", s[r], 3) != NULL);
	unsigned form = 0;
	return at < n && ll_stamp_scan(s + at, n - at, year, 0, &form, NULL) && ll_stamp_form_has_date(form) ? r : 0;
}

int ds_header_rule_line(const char *line, size_t len)
{
	if (len < 3 || line[0] == '\0' || line[1] != line[0] || line[2] != line[0])
		return 0;
	/* marks glued to a stamp open a record ("####<Mar 24, 2022 ...>") */
	if (mark_run_before_stamp(line, len, 1970))
		return 0;
	if (strchr("-=*~_#", line[0]))
		return 1;
	/* dots only when the line holds nothing else: HTCondor's "..." ends
	 * each event, while "... 23 more" or "...done" are text */
	if (line[0] != '.')
		return 0;
	size_t k = 3;
	while (k < len && line[k] == '.')
		k++;
	while (k < len && (is_blank(line[k]) || line[k] == '\r' || line[k] == '\n'))
		k++;
	return k == len;
}

int ds_header_at_margin(const char *line, size_t len)
{
	if (!len || is_blank(line[0]))
		return 0;
	/* a frame's number and a space (libFuzzer's "#1024\tpulse" counts
	 * runs, a tab after them) */
	size_t k = 1;
	while (k < len && k < 6 && line[k] >= '0' && line[k] <= '9')
		k++;
	if (line[0] == '#' && k > 1 && k < len && line[k] == ' ')
		return 0;
	return !ll_hexdump_row(line, len, NULL, NULL);
}

size_t ds_header_cef(const char *s, size_t n, int *variant)
{
	size_t k, pipes;
	int v;
	if (n > 4 && memcmp(s, "CEF:", 4) == 0) {
		k = 4;
		pipes = 7;
		v = DS_CEF;
	} else if (n > 5 && memcmp(s, "LEEF:", 5) == 0) {
		k = 5;
		pipes = 5;
		v = DS_LEEF1;
	} else {
		return 0;
	}
	size_t a = k;
	while (k < n && k - a < 8 && (is_digit(s[k]) || s[k] == '.'))
		k++;
	if (k == a || k >= n || s[k] != '|')
		return 0;
	/* LEEF 2.0 names the extension's delimiter in a field of its own */
	if (v == DS_LEEF1 && s[a] == '2') {
		pipes = 6;
		v = DS_LEEF2;
	}
	size_t seen = 0;
	for (; k < n; k++) {
		if (s[k] == '\\' && k + 1 < n) {
			k++;
			continue;
		}
		if (s[k] == '\n' || s[k] == '\r')
			return 0;
		if (s[k] == '|' && ++seen == pipes) {
			if (variant)
				*variant = v;
			return k + 1;
		}
	}
	return 0;
}

/* ---- matching ---- */

struct mctx {
	const struct ds_header *h;
	const char *s;
	size_t n;
	struct ds_span *out;
	int budget;
	size_t cut; /* a line that lacks the header's later fields: its message starts at element cut */
};

static int match_from(struct mctx *c, size_t e, size_t i);
static size_t framed_number(const char *s, size_t n);
static int match_opt_label(struct mctx *c, size_t e, const struct elem *el, const struct elem *nx, size_t i);
static int is_level(const char *s, size_t n);

/* The literal of element e at i; returns the end or SIZE_MAX. A blank
 * matches one or more blanks, or none where the line ends. */
static size_t match_lit(const struct mctx *c, const struct elem *el, size_t i)
{
	for (size_t k = 0; k < el->litlen; k++) {
		char ch = el->lit[k];
		if (ch == ' ') {
			if (i >= c->n)
				continue;
			if (!is_blank(c->s[i]))
				return SIZE_MAX;
			while (i < c->n && is_blank(c->s[i]))
				i++;
		} else {
			if (i >= c->n || c->s[i] != ch)
				return SIZE_MAX;
			i++;
		}
	}
	return i;
}

static void set_span(struct mctx *c, size_t f, size_t a, size_t b)
{
	/* blanks that pad a field's value to a width ("[INFO ]", a logger
	 * name padded in its brackets) are layout, not the value's; the
	 * message keeps its own */
	if (f != c->h->msg) {
		while (a < b && is_blank(c->s[a]))
			a++;
		while (b > a && is_blank(c->s[b - 1]))
			b--;
	}
	c->out[f].off = a;
	c->out[f].len = b - a;
}

/* 1 when an end at j can be followed by element e (cheap pre-check). */
static int may_follow(const struct mctx *c, size_t e, size_t j)
{
	if (e >= c->h->nel)
		return j == c->n;
	const struct elem *nx = &c->h->el[e];
	if (nx->is_field || nx->litlen == 0)
		return 1;
	if (nx->lit[0] == ' ')
		return j == c->n || is_blank(c->s[j]);
	return j < c->n && c->s[j] == nx->lit[0];
}

/* Lazy field: the shortest end in [from, limit] from which the rest
 * matches; blanks ends the search when the field may not hold them. */
static int lazy(struct mctx *c, size_t e, size_t f, size_t i, size_t from, int no_blanks)
{
	for (size_t j = from; j <= c->n; j++) {
		if (no_blanks && j > i && is_blank(c->s[j - 1]))
			return 0;
		if (--c->budget <= 0)
			return 0;
		if (!may_follow(c, e + 1, j))
			continue;
		set_span(c, f, i, j);
		if (match_from(c, e + 1, j))
			return 1;
		if (c->budget <= 0)
			return 0;
	}
	return 0;
}

static int match_program(struct mctx *c, size_t e, const struct elem *el, size_t i)
{
	for (size_t k = i; k < c->n; k++) {
		if (--c->budget <= 0)
			return 0;
		if (c->s[k] != ':' || (k + 1 < c->n && !is_blank(c->s[k + 1])))
			continue;
		if (k == i)
			return 0;
		size_t bracket = k;
		for (size_t q = i; q < k; q++)
			if (c->s[q] == '[') {
				bracket = q;
				break;
			}
		if (bracket < k && bracket > i && c->s[k - 1] == ']') {
			set_span(c, el->field, i, bracket);
			if (el->pid_field != SIZE_MAX)
				set_span(c, el->pid_field, bracket + 1, k - 1);
		} else {
			set_span(c, el->field, i, k);
			if (el->pid_field != SIZE_MAX)
				set_span(c, el->pid_field, k, k);
		}
		if (match_from(c, e + 1, k + 1))
			return 1;
		if (c->budget <= 0)
			return 0;
	}
	return 0;
}

/* Ends a line's header at element e (the cut, see ds_header_split): a
 * literal up to its first blank ("] [" gives "] "), or nothing where the
 * literal before e ended in a blank; the rest is the message. */
static int cut_here(struct mctx *c, size_t e, size_t i)
{
	const struct elem *el = &c->h->el[e];
	if (el->is_field) {
		const struct elem *pv = e > 0 ? &c->h->el[e - 1] : NULL;
		if (!pv || pv->is_field || !pv->litlen || pv->lit[pv->litlen - 1] != ' ')
			return 0;
	} else {
		const char *b = memchr(el->lit, ' ', el->litlen);
		if (!b)
			return 0;
		struct elem part = *el;
		part.litlen = (size_t)(b - el->lit) + 1;
		if ((i = match_lit(c, &part, i)) == SIZE_MAX)
			return 0;
	}
	set_span(c, c->h->msg, i, c->n);
	return 1;
}

/* The end of the class word a <label> may take at i, i when none: a run
 * without blanks, unless a stamp opens there (a class is no time, and a
 * line that opens with its time has no label). */
static size_t label_end(const struct mctx *c, size_t i)
{
	size_t j = i;
	while (j < c->n && !is_blank(c->s[j]))
		j++;
	return j > i && ll_stamp_scan(c->s + i, c->n - i, 1970, 1, NULL, NULL) >= j - i ? i : j;
}

/* "<label?>": a class word is tried first, as a labelled line has one,
 * unless a stamp opens the line there (an unlabelled line, whose time a
 * present label would swallow); then absent, with the blank after it. */
static int match_opt_label(struct mctx *c, size_t e, const struct elem *el, const struct elem *nx, size_t i)
{
	size_t j = label_end(c, i);
	if (j > i) {
		set_span(c, el->field, i, j);
		if (match_from(c, e + 1, j))
			return 1;
		if (c->budget <= 0)
			return 0;
	}
	set_span(c, el->field, i, i);
	if (nx && !nx->is_field && nx->litlen && nx->lit[0] == ' ' && e + 1 != c->cut) {
		struct elem part = *nx;
		part.lit++;
		part.litlen--;
		size_t k = match_lit(c, &part, i);
		return k != SIZE_MAX && match_from(c, e + 2, k);
	}
	return match_from(c, e + 1, i);
}

static int match_from(struct mctx *c, size_t e, size_t i)
{
	if (--c->budget <= 0)
		return 0;
	if (e == c->cut)
		return cut_here(c, e, i);
	if (e == c->h->nel)
		return i == c->n;
	const struct elem *el = &c->h->el[e];
	if (!el->is_field) {
		size_t j = match_lit(c, el, i);
		return j != SIZE_MAX && match_from(c, e + 1, j);
	}
	size_t f = el->field;
	switch (el->kind) {
	case FK_REST:
		set_span(c, f, i, c->n);
		return match_from(c, e + 1, c->n);
	case FK_TIME: {
		unsigned form = c->h->f[f].form;
		size_t len = form ? ll_stamp_parse_form(form, c->s + i, c->n - i, 1970, NULL)
				  : ll_stamp_scan(c->s + i, c->n - i, 1970, 1, NULL, NULL);
		if (!len)
			return 0;
		set_span(c, f, i, i + len);
		return match_from(c, e + 1, i + len);
	}
	case FK_STAMP: {
		size_t len = ll_stamp_scan(c->s + i, c->n - i, 1970, 1, NULL, NULL);
		if (len) {
			set_span(c, f, i, i + len);
			if (match_from(c, e + 1, i + len))
				return 1;
		}
		/* right after another field ("<level><time>") only a stamp
		 * tells where the two part */
		if (e > 0 && c->h->el[e - 1].is_field)
			return 0;
		return lazy(c, e, f, i, i, 0);
	}
	case FK_NUM: {
		size_t j = i + (i + 1 < c->n && c->s[i] == '-' && is_digit(c->s[i + 1]));
		size_t d = j;
		while (j < c->n && is_digit(c->s[j]))
			j++;
		if (j == d)
			return 0;
		set_span(c, f, i, j);
		return match_from(c, e + 1, j);
	}
	case FK_WORD:
		if (el->label && label_end(c, i) == i)
			return 0;
		return lazy(c, e, f, i, i + 1, 1);
	case FK_TEXT:
		return lazy(c, e, f, i, i, 0);
	case FK_PROGRAM:
		return match_program(c, e, el, i);
	case FK_OPT: {
		const struct elem *nx = e + 1 < c->h->nel ? &c->h->el[e + 1] : NULL;
		if (el->label)
			return match_opt_label(c, e, el, nx, i);
		/* ended by a colon ("<level?>: <component?>: "): present first,
		 * a run without blanks up to the colon (a level word, for a
		 * field named level); else absent, and its colon with it */
		if (nx && !nx->is_field && nx->litlen && (nx->lit[0] == ':' || nx->lit[0] == '.' || nx->lit[0] == '/')) {
			/* a thread's name before its slash may hold blanks
			 * ("Server thread/INFO"), not a bracket's close */
			int slash = nx->lit[0] == '/';
			size_t j = i;
			while (j < c->n && (slash ? !strchr("])}>", c->s[j]) : !is_blank(c->s[j])) && c->s[j] != nx->lit[0])
				j++;
			/* an empty name before its separator is present too
			 * (mod_php's "[:error]") */
			int empty = j == i && j < c->n && c->s[j] == nx->lit[0] && !el->level_only;
			if ((j > i && (!el->level_only || is_level(c->s + i, j - i))) || empty) {
				set_span(c, f, i, j);
				if (match_from(c, e + 1, j))
					return 1;
				if (c->budget <= 0)
					return 0;
			}
			set_span(c, f, i, i);
			return e + 1 == c->cut ? match_from(c, e + 1, i) : match_from(c, e + 2, i);
		}
		size_t j = i;
		while (j < c->n && !is_blank(c->s[j]))
			j++;
		/* a level word, when the field is one, is taken first: nothing
		 * else can be it */
		if (el->level_only) {
			if (j > i && is_level(c->s + i, j - i)) {
				set_span(c, f, i, j);
				if (match_from(c, e + 1, j))
					return 1;
				if (c->budget <= 0)
					return 0;
			}
			j = i;
		}
		/* absent first: a word of the header's next field (a level)
		 * would else be taken for it */
		set_span(c, f, i, i);
		if (nx && !nx->is_field && nx->litlen && nx->lit[0] == ' ' && e + 1 != c->cut) {
			struct elem part = *nx;
			part.lit++;
			part.litlen--;
			size_t k = match_lit(c, &part, i);
			if (k != SIZE_MAX && match_from(c, e + 2, k))
				return 1;
		} else if (match_from(c, e + 1, i)) {
			return 1;
		}
		if (c->budget <= 0 || j == i)
			return 0;
		set_span(c, f, i, j);
		return match_from(c, e + 1, j);
	}
	case FK_FRAMED: {
		size_t run = framed_number(c->s + i, c->n - i);
		if (!run)
			return 0;
		size_t r = 0;
		while (c->s[i + r] == c->s[i])
			r++;
		set_span(c, f, i + r, i + run - r);
		return match_from(c, e + 1, i + run);
	}
	case FK_BRACKETED: {
		int depth = 1;
		for (size_t j = i; j < c->n && --c->budget > 0; j++) {
			if (c->s[j] == el->close && --depth == 0) {
				set_span(c, f, i, j);
				return match_from(c, e + 1, j);
			}
			if (c->s[j] == el->open && el->open != el->close)
				depth++;
		}
		return 0;
	}
	}
	return 0;
}

static int split_into(const struct ds_header *h, const char *line, size_t len, struct ds_span *fields);
static size_t bracket_level(const char *s, size_t n);

/* The bracketed level that opens a head's message (h->level_lead) into its
 * field, the message after it and its blanks. */
static void lead_level(const struct ds_header *h, const char *line, struct ds_span *fields)
{
	struct ds_span *m = &fields[h->msg];
	size_t k = bracket_level(line + m->off, m->len);
	if (!k)
		return;
	fields[h->level_lead - 1].off = m->off + 1;
	fields[h->level_lead - 1].len = k - 2;
	while (k < m->len && is_blank(line[m->off + k]))
		k++;
	m->off += k;
	m->len -= k;
}

int ds_header_split_label(const struct ds_header *h, const char *line, size_t len, struct ds_span *fields,
			  struct ds_span *label)
{
	if (label)
		label->off = label->len = 0;
	if (!h->has_label)
		return split_into(h, line, len, fields);
	/* the label's span has a slot past the columns, which callers' arrays
	 * need not have */
	struct ds_span all[DS_HEADER_MAX_FIELDS + 1];
	int ok = split_into(h, line, len, all);
	memcpy(fields, all, h->nf * sizeof *fields);
	if (ok && label)
		*label = all[LABEL_SLOT];
	return ok;
}

int ds_header_split(const struct ds_header *h, const char *line, size_t len, struct ds_span *fields)
{
	return h->has_label ? ds_header_split_label(h, line, len, fields, NULL) : split_into(h, line, len, fields);
}

/* ds_header_split into fields[0..nf), and fields[LABEL_SLOT] when the
 * header has a label. */
static int split_into(const struct ds_header *h, const char *line, size_t len, struct ds_span *fields)
{
	size_t a = 0;
	while (a < len && is_blank(line[a]))
		a++;
	while (len > a && is_blank(line[len - 1]))
		len--;
	for (size_t k = 0; k < h->nf; k++)
		fields[k].off = fields[k].len = 0;
	if (h->has_label)
		fields[LABEL_SLOT].off = fields[LABEL_SLOT].len = 0;
	struct mctx c = {h, line, len, fields, STEP_BUDGET, SIZE_MAX};
	if (!match_from(&c, 0, a)) {
		/* A line without the header's later fields ("[time] [notice]
		 * message" among "[time] [error] [client ...] message") keeps
		 * what it has up to its time at least: the header is cut at the
		 * latest element that lets it fit, the rest is its message. */
		size_t first_time = SIZE_MAX;
		for (size_t e = 0; e < h->nel && first_time == SIZE_MAX; e++)
			if (h->el[e].is_field && h->el[e].kind == FK_TIME) /* a stamp, not a user's lazy <time> */
				first_time = e;
		int fit = 0;
		for (size_t e = h->nel - 1; !fit && first_time != SIZE_MAX && e > first_time && c.budget > 0; e--) {
			for (size_t k = 0; k < h->nf; k++)
				fields[k].off = fields[k].len = 0;
			if (h->has_label)
				fields[LABEL_SLOT].off = fields[LABEL_SLOT].len = 0;
			c.cut = e;
			fit = match_from(&c, 0, a);
		}
		if (!fit) {
			for (size_t k = 0; k < h->nf; k++)
				fields[k].off = fields[k].len = 0;
			if (h->has_label)
				fields[LABEL_SLOT].off = fields[LABEL_SLOT].len = 0;
			return 0;
		}
	}
	if (h->level_lead)
		lead_level(h, line, fields);
	for (size_t k = 1; k < h->nf; k++)
		if (h->f[k].join_prev && fields[k].len && fields[k - 1].len) {
			size_t end = fields[k].off + fields[k].len;
			fields[k].off = fields[k - 1].off;
			fields[k].len = end - fields[k].off;
		}
	for (size_t k = 0; k + 1 < h->nf; k++)
		if (h->f[k].clock_next && fields[k].len && fields[k + 1].len)
			fields[k].len = fields[k + 1].off + fields[k + 1].len - fields[k].off;
	for (size_t k = 0; k < h->nf; k++) {
		size_t z = h->f[k].zone_field;
		if (z && fields[k].len && fields[z - 1].len)
			fields[k].len = fields[z - 1].off + fields[z - 1].len - fields[k].off;
	}
	return 1;
}

/* Seconds into the day of a whole clock, "H:MM", "HH:MM:SS" or
 * "HH:MM:SS.fff" (1 to 9 digits of fraction); 0 when s[0..n) is not one. */
static int clock_of(const char *s, size_t n, double *secs)
{
	size_t i = 0;
	int part[3] = {0, 0, 0}, np = 0;
	while (np < 3) {
		size_t d = i;
		while (i < n && is_digit(s[i]) && i - d < 2)
			part[np] = part[np] * 10 + (s[i++] - '0');
		if (i == d || (np > 0 && i - d != 2))
			return 0;
		np++;
		if (i >= n || s[i] != ':' || np == 3)
			break;
		i++;
	}
	if (np < 2 || part[0] > 23 || part[1] > 59 || part[2] > 60)
		return 0;
	double frac = 0, scale = 0.1;
	if (np == 3 && i + 1 < n && s[i] == '.') {
		size_t d = ++i;
		for (; i < n && is_digit(s[i]) && i - d < 9; i++, scale /= 10)
			frac += (s[i] - '0') * scale;
		if (i == d)
			return 0;
	}
	if (i != n)
		return 0;
	*secs = part[0] * 3600.0 + part[1] * 60.0 + part[2] + frac;
	return 1;
}

/* The clock at the end of a joined date's span (see clock_next): the
 * longest tail of digits, ':' and '.', perhaps in double quotes (a word
 * field keeps a key=value's quotes); join_clocks makes sure the text
 * before the clock does not end in one of those. */
static int tail_clock(const char *s, size_t n, size_t from, double *secs)
{
	int quoted = n > from + 1 && s[n - 1] == '"';
	n -= (size_t)quoted;
	size_t a = n;
	while (a > from && (is_digit(s[a - 1]) || s[a - 1] == ':' || s[a - 1] == '.'))
		a--;
	if (a == from || (quoted && s[a - 1] != '"'))
		return 0;
	return clock_of(s + a, n - a, secs);
}

/* A UTC offset written alone, perhaps in double quotes: "+0200",
 * "-08:00", "+05:30", "+02". 1 with *minutes east of UTC, else 0. */
static int offset_value(const char *s, size_t n, int *minutes)
{
	/* (a quoted value's closing quote may be the header's literal, left
	 * out of the span) */
	if (n >= 2 && s[n - 1] == '"')
		n--;
	if (n >= 1 && s[0] == '"') {
		s++;
		n--;
	}
	if (n < 3 || (s[0] != '+' && s[0] != '-') || !is_digit(s[1]) || !is_digit(s[2]))
		return 0;
	int hh = (s[1] - '0') * 10 + (s[2] - '0'), mm = 0;
	size_t i = 3;
	if (i < n && s[i] == ':')
		i++;
	if (i < n) {
		if (i + 2 != n || !is_digit(s[i]) || !is_digit(s[i + 1]))
			return 0;
		mm = (s[i] - '0') * 10 + (s[i + 1] - '0');
	} else if (i != 3) {
		return 0;
	}
	if (hh > 14 || mm > 59)
		return 0;
	*minutes = (s[0] == '-' ? -1 : 1) * (hh * 60 + mm);
	return 1;
}

/* The stamp of a span that reaches over its zone's field (zone_field):
 * the stamp at its start, its clock after it when the date's clock is
 * the next field (clock_next: the first digits after the date), less
 * the offset at the span's end. */
static int parse_zoned(const struct ds_header *h, size_t i, const char *s, size_t n, int default_year, double *out)
{
	size_t a = n;
	int minutes;
	while (a > 0 && !is_blank(s[a - 1]) && s[a - 1] != '=')
		a--;
	if (a == 0 || !offset_value(s + a, n - a, &minutes))
		return 0;
	unsigned form = h->f[i].form;
	size_t len = form ? ll_stamp_parse_form(form, s, a, default_year, out)
			  : ll_stamp_scan(s, a, default_year, 1, NULL, out);
	if (!len)
		return 0;
	if (h->f[i].clock_next) {
		size_t c = len, e;
		double secs;
		while (c < a && !is_digit(s[c]))
			c++;
		for (e = c; e < a && (is_digit(s[e]) || s[e] == ':' || s[e] == '.'); e++)
			;
		if (e > c && clock_of(s + c, e - c, &secs))
			*out += secs;
	}
	*out -= minutes * 60.0;
	return 1;
}

int ds_header_parse_time(const struct ds_header *h, size_t i, const char *s, size_t n, int default_year,
			 double *out)
{
	if (i >= h->nf || n == 0)
		return 0;
	if (h->f[i].zone_field && parse_zoned(h, i, s, n, default_year, out))
		return 1;
	unsigned form = h->f[i].form;
	size_t len = form ? ll_stamp_parse_form(form, s, n, default_year, out)
			  : ll_stamp_scan(s, n, default_year, 1, NULL, out);
	if (len == n)
		return 1;
	/* a date with its clock; a clock that is not one leaves the date,
	 * as a line without the clock field has it */
	double secs;
	if (h->f[i].clock_next && len) {
		if (tail_clock(s, n, len, &secs))
			*out += secs;
		return 1;
	}
	return !form && ll_time_parse_year(s, n, default_year, out);
}

/* ---- building ---- */

static struct ds_header *header_new(void)
{
	return calloc(1, sizeof(struct ds_header));
}

static int push_elem(struct ds_header *h, const struct elem *e)
{
	struct elem *v = realloc(h->el, (h->nel + 1) * sizeof *v);
	if (!v)
		return LL_ENOMEM;
	h->el = v;
	h->el[h->nel++] = *e;
	return LL_OK;
}

/* Appends literal text, joining it to a literal before it. */
static int push_lit(struct ds_header *h, const char *s, size_t n)
{
	if (!n)
		return LL_OK;
	if (h->nel && !h->el[h->nel - 1].is_field) {
		struct elem *l = &h->el[h->nel - 1];
		char *p = realloc(l->lit, l->litlen + n + 1);
		if (!p)
			return LL_ENOMEM;
		memcpy(p + l->litlen, s, n);
		l->litlen += n;
		p[l->litlen] = '\0';
		l->lit = p;
		return LL_OK;
	}
	struct elem e = {0};
	e.lit = malloc(n + 1);
	if (!e.lit)
		return LL_ENOMEM;
	memcpy(e.lit, s, n);
	e.lit[n] = '\0';
	e.litlen = n;
	e.pid_field = SIZE_MAX;
	if (push_elem(h, &e) != LL_OK) {
		free(e.lit);
		return LL_ENOMEM;
	}
	return LL_OK;
}

/* Adds a field; with_elem also appends the element that matches it (a
 * program's pid is matched by the program's element). */
/* Puts field slot's name (a copy) and, with with_elem, the element that
 * matches it; label marks a user's <label>. */
static int field_slot(struct ds_header *h, size_t slot, const char *name, size_t nlen, enum fkind kind,
		      enum ll_coltype type, unsigned form, int with_elem, int label)
{
	char *p = malloc(nlen + 1);
	if (!p)
		return LL_ENOMEM;
	memcpy(p, name, nlen);
	p[nlen] = '\0';
	struct elem e = {0};
	e.is_field = 1;
	e.field = slot;
	e.pid_field = SIZE_MAX;
	e.kind = kind;
	e.label = label;
	if (with_elem && push_elem(h, &e) != LL_OK) {
		free(p);
		return LL_ENOMEM;
	}
	h->f[slot] = (struct hfield){p, type, form, 0, 0, 0};
	return LL_OK;
}

static int push_field(struct ds_header *h, const char *name, size_t nlen, enum fkind kind, enum ll_coltype type,
		      unsigned form, size_t *index, int with_elem)
{
	if (h->nf >= DS_HEADER_MAX_FIELDS)
		return LL_EUSAGE;
	int rc = field_slot(h, h->nf, name, nlen, kind, type, form, with_elem, 0);
	if (rc != LL_OK)
		return rc;
	if (index)
		*index = h->nf;
	h->nf++;
	return LL_OK;
}

/* Appends s to a growing string; returns LL_ENOMEM. */
static int append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 64;
		while (c < *len + n + 1)
			c *= 2;
		char *p = realloc(*buf, c);
		if (!p)
			return LL_ENOMEM;
		*buf = p;
		*cap = c;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return LL_OK;
}

/* The pattern text of an inferred header: literals escaped, fields named. */
static int render(struct ds_header *h)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = LL_OK;
	for (size_t i = 0; i < h->nel && rc == LL_OK; i++) {
		const struct elem *e = &h->el[i];
		if (!e->is_field) {
			for (size_t k = 0; k < e->litlen && rc == LL_OK; k++) {
				char ch = e->lit[k];
				if (ch == '<' || ch == '>' || ch == '\\')
					rc = append(&buf, &len, &cap, "\\", 1);
				if (rc == LL_OK)
					rc = append(&buf, &len, &cap, &ch, 1);
			}
			continue;
		}
		const char *nm = h->f[e->field].name;
		/* the run most lines write: compiled again, a literal */
		for (int k = 0; e->kind == FK_FRAMED && k < e->close && rc == LL_OK; k++)
			rc = append(&buf, &len, &cap, &e->open, 1);
		if (rc == LL_OK)
			rc = append(&buf, &len, &cap, "<", 1);
		if (rc == LL_OK)
			rc = append(&buf, &len, &cap, nm, strlen(nm));
		if (rc == LL_OK && e->kind == FK_OPT)
			rc = append(&buf, &len, &cap, "?", 1);
		if (rc == LL_OK)
			rc = append(&buf, &len, &cap, ">", 1);
		for (int k = 0; e->kind == FK_FRAMED && k < e->close && rc == LL_OK; k++)
			rc = append(&buf, &len, &cap, &e->open, 1);
		if (rc == LL_OK && e->kind == FK_PROGRAM) {
			if (e->pid_field != SIZE_MAX) {
				const char *pn = h->f[e->pid_field].name;
				rc = append(&buf, &len, &cap, "[<", 2);
				if (rc == LL_OK)
					rc = append(&buf, &len, &cap, pn, strlen(pn));
				if (rc == LL_OK)
					rc = append(&buf, &len, &cap, ">]", 2);
			}
			if (rc == LL_OK)
				rc = append(&buf, &len, &cap, ":", 1);
		}
	}
	if (rc != LL_OK || !buf) {
		free(buf);
		return LL_ENOMEM;
	}
	h->text = buf;
	return LL_OK;
}

/* ---- compiling a user's pattern ---- */

static int name_is(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcasecmp(name, *list) == 0)
			return 1;
	return 0;
}

static const char *const TIME_NAMES[] = {"time", "timestamp", "datetime", "date", NULL};

/* A time's name, or one with a number after it: inference names a second
 * time field "time2", and its own pattern must compile back. */
static int is_time_name(const char *name)
{
	size_t n = strlen(name);
	while (n > 0 && is_digit(name[n - 1]))
		n--;
	for (const char *const *t = TIME_NAMES; *t; t++)
		if (strlen(*t) == n && strncasecmp(name, *t, n) == 0)
			return 1;
	return 0;
}
static const char *const MESSAGE_NAMES[] = {"message", "content", "msg", "text", "log", NULL};
static const char *const PROGRAM_NAMES[] = {"component", "program", "process", "comp", "app", NULL};

/* A user's <label> (or <label?>): the class of the line, as the first
 * token of a BGL line is; a word, since labelled formats keep classes to
 * one. It is matched as a field but kept in its own slot, not a column. */
static int push_label(struct ds_header *h, const char *name, size_t nlen, int opt)
{
	int rc = field_slot(h, LABEL_SLOT, name, nlen, opt ? FK_OPT : FK_WORD, LL_COL_TEXT, 0, 1, 1);
	if (rc == LL_OK)
		h->has_label = 1;
	return rc;
}

/* "<component>[<pid>]:" in a user's pattern: a program with an optional pid. */
static void fold_programs(struct ds_header *h)
{
	for (size_t i = 0; i + 3 < h->nel; i++) {
		struct elem *a = &h->el[i], *b = &h->el[i + 1], *p = &h->el[i + 2], *d = &h->el[i + 3];
		if (!a->is_field || a->kind != FK_TEXT || b->is_field || strcmp(b->lit, "[") != 0 || !p->is_field ||
		    p->field == LABEL_SLOT ||
		    d->is_field || d->litlen < 2 || memcmp(d->lit, "]:", 2) != 0 ||
		    !name_is(h->f[a->field].name, PROGRAM_NAMES))
			continue;
		a->kind = FK_PROGRAM;
		a->pid_field = p->field;
		free(b->lit);
		/* the pid's "]:" is the program's; what follows it stays */
		memmove(d->lit, d->lit + 2, d->litlen - 1);
		d->litlen -= 2;
		memmove(&h->el[i + 1], &h->el[i + 3], (h->nel - i - 3) * sizeof *h->el);
		h->nel -= 2;
		if (d->litlen == 0 && i + 1 < h->nel && !h->el[i + 1].is_field && h->el[i + 1].litlen == 0) {
			free(h->el[i + 1].lit);
			memmove(&h->el[i + 1], &h->el[i + 2], (h->nel - i - 2) * sizeof *h->el);
			h->nel--;
		}
	}
}

int ds_header_compile(const char *text, struct ds_header **out, struct ll_err *err)
{
	*out = NULL;
	if (!text)
		return ll_err_set(err, LL_EUSAGE, "header pattern: missing");
	struct ds_header *h = header_new();
	if (!h)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = LL_OK;
	const char *p = text;
	while (*p && is_blank(*p))
		p++;
	while (*p && rc == LL_OK) {
		if (*p == '<') {
			const char *q = p + 1;
			while (*q && *q != '>' && *q != '<')
				q++;
			if (*q != '>') {
				rc = ll_err_set(err, LL_EUSAGE, "header pattern \"%s\": '<' at byte %zu is not closed by '>'",
						text, (size_t)(p - text) + 1);
				break;
			}
			size_t nlen = (size_t)(q - p - 1);
			if (nlen == 0 || nlen > 64) {
				rc = ll_err_set(err, LL_EUSAGE, "header pattern \"%s\": field at byte %zu needs a name of 1 to 64 bytes",
						text, (size_t)(p - text) + 1);
				break;
			}
			for (size_t k = 0; k < nlen; k++)
				if (is_blank(p[1 + k]) || (unsigned char)p[1 + k] < 0x20) {
					rc = ll_err_set(err, LL_EUSAGE, "header pattern \"%s\": field name at byte %zu has a blank or control byte",
							text, (size_t)(p - text) + 1);
					break;
				}
			if (rc != LL_OK)
				break;
			/* a time delimits itself, before another field (glog's
			 * "<level><time>") or after one ("<time><message>", as
			 * inference writes for "16/02/2019 21:44:52,6.098,..."); other
			 * fields need text between them */
			/* "<name?>": a field some lines lack (with the blank after it) */
			int opt = nlen > 1 && p[nlen] == '?';
			nlen -= (size_t)opt;
			char nm[72];
			snprintf(nm, sizeof nm, "%.*s", (int)nlen, p + 1);
			const struct elem *prev = h->nel ? &h->el[h->nel - 1] : NULL;
			if (prev && prev->is_field && !is_time_name(nm) && !is_time_name(h->f[prev->field].name)) {
				rc = ll_err_set(err, LL_EUSAGE, "header pattern \"%s\": two fields with nothing between them at byte %zu",
						text, (size_t)(p - text) + 1);
				break;
			}
			for (size_t k = 0; k < h->nf; k++)
				if (strlen(h->f[k].name) == nlen && strncasecmp(h->f[k].name, p + 1, nlen) == 0) {
					rc = ll_err_set(err, LL_EUSAGE, "header pattern \"%s\": field <%.*s> appears twice", text,
							(int)nlen, p + 1);
					break;
				}
			if (rc != LL_OK)
				break;
			if (nlen == 5 && strncasecmp(p + 1, "label", 5) == 0) {
				if (h->has_label) {
					rc = ll_err_set(err, LL_EUSAGE, "header pattern \"%s\": a second <label> at byte %zu; a line has one class label",
							text, (size_t)(p - text) + 1);
					break;
				}
				rc = push_label(h, p + 1, nlen, opt);
				if (rc != LL_OK)
					rc = ll_err_set(err, rc, "out of memory");
				p = q + 1;
				continue;
			}
			if (nlen == 4 && strncasecmp(p + 1, "line", 4) == 0) {
				rc = ll_err_set(err, LL_EUSAGE, "header pattern \"%s\": <line> is the raw line's column; name the field otherwise", text);
				break;
			}
			int r = push_field(h, p + 1, nlen, opt ? FK_OPT : FK_TEXT, LL_COL_TEXT, 0, NULL, 1);
			if (r == LL_OK && opt)
				h->el[h->nel - 1].level_only = nlen == 5 && strncasecmp(p + 1, "level", 5) == 0;
			if (r == LL_EUSAGE)
				rc = ll_err_set(err, LL_EUSAGE, "header pattern \"%s\": more than %d fields", text,
						DS_HEADER_MAX_FIELDS);
			else if (r != LL_OK)
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			p = q + 1;
			continue;
		}
		char ch = *p;
		if (ch == '\\' && p[1])
			ch = *++p;
		else if (is_blank(ch)) {
			while (is_blank(p[1]))
				p++;
			ch = ' ';
		}
		/* blanks at the end of the pattern mean nothing */
		if (ch == ' ' && p[1] == '\0')
			break;
		if (push_lit(h, &ch, 1) != LL_OK)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		p++;
	}
	if (rc == LL_OK && h->nf == 0 && h->has_label)
		rc = ll_err_set(err, LL_EUSAGE, "header pattern \"%s\": <label> is the line's class; the pattern needs a field for its text too (e.g. '<label> <message>')",
				text);
	else if (rc == LL_OK && h->nf == 0)
		rc = ll_err_set(err, LL_EUSAGE, "header pattern \"%s\": no <field> in it (e.g. '<time> <level> <message>')",
				text);
	if (rc != LL_OK) {
		ds_header_free(h);
		return rc;
	}
	fold_programs(h);
	/* A single time-named field reads a whole stamp; the last field the rest. */
	size_t ntime = 0;
	for (size_t k = 0; k < h->nf; k++)
		ntime += name_is(h->f[k].name, TIME_NAMES);
	for (size_t i = 0; i < h->nel; i++) {
		struct elem *e = &h->el[i];
		if (!e->is_field || e->kind != FK_TEXT || !is_time_name(h->f[e->field].name))
			continue;
		/* beside another field only a stamp tells where the two part */
		int touching = (i > 0 && h->el[i - 1].is_field) || (i + 1 < h->nel && h->el[i + 1].is_field);
		if ((ntime == 1 && name_is(h->f[e->field].name, TIME_NAMES)) || touching)
			e->kind = FK_STAMP;
	}
	/* the field after an optional one ("<user?> <level>") is a word: were
	 * it any text, the line without the optional field and the line with
	 * it would both fit either way */
	for (size_t i = 0; i + 3 < h->nel; i++)
		if (h->el[i].is_field && h->el[i].kind == FK_OPT && h->el[i + 2].is_field && h->el[i + 2].kind == FK_TEXT)
			h->el[i + 2].kind = FK_WORD;
	struct elem *last = &h->el[h->nel - 1];
	if (last->is_field && last->kind == FK_TEXT)
		last->kind = FK_REST;
	h->msg = h->nf - 1;
	for (size_t k = 0; k < h->nf; k++)
		if (name_is(h->f[k].name, MESSAGE_NAMES)) {
			h->msg = k;
			break;
		}
	h->text = strdup(text);
	if (!h->text) {
		ds_header_free(h);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	*out = h;
	return LL_OK;
}

/* ---- sampling helpers ---- */

#define MAX_SAMPLE_LINES 4000
#define MAX_UNITS 12
#define HEAD_BYTES 400

/* Calls fn for each non-blank line of sample (trimmed), at most max; with
 * first_column, only for the lines that start in the first column. */
static size_t each_line(const char *sample, size_t n, size_t max, int first_column,
			void (*fn)(void *, const char *, size_t), void *ctx)
{
	size_t pos = 0, count = 0;
	const char *line;
	size_t len;
	while (count < max && ds_source_next_line(sample, n, &pos, &line, &len)) {
		if (first_column && !ds_header_at_margin(line, len))
			continue;
		while (len && is_blank(*line)) {
			line++;
			len--;
		}
		while (len && is_blank(line[len - 1]))
			len--;
		if (!len)
			continue;
		fn(ctx, line, len);
		count++;
	}
	return count;
}

struct typing {
	struct ds_header *h;
	int year;
	size_t lines, matched;
	size_t present[DS_HEADER_MAX_FIELDS], num[DS_HEADER_MAX_FIELDS], time[DS_HEADER_MAX_FIELDS];
};

static void type_line(void *ctx, const char *line, size_t len)
{
	struct typing *t = ctx;
	struct ds_span sp[DS_MAX_FIELDS];
	t->lines++;
	if (!ds_header_split(t->h, line, len, sp))
		return;
	t->matched++;
	for (size_t k = 0; k < t->h->nf; k++) {
		if (!sp[k].len)
			continue;
		double v;
		t->present[k]++;
		if (ll_parse_number(line + sp[k].off, sp[k].len, &v))
			t->num[k]++;
		if (ds_header_parse_time(t->h, k, line + sp[k].off, sp[k].len, t->year, &v))
			t->time[k]++;
	}
}

/* Types the fields from t's counts. */
static void assign_types(struct ds_header *h, const struct typing *t)
{
	for (size_t k = 0; k < h->nf; k++) {
		h->f[k].type = LL_COL_TEXT;
		if (k == h->msg || !t->present[k])
			continue;
		if (t->time[k] == t->present[k] && (name_is(h->f[k].name, TIME_NAMES) || t->num[k] < t->present[k]))
			h->f[k].type = LL_COL_TIME;
		else if (t->num[k] == t->present[k])
			h->f[k].type = LL_COL_NUM;
	}
}

/* The element index of field k, or h->nel. */
static size_t elem_of(const struct ds_header *h, size_t k)
{
	size_t i = 0;
	while (i < h->nel && !(h->el[i].is_field && h->el[i].field == k))
		i++;
	return i;
}

int ds_header_field_keyed(const struct ds_header *h, size_t i)
{
	size_t e = elem_of(h, i);
	if (e == 0 || e >= h->nel || h->el[e - 1].is_field)
		return 0;
	const char *lit = h->el[e - 1].lit;
	size_t n = h->el[e - 1].litlen;
	if (n && lit[n - 1] == '"')
		n--;
	return n > 1 && lit[n - 1] == '=';
}

/* Fields k-1 and k may be one stamp: the user named them date and time
 * (logparser's "<Date> <Time>"; yyMMdd HHmmss reads as two numbers), with
 * one blank between them. Other names keep their parts: "<when> <n>" may
 * well be a date and a count. */
static int time_pair(const struct ds_header *h, size_t k)
{
	static const char *const DATE[] = {"date", NULL}, *const TIME[] = {"time", NULL};
	if (!name_is(h->f[k - 1].name, DATE) || !name_is(h->f[k].name, TIME))
		return 0;
	size_t a = elem_of(h, k - 1), b = elem_of(h, k);
	return a < h->nel && b == a + 2 && !h->el[a + 1].is_field && h->el[a + 1].litlen == 1 &&
	       h->el[a + 1].lit[0] == ' ';
}

/* Counts, over a sample, of a date field k and the field after it. */
struct clocks {
	struct ds_header *h;
	int year;
	size_t k;
	size_t dates, date_only, clocks, clock_only, both;
	int lost; /* a date with more than a date, or a clock with more: no
		   * line after can make k a date and its clock, none is split */
};

static void clock_line(void *ctx, const char *line, size_t len)
{
	struct clocks *c = ctx;
	struct ds_span sp[DS_MAX_FIELDS];
	if (c->lost || !ds_header_split(c->h, line, len, sp))
		return;
	const struct ds_span *d = &sp[c->k], *t = &sp[c->k + 1];
	unsigned form;
	double v;
	if (d->len) {
		c->dates++;
		c->date_only += ll_stamp_scan(line + d->off, d->len, c->year, 0, &form, NULL) == d->len &&
				ll_stamp_form_has_date(form) && !ll_stamp_form_has_clock(form);
	}
	if (t->len) {
		/* a key=value's quotes are the word field's */
		size_t q = t->len > 2 && line[t->off] == '"' && line[t->off + t->len - 1] == '"';
		c->clocks++;
		c->clock_only += (size_t)clock_of(line + t->off + q, t->len - 2 * q, &v);
	}
	c->both += d->len && t->len;
	c->lost = c->date_only != c->dates || c->clock_only != c->clocks;
}

/* Lines of a sample tallied for a time field whose stamps read in two
 * orders (ll_stamp_form_twin): how many only in one, only in the other,
 * and how far the years of each reading lie from the file's. */
struct orders {
	const struct ds_header *h;
	int year;
	size_t k;
	unsigned form[2];
	size_t only[2];
	double distance[2];
};

static void order_line(void *ctx, const char *line, size_t len)
{
	struct orders *o = ctx;
	struct ds_span sp[DS_MAX_FIELDS];
	if (!ds_header_split(o->h, line, len, sp) || !sp[o->k].len)
		return;
	int ok[2];
	double v[2];
	for (int r = 0; r < 2; r++) {
		ok[r] = ll_stamp_parse_form(o->form[r], line + sp[o->k].off, sp[o->k].len, o->year, &v[r]) != 0;
		if (ok[r])
			o->distance[r] += fabs(v[r] / (365.2425 * 86400.0) + 1970.0 - o->year);
	}
	if (ok[0] != ok[1])
		o->only[ok[1]]++;
}

/* A time field whose stamps read both year first and month first
 * ("26/03/14" and "03/14/26"): the sample's values decide for the whole
 * file. A stamp that is a date in one order only settles it; when none
 * does, the order whose years lie nearer the file's year, said in the
 * header's note. Scanned with any form, the lines of either order split. */
static void settle_day_order(struct ds_header *h, const char *sample, size_t n, int year, int first_column)
{
	for (size_t k = 0; k < h->nf; k++) {
		unsigned twin = h->f[k].type == LL_COL_TIME ? ll_stamp_form_twin(h->f[k].form) : 0;
		if (!twin)
			continue;
		struct orders o = {h, year, k, {h->f[k].form < twin ? h->f[k].form : twin,
						h->f[k].form < twin ? twin : h->f[k].form}, {0, 0}, {0, 0}};
		h->f[k].form = 0;
		each_line(sample, n, MAX_SAMPLE_LINES, first_column, order_line, &o);
		int pick = o.only[0] != o.only[1] ? o.only[1] > o.only[0] : o.distance[1] < o.distance[0];
		h->f[k].form = o.form[pick];
		if (!o.only[0] && !o.only[1])
			snprintf(h->note, sizeof h->note, "no date settles the day order: read as %s (years nearer %d)",
				 ll_stamp_form_name(o.form[pick]), year);
	}
}

/* A field named level right before the message, in no element (its value
 * comes from elsewhere than the header's own match). */
static int level_before_message(struct ds_header *h)
{
	char *name = strdup("level");
	if (!name)
		return LL_ENOMEM;
	size_t at = h->msg;
	for (size_t k = h->nf; k > at; k--)
		h->f[k] = h->f[k - 1];
	h->f[at] = (struct hfield){name, LL_COL_TEXT, 0, 0, 0, 0};
	for (size_t e = 0; e < h->nel; e++) {
		if (h->el[e].is_field && h->el[e].field >= at)
			h->el[e].field++;
		if (h->el[e].is_field && h->el[e].pid_field != SIZE_MAX && h->el[e].pid_field >= at)
			h->el[e].pid_field++;
	}
	h->nf++;
	h->msg++;
	return LL_OK;
}

/* Whether the header has a time field and no level field: the headers a
 * level found beside the header (below it, or leading its message) adds
 * to. */
static int timed_without_level(const struct ds_header *h)
{
	int timed = 0;
	for (size_t k = 0; k < h->nf; k++) {
		if (strcasecmp(h->f[k].name, "level") == 0)
			return 0;
		timed |= h->f[k].type == LL_COL_TIME;
	}
	return timed;
}

/* Records of two lines whose level opens the second (java.util.logging's
 * SimpleFormatter: "Mar 14, 2026 9:26:10 AM com.x.Cls method", then
 * "INFO: message"): when three heads in four of the sample, and three at
 * least, are followed by such a line that is no head, the header gets a
 * level field before its message, filled from the line below (struct
 * ds_line_format's level_below). It is in no element: a head's own split
 * leaves it empty. */
static int level_below(struct ds_header *h, const char *sample, size_t n)
{
	if (h->nf >= DS_HEADER_MAX_FIELDS || h->msg >= h->nf)
		return LL_OK;
	if (!timed_without_level(h))
		return LL_OK;
	struct ds_span sp[DS_MAX_FIELDS];
	size_t pos = 0, heads = 0, below = 0, len, seen = 0;
	const char *line;
	int prev_head = 0;
	while (seen++ < MAX_SAMPLE_LINES && ds_source_next_line(sample, n, &pos, &line, &len)) {
		int head = ds_header_split(h, line, len, sp);
		if (prev_head) {
			heads++;
			below += !head && ds_header_level_line(line, len) != 0;
		}
		prev_head = head;
	}
	if (heads < 3 || below * 4 < heads * 3)
		return LL_OK;
	size_t at = h->msg;
	int rc = level_before_message(h);
	if (rc == LL_OK)
		h->level_below = at + 1;
	return rc;
}

/* A level written in brackets at the start of a bracket-free word ("[Note]
 * ...", "[ERROR] ..."): its length with the brackets when s[0..n) opens with
 * one and a blank or the end follows, else 0. Only words that are levels
 * in any log count: "[config]" or "[default]" open many a message. */
static size_t bracket_level(const char *s, size_t n)
{
	static const char *const vague[] = {"log", "config", "default", "fault", "fine", "finer", "finest", "verbose", NULL};
	if (n < 5 || s[0] != '[')
		return 0;
	size_t j = 1;
	while (j < n && j < 16 && isalpha((unsigned char)s[j]))
		j++;
	if (j >= n || s[j] != ']' || j - 1 < 3 || !is_level(s + 1, j - 1) || (j + 1 < n && !is_blank(s[j + 1])))
		return 0;
	for (const char *const *v = vague; *v; v++)
		if (strlen(*v) == j - 1 && strncasecmp(*v, s + 1, j - 1) == 0)
			return 0;
	return j + 1;
}

/* Records whose message opens with a bracketed level on some lines and not
 * on others (MySQL 5.5's "161209 14:18:50 [Note] ..." beside its InnoDB
 * lines, which write none): too few for a header field, which three lines
 * in four must fill, but a level where it is written. When two heads of the
 * sample at least, and one in ten, open their message so, the header gets
 * a level field before its message, filled from there (h->level_lead); the
 * others leave it empty. */
static int level_lead(struct ds_header *h, const char *sample, size_t n)
{
	if (h->nf >= DS_HEADER_MAX_FIELDS || h->msg >= h->nf || h->level_below)
		return LL_OK;
	if (!timed_without_level(h))
		return LL_OK;
	struct ds_span sp[DS_MAX_FIELDS];
	size_t pos = 0, heads = 0, leads = 0, len, seen = 0;
	const char *line;
	while (seen++ < MAX_SAMPLE_LINES && ds_source_next_line(sample, n, &pos, &line, &len))
		if (ds_header_split(h, line, len, sp)) {
			heads++;
			leads += bracket_level(line + sp[h->msg].off, sp[h->msg].len) != 0;
		}
	if (leads < 2 || leads * 10 < heads)
		return LL_OK;
	size_t at = h->msg;
	int rc = level_before_message(h);
	if (rc == LL_OK)
		h->level_lead = at + 1;
	return rc;
}

/* A time field of dates alone followed by a field of clocks alone, with
 * only literal text between them ("date=2021-12-28 time=15:26:47", its
 * values quoted or not, or a date and a clock two blanks apart) is one
 * time: read as parts, the date alone would put every row at midnight.
 * The date's field gets the clock (its span reaches over it, clock_next);
 * the clock stays a field of its own, as text, so the pattern and its
 * columns are the same and only the time is whole. The text between must
 * not end in a digit, ':' or '.', which would blur where the clock starts. */
static void join_clocks(struct ds_header *h, const char *sample, size_t n, int year, int first_column)
{
	for (size_t k = 0; k + 1 < h->nf; k++) {
		if (h->f[k].type != LL_COL_TIME || k + 1 == h->msg || h->f[k].join_prev || h->f[k + 1].join_prev ||
		    (k > 0 && h->f[k - 1].clock_next))
			continue;
		size_t a = elem_of(h, k), b = elem_of(h, k + 1);
		if (a >= h->nel || b != a + 2 || h->el[a + 1].is_field || !h->el[a + 1].litlen)
			continue;
		char last = h->el[a + 1].lit[h->el[a + 1].litlen - 1];
		if (is_digit(last) || last == ':' || last == '.')
			continue;
		struct clocks c = {h, year, k, 0, 0, 0, 0, 0, 0};
		each_line(sample, n, MAX_SAMPLE_LINES, first_column, clock_line, &c);
		if (!c.both || c.date_only != c.dates || c.clock_only != c.clocks)
			continue;
		h->f[k].clock_next = 1;
		h->f[k + 1].type = LL_COL_TEXT;
	}
}

/* Lines of a sample tallied for a time field k and a later field z that
 * may give its UTC offset (join_zones). */
struct zones {
	const struct ds_header *h;
	size_t k;
	size_t times, zoneless; /* once they differ, no field is k's zone:
				 * the lines after are not split */
	uint8_t cand[DS_HEADER_MAX_FIELDS]; /* the later fields tallied */
	size_t open; /* candidates with no other value yet (once none is
		      * left, none can be the zone: no line is split) */
	size_t offsets[DS_HEADER_MAX_FIELDS], others[DS_HEADER_MAX_FIELDS];
};

static void zone_line(void *ctx, const char *line, size_t len)
{
	struct zones *c = ctx;
	struct ds_span sp[DS_MAX_FIELDS];
	if (c->zoneless != c->times || !c->open || !ds_header_split(c->h, line, len, sp) || !sp[c->k].len)
		return;
	const struct ds_span *t = &sp[c->k];
	c->times++;
	/* the stamp's own text ends with its clock's digits and carries no
	 * offset ("10:42:10", not "10:42:10Z", "10:42:10+02:00" or "UTC") */
	size_t tl = t->len;
	if (tl && line[t->off + tl - 1] == '"')
		tl--;
	struct ds_zone_scan zs;
	ds_zone_scan(line + t->off, tl, &zs);
	c->zoneless += tl && is_digit(line[t->off + tl - 1]) && !zs.zoned;
	int minutes;
	for (size_t z = c->k + 1; z < c->h->nf; z++)
		if (c->cand[z] && sp[z].len) {
			if (offset_value(line + sp[z].off, sp[z].len, &minutes))
				c->offsets[z]++;
			else
				c->open -= c->others[z]++ == 0;
		}
}

/* A time field whose stamps carry no zone, and a later field that holds
 * a UTC offset alone on nine lines in ten where the stamp is and nothing
 * else on any ("time=\"2019-06-21 10:42:10\" fw=... tz=+0200", FortiGate's
 * "date=... time=... tz=\"+0200\""): the stamp is read in that offset
 * (zone_field). A clock-only field and fields already joined are left. */
static void join_zones(struct ds_header *h, const char *sample, size_t n, int first_column)
{
	for (size_t k = 0; k < h->nf; k++) {
		if (h->f[k].type != LL_COL_TIME || k == h->msg || (k > 0 && h->f[k - 1].clock_next))
			continue;
		/* one pass over the sample tallies every candidate: the split
		 * of a line is the same whichever field is asked of it */
		struct zones c;
		memset(&c, 0, sizeof c);
		c.h = h;
		c.k = k;
		size_t ncand = 0;
		for (size_t z = k + 1 + (size_t)h->f[k].clock_next; z < h->nf; z++)
			if (z != h->msg && h->f[z].type != LL_COL_TIME && !h->f[z].join_prev) {
				c.cand[z] = 1;
				ncand++;
				c.open++;
			}
		if (ncand)
			each_line(sample, n, MAX_SAMPLE_LINES, first_column, zone_line, &c);
		for (size_t z = k + 1; z < h->nf; z++) {
			if (!c.cand[z] || c.times < 2 || c.zoneless != c.times || c.others[z] ||
			    c.offsets[z] * 10 < c.times * 9)
				continue;
			h->f[k].zone_field = z + 1;
			h->f[z].type = LL_COL_TEXT;
			if (!h->note[0])
				snprintf(h->note, sizeof h->note, "%s is read in the UTC offset of %s, shown in UTC",
					 h->f[k].name, h->f[z].name);
			return;
		}
		return; /* the first time field only */
	}
}

void ds_header_type_fields(struct ds_header *h, const char *sample, size_t n, int default_year)
{
	struct typing t;
	memset(&t, 0, sizeof t);
	t.h = h;
	t.year = default_year;
	each_line(sample, n, MAX_SAMPLE_LINES, 0, type_line, &t);
	assign_types(h, &t);
	/* "<Date> <Time>": read as parts, the date alone would be the time of
	 * every row. When the two read together as stamps on every sampled
	 * line, the second field spans both and the first is text. */
	int joined = 0;
	for (size_t k = 1; k < h->nf; k++)
		if (time_pair(h, k) && !h->f[k - 1].join_prev) {
			h->f[k].join_prev = 1;
			joined = 1;
		}
	if (!joined) {
		join_clocks(h, sample, n, default_year, 0);
		join_zones(h, sample, n, 0);
		return;
	}
	struct typing u;
	memset(&u, 0, sizeof u);
	u.h = h;
	u.year = default_year;
	each_line(sample, n, MAX_SAMPLE_LINES, 0, type_line, &u);
	for (size_t k = 1; k < h->nf; k++) {
		if (!h->f[k].join_prev)
			continue;
		if (u.present[k] && u.time[k] == u.present[k]) {
			h->f[k - 1].type = LL_COL_TEXT;
			h->f[k].type = LL_COL_TIME;
		} else
			h->f[k].join_prev = 0; /* they do not make one stamp: parts, as before */
	}
	join_clocks(h, sample, n, default_year, 0);
	join_zones(h, sample, n, 0);
}

/* ---- inference ---- */

enum ukind { U_NONE, U_TIME, U_LEVEL, U_PROGRAM, U_BRACKET, U_WORD, U_NUM, U_DASH, U_KV, U_SOURCE, U_PUNCT, U_CEF, U_NKINDS };
enum uclass { C_NONE, C_TIME, C_LEVEL, C_PROGRAM, C_BRACKET, C_TOKEN, C_SOURCE, C_CEF, C_NCLASSES };
/* S_PIPEB: a pipe glued to the unit before it, blanks after (Squid's
 * "2026/12/04 10:00:01.123 kid1| ..."), which "|" alone would not match */
/* S_KVCOMMA: a comma between key=value pairs with no blank
 * ("user=app,db=shop,client=[local]") */
/* S_CLIST: the colons of fields joined by colons after the time
 * ("<time>:<host>:<user>:[<pid>]:<level>:", colon_list) */
/* S_DCOLON: "::" between fields, as oVirt's vdsm writes its header
 * ("MainThread::INFO::2011-12-05 07:04:56,101::vdsm::71::vds::(run) ...") */
enum usep { S_END, S_BLANK, S_WIDE, S_PIPE, S_SPIPE, S_COMMA, S_COLON, S_GLUED, S_NONE, S_SEMI, S_PIPEB, S_KVCOMMA,
	    S_CLIST, S_DCOLON, S_NSEPS };

struct unit {
	uint8_t kind, sep, open, pid;
	uint8_t pre, post; /* U_TIME inside a token (paren_stamp): its prefix's length; post 1: ":<id>" follows */
	uint8_t clock;     /* U_BRACKET holding seconds with a fraction ("[   12.345678]"), or U_NUM that
			    * is such seconds ended by a colon (a JVM's uptime, "1.234: [GC ...") */
	uint8_t pid_level; /* U_PROGRAM whose bracket holds a level word, not a pid ("util.py[DEBUG]:") */
	uint8_t named;     /* U_LEVEL behind a name: the separator, ':' or '.' ("[core:error]", "local.ERROR:") */
	uint8_t pairs;     /* U_BRACKET of words each before a number ("[pid 12:tid 34]"): how many */
	uint8_t opens, closes; /* the first and the last unit inside a bracket of several ("[<time> <level> <component>]") */
	uint8_t name_after; /* U_LEVEL named by '/' with the name after it ("[<time>: INFO/MainProcess]") */
	uint8_t digits;    /* U_BRACKET of digits alone ("[4983]"; post 1: a ':' follows, "[4983]:"),
			    * U_PROGRAM whose bracket is ("sshd[4983]:"), or U_WORD that is a name
			    * and such a bracket with no colon after it ("proftpd[4410]") */
	uint8_t caps;      /* U_PROGRAM that is an upper-case word ("DETAIL:") */
	uint8_t spaced;    /* U_LEVEL with a verbosity after a blank ("debug 1:") */
	uint8_t glue;      /* U_NUM glued to an id: the joiner's offset ("25960:M", "29253#29253:"; post 1: its colon) */
	uint8_t framed;    /* U_BRACKET of digits between runs of a mark ("==4983==", framed_number): the run's length */
	uint16_t form;
	uint32_t key; /* U_KV: hash of the key; U_PUNCT: of the token */
	uint16_t off, len;
};

static enum uclass class_of(unsigned kind)
{
	switch (kind) {
	case U_TIME: return C_TIME;
	case U_LEVEL: return C_LEVEL;
	case U_PROGRAM: return C_PROGRAM;
	case U_BRACKET: return C_BRACKET;
	case U_SOURCE: return C_SOURCE;
	case U_CEF: return C_CEF;
	case U_NONE: return C_NONE;
	default: return C_TOKEN;
	}
}

static const char *const LEVELS[] = {
	"trace", "debug", "dbg",    "info",     "information", "informational", "notice", "note",   "warn",
	"warning", "error", "err",  "severe",   "fatal",       "critical",      "crit",   "alert",  "emerg",
	"emergency", "panic", "fine", "finer",  "finest",      "config",        "verbose", "log",
	/* Apple's unified log (log show: Default, Info, Debug, Error, Fault)
	 * and Google Cloud Logging's DEFAULT severity */
	"default", "fault",
	/* three letters a level, as console sinks of structured loggers
	 * write them ("[09:26:10 INF]", "WRN", "FTL", "VRB", "TRC") */
	"inf", "wrn", "ftl", "vrb", "trc", NULL};

/* A level word: one of LEVELS (any case), or a lone logcat letter. */
static int is_level(const char *s, size_t n)
{
	if (n == 1)
		return strchr("VDIWEFA", s[0]) != NULL;
	/* a level and a digit: Slurm's "debug2" .. "debug5" */
	if (n > 3 && is_digit(s[n - 1]) && !is_digit(s[n - 2]))
		n--;
	if (n > 13)
		return 0;
	char w[16];
	for (size_t k = 0; k < n; k++) {
		if (!isalpha((unsigned char)s[k]))
			return 0;
		w[k] = (char)tolower((unsigned char)s[k]);
	}
	w[n] = '\0';
	/* the first letter before the whole word: this runs at every word
	 * of every sampled line */
	for (const char *const *l = LEVELS; *l; l++)
		if ((*l)[0] == w[0] && strcmp(w, *l) == 0)
			return 1;
	return 0;
}

static char closer(char open)
{
	return open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : open == '<' ? '>' : 0;
}

/* A level behind a name, with no blank: "core:error" (Apache 2.4's module
 * and level), "production.ERROR" (Monolog's channel and level). The name
 * may be empty (mod_php's ":error"); "log" after a dot is a file's
 * extension, not a level. Returns the separator, else 0. */
static int named_level(const char *s, size_t n)
{
	size_t k = n;
	while (k > 0 && s[k - 1] != ':' && s[k - 1] != '.')
		k--;
	if (k == 0 || n - k < 2 || !is_level(s + k, n - k))
		return 0;
	if (s[k - 1] == '.' && (k == 1 || (n - k == 3 && strncasecmp(s + k, "log", 3) == 0)))
		return 0;
	for (size_t q = 0; q + 1 < k; q++)
		if (!(isalnum((unsigned char)s[q]) || s[q] == '_' || s[q] == '-' || s[q] == '.'))
			return 0;
	return s[k - 1];
}

/* In a bracket, a thread's name and the level after a slash, the name
 * blanks and all: log4j's "%t/%level" ("[Server thread/INFO]", "[main/WARN]").
 * Returns '/', else 0. */
static int thread_level(const char *s, size_t n)
{
	const char *slash = NULL;
	for (size_t q = 0; q < n; q++)
		if (s[q] == '/')
			slash = s + q;
	if (!slash || slash == s || n - (size_t)(slash + 1 - s) < 2 || !is_level(slash + 1, n - (size_t)(slash + 1 - s)))
		return 0;
	for (const char *q = s; q < slash; q++)
		if (!(isalnum((unsigned char)*q) || *q == '_' || *q == '-' || *q == '.' || *q == ' ' || *q == '#'))
			return 0;
	return is_blank(slash[-1]) || is_blank(s[0]) ? 0 : '/';
}

/* Words each before a number, set apart by ':', ',' or a blank ("pid
 * 1234:tid 140234" of Apache 2.4, "pid 42"): how many pairs (up to four),
 * else 0; *shape a hash of the words and separators, which a column of
 * such brackets shares. */
static int number_pairs(const char *s, size_t n, uint32_t *shape)
{
	size_t i = 0;
	int pairs = 0;
	uint32_t h = 2166136261u;
	while (i < n && pairs < 4) {
		size_t w = i;
		while (i < n && isalpha((unsigned char)s[i]) && i - w < 16)
			i++;
		if (i == w || i >= n || s[i] != ' ')
			return 0;
		for (size_t q = w; q <= i; q++)
			h = (h ^ (unsigned char)s[q]) * 16777619u;
		size_t d = ++i;
		while (i < n && is_digit(s[i]) && i - d < 20)
			i++;
		if (i == d)
			return 0;
		pairs++;
		if (i == n)
			break;
		if (s[i] != ':' && s[i] != ',' && s[i] != ' ')
			return 0;
		h = (h ^ (unsigned char)s[i]) * 16777619u;
		i++;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (i != n)
		return 0;
	*shape = h ? h : 1;
	return pairs;
}

/* The balanced close of the bracket at s[i], within limit bytes; n when none. */
static size_t find_close(const char *s, size_t n, size_t i, size_t limit)
{
	char open = s[i], close = closer(open);
	int depth = 0;
	for (size_t j = i; j < n && j - i < limit; j++) {
		if (s[j] == open)
			depth++;
		else if (s[j] == close && --depth == 0)
			return j;
	}
	return n;
}

static uint32_t hash32(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h ? h : 1;
}

/* A key=value token: the key's length, else 0. */
static size_t kv_key(const char *s, size_t n)
{
	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t k = 1; k < n && k < 40; k++) {
		char c = s[k];
		if (c == '=')
			return k;
		if (!(isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 0;
}

/* 1 when a pair's key names a time (ds_csv_time_name, ds_csv_event_name:
 * "ts", "timestamp", "start"): only then may a bare number be an epoch. A
 * version, an id or a counter of nine or ten digits ("logver=702081639",
 * "sessionid=1074259404") would otherwise date every line decades off. */
static int kv_key_names_time(const char *key, size_t n)
{
	char name[48];
	if (n >= sizeof name)
		return 0;
	memcpy(name, key, n);
	name[n] = '\0';
	return ds_csv_time_name(name) || ds_csv_event_name(name);
}

/* 1 when s[i] is a ',' that a blank and another key=value pair follow:
 * pairs joined by ", " ("type=LOGIN, realmId=web"). */
static int kv_comma_blank(const char *s, size_t n, size_t i)
{
	if (i + 1 >= n || s[i] != ',' || !is_blank(s[i + 1]))
		return 0;
	size_t j = i + 1;
	while (j < n && is_blank(s[j]))
		j++;
	size_t w = j;
	while (w < n && !is_blank(s[w]))
		w++;
	return j < n && kv_key(s + j, w - j) != 0;
}

/* a.b.c.d with 1-3 digits each. */
static int is_ipv4(const char *s, size_t n)
{
	int groups = 0;
	size_t i = 0;
	while (i < n && groups < 4) {
		size_t d = 0;
		while (i < n && is_digit(s[i]) && d < 4) {
			i++;
			d++;
		}
		if (d == 0 || d > 3)
			return 0;
		groups++;
		if (groups < 4) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	return groups == 4 && i == n;
}

/* 1 when a key names the message itself: the header ends before it. */
static int message_key(uint32_t key)
{
	static const char *const keys[] = {"msg", "message", "text", "log", "content", "body"};
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		if (key == hash32(keys[k], strlen(keys[k])))
			return 1;
	return 0;
}

/* A stamp inside a token, after a word and '(': audit's
 * "msg=audit(1569982736.753:640):". Returns the prefix's length (up to and
 * with the '('), else 0; *slen the stamp's, *post 1 when ":digits" (a
 * serial number) follows it. What follows must close the '(' with no
 * other digit. */
static size_t paren_stamp(const char *t, size_t tl, int year, unsigned *form, size_t *slen, int *post)
{
	const char *o = memchr(t, '(', tl < 40 ? tl : 40);
	if (!o || o == t)
		return 0;
	size_t pre = (size_t)(o - t) + 1;
	for (size_t k = 0; k + 1 < pre; k++)
		if (!(isalnum((unsigned char)t[k]) || t[k] == '=' || t[k] == '_' || t[k] == '-' || t[k] == '.'))
			return 0;
	size_t len = ll_stamp_scan(t + pre, tl - pre, year, 1, form, NULL), r = pre + len;
	if (!len)
		return 0;
	*post = 0;
	if (r + 1 < tl && (t[r] == ':' || t[r] == '.') && is_digit(t[r + 1])) {
		*post = 1;
		for (r++; r < tl && is_digit(t[r]); r++)
			;
	}
	if (r >= tl || t[r] != ')')
		return 0;
	for (size_t k = r; k < tl; k++)
		if (is_digit(t[k]) || isalpha((unsigned char)t[k]))
			return 0;
	*slen = len;
	return pre;
}

/* Python logging's default format, "%(levelname)s:%(name)s:%(message)s":
 * at a line's start a level word ended by a ':' that another ':' follows
 * in the same token, and then (after that level) a name without blanks up
 * to its ':'. After a stamp glued by a colon (after_time: "%(asctime)s:"
 * first) the same come one unit later. Returns 1 and the unit's length
 * in *len. */
static int glued_name(const char *t, size_t tl, size_t k, int prev_sep, int after_time, size_t *len)
{
	const char *c = tl > 2 ? memchr(t, ':', tl - 1) : NULL;
	if (!c || c == t)
		return 0;
	size_t a = (size_t)(c - t);
	size_t level_at = after_time ? 1 : 0;
	if (k == level_at) {
		if (!is_level(t, a) || (!after_time && !memchr(c + 1, ':', tl - a - 1)))
			return 0;
	} else if (k != level_at + 1 || prev_sep != S_GLUED) {
		return 0;
	}
	for (size_t q = 0; q < a; q++)
		if (t[q] == '[' || t[q] == '(' || t[q] == '"')
			return 0;
	*len = a;
	return 1;
}

/* A number between two runs of one mark, alike, then a blank or the
 * line's end: valgrind's "==4983== " (its tools' messages) and "--4983-- "
 * (its own), a process's id framed as brackets frame one elsewhere. The
 * run is two to four marks of "=-*#~+". Returns its length, else 0. */
#define FRAME_MARKS "=-*#~+"
static size_t framed_number(const char *s, size_t n)
{
	size_t r = 0;
	while (r < n && r < 5 && s[r] == s[0])
		r++;
	if (r < 2 || r > 4 || !strchr(FRAME_MARKS, s[0]) || s[0] == '\0')
		return 0;
	size_t d = r;
	while (d < n && d - r <= 10 && is_digit(s[d]))
		d++;
	if (d == r || d - r > 10 || d + r > n)
		return 0;
	for (size_t k = 0; k < r; k++)
		if (s[d + k] != s[0])
			return 0;
	return d + r == n || is_blank(s[d + r]) ? d + r : 0;
}

/* Cuts the start of a line into units; returns how many. */
/* "file.go:123]": a source file and line closed by a bracket that no
 * bracket opened, as glog/klog end their header. */
/* A short token of punctuation only ("---", ":", "-->"), other than the
 * lone dash U_DASH stands for (whose column may also hold words: "- -" of
 * web logs) and brackets or quotes, which open a value. */
static int lone_punct(const char *t, size_t tl)
{
	if (tl > 4 || (tl == 1 && t[0] == '-'))
		return 0;
	for (size_t k = 0; k < tl; k++)
		if (!ispunct((unsigned char)t[k]) || strchr("[](){}\"'`", t[k]))
			return 0;
	return tl > 0;
}

static int source_location(const char *t, size_t tl)
{
	if (tl < 5 || t[tl - 1] != ']' || memchr(t, '[', tl))
		return 0;
	size_t k = tl - 1;
	while (k > 0 && is_digit(t[k - 1]))
		k--;
	return k < tl - 1 && k >= 3 && t[k - 1] == ':' && memchr(t, '.', k - 1) != NULL;
}

/* 1 when t[0..tl) is a source file's name and line, "raft/node.go:709",
 * as loggers print their caller: a path whose last part is a name, one
 * '.' and an extension of lower-case letters, then a colon and digits.
 * An address and its port is none ("10.0.0.1:443", "db.example.org:5432":
 * digits or two dots in the last part). */
static int source_word(const char *t, size_t tl)
{
	size_t k = tl;
	while (k > 0 && is_digit(t[k - 1]))
		k--;
	if (k == tl || k < 4 || t[k - 1] != ':')
		return 0;
	size_t end = k - 1, base = end, dot = 0, dots = 0;
	while (base > 0 && t[base - 1] != '/')
		base--;
	for (size_t q = 0; q < end; q++) {
		if (!(isalnum((unsigned char)t[q]) || strchr("._-/", t[q])))
			return 0;
		if (q >= base && t[q] == '.') {
			dot = q;
			dots++;
		}
	}
	if (dots != 1 || dot == base || end - dot - 1 < 1 || end - dot - 1 > 5)
		return 0;
	for (size_t q = dot + 1; q < end; q++)
		if (t[q] < 'a' || t[q] > 'z')
			return 0;
	return 1;
}

/* 1 when t[0..n) is a name and its pid in brackets, glued and ending the
 * token ("proftpd[4410]"): letters, digits and . _ - / first, a letter
 * among them, then digits alone in the bracket. */
static int name_and_pid(const char *t, size_t n)
{
	if (n < 4 || t[n - 1] != ']')
		return 0;
	size_t b = n - 1;
	while (b > 0 && is_digit(t[b - 1]))
		b--;
	if (b == n - 1 || n - 1 - b > 10 || b < 2 || t[b - 1] != '[')
		return 0;
	int letter = 0;
	for (size_t k = 0; k + 1 < b; k++) {
		char c = t[k];
		int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		if (!alpha && !is_digit(c) && c != '.' && c != '_' && c != '-' && c != '/')
			return 0;
		letter |= alpha;
	}
	return letter;
}

/* Digits, a '#' or ':' and a run of letters and digits, perhaps ended by a
 * colon: "25960:M", "29253#29253:". The joiner's offset, else 0. After a
 * ':' the run holds a letter (no clock "12:30", no "host:port"). */
static size_t glued_number(const char *t, size_t tl)
{
	size_t d = 0;
	while (d < tl && d <= 10 && is_digit(t[d]))
		d++;
	if (d == 0 || d > 10 || d + 1 >= tl || (t[d] != '#' && t[d] != ':'))
		return 0;
	size_t e = t[tl - 1] == ':' ? tl - 1 : tl, letters = 0;
	if (e <= d + 1 || e - d - 1 > 20)
		return 0;
	for (size_t k = d + 1; k < e; k++) {
		if (!isalnum((unsigned char)t[k]))
			return 0;
		letters += isalpha((unsigned char)t[k]) != 0;
	}
	return t[d] == '#' || letters ? d : 0;
}

/* Two to twelve upper-case letters: a tag such as "DETAIL" or "HINT". */
static int upper_word(const char *s, size_t n)
{
	if (n < 2 || n > 12)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (s[k] < 'A' || s[k] > 'Z')
			return 0;
	return 1;
}

/* Fields joined by colons right after the time and ended by a level and
 * its colon, no blank among them (Amazon RDS's PostgreSQL prefix
 * "%t:%r:%u@%d:[%p]:", ":10.0.0.5(51234):app@shop:[4711]:LOG:"): the
 * token's length, else 0. Colons inside brackets or parentheses are the
 * fields' own; the level may be an upper-case tag ("DETAIL"). */
static size_t colon_list(const char *t, size_t n)
{
	size_t tl = 0, colons = 0, last = 0;
	int depth = 0;
	while (tl < n && !is_blank(t[tl]))
		tl++;
	if (tl < 4 || t[0] != ':' || t[tl - 1] != ':')
		return 0;
	for (size_t k = 0; k < tl; k++) {
		depth += t[k] == '[' || t[k] == '(';
		depth -= (t[k] == ']' || t[k] == ')') && depth > 0;
		if (t[k] == ':' && depth == 0) {
			colons++;
			if (k + 1 < tl)
				last = k + 1;
		}
	}
	return colons >= 3 && tl - 1 > last && (is_level(t + last, tl - 1 - last) || upper_word(t + last, tl - 1 - last))
		       ? tl
		       : 0;
}

/* "12.345678": seconds since some start (the kernel's boot, a process's
 * launch), written with a fraction, perhaps with their unit ("0.512s", a
 * JVM's unified logging); a plain integer in brackets is an id. */
static int is_seconds(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && is_digit(s[k]))
		k++;
	if (k == 0 || k + 2 > n || s[k] != '.')
		return 0;
	size_t f = ++k;
	while (k < n && is_digit(s[k]))
		k++;
	return (k == n || (k + 1 == n && s[k] == 's')) && k - f >= 3;
}

/* A bracket that holds a time and more of the header, "[2017-11-09T02:12:24Z
 * ERROR main]" (Rust's env_logger), "[DEBUG 2015-05-20 12:22:19 main]",
 * "[2024-06-26T17:00:04.497736 #126554]" (Ruby's Logger): t[0..n) is its
 * inside. It starts with a stamp and a blank (or a colon and a blank), or
 * a level word, blanks and a stamp, and holds no other bracket. The
 * length of its first unit (*level 1 when that is the level), else 0. */
static size_t opens_units(const char *t, size_t n, int year, int *level)
{
	if (memchr(t, '[', n))
		return 0;
	unsigned form;
	size_t len = ll_stamp_scan(t, n, year, 1, &form, NULL);
	/* Celery's "[2024-12-05 10:00:00,123: INFO/MainProcess]" */
	if (len && len + 1 < n && (is_blank(t[len]) || ((t[len] == ':' || t[len] == ',') && is_blank(t[len + 1])))) {
		size_t q = len + (t[len] == ':' || t[len] == ',');
		while (q < n && is_blank(t[q]))
			q++;
		*level = 0;
		return q < n ? len : 0;
	}
	size_t w = 0;
	while (w < n && !is_blank(t[w]))
		w++;
	/* (a level of one capital letter too: Tornado's and Jupyter's "[I
	 * 260314 09:26:10 web:2239]") */
	if ((w < 2 && !(w == 1 && isupper((unsigned char)t[0]))) || w == n || !is_level(t, w))
		return 0;
	size_t q = w;
	while (q < n && is_blank(t[q]))
		q++;
	*level = 1;
	return q < n && ll_stamp_scan(t + q, n - q, year, 1, &form, NULL) ? w : 0;
}

/* The length of a level word glued to a bracket that closes within the
 * token ("NOTICE[1405]", "VERBOSE[20599][C-0004]"), else 0. */
static size_t level_before_bracket(const char *t, size_t n)
{
	size_t w = 0;
	while (w < n && isalpha((unsigned char)t[w]))
		w++;
	return w >= 3 && w + 2 < n && t[w] == '[' && memchr(t + w, ']', n - w) && is_level(t, w) ? w : 0;
}

/* In a bracket of several units, a level word, a slash and a name
 * (a process or thread) that ends the bracket: Celery's "INFO/MainProcess",
 * the mirror of thread_level's "main/INFO". The level's length, else 0. */
static size_t level_before_slash(const char *t, size_t n)
{
	size_t w = 0;
	while (w < n && isalpha((unsigned char)t[w]))
		w++;
	if (w < 3 || w + 1 >= n || t[w] != '/' || !is_level(t, w))
		return 0;
	for (size_t q = w + 1; q < n; q++)
		if (!(isalnum((unsigned char)t[q]) || t[q] == '_' || t[q] == '-' || t[q] == '.'))
			return 0;
	return w;
}

/* 1 when the first token of s[0..n) (up to a blank; a stamp that opens
 * the line is part of it, blanks and all: "2024-07-20 12:27:52,797::WARNING::"
 * of Python's logging with "::" in its format) holds "::" twice, each
 * between two other characters: fields joined by "::" (S_DCOLON), where a
 * name qualified once ("Foo::bar:", "std::vector") is a word. */
static int dcolon_line(const char *s, size_t n, int year)
{
	int seps = 0;
	size_t stamp = ll_stamp_scan(s, n, year, 0, NULL, NULL);
	for (size_t i = stamp ? stamp : 1; i + 2 < n && !is_blank(s[i]); i++)
		if (s[i] == ':' && s[i + 1] == ':' && s[i - 1] != ':' && s[i + 2] != ':' && !is_blank(s[i + 2])) {
			seps++;
			i++;
		}
	return seps >= 2;
}

static size_t units_of(const char *s, size_t n, int year, struct unit *u)
{
	size_t i = 0, k = 0;
	int dcolon = dcolon_line(s, n, year);
	size_t inner_end = 0; /* inside a bracket of several units: its close */
	size_t clist_end = 0; /* inside fields joined by colons: the end of their token */
	if (n > HEAD_BYTES)
		n = HEAD_BYTES;
	size_t all = n;
	while (k < MAX_UNITS && i < all) {
		struct unit *x = &u[k];
		memset(x, 0, sizeof *x);
		size_t a = i, end;
		unsigned form = 0;
		int cef, lvl;
		/* inside such a bracket, units end at its close */
		n = inner_end ? inner_end : all;
		if (clist_end) {
			/* the next of the fields joined by colons, up to its colon:
			 * a pid in brackets, the level last, words (maybe empty) */
			size_t e = i;
			int depth = 0;
			while (e < clist_end && (s[e] != ':' || depth > 0)) {
				depth += s[e] == '[' || s[e] == '(';
				depth -= (s[e] == ']' || s[e] == ')') && depth > 0;
				e++;
			}
			int last = e + 1 >= clist_end;
			x->off = (uint16_t)i;
			x->len = (uint16_t)(e - i);
			if (last) {
				x->kind = U_LEVEL;
				x->post = 1;
			} else if (e - i > 2 && e - i <= 12 && s[i] == '[' && s[e - 1] == ']' && ll_all_digits(s + i + 1, e - i - 2)) {
				x->kind = U_BRACKET;
				x->open = '[';
				x->digits = 1;
			} else {
				x->kind = U_WORD;
			}
			i = e + 1;
			k++;
			if (!last) {
				x->sep = S_CLIST;
				continue;
			}
			clist_end = 0;
			size_t b = i;
			while (i < all && is_blank(s[i]))
				i++;
			x->sep = i >= all ? S_END : i - b >= 2 ? S_WIDE : S_BLANK;
			if (x->sep == S_END)
				break;
			continue;
		}
		if (k > 0 && !inner_end && u[k - 1].kind == U_TIME && u[k - 1].sep == S_NONE &&
		    (clist_end = colon_list(s + i, all - i)) != 0) {
			clist_end += i;
			u[k - 1].sep = S_CLIST;
			i++;
			continue;
		}
		size_t len = ll_stamp_scan(s + i, n - i, year, 1, &form, NULL);
		/* glog/klog's "I0105 10:00:01.123456": a one-letter severity
		 * glued to the stamp is a level of its own */
		size_t digits = 0;
		while (i == 0 && digits < n && digits < 9 && is_digit(s[digits]))
			digits++;
		size_t framed = i == 0 && !len ? framed_number(s, n) : 0;
		if (framed) {
			/* valgrind's "==4983==": a pid, framed as a bracket
			 * frames one, the open its mark */
			x->kind = U_BRACKET;
			x->open = (uint8_t)s[0];
			x->digits = 1;
			x->framed = 1;
			while (x->framed < 4 && s[x->framed] == s[0])
				x->framed++;
			end = framed;
		} else if (!len && digits && digits + 1 < n && s[digits] == ':' &&
		    ll_stamp_scan(s + digits + 1, n - digits - 1, year, 0, &form, NULL) && ll_stamp_form_has_date(form)) {
			/* a line's number glued to its dated stamp by a colon, as
			 * grep -n prints it ("12:2026-03-14 09:26:10 ..."): the
			 * number, the colon (S_GLUED), then the time */
			x->kind = U_NUM;
			end = digits;
		} else if (!len && (s[i] == '*' || s[i] == '.') && i + 1 < n && isalnum((unsigned char)s[i + 1]) &&
		    ll_stamp_scan(s + i + 1, n - i - 1, year, 0, &form, NULL) && ll_stamp_form_has_clock(form)) {
			/* a mark glued to the stamp, a literal of its own: Cisco
			 * IOS's "*Mar 14 09:26:10.225:" (the clock not set) */
			x->kind = U_PUNCT;
			x->key = hash32(s + i, 1);
			end = i + 1;
		} else if (!len && i == 0 && (digits = mark_run_before_stamp(s, n, year)) != 0) {
			/* a run of one mark glued to the stamp or to the
			 * bracket around it, a literal of its own: a server's
			 * "####<Mar 24, 2022 10:29:51,636 AM GMT> <Info> ..." */
			x->kind = U_PUNCT;
			x->key = hash32(s, digits);
			end = digits;
		} else if (!len && i == 0 && n > 1 && memchr("DIWEFV", s[0], 6) && s[1] >= '0' && s[1] <= '9' &&
		    ll_stamp_scan(s + 1, n - 1, year, 0, &form, NULL)) {
			x->kind = U_LEVEL;
			x->off = 0;
			x->len = 1;
			x->sep = S_NONE;
			i = 1;
			k++;
			continue;
		} else if (len) {
			x->kind = U_TIME;
			x->form = (uint16_t)form;
			end = i + len;
		} else if (!inner_end && s[i] == '[' && (end = find_close(s, n, i, 200)) < n &&
			   (len = opens_units(s + i + 1, end - i - 1, year, &lvl)) != 0) {
			/* the units of a bracket of several, one by one: the
			 * first opens it, the last closes it */
			inner_end = end;
			x->opens = 1;
			a = i + 1;
			end = a + len;
			x->kind = lvl ? U_LEVEL : U_TIME;
			if (!lvl)
				ll_stamp_scan(s + a, len, year, 1, &form, NULL);
			x->form = (uint16_t)form;
		} else if ((len = ds_header_cef(s + i, n - i, &cef)) != 0) {
			/* a CEF or LEEF event's header, blanks and all: one unit */
			x->kind = U_CEF;
			x->form = (uint16_t)cef;
			end = i + len;
		} else if (closer(s[i]) && (end = find_close(s, n, i, 200)) < n) {
			size_t ia = i + 1, ib = end;
			while (ia < ib && is_blank(s[ia]))
				ia++;
			while (ib > ia && is_blank(s[ib - 1]))
				ib--;
			x->open = (uint8_t)s[i];
			len = ib > ia ? ll_stamp_scan(s + ia, ib - ia, year, 1, &form, NULL) : 0;
			if (len && ia + len == ib) {
				x->kind = U_TIME;
				x->form = (uint16_t)form;
			} else if (ib > ia && is_level(s + ia, ib - ia) && ib - ia > 1) {
				x->kind = U_LEVEL;
			} else if (ib > ia && (x->named = (uint8_t)named_level(s + ia, ib - ia)) != 0) {
				x->kind = U_LEVEL;
			} else if (ib > ia && (x->named = (uint8_t)thread_level(s + ia, ib - ia)) != 0) {
				x->kind = U_LEVEL;
			} else {
				x->kind = U_BRACKET;
				x->clock = is_seconds(s + ia, ib - ia);
				x->digits = ib > ia && ib - ia <= 10 && ll_all_digits(s + ia, ib - ia);
				x->pairs = (uint8_t)(ib > ia ? number_pairs(s + ia, ib - ia, &x->key) : 0);
			}
			end++;
			if (end < n && s[end] == ':' && (end + 1 >= n || is_blank(s[end + 1]))) {
				/* "[4983]:" is a pid and its colon, no program, and
				 * "[info]:" a level and its colon (Fluentd's) */
				if ((x->kind == U_BRACKET && x->digits) || x->kind == U_LEVEL)
					x->post = 1;
				else
					x->kind = U_PROGRAM;
				end++;
			}
		} else {
			/* after a time glued to a ';' (PBS accounting's
			 * "11/30/2026 10:00:01;E;1001.pbs01;user=..."), ';'
			 * separates the fields as '|' does */
			int semi = k > 0 && u[k - 1].sep == S_SEMI;
			end = i;
			while (end < n && !is_blank(s[end]) && s[end] != '|' && !(semi && s[end] == ';') &&
			       !(dcolon && s[end] == ':' && end + 1 < n && s[end + 1] == ':')) {
				/* a name's fields in braces are the token's, blanks
				 * and all: the span of Rust's tracing,
				 * "request{method=GET uri=/items/7}:" */
				size_t c;
				if (s[end] == '{' && end > i && (c = find_close(s, n, end, 200)) < n)
					end = c;
				end++;
			}
			/* a quoted value that is a whole timestamp with a blank
			 * in it (SonicWall's time="2022-05-16 08:19:21") is one
			 * unit, not a date and a clock of their own */
			size_t qk = kv_key(s + i, end - i);
			if (qk && i + qk + 2 < end && s[i + qk + 1] == '"' && s[end - 1] != '"') {
				size_t v = i + qk + 2;
				unsigned qform;
				size_t ql = ll_stamp_scan(s + v, n - v, year, 0, &qform, NULL);
				if (ql && v + ql > end && v + ql < n && s[v + ql] == '"') {
					end = v + ql + 1;
				} else if (!ql) {
					/* so is any quoted value with blanks (Sophos's
					 * name="Packet dropped"), up to the quote that
					 * closes it before a blank or the line's end; one
					 * that opens with a stamp and goes on is left to
					 * give that stamp (a note about a time) */
					size_t c = end;
					while (c < n && !(s[c] == '"' && s[c - 1] != '\\' && (c + 1 >= n || is_blank(s[c + 1]))))
						c++;
					if (c < n)
						end = c + 1;
				}
			}
			const char *t = s + i;
			size_t tl = end - i;
			size_t kl, slen;
			int post;
			size_t pre = paren_stamp(t, tl, year, &form, &slen, &post);
			if (pre && pre < 256) {
				x->kind = U_TIME;
				x->form = (uint16_t)form;
				x->pre = (uint8_t)pre;
				x->post = (uint8_t)post;
			} else if (glued_name(t, tl, k, k ? u[k - 1].sep : S_NONE,
						       k > 0 && u[0].kind == U_TIME && u[0].sep == S_GLUED, &end)) {
				/* Python's default "WARNING:root:message": the level and
				 * the logger's name, each ended by a ':' with no blank */
				x->kind = k == 0 || (k == 1 && u[0].kind == U_TIME) ? U_LEVEL : U_WORD;
				end += i;
			} else if (k > 0 && lone_punct(t, tl)) {
				/* "---" or ":" standing alone between fields: a
				 * separator the writer puts there, not a value */
				x->kind = U_PUNCT;
				x->key = hash32(t, tl);
			} else if ((x->glue = (uint8_t)glued_number(t, tl)) != 0) {
				/* a pid and what the writer glues to it (Redis's
				 * "25960:M" role, nginx's "29253#29253:" thread) */
				x->kind = U_NUM;
				x->post = t[tl - 1] == ':';
			} else if (k > 0 && source_location(t, tl)) {
				/* klog's "kubelet.go:123]" after the pid */
				x->kind = U_SOURCE;
			} else if (tl > 2 && t[tl - 1] == ':' && is_level(t, tl - 1)) {
				/* "Info: ...", "ERROR: ...": a level with a colon */
				x->kind = U_LEVEL;
				x->post = 1;
			} else if (tl > 3 && t[tl - 1] == ':' && named_level(t, tl - 1) == '.') {
				/* "production.ERROR:": a channel and its level */
				x->kind = U_LEVEL;
				x->post = 1;
				x->named = '.';
			} else if (tl > 4 && t[tl - 1] == ':' && t[tl - 2] != 's' && is_seconds(t, tl - 1)) {
				/* seconds since a start, then a colon: a number,
				 * not a program's name */
				x->kind = U_NUM;
				x->clock = 1;
				x->post = 1;
			} else if (tl > 1 && t[tl - 1] == ':') {
				x->kind = U_PROGRAM;
				x->pid = tl > 3 && t[tl - 2] == ']' && memchr(t, '[', tl - 2) != NULL;
				x->caps = upper_word(t, tl - 1);
				if (x->pid) {
					const char *ob = t + tl - 3;
					while (*ob != '[')
						ob--;
					size_t bl = (size_t)(t + tl - 2 - ob - 1);
					x->pid_level = bl > 1 && is_level(ob + 1, bl);
					x->digits = ll_all_digits(ob + 1, bl);
				}
			} else if (inner_end && i + tl == inner_end && level_before_slash(t, tl)) {
				x->kind = U_LEVEL;
				x->named = '/';
				x->name_after = 1;
			} else if ((kl = level_before_bracket(t, tl)) != 0) {
				/* "NOTICE[1405]": the level, then its pid in brackets
				 * (the next unit), as Asterisk writes them */
				x->kind = U_LEVEL;
				end = i + kl;
			} else if (tl == 1 && t[0] == '-') {
				x->kind = U_DASH;
			} else if (is_level(t, tl)) {
				x->kind = U_LEVEL;
				/* "debug 3:": a level and its verbosity, then the
				 * colon (BIND's "general: debug 1: ...") */
				size_t q = end + 1, d = q;
				while (q < n && q - d < 2 && is_digit(s[q]))
					q++;
				if (end < n && s[end] == ' ' && q > d && q + 1 < n && s[q] == ':' && is_blank(s[q + 1])) {
					end = q + 1;
					x->post = 1;
					x->spaced = 1;
				}
			} else if ((kl = kv_key(t, tl)) != 0) {
				x->kind = U_KV;
				/* pairs joined by commas are a unit each
				 * (PostgreSQL's "user=%u,db=%d,app=%a") */
				for (size_t q = kl + 1; q + 1 < tl; q++)
					if (t[q] == ',' && kv_key(t + q + 1, tl - q - 1)) {
						end = i + q;
						tl = q;
						break;
					}
				/* and pairs joined by ", " (Keycloak's events,
				 * "type=LOGIN, realmId=web, ..."): the comma is
				 * the separator, no value's (kv_comma_blank) */
				if (tl > kl + 2 && t[tl - 1] == ',' && kv_comma_blank(s, n, end - 1)) {
					end--;
					tl--;
				}
				x->key = hash32(t, kl);
				/* a value that is a whole timestamp ("ts=2024-...", or
				 * quoted: time="2024-...") */
				const char *v = t + kl + 1;
				size_t vl = tl - kl - 1;
				int q = vl > 2 && v[0] == '"' && v[vl - 1] == '"';
				len = ll_stamp_scan(v + q, vl - 2 * (size_t)q, year, kv_key_names_time(t, kl), &form, NULL);
				if (len && len == vl - 2 * (size_t)q)
					x->form = (uint16_t)form;
				/* the quotes are the writer's, around any value */
				x->open = q ? '"' : 0;
			} else {
				/* "#5280": a number behind a hash sign (Ruby's
				 * Logger writes its pid so), the sign a literal */
				int hash = tl > 1 && t[0] == '#';
				size_t d = tl > 1 && (t[0] == '-' || hash);
				while (d < tl && is_digit(t[d]))
					d++;
				x->kind = d == tl ? U_NUM : U_WORD;
				if (x->kind == U_NUM && hash) {
					x->pre = 1;
					a++;
				}
				if (x->kind == U_WORD)
					x->digits = name_and_pid(t, tl);
			}
		}
		x->off = (uint16_t)a;
		x->len = (uint16_t)(end - a);
		i = end;
		if (inner_end && i == inner_end) {
			x->closes = 1;
			inner_end = 0;
			i++;
		}
		n = inner_end ? inner_end : all;
		/* what separates this unit from the next */
		size_t b = i;
		while (i < n && is_blank(s[i]))
			i++;
		if (i >= n) {
			x->sep = S_END;
		} else if (dcolon && i == b && i + 2 < n && s[i] == ':' && s[i + 1] == ':' && !is_blank(s[i + 2])) {
			x->sep = S_DCOLON;
			i += 2;
		} else if (i == b && s[i] == ':' && x->kind == U_NUM && k == 0 && i + 1 < n && is_digit(s[i + 1]) &&
			   !x->glue) {
			x->sep = S_GLUED; /* grep -n's colon before a stamp */
			i++;
		} else if (i == b && s[i] == ':' && x->kind == U_TIME && k == 0 && i + 1 < n &&
			   isalpha((unsigned char)s[i + 1])) {
			/* "2012-07-02 10:22:40,672:DEBUG:name:message": a stamp
			 * glued by a colon to what Python's logging format
			 * "%(asctime)s:%(levelname)s:..." writes after it,
			 * glued_name's level then its name */
			x->sep = S_GLUED;
			i++;
		} else if (i == b && s[i] == ':' && (x->kind == U_LEVEL || x->kind == U_WORD) && k < 3 &&
			   (k == 0 || u[0].sep == S_GLUED) && (k < 2 || u[0].kind == U_TIME)) {
			x->sep = S_GLUED; /* glued_name's colon */
			i++;
		} else if (i == b && s[i] == ',' && x->kind == U_KV && kv_key(s + i + 1, n - i - 1)) {
			x->sep = S_KVCOMMA;
			i++;
		} else if (s[i] == '|') {
			x->sep = i > b ? S_SPIPE : i + 1 < n && is_blank(s[i + 1]) ? S_PIPEB : S_PIPE;
			i++;
			while (i < n && is_blank(s[i]))
				i++;
		} else if (i == b && s[i] == ':' && i + 1 < n && is_blank(s[i + 1]) && x->kind == U_TIME) {
			/* "2018-11-29T23:11:44.269+0000: 2.310: ..." (a JVM's GC log) */
			x->sep = S_COLON;
			i++;
			while (i < n && is_blank(s[i]))
				i++;
		} else if (i == b && s[i] == ';' && i + 1 < n && !is_blank(s[i + 1]) &&
			   (x->kind == U_TIME || (k > 0 && u[k - 1].sep == S_SEMI))) {
			x->sep = S_SEMI;
			i++;
		} else if (i == b && x->kind == U_KV && kv_comma_blank(s, n, i)) {
			x->sep = S_COMMA;
			i++;
			while (i < n && is_blank(s[i]))
				i++;
		} else if (i == b && s[i] == ',' && i + 1 < n && is_blank(s[i + 1]) && x->kind == U_TIME) {
			x->sep = S_COMMA;
			i++;
			while (i < n && is_blank(s[i]))
				i++;
		} else if (i - b >= 2 || (i > b && s[b] == '\t' && (k == 0 || (x->off > 0 && s[x->off - 1] == '\t')))) {
			/* a tab around a unit of its own (no word of free text
			 * before it) sets fields apart as a wide run of blanks
			 * does: "<time>\t<level>\t<logger>\t..." */
			x->sep = S_WIDE;
		} else if (i > b) {
			x->sep = S_BLANK;
		} else {
			x->sep = S_NONE;
		}
		k++;
		if (x->sep == S_END)
			break;
	}
	return k;
}

/* units_of's result for a line as the memo keeps it: the year it was cut
 * in, the count, and the units units_of wrote (the one after the last may
 * be written too, zeroed: kept as well, so a line read from the memo
 * leaves its units as units_of would). */
struct memo_units {
	int year;
	uint8_t nu;
	struct unit u[MAX_UNITS];
};

/* units_of through the memo of one inference (ds_linememo.h): a line cut
 * before, in this buffer or another, is not cut again. */
static size_t units_memo(struct ds_linememo *memo, const char *s, size_t n, int year, struct unit *u)
{
	int fresh;
	struct memo_units *v = ds_linememo_slot(memo, s, n, &fresh);
	if (v && !fresh && v->year == year) {
		memcpy(u, v->u, (v->nu < MAX_UNITS ? v->nu + 1u : (size_t)MAX_UNITS) * sizeof *u);
		return v->nu;
	}
	size_t nu = units_of(s, n, year, u);
	if (v && fresh) {
		v->year = year;
		v->nu = (uint8_t)nu;
		memcpy(v->u, u, (nu < MAX_UNITS ? nu + 1 : (size_t)MAX_UNITS) * sizeof *u);
	}
	return nu;
}

struct sample {
	int year;
	struct ds_linememo *memo; /* units_of's results by line, or NULL */
	size_t nlines, cap;
	struct unit *u; /* nlines * MAX_UNITS */
	uint8_t *nu;
	int oom;
};

static void sample_line(void *ctx, const char *line, size_t len)
{
	struct sample *s = ctx;
	if (s->oom)
		return;
	if (s->nlines == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct unit *u = realloc(s->u, cap * MAX_UNITS * sizeof *u);
		if (!u) {
			s->oom = 1;
			return;
		}
		s->u = u;
		uint8_t *nu = realloc(s->nu, cap);
		if (!nu) {
			s->oom = 1;
			return;
		}
		s->nu = nu;
		s->cap = cap;
	}
	s->nu[s->nlines] = (uint8_t)units_memo(s->memo, line, len, s->year, s->u + s->nlines * MAX_UNITS);
	s->nlines++;
}

/* Statistics of one unit position over the kept lines. */
struct posstat {
	size_t kind[U_NKINDS], cls[C_NCLASSES], sep[S_NSEPS];
	size_t pid, open[4]; /* open: '[', '(', '{', '<' */
	size_t ipv4;         /* words that are IPv4 addresses */
	size_t kv_stamp;     /* key=value pairs whose value is a timestamp */
	size_t kv_quoted;    /* ... in double quotes */
	size_t kv_q;         /* key=value pairs whose value (any) is in double quotes */
	size_t pre_n;        /* stamps inside a token (paren_stamp) */
	size_t colon_n;      /* levels written with a colon ("Info:") */
	size_t level_open;   /* levels in brackets */
	size_t clock_n;      /* brackets of seconds (struct unit's clock) */
	size_t secs_n;       /* seconds ended by a colon ("1.234:", struct unit's clock) */
	size_t letter_level; /* levels of one letter ("E" of logcat) */
	size_t letter_other; /* words of one letter that are no level ("Q") */
	int level_program;   /* levels with a colon where other lines have a program */
	size_t pid_level;    /* programs with a level where the pid goes */
	size_t named_n, named_dot, named_slash; /* levels behind a name ("[core:error]"), of them with a '.', a '/' */
	size_t name_after_n; /* levels before a slash and a name ("INFO/MainProcess") */
	size_t pairs_n;      /* brackets of words before numbers ("[pid 12:tid 34]") */
	size_t opens_n, closes_n; /* units that open or close a bracket of several */
	size_t hash_n;       /* numbers behind a '#' ("#5280") */
	size_t digits_n;     /* brackets of digits alone ("[4983]") */
	size_t framed_n;     /* ... framed by runs of a mark ("==4983==") */
	size_t frames[18];   /* ... by run (two to four marks) and mark (FRAME_MARKS) */
	size_t pid_digits;   /* programs whose bracket holds digits alone ("sshd[4983]:") */
	size_t word_pid;     /* words that are a name and its pid, no colon after ("proftpd[4410]") */
	size_t digits_colon; /* ... followed by a ':' ("[4983]:") */
	size_t caps_n;       /* programs that are upper-case words ("DETAIL:") */
	size_t glue_n;       /* numbers glued to an id ("25960:M") */
	size_t spaced_n;     /* levels with a verbosity ("debug 1:") */
	size_t mark_n;       /* lone marks of one character ("*", "#", "-") */
	uint64_t marks[4];   /* ... which ones, a bit each */
	size_t dash_late;    /* lines whose lone dash comes one or two words
			      * later: the field before it has blanks
			      * ("svchost.exe *64 - ...") */
	enum uclass major;
	size_t major_n;
	unsigned form;   /* the most common time form */
	uint32_t key;    /* the most common key */
	size_t key_n;
};

static int open_index(char c)
{
	return c == '[' ? 0 : c == '(' ? 1 : c == '{' ? 2 : c == '<' ? 3 : -1;
}

static size_t most(const size_t *v, size_t n)
{
	size_t best = 0;
	for (size_t i = 1; i < n; i++)
		if (v[i] > v[best])
			best = i;
	return best;
}

/* Most frequent form (or key) among kept lines at position j. */
static void mode_of(const struct sample *s, const uint8_t *keep, size_t j, struct posstat *ps)
{
	enum { SLOTS = 64 };
	uint32_t kv[SLOTS];
	size_t kc[SLOTS], nk = 0;
	unsigned fv[SLOTS];
	size_t fc[SLOTS], nf = 0;
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		if (x->kind == U_TIME || (x->kind == U_KV && x->form)) {
			size_t k = 0;
			while (k < nf && fv[k] != x->form)
				k++;
			if (k == nf && nf < SLOTS) {
				fv[nf] = x->form;
				fc[nf++] = 0;
			}
			if (k < nf)
				fc[k]++;
		}
		if (x->kind == U_KV || x->kind == U_PUNCT || (x->kind == U_BRACKET && x->pairs)) {
			size_t k = 0;
			while (k < nk && kv[k] != x->key)
				k++;
			if (k == nk && nk < SLOTS) {
				kv[nk] = x->key;
				kc[nk++] = 0;
			}
			if (k < nk)
				kc[k]++;
		}
	}
	if (nf) {
		size_t b = most(fc, nf);
		ps->form = fv[b];
	}
	if (nk) {
		size_t b = most(kc, nk);
		ps->key = kv[b];
		ps->key_n = kc[b];
	}
}

/* Name for a new field: base, or base2, base3 ... when taken. */
static int unique_name(const struct ds_header *h, const char *base, char *out, size_t cap)
{
	for (int k = 1; k < 100; k++) {
		if (k == 1)
			snprintf(out, cap, "%s", base);
		else
			snprintf(out, cap, "%s%d", base, k);
		size_t i = 0;
		while (i < h->nf && strcasecmp(h->f[i].name, out) != 0)
			i++;
		if (i == h->nf)
			return LL_OK;
	}
	return LL_EUSAGE;
}

static int add_named(struct ds_header *h, const char *base, enum fkind kind, enum ll_coltype type, unsigned form,
		     size_t *index)
{
	char nm[80];
	if (unique_name(h, base, nm, sizeof nm) != LL_OK)
		return LL_EUSAGE;
	return push_field(h, nm, strlen(nm), kind, type, form, index, 1);
}

/* The key of the first kept line whose unit j has key hash key. */
static void key_text(const struct sample *s, const uint8_t *keep, const char *const *lines, size_t j, uint32_t key,
		     char *out, size_t cap)
{
	snprintf(out, cap, "key");
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		if (x->kind != U_KV || x->key != key)
			continue;
		const char *t = lines[l] + x->off;
		size_t kl = kv_key(t, x->len), o = 0;
		for (size_t q = 0; q < kl && o + 1 < cap; q++)
			out[o++] = t[q];
		out[o] = '\0';
		return;
	}
}

/* 1 when a kept line whose unit j is another key=value pair writes the
 * pair of key later (" key=" after unit j): the lines order their pairs
 * differently. (A line with a word there is another shape of line: "policy
 * DROP: IN=..." among "ACCEPT: IN=...") */
static int key_moved(const struct sample *s, const uint8_t *keep, const char *const *lines, const char *end, size_t j,
		     uint32_t key)
{
	char name[48];
	key_text(s, keep, lines, j, key, name, sizeof name);
	size_t kl = strlen(name);
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		if (x->kind != U_KV || x->key == key)
			continue;
		const char *t = lines[l] + x->off;
		const char *nl = memchr(t, '\n', (size_t)(end - t));
		size_t n = nl ? (size_t)(nl - t) : (size_t)(end - t);
		for (size_t i = 1; i + kl < n; i++)
			if (is_blank(t[i - 1]) && t[i + kl] == '=' && memcmp(t + i, name, kl) == 0)
				return 1;
	}
	return 0;
}

struct line_ptrs {
	const char **p;
	size_t n, cap;
	int oom;
};

static void keep_ptr(void *ctx, const char *line, size_t len)
{
	(void)len;
	struct line_ptrs *lp = ctx;
	if (lp->oom)
		return;
	if (lp->n == lp->cap) {
		size_t cap = lp->cap ? lp->cap * 2 : 256;
		const char **p = realloc(lp->p, cap * sizeof *p);
		if (!p) {
			lp->oom = 1;
			return;
		}
		lp->p = p;
		lp->cap = cap;
	}
	lp->p[lp->n++] = line;
}

/* The elements of a stamp inside a token (paren_stamp) at position j, as
 * the first kept line that has one writes it: its prefix, the time, a
 * serial number when one follows, and the rest of the token. */
static int inner_time(struct ds_header *h, const struct sample *s, const uint8_t *keep, const char *const *lines,
		      size_t j, unsigned form)
{
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		if (x->kind != U_TIME || !x->pre)
			continue;
		const char *t = lines[l] + x->off;
		unsigned f;
		size_t slen, idx;
		int post;
		if (!paren_stamp(t, x->len, s->year, &f, &slen, &post))
			continue;
		size_t r = x->pre + slen;
		int rc = push_lit(h, t, x->pre);
		if (rc == LL_OK)
			rc = add_named(h, "time", FK_TIME, LL_COL_TIME, form, &idx);
		if (rc == LL_OK && post) {
			rc = push_lit(h, t + r, 1);
			if (rc == LL_OK)
				rc = add_named(h, "serial", FK_NUM, LL_COL_NUM, 0, &idx);
			for (r++; r < x->len && is_digit(t[r]); r++)
				;
		}
		if (rc == LL_OK && r < x->len)
			rc = push_lit(h, t + r, x->len - r);
		return rc;
	}
	size_t idx;
	return add_named(h, "time", FK_TIME, LL_COL_TIME, form, &idx);
}

/* A position whose lone dash is a literal of the header: nearly every
 * line has it there, or (dash_late) a word or two after it. */
static int dash_column(const struct posstat *p)
{
	size_t total = p->major_n ? p->major_n : 1;
	return (p->kind[U_DASH] + p->dash_late) * 50 >= total * 49;
}

/* A position where nearly every line has the same lone punctuation
 * ("---" between the pid and the thread, ":" after the logger): a literal
 * of the header, not a field. */
static int punct_column(const struct posstat *p)
{
	size_t total = p->major_n ? p->major_n : 1;
	return p->kind[U_PUNCT] * 50 >= total * 49 && p->key_n * 50 >= total * 49;
}

/* A column right after the time of one mark a line, two to four kinds
 * of it, on nine lines in ten: Redis writes its levels so ('.' debug,
 * '-' verbose, '*' notice, '#' warning). A level field. */
static int mark_column(const struct posstat *p, const struct posstat *before)
{
	size_t total = p->major_n ? p->major_n : 1;
	int kinds = 0;
	for (int k = 0; k < 4; k++)
		for (uint64_t b = p->marks[k]; b; b &= b - 1)
			kinds++;
	return before->major == C_TIME && p->mark_n * 10 >= total * 9 && kinds >= 2 && kinds <= 4;
}

/* The text of the lone punctuation with hash key at position j. */
static int push_punct(struct ds_header *h, const struct sample *s, const uint8_t *keep, const char *const *lines,
		      size_t j, uint32_t key)
{
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		if (x->kind == U_PUNCT && x->key == key)
			return push_lit(h, lines[l] + x->off, x->len);
	}
	return LL_OK;
}

/* 1 when units a..b-1 are words that read the same on every kept line
 * (at least three lines): the start of one message all lines share, not
 * fields, which vary from line to line or are of a kind only a header has. */
static int constant_words(const struct sample *s, const uint8_t *keep, const char *const *lines, size_t a, size_t b)
{
	for (size_t j = a; j < b; j++) {
		const char *t0 = NULL;
		size_t n0 = 0, seen = 0;
		for (size_t l = 0; l < s->nlines; l++) {
			if (!keep[l] || s->nu[l] <= j)
				continue;
			const struct unit *x = &s->u[l * MAX_UNITS + j];
			if (x->kind != U_WORD)
				return 0;
			if (!t0) {
				t0 = lines[l] + x->off;
				n0 = x->len;
			} else if (x->len != n0 || memcmp(t0, lines[l] + x->off, n0) != 0) {
				return 0;
			}
			seen++;
		}
		if (seen < 3)
			return 0;
	}
	return a < b;
}

/* 1 when units a..b-1 (two or more) are words of letters alone that read
 * the same on every kept line whose unit j is a program (three lines at
 * least): "File does not exist:" of Apache 2.2's error log, the start of a
 * message most lines share. A header's words before a program (a host, a
 * node) hold digits, dots or dashes, or vary. */
static int constant_prose(const struct sample *s, const uint8_t *keep, const char *const *lines, size_t a, size_t b,
			  size_t j)
{
	if (b < a + 2)
		return 0;
	const struct unit *u0 = NULL;
	const char *l0 = NULL;
	size_t seen = 0;
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j || s->u[l * MAX_UNITS + j].kind != U_PROGRAM)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS];
		for (size_t q = a; q < b; q++) {
			if (x[q].kind != U_WORD)
				return 0;
			for (size_t c = 0; c < x[q].len; c++)
				if (!isalpha((unsigned char)lines[l][x[q].off + c]))
					return 0;
			if (u0 && (u0[q].len != x[q].len || memcmp(l0 + u0[q].off, lines[l] + x[q].off, x[q].len) != 0))
				return 0;
		}
		if (!u0) {
			u0 = x;
			l0 = lines[l];
		}
		seen++;
	}
	return seen >= 3;
}

/* 1 when nearly every kept line whose unit j is a program without a pid
 * has a number right after it (three lines at least): "cov: 177 ft: 252"
 * of libFuzzer's status lines, a key and its value, which a message holds;
 * a program's message is words. */
static int program_keys_number(const struct sample *s, const uint8_t *keep, size_t j)
{
	size_t progs = 0, numbered = 0;
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS];
		if (x[j].kind != U_PROGRAM || x[j].pid)
			continue;
		progs++;
		numbered += j + 1 < s->nu[l] && x[j + 1].kind == U_NUM;
	}
	return progs >= 3 && numbered * 10 >= progs * 9;
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
	return (x > y) - (x < y);
}

/* A column of names with their pid glued in brackets and no colon after
 * them ("proftpd[4410]"), nine lines in ten. */
static int named_pid(const struct posstat *p, size_t total)
{
	return p->word_pid * 10 >= total * 9;
}

/* 1 when the numbers at position j plausibly are process (or thread) ids:
 * no sign, at most ten digits (Windows' ids are 32 bits), and a third of
 * the lines or more share their number with another line, as the lines a
 * process writes do. A quantity (the milliseconds a request took, a size)
 * varies from line to line. */
/* 1 when nine in ten of the kept lines' units at position j are source
 * locations (source_word): a caller's column, "source". */
static int source_column(const struct sample *s, const uint8_t *keep, const char *const *lines, size_t j)
{
	size_t n = 0, src = 0;
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		n++;
		src += source_word(lines[l] + x->off, x->len);
	}
	return n && src * 10 >= n * 9;
}

static int pid_column(const struct sample *s, const uint8_t *keep, const char *const *lines, size_t j)
{
	unsigned long long *v = malloc((s->nlines ? s->nlines : 1) * sizeof *v);
	if (!v)
		return 1; /* the name is all that is at stake */
	size_t n = 0;
	int ok = 1;
	for (size_t l = 0; l < s->nlines && ok; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		const char *t = lines[l] + x->off;
		size_t len = x->len;
		if (x->kind == U_BRACKET && x->digits) {
			/* "[4983]" or "[4983]:" */
			t++;
			len = 0;
			while (is_digit(t[len]))
				len++;
		} else if (x->kind != U_NUM) {
			continue;
		} else if (x->glue) {
			len = x->glue;
		}
		if (len > 10 || t[0] == '-') {
			ok = 0;
			break;
		}
		unsigned long long a = 0;
		for (size_t k = 0; k < len; k++)
			a = a * 10 + (unsigned)(t[k] - '0');
		v[n++] = a;
	}
	size_t shared = 0;
	if (ok && n) {
		qsort(v, n, sizeof *v, cmp_ull);
		for (size_t i = 0; i < n; i++)
			shared += (i > 0 && v[i - 1] == v[i]) || (i + 1 < n && v[i + 1] == v[i]);
	}
	free(v);
	return ok && shared * 3 >= n;
}

/* A level, or an upper-case tag with its colon that stands where levels
 * do ("DETAIL:" beside "ERROR:", see the tags rule in infer_from). */
static int level_like(const struct unit *x)
{
	return x->kind == U_LEVEL || (x->kind == U_PROGRAM && x->caps && !x->pid);
}

/* A level that some lines write at position j and the others one word
 * later (PostgreSQL's "[4983] postgres@postgres LOG:" beside "[4974] LOG:",
 * its log_line_prefix "%u@%d" empty for a server's own lines): both kinds
 * of line are three in four of the kept ones or more, and each is two
 * lines at least; a third of them or more are levels, not tags. Then p
 * becomes the statistics of those levels, wherever they stand, and the
 * header ends with them: past them the units of the two kinds of line no
 * longer line up. */
static int optional_before_level(const struct sample *s, const uint8_t *keep, size_t kept, size_t j,
				 struct posstat *p)
{
	size_t here = 0, later = 0, levels = 0;
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		if (level_like(x)) {
			here++;
			levels += x->kind == U_LEVEL;
		} else if (x->kind == U_WORD && x->sep == S_BLANK && s->nu[l] > j + 1 && level_like(&x[1])) {
			later++;
			levels += x[1].kind == U_LEVEL;
		}
	}
	if (here < 2 || later < 2 || (here + later) * 4 < kept * 3 || levels * 3 < here + later)
		return 0;
	memset(p, 0, sizeof *p);
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		if (!level_like(x)) {
			if (x->kind != U_WORD || x->sep != S_BLANK || s->nu[l] <= j + 1 || !level_like(&x[1]))
				continue;
			x++;
		}
		p->kind[U_LEVEL]++;
		p->sep[x->sep]++;
		p->colon_n += x->post || x->kind == U_PROGRAM;
		p->named_n += x->named != 0;
		p->named_dot += x->named == '.';
		p->named_slash += x->named == '/';
		p->name_after_n += x->name_after;
		p->level_open += x->open != 0;
		int oi = open_index((char)x->open);
		if (oi >= 0)
			p->open[oi]++;
	}
	p->major = C_LEVEL;
	p->major_n = p->cls[C_LEVEL] = here + later;
	return 1;
}

/* The fields of a CEF or LEEF header at position j, of the kind the first
 * kept line writes there: the standards' names, each field up to its pipe
 * (blanks and all), the version a field of its own. */
static int push_cef(struct ds_header *h, const struct sample *s, const uint8_t *keep, size_t j)
{
	static const char *const cef[] = {"vendor", "product", "version", "signature", "name", "severity", NULL};
	static const char *const leef[] = {"vendor", "product", "version", "event", "delimiter", NULL};
	int v = DS_CEF;
	for (size_t l = 0; l < s->nlines; l++)
		if (keep[l] && s->nu[l] > j && s->u[l * MAX_UNITS + j].kind == U_CEF) {
			v = s->u[l * MAX_UNITS + j].form;
			break;
		}
	size_t idx, nf = v == DS_CEF ? 6 : v == DS_LEEF2 ? 5 : 4;
	const char *const *names = v == DS_CEF ? cef : leef;
	int rc = push_lit(h, v == DS_CEF ? "CEF:" : "LEEF:", v == DS_CEF ? 4 : 5);
	if (rc == LL_OK)
		rc = add_named(h, v == DS_CEF ? "cef_version" : "leef_version", FK_WORD, LL_COL_TEXT, 0, &idx);
	for (size_t k = 0; k < nf && rc == LL_OK; k++) {
		rc = push_lit(h, "|", 1);
		if (rc == LL_OK)
			rc = add_named(h, names[k], FK_TEXT, LL_COL_TEXT, 0, &idx);
	}
	if (rc == LL_OK)
		rc = push_lit(h, "|", 1);
	return rc;
}

/* The elements of a bracket of words before numbers at position j (the
 * shape of key key), as the first kept line of that shape writes it: each
 * word a literal and its number a field named by the word ("[pid <pid>:tid
 * <tid>]"), as a key=value pair is named by its key. */
static int push_pairs(struct ds_header *h, const struct sample *s, const uint8_t *keep, const char *const *lines,
		      size_t j, uint32_t key)
{
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		if (x->kind != U_BRACKET || !x->pairs || x->key != key)
			continue;
		const char *t = lines[l] + x->off + 1, *end = lines[l] + x->off + x->len - 1;
		while (t < end && is_blank(*t))
			t++;
		int rc = LL_OK;
		while (t < end && rc == LL_OK) {
			const char *w = t;
			while (t < end && isalpha((unsigned char)*t))
				t++;
			char nm[24];
			size_t wl = (size_t)(t - w), idx;
			for (size_t q = 0; q < wl && q + 1 < sizeof nm; q++)
				nm[q] = (char)tolower((unsigned char)w[q]);
			nm[wl < sizeof nm ? wl : sizeof nm - 1] = '\0';
			rc = push_lit(h, w, wl + 1);
			if (rc == LL_OK)
				rc = add_named(h, nm, FK_NUM, LL_COL_NUM, 0, &idx);
			while (t < end && is_blank(*t))
				t++;
			while (t < end && is_digit(*t))
				t++;
			const char *sep = t;
			while (t < end && !isalpha((unsigned char)*t))
				t++;
			if (rc == LL_OK && t > sep && t < end)
				rc = push_lit(h, sep, (size_t)(t - sep));
		}
		return rc;
	}
	return LL_OK;
}

/* The elements of a number glued to an id at position j ("25960:M",
 * "29253#29253:"), as the first kept line of that kind writes it: the
 * number, its joiner, the id (a number, or a word: a tag), the colon. The
 * number is a pid when lines share it (before the time too: a pid glued to
 * a tag is no line number). */
static int push_glued(struct ds_header *h, const struct sample *s, const uint8_t *keep, const char *const *lines,
		      size_t j, int *seen_num_after)
{
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l] || s->nu[l] <= j)
			continue;
		const struct unit *x = &s->u[l * MAX_UNITS + j];
		if (x->kind != U_NUM || !x->glue)
			continue;
		const char *t = lines[l] + x->off;
		size_t e = x->len - x->post, idx;
		int pid = pid_column(s, keep, lines, j), num = 1;
		for (size_t k = x->glue + 1; k < e; k++)
			num &= is_digit(t[k]);
		char nm[32];
		snprintf(nm, sizeof nm, "field%zu", j + 1);
		int rc = add_named(h, !pid ? nm : *seen_num_after ? "tid" : "pid", FK_NUM, LL_COL_NUM, 0, &idx);
		*seen_num_after += pid;
		if (rc == LL_OK)
			rc = push_lit(h, t + x->glue, 1);
		if (rc == LL_OK && num)
			rc = add_named(h, pid ? "tid" : nm, FK_NUM, LL_COL_NUM, 0, &idx);
		else if (rc == LL_OK)
			rc = add_named(h, "tag", FK_WORD, LL_COL_TEXT, 0, &idx);
		if (rc == LL_OK && x->post)
			rc = push_lit(h, ":", 1);
		return rc;
	}
	return LL_OK;
}

/* Builds the header of units 0..h-1 from the position statistics. */
static int build(struct ds_header *h, const struct sample *s, const uint8_t *keep, const char *const *lines,
		 const struct posstat *ps, size_t hlen, size_t opt_at)
{
	int rc = LL_OK;
	int seen_time = 0, seen_level = 0, seen_host = 0, seen_num_after = 0, seen_component = 0;
	for (size_t j = 0; j < hlen && rc == LL_OK; j++) {
		const struct posstat *p = &ps[j];
		size_t total = p->major_n ? p->major_n : 1;
		size_t oi = most(p->open, 4);
		char open = p->open[oi] * 2 > total ? "[({<"[oi] : 0;
		char close = open ? closer(open) : 0;
		size_t idx;
		/* a bracket of several units opens before this one */
		if (p->opens_n * 2 > total) {
			rc = push_lit(h, "[", 1);
			open = close = 0;
		}
		if (j == opt_at) {
			/* the field some lines write before their level: a word
			 * and its blank, or nothing (optional_before_level) */
			char nm[32];
			snprintf(nm, sizeof nm, "field%zu", j + 1);
			rc = add_named(h, nm, FK_OPT, LL_COL_TEXT, 0, &idx);
			if (rc == LL_OK)
				rc = push_lit(h, " ", 1);
			if (rc != LL_OK)
				break;
		}
		switch (p->major) {
		case C_TIME:
			if (p->pre_n * 2 > total) {
				rc = inner_time(h, s, keep, lines, j, p->form);
				seen_time = 1;
				break;
			}
			if (open)
				rc = push_lit(h, &open, 1);
			if (rc == LL_OK)
				rc = add_named(h, "time", FK_TIME, LL_COL_TIME, p->form, &idx);
			if (rc == LL_OK && open)
				rc = push_lit(h, &close, 1);
			seen_time = 1;
			break;
		case C_LEVEL:
			if (open)
				rc = push_lit(h, &open, 1);
			/* a level behind a name on most lines ("[core:error]",
			 * "production.ERROR:"): the name is the component, empty
			 * or missing on the lines that write the level alone */
			if (rc == LL_OK && p->name_after_n * 2 > p->kind[U_LEVEL] && !seen_component) {
				/* "INFO/MainProcess": the level, its slash, then the
				 * name up to the bracket's close */
				rc = add_named(h, "level", FK_WORD, LL_COL_TEXT, 0, &idx);
				if (rc == LL_OK)
					rc = push_lit(h, "/", 1);
				if (rc == LL_OK)
					rc = add_named(h, "component", FK_WORD, LL_COL_TEXT, 0, &idx);
				if (rc == LL_OK && open)
					rc = push_lit(h, &close, 1);
				seen_level = seen_component = 1;
				break;
			}
			if (rc == LL_OK && p->named_n * 2 > p->kind[U_LEVEL] && !seen_component) {
				char sep = p->named_dot * 2 > p->named_n ? '.' : p->named_slash * 2 > p->named_n ? '/' : ':';
				rc = add_named(h, "component", FK_OPT, LL_COL_TEXT, 0, &idx);
				if (rc == LL_OK)
					rc = push_lit(h, &sep, 1);
				seen_component = 1;
			}
			/* "debug 1" holds a blank: the level is text up to its colon */
			if (rc == LL_OK)
				rc = add_named(h, "level", open ? FK_BRACKETED : p->spaced_n && !open ? FK_TEXT : FK_WORD,
					       LL_COL_TEXT, 0, &idx);
			if (rc == LL_OK && open) {
				h->el[h->nel - 1].open = open;
				h->el[h->nel - 1].close = close;
				rc = push_lit(h, &close, 1);
			}
			/* "Info:", "[info]:" */
			if (rc == LL_OK && p->colon_n * 2 > total)
				rc = push_lit(h, ":", 1);
			seen_level = 1;
			break;
		case C_PROGRAM: {
			if (p->level_program && !seen_level && !seen_component && j + 1 == hlen) {
				/* each line a level or a component there (or both:
				 * Slurm's "debug:  sched: ..."), the other empty */
				rc = add_named(h, "level", FK_OPT, LL_COL_TEXT, 0, &idx);
				if (rc == LL_OK) {
					h->el[h->nel - 1].level_only = 1;
					rc = push_lit(h, ": ", 2);
				}
				if (rc == LL_OK)
					rc = add_named(h, "component", FK_OPT, LL_COL_TEXT, 0, &idx);
				if (rc == LL_OK)
					rc = push_lit(h, ":", 1);
				seen_level = seen_component = 1;
				break;
			}
			seen_component = 1;
			rc = add_named(h, "component", FK_PROGRAM, LL_COL_TEXT, 0, &idx);
			char nm[80];
			size_t pidx;
			/* Python's "module.py[DEBUG]:" writes its level there */
			int lvl = !seen_level && p->pid_level * 2 > p->pid;
			/* a bracket that is often no number ("LOG5[ui]:" beside
			 * "LOG5[0]:" of stunnel) is a context, text */
			int ctx = !lvl && p->pid_digits * 10 < p->pid * 9;
			if (rc == LL_OK && p->pid * 10 >= total &&
			    (rc = unique_name(h, lvl ? "level" : ctx ? "context" : "pid", nm, sizeof nm)) == LL_OK &&
			    (rc = push_field(h, nm, strlen(nm), FK_TEXT, lvl || ctx ? LL_COL_TEXT : LL_COL_NUM, 0, &pidx,
					     0)) == LL_OK)
				h->el[h->nel - 1].pid_field = pidx;
			seen_level |= lvl;
			break;
		}
		case C_CEF:
			rc = push_cef(h, s, keep, j);
			break;
		case C_SOURCE:
			rc = add_named(h, "source", FK_WORD, LL_COL_TEXT, 0, &idx);
			if (rc == LL_OK)
				rc = push_lit(h, "]", 1);
			break;
		case C_BRACKET:
			if (p->framed_n * 10 >= total * 9) {
				/* valgrind's "==4983==" on every line: its pid; the
				 * lines of either run ("--4983--") fit */
				size_t best = most(p->frames, 18);
				rc = add_named(h, "pid", FK_FRAMED, LL_COL_NUM, 0, &idx);
				if (rc == LL_OK) {
					h->el[h->nel - 1].open = FRAME_MARKS[best % 6];
					h->el[h->nel - 1].close = (char)(best / 6 + 2);
				}
				break;
			}
			if (!open) {
				open = '[';
				close = ']';
			}
			rc = push_lit(h, &open, 1);
			/* digits alone after the time that lines share, as a
			 * process's lines do ("[4983]" of PostgreSQL's "%m
			 * [%p]"): a pid, a number */
			if (rc == LL_OK && p->digits_n * 10 >= total * 9 && seen_time &&
			    pid_column(s, keep, lines, j)) {
				rc = add_named(h, seen_num_after ? "tid" : "pid", FK_BRACKETED, LL_COL_NUM, 0, &idx);
				seen_num_after++;
				if (rc == LL_OK) {
					h->el[h->nel - 1].open = open;
					h->el[h->nel - 1].close = close;
					rc = push_lit(h, &close, 1);
				}
				if (rc == LL_OK && p->digits_colon * 2 > p->digits_n)
					rc = push_lit(h, ":", 1);
				break;
			}
			/* seconds since boot (dmesg's "[    4.021377]"): a clock
			 * of its own, a number, not a wall time nor a context */
			if (rc == LL_OK && open == '[' && p->pairs_n * 10 >= total * 9 && p->key_n * 10 >= total * 9) {
				rc = push_pairs(h, s, keep, lines, j, p->key);
				if (rc == LL_OK)
					rc = push_lit(h, &close, 1);
				break;
			}
			if (rc == LL_OK && p->clock_n * 10 >= total * 9)
				rc = add_named(h, "uptime", FK_BRACKETED, LL_COL_NUM, 0, &idx);
			else if (rc == LL_OK)
				rc = add_named(h, "context", FK_BRACKETED, LL_COL_TEXT, 0, &idx);
			if (rc == LL_OK) {
				h->el[h->nel - 1].open = open;
				h->el[h->nel - 1].close = close;
				rc = push_lit(h, &close, 1);
			}
			/* digits and a colon before the time (a relay's priority,
			 * "<46>: 2024 Aug 27 ..." of NX-OS): the colon is the
			 * bracket's, as a pid's is after it */
			if (rc == LL_OK && p->digits_n && p->digits_colon * 2 > p->digits_n)
				rc = push_lit(h, ":", 1);
			break;
		default: {
			size_t ki = most(p->kind, U_NKINDS);
			if (j > 0 && !seen_level && mark_column(p, &ps[j - 1])) {
				rc = add_named(h, "level", FK_WORD, LL_COL_TEXT, 0, &idx);
				seen_level = 1;
			} else if (dash_column(p)) {
				rc = push_lit(h, "-", 1);
			} else if (punct_column(p)) {
				rc = push_punct(h, s, keep, lines, j, p->key);
			} else if (ki == U_NUM && p->secs_n * 10 >= total * 9) {
				/* the fraction's '.' is no end: a word up to the colon */
				rc = add_named(h, "uptime", FK_WORD, LL_COL_NUM, 0, &idx);
				if (rc == LL_OK)
					rc = push_lit(h, ":", 1);
			} else if (ki == U_NUM && p->glue_n * 4 >= total * 3 && p->glue_n * 10 >= p->kind[U_NUM] * 9) {
				/* (three lines in four: a log that starts with no time
				 * keeps the lines that continue a record, "Caused by:
				 * ...", among those it judges) */
				rc = push_glued(h, s, keep, lines, j, &seen_num_after);
			} else if (ki == U_NUM && p->kind[U_NUM] * 10 >= total * 9) {
				/* after the time, a number that is no pid is named by its
				 * place, as a word is */
				char nm[32];
				int pid = seen_time && pid_column(s, keep, lines, j);
				snprintf(nm, sizeof nm, "field%zu", j + 1);
				if (p->hash_n * 2 > p->kind[U_NUM])
					rc = push_lit(h, "#", 1);
				if (rc == LL_OK)
					rc = add_named(h, !seen_time ? "id" : !pid ? nm : seen_num_after == 0 ? "pid" : "tid", FK_NUM,
					       LL_COL_NUM, 0, &idx);
				seen_num_after += pid;
			} else if (ki == U_KV && p->key_n * 4 >= total * 3) {
				char key[48];
				key_text(s, keep, lines, j, p->key, key, sizeof key);
				char lit[52];
				snprintf(lit, sizeof lit, "%s=", key);
				rc = push_lit(h, lit, strlen(lit));
				/* the literal is the key as written ("Resource_List.walltime="),
				 * the field's name of letters, digits and '_' */
				for (char *c = key; *c; c++)
					if (!isalnum((unsigned char)*c))
						*c = '_';
				/* ts=..., level=...: the time and the level, by their values and keys */
				/* (judged among the lines that write this key here:
				 * the others do not fit the literal key anyway) */
				if (rc == LL_OK && !seen_time && p->kv_stamp * 10 >= p->key_n * 9) {
					int q = p->kv_quoted * 2 > p->kv_stamp;
					if (q)
						rc = push_lit(h, "\"", 1);
					if (rc == LL_OK)
						rc = add_named(h, "time", FK_TIME, LL_COL_TIME, p->form, &idx);
					if (rc == LL_OK && q)
						rc = push_lit(h, "\"", 1);
					seen_time = 1;
				} else if (rc == LL_OK && !seen_level &&
					   (strcasecmp(key, "level") == 0 || strcasecmp(key, "lvl") == 0 ||
					    strcasecmp(key, "severity") == 0 || strcasecmp(key, "loglevel") == 0)) {
					/* level="info": the level's word without the quotes */
					int quoted = p->kv_q * 10 >= p->key_n * 9;
					if (quoted)
						rc = push_lit(h, "\"", 1);
					if (rc == LL_OK)
						rc = add_named(h, "level", FK_WORD, LL_COL_TEXT, 0, &idx);
					if (rc == LL_OK && quoted)
						rc = push_lit(h, "\"", 1);
					seen_level = 1;
				} else if (rc == LL_OK) {
					/* in a list joined by commas a value may be empty
					 * or hold blanks ("user=,db=,app=psql tool"): the
					 * next key ends it */
					int in_list = most(p->sep, S_NSEPS) == S_KVCOMMA ||
						      (j > 0 && most(ps[j - 1].sep, S_NSEPS) == S_KVCOMMA);
					/* values the writer quotes (fw="SN310", a second
					 * stamp startime="2019-06-21 10:42:10"): the quotes
					 * are literals, the value between them may hold
					 * blanks, as the message's pairs read them */
					int quoted = p->kv_q * 10 >= p->key_n * 9;
					if (quoted)
						rc = push_lit(h, "\"", 1);
					if (rc == LL_OK)
						rc = add_named(h, key, in_list || quoted ? FK_TEXT : FK_WORD, LL_COL_TEXT, 0, &idx);
					if (rc == LL_OK && quoted)
						rc = push_lit(h, "\"", 1);
				}
			} else {
				/* a word in the header: the host before a program or when it
				 * is an address, the component after the level or before a
				 * separator, else a field by its place */
				const char *base = "field";
				size_t si = most(p->sep, S_NSEPS);
				/* (a bracketed tag may stand between the host and the
				 * program: "vm-1 [CLOUDINIT] util.py[DEBUG]:") */
				int before_program = (j + 1 < hlen && (ps[j + 1].major == C_PROGRAM || ps[j + 1].major == C_CEF ||
									named_pid(&ps[j + 1], total))) ||
						     (j + 2 < hlen && ps[j + 1].major == C_BRACKET &&
						      ps[j + 2].major == C_PROGRAM);
				int before_dash = j + 1 < hlen && ps[j + 1].major == C_TOKEN &&
						  (dash_column(&ps[j + 1]) || punct_column(&ps[j + 1]));
				/* a dash that some lines write a word or two later: the
				 * field takes the words up to it */
				int wide = before_dash && ps[j + 1].dash_late > 0;
				if (!seen_component && seen_time && named_pid(p, total)) {
					/* a program and its pid with the colon further
					 * on (ProFTPD's own log, "proftpd[4410] ftp1.lan
					 * (...): ..."): the name, then the pid a number */
					seen_component = 1;
					rc = add_named(h, "component", FK_WORD, LL_COL_TEXT, 0, &idx);
					if (rc == LL_OK)
						rc = push_lit(h, "[", 1);
					if (rc == LL_OK)
						rc = add_named(h, "pid", FK_NUM, LL_COL_NUM, 0, &idx);
					if (rc == LL_OK)
						rc = push_lit(h, "]", 1);
					break;
				}
				if (!seen_host && (before_program || p->ipv4 * 10 >= total * 9))
					base = "host";
				else if (!seen_component &&
					 (seen_level || si == S_PIPE || si == S_SPIPE || si == S_PIPEB || before_dash))
					base = "component";
				if (strcmp(base, "host") == 0)
					seen_host = 1;
				if (strcmp(base, "component") == 0)
					seen_component = 1;
				char nm[32];
				if (strcmp(base, "field") == 0 && source_column(s, keep, lines, j))
					base = "source";
				if (strcmp(base, "field") == 0) {
					snprintf(nm, sizeof nm, "field%zu", j + 1);
					base = nm;
				}
				/* a field among fields joined by colons may be empty */
				int in_clist = si == S_CLIST || (j > 0 && most(ps[j - 1].sep, S_NSEPS) == S_CLIST);
				rc = add_named(h, base, wide || in_clist ? FK_TEXT : FK_WORD, LL_COL_TEXT, 0, &idx);
			}
			break;
		}
		}
		if (rc == LL_OK && p->closes_n * 2 > total)
			rc = push_lit(h, "]", 1);
		if (rc != LL_OK)
			break;
		/* the separator after unit j */
		size_t si = most(p->sep, S_NSEPS);
		if (si == S_PIPE)
			rc = push_lit(h, "|", 1);
		else if (si == S_SPIPE)
			rc = push_lit(h, " | ", 3);
		else if (si == S_PIPEB)
			rc = push_lit(h, "| ", 2);
		else if (si == S_KVCOMMA)
			rc = push_lit(h, ",", 1);
		else if (si == S_CLIST)
			rc = push_lit(h, ":", 1);
		else if (si == S_COMMA)
			rc = push_lit(h, ", ", 2);
		else if (si == S_COLON)
			rc = push_lit(h, ": ", 2);
		else if (si == S_GLUED)
			rc = push_lit(h, ":", 1);
		else if (si == S_DCOLON)
			rc = push_lit(h, "::", 2);
		else if (si == S_SEMI)
			rc = push_lit(h, ";", 1);
		else if (si == S_BLANK || si == S_WIDE || si == S_END)
			rc = push_lit(h, " ", 1);
	}
	if (rc == LL_OK)
		rc = add_named(h, "message", FK_REST, LL_COL_TEXT, 0, &h->msg);
	return rc;
}

/* A word of prose: letters with a lower-case one, perhaps ended by a
 * comma, a colon or a stop ("connection", "Accepted", "failed:"). */
static int prose_word(const char *t, size_t n)
{
	if (n > 1 && strchr(".,;:!?", t[n - 1]))
		n--;
	int lower = 0;
	for (size_t k = 0; k < n; k++) {
		if (!isalpha((unsigned char)t[k]))
			return 0;
		lower |= islower((unsigned char)t[k]) != 0;
	}
	return lower;
}

/* 1 when a quarter or more of the words in columns 1 to width - 1 of the
 * kept lines are words the sample also has in another of those columns.
 * A field's values keep to their column (a method is never a URL, a
 * client never a content type); the words of a message written in
 * capitals ("DISK FULL NODE DOWN") stand anywhere in it. Also 1 when
 * memory runs out: no fields are claimed then. */
static int shared_words(const struct sample *s, const uint8_t *keep, const char *const *lines, size_t width)
{
	struct slot {
		uint64_t hash; /* 0: empty */
		uint16_t cols; /* the columns the word was seen in, a bit each */
	};
	size_t words = 0;
	for (size_t l = 0; l < s->nlines; l++)
		for (size_t j = 1; keep[l] && j < width; j++)
			words += s->u[l * MAX_UNITS + j].kind == U_WORD;
	if (!words)
		return 0;
	size_t cap = 64;
	while (cap < words * 2)
		cap *= 2;
	struct slot *tab = calloc(cap, sizeof *tab);
	if (!tab)
		return 1;
	/* pass 0 notes each word's columns, pass 1 counts the words seen in two */
	size_t shared = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t l = 0; l < s->nlines; l++)
			for (size_t j = 1; keep[l] && j < width; j++) {
				const struct unit *x = &s->u[l * MAX_UNITS + j];
				if (x->kind != U_WORD)
					continue;
				uint64_t h = 1469598103934665603ULL; /* FNV-1a */
				for (size_t k = 0; k < x->len; k++)
					h = (h ^ (unsigned char)lines[l][x->off + k]) * 1099511628211ULL;
				h += !h;
				size_t at = (size_t)h & (cap - 1);
				while (tab[at].hash && tab[at].hash != h)
					at = (at + 1) & (cap - 1);
				tab[at].hash = h;
				if (pass == 0)
					tab[at].cols |= (uint16_t)(1u << j);
				else
					shared += (tab[at].cols & (tab[at].cols - 1)) != 0;
			}
	free(tab);
	return shared * 4 >= words;
}

/* Lines of fixed fields and no free text (Squid's native access.log:
 * time, elapsed, client, code/status, bytes, method, URL, user,
 * hierarchy/peer, type): every kept line is a time and the same number
 * of plain units (numbers, words, dashes) after it, at least five in all,
 * with blanks between them and nothing after the last. Messages of as
 * many words as each other are no such lines: a column where a quarter
 * of the lines or more hold a word of prose, as a message's words are,
 * says it is text. Returns the number of units, else 0. */
static size_t fixed_fields(const struct sample *s, const uint8_t *keep, const char *const *lines, size_t kept,
			   size_t nlines)
{
	size_t width = 0;
	if (kept < 3 || kept * 10 < nlines * 9)
		return 0;
	for (size_t l = 0; l < s->nlines; l++) {
		if (!keep[l])
			continue;
		const struct unit *u = &s->u[l * MAX_UNITS];
		size_t nu = s->nu[l];
		if (!width)
			width = nu;
		if (nu != width || nu < 5 || u[0].kind != U_TIME || u[nu - 1].sep != S_END)
			return 0;
		for (size_t j = 0; j < nu; j++) {
			if (j > 0 && u[j].kind != U_NUM && u[j].kind != U_WORD && u[j].kind != U_DASH)
				return 0;
			if (j + 1 < nu && u[j].sep != S_BLANK && u[j].sep != S_WIDE)
				return 0;
		}
	}
	for (size_t j = 1; j < width; j++) {
		size_t prose = 0;
		for (size_t l = 0; l < s->nlines; l++) {
			const struct unit *x = &s->u[l * MAX_UNITS + j];
			prose += keep[l] && x->kind == U_WORD && prose_word(lines[l] + x->off, x->len);
		}
		if (prose * 4 >= kept)
			return 0;
	}
	return shared_words(s, keep, lines, width) ? 0 : width;
}

/* 1 when h's message follows a field with nothing between them that
 * tells where the field ends (only a time delimits itself). */
static int glued_to_message(const struct ds_header *h)
{
	if (h->nel < 2 || !h->el[h->nel - 1].is_field || !h->el[h->nel - 2].is_field)
		return 0;
	return !is_time_name(h->f[h->el[h->nel - 2].field].name);
}

/* Infers the header of the sample's lines (of those in the first column
 * only, with first_column); *timed: whether it reads a time. */
/* 1 when a line's units u[0..nu) open with a run of marks glued to its
 * time (mark_run_before_stamp's). */
static int marked_time(const struct unit *u, size_t nu)
{
	return nu > 1 && u[0].kind == U_PUNCT && u[0].len >= 2 && u[0].sep == S_NONE && u[1].kind == U_TIME;
}

static int infer_from(const char *sample, size_t n, int default_year, int first_column, struct ds_linememo *memo,
		      struct ds_header **out, int *timed_out, struct ll_err *err)
{
	*out = NULL;
	*timed_out = 0;
	struct sample s = {.year = default_year, .memo = memo};
	struct line_ptrs lp = {0};
	each_line(sample, n, MAX_SAMPLE_LINES, first_column, sample_line, &s);
	each_line(sample, n, MAX_SAMPLE_LINES, first_column, keep_ptr, &lp);
	uint8_t *keep = calloc(s.nlines ? s.nlines : 1, 1);
	uint8_t *rule = calloc(s.nlines ? s.nlines : 1, 1);
	struct posstat *ps = calloc(MAX_UNITS, sizeof *ps);
	struct ds_header *h = header_new();
	int rc = LL_OK;
	if (s.oom || lp.oom || !keep || !rule || !ps || !h) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory inferring a log header");
		goto done;
	}
	/* Rule lines ("-----", HTCondor's "..." after each event) set records
	 * apart and carry no header: they are left out of the counts, as
	 * blank lines are, so that the heads of short records (a head, a
	 * detail or two, a rule) are the lines that say what the header is. */
	size_t nrules = 0;
	for (size_t l = 0; l < s.nlines; l++) {
		/* a line ends at its newline or the sample's end (the last
		 * line of a mapped sample has no NUL after it) */
		const char *nl = memchr(lp.p[l], '\n', (size_t)(sample + n - lp.p[l]));
		size_t len = nl ? (size_t)(nl - lp.p[l]) : (size_t)(sample + n - lp.p[l]);
		rule[l] = (uint8_t)ds_header_rule_line(lp.p[l], len);
		nrules += rule[l];
	}
	size_t nlines = s.nlines - nrules;
	/* Lines that start like most lines do carry the header. */
	size_t first[C_NCLASSES] = {0};
	for (size_t l = 0; l < s.nlines; l++)
		if (!rule[l])
			first[s.nu[l] ? class_of(s.u[l * MAX_UNITS].kind) : C_NONE]++;
	enum uclass c0 = (enum uclass)most(first, C_NCLASSES);
	/* lines that start with a time carry the header even when the lines
	 * between them (stack traces, wrapped text) are more, up to nine in
	 * ten: Elasticsearch writes a dozen "\tat ..." frames under an error */
	/* klog's "I0120 11:42:11.676451" starts with a level glued to its
	 * stamp: such lines are timed lines too */
	size_t level_time = 0;
	for (size_t l = 0; l < s.nlines; l++)
		level_time += s.nu[l] > 1 && s.u[l * MAX_UNITS].kind == U_LEVEL && s.u[l * MAX_UNITS].sep == S_NONE &&
			      s.u[l * MAX_UNITS + 1].kind == U_TIME;
	/* records set apart by rule lines: lines that start with a time right
	 * after a rule are their heads, however many lines each record has
	 * (IBM MQ's error log: a stamp line, a message, paragraphs of
	 * explanation, a "-----" rule) */
	/* a banner of marks glued to the stamp ("####<Mar 24, 2022 ...>",
	 * mark_run_before_stamp): such lines are timed lines too, and only
	 * they carry the header when the lines between them (a message's
	 * further lines) open with words as well */
	size_t mark_time = 0;
	for (size_t l = 0; l < s.nlines; l++)
		mark_time += !rule[l] && marked_time(&s.u[l * MAX_UNITS], s.nu[l]);
	size_t ruled = 0;
	for (size_t l = 1; l < s.nlines; l++)
		ruled += s.nu[l] && s.u[l * MAX_UNITS].kind == U_TIME &&
			 ds_header_rule_line(lp.p[l - 1], strcspn(lp.p[l - 1], "\r\n"));
	int rule_led = ruled >= 2 && (ruled + 1) * 10 >= first[C_TIME] * 9;
	if (first[C_TIME] * 10 >= nlines || rule_led)
		c0 = C_TIME;
	else if (level_time * 10 >= nlines && level_time * 2 >= first[C_LEVEL])
		c0 = C_LEVEL;
	int mark_led = c0 == class_of(U_PUNCT) && mark_time >= 2 && mark_time * 2 >= first[c0];
	size_t kept = 0;
	for (size_t l = 0; l < s.nlines; l++)
		if (!rule[l] && s.nu[l] && class_of(s.u[l * MAX_UNITS].kind) == c0 &&
		    (!mark_led || marked_time(&s.u[l * MAX_UNITS], s.nu[l]))) {
			keep[l] = 1;
			kept++;
		}
	size_t hlen = 0;
	size_t anchors[MAX_UNITS], nanchors = 0; /* the header's possible ends */
	size_t opt_at = SIZE_MAX;                /* a field some lines lack before the level */
	int time_led = c0 == C_TIME || (c0 == C_LEVEL && level_time * 2 >= kept) || mark_led;
	/* fields to the end of the line: all of them header but the last */
	size_t fixed = c0 == C_TIME ? fixed_fields(&s, keep, lp.p, kept, nlines) : 0;
	if (kept >= 1 && (kept * 10 >= nlines * (time_led ? 1 : 3) || (c0 == C_TIME && rule_led))) {
		for (size_t j = 0; j < MAX_UNITS; j++) {
			struct posstat *p = &ps[j];
			for (size_t l = 0; l < s.nlines; l++) {
				if (!keep[l])
					continue;
				if (s.nu[l] <= j) {
					p->cls[C_NONE]++;
					continue;
				}
				const struct unit *x = &s.u[l * MAX_UNITS + j];
				p->kind[x->kind]++;
				p->cls[class_of(x->kind)]++;
				p->sep[x->sep]++;
				p->pid += x->pid;
				p->ipv4 += x->kind == U_WORD && is_ipv4(lp.p[l] + x->off, x->len);
				p->kv_stamp += x->kind == U_KV && x->form;
				p->kv_quoted += x->kind == U_KV && x->form && x->open == '"';
				p->kv_q += x->kind == U_KV && x->open == '"';
				p->pre_n += x->kind == U_TIME && x->pre;
				p->colon_n += x->kind == U_LEVEL && x->post;
				p->level_open += x->kind == U_LEVEL && x->open;
				p->clock_n += x->kind == U_BRACKET && x->clock;
				p->secs_n += x->kind == U_NUM && x->clock;
				p->letter_level += x->kind == U_LEVEL && x->len == 1 && !x->open;
				p->letter_other += x->kind == U_WORD && x->len == 1 && isalpha((unsigned char)lp.p[l][x->off]);
				p->pid_level += x->kind == U_PROGRAM && x->pid_level;
				p->named_n += x->kind == U_LEVEL && x->named;
				p->named_dot += x->kind == U_LEVEL && x->named == '.';
				p->named_slash += x->kind == U_LEVEL && x->named == '/';
				p->name_after_n += x->kind == U_LEVEL && x->name_after;
				p->pairs_n += x->kind == U_BRACKET && x->pairs;
				p->opens_n += x->opens;
				p->closes_n += x->closes;
				p->hash_n += x->kind == U_NUM && x->pre;
				p->digits_n += x->kind == U_BRACKET && x->digits;
				if (x->kind == U_BRACKET && x->framed) {
					p->framed_n++;
					p->frames[(size_t)(x->framed - 2) * 6 + (size_t)(strchr(FRAME_MARKS, x->open) - FRAME_MARKS)]++;
				}
				p->pid_digits += x->kind == U_PROGRAM && x->pid && x->digits;
				p->word_pid += x->kind == U_WORD && x->digits;
				p->digits_colon += x->kind == U_BRACKET && x->digits && x->post;
				p->caps_n += x->kind == U_PROGRAM && x->caps && !x->pid;
				p->glue_n += x->kind == U_NUM && x->glue;
				p->spaced_n += x->kind == U_LEVEL && x->spaced;
				if ((x->kind == U_PUNCT || x->kind == U_DASH) && x->len == 1) {
					unsigned char m = (unsigned char)lp.p[l][x->off];
					p->mark_n++;
					p->marks[m >> 6] |= 1ull << (m & 63);
				}
				if (x->kind == U_WORD && j > 0)
					for (size_t d = j + 1; d <= j + 2 && d < s.nu[l]; d++) {
						const struct unit *y = &s.u[l * MAX_UNITS + d];
						if (y->kind == U_DASH) {
							p->dash_late++;
							break;
						}
						if (y->kind != U_WORD)
							break;
					}
				int oi = open_index((char)x->open);
				if (oi >= 0)
					p->open[oi]++;
			}
			/* one-letter codes beside letters no level is written with
			 * (PBS accounting's record types Q, S, E): the E is a code
			 * too, not logcat's error */
			if (p->letter_level && p->letter_other >= 2 && p->letter_level == p->cls[C_LEVEL]) {
				p->cls[C_TOKEN] += p->cls[C_LEVEL];
				p->cls[C_LEVEL] = 0;
				p->kind[U_WORD] += p->kind[U_LEVEL];
				p->kind[U_LEVEL] = 0;
			}
			p->major = (enum uclass)most(p->cls, C_NCLASSES);
			p->major_n = p->cls[p->major];
			/* a bracketed field is one field whether its text is a
			 * level word or not (MySQL's [Note], [Warning] and [System]);
			 * it is the level when level words fill a quarter of it
			 * or more: a run of lines of one other word ("[System]"
			 * at a server's start) outnumbers the levels, and a
			 * context (a thread, a module) never holds level words */
			size_t bl = p->level_open, bb = p->cls[C_BRACKET];
			if ((p->major == C_LEVEL || p->major == C_BRACKET) && bl + bb > p->major_n) {
				p->major = bl >= 2 && bl * 3 >= bb ? C_LEVEL : C_BRACKET;
				p->major_n = bl + bb;
			}
			/* a level with its colon where the other lines write their
			 * program ("error: Nodes node03 not responding" among
			 * "sched: Allocate JobId=..." of slurmctld): one place of
			 * two kinds, a level or a component, each on two lines at
			 * least; programs with pids are left as they were */
			size_t lc = p->colon_n, pc = p->cls[C_PROGRAM];
			if ((p->major == C_PROGRAM || p->major == C_LEVEL) && lc >= 2 && pc > 0 && p->caps_n == pc &&
			    lc == p->cls[C_LEVEL] && lc * 2 >= pc) {
				/* upper-case tags with their colon where the other
				 * lines write a level with its colon (PostgreSQL's
				 * "DETAIL:", "HINT:", "STATEMENT:" under an "ERROR:"):
				 * one column of levels and tags, a third levels or
				 * more */
				p->major = C_LEVEL;
				p->major_n = lc + pc;
				p->colon_n += pc;
			} else if ((p->major == C_PROGRAM || p->major == C_LEVEL) && lc >= 2 && pc >= 2 &&
			    lc == p->cls[C_LEVEL] && !p->pid && !p->pid_level) {
				p->major = C_PROGRAM;
				p->major_n = lc + pc;
				p->level_program = 1;
			}
			if (p->major == C_NONE || p->major_n * 4 < kept * 3) {
				if (j == hlen && optional_before_level(&s, keep, kept, j, p)) {
					opt_at = j;
					anchors[nanchors++] = hlen = j + 1;
				}
				break;
			}
			/* a word most lines write before their level, which the
			 * others lack (a server's own lines without "%u@%d") */
			if (j == hlen && p->major == C_TOKEN && p->kind[U_WORD] * 2 > p->major_n &&
			    optional_before_level(&s, keep, kept, j, p)) {
				opt_at = j;
				anchors[nanchors++] = hlen = j + 1;
				break;
			}
			mode_of(&s, keep, j, p);
			size_t tot = p->major_n;
			/* key=value pairs run up to the message's own key */
			if (p->kind[U_KV] * 4 >= tot * 3 && p->key_n * 4 >= tot * 3 && message_key(p->key))
				break;
			/* dashes written late only count when most lines have the
			 * dash here: otherwise the later dashes are message text */
			if (p->kind[U_DASH] * 2 < tot || ps[j - (j > 0)].major != C_TOKEN || j == 0 || fixed)
				p->dash_late = 0;
			int anchor = p->major != C_TOKEN || j + 1 < fixed;
			/* a key=value is no header field when a line with another
			 * pair here writes it later: logfmt writers put their keys
			 * in other orders on some lines (a request's own pairs
			 * before the time), and a header of one order would leave
			 * those lines to continue the record before them, their
			 * times lost; the message's pairs are read in any order
			 * (ds_kvmsg.h) */
			int kv_col = p->kind[U_KV] * 4 >= tot * 3 && p->key_n * 4 >= tot * 3 &&
				     !key_moved(&s, keep, lp.p, sample + n, j, p->key);
			if (!anchor)
				/* a column of numbers is header only next to header (a
				 * status code inside a request line is message) */
				anchor = (p->kind[U_DASH] + p->dash_late) * 4 >= tot * 3 || punct_column(p) ||
					 (j > 0 && hlen == j && mark_column(p, &ps[j - 1])) ||
					 (p->kind[U_NUM] * 10 >= tot * 9 && (j == 0 || hlen == j)) || kv_col ||
					 (p->sep[S_PIPE] + p->sep[S_SPIPE] + p->sep[S_PIPEB] + p->sep[S_GLUED] + p->sep[S_SEMI] +
					  p->sep[S_CLIST] + p->sep[S_DCOLON]) * 4 >= tot * 3 ||
					 (j > 0 && p->sep[S_WIDE] * 4 >= tot * 3) ||
					 /* the header reaches the close of a bracket it opened */
					 p->closes_n * 4 >= tot * 3;
			/* a key=value after words that never vary ("Processing
			 * message id=7 from queue orders" on every line) is inside
			 * one message: a header's words before such a pair would
			 * vary (a host, a component), and the pair of a header
			 * comes right after its time or level */
			if (anchor && p->major == C_TOKEN && kv_col && j > hlen &&
			    constant_words(&s, keep, lp.p, hlen, j))
				break;
			/* so are words of prose most lines share before a program */
			if (anchor && p->major == C_PROGRAM && j > hlen && constant_prose(&s, keep, lp.p, hlen, j, j))
				break;
			/* and words between a program the header has and another
			 * ("C-0x5623: db/user@host:5432 login attempt: db=..." of a
			 * pooler): a host comes before the program, and what
			 * follows its words is the message's own "key:" */
			if (anchor && p->major == C_PROGRAM && j > hlen && hlen > 0 && ps[hlen - 1].major == C_PROGRAM)
				break;
			/* and words before a program after a level with its colon
			 * ("LOG:  connection received: host=..." of PostgreSQL,
			 * "ERROR: Uncaught ReflectionException: ..."): a host comes
			 * before the level, and a component right after it
			 * ("error: sched: ...") has no words before it */
			if (anchor && p->major == C_PROGRAM && j > hlen && hlen > 0 && ps[hlen - 1].major == C_LEVEL &&
			    ps[hlen - 1].colon_n * 2 > ps[hlen - 1].major_n)
				break;
			/* nor is a word with a colon before a number a program:
			 * "cov: 177 ft: 252" are a message's keys and values */
			if (anchor && p->major == C_PROGRAM && program_keys_number(&s, keep, j))
				break;
			/* more than three words before it: the anchor is message
			 * text ("Directory index forbidden by Options directive:"
			 * of a log whose lines are nearly all one message); a
			 * header's words between anchors are a host or a node and
			 * two or three fields (BGL's "R02-M1-N0 RAS KERNEL") */
			if (anchor && j - hlen > 3 && j + 1 >= fixed)
				break;
			if (anchor)
				anchors[nanchors++] = hlen = j + 1;
			/* a level with its colon and two blanks after it on nearly
			 * every line (PostgreSQL's "LOG:  duration: 0.007 ms
			 * statement: ..."): the two blanks set the message off,
			 * whose own colons and double blanks are its words, not
			 * a header's fields */
			if (anchor && p->major == C_LEVEL && p->colon_n * 2 > tot && p->sep[S_WIDE] * 10 >= tot * 9)
				break;
			/* a CEF or LEEF header ends the line's header: its extension
			 * (key=value pairs of every kind) is the event's message */
			if (anchor && p->major == C_CEF)
				break;
			/* after a dash some lines write later, the positions of the
			 * lines disagree: the rest is message */
			if (anchor && p->dash_late && dash_column(p))
				break;
		}
	}
	/* A header takes the start of a line, not all of it: when most lines
	 * would be left without a message (tab-separated fields ending in
	 * "id=5"), the header ends at an earlier anchor. */
	while (hlen > 0) {
		size_t with_msg = 0;
		for (size_t l = 0; l < s.nlines; l++)
			with_msg += keep[l] && s.nu[l] > hlen;
		if (with_msg * 2 >= kept)
			break;
		while (nanchors > 0 && anchors[nanchors - 1] >= hlen)
			nanchors--;
		hlen = nanchors ? anchors[nanchors - 1] : 0;
	}
	/* Without a time, a header is only believed when nearly all lines
	 * have it: dmesg without stamps ("pci 0000:00:1f.0: reg 10" among
	 * "ACPI: ..." and "Initializing cgroup subsys cpu") has none. A clock
	 * since boot ("[    4.021377]") is a time for this: records that go
	 * on over lines of their own have one on their first line only. */
	int timed = 0;
	for (;;) {
		timed = 0;
		for (size_t j = 0; j < hlen; j++)
			timed |= ps[j].major == C_TIME || ps[j].kv_stamp * 2 > ps[j].major_n ||
				 (ps[j].major == C_BRACKET && ps[j].clock_n * 10 >= ps[j].major_n * 9);
		if (!timed && kept * 10 < nlines * 9)
			hlen = 0;
		rc = build(h, &s, keep, lp.p, ps, hlen, opt_at < hlen ? opt_at : SIZE_MAX);
		if (rc != LL_OK || hlen == 0 || !glued_to_message(h))
			break;
		/* A header that ends on a field glued to the message ("NOTICE"
		 * of "NOTICE[1638]" when the brackets were not in enough lines
		 * to be a field of their own) says nothing of where the field
		 * ends, and written out ("<level><message>") it would not
		 * compile again: it ends at the anchor before instead. */
		while (nanchors > 0 && anchors[nanchors - 1] >= hlen)
			nanchors--;
		hlen = nanchors ? anchors[nanchors - 1] : 0;
		struct ds_header *fresh = header_new();
		if (!fresh) {
			rc = LL_ENOMEM;
			break;
		}
		ds_header_free(h);
		h = fresh;
	}
	*timed_out = timed && hlen > 0;
	if (rc == LL_OK) {
		settle_day_order(h, sample, n, default_year, first_column);
		join_clocks(h, sample, n, default_year, first_column);
		join_zones(h, sample, n, first_column);
		rc = level_below(h, sample, n);
		if (rc == LL_OK)
			rc = level_lead(h, sample, n);
		if (rc == LL_OK)
			rc = render(h);
	}
	if (rc != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory inferring a log header");
done:
	free(rule);
	free(s.u);
	free(s.nu);
	free(lp.p);
	free(keep);
	free(ps);
	if (rc != LL_OK) {
		ds_header_free(h);
		return rc;
	}
	*out = h;
	return LL_OK;
}

/* Lines of n bytes that start in the first column, and those that are
 * indented, up to max non-blank lines. */
static void count_columns(const char *sample, size_t n, size_t max, size_t *first, size_t *indented)
{
	size_t pos = 0, len;
	const char *line;
	*first = *indented = 0;
	while (*first + *indented < max && ds_source_next_line(sample, n, &pos, &line, &len)) {
		size_t a = 0;
		while (a < len && is_blank(line[a]))
			a++;
		if (a == len)
			continue;
		if (!ds_header_at_margin(line, len))
			(*indented)++;
		else
			(*first)++;
	}
}

/* A record's header opens a line, so the header is inferred from the lines
 * that start in the first column, whatever their share: a log of records
 * that go on over indented lines (stack frames, wrapped text) is judged by
 * its records' first lines, as ds_records.c reads it. That header must
 * read a time (the stamp a record's first line carries and its indented
 * lines lack); else all lines say, as before: a table or JSON indented
 * under one line at the margin, output of a build, free(1)'s columns. */
/* The words before a time one or two units into a line ("# Time:" of
 * "# Time: 2017-04-28T09:16:30Z"), when no unit before it is a time or a
 * bracket: their length (up to the time), else 0. */
static size_t time_prefix(const char *line, size_t len, int year, struct ds_linememo *memo)
{
	struct unit u[MAX_UNITS];
	size_t nu = units_memo(memo, line, len, year, u);
	for (size_t j = 1; j < 3 && j < nu; j++) {
		if (u[j].kind == U_TIME && !u[j].pre)
			return u[j].off;
		if (u[j - 1].kind != U_WORD && u[j - 1].kind != U_PROGRAM && u[j - 1].kind != U_PUNCT)
			return 0;
	}
	return 0;
}

struct prefixed {
	int year;
	struct ds_linememo *memo;
	const char *best; /* the most common prefix so far and its count */
	size_t best_len, best_n;
	const char *cand;
	size_t cand_len, cand_n;
};

/* Boyer-Moore's majority vote over the lines' time prefixes. */
static void vote_prefix(void *ctx, const char *line, size_t len)
{
	struct prefixed *p = ctx;
	size_t k = time_prefix(line, len, p->year, p->memo);
	if (!k)
		return;
	if (p->cand_n && p->cand_len == k && memcmp(p->cand, line, k) == 0) {
		p->cand_n++;
	} else if (!p->cand_n) {
		p->cand = line;
		p->cand_len = k;
		p->cand_n = 1;
	} else {
		p->cand_n--;
	}
}

struct stripped {
	int year;
	struct ds_linememo *memo;
	const char *prefix;
	size_t plen, lines;
	/* the prefix's words after its first, when it has more than one: a
	 * line whose prefix differs from it in the first word alone is one of
	 * them ("=ERROR REPORT==== " beside "=INFO REPORT==== ") */
	size_t tail;
	size_t other_first; /* lines of another first word */
	char *buf; /* the lines without their prefix */
	size_t len, cap;
	int oom;
};

/* Where a prefix's first word ends and its other words start (after the
 * blanks), or 0 when it is one word. */
static size_t prefix_tail(const char *p, size_t n)
{
	size_t a = 0;
	while (a < n && !is_blank(p[a]))
		a++;
	size_t b = a;
	while (b < n && is_blank(p[b]))
		b++;
	return a > 0 && b < n ? b : 0;
}

static void strip_prefix(void *ctx, const char *line, size_t len)
{
	struct stripped *st = ctx;
	if (st->oom)
		return;
	size_t k = time_prefix(line, len, st->year, st->memo);
	if (!k)
		return;
	if (k != st->plen || memcmp(line, st->prefix, k) != 0) {
		/* another first word before the same words */
		size_t t = prefix_tail(line, k), rest = st->plen - st->tail;
		if (!st->tail || !t || k - t != rest || memcmp(line + t, st->prefix + st->tail, rest) != 0)
			return;
		st->other_first++;
	}
	/* a head may hold nothing but its time ("# Time: <stamp>", the
	 * record's text below it): a word after it stands for the message,
	 * which infer_from wants most lines to have */
	if (append(&st->buf, &st->len, &st->cap, line + k, len - k) != LL_OK ||
	    append(&st->buf, &st->len, &st->cap, " .\n", 3) != LL_OK)
		st->oom = 1;
	st->lines++;
}

/* Puts a field of one word ("kind") first in h, before its elements and
 * fields: the first word of a prefix that varies. */
static int prepend_word_field(struct ds_header *h)
{
	char nm[80];
	if (h->nf >= DS_HEADER_MAX_FIELDS || unique_name(h, "kind", nm, sizeof nm) != LL_OK)
		return LL_EUSAGE;
	char *name = malloc(strlen(nm) + 1);
	struct elem *v = name ? realloc(h->el, (h->nel + 1) * sizeof *v) : NULL;
	if (!v) {
		free(name);
		return LL_ENOMEM;
	}
	h->el = v;
	strcpy(name, nm);
	for (size_t i = 0; i < h->nel; i++) {
		if (h->el[i].is_field)
			h->el[i].field++;
		if (h->el[i].pid_field != SIZE_MAX)
			h->el[i].pid_field++;
	}
	memmove(h->el + 1, h->el, h->nel * sizeof *v);
	h->el[0] = (struct elem){.is_field = 1, .field = 0, .pid_field = SIZE_MAX, .kind = FK_WORD};
	h->nel++;
	memmove(h->f + 1, h->f, h->nf * sizeof *h->f);
	h->f[0] = (struct hfield){name, LL_COL_TEXT, 0, 0, 0, 0};
	h->nf++;
	h->msg++;
	return LL_OK;
}

/* Lines of a time behind the same few words ("# Time: <stamp>" in a
 * slow-query log whose other lines are "# User@Host: ...", "# Query_time:
 * ..." and SQL): when no header fits the lines as they come, the header of
 * those lines, their words a literal before it. Two such lines at least;
 * whether the file is read by it is the sniffer's to say (it fits few of
 * the lines: ds_records_ruled). NULL when there is none. */
static struct ds_header *infer_prefixed(const char *sample, size_t n, int year, struct ds_linememo *memo)
{
	struct prefixed p = {.year = year, .memo = memo};
	each_line(sample, n, MAX_SAMPLE_LINES, 1, vote_prefix, &p);
	/* a NUL byte in the words is junk, and the pattern could not be
	 * written out to compile again */
	if (!p.cand_n || memchr(p.cand, '\0', p.cand_len))
		return NULL;
	struct stripped st = {.year = year, .memo = memo, .prefix = p.cand, .plen = p.cand_len, .tail = prefix_tail(p.cand, p.cand_len)};
	each_line(sample, n, MAX_SAMPLE_LINES, 1, strip_prefix, &st);
	struct ds_header *h = NULL;
	int timed = 0;
	if (!st.oom && st.lines >= 2 && infer_from(st.buf, st.len, year, 0, memo, &h, &timed, NULL) == LL_OK && timed) {
		/* the words, blanks as one, before the header's first element;
		 * a first word that varies is a field of its own before them */
		int field = st.other_first > 0, rc = field ? prepend_word_field(h) : LL_OK;
		if (rc == LL_ENOMEM) {
			ds_header_free(h);
			free(st.buf);
			return NULL;
		}
		field = field && rc == LL_OK; /* (no room for one more field: the words as they are) */
		char lit[256];
		size_t w = field ? 1 : 0;
		lit[0] = ' ';
		for (size_t i = field ? st.tail : 0; i < p.cand_len && w + 1 < sizeof lit; i++)
			if (!is_blank(p.cand[i]) || (w && lit[w - 1] != ' '))
				lit[w++] = is_blank(p.cand[i]) ? ' ' : p.cand[i];
		struct elem e = {0};
		e.lit = malloc(w + 1);
		struct elem *v = e.lit ? realloc(h->el, (h->nel + 1) * sizeof *v) : NULL;
		if (v) {
			memcpy(e.lit, lit, w);
			e.lit[w] = '\0';
			e.litlen = w;
			e.pid_field = SIZE_MAX;
			h->el = v;
			memmove(h->el + field + 1, h->el + field, (h->nel - (size_t)field) * sizeof *v);
			h->el[field] = e;
			h->nel++;
			free(h->text);
			h->text = NULL;
		} else {
			free(e.lit);
		}
		if (!v || render(h) != LL_OK) {
			ds_header_free(h);
			h = NULL;
		}
	} else {
		ds_header_free(h);
		h = NULL;
	}
	free(st.buf);
	return h;
}

static size_t common_indent(const char *sample, size_t n, size_t max);

/* sample[0, n) with each line's first `indent` bytes (blanks every line
 * has) left out, into a new buffer (*m its length); NULL without memory. */
static char *outdented(const char *sample, size_t n, size_t indent, size_t *m)
{
	char *buf = malloc(n + 1);
	if (!buf)
		return NULL;
	size_t pos = 0, len, o = 0;
	const char *line;
	while (ds_source_next_line(sample, n, &pos, &line, &len)) {
		size_t a = 0;
		while (a < len && a < indent && is_blank(line[a]))
			a++;
		memcpy(buf + o, line + a, len - a);
		o += len - a;
		buf[o++] = '\n';
	}
	*m = o;
	return buf;
}

size_t ds_header_indent(const char *sample, size_t n)
{
	return common_indent(sample, n, MAX_SAMPLE_LINES);
}

/* The blanks every non-blank line of sample[0, n) opens with (up to max
 * lines), 0 when one starts at the margin. */
static size_t common_indent(const char *sample, size_t n, size_t max)
{
	size_t pos = 0, len, seen = 0, indent = SIZE_MAX;
	const char *line;
	while (seen < max && indent && ds_source_next_line(sample, n, &pos, &line, &len)) {
		size_t a = 0;
		while (a < len && is_blank(line[a]))
			a++;
		if (a == len)
			continue;
		seen++;
		indent = a < indent ? a : indent;
	}
	return seen && indent != SIZE_MAX ? indent : 0;
}

static int infer_at_margin(const char *sample, size_t n, int default_year, struct ds_linememo *memo, struct ds_header **out,
			   struct ll_err *err);

struct ds_linememo *ds_header_memo_new(void)
{
	return ds_linememo_new(sizeof(struct memo_units));
}

int ds_header_infer(const char *sample, size_t n, int default_year, struct ds_header **out, struct ll_err *err)
{
	/* without memory for the memo, the lines are cut each time */
	struct ds_linememo *memo = ds_header_memo_new();
	int rc = ds_header_infer_memo(sample, n, default_year, memo, out, err);
	ds_linememo_free(memo);
	return rc;
}

int ds_header_infer_memo(const char *sample, size_t n, int default_year, struct ds_linememo *memo,
			 struct ds_header **out, struct ll_err *err)
{
	/* every line indented alike (a program's log as its console prints
	 * it, a log pasted into a document, nomad agent's four blanks): the
	 * header is that of the lines without it; splitting skips the
	 * blanks a line opens with */
	size_t indent = ds_header_indent(sample, n);
	if (indent) {
		size_t m;
		char *flat = outdented(sample, n, indent, &m);
		if (!flat)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		int rc = infer_at_margin(flat, m, default_year, memo, out, err);
		free(flat);
		if (rc != LL_OK || ds_header_has_fields(*out))
			return rc;
		ds_header_free(*out);
		*out = NULL;
	}
	return infer_at_margin(sample, n, default_year, memo, out, err);
}

static int infer_at_margin(const char *sample, size_t n, int default_year, struct ds_linememo *memo, struct ds_header **out,
			   struct ll_err *err)
{
	size_t first, indented;
	int timed;
	struct ds_header *margin = NULL; /* the first column's header, untimed */
	count_columns(sample, n, MAX_SAMPLE_LINES, &first, &indented);
	if (first && indented) {
		int rc = infer_from(sample, n, default_year, 1, memo, out, &timed, err);
		if (rc != LL_OK || timed)
			return rc;
		margin = *out;
		*out = NULL;
	}
	int rc = infer_from(sample, n, default_year, 0, memo, out, &timed, err);
	if (rc == LL_OK && !ds_header_has_fields(*out)) {
		struct ds_header *p = infer_prefixed(sample, n, default_year, memo);
		if (p) {
			ds_header_free(*out);
			*out = p;
		}
	}
	/* nothing shared by all lines, but the first column's a level
	 * (Python's logging.basicConfig, "ERROR:app.db:message", no time,
	 * above a traceback's indented frames): the records' header still */
	if (rc == LL_OK && margin && !ds_header_has_fields(*out) && has_level_field(margin)) {
		ds_header_free(*out);
		*out = margin;
		margin = NULL;
	}
	ds_header_free(margin);
	return rc;
}
