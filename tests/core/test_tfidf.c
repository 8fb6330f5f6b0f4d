/*
 * tests/core/test_tfidf.c - TF-IDF on a small count matrix fitted on its
 * first three rows only, with the values scikit-learn 1.2.1 printed for
 *   X = [[3,0,1,0],[2,0,0,0],[0,-1,2,0],[0,0,0,4],[1,1,0,0]]
 *   t = TfidfTransformer(...).fit(X[:3]); t.idf_; t.transform(X)
 * (sublinear_tf on |X|, with the sign of row 3 put back by hand, since
 * sklearn gives NaN for a negative count); then save/load, and bad input.
 */
#include "harness.h"
#include "ll_tfidf.h"

#include <stdlib.h>

static struct ll_csr *sample(void)
{
	static const float dense[5][4] = {{3, 0, 1, 0}, {2, 0, 0, 0}, {0, -1, 2, 0}, {0, 0, 0, 4}, {1, 1, 0, 0}};
	struct ll_csr *c = calloc(1, sizeof *c);
	c->rows = 5;
	c->cols = 4;
	c->indptr = calloc(6, sizeof *c->indptr);
	c->indices = calloc(20, sizeof *c->indices);
	c->values = calloc(20, sizeof *c->values);
	for (size_t i = 0; i < 5; i++) {
		for (uint32_t j = 0; j < 4; j++)
			if (dense[i][j] != 0) {
				c->indices[c->nnz] = j;
				c->values[c->nnz++] = dense[i][j];
			}
		c->indptr[i + 1] = c->nnz;
	}
	return c;
}

/* value of row i, column j of a CSR (0 when not stored) */
static double at(const struct ll_csr *c, size_t i, uint32_t j)
{
	for (size_t k = c->indptr[i]; k < c->indptr[i + 1]; k++)
		if (c->indices[k] == j)
			return c->values[k];
	return 0;
}

static const unsigned char split[5] = {LL_SPLIT_TRAIN, LL_SPLIT_TRAIN, LL_SPLIT_TRAIN, LL_SPLIT_TEST, LL_SPLIT_DEV};

static void check_default(const struct ll_tfidf *t, const struct ll_csr *c)
{
	static const double idf[4] = {1.2876820724517808, 1.6931471805599454, 1.2876820724517808, 2.386294361119891};
	static const double want[5][4] = {{0.9486832980505138, 0, 0.31622776601683794, 0},
					  {1, 0, 0, 0},
					  {0, -0.5493512310263033, 0.8355915419449176, 0},
					  {0, 0, 0, 1},
					  {0.6053485081062916, 0.7959605415681652, 0, 0}};
	for (size_t j = 0; j < 4; j++)
		CHECK_NEAR(ll_tfidf_idf(t, j), idf[j], 1e-15);
	for (size_t i = 0; i < 5; i++)
		for (uint32_t j = 0; j < 4; j++)
			CHECK_NEAR(at(c, i, j), want[i][j], 1e-7);
}

static void test_default(void)
{
	struct ll_tfidf_config cfg;
	ll_tfidf_config_default(&cfg);
	struct ll_csr *c = sample();
	struct ll_tfidf *t;
	struct ll_err err;
	CHECK_INT(ll_tfidf_fit(&cfg, c, split, &t, &err), LL_OK);
	CHECK_INT(ll_tfidf_samples(t), 3);
	CHECK_INT(ll_tfidf_df(t, 0), 2);
	CHECK_INT(ll_tfidf_df(t, 3), 0);
	CHECK_INT(ll_tfidf_transform(t, c, &err), LL_OK);
	check_default(t, c);

	/* save, load, and the loaded weights transform the same */
	FILE *f = tmpfile();
	CHECK_INT(ll_tfidf_save(t, f, "tmp", &err), LL_OK);
	rewind(f);
	struct ll_tfidf *u;
	CHECK_INT(ll_tfidf_load(f, "tmp", &u, &err), LL_OK);
	fclose(f);
	struct ll_csr *d = sample();
	CHECK_INT(ll_tfidf_transform(u, d, &err), LL_OK);
	check_default(u, d);
	int same = 1;
	for (size_t k = 0; k < c->nnz; k++)
		same &= c->values[k] == d->values[k];
	CHECK(same);
	ll_csr_free(d);
	ll_tfidf_free(u);

	/* a matrix of another width is refused */
	c->cols = 8;
	CHECK_INT(ll_tfidf_transform(t, c, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "8 columns") != NULL);
	ll_tfidf_free(t);
	ll_csr_free(c);
}

static void test_options(void)
{
	struct ll_tfidf_config cfg;
	struct ll_tfidf *t;
	struct ll_err err;
	/* sublinear_tf: sklearn on |X| gives row 3 [0, 0.6133555370249717,
	 * 0.7898069290660905, 0] and row 1 [0.9027501480103624, 0, 0.430165282498796, 0] */
	ll_tfidf_config_default(&cfg);
	cfg.sublinear_tf = 1;
	struct ll_csr *c = sample();
	CHECK_INT(ll_tfidf_fit(&cfg, c, split, &t, &err), LL_OK);
	CHECK_INT(ll_tfidf_transform(t, c, &err), LL_OK);
	CHECK_NEAR(at(c, 0, 0), 0.9027501480103624, 1e-7);
	CHECK_NEAR(at(c, 0, 2), 0.430165282498796, 1e-7);
	CHECK_NEAR(at(c, 2, 1), -0.6133555370249717, 1e-7);
	CHECK_NEAR(at(c, 2, 2), 0.7898069290660905, 1e-7);
	ll_tfidf_free(t);
	ll_csr_free(c);

	/* smooth_idf off: idf_ = [1.4054651081081644, 2.09861228866811,
	 * 1.4054651081081644, inf in sklearn]; a column never seen gets 1 */
	ll_tfidf_config_default(&cfg);
	cfg.smooth_idf = 0;
	c = sample();
	CHECK_INT(ll_tfidf_fit(&cfg, c, split, &t, &err), LL_OK);
	CHECK_NEAR(ll_tfidf_idf(t, 0), 1.4054651081081644, 1e-15);
	CHECK_NEAR(ll_tfidf_idf(t, 1), 2.09861228866811, 1e-14);
	CHECK_NEAR(ll_tfidf_idf(t, 3), 1.0, 0);
	ll_tfidf_free(t);

	/* no idf, no norm: the values pass through */
	cfg.use_idf = 0;
	cfg.norm_l2 = 0;
	CHECK_INT(ll_tfidf_fit(&cfg, c, NULL, &t, &err), LL_OK);
	CHECK_INT(ll_tfidf_samples(t), 5);
	CHECK_INT(ll_tfidf_transform(t, c, &err), LL_OK);
	CHECK_NEAR(at(c, 0, 0), 3, 0);
	CHECK_NEAR(at(c, 3, 3), 4, 0);
	ll_tfidf_free(t);

	/* no training row at all */
	static const unsigned char none[5] = {2, 2, 1, 1, 2};
	CHECK_INT(ll_tfidf_fit(&cfg, c, none, &t, &err), LL_EUSAGE);
	CHECK(t == NULL);
	CHECK(strstr(err.msg, "no training rows") != NULL);
	ll_csr_free(c);
}

/* Loads text; returns the status and leaves the message in err. */
static int load_text(const char *text, struct ll_err *err)
{
	FILE *f = tmpfile();
	fputs(text, f);
	rewind(f);
	struct ll_tfidf *t;
	int rc = ll_tfidf_load(f, "bad.tfidf", &t, err);
	fclose(f);
	ll_tfidf_free(t);
	return rc;
}

static void test_bad_files(void)
{
	struct ll_err err;
	const char *head = "loglab-tfidf 1\ncols 4\nsamples 3\nuse_idf 1\nsmooth_idf 1\nsublinear_tf 0\nnorm_l2 1\n";
	char buf[512];
	CHECK_INT(load_text("", &err), LL_EDATA);
	CHECK(strstr(err.msg, "bad.tfidf:1:") != NULL);
	CHECK_INT(load_text("loglab-tfidf 1\ncols x\n", &err), LL_EDATA);
	CHECK(strstr(err.msg, "bad.tfidf:2:") != NULL);
	snprintf(buf, sizeof buf, "%sdf 2\n0\t2\n0\t1\nend\n", head); /* columns must increase */
	CHECK_INT(load_text(buf, &err), LL_EDATA);
	CHECK(strstr(err.msg, "bad.tfidf:10:") != NULL);
	snprintf(buf, sizeof buf, "%sdf 1\n9\t2\nend\n", head); /* column out of range */
	CHECK_INT(load_text(buf, &err), LL_EDATA);
	snprintf(buf, sizeof buf, "%sdf 1\n1\t4\nend\n", head); /* df above the samples */
	CHECK_INT(load_text(buf, &err), LL_EDATA);
	snprintf(buf, sizeof buf, "%sdf 2\n1\t2\n", head); /* truncated */
	CHECK_INT(load_text(buf, &err), LL_EDATA);
	CHECK(strstr(err.msg, "ends after 1 of 2") != NULL);
	snprintf(buf, sizeof buf, "%sdf 1\n1\t2\n", head); /* no end */
	CHECK_INT(load_text(buf, &err), LL_EDATA);
	CHECK(strstr(err.msg, "\"end\"") != NULL);
	snprintf(buf, sizeof buf, "%sdf 1\n1\t2\nend\n", head);
	CHECK_INT(load_text(buf, &err), LL_OK);
	/* a column count beyond the memory limit is refused before any
	 * allocation (a damaged file must not take the machine's memory) */
	setenv("LOGLAB_MEMORY_MAX", "1M", 1);
	CHECK_INT(load_text("loglab-tfidf 1\ncols 2147483648\nsamples 3\nuse_idf 1\nsmooth_idf 1\nsublinear_tf 0\n"
			    "norm_l2 1\ndf 0\nend\n",
			    &err),
		  LL_EDATA);
	CHECK(strstr(err.msg, "bad.tfidf: 2147483648 columns needs") != NULL);
	CHECK(strstr(err.msg, "LOGLAB_MEMORY_MAX") != NULL);
	unsetenv("LOGLAB_MEMORY_MAX");
}

/* A stored zero (a cancelled collision) counts in df, as sklearn's
 * bincount of the stored columns does, and is dropped by the transform:
 * rows {0: 2, 1: 0 (stored)} and {1: 1} give df = [1, 2], idf[1] =
 * ln(3 / 3) + 1 = 1, and rows {0: 1} and {1: 1}. */
static void test_stored_zero(void)
{
	size_t indptr[3] = {0, 2, 3};
	uint32_t indices[3] = {0, 1, 1};
	float values[3] = {2, 0, 1};
	struct ll_csr c = {2, 2, 3, indptr, indices, values};
	struct ll_tfidf_config cfg;
	ll_tfidf_config_default(&cfg);
	struct ll_tfidf *t;
	struct ll_err err;
	CHECK_INT(ll_tfidf_fit(&cfg, &c, NULL, &t, &err), LL_OK);
	CHECK_INT(ll_tfidf_df(t, 1), 2);
	CHECK_NEAR(ll_tfidf_idf(t, 1), 1.0, 1e-15);
	CHECK_NEAR(ll_tfidf_idf(t, 0), log(1.5) + 1, 1e-15);
	CHECK_INT(ll_tfidf_transform(t, &c, &err), LL_OK);
	CHECK_INT(c.nnz, 2);
	CHECK_INT(indptr[1], 1);
	CHECK_INT(indptr[2], 2);
	CHECK_INT(indices[0], 0);
	CHECK_INT(indices[1], 1);
	CHECK_NEAR(values[0], 1, 1e-7);
	CHECK_NEAR(values[1], 1, 1e-7);
	ll_tfidf_free(t);
}

int main(void)
{
	test_stored_zero();
	test_default();
	test_options();
	test_bad_files();
	TEST_MAIN_END();
}
