/*
 * test_pick.c - ll_pick against simulated batch times (no clock): the
 * faster way wins and the other is probed rarely; hiccups of the threaded
 * way (a batch in 12 four times slower, worse than seen on a VM with free
 * cores) do not send it to one thread; a lasting slow-down turns the choice
 * within a window, and its end turns it back by the next probe;
 * when one thread is faster it runs almost every batch.
 */
#include "harness.h"
#include "ll_pick.h"

#define ROWS 128

/* Seconds a batch takes: threaded `thr` (every `every`-th batch `hic`
 * instead when every > 0) or solo `solo`, in microseconds. */
struct sim {
	double thr, solo, hic;
	int every;
};

/* Runs batches [from, to) of the simulation; returns how many ran on one
 * thread, and the index of the first that did (or -1) in *first_solo and
 * of the last threaded one in *last_thr. */
static int run(struct ll_pick *p, const struct sim *s, int from, int to, int *first_solo, int *last_thr)
{
	int solo = 0;
	if (first_solo)
		*first_solo = -1;
	for (int b = from; b < to; b++) {
		int one = ll_pick_next(p);
		CHECK_INT(one, p->solo);
		double us = one ? s->solo : (s->every > 0 && b % s->every == 0 ? s->hic : s->thr);
		ll_pick_done(p, us * 1e-6, ROWS);
		if (one) {
			solo++;
			if (first_solo && *first_solo < 0)
				*first_solo = b;
		} else if (last_thr) {
			*last_thr = b;
		}
	}
	return solo;
}

static void test_threads_faster(void)
{
	struct ll_pick p;
	ll_pick_init(&p);
	struct sim s = {160, 245, 0, 0};
	int solo = run(&p, &s, 0, 2560, NULL, NULL);
	/* one timing batch, then probes of 4 (2 timed) at most every 256 */
	CHECK(solo <= 1 + 4 * (2560 / 64));
	CHECK(solo <= 60);
	CHECK_NEAR(ll_pick_estimate(&p, 0), 160e-6 / ROWS, 1e-12);
	CHECK_NEAR(ll_pick_estimate(&p, 1), 245e-6 / ROWS, 1e-12);
}

static void test_hiccups(void)
{
	/* 1 batch in 12 takes 660 us: mean 202 us, still faster than 245 */
	struct ll_pick p;
	ll_pick_init(&p);
	struct sim s = {160, 245, 660, 12};
	int solo = run(&p, &s, 0, 2560, NULL, NULL);
	CHECK(solo <= 60);
	/* 1 batch in 3 at 660: mean 327, slower than one thread */
	ll_pick_init(&p);
	struct sim worse = {160, 245, 660, 3};
	solo = run(&p, &worse, 0, 2560, NULL, NULL);
	CHECK(solo >= 2560 - 200);
}

static void test_burst(void)
{
	struct ll_pick p;
	ll_pick_init(&p);
	struct sim free = {160, 245, 0, 0}, busy = {900, 250, 0, 0};
	run(&p, &free, 0, 1000, NULL, NULL);
	int first = -1, last = -1;
	/* the other core taken: one thread within a window of batches */
	run(&p, &busy, 1000, 1500, &first, NULL);
	CHECK(first >= 1000 && first <= 1000 + LL_PICK_WINDOW);
	/* the core back: threads again by the next probe, at most 256
	 * batches away (probes that kept confirming one thread spaced out) */
	int solo = run(&p, &free, 1500, 1900, &first, &last);
	CHECK(solo <= 256 + 4);
	CHECK_INT(last, 1899);
}

static void test_solo_faster(void)
{
	struct ll_pick p;
	ll_pick_init(&p);
	struct sim s = {400, 245, 0, 0};
	int solo = run(&p, &s, 0, 2560, NULL, NULL);
	/* 3 warm-up and 1 timing batch on threads, then probes */
	CHECK(solo >= 2560 - 4 - 4 * (2560 / 64));
	CHECK(solo >= 2560 - 60);
}

static void test_zero_rows(void)
{
	/* a batch of no rows counts as one row, never a division by zero */
	struct ll_pick p;
	ll_pick_init(&p);
	for (int b = 0; b < 10; b++) {
		ll_pick_next(&p);
		ll_pick_done(&p, 1e-4, 0);
	}
	CHECK(ll_pick_estimate(&p, 0) > 0);
	CHECK(ll_pick_estimate(&p, 0) < 1);
}

int main(void)
{
	test_threads_faster();
	test_hiccups();
	test_burst();
	test_solo_faster();
	test_zero_rows();
	TEST_MAIN_END();
}
