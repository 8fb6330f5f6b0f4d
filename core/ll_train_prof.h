/*
 * ll_train_prof.h - where a training's time goes, phase by phase, on each
 * rank (LOGLAB_MPI_PROFILE=1 in the environment).
 *
 * Why. On several ranks a step ends in a synchronisation: a rank that
 * comes first waits for the others, and anything one rank does alone
 * (rank 0's checkpoint and progress reports) is waited through by every
 * other. The wall clock of the whole run cannot say which; the run's
 * phases, timed on every rank in wall and thread CPU seconds, can. Off
 * unless asked for: each mark reads two clocks.
 *
 * A phase is the time from the previous mark to this one, so the phases
 * of a rank add up to its training loop. The CPU time is the training
 * thread's: with a thread pool (LOGLAB_THREADS > 1) the workers' is not in
 * it. The waits (LL_PROF_WAIT_SUMS,
 * LL_PROF_WAIT_STEP) hold the synchronisation itself and the time the
 * rank waited there for the slower rank: their wall time minus what the
 * synchronisation costs alone (a fraction of a microsecond on one node)
 * is the ranks' imbalance.
 */
#ifndef LL_TRAIN_PROF_H
#define LL_TRAIN_PROF_H

#include <stddef.h>

enum ll_prof_phase {
	LL_PROF_SLICES,    /* its slices: forward, backward, float64 sums, publishing them */
	LL_PROF_WAIT_SUMS, /* until every rank's sums are there (the first barrier, or the reduce-scatter) */
	LL_PROF_STEP,      /* its block's sum over the ranks, rounding, the optimiser's step */
	LL_PROF_PUT,       /* its stepped block into the shared array */
	LL_PROF_WAIT_STEP, /* until every block is stepped (the second barrier, or the all-gather) */
	LL_PROF_COPY,      /* the other blocks copied out */
	LL_PROF_BATCH_END, /* the batch's loss, cancelling, progress reports */
	LL_PROF_OPT_STATE, /* each epoch: the optimiser's state gathered for the checkpoint */
	LL_PROF_EVAL,      /* each epoch: the dev split's evaluation */
	LL_PROF_CKPT,      /* each epoch: the checkpoint (rank 0) */
	LL_PROF_EPOCH_END, /* each epoch: shuffle, bookkeeping, the epoch's report */
	LL_PROF_N
};

/* A short name of each phase, for the run log. */
const char *ll_prof_name(int phase);

struct ll_prof {
	int on;
	size_t batches;
	double wall[LL_PROF_N], cpu[LL_PROF_N];
	double last_wall, last_cpu;
};

/* on: LOGLAB_MPI_PROFILE set to anything but "" or "0". */
void ll_prof_init(struct ll_prof *p);
/* Starts the clocks (the first phase begins now). */
void ll_prof_start(struct ll_prof *p);
double ll_prof_thread_cpu_s(void);
double ll_prof_wall_s(void);

/* The time since the last mark goes to `phase`. */
static inline void ll_prof_mark(struct ll_prof *p, int phase)
{
	if (!p->on)
		return;
	double w = ll_prof_wall_s(), c = ll_prof_thread_cpu_s();
	p->wall[phase] += w - p->last_wall;
	p->cpu[phase] += c - p->last_cpu;
	p->last_wall = w;
	p->last_cpu = c;
}

#endif
