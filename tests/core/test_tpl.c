/*
 * tests/core/test_tpl.c - the template miner of ll_tpl.h: what makes a
 * token a variable, the sibling and punctuation merges and their limits,
 * ids in order of first appearance, the same result on 1 and 4 threads and
 * one line at a time, matching new lines, save/load (and loglab's older
 * Drain files), bad configurations and files, cancelling, a failing line
 * source, and 50 MB or hostile lines. Expected values follow by hand from
 * the rules in ll_tpl.h.
 */
#include "harness.h"
#include "ll_tpl.h"
#include <time.h>


static struct ll_tpl *mk(int threads)
{
	struct ll_tpl_config c;
	ll_tpl_config_default(&c);
	c.threads = threads;
	struct ll_tpl *t = NULL;
	struct ll_err err;
	int rc = ll_tpl_new(&c, &t, &err);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		exit(1);
	}
	return t;
}

/* Mines a NULL-terminated list of lines; ids into out (static). */
static const long *mine(struct ll_tpl *t, const char *const *lines)
{
	static long ids[256];
	static size_t lens[256];
	size_t n = 0;
	while (lines[n])
		n++;
	for (size_t i = 0; i < n; i++)
		lens[i] = strlen(lines[i]);
	struct ll_err err;
	CHECK_INT(ll_tpl_mine_array(t, n, lines, lens, ids, &err), LL_OK);
	return ids;
}

static const char *text(const struct ll_tpl *t, long id)
{
	static char buf[4096];
	ll_tpl_text(t, id, buf, sizeof buf);
	return buf;
}

static void test_variables(void)
{
	struct ll_tpl *t = mk(1);
	const char *const lines[] = {
	    /* numbers, hex, addresses, ids: one template */
	    "Received block blk_-1608999687 of size 67108864 from /10.250.19.102:54106",
	    "Received block blk_7503483334 of size 1048576 from /10.251.73.220:50010",
	    /* host names, paths and URLs, even inside brackets */
	    "reverse mapping checking getaddrinfo for ns.example.com [1.2.3.4] failed",
	    "reverse mapping checking getaddrinfo for mail.foo-bar.net [5.6.7.8] failed",
	    "open /var/log/messages (r)",
	    "open (/etc/passwd) (r)",
	    "fetch https://example.org/a?b=c done",
	    "fetch http://x.y/z done",
	    /* a date is one variable, weekday and month names included */
	    "connection from 1.2.3.4 at Fri Jun 17 07:07:00 2005",
	    "connection from 5.6.7.8 at Sun Jul 10 13:00:00 2005",
	    /* a quantity with its unit */
	    "stored as bytes in memory (estimated size 16.0 KB, free 413.9 MB)",
	    "stored as bytes in memory (estimated size 320.0 B, free 413.9 MB)",
	    /* key=value: the value is the variable, the key stays */
	    "session opened uid=0 tty=pts",
	    "session opened uid=500 tty=pts",
	    /* an empty pair is an empty value */
	    "lookup of host (x.example.com) ok",
	    "lookup of host () ok",
	    /* a MAC address without a digit is still an address */
	    "link up on aa:bb:cc:dd:ee:ff",
	    "link up on 00:1a:2b:3c:4d:5e",
	    /* so is an IPv6 address (issue 11), bracketed or with a zone */
	    "neighbour fe80::abcd:ef reachable",
	    "neighbour [fe80::1%eth0] reachable",
	    /* eight hex digits that are all letters are a value too */
	    "set visibility mask=ffffffff done",
	    "set visibility mask=7f00ff01 done",
	    /* a dotted name with a path (an Android component, a host and
	     * path without a scheme), bare or inside a bracket it opens */
	    "start cmp=com.example.mail/.ui.Inbox (has extras)",
	    "start cmp=org.example.app/org.example.app.Main (has extras)",
	    "top ComponentInfo{com.example.notes/com.example.notes.Editor}",
	    "top ComponentInfo{com.example.mail/.ui.Inbox}",
	    /* a name of four or more dotted parts: a job's or a class's */
	    "com.example.sync.daily: told me to run this job",
	    "org.example.mail.fetch.Scheduler: told me to run this job",
	    NULL};
	const long *id = mine(t, lines);
	for (int k = 0; k < 28; k += 2) {
		CHECK_INT(id[k], id[k + 1]);
		if (id[k] != id[k + 1])
			fprintf(stderr, "  apart: \"%s\" / \"%s\"\n", lines[k], lines[k + 1]);
	}
	CHECK_INT(ll_tpl_count(t), 14);
	CHECK_STR(text(t, id[26]), "<*> told me to run this job");
	CHECK_STR(text(t, id[22]), "start cmp=<*> (has extras)");
	CHECK_STR(text(t, id[20]), "set visibility mask=<*> done");
	CHECK_STR(text(t, id[0]), "Received block <*> of size <*> from <*>");
	CHECK_STR(text(t, id[18]), "neighbour <*> reachable");
	CHECK_STR(text(t, id[8]), "connection from <*> at <*>");
	CHECK_STR(text(t, id[10]), "stored as bytes in memory (estimated size <*> free <*>");
	CHECK_STR(text(t, id[12]), "session opened uid=<*> tty=pts");
	CHECK_STR(text(t, id[14]), "lookup of host <*> ok");
	/* ids in order of first appearance */
	for (size_t k = 0; k < 10; k++)
		CHECK_INT(id[2 * k], (long)k);
	CHECK_INT(ll_tpl_lines(t, 0), 2);
	CHECK_INT(ll_tpl_ntokens(t, 0), 8);
	ll_tpl_free(t);
}

static void test_constants_stay(void)
{
	struct ll_tpl *t = mk(1);
	const char *const lines[] = {
	    /* words that differ are constants until min_siblings (5) values differ */
	    "VM Resumed (Lifecycle Event)", "VM Paused (Lifecycle Event)", "VM Started (Lifecycle Event)",
	    "session opened for user root", "session closed for user root",
	    /* class and package names are no host names */
	    "Registered org.apache.hadoop.Foo", "Registered java.lang.Thread",
	    /* a one-word message has nothing left once its word is a variable */
	    "normal", "warning", "running", "critical",
	    /* words of fewer than eight hex letters are words */
	    "cache decade faded", "cache facade faded",
	    /* a month name before a word is no date */
	    "May the force",
	    /* "::" alone and C++ scopes are no IPv6 addresses */
	    "parse :: done", "parse std::vector done",
	    /* a slash without two dots is no qualified path */
	    "install node.js/npm first", "install node.js/yarn first",
	    /* a dotted name ending in a constant's name is that constant */
	    "onReceive action: android.intent.action.SCREEN_ON",
	    "onReceive action: android.intent.action.SCREEN_OFF", NULL};
	const long *id = mine(t, lines);
	CHECK(id[0] != id[1] && id[1] != id[2] && id[0] != id[2]);
	CHECK(id[3] != id[4]);
	CHECK(id[5] != id[6]);
	CHECK(id[7] != id[8] && id[8] != id[9] && id[9] != id[10] && id[7] != id[10]);
	CHECK(id[11] != id[12]);
	CHECK_STR(text(t, id[11]), "cache decade faded");
	CHECK_STR(text(t, id[13]), "May the force");
	CHECK_STR(text(t, id[14]), "parse :: done");
	CHECK_STR(text(t, id[15]), "parse std::vector done");
	CHECK(id[16] != id[17]);
	CHECK_STR(text(t, id[16]), "install node.js/npm first");
	CHECK(id[18] != id[19]);
	CHECK_STR(text(t, id[18]), "onReceive action: android.intent.action.SCREEN_ON");
	/* a class's full name is a value, a three-part one stays */
	CHECK_STR(text(t, id[5]), "Registered <*>");
	CHECK_STR(text(t, id[6]), "Registered java.lang.Thread");
	ll_tpl_free(t);
}

/* Messages without one constant token keep the text before each token's
 * first digit: they are not all the template "<*>". */
static void test_no_constant_token(void)
{
	struct ll_tpl *t = mk(1);
	char buf[12][64];
	const char *lines[13];
	for (int k = 0; k < 4; k++) {
		/* a minus sign belongs to the number: "index:-1" is "index:" */
		snprintf(buf[k], sizeof buf[k], "dropFrame,index:%d", k % 2 ? -(17 * k + 3) : 17 * k + 3);
		snprintf(buf[4 + k], sizeof buf[4 + k], "scroll.offsetY:%d, i:%d", 900 - 31 * k, k);
		snprintf(buf[8 + k], sizeof buf[8 + k], "%d.%d", k, 5 * k + 1); /* a number alone stays one */
	}
	for (int k = 0; k < 12; k++)
		lines[k] = buf[k];
	lines[12] = NULL;
	const long *id = mine(t, lines);
	for (int k = 1; k < 4; k++) {
		CHECK(id[k] == id[0]);
		CHECK(id[4 + k] == id[4]);
		CHECK(id[8 + k] == id[8]);
	}
	CHECK(id[0] != id[4] && id[4] != id[8] && id[0] != id[8]);
	CHECK_STR(text(t, id[0]), "dropFrame,index:<*>");
	CHECK_STR(text(t, id[4]), "scroll.offsetY:<*> <*>"); /* "i:" is too short to name */
	CHECK_STR(text(t, id[8]), "<*>");
	ll_tpl_free(t);
}

/* A value some lines of a statement add between two constants (Proxifier's
 * "(1.16 KB)") does not split the statement: all four combinations of two
 * such values are one template. At a message's end it may be a last word,
 * and next to a variable it is part of a run already. */
static void test_inserted_variable(void)
{
	struct ll_tpl *t = mk(1);
	const char *lines[] = {
	    "host:443 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02",
	    "host:443 close, 815 bytes sent, 2001 bytes received, lifetime 00:01",
	    "host:443 close, 1165 bytes (1.13 KB) sent, 815 bytes received, lifetime <1 sec",
	    "host:443 close, 451 bytes sent, 3098 bytes (3.02 KB) received, lifetime 00:05",
	    "job finished", "job finished 3", /* at the end: two events */
	    "user bob logged in", "user bob logged in 2 times", /* "times" is no constant of the other */
	    NULL};
	const long *id = mine(t, lines);
	CHECK(id[1] == id[0] && id[2] == id[0] && id[3] == id[0]);
	CHECK_STR(text(t, id[0]), "<*> close, <*> bytes <*> sent, <*> bytes <*> received, lifetime <*>");
	CHECK(id[4] != id[5]);
	CHECK(id[6] != id[7]);
	CHECK_INT(ll_tpl_count(t), 5);
	/* lines matched later find the template with or without the values */
	const char *later = "h:1 close, 9 bytes sent, 7 bytes received, lifetime 00:09";
	CHECK(ll_tpl_match(t, later, strlen(later)) == id[0]);
	ll_tpl_free(t);
}

/* A value padded inside its brackets is one variable with them: the
 * kernel's uptime stamp below 100000 s ("[ 99999.5]") and above
 * ("[100000.5]") give one template; so do "( 7 )" and "(12)". A bracket
 * around a constant, or one that does not close on the value, stays. */
static void test_padded_brackets(void)
{
	struct ll_tpl *t = mk(1);
	const char *lines[] = {
	    "[ 99998.100000] Out of memory: Killed process 17 (java)",
	    "[100001.200000] Out of memory: Killed process 18 (java)",
	    "[     1.300000] Out of memory: Killed process 19 (java)",
	    "queue ( 7 ) full", "queue (12) full", "queue (  3) full",
	    "[ INFO ] ready", "[ WARN ] ready",
	    "[ 5 items", "[ 6 items",
	    NULL};
	const long *id = mine(t, lines);
	CHECK(id[1] == id[0] && id[2] == id[0]);
	CHECK_STR(text(t, id[0]), "<*> Out of memory: Killed process <*> (java)");
	CHECK(id[4] == id[3] && id[5] == id[3]);
	CHECK_STR(text(t, id[3]), "queue <*> full");
	CHECK(id[6] != id[7]);
	CHECK_STR(text(t, id[6]), "[ INFO ] ready");
	CHECK(id[9] == id[8]);
	CHECK_STR(text(t, id[8]), "[ <*> items");
	ll_tpl_free(t);
}

/* key="..." prints a string: its value is a variable, blanks and all,
 * however few values occur; a message key's quoted value (logfmt's
 * msg="...") names the event and stays. */
static void test_quoted_values(void)
{
	struct ll_tpl *t = mk(1);
	const char *lines[] = {"acquire lock=1, tag=\"View Lock\", name=app, ws=null",
			       "acquire lock=2, tag=\"AudioMix\", name=app, ws=null",
			       "acquire lock=3, tag=\"*alarm*\", name=app, ws=null",
			       "level=info msg=\"server started\" port=80",
			       "level=info msg=\"server stopped\" port=80",
			       "say tag=\"unclosed quote and more words",
			       NULL};
	const long *id = mine(t, lines);
	CHECK(id[1] == id[0] && id[2] == id[0]);
	CHECK_STR(text(t, id[0]), "acquire lock=<*> tag=<*> name=app, ws=null");
	CHECK(id[3] != id[4]);
	CHECK_STR(text(t, id[3]), "level=info msg=\"server started\" port=<*>");
	/* no closing quote: the value is its own token ("unclosed) only */
	CHECK_STR(text(t, id[5]), "say tag=<*> quote and more words");
	ll_tpl_free(t);
}

/* A JSON record as the message is cut at its members: keys are constants
 * (a digit in one does not make it a value), values are tested as tokens,
 * and records of other keys are other templates. */
static void test_json_records(void)
{
	struct ll_tpl *t = mk(1);
	const char *lines[] = {"{\"ts\":1.5,\"uid\":\"Ca1\",\"proto\":\"udp\",\"x509\":3}",
			       "{\"ts\":2.5,\"uid\":\"Cb7\",\"proto\":\"udp\",\"x509\":4}",
			       " {\"ts\": 3.5, \"uid\": \"Cc9\", \"proto\": \"udp\", \"x509\": 5} ",
			       "{\"ts\":4.5,\"method\":\"GET\",\"uri\":\"/item/1\"}",
			       "{\"ts\":5.5,\"uid\":\"Cd2\",\"proto\":\"tcp\",\"x509\":6}",
			       "{not json} 1",
			       "{\"msg\":\"cache miss\",\"key\":\"a\"}",
			       "{\"msg\":\"cache hit\",\"key\":\"b\"}",
			       "{\"a\":{\"b\":[1,\"x\"]},\"c\":\"y\"}",
			       "{\"c\":\"unterminated}",
			       NULL};
	const long *id = mine(t, lines);
	CHECK(id[1] == id[0] && id[2] == id[0] && id[4] == id[0]);
	CHECK_STR(text(t, id[0]), "ts <*> uid <*> proto <*> x509 <*>");
	CHECK(id[3] != id[0]);
	CHECK_STR(text(t, id[3]), "ts <*> method <*> uri <*>");
	CHECK_STR(text(t, id[5]), "{not json} <*>");
	CHECK(id[6] != id[7]);
	CHECK_STR(text(t, id[6]), "msg cache miss key <*>");
	CHECK_STR(text(t, id[8]), "a b <*> c <*>");
	CHECK_STR(text(t, id[9]), "c <*>");
	ll_tpl_free(t);
}

/* A quoted client name with its version (an access log's User-Agent) is
 * one value: the lines of one request shape are one template whatever
 * browser sent them; a quoted request line keeps its method. */
static void test_user_agents(void)
{
	struct ll_tpl *t = mk(1);
	const char *lines[] = {
	    "\"GET /a/1 HTTP/1.1\" 200 51 \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:25.0) Gecko/20100101 Firefox/25.0\"",
	    "\"GET /b/2 HTTP/1.1\" 200 77 \"-\" \"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)\"",
	    "\"GET /c/3 HTTP/1.1\" 404 12 \"-\" \"curl/7.68.0\"",
	    "\"POST /c/3 HTTP/1.1\" 201 12 \"-\" \"curl/7.68.0\"",
	    "say \"hello world\" twice",
	    NULL};
	const long *id = mine(t, lines);
	CHECK(id[1] == id[0] && id[2] == id[0]);
	CHECK(id[3] != id[0]);
	CHECK_STR(text(t, id[4]), "say \"hello world\" twice");
	ll_tpl_free(t);
}

/* key=value values: a constant beside a variable of the same key is one
 * of its values (ws=null, ws=WorkSource{..}); four values of a key are
 * enough to make it a variable (one sibling less than elsewhere); three
 * constant values of a key stay three statements (user=root, guest, test). */
static void test_key_values(void)
{
	struct ll_tpl *t = mk(1);
	const char *lines[] = {"acquire lock=1, name=android, ws=null, uid=1",
			       "acquire lock=2, name=android, ws=WorkSource{10113}, uid=2",
			       "acquire lock=3, name=audioserver, ws=null, uid=3",
			       "acquire lock=4, name=com.android.phone, ws=null, uid=4",
			       "acquire lock=5, name=systemui, ws=null, uid=5",
			       "auth failure; rhost=10.0.0.1 user=root",
			       "auth failure; rhost=10.0.0.2 user=guest",
			       "auth failure; rhost=10.0.0.3 user=test",
			       "auth failure; rhost=10.0.0.4 user=root",
			       NULL};
	const long *id = mine(t, lines);
	for (int k = 1; k < 5; k++)
		CHECK(id[k] == id[0]);
	CHECK_STR(text(t, id[0]), "acquire lock=<*> name=<*> ws=<*> uid=<*>");
	CHECK(id[5] != id[6] && id[6] != id[7] && id[5] != id[7] && id[8] == id[5]);
	ll_tpl_free(t);
}

static void test_siblings(void)
{
	struct ll_tpl *t = mk(1);
	const char *const lines[] = {
	    /* five users at one position: a variable */
	    "Invalid user admin from 1.1.1.1", "Invalid user oracle from 2.2.2.2", "Invalid user test from 3.3.3.3",
	    "Invalid user guest from 4.4.4.4", "Invalid user pi from 5.5.5.5",
	    /* the same in key=value values */
	    "failure; logname= uid=0 rhost=1.2.3.4 user=root", "failure; logname= uid=0 rhost=1.2.3.4 user=ftp",
	    "failure; logname= uid=0 rhost=1.2.3.4 user=git", "failure; logname= uid=0 rhost=1.2.3.4 user=sshd",
	    "failure; logname= uid=0 rhost=1.2.3.4 user=mail",
	    /* four are not enough */
	    "state changed to LOOKING now", "state changed to LEADING now", "state changed to FOLLOWING now",
	    "state changed to OBSERVING now",
	    /* a first word takes ten */
	    "boot (command 1)", "wait (command 2)", "halt (command 3)", "risBoot (command 4)", "clusterAdd (command 5)",
	    "bootGen (command 6)", NULL};
	const long *id = mine(t, lines);
	CHECK(id[0] == id[1] && id[1] == id[2] && id[2] == id[3] && id[3] == id[4]);
	CHECK_STR(text(t, id[0]), "Invalid user <*> from <*>");
	CHECK(id[5] == id[6] && id[6] == id[7] && id[7] == id[8] && id[8] == id[9]);
	CHECK_STR(text(t, id[5]), "failure; logname= uid=<*> rhost=<*> user=<*>");
	CHECK(id[10] != id[11] && id[11] != id[12] && id[12] != id[13]);
	CHECK(id[14] != id[15] && id[15] != id[19]);
	CHECK_INT(ll_tpl_count(t), 12);
	ll_tpl_free(t);
}

/* Issue 11: request lines with different verbs merged. Seven verbs, each
 * on many paths and sizes, are seven templates: a first word takes twice
 * min_siblings values to become a variable. */
static void test_verbs(void)
{
	static const char *const verbs[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"};
	enum { N = 7 * 12 };
	char buf[N][96];
	const char *lines[N + 1];
	for (int i = 0; i < N; i++) {
		snprintf(buf[i], sizeof buf[i], "\"%s /api/v1/item/%d HTTP/1.1\" %d %d", verbs[i % 7], i * 37 % 1000,
			 i % 3 ? 200 : 404, 100 + i * 13);
		lines[i] = buf[i];
	}
	lines[N] = NULL;
	struct ll_tpl *t = mk(1);
	const long *id = mine(t, lines);
	CHECK_INT(ll_tpl_count(t), 7);
	int same = 1;
	for (int i = 7; i < N; i++)
		same &= id[i] == id[i % 7];
	CHECK(same);
	CHECK_STR(text(t, id[1]), "\"POST <*>");
	ll_tpl_free(t);
}

static unsigned first_k; /* the statement of the log's first line */

/* A log of n lines from 40 statements with changing values: the
 * statements differ in length, so no constant word is taken for a value. */
static char **make_log(size_t n, size_t **lens)
{
	static const char *const users[] = {"root", "admin", "guest", "oracle", "test", "www", "ftp"};
	static const char pad[] = "x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x ";
	char **v = malloc(n * sizeof *v);
	*lens = malloc(n * sizeof **lens);
	uint64_t s = 0x12345;
	for (size_t i = 0; i < n; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		unsigned k = (unsigned)(s >> 33) % 40, x = (unsigned)(s >> 13) & 0xffff;
		char buf[512];
		int len = snprintf(buf, sizeof buf, "step %u %.*suser %s from 10.0.%u.%u took %u ms", x % 97,
				   (int)(2 * k), pad, users[(s >> 45) % 7], x % 256, (x >> 8) % 256, x % 1000);
		if (i == 0)
			first_k = k;
		v[i] = malloc((size_t)len + 1);
		memcpy(v[i], buf, (size_t)len + 1);
		(*lens)[i] = (size_t)len;
	}
	return v;
}

static void test_threads_and_add(void)
{
	/* fewer lines under valgrind (LL_VALGRIND): all 40 statements still appear */
	size_t n = getenv("LL_VALGRIND") ? 8000 : 120000, *lens;
	char **lines = make_log(n, &lens);
	long *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
	struct ll_tpl *t1 = mk(1), *t4 = mk(4), *ta = mk(1);
	struct ll_err err;
	CHECK_INT(ll_tpl_mine_array(t1, n, (const char *const *)lines, lens, a, &err), LL_OK);
	CHECK_INT(ll_tpl_mine_array(t4, n, (const char *const *)lines, lens, b, &err), LL_OK);
	for (size_t i = 0; i < n; i++)
		c[i] = ll_tpl_add(ta, lines[i], lens[i]);
	CHECK_INT(ll_tpl_finish(ta, &err), LL_OK);
	for (size_t i = 0; i < n; i++)
		c[i] = ll_tpl_template_of(ta, c[i]);
	CHECK(memcmp(a, b, n * sizeof *a) == 0);
	CHECK(memcmp(a, c, n * sizeof *a) == 0);
	/* forty statements, users merged as a variable */
	CHECK_INT(ll_tpl_count(t1), 40);
	CHECK_INT(ll_tpl_count(t4), 40);
	int same = 1;
	uint64_t total = 0;
	for (size_t k = 0; k < ll_tpl_count(t1); k++) {
		char x[256], y[256];
		ll_tpl_text(t1, (long)k, x, sizeof x);
		ll_tpl_text(t4, (long)k, y, sizeof y);
		same &= strcmp(x, y) == 0 && ll_tpl_lines(t1, (long)k) == ll_tpl_lines(t4, (long)k);
		total += ll_tpl_lines(t1, (long)k);
	}
	CHECK(same);
	CHECK_INT(total, n);
	char want[256], fresh[256];
	snprintf(want, sizeof want, "step <*> %.*suser <*> from <*> took <*>", (int)(2 * first_k),
		 "x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x ");
	CHECK_STR(text(t1, a[0]), want);
	/* a new line of a known statement matches; an unknown one does not */
	snprintf(fresh, sizeof fresh, "step 1 %.*suser nobody from 1.2.3.4 took 5 ms", (int)(2 * first_k),
		 "x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x ");
	CHECK_INT(ll_tpl_match(t4, fresh, strlen(fresh)), a[0]);
	CHECK_INT(ll_tpl_match(t4, "something else entirely", 23), -1);
	ll_tpl_free(t1);
	ll_tpl_free(t4);
	ll_tpl_free(ta);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(lens);
	free(a);
	free(b);
	free(c);
}

static int cancel_at(void *ctx, size_t done, size_t total)
{
	(void)total;
	return done >= *(size_t *)ctx;
}

static int failing_line(void *ctx, int worker, size_t i, const char **s, size_t *len)
{
	(void)ctx;
	(void)worker;
	*s = "x";
	*len = 1;
	return i == 30000 ? LL_EIO : 0;
}

static int same_line(void *ctx, int worker, size_t i, const char **s, size_t *len)
{
	(void)ctx;
	(void)worker;
	(void)i;
	*s = "a line";
	*len = 6;
	return 0;
}

/* Worker 1 stalls at the start of each of its chunks, so worker 0 (the one
 * that reports progress) runs out of chunks while worker 1's last is still
 * going: its own last report then falls short of the end. */
static int slow_second_worker(void *ctx, int worker, size_t i, const char **s, size_t *len)
{
	(void)ctx;
	if (worker == 1 && i % 16384 == 0) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	*s = "a line";
	*len = 6;
	return 0;
}

struct last_report {
	size_t done, total, calls;
};

static int note_report(void *ctx, size_t done, size_t total)
{
	struct last_report *r = ctx;
	r->done = done;
	r->total = total;
	r->calls++;
	return 0;
}

static void test_progress_reaches_the_end(void)
{
	struct ll_tpl *t = mk(2);
	size_t n = 4 * 16384 + 100;
	long *ids = malloc(n * sizeof *ids);
	struct ll_err err;
	struct last_report r = {0, 0, 0};
	CHECK_INT(ll_tpl_mine(t, n, slow_second_worker, NULL, ids, note_report, &r, &err), LL_OK);
	CHECK(r.calls >= 1);
	CHECK_INT(r.done, n);
	CHECK_INT(r.total, n);
	/* a cancel asked for at the very end still cancels */
	size_t at = n;
	CHECK_INT(ll_tpl_mine(t, n, slow_second_worker, NULL, ids, cancel_at, &at, &err), LL_ECANCEL);
	CHECK_INT(ll_tpl_count(t), 0);
	free(ids);
	ll_tpl_free(t);
}

static void test_cancel_and_errors(void)
{
	struct ll_tpl *t = mk(2);
	size_t n = getenv("LL_VALGRIND") ? 40000 : 200000, at = n / 3;
	long *ids = malloc(n * sizeof *ids);
	struct ll_err err;
	CHECK_INT(ll_tpl_mine(t, n, same_line, NULL, ids, cancel_at, &at, &err), LL_ECANCEL);
	CHECK_INT(ll_tpl_count(t), 0);
	CHECK_INT(ll_tpl_mine(t, n, failing_line, NULL, ids, NULL, NULL, &err), LL_EIO);
	CHECK_INT(ll_tpl_count(t), 0);
	/* after errors the miner still works */
	CHECK_INT(ll_tpl_mine(t, n, same_line, NULL, ids, NULL, NULL, &err), LL_OK);
	CHECK_INT(ll_tpl_count(t), 1);
	CHECK_INT(ids[n - 1], 0);
	CHECK_INT(ll_tpl_lines(t, 0), n);
	free(ids);
	ll_tpl_free(t);

	struct ll_tpl_config c;
	struct ll_tpl *bad = (struct ll_tpl *)&c;
	ll_tpl_config_default(&c);
	c.min_siblings = 1;
	CHECK_INT(ll_tpl_new(&c, &bad, &err), LL_EUSAGE);
	CHECK(bad == NULL);
	CHECK(strstr(err.msg, "min_siblings") != NULL);
	ll_tpl_config_default(&c);
	c.max_tokens = 0;
	CHECK_INT(ll_tpl_new(&c, &bad, &err), LL_EUSAGE);
	ll_tpl_config_default(&c);
	c.max_line_bytes = 8;
	CHECK_INT(ll_tpl_new(&c, &bad, &err), LL_EUSAGE);
	ll_tpl_config_default(&c);
	c.threads = -1;
	CHECK_INT(ll_tpl_new(&c, &bad, &err), LL_EUSAGE);
	CHECK_INT(ll_tpl_new(NULL, &bad, &err), LL_EUSAGE);
	/* unknown ids */
	t = mk(1);
	char buf[8] = "junk";
	CHECK_INT(ll_tpl_text(t, 0, buf, sizeof buf), 0);
	CHECK_STR(buf, "");
	CHECK_INT(ll_tpl_lines(t, -1), 0);
	CHECK_INT(ll_tpl_ntokens(t, 5), 0);
	CHECK_INT(ll_tpl_template_of(t, 0), -1);
	CHECK_INT(ll_tpl_match(t, "anything", 8), -1);
	ll_tpl_free(t);
	ll_tpl_free(NULL);
}

static void test_empty_and_huge(void)
{
	struct ll_tpl *t = mk(1);
	const char *const lines[] = {"", "   ", "\t", "x", NULL};
	const long *id = mine(t, lines);
	CHECK(id[0] == id[1] && id[1] == id[2]);
	CHECK_STR(text(t, id[0]), "");
	CHECK_STR(text(t, id[3]), "x");
	/* 50 MB lines (4 MB under valgrind, LL_VALGRIND): only the first
	 * max_line_bytes count, so the second line's template is that many
	 * bytes, without its last byte */
	size_t big = getenv("LL_VALGRIND") ? 4u << 20 : 50u << 20;
	char *a = malloc(big), *b = malloc(big);
	for (size_t i = 0; i < big; i++) {
		a[i] = i % 7 == 6 ? ' ' : 'a' + (char)(i % 5);
		b[i] = 'q';
	}
	b[big - 1] = 'z';
	const char *const huge[] = {a, b, NULL};
	size_t lens[2] = {big, big};
	long ids[2];
	struct ll_err err;
	CHECK_INT(ll_tpl_mine_array(t, 2, huge, lens, ids, &err), LL_OK);
	CHECK(ids[0] != ids[1]);
	CHECK_INT(ll_tpl_ntokens(t, ids[0]), 512);
	CHECK_INT(ll_tpl_ntokens(t, ids[1]), 1);
	CHECK_INT(ll_tpl_text(t, ids[1], NULL, 0), ll_tpl_config(t)->max_line_bytes);
	/* bytes that mean something inside the miner are just text */
	const char odd[] = "a\x1f"
			   "b \x01 c\x1e"
			   "d";
	const char *const oddl[] = {odd, NULL};
	id = mine(t, oddl);
	CHECK_STR(text(t, id[0]), "a?b ? c?d");
	free(a);
	free(b);
	ll_tpl_free(t);
}

static int load_text(struct ll_tpl *t, const char *s, struct ll_err *err)
{
	FILE *f = fmemopen((void *)s, strlen(s), "r");
	int rc = ll_tpl_load(t, f, "mem", err);
	fclose(f);
	return rc;
}

/* Rows of a hex dump (hexdump -C, Go's hex.Dump): one template whatever
 * their bytes, pairs of letters and gutters without digits included, and
 * a saved template that matches them again; a row whose gutter does not
 * hold one character per pair, or text with a bar, is no dump row. */
static void test_hexdump_rows(void)
{
	struct ll_tpl *t = mk(1);
	const char *const lines[] = {
	    "00000000  6b 38 73 00 0a 1f 0a 13  63 6f 6f 72 64 69 6e 61  |k8s.....coordina|",
	    "00000010  74 69 6f 6e 2e 6b 38 73  2e 69 6f 2f 76 31 12 05  |tion.k8s.io/v1..|",
	    "00000020  4c 65 61 73 65 12 ef be  0a ab cd 0a 0e 6b 75 62  |Lease........kub|",
	    "00000030  65 2d 73 63 68 65 64 75  6c 65 72 12 00 1a 0b 6b  |e-scheduler....k|",
	    "00000040  75 6c 6c 79 20 61 73 73  69 67 6e 20 64 65        |ully assign de|",
	    "000001a0: fa ce |..|",
	    "Response Body:",
	    "0000 | not a dump |",
	    "00000000  6b 38 73  |k8s.....|",
	    NULL};
	const long *id = mine(t, lines);
	for (int k = 1; k < 6; k++)
		CHECK_INT(id[k], id[0]);
	CHECK_STR(text(t, id[0]), "<*> | <*> |");
	CHECK(id[6] != id[0] && id[7] != id[0] && id[8] != id[0]);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ll_err err;
	CHECK_INT(ll_tpl_save(t, f, "mem", &err), LL_OK);
	fclose(f);
	struct ll_tpl *u = mk(1);
	CHECK_INT(load_text(u, buf, &err), LL_OK);
	const char *row = "00000050  be ef ca fe de ad be ef  |........|";
	CHECK_INT(ll_tpl_match(u, row, strlen(row)), id[0]);
	CHECK_INT(ll_tpl_match(t, row, strlen(row)), id[0]);
	free(buf);
	ll_tpl_free(t);
	ll_tpl_free(u);
}

static void test_save_load(void)
{
	struct ll_tpl *t = mk(1);
	const char *const lines[] = {"Invalid user admin from 1.1.1.1", "Invalid user oracle from 2.2.2.2",
				     "Invalid user test from 3.3.3.3",  "Invalid user guest from 4.4.4.4",
				     "Invalid user pi from 5.5.5.5",    "session opened uid=0 tty=pts",
				     "lookup of host () ok",            NULL};
	const long *id = mine(t, lines);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ll_err err;
	CHECK_INT(ll_tpl_save(t, f, "mem", &err), LL_OK);
	fclose(f);
	CHECK_STR(buf, "# loglab templates v2\n0\t5\tInvalid user <*> from <*>\n1\t1\tsession opened uid=<*> tty=pts\n"
		       "2\t1\tlookup of host <*> ok\n");
	struct ll_tpl *u = mk(1);
	CHECK_INT(load_text(u, buf, &err), LL_OK);
	CHECK_INT(ll_tpl_count(u), 3);
	CHECK_INT(ll_tpl_lines(u, 0), 5);
	for (int k = 0; lines[k]; k++)
		CHECK_INT(ll_tpl_match(u, lines[k], strlen(lines[k])), id[k]);
	CHECK_INT(ll_tpl_match(u, "Invalid user nobody from 9.9.9.9", 32), 0);
	CHECK_INT(ll_tpl_match(u, "session opened uid=7 tty=pts", 28), 1);
	free(buf);
	/* loglab's earlier Drain files still load: their masks read as variables */
	CHECK_INT(load_text(u, "# loglab drain templates v1\n0\t3\topen file <*>\n1\t1\tnode-<*> up\n2\t1\t\n", &err),
		  LL_OK);
	CHECK_INT(ll_tpl_count(u), 3);
	CHECK_INT(ll_tpl_match(u, "open file /a/b", 14), 0);
	CHECK_INT(ll_tpl_match(u, "node-12 up", 10), 1);
	CHECK_INT(ll_tpl_match(u, "", 0), 2);
	/* malformed files: named, and the miner left empty */
	static const struct {
		const char *text, *want;
	} bad[] = {
	    {"", "mem: empty file"},
	    {"# something else\n", "mem:1: not a template file"},
	    {"# loglab templates v2\n0\tx\tfoo\n", "mem:2: expected"},
	    {"# loglab templates v2\n1\t1\tfoo\n", "mem:2: template id 1 out of sequence"},
	    {"# loglab templates v2\n0\t1\tfoo\n0\t1\tbar\n", "mem:3: template id 0 out of sequence"},
	};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		CHECK_INT(load_text(u, bad[k].text, &err), LL_EDATA);
		CHECK(strncmp(err.msg, bad[k].want, strlen(bad[k].want)) == 0);
		CHECK_INT(ll_tpl_count(u), 0);
	}
	const char nul[] = "# loglab templates v2\n0\t1\ta\0b\n";
	FILE *g = fmemopen((void *)nul, sizeof nul - 1, "r");
	CHECK_INT(ll_tpl_load(u, g, "mem", &err), LL_EDATA);
	CHECK(strstr(err.msg, "NUL") != NULL);
	fclose(g);
	ll_tpl_free(t);
	ll_tpl_free(u);
}

int main(void)
{
	test_variables();
	test_constants_stay();
	test_no_constant_token();
	test_inserted_variable();
	test_padded_brackets();
	test_quoted_values();
	test_json_records();
	test_user_agents();
	test_key_values();
	test_siblings();
	test_verbs();
	test_threads_and_add();
	test_cancel_and_errors();
	test_progress_reaches_the_end();
	test_empty_and_huge();
	test_save_load();
	test_hexdump_rows();
	TEST_MAIN_END();
}
