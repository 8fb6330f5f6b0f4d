/*
 * tests/datasets/test_aligned_habits.c - tables aligned with blanks as
 * operators save them and as real tools print them (ds_aligned.c), on
 * small texts written here: date(1)'s lines between snapshots of a process
 * table ("while sleep 1; do date; ps ...; done"), elapsed times with and
 * without hours in one column, names that repeat under groups of columns
 * (vmstat -d), a '#' header over cells one space apart (collectl -P), and
 * dstat's screen: "1m 5m 15m" among the names, a day and month without a
 * year before the clock, a first row with blank cells inside; two
 * activities of sar taking turns under 12-hour clocks; top's summaries
 * over time beside processes that come and go; tables of words under
 * upper-case names with a free-text last column (events, containers,
 * units), and logs under such a line that stay logs; one decimal comma a
 * row, no CSV; sizes in cells ("888M"), no spans of time naming columns.
 */
#include "harness.h"
#include "table_load.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ds_aligned.h"
#include "ds_reader.h"
#include "ll_table.h"
#include "ll_time.h"

static char dir[512];

static struct ll_table *load(const char *name, const char *text, const char *entity, const char **format)
{
	return load_text(dir, name, text, entity, 2024, format);
}

/* date(1)'s line above each snapshot dates its rows (day and clock, the
 * year its own) and is no row (the table kept long: the same processes
 * would pivot, a column per command); ELAPSED holds "03:22" beside "05:38:33":
 * durations, as no column of clocks drops its hours on some rows */
static void test_date_lines(void)
{
	static const char snap[] =
		"%s\n"
		"  PID USER     %%CPU %%MEM   RSS     ELAPSED COMMAND\n"
		"24955 root     62.5  0.0 17976       03:22 dstat\n"
		"   77 root      0.4  0.0     0    05:38:%02d kdamond.0\n"
		"11526 root      0.1  0.0  1748       00:%02d sh\n";
	static const char *const dates[] = {"Fri Dec  4 23:59:58 UTC 2026", "Sat Dec  5 00:00:03 UTC 2026",
					    "Sat, 05 Dec 2026 00:00:08 +0000"};
	char text[2048];
	size_t n = 0;
	for (int i = 0; i < 3; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, snap, dates[i], 30 + 5 * i, 10 + 5 * i);
	const char *format;
	struct ll_table *t = load("ps.txt", text, "none", &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 9); /* kept long: no row from a date */
	int tc = col(t, "time"), pid = col(t, "PID"), el = col(t, "ELAPSED");
	if (tc >= 0 && pid >= 0 && el >= 0 && ll_table_nrows(t) == 9) {
		CHECK_INT(ll_table_col_type(t, (size_t)pid), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)tc), ll_time_from_civil(2026, 12, 4, 23, 59, 58), 1e-6);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)tc), ll_time_from_civil(2026, 12, 5, 0, 0, 3), 1e-6);
		CHECK_NEAR(ll_table_num(t, 8, (size_t)tc), ll_time_from_civil(2026, 12, 5, 0, 0, 8), 1e-6);
		CHECK_INT(ll_table_col_type(t, (size_t)el), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)el), 202, 1e-9);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)el), 5 * 3600 + 38 * 60 + 30, 1e-9);
	}
	CHECK(!ll_test_has_note(t, "1970-01-01"));
	ll_table_free(t);

	double v;
	CHECK(dsa_stamp_line(" Fri Dec  4 22:45:27 UTC 2026 ", 30, &v));
	CHECK_NEAR(v, ll_time_from_civil(2026, 12, 4, 22, 45, 27), 1e-6);
	CHECK(!dsa_stamp_line("Dec  4 22:45:27", 15, &v));            /* no year of its own */
	CHECK(!dsa_stamp_line("1764888327", 10, &v));                 /* a number, no line of date(1) */
	CHECK(!dsa_stamp_line("Fri Dec  4 22:45:27 UTC 2026 x", 30, &v)); /* more than a stamp */
}

/* docker stats polled by a loop that writes a stamp made to name files
 * above each output ("date +%d_%b_%Y_%H_%M_%S:", "+%Y%m%d_%H%M%S"): the
 * stamp dates the rows after it, the table is a row per time and
 * container, and NAME, one to one with CONTAINER ID, names the entities
 * in the key instead of making a text column per container */
static void test_polled_file_stamps(void)
{
	static const char *const stamps[] = {"19_Feb_2024_15_15_%02d:", "20240219_1515%02d", "2024-02-19_15-15-%02d",
					     "2024-02-19 15:15:%02d"};
	for (int s = 0; s < 4; s++) {
		char text[8192];
		size_t n = 0;
		for (int i = 0; i < 5; i++) {
			char stamp[64];
			snprintf(stamp, sizeof stamp, stamps[s], 38 + 3 * i);
			n += (size_t)snprintf(text + n, sizeof text - n,
					      "\n%s\n"
					      "CONTAINER ID   NAME            CPU %%     MEM USAGE / LIMIT   MEM %%     PIDS\n"
					      "25362093e9f5   awsgoo-blog-3   0.%02d%%     8.738MiB / 70MiB    12.48%%    11\n"
					      "7451348d3567   nginx-proxy-1   0.%02d%%     26.75MiB / 50MiB    53.51%%    29\n",
					      stamp, i, 30 + i);
		}
		const char *format;
		struct ll_table *t = load("stats.txt", text, NULL, &format);
		if (!t)
			return;
		CHECK_STR(format, "aligned");
		CHECK_INT(ll_table_nrows(t), 5);
		int tc = col(t, "time"), cpu = col(t, "CPU %.7451348d3567.nginx-proxy-1");
		CHECK(ll_table_find_column(t, "NAME.25362093e9f5") < 0);
		CHECK(ll_table_find_column(t, "PIDS.25362093e9f5.awsgoo-blog-3") >= 0);
		if (tc >= 0 && cpu >= 0 && ll_table_nrows(t) == 5) {
			CHECK_NEAR(ll_table_num(t, 0, (size_t)tc), ll_time_from_civil(2024, 2, 19, 15, 15, 38), 1e-6);
			CHECK_NEAR(ll_table_num(t, 4, (size_t)tc), ll_time_from_civil(2024, 2, 19, 15, 15, 50), 1e-6);
			CHECK_NEAR(ll_table_num(t, 2, (size_t)cpu), 0.32, 1e-9);
		}
		CHECK(!ll_test_has_note(t, "neither header nor row"));
		ll_table_free(t);
	}
	double v;
	CHECK(dsa_stamp_token("20240219_151538:", 16, &v));
	CHECK_NEAR(v, ll_time_from_civil(2024, 2, 19, 15, 15, 38), 1e-6);
	CHECK(!dsa_stamp_token("15:15:38", 8, &v));        /* a clock alone */
	CHECK(!dsa_stamp_token("1708355738", 10, &v));     /* a number */
	CHECK(!dsa_stamp_token("Feb_19_15_15_38", 15, &v)); /* no stamp form */
}

/* a column of clocks only (every cell with its hours) stays text */
static void test_clocks_stay(void)
{
	const char *format;
	struct ll_table *t = load("clocks.txt",
				  "JOB     START     CPU\n"
				  "a    03:22:00    1.5\n"
				  "b    05:38:33    2.5\n"
				  "c    17:18:00    3.5\n",
				  NULL, &format);
	if (!t)
		return;
	int st = col(t, "START");
	if (st >= 0)
		CHECK(ll_table_col_type(t, (size_t)st) != LL_COL_NUM);
	ll_table_free(t);
}

/* names that repeat under groups drawn with dashes take their group's
 * name; names that do not repeat keep theirs */
static void test_group_names(void)
{
	static const char block[] =
		"disk- ------------reads------------ ------------writes----------- -----IO------\n"
		"       total merged sectors      ms  total merged sectors      ms    cur    sec\n"
		"loop0      %d      0       0       0      0      0       0       0      0      0\n"
		"vda   487408 888695 25693010 1219692 117451760 348891 119718712 %d   0   5\n";
	char text[2048];
	size_t n = 0;
	for (int i = 0; i < 2; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, block, i, 100 + i);
	const char *format;
	struct ll_table *t = load("vmstat_d.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 4);
	int rt = col(t, "reads total"), wt = col(t, "writes total"), wms = col(t, "writes ms"), cur = col(t, "cur");
	CHECK(ll_table_find_column(t, "total_2") < 0);
	if (rt >= 0 && wt >= 0 && wms >= 0 && cur >= 0 && ll_table_nrows(t) == 4) {
		CHECK_NEAR(ll_table_num(t, 1, (size_t)rt), 487408, 1e-9);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)wt), 117451760, 1e-9);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)wms), 101, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)rt), 1, 1e-9);
	}
	ll_table_free(t);
}

/* a '#' header over cells one space apart, not lined up: the names are
 * the columns; a date of digits and a clock are the time; the line above
 * is left out */
static void test_space_delimited(void)
{
	char text[4096];
	size_t n = (size_t)snprintf(text, sizeof text, "waiting for 1 second sample...\n"
				    "#Date Time [CPU]User%% [CPU]Sys%% [CPU]Intrpt/sec [DSK]ReadKBTot\n");
	for (int i = 0; i < 4; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "20261204 23:59:%02d %d 4%d 1%d0%d 0\n", 58 + i % 2 * 1,
				      i * 7, i, i, i * 3);
	/* a minute on: the clock goes past midnight */
	n += (size_t)snprintf(text + n, sizeof text - n, "20261205 00:00:01 100 5 10401 1133\n");
	const char *format;
	struct ll_table *t = load("plot.tab", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 5);
	int tc = col(t, "Time"), us = col(t, "[CPU]User%"), in = col(t, "[CPU]Intrpt/sec"), rd = col(t, "[DSK]ReadKBTot");
	if (tc >= 0 && us >= 0 && in >= 0 && rd >= 0 && ll_table_nrows(t) == 5) {
		CHECK_INT(ll_table_col_type(t, (size_t)tc), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)tc), ll_time_from_civil(2026, 12, 4, 23, 59, 58), 1e-6);
		CHECK_NEAR(ll_table_num(t, 4, (size_t)tc), ll_time_from_civil(2026, 12, 5, 0, 0, 1), 1e-6);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)us), 21, 1e-9);
		CHECK_NEAR(ll_table_num(t, 4, (size_t)in), 10401, 1e-9);
		CHECK_NEAR(ll_table_num(t, 4, (size_t)rd), 1133, 1e-9);
	}
	ll_table_free(t);
	/* the same rows lined up under a header that is no comment are no
	 * space-delimited table: the names must stand over their cells */
	t = load("words.txt",
		 "alpha beta gamma delta\n"
		 "1 2 3 4\n"
		 "5 6 7 8\n"
		 "9 10 11 12\n",
		 NULL, &format);
	if (t)
		CHECK(strcmp(format, "aligned") != 0 || ll_table_ncols(t) == 4);
	ll_table_free(t);
}

/* dstat's screen saved to a file: groups of dashes, '|' between groups,
 * names that are spans of time, "dd-MM HH:mm:ss" stamps (the year the
 * opener's), a first sample whose rates are blank */
static void test_dstat_screen(void)
{
	const char *format;
	struct ll_table *t = load("dstat.txt",
				  "----system---- ----total-usage---- -dsk/total- ---load-avg---\n"
				  "     time     |usr sys idl wai stl| read  writ| 1m   5m  15m \n"
				  "31-12 23:59:58|                   |           |1.65 2.03 3.13\n"
				  "31-12 23:59:59| 88  11   0   0   0|4064B 1325k|1.65 2.03 3.13\n"
				  "01-01 00:00:00| 93   6   0   0   1| 182k 1227k|1.70 2.03 3.13\n"
				  "01-01 00:00:01| 91   7   1   1   0|   0  1300k|1.70 2.04 3.13\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 4);
	CHECK_INT(ll_table_ncols(t), 11);
	int tc = col(t, "time"), usr = col(t, "usr"), rd = col(t, "read"), l1 = col(t, "1m"), l15 = col(t, "15m");
	if (tc >= 0 && usr >= 0 && rd >= 0 && l1 >= 0 && l15 >= 0 && ll_table_nrows(t) == 4) {
		CHECK_INT(ll_table_col_type(t, (size_t)tc), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)tc), ll_time_from_civil(2024, 12, 31, 23, 59, 58), 1e-6);
		/* the day and month say 1 January: the year is as given, not
		 * carried on (a file of one year's clock) */
		CHECK_NEAR(ll_table_num(t, 2, (size_t)tc), ll_time_from_civil(2024, 1, 1, 0, 0, 0), 1e-6);
		CHECK(isnan(ll_table_num(t, 0, (size_t)usr))); /* blank: missing, not shifted */
		CHECK(isnan(ll_table_num(t, 0, (size_t)rd)));
		CHECK_NEAR(ll_table_num(t, 0, (size_t)l1), 1.65, 1e-9);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)l15), 3.13, 1e-9);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)usr), 88, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)l1), 1.70, 1e-9);
	}
	ll_table_free(t);
	int m, d;
	CHECK(dsa_day_month("04-12", 5, &m, &d) && m == 12 && d == 4);
	CHECK(dsa_day_month("12-31", 5, &m, &d) && m == 12 && d == 31); /* 31 is no month */
	CHECK(!dsa_day_month("13-13", 5, &m, &d));
	CHECK(!dsa_day_month("2024-12", 7, &m, &d));
}

/* sar -u -r under a 12-hour locale: two activities take turns each
 * second, each under its header again ("11:08:59 PM CPU ..."); a CPU row
 * is the CPU table's, not a memory row that stops early */
static void test_turns_ampm(void)
{
	static const char turn[] =
		"11:08:5%d PM     CPU     %%user   %%system     %%idle\n"
		"11:08:5%d PM     all     %d.00      2.00     %d.00\n\n"
		"11:08:5%d PM kbmemfree   kbavail kbmemused  %%memused kbbuffers\n"
		"11:08:5%d PM  21392152  24136972    %d      0.77     15896\n\n";
	char text[4096];
	size_t n = (size_t)snprintf(text, sizeof text, "Linux 6.1.0 (vm) \t12/04/2026 \t_x86_64_\t(2 CPU)\n\n");
	for (int i = 0; i < 3; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, turn, i, i + 1, 10 + i, 88 - i, i, i + 1, 190000 + i);
	const char *format;
	struct ll_table *t = load("sar_ur.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int tc = col(t, "time"), us = col(t, "%user"), used = col(t, "kbmemused");
	if (tc >= 0 && us >= 0 && used >= 0 && ll_table_nrows(t) == 3) {
		CHECK_NEAR(ll_table_num(t, 2, (size_t)tc), ll_time_from_civil(2026, 12, 4, 23, 8, 53), 1e-6);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)us), 12, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)used), 190002, 1e-9);
	}
	ll_table_free(t);
}

/* top -b over time whose processes come and go: the process table stays
 * long (a row per process and sample, its time and PID), the result
 * whatever the delay; each report's summary lines are columns beside its
 * rows, told apart by report, not clock (below a second the clocks
 * repeat). A snapshot keeps its processes too (test_aligned.c). */
static void test_top_series(void)
{
	static const char sample[] =
		"top - 09:00:0%d up 3 days,  2:01,  1 user,  load average: 0.%d0, 0.40, 0.30\n"
		"Tasks: 193 total,   %d running, 192 sleeping,   0 stopped,   0 zombie\n\n"
		"    PID USER      PR  NI    VIRT    RES    SHR S  %%CPU  %%MEM     TIME+ COMMAND\n"
		"   %d00 root      20   0  100000   9779   4000 R  31.6   0.0   0:00.07 stress-%d\n"
		"   %d01 root      20   0  100000   9779   4000 R  21.6   0.0   0:00.07 dd-%d\n"
		"   %d02 root      20   0  100000   9779   4000 S   1.6   0.0   0:00.07 gzip-%d\n\n";
	char text[4096];
	size_t n = 0;
	for (int i = 0; i < 4; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, sample, i, i + 1, i + 1, 10 + i, i, 10 + i, i, 10 + i, i);
	const char *format;
	struct ll_table *t = load("top.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 12);
	int tc = col(t, "time"), pid = col(t, "PID"), cpu = col(t, "%CPU"), la = col(t, "load average 1"),
	    run = col(t, "Tasks running");
	if (tc >= 0 && pid >= 0 && cpu >= 0 && la >= 0 && run >= 0 && ll_table_nrows(t) == 12) {
		CHECK_NEAR(ll_table_num(t, 4, (size_t)pid), 1101, 1e-9);
		CHECK_NEAR(ll_table_num(t, 4, (size_t)cpu), 21.6, 1e-9);
		CHECK_NEAR(ll_table_num(t, 11, (size_t)tc) - ll_table_num(t, 0, (size_t)tc), 3, 1e-9);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)la), 0.1, 1e-9);
		CHECK_NEAR(ll_table_num(t, 4, (size_t)la), 0.2, 1e-9);
		CHECK_NEAR(ll_table_num(t, 4, (size_t)run), 2, 1e-9);
		CHECK_NEAR(ll_table_num(t, 11, (size_t)run), 4, 1e-9);
	}
	CHECK(!ll_test_has_note(t, "is not joined on time"));
	CHECK(ll_test_has_note(t, "each report's beside its rows"));
	ll_table_free(t);

	/* reports within one second: the same clock on each, the values
	 * still each report's own */
	n = 0;
	for (int i = 0; i < 4; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, sample, 0, i + 1, i + 1, 10 + i, i, 10 + i, i, 10 + i, i);
	t = load("top_fast.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 12);
	la = col(t, "load average 1");
	run = col(t, "Tasks running");
	if (la >= 0 && run >= 0 && ll_table_nrows(t) == 12) {
		CHECK_NEAR(ll_table_num(t, 3, (size_t)la), 0.2, 1e-9);
		CHECK_NEAR(ll_table_num(t, 8, (size_t)run), 3, 1e-9);
		CHECK_NEAR(ll_table_num(t, 11, (size_t)run), 4, 1e-9);
	}
	ll_table_free(t);
}

/* top pads a summary value to its width, so a wide one touches the comma
 * before it ("0.0 us,100.0 sy"): each "N.N name" still gives its column */
static void test_top_wide_value(void)
{
	static const char sample[] =
		"top - 09:00:0%d up 3 days,  2:01,  1 user,  load average: 0.%d0, 0.40, 0.30\n"
		"%%Cpu(s):  0.0 us,100.0 sy,  0.0 ni,  0.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st\n\n"
		"    PID USER      PR  NI    VIRT    RES    SHR S  %%CPU  %%MEM     TIME+ COMMAND\n"
		"    100 root      20   0  100000   9779   4000 R  31.6   0.0   0:00.07 stress\n"
		"    101 root      20   0  100000   9779   4000 S   1.6   0.0   0:00.07 gzip\n\n";
	char text[4096];
	size_t n = 0;
	for (int i = 0; i < 3; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, sample, i, i + 1);
	const char *format;
	struct ll_table *t = load("top_wide.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	int us = col(t, "%Cpu(s) us"), sy = col(t, "%Cpu(s) sy"), ni = col(t, "%Cpu(s) ni");
	if (us >= 0 && sy >= 0 && ni >= 0 && ll_table_nrows(t) > 0) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)us), 0, 1e-9);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)sy), 100, 1e-9);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)ni), 0, 1e-9);
	}
	ll_table_free(t);
}

/* lsof's DEVICE "254,0", "1,3": a major and a minor, text; the same
 * cells beside other numbers with a decimal comma (a de_DE table) stay
 * numbers, as does a column with a fraction of a leading zero ("0,05") */
static void test_comma_pairs(void)
{
	static const char lsof[] =
		"COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF     NODE NAME\n"
		"bash    18150 root  cwd    DIR  254,0     4096  5308800 /work/main\n"
		"bash    18150 root  txt    REG  254,0  1265648   247101 /usr/bin/bash\n"
		"bash    18150 root    0u   CHR    1,3      0t0        5 /dev/null\n"
		"bash    18150 root    1w   REG   0,25     1024      442 /tmp/out\n"
		"bash    18150 root    2u   CHR  136,0      0t0        3 /dev/pts/0\n";
	const char *format;
	struct ll_table *t = load("lsof.txt", lsof, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	int dev = col(t, "DEVICE");
	if (dev >= 0 && ll_table_nrows(t) == 5) {
		CHECK_INT(ll_table_col_type(t, (size_t)dev), LL_COL_TEXT);
		CHECK_STR(ll_table_text(t, 2, (size_t)dev), "1,3");
		CHECK_STR(ll_table_text(t, 0, (size_t)dev), "254,0");
	}
	ll_table_free(t);

	t = load("ps_de.txt",
		 "  PID USER     %CPU %MEM COMMAND\n"
		 "  101 root      1,3 12,5 dd\n"
		 "  102 root      0,5  0,1 gzip\n"
		 "  103 root     25,0  3,2 sshd\n",
		 NULL, &format);
	if (!t)
		return;
	int cpu = col(t, "%CPU");
	if (cpu >= 0 && ll_table_nrows(t) == 3) {
		CHECK_INT(ll_table_col_type(t, (size_t)cpu), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)cpu), 1.3, 1e-9);
	}
	ll_table_free(t);

	CHECK_INT(dsa_comma_kind("254,0", 5), 1);
	CHECK_INT(dsa_comma_kind("0,142", 5), 1);
	CHECK_INT(dsa_comma_kind("0,05", 4), 2);
	CHECK_INT(dsa_comma_kind("1.234,5", 7), 2);
	CHECK_INT(dsa_comma_kind("1,234", 5), 3);
	CHECK_INT(dsa_comma_kind("12,345,678", 10), 3);
	CHECK_INT(dsa_comma_kind("12.5", 4), 0);
}

/* Counts with a size's letter in a row's cells ("888M", "43G" of iptables
 * -L -v) are numbers, not spans of time naming columns ("1m 5m 15m"): the
 * rows are no headers */
static void test_sizes_no_spans(void)
{
	const char *format;
	struct ll_table *t = load("ipt.txt",
				  " pkts bytes target     prot in     out\n"
				  " 888M   43G ACCEPT     all  lo     eth0\n"
				  "  12K  720K DROP       tcp  eth1   eth0\n"
				  " 5432  321K ACCEPT     tcp  eth0   eth1\n"
				  "  17M  985M ACCEPT     all  eth1   eth1\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 4);
	int pk = col(t, "pkts"), tg = col(t, "target");
	CHECK(pk >= 0 && ll_table_col_type(t, (size_t)pk) == LL_COL_NUM);
	if (pk >= 0 && ll_table_nrows(t) == 4)
		CHECK_NEAR(ll_table_num(t, 2, (size_t)pk), 5432, 0);
	if (tg >= 0 && ll_table_nrows(t) == 4)
		CHECK_STR(ll_table_text(t, 1, (size_t)tg), "DROP");
	ll_table_free(t);
}

/* One decimal comma a row in a table lined up with blanks (ps under a
 * de_DE locale with one number column) is no CSV of two columns under a
 * header naming one: the rows split by their blanks; rows of "a,b" with
 * no blank under a bare name stay a CSV */
static void test_one_comma_a_row(void)
{
	const char *format;
	struct ll_table *t = load("ps_load.txt",
				  "  PID USER      LOAD COMMAND\n"
				  "  101 root       3,7 web\n"
				  "  102 www        6,4 nginx\n"
				  "  103 postgres  12,8 postgres\n"
				  "  104 daemon     2,5 sshd\n",
				  NULL, &format);
	if (t) {
		CHECK_STR(format, "aligned");
		CHECK_INT(ll_table_ncols(t), 4);
		CHECK_INT(ll_table_nrows(t), 4);
		int cmd = col(t, "COMMAND");
		if (cmd >= 0 && ll_table_nrows(t) == 4)
			CHECK_STR(ll_table_text(t, 2, (size_t)cmd), "postgres");
		ll_table_free(t);
	}
	t = load("pairs.csv", "pair\n1,5\n2,5\n3,5\n", NULL, &format);
	if (t) {
		CHECK_STR(format, "csv");
		ll_table_free(t);
	}
}

/* A few lines amid a table's rows that fit none of its columns (lsof's
 * warnings, a row cut short, a wrapped command line): the table goes on
 * after them, the lines left out and named in a note */
static void test_misfit_lines(void)
{
	char text[8192];
	size_t n = (size_t)snprintf(text, sizeof text, "COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF     NODE NAME\n");
	for (int i = 1; i <= 30; i++) {
		n += (size_t)snprintf(text + n, sizeof text - n, "bash    %5d root  %3du   REG  254,0  %7d  %7d /tmp/file%d\n",
				      1000 + i, i, 100 * i, 5000 + i, i);
		if (i == 10)
			n += (size_t)snprintf(text + n, sizeof text - n,
					      "lsof: WARNING: can't stat() fuse.gvfsd-fuse file system /run/user/1000/gvfs\n");
		if (i == 20)
			n += (size_t)snprintf(text + n, sizeof text - n, "      Output information may be incomplete.\n");
	}
	const char *format;
	struct ll_table *t = load("lsof_warn.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 30);
	int pid = col(t, "PID");
	if (pid >= 0 && ll_table_nrows(t) == 30)
		CHECK_NEAR(ll_table_num(t, 29, (size_t)pid), 1030, 1e-9);
	CHECK(ll_test_has_note(t, "2 lines amid a table's rows fit none of its columns"));
	CHECK(ll_test_has_note(t, "left out: lines 12, 23"));
	ll_table_free(t);

	n = (size_t)snprintf(text, sizeof text, "  PID USER     %%CPU %%MEM    RSS COMMAND\n");
	for (int i = 1; i <= 12; i++) {
		n += (size_t)snprintf(text + n, sizeof text - n, "%5d root     %4.1f  0.%d %6d proc%d\n", 100 + i, i * 1.0, i,
				      1000 * i, i);
		if (i == 5)
			n += (size_t)snprintf(text + n, sizeof text - n, "  113 root\n");
		if (i == 8)
			n += (size_t)snprintf(text + n, sizeof text - n, "      --no-daemon --config=/etc/x.conf 2\n");
	}
	t = load("ps_cut.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 12);
	CHECK(ll_test_has_note(t, "left out: lines 7, 11"));
	CHECK(!ll_test_has_note(t, "neither header nor row"));
	ll_table_free(t);
}

/* ip -s link: two tables under headers named on their left ("RX:",
 * "TX:") share column names; they are told apart by the label ("RX bytes",
 * "TX bytes"), not joined into one column keeping the first value */
static void test_labelled_headers(void)
{
	static const char block[] =
		"%d: eth%d: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT qlen 1000\n"
		"    link/ether 02:fc:00:00:00:0%d brd ff:ff:ff:ff:ff:ff\n"
		"    RX:  bytes packets errors dropped  missed   mcast\n"
		"     %9d  %6d      0       0       0       0\n"
		"    TX:  bytes packets errors dropped carrier collsns\n"
		"     %9d  %6d      0       0       0       0\n";
	char text[4096];
	size_t n = 0;
	for (int i = 0; i < 3; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, block, i + 1, i, i, 1000000 * (i + 1), 5000 + i,
				      200000 * (i + 1), 700 + i);
	const char *format;
	struct ll_table *t = load("ip_s_link.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int rx = col(t, "RX bytes"), tx = col(t, "TX bytes"), txp = col(t, "TX packets");
	if (rx >= 0 && tx >= 0 && txp >= 0 && ll_table_nrows(t) == 3) {
		CHECK_NEAR(ll_table_num(t, 1, (size_t)rx), 2000000, 1e-9);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)tx), 400000, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)txp), 702, 1e-9);
	}
	CHECK(!ll_test_has_note(t, "the first kept"));
	/* the line above each interface's tables names it: a column, no
	 * poll on 1970-01-01 */
	int nm = col(t, "name");
	CHECK(ll_table_find_column(t, "poll") < 0);
	CHECK(nm >= 0 && ll_table_col_type(t, (size_t)nm) == LL_COL_TEXT);
	if (nm >= 0 && ll_table_nrows(t) == 3)
		CHECK_STR(ll_table_text(t, 1, (size_t)nm), "eth1");
	CHECK(ll_test_has_note(t, "a line above each snapshot's header names it ('eth0' ...): column 'name'"));
	ll_table_free(t);
	/* a banner word every line shares before the name names the column
	 * ("Chain INPUT (policy ...)" of iptables -L -v) */
	static const char chains[] = "Chain %s (policy ACCEPT %d packets, %d bytes)\n"
				     " pkts bytes target     prot in     out\n"
				     " %4d  %4d ACCEPT     all  lo     eth0\n"
				     " %4d  %4d DROP       tcp  eth1   eth0\n\n";
	static const char *const chain[] = {"INPUT", "FORWARD", "OUTPUT"};
	n = 0;
	for (int i = 0; i < 3; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, chains, chain[i], 10 * i, 1000 * i, 100 + i, 2000 + i,
				      300 + i, 4000 + i);
	t = load("ipt_chains.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 6);
	int ch = col(t, "Chain"), pk = col(t, "pkts");
	CHECK(ll_table_find_column(t, "poll") < 0);
	if (ch >= 0 && pk >= 0 && ll_table_nrows(t) == 6) {
		CHECK_STR(ll_table_text(t, 3, (size_t)ch), "FORWARD");
		CHECK_NEAR(ll_table_num(t, 3, (size_t)pk), 301, 0);
	}
	ll_table_free(t);
	/* snapshots whose banners name nothing ("=== run 2 ===") stay polls */
	static const char runs[] = "=== run %d ===\n  PID  RSS\n  %d  %d\n  %d  %d\n";
	n = 0;
	for (int i = 0; i < 3; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, runs, i + 1, 100, 1000 + i, 200, 2000 + i);
	t = load("runs.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK(ll_table_find_column(t, "name") < 0);
	ll_table_free(t);
}

/* Events as kubectl lists them: words under upper-case names two blanks
 * apart or more ("LAST SEEN" one name), the message the rest of the line */
static void test_word_events(void)
{
	const char *format;
	struct ll_table *t = load("events.txt",
				  "LAST SEEN   TYPE      REASON      OBJECT            MESSAGE\n"
				  "2m          Normal    Scheduled   pod/web-abc12     Successfully assigned default/web to n1\n"
				  "90s         Normal    Pulled      pod/web-abc12     Pulled image \"nginx:1.25\" in 20.1s\n"
				  "85s         Warning   BackOff     pod/api-def34     Back-off restarting failed container\n"
				  "1h          Warning   Unhealthy   pod/api-def34     Readiness probe failed: HTTP 503\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 4);
	int age = col(t, "LAST SEEN"), ty = col(t, "TYPE"), ob = col(t, "OBJECT"), msg = col(t, "MESSAGE");
	if (age >= 0 && ty >= 0 && ob >= 0 && msg >= 0 && ll_table_nrows(t) == 4) {
		CHECK_INT(ll_table_col_type(t, (size_t)age), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)age), 120, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)age), 85, 1e-9);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)age), 3600, 1e-9);
		CHECK_STR(ll_table_text(t, 2, (size_t)ty), "Warning");
		CHECK_STR(ll_table_text(t, 1, (size_t)ob), "pod/web-abc12");
		CHECK_STR(ll_table_text(t, 0, (size_t)msg), "Successfully assigned default/web to n1");
		CHECK_STR(ll_table_text(t, 3, (size_t)msg), "Readiness probe failed: HTTP 503");
	}
	ll_table_free(t);
}

/* Pods as kubectl lists them: a cell of words with blanks ("8 (12m ago)")
 * under RESTARTS, which cut at every blank would give more cells than names */
static void test_word_pods(void)
{
	const char *format;
	struct ll_table *t = load("pods.txt",
				  "NAME                  READY   STATUS             RESTARTS      AGE\n"
				  "web-7d9f8b6c5-abcde   1/1     Running            0             5d\n"
				  "api-5c4b3a2-klmno     0/1     CrashLoopBackOff   8 (12m ago)   47h\n"
				  "db-0                  1/1     Running            1 (3d ago)    12d\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int re = col(t, "RESTARTS"), age = col(t, "AGE"), st = col(t, "STATUS");
	if (re >= 0 && age >= 0 && st >= 0 && ll_table_nrows(t) == 3) {
		CHECK_STR(ll_table_text(t, 1, (size_t)re), "8 (12m ago)");
		CHECK_STR(ll_table_text(t, 1, (size_t)st), "CrashLoopBackOff");
		CHECK_NEAR(ll_table_num(t, 1, (size_t)age), 47 * 3600.0, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)age), 12 * 86400.0, 1e-9);
	}
	ll_table_free(t);
}

/* Containers as docker lists them: names with a blank ("CONTAINER ID"),
 * cells with blanks, an empty cell, a cut cell ending in a UTF-8 "…" that
 * takes one screen column */
static void test_word_containers(void)
{
	const char *format;
	struct ll_table *t = load("containers.txt",
				  "CONTAINER ID   IMAGE      COMMAND                  CREATED       STATUS        PORTS      NAMES\n"
				  "4c01db0b339c   nginx      \"/docker-entrypoint.\xE2\x80\xA6\"   2 hours ago   Up 2 hours    80/tcp     web\n"
				  "d7886598dbe2   redis:7    \"docker-entrypoint.s\xE2\x80\xA6\"   3 hours ago   Up 3 hours    6379/tcp   cache\n"
				  "9c3527ed70ce   postgres   \"docker-entrypoint.s\xE2\x80\xA6\"   5 days ago    Exited (0)               db old\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int id = col(t, "CONTAINER ID"), cr = col(t, "CREATED"), po = col(t, "PORTS"), nm = col(t, "NAMES");
	if (id >= 0 && cr >= 0 && po >= 0 && nm >= 0 && ll_table_nrows(t) == 3) {
		CHECK_STR(ll_table_text(t, 1, (size_t)id), "d7886598dbe2");
		CHECK_STR(ll_table_text(t, 0, (size_t)cr), "2 hours ago");
		CHECK_STR(ll_table_text(t, 1, (size_t)po), "6379/tcp");
		CHECK_STR(ll_table_text(t, 2, (size_t)po), "");
		CHECK_STR(ll_table_text(t, 2, (size_t)nm), "db old");
	}
	ll_table_free(t);
}

/* Sockets as netstat -tn lists them: a line of prose above the header,
 * names of two words set apart by one blank as the words are ("Local
 * Address"), counts right-aligned under their names, IPv4 and IPv6
 * addresses in one column */
static void test_socket_table(void)
{
	const char *format;
	struct ll_table *t = load("sockets.txt",
				  "Active Internet connections (w/o servers)\n"
				  "Proto Recv-Q Send-Q Local Address           Foreign Address         State\n"
				  "tcp        0     36 10.0.0.5:22             192.168.1.10:51230      ESTABLISHED\n"
				  "tcp6       0      0 ::1:631                 ::1:48900               TIME_WAIT\n"
				  "tcp        0      0 10.0.0.5:43122          140.82.112.4:443        ESTABLISHED\n"
				  "tcp      517      0 10.0.0.5:5432           10.0.0.9:60012          CLOSE_WAIT\n"
				  "tcp6       0      0 fe80::1:8080            fe80::2:51000           ESTABLISHED\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 5);
	CHECK_INT(ll_table_ncols(t), 6);
	int rq = col(t, "Recv-Q"), sq = col(t, "Send-Q"), la = col(t, "Local Address"), fa = col(t, "Foreign Address"),
	    st = col(t, "State");
	CHECK(rq >= 0 && sq >= 0 && la >= 0 && fa >= 0 && st >= 0);
	if (rq >= 0 && sq >= 0 && la >= 0 && fa >= 0 && st >= 0 && ll_table_nrows(t) == 5) {
		CHECK_INT(ll_table_col_type(t, (size_t)rq), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)rq), 517, 0);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)sq), 36, 0);
		CHECK_STR(ll_table_text(t, 1, (size_t)la), "::1:631");
		CHECK_STR(ll_table_text(t, 2, (size_t)fa), "140.82.112.4:443");
		CHECK_STR(ll_table_text(t, 3, (size_t)st), "CLOSE_WAIT");
	}
	ll_table_free(t);
}

/* ss -tn: names that hold a blank a blank apart ("Recv-Q Send-Q Local
 * Address:Port"), addresses set right to their colon under names they
 * straddle, and a last name ("Process") with nothing under it: six
 * columns, the last empty */
static void test_ss_table(void)
{
	const char *format;
	struct ll_table *t = load("ss.txt",
				  "State      Recv-Q Send-Q     Local Address:Port      Peer Address:Port Process\n"
				  "ESTAB      0      0              10.0.0.5:22           10.0.0.17:53122\n"
				  "ESTAB      0      36             10.0.0.5:22           10.0.0.23:60514\n"
				  "TIME-WAIT  0      0              10.0.0.5:443        203.0.113.9:49211\n"
				  "CLOSE-WAIT 1      0             127.0.0.1:6379         127.0.0.1:50124\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 4);
	CHECK_INT(ll_table_ncols(t), 6);
	int rq = col(t, "Recv-Q"), sq = col(t, "Send-Q"), la = col(t, "Local Address:Port"),
	    pa = col(t, "Peer Address:Port"), pr = col(t, "Process");
	CHECK(rq >= 0 && sq >= 0 && la >= 0 && pa >= 0 && pr >= 0);
	if (rq >= 0 && sq >= 0 && la >= 0 && pa >= 0 && ll_table_nrows(t) == 4) {
		CHECK_NEAR(ll_table_num(t, 1, (size_t)sq), 36, 0);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)rq), 1, 0);
		CHECK_STR(ll_table_text(t, 3, (size_t)la), "127.0.0.1:6379");
		CHECK_STR(ll_table_text(t, 2, (size_t)pa), "203.0.113.9:49211");
	}
	ll_table_free(t);
}

/* netstat's header in capitals goes the way of tables of words: counts
 * set right under names one blank apart ("PROTO RECV-Q SEND-Q") are
 * columns of their own */
static void test_socket_table_capitals(void)
{
	const char *format;
	struct ll_table *t = load("sockets_uc.txt",
				  "PROTO RECV-Q SEND-Q LOCAL ADDRESS           FOREIGN ADDRESS         STATE\n"
				  "tcp        0     36 10.0.0.5:22             192.168.1.10:51230      ESTABLISHED\n"
				  "tcp6       0      0 ::1:631                 ::1:48900               TIME_WAIT\n"
				  "tcp      517      0 10.0.0.5:5432           10.0.0.9:60012          CLOSE_WAIT\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_ncols(t), 6);
	int pr = col(t, "PROTO"), rq = col(t, "RECV-Q"), sq = col(t, "SEND-Q"), la = col(t, "LOCAL ADDRESS");
	CHECK(pr >= 0 && rq >= 0 && sq >= 0 && la >= 0);
	if (pr >= 0 && rq >= 0 && sq >= 0 && la >= 0 && ll_table_nrows(t) == 3) {
		CHECK_STR(ll_table_text(t, 1, (size_t)pr), "tcp6");
		CHECK_NEAR(ll_table_num(t, 2, (size_t)rq), 517, 0);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)sq), 36, 0);
		CHECK_STR(ll_table_text(t, 2, (size_t)la), "10.0.0.5:5432");
	}
	ll_table_free(t);
}

/* One snapshot of free: two rows named on their left, the second
 * stopping early; every name over its cell vouches for the table */
static void test_free_snapshot(void)
{
	const char *format;
	struct ll_table *t = load("free.txt",
				  "               total        used        free      shared  buff/cache   available\n"
				  "Mem:         7861204     2103412      812340       40212     4945452     5420108\n"
				  "Swap:        2097148           0     2097148\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 2);
	int used = col(t, "used"), avail = col(t, "available");
	CHECK(used >= 0 && avail >= 0);
	if (used >= 0 && avail >= 0 && ll_table_nrows(t) == 2) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)used), 2103412, 0);
		CHECK(isnan(ll_table_num(t, 1, (size_t)avail)));
	}
	ll_table_free(t);
}

/* Units as systemctl lists them: "ACTIVE SUB" one blank apart but two
 * columns (the rows start a cell under SUB), a marker left of the first
 * column, a legend under the rows that is none */
static void test_word_units(void)
{
	const char *format;
	struct ll_table *t = load("units.txt",
				  "  UNIT                       LOAD   ACTIVE SUB     DESCRIPTION\n"
				  "  -.mount                    loaded active mounted Root Mount\n"
				  "  systemd-journald.service   loaded active running Journal Service\n"
				  "\xE2\x97\x8F user@1000.service          loaded failed failed  User Manager for UID 1000\n"
				  "  logrotate.timer            loaded active waiting Daily rotation of log files\n"
				  "\n"
				  "LOAD   = Reflects whether the unit definition was properly loaded.\n"
				  "SUB    = The low-level unit activation state.\n"
				  "\n"
				  "4 loaded units listed.\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 4);
	int un = col(t, "UNIT"), ac = col(t, "ACTIVE"), sub = col(t, "SUB"), de = col(t, "DESCRIPTION");
	if (un >= 0 && ac >= 0 && sub >= 0 && de >= 0 && ll_table_nrows(t) == 4) {
		CHECK_STR(ll_table_text(t, 2, (size_t)un), "user@1000.service");
		CHECK_STR(ll_table_text(t, 2, (size_t)ac), "failed");
		CHECK_STR(ll_table_text(t, 1, (size_t)sub), "running");
		CHECK_STR(ll_table_text(t, 2, (size_t)de), "User Manager for UID 1000");
	}
	ll_table_free(t);
}

/* A log under a line of upper-case names is no table of words: its cells
 * do not start at the names' columns; nor are rows that each miss a
 * column by a character, nor rows followed straight away by lines that
 * miss */
static void test_word_logs_stay(void)
{
	const char *format;
	struct ll_table *t = load("levels.log",
				  "INFO  WARN  ERROR\n"
				  "2026-12-04 10:00:01 INFO  server started on port 8080\n"
				  "2026-12-04 10:00:02 WARN  disk usage at 85 percent\n"
				  "2026-12-04 10:00:03 ERROR connection refused from 10.0.0.5\n"
				  "2026-12-04 10:00:04 INFO  request served in 12 ms\n",
				  NULL, &format);
	if (t)
		CHECK(strcmp(format, "aligned") != 0);
	ll_table_free(t);
	/* Go's log package: every line a dated stamp, one blank apart after
	 * it, as many words on most lines: records, the first no header */
	t = load("go.log",
		 "2025/03/15 10:16:17 Listening on [::]:80\n"
		 "2025/03/15 12:31:17 /: 404 10.0.0.2 <nil>\n"
		 "2025/03/15 12:31:19 /: 404 10.0.0.2 <nil>\n"
		 "2025/03/15 12:32:18 /api/login: 403 10.0.0.2 <nil>\n"
		 "2025/03/15 12:33:35 /: 200 10.0.0.3 <nil>\n"
		 "2025/03/15 12:34:00 /api/renew: 401 10.0.0.2 <nil>\n",
		 NULL, &format);
	if (t) {
		CHECK(strcmp(format, "aligned") != 0);
		CHECK_INT(ll_table_nrows(t), 6);
	}
	ll_table_free(t);
	/* a run of blanks in the messages of two lines of seven ("Jan  1", a
	 * padded word) makes no table of the rest either */
	t = load("iso.log",
		 "2024-12-21T11:25:55.266796+00:00 session: /etc/ssl/certs/ca.pem for Stopping\n"
		 "2024-12-21T11:44:42.410522+00:00 PASSWORD \"for exited\" not\n"
		 "2024-12-21T12:30:23.186929+00:00 Warning: failed 79452 61043\n"
		 "2024-12-21T12:50:29.912277+00:00 11897 for\n"
		 "2024-12-21T14:01:50.800364+00:00 CONNECTION  retrying 4014 file\n"
		 "2024-12-21T14:21:32.939648+00:00 ok 18633\n"
		 "2024-12-21T14:23:36.504176+00:00 78529 Jan  1\n",
		 NULL, &format);
	if (t) {
		CHECK(strcmp(format, "aligned") != 0);
		CHECK_INT(ll_table_nrows(t), 7);
	}
	ll_table_free(t);
	/* ... while a monitor's columns with a stamp before each line, its
	 * header's too, are still lined up with runs of blanks: a table */
	t = load("vmstat_ts.txt",
		 "2025-03-15 10:00:01  r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id\n"
		 "2025-03-15 10:00:01  1  0      0 812344  10240 412000    0    0     5    12  101  202  3  1 96\n"
		 "2025-03-15 10:00:02  0  0      0 812100  10240 412010    0    0     0     8   99  190  2  1 97\n"
		 "2025-03-15 10:00:03  2  0      0 811900  10240 412020    0    0     0    16  120  230  5  2 93\n",
		 NULL, &format);
	if (t)
		CHECK_STR(format, "aligned");
	ll_table_free(t);
	t = load("shifted.txt",
		 "NAME    STATE     NODE    NOTE\n"
		 " alpha  running   n1      first of them\n"
		 "beta     stopped  n2      second\n"
		 "gamma   running    n3     third one\n"
		 "delta   paused   n4       last\n",
		 NULL, &format);
	if (t)
		CHECK(strcmp(format, "aligned") != 0);
	ll_table_free(t);
	/* two lines that line up, then lines straight under them that do
	 * not: the first two lined up by chance */
	t = load("chance.txt",
		 "LEVEL  SOURCE  TEXT\n"
		 "INFO   main    starting worker pool\n"
		 "INFO   db      connected to primary\n"
		 "WARN  queue   backlog growing fast\n"
		 "ERROR  db      connection lost\n"
		 "INFO main restarted\n",
		 NULL, &format);
	if (t)
		CHECK(strcmp(format, "aligned") != 0);
	ll_table_free(t);
}

/* cells with units of time beside ones of size are no column of numbers
 * (the CSV reader's rule); one kind alone is */
static void test_mixed_units(void)
{
	const char *format;
	struct ll_table *t = load("jobs.txt",
				  "JOB      TOOK     MEM      CPU\n"
				  "backup   250ms    512MiB   12%\n"
				  "index    3s       2GiB     40%\n"
				  "report   1.5GiB   4MiB     3%\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	int took = col(t, "TOOK"), mem = col(t, "MEM"), cpu = col(t, "CPU");
	if (took >= 0 && mem >= 0 && cpu >= 0 && ll_table_nrows(t) == 3) {
		CHECK_INT(ll_table_col_type(t, (size_t)took), LL_COL_TEXT);
		CHECK_STR(ll_table_text(t, 2, (size_t)took), "1.5GiB");
		CHECK_INT(ll_table_col_type(t, (size_t)mem), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)mem), 2.0 * 1073741824, 1);
		CHECK_INT(ll_table_col_type(t, (size_t)cpu), LL_COL_NUM);
	} else {
		CHECK(0);
	}
	ll_table_free(t);
}

/* R's write.table quotes the header's names: the quotes are no part of
 * them ("Device:" loses its colon the same way) */
static void test_quoted_names(void)
{
	const char *format;
	struct ll_table *t = load("quoted.txt",
				  "\"weight\"  \"waist\"  \"pulse\"\n"
				  "     191       36       50\n"
				  "     189       37       52\n"
				  "     193       38       58\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK(col(t, "weight") >= 0 && col(t, "waist") >= 0 && col(t, "pulse") >= 0);
	CHECK(ll_table_find_column(t, "\"weight\"") < 0);
	ll_table_free(t);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "aligned_habits");
	test_quoted_names();
	test_date_lines();
	test_polled_file_stamps();
	test_clocks_stay();
	test_group_names();
	test_space_delimited();
	test_dstat_screen();
	test_turns_ampm();
	test_top_series();
	test_top_wide_value();
	test_comma_pairs();
	test_one_comma_a_row();
	test_sizes_no_spans();
	test_misfit_lines();
	test_labelled_headers();
	test_word_events();
	test_word_pods();
	test_word_containers();
	test_word_units();
	test_socket_table();
	test_ss_table();
	test_socket_table_capitals();
	test_free_snapshot();
	test_word_logs_stay();
	test_mixed_units();
	rmdir(dir);
	TEST_MAIN_END();
}
