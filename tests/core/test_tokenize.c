/*
 * tests/core/test_tokenize.c - the token rule of ll_tokenize.h: runs of two
 * or more word characters, ASCII lower-casing, UTF-8 counted by characters,
 * masks and the "<*>" token, the token and byte caps, empty and 50 MB
 * lines, and bad configurations. Expected tokens are worked out by hand
 * from the rule (the plain ASCII cases agree with Python's
 * re.findall(r'(?u)\b\w\w+\b', s.lower()), checked when writing them).
 */
#include "harness.h"
#include "ll_tokenize.h"

#include <time.h>

/* The tokens of s joined by '|', in a static buffer. */
static const char *toks(struct ll_tokenizer *t, const char *s, size_t len)
{
	static char out[8192];
	const struct ll_token *tk;
	size_t n = ll_tok_line(t, s, len, &tk), m = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && m + tk[i].len + 2 < sizeof out; i++) {
		if (i)
			out[m++] = '|';
		memcpy(out + m, tk[i].s, tk[i].len);
		m += tk[i].len;
	}
	out[m] = '\0';
	return out;
}

#define T(t, s) toks((t), (s), strlen(s))

static struct ll_tokenizer *make(unsigned masks, int lower, int wild, size_t max_tokens, size_t max_bytes)
{
	struct ll_tok_config c;
	ll_tok_config_default(&c);
	c.masks = masks;
	c.lowercase = lower;
	c.keep_wildcard = wild;
	c.max_tokens = max_tokens;
	c.max_line_bytes = max_bytes;
	struct ll_tokenizer *t;
	struct ll_err err;
	int rc = ll_tok_new(&c, &t, &err);
	CHECK_INT(rc, LL_OK);
	return t;
}

static void test_rule(void)
{
	struct ll_tokenizer *t = make(0, 1, 1, 4096, 65536);
	/* Python: re.findall(r'(?u)\b\w\w+\b', 'a bb c_d x9 "Hi!!" 12'.lower()) */
	CHECK_STR(T(t, "a bb c_d x9 \"Hi!!\" 12"), "bb|c_d|x9|hi|12");
	CHECK_STR(T(t, "Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6"),
		  "received|block|blk_|1608999687919862906|of|size|91178|from|10|250|10");
	CHECK_STR(T(t, "x"), "");
	CHECK_STR(T(t, "__ _a a_ 1.5"), "__|_a|a_");
	CHECK_STR(T(t, "ERROR:Connection-Reset(by peer)"), "error|connection|reset|by|peer");
	CHECK_STR(T(t, "tab\there\r\n"), "tab|here");
	/* UTF-8: "é" is one character (two bytes), so alone it is no token;
	 * "éa" is two characters; upper-case non-ASCII bytes are kept as they are */
	CHECK_STR(T(t, "\xc3\xa9 \xc3\xa9" "a caf\xc3\xa9 \xc3\x89T\xc3\x89"), "\xc3\xa9" "a|caf\xc3\xa9|\xc3\x89t\xc3\x89");
	ll_tok_free(t);

	t = make(0, 0, 1, 4096, 65536);
	CHECK_STR(T(t, "Hello World"), "Hello|World");
	/* with masks off, a literal "<*>" is punctuation */
	CHECK_STR(T(t, "a <*> bc"), "bc");
	ll_tok_free(t);
}

static void test_masks(void)
{
	struct ll_tokenizer *t = make(LL_MASK_DEFAULT, 1, 1, 4096, 65536);
	/* block id, number and IPv4 are masked (ll_mask.h); "/<*>" is no path */
	CHECK_STR(T(t, "Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6"),
		  "received|block|<*>|of|size|<*>|from|<*>");
	CHECK_STR(T(t, "node-246 uid=0 took 15 ms"), "node|<*>|uid|<*>|took|<*>|ms");
	CHECK_STR(T(t, "open /var/log/x.log failed"), "open|<*>|failed");
	ll_tok_free(t);
	t = make(LL_MASK_DEFAULT, 1, 0, 4096, 65536);
	CHECK_STR(T(t, "node-246 uid=0 took 15 ms"), "node|uid|took|ms");
	ll_tok_free(t);
	/* the code mode: a status or exit code is a token beside "<*>" (one
	 * digit is too short to be one); an id, a time and a version are not */
	t = make(LL_MASK_DEFAULT | LL_MASK_CODE, 1, 1, 4096, 65536);
	CHECK_STR(T(t, "status=503 pid 48290 exited with code 137 (uid=0) v2.1-7"),
		  "status|<*>|503|pid|<*>|exited|with|code|<*>|137|uid|<*>|v2|<*>|<*>");
	ll_tok_free(t);
	t = make(LL_MASK_DEFAULT | LL_MASK_CODE, 1, 0, 4096, 65536);
	CHECK_STR(T(t, "status=503 pid 48290"), "status|503|pid");
	ll_tok_free(t);
}

static void test_caps(void)
{
	struct ll_tokenizer *t = make(0, 1, 1, 3, 65536);
	CHECK_STR(T(t, "aa bb cc dd ee"), "aa|bb|cc");
	ll_tok_free(t);
	/* only the first 16 bytes are looked at: "aaaa bbbb cccc d" */
	t = make(0, 1, 1, 4096, 16);
	CHECK_STR(T(t, "aaaa bbbb cccc dddd eeee"), "aaaa|bbbb|cccc");
	ll_tok_free(t);
	/* masked text may be longer than the line: 16 one-digit numbers */
	t = make(LL_MASK_NUM, 1, 1, 4096, 31);
	CHECK_STR(T(t, "1 2 3 4 5 6 7 8 9 1 2 3 4 5 6 7"),
		  "<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>");
	ll_tok_free(t);
	/* a kept code makes "7" four bytes, "<*>7": still every one of them */
	t = make(LL_MASK_NUM | LL_MASK_CODE, 1, 1, 4096, 31);
	CHECK_STR(T(t, "1 2 3 4 5 6 7 8 9 1 2 3 4 5 6 7"),
		  "<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>|<*>");
	ll_tok_free(t);
}

static void test_bad_input(void)
{
	struct ll_tokenizer *t = make(LL_MASK_DEFAULT, 1, 1, 4096, 65536);
	const struct ll_token *tk;
	CHECK_INT(ll_tok_line(t, NULL, 0, &tk), 0);
	CHECK_INT(ll_tok_line(t, "", 0, &tk), 0);
	CHECK_INT(ll_tok_line(t, "\0\0\0", 3, &tk), 0);
	/* a 50 MB line: only max_line_bytes are looked at, so it is quick */
	size_t big = 50u << 20;
	char *s = malloc(big);
	CHECK(s != NULL);
	if (s) {
		for (size_t i = 0; i < big; i++)
			s[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
		clock_t c0 = clock();
		size_t n = ll_tok_line(t, s, big, &tk);
		double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
		/* the default cap of 4096 tokens comes first */
		CHECK_INT(n, 4096);
		fprintf(stderr, "a %zu-byte line tokenized in %.3f s CPU\n", big, secs); /* a figure, not a check */
		/* 65536 bytes in 7-byte groups: 9362 whole words and a 2-byte tail */
		struct ll_tokenizer *t2 = make(LL_MASK_DEFAULT, 1, 1, 100000, 65536);
		CHECK_INT(ll_tok_line(t2, s, big, &tk), 9363);
		CHECK_INT(tk[9362].len, 2);
		ll_tok_free(t2);
		free(s);
	}
	ll_tok_free(t);

	struct ll_tok_config c;
	struct ll_err err;
	ll_tok_config_default(&c);
	c.max_tokens = 0;
	CHECK_INT(ll_tok_new(&c, &t, &err), LL_EUSAGE);
	CHECK(t == NULL);
	CHECK(strstr(err.msg, "max_tokens") != NULL);
	ll_tok_config_default(&c);
	c.max_line_bytes = 8;
	CHECK_INT(ll_tok_new(&c, &t, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "max_line_bytes") != NULL);
	ll_tok_config_default(&c);
	c.masks = 1u << 20;
	CHECK_INT(ll_tok_new(&c, &t, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "mask") != NULL);
}

int main(void)
{
	test_rule();
	test_masks();
	test_caps();
	test_bad_input();
	TEST_MAIN_END();
}
