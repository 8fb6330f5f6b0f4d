/*
 * ll_stamp.h - timestamps as log lines write them: finding one at a given
 * position, telling its form, and reading its value.
 *
 * A log of an unknown system starts its lines with a timestamp in one of a
 * few dozen common forms: ISO 8601 with or without 'T', fraction and zone;
 * syslog's "Jun 14 15:16:01"; ctime's "Sun Dec 04 04:47:44 2005"; the
 * access-log "10/Oct/2000:13:55:36 -0700"; "yy/MM/dd HH:mm:ss";
 * "03-17 16:13:38.811"; compact "20171223-22:15:29:606"; time of day
 * alone; epoch seconds or milliseconds. ll_stamp_scan tries each form (a
 * table of small patterns, see ll_stamp.c) and reports the first that
 * matches at the start of the text, with its length and a form id. Header
 * inference scans a sample of lines, keeps the form most of them share,
 * and from then on parses every line with ll_stamp_parse_form, which tries
 * that one form only (fast, and never mistakes a number for a date).
 *
 * Values are seconds since the epoch, UTC (a zone in the stamp is applied).
 * A form without a year takes default_year; a time of day alone is taken
 * on 1970-01-01 of no particular zone, which keeps its order and spacing.
 * A stamp must end at a boundary: the end of the text, or a byte that is
 * not a letter or digit, so "2015-10-18x" or "12:00:001" are not stamps.
 *
 * Everything works on (pointer, length) spans without copying and without
 * libc's locale or time zone state; all functions are thread-safe.
 */
#ifndef LL_STAMP_H
#define LL_STAMP_H

#include <stddef.h>

/* Form ids are 1..ll_stamp_nforms(); 0 means none. */
unsigned ll_stamp_nforms(void);

/* A readable name of form id, e.g. "yyyy-MM-dd HH:mm:ss.SSS"; "" for 0 or
 * an unknown id. */
const char *ll_stamp_form_name(unsigned form);

/* 1 when the form carries a date (year, or month and day), 0 for a time
 * of day alone or an unknown id. */
int ll_stamp_form_has_date(unsigned form);

/* 1 when the form carries a time of day (an hour, or an epoch), 0 for a
 * date alone ("yyyy-MM-dd") or an unknown id: a date alone may take its
 * clock from another field (ds_header.h). */
int ll_stamp_form_has_clock(unsigned form);

/* The form that reads the same text with the day and month in another
 * order ("yy/MM/dd HH:mm:ss" and "MM/dd/yy HH:mm:ss": "03/04/26" is a
 * date of each), else 0. A stamp of one form may or may not read in its
 * twin; which of the two a file writes only its values can tell. */
unsigned ll_stamp_form_twin(unsigned form);

/* The first form (in the table's order) that matches at the start of
 * s[0..n). Returns the stamp's length in bytes, or 0 when none matches.
 * *form (may be NULL) gets the form id and *value (may be NULL) the time.
 * Epoch forms are tried only when epochs is non-zero: a bare number is a
 * timestamp only where a header says so. */
size_t ll_stamp_scan(const char *s, size_t n, int default_year, int epochs, unsigned *form, double *value);

/* Matches form id only, at the start of s[0..n); returns the length or 0. */
size_t ll_stamp_parse_form(unsigned form, const char *s, size_t n, int default_year, double *value);

#endif
