/*
 * ds_dataset.c - one dataset as the views browse it: a loaded table, or a
 * large log browsed over its line index and split on demand.
 *
 * Opening reads the source once (ds_source: mmap, or decompressed (ds_codec.h)),
 * picks the reader (opts->format or detection on the first 64 KiB) and then
 *   - tables (CSV, JSON), fail2ban logs (their rows are not one per line)
 *     and line formats smaller than the lazy threshold are loaded whole
 *     through reader->load, exactly as ds_load does;
 *   - line formats at or above the threshold keep the source mapped, index
 *     it in a background thread (a plain file read with pread,
 *     ds_lineindex_open_file_buffer; a decompressed file in place,
 *     ds_lineindex_open_buffer) and split rows when asked. The label
 *     counter, the other pass over every line, reads through a ds_window.
 *
 * Tail mode (ds_dataset_refresh) follows a plain log either way: loaded,
 * its new lines are read into rows appended to the table (ds_tail.h);
 * lazy, they join the line index from its end (ds_lineindex_append) once
 * the counter thread is done, and the UI thread counts them itself from
 * where the counter stopped (count_batch, its state kept in the dataset),
 * so the counts have one writer at a time.
 *
 * Lazy rows mirror ds_lines_load (datasets/ds_lines.c) cell for cell:
 * column 0 is the line without CR, then the format's fields; numbers and
 * times are parsed and formatted as ll_table_format_cell would; a line the
 * format does not fit keeps the whole line in the message field; a label
 * span "-" is the class "normal". Lines that do not fit are counted and
 * reported in one note once counting ends, with ds_lines_load's wording.
 * In a log of multi-line records (ds_records.c, decided on open from the
 * same sample as the loaded path) a line that does not fit takes the
 * fields of the nearest line above that does, at most DS_RECORD_MAX_LINES
 * rows up: the UI thread finds it by walking back, remembering the run
 * of lines it walked so that scrolling through a long record costs one
 * split a row; the counter, which reads in order, just keeps the last.
 * The Key: value pairs on those continuation lines (ds_recpairs.h) are
 * columns too, as the loaded path makes them: the counter gathers their
 * keys and how their values read over every continuation line and
 * settles them as it ends (the columns appear then, with their note); a
 * cell reads its record's lines below the head again, the UI thread
 * keeping the last record's values, so nothing of them is held per row.
 *
 * Labels: a second background thread walks the index as it grows, splits
 * each line and counts labels, so label counts on a 1 GiB log never block
 * the UI; ds_dataset_label_counts returns counts over the rows counted so
 * far, and ds_dataset_complete turns 1 only when both the index and the
 * count are finished. The class list is shared by that thread and the UI (a row's label
 * asked for before the counter reached it may add its class first), so it
 * sits behind a mutex; class ids are in order of first sight and never
 * change. Since classes may appear between the caller's ds_dataset_nclasses
 * and ds_dataset_label_counts, the latter fills at most as many entries as
 * nclasses last reported.
 *
 * Fleets (a folder, a glob or a list of paths; ds_fleet.h) are browsed
 * like lazy logs: rows come from the fleet's merged timeline and are split
 * with their own file's format, whose fields are mapped by name onto the
 * fleet's (the first file's format); "host" (added when that format has
 * none) and "file" columns follow. Labels are counted by a watcher the
 * merge thread calls, so counts are final when the merge is. A fleet of
 * tables (ds_fleet_tables.h) is a loaded table that also knows each row's
 * file, own row number and host; a row's text (what label journals hash)
 * is made of its file's own columns, so a file's journal fits the file
 * whether it is opened alone or in a fleet.
 *
 * Testing: the environment variable LOGLAB_LAZY_THRESHOLD (bytes, read by
 * ds_dataset_open) replaces DS_LAZY_THRESHOLD, so tests can browse small
 * real files lazily and compare them with the loaded table.
 */
#include "ds_dataset.h"
#include "ds_archive.h"
#include "ds_binary.h"
#include "ll_names.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

#include "ds_fleet.h"
#include "ds_fleet_tables.h"
#include "ds_follow.h"
#include "ll_limits.h"
#include "ds_lineindex.h"
#include "ds_mapguard.h"
#include "ds_recpairs.h"
#include "ds_remote.h"
#include "ds_rowlabels.h"
#include "ds_stdin.h"
#include "ds_tabtail.h"
#include "ds_tail.h"
#include "ds_textlog.h"
#include "ds_window.h"
#include "ds_zones.h"
#include "ll_time.h"

/* The bytes a file's stamps are looked at for UTC offsets (ds_zones.h). */
#define ZONE_SCAN_BYTES 65536

#define SNIFF_BYTES (64 * 1024)
/* Rows the label counter splits before taking the lock once to count them. */
#define COUNT_BATCH 4096
/* Rows between the counter's notes of the year context (struct year_mark). */
#define YEAR_BLOCK 1024
/* Time fields after the first whose ranges the counter keeps: the clock
 * may be one of them (ll_table_clock) */
#define LATER_CLOCKS 4

static const char NORMAL_CLASS[] = "normal";

struct ds_dataset {
	char *path;
	const struct ds_reader *reader;
	struct ll_table *table;  /* loaded datasets */
	int latin1;              /* the file was read as Latin-1 (ds_source.h) */

	/* Lazy datasets. */
	struct ds_source *src;   /* the bytes the index points into */
	const struct ds_line_format *fmt;
	struct ds_lineindex *ix;
	int year;                /* for timestamps without one */
	int records;             /* read as multi-line records (ds_records.c) */
	/* Rows run_lo..run_hi are known not to fit (UI thread; run_valid). */
	size_t run_lo, run_hi;
	int run_valid;

	/* Fleets: rows from the merge; the fleet's format is fmt. */
	struct ds_fleet *fleet;
	int host_field;          /* fmt's host field, -1: a "host" column is added */
	int host_col, file_col;
	size_t split_file, split_host;
	int split_year;
	const struct ds_line_format *split_fmt;
	struct ds_fleet_tables *tables;  /* a fleet of tables: ds->table is its table */

	/* Tail mode of a single log loaded whole (ds_follow.h, ds_tail.h):
	 * its rows are its lines, so new lines append rows. growing_row is
	 * the last row while its line has no '\n' yet (SIZE_MAX when none):
	 * the line it becomes replaces it. */
	struct ds_follow *follow;
	/* A table (CSV, dstat, JSON Lines) followed alike: its new rows are
	 * read as its reader read them (ds_tabtail.h) */
	struct ds_tabtail *tabtail;
	enum ds_tail tail;
	size_t growing_row;
	uint64_t opened_end;     /* the file's size when it was read */
	int tail_year;
	int tail_more;           /* the last refresh left complete lines unread */
	char tail_note[LL_ERR_MSG_MAX];
	/* A large log read through the line index is followed too (ds->ix
	 * set): its new lines join the index from its end. The mapping the
	 * index was opened with ends at the file's size then; the new bytes
	 * are mapped again from offset 0 with room to grow (tail_maps, newest
	 * first, all kept: readers may hold lines of older ones), through
	 * tail_fd, the file followed. covered: the bytes of the file the
	 * current mapping holds; src_base: the file offset of the index's
	 * data[0]. */
	struct tail_map {
		void *base;
		size_t len;
		struct tail_map *older;
	} *tail_maps;
	int tail_fd;
	/* the descriptor ds->follow takes once counting is complete: it
	 * starts where the index says the last complete line ends, which
	 * looking back from the file's end for a newline found only after
	 * reading a last line of gigabytes (a tail of NUL bytes) whole, on
	 * the UI thread, while opening */
	int follow_fd;
	uint64_t covered, src_base;
	int large_ready;         /* counting was complete at a refresh: the UI thread counts from then on */
	/* When the large log cannot be followed (no descriptor of it), its
	 * growth is still noticed (DS_TAIL_LARGE): the file it was and its size. */
	dev_t watch_dev;
	ino_t watch_ino;
	off_t watch_size;

	/* The year context of yearless stamps (ds_reader.h), as the loaded path
	 * has it: the counter notes it at the start of every YEAR_BLOCK rows
	 * (marks, under lock); a cell's time is read from the mark before it
	 * on, and the UI thread keeps where it got to (yc_row, yc: the context
	 * before row yc_row) for the next cell. */
	struct year_mark {
		struct ds_year_ctx at_start;
		int dated_inside;  /* a stamp with its year in the block, or the year turned in it */
		size_t last_fit;   /* the last row before the block that fits, or SIZE_MAX */
	} *marks;
	size_t nmarks, markcap;
	size_t yc_row;
	int yc_valid;
	struct ds_year_ctx yc;

	/* The last split row, for the UI thread's cell-by-cell calls. */
	size_t split_row;
	int split_valid, split_ok;
	const char *split_line;
	size_t split_len;
	/* A row that continues a record: fields holds its head's split, the
	 * head's line is head_line and its row split_head. */
	int split_cont;
	size_t split_head;
	const char *head_line;
	struct ds_span fields[DS_MAX_FIELDS], label;

	/* Classes and counts, shared with the counter thread. */
	pthread_mutex_t lock;
	struct ll_names classes;
	size_t *counts;          /* countcap entries, one a class */
	size_t countcap;
	size_t unlabelled, counted, misfits, first_misfit, continued, first_continued, markers, first_marker;
	/* clock_column's answer for the rows and completeness it was found at
	 * (a table's clock may scan its columns: not once a row) */
	int clock_col, clock_known, clock_complete;
	size_t clock_rows;
	double tmin, tmax;        /* the first time field's range over the rows counted, NAN before */
	double later_lo[LATER_CLOCKS], later_hi[LATER_CLOCKS]; /* the next time fields' ranges, likewise */
	char *note;              /* the misfit note, once counting ends */
	char *records_note;      /* the continuation note, likewise */
	char *recpairs_note;     /* the columns of pairs on continuation lines, likewise */
	char *markers_note;      /* the note on marker lines (ds_line_marker), likewise */
	char *undated_note;      /* clocks without a date, likewise */
	char *format_note;       /* the format's own (ds_line_format's note), likewise */
	char *zone_note;         /* stamps with UTC offsets, shown in UTC (ds_zones.h), likewise */
	/* How the caller asked to read it (--format's spec as given, --header,
	 * a label file), for a workspace made around it to read it alike */
	char *spec_format, *spec_header, *spec_labels;
	char *label_file; /* the label file the rows' classes came from, or NULL */
	/* a lazy log's label file: each row's class (nrowclass rows; rows
	 * past them, a followed log's new ones, have none), NULL otherwise */
	int32_t *rowclass;
	size_t nrowclass;
	size_t nclasses_reported;
	int oom;                 /* the counter ran out of memory and stopped */

	/* The Key: value pairs on records' continuation lines (ds_recpairs.h):
	 * the counter gathers their keys over every continuation line and
	 * settles them before counting ends, when their columns appear after
	 * the format's (paircol[i] is column 1 + nfields + i's key); a cell
	 * reads its record's lines again, and the UI thread keeps the values
	 * of the last record it read (pv, of head row pv_head). */
	struct ds_recpairs_keys *pairkeys; /* NULL when the file is no records */
	unsigned char paircol[DS_RECPAIRS_MAX_KEYS];
	size_t npaircols;
	struct ds_recpairs_values pv;
	size_t pv_head;
	int pv_valid;
	unsigned long serial;    /* the dataset's number (opened), for caches of other threads */

	/* Where the counter got to: the counter thread's until counting_done,
	 * then the UI thread's, which counts a followed log's new rows. */
	size_t count_row, count_last_fit;
	struct ds_year_ctx count_yc;
	char **retired;          /* notes replaced as new rows were counted, freed on close */
	size_t nretired;

	pthread_t counter;
	int counter_started;
	_Atomic int stop;
	_Atomic int hold;        /* callers holding the counter (ds_dataset_hold_counting) */
	_Atomic int counting_done;
};

static size_t lazy_threshold(void)
{
	const char *s = getenv("LOGLAB_LAZY_THRESHOLD");
	if (s && *s) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(s, &end, 10);
		if (!errno && !*end)
			return (size_t)v;
	}
	return DS_LAZY_THRESHOLD;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int only_blanks(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* ---- classes (caller holds ds->lock) ---- */

static int add_class(struct ds_dataset *ds, const char *s, size_t n)
{
	/* a count for every class there may be after this one */
	if (ds->classes.n == ds->countcap) {
		size_t cap = ds->countcap ? ds->countcap * 2 : 16;
		size_t *co = realloc(ds->counts, cap * sizeof *co);
		if (!co)
			return LL_ENOMEM;
		memset(co + ds->countcap, 0, (cap - ds->countcap) * sizeof *co);
		ds->counts = co;
		ds->countcap = cap;
	}
	return ll_names_add(&ds->classes, s, n);
}

static int class_of_label(struct ds_dataset *ds, const char *s, size_t n)
{
	if (n == 1 && s[0] == '-') {
		s = NORMAL_CLASS;
		n = sizeof NORMAL_CLASS - 1;
	}
	return add_class(ds, s, n);
}

/* ---- the label counter ---- */

static void sleep_ms(long ms)
{
	struct timespec ts = {0, ms * 1000000L};
	nanosleep(&ts, NULL);
}

static void widen(double *lo, double *hi, double v)
{
	if (isnan(v))
		return;
	if (isnan(*lo) || v < *lo)
		*lo = v;
	if (isnan(*hi) || v > *hi)
		*hi = v;
}

/* Reads the time fields of a split line in order, as the loaded path does,
 * moving the year context on; when lo is not NULL, the first time field's
 * value widens [lo[0], hi[0]], the next LATER_CLOCKS fields' [lo[i], hi[i]]
 * (the clock may be a later one: ll_table_clock). */
static void line_times(const struct ds_dataset *ds, const char *line, const struct ds_span *f, size_t upto,
		       struct ds_year_ctx *yc, double *lo, double *hi)
{
	size_t nth = 0;
	for (size_t k = 0; k < upto; k++)
		if (ds->fmt->types[k] == LL_COL_TIME) {
			double v = NAN;
			if (f[k].len && ds_parse_time_in_context(ds->fmt, k, line + f[k].off, f[k].len, ds->year, yc, &v) &&
			    lo && nth <= LATER_CLOCKS)
				widen(&lo[nth], &hi[nth], v);
			nth++;
		}
}

/* Appends the counter's marks (ds->lock held). */
static int add_marks(struct ds_dataset *ds, const struct year_mark *m, size_t n)
{
	if (ds->nmarks + n > ds->markcap) {
		size_t cap = ds->markcap ? ds->markcap * 2 : 64;
		while (cap < ds->nmarks + n)
			cap *= 2;
		struct year_mark *p = realloc(ds->marks, cap * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		ds->marks = p;
		ds->markcap = cap;
	}
	memcpy(ds->marks + ds->nmarks, m, n * sizeof *m);
	ds->nmarks += n;
	return LL_OK;
}

/* A column of the format's, or "line", has this name: for the pairs'
 * columns, named as the loaded table names them. */
static int format_has(void *ctx, const char *name)
{
	const struct ds_line_format *fmt = ctx;
	if (strcmp(name, "line") == 0)
		return 1;
	for (size_t k = 0; k < fmt->nfields; k++)
		if (strcmp(fmt->names[k], name) == 0)
			return 1;
	return 0;
}

/* The pairs' keys gathered over the whole file become columns, and their
 * note is written (the counter, at its end, ds->lock held). */
static void settle_pairs(struct ds_dataset *ds)
{
	ds_recpairs_keys_settle(ds->pairkeys, format_has, (void *)ds->fmt);
	for (size_t j = 0; j < ds->pairkeys->n; j++)
		if (ds->pairkeys->k[j].colname[0])
			ds->paircol[ds->npaircols++] = (unsigned char)j;
	char note[LL_ERR_MSG_MAX];
	if (ds_recpairs_keys_note(ds->pairkeys, note, sizeof note)) {
		char buf[LL_ERR_MSG_MAX + 256];
		snprintf(buf, sizeof buf, "%s: %s", base_name(ds->path), note);
		ds->recpairs_note = strdup(buf); /* without memory the note is simply not shown */
	}
}

/* 1 when a line fmt does not fit is a row of its own, at its own time
 * (*t, NaN when it has none). */
static int own_stamp(const struct ds_line_format *fmt, const char *line, size_t len, double *t)
{
	return ds_line_time_field(fmt) >= 0 && ds_line_own_record(line, len, t);
}

/* Counts rows [ds->count_row, ds->count_row + nb) (nb <= COUNT_BATCH),
 * reading them through win when not NULL; 0 when out of memory (ds->oom
 * set). */
static int count_batch(struct ds_dataset *ds, struct ds_window *win, size_t nb)
{
	struct ds_span fields[DS_MAX_FIELDS];
	struct {
		const char *s;
		size_t n;
		int misfit, continues, marker;
	} batch[COUNT_BATCH];
	struct year_mark marks[COUNT_BATCH / YEAR_BLOCK + 1];
	double lo[LATER_CLOCKS + 1], hi[LATER_CLOCKS + 1];
	for (size_t i = 0; i <= LATER_CLOCKS; i++)
		lo[i] = hi[i] = NAN;
	size_t row = ds->count_row, last_fit = ds->count_last_fit, nm = 0;
	struct ds_year_ctx yc = ds->count_yc;
	/* the pairs' columns are settled when counting ends: keys of lines
	 * appended later do not add columns */
	int pairs_open = !atomic_load_explicit(&ds->counting_done, memory_order_acquire);
	int pairs_oom = 0;
	/* the block the batch opens in when an earlier batch opened it
	 * (batches end where the index had got to, not at blocks): its
	 * mark is the dataset's already, and a year read in this batch's
	 * part of it must reach that mark too */
	int earlier_block_dated = 0;
	for (size_t k = 0; k < nb; k++) {
		if ((row + k) % YEAR_BLOCK == 0)
			marks[nm++] = (struct year_mark){yc, 0, last_fit};
		const char *line;
		size_t len;
		struct ds_span label = {0, 0};
		uint64_t begin = 0, end = 0;
		ds_lineindex_range(ds->ix, row + k, &begin, &end);
		if (!win || !ds_window_line(win, row + k, &line, &len))
			ds_lineindex_line(ds->ix, row + k, &line, &len);
		batch[k].misfit = batch[k].continues = batch[k].marker = 0;
		batch[k].n = 0;
		if (ds_line_split(ds->fmt, line, len, fields, &label)) {
			last_fit = row + k;
			struct ds_year_ctx before = yc;
			line_times(ds, line, fields, ds->fmt->nfields, &yc, lo, hi);
			if (yc.have != before.have || yc.last_dated != before.last_dated || yc.shift != before.shift) {
				if (nm)
					marks[nm - 1].dated_inside = 1;
				else
					earlier_block_dated = 1;
			}
			/* read after the batch, so from the mapping: the
			 * window's bytes move on */
			batch[k].s = ds_lineindex_data(ds->ix) + begin + label.off;
			batch[k].n = label.len;
		} else if (!only_blanks(line, len)) {
			double own;
			if (ds_line_marker(line, len)) {
				batch[k].marker = 1;
			} else if (own_stamp(ds->fmt, line, len, &own)) {
				batch[k].misfit = 1;
				widen(&lo[0], &hi[0], own); /* NaN: a record without a time */
			} else if (ds->records && last_fit != SIZE_MAX && row + k - last_fit <= DS_RECORD_MAX_LINES) {
				batch[k].continues = 1;
				if (pairs_open && ds->pairkeys && ds_recpairs_keys_add(ds->pairkeys, line, len) != LL_OK)
					pairs_oom = 1;
			} else {
				batch[k].misfit = 1;
			}
		}
	}
	pthread_mutex_lock(&ds->lock);
	if (earlier_block_dated && row / YEAR_BLOCK < ds->nmarks)
		ds->marks[row / YEAR_BLOCK].dated_inside = 1;
	if ((nm && add_marks(ds, marks, nm) != LL_OK) || pairs_oom) {
		ds->oom = 1;
		pthread_mutex_unlock(&ds->lock);
		return 0;
	}
	for (size_t k = 0; k < nb; k++) {
		if (batch[k].misfit && ds->misfits++ == 0)
			ds->first_misfit = row + k + 1;
		if (batch[k].continues && ds->continued++ == 0)
			ds->first_continued = row + k + 1;
		if (batch[k].marker && ds->markers++ == 0)
			ds->first_marker = row + k + 1;
		if (ds->rowclass) { /* the label file's, by row number */
			if (row + k < ds->nrowclass)
				ds->counts[ds->rowclass[row + k]]++;
			else
				ds->unlabelled++;
			continue;
		}
		if (!batch[k].n) {
			ds->unlabelled++;
			continue;
		}
		int cls = class_of_label(ds, batch[k].s, batch[k].n);
		if (cls < 0) {
			ds->oom = 1;
			pthread_mutex_unlock(&ds->lock);
			return 0;
		}
		ds->counts[cls]++;
	}
	ds->count_row = row + nb;
	ds->count_last_fit = last_fit;
	ds->count_yc = yc;
	ds->counted = row + nb;
	widen(&ds->tmin, &ds->tmax, lo[0]);
	widen(&ds->tmin, &ds->tmax, hi[0]);
	for (size_t i = 0; i < LATER_CLOCKS; i++) {
		widen(&ds->later_lo[i], &ds->later_hi[i], lo[i + 1]);
		widen(&ds->later_lo[i], &ds->later_hi[i], hi[i + 1]);
	}
	pthread_mutex_unlock(&ds->lock);
	return 1;
}

/* Replaces *slot with a copy of text (ds->lock held); the note replaced
 * may still be shown, so it is kept until close. */
static void set_note(struct ds_dataset *ds, char **slot, const char *text)
{
	char *copy = strdup(text);
	if (!copy)
		return; /* without memory the note simply stays as it was */
	if (*slot) {
		char **r = realloc(ds->retired, (ds->nretired + 1) * sizeof *r);
		if (!r) {
			free(copy);
			return;
		}
		ds->retired = r;
		ds->retired[ds->nretired++] = *slot;
	}
	*slot = copy;
}

/* The notes on counts (misfits, continuation lines, markers, undated
 * times), written when counting ends and again when a followed log's new
 * rows changed them (ds->lock held). */
static void count_notes(struct ds_dataset *ds)
{
	char buf[LL_ERR_MSG_MAX];
	if (ds->misfits) {
		snprintf(buf, sizeof buf, "%s: %zu line%s did not match the %s format (first: line %zu)",
			 base_name(ds->path), ds->misfits, ds->misfits == 1 ? "" : "s", ds->reader->name,
			 ds->first_misfit);
		if (!ds->note || strcmp(ds->note, buf) != 0)
			set_note(ds, &ds->note, buf);
	}
	if (ds->continued) {
		snprintf(buf, sizeof buf, "%s: " DS_RECORDS_NOTE, base_name(ds->path), ds->continued,
			 ds->continued == 1 ? "" : "s", ds->first_continued);
		if (!ds->records_note || strcmp(ds->records_note, buf) != 0)
			set_note(ds, &ds->records_note, buf);
	}
	if (ds->markers) {
		snprintf(buf, sizeof buf, "%s: " DS_MARKERS_NOTE, base_name(ds->path), ds->markers,
			 ds->markers == 1 ? "" : "s", ds->first_marker);
		if (!ds->markers_note || strcmp(ds->markers_note, buf) != 0)
			set_note(ds, &ds->markers_note, buf);
	}
	if (DS_UNDATED(ds->tmin, ds->tmax) && !ds->undated_note) {
		snprintf(buf, sizeof buf, "%s: " DS_UNDATED_NOTE, base_name(ds->path));
		set_note(ds, &ds->undated_note, buf);
	}
}

/* Counts the rows' labels, reading them through win when not NULL. */
static void count_rows(struct ds_dataset *ds, struct ds_window *win)
{
	ds->count_row = 0;
	ds->count_last_fit = SIZE_MAX;
	ds->count_yc = ds_year_ctx_start(ds->src);
	for (;;) {
		if (atomic_load_explicit(&ds->stop, memory_order_relaxed))
			return;
		if (atomic_load_explicit(&ds->hold, memory_order_relaxed)) {
			sleep_ms(1);
			continue;
		}
		/* done first: once it reads 1, count is final. */
		int done = ds_lineindex_done(ds->ix);
		size_t avail = ds_lineindex_count(ds->ix), row = ds->count_row;
		if (row == avail) {
			if (done)
				break;
			sleep_ms(1);
			continue;
		}
		size_t nb = avail - row < COUNT_BATCH ? avail - row : COUNT_BATCH;
		if (!count_batch(ds, win, nb)) {
			atomic_store_explicit(&ds->counting_done, 1, memory_order_release);
			return;
		}
	}
	pthread_mutex_lock(&ds->lock);
	count_notes(ds);
	if (ds->pairkeys && ds->pairkeys->n)
		settle_pairs(ds);
	if (ds->fmt->note) {
		char buf[LL_ERR_MSG_MAX];
		snprintf(buf, sizeof buf, "%s: %s", base_name(ds->path), ds->fmt->note);
		ds->format_note = strdup(buf); /* without memory the note is simply not shown */
	}
	struct ds_zone_scan zs;
	ds_zone_scan(ds->src->data, ds->src->size < ZONE_SCAN_BYTES ? ds->src->size : ZONE_SCAN_BYTES, &zs);
	/* a file with dated times only: lines without any have nothing shown in UTC */
	if (!isnan(ds->tmin) && !DS_UNDATED(ds->tmin, ds->tmax) && ds_zone_scan_says(&zs)) {
		char buf[LL_ERR_MSG_MAX];
		ds_zone_note(&zs, base_name(ds->path), buf, sizeof buf);
		ds->zone_note = strdup(buf); /* likewise */
	}
	pthread_mutex_unlock(&ds->lock);
	atomic_store_explicit(&ds->counting_done, 1, memory_order_release);
}

static void *count_labels(void *arg)
{
	struct ds_dataset *ds = arg;
	/* every line is read once: through pread, not the mapping (ds_window.h) */
	struct ds_window *win = ds_window_open(ds->src, ds->ix);
	count_rows(ds, win);
	ds_window_close(win);
	return NULL;
}

/* The fleet's merge thread hands every merged row's label here. */
static int count_fleet_rows(void *ctx, size_t first, const struct ds_fleet_rowinfo *info, size_t n)
{
	struct ds_dataset *ds = ctx;
	pthread_mutex_lock(&ds->lock);
	for (size_t k = 0; k < n; k++) {
		if (info[k].misfit && ds->misfits++ == 0)
			ds->first_misfit = first + k;
		if (!info[k].label_len) {
			ds->unlabelled++;
			continue;
		}
		int cls = class_of_label(ds, info[k].label, info[k].label_len);
		if (cls < 0) {
			ds->oom = 1;
			pthread_mutex_unlock(&ds->lock);
			return LL_ENOMEM;
		}
		ds->counts[cls]++;
	}
	ds->counted = first + n;
	pthread_mutex_unlock(&ds->lock);
	return LL_OK;
}

/* ---- open and close ---- */

void ds_dataset_close(struct ds_dataset *ds)
{
	if (!ds)
		return;
	if (ds->counter_started) {
		atomic_store_explicit(&ds->stop, 1, memory_order_relaxed);
		pthread_join(ds->counter, NULL);
	}
	ds_fleet_close(ds->fleet); /* first: its merge thread calls count_fleet_rows */
	ds_fleet_tables_close(ds->tables);
	ds_follow_close(ds->follow);
	ds_tabtail_free(ds->tabtail);
	ds_lineindex_close(ds->ix);
	while (ds->tail_maps) { /* after the index, whose lines point into them */
		struct tail_map *m = ds->tail_maps;
		ds->tail_maps = m->older;
		ds_mapguard_remove(m->base);
		munmap(m->base, m->len);
		free(m);
	}
	if (ds->tail_fd >= 0)
		close(ds->tail_fd);
	if (ds->follow_fd >= 0)
		close(ds->follow_fd);
	ds_source_close(ds->src);
	ll_table_free(ds->table);
	ll_names_free(&ds->classes);
	free(ds->counts);
	free(ds->marks);
	free(ds->note);
	free(ds->records_note);
	free(ds->recpairs_note);
	if (ds->pairkeys)
		ds_recpairs_keys_free(ds->pairkeys);
	free(ds->pairkeys);
	free(ds->markers_note);
	free(ds->undated_note);
	free(ds->format_note);
	free(ds->zone_note);
	free(ds->spec_format);
	free(ds->spec_header);
	free(ds->spec_labels);
	free(ds->label_file);
	free(ds->rowclass);
	for (size_t i = 0; i < ds->nretired; i++)
		free(ds->retired[i]);
	free(ds->retired);
	pthread_mutex_destroy(&ds->lock);
	free(ds->path);
	free(ds);
}

/* The file at src's path when it is the one src read: at least as long,
 * with the last few KiB read the same (a busy log grows while it is
 * read); its descriptor, else -1. */
static int same_file_grown(const struct ds_source *src, uint64_t base)
{
	int fd = open(src->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	size_t tail = src->size < 4096 ? src->size : 4096;
	char check[4096];
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size < base + src->size ||
	    pread(fd, check, tail, (off_t)(base + src->size - tail)) != (ssize_t)tail ||
	    memcmp(check, src->data + src->size - tail, tail) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Tail mode for a large log (see struct ds_dataset): follows the file
 * from the end of its last complete line, once counting is complete
 * (refresh_single); the index and the counts take in its new lines. A
 * file that cannot be followed is watched as before (DS_TAIL_LARGE). */
static int follow_large(struct ds_dataset *ds, const struct ds_source *src, uint64_t base)
{
	int fd = same_file_grown(src, base);
	if (fd < 0)
		return LL_OK;
	ds->tail_fd = dup(fd);
	if (ds->tail_fd < 0) {
		close(fd);
		return LL_OK;
	}
	ds->follow_fd = fd;
	ds->src_base = base;
	ds->covered = base + src->size;
	ds->opened_end = base + src->size;
	ds->tail = DS_TAIL_FOLLOWING;
	return LL_OK;
}

/* Starts browsing src lazily with reader r; takes src. */
static int open_lazy(struct ds_dataset *ds, struct ds_source *src, const struct ds_open_opts *o, struct ll_err *err)
{
	const struct ds_line_format *fmt = ds->reader->line;
	ds->src = src;
	if (fmt->nfields > DS_MAX_FIELDS || fmt->message_field < 0 || (size_t)fmt->message_field >= fmt->nfields)
		return ll_err_set(err, LL_EUSAGE, "%s: format %s is misdeclared", ds->path, ds->reader->name);
	/* The same refusal of binary data as the loaded path. */
	if (!o->format && src->size) {
		const char *nul = memchr(src->data, '\0', src->size < SNIFF_BYTES ? src->size : SNIFF_BYTES);
		if (nul)
			return ds_binary_refuse(ds->path, src->data, src->size, (size_t)(nul - src->data), err);
	}
	ds->fmt = fmt;
	ds->year = o->default_year;
	ds->records = ds_records_apply(fmt, src->data, src->size);
	if (ds->records) {
		if (!(ds->pairkeys = malloc(sizeof *ds->pairkeys)))
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", ds->path);
		ds_recpairs_keys_init(ds->pairkeys);
	}
	struct ll_err ixerr;
	/* a mapped file is scanned with pread, not through the mapping, whose
	 * first touch of each page costs several times a copy on some virtual
	 * machines (ds_window.h): the mapping is then touched only by what is
	 * shown */
	uint64_t base;
	int fd = ds_source_reopen(src, &base);
	struct stat st;
	uint64_t off;
	/* a busy log grew since it was mapped (ds_source_reopen then gives
	 * none): the file at the path, when it is not smaller, is taken as it */
	if (!src->gzipped && !src->latin1 && !o->display_name && ds_source_file_offset(src, &off) &&
	    (fd >= 0 ? fstat(fd, &st) == 0 : stat(src->path, &st) == 0 && st.st_size >= src->file_size)) {
		ds->tail = DS_TAIL_LARGE;
		ds->watch_dev = st.st_dev;
		ds->watch_ino = st.st_ino;
		ds->watch_size = st.st_size;
	}
	int rc = fd >= 0 ? ds_lineindex_open_file_buffer(&ds->ix, src->data, src->size, fd, base, 1, &ixerr)
			 : ds_lineindex_open_buffer(&ds->ix, src->data, src->size, 1, &ixerr);
	if (rc != LL_OK)
		return ll_err_set(err, rc, "%s: %s", ds->path, ixerr.msg);
	if (pthread_create(&ds->counter, NULL, count_labels, ds) != 0)
		return ll_err_set(err, LL_ENOMEM, "%s: cannot start the label counting thread", ds->path);
	ds->counter_started = 1;
	if (ds->tail == DS_TAIL_LARGE && !ds_stdin_is(ds->path))
		return follow_large(ds, src, off);
	return LL_OK;
}

/* 1 when the first lines of src carry labels of their own (a <label>
 * field, label<TAB>line): a label file would contradict them. */
static int lines_labelled(const struct ds_line_format *fmt, const struct ds_source *src)
{
	struct ds_span fields[DS_MAX_FIELDS], label;
	size_t pos = 0, len, n = 0;
	const char *line;
	if (fmt->nfields > DS_MAX_FIELDS)
		return 1;
	size_t size = src->size < SNIFF_BYTES ? src->size : SNIFF_BYTES;
	while (n++ < 2000 && ds_source_next_line(src->data, size, &pos, &line, &len)) {
		label.off = label.len = 0;
		if (ds_line_split(fmt, line, len, fields, &label) && label.len)
			return 1;
	}
	return 0;
}

/* A lazy log's label file: its classes (the dataset's, in the order the
 * file first names them, as a loaded table has them) and each row's,
 * before the counter starts. */
static int read_rowclass(struct ds_dataset *ds, const char *labels, struct ll_err *err)
{
	struct ll_names names = {0};
	int32_t *ids;
	size_t n;
	int rc = ds_rowlabels_read(labels, &names, &ids, &n, err);
	if (rc != LL_OK) {
		ll_names_free(&names);
		return rc;
	}
	int32_t *map = malloc((names.n ? names.n : 1) * sizeof *map);
	for (size_t c = 0; map && c < names.n; c++)
		if ((map[c] = add_class(ds, ll_names_get(&names, c), strlen(ll_names_get(&names, c)))) < 0)
			rc = LL_ENOMEM;
	if (!map || rc != LL_OK || !(ds->label_file = strdup(labels))) {
		free(map);
		free(ids);
		ll_names_free(&names);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", labels);
	}
	for (size_t i = 0; i < n; i++)
		ids[i] = map[ids[i]];
	free(map);
	ll_names_free(&names);
	ds->rowclass = ids;
	ds->nrowclass = n;
	return LL_OK;
}

/* The label file against the rows, once the index has them all: of
 * another length it is refused, naming both counts, as for a loaded
 * table. */
static int check_rowclass(struct ds_dataset *ds, const char *path, const char *labels, struct ll_err *err)
{
	while (!ds_lineindex_done(ds->ix))
		sleep_ms(1);
	size_t rows = ds_lineindex_count(ds->ix);
	if (rows != ds->nrowclass)
		return ll_err_set(err, LL_EDATA, "%s has %zu rows but its label file %s has %zu labels", path, rows,
				  labels, ds->nrowclass);
	return LL_OK;
}

/* Gives a source opened from a fetched local copy its URL and the fetch's
 * notice, before any notice the source carries (escape codes removed). */
static int rename_source(struct ds_source *src, const char *name, const char *note)
{
	char *p = strdup(name);
	int has = note && *note;
	char *n = has ? malloc(strlen(note) + (src->note ? strlen(src->note) + 2 : 0) + 1) : NULL;
	if (!p || (has && !n)) {
		free(p);
		free(n);
		return LL_ENOMEM;
	}
	free(src->path);
	src->path = p;
	if (n) {
		if (src->note)
			sprintf(n, "%s; %s", note, src->note);
		else
			strcpy(n, note);
		free(src->note);
		src->note = n;
	}
	return LL_OK;
}

/* Datasets are numbered as they are made, so that what a thread keeps of
 * one (text_span's record values) is never taken for another's that
 * happens to get the same address. */
static _Atomic unsigned long opened;

/* A dataset with nothing open yet, in the state ds_dataset_close takes. */
static struct ds_dataset *new_dataset(void)
{
	struct ds_dataset *ds = calloc(1, sizeof *ds);
	if (!ds)
		return NULL;
	ds->serial = atomic_fetch_add(&opened, 1) + 1;
	pthread_mutex_init(&ds->lock, NULL);
	atomic_init(&ds->stop, 0);
	atomic_init(&ds->hold, 0);
	atomic_init(&ds->counting_done, 1);
	ds->tmin = ds->tmax = NAN;
	for (size_t i = 0; i < LATER_CLOCKS; i++)
		ds->later_lo[i] = ds->later_hi[i] = NAN;
	ds->growing_row = SIZE_MAX;
	ds->tail_fd = ds->follow_fd = -1;
	return ds;
}

static int open_fleet(struct ds_dataset **out, const char *const *paths, size_t n, const struct ds_open_opts *opts,
		      struct ll_err *err)
{
	struct ds_open_opts o = {0};
	if (opts)
		o = *opts;
	struct ds_dataset *ds = new_dataset();
	if (!ds)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	struct ds_fleet_watch watch = {count_fleet_rows, ds};
	int rc = ds_fleet_open(&ds->fleet, paths, n, &o, &watch, err);
	if (rc != LL_OK) {
		ds_dataset_close(ds);
		return rc;
	}
	if (!(ds->path = strdup(ds_fleet_title(ds->fleet)))) {
		ds_dataset_close(ds);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	ds->reader = ds_fleet_reader(ds->fleet);
	ds->fmt = ds->reader->line;
	ds->year = o.default_year;
	if (!ds->year) {
		time_t now = time(NULL);
		struct tm tm;
		ds->year = gmtime_r(&now, &tm) ? tm.tm_year + 1900 : 1970;
	}
	/* the fleet's own rule, so the host column and the fleet's rows agree */
	ds->host_field = ds_fleet_host_field(ds->fmt);
	ds->host_col = ds->host_field >= 0 ? 1 + ds->host_field : 1 + (int)ds->fmt->nfields;
	ds->file_col = 1 + (int)ds->fmt->nfields + (ds->host_field < 0);
	*out = ds;
	return LL_OK;
}

static int open_table_fleet(struct ds_dataset **out, const char *const *paths, size_t n,
			    const struct ds_open_opts *opts, struct ll_err *err)
{
	struct ds_dataset *ds = new_dataset();
	if (!ds)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = ds_fleet_tables_open(&ds->tables, paths, n, opts, err);
	if (rc != LL_OK) {
		ds_dataset_close(ds);
		return rc;
	}
	ds->table = ds_fleet_tables_take_table(ds->tables);
	ds->reader = ds_fleet_tables_reader(ds->tables);
	ds->host_col = ds_fleet_tables_host_column(ds->tables);
	ds->file_col = ds_fleet_tables_file_column(ds->tables);
	if (!(ds->path = strdup(ds_fleet_tables_title(ds->tables)))) {
		ds_dataset_close(ds);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	*out = ds;
	return LL_OK;
}

/* A fleet of tables or of logs, as its files are (ds_fleet_tables.h). */
static int open_any_fleet(struct ds_dataset **out, const char *const *paths, size_t n,
			  const struct ds_open_opts *opts, struct ll_err *err)
{
	int tables = 0;
	int rc = ds_fleet_tables_probe(paths, n, opts, &tables, err);
	if (rc != LL_OK)
		return rc;
	return tables ? open_table_fleet(out, paths, n, opts, err) : open_fleet(out, paths, n, opts, err);
}

int ds_dataset_open_list(struct ds_dataset **out, const char *const *paths, size_t n, const struct ds_open_opts *opts,
			 struct ll_err *err)
{
	*out = NULL;
	if (n == 1)
		return ds_dataset_open(out, paths[0], opts, err);
	for (size_t i = 0; i < n; i++)
		if (ds_is_url(paths[i]))
			return ll_err_set(err, LL_EUSAGE, "%s: a URL cannot be part of a fleet; fetch it first", paths[i]);
	return open_any_fleet(out, paths, n, opts, err);
}

/* A URL: fetched through the cache first, then opened as its local copy
 * under the URL's name (as the browser's download screen does), so that
 * an archive can be told by its content and opened as a fleet. */
static int open_url(struct ds_dataset **out, const char *url, const struct ds_open_opts *opts, struct ll_err *err)
{
	struct ds_fetch_result res;
	struct ds_fetch_opts fo = {.result = &res};
	char *local = NULL;
	int rc = ds_remote_fetch(url, &fo, &local, err);
	if (rc != LL_OK)
		return rc;
	char *shown = ds_url_redact(url);
	if (!shown) {
		free(local);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", url);
	}
	struct ds_open_opts o = opts ? *opts : (struct ds_open_opts){0};
	o.display_name = shown;
	o.source_note = res.note[0] ? res.note : NULL;
	rc = ds_dataset_open(out, local, &o, err);
	/* the dataset keeps a mapping, which outlives the unlink */
	if (res.temporary)
		unlink(local);
	free(local);
	free(shown);
	return rc;
}

/* A loaded table with times, from a file whose stamps carry UTC offsets:
 * says they are shown in UTC. */
static int zone_note_for_table(struct ll_table *t, const struct ds_source *src, const char *name)
{
	int timed = 0;
	for (size_t c = 0; c < ll_table_ncols(t) && !timed; c++)
		timed = ll_table_col_type(t, c) == LL_COL_TIME;
	if (!timed || !ds_looks_like_text(src->data, src->size < 4096 ? src->size : 4096))
		return LL_OK;
	struct ds_zone_scan zs;
	ds_zone_scan(src->data, src->size < ZONE_SCAN_BYTES ? src->size : ZONE_SCAN_BYTES, &zs);
	if (!ds_zone_scan_says(&zs))
		return LL_OK;
	char buf[LL_ERR_MSG_MAX];
	ds_zone_note(&zs, name, buf, sizeof buf);
	return ll_table_note(t, "%s", buf);
}

/* Tail mode for a log just loaded whole from src, when src is the file's
 * own bytes (ds_source_reopen: not decompressed, converted or cleaned of
 * escape codes, which are read whole once): follows the file from the end
 * of its last complete line. A file it cannot follow is simply read once,
 * as before; only running out of memory fails. */
static int start_following(struct ds_dataset *ds, const struct ds_source *src, int year, struct ds_csv_layout *lay,
			   const char *label_column, struct ll_err *err)
{
	uint64_t base;
	if (src->gzipped || src->latin1 || !ds_source_file_offset(src, &base)) {
		ds_tabtail_new(&ds->tabtail, ds->table, ds->path, "", lay, NULL, 0, year, NULL, 0, err); /* frees lay */
		return LL_OK;
	}
	int fd = same_file_grown(src, base);
	if (fd < 0) {
		ds_tabtail_new(&ds->tabtail, ds->table, ds->path, "", lay, NULL, 0, year, NULL, 0, err);
		return LL_OK;
	}
	size_t done = src->size;
	while (done > 0 && src->data[done - 1] != '\n')
		done--;
	if (!ds->reader->line) {
		/* a table: followed when its rows can be read as it read them */
		size_t line = 1;
		for (const char *q = src->data; (q = memchr(q, '\n', (size_t)(src->data + done - q))) != NULL; q++)
			line++;
		int rc = ds_tabtail_new(&ds->tabtail, ds->table, ds->path, ds->reader->name, lay, src->data, done, year,
					label_column, line, err);
		if (rc != LL_OK || !ds->tabtail) {
			close(fd);
			return rc;
		}
	}
	size_t rows = ll_table_nrows(ds->table);
	if (done < src->size && rows > 0 &&
	    (!ds->tabtail || ds_tabtail_is_row(ds->tabtail, src->data + done, src->size - done)))
		ds->growing_row = rows - 1;
	ds->opened_end = base + src->size;
	int rc = ds_follow_open(&ds->follow, fd, ds->path, base + done, err);
	if (rc != LL_OK)
		return rc;
	ds->tail = DS_TAIL_FOLLOWING;
	ds->tail_year = year;
	return LL_OK;
}

/* A label file gives rows their classes by number; a fleet's rows are its
 * files' lines merged on one timeline, whose order no such file follows:
 * refused rather than left unread (every row unlabelled, silently). */
static int fleet_label_file(const char *path, const struct ds_open_opts *opts, struct ll_err *err)
{
	if (!opts || !opts->labels || !*opts->labels)
		return LL_OK;
	return ll_err_set(err, LL_EUSAGE,
			  "%s: a label file (%s) gives one file's rows their classes, and this is a folder or pattern of "
			  "files: label them in their own journals (FILE.labels, `loglab label`), or name one file",
			  path, opts->labels);
}

static int open_dataset(struct ds_dataset **out, const char *path, const struct ds_open_opts *opts, struct ll_err *err)
{
	*out = NULL;
	int rc;
	if (!(opts && opts->display_name) && !ds_is_url(path) && strchr(path, DS_FLEET_SPEC_SEP)) {
		/* a workspace's "paths": several specs in one string */
		char **specs = NULL;
		size_t n = 0;
		if ((rc = fleet_label_file(path, opts, err)) != LL_OK)
			return rc;
		if (ds_fleet_split_specs(path, &specs, &n) != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		rc = open_any_fleet(out, (const char *const *)specs, n, opts, err);
		ds_fleet_specs_free(specs, n);
		return rc;
	}
	if (!(opts && opts->display_name) && !ds_is_url(path) && ds_fleet_is_spec(path))
		return (rc = fleet_label_file(path, opts, err)) != LL_OK ? rc : open_any_fleet(out, &path, 1, opts, err);
	if (!(opts && opts->display_name) && ds_is_url(path))
		return open_url(out, path, opts, err);
	if (opts && opts->display_name && ds_archive_is(path)) {
		/* a URL's local copy that is an archive: the folder it holds */
		struct ds_open_opts fo = *opts;
		fo.display_name = NULL;
		fo.source_note = NULL;
		if ((rc = fleet_label_file(opts->display_name, opts, err)) != LL_OK)
			return rc;
		rc = open_any_fleet(out, &path, 1, &fo, err);
		char *title = rc == LL_OK ? strdup(opts->display_name) : NULL;
		if (title) { /* a fleet's path is its title: the URL, not the cache's copy */
			free((*out)->path);
			(*out)->path = title;
		}
		return rc;
	}
	struct ds_open_opts o = {0};
	if (opts)
		o = *opts;
	ds_open_opts_split(&o);
	const struct ds_reader *r = NULL;
	if (o.format) {
		r = ds_reader_find(o.format);
		if (!r)
			return ll_err_set(err, LL_EUSAGE, "unknown format '%s' (see `loglab info --formats`)", o.format);
	}
	/* An already-fetched local copy opens as such (no second fetch) and then
	 * goes by its URL from here on, like a URL ds_source_open fetched. */
	const char *local = path;
	if (o.display_name)
		path = o.display_name;
	struct ds_dataset *ds = new_dataset();
	if (!ds)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	ds->path = strdup(path);
	if (!ds->path) {
		ds_dataset_close(ds);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	struct ds_source *src;
	rc = ds_source_open_as(&src, local, o.format != NULL, err);
	if (rc != LL_OK) {
		ds_dataset_close(ds);
		return rc;
	}
	if (o.display_name && (rc = rename_source(src, path, o.source_note)) != LL_OK) {
		ds_source_close(src);
		ds_dataset_close(ds);
		return ll_err_set(err, rc, "%s: out of memory", path);
	}
	int year_given = o.default_year != 0;
	r = ds_reader_prepare(src, path, r, &o, err);
	if (!r) {
		ds_source_close(src);
		ds_dataset_close(ds);
		return err->code ? err->code : LL_EDATA;
	}
	if (!year_given && r->line && ds_line_time_field(r->line) >= 0 &&
	    (rc = ds_source_note_year(src, o.default_year, err)) != LL_OK) {
		ds_source_close(src);
		ds_dataset_close(ds);
		return rc;
	}
	ds->reader = r;
	ds->latin1 = src->latin1;
	/* fail2ban rows skip comment lines, and an exported label file its
	 * marker line (another one its header), so their rows are not the
	 * file's lines. */
	int rows_are_lines = r->line && strcmp(r->name, "fail2ban") != 0 &&
			     !(strcmp(r->name, "labelled") == 0 &&
			       (ds_labels_marker(src->data, src->size) || ds_labels_header(src->data, src->size)));
	/* A label file (the dataset key "labels") gives the rows' classes by
	 * their number: a loaded table holds them, a log read lazily a class
	 * id a row beside its line index (4 bytes a row, not the whole log:
	 * an 82 MB log took 265 MB loaded for them, 105 MB lazily without).
	 * A log whose lines carry labels of their own is loaded, whose label
	 * file is then refused (ds_rowlabels_apply says why). */
	int label_file = o.labels && *o.labels && !r->own_labels;
	int lazy = rows_are_lines && src->size >= lazy_threshold() && (!label_file || !lines_labelled(r->line, src));
	/* a table of a plain file may be followed: how its reader reads a row */
	struct ds_csv_layout *lay = NULL;
	int followed = !lazy && !o.display_name && !ds_stdin_is(path);
	if (followed && !r->line)
		o.keep_layout = &lay;
	if (lazy) {
		atomic_store(&ds->counting_done, 0);
		rc = label_file ? read_rowclass(ds, o.labels, err) : LL_OK;
		if (rc == LL_OK)
			rc = open_lazy(ds, src, &o, err);
		if (rc == LL_OK && label_file)
			rc = check_rowclass(ds, path, o.labels, err);
		if (rc != LL_OK) {
			atomic_store(&ds->counting_done, 1);
			ds_dataset_close(ds);
			return rc;
		}
		*out = ds;
		return LL_OK;
	}
	rc = r->load(src, &o, &ds->table, err);
	if (rc == LL_OK && !r->line) /* a log's fields are typed as its lazy rows are */
		rc = ds_reader_settle_table(ds->table, path, o.label_column, NULL, err);
	if (rc == LL_OK && src->note && ll_table_note(ds->table, "%s", src->note) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	/* every reader of the dataset (review, the browser, label) sees the
	 * label file's classes as the rows' own, as a loaded table has them
	 * (ds_load); a label journal then changes them as it changes any */
	if (rc == LL_OK && label_file && (rc = ds_rowlabels_apply(ds->table, path, o.labels, err)) == LL_OK &&
	    !(ds->label_file = strdup(o.labels)))
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && zone_note_for_table(ds->table, src, base_name(path)) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK && followed && (rows_are_lines || !r->line)) {
		rc = start_following(ds, src, o.default_year, lay, o.label_column, err);
		lay = NULL; /* taken */
	}
	ds_tabtail_layout_free(lay);
	ds_source_close(src);
	if (rc != LL_OK) {
		ds_dataset_close(ds);
		return rc;
	}
	if (ll_table_set_meta(ds->table, "format", r->name) != LL_OK ||
	    ll_table_set_meta(ds->table, "source", path) != LL_OK) {
		ds_dataset_close(ds);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	*out = ds;
	return LL_OK;
}

/* A copy of s, NULL for NULL or ""; *oom set when the copy fails. */
static char *spec_dup(const char *s, int *oom)
{
	char *c = s && *s ? strdup(s) : NULL;
	if (s && *s && !c)
		*oom = 1;
	return c;
}

int ds_dataset_open(struct ds_dataset **out, const char *path, const struct ds_open_opts *opts, struct ll_err *err)
{
	int rc = open_dataset(out, path, opts, err);
	if (rc != LL_OK || !opts)
		return rc;
	int oom = 0;
	/* (a URL's copy was opened by this function already) */
	free((*out)->spec_format);
	free((*out)->spec_header);
	free((*out)->spec_labels);
	(*out)->spec_format = spec_dup(opts->format, &oom);
	(*out)->spec_header = spec_dup(opts->header, &oom);
	(*out)->spec_labels = spec_dup(opts->labels, &oom);
	if (oom) {
		ds_dataset_close(*out);
		*out = NULL;
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	return LL_OK;
}

void ds_dataset_open_spec(const struct ds_dataset *ds, struct ds_open_opts *o)
{
	*o = (struct ds_open_opts){.format = ds->spec_format, .header = ds->spec_header, .labels = ds->spec_labels};
}

/* ---- queries ---- */

const char *ds_dataset_label_file(const struct ds_dataset *ds)
{
	return ds->label_file;
}

int ds_dataset_latin1(const struct ds_dataset *ds) { return ds->latin1; }

int ds_dataset_row_latin1(const struct ds_dataset *ds, size_t row)
{
	if (ds->fleet)
		return ds_fleet_file_latin1(ds->fleet, ds_fleet_row_file(ds->fleet, row));
	return ds->latin1;
}

const char *ds_dataset_path(const struct ds_dataset *ds)
{
	return ds->path;
}

const struct ds_reader *ds_dataset_reader(const struct ds_dataset *ds)
{
	return ds->reader;
}

/* Lazy notes: the source's (e.g. a URL served from the cache while offline)
 * first, then the misfit note once counting has ended. */
/* A fleet's notes, then one on the lines that did not fit (once complete). */
static size_t fleet_nnotes(const struct ds_dataset *ds)
{
	struct ds_dataset *m = (struct ds_dataset *)ds;
	size_t n = ds_fleet_nnotes(ds->fleet);
	if (!ds_fleet_complete(ds->fleet))
		return n;
	pthread_mutex_lock(&m->lock);
	if (m->misfits && !m->note) {
		size_t files = 0;
		for (size_t i = 0; i < ds_fleet_nfiles(ds->fleet); i++)
			files += ds_fleet_file_misfits(ds->fleet, i) > 0;
		size_t first = m->first_misfit;
		pthread_mutex_unlock(&m->lock);
		size_t file = ds_fleet_row_file(ds->fleet, first);
		struct ds_fleet_row r = {0};
		ds_fleet_row(ds->fleet, first, &r);
		char buf[LL_ERR_MSG_MAX];
		snprintf(buf, sizeof buf,
			 "%zu line%s in %zu file%s did not fit their format and keep the stamp before them (first: %s "
			 "line %zu)",
			 m->misfits, m->misfits == 1 ? "" : "s", files, files == 1 ? "" : "s",
			 file < ds_fleet_nfiles(ds->fleet) ? ds_fleet_file_name(ds->fleet, file) : "?", r.line + 1);
		pthread_mutex_lock(&m->lock);
		if (!m->note)
			m->note = strdup(buf); /* without memory the note is simply not shown */
	}
	n += m->note ? 1 : 0;
	pthread_mutex_unlock(&m->lock);
	return n;
}

/* A file read through the line index: its notes in the order shown, into
 * out (room for LAZY_NOTES), how many. The source's note first; the others
 * are written once, before counting_done is released, and shown after. */
#define LAZY_NOTES 8
static size_t lazy_notes(const struct ds_dataset *ds, const char **out)
{
	size_t n = 0;
	if (ds->src && ds->src->note)
		out[n++] = ds->src->note;
	if (!atomic_load_explicit(&((struct ds_dataset *)ds)->counting_done, memory_order_acquire))
		return n;
	const char *const after[] = {ds->note,	       ds->records_note, ds->recpairs_note,
				     ds->markers_note, ds->undated_note, ds->format_note, ds->zone_note};
	for (size_t k = 0; k < sizeof after / sizeof *after; k++)
		if (after[k])
			out[n++] = after[k];
	return n;
}

size_t ds_dataset_nnotes(const struct ds_dataset *ds)
{
	if (ds->table)
		return ll_table_nnotes(ds->table) + (ds->tabtail ? ds_tabtail_nnotes(ds->tabtail) : 0);
	if (ds->fleet)
		return fleet_nnotes(ds);
	const char *notes[LAZY_NOTES];
	return lazy_notes(ds, notes);
}

const char *ds_dataset_note(const struct ds_dataset *ds, size_t i)
{
	if (ds->table) {
		size_t n = ll_table_nnotes(ds->table);
		return i < n ? ll_table_note_text(ds->table, i) : ds->tabtail ? ds_tabtail_note(ds->tabtail, i - n) : NULL;
	}
	if (ds->fleet) {
		if (i >= fleet_nnotes(ds))
			return NULL;
		size_t n = ds_fleet_nnotes(ds->fleet);
		return i < n ? ds_fleet_note(ds->fleet, i) : ds->note;
	}
	const char *notes[LAZY_NOTES];
	return i < lazy_notes(ds, notes) ? notes[i] : NULL;
}

size_t ds_dataset_nrows(const struct ds_dataset *ds)
{
	if (ds->fleet)
		return ds_fleet_nrows(ds->fleet);
	return ds->table ? ll_table_nrows(ds->table) : ds_lineindex_count(ds->ix);
}

/* Complete means rows and label counts are final: callers (info, label
 * journals) wait for this before trusting the counts. */
int ds_dataset_complete(const struct ds_dataset *ds)
{
	if (ds->table)
		return 1;
	if (ds->fleet)
		return ds_fleet_complete(ds->fleet);
	return atomic_load_explicit(&((struct ds_dataset *)ds)->counting_done, memory_order_acquire);
}

void ds_dataset_hold_counting(struct ds_dataset *ds, int hold)
{
	atomic_fetch_add(&ds->hold, hold ? 1 : -1);
}

int ds_dataset_rows_final(const struct ds_dataset *ds)
{
	if (ds->table || ds->fleet || !ds->ix)
		return ds_dataset_complete(ds);
	return ds_lineindex_done(ds->ix);
}

int ds_dataset_shrunk(const struct ds_dataset *ds)
{
	for (const struct tail_map *m = ds->tail_maps; m; m = m->older)
		if (ds_mapguard_shrunk(m->base))
			return 1;
	return ds_source_shrunk(ds->src) || ds_lineindex_shrunk(ds->ix);
}

int ds_dataset_status(const struct ds_dataset *ds, struct ll_err *err)
{
	if (ds_dataset_shrunk(ds))
		return ll_err_set(err, LL_EIO,
				  "%s: the file shrank while it was open (cut short in place, as logrotate's "
				  "copytruncate does): what was past its new end reads as NUL bytes (\\x00); open it again",
				  ds->path);
	if (ds->table || ds->fleet || !ds->ix || !ds_lineindex_done(ds->ix))
		return LL_OK;
	struct ll_err e;
	int rc = ds_lineindex_status(ds->ix, &e);
	return rc == LL_OK ? LL_OK : ll_err_set(err, rc, "%s: %s", ds->path, e.msg);
}

/* Half for the index scan, half for the label count that trails it. */
double ds_dataset_progress(const struct ds_dataset *ds)
{
	if (ds->fleet)
		return ds_fleet_progress(ds->fleet);
	if (ds_dataset_complete(ds) || !ds_lineindex_size(ds->ix))
		return 1.0;
	double scan = (double)ds_lineindex_scanned(ds->ix) / (double)ds_lineindex_size(ds->ix);
	size_t rows = ds_lineindex_count(ds->ix);
	struct ds_dataset *m = (struct ds_dataset *)ds;
	pthread_mutex_lock(&m->lock);
	size_t counted = m->counted;
	pthread_mutex_unlock(&m->lock);
	double count = rows ? scan * (double)counted / (double)rows : 0.0;
	return 0.5 * scan + 0.5 * count;
}

int ds_dataset_is_lines(const struct ds_dataset *ds)
{
	return ds->reader->line != NULL;
}

/* How many columns of pairs a lazy file has: none until counting ends,
 * which settles them. */
static size_t pair_cols(const struct ds_dataset *ds)
{
	if (!ds->pairkeys || !atomic_load_explicit(&((struct ds_dataset *)ds)->counting_done, memory_order_acquire))
		return 0;
	return ds->npaircols;
}

/* The key of lazy column col when it is a column of pairs, else NULL. */
static const struct ds_recpairs_key *pair_key(const struct ds_dataset *ds, size_t col)
{
	if (ds->table || ds->fleet || col <= ds->fmt->nfields || col - 1 - ds->fmt->nfields >= pair_cols(ds))
		return NULL;
	return &ds->pairkeys->k[ds->paircol[col - 1 - ds->fmt->nfields]];
}

size_t ds_dataset_ncols(const struct ds_dataset *ds)
{
	if (ds->fleet)
		return 1 + ds->fmt->nfields + (ds->host_field < 0) + 1;
	return ds->table ? ll_table_ncols(ds->table) : 1 + ds->fmt->nfields + pair_cols(ds);
}

const char *ds_dataset_col_name(const struct ds_dataset *ds, size_t col)
{
	if (ds->table)
		return col < ll_table_ncols(ds->table) ? ll_table_col_name(ds->table, col) : NULL;
	if (col == 0)
		return "line";
	if (ds->fleet && (int)col == ds->file_col)
		return "file";
	if (ds->fleet && (int)col == ds->host_col && ds->host_field < 0)
		return "host";
	const struct ds_recpairs_key *k = pair_key(ds, col);
	if (k)
		return k->colname;
	return col <= ds->fmt->nfields ? ds->fmt->names[col - 1] : NULL;
}

enum ll_coltype ds_dataset_col_type(const struct ds_dataset *ds, size_t col)
{
	if (ds->table)
		return col < ll_table_ncols(ds->table) ? ll_table_col_type(ds->table, col) : LL_COL_TEXT;
	const struct ds_recpairs_key *k = pair_key(ds, col);
	if (k)
		return ds_recpairs_key_type(k);
	return col >= 1 && col <= ds->fmt->nfields ? ds->fmt->types[col - 1] : LL_COL_TEXT;
}

static int time_field_of(const struct ds_line_format *fmt)
{
	for (size_t k = 0; k < fmt->nfields; k++)
		if (fmt->types[k] == LL_COL_TIME)
			return (int)k;
	return -1;
}

/* A fleet file of another format than the fleet's: its fields moved to
 * the fleet's by name (the time field by type, the message field when no
 * name matches it), so columns mean the same thing on every row. */
static void map_fields(struct ds_dataset *ds, const struct ds_line_format *from, const struct ds_span *f)
{
	int from_time = time_field_of(from), to_time = time_field_of(ds->fmt);
	for (size_t k = 0; k < ds->fmt->nfields; k++) {
		ds->fields[k].off = ds->fields[k].len = 0;
		int src = -1;
		for (size_t j = 0; j < from->nfields && src < 0; j++)
			if (strcasecmp(from->names[j], ds->fmt->names[k]) == 0)
				src = (int)j;
		if (src < 0 && (int)k == to_time)
			src = from_time;
		if (src < 0 && (int)k == ds->fmt->message_field)
			src = from->message_field;
		if (src >= 0)
			ds->fields[k] = f[src];
	}
}

/* A fleet row into the cache. */
static int split_fleet_row(struct ds_dataset *ds, size_t row)
{
	struct ds_fleet_row r;
	if (!ds_fleet_row(ds->fleet, row, &r))
		return 0;
	const struct ds_reader *rd = ds_fleet_file_reader(ds->fleet, r.file);
	const struct ds_line_format *fmt = rd && rd->line ? rd->line : ds->fmt;
	ds->split_line = r.text;
	ds->split_len = r.len;
	ds->split_file = r.file;
	ds->split_host = r.host;
	ds->split_year = r.year;
	ds->split_fmt = fmt;
	ds->label.off = ds->label.len = 0;
	if (fmt == ds->fmt) {
		ds->split_ok = ds_line_split(fmt, r.text, r.len, ds->fields, &ds->label);
	} else {
		struct ds_span f[DS_MAX_FIELDS];
		ds->split_ok = fmt->nfields <= DS_MAX_FIELDS && ds_line_split(fmt, r.text, r.len, f, &ds->label);
		if (ds->split_ok)
			map_fields(ds, fmt, f);
	}
	return 1;
}

/* The head of the record that row (a line that does not fit) continues:
 * the nearest row above that fits, at most DS_RECORD_MAX_LINES up, as
 * the loaded path finds it. With run (the UI thread's), rows known not to
 * fit are skipped and those walked are added to it. */
static int find_head(const struct ds_dataset *ds, size_t row, size_t *run_lo, size_t *run_hi, int *run_valid,
		     size_t *head)
{
	size_t limit = row > DS_RECORD_MAX_LINES ? row - DS_RECORD_MAX_LINES : 0;
	size_t k = row; /* rows k..row do not fit */
	int found = 0;
	/* once the counter has passed the row's block, its mark says which
	 * row before the block fits last: no walk goes past the block start */
	size_t block = row / YEAR_BLOCK, start = block * YEAR_BLOCK, marked = SIZE_MAX;
	int known = 0;
	pthread_mutex_lock((pthread_mutex_t *)&ds->lock);
	if (block < ds->nmarks) {
		known = 1;
		marked = ds->marks[block].last_fit;
	}
	pthread_mutex_unlock((pthread_mutex_t *)&ds->lock);
	struct ds_span fields[DS_MAX_FIELDS], label;
	while (k > limit) {
		size_t j = k - 1;
		if (known && k == start) {
			if (marked != SIZE_MAX && marked >= limit) {
				*head = marked;
				found = 1;
			}
			/* and the rows between do not fit */
			k = marked == SIZE_MAX ? 0 : marked + 1;
			break;
		}
		if (run_valid && *run_valid && j >= *run_lo && j <= *run_hi) {
			k = *run_lo;
			continue;
		}
		const char *line;
		size_t len;
		if (!ds_lineindex_line(ds->ix, j, &line, &len))
			break;
		if (ds_line_split(ds->fmt, line, len, fields, &label)) {
			*head = j;
			found = 1;
			break;
		}
		k = j;
	}
	if (run_valid) {
		if (*run_valid && k <= *run_hi + 1 && row + 1 >= *run_lo) {
			*run_lo = k < *run_lo ? k : *run_lo;
			*run_hi = row > *run_hi ? row : *run_hi;
		} else {
			*run_lo = k;
			*run_hi = row;
			*run_valid = 1;
		}
	}
	return found;
}

/* The level word opening the line below head row `head` (the format's
 * level_below), when that line is no head; 0 when there is none. */
static int level_below(const struct ds_dataset *ds, size_t head, const char **s, size_t *n)
{
	const char *line;
	size_t len;
	struct ds_span fields[DS_MAX_FIELDS], label, level, rest;
	if (!ds_lineindex_line(ds->ix, head + 1, &line, &len) || ds_line_split(ds->fmt, line, len, fields, &label) ||
	    !ds_line_level_line(ds->fmt, line, len, &level, &rest))
		return 0;
	*s = line + level.off;
	*n = level.len;
	return 1;
}

/* The values of the record whose head is row `head`, as the loaded path
 * gives them to its rows: the first each key takes on the record's
 * continuation lines, the rows below the head up to the next that fits,
 * at most DS_RECORD_MAX_LINES on (blank lines and markers are none).
 * Stops once every key has its value. */
static void record_values(const struct ds_dataset *ds, size_t head, struct ds_recpairs_values *v)
{
	ds_recpairs_values_clear(v);
	struct ds_span fields[DS_MAX_FIELDS], label;
	for (size_t r = head + 1; r - head <= DS_RECORD_MAX_LINES && v->nset < ds->pairkeys->n; r++) {
		const char *line;
		size_t len;
		if (!ds_lineindex_line(ds->ix, r, &line, &len) || ds_line_split(ds->fmt, line, len, fields, &label))
			break;
		if (!only_blanks(line, len) && !ds_line_marker(line, len) && !own_stamp(ds->fmt, line, len, NULL))
			ds_recpairs_values_add(ds->pairkeys, v, line, len, r);
	}
}

/* Value j of record values v: its span of the file's own memory. */
static int record_value(const struct ds_dataset *ds, const struct ds_recpairs_values *v, size_t j, const char **s,
			size_t *n)
{
	const char *line;
	size_t len;
	if (!v->set[j] || !ds_lineindex_line(ds->ix, v->at[j], &line, &len))
		return 0;
	*s = line + v->span[j].off;
	*n = v->span[j].len;
	return 1;
}

/* Splits a lazy row into the cache; 0 when the row is not known yet. */
static int split_row(struct ds_dataset *ds, size_t row)
{
	if (ds->split_valid && ds->split_row == row)
		return 1;
	ds->split_cont = 0;
	if (ds->fleet) {
		if (!split_fleet_row(ds, row))
			return 0;
	} else {
		if (!ds_lineindex_line(ds->ix, row, &ds->split_line, &ds->split_len))
			return 0;
		ds->label.off = ds->label.len = 0;
		ds->split_ok = ds_line_split(ds->fmt, ds->split_line, ds->split_len, ds->fields, &ds->label);
		ds->split_fmt = ds->fmt;
		ds->split_year = 0;
		size_t head, hlen;
		if (!ds->split_ok && ds->records && !only_blanks(ds->split_line, ds->split_len) &&
		    !ds_line_marker(ds->split_line, ds->split_len) && !own_stamp(ds->fmt, ds->split_line, ds->split_len, NULL) &&
		    find_head(ds, row, &ds->run_lo, &ds->run_hi, &ds->run_valid, &head) &&
		    ds_lineindex_line(ds->ix, head, &ds->head_line, &hlen) &&
		    ds_line_split(ds->fmt, ds->head_line, hlen, ds->fields, &ds->label)) {
			/* labels are the line's own */
			ds->label.off = ds->label.len = 0;
			ds->split_ok = 1;
			ds->split_cont = 1;
			ds->split_head = head;
		}
	}
	ds->split_row = row;
	ds->split_valid = 1;
	return 1;
}

/* Time field f (s, n) of lazy row `row` (split in ds->fields) in its year
 * context. Until the counter has passed the row's block the context is not
 * known and the dataset's year is used; a block with no context at its
 * start and no dated stamp inside has none to give. Else the context is
 * rebuilt from the block's mark, or from where the last call got to. */
static int lazy_time(struct ds_dataset *ds, size_t row, const char *line, size_t f, const char *s, size_t n,
		     double *v)
{
	size_t block = row / YEAR_BLOCK;
	struct year_mark m = {{0}, 0, SIZE_MAX};
	pthread_mutex_lock(&ds->lock);
	int known = block < ds->nmarks;
	if (known)
		m = ds->marks[block];
	pthread_mutex_unlock(&ds->lock);
	if (!known || (!m.at_start.have && !m.at_start.shift && !m.dated_inside))
		return ds_line_parse_time(ds->fmt, f, s, n, ds->year, v);
	if (!ds->yc_valid || ds->yc_row > row || ds->yc_row / YEAR_BLOCK != block) {
		ds->yc = m.at_start;
		ds->yc_row = block * YEAR_BLOCK;
		ds->yc_valid = 1;
	}
	struct ds_span fields[DS_MAX_FIELDS], label;
	for (; ds->yc_row < row; ds->yc_row++) {
		const char *l;
		size_t len;
		if (ds_lineindex_line(ds->ix, ds->yc_row, &l, &len) && ds_line_split(ds->fmt, l, len, fields, &label))
			line_times(ds, l, fields, ds->fmt->nfields, &ds->yc, NULL, NULL);
	}
	/* the row's own earlier time fields come first, as in the loaded path */
	struct ds_year_ctx yc = ds->yc;
	line_times(ds, line, ds->fields, f, &yc, NULL, NULL);
	return ds_parse_time_in_context(ds->fmt, f, s, n, ds->year, &yc, v);
}

/* Copies n bytes into buf like snprintf would; returns n. */
static size_t put(char *buf, size_t cap, const char *s, size_t n)
{
	if (cap) {
		size_t k = n < cap - 1 ? n : cap - 1;
		memcpy(buf, s, k);
		buf[k] = '\0';
	}
	return n;
}

/* A lazy cell of a column of pairs: the value its record's lines write,
 * for the record's head and its continuation lines (split_row knows
 * them); the values of the last record read are kept for its next rows. */
static size_t pair_cell(struct ds_dataset *ds, size_t row, const struct ds_recpairs_key *k, char *buf, size_t cap)
{
	if (!split_row(ds, row) || !ds->split_ok)
		return put(buf, cap, "", 0);
	size_t head = ds->split_cont ? ds->split_head : row;
	if (!ds->pv_valid || ds->pv_head != head) {
		record_values(ds, head, &ds->pv);
		ds->pv_head = head;
		ds->pv_valid = 1;
	}
	const char *s;
	size_t n;
	if (!record_value(ds, &ds->pv, (size_t)(k - ds->pairkeys->k), &s, &n))
		return put(buf, cap, "", 0);
	if (ds_recpairs_key_type(k) == LL_COL_TEXT)
		return put(buf, cap, s, n);
	double v;
	/* NaN is how the loaded table stores a missing value. */
	if (!ds_recpairs_key_number(k, s, n, &v) || isnan(v))
		return put(buf, cap, "", 0);
	return (size_t)snprintf(buf, cap, "%.10g", v);
}

/* Number or time field f of lazy row `row` as its cell shows it: 1 and
 * *v, or 0 for an empty cell. A line the format does not fit has only a
 * stamp of its own, if any; a continuation's fields are its head's, read
 * as the head's row (its year context). */
static int lazy_field_value(struct ds_dataset *ds, size_t row, size_t f, double *v)
{
	if (!split_row(ds, row))
		return 0;
	if (!ds->split_ok || (ds->split_cont && f == (size_t)ds->fmt->message_field)) {
		double own;
		if (!ds->split_ok && (int)f == ds_line_time_field(ds->split_fmt) &&
		    own_stamp(ds->split_fmt, ds->split_line, ds->split_len, &own) && !isnan(own)) {
			*v = own;
			return 1;
		}
		return 0;
	}
	const char *line = ds->split_cont ? ds->head_line : ds->split_line;
	size_t at = ds->split_cont ? ds->split_head : row;
	const char *s = line + ds->fields[f].off;
	size_t n = ds->fields[f].len;
	int ok = 0;
	if (n == 0)
		ok = 0;
	else if (ds->fmt->types[f] == LL_COL_NUM)
		ok = ds_line_field_number(ds->fmt, f, s, n, v);
	else if (!ds->fleet)
		ok = lazy_time(ds, at, line, f, s, n, v);
	else
		ok = ds_line_parse_time(ds->split_fmt, f, s, n, ds->split_year ? ds->split_year : ds->year, v);
	/* NaN is how the loaded table stores a missing value. */
	return ok && !isnan(*v);
}

size_t ds_dataset_cell(struct ds_dataset *ds, size_t row, size_t col, char *buf, size_t cap)
{
	if (ds->table)
		return ll_table_format_cell(ds->table, row, col, buf, cap);
	const struct ds_recpairs_key *k = pair_key(ds, col);
	if (k)
		return pair_cell(ds, row, k, buf, cap);
	if (ds->fleet && ((int)col == ds->host_col || (int)col == ds->file_col)) {
		if (!split_row(ds, row))
			return put(buf, cap, "", 0);
		const char *s = (int)col == ds->file_col ? ds_fleet_file_name(ds->fleet, ds->split_file)
							 : ds_fleet_host_name(ds->fleet, ds->split_host);
		return put(buf, cap, s ? s : "", s ? strlen(s) : 0);
	}
	if (col > ds->fmt->nfields)
		return put(buf, cap, "", 0);
	if (col > 0 && ds->fmt->types[col - 1] != LL_COL_TEXT) {
		double v;
		if (!lazy_field_value(ds, row, col - 1, &v))
			return put(buf, cap, "", 0);
		if (ds->fmt->types[col - 1] == LL_COL_TIME)
			return ll_time_format(v, buf, cap);
		return (size_t)snprintf(buf, cap, "%.10g", v);
	}
	if (!split_row(ds, row))
		return put(buf, cap, "", 0);
	if (col == 0) {
		if (ds->split_ok && !ds->split_cont && ds->split_fmt->text_is_message) {
			const struct ds_span *m = &ds->fields[ds->fmt->message_field];
			return put(buf, cap, ds->split_line + m->off, m->len);
		}
		return put(buf, cap, ds->split_line, ds->split_len);
	}
	size_t f = col - 1;
	if (!ds->split_ok || (ds->split_cont && f == (size_t)ds->fmt->message_field)) {
		if (f != (size_t)ds->fmt->message_field)
			return put(buf, cap, "", 0);
		struct ds_span level, rest = {0, ds->split_len};
		if (!ds->fleet)
			ds_line_level_line(ds->fmt, ds->split_line, ds->split_len, &level, &rest);
		return put(buf, cap, ds->split_line + rest.off, rest.len);
	}
	if (!ds->fleet && ds->fmt->level_below && f + 1 == ds->fmt->level_below) {
		const char *s;
		size_t n;
		if (!level_below(ds, ds->split_cont ? ds->split_head : row, &s, &n))
			n = 0;
		return put(buf, cap, n ? s : "", n);
	}
	/* a continuation's fields are its head's */
	const char *line = ds->split_cont ? ds->head_line : ds->split_line;
	return put(buf, cap, line + ds->fields[f].off, ds->fields[f].len);
}

int ds_dataset_text_span(const struct ds_dataset *ds, size_t row, size_t col, const char **s, size_t *len)
{
	if (ds->table) {
		if (row >= ll_table_nrows(ds->table) || col >= ll_table_ncols(ds->table) ||
		    ll_table_col_type(ds->table, col) != LL_COL_TEXT)
			return 0;
		const char *t = ll_table_text(ds->table, row, col);
		*s = t;
		*len = t ? strlen(t) : 0;
		return 1;
	}
	/* a fleet's rows are found by walking the merge under a lock, and split
	 * with each file's own format: not spans callers may share between
	 * threads; they read cells instead */
	if (ds->fleet)
		return 0;
	const char *line;
	size_t n;
	if (!ds_lineindex_line(ds->ix, row, &line, &n))
		return 0;
	struct ds_span fields[DS_MAX_FIELDS], label;
	size_t head;
	const struct ds_recpairs_key *k = pair_key(ds, col);
	if (k) {
		if (ds_recpairs_key_type(k) != LL_COL_TEXT)
			return 0;
		*s = line;
		*len = 0;
		/* the record's head: the row, or the one it continues */
		if (ds_line_split(ds->fmt, line, n, fields, &label))
			head = row;
		else if (only_blanks(line, n) || ds_line_marker(line, n) || own_stamp(ds->fmt, line, n, NULL) ||
			 !find_head(ds, row, NULL, NULL, NULL, &head))
			return 1;
		/* each thread keeps the last record it read: rows are mostly
		 * asked for in order, and a record may be thousands of lines */
		static _Thread_local struct {
			unsigned long serial;
			size_t head;
			struct ds_recpairs_values v;
		} last;
		if (last.serial != ds->serial || last.head != head) {
			record_values(ds, head, &last.v);
			last.serial = ds->serial;
			last.head = head;
		}
		record_value(ds, &last.v, (size_t)(k - ds->pairkeys->k), s, len);
		return 1;
	}
	/* a level written below the head is in the line after the head's */
	if (ds->fmt->level_below && col == ds->fmt->level_below && !only_blanks(line, n)) {
		if (ds_line_split(ds->fmt, line, n, fields, &label))
			head = row;
		else if (!ds->records || ds_line_marker(line, n) || own_stamp(ds->fmt, line, n, NULL) ||
			 !find_head(ds, row, NULL, NULL, NULL, &head))
			return 0;
		if (!level_below(ds, head, s, len)) {
			*s = line;
			*len = 0;
		}
		return 1;
	}
	/* a continuation's header fields are in its head's line */
	if (ds->records && col > 0 && col - 1 != (size_t)ds->fmt->message_field && col <= ds->fmt->nfields &&
	    !only_blanks(line, n) && !ds_line_split(ds->fmt, line, n, fields, &label) && !ds_line_marker(line, n) &&
	    !own_stamp(ds->fmt, line, n, NULL) && find_head(ds, row, NULL, NULL, NULL, &head) &&
	    !ds_lineindex_line(ds->ix, head, &line, &n))
		return 0;
	return ds_dataset_line_span(ds, line, n, col, s, len);
}

const struct ds_lineindex *ds_dataset_lineindex(const struct ds_dataset *ds)
{
	return ds->table || ds->fleet ? NULL : ds->ix;
}

const struct ds_source *ds_dataset_source(const struct ds_dataset *ds)
{
	return ds->table || ds->fleet ? NULL : ds->src;
}

int ds_dataset_line_span(const struct ds_dataset *ds, const char *line, size_t n, size_t col, const char **s,
			 size_t *len)
{
	if (ds->table || ds->fleet || col > ds->fmt->nfields || (col > 0 && ds->fmt->types[col - 1] != LL_COL_TEXT))
		return 0;
	/* the text templates are mined from, defined once for every miner */
	if (col > 0 && col - 1 == (size_t)ds->fmt->message_field) {
		ds_line_message(ds->fmt, line, n, s, len);
		return 1;
	}
	struct ds_span fields[DS_MAX_FIELDS], label = {0, 0};
	int ok = ds_line_split(ds->fmt, line, n, fields, &label);
	const struct ds_span *msg = &fields[ds->fmt->message_field];
	if (col == 0) {
		/* the row's text, as ds_dataset_cell gives it */
		*s = ok && ds->fmt->text_is_message ? line + msg->off : line;
		*len = ok && ds->fmt->text_is_message ? msg->len : n;
	} else if (!ok) {
		/* a line that does not fit keeps it all in the message */
		*s = line;
		*len = col - 1 == (size_t)ds->fmt->message_field ? n : 0;
	} else {
		*s = line + fields[col - 1].off;
		*len = fields[col - 1].len;
	}
	return 1;
}

int ds_dataset_row_text_span(const struct ds_dataset *ds, size_t row, const char **s, size_t *len)
{
	/* ds_dataset_cell's column 0 is the index's line whole, or the
	 * message when the format's text is its message and the line splits
	 * (a continuation joined to its head, split_cont, keeps its line
	 * whole, as a line that does not split does): both are a span of the
	 * line that ds_dataset_line_span's column 0 finds the same way */
	if (ds->table || ds->fleet || !ds->ix || !ds_dataset_is_lines(ds))
		return 0;
	const char *line;
	size_t n;
	if (!ds_lineindex_line(ds->ix, row, &line, &n)) {
		*s = "";
		*len = 0;
		return 1;
	}
	if (!ds->fmt->text_is_message) {
		*s = line;
		*len = n;
		return 1;
	}
	return ds_dataset_line_span(ds, line, n, 0, s, len);
}

size_t ds_dataset_row_text(struct ds_dataset *ds, size_t row, char *buf, size_t cap)
{
	if (ds_dataset_is_lines(ds))
		return ds_dataset_cell(ds, row, 0, buf, cap);
	if (cap)
		buf[0] = '\0';
	size_t used = 0, ncols = ds_dataset_ncols(ds);
	/* a fleet of tables: the row as its own file has it */
	const size_t *own = NULL;
	if (ds->tables)
		own = ds_fleet_tables_file_columns(ds->tables, ds_fleet_tables_row_file(ds->tables, row), &ncols);
	for (size_t k = 0; k < ncols; k++) {
		size_t c = own ? own[k] : k;
		if (k) {
			if (used + 2 < cap)
				memcpy(buf + used, "  ", 3);
			else if (used < cap)
				put(buf + used, cap - used, "  ", 2);
			used += 2;
		}
		used += ds_dataset_cell(ds, row, c, used < cap ? buf + used : NULL, used < cap ? cap - used : 0);
	}
	return used;
}

int ds_dataset_label(struct ds_dataset *ds, size_t row)
{
	if (ds->table)
		return row < ll_table_nrows(ds->table) ? ll_table_label(ds->table, row) : LL_NO_LABEL;
	if (ds->rowclass)
		return row < ds->nrowclass ? ds->rowclass[row] : LL_NO_LABEL;
	if (!split_row(ds, row) || !ds->split_ok || !ds->label.len)
		return LL_NO_LABEL;
	pthread_mutex_lock(&ds->lock);
	int cls = class_of_label(ds, ds->split_line + ds->label.off, ds->label.len);
	pthread_mutex_unlock(&ds->lock);
	return cls < 0 ? LL_NO_LABEL : cls;
}

size_t ds_dataset_nclasses(const struct ds_dataset *ds)
{
	if (ds->table)
		return ll_table_nclasses(ds->table);
	struct ds_dataset *m = (struct ds_dataset *)ds;
	pthread_mutex_lock(&m->lock);
	size_t n = m->classes.n;
	m->nclasses_reported = n;
	pthread_mutex_unlock(&m->lock);
	return n;
}

const char *ds_dataset_class_name(const struct ds_dataset *ds, size_t cls)
{
	if (ds->table)
		return cls < ll_table_nclasses(ds->table) ? ll_table_class_name(ds->table, cls) : NULL;
	struct ds_dataset *m = (struct ds_dataset *)ds;
	pthread_mutex_lock(&m->lock);
	const char *name = cls < m->classes.n ? ll_names_get(&m->classes, cls) : NULL;
	pthread_mutex_unlock(&m->lock);
	return name;
}

void ds_dataset_label_counts(struct ds_dataset *ds, size_t *counts, size_t *unlabelled)
{
	if (ds->table) {
		ll_table_label_counts(ds->table, counts, unlabelled);
		return;
	}
	pthread_mutex_lock(&ds->lock);
	size_t n = ds->classes.n < ds->nclasses_reported ? ds->classes.n : ds->nclasses_reported;
	for (size_t k = 0; k < n; k++)
		counts[k] = ds->counts[k];
	if (unlabelled)
		*unlabelled = ds->unlabelled;
	pthread_mutex_unlock(&ds->lock);
}

const struct ll_table *ds_dataset_table(const struct ds_dataset *ds)
{
	return ds->table;
}

/* Which time field of a log read lazily is its clock, counting time
 * fields from 0, as ll_table_clock picks a table's: the first, unless it
 * has one time on every row under a name that is no record's time; then a
 * later one so named whose times vary, else the first later one whose
 * times vary. Under ds->lock, once counting is complete (the ranges it
 * compares are the counter's). */
static size_t lazy_clock_nth(const struct ds_dataset *ds)
{
	size_t nth = 0;
	int named_first = 0, pick = -1, varying = -1;
	for (size_t k = 0; k < ds->fmt->nfields && nth <= LATER_CLOCKS && pick < 0; k++) {
		if (ds->fmt->types[k] != LL_COL_TIME)
			continue;
		int named = ll_table_clock_name(ds->fmt->names[k]);
		if (nth == 0) {
			named_first = named;
		} else if (ds->later_lo[nth - 1] < ds->later_hi[nth - 1]) {
			if (named)
				pick = (int)nth;
			else if (varying < 0)
				varying = (int)nth;
		}
		nth++;
	}
	if (pick < 0)
		pick = varying;
	return !named_first && !(ds->tmin < ds->tmax) && pick > 0 ? (size_t)pick : 0;
}

/* The column of the dataset's clock: a loaded table's (ll_table_clock; a
 * fleet of tables' rows use their own file's first time column instead),
 * else 1 + the clock's field; -1 when there is none. */
static int find_clock_column(struct ds_dataset *ds, int complete)
{
	if (ds->table)
		return ll_table_clock(ds->table, -1);
	size_t nth = 0;
	if (!ds->fleet && complete) {
		pthread_mutex_lock(&ds->lock);
		nth = lazy_clock_nth(ds);
		pthread_mutex_unlock(&ds->lock);
	}
	for (size_t k = 0; k < ds->fmt->nfields; k++)
		if (ds->fmt->types[k] == LL_COL_TIME && nth-- == 0)
			return (int)k + 1;
	return -1;
}

static int clock_column(struct ds_dataset *ds)
{
	size_t rows = ds_dataset_nrows(ds);
	int complete = ds_dataset_complete(ds);
	if (!ds->clock_known || ds->clock_rows != rows || ds->clock_complete != complete) {
		ds->clock_col = find_clock_column(ds, complete);
		ds->clock_rows = rows;
		ds->clock_complete = complete;
		ds->clock_known = 1;
	}
	return ds->clock_col;
}

int ds_dataset_timed(struct ds_dataset *ds)
{
	if (ds->tables)
		return ds_fleet_tables_timed(ds->tables);
	return clock_column(ds) >= 0;
}

int ds_dataset_row_time(struct ds_dataset *ds, size_t row, double *t)
{
	*t = NAN;
	if (row >= ds_dataset_nrows(ds))
		return 0;
	if (ds->tables) {
		/* the merge's own key: the row's file's clock */
		int c = ds_fleet_tables_file_clock(ds->tables, ds_fleet_tables_row_file(ds->tables, row));
		if (c >= 0)
			*t = ll_table_num(ds->table, row, (size_t)c);
		return !isnan(*t);
	}
	int col = clock_column(ds);
	if (col < 0)
		return 0;
	if (ds->table)
		*t = ll_table_num(ds->table, row, (size_t)col);
	else if (!lazy_field_value(ds, row, (size_t)col - 1, t))
		*t = NAN;
	return !isnan(*t);
}

int ds_dataset_time_range(struct ds_dataset *ds, double *lo, double *hi)
{
	*lo = *hi = NAN;
	/* a fleet of tables: its files' time columns, whatever their names */
	for (size_t i = 0; ds->tables && i < ds_fleet_tables_nfiles(ds->tables); i++) {
		double a, b;
		ds_fleet_tables_file_time_range(ds->tables, i, &a, &b);
		if (!isnan(a) && (isnan(*lo) || a < *lo))
			*lo = a;
		if (!isnan(b) && (isnan(*hi) || b > *hi))
			*hi = b;
	}
	if (ds->table && !ds->tables) {
		const struct ll_table *t = ds->table;
		int clock = clock_column(ds);
		const double *v = clock >= 0 ? ll_table_column_data(t, (size_t)clock) : NULL;
		for (size_t i = 0; v && i < ll_table_nrows(t); i++) {
			if (isnan(v[i]))
				continue;
			if (isnan(*lo) || v[i] < *lo)
				*lo = v[i];
			if (isnan(*hi) || v[i] > *hi)
				*hi = v[i];
		}
	} else if (!ds->tables && ds_dataset_complete(ds)) {
		pthread_mutex_lock(&ds->lock);
		*lo = ds->tmin;
		*hi = ds->tmax;
		size_t nth = lazy_clock_nth(ds);
		if (nth > 0) {
			*lo = ds->later_lo[nth - 1];
			*hi = ds->later_hi[nth - 1];
		}
		pthread_mutex_unlock(&ds->lock);
	}
	return !isnan(*lo);
}

/* ---- fleets ---- */

struct ds_fleet *ds_dataset_fleet(const struct ds_dataset *ds)
{
	return ds->fleet;
}

const struct ds_fleet_tables *ds_dataset_fleet_tables(const struct ds_dataset *ds)
{
	return ds->tables;
}

int ds_dataset_is_fleet(const struct ds_dataset *ds)
{
	return ds->fleet || ds->tables;
}

size_t ds_dataset_nfiles(const struct ds_dataset *ds)
{
	if (ds->tables)
		return ds_fleet_tables_nfiles(ds->tables);
	return ds->fleet ? ds_fleet_nfiles(ds->fleet) : 1;
}

size_t ds_dataset_file_rows(const struct ds_dataset *ds, size_t i)
{
	if (ds->tables)
		return ds_fleet_tables_file_rows(ds->tables, i);
	if (ds->fleet)
		return ds_fleet_file_rows(ds->fleet, i);
	return i == 0 ? ds_dataset_nrows(ds) : 0;
}

const char *ds_dataset_file_name(const struct ds_dataset *ds, size_t i)
{
	if (ds->tables)
		return ds_fleet_tables_file_name(ds->tables, i);
	if (ds->fleet)
		return ds_fleet_file_name(ds->fleet, i);
	return i == 0 ? ds->path : NULL;
}

const char *ds_dataset_file_path(const struct ds_dataset *ds, size_t i)
{
	if (ds->tables)
		return ds_fleet_tables_file_path(ds->tables, i);
	if (ds->fleet)
		return ds_fleet_file_path(ds->fleet, i);
	return i == 0 ? ds->path : NULL;
}

size_t ds_dataset_row_file(const struct ds_dataset *ds, size_t row)
{
	if (ds->tables)
		return ds_fleet_tables_row_file(ds->tables, row);
	return ds->fleet ? ds_fleet_row_file(ds->fleet, row) : 0;
}

size_t ds_dataset_row_line(struct ds_dataset *ds, size_t row)
{
	if (ds->tables)
		return ds_fleet_tables_row_line(ds->tables, row);
	if (!ds->fleet)
		return row;
	struct ds_fleet_row r;
	return ds_fleet_row(ds->fleet, row, &r) ? r.line : SIZE_MAX;
}

size_t ds_dataset_nhosts(const struct ds_dataset *ds)
{
	if (ds->tables)
		return ds_fleet_tables_nhosts(ds->tables);
	return ds->fleet ? ds_fleet_nhosts(ds->fleet) : 0;
}

const char *ds_dataset_host_name(const struct ds_dataset *ds, size_t host)
{
	if (ds->tables)
		return ds_fleet_tables_host_name(ds->tables, host);
	return ds->fleet ? ds_fleet_host_name(ds->fleet, host) : NULL;
}

size_t ds_dataset_row_host(const struct ds_dataset *ds, size_t row)
{
	if (ds->tables)
		return ds_fleet_tables_row_host(ds->tables, row);
	return ds->fleet ? ds_fleet_row_host(ds->fleet, row) : SIZE_MAX;
}

int ds_dataset_host_column(const struct ds_dataset *ds)
{
	return ds_dataset_is_fleet(ds) ? ds->host_col : -1;
}

int ds_dataset_file_column(const struct ds_dataset *ds)
{
	return ds_dataset_is_fleet(ds) ? ds->file_col : -1;
}

/* New lines are taken in batches of TAIL_BATCH_BYTES for at most about
 * TAIL_SLICE_MS a refresh: a burst of lines (a log flushed at once, a
 * copy appended) joins over a few refreshes in a row (ds_dataset_tail_more)
 * while the screen keeps answering keys, rather than in one long stall. */
#define TAIL_BATCH_BYTES ((size_t)1 << 20)
/* A large log's new lines are also counted as they join (a split a line):
 * smaller batches keep its refreshes near the slice too. */
#define TAIL_BATCH_BYTES_INDEXED ((size_t)256 << 10)
#define TAIL_SLICE_MS 40.0
/* Address space a large log's new mapping keeps past its end for what is
 * appended next (at least; a quarter of the file when more). */
#define TAIL_MAP_ROOM ((uint64_t)64 << 20)

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A large log that could not be followed (its file was not found again
 * as the one read): says so once it grew, or was rotated. */
static void watch_large(struct ds_dataset *ds)
{
	struct stat st;
	int there = stat(ds->path, &st) == 0;
	if (there && st.st_dev == ds->watch_dev && st.st_ino == ds->watch_ino && st.st_size <= ds->watch_size)
		return; /* the same, or shrunk: ds_mapguard's SHRANK says that */
	if (!there || st.st_dev != ds->watch_dev || st.st_ino != ds->watch_ino) {
		ds->tail = DS_TAIL_ROTATED;
		snprintf(ds->tail_note, sizeof ds->tail_note,
			 "%.700s was rotated (another file or none is at its path): its %zu lines read stay, and their "
			 "labels",
			 ds->path, ds_lineindex_count(ds->ix));
		return;
	}
	ds->tail = DS_TAIL_GREW;
	snprintf(ds->tail_note, sizeof ds->tail_note,
		 "%.700s grew by %lld bytes since it was opened: it could not be followed (the file was not "
		 "found again as the one read)",
		 ds->path, (long long)(st.st_size - ds->watch_size));
}

/* A mapping of the followed file from offset 0 holding at least its
 * first need bytes, with room to grow; the index's data[0] in it. */
static const char *map_more(struct ds_dataset *ds, uint64_t need, struct ll_err *err)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t extra = need / 4 > TAIL_MAP_ROOM ? need / 4 : TAIL_MAP_ROOM, p = page > 0 ? (uint64_t)page : 4096;
	uint64_t len = (need + extra + p - 1) / p * p;
	if (len > SIZE_MAX) {
		ll_err_set(err, LL_EIO, "%s is too large to map on this system", ds->path);
		return NULL;
	}
	struct tail_map *m = malloc(sizeof *m);
	void *b = m ? mmap(NULL, (size_t)len, PROT_READ, MAP_SHARED, ds->tail_fd, 0) : MAP_FAILED;
	if (b == MAP_FAILED) {
		free(m);
		ll_err_set(err, LL_ENOMEM, "%s: cannot map its new lines", ds->path);
		return NULL;
	}
	ds_mapguard_add(b, (size_t)len);
	m->base = b;
	m->len = (size_t)len;
	m->older = ds->tail_maps;
	ds->tail_maps = m;
	ds->covered = len;
	return (const char *)b + ds->src_base;
}

/* The new lines of a followed large log, bytes[0, n) ending at the file
 * offset `upto`, join the index; the counts and notes take them in. */
static int append_large(struct ds_dataset *ds, const char *bytes, size_t n, uint64_t upto, size_t *added,
			struct ll_err *err)
{
	const char *data = NULL;
	if (upto > ds->covered && !(data = map_more(ds, upto, err)))
		return err->code;
	int rc = ds_lineindex_append(ds->ix, data, upto - n - ds->src_base, bytes, n, added, err);
	if (rc != LL_OK)
		return rc;
	/* the rows' text moved on: the UI thread's caches of rows near the end */
	ds->split_valid = 0;
	ds->pv_valid = 0;
	for (size_t avail = ds_lineindex_count(ds->ix); ds->count_row < avail;) {
		size_t nb = avail - ds->count_row < COUNT_BATCH ? avail - ds->count_row : COUNT_BATCH;
		if (!count_batch(ds, NULL, nb))
			return ll_err_set(err, LL_ENOMEM, "out of memory counting the new lines");
	}
	pthread_mutex_lock(&ds->lock);
	count_notes(ds);
	pthread_mutex_unlock(&ds->lock);
	return LL_OK;
}

static size_t refresh_single(struct ds_dataset *ds)
{
	if (ds->tail == DS_TAIL_LARGE && ds_dataset_complete(ds))
		watch_large(ds);
	if (ds->tail != DS_TAIL_FOLLOWING)
		return 0;
	if (ds->ix) {
		/* the counter thread owns the counts until it is done */
		if (!ds_dataset_complete(ds))
			return 0;
		struct ll_err ixe;
		if (ds->oom || ds_lineindex_status(ds->ix, &ixe) != LL_OK) {
			ds->tail = DS_TAIL_STOPPED;
			snprintf(ds->tail_note, sizeof ds->tail_note, "no longer followed: %.700s could not be read whole",
				 ds->path);
			return 0;
		}
		if (!ds->large_ready) {
			size_t rows = ds_lineindex_count(ds->ix);
			uint64_t done = ds->src_base + ds_lineindex_end(ds->ix);
			int fd = ds->follow_fd;
			ds->follow_fd = -1;
			if (ds_follow_open(&ds->follow, fd, ds->path, done, &ixe) != LL_OK) {
				ds->tail = DS_TAIL_STOPPED;
				snprintf(ds->tail_note, sizeof ds->tail_note, "no longer followed: %.900s", ixe.msg);
				return 0;
			}
			ds->large_ready = 1;
			if (done < ds->opened_end && rows)
				ds->growing_row = rows - 1;
		}
	}
	const char *bytes;
	size_t n, added = 0;
	int more = 1;
	struct ll_err e;
	ll_err_clear(&e);
	double start = mono_ms();
	for (int batch = 0; more && (batch == 0 || mono_ms() - start < TAIL_SLICE_MS); batch++) {
		/* a table's rows are read in smaller batches too: a record costs
		 * more than a line */
		size_t batch_bytes = ds->ix || ds->tabtail ? TAIL_BATCH_BYTES_INDEXED : TAIL_BATCH_BYTES;
		enum ds_follow_event ev = ds_follow_poll(ds->follow, batch_bytes, &bytes, &n, &more, &e);
		if (ev == DS_FOLLOW_SAME)
			break;
		if (ev == DS_FOLLOW_ROTATED) {
			char now[512], where[600] = "";
			char real[4096];
			if (ds_follow_now_at(ds->follow, now, sizeof now)) {
				/* by its name alone when it stayed in the log's folder */
				size_t dir = (size_t)(base_name(now) - now);
				char folder[4096];
				size_t pd = (size_t)(base_name(ds->path) - ds->path);
				snprintf(folder, sizeof folder, "%.*s", pd ? (int)pd : 1, pd ? ds->path : ".");
				int same = realpath(folder, real) && strlen(real) + 1 == dir && strncmp(real, now, dir - 1) == 0;
				snprintf(where, sizeof where, "now %s; ", same ? base_name(now) : now);
			}
			ds->tail = DS_TAIL_ROTATED;
			snprintf(ds->tail_note, sizeof ds->tail_note,
				 "%.300s was rotated (%.300sanother file or none is at its path): its %zu %s read so far "
				 "stay, and their labels",
				 ds->path, where, ds_dataset_nrows(ds), ds->tabtail ? "rows" : "lines");
			break;
		}
		if (ev == DS_FOLLOW_TOO_LONG) {
			char cap[32];
			ll_format_bytes((double)ds_follow_max_line(ds->follow), cap, sizeof cap);
			ds->tail = DS_TAIL_STOPPED;
			snprintf(ds->tail_note, sizeof ds->tail_note,
				 "no longer followed: %.700s has a line longer than %s without a newline yet: not shown "
				 "whole (the memory limit, LOGLAB_MEMORY_MAX); the %s read before it stay",
				 ds->path, cap, ds->tabtail ? "rows" : "lines");
			break;
		}
		if (ev == DS_FOLLOW_TRUNCATED) {
			ds->tail = DS_TAIL_TRUNCATED;
			if (ds->ix) /* mapped, not copied: what was cut is gone (ds_mapguard) */
				snprintf(ds->tail_note, sizeof ds->tail_note,
					 "%.700s was truncated in place (as logrotate's copytruncate does): a log this large "
					 "is read from the file itself, so its %zu lines read so far show as NUL bytes "
					 "where they were cut",
					 ds->path, ds_dataset_nrows(ds));
			else
			snprintf(ds->tail_note, sizeof ds->tail_note,
				 "%.700s was truncated in place (as logrotate's copytruncate does): its %zu %s read so "
				 "far stay, and their labels",
				 ds->path, ds_dataset_nrows(ds), ds->tabtail ? "rows" : "lines");
			break;
		}
		size_t got = 0;
		int rc = ev != DS_FOLLOW_GREW ? e.code
			 : ds->ix	   ? append_large(ds, bytes, n, ds_follow_offset(ds->follow), &got, &e)
			 : ds->tabtail ? ds_tabtail_append(ds->tabtail, ds->table, bytes, n, ds->growing_row, &got, &e)
				       : ds_tail_append(ds->table, ds->reader->line, ds->reader->name, ds->tail_year, ds->path,
						   bytes, n, ds->growing_row, &got, &e);
		added += got;
		if (rc != LL_OK) {
			ds->tail = DS_TAIL_STOPPED;
			snprintf(ds->tail_note, sizeof ds->tail_note, "no longer followed: %.900s", e.msg);
			break;
		}
		ds->growing_row = SIZE_MAX;
	}
	ds->tail_more = ds->tail == DS_TAIL_FOLLOWING && more;
	return added;
}

int ds_dataset_tail_rows(const struct ds_dataset *ds)
{
	return ds->tabtail != NULL;
}

int ds_dataset_tail_more(const struct ds_dataset *ds)
{
	return ds->tail_more;
}

enum ds_tail ds_dataset_tail(const struct ds_dataset *ds)
{
	return ds->tail;
}

const char *ds_dataset_tail_note(const struct ds_dataset *ds)
{
	return ds->tail == DS_TAIL_NONE || ds->tail == DS_TAIL_FOLLOWING || ds->tail == DS_TAIL_LARGE ? NULL
												     : ds->tail_note;
}

size_t ds_dataset_unfinished_row(const struct ds_dataset *ds)
{
	return ds->tail == DS_TAIL_FOLLOWING ? ds->growing_row : SIZE_MAX;
}

int ds_dataset_row_growing(const struct ds_dataset *ds, size_t row)
{
	/* a file that ends without a newline and stays so (most sample logs)
	 * is no line being written */
	return ds->tail == DS_TAIL_FOLLOWING && row == ds->growing_row && ds->follow &&
	       ds_follow_size(ds->follow) > ds->opened_end;
}

size_t ds_dataset_refresh(struct ds_dataset *ds)
{
	if (!ds->fleet)
		return refresh_single(ds);
	ds->split_valid = 0; /* a last line may have been completed since */
	return ds_fleet_refresh(ds->fleet);
}
