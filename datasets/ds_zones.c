/*
 * ds_zones.c - whether a file's stamps carry UTC offsets (see ds_zones.h).
 */
#include "ds_zones.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCAN_LINES_MAX 400

static int digits2(const char *s, size_t n, size_t i)
{
	return i + 2 <= n && isdigit((unsigned char)s[i]) && isdigit((unsigned char)s[i + 1]);
}

/* The offset in minutes after the clock ending at s[i], or 0 (none, or
 * zero: UTC written out is no news). */
static int offset_after(const char *s, size_t n, size_t i)
{
	if (i < n && (s[i] == '.' || s[i] == ',')) { /* the seconds' fraction */
		size_t k = i + 1;
		while (k < n && isdigit((unsigned char)s[k]))
			k++;
		if (k == i + 1)
			return 0;
		i = k;
	}
	if (i < n && s[i] == ' ')
		i++;
	if (i >= n || (s[i] != '+' && s[i] != '-') || !digits2(s, n, i + 1))
		return 0;
	int sign = s[i] == '-' ? -1 : 1;
	int hh = (s[i + 1] - '0') * 10 + (s[i + 2] - '0'), mm = 0;
	size_t k = i + 3;
	if (k < n && s[k] == ':' && digits2(s, n, k + 1))
		k++;
	if (digits2(s, n, k)) {
		mm = (s[k] - '0') * 10 + (s[k + 1] - '0');
		k += 2;
	}
	/* the offset ends the stamp: "-0700]", "+03:00\"", not "+0300123"
	 * nor a date after a comma ("13:53:08,2017-05-16") */
	if (k < n && !strchr(" \t\r\"']),;}|", s[k]))
		return 0;
	if (hh > 14 || mm > 59)
		return 0;
	return sign * (hh * 60 + mm);
}

/* The first non-zero offset after a clock in line[0..len), or 0. */
static int line_offset(const char *line, size_t len)
{
	for (size_t i = 0; i + 8 <= len; i++) {
		if (i && isdigit((unsigned char)line[i - 1]))
			continue;
		if (!digits2(line, len, i) || line[i + 2] != ':' || !digits2(line, len, i + 3) || line[i + 5] != ':' ||
		    !digits2(line, len, i + 6))
			continue;
		int m = offset_after(line, len, i + 8);
		if (m)
			return m;
		i += 7;
	}
	return 0;
}

void ds_zone_scan(const char *head, size_t n, struct ds_zone_scan *out)
{
	memset(out, 0, sizeof *out);
	size_t pos = 0, lineno = 0;
	while (pos < n && out->lines < SCAN_LINES_MAX) {
		const char *nl = memchr(head + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - head) : n;
		lineno++;
		if (end > pos) {
			out->lines++;
			int m = line_offset(head + pos, end - pos);
			if (m) {
				out->zoned++;
				if (!out->first_line) {
					out->first_line = lineno;
					out->first_minutes = m;
				} else if (m != out->first_minutes) {
					out->several = 1;
				}
			}
		}
		pos = end + 1;
	}
}

int ds_zone_scan_says(const struct ds_zone_scan *z)
{
	return z->zoned > 0 && z->zoned * 4 >= z->lines;
}

void ds_zone_where(const struct ds_zone_scan *z, char *buf, size_t cap)
{
	int m = abs(z->first_minutes);
	snprintf(buf, cap, "%c%02d:%02d from line %zu%s", z->first_minutes < 0 ? '-' : '+', m / 60, m % 60,
		 z->first_line, z->several ? ", other offsets after it" : "");
}

void ds_zone_note(const struct ds_zone_scan *z, const char *name, char *buf, size_t cap)
{
	char where[96];
	ds_zone_where(z, where, sizeof where);
	snprintf(buf, cap, "%s: times are shown in UTC; its stamps carry UTC offsets (%s)", name, where);
}
