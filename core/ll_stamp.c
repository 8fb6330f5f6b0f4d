/*
 * ll_stamp.c - the timestamp forms of ll_stamp.h.
 *
 * Each form is a short pattern; a small interpreter matches it at the
 * start of the text, collecting the fields. Pattern letters:
 *   Y 4-digit year      y 2-digit year (70-99: 19yy, else 20yy)
 *   m month, 1-2 digits n month, 2 digits    b month name (Jan, January;
 *     in a few other languages too: août, févr., Okt)
 *   d day, 1-2 digits   j day, 2 digits      a weekday name (Sun, Sunday)
 *   o day of the year, 3 digits (ISO 8601's ordinal date "2026-073")
 *   H hour, 1-2 digits  K hour, 2 digits     M minute  S second (2 digits)
 *   (K, M and S next to a ':' take 1-2 digits: "22:16:0" is unpadded)
 *   F optional fraction: '.' and 1-9 digits, ',' and 3 (or 6 or 9 before a
 *     zone, a blank or the end), or ':' and 1-3 digits of milliseconds
 *   Z optional zone: Z, UTC, GMT, +hh, +hhmm, +hh:mm (after one blank or none),
 *     or a zone name date(1) writes (CEST, PDT ...: applied; CST, IST and
 *     BST, which name several zones, read, not applied)
 *   P AM or PM          T 'T' or one blank
 *   E epoch seconds (9-11 digits, optional fraction)  L epoch ms (12-14 digits)
 *   X a TAI64 label in hex (16 digits "40000000..."), its nanoseconds (8
 *     more) and attoseconds (8 more) optional: daemontools', runit's and
 *     s6's "@4000000069b529d00d5e1c2c"
 *   ' ' one or more blanks; anything else is itself.
 * Order matters: the first form that matches wins, so longer forms come
 * before their prefixes (date and time before date alone) and, among the
 * ambiguous day/month orders, the more common reading comes first.
 */
#include "ll_stamp.h"
#include "ll_time.h"

#include <pthread.h>
#include <string.h>

struct form {
	const char *pat;
	const char *name;
};

static const struct form forms[] = {
	{"Y-n-jTK:M:SFZ", "yyyy-MM-dd HH:mm:ss.SSS"},
	{"Y-n-j-K.M.SF", "yyyy-MM-dd-HH.mm.ss.SSSSSS"},
	/* colons in the date too, a dash before the clock (Sophos UTM's
	 * "2023:04:28-06:50:45") */
	{"Y:n:j-K:M:SF", "yyyy:MM:dd-HH:mm:ss"},
	{"Y-n-j_K:M:SFZ", "yyyy-MM-dd_HH:mm:ss"},
	/* stamps made to name files, every field apart by '_' or the clock's
	 * by '-' ("date +%Y-%m-%d_%H-%M-%S"), which scripts polling a command
	 * also write between its outputs */
	{"Y-n-j_K-M-S", "yyyy-MM-dd_HH-mm-ss"},
	{"Y_n_j_K_M_S", "yyyy_MM_dd_HH_mm_ss"},
	{"Ynj_KMS", "yyyyMMdd_HHmmss"},
	{"d_b_Y_K_M_S", "dd_MMM_yyyy_HH_mm_ss"},
	{"Y-n-jTK:MZ", "yyyy-MM-dd HH:mm"},
	{"Y-oTK:M:SFZ", "yyyy-DDD HH:mm:ss"},
	{"Y-n-j, K:M:SFZ", "yyyy-MM-dd, HH:mm:ss"}, /* Airflow's task logs */
	{"Y/n/jTK:M:SFZ", "yyyy/MM/dd HH:mm:ss"},
	{"Y/n/jTK:MZ", "yyyy/MM/dd HH:mm"},
	{"Y.n.jTK:M:SFZ", "yyyy.MM.dd HH:mm:ss"},
	{"Ynj-K:M:SF", "yyyyMMdd-HH:mm:ss:SSS"},
	{"YnjTKMSFZ", "yyyyMMddTHHmmss"},
	{"Ynj K:M:SF", "yyyyMMdd HH:mm:ss.SSSSSS"}, /* glog since 0.6 writes the year */
	{"Y-n-j", "yyyy-MM-dd"},
	{"Y/n/j", "yyyy/MM/dd"},
	{"Y.n.j", "yyyy.MM.dd"},
	{"a Y-n-jTK:M:SFZ", "EEE yyyy-MM-dd HH:mm:ss"},
	{"a, d b Y K:M:SFZ", "EEE, dd MMM yyyy HH:mm:ss Z"},
	{"a b d K:M:SF Y", "EEE MMM dd HH:mm:ss yyyy"},
	{"a b d K:M:SFZ Y", "EEE MMM dd HH:mm:ss zzz yyyy"},
	{"a b d K:M:SFZ", "EEE MMM dd HH:mm:ss"},
	{"b d, Y H:M:SF PZ", "MMM d, yyyy h:mm:ss a"}, /* WebLogic's: ",SSS" and a zone may follow */
	{"b d, Y K:M:SF", "MMM d, yyyy HH:mm:ss"},
	{"b d, Y @ K:M:SF", "MMM d, yyyy @ HH:mm:ss.SSS"},
	{"b d, Y, H:M:SF PZ", "MMM d, yyyy, h:mm:ss a"}, /* the same with a comma after the year */
	{"b d, Y", "MMM d, yyyy"}, /* a date as US sites and spreadsheets write it */
	{"b d Y K:M:SFZ", "MMM dd yyyy HH:mm:ss"}, /* Cisco IOS, a zone name after it or not */
	{"b d K:M:SF", "MMM dd HH:mm:ss"},
	{"b-j K:M:SF", "MMM-dd HH:mm:ss"}, /* Nextflow's */
	{"d/b/Y:K:M:SFZ", "dd/MMM/yyyy:HH:mm:ss Z"},
	{"d/b/Y K:M:SFZ", "dd/MMM/yyyy HH:mm:ss"},
	{"d-b-Y K:M:SFZ", "dd-MMM-yyyy HH:mm:ss"}, /* PHP's "[14-Mar-2026 09:26:10 UTC]" */
	{"d-b-Y::K:M:SF", "dd-MMM-yyyy::HH:mm:ss"}, /* Erlang's error_logger reports */
	{"d-b-Y K:MZ", "dd-MMM-yyyy HH:mm"},
	{"d-b-Y", "dd-MMM-yyyy"}, /* spreadsheets' and databases' date */
	/* day and month's name without the year before a clock (Bacula's
	 * "09-Jan 19:54 host-sd JobId 24: ..."), read in the file's year */
	{"d-b K:M:SF", "dd-MMM HH:mm:ss"},
	{"d-b K:M", "dd-MMM HH:mm"},
	/* Oracle's defaults: TIMESTAMP "14-MAR-24 10.00.00.000000 AM" (with
	 * a zone after it for TIMESTAMP WITH TIME ZONE), DATE "14-MAR-24" */
	{"d-b-y K.M.SF PZ", "dd-MMM-yy hh.mm.ss.SSSSSS a"},
	{"d-b-y", "dd-MMM-yy"},
	{"d b Y K:M:SFZ", "dd MMM yyyy HH:mm:ss"},
	{"d b Y K:MZ", "dd MMM yyyy HH:mm"},
	/* the same without the year, read in the file's year: Redis before
	 * 3.2 ("30 May 10:03:19 * ...", and "4961:M 30 May 12:50:13.457 #") */
	{"d b K:M:SF", "dd MMM HH:mm:ss"},
	/* the year first, then a month name: OSSEC's and Wazuh's alerts and
	 * archives ("2015 Jan 26 10:32:34 (agent) 10.0.0.1->WinEvtLog ...") */
	{"Y b d K:M:SFZ", "yyyy MMM dd HH:mm:ss"},
	{"y/n/j K:M:SF", "yy/MM/dd HH:mm:ss"},
	/* the same text month first ("03/14/26 09:26:10", Python's %x in
	 * the C locale): tried second, a file's values settle which of the
	 * two it writes (ll_stamp_form_twin) */
	{"n/j/y K:M:SF", "MM/dd/yy HH:mm:ss"},
	/* month and day padded or not: "3/14/2026 9:26:10 AM" is how .NET
	 * and Windows write a date in the US */
	/* the same with a comma before the clock: JavaScript's toLocaleString
	 * in the US ("8/2/2023, 7:32:47 PM"), which Node services log with */
	{"m/d/Y, H:M:S P", "MM/dd/yyyy, h:mm:ss a"},
	{"m/d/Y H:M:S P", "MM/dd/yyyy h:mm:ss a"},
	/* a dash between a US date and its clock, the stamp of IDS alert
	 * lines ("07/11/2022-10:29:01.860293"); yearless when the sensor is
	 * not told to write the year ("07/11-10:29:01.860293") */
	{"n/j/Y-K:M:SF", "MM/dd/yyyy-HH:mm:ss.SSSSSS"},
	{"m/d/Y K:M:SF", "MM/dd/yyyy HH:mm:ss"},
	{"d/m/Y K:M:SF", "dd/MM/yyyy HH:mm:ss"},
	/* the same with a colon before the clock, as the access log's
	 * "10/Oct/2000:13:55:36" has it (Citrix ADC's native log lines,
	 * "06/27/2026:22:38:17", or day first where so configured) */
	{"m/d/Y:K:M:SF", "MM/dd/yyyy:HH:mm:ss"},
	{"d/m/Y:K:M:SF", "dd/MM/yyyy:HH:mm:ss"},
	{"d.m.Y K:M:SF", "dd.MM.yyyy HH:mm:ss"},
	{"d.m.Y K:MZ", "dd.MM.yyyy HH:mm"},
	{"d.m.Y", "dd.MM.yyyy"},
	{"j-n-Y K:M:SF", "dd-MM-yyyy HH:mm:ss"},
	{"ynj H:M:SF", "yyMMdd H:mm:ss"},
	{"ynj KMS", "yyMMdd HHmmss"},
	{"n-j K:M:SF", "MM-dd HH:mm:ss.SSS"},
	{"nj K:M:SF", "MMdd HH:mm:ss.SSSSSS"},
	{"n.j K:M:SF", "MM.dd HH:mm:ss"},
	{"n/j K:M:SF", "MM/dd HH:mm:ss"},
	{"n/j-K:M:SF", "MM/dd-HH:mm:ss.SSSSSS"},
	/* a time of day on a 12-hour clock: before "HH:mm:ss", which would
	 * stop short of the AM/PM; Go's Kitchen form ("3:04PM") is the
	 * default of console writers of structured loggers */
	{"H:M:SF P", "h:mm:ss a"},
	{"H:MP", "h:mma"},
	{"H:M:SF", "HH:mm:ss"},
	{"E", "epoch seconds"},
	{"L", "epoch milliseconds"},
	{"@X", "@tai64n"},
};

#define NFORMS (sizeof forms / sizeof *forms)

unsigned ll_stamp_nforms(void)
{
	return (unsigned)NFORMS;
}

const char *ll_stamp_form_name(unsigned form)
{
	return form >= 1 && form <= NFORMS ? forms[form - 1].name : "";
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int ll_stamp_form_has_date(unsigned form)
{
	if (form < 1 || form > NFORMS)
		return 0;
	const char *p = forms[form - 1].pat;
	return strpbrk(p, "YyELbX") != NULL || ((strchr(p, 'n') || strchr(p, 'm')) && (strchr(p, 'j') || strchr(p, 'd')));
}

int ll_stamp_form_has_clock(unsigned form)
{
	if (form < 1 || form > NFORMS)
		return 0;
	return strpbrk(forms[form - 1].pat, "HKELX") != NULL;
}

/* The fields a pattern collects. */
struct fields {
	int year, month, day, yday, hour, min, sec, pm, has_year, has_date;
	double frac, zone, epoch;
	int is_epoch;
};

/* Reads between lo and hi digits at s[*i]; the value into *v. */
static int num(const char *s, size_t n, size_t *i, int lo, int hi, int *v)
{
	int k = 0, x = 0;
	while (k < hi && *i + (size_t)k < n && is_digit(s[*i + (size_t)k])) {
		x = x * 10 + (s[*i + (size_t)k] - '0');
		k++;
	}
	if (k < lo)
		return 0;
	*i += (size_t)k;
	*v = x;
	return 1;
}

/* A name from a list of 3-letter prefixes (case-insensitive), optionally
 * followed by the rest of the full name's letters. Returns 1-based index. */
static int name(const char *s, size_t n, size_t *i, const char *list, int count)
{
	if (*i + 3 > n)
		return 0;
	for (int k = 0; k < count; k++) {
		const char *w = list + 3 * k;
		if (lower(s[*i]) == lower(w[0]) && lower(s[*i + 1]) == w[1] && lower(s[*i + 2]) == w[2]) {
			size_t j = *i + 3;
			/* "June", "Sunday": the rest of the word, whatever it is */
			while (j < n && is_alpha(s[j]) && j - *i < 10)
				j++;
			*i = j;
			return k + 1;
		}
	}
	return 0;
}

static const char MONTHS[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
static const char WDAYS[] = "MonTueWedThuFriSatSun";

/* The starts of months' names in French, German, Spanish, Italian,
 * Portuguese and Dutch where the English abbreviation does not read them
 * (local_month; UTF-8, small letters). */
static const struct local_name {
	const char *start;
	int month;
} LOCAL_MONTHS[] = {{"ene", 1},  {"gen", 1},	 {"f\xc3\xa9v", 2}, {"fev", 2},  {"m\xc3\xa4r", 3}, {"mrt", 3},
		     {"avr", 4},  {"abr", 4},	 {"mai", 5},	    {"mag", 5},  {"mei", 5},	     {"juin", 6},
		     {"giu", 6},  {"juil", 7},	 {"lug", 7},	    {"ao\xc3\xbb", 8}, {"ago", 8},    {"set", 9},
		     {"okt", 10}, {"ott", 10},	 {"out", 10},	    {"d\xc3\xa9" "c", 12}, {"dez", 12},  {"dic", 12}};
#define NLOCAL_MONTHS (sizeof LOCAL_MONTHS / sizeof *LOCAL_MONTHS)

/* A month named in one of those languages ("14 août 2026", "3 févr.
 * 2026", "12 Okt 2026", "5 dic 2026"): the start of its name (a capital is
 * taken too), the rest of the word, and the dot of an abbreviation.
 * Returns 1-12, else 0. */
static int local_month(const char *s, size_t n, size_t *i)
{
	const struct local_name *names = LOCAL_MONTHS;
	if (*i >= n)
		return 0;
	for (size_t k = 0; k < NLOCAL_MONTHS; k++) {
		if (lower(s[*i]) != names[k].start[0])
			continue;
		size_t m = strlen(names[k].start), j = *i;
		if (j + m > n || memcmp(s + j + 1, names[k].start + 1, m - 1) != 0)
			continue;
		/* the rest of the word, letters of any script */
		for (j += m; j < n && (is_alpha(s[j]) || (unsigned char)s[j] >= 0x80) && j - *i < 12; j++)
			;
		if (j < n && s[j] == '.')
			j++;
		*i = j;
		return names[k].month;
	}
	return 0;
}

static void fraction(const char *s, size_t n, size_t *i, double *frac)
{
	*frac = 0;
	if (*i + 1 >= n || !is_digit(s[*i + 1]))
		return;
	char c = s[*i];
	size_t j = *i + 1, k = 0;
	double f = 0, scale = 0.1;
	while (j < n && is_digit(s[j]) && k < 9) {
		f += (s[j] - '0') * scale;
		scale /= 10;
		j++;
		k++;
	}
	if (c == '.' || c == ',') {
		if (j < n && is_digit(s[j]))
			return; /* more than 9 digits: not a fraction we know */
		/* a comma fraction is log4j's and Python's ",SSS", or ISO 8601's
		 * comma before micro- or nanoseconds (GNU date -Ins:
		 * "01:23:45,123456789+00:00") where a zone, a blank or the end
		 * follows; "26,6.2" is the next cell of a table row, not 0.6 s,
		 * and "26,123456," a cell of a number */
		if (c == ',' && (k != 3 || (j + 1 < n && (s[j] == '.' || s[j] == ',') && is_digit(s[j + 1]))) &&
		    !((k == 6 || k == 9) && (j >= n || s[j] == ' ' || s[j] == '\t' || s[j] == 'Z' || s[j] == '+' ||
					     s[j] == '-')))
			return;
	} else if (c == ':') {
		/* after a colon the field is a count of milliseconds, which
		 * writers print padded ("35:011") or not ("35:11"): 11 ms
		 * either way, never 0.11 s */
		if (k > 3 || (j < n && is_digit(s[j])))
			return;
		f = 0;
		for (size_t q = *i + 1; q < j; q++)
			f = f * 10 + (s[q] - '0');
		f /= 1000;
	} else {
		return;
	}
	*frac = f;
	*i = j;
}

static int hex_value(char c)
{
	return is_digit(c) ? c - '0' : lower(c) >= 'a' && lower(c) <= 'f' ? lower(c) - 'a' + 10 : -1;
}

/* A TAI64 label and its fractions at s[*i]: *epoch the UTC seconds. TAI
 * runs ahead of UTC; the tools that write the label take the gap as 10
 * seconds (their tai64nlocal subtracts 2^62 + 10), and so does this. */
static int tai64(const char *s, size_t n, size_t *i, double *epoch)
{
	size_t a = *i, k = a;
	while (k < n && hex_value(s[k]) >= 0 && k - a < 33)
		k++;
	size_t len = k - a;
	if ((len != 16 && len != 24 && len != 32) || s[a] != '4')
		return 0;
	double secs = 0;
	for (size_t q = a + 1; q < a + 16; q++)
		secs = secs * 16 + hex_value(s[q]);
	/* from 1970 to 5138, as the epochs */
	if (secs < 10 || secs >= 1e11)
		return 0;
	double nanos = 0;
	for (size_t q = a + 16; q < a + 24 && q < k; q++)
		nanos = nanos * 16 + hex_value(s[q]);
	if (nanos >= 1e9)
		return 0;
	*epoch = secs - 10 + nanos / 1e9;
	*i = k;
	return 1;
}

/* A zone as Windows names it, one to three capitalised words and then
 * "Standard Time" or "Daylight Time" ("India Standard Time", "W. Europe
 * Standard Time"), at s[j]: *i moves past it. Applied only for zones that
 * keep one offset all year (the name says nothing of summer time
 * elsewhere: "Pacific Standard Time" is written in July too); the others
 * are read, not applied, as CST is. */
static int windows_zone(const char *s, size_t n, size_t j, size_t *i, double *off)
{
	static const struct {
		const char *name;
		int minutes;
	} fixed[] = {{"India", 330}, {"China", 480}, {"Tokyo", 540}, {"Korea", 540}, {"Singapore", 480}};
	size_t at[5], len[5], words = 0, k = j;
	/* up to five capitalised words, one blank apart */
	while (words < 5 && k < n && s[k] >= 'A' && s[k] <= 'Z') {
		at[words] = k;
		while (k < n && (is_alpha(s[k]) || s[k] == '.'))
			k++;
		len[words] = k - at[words];
		words++;
		if (words >= 3 && len[words - 1] == 4 && memcmp(s + at[words - 1], "Time", 4) == 0 &&
		    len[words - 2] == 8 &&
		    (memcmp(s + at[words - 2], "Standard", 8) == 0 || memcmp(s + at[words - 2], "Daylight", 8) == 0)) {
			*off = 0;
			for (size_t f = 0; f < sizeof fixed / sizeof *fixed; f++)
				if (words == 3 && strlen(fixed[f].name) == len[0] && memcmp(s + j, fixed[f].name, len[0]) == 0)
					*off = fixed[f].minutes * 60.0;
			*i = k;
			return 1;
		}
		if (k >= n || s[k] != ' ')
			return 0;
		k++;
	}
	return 0;
}

static void zone(const char *s, size_t n, size_t *i, double *off)
{
	*off = 0;
	size_t j = *i;
	if (j < n && s[j] == ' ')
		j++;
	if (j < n && s[j] == 'Z' && (j + 1 >= n || !is_alpha(s[j + 1]))) {
		*i = j + 1;
		return;
	}
	if (j + 3 <= n && (memcmp(s + j, "UTC", 3) == 0 || memcmp(s + j, "GMT", 3) == 0) &&
	    (j + 3 >= n || !is_alpha(s[j + 3]))) {
		*i = j + 3;
		return;
	}
	/* a zone name: applied when it names one offset wherever it is
	 * written; CST (China's and America's), IST (India's, Ireland's,
	 * Israel's), BST (British summer, Bangladesh), SST (Samoa's,
	 * Singapore's), AST (Atlantic, Arabia) and GST (Gulf, South Georgia)
	 * are read, not applied: the time stays as written, the same for
	 * every line */
	static const struct {
		const char *name;
		int minutes;
		int known;
	} names[] = {
	    {"CST", 0, 0},	  {"CDT", -300, 1},  {"EST", -300, 1},  {"EDT", -240, 1},  {"MST", -420, 1},
	    {"MDT", -360, 1},	  {"PST", -480, 1},  {"PDT", -420, 1},  {"CET", 60, 1},	   {"CEST", 120, 1},
	    {"EET", 120, 1},	  {"EEST", 180, 1},  {"WET", 0, 1},	{"WEST", 60, 1},   {"BST", 0, 0},
	    {"IST", 0, 0},	  {"JST", 540, 1},   {"KST", 540, 1},	{"HKT", 480, 1},   {"SGT", 480, 1},
	    {"MSK", 180, 1},	  {"AEST", 600, 1},  {"AEDT", 660, 1},	{"NZST", 720, 1},  {"NZDT", 780, 1},
	    {"HST", -600, 1},	  {"AKST", -540, 1}, {"AKDT", -480, 1}, {"METDST", 120, 1}, {"MET", 60, 1},
	    {"PKT", 300, 1},	  {"AWST", 480, 1},  {"ACST", 570, 1},	{"ACDT", 630, 1},
	    {"SST", 0, 0},	  {"AST", 0, 0},     {"GST", 0, 0},
	};
	if (j < n && s[j] >= 'A' && s[j] <= 'Z')
		for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
			size_t m = strlen(names[k].name);
			if (j + m <= n && memcmp(s + j, names[k].name, m) == 0 && (j + m >= n || !is_alpha(s[j + m]))) {
				*off = names[k].known ? names[k].minutes * 60.0 : 0;
				*i = j + m;
				return;
			}
		}
	if (windows_zone(s, n, j, i, off))
		return;
	if (j < n && (s[j] == '+' || s[j] == '-')) {
		int sign = s[j] == '-' ? -1 : 1, hh, mm = 0;
		size_t k = j + 1;
		if (!num(s, n, &k, 2, 2, &hh) || hh > 14)
			return;
		if (k < n && s[k] == ':')
			k++;
		if (k < n && is_digit(s[k]) && (!num(s, n, &k, 2, 2, &mm) || mm > 59))
			return;
		if (k < n && is_digit(s[k]))
			return;
		*off = sign * (hh * 3600.0 + mm * 60.0);
		*i = k;
	}
}

static int days_in_month(int year, int month, int has_year)
{
	static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && has_year && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 28;
	return days[month - 1];
}

/* Matches pat at the start of s; returns the length or 0. */
static size_t match(const char *pat, const char *s, size_t n, struct fields *f)
{
	size_t i = 0;
	memset(f, 0, sizeof *f);
	f->month = f->day = 1;
	for (const char *p = pat; *p; p++) {
		int v;
		/* A field next to a ':' is delimited by it, so writers that do
		 * not pad ("22:16:0", "0:5:12") are read; without colons
		 * ("HHmmss") the width is what separates the fields. */
		int colon = (p > pat && p[-1] == ':') || p[1] == ':';
		switch (*p) {
		case 'Y':
			if (!num(s, n, &i, 4, 4, &f->year))
				return 0;
			f->has_year = f->has_date = 1;
			break;
		case 'y':
			if (!num(s, n, &i, 2, 2, &v))
				return 0;
			f->year = v >= 70 ? 1900 + v : 2000 + v;
			f->has_year = f->has_date = 1;
			break;
		case 'm':
		case 'n':
			if (!num(s, n, &i, *p == 'n' ? 2 : 1, 2, &f->month) || f->month < 1 || f->month > 12)
				return 0;
			f->has_date = 1;
			break;
		case 'b':
			if (!(f->month = name(s, n, &i, MONTHS, 12)) && !(f->month = local_month(s, n, &i)))
				return 0;
			f->has_date = 1;
			break;
		case 'a':
			if (!name(s, n, &i, WDAYS, 7))
				return 0;
			break;
		case 'o':
			if (!num(s, n, &i, 3, 3, &f->yday) || f->yday < 1 || f->yday > 366)
				return 0;
			f->has_date = 1;
			break;
		case 'd':
		case 'j':
			if (!num(s, n, &i, *p == 'j' ? 2 : 1, 2, &f->day) || f->day < 1 || f->day > 31)
				return 0;
			break;
		case 'H':
		case 'K':
			if (!num(s, n, &i, *p == 'K' && !colon ? 2 : 1, 2, &f->hour) || f->hour > 24)
				return 0;
			break;
		case 'M':
			if (!num(s, n, &i, colon ? 1 : 2, 2, &f->min) || f->min > 59)
				return 0;
			break;
		case 'S':
			if (!num(s, n, &i, colon ? 1 : 2, 2, &f->sec) || f->sec > 60)
				return 0;
			break;
		case 'F':
			if (i < n)
				fraction(s, n, &i, &f->frac);
			break;
		case 'Z':
			zone(s, n, &i, &f->zone);
			break;
		case 'P':
			if (i + 2 > n || (lower(s[i]) != 'a' && lower(s[i]) != 'p') || lower(s[i + 1]) != 'm')
				return 0;
			f->pm = lower(s[i]) == 'p' ? 2 : 1;
			i += 2;
			break;
		case 'T':
			if (i >= n || (s[i] != 'T' && s[i] != ' '))
				return 0;
			i++;
			break;
		case 'E':
		case 'L': {
			size_t a = i;
			while (i < n && is_digit(s[i]) && i - a < 15)
				i++;
			size_t k = i - a;
			if (*p == 'E' ? (k < 9 || k > 11) : (k < 12 || k > 14))
				return 0;
			double x = 0;
			for (size_t q = a; q < i; q++)
				x = x * 10 + (s[q] - '0');
			if (*p == 'E') {
				if (x < 1e8 || x >= 1e11)
					return 0;
				if (i < n && s[i] == '.')
					fraction(s, n, &i, &f->frac);
				f->epoch = x + f->frac;
			} else {
				f->epoch = x / 1000.0;
			}
			f->is_epoch = 1;
			break;
		}
		case 'X':
			if (!tai64(s, n, &i, &f->epoch))
				return 0;
			f->is_epoch = 1;
			break;
		case ' ':
			if (i >= n || !is_blank(s[i]))
				return 0;
			while (i < n && is_blank(s[i]))
				i++;
			break;
		default:
			if (i >= n || s[i] != *p)
				return 0;
			i++;
			break;
		}
	}
	/* a stamp ends at a boundary */
	if (i < n && (is_digit(s[i]) || is_alpha(s[i])))
		return 0;
	/* a reading that names no real day ("02/30/26" month first) is none:
	 * that is what tells two readings of one text apart */
	if (f->has_date && !f->yday && f->day > days_in_month(f->year, f->month, f->has_year))
		return 0;
	if (f->pm) {
		if (f->hour < 1 || f->hour > 12)
			return 0;
		f->hour = f->hour % 12 + (f->pm == 2 ? 12 : 0);
	}
	return i;
}

static double value_of(const struct fields *f, int default_year)
{
	if (f->is_epoch)
		return f->epoch;
	int year = f->has_year ? f->year : f->has_date ? default_year : 1970;
	double day_of_year = f->yday ? (f->yday - 1) * 86400.0 : 0;
	return ll_time_from_civil(year, f->month, f->day, f->hour, f->min, f->sec + f->frac) + day_of_year - f->zone;
}

unsigned ll_stamp_form_twin(unsigned form)
{
	static const char *const pairs[][2] = {{"yy/MM/dd HH:mm:ss", "MM/dd/yy HH:mm:ss"}};
	const char *name = ll_stamp_form_name(form);
	for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++)
		for (int side = 0; side < 2; side++)
			if (strcmp(name, pairs[k][side]) == 0)
				for (unsigned t = 1; t <= NFORMS; t++)
					if (strcmp(forms[t - 1].name, pairs[k][!side]) == 0)
						return t;
	return 0;
}

size_t ll_stamp_parse_form(unsigned form, const char *s, size_t n, int default_year, double *value)
{
	if (form < 1 || form > NFORMS || !s)
		return 0;
	struct fields f;
	size_t len = match(forms[form - 1].pat, s, n, &f);
	if (len && value)
		*value = value_of(&f, default_year);
	return len;
}

/* The forms a text can match, by the digits it starts with: the digit
 * fields before a form's first other element, which never takes a digit
 * (a separator, a blank, a name, the end), need between lo and hi digits
 * there. ll_stamp_scan, which header inference calls at every word of
 * every sampled line, so tries the handful of forms of its text's bucket
 * (in table order), not all of them. Buckets 0..MAX_LEAD: that many
 * digits (MAX_LEAD: as many or more); ALPHA: none, and a letter first. */
#define MAX_LEAD 16
#define ALPHA (MAX_LEAD + 1)
static unsigned char bucket_forms[ALPHA + 1][NFORMS];
static unsigned char bucket_size[ALPHA + 1];
/* What a form's first element after its leading digit fields takes: the
 * leading digits of a text are all those fields' (that element never
 * takes a digit, and num is greedy up to a field's width), so the byte
 * right after them must be what that element starts with. NEXT_ANY: not
 * told apart here (a name, an optional fraction or zone, an epoch). */
enum { NEXT_ANY, NEXT_LIT, NEXT_BLANK, NEXT_T, NEXT_END };
static unsigned char next_kind[NFORMS], next_lit[NFORMS];
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static void digits_first(const char *pat, int *lo, int *hi, const char **stop)
{
	*lo = *hi = 0;
	*stop = NULL;
	for (const char *p = pat;; p++) {
		if (!*p) {
			*stop = p;
			return;
		}
		int colon = (p > pat && p[-1] == ':') || p[1] == ':';
		int a, b;
		switch (*p) {
		case 'Y': a = b = 4; break;
		case 'o': a = b = 3; break;
		case 'y':
		case 'n':
		case 'j': a = b = 2; break;
		case 'm':
		case 'd':
		case 'H': a = 1, b = 2; break;
		case 'K':
		case 'M':
		case 'S': a = colon ? 1 : 2, b = 2; break;
		case 'E': a = 9, b = 11; break;
		case 'L': a = 12, b = 14; break;
		/* after digits in no form, but not provably digit-free */
		case 'F':
		case 'Z': a = 0, b = 1000; break;
		default: *stop = p; return;
		}
		*lo += a;
		*hi += b;
		if (*p == 'E' || *p == 'L' || b == 1000)
			return; /* (*stop NULL: no next element told) */
	}
}

/* The three letters, small, that a name at the start of a text begins
 * with: an English month's or weekday's (name) or a month's of another
 * language (local_month) whose first three bytes are letters. A text in
 * the ALPHA bucket whose first three letters are none of them opens with
 * no name, so no form of that bucket reads it. */
static unsigned char name_starts[26 * 26 * 26 / 8 + 1];

static int letter3(const char *s, size_t *key)
{
	size_t k = 0;
	for (int j = 0; j < 3; j++) {
		char c = lower(s[j]);
		if (c < 'a' || c > 'z')
			return 0;
		k = k * 26 + (size_t)(c - 'a');
	}
	*key = k;
	return 1;
}

static void add_start(const char *w)
{
	size_t key;
	if (letter3(w, &key))
		name_starts[key / 8] |= (unsigned char)(1u << (key % 8));
}

/* 0 when no name (name, local_month) can open s[0..n), whose first byte
 * is a letter; 1 when one may. */
static int may_open_name(const char *s, size_t n)
{
	/* every name is three bytes at least */
	if (n < 3)
		return 0;
	size_t key;
	/* a byte past the first that is no letter (the UTF-8 of "févr."):
	 * the names are looked up as they were */
	if (!letter3(s, &key))
		return 1;
	return (name_starts[key / 8] >> (key % 8)) & 1;
}

static void fill_buckets(void)
{
	for (int k = 0; k < 12; k++)
		add_start(MONTHS + 3 * k);
	for (int k = 0; k < 7; k++)
		add_start(WDAYS + 3 * k);
	for (size_t k = 0; k < NLOCAL_MONTHS; k++)
		add_start(LOCAL_MONTHS[k].start);
	for (unsigned k = 0; k < NFORMS; k++) {
		int lo, hi;
		const char *stop;
		digits_first(forms[k].pat, &lo, &hi, &stop);
		/* (the elements match takes as they are: a byte of its own) */
		if (!stop || stop == forms[k].pat)
			next_kind[k] = NEXT_ANY;
		else if (!*stop)
			next_kind[k] = NEXT_END;
		else if (*stop == ' ')
			next_kind[k] = NEXT_BLANK;
		else if (*stop == 'T')
			next_kind[k] = NEXT_T;
		else if (!strchr("YymnbaodjHKMSFZPELX", *stop) && !is_digit(*stop) && !is_alpha(*stop))
			next_kind[k] = NEXT_LIT, next_lit[k] = (unsigned char)*stop;
		else
			next_kind[k] = NEXT_ANY;
		char first = forms[k].pat[0];
		for (int lead = 0; lead <= MAX_LEAD; lead++) {
			int fits = lead == MAX_LEAD ? hi >= MAX_LEAD : lead >= lo && lead <= hi;
			/* names start with a letter, everything else not */
			if (fits && (lead > 0 || (first != 'a' && first != 'b')))
				bucket_forms[lead][bucket_size[lead]++] = (unsigned char)k;
		}
		if (first == 'a' || first == 'b')
			bucket_forms[ALPHA][bucket_size[ALPHA]++] = (unsigned char)k;
	}
}

/* 0 when form k cannot read s[0..n), which opens with lead digits (fewer
 * than MAX_LEAD): the byte after them is not what the element after the
 * form's leading digit fields starts with (next_kind). 1: it may. */
static int next_fits(unsigned k, const char *s, size_t n, size_t lead)
{
	char c = lead < n ? s[lead] : '\0';
	switch (next_kind[k]) {
	case NEXT_LIT: return lead < n && (unsigned char)c == next_lit[k];
	case NEXT_BLANK: return lead < n && is_blank(c);
	case NEXT_T: return lead < n && (c == 'T' || c == ' ');
	case NEXT_END: return lead >= n || !(is_digit(c) || is_alpha(c));
	default: return 1;
	}
}

size_t ll_stamp_scan(const char *s, size_t n, int default_year, int epochs, unsigned *form, double *value)
{
	if (form)
		*form = 0;
	if (!s || n == 0)
		return 0;
	/* Every form starts with a digit or a letter, or the '@' of TAI64:
	 * skip the table otherwise. */
	if (!is_digit(s[0]) && !is_alpha(s[0]) && s[0] != '@')
		return 0;
	pthread_once(&buckets_once, fill_buckets);
	size_t lead = 0;
	while (lead < n && lead < MAX_LEAD && is_digit(s[lead]))
		lead++;
	size_t b = lead == 0 && is_alpha(s[0]) ? ALPHA : lead;
	if (b == ALPHA && !may_open_name(s, n))
		return 0;
	/* a name at the start, looked up once for all the forms that begin
	 * with one (-1: not yet) */
	int month = -1, weekday = -1;
	for (unsigned c = 0; c < bucket_size[b]; c++) {
		unsigned k = bucket_forms[b][c];
		char first = forms[k].pat[0];
		if (!epochs && (first == 'E' || first == 'L'))
			continue;
		if (first == 'b') {
			if (month < 0) {
				size_t i = 0;
				month = name(s, n, &i, MONTHS, 12) || local_month(s, n, &i);
			}
			if (!month)
				continue;
		} else if (first == 'a') {
			if (weekday < 0) {
				size_t i = 0;
				weekday = name(s, n, &i, WDAYS, 7) != 0;
			}
			if (!weekday)
				continue;
		}
		if (lead < MAX_LEAD && !next_fits(k, s, n, lead))
			continue;
		struct fields f;
		size_t len = match(forms[k].pat, s, n, &f);
		if (!len)
			continue;
		if (form)
			*form = k + 1;
		if (value)
			*value = value_of(&f, default_year);
		return len;
	}
	return 0;
}
