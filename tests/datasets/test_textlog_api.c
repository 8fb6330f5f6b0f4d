/*
 * test_textlog_api.c - the building blocks the text-log readers share
 * (ds_textlog.h, ds_reader.h), each on its own: the line cursor on tricky
 * lines (blanks only, tabs, signs, a token at the end), the program[pid]
 * splitter's loghub rule, the syslog clock's shape, sniff fractions and
 * scores, the generic line loader (fields, labels, CRLF, misfits and
 * their note, binary refusal, a per-line hook), time parsing through a
 * format, the text a line's templates are mined from, format names
 * that carry options, reader binding, preparation and sampling, the
 * reader registry's families, and a source's year.
 * Test files of the readers themselves are test_textlog.c and
 * test_header.c.
 */
#include "harness.h"

#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "ds_header.h"
#include "ds_reader.h"
#include "ds_source.h"
#include "ds_textlog.h"
#include "ll_table.h"
#include "ll_time.h"

static char dir[256];

static const char *write_file(const char *name, const char *data, size_t n)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, n, f);
	fclose(f);
	return path;
}

static int span_is(const char *line, struct ds_span sp, const char *want)
{
	return sp.len == strlen(want) && memcmp(line + sp.off, want, sp.len) == 0;
}

static void test_cursor(void)
{
	struct ds_cur c;
	struct ds_span sp;
	const char *line = " \t abc  12 -7 - x9 INFO Warn END \t ";
	ds_cur_init(&c, line, strlen(line));
	CHECK_INT(c.i, 3);                 /* leading blanks skipped */
	CHECK_INT(c.n, strlen(line) - 3); /* trailing ones trimmed */
	CHECK_INT(ds_cur_blanks(&c), 0);   /* none here */
	CHECK_INT(ds_cur_digits(&c, &sp, 1), 0);
	CHECK_INT(c.i, 3); /* a refusal leaves the cursor */
	CHECK_INT(ds_cur_level(&c, &sp), 0);
	CHECK_INT(c.i, 3);
	CHECK_INT(ds_cur_char(&c, 'x'), 0);
	CHECK_INT(ds_cur_char(&c, 'a'), 1);
	CHECK_INT(ds_cur_field(&c, &sp, 0), 1);
	CHECK(span_is(line, sp, "bc"));
	CHECK_INT(ds_cur_digits(&c, &sp, 0), 1);
	CHECK(span_is(line, sp, "12"));
	CHECK_INT(ds_cur_blanks(&c), 1);
	CHECK_INT(ds_cur_digits(&c, &sp, 0), 0); /* "-7" needs sign */
	CHECK_INT(ds_cur_digits(&c, &sp, 1), 1);
	CHECK(span_is(line, sp, "-7"));
	ds_cur_blanks(&c);
	CHECK_INT(ds_cur_digits(&c, &sp, 1), 0); /* "-" alone is no number */
	CHECK_INT(ds_cur_field(&c, &sp, 0), 1);
	CHECK(span_is(line, sp, "-"));
	CHECK_INT(ds_cur_digits(&c, &sp, 1), 0); /* "x9" */
	CHECK_INT(ds_cur_field(&c, &sp, 0), 1);
	CHECK_INT(ds_cur_level(&c, &sp), 1);
	CHECK(span_is(line, sp, "INFO"));
	ds_cur_blanks(&c);
	CHECK_INT(ds_cur_level(&c, &sp), 0); /* "Warn": not all upper case */
	CHECK_INT(ds_cur_field(&c, &sp, 0), 1);
	/* the last token: a field only when it may end the line */
	CHECK_INT(ds_cur_field(&c, &sp, 0), 0);
	size_t at = c.i;
	CHECK_INT(ds_cur_field(&c, &sp, 1), 1);
	CHECK(span_is(line, sp, "END"));
	CHECK(c.i == c.n);
	c.i = at;
	ds_cur_rest(&c, &sp);
	CHECK(span_is(line, sp, "END"));
	CHECK(c.i == c.n);
	/* at the end everything refuses and the rest is empty */
	CHECK_INT(ds_cur_token(&c, &sp), 0);
	CHECK_INT(ds_cur_blanks(&c), 0);
	CHECK_INT(ds_cur_char(&c, 'E'), 0);
	ds_cur_rest(&c, &sp);
	CHECK_INT(sp.len, 0);

	/* a line of blanks only, and an empty one */
	ds_cur_init(&c, " \t  ", 4);
	CHECK(c.i >= c.n);
	CHECK_INT(ds_cur_token(&c, &sp), 0);
	ds_cur_init(&c, "", 0);
	CHECK_INT(ds_cur_token(&c, &sp), 0);
	ds_cur_rest(&c, &sp);
	CHECK_INT(sp.len, 0);
	/* a blank run that ends the line is no separator: init trimmed it, and
	 * a cursor over an untrimmed span refuses it */
	struct ds_cur raw = {"ab  ", 2, 4};
	CHECK_INT(ds_cur_blanks(&raw), 0);
	CHECK_INT(raw.i, 2);
	CHECK(ds_is_blank(' ') && ds_is_blank('\t') && !ds_is_blank('\n') && !ds_is_blank('\r'));
	CHECK(ds_is_digit('0') && ds_is_digit('9') && !ds_is_digit('a') && !ds_is_digit('/'));
}

/* prog, pid and msg of a tail, or "NONE". */
static const char *split(const char *tail)
{
	static char out[256];
	struct ds_cur c;
	struct ds_span prog, pid, msg;
	ds_cur_init(&c, tail, strlen(tail));
	if (!ds_split_program(&c, &prog, &pid, &msg))
		return "NONE";
	snprintf(out, sizeof out, "%.*s|%.*s|%.*s", (int)prog.len, tail + prog.off, (int)pid.len, tail + pid.off,
		 (int)msg.len, tail + msg.off);
	return out;
}

static void test_split_program(void)
{
	CHECK_STR(split("sshd[123]: Accepted password"), "sshd|123|Accepted password");
	CHECK_STR(split("kernel: [281848.6] usb 1-1"), "kernel||[281848.6] usb 1-1");
	CHECK_STR(split("CRON[9]:   (root) CMD"), "CRON|9|(root) CMD");
	CHECK_STR(split("su: "), "su||");
	CHECK_STR(split("su:"), "su||"); /* ':' at the line's end */
	CHECK_STR(split("a:b c: d"), "a:b c||d"); /* a ':' needs a blank after it */
	CHECK_STR(split("app[x]y: z"), "app[x]y||z"); /* no "]:": the bracket is the name's */
	CHECK_STR(split("a[b: c]: d"), "a|b: c|d");  /* the later "]:" closes the pid */
	CHECK_STR(split("[7]: m"), "|7|m");
	CHECK_STR(split("no colon here"), "NONE");
	CHECK_STR(split("time:12:00"), "NONE");
	CHECK_STR(split(""), "NONE");
}

/* host, program, pid and message of a syslog line, or "NONE". */
static const char *syslog_fields(const char *line)
{
	static char out[512];
	struct ds_span f[DS_MAX_FIELDS], label;
	if (!ds_syslog_format.split(line, strlen(line), f, &label))
		return "NONE";
	snprintf(out, sizeof out, "%.*s|%.*s|%.*s|%.*s", (int)f[1].len, line + f[1].off, (int)f[2].len,
		 line + f[2].off, (int)f[3].len, line + f[3].off, (int)f[4].len, line + f[4].off);
	return out;
}

/* A pid closed by "] " with the program's ':' further on (ProFTPD's server
 * and client before it): the word before the bracket is the program, the
 * rest of the line the message; a bracket that holds no number, or one
 * glued to the text after it, stays the program's. */
static void test_syslog_pid_before_text(void)
{
	CHECK_STR(syslog_fields("Mar  4 10:00:01 ftp1 proftpd[4410] ftp1.lan (10.0.0.9[10.0.0.9]): USER bob: "
				"Login successful."),
		  "ftp1|proftpd|4410|ftp1.lan (10.0.0.9[10.0.0.9]): USER bob: Login successful.");
	CHECK_STR(syslog_fields("Mar  4 10:00:01 ftp1 proftpd[4410] ftp1.lan: ProFTPD killed (signal 15)"),
		  "ftp1|proftpd|4410|ftp1.lan: ProFTPD killed (signal 15)");
	CHECK_STR(syslog_fields("Mar  4 10:00:01 ftp1 sshd[7]: Accepted key"), "ftp1|sshd|7|Accepted key");
	CHECK_STR(syslog_fields("Mar  4 10:00:01 ftp1 app[x] y: z"), "ftp1|app[x] y||z");
	CHECK_STR(syslog_fields("Mar  4 10:00:01 ftp1 app[12]x y: z"), "ftp1|app[12]x y||z");
	CHECK_STR(syslog_fields("Mar  4 10:00:01 ftp1 two words[12] y: z"), "ftp1|two words[12] y||z");
	/* a level where the program goes, no host: the level opens the
	 * message, no program has its name (in any case) */
	CHECK_STR(syslog_fields("Jun 23 15:04:05 Info: imap-login: Login: user=<a>"), "|||Info: imap-login: Login: user=<a>");
	CHECK_STR(syslog_fields("Jun 23 15:04:05 WARNING: disk full"), "|||WARNING: disk full");
	CHECK_STR(syslog_fields("Jun 23 15:04:05 h1 Info: x"), "h1|Info||x");
	CHECK_STR(syslog_fields("Jun 23 15:04:05 kernel: x"), "|kernel||x");
	/* after an RFC 3339 stamp, where a program with a blank is refused */
	CHECK_STR(syslog_fields("2024-03-04T10:00:01Z ftp1 proftpd[4410] ftp1.lan (h[10.0.0.9]): FTP session opened."),
		  "ftp1|proftpd|4410|ftp1.lan (h[10.0.0.9]): FTP session opened.");
}

/* A program of several words: its last word when the words before it are
 * an address or hold a parenthesised group (what a relay or a device
 * writes before the tag); a name with blanks of its own stays whole, and
 * so do words before a tag with neither. */
static void test_syslog_last_word_program(void)
{
	CHECK_STR(syslog_fields("<30>Mar 27 08:33:01 gw1.lan 10.20.0.1 dhcpd[7024]: DHCPOFFER on 10.1.0.5"),
		  "gw1.lan|dhcpd|7024|DHCPOFFER on 10.1.0.5");
	CHECK_STR(syslog_fields("<30>Mar 27 08:33:01 gw1.lan fe80::1 dhcpd[7024]: x"), "gw1.lan|dhcpd|7024|x");
	CHECK_STR(syslog_fields("<142>May 10 15:19:05 fw SERIAL0042 (2025-05-10T09:49:05) firewall[10]: up"),
		  "fw|firewall|10|up");
	CHECK_STR(syslog_fields("<158>May  4 05:16:01 edge-1 (FPC Slot 2, PIC Slot 0) PFE_FW_SYSLOG_IP: FW: x"),
		  "edge-1|PFE_FW_SYSLOG_IP||FW: x");
	CHECK_STR(syslog_fields("Oct 11 22:14:15 mac Google Chrome Helper[311]: started"),
		  "mac|Google Chrome Helper|311|started");
	CHECK_STR(syslog_fields("Dec 12 05:11:05 ise PURGE 2025-12-12 04:16:26.526 +0100 60198 INFO null: x"),
		  "ise|PURGE 2025-12-12 04:16:26.526 +0100 60198 INFO null||x");
	/* a last word that is no tag, or an address that is not one */
	CHECK_STR(syslog_fields("Mar 27 08:33:01 gw1 10.20.0.1 (x)[7]: y"), "gw1|10.20.0.1 (x)|7|y");
	CHECK_STR(syslog_fields("Mar 27 08:33:01 gw1 10.20 dhcpd[7]: y"), "gw1|10.20 dhcpd|7|y");
	CHECK_STR(syslog_fields("Jun 21 16:50:00 machine test-demo(pam_unix) F2B: failure"),
		  "machine|test-demo(pam_unix) F2B||failure");
}

/* An RFC 5424 line among BSD lines (a relay forwarding both kinds): its
 * host, application, numeric process id and message in the syslog
 * columns; without its <pri> it is not taken, a procid that is no number
 * is left out; a file mostly of such lines is the rfc5424 reader's. */
static void test_syslog_rfc5424_line(void)
{
	CHECK_STR(syslog_fields("<27>1 2021-07-03T22:17:01.074560-05:00 gw.example.org vpnd 66026 - - TLS Error: x"),
		  "gw.example.org|vpnd|66026|TLS Error: x");
	CHECK_STR(syslog_fields("<36>1 2021-07-03T22:40:38Z gw vpnd - ID7 [a b=\"1\"] user 'x' failed"),
		  "gw|vpnd||user 'x' failed");
	CHECK_STR(syslog_fields("<36>1 2021-07-03T22:40:38Z gw vpnd w3 - - m"), "gw|vpnd||m");
	CHECK_STR(syslog_fields("1 2021-07-03T22:40:38Z gw vpnd 12 - - m"), "NONE");
	CHECK_STR(syslog_fields("<29>Jul  3 21:42:57 vpnd[66026]: peer info"), "|vpnd|66026|peer info");
	const char *mostly = "<36>1 2021-07-03T22:40:38Z gw vpnd 1 - - a\n<36>1 2021-07-03T22:40:39Z gw vpnd 1 - - b\n"
			     "<29>Jul  3 21:42:57 vpnd[66026]: c\n";
	CHECK_INT(ds_reader_syslog.sniff("x.log", mostly, strlen(mostly)), 0);
	CHECK(ds_reader_rfc5424.sniff("x.log", mostly, strlen(mostly)) > 0);
	const char *few = "<29>Jul  3 21:42:57 vpnd[66026]: a\n<29>Jul  3 21:42:58 vpnd[66026]: b\n"
			  "<36>1 2021-07-03T22:40:38Z gw vpnd 1 - - c\n";
	CHECK_INT(ds_reader_syslog.sniff("x.log", few, strlen(few)), 80);
}

/* A line with a stamp of its own: its date and year, at the start, after a
 * priority and a blank, or in a bracket; a year-less stamp, a clock alone,
 * an epoch or a placeholder year is none. */
static void test_line_own_stamp(void)
{
	double t = 0;
	CHECK(ds_line_own_stamp("[2025-07-22 15:45:51.323610 +0200] [core:notice] x", 51, &t));
	CHECK_NEAR(t, 1753191951.32361, 1e-5);
	CHECK(ds_line_own_stamp("<166> 2023-05-08T10:54:24.756+10:00 host - - - x", 48, &t));
	CHECK_NEAR(t, 1683507264.756, 1e-4);
	CHECK(ds_line_own_stamp("<30>2023-05-08 10:54:24 x", 25, NULL));
	CHECK(ds_line_own_stamp("28-Mar-2022 07:01:48.459 INFO [main] x", 38, &t));
	CHECK_NEAR(t, 1648450908.459, 1e-4);
	CHECK(!ds_line_own_stamp("Mar 28 07:01:48 host app: x", 27, NULL));
	CHECK(!ds_line_own_stamp("07:01:48 INFO x", 15, NULL));
	CHECK(!ds_line_own_stamp("1648450908 x", 12, NULL));
	CHECK(!ds_line_own_stamp("0000-12-30 00:00:00 server x", 28, NULL));
	CHECK(!ds_line_own_stamp("\tat org.example.Main.run(Main.java:12)", 38, NULL));
	CHECK(!ds_line_own_stamp("", 0, NULL));
	CHECK(!ds_line_own_stamp("<", 1, NULL));
	CHECK(!ds_line_own_stamp("[", 1, NULL));
}

/* A line of another shape that is a record of its own: one with its own
 * stamp, or one behind a syslog priority, at the dated stamp after at most
 * three counters or names each with its colon, else with no time. */
static void test_line_own_record(void)
{
	double t = 0;
	const char *dated = "<189>1000001: Sep 9 2026 08:00:00.000 CEST: %SESSION-5-FAIL: x";
	CHECK(ds_line_own_record(dated, strlen(dated), &t));
	CHECK_NEAR(t, 1788933600.0, 1e-3);
	const char *yearless = "<174>15162564: BGP-BETA: 29391555: Jun 26 16:44:58.802 CEST: %FMANFP-6-X: y";
	CHECK(ds_line_own_record(yearless, strlen(yearless), &t));
	CHECK(isnan(t));
	const char *kv = "<190>date=2023-02-06,time=19:35:20.062,pri=information,,msg=\"x\"";
	CHECK(ds_line_own_record(kv, strlen(kv), &t));
	CHECK(isnan(t));
	/* four words before the stamp are too many */
	const char *far = "<189>a: b: c: d: Sep 9 2026 08:00:00: x";
	CHECK(ds_line_own_record(far, strlen(far), &t));
	CHECK(isnan(t));
	CHECK(ds_line_own_record("<30>2023-05-08 10:54:24 x", 25, &t));
	CHECK_NEAR(t, 1683543264.0, 1e-3);
	CHECK(ds_line_own_record("<30>x", 5, NULL));
	CHECK(!ds_line_own_record("<30> x", 6, NULL));
	CHECK(!ds_line_own_record("<192>x", 6, NULL));
	CHECK(!ds_line_own_record("<30>", 4, NULL));
	CHECK(!ds_line_own_record("\tat org.example.Main.run(Main.java:12)", 38, NULL));
	CHECK(!ds_line_own_record("Mar 28 07:01:48 host app: x", 27, NULL));
	CHECK(!ds_line_own_record("", 0, NULL));
}

/* Random lines of the bytes that matter (blanks, brackets, colons, digits,
 * letters): every span a splitter records lies inside its line and the
 * cursor never passes the end (ASan watches the reads). */
static void test_random_lines(void)
{
	static const char alphabet[] = " \t[]:.0123456789abAZ-";
	uint64_t st = 12345;
	int bad = 0;
	for (int k = 0; k < 5000; k++) {
		size_t n = (size_t)(ll_test_xorshift(&st) % 40);
		char *line = malloc(n ? n : 1); /* exact size: a read past it is caught */
		for (size_t i = 0; i < n; i++)
			line[i] = alphabet[ll_test_xorshift(&st) % (sizeof alphabet - 1)];
		struct ds_cur c;
		struct ds_span prog, pid, msg, sp;
		ds_cur_init(&c, line, n);
		if (ds_split_program(&c, &prog, &pid, &msg)) {
			bad += prog.off + prog.len > n || msg.off + msg.len != c.n || c.i != c.n;
			bad += pid.len && (pid.off + pid.len > n || line[pid.off - 1] != '[');
		}
		ds_cur_init(&c, line, n);
		size_t before = c.i;
		while (ds_cur_field(&c, &sp, 1) || ds_cur_blanks(&c)) {
			bad += c.i <= before || c.i > c.n || sp.off + sp.len > n;
			before = c.i;
		}
		size_t end;
		if (ds_syslog_clock(line, n, &end))
			bad += end > n;
		free(line);
	}
	CHECK_INT(bad, 0);
}

static int clock_len(const char *s)
{
	size_t end = 999;
	return ds_syslog_clock(s, strlen(s), &end) ? (int)end : -1;
}

static void test_syslog_clock(void)
{
	CHECK_INT(clock_len("Mar  2 06:17:28 node07"), 15);
	CHECK_INT(clock_len("Mar 12 06:17:28"), 15);
	CHECK_INT(clock_len("Mar 2 06:17:28 x"), 14);
	CHECK_INT(clock_len("Dec 31 23:59:59.123456 h"), 22);
	CHECK_INT(clock_len("Dec 31 23:59:59,5"), 17);
	CHECK_INT(clock_len("Dec 31 23:59:59. h"), 15); /* no digit after the dot */
	CHECK_INT(clock_len("Foo 31 23:59:59"), -1);
	CHECK_INT(clock_len("mar  2 06:17:28"), ll_month_from_abbrev("mar") ? 15 : -1);
	CHECK_INT(clock_len("Mar  2 6:17:28 h"), -1);
	CHECK_INT(clock_len("Mar  2 06-17-28"), -1);
	CHECK_INT(clock_len("Mar 123 06:17:28"), -1);
	CHECK_INT(clock_len("Mar  2 06:17:2"), -1); /* cut short */
	CHECK_INT(clock_len("Mar"), -1);
	CHECK_INT(clock_len(""), -1);
	CHECK_INT(clock_len("Mar_ 2 06:17:28"), -1);
}

static void test_sniff(void)
{
	const struct ds_line_format *sys = &ds_syslog_format;
	const char *all = "Mar  2 06:17:28 n1 kernel: a\nMar  2 06:17:29 n1 sshd[3]: b\n";
	size_t tried = 0;
	CHECK_NEAR(ds_sniff_fraction(all, strlen(all), sys, &tried), 1.0, 0);
	CHECK_INT(tried, 2);
	const char *half = "Mar  2 06:17:28 n1 kernel: a\n\n   \nplain words\nMar  2 06:17:29 n1 x: y\nzzz\n";
	CHECK_NEAR(ds_sniff_fraction(half, strlen(half), sys, &tried), 0.5, 0);
	CHECK_INT(tried, 4); /* blank lines are not tried */
	/* a cut last line is not tried, unless it is the only one */
	const char *cut = "Mar  2 06:17:28 n1 kernel: a\nMar  2 06:1";
	CHECK_NEAR(ds_sniff_fraction(cut, strlen(cut), sys, &tried), 1.0, 0);
	CHECK_INT(tried, 1);
	CHECK_NEAR(ds_sniff_fraction("Mar  2 06:17:28 n1 k: a", 23, sys, &tried), 1.0, 0);
	CHECK_INT(tried, 1);
	CHECK_NEAR(ds_sniff_fraction("", 0, sys, &tried), 0.0, 0);
	CHECK_INT(tried, 0);
	CHECK_NEAR(ds_sniff_fraction("a\nb\n", 4, sys, NULL), 0.0, 0);
	/* at most 64 lines are tried */
	char many[100 * 30];
	size_t n = 0;
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "%s\n", i < 64 ? "Mar  2 06:17:28 h p: m" : "junk");
	CHECK_NEAR(ds_sniff_fraction(many, n, sys, &tried), 1.0, 0);
	CHECK_INT(tried, 64);

	CHECK_INT(ds_sniff_score("x.log", all, strlen(all), sys, 80), 80);
	CHECK_INT(ds_sniff_score("x.log", half, strlen(half), sys, 80), 64); /* 80 * (0.6 + 0.4 * 0.5) */
	CHECK_INT(ds_sniff_score("x.log", all, strlen(all), sys, 200), 100); /* capped */
	const char *few = "Mar  2 06:17:28 n1 kernel: a\nno\nno\n";
	CHECK_INT(ds_sniff_score("x.log", few, strlen(few), sys, 80), 0); /* below half */
	CHECK_INT(ds_sniff_score("x.log", "", 0, sys, 80), 0);
	char bin[] = "Mar  2 06:17:28 n1 kernel: a\n\0\n";
	CHECK_INT(ds_sniff_score("x.log", bin, sizeof bin - 1, sys, 80), 0);
	/* a file whose lines mostly write a level where host and program go
	 * is no syslog; a few such lines among syslog's do not change it */
	const char *own = "Jun 23 15:04:05 Info: imap-login: Login\nJun 23 15:04:06 Warn: auth: user not found\n"
			  "Jun 23 15:04:07 h1 sshd[4]: Accepted key\n";
	CHECK_INT(ds_reader_syslog.sniff("x.log", own, strlen(own)), 0);
	const char *mixed = "Jun 23 15:04:05 Info: imap-login: Login\nJun 23 15:04:06 h1 sshd[4]: Accepted key\n"
			    "Jun 23 15:04:07 h1 sshd[4]: Closed\n";
	CHECK(ds_reader_syslog.sniff("x.log", mixed, strlen(mixed)) > 0);
	/* the path does not count */
	CHECK_INT(ds_sniff_score("kern.log", "a b c\n", 6, sys, 80), ds_sniff_score("x.csv", "a b c\n", 6, sys, 80));
}

static int open_src(const char *name, const char *data, struct ds_source **src)
{
	struct ll_err err;
	const char *path = write_file(name, data, strlen(data));
	int rc = ds_source_open(src, path, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	return rc;
}

static void test_lines_load(void)
{
	struct ds_source *src;
	struct ll_table *t;
	struct ll_err err;
	struct ds_open_opts o = {.default_year = 2024};
	const char *data = "Mar  2 06:17:28 n1 sshd[42]: Accepted\r\n"
			   "not syslog at all\n"
			   "\n"
			   "Mar  2 06:17:30 n2 kernel: Out of memory";
	CHECK_INT(open_src("sys.log", data, &src), LL_OK);
	CHECK_INT(ds_lines_load(src, &o, &ds_syslog_format, "syslog", &t, &err), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_INT(ll_table_ncols(t), 6);
		CHECK_STR(ll_table_col_name(t, 0), "line");
		CHECK_STR(ll_table_col_name(t, 5), "message");
		CHECK_STR(ll_table_text(t, 0, 0), "Mar  2 06:17:28 n1 sshd[42]: Accepted"); /* CR gone */
		CHECK_STR(ll_table_text(t, 0, 2), "n1");
		CHECK_STR(ll_table_text(t, 0, 3), "sshd");
		CHECK_NEAR(ll_table_num(t, 0, 4), 42, 0);
		double want;
		CHECK(ll_time_parse_year("Mar  2 06:17:28", 15, 2024, &want));
		CHECK_NEAR(ll_table_num(t, 0, 1), want, 1e-6);
		/* a line that does not fit keeps its whole line as the message;
		 * after a record's head (the header fits most lines) it continues
		 * that record: the head's time, host, program and pid */
		CHECK_STR(ll_table_text(t, 1, 0), "not syslog at all");
		CHECK_STR(ll_table_text(t, 1, 5), "not syslog at all");
		CHECK_NEAR(ll_table_num(t, 1, 1), want, 1e-6);
		CHECK_STR(ll_table_text(t, 1, 2), "n1");
		CHECK_STR(ll_table_text(t, 1, 3), "sshd");
		CHECK_NEAR(ll_table_num(t, 1, 4), 42, 0);
		CHECK_INT(ll_table_label(t, 1), LL_NO_LABEL);
		/* a blank line takes nothing */
		CHECK(isnan(ll_table_num(t, 2, 1)));
		CHECK_STR(ll_table_text(t, 2, 2), "");
		CHECK_STR(ll_table_text(t, 3, 5), "Out of memory"); /* last line without newline */
		CHECK_INT(ll_table_nnotes(t), 1);
		if (ll_table_nnotes(t))
			CHECK_STR(ll_table_note_text(t, 0), "sys.log: 1 continuation line took the time and header fields "
							    "of the record they continue (first: line 2)");
		ll_table_free(t);
	}
	/* quiet: no note */
	CHECK_INT(ds_lines_load_hooked(src, &o, &ds_syslog_format, "syslog", NULL, NULL, 1, &t, &err), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nnotes(t), 0);
		ll_table_free(t);
	}
	ds_source_close(src);

	/* binary data is refused unless a format was asked for */
	CHECK_INT(open_src("bin.log", "abc\n", &src), LL_OK);
	ds_source_close(src);
	const char bin[] = "line one\nx\0y\n";
	const char *path = write_file("bin.log", bin, sizeof bin - 1);
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	CHECK_INT(ds_lines_load(src, &o, &ds_syslog_format, "syslog", &t, &err), LL_EDATA);
	CHECK(strstr(err.msg, "bin.log: binary data (NUL byte at offset 10)") != NULL);
	CHECK(t == NULL);
	struct ds_open_opts forced = {.format = "lines", .default_year = 2024};
	CHECK_INT(ds_lines_load(src, &forced, &ds_syslog_format, "syslog", &t, &err), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		ll_table_free(t);
	}
	ds_source_close(src);

	/* an empty file: a table with its columns and no rows */
	CHECK_INT(open_src("empty.log", "", &src), LL_OK);
	CHECK_INT(ds_lines_load(src, &o, &ds_syslog_format, "syslog", &t, &err), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 0);
		CHECK_INT(ll_table_ncols(t), 6);
		ll_table_free(t);
	}
	ds_source_close(src);

	/* labels from the line: "-" is the class normal */
	const struct ds_reader *lab = ds_reader_find("labelled");
	CHECK(lab && lab->line);
	CHECK_INT(open_src("lab.tsv", "1\tdisk failed\n-\tall fine\n\tno label\n", &src), LL_OK);
	if (lab && lab->line && ds_lines_load(src, &o, lab->line, "labelled", &t, &err) == LL_OK) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 0)), "1");
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 1)), "normal");
		CHECK_INT(ll_table_label(t, 2), LL_NO_LABEL);
		CHECK_STR(ll_table_text(t, 0, 0), "disk failed"); /* text is the message */
		ll_table_free(t);
	}
	ds_source_close(src);

	/* a misdeclared format is refused */
	struct ds_line_format bad = ds_syslog_format;
	bad.message_field = 9;
	CHECK_INT(open_src("x.log", "a\n", &src), LL_OK);
	CHECK_INT(ds_lines_load(src, &o, &bad, "bad", &t, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "format bad is misdeclared") != NULL);
	ds_source_close(src);
}

/* Skips lines starting with '#', labels lines with "!" as class "alert",
 * stops at a line "STOP". */
static int hook(void *ctx, struct ll_table *t, const char *line, size_t len, size_t lineno, int *cls,
		struct ll_err *err)
{
	(*(size_t *)ctx)++;
	if (len == 4 && memcmp(line, "STOP", 4) == 0)
		return ll_err_set(err, LL_EDATA, "stopped at line %zu", lineno);
	if (len && line[0] == '#')
		return 0;
	if (memchr(line, '!', len))
		*cls = ll_table_class_id(t, "alert", 5);
	return 1;
}

static void test_lines_hooked(void)
{
	struct ds_source *src;
	struct ll_table *t;
	struct ll_err err;
	struct ds_open_opts o = {.default_year = 2024};
	const struct ds_reader *lines = ds_reader_find("lines");
	size_t calls = 0;
	CHECK_INT(open_src("h.log", "# comment\nfirst\nsecond!\n#x\nthird\n", &src), LL_OK);
	CHECK_INT(ds_lines_load_hooked(src, &o, lines->line, "lines", hook, &calls, 0, &t, &err), LL_OK);
	CHECK_INT(calls, 5);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_text(t, 1, 0), "second!");
		CHECK_INT(ll_table_label(t, 0), LL_NO_LABEL);
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 1)), "alert");
		ll_table_free(t);
	}
	ds_source_close(src);
	calls = 0;
	CHECK_INT(open_src("s.log", "a\nSTOP\nb\n", &src), LL_OK);
	t = (struct ll_table *)&err;
	CHECK_INT(ds_lines_load_hooked(src, &o, lines->line, "lines", hook, &calls, 0, &t, &err), LL_EDATA);
	CHECK(t == NULL);
	CHECK_INT(calls, 2);
	CHECK_STR(err.msg, "stopped at line 2");
	ds_source_close(src);
}

/* Binders for ds_lines_load_bound: the lines reader whatever the sample
 * (its sample seen), none with a reason, none without one. */
static size_t bound_sample_len;
static const struct ds_reader *bind_lines(const char *sample, size_t n, const struct ds_open_opts *opts,
					  struct ll_err *why)
{
	(void)sample;
	(void)opts;
	(void)why;
	bound_sample_len = n;
	return ds_reader_find("lines");
}

static const struct ds_reader *bind_refusing(const char *sample, size_t n, const struct ds_open_opts *opts,
					     struct ll_err *why)
{
	(void)sample;
	(void)n;
	(void)opts;
	ll_err_set(why, LL_EDATA, "no format fits");
	return NULL;
}

static const struct ds_reader *bind_nothing(const char *sample, size_t n, const struct ds_open_opts *opts,
					    struct ll_err *why)
{
	(void)sample;
	(void)n;
	(void)opts;
	(void)why;
	return NULL;
}

static void test_lines_load_bound(void)
{
	struct ds_source *src;
	struct ll_table *t = NULL;
	struct ll_err err;
	struct ds_open_opts o = {.default_year = 2024};
	CHECK_INT(open_src("bound.log", "one\ntwo\nthree\n", &src), LL_OK);
	CHECK_INT(ds_lines_load_bound(src, &o, bind_lines, "lines", &t, &err), LL_OK);
	CHECK(bound_sample_len == 14);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_text(t, 2, 0), "three");
		ll_table_free(t);
	}
	t = (struct ll_table *)&err;
	CHECK_INT(ds_lines_load_bound(src, &o, bind_refusing, "lines", &t, &err), LL_EDATA);
	CHECK(t == NULL);
	CHECK(strstr(err.msg, "bound.log: no format fits") != NULL);
	CHECK_INT(ds_lines_load_bound(src, &o, bind_nothing, "lines", &t, &err), LL_ENOMEM);
	CHECK(strstr(err.msg, "bound.log: out of memory") != NULL);
	ds_source_close(src);
}

static int hhmmss(const char *s, size_t n, int year, double *out)
{
	(void)year;
	if (n != 6)
		return 0;
	*out = ((s[0] - '0') * 10 + (s[1] - '0')) * 3600 + ((s[2] - '0') * 10 + (s[3] - '0')) * 60 +
	       (s[4] - '0') * 10 + (s[5] - '0');
	return 1;
}

static int with_field(const struct ds_line_format *fmt, size_t field, const char *s, size_t n, int year, double *out)
{
	(void)fmt;
	(void)s;
	(void)n;
	(void)year;
	*out = (double)field * 1000;
	return 1;
}

static void test_parse_time(void)
{
	struct ds_line_format f = ds_syslog_format;
	double v = -1, want = -2;
	/* the generic way: ll_time_parse_year */
	CHECK_INT(ds_line_parse_time(&f, 0, "Mar  2 06:17:28", 15, 2023, &v), ll_time_parse_year("Mar  2 06:17:28", 15, 2023, &want));
	CHECK(v == want);
	CHECK_INT(ds_line_parse_time(&f, 0, "nonsense", 8, 2023, &v), 0);
	/* the format's own parser, then the one that takes the format */
	f.parse_time = hhmmss;
	CHECK_INT(ds_line_parse_time(&f, 0, "010203", 6, 2023, &v), 1);
	CHECK_NEAR(v, 3723, 0);
	CHECK_INT(ds_line_parse_time(&f, 0, "0102", 4, 2023, &v), 0);
	f.parse_time_with = with_field;
	CHECK_INT(ds_line_parse_time(&f, 3, "010203", 6, 2023, &v), 1);
	CHECK_NEAR(v, 3000, 0);
}

/* Yearless stamps read in order: the year turns when a stamp falls half a
 * year behind the last, never past `latest` (a file's mtime and a day:
 * ds_year_ctx_start); a dated stamp still gives its year to those after
 * it. */
static void test_year_ctx(void)
{
	const struct ds_line_format *f = &ds_syslog_format;
	double v;
	struct ds_year_ctx yc = ds_year_ctx_start(NULL);
	CHECK(yc.latest == 0 && !yc.have && !yc.shift && !yc.free_seen);
	CHECK_INT(ds_parse_time_in_context(f, 0, "Dec 31 23:59:58", 15, 2026, &yc, &v), 1);
	CHECK_NEAR(v, ll_time_from_civil(2026, 12, 31, 23, 59, 58), 0);
	CHECK_INT(ds_parse_time_in_context(f, 0, "Jan  1 00:00:02", 15, 2026, &yc, &v), 1);
	CHECK_NEAR(v, ll_time_from_civil(2027, 1, 1, 0, 0, 2), 0);
	/* a line a little out of order is no new year */
	CHECK_INT(ds_parse_time_in_context(f, 0, "Jan  1 00:00:01", 15, 2026, &yc, &v), 1);
	CHECK_NEAR(v, ll_time_from_civil(2027, 1, 1, 0, 0, 1), 0);
	CHECK_INT(yc.shift, 1);
	/* a turn that would pass the file's mtime is not taken */
	yc = (struct ds_year_ctx){0};
	yc.latest = ll_time_from_civil(2026, 12, 7, 12, 0, 0);
	CHECK_INT(ds_parse_time_in_context(f, 0, "Nov  3 09:23:38", 15, 2026, &yc, &v), 1);
	CHECK_INT(ds_parse_time_in_context(f, 0, "Feb  3 09:23:38", 15, 2026, &yc, &v), 1);
	CHECK_NEAR(v, ll_time_from_civil(2026, 2, 3, 9, 23, 38), 0);
	CHECK_INT(yc.shift, 0);
	/* a dated stamp rules the yearless ones after it */
	yc = (struct ds_year_ctx){0};
	struct ds_line_format g = ds_syslog_format;
	CHECK_INT(ds_parse_time_in_context(&g, 0, "2015-11-17T19:31:23", 19, 2026, &yc, &v), 1);
	CHECK_INT(ds_parse_time_in_context(&g, 0, "Nov 17 19:31:28", 15, 2026, &yc, &v), 1);
	CHECK_NEAR(v, ll_time_from_civil(2015, 11, 17, 19, 31, 28), 0);
	/* times of day alone: 1970-01-01, a day later past each midnight (the
	 * clock back more than half a day), not for a line a little out of order */
	struct ds_line_format h = ds_syslog_format;
	h.parse_time = hhmmss;
	yc = (struct ds_year_ctx){0};
	CHECK_INT(ds_parse_time_in_context(&h, 0, "235958", 6, 2026, &yc, &v), 1);
	CHECK_NEAR(v, 86398, 0);
	CHECK_INT(ds_parse_time_in_context(&h, 0, "000001", 6, 2026, &yc, &v), 1);
	CHECK_NEAR(v, 86400 + 1, 0);
	CHECK_INT(ds_parse_time_in_context(&h, 0, "000000", 6, 2026, &yc, &v), 1);
	CHECK_NEAR(v, 86400, 0);
	CHECK_INT(ds_parse_time_in_context(&h, 0, "235000", 6, 2026, &yc, &v), 1);
	CHECK_NEAR(v, 86400 + 85800, 0);
	CHECK_INT(ds_parse_time_in_context(&h, 0, "000100", 6, 2026, &yc, &v), 1);
	CHECK_NEAR(v, 2 * 86400 + 60, 0);
	CHECK_INT(yc.days, 2);
	/* the context starts with the file's mtime and a day */
	const char *path = write_file("ctx.log", "x\n", 2);
	struct utimbuf ut = {.actime = 0, .modtime = 1262304000}; /* 2010-01-01 UTC */
	CHECK_INT(utime(path, &ut), 0);
	struct ds_source *src;
	struct ll_err err;
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	yc = ds_year_ctx_start(src);
	CHECK_NEAR(yc.latest, 1262304000.0 + 86400, 0);
	ds_source_close(src);
	/* a year from the name says the mtime is a copy's: no bound from it,
	 * so the year turns in a file older than its copy's time says */
	const char *dec = "Dec 31 23:59:58 h p: a\nJan  1 00:00:02 h p: b\n";
	path = write_file("2015-12-31-app.log", dec, strlen(dec));
	CHECK_INT(utime(path, &ut), 0);
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	yc = ds_year_ctx_start(src);
	CHECK(yc.latest == 0);
	CHECK_INT(ds_source_year(src), 2015);
	CHECK_INT(ds_parse_time_in_context(f, 0, "Dec 31 23:59:58", 15, 2015, &yc, &v), 1);
	CHECK_INT(ds_parse_time_in_context(f, 0, "Jan  1 00:00:02", 15, 2015, &yc, &v), 1);
	CHECK_NEAR(v, ll_time_from_civil(2016, 1, 1, 0, 0, 2), 0);
	ds_source_close(src);
}

static int msg_is(const struct ds_line_format *f, const char *line, int fits, const char *want)
{
	const char *s = NULL;
	size_t n = 99;
	int got = ds_line_message(f, line, strlen(line), &s, &n);
	return got == fits && n == strlen(want) && (n == 0 || memcmp(s, want, n) == 0) &&
	       (n == 0 || (s >= line && s + n <= line + strlen(line)));
}

/* The text templates are mined from: a fitting line's message field, a
 * misfit's whole line; for syslog, an access log and label<TAB>line. */
static void test_line_message(void)
{
	const struct ds_line_format *sys = &ds_syslog_format;
	CHECK(msg_is(sys, "Mar  2 06:17:28 node07 sshd[42]: Accepted publickey for root", 1,
		     "Accepted publickey for root"));
	CHECK(msg_is(sys, "\tat org.example.Job.run(Job.java:42)", 0, "\tat org.example.Job.run(Job.java:42)"));
	CHECK(msg_is(sys, "", 0, ""));
	const struct ds_reader *clf = ds_reader_find("clf"), *lab = ds_reader_find("labelled");
	CHECK(clf && clf->line && lab && lab->line);
	if (clf && clf->line)
		CHECK(msg_is(clf->line,
			     "10.0.0.1 - - [02/Mar/2024:06:17:28 +0000] \"GET /a.html HTTP/1.1\" 200 512 \"-\" \"curl/8\"", 1,
			     "GET /a.html HTTP/1.1"));
	if (lab && lab->line)
		CHECK(msg_is(lab->line, "1\tdisk full on sda", 1, "disk full on sda"));
	/* a format that declares more fields than a split may fill is refused
	 * as a whole line, never split */
	struct ds_line_format bad = ds_syslog_format;
	bad.nfields = DS_MAX_FIELDS + 1;
	CHECK(msg_is(&bad, "Mar  2 06:17:28 node07 sshd[42]: hello", 0, "Mar  2 06:17:28 node07 sshd[42]: hello"));
}

static void test_opts_split(void)
{
	struct ds_open_opts o = {.format = "log:<time> <message>"};
	ds_open_opts_split(&o);
	CHECK_STR(o.format, "log");
	CHECK_STR(o.header, "<time> <message>");
	/* an explicit header wins */
	struct ds_open_opts o2 = {.format = "log:<a> <message>", .header = "<message>"};
	ds_open_opts_split(&o2);
	CHECK_STR(o2.format, "log");
	CHECK_STR(o2.header, "<message>");
	struct ds_open_opts o3 = {.format = "smd:/data/interp.txt"};
	ds_open_opts_split(&o3);
	CHECK_STR(o3.format, "smd");
	CHECK_STR(o3.interpretation, "/data/interp.txt");
	struct ds_open_opts o4 = {.format = "csv:label=outcome"};
	ds_open_opts_split(&o4);
	CHECK_STR(o4.format, "csv");
	CHECK_STR(o4.label_column, "outcome");
	struct ds_open_opts o5 = {.format = "auto:label=y2", .label_column = "given"};
	ds_open_opts_split(&o5);
	CHECK(o5.format == NULL); /* detect */
	CHECK_STR(o5.label_column, "given");
	struct ds_open_opts o6 = {.format = "syslog"}, o7 = {0};
	ds_open_opts_split(&o6);
	ds_open_opts_split(&o7);
	CHECK_STR(o6.format, "syslog");
	CHECK(o6.header == NULL && o6.label_column == NULL && o7.format == NULL);
	/* a label column on a format without named columns is no option */
	struct ds_open_opts o8 = {.format = "syslog:label=x"};
	ds_open_opts_split(&o8);
	CHECK_STR(o8.format, "syslog:label=x");
	CHECK(o8.label_column == NULL);
}

static void test_reader_sample(void)
{
	size_t n = 99;
	char *s = ds_reader_sample(NULL, 0, &n);
	CHECK(s != NULL);
	CHECK_INT(n, 0);
	free(s);
	const char *small = "a\nb\nc";
	s = ds_reader_sample(small, 5, &n);
	CHECK_INT(n, 6); /* every block ends its last line */
	CHECK(s && memcmp(s, "a\nb\nc\n", 6) == 0);
	free(s);
	/* a large file: the head cut to whole lines plus three middle blocks of
	 * whole lines, all much smaller than the file */
	size_t size = 1 << 20;
	char *big = malloc(size);
	for (size_t i = 0; i < size; i++)
		big[i] = (i % 10 == 9) ? '\n' : (char)('0' + (i / 10) % 10);
	s = ds_reader_sample(big, size, &n);
	CHECK(s != NULL);
	CHECK(n > 64 * 1024 && n <= 64 * 1024 + 3 * 16 * 1024);
	int whole = n > 0 && s[n - 1] == '\n';
	for (size_t i = 0; i < n; i += 10) /* every line is one of the file's */
		whole &= i + 9 < n && s[i + 9] == '\n' && s[i] >= '0' && s[i] <= '9' && memchr(s + i, '\n', 9) == NULL;
	CHECK(whole);
	free(s);
	free(big);
}

static void test_bind_prepare(void)
{
	struct ll_err err;
	const struct ds_reader *sys = ds_reader_find("syslog"), *log = ds_reader_find("log");
	const struct ds_reader *hdfs = ds_reader_find("hdfs");
	CHECK(sys && log && hdfs && hdfs->bind == NULL && log->bind != NULL);
	const char *sample = "2024-01-05 10:00:00 INFO [main] started\n2024-01-05 10:00:01 WARN [db] slow\n";
	/* a reader without a bind hook is itself */
	CHECK(ds_reader_bind(hdfs, sample, strlen(sample), NULL, &err) == hdfs);
	/* syslog binds only when its messages are JSON records */
	CHECK(ds_reader_bind(sys, sample, strlen(sample), NULL, &err) == sys);
	const struct ds_reader *b = ds_reader_bind(log, sample, strlen(sample), NULL, &err);
	CHECK(b != NULL && b->line != NULL);
	if (b && b->line)
		CHECK(b->line->nfields > 1);
	/* a bad header pattern is refused */
	struct ds_open_opts bad = {.header = "<time"};
	ll_err_clear(&err);
	CHECK(ds_reader_bind(log, sample, strlen(sample), &bad, &err) == NULL);
	CHECK(err.code == LL_EUSAGE && err.msg[0]);

	struct ds_source *src;
	CHECK_INT(open_src("app.log", sample, &src), LL_OK);
	struct ds_open_opts o = {0};
	const struct ds_reader *r = ds_reader_prepare(src, "app.log", NULL, &o, &err);
	CHECK(r != NULL);
	CHECK_INT(o.default_year, ds_source_year(src)); /* filled */
	struct ds_open_opts o2 = {.default_year = 1999};
	CHECK(ds_reader_prepare(src, "app.log", sys, &o2, &err) == sys);
	CHECK_INT(o2.default_year, 1999);
	/* a header with another format: refused naming both */
	struct ds_open_opts o3 = {.header = "<time> <message>"};
	ll_err_clear(&err);
	CHECK(ds_reader_prepare(src, "app.log", sys, &o3, &err) == NULL);
	CHECK_STR(err.msg, "app.log: a header pattern applies to the log format, not syslog");
	/* a header alone makes it the log reader, bound to that header */
	struct ds_open_opts o4 = {.header = "<day> <clock> <message>"};
	r = ds_reader_prepare(src, "app.log", NULL, &o4, &err);
	CHECK(r != NULL && r->line != NULL && r->line->nfields == 3);
	struct ds_open_opts o5 = {.header = "<day"};
	ll_err_clear(&err);
	CHECK(ds_reader_prepare(src, "app.log", NULL, &o5, &err) == NULL);
	CHECK(strstr(err.msg, "app.log: ") == err.msg);
	ds_source_close(src);
}

/* The four families together are the registry, in its order; every
 * reader has a name it is found by, a summary and a loader, and only line
 * formats have a line format. */
static void test_registry(void)
{
	const struct ds_reader *const *(*const fam[])(size_t *) = {ds_textlog_readers, ds_csv_readers, ds_json_readers,
								   ds_logfmt_readers};
	size_t at = 0, total = ds_reader_count();
	for (size_t f = 0; f < 4; f++) {
		size_t n = 0;
		const struct ds_reader *const *list = fam[f](&n);
		CHECK(list != NULL && n > 0);
		for (size_t i = 0; i < n; i++, at++) {
			const struct ds_reader *r = list[i];
			CHECK(r == ds_reader_at(at)); /* the registry's order */
			CHECK(r->name && r->name[0] && r->summary && r->summary[0] && r->load);
			CHECK(ds_reader_find(r->name) == r);
			if (f == 0)
				CHECK(r->line != NULL); /* the text-log family splits lines */
		}
	}
	CHECK_INT(at, total);
	CHECK(ds_reader_at(total) == NULL);
	size_t n;
	/* the generic csv reader comes last of its family: on equal sniff
	 * scores the specialised ones (dstat, smd ...) win */
	const struct ds_reader *const *csv = ds_csv_readers(&n);
	CHECK(csv[n - 1] == ds_reader_find("csv"));
	for (size_t i = 0; i < n; i++)
		CHECK(csv[i]->line == NULL);
	const struct ds_reader *const *json = ds_json_readers(&n);
	int has_json = 0;
	for (size_t i = 0; i < n; i++)
		has_json += json[i] == ds_reader_find("json");
	CHECK_INT(has_json, 1);
	CHECK(ds_reader_find("no-such-format") == NULL);
}

static void test_source_year(void)
{
	struct ds_source *src;
	struct ll_err err;
	const char *path = write_file("old.log", "x\n", 2);
	struct utimbuf ut = {.actime = 0, .modtime = 1262304000 + 86400}; /* 2010-01-02 UTC */
	CHECK_INT(utime(path, &ut), 0);
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	CHECK_INT(ds_source_year(src), 2010);
	ds_source_close(src);
	ut.modtime = 1262303999; /* 2009-12-31 23:59:59 UTC, whatever the local zone */
	utime(path, &ut);
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	CHECK_INT(ds_source_year(src), 2009);
	ds_source_close(src);
}

static void test_header_has_fields(void)
{
	struct ds_header *h;
	struct ll_err err;
	CHECK_INT(ds_header_compile("<message>", &h, &err), LL_OK);
	CHECK_INT(ds_header_has_fields(h), 0);
	ds_header_free(h);
	CHECK_INT(ds_header_compile("<level> <message>", &h, &err), LL_OK);
	CHECK_INT(ds_header_has_fields(h), 1);
	ds_header_free(h);
	const char *plain = "just words\nmore words here\n";
	CHECK_INT(ds_header_infer(plain, strlen(plain), 2024, &h, &err), LL_OK);
	CHECK_INT(ds_header_has_fields(h), 0);
	ds_header_free(h);
}

/* A syslog priority before a line, and a format's first time field. */
static void test_pri_and_time_field(void)
{
	CHECK_INT(ds_pri_len("<14>CEF:0|", 10), 4);
	CHECK_INT(ds_pri_len("<191>x", 6), 5);
	CHECK_INT(ds_pri_len("<192>x", 6), 0);  /* past the last facility */
	CHECK_INT(ds_pri_len("<1234>x", 7), 0); /* four digits */
	CHECK_INT(ds_pri_len("<>x", 3), 0);
	CHECK_INT(ds_pri_len("<14", 3), 0);
	CHECK_INT(ds_pri_len("[14]", 4), 0);
	CHECK_INT(ds_line_time_field(&ds_syslog_format), 0);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "textlog-api");
	test_pri_and_time_field();
	test_cursor();
	test_split_program();
	test_syslog_pid_before_text();
	test_syslog_rfc5424_line();
	test_line_own_stamp();
	test_line_own_record();
	test_syslog_last_word_program();
	test_syslog_clock();
	test_random_lines();
	test_sniff();
	test_lines_load();
	test_lines_hooked();
	test_lines_load_bound();
	test_parse_time();
	test_year_ctx();
	test_line_message();
	test_opts_split();
	test_reader_sample();
	test_bind_prepare();
	test_registry();
	test_source_year();
	test_header_has_fields();
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
