/*
 * ll_time.h - parsing numbers and timestamps as they appear in logs and CSVs.
 *
 * Times are seconds since the Unix epoch, UTC, as double (microsecond
 * precision is kept for the dates logs use). Parsers take (pointer, length)
 * so they work on spans of an mmapped file without copying; they return 1
 * on success and 0 when the whole span is not a value of that kind.
 */
#ifndef LL_TIME_H
#define LL_TIME_H

#include <stddef.h>
#include <stdint.h>

/* A decimal number (optional sign, digits, fraction, exponent) or nan/inf,
 * with optional surrounding blanks. */
int ll_parse_number(const char *s, size_t n, double *out);
/* 1 when s[0..n) is one or more ASCII digits. */
int ll_all_digits(const char *s, size_t n);

/* Seconds since the epoch for a civil date-time in UTC. Month 1-12. */
double ll_time_from_civil(int year, int month, int day, int hour, int min, double sec);

/* Recognises, for the whole span:
 *   2015-07-10 14:24:00[.ffffff|,fff][Z|+hh:mm]  and the same with 'T'
 *   2015-07-10            2005.06.03            2005-06-03-15.42.50.675872
 *   Jun 14 15:16:01       (syslog: the year is default_year)
 *   epoch seconds, milliseconds, microseconds or nanoseconds as a number
 *   (ll_time_from_epoch)
 *   any other form of ll_stamp.h that carries a date, as the whole span
 *   ("2019-04-18 13:20:19 UTC", "10/Oct/2000:13:55:36 -0700")
 * default_year applies only to formats that carry no year. */
int ll_time_parse_year(const char *s, size_t n, int default_year, double *out);
/* Seconds since the epoch of a number that reads as epoch seconds
 * (1e8..1e11, 1973..5138), milliseconds (1e11..1e14), microseconds
 * (1e14..1e17) or nanoseconds (1e17..1e20: InfluxDB, Telegraf); 0 for
 * any other number. */
int ll_time_from_epoch(double v, double *out);
/* ll_time_parse_year with default_year 1970. */
int ll_time_parse(const char *s, size_t n, double *out);

/* Month number 1-12 of an English three-letter abbreviation, else 0. */
int ll_month_from_abbrev(const char *s);

/* "2015-07-10 14:24:00" (with ".ffffff" when there is a fraction); returns
 * the length wanted, like snprintf. A time at or beyond
 * LL_TIME_FORMAT_MAX seconds either way, or infinite, is written as its
 * epoch seconds ("@1e+300"), NaN as "". */
#define LL_TIME_FORMAT_MAX 1e15
size_t ll_time_format(double t, char *buf, size_t cap);

/* Times are double seconds, which hold a stamp to the microsecond but not
 * exactly (12:00:00.300 is a little under or over .3): buckets, steps and
 * window edges are reckoned on whole microseconds when times are below
 * LL_TIME_US_MAX_S in size (then t * 1e6 fits an int64_t). */
#define LL_TIME_US_MAX_S 1e12
/* t rounded to the microsecond, in microseconds. */
int64_t ll_time_to_us(double t);
/* 1 when s seconds is a whole number of microseconds (*us, at least 1
 * and at most 1e18, so sums of a few fit), else 0 (*us 0). */
int ll_time_whole_us(double s, int64_t *us);

#endif
