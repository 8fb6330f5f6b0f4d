/*
 * ds_fleet_tables.c - a fleet of table files loaded as one table (see
 * ds_fleet_tables.h; which fleets are of tables: ds_fleet_tables_probe.c).
 *
 * Three steps: every file is read into a table of its own (read_file);
 * the columns are united by name and typed (unite); the rows are ordered
 * (order: the k-way merge by time) and copied into the merged table
 * (fill), with each row's file, own row number and host kept so labels can
 * go to each file's own journal. Every file's table is held until the
 * copy, so the peak is about twice the merged table.
 */
#include "ds_fleet_tables.h"
#include "ds_binary.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ds_fleet.h"
#include "ds_units.h"
#include "ll_names.h"

#define BINARY_HEAD (64 * 1024)

struct tfile {
	char *path, *name, *host;
	const struct ds_reader *reader;
	struct ll_table *t;   /* until copied */
	size_t nrows;
	size_t *cols, ncols;  /* merged column of each own column */
	int *units;           /* what values with units each own column read as (enum ds_units_kind) */
	const double **num;   /* a number column's values when its merged column is one too */
	int *cls;             /* merged class of each own class */
	double *times;        /* each row's time for the merge, or NULL: untimed */
	double tmin, tmax;    /* range of its time column (NaN: none) */
	int clock;            /* its own clock column (ll_table_clock), -1: none */
	size_t first_row;     /* its first merged row (SIZE_MAX: none yet) */
};

struct ds_fleet_tables {
	char *title;
	struct tfile *f;
	size_t n;
	struct ll_table *t;
	uint32_t *row_file;
	size_t *row_line, *file_host, nrows;
	struct ll_names hosts;
	int host_col, file_col, timed;
	/* notes met before the merged table exists: text (without the file's
	 * name) -> count, first file */
	struct ll_names notes;
	size_t *note_count;
	char **note_first;
	size_t note_cap, nnote_slots;
	int oom;
};

/* ---- notes: one per distinct text, naming its first file and how many ---- */

static void note(struct ds_fleet_tables *tf, const char *file, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(struct ds_fleet_tables *tf, const char *file, const char *fmt, ...)
{
	char buf[LL_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	size_t n0 = tf->notes.n;
	int id = ll_names_add(&tf->notes, buf, strlen(buf));
	if (id < 0) {
		tf->oom = 1;
		return;
	}
	if ((size_t)id == n0) {
		if (n0 == tf->note_cap) {
			size_t cap = tf->note_cap ? 2 * tf->note_cap : 16;
			size_t *c = realloc(tf->note_count, cap * sizeof *c);
			if (c)
				tf->note_count = c;
			char **p = c ? realloc(tf->note_first, cap * sizeof *p) : NULL;
			if (!p) {
				tf->oom = 1; /* the name stays without a count: never flushed */
				return;
			}
			tf->note_first = p;
			tf->note_cap = cap;
		}
		tf->note_count[id] = 0;
		if (!(tf->note_first[id] = file ? strdup(file) : NULL) && file)
			tf->oom = 1;
		tf->nnote_slots = n0 + 1;
	}
	if ((size_t)id < tf->nnote_slots)
		tf->note_count[id]++;
}

static int flush_notes(struct ds_fleet_tables *tf)
{
	for (size_t i = 0; i < tf->nnote_slots; i++) {
		const char *text = ll_names_get(&tf->notes, i), *first = tf->note_first[i];
		size_t k = tf->note_count[i];
		int rc = !first ? ll_table_note(tf->t, "%s", text)
			 : k == 1 ? ll_table_note(tf->t, "%s: %s", first, text)
				  : ll_table_note(tf->t, "%s and %zu other file%s: %s", first, k - 1, k == 2 ? "" : "s", text);
		if (rc != LL_OK)
			return rc;
	}
	return LL_OK;
}

/* ---- reading each file ---- */

/* A reader's message about path without the path it starts with, since
 * the note names the file: "PATH: why" is "why", "PATH:12: why" is
 * "line 12: why". Into buf. */
static const char *reason(const char *msg, const char *path, char *buf, size_t cap)
{
	size_t n = strlen(path);
	if (strncmp(msg, path, n) != 0 || msg[n] != ':')
		return msg;
	const char *p = msg + n + 1;
	size_t d = strspn(p, "0123456789");
	if (d && p[d] == ':') {
		snprintf(buf, cap, "line %.*s:%s", (int)d, p, p + d + 1);
		return buf;
	}
	return p + strspn(p, " ");
}

/* The extension of a name ("csv"), or "" when it has none. */
static const char *extension(const char *name)
{
	const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');
	return dot && (!slash || dot > slash) && dot[1] ? dot + 1 : "";
}

/* Reads file f into f->t. A file that cannot be read, or that is a log or
 * plain text (a README or a licence beside the tables), is left out with a
 * note (f->t stays NULL), as a fleet of logs leaves out its tables. */
static int read_file(struct ds_fleet_tables *tf, struct tfile *f, const struct ds_open_opts *opts,
		     const struct ds_reader *forced, struct ll_err *err)
{
	struct ds_open_opts o = *opts;
	struct ll_err why;
	ll_err_clear(&why);
	char rb[LL_ERR_MSG_MAX];
	struct ds_source *src = NULL;
	if (ds_source_open(&src, f->path, &why) != LL_OK) {
		note(tf, f->name, "left out: %s", reason(why.msg, f->path, rb, sizeof rb));
		return LL_OK;
	}
	if (!src->size) {
		note(tf, f->name, "left out: empty");
		ds_source_close(src);
		return LL_OK;
	}
	size_t head = src->size < BINARY_HEAD ? src->size : BINARY_HEAD;
	const char *nul = forced ? NULL : memchr(src->data, '\0', head);
	if (nul) {
		/* binary: read only when a table reader claims it (a workbook) */
		const struct ds_reader *bin = ds_reader_detect(f->path, src->data, head);
		if (bin && !bin->line) {
			forced = bin;
			nul = NULL;
		}
	}
	if (nul) {
		char what[160];
		ds_binary_describe(src->data, src->size, (size_t)(nul - src->data), what, sizeof what);
		note(tf, f->name, "left out: %s", what);
		ds_source_close(src);
		return LL_OK;
	}
	const struct ds_reader *r = ds_reader_prepare(src, f->path, forced, &o, &why);
	int rc = LL_OK;
	if (!r) {
		rc = why.code == LL_ENOMEM ? ll_err_set(err, LL_ENOMEM, "%s", why.msg) : LL_OK;
		if (rc == LL_OK)
			note(tf, f->name, "left out: %s", reason(why.msg, f->path, rb, sizeof rb));
	} else if (r->line) {
		const char *ext = tf->n ? extension(tf->f[0].name) : "";
		note(tf, f->name, "left out: not a table (it reads as %s) among tables (name the tables alone, e.g. "
				  "with a glob such as '*.%s')",
		     r->name, *ext ? ext : "csv");
	} else if (r->load(src, &o, &f->t, &why) != LL_OK) {
		rc = why.code == LL_ENOMEM ? ll_err_set(err, LL_ENOMEM, "%s", why.msg) : LL_OK;
		if (rc == LL_OK)
			note(tf, f->name, "left out: %s", reason(why.msg, f->path, rb, sizeof rb));
		f->t = NULL;
	} else if (!(f->units = malloc((ll_table_ncols(f->t) ? ll_table_ncols(f->t) : 1) * sizeof *f->units)) ||
		   ds_reader_settle_table(f->t, f->path, o.label_column, f->units, &why) != LL_OK) {
		/* values with units, and label_column, as each file alone reads them
		 * (ds_load); a file without the label column is left out */
		rc = !f->units || why.code == LL_ENOMEM ? ll_err_set(err, LL_ENOMEM, "%s: out of memory", f->path) : LL_OK;
		if (rc == LL_OK)
			note(tf, f->name, "left out: %s", reason(why.msg, f->path, rb, sizeof rb));
		ll_table_free(f->t);
		f->t = NULL;
	} else {
		f->reader = r;
		f->nrows = ll_table_nrows(f->t);
		if (src->note)
			note(tf, f->name, "%s", src->note);
		for (size_t k = 0; k < ll_table_nnotes(f->t); k++)
			note(tf, f->name, "%s", reason(ll_table_note_text(f->t, k), f->path, rb, sizeof rb));
		if (ll_table_nsegments(f->t))
			note(tf, f->name, "labelled segments are not kept in a fleet (open the file alone)");
	}
	ds_source_close(src);
	return rc;
}

/* ---- columns ---- */

static const char *type_word(enum ll_coltype t)
{
	return t == LL_COL_NUM ? "a number" : t == LL_COL_TIME ? "a time" : "text";
}

static const char *units_word(int kind)
{
	return kind == DS_UNITS_SECONDS ? "durations in seconds" : kind == DS_UNITS_BYTES ? "sizes in bytes" : "sizes in KiB";
}

/* The name of the fleet's own column: want, or "fleet.want" when a file
 * has a column of that name. */
static int add_own_column(struct ll_table *t, const struct ll_names *names, const char *want)
{
	char buf[32];
	snprintf(buf, sizeof buf, "fleet.%s", want);
	return ll_table_add_column(t, ll_names_find(names, want, strlen(want)) < 0 ? want : buf, LL_COL_TEXT);
}

/* 1 when kinds a and b are sizes, one in KiB and the other in bytes. */
static int sizes_both(int a, int b)
{
	return (a == DS_UNITS_KIB && b == DS_UNITS_BYTES) || (a == DS_UNITS_BYTES && b == DS_UNITS_KIB);
}

/* File f's columns of sizes in KiB whose merged column is of bytes (another
 * file's sizes are) into bytes, with a note; types and units are the
 * merged columns'. */
static int kib_to_bytes(struct ds_fleet_tables *tf, struct tfile *f, const enum ll_coltype *types, const int *units)
{
	for (size_t c = 0; f->units && c < f->ncols; c++) {
		size_t id = f->cols[c];
		if (f->units[c] != DS_UNITS_KIB || units[id] != DS_UNITS_BYTES || types[id] != LL_COL_NUM)
			continue;
		for (size_t r = 0; r < ll_table_nrows(f->t); r++) {
			double v = ll_table_num(f->t, r, c);
			if (!isnan(v) && ll_table_set_num(f->t, r, c, v * 1024) != LL_OK)
				return LL_ENOMEM;
		}
		f->units[c] = DS_UNITS_BYTES;
		note(tf, f->name, "column '%s' is sizes in KiB there and in bytes in another file: read in bytes",
		     ll_table_col_name(f->t, c));
	}
	return LL_OK;
}

/* The union of the files' columns by name (text where types differ), the
 * label source, then "host" and "file". */
static int unite(struct ds_fleet_tables *tf, struct ll_err *err)
{
	struct ll_names names = {0};
	enum ll_coltype *types = NULL;
	int *units = NULL; /* the kind of values with units of each, first met */
	size_t cap = 0;
	int rc = LL_OK;
	const char *label_src = NULL;
	size_t label_file = 0;
	for (size_t i = 0; rc == LL_OK && i < tf->n; i++) {
		struct tfile *f = &tf->f[i];
		f->ncols = ll_table_ncols(f->t);
		if (!(f->cols = malloc((f->ncols ? f->ncols : 1) * sizeof *f->cols)))
			rc = LL_ENOMEM;
		for (size_t c = 0; rc == LL_OK && c < f->ncols; c++) {
			const char *name = ll_table_col_name(f->t, c);
			enum ll_coltype ty = ll_table_col_type(f->t, c);
			size_t n0 = names.n;
			int id = ll_names_add(&names, name, strlen(name));
			if (id >= 0 && (size_t)id == n0 && n0 == cap) {
				enum ll_coltype *t2 = realloc(types, (cap ? 2 * cap : 64) * sizeof *t2);
				if (t2)
					types = t2;
				int *u2 = t2 ? realloc(units, (cap ? 2 * cap : 64) * sizeof *u2) : NULL;
				if (u2) {
					units = u2;
					cap = cap ? 2 * cap : 64;
				}
			}
			if (id < 0 || (size_t)id >= cap) {
				rc = LL_ENOMEM;
				break;
			}
			f->cols[c] = (size_t)id;
			int kind = f->units ? f->units[c] : DS_UNITS_NONE;
			if (kind == DS_UNITS_NONE && f->units) { /* read with their units by the reader itself */
				kind = ds_units_marked(f->t, name);
				f->units[c] = kind;
			}
			if ((size_t)id == n0) {
				types[id] = ty;
				units[id] = kind;
			} else if (types[id] == LL_COL_NUM && ty == LL_COL_NUM && sizes_both(kind, units[id])) {
				/* KiB in one file, bytes in another: sizes both, joined
				 * in bytes (kib_to_bytes, once every file is seen) */
				units[id] = DS_UNITS_BYTES;
			} else if (types[id] == LL_COL_NUM && ty == LL_COL_NUM && kind != units[id] &&
				   kind != DS_UNITS_NONE && units[id] != DS_UNITS_NONE) {
				/* seconds and bytes are no column of numbers (ds_units.h) */
				note(tf, f->name, "column '%s' is %s there but %s in a file before it: text on every row",
				     name, units_word(kind), units_word(units[id]));
				types[id] = LL_COL_TEXT;
			} else if (types[id] != ty) {
				/* one note for every file with the same conflict, with their count */
				note(tf, f->name, "column '%s' is %s there but %s in a file before it: text on every row",
				     name, type_word(ty), type_word(types[id]));
				types[id] = LL_COL_TEXT;
			}
		}
		int src = rc == LL_OK ? ll_table_label_source(f->t) : -1;
		const char *ln = src >= 0 ? ll_table_col_name(f->t, (size_t)src) : NULL;
		if (ln && !label_src) {
			label_src = ln;
			label_file = i;
		} else if (ln && strcmp(label_src, ln) != 0) {
			rc = ll_err_set(err, LL_EDATA,
					"%s: labels from column '%s' but %s's from '%s'; name one column with the "
					"format, e.g. --format %s:label=%s",
					f->path, ln, tf->f[label_file].path, label_src, f->reader->name, label_src);
		}
	}
	for (size_t i = 0; rc == LL_OK && i < tf->n; i++)
		rc = kib_to_bytes(tf, &tf->f[i], types, units);
	for (size_t id = 0; rc == LL_OK && id < names.n; id++)
		if (ll_table_add_column(tf->t, ll_names_get(&names, id), types[id]) != (int)id)
			rc = LL_ENOMEM;
	if (rc == LL_OK && label_src)
		ll_table_set_label_source(tf->t, ll_names_find(&names, label_src, strlen(label_src)));
	if (rc == LL_OK && ((tf->host_col = add_own_column(tf->t, &names, "host")) < 0 ||
			    (tf->file_col = add_own_column(tf->t, &names, "file")) < 0))
		rc = LL_ENOMEM;
	ll_names_free(&names);
	free(types);
	free(units);
	return rc == LL_ENOMEM ? ll_err_set(err, LL_ENOMEM, "%s: out of memory for the columns", tf->title) : rc;
}

/* Each file's classes as the merged table's, in file order. */
static int map_classes(struct ds_fleet_tables *tf)
{
	for (size_t i = 0; i < tf->n; i++) {
		struct tfile *f = &tf->f[i];
		size_t nc = ll_table_nclasses(f->t);
		if (!(f->cls = malloc((nc ? nc : 1) * sizeof *f->cls)))
			return LL_ENOMEM;
		for (size_t k = 0; k < nc; k++) {
			const char *name = ll_table_class_name(f->t, k);
			if ((f->cls[k] = ll_table_class_id(tf->t, name, strlen(name))) < 0)
				return LL_ENOMEM;
		}
	}
	return LL_OK;
}

/* ---- order ---- */

/* Each row's time for the merge (a row without one takes the time before
 * it, the first rows the file's first); NULL when the file has none. */
static int file_times(struct tfile *f)
{
	int tc = f->clock = ll_table_clock(f->t, -1);
	if (tc < 0)
		return LL_OK;
	const double *v = ll_table_column_data(f->t, (size_t)tc);
	size_t first = 0;
	while (first < f->nrows && isnan(v[first]))
		first++;
	if (first == f->nrows)
		return LL_OK;
	if (!(f->times = malloc(f->nrows * sizeof *f->times)))
		return LL_ENOMEM;
	double last = v[first];
	f->tmin = f->tmax = last;
	for (size_t r = 0; r < f->nrows; r++) {
		if (!isnan(v[r])) {
			last = v[r];
			f->tmin = last < f->tmin ? last : f->tmin;
			f->tmax = last > f->tmax ? last : f->tmax;
		}
		f->times[r] = r < first ? v[first] : last;
	}
	return LL_OK;
}

struct cursor {
	size_t file, row;
};

static int before(const struct ds_fleet_tables *tf, const struct cursor *a, const struct cursor *b)
{
	double x = tf->f[a->file].times[a->row], y = tf->f[b->file].times[b->row];
	return x < y || (x == y && a->file < b->file);
}

static void sift_down(const struct ds_fleet_tables *tf, struct cursor *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && before(tf, &h[l], &h[m]))
			m = l;
		if (l + 1 < n && before(tf, &h[l + 1], &h[m]))
			m = l + 1;
		if (m == i)
			return;
		struct cursor t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void place(struct ds_fleet_tables *tf, size_t *k, size_t file, size_t row)
{
	tf->row_file[*k] = (uint32_t)file;
	tf->row_line[*k] = row;
	(*k)++;
}

/* Every row's file and own row number, in the fleet's order: the timed
 * files merged, then the untimed ones whole, in file order (as a fleet of
 * logs orders its untimed files). */
static int order(struct ds_fleet_tables *tf)
{
	size_t total = 0, ntimed = 0;
	for (size_t i = 0; i < tf->n; i++) {
		total += tf->f[i].nrows;
		if (file_times(&tf->f[i]) != LL_OK)
			return LL_ENOMEM;
		if (tf->f[i].times)
			ntimed++;
		else if (tf->f[i].nrows)
			note(tf, tf->f[i].name, "no time column; its rows follow the merged ones in file order");
	}
	tf->nrows = total;
	tf->row_file = malloc((total ? total : 1) * sizeof *tf->row_file);
	tf->row_line = malloc((total ? total : 1) * sizeof *tf->row_line);
	struct cursor *heap = malloc((ntimed ? ntimed : 1) * sizeof *heap);
	if (!tf->row_file || !tf->row_line || !heap) {
		free(heap);
		return LL_ENOMEM;
	}
	size_t nh = 0, k = 0;
	for (size_t i = 0; i < tf->n; i++)
		if (tf->f[i].times)
			heap[nh++] = (struct cursor){i, 0};
	tf->timed = nh > 0;
	for (size_t i = nh / 2; i-- > 0;)
		sift_down(tf, heap, nh, i);
	while (nh) {
		place(tf, &k, heap[0].file, heap[0].row);
		if (++heap[0].row == tf->f[heap[0].file].nrows)
			heap[0] = heap[--nh];
		sift_down(tf, heap, nh, 0);
	}
	free(heap);
	for (size_t i = 0; i < tf->n; i++)
		for (size_t r = 0; !tf->f[i].times && r < tf->f[i].nrows; r++)
			place(tf, &k, i, r);
	return LL_OK;
}

/* ---- the merged table ---- */

static int copy_cell(struct ds_fleet_tables *tf, const struct tfile *f, size_t r, size_t c, size_t row, char **buf,
		     size_t *cap)
{
	size_t mc = f->cols[c];
	if (f->num[c])
		return ll_table_set_num(tf->t, row, mc, f->num[c][r]);
	/* a sparse column, cell by cell: row after row, its lookup keeps up */
	if (ll_table_col_type(tf->t, mc) != LL_COL_TEXT && ll_table_col_type(f->t, c) != LL_COL_TEXT)
		return ll_table_set_num(tf->t, row, mc, ll_table_num(f->t, r, c));
	if (ll_table_col_type(f->t, c) == LL_COL_TEXT) {
		const char *s = ll_table_text(f->t, r, c);
		return *s ? ll_table_set_text(tf->t, row, mc, s, strlen(s)) : LL_OK;
	}
	/* a number that stands as text beside another file's (seconds beside
	 * bytes) keeps the unit it was written with */
	int kind = f->units ? f->units[c] : DS_UNITS_NONE;
	const char *unit = kind == DS_UNITS_SECONDS ? " s" : kind == DS_UNITS_BYTES ? " B" : kind == DS_UNITS_KIB ? " KiB" : "";
	size_t n = ll_table_format_cell(f->t, r, c, *buf, *cap), ul = strlen(unit);
	if (n + ul >= *cap) {
		char *b = realloc(*buf, n + ul + 1);
		if (!b)
			return LL_ENOMEM;
		*buf = b;
		*cap = n + ul + 1;
		ll_table_format_cell(f->t, r, c, *buf, *cap);
	}
	if (n && ul)
		memcpy(*buf + n, unit, ul + 1);
	return n ? ll_table_set_text(tf->t, row, mc, *buf, n + (n ? ul : 0)) : LL_OK;
}

/* A row's host and file: text set once per file, then shared. */
static int set_origin(struct ds_fleet_tables *tf, struct tfile *f, size_t row)
{
	if (f->first_row != SIZE_MAX)
		return ll_table_copy_cell(tf->t, row, (size_t)tf->host_col, f->first_row) == LL_OK
			       ? ll_table_copy_cell(tf->t, row, (size_t)tf->file_col, f->first_row)
			       : LL_ENOMEM;
	f->first_row = row;
	int rc = ll_table_set_text(tf->t, row, (size_t)tf->host_col, f->host, strlen(f->host));
	return rc == LL_OK ? ll_table_set_text(tf->t, row, (size_t)tf->file_col, f->name, strlen(f->name)) : rc;
}

/* Each file's dense number columns that stay numbers, read straight from
 * their arrays in the copy (the per-cell accessors cost most of a large
 * fleet's load); a sparse one has no array, and a dense copy of it would
 * cost the memory it saves. */
static int prepare_copy(struct ds_fleet_tables *tf)
{
	for (size_t i = 0; i < tf->n; i++) {
		struct tfile *f = &tf->f[i];
		if (!(f->num = calloc(f->ncols ? f->ncols : 1, sizeof *f->num)))
			return LL_ENOMEM;
		for (size_t c = 0; c < f->ncols; c++)
			if (ll_table_col_type(tf->t, f->cols[c]) != LL_COL_TEXT)
				f->num[c] = ll_table_column_dense(f->t, c);
	}
	return LL_OK;
}

static int fill(struct ds_fleet_tables *tf)
{
	size_t cap = 256;
	if (prepare_copy(tf) != LL_OK)
		return LL_ENOMEM;
	char *buf = malloc(cap);
	if (!buf || ll_table_reserve(tf->t, tf->nrows) != LL_OK ||
	    !(tf->file_host = malloc((tf->n ? tf->n : 1) * sizeof *tf->file_host))) {
		free(buf);
		return LL_ENOMEM;
	}
	for (size_t i = 0; i < tf->n; i++)
		tf->file_host[i] = SIZE_MAX;
	int rc = LL_OK;
	for (size_t row = 0; rc == LL_OK && row < tf->nrows; row++) {
		struct tfile *f = &tf->f[tf->row_file[row]];
		size_t r = tf->row_line[row];
		if (ll_table_append_row(tf->t) < 0) {
			rc = LL_ENOMEM;
			break;
		}
		for (size_t c = 0; rc == LL_OK && c < f->ncols; c++)
			rc = copy_cell(tf, f, r, c, row, &buf, &cap);
		int cls = rc == LL_OK ? ll_table_label(f->t, r) : LL_NO_LABEL;
		if (cls >= 0)
			rc = ll_table_set_label(tf->t, row, f->cls[cls]);
		if (rc == LL_OK)
			rc = set_origin(tf, f, row);
		if (rc == LL_OK && tf->file_host[tf->row_file[row]] == SIZE_MAX) {
			int h = ll_names_add(&tf->hosts, f->host, strlen(f->host));
			rc = h < 0 ? LL_ENOMEM : LL_OK;
			tf->file_host[tf->row_file[row]] = h < 0 ? SIZE_MAX : (size_t)h;
		}
	}
	free(buf);
	return rc;
}

/* ---- open and close ---- */

static int copy_title(struct ds_fleet_tables *tf, const char *const *specs, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(specs[i]) + 1;
	if (!(tf->title = malloc(len)))
		return LL_ENOMEM;
	tf->title[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(tf->title, " ");
		strcat(tf->title, specs[i]);
	}
	return LL_OK;
}

/* 1 when files a and b sit in the same folder of the fleet. */
static int same_folder(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	size_t na = sa ? (size_t)(sa - a) : 0, nb = sb ? (size_t)(sb - b) : 0;
	return na == nb && memcmp(a, b, na) == 0;
}

/* A table none of whose columns any other table has, in a fleet where
 * other tables do share columns, and with no table of its format in its
 * folder, is another kind of table beside the series (an experiment's
 * ground truth in a folder of its own, a list of anomaly types next to
 * the metrics' folder): merged, its columns would be a block missing on
 * every other row, its times would stretch the fleet's span, and its rows
 * would be samples. It is left out with a note (named alone it still
 * reads). A table of the same format beside it keeps it: the same tool's
 * output under other column names (dstat's short names beside its long
 * ones), or another labeller's file of keys the others lack. When no two
 * tables share a column nothing marks one as odd, and all are kept.
 * Returns LL_ENOMEM or LL_OK. */
static int leave_out_strangers(struct ds_fleet_tables *tf)
{
	if (tf->n < 3)
		return LL_OK;
	struct ll_names all = {0};
	size_t *files = NULL, *last = NULL, cap = 0;
	int rc = LL_OK, shared = 0;
	for (size_t i = 0; rc == LL_OK && i < tf->n; i++)
		for (size_t c = 0; c < ll_table_ncols(tf->f[i].t); c++) {
			const char *nm = ll_table_col_name(tf->f[i].t, c);
			int id = ll_names_add(&all, nm, strlen(nm));
			if (id < 0) {
				rc = LL_ENOMEM;
				break;
			}
			if ((size_t)id >= cap) {
				size_t nc = cap ? cap * 2 : 256;
				while (nc <= (size_t)id)
					nc *= 2;
				size_t *a = realloc(files, nc * sizeof *a), *b = a ? realloc(last, nc * sizeof *b) : NULL;
				if (a)
					files = a;
				if (b)
					last = b;
				if (!a || !b) {
					rc = LL_ENOMEM;
					break;
				}
				memset(files + cap, 0, (nc - cap) * sizeof *files);
				memset(last + cap, 0, (nc - cap) * sizeof *last);
				cap = nc;
			}
			/* a file counts once per name (last: 1 + the file that counted last) */
			if (last[id] != i + 1) {
				last[id] = i + 1;
				shared |= ++files[id] >= 2;
			}
		}
	size_t kept = 0;
	for (size_t i = 0; i < tf->n; i++) {
		struct tfile *f = &tf->f[i];
		size_t nc = ll_table_ncols(f->t), c = 0;
		while (rc == LL_OK && shared && c < nc &&
		       files[ll_names_find(&all, ll_table_col_name(f->t, c), strlen(ll_table_col_name(f->t, c)))] < 2)
			c++;
		int sibling = 0;
		for (size_t j = 0; rc == LL_OK && shared && nc && c == nc && j < tf->n && !sibling; j++)
			sibling = j != i && tf->f[j].t && tf->f[j].reader == f->reader && same_folder(tf->f[j].name, f->name);
		if (rc == LL_OK && shared && nc && c == nc && !sibling) {
			note(tf, f->name, "left out: none of its %zu columns is in the other tables (another kind of table; "
					  "open it alone)", nc);
			ll_table_free(f->t);
			free(f->path);
			free(f->name);
			free(f->host);
			free(f->units);
			memset(f, 0, sizeof *f);
			continue;
		}
		if (kept != i) {
			tf->f[kept] = *f;
			memset(f, 0, sizeof *f);
		}
		kept++;
	}
	tf->n = kept;
	free(files);
	free(last);
	ll_names_free(&all);
	return rc;
}

/* The files of the list that could be read, in file order; the others are
 * freed (their notes say why). */
static int read_all(struct ds_fleet_tables *tf, struct ds_fleet_list *l, const struct ds_open_opts *o,
		    struct ll_err *err)
{
	const struct ds_reader *forced = o->format ? ds_reader_find(o->format) : NULL;
	if (o->format && !forced)
		return ll_err_set(err, LL_EUSAGE, "unknown format '%s' (see `loglab info --formats`)", o->format);
	if (forced && forced->line)
		return ll_err_set(err, LL_EUSAGE, "format %s reads logs; a fleet of tables needs a table format",
				  forced->name);
	if (!(tf->f = calloc(l->n ? l->n : 1, sizeof *tf->f)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < l->nnotes; i++)
		note(tf, NULL, "%s", l->notes[i]);
	int rc = LL_OK;
	for (size_t i = 0; rc == LL_OK && i < l->n; i++) {
		struct tfile *f = &tf->f[tf->n];
		f->path = l->e[i].path;
		f->name = l->e[i].name;
		f->host = l->e[i].host;
		l->e[i].path = l->e[i].name = l->e[i].host = NULL; /* the file's now */
		f->first_row = SIZE_MAX;
		f->tmin = f->tmax = NAN;
		f->clock = -1;
		rc = read_file(tf, f, o, forced, err);
		if (f->t) {
			tf->n++;
			continue;
		}
		free(f->path);
		free(f->name);
		free(f->host);
		free(f->units);
		memset(f, 0, sizeof *f);
	}
	if (rc == LL_OK && tf->oom)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK && !tf->n)
		rc = ll_err_set(err, LL_EDATA, "%s: no table file could be read%s%s%s%s", tf->title,
				tf->nnote_slots ? "; " : "", tf->nnote_slots && tf->note_first[0] ? tf->note_first[0] : "",
				tf->nnote_slots && tf->note_first[0] ? ": " : "",
				tf->nnote_slots ? ll_names_get(&tf->notes, 0) : "");
	return rc;
}

/* Whether a column's name says its cells name the machine: journald's
 * _HOSTNAME, an event log's System.Computer, Elastic's host.name, a
 * collector's hostname or host. */
static int names_host(const char *name)
{
	static const char *const names[] = {"host", "hostname", "host.name", "host.hostname", "computer",
					    "system.computer"};
	while (*name == '_')
		name++;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* The one machine table t's records name, or NULL: the first host column
 * whose cells that have a value all hold the same short printable name. */
static const char *table_host(const struct ll_table *t)
{
	size_t n = ll_table_nrows(t);
	for (size_t c = 0; c < ll_table_ncols(t); c++) {
		if (ll_table_col_type(t, c) != LL_COL_TEXT || !names_host(ll_table_col_name(t, c)))
			continue;
		const char *one = NULL;
		size_t r = 0;
		for (; r < n; r++) {
			const char *s = ll_table_text(t, r, c);
			if (!*s)
				continue;
			if (!one)
				one = s;
			else if (strcmp(one, s) != 0)
				break;
		}
		size_t len = one ? strlen(one) : 0;
		int plain = len > 0 && len <= 255;
		for (size_t i = 0; plain && i < len; i++)
			plain = (unsigned char)one[i] > ' ' && one[i] != 0x7f;
		if (r == n && plain)
			return one;
	}
	return NULL;
}

/* Hosts named by the files' records instead of their paths, when every
 * file's records name one machine and those names tell the files apart
 * exactly as the paths do: "remote-alpha.journal" is host alpha, and
 * Security.evtx of three machines gathered in one folder are three hosts.
 * Files whose records all say "localhost", or one file naming no host,
 * keep the paths' names. */
static int hosts_from_tables(struct ds_fleet_tables *tf)
{
	if (tf->n < 2)
		return LL_OK;
	const char **named = calloc(tf->n, sizeof *named);
	if (!named)
		return LL_ENOMEM;
	size_t k = 0;
	for (; k < tf->n && (named[k] = table_host(tf->f[k].t)); k++)
		;
	int same = k == tf->n, differ = 0;
	for (size_t i = 0; same && i < tf->n; i++)
		for (size_t j = i + 1; same && j < tf->n; j++) {
			int by_table = strcmp(named[i], named[j]) == 0, by_path = strcmp(tf->f[i].host, tf->f[j].host) == 0;
			same = by_table == by_path;
		}
	for (size_t i = 0; same && i < tf->n; i++)
		differ += strcmp(named[i], tf->f[i].host) != 0;
	int rc = LL_OK;
	for (size_t i = 0; same && differ && rc == LL_OK && i < tf->n; i++) {
		size_t len = strlen(named[i]);
		char *h = malloc(len + 1);
		if (!h) {
			rc = LL_ENOMEM;
			break;
		}
		memcpy(h, named[i], len + 1);
		free(tf->f[i].host);
		tf->f[i].host = h;
	}
	if (same && differ && rc == LL_OK)
		note(tf, NULL, "hosts named by the files' own host column, not their paths (%s: %s)", tf->f[0].name,
		     tf->f[0].host);
	free(named);
	return rc;
}

int ds_fleet_tables_open(struct ds_fleet_tables **out, const char *const *specs, size_t nspecs,
			 const struct ds_open_opts *opts, struct ll_err *err)
{
	*out = NULL;
	struct ds_open_opts o = {0};
	if (opts)
		o = *opts;
	ds_open_opts_split(&o);
	o.display_name = o.source_note = NULL;
	struct ds_fleet_tables *tf = calloc(1, sizeof *tf);
	if (!tf || copy_title(tf, specs, nspecs) != LL_OK || !(tf->t = ll_table_new())) {
		ds_fleet_tables_close(tf);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	struct ds_fleet_list *l = NULL;
	int rc = ds_fleet_find(specs, nspecs, &l, err);
	if (rc == LL_OK)
		rc = read_all(tf, l, &o, err);
	ds_fleet_list_free(l);
	if (rc == LL_OK && leave_out_strangers(tf) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK && hosts_from_tables(tf) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK)
		rc = unite(tf, err);
	if (rc == LL_OK && (map_classes(tf) != LL_OK || order(tf) != LL_OK || fill(tf) != LL_OK))
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory for %zu rows", tf->title, tf->nrows);
	for (size_t i = 0; i < tf->n; i++) {
		ll_table_free(tf->f[i].t);
		tf->f[i].t = NULL;
		free(tf->f[i].times);
		tf->f[i].times = NULL;
		free(tf->f[i].cls);
		tf->f[i].cls = NULL;
		free(tf->f[i].num);
		tf->f[i].num = NULL;
	}
	if (rc == LL_OK && (tf->oom || flush_notes(tf) != LL_OK || ll_table_set_meta(tf->t, "format", tf->f[0].reader->name) != LL_OK ||
			    ll_table_set_meta(tf->t, "source", tf->title) != LL_OK))
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc != LL_OK) {
		ds_fleet_tables_close(tf);
		return rc;
	}
	*out = tf;
	return LL_OK;
}

void ds_fleet_tables_close(struct ds_fleet_tables *tf)
{
	if (!tf)
		return;
	for (size_t i = 0; tf->f && i < tf->n; i++) {
		struct tfile *f = &tf->f[i];
		free(f->path);
		free(f->name);
		free(f->host);
		ll_table_free(f->t);
		free(f->cols);
		free(f->units);
		free(f->cls);
		free(f->times);
		free(f->num);
	}
	free(tf->f);
	for (size_t i = 0; i < tf->nnote_slots; i++)
		free(tf->note_first[i]);
	free(tf->note_first);
	free(tf->note_count);
	ll_names_free(&tf->notes);
	ll_names_free(&tf->hosts);
	ll_table_free(tf->t);
	free(tf->row_file);
	free(tf->row_line);
	free(tf->file_host);
	free(tf->title);
	free(tf);
}

/* ---- queries ---- */

struct ll_table *ds_fleet_tables_take_table(struct ds_fleet_tables *tf)
{
	struct ll_table *t = tf->t;
	tf->t = NULL;
	return t;
}

const char *ds_fleet_tables_title(const struct ds_fleet_tables *tf) { return tf->title; }
const struct ds_reader *ds_fleet_tables_reader(const struct ds_fleet_tables *tf) { return tf->f[0].reader; }
int ds_fleet_tables_host_column(const struct ds_fleet_tables *tf) { return tf->host_col; }
int ds_fleet_tables_file_column(const struct ds_fleet_tables *tf) { return tf->file_col; }
int ds_fleet_tables_timed(const struct ds_fleet_tables *tf) { return tf->timed; }
size_t ds_fleet_tables_nfiles(const struct ds_fleet_tables *tf) { return tf->n; }

const char *ds_fleet_tables_file_path(const struct ds_fleet_tables *tf, size_t i)
{
	return i < tf->n ? tf->f[i].path : NULL;
}

const char *ds_fleet_tables_file_name(const struct ds_fleet_tables *tf, size_t i)
{
	return i < tf->n ? tf->f[i].name : NULL;
}

const char *ds_fleet_tables_file_host(const struct ds_fleet_tables *tf, size_t i)
{
	return i < tf->n ? tf->f[i].host : NULL;
}

const struct ds_reader *ds_fleet_tables_file_reader(const struct ds_fleet_tables *tf, size_t i)
{
	return i < tf->n ? tf->f[i].reader : NULL;
}

size_t ds_fleet_tables_file_rows(const struct ds_fleet_tables *tf, size_t i)
{
	return i < tf->n ? tf->f[i].nrows : 0;
}

const size_t *ds_fleet_tables_file_columns(const struct ds_fleet_tables *tf, size_t i, size_t *n)
{
	*n = i < tf->n ? tf->f[i].ncols : 0;
	return i < tf->n ? tf->f[i].cols : NULL;
}

int ds_fleet_tables_file_clock(const struct ds_fleet_tables *tf, size_t i)
{
	if (i >= tf->n || tf->f[i].clock < 0 || !tf->f[i].cols)
		return -1;
	return (int)tf->f[i].cols[tf->f[i].clock];
}

void ds_fleet_tables_file_time_range(const struct ds_fleet_tables *tf, size_t i, double *tmin, double *tmax)
{
	*tmin = i < tf->n ? tf->f[i].tmin : NAN;
	*tmax = i < tf->n ? tf->f[i].tmax : NAN;
}

size_t ds_fleet_tables_nhosts(const struct ds_fleet_tables *tf) { return tf->hosts.n; }

const char *ds_fleet_tables_host_name(const struct ds_fleet_tables *tf, size_t h)
{
	return ll_names_get(&tf->hosts, h);
}

size_t ds_fleet_tables_row_file(const struct ds_fleet_tables *tf, size_t r)
{
	return r < tf->nrows ? tf->row_file[r] : SIZE_MAX;
}

size_t ds_fleet_tables_row_line(const struct ds_fleet_tables *tf, size_t r)
{
	return r < tf->nrows ? tf->row_line[r] : SIZE_MAX;
}

size_t ds_fleet_tables_row_host(const struct ds_fleet_tables *tf, size_t r)
{
	return r < tf->nrows ? tf->file_host[tf->row_file[r]] : SIZE_MAX;
}
