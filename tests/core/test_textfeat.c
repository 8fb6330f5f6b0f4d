/*
 * tests/core/test_textfeat.c - template-count rows over line windows: a
 * small case worked out by hand, errors, and the HDFS 2k log through the
 * Drain miner, where the per-line one-hot rows must add up to the miner's
 * own line count of every template.
 */
#include "harness.h"
#include "ll_tpl.h"
#include "ll_textfeat.h"

static double at(const struct ll_csr *c, size_t i, uint32_t j)
{
	for (size_t k = c->indptr[i]; k < c->indptr[i + 1]; k++)
		if (c->indices[k] == j)
			return c->values[k];
	return 0;
}

static void test_small(void)
{
	/* 3 templates; 5 and -1 are unknown and go to column 3. Windows of 3
	 * lines with stride 2 start at lines 0, 2, 4:
	 *   [0 1 1] -> {0: 1, 1: 2}; [1 -1 5] -> {1: 1, 3: 2}; [5 2 0] -> {0: 1, 2: 1, 3: 1} */
	const long tid[7] = {0, 1, 1, -1, 5, 2, 0};
	struct ll_csr *c;
	struct ll_err err;
	size_t first[3];
	CHECK_INT(ll_textfeat_windows(7, 3, 2), 3);
	CHECK_INT(ll_textfeat_template_counts(tid, 7, 3, 3, 2, &c, first, &err), LL_OK);
	CHECK_INT(c->rows, 3);
	CHECK_INT(c->cols, 4);
	CHECK_INT(c->nnz, 7);
	CHECK_INT(first[2], 4);
	CHECK_NEAR(at(c, 0, 0), 1, 0);
	CHECK_NEAR(at(c, 0, 1), 2, 0);
	CHECK_NEAR(at(c, 1, 1), 1, 0);
	CHECK_NEAR(at(c, 1, 3), 2, 0);
	CHECK_NEAR(at(c, 2, 0), 1, 0);
	CHECK_NEAR(at(c, 2, 2), 1, 0);
	CHECK_NEAR(at(c, 2, 3), 1, 0);
	CHECK_INT(c->indices[c->indptr[2]], 0);
	CHECK_INT(c->indices[c->indptr[3] - 1], 3);
	ll_csr_free(c);

	CHECK_INT(ll_textfeat_template_counts(tid, 7, 3, 8, 1, &c, NULL, &err), LL_EUSAGE);
	CHECK(c == NULL);
	CHECK(strstr(err.msg, "longer than the 7 lines") != NULL);
	CHECK_INT(ll_textfeat_template_counts(tid, 7, 3, 2, 0, &c, NULL, &err), LL_EUSAGE);
	CHECK_INT(ll_textfeat_template_counts(tid, 7, 3, 0, 1, &c, NULL, &err), LL_EUSAGE);
	CHECK_INT(ll_textfeat_windows(7, 8, 1), 0);
}

static void test_hdfs(void)
{
	FILE *f = fopen(ll_test_data("loghub/HDFS/HDFS_2k.log"), "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	struct ll_tpl_config dc;
	ll_tpl_config_default(&dc);
	struct ll_tpl *d;
	struct ll_err err;
	CHECK_INT(ll_tpl_new(&dc, &d, &err), LL_OK);
	long tid[2000];
	size_t n = 0;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t got;
	int added = 0;
	while (n < 2000 && (got = getline(&buf, &cap, f)) >= 0)
		added += (tid[n++] = ll_tpl_add(d, buf, (size_t)got)) >= 0;
	CHECK_INT(added, 2000);
	CHECK_INT(ll_tpl_finish(d, &err), LL_OK);
	for (size_t i = 0; i < n; i++)
		tid[i] = ll_tpl_template_of(d, tid[i]);
	free(buf);
	fclose(f);
	CHECK_INT(n, 2000);
	size_t nt = ll_tpl_count(d);
	struct ll_csr *c;
	CHECK_INT(ll_textfeat_template_counts(tid, n, nt, 1, 1, &c, NULL, &err), LL_OK);
	CHECK_INT(c->rows, 2000);
	CHECK_INT(c->nnz, 2000);
	double *sum = calloc(nt + 1, sizeof *sum);
	for (size_t k = 0; k < c->nnz; k++)
		sum[c->indices[k]] += c->values[k];
	int same = 1;
	for (size_t j = 0; j < nt; j++)
		same &= sum[j] == (double)ll_tpl_lines(d, (long)j);
	CHECK(same);
	CHECK_NEAR(sum[nt], 0, 0);
	free(sum);
	ll_csr_free(c);
	/* windows of 100 lines, stride 100: 20 rows of 100 lines each */
	CHECK_INT(ll_textfeat_template_counts(tid, n, nt, 100, 100, &c, NULL, &err), LL_OK);
	CHECK_INT(c->rows, 20);
	double total = 0;
	for (size_t k = 0; k < c->nnz; k++)
		total += c->values[k];
	CHECK_NEAR(total, 2000, 0);
	ll_csr_free(c);
	ll_tpl_free(d);
}

int main(void)
{
	test_small();
	test_hdfs();
	TEST_MAIN_END();
}
