/*
 * test_text_api.c - the small public parts of the text features that
 * their own tests pass by: the tokenizer's configuration check (each
 * limit, at and past its ends), a TF-IDF fit's column count and the
 * refusal of data of another width, word2vec's training time, and a
 * table's pre-sizing (rows added after it start empty: NaN, no text, no
 * label; a smaller reservation changes nothing).
 */
#include <time.h>

#include "harness.h"
#include "ll_table.h"
#include "ll_tfidf.h"
#include "ll_tokenize.h"
#include "ll_w2v.h"

static void test_tok_check(void)
{
	struct ll_err err;
	struct ll_tok_config c;
	ll_tok_config_default(&c);
	CHECK_INT(ll_tok_config_check(&c, &err), LL_OK);
	c.masks = 0;
	CHECK_INT(ll_tok_config_check(&c, &err), LL_OK);
	c.masks = ~0u;
	CHECK_INT(ll_tok_config_check(&c, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "tokenizer: unknown mask bits 0x") == err.msg);
	ll_tok_config_default(&c);
	c.max_line_bytes = 16;
	CHECK_INT(ll_tok_config_check(&c, &err), LL_OK);
	c.max_line_bytes = 15;
	CHECK_INT(ll_tok_config_check(&c, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "tokenizer: max_line_bytes 15 is outside 16..64 MiB");
	c.max_line_bytes = (size_t)64 << 20;
	CHECK_INT(ll_tok_config_check(&c, &err), LL_OK);
	c.max_line_bytes++;
	CHECK_INT(ll_tok_config_check(&c, &err), LL_EUSAGE);
	ll_tok_config_default(&c);
	c.max_tokens = 0;
	CHECK_INT(ll_tok_config_check(&c, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "tokenizer: max_tokens 0 is outside 1..1000000");
	c.max_tokens = 1000000;
	CHECK_INT(ll_tok_config_check(&c, &err), LL_OK);
	c.max_tokens = 1000001;
	CHECK_INT(ll_tok_config_check(&c, &err), LL_EUSAGE);
	/* the tokenizer refuses what the check refuses */
	struct ll_tokenizer *t = (struct ll_tokenizer *)&err;
	CHECK_INT(ll_tok_new(&c, &t, &err), LL_EUSAGE);
	CHECK(t == NULL);
}

static struct ll_csr *csr(size_t rows, size_t cols)
{
	struct ll_csr *c = calloc(1, sizeof *c);
	c->rows = rows;
	c->cols = cols;
	c->indptr = calloc(rows + 1, sizeof *c->indptr);
	c->indices = calloc(rows * cols + 1, sizeof *c->indices);
	c->values = calloc(rows * cols + 1, sizeof *c->values);
	for (size_t i = 0; i < rows; i++) {
		for (uint32_t j = 0; j < cols; j++)
			if ((i + j) % 3 != 0) {
				c->indices[c->nnz] = j;
				c->values[c->nnz++] = (float)(1 + (i * j) % 4);
			}
		c->indptr[i + 1] = c->nnz;
	}
	return c;
}

static void test_tfidf_cols(void)
{
	struct ll_err err;
	struct ll_tfidf_config cfg;
	ll_tfidf_config_default(&cfg);
	struct ll_csr *x = csr(6, 7), *y = csr(2, 5), *empty = csr(0, 3);
	struct ll_tfidf *t;
	CHECK_INT(ll_tfidf_fit(&cfg, x, NULL, &t, &err), LL_OK);
	if (t) {
		CHECK_INT(ll_tfidf_cols(t), 7);
		CHECK_INT(ll_tfidf_transform(t, y, &err), LL_EUSAGE); /* 5 columns, not 7 */
		CHECK(strstr(err.msg, "7") != NULL && strstr(err.msg, "5") != NULL);
		CHECK_INT(ll_tfidf_transform(t, x, &err), LL_OK);
		ll_tfidf_free(t);
	}
	/* no training row: refused, nothing to weigh with */
	ll_err_clear(&err);
	CHECK_INT(ll_tfidf_fit(&cfg, empty, NULL, &t, &err), LL_EUSAGE);
	CHECK(t == NULL);
	CHECK_STR(err.msg, "tf-idf: no training rows to fit on (0 rows in all)");
	ll_csr_free(x);
	ll_csr_free(y);
	ll_csr_free(empty);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_w2v_seconds(void)
{
	static const char *const words[] = {"disk", "failed", "on", "node", "retry", "ok", "link", "up"};
	char buf[200][64];
	const char *lines[200];
	size_t lens[200];
	uint64_t s = 3;
	for (int i = 0; i < 200; i++) {
		int n = 0;
		for (int k = 0; k < 6; k++)
			n += snprintf(buf[i] + n, sizeof buf[i] - (size_t)n, "%s%s", k ? " " : "",
				      words[ll_test_xorshift(&s) % 8]);
		lines[i] = buf[i];
		lens[i] = (size_t)n;
	}
	struct ll_w2v_config c;
	ll_w2v_config_default(&c);
	c.dim = 8;
	c.epochs = 2;
	struct ll_w2v *w;
	struct ll_err err;
	double t0 = now_s();
	CHECK_INT(ll_w2v_train(&c, 200, lines, lens, NULL, NULL, &w, &err), LL_OK);
	double wall = now_s() - t0;
	if (w) {
		double secs = ll_w2v_train_seconds(w);
		CHECK(isfinite(secs) && secs >= 0);
		CHECK(secs <= wall + 1e-3); /* measured inside the call */
		CHECK(ll_w2v_trained_words(w) == 2 * 200 * 6); /* every word, both epochs */
		ll_w2v_free(w);
	}
}

static void test_table_reserve(void)
{
	struct ll_table *t = ll_table_new();
	ll_table_add_column(t, "n", LL_COL_NUM);
	ll_table_add_column(t, "s", LL_COL_TEXT);
	CHECK_INT(ll_table_reserve(t, 0), LL_OK);
	CHECK_INT(ll_table_reserve(t, 1000), LL_OK);
	CHECK_INT(ll_table_nrows(t), 0); /* reserving adds no row */
	CHECK_INT(ll_table_reserve(t, 10), LL_OK); /* smaller: nothing changes */
	long last = -1;
	for (int i = 0; i < 1000; i++)
		last = ll_table_append_row(t);
	CHECK_INT(last, 999);
	CHECK_INT(ll_table_nrows(t), 1000);
	int clean = 1;
	for (size_t r = 0; r < 1000; r++)
		clean &= isnan(ll_table_num(t, r, 0)) && ll_table_label(t, r) == LL_NO_LABEL &&
			 (ll_table_text(t, r, 1) == NULL || ll_table_text(t, r, 1)[0] == '\0');
	CHECK(clean);
	ll_table_set_num(t, 999, 0, 4.5);
	ll_table_set_text(t, 999, 1, "x", 1);
	/* a column added after the reservation is sized too */
	ll_table_add_column(t, "m", LL_COL_NUM);
	CHECK(isnan(ll_table_num(t, 999, 2)));
	CHECK_INT(ll_table_reserve(t, 5000), LL_OK);
	CHECK_NEAR(ll_table_num(t, 999, 0), 4.5, 0); /* kept when growing */
	CHECK_STR(ll_table_text(t, 999, 1), "x");
	ll_table_free(t);
}

int main(void)
{
	test_tok_check();
	test_tfidf_cols();
	test_w2v_seconds();
	test_table_reserve();
	TEST_MAIN_END();
}
