/*
 * ds_nmon.c - nmon's recordings (nmon -f, and the same layout from
 * topas_nmon and njmon's CSV mode): comma-separated lines whose first field
 * names a section. A section's first line is its header ("CPU_ALL,CPU Total
 * host,User%,Sys%,..."); its data lines carry a snapshot tag instead of the
 * title ("CPU_ALL,T0001,11.0,2.5,..."); a ZZZZ line gives a tag its clock
 * and date ("ZZZZ,T0001,10:00:05,01-MAR-2024").
 *
 * The table has a row per snapshot, in tag order, with the time first and
 * a column per section and header name ("CPU_ALL.User%"). AAA and BBB lines
 * (the run's settings and the machine's inventory) are no data. Sections
 * whose lines carry the tag elsewhere (TOP, a row per process) and lines of
 * a tag no ZZZZ line dates are left out with a note.
 *
 * Tags are kept as the (tag, time) pairs ZZZZ lines give, sorted, not as
 * an array indexed by tag: a recording cut from the middle of a long run
 * starts at T5000, and a damaged one may say T999999999. Sections are
 * found through a hash index, so a file of a million section names stays
 * linear.
 */
#include "ds_csv.h"
#include "ds_reader.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ll_slots.h"
#include "ll_time.h"

#define NMON_MAX_FIELDS 4096

struct section {
	char *name;    /* the field's bytes (NULs too: column names stop at one) */
	size_t nlen;
	char **cols;   /* header names, from the third field on */
	size_t ncols;
	size_t first;  /* its first column in the table */
	size_t tagged; /* its data lines with the tag second: 0 for TOP-like sections */
};

/* A ZZZZ line's tag and time; seq orders two of one tag (the last wins). */
struct stamp {
	size_t tag, seq;
	double t;
};

struct nmon {
	const char *path;
	struct section *sec;
	size_t nsec, seccap;
	struct ll_slots ix;   /* sections by name */
	struct stamp *when;   /* by tag once scanned, one per tag: a row each */
	size_t ntags, cap;
	size_t undated, first_undated, untagged, first_untagged, nonnum, first_nonnum;
	char untagged_sec[64];
	size_t wide, first_wide;  /* section headers with more names than a row may have */
	char wide_sec[64];
};

/* Splits a line at commas into at most cap spans; returns the count. */
static size_t split(const char *s, size_t n, struct ds_span *f, size_t cap)
{
	size_t k = 0, a = 0;
	for (size_t i = 0; i <= n && k < cap; i++)
		if (i == n || s[i] == ',') {
			f[k++] = (struct ds_span){a, i - a};
			a = i + 1;
		}
	return k;
}

static int span_is(const char *s, struct ds_span f, const char *word)
{
	return f.len == strlen(word) && memcmp(s + f.off, word, f.len) == 0;
}

/* "T0001" -> 1; 0 when the field is no snapshot tag. */
static size_t tag_number(const char *s, struct ds_span f)
{
	if (f.len < 2 || s[f.off] != 'T')
		return 0;
	size_t v = 0;
	for (size_t i = 1; i < f.len; i++) {
		if (!isdigit((unsigned char)s[f.off + i]) || v > 100000000)
			return 0;
		v = v * 10 + (size_t)(s[f.off + i] - '0');
	}
	return v;
}

/* "10:00:05" and "01-MAR-2024" -> epoch seconds (the clock nmon wrote,
 * read as UTC like every stamp without a zone): the date and the clock
 * joined as the stamp readers know ("01-MAR-2024 10:00:05"). */
static int zzzz_time(const char *s, struct ds_span clock, struct ds_span date, double *out)
{
	char buf[48];
	if (clock.len + date.len + 2 > sizeof buf)
		return 0;
	memcpy(buf, s + date.off, date.len);
	buf[date.len] = ' ';
	memcpy(buf + date.len + 1, s + clock.off, clock.len);
	return ll_time_parse_year(buf, date.len + 1 + clock.len, 0, out);
}

/* The section named by field f, NULL when none; *p is where to add it. */
static struct section *find_section(struct nmon *w, const char *s, struct ds_span f, struct ll_slots_probe *p)
{
	*p = ll_slots_probe(&w->ix, ll_slots_hash(s + f.off, f.len));
	for (uint32_t i; (i = ll_slots_next(&w->ix, p)) != LL_SLOTS_NONE;) {
		struct section *x = &w->sec[i];
		if (x->nlen == f.len && memcmp(x->name, s + f.off, f.len) == 0)
			return x;
	}
	return NULL;
}

/* A header line: the section and its names (a trailing empty field, as
 * NET's header ends, is no name). */
static int add_section(struct nmon *w, const char *s, const struct ds_span *f, size_t k, struct ll_slots_probe *p)
{
	while (k > 2 && !f[k - 1].len)
		k--;
	if (w->nsec == w->seccap) {
		size_t cap = w->seccap ? 2 * w->seccap : 32;
		struct section *v = realloc(w->sec, cap * sizeof *v);
		if (!v)
			return LL_ENOMEM;
		w->sec = v;
		w->seccap = cap;
	}
	struct section *x = &w->sec[w->nsec];
	memset(x, 0, sizeof *x);
	x->name = malloc(f[0].len + 1);
	x->nlen = f[0].len;
	x->ncols = k > 2 ? k - 2 : 0;
	x->cols = calloc(x->ncols ? x->ncols : 1, sizeof *x->cols);
	if (!x->name || !x->cols || ll_slots_add(&w->ix, p, (uint32_t)w->nsec) != LL_OK) {
		free(x->name);
		free(x->cols);
		return LL_ENOMEM;
	}
	memcpy(x->name, s + f[0].off, f[0].len);
	x->name[f[0].len] = 0;
	w->nsec++;
	for (size_t i = 0; i < x->ncols; i++)
		if (!(x->cols[i] = strndup(s + f[i + 2].off, f[i + 2].len)))
			return LL_ENOMEM;
	return LL_OK;
}

static int date_tag(struct nmon *w, size_t tag, double t)
{
	if (w->ntags == w->cap) {
		size_t n = w->cap ? w->cap * 2 : 64;
		struct stamp *p = realloc(w->when, n * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		w->when = p;
		w->cap = n;
	}
	w->when[w->ntags] = (struct stamp){tag, w->ntags, t};
	w->ntags++;
	return LL_OK;
}

static int cmp_stamp(const void *a, const void *b)
{
	const struct stamp *x = a, *y = b;
	if (x->tag != y->tag)
		return x->tag < y->tag ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The stamps in tag order, one per tag: the last ZZZZ line of a tag. */
static void sort_tags(struct nmon *w)
{
	if (!w->ntags)
		return;
	qsort(w->when, w->ntags, sizeof *w->when, cmp_stamp);
	size_t m = 0;
	for (size_t i = 0; i < w->ntags; i++) {
		if (m && w->when[m - 1].tag == w->when[i].tag)
			m--;
		w->when[m++] = w->when[i];
	}
	w->ntags = m;
}

/* The row of a tag's snapshot (its place among the dated tags), -1 when
 * no ZZZZ line dates it. */
static long tag_row(const struct nmon *w, size_t tag)
{
	size_t lo = 0, hi = w->ntags;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->when[mid].tag < tag)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->ntags && w->when[lo].tag == tag ? (long)lo : -1;
}

/* Pass 1: the sections' headers and the snapshots' times. */
static int scan(struct nmon *w, const char *d, size_t size, struct ds_span *f, struct ll_err *err)
{
	size_t pos = 0, len, line = 0;
	const char *s;
	while (ds_source_next_line(d, size, &pos, &s, &len)) {
		line++;
		size_t k = split(s, len, f, NMON_MAX_FIELDS);
		if (k < 2 || !f[0].len || span_is(s, f[0], "AAA") || (f[0].len >= 3 && !memcmp(s + f[0].off, "BBB", 3)))
			continue;
		int rc = LL_OK;
		if (span_is(s, f[0], "ZZZZ")) {
			size_t tag = tag_number(s, f[1]);
			double t;
			if (k >= 4 && tag && zzzz_time(s, f[2], f[3], &t))
				rc = date_tag(w, tag, t);
		} else {
			struct ll_slots_probe p;
			struct section *x = find_section(w, s, f[0], &p);
			if (x && tag_number(s, f[1]))
				x->tagged++;
			else if (!x && !tag_number(s, f[1])) {
				rc = add_section(w, s, f, k, &p);
				/* split stopped at its cap before the line's end */
				if (k == NMON_MAX_FIELDS && f[k - 1].off + f[k - 1].len < len && !w->wide++) {
					w->first_wide = line;
					snprintf(w->wide_sec, sizeof w->wide_sec, "%.*s", (int)f[0].len, s + f[0].off);
				}
			}
		}
		if (rc != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "%s:%zu: out of memory", w->path, line);
	}
	sort_tags(w);
	return LL_OK;
}

static int cell(struct nmon *w, struct ll_table *t, size_t row, size_t col, const char *s, struct ds_span f,
		size_t line)
{
	double v;
	if (!f.len)
		return LL_OK; /* NaN already */
	if (!ll_parse_number(s + f.off, f.len, &v)) {
		if (!w->nonnum++)
			w->first_nonnum = line;
		return LL_OK;
	}
	return ll_table_set_num(t, row, col, v);
}

/* Pass 2: the data lines into the snapshots' rows. */
static int fill(struct nmon *w, const char *d, size_t size, struct ds_span *f, struct ll_table *t,
		struct ll_err *err)
{
	size_t pos = 0, len, line = 0;
	const char *s;
	while (ds_source_next_line(d, size, &pos, &s, &len)) {
		line++;
		size_t k = split(s, len, f, NMON_MAX_FIELDS);
		if (k < 2 || span_is(s, f[0], "ZZZZ") || span_is(s, f[0], "AAA"))
			continue;
		struct ll_slots_probe p;
		struct section *x = find_section(w, s, f[0], &p);
		size_t tag = tag_number(s, f[1]);
		if (!x || !tag) {
			/* a header, an inventory line, or a section tagged elsewhere */
			if (x && !tag && k > 2 && tag_number(s, f[2]) && !w->untagged++) {
				w->first_untagged = line;
				snprintf(w->untagged_sec, sizeof w->untagged_sec, "%s", x->name);
			}
			continue;
		}
		if (!x->tagged)
			continue;
		long row = tag_row(w, tag);
		if (row < 0) {
			if (!w->undated++)
				w->first_undated = line;
			continue;
		}
		for (size_t i = 0; i < x->ncols && i + 2 < k; i++)
			if (cell(w, t, (size_t)row, x->first + i, s, f[i + 2], line) != LL_OK)
				return ll_err_set(err, LL_ENOMEM, "%s:%zu: out of memory", w->path, line);
	}
	return LL_OK;
}

static int build(struct nmon *w, const char *d, size_t size, struct ds_span *f, struct ll_table **out,
		 struct ll_err *err)
{
	struct ll_table *t = ll_table_new();
	char *name = NULL;
	int rc = t ? LL_OK : LL_ENOMEM;
	if (rc == LL_OK && ll_table_add_column(t, "time", LL_COL_TIME) < 0)
		rc = LL_ENOMEM;
	for (size_t i = 0; rc == LL_OK && i < w->nsec; i++) {
		struct section *x = &w->sec[i];
		x->first = ll_table_ncols(t);
		for (size_t c = 0; rc == LL_OK && x->tagged && c < x->ncols; c++) {
			size_t n = strlen(x->name) + strlen(x->cols[c]) + 2;
			char *p = realloc(name, n);
			if (!p) {
				rc = LL_ENOMEM;
				break;
			}
			name = p;
			snprintf(name, n, "%s.%s", x->name, x->cols[c]);
			if (ll_table_add_column(t, name, LL_COL_NUM) < 0)
				rc = LL_ENOMEM;
		}
	}
	free(name);
	/* a row per dated snapshot, in tag order (tag_row) */
	for (size_t g = 0; rc == LL_OK && g < w->ntags; g++) {
		long r = ll_table_append_row(t);
		if (r < 0 || ll_table_set_num(t, (size_t)r, 0, w->when[g].t) != LL_OK)
			rc = LL_ENOMEM;
	}
	if (rc != LL_OK) {
		ll_table_free(t);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", w->path);
	}
	rc = fill(w, d, size, f, t, err);
	if (rc != LL_OK) {
		ll_table_free(t);
		return rc;
	}
	*out = t;
	return LL_OK;
}

static int notes(const struct nmon *w, struct ll_table *t)
{
	int rc = LL_OK;
	if (w->undated)
		rc = ll_table_note(t, "%s: %zu line%s of snapshots no ZZZZ line dates (first: line %zu); left out",
				   w->path, w->undated, w->undated == 1 ? "" : "s", w->first_undated);
	if (rc == LL_OK && w->untagged)
		rc = ll_table_note(t,
				   "%s: %zu line%s of sections with a row per item (first: line %zu, %s); left out",
				   w->path, w->untagged, w->untagged == 1 ? "" : "s", w->first_untagged,
				   w->untagged_sec);
	if (rc == LL_OK && w->wide)
		rc = ll_table_note(t, "%s: %zu section%s with more than %d columns (first: line %zu, %s); the rest "
				      "left out",
				   w->path, w->wide, w->wide == 1 ? "" : "s", NMON_MAX_FIELDS - 2, w->first_wide,
				   w->wide_sec);
	if (rc == LL_OK && w->nonnum)
		rc = ll_table_note(t, "%s: %zu %s (first: line %zu); read as missing", w->path, w->nonnum,
				   w->nonnum == 1 ? "cell that is not a number" : "cells that are not numbers",
				   w->first_nonnum);
	return rc;
}

static void nmon_free(struct nmon *w)
{
	for (size_t i = 0; i < w->nsec; i++) {
		for (size_t c = 0; c < w->sec[i].ncols; c++)
			free(w->sec[i].cols[c]);
		free(w->sec[i].cols);
		free(w->sec[i].name);
	}
	free(w->sec);
	free(w->when);
	ll_slots_free(&w->ix);
}

static int nmon_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		     struct ll_err *err)
{
	(void)opts;
	*out = NULL;
	struct nmon w;
	memset(&w, 0, sizeof w);
	w.path = src->path;
	struct ds_span *f = malloc(NMON_MAX_FIELDS * sizeof *f);
	if (!f)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	int rc = scan(&w, src->data, src->size, f, err);
	if (rc == LL_OK && !w.ntags)
		rc = ll_err_set(err, LL_EDATA,
				"%s: no snapshot is dated (nmon writes a line ZZZZ,T0001,HH:MM:SS,DD-MON-YYYY "
				"before each snapshot's lines)",
				src->path);
	if (rc == LL_OK && !w.nsec)
		rc = ll_err_set(err, LL_EDATA, "%s: no section header (such as CPU_ALL,CPU Total,User%%,...)",
				src->path);
	if (rc == LL_OK)
		rc = build(&w, src->data, src->size, f, out, err);
	if (rc == LL_OK && notes(&w, *out) != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	free(f);
	nmon_free(&w);
	return rc;
}

/* Certain with a dated snapshot line in the head, as nmon's own lines. */
static int nmon_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	size_t pos = 0, len;
	const char *s;
	struct ds_span f[5];
	int aaa = 0, lines = 0;
	while (ds_source_next_line(head, n, &pos, &s, &len) && lines++ < 4000) {
		size_t k = split(s, len, f, 5);
		if (k >= 2 && span_is(s, f[0], "AAA"))
			aaa = 1;
		double t;
		if (k >= 4 && span_is(s, f[0], "ZZZZ") && tag_number(s, f[1]) && zzzz_time(s, f[2], f[3], &t))
			return 95;
	}
	/* a long inventory before the first snapshot */
	return aaa && lines > 4000 ? 60 : 0;
}

const struct ds_reader ds_nmon_reader = {
	.name = "nmon",
	.summary = "nmon recordings: sections (CPU_ALL, MEM, NET, DISK...) per snapshot, a row per ZZZZ time",
	.sniff = nmon_sniff,
	.load = nmon_load,
	.line = NULL,
};
