/*
 * ds_fleet.h - many log files browsed as one dataset, merged on one
 * timeline.
 *
 * A fleet is given as folders (searched recursively), glob patterns or
 * single files, in any mix. Its files are grouped into rotation chains
 * (kern.log with kern.log.1, kern.log.2.gz, kern.log-20240105...), each
 * chain ordered oldest first; chains are ordered by path in natural order
 * (node2 before node10). That is "file order": file i of the fleet.
 *
 * Rows are every line of every file, merged by timestamp: an incremental
 * k-way merge over the chains, stable by file then line, so each file's
 * lines keep their order and equal stamps go to the earlier file. A line
 * without a stamp (a continuation) keeps the stamp before it; lines before
 * a file's first stamp take that stamp. Files with no stamp in their first
 * lines follow the merged timeline whole, in file order, with a note.
 * Years that stamps lack (syslog's "Mar  2 06:17:28") come from the file's
 * mtime for the newest file of a chain and, going back the chain, from the
 * first stamp of the next newer file; within a file the year rolls over at
 * new year.
 *
 * Every row has a host (the syslog header's host field, else one taken
 * from the path: the file's folder relative to the fleet's common folder,
 * without the trailing folders all of them share (kafka0/logs: kafka0),
 * else its name without rotation suffix and extension) and a file.
 *
 * Scale: opening reads only directory entries and the first lines of each
 * file, so the first rows are there at once; a background thread merges the
 * rest. Nothing is indexed per file: each merged row costs 2 bytes of file
 * id and 2 of host id, plus one checkpoint of every chain's read position
 * every few thousand rows (about 1.5 bytes a row), so a row is found again
 * by walking forward from its checkpoint. Plain files are mapped (pages
 * behind the merge are dropped); gzip files are inflated as the merge
 * needs them into an unlinked temporary file (memory when that fails).
 *
 * Threading: like ds_dataset, every function may be called from one UI
 * thread while the merge runs; rows below ds_fleet_nrows() are final and
 * never move. Iterators (ds_fleet_iter) may each be used from their own
 * thread.
 *
 * Tail mode: ds_fleet_refresh() notices files that grew (and new files
 * the specs now match) and merges their new lines after the rows already
 * there.
 *
 * A fleet whose files are mostly tables is not merged here but loaded as
 * one table (ds_fleet_tables.h); ds_dataset_open decides which. Discovery
 * (ds_fleet_find) serves both.
 */
#ifndef DS_FLEET_H
#define DS_FLEET_H

#include <stddef.h>
#include <stdint.h>

#include "ds_reader.h"
#include "ll_err.h"

/* At most this many files in one fleet (file ids are 16-bit). */
#define DS_FLEET_MAX_FILES 65535

/* ---- discovery: which files, in which order ---- */

struct ds_fleet_entry {
	char *path;        /* as found: the spec's folder joined with the name */
	char *name;        /* relative to the fleet's common folder */
	char *host;        /* the host the path names (see above) */
	size_t chain;      /* rotation chain, 0-based in file order */
	long long mtime;   /* seconds since the epoch */
	long long size;    /* bytes on disk */
	uint64_t dev, ino; /* identity, so a file matched twice counts once */
};

struct ds_fleet_list {
	struct ds_fleet_entry *e;  /* n entries in file order */
	size_t n, nchains;
	char *root;                /* the common folder of every file ("." when none) */
	char **notes;              /* files left out and why */
	size_t nnotes;
};

/* Several specs in one string (a workspace's "paths"), for the places that
 * carry a dataset as one path: the specs joined by newlines. */
#define DS_FLEET_SPEC_SEP '\n'

/* 1 when spec names several files: an existing folder, a pattern with
 * glob characters (* ? [) that is not itself an existing file, or several
 * specs joined by DS_FLEET_SPEC_SEP. */
int ds_fleet_is_spec(const char *spec);
/* The specs of joined (one when it has no DS_FLEET_SPEC_SEP) into *specs,
 * *n of them; free with ds_fleet_specs_free. LL_ENOMEM without memory. */
int ds_fleet_split_specs(const char *joined, char ***specs, size_t *n);
void ds_fleet_specs_free(char **specs, size_t n);

/* Expands specs into the fleet's files in file order. Folders are searched
 * recursively (hidden entries, loglab's own sidecar files - .labels,
 * .classes, .review - and workspace folders' runs/ are skipped). A spec
 * that matches nothing is an error naming it (LL_EIO); so is a fleet
 * without files. */
int ds_fleet_find(const char *const *specs, size_t nspecs, struct ds_fleet_list **out, struct ll_err *err);
void ds_fleet_list_free(struct ds_fleet_list *l);

/* The chain key of a file name: the name without a rotation suffix
 * (".3", ".3.gz", ".gz", "-20240105", "-20240105.gz", a date after '.',
 * '-' or '_' with its hour, minute and second or not: ".2016-12-19-16",
 * ".2024-01-05_13-00-00"; .bz2, .xz and .zst as .gz); *age gets 0 for a base file and a larger value the older a
 * rotated file is. Exposed for tests. Returns the key's length within
 * name. */
size_t ds_fleet_rotation_key(const char *name, double *age);
/* The rotation chain of a file name, written to key (room for the name):
 * the rotation key (ds_fleet_rotation_key), and when that found no ".N"
 * or dated suffix, without a date (ds_name_date.h) that opens the name
 * and the separator after it ("2024-01-01-app.log": "app.log") or that
 * stands just before the extension with the separator before it and a
 * counter after it ("app-2024-01-01.log", logback's
 * "app.2024-01-01.0.log": "app.log"); a name that is a date and an
 * extension ("20240101.log") keeps it. *age as the rotation key's, a
 * dated file's by its date and then its counter (the larger, newer).
 * Returns the key's length. */
size_t ds_fleet_chain_key(const char *name, char *key, double *age);
/* path's folder and the chain key of its name, allocated (NULL without
 * memory): files of one chain have equal ones. */
char *ds_fleet_chain_of(const char *path, double *age);

/* ---- the merged fleet ---- */

struct ds_fleet;

/* What the merge thread tells a watcher about each row it merges. */
struct ds_fleet_rowinfo {
	const char *label;  /* the line's label span (label_len 0: none) */
	size_t label_len;
	int misfit;         /* the line did not fit its file's format */
};

struct ds_fleet_watch {
	/* Called from the merge thread with rows [first, first + n), in order,
	 * before they are published (so a watcher's counts are final when
	 * ds_fleet_complete turns 1). The label pointers are valid for the
	 * call only. A negative return stops further calls. */
	int (*rows)(void *ctx, size_t first, const struct ds_fleet_rowinfo *info, size_t n);
	void *ctx;
};

/* Finds the files (ds_fleet_find), reads the first lines of each (format,
 * first stamp, year) and starts the merge in a background thread. Files
 * that cannot be read, binary files and tables are left out with a note;
 * LL_EDATA when no file is left. opts->format forces every file's format;
 * opts->default_year, when set, is the year of the first stamps that carry
 * none (no inference from mtimes). watch may be NULL. */
int ds_fleet_open(struct ds_fleet **out, const char *const *specs, size_t nspecs, const struct ds_open_opts *opts,
		  const struct ds_fleet_watch *watch, struct ll_err *err);
void ds_fleet_close(struct ds_fleet *f);

/* The specs joined by spaces, for titles and messages. */
const char *ds_fleet_title(const struct ds_fleet *f);
/* The format of the first file with lines (or the forced one); the fleet's
 * columns are this format's fields. */
const struct ds_reader *ds_fleet_reader(const struct ds_fleet *f);

size_t ds_fleet_nfiles(const struct ds_fleet *f);
const char *ds_fleet_file_path(const struct ds_fleet *f, size_t i);
const char *ds_fleet_file_name(const struct ds_fleet *f, size_t i);
const char *ds_fleet_file_host(const struct ds_fleet *f, size_t i);
/* The host every line of file i that names a machine (the format's host
 * field) names, as far as the merge has read; NULL when no line named
 * one, or lines named several. */
const char *ds_fleet_file_line_host(const struct ds_fleet *f, size_t i);
size_t ds_fleet_file_chain(const struct ds_fleet *f, size_t i);
/* The format file i is read with (NULL until the merge reached the file). */
const struct ds_reader *ds_fleet_file_reader(const struct ds_fleet *f, size_t i);
/* Rows of file i merged so far; final once ds_fleet_complete. */
size_t ds_fleet_file_rows(const struct ds_fleet *f, size_t i);
/* The field a line of format fmt names its machine in ("host" or
 * "node", any case), or -1: a fleet's row takes its host from it when the
 * line has it (not empty), else from the file's path (ds_fleet_entry.host).
 * Whoever reads a fleet's files line by line (predict --follow) asks here,
 * so a line gets the same host either way. */
int ds_fleet_host_field(const struct ds_line_format *fmt);
/* Lines of file i that did not fit its format, so far. */
size_t ds_fleet_file_misfits(const struct ds_fleet *f, size_t i);
/* Lines of file i that carry a label of their own (the format's label
 * field, e.g. BGL's first token), so far; journals not included. */
size_t ds_fleet_file_labelled(const struct ds_fleet *f, size_t i);
/* Year given to the first stamp of file i (0: not known yet or the stamps
 * carry their year); 1 when file i has no timestamps. */
int ds_fleet_file_year(const struct ds_fleet *f, size_t i);
int ds_fleet_file_untimed(const struct ds_fleet *f, size_t i);
/* 1 when file i is Latin-1 text read as UTF-8 (ds_latin1.h), as it is
 * read opened alone: its label journal hashes its lines' own bytes. */
int ds_fleet_file_latin1(const struct ds_fleet *f, size_t i);
/* Time range of file i's stamps (NaN when none). */
void ds_fleet_file_time_range(const struct ds_fleet *f, size_t i, double *tmin, double *tmax);

/* Rows merged so far; complete once every file is merged. */
size_t ds_fleet_nrows(const struct ds_fleet *f);
int ds_fleet_complete(const struct ds_fleet *f);
/* 0..1: bytes merged over bytes known. */
double ds_fleet_progress(const struct ds_fleet *f);

/* Notes: files left out, files without timestamps, read errors met while
 * merging. The list only grows; texts stay valid until close. */
size_t ds_fleet_nnotes(const struct ds_fleet *f);
const char *ds_fleet_note(const struct ds_fleet *f, size_t i);

/* Hosts, in order of first appearance on the timeline. */
size_t ds_fleet_nhosts(const struct ds_fleet *f);
const char *ds_fleet_host_name(const struct ds_fleet *f, size_t h);

/* Where a row comes from, without reading its text. */
size_t ds_fleet_row_file(const struct ds_fleet *f, size_t row);
size_t ds_fleet_row_host(const struct ds_fleet *f, size_t row);

struct ds_fleet_row {
	size_t file;       /* file index */
	size_t line;       /* 0-based line within the file */
	size_t host;       /* host id */
	const char *text;  /* the line without "\n" or "\r\n" */
	size_t len;
	int year;          /* year of a stamp without one, at this line (0: none) */
};

/* Looks row up; 0 when row is not (yet) merged. text stays valid until the
 * next call from the same thread or close. Walks at most one checkpoint
 * interval; consecutive rows cost one line each. */
int ds_fleet_row(struct ds_fleet *f, size_t row, struct ds_fleet_row *out);

/* The merged row of each line of file i, in line order, into rows[]
 * (ds_fleet_file_rows(f, i) entries); one pass over the row ids. */
int ds_fleet_rows_of_file(struct ds_fleet *f, size_t i, size_t *rows, size_t n);

/* Sequential passes (label counts, templates, whole-fleet tables) from
 * their own thread: each step costs one line. */
struct ds_fleet_iter;
int ds_fleet_iter_new(struct ds_fleet *f, size_t first_row, struct ds_fleet_iter **out);
/* The next row, 0 at the (current) end. */
int ds_fleet_iter_next(struct ds_fleet_iter *it, size_t *row, struct ds_fleet_row *out);
void ds_fleet_iter_free(struct ds_fleet_iter *it);

/* Tail mode: looks for files that grew, and for new files the specs match
 * now (added after the others, in file order); returns how many files
 * gained bytes. Their lines are merged after the existing rows: rows never
 * move. A file that shrank (truncated in place) is noted and read no more.
 * Call it now and then from the UI thread. */
size_t ds_fleet_refresh(struct ds_fleet *f);

/* Bytes each row costs in the merge's own structures (row ids, host ids,
 * checkpoints), for the benchmark's memory table. */
double ds_fleet_bytes_per_row(const struct ds_fleet *f);

#endif
