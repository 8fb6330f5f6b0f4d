/*
 * test_units.c - columns of durations and sizes written with units
 * (ds_units.h): a column judged whole (which kind, which base, which plain
 * numbers may stand among them; clocks, by their name) and the notes naming
 * the columns read; the steps after a table's load (ds_reader_settle_table); one
 * value alone is read by core/ll_units.h (tests/core/test_units.c).
 */
#include "harness.h"

#include "ds_csv.h"
#include "ds_reader.h"
#include "ds_units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Any bytes, in a buffer exactly as long as them (no NUL after: a read
 * past n is caught by ASan and valgrind): a value read is finite, a size
 * and an unsigned duration not negative, and no reader crashes, nor the
 * CSV reader's cells, which read their units with these. */
static void test_any_bytes(void)
{
	static const char alphabet[] = "0123456789..-+ dhmsunkKMGTPiB\xC2\xB5\xCE\xBCx\t";
	unsigned state = 12345;
	size_t durations = 0, sizes = 0, bad = 0;
	for (int round = 0; round < 20000; round++) {
		state = state * 1103515245u + 12345u;
		size_t n = (state >> 16) % 12;
		char *s = malloc(n ? n : 1);
		if (!s)
			break;
		for (size_t i = 0; i < n; i++) {
			state = state * 1103515245u + 12345u;
			unsigned r = state >> 16;
			s[i] = r % 16 == 0 ? (char)(r >> 4) : alphabet[(r >> 4) % (sizeof alphabet - 1)];
		}
		double v;
		struct ll_units_duration_form df;
		struct ll_units_size_form sf;
		if (ll_units_duration(s, n, &v, &df)) {
			durations++;
			bad += !isfinite(v) || df.parts < 1 || (v < 0 && !memchr(s, '-', n));
		}
		if (ll_units_size(s, n, &v, &sf)) {
			sizes++;
			bad += !isfinite(v) || v < 0 || sf.power < 0 || sf.power > 5;
		}
		double u = ll_units_time_unit(s, n) + ll_units_size_unit(s, n, NULL);
		bad += !isfinite(u) || u < 0;
		/* the CSV reader's cells read units with these */
		if (ds_csv_cell_number(s, n, &v) || ds_csv_people_number(s, n, &v))
			bad += !isfinite(v);
		int sign = ds_units_sign(s, n);
		bad += sign < DS_UNITS_SIGN_NONE || sign > DS_UNITS_SIGN_SIZE;
		free(s);
	}
	CHECK_INT(bad, 0);
	/* the alphabet makes values of both kinds */
	CHECK(durations > 100);
	CHECK(sizes > 100);
	/* clocks, from digits and their separators mostly */
	static const char clock_chars[] = "0123456789012345:::-. 5";
	size_t clocks = 0;
	bad = 0;
	for (int round = 0; round < 20000; round++) {
		state = state * 1103515245u + 12345u;
		size_t n = (state >> 16) % 14;
		char *s = malloc(n ? n : 1);
		if (!s)
			break;
		for (size_t i = 0; i < n; i++) {
			state = state * 1103515245u + 12345u;
			s[i] = clock_chars[(state >> 16) % (sizeof clock_chars - 1)];
		}
		double v;
		int unambiguous = -1;
		if (ll_units_clock(s, n, &v, &unambiguous)) {
			clocks++;
			bad += !isfinite(v) || v < 0 || (unambiguous != 0 && unambiguous != 1);
		}
		if (ds_csv_duration(s, n, &v, &unambiguous))
			bad += !isfinite(v) || v < 0;
		free(s);
	}
	CHECK_INT(bad, 0);
	CHECK(clocks > 10);
}

/* A table of one text column "c" of the values given (NULL ends). */
static struct ll_table *column(const char *const *values)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "c", LL_COL_TEXT);
	for (size_t i = 0; values[i]; i++) {
		long r = ll_table_append_row(t);
		ll_table_set_text(t, (size_t)r, 0, values[i], strlen(values[i]));
	}
	return t;
}

/* The kind ds_units_column makes of values, and row `row`'s number in *v. */
static int kind_of(const char *const *values, size_t row, double *v)
{
	struct ll_table *t = column(values);
	int kind = ds_units_column(t, 0);
	*v = ll_table_col_type(t, 0) == LL_COL_NUM ? ll_table_num(t, row, 0) : NAN;
	if (kind == DS_UNITS_NONE)
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TEXT);
	ll_table_free(t);
	return kind;
}

static void test_column(void)
{
	double v;
	/* durations, a missing one and a plain 0 among them */
	const char *took[] = {"12.3ms", "1.2s", "", "0", "3m", "1m30s", NULL};
	CHECK_INT(kind_of(took, 1, &v), DS_UNITS_SECONDS);
	CHECK(v == 1.2);
	CHECK_INT(kind_of(took, 4, &v), DS_UNITS_SECONDS);
	CHECK(v == 180);
	CHECK_INT(kind_of(took, 2, &v), DS_UNITS_SECONDS);
	CHECK(isnan(v));
	/* only minutes (or millicores): nothing says which */
	const char *cpu[] = {"250m", "3m", "12m", NULL};
	CHECK_INT(kind_of(cpu, 0, &v), DS_UNITS_NONE);
	/* a plain number other than 0 among durations: no unit to give it */
	const char *mixed_time[] = {"12ms", "15", NULL};
	CHECK_INT(kind_of(mixed_time, 0, &v), DS_UNITS_NONE);
	/* durations and sizes together; a word among them */
	const char *both[] = {"12ms", "512KiB", NULL};
	CHECK_INT(kind_of(both, 0, &v), DS_UNITS_NONE);
	const char *word[] = {"12ms", "slow", NULL};
	CHECK_INT(kind_of(word, 0, &v), DS_UNITS_NONE);
	/* sizes: SI with B, binary with i, bare as tools scale */
	const char *sizes[] = {"4.012g", "512k", "12M", "1.5GiB", "300KB", "1.2 GB", "0", NULL};
	CHECK_INT(kind_of(sizes, 4, &v), DS_UNITS_BYTES);
	CHECK(v == 300000);
	CHECK_INT(kind_of(sizes, 1, &v), DS_UNITS_BYTES);
	CHECK(v == 524288);
	/* one bare prefix, no fraction: networks, screens */
	const char *networks[] = {"4G", "5G", "4G", NULL};
	CHECK_INT(kind_of(networks, 0, &v), DS_UNITS_NONE);
	const char *screens[] = {"4k", "8k", NULL};
	CHECK_INT(kind_of(screens, 0, &v), DS_UNITS_NONE);
	/* ... two prefixes: ls -h */
	const char *ls[] = {"4.0K", "12M", "1.1G", "512", NULL};
	CHECK_INT(kind_of(ls, 0, &v), DS_UNITS_BYTES);
	CHECK(v == 4096);
	CHECK_INT(kind_of(ls, 3, &v), DS_UNITS_BYTES);
	CHECK(v == 512);
	/* top's RES: KiB, scaled when too wide; the plain ones keep their value */
	const char *res[] = {"11820", "4.012g", "70412", "412308", NULL};
	CHECK_INT(kind_of(res, 0, &v), DS_UNITS_KIB);
	CHECK(v == 11820);
	CHECK_INT(kind_of(res, 1, &v), DS_UNITS_KIB);
	CHECK(fabs(v - 4.012 * 1048576) < 1e-6);
	/* a plain number larger than a scaled one: no scaling for width */
	const char *wide[] = {"6012344", "2.112g", NULL};
	CHECK_INT(kind_of(wide, 0, &v), DS_UNITS_NONE);
	/* plain bytes below 1K beside a k; 1K or more is no scaler's */
	const char *big_plain[] = {"4.0K", "2048", NULL};
	CHECK_INT(kind_of(big_plain, 0, &v), DS_UNITS_NONE);
	/* plain below 1K without a k: bytes (ls -h) or KiB? */
	const char *unsure[] = {"512", "12M", "1.5G", NULL};
	CHECK_INT(kind_of(unsure, 0, &v), DS_UNITS_NONE);
	/* plain numbers beside SI sizes: no scaler writes those */
	const char *si[] = {"300KB", "12", NULL};
	CHECK_INT(kind_of(si, 0, &v), DS_UNITS_NONE);
	/* numbers alone, nothing but missing values, a number column */
	const char *plain[] = {"1", "2", NULL};
	CHECK_INT(kind_of(plain, 0, &v), DS_UNITS_NONE);
	const char *empty[] = {"", "NA", NULL};
	CHECK_INT(kind_of(empty, 0, &v), DS_UNITS_NONE);
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "n", LL_COL_NUM);
	CHECK_INT(ds_units_column(t, 0), DS_UNITS_NONE);
	CHECK_INT(ds_units_column(t, 5), DS_UNITS_NONE);
	ll_table_free(t);
}

static void test_columns(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "took", LL_COL_TEXT);
	ll_table_add_column(t, "wait", LL_COL_TEXT);
	ll_table_add_column(t, "size", LL_COL_TEXT);
	ll_table_add_column(t, "class", LL_COL_TEXT);
	const char *rows[][4] = {{"12ms", "1s", "1.5GiB", "5s"}, {"2.5s", "0", "300KB", "10s"}};
	for (size_t r = 0; r < 2; r++) {
		ll_table_append_row(t);
		for (size_t c = 0; c < 4; c++)
			ll_table_set_text(t, r, c, rows[r][c], strlen(rows[r][c]));
	}
	/* the label source stays as it is */
	ll_table_set_label_source(t, 3);
	struct ll_err err;
	int kinds[4] = {-1, -1, -1, -1};
	CHECK_INT(ds_units_columns(t, "x.log", kinds, &err), LL_OK);
	CHECK_INT(kinds[0], DS_UNITS_SECONDS);
	CHECK_INT(kinds[1], DS_UNITS_SECONDS);
	CHECK_INT(kinds[2], DS_UNITS_BYTES);
	CHECK_INT(kinds[3], DS_UNITS_NONE);
	CHECK_INT(ll_table_col_type(t, 0), LL_COL_NUM);
	CHECK_INT(ll_table_col_type(t, 1), LL_COL_NUM);
	CHECK_INT(ll_table_col_type(t, 2), LL_COL_NUM);
	CHECK_INT(ll_table_col_type(t, 3), LL_COL_TEXT);
	CHECK(ll_table_num(t, 1, 0) == 2.5);
	CHECK(ll_test_has_note(t, "x.log: columns took, wait read as duration: seconds"));
	CHECK(ll_test_has_note(t, "x.log: column size read as size: bytes"));
	CHECK_INT(ll_table_nnotes(t), 2);
	ll_table_free(t);
	/* nothing to read: no note */
	t = ll_table_new();
	ll_table_add_column(t, "name", LL_COL_TEXT);
	ll_table_append_row(t);
	ll_table_set_text(t, 0, 0, "web1", 4);
	CHECK_INT(ds_units_columns(t, "y.csv", kinds, &err), LL_OK);
	CHECK_INT(ll_table_nnotes(t), 0);
	CHECK_INT(kinds[0], DS_UNITS_NONE);
	ll_table_free(t);
}

/* A column's values counted one by one, as a sample of a log's lines is. */
static void test_tally(void)
{
	struct ds_units_tally ty = {0};
	CHECK_INT(ds_units_tally_kind(&ty), DS_UNITS_NONE);
	ds_units_tally_add(&ty, "12ms", 4);
	ds_units_tally_add(&ty, "", 0);
	ds_units_tally_add(&ty, "NA", 2);
	CHECK_INT(ty.values, 1);
	CHECK_INT(ds_units_tally_kind(&ty), DS_UNITS_SECONDS);
	ds_units_tally_add(&ty, "0", 1);
	CHECK_INT(ds_units_tally_kind(&ty), DS_UNITS_SECONDS);
	ds_units_tally_add(&ty, "slow", 4);
	CHECK_INT(ds_units_tally_kind(&ty), DS_UNITS_NONE);
	struct ds_units_tally top = {0};
	ds_units_tally_add(&top, "11820", 5);
	ds_units_tally_add(&top, "4.012g", 6);
	CHECK_INT(ds_units_tally_kind(&top), DS_UNITS_KIB);
	CHECK_INT(top.plain, 1);
	CHECK(top.plain_max == 11820);
}

static void test_value(void)
{
	double v;
	CHECK(ds_units_value(DS_UNITS_SECONDS, "1m30s", 5, &v) && v == 90);
	CHECK(ds_units_value(DS_UNITS_SECONDS, "0", 1, &v) && v == 0);
	CHECK(!ds_units_value(DS_UNITS_SECONDS, "12k", 3, &v));
	CHECK(ds_units_value(DS_UNITS_BYTES, "3m", 2, &v) && v == 3145728);
	CHECK(ds_units_value(DS_UNITS_BYTES, "512", 3, &v) && v == 512);
	CHECK(ds_units_value(DS_UNITS_KIB, "2g", 2, &v) && v == 2097152);
	CHECK(ds_units_value(DS_UNITS_KIB, "70412", 5, &v) && v == 70412);
	CHECK(!ds_units_value(DS_UNITS_BYTES, "2s", 2, &v));
	CHECK(!ds_units_value(DS_UNITS_NONE, "2k", 2, &v));
}

/* A line format's number field with units, and one without. */
static void test_line_field(void)
{
	static const unsigned char units[] = {DS_UNITS_NONE, DS_UNITS_SECONDS, DS_UNITS_BYTES};
	struct ds_line_format fmt = {.nfields = 3, .units = units};
	double v;
	CHECK(ds_line_field_number(&fmt, 0, "0.5s", 4, &v) && v == 0.5); /* ds_line_number's */
	CHECK(!ds_line_field_number(&fmt, 0, "5ms", 3, &v));
	CHECK(ds_line_field_number(&fmt, 1, "5ms", 3, &v) && fabs(v - 0.005) < 1e-15);
	CHECK(ds_line_field_number(&fmt, 2, "3m", 2, &v) && v == 3145728);
	CHECK(!ds_line_field_number(&fmt, 2, "3x", 2, &v));
	fmt.units = NULL;
	CHECK(ds_line_field_number(&fmt, 1, "7", 1, &v) && v == 7);
	CHECK(!ds_line_field_number(&fmt, 1, "5ms", 3, &v));
}

/* one value's kind of unit, for readers that convert values themselves */
static void test_sign(void)
{
	CHECK_INT(ds_units_sign("250ms", 5), DS_UNITS_SIGN_TIME);
	CHECK_INT(ds_units_sign("1h2m3s", 6), DS_UNITS_SIGN_TIME);
	CHECK_INT(ds_units_sign("512 MiB", 7), DS_UNITS_SIGN_SIZE);
	CHECK_INT(ds_units_sign("3.4G", 4), DS_UNITS_SIGN_SIZE);
	CHECK_INT(ds_units_sign("300KB", 5), DS_UNITS_SIGN_SIZE);
	/* minutes or MiB: either, so neither; no unit; a percentage */
	CHECK_INT(ds_units_sign("3m", 2), DS_UNITS_SIGN_NONE);
	CHECK_INT(ds_units_sign("12", 2), DS_UNITS_SIGN_NONE);
	CHECK_INT(ds_units_sign("12%", 3), DS_UNITS_SIGN_NONE);
	CHECK_INT(ds_units_sign("", 0), DS_UNITS_SIGN_NONE);
}

/* The words of the notes, one per kind, and none for no kind. */
static void test_kind_text(void)
{
	CHECK(strncmp(ds_units_kind_text(DS_UNITS_SECONDS), "duration: seconds", 17) == 0);
	CHECK(strncmp(ds_units_kind_text(DS_UNITS_BYTES), "size: bytes", 11) == 0);
	CHECK(strncmp(ds_units_kind_text(DS_UNITS_KIB), "size: KiB", 9) == 0);
	CHECK_STR(ds_units_kind_text(DS_UNITS_NONE), "");
	CHECK_STR(ds_units_kind_text(99), "");
	CHECK_STR(ds_units_kind_text(-1), "");
}

/* Names of spans of time, and names that are not. */
static void test_duration_name(void)
{
	const char *yes[] = {"walltime", "Resource_List.walltime", "resources_used.cput", "Elapsed", "CPUTime",
			     "cpu_time", "run-time", "Timelimit", "uptime", "job duration", "took", "age",
			     "wait_time", "TimeLeft", NULL};
	const char *no[] = {"time", "Time", "start", "Submit_time", "date", "timestamp", "usage", "page",
			    "message", "", NULL};
	for (size_t i = 0; yes[i]; i++)
		CHECK(ds_units_duration_name(yes[i]));
	for (size_t i = 0; no[i]; i++)
		CHECK(!ds_units_duration_name(no[i]));
	CHECK(!ds_units_duration_name(NULL));
}

/* Clocks in a column: durations when one cannot be a clock of day or the
 * name says so; a time of day else. */
static void test_clocks(void)
{
	double v;
	const char *days[] = {"00:58:20", "1-02:03:04", "", NULL};
	CHECK_INT(kind_of(days, 0, &v), DS_UNITS_SECONDS);
	CHECK(v == 3500);
	CHECK_INT(kind_of(days, 1, &v), DS_UNITS_SECONDS);
	CHECK(v == 86400 + 7384);
	CHECK_INT(kind_of(days, 2, &v), DS_UNITS_SECONDS);
	CHECK(isnan(v));
	/* clocks that could be times of day, under "c": left */
	const char *either[] = {"00:58:20", "10:00:00", NULL};
	CHECK_INT(kind_of(either, 0, &v), DS_UNITS_NONE);
	/* a clock beside a unit's duration, a 0 */
	const char *mixed[] = {"00:58:20", "12ms", "0", NULL};
	CHECK_INT(kind_of(mixed, 1, &v), DS_UNITS_SECONDS);
	CHECK(v == 0.012);
	/* the tally, as a log's pairs are counted: the name decides */
	struct ds_units_tally ty = {0};
	ds_units_tally_add(&ty, "00:58:20", 8);
	ds_units_tally_add(&ty, "01:02:03", 8);
	CHECK_INT(ty.clocks, 2);
	CHECK_INT(ds_units_tally_kind(&ty), DS_UNITS_NONE);
	CHECK_INT(ds_units_tally_kind_named(&ty, NULL), DS_UNITS_NONE);
	CHECK_INT(ds_units_tally_kind_named(&ty, "time"), DS_UNITS_NONE);
	CHECK_INT(ds_units_tally_kind_named(&ty, "resources_used.walltime"), DS_UNITS_SECONDS);
	ds_units_tally_add(&ty, "now", 3);
	CHECK_INT(ds_units_tally_kind_named(&ty, "walltime"), DS_UNITS_NONE);
	CHECK(ds_units_value(DS_UNITS_SECONDS, "1-00:00:01", 10, &v) && v == 86401);
	CHECK(!ds_units_value(DS_UNITS_SECONDS, "10:05", 5, &v));
	/* a table's columns by name: walltime read, time left as it was */
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "walltime", LL_COL_TEXT);
	ll_table_add_column(t, "time", LL_COL_TEXT);
	const char *rows[][2] = {{"00:58:20", "10:00:00"}, {"01:00:00", "11:30:00"}};
	for (size_t r = 0; r < 2; r++) {
		ll_table_append_row(t);
		for (size_t c = 0; c < 2; c++)
			ll_table_set_text(t, r, c, rows[r][c], strlen(rows[r][c]));
	}
	struct ll_err err;
	int kinds[2];
	CHECK_INT(ds_units_columns(t, "pbs.csv", kinds, &err), LL_OK);
	CHECK_INT(kinds[0], DS_UNITS_SECONDS);
	CHECK_INT(kinds[1], DS_UNITS_NONE);
	CHECK(ll_table_num(t, 1, 0) == 3600);
	CHECK_INT(ll_table_col_type(t, 1), LL_COL_TEXT);
	CHECK(ll_test_has_note(t, "pbs.csv: column walltime read as duration: seconds"));
	ll_table_free(t);
}

/* The steps after a table reader's load, all of them, in one call. */
static void test_settle(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "took", LL_COL_TEXT);
	ll_table_add_column(t, "power.draw [W]", LL_COL_TEXT);
	ll_table_add_column(t, "ts.seconds", LL_COL_TIME);
	ll_table_add_column(t, "ts.nanos", LL_COL_NUM);
	const char *text[][2] = {{"12ms", "71.5 W"}, {"1-00:00:00", "80 W"}};
	for (size_t r = 0; r < 2; r++) {
		ll_table_append_row(t);
		for (size_t c = 0; c < 2; c++)
			ll_table_set_text(t, r, c, text[r][c], strlen(text[r][c]));
		ll_table_set_num(t, r, 2, 1765000000 + (double)r);
		ll_table_set_num(t, r, 3, 250000000);
	}
	struct ll_err err;
	int kinds[4];
	CHECK_INT(ds_reader_settle_table(t, "gpu.csv", NULL, kinds, &err), LL_OK);
	CHECK_INT(kinds[0], DS_UNITS_SECONDS);
	CHECK(ll_table_num(t, 1, 0) == 86400);
	CHECK_INT(ll_table_col_type(t, 1), LL_COL_NUM); /* units named in the header */
	CHECK(ll_table_num(t, 0, 1) == 71.5);
	CHECK(ll_table_num(t, 1, 2) == 1765000001.25); /* the fraction joined */
	ll_table_free(t);
}

/* A line format's note on its fields with units. */
static void test_fields_note(void)
{
	const char *names[] = {"time", "took", "wait", "mem", "msg"};
	unsigned char units[] = {DS_UNITS_NONE, DS_UNITS_SECONDS, DS_UNITS_SECONDS, DS_UNITS_BYTES, DS_UNITS_NONE};
	char buf[1024];
	CHECK(ds_units_fields_note(buf, sizeof buf, "day first", names, units, 5));
	CHECK(strncmp(buf, "day first; columns took, wait read as duration: seconds", 55) == 0);
	CHECK(strstr(buf, "; column mem read as size: bytes") != NULL);
	CHECK(ds_units_fields_note(buf, sizeof buf, NULL, names, units, 5));
	CHECK(strncmp(buf, "columns took, wait read as duration", 35) == 0);
	unsigned char none[5] = {0};
	CHECK(!ds_units_fields_note(buf, sizeof buf, "day first", names, none, 5));
	CHECK_STR(buf, "day first");
	CHECK(!ds_units_fields_note(buf, sizeof buf, NULL, names, none, 5));
	CHECK_STR(buf, "");
	/* cut short, NUL-terminated */
	char small[20];
	CHECK(ds_units_fields_note(small, sizeof small, NULL, names, units, 5));
	CHECK_INT(strlen(small), sizeof small - 1);
	CHECK(!ds_units_fields_note(small, 0, NULL, names, units, 5));
}

/* A reader's mark of the kind it read a column's units as: kept per
 * column, read back, none for a column never marked or a kind that is no
 * mark. */
static void test_marks(void)
{
	struct ll_table *t = ll_table_new();
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_INT(ds_units_marked(t, "lat"), DS_UNITS_NONE);
	CHECK_INT(ds_units_mark(t, "lat", DS_UNITS_SECONDS), LL_OK);
	CHECK_INT(ds_units_mark(t, "mem", DS_UNITS_BYTES), LL_OK);
	CHECK_INT(ds_units_mark(t, "other", DS_UNITS_NONE), LL_OK);
	CHECK_INT(ds_units_marked(t, "lat"), DS_UNITS_SECONDS);
	CHECK_INT(ds_units_marked(t, "mem"), DS_UNITS_BYTES);
	CHECK_INT(ds_units_marked(t, "other"), DS_UNITS_NONE);
	CHECK_INT(ds_units_marked(t, "la"), DS_UNITS_NONE);
	/* marked again: the last kind holds */
	CHECK_INT(ds_units_mark(t, "lat", DS_UNITS_BYTES), LL_OK);
	CHECK_INT(ds_units_marked(t, "lat"), DS_UNITS_BYTES);
	/* a name too long to key: unmarked, not an error */
	char longname[700];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	CHECK_INT(ds_units_mark(t, longname, DS_UNITS_SECONDS), LL_OK);
	CHECK_INT(ds_units_marked(t, longname), DS_UNITS_NONE);
	ll_table_free(t);
}

int main(void)
{
	test_fields_note();
	test_duration_name();
	test_clocks();
	test_settle();
	test_marks();
	test_kind_text();
	test_sign();
	test_tally();
	test_value();
	test_line_field();
	test_any_bytes();
	test_column();
	test_columns();
	TEST_MAIN_END();
}
