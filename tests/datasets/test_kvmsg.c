/*
 * test_kvmsg.c - messages that end in key=value pairs (ds_kvmsg.h): the
 * scan of one message, and logs read with a column per key, typed, the
 * message from "msg", from the text before the pairs or the pairs as
 * written; a CEF extension and LEEF attributes by their own rules; and
 * logs whose messages are not pairs, read as before.
 */
#include "harness.h"
#include "cell_at.h"

#include "ds_kvmsg.h"
#include "ds_reader.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[256];

/* The pairs of s: "lead|k=v|k=v" into out. */
static const char *pairs(const char *s, char *out, size_t cap)
{
	struct ds_span lead, k[8], v[8];
	size_t n = ds_kv_pairs(s, strlen(s), &lead, k, v, 8);
	size_t w = (size_t)snprintf(out, cap, "%.*s", (int)lead.len, s + lead.off);
	for (size_t i = 0; i < n && i < 8 && w < cap; i++)
		w += (size_t)snprintf(out + w, cap - w, "|%.*s=%.*s", (int)k[i].len, s + k[i].off, (int)v[i].len,
				      s + v[i].off);
	return out;
}

/* The same with the CEF extension's rule. */
static const char *ext_pairs(const char *s, char *out, size_t cap)
{
	struct ds_span lead, k[8], v[8];
	size_t n = ds_kv_pairs_extension(s, strlen(s), &lead, k, v, 8);
	size_t w = (size_t)snprintf(out, cap, "%.*s", (int)lead.len, s + lead.off);
	for (size_t i = 0; i < n && i < 8 && w < cap; i++)
		w += (size_t)snprintf(out + w, cap - w, "|%.*s=%.*s", (int)k[i].len, s + k[i].off, (int)v[i].len,
				      s + v[i].off);
	return out;
}

/* The same with a LEEF event's delimiter. */
static const char *leef_pairs(const char *s, const char *delim, char *out, size_t cap)
{
	struct ds_span lead, k[8], v[8];
	size_t n = ds_kv_pairs_delimited(s, strlen(s), delim, strlen(delim), &lead, k, v, 8);
	size_t w = (size_t)snprintf(out, cap, "%.*s", (int)lead.len, s + lead.off);
	for (size_t i = 0; i < n && i < 8 && w < cap; i++)
		w += (size_t)snprintf(out + w, cap - w, "|%.*s=%.*s", (int)k[i].len, s + k[i].off, (int)v[i].len,
				      s + v[i].off);
	return out;
}

/* LEEF attributes: a piece between delimiters is a pair when it opens with
 * a key and '='; blanks inside a value kept, around it dropped; an '=' in
 * a value is the value's; pieces before the first pair are the lead. */
static void test_delimited(void)
{
	char b[256];
	CHECK_STR(leef_pairs("devTime=2024-03-04 10:00:01\tdomain=NT AUTHORITY\tsrc=10.0.0.5", "\t", b, sizeof b),
		  "|devTime=2024-03-04 10:00:01|domain=NT AUTHORITY|src=10.0.0.5");
	CHECK_STR(leef_pairs("cat=auth^usrName=Jane Roe ^url=/a?b=c^empty=", "^", b, sizeof b),
		  "|cat=auth|usrName=Jane Roe|url=/a?b=c|empty=");
	CHECK_STR(leef_pairs("lead text\tsrc=1\tnot a pair\tdst=2", "\t", b, sizeof b), "lead text|src=1|dst=2");
	CHECK_STR(leef_pairs("no pairs here", "\t", b, sizeof b), "no pairs here");
	CHECK_STR(leef_pairs("=x\t1a=2", "\t", b, sizeof b), "=x\t1a=2");
	CHECK_STR(leef_pairs("", "\t", b, sizeof b), "");
	/* a delimiter of several bytes: rsyslog's "#011" for a tab */
	CHECK_STR(leef_pairs("devTime=2024-03-04 10:00:01#011usrName=Jane Roe#011src=10.0.0.5", "#011", b, sizeof b),
		  "|devTime=2024-03-04 10:00:01|usrName=Jane Roe|src=10.0.0.5");
	CHECK_STR(leef_pairs("lead#011src=1#011", "#011", b, sizeof b), "lead|src=1");
	struct ds_span lead, k[2], v[2];
	const char *many = "a=1^b=2^c=3^d=4";
	CHECK_INT(ds_kv_pairs_delimited(many, strlen(many), "^", 1, &lead, k, v, 2), 4);
	CHECK_INT(v[1].len, 1);
}

/* A CEF extension: values hold blanks up to the next key; "\=" opens no
 * key; trailing blanks dropped; more pairs than room are counted. */
static void test_extension(void)
{
	char b[256];
	CHECK_STR(ext_pairs("src=10.0.0.1 msg=Admin accessed the console cs1=Default Deny ", b, sizeof b),
		  "|src=10.0.0.1|msg=Admin accessed the console|cs1=Default Deny");
	CHECK_STR(ext_pairs("request=http://x/?a\\=b act=blocked", b, sizeof b), "|request=http://x/?a\\=b|act=blocked");
	CHECK_STR(ext_pairs("free text first src=1 dst=", b, sizeof b), "free text first|src=1|dst=");
	CHECK_STR(ext_pairs("no pairs here", b, sizeof b), "no pairs here");
	CHECK_STR(ext_pairs("", b, sizeof b), "");
	struct ds_span lead, k[2], v[2];
	const char *many = "a=1 b=2 c=3 d=4";
	CHECK_INT(ds_kv_pairs_extension(many, strlen(many), &lead, k, v, 2), 4);
	CHECK_INT(v[1].len, 1);
}

static void test_scan(void)
{
	char b[256];
	CHECK_STR(pairs("msg=\"request done\" path=/api status=200", b, sizeof b),
		  "|msg=request done|path=/api|status=200");
	CHECK_STR(pairs("Compaction done duration=3ms blocks=2", b, sizeof b), "Compaction done|duration=3ms|blocks=2");
	CHECK_STR(pairs("\"Starting kubelet\" version=\"v1.29\"", b, sizeof b), "Starting kubelet|version=v1.29");
	/* escapes stay as written; an empty value; '=' inside a quoted value */
	CHECK_STR(pairs("err=\"say \\\"no\\\"\" empty= q=\"a=b c\"", b, sizeof b),
		  "|err=say \\\"no\\\"|empty=|q=a=b c");
	/* pairs must run to the end: text after them, a quote left open */
	CHECK_STR(pairs("a=1 b=2 and more", b, sizeof b), "a=1 b=2 and more");
	CHECK_STR(pairs("a=1 b=\"open", b, sizeof b), "a=1 b=\"open");
	CHECK_STR(pairs("x == y", b, sizeof b), "x == y");
	CHECK_STR(pairs("", b, sizeof b), "");
	CHECK_STR(pairs("   ", b, sizeof b), "");
	/* pairs joined by ", " (mail servers, Keycloak): the comma is no
	 * value's, bare or quoted; a comma inside a value is */
	CHECK_STR(pairs("Login: user=<alice>, method=PLAIN, rip=10.0.0.5, lip=10.0.0.1", b, sizeof b),
		  "Login:|user=<alice>|method=PLAIN|rip=10.0.0.5|lip=10.0.0.1");
	CHECK_STR(pairs("msg=\"a, b\", n=1, tags=x,y", b, sizeof b), "|msg=a, b|n=1|tags=x,y");
	CHECK_STR(pairs("a=1,b=2", b, sizeof b), "|a=1,b=2");
	/* a key starts with a letter, '_' or '@'; a pair needs a blank after it */
	CHECK_STR(pairs("1=2 3=4", b, sizeof b), "1=2 3=4");
	CHECK_STR(pairs("a=1\"b\"", b, sizeof b), "a=1\"b\"");
	CHECK_STR(pairs("user.id=7 @t=x", b, sizeof b), "|user.id=7|@t=x");
	/* auditd's single quotes around a message of pairs */
	CHECK_STR(pairs("pid=3 msg='op=login res=success'", b, sizeof b), "|pid=3|msg=op=login res=success");
	CHECK_STR(pairs("user=o'brien n=1", b, sizeof b), "|user=o'brien|n=1");
	/* a number with its unit after a blank (ping's "time=0.045 ms"): the
	 * unit is the value's; letters that say too little, a pair, a word
	 * that is no unit, a unit after a word are not */
	CHECK_STR(pairs("64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms", b, sizeof b),
		  "64 bytes from 10.0.0.1:|icmp_seq=1|ttl=64|time=0.045 ms");
	CHECK_STR(pairs("took=1.5 s read=3 MiB n=2", b, sizeof b), "|took=1.5 s|read=3 MiB|n=2");
	CHECK_STR(pairs("a=3 ms=4", b, sizeof b), "|a=3|ms=4");
	CHECK_STR(pairs("n=3 m", b, sizeof b), "n=3 m");
	CHECK_STR(pairs("n=3 KB", b, sizeof b), "|n=3 KB");
	CHECK_STR(pairs("n=3 k", b, sizeof b), "n=3 k");
	CHECK_STR(pairs("n=3 apples", b, sizeof b), "n=3 apples");
	CHECK_STR(pairs("u=fast ms", b, sizeof b), "u=fast ms");
	CHECK_STR(pairs("t=2  ms", b, sizeof b), "t=2  ms");
	CHECK_STR(pairs("t=2 ms\"x\"", b, sizeof b), "t=2 ms\"x\"");
	/* more pairs than asked for: counted, the first kept */
	struct ds_span lead, k[2], v[2];
	const char *many = "a=1 b=2 c=3 d=4";
	CHECK_INT(ds_kv_pairs(many, strlen(many), &lead, k, v, 2), 4);
	CHECK(k[1].len == 1 && many[k[1].off] == 'b');
	/* a long message of words, then a pair; a long run of pairs, then a
	 * word: one pass over the message either way */
	static char words[1 << 20];
	size_t w = 0;
	for (int i = 0; i < 50000; i++)
		w += (size_t)snprintf(words + w, sizeof words - w, "w%d ", i);
	snprintf(words + w, sizeof words - w, "k=v");
	CHECK_INT(ds_kv_pairs(words, strlen(words), &lead, k, v, 2), 1);
	CHECK_INT(lead.len, w - 1);
	w = 0;
	for (int i = 0; i < 50000; i++)
		w += (size_t)snprintf(words + w, sizeof words - w, "k%d=\"v %d\" ", i, i);
	snprintf(words + w, sizeof words - w, "end");
	CHECK_INT(ds_kv_pairs(words, strlen(words), &lead, k, v, 2), 0);
	CHECK_INT(lead.len, strlen(words));
}

static struct ll_table *load_text(const char *name, const char *text, const struct ds_reader **used)
{
	const char *path = ll_test_put_bytes(dir, name, text, strlen(text));
	struct ds_open_opts o = {.default_year = 2024};
	struct ll_table *t = NULL;
	struct ll_err err;
	if (ds_load(path, &o, &t, used, &err) != LL_OK) {
		fprintf(stderr, "%s: %s\n", name, err.msg);
		return NULL;
	}
	return t;
}

/* logfmt after a header of its own pairs, Prometheus' shape; free text
 * before pairs; klog's quoted message; Heroku's router without a message;
 * a key named like a column; a key of one line left in the message, one
 * of a few lines (an error's) a column. */
static void test_logs(void)
{
	char buf[8192];
	size_t n = 0;
	for (int i = 0; i < 30; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "ts=2024-01-05T10:00:%02d.123Z caller=main.go:%d level=%s msg=\"compaction %s\" "
				      "duration=%dms blocks=%d%s\n",
				      i, 100 + i % 5, i % 7 ? "info" : "warn", i % 2 ? "done" : "started", i * 3, i % 4,
				      i == 15 ? " once=x" : i % 10 == 3 ? " err=\"disk full\"" : "");
	const struct ds_reader *used = NULL;
	struct ll_table *t = load_text("prom.log", buf, &used);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 30);
		CHECK_STR(text_at(t, 1, "message"), "compaction done");
		CHECK_STR(text_at(t, 7, "level"), "warn");
		CHECK_INT(type_at(t, "blocks"), LL_COL_NUM);
		CHECK(num_at(t, 3, "blocks") == 3);
		/* a duration with its unit is a number of seconds (ds_units.h) */
		CHECK_INT(type_at(t, "duration"), LL_COL_NUM);
		CHECK(fabs(num_at(t, 2, "duration") - 0.006) < 1e-12);
		CHECK(num_at(t, 0, "duration") == 0);
		CHECK(used && used->line->units != NULL);
		CHECK(ll_test_has_note(t, "prom.log: column duration read as duration: seconds"));
		CHECK(ll_table_find_column(t, "once") < 0); /* 1 line of 30 */
		CHECK_STR(text_at(t, 13, "err"), "disk full"); /* 3 lines of 30: an error's */
		CHECK(used && strstr(used->line->header, "level=<level> <message> (the message's pairs, in any "
							 "order: msg=<message> duration=<duration> blocks=<blocks> err=<err>)"));
		ll_table_free(t);
	}
	/* pairs as many as a line format holds: the header shown names every
	 * one and is closed */
	n = 0;
	for (int i = 0; i < 3; i++) {
		n += (size_t)snprintf(buf + n, sizeof buf - n, "ts=2024-01-05T10:00:%02dZ level=info", i);
		for (int k = 0; k < 58; k++)
			n += (size_t)snprintf(buf + n, sizeof buf - n, " field_number_%02d=%d", k, i + k);
		n += (size_t)snprintf(buf + n, sizeof buf - n, "\n");
	}
	t = load_text("wide.log", buf, &used);
	CHECK(t != NULL);
	if (t) {
		CHECK(ll_table_find_column(t, "field_number_57") >= 0);
		const char *h = used ? used->line->header : "";
		CHECK(strstr(h, " field_number_57=<field_number_57>)") != NULL);
		CHECK(h[strlen(h) - 1] == ')');
		ll_table_free(t);
	}
	n = 0;
	for (int i = 0; i < 20; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "2024-01-05 10:00:%02d INFO [db] Query finished rows=%d took=%d.5 table=t%d\n", i, i * 10,
				      i, i % 3);
	t = load_text("free.log", buf, NULL);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(text_at(t, 4, "message"), "Query finished");
		CHECK(num_at(t, 4, "rows") == 40 && num_at(t, 4, "took") == 4.5);
		CHECK_STR(text_at(t, 5, "table"), "t2");
		ll_table_free(t);
	}
	n = 0;
	for (int i = 0; i < 20; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "I0105 10:00:%02d.000000    %d server.go:%d] \"Starting kubelet\" version=\"v1.29\" "
				      "node=\"n%d\"\n",
				      i, 4000 + i, 60 + i, i % 2);
	t = load_text("klog.log", buf, NULL);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(text_at(t, 3, "message"), "Starting kubelet");
		CHECK_STR(text_at(t, 3, "node"), "n1");
		CHECK_STR(text_at(t, 3, "version"), "v1.29");
		ll_table_free(t);
	}
	n = 0;
	/* pairs in either order (no header takes them), no message key and no
	 * text before them: the pairs are the message */
	for (int i = 0; i < 20; i++)
		if (i % 2)
			n += (size_t)snprintf(buf + n, sizeof buf - n,
					      "2024-01-05T10:00:%02d+00:00 router: status=%d bytes=%d line=%d\n", i,
					      i % 5 ? 200 : 503, 100 + i, i);
		else
			n += (size_t)snprintf(buf + n, sizeof buf - n,
					      "2024-01-05T10:00:%02d+00:00 router: bytes=%d status=%d line=%d\n", i, 100 + i,
					      i % 5 ? 200 : 503, i);
	t = load_text("router.log", buf, NULL);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(text_at(t, 5, "message"), "status=503 bytes=105 line=5");
		CHECK(num_at(t, 5, "status") == 503 && num_at(t, 4, "bytes") == 104);
		CHECK(num_at(t, 6, "kv.line") == 6); /* "line" is the table's column already */
		ll_table_free(t);
	}
}

/* auditd: pairs after the record's header, and a login's msg='...' whose
 * own pairs are read too (res=failed is the one a triage looks for). */
/* A CEF event's extension, bare and after a syslog time: a column per
 * key, values with blanks whole, the receipt time (epoch ms) a time. */
static void test_cef(void)
{
	char buf[2048];
	size_t n = 0;
	for (int i = 0; i < 3; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "CEF:0|Acme|Gate|1.0|10%d|port scan detected|7|src=10.0.0.%d rt=17013393%02d000 "
				      "act=blocked cs1Label=Policy cs1=Default Deny %d msg=probe from outside\n",
				      i, i, i, i);
	const struct ds_reader *used = NULL;
	struct ll_table *t = load_text("cef.log", buf, &used);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(text_at(t, 1, "cs1"), "Default Deny 1");
		CHECK_STR(text_at(t, 2, "src"), "10.0.0.2");
		CHECK_STR(text_at(t, 0, "message"), "probe from outside");
		CHECK_INT(type_at(t, "rt"), LL_COL_TIME);
		CHECK(num_at(t, 1, "rt") == 1701339301);
		ll_table_free(t);
	}
	/* "rt" outside a CEF extension is no clock of its own */
	t = load_text("rt.log", "2024-01-05 10:00:00 INFO done rt=1701339300000 n=1\n"
				"2024-01-05 10:00:01 INFO done rt=1701339301000 n=2\n"
				"2024-01-05 10:00:02 INFO done rt=1701339302000 n=3\n", &used);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(type_at(t, "rt"), LL_COL_NUM);
		ll_table_free(t);
	}
}

/* LEEF events: LEEF 1.0's attributes split by tabs, after a syslog time
 * and host too, values with blanks whole and devTime a time; LEEF 2.0's by
 * the delimiter its header names, as itself or in hex; tabs a relay turned
 * into blanks read by CEF's rule, and rsyslog's "#011" for them split as
 * tabs. */
static void test_leef(void)
{
	static const struct {
		const char *name, *fmt, *delim;
	} cases[] = {
	    {"leef1.log", "LEEF:1.0|Acme|Gate|4.1|login|devTime=2024-03-04 10:00:0%d\tusrName=Jane Roe %d\tsrc=10.0.0.%d\n",
	     NULL},
	    {"leef1s.log",
	     "Mar  4 10:00:0%d gw1 LEEF:1.0|Acme|Gate|4.1|login|devTime=2024-03-04 10:00:0%d\tusrName=Jane Roe %d\tsrc=10.0.0.%d\n",
	     NULL},
	    {"leef2.log", "LEEF:2.0|Acme|Gate|4.1|login|^|devTime=2024-03-04 10:00:0%d^usrName=Jane Roe %d^src=10.0.0.%d\n",
	     "^"},
	    {"leef2x.log",
	     "LEEF:2.0|Acme|Gate|4.1|login|x5E|devTime=2024-03-04 10:00:0%d^usrName=Jane Roe %d^src=10.0.0.%d\n", "x5E"},
	    {"leef1b.log", "LEEF:1.0|Acme|Gate|4.1|login|devTime=2024-03-04 10:00:0%d usrName=Jane Roe %d src=10.0.0.%d\n",
	     NULL},
	    {"leef1r.log",
	     "LEEF:1.0|Acme|Gate|4.1|login|devTime=2024-03-04 10:00:0%d#011usrName=Jane Roe %d#011src=10.0.0.%d\n", NULL},
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		char buf[1024];
		size_t n = 0;
		int stamped = strstr(cases[c].fmt, "gw1") != NULL;
		for (int i = 1; i <= 3; i++)
			n += stamped ? (size_t)snprintf(buf + n, sizeof buf - n, cases[c].fmt, i, i, i, i)
				     : (size_t)snprintf(buf + n, sizeof buf - n, cases[c].fmt, i, i, i);
		const struct ds_reader *used = NULL;
		struct ll_table *t = load_text(cases[c].name, buf, &used);
		CHECK(t != NULL);
		if (!t)
			continue;
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(text_at(t, 1, "usrName"), "Jane Roe 2");
		CHECK_STR(text_at(t, 2, "src"), "10.0.0.3");
		CHECK_INT(type_at(t, "devTime"), LL_COL_TIME);
		CHECK(num_at(t, 0, "devTime") == 1709546401);
		if (cases[c].delim)
			CHECK_STR(text_at(t, 0, "delimiter"), cases[c].delim);
		if (ll_table_find_column(t, "usrName") < 0)
			fprintf(stderr, "  %s\n", cases[c].name);
		ll_table_free(t);
	}
}

/* A logfmt snippet of three lines whose keys come in two orders: no
 * header of one order reads it, its pairs do, the time among them. */
static void test_short(void)
{
	const char *text = "logger=settings t=2024-01-05T10:00:00Z level=info msg=\"starting\"\n"
			   "logger=context userId=0 t=2024-01-05T10:00:04Z level=error msg=\"bad password\"\n"
			   "t=2024-01-05T10:00:05Z logger=server level=warn msg=\"slow\"\n";
	const struct ds_reader *used = NULL;
	struct ll_table *t = load_text("short.log", text, &used);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(type_at(t, "t"), LL_COL_TIME);
		CHECK_STR(text_at(t, 1, "level"), "error");
		CHECK_STR(text_at(t, 2, "message"), "slow");
		ll_table_free(t);
	}
	/* two lines are too few to believe */
	t = load_text("two.log", "logger=a t=2024-01-05T10:00:00Z level=info msg=\"x\"\n"
				 "logger=b userId=1 t=2024-01-05T10:00:01Z level=info msg=\"y\"\n", &used);
	CHECK(t != NULL);
	if (t) {
		CHECK(ll_table_find_column(t, "userId") < 0);
		ll_table_free(t);
	}
}

static void test_audit(void)
{
	char buf[8192];
	size_t n = 0;
	for (int i = 0; i < 24; i++)
		if (i % 2)
			n += (size_t)snprintf(buf + n, sizeof buf - n,
					      "type=USER_LOGIN msg=audit(1700000%03d.%03d:%d): pid=%d uid=0 auid=1000 ses=2 "
					      "msg='op=login id=1000 exe=\"/usr/sbin/sshd\" hostname=10.0.0.%d addr=10.0.0.%d "
					      "terminal=ssh res=%s'\n",
					      i, i, 100 + i, 3000 + i, i, i, i % 3 ? "success" : "failed");
		else
			n += (size_t)snprintf(buf + n, sizeof buf - n,
					      "type=SYSCALL msg=audit(1700000%03d.%03d:%d): arch=c000003e syscall=59 "
					      "success=yes exit=0 pid=%d uid=0 auid=1000 comm=\"bash\" key=\"exec\"\n",
					      i, i, 100 + i, 2000 + i);
	struct ll_table *t = load_text("audit.log", buf, NULL);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(text_at(t, 3, "res"), "failed");
		CHECK_STR(text_at(t, 5, "res"), "success");
		CHECK_STR(text_at(t, 3, "op"), "login");
		CHECK(num_at(t, 3, "pid") == 3003 && num_at(t, 4, "pid") == 2004);
		CHECK_STR(text_at(t, 4, "comm"), "bash");
		CHECK(strncmp(text_at(t, 3, "message"), "op=login id=1000", 16) == 0);
		ll_table_free(t);
	}
}

/* Messages of pairs on fewer than half of the lines, and text with an '='
 * here and there, read as before: no column of keys. */
static void test_not_pairs(void)
{
	char buf[8192];
	size_t n = 0;
	for (int i = 0; i < 30; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "2024-01-05 10:00:%02d INFO worker %s\n", i,
				      i % 3 == 0 ? "done a=1 b=2" : "processing the queue of jobs, x == y");
	const struct ds_reader *used = NULL;
	struct ll_table *t = load_text("mixed.log", buf, &used);
	CHECK(t != NULL);
	if (t) {
		CHECK(ll_table_find_column(t, "a") < 0);
		CHECK_STR(text_at(t, 0, "message"), "worker done a=1 b=2");
		CHECK(used && !strstr(used->line->header, "pairs"));
		ll_table_free(t);
	}
}

/* Pairs with units after a blank and clocks under names of spans (PBS's
 * accounting, ping): typed as durations and sizes, the clocks of a key
 * named "time" left as they are; plain lines with no header (ping under
 * its banner) get their pairs too. */
static void test_units_and_clocks(void)
{
	char buf[8192];
	size_t n = 0;
	for (int i = 0; i < 10; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "2024-01-05 10:00:%02d INFO pbs: job ended walltime=00:%02d:10 cput=1-00:00:%02d "
				      "at=%02d:30:00 took=%d.5 ms mem=%d MiB\n",
				      i, 10 + i, i, 8 + i, i, 100 + i);
	struct ll_table *t = load_text("pbs.log", buf, NULL);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(type_at(t, "walltime"), LL_COL_NUM);
		CHECK(num_at(t, 1, "walltime") == 670);
		CHECK(num_at(t, 2, "cput") == 86402);
		CHECK_INT(type_at(t, "at"), LL_COL_TEXT); /* a clock of day */
		CHECK(fabs(num_at(t, 3, "took") - 0.0035) < 1e-12);
		CHECK(num_at(t, 0, "mem") == 100 * 1048576.0);
		CHECK_STR(text_at(t, 0, "message"), "job ended");
		ll_table_free(t);
	}
	n = (size_t)snprintf(buf, sizeof buf, "PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.\n");
	for (int i = 1; i <= 9; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "64 bytes from 10.0.0.1: icmp_seq=%d ttl=64 time=0.0%d ms\n",
				      i, 40 + i);
	n += (size_t)snprintf(buf + n, sizeof buf - n, "\n--- 10.0.0.1 ping statistics ---\n");
	/* read as plain lines (--format lines, and the fallback when no
	 * header fits, as with a longer banner) */
	const char *path = ll_test_put_bytes(dir, "ping.txt", buf, n);
	struct ds_open_opts o = {.default_year = 2024, .format = "lines"};
	struct ll_err err;
	const struct ds_reader *used = NULL;
	t = NULL;
	CHECK_INT(ds_load(path, &o, &t, &used, &err), LL_OK);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(used->name, "lines");
		CHECK_INT(type_at(t, "icmp_seq"), LL_COL_NUM);
		CHECK_INT(type_at(t, "ttl"), LL_COL_NUM);
		CHECK(num_at(t, 2, "icmp_seq") == 2);
		CHECK(fabs(num_at(t, 2, "time") - 42e-6) < 1e-12);
		CHECK(isnan(num_at(t, 0, "ttl")));
		CHECK_STR(text_at(t, 0, "message"), "PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.");
		CHECK_STR(text_at(t, 1, "message"), "64 bytes from 10.0.0.1:");
		ll_table_free(t);
	}
	/* ping -D: a key named like the line's time field is another value,
	 * kv.time */
	n = 0;
	for (int i = 1; i <= 9; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "[1765015200.%06d] 64 bytes from 10.0.0.1: icmp_seq=%d ttl=64 time=0.0%d ms\n", i * 1234,
				      i, 40 + i);
	t = load_text("ping-D.txt", buf, NULL);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(type_at(t, "time"), LL_COL_TIME);
		CHECK(fabs(num_at(t, 2, "time") - 1765015200.003702) < 1e-5);
		CHECK_INT(type_at(t, "kv.time"), LL_COL_NUM);
		CHECK(fabs(num_at(t, 2, "kv.time") - 43e-6) < 1e-12);
		CHECK(num_at(t, 2, "icmp_seq") == 3);
		ll_table_free(t);
	}
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "kvmsg");
	test_units_and_clocks();
	test_scan();
	test_logs();
	test_extension();
	test_delimited();
	test_cef();
	test_leef();
	test_short();
	test_audit();
	test_not_pairs();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
