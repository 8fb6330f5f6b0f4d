#!/bin/sh
# test_mpi_bounds.sh - the waits outside loglab's own exchanges are bounded
# too: a rank stopped for good (SIGSTOP, a frozen node) before MPI_Init,
# in the shared memory step's set-up or in MPI_Finalize ends the job with
# exit 3 and "rank R of N (host H): PHASE did not end within L s" (before,
# the others waited inside MPI for ever: the test's watchdog, 124); rank 0
# stopped in its own work at the end (scoring, writing the run) is named by
# the ranks that wait for it once its heartbeat has been silent for the
# limit, while a rank 0 that is stopped and continued, or that works far
# longer than the limit, finishes with the bytes of one process. The
# stops come from the hook LOGLAB_TEST_STOP_IN=R:PLACE (rank R stops
# itself there). The time checks are bounds on a hang, not measurements.
. "$LL_SRCDIR/tests/lib.sh"
MPI_TIMEOUT=90
. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"

sample_workspace
mpid=""
trap '[ -n "$mpid" ] && kill "$mpid" 2>/dev/null; for p in $(ranks); do kill -9 "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
cd "$ws" || exit 1

# job NP ARGS...: a training of dnn in the background, as $mpid
job() {
	np=$1
	shift
	rm -rf runs
	mpi_run "$np" "$LOGLAB" train dnn -q "$@" >"$tmp/o" 2>"$tmp/e" &
	mpid=$!
}
# ended WHAT T0: waits for the job; checks it ended with exit 3 within
# 40 s (the test's own watchdog allows 90) and left no rank
ended() {
	wait "$mpid"
	rc=$?
	mpid=""
	took=$(elapsed "$2")
	echo "$1: exit $rc after ${took}s: $(grep '^loglab' "$tmp/e" | head -3)" >&2
	expect_eq "$rc" 3 "$1: the job ends (exit 3, not the watchdog's 124)"
	expect_eq "$(awk -v t="$took" 'BEGIN { print (t < 40) }')" 1 "$1: ended within a bounded time (${took}s)"
	expect_eq "$(ranks_gone)" 0 "$1: no rank left, the stopped one included"
}
# same_as_plain WHAT: the last run's metrics.json and predictions.tsv are
# the bytes of one process
same_as_plain() {
	RUN=$(ls -d runs/* | head -1)
	expect_eq "$(cmp -s "$plain/metrics.json" "$RUN/metrics.json" && cmp -s "$plain/predictions.tsv" "$RUN/predictions.tsv" && echo same)" \
		same "$1: metrics.json and predictions.tsv bytes of one process"
}
host='\(host [^)]+\)'

"$LOGLAB" train dnn -q >/dev/null 2>&1
plain=$tmp/plain
mv "$(ls -d runs/* | tail -1)" "$plain"

# 1. rank 1 stopped before MPI_Init: the others wait in MPI_Init's exchange
LOGLAB_TEST_STOP_IN=1:init LOGLAB_RANK_TIMEOUT=3 job 2
ended "rank 1 of 2 stopped before MPI_Init" "$(now)"
expect_match "$(cat "$tmp/e")" "^loglab: rank 0 of 2 $host: starting MPI did not end within 3 s: a rank stopped.*limit 3 s: --rank-timeout" \
	"stopped before MPI_Init: rank 0 says the phase and the limit"

# 2. rank 1 stopped in the shared memory step's set-up (its splits and
# window block inside MPI); the limit from the command line
LOGLAB_TEST_STOP_IN=1:shm job 2 --rank-timeout 3
ended "rank 1 of 2 stopped in the shared memory set-up" "$(now)"
expect_match "$(cat "$tmp/e")" "^loglab: rank 0 of 2 $host: setting up the node's shared memory step did not end within 3 s" \
	"stopped in the shared memory set-up: rank 0 says the phase"

# 3. rank 1 stopped before MPI_Finalize, after the end's barriers: the run
# was written in full
LOGLAB_TEST_STOP_IN=1:finalize job 2 --rank-timeout 3
ended "rank 1 of 2 stopped before MPI_Finalize" "$(now)"
expect_match "$(cat "$tmp/e")" "^loglab: rank 0 of 2 $host: ending MPI did not end within 3 s" \
	"stopped before MPI_Finalize: rank 0 says the phase"
same_as_plain "stopped before MPI_Finalize"

# 4. rank 0 stopped for good in its own work at the end (3 ranks: both
# others wait for it); before, they waited without a limit
LOGLAB_TEST_STOP_IN=0:solo LOGLAB_RANK_TIMEOUT=3 job 3
ended "rank 0 of 3 stopped while it scores and writes" "$(now)"
expect_match "$(cat "$tmp/e")" \
	"^loglab: rank [12] of 3 $host: waited [0-9.]+ s in ending the job \\(the other ranks wait for rank 0 to score and write\\).*: rank 0 $host stopped in its own work: no heartbeat for [0-9.]+ s.*limit 3 s" \
	"rank 0 stopped in its own work: a waiting rank names it, its host and the phase"

# 5. rank 0 stopped there and continued within the limit: finishes
LOGLAB_TEST_STOP_IN=0:solo LOGLAB_RANK_TIMEOUT=10 job 2
victim=""
for i in $(seq 1 600); do
	victim=$(rank_pid 0)
	[ -n "$victim" ] && [ "$(awk '{ print $3 }' "/proc/$victim/stat" 2>/dev/null)" = T ] && break
	sleep 0.1
done
expect_eq "$(awk '{ print $3 }' "/proc/$victim/stat" 2>/dev/null)" T "rank 0 stopped itself in its own work"
sleep 1
kill -CONT "$victim"
wait "$mpid"
rc=$?
mpid=""
expect_eq "$rc" 0 "rank 0 stopped 1 s in its own work and continued: finishes: $(head -c 300 "$tmp/e")"
same_as_plain "rank 0 stopped and continued"

# 6. rank 0's own work lasts 7 s, beyond the limit of 3, alive all along:
# the heartbeat keeps the others waiting. (3 s, not less: the limit bounds
# MPI_Init and every exchange of the run too, and an ASan build beside the
# suite's valgrind pass can take 2 s to start MPI.)
LOGLAB_TEST_SOLO_SLEEP=7 LOGLAB_RANK_TIMEOUT=3 mpi_run 2 "$LOGLAB" train dnn -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 0 "rank 0 working alone 7 s with a limit of 3 s: finishes: $(head -c 300 "$tmp/e")"
same_as_plain "rank 0 working alone beyond the limit"
finish
