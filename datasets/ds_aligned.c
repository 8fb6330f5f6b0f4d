/*
 * ds_aligned.c - tables written for a terminal: columns lined up with
 * blanks under a line of names, mostly numbers, as monitoring commands
 * print them and people save them to files.
 *
 * The shape, not any command, decides. A line is cut at runs of blanks
 * (and at '|', which terminal tables draw between groups of columns); a
 * date followed by a clock, a clock followed by AM/PM, are one cell. A
 * line of names (no numbers; a time of day may come first, as it does
 * above rows that start with one) is a header when a row of as many cells
 * follows; a few lines of names between the header and the rows (units,
 * '#'-prefixed) or above it (groups: "procs ---memory---") are passed over.
 * Rows may carry a name of their own before the header's first column
 * ("Mem:" under "total used free"), the header a name of its own before
 * the rows' first cell ("avg-cpu:"), the header's last two names may be
 * one ("Mounted on") and the last column may hold text with blanks (a
 * command line). A header seen again is the same table; another header
 * starts another table.
 *
 * Tables of jobs and containers: a rule of dashes under the header
 * ("------ -----", a "+----+" box, dpkg -l's "+++-=====-===") gives the columns, each from its run of
 * dashes (names with blanks, empty cells; a number wider than its rule is
 * the column's it overlaps). Rows with few numbers (a job's name, state and
 * nodes around a count) count when every name stands over its cell. "A / B"
 * cells of numbers are two columns; a lone 'm' after a number is milli
 * unless its column holds other units of time (ages: "3h", "2d3h"); a
 * column with a duration no clock can be ("1-02:03:04") is durations.
 *
 * Tables of words (events, pods, containers, units): under a line of
 * upper-case names, rows whose every cell starts at its name's column,
 * the last column the rest of the line, a count set right under its name
 * (ds_aligned_words.c); tried before the other fits, checked as a ruled
 * table's rows are.
 *
 * Times: a column of stamps under a stamp or a time's name is the time
 * column; else a line that is only a stamp (or a line of other text that
 * holds a clock) dates the rows after it. A clock without a date takes
 * the date of the last line that had one (the banner "Linux 6.1 (host)
 * 12/03/2026 _x86_64_"), and moves to the next day when it goes back by
 * more than an hour; without any date the clocks fall on 1970-01-01, as
 * the text-log readers put them (noted).
 *
 * Several tables with times are joined on time (ds_csv_join_on_time); a
 * table with a row per time and entity (device, CPU, interface) is pivoted
 * to a column per metric and entity (ds_pivot.h). Rows without a time
 * under a table whose other rows have one (the "Average:" lines that end
 * such reports) are left out, noted.
 */
#include "ds_aligned.h"
#include "ds_csv.h"
#include "ds_pivot.h"
#include "ds_textlog.h"
#include "ds_units.h"
#include "ll_slots.h"
#include "ll_stamp.h"
#include "ll_time.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_PENDING 4
#define DAY 86400.0

struct span {
	size_t off, len;
};

/* How the rows line up with their header. */
/* FIT_WORDS: a table of words cut at its names' screen columns
 * (ds_aligned_words.c), its rows checked as a ruled table's are. */
enum fit { FIT_SAME, FIT_ROW_NAME, FIT_HEADER_NAME, FIT_LAST_TWO, FIT_RULED, FIT_WORDS };

struct table {
	char **names;
	size_t ncols;
	enum fit fit;
	size_t hn;           /* the header's cell count */
	int time_col;        /* a column of stamps, or -1 */
	int date_col;        /* a column of the dates of time_col's clocks, or -1 */
	int raw;             /* its rows are cut without merging stamps ("Date Time") */
	int summary;         /* rows from summary lines (summary_line) */
	size_t first_line;   /* its header's line */
	size_t hoff, hlen;   /* its header's text (rows with few numbers are checked against it) */
	int hwide;           /* the header is cut with MERGE_WIDE */
	uint64_t hjoin;      /* ... or its words k and k+1 made one name for each bit k (joins_over_cells) */
	int broken;          /* FIT_WORDS: a line right under its rows is no row of it */
	size_t *rule;        /* FIT_RULED: its runs' starts, ends (bytes into the line), room to cut a row;
			      * FIT_WORDS: its columns' starts (screen columns), 1 for each set right, the same room */
	size_t nrows, cap;
	struct span *cells;  /* nrows * ncols */
	double *ctx_time;    /* per row: the time the lines above gave, NaN when none */
	size_t *line;        /* per row: its line number */
	size_t *poll;        /* per row: the snapshot it is in (scan's poll when taken) */
	size_t hline;        /* the line of the header last seen for it */
	int polled;          /* build: its time is its poll's number (poll_times) */
};

/* Misfit lines named in the note; a table goes on over at most
 * MISFIT_RUN of them in a row. */
#define MAX_MISFIT_LINES 8
#define MISFIT_RUN 3

struct scan {
	const char *d;
	size_t n;
	struct table *t;
	size_t nt, tcap;
	/* the tables by fit and names (a file of many headers stays linear) */
	struct ll_slots ix;
	size_t rows, structure, stamps, other, nonblank, numish_cells, cells;
	/* rows taken without checking that the header's names stand over
	 * their cells (rows with many numbers), and rows of ruled tables */
	size_t loose_rows, ruled_rows;
	size_t first_other;  /* line of the first line left out, 0 none */
	int summaries;       /* read summary lines (loading, not sniffing) */
	size_t summary_lines;
	/* snapshots: a header seen again above a table that already has
	 * rows since the last one starts the next (a command polled in a
	 * loop, its header above each output) */
	size_t poll;
	int oom;
	/* lines amid a table's rows that fit none of its columns (a warning,
	 * a row cut short or wrapped): left out, the table going on */
	size_t misfits, misfit_line[MAX_MISFIT_LINES];
	/* the first line left out since the last row taken (ban, ban_set),
	 * and per snapshot the one above its header (banner[poll], len 0
	 * none): ip's "2: eth0: <...>" above each interface's tables */
	struct span ban;
	int ban_set;
	struct span *banner;
	size_t nbanner;
};

/* The line left out above the header that starts snapshot sc->poll: its
 * banner, when there is one since the last row. */
static void keep_banner(struct scan *sc)
{
	if (!sc->ban_set)
		return;
	if (sc->poll >= sc->nbanner) {
		size_t cap = sc->poll + 16;
		struct span *b = realloc(sc->banner, cap * sizeof *b);
		if (!b) {
			sc->oom = 1;
			return;
		}
		memset(b + sc->nbanner, 0, (cap - sc->nbanner) * sizeof *b);
		sc->banner = b;
		sc->nbanner = cap;
	}
	sc->banner[sc->poll] = sc->ban;
	sc->ban_set = 0;
}

static int ends_colon(const char *d, const struct tok *k)
{
	return k->kind == K_WORD && k->len > 1 && d[k->off + k->len - 1] == ':';
}

/* More cells than the header has names, the last column's text holding
 * blanks (a command line): what the other columns leave is numbers enough. */
static int text_tail(const struct tok *r, size_t rn, size_t hn)
{
	return rn > hn && hn >= 3 && r[hn - 1].kind == K_WORD && dsa_is_row(r, hn - 1);
}

static int fit_cells(const char *d, const struct tok *h, size_t hn, const struct tok *r, size_t rn);
static int empty_last(const char *d, size_t hoff, const struct tok *h, size_t hn, size_t roff, const struct tok *r,
		      size_t rn, int joined);

/* The screen columns [a, b) of n tokens of the line starting at off, tabs
 * to multiples of 8. */
static void screen_spans(const char *d, size_t off, const struct tok *t, size_t n, size_t *a, size_t *b)
{
	size_t pos = off, col = 0;
	for (size_t i = 0; i < n; i++) {
		for (; pos < t[i].off; pos++)
			col = d[pos] == '\t' ? (col / 8 + 1) * 8 : col + 1;
		a[i] = col;
		for (; pos < t[i].off + t[i].len; pos++)
			col = d[pos] == '\t' ? (col / 8 + 1) * 8 : col + 1;
		b[i] = col;
	}
}

/* 1 when the names stand over their cells: three in four of the header's
 * names share screen columns with the row's cell under them (right- or
 * left-aligned alike), or have it start just after them. What makes a
 * table of a terminal's, and what a line of words above lines that are
 * separated otherwise lacks. */
static int stands_over(const char *d, size_t hoff, const struct tok *h, size_t hn, size_t roff, const struct tok *r,
		       size_t rn, enum fit fit, int every)
{
	size_t *ha = malloc(2 * (hn + rn) * sizeof *ha);
	if (!ha)
		return 0;
	size_t *hb = ha + hn, *ra = hb + hn, *rb = ra + rn;
	screen_spans(d, hoff, h, hn, ha, hb);
	screen_spans(d, roff, r, rn, ra, rb);
	if (fit == FIT_LAST_TWO && hn >= 2)
		hb[hn - 2] = hb[hn - 1];
	size_t hfrom = fit == FIT_HEADER_NAME ? 1 : 0, rfrom = fit == FIT_ROW_NAME ? 1 : 0;
	size_t hto = fit == FIT_LAST_TWO ? hn - 1 : hn, pairs = 0, over = 0, shift = 0;
	for (size_t i = hfrom, j = rfrom; i < hto && j < rn; i++, j++) {
		/* the last name over a text with blanks: the cell is the rest */
		size_t end = i + 1 == hto && fit == FIT_SAME ? rb[rn - 1] : rb[j];
		/* a number wider than its column pushes the cells after it to
		 * the right (vmstat's memory in kB): the names may move with
		 * them, or not (a long name in a left-aligned column) */
		pairs++;
		int in = 0;
		for (size_t k = 0; k < 2 && !in; k++) {
			size_t a = ha[i] + (k ? shift : 0), b = hb[i] + (k ? shift : 0);
			in = (a < end && ra[j] < b) || (ra[j] >= b && ra[j] <= b + 2);
		}
		over += in;
		if (rb[j] > hb[i] + shift)
			shift = rb[j] - hb[i];
	}
	free(ha);
	return pairs && (every ? over == pairs : over * 4 >= pairs * 3);
}

/* Names of two words a blank apart, as a header cut at every blank gives
 * them: the tokens of each bit of joins (word k joined to word k+1) made
 * one. Returns the count left. */
static size_t apply_joins(struct tok *h, size_t hn, uint64_t joins)
{
	size_t w = 0;
	for (size_t k = 0; k < hn; k++) {
		if (w && k - 1 < 64 && (joins >> (k - 1) & 1)) {
			h[w - 1].len = h[k].off + h[k].len - h[w - 1].off;
			h[w - 1].kind = K_WORD;
			continue;
		}
		h[w++] = h[k];
	}
	return w;
}

/* A header whose names hold a blank and are set apart by one blank as
 * well ("Proto Recv-Q Send-Q Local Address   Foreign Address   State"):
 * two words a blank apart over one cell of the row below are one name.
 * *joins gets a bit per word joined to the next (0: none). */
static void joins_over_cells(const char *d, const struct tok *h, size_t hn, size_t hoff, const struct tok *r,
			     size_t rn, size_t roff, uint64_t *joins)
{
	*joins = 0;
	if (hn < 2 || hn > 64 || !rn)
		return;
	size_t *ha = malloc(2 * (hn + rn) * sizeof *ha);
	if (!ha)
		return;
	size_t *hb = ha + hn, *ra = hb + hn, *rb = ra + rn;
	screen_spans(d, hoff, h, hn, ha, hb);
	screen_spans(d, roff, r, rn, ra, rb);
	for (size_t k = 0; k + 1 < hn; k++) {
		if (h[k + 1].off != h[k].off + h[k].len + 1 || h[k].kind != K_WORD || h[k + 1].kind != K_WORD)
			continue;
		for (size_t i = 0; i < rn; i++)
			if (ra[i] < hb[k] && rb[i] > ha[k + 1]) {
				*joins |= (uint64_t)1 << k;
				break;
			}
	}
	free(ha);
}

/* The tokens of tb's header, cut as when it was found. */
static size_t header_tokens(const char *d, const struct table *tb, struct tok *h, int *comment)
{
	size_t hn = dsa_tokenize(d, tb->hoff, tb->hlen, h, comment, tb->hwide ? MERGE_WIDE : 1);
	return tb->hjoin && hn <= MAX_TOKS ? apply_joins(h, hn, tb->hjoin) : hn;
}

/* A row with fewer numbers than dsa_is_row asks for (a table of jobs:
 * names, states and node lists around a count and a time): a number, a
 * quarter of the cells numbers or stamps, a cell under each of four names
 * or more. Taken only where every name stands over its cell. */
static int sparse_row(const struct tok *r, size_t rn, size_t hn)
{
	size_t nums = 0;
	for (size_t i = 0; i < rn; i++)
		nums += r[i].kind == K_NUM;
	return rn == hn && hn >= 4 && nums >= 1 && dsa_numish(r, rn) * 4 >= rn;
}

/* 1 when one space, no more, sets each of the n tokens apart from the
 * next: a line written by a program for programs, not lined up. */
static int single_spaced(const char *d, const struct tok *t, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (t[i].off != t[i - 1].off + t[i - 1].len + 1 || d[t[i].off - 1] != ' ')
			return 0;
	return n >= 2;
}

/* A header written as a comment ("#Date Time [CPU]User% ...") over rows
 * of as many cells, names and cells each one space apart: a table with a
 * blank for a delimiter (collectl's plot files, gnuplot's data), whose
 * names cannot stand over cells that are not lined up. */
static int space_delimited(const char *d, const struct tok *h, size_t hn, size_t hoff, const struct tok *r,
			   size_t rn)
{
	while (hoff < h[0].off && dsa_is_blank(d[hoff]))
		hoff++;
	return rn == hn && hn >= 3 && d[hoff] == '#' && single_spaced(d, h, hn) && single_spaced(d, r, rn);
}

/* How a row of rn tokens lines up with a header of hn, or -1; *checked
 * set when every name was found over its cell. */
static int fit_of(const char *d, const struct tok *h, size_t hn, size_t hoff, const struct tok *r, size_t rn,
		  size_t roff, int *checked)
{
	int fit = fit_cells(d, h, hn, r, rn);
	*checked = 0;
	if (fit == FIT_SAME && space_delimited(d, h, hn, hoff, r, rn)) {
		*checked = 1;
		return fit;
	}
	if (fit >= 0) {
		if (!stands_over(d, hoff, h, hn, roff, r, rn, (enum fit)fit, 0))
			return -1;
		/* rows named on their left ("Mem:") are checked as well: a
		 * snapshot of free has only two */
		*checked = (fit == FIT_SAME && rn == hn && stands_over(d, hoff, h, hn, roff, r, rn, FIT_SAME, 1)) ||
			   (fit == FIT_ROW_NAME && stands_over(d, hoff, h, hn, roff, r, rn, FIT_ROW_NAME, 1));
		return fit;
	}
	*checked = sparse_row(r, rn, hn) && stands_over(d, hoff, h, hn, roff, r, rn, FIT_SAME, 1);
	return *checked ? FIT_SAME : -1;
}

/* How the cells of a row of rn tokens match a header of hn, or -1. */
static int fit_cells(const char *d, const struct tok *h, size_t hn, const struct tok *r, size_t rn)
{
	if (text_tail(r, rn, hn))
		return FIT_SAME;
	if (!dsa_is_row(r, rn))
		return -1;
	if (rn == hn)
		return FIT_SAME;
	if (rn == hn + 1 && r[0].kind == K_WORD)
		return FIT_ROW_NAME;
	if (rn + 1 == hn && ends_colon(d, &h[0]))
		return FIT_HEADER_NAME;
	if (rn + 1 == hn && hn >= 3 && h[hn - 1].kind == K_WORD && h[hn - 2].kind == K_WORD)
		return FIT_LAST_TWO;
	return -1;
}

/* 1 when each of tb's names stands over the row's cell under it. */
static int under_every_name(const char *d, const struct table *tb, const struct tok *r, size_t rn, size_t roff)
{
	struct tok h[MAX_TOKS + 1];
	int c;
	size_t hn = header_tokens(d, tb, h, &c);
	if (hn != tb->hn)
		return 0;
	/* a row one short: an empty last column (empty_last) */
	if (rn + 1 == hn)
		return empty_last(d, tb->hoff, h, hn, roff, r, rn, 1);
	return rn == hn && stands_over(d, tb->hoff, h, hn, roff, r, rn, FIT_SAME, 1);
}

/* 1 when each of tb's names stands over the cell under it of a row
 * named on its left, which may stop early (free's "Swap:"). */
static int named_row_under(const char *d, const struct table *tb, const struct tok *r, size_t rn, size_t roff)
{
	struct tok h[MAX_TOKS + 1];
	int c;
	size_t hn = header_tokens(d, tb, h, &c);
	return hn == tb->hn && stands_over(d, tb->hoff, h, hn, roff, r, rn, FIT_ROW_NAME, 1);
}

/* Whether a row of a table already made lines up with it; *checked as
 * fit_of's, found for a row with many numbers only when check is set (a
 * sniff asks; a load of many rows need not). */
static int row_fits(const char *d, const struct table *tb, const struct tok *r, size_t rn, size_t roff, int check,
		    int *checked)
{
	*checked = 0;
	/* a last cell of words (a command line, lsof's "/tmp/x (deleted)"):
	 * checked as the row of its first word would be */
	if (tb->fit == FIT_SAME && text_tail(r, rn, tb->hn)) {
		if (check)
			*checked = under_every_name(d, tb, r, tb->hn, roff);
		return 1;
	}
	if (tb->fit == FIT_SAME && !dsa_is_row(r, rn) && sparse_row(r, rn, tb->hn))
		return *checked = under_every_name(d, tb, r, rn, roff);
	if (check && tb->fit == FIT_SAME && dsa_is_row(r, rn) && (rn == tb->hn || rn + 1 == tb->hn))
		*checked = under_every_name(d, tb, r, rn, roff);
	if (check && tb->fit == FIT_ROW_NAME && dsa_is_row(r, rn) && rn >= 3 && rn <= tb->hn + 1 && r[0].kind == K_WORD)
		*checked = named_row_under(d, tb, r, rn, roff);
	if (tb->fit == FIT_RULED || tb->fit == FIT_WORDS || !dsa_is_row(r, rn))
		return 0;
	/* a row that stops early (free's "Swap:" has three of six values):
	 * the columns it leaves are empty */
	if (rn >= 3 && rn < tb->ncols && (tb->fit != FIT_ROW_NAME || r[0].kind == K_WORD))
		return 1;
	switch (tb->fit) {
	case FIT_SAME:
		return rn == tb->hn;
	case FIT_ROW_NAME:
		return rn == tb->hn + 1 && r[0].kind == K_WORD;
	case FIT_HEADER_NAME:
	case FIT_LAST_TWO:
		return rn + 1 == tb->hn;
	case FIT_RULED:
	case FIT_WORDS:
		return 0;
	}
	return 0;
}

/* ---- tables ---- */

static void table_free(struct table *tb)
{
	for (size_t c = 0; c < tb->ncols; c++)
		free(tb->names[c]);
	free(tb->names);
	free(tb->cells);
	free(tb->ctx_time);
	free(tb->line);
	free(tb->poll);
	free(tb->rule);
}

static char *dup_span(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

static long table_named(struct scan *sc, char **names, size_t ncols, enum fit fit, size_t hn, size_t line);

static void free_names(char **names, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(names[k]);
	free(names);
}

/* 1 when every token opens or closes with a dash: a line of groups of
 * columns ("--procs-- ----memory----", "disk- ---reads--- -IO-"). */
static int dashed_groups(const char *d, const struct tok *t, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (d[t[k].off] != '-' && d[t[k].off + t[k].len - 1] != '-')
			return 0;
	return n >= 2 && n <= MAX_TOKS;
}

/* The group over header token i when the line d[goff, goff + glen) names
 * groups of columns in runs of dashes ("disk- ----reads---- ----writes----
 * -IO-"): the group whose span shares the most screen columns with the
 * name, its dashes dropped, in *g (*gn bytes); 0 when none. */
static int group_over(const char *d, size_t hoff, const struct tok *h, size_t hn, size_t i, size_t goff,
		      size_t glen, size_t *g, size_t *gn)
{
	struct tok *gt = malloc((MAX_TOKS + 1) * sizeof *gt);
	size_t *sp = malloc(2 * (hn + MAX_TOKS) * sizeof *sp);
	int comment, found = 0;
	size_t n = gt && sp ? dsa_tokenize(d, goff, glen, gt, &comment, 0) : 0;
	if (dashed_groups(d, gt, n) && !comment) {
		size_t *ha = sp, *hb = sp + hn, *ga = sp + 2 * hn, *gb = ga + n, best = 0;
		screen_spans(d, hoff, h, hn, ha, hb);
		screen_spans(d, goff, gt, n, ga, gb);
		for (size_t k = 0; k < n; k++) {
			size_t lo = ha[i] > ga[k] ? ha[i] : ga[k], hi = hb[i] < gb[k] ? hb[i] : gb[k];
			size_t a = gt[k].off, b = gt[k].off + gt[k].len;
			while (a < b && d[a] == '-')
				a++;
			while (b > a && d[b - 1] == '-')
				b--;
			if (hi > lo && hi - lo > best && b > a) {
				best = hi - lo;
				*g = a;
				*gn = b - a;
				found = 1;
			}
		}
	}
	free(gt);
	free(sp);
	return found;
}

/* 1 when header token i's text comes again in the header. */
static int name_repeats(const char *d, const struct tok *h, size_t hn, size_t i)
{
	for (size_t k = 0; k < hn; k++)
		if (k != i && h[k].len == h[i].len && memcmp(d + h[k].off, d + h[i].off, h[i].len) == 0)
			return 1;
	return 0;
}

/* The table of header h (its line at hoff) under fit, an existing one when
 * the same names were seen before; its index, or -1 when out of memory.
 * Names that repeat take the group over them from the line above (glen 0:
 * none): vmstat -d's "total" under "reads" and under "writes" are "reads
 * total" and "writes total". */
static long table_for(struct scan *sc, const struct tok *h, size_t hn, enum fit fit, size_t line, size_t hoff,
		      size_t goff, size_t glen)
{
	size_t ncols = fit == FIT_ROW_NAME ? hn + 1 : fit == FIT_SAME ? hn : hn - 1;
	char **names = calloc(ncols, sizeof *names);
	if (!names)
		return -1;
	size_t c = 0;
	int ok = 1;
	if (fit == FIT_ROW_NAME)
		ok &= (names[c++] = dup_span("name", 4)) != NULL;
	for (size_t i = fit == FIT_HEADER_NAME ? 1 : 0; i < hn && ok; i++) {
		const struct tok *k = &h[i];
		if (fit == FIT_LAST_TWO && i == hn - 2) {
			ok &= (names[c++] = dup_span(sc->d + k->off, h[i + 1].off + h[i + 1].len - k->off)) != NULL;
			break;
		}
		/* "Device:" names the column Device, and R's write.table
		 * quotes its names: "Situps" names Situps */
		size_t off = k->off, len = k->len > 1 && sc->d[k->off + k->len - 1] == ':' ? k->len - 1 : k->len, g, gn;
		if (len > 2 && sc->d[off] == '"' && sc->d[off + len - 1] == '"') {
			off++;
			len -= 2;
		}
		if (k->kind != K_STAMP && glen && name_repeats(sc->d, h, hn, i) &&
		    group_over(sc->d, hoff, h, hn, i, goff, glen, &g, &gn)) {
			char *q = malloc(gn + 1 + len + 1);
			if (q) {
				memcpy(q, sc->d + g, gn);
				q[gn] = ' ';
				memcpy(q + gn + 1, sc->d + off, len);
				q[gn + 1 + len] = 0;
			}
			ok &= (names[c++] = q) != NULL;
			continue;
		}
		ok &= (names[c++] = k->kind == K_STAMP ? dup_span("time", 4) : dup_span(sc->d + off, len)) != NULL;
	}
	if (!ok) {
		free_names(names, ncols);
		return -1;
	}
	return table_named(sc, names, ncols, fit, hn, line);
}

/* The table of these names (taken; freed when it exists already) under
 * fit, made when new; its index, or -1 when out of memory. */
static long table_named(struct scan *sc, char **names, size_t ncols, enum fit fit, size_t hn, size_t line)
{
	uint64_t key = 1469598103934665603ULL ^ (uint64_t)fit;
	for (size_t k = 0; k < ncols; k++)
		for (const char *q = names[k];; q++) {
			key = (key ^ (unsigned char)*q) * 1099511628211ULL;
			if (!*q)
				break;
		}
	struct ll_slots_probe p = ll_slots_probe(&sc->ix, (uint32_t)(key ^ (key >> 32)));
	for (uint32_t id; (id = ll_slots_next(&sc->ix, &p)) != LL_SLOTS_NONE;) {
		struct table *tb = &sc->t[id];
		if (tb->ncols != ncols || tb->fit != fit)
			continue;
		size_t same = 0;
		while (same < ncols && strcmp(tb->names[same], names[same]) == 0)
			same++;
		if (same == ncols) {
			free_names(names, ncols);
			/* its header again, over rows of this snapshot: the next */
			if (line != tb->hline) {
				tb->hline = line;
				if (tb->nrows && tb->poll[tb->nrows - 1] == sc->poll)
					sc->poll++;
				keep_banner(sc);
			}
			return (long)id;
		}
	}
	if (sc->nt == sc->tcap) {
		size_t cap = sc->tcap ? sc->tcap * 2 : 4;
		struct table *t = realloc(sc->t, cap * sizeof *t);
		if (!t) {
			free_names(names, ncols);
			return -1;
		}
		sc->t = t;
		sc->tcap = cap;
	}
	if (ll_slots_add(&sc->ix, &p, (uint32_t)sc->nt) != LL_OK) {
		free_names(names, ncols);
		return -1;
	}
	struct table *tb = &sc->t[sc->nt];
	memset(tb, 0, sizeof *tb);
	tb->names = names;
	tb->ncols = ncols;
	tb->fit = fit;
	tb->hn = hn;
	tb->time_col = -2; /* decided by the first row */
	tb->date_col = -1;
	tb->first_line = line;
	tb->hline = line;
	keep_banner(sc);
	return (long)sc->nt++;
}

/* The column of a table's first row that is its time: a stamp under a
 * stamp, a stamp with date and clock, or a clock or an epoch under a
 * time's name in the first two columns. */
static int find_time_col(const struct scan *sc, const struct table *tb, const struct tok *h, size_t hn,
			 const struct tok *cells, size_t nc)
{
	size_t shift = tb->fit == FIT_ROW_NAME ? 1 : 0, hskip = tb->fit == FIT_HEADER_NAME ? 1 : 0;
	for (size_t c = 0; c < nc; c++) {
		const struct tok *k = &cells[c];
		const struct tok *hk = c >= shift && c - shift + hskip < hn ? &h[c - shift + hskip] : NULL;
		/* a time's name alone says so where stamps stand, first: a TIME
		 * further on is a duration (ps's CPU time) */
		int named = c <= shift + 1 && ds_csv_time_name(tb->names[c]);
		if (k->kind == K_STAMP && k->has_clock && ((hk && hk->kind == K_STAMP) || k->has_date || named))
			return (int)c;
		if (k->kind == K_NUM && named) {
			double v, t;
			if (ll_parse_number(sc->d + k->off, k->len, &v) && v > 1e8 && ll_time_from_epoch(v, &t))
				return (int)c;
		}
	}
	return -1;
}

static int add_row(struct scan *sc, struct table *tb, const struct tok *r, size_t rn, size_t line, double ctx)
{
	if (tb->nrows == tb->cap) {
		size_t cap = tb->cap ? tb->cap * 2 : 16;
		struct span *c = realloc(tb->cells, cap * tb->ncols * sizeof *c);
		if (c)
			tb->cells = c;
		double *x = realloc(tb->ctx_time, cap * sizeof *x);
		if (x)
			tb->ctx_time = x;
		size_t *l = realloc(tb->line, cap * sizeof *l);
		if (l)
			tb->line = l;
		size_t *q = realloc(tb->poll, cap * sizeof *q);
		if (q)
			tb->poll = q;
		if (!c || !x || !l || !q)
			return LL_ENOMEM;
		tb->cap = cap;
	}
	struct span *out = tb->cells + tb->nrows * tb->ncols;
	for (size_t c = 0; c < tb->ncols; c++) {
		if (c + 1 == tb->ncols && rn > tb->ncols) { /* FIT_TAIL: the rest is the last cell */
			out[c].off = r[c].off;
			out[c].len = r[rn - 1].off + r[rn - 1].len - r[c].off;
		} else {
			out[c].off = c < rn ? r[c].off : 0;
			out[c].len = c < rn ? r[c].len : 0;
		}
	}
	tb->ctx_time[tb->nrows] = ctx;
	tb->line[tb->nrows] = line;
	tb->poll[tb->nrows] = sc->poll;
	tb->nrows++;
	sc->rows++;
	sc->ban_set = 0;
	if (tb->fit == FIT_RULED || tb->fit == FIT_WORDS) {
		sc->ruled_rows++;
		return LL_OK;
	}
	sc->cells += rn < tb->ncols ? rn : tb->ncols;
	sc->numish_cells += dsa_numish(r, rn < tb->ncols ? rn : tb->ncols);
	return LL_OK;
}

struct pending {
	size_t off, len, line;
};

/* A header whose last name has nothing under it in the row (ss's
 * "Process" with no process asked for): its names but the last stand
 * over the row's cells, and the last starts past the row's end, set apart
 * from the name before by two blanks or by names that hold blanks
 * themselves (joined: "Peer Address:Port Process"), so that it is no
 * second word of the name before ("Mounted on"). The last column is then
 * empty. */
static int empty_last(const char *d, size_t hoff, const struct tok *h, size_t hn, size_t roff, const struct tok *r,
		      size_t rn, int joined)
{
	if (rn + 1 != hn || hn < 3 || h[hn - 1].kind != K_WORD)
		return 0;
	if (!joined && h[hn - 1].off < h[hn - 2].off + h[hn - 2].len + 2)
		return 0;
	if (!dsa_is_row(r, rn) && !sparse_row(r, rn, rn))
		return 0;
	size_t ha[1], hb[1], ra[1], rb[1];
	screen_spans(d, hoff, h + hn - 1, 1, ha, hb);
	screen_spans(d, roff, r + rn - 1, 1, ra, rb);
	return ha[0] > rb[0] && stands_over(d, hoff, h, hn - 1, roff, r, rn, FIT_SAME, 1);
}

/* The line of names pw cut at every blank, its words over one cell of
 * the row joined (joins_over_cells): into h (*hn tokens, *joins), the fit
 * of the row (-1 none, or no words joined) and *checked as fit_of's. */
static int joined_fit(const char *d, const struct pending *pw, const struct tok *t, size_t nt, size_t off,
		      struct tok *h, size_t *hn, uint64_t *joins, int *checked)
{
	int c, fit = -1;
	*joins = 0;
	*checked = 0;
	*hn = dsa_tokenize(d, pw->off, pw->len, h, &c, 1);
	if (*hn <= MAX_TOKS)
		joins_over_cells(d, h, *hn, pw->off, t, nt, off, joins);
	if (!*joins)
		return -1;
	*hn = apply_joins(h, *hn, *joins);
	fit = fit_of(d, h, *hn, pw->off, t, nt, off, checked);
	if ((fit < 0 || fit == FIT_LAST_TWO) && empty_last(d, pw->off, h, *hn, off, t, nt, 1)) {
		fit = FIT_SAME;
		*checked = 1;
	}
	return fit;
}

/* How a row of nt tokens t fits the waiting line of names pw, its tokens
 * into h (*hn of them): cut at blanks, else with the words over one cell
 * joined (*joins) when then every name stands over its cell, else with
 * its names going on over single blanks (*wide), else joined as may be.
 * *fit is -1 when none fits. 0 when the line is skipped: groups drawn with
 * dashes over the names below them (not_last: there are). */
static int header_fit(const char *d, const struct pending *pw, int not_last, const struct tok *t, size_t nt,
		      size_t off, struct tok *h, size_t *hn, int *wide, uint64_t *joins, int *fit, int *checked)
{
	int c;
	*wide = 0;
	*joins = 0;
	*checked = 0;
	*hn = dsa_tokenize(d, pw->off, pw->len, h, &c, 1);
	if (not_last && dashed_groups(d, h, *hn))
		return 0;
	*fit = *hn <= MAX_TOKS ? fit_of(d, h, *hn, pw->off, t, nt, off, checked) : -1;
	if ((*fit < 0 || *fit == FIT_LAST_TWO) && *hn <= MAX_TOKS && empty_last(d, pw->off, h, *hn, off, t, nt, 0)) {
		*fit = FIT_SAME;
		*checked = 1;
	}
	if (*fit >= 0)
		return 1;
	/* names that hold a blank, a blank apart ("Recv-Q Send-Q Local
	 * Address:Port"): joined over the cells when that puts every name
	 * over its cell, before merging at every single blank, which would
	 * make "Recv-Q Send-Q" one */
	*fit = joined_fit(d, pw, t, nt, off, h, hn, joins, checked);
	if (*fit >= 0 && *checked)
		return 1;
	size_t pn = dsa_tokenize(d, pw->off, pw->len, h, &c, 1);
	size_t wn = dsa_tokenize(d, pw->off, pw->len, h, &c, MERGE_WIDE);
	int wfit = wn != pn && wn <= MAX_TOKS ? fit_of(d, h, wn, pw->off, t, nt, off, checked) : -1;
	if (wfit >= 0) {
		*fit = wfit;
		*hn = wn;
		*wide = 1;
		*joins = 0;
		return 1;
	}
	*fit = joined_fit(d, pw, t, nt, off, h, hn, joins, checked);
	return 1;
}

/* The times lines give to the rows after them. */
struct clock_ctx {
	double date;     /* midnight of the last date seen, NAN none */
	double last;     /* the last time given, NAN none */
	double time;     /* the time the last stamp line gave, NAN none */
	int dated;       /* some line had a date */
	int undated;     /* some clock had no date to go with */
	int year;        /* of a day and month without one (the opener's), 0 none */
};

/* A clock (seconds of day) on the context's day; the next day when it
 * goes back by more than an hour (rows of a report are in time order, so
 * 12:00:00 AM after 11:59:59 PM is the next day; a clock an hour back is no
 * jitter either). The day moves on with it. */
static double on_date(struct clock_ctx *cx, double sod)
{
	if (isnan(cx->date))
		cx->undated = 1;
	double day = isnan(cx->date) ? 0 : cx->date, t = day + sod;
	while (!isnan(cx->last) && t < cx->last - 3600) {
		day += DAY;
		t += DAY;
	}
	if (!isnan(cx->date) || day > 0)
		cx->date = day;
	return t;
}

/* The time of a stamp cell in context, NAN when it has no clock. */
static double stamp_time(struct clock_ctx *cx, const char *s, size_t n)
{
	double date, sod, abs;
	dsa_stamp_parts(s, n, cx->year, &date, &sod, &abs);
	if (!isnan(abs))
		return abs;
	if (!isnan(date)) {
		cx->date = date;
		cx->dated = 1;
		cx->last = NAN;
	}
	if (isnan(sod))
		return NAN;
	double t = on_date(cx, sod);
	cx->last = t;
	return t;
}

/* A clock's cell after a cell that is a date ("2026-12-03", or digits
 * "20261203" under a Date: nvidia-smi dmon -o DT) takes that date. */
static int date_beside(struct clock_ctx *cx, const char *d, const struct tok *k)
{
	const char *s = d + k->off;
	double date = NAN;
	int y, m, dd;
	if (k->kind == K_STAMP && k->has_date && !k->has_clock && dsa_parse_date(s, k->len, &y, &m, &dd))
		date = ll_time_from_civil(y, m, dd, 0, 0, 0);
	else if (k->kind == K_NUM && k->len == 8 && isdigit((unsigned char)s[0])) {
		y = dsa_small_int(s, 4), m = dsa_small_int(s + 4, 2), dd = dsa_small_int(s + 6, 2);
		int digits_only = 1;
		for (size_t i = 0; i < 8; i++)
			digits_only &= isdigit((unsigned char)s[i]) != 0;
		if (digits_only && y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && dd >= 1 && dd <= 31)
			date = ll_time_from_civil(y, m, dd, 0, 0, 0);
	}
	if (isnan(date))
		return 0;
	cx->date = date;
	cx->dated = 1;
	cx->last = NAN;
	return 1;
}

/* A line of other text: its date (a banner's) and first clock (a report's
 * "top - 21:54:09 up ...") date the rows after it. */
static void other_line(struct clock_ctx *cx, const char *d, const struct tok *t, size_t nt)
{
	for (size_t i = 0; i < nt; i++)
		if (t[i].kind == K_STAMP && t[i].has_date) {
			stamp_time(cx, d + t[i].off, t[i].len);
			break;
		}
	for (size_t i = 0; i < nt; i++)
		if (t[i].kind == K_STAMP && t[i].has_clock) {
			cx->time = stamp_time(cx, d + t[i].off, t[i].len);
			break;
		}
}

/* Appends s[0..n) to buf (cap bytes, NUL kept) with runs of blanks made one
 * space and blanks at the ends dropped; returns the new length. */
static size_t put_words(char *buf, size_t at, size_t cap, const char *s, size_t n)
{
	int gap = 0;
	for (size_t i = 0; i < n && at + 1 < cap; i++) {
		if (s[i] == ' ' || s[i] == '\t') {
			gap = 1;
			continue;
		}
		if (gap && at > 0 && buf[at - 1] != ' ')
			buf[at++] = ' ';
		gap = 0;
		if (at + 1 < cap)
			buf[at++] = s[i];
	}
	buf[at] = 0;
	return at;
}

#define MAX_SUMMARY 32

/* A line of other text that counts quantities after a label ("Tasks: 464
 * total, 1 running", "%Cpu(s): 3.5 us, 1.5 sy", "load average: 0.20, 0.36,
 * 0.56"): its numbers are a row of a table of their own, its columns
 * "label name" (or "label N"), dated as the lines above date rows: top's
 * summary above each process table. 1 when the line is one, 0 when not,
 * LL_ENOMEM. */
static int summary_line(struct scan *sc, double when, size_t off, size_t end, size_t line)
{
	const char *d = sc->d;
	size_t colon = 0;
	/* the last label: a ':' after a letter, ')' or blank, before a blank */
	for (size_t i = off + 1; i + 1 < end; i++)
		if (d[i] == ':' && (isalpha((unsigned char)d[i - 1]) || d[i - 1] == ')' || d[i - 1] == ' ') &&
		    (d[i + 1] == ' ' || d[i + 1] == '\t'))
			colon = i;
	if (!colon)
		return 0;
	size_t ls = colon;
	while (ls > off && d[ls - 1] != ',')
		ls--;
	char label[64];
	size_t ll = put_words(label, 0, sizeof label, d + ls, colon - ls);
	int letter = 0;
	for (size_t i = 0; i < ll; i++)
		letter |= isalpha((unsigned char)label[i]) != 0;
	if (!letter || ll + 1 >= sizeof label)
		return 0;
	struct tok items[MAX_SUMMARY];
	char *names[MAX_SUMMARY];
	size_t n = 0, a = colon + 1;
	int ok = 1;
	while (a < end && ok) {
		/* items end at ", " and at ". " after a word ("0.0 used.  23849.3 avail"),
		 * and at a ',' between a word and a number: top pads its values to a
		 * width, so a wide one touches the comma ("0.0 us,100.0 sy") */
		size_t b = a;
		while (b < end &&
		       !(((d[b] == ',' || (d[b] == '.' && b > a && isalpha((unsigned char)d[b - 1]))) &&
			  (b + 1 == end || d[b + 1] == ' ' || d[b + 1] == '\t')) ||
			 (d[b] == ',' && b > a && isalpha((unsigned char)d[b - 1]) && b + 1 < end &&
			  (isdigit((unsigned char)d[b + 1]) || d[b + 1] == '-'))))
			b++;
		size_t x = a, y = b;
		while (x < y && (d[x] == ' ' || d[x] == '\t'))
			x++;
		size_t num_end = x;
		while (num_end < y && d[num_end] != ' ' && d[num_end] != '\t')
			num_end++;
		double v;
		if (x == y || n == MAX_SUMMARY || !ds_csv_cell_number(d + x, num_end - x, &v)) {
			ok = 0;
			break;
		}
		char name[128];
		size_t nl = put_words(name, 0, sizeof name, label, ll);
		name[nl++] = ' ';
		name[nl] = 0;
		size_t before = nl;
		nl = put_words(name, nl, sizeof name, d + num_end, y - num_end);
		if (nl == before)
			nl += (size_t)snprintf(name + nl, sizeof name - nl, "%zu", n + 1);
		items[n] = (struct tok){x, num_end - x, K_NUM, 0, 0, 0, 0};
		if (!(names[n] = dup_span(name, nl < sizeof name ? nl : sizeof name - 1)))
			return LL_ENOMEM; /* (the names so far leak only when memory is gone) */
		n++;
		a = b < end ? b + 1 : end;
	}
	if (!ok || n < 2) {
		for (size_t k = 0; k < n; k++)
			free(names[k]);
		return 0;
	}
	char **owned = malloc(n * sizeof *owned);
	if (!owned) {
		for (size_t k = 0; k < n; k++)
			free(names[k]);
		return LL_ENOMEM;
	}
	memcpy(owned, names, n * sizeof *owned);
	long t = table_named(sc, owned, n, FIT_SAME, n, line);
	if (t < 0)
		return LL_ENOMEM;
	struct table *tb = &sc->t[t];
	if (tb->time_col == -2)
		tb->time_col = -1;
	tb->summary = 1;
	return add_row(sc, tb, items, n, line, when) == LL_OK ? 1 : LL_ENOMEM;
}

/* A row of table tb: its time (its own stamp read in order: a clock keeps
 * to the date and day the lines before gave; an epoch is build's). */
static int take_row(struct scan *sc, struct clock_ctx *cx, struct table *tb, const struct tok *t, size_t nt,
		    size_t line)
{
	const char *d = sc->d;
	double ctx = cx->time;
	if (tb->time_col >= 0) {
		const struct tok *k = (size_t)tb->time_col < nt ? &t[tb->time_col] : NULL;
		if (k && k->kind == K_STAMP && tb->time_col > 0 && date_beside(cx, d, &t[tb->time_col - 1]) &&
		    !tb->nrows)
			tb->date_col = tb->time_col - 1; /* in the time now */
		ctx = k && k->kind == K_STAMP ? stamp_time(cx, d + k->off, k->len) : NAN;
	}
	return add_row(sc, tb, t, nt, line, ctx);
}

static int rule_gap(char c)
{
	return c == ' ' || c == '\t' || c == '|' || c == '\r';
}

/* Cuts line s[0, len) by a rule of nr runs [a[k], b[k]): each stretch of
 * text between blanks goes to the run it overlaps, or to the nearest when
 * it stands in a gap (a name or number wider than its rule: PowerShell's
 * right-aligned Id); a column's cell runs from its first stretch to its
 * last ("Windows Audio"). x[k], y[k] the cells (x == y: empty). 0 when a
 * stretch overlaps two runs: the line is no row of this rule. */
static int cut_ruled(const char *s, size_t len, const size_t *a, const size_t *b, size_t nr, size_t *x, size_t *y)
{
	for (size_t k = 0; k < nr; k++)
		x[k] = y[k] = 0;
	size_t i = 0, k = 0;
	while (i < len) {
		while (i < len && rule_gap(s[i]))
			i++;
		if (i == len)
			break;
		size_t from = i;
		while (i < len && !rule_gap(s[i]))
			i++;
		while (k < nr && b[k] <= from)
			k++;
		/* k: the first run that ends after the stretch starts */
		size_t col;
		if (k < nr && a[k] < i) {
			if (k + 1 < nr && a[k + 1] < i)
				return 0;
			col = k;
		} else if (k == nr) {
			col = nr - 1;
		} else if (k == 0) {
			col = 0;
		} else {
			col = from - b[k - 1] < a[k] - i ? k - 1 : k;
		}
		if (x[col] == y[col])
			x[col] = from;
		y[col] = i;
	}
	return 1;
}

/* The table of a header line ruled with nr runs [a, b) under it: its
 * index; -1 when the header does not fit the rule or names fewer than
 * half its columns; -2 out of memory. */
static long ruled_table(struct scan *sc, const struct pending *hd, const size_t *a, const size_t *b, size_t nr)
{
	const char *s = sc->d + hd->off;
	size_t *rule = malloc(4 * nr * sizeof *rule);
	char **names = calloc(nr, sizeof *names);
	if (!names || !rule) {
		free(names);
		free(rule);
		return -2;
	}
	size_t *x = rule + 2 * nr, *y = x + nr, named = 0;
	int fits = cut_ruled(s, hd->len, a, b, nr, x, y);
	for (size_t k = 0; k < nr && fits; k++)
		named += x[k] < y[k];
	if (!fits || named * 2 < nr) {
		free(names);
		free(rule);
		return -1;
	}
	for (size_t k = 0; k < nr; k++) {
		char num[24];
		snprintf(num, sizeof num, "col%zu", k + 1);
		names[k] = x[k] < y[k] ? dup_span(s + x[k], y[k] - x[k]) : dup_span(num, strlen(num));
		if (!names[k]) {
			free_names(names, nr);
			free(rule);
			return -2;
		}
		rule[k] = a[k];
		rule[nr + k] = b[k];
	}
	long id = table_named(sc, names, nr, FIT_RULED, nr, hd->line);
	if (id < 0) {
		free(rule);
		return -2;
	}
	struct table *tb = &sc->t[id];
	free(tb->rule); /* the same names ruled again: the new rule's widths */
	tb->rule = rule;
	tb->hoff = hd->off;
	tb->hlen = hd->len;
	return id;
}

/* The cells of line [off, end) cut where tb's rule says, into t[tb->ncols]:
 * 1 when the line is a row (it fits the rule, two cells and a third of
 * the columns filled). */
static int ruled_cells(const struct scan *sc, const struct table *tb, size_t off, size_t end, struct tok *t)
{
	const char *s = sc->d + off;
	size_t nc = tb->ncols, filled = 0, *x = tb->rule + 2 * nc, *y = x + nc;
	if (tb->fit == FIT_WORDS ? !dsa_word_cut(s, end - off, tb->rule, tb->rule + nc, nc, x, y)
				 : !cut_ruled(s, end - off, tb->rule, tb->rule + nc, nc, x, y))
		return 0;
	for (size_t k = 0; k < nc; k++) {
		t[k] = (struct tok){off + x[k], y[k] - x[k], dsa_classify(s + x[k], y[k] - x[k]), 0, 0, 0, 0};
		if (t[k].kind == K_STAMP) {
			double date, sod, abs;
			dsa_stamp_parts(s + x[k], y[k] - x[k], 0, &date, &sod, &abs);
			t[k].has_date = !isnan(date) || !isnan(abs);
			t[k].has_clock = !isnan(sod) || !isnan(abs);
		}
		filled += y[k] > x[k];
	}
	return filled >= 2 && filled * 3 >= nc;
}

/* 1 when the cells of a ruled row are its table's names. */
static int same_names(const struct scan *sc, const struct table *tb, const struct tok *t)
{
	for (size_t k = 0; k < tb->ncols; k++) {
		const char *nm = tb->names[k];
		if (!t[k].len ? strncmp(nm, "col", 3) != 0
			      : strlen(nm) != t[k].len || memcmp(nm, sc->d + t[k].off, t[k].len) != 0)
			return 0;
	}
	return 1;
}

/* A table of words (ds_aligned_words.c) under the header hd, the line
 * [off, end) its first row: its index; -1 when the header is no line of
 * upper-case names or the row does not start its cells at their columns;
 * -2 out of memory. */
static long word_table(struct scan *sc, const struct pending *hd, size_t off, size_t end)
{
	size_t start[MAX_TOKS], gap[MAX_TOKS], col[MAX_TOKS], right[MAX_TOKS];
	const char *s = sc->d + hd->off;
	size_t nw = dsa_word_header(s, hd->len, start, gap, MAX_TOKS);
	size_t nc = nw ? dsa_word_columns(sc->d + off, end - off, start, gap, nw, col, right) : 0;
	if (!nc)
		return -1;
	size_t *rule = malloc(4 * nc * sizeof *rule);
	char **names = calloc(nc, sizeof *names);
	if (!names || !rule) {
		free(names);
		free(rule);
		return -2;
	}
	size_t *x = rule + 2 * nc, *y = x + nc;
	/* the header cut at its own columns is its names, one each */
	int ok = dsa_word_cut(sc->d + off, end - off, col, right, nc, x, y) &&
		 dsa_word_cut(s, hd->len, col, right, nc, x, y);
	for (size_t k = 0; k < nc && ok; k++)
		ok = x[k] < y[k];
	if (!ok) {
		free(names);
		free(rule);
		return -1;
	}
	for (size_t k = 0; k < nc; k++) {
		names[k] = dup_span(s + x[k], y[k] - x[k]);
		if (!names[k]) {
			free_names(names, nc);
			free(rule);
			return -2;
		}
		rule[k] = col[k];
		rule[nc + k] = right[k];
	}
	long id = table_named(sc, names, nc, FIT_WORDS, nc, hd->line);
	if (id < 0) {
		free(rule);
		return -2;
	}
	struct table *tb = &sc->t[id];
	free(tb->rule); /* the same names again: this header's columns */
	tb->rule = rule;
	tb->hoff = hd->off;
	tb->hlen = hd->len;
	return id;
}

/* The line [off, end) as the first row of a table of words under the
 * last header waiting: 1 taken, 0 not, -1 out of memory. */
static int word_row(struct scan *sc, struct clock_ctx *cx, struct pending *pend, size_t *np, long *cur, struct tok *t,
		    size_t off, size_t end, size_t line)
{
	if (!*np)
		return 0;
	long id = word_table(sc, &pend[*np - 1], off, end);
	if (id == -2)
		return -1;
	if (id < 0 || !ruled_cells(sc, &sc->t[id], off, end, t))
		return 0;
	struct table *tb = &sc->t[id];
	sc->structure += *np;
	*np = 0;
	*cur = id;
	if (tb->time_col == -2)
		tb->time_col = find_time_col(sc, tb, NULL, 0, t, tb->ncols);
	return take_row(sc, cx, tb, t, tb->ncols, line) == LL_OK ? 1 : -1;
}

static void scan_free(struct scan *sc)
{
	for (size_t i = 0; i < sc->nt; i++)
		table_free(&sc->t[i]);
	free(sc->t);
	ll_slots_free(&sc->ix);
	sc->t = NULL;
	sc->nt = sc->tcap = 0;
	free(sc->banner);
	sc->banner = NULL;
	sc->nbanner = 0;
}

/* A row with cells left blank inside it (dstat's first sample, before
 * its rates exist): fewer cells than names, a stamp first or none and
 * numbers after it, each under one name of its own in the header's order
 * (screen columns shared). Places them in out[hn], the names without a
 * cell empty; 1 when it is such a row. */
static int row_with_gaps(const char *d, const struct tok *h, size_t hn, size_t hoff, const struct tok *r, size_t rn,
			 size_t roff, struct tok *out)
{
	if (hn < 3 || rn < 2 || rn >= hn)
		return 0;
	size_t nums = 0;
	for (size_t j = 0; j < rn; j++) {
		if (r[j].kind == K_WORD || (r[j].kind == K_STAMP && j > 0))
			return 0;
		nums += r[j].kind == K_NUM;
	}
	size_t *sp = malloc(2 * (hn + rn) * sizeof *sp);
	if (!sp || !nums) {
		free(sp);
		return 0;
	}
	size_t *ha = sp, *hb = ha + hn, *ra = hb + hn, *rb = ra + rn, next = 0;
	screen_spans(d, hoff, h, hn, ha, hb);
	screen_spans(d, roff, r, rn, ra, rb);
	for (size_t i = 0; i < hn; i++)
		out[i] = (struct tok){roff, 0, K_DASH, 0, 0, 0, 0};
	int ok = 1;
	for (size_t j = 0; j < rn && ok; j++) {
		size_t best = hn, most = 0;
		for (size_t i = next; i < hn; i++) {
			size_t lo = ha[i] > ra[j] ? ha[i] : ra[j], hi = hb[i] < rb[j] ? hb[i] : rb[j];
			if (hi > lo && hi - lo > most) {
				most = hi - lo;
				best = i;
			}
		}
		ok = best < hn;
		if (ok) {
			out[best] = r[j];
			next = best + 1;
		}
	}
	free(sp);
	return ok;
}

/* Records misfit lines ln[0, n) amid a table's rows: no longer lines
 * left out of the file's tables' reach, but named in a note of their own. */
static void note_misfits(struct scan *sc, const size_t *ln, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (sc->misfits < MAX_MISFIT_LINES)
			sc->misfit_line[sc->misfits] = ln[k];
		sc->misfits++;
	}
}

/* Line [off, end) taken as a row of table ti when it is one (cut as the
 * table's rows are): 1 taken, 0 not, LL_ENOMEM. */
static int resume_row(struct scan *sc, struct clock_ctx *cx, long ti, struct tok *t, size_t off, size_t end,
		      size_t line)
{
	struct table *tb = &sc->t[ti];
	int comment, checked;
	size_t nt;
	if (tb->fit == FIT_RULED) {
		if (!ruled_cells(sc, tb, off, end, t))
			return 0;
		nt = tb->ncols;
	} else {
		nt = dsa_tokenize(sc->d, off, end - off, t, &comment, !tb->raw);
		if (comment || nt > MAX_TOKS || dsa_is_header_of(sc->d, t, nt) ||
		    !row_fits(sc->d, tb, t, nt, off, !sc->summaries, &checked))
			return 0;
		sc->loose_rows += !checked;
	}
	return take_row(sc, cx, tb, t, nt, line) == LL_OK ? 1 : LL_ENOMEM;
}

/* Whether line [off, off + len) is the header of a table of the scan
 * (its words the same, however spaced). */
static int known_header(const struct scan *sc, size_t off, size_t len)
{
	char a[512], b[512];
	if (len >= sizeof a)
		return 0;
	size_t al = put_words(a, 0, sizeof a, sc->d + off, len);
	for (size_t k = 0; k < sc->nt; k++) {
		const struct table *tb = &sc->t[k];
		if (!tb->hlen || tb->hlen >= sizeof b)
			continue;
		size_t bl = put_words(b, 0, sizeof b, sc->d + tb->hoff, tb->hlen);
		if (al == bl && !memcmp(a, b, al))
			return 1;
	}
	return 0;
}

/* One pass over d: tables, their rows and the lines' roles. whole: 0 for
 * a sniff window whose last line may be cut. Returns LL_OK or LL_ENOMEM. */
static int scan(struct scan *sc, const char *d, size_t n, int whole, struct clock_ctx *cx)
{
	memset(sc, 0, sizeof *sc);
	sc->summaries = whole;
	sc->d = d;
	sc->n = n;
	struct tok *h = malloc(2 * (MAX_TOKS + 1) * sizeof *h), *t = h ? h + MAX_TOKS + 1 : NULL;
	size_t *ra = malloc(2 * MAX_TOKS * sizeof *ra);
	if (!h || !ra) {
		free(h);
		free(ra);
		return LL_ENOMEM;
	}
	struct pending pend[MAX_PENDING];
	size_t np = 0, pos = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, line = 0;
	long cur = -1;
	/* the table a misfit line closed, while a row of it may follow: the
	 * rows taken when it closed, the misfit lines since */
	long held = -1;
	size_t held_rows = 0, held_first = 0, nheld = 0, held_line[MISFIT_RUN + MAX_PENDING + 1];
	while (pos < n) {
		const char *nl = memchr(d + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - d) : n, off = pos;
		pos = nl ? end + 1 : n;
		line++;
		if (!nl && !whole)
			break;
		int comment;
		size_t nt = dsa_tokenize(d, off, end - off, t, &comment, 1);
		if (nt == 0) {
			if (!comment)
				continue;
		}
		sc->nonblank++;
		if (nt > MAX_TOKS) {
			held = -1;
			if (!sc->ban_set && !comment) {
				sc->ban = (struct span){off, end - off};
				sc->ban_set = 1;
			}
			sc->other++;
			sc->first_other = sc->first_other ? sc->first_other : line;
			continue;
		}
		/* a rule of dashes under a header gives its columns; the rows
		 * under it are cut where it says */
		size_t nr = comment ? 0 : dsa_rule(d + off, end - off, ra, ra + MAX_TOKS, MAX_TOKS);
		if (nr) {
			long got = np ? ruled_table(sc, &pend[np - 1], ra, ra + MAX_TOKS, nr) : -1;
			if (got == -2)
				goto nomem;
			if (got >= 0) {
				sc->structure += np;
				np = 0;
				cur = got;
			} else if (cur >= 0 && sc->t[cur].fit == FIT_RULED && sc->t[cur].nrows) {
				cur = -1; /* a rule under the rows closes the table's box */
			}
			sc->structure++;
			continue;
		}
		if (!comment && cur >= 0 && (sc->t[cur].fit == FIT_RULED || sc->t[cur].fit == FIT_WORDS) &&
		    ruled_cells(sc, &sc->t[cur], off, end, t)) {
			/* the header again (a client's next page): the rule follows */
			if (same_names(sc, &sc->t[cur], t)) {
				sc->structure += np;
				pend[0] = (struct pending){off, end - off, line};
				np = 1;
				continue;
			}
			if (sc->t[cur].time_col == -2)
				sc->t[cur].time_col = find_time_col(sc, &sc->t[cur], NULL, 0, t, sc->t[cur].ncols);
			if (take_row(sc, cx, &sc->t[cur], t, sc->t[cur].ncols, line) != LL_OK)
				goto nomem;
			continue;
		}
		/* a line that is a stamp (and maybe its zone) dates what follows */
		if (!comment && t[0].kind == K_STAMP && t[0].has_clock &&
		    (nt == 1 || (nt == 2 && t[1].kind == K_WORD && t[1].len <= 5))) {
			cx->time = stamp_time(cx, d + t[0].off, t[0].len);
			sc->stamps++;
			continue;
		}
		/* a line that is date(1)'s output (weekday, month name, zone,
		 * year: "while sleep 5; do date; ps ...; done") likewise; it
		 * gives the day too; so does one word that is a dated stamp of
		 * any form, a colon after it or not ("20240219_151538:", as a
		 * loop writes "date +%Y%m%d_%H%M%S" above each output) */
		double stamped;
		if (!comment && (nt >= 3 ? dsa_stamp_line(d + off, end - off, &stamped)
					 : nt == 1 && dsa_stamp_token(d + off, end - off, &stamped))) {
			cx->time = cx->last = stamped;
			cx->date = floor(stamped / DAY) * DAY;
			cx->dated = 1;
			sc->stamps++;
			continue;
		}
		/* a stamp glued to a label or in brackets ("TIME:15:15:38",
		 * "[2024-02-19 15:15:38]"): a clock alone keeps to the day the
		 * lines before gave, as a bare clock line does */
		const char *gs;
		size_t gn;
		if (!comment && dsa_labelled_stamp(d + off, end - off, &gs, &gn)) {
			if (dsa_stamp_token(gs, gn, &stamped)) {
				cx->time = cx->last = stamped;
				cx->date = floor(stamped / DAY) * DAY;
				cx->dated = 1;
			} else {
				cx->time = stamp_time(cx, gs, gn);
			}
			sc->stamps++;
			continue;
		}
		/* a row of words under a header of upper-case names, each
		 * cell at its name's column (a line that is itself such a
		 * header is none): before the other fits, which cut a cell of
		 * words with blanks ("3 (2m ago)") into several */
		int new_header = !comment && dsa_word_header(d + off, end - off, ra, ra + MAX_TOKS, MAX_TOKS);
		/* a table of words holds every line under its header down to
		 * a blank line (or another header): a line straight under its
		 * rows that is none of them says the rows lined up by chance */
		if (!comment && !new_header && cur >= 0 && sc->t[cur].fit == FIT_WORDS && sc->t[cur].nrows &&
		    sc->t[cur].line[sc->t[cur].nrows - 1] + 1 == line)
			sc->t[cur].broken = 1;
		if (!comment && np) {
			int w = !new_header ? word_row(sc, cx, pend, &np, &cur, t, off, end, line) : 0;
			if (w < 0)
				goto nomem;
			if (w)
				continue;
		}
		if (!comment && (np || cur >= 0) && !dsa_is_header_of(d, t, nt)) {
			long use = -1;
			int checked = 0;
			/* a date and a clock under two names ("Date Time") are two
			 * cells: the row cut without merging stamps is tried first
			 * when merging made a difference */
			int from = 1, raw = 0;
			for (size_t i = 0; i < nt && from; i++)
				from = !t[i].joined;
			/* the next row of a table whose rows are cut with merging */
			if (!np && cur >= 0 && !sc->t[cur].raw)
				from = 1;
			if (!from)
				nt = dsa_tokenize(d, off, end - off, t, &comment, 0);
			for (int merge = from; merge <= 1 && use < 0; merge++) {
			raw = !merge;
			if (merge && !from)
				nt = dsa_tokenize(d, off, end - off, t, &comment, 1);
			/* of the lines of names waiting, the first that fits, or
			 * a later one whose every name stands over its cell when
			 * the first fits only loosely (a line of prose above a
			 * header: "Active Internet connections (w/o servers)") */
			size_t pick = SIZE_MAX;
			int pick_checked = 0;
			for (size_t p = 0; p < np && !pick_checked; p++) {
				int wide, fit;
				uint64_t joins;
				size_t hn;
				if (!header_fit(d, &pend[p], p + 1 < np, t, nt, off, h, &hn, &wide, &joins, &fit, &checked))
					continue;
				if (fit < 0 || (!merge && fit != FIT_SAME))
					continue;
				if (pick == SIZE_MAX || checked) {
					pick = p;
					pick_checked = checked;
				}
			}
			if (pick != SIZE_MAX) {
				size_t p = pick, hn;
				int wide, fit;
				uint64_t joins;
				header_fit(d, &pend[p], p + 1 < np, t, nt, off, h, &hn, &wide, &joins, &fit, &checked);
				/* cut without merging, the row is a date and a
				 * clock under two names, no row named on its left */
				use = table_for(sc, h, hn, (enum fit)fit, pend[p].line, pend[p].off,
						p ? pend[p - 1].off : 0, p ? pend[p - 1].len : 0);
				if (use < 0)
					goto nomem;
				struct table *tb = &sc->t[use];
				if (tb->time_col == -2) {
					tb->time_col = find_time_col(sc, tb, h, hn, t, nt);
					tb->hoff = pend[p].off;
					tb->hlen = pend[p].len;
					tb->hwide = wide;
					tb->hjoin = joins;
				}
			}
			}
			/* the table of the rows above, when no header waiting
			 * takes the row either way it is cut (a header seen again,
			 * "11:08:59 PM CPU %user", comes before a row of another
			 * table that stops early) */
			int again = 0;
			for (int merge = from; merge <= 1 && use < 0 && cur >= 0; merge++) {
				raw = !merge;
				nt = dsa_tokenize(d, off, end - off, t, &comment, merge);
				if (row_fits(d, &sc->t[cur], t, nt, off, !sc->summaries, &checked))
					use = cur, again = 1;
			}
			if (use >= 0 && !sc->t[use].nrows)
				sc->t[use].raw = raw;
			if (use >= 0) {
				/* lines of words waiting between rows of the table
				 * that takes this one, no table's header: misfits (a
				 * warning amid the rows), not its structure */
				for (size_t k = 0; again && k < np; k++)
					if (sc->t[use].nrows && pend[k].line > sc->t[use].line[sc->t[use].nrows - 1] &&
					    !known_header(sc, pend[k].off, pend[k].len)) {
						note_misfits(sc, &pend[k].line, 1);
						sc->structure--;
					}
				sc->structure += np;
				np = 0;
				cur = use;
				sc->loose_rows += !checked;
				if (take_row(sc, cx, &sc->t[use], t, nt, line) != LL_OK)
					goto nomem;
				continue;
			}
		} else if (dsa_is_header_of(d, t, nt)) {
			if (np == MAX_PENDING) {
				sc->other++;
				sc->first_other = sc->first_other ? sc->first_other : pend[0].line;
				memmove(pend, pend + 1, (MAX_PENDING - 1) * sizeof *pend);
				np--;
			}
			pend[np++] = (struct pending){off, end - off, line};
			continue;
		}
		/* a row with blank cells inside under the header waiting or the
		 * table's own */
		if (!comment && (np || (cur >= 0 && sc->t[cur].fit == FIT_SAME && sc->t[cur].hlen))) {
			int c;
			size_t ho = np ? pend[np - 1].off : sc->t[cur].hoff, hl = np ? pend[np - 1].len : sc->t[cur].hlen;
			size_t hn = np ? dsa_tokenize(d, ho, hl, h, &c, 1) : header_tokens(d, &sc->t[cur], h, &c);
			struct tok *placed = hn <= MAX_TOKS ? malloc(hn * sizeof *placed) : NULL;
			if (hn <= MAX_TOKS && !placed)
				goto nomem;
			if (placed && row_with_gaps(d, h, hn, ho, t, nt, off, placed)) {
				long use = np ? table_for(sc, h, hn, FIT_SAME, pend[np - 1].line, ho, np > 1 ? pend[np - 2].off : 0,
							  np > 1 ? pend[np - 2].len : 0)
					      : cur;
				struct table *tb = use >= 0 ? &sc->t[use] : NULL;
				if (tb && tb->fit == FIT_SAME && tb->ncols == hn) {
					if (tb->time_col == -2) {
						tb->time_col = find_time_col(sc, tb, h, hn, placed, hn);
						tb->hoff = ho;
						tb->hlen = hl;
						tb->hwide = 0;
						tb->hjoin = 0;
					}
					sc->structure += np;
					np = 0;
					cur = use;
					sc->loose_rows++;
					int rc = take_row(sc, cx, tb, placed, hn, line);
					free(placed);
					if (rc != LL_OK)
						goto nomem;
					continue;
				}
				if (use == -1) {
					free(placed);
					goto nomem;
				}
			}
			free(placed);
		}
		/* a row of the table a few misfit lines above closed: the
		 * table goes on, the misfit lines left out and named */
		if (!comment && held >= 0 && sc->rows == held_rows && nheld + np <= MISFIT_RUN) {
			int r = resume_row(sc, cx, held, t, off, end, line);
			if (r < 0)
				goto nomem;
			if (r) {
				for (size_t k = 0; k < np; k++)
					held_line[nheld++] = pend[k].line;
				/* the misfits counted as other lines are misfits */
				sc->other -= nheld - np;
				sc->first_other = held_first;
				note_misfits(sc, held_line, nheld);
				np = 0;
				cur = held;
				held = -1;
				continue;
			}
		}
		if (cur >= 0 && sc->t[cur].nrows >= 2 && sc->t[cur].fit != FIT_WORDS && !comment) {
			held = cur;
			held_rows = sc->rows;
			held_first = sc->first_other;
			nheld = 0;
		}
		if (held >= 0 && (comment || sc->rows != held_rows || nheld + np + 1 > MISFIT_RUN))
			held = -1;
		if (held >= 0) {
			for (size_t k = 0; k < np; k++)
				held_line[nheld++] = pend[k].line;
			held_line[nheld++] = line;
		}
		/* neither: the lines of names waiting were no header either */
		if (!sc->ban_set && !comment) {
			sc->ban = np ? (struct span){pend[0].off, pend[0].len} : (struct span){off, end - off};
			sc->ban_set = 1;
		}
		sc->other += np + 1;
		sc->first_other = sc->first_other ? sc->first_other : np ? pend[0].line : line;
		np = 0;
		cur = -1;
		other_line(cx, d, t, nt);
		if (sc->summaries && !comment) {
			int got = summary_line(sc, cx->time, off, end, line);
			if (got < 0)
				goto nomem;
			sc->other -= got;
			sc->summary_lines += (size_t)got;
		}
	}
	sc->other += np;
	free(h);
	free(ra);
	return LL_OK;
nomem:
	free(h);
	free(ra);
	scan_free(sc);
	sc->oom = 1;
	return LL_ENOMEM;
}

/* ---- detection ---- */

/* An address and port as socket tables write them, IPv6 ones too
 * ("::1:631", "[::]:22", "*:*"): of the kind of "10.0.0.5:22", whose
 * digits make it a number's. */
static int address_cell(const char *s, size_t n)
{
	if (n < 3 || !memchr(s, ':', n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) && !strchr(".:[]*%", s[i]))
			return 0;
	return 1;
}

/* 1 when most of the rows' columns hold one kind of cell (numbers, or
 * words) all the way down: a table, not lines that happen to fit. */
static int columns_consistent(const struct scan *sc, const struct table *tb)
{
	size_t good = 0;
	for (size_t c = 0; c < tb->ncols; c++) {
		size_t num = 0;
		for (size_t r = 0; r < tb->nrows; r++) {
			const struct span *s = &tb->cells[r * tb->ncols + c];
			double v;
			num += s->len == 0 || (s->len == 1 && sc->d[s->off] == '-') ||
			       dsa_number(sc->d + s->off, s->len, &v) || (isdigit((unsigned char)sc->d[s->off]) && memchr(sc->d + s->off, ':', s->len)) ||
			       address_cell(sc->d + s->off, s->len);
		}
		good += num * 4 >= tb->nrows * 3 || num * 4 <= tb->nrows;
	}
	return good * 10 >= tb->ncols * 8;
}

/* 1 when nearly every line opens with one of a few names ending in ':'
 * ("node3: ..."): the output of many hosts merged line by line (pdsh),
 * whose prefixes break the columns; read as a log, its source a column. */
static int prefixed_stream(const char *d, size_t n)
{
	struct prefix {
		size_t off, len, count;
	} names[16];
	size_t nn = 0, lines = 0, prefixed = 0, pos = 0;
	while (pos < n) {
		const char *nl = memchr(d + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - d) : n, a = pos;
		pos = nl ? end + 1 : n;
		while (a < end && dsa_is_blank(d[a]))
			a++;
		if (a == end)
			continue;
		lines++;
		size_t b = a;
		while (b < end && !dsa_is_blank(d[b]))
			b++;
		if (b - a < 2 || d[b - 1] != ':')
			continue;
		size_t k = 0;
		while (k < nn && !(names[k].len == b - a && memcmp(d + names[k].off, d + a, b - a) == 0))
			k++;
		if (k == nn && nn < 16)
			names[nn++] = (struct prefix){a, b - a, 0};
		if (k < nn) {
			names[k].count++;
			prefixed++;
		}
	}
	return lines >= 8 && prefixed * 10 >= lines * 9;
}

/* 1 when every line opens with a stamp of date and clock and the text
 * after it is written one blank apart in most lines (Go's log package,
 * "2025/03/15 12:31:17 /: 404 10.0.0.2 <nil>"): records of a log, none a
 * header of names (a table's header names its columns; a monitor's output
 * with a stamp put before each line, its header's too, keeps its columns
 * lined up with runs of blanks, in nearly every line). A message may hold
 * a run of blanks ("Jan  1", a padded word): in a few lines of a dozen
 * that is still a log. */
static int dated_stream(const char *d, size_t n)
{
	size_t lines = 0, padded = 0, pos = 0;
	while (pos < n && lines < 200) {
		const char *nl = memchr(d + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - d) : n, a = pos;
		if (!nl && lines)
			break; /* a line cut by the sample's end */
		pos = nl ? end + 1 : n;
		if (a == end)
			continue;
		unsigned form = 0;
		size_t st = ll_stamp_scan(d + a, end - a, 2000, 0, &form, NULL);
		if (!st || !ll_stamp_form_has_date(form) || !ll_stamp_form_has_clock(form) || a + st >= end ||
		    !dsa_is_blank(d[a + st]))
			return 0;
		lines++;
		size_t i = a + st;
		while (i < end && dsa_is_blank(d[i]))
			i++;
		for (; i + 1 < end; i++)
			if (dsa_is_blank(d[i]) && dsa_is_blank(d[i + 1])) {
				padded++;
				break;
			}
	}
	return lines >= 3 && padded * 2 < lines;
}

static int aligned_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (!n || !ds_looks_like_text(head, n) || prefixed_stream(head, n) || dated_stream(head, n))
		return 0;
	struct scan sc;
	struct clock_ctx cx = {NAN, NAN, NAN, 0, 0, 0};
	if (scan(&sc, head, n, 0, &cx) != LL_OK)
		return 0;
	size_t good_rows = 0, ruled_rows = sc.ruled_rows;
	for (size_t i = 0; i < sc.nt; i++)
		/* a rule of dashes is the evidence of a ruled table's columns,
		 * and every line under the names of a table of words */
		if (sc.t[i].fit == FIT_WORDS && sc.t[i].broken)
			ruled_rows -= sc.t[i].nrows;
		else if (sc.t[i].nrows < 2 || sc.t[i].fit == FIT_RULED || sc.t[i].fit == FIT_WORDS ||
			 columns_consistent(&sc, &sc.t[i]))
			good_rows += sc.t[i].nrows;
	int score = 0;
	/* a banner or two above the first header is the shape too, and so are
	 * lines of summary above each table (top's five above the few rows of
	 * `top -i`): the names standing over their cells are the evidence */
	size_t known = good_rows + sc.structure + sc.stamps + (sc.other < 2 ? sc.other : 2);
	/* numbers in half the cells; in a quarter where every row was found
	 * under the header's names (a table of jobs, mostly names) */
	int numbers = sc.numish_cells * 2 >= sc.cells || (sc.numish_cells * 4 >= sc.cells && !sc.loose_rows);
	/* a rule under the header is as good as a row, and so is finding
	 * every name over its cell in each row (a snapshot of two jobs) */
	int vouched = ruled_rows > 0 || (sc.rows && !sc.loose_rows);
	if (good_rows + vouched >= 3 && numbers && known * 5 >= sc.nonblank * 2)
		score = 62; /* above a log header inferred from the same lines, under a delimited table */
	scan_free(&sc);
	return score;
}

/* ---- loading ---- */

static int nomem(const char *path, struct ll_err *err)
{
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
}

/* How a column's cells read. */
/* C_NUM_SI: numbers, a size tool's that scales by 1000 (ds_units_si_form):
 * its whole "12 kB" are 12,000 bytes, not the kernel's KiB */
enum cell_kind { C_TEXT, C_TIME, C_NUM, C_AGE, C_DURATION, C_PAIR, C_NUM_SI };

/* 1 when a column's name has a word of time gone by ("AGE", "LAST SEEN",
 * "ELAPSED", "UPTIME"): its lone 'm's are minutes, not milli. */
static int name_of_age(const char *name)
{
	static const char *const words[] = {"age", "seen", "ago", "elapsed", "uptime", "duration", "since", "time"};
	for (const char *p = name; p && *p;) {
		while (*p && !isalpha((unsigned char)*p))
			p++;
		const char *w = p;
		while (isalpha((unsigned char)*p))
			p++;
		for (size_t k = 0; k < sizeof words / sizeof *words && p > w; k++)
			if (strlen(words[k]) == (size_t)(p - w) && !strncasecmp(w, words[k], (size_t)(p - w)))
				return 1;
	}
	return 0;
}

/* 1 when a cell of the file outside column c of tb holds a number with a
 * decimal comma (dsa_comma_kind 1 or 2): the file is of a locale that
 * writes them. */
static int comma_elsewhere(const struct scan *sc, const struct table *tb, size_t c)
{
	for (size_t k = 0; k < sc->nt; k++) {
		const struct table *o = &sc->t[k];
		for (size_t i = 0; i < o->nrows * o->ncols; i++) {
			const struct span *s = &o->cells[i];
			if ((o == tb && i % o->ncols == c) || !memchr(sc->d + s->off, ',', s->len))
				continue;
			int kind = dsa_comma_kind(sc->d + s->off, s->len);
			if (kind == 1 || kind == 2)
				return 1;
		}
	}
	return 0;
}

/* 1 when column c of numbers holds two whole numbers set apart by a comma
 * ("254,0", "1,3": lsof's DEVICE, a major and minor) rather than decimal
 * commas: taken as a whole, its comma cells are all whole pairs (or digits
 * grouped by three, a minor of three digits), none a fraction with a
 * leading zero or a unit, and no other cell of the file has a decimal
 * comma; such a column is text. */
static int comma_pairs(const struct scan *sc, const struct table *tb, size_t c)
{
	size_t pairs = 0;
	for (size_t r = 0; r < tb->nrows; r++) {
		const struct span *s = &tb->cells[r * tb->ncols + c];
		if (!memchr(sc->d + s->off, ',', s->len))
			continue;
		int kind = dsa_comma_kind(sc->d + s->off, s->len);
		if (kind == 2)
			return 0;
		pairs += kind == 1;
	}
	return pairs && !comma_elsewhere(sc, tb, c);
}

/* The kind of column c: numbers (a lone 'm' milli: "250m" of a CPU, "1"
 * a whole one), ages ("5m", "3h", "2d3h": seconds; a column of ages has a
 * unit other than 'm' somewhere, or a name of time gone by (kubectl's
 * AGE of pods all started within the hour), else its 'm' is milli), durations (when
 * a cell cannot be a clock of day: "1-02:03:04", or cells with and
 * without hours; its "10:05" is then minutes and seconds), pairs of
 * numbers ("12MiB / 7.6GiB"), else text. */
static enum cell_kind column_kind(const struct scan *sc, const struct table *tb, size_t c)
{
	size_t present = 0, num = 0, age = 0, hours = 0, dur = 0, unamb = 0, pair = 0, short_dur = 0;
	size_t unit_time = 0, unit_size = 0, si_kernel = 0, si_other = 0;
	for (size_t r = 0; r < tb->nrows; r++) {
		const struct span *s = &tb->cells[r * tb->ncols + c];
		const char *p = sc->d + s->off;
		double v, w;
		int u;
		if (!s->len || (s->len == 1 && *p == '-'))
			continue;
		/* each kind counts only while every cell so far is of it: below
		 * is read only when a count equals present, so a kind one cell
		 * has failed is not tried again, and once none is left the
		 * column is text (a column of names costs a cell, not a scan) */
		int all_num = num == present, all_age = age == present, all_dur = dur == present, all_pair = pair == present;
		if (!all_num && !all_age && !all_dur && !all_pair)
			break;
		present++;
		if (all_num) {
			num += ds_csv_cell_number(p, s->len, &v) || dsa_milli(p, s->len, &v);
			int sign = ds_units_sign(p, s->len);
			unit_time += sign == DS_UNITS_SIGN_TIME;
			unit_size += sign == DS_UNITS_SIGN_SIZE;
			int si = ds_units_si_form(p, s->len);
			si_kernel += si == DS_UNITS_SI_KERNEL;
			si_other += si == DS_UNITS_SI_OTHER;
		}
		if (all_age && dsa_age(p, s->len, &v, &u)) {
			age++;
			hours += !u;
		}
		if (all_dur && dsa_duration(p, s->len, &v, &u)) {
			dur++;
			unamb += (size_t)u;
			const char *colon = memchr(p, ':', s->len);
			short_dur += colon && !memchr(colon + 1, ':', s->len - (size_t)(colon + 1 - p));
		}
		if (all_pair)
			pair += dsa_pair(p, s->len, &v, &w);
	}
	if (!present)
		return C_NUM;
	if (pair == present)
		return C_PAIR;
	if (age == present && (hours || (tb->names && tb->names[c] && name_of_age(tb->names[c]))))
		return C_AGE;
	/* numbers with units of time beside ones of size are no column of
	 * numbers (the CSV reader's rule, ds_units_sign) */
	if (num == present && !(unit_time && unit_size))
		return comma_pairs(sc, tb, c) ? C_TEXT : si_kernel && si_other ? C_NUM_SI : C_NUM;
	/* a column of clocks is written in one shape: "03:22" beside
	 * "05:38:33" are minutes and seconds beside hours (ps's etime) */
	if (dur == present && (unamb || (short_dur && short_dur < dur)))
		return C_DURATION;
	return C_TEXT;
}

/* The value of a cell of a column of kind k (*b: a pair's second). */
static void cell_value(enum cell_kind k, const char *s, size_t n, double *v, double *b)
{
	int u;
	switch (k) {
	case C_PAIR:
		dsa_pair(s, n, v, b);
		break;
	case C_AGE:
		dsa_age(s, n, v, &u);
		break;
	case C_DURATION:
		dsa_duration(s, n, v, &u);
		break;
	default:
		if (!ds_csv_cell_number(s, n, v))
			dsa_milli(s, n, v);
		else if (k == C_NUM_SI && ds_units_si_form(s, n) == DS_UNITS_SI_KERNEL)
			*v = *v / 1024 * 1000;
	}
}

/* The names of a column of pairs: the sides of a name "A / B" ("MEM
 * USAGE / LIMIT": MEM USAGE and MEM LIMIT, the left's first words going
 * to a right of one word); else the halves of a word "x/y" in it ("NET
 * I/O": NET I and NET O; "rx/tx"); else the name and "_2". */
void dsa_pair_names(const char *name, char *one, char *two, size_t cap)
{
	const char *sl = strstr(name, " / ");
	if (sl) {
		size_t l = (size_t)(sl - name);
		const char *r = sl + 3;
		snprintf(one, cap, "%.*s", (int)l, name);
		const char *lsp = NULL;
		for (const char *q = name; q < sl; q++)
			lsp = *q == ' ' ? q : lsp;
		if (!strchr(r, ' ') && lsp)
			snprintf(two, cap, "%.*s %s", (int)(lsp - name), name, r);
		else
			snprintf(two, cap, "%s", r);
		return;
	}
	const char *x = strrchr(name, '/');
	if (x && x > name && x[1] && x[-1] != ' ' && x[1] != ' ') {
		const char *ws = x;
		while (ws > name && ws[-1] != ' ')
			ws--;
		const char *we = x + 1;
		while (*we && *we != ' ')
			we++;
		snprintf(one, cap, "%.*s%.*s%s", (int)(ws - name), name, (int)(x - ws), ws, we);
		snprintf(two, cap, "%.*s%.*s%s", (int)(ws - name), name, (int)(we - x - 1), x + 1, we);
		return;
	}
	snprintf(one, cap, "%s", name);
	snprintf(two, cap, "%s_2", name);
}

/* Adds a column, a name the table has already (or "time" when the lines
 * gave it) with a suffix. */
static long add_named(struct ll_table *o, const char *name, enum ll_coltype type)
{
	char buf[300];
	const char *use = name;
	for (unsigned k = 2; ll_table_find_column(o, use) >= 0; k++) {
		snprintf(buf, sizeof buf, "%s_%u", name, k);
		use = buf;
	}
	return ll_table_add_column(o, use, type);
}

/* The time a snapshot's rows get when the file has none: its number,
 * from 1, in seconds after 1970-01-01 00:00:00 (as clocks without a date
 * fall on that day), so that a resampling period of N s spans N polls. */
#define POLL_TIME(p) ((double)(p) + 1.0)

/* Table tb as an ll_table: its time (own column, or the lines'), then its
 * columns typed by their cells. Rows without a time when others have one
 * are left out; *dropped counts them. */
static int build(const struct scan *sc, struct table *tb, struct ll_table **out, size_t *dropped, int *timed,
		 const char *path, struct ll_err *err)
{
	size_t nr = tb->nrows, nc = tb->ncols;
	*dropped = 0;
	*timed = 0;
	int tc = tb->time_col >= 0 ? tb->time_col : -1;
	double *times = malloc((nr ? nr : 1) * sizeof *times);
	enum cell_kind *ty = malloc(nc * sizeof *ty);
	struct ll_table *o = ll_table_new();
	if (!times || !ty || !o)
		goto oom;
	size_t with = 0;
	for (size_t r = 0; r < nr; r++) {
		/* a stamp was read in order during the scan; an epoch is read
		 * here; a snapshot's number is its time when nothing else is */
		times[r] = tb->polled ? POLL_TIME(tb->poll[r]) : tb->ctx_time[r];
		if (tc >= 0 && isnan(times[r])) {
			const struct span *s = &tb->cells[r * nc + (size_t)tc];
			double v, t;
			if (ll_parse_number(sc->d + s->off, s->len, &v) && ll_time_from_epoch(v, &t))
				times[r] = t;
		}
		with += !isnan(times[r]);
	}
	*timed = with > 0;
	for (size_t c = 0; c < nc; c++)
		ty[c] = (int)c == tc ? C_TIME : column_kind(sc, tb, c);
	if (tc < 0 && with && ll_table_add_column(o, tb->polled ? "poll" : "time", LL_COL_TIME) < 0)
		goto oom;
	for (size_t c = 0; c < nc; c++) {
		if ((int)c == tb->date_col)
			continue;
		char two[2][256];
		if (ty[c] == C_PAIR) {
			dsa_pair_names(tb->names[c], two[0], two[1], sizeof two[0]);
			if (add_named(o, two[0], LL_COL_NUM) < 0 || add_named(o, two[1], LL_COL_NUM) < 0)
				goto oom;
		} else if (add_named(o, tb->names[c], ty[c] == C_TIME ? LL_COL_TIME : ty[c] == C_TEXT ? LL_COL_TEXT : LL_COL_NUM) < 0) {
			goto oom;
		}
	}
	size_t base = tc < 0 && with ? 1 : 0;
	if (ll_table_reserve(o, nr) != LL_OK)
		goto oom;
	for (size_t r = 0; r < nr; r++) {
		if (with && isnan(times[r])) {
			(*dropped)++;
			continue;
		}
		long row = ll_table_append_row(o);
		if (row < 0)
			goto oom;
		if (base)
			ll_table_set_num(o, (size_t)row, 0, times[r]);
		for (size_t c = 0, oc = base; c < nc; c++) {
			const struct span *s = &tb->cells[r * nc + c];
			double v = NAN;
			if ((int)c == tb->date_col)
				continue;
			if ((int)c == tc) {
				ll_table_set_num(o, (size_t)row, oc, times[r]);
			} else if (ty[c] != C_TEXT) {
				double w = NAN;
				if (s->len && !(s->len == 1 && sc->d[s->off] == '-'))
					cell_value(ty[c], sc->d + s->off, s->len, &v, &w);
				ll_table_set_num(o, (size_t)row, oc, v);
				if (ty[c] == C_PAIR)
					ll_table_set_num(o, (size_t)row, ++oc, w);
			} else if (ll_table_set_text(o, (size_t)row, oc, sc->d + s->off, s->len) != LL_OK) {
				goto oom;
			}
			oc++;
		}
	}
	for (size_t c = 0; c < nc; c++)
		if (ty[c] == C_NUM_SI && ll_table_note(o, "%s: column %s: its whole \"N kB\" read as N x 1000 bytes, as its "
							   "other sizes (MB, GB, B, fractions) are a tool's of powers of 1000, not the "
							   "kernel's KiB", path, tb->names[c]) != LL_OK)
			goto oom;
	free(times);
	free(ty);
	*out = o;
	return LL_OK;
oom:
	free(times);
	free(ty);
	ll_table_free(o);
	return nomem(path, err);
}

/* A long table pivoted (ds_pivot.h), or as the user's entity key says. A
 * measure stays per entity even when the entities agree at every time
 * (idle CPUs all at 0.00 %iowait); only text (a host) can be the time's.
 * Only steady entities pivot (ds_pivot_steady: the same in every sample, a
 * machine's CPUs, disks, interfaces) into at most PIVOT_MAX_COLUMNS: the
 * processes of top or pidstat come and go and are many, and a column per
 * metric and PID would be empty most of the time and thousands wide; such
 * a table stays long, a row per entity and sample, whatever the clock's
 * resolution, and says why. */
#define PIVOT_MAX_COLUMNS 1024
static int pivot(struct ll_table **t, const char *entity, const char *path, struct ll_err *err)
{
	if (entity && *entity)
		return ds_pivot_apply(t, entity, path, err);
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey = 0, nent = 0;
	int found = ds_pivot_detect(*t, 20000, 0, key, &nkey);
	if (found <= 0)
		return found < 0 ? nomem(path, err) : LL_OK;
	int steady = ds_pivot_steady(*t, key, nkey, &nent);
	if (steady < 0)
		return nomem(path, err);
	size_t per = ll_table_ncols(*t) - nkey - 1, width = nent * per;
	if (!steady || width > PIVOT_MAX_COLUMNS) {
		char names[256];
		size_t at = 0;
		for (size_t k = 0; k < nkey && at < sizeof names - 1; k++) {
			int w = snprintf(names + at, sizeof names - at, "%s'%s'", k ? ", " : "", ll_table_col_name(*t, key[k]));
			at += w > 0 ? (size_t)w : 0;
		}
		char why[128];
		if (!steady)
			snprintf(why, sizeof why, "that are not the same at every time");
		else
			snprintf(why, sizeof why, "too many to pivot (more than %d columns of a metric and entity)",
				 PIVOT_MAX_COLUMNS);
		return ll_table_note(*t, "%s: a long table of %zu entities told apart by %s %s; kept long, a row per entity "
					 "and time", path, nent, names, why) == LL_OK
			       ? LL_OK
			       : nomem(path, err);
	}
	size_t nc = ll_table_ncols(*t);
	char *single = malloc(nc);
	if (!single)
		return nomem(path, err);
	for (size_t c = 0; c < nc; c++)
		single[c] = ll_table_col_type(*t, c) == LL_COL_TEXT;
	struct ll_table *wide = NULL;
	struct ll_err sub;
	int rc = ds_pivot(*t, key, nkey, single, path, 1, &wide, &sub);
	free(single);
	if (rc == LL_ENOMEM)
		return nomem(path, err);
	if (rc != LL_OK) /* too sparse or too big: the table stays long, said */
		return ll_table_note(*t, "%s (the table is left as it is)", sub.msg) == LL_OK ? LL_OK : nomem(path, err);
	ll_table_free(*t);
	*t = wide;
	return LL_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The label a header named on its left gives ("RX:" of "RX: bytes
 * packets"), without its colon, into buf; 0 when none. */
static int header_label(const struct scan *sc, const struct table *tb, char *buf, size_t cap)
{
	if (tb->fit != FIT_HEADER_NAME || !tb->hlen)
		return 0;
	const char *h = sc->d + tb->hoff, *e = h + tb->hlen;
	while (h < e && dsa_is_blank(*h))
		h++;
	size_t n = 0;
	while (h + n < e && !dsa_is_blank(h[n]))
		n++;
	if (n && h[n - 1] == ':')
		n--;
	if (!n || n + 1 > cap)
		return 0;
	memcpy(buf, h, n);
	buf[n] = 0;
	return 1;
}

/* Tables under headers named on their left that share a column's name
 * with another such table ("RX: bytes packets ..." and "TX: bytes packets
 * ...", ip -s link) name their columns with the label ("RX bytes"): joined
 * on time, the same name would make them one column and lose a value. */
static int label_shared_names(const struct scan *sc, struct ll_table **parts)
{
	unsigned char *shared = calloc(sc->nt ? sc->nt : 1, 1);
	if (!shared)
		return LL_ENOMEM;
	char li[64], lj[64];
	for (size_t i = 0; i < sc->nt; i++) {
		if (!parts[i] || !header_label(sc, &sc->t[i], li, sizeof li))
			continue;
		for (size_t j = 0; j < sc->nt && !shared[i]; j++) {
			if (j == i || !parts[j] || !header_label(sc, &sc->t[j], lj, sizeof lj) || !strcmp(li, lj))
				continue;
			for (size_t c = 0; c < ll_table_ncols(parts[i]) && !shared[i]; c++)
				shared[i] = ll_table_col_type(parts[i], c) != LL_COL_TIME &&
					    ll_table_find_column(parts[j], ll_table_col_name(parts[i], c)) >= 0;
		}
	}
	for (size_t i = 0; i < sc->nt; i++) {
		if (!shared[i] || !header_label(sc, &sc->t[i], li, sizeof li))
			continue;
		for (size_t c = 0; c < ll_table_ncols(parts[i]); c++) {
			if (ll_table_col_type(parts[i], c) == LL_COL_TIME)
				continue;
			char name[320];
			snprintf(name, sizeof name, "%s %s", li, ll_table_col_name(parts[i], c));
			if (ll_table_rename_column(parts[i], c, name) != LL_OK) {
				free(shared);
				return LL_ENOMEM;
			}
		}
	}
	free(shared);
	return LL_OK;
}

/* The summary tables' values beside the rows of long table li (top's
 * "Tasks", "%Cpu(s)" lines beside its processes): a long row takes, for
 * each summary table, the values of its row between the rows of the block
 * before (its header's previous snapshot) and the block's first row, the
 * summary of the report the row is in, whatever the clocks say (they
 * repeat within a second). Columns added at the end; a row whose block
 * has no such summary row leaves them empty. *joined counts the summary
 * tables joined; LL_OK or LL_ENOMEM. */
static int join_summaries(const struct scan *sc, struct ll_table **parts, size_t li, size_t *joined)
{
	const struct table *lt = &sc->t[li];
	struct ll_table *o = parts[li];
	*joined = 0;
	if (!o || ll_table_nrows(o) != lt->nrows || !lt->nrows)
		return LL_OK;
	/* per row: the line after which its block's summary lines lie (the
	 * last row of the snapshot before), and its block's first line */
	size_t *lo = malloc(lt->nrows * 2 * sizeof *lo), *first = lo ? lo + lt->nrows : NULL;
	if (!lo)
		return LL_ENOMEM;
	for (size_t r = 0, b = 0; r < lt->nrows; r = b) {
		for (b = r; b < lt->nrows && lt->poll[b] == lt->poll[r]; b++)
			;
		for (size_t k = r; k < b; k++) {
			lo[k] = r ? lt->line[r - 1] : 0;
			first[k] = lt->line[r];
		}
	}
	int rc = LL_OK;
	for (size_t j = 0; j < sc->nt && rc == LL_OK; j++) {
		const struct table *st = &sc->t[j];
		const struct ll_table *sp = parts[j];
		if (j == li || !st->summary || !sp || ll_table_nrows(sp) != st->nrows || !st->nrows)
			continue;
		size_t base = ll_table_ncols(o), added = 0;
		for (size_t c = 0; c < ll_table_ncols(sp) && rc == LL_OK; c++) {
			if (ll_table_col_type(sp, c) == LL_COL_TIME)
				continue;
			if (add_named(o, ll_table_col_name(sp, c), ll_table_col_type(sp, c)) < 0)
				rc = LL_ENOMEM;
			added++;
		}
		size_t s = 0;
		for (size_t r = 0; r < lt->nrows && rc == LL_OK; r++) {
			/* the last summary row before the block's first row */
			while (s + 1 < st->nrows && st->line[s + 1] < first[r])
				s++;
			if (st->line[s] >= first[r] || st->line[s] <= lo[r])
				continue;
			for (size_t c = 0, k = base; c < ll_table_ncols(sp) && rc == LL_OK; c++) {
				if (ll_table_col_type(sp, c) == LL_COL_TIME)
					continue;
				if (ll_table_col_type(sp, c) == LL_COL_TEXT) {
					const char *x = ll_table_text(sp, s, c);
					rc = ll_table_set_text(o, r, k, x ? x : "", x ? strlen(x) : 0);
				} else {
					rc = ll_table_set_num(o, r, k, ll_table_num(sp, s, c));
				}
				k++;
			}
		}
		*joined += added > 0;
	}
	free(lo);
	return rc == LL_OK ? LL_OK : LL_ENOMEM;
}

/* 1 when a table's times repeat (a long table kept long), -1 out of memory. */
static int times_repeat(const struct ll_table *t)
{
	size_t n = ll_table_nrows(t), c = 0;
	while (c < ll_table_ncols(t) && ll_table_col_type(t, c) != LL_COL_TIME)
		c++;
	if (c == ll_table_ncols(t) || n < 2)
		return 0;
	double *v = malloc(n * sizeof *v);
	if (!v)
		return -1;
	memcpy(v, ll_table_column_data(t, c), n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_double);
	int rep = 0;
	for (size_t i = 1; i < n && !rep; i++)
		rep = v[i] == v[i - 1];
	free(v);
	return rep;
}

/* 1 when table tb (built as t, its times the polls') holds snapshots: two
 * polls or more, and a row in each, or rows of entities that each
 * snapshot tells apart (ds_pivot_detect over the polls); a header that
 * comes again over the rows of one series (vmstat's every 20 rows) holds
 * no entities and is no poll. 0 when not, -1 out of memory. */
static int snapshots(const struct table *tb, const struct ll_table *t)
{
	if (!tb->nrows || tb->poll[0] == tb->poll[tb->nrows - 1])
		return 0;
	int one = 1;
	for (size_t r = 1; r < tb->nrows && one; r++)
		one = tb->poll[r] != tb->poll[r - 1];
	if (one)
		return 1;
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey;
	int found = ds_pivot_detect(t, 20000, 0, key, &nkey);
	return found < 0 ? -1 : found;
}

/* A file without any time whose tables are snapshots (a command polled
 * in a loop with no date between its outputs: docker stats --no-stream,
 * iostat without -t, kubectl top): their rows are numbered by snapshot
 * (POLL_TIME) in place of a time. parts[i] is rebuilt so; *snaps gets
 * the most snapshots of a table so numbered, 0 none. */
static int poll_tables(const struct scan *sc, struct ll_table **parts, int *timed, size_t *ntimed, size_t *snaps,
		       const char *path, struct ll_err *err)
{
	*snaps = 0;
	for (size_t i = 0; i < sc->nt; i++) {
		struct table *tb = &sc->t[i];
		if (!tb->nrows || tb->poll[0] == tb->poll[tb->nrows - 1])
			continue;
		struct ll_table *p = NULL;
		size_t drop;
		int tm, rc;
		tb->polled = 1;
		if ((rc = build(sc, tb, &p, &drop, &tm, path, err)) != LL_OK)
			return rc;
		int got = snapshots(tb, p);
		if (got < 0) {
			ll_table_free(p);
			return nomem(path, err);
		}
		if (!got) {
			tb->polled = 0;
			ll_table_free(p);
			continue;
		}
		size_t n = 1;
		for (size_t r = 1; r < tb->nrows; r++)
			n += tb->poll[r] != tb->poll[r - 1];
		*snaps = n > *snaps ? n : *snaps;
		ll_table_free(parts[i]);
		parts[i] = p;
		timed[i] = 1;
		(*ntimed)++;
	}
	return LL_OK;
}

#define BANNER_WORDS 16
#define MAX_NAMED_POLLS 4096

/* The words of banner b, up to BANNER_WORDS; how many. */
static size_t banner_words(const char *d, struct span b, struct span *w)
{
	size_t n = 0, i = b.off, e = b.off + b.len;
	while (n < BANNER_WORDS) {
		while (i < e && dsa_is_blank(d[i]))
			i++;
		if (i >= e)
			break;
		size_t a = i;
		while (i < e && !dsa_is_blank(d[i]))
			i++;
		w[n++] = (struct span){a, i - a};
	}
	return n;
}

static int span_eq(const char *d, struct span a, struct span b)
{
	return a.len == b.len && memcmp(d + a.off, d + b.off, a.len) == 0;
}

/* The name each snapshot's banner gives it (names[p], into sc->d): the
 * first word, past those the banners share, that every banner writes
 * with a letter in it (ip's "eth0:" after "2:"), a colon after it
 * dropped; label the word before it when every banner writes it and it
 * is letters alone (iptables' "Chain INPUT"), else "name". 1 when each
 * snapshot 0..npolls-1 has a banner and the names differ. */
static int banner_names(const struct scan *sc, size_t npolls, struct span *names, char *label, size_t cap)
{
	if (npolls < 2 || npolls > MAX_NAMED_POLLS || npolls > sc->nbanner)
		return 0;
	struct span w0[BANNER_WORDS], w[BANNER_WORDS];
	for (size_t p = 0; p < npolls; p++)
		if (!sc->banner[p].len)
			return 0;
	size_t n0 = banner_words(sc->d, sc->banner[0], w0);
	for (size_t k = 0; k < n0; k++) {
		int same = 1, letters = 1, before = k > 0;
		for (size_t p = 0; p < npolls; p++) {
			size_t n = banner_words(sc->d, sc->banner[p], w);
			if (n <= k)
				return 0;
			same &= span_eq(sc->d, w[k], w0[k]);
			before &= k > 0 && span_eq(sc->d, w[k - 1], w0[k - 1]);
			int any = 0;
			for (size_t i = 0; i < w[k].len; i++)
				any |= isalpha((unsigned char)sc->d[w[k].off + i]) != 0;
			letters &= any;
			names[p] = w[k];
			if (names[p].len > 1 && sc->d[names[p].off + names[p].len - 1] == ':')
				names[p].len--;
		}
		/* (a word the banners share, or a number: "2:") */
		if (same || !letters)
			continue;
		for (size_t p = 0; p < npolls; p++)
			for (size_t q = 0; q < p; q++)
				if (span_eq(sc->d, names[p], names[q]))
					return 0;
		for (size_t i = 0; before && i < w0[k - 1].len; i++)
			before = isalpha((unsigned char)sc->d[w0[k - 1].off + i]) != 0;
		if (before && w0[k - 1].len < cap)
			snprintf(label, cap, "%.*s", (int)w0[k - 1].len, sc->d + w0[k - 1].off);
		else
			snprintf(label, cap, "name");
		return 1;
	}
	return 0;
}

/* Table *t whose column "poll" numbers snapshots that banners name
 * (banner_names): that column becomes the names, first, a text column
 * named label. 1 when done, 0 when t is no such table, -1 out of memory. */
static int name_polls(const struct scan *sc, struct ll_table **t, const char *path)
{
	int pc = ll_table_find_column(*t, "poll");
	if (pc < 0 || ll_table_col_type(*t, (size_t)pc) != LL_COL_TIME)
		return 0;
	size_t rows = ll_table_nrows(*t), ncols = ll_table_ncols(*t), npolls = 0;
	for (size_t r = 0; r < rows; r++) {
		double v = ll_table_num(*t, r, (size_t)pc);
		if (isnan(v) || v < 1 || v > MAX_NAMED_POLLS)
			return 0;
		npolls = (size_t)v > npolls ? (size_t)v : npolls;
	}
	struct span *names = malloc((npolls ? npolls : 1) * sizeof *names);
	char label[64];
	if (!names)
		return -1;
	if (!banner_names(sc, npolls, names, label, sizeof label) || ll_table_find_column(*t, label) >= 0) {
		free(names);
		return 0;
	}
	struct ll_table *o = ll_table_new();
	int ok = o && ll_table_add_column(o, label, LL_COL_TEXT) >= 0 && ll_table_reserve(o, rows) == LL_OK;
	for (size_t c = 0; c < ncols && ok; c++)
		if ((int)c != pc)
			ok = ll_table_add_column(o, ll_table_col_name(*t, c), ll_table_col_type(*t, c)) >= 0;
	for (size_t r = 0; r < rows && ok; r++) {
		long row = ll_table_append_row(o);
		size_t p = (size_t)ll_table_num(*t, r, (size_t)pc) - 1;
		ok = row >= 0 && ll_table_set_text(o, (size_t)row, 0, sc->d + names[p].off, names[p].len) == LL_OK;
		for (size_t c = 0, oc = 1; c < ncols && ok; c++) {
			if ((int)c == pc)
				continue;
			if (ll_table_col_type(*t, c) == LL_COL_TEXT) {
				const char *x = ll_table_text(*t, r, c);
				ok = ll_table_set_text(o, (size_t)row, oc, x ? x : "", x ? strlen(x) : 0) == LL_OK;
			} else {
				ok = ll_table_set_num(o, (size_t)row, oc, ll_table_num(*t, r, c)) == LL_OK;
			}
			oc++;
		}
	}
	for (size_t k = 0; k < ll_table_nnotes(*t) && ok; k++)
		ok = ll_table_note(o, "%s", ll_table_note_text(*t, k)) == LL_OK;
	if (ok)
		ok = ll_table_note(o, "%s: no time in the file: a line above each snapshot's header names it ('%.*s' ...): "
				      "column '%s', a row each, no poll",
				   path, (int)names[0].len, sc->d + names[0].off, label) == LL_OK;
	free(names);
	if (!ok) {
		ll_table_free(o);
		return -1;
	}
	ll_table_free(*t);
	*t = o;
	return 1;
}

static int aligned_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			struct ll_err *err)
{
	*out = NULL;
	const char *path = src->path;
	struct scan sc;
	struct clock_ctx cx = {NAN, NAN, NAN, 0, 0, opts->default_year};
	if (scan(&sc, src->data, src->size, 1, &cx) != LL_OK)
		return nomem(path, err);
	size_t biggest = 0, any_rows = 0;
	for (size_t i = 0; i < sc.nt; i++) {
		any_rows += sc.t[i].nrows;
		if (!sc.t[i].summary &&
		    (sc.t[biggest].summary || sc.t[i].nrows * sc.t[i].ncols > sc.t[biggest].nrows * sc.t[biggest].ncols))
			biggest = i;
	}
	if (!any_rows) {
		scan_free(&sc);
		return ll_err_set(err, LL_EDATA, "%s: line 1: no rows of numbers under a header line of names", path);
	}
	struct ll_table **parts = calloc(sc.nt, sizeof *parts);
	size_t *drop = calloc(sc.nt, sizeof *drop);
	int *timed = calloc(sc.nt, sizeof *timed);
	int rc = LL_OK;
	if (!parts || !drop || !timed) {
		rc = nomem(path, err);
		goto done;
	}
	size_t ntimed = 0;
	for (size_t i = 0; i < sc.nt; i++) {
		if ((rc = build(&sc, &sc.t[i], &parts[i], &drop[i], &timed[i], path, err)) != LL_OK)
			goto done;
		ntimed += timed[i] && ll_table_nrows(parts[i]) > 0;
	}
	size_t snaps = 0;
	if (!ntimed && (rc = poll_tables(&sc, parts, timed, &ntimed, &snaps, path, err)) != LL_OK)
		goto done;
	if (label_shared_names(&sc, parts) != LL_OK) {
		rc = nomem(path, err);
		goto done;
	}
	/* snapshots each named by the line above its header */
	int named_polls = 0;
	if (snaps && sc.poll + 1 <= MAX_NAMED_POLLS) {
		struct span *nm = malloc((sc.poll + 1) * sizeof *nm);
		char label[64];
		if (!nm) {
			rc = nomem(path, err);
			goto done;
		}
		named_polls = banner_names(&sc, sc.poll + 1, nm, label, sizeof label);
		free(nm);
	}
	/* the tables that go into the result: those with times, else the biggest */
	struct ll_table **keep = calloc(sc.nt, sizeof *keep);
	if (!keep) {
		rc = nomem(path, err);
		goto done;
	}
	size_t nk = 0, left_rows = 0, left_tables = 0, dropped = 0;
	for (size_t i = 0; i < sc.nt; i++) {
		int in = ntimed ? timed[i] && ll_table_nrows(parts[i]) > 0 : i == biggest;
		if (!in) {
			left_tables++;
			left_rows += sc.t[i].nrows;
			continue;
		}
		dropped += drop[i];
		/* a row per time and entity: a column per metric and entity
		 * (not when banners name the snapshots: no times, name_polls) */
		const char *entity = ntimed <= 1 ? opts->entity : NULL;
		if (!named_polls && (rc = pivot(&parts[i], entity, path, err)) != LL_OK) {
			free(keep);
			goto done;
		}
		keep[nk++] = parts[i];
	}
	/* a table still long (a row per time and entity it could not pivot:
	 * processes coming and going) would lose its rows in a join on time:
	 * it is the result alone, the biggest such, the others left out (top's
	 * summary lines beside its processes), whatever the clock's resolution */
	long lone = -1;
	for (size_t k = 0; k < nk && nk > 1; k++) {
		int r = times_repeat(keep[k]);
		if (r < 0) {
			free(keep);
			rc = nomem(path, err);
			goto done;
		}
		if (r && (lone < 0 || ll_table_nrows(keep[k]) > ll_table_nrows(keep[lone])))
			lone = (long)k;
	}
	size_t joined = 0;
	if (lone >= 0) {
		/* the summary lines of each report go beside its rows; the
		 * other tables cannot be joined */
		size_t li = 0;
		while (li < sc.nt && parts[li] != keep[lone])
			li++;
		if (li < sc.nt && (rc = join_summaries(&sc, parts, li, &joined)) != LL_OK) {
			free(keep);
			rc = nomem(path, err);
			goto done;
		}
		for (size_t k = 0; k < nk; k++) {
			size_t i = 0;
			while (i < sc.nt && parts[i] != keep[k])
				i++;
			if ((long)k != lone && !(joined && i < sc.nt && sc.t[i].summary)) {
				left_tables++;
				left_rows += ll_table_nrows(keep[k]);
			}
		}
		keep[0] = keep[lone];
		nk = 1;
		if (!joined)
			sc.summary_lines = 0;
	}
	if (nk == 1) {
		*out = keep[0];
		for (size_t i = 0; i < sc.nt; i++)
			if (parts[i] == keep[0])
				parts[i] = NULL;
	} else if ((rc = ds_csv_join_on_time(keep, nk, path, out, err)) != LL_OK) {
		free(keep);
		goto done;
	}
	free(keep);
	struct ll_table *o = *out;
	int ok = ll_table_note(o, "%s: read as a table aligned with blanks: %zu rows under %zu header%s", path,
			       sc.rows, sc.nt, sc.nt == 1 ? "" : "s") == LL_OK;
	if (ok && sc.other)
		ok = ll_table_note(o, "%s: %zu line%s neither header nor row (a banner, a summary); left out (first: line %zu)",
				   path, sc.other, sc.other == 1 ? " is" : "s are", sc.first_other) == LL_OK;
	if (ok && sc.misfits) {
		char list[160];
		size_t at = 0;
		for (size_t k = 0; k < sc.misfits && k < MAX_MISFIT_LINES; k++)
			at += (size_t)snprintf(list + at, sizeof list - at, "%s%zu", k ? ", " : "", sc.misfit_line[k]);
		ok = ll_table_note(o, "%s: %zu line%s amid a table's rows fit%s none of its columns (a warning, a row cut "
				      "short or wrapped); left out: line%s %s%s",
				   path, sc.misfits, sc.misfits == 1 ? "" : "s", sc.misfits == 1 ? "s" : "",
				   sc.misfits == 1 ? "" : "s", list, sc.misfits > MAX_MISFIT_LINES ? ", ..." : "") == LL_OK;
	}
	if (ok && sc.summary_lines)
		ok = ll_table_note(o, "%s: %zu summary lines (\"label: N name, N name\") read as columns \"label name\"%s",
				   path, sc.summary_lines,
				   joined ? ", each report's beside its rows of the table kept long" : "") == LL_OK;
	if (ok && dropped)
		ok = ll_table_note(o, "%s: %zu rows without a time where the table's others have one (summaries such as "
				      "\"Average:\"); left out", path, dropped) == LL_OK;
	if (ok && left_tables)
		ok = ll_table_note(o, "%s: %zu tables (%zu rows) left out: %s", path, left_tables, left_rows,
				   lone >= 0 ? "a table with a row per time and entity, kept long, is not joined on time"
				   : ntimed ? "without a time to join them on" : "without a time to join them on, the biggest kept") == LL_OK;
	int named = 0;
	if (ok && snaps && sc.nt > 0 && (named = name_polls(&sc, out, path)) < 0)
		ok = 0;
	o = *out;
	if (ok && snaps && !named)
		ok = ll_table_note(o, "%s: no time in the file: its %zu snapshots (the header seen again above each) are "
				      "numbered in column \"poll\" (poll N at N s after 1970-01-01 00:00:00: a resampling "
				      "period of N s spans N polls)", path, snaps) == LL_OK;
	if (ok && cx.undated && !cx.dated)
		ok = ll_table_note(o, "%s: " DS_UNDATED_NOTE, path) == LL_OK;
	if (!ok) {
		ll_table_free(*out);
		*out = NULL;
		rc = nomem(path, err);
	}
done:
	if (rc != LL_OK && *out) {
		ll_table_free(*out);
		*out = NULL;
	}
	if (parts)
		for (size_t i = 0; i < sc.nt; i++)
			if (parts[i] != *out)
				ll_table_free(parts[i]);
	free(parts);
	free(drop);
	free(timed);
	scan_free(&sc);
	return rc;
}

const struct ds_reader ds_aligned_reader = {
	.name = "aligned",
	.summary = "columns lined up with blanks under a header line of names (saved output of monitoring commands)",
	.sniff = aligned_sniff,
	.load = aligned_load,
	.line = NULL,
};
