/*
 * ds_aligned_cells.c - the cells of a line of a table aligned with blanks:
 * words, numbers (as people write them: "12%", "3.4G"), a lone "-", and
 * stamps, a date and its clock or a clock and its AM/PM being one cell.
 */
#include "ds_aligned.h"
#include "ds_csv.h"
#include "ds_units.h"
#include "ll_stamp.h"
#include "ll_time.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int dsa_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '|' || c == '\f' || c == '\v';
}

/* The value of n digits (the caller checked them; n <= 4). */
int dsa_small_int(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* A clock "H:MM", "HH:MM:SS" or "HH:MM:SS.fff" into seconds of the day. */
int dsa_parse_clock(const char *s, size_t n, double *sod)
{
	size_t i = 0;
	int part[3] = {0, 0, 0}, np = 0;
	while (np < 3) {
		size_t a = i;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		size_t w = i - a;
		if (w == 0 || w > 2 || (np > 0 && w != 2))
			return 0;
		part[np++] = dsa_small_int(s + a, w);
		if (i < n && s[i] == ':') {
			i++;
			continue;
		}
		break;
	}
	if (np < 2 || part[0] > 23 || part[1] > 59 || part[2] > 60)
		return 0;
	double frac = 0;
	if (i < n && s[i] == '.' && np == 3) {
		size_t a = ++i;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		if (i == a)
			return 0;
		char buf[32];
		size_t w = i - a < 20 ? i - a : 20;
		buf[0] = '.';
		memcpy(buf + 1, s + a, w);
		buf[w + 1] = 0;
		frac = strtod(buf, NULL);
	}
	if (i != n)
		return 0;
	*sod = part[0] * 3600.0 + part[1] * 60.0 + part[2] + frac;
	return 1;
}

/* A date "yyyy-MM-dd", "yyyy/MM/dd", "MM/dd/yy[yy]" (day first when the
 * first field is above 12) or "dd.MM.yyyy" into its civil fields. */
int dsa_parse_date(const char *s, size_t n, int *y, int *m, int *d)
{
	if (n < 8 || n > 10)
		return 0;
	char sep = 0;
	size_t cut[2], nc = 0;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			continue;
		if (s[i] != '-' && s[i] != '/' && s[i] != '.')
			return 0;
		if (sep && s[i] != sep)
			return 0;
		sep = s[i];
		if (nc == 2)
			return 0;
		cut[nc++] = i;
	}
	if (nc != 2)
		return 0;
	size_t l0 = cut[0], l1 = cut[1] - cut[0] - 1, l2 = n - cut[1] - 1;
	if (!l0 || !l1 || !l2)
		return 0;
	if (l0 > 4 || l1 > 4 || l2 > 4)
		return 0;
	int a = dsa_small_int(s, l0), b = dsa_small_int(s + cut[0] + 1, l1), c = dsa_small_int(s + cut[1] + 1, l2);
	if (l0 == 4 && l1 <= 2 && l2 <= 2 && sep != '.') {
		*y = a, *m = b, *d = c;
	} else if (l0 <= 2 && l1 <= 2 && (l2 == 4 || l2 == 2)) {
		*y = l2 == 2 ? 2000 + c : c;
		if (sep == '.' || (sep != '.' && a > 12))
			*d = a, *m = b;
		else
			*m = a, *d = b;
	} else {
		return 0;
	}
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 && *y >= 1900 && *y <= 2200;
}

static int is_ampm(const char *s, size_t n)
{
	return n == 2 && (s[0] == 'A' || s[0] == 'a' || s[0] == 'P' || s[0] == 'p') && (s[1] == 'M' || s[1] == 'm');
}

/* A single token that is a whole stamp with a 'T' ("2026-12-03T21:54:09+0000"). */
static int iso_token(const char *s, size_t n)
{
	const char *t = memchr(s, 'T', n);
	int y, m, d;
	double v;
	return t && dsa_parse_date(s, (size_t)(t - s), &y, &m, &d) && ll_time_parse_year(s, n, 1970, &v);
}

int dsa_day_month(const char *s, size_t n, int *m, int *d)
{
	const char *dash = memchr(s, '-', n);
	if (!dash || dash == s || dash - s > 2 || n - (size_t)(dash - s) - 1 < 1 || n - (size_t)(dash - s) - 1 > 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s + i != dash && !isdigit((unsigned char)s[i]))
			return 0;
	int a = dsa_small_int(s, (size_t)(dash - s)), b = dsa_small_int(dash + 1, n - (size_t)(dash - s) - 1);
	/* day first (dstat's "%d-%m"), unless the second field is no month */
	if (b > 12)
		*m = a, *d = b;
	else
		*d = a, *m = b;
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

/* A month's or a weekday's English abbreviation opening a token or a cell
 * ("Dec", "Mon,", "Mon Dec  7 ..."): where a stamp written out in words
 * may start. */
static int month_or_weekday(const char *s, size_t n)
{
	static const char days[] = "MonTueWedThuFriSatSun";
	if (n < 3 || !isupper((unsigned char)s[0]) || (n > 3 && s[3] != ',' && !dsa_is_blank(s[3])))
		return 0;
	char m[4] = {s[0], s[1], s[2], 0};
	if (ll_month_from_abbrev(m))
		return 1;
	for (size_t i = 0; i < sizeof days - 1; i += 3)
		if (!strncmp(m, days + i, 3))
			return 1;
	return 0;
}

/* The parts of a stamp cell (one or more tokens joined: "12/03/2026
 * 09:54:09 PM"): *date_epoch the midnight of its date or NAN, *sod its
 * seconds of day or NAN; *absolute set for a whole ISO stamp. A day and
 * month without a year ("04-12 22:52:11") take year, when above 0. */
void dsa_stamp_parts(const char *s, size_t n, int year, double *date_epoch, double *sod, double *absolute)
{
	*date_epoch = *sod = *absolute = NAN;
	if (iso_token(s, n)) {
		ll_time_parse_year(s, n, 1970, absolute);
		return;
	}
	/* a stamp written in words ("Mon Dec  7 06:37:35 2026") */
	if (month_or_weekday(s, n) && ll_time_parse_year(s, n, 1970, absolute))
		return;
	*absolute = NAN;
	size_t i = 0;
	int pm = -1;
	while (i < n) {
		while (i < n && dsa_is_blank(s[i]))
			i++;
		size_t a = i;
		while (i < n && !dsa_is_blank(s[i]))
			i++;
		if (i == a)
			break;
		int y, m, d;
		double c;
		if (dsa_parse_date(s + a, i - a, &y, &m, &d))
			*date_epoch = ll_time_from_civil(y, m, d, 0, 0, 0);
		else if (year > 0 && dsa_day_month(s + a, i - a, &m, &d))
			*date_epoch = ll_time_from_civil(year, m, d, 0, 0, 0);
		else if (dsa_parse_clock(s + a, i - a, &c))
			*sod = c;
		else if (is_ampm(s + a, i - a))
			pm = s[a] == 'P' || s[a] == 'p';
	}
	if (pm >= 0 && !isnan(*sod) && *sod < 13 * 3600.0) {
		if (*sod >= 12 * 3600.0)
			*sod -= 12 * 3600.0;
		if (pm)
			*sod += 12 * 3600.0;
	}
}

int dsa_milli(const char *s, size_t n, double *v)
{
	if (n < 2 || n > 32 || s[n - 1] != 'm')
		return 0;
	char buf[40];
	memcpy(buf, s, n - 1);
	buf[n - 1] = 0;
	size_t i = buf[0] == '-' || buf[0] == '+';
	if (!isdigit((unsigned char)buf[i]))
		return 0;
	for (; i < n - 1; i++)
		if (!isdigit((unsigned char)buf[i]) && buf[i] != '.')
			return 0;
	char *e;
	double x = strtod(buf, &e);
	if (*e || !isfinite(x))
		return 0;
	*v = x / 1000.0;
	return 1;
}

int dsa_age(const char *s, size_t n, double *sec, int *minutes_only)
{
	struct ll_units_duration_form form;
	if (!ll_units_duration(s, n, sec, &form))
		return 0;
	*minutes_only = form.minutes_only;
	return 1;
}

int dsa_duration(const char *s, size_t n, double *sec, int *unambiguous)
{
	if (ds_csv_duration(s, n, sec, unambiguous))
		return 1;
	size_t i = 0;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || i > 3 || i + 3 != n || s[i] != ':' || !isdigit((unsigned char)s[i + 1]) ||
	    !isdigit((unsigned char)s[i + 2]) || s[i + 1] > '5')
		return 0;
	int min = dsa_small_int(s, i);
	*sec = min * 60.0 + dsa_small_int(s + i + 1, 2);
	*unambiguous = min > 23; /* "47:41": no hour of a clock */
	return 1;
}

int dsa_pair(const char *s, size_t n, double *a, double *b)
{
	for (size_t i = 1; i + 2 < n; i++) {
		if (s[i] != '/' || s[i - 1] != ' ' || s[i + 1] != ' ')
			continue;
		size_t l = i - 1, r = i + 2;
		while (l > 0 && s[l - 1] == ' ')
			l--;
		while (r < n && s[r] == ' ')
			r++;
		/* each side a number, its unit maybe one blank after it */
		return l > 0 && r < n && ds_csv_cell_number(s, l, a) && ds_csv_cell_number(s + r, n - r, b);
	}
	return 0;
}

int dsa_comma_kind(const char *s, size_t n)
{
	const char *c = memchr(s, ',', n);
	double v;
	if (!c || !ds_csv_cell_number(s, n, &v))
		return 0;
	size_t lead = n && (s[0] == '-' || s[0] == '+'), l = (size_t)(c - s), f = n - l - 1;
	size_t commas = 0, run = 0, groups = 1;
	for (size_t i = lead; i < n; i++) {
		if (s[i] == ',') {
			groups &= commas ? run == 3 : run >= 1 && run <= 3;
			commas++;
			run = 0;
		} else if (isdigit((unsigned char)s[i])) {
			run++;
		} else {
			return 2; /* a unit, '.' groups ("1.234,5") */
		}
	}
	if (groups && run == 3 && s[lead] != '0')
		return 3;
	if (commas > 1 || l == lead || !f)
		return 2;
	/* a minor is printed without leading zeros; a fraction has them */
	return f > 1 && c[1] == '0' ? 2 : 1;
}

int dsa_number(const char *s, size_t n, double *v)
{
	int u, m;
	double b;
	return ds_csv_cell_number(s, n, v) || dsa_milli(s, n, v) || dsa_age(s, n, v, &m) ||
	       ds_csv_duration(s, n, v, &u) || dsa_pair(s, n, v, &b);
}

/* The kind of one token's text. */
static void classify(const char *s, size_t n, struct tok *k)
{
	double v;
	int y, m, dd, u;
	if (n == 1 && *s == '-')
		k->kind = K_DASH;
	else if (dsa_parse_date(s, n, &y, &m, &dd))
		k->kind = K_STAMP, k->has_date = 1;
	else if (dsa_parse_clock(s, n, &v))
		k->kind = K_STAMP, k->has_clock = 1;
	else if (iso_token(s, n))
		k->kind = K_STAMP, k->has_date = k->has_clock = 1;
	else if (ds_csv_cell_number(s, n, &v) || dsa_milli(s, n, &v) || dsa_age(s, n, &v, &u) ||
		 ds_csv_duration(s, n, &v, &u))
		k->kind = K_NUM;
	else
		k->kind = K_WORD;
}

/* The tokens from t[r] that make one side of a pair: a number with its
 * unit ("12.5MiB"), or apart by one blank ("796 KB"): 1 or 2, 0 none. */
static size_t pair_side(const char *d, const struct tok *t, size_t nt, size_t r)
{
	double v;
	if (r >= nt || t[r].kind != K_NUM || !ds_csv_cell_number(d + t[r].off, t[r].len, &v))
		return 0;
	if (r + 1 < nt && t[r + 1].kind == K_WORD && t[r + 1].off == t[r].off + t[r].len + 1 &&
	    !(t[r + 1].len == 1 && d[t[r + 1].off] == '/') &&
	    ds_csv_cell_number(d + t[r].off, t[r + 1].off + t[r + 1].len - t[r].off, &v))
		return 2;
	return 1;
}

/* "12.5MiB / 7.667GiB", "796 KB / 64 MB": a number, a lone slash, a
 * number, one cell. */
static size_t join_pairs(const char *d, struct tok *t, size_t nt)
{
	size_t w = 0;
	for (size_t r = 0; r < nt; r++) {
		struct tok k = t[r];
		size_t a = pair_side(d, t, nt, r), sl = r + a, b = a ? pair_side(d, t, nt, sl + 1) : 0;
		if (b && t[sl].len == 1 && d[t[sl].off] == '/') {
			r = sl + b;
			k.len = t[r].off + t[r].len - k.off;
			k.kind = K_NUM;
			k.pair = 1;
		}
		t[w++] = k;
	}
	return w;
}

char dsa_classify(const char *s, size_t n)
{
	if (!n)
		return K_DASH; /* an empty cell is a missing value, as "-" */
	struct tok k = {0};
	classify(s, n, &k);
	if (k.kind != K_WORD || !memchr(s, ' ', n))
		return k.kind;
	double a, b;
	if (dsa_pair(s, n, &a, &b))
		return K_NUM;
	/* room for every token: a cell of free text holds many words */
	struct tok t[MAX_TOKS];
	int comment;
	size_t nt = dsa_tokenize(s, 0, n, t, &comment, 1);
	return nt == 1 && !comment ? t[0].kind : K_WORD;
}

size_t dsa_rule(const char *s, size_t n, size_t *a, size_t *b, size_t max)
{
	size_t runs = 0, i = 0;
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	while (i < n) {
		char c = s[i];
		size_t j = i;
		while (j < n && s[j] == c)
			j++;
		/* a box's corners and bars; a lone '-' between runs of '='
		 * ("+++-=====-====" of dpkg -l), whose "+++" is a column's */
		if (c == ' ' || c == '\t' || c == '|' || (c == '+' && j - i < 2) ||
		    (c == '-' && j - i == 1 && ((i > 0 && s[i - 1] == '=') || (j < n && s[j] == '=')))) {
			i++;
			continue;
		}
		if (c != '-' && c != '=' && c != '+')
			return 0;
		if (j - i < 2 || runs == max)
			return 0;
		a[runs] = i;
		b[runs++] = j;
		i = j;
	}
	return runs >= 2 ? runs : 0;
}

/* 1 when the blank at d[i] ends a token. */
static int token_end(const char *d, size_t i, size_t end, int merge)
{
	if (!dsa_is_blank(d[i]))
		return 0;
	return merge != MERGE_WIDE || d[i] != ' ' || i + 1 >= end || dsa_is_blank(d[i + 1]);
}

/* How many tokens from t[r] (3 to 6) make one dated stamp written in
 * words and blanks (ctime's "Mon Dec  7 06:37:35 2026", ps -o lstart's;
 * date(1)'s "Mon Dec  7 06:37:35 UTC 2026") amid the cells of a row: the
 * most that read as a stamp with a year and a clock, else 0. A line that
 * is such a stamp, after a label or not, a zone or not ("Date:   Mon Dec 7
 * 12:16:39 2026 +0000" of git log), is no row: its words stay apart
 * (dsa_stamp_line reads the whole line). */
static size_t words_stamp(const char *d, const struct tok *t, size_t nt, size_t r)
{
	if (t[r].kind != K_WORD || !month_or_weekday(d + t[r].off, t[r].len))
		return 0;
	/* the stamp starts at its weekday, the line test included */
	char m[4] = {0};
	if (r > 0 && t[r - 1].kind == K_WORD && month_or_weekday(d + t[r - 1].off, t[r - 1].len)) {
		memcpy(m, d + t[r - 1].off, 3);
		if (!ll_month_from_abbrev(m))
			return 0;
	}
	for (size_t k = 6; k >= 3; k--) {
		if (r + k > nt || (r < 2 && r + k + 1 >= nt))
			continue;
		const struct tok *e = &t[r + k - 1];
		size_t n = e->off + e->len - t[r].off;
		double v;
		int clock = 0;
		for (size_t j = r + 1; j < r + k; j++)
			clock |= t[j].kind == K_STAMP && t[j].has_clock && !t[j].has_date;
		if (clock && ll_time_parse_year(d + t[r].off, n, 1970, &v))
			return k;
	}
	return 0;
}

/* Cuts a line into tokens (with merge, stamps of several tokens made one:
 * a date and its clock, a clock and its AM/PM, a stamp written in words);
 * returns their count, or
 * MAX_TOKS + 1 when there are more than that. *comment says the line
 * began with '#' (skipped). */
size_t dsa_tokenize(const char *d, size_t off, size_t len, struct tok *t, int *comment, int merge)
{
	size_t i = off, end = off + len, nt = 0;
	while (i < end && dsa_is_blank(d[i]))
		i++;
	*comment = i < end && d[i] == '#';
	while (i < end && d[i] == '#')
		i++;
	while (i < end) {
		while (i < end && dsa_is_blank(d[i]))
			i++;
		if (i >= end)
			break;
		size_t a = i;
		while (i < end && !token_end(d, i, end, merge))
			i++;
		if (nt == MAX_TOKS)
			return MAX_TOKS + 1;
		struct tok *k = &t[nt++];
		k->off = a;
		k->len = i - a;
		k->has_date = k->has_clock = k->joined = 0;
		k->pair = 0;
		classify(d + a, k->len, k);
	}
	nt = join_pairs(d, t, nt);
	if (!merge)
		return nt;
	size_t w = 0;
	for (size_t r = 0; r < nt; r++) {
		struct tok k = t[r];
		size_t words = words_stamp(d, t, nt, r);
		if (words) {
			r += words - 1;
			k.len = t[r].off + t[r].len - k.off;
			k.kind = K_STAMP;
			k.joined = 1;
			k.has_date = k.has_clock = 1;
			t[w++] = k;
			continue;
		}
		if (k.kind == K_STAMP && k.has_date && !k.has_clock && r + 1 < nt && t[r + 1].kind == K_STAMP &&
		    t[r + 1].has_clock && !t[r + 1].has_date) {
			r++;
			k.len = t[r].off + t[r].len - k.off;
			k.joined = 1;
			k.has_clock = 1;
		}
		/* a day and month without a year before a clock (dstat's
		 * "04-12 22:52:11") */
		int mm, dd;
		if ((k.kind == K_WORD || k.kind == K_NUM) && !k.pair && r + 1 < nt && t[r + 1].kind == K_STAMP &&
		    t[r + 1].has_clock && !t[r + 1].has_date && t[r + 1].off == k.off + k.len + 1 &&
		    dsa_day_month(d + k.off, k.len, &mm, &dd)) {
			r++;
			k.len = t[r].off + t[r].len - k.off;
			k.kind = K_STAMP;
			k.joined = 1;
			k.has_date = k.has_clock = 1;
		}
		if (k.kind == K_STAMP && k.has_clock && r + 1 < nt && is_ampm(d + t[r + 1].off, t[r + 1].len)) {
			r++;
			k.len = t[r].off + t[r].len - k.off;
			k.joined = 1;
		}
		t[w++] = k;
	}
	return w;
}

int dsa_is_header(const struct tok *t, size_t nt)
{
	return dsa_is_header_of(NULL, t, nt);
}

/* 1 when a word is a run of one mark ("---------", "====="): a piece of
 * a rule, which no column is named; a banner such as logcat's "---------
 * beginning of main" above lines of a log is no header. */
static int rule_piece(const char *s, size_t n)
{
	if (n < 3 || isalnum((unsigned char)s[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (s[i] != s[0])
			return 0;
	return 1;
}

/* 1 when a word is a stamp with its date in brackets ("[2026-03-14T09:26:10Z]"):
 * the opening of a line of a log (a CI console), never a column's name */
static int bracketed_stamp(const char *s, size_t n)
{
	double when;
	if (n < 12 || s[0] != '[' || s[n - 1] != ']')
		return 0;
	size_t digits = 0;
	for (size_t i = 1; i + 1 < n; i++)
		digits += isdigit((unsigned char)s[i]) != 0;
	return digits + 2 < n && ll_time_parse(s + 1, n - 2, &when);
}

int dsa_is_header_of(const char *d, const struct tok *t, size_t nt)
{
	if (nt < 2)
		return 0;
	size_t words = 0, spans = 0;
	for (size_t i = 0; i < nt; i++) {
		if (t[i].kind == K_STAMP && i == 0)
			continue;
		/* a span of time as a name ("1m 5m 15m" over load averages),
		 * among twice as many words; its unit a small letter of time
		 * (s, m, h, d, w): "888M" and "43K" are sizes in a row's cells
		 * (iptables -L -v's packet and byte counts) */
		if (d && t[i].kind == K_NUM && !t[i].pair && t[i].len <= 4 && isdigit((unsigned char)d[t[i].off]) &&
		    strchr("smhdw", d[t[i].off + t[i].len - 1]) && d[t[i].off + t[i].len - 1]) {
			spans++;
			continue;
		}
		if (t[i].kind != K_WORD || (d && (rule_piece(d + t[i].off, t[i].len) ||
						       bracketed_stamp(d + t[i].off, t[i].len))))
			return 0;
		/* a word ending with a colon after the first names what
		 * follows it ("Running on machine: host1"): a line of text,
		 * where a header's name with a colon comes first ("avg-cpu:") */
		if (d && words && t[i].len > 1 && d[t[i].off + t[i].len - 1] == ':')
			return 0;
		words++;
	}
	return words >= 2 && words >= 2 * spans;
}

size_t dsa_numish(const struct tok *t, size_t nt)
{
	size_t k = 0;
	for (size_t i = 0; i < nt; i++)
		k += t[i].kind != K_WORD;
	return k;
}

int dsa_is_row(const struct tok *t, size_t nt)
{
	size_t nums = 0;
	for (size_t i = 0; i < nt; i++)
		nums += t[i].kind == K_NUM;
	return nt >= 2 && nums >= 1 && dsa_numish(t, nt) * 5 >= nt * 2;
}

int dsa_stamp_line(const char *s, size_t n, double *t)
{
	while (n && dsa_is_blank(*s))
		s++, n--;
	while (n && dsa_is_blank(s[n - 1]))
		n--;
	/* a clock and a word: a lone number would be an epoch, and a row of one cell */
	int letter = 0;
	for (size_t i = 0; i < n; i++)
		letter |= isalpha((unsigned char)s[i]) != 0;
	if (n < 12 || n > 64 || !letter || !memchr(s, ':', n))
		return 0;
	/* the year is the line's own when no default year changes the result */
	double a, b;
	if (!ll_time_parse_year(s, n, 1970, &a) || !ll_time_parse_year(s, n, 2000, &b) || a != b)
		return 0;
	*t = a;
	return 1;
}

int dsa_stamp_token(const char *s, size_t n, double *t)
{
	while (n && dsa_is_blank(*s))
		s++, n--;
	while (n && dsa_is_blank(s[n - 1]))
		n--;
	if (n && s[n - 1] == ':')
		n--;
	if (n < 8 || n > 40)
		return 0;
	/* a date with its year and a clock, the whole word: no epoch (a lone
	 * number is a row of one cell), no time of day alone */
	unsigned form = 0;
	double a, b;
	if (ll_stamp_scan(s, n, 1970, 0, &form, &a) != n || !ll_stamp_form_has_date(form) ||
	    !ll_stamp_form_has_clock(form) || ll_stamp_scan(s, n, 2000, 0, &form, &b) != n || a != b)
		return 0;
	*t = a;
	return 1;
}

int dsa_labelled_stamp(const char *s, size_t n, const char **st, size_t *sn)
{
	while (n && dsa_is_blank(*s))
		s++, n--;
	while (n && (dsa_is_blank(s[n - 1]) || s[n - 1] == '\r'))
		n--;
	if (n < 4 || n > 80)
		return 0;
	size_t a, b = n;
	if (s[0] == '[' && s[n - 1] == ']') {
		a = 1;
		b = n - 1;
	} else {
		/* a label: a letter, then letters, digits, '_', '-', '.' */
		if (!isalpha((unsigned char)s[0]))
			return 0;
		a = 1;
		while (a < n && a <= 32 && (isalnum((unsigned char)s[a]) || s[a] == '_' || s[a] == '-' || s[a] == '.'))
			a++;
		if (a >= n || (s[a] != ':' && s[a] != '='))
			return 0;
		a++;
	}
	if (b > a && s[b - 1] == ':' && s[0] != '[')
		b--;
	if (b <= a || dsa_is_blank(s[a]))
		return 0;
	double t, sod;
	if (!dsa_stamp_token(s + a, b - a, &t) && !dsa_parse_clock(s + a, b - a, &sod))
		return 0;
	*st = s + a;
	*sn = b - a;
	return 1;
}
