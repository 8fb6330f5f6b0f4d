/*
 * ds_name_date.h - a date in a file's name, as writers and collectors
 * stamp their files: opening the name ("2023-07-15T21:18:51-kubelet.log",
 * "2024-01-01-app.log"), before its extension ("app-2024-01-01.log",
 * logback's "app.2024-01-01.0.log") or as a rotation suffix
 * ("syslog-20240105", log4j's "server.log.2016-12-19-16").
 *
 * Two uses: the year of yearless stamps ("Jul 16 02:08:52") when the
 * file's modification time is a copy's (a clone, an unzip), and the
 * rotation chain of daily files whose names differ only by the date
 * (ds_fleet_chain_key).
 */
#ifndef DS_NAME_DATE_H
#define DS_NAME_DATE_H

#include <stddef.h>

/* Whether s[0..n) is a date as writers stamp their files (the whole of
 * it): 20240105, 2024010513, 202401051330 and 20240105133000, or
 * 2024-01-05 (or 2024_01_05) with an hour, minute and second after it
 * joined by '-', '_', 'T' or ':' (".2016-12-19-16", "_13-00-00",
 * "T21:18:51"); years 1970 to 2099. *stamp gets it as the number
 * YYYYMMDDhhmmss. */
int ds_name_date_parse(const char *s, size_t n, double *stamp);

/* The first date in name[0..n) that no digit touches, its longest
 * reading: 1 with *at, *len (its span) and *stamp (as ds_name_date_parse),
 * else 0. */
int ds_name_date_find(const char *name, size_t n, size_t *at, size_t *len, double *stamp);

/* Seconds since the epoch of a YYYYMMDDhhmmss number, as UTC. */
double ds_name_date_time(double stamp);

/* The year of a file's first yearless stamp by the date in its name
 * (path's last component): of the years around the name's, the one that
 * puts the stamp nearest the date, when that is within DS_NAME_DATE_SPAN
 * of it (a log rotated monthly holds a month before its date; a file
 * named when a collection started, the hours after it); 0 when the name
 * has no date or the stamp is not near it in any year (the date is of
 * something else: a release, a report), and the caller keeps its other
 * evidence. place(ctx, year, &t) reads the stamp in year, 0 when it
 * cannot. */
#define DS_NAME_DATE_SPAN (62.0 * 86400)
int ds_name_date_year(const char *path, int (*place)(void *ctx, int year, double *t), void *ctx);

#endif
