/*
 * ll_par_shm.c - the exchange area of ll_par_shm.h on an MPI-3 shared
 * memory window, or nothing without MPI.
 *
 * One window over the node's ranks (all of the job's, or the area is not
 * made): rank q's segment holds its part; rank 0's holds the common array
 * too. "alloc_shared_noncontig" lets MPI place each rank's segment in
 * memory near that rank. The window stays in a passive-target epoch
 * (MPI_Win_lock_all) for its life, so loads and stores are plain memory
 * accesses ordered by MPI_Win_sync around a barrier: MPI-3's unified
 * model, as in the standard's examples for shared windows.
 */
#include "ll_par_shm.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ll_mat.h"
#include "ll_par.h"

#ifdef LL_HAVE_MPI
#include <mpi.h>

struct ll_pshm {
	MPI_Comm node;
	MPI_Win win;
	int P, rank;
	size_t n;        /* doubles a part */
	double **part;   /* P pointers into the window */
	void *common;
};

/* 0 when the environment turns the area off (LOGLAB_MPI_SHM=0: benchmarks
 * and tests of the collectives' path on one node). */
static int wanted(void)
{
	const char *v = getenv("LOGLAB_MPI_SHM");
	return !(v && strcmp(v, "0") == 0);
}

/* Bytes of the common array's offset in rank 0's segment: after its part,
 * on a cache line of its own. */
static size_t common_off(size_t doubles)
{
	return (doubles * sizeof(double) + 63) / 64 * 64;
}

/* Collective over the world: 1 when every rank says ok. */
static int all_ok(int ok)
{
	int all = 0;
	if (MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD) != MPI_SUCCESS)
		return 0;
	return all;
}

static void abort_mpi(int code, const char *what)
{
	struct ll_err e;
	char s[MPI_MAX_ERROR_STRING] = "";
	int len = 0;
	MPI_Error_string(code, s, &len);
	ll_err_set(&e, LL_EIO, "MPI: %s failed: %s", what, s);
	ll_par_abort(LL_EIO, &e);
}

/* Undoes a half-made area; NULL for the caller to return. */
static struct ll_pshm *give_up(struct ll_pshm *s, int win, int node)
{
	if (win)
		MPI_Win_free(&s->win);
	if (node)
		MPI_Comm_free(&s->node);
	free(s->part);
	free(s);
	return NULL;
}

struct ll_pshm *ll_pshm_new(size_t doubles, size_t bytes)
{
	int P = ll_par_size();
	/* every rank reads the same environment (mpirun passes it on), but a
	 * rank that differs must not leave the others in a collective: each
	 * step below is agreed, and any rank's failure is every rank's */
	if (P == 1 || !all_ok(wanted()))
		return NULL;
	struct ll_pshm *s = calloc(1, sizeof *s);
	if (s)
		s->part = malloc((size_t)P * sizeof *s->part);
	if (!all_ok(s && s->part)) {
		if (s)
			free(s->part);
		free(s);
		return NULL;
	}
	s->P = P;
	s->rank = ll_par_rank();
	s->n = doubles;
	int node_size = 0, ok = MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL,
						     &s->node) == MPI_SUCCESS;
	if (ok)
		MPI_Comm_size(s->node, &node_size);
	/* ranks on several nodes: the collectives (a hierarchical sum over
	 * node leaders is not built) */
	if (!all_ok(ok && node_size == P))
		return give_up(s, 0, ok);
	MPI_Info info;
	MPI_Info_create(&info);
	MPI_Info_set(info, "alloc_shared_noncontig", "true");
	size_t mine = common_off(doubles) + (s->rank == 0 ? bytes : 0);
	void *base = NULL;
	ok = mine <= (size_t)PTRDIFF_MAX &&
	     MPI_Win_allocate_shared((MPI_Aint)(mine ? mine : 1), 1, info, s->node, &base, &s->win) == MPI_SUCCESS;
	MPI_Info_free(&info);
	/* a window some ranks made and others not is left to MPI_Finalize:
	 * freeing it is collective, and the others would never join */
	if (!all_ok(ok))
		return give_up(s, 0, 1);
	MPI_Win_set_errhandler(s->win, MPI_ERRORS_RETURN);
	for (int q = 0; q < P && ok; q++) {
		MPI_Aint size = 0;
		int unit = 0;
		void *p = NULL;
		ok = MPI_Win_shared_query(s->win, q, &size, &unit, &p) == MPI_SUCCESS && p;
		s->part[q] = p;
		if (ok && q == 0)
			s->common = (char *)p + common_off(doubles);
	}
	if (!all_ok(ok))
		return give_up(s, 1, 1);
	MPI_Win_lock_all(MPI_MODE_NOCHECK, s->win);
	memset(base, 0, mine);
	ll_pshm_sync(s); /* the zeroes before anyone's first write */
	return s;
}

double *ll_pshm_part(struct ll_pshm *s, int q)
{
	return s->part[q];
}

void *ll_pshm_common(struct ll_pshm *s)
{
	return s->common;
}

void ll_pshm_sync(struct ll_pshm *s)
{
	int rc = MPI_Win_sync(s->win);
	if (rc != MPI_SUCCESS)
		abort_mpi(rc, "MPI_Win_sync");
	if ((rc = MPI_Barrier(s->node)) != MPI_SUCCESS)
		abort_mpi(rc, "MPI_Barrier");
	if ((rc = MPI_Win_sync(s->win)) != MPI_SUCCESS)
		abort_mpi(rc, "MPI_Win_sync");
}

/* Elements a pass adds at once: the running sums (8 KiB) stay in the L1
 * cache while every rank's part is added to them. */
#define SUM_CHUNK 1024

LL_HOT static void add_into(double *restrict out, const double *restrict x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] += x[i];
}

void ll_pshm_sum(struct ll_pshm *s, size_t lo, size_t hi, double *out)
{
	for (size_t c0 = lo; c0 < hi; c0 += SUM_CHUNK) {
		size_t n = hi - c0 < SUM_CHUNK ? hi - c0 : SUM_CHUNK;
		double *o = out + (c0 - lo);
		/* 0 + part 0 + part 1 + ...: ll_par.c's sum_parts, addition for addition */
		for (size_t i = 0; i < n; i++)
			o[i] = 0;
		for (int q = 0; q < s->P; q++)
			add_into(o, s->part[q] + c0, n);
	}
}

void ll_pshm_free(struct ll_pshm *s)
{
	if (!s)
		return;
	MPI_Win_unlock_all(s->win);
	MPI_Win_free(&s->win);
	MPI_Comm_free(&s->node);
	free(s->part);
	free(s);
}

#else /* a group of one never shares */

struct ll_pshm *ll_pshm_new(size_t doubles, size_t bytes)
{
	(void)doubles;
	(void)bytes;
	return NULL;
}

double *ll_pshm_part(struct ll_pshm *s, int q)
{
	(void)s;
	(void)q;
	return NULL;
}

void *ll_pshm_common(struct ll_pshm *s)
{
	(void)s;
	return NULL;
}

void ll_pshm_sync(struct ll_pshm *s)
{
	(void)s;
}

void ll_pshm_sum(struct ll_pshm *s, size_t lo, size_t hi, double *out)
{
	(void)s;
	(void)lo;
	(void)hi;
	(void)out;
}

void ll_pshm_free(struct ll_pshm *s)
{
	(void)s;
}

#endif
