/*
 * tests/core/test_codes.c - the codes a feature set's training lines had
 * (ll_codes.h): which tokens are codes, noting them, their text form and
 * its damaged variants, and a hasher that leaves out codes it was not
 * given while keeping every other token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ll_codes.h"
#include "ll_hashvec.h"
#include "ll_mask.h"

static void test_index(void)
{
	CHECK_INT(ll_codes_index("00", 2), 0);
	CHECK_INT(ll_codes_index("99", 2), 99);
	CHECK_INT(ll_codes_index("000", 3), 100);
	CHECK_INT(ll_codes_index("503", 3), 603);
	CHECK_INT(ll_codes_index("0000", 4), 1100);
	CHECK_INT(ll_codes_index("9999", 4), LL_CODES_N - 1);
	/* not codes: one digit (not a token), five digits, letters */
	CHECK_INT(ll_codes_index("7", 1), -1);
	CHECK_INT(ll_codes_index("12345", 5), -1);
	CHECK_INT(ll_codes_index("50x", 3), -1);
	CHECK_INT(ll_codes_index("ok", 2), -1);
	CHECK(ll_codes_apply(LL_MASK_DEFAULT | LL_MASK_CODE));
	CHECK(!ll_codes_apply(LL_MASK_DEFAULT));
	CHECK(!ll_codes_apply((LL_MASK_DEFAULT & ~LL_MASK_NUM) | LL_MASK_CODE));
}

static void test_note_keep(void)
{
	struct ll_codes c;
	memset(&c, 0, sizeof c);
	struct ll_token t[] = {{"status", 6}, {"503", 3}, {"503", 3}, {"0042", 4}, {"12345", 5}};
	ll_codes_note(&c, t, 5);
	CHECK_INT(c.count, 2);
	CHECK(ll_codes_keep(&c, "503", 3));
	CHECK(ll_codes_keep(&c, "0042", 4));
	CHECK(!ll_codes_keep(&c, "42", 2)); /* "42" and "0042" are other tokens */
	CHECK(!ll_codes_keep(&c, "404", 3));
	CHECK(ll_codes_keep(&c, "status", 6)); /* words always stay */
	CHECK(ll_codes_keep(&c, "12345", 5));
}

static void roundtrip(const struct ll_codes *c)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	struct ll_err err;
	CHECK_INT(ll_codes_save(c, f, "t", &err), LL_OK);
	fclose(f);
	f = fmemopen(buf, n, "r");
	struct ll_codes back;
	int found = 0;
	CHECK_INT(ll_codes_load(f, "t", &back, &found, &err), LL_OK);
	fclose(f);
	CHECK_INT(found, 1);
	CHECK_INT(back.count, c->count);
	CHECK(memcmp(back.seen, c->seen, sizeof c->seen) == 0);
	free(buf);
}

static void test_text(void)
{
	struct ll_codes c;
	memset(&c, 0, sizeof c);
	roundtrip(&c); /* none at all */
	for (long k = 0; k < LL_CODES_N; k += 7) {
		c.seen[k] = 1;
		c.count++;
	}
	roundtrip(&c); /* many lines of 20 */
	memset(&c, 0, sizeof c);
	for (long k = 0; k < LL_CODES_N; k++)
		c.seen[k] = 1;
	c.count = LL_CODES_N;
	roundtrip(&c); /* every one */
}

static int load_text(const char *text, int *found, struct ll_err *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct ll_codes c;
	int rc = ll_codes_load(f, "tfidf.txt", &c, found, err);
	fclose(f);
	return rc;
}

static void test_bad(void)
{
	struct ll_err err;
	int found = 1;
	/* weights saved before codes were: nothing follows them */
	CHECK_INT(load_text("", &found, &err), LL_OK);
	CHECK_INT(found, 0);
	static const char *const bad[] = {
		"codes\n",                  /* no count */
		"codes 2\n503\nend\n",      /* fewer than said */
		"codes 1\n503 404\nend\n",  /* more than said */
		"codes 2\n503 503\nend\n",  /* twice */
		"codes 1\n5\nend\n",        /* not a token */
		"codes 1\n12345\nend\n",    /* too long */
		"codes 1\n50a\nend\n",      /* not digits */
		"codes 1\n503\n",           /* no end */
		"codes 99999\n",            /* more than there are */
		"words 1\nx\nend\n",        /* something else */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		CHECK_INT(load_text(bad[i], &found, &err), LL_EDATA);
		CHECK(strstr(err.msg, "tfidf.txt") != NULL);
	}
}

/* The hashed row of line with the given codes known (NULL: all kept). */
static size_t row(const char *line, unsigned masks, const struct ll_codes *known, uint32_t *idx, float *val)
{
	struct ll_hashvec_config c;
	ll_hashvec_config_default(&c);
	c.tok.masks = masks;
	c.known = known;
	struct ll_hashvec *h = NULL;
	struct ll_err err;
	CHECK_INT(ll_hashvec_new(&c, &h, &err), LL_OK);
	const uint32_t *i;
	const float *v;
	size_t n = 0;
	if (h) {
		ll_hashvec_line(h, line, strlen(line), &i, &v, &n);
		memcpy(idx, i, n * sizeof *idx);
		memcpy(val, v, n * sizeof *val);
	}
	ll_hashvec_free(h);
	return n;
}

static int same_row(const char *a, const char *b, unsigned masks, const struct ll_codes *known)
{
	uint32_t ia[64], ib[64];
	float va[64], vb[64];
	size_t na = row(a, masks, known, ia, va), nb = row(b, masks, known, ib, vb);
	return na == nb && memcmp(ia, ib, na * sizeof *ia) == 0 && memcmp(va, vb, na * sizeof *va) == 0;
}

static void test_hasher(void)
{
	struct ll_codes known;
	memset(&known, 0, sizeof known);
	struct ll_token t[] = {{"503", 3}};
	ll_codes_note(&known, t, 1);
	unsigned code = LL_MASK_DEFAULT | LL_MASK_CODE;
	/* an unknown code leaves its wildcard, as a number that is no code
	 * (five digits); a known one stays */
	CHECK(same_row("GET /x status 404 in 12 ms", "GET /x status 40400 in 12345 ms", code, &known));
	CHECK(!same_row("GET /x status 503 in 12 ms", "GET /x status 50300 in 12345 ms", code, &known));
	/* without a set, or with masks that keep no codes, nothing is left out */
	CHECK(!same_row("GET /x status 404 in 12 ms", "GET /x status 40400 in 12345 ms", code, NULL));
	CHECK(!same_row("status 404 ok", "status ok", LL_MASK_DEFAULT & ~LL_MASK_NUM, &known));
	/* words and the wildcard stay: only the code goes */
	CHECK(!same_row("status 404 ok", "ok", code, &known));
	/* bigrams are made of the tokens that stay */
	struct ll_hashvec_config c;
	ll_hashvec_config_default(&c);
	c.tok.masks = code;
	c.known = &known;
	c.ngram_max = 2;
	struct ll_hashvec *h = NULL, *g = NULL;
	struct ll_err err;
	CHECK_INT(ll_hashvec_new(&c, &h, &err), LL_OK);
	c.known = NULL;
	CHECK_INT(ll_hashvec_new(&c, &g, &err), LL_OK);
	if (h && g) {
		const uint32_t *i1, *i2;
		const float *v1, *v2;
		size_t n1, n2;
		ll_hashvec_line(h, "status 404 ok", 13, &i1, &v1, &n1);
		uint32_t keep[16];
		memcpy(keep, i1, n1 * sizeof *keep);
		ll_hashvec_line(g, "status 12345 ok", 15, &i2, &v2, &n2);
		CHECK_INT(n1, n2);
		CHECK(n1 == n2 && memcmp(keep, i2, n1 * sizeof *keep) == 0);
	}
	ll_hashvec_free(h);
	ll_hashvec_free(g);
}

int main(void)
{
	test_index();
	test_note_keep();
	test_text();
	test_bad();
	test_hasher();
	TEST_MAIN_END();
}
