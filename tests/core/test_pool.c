/*
 * test_pool.c - ll_pool: every thread runs every job exactly once with its
 * own number, jobs do not overlap, a barrier inside a job holds every
 * thread until all arrive (twice a job), a pool of one runs in the caller,
 * and counts out of range are refused; a worker put on the CPU of thread 0
 * is on another CPU at the next job.
 */
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#include "harness.h"
#include "ll_pool.h"

struct job {
	atomic_int calls;
	int seen[LL_POOL_MAX]; /* per thread: the job number it last ran */
	int job, T, bad;
	long sum[LL_POOL_MAX];
};

static void fn(void *arg, int t, int T)
{
	struct job *j = arg;
	if (T != j->T || t < 0 || t >= T || j->seen[t] != j->job - 1)
		j->bad++; /* a data race here would also show under the sanitizers */
	j->seen[t] = j->job;
	/* some work, so threads overlap inside a job */
	long s = 0;
	for (int i = 0; i < 1000 * (t + 1); i++)
		s += i % (t + 2);
	j->sum[t] += s;
	atomic_fetch_add(&j->calls, 1);
}

static void run_many(int threads, int jobs)
{
	struct ll_pool *p;
	struct ll_err err;
	CHECK_INT(ll_pool_new(threads, &p, &err), LL_OK);
	CHECK_INT(ll_pool_threads(p), threads);
	struct job j;
	memset(&j, 0, sizeof j);
	j.T = threads;
	for (int t = 0; t < threads; t++)
		j.seen[t] = 0;
	for (int k = 1; k <= jobs; k++) {
		j.job = k;
		ll_pool_run(p, fn, &j);
		/* every call has returned before run does */
		if (atomic_load(&j.calls) != k * threads)
			j.bad++;
	}
	CHECK_INT(j.bad, 0);
	CHECK_INT(atomic_load(&j.calls), jobs * threads);
	for (int t = 0; t < threads; t++)
		CHECK_INT(j.seen[t], jobs);
	ll_pool_free(p);
}

struct bar {
	struct ll_pool *p;
	int round;
	int slot[LL_POOL_MAX];
	atomic_int bad;
};

/* Each thread writes its slot, waits, then checks every other slot; a
 * second barrier keeps the next write from overtaking a slow reader. */
static void bar_fn(void *arg, int t, int T)
{
	struct bar *b = arg;
	for (int k = 0; k < 2; k++) {
		b->slot[t] = b->round * 2 + k;
		ll_pool_barrier(b->p);
		for (int q = 0; q < T; q++)
			if (b->slot[q] != b->round * 2 + k)
				b->bad++;
		ll_pool_barrier(b->p);
	}
}

static void test_barrier(int threads)
{
	struct ll_err err;
	struct bar b;
	memset(&b, 0, sizeof b);
	CHECK_INT(ll_pool_new(threads, &b.p, &err), LL_OK);
	for (b.round = 1; b.round <= 100; b.round++)
		ll_pool_run(b.p, bar_fn, &b);
	CHECK_INT(atomic_load(&b.bad), 0);
	ll_pool_free(b.p);
}

/* Thread 1 of a 2-thread pool runs job 1 on thread 0's CPU (its affinity
 * narrowed to that CPU and widened again, as a scheduler might leave it);
 * from job 2 on it runs elsewhere. Thread 0 is held on its CPU meanwhile. */
struct apart {
	int cpu0, job;
	int cpu1[4];
	int wide; /* thread 1's affinity in job 3 is what the process allowed */
	cpu_set_t all;
};

static void apart_fn(void *arg, int t, int T)
{
	struct apart *a = arg;
	(void)T;
	if (t != 1)
		return;
	if (a->job == 1) {
		cpu_set_t one;
		CPU_ZERO(&one);
		CPU_SET(a->cpu0, &one);
		sched_setaffinity(0, sizeof one, &one);
		sched_setaffinity(0, sizeof a->all, &a->all);
	}
	a->cpu1[a->job] = sched_getcpu();
	if (a->job == 3) {
		cpu_set_t now;
		a->wide = sched_getaffinity(0, sizeof now, &now) == 0 && CPU_EQUAL(&now, &a->all);
	}
}

static void test_apart(void)
{
	struct apart a;
	struct ll_err err;
	struct ll_pool *p;
	memset(&a, 0, sizeof a);
	if (sched_getaffinity(0, sizeof a.all, &a.all) != 0 || CPU_COUNT(&a.all) < 2) {
		printf("note: one CPU allowed; the placement check is skipped\n");
		return;
	}
	CHECK_INT(ll_pool_new(2, &p, &err), LL_OK);
	a.cpu0 = sched_getcpu();
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(a.cpu0, &one);
	CHECK_INT(sched_setaffinity(0, sizeof one, &one), 0);
	for (a.job = 0; a.job < 4; a.job++) {
		/* a thread moves at most once in 20 ms, and job 0 may have
		 * moved it already; before job 3 too, so that a scheduler that
		 * put it back on the busy machine's other CPU meanwhile (a
		 * load beside the test) is answered by another move */
		if (a.job >= 2)
			nanosleep(&(struct timespec){0, 30000000}, NULL);
		ll_pool_run(p, apart_fn, &a);
	}
	CHECK(a.wide); /* the move is not a pin */
	/* valgrind runs one thread at a time, and its threads go where its
	 * scheduler puts them */
	if (getenv("LL_VALGRIND")) {
		printf("note: under valgrind; where the worker ran is not checked\n");
	} else {
		CHECK_INT(a.cpu1[1], a.cpu0);
		CHECK(a.cpu1[2] != a.cpu0);
		CHECK(a.cpu1[3] != a.cpu0);
	}
	CHECK_INT(sched_setaffinity(0, sizeof a.all, &a.all), 0);
	ll_pool_free(p);
}

int main(void)
{
	struct ll_pool *p;
	struct ll_err err;
	CHECK_INT(ll_pool_new(0, &p, &err), LL_EUSAGE);
	CHECK(p == NULL);
	CHECK(strstr(err.msg, "threads") != NULL);
	CHECK_INT(ll_pool_new(LL_POOL_MAX + 1, &p, &err), LL_EUSAGE);
	ll_pool_free(NULL);
	CHECK(ll_pool_cpus() >= 1 && ll_pool_cpus() <= LL_POOL_MAX);
	/* the CPUs the process may use, as taskset or Slurm narrow them */
	cpu_set_t all, one;
	if (sched_getaffinity(0, sizeof all, &all) == 0) {
		CHECK_INT(ll_pool_cpus(), CPU_COUNT(&all) < LL_POOL_MAX ? CPU_COUNT(&all) : LL_POOL_MAX);
		CPU_ZERO(&one);
		CPU_SET(sched_getcpu(), &one);
		CHECK_INT(sched_setaffinity(0, sizeof one, &one), 0);
		CHECK_INT(ll_pool_cpus(), 1);
		CHECK_INT(sched_setaffinity(0, sizeof all, &all), 0);
	}
	run_many(1, 50);
	run_many(2, 500);
	run_many(3, 100);
	/* more threads than cores: workers sleep and wake between jobs */
	run_many(8, 20);
	test_barrier(1);
	test_barrier(2);
	test_barrier(3);
	test_apart();
	/* a pool freed without ever running a job */
	CHECK_INT(ll_pool_new(4, &p, &err), LL_OK);
	ll_pool_free(p);
	TEST_MAIN_END();
}
