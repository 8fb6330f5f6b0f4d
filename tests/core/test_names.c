/* tests/core/test_names.c - ll_names: ids in order of addition, lookups of
 * 200,000 similar names (tag000000...) all found at their id, a name cut at
 * a NUL, and unknown names not found. */
#include "harness.h"
#include "ll_err.h"
#include "ll_names.h"

int main(void)
{
	struct ll_names s = {0};
	CHECK_INT(ll_names_find(&s, "x", 1), -1);
	CHECK(ll_names_get(&s, 0) == NULL);
	CHECK_INT(ll_names_add(&s, "normal", 6), 0);
	CHECK_INT(ll_names_add(&s, "KERNDTLB", 8), 1);
	CHECK_INT(ll_names_add(&s, "normal", 6), 0);
	/* len bytes only, and a NUL ends the name */
	CHECK_INT(ll_names_find(&s, "normalcy", 6), 0);
	CHECK_INT(ll_names_add(&s, "KERN\0junk", 9), 2);
	CHECK_STR(ll_names_get(&s, 2), "KERN");
	CHECK_INT(ll_names_find(&s, "KERN", 4), 2);
	CHECK_INT(ll_names_find(&s, "", 0), -1);
	CHECK_INT(ll_names_add(&s, "", 0), 3);
	CHECK_INT(ll_names_find(&s, "", 0), 3);
	enum { N = 200000 };
	char buf[32];
	int bad = 0;
	for (int i = 0; i < N; i++) {
		int n = snprintf(buf, sizeof buf, "tag%06d", i);
		bad += ll_names_add(&s, buf, (size_t)n) != 4 + i;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(s.n, N + 4);
	for (int i = 0; i < N; i++) {
		int n = snprintf(buf, sizeof buf, "tag%06d", i);
		bad += ll_names_find(&s, buf, (size_t)n) != 4 + i;
		bad += strcmp(ll_names_get(&s, (size_t)(4 + i)), buf) != 0;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(ll_names_find(&s, "tag200000", 9), -1);
	CHECK_INT(ll_names_find(&s, "tag00000", 8), -1);
	CHECK_INT(ll_names_find(&s, "normal", 6), 0);
	/* did you mean: typos, case, swaps, prefixes; nothing when far */
	struct ll_names c = {0};
	const char *bgl[] = {"normal", "APPREAD", "KERNDTLB", "KERNSTOR", "root_cause", "disk"};
	for (int i = 0; i < 6; i++)
		ll_names_add(&c, bgl[i], strlen(bgl[i]));
	CHECK_INT(ll_names_closest(&c, "kerndtlb"), 2);
	CHECK_INT(ll_names_closest(&c, "KERNDTBL"), 2);
	CHECK_INT(ll_names_closest(&c, "KERNSTRO"), 3);
	CHECK_INT(ll_names_closest(&c, "nromal"), 0);
	CHECK_INT(ll_names_closest(&c, "root"), 4);
	CHECK_INT(ll_names_closest(&c, "dsik"), 5);
	CHECK_INT(ll_names_closest(&c, "1"), -1);
	CHECK_INT(ll_names_closest(&c, "DISK"), 5);
	ll_names_add(&c, "0", 1);
	CHECK_INT(ll_names_closest(&c, "1"), -1); /* one letter: no typo, another name */
	CHECK_INT(ll_names_closest(&c, "network"), -1);
	CHECK_INT(ll_names_closest(&c, ""), -1);
	ll_names_free(&c);
	/* among 200,000 names */
	CHECK_INT(ll_names_closest(&s, "tag00O123"), 4 + 123);
	ll_names_free(&s);
	CHECK_INT(s.n, 0);
	TEST_MAIN_END();
}
