/*
 * ll_time.c - number and timestamp parsing without locale or libc time
 * zone state (strptime/mktime are locale- and TZ-dependent and slow).
 */
#include "ll_time.h"
#include "ll_stamp.h"

#include "ll_decimal.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static void trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

int ll_parse_number(const char *s, size_t n, double *out)
{
	trim(&s, &n);
	if (n == 0 || n > 63)
		return 0;
	if (ll_decimal_fast(s, n, out))
		return 1;
	/* A decimal strtod reads to its end holds nothing but digits, signs,
	 * exponent marks and the locale's radix: a stamp or a word that
	 * starts with a digit ("2024-05-01T10:00:00Z", "3rd") is told apart
	 * here, without strtod's multi-precision set-up for every one. */
	size_t k = s[0] == '+' || s[0] == '-';
	if (k < n && (is_digit(s[k]) || s[k] == '.')) {
		for (size_t i = k; i < n; i++) {
			char c = s[i];
			if (is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')
				continue;
			/* no locale's radix is a letter, a colon, a slash or a
			 * blank: the locale is asked only of other bytes */
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ':' || c == '/' || c == ' ')
				return 0;
			const char *radix = localeconv()->decimal_point;
			if (!c || !radix || !strchr(radix, c))
				return 0;
		}
	}
	char buf[64];
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* strtod accepts hex floats and "infinity"; logs never mean those,
	 * and hex such as 0x1f is an identifier there, not a number. */
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];
		if (c == 'x' || c == 'X')
			return 0;
	}
	char *end;
	double v = strtod(buf, &end);
	if (end != buf + n)
		return 0;
	*out = v;
	return 1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (era-based method). */
static long days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

double ll_time_from_civil(int year, int month, int day, int hour, int min, double sec)
{
	return (double)days_from_civil(year, month, day) * 86400.0 + hour * 3600.0 + min * 60.0 + sec;
}

int ll_month_from_abbrev(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	for (int i = 0; i < 12; i++)
		if (strncmp(s, names + 3 * i, 3) == 0)
			return i + 1;
	return 0;
}

/* Reads exactly k digits at s[*i]. */
static int digits(const char *s, size_t n, size_t *i, int k, int *out)
{
	int v = 0;
	for (int j = 0; j < k; j++) {
		if (*i >= n || !is_digit(s[*i]))
			return 0;
		v = v * 10 + (s[(*i)++] - '0');
	}
	*out = v;
	return 1;
}

/* Optional fraction after '.' or ','. */
static double fraction(const char *s, size_t n, size_t *i)
{
	if (*i >= n || (s[*i] != '.' && s[*i] != ','))
		return 0;
	size_t j = *i + 1;
	double f = 0, scale = 0.1;
	if (j >= n || !is_digit(s[j]))
		return 0;
	while (j < n && is_digit(s[j])) {
		f += (s[j] - '0') * scale;
		scale /= 10;
		j++;
	}
	*i = j;
	return f;
}

static int valid(int y, int mo, int d, int h, int mi, int se)
{
	(void)y;
	return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 24 && mi >= 0 && mi <= 59 && se >= 0 &&
	       se <= 60;
}

/* HH:MM[:SS][frac] at s[*i]; BGL writes HH.MM.SS, so sep is a parameter. */
static int clock_part(const char *s, size_t n, size_t *i, char sep, int *h, int *mi, double *sec)
{
	int se = 0;
	if (!digits(s, n, i, 2, h) || *i >= n || s[*i] != sep)
		return 0;
	(*i)++;
	if (!digits(s, n, i, 2, mi))
		return 0;
	if (*i < n && s[*i] == sep) {
		(*i)++;
		if (!digits(s, n, i, 2, &se))
			return 0;
	}
	*sec = se + fraction(s, n, i);
	return 1;
}

/* Z, +hh:mm, +hhmm or -hh; returns the offset in seconds to subtract. */
static int zone(const char *s, size_t n, size_t *i, double *offset)
{
	*offset = 0;
	if (*i < n && s[*i] == ' ')
		(*i)++;
	if (*i < n && s[*i] == 'Z') {
		(*i)++;
		return 1;
	}
	if (*i < n && (s[*i] == '+' || s[*i] == '-')) {
		int sign = s[*i] == '-' ? -1 : 1, hh, mm = 0;
		(*i)++;
		if (!digits(s, n, i, 2, &hh))
			return 0;
		if (*i < n && s[*i] == ':')
			(*i)++;
		if (*i < n && is_digit(s[*i]) && !digits(s, n, i, 2, &mm))
			return 0;
		*offset = sign * (hh * 3600.0 + mm * 60.0);
	}
	return 1;
}

static int parse_iso(const char *s, size_t n, double *out)
{
	size_t i = 0;
	int y, mo, d, h = 0, mi = 0;
	double sec = 0, off = 0;
	if (!digits(s, n, &i, 4, &y))
		return 0;
	char dsep = i < n ? s[i] : 0;
	if (dsep != '-' && dsep != '.' && dsep != '/')
		return 0;
	i++;
	if (!digits(s, n, &i, 2, &mo) || i >= n || s[i] != dsep)
		return 0;
	i++;
	if (!digits(s, n, &i, 2, &d))
		return 0;
	if (i < n) {
		char tsep = s[i];
		if (tsep != 'T' && tsep != ' ' && tsep != '-' && tsep != ',')
			return 0;
		i++;
		/* apt's history "2025-06-24  14:36:25": the clock after a run
		 * of blanks (a cell is trimmed, so a clock follows them) */
		while (tsep == ' ' && i < n && s[i] == ' ')
			i++;
		/* Airflow's "2024-12-05, 10:00:00 UTC" */
		if (tsep == ',' && (i >= n || s[i++] != ' '))
			return 0;
		/* BGL: 2005-06-03-15.42.50.675872 */
		char csep = (tsep == '-') ? '.' : ':';
		if (!clock_part(s, n, &i, csep, &h, &mi, &sec))
			return 0;
		if (!zone(s, n, &i, &off) || i != n)
			return 0;
	}
	if (!valid(y, mo, d, h, mi, (int)sec))
		return 0;
	*out = ll_time_from_civil(y, mo, d, h, mi, sec) - off;
	return 1;
}

static int parse_syslog(const char *s, size_t n, int year, double *out)
{
	if (n < 14 || s[3] != ' ')
		return 0;
	char mon[4] = {s[0], s[1], s[2], 0};
	int mo = ll_month_from_abbrev(mon), d = 0, h, mi;
	double sec;
	if (!mo)
		return 0;
	size_t i = 4;
	if (s[i] == ' ')
		i++;
	if (i + 1 < n && is_digit(s[i]) && is_digit(s[i + 1])) {
		digits(s, n, &i, 2, &d);
	} else if (i < n && is_digit(s[i])) {
		d = s[i++] - '0';
	} else {
		return 0;
	}
	if (i >= n || s[i] != ' ')
		return 0;
	i++;
	if (!clock_part(s, n, &i, ':', &h, &mi, &sec) || i != n || !valid(year, mo, d, h, mi, (int)sec))
		return 0;
	*out = ll_time_from_civil(year, mo, d, h, mi, sec);
	return 1;
}

int ll_time_from_epoch(double v, double *out)
{
	/* each unit's range is 1973..5138, so the four never overlap */
	static const double scale[] = {1, 1e3, 1e6, 1e9};
	for (int k = 0; k < 4; k++)
		if (v >= 1e8 * scale[k] && v < 1e11 * scale[k]) {
			*out = v / scale[k];
			return 1;
		}
	return 0;
}

int ll_time_parse_year(const char *s, size_t n, int default_year, double *out)
{
	trim(&s, &n);
	if (n == 0)
		return 0;
	if (n >= 8 && is_digit(s[0]) && is_digit(s[3]) && !is_digit(s[4]) && parse_iso(s, n, out))
		return 1;
	if (s[0] >= 'A' && s[0] <= 'Z' && parse_syslog(s, n, default_year, out))
		return 1;
	double v;
	if (ll_parse_number(s, n, &v))
		return ll_time_from_epoch(v, out);
	/* Any other dated form a log line may start with, when it is the whole
	 * cell: a table exported by sar ("2019-04-18 13:20:19 UTC"), a web
	 * server ("10/Oct/2000:13:55:36 -0700"), date(1) or a European
	 * spreadsheet ("18.04.2019 13:20:19") has one clock column like any
	 * ISO one. Only forms that write the year: without one, "05-10" is
	 * May 10 to a log and 5 October to dstat, whose reader decides; a time
	 * of day alone is no date; a bare number is an epoch only by the rule
	 * above. Nor the numeric dates whose day and month orders both exist
	 * ("05/03/2019"): a cell at a time would read some rows of a column
	 * month-first and others day-first. (A form's name says "yy" exactly
	 * when it has a year.) */
	unsigned form = 0;
	double t;
	size_t k = ll_stamp_scan(s, n, default_year, 0, &form, &t);
	/* C's asctime of a UTC time with the zone's name after the year, as
	 * date -u and smartctl's "local_time" write it ("Fri Feb 13 23:31:30
	 * 2009 UTC"): the zone is no offset, the stamp is the whole cell */
	if (k && k + 4 == n && (!memcmp(s + k, " UTC", 4) || !memcmp(s + k, " GMT", 4)))
		k = n;
	if (k == n) {
		const char *name = ll_stamp_form_name(form);
		if (!strstr(name, "yy") || !strncmp(name, "MM/dd/", 6) || !strncmp(name, "dd/MM/", 6) ||
		    !strncmp(name, "dd-MM-", 6))
			return 0;
		*out = t;
		return 1;
	}
	return 0;
}

int ll_time_parse(const char *s, size_t n, double *out)
{
	return ll_time_parse_year(s, n, 1970, out);
}

size_t ll_time_format(double t, char *buf, size_t cap)
{
	if (isnan(t))
		return (size_t)snprintf(buf, cap, "%s", "");
	/* a time no calendar below (beyond some 30 million years, or
	 * infinite, as a typed "@1e300" is) is not cast to whole seconds,
	 * which would be undefined and print a year of the wrong sign: it
	 * is written as the epoch seconds it is */
	if (!(fabs(t) < LL_TIME_FORMAT_MAX))
		return (size_t)snprintf(buf, cap, "@%g", t);
	double whole = floor(t);
	long long secs = (long long)whole;
	double frac = t - whole;
	long long days = secs / 86400, rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	/* civil_from_days, the inverse of days_from_civil */
	long long z = days + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long y = yoe + era * 400;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	long long d = doy - (153 * mp + 2) / 5 + 1;
	long long m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	int us = (int)llround(frac * 1e6);
	if (us >= 1000000)
		us = 999999;
	if (us)
		return (size_t)snprintf(buf, cap, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld.%06d", y, m, d, rem / 3600,
					(rem / 60) % 60, rem % 60, us);
	return (size_t)snprintf(buf, cap, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld", y, m, d, rem / 3600,
				(rem / 60) % 60, rem % 60);
}

int64_t ll_time_to_us(double t)
{
	return (int64_t)llround(t * 1e6);
}

int ll_time_whole_us(double s, int64_t *us)
{
	double u = nearbyint(s * 1e6);
	int ok = u >= 1 && u <= 1e18 && fabs(s * 1e6 - u) <= 1e-6 * u;
	*us = ok ? (int64_t)u : 0;
	return ok;
}

int ll_all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}
