/*
 * test_stanza.c - the "stanza" reader (ds_stanza.h): what a "Key: value"
 * line is; records set apart by titles, by rules or by their opening key
 * met again; values over several lines; what is no such file (one block,
 * a log of "LEVEL: message" lines, prose); stat dumps (ethtool -S under its
 * title, Redis's INFO of tight "key:value" pairs under "# Section" titles,
 * nstat's names, values and rates, each once or polled with a stamp
 * between); hostile input (a 1 MiB value,
 * more keys than columns, binary junk) and seeded mutants.
 */
#include "harness.h"

#include "ds_reader.h"
#include "ds_stanza.h"
#include "ll_strbuf.h"
#include "reader_test.h"

#include <stdlib.h>

static char dir[200];

static int pair_is(const char *line, const char *key, const char *value)
{
	struct ds_span k, v;
	if (!ds_stanza_pair(line, strlen(line), &k, &v))
		return 0;
	return k.len == strlen(key) && memcmp(line + k.off, key, k.len) == 0 && v.len == strlen(value) &&
	       memcmp(line + v.off, value, v.len) == 0;
}

static void test_pair(void)
{
	struct ds_span k, v;
	CHECK(pair_is("  Log Name: System", "Log Name", "System"));
	CHECK(pair_is("     Id: 12", "Id", "12"));
	CHECK(pair_is("  Description: ", "Description", ""));
	CHECK(pair_is("Description:", "Description", ""));
	CHECK(pair_is("\tSecurity ID:\t\tS-1-5-18\r", "Security ID", "S-1-5-18"));
	CHECK(pair_is("Host: 10.0.0.5:51234", "Host", "10.0.0.5:51234"));
	CHECK(pair_is("CPU(s): 4", "CPU(s)", "4"));
	/* colons lined up (PowerShell's Format-List) */
	CHECK(pair_is("TimeCreated      : 12/6/2026 3:44:03 AM", "TimeCreated", "12/6/2026 3:44:03 AM"));
	CHECK(pair_is("key : x", "key", "x"));
	/* titles, rules, clocks, addresses, prose: no pairs */
	CHECK(!ds_stanza_pair("Event[0]:", 9, &k, &v));
	CHECK(!ds_stanza_pair("*** 1. row ***", 14, &k, &v));
	CHECK(!ds_stanza_pair("03:44:03 started", 16, &k, &v));
	CHECK(!ds_stanza_pair("see http://x", 12, &k, &v));
	CHECK(!ds_stanza_pair("http://x", 8, &k, &v));
	CHECK(!ds_stanza_pair("two  blanks: x", 14, &k, &v));
	CHECK(!ds_stanza_pair("key :x", 6, &k, &v));
	CHECK(!ds_stanza_pair("a key longer than forty bytes is prose, really: x", 49, &k, &v));
	CHECK(!ds_stanza_pair("", 0, &k, &v));
	CHECK(!ds_stanza_pair("   ", 3, &k, &v));
	CHECK(!ds_stanza_pair("no colon", 8, &k, &v));
}

static struct ll_table *load(const char *name, const char *text, const char *want)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	int rc = rt_load(rt_put(dir, name, text, strlen(text)), NULL, &t, &used, &e);
	CHECK_INT(rc, LL_OK);
	CHECK_STR(used, want);
	return rc == LL_OK ? t : NULL;
}

static int col(const struct ll_table *t, const char *name)
{
	return ll_table_find_column(t, name);
}

static void test_records(void)
{
	static const char events[] = "Event[0]:\n  Log Name: System\n  Event ID: 7036\n  Level: Information\n"
				     "  Description: \nThe service entered the \"running\" state.\nSecond line.\n\n"
				     "Event[1]:\n  Log Name: System\n  Event ID: 41\n  Level: Critical\n"
				     "  Description: \nRebooted, uncleanly.\n";
	struct ll_table *t = load("events.txt", events, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(ll_table_ncols(t), 4);
		int id = col(t, "Event ID"), desc = col(t, "Description");
		CHECK(id >= 0 && ll_table_col_type(t, (size_t)id) == LL_COL_NUM);
		if (id >= 0)
			CHECK_NEAR(ll_table_num(t, 1, (size_t)id), 41, 0);
		if (desc >= 0) {
			CHECK_STR(ll_table_text(t, 0, (size_t)desc),
				  "The service entered the \"running\" state.\nSecond line.");
			CHECK_STR(ll_table_text(t, 1, (size_t)desc), "Rebooted, uncleanly.");
		}
		CHECK(ll_test_has_note(t, "2 records of \"Key: value\" lines"));
		CHECK(ll_test_has_note(t, "2 lines between the records"));
		ll_table_free(t);
	}
	/* no titles: the opening key again starts a record; another key met
	 * again inside one keeps its first value */
	static const char pkgs[] = "Package: bash\nVersion: 5.2\nSize: 7164\nSize: 1\nPackage: sed\nVersion: 4.9\n"
				   "Size: 900\nPackage: grep\nVersion: 3.8\nSize: 1200\n";
	t = load("pkgs.txt", pkgs, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		int size = col(t, "Size");
		if (size >= 0)
			CHECK_NEAR(ll_table_num(t, 0, (size_t)size), 7164, 0);
		ll_table_free(t);
	}
	/* Format-List: records between blank lines, a long value wrapped
	 * onto lines indented past the keys */
	static const char fl[] = "\nId      : 7036\nSource  : SCM\nMessage : The service\n          is running.\n\n"
				 "Id      : 41\nSource  : Kernel-Power\nMessage : Rebooted.\n";
	t = load("fl.txt", fl, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		int msg = col(t, "Message");
		if (msg >= 0)
			CHECK_STR(ll_table_text(t, 0, (size_t)msg), "The service\nis running.");
		ll_table_free(t);
	}
	/* a key a record leaves out is empty there */
	static const char sparse[] = "*** 1 ***\nName: a\nKind: x\nSize: 1\nNote: hi\n*** 2 ***\nName: b\nKind: y\n"
				     "Size: 2\n*** 3 ***\nName: c\nKind: z\nSize: 3\nNote: yo\n";
	t = load("sparse.txt", sparse, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		int note = col(t, "Note");
		if (note >= 0)
			CHECK_STR(ll_table_text(t, 1, (size_t)note), "");
		ll_table_free(t);
	}
}

static void test_not_stanza(void)
{
	struct ll_table *t;
	/* one block of pairs */
	t = load("lscpu.txt", "Architecture: x86_64\nCPU(s): 4\nModel name: Some CPU\nStepping: 2\n", "lines");
	ll_table_free(t);
	/* a log of "LEVEL: message" lines */
	struct ll_table *u = NULL;
	struct ll_err e;
	const char *used;
	static const char levels[] = "INFO: started\nWARN: slow disk: 3s\nINFO: done\nERROR: failed: x\nINFO: stop\n";
	CHECK_INT(rt_load(rt_put(dir, "levels.log", levels, strlen(levels)), NULL, &u, &used, &e), LL_OK);
	CHECK(strcmp(used, "stanza") != 0);
	ll_table_free(u);
	/* prose with a few colons */
	static const char prose[] = "Notes from the meeting\nAlice: we ship on Friday.\nThe build is green and the "
				    "tests pass.\nBob: fine by me.\nWe agreed to meet again.\nAlice: good.\n";
	CHECK_INT(rt_load(rt_put(dir, "prose.txt", prose, strlen(prose)), NULL, &u, &used, &e), LL_OK);
	CHECK(strcmp(used, "stanza") != 0);
	ll_table_free(u);
	/* forced on text with no pair: an error naming the file */
	CHECK_INT(rt_load(rt_put(dir, "none.txt", "a\nb\n", 4), "stanza", &u, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "none.txt:1: no records") != NULL);
}

/* one record alone that is the file (a snapshot: /proc/meminfo's "Key:
 * value unit", /proc/PID/status's tabs): a row, a column per key; a
 * block with a key twice is none */
static void test_one_record(void)
{
	static const char meminfo[] = "MemTotal:       24683784 kB\nMemFree:        16468492 kB\n"
				      "MemAvailable:   24039904 kB\nBuffers:          106172 kB\nCached:          7365652 kB\n"
				      "SwapCached:            0 kB\nActive:          1920400 kB\nHugePages_Total:       0\n"
				      "Hugepagesize:       2048 kB\n";
	struct ll_table *t = load("meminfo", meminfo, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK_INT(ll_table_ncols(t), 9);
		int tot = col(t, "MemTotal"), hp = col(t, "HugePages_Total");
		CHECK(tot >= 0 && ll_table_col_type(t, (size_t)tot) == LL_COL_NUM);
		/* the kernel's kB is KiB (it read as 1000 bytes) */
		if (tot >= 0)
			CHECK_NEAR(ll_table_num(t, 0, (size_t)tot), 24683784.0 * 1024, 0);
		if (hp >= 0)
			CHECK_NEAR(ll_table_num(t, 0, (size_t)hp), 0, 0);
		CHECK(ll_test_has_note(t, "one record of 9 \"Key: value\" lines (a snapshot): a row, a column per key"));
		ll_table_free(t);
	}
	static const char status[] = "Name:\tcat\nUmask:\t0022\nState:\tR (running)\nTgid:\t18211\nPid:\t18211\n"
				     "PPid:\t18188\nUid:\t0\t0\t0\t0\nVmPeak:\t    6388 kB\nThreads:\t1\n";
	t = load("status", status, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		int st = col(t, "State"), pp = col(t, "PPid");
		if (st >= 0)
			CHECK_STR(ll_table_text(t, 0, (size_t)st), "R (running)");
		if (pp >= 0)
			CHECK_NEAR(ll_table_num(t, 0, (size_t)pp), 18188, 0);
		int vp = col(t, "VmPeak");
		CHECK(vp >= 0);
		if (vp >= 0)
			CHECK_NEAR(ll_table_num(t, 0, (size_t)vp), 6388.0 * 1024, 0);
		ll_table_free(t);
	}
	static const char twice[] = "Name: a\nKind: x\nSize: 1\nNote: hi\nKind: y\nOwner: b\nMode: 1\n";
	struct ll_err e;
	const char *used;
	CHECK_INT(rt_load(rt_put(dir, "twice.txt", twice, strlen(twice)), NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "stanza") != 0);
	ll_table_free(t);
}

/* named numbers dumped by a tool: ethtool -S's indented pairs under a
 * title, Redis's INFO ("key:value", no blank, "# Section" titles); alone,
 * one row; polled with a stamp between, a row per dump over time */
static void test_stat_dumps(void)
{
	struct ll_strbuf eth = {0}, info = {0}, polled = {0};
	ll_strbuf_add(&eth, "NIC statistics:\n", 16);
	for (int i = 0; i < 8; i++)
		ll_strbuf_printf(&eth, "     rx_queue_%d_packets: %d\n", i, 1000 + i);
	struct ll_table *t = load("eth.txt", eth.s, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK_INT(ll_table_ncols(t), 8);
		CHECK(col(t, "NIC statistics") < 0);
		int q = col(t, "rx_queue_7_packets");
		if (q >= 0)
			CHECK_NEAR(ll_table_num(t, 0, (size_t)q), 1007, 0);
		ll_table_free(t);
	}
	static const char redis[] = "# Server\nredis_version:7.2.4\nos:Linux 6.1.0 x86_64\nprocess_id:1234\n\n"
				    "# Clients\nconnected_clients:%d\nblocked_clients:0\n\n# Memory\nused_memory:1048576\n"
				    "mem_fragmentation_ratio:1.23\n\n# Keyspace\ndb0:keys=12,expires=0,avg_ttl=0\n";
	ll_strbuf_printf(&info, redis, 12);
	t = load("info.txt", info.s, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK_INT(ll_table_ncols(t), 8);
		int os = col(t, "os"), cc = col(t, "connected_clients"), db = col(t, "db0");
		if (os >= 0)
			CHECK_STR(ll_table_text(t, 0, (size_t)os), "Linux 6.1.0 x86_64");
		if (cc >= 0)
			CHECK_NEAR(ll_table_num(t, 0, (size_t)cc), 12, 0);
		if (db >= 0)
			CHECK_STR(ll_table_text(t, 0, (size_t)db), "keys=12,expires=0,avg_ttl=0");
		CHECK(ll_test_has_note(t, "4 lines of a section's title"));
		ll_table_free(t);
	}
	for (int k = 0; k < 3; k++) {
		ll_strbuf_printf(&polled, "2026-12-07 15:22:%02d\n", 10 + 10 * k);
		ll_strbuf_printf(&polled, redis, 12 + k);
		ll_strbuf_printf(&polled, "2026-12-07 15:22:%02d\n", 15 + 10 * k);
		ll_strbuf_add(&polled, eth.s, eth.len);
	}
	ll_strbuf_free(&eth);
	ll_strbuf_free(&info);
	/* the two dumps' names apart: a row each, the stamp's time */
	t = load("polled.txt", polled.s, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 6);
		int cc = col(t, "connected_clients"), tm = col(t, "time");
		CHECK(tm >= 0 && ll_table_col_type(t, (size_t)tm) == LL_COL_TIME);
		if (cc >= 0)
			CHECK_NEAR(ll_table_num(t, 4, (size_t)cc), 14, 0);
		ll_table_free(t);
	}
	ll_strbuf_free(&polled);
	/* nstat: "#kernel", then names, values and rates lined up with blanks;
	 * polled with a stamp alone above each dump */
	static const char *const names[] = {"IpInReceives", "IpInDelivers", "IpOutRequests", "TcpActiveOpens",
					    "TcpPassiveOpens", "TcpInSegs", "TcpOutSegs", "UdpInDatagrams"};
	struct ll_strbuf ns = {0}, ns3 = {0};
	for (int k = 0; k < 3; k++) {
		ll_strbuf_printf(&ns3, "Mon Dec  7 15:22:%02d UTC 2026\n#kernel\n", 12 + 10 * k);
		for (size_t i = 0; i < 8; i++) {
			ll_strbuf_printf(&ns3, "%-31s %-18d %.1f\n", names[i], 1000 * (int)i + k, 0.5 * k);
			if (!k)
				ll_strbuf_printf(&ns, "%-31s %-18d %.1f\n", names[i], 1000 * (int)i, 0.0);
		}
	}
	t = load("nstat.txt", ns.s, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		/* each rate a column of its own beside its value (they were
		 * left out) */
		CHECK_INT(ll_table_ncols(t), 16);
		int seg = col(t, "TcpOutSegs"), segr = col(t, "TcpOutSegs rate");
		if (seg >= 0)
			CHECK_NEAR(ll_table_num(t, 0, (size_t)seg), 6000, 0);
		CHECK(segr == seg + 1 && segr >= 0 && ll_table_col_type(t, (size_t)segr) == LL_COL_NUM);
		CHECK(ll_test_has_note(t, "one record of 8 \"name number\" lines"));
		CHECK(ll_test_has_note(t, "8 second numbers after a name's value (a rate): columns 'NAME rate'"));
		ll_table_free(t);
	}
	t = load("nstat3.txt", ns3.s, "stanza");
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		int seg = col(t, "TcpOutSegs"), tm = col(t, "time");
		CHECK(tm >= 0 && ll_table_col_type(t, (size_t)tm) == LL_COL_TIME);
		if (seg >= 0)
			CHECK_NEAR(ll_table_num(t, 2, (size_t)seg), 6002, 0);
		int rate = col(t, "UdpInDatagrams rate");
		CHECK(rate >= 0);
		if (rate >= 0)
			CHECK_NEAR(ll_table_num(t, 2, (size_t)rate), 1.0, 0);
		ll_table_free(t);
	}
	ll_strbuf_free(&ns);
	ll_strbuf_free(&ns3);
	/* nstat -az: 200 names with their rates, 400 columns, within the
	 * limit of keys (256: rates aside) */
	struct ll_strbuf az = {0};
	ll_strbuf_puts(&az, "#kernel\n");
	for (int i = 0; i < 200; i++)
		ll_strbuf_printf(&az, "TcpExtCounter%-18d %-18d %.1f\n", i, i * 3, 0.0);
	t = load("nstat_az.txt", az.s, "stanza");
	if (t) {
		CHECK_INT(ll_table_ncols(t), 400);
		CHECK(!ll_test_has_note(t, "keys past the first"));
		ll_table_free(t);
	}
	ll_strbuf_free(&az);
	/* names and numbers under a header of words are a table's rows */
	struct ll_table *u = NULL;
	struct ll_err e;
	const char *used;
	static const char fruit[] = "Name Count\napple 3\nbanana 5\ncherry 7\ndate 9\nelder 11\nfig 13\ngrape 15\n";
	CHECK_INT(rt_load(rt_put(dir, "fruit.txt", fruit, strlen(fruit)), NULL, &u, &used, &e), LL_OK);
	CHECK(strcmp(used, "stanza") != 0);
	ll_table_free(u);
	/* a whole second number is no rate: Graphite's "path value epoch"
	 * lines are a series over time (they read as one stanza record of
	 * 100 rows without a time once nstat's rule came) */
	struct ll_strbuf gr = {0};
	for (int i = 0; i < 20; i++)
		for (int h = 1; h <= 2; h++)
			ll_strbuf_printf(&gr, "servers.web0%d.cpu.user %.1f %d\n", h, (i * 7 + h) % 100 + 0.5,
					 1796600000 + i * 10);
	CHECK_INT(rt_load(rt_put(dir, "carbon.txt", gr.s, strlen(gr.s)), NULL, &u, &used, &e), LL_OK);
	CHECK(strcmp(used, "stanza") != 0);
	ll_table_free(u);
	ll_strbuf_free(&gr);
	/* fields joined by colons are no pairs (/etc/passwd), nor URLs */
	static const char passwd[] = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
				     "bin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
				     "sync:x:4:65534:sync:/bin:/bin/sync\ngames:x:5:60:games:/usr/games:/usr/sbin/nologin\n"
				     "man:x:6:12:man:/var/cache/man:/usr/sbin/nologin\n";
	CHECK_INT(rt_load(rt_put(dir, "passwd", passwd, strlen(passwd)), NULL, &u, &used, &e), LL_OK);
	CHECK(strcmp(used, "stanza") != 0);
	ll_table_free(u);
	static const char urls[] = "http://a.example/1\nhttps://b.example/2\nftp://c.example/3\nhttp://d.example/4\n"
				   "https://e.example/5\nfile:///tmp/6\nmailto:x@example.org\n";
	CHECK_INT(rt_load(rt_put(dir, "urls.txt", urls, strlen(urls)), NULL, &u, &used, &e), LL_OK);
	CHECK(strcmp(used, "stanza") != 0);
	ll_table_free(u);
}

static void test_hostile(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	/* a 1 MiB value */
	size_t big = 1 << 20;
	struct ll_strbuf b = {0};
	char *value = malloc(big);
	CHECK(value != NULL);
	if (!value)
		return;
	memset(value, 'v', big);
	for (int r = 0; r < 2; r++) {
		ll_strbuf_puts(&b, "Name: n\nKind: k\nBlob: ");
		ll_strbuf_add(&b, value, big);
		ll_strbuf_puts(&b, "\n");
	}
	free(value);
	CHECK(!b.oom);
	CHECK_INT(rt_load(rt_put(dir, "huge.txt", b.s, b.len), "stanza", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		int blob = col(t, "Blob");
		if (blob >= 0)
			CHECK_INT(strlen(ll_table_text(t, 1, (size_t)blob)), big);
		ll_table_free(t);
	}
	/* more keys than columns: the rest left out, said */
	b.len = 0;
	for (int r = 0; r < 2; r++) {
		ll_strbuf_puts(&b, "Id: 1\n");
		for (int k = 0; k < 300; k++)
			ll_strbuf_printf(&b, "K%d: %d\n", k, k);
	}
	CHECK(!b.oom);
	CHECK_INT(rt_load(rt_put(dir, "wide.txt", b.s, b.len), "stanza", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_INT(ll_table_ncols(t), 256);
		CHECK(ll_test_has_note(t, "keys past the first 256 left out"));
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
	/* binary junk between records */
	static const char junk[] = "Name: a\nKind: x\nSize: 1\n\x01\x02\xff:\n\xfe\nName: b\nKind: y\nSize: 2\n";
	CHECK_INT(rt_load(rt_put(dir, "bin.txt", junk, sizeof junk - 1), "stanza", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		ll_table_free(t);
	}
}

static void test_mutants(void)
{
	static const char specials[] = ": \n\t\r\"*[]";
	static const char text[] = "Event[0]:\n  Log Name: System\n  Date: 2026-12-06T03:44:03.1230000Z\n  Event ID: 7\n"
				   "  Description: \nA bad block.\n\nEvent[1]:\n  Log Name: System\n"
				   "  Date: 2026-12-06T03:45:03.1230000Z\n  Event ID: 41\n  Description: \nRebooted.\n";
	int count = getenv("LL_VALGRIND") ? 40 : 150;
	CHECK_INT(rt_mutants(dir, "events", text, strlen(text), count, "stanza", specials, 2026), 0);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "stanza");
	test_pair();
	test_records();
	test_not_stanza();
	test_one_record();
	test_stat_dumps();
	test_hostile();
	test_mutants();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
