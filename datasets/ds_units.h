/*
 * ds_units.h - text columns whose values carry a unit, read as numbers:
 * durations ("12.3ms", "850us", "1m30s", "2h") in seconds, sizes
 * ("512k", "1.5GiB", "300KB", "1.2 GB") in bytes.
 *
 * Durations on a clock count too ("00:58:20", Slurm's "1-02:03:04",
 * ll_units_clock): a column of them is durations when one could be no
 * clock of day or when its name says so (ds_units_duration_name).
 *
 * Readers keep a column text when one of its cells is not a number they
 * know ("3m" beside "1.2s", top's "4.012g" among KiB counts). Judged over
 * the whole column, after a reader has loaded it, the units agree or they
 * do not: a column converts only when every value that is not missing
 * reads as one kind (plain 0 needs no unit), so a duration and a size
 * never share one.
 *
 * Bases: KB, MB, GB... are powers of 1000 (SI); KiB, MiB... and the bare
 * k, m, g of top, ls -h, du -h and free are powers of 1024, as those tools
 * scale. A value alone could be something else ("3m" a minute, a MiB or a
 * milli; "5G" a network; "4k" a screen), so a column needs one value that
 * is not (ds_units_column).
 *
 * The readers that read a cell with a unit as a number themselves (a
 * CSV's "3.4G" or "1h2m3s", ds_csv_cell_number; an aligned table's ages)
 * read its unit with the functions below too, so a value means the same
 * whether its column is judged here or by the reader.
 */
#ifndef DS_UNITS_H
#define DS_UNITS_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_table.h"
#include "ll_units.h"

/* The kind of unit one value is written with, for readers that turn
 * numbers written for people into numbers themselves: a column whose
 * values carry units of both kinds is neither ("250ms" beside "512 MiB"). */
enum ds_units_sign {
	DS_UNITS_SIGN_NONE, /* no unit, or one of either kind ("3m") */
	DS_UNITS_SIGN_TIME, /* a duration, never a size ("250ms", "1h2m3s") */
	DS_UNITS_SIGN_SIZE  /* a size, never a duration ("512 MiB", "3.4G") */
};
/* The sign of s[0..n) (enum ds_units_sign). */
int ds_units_sign(const char *s, size_t n);

/* What ds_units_column made of a column. */
enum ds_units_kind {
	DS_UNITS_NONE,     /* left as it was */
	DS_UNITS_SECONDS,  /* durations, in seconds */
	DS_UNITS_BYTES,    /* sizes, in bytes; plain numbers, when any, taken
			    * as bytes (ls -h writes below 1K so) */
	DS_UNITS_KIB       /* sizes among plain numbers of KiB (top's RES),
			    * in KiB: the plain ones keep their value */
};
/* How a size with a unit of powers of 1000 is written (ds_units_si_form). */
enum ds_units_si {
	DS_UNITS_SI_NONE,   /* no such size */
	DS_UNITS_SI_KERNEL, /* "24683784 kB": whole, a blank, kB; the kernel's
			     * KiB (ll_units_kernel_kib) as much as SI's */
	DS_UNITS_SI_OTHER,  /* any other: "1.5 kB", "109 MB", "960 B", "12kB" */
};
/* How the size s[0..n) is written, by its unit: B, kB, KB, MB, GB, TB, PB
 * without an 'i'. The kernel writes kB alone, always so; a column that
 * also holds another of these is a tool's that scales sizes by 1000 to
 * fit (docker 1.x's "12 kB" beside "109 MB" and "1.113 MB"), and its
 * whole "12 kB" are 12,000 bytes too. */
int ds_units_si_form(const char *s, size_t n);

/* How the values of a column read, counted one by one (zero it first). */
struct ds_units_tally {
	size_t values; /* not missing (ds_csv_is_missing) */
	size_t durations, durations_sure;
	size_t clocks; /* durations on a clock that a clock of day reads
			* alike ("00:58:20", ll_units_clock): counted in
			* durations, in durations_sure only by a name
			* (ds_units_tally_kind_named) */
	size_t sizes, sizes_sure, sizes_bare;
	size_t size_powers; /* a bit per power seen */
	size_t plain, zeros; /* plain numbers, and those of them that are 0 */
	double plain_max;    /* the largest plain number's magnitude */
	double scaled_min;   /* the smallest bare size, in bytes */
	int k_seen;
};
/* Counts one value s[0..n) (missing ones are not counted). */
void ds_units_tally_add(struct ds_units_tally *ty, const char *s, size_t n);
/* The kind the values counted make of their column (enum
 * ds_units_kind), DS_UNITS_NONE when they are not all of one. */
int ds_units_tally_kind(const struct ds_units_tally *ty);
/* 1 when a column or key called name holds spans of time, not times of
 * day, by the last part of its name (after the last '.', case, '_', '-'
 * and blanks aside): "walltime", "resources_used.cput", "Elapsed",
 * "CPUTime", "run_time", "Timelimit", "uptime", "duration", "took", "age";
 * 0 for "time", "start", "Submit_time". */
int ds_units_duration_name(const char *name);
/* ds_units_tally_kind, where name (may be NULL) saying spans of time
 * (ds_units_duration_name) makes a column of clocks durations
 * ("walltime=00:58:20"); else clocks alone stay text, times of day as
 * much ("10:00:00" under "time"). */
int ds_units_tally_kind_named(const struct ds_units_tally *ty, const char *name);
/* The number s[0..n) stands for in a column of kind (not
 * DS_UNITS_NONE): 1 and *out set, 0 when it is none of the kind. */
int ds_units_value(int kind, const char *s, size_t n, double *out);

/* Reads text column col of t: when its values carry units as above
 * (clocks judged with the column's name, ds_units_tally_kind_named), the
 * column becomes numbers of that kind (cells missing by ds_csv_is_missing
 * become NaN) and the kind is returned; else DS_UNITS_NONE and t is as it
 * was. Negative (LL_ENOMEM) when out of memory, the column unchanged. */
int ds_units_column(struct ll_table *t, size_t col);

/* Readers that turn cells with units into numbers themselves (a CSV's
 * "12ms" or "3.4G", a JSON value "6.6MiB") say so on the table, one mark a
 * column (its meta), so that tables read apart and joined (a fleet) know a
 * column of seconds from one of bytes as they know ds_units_columns' kinds.
 * ds_units_mark records kind (DS_UNITS_SECONDS or DS_UNITS_BYTES) for
 * column col (LL_OK, or LL_ENOMEM); ds_units_marked gives it back,
 * DS_UNITS_NONE when there is none. */
int ds_units_mark(struct ll_table *t, const char *col, int kind);
int ds_units_marked(const struct ll_table *t, const char *col);

/* How a note words what a column of kind was read as ("duration: seconds,
 * from values with units (...)"); "" for DS_UNITS_NONE or no kind. */
const char *ds_units_kind_text(int kind);

/* A line format's note on its fields read with units, worded as
 * ds_units_columns words its notes: lead (may be NULL), then for each
 * kind "column(s) a, b read as ..." naming names[f] of the fields whose
 * units[f] is that kind, into buf[cap] (cut short when it does not fit).
 * 1 when a field was named, else 0 (buf holds lead). */
int ds_units_fields_note(char *buf, size_t cap, const char *lead, const char *const *names,
			 const unsigned char *units, size_t nf);

/* ds_units_column over every text column of t that is not the label
 * source, then one note per kind naming the columns converted. kinds (may
 * be NULL; one per column of t) gets each column's kind, DS_UNITS_NONE for
 * those left as they were: tables read apart and joined (a fleet) must not
 * join seconds to bytes. LL_OK, or LL_ENOMEM with err naming path. */
int ds_units_columns(struct ll_table *t, const char *path, int *kinds, struct ll_err *err);

#endif
