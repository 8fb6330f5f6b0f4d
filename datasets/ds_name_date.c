/*
 * ds_name_date.c - a date in a file's name (see ds_name_date.h).
 */
#include "ds_name_date.h"
#include "ll_time.h"

#include <math.h>
#include <string.h>

/* The value of the n digits at s, -1 when they are not all digits. */
static long digits_at(const char *s, size_t n)
{
	if (!ll_all_digits(s, n))
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int ds_name_date_parse(const char *s, size_t n, double *stamp)
{
	long f[6] = {0, 1, 1, 0, 0, 0};
	if (ll_all_digits(s, n)) {
		if (n != 8 && n != 10 && n != 12 && n != 14)
			return 0;
		for (size_t i = 0; 4 + 2 * i <= n; i++)
			f[i] = i ? digits_at(s + 2 + 2 * i, 2) : digits_at(s, 4);
	} else {
		static const size_t width[6] = {4, 2, 2, 2, 2, 2};
		size_t at = 0, k = 0;
		for (; k < 6 && at < n; k++) {
			if (k) {
				char sep = s[at];
				int ok = k < 3 ? sep == '-' || sep == '_' : sep == '-' || sep == '_' || sep == 'T' || sep == ':';
				if (!ok)
					return 0;
				at++;
			}
			if (at + width[k] > n || (f[k] = digits_at(s + at, width[k])) < 0)
				return 0;
			at += width[k];
		}
		if (at != n || k < 3)
			return 0;
	}
	if (f[0] < 1970 || f[0] > 2099 || f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 ||
	    f[5] > 60)
		return 0;
	double v = 0;
	for (size_t i = 0; i < 6; i++)
		v = v * (i ? 100 : 1) + (double)f[i];
	*stamp = v;
	return 1;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int ds_name_date_find(const char *name, size_t n, size_t *at, size_t *len, double *stamp)
{
	/* the longest form is 2024-01-05T13:00:00, 19 bytes */
	for (size_t i = 0; i + 8 <= n; i++) {
		if (!is_digit(name[i]) || (i && is_digit(name[i - 1])))
			continue;
		for (size_t k = n - i < 19 ? n - i : 19; k >= 8; k--)
			if ((i + k == n || !is_digit(name[i + k])) && ds_name_date_parse(name + i, k, stamp)) {
				*at = i;
				*len = k;
				return 1;
			}
	}
	return 0;
}

double ds_name_date_time(double stamp)
{
	long long v = (long long)stamp;
	int sec = (int)(v % 100), min = (int)(v / 100 % 100), hour = (int)(v / 10000 % 100);
	int day = (int)(v / 1000000 % 100), month = (int)(v / 100000000 % 100), year = (int)(v / 10000000000LL);
	return ll_time_from_civil(year, month, day, hour, min, sec);
}

int ds_name_date_year(const char *path, int (*place)(void *ctx, int year, double *t), void *ctx)
{
	if (!path)
		return 0;
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	size_t at, len;
	double stamp;
	if (!ds_name_date_find(name, strlen(name), &at, &len, &stamp))
		return 0;
	double when = ds_name_date_time(stamp), best = INFINITY, t;
	int year = (int)(stamp / 1e10), found = 0;
	for (int y = year - 1; y <= year + 1; y++)
		if (place(ctx, y, &t) && fabs(t - when) < best) {
			best = fabs(t - when);
			found = y;
		}
	return best <= DS_NAME_DATE_SPAN ? found : 0;
}
