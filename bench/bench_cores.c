/*
 * bench_cores.c - what the machine's two cores give work that runs in
 * lockstep, measured: the ceiling the 2-thread and 2-rank figures of
 * bench_models and bench_mpi are to be read against.
 *
 *   alone / together: a chain of FMAs pinned to each core alone, then on
 *       both at once (independent work: no data shared)
 *   round trip: a cache line bounced between the two cores
 *   wake-up: a thread asleep on a condition variable for 2 ms, from the
 *       signal to its running again (median and 90th percentile of 200)
 *   stalls: each core reads the clock in a loop for a second; a gap is
 *       time the thread did not run (the kernel's or the hypervisor's)
 *
 * Nothing here is loglab's code; it measures the platform. Usage:
 * bench_cores [SECONDS_OF_STALL_WATCH] (default 1).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int pin(int cpu)
{
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	return pthread_setaffinity_np(pthread_self(), sizeof s, &s);
}

/* 8 independent multiply-add chains of 8 floats: compute alone, no memory */
#define FMA_ITERS 40000000L
struct fma_arg {
	int cpu;
	double seconds;
};

static void *fma_run(void *p)
{
	struct fma_arg *a = p;
	pin(a->cpu);
	float x[8][8];
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++)
			x[i][j] = 0.001f * (float)(i + j);
	uint64_t t0 = now_ns();
	for (long it = 0; it < FMA_ITERS; it++)
		for (int i = 0; i < 8; i++)
			for (int j = 0; j < 8; j++)
				x[i][j] = x[i][j] * 0.9999f + 0.0001f;
	a->seconds = (double)(now_ns() - t0) * 1e-9;
	volatile float sink = 0;
	for (int i = 0; i < 8; i++)
		sink += x[i][0];
	(void)sink;
	return NULL;
}

static void fma_pair(double *alone0, double *alone1, double *both0, double *both1)
{
	struct fma_arg a = {0, 0}, b = {1, 0};
	pthread_t t;
	pthread_create(&t, NULL, fma_run, &a);
	pthread_join(t, NULL);
	*alone0 = a.seconds;
	pthread_create(&t, NULL, fma_run, &b);
	pthread_join(t, NULL);
	*alone1 = b.seconds;
	pthread_t u;
	pthread_create(&t, NULL, fma_run, &a);
	pthread_create(&u, NULL, fma_run, &b);
	pthread_join(t, NULL);
	pthread_join(u, NULL);
	*both0 = a.seconds;
	*both1 = b.seconds;
}

static _Alignas(64) atomic_int ball;
#define BOUNCES 20000

static void *bounce_peer(void *p)
{
	(void)p;
	pin(1);
	for (int i = 0; i < BOUNCES; i++) {
		while (atomic_load_explicit(&ball, memory_order_acquire) != 2 * i + 1)
			;
		atomic_store_explicit(&ball, 2 * i + 2, memory_order_release);
	}
	return NULL;
}

static double round_trip_ns(void)
{
	pthread_t t;
	atomic_store(&ball, 0);
	pin(0);
	pthread_create(&t, NULL, bounce_peer, NULL);
	uint64_t t0 = now_ns();
	for (int i = 0; i < BOUNCES; i++) {
		atomic_store_explicit(&ball, 2 * i + 1, memory_order_release);
		while (atomic_load_explicit(&ball, memory_order_acquire) != 2 * i + 2)
			;
	}
	double ns = (double)(now_ns() - t0) / BOUNCES;
	pthread_join(t, NULL);
	return ns;
}

#define WAKES 200
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int wake_gen;
static uint64_t signalled_at;
static double wake_us[WAKES];

static void *sleeper(void *p)
{
	(void)p;
	pin(1);
	pthread_mutex_lock(&mu);
	for (int i = 0; i < WAKES; i++) {
		while (wake_gen == i)
			pthread_cond_wait(&cv, &mu);
		wake_us[i] = (double)(now_ns() - signalled_at) * 1e-3;
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void wake_latency(double *median, double *p90)
{
	pthread_t t;
	pin(0);
	pthread_create(&t, NULL, sleeper, NULL);
	for (int i = 0; i < WAKES; i++) {
		struct timespec two_ms = {0, 2000000};
		nanosleep(&two_ms, NULL); /* the sleeper's core goes idle */
		pthread_mutex_lock(&mu);
		signalled_at = now_ns();
		wake_gen = i + 1;
		pthread_cond_signal(&cv);
		pthread_mutex_unlock(&mu);
	}
	pthread_join(t, NULL);
	qsort(wake_us, WAKES, sizeof *wake_us, cmp_double);
	*median = wake_us[WAKES / 2];
	*p90 = wake_us[WAKES * 9 / 10];
}

struct watch {
	int cpu;
	double seconds;
	unsigned long gaps20, gaps100;
	double lost, longest;
};

static void *watch_run(void *p)
{
	struct watch *w = p;
	pin(w->cpu);
	uint64_t t0 = now_ns(), last = t0, end = t0 + (uint64_t)(w->seconds * 1e9), lost = 0, longest = 0;
	while (last < end) {
		uint64_t t = now_ns(), g = t - last;
		if (g > 20000) {
			w->gaps20++;
			w->gaps100 += g > 100000;
			lost += g;
			longest = g > longest ? g : longest;
		}
		last = t;
	}
	w->lost = (double)lost / (double)(last - t0);
	w->longest = (double)longest * 1e-3;
	return NULL;
}

int main(int argc, char **argv)
{
	double watch_s = argc > 1 ? atof(argv[1]) : 1.0;
	if (!(watch_s > 0 && watch_s <= 60)) {
		fprintf(stderr, "usage: bench_cores [SECONDS 0-60]\n");
		return 1;
	}
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("bench_cores: one online CPU, nothing to compare\n");
		return 0;
	}
	double a0, a1, b0, b1;
	fma_pair(&a0, &a1, &b0, &b1);
	double rt = round_trip_ns(), wm, w90;
	wake_latency(&wm, &w90);
	struct watch w[2] = {{0, watch_s, 0, 0, 0, 0}, {1, watch_s, 0, 0, 0, 0}};
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, watch_run, &w[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	double fast = a0 < a1 ? a0 : a1;
	printf("| measure | cpu 0 | cpu 1 |\n|---|---|---|\n");
	printf("| FMA chains alone (s) | %.3f | %.3f |\n", a0, a1);
	printf("| same, both at once (s) | %.3f | %.3f |\n", b0, b1);
	printf("| stall gaps > 20 us / > 100 us per second | %.0f / %.0f | %.0f / %.0f |\n", w[0].gaps20 / watch_s,
	       w[0].gaps100 / watch_s, w[1].gaps20 / watch_s, w[1].gaps100 / watch_s);
	printf("| time lost to gaps, longest gap | %.2f%%, %.0f us | %.2f%%, %.0f us |\n", 100 * w[0].lost, w[0].longest,
	       100 * w[1].lost, w[1].longest);
	printf("\ncore-to-core round trip %.0f ns; wake-up of a sleeping thread %.0f us median, %.0f us p90\n", rt, wm,
	       w90);
	/* independent work on both cores against the faster core alone; work
	 * halved in lockstep waits for the slower half */
	printf("independent work on 2 cores: %.2fx the faster core alone; halves in lockstep: %.2fx "
	       "(cpu 1 alone at %.2f of cpu 0)\n",
	       fast / b0 + fast / b1, 2 * fast / (b0 > b1 ? b0 : b1), a0 / a1);
	return 0;
}
