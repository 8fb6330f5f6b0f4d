/*
 * ds_units.h - text columns whose values carry a unit, read as numbers:
 * durations ("12.3ms", "850us", "1m30s", "2h") in seconds, sizes
 * ("512k", "1.5GiB", "300KB", "1.2 GB") in bytes.
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

/* The seconds one unit of time u[0..n) stands for: d h m s ms us, µs or
 * μs (micro in either code point), ns; 0 when u is none. */
double ds_units_time_unit(const char *u, size_t n);

/* How a duration was written (ds_units_duration). */
struct ds_units_duration_form {
	int parts;        /* numbers each with its unit: "1h2m3.5s" 3, "12ms" 1 */
	int minutes_only; /* one part, in minutes ("5m": a Kubernetes
			   * quantity's milli as much) */
	int alone;        /* could be something else: one part in minutes
			   * or days ("3m", "2d", a name "2D" as often) */
};
/* A span of time, the one reading of durations every reader shares: a
 * sign at most, then one number and unit (ds_units_time_unit; "12.3 ms"
 * with a blank) or Go's parts from large to small, each unit once
 * ("1h2m3.5s", "2d3h", "1s500ms"). 1 and *seconds set when s[0..n) is one;
 * *form (may be NULL) says how it was written, for each caller's policy
 * (a lone "5m" judged by its column, spans of two parts at least). */
int ds_units_duration(const char *s, size_t n, double *seconds, struct ds_units_duration_form *form);

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

/* How a size was written (ds_units_size_unit, ds_units_size). */
struct ds_units_size_form {
	int power; /* 0 bytes ("512B"), 1 k, 2 M, 3 G, 4 T, 5 P */
	int bare;  /* a prefix alone, no 'i' or 'B' ("4.012g", "512k") */
	int small; /* the prefix a lowercase m, g, t or p (top's "4.012g";
		    * "5m" minutes or milli as much): k is SI's own spelling */
	int alone; /* (ds_units_size) could be something else: a bare value
		    * without a fraction ("5G", "4k"), or a bare lowercase 'm'
		    * (minutes) */
};
/* The bytes one unit of size u[0..n) stands for, the one reading of size
 * suffixes every reader shares: B, or a prefix k K m M g G t T p P with
 * 'i' and 'B' optional ("kB", "MiB", "g", "Ki"); 0 when u is none. KB,
 * MB... are powers of 1000 (SI); KiB, MiB... and a bare prefix powers of
 * 1024. A bare prefix is what tools that scale a size to fit a column
 * write (df -h, du -h, ls -lh, free, top, htop, lsblk, dstat's byte
 * columns, sysstat's -h, the kernel's "125312k"), all by 1024; a count
 * written so ("1.2k" requests) reads 2.4% high at k, within the rounding
 * of a value of two digits. *form (may be NULL) says how u was written,
 * for each caller's policy. */
double ds_units_size_unit(const char *u, size_t n, struct ds_units_size_form *form);
/* A size: a number, a blank at most, then a unit of size
 * (ds_units_size_unit). 1 and *bytes set when s[0..n) is one; *form (may
 * be NULL) says how it was written. */
int ds_units_size(const char *s, size_t n, double *bytes, struct ds_units_size_form *form);

/* What ds_units_column made of a column. */
enum ds_units_kind {
	DS_UNITS_NONE,     /* left as it was */
	DS_UNITS_SECONDS,  /* durations, in seconds */
	DS_UNITS_BYTES,    /* sizes, in bytes; plain numbers, when any, taken
			    * as bytes (ls -h writes below 1K so) */
	DS_UNITS_KIB       /* sizes among plain numbers of KiB (top's RES),
			    * in KiB: the plain ones keep their value */
};
/* How the values of a column read, counted one by one (zero it first). */
struct ds_units_tally {
	size_t values; /* not missing (ds_csv_is_missing) */
	size_t durations, durations_sure;
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
/* The number s[0..n) stands for in a column of kind (not
 * DS_UNITS_NONE): 1 and *out set, 0 when it is none of the kind. */
int ds_units_value(int kind, const char *s, size_t n, double *out);

/* Reads text column col of t: when its values carry units as above, the
 * column becomes numbers of that kind (cells missing by ds_csv_is_missing
 * become NaN) and the kind is returned; else DS_UNITS_NONE and t is as it
 * was. Negative (LL_ENOMEM) when out of memory, the column unchanged. */
int ds_units_column(struct ll_table *t, size_t col);

/* How a note words what a column of kind was read as ("duration: seconds,
 * from values with units (...)"); "" for DS_UNITS_NONE or no kind. */
const char *ds_units_kind_text(int kind);

/* ds_units_column over every text column of t that is not the label
 * source, then one note per kind naming the columns converted. kinds (may
 * be NULL; one per column of t) gets each column's kind, DS_UNITS_NONE for
 * those left as they were: tables read apart and joined (a fleet) must not
 * join seconds to bytes. LL_OK, or LL_ENOMEM with err naming path. */
int ds_units_columns(struct ll_table *t, const char *path, int *kinds, struct ll_err *err);

#endif
