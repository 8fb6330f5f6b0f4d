/*
 * tests/core/test_drain.c - the masking rules (each with lines that must
 * and must not be masked) and the Drain miner: routing by length, first
 * tokens and the wildcard child, the similarity threshold, template
 * updates, the max_children cap, match-only lookups, the template cap,
 * save/load, determinism, and empty and 50 MB lines. Expected values are
 * worked out by hand from the rules in ll_mask.h and ll_drain.h.
 */
#include "harness.h"
#include "ll_drain.h"

#include <time.h>

/* The masked form of s under masks, in a static buffer. */
static const char *masked(unsigned masks, const char *s)
{
	static char out[4096];
	size_t n = ll_mask_apply(masks, s, strlen(s), out, sizeof out - 1);
	out[n] = '\0';
	return out;
}

/* s must come back unchanged under masks. */
#define KEEP(masks, s) CHECK_STR(masked((masks), (s)), (s))

static void test_mask_rules(void)
{
	/* numbers */
	CHECK_STR(masked(LL_MASK_NUM, "took 15 ms"), "took <*> ms");
	CHECK_STR(masked(LL_MASK_NUM, "-5 and +3.25;"), "<*> and <*>;");
	CHECK_STR(masked(LL_MASK_NUM, "node-246 (uid=0)"), "node-<*> (uid=<*>)");
	CHECK_STR(masked(LL_MASK_NUM, "core.1234"), "core.<*>");
	KEEP(LL_MASK_NUM, "R02-M1-N0-C:J12-U11");
	KEEP(LL_MASK_NUM, "abc123 12abc a-b");
	/* IPv4 */
	CHECK_STR(masked(LL_MASK_IPV4, "from 10.0.0.1:8080 ok"), "from <*> ok");
	CHECK_STR(masked(LL_MASK_IPV4, "request /10.10.34.11:45307"), "request /<*>");
	CHECK_STR(masked(LL_MASK_IPV4, "[173.234.31.186]"), "[<*>]");
	KEEP(LL_MASK_IPV4, "1.2.3.4.5 1.2.3 1234.1.1.1 1.2.3.4a");
	/* IPv6 */
	CHECK_STR(masked(LL_MASK_IPV6, "fe80::1 up"), "<*> up");
	CHECK_STR(masked(LL_MASK_IPV6, "0:0:0:0:0:0:0:2181"), "<*>");
	CHECK_STR(masked(LL_MASK_IPV6, "to 2001:db8::ff00:42:8329."), "to <*>.");
	KEEP(LL_MASK_IPV6, "15:16:01 00:1a:2b:3c:4d:5e a:b 1:2:3:4:5:6:7:8:9 1:::2 std::x");
	/* hex */
	CHECK_STR(masked(LL_MASK_HEX, "at 0x1f, 0XdeadBEEF"), "at <*>, <*>");
	CHECK_STR(masked(LL_MASK_HEX, "id 113d3a99c3da401fbd62cc2caa5b96d2"), "id <*>");
	KEEP(LL_MASK_HEX, "deadbeefcafe 12345678 0x abc1234 0x1g");
	/* paths */
	CHECK_STR(masked(LL_MASK_PATH, "open /var/log/x.log failed"), "open <*> failed");
	CHECK_STR(masked(LL_MASK_PATH, "tty=/dev/pts/1)"), "tty=<*>)");
	CHECK_STR(masked(LL_MASK_PATH, "\"GET /v2/54fadb/servers/detail HTTP/1.1\""), "\"GET <*> HTTP/1.1\"");
	KEEP(LL_MASK_PATH, "/proc read/write / // x");
	/* HDFS block ids */
	CHECK_STR(masked(LL_MASK_BLOCK, "blk_-123 and blk_456"), "<*> and <*>");
	KEEP(LL_MASK_BLOCK, "blk_ blk_12a xblk_1 blk_-");
	/* UUIDs */
	CHECK_STR(masked(LL_MASK_UUID, "[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d]"), "[instance: <*>]");
	CHECK_STR(masked(LL_MASK_UUID, "req-38101a0b-2096-447d-96ea-a692162415ae"), "req-<*>");
	KEEP(LL_MASK_UUID, "b9000564-fe1a-409b-b8cc-1e88b294cd1 b9000564-fe1a-409b-b8cc-1e88b294cd1dx");
	/* times */
	CHECK_STR(masked(LL_MASK_TIME, "at 07:07:00 2005"), "at <*> 2005");
	CHECK_STR(masked(LL_MASK_TIME, "17:41:44,747 x 1:02:03.5"), "<*> x <*>");
	KEEP(LL_MASK_TIME, "7:7:00 12:34 123:45:67 12:34:56x");
	/* sizes */
	CHECK_STR(masked(LL_MASK_SIZE, "size 1000.0 B, free 3.1 MB"), "size <*>, free <*>");
	CHECK_STR(masked(LL_MASK_SIZE, "12KiB 7GB"), "<*> <*>");
	KEEP(LL_MASK_SIZE, "5 Bytes 5 XB 5  B");
	/* dotted names */
	CHECK_STR(masked(LL_MASK_HOST, "for ns.example-1.com failed"), "for <*> failed");
	CHECK_STR(masked(LL_MASK_HOST, "org.apache.spark.Foo: x"), "<*>: x");
	KEEP(LL_MASK_HOST, "a.b end. a..b.c");
	/* key=value */
	CHECK_STR(masked(LL_MASK_KV, "uid=0 user=root, ok"), "uid=<*> user=<*>, ok");
	KEEP(LL_MASK_KV, "logname= x a == b =c");
	/* nothing on: nothing changes */
	KEEP(0u, "blk_1 10.0.0.1 0x1f 15 /a/b");
	/* defaults together, on an HDFS line */
	CHECK_STR(masked(LL_MASK_DEFAULT, "Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 "
					  "dest: /10.250.19.102:50010"),
		  "Receiving block <*> src: /<*> dest: /<*>");
	/* priority: a UUID is not cut into numbers and hex, an address not into numbers */
	CHECK_STR(masked(LL_MASK_ALL, "b9000564-fe1a-409b-b8cc-1e88b294cd1d 10.1.2.3"), "<*> <*>");
}

static void test_mask_bounds_and_names(void)
{
	char out[8];
	/* stops before a "<*>" that would not fit */
	CHECK_INT(ll_mask_apply(LL_MASK_NUM, "1 2 3", 5, out, 5), 4);
	CHECK(memcmp(out, "<*> ", 4) == 0);
	CHECK_INT(ll_mask_apply(LL_MASK_NUM, "abcdefghij", 10, out, 8), 8);
	CHECK_INT(ll_mask_apply(LL_MASK_ALL, "", 0, out, 8), 0);
	/* a long hostile run stays linear (would take minutes if quadratic) */
	size_t n = 4 << 20;
	char *big = malloc(n), *o = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = "1:1.a/"[i % 6];
	clock_t t0 = clock();
	size_t got = ll_mask_apply(LL_MASK_ALL, big, n, o, n);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(got > 0 && got <= n);
	CHECK(secs < 5.0);
	free(big);
	free(o);

	CHECK_STR(ll_mask_name(LL_MASK_NUM), "num");
	CHECK_STR(ll_mask_name(LL_MASK_KV), "kv");
	CHECK(ll_mask_name(3u) == NULL);
	CHECK_INT(ll_mask_from_name("ipv4", 4), LL_MASK_IPV4);
	CHECK_INT(ll_mask_from_name("ipv", 3), 0);
	unsigned m = LL_MASK_DEFAULT;
	struct ll_err err;
	CHECK_INT(ll_mask_parse("default,-path,+kv", &m, &err), LL_OK);
	CHECK_INT(m, (LL_MASK_DEFAULT & ~LL_MASK_PATH) | LL_MASK_KV);
	CHECK_INT(ll_mask_parse(" none , num ", &m, &err), LL_OK);
	CHECK_INT(m, LL_MASK_NUM);
	CHECK_INT(ll_mask_parse("all,-hex", &m, &err), LL_OK);
	CHECK_INT(m, LL_MASK_ALL & ~LL_MASK_HEX);
	CHECK_INT(ll_mask_parse("num,bogus", &m, &err), LL_EUSAGE);
	CHECK_INT(m, LL_MASK_ALL & ~LL_MASK_HEX);
	CHECK(strstr(err.msg, "\"bogus\"") != NULL);
}

static struct ll_drain *mk(double sim_th, int depth, int max_children, unsigned masks)
{
	struct ll_drain_config c;
	ll_drain_config_default(&c);
	c.sim_th = sim_th;
	c.depth = depth;
	c.max_children = max_children;
	c.masks = masks;
	struct ll_drain *d = NULL;
	struct ll_err err;
	int rc = ll_drain_new(&c, &d, &err);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		exit(1);
	}
	return d;
}

static long add(struct ll_drain *d, const char *s)
{
	long id = -2;
	CHECK_INT(ll_drain_add(d, s, strlen(s), &id), LL_OK);
	return id;
}

static long match(struct ll_drain *d, const char *s)
{
	long id = -2;
	CHECK_INT(ll_drain_match(d, s, strlen(s), &id), LL_OK);
	return id;
}

static const char *text(const struct ll_drain *d, long id)
{
	static char buf[4096];
	ll_drain_template_text(d, id, buf, sizeof buf);
	return buf;
}

static void test_tree(void)
{
	struct ll_drain *d = mk(0.5, 4, 100, LL_MASK_DEFAULT);
	/* numbers are masked: one template */
	CHECK_INT(add(d, "user 12 logged in"), 0);
	CHECK_INT(add(d, "user 345 logged in"), 0);
	CHECK_STR(text(d, 0), "user <*> logged in");
	CHECK_INT(ll_drain_template_lines(d, 0), 2);
	/* another token count is another template */
	CHECK_INT(add(d, "user 12 logged in twice"), 1);
	/* a differing word becomes <*>: 2 of 3 tokens agree, 0.67 >= 0.5 */
	CHECK_INT(add(d, "open file a.txt"), 2);
	CHECK_INT(add(d, "open file b.txt"), 2);
	CHECK_STR(text(d, 2), "open file <*>");
	CHECK_INT(ll_drain_template_ntokens(d, 2), 3);
	/* 1 of 4 agrees, 0.25 < 0.5: a new template in the same leaf */
	CHECK_INT(add(d, "open a b c"), 3);
	CHECK_INT(add(d, "open x y z"), 3 + 1);
	/* a different first token routes to another leaf even when the rest agrees */
	CHECK_INT(add(d, "close file a.txt"), 5);
	/* tokens with digits go to the wildcard child and meet there */
	CHECK_INT(add(d, "job1 done ok"), 6);
	CHECK_INT(add(d, "job2 done ok"), 6);
	CHECK_STR(text(d, 6), "<*> done ok");
	/* a masked token agrees with a <*> position: 3/3 */
	CHECK_INT(add(d, "took 5 ms"), 7);
	CHECK_INT(add(d, "took 10.5 ms"), 7);
	CHECK_STR(text(d, 7), "took <*> ms");
	CHECK_INT(ll_drain_count(d), 8);
	/* match only: nothing changes */
	CHECK_INT(match(d, "user 99 logged in"), 0);
	CHECK_INT(ll_drain_template_lines(d, 0), 2);
	CHECK_INT(match(d, "nothing like it"), -1);
	CHECK_INT(match(d, "open file c.txt"), 2);
	CHECK_INT(ll_drain_count(d), 8);
	/* unknown ids */
	CHECK_INT(ll_drain_template_lines(d, 99), 0);
	CHECK_INT(ll_drain_template_text(d, -1, NULL, 0), 0);
	/* snprintf-like text */
	char small[6];
	CHECK_INT(ll_drain_template_text(d, 0, small, sizeof small), strlen("user <*> logged in"));
	CHECK_STR(small, "user ");
	/* reset forgets everything, ids start again */
	ll_drain_reset(d);
	CHECK_INT(ll_drain_count(d), 0);
	CHECK_INT(add(d, "open file a.txt"), 0);
	ll_drain_free(d);

	/* the threshold decides: sim_th 0.7 keeps "open file a" and "open file b" apart */
	d = mk(0.7, 4, 100, LL_MASK_DEFAULT);
	CHECK_INT(add(d, "open file a.txt"), 0);
	CHECK_INT(add(d, "open file b.txt"), 1);
	ll_drain_free(d);

	/* deeper trees route on more tokens: depth 5 splits on the second token */
	d = mk(0.3, 5, 100, LL_MASK_DEFAULT);
	CHECK_INT(add(d, "GET x y z"), 0);
	CHECK_INT(add(d, "GET w y z"), 1);
	CHECK_INT(add(d, "GET x q z"), 0);
	ll_drain_free(d);
	/* depth 3 routes on the length alone */
	d = mk(0.5, 3, 100, LL_MASK_DEFAULT);
	CHECK_INT(add(d, "alpha x y"), 0);
	CHECK_INT(add(d, "beta x y"), 0);
	CHECK_STR(text(d, 0), "<*> x y");
	ll_drain_free(d);
}

static void test_max_children(void)
{
	/* max_children 3 keeps one slot for the wildcard: "aa" and "bb" get
	 * their own children, "cc" and every later new word share the
	 * wildcard child, where they meet (1 of 2 tokens, 0.5). */
	struct ll_drain *d = mk(0.5, 4, 3, LL_MASK_DEFAULT);
	CHECK_INT(add(d, "aa x"), 0);
	CHECK_INT(add(d, "bb x"), 1);
	CHECK_INT(add(d, "cc x"), 2);
	CHECK_INT(add(d, "dd x"), 2);
	CHECK_STR(text(d, 2), "<*> x");
	CHECK_INT(match(d, "ee x"), 2);
	CHECK_INT(match(d, "aa x"), 0);
	CHECK_INT(add(d, "bb x"), 1);
	CHECK_INT(ll_drain_template_lines(d, 1), 2);
	ll_drain_free(d);
}

static void test_empty_and_delims(void)
{
	struct ll_drain *d = mk(0.5, 4, 100, LL_MASK_DEFAULT);
	long id = -2;
	CHECK_INT(ll_drain_add(d, "", 0, &id), LL_OK);
	CHECK_INT(id, 0);
	CHECK_INT(ll_drain_add(d, NULL, 0, &id), LL_OK);
	CHECK_INT(id, 0);
	CHECK_INT(add(d, " \t \r\n"), 0);
	CHECK_INT(ll_drain_template_ntokens(d, 0), 0);
	CHECK_STR(text(d, 0), "");
	CHECK_INT(ll_drain_template_lines(d, 0), 3);
	ll_drain_free(d);

	struct ll_drain_config c;
	ll_drain_config_default(&c);
	c.masks = 0;
	c.delims = "=,";
	struct ll_err err;
	CHECK_INT(ll_drain_new(&c, &d, &err), LL_OK);
	CHECK_INT(add(d, "key=val,other"), 0);
	CHECK_INT(ll_drain_template_ntokens(d, 0), 3);
	CHECK_STR(text(d, 0), "key val other");
	CHECK_STR(ll_drain_config(d)->delims, "=,");
	ll_drain_free(d);
}

static void test_config_and_caps(void)
{
	struct ll_drain_config c;
	struct ll_drain *d = (struct ll_drain *)&c;
	struct ll_err err;
	ll_drain_config_default(&c);
	c.depth = 2;
	CHECK_INT(ll_drain_new(&c, &d, &err), LL_EUSAGE);
	CHECK(d == NULL);
	CHECK(strstr(err.msg, "depth") != NULL);
	ll_drain_config_default(&c);
	c.sim_th = NAN;
	CHECK_INT(ll_drain_new(&c, &d, &err), LL_EUSAGE);
	ll_drain_config_default(&c);
	c.max_children = 1;
	CHECK_INT(ll_drain_new(&c, &d, &err), LL_EUSAGE);
	ll_drain_config_default(&c);
	c.masks = 1u << 30;
	CHECK_INT(ll_drain_new(&c, &d, &err), LL_EUSAGE);
	CHECK_INT(ll_drain_new(NULL, &d, &err), LL_EUSAGE);

	/* template cap: a new line joins its leaf's nearest template, or fails */
	ll_drain_config_default(&c);
	c.max_templates = 2;
	CHECK_INT(ll_drain_new(&c, &d, &err), LL_OK);
	CHECK_INT(add(d, "a b c"), 0);
	CHECK_INT(add(d, "x y"), 1);
	CHECK_INT(add(d, "a q r"), 0); /* 1/3 < 0.5 but the cap is reached */
	CHECK_STR(text(d, 0), "a <*> <*>");
	long id = 7;
	CHECK_INT(ll_drain_add(d, "zz", 2, &id), LL_EDATA);
	CHECK_INT(id, -1);
	CHECK_INT(ll_drain_count(d), 2);
	ll_drain_free(d);

	/* max_tokens: only the first tokens count */
	ll_drain_config_default(&c);
	c.max_tokens = 3;
	CHECK_INT(ll_drain_new(&c, &d, &err), LL_OK);
	CHECK_INT(add(d, "a b c d e f"), 0);
	CHECK_INT(add(d, "a b c x"), 0);
	CHECK_INT(ll_drain_template_ntokens(d, 0), 3);
	ll_drain_free(d);
}

static void test_huge_line(void)
{
	/* 50 MB: one with spaces (more than max_tokens tokens), one single
	 * token; only the first max_line_bytes count, so two such lines with
	 * the same start share a template and nothing grows with the size. */
	size_t n = 50u << 20;
	char *big = malloc(n);
	CHECK(big != NULL);
	if (!big)
		return;
	for (size_t i = 0; i < n; i++)
		big[i] = "word "[i % 5];
	struct ll_drain *d = mk(0.5, 4, 100, LL_MASK_DEFAULT);
	clock_t t0 = clock();
	CHECK_INT(add(d, "tiny line"), 0);
	long a = -2, b = -2;
	CHECK_INT(ll_drain_add(d, big, n, &a), LL_OK);
	big[n - 1] = 'x';
	CHECK_INT(ll_drain_add(d, big, n, &b), LL_OK);
	CHECK_INT(a, 1);
	CHECK_INT(b, 1);
	CHECK_INT(ll_drain_template_ntokens(d, 1), 512);
	memset(big, 'q', n);
	CHECK_INT(ll_drain_add(d, big, n, &a), LL_OK);
	CHECK_INT(a, 2);
	CHECK_INT(ll_drain_template_ntokens(d, 2), 1);
	CHECK_INT(ll_drain_template_text(d, 2, NULL, 0), 65536);
	for (size_t i = 0; i < n; i++)
		big[i] = "1:1."[i % 4];
	CHECK_INT(ll_drain_add(d, big, n, &a), LL_OK);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(secs < 5.0);
	CHECK_INT(ll_drain_count(d), 4);
	free(big);
	ll_drain_free(d);
}

/* A reproducible stream of lines from a few shapes with varied numbers. */
static void gen_line(unsigned *seed, char *buf, size_t size)
{
	static const char *const shapes[] = {
		"Receiving block blk_%u src: /10.0.%u.%u:50010 dest: /10.0.0.1:50010",
		"PacketResponder %u for block blk_-%u terminating",
		"session opened for user u%u by (uid=%u)",
		"Failed password for invalid user guest%u from 10.1.%u.%u port %u ssh2",
		"instruction cache parity error corrected",
		"ciod: failed to read message prefix on control stream (CioStream socket to 172.16.%u.%u:%u",
	};
	*seed = *seed * 1103515245u + 12345u;
	unsigned r = *seed >> 8;
	unsigned k = r % 6;
	snprintf(buf, size, shapes[k], r % 97, r % 1013, (r >> 3) % 255, (r >> 5) % 255, (r >> 7) % 60000);
}

static void test_determinism_and_save(void)
{
	struct ll_drain *a = mk(0.5, 4, 100, LL_MASK_DEFAULT);
	struct ll_drain *b = mk(0.5, 4, 100, LL_MASK_DEFAULT);
	unsigned seed = 42;
	char line[256];
	int same = 1;
	for (int i = 0; i < 3000; i++) {
		gen_line(&seed, line, sizeof line);
		long ia = add(a, line), ib = add(b, line);
		if (ia != ib)
			same = 0;
	}
	CHECK(same);
	CHECK_INT(ll_drain_count(a), ll_drain_count(b));
	for (size_t k = 0; k < ll_drain_count(a); k++) {
		char ta[512], tb[512];
		ll_drain_template_text(a, (long)k, ta, sizeof ta);
		ll_drain_template_text(b, (long)k, tb, sizeof tb);
		CHECK_STR(ta, tb);
	}

	/* save, load into a fresh miner, and both go on alike */
	FILE *f = tmpfile();
	struct ll_err err;
	CHECK_INT(ll_drain_save(a, f, "tmp", &err), LL_OK);
	rewind(f);
	struct ll_drain *c = mk(0.5, 4, 100, LL_MASK_DEFAULT);
	CHECK_INT(ll_drain_load(c, f, "tmp", &err), LL_OK);
	CHECK_INT(ll_drain_count(c), ll_drain_count(a));
	for (size_t k = 0; k < ll_drain_count(a); k++) {
		char ta[512], tc[512];
		ll_drain_template_text(a, (long)k, ta, sizeof ta);
		ll_drain_template_text(c, (long)k, tc, sizeof tc);
		CHECK_STR(ta, tc);
		CHECK_INT(ll_drain_template_lines(a, (long)k), ll_drain_template_lines(c, (long)k));
	}
	same = 1;
	for (int i = 0; i < 500; i++) {
		gen_line(&seed, line, sizeof line);
		if (add(a, line) != add(c, line))
			same = 0;
	}
	CHECK(same);
	add(c, "a line never seen before");
	CHECK_INT(ll_drain_count(c), ll_drain_count(a) + 1);
	/* loading into a miner that has templates is refused */
	rewind(f);
	CHECK_INT(ll_drain_load(c, f, "tmp", &err), LL_EUSAGE);
	fclose(f);
	ll_drain_free(a);
	ll_drain_free(b);
	ll_drain_free(c);
}

static int load_text(const char *content, size_t len, struct ll_err *err)
{
	FILE *f = tmpfile();
	fwrite(content, 1, len, f);
	rewind(f);
	struct ll_drain *d = mk(0.5, 4, 100, LL_MASK_DEFAULT);
	int rc = ll_drain_load(d, f, "t.tpl", err);
	if (rc != LL_OK)
		CHECK_INT(ll_drain_count(d), 0); /* left empty */
	fclose(f);
	ll_drain_free(d);
	return rc;
}

#define LOAD(s, err) load_text((s), sizeof(s) - 1, (err))

static void test_load_errors(void)
{
	struct ll_err err;
	CHECK_INT(LOAD("# loglab drain templates v1\n0\t3\topen file <*>\n1\t1\t\n", &err), LL_OK);
	CHECK_INT(LOAD("# loglab drain templates v1\r\n0\t3\topen <*>\r\n", &err), LL_OK);
	CHECK_INT(LOAD("", &err), LL_EDATA);
	CHECK(strstr(err.msg, "t.tpl") != NULL);
	CHECK_INT(LOAD("hello\n0\t1\tx\n", &err), LL_EDATA);
	CHECK(strstr(err.msg, "t.tpl:1:") != NULL);
	CHECK_INT(LOAD("# loglab drain templates v1\n0\t1\ta\n2\t1\tb\n", &err), LL_EDATA);
	CHECK(strstr(err.msg, "t.tpl:3:") != NULL && strstr(err.msg, "sequence") != NULL);
	CHECK_INT(LOAD("# loglab drain templates v1\n0\tx\ta\n", &err), LL_EDATA);
	CHECK(strstr(err.msg, "t.tpl:2:") != NULL);
	CHECK_INT(LOAD("# loglab drain templates v1\n0\t99999999999999999999999\ta\n", &err), LL_EDATA);
	CHECK_INT(LOAD("# loglab drain templates v1\n0\t1\ta\0b\n", &err), LL_EDATA);
	CHECK(strstr(err.msg, "NUL") != NULL);
	/* a line longer than any template can be */
	size_t n = 300000;
	char *big = malloc(n);
	memcpy(big, "# loglab drain templates v1\n0\t1\t", 32);
	memset(big + 32, 'a', n - 32);
	CHECK_INT(load_text(big, n, &err), LL_EDATA);
	CHECK(strstr(err.msg, "longer") != NULL);
	free(big);
}

int main(void)
{
	test_mask_rules();
	test_mask_bounds_and_names();
	test_tree();
	test_max_children();
	test_empty_and_delims();
	test_config_and_caps();
	test_huge_line();
	test_determinism_and_save();
	test_load_errors();
	TEST_MAIN_END();
}
