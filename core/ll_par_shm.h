/*
 * ll_par_shm.h - a training step's exchange area in memory that every
 * rank of the job maps (MPI-3 shared memory: MPI_Comm_split_type with
 * MPI_COMM_TYPE_SHARED, MPI_Win_allocate_shared).
 *
 * Why. Summing a step's gradients with collectives (ll_par.h: an
 * all-to-all, the ordered sum, an all-gather) copies every value through
 * MPI's buffers twice each way, and synchronises the ranks once per
 * collective. When all ranks run on one node they can read each other's
 * gradients where they were written: each rank writes its slices' sums
 * into its own part of the area, one synchronisation, each rank adds its
 * block of the parameters over the ranks' parts in rank order
 * (ll_pshm_sum: the bits of ll_par_sum_f64), steps it, writes the stepped
 * block into the common array, one more synchronisation, and copies the
 * other ranks' blocks out. No MPI buffers, no per-step allocations.
 *
 * When not available (one rank, ranks on several nodes, the window
 * refused, or LOGLAB_MPI_SHM=0 in the environment) ll_pshm_new gives
 * NULL and the caller uses the collectives of ll_par.h, with the same
 * bits.
 *
 * Failures: ll_pshm_sync is an MPI_Barrier on the node's ranks, so a rank
 * that ends the job (ll_par_abort) or is killed ends the others' wait as
 * any collective's does; an MPI error inside it ends the job.
 */
#ifndef LL_PAR_SHM_H
#define LL_PAR_SHM_H

#include <stddef.h>

#include "ll_err.h"

struct ll_pshm;

/* Collective over all ranks. Each rank gets a part of `doubles` doubles
 * (ll_pshm_part) and all share one array of `bytes` bytes
 * (ll_pshm_common), 64-byte aligned, zeroed. NULL on every rank when
 * shared memory is not available to every rank (see above): the ranks
 * agree, so they all take the same path. */
struct ll_pshm *ll_pshm_new(size_t doubles, size_t bytes);
/* Rank q's part (q = ll_par_rank() for this rank's own). */
double *ll_pshm_part(struct ll_pshm *s, int q);
void *ll_pshm_common(struct ll_pshm *s);
/* Collective: every rank's writes to the area before it are seen by every
 * rank after it (MPI_Win_sync, MPI_Barrier, MPI_Win_sync). */
void ll_pshm_sync(struct ll_pshm *s);
/* out[i - lo] = 0 + part 0[i] + part 1[i] + ... in rank order, for i in
 * [lo, hi): the additions of ll_par_sum_f64, so the same bits. (The
 * caller counts the step in ll_par_bytes_sent: ll_par_note_sum.) */
void ll_pshm_sum(struct ll_pshm *s, size_t lo, size_t hi, double *out);
/* Collective; NULL is a no-op. */
void ll_pshm_free(struct ll_pshm *s);

#endif
