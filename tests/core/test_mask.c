/*
 * tests/core/test_mask.c - the masking rules of ll_mask.h (each with text
 * that must and must not be masked), the code mode of num, their bounds
 * and their names. Expected
 * values are worked out by hand from the rules.
 */
#include "harness.h"
#include "ll_mask.h"

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

/* LL_MASK_CODE: short whole numbers that stand alone keep their digits */
static void test_mask_code(void)
{
	const unsigned nc = LL_MASK_NUM | LL_MASK_CODE;
	CHECK_STR(masked(nc, "status=503 in 12345 ms"), "status=<*>503 in <*> ms");
	CHECK_STR(masked(nc, "exited with code 137. event 4625: bad (7)"),
		  "exited with code <*>137. event <*>4625: bad (<*>7)");
	/* glued to a version, date, range, name or path: hidden as before */
	CHECK_STR(masked(nc, "v 0.23.22-1 on 2024-01-05 node-246 3-7 /9"),
		  "v <*>.<*>-<*> on <*>-<*>-<*> node-<*> <*>-<*> /<*>");
	/* signed, decimal or longer than 4 digits: hidden */
	CHECK_STR(masked(nc, "-5 +3 2.5 10000 9999"), "<*> <*> <*> <*> <*>9999");
	/* a glue byte that ends the text or is followed by a space does not glue */
	CHECK_STR(masked(nc, "state 6."), "state <*>6.");
	CHECK_STR(masked(nc, "state 6.1"), "state <*>");
	/* a mode of num: without num, nothing is masked; other rules are unchanged */
	KEEP(LL_MASK_CODE, "status 503 at 10.0.0.1");
	CHECK_STR(masked(LL_MASK_DEFAULT | LL_MASK_CODE, "port 80 of 10.0.0.1 at 07:07:00"),
		  "port <*>80 of <*> at <*>");
	/* the kept digits are never cut: it stops before "<*>503" when 5 bytes are left */
	char out[16];
	CHECK_INT(ll_mask_apply(nc, "a 503", 5, out, 6), 2);
	CHECK_INT(ll_mask_apply(nc, "a 503", 5, out, 8), 8);
	CHECK(memcmp(out, "a <*>503", 8) == 0);
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
	/* a figure, not a check: quadratic work would show as a test that
	 * does not end, which the harness's time limit catches */
	fprintf(stderr, "mask of %zu bytes: %.3f s CPU\n", n, secs);
	free(big);
	free(o);

	CHECK_STR(ll_mask_name(LL_MASK_NUM), "num");
	CHECK_STR(ll_mask_name(LL_MASK_KV), "kv");
	CHECK(ll_mask_name(3u) == NULL);
	CHECK_STR(ll_mask_name(LL_MASK_CODE), "code");
	CHECK_INT(ll_mask_from_name("code", 4), LL_MASK_CODE);
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
	CHECK_INT(ll_mask_parse("default,+code", &m, &err), LL_OK);
	CHECK_INT(m, LL_MASK_DEFAULT | LL_MASK_CODE);
	CHECK_INT(ll_mask_parse("-path", &m, &err), LL_OK);
	CHECK_INT(m, (LL_MASK_DEFAULT & ~LL_MASK_PATH) | LL_MASK_CODE);
	/* a whole set switches the mode off: "default" and "all" mean what they always meant */
	CHECK_INT(ll_mask_parse("default", &m, &err), LL_OK);
	CHECK_INT(m, LL_MASK_DEFAULT);
	m |= LL_MASK_CODE;
	CHECK_INT(ll_mask_parse("all", &m, &err), LL_OK);
	CHECK_INT(m, LL_MASK_ALL);
}

/* ll_mask_format writes what ll_mask_parse reads back, for every set. */
static void test_mask_format(void)
{
	char spec[LL_MASK_SPEC_MAX];
	CHECK_STR(ll_mask_format(LL_MASK_DEFAULT, spec), "default");
	/* Saved runs record their masks as such specs ("default", "all"), so
	 * these sets may never change: a new default needs a new name. */
	CHECK_INT(LL_MASK_DEFAULT, 0x1ff);
	CHECK_INT(LL_MASK_ALL, 0x7ff);
	CHECK_STR(ll_mask_format(0, spec), "none");
	CHECK_STR(ll_mask_format(LL_MASK_ALL, spec), "all");
	CHECK_STR(ll_mask_format((LL_MASK_DEFAULT & ~LL_MASK_NUM) | LL_MASK_KV, spec), "default,-num,+kv");
	CHECK_STR(ll_mask_format(LL_MASK_DEFAULT | LL_MASK_CODE, spec), "default,+code");
	CHECK_STR(ll_mask_format(LL_MASK_ALL | LL_MASK_CODE, spec), "all,+code");
	CHECK_STR(ll_mask_format(LL_MASK_CODE, spec), "none,+code");
	int bad = 0;
	struct ll_err err;
	for (unsigned m = 0; m <= LL_MASK_ALL; m++) {
		for (unsigned code = 0; code <= LL_MASK_CODE; code += LL_MASK_CODE) {
			unsigned back = LL_MASK_DEFAULT ^ 1u;
			bad += ll_mask_parse(ll_mask_format(m | code, spec), &back, &err) != LL_OK ||
			       back != (m | code) || strlen(spec) >= LL_MASK_SPEC_MAX - 1;
		}
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	test_mask_rules();
	test_mask_code();
	test_mask_bounds_and_names();
	test_mask_format();
	TEST_MAIN_END();
}
