/*
 * ds_zones.h - whether a file's stamps carry UTC offsets.
 *
 * Times are kept and shown in UTC: a fleet's files written in several
 * zones then line up. A file whose stamps say "17:22:00+03:00" is shown at
 * 14:22, which a reader comparing the screen with the file takes for a
 * wrong reading unless told. This module finds such stamps in a file's
 * first bytes (any format: a log line's, a CSV cell's, a JSON string's), so
 * the dataset can say so in a note.
 */
#ifndef DS_ZONES_H
#define DS_ZONES_H

#include <stddef.h>

struct ds_zone_scan {
	size_t lines;        /* non-empty lines looked at */
	size_t zoned;        /* of them, with a clock and a non-zero UTC offset */
	size_t first_line;   /* 1-based line of the first such stamp, 0 when none */
	int first_minutes;   /* its offset, east of UTC positive */
	int several;         /* 1 when the offsets differ (a change to summer time, a fleet joined) */
};

/* Scans the lines of head[0..n) (a last line cut by n included) for clocks
 * "HH:MM:SS[.fff]" followed, with or without one blank, by "+hh:mm",
 * "+hhmm" or "+hh" (or '-') that is not zero. */
void ds_zone_scan(const char *head, size_t n, struct ds_zone_scan *out);

/* 1 when enough of the lines carry offsets (a quarter: records' other lines,
 * such as stack traces, carry none) for the note to speak for the file. */
int ds_zone_scan_says(const struct ds_zone_scan *z);

/* Where the first offset is: "+03:00 from line 2" (", other offsets after
 * it" when they differ). */
void ds_zone_where(const struct ds_zone_scan *z, char *buf, size_t cap);

/* The note's text for the file named name, into buf ("NAME: times are
 * shown in UTC; its stamps carry UTC offsets (+03:00 from line 2)"). */
void ds_zone_note(const struct ds_zone_scan *z, const char *name, char *buf, size_t cap);

#endif
