/*
 * tests/datasets/test_aligned.c - the cells of tables aligned with blanks
 * (ds_aligned.c), on small texts written here: times from clocks with
 * AM/PM across midnight under a day-first banner date, epoch seconds under
 * a '#' header, ISO stamp lines with a zone, per-entity rows pivoted (or
 * kept long when the entity key says "none"), commands with blanks, a
 * date and a clock in two columns, names with a blank inside, summary
 * lines ("Tasks: 193 total, 1 running") as columns; tables ruled with
 * dashes, tables of jobs with few numbers, pairs "A / B", milli quantities,
 * ages and durations; a kind broken only by a column's last cell.
 */
#include "harness.h"
#include "table_load.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ds_aligned.h"
#include "ds_reader.h"
#include "ds_units.h"
#include "ll_table.h"
#include "ll_time.h"

static char dir[512];

static struct ll_table *load(const char *name, const char *text, const char *entity, const char **format)
{
	return load_text(dir, name, text, entity, 0, format);
}

/* sar -u: clocks with AM/PM, 12 AM is midnight and the day turns, the date
 * day-first (25 > 12) from the banner; "Average:" rows have no time */
static void test_clocks(void)
{
	const char *format;
	struct ll_table *t = load("sar.txt",
				  "Linux 3.10.0 (h) \t25/11/15 \t_x86_64_\t(16 CPU)\n\n"
				  "11:59:58 PM     CPU     %user     %idle\n"
				  "11:59:59 PM     all      5.00     95.00\n"
				  "12:00:00 AM     all      6.00     94.00\n"
				  "12:00:01 AM     all      7.00     93.00\n"
				  "12:30:00 PM     all      8.00     92.00\n\n"
				  "Average:        all      6.50     93.50\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 4);
	int tc = col(t, "time"), u = col(t, "%user");
	if (tc >= 0 && u >= 0 && ll_table_nrows(t) == 4) {
		CHECK_INT(ll_table_col_type(t, (size_t)tc), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)tc), ll_time_from_civil(2015, 11, 25, 23, 59, 59), 1e-6);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)tc), ll_time_from_civil(2015, 11, 26, 0, 0, 0), 1e-6);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)tc), ll_time_from_civil(2015, 11, 26, 12, 30, 0), 1e-6);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)u), 7.0, 1e-9);
	}
	CHECK(ll_test_has_note(t, "rows without a time"));
	ll_table_free(t);
}

/* pidstat -h: epoch seconds under "# Time", a command with blanks, a row
 * per process pivoted on the command */
static void test_epoch_and_tail(void)
{
	const char *format;
	struct ll_table *t = load("pidstat.txt",
				  "Linux 3.10.0 (h) \t11/25/15 \t_x86_64_\t(16 CPU)\n\n"
				  "#      Time   UID       PID    %usr  Command\n"
				  " 1448481504     0         1    0.00  /usr/lib/systemd/systemd --switched-root --system\n"
				  " 1448481504     0         3    1.50  ksoftirqd/0\n"
				  " 1448481505     0         1    0.10  /usr/lib/systemd/systemd --switched-root --system\n"
				  " 1448481505     0         3    1.60  ksoftirqd/0\n"
				  " 1448481506     0         1    0.20  /usr/lib/systemd/systemd --switched-root --system\n"
				  " 1448481506     0         3    1.70  ksoftirqd/0\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int tc = col(t, "Time"), k = col(t, "%usr.ksoftirqd/0"),
	    s = col(t, "%usr./usr/lib/systemd/systemd --switched-root --system");
	if (tc >= 0 && k >= 0 && s >= 0 && ll_table_nrows(t) == 3) {
		CHECK_INT(ll_table_col_type(t, (size_t)tc), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)tc), 1448481504.0, 1e-6);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)k), 1.6, 1e-9);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)s), 0.1, 1e-9);
	}
	ll_table_free(t);
}

static const char iso_blocks[] = "2026-12-03T21:54:09+0100\n"
				 "Device   r/s   w/s\n"
				 "sda     1.00  2.00\n"
				 "sdb     3.00  4.00\n\n"
				 "2026-12-03T21:54:10+0100\n"
				 "Device   r/s   w/s\n"
				 "sda     1.50  2.50\n"
				 "sdb     3.50  4.50\n\n"
				 "2026-12-03T21:54:11+0100\n"
				 "Device   r/s   w/s\n"
				 "sda     1.75  2.75\n"
				 "sdb     3.75  4.75\n";

/* iostat -t with ISO stamps: a stamp line with a zone dates the block */
static void test_iso_lines(void)
{
	const char *format;
	struct ll_table *t = load("iso.txt", iso_blocks, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(ll_table_ncols(t), 5);
	int tc = col(t, "time"), w = col(t, "w/s.sdb");
	if (tc >= 0 && w >= 0 && ll_table_nrows(t) == 3) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)tc), ll_time_from_civil(2026, 12, 3, 20, 54, 9), 1e-6);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)w), 4.5, 1e-9);
	}
	ll_table_free(t);
	/* the entity key "none" keeps the rows as they are */
	t = load("iso.txt", iso_blocks, "none", &format);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 6);
	int d = col(t, "Device");
	if (d >= 0 && ll_table_nrows(t) == 6)
		CHECK_STR(ll_table_text(t, 3, (size_t)d), "sdb");
	ll_table_free(t);
}

/* a group line above the names, units in cells, a missing "-" */
static void test_groups_and_units(void)
{
	const char *format;
	struct ll_table *t = load("groups.txt",
				  "----cpu---- ---net---\n"
				  "usr sys idl  recv  send\n"
				  "  5   1  94   12k   1.5M\n"
				  "  6   2  92     -     2M\n"
				  "  7   1  92   10k   512\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int r = col(t, "recv"), s = col(t, "send");
	if (r >= 0 && s >= 0 && ll_table_nrows(t) == 3) {
		CHECK_INT(ll_table_col_type(t, (size_t)r), LL_COL_NUM);
		CHECK(isnan(ll_table_num(t, 1, (size_t)r)));
		CHECK(ll_table_num(t, 0, (size_t)r) > 11000 && ll_table_num(t, 0, (size_t)r) < 13000);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)s), 512, 1e-9);
	}
	ll_table_free(t);
}

/* a date and a clock in two columns under two names (nvidia-smi dmon -o
 * DT: digits "20231003"; or "2026-12-03"): one time, the date column gone
 * into it; the day turns with the date column, not by the clock alone */
static void test_date_and_clock_columns(void)
{
	const char *format;
	struct ll_table *t = load("dmon_dt.txt",
				  "#Date       Time        gpu   pwr    sm\n"
				  "#YYYYMMDD   HH:MM:SS    Idx     W     %\n"
				  " 20231003   23:59:59      0    61     0\n"
				  " 20231003   23:59:59      1    65     3\n"
				  " 20231004   00:00:00      0    62     0\n"
				  " 20231004   00:00:00      1    66     5\n"
				  " 20231004   00:00:01      0    63     0\n"
				  " 20231004   00:00:01      1    67     7\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK(ll_table_find_column(t, "Date") < 0 && ll_table_find_column(t, "Date.0") < 0);
	int tc = col(t, "Time"), p = col(t, "pwr.1");
	if (tc >= 0 && p >= 0 && ll_table_nrows(t) == 3) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)tc), ll_time_from_civil(2023, 10, 3, 23, 59, 59), 1e-6);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)tc), ll_time_from_civil(2023, 10, 4, 0, 0, 1), 1e-6);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)p), 67, 1e-9);
	}
	ll_table_free(t);
	t = load("date_time.txt",
		 "Date       Time      cpu   mem\n"
		 "2026-12-03 21:54:09  1.5   20\n"
		 "2026-12-03 21:54:10  2.5   21\n"
		 "2026-12-04 00:00:01  3.5   22\n",
		 NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(ll_table_ncols(t), 3);
	tc = col(t, "Time");
	if (tc >= 0 && ll_table_nrows(t) == 3)
		CHECK_NEAR(ll_table_num(t, 2, (size_t)tc), ll_time_from_civil(2026, 12, 4, 0, 0, 1), 1e-6);
	ll_table_free(t);
}

/* ifstat: a line of interfaces over names that hold a blank ("KB/s in"),
 * cut at the wider gaps */
static void test_names_with_blanks(void)
{
	const char *format;
	struct ll_table *t = load("ifstat.txt",
				  "       eth0                eth1       \n"
				  " KB/s in  KB/s out   KB/s in  KB/s out\n"
				  "    0.00      0.10      1.00      2.00\n"
				  "    0.50      0.20      1.50      2.50\n"
				  "    0.70      0.30      1.70      2.70\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(ll_table_ncols(t), 4);
	int o = col(t, "KB/s out_2");
	if (o >= 0 && ll_table_nrows(t) == 3)
		CHECK_NEAR(ll_table_num(t, 1, (size_t)o), 2.5, 1e-9);
	ll_table_free(t);
}

/* many tables under distinct headers (the index of tables grows), one of
 * them seen again further on: it is kept, its two snapshots numbered,
 * the others noted */
static void test_many_headers(void)
{
	static char text[64 * 1024];
	size_t n = 0;
	for (int i = 0; i < 400; i++) {
		int k = i == 399 ? 7 : i; /* the last header is the 8th again */
		n += (size_t)snprintf(text + n, sizeof text - n, "  a%04d   b%04d   c%04d\n  %5d   %5d   %5d\n", k, k, k,
				      i, i + 1, i + 2);
	}
	const char *format;
	struct ll_table *t = load("many.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 2);
	int c = col(t, "b0007");
	if (c >= 0 && ll_table_nrows(t) == 2)
		CHECK_NEAR(ll_table_num(t, 1, (size_t)c), 400, 1e-9);
	/* the header seen again above a row of its own: two snapshots,
	 * numbered (no time in the file), the table the others are left
	 * out beside */
	CHECK(ll_test_has_note(t, "398 tables (398 rows) left out: without a time to join them on"));
	CHECK(col(t, "poll") == 0);
	ll_table_free(t);
}

/* top's summary lines are columns "label name" beside a pivoted process
 * table; one snapshot (a process table that stays long) is kept whole,
 * its summary values beside each of its rows */
static void test_summary_lines(void)
{
	static const char block[] =
		"top - 09:00:%02d up 3 days,  2:01,  1 user,  load average: 0,%d0, 0,40, 0,30\n"
		"Tasks: 193 total,   %d running, 192 sleeping,   0 stopped,   0 zombie\n"
		"MiB Swap:   8192.0 total,   8192.0 free,      0.0 used.  23849.3 avail Mem\n\n"
		"    PID USER      PR  NI    VIRT    RES    SHR S  %%CPU  %%MEM     TIME+ COMMAND\n"
		"   1000 root      20   0  100000   9779   4000 S   6.8   0.0   0:%02d.00 postgres: writer\n"
		"   1017 alice     20   0  100001   9438   4000 S   %d.6   0.5   1:%02d.01 python3 train.py\n"
		"   1034 root      20   0  100002   9510   4000 S   3.6   1.0   2:%02d.02 sshd: admin [priv]\n\n";
	char text[4096];
	size_t n = 0;
	for (int i = 0; i < 3; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, block, i * 3, i + 1, i + 1, i, 10 + i, i, i);
	const char *format;
	struct ll_table *t = load("top.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int la = col(t, "load average 1"), tr = col(t, "Tasks running"), av = col(t, "MiB Swap avail Mem"),
	    cpu = col(t, "%CPU.python3 train.py");
	if (la >= 0 && tr >= 0 && av >= 0 && cpu >= 0 && ll_table_nrows(t) == 3) {
		CHECK_NEAR(ll_table_num(t, 2, (size_t)la), 0.3, 1e-9); /* a decimal comma */
		CHECK_NEAR(ll_table_num(t, 1, (size_t)tr), 2, 1e-9);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)av), 23849.3, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)cpu), 12.6, 1e-9);
	}
	ll_table_free(t);
	/* one snapshot: the three processes stay rows */
	text[strstr(text, "\n\ntop") - text + 2] = 0;
	t = load("top1.txt", text, NULL, &format);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 3);
	tr = col(t, "Tasks running");
	if (tr >= 0 && ll_table_nrows(t) == 3)
		CHECK_NEAR(ll_table_num(t, 2, (size_t)tr), 1, 1e-9);
	CHECK(!ll_test_has_note(t, "is not joined on time"));
	ll_table_free(t);
}

/* top -b at a delay of 1 s: most processes stay, a few come and go (the
 * time x PID grid 62 % full). The process table is kept long, a row per
 * process and sample, not pivoted to a column per metric and PID; at a
 * delay under a second (clocks repeat) it reads the same. Steady entities
 * pivot, unless there are so many that the pivot would pass 1024 columns. */
static void test_top_churn(void)
{
	static const char head[] =
		"top - 09:00:%02d up 3 days,  2:01,  1 user,  load average: 0.%d0, 0.40, 0.30\n"
		"Tasks: 193 total,   %d running, 192 sleeping,   0 stopped,   0 zombie\n\n"
		"    PID USER      PR  NI    VIRT    RES    SHR S  %%CPU  %%MEM     TIME+ COMMAND\n";
	static const char proc[] = "   %4d root      20   0  100000   9779   4000 S  %4.1f   0.0   0:00.07 cmd-%d\n";
	char text[8192];
	for (int delay = 0; delay < 2; delay++) {
		size_t n = 0;
		for (int i = 0; i < 4; i++) {
			/* delay 1: a sample a second; 0: two samples a second */
			n += (size_t)snprintf(text + n, sizeof text - n, head, delay ? i : i / 2, i + 1, i + 1);
			for (int p = 0; p < 4; p++)
				n += (size_t)snprintf(text + n, sizeof text - n, proc, 1000 + p, p + 0.5 * i, p);
			n += (size_t)snprintf(text + n, sizeof text - n, proc, 2000 + i, 9.0, 100 + i);
			n += (size_t)snprintf(text + n, sizeof text - n, "\n");
		}
		const char *format;
		struct ll_table *t = load(delay ? "top_d1.txt" : "top_d05.txt", text, NULL, &format);
		if (!t)
			return;
		CHECK_STR(format, "aligned");
		CHECK_INT(ll_table_nrows(t), 20);
		CHECK(ll_table_ncols(t) < 30); /* long: its columns and the summaries' */
		int tc = col(t, "time"), pid = col(t, "PID"), cpu = col(t, "%CPU"), run = col(t, "Tasks running");
		if (tc >= 0 && pid >= 0 && cpu >= 0 && run >= 0 && ll_table_nrows(t) == 20) {
			CHECK_NEAR(ll_table_num(t, 6, (size_t)pid), 1001, 1e-9); /* sample 2, second process */
			CHECK_NEAR(ll_table_num(t, 6, (size_t)cpu), 1.5, 1e-9);
			CHECK_NEAR(ll_table_num(t, 6, (size_t)run), 2, 1e-9); /* its report's summary */
			CHECK_NEAR(ll_table_num(t, 19, (size_t)pid), 2003, 1e-9);
			CHECK_NEAR(ll_table_num(t, 19, (size_t)run), 4, 1e-9);
		}
		ll_table_free(t);
	}
	/* 4 steady processes, the last sample cut short after its first: pivoted */
	size_t m = 0;
	for (int i = 0; i < 4; i++) {
		m += (size_t)snprintf(text + m, sizeof text - m, head, i, i + 1, i + 1);
		for (int p = 0; p < (i < 3 ? 4 : 1); p++)
			m += (size_t)snprintf(text + m, sizeof text - m, proc, 1000 + p, p + 0.5 * i, p);
		m += (size_t)snprintf(text + m, sizeof text - m, "\n");
	}
	const char *fmt;
	struct ll_table *cut = load("top_cut.txt", text, NULL, &fmt);
	if (!cut)
		return;
	CHECK_INT(ll_table_nrows(cut), 4);
	int c1 = col(cut, "%CPU.cmd-1");
	if (c1 >= 0 && ll_table_nrows(cut) == 4) {
		CHECK_NEAR(ll_table_num(cut, 2, (size_t)c1), 2.0, 1e-9);
		CHECK(isnan(ll_table_num(cut, 3, (size_t)c1)));
	}
	ll_table_free(cut);
	/* 100 steady processes x 11 columns: too wide to pivot */
	size_t n = 0;
	static char big[64 * 1024];
	for (int i = 0; i < 3; i++) {
		n += (size_t)snprintf(big + n, sizeof big - n, head, i, i + 1, i + 1);
		for (int p = 0; p < 100; p++)
			n += (size_t)snprintf(big + n, sizeof big - n, proc, 1000 + p, p * 0.1 + i, p);
		n += (size_t)snprintf(big + n, sizeof big - n, "\n");
	}
	const char *format;
	struct ll_table *t = load("top_wide.txt", big, NULL, &format);
	if (!t)
		return;
	CHECK_INT(ll_table_nrows(t), 300);
	CHECK(col(t, "PID") >= 0);
	CHECK(ll_test_has_note(t, "too many to pivot"));
	ll_table_free(t);
}

/* a rule of dashes under the header gives the columns: a name with a
 * blank, right-aligned numbers, empty cells (a step's partition); the
 * rows end at a line that crosses a column's start */
static void test_ruled(void)
{
	const char *format;
	struct ll_table *t = load("ruled.txt",
				  "JobID         Job Name  Partition  AllocCPUS      State \n"
				  "------------ ---------- ---------- ---------- ---------- \n"
				  "1001            train a        gpu          8  COMPLETED \n"
				  "1001.batch        batch                     8  COMPLETED \n"
				  "1002              sim b        cpu         32     FAILED \n"
				  "1002.batch        batch                    32     FAILED \n"
				  "1003              sim c        cpu         16    TIMEOUT \n"
				  "sacct: a closing remark that runs across every column\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 5);
	CHECK_INT(ll_table_ncols(t), 5);
	int id = col(t, "JobID"), jn = col(t, "Job Name"), pa = col(t, "Partition"), cp = col(t, "AllocCPUS");
	if (id >= 0 && jn >= 0 && pa >= 0 && cp >= 0 && ll_table_nrows(t) == 5) {
		CHECK_INT(ll_table_col_type(t, (size_t)id), LL_COL_TEXT);
		CHECK_STR(ll_table_text(t, 1, (size_t)id), "1001.batch");
		CHECK_STR(ll_table_text(t, 0, (size_t)jn), "train a");
		CHECK_STR(ll_table_text(t, 1, (size_t)pa), "");
		CHECK_STR(ll_table_text(t, 2, (size_t)pa), "cpu");
		CHECK_NEAR(ll_table_num(t, 3, (size_t)cp), 32, 1e-9);
	}
	CHECK(ll_test_has_note(t, "1 line is neither header nor row"));
	ll_table_free(t);
	/* a client's table boxed with +---+ and | */
	t = load("boxed.txt",
		 "+----+-------+--------+\n"
		 "| id | name  | score  |\n"
		 "+----+-------+--------+\n"
		 "|  1 | alice |   12.5 |\n"
		 "|  2 | bob   |        |\n"
		 "|  3 | carol |    7.0 |\n"
		 "+----+-------+--------+\n"
		 "3 rows in set (0.00 sec)\n",
		 NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int sc = col(t, "score"), nm = col(t, "name");
	if (sc >= 0 && nm >= 0 && ll_table_nrows(t) == 3) {
		CHECK_STR(ll_table_text(t, 2, (size_t)nm), "carol");
		CHECK_NEAR(ll_table_num(t, 0, (size_t)sc), 12.5, 1e-9);
		CHECK(isnan(ll_table_num(t, 1, (size_t)sc)));
	}
	ll_table_free(t);
	/* numbers wider than their rule (right-aligned into the gap before
	 * it) are their own column's; an empty cell stays empty */
	t = load("procs.txt",
		 "Handles  NPM(K)     CPU(s)     Id ProcessName\n"
		 "-------  ------     ------     -- -----------\n"
		 "    139       9              2952 amazon-ssm-agent\n"
		 "    272      14       1.66   4540 conhost\n"
		 "    348      13     181.41    560 Windows Audio\n",
		 NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int cpu = col(t, "CPU(s)"), pid = col(t, "Id"), pn = col(t, "ProcessName");
	if (cpu >= 0 && pid >= 0 && pn >= 0 && ll_table_nrows(t) == 3) {
		CHECK(isnan(ll_table_num(t, 0, (size_t)cpu)));
		CHECK_NEAR(ll_table_num(t, 0, (size_t)pid), 2952, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)cpu), 181.41, 1e-9);
		CHECK_STR(ll_table_text(t, 2, (size_t)pn), "Windows Audio");
	}
	ll_table_free(t);
	/* stamps in a ruled column are the table's time; durations beside
	 * them seconds, once one cannot be a clock of day */
	t = load("steps.txt",
		 "       JobID               Start    Elapsed \n"
		 "------------ ------------------- ---------- \n"
		 "4001         2026-11-30T08:00:01   00:10:40 \n"
		 "4001.batch   2026-11-30T08:00:02   00:10:39 \n"
		 "4002         2026-11-30T08:11:00 1-02:00:05 \n",
		 NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int st = col(t, "Start"), el = col(t, "Elapsed");
	if (st >= 0 && el >= 0 && ll_table_nrows(t) == 3) {
		CHECK_INT(ll_table_col_type(t, (size_t)st), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)st), ll_time_from_civil(2026, 11, 30, 8, 0, 2), 1e-6);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)el), 640, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)el), 93605, 1e-9);
	}
	ll_table_free(t);
	/* a client's pages: the header and its rule again are no rows */
	t = load("pages.txt",
		 "EVENT                             MN         CNT\n"
		 "------------------------- ---------- ----------\n"
		 "db file scattered read             2        892\n"
		 "db file sequential read            1        105\n"
		 "\n"
		 "EVENT                             MN         CNT\n"
		 "------------------------- ---------- ----------\n"
		 "direct path read                   1          1\n"
		 "direct path write                  1          2\n",
		 NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 4);
	int ev = col(t, "EVENT"), cn = col(t, "CNT");
	if (ev >= 0 && cn >= 0 && ll_table_nrows(t) == 4) {
		CHECK_STR(ll_table_text(t, 3, (size_t)ev), "direct path write");
		CHECK_NEAR(ll_table_num(t, 2, (size_t)cn), 1, 1e-9);
	}
	ll_table_free(t);
	size_t a[4], b[4];
	CHECK_INT(dsa_rule("---- --", 7, a, b, 4), 2);
	CHECK_INT(a[1], 5);
	CHECK_INT(b[0], 4);
	CHECK_INT(dsa_rule("--------", 8, a, b, 4), 0);  /* one run: a separator of text */
	CHECK_INT(dsa_rule("-- - --", 7, a, b, 4), 0);   /* a lone dash is a cell */
	CHECK_INT(dsa_rule("-- ab --", 8, a, b, 4), 0);
}

/* a table of jobs: mostly names, a count and a time; the rows' cells all
 * under the header's names; TIME holds durations (one cannot be a clock
 * of day), its "10:05" minutes and seconds */
static void test_jobs(void)
{
	const char *format;
	struct ll_table *t = load("jobs.txt",
				  "  JOBID PARTITION     NAME  USER ST       TIME NODES NODELIST(REASON)\n"
				  "   1234       gpu  train_a alice  R    1:02:03     2 node[01-02]\n"
				  "   1235       cpu    sim_b   bob PD       0:00     4 (Resources)\n"
				  "   1236       cpu    sim_c   bob  R 1-02:03:04     1 node07\n"
				  "   1237     debug     test carol CG      10:05     1 node03\n"
				  "1238 debug test carol CG 10:05 1 node03\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 4);
	int tm = col(t, "TIME"), no = col(t, "NODES"), nl = col(t, "NODELIST(REASON)");
	if (tm >= 0 && no >= 0 && nl >= 0 && ll_table_nrows(t) == 4) {
		CHECK_INT(ll_table_col_type(t, (size_t)tm), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)tm), 3723, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)tm), 93784, 1e-9);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)tm), 605, 1e-9);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)no), 4, 1e-9);
		CHECK_STR(ll_table_text(t, 1, (size_t)nl), "(Resources)");
	}
	/* a row whose cells stand off the names is none */
	CHECK(ll_test_has_note(t, "1 line is neither header nor row"));
	ll_table_free(t);
	/* clocks that may all be times of day stay text */
	t = load("jobs2.txt",
		 "  JOBID PARTITION     NAME  USER ST   TIME NODES\n"
		 "   1234       gpu  train_a alice  R  10:05     2\n"
		 "   1235       cpu    sim_b   bob PD   0:00     4\n"
		 "   1236       cpu    sim_c   bob  R  11:30     1\n",
		 NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	tm = col(t, "TIME");
	if (tm >= 0)
		CHECK_INT(ll_table_col_type(t, (size_t)tm), LL_COL_TEXT);
	ll_table_free(t);
	/* two rows are a table when every name stands over its cell in both;
	 * "47:41" can be no clock: the column holds durations */
	t = load("jobs3.txt",
		 "  JOBID PARTITION  NAME   USER ST   TIME NODES NODELIST(REASON)\n"
		 "     27   compute  CMAQ centos  R  47:41     2 c-[1-2]\n"
		 "     28   compute  CMAQ centos  R  10:58     8 c-[3-10]\n",
		 NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 2);
	tm = col(t, "TIME");
	if (tm >= 0 && ll_table_nrows(t) == 2) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)tm), 47 * 60 + 41, 1e-9);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)tm), 10 * 60 + 58, 1e-9);
	}
	ll_table_free(t);
	/* ... not when a cell stands off its name */
	t = load("jobs4.txt",
		 "  JOBID PARTITION  NAME   USER ST   TIME NODES NODELIST(REASON)\n"
		 "     27   compute  CMAQ centos  R  47:41     2 c-[1-2]\n"
		 "28 compute CMAQ centos R 10:58 8 c-[3-10]\n",
		 NULL, &format);
	if (!t)
		return;
	CHECK(strcmp(format, "aligned") != 0);
	ll_table_free(t);
	double v;
	int u;
	CHECK(dsa_duration("10:05", 5, &v, &u) && fabs(v - 605) < 1e-9 && !u);
	CHECK(dsa_duration("47:41", 5, &v, &u) && u);
	CHECK(dsa_duration("1-02:03:04", 10, &v, &u) && u);
	CHECK(!dsa_duration("10:65", 5, &v, &u));
}

/* "A / B" cells under a name with blanks: two columns of numbers, named
 * after the sides of the name or the halves of its "x/y" word */
static void test_pairs(void)
{
	const char *format;
	struct ll_table *t = load("pairs.txt",
				  "CONTAINER ID   NAME    CPU %   MEM USAGE / LIMIT     NET I/O         PIDS\n"
				  "4f1a2b3c4d5e   web     0.05%   12.5MiB / 7.667GiB    1.2kB / 0B      5\n"
				  "9a8b7c6d5e4f   db      1.23%   256MiB / 7.667GiB     45.6MB / 12MB   31\n"
				  "1234567890ab   cache   0.40%   3.9MiB / 7.667GiB     3.4kB / 1.2kB   4\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(ll_table_ncols(t), 8);
	int id = col(t, "CONTAINER ID"), mu = col(t, "MEM USAGE"), ml = col(t, "MEM LIMIT"), ni = col(t, "NET I"),
	    no = col(t, "NET O"), cpu = col(t, "CPU %");
	if (id >= 0 && mu >= 0 && ml >= 0 && ni >= 0 && no >= 0 && cpu >= 0 && ll_table_nrows(t) == 3) {
		CHECK_STR(ll_table_text(t, 2, (size_t)id), "1234567890ab");
		CHECK_NEAR(ll_table_num(t, 0, (size_t)mu), 12.5 * 1024 * 1024, 1e-3);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)ml), 7.667 * 1024 * 1024 * 1024, 1);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)ni), 1200, 1e-9);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)no), 12e6, 1e-3);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)cpu), 1.23, 1e-9);
	}
	ll_table_free(t);
	/* units a blank after their numbers (an older client's) */
	t = load("pairs2.txt",
		 "CONTAINER           CPU %               MEM USAGE / LIMIT     NET I/O\n"
		 "redis1              0.07%               796 KB / 64 MB        788 B / 648 B\n"
		 "redis2              0.07%               2.746 MB / 64 MB      1.266 KB / 648 B\n",
		 NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 2);
	mu = col(t, "MEM USAGE"), ni = col(t, "NET I");
	if (mu >= 0 && ni >= 0 && ll_table_nrows(t) == 2) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)mu), 796e3, 1e-6);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)ni), 1266, 1e-6);
	}
	ll_table_free(t);
	double a, b;
	CHECK(dsa_pair("0B / 4.1kB", 10, &a, &b) && a == 0 && fabs(b - 4100) < 1e-9);
	CHECK(!dsa_pair("0B/4.1kB", 8, &a, &b));
	CHECK(!dsa_pair("read / write", 12, &a, &b));
}

/* quantities: a lone 'm' is milli in a column of numbers ("250m" of a CPU
 * beside "1" whole one); a column with another unit of time ("3h", "2d3h")
 * holds ages, its "5m" minutes */
static void test_quantities(void)
{
	const char *format;
	struct ll_table *t = load("top_pods.txt",
				  "NAME                  CPU(cores)   MEMORY(bytes)   AGE\n"
				  "api-7d9f8b6c5-abcde   12m          128Mi           5m\n"
				  "api-7d9f8b6c5-fghij   1            131Mi           3h\n"
				  "worker-5c4b3a2-klmno  250m         1Gi             2d3h\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	CHECK_INT(ll_table_nrows(t), 3);
	int cpu = col(t, "CPU(cores)"), mem = col(t, "MEMORY(bytes)"), age = col(t, "AGE");
	if (cpu >= 0 && mem >= 0 && age >= 0 && ll_table_nrows(t) == 3) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)cpu), 0.012, 1e-12);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)cpu), 1, 1e-12);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)cpu), 0.25, 1e-12);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)mem), 128.0 * 1024 * 1024, 1e-3);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)mem), 1024.0 * 1024 * 1024, 1e-3);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)age), 300, 1e-9);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)age), 2 * 86400 + 3 * 3600, 1e-9);
	}
	ll_table_free(t);
	/* another unit of time below a second says so too: "3m" beside
	 * "250ms" is minutes, as beside "1.2s" (was milli beside "250ms") */
	t = load("waits.txt",
		 "NAME   WAIT    CPU\n"
		 "web1   250ms   3m\n"
		 "web2   3m      12m\n"
		 "web3   1.2s    7m\n",
		 NULL, &format);
	if (t) {
		int wait = col(t, "WAIT"), c = col(t, "CPU");
		if (wait >= 0 && c >= 0 && ll_table_nrows(t) == 3) {
			CHECK_NEAR(ll_table_num(t, 0, (size_t)wait), 0.25, 1e-12);
			CHECK_NEAR(ll_table_num(t, 1, (size_t)wait), 180, 1e-9);
			CHECK_NEAR(ll_table_num(t, 2, (size_t)wait), 1.2, 1e-12);
			CHECK_NEAR(ll_table_num(t, 1, (size_t)c), 0.012, 1e-12); /* milli alone */
		} else {
			CHECK(0);
		}
		ll_table_free(t);
	}
	double v;
	int m;
	CHECK(dsa_age("1h2m3.5s", 8, &v, &m) && fabs(v - 3723.5) < 1e-9 && !m);
	CHECK(dsa_age("45m", 3, &v, &m) && m);
	CHECK(!dsa_age("3h2d", 4, &v, &m)); /* units go down */
	CHECK(!dsa_age("5x", 2, &v, &m));
	/* every duration's reading (ll_units_duration): Go's small units */
	CHECK(dsa_age("250ms", 5, &v, &m) && fabs(v - 0.25) < 1e-12 && !m);
	CHECK(dsa_age("1s500ms", 7, &v, &m) && v == 1.5 && !m);
	CHECK(dsa_milli("-1.5m", 5, &v) && fabs(v + 0.0015) < 1e-12);
	CHECK(!dsa_milli("am", 2, &v));
}

/* A whole "12 kB" is the kernel's KiB alone, but 12,000 bytes in a
 * column whose other sizes are written in powers of 1000 (docker 1.x's
 * images: "109 MB", "1.113 MB", "960 B"), and said so. */
static void test_si_kilobytes(void)
{
	const char *format;
	struct ll_table *t = load("images.txt",
				  "REPOSITORY     TAG       IMAGE ID       CREATED        SIZE       RSS\n"
				  "nginx          latest    abc123def456   2 weeks ago    109 MB     1024 kB\n"
				  "busybox        latest    def456abc123   3 weeks ago    1.113 MB   2048 kB\n"
				  "hello-world    latest    bbb222ccc333   6 weeks ago    960 B      12 kB\n"
				  "tiny           1         ccc333ddd444   7 weeks ago    12 kB      30 kB\n",
				  NULL, &format);
	if (!t)
		return;
	CHECK_STR(format, "aligned");
	int size = col(t, "SIZE"), rss = col(t, "RSS");
	if (size >= 0 && rss >= 0 && ll_table_nrows(t) == 4) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)size), 109e6, 1e-3);
		CHECK_NEAR(ll_table_num(t, 1, (size_t)size), 1.113e6, 1e-3);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)size), 960, 1e-9);
		CHECK_NEAR(ll_table_num(t, 3, (size_t)size), 12000, 1e-9);
		/* a column of whole kB alone: the kernel's */
		CHECK_NEAR(ll_table_num(t, 2, (size_t)rss), 12 * 1024, 1e-9);
	} else {
		CHECK(0);
	}
	CHECK(ll_test_has_note(t, "column SIZE: its whole \"N kB\" read as N x 1000 bytes"));
	CHECK(!ll_test_has_note(t, "column RSS"));
	ll_table_free(t);
	CHECK_INT(ds_units_si_form("12 kB", 5), DS_UNITS_SI_KERNEL);
	CHECK_INT(ds_units_si_form("1.5 kB", 6), DS_UNITS_SI_OTHER);
	CHECK_INT(ds_units_si_form("12kB", 4), DS_UNITS_SI_OTHER);
	CHECK_INT(ds_units_si_form("3 MB", 4), DS_UNITS_SI_OTHER);
	CHECK_INT(ds_units_si_form("3 MiB", 5), DS_UNITS_SI_NONE);
	CHECK_INT(ds_units_si_form("3M", 2), DS_UNITS_SI_NONE);
}

/* A column's kind holds only when every cell is of it ("-" is none): the
 * same columns are numbers, ages and clocks while they hold to the last
 * row, and text when only the last row breaks each (a kind is no longer
 * tried once a cell has failed it, so the last cell must still count). */
static void test_kinds_to_the_last_row(void)
{
	const char *head = "NAME   CPU    AGE    ELAPSED\n"
			   "web    1.5    5m     03:22\n"
			   "db     -      3h     05:38:33\n";
	const char *last[2] = {"q      2      2d     1-02:03:04\n", "q      two    soon   later\n"};
	for (int broken = 0; broken < 2; broken++) {
		char text[256];
		snprintf(text, sizeof text, "%s%s", head, last[broken]);
		const char *format = NULL;
		struct ll_table *t = load(broken ? "kinds_broken.txt" : "kinds.txt", text, NULL, &format);
		CHECK(t && strcmp(format, "aligned") == 0 && ll_table_nrows(t) == 3);
		long c[3] = {t ? col(t, "CPU") : -1, t ? col(t, "AGE") : -1, t ? col(t, "ELAPSED") : -1};
		if (!t || c[0] < 0 || c[1] < 0 || c[2] < 0 || ll_table_nrows(t) != 3) {
			CHECK(0);
			ll_table_free(t);
			continue;
		}
		for (int k = 0; k < 3; k++)
			CHECK_INT(ll_table_col_type(t, (size_t)c[k]), broken ? LL_COL_TEXT : LL_COL_NUM);
		if (broken) {
			CHECK_STR(ll_table_text(t, 2, (size_t)c[1]), "soon");
			CHECK_STR(ll_table_text(t, 0, (size_t)c[2]), "03:22");
		} else {
			CHECK(isnan(ll_table_num(t, 1, (size_t)c[0])));
			CHECK_NEAR(ll_table_num(t, 2, (size_t)c[1]), 2 * 86400, 1e-9);
			CHECK_NEAR(ll_table_num(t, 0, (size_t)c[2]), 202, 1e-9);
			CHECK_NEAR(ll_table_num(t, 2, (size_t)c[2]), 93784, 1e-9);
		}
		ll_table_free(t);
	}
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "aligned");
	test_clocks();
	test_epoch_and_tail();
	test_iso_lines();
	test_groups_and_units();
	test_date_and_clock_columns();
	test_names_with_blanks();
	test_many_headers();
	test_summary_lines();
	test_top_churn();
	test_ruled();
	test_jobs();
	test_pairs();
	test_quantities();
	test_si_kilobytes();
	test_kinds_to_the_last_row();
	rmdir(dir);
	TEST_MAIN_END();
}
