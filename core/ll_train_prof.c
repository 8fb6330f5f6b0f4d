/*
 * ll_train_prof.c - training's phase timers (see ll_train_prof.h).
 */
#include "ll_train_prof.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *ll_prof_name(int phase)
{
	static const char *const names[LL_PROF_N] = {
		"slices", "wait-sums", "step", "put", "wait-step", "copy",
		"batch-end", "opt-state", "eval", "checkpoint", "epoch-end",
	};
	return phase >= 0 && phase < LL_PROF_N ? names[phase] : "?";
}

void ll_prof_init(struct ll_prof *p)
{
	memset(p, 0, sizeof *p);
	const char *v = getenv("LOGLAB_MPI_PROFILE");
	p->on = v && *v && strcmp(v, "0") != 0;
}

double ll_prof_wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double ll_prof_thread_cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void ll_prof_start(struct ll_prof *p)
{
	if (!p->on)
		return;
	p->last_wall = ll_prof_wall_s();
	p->last_cpu = ll_prof_thread_cpu_s();
}
