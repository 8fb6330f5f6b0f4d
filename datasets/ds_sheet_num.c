/*
 * ds_sheet_num.c - a spreadsheet's numbers as its CSV export shows them
 * (ds_sheet.h): number formats that make a number a date or a time, date
 * serials of the 1900 and 1904 calendars as ISO stamps, and numbers
 * stored as doubles (the binary workbooks') written short.
 */
#include "ds_sheet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 1 date, 2 date and time, 3 time of day, 4 elapsed time ([h]:mm:ss), 0
 * other: what a number format shows, from its code with quoted text,
 * [colour] and escapes left out. */
int ds_sheet_format_kind(const char *code, size_t n)
{
	int date = 0, clock = 0, elapsed = 0;
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		if (c == '"') {
			while (++i < n && code[i] != '"')
				;
		} else if (c == '[') {
			/* [h]:mm elapsed hours are a clock; [Red], [$-409] are not */
			size_t j = i + 1;
			elapsed |= j < n && (code[j] == 'h' || code[j] == 'H' || code[j] == 'm' || code[j] == 's');
			while (++i < n && code[i] != ']')
				;
		} else if (c == '\\' || c == '_' || c == '*') {
			i++;
		} else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') {
			date = 1;
		} else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
			clock = 1;
		} else if (c == 'm' || c == 'M') {
			date |= !clock && !elapsed; /* "mm" after "h" or "[h]" is minutes, else a month */
		}
	}
	if (elapsed && !date)
		return 4;
	return date && (clock || elapsed) ? 2 : date ? 1 : clock ? 3 : 0;
}

/* What Excel's built-in number format id shows (ECMA-376 18.8.30). */
int ds_sheet_builtin_kind(long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
		return 1;
	if (id == 22)
		return 2;
	if (id == 46)
		return 4; /* [h]:mm:ss */
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) || id == 45 || id == 47)
		return 3;
	return 0;
}

int ds_sheet_formats_add(struct ds_sheet_formats *fm, long id, const char *code, size_t n)
{
	if (fm->n == fm->cap) {
		size_t cap = fm->cap ? 2 * fm->cap : 16;
		struct ds_sheet_format *f = realloc(fm->f, cap * sizeof *f);
		if (!f)
			return LL_ENOMEM;
		fm->f = f;
		fm->cap = cap;
	}
	fm->f[fm->n].id = id;
	fm->f[fm->n++].kind = ds_sheet_format_kind(code, n);
	return LL_OK;
}

int ds_sheet_formats_kind(const struct ds_sheet_formats *fm, long id)
{
	for (size_t i = fm->n; i-- > 0;)
		if (fm->f[i].id == id)
			return fm->f[i].kind;
	return ds_sheet_builtin_kind(id);
}

void ds_sheet_formats_free(struct ds_sheet_formats *fm)
{
	free(fm->f);
	fm->f = NULL;
	fm->n = fm->cap = 0;
}

int ds_sheet_kinds_push(unsigned char **kinds, size_t *n, size_t *cap, int kind)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		unsigned char *grown = realloc(*kinds, c);
		if (!grown)
			return LL_ENOMEM;
		*kinds = grown;
		*cap = c;
	}
	(*kinds)[(*n)++] = (unsigned char)kind;
	return LL_OK;
}

/* An Excel date serial as an ISO stamp into buf, by kind (code_kind). */
void ds_sheet_serial_text(double serial, int kind, int date1904, char *buf, size_t cap)
{
	/* day 25569 is 1970-01-01; the 1900 system counts a 29 February 1900
	 * that never was, so its days before 1 March are one off */
	double days = serial - (date1904 ? 24107 : serial < 61 ? 25568 : 25569);
	double ms = floor(days * 86400000.0 + 0.5);
	time_t secs = (time_t)floor(ms / 1000);
	int frac = (int)(ms - (double)secs * 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	if (kind == 4) { /* a duration: hours past 24 as they are */
		double total = floor(serial * 86400.0 + 0.5);
		snprintf(buf, cap, "%.0f:%02d:%02d", floor(total / 3600), (int)fmod(floor(total / 60), 60),
			 (int)fmod(total, 60));
		return;
	}
	if (kind == 3 && serial < 1)
		snprintf(buf, cap, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	else if (kind == 1 && ms == floor(ms / 86400000.0) * 86400000.0)
		snprintf(buf, cap, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	else if (frac)
		snprintf(buf, cap, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
	else
		snprintf(buf, cap, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int ds_sheet_put_number(struct ds_text *t, double v, int kind, int date1904)
{
	char buf[48];
	if (kind && isfinite(v) && v >= 0 && v < 2958466) {
		ds_sheet_serial_text(v, kind, date1904, buf, sizeof buf);
		return ds_text_put(t, buf, strlen(buf));
	}
	if (!isfinite(v))
		return 1; /* no sheet holds one: a damaged file's, read as missing */
	/* an integer as its digits; else the shortest of 15 to 17 digits that
	 * reads back as v */
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, sizeof buf, "%.0f", v);
		return ds_text_put(t, buf, strlen(buf));
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return ds_text_put(t, buf, strlen(buf));
}
