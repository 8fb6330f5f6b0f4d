/* tests/core/test_slots.c - ll_slots: an empty index finds nothing; 100,000
 * generated keys (and repeats of them) get ids in first-seen order across
 * many doublings and are all found again, unknown keys not; keys that all
 * share one hash, or one hash's low bits, are told apart by the caller's
 * compare; a reserved index does not move; refusals past the limit and a
 * real allocation failure (address space capped in a child) leave the
 * index as it was. */
#include "harness.h"
#include "ll_err.h"
#include "ll_slots.h"
#include "memcap.h"

#define NKEYS 100000

struct keys {
	char (*s)[16];
	size_t n;
	struct ll_slots ix;
};

/* The id of key k under hash h, added when new: the usage the header shows. */
static uint32_t intern(struct keys *K, const char *k, uint32_t h)
{
	struct ll_slots_probe p = ll_slots_probe(&K->ix, h);
	for (uint32_t id; (id = ll_slots_next(&K->ix, &p)) != LL_SLOTS_NONE;)
		if (strcmp(K->s[id], k) == 0)
			return id;
	snprintf(K->s[K->n], sizeof K->s[K->n], "%s", k);
	if (ll_slots_add(&K->ix, &p, (uint32_t)K->n) != LL_OK)
		return LL_SLOTS_NONE;
	return (uint32_t)K->n++;
}

static uint32_t find(const struct keys *K, const char *k, uint32_t h)
{
	struct ll_slots_probe p = ll_slots_probe(&K->ix, h);
	for (uint32_t id; (id = ll_slots_next(&K->ix, &p)) != LL_SLOTS_NONE;)
		if (strcmp(K->s[id], k) == 0)
			return id;
	return LL_SLOTS_NONE;
}

static uint32_t hash_of(const char *k)
{
	return ll_slots_hash(k, strlen(k));
}

/* Every way of hashing: the real one, a constant (every key collides) and
 * one that differs only above the bits any table here uses. */
static uint32_t hash_kind(int kind, const char *k)
{
	return kind == 0 ? hash_of(k) : kind == 1 ? 7u : (hash_of(k) & 0xff000000u) | 5u;
}

static void first_seen_order(int kind, size_t nkeys)
{
	struct keys K = {calloc(nkeys, sizeof *K.s), 0, {0}};
	char k[32];
	uint64_t st = 88172645463325252ULL;
	int bad = 0;
	/* key i first shows at step i; each step also repeats an earlier key */
	for (size_t i = 0; i < nkeys; i++) {
		snprintf(k, sizeof k, "key%zu", i);
		bad += intern(&K, k, hash_kind(kind, k)) != i;
		snprintf(k, sizeof k, "key%zu", (size_t)(ll_test_xorshift(&st) % (i + 1)));
		bad += intern(&K, k, hash_kind(kind, k)) >= i + 1;
		bad += 2 * K.ix.n > K.ix.mask + 1; /* at most half full */
	}
	CHECK_INT(bad, 0);
	CHECK_INT(K.n, nkeys);
	CHECK_INT(K.ix.n, nkeys);
	for (size_t i = 0; i < nkeys; i++) {
		snprintf(k, sizeof k, "key%zu", i);
		bad += find(&K, k, hash_kind(kind, k)) != i;
	}
	CHECK_INT(bad, 0);
	CHECK(find(&K, "key", hash_kind(kind, "key")) == LL_SLOTS_NONE);
	snprintf(k, sizeof k, "key%zu", nkeys);
	CHECK(find(&K, k, hash_kind(kind, k)) == LL_SLOTS_NONE);
	ll_slots_free(&K.ix);
	CHECK(K.ix.slot == NULL && K.ix.n == 0);
	CHECK(find(&K, "key0", hash_kind(kind, "key0")) == LL_SLOTS_NONE);
	free(K.s);
}

static void empty_and_reserve(void)
{
	struct ll_slots ix = {0};
	struct ll_slots_probe p = ll_slots_probe(&ix, 12345);
	CHECK(ll_slots_next(&ix, &p) == LL_SLOTS_NONE);
	ll_slots_free(&ix); /* an index never used frees cleanly */

	CHECK_INT(ll_slots_reserve(&ix, 1024), LL_OK); /* 2048 slots */
	const struct ll_slot *before = ix.slot;
	int bad = 0;
	for (uint32_t i = 0; i < 1024; i++) {
		p = ll_slots_probe(&ix, i * 2654435761u);
		bad += ll_slots_next(&ix, &p) != LL_SLOTS_NONE;
		bad += ll_slots_add(&ix, &p, i) != LL_OK;
	}
	CHECK_INT(bad, 0);
	CHECK(ix.slot == before);
	CHECK_INT(ll_slots_reserve(&ix, 10), LL_OK); /* never shrinks */
	CHECK(ix.slot == before);
	/* the 1025th id grows it; every id stays where its hash says */
	p = ll_slots_probe(&ix, 99);
	while (ll_slots_next(&ix, &p) != LL_SLOTS_NONE)
		;
	CHECK_INT(ll_slots_add(&ix, &p, 1024), LL_OK);
	CHECK(ix.mask + 1 == 4096);
	for (uint32_t i = 0; i < 1024; i++) {
		p = ll_slots_probe(&ix, i * 2654435761u);
		uint32_t id;
		while ((id = ll_slots_next(&ix, &p)) != LL_SLOTS_NONE && id != i)
			;
		bad += id != i;
	}
	CHECK_INT(bad, 0);

	/* refusals leave the index as it was */
	size_t mask = ix.mask, n = ix.n;
	CHECK_INT(ll_slots_reserve(&ix, LL_SLOTS_MAX + 1), LL_ENOMEM);
	p = ll_slots_probe(&ix, 1);
	while (ll_slots_next(&ix, &p) != LL_SLOTS_NONE)
		;
	CHECK_INT(ll_slots_add(&ix, &p, LL_SLOTS_NONE), LL_ENOMEM);
	CHECK(ix.mask == mask && ix.n == n);
	ll_slots_free(&ix);
}

/* Adds ids until growing fails under an address-space cap; exit 0 when the
 * failure came as LL_ENOMEM with every id still found, 1 otherwise, 2
 * when the cap never bit. */
static int fill_until_enomem(void)
{
	struct ll_slots ix = {0};
	if (ll_test_cap_address_space((size_t)48 << 20) != 0)
		return 2;
	for (uint32_t i = 0; i < (1u << 26); i++) {
		struct ll_slots_probe p = ll_slots_probe(&ix, ll_slots_hash_u64(i));
		while (ll_slots_next(&ix, &p) != LL_SLOTS_NONE)
			;
		size_t mask = ix.mask;
		int rc = ll_slots_add(&ix, &p, i);
		if (rc == LL_OK)
			continue;
		if (rc != LL_ENOMEM || ix.n != i || ix.mask != mask)
			return 1;
		for (uint32_t j = 0; j < i; j++) {
			p = ll_slots_probe(&ix, ll_slots_hash_u64(j));
			uint32_t id;
			while ((id = ll_slots_next(&ix, &p)) != LL_SLOTS_NONE && id != j)
				;
			if (id != j)
				return 1;
		}
		ll_slots_free(&ix);
		return 0;
	}
	return 2;
}

static void allocation_failure(void)
{
	int status = ll_test_capped(fill_until_enomem);
	if (status >= 0)
		CHECK_INT(status, 0);
}

int main(void)
{
	empty_and_reserve();
	first_seen_order(0, NKEYS);
	first_seen_order(1, 2000); /* one hash: quadratic, so fewer keys */
	first_seen_order(2, 3000);
	allocation_failure();
	TEST_MAIN_END();
}
