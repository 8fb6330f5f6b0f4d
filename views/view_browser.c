/*
 * view_browser.c - the first view: every row of a dataset, scrolled like
 * less.
 *
 * Log lines show as a label column (coloured by class) and the raw line;
 * tables show as aligned columns under a header, column widths taken from
 * the rows on screen, scrolled sideways a column at a time. Positions are
 * "display positions": with a filter on, position i is the i-th row that
 * passes the filter (rows[i]), else simply row i.
 *
 * Search and filter walk the rows in slices of a few ms (work()), so a
 * search over a 1 GiB log keeps the screen alive, shows its progress and
 * stops on Esc. The filter also keeps up with rows the background index
 * adds later. Regexes are POSIX extended, case-insensitive when the
 * pattern has no upper-case letter (smart case).
 *
 * Labelling (DESIGN.md journey 1) goes through the session of
 * view_labels.h: a class key labels the current line, or the range begun
 * with v; Space tags lines (a '*' in the gutter); L then t/m/T/r and a
 * class key labels the tagged lines, the search's matches (scanned in
 * slices like a search), the line's template (mined in slices) or the
 * range. Each is one undo step. The first browser owns the session; the
 * browsers other views open (one template's lines) borrow it.
 *
 * A fleet (many files merged on one timeline, ds_fleet.h) shows a header
 * and host and file columns before each line; H and F keep only the
 * current line's host or file (:host NAME, :file NAME by name), ] and [
 * go to the next and previous line of the same host; one file with a host
 * column (syslog's host field, a table's host, hostname or node) has H,
 * ], [ and :host by that column's value. Files that grow
 * while the browser is open are read again about once a second (tail
 * mode): their new lines join the end of the timeline.
 *
 * :TIME goes to the first row at or after a time typed (view_goto.h), a
 * stamp, a date, a time of day or a shift from the current row's time,
 * among the rows the filter shows: rows in time order are searched by
 * halves, others read in slices like a search.
 *
 * A single log loaded whole is followed the same way (ds_dataset_refresh,
 * view_tail.h): its new lines become rows, the cursor on the last row
 * stays on the last row, and a rotation or truncation is said in the
 * status line, the rows read before kept.
 */
#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ds_workspace.h"
#include "textcell.h"
#include "tui.h"
#include "view.h"
#include "view_pattern.h"
#include "view_goto.h"
#include "view_labels.h"
#include "view_res.h"
#include "view_tail.h"
#include "view_ws.h"

#define PATTERN_MAX 512
#define SLICE_MS 25.0
#define MAX_SPANS 64
#define COL_MAX_WIDTH 40
#define LABEL_MAX_WIDTH 16
#define CELL_CAP 4096
#define HOST_MAX_WIDTH 20
#define FILE_MAX_WIDTH 32
#define TAIL_EVERY_MS 1000.0

struct browser {
	struct ds_dataset *ds;
	struct view_lab *lab;
	int owns_lab;
	int owns_file; /* b->ds came with the session handed over (view_browser_open_file) */

	/* tags: one byte per row, grown on demand */
	unsigned char *tags;
	size_t tags_cap, ntags;
	int range_on;
	size_t range_row; /* where v was pressed */

	/* L m: search matches being collected before they are labelled */
	int bulk_scan, bulk_key;
	int bulk_unlabelled; /* the scan collects unlabelled rows (all of them), not matches */
	size_t bulk_pos, *bulk_rows, nbulk, capbulk;
	/* LOGLAB_TEST_COLLECT_LINES: lines a slice for the collection, the
	 * slice's time slept out, so a test sees it under way */
	size_t collect_test_lines;
	/* then the collected rows are labelled as every label of many lines
	 * is (view_lab_stage_key): their lines read in slices too */
	size_t cur, top; /* display positions */
	size_t hoff;     /* log lines: columns scrolled off; tables: first column shown */
	size_t maxw;     /* widest line at the last draw */
	size_t col_end;  /* tables: columns [hoff, col_end) shown whole at the last draw */
	int height;      /* rows of data at the last draw */
	int width;

	/* filter: rows[0..nfilt) pass, rows below `scanned` have been tested;
	 * by regex, or (filter_tpl >= 0) by template, or by a fleet's host or
	 * file (filter_host, filter_file >= 0) */
	int filter_on, filter_invert;
	long filter_tpl, filter_host, filter_file;
	/* or by the value of one file's host column (host_column), when set */
	char filter_hostval[256];
	struct view_pattern filter_re;
	char filter_pat[PATTERN_MAX];
	size_t *rows, nfilt, capfilt, scanned;
	int keep_pending; /* move the cursor to keep_row once it is known */
	size_t keep_row;

	/* search */
	int have_search, searching, search_dir, search_wrapped;
	struct view_pattern search_re;
	char search_pat[PATTERN_MAX];
	size_t search_pos, search_done, search_total;
	/* every match of the search among the lines shown, counted in the
	 * background for "hit 3/490": rows of matches in order (up to a cap;
	 * past it they are only counted), positions [0, hits_scanned) done */
	size_t *hit_rows, nhits, caphits, hits_kept, hits_scanned;
	/* where each scan goes on inside a long row (match_slices), and the
	 * bytes matched since the clock was last read */
	size_t search_from, hits_from, filter_from, bulk_from, matched_bytes;

	/* :TIME, its row found in slices too */
	struct view_goto go;

	/* label counts, recomputed when rows were added */
	size_t *counts, unlabelled, counts_rows;
	double counts_ms;

	char *buf; /* one row's text, grown to the longest row met */
	size_t cap;
	char cell[CELL_CAP];
	int *widths; /* per column, for tables, at the last draw */

	/* fleets: host and file column widths, for the hosts and files known
	 * when they were measured; when the files were last read again */
	int fleet, hostw, filew;
	int origins;  /* rows have a host and a file: a fleet of logs or of tables */
	size_t w_hosts, w_files;
	double tail_ms;
	struct view_tail tail; /* a single file followed */
	int tail_more;         /* lines of a burst still to take in */
};

/* The filter tests a regex (not a template, host or file). */
static int filter_by_regex(const struct browser *b)
{
	return b->filter_tpl < 0 && b->filter_host < 0 && b->filter_file < 0 && !b->filter_hostval[0];
}

/* Rows of data start below a header line: tables, and fleets (host, file). */
static int has_header(const struct browser *b)
{
	return b->fleet || !ds_dataset_is_lines(b->ds);
}

static size_t nvis(const struct browser *b)
{
	return b->filter_on ? b->nfilt : ds_dataset_nrows(b->ds);
}

static size_t row_of(const struct browser *b, size_t pos)
{
	return b->filter_on ? b->rows[pos] : pos;
}

/* The row's text in b->buf (NUL-terminated); *len its length. */
static const char *row_text(struct browser *b, size_t row, size_t *len)
{
	size_t n = ds_dataset_row_text(b->ds, row, b->buf, b->cap);
	if (n >= b->cap) {
		char *bigger = realloc(b->buf, n + 1);
		if (bigger) {
			b->buf = bigger;
			b->cap = n + 1;
			n = ds_dataset_row_text(b->ds, row, b->buf, b->cap);
		} else {
			n = b->cap - 1; /* out of memory: show what fits */
		}
	}
	*len = n;
	return b->buf;
}

/* Whether p matches the NUL-terminated s. */
static int matches(const struct view_pattern *p, const char *s)
{
	size_t n = strlen(s);
	return view_pattern_find(p, s, n, 0, n, NULL, NULL);
}

/* Rows are matched a slice at a time: glibc's regexec takes about a second
 * for 20 MB of one line, and a line of minified JSON may hold hundreds;
 * the slices overlap so that a match of up to MATCH_OVERLAP bytes across
 * two is found. */
#define MATCH_SLICE ((size_t)1 << 20)
#define MATCH_OVERLAP ((size_t)64 << 10)

/* The row's text for matching: where the dataset holds it (a large log's
 * line, not copied), else copied into b->buf. */
static const char *match_text(struct browser *b, size_t row, size_t *len)
{
	const char *s;
	if (ds_dataset_row_text_span(b->ds, row, &s, len))
		return s;
	return row_text(b, row, len);
}

/* Whether p matches the row's text s (len bytes, from match_text), from
 * *from on: 1 or 0 once decided (*from back to 0), -1 when the deadline
 * passed first, *from where to go on. */
static int match_slices(struct browser *b, const struct view_pattern *p, const char *s, size_t len, size_t *from,
			double deadline)
{
	size_t off = *from < len ? *from : 0;
	for (;;) {
		size_t end = len - off > MATCH_SLICE ? off + MATCH_SLICE : len;
		b->matched_bytes += end - off;
		int hit = view_pattern_find(p, s, len, off, end, NULL, NULL);
		if (hit || end >= len) {
			*from = 0;
			return hit;
		}
		off = end - MATCH_OVERLAP;
		if (tui_now_ms() > deadline) {
			*from = off;
			return -1;
		}
	}
}

/* Every 256 rows, or a slice's worth of bytes, the clock: whether the
 * deadline passed. */
static int past_deadline(struct browser *b, size_t rows_done, double deadline)
{
	if ((rows_done & 255) != 0 && b->matched_bytes < MATCH_SLICE)
		return 0;
	b->matched_bytes = 0;
	return tui_now_ms() > deadline;
}

/* Byte ranges of the search matches in s (NUL-terminated) within its first
 * upto bytes, at most max. */
static size_t find_spans(const struct browser *b, const char *s, size_t n, size_t upto, struct tui_span *sp,
			 size_t max)
{
	if (!b->have_search)
		return 0;
	size_t k = 0, off = 0;
	/* Only the bytes that can reach the screen: a search made every
	 * redraw run the regex through each line shown, whole (a quarter of
	 * a second a key on 2 MB lines); '$' still only at the line's end. */
	size_t end = n > upto ? upto : n;
	while (k < max && off <= end) {
		size_t so, eo;
		if (!view_pattern_find(&b->search_re, s, n, off, end, &so, &eo))
			break;
		if (eo > so) {
			sp[k].off = so;
			sp[k].len = eo - so;
			k++;
		}
		off = eo > so ? eo : so + 1;
	}
	return k;
}

/* ---- positions ---- */

static void clamp(struct browser *b)
{
	size_t n = nvis(b), h = b->height > 0 ? (size_t)b->height : 1;
	if (n == 0) {
		b->cur = b->top = 0;
		return;
	}
	if (b->cur >= n)
		b->cur = n - 1;
	if (b->top > b->cur)
		b->top = b->cur;
	if (b->cur >= b->top + h)
		b->top = b->cur - h + 1;
	/* Keep the last page full rather than scrolling into emptiness. */
	if (n > h && b->top > n - h)
		b->top = n - h;
	if (n <= h)
		b->top = 0;
}

/* Moves the cursor to display position pos, scrolling so it shows a third
 * of the way down when it was off screen (the context above helps). */
static void jump(struct browser *b, size_t pos)
{
	size_t h = b->height > 0 ? (size_t)b->height : 1;
	b->cur = pos;
	if (pos < b->top || pos >= b->top + h)
		b->top = pos > h / 3 ? pos - h / 3 : 0;
	clamp(b);
}

/* First display position whose row is >= row (nvis when none). */
static size_t position_of_row(const struct browser *b, size_t row)
{
	if (!b->filter_on)
		return row;
	size_t lo = 0, hi = b->nfilt;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->rows[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- filter ---- */

/* The search's match count starts again: a new pattern, another filter. */
static void hits_reset(struct browser *b)
{
	b->nhits = b->hits_kept = b->hits_scanned = b->hits_from = 0;
}

/* The last row's text changed (a followed file's line read before its
 * newline came is whole now): the filter tests it again, and the hits
 * are counted again (rare: only a line unfinished when the file was
 * opened). */
static void retest_last_row(struct browser *b, size_t row)
{
	if (b->filter_on && b->scanned > row) {
		if (b->nfilt && b->rows[b->nfilt - 1] == row)
			b->nfilt--;
		b->scanned = row;
		b->filter_from = 0;
		clamp(b);
	}
	if (b->have_search)
		hits_reset(b);
}

static void filter_clear(struct browser *b)
{
	if (!b->filter_on)
		return;
	size_t row = nvis(b) ? row_of(b, b->cur) : 0;
	if (filter_by_regex(b))
		view_pattern_free(&b->filter_re);
	b->filter_tpl = b->filter_host = b->filter_file = -1;
	b->filter_hostval[0] = '\0';
	b->filter_on = 0;
	b->nfilt = b->scanned = b->filter_from = 0;
	b->keep_pending = 0;
	hits_reset(b);
	jump(b, row);
}

/* A new filter scans from the top; the row under the cursor (row) is
 * found again once the scan reaches it. */
static void filter_restart(struct browser *b, size_t row)
{
	b->nfilt = b->scanned = b->filter_from = 0;
	hits_reset(b);
	b->keep_pending = 1;
	b->keep_row = row;
	b->cur = b->top = 0;
}

static void filter_set(struct browser *b, struct tui *t, const char *pat, int invert)
{
	struct view_pattern re;
	char msg[512];
	if (!*pat) {
		int was = b->filter_on;
		filter_clear(b);
		tui_message(t, was ? "filter cleared" : "no filter");
		return;
	}
	if (view_pattern_compile(&re, pat, msg, sizeof msg) != 0) {
		tui_error(t, "%s", msg);
		return;
	}
	size_t row = nvis(b) ? row_of(b, b->cur) : 0;
	filter_clear(b);
	b->filter_re = re;
	b->filter_on = 1;
	b->filter_invert = invert;
	snprintf(b->filter_pat, sizeof b->filter_pat, "%s", pat);
	filter_restart(b, row);
}

/* The column of one file that names each row's host (syslog's host
 * field, a table's host, hostname or node column: by its name, a text
 * column), or -1. Looked up each time: a large log's columns may grow
 * once it is counted. */
static int host_column(const struct browser *b)
{
	static const char *const names[] = {"host", "hostname", "host_name", "node", "nodename", "node_name"};
	size_t nc = ds_dataset_ncols(b->ds);
	for (size_t c = 0; c < nc; c++) {
		const char *name = ds_dataset_col_name(b->ds, c);
		if (!name || ds_dataset_col_type(b->ds, c) != LL_COL_TEXT)
			continue;
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (!strcasecmp(name, names[i]))
				return (int)c;
	}
	return -1;
}

/* Row's host in one file's host column into buf; 0 when none (no column,
 * an empty cell, or one longer than buf). */
static int row_host_value(struct browser *b, size_t row, char *buf, size_t cap)
{
	int col = host_column(b);
	if (col < 0)
		return 0;
	size_t len = ds_dataset_cell(b->ds, row, (size_t)col, buf, cap);
	return len > 0 && len < cap;
}

/* One slice of filtering; 1 while rows remain to be tested. */
static int filter_work(struct browser *b, double deadline)
{
	size_t total = ds_dataset_nrows(b->ds);
	while (b->scanned < total) {
		size_t row = b->scanned;
		int pass;
		if (b->filter_tpl >= 0) {
			pass = row < b->lab->tpl_rows && b->lab->tpl[row] == b->filter_tpl;
		} else if (b->filter_host >= 0) {
			pass = ds_dataset_row_host(b->ds, row) == (size_t)b->filter_host;
		} else if (b->filter_hostval[0]) {
			char host[sizeof b->filter_hostval];
			pass = row_host_value(b, row, host, sizeof host) && !strcmp(host, b->filter_hostval);
		} else if (b->filter_file >= 0) {
			pass = ds_dataset_row_file(b->ds, row) == (size_t)b->filter_file;
		} else {
			size_t len;
			const char *text = match_text(b, row, &len);
			int m = match_slices(b, &b->filter_re, text, len, &b->filter_from, deadline);
			if (m < 0)
				return 1;
			pass = m != b->filter_invert;
		}
		if (pass) {
			if (b->nfilt == b->capfilt) {
				size_t cap = b->capfilt ? 2 * b->capfilt : 1024;
				size_t *v = realloc(b->rows, cap * sizeof *v);
				if (!v)
					return 0; /* keep what we have; the status shows scanned < N */
				b->rows = v;
				b->capfilt = cap;
			}
			b->rows[b->nfilt++] = row;
			if (b->keep_pending && row >= b->keep_row) {
				b->keep_pending = 0;
				jump(b, b->nfilt - 1);
			}
		}
		b->scanned++;
		if (past_deadline(b, b->scanned, deadline))
			return b->scanned < total;
	}
	if (b->keep_pending && ds_dataset_complete(b->ds)) {
		b->keep_pending = 0;
		jump(b, b->nfilt ? b->nfilt - 1 : 0);
	}
	return 0;
}

/* Keeps only the rows of one host (by 0) or one file (by 1) of a fleet:
 * id, or the current row's when id < 0. The same filter again clears it. */
static void filter_host_value(struct browser *b, struct tui *t, const char *host);

static void filter_origin(struct browser *b, struct tui *t, int by_file, long id)
{
	if (!b->origins && !by_file && host_column(b) >= 0) {
		filter_host_value(b, t, NULL);
		return;
	}
	if (!b->origins) {
		tui_error(t, by_file ? "one file: no files to filter by (open a folder or a glob)"
				     : "one file without a host column (host, hostname, node): no hosts to filter by");
		return;
	}
	size_t n = nvis(b);
	if (id < 0 && !n)
		return;
	size_t row = n ? row_of(b, b->cur) : 0;
	if (id < 0)
		id = (long)(by_file ? ds_dataset_row_file(b->ds, row) : ds_dataset_row_host(b->ds, row));
	const char *name = by_file ? ds_dataset_file_name(b->ds, (size_t)id) : ds_dataset_host_name(b->ds, (size_t)id);
	if (b->filter_on && (by_file ? b->filter_file : b->filter_host) == id) {
		filter_clear(b);
		tui_message(t, "%s %s: filter cleared", by_file ? "file" : "host", name ? name : "?");
		return;
	}
	filter_clear(b);
	b->filter_on = 1;
	if (by_file)
		b->filter_file = id;
	else
		b->filter_host = id;
	filter_restart(b, row);
	tui_message(t, "only %s %s (%c again shows all)", by_file ? "file" : "host", name ? name : "?",
		    by_file ? 'F' : 'H');
}

/* One file's H: only the rows whose host column holds host (the current
 * row's when NULL); the same again shows all. */
static void filter_host_value(struct browser *b, struct tui *t, const char *host)
{
	char cur[sizeof b->filter_hostval];
	size_t n = nvis(b);
	size_t row = n ? row_of(b, b->cur) : 0;
	if (!host) {
		if (!n)
			return;
		if (!row_host_value(b, row, cur, sizeof cur)) {
			tui_error(t, "line %zu has no %s", row + 1, ds_dataset_col_name(b->ds, (size_t)host_column(b)));
			return;
		}
		host = cur;
	}
	if (b->filter_on && !strcmp(b->filter_hostval, host)) {
		filter_clear(b);
		tui_message(t, "host %s: filter cleared", host);
		return;
	}
	char keep[sizeof b->filter_hostval];
	snprintf(keep, sizeof keep, "%s", host);
	filter_clear(b);
	b->filter_on = 1;
	snprintf(b->filter_hostval, sizeof b->filter_hostval, "%s", keep);
	filter_restart(b, row);
	tui_message(t, "only host %s (H again shows all)", keep);
}

/* :host NAME / :file NAME: the filter by name; an empty name clears it. */
static void filter_origin_named(struct browser *b, struct tui *t, int by_file, const char *name)
{
	while (*name == ' ')
		name++;
	if (!*name) {
		int was = b->filter_on;
		filter_clear(b);
		tui_message(t, was ? "filter cleared" : "no filter");
		return;
	}
	if (!b->origins && !by_file && host_column(b) >= 0) {
		if (!(b->filter_on && !strcmp(b->filter_hostval, name)))
			filter_host_value(b, t, name);
		return;
	}
	size_t n = by_file ? ds_dataset_nfiles(b->ds) : ds_dataset_nhosts(b->ds);
	for (size_t i = 0; i < n; i++) {
		const char *s = by_file ? ds_dataset_file_name(b->ds, i) : ds_dataset_host_name(b->ds, i);
		if (s && strcmp(s, name) == 0) {
			if (!(b->filter_on && (by_file ? b->filter_file : b->filter_host) == (long)i))
				filter_origin(b, t, by_file, (long)i);
			return;
		}
	}
	tui_error(t, "no %s '%s' in this fleet (%zu %s%s)", by_file ? "file" : "host", name, n,
		  by_file ? "files" : "hosts", ds_dataset_complete(b->ds) ? "" : " so far");
}

/* ] and [ in one file with a host column. */
static void same_host_value(struct browser *b, struct tui *t, int dir)
{
	size_t n = nvis(b);
	char host[256], other[256];
	if (!n || !row_host_value(b, row_of(b, b->cur), host, sizeof host))
		return;
	for (size_t pos = b->cur; dir > 0 ? pos + 1 < n : pos > 0;) {
		pos = dir > 0 ? pos + 1 : pos - 1;
		if (row_host_value(b, row_of(b, pos), other, sizeof other) && !strcmp(host, other)) {
			jump(b, pos);
			return;
		}
	}
	tui_message(t, "no %s line of host %s%s", dir > 0 ? "later" : "earlier", host,
		    dir > 0 && !ds_dataset_complete(b->ds) ? " so far" : "");
}

/* ] and [: the next (dir 1) or previous (-1) shown line of the current
 * line's host. */
static void same_host(struct browser *b, struct tui *t, int dir)
{
	size_t n = nvis(b);
	if (!b->origins && host_column(b) >= 0) {
		same_host_value(b, t, dir);
		return;
	}
	if (!b->origins) {
		tui_error(t, "one file without a host column (host, hostname, node): no hosts");
		return;
	}
	if (!n)
		return;
	size_t host = ds_dataset_row_host(b->ds, row_of(b, b->cur));
	for (size_t pos = b->cur; dir > 0 ? pos + 1 < n : pos > 0;) {
		pos = dir > 0 ? pos + 1 : pos - 1;
		if (ds_dataset_row_host(b->ds, row_of(b, pos)) == host) {
			jump(b, pos);
			return;
		}
	}
	const char *name = ds_dataset_host_name(b->ds, host);
	tui_message(t, "no %s line of host %s%s", dir > 0 ? "later" : "earlier", name ? name : "?",
		    dir > 0 && !ds_dataset_complete(b->ds) ? " so far" : "");
}

/* ---- search ---- */

#define HITS_KEPT_MAX ((size_t)1 << 24) /* rows remembered for "hit i/N": 128 MiB at most */

/* One slice of counting the search's matches; 1 while lines remain. */
static int hits_work(struct browser *b, double deadline)
{
	size_t n = nvis(b);
	while (b->have_search && b->hits_scanned < n) {
		size_t row = row_of(b, b->hits_scanned), len;
		const char *text = match_text(b, row, &len);
		int m = match_slices(b, &b->search_re, text, len, &b->hits_from, deadline);
		if (m < 0)
			return 1;
		if (m) {
			b->nhits++;
			if (b->hits_kept == b->caphits && b->caphits < HITS_KEPT_MAX) {
				size_t cap = b->caphits ? 2 * b->caphits : 1024;
				size_t *v = realloc(b->hit_rows, cap * sizeof *v);
				if (v) {
					b->hit_rows = v;
					b->caphits = cap;
				}
			}
			/* Kept while every match so far is: the index stays exact. */
			if (b->hits_kept < b->caphits && b->hits_kept + 1 == b->nhits)
				b->hit_rows[b->hits_kept++] = row;
		}
		b->hits_scanned++;
		if (past_deadline(b, b->hits_scanned, deadline))
			return 1;
	}
	return 0;
}

/* "  hit 3/490", "  490 hits", "  counting hits… 40%" for the status bar. */
static void hits_text(const struct browser *b, char *buf, size_t cap)
{
	size_t n = nvis(b);
	buf[0] = '\0';
	if (!b->have_search || b->searching)
		return;
	if (b->hits_scanned < n) {
		snprintf(buf, cap, "  /%.40s: counting… %d%%", b->search_pat, (int)(100.0 * (double)b->hits_scanned / (double)n));
		return;
	}
	size_t row = n ? row_of(b, b->cur) : 0, lo = 0, hi = b->hits_kept;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->hit_rows[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < b->hits_kept && b->hit_rows[lo] == row)
		snprintf(buf, cap, "  /%.40s: hit %zu/%zu", b->search_pat, lo + 1, b->nhits);
	else
		snprintf(buf, cap, "  /%.40s: %zu hit%s", b->search_pat, b->nhits, b->nhits == 1 ? "" : "s");
}

static void search_start(struct browser *b, struct tui *t, int dir)
{
	size_t n = nvis(b);
	if (!b->have_search) {
		tui_error(t, "no previous search (/ starts one)");
		return;
	}
	if (n == 0) {
		tui_error(t, "nothing to search");
		return;
	}
	b->searching = 1;
	b->search_dir = dir;
	b->search_wrapped = 0;
	b->search_done = b->search_from = 0;
	b->search_total = n;
	/* Start beside the cursor, like vi, wrapping at either end. */
	if (dir > 0 && b->cur + 1 < n) {
		b->search_pos = b->cur + 1;
	} else if (dir > 0) {
		b->search_pos = 0;
		b->search_wrapped = 1;
	} else if (b->cur > 0) {
		b->search_pos = b->cur - 1;
	} else {
		b->search_pos = n - 1;
		b->search_wrapped = 1;
	}
}

static int label_width(struct browser *b);
static int column_width(struct browser *b, size_t c, int h);

/* The first of as many table columns ending at column end - 1 as fit on
 * the screen (at least that one): where '$' and a search scroll to. */
static size_t first_col_fitting(struct browser *b, size_t end)
{
	size_t c = end;
	int room = b->width - (label_width(b) ? label_width(b) + 1 : 0);
	while (c > 0) {
		int cw = column_width(b, c - 1, b->height) + 2;
		if (cw > room && c < end)
			break;
		room -= cw;
		c--;
	}
	return c;
}

/* Display columns the log lines have beside the label (and a fleet's host
 * and file) at the last draw. */
static size_t line_text_width(struct browser *b)
{
	size_t used = (size_t)label_width(b) + 1 + (b->fleet ? (size_t)(b->hostw + b->filew + 4) : 0);
	return (size_t)b->width > used ? (size_t)b->width - used : 1;
}

/* Scrolls sideways so the search's match in row shows: a hit past the
 * right edge of a long line, or in a column of a wide table not on screen,
 * is otherwise found with nothing to see (the status says "hit 3/9", the
 * screen shows no match). A match already on screen moves nothing. */
static void show_match(struct browser *b, struct tui *t, size_t row)
{
	if (ds_dataset_is_lines(b->ds)) {
		size_t len;
		const char *s = row_text(b, row, &len);
		struct tui_span sp;
		if (find_spans(b, s, len, len, &sp, 1) == 0)
			return;
		int utf8 = tui_utf8(t);
		size_t start = tc_width(s, sp.off, utf8), end = tc_width(s, sp.off + sp.len, utf8);
		size_t text_w = line_text_width(b);
		if (start >= b->hoff && end <= b->hoff + text_w)
			return;
		/* from the line's start when it fits, else with a third of
		 * the width of what leads to it */
		b->hoff = end <= text_w ? 0 : (start > text_w / 3 ? start - text_w / 3 : 0);
		return;
	}
	size_t ncols = ds_dataset_ncols(b->ds);
	for (size_t c = 0; c < ncols; c++) {
		size_t len = ds_dataset_cell(b->ds, row, c, b->cell, sizeof b->cell);
		if (len >= sizeof b->cell)
			len = sizeof b->cell - 1;
		b->cell[len] = '\0';
		if (!matches(&b->search_re, b->cell))
			continue;
		/* the first matching column: first on screen when it was on
		 * the left, last (with those before it that fit) on the right */
		if (c < b->hoff)
			b->hoff = c;
		else if (c >= b->col_end)
			b->hoff = first_col_fitting(b, c + 1);
		return;
	}
}

static int search_work(struct browser *b, struct tui *t, double deadline)
{
	size_t n = nvis(b);
	while (b->search_done < b->search_total && n > 0) {
		if (b->search_pos >= n) { /* rows vanished (filter changed): wrap */
			b->search_pos = b->search_dir > 0 ? 0 : n - 1;
			b->search_wrapped = 1;
		}
		size_t len;
		const char *s = match_text(b, row_of(b, b->search_pos), &len);
		int m = match_slices(b, &b->search_re, s, len, &b->search_from, deadline);
		if (m < 0)
			return 1;
		if (m) {
			b->searching = 0;
			jump(b, b->search_pos);
			show_match(b, t, row_of(b, b->search_pos));
			if (b->search_wrapped)
				tui_message(t, b->search_dir > 0 ? "search hit BOTTOM, continuing at TOP"
								 : "search hit TOP, continuing at BOTTOM");
			else
				tui_message(t, "/%s", b->search_pat);
			return 0;
		}
		b->search_done++;
		if (b->search_dir > 0) {
			if (++b->search_pos >= n) {
				b->search_pos = 0;
				b->search_wrapped = 1;
			}
		} else if (b->search_pos == 0) {
			b->search_pos = n - 1;
			b->search_wrapped = 1;
		} else {
			b->search_pos--;
		}
		if (past_deadline(b, b->search_done, deadline))
			return 1;
	}
	b->searching = 0;
	tui_error(t, "pattern not found: %s", b->search_pat);
	return 0;
}

/* ---- going to a time ---- */

/* A row's time at display position pos, NaN when it has none (or when a
 * filter changed under a scan and pos is no longer shown). */
static double time_at_pos(void *ctx, size_t pos)
{
	struct browser *b = ctx;
	double v = NAN;
	if (pos < nvis(b))
		ds_dataset_row_time(b->ds, row_of(b, pos), &v);
	return v;
}

/* Rows read near the cursor, or from either end, for a time to start from. */
#define NEAR_ROWS 1000

/* The time of the first row with one from pos on (dir 1) or back (dir -1),
 * within NEAR_ROWS rows; NaN when none. */
static double time_near(struct browser *b, size_t pos, int dir)
{
	size_t n = nvis(b);
	for (size_t k = 0; k < NEAR_ROWS && pos < n; k++) {
		double v = time_at_pos(b, pos);
		if (!isnan(v))
			return v;
		if (dir < 0 && pos == 0)
			break;
		pos = dir > 0 ? pos + 1 : pos - 1;
	}
	return NAN;
}

/* :TIME (view_goto.h): the current row's time (a row without one takes
 * the one above it, else below), and the range of the rows shown: the
 * dataset's own when every row shows and it is known, else the first and
 * last times near the ends (rows in time order, as logs are). */
static int goto_time(struct browser *b, struct tui *t, const char *cmd)
{
	size_t n = nvis(b);
	double ref = NAN, lo = NAN, hi = NAN;
	if (n) {
		ref = time_near(b, b->cur, -1);
		if (isnan(ref))
			ref = time_near(b, b->cur, 1);
		if (b->filter_on || !ds_dataset_time_range(b->ds, &lo, &hi)) {
			lo = time_near(b, 0, 1);
			hi = time_near(b, n - 1, -1);
		}
	}
	return view_goto_parse(&b->go, t, cmd, ref, lo, hi, ds_dataset_timed(b->ds));
}

static int goto_work(struct browser *b, struct tui *t, double deadline)
{
	size_t pos;
	if (view_goto_work(&b->go, t, time_at_pos, b, nvis(b), b->filter_on, deadline, &pos))
		return 1;
	if (pos != SIZE_MAX)
		jump(b, pos);
	return 0;
}

/* ---- labelling ---- */

static int tagged(const struct browser *b, size_t row)
{
	return row < b->tags_cap && b->tags[row];
}

static void tag_toggle(struct browser *b, struct tui *t, size_t row)
{
	if (row >= b->tags_cap) {
		size_t cap = b->tags_cap ? b->tags_cap : 1024;
		while (cap <= row)
			cap *= 2;
		unsigned char *p = realloc(b->tags, cap);
		if (!p) {
			tui_error(t, "out of memory for tags");
			return;
		}
		memset(p + b->tags_cap, 0, cap - b->tags_cap);
		b->tags = p;
		b->tags_cap = cap;
	}
	b->tags[row] = !b->tags[row];
	if (b->tags[row])
		b->ntags++;
	else
		b->ntags--;
}

static void tags_clear(struct browser *b)
{
	if (b->tags)
		memset(b->tags, 0, b->tags_cap);
	b->ntags = 0;
}

/* Display positions of the range, in order. */
static void range_bounds(const struct browser *b, size_t *lo, size_t *hi)
{
	size_t start = position_of_row(b, b->range_row);
	size_t n = nvis(b);
	if (start >= n)
		start = n ? n - 1 : 0;
	*lo = start < b->cur ? start : b->cur;
	*hi = start < b->cur ? b->cur : start;
}

static int in_range(const struct browser *b, size_t pos)
{
	if (!b->range_on)
		return 0;
	size_t lo, hi;
	range_bounds(b, &lo, &hi);
	return pos >= lo && pos <= hi;
}

/* A range ends once its lines are labelled; it stays after an error or
 * Esc, to be labelled again. */
static void range_done(void *owner)
{
	struct browser *b = owner;
	b->range_on = 0;
}

static void label_range(struct browser *b, struct tui *t, int key)
{
	size_t lo, hi;
	range_bounds(b, &lo, &hi);
	size_t n = nvis(b) ? hi - lo + 1 : 0;
	size_t *rows = malloc((n ? n : 1) * sizeof *rows);
	if (!rows) {
		tui_error(t, "out of memory");
		return;
	}
	for (size_t i = 0; i < n; i++)
		rows[i] = row_of(b, lo + i);
	char what[96];
	snprintf(what, sizeof what, "range %zu-%zu", n ? rows[0] + 1 : 0, n ? rows[n - 1] + 1 : 0);
	view_lab_stage_key(b->lab, t, key, rows, n, "bulk", what, range_done, b);
	free(rows);
}

/* Tags stay after an error or Esc so nothing is lost; a label clears them. */
static void tagged_done(void *owner) { tags_clear(owner); }

static void label_tagged(struct browser *b, struct tui *t, int key)
{
	if (!b->ntags) {
		tui_error(t, "no tagged lines (Space tags the current line)");
		return;
	}
	size_t *rows = malloc(b->ntags * sizeof *rows), n = 0;
	if (!rows) {
		tui_error(t, "out of memory");
		return;
	}
	for (size_t r = 0; r < b->tags_cap && n < b->ntags; r++)
		if (b->tags[r])
			rows[n++] = r;
	char what[64];
	snprintf(what, sizeof what, "%zu tagged", n);
	view_lab_stage_key(b->lab, t, key, rows, n, "bulk", what, tagged_done, b);
	free(rows);
}

/* L m: collect the rows the search matches (within the filter), in slices. */
static void label_matches_start(struct browser *b, struct tui *t, int key)
{
	if (!b->have_search) {
		tui_error(t, "no search to take the matches of (/ starts one)");
		return;
	}
	if (!view_lab_key_class(b->lab, key)) {
		view_lab_apply_key(b->lab, t, key, NULL, 0, "bulk", "matches"); /* reports the unbound key */
		return;
	}
	b->bulk_scan = 1;
	b->bulk_unlabelled = 0;
	b->bulk_key = key;
	b->bulk_pos = b->bulk_from = 0;
	b->nbulk = 0;
}

/* L u: every unlabelled line of the dataset (the filter aside) gets the
 * class, in slices like the matches. */
static void label_unlabelled_start(struct browser *b, struct tui *t, int key)
{
	if (!view_lab_key_class(b->lab, key)) {
		view_lab_apply_key(b->lab, t, key, NULL, 0, "bulk", "unlabelled"); /* reports the unbound key */
		return;
	}
	b->bulk_scan = 1;
	b->bulk_unlabelled = 1;
	b->bulk_key = key;
	b->bulk_pos = b->bulk_from = 0;
	b->nbulk = 0;
}

/* The lines an L m or L u labels, in words: "matches of /PAT". */
static void bulk_what(const struct browser *b, char *buf, size_t cap)
{
	if (b->bulk_unlabelled)
		snprintf(buf, cap, "every unlabelled line");
	else
		snprintf(buf, cap, "matches of /%s", b->search_pat);
}

static int bulk_work(struct browser *b, struct tui *t, double deadline)
{
	size_t n = b->bulk_unlabelled ? ds_dataset_nrows(b->ds) : nvis(b);
	size_t stop = b->collect_test_lines ? b->bulk_pos + b->collect_test_lines : SIZE_MAX;
	while (b->bulk_pos < n) {
		if (b->bulk_pos >= stop) {
			double left = deadline - tui_now_ms();
			if (left > 0)
				usleep((useconds_t)(left * 1000.0));
			return 1;
		}
		size_t row = b->bulk_unlabelled ? b->bulk_pos : row_of(b, b->bulk_pos), len;
		int m = 1;
		if (!b->bulk_unlabelled) {
			const char *text = match_text(b, row, &len);
			if ((m = match_slices(b, &b->search_re, text, len, &b->bulk_from, deadline)) < 0)
				return 1;
		}
		if (b->bulk_unlabelled ? view_lab_get(b->lab, row) == LL_NO_LABEL : m) {
			if (b->nbulk == b->capbulk) {
				size_t cap = b->capbulk ? 2 * b->capbulk : 1024;
				size_t *p = realloc(b->bulk_rows, cap * sizeof *p);
				if (!p) {
					b->bulk_scan = 0;
					tui_error(t, "out of memory collecting matches");
					return 0;
				}
				b->bulk_rows = p;
				b->capbulk = cap;
			}
			b->bulk_rows[b->nbulk++] = row;
		}
		b->bulk_pos++;
		if (past_deadline(b, b->bulk_pos, deadline))
			return 1;
	}
	b->bulk_scan = 0;
	char what[PATTERN_MAX + 32];
	bulk_what(b, what, sizeof what);
	if (b->nbulk == 0 && b->bulk_unlabelled)
		tui_error(t, "no unlabelled line: nothing labelled");
	else if (b->nbulk == 0)
		tui_error(t, "no line matches /%s: nothing labelled", b->search_pat);
	else
		view_lab_stage_key(b->lab, t, b->bulk_key, b->bulk_rows, b->nbulk, "bulk", what, NULL, NULL);
	return 0;
}

/* L: which lines, then which class. */
static void label_bulk(struct browser *b, struct tui *t)
{
	char prompt[768], classes[512];
	size_t nlc, nunl = 0, staged_read, staged;
	if (view_lab_stage_progress(b->lab, &staged_read, &staged)) {
		tui_error(t, "labelling %zu lines is under way (Esc stops it)", staged);
		return;
	}
	view_lab_counts(b->lab, &nlc, &nunl);
	snprintf(prompt, sizeof prompt, "label [t]agged (%zu) [m]atches%s%s [T]emplate [r]ange%s [u]nlabelled (%zu): ",
		 b->ntags, b->have_search ? " of /" : "", b->have_search ? b->search_pat : "",
		 b->range_on ? "" : " (none)", nunl);
	int what = tui_ask_key(t, prompt);
	if (what < 0)
		return;
	if (what != 't' && what != 'm' && what != 'T' && what != 'r' && what != 'u') {
		tui_error(t, "label: t, m, T, r or u expected");
		return;
	}
	if (what == 'r' && !b->range_on) {
		tui_error(t, "no range (v starts one)");
		return;
	}
	if (!nvis(b)) {
		tui_error(t, "no lines");
		return;
	}
	view_lab_keys_text(b->lab, classes, sizeof classes);
	snprintf(prompt, sizeof prompt, "as class (%s, Esc cancels): ", classes);
	int key = tui_ask_key(t, prompt);
	if (key < 0)
		return;
	switch (what) {
	case 't': label_tagged(b, t, key); break;
	case 'm': label_matches_start(b, t, key); break;
	case 'T': view_lab_label_template(b->lab, t, row_of(b, b->cur), key); break;
	case 'r': label_range(b, t, key); break;
	case 'u': label_unlabelled_start(b, t, key); break;
	}
}

/* On the last row (and the rows before it all filtered): tail mode
 * follows the end, as less +F does, once the filter has seen the new rows;
 * also while a previous follow still waits for the filter or the merge. */
static int cursor_at_end(const struct browser *b)
{
	size_t total = ds_dataset_nrows(b->ds);
	if (b->tail.follow && b->cur == b->tail.from_cur)
		return 1;
	return nvis(b) == 0 || (b->cur + 1 == nvis(b) && (!b->filter_on || b->scanned >= total));
}

static int browser_work(struct view *v, struct tui *t)
{
	struct browser *b = v->state;
	double deadline = tui_now_ms() + SLICE_MS;
	int more = 0;
	view_lab_poll(b->lab, t);
	/* A file opened from another view is still being counted: the loop
	 * waits on the tui's own dataset only, so keep it coming back. */
	int counting = b->owns_file && !ds_dataset_complete(b->ds);
	if (counting && !tui_scripted(t))
		usleep(20000);
	/* Tail mode: files that grew join the timeline (rows only grow). A
	 * script's screens must not depend on when files were looked at. */
	if (b->fleet && !tui_scripted(t) && ds_dataset_complete(b->ds) && tui_now_ms() - b->tail_ms > TAIL_EVERY_MS) {
		b->tail_ms = tui_now_ms();
		int at_end = cursor_at_end(b);
		/* the merge thread brings the rows later: following waits for
		 * the merge to be complete again (view_tail_follow_now below) */
		if (ds_dataset_refresh(b->ds) && at_end) {
			b->tail.follow = 1;
			b->tail.from_cur = b->cur;
		}
	}
	if (!b->fleet && !tui_scripted(t) &&
	    (ds_dataset_tail(b->ds) == DS_TAIL_FOLLOWING ||
	     (ds_dataset_tail(b->ds) == DS_TAIL_LARGE && ds_dataset_complete(b->ds))) &&
	    (b->tail_more || tui_now_ms() - b->tail_ms > TAIL_EVERY_MS)) {
		b->tail_ms = tui_now_ms();
		int at_end = cursor_at_end(b);
		size_t unfinished = ds_dataset_unfinished_row(b->ds);
		b->tail_more = view_tail_refresh(&b->tail, t, b->ds, at_end, b->cur);
		if (unfinished != SIZE_MAX && ds_dataset_unfinished_row(b->ds) != unfinished) {
			retest_last_row(b, unfinished);
			view_lab_row_rewritten(b->lab, t, unfinished);
		}
	}
	int rows_seen = (!b->filter_on || b->scanned >= ds_dataset_nrows(b->ds)) &&
			(!b->fleet || ds_dataset_complete(b->ds));
	if (view_tail_follow_now(&b->tail, b->cur, rows_seen) && nvis(b)) {
		b->cur = nvis(b) - 1;
		clamp(b);
	}
	/* A jump past the rows counted so far waits for them. */
	if (b->lab->jump_pending && (!counting || b->lab->jump_row < ds_dataset_nrows(b->ds))) {
		b->lab->jump_pending = 0;
		size_t pos = position_of_row(b, b->lab->jump_row);
		if (pos >= nvis(b) || row_of(b, pos) != b->lab->jump_row) {
			filter_clear(b);
			pos = b->lab->jump_row;
		}
		jump(b, pos);
	}
	more = view_lab_stage_work(b->lab, t, deadline);
	if (!more && b->lab->pend)
		more = view_lab_templates_work(b->lab, t, deadline);
	if (!more && b->filter_on)
		more = filter_work(b, deadline);
	if (!more && b->searching)
		more = search_work(b, t, deadline);
	if (!more && b->go.on && !(b->filter_on && b->scanned < ds_dataset_nrows(b->ds)))
		more = goto_work(b, t, deadline);
	if (!more && b->bulk_scan)
		more = bulk_work(b, t, deadline);
	/* The count waits for the filter: positions are the filter's. */
	if (!more && !(b->filter_on && b->scanned < ds_dataset_nrows(b->ds)))
		more = hits_work(b, deadline);
	return more || counting || b->searching || b->go.on || b->bulk_scan || b->lab->pend || b->lab->staging || b->tail_more;
}

/* ---- drawing ---- */

static int label_width(struct browser *b)
{
	size_t n = view_lab_nclasses(b->lab), w = 0;
	for (size_t c = 0; c < n; c++) {
		const char *name = view_shown(view_lab_class_name(b->lab, c));
		size_t k = tc_width(name, strlen(name), 1);
		if (k > w)
			w = k;
	}
	return (int)(w > LABEL_MAX_WIDTH ? LABEL_MAX_WIDTH : w);
}

/* Draws the label cell of the row at display position pos at (y, x), lw
 * wide, and the gutter after it: '*' tagged, '+' in the range. Returns the
 * columns used. Without classes the gutter shows only while tagging. */
static int draw_label(struct browser *b, struct tui *t, int y, int x, int w, int lw, size_t pos, attr_t extra)
{
	size_t row = row_of(b, pos);
	int gutter = lw > 0 || b->ntags || b->range_on;
	if (!gutter || w <= 0)
		return 0;
	int cls = view_lab_get(b->lab, row);
	const char *name = cls == LL_NO_LABEL ? "" : view_lab_class_name(b->lab, (size_t)cls);
	if (!name)
		name = "";
	int cw = lw < w ? lw : w;
	const char *shown = view_shown(name);
	if (cw > 0)
		tui_draw_text(t, y, x, cw, shown, strlen(shown), 0, tui_label_role(name, cls), extra, NULL, 0);
	if (cw < w) {
		const char *mark = tagged(b, row) ? "*" : in_range(b, pos) ? "+" : " ";
		tui_draw_text(t, y, x + cw, 1, mark, 1, 0, *mark == ' ' ? TUI_ROLE_NORMAL : TUI_ROLE_MATCH, extra,
			      NULL, 0);
	}
	return cw < w ? cw + 1 : cw;
}

/* A fleet's host and file columns as wide as their longest names (up to
 * a cap), measured again when hosts or files were added. */
static void origin_widths(struct browser *b)
{
	size_t nh = ds_dataset_nhosts(b->ds), nf = ds_dataset_nfiles(b->ds);
	if (b->hostw && nh == b->w_hosts && nf == b->w_files)
		return;
	size_t hw = 4, fw = 4; /* "host", "file" */
	for (size_t i = 0; i < nh && hw < HOST_MAX_WIDTH; i++) {
		const char *s = ds_dataset_host_name(b->ds, i);
		size_t k = s ? tc_width(s, strlen(s), 1) : 0;
		hw = k > hw ? k : hw;
	}
	for (size_t i = 0; i < nf && fw < FILE_MAX_WIDTH; i++) {
		const char *s = ds_dataset_file_name(b->ds, i);
		size_t k = s ? tc_width(s, strlen(s), 1) : 0;
		fw = k > fw ? k : fw;
	}
	b->hostw = (int)(hw < HOST_MAX_WIDTH ? hw : HOST_MAX_WIDTH);
	b->filew = (int)(fw < FILE_MAX_WIDTH ? fw : FILE_MAX_WIDTH);
	b->w_hosts = nh;
	b->w_files = nf;
}

/* Where the end of s[0..n) that fits cols columns starts (at a
 * character's first byte). */
static size_t tail_start(const char *s, size_t n, int cols)
{
	size_t at = 0;
	while (at < n && tc_width(s + at, n - at, 1) > (size_t)cols) {
		at++;
		while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
			at++;
	}
	return at;
}

/* Draws a fleet row's host and file cells at (y, x) within w columns;
 * returns the columns used. row SIZE_MAX draws the header. */
static int draw_origin(struct browser *b, struct tui *t, int y, int x, int w, size_t row, attr_t extra)
{
	const char *host = "host", *file = "file";
	int role = row == SIZE_MAX ? TUI_ROLE_HEADER : TUI_ROLE_NORMAL;
	if (row != SIZE_MAX) {
		host = ds_dataset_host_name(b->ds, ds_dataset_row_host(b->ds, row));
		file = ds_dataset_file_name(b->ds, ds_dataset_row_file(b->ds, row));
	}
	int used = 0;
	const char *cells[2] = {host ? host : "?", file ? file : "?"};
	int widths[2] = {b->hostw, b->filew};
	for (int k = 0; k < 2 && used < w; k++) {
		int cw = widths[k] < w - used ? widths[k] : w - used;
		const char *s = cells[k];
		size_t n = strlen(s);
		/* a file's name too long for its column keeps its end, where
		 * rotated files differ (server.log.2016-12-19-16): "…" first */
		if (k == 1 && row != SIZE_MAX && cw > 1 && tc_width(s, n, 1) > (size_t)cw) {
			size_t cut = tail_start(s, n, cw - 1);
			s += cut;
			n -= cut;
			tui_draw_text(t, y, x + used, 1, "\xe2\x80\xa6", 3, 0, role, extra, NULL, 0);
			tui_draw_text(t, y, x + used + 1, cw - 1, s, n, 0, role, extra, NULL, 0);
		} else {
			tui_draw_text(t, y, x + used, cw, s, n, 0, role, extra, NULL, 0);
		}
		used += widths[k] + 2 < w - used ? widths[k] + 2 : w - used;
	}
	return used;
}

/* The header row's background and its label cell (shown when labels,
 * tags or a range need the column); returns where the next cell starts. */
static int draw_header_label(const struct browser *b, struct tui *t, struct view_rect r, int lw)
{
	tui_fill(t, r.y, r.x, r.w, TUI_ROLE_HEADER, 0);
	if (!lw && !b->ntags && !b->range_on)
		return 0;
	int cw = lw < r.w ? lw : r.w;
	if (cw > 0)
		tui_draw_text(t, r.y, r.x, cw, "label", 5, 0, TUI_ROLE_HEADER, 0, NULL, 0);
	return cw + 1;
}

static void draw_lines(struct browser *b, struct tui *t, struct view_rect r)
{
	int lw = label_width(b);
	size_t n = nvis(b), maxw = 0;
	struct tui_span spans[MAX_SPANS];
	if (b->fleet) {
		/* the header: label, host, file and the line */
		origin_widths(b);
		int x = draw_header_label(b, t, r, lw);
		if (x < r.w)
			x += draw_origin(b, t, r.y, r.x + x, r.w - x, SIZE_MAX, 0);
		if (x < r.w)
			tui_draw_text(t, r.y, r.x + x, r.w - x, "line", 4, 0, TUI_ROLE_HEADER, 0, NULL, 0);
		r.y++;
		r.h--;
	}
	for (int y = 0; y < r.h; y++) {
		size_t pos = b->top + (size_t)y;
		if (pos >= n) {
			tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
			continue;
		}
		size_t row = row_of(b, pos);
		attr_t extra = pos == b->cur ? A_REVERSE : 0;
		if (b->fleet) /* the gaps between the cells too (and in the cursor's colour) */
			tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, extra);
		int used = draw_label(b, t, r.y + y, r.x, r.w, lw, pos, extra);
		if (b->fleet && used < r.w)
			used += draw_origin(b, t, r.y + y, r.x + used, r.w - used, row, extra);
		size_t len;
		const char *s = row_text(b, row, &len);
		/* a column is at most 4 bytes (a wide character, an escaped
		 * byte), and the draw measures TUI_DRAW_MEASURE_MAX past it */
		size_t upto = (b->hoff + (size_t)r.w) * 4 + TUI_DRAW_MEASURE_MAX;
		size_t ns = find_spans(b, s, len, upto, spans, MAX_SPANS);
		size_t w = tui_draw_text(t, r.y + y, r.x + used, r.w - used, s, len, b->hoff, TUI_ROLE_NORMAL, extra,
					 spans, ns);
		if (w > maxw)
			maxw = w;
	}
	b->maxw = maxw;
}

/* Display width of the widest line on screen, measured whole: a draw
 * stops measuring a line past TUI_DRAW_MEASURE_MAX bytes, so its width
 * falls short and '$' would stop in the middle of a long line instead of
 * at its end. Once per key press, not per redraw. */
static size_t widest_shown_line(struct browser *b, struct tui *t)
{
	size_t n = nvis(b), widest = b->maxw;
	for (int y = 0; y < b->height && b->top + (size_t)y < n; y++) {
		size_t len;
		const char *s = row_text(b, row_of(b, b->top + (size_t)y), &len);
		if (len <= TUI_DRAW_MEASURE_MAX)
			continue; /* the draw measured it whole */
		size_t w = tc_width(s, len, tui_utf8(t));
		if (w > widest)
			widest = w;
	}
	return widest;
}

/* Width of column c over the rows on screen (and its name). */
static int column_width(struct browser *b, size_t c, int h)
{
	const char *name = ds_dataset_col_name(b->ds, c);
	size_t w = tc_width(name, strlen(name), 1);
	size_t n = nvis(b);
	for (int y = 0; y < h && b->top + (size_t)y < n; y++) {
		size_t len = ds_dataset_cell(b->ds, row_of(b, b->top + (size_t)y), c, b->cell, sizeof b->cell);
		if (len >= sizeof b->cell)
			len = sizeof b->cell - 1;
		size_t k = tc_width(b->cell, len, 1);
		if (k > w)
			w = k;
		if (w >= COL_MAX_WIDTH)
			break;
	}
	if (w > COL_MAX_WIDTH)
		w = COL_MAX_WIDTH;
	return w ? (int)w : 1;
}

/* A table read whole with columns and not one row: a file whose only line
 * (a log of one line, a header written before any record) became the
 * header. The screen then shows that line as column names, and an empty
 * body would read as data lost. */
static int no_rows_under_header(const struct browser *b)
{
	return !ds_dataset_is_lines(b->ds) && ds_dataset_ncols(b->ds) > 0 && ds_dataset_nrows(b->ds) == 0 &&
	       ds_dataset_complete(b->ds);
}

static void draw_table(struct browser *b, struct tui *t, struct view_rect r)
{
	size_t ncols = ds_dataset_ncols(b->ds), n = nvis(b);
	int lw = label_width(b);
	int h = r.h - 1;
	if (b->hoff >= ncols)
		b->hoff = ncols ? ncols - 1 : 0;
	/* Header. */
	int x = draw_header_label(b, t, r, lw);
	int label_end = x;
	size_t c;
	for (c = b->hoff; c < ncols && x < r.w; c++) {
		b->widths[c] = column_width(b, c, h);
		const char *name = ds_dataset_col_name(b->ds, c);
		int cw = b->widths[c] < r.w - x ? b->widths[c] : r.w - x;
		size_t nw = tc_width(name, strlen(name), tui_utf8(t));
		int pad = ds_dataset_col_type(b->ds, c) == LL_COL_NUM && (int)nw < cw ? cw - (int)nw : 0;
		tui_draw_text(t, r.y, r.x + x + pad, cw - pad, name, strlen(name), 0, TUI_ROLE_HEADER, 0, NULL, 0);
		x += b->widths[c] + 2;
	}
	size_t last = c;
	/* Columns hidden on the right, or the last one shown cut: a mark as
	 * view_table's, else a cut name or cell reads as the whole. */
	int cut = last > b->hoff && x - 2 > r.w;
	if (r.w > 1 && last > b->hoff && (last < ncols || cut))
		tui_draw_text(t, r.y, r.x + r.w - 1, 1, ">", 1, 0, TUI_ROLE_HEADER, A_BOLD, NULL, 0);
	b->col_end = cut ? last - 1 : last;
	struct tui_span spans[MAX_SPANS];
	if (h > 0 && no_rows_under_header(b)) {
		static const char why[] = "(a header and no rows: -f log reads the file as lines)";
		tui_draw_text_marked(t, r.y + 1, r.x, r.w, why, sizeof why - 1, 0, TUI_ROLE_HEADER, 0);
		for (int y = 1; y < h; y++)
			tui_fill(t, r.y + 1 + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
		return;
	}
	for (int y = 0; y < h; y++) {
		int sy = r.y + 1 + y;
		size_t pos = b->top + (size_t)y;
		if (pos >= n) {
			tui_fill(t, sy, r.x, r.w, TUI_ROLE_NORMAL, 0);
			continue;
		}
		size_t row = row_of(b, pos);
		attr_t extra = pos == b->cur ? A_REVERSE : 0;
		tui_fill(t, sy, r.x, r.w, TUI_ROLE_NORMAL, extra);
		draw_label(b, t, sy, r.x, r.w, lw, pos, extra);
		x = label_end;
		for (c = b->hoff; c < last && x < r.w; c++) {
			size_t len = ds_dataset_cell(b->ds, row, c, b->cell, sizeof b->cell);
			if (len >= sizeof b->cell)
				len = sizeof b->cell - 1;
			int cw = b->widths[c] < r.w - x ? b->widths[c] : r.w - x;
			int pad = 0;
			if (ds_dataset_col_type(b->ds, c) == LL_COL_NUM) {
				size_t vw = tc_width(b->cell, len, tui_utf8(t));
				pad = (int)vw < cw ? cw - (int)vw : 0;
			}
			size_t ns = find_spans(b, b->cell, len, len, spans, MAX_SPANS);
			int room = cw - pad, cx = r.x + x + pad;
			size_t vw = tui_draw_text(t, sy, cx, room, b->cell, len, 0, TUI_ROLE_NORMAL, extra, spans, ns);
			if (vw > (size_t)room && room >= 2) {
				/* a cell cut by its column (40 at most) or the edge:
				 * marked, else its start reads as the whole value */
				tui_draw_text(t, sy, cx, room - 1, b->cell, len, 0, TUI_ROLE_NORMAL, extra, spans, ns);
				tui_draw_text(t, sy, cx + room - 1, 1, ">", 1, 0, TUI_ROLE_NORMAL, extra | A_BOLD, NULL, 0);
			}
			x += b->widths[c] + 2;
		}
	}
}

/* A table of text and no number column (records of a structured log):
 * trained like log lines, on TF-IDF of its message. */
static int text_only(const struct ds_dataset *ds)
{
	int texts = 0;
	for (size_t c = 0; c < ds_dataset_ncols(ds); c++) {
		if (ds_dataset_col_type(ds, c) == LL_COL_NUM)
			return 0;
		texts += ds_dataset_col_type(ds, c) == LL_COL_TEXT;
	}
	return texts > 0;
}

/* Whether :train's quick start trains over the file's classes as they
 * are (ds_workspace_quick_classes), from its label counts once known. */
static int quick_classes(struct ds_dataset *ds)
{
	size_t n = ds_dataset_nclasses(ds), unlabelled = 0;
	if (!n || !ds_dataset_complete(ds))
		return 0;
	size_t *counts = calloc(n, sizeof *counts);
	const char **names = calloc(n, sizeof *names);
	int yes = 0;
	if (counts && names) {
		ds_dataset_label_counts(ds, counts, &unlabelled);
		for (size_t k = 0; k < n; k++)
			names[k] = ds_dataset_class_name(ds, k);
		yes = ds_workspace_quick_classes(names, counts, n, unlabelled);
	}
	free(counts);
	free(names);
	return yes;
}

static void browser_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct browser *b = v->state;
	int lines = ds_dataset_is_lines(b->ds);
	b->height = has_header(b) ? r.h - 1 : r.h;
	b->width = r.w;
	if (b->height < 1)
		b->height = 1;
	clamp(b);
	if (lines)
		draw_lines(b, t, r);
	else
		draw_table(b, t, r);
}

/* ---- status ---- */

struct count_order {
	size_t cls, n;
};

static int by_count_desc(const void *pa, const void *pb)
{
	const struct count_order *a = pa, *b = pb;
	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return a->cls < b->cls ? -1 : a->cls > b->cls;
}

static void label_counts(struct browser *b, char *buf, size_t cap)
{
	size_t nc = ds_dataset_nclasses(b->ds), total = ds_dataset_nrows(b->ds);
	buf[0] = '\0';
	/* Once loaded, the session's labels (the journal's changes included). */
	size_t lnc, lunl;
	const size_t *lc = view_lab_counts(b->lab, &lnc, &lunl);
	if (lc) {
		struct count_order order[64];
		size_t k = 0;
		for (size_t i = 0; i < lnc && k < 64; i++)
			if (lc[i])
				order[k++] = (struct count_order){i, lc[i]};
		qsort(order, k, sizeof *order, by_count_desc);
		size_t used = 0;
		for (size_t i = 0; i < k && used + 1 < cap; i++) {
			int w = snprintf(buf + used, cap - used, "%s%s:%zu", i ? " " : "",
					 view_shown(view_lab_class_name(b->lab, order[i].cls)), order[i].n);
			if (w < 0)
				break;
			used += (size_t)w;
		}
		if (k && lunl && used + 1 < cap)
			snprintf(buf + used, cap - used, " unlabelled:%zu", lunl);
		return;
	}
	if (nc == 0)
		return;
	/* Counting is a pass over the rows: redo it when rows were added, at
	 * most once a second while the index still grows. */
	int complete = ds_dataset_complete(b->ds);
	if (!b->counts || total != b->counts_rows) {
		if (!b->counts || complete || tui_now_ms() - b->counts_ms > 1000.0) {
			size_t *c = realloc(b->counts, nc * sizeof *c);
			if (!c)
				return;
			b->counts = c;
			ds_dataset_label_counts(b->ds, b->counts, &b->unlabelled);
			b->counts_rows = total;
			b->counts_ms = tui_now_ms();
		}
	}
	struct count_order order[64];
	size_t k = nc < 64 ? nc : 64;
	for (size_t i = 0; i < k; i++) {
		order[i].cls = i;
		order[i].n = b->counts[i];
	}
	qsort(order, k, sizeof *order, by_count_desc);
	size_t used = 0;
	for (size_t i = 0; i < k && used + 1 < cap; i++) {
		int w = snprintf(buf + used, cap - used, "%s%s:%zu", i ? " " : "",
				 ds_dataset_class_name(b->ds, order[i].cls), order[i].n);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (b->unlabelled && used + 1 < cap)
		snprintf(buf + used, cap - used, " unlabelled:%zu", b->unlabelled);
}

static void browser_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct browser *b = v->state;
	(void)t;
	const char *path = ds_dataset_path(b->ds);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t total = ds_dataset_nrows(b->ds), n = nvis(b), stage_read, stage_n;
	char counting[64] = "", filt[128] = "", files[64] = "", job[96] = "", counts[512], notes[48] = "", marks[96] = "", hits[96];
	struct ll_err scan;
	if (ds_dataset_shrunk(b->ds))
		/* cut short under us (copytruncate): the rest reads as blanks */
		snprintf(counting, sizeof counting, " SHRANK while open: :open it again");
	else if (view_tail_status(&b->tail, b->ds, counting, sizeof counting))
		; /* rotated or truncated while followed: its rows so far stay */
	else if (!ds_dataset_complete(b->ds))
		snprintf(counting, sizeof counting, " counting… %d%%", (int)(ds_dataset_progress(b->ds) * 100));
	else if (ds_dataset_status(b->ds, &scan) != LL_OK)
		/* the scan stopped early (LOGLAB_MEMORY_MAX, read error): not the whole file */
		snprintf(counting, sizeof counting, " INCOMPLETE (loglab info says why)");
	if (b->filter_on) {
		if (b->scanned < total)
			snprintf(filt, sizeof filt, "  filtering… %d%%", (int)(100.0 * (double)b->scanned / (double)total));
		else
			snprintf(filt, sizeof filt, "  filtered: %zu of %zu", b->nfilt, total);
	}
	if (b->searching)
		snprintf(job, sizeof job, "  searching… %d%% (Esc stops)",
			 (int)(100.0 * (double)b->search_done / (double)(b->search_total ? b->search_total : 1)));
	else if (b->go.on && b->go.started)
		view_goto_status(&b->go, job, sizeof job);
	else if (view_lab_stage_progress(b->lab, &stage_read, &stage_n))
		snprintf(job, sizeof job, "  labelling: %zu of %zu lines read… (Esc stops)", stage_read, stage_n);
	else if (b->bulk_scan)
		snprintf(job, sizeof job, "  finding %s… %d%% (Esc stops)", b->bulk_unlabelled ? "unlabelled lines" : "matches",
			 (int)(100.0 * (double)b->bulk_pos / (double)(n ? n : 1)));
	else if (b->lab->pend)
		snprintf(job, sizeof job, "  mining templates… %d%% (Esc stops)",
			 (int)(100.0 * view_lab_templates_progress(b->lab)));
	if (b->filter_tpl >= 0)
		snprintf(filt, sizeof filt, "  template %ld: %zu lines", b->filter_tpl, b->nfilt);
	if (b->filter_host >= 0 || b->filter_file >= 0) {
		const char *name = b->filter_host >= 0 ? ds_dataset_host_name(b->ds, (size_t)b->filter_host)
						       : ds_dataset_file_name(b->ds, (size_t)b->filter_file);
		snprintf(filt, sizeof filt, "  %s %s: %zu lines%s", b->filter_host >= 0 ? "host" : "file",
			 name ? name : "?", b->nfilt, b->scanned < total ? "…" : "");
	}
	if (b->filter_hostval[0])
		snprintf(filt, sizeof filt, "  host %.64s: %zu lines%s", b->filter_hostval, b->nfilt,
			 b->scanned < total ? "…" : "");
	if (b->ntags || b->range_on) {
		size_t lo = 0, hi = 0;
		if (b->range_on)
			range_bounds(b, &lo, &hi);
		snprintf(marks, sizeof marks, "%s%zu tagged%s", b->ntags ? "  " : "", b->ntags, "");
		if (!b->ntags)
			marks[0] = '\0';
		if (b->range_on)
			snprintf(marks + strlen(marks), sizeof marks - strlen(marks), "  range: %zu lines", n ? hi - lo + 1 : 0);
	}
	size_t nn = ds_dataset_nnotes(b->ds);
	if (nn)
		/* the message line shows the first note, cut to the screen:
		 * say where they are all whole */
		snprintf(notes, sizeof notes, "  %zu note%s (:notes)", nn, nn == 1 ? "" : "s");
	if (b->lab->readonly)
		snprintf(marks + strlen(marks), sizeof marks - strlen(marks), "  labels read-only");
	label_counts(b, counts, sizeof counts);
	hits_text(b, hits, sizeof hits);
	/* a table wider than the screen: which columns show, as view_table
	 * says it (nothing else tells that a scrolled table has a left part) */
	size_t ncols = ds_dataset_ncols(b->ds);
	char cols[80] = "";
	if (!ds_dataset_is_lines(b->ds) && ncols && (b->hoff > 0 || b->col_end < ncols))
		snprintf(cols, sizeof cols, "  cols %zu-%zu/%zu", b->hoff + 1,
			 b->col_end > b->hoff ? b->col_end : b->hoff + 1, ncols);
	else if (ds_dataset_is_lines(b->ds) && b->hoff > 0)
		/* lines scrolled sideways: short ones look empty, and nothing
		 * else says the screen is not at their start */
		snprintf(cols, sizeof cols, "  from column %zu", b->hoff + 1);
	const struct ds_reader *rd = ds_dataset_reader(b->ds);
	/* a fleet's title is its specs: the base name of a glob says little */
	if (b->origins) {
		base = path;
		size_t nf = ds_dataset_nfiles(b->ds);
		snprintf(files, sizeof files, "  %zu file%s, %zu host%s", nf, nf == 1 ? "" : "s", ds_dataset_nhosts(b->ds),
			 ds_dataset_nhosts(b->ds) == 1 ? "" : "s");
	}
	snprintf(buf, cap, " %s  line %zu/%zu%s%s%s%s%s%s%s  %s%s  %s", base, n ? row_of(b, b->cur) + 1 : 0, total,
		 counting, files, filt, hits, marks, cols, job, rd ? rd->name : "", notes, counts);
}

/* ---- requests ---- */

static void prompt_search(struct browser *b, struct tui *t)
{
	char pat[PATTERN_MAX];
	struct view_pattern re;
	int got = view_pattern_prompt(t, &re, pat, sizeof pat);
	if (got == 1) /* an empty pattern repeats the last search */
		search_start(b, t, 1);
	if (got != 2)
		return;
	if (b->have_search)
		view_pattern_free(&b->search_re);
	b->search_re = re;
	b->have_search = 1;
	hits_reset(b);
	snprintf(b->search_pat, sizeof b->search_pat, "%s", pat);
	search_start(b, t, 1);
}

static void prompt_filter(struct browser *b, struct tui *t, int invert)
{
	char pat[PATTERN_MAX];
	if (tui_prompt(t, invert ? "!" : "&", pat, sizeof pat))
		filter_set(b, t, pat, invert);
}

/* A key that acts on the current line, with none shown: said, so the key
 * does not seem broken. */
static void say_no_line(struct browser *b, struct tui *t)
{
	size_t total = ds_dataset_nrows(b->ds);
	if (total == 0 && no_rows_under_header(b))
		tui_message(t, "no line to act on: a header and no rows (-f log reads the file as lines)");
	else if (total == 0)
		tui_message(t, "no line to act on: %s",
			    ds_dataset_complete(b->ds) ? "the file is empty" : "none read yet");
	else
		tui_message(t, "no line to act on: the filter shows none of the %zu lines", total);
}

static int browser_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct browser *b = v->state;
	size_t h = b->height > 0 ? (size_t)b->height : 1, half = h / 2 ? h / 2 : 1;
	size_t n = nvis(b);
	size_t last = n ? n - 1 : 0;
	int lines = ds_dataset_is_lines(b->ds);
	switch (req) {
	case TUI_REQ_MOVE_DOWN:
		if (b->cur < last)
			b->cur++;
		break;
	case TUI_REQ_MOVE_UP:
		if (b->cur > 0)
			b->cur--;
		break;
	case TUI_REQ_MOVE_HALF_PAGE_DOWN:
	case TUI_REQ_MOVE_PAGE_DOWN: {
		size_t step = req == TUI_REQ_MOVE_PAGE_DOWN ? h : half;
		b->cur = b->cur + step < last ? b->cur + step : last;
		b->top += step;
		break;
	}
	case TUI_REQ_MOVE_HALF_PAGE_UP:
	case TUI_REQ_MOVE_PAGE_UP: {
		size_t step = req == TUI_REQ_MOVE_PAGE_UP ? h : half;
		b->cur = b->cur > step ? b->cur - step : 0;
		b->top = b->top > step ? b->top - step : 0;
		break;
	}
	case TUI_REQ_MOVE_FIRST_LINE:
		b->cur = b->top = 0;
		break;
	case TUI_REQ_MOVE_LAST_LINE:
		b->cur = last;
		break;
	case TUI_REQ_SCROLL_LINE_DOWN:
		if (n > h) {
			size_t maxtop = n - h;
			b->top = b->top + 3 < maxtop ? b->top + 3 : maxtop;
			if (b->cur < b->top)
				b->cur = b->top;
		}
		break;
	case TUI_REQ_SCROLL_LINE_UP:
		b->top = b->top > 3 ? b->top - 3 : 0;
		if (b->cur >= b->top + h)
			b->cur = b->top + h - 1;
		break;
	case TUI_REQ_MOUSE_SELECT: {
		int y, x;
		tui_mouse_pos(t, &y, &x);
		int first = v->rect.y + (has_header(b) ? 1 : 0);
		if (y >= first && y < v->rect.y + v->rect.h && b->top + (size_t)(y - first) < n)
			b->cur = b->top + (size_t)(y - first);
		break;
	}
	case TUI_REQ_SCROLL_LEFT:
		if (lines) {
			size_t step = b->width > 16 ? (size_t)b->width / 2 : 8;
			b->hoff = b->hoff > step ? b->hoff - step : 0;
		} else if (b->hoff > 0) {
			b->hoff--;
		}
		break;
	case TUI_REQ_SCROLL_RIGHT:
		if (lines) {
			/* not past the end of every line on screen: a screen of
			 * nothing said "from column 281" (an empty file too) */
			size_t step = b->width > 16 ? (size_t)b->width / 2 : 8;
			size_t widest = widest_shown_line(b, t);
			if (b->hoff + step < widest)
				b->hoff += step;
			else if (widest == 0)
				tui_message(t, "no text on screen to scroll");
			else
				tui_message(t, "the lines on screen end at column %zu", widest);
		} else if (b->hoff + 1 < ds_dataset_ncols(b->ds))
			b->hoff++;
		break;
	case TUI_REQ_SCROLL_FIRST_COL:
		b->hoff = 0;
		break;
	case TUI_REQ_SCROLL_LAST_COL:
		if (lines) {
			size_t text_w = line_text_width(b);
			size_t widest = widest_shown_line(b, t);
			b->hoff = widest > text_w ? widest - text_w : 0;
		} else {
			b->hoff = first_col_fitting(b, ds_dataset_ncols(b->ds));
		}
		break;
	case TUI_REQ_SEARCH:
		prompt_search(b, t);
		break;
	case TUI_REQ_FIND_NEXT:
		search_start(b, t, 1);
		break;
	case TUI_REQ_FIND_PREV:
		search_start(b, t, -1);
		break;
	case TUI_REQ_FILTER_IN:
	case TUI_REQ_FILTER_OUT:
		prompt_filter(b, t, req == TUI_REQ_FILTER_OUT);
		break;
	case TUI_REQ_FILTER_HOST:
	case TUI_REQ_FILTER_FILE:
		filter_origin(b, t, req == TUI_REQ_FILTER_FILE, -1);
		break;
	case TUI_REQ_NEXT_SAME_HOST:
	case TUI_REQ_PREV_SAME_HOST:
		same_host(b, t, req == TUI_REQ_NEXT_SAME_HOST ? 1 : -1);
		break;
	case TUI_REQ_ENTER:
		if (!n) {
			say_no_line(b, t);
			break;
		}
		struct view_fields_arg fa = {b->ds, row_of(b, b->cur)};
		tui_push_view(t, &view_fields_ops, &fa);
		break;
	case TUI_REQ_LABEL_CLASS:
		if (!n) {
			say_no_line(b, t);
			break;
		}
		if (b->range_on) {
			label_range(b, t, tui_last_key(t));
		} else {
			size_t row = row_of(b, b->cur);
			char what[48];
			snprintf(what, sizeof what, "line %zu", row + 1);
			view_lab_apply_key(b->lab, t, tui_last_key(t), &row, 1, "key", what);
		}
		break;
	case TUI_REQ_TAG:
		if (!n) {
			say_no_line(b, t);
			break;
		}
		tag_toggle(b, t, row_of(b, b->cur));
		if (b->cur < last)
			b->cur++;
		break;
	case TUI_REQ_RANGE:
		if (!n) {
			say_no_line(b, t);
			break;
		}
		b->range_on = !b->range_on;
		b->range_row = row_of(b, b->cur);
		tui_message(t, b->range_on ? "range from line %zu: move, then a class key (v or Esc cancels)"
					   : "range cancelled", b->range_row + 1);
		break;
	case TUI_REQ_LABEL_BULK:
		label_bulk(b, t);
		break;
	case TUI_REQ_UNDO:
	case TUI_REQ_REDO:
		view_lab_undo(b->lab, t, req == TUI_REQ_REDO);
		break;
	case TUI_REQ_LABELS:
		tui_push_view(t, &view_labels_ops, b->lab);
		return 1;
	case TUI_REQ_TEMPLATES:
		tui_push_view(t, &view_templates_ops, b->lab);
		return 1;
	case TUI_REQ_CANCEL:
		if (b->searching) {
			b->searching = 0;
			tui_message(t, "search cancelled");
		} else if (b->go.on) {
			b->go.on = 0;
			tui_message(t, "going to %s cancelled", b->go.text);
		} else if (view_lab_stage_cancel(b->lab, t)) {
			/* the staged label said what it stopped */
		} else if (b->bulk_scan) {
			b->bulk_scan = 0;
			tui_message(t, "labelling the matches cancelled: nothing labelled");
		} else if (b->lab->pend) {
			b->lab->pend = 0;
			tui_message(t, "template label cancelled: nothing labelled (mining goes on when needed)");
		} else if (b->filter_on && b->scanned < ds_dataset_nrows(b->ds)) {
			filter_clear(b);
			tui_message(t, "filter cancelled");
		} else if (b->range_on) {
			b->range_on = 0;
			tui_message(t, "range cancelled");
		} else if (b->ntags) {
			tui_message(t, "%zu tag%s cleared", b->ntags, b->ntags == 1 ? "" : "s");
			tags_clear(b);
		} else {
			return 0;
		}
		break;
	default:
		return 0;
	}
	clamp(b);
	return 1;
}

/* browser_command's own commands; it also takes view_lab_cmds and view_res_cmds. */
const struct view_cmd view_browser_cmds[] = {
	{"N", "go to line N"},
	{"TIME", "first row at or after TIME (UTC unless zoned): 2026-07-16 02:15:40, Jul 16 02:15, "
		 "2026-07-16, 02:15 (on the current row's day), +10m, -1h, @EPOCH"},
	{"labels", "the labels view: counts per class and template, recent changes"},
	{"templates", "the templates view: log templates by count with their label mix"},
	{"notes", "every note the reader left on the file, whole (the status bar counts them)"},
	{"train", "train a model on this file's labels (makes a workspace when there is none)"},
	{"host NAME", "show only the lines of host NAME (a fleet's, or a host column's; :host alone shows all)"},
	{"file NAME", "fleets: show only the lines of file NAME, as the file column names it"},
	{NULL, NULL},
};

static const struct view_cmd *const browser_cmds[] = {view_browser_cmds, view_lab_cmds, view_res_cmds, NULL};

static int browser_help(const struct view *v, struct view_lines *out)
{
	const struct browser *b = v->state;
	return b->lab ? view_lab_help_lines(b->lab, out) : LL_OK;
}

static int browser_command(struct view *v, struct tui *t, const char *cmd)
{
	struct browser *b = v->state;
	if (view_lab_command(b->lab, t, cmd))
		return 1;
	if (!strcmp(cmd, "labels")) {
		tui_push_view(t, &view_labels_ops, b->lab);
		return 1;
	}
	if (!strcmp(cmd, "notes")) {
		tui_push_view(t, &view_notes_ops, NULL);
		return 1;
	}
	if (!strcmp(cmd, "templates")) {
		tui_push_view(t, &view_templates_ops, b->lab);
		return 1;
	}
	if (!strncmp(cmd, "host", 4) && (cmd[4] == ' ' || !cmd[4])) {
		filter_origin_named(b, t, 0, cmd + 4);
		return 1;
	}
	if (!strncmp(cmd, "file", 4) && (cmd[4] == ' ' || !cmd[4])) {
		filter_origin_named(b, t, 1, cmd + 4);
		return 1;
	}
	if (!strcmp(cmd, "train")) {
		struct ds_open_opts spec;
		ds_dataset_open_spec(b->ds, &spec);
		view_exps_train_file(t, ds_dataset_path(b->ds), &spec, ds_dataset_is_lines(b->ds) || text_only(b->ds),
				     quick_classes(b->ds));
		return 1;
	}
	/* :runs, :review RUN, :roc RUN... (views/view_res.h) */
	if (view_res_command(t, b->lab, NULL, cmd))
		return 1;
	char *end;
	unsigned long long line = strtoull(cmd, &end, 10);
	if (end == cmd || *end || !isdigit((unsigned char)cmd[0]))
		return goto_time(b, t, cmd);
	size_t total = ds_dataset_nrows(b->ds);
	if (line == 0 || total == 0) {
		line = 1;
	} else if (line > total) {
		/* the number as typed: one past ULLONG_MAX reads as that */
		tui_error(t, "line %s is past the end (%zu lines%s)", cmd, total,
			  ds_dataset_complete(b->ds) ? "" : " so far");
		line = total;
	}
	size_t pos = position_of_row(b, (size_t)line - 1);
	if (pos >= nvis(b)) {
		pos = nvis(b) ? nvis(b) - 1 : 0;
		if (b->filter_on && !nvis(b))
			tui_message(t, "line %llu is filtered out, and so is every other line", line);
		else if (b->filter_on)
			tui_message(t, "line %llu is filtered out; showing the last line before it", line);
	} else if (b->filter_on && row_of(b, pos) != (size_t)line - 1) {
		tui_message(t, "line %llu is filtered out; showing the next line shown", line);
	}
	jump(b, pos);
	return 1;
}

/* ---- life cycle ---- */

static int browser_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	const struct view_browser_arg *a = arg;
	struct browser *b = calloc(1, sizeof *b);
	if (!b)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	/* A borrowed session brings its dataset: the file may not be the tui's. */
	b->ds = a && a->lab ? a->lab->ds : tui_dataset(t);
	b->filter_tpl = b->filter_host = b->filter_file = -1;
	b->fleet = ds_dataset_fleet(b->ds) != NULL && ds_dataset_is_lines(b->ds);
	b->origins = ds_dataset_is_fleet(b->ds);
	if (a) {
		b->lab = a->lab;
		b->owns_lab = a->owns;
		b->owns_file = a->owns;
	} else {
		int rc = view_lab_new(b->ds, &b->lab, err);
		if (rc != LL_OK) {
			free(b);
			return rc;
		}
		b->owns_lab = 1;
	}
	if (a && a->template_id >= 0) {
		/* One template's lines: a filter by template id, kept on the
		 * first of them. */
		b->filter_on = 1;
		b->filter_tpl = a->template_id;
		b->keep_pending = 1;
		b->keep_row = a->row;
	}
	const char *slow = getenv("LOGLAB_TEST_COLLECT_LINES");
	if (slow && *slow)
		b->collect_test_lines = strtoul(slow, NULL, 10);
	b->cap = 4096;
	b->buf = malloc(b->cap);
	size_t ncols = ds_dataset_ncols(b->ds);
	b->widths = calloc(ncols ? ncols : 1, sizeof *b->widths);
	if (!b->buf || !b->widths) {
		free(b->buf);
		free(b->widths);
		if (b->owns_lab && !a)
			view_lab_free(b->lab);
		free(b);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	b->height = 1;
	v->state = b;
	return LL_OK;
}

/* The dataset a browser opened on a file of its own must close (not the tui's). */
static struct ds_dataset *a_owned_dataset(const struct browser *b)
{
	return b->owns_file ? b->ds : NULL;
}

static void browser_close(struct view *v)
{
	struct browser *b = v->state;
	if (b->filter_on && filter_by_regex(b))
		view_pattern_free(&b->filter_re);
	if (b->have_search)
		view_pattern_free(&b->search_re);
	view_lab_stage_forget_owner(b->lab, b);
	if (b->owns_lab) {
		struct ds_dataset *own_ds = a_owned_dataset(b);
		view_lab_free(b->lab);
		if (own_ds)
			ds_dataset_close(own_ds);
	}
	free(b->tags);
	free(b->bulk_rows);
	free(b->hit_rows);
	free(b->rows);
	free(b->counts);
	free(b->buf);
	free(b->widths);
	free(b);
}

/* Headless (the terminal gone, or a signal to end): the lines an L m or
 * L u is still collecting are collected in the time left, after the label
 * staged before them (it came first, and a second cannot be staged beside
 * it), and staged in turn; else that label is dropped, and said so. */
static void bulk_finish_headless(struct browser *b, struct tui *t)
{
	view_lab_stage_settle(b->lab, t);
	uint64_t before = b->lab->version;
	double end = tui_headless_end_ms(t);
	while (b->bulk_scan && tui_now_ms() < end)
		bulk_work(b, t, tui_now_ms() + SLICE_MS);
	if (b->bulk_scan) {
		b->bulk_scan = 0;
		tui_headless_say(t, "labelling %s: lines not collected within %d s: nothing labelled, label them again",
				 b->bulk_unlabelled ? "every unlabelled line" : "the matches", TUI_FINISH_S);
		return;
	}
	/* lines quick to read are labelled at once, not staged: said here, as
	 * the settle that follows says a staged label */
	size_t read, n;
	if (!view_lab_stage_progress(b->lab, &read, &n))
		view_lab_headless_report(b->lab, t, before);
}

/* An L m or L u still collecting its lines, on quit: asked as a staged
 * label is. y collects the rest, the count on the message line, then reads
 * and applies the label; n drops it; Esc or another key stays, as does Esc
 * while y works. 1 when the browser may close. */
static int bulk_settle(struct browser *b, struct tui *t)
{
	char lines[PATTERN_MAX + 32], what[PATTERN_MAX + 48], prompt[PATTERN_MAX + 128];
	bulk_what(b, lines, sizeof lines);
	snprintf(what, sizeof what, "labelling %s%s", b->bulk_unlabelled ? "" : "the ", lines);
	snprintf(prompt, sizeof prompt, "%s: finding the lines is under way: finish it first? (y/n, Esc stays) ", what);
	int k = tui_ask_key(t, prompt);
	if (k == 'n' || k == 'N') {
		b->bulk_scan = 0;
		tui_message(t, "%s stopped: nothing labelled", what);
		return 1;
	}
	while (k == 'y' || k == 'Y') {
		if (!b->bulk_scan)
			return view_lab_stage_finish(b->lab, t);
		size_t n = b->bulk_unlabelled ? ds_dataset_nrows(b->ds) : nvis(b);
		tui_busy(t, "%s: finding the lines: %zu of %zu read… (Esc stays)", what, b->bulk_pos, n);
		if (tui_cancel_pressed(t))
			break;
		bulk_work(b, t, tui_now_ms() + SLICE_MS);
	}
	tui_message(t, "%s goes on (Esc stops it)", what);
	return 0;
}

/* A label still under way is settled first (view_lab_stage_settle) by
 * the browser that owns the session, one that borrows it leaving it to
 * that one; but lines still being collected for a label (L m, L u) are
 * this browser's own, staged after what the session holds (a second label
 * cannot be staged beside it), so it is settled first then too. */
static int browser_may_close(struct view *v, struct tui *t)
{
	struct browser *b = v->state;
	if (b->bulk_scan && tui_headless(t))
		bulk_finish_headless(b, t);
	if ((b->owns_lab || b->bulk_scan) && !view_lab_stage_settle(b->lab, t))
		return 0;
	return !b->bulk_scan || bulk_settle(b, t);
}

int view_browser_open_file(struct tui *t, const char *path, const char *format, const char *labels, size_t row)
{
	struct ds_dataset *ds = NULL;
	struct view_lab *lab = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_open_opts o = {.format = format, .labels = labels};
	int rc = ds_dataset_open(&ds, path, &o, &err);
	if (rc == LL_OK)
		rc = view_lab_new(ds, &lab, &err);
	if (rc != LL_OK) {
		tui_error(t, "%s", err.msg);
		if (ds)
			ds_dataset_close(ds);
		return rc;
	}
	/* The jump waits for the rows to be counted (the browser's work). */
	lab->jump_pending = 1;
	lab->jump_row = row;
	struct view_browser_arg a = {lab, -1, 0, 1};
	rc = tui_push_view(t, &view_browser_ops, &a);
	if (rc != LL_OK) {
		view_lab_free(lab);
		ds_dataset_close(ds);
	}
	return rc;
}

const struct view_ops view_browser_ops = {
	.name = "browser",
	.help = "Every row of the dataset",
	.open = browser_open,
	.close = browser_close,
	.draw = browser_draw,
	.request = browser_request,
	.status = browser_status,
	.work = browser_work,
	.command = browser_command,
	.commands = browser_cmds,
	.help_more = browser_help,
	.may_close = browser_may_close,
};
