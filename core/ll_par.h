/*
 * ll_par.h - the group of processes one loglab run is spread over.
 *
 * Built with --enable-mpi and started by a launcher (mpirun, srun, ...),
 * loglab is one rank of an MPI job; otherwise it is a group of one, and
 * every function below behaves as that one process would: rank 0 of 1,
 * sums are copies, broadcasts do nothing. Callers never test for MPI.
 *
 * Determinism. Sums over ranks are computed so that every rank gets the
 * same bits and so that the order of the additions is fixed: ranks' parts
 * are added in rank order in float64 (never by MPI's reduction tree, whose
 * shape depends on the message size and the library). With one rank a sum
 * is exact, so a job of one gives the bytes of a plain run.
 *
 * Failures. A collective can only end when every rank takes part, so an
 * error that one rank meets while the others wait in a collective cannot
 * be returned: ll_par_abort prints "loglab: rank R of N (host H): MESSAGE"
 * and ends the whole job (MPI_Abort) with the error's exit code. Errors found at a
 * point every rank reaches go through ll_par_agree instead, which hands
 * the first failing rank's status and message to all of them, so they
 * return it normally and rank 0 reports it once.
 *
 * Threads: MPI is started with MPI_THREAD_SERIALIZED; at most one thread
 * of a rank may be inside these functions at a time (the trainer thread
 * while it trains, the main thread otherwise).
 */
#ifndef LL_PAR_H
#define LL_PAR_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

/* 1 when the environment says a launcher started this process as one of
 * several ranks (Open MPI, PMIx, Slurm, MPICH/Hydra variables). */
int ll_par_launched(void);
/* 1 when this build can run on MPI. */
int ll_par_available(void);

/* Starts MPI when launched and built for it; a no-op otherwise (and when
 * called twice). LL_EUSAGE when launched as several ranks by a build
 * without MPI, or as several srun tasks without an MPI plugin, so N copies
 * never each do the whole work; ll_par_rank() is then the launcher's rank,
 * so the first copy alone says it. */
int ll_par_init(int *argc, char ***argv, struct ll_err *err);
/* Ends MPI when ll_par_init started it, after two barriers bounded as the
 * waits below: the other ranks wait for rank 0's own work (scoring,
 * writing) without a limit, rank 0 with its limit for them, so a rank
 * stopped at the end cannot hold the others in MPI_Finalize for ever. */
void ll_par_finalize(void);

int ll_par_rank(void);
int ll_par_size(void);
/* Ranks of this job on this rank's node (MPI_COMM_TYPE_SHARED), 1 alone:
 * how many processes share this node's cores. */
int ll_par_node_size(void);
/* The host rank runs on (MPI_Get_processor_name, gathered once at
 * ll_par_init), for messages; "?" when not known. */
const char *ll_par_host(int rank);

/* Rank r's contiguous share [*lo, *hi) of n items split over size ranks:
 * the first n % size ranks get one item more. Depends only on n, r, size. */
void ll_par_share(size_t n, int r, int size, size_t *lo, size_t *hi);

/* In place, on every rank: x[i] = sum over ranks r, in rank order, of
 * (double)x_r[i] * scale[r], rounded to float once. scale has ll_par_size()
 * entries known to every rank; NULL means 1 for all. */
int ll_par_sum_f32(float *x, size_t n, const double *scale, struct ll_err *err);
/* The same for doubles (no rounding). */
int ll_par_sum_f64(double *x, size_t n, struct ll_err *err);
/* The sum of ll_par_sum_f64 for this rank's block only: on return
 * x[*lo, *hi), with [*lo, *hi) = ll_par_share(n, rank, size), holds the
 * bits ll_par_sum_f64 would put there; the rest of x is unspecified. Half
 * the traffic of the full sum, for callers that finish their block and
 * all-gather what they make of it (training's optimiser step). */
int ll_par_reduce_scatter_f64(double *x, size_t n, size_t *lo, size_t *hi, struct ll_err *err);
/* Exact sums of counts. */
int ll_par_sum_u64(uint64_t *x, size_t n, struct ll_err *err);
/* Root's bytes to every rank. */
int ll_par_bcast(void *buf, size_t bytes, int root, struct ll_err *err);
/* Every rank's `bytes` bytes, in rank order, into out (size * bytes). */
int ll_par_allgather(const void *mine, size_t bytes, void *out, struct ll_err *err);
/* Ranks' variable-length parts, in rank order: counts[r] bytes from rank
 * r into out at offset sum(counts[0..r)). counts is known to every rank. */
int ll_par_allgatherv(const void *mine, const size_t *counts, void *out, struct ll_err *err);
/* The same with this rank's part already in place in buf at its offset. */
int ll_par_allgatherv_inplace(void *buf, const size_t *counts, struct ll_err *err);
void ll_par_barrier(void);
/* A fold in rank order: rank 0 calls fold(acc, ctx) on its acc, hands the
 * result to rank 1, which folds its part into it, and so on; the last
 * rank's acc (`bytes` bytes) then reaches every rank. A sum that must add
 * parts in one fixed order (a single process's) goes through the ranks
 * once at the cost of P small messages, instead of every rank gathering
 * every part. The acc of ranks other than 0 is overwritten before their
 * fold. With one rank: fold once. */
int ll_par_chain(void *acc, size_t bytes, void (*fold)(void *acc, void *ctx), void *ctx, struct ll_err *err);

/* Point to point, without waiting: ll_par_post sends `bytes` of buf to
 * rank peer (send 1) or receives them from it (send 0); ll_par_wait_posted
 * waits until every posted transfer has completed (buf may be read or
 * reused only then). Matched in the order posted between two ranks. At
 * most LL_PAR_MAX_POSTED outstanding; with one rank there is no peer, and
 * posting is a usage error. For data that must reach a neighbour before
 * it is needed, sent while other exchanges are under way. */
#define LL_PAR_MAX_POSTED 16
int ll_par_post(void *buf, size_t bytes, int peer, int send, struct ll_err *err);
int ll_par_wait_posted(struct ll_err *err);

/* Collective: returns the status of the lowest rank whose rc is not LL_OK
 * (copying its message into err on every rank), or LL_OK when none failed.
 * When that rank is not rank 0 and some rank did not fail, the message
 * starts "rank R of N (host H): ", since rank 0, which says it, did not meet it. */
int ll_par_agree(int rc, struct ll_err *err);

/* Ends the job from this rank: prints "loglab: rank R of N (host H):
 * MESSAGE" on stderr (just "loglab: MESSAGE" alone) and aborts every rank
 * with the exit code of status. A hook set by ll_par_on_abort runs first (rank 0
 * marks its run folder failed). Does not return. */
_Noreturn void ll_par_abort(int status, const struct ll_err *err);
void ll_par_on_abort(void (*hook)(const struct ll_err *err, void *ctx), void *ctx);
/* Where ll_par_abort writes (default 2): ranks other than 0 run with their
 * stderr silenced, but an abort must still say why. */
void ll_par_set_report_fd(int fd);

/* Waits for the other ranks are bounded: MPI cannot tell a rank that was
 * stopped (SIGSTOP, a frozen node) from a slow one, so a wait in any of
 * the exchanges above that lasts longer than the limit ends the job
 * (ll_par_abort, LL_EIO) with what it waited for, the phase, how long, and
 * the ranks of its node that did not arrive. The limit: seconds > 0, 0 for
 * none (wait as long as it takes), or LL_PAR_TIMEOUT_AUTO, the default:
 * 10 minutes, or 10 times the slowest step this rank has seen (its work
 * and wait from one exchange to the next) when that is longer. */
#define LL_PAR_TIMEOUT_AUTO (-1.0)
void ll_par_set_timeout(double seconds);
double ll_par_timeout(void);
/* What the ranks do now, for that message: fmt is a string constant with
 * at most two %ld, filled with a and b when a wait times out (only stored
 * here, so a training may set it every batch). NULL: nothing said. */
void ll_par_phase(const char *fmt, long a, long b);

/* From here to the end of the job this rank works alone while the others
 * wait for it (rank 0 scoring and writing the run): a thread beats every
 * quarter second in the node's arrival window, so the waiting ranks of
 * its node bound their wait by its silence (the limit above), not by the
 * length of its work. A stopped rank 0 stops beating; a slow one does
 * not. Nothing with one rank. */
void ll_par_solo(void);

/* Bytes this rank has sent in sums since the start, and how many sums it
 * took part in (benchmarks, the run log). */
uint64_t ll_par_bytes_sent(void);
uint64_t ll_par_sums(void);
/* Counts a sum made outside these functions (ll_par_shm.h: bytes read
 * from other ranks' memory) in the two figures above. */
void ll_par_note_sum(uint64_t bytes);
/* Counts bytes sent for a sum already counted (a sum's second leg). */
void ll_par_note_bytes(uint64_t bytes);

#endif
