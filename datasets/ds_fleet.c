/*
 * ds_fleet.c - the merged timeline of a fleet's files (see ds_fleet.h).
 *
 * Opening (the caller's thread): the files are found and ordered
 * (ds_fleet_find.c), each is opened (ds_fleet_src.c: mapped, or its first
 * 64 KiB inflated), its format detected (the previous file's format is
 * tried first, so a fleet of one format costs one detection) and its first
 * stamp looked for. A file with no stamp in its first lines is "untimed".
 * Years: a file whose lines (a preamble's date, a dated line) or name (a
 * date near its first stamp) say the year of its yearless stamps takes
 * it, as the file opened alone does (ds_source_year_from). Otherwise,
 * going back each chain from its newest file, the anchor is the
 * older of the file's mtime and the next newer file's first stamp; a
 * yearless first stamp takes the latest year that puts it no later than a
 * day after the anchor (a day of slack for time zones: stamps are wall
 * clock, mtimes UTC), a year less when the year turns in the file (its
 * last stamp earlier in the year than its first) and the last stamp would
 * then pass the anchor, as a file opened alone is read (ds_source_year).
 *
 * Streams: a chain's timed files, read one after the other, are one
 * stream; each untimed file is a stream of its own. The merge thread keeps
 * a binary heap of the timed streams keyed by (stamp of the next line,
 * file index) and emits the smallest: since a stream's lines come out in
 * their order, the result is stable by file then line. Within a stream the
 * year rolls over when a yearless stamp falls more than half a year behind
 * the stream's last one and the next year puts it at most half a year
 * ahead; the line is recorded so any row's year can be found again. Then
 * the untimed streams follow, one after the other.
 *
 * Rows: the merge stores per row its file id and host id (16 bits each) in
 * chunks that never move, and every B rows a checkpoint: each stream's
 * read position (file, byte offset, line). A reader finds row r by copying
 * checkpoint r / B and stepping forward: the file id of each row says which
 * stream moves one line. B is at least 16 times the number of streams, so
 * checkpoints cost at most 1.5 bytes a row. Readers use the published row
 * count (release/acquire) and touch nothing above it, so they need no lock.
 *
 * Tail mode: after the merge, the thread sleeps until ds_fleet_refresh
 * (UI thread) finds a stream's current file grown or new files matched;
 * the thread then maps the new bytes and merges again. A last line without
 * '\n' is emitted as it is; when the file grows, the row's text simply
 * extends to the newline (rows are found by their start), and the stream
 * goes on after it ("partial" cursors).
 */
#include "ds_fleet.h"
#include "ds_binary.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "ds_fleet_src.h"
#include "ds_name_date.h"
#include "ds_textconv.h"
#include "ds_textlog.h"
#include "ds_zones.h"
#include "ll_slots.h"
#include "ll_time.h"

#define SNIFF_BYTES ((size_t)64 * 1024)
#define LEAD_LINES 1000
#define LEAD_BYTES ((size_t)1 << 20)
#define ROW_SHIFT 16
#define ROW_CHUNK ((size_t)1 << ROW_SHIFT)
#define SEG_SHIFT 12
#define SEG ((size_t)1 << SEG_SHIFT)
#define MAX_ROLLOVERS 64
#define HOST_MAX 0xFFFEu        /* host ids 0..HOST_MAX-1; HOST_MAX is "other" */
#define NO_FILE UINT32_MAX
#define PUBLISH_ROWS 4096
#define DROP_BYTES ((size_t)256 << 10)
#define DAY 86400.0
#define HALF_YEAR (183 * DAY)
#define REFIND_MS 2000.0

/* ---- a pointer array that never moves (readers need no lock) ---- */

struct segvec {
	_Atomic(void **) top[SEG];
};

static void *seg_get(const struct segvec *v, size_t i)
{
	if ((i >> SEG_SHIFT) >= SEG)
		return NULL;
	void **blk = atomic_load_explicit(&((struct segvec *)v)->top[i >> SEG_SHIFT], memory_order_acquire);
	return blk ? blk[i & (SEG - 1)] : NULL;
}

/* Writer only; the element is published by whatever count the caller
 * releases afterwards. */
static int seg_set(struct segvec *v, size_t i, void *p)
{
	if ((i >> SEG_SHIFT) >= SEG)
		return LL_ENOMEM;
	void **blk = atomic_load_explicit(&v->top[i >> SEG_SHIFT], memory_order_relaxed);
	if (!blk) {
		if (!(blk = calloc(SEG, sizeof *blk)))
			return LL_ENOMEM;
		atomic_store_explicit(&v->top[i >> SEG_SHIFT], blk, memory_order_release);
	}
	blk[i & (SEG - 1)] = p;
	return LL_OK;
}

static void seg_free(struct segvec *v, void (*free_one)(void *))
{
	for (size_t t = 0; t < SEG; t++) {
		void **blk = atomic_load_explicit(&v->top[t], memory_order_relaxed);
		if (!blk)
			continue;
		for (size_t i = 0; i < SEG && free_one; i++)
			if (blk[i])
				free_one(blk[i]);
		free(blk);
	}
}

/* ---- rows, positions ---- */

struct rowchunk {
	uint16_t file[ROW_CHUNK];
	uint16_t host[ROW_CHUNK];
};

/* A stream's read position: where its next line starts. */
struct cur {
	uint32_t file;     /* NO_FILE: the stream has not started */
	uint32_t partial;  /* off is inside a line already emitted: the next starts after its '\n' */
	uint64_t off;
	uint64_t line;
};

struct checkpoint {
	size_t nstreams;
	struct cur c[];
};

struct ffile {
	struct ds_fleet_entry e;
	size_t stream;
	struct fsrc src;
	int opened;
	int conv_noted;                /* the notes of its conversion are given */
	const struct ds_reader *reader;
	const struct ds_line_format *fmt;
	int time_field, host_field;   /* -1: none */
	int yearless, untimed;
	int lead_known;
	int first_year;
	double lead;                  /* first stamp, with first_year */
	int path_host;                /* host id of e.host, -1 until needed */
	_Atomic int line_host;        /* host id every line naming one names: -1 none yet, -2 several */
	uint64_t roll[MAX_ROLLOVERS]; /* lines where the year went up by one */
	_Atomic int nroll;
	double latest;                /* no roll puts a stamp after this (its anchor and a day, as a file
				       * alone is bound by its mtime: ds_year_ctx); 0: no bound (its year
				       * its lines', name's or the user's; a file that appeared later) */
	_Atomic size_t rows, misfits, labelled;
	_Atomic double tmin, tmax;
	_Atomic long long seen_size;  /* bytes on disk the merge has mapped */
	int gone;                     /* shrank or replaced: read no more */
};

struct stream {
	size_t *files;  /* file ids, oldest first */
	size_t nfiles, cap, at;
	int untimed;
	struct cur c;   /* the head line's position */
	int have_head;
	size_t head_end;
	int head_nl;
	double key;     /* stamp of the head line (or the carried one) */
	double carry;   /* last stamp seen */
	int year;
	double last_t;
	int have_last;
	unsigned head_host;
	struct ds_fleet_rowinfo head_info;
	/* the host of the stream's last line: most lines of a file name the
	 * same host, so a compare saves hashing it */
	unsigned last_host;
	const char *last_host_name;
	size_t last_host_len;
};

struct walker {
	size_t row;       /* cursors are at the position before this row */
	struct cur *c;
	size_t nc;
	int valid;
};

struct ds_fleet {
	char *title;
	char **specs;
	size_t nspecs;
	struct ds_open_opts opts;
	struct ds_fleet_watch watch;
	int watching;
	const struct ds_reader *reader;

	struct segvec files;         /* struct ffile * */
	_Atomic size_t nfiles;
	struct stream *streams;      /* merge thread's (and open's) */
	_Atomic size_t nstreams;
	size_t stream_cap;
	size_t B;                    /* rows between checkpoints, a power of two */

	struct segvec chunks;        /* struct rowchunk * */
	struct segvec cps;           /* struct checkpoint * */
	size_t count;                /* rows written (merge thread) */
	_Atomic size_t nrows;        /* rows published */
	size_t published;

	/* hosts: names for readers, a hash for the merge */
	struct segvec hosts;         /* char * */
	_Atomic size_t nhosts;
	struct ll_slots host_ix;

	/* notes, shared */
	pthread_mutex_t lock;
	char **notes;
	size_t nnotes, notecap;
	/* files opened whose stamps carry UTC offsets (ds_zones.h), and the first;
	 * counted at open only (zones_said then): files found later are opened
	 * beside the readers, and the note is written once */
	size_t zoned_files, zone_files_seen;
	int zones_said;
	struct ds_zone_scan zone_first;
	char zone_first_name[256];

	struct ds_fleet_rowinfo *batch;
	_Atomic size_t bytes_done, bytes_total;

	/* the UI thread's row lookups */
	pthread_mutex_t ui_lock;
	struct walker ui;
	double last_find_ms;

	/* the merge thread */
	pthread_t thread;
	int started;
	pthread_mutex_t wake_lock;
	pthread_cond_t wake;
	int work;                    /* refresh asked for a look at the files */
	struct ffile **pending;      /* files found by refresh, for the merge to add */
	size_t npending, pendcap;
	_Atomic int stop;
	_Atomic int complete;
};

static struct ffile *file_at(const struct ds_fleet *f, size_t i)
{
	return seg_get(&f->files, i);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void add_note(struct ds_fleet *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(struct ds_fleet *f, const char *fmt, ...)
{
	char buf[LL_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&f->lock);
	if (f->nnotes == f->notecap) {
		size_t cap = f->notecap ? 2 * f->notecap : 16;
		char **p = realloc(f->notes, cap * sizeof *p);
		if (!p)
			goto out; /* without memory a note is simply not kept */
		f->notes = p;
		f->notecap = cap;
	}
	if ((f->notes[f->nnotes] = strdup(buf)) != NULL)
		f->nnotes++;
out:
	pthread_mutex_unlock(&f->lock);
}

/* ---- hosts ---- */

/* Host id of name (merge thread); HOST_MAX when out of ids or memory. */
static unsigned intern_host(struct ds_fleet *f, const char *s, size_t n)
{
	size_t nh = atomic_load_explicit(&f->nhosts, memory_order_relaxed);
	struct ll_slots_probe p = ll_slots_probe(&f->host_ix, ll_slots_hash(s, n));
	for (uint32_t id; (id = ll_slots_next(&f->host_ix, &p)) != LL_SLOTS_NONE;) {
		const char *name = seg_get(&f->hosts, id);
		if (strncmp(name, s, n) == 0 && name[n] == '\0')
			return id;
	}
	if (nh >= HOST_MAX)
		return HOST_MAX;
	char *copy = strndup(s, n);
	if (!copy || seg_set(&f->hosts, nh, copy) != LL_OK) {
		free(copy);
		return HOST_MAX;
	}
	if (ll_slots_add(&f->host_ix, &p, (uint32_t)nh) != LL_OK) {
		seg_set(&f->hosts, nh, NULL); /* readers never saw it: nhosts is unchanged */
		free(copy);
		return HOST_MAX;
	}
	atomic_store_explicit(&f->nhosts, nh + 1, memory_order_release);
	return (unsigned)nh;
}

static unsigned path_host(struct ds_fleet *f, struct ffile *ff)
{
	if (ff->path_host < 0)
		ff->path_host = (int)intern_host(f, ff->e.host, strlen(ff->e.host));
	return (unsigned)ff->path_host;
}

/* ---- lines and stamps ---- */

static int field_named(const struct ds_line_format *fmt, const char *a, const char *b)
{
	for (size_t k = 0; k < fmt->nfields; k++)
		if (strcasecmp(fmt->names[k], a) == 0 || (b && strcasecmp(fmt->names[k], b) == 0))
			return (int)k;
	return -1;
}

int ds_fleet_host_field(const struct ds_line_format *fmt)
{
	return fmt ? field_named(fmt, "host", "node") : -1;
}

static int time_field(const struct ds_line_format *fmt)
{
	for (size_t k = 0; k < fmt->nfields; k++)
		if (fmt->types[k] == LL_COL_TIME)
			return (int)k;
	return -1;
}

static void set_reader(struct ffile *ff, const struct ds_reader *r)
{
	ff->reader = r;
	ff->fmt = r->line;
	ff->time_field = time_field(r->line);
	ff->host_field = ds_fleet_host_field(r->line);
}

static int parse_stamp(const struct ffile *ff, const char *s, size_t n, int year, double *t)
{
	int ok = ds_line_parse_time(ff->fmt, (size_t)ff->time_field, s, n, year, t);
	return ok && !isnan(*t);
}

/* The time field of a line that split, or NULL. */
static const char *stamp_span(const struct ffile *ff, const char *line, const struct ds_span *fields, int fits,
			      size_t *n)
{
	if (!fits || ff->time_field < 0 || !fields[ff->time_field].len)
		return NULL;
	*n = fields[ff->time_field].len;
	return line + fields[ff->time_field].off;
}

/* Line end within data[0, avail): the newline's offset, or avail. */
static size_t line_end(const char *data, size_t avail, size_t off, int *nl)
{
	const char *p = off < avail ? memchr(data + off, '\n', avail - off) : NULL;
	*nl = p != NULL;
	return p ? (size_t)(p - data) : avail;
}

static size_t text_len(const char *data, size_t off, size_t end)
{
	size_t n = end - off;
	return n && data[end - 1] == '\r' ? n - 1 : n;
}

/* The latest year (of a few around the anchor's) that puts a yearless
 * stamp no later than a day after anchor; 0 when the stamp never parses. */
static int year_before(const struct ffile *ff, const char *s, size_t n, double anchor)
{
	time_t a = (time_t)anchor;
	struct tm tm;
	int y0 = gmtime_r(&a, &tm) ? tm.tm_year + 1900 : 1970;
	double t;
	for (int y = y0 + 1; y >= y0 - 4; y--)
		if (parse_stamp(ff, s, n, y, &t) && t <= anchor + DAY)
			return y;
	return 0;
}

/* A file's first stamp, for the date in its name to place. */
struct lead_stamp {
	const struct ffile *ff;
	const char *s;
	size_t n;
};

static int place_lead(void *ctx, int year, double *t)
{
	const struct lead_stamp *l = ctx;
	return parse_stamp(l->ff, l->s, l->n, year, t);
}

/* The year of a yearless first stamp (s, n) that a file opened alone
 * takes from its lines (a preamble's date, a dated line's year) or from
 * the date in its name (ds_source_year_from), else from the name's date
 * near the stamp as the format reads it: a clone's or an unzip's
 * modification time says nothing of when the lines were written. 0 when
 * only the modification time speaks, which the chain's anchor refines
 * (chain_years); *named when the name spoke. */
static int own_year(const struct ffile *ff, const char *s, size_t n, int *named)
{
	size_t avail;
	struct ds_source head = {0};
	head.path = ff->e.path;
	head.data = fsrc_view(&ff->src, &avail);
	head.size = avail;
	head.mtime = ff->e.mtime;
	enum ds_year_evidence by = DS_YEAR_BY_MTIME;
	int y = head.data && avail ? ds_source_year_from(&head, &by) : 0;
	*named = by == DS_YEAR_BY_NAME;
	if (by != DS_YEAR_BY_MTIME)
		return y;
	struct lead_stamp l = {ff, s, n};
	y = ds_name_date_year(ff->e.path, place_lead, &l);
	*named = y != 0;
	return y;
}

/* Once a converted file (fsrc_open: UTF-16, Latin-1, escape codes) is
 * read to its end, what was converted, as ds_source notes it for the file
 * opened alone. */
static void conv_note(struct ds_fleet *f, struct ffile *ff)
{
	char note[512];
	if (ff->conv_noted || !ff->src.eof || !ff->src.conv)
		return;
	ff->conv_noted = 1;
	if (fsrc_conv_note(&ff->src, ff->e.name, note, sizeof note))
		add_note(f, "%s", note);
}

/* Makes more of a file's text available (fsrc_more), noting a fault. */
static void more_text(struct ds_fleet *f, struct ffile *ff, size_t want)
{
	struct ll_err e;
	if (fsrc_more(&ff->src, want, &e) != LL_OK)
		add_note(f, "%s", e.msg);
	conv_note(f, ff);
}

/* Finds a file's first stamp in its first lines (inflating as needed):
 * sets lead_known/yearless, or untimed when the file has lines but no
 * stamp. *stamp and *sn get the stamp's text (valid while the file is open). */
static void find_lead(struct ds_fleet *f, struct ffile *ff, const char **stamp, size_t *sn)
{
	struct ds_span fields[DS_MAX_FIELDS], label;
	size_t off = 0, lines = 0, avail;
	const char *data = fsrc_view(&ff->src, &avail);
	*stamp = NULL;
	while (lines < LEAD_LINES && off < LEAD_BYTES) {
		int nl;
		size_t end = line_end(data, avail, off, &nl);
		if (!nl && !ff->src.eof) {
			more_text(f, ff, end + SNIFF_BYTES);
			data = fsrc_view(&ff->src, &avail);
			continue;
		}
		if (off >= avail)
			break;
		size_t len = text_len(data, off, end);
		label.off = label.len = 0;
		int fits = ds_line_split(ff->fmt, data + off, len, fields, &label);
		size_t n;
		const char *s = stamp_span(ff, data + off, fields, fits, &n);
		double t1, t2;
		if (s && parse_stamp(ff, s, n, 2001, &t1)) {
			ff->lead_known = 1;
			ff->yearless = !parse_stamp(ff, s, n, 2002, &t2) || t1 != t2;
			*stamp = s;
			*sn = n;
			return;
		}
		lines++;
		off = end + 1;
	}
	ff->untimed = off > 0 || lines > 0;
}

/* ---- opening the files ---- */

static void free_file(void *p)
{
	struct ffile *ff = p;
	if (ff->opened)
		fsrc_close(&ff->src);
	free(ff->e.path);
	free(ff->e.name);
	free(ff->e.host);
	free(ff);
}

/* Counts a file whose stamps carry UTC offsets (the fleet's note says its
 * times are shown in UTC, as a file's own does). */
static void note_zones(struct ds_fleet *f, const struct ffile *ff, const char *head, size_t n)
{
	if (f->zones_said || time_field(ff->reader->line) < 0)
		return;
	struct ds_zone_scan z;
	ds_zone_scan(head, n, &z);
	f->zone_files_seen++;
	if (!ds_zone_scan_says(&z))
		return;
	if (!f->zoned_files++) {
		f->zone_first = z;
		snprintf(f->zone_first_name, sizeof f->zone_first_name, "%s", ff->e.name);
	}
}

/* Opens a file found by ds_fleet_find, detects its format and finds its
 * first stamp. Returns the file, or NULL after a note when it is left out. */
static struct ffile *open_file(struct ds_fleet *f, struct ds_fleet_entry *e, const struct ds_reader **prev,
			       const char **stamp, size_t *sn)
{
	struct ffile *ff = calloc(1, sizeof *ff);
	if (!ff) {
		add_note(f, "%s: left out (out of memory)", e->name);
		return NULL;
	}
	ff->e = *e;
	memset(e, 0, sizeof *e);  /* the strings are the file's now */
	ff->path_host = -1;
	atomic_init(&ff->line_host, -1);
	atomic_init(&ff->nroll, 0);
	atomic_init(&ff->rows, 0);
	atomic_init(&ff->misfits, 0);
	atomic_init(&ff->labelled, 0);
	atomic_init(&ff->tmin, NAN);
	atomic_init(&ff->tmax, NAN);
	struct ll_err err;
	ll_err_clear(&err);
	if (fsrc_open(&ff->src, ff->e.path, SNIFF_BYTES, &err) != LL_OK && !ff->src.map) {
		add_note(f, "%s: left out: %s", ff->e.name, err.msg);
		fsrc_close(&ff->src);
		free_file(ff);
		return NULL;
	}
	ff->opened = 1;
	if (err.msg[0])
		add_note(f, "%s", err.msg);
	atomic_init(&ff->seen_size, ff->src.disk_size);
	size_t avail;
	const char *data = fsrc_view(&ff->src, &avail);
	size_t head = avail < SNIFF_BYTES ? avail : SNIFF_BYTES;
	const char *nul = head ? memchr(data, '\0', head) : NULL;
	if (nul && !f->opts.format) {
		/* UTF-16 text is converted (fsrc_open): a NUL left is binary */
		char what[160];
		ds_binary_describe(data, head, (size_t)(nul - data), what, sizeof what);
		add_note(f, "%s: left out: %s", ff->e.name, what);
		free_file(ff);
		return NULL;
	}
	const struct ds_reader *r = NULL;
	if (f->opts.format || (f->opts.header && *f->opts.header)) {
		struct ll_err why;
		/* a log's header is inferred per file (or given) */
		r = ds_reader_bind(ds_reader_find(f->opts.format ? f->opts.format : "log"), data, head, &f->opts, &why);
		if (!r) {
			add_note(f, "%s: left out: %s", ff->e.name, why.msg);
			free_file(ff);
			return NULL;
		}
	} else if (!head) {
		return ff; /* an empty file reads as the fleet's format, set once all are open */
	} else {
		/* A fleet is mostly one format: the previous file's is tried first,
		 * when it has stamps (plain lines fit anything). */
		size_t tried;
		if (*prev && time_field((*prev)->line) >= 0 &&
		    ds_sniff_fraction(data, head, (*prev)->line, &tried) >= 0.9 && tried)
			r = *prev;
		else
			r = ds_reader_detect(ff->e.path, data, head);
	}
	if (r && !r->line) {
		add_note(f, "%s: left out: a %s table, not a log", ff->e.name, r->name);
		free_file(ff);
		return NULL;
	}
	if (!r)
		r = ds_reader_find("lines");
	if (head && *prev && r != *prev && time_field(r->line) >= 0 && time_field((*prev)->line) >= 0 &&
	    !f->opts.format)
		add_note(f, "%s: read as %s (the files before it are %s)", ff->e.name, r->name, (*prev)->name);
	if (head && (!*prev || time_field(r->line) >= 0))
		*prev = r;
	set_reader(ff, r);
	find_lead(f, ff, stamp, sn);
	note_zones(f, ff, data, head);
	return ff;
}

static struct stream *new_stream(struct ds_fleet *f, int untimed)
{
	size_t n = atomic_load_explicit(&f->nstreams, memory_order_relaxed);
	if (n == f->stream_cap) {
		size_t cap = f->stream_cap ? 2 * f->stream_cap : 64;
		struct stream *p = realloc(f->streams, cap * sizeof *p);
		if (!p)
			return NULL;
		f->streams = p;
		f->stream_cap = cap;
	}
	struct stream *st = &f->streams[n];
	memset(st, 0, sizeof *st);
	st->untimed = untimed;
	st->c.file = NO_FILE;
	atomic_store_explicit(&f->nstreams, n + 1, memory_order_release);
	return st;
}

static int stream_add_file(struct stream *st, size_t file)
{
	if (st->nfiles == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 4;
		size_t *p = realloc(st->files, cap * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		st->files = p;
		st->cap = cap;
	}
	st->files[st->nfiles++] = file;
	return LL_OK;
}

/* Adds an opened file as file id nfiles. */
static int publish_file(struct ds_fleet *f, struct ffile *ff)
{
	size_t id = atomic_load_explicit(&f->nfiles, memory_order_relaxed);
	if (id >= DS_FLEET_MAX_FILES || seg_set(&f->files, id, ff) != LL_OK)
		return LL_ENOMEM;
	/* a file read whole when opened (a left-out one has none); before the
	 * merge thread may read it on */
	conv_note(f, ff);
	atomic_store_explicit(&f->nfiles, id + 1, memory_order_release);
	atomic_fetch_add(&f->bytes_total, fsrc_expected(&ff->src));
	return LL_OK;
}

/* The last stamp (one that parses in year) in the last 16 KiB of a file
 * read whole (*s, *sn): 1 when there is one. A file not read to its end (a compressed one
 * inflated in part) has none known. Lines are tried from the end back:
 * the last stamp is near the end, and every file of a chain is asked. */
static int last_stamp_span(const struct ffile *ff, int year, const char **s, size_t *sn)
{
	size_t avail;
	const char *data = fsrc_view(&ff->src, &avail);
	*s = NULL;
	*sn = 0;
	if (!ff->src.eof || !avail)
		return 0;
	size_t floor = avail > 16384 ? avail - 16384 : 0;
	size_t stop = data[avail - 1] == '\n' ? avail - 1 : avail; /* the line's '\n', or the end */
	for (;;) {
		size_t start = stop;
		while (start > floor && data[start - 1] != '\n')
			start--;
		if (start == floor && floor && data[floor - 1] != '\n')
			return 0; /* a line cut by the window */
		struct ds_span fields[DS_MAX_FIELDS], label = {0, 0};
		size_t n;
		int fits = ds_line_split(ff->fmt, data + start, text_len(data, start, stop), fields, &label);
		const char *x = stamp_span(ff, data + start, fields, fits, &n);
		double t;
		if (x && parse_stamp(ff, x, n, year, &t)) {
			*s = x;
			*sn = n;
			return 1;
		}
		if (start <= floor)
			return 0;
		stop = start - 1;
	}
}

/* The stamp of line data[start, stop), split by ff's format, in year. */
static int line_stamp(const struct ffile *ff, const char *data, size_t start, size_t stop, int year, double *t)
{
	struct ds_span fields[DS_MAX_FIELDS], label = {0, 0};
	size_t n;
	int fits = ds_line_split(ff->fmt, data + start, text_len(data, start, stop), fields, &label);
	const char *x = stamp_span(ff, data + start, fields, fits, &n);
	return x && parse_stamp(ff, x, n, year, t);
}

/* Feeds the stamp of line data[start, stop) to w0 in year and to w1 in
 * year + 1, when it has one. */
static void walk_line(const struct ffile *ff, const char *data, size_t start, size_t stop, int year,
		      struct ds_year_walk *w0, struct ds_year_walk *w1)
{
	double t0, t1;
	if (line_stamp(ff, data, start, stop, year, &t0) && line_stamp(ff, data, start, stop, year + 1, &t1)) {
		ds_year_walk_stamp(w0, t0);
		ds_year_walk_stamp(w1, t1);
	}
}

/* 1 when the year turned in a file read whole (a compressed one inflated
 * whole, see YEAR_WHOLE_MAX), judged over the stamps of its first 64 lines
 * and its last 16 KiB (every line when a turn would rest on the lines
 * between) as the single file's year judges it (ds_year_walk,
 * ds_source.c): a half-year step back, not lines a few days out of order
 * (a log written newest first). *last and *newest get its last and newest
 * stamps, read in year, or after a turn in year + 1; 0 and both NAN when
 * it has none or is not read whole. */
static int year_turned_in_file(const struct ffile *ff, int year, double *last, double *newest)
{
	size_t avail;
	const char *data = fsrc_view(&ff->src, &avail);
	*last = *newest = NAN;
	if (!ff->src.eof || !avail)
		return 0;
	struct ds_year_walk w0 = {0}, w1 = {0};
	size_t tail = avail > 16384 ? avail - 16384 : 0, pos = 0, end;
	int nl;
	if (tail) {
		const char *p = memchr(data + tail, '\n', avail - tail);
		tail = p ? (size_t)(p + 1 - data) : avail;
	}
	for (int lines = 0; lines < 64 && pos < avail && (!tail || pos < tail); lines++, pos = end + nl) {
		end = line_end(data, avail, pos, &nl);
		walk_line(ff, data, pos, end, year, &w0, &w1);
	}
	if (tail && pos < tail) {
		ds_year_walk_gap(&w0);
		ds_year_walk_gap(&w1);
		pos = tail;
	}
	for (; pos < avail; pos = end + nl) {
		end = line_end(data, avail, pos, &nl);
		walk_line(ff, data, pos, end, year, &w0, &w1);
	}
	if (ds_year_walk_guessed(&w0)) {
		/* the turn rests on the unseen middle: every line says, as
		 * for the file alone (ds_source_year) */
		memset(&w0, 0, sizeof w0);
		memset(&w1, 0, sizeof w1);
		for (pos = 0; pos < avail; pos = end + nl) {
			end = line_end(data, avail, pos, &nl);
			walk_line(ff, data, pos, end, year, &w0, &w1);
		}
	}
	if (!w0.have)
		return 0;
	int turned = ds_year_walk_turned(&w0);
	const struct ds_year_walk *w = turned ? &w1 : &w0;
	*last = w->last;
	*newest = ds_year_walk_newest(w);
	return turned;
}

/* How far a file's first stamp may be behind the last stamp of the file
 * before it in its chain and still continue it: lines written by
 * several threads reach a log a little out of order. */
#define CHAIN_OVERLAP_SLACK 1.0

/* 1 when timed file b (the next newer of its chain) starts before timed
 * file a ends, by more than CHAIN_OVERLAP_SLACK: b does not continue a
 * (a tool that dumps a whole journal into each dated file repeats the
 * older file's lines), and read after it the merged time would step
 * back. A file whose end is not known (compressed, inflated in part)
 * continues its chain. */
static int overlaps(const struct ffile *a, const struct ffile *b)
{
	const char *s;
	size_t sn;
	double last;
	int year = a->first_year ? a->first_year : 2001;
	if (!a->lead_known || !b->lead_known || !last_stamp_span(a, year, &s, &sn) || !parse_stamp(a, s, sn, year, &last))
		return 0;
	double next;
	double newest;
	if (a->yearless && year_turned_in_file(a, year, &next, &newest))
		last = next; /* the year turned in a */
	return b->lead < last - CHAIN_OVERLAP_SLACK;
}

/* A compressed yearless file is inflated whole at open, up to this much
 * text, so that its last stamp says whether its year turned, as a plain
 * file's does (year_turned_in_file): a fleet of rotated syslog.N.gz then reads
 * each file's years as the file alone does. Past it, the first stamp
 * alone anchors the file, as before. */
#define YEAR_WHOLE_MAX ((size_t)256 << 20)

/* Years of a chain's files (ids[0..n), oldest first), newest first; a
 * file whose lines or name say its year takes it (own_year). Returns how
 * many took their name's, *named one of them. */
static size_t chain_years(struct ds_fleet *f, size_t *ids, const char **stamps, const size_t *sn, size_t n,
			  const struct ffile **named)
{
	size_t nnamed = 0;
	int by_name;
	double anchor = INFINITY, last;
	for (size_t k = n; k-- > 0;) {
		struct ffile *ff = file_at(f, ids[k]);
		if ((double)ff->e.mtime < anchor)
			anchor = (double)ff->e.mtime;
		if (!ff->lead_known)
			continue;
		if (!ff->yearless)
			ff->first_year = 0;
		else if (f->opts.default_year)
			ff->first_year = f->opts.default_year;
		else if ((ff->first_year = own_year(ff, stamps[k], sn[k], &by_name)) != 0) {
			if (by_name) {
				nnamed++;
				*named = ff; /* the chain's oldest such, at the end */
			}
		} else if (!(ff->first_year = year_before(ff, stamps[k], sn[k], anchor)))
			ff->first_year = 1970;
		else {
			ff->latest = anchor + DAY;
			if (!ff->src.eof && ff->src.gz)
				more_text(f, ff, YEAR_WHOLE_MAX);
			double newest;
			year_turned_in_file(ff, ff->first_year, &last, &newest);
			if (newest > anchor + DAY)
				ff->first_year--; /* its newest line, not its first, is no newer than the anchor */
		}
		if (parse_stamp(ff, stamps[k], sn[k], ff->first_year ? ff->first_year : 2001, &ff->lead) &&
		    ff->lead < anchor)
			anchor = ff->lead;
	}
	return nnamed;
}

static int open_all(struct ds_fleet *f, struct ds_fleet_list *l, struct ll_err *err)
{
	for (size_t i = 0; i < l->nnotes; i++)
		add_note(f, "%s", l->notes[i]);
	const struct ds_reader *prev = NULL;
	const char **stamps = calloc(l->n, sizeof *stamps);
	size_t *sn = calloc(l->n, sizeof *sn), *ids = calloc(l->n, sizeof *ids);
	size_t *untimed = calloc(l->n, sizeof *untimed), nuntimed = 0, nnamed = 0;
	const struct ffile *first_named = NULL;
	int rc = LL_OK;
	if (!stamps || !sn || !ids || !untimed)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory opening %zu files", l->n);
	for (size_t i = 0; i < l->n && rc == LL_OK;) {
		/* one chain: entries i..j */
		size_t j = i;
		while (j < l->n && l->e[j].chain == l->e[i].chain)
			j++;
		size_t k = 0;
		for (; i < j; i++) {
			const char *s = NULL;
			size_t n = 0;
			struct ffile *ff = open_file(f, &l->e[i], &prev, &s, &n);
			if (!ff)
				continue;
			if (publish_file(f, ff) != LL_OK) {
				free_file(ff);
				rc = ll_err_set(err, LL_ENOMEM, "out of memory opening files");
				break;
			}
			size_t id = atomic_load_explicit(&f->nfiles, memory_order_relaxed) - 1;
			if (ff->untimed) {
				untimed[nuntimed++] = id;
				continue;
			}
			stamps[k] = s;
			sn[k] = n;
			ids[k++] = id;
		}
		if (rc != LL_OK || !k)
			continue;
		const struct ffile *one = NULL;
		size_t by_name = chain_years(f, ids, stamps, sn, k, &one);
		if (by_name && !nnamed)
			first_named = one;
		nnamed += by_name;
		struct stream *st = new_stream(f, 0);
		for (size_t m = 0; st && m < k; m++) {
			/* a file that starts before the one before it ends is
			 * merged by time with it, as a chain of its own */
			if (m && overlaps(file_at(f, ids[m - 1]), file_at(f, ids[m]))) {
				add_note(f, "%s starts before %s ends (its first stamp is earlier than that file's last): not a "
					    "rotation of it; their lines are merged by time",
					 file_at(f, ids[m])->e.name, file_at(f, ids[m - 1])->e.name);
				st = new_stream(f, 0);
			}
			if (!st || stream_add_file(st, ids[m]) != LL_OK)
				st = NULL;
			else
				file_at(f, ids[m])->stream = atomic_load_explicit(&f->nstreams, memory_order_relaxed) - 1;
		}
		if (!st)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory opening files");
	}
	for (size_t u = 0; u < nuntimed && rc == LL_OK; u++) {
		struct stream *st = new_stream(f, 1);
		if (!st || stream_add_file(st, untimed[u]) != LL_OK) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory opening files");
			break;
		}
		struct ffile *ff = file_at(f, untimed[u]);
		ff->stream = atomic_load_explicit(&f->nstreams, memory_order_relaxed) - 1;
		add_note(f, "%s: no timestamps in its first lines; its lines follow the merged timeline in file order",
			 ff->e.name);
	}
	if (f->zoned_files) {
		char where[96];
		ds_zone_where(&f->zone_first, where, sizeof where);
		add_note(f, "times are shown in UTC; the stamps of %zu of %zu files carry UTC offsets (%s: %s)",
			 f->zoned_files, f->zone_files_seen, f->zone_first_name, where);
	}
	if (nnamed == 1)
		add_note(f, "%s: stamps without a year read in %d, by the date in the file's name (not its modification time)",
			 first_named->e.name, first_named->first_year);
	else if (nnamed)
		add_note(f, "stamps without a year in %zu files read in the year of the dates in their names, not their "
			    "modification times (%s: %d)",
			 nnamed, first_named->e.name, first_named->first_year);
	f->zones_said = 1;
	free(stamps);
	free(sn);
	free(ids);
	free(untimed);
	if (rc == LL_OK && !atomic_load(&f->nfiles))
		rc = ll_err_set(err, LL_EDATA, "%s: no log file could be read%s%s", f->title,
				f->nnotes ? "; " : "", f->nnotes ? f->notes[0] : "");
	f->reader = NULL;
	for (size_t i = 0, n = atomic_load(&f->nfiles); i < n && !f->reader; i++)
		if (file_at(f, i)->reader && time_field(file_at(f, i)->reader->line) >= 0)
			f->reader = file_at(f, i)->reader;
	if (!f->reader)
		f->reader = prev ? prev : ds_reader_find("lines");
	for (size_t i = 0, n = atomic_load(&f->nfiles); i < n; i++)
		if (!file_at(f, i)->reader)
			set_reader(file_at(f, i), f->reader);
	return rc;
}

/* ---- emitting rows (merge thread) ---- */

static void publish(struct ds_fleet *f)
{
	if (f->count == f->published)
		return;
	if (f->watching && f->watch.rows(f->watch.ctx, f->published, f->batch, f->count - f->published) < 0)
		f->watching = 0;
	f->published = f->count;
	atomic_store_explicit(&f->nrows, f->count, memory_order_release);
}

static int checkpoint(struct ds_fleet *f)
{
	size_t ns = atomic_load_explicit(&f->nstreams, memory_order_relaxed);
	struct checkpoint *cp = malloc(sizeof *cp + ns * sizeof cp->c[0]);
	if (!cp)
		return LL_ENOMEM;
	cp->nstreams = ns;
	for (size_t s = 0; s < ns; s++)
		cp->c[s] = f->streams[s].c;
	if (seg_set(&f->cps, f->count / f->B, cp) != LL_OK) {
		free(cp);
		return LL_ENOMEM;
	}
	return LL_OK;
}

/* Stores the stream's head line as the next row and moves past it. */
static int emit(struct ds_fleet *f, struct stream *st)
{
	size_t r = f->count;
	if (!(r & (ROW_CHUNK - 1))) {
		struct rowchunk *ch = malloc(sizeof *ch);
		if (!ch || seg_set(&f->chunks, r >> ROW_SHIFT, ch) != LL_OK) {
			free(ch);
			return LL_ENOMEM;
		}
	}
	if (!(r & (f->B - 1)) && checkpoint(f) != LL_OK)
		return LL_ENOMEM;
	struct rowchunk *ch = seg_get(&f->chunks, r >> ROW_SHIFT);
	ch->file[r & (ROW_CHUNK - 1)] = (uint16_t)st->c.file;
	ch->host[r & (ROW_CHUNK - 1)] = (uint16_t)st->head_host;
	f->batch[r - f->published] = st->head_info;
	struct ffile *ff = file_at(f, st->c.file);
	atomic_fetch_add_explicit(&f->bytes_done, st->head_end - st->c.off + st->head_nl, memory_order_relaxed);
	st->c.line++;
	atomic_store_explicit(&ff->rows, (size_t)st->c.line, memory_order_relaxed);
	if (st->head_nl) {
		st->c.off = st->head_end + 1;
	} else {
		st->c.off = st->head_end;
		st->c.partial = 1;
	}
	st->have_head = 0;
	if (st->c.off - ff->src.dropped > DROP_BYTES)
		fsrc_drop(&ff->src, st->c.off);
	f->count++;
	if (f->count - f->published >= PUBLISH_ROWS)
		publish(f);
	return LL_OK;
}

static void note_rows(struct ffile *ff, double t)
{
	double lo = atomic_load_explicit(&ff->tmin, memory_order_relaxed);
	double hi = atomic_load_explicit(&ff->tmax, memory_order_relaxed);
	if (isnan(lo) || t < lo)
		atomic_store_explicit(&ff->tmin, t, memory_order_relaxed);
	if (isnan(hi) || t > hi)
		atomic_store_explicit(&ff->tmax, t, memory_order_relaxed);
}

/* Parses the head line's stamp, host and label; keeps the stream's year. */
static void parse_head(struct ds_fleet *f, struct stream *st, struct ffile *ff, const char *line, size_t len)
{
	struct ds_span fields[DS_MAX_FIELDS], label = {0, 0};
	int fits = ds_line_split(ff->fmt, line, len, fields, &label);
	st->head_info.label = fits && label.len ? line + label.off : NULL;
	st->head_info.label_len = fits ? label.len : 0;
	st->head_info.misfit = 0;
	if (fits && label.len)
		atomic_fetch_add_explicit(&ff->labelled, 1, memory_order_relaxed);
	if (!fits) {
		size_t k = 0;
		while (k < len && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k < len) {
			st->head_info.misfit = 1;
			atomic_fetch_add_explicit(&ff->misfits, 1, memory_order_relaxed);
		}
	}
	if (fits && ff->host_field >= 0 && fields[ff->host_field].len) {
		const char *h = line + fields[ff->host_field].off;
		size_t hn = fields[ff->host_field].len;
		if (st->last_host_name && hn == st->last_host_len && memcmp(h, st->last_host_name, hn) == 0) {
			st->head_host = st->last_host;
		} else {
			st->head_host = intern_host(f, h, hn);
			st->last_host = st->head_host;
			st->last_host_name = ds_fleet_host_name(f, st->head_host);
			st->last_host_len = hn;
		}
		int lh = atomic_load_explicit(&ff->line_host, memory_order_relaxed);
		if (lh == -1 || (lh >= 0 && (unsigned)lh != st->head_host))
			atomic_store_explicit(&ff->line_host, lh == -1 ? (int)st->head_host : -2, memory_order_relaxed);
	} else if (!fits && st->last_host_name) {
		/* a line that does not fit (a stack trace's, a record's
		 * continuation) was written by the machine of the line before it,
		 * as it keeps that line's stamp */
		st->head_host = st->last_host;
	} else {
		st->head_host = path_host(f, ff);
	}
	size_t n;
	const char *s = stamp_span(ff, line, fields, fits, &n);
	double t;
	if (!s)
		goto carry;
	if (!ff->lead_known) {
		/* a file that was empty at open: its first stamp arrives now */
		double t1, t2;
		if (!parse_stamp(ff, s, n, 2001, &t1))
			goto carry;
		ff->lead_known = 1;
		ff->yearless = !parse_stamp(ff, s, n, 2002, &t2) || t1 != t2;
		if (ff->yearless) {
			/* written now, so now is the anchor */
			ff->first_year = f->opts.default_year ? f->opts.default_year
							      : year_before(ff, s, n, (double)time(NULL));
			if (!ff->first_year)
				ff->first_year = 1970;
			st->year = ff->first_year;
		}
	}
	if (!parse_stamp(ff, s, n, ff->yearless ? st->year : 2001, &t))
		goto carry;
	if (ff->yearless && st->have_last && t < st->last_t - HALF_YEAR) {
		double t2;
		/* a line is no newer than its file, as alone: no roll past the
		 * bound, unless the file grew since it was opened */
		int bound = ff->latest > 0 &&
			    atomic_load_explicit(&ff->seen_size, memory_order_relaxed) <= ff->e.size;
		if (parse_stamp(ff, s, n, st->year + 1, &t2) && t2 <= st->last_t + HALF_YEAR &&
		    (!bound || t2 <= ff->latest)) {
			st->year++;
			t = t2;
			int k = atomic_load_explicit(&ff->nroll, memory_order_relaxed);
			if (k < MAX_ROLLOVERS) {
				ff->roll[k] = st->c.line;
				atomic_store_explicit(&ff->nroll, k + 1, memory_order_release);
			}
		}
	}
	st->last_t = t;
	st->have_last = 1;
	st->carry = t;
	st->key = t;
	note_rows(ff, t);
	return;
carry:
	st->key = st->carry;
}

/* Makes the stream's next line its head: 1 when there is one now. */
static int load_head(struct ds_fleet *f, struct stream *st)
{
	if (st->have_head)
		return 1;
	while (st->at < st->nfiles) {
		size_t id = st->files[st->at];
		struct ffile *ff = file_at(f, id);
		if (st->c.file != id) {
			st->c = (struct cur){(uint32_t)id, 0, 0, 0};
			st->year = ff->first_year;
			st->carry = ff->lead;
			st->have_last = ff->lead_known;
			st->last_t = ff->lead;
		}
		size_t avail;
		const char *data = fsrc_view(&ff->src, &avail);
		if (st->c.partial) {
			int nl;
			size_t end = line_end(data, avail, st->c.off, &nl);
			if (!nl) {
				if (!ff->src.eof) {
					more_text(f, ff, avail + SNIFF_BYTES);
					continue;
				}
				if (st->at + 1 < st->nfiles) {
					st->at++;
					continue;
				}
				return 0;
			}
			st->c.off = end + 1;
			st->c.partial = 0;
		}
		if (st->c.off >= avail) {
			if (!ff->src.eof) {
				more_text(f, ff, avail + SNIFF_BYTES);
				continue;
			}
			/* the newest file stays the stream's: it may grow */
			if (st->at + 1 < st->nfiles) {
				st->at++;
				continue;
			}
			return 0;
		}
		int nl;
		size_t end = line_end(data, avail, st->c.off, &nl);
		if (!nl && !ff->src.eof) {
			more_text(f, ff, end + SNIFF_BYTES);
			continue;
		}
		st->head_end = end;
		st->head_nl = nl;
		parse_head(f, st, ff, data + st->c.off, text_len(data, st->c.off, end));
		st->have_head = 1;
		return 1;
	}
	return 0;
}

/* Heap order: earlier stamp first, then the earlier file. */
static int before(const struct ds_fleet *f, size_t a, size_t b)
{
	const struct stream *x = &f->streams[a], *y = &f->streams[b];
	if (x->key != y->key)
		return x->key < y->key;
	return x->c.file < y->c.file;
}

static void sift_down(const struct ds_fleet *f, size_t *heap, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && before(f, heap[l], heap[m]))
			m = l;
		if (l + 1 < n && before(f, heap[l + 1], heap[m]))
			m = l + 1;
		if (m == i)
			return;
		size_t t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

static int stopping(struct ds_fleet *f)
{
	return atomic_load_explicit(&f->stop, memory_order_relaxed);
}

static int merge_timed(struct ds_fleet *f)
{
	size_t ns = atomic_load_explicit(&f->nstreams, memory_order_relaxed), n = 0;
	size_t *heap = malloc((ns ? ns : 1) * sizeof *heap);
	if (!heap)
		return LL_ENOMEM;
	for (size_t s = 0; s < ns; s++)
		if (!f->streams[s].untimed && load_head(f, &f->streams[s]))
			heap[n++] = s;
	for (size_t i = n / 2; i-- > 0;)
		sift_down(f, heap, n, i);
	int rc = LL_OK;
	while (n && !stopping(f)) {
		struct stream *st = &f->streams[heap[0]];
		if ((rc = emit(f, st)) != LL_OK)
			break;
		if (!load_head(f, st))
			heap[0] = heap[--n];
		sift_down(f, heap, n, 0);
	}
	free(heap);
	return rc;
}

static int merge_untimed(struct ds_fleet *f)
{
	size_t ns = atomic_load_explicit(&f->nstreams, memory_order_relaxed);
	for (size_t s = 0; s < ns && !stopping(f); s++) {
		struct stream *st = &f->streams[s];
		if (!st->untimed)
			continue;
		while (!stopping(f) && load_head(f, st)) {
			int rc = emit(f, st);
			if (rc != LL_OK)
				return rc;
		}
	}
	return LL_OK;
}

/* Takes the files refresh found and maps what the current files gained. */
static void take_growth(struct ds_fleet *f)
{
	pthread_mutex_lock(&f->wake_lock);
	struct ffile **got = f->pending;
	size_t ngot = f->npending;
	f->pending = NULL;
	f->npending = f->pendcap = 0;
	pthread_mutex_unlock(&f->wake_lock);
	for (size_t i = 0; i < ngot; i++) {
		struct ffile *ff = got[i];
		size_t id = atomic_load_explicit(&f->nfiles, memory_order_relaxed);
		/* a new file of a known chain (the log was rotated) continues its stream */
		struct stream *st = NULL;
		size_t ns = atomic_load_explicit(&f->nstreams, memory_order_relaxed);
		double age;
		char *chain = ds_fleet_chain_of(ff->e.path, &age);
		for (size_t s = 0; s < ns && !ff->untimed && chain; s++) {
			struct stream *o = &f->streams[s];
			struct ffile *last = o->untimed || !o->nfiles ? NULL : file_at(f, o->files[o->nfiles - 1]);
			char *lchain = last ? ds_fleet_chain_of(last->e.path, &age) : NULL;
			if (lchain && strcmp(lchain, chain) == 0)
				st = o;
			free(lchain);
		}
		free(chain);
		if (publish_file(f, ff) != LL_OK) {
			add_note(f, "%s: left out (out of memory)", ff->e.name);
			free_file(ff);
			continue;
		}
		if (!st)
			st = new_stream(f, ff->untimed);
		if (!st || stream_add_file(st, id) != LL_OK) {
			add_note(f, "%s: not merged (out of memory)", ff->e.name);
			continue;
		}
		ff->stream = (size_t)(st - f->streams);
		add_note(f, "%s: new file, merged after the rows already shown", ff->e.name);
	}
	free(got);
	size_t ns = atomic_load_explicit(&f->nstreams, memory_order_relaxed);
	for (size_t s = 0; s < ns; s++) {
		struct stream *st = &f->streams[s];
		if (!st->nfiles)
			continue;
		struct ffile *ff = file_at(f, st->files[st->nfiles - 1]);
		if (ff->gone)
			continue;
		size_t before_avail;
		fsrc_view(&ff->src, &before_avail);
		struct ll_err e;
		ll_err_clear(&e);
		int g = fsrc_grow(&ff->src, &e);
		if (g < 0) {
			ff->gone = 1;
			atomic_store(&ff->seen_size, -2);
			add_note(f, "%s: %s; its rows so far are kept", ff->e.name,
				 e.msg[0] ? e.msg : "truncated, replaced or removed while open");
		} else if (g > 0) {
			size_t after;
			fsrc_view(&ff->src, &after);
			atomic_fetch_add(&f->bytes_total, after - before_avail);
			atomic_store(&ff->seen_size, ff->src.disk_size);
		}
	}
}

static void *merge_main(void *arg)
{
	struct ds_fleet *f = arg;
	for (;;) {
		int rc = merge_timed(f);
		if (rc == LL_OK)
			rc = merge_untimed(f);
		if (rc != LL_OK)
			add_note(f, "out of memory after %zu rows: the merge stopped there", f->count);
		publish(f);
		pthread_mutex_lock(&f->wake_lock);
		if (!f->work)
			atomic_store_explicit(&f->complete, 1, memory_order_release);
		while (!f->work && !stopping(f))
			pthread_cond_wait(&f->wake, &f->wake_lock);
		f->work = 0;
		pthread_mutex_unlock(&f->wake_lock);
		if (stopping(f) || rc != LL_OK)
			break;
		take_growth(f);
	}
	atomic_store_explicit(&f->complete, 1, memory_order_release);
	return NULL;
}

/* ---- open and close ---- */

static void free_ptr(void *p) { free(p); }

void ds_fleet_close(struct ds_fleet *f)
{
	if (!f)
		return;
	if (f->started) {
		pthread_mutex_lock(&f->wake_lock);
		atomic_store(&f->stop, 1);
		pthread_cond_broadcast(&f->wake);
		pthread_mutex_unlock(&f->wake_lock);
		pthread_join(f->thread, NULL);
	}
	for (size_t i = 0; i < f->npending; i++)
		free_file(f->pending[i]);
	free(f->pending);
	seg_free(&f->files, free_file);
	seg_free(&f->chunks, free_ptr);
	seg_free(&f->cps, free_ptr);
	seg_free(&f->hosts, free_ptr);
	for (size_t s = 0; s < atomic_load(&f->nstreams); s++)
		free(f->streams[s].files);
	free(f->streams);
	ll_slots_free(&f->host_ix);
	for (size_t i = 0; i < f->nnotes; i++)
		free(f->notes[i]);
	free(f->notes);
	free(f->batch);
	free(f->ui.c);
	for (size_t i = 0; i < f->nspecs; i++)
		free(f->specs[i]);
	free(f->specs);
	free(f->title);
	pthread_mutex_destroy(&f->lock);
	pthread_mutex_destroy(&f->ui_lock);
	pthread_mutex_destroy(&f->wake_lock);
	pthread_cond_destroy(&f->wake);
	free(f);
}

static int copy_specs(struct ds_fleet *f, const char *const *specs, size_t n)
{
	size_t len = 1;
	if (!(f->specs = calloc(n ? n : 1, sizeof *f->specs)))
		return LL_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (!(f->specs[i] = strdup(specs[i])))
			return LL_ENOMEM;
		f->nspecs++;
		len += strlen(specs[i]) + 1;
	}
	if (!(f->title = malloc(len)))
		return LL_ENOMEM;
	f->title[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(f->title, " ");
		strcat(f->title, specs[i]);
	}
	return LL_OK;
}

int ds_fleet_open(struct ds_fleet **out, const char *const *specs, size_t nspecs, const struct ds_open_opts *opts,
		  const struct ds_fleet_watch *watch, struct ll_err *err)
{
	*out = NULL;
	if (opts && opts->format) {
		const struct ds_reader *r = ds_reader_find(opts->format);
		if (!r)
			return ll_err_set(err, LL_EUSAGE, "unknown format '%s' (see `loglab info --formats`)",
					  opts->format);
		if (!r->line)
			return ll_err_set(err, LL_EUSAGE, "format %s is a table; a fleet merges log files", r->name);
	}
	struct ds_fleet *f = calloc(1, sizeof *f);
	if (!f)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	pthread_mutex_init(&f->lock, NULL);
	pthread_mutex_init(&f->ui_lock, NULL);
	pthread_mutex_init(&f->wake_lock, NULL);
	pthread_cond_init(&f->wake, NULL);
	atomic_init(&f->nfiles, 0);
	atomic_init(&f->nstreams, 0);
	atomic_init(&f->nrows, 0);
	atomic_init(&f->nhosts, 0);
	atomic_init(&f->bytes_done, 0);
	atomic_init(&f->bytes_total, 0);
	atomic_init(&f->stop, 0);
	atomic_init(&f->complete, 0);
	if (opts)
		f->opts = *opts;
	ds_open_opts_split(&f->opts);
	f->opts.display_name = f->opts.source_note = NULL;
	f->opts.format = NULL;
	if (watch && watch->rows) {
		f->watch = *watch;
		f->watching = 1;
	}
	if (copy_specs(f, specs, nspecs) != LL_OK || !(f->batch = malloc(PUBLISH_ROWS * sizeof *f->batch))) {
		ds_fleet_close(f);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	if (opts && opts->format)
		f->opts.format = ds_reader_find(opts->format)->name;
	struct ds_fleet_list *l;
	int rc = ds_fleet_find((const char *const *)f->specs, f->nspecs, &l, err);
	if (rc != LL_OK) {
		ds_fleet_close(f);
		return rc;
	}
	rc = open_all(f, l, err);
	ds_fleet_list_free(l);
	if (rc != LL_OK) {
		ds_fleet_close(f);
		return rc;
	}
	size_t ns = atomic_load(&f->nstreams);
	f->B = 4096;
	while (f->B < 16 * ns && f->B < ((size_t)1 << 20))
		f->B *= 2;
	f->last_find_ms = now_ms();
	if (pthread_create(&f->thread, NULL, merge_main, f) != 0) {
		ds_fleet_close(f);
		return ll_err_set(err, LL_ENOMEM, "cannot start the merge thread");
	}
	f->started = 1;
	*out = f;
	return LL_OK;
}

/* ---- queries ---- */

const char *ds_fleet_title(const struct ds_fleet *f) { return f->title; }
const struct ds_reader *ds_fleet_reader(const struct ds_fleet *f) { return f->reader; }

size_t ds_fleet_nfiles(const struct ds_fleet *f)
{
	return atomic_load_explicit(&((struct ds_fleet *)f)->nfiles, memory_order_acquire);
}

const char *ds_fleet_file_path(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff ? ff->e.path : NULL;
}

const char *ds_fleet_file_name(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff ? ff->e.name : NULL;
}

const char *ds_fleet_file_host(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff ? ff->e.host : NULL;
}

const char *ds_fleet_file_line_host(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	int lh = ff ? atomic_load_explicit(&ff->line_host, memory_order_relaxed) : -1;
	return lh >= 0 ? ds_fleet_host_name(f, (unsigned)lh) : NULL;
}

size_t ds_fleet_file_chain(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff ? ff->stream : 0;
}

const struct ds_reader *ds_fleet_file_reader(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff ? ff->reader : NULL;
}

size_t ds_fleet_file_rows(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff ? atomic_load_explicit(&ff->rows, memory_order_relaxed) : 0;
}

size_t ds_fleet_file_misfits(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff ? atomic_load_explicit(&ff->misfits, memory_order_relaxed) : 0;
}

size_t ds_fleet_file_labelled(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff ? atomic_load_explicit(&ff->labelled, memory_order_relaxed) : 0;
}

int ds_fleet_file_year(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff && ff->yearless ? ff->first_year : 0;
}

int ds_fleet_file_untimed(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff ? ff->untimed : 0;
}

int ds_fleet_file_latin1(const struct ds_fleet *f, size_t i)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	return ff && ff->src.conv && ff->src.conv->latin1;
}

void ds_fleet_file_time_range(const struct ds_fleet *f, size_t i, double *tmin, double *tmax)
{
	struct ffile *ff = i < ds_fleet_nfiles(f) ? file_at(f, i) : NULL;
	*tmin = ff ? atomic_load_explicit(&ff->tmin, memory_order_relaxed) : NAN;
	*tmax = ff ? atomic_load_explicit(&ff->tmax, memory_order_relaxed) : NAN;
}

size_t ds_fleet_nrows(const struct ds_fleet *f)
{
	return atomic_load_explicit(&((struct ds_fleet *)f)->nrows, memory_order_acquire);
}

int ds_fleet_complete(const struct ds_fleet *f)
{
	return atomic_load_explicit(&((struct ds_fleet *)f)->complete, memory_order_acquire);
}

double ds_fleet_progress(const struct ds_fleet *f)
{
	if (ds_fleet_complete(f))
		return 1.0;
	double done = (double)atomic_load(&((struct ds_fleet *)f)->bytes_done);
	double total = (double)atomic_load(&((struct ds_fleet *)f)->bytes_total);
	return total > 0 ? (done < total ? done / total : 0.99) : 0.0;
}

size_t ds_fleet_nnotes(const struct ds_fleet *f)
{
	struct ds_fleet *m = (struct ds_fleet *)f;
	pthread_mutex_lock(&m->lock);
	size_t n = m->nnotes;
	pthread_mutex_unlock(&m->lock);
	return n;
}

const char *ds_fleet_note(const struct ds_fleet *f, size_t i)
{
	struct ds_fleet *m = (struct ds_fleet *)f;
	pthread_mutex_lock(&m->lock);
	const char *s = i < m->nnotes ? m->notes[i] : NULL;
	pthread_mutex_unlock(&m->lock);
	return s;
}

size_t ds_fleet_nhosts(const struct ds_fleet *f)
{
	return atomic_load_explicit(&((struct ds_fleet *)f)->nhosts, memory_order_acquire);
}

const char *ds_fleet_host_name(const struct ds_fleet *f, size_t h)
{
	if (h == HOST_MAX)
		return "(other hosts)";
	return h < ds_fleet_nhosts(f) ? seg_get(&f->hosts, h) : NULL;
}

static const struct rowchunk *chunk_of(const struct ds_fleet *f, size_t row)
{
	return seg_get(&f->chunks, row >> ROW_SHIFT);
}

size_t ds_fleet_row_file(const struct ds_fleet *f, size_t row)
{
	if (row >= ds_fleet_nrows(f))
		return SIZE_MAX;
	return chunk_of(f, row)->file[row & (ROW_CHUNK - 1)];
}

size_t ds_fleet_row_host(const struct ds_fleet *f, size_t row)
{
	if (row >= ds_fleet_nrows(f))
		return SIZE_MAX;
	return chunk_of(f, row)->host[row & (ROW_CHUNK - 1)];
}

/* ---- finding rows again ---- */

static int walker_reset(const struct ds_fleet *f, struct walker *w, size_t row)
{
	size_t k = row / f->B;
	const struct checkpoint *cp = seg_get(&f->cps, k);
	size_t ns = atomic_load_explicit(&((struct ds_fleet *)f)->nstreams, memory_order_acquire);
	if (ns > w->nc) {
		struct cur *c = realloc(w->c, ns * sizeof *c);
		if (!c)
			return LL_ENOMEM;
		w->c = c;
		w->nc = ns;
	}
	for (size_t s = 0; s < w->nc; s++)
		w->c[s] = cp && s < cp->nstreams ? cp->c[s] : (struct cur){NO_FILE, 0, 0, 0};
	w->row = k * f->B;
	w->valid = 1;
	return LL_OK;
}

/* Steps the walker over its row; fills out when not NULL. */
static int walker_step(const struct ds_fleet *f, struct walker *w, struct ds_fleet_row *out)
{
	const struct rowchunk *ch = chunk_of(f, w->row);
	size_t id = ch->file[w->row & (ROW_CHUNK - 1)];
	struct ffile *ff = file_at(f, id);
	if (!ff)
		return LL_EDATA;
	if (ff->stream >= w->nc) {
		/* a stream added by tail mode: it had not started at the checkpoint */
		size_t ns = ff->stream + 1;
		struct cur *c = realloc(w->c, ns * sizeof *c);
		if (!c)
			return LL_ENOMEM;
		for (size_t s = w->nc; s < ns; s++)
			c[s] = (struct cur){NO_FILE, 0, 0, 0};
		w->c = c;
		w->nc = ns;
	}
	struct cur *c = &w->c[ff->stream];
	if (c->file != id)
		*c = (struct cur){(uint32_t)id, 0, 0, 0};
	size_t avail;
	const char *data = fsrc_view(&ff->src, &avail);
	int nl;
	if (c->partial) {
		size_t end = line_end(data, avail, c->off, &nl);
		c->off = nl ? end + 1 : end;
		c->partial = 0;
	}
	size_t end = line_end(data, avail, c->off, &nl);
	if (out) {
		out->file = id;
		out->line = c->line;
		out->host = ch->host[w->row & (ROW_CHUNK - 1)];
		out->text = data ? data + c->off : "";
		out->len = data ? text_len(data, c->off, end) : 0;
		out->year = 0;
		if (ff->yearless) {
			int n = atomic_load_explicit(&ff->nroll, memory_order_acquire), y = ff->first_year;
			for (int k = 0; k < n; k++)
				if (ff->roll[k] <= c->line)
					y++;
			out->year = y;
		}
	}
	c->line++;
	if (nl) {
		c->off = end + 1;
	} else {
		c->off = end;
		c->partial = 1;
	}
	w->row++;
	return LL_OK;
}

static int walk_to(const struct ds_fleet *f, struct walker *w, size_t row, struct ds_fleet_row *out)
{
	if (!w->valid || row < w->row || row - w->row > f->B) {
		if (walker_reset(f, w, row) != LL_OK)
			return 0;
	}
	while (w->row < row)
		if (walker_step(f, w, NULL) != LL_OK)
			return 0;
	return walker_step(f, w, out) == LL_OK;
}

int ds_fleet_row(struct ds_fleet *f, size_t row, struct ds_fleet_row *out)
{
	if (row >= ds_fleet_nrows(f))
		return 0;
	pthread_mutex_lock(&f->ui_lock);
	int ok = walk_to(f, &f->ui, row, out);
	pthread_mutex_unlock(&f->ui_lock);
	return ok;
}

int ds_fleet_rows_of_file(struct ds_fleet *f, size_t i, size_t *rows, size_t n)
{
	size_t total = ds_fleet_nrows(f), k = 0;
	for (size_t r = 0; r < total && k < n; r++)
		if (chunk_of(f, r)->file[r & (ROW_CHUNK - 1)] == i)
			rows[k++] = r;
	return k == n ? LL_OK : LL_EUSAGE;
}

struct ds_fleet_iter {
	struct ds_fleet *f;
	struct walker w;
	size_t next;
};

int ds_fleet_iter_new(struct ds_fleet *f, size_t first_row, struct ds_fleet_iter **out)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return LL_ENOMEM;
	(*out)->f = f;
	(*out)->next = first_row;
	return LL_OK;
}

int ds_fleet_iter_next(struct ds_fleet_iter *it, size_t *row, struct ds_fleet_row *out)
{
	if (it->next >= ds_fleet_nrows(it->f))
		return 0;
	struct ds_fleet_row tmp;
	if (!walk_to(it->f, &it->w, it->next, out ? out : &tmp))
		return 0;
	if (row)
		*row = it->next;
	it->next++;
	return 1;
}

void ds_fleet_iter_free(struct ds_fleet_iter *it)
{
	if (!it)
		return;
	free(it->w.c);
	free(it);
}

/* ---- tail mode ---- */

static int known_file(const struct ds_fleet *f, uint64_t dev, uint64_t ino)
{
	for (size_t i = 0, n = ds_fleet_nfiles(f); i < n; i++) {
		const struct ffile *ff = file_at(f, i);
		if (ff->e.dev == dev && ff->e.ino == ino)
			return 1;
	}
	for (size_t i = 0; i < f->npending; i++)
		if (f->pending[i]->e.dev == dev && f->pending[i]->e.ino == ino)
			return 1;
	return 0;
}

/* New files the specs match now, opened here and queued for the merge. */
static size_t find_new(struct ds_fleet *f)
{
	struct ds_fleet_list *l;
	struct ll_err err;
	if (ds_fleet_find((const char *const *)f->specs, f->nspecs, &l, &err) != LL_OK)
		return 0;
	size_t added = 0;
	const struct ds_reader *prev = f->reader;
	for (size_t i = 0; i < l->n; i++) {
		pthread_mutex_lock(&f->wake_lock);
		int known = known_file(f, l->e[i].dev, l->e[i].ino);
		pthread_mutex_unlock(&f->wake_lock);
		if (known)
			continue;
		const char *s;
		size_t n;
		struct ffile *ff = open_file(f, &l->e[i], &prev, &s, &n);
		if (!ff)
			continue;
		if (!ff->reader)
			set_reader(ff, f->reader);
		int by_name;
		if (ff->lead_known && ff->yearless && !(ff->first_year = f->opts.default_year) &&
		    !(ff->first_year = own_year(ff, s, n, &by_name)))
			ff->first_year = year_before(ff, s, n, (double)ff->e.mtime);
		if (ff->lead_known)
			parse_stamp(ff, s, n, ff->first_year ? ff->first_year : 2001, &ff->lead);
		pthread_mutex_lock(&f->wake_lock);
		if (f->npending == f->pendcap) {
			size_t cap = f->pendcap ? 2 * f->pendcap : 8;
			struct ffile **p = realloc(f->pending, cap * sizeof *p);
			if (!p) {
				pthread_mutex_unlock(&f->wake_lock);
				free_file(ff);
				break;
			}
			f->pending = p;
			f->pendcap = cap;
		}
		f->pending[f->npending++] = ff;
		pthread_mutex_unlock(&f->wake_lock);
		added++;
	}
	ds_fleet_list_free(l);
	return added;
}

size_t ds_fleet_refresh(struct ds_fleet *f)
{
	size_t grown = 0;
	/* A stat per file; the merge thread maps the new bytes itself. */
	for (size_t i = 0, n = ds_fleet_nfiles(f); i < n; i++) {
		struct ffile *ff = file_at(f, i);
		long long seen = atomic_load(&ff->seen_size);
		struct stat st;
		if (seen < 0 || ff->src.gz || stat(ff->e.path, &st) != 0)
			continue;
		if ((long long)st.st_size != seen)
			grown++;
	}
	double t = now_ms();
	if (t - f->last_find_ms >= REFIND_MS) {
		f->last_find_ms = t;
		grown += find_new(f);
	}
	if (grown) {
		pthread_mutex_lock(&f->wake_lock);
		f->work = 1;
		atomic_store_explicit(&f->complete, 0, memory_order_release);
		pthread_cond_broadcast(&f->wake);
		pthread_mutex_unlock(&f->wake_lock);
	}
	return grown;
}

double ds_fleet_bytes_per_row(const struct ds_fleet *f)
{
	size_t ns = atomic_load_explicit(&((struct ds_fleet *)f)->nstreams, memory_order_relaxed);
	return 2.0 * sizeof(uint16_t) + (double)(sizeof(struct checkpoint) + ns * sizeof(struct cur)) / (double)f->B;
}
