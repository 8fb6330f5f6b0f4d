/*
 * ll_pick.c - threads or one thread, batch by batch (see ll_pick.h).
 *
 * The first PICK_WARM batches run on threads untimed (page faults, threads
 * waking); then each way is timed once, and from there the faster way runs
 * and the other is probed with PICK_PROBE batches, timing the last two (the
 * first ones wake the pool's sleeping threads, and on a VM its idle core
 * too: a threaded batch right after solo ones took 2-3 times what the third
 * one did). A probe that confirms the choice doubles the interval to the
 * next, up to PICK_MAX batches, so a run on free cores loses little to
 * probing (at most 4 batches in 256 run the slower way), and one that chose
 * wrong in a burst of load is back within 256 batches.
 *
 * Each way's estimate is the mean time of its last LL_PICK_WINDOW timed
 * batches, a probed way's of the probe's own batches. On a VM with free
 * cores, in some runs one threaded DNN batch in ~18 took ~660 us against
 * ~160 us (a thread of the pair held up); an estimate that one such batch
 * could move past the solo time (245 us) sent 900-1500 of 2560 batches to
 * one thread, and a mean over 16 batches still ~1000 (three such batches
 * in 16 happen). The mean is what throughput depends on; 64 batches hold
 * it near the true ~190 us while a lasting slow-down (900 us a batch)
 * turns the choice within 8.
 */
#include "ll_pick.h"

#include <string.h>

#define PICK_MIN 64
#define PICK_MAX 256
#define PICK_WARM 3
#define PICK_PROBE 4

void ll_pick_init(struct ll_pick *p)
{
	memset(p, 0, sizeof *p);
}

static double way_mean(const struct ll_pick_way *w)
{
	return w->n ? w->sum / w->n : 0;
}

double ll_pick_estimate(const struct ll_pick *p, int solo)
{
	return way_mean(&p->way[solo != 0]);
}

static void way_add(struct ll_pick_way *w, double v)
{
	if (w->n == LL_PICK_WINDOW)
		w->sum -= w->v[w->at];
	else
		w->n++;
	w->v[w->at] = v;
	w->sum += v;
	w->at = (w->at + 1) % LL_PICK_WINDOW;
	if (w->at == 0) { /* re-add now and then: no drift from the subtractions */
		w->sum = 0;
		for (int i = 0; i < w->n; i++)
			w->sum += w->v[i];
	}
}

static int best_is_solo(const struct ll_pick *p)
{
	return p->way[1].n && way_mean(&p->way[1]) < way_mean(&p->way[0]);
}

int ll_pick_next(struct ll_pick *p)
{
	p->timed = 1;
	if (p->n < PICK_WARM) {
		p->solo = 0;
		p->timed = 0;
	} else if (p->probe || (p->left == 0 && p->way[0].n && p->way[1].n)) {
		if (!p->probe) {
			p->probe = PICK_PROBE;
			p->was = best_is_solo(p);
			/* the probed way is judged on this probe alone */
			memset(&p->way[!p->was], 0, sizeof p->way[0]);
		}
		p->solo = !p->was;
		p->timed = p->probe <= 2;
	} else if (!p->way[0].n || !p->way[1].n) { /* time each way once */
		p->solo = p->way[0].n > 0;
		p->every = p->left = PICK_MIN;
	} else {
		int best = best_is_solo(p);
		/* a way that turned slower in mid-run (a burst of load, or a
		 * thread woken late a few times) is probed again soon */
		if (best != p->cur) {
			p->every = PICK_MIN;
			p->left = p->left < PICK_MIN ? p->left : PICK_MIN;
		}
		p->solo = p->cur = best;
	}
	return p->solo;
}

void ll_pick_done(struct ll_pick *p, double seconds, size_t rows)
{
	p->n++;
	if (p->timed)
		way_add(&p->way[p->solo], seconds / (double)(rows ? rows : 1));
	if (p->probe && --p->probe == 0) {
		p->every = best_is_solo(p) == p->was ? (p->every * 2 < PICK_MAX ? p->every * 2 : PICK_MAX) : PICK_MIN;
		p->left = p->every;
	} else if (!p->probe && p->left > 0) {
		p->left--;
	}
}
