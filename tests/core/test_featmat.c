/* tests/core/test_featmat.c - allocation, naming and split counts of feature matrices. */
#include "harness.h"
#include "ll_featmat.h"

#include <stdint.h>

int main(void)
{
	struct ll_featmat m;
	struct ll_err err;
	CHECK_INT(ll_featmat_alloc(&m, 10, 3, 4, 1, &err), LL_OK);
	CHECK(m.X != NULL && m.sparse == NULL);
	CHECK_INT(m.n, 10);
	CHECK_INT(m.steps, 3);
	CHECK_INT(m.d, 4);
	int all_unlabelled = 1, all_zero = 1;
	for (size_t i = 0; i < 10; i++)
		all_unlabelled &= m.y[i] == -1;
	for (size_t i = 0; i < 10 * 3 * 4; i++)
		all_zero &= m.X[i] == 0.0f;
	CHECK(all_unlabelled);
	CHECK(all_zero);
	CHECK_INT(ll_featmat_count(&m, LL_SPLIT_TRAIN), 10);
	m.split[2] = LL_SPLIT_DEV;
	m.split[5] = m.split[6] = LL_SPLIT_TEST;
	CHECK_INT(ll_featmat_count(&m, LL_SPLIT_TRAIN), 7);
	CHECK_INT(ll_featmat_count(&m, LL_SPLIT_DEV), 1);
	CHECK_INT(ll_featmat_count(&m, LL_SPLIT_TEST), 2);
	CHECK_INT(ll_featmat_set_name(&m, 3, "load avg/1m"), LL_OK);
	CHECK_STR(m.names[3], "load avg/1m");
	CHECK_INT(ll_featmat_set_name(&m, 3, "usr"), LL_OK);
	CHECK_STR(m.names[3], "usr");
	CHECK_INT(ll_featmat_set_name(&m, 4, "x"), LL_EUSAGE);
	const char *cls[] = {"normal", "anomaly"};
	CHECK_INT(ll_featmat_set_classes(&m, cls, 2), LL_OK);
	CHECK_INT(m.nclasses, 2);
	CHECK_STR(m.classes[1], "anomaly");
	ll_featmat_free(&m);
	CHECK(m.X == NULL && m.n == 0);
	ll_featmat_free(&m); /* freeing twice is harmless */

	/* sparse: no dense X; a NULL split counts everything as train */
	CHECK_INT(ll_featmat_alloc(&m, 5, 1, 1 << 18, 0, &err), LL_OK);
	CHECK(m.X == NULL);
	free(m.split);
	m.split = NULL;
	CHECK_INT(ll_featmat_count(&m, LL_SPLIT_TRAIN), 5);
	CHECK_INT(ll_featmat_count(&m, LL_SPLIT_TEST), 0);
	ll_featmat_free(&m);

	/* a size that cannot be allocated is refused, not wrapped around */
	CHECK_INT(ll_featmat_alloc(&m, SIZE_MAX / 2, 4, 4, 1, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "too large") != NULL);
	CHECK_INT(ll_featmat_alloc(&m, 1, 0, 4, 1, &err), LL_EUSAGE);

	/* past LOGLAB_MEMORY_MAX: refused with the numbers before allocating */
	setenv("LOGLAB_MEMORY_MAX", "64K", 1);
	CHECK_INT(ll_featmat_alloc(&m, 1000, 1, 100, 1, &err), LL_EDATA);
	CHECK(m.X == NULL);
	CHECK(strstr(err.msg, "columns: a feature matrix of 1000 samples x 100 features needs 407 KiB, more than the "
			      "memory limit of 64 KiB (LOGLAB_MEMORY_MAX)") != NULL);
	CHECK_INT(ll_featmat_alloc(&m, 100, 1, 100, 1, &err), LL_OK);
	ll_featmat_free(&m);
	unsetenv("LOGLAB_MEMORY_MAX");
	TEST_MAIN_END();
}
