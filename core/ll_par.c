/*
 * ll_par.c - MPI behind ll_par.h, or a group of one without it.
 *
 * Ordered sums. Small vectors are all-gathered and every rank adds the
 * ranks' parts in rank order. Large ones are cut into one block per rank
 * (ll_par_share): an all-to-all gives rank j every rank's copy of block j,
 * rank j adds them in rank order in float64, and an all-gather returns
 * the summed blocks. Each rank then sends about 2n values whatever the
 * rank count (as a ring all-reduce does), and the bits of the result do
 * not depend on the MPI library's choice of algorithm.
 */
#include "ll_par.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ll_mat.h"

#ifdef LL_HAVE_MPI
#include <mpi.h>

#include "ll_par_guard.h"
#include "ll_par_wait.h"
#endif

/* Below this many values in all ranks' parts together, gather everything. */
#define SMALL_SUM 16384

static int g_rank = 0, g_size = 1, g_started = 0, g_node_size = 1;
static uint64_t g_sent = 0, g_sums = 0;
static void (*g_hook)(const struct ll_err *, void *);
static void *g_hook_ctx;
static int g_report_fd = 2;
/* the ranks' hosts, HOST_MAX bytes each (gathered at ll_par_init), and
 * this process's own (known before MPI starts) */
#define HOST_MAX 64
static char *g_hosts;
static char g_host[HOST_MAX];

static const char *const launcher_vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE",
					    "MPI_LOCALNRANKS", NULL};

/* 1 when an MPI launcher's own variables are set (mpirun, PMIx, PMI). */
static int mpi_launched(void)
{
	for (int i = 0; launcher_vars[i]; i++)
		if (getenv(launcher_vars[i]))
			return 1;
	return 0;
}

/* Tasks of the Slurm job step this process is one of (srun sets
 * SLURM_STEP_NUM_TASKS in each task; a batch script or salloc shell, which
 * holds the allocation's SLURM_NTASKS but is no step of several tasks,
 * has none): 1 when not in such a step. */
static long slurm_step_tasks(void)
{
	const char *v = getenv("SLURM_STEP_NUM_TASKS");
	long n = v && *v ? strtol(v, NULL, 10) : 1;
	return n > 1 ? n : 1;
}

/* This process's rank as its launcher numbered it, before MPI starts (or
 * without MPI): so an error every copy meets is said by the first only. */
static int launched_rank(void)
{
	const char *vars[] = {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID", NULL};
	for (int i = 0; vars[i]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return (int)strtol(v, NULL, 10);
	}
	return 0;
}

int ll_par_launched(void)
{
	/* srun without an MPI plugin (--mpi=none, or a site's MpiDefault=none)
	 * sets only Slurm's variables; such tasks are still several copies */
	return mpi_launched() || slurm_step_tasks() > 1;
}

int ll_par_available(void)
{
#ifdef LL_HAVE_MPI
	return 1;
#else
	return 0;
#endif
}

/* Ranks the launcher says the job has (1 when it does not say). */
static long launched_size(void)
{
	const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS", NULL};
	for (int i = 0; vars[i]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strtol(v, NULL, 10);
	}
	return 1;
}

static const char *own_host(void)
{
	if (!g_host[0] && (gethostname(g_host, sizeof g_host - 1) != 0 || !g_host[0]))
		snprintf(g_host, sizeof g_host, "?");
	g_host[sizeof g_host - 1] = '\0';
	return g_host;
}

const char *ll_par_host(int rank)
{
	if (g_hosts && rank >= 0 && rank < g_size)
		return g_hosts + (size_t)rank * HOST_MAX;
	return rank == g_rank ? own_host() : "?";
}

#ifdef LL_HAVE_MPI
/* Every rank's host, once: the messages of a job over many nodes name
 * where a rank runs, not only its number. Under the start's guard (a
 * blocking all-gather of HOST_MAX bytes a rank). */
static void gather_hosts(void)
{
	char mine[MPI_MAX_PROCESSOR_NAME + 1] = "", pad[HOST_MAX];
	int len = 0;
	if (MPI_Get_processor_name(mine, &len) != MPI_SUCCESS || len <= 0)
		snprintf(mine, sizeof mine, "%s", own_host());
	/* a longer name is cut to HOST_MAX - 1 bytes (a copy, not snprintf:
	 * GCC at -O1 takes that cut for a mistake) */
	memset(pad, 0, sizeof pad);
	memcpy(pad, mine, strnlen(mine, sizeof pad - 1));
	snprintf(g_host, sizeof g_host, "%s", pad);
	char *all = malloc((size_t)g_size * HOST_MAX);
	if (all && MPI_Allgather(pad, HOST_MAX, MPI_CHAR, all, HOST_MAX, MPI_CHAR, MPI_COMM_WORLD) == MPI_SUCCESS) {
		for (int r = 0; r < g_size; r++)
			all[(size_t)r * HOST_MAX + HOST_MAX - 1] = '\0';
		g_hosts = all;
	} else
		free(all);
}

void ll_pg_arm_phase(const char *what)
{
	double limit = ll_pw_limit();
	ll_pg_arm(g_report_fd, limit,
		  "loglab: rank %d of %d (host %s): %s did not end within %g s: a rank stopped, hung or far slower "
		  "than the rest (limit %g s: --rank-timeout or LOGLAB_RANK_TIMEOUT)",
		  g_rank, g_size, ll_par_host(g_rank), what, limit, limit);
}
#endif

int ll_par_init(int *argc, char ***argv, struct ll_err *err)
{
	if (g_started || !ll_par_launched())
		return LL_OK;
#ifdef LL_HAVE_MPI
	if (!mpi_launched()) {
		/* MPI_Init would make each task a job of one, every one doing the
		 * whole work and writing its own run */
		long n = slurm_step_tasks();
		g_rank = launched_rank();
		return ll_err_set(err, LL_EUSAGE,
				  "started by srun as task %d of %ld without MPI (SLURM_STEP_NUM_TASKS=%ld, but no PMI "
				  "or PMIx variable): run `srun --mpi=pmix` (or pmi2), or mpirun",
				  g_rank, n, n);
	}
	/* A rank waiting in a collective gives its core away instead of
	 * spinning (Open MPI spins unless it sees more ranks than slots): on
	 * a node shared with other work, spinning ranks steal the time the
	 * rank they wait for needs (a sum of 42k values took 27 ms spinning,
	 * 5 ms yielding, on a loaded 2-core machine). A user's setting wins. */
	setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0);
	/* MPI_Init waits for every rank (its exchange of addresses), as do
	 * the splits and the window below: a rank stopped before or inside
	 * them would hold the others for ever */
	double limit = ll_pw_limit();
	ll_pg_arm(2, limit,
		  "loglab: rank %d of %ld (host %s): starting MPI did not end within %g s: a rank stopped, hung or far "
		  "slower than the rest, or the launcher did not start every rank (limit %g s: --rank-timeout or "
		  "LOGLAB_RANK_TIMEOUT)",
		  launched_rank(), launched_size(), own_host(), limit, limit);
	ll_pg_test_stop("init", launched_rank());
	int provided = 0;
	if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) {
		ll_pg_disarm();
		return ll_err_set(err, LL_EIO, "MPI: cannot start (MPI_Init_thread failed)");
	}
	g_started = 1;
	/* errors come back as codes, so a rank reports them (or aborts) itself */
	MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
	MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &g_size);
	/* the ranks sharing this node, for the default thread count: one
	 * rank a node may use every core, eight on eight cores one each */
	MPI_Comm node;
	if (g_size > 1 && MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) ==
			      MPI_SUCCESS) {
		if (MPI_Comm_size(node, &g_node_size) != MPI_SUCCESS || g_node_size < 1)
			g_node_size = g_size;
		ll_pw_start(node);
		MPI_Comm_free(&node);
	} else {
		g_node_size = g_size;
		ll_pw_start(MPI_COMM_NULL);
	}
	if (g_size > 1)
		gather_hosts();
	ll_pg_disarm();
	if (provided < MPI_THREAD_SERIALIZED) {
		struct ll_err e;
		ll_err_set(&e, LL_EIO, "MPI: the library gives thread level %d; loglab needs MPI_THREAD_SERIALIZED",
			   provided);
		ll_par_abort(LL_EIO, &e);
	}
	return LL_OK;
#else
	(void)argc;
	(void)argv;
	long n = launched_size();
	g_rank = launched_rank();
	if (n > 1)
		return ll_err_set(err, LL_EUSAGE,
				  "started as one of %ld ranks, but this loglab was built without MPI "
				  "(configure --enable-mpi)",
				  n);
	return LL_OK;
#endif
}

void ll_par_finalize(void)
{
#ifdef LL_HAVE_MPI
	if (g_started) {
		/* MPI_Finalize (and freeing the window) waits for every rank
		 * without a limit */
		if (g_size > 1)
			ll_pw_end();
		ll_pg_arm_phase("ending MPI");
		ll_pg_test_stop("finalize", g_rank);
		if (g_size > 1)
			ll_pw_stop();
		MPI_Finalize();
		ll_pg_disarm();
		g_started = 0;
		free(g_hosts);
		g_hosts = NULL;
	}
#endif
}

int ll_par_rank(void)
{
	return g_rank;
}

int ll_par_size(void)
{
	return g_size;
}

int ll_par_node_size(void)
{
	return g_node_size;
}

void ll_par_share(size_t n, int r, int size, size_t *lo, size_t *hi)
{
	size_t p = size > 0 ? (size_t)size : 1, q = n / p, extra = n % p, rr = (size_t)r;
	*lo = rr * q + (rr < extra ? rr : extra);
	*hi = *lo + q + (rr < extra ? 1 : 0);
}

uint64_t ll_par_bytes_sent(void)
{
	return g_sent;
}

uint64_t ll_par_sums(void)
{
	return g_sums;
}

void ll_par_note_sum(uint64_t bytes)
{
	g_sent += bytes;
	g_sums++;
}

void ll_par_note_bytes(uint64_t bytes)
{
	g_sent += bytes;
}

void ll_par_on_abort(void (*hook)(const struct ll_err *err, void *ctx), void *ctx)
{
	g_hook = hook;
	g_hook_ctx = ctx;
}

void ll_par_set_report_fd(int fd)
{
	g_report_fd = fd;
}

_Noreturn void ll_par_abort(int status, const struct ll_err *err)
{
	const char *msg = err && err->msg[0] ? err->msg : ll_status_name(status);
	if (g_hook) {
		void (*h)(const struct ll_err *, void *) = g_hook;
		g_hook = NULL; /* a failing hook must not come back here */
		h(err, g_hook_ctx);
	}
	fflush(NULL);
	if (g_size > 1)
		dprintf(g_report_fd, "loglab: rank %d of %d (host %s): %s\n", g_rank, g_size, ll_par_host(g_rank), msg);
	else
		dprintf(g_report_fd, "loglab: %s\n", msg);
	int code = ll_exit_code(status ? status : LL_EIO);
#ifdef LL_HAVE_MPI
	if (g_started)
		MPI_Abort(MPI_COMM_WORLD, code);
#endif
	_Exit(code);
}

#ifdef LL_HAVE_MPI

/* Scratch for the sums, grown as needed: training calls them every step. */
static void *g_scratch;
static size_t g_scratch_cap;

static void *scratch(size_t bytes)
{
	if (bytes > g_scratch_cap) {
		void *p = realloc(g_scratch, bytes);
		if (!p)
			return NULL;
		g_scratch = p;
		g_scratch_cap = bytes;
	}
	return g_scratch;
}

static int mpi_fail(struct ll_err *err, int code, const char *what)
{
	char s[MPI_MAX_ERROR_STRING] = "";
	int len = 0;
	MPI_Error_string(code, s, &len);
	return ll_err_set(err, LL_EIO, "MPI: %s failed: %s", what, s);
}

/* A collective of every rank, started: wait for it (ll_par_wait.h). */
static int await(MPI_Request *q, const char *what)
{
	return ll_pw_wait(1, q, 1, -1, what);
}

static int fits_int(size_t n)
{
	return n <= (size_t)INT_MAX;
}

/* out[i] = 0 + parts[0][i] + parts[1][i] + ... in rank order, the parts
 * m apart: ordered_sum's loop for doubles, in a form the compiler
 * vectorises (it took a few percent of a rank's training time). */
LL_HOT static void sum_parts(double *restrict out, const double *restrict parts, size_t m, int P)
{
	for (size_t i = 0; i < m; i++)
		out[i] = 0;
	for (int q = 0; q < P; q++)
		for (size_t i = 0; i < m; i++)
			out[i] += parts[(size_t)q * m + i];
}

/* Up to this many ranks a sum's all-to-all and all-gather are pairs of
 * point-to-point transfers, as Open MPI's blocking forms do them at these
 * sizes: its nonblocking MPI_Ialltoallv and MPI_Iallgatherv (libnbc) took
 * 15-20 us more CPU for a sum of 42,802 doubles on 2 ranks (about 3% of a
 * rank's MLP batch). Beyond, the collectives choose their algorithm. */
#define PAIRS_MAX 8
#define SUM_TAG 7303

/* Rank q's scnt[q] elements at sdis[q] of sbuf go to rank q, which puts
 * them at rdis[me] of its rbuf, and this rank receives rcnt[q] at
 * rdis[q] from each q; its own part is not moved. */
static int pairs(const char *sbuf, const int *scnt, const int *sdis, char *rbuf, const int *rcnt, const int *rdis,
		 size_t elem, MPI_Datatype t, const char *what)
{
	MPI_Request rq[2 * PAIRS_MAX];
	int k = 0, rc = MPI_SUCCESS;
	for (int q = 0; q < g_size && rc == MPI_SUCCESS; q++)
		if (q != g_rank && rcnt[q])
			rc = MPI_Irecv(rbuf + (size_t)rdis[q] * elem, rcnt[q], t, q, SUM_TAG, MPI_COMM_WORLD, &rq[k++]);
	for (int q = 0; q < g_size && rc == MPI_SUCCESS; q++)
		if (q != g_rank && scnt[q])
			rc = MPI_Isend(sbuf + (size_t)sdis[q] * elem, scnt[q], t, q, SUM_TAG, MPI_COMM_WORLD, &rq[k++]);
	/* a failed start ends the job (mpi_fail, then the caller's abort):
	 * the transfers already started need not be waited for */
	if (rc == MPI_SUCCESS && k)
		rc = ll_pw_wait(k, rq, 1, -1, what);
	return rc;
}

/* The ordered sum of ll_par_sum_f32/f64: elem is 4 (float) or 8 (double).
 * block_only: stop once this rank's block is summed (no all-gather; the
 * small-vector path sums everything anyway). */
static int ordered_sum(void *x, size_t n, size_t elem, const double *scale, int block_only, struct ll_err *err)
{
	int P = g_size, r = g_rank, rc;
	MPI_Datatype t = elem == 4 ? MPI_FLOAT : MPI_DOUBLE;
	g_sums++;
	if (n * (size_t)P <= SMALL_SUM) {
		char *all = scratch(n * elem * (size_t)P);
		if (!all)
			return ll_err_set(err, LL_ENOMEM, "out of memory for a sum over %d ranks", P);
		MPI_Request rq;
		if ((rc = MPI_Iallgather(x, (int)n, t, all, (int)n, t, MPI_COMM_WORLD, &rq)) != MPI_SUCCESS ||
		    (rc = await(&rq, "MPI_Iallgather")) != MPI_SUCCESS)
			return mpi_fail(err, rc, "MPI_Iallgather");
		g_sent += n * elem * (size_t)(P - 1);
		for (size_t i = 0; i < n; i++) {
			double s = 0;
			for (int q = 0; q < P; q++) {
				double v = elem == 4 ? (double)((const float *)all)[(size_t)q * n + i]
						     : ((const double *)all)[(size_t)q * n + i];
				s += scale ? v * scale[q] : v;
			}
			if (elem == 4)
				((float *)x)[i] = (float)s;
			else
				((double *)x)[i] = s;
		}
		return LL_OK;
	}
	if (!fits_int(n))
		return ll_err_set(err, LL_EUSAGE, "a sum of %zu values is too large for one MPI call", n);
	size_t mlo, mhi;
	ll_par_share(n, r, P, &mlo, &mhi);
	size_t mine = mhi - mlo;
	int *cnt = malloc(6 * (size_t)P * sizeof *cnt);
	char *recv = scratch((mine ? mine : 1) * elem * (size_t)P);
	if (!cnt || !recv) {
		free(cnt);
		return ll_err_set(err, LL_ENOMEM, "out of memory for a sum over %d ranks", P);
	}
	int *scnt = cnt, *sdis = cnt + P, *rcnt = cnt + 2 * P, *rdis = cnt + 3 * P;
	for (int q = 0; q < P; q++) {
		size_t lo, hi;
		ll_par_share(n, q, P, &lo, &hi);
		scnt[q] = (int)(hi - lo);
		sdis[q] = (int)lo;
		rcnt[q] = (int)mine;
		rdis[q] = (int)(mine * (size_t)q);
	}
	MPI_Request rq;
	if (P <= PAIRS_MAX) {
		memcpy(recv + (size_t)rdis[r] * elem, (const char *)x + (size_t)sdis[r] * elem, mine * elem);
		rc = pairs(x, scnt, sdis, recv, rcnt, rdis, elem, t, "the sum's all-to-all (MPI_Isend, MPI_Irecv)");
	} else if ((rc = MPI_Ialltoallv(x, scnt, sdis, t, recv, rcnt, rdis, t, MPI_COMM_WORLD, &rq)) == MPI_SUCCESS) {
		rc = await(&rq, "MPI_Ialltoallv");
	}
	if (rc != MPI_SUCCESS) {
		free(cnt);
		return mpi_fail(err, rc, "MPI_Ialltoallv");
	}
	g_sent += (n - mine) * elem;
	if (elem == 8 && !scale) /* training's sums: the same additions, vectorised */
		sum_parts((double *)x + mlo, (const double *)recv, mine, P);
	for (size_t i = 0; i < mine && (elem == 4 || scale); i++) {
		double s = 0;
		for (int q = 0; q < P; q++) {
			double v = elem == 4 ? (double)((const float *)recv)[(size_t)q * mine + i]
					     : ((const double *)recv)[(size_t)q * mine + i];
			s += scale ? v * scale[q] : v;
		}
		if (elem == 4)
			((float *)x)[mlo + i] = (float)s;
		else
			((double *)x)[mlo + i] = s;
	}
	/* the own block is already in place in x */
	if (block_only) {
		free(cnt);
		return LL_OK;
	}
	if (P <= PAIRS_MAX) {
		/* this rank's block to every rank, every rank's block from it */
		int *bcnt = cnt + 4 * P, *bdis = cnt + 5 * P;
		for (int q = 0; q < P; q++)
			bcnt[q] = scnt[r], bdis[q] = sdis[r];
		rc = pairs(x, bcnt, bdis, x, scnt, sdis, elem, t, "the sum's all-gather (MPI_Isend, MPI_Irecv)");
	} else if ((rc = MPI_Iallgatherv(MPI_IN_PLACE, 0, t, x, scnt, sdis, t, MPI_COMM_WORLD, &rq)) == MPI_SUCCESS) {
		rc = await(&rq, "MPI_Iallgatherv");
	}
	free(cnt);
	if (rc != MPI_SUCCESS)
		return mpi_fail(err, rc, "MPI_Iallgatherv");
	g_sent += mine * elem * (size_t)(P - 1);
	return LL_OK;
}

int ll_par_sum_f32(float *x, size_t n, const double *scale, struct ll_err *err)
{
	if (g_size == 1) {
		if (scale && scale[0] != 1.0)
			for (size_t i = 0; i < n; i++)
				x[i] = (float)((double)x[i] * scale[0]);
		return LL_OK;
	}
	return n ? ordered_sum(x, n, 4, scale, 0, err) : LL_OK;
}

int ll_par_sum_f64(double *x, size_t n, struct ll_err *err)
{
	if (g_size == 1 || n == 0)
		return LL_OK;
	return ordered_sum(x, n, 8, NULL, 0, err);
}

int ll_par_reduce_scatter_f64(double *x, size_t n, size_t *lo, size_t *hi, struct ll_err *err)
{
	ll_par_share(n, g_rank, g_size, lo, hi);
	if (g_size == 1 || n == 0)
		return LL_OK;
	return ordered_sum(x, n, 8, NULL, 1, err);
}

int ll_par_sum_u64(uint64_t *x, size_t n, struct ll_err *err)
{
	if (g_size == 1 || n == 0)
		return LL_OK;
	if (!fits_int(n))
		return ll_err_set(err, LL_EUSAGE, "a sum of %zu counts is too large for one MPI call", n);
	/* integer sums are exact in any order */
	g_sums++;
	MPI_Request q;
	int rc = MPI_Iallreduce(MPI_IN_PLACE, x, (int)n, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD, &q);
	if (rc == MPI_SUCCESS)
		rc = await(&q, "MPI_Iallreduce");
	if (rc != MPI_SUCCESS)
		return mpi_fail(err, rc, "MPI_Iallreduce");
	g_sent += n * sizeof *x;
	return LL_OK;
}

int ll_par_bcast(void *buf, size_t bytes, int root, struct ll_err *err)
{
	if (g_size == 1)
		return LL_OK;
	for (size_t off = 0; off < bytes || (bytes == 0 && off == 0);) {
		size_t part = bytes - off > (size_t)INT_MAX ? (size_t)INT_MAX : bytes - off;
		MPI_Request q;
		int rc = MPI_Ibcast((char *)buf + off, (int)part, MPI_BYTE, root, MPI_COMM_WORLD, &q);
		if (rc == MPI_SUCCESS)
			rc = await(&q, "MPI_Ibcast");
		if (rc != MPI_SUCCESS)
			return mpi_fail(err, rc, "MPI_Ibcast");
		off += part;
		if (bytes == 0)
			break;
	}
	return LL_OK;
}

int ll_par_allgather(const void *mine, size_t bytes, void *out, struct ll_err *err)
{
	if (g_size == 1) {
		memmove(out, mine, bytes);
		return LL_OK;
	}
	if (!fits_int(bytes))
		return ll_err_set(err, LL_EUSAGE, "%zu bytes are too many for one MPI all-gather", bytes);
	MPI_Request q;
	int rc = MPI_Iallgather(mine, (int)bytes, MPI_BYTE, out, (int)bytes, MPI_BYTE, MPI_COMM_WORLD, &q);
	if (rc == MPI_SUCCESS)
		rc = await(&q, "MPI_Iallgather");
	return rc == MPI_SUCCESS ? LL_OK : mpi_fail(err, rc, "MPI_Iallgather");
}

static int gatherv(const void *mine, const size_t *counts, void *out, struct ll_err *err);

int ll_par_allgatherv(const void *mine, const size_t *counts, void *out, struct ll_err *err)
{
	if (g_size == 1) {
		memmove(out, mine, counts[0]);
		return LL_OK;
	}
	return gatherv(mine, counts, out, err);
}

int ll_par_allgatherv_inplace(void *buf, const size_t *counts, struct ll_err *err)
{
	return g_size == 1 ? LL_OK : gatherv(NULL, counts, buf, err);
}

/* mine NULL: in place */
static int gatherv(const void *mine, const size_t *counts, void *out, struct ll_err *err)
{
	int P = g_size;
	int *c = malloc(2 * (size_t)P * sizeof *c);
	if (!c)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	size_t off = 0;
	for (int q = 0; q < P; q++) {
		if (!fits_int(counts[q]) || !fits_int(off + counts[q])) {
			free(c);
			return ll_err_set(err, LL_EUSAGE, "%zu bytes are too many for one MPI all-gather",
					  off + counts[q]);
		}
		c[q] = (int)counts[q];
		c[P + q] = (int)off;
		off += counts[q];
	}
	MPI_Request q;
	int rc = MPI_Iallgatherv(mine ? mine : MPI_IN_PLACE, mine ? c[g_rank] : 0, MPI_BYTE, out, c, c + P, MPI_BYTE,
				 MPI_COMM_WORLD, &q);
	if (rc == MPI_SUCCESS)
		rc = await(&q, "MPI_Iallgatherv");
	free(c);
	return rc == MPI_SUCCESS ? LL_OK : mpi_fail(err, rc, "MPI_Iallgatherv");
}

void ll_par_barrier(void)
{
	MPI_Request q;
	if (g_size > 1 && MPI_Ibarrier(MPI_COMM_WORLD, &q) == MPI_SUCCESS)
		await(&q, "MPI_Ibarrier");
}

/* ll_par_chain's messages; nothing else here sends point to point */
#define CHAIN_TAG 7301

int ll_par_chain(void *acc, size_t bytes, void (*fold)(void *acc, void *ctx), void *ctx, struct ll_err *err)
{
	if (g_size == 1) {
		fold(acc, ctx);
		return LL_OK;
	}
	if (!fits_int(bytes))
		return ll_err_set(err, LL_EUSAGE, "a chained sum of %zu bytes is too large for one MPI call", bytes);
	int rc;
	MPI_Request q;
	if (g_rank > 0) {
		rc = MPI_Irecv(acc, (int)bytes, MPI_BYTE, g_rank - 1, CHAIN_TAG, MPI_COMM_WORLD, &q);
		if (rc == MPI_SUCCESS)
			rc = ll_pw_wait(1, &q, 0, g_rank - 1, "MPI_Irecv of the fold");
		if (rc != MPI_SUCCESS)
			return mpi_fail(err, rc, "MPI_Irecv");
	}
	fold(acc, ctx);
	if (g_rank < g_size - 1) {
		rc = MPI_Isend(acc, (int)bytes, MPI_BYTE, g_rank + 1, CHAIN_TAG, MPI_COMM_WORLD, &q);
		if (rc == MPI_SUCCESS)
			rc = ll_pw_wait(1, &q, 0, g_rank + 1, "MPI_Isend of the fold");
		if (rc != MPI_SUCCESS)
			return mpi_fail(err, rc, "MPI_Isend");
		g_sent += bytes;
	}
	rc = MPI_Ibcast(acc, (int)bytes, MPI_BYTE, g_size - 1, MPI_COMM_WORLD, &q);
	if (rc == MPI_SUCCESS)
		rc = await(&q, "MPI_Ibcast of the fold");
	if (rc != MPI_SUCCESS)
		return mpi_fail(err, rc, "MPI_Ibcast");
	g_sums++;
	return LL_OK;
}

/* ll_par_post's transfers; their own tag, apart from the chain's */
#define POST_TAG 7302
static MPI_Request g_posted[LL_PAR_MAX_POSTED];
static int g_nposted, g_posted_peer; /* -1 when the transfers have several peers */

int ll_par_post(void *buf, size_t bytes, int peer, int send, struct ll_err *err)
{
	if (peer < 0 || peer >= g_size || peer == g_rank)
		return ll_err_set(err, LL_EUSAGE, "a transfer with rank %d from rank %d of %d", peer, g_rank, g_size);
	if (g_nposted == LL_PAR_MAX_POSTED)
		return ll_err_set(err, LL_EUSAGE, "more than %d transfers posted", LL_PAR_MAX_POSTED);
	if (!fits_int(bytes))
		return ll_err_set(err, LL_EUSAGE, "a transfer of %zu bytes is too large for one MPI call", bytes);
	int rc = send ? MPI_Isend(buf, (int)bytes, MPI_BYTE, peer, POST_TAG, MPI_COMM_WORLD, &g_posted[g_nposted])
		      : MPI_Irecv(buf, (int)bytes, MPI_BYTE, peer, POST_TAG, MPI_COMM_WORLD, &g_posted[g_nposted]);
	if (rc != MPI_SUCCESS)
		return mpi_fail(err, rc, send ? "MPI_Isend" : "MPI_Irecv");
	g_posted_peer = g_nposted == 0 || g_posted_peer == peer ? peer : -1;
	g_nposted++;
	if (send)
		g_sent += bytes;
	return LL_OK;
}

int ll_par_wait_posted(struct ll_err *err)
{
	if (g_nposted == 0)
		return LL_OK;
	int rc = ll_pw_wait(g_nposted, g_posted, 0, g_posted_peer, "the transfers with its neighbours");
	g_nposted = 0;
	return rc == MPI_SUCCESS ? LL_OK : mpi_fail(err, rc, "MPI_Waitall");
}

int ll_par_agree(int rc, struct ll_err *err)
{
	if (g_size == 1)
		return rc;
	/* the lowest failing rank, and 1 when every rank failed */
	int mine[2] = {rc != LL_OK ? g_rank : g_size, rc != LL_OK}, got[2] = {g_size, 0};
	MPI_Request q;
	int e = MPI_Iallreduce(mine, got, 2, MPI_INT, MPI_MIN, MPI_COMM_WORLD, &q);
	if (e == MPI_SUCCESS)
		e = await(&q, "MPI_Iallreduce of the ranks' status");
	if (e != MPI_SUCCESS) {
		struct ll_err me;
		mpi_fail(&me, e, "MPI_Iallreduce");
		ll_par_abort(LL_EIO, &me);
	}
	int lowest = got[0];
	if (lowest == g_size)
		return LL_OK;
	struct ll_err msg;
	ll_err_clear(&msg);
	if (g_rank == lowest) {
		if (err)
			msg = *err;
		msg.code = rc;
		/* rank 0 says it: an error other ranks did not meet (a file one
		 * rank cannot see) names the rank that met it */
		if (lowest != 0 && !got[1]) {
			char m[LL_ERR_MSG_MAX];
			snprintf(m, sizeof m, "%s", msg.msg);
			ll_err_set(&msg, rc, "rank %d of %d (host %s): %s", g_rank, g_size, ll_par_host(g_rank), m);
		}
	}
	e = MPI_Ibcast(&msg, (int)sizeof msg, MPI_BYTE, lowest, MPI_COMM_WORLD, &q);
	if (e == MPI_SUCCESS)
		e = await(&q, "MPI_Ibcast of the failing rank's message");
	if (e != MPI_SUCCESS) {
		struct ll_err me;
		mpi_fail(&me, e, "MPI_Ibcast");
		ll_par_abort(LL_EIO, &me);
	}
	msg.msg[LL_ERR_MSG_MAX - 1] = '\0';
	if (err)
		*err = msg;
	return msg.code;
}

#else /* a group of one */

int ll_par_sum_f32(float *x, size_t n, const double *scale, struct ll_err *err)
{
	(void)err;
	if (scale && scale[0] != 1.0)
		for (size_t i = 0; i < n; i++)
			x[i] = (float)((double)x[i] * scale[0]);
	return LL_OK;
}

int ll_par_sum_f64(double *x, size_t n, struct ll_err *err)
{
	(void)x;
	(void)n;
	(void)err;
	return LL_OK;
}

int ll_par_reduce_scatter_f64(double *x, size_t n, size_t *lo, size_t *hi, struct ll_err *err)
{
	(void)x;
	(void)err;
	*lo = 0;
	*hi = n;
	return LL_OK;
}

int ll_par_sum_u64(uint64_t *x, size_t n, struct ll_err *err)
{
	(void)x;
	(void)n;
	(void)err;
	return LL_OK;
}

int ll_par_bcast(void *buf, size_t bytes, int root, struct ll_err *err)
{
	(void)buf;
	(void)bytes;
	(void)root;
	(void)err;
	return LL_OK;
}

int ll_par_allgather(const void *mine, size_t bytes, void *out, struct ll_err *err)
{
	(void)err;
	memmove(out, mine, bytes);
	return LL_OK;
}

int ll_par_allgatherv(const void *mine, const size_t *counts, void *out, struct ll_err *err)
{
	(void)err;
	memmove(out, mine, counts[0]);
	return LL_OK;
}

int ll_par_allgatherv_inplace(void *buf, const size_t *counts, struct ll_err *err)
{
	(void)buf;
	(void)counts;
	(void)err;
	return LL_OK;
}

void ll_par_barrier(void)
{
}

int ll_par_chain(void *acc, size_t bytes, void (*fold)(void *acc, void *ctx), void *ctx, struct ll_err *err)
{
	(void)bytes;
	(void)err;
	fold(acc, ctx);
	return LL_OK;
}

int ll_par_agree(int rc, struct ll_err *err)
{
	(void)err;
	return rc;
}

int ll_par_post(void *buf, size_t bytes, int peer, int send, struct ll_err *err)
{
	(void)buf;
	(void)bytes;
	(void)send;
	return ll_err_set(err, LL_EUSAGE, "a transfer with rank %d in a group of one", peer);
}

int ll_par_wait_posted(struct ll_err *err)
{
	(void)err;
	return LL_OK;
}

#endif
