/*
 * ll_apart.c - workers in lockstep on different CPUs (see ll_apart.h).
 */
#include "ll_apart.h"

#include <string.h>
#include <time.h>

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void ll_apart_init(struct ll_apart *a)
{
	memset(a, 0, sizeof *a);
	a->spread = sched_getaffinity(0, sizeof a->allowed, &a->allowed) == 0 && CPU_COUNT(&a->allowed) > 1;
}

int ll_apart_check(struct ll_apart *a, atomic_int *cpus, int n, int me)
{
	int c = sched_getcpu();
	if (c < 0 || c >= CPU_SETSIZE || me < 0 || me >= n)
		return 0;
	atomic_store_explicit(&cpus[me], c, memory_order_relaxed);
	if (!a->spread)
		return 0;
	int shared = 0;
	for (int u = 0; u < me && !shared; u++)
		shared = atomic_load_explicit(&cpus[u], memory_order_relaxed) == c;
	if (!shared)
		return 0;
	uint64_t now = now_ns();
	if (a->moved_ns && now - a->moved_ns < LL_APART_EVERY_NS)
		return 0;
	a->moved_ns = now;
	cpu_set_t to = a->allowed;
	CPU_CLR(c, &to);
	for (int u = 0; u < n; u++) {
		int cu = atomic_load_explicit(&cpus[u], memory_order_relaxed);
		if (cu >= 0 && cu < CPU_SETSIZE)
			CPU_CLR(cu, &to);
	}
	if (CPU_COUNT(&to) == 0) /* more workers than CPUs: nowhere free */
		return 0;
	if (sched_setaffinity(0, sizeof to, &to) != 0)
		return 0;
	sched_setaffinity(0, sizeof a->allowed, &a->allowed);
	c = sched_getcpu();
	atomic_store_explicit(&cpus[me], c, memory_order_relaxed);
	return 1;
}
