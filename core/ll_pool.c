/*
 * ll_pool.c - persistent worker threads for short, frequent jobs (see
 * ll_pool.h).
 *
 * A job is published by bumping `gen` under the mutex; a worker runs the
 * job of every generation it sees, then counts itself out of `pending`.
 * Both sides spin briefly before sleeping on their condition variable, and
 * both re-check their condition under the mutex before sleeping, so no
 * wake-up is lost. The job's function and argument are written before the
 * generation is published (release) and read after it is seen (acquire).
 */
#include "ll_pool.h"

#include "ll_apart.h"
#include "ll_fpenv.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Spins this long before yielding. Training's jobs come every few hundred
 * microseconds with a few between them (the optimiser's step now runs
 * inside the job), and the threads of a job reach its barrier within a few
 * microseconds of each other on a free machine, so a spin of this length
 * catches them; on a busy machine the thread waited for may have lost its
 * core for a whole time slice (milliseconds), and a longer pure spin only
 * burns the core it needs: a DNN at 2 threads on a 2-core machine at load
 * 7 ran at 51k samples/s with 1 ms spins, 100k with 100 us. Time-based, so
 * the spin is the same whatever a pause instruction costs. */
#define SPIN_NS 200000
/* Then it spins yielding the core (sched_yield: whatever else is runnable
 * on it runs first) up to this long before sleeping. A thread that slept
 * after 200 us on a free VM made the batches after it ~500 us slower, one
 * in 16 of a 2-thread DNN's (0.51 s against 0.42 s a run); yielding costs
 * nothing when the core is wanted and keeps the thread awake when not. */
#define YIELD_NS 2000000

struct worker {
	struct ll_pool *p;
	int t;
	pthread_t th;
};

struct ll_pool {
	int n;                  /* threads counting the caller */
	int started;            /* workers running (n - 1 unless a start failed) */
	void (*fn)(void *arg, int t, int T);
	void *arg;
	unsigned fpmode;        /* the caller's floating-point mode (ll_fpenv.h) */
	atomic_uint gen;        /* bumped once per job */
	atomic_int pending;     /* workers still inside the current job */
	atomic_int stop;
	atomic_int bar_count;   /* threads arrived at the current barrier */
	atomic_uint bar_gen;    /* bumped when all have */
	atomic_int bar_sleepers; /* threads asleep on bar_cv */
	pthread_mutex_t mu;
	pthread_cond_t go, done, bar_cv;
	struct worker w[LL_POOL_MAX];
	/* Where the threads ran their last job (-1: not known), and each
	 * one's record of its moves (ll_apart.h) */
	atomic_int cpu[LL_POOL_MAX];
	struct ll_apart apart[LL_POOL_MAX];
};

static void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A job after generation `seen`, or the pool stopping. */
static int new_job(struct ll_pool *p, unsigned seen)
{
	return atomic_load_explicit(&p->gen, memory_order_acquire) != seen || atomic_load(&p->stop);
}

static int all_done(struct ll_pool *p, unsigned seen)
{
	(void)seen;
	return atomic_load_explicit(&p->pending, memory_order_acquire) == 0;
}

/* Spins until cond(arg) holds or SPIN_NS pass; returns 1 when it holds. */
static int spin_until(int (*cond)(struct ll_pool *p, unsigned seen), struct ll_pool *p, unsigned seen)
{
	uint64_t t0 = 0;
	for (unsigned i = 0;; i++) {
		if (cond(p, seen))
			return 1;
		if ((i & 63) == 63) {
			uint64_t t = now_ns();
			if (!t0)
				t0 = t;
			else if (t - t0 > YIELD_NS)
				return 0;
			else if (t - t0 > SPIN_NS) {
				sched_yield();
				continue;
			}
		}
		relax();
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct ll_pool *p = w->p;
	unsigned seen = 0, fpmode = ll_fpenv_get();
	for (;;) {
		unsigned g;
		if (!spin_until(new_job, p, seen)) {
			pthread_mutex_lock(&p->mu);
			while (!new_job(p, seen))
				pthread_cond_wait(&p->go, &p->mu);
			pthread_mutex_unlock(&p->mu);
		}
		g = atomic_load_explicit(&p->gen, memory_order_acquire);
		if (atomic_load(&p->stop))
			return NULL;
		seen = g;
		ll_apart_check(&p->apart[w->t], p->cpu, p->n, w->t);
		/* a thread's share must not round differently from the caller's */
		if (p->fpmode != fpmode)
			ll_fpenv_set(fpmode = p->fpmode);
		p->fn(p->arg, w->t, p->n);
		if (atomic_fetch_sub_explicit(&p->pending, 1, memory_order_acq_rel) == 1) {
			pthread_mutex_lock(&p->mu);
			pthread_cond_signal(&p->done);
			pthread_mutex_unlock(&p->mu);
		}
	}
}

static int bar_passed(struct ll_pool *p, unsigned g)
{
	return atomic_load_explicit(&p->bar_gen, memory_order_acquire) != g;
}

void ll_pool_barrier(struct ll_pool *p)
{
	if (p->n == 1)
		return;
	unsigned g = atomic_load_explicit(&p->bar_gen, memory_order_acquire);
	if (atomic_fetch_add_explicit(&p->bar_count, 1, memory_order_acq_rel) == p->n - 1) {
		atomic_store_explicit(&p->bar_count, 0, memory_order_relaxed);
		/* sequentially consistent with the sleepers' count below: either
		 * a sleeper sees the new generation before it sleeps, or this
		 * thread sees the sleeper and wakes it under the mutex */
		atomic_fetch_add(&p->bar_gen, 1);
		if (atomic_load(&p->bar_sleepers) > 0) {
			pthread_mutex_lock(&p->mu);
			pthread_cond_broadcast(&p->bar_cv);
			pthread_mutex_unlock(&p->mu);
		}
		return;
	}
	/* the threads of a job do equal work and arrive together on an idle
	 * machine; on a busy one the last may have lost its core, and
	 * spinning would only keep it off a core longer: sleep then */
	if (spin_until(bar_passed, p, g))
		return;
	pthread_mutex_lock(&p->mu);
	atomic_fetch_add(&p->bar_sleepers, 1);
	while (!bar_passed(p, g))
		pthread_cond_wait(&p->bar_cv, &p->mu);
	atomic_fetch_sub(&p->bar_sleepers, 1);
	pthread_mutex_unlock(&p->mu);
}

int ll_pool_cpus(void)
{
	/* the CPUs this process may run on, not the machine's: under Slurm,
	 * taskset, a container's cpuset or mpirun's binding a job gets a few
	 * cores of a large node, and a thread for each of the node's cores
	 * would take turns on them */
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t allowed;
	if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
		int k = CPU_COUNT(&allowed);
		if (k >= 1 && (n < 1 || k < n))
			n = k;
	}
	return n < 1 ? 1 : n > LL_POOL_MAX ? LL_POOL_MAX : (int)n;
}

int ll_pool_new(int threads, struct ll_pool **out, struct ll_err *err)
{
	*out = NULL;
	if (threads < 1 || threads > LL_POOL_MAX)
		return ll_err_set(err, LL_EUSAGE, "threads must be 1..%d (got %d)", LL_POOL_MAX, threads);
	struct ll_pool *p = calloc(1, sizeof *p);
	if (!p)
		return ll_err_set(err, LL_ENOMEM, "thread pool: out of memory");
	p->n = threads;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->done, NULL);
	pthread_cond_init(&p->bar_cv, NULL);
	for (int t = 0; t < LL_POOL_MAX; t++)
		atomic_init(&p->cpu[t], -1);
	/* threads in lockstep on one CPU take turns on it (ll_apart.h) */
	for (int t = 0; t < threads; t++)
		ll_apart_init(&p->apart[t]);
	for (int t = 1; t < threads; t++) {
		p->w[t].p = p;
		p->w[t].t = t;
		int e = pthread_create(&p->w[t].th, NULL, worker_main, &p->w[t]);
		if (e) {
			ll_pool_free(p);
			return ll_err_errno(err, LL_EIO, e, "thread pool: cannot start thread %d of %d", t + 1, threads);
		}
		p->started = t;
	}
	*out = p;
	return LL_OK;
}

void ll_pool_free(struct ll_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	atomic_store(&p->stop, 1);
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	for (int t = 1; t <= p->started; t++)
		pthread_join(p->w[t].th, NULL);
	pthread_cond_destroy(&p->go);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->bar_cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

int ll_pool_threads(const struct ll_pool *p)
{
	return p->n;
}

void ll_pool_run(struct ll_pool *p, void (*fn)(void *arg, int t, int T), void *arg)
{
	if (p->n == 1) {
		fn(arg, 0, 1);
		return;
	}
	p->fn = fn;
	p->arg = arg;
	p->fpmode = ll_fpenv_get();
	atomic_store(&p->pending, p->n - 1);
	ll_apart_check(&p->apart[0], p->cpu, p->n, 0);
	pthread_mutex_lock(&p->mu);
	atomic_fetch_add_explicit(&p->gen, 1, memory_order_release);
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	fn(arg, 0, p->n);
	if (!spin_until(all_done, p, 0)) {
		pthread_mutex_lock(&p->mu);
		while (atomic_load(&p->pending) > 0)
			pthread_cond_wait(&p->done, &p->mu);
		pthread_mutex_unlock(&p->mu);
	}
}
