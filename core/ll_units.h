/*
 * ll_units.h - one value written with a unit, read as a number: a
 * duration ("12.3ms", "850us", "1m30s", "2h") in seconds, a size ("512k",
 * "1.5GiB", "300KB", "1.2 GB") in bytes.
 *
 * The one reading of units in loglab: the readers of data (a CSV's cells,
 * a column judged whole by datasets/ds_units.h), the intervals of
 * resampling and the sizes of the limits (LOGLAB_MEMORY_MAX) all read
 * them here, so "1.5G" or "1m30s" means the same wherever it is written.
 *
 * Bases: KB, MB, GB... are powers of 1000 (SI); KiB, MiB... and the bare
 * k, m, g of top, ls -h, du -h and free are powers of 1024, as those tools
 * scale; the kernel's "24683784 kB" (a whole number, a blank, kB) is KiB
 * (ll_units_kernel_kib).
 */
#ifndef LL_UNITS_H
#define LL_UNITS_H

#include <stddef.h>

/* The seconds one unit of time u[0..n) stands for: d h m s ms us, µs or
 * μs (micro in either code point), ns; 0 when u is none. */
double ll_units_time_unit(const char *u, size_t n);

/* How a duration was written (ll_units_duration). */
struct ll_units_duration_form {
	int parts;        /* numbers each with its unit: "1h2m3.5s" 3, "12ms" 1 */
	int minutes_only; /* one part, in minutes ("5m": a Kubernetes
			   * quantity's milli as much) */
	int alone;        /* could be something else: one part in minutes
			   * or days ("3m", "2d", a name "2D" as often) */
};
/* A span of time, the one reading of durations every reader shares: a
 * sign at most, then one number and unit (ll_units_time_unit; "12.3 ms"
 * with a blank) or Go's parts from large to small, each unit once
 * ("1h2m3.5s", "2d3h", "1s500ms"). 1 and *seconds set when s[0..n) is one;
 * *form (may be NULL) says how it was written, for each caller's policy
 * (a lone "5m" judged by its column, spans of two parts at least). */
int ll_units_duration(const char *s, size_t n, double *seconds, struct ll_units_duration_form *form);

/* A duration on a clock, as schedulers and ps write them: [D-]H:MM:SS
 * with a fraction at most ("00:58:20", "1-02:03:04" Slurm's days,
 * "100:00:01"), or M:SS with a fraction ("03:22.123", Slurm's TotalCPU).
 * Minutes and seconds are two digits below 60. Not one: "10:05" (a
 * clock's hours and minutes as much), a leading part wider than two
 * digits padded with a zero ("00000000:07:00.0", a PCI address: no
 * writer of durations pads so). 1 and *seconds set when s[0..n) is one;
 * *unambiguous (may be NULL) 1 when no clock of day reads so (a days part,
 * 24 hours or more, a leading part wider than two digits, minutes and
 * seconds with a fraction), 0 for "00:58:20", a duration or a time of day
 * as its column or key says. */
int ll_units_clock(const char *s, size_t n, double *seconds, int *unambiguous);

/* How a size was written (ll_units_size_unit, ll_units_size). */
struct ll_units_size_form {
	int power; /* 0 bytes ("512B"), 1 k, 2 M, 3 G, 4 T, 5 P */
	int bare;  /* a prefix alone, no 'i' or 'B' ("4.012g", "512k") */
	int small; /* the prefix a lowercase m, g, t or p (top's "4.012g";
		    * "5m" minutes or milli as much): k is SI's own spelling */
	int alone; /* (ll_units_size) could be something else: a bare value
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
double ll_units_size_unit(const char *u, size_t n, struct ll_units_size_form *form);
/* 1 when u[0..n) is "kB" after a whole number and a blank ("24683784 kB"):
 * the Linux kernel's fixed unit (/proc/meminfo, /proc/PID/status, smaps),
 * KiB, 1024 bytes. The tools that write SI's kB scale a size to fit and
 * write a fraction ("1.2 kB", dd's "1.0 kB") or no blank (docker's
 * "12kB"): those stay 1000. whole: the number had no fraction; blank: one
 * blank stood between. */
int ll_units_kernel_kib(const char *u, size_t n, int whole, int blank);
/* A size: a number, a blank at most, then a unit of size
 * (ll_units_size_unit). 1 and *bytes set when s[0..n) is one; *form (may
 * be NULL) says how it was written. */
int ll_units_size(const char *s, size_t n, double *bytes, struct ll_units_size_form *form);

#endif
