/*
 * ll_par_wait.c - waits for MPI with a watchdog (ll_par_wait.h), and the
 * limit and phase of ll_par.h.
 *
 * The limit. By default (LL_PAR_TIMEOUT_AUTO) a wait may last the larger
 * of AUTO_FLOOR_S and AUTO_FACTOR times the slowest step this rank has
 * seen, a step being the time from the end of one exchange to the end of
 * the next (its own work and its wait), the step under way included: a
 * first read of the data that took this rank 4 minutes lets the others
 * take 40 before it gives up on them, a training whose steps take a
 * millisecond still waits the floor. docs/scale.md argues the figures.
 *
 * The arrival window. Each rank of a node owns one cache line of a shared
 * memory window: how many exchanges it has entered, and when it last
 * entered one or polled one. A rank whose wait times out compares the
 * counts of its node's ranks with its own: a rank with fewer did not
 * arrive (unless it still polls an earlier exchange that the culprit holds
 * up for it); one with as many arrived but has stopped polling (stopped
 * inside the exchange). Ranks of other nodes are out of its sight; a rank that
 * sees no culprit waits a little longer before it ends the job, so that a
 * rank of the culprit's node, which can name it, speaks first.
 */
#include "ll_par.h"
#include "ll_par_wait.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* the default limit: a floor in seconds, and a multiple of the slowest step */
#define AUTO_FLOOR_S 600.0
#define AUTO_FACTOR 10.0

static double g_timeout = LL_PAR_TIMEOUT_AUTO;
static const char *g_phase_fmt;
static long g_phase_a, g_phase_b;

void ll_par_set_timeout(double seconds)
{
	g_timeout = seconds;
}

double ll_par_timeout(void)
{
	return g_timeout;
}

void ll_par_phase(const char *fmt, long a, long b)
{
	g_phase_fmt = fmt;
	g_phase_a = a;
	g_phase_b = b;
}

#ifdef LL_HAVE_MPI

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "ll_err.h"
#include "ll_par_guard.h"

/* Spin (MPI_Test, as MPI_Wait would) this long before sleeping: the
 * exchanges of a training step wait microseconds, and a sleep then would
 * cost more than it saves. */
#define SPIN_S 0.001
/* Then sleep a sixteenth of the time waited so far (a wait ends at most
 * about 6% later than it could), between these bounds. */
#define SLEEP_MIN_S 50e-6
#define SLEEP_MAX_S 0.02
/* A gap this long between two polls of one wait means this rank did not
 * run (a sleep is at most SLEEP_MAX_S; a busy node deschedules for tens
 * of milliseconds) */
#define NOT_RUN_S 1.0
/* How long a rank that sees no culprit on its node waits on after the
 * limit (at most), for a rank that sees one to speak first. */
#define BLIND_GRACE_S 5.0

/* one rank's line of the arrival window */
struct slot {
	uint64_t entered; /* exchanges entered */
	uint64_t left;    /* exchanges completed */
	uint64_t seen_ns; /* CLOCK_MONOTONIC of its last entry or poll */
	uint64_t entered_ns;
	uint64_t beat_ns; /* its solo work's last heartbeat (ll_par_solo) */
	char pad[24];
};

static MPI_Win g_win = MPI_WIN_NULL;
static struct slot **g_slots; /* the node's ranks' lines, node rank order */
static int *g_world;          /* their ranks in the job */
static int g_node_n;
static struct slot *g_me;
static struct slot g_local; /* without a window */
static uint64_t g_entered;
static double g_last_end, g_slowest;
/* the window's line of rank 0 when it is on this node, else NULL */
static struct slot *g_zero;
/* ll_pw_end's first barrier on ranks != 0: bounded by rank 0's silence */
static int g_patient;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double ns_s(uint64_t ns)
{
	return (double)ns * 1e-9;
}

void ll_pw_start(MPI_Comm node)
{
	g_me = &g_local;
	g_last_end = ns_s(now_ns());
	int m = 0, j = 0;
	if (node == MPI_COMM_NULL || MPI_Comm_size(node, &m) != MPI_SUCCESS || MPI_Comm_rank(node, &j) != MPI_SUCCESS)
		return;
	void *base = NULL;
	if (MPI_Win_allocate_shared((MPI_Aint)sizeof(struct slot), (int)sizeof(struct slot), MPI_INFO_NULL, node, &base,
				    &g_win) != MPI_SUCCESS) {
		g_win = MPI_WIN_NULL;
		return;
	}
	g_slots = calloc((size_t)m, sizeof *g_slots);
	g_world = calloc((size_t)m, sizeof *g_world);
	int *nodes = calloc((size_t)m, sizeof *nodes);
	MPI_Group ng, wg;
	int ok = g_slots && g_world && nodes && MPI_Comm_group(node, &ng) == MPI_SUCCESS;
	if (ok) {
		ok = MPI_Comm_group(MPI_COMM_WORLD, &wg) == MPI_SUCCESS;
		for (int q = 0; q < m; q++)
			nodes[q] = q;
		ok = ok && MPI_Group_translate_ranks(ng, m, nodes, wg, g_world) == MPI_SUCCESS;
		MPI_Group_free(&ng);
		if (ok)
			MPI_Group_free(&wg);
	}
	for (int q = 0; ok && q < m; q++) {
		MPI_Aint size;
		int unit;
		void *p = NULL;
		ok = MPI_Win_shared_query(g_win, q, &size, &unit, &p) == MPI_SUCCESS && p;
		g_slots[q] = p;
	}
	free(nodes);
	if (!ok) { /* the window is freed at the end, collectively */
		free(g_slots);
		free(g_world);
		g_slots = NULL;
		g_world = NULL;
		return;
	}
	g_node_n = m;
	g_me = g_slots[j];
	for (int q = 0; q < m; q++)
		if (g_world[q] == 0)
			g_zero = g_slots[q];
	memset(g_me, 0, sizeof *g_me);
	__atomic_store_n(&g_me->seen_ns, now_ns(), __ATOMIC_RELAXED);
}

/* The heartbeat of ll_par_solo: a thread that stamps this rank's line
 * every BEAT_S until told to stop. A stopped process (SIGSTOP, a frozen
 * node) stops it with the work; a slow one keeps it going. */
#define BEAT_S 0.25
static pthread_t g_beat;
static int g_beating, g_beat_stop;
static pthread_mutex_t g_beat_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_beat_cv = PTHREAD_COND_INITIALIZER;

static void *beat(void *arg)
{
	struct slot *me = arg;
	pthread_mutex_lock(&g_beat_mu);
	while (!g_beat_stop) {
		__atomic_store_n(&me->beat_ns, now_ns(), __ATOMIC_RELAXED);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)(BEAT_S * 1e9);
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g_beat_cv, &g_beat_mu, &ts);
	}
	pthread_mutex_unlock(&g_beat_mu);
	return NULL;
}

static void solo_end(void)
{
	if (!g_beating)
		return;
	pthread_mutex_lock(&g_beat_mu);
	g_beat_stop = 1;
	pthread_cond_signal(&g_beat_cv);
	pthread_mutex_unlock(&g_beat_mu);
	pthread_join(g_beat, NULL);
	g_beating = 0;
}

void ll_par_solo(void)
{
	if (g_beating || !g_me || g_me == &g_local)
		return;
	g_beat_stop = 0;
	/* the first beat before anything else: the waiting ranks know from it
	 * that a heartbeat is to be expected */
	__atomic_store_n(&g_me->beat_ns, now_ns(), __ATOMIC_RELAXED);
	g_beating = pthread_create(&g_beat, NULL, beat, g_me) == 0;
	int rank = ll_par_rank();
	ll_pg_test_stop("solo", rank);
	/* tests/mpi/test_mpi_watchdog.sh: a solo work longer than the limit,
	 * alive all along */
	const char *t = getenv("LOGLAB_TEST_SOLO_SLEEP");
	double s = t && *t && rank == 0 ? atof(t) : 0;
	if (s > 0) {
		struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
		while (nanosleep(&ts, &ts) != 0)
			;
	}
}

void ll_pw_stop(void)
{
	solo_end();
	g_zero = NULL;
	if (g_win != MPI_WIN_NULL)
		MPI_Win_free(&g_win);
	free(g_slots);
	free(g_world);
	g_slots = NULL;
	g_world = NULL;
	g_node_n = 0;
	g_me = &g_local;
}

/* Which ranks of the node hold the job back from this rank's exchange
 * number `mine`, as text into buf; 0 when none is seen. */
static int culprits(uint64_t mine, uint64_t t, char *buf, size_t cap)
{
	size_t len = 0;
	int found = 0;
	buf[0] = '\0';
	for (int q = 0; q < g_node_n; q++) {
		const struct slot *s = g_slots[q];
		if (s == g_me)
			continue;
		uint64_t e = __atomic_load_n(&s->entered, __ATOMIC_RELAXED);
		uint64_t left = __atomic_load_n(&s->left, __ATOMIC_RELAXED);
		uint64_t seen = __atomic_load_n(&s->seen_ns, __ATOMIC_RELAXED);
		uint64_t at = __atomic_load_n(&s->entered_ns, __ATOMIC_RELAXED);
		double ago = t > seen ? ns_s(t - seen) : 0;
		int n = 0;
		uint64_t beat = __atomic_load_n(&s->beat_ns, __ATOMIC_RELAXED);
		const char *host = ll_par_host(g_world[q]);
		if (e < mine && beat && g_patient)
			/* working alone (ll_par_solo), and its heartbeat stopped */
			n = snprintf(buf + len, cap - len,
				     "%srank %d (host %s) stopped in its own work: no heartbeat for %.1f s", found ? "; " : "",
				     g_world[q], host, t > beat ? ns_s(t - beat) : 0.0);
		else if (e < mine && left < e && ago < NOT_RUN_S)
			/* alive, held in an earlier exchange by someone else (the
			 * end's first barrier, which a stopped rank blocks for some
			 * ranks only): not the one to blame */
			n = snprintf(buf + len, cap - len, "%srank %d (host %s) is still waiting in exchange %llu",
				     found ? "; " : "", g_world[q], host, (unsigned long long)e);
		else if (e < mine)
			n = snprintf(buf + len, cap - len, "%srank %d (host %s) did not arrive (its last exchange: %llu, %.1f s ago)",
				     found ? "; " : "", g_world[q], host, (unsigned long long)e, at && t > at ? ns_s(t - at) : 0.0);
		else if (e == mine && left < mine && ago > 1.0)
			n = snprintf(buf + len, cap - len, "%srank %d (host %s) arrived but has not run for %.1f s",
				     found ? "; " : "", g_world[q], host, ago);
		else
			continue;
		found++;
		if (n < 0 || (size_t)n >= cap - len) {
			len = cap - 1;
			break;
		}
		len += (size_t)n;
	}
	return found;
}

_Noreturn static void give_up(const char *what, int collective, int peer, double waited, double limit, uint64_t mine)
{
	char phase[160] = "", who[600] = "";
	if (g_phase_fmt) {
		/* the format is a constant of the callers, with at most two %ld */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		int n = snprintf(phase + 4, sizeof phase - 4, g_phase_fmt, g_phase_a, g_phase_b);
#pragma GCC diagnostic pop
		if (n > 0)
			memcpy(phase, " in ", 4);
	}
	uint64_t t = now_ns();
	if (!collective)
		if (peer >= 0)
			snprintf(who, sizeof who, "rank %d (host %s) did not send or receive its part", peer,
				 ll_par_host(peer));
		else
			snprintf(who, sizeof who, "the ranks it exchanges with did not send or receive their parts");
	else if (!culprits(mine, t, who, sizeof who)) {
		/* a rank that sees one may be about to say it */
		if (g_node_n < ll_par_size()) {
			double grace = limit / 10 < BLIND_GRACE_S ? limit / 10 : BLIND_GRACE_S;
			struct timespec ts = {(time_t)grace, (long)((grace - (double)(time_t)grace) * 1e9)};
			nanosleep(&ts, NULL);
		}
		snprintf(who, sizeof who, "%s",
			 g_node_n >= ll_par_size() ? "every rank arrived, but the exchange did not complete"
			 : g_node_n ? "every rank of this node arrived: the missing rank is on another node"
				    : "which rank is missing is not known (no shared memory window)");
	}
	struct ll_err e;
	ll_err_set(&e, LL_EIO,
		   "waited %.1f s%s for the other ranks (%s, exchange %llu): %s; a rank stopped, hung or far slower "
		   "than the rest (limit %g s: --rank-timeout or LOGLAB_RANK_TIMEOUT)",
		   waited, phase, what, (unsigned long long)mine, who, limit);
	ll_par_abort(LL_EIO, &e);
}

int ll_pw_wait(int n, MPI_Request *req, int collective, int peer, const char *what)
{
	uint64_t t0 = now_ns();
	if (!g_me)
		g_me = &g_local;
	uint64_t mine = g_entered;
	if (collective) {
		mine = ++g_entered;
		__atomic_store_n(&g_me->entered_ns, t0, __ATOMIC_RELAXED);
		__atomic_store_n(&g_me->entered, mine, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&g_me->seen_ns, t0, __ATOMIC_RELAXED);
	double start = ns_s(t0), limit = g_timeout;
	if (limit < 0) {
		double step = start - g_last_end > g_slowest ? start - g_last_end : g_slowest;
		limit = AUTO_FACTOR * step > AUTO_FLOOR_S ? AUTO_FACTOR * step : AUTO_FLOOR_S;
	}
	/* waiting for rank 0's solo work: only its silence counts, and only
	 * when its heartbeat can be seen (it is on this node and beats);
	 * otherwise rank 0 bounds the wait from its side, as before */
	struct slot *zero = g_patient ? g_zero : NULL;
	uint64_t life = 0;
	int beats = !g_patient;
	int rc = MPI_SUCCESS, done = 0;
	/* silent: the wait since rank 0's last sign of life, when waiting for it */
	double waited = 0, silent = 0, prev = start;
	for (unsigned polls = 0;; polls++) {
		rc = n == 1 ? MPI_Test(req, &done, MPI_STATUS_IGNORE) : MPI_Testall(n, req, &done, MPI_STATUSES_IGNORE);
		if (rc != MPI_SUCCESS || done)
			break;
		/* while spinning, the clock (120 ns here) every 16th poll */
		if (waited < SPIN_S && polls % 16 != 15)
			continue;
		uint64_t t = now_ns();
		/* a gap between two polls longer than a sleep is time this rank
		 * did not run (stopped itself, then continued): not a wait for
		 * the others, which may be about to answer */
		double gap = ns_s(t) - prev;
		prev = ns_s(t);
		waited += gap < NOT_RUN_S ? gap : 0;
		silent += gap < NOT_RUN_S ? gap : 0;
		if (zero) {
			/* a heartbeat or a poll of rank 0 since the last look: alive */
			uint64_t b = __atomic_load_n(&zero->beat_ns, __ATOMIC_RELAXED);
			uint64_t p = __atomic_load_n(&zero->seen_ns, __ATOMIC_RELAXED);
			uint64_t l = b > p ? b : p;
			if (l != life)
				silent = 0;
			life = l;
			beats = b != 0;
		}
		double counted = zero ? silent : waited;
		if (limit > 0 && beats && counted > limit)
			give_up(what, collective, peer, counted, limit, mine);
		if (waited < SPIN_S)
			continue;
		__atomic_store_n(&g_me->seen_ns, t, __ATOMIC_RELAXED);
		double s = waited / 16;
		s = s < SLEEP_MIN_S ? SLEEP_MIN_S : s > SLEEP_MAX_S ? SLEEP_MAX_S : s;
		struct timespec ts = {0, (long)(s * 1e9)};
		nanosleep(&ts, NULL);
	}
	if (collective) {
		__atomic_store_n(&g_me->left, mine, __ATOMIC_RELAXED);
		double end = ns_s(now_ns());
		if (end - g_last_end > g_slowest)
			g_slowest = end - g_last_end;
		g_last_end = end;
	}
	return rc;
}

double ll_pw_limit(void)
{
	if (g_timeout >= 0)
		return g_timeout;
	return AUTO_FACTOR * g_slowest > AUTO_FLOOR_S ? AUTO_FACTOR * g_slowest : AUTO_FLOOR_S;
}

void ll_pw_end(void)
{
	int rank = 0;
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Request q;
	if (rank == 0) {
		/* rank 0 comes from work of its own, which the others did not
		 * share: not a step that widens its limit for them */
		solo_end();
		g_last_end = ns_s(now_ns());
	} else {
		/* rank 0 may score and write for longer than any limit: the
		 * limit applies to its silence (no heartbeat, no poll) */
		g_patient = 1;
	}
	ll_par_phase("ending the job (the other ranks wait for rank 0 to score and write)", 0, 0);
	if (MPI_Ibarrier(MPI_COMM_WORLD, &q) == MPI_SUCCESS) {
		/* tests/mpi/test_mpi_watchdog.sh: this rank stops for good where
		 * a rank that idles while rank 0 works is most likely stopped */
		const char *t = getenv("LOGLAB_TEST_STOP_AT_END");
		if (t && *t && atoi(t) == rank)
			raise(SIGSTOP);
		ll_pw_wait(1, &q, 1, -1, "MPI_Ibarrier: rank 0 done");
	}
	g_patient = 0;
	ll_par_phase("ending the job (every rank's work is over)", 0, 0);
	if (MPI_Ibarrier(MPI_COMM_WORLD, &q) == MPI_SUCCESS)
		ll_pw_wait(1, &q, 1, -1, "MPI_Ibarrier: every rank present");
}

#else

void ll_par_solo(void)
{
}

#endif
