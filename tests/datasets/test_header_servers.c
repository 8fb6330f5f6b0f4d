/*
 * tests/datasets/test_header_servers.c - header inference on the shapes
 * servers' own logs write (lines made up here after each server's
 * documented format, no copied data): a pipe glued to a word with blanks
 * after it (Squid's cache.log), a pid in brackets ("[4983]", "[4983]:"),
 * upper-case tags standing where levels do (PostgreSQL's DETAIL:,
 * STATEMENT:), a word most lines write before their level and a few lack,
 * key=value pairs joined by commas with empty values, a pid glued to an id
 * (Redis's "25960:M", nginx's "29253#29253:"), a column of one-character
 * level marks (Redis), a level with a verbosity ("debug 1:", BIND), a
 * program's bracket that is no pid (stunnel's "LOG5[ui]:") and fields
 * joined by colons after the time (Amazon RDS's PostgreSQL prefix), a pid
 * framed by runs of a mark (valgrind's "==4983==" and "--4983--");
 * and the look-alikes each rule must leave alone. Each inferred pattern
 * compiles back to the same split.
 */
#include "ds_header.h"
#include "harness.h"
#include "header_field.h"

#include <stdio.h>
#include <string.h>


static struct ds_header *infer(const char *sample, const char *want)
{
	struct ds_header *h = NULL;
	struct ll_err err;
	CHECK_INT(ds_header_infer(sample, strlen(sample), 2026, &h, &err), LL_OK);
	if (h)
		CHECK_STR(ds_header_text(h), want);
	return h;
}

/* The pattern's text compiled again splits line as h does, field by field. */
static void same_split(const struct ds_header *h, const char *line)
{
	struct ds_header *g = NULL;
	struct ll_err err;
	CHECK_INT(ds_header_compile(ds_header_text(h), &g, &err), LL_OK);
	for (size_t k = 0; g && k < ds_header_nfields(h); k++) {
		char a[512];
		snprintf(a, sizeof a, "%s", field(h, line, ds_header_field_name(h, k)));
		CHECK_STR(field(g, line, ds_header_field_name(h, k)), a);
	}
	ds_header_free(g);
}

/* Twelve lines of fmt, each with its index i (as %d, twice). */
static char *lines_of(const char *const *fmts, size_t nf, int n)
{
	static char buf[8192];
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t o = strlen(buf);
		snprintf(buf + o, sizeof buf - o, fmts[(size_t)i % nf], i, i);
		strcat(buf, "\n");
	}
	return buf;
}

static void test_pipe_then_blank(void)
{
	const char *squid = "2026/12/04 22:46:39 kid1| Process ID 27314\n"
			    "2026/12/04 22:46:39.357 kid1| HTCP Disabled.\n"
			    "2026/12/04 22:46:39.360 kid1| Store logging disabled\n"
			    "2026/12/04 22:46:40 kid1| storeLateRelease: released 0 objects\n"
			    "2026/12/04 22:47:47 kid1| Finished.  Wrote 2 entries.\n";
	struct ds_header *h = infer(squid, "<time> <component>| <message>");
	const char *l = "2026/12/04 22:47:00.303 kid2| Acl.cc(151) matches: checked: http_access = 1";
	CHECK_STR(field(h, l, "component"), "kid2");
	CHECK_STR(field(h, l, "message"), "Acl.cc(151) matches: checked: http_access = 1");
	same_split(h, l);
	ds_header_free(h);
	/* a pipe with no blank after it is a literal as before */
	h = infer("2026-12-04 10:00:01|web|GET /a\n2026-12-04 10:00:02|api|GET /b\n2026-12-04 10:00:03|web|GET /c\n",
		  "<time>|<component>|<message>");
	ds_header_free(h);
}

static void test_bracketed_pid(void)
{
	/* pids lines share: a number column */
	const char *pg = "2026-12-04 22:45:24.087 UTC [24910] LOG:  starting PostgreSQL 15.18\n"
			 "2026-12-04 22:45:24.088 UTC [24910] LOG:  listening on Unix socket \"/tmp/.s.PGSQL.5433\"\n"
			 "2026-12-04 22:45:24.092 UTC [24914] LOG:  database system was shut down\n"
			 "2026-12-04 22:45:24.098 UTC [24910] LOG:  database system is ready to accept connections\n"
			 "2026-12-04 22:45:29.216 UTC [24914] FATAL:  password authentication failed for user \"app\"\n";
	struct ds_header *h = infer(pg, "<time> [<pid>] <level>: <message>");
	CHECK_INT(ds_header_field_type(h, 1), LL_COL_NUM);
	CHECK_STR(field(h, "2026-12-04 22:45:30.000 UTC [31] ERROR:  division by zero", "pid"), "31");
	ds_header_free(h);
	/* and with a colon after the bracket, "%t [%p]: " */
	const char *colon = "2026-12-04 22:45:48 UTC [25711]: LOG:  database system is ready\n"
			    "2026-12-04 22:45:48 UTC [25716]: LOG:  checkpoint starting: time\n"
			    "2026-12-04 22:45:49 UTC [25711]: LOG:  received fast shutdown request\n"
			    "2026-12-04 22:45:49 UTC [25716]: LOG:  shutting down\n";
	h = infer(colon, "<time> [<pid>]: <level>: <message>");
	same_split(h, "2026-12-04 22:45:49 UTC [25716]: LOG:  shutting down");
	ds_header_free(h);
	/* numbers that no two lines share (a request's id) stay a context */
	const char *ids = "2026-12-04 10:00:01 [1001] INFO served /a\n2026-12-04 10:00:02 [1002] INFO served /b\n"
			  "2026-12-04 10:00:03 [1003] INFO served /c\n2026-12-04 10:00:04 [1004] WARN slow /d\n";
	h = infer(ids, "<time> [<context>] <level> <message>");
	ds_header_free(h);
}

static void test_tags_and_optional_word(void)
{
	/* most lines name a user and database, the server's own lack them;
	 * DETAIL: and STATEMENT: stand where the levels do */
	static const char *const fmts[] = {
	    "2026-12-04 22:45:%02d.100 UTC [4101] app@shop LOG:  statement: SELECT %d",
	    "2026-12-04 22:45:%02d.200 UTC [4101] app@shop ERROR:  relation \"t%d\" does not exist",
	    "2026-12-04 22:45:%02d.300 UTC [4101] app@shop STATEMENT:  SELECT * FROM t%d",
	    "2026-12-04 22:45:%02d.400 UTC [4108] postgres@postgres LOG:  duration: %d.5 ms",
	    "2026-12-04 22:45:%02d.500 UTC [4108] postgres@postgres FATAL:  role \"u%d\" does not exist",
	    "2026-12-04 22:45:%02d.600 UTC [4108] postgres@postgres DETAIL:  Connection matched line %d",
	    "2026-12-04 22:45:%02d.700 UTC [4101] app@shop LOG:  statement: SELECT %d",
	    "2026-12-04 22:45:%02d.800 UTC [4100] LOG:  checkpoint complete: wrote %d buffers",
	};
	struct ds_header *h = infer(lines_of(fmts, 8, 24), "<time> [<pid>] <field3?> <level>: <message>");
	const char *l = "2026-12-04 22:46:00.000 UTC [4101] app@shop DETAIL:  Key (id)=(1) already exists.";
	CHECK_STR(field(h, l, "level"), "DETAIL");
	CHECK_STR(field(h, l, "field3"), "app@shop");
	CHECK_STR(field(h, l, "message"), "Key (id)=(1) already exists.");
	l = "2026-12-04 22:46:01.000 UTC [4100] LOG:  checkpoint starting: time";
	CHECK_STR(field(h, l, "field3"), "");
	CHECK_STR(field(h, l, "level"), "LOG");
	same_split(h, l);
	ds_header_free(h);
	/* upper-case programs where no level stands are programs still */
	static const char *const progs[] = {"2026-12-04 10:00:%02d host1 CRON: job %d started",
					    "2026-12-04 10:00:%02d host1 SSHD: session %d opened"};
	h = infer(lines_of(progs, 2, 8), "<time> <host> <component>: <message>");
	ds_header_free(h);
}

static void test_kv_list(void)
{
	const char *pg = "2026-12-04 22:45:48 UTC [25711]: [3-1] user=,db=,app=,client= LOG:  starting PostgreSQL\n"
			 "2026-12-04 22:45:49 UTC [25720]: [1-1] user=app,db=shop,app=psql,client=127.0.0.1 LOG:  "
			 "connection authorized\n"
			 "2026-12-04 22:45:49 UTC [25720]: [2-1] user=app,db=shop,app=psql,client=127.0.0.1 ERROR:  "
			 "division by zero\n"
			 "2026-12-04 22:45:49 UTC [25720]: [3-1] user=app,db=shop,app=psql,client=127.0.0.1 STATEMENT:  "
			 "SELECT 1/0;\n"
			 "2026-12-04 22:45:50 UTC [25711]: [4-1] user=,db=,app=,client= LOG:  received fast shutdown\n";
	struct ds_header *h = infer(
	    pg, "<time> [<pid>]: [<context>] user=<user>,db=<db>,app=<app>,client=<client> <level>: <message>");
	const char *l = "2026-12-04 22:45:51 UTC [25711]: [5-1] user=,db=,app=,client= LOG:  shutting down";
	CHECK_STR(field(h, l, "user"), "");
	CHECK_STR(field(h, l, "level"), "LOG");
	l = "2026-12-04 22:45:51 UTC [25730]: [1-1] user=bob,db=shop,app=pgAdmin 4,client=10.0.0.2 ERROR:  x";
	CHECK_STR(field(h, l, "app"), "pgAdmin 4");
	CHECK_STR(field(h, l, "client"), "10.0.0.2");
	same_split(h, l);
	ds_header_free(h);
}

static void test_glued_pid(void)
{
	const char *redis = "25960:C 04 Dec 2026 22:45:58.520 # Configuration loaded\n"
			    "25960:M 04 Dec 2026 22:45:58.521 * Running mode=standalone, port=6390.\n"
			    "25960:M 04 Dec 2026 22:45:59.537 - Accepted 127.0.0.1:58580\n"
			    "25973:C 04 Dec 2026 22:45:59.628 * DB saved on disk\n"
			    "25960:M 04 Dec 2026 22:45:59.728 * Background saving terminated with success\n"
			    "25960:M 04 Dec 2026 22:46:00.649 - Accepted 127.0.0.1:58658\n"
			    "25960:M 04 Dec 2026 22:46:00.700 . Client closed connection\n";
	struct ds_header *h = infer(redis, "<pid>:<tag> <time> <level> <message>");
	const char *l = "25960:M 04 Dec 2026 22:46:04.112 # User requested shutdown...";
	CHECK_STR(field(h, l, "pid"), "25960");
	CHECK_STR(field(h, l, "tag"), "M");
	CHECK_STR(field(h, l, "level"), "#");
	CHECK_STR(field(h, l, "message"), "User requested shutdown...");
	CHECK_INT(ds_header_field_type(h, 0), LL_COL_NUM);
	same_split(h, l);
	ds_header_free(h);
	const char *nginx = "2026/12/04 22:46:49 [error] 26130#26130: *5 open() \"/x\" failed (2: No such file)\n"
			    "2026/12/04 22:46:50 [warn] 26130#26130: *7 an upstream response is buffered\n"
			    "2026/12/04 22:47:06 [notice] 26127#26127: signal process started\n"
			    "2026/12/04 22:47:08 [emerg] 29253#29253: unknown directive \"bogus\"\n"
			    "2026/12/04 22:47:09 [error] 26130#26130: *9 connect() failed (111: Connection refused)\n";
	h = infer(nginx, "<time> [<level>] <pid>#<tid>: <message>");
	l = "2026/12/04 22:47:10 [crit] 26131#26131: *12 SSL_do_handshake() failed";
	CHECK_STR(field(h, l, "tid"), "26131");
	CHECK_STR(field(h, l, "message"), "*12 SSL_do_handshake() failed");
	same_split(h, l);
	ds_header_free(h);
	/* a mark of one kind on every line is a literal, no level */
	const char *dash = "2026-12-04 10:00:01 - served /a\n2026-12-04 10:00:02 - served /b\n"
			   "2026-12-04 10:00:03 - served /c\n2026-12-04 10:00:04 - served /d\n";
	h = infer(dash, "<time> - <message>");
	ds_header_free(h);
}

/* Fields joined by colons after the time, up to the level (Amazon RDS's
 * PostgreSQL prefix "%t:%r:%u@%d:[%p]:"), some of them empty. */
static void test_colon_list(void)
{
	const char *rds = "2026-12-04 23:16:59 UTC::@:[8494]:LOG:  starting PostgreSQL 15.18\n"
			  "2026-12-04 23:16:59 UTC::@:[8494]:LOG:  listening on IPv4 address \"127.0.0.1\", port 5433\n"
			  "2026-12-04 23:17:00 UTC:127.0.0.1(39218):app@shop:[8539]:LOG:  connection authorized\n"
			  "2026-12-04 23:17:00 UTC:127.0.0.1(39218):app@shop:[8539]:ERROR:  division by zero\n"
			  "2026-12-04 23:17:00 UTC:127.0.0.1(39218):app@shop:[8539]:STATEMENT:  SELECT 1/0;\n"
			  "2026-12-04 23:17:01 UTC:[local]:postgres@postgres:[8531]:LOG:  disconnection\n";
	struct ds_header *h = infer(rds, "<time>:<field2>:<field3>:[<pid>]:<level>: <message>");
	const char *l = "2026-12-04 23:17:02 UTC::@:[8494]:LOG:  checkpoint starting: time";
	CHECK_STR(field(h, l, "field2"), "");
	CHECK_STR(field(h, l, "field3"), "@");
	CHECK_STR(field(h, l, "pid"), "8494");
	CHECK_STR(field(h, l, "message"), "checkpoint starting: time");
	l = "2026-12-04 23:17:03 UTC:10.0.0.7(51234):app@shop:[9001]:DETAIL:  Key (id)=(1) already exists.";
	CHECK_STR(field(h, l, "field2"), "10.0.0.7(51234)");
	CHECK_STR(field(h, l, "level"), "DETAIL");
	same_split(h, l);
	ds_header_free(h);
	/* a colon glued to the time before one word is no list */
	const char *one = "2026-12-04 10:00:01:ready to serve\n2026-12-04 10:00:02:ready to serve\n"
			  "2026-12-04 10:00:03:ready to serve\n";
	struct ds_header *g = NULL;
	struct ll_err err;
	CHECK_INT(ds_header_infer(one, strlen(one), 2026, &g, &err), LL_OK);
	CHECK(g && strstr(ds_header_text(g), "<field2>") == NULL);
	ds_header_free(g);
}

/* A program's bracket that is often no number is a context, text: stunnel's
 * "LOG5[ui]:" beside "LOG5[0]:" (its service threads, its connections). */
static void test_program_context(void)
{
	const char *stunnel = "2026.12.04 23:06:43 LOG5[ui]: stunnel 5.68 on x86_64-pc-linux-gnu platform\n"
			      "2026.12.04 23:06:43 LOG6[ui]: Initializing inetd mode configuration\n"
			      "2026.12.04 23:06:45 LOG5[0]: Service [svc] accepted connection from 127.0.0.1:40000\n"
			      "2026.12.04 23:06:45 LOG3[0]: s_connect: connect 127.0.0.1:9: Connection refused (111)\n"
			      "2026.12.04 23:06:46 LOG5[ui]: Terminated\n";
	struct ds_header *h = infer(stunnel, "<time> <component>[<context>]: <message>");
	CHECK_STR(field(h, "2026.12.04 23:06:47 LOG6[ui]: Accepting new connections", "context"), "ui");
	CHECK_INT(ds_header_field_type(h, 2), LL_COL_TEXT);
	ds_header_free(h);
	/* pids stay numbers */
	const char *sys = "2026-12-04 10:00:01 sshd[101]: Accepted key\n2026-12-04 10:00:02 cron[7]: job\n"
			  "2026-12-04 10:00:03 sshd[101]: Closed\n2026-12-04 10:00:04 cron[8]: job\n";
	h = infer(sys, "<time> <component>[<pid>]: <message>");
	CHECK_INT(ds_header_field_type(h, 2), LL_COL_NUM);
	ds_header_free(h);
}

static void test_level_verbosity(void)
{
	const char *bind = "04-Dec-2026 22:49:37.956 general: debug 1: now using logging configuration\n"
			   "04-Dec-2026 22:49:37.956 zoneload: info: zone example.test/IN: loaded serial 1\n"
			   "04-Dec-2026 22:49:37.960 zoneload: error: zone broken.test/IN: not loaded due to errors.\n"
			   "04-Dec-2026 22:49:37.964 general: notice: all zones loaded\n"
			   "04-Dec-2026 22:49:37.970 resolver: debug 3: priming query\n";
	struct ds_header *h = infer(bind, "<time> <component>: <level>: <message>");
	const char *l = "04-Dec-2026 22:49:38.000 general: debug 1: exclusive task mode: ended";
	CHECK_STR(field(h, l, "level"), "debug 1");
	CHECK_STR(field(h, l, "message"), "exclusive task mode: ended");
	l = "04-Dec-2026 22:49:38.100 zoneload: info: zone example.test/IN: loaded serial 2";
	CHECK_STR(field(h, l, "level"), "info");
	CHECK_STR(field(h, l, "message"), "zone example.test/IN: loaded serial 2");
	same_split(h, l);
	ds_header_free(h);
}

/* A JVM's GC log (JDK 8's -XX:+PrintGCDateStamps -XX:+PrintGCTimeStamps):
 * the uptime in seconds with a fraction and a colon is a number column,
 * not a component; a word with a colon stays one. */
static void test_uptime_colon(void)
{
	const char *gc = "2026-12-06T03:44:03.123+0000: 1.234: [GC (Allocation Failure) 65536K->10800K(251392K), "
			 "0.0123456 secs]\n"
			 "2026-12-06T03:44:05.500+0000: 3.611: [GC (Allocation Failure) 76336K->20000K(316928K), "
			 "0.0234567 secs]\n"
			 "2026-12-06T03:44:09.000+0000: 7.111: [Full GC (Ergonomics) 20000K->18000K(316928K), "
			 "0.1500000 secs]\n"
			 "2026-12-06T03:44:12.750+0000: 10.861: [GC (Allocation Failure) 149072K->26000K(316928K), "
			 "0.0100000 secs]\n"
			 "2026-12-06T03:44:13.001+0000: 123.450: [GC (Allocation Failure) 1K->1K(2K), 0.01 secs]\n";
	struct ds_header *h = infer(gc, "<time>: <uptime>: <message>");
	const char *l = "2026-12-06T03:44:20.000+0000: 1234.567: [GC (System.gc()) 1K->1K(2K), 0.01 secs]";
	CHECK_STR(field(h, l, "uptime"), "1234.567");
	CHECK_STR(field(h, l, "message"), "[GC (System.gc()) 1K->1K(2K), 0.01 secs]");
	CHECK_INT(ds_header_field_type(h, 1), LL_COL_NUM);
	same_split(h, l);
	ds_header_free(h);
	/* without the date stamps */
	const char *bare = "1.234: [GC (Allocation Failure) 65536K->10800K(251392K), 0.0123456 secs]\n"
			   "3.611: [GC (Allocation Failure) 76336K->20000K(316928K), 0.0234567 secs]\n"
			   "7.111: [Full GC (Ergonomics) 20000K->18000K(316928K), 0.1500000 secs]\n"
			   "10.861: [GC (Allocation Failure) 149072K->26000K(316928K), 0.0100000 secs]\n";
	h = infer(bare, "<uptime>: <message>");
	CHECK_INT(ds_header_field_type(h, 0), LL_COL_NUM);
	ds_header_free(h);
	/* a name with a colon after the time is still a component */
	const char *comp = "2026-12-06T03:44:03Z: cache: warmed 10 entries\n"
			   "2026-12-06T03:44:04Z: db: pool of 8 ready\n"
			   "2026-12-06T03:44:05Z: cache: warmed 12 entries\n"
			   "2026-12-06T03:44:06Z: http: listening on 8080\n";
	h = ds_header_infer(comp, strlen(comp), 2026, &h, &(struct ll_err){0}) == LL_OK ? h : NULL;
	CHECK(h && strstr(ds_header_text(h), "<uptime>") == NULL);
	ds_header_free(h);
}

/* Fixed fields to the end of every line and no free text (Squid's native
 * access.log): header up to the last field; messages that happen to have
 * as many words as each other stay messages. */
static void test_fixed_fields(void)
{
	const char *squid =
		"1765000000.123    245 10.0.0.5 TCP_MISS/200 10240 GET http://example.com/index.html - "
		"HIER_DIRECT/93.184.216.34 text/html\n"
		"1765000001.456     12 10.0.0.6 TCP_HIT/200 5120 GET http://example.com/style.css - HIER_NONE/- text/css\n"
		"1765000002.789   3001 10.0.0.7 TCP_MISS/504 0 GET http://slow.example.org/ - HIER_DIRECT/203.0.113.9 -\n"
		"1765000003.001      0 10.0.0.5 TCP_DENIED/403 3912 CONNECT bad.example.net:443 - HIER_NONE/- text/html\n"
		"1765000004.250    120 10.0.0.8 TCP_TUNNEL/200 48213 CONNECT api.example.com:443 alice "
		"HIER_DIRECT/198.51.100.3 -\n";
	struct ds_header *h =
		infer(squid, "<time> <field2> <host> <field4> <field5> <field6> <field7> <field8> <field9> <message>");
	const char *l = "1765000005.000     77 10.0.0.9 TCP_MISS/200 999 POST http://x.example/api bob HIER_DIRECT/1.2.3.4 "
			"application/json";
	CHECK_STR(field(h, l, "field2"), "77");
	CHECK_STR(field(h, l, "host"), "10.0.0.9");
	CHECK_STR(field(h, l, "field6"), "POST");
	CHECK_STR(field(h, l, "field8"), "bob");
	CHECK_STR(field(h, l, "message"), "application/json");
	CHECK_INT(ds_header_field_type(h, 1), LL_COL_NUM);
	CHECK_INT(ds_header_field_type(h, 4), LL_COL_NUM);
	same_split(h, l);
	ds_header_free(h);
	/* messages of as many words as each other */
	static const char *const prose[] = {
		"2026-12-06 03:44:01 Started job build\n2026-12-06 03:44:02 Started job test\n"
		"2026-12-06 03:44:03 Started job lint\n2026-12-06 03:44:04 Started job pack\n",
		"2026-12-06T03:44:01Z sshd accepted publickey for alice from 10.0.0.1 port 51231 ssh2\n"
		"2026-12-06T03:44:02Z sshd accepted publickey for bob from 10.0.0.2 port 51232 ssh2\n"
		"2026-12-06T03:44:03Z sshd accepted password for carol from 10.0.0.3 port 51233 ssh2\n"
		"2026-12-06T03:44:04Z sshd accepted publickey for dave from 10.0.0.4 port 51234 ssh2\n",
		"2026-12-06 03:44:01 cache hit ratio 0.93\n2026-12-06 03:44:02 queue depth is 12\n"
		"2026-12-06 03:44:03 worker pool size 8\n2026-12-06 03:44:04 disk usage at 71%\n"
		"2026-12-06 03:44:05 cache hit ratio 0.91\n",
		"1765000000.123 request served 200 12ms\n1765000001.123 request served 404 3ms\n"
		"1765000002.123 request failed 500 30ms\n1765000003.123 request served 200 9ms\n",
		"2026-12-06 03:44:01 Disk sda1 is healthy\n2026-12-06 03:44:02 Disk sdb1 is degraded\n"
		"2026-12-06 03:44:03 Fan FAN2 speed nominal\n2026-12-06 03:44:04 PSU PSU1 reports OK\n",
		"2026-12-06 03:44:01 Connection closed by 10.0.0.1\n2026-12-06 03:44:02 Connection reset by 10.0.0.2\n"
		"2026-12-06 03:44:03 Session opened for root\n2026-12-06 03:44:04 Session closed for root\n",
		"2026-12-06 03:44:01 backup of /var/lib/db took 12s\n2026-12-06 03:44:02 backup of /home/alice took 40s\n"
		"2026-12-06 03:44:03 restore of /srv/www took 3s\n2026-12-06 03:44:04 backup of /etc took 1s\n",
		/* a message in capitals, no word of prose: its words stand in
		 * any column, as no field's values do */
		"2026-12-06 03:44:01 DISK FULL NODE DOWN RETRY\n2026-12-06 03:44:02 NODE UP LINK DOWN FAIL\n"
		"2026-12-06 03:44:03 LINK FAIL RETRY DISK FULL\n2026-12-06 03:44:04 RETRY NODE DOWN LINK UP\n"
		"2026-12-06 03:44:05 FAIL DISK UP NODE LINK\n2026-12-06 03:44:06 UP RETRY FULL FAIL DOWN\n",
	};
	for (size_t k = 0; k < sizeof prose / sizeof *prose; k++) {
		h = infer(prose[k], "<time> <message>");
		ds_header_free(h);
	}
}

static void test_framed_pid(void)
{
	/* valgrind: its tools write "==PID== ", its core "--PID-- "; no time */
	const char *vg = "==12345== Memcheck, a memory error detector\n"
			 "==12345== Command: ./a.out\n"
			 "==12345== \n"
			 "--12345-- Valgrind options:\n"
			 "--12345--    --leak-check=full\n"
			 "==12345== Invalid read of size 4\n"
			 "==12345==    at 0x109151: main (a.c:5)\n"
			 "==12345==    by 0x10913E: main (a.c:4)\n"
			 "==12345== \n"
			 "==12345== HEAP SUMMARY:\n"
			 "==12345==     in use at exit: 40 bytes in 1 blocks\n"
			 "==12345== ERROR SUMMARY: 2 errors from 2 contexts (suppressed: 0 from 0)\n";
	struct ds_header *h = infer(vg, "==<pid>== <message>");
	CHECK_INT(ds_header_field_type(h, 0), LL_COL_NUM);
	CHECK_STR(field(h, "==12345== Invalid read of size 4", "pid"), "12345");
	CHECK_STR(field(h, "==12345== Invalid read of size 4", "message"), "Invalid read of size 4");
	/* the core's lines fit the same header */
	CHECK_STR(field(h, "--12345--    --leak-check=full", "pid"), "12345");
	CHECK_STR(field(h, "--12345--    --leak-check=full", "message"), "--leak-check=full");
	CHECK_STR(field(h, "==12345==", "pid"), "12345");
	same_split(h, "==12345== HEAP SUMMARY:");
	ds_header_free(h);
	/* runs that differ, or no digits between them, frame nothing */
	h = infer("==12-- one\n==13-- two\n==14-- three\n==15-- four\n", "<message>");
	ds_header_free(h);
	h = infer("==== one ====\n==== two ====\n==== three ====\n==== four ====\n", "<message>");
	ds_header_free(h);
}

int main(void)
{
	test_pipe_then_blank();
	test_bracketed_pid();
	test_tags_and_optional_word();
	test_kv_list();
	test_glued_pid();
	test_level_verbosity();
	test_program_context();
	test_colon_list();
	test_uptime_colon();
	test_fixed_fields();
	test_framed_pid();
	TEST_MAIN_END();
}
