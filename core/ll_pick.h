/*
 * ll_pick.h - batch by batch, whether training runs a batch's slices on
 * its threads or on one thread.
 *
 * Threads share a batch in lockstep (a barrier in every batch), which pays
 * on free cores, but on a machine shared with other work the thread waited
 * for is often off its core for milliseconds: at load 8 on 2 cores a DNN
 * trained at 120k samples/s on 2 threads and 276k on 1. Either way gives
 * the same bits (the slices and their sums are the same), so a run times
 * both: it trains in the faster way and now and then probes the other with
 * a few batches. The choice depends on measured times only, so it never
 * changes a result, only how fast it comes.
 *
 * Use: ll_pick_init once; before each batch ll_pick_next (1: run it on one
 * thread), after it ll_pick_done with its seconds and rows.
 */
#ifndef LL_PICK_H
#define LL_PICK_H

#include <stddef.h>

/* Timed batches each way's estimate is the mean of. */
#define LL_PICK_WINDOW 64

struct ll_pick_way {
	double v[LL_PICK_WINDOW]; /* seconds per row of the last timed batches, a ring */
	int n, at;                /* entries held (up to LL_PICK_WINDOW), next slot */
	double sum;
};

struct ll_pick {
	struct ll_pick_way way[2]; /* [0] threads, [1] one thread */
	int solo;                  /* this batch runs on one thread */
	int timed;                 /* its time counts */
	int probe;                 /* probe batches left, 0 outside a probe */
	int was;                   /* the choice (solo) when the probe began */
	int cur;                   /* the choice outside probes */
	unsigned long n;           /* batches so far */
	unsigned long left, every; /* batches to the next probe, and between probes */
};

void ll_pick_init(struct ll_pick *p);
/* Before a batch: 1 when it is to run on one thread (also in p->solo). */
int ll_pick_next(struct ll_pick *p);
/* After it: its wall seconds for `rows` rows (> 0). */
void ll_pick_done(struct ll_pick *p, double seconds, size_t rows);
/* The current estimate of seconds per row of a way (0 threads, 1 one
 * thread), 0 when it has no timed batch. */
double ll_pick_estimate(const struct ll_pick *p, int solo);

#endif
