/*
 * ll_pool.h - a small pool of worker threads that run one job at a time.
 *
 * Training calls a job per mini-batch (a few hundred microseconds of work
 * each), so the threads are started once and kept: ll_pool_run hands the
 * same function to every thread, the caller's thread being thread 0, and
 * returns when all have finished. A job whose outputs are fixed by the
 * work item, never by which thread got there first (by thread number, or
 * items claimed with atomics whose results do not depend on the claimer,
 * as training's slices are), gives the same bits on every run. Every
 * thread runs a job in the caller's floating-point mode (ll_fpenv.h:
 * training flushes subnormals).
 *
 * Waiting threads spin for up to 200 microseconds, then spin yielding
 * their core to anything else runnable for up to 2 ms, then sleep on a
 * condition variable: the next batch's job finds a worker still awake
 * (waking a sleeping one took longer than a slice's work), and a pool
 * left idle costs nothing after that.
 *
 * A thread that finds another thread of the pool on its CPU at the start
 * of a job moves to a CPU none of them is on (at most once in 20 ms), so
 * threads in lockstep do not take turns on one core; it is not pinned.
 *
 * A pool of 1 thread starts no thread: ll_pool_run calls the function.
 * One caller at a time: ll_pool_run is not reentrant and not to be called
 * from two threads at once.
 */
#ifndef LL_POOL_H
#define LL_POOL_H

#include "ll_err.h"

/* Most threads a pool may have. */
#define LL_POOL_MAX 64

struct ll_pool;

/* A pool of `threads` (1..LL_POOL_MAX) threads counting the caller; *out
 * owned by the caller. LL_EUSAGE for a count out of range, LL_EIO when a
 * thread cannot be started. */
int ll_pool_new(int threads, struct ll_pool **out, struct ll_err *err);
/* Stops and joins the threads. NULL is ignored. */
void ll_pool_free(struct ll_pool *p);
int ll_pool_threads(const struct ll_pool *p);

/* Runs fn(arg, t, T) on every thread t = 0..T-1 (T = ll_pool_threads) and
 * returns when every call has returned. */
void ll_pool_run(struct ll_pool *p, void (*fn)(void *arg, int t, int T), void *arg);

/* Inside a job: returns when every thread of the job has called it (all
 * must, the same number of times). Writes before it are seen after it. */
void ll_pool_barrier(struct ll_pool *p);

/* The CPUs this process may run on (its affinity mask, which Slurm,
 * taskset, cpusets and mpirun's binding narrow; the online CPUs where the
 * mask cannot be read), at least 1 and at most LL_POOL_MAX. */
int ll_pool_cpus(void);

#endif
