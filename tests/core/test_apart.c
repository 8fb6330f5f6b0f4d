/*
 * test_apart.c - ll_apart: a worker on the CPU of a lower-numbered one
 * moves to a free CPU and is not pinned there; worker 0 never moves; a
 * worker alone on its CPU stays; a second move waits LL_APART_EVERY_NS;
 * with every allowed CPU taken, or one CPU allowed, nothing moves. The
 * "other workers" are slots this thread fills in.
 */
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#include "harness.h"
#include "ll_apart.h"

static void set_slots(atomic_int *cpus, int n, int v)
{
	for (int i = 0; i < n; i++)
		atomic_store(&cpus[i], v);
}

static void pin(int cpu)
{
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	sched_setaffinity(0, sizeof one, &one);
}

int main(void)
{
	cpu_set_t all, now;
	atomic_int cpus[4];
	struct ll_apart a;
	CHECK_INT(sched_getaffinity(0, sizeof all, &all), 0);
	ll_apart_init(&a);
	CHECK(CPU_EQUAL(&a.allowed, &all));
	CHECK_INT(a.spread, CPU_COUNT(&all) > 1);

	/* out of range: nothing recorded, nothing moved */
	set_slots(cpus, 4, -1);
	CHECK_INT(ll_apart_check(&a, cpus, 2, 2), 0);
	CHECK_INT(atomic_load(&cpus[2]), -1);

	/* worker 0 records its CPU and never moves */
	int c = sched_getcpu();
	set_slots(cpus, 4, c);
	CHECK_INT(ll_apart_check(&a, cpus, 2, 0), 0);
	CHECK_INT(atomic_load(&cpus[0]), sched_getcpu());

	if (!a.spread) { /* one CPU allowed: never a move */
		set_slots(cpus, 4, sched_getcpu());
		CHECK_INT(ll_apart_check(&a, cpus, 2, 1), 0);
		printf("note: one CPU allowed; moves are not checked\n");
		TEST_MAIN_END();
	}
	if (getenv("LL_VALGRIND")) { /* valgrind runs its threads where it likes */
		set_slots(cpus, 4, sched_getcpu());
		ll_apart_check(&a, cpus, 2, 1);
		printf("note: under valgrind; moves are not checked\n");
		TEST_MAIN_END();
	}

	/* worker 1 on worker 0's CPU moves off it, and stays unpinned */
	pin(c);
	sched_setaffinity(0, sizeof all, &all);
	c = sched_getcpu();
	set_slots(cpus, 4, -1);
	atomic_store(&cpus[0], c);
	CHECK_INT(ll_apart_check(&a, cpus, 2, 1), 1);
	CHECK(sched_getcpu() != c);
	CHECK_INT(atomic_load(&cpus[1]), sched_getcpu());
	CHECK_INT(sched_getaffinity(0, sizeof now, &now), 0);
	CHECK(CPU_EQUAL(&now, &all));
	/* now apart: no move */
	CHECK_INT(ll_apart_check(&a, cpus, 2, 1), 0);

	/* back on worker 0's CPU at once: the next move waits */
	c = sched_getcpu();
	atomic_store(&cpus[0], c);
	CHECK_INT(ll_apart_check(&a, cpus, 2, 1), 0);
	CHECK_INT(sched_getcpu(), c);
	nanosleep(&(struct timespec){0, LL_APART_EVERY_NS + 5000000}, NULL);
	c = sched_getcpu();
	atomic_store(&cpus[0], c);
	CHECK_INT(ll_apart_check(&a, cpus, 2, 1), 1);
	CHECK(sched_getcpu() != c);

	/* every allowed CPU taken by some worker: nowhere to go */
	nanosleep(&(struct timespec){0, LL_APART_EVERY_NS + 5000000}, NULL);
	int k = 0;
	c = sched_getcpu();
	atomic_store(&cpus[0], c);
	for (int cpu = 0; cpu < CPU_SETSIZE && k < 2; cpu++)
		if (CPU_ISSET(cpu, &all) && cpu != c)
			atomic_store(&cpus[2 + k++], cpu);
	if (CPU_COUNT(&all) <= 3) { /* slots 0, 2, 3 cover every CPU */
		CHECK_INT(ll_apart_check(&a, cpus, 4, 1), 0);
		CHECK_INT(sched_getcpu(), c);
	}
	TEST_MAIN_END();
}
