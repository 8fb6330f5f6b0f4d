/*
 * ll_par_guard.h - a bound on the blocking MPI calls that have no
 * nonblocking form (internal to ll_par.c and ll_par_shm.c).
 *
 * MPI_Init, MPI_Finalize, communicator splits and shared memory windows
 * wait inside MPI for every rank, and a rank stopped there (SIGSTOP, a
 * frozen node) holds the others for ever; ll_par_wait.h's polling cannot
 * reach into them. So the caller arms a timer around such a call: when it
 * fires, a message prepared beforehand (the rank, its host, the phase and
 * the limit) is written and the rank ends with exit code 3 (LL_EIO's),
 * after which the launcher ends the job. Only write(2) and _exit(2) run in
 * the signal handler. One guard at a time; SIGALRM is the process's while
 * armed (the TUI, its other user, never runs on MPI).
 */
#ifndef LL_PAR_GUARD_H
#define LL_PAR_GUARD_H

/* Arms the guard: after `limit` seconds (0 or less: never) writes the
 * message made from fmt (and a newline) to fd and ends the process. */
void ll_pg_arm(int fd, double limit, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Disarms it (and gives SIGALRM back its former handler). */
void ll_pg_disarm(void);

/* ll_pg_arm for this rank of the started job (ll_par.c): its report fd,
 * the wait limit of ll_par_wait.h, "loglab: rank R of N (host H): WHAT
 * did not end within L s: ..." */
void ll_pg_arm_phase(const char *what);

/* Test hook (tests/mpi/test_mpi_watchdog.sh): with LOGLAB_TEST_STOP_IN set
 * to "R:PLACE", rank R stops itself (SIGSTOP) when it reaches place:
 * "init" (before MPI_Init), "shm" (the shared memory step's set-up),
 * "finalize" (before freeing the window and MPI_Finalize), "solo" (rank
 * 0's own work at the end). */
void ll_pg_test_stop(const char *place, int rank);

#endif
