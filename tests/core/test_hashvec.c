/*
 * tests/core/test_hashvec.c - MurmurHash3 known answers and hashed n-gram
 * rows. The hash values are the published MurmurHash3_x86_32 test vectors
 * (empty key with seeds 0, 1 and 0xffffffff; four zero bytes; "Hello,
 * world!" with seed 1234; the quick brown fox) and, for short keys, the
 * values of sklearn.utils.murmurhash3_32(key, seed=0, positive=True). The
 * expected rows were printed by scikit-learn 1.2.1:
 *   HashingVectorizer(n_features=2**18, norm=None, ngram_range=...).transform([...])
 * (and n_features=4 for the collisions), noted beside each case.
 */
#include "harness.h"
#include "ll_hashvec.h"

static void test_murmur(void)
{
	CHECK_INT(ll_murmur3_32("", 0, 0), 0u);
	CHECK_INT(ll_murmur3_32("", 0, 1), 0x514e28b7u);
	CHECK_INT(ll_murmur3_32("", 0, 0xffffffffu), 0x81f16f39u);
	CHECK_INT(ll_murmur3_32("\0\0\0\0", 4, 0), 0x2362f9deu);
	CHECK_INT(ll_murmur3_32("a", 1, 0), 0x3c2569b2u);
	CHECK_INT(ll_murmur3_32("ab", 2, 0), 0x9bbfd75fu);
	CHECK_INT(ll_murmur3_32("abc", 3, 0), 0xb3dd93fau);
	CHECK_INT(ll_murmur3_32("abcd", 4, 0), 0x43ed676au);
	CHECK_INT(ll_murmur3_32("Hello, world!", 13, 1234), 0xfaf6cdb3u);
	CHECK_INT(ll_murmur3_32("The quick brown fox jumps over the lazy dog", 43, 0), 0x2e4ff723u);
	CHECK_INT(ll_murmur3_32("error", 5, 0), 0x640990d2u);
}

static struct ll_hashvec *make(int nmin, int nmax, size_t nf, int alt)
{
	struct ll_hashvec_config c;
	ll_hashvec_config_default(&c);
	c.tok.masks = 0; /* as sklearn: no masks */
	c.ngram_min = nmin;
	c.ngram_max = nmax;
	c.n_features = nf;
	c.alternate_sign = alt;
	struct ll_hashvec *h;
	struct ll_err err;
	CHECK_INT(ll_hashvec_new(&c, &h, &err), LL_OK);
	return h;
}

/* Checks the row of line against k expected (column, value) pairs. */
static void expect_row(struct ll_hashvec *h, const char *line, size_t k, const uint32_t *cols, const float *vals)
{
	const uint32_t *idx;
	const float *val;
	size_t nnz;
	ll_hashvec_line(h, line, strlen(line), &idx, &val, &nnz);
	CHECK_INT(nnz, k);
	for (size_t i = 0; i < k && i < nnz; i++) {
		CHECK_INT(idx[i], cols[i]);
		CHECK_NEAR(val[i], vals[i], 0);
	}
}

static void test_rows(void)
{
	struct ll_hashvec *h = make(1, 1, 1u << 18, 1);
	/* 'Error error WARNING' -> [(6683, -1.0), (102610, 2.0)] */
	expect_row(h, "Error error WARNING", 2, (const uint32_t[]){6683, 102610}, (const float[]){-1, 2});
	expect_row(h, "", 0, NULL, NULL);
	expect_row(h, "a", 0, NULL, NULL);
	ll_hashvec_free(h);

	/* ngram_range=(1, 2), 'Connection reset by peer' */
	h = make(1, 2, 1u << 18, 1);
	expect_row(h, "Connection reset by peer", 7,
		   (const uint32_t[]){28331, 32621, 103067, 131229, 143884, 190252, 198020},
		   (const float[]){1, 1, -1, -1, -1, -1, 1});
	ll_hashvec_free(h);
	/* ngram_range=(2, 3) */
	h = make(2, 3, 1u << 18, 1);
	expect_row(h, "Connection reset by peer", 5, (const uint32_t[]){32621, 79089, 103067, 131229, 224073},
		   (const float[]){1, 1, -1, -1, -1});
	/* fewer tokens than n: no n-grams at all */
	expect_row(h, "Connection", 0, NULL, NULL);
	ll_hashvec_free(h);

	/* alternate_sign=False, n_features=1024 -> [(210, 2.0), (539, 1.0)] */
	h = make(1, 1, 1024, 0);
	expect_row(h, "Error error WARNING", 2, (const uint32_t[]){210, 539}, (const float[]){2, 1});
	ll_hashvec_free(h);

	/* n_features=4: 'cc ff hh cc' -> [(2, -2.0)]; 'cc ff' keeps an explicit
	 * zero at column 2 as sklearn does (nnz 1, data [0.]) */
	h = make(1, 1, 4, 1);
	expect_row(h, "cc ff hh cc", 1, (const uint32_t[]){2}, (const float[]){-2});
	expect_row(h, "cc ff", 1, (const uint32_t[]){2}, (const float[]){0});
	ll_hashvec_free(h);
}

static void test_csr(void)
{
	struct ll_hashvec *h = make(1, 1, 4, 1);
	struct ll_err err;
	/* sklearn, n_features=4: ['cc ff', 'cc ff aa'] -> indptr [0 1 3],
	 * indices [2 1 2], data [0 1 0]; an empty line is an empty row */
	const char *lines[] = {"cc ff", "", "cc ff aa"};
	const size_t lens[] = {5, 0, 8};
	struct ll_csr *c;
	CHECK_INT(ll_hashvec_transform(h, 3, lines, lens, &c, &err), LL_OK);
	CHECK_INT(c->rows, 3);
	CHECK_INT(c->cols, 4);
	CHECK_INT(c->nnz, 3);
	CHECK_INT(c->indptr[0], 0);
	CHECK_INT(c->indptr[1], 1);
	CHECK_INT(c->indptr[2], 1);
	CHECK_INT(c->indptr[3], 3);
	CHECK_INT(c->indices[0], 2);
	CHECK_INT(c->indices[1], 1);
	CHECK_INT(c->indices[2], 2);
	CHECK_NEAR(c->values[1], 1, 0);
	CHECK_NEAR(c->values[2], 0, 0);
	ll_csr_free(c);
	/* finish starts afresh; no rows is a valid 0 x 4 matrix */
	CHECK_INT(ll_hashvec_rows(h), 0);
	CHECK_INT(ll_hashvec_finish(h, &c, &err), LL_OK);
	CHECK_INT(c->rows, 0);
	CHECK_INT(c->indptr[0], 0);
	CHECK(c->indices != NULL && c->values != NULL);
	ll_csr_free(c);
	/* many rows grow the arrays: 5000 copies of 'cc ff aa' */
	int added = 0;
	for (int i = 0; i < 5000; i++)
		added += ll_hashvec_add(h, "cc ff aa", 8, &err) == LL_OK;
	CHECK_INT(added, 5000);
	CHECK_INT(ll_hashvec_finish(h, &c, &err), LL_OK);
	CHECK_INT(c->rows, 5000);
	CHECK_INT(c->nnz, 10000);
	CHECK_INT(c->indptr[5000], 10000);
	CHECK_INT(c->indices[9999], 2);
	ll_csr_free(c);
	ll_hashvec_free(h);
}

static void test_bad(void)
{
	struct ll_hashvec_config c;
	struct ll_hashvec *h;
	struct ll_err err;
	ll_hashvec_config_default(&c);
	CHECK_INT(c.n_features, 262144);
	c.n_features = 1000;
	CHECK_INT(ll_hashvec_new(&c, &h, &err), LL_EUSAGE);
	CHECK(h == NULL);
	CHECK(strstr(err.msg, "power of two") != NULL);
	ll_hashvec_config_default(&c);
	c.ngram_min = 2;
	c.ngram_max = 1;
	CHECK_INT(ll_hashvec_new(&c, &h, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "n-gram") != NULL);
	c.ngram_min = 1;
	c.ngram_max = 9;
	CHECK_INT(ll_hashvec_new(&c, &h, &err), LL_EUSAGE);

	/* a 50 MB line of words with n-grams up to 8: bounded by the caps */
	ll_hashvec_config_default(&c);
	c.ngram_max = LL_HASHVEC_MAX_NGRAM;
	CHECK_INT(ll_hashvec_new(&c, &h, &err), LL_OK);
	size_t big = 50u << 20;
	char *s = malloc(big);
	CHECK(s != NULL);
	if (s && h) {
		for (size_t i = 0; i < big; i++)
			s[i] = (i % 5 == 4) ? ' ' : (char)('a' + (i / 5) % 26);
		const uint32_t *idx;
		const float *val;
		size_t nnz;
		ll_hashvec_line(h, s, big, &idx, &val, &nnz);
		CHECK(nnz > 0 && nnz <= 8 * 4096);
		for (size_t i = 1; i < nnz; i++)
			if (idx[i] <= idx[i - 1]) {
				CHECK(idx[i] > idx[i - 1]);
				break;
			}
		CHECK_INT(ll_hashvec_add(h, s, big, &err), LL_OK);
		CHECK_INT(ll_hashvec_add(h, NULL, 0, &err), LL_OK);
		CHECK_INT(ll_hashvec_rows(h), 2);
	}
	free(s);
	ll_hashvec_free(h);
}

int main(void)
{
	test_murmur();
	test_rows();
	test_csr();
	test_bad();
	TEST_MAIN_END();
}
