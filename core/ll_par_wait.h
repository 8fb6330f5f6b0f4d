/*
 * ll_par_wait.h - how ll_par.c and ll_par_shm.c wait for MPI (internal).
 *
 * MPI cannot tell a rank that was stopped (SIGSTOP, a frozen node) from
 * one that is slow, and a blocking collective waits for it for ever. So
 * every wait of loglab's exchanges starts the nonblocking form of the
 * operation and polls it here: first as MPI_Wait would (MPI_Test, which
 * yields the core when Open MPI is asked to), then sleeping for a growing
 * part of the time already waited, so a long wait does not burn a core.
 * A wait longer than the limit (ll_par_set_timeout) ends the job through
 * ll_par_abort with what was awaited, the phase (ll_par_phase), how long,
 * and, for the ranks of this node, which did not arrive: each rank counts
 * the exchanges it enters and stamps its polls in a small shared memory
 * window of its node, which the waiting rank reads without their help.
 *
 * The operations, their order and their data are those of the blocking
 * forms, so no result changes.
 */
#ifndef LL_PAR_WAIT_H
#define LL_PAR_WAIT_H

#include "config.h"

#ifdef LL_HAVE_MPI
#include <mpi.h>

/* At ll_par_init: the node's arrival window (none when it cannot be made:
 * a timeout then names no rank). node is this rank's node communicator. */
void ll_pw_start(MPI_Comm node);
/* At ll_par_finalize (collective over the node). */
void ll_pw_stop(void);

/* The end of the job, before MPI_Finalize (whose fence would wait for a
 * stopped rank for ever): two barriers through ll_pw_wait. The first waits
 * for rank 0's own work after the last exchange (scoring, writing the
 * run), for which the other ranks wait without a limit: rank 0 waits with
 * its limit, counted from its arrival, so the job still ends. The second
 * is entered only once rank 0 is done, so a rank stopped while it waited
 * for rank 0 has not entered it and is named. */
void ll_pw_end(void);

/* The limit a wait started now would have, the step under way aside: for
 * the blocking calls bounded by ll_par_guard.h. */
double ll_pw_limit(void);

/* Waits for the n requests (just started by this rank); collective: 1 when
 * every rank of the job takes part in this operation, 0 for a transfer
 * with rank peer. what names the operation ("MPI_Iallgather"). Returns
 * MPI's code of the first failed request, or MPI_SUCCESS; does not return
 * when the wait exceeds the limit. */
int ll_pw_wait(int n, MPI_Request *req, int collective, int peer, const char *what);

#endif
#endif
