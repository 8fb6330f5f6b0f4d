/*
 * test_clf.c - the "clf" reader: web access logs in the NCSA Common and
 * Combined formats. Generated here from a seed: combined lines with every
 * status class, "-" for none, escaped quotes, IPv6 clients, vhost_combined
 * and nginx's extra fields, a plain Common log; lines of another shape
 * among them; text of other formats that must not be taken for it; and
 * seeded damage, after which every load gives a table or an error naming
 * the file. Shared data files must keep their formats (no access log
 * there is read as fail2ban's: their labels come first).
 */
#include "harness.h"

#include "ds_reader.h"
#include "ll_strbuf.h"
#include "reader_test.h"

#include <math.h>

static char dir[200];

static int col(const struct ll_table *t, const char *name)
{
	return ll_table_find_column(t, name);
}

static const char *text(const struct ll_table *t, size_t row, const char *name)
{
	int c = col(t, name);
	const char *s = c >= 0 ? ll_table_text(t, row, (size_t)c) : NULL;
	return s ? s : "";
}

static double num(const struct ll_table *t, size_t row, const char *name)
{
	int c = col(t, name);
	return c >= 0 ? ll_table_num(t, row, (size_t)c) : -1;
}

/* Combined lines; row i has status 200 + 100 * (i % 4) (every fifth "-"
 * bytes), agent "agent i", and every seventh a quote escaped in its path. */
static size_t gen_combined(struct ll_strbuf *b, uint64_t seed, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned ip = (unsigned)(ll_test_xorshift(&seed) % 250);
		ll_strbuf_printf(b, "10.0.0.%u - %s [17/Jan/2021:10:%02zu:%02zu +0000] \"%s /p/%zu%s HTTP/1.1\" %zu ", ip,
				 i % 3 ? "-" : "alice", i / 60 % 60, i % 60, i % 2 ? "GET" : "POST", i,
				 i % 7 ? "" : "\\\"q", 200 + 100 * (i % 4));
		if (i % 5)
			ll_strbuf_printf(b, "%zu", 100 + i);
		else
			ll_strbuf_puts(b, "-");
		ll_strbuf_printf(b, " \"%s\" \"agent %zu\"\n", i % 2 ? "-" : "http://example.com/", i);
	}
	return n;
}

static struct ll_table *load_clf(const char *name, const struct ll_strbuf *b)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	CHECK(!b->oom);
	CHECK_INT(rt_load(rt_put(dir, name, b->s, b->len), NULL, &t, &used, &e), LL_OK);
	CHECK_STR(used, "clf");
	if (t && strcmp(used, "clf") != 0) {
		ll_table_free(t);
		t = NULL;
	}
	return t;
}

static void test_combined(void)
{
	struct ll_strbuf b = {0};
	size_t n = gen_combined(&b, 3, 120);
	struct ll_table *t = load_clf("access.log", &b);
	if (t) {
		CHECK_INT(ll_table_nrows(t), n);
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "time")), LL_COL_TIME);
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "status")), LL_COL_NUM);
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "bytes")), LL_COL_NUM);
		int bad = 0;
		for (size_t i = 0; i < n; i++) {
			bad += num(t, i, "status") != 200 + 100 * (double)(i % 4);
			bad += i % 5 ? num(t, i, "bytes") != 100 + (double)i : !isnan(num(t, i, "bytes"));
		}
		CHECK_INT(bad, 0);
		/* 2021-01-17 10:00:01 UTC */
		CHECK_NEAR(num(t, 1, "time"), 1610877601.0, 1e-6);
		CHECK_STR(text(t, 1, "method"), "GET");
		CHECK_STR(text(t, 1, "path"), "/p/1");
		CHECK_STR(text(t, 1, "protocol"), "HTTP/1.1");
		CHECK_STR(text(t, 1, "request"), "GET /p/1 HTTP/1.1");
		CHECK_STR(text(t, 0, "user"), "alice");
		CHECK_STR(text(t, 1, "user"), ""); /* "-" */
		CHECK_STR(text(t, 0, "referer"), "http://example.com/");
		CHECK_STR(text(t, 1, "referer"), "");
		CHECK_STR(text(t, 3, "agent"), "agent 3");
		/* an escaped quote stays inside the request */
		CHECK_STR(text(t, 7, "path"), "/p/7\\\"q");
		CHECK_STR(text(t, 7, "agent"), "agent 7");
		CHECK_STR(text(t, 0, "vhost"), "");
		CHECK_STR(text(t, 0, "extra"), "");
		CHECK_INT(ll_table_nnotes(t), 0);
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
}

static void test_variants(void)
{
	/* Common (no referer, agent), IPv6, a probe's junk request, status "-" */
	struct ll_strbuf b = {0};
	for (int i = 0; i < 30; i++)
		ll_strbuf_printf(&b, "2001:db8::%x - - [05/Mar/2024:23:59:%02d -0500] \"GET /x%d HTTP/1.0\" 304 -\n", i, i,
				 i);
	ll_strbuf_puts(&b, "2001:db8::1 - - [05/Mar/2024:23:59:59 -0500] \"\\x16\\x03\\x01\" 400 0\n");
	ll_strbuf_puts(&b, "2001:db8::1 - - [05/Mar/2024:23:59:59 -0500] \"-\" - -\n");
	struct ll_table *t = load_clf("common_log", &b);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 32);
		CHECK_STR(text(t, 2, "client"), "2001:db8::2");
		/* -0500: 2024-03-06 04:59:02 UTC */
		CHECK_NEAR(num(t, 2, "time"), 1709701142.0, 1e-6);
		CHECK_NEAR(num(t, 2, "status"), 304, 0);
		CHECK(isnan(num(t, 2, "bytes")));
		CHECK_STR(text(t, 2, "agent"), "");
		CHECK_STR(text(t, 30, "method"), "\\x16\\x03\\x01");
		CHECK_STR(text(t, 30, "path"), "");
		CHECK(isnan(num(t, 31, "status")));
		ll_table_free(t);
	}
	ll_strbuf_free(&b);

	/* vhost_combined, and nginx with forwarded-for and request time after the agent */
	b = (struct ll_strbuf){0};
	for (int i = 0; i < 20; i++)
		ll_strbuf_printf(&b, "www.example.org:443 192.0.2.%d - - [01/Feb/2025:00:00:%02d +0000] \"GET / HTTP/2.0\" 200 "
				     "512 \"-\" \"curl/8.0\"\n",
				 i, i);
	t = load_clf("other_vhosts_access.log", &b);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 20);
		CHECK_STR(text(t, 4, "vhost"), "www.example.org:443");
		CHECK_STR(text(t, 4, "client"), "192.0.2.4");
		CHECK_STR(text(t, 4, "agent"), "curl/8.0");
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
	b = (struct ll_strbuf){0};
	for (int i = 0; i < 20; i++)
		ll_strbuf_printf(&b, "192.0.2.%d - - [01/Feb/2025:00:00:%02d +0000] \"GET /api HTTP/1.1\" 502 157 \"-\" "
				     "\"Go-http-client/1.1\" \"198.51.100.%d\" rt=0.%03d uct=\"0.000\"\n",
				 i, i, i, i);
	/* a line of another shape: kept whole, the note says so */
	ll_strbuf_puts(&b, "2025/02/01 00:00:21 [error] 12#12: *1 upstream timed out\n");
	t = load_clf("nginx_access.log", &b);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 21);
		CHECK_STR(text(t, 3, "agent"), "Go-http-client/1.1");
		CHECK_STR(text(t, 3, "extra"), "\"198.51.100.3\" rt=0.003 uct=\"0.000\"");
		CHECK_NEAR(num(t, 3, "status"), 502, 0);
		CHECK(ll_table_nnotes(t) > 0);
		ll_table_free(t);
	}
	ll_strbuf_free(&b);

	/* a forwarded-for list where the client goes, after a vhost or alone:
	 * one client, every hop; a comma that ends the last word before the
	 * time joins nothing */
	b = (struct ll_strbuf){0};
	for (int i = 0; i < 20; i++)
		ll_strbuf_printf(&b, "%s192.0.2.%d, 10.0.0.1, 127.0.0.1 - - [01/Feb/2025:00:00:%02d +0000] \"GET / HTTP/1.1\" "
				     "200 12 \"-\" \"curl/8.0\"\n",
				 i % 2 ? "shop.example " : "", i, i);
	t = load_clf("xff_access.log", &b);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 20);
		CHECK_STR(text(t, 4, "client"), "192.0.2.4, 10.0.0.1, 127.0.0.1");
		CHECK_STR(text(t, 4, "vhost"), "");
		CHECK_STR(text(t, 5, "client"), "192.0.2.5, 10.0.0.1, 127.0.0.1");
		CHECK_STR(text(t, 5, "vhost"), "shop.example");
		CHECK_NEAR(num(t, 5, "status"), 200, 0);
		CHECK_INT((int)ll_table_nnotes(t), 0);
		ll_table_free(t);
	}
	ll_strbuf_free(&b);
}

/* Text that has brackets and quotes but is not an access log. */
static void test_not_clf(void)
{
	static const char *const others[] = {
		"Mar  5 10:00:00 host sshd[12]: Failed password for root from 10.0.0.1 port 22\n"
		"Mar  5 10:00:01 host sshd[12]: Failed password for root from 10.0.0.1 port 22\n",
		"[Tue Mar 05 10:00:00.123 2024] [core:error] [pid 12] [client 10.0.0.1:5] AH00126: bad\n"
		"[Tue Mar 05 10:00:01.123 2024] [core:error] [pid 12] [client 10.0.0.1:5] AH00126: bad\n",
		"a b c [x] \"y\" 200 1\na b c d e [x] \"y\" 200 1\n",
		"10.0.0.1 - - [17/Jan/2021:10:00:00 +0000] GET / 200 1\n10.0.0.1 - - [17/Jan/2021:10:00:00 +0000] GET / 200 1\n",
	};
	for (size_t k = 0; k < sizeof others / sizeof *others; k++) {
		struct ll_table *t;
		struct ll_err e;
		const char *used;
		char name[32];
		snprintf(name, sizeof name, "other%zu.log", k);
		CHECK_INT(rt_load(rt_put(dir, name, others[k], strlen(others[k])), NULL, &t, &used, &e), LL_OK);
		CHECK(strcmp(used, "clf") != 0);
		ll_table_free(t);
	}
}

static void test_mutants(void)
{
	struct ll_strbuf b = {0};
	gen_combined(&b, 11, 60);
	CHECK(!b.oom);
	CHECK_INT(rt_mutants(dir, "clf", b.s, b.len, 200, "clf", "\"[] -\\\n", 2026), 0);
	ll_strbuf_free(&b);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "clf");
	test_combined();
	test_variants();
	test_not_clf();
	test_mutants();
	TEST_MAIN_END();
}
