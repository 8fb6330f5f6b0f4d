/*
 * ll_apart.h - keeping threads or processes that work in lockstep on
 * different CPUs.
 *
 * Workers that meet at a barrier every few hundred microseconds and share
 * one CPU take turns on it, each batch then slower than on one worker
 * alone. The scheduler does put them there: on a 2-core VM a new thread
 * started on its creator's CPU and stayed for the first 70-110 batches of
 * a DNN (~680 us a batch, against ~155 us apart). (Two MPI ranks started
 * unbound were checked the same way: they shared a CPU at 0-5 of 2000
 * meetings a run, and keeping them apart changed nothing measurable, so
 * ranks do not use this.)
 *
 * Each worker has a slot in an array all of them see (ll_pool.c: the
 * pool's memory). At each meeting, ll_apart_check
 * records the worker's CPU in its slot, and a worker that finds a
 * lower-numbered one on its CPU moves itself: it narrows its affinity to
 * the allowed CPUs no worker was last seen on (the kernel migrates it at
 * once) and widens it back, so it is not pinned and the scheduler stays
 * free to move it later. A worker moves at most once in
 * LL_APART_EVERY_NS, so that on a machine whose other CPUs are busy it
 * does not hop at every meeting. Where a worker runs never changes a
 * result.
 */
#ifndef LL_APART_H
#define LL_APART_H

#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

#define LL_APART_EVERY_NS 20000000

struct ll_apart {
	cpu_set_t allowed; /* the CPUs the worker may use, read by ll_apart_init */
	int spread;        /* allowed holds more than one CPU */
	uint64_t moved_ns; /* when it last moved (0: never) */
};

/* Reads the calling thread's affinity into a (a worker started later
 * inherits it). */
void ll_apart_init(struct ll_apart *a);
/* At a meeting of n workers whose CPUs are cpus[0..n) (-1: not known),
 * worker `me`: records where it runs, and moves off a CPU that a
 * lower-numbered worker was last seen on when another allowed CPU is free.
 * Returns 1 when it moved. */
int ll_apart_check(struct ll_apart *a, atomic_int *cpus, int n, int me);

#endif
