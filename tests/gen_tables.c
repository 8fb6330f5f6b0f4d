/*
 * tests/gen_tables.c - monitoring tables and JSON records in the shapes
 * other tools write, for tests/cli/test_unseen_tables.sh (and by hand):
 *
 *   gen_tables SHAPE FILE [ROWS [SEED]]
 *
 *   sadf      sar's `sadf -d`: "# hostname;interval;timestamp;..." header
 *             as a comment, ';' between cells, "UTC" after each stamp, a
 *             LINUX-RESTART record in the middle
 *   zeek      a Zeek TSV log: '#' directives, "#fields" and "#types", "-"
 *             for unset values, "#close" at the end
 *   units     numbers formatted for people: "12%", "3.4G", "512KiB",
 *             "250ms", "12,345" (quoted), and a class column
 *   hostile   a UTF-8 BOM, CRLF line ends, quoted cells holding the
 *             separator, a newline and doubled quotes, a header name given
 *             twice, an empty column, a constant one, one that turns to
 *             text past the first 1000 rows, and a class column
 *   wide      a time column and 1200 number columns
 *   disorder  timestamps out of order, repeated and with a gap, half of
 *             them with a "+02:00" zone and half with "Z"
 *   envelope  one JSON document: {"kind": ..., "metadata": ..., "items":
 *             [records]}, epoch-millisecond stamps, nested objects and
 *             arrays, "n/a" among numbers, keys missing from some records
 *   jsonl     JSON Lines: epoch-nanosecond stamps, keys missing or extra
 *             per record, "n/a" and null among numbers, a nested object
 *   sections  sadf -d of several activities: tables one after another,
 *             each under its own "#" header: a long one (a row per CPU,
 *             "-1" for all, one CPU missing at some times), a plain one,
 *             one with a text entity (interfaces), one whose last name
 *             "CPU*" stands for a run of columns whose width changes, a
 *             restart record, then the first table again for one later
 *             time (ROWS is the number of times)
 *   long      a long table "time,host,metric,value": a row per time,
 *             host and metric (ROWS is the number of times)
 *   stamps    time columns in the forms tables write: "18.04.2019 13:20",
 *             "2019/04/18 13:20", day-first "18/04/2019 13:20:05" (a day
 *             above 12 from the 13th row on), epoch milliseconds,
 *             "20190418T132005Z" and "20190418132005"
 *   rframe    a data frame as R's write.csv writes it: an unnamed first
 *             column of quoted row names "1".."N", rows sorted by their
 *             class (column "species", 3 classes), numbers with "NA" for
 *             missing ones, a factor column holding "" on the first row and
 *             two factor columns equal on the second ("N","N"), and a
 *             logical column TRUE/FALSE
 *   meter     a European spreadsheet's export: a "key;value" preamble line
 *             above the header, ';' between cells, the date and the clock
 *             in two columns written unpadded ("5.3.2024", "9:5:0"),
 *             decimal commas
 *
 * Tables aligned with blanks, as monitoring commands print them (column
 * widths, counts of entities and how often headers repeat vary with the
 * seed; ROWS is the number of samples):
 *   vmstat    a line of column groups above the names, the header again
 *             every few rows, a "yyyy-MM-dd HH:mm:ss" stamp last under "UTC"
 *   iostat    a banner with the date, then per sample: a stamp line with
 *             AM/PM (crossing noon), an "avg-cpu:" table of one row, a
 *             Device table of a row per device, blank lines between
 *   mpstat    a banner with a two-digit-year date, per sample a header that
 *             starts with the clock (AM/PM, crossing midnight) and a row
 *             for all CPUs and one per CPU, "Average:" lines at the end
 *   dmon      '#' header and units lines, a row per GPU, "-" for a missing
 *             value, the two lines again every 10 samples, no time
 *   top       per sample a summary ("top - HH:mm:ss up ...", "Tasks: ...")
 *             then a process table whose commands have blanks
 *   free      per sample a header of names and rows named "Mem:", "Swap:"
 *   df        one snapshot; the header's last name is two words
 *   matrix    a range query's answer: {"status": ..., "data": {"result":
 *             [{"metric": {labels}, "values": [[epoch, "value"], ...]}]}},
 *             a series per CPU and mode (ROWS samples each)
 *
 * The labelled shapes (units, hostile, envelope, jsonl) have two classes,
 * "normal" and one in ten "fault", whose metrics sit higher, so a linear
 * model separates them. Same seed, same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ll_rng.h"

/* The UTC stamp of t seconds after 2024-05-01 00:00:00 (1714521600). */
static void stamp(char *buf, size_t cap, long t, const char *fmt)
{
	time_t tt = (time_t)(1714521600L + t);
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, cap, fmt, &tm);
}

static int fault(struct ll_rng *r)
{
	return ll_rng_uniform(r) < 0.1;
}

static void sadf(FILE *f, size_t n, struct ll_rng *r)
{
	fputs("# hostname;interval;timestamp;CPU;%user;%system;%iowait;%idle\n", f);
	for (size_t i = 0; i < n; i++) {
		char ts[64];
		stamp(ts, sizeof ts, (long)i * 10, "%Y-%m-%d %H:%M:%S UTC");
		if (i == n / 2)
			fprintf(f, "node1;-1;%s;LINUX-RESTART\t(8 CPU)\n", ts);
		double u = 5 + 20 * ll_rng_uniform(r), s = 2 + 5 * ll_rng_uniform(r), w = ll_rng_uniform(r);
		fprintf(f, "node1;10;%s;-1;%.2f;%.2f;%.2f;%.2f\n", ts, u, s, w, 100 - u - s - w);
	}
}

static void zeek(FILE *f, size_t n, struct ll_rng *r)
{
	fputs("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
	      "#open\t2024-05-01-00-00-00\n"
	      "#fields\tts\tuid\tid.orig_h\tid.resp_p\tproto\tduration\torig_bytes\tconn_state\n"
	      "#types\ttime\tstring\taddr\tport\tenum\tinterval\tcount\tstring\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		int unset = ll_rng_below(r, 5) == 0;
		fprintf(f, "%.6f\tC%06zx\t10.0.%u.%u\t%u\t%s\t", 1714521600.0 + (double)i * 0.75 + ll_rng_uniform(r) * 0.5,
			i, (unsigned)ll_rng_below(r, 4), (unsigned)ll_rng_below(r, 250), i % 3 ? 443u : 53u,
			i % 3 ? "tcp" : "udp");
		if (unset)
			fputs("-\t-\tS0\n", f);
		else
			fprintf(f, "%.6f\t%u\tSF\n", ll_rng_uniform(r) * 2, (unsigned)ll_rng_below(r, 100000));
	}
	fputs("#close\t2024-05-01-01-00-00\n", f);
}

static void rframe(FILE *f, size_t n, struct ll_rng *r)
{
	static const char *const species[] = {"setosa", "versicolor", "virginica"};
	fputs("\"\",\"len\",\"width\",\"depth\",\"site\",\"league\",\"new_league\",\"wild\",\"species\"\n", f);
	for (size_t i = 0; i < n; i++) {
		size_t k = i * 3 / n; /* sorted by class, as R data sets often are */
		char depth[32] = "NA";
		if (i % 11 != 5)
			snprintf(depth, sizeof depth, "%.3f", 1.0 + ll_rng_gauss(r, 0.5));
		const char *site = i == 0 ? "" : i % 2 ? "north" : "south";
		const char *league = i == 1 || i % 3 ? "N" : "A";
		fprintf(f, "\"%zu\",%.3f,%.3f,%s,\"%s\",\"%s\",\"%s\",%s,\"%s\"\n", i + 1,
			4.0 + 1.5 * (double)k + ll_rng_gauss(r, 0.4), 3.0 - 0.5 * (double)k + ll_rng_gauss(r, 0.3), depth,
			site, league, i == 1 ? "N" : league, ll_rng_uniform(r) < 0.5 ? "TRUE" : "FALSE", species[k]);
	}
}

static void units(FILE *f, size_t n, struct ll_rng *r)
{
	fputs("time,cpu,mem,rx,latency,requests,class\n", f);
	for (size_t i = 0; i < n; i++) {
		char ts[64];
		int bad = fault(r);
		stamp(ts, sizeof ts, (long)i * 15, "%Y-%m-%dT%H:%M:%S");
		long req = 1000 + (long)ll_rng_below(r, 900000);
		fprintf(f, "%s,%.0f%%,%.2fG,%uKiB,%.0fms,\"%ld,%03ld\",%s\n", ts, 20 + 15 * ll_rng_uniform(r) + (bad ? 40 : 0),
			2 + ll_rng_uniform(r) + (bad ? 3 : 0), (unsigned)(100 + ll_rng_below(r, 900)),
			50 + 100 * ll_rng_uniform(r) + (bad ? 400 : 0), req / 1000, req % 1000, bad ? "fault" : "normal");
	}
}

static void hostile(FILE *f, size_t n, struct ll_rng *r)
{
	fputs("\xEF\xBB\xBFtime,host,msg,load,load,empty,const,code,label\r\n", f);
	for (size_t i = 0; i < n; i++) {
		char ts[64];
		int bad = fault(r);
		stamp(ts, sizeof ts, (long)i * 5, "%Y-%m-%d %H:%M:%S");
		const char *msg = i % 7 == 0 ? "\"disk, full\nretrying\"" : i % 5 == 0 ? "\"said \"\"hi\"\"\"" : "ok";
		char code[16];
		snprintf(code, sizeof code, i < 1000 ? "%u" : "E%u", (unsigned)ll_rng_below(r, 10));
		fprintf(f, "%s,h%zu,%s,%.3f,%.3f,,7,%s,%s\r\n", ts, i % 4, msg, ll_rng_gauss(r, 1) + (bad ? 4 : 0),
			ll_rng_gauss(r, 1) + (bad ? 3 : 0), code, bad ? "fault" : "normal");
	}
}

static void wide(FILE *f, size_t n, struct ll_rng *r)
{
	enum { COLS = 1200 };
	fputs("timestamp", f);
	for (int j = 0; j < COLS; j++)
		fprintf(f, ",m%d", j);
	fputc('\n', f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%ld", 1714521600L + (long)i * 60);
		for (int j = 0; j < COLS; j++)
			fprintf(f, ",%.2f", ll_rng_uniform(r) * 100);
		fputc('\n', f);
	}
}

static void disorder(FILE *f, size_t n, struct ll_rng *r)
{
	fputs("timestamp,value\n", f);
	for (size_t i = 0; i < n; i++) {
		/* rows in pairs swapped, every tenth repeated, a gap after the middle */
		size_t k = i % 2 ? i - 1 : (i + 1 < n ? i + 1 : i);
		long t = (long)k * 30 + (k >= n / 2 ? 3600 : 0);
		char ts[64];
		if (k % 2)
			stamp(ts, sizeof ts, t + 7200, "%Y-%m-%dT%H:%M:%S+02:00");
		else
			stamp(ts, sizeof ts, t, "%Y-%m-%dT%H:%M:%SZ");
		double v = ll_rng_gauss(r, 1);
		fprintf(f, "%s,%.4f\n", ts, v);
		if (i % 10 == 0)
			fprintf(f, "%s,%.4f\n", ts, v);
	}
}

/* One record of the JSON shapes; ns: epoch stamps in nanoseconds, else ms. */
static void record(FILE *f, size_t i, struct ll_rng *r, int ns)
{
	int bad = fault(r);
	long long t = 1714521600LL * 1000 + (long long)i * 1000;
	fprintf(f, "{\"%s\": %lld", ns ? "ts" : "timestamp", ns ? t * 1000000LL : t);
	if (i % 13)
		fprintf(f, ", \"host\": {\"name\": \"h%zu\", \"zone\": \"z%zu\"}", i % 4, i % 2);
	if (i % 17 == 0)
		fputs(", \"cpu\": \"n/a\"", f);
	else
		fprintf(f, ", \"cpu\": %.3f", 20 + 10 * ll_rng_uniform(r) + (bad ? 50 : 0));
	if (i % 19 == 0)
		fputs(", \"mem\": null", f);
	else if (i % 11)
		fprintf(f, ", \"mem\": %.3f", 1 + ll_rng_uniform(r) + (bad ? 2 : 0));
	if (i % 23 == 0)
		fputs(", \"tags\": [\"a\", \"b\"], \"note\": \"maintenance\"", f);
	fprintf(f, ", \"label\": \"%s\"}", bad ? "fault" : "normal");
}

static void envelope(FILE *f, size_t n, struct ll_rng *r)
{
	fputs("{\"kind\": \"MetricList\", \"metadata\": {\"generated\": \"2024-05-01T00:00:00Z\", \"count\": ", f);
	fprintf(f, "%zu}, \"items\": [\n", n);
	for (size_t i = 0; i < n; i++) {
		record(f, i, r, 0);
		fputs(i + 1 < n ? ",\n" : "\n", f);
	}
	fputs("]}\n", f);
}

static void jsonl(FILE *f, size_t n, struct ll_rng *r)
{
	for (size_t i = 0; i < n; i++) {
		record(f, i, r, 1);
		fputc('\n', f);
	}
}

static void sections(FILE *f, size_t n, struct ll_rng *r)
{
	char ts[64];
	fputs("# hostname;interval;timestamp;CPU;%user;%idle\n", f);
	for (size_t i = 0; i < n; i++) {
		stamp(ts, sizeof ts, (long)i * 10, "%Y-%m-%d %H:%M:%S UTC");
		for (int cpu = -1; cpu < 4; cpu++) {
			if (cpu == 2 && i % 7 == 3)
				continue; /* a CPU missing from a report */
			double u = 5 + 20 * ll_rng_uniform(r) + (cpu == 0 ? 50 : 0);
			fprintf(f, "node1;10;%s;%d;%.2f;%.2f\n", ts, cpu, u, 100 - u);
		}
	}
	fputs("# hostname;interval;timestamp;proc/s;cswch/s\n", f);
	for (size_t i = 0; i < n; i++) {
		stamp(ts, sizeof ts, (long)i * 10, "%Y-%m-%d %H:%M:%S UTC");
		fprintf(f, "node1;10;%s;%.2f;%.2f\n", ts, 3 + ll_rng_uniform(r), 5e4 + 1e4 * ll_rng_uniform(r));
	}
	fputs("# hostname;interval;timestamp;IFACE;rxpck/s;txpck/s\n", f);
	for (size_t i = 0; i < n; i++) {
		stamp(ts, sizeof ts, (long)i * 10, "%Y-%m-%d %H:%M:%S UTC");
		fprintf(f, "node1;10;%s;lo;%.2f;%.2f\n", ts, 10 * ll_rng_uniform(r), 10 * ll_rng_uniform(r));
		fprintf(f, "node1;10;%s;eth0;%.2f;%.2f\n", ts, 900 + 100 * ll_rng_uniform(r), 500 * ll_rng_uniform(r));
	}
	fputs("# hostname;interval;timestamp;INTR;CPU*\n", f);
	for (size_t i = 0; i < n; i++) {
		stamp(ts, sizeof ts, (long)i * 10, "%Y-%m-%d %H:%M:%S UTC");
		int cpus = i % 5 == 4 ? 5 : 4; /* a CPU comes and goes */
		for (int irq = 0; irq < 3; irq++) {
			fprintf(f, "node1;10;%s;%s", ts, irq == 0 ? "sum" : irq == 1 ? "0" : "LOC");
			for (int c = 0; c < cpus; c++)
				fprintf(f, ";%.2f", 100 * ll_rng_uniform(r));
			fputc('\n', f);
		}
	}
	stamp(ts, sizeof ts, (long)n * 10 + 600, "%Y-%m-%d %H:%M:%S UTC");
	fprintf(f, "node1;-1;%s;LINUX-RESTART\t(4 CPU)\n", ts);
	/* the first table again, for one time after the restart */
	fputs("# hostname;interval;timestamp;CPU;%user;%idle\n", f);
	stamp(ts, sizeof ts, (long)n * 10 + 630, "%Y-%m-%d %H:%M:%S UTC");
	for (int cpu = -1; cpu < 4; cpu++)
		fprintf(f, "node1;10;%s;%d;%.2f;%.2f\n", ts, cpu, 7.0, 93.0);
}

static void long_table(FILE *f, size_t n, struct ll_rng *r)
{
	static const char *const metrics[] = {"cpu_usage", "mem_used"};
	fputs("time,host,metric,value\n", f);
	for (size_t i = 0; i < n; i++) {
		char ts[64];
		stamp(ts, sizeof ts, (long)i * 15, "%Y-%m-%dT%H:%M:%SZ");
		for (int h = 0; h < 3; h++)
			for (int m = 0; m < 2; m++)
				fprintf(f, "%s,web%d,%s,%.4f\n", ts, h, metrics[m], (h + 1) * 10 + m * 1000 + ll_rng_uniform(r));
	}
}

static void stamps(FILE *f, size_t n, struct ll_rng *r)
{
	fputs("dotted,ymd,dmy,ts_ms,compact,timestamp,value\n", f);
	for (size_t i = 0; i < n; i++) {
		long t = (long)i * 3600;
		char a[64], b[64], c[64], d[64], e[64];
		stamp(a, sizeof a, t, "%d.%m.%Y %H:%M");
		stamp(b, sizeof b, t, "%Y/%m/%d %H:%M");
		stamp(c, sizeof c, t + 5, "%d/%m/%Y %H:%M:%S");
		stamp(d, sizeof d, t + 5, "%Y%m%dT%H%M%SZ");
		stamp(e, sizeof e, t + 5, "%Y%m%d%H%M%S");
		fprintf(f, "%s,%s,%s,%ld,%s,%s,%.3f\n", a, b, c, (1714521600L + t) * 1000 + 5000, d, e,
			ll_rng_gauss(r, 1));
	}
}

static void matrix(FILE *f, size_t n, struct ll_rng *r)
{
	static const char *const modes[] = {"idle", "user", "system"};
	fputs("{\"status\": \"success\", \"data\": {\"resultType\": \"matrix\", \"result\": [", f);
	for (int s = 0; s < 6; s++) {
		fprintf(f, "%s\n {\"metric\": {\"__name__\": \"node_cpu_seconds_total\", \"cpu\": \"%d\", "
			   "\"instance\": \"node1:9100\", \"mode\": \"%s\"}, \"values\": [",
			s ? "," : "", s / 3, modes[s % 3]);
		double acc = 1000.0 * (s + 1);
		for (size_t i = 0; i < n; i++) {
			acc += 15 * ll_rng_uniform(r);
			fprintf(f, "%s[%.3f, \"%.2f\"]", i ? ", " : "", 1714521600.0 + (double)i * 15, acc);
		}
		fputs("]}", f);
	}
	fputs("]}}\n", f);
}

static void meter(FILE *f, size_t n, struct ll_rng *r)
{
	fputs("Meter;DE0000000000000000000000000000001\nDate;Time;Value (kWh);Status\n", f);
	for (size_t i = 0; i < n; i++) {
		time_t tt = (time_t)(1714521600L + (long)i * 905);
		struct tm tm;
		gmtime_r(&tt, &tm);
		double v = 0.05 + 0.02 * ll_rng_uniform(r);
		fprintf(f, "%d.%d.%d;%d:%d:%d;0,%03d;W\n", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
			tm.tm_min, tm.tm_sec, (int)(v * 1000));
	}
}

/* ---- tables aligned with blanks ---- */

static int pick(struct ll_rng *r, int lo, int hi)
{
	int v = lo + (int)(ll_rng_uniform(r) * (hi - lo + 1));
	return v > hi ? hi : v;
}

/* The clock of t seconds into a day, 12-hour with AM/PM. */
static void clock12(char *buf, size_t cap, long t)
{
	long s = t % 86400;
	int h = (int)(s / 3600), h12 = h % 12 ? h % 12 : 12;
	snprintf(buf, cap, "%02d:%02d:%02d %s", h12, (int)(s / 60 % 60), (int)(s % 60), h < 12 ? "AM" : "PM");
}

static void vmstat(FILE *f, size_t n, struct ll_rng *r)
{
	static const char *const names[] = {"r", "b", "swpd", "free", "buff", "cache", "si", "so", "bi",
					    "bo", "in", "cs", "us", "sy", "id", "wa", "st"};
	int w = pick(r, 3, 8), every = pick(r, 5, 20);
	for (size_t i = 0; i < n; i++) {
		if (i % (size_t)every == 0) {
			fputs("procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu----- "
			      "-----timestamp-----\n", f);
			for (size_t c = 0; c < 17; c++)
				fprintf(f, c == 0 ? "%*s" : " %*s", c == 0 ? 2 : w, names[c]);
			fprintf(f, "%*s\n", 20, "UTC");
		}
		int us = pick(r, 0, 60), sy = pick(r, 0, 20), wa = pick(r, 0, 10);
		long v[17] = {pick(r, 0, 9), pick(r, 0, 2), 0, 20000000 + pick(r, 0, 99999), 21588, 1090360,
			      0, 0, pick(r, 0, 9000), pick(r, 0, 12000), pick(r, 300, 1100), pick(r, 700, 1300),
			      us, sy, 100 - us - sy - wa, wa, 0};
		for (size_t c = 0; c < 17; c++)
			fprintf(f, c == 0 ? "%*ld" : " %*ld", c == 0 ? 2 : w, v[c]);
		char ts[32];
		stamp(ts, sizeof ts, (long)i, "%Y-%m-%d %H:%M:%S");
		fprintf(f, " %s\n", ts);
	}
}

static void iostat(FILE *f, size_t n, struct ll_rng *r)
{
	static const char *const devs[] = {"sda", "sdb", "nvme0n1", "dm-0"};
	int ndev = pick(r, 2, 4), w = pick(r, 8, 11);
	fputs("Linux 6.1.0-13-amd64 (node7) \t05/01/2024 \t_x86_64_\t(4 CPU)\n\n", f);
	for (size_t i = 0; i < n; i++) {
		char ck[32];
		clock12(ck, sizeof ck, 43190 + (long)i); /* 11:59:50 AM on */
		fprintf(f, "05/01/2024 %s\navg-cpu:  %%user   %%nice %%system %%iowait  %%steal   %%idle\n", ck);
		int u = pick(r, 0, 50), s = pick(r, 0, 20);
		fprintf(f, "%*d.00%*d.00%*d.00%*d.00%*d.00%*d.00\n\n", 13, u, 5, 0, 5, s, 5, 1, 5, 0, 5, 99 - u - s);
		fprintf(f, "%-14s%*s%*s%*s%*s%*s\n", "Device", w, "r/s", w, "w/s", w, "rkB/s", w, "wkB/s", w, "%util");
		for (int d = 0; d < ndev; d++)
			fprintf(f, "%-14s%*.2f%*.2f%*.2f%*.2f%*.2f\n", devs[d], w, 10 * ll_rng_uniform(r), w,
				20 * ll_rng_uniform(r), w, 800 * ll_rng_uniform(r), w, 3000 * ll_rng_uniform(r), w,
				(double)d + 1 + (double)i / 1000);
		fputs("\n\n", f);
	}
}

static void mpstat(FILE *f, size_t n, struct ll_rng *r)
{
	int ncpu = pick(r, 2, 6);
	fprintf(f, "Linux 5.15.0-91-generic (db-3) \t04/30/24 \t_x86_64_\t(%d CPU)\n\n", ncpu);
	const char *hdr = "    CPU    %usr   %nice    %sys %iowait   %idle\n";
	for (size_t i = 0; i <= n; i++) {
		char ck[32];
		clock12(ck, sizeof ck, 86397 + (long)i); /* 11:59:57 PM on */
		if (i < n)
			fprintf(f, "%s%s", ck, hdr);
		if (i == 0)
			continue;
		for (int c = -1; c < ncpu; c++) {
			double u = 40 * ll_rng_uniform(r), s = 10 * ll_rng_uniform(r);
			char cpu[8];
			snprintf(cpu, sizeof cpu, c < 0 ? "all" : "%d", c);
			fprintf(f, "%s %6s %7.2f %7.2f %7.2f %7.2f %7.2f\n", ck, cpu, u, 0.0, s, 0.0, 100 - u - s);
		}
		fputs("\n", f);
	}
	fprintf(f, "Average:%s", hdr + 3);
	for (int c = -1; c < ncpu; c++)
		fprintf(f, "Average: %6s %7.2f %7.2f %7.2f %7.2f %7.2f\n", c < 0 ? "all" : "0", 20.0, 0.0, 5.0, 0.0,
			75.0);
}

static void dmon(FILE *f, size_t n, struct ll_rng *r)
{
	int ngpu = pick(r, 2, 4);
	for (size_t i = 0; i < n; i++) {
		if (i % 10 == 0)
			fputs("# gpu   pwr gtemp mtemp    sm   mem\n# Idx     W     C     C     %     %\n", f);
		for (int g = 0; g < ngpu; g++)
			fprintf(f, "%5d %5d %5d %5s %5d %5d\n", g, pick(r, 40, 250), pick(r, 35, 80), "-", pick(r, 0, 100),
				pick(r, 0, 100));
	}
}

static void top(FILE *f, size_t n, struct ll_rng *r)
{
	static const char *const cmd[] = {"postgres: writer", "python3 train.py --epochs 5", "sshd: admin [priv]",
					  "nginx", "kworker/0:1-events", "containerd"};
	for (size_t i = 0; i < n; i++) {
		char ts[32];
		stamp(ts, sizeof ts, 3600 * 9 + 3 * (long)i, "%H:%M:%S");
		fprintf(f, "top - %s up 3 days,  2:01,  1 user,  load average: 0.%d, 0.40, 0.30\n", ts, pick(r, 0, 9));
		fputs("Tasks: 193 total,   1 running, 192 sleeping,   0 stopped,   0 zombie\n"
		      "%Cpu(s):  1.2 us,  0.4 sy,  0.0 ni, 98.3 id,  0.0 wa,  0.0 hi,  0.1 si,  0.0 st\n\n", f);
		fputs("    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n", f);
		for (int p = 0; p < 6; p++)
			fprintf(f, "%7d %-8s  20   0 %7d %6d %6d S %5.1f %5.1f %6d:%02d.%02d %s\n", 1000 + 17 * p,
				p == 1 ? "alice" : "root", 100000 + p, 9000 + pick(r, 0, 999), 4000, 30 * ll_rng_uniform(r),
				0.5 * p, p, (int)(i % 60), p, cmd[p]);
		fputs("\n", f);
	}
}

static void freemem(FILE *f, size_t n, struct ll_rng *r)
{
	int w = pick(r, 11, 14);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%*s%*s%*s%*s%*s%*s\n", 5 + w, "total", w, "used", w, "free", w, "shared", w, "buff/cache",
			w, "available");
		long used = 800000 + pick(r, 0, 99999);
		fprintf(f, "%-5s%*ld%*ld%*ld%*d%*d%*ld\n", "Mem:", w, 24683756L, w, used, w, 22000000L - used, w, 10128,
			w, 1290544, w, 23000000L - used);
		fprintf(f, "%-5s%*d%*d%*d\n\n", "Swap:", w, 0, w, 0, w, 0);
	}
}

static void df(FILE *f, size_t n, struct ll_rng *r)
{
	fputs("Filesystem     1K-blocks     Used Available Use% Mounted on\n", f);
	for (size_t i = 0; i < n; i++) {
		long size = 1000000L * pick(r, 1, 500), used = size / 100 * pick(r, 1, 99);
		fprintf(f, "/dev/sd%c%-7d %10ld %8ld %9ld %3ld%% /mnt/disk%zu\n", 'a' + (int)(i % 26), (int)(i / 26) + 1,
			size, used, size - used, used * 100 / size, i);
	}
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*write)(FILE *, size_t, struct ll_rng *);
	} shapes[] = {{"sadf", sadf},	  {"zeek", zeek},	  {"units", units},	      {"hostile", hostile},
		      {"wide", wide},	  {"disorder", disorder}, {"envelope", envelope}, {"jsonl", jsonl},
		      {"sections", sections}, {"long", long_table}, {"stamps", stamps}, {"matrix", matrix},
		      {"meter", meter}, {"rframe", rframe}, {"vmstat", vmstat}, {"iostat", iostat}, {"mpstat", mpstat}, {"dmon", dmon},
		      {"top", top},	  {"free", freemem}, {"df", df}};
	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: gen_tables SHAPE FILE [ROWS [SEED]]\n");
		return 1;
	}
	size_t k = 0, nshapes = sizeof shapes / sizeof *shapes;
	while (k < nshapes && strcmp(shapes[k].name, argv[1]) != 0)
		k++;
	if (k == nshapes) {
		fprintf(stderr, "gen_tables: unknown shape '%s'\n", argv[1]);
		return 1;
	}
	size_t rows = argc > 3 ? strtoul(argv[3], NULL, 10) : 2000;
	struct ll_rng *r = ll_rng_new(argc > 4 ? strtoull(argv[4], NULL, 10) : 1);
	FILE *f = fopen(argv[2], "wb");
	if (!r || !f || rows == 0) {
		if (f)
			fclose(f);
		ll_rng_free(r);
		fprintf(stderr, "gen_tables: cannot write %s\n", argv[2]);
		return rows == 0 ? 1 : 3;
	}
	shapes[k].write(f, rows, r);
	int bad = ferror(f) | (fclose(f) != 0);
	ll_rng_free(r);
	if (bad) {
		perror(argv[2]);
		return 3;
	}
	return 0;
}
