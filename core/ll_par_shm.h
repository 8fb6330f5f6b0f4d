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
 * Several nodes. Each node gets its own area over its ranks, and the job's
 * sum goes in two levels (ll_pshm_sum_block): on each node, node rank j
 * adds the node's parts over the blocks of the ranks that are node rank j
 * on every node (a "column"); the column's ranks exchange these node sums
 * (one all-to-all among N ranks for N nodes, not among all P) and each
 * adds its own block's N node sums in node order. ll_pshm_publish brings
 * the blocks' results to every node the same way (an all-gather in the
 * column, then the node's memory). Messages a step: 2 (N - 1) a rank,
 * instead of 2 (P - 1) for the flat collectives. The sums regroup the
 * ranks' parts by node; the float64 sums of training's slice gradients
 * are exact in practice, so the bits stay those of one process.
 *
 * Nodes are the ranks that share memory (MPI_COMM_TYPE_SHARED), or, with
 * LOGLAB_MPI_NODE_RANKS=K in the environment, groups of K consecutive
 * ranks: the several-node path tested and measured on one machine.
 *
 * When not available (one rank, nodes of different rank counts, the
 * window refused, or LOGLAB_MPI_SHM=0 in the environment) ll_pshm_new
 * gives NULL and the caller uses the collectives of ll_par.h, with the
 * same bits.
 *
 * Failures: ll_pshm_sync is a barrier on the node's ranks (MPI_Ibarrier,
 * waited for as ll_par_wait.h says), so a rank that ends the job
 * (ll_par_abort) or is killed ends the others' wait as any collective's
 * does, and one stopped for good ends it after the limit; an MPI error
 * inside it ends the job.
 */
#ifndef LL_PAR_SHM_H
#define LL_PAR_SHM_H

#include <stddef.h>

#include "ll_err.h"

struct ll_pshm;

/* Collective over all ranks. Each rank gets a part of `doubles` doubles
 * (ll_pshm_mine) and the ranks of a node share one array of `bytes`
 * bytes (ll_pshm_common), 64-byte aligned, zeroed. NULL on every rank when
 * shared memory is not available to every rank (see above): the ranks
 * agree, so they all take the same path. */
struct ll_pshm *ll_pshm_new(size_t doubles, size_t bytes);
/* Nodes of the job (1: every rank on one node) and ranks a node. */
int ll_pshm_nodes(const struct ll_pshm *s);
int ll_pshm_node_ranks(const struct ll_pshm *s);
/* This rank's part. */
double *ll_pshm_mine(struct ll_pshm *s);
void *ll_pshm_common(struct ll_pshm *s);
/* Collective on the node: every rank's writes to its node's area before
 * it are seen by the node's ranks after it (MPI_Win_sync, MPI_Ibarrier,
 * MPI_Win_sync). */
void ll_pshm_sync(struct ll_pshm *s);
/* The node's sum: out[i - lo] = 0 + part 0[i] + part 1[i] + ... over the
 * node's ranks in rank order, for i in [lo, hi); on one node the
 * additions of ll_par_sum_f64, so the same bits. (The caller counts the
 * step in ll_par_bytes_sent: ll_par_note_sum.) */
void ll_pshm_sum(struct ll_pshm *s, size_t lo, size_t hi, double *out);
/* out[i - lo] = (float)(ll_pshm_sum's value of i * scale), for i in
 * [lo, hi): the sum and its rounding in one pass, without storing the
 * float64 sums (the same bits as ll_pshm_sum and then rounding). */
void ll_pshm_sum_round(struct ll_pshm *s, size_t lo, size_t hi, double scale, float *out);
/* From now on this rank's own values are read from `local` (n doubles,
 * this rank's memory) by its own sums, and only the values other ranks
 * add need be written into its part: rewriting window lines the other
 * core has just read costs a transfer of each line, and a rank's block is
 * read by itself alone. NULL: back to the part. Where the others read
 * this rank's values: every index outside its block [lo, hi) of
 * ll_pshm_sum_block. */
void ll_pshm_keep_local(struct ll_pshm *s, const double *local);
/* Collective over the job, after a sync: the job's sum of this rank's
 * block [*lo, *hi) = ll_par_share(n, rank, size) of the parts' first n
 * values, into out[*lo .. *hi). On one node the sums of ll_pshm_sum; on
 * several, each node's sum (in its rank order) added in node order.
 * Counts its bytes (ll_par_note_sum). An MPI error ends the job. */
void ll_pshm_sum_block(struct ll_pshm *s, size_t n, double *out, size_t *lo, size_t *hi);
/* Collective over the job: rank q has written counts[q] bytes into its
 * node's common array at offset counts[0] + ... + counts[q - 1]; on
 * return every node's common array holds every rank's bytes, and the
 * node is synced. On one node just ll_pshm_sync. */
void ll_pshm_publish(struct ll_pshm *s, const size_t *counts);
/* Collective; NULL is a no-op. */
void ll_pshm_free(struct ll_pshm *s);

#endif
