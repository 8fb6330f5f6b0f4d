/*
 * test_kshare.c - ll_kshare against simulated pass times (no clock): equal
 * speeds keep the equal split; a rank 10% slower gives up blocks until the
 * times match (to the dead band), a core at half speed (another process on it) until the
 * margin stops it; one pass cut short by a time slice elsewhere moves
 * nothing, nor do slow passes that fall on either rank at random; the held rows cover every share a rank can be given; the skew
 * mode moves every inner boundary both ways; off, one rank and too few
 * blocks keep the equal split.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "ll_kshare.h"
#include "ll_par.h"

/* Runs `passes` passes with rank r taking cost[r] seconds a block (pass
 * `hic_pass` on rank `hic_rank` 5x longer, -1: none); the boundaries
 * decided after a pass are used two passes later, as k-means does. */
static void run(struct ll_kshare *s, const double *cost, int passes, int hic_pass, int hic_rank)
{
	size_t cur[LL_KSHARE_MAX_RANKS + 1], next[LL_KSHARE_MAX_RANKS + 1];
	for (int r = 0; r <= s->P; r++)
		cur[r] = next[r] = s->bound[r];
	for (int t = 0; t < passes; t++) {
		double secs[LL_KSHARE_MAX_RANKS];
		for (int r = 0; r < s->P; r++)
			secs[r] = (double)(cur[r + 1] - cur[r]) * cost[r] * (t == hic_pass && r == hic_rank ? 5 : 1);
		ll_kshare_note(s, cur, secs);
		for (int r = 0; r <= s->P; r++) {
			cur[r] = next[r];
			next[r] = s->bound[r];
		}
	}
}

static void check_ordered(const struct ll_kshare *s)
{
	CHECK_INT(s->bound[0], 0);
	CHECK_INT(s->bound[s->P], s->nb);
	for (int r = 0; r < s->P; r++) {
		size_t lo, hi;
		ll_kshare_held(s->nb, s->P, r, &lo, &hi);
		CHECK(s->bound[r] < s->bound[r + 1]);
		CHECK(s->bound[r] >= lo && s->bound[r + 1] <= hi);
	}
}

static void test_equal(void)
{
	struct ll_kshare s;
	ll_kshare_init(&s, 313, 2, LL_KSHARE_SPEED);
	CHECK_INT(s.margin, 39);
	CHECK_INT(s.bound[1], 157);
	double cost[2] = {1e-5, 1e-5};
	run(&s, cost, 50, -1, -1);
	CHECK_INT(s.bound[1], 157);
	check_ordered(&s);
}

static void test_slower(void)
{
	struct ll_kshare s;
	ll_kshare_init(&s, 313, 2, LL_KSHARE_SPEED);
	double cost[2] = {1e-5, 1.1e-5}; /* rank 1 10% slower: 313 / 2.1 * 1.1 = 164 to rank 0 */
	run(&s, cost, 20, -1, -1);
	CHECK(s.bound[1] >= 163 && s.bound[1] <= 165);
	double t0 = (double)s.bound[1] * cost[0], t1 = (double)(313 - s.bound[1]) * cost[1];
	CHECK(t0 / t1 > 0.98 && t0 / t1 < 1.02);
	check_ordered(&s);
	/* the other rank slows down: the blocks go back */
	cost[0] = 1.2e-5;
	run(&s, cost, 20, -1, -1);
	CHECK(s.bound[1] >= 148 && s.bound[1] <= 152); /* 149.7, within the dead band */
	check_ordered(&s);
}

static void test_half_speed(void)
{
	struct ll_kshare s;
	ll_kshare_init(&s, 313, 2, LL_KSHARE_SPEED);
	double cost[2] = {2e-5, 1e-5}; /* rank 0 at half speed: a third would be 104, the margin stops at 118 */
	run(&s, cost, 20, -1, -1);
	CHECK(s.bound[1] >= 157 - 39 && s.bound[1] <= 157 - 39 + LL_KSHARE_DEADBAND);
	check_ordered(&s);
	/* four ranks, the third slow: its neighbours take from it */
	ll_kshare_init(&s, 1000, 4, LL_KSHARE_SPEED);
	double c4[4] = {1e-5, 1e-5, 1.25e-5, 1e-5};
	run(&s, c4, 30, -1, -1);
	CHECK(s.bound[3] - s.bound[2] < 250 && s.bound[2] - s.bound[1] > 250);
	check_ordered(&s);
}

static void test_hiccup(void)
{
	struct ll_kshare s;
	ll_kshare_init(&s, 313, 2, LL_KSHARE_SPEED);
	double cost[2] = {1e-5, 1e-5};
	run(&s, cost, 10, 7, 1);
	CHECK_INT(s.bound[1], 157);
	CHECK(s.passes == 10);
}

/* Both ranks' passes slowed at random (half of them by up to 3x, the same
 * odds for each, a fixed sequence): the equal split stays but for a few
 * passes in 400. */
static void test_noise(void)
{
	struct ll_kshare s;
	ll_kshare_init(&s, 313, 2, LL_KSHARE_SPEED);
	size_t cur[3] = {0, 157, 313};
	unsigned long x = 12345;
	int away = 0;
	size_t far = 0;
	for (int t = 0; t < 400; t++) {
		double secs[2];
		for (int r = 0; r < 2; r++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			double u = (double)(x >> 11) / 9007199254740992.0;
			secs[r] = (double)(cur[r + 1] - cur[r]) * 1e-5 * (u < 0.5 ? 1 : 1 + 4 * (u - 0.5));
		}
		ll_kshare_note(&s, cur, secs);
		cur[1] = s.bound[1];
		size_t dev = s.bound[1] > 157 ? s.bound[1] - 157 : 157 - s.bound[1];
		away += dev > 1; /* the dead band's block aside */
		far = dev > far ? dev : far;
	}
	if (away > 20 || getenv("LL_TEST_VERBOSE"))
		printf("noise: %d of 400 passes away from the equal split, up to %zu blocks\n", away, far);
	CHECK(away <= 20);
}

static void test_held(void)
{
	size_t lo, hi;
	ll_kshare_held(313, 2, 0, &lo, &hi);
	CHECK_INT(lo, 0);
	CHECK_INT(hi, 157 + 39);
	ll_kshare_held(313, 2, 1, &lo, &hi);
	CHECK_INT(lo, 157 - 39);
	CHECK_INT(hi, 313);
	ll_kshare_held(313, 1, 0, &lo, &hi);
	CHECK_INT(lo, 0);
	CHECK_INT(hi, 313);
	/* 6 blocks over 2 ranks: no margin */
	CHECK_INT(ll_kshare_margin(6, 2), 0);
	ll_kshare_held(6, 2, 1, &lo, &hi);
	CHECK_INT(lo, 3);
	CHECK_INT(hi, 6);
}

static void test_skew(void)
{
	struct ll_kshare s;
	ll_kshare_init(&s, 40, 3, LL_KSHARE_SKEW);
	CHECK_INT(s.margin, 3);
	size_t lo[3] = {40, 40, 40}, hi[3] = {0, 0, 0};
	double cost[3] = {1, 1, 1};
	for (int t = 0; t < 6; t++) {
		run(&s, cost, 1, -1, -1);
		check_ordered(&s);
		for (int r = 1; r < 3; r++) {
			lo[r] = s.bound[r] < lo[r] ? s.bound[r] : lo[r];
			hi[r] = s.bound[r] > hi[r] ? s.bound[r] : hi[r];
		}
	}
	for (int r = 1; r < 3; r++) {
		size_t a, b;
		ll_kshare_held(40, 3, r, &a, &b);
		CHECK_INT(lo[r], a);
		CHECK_INT(hi[r], a + 2 * 3);
	}
}

static void test_off(void)
{
	struct ll_kshare s;
	double cost[2] = {1e-5, 3e-5};
	ll_kshare_init(&s, 313, 2, LL_KSHARE_OFF);
	run(&s, cost, 10, -1, -1);
	CHECK_INT(s.bound[1], 157);
	ll_kshare_init(&s, 313, 1, LL_KSHARE_SPEED);
	CHECK_INT(s.mode, LL_KSHARE_OFF);
	CHECK_INT(s.bound[1], 313);
	ll_kshare_init(&s, 6, 2, LL_KSHARE_SPEED);
	CHECK_INT(s.mode, LL_KSHARE_OFF);
	run(&s, cost, 10, -1, -1);
	CHECK_INT(s.bound[1], 3);
}

int main(void)
{
	test_equal();
	test_slower();
	test_half_speed();
	test_hiccup();
	test_noise();
	test_held();
	test_skew();
	test_off();
	TEST_MAIN_END();
}
