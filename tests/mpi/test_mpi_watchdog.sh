#!/bin/sh
# test_mpi_watchdog.sh - a rank stopped and never continued (SIGSTOP, a
# frozen node) no longer makes the others wait for ever: every wait for the
# other ranks is bounded (--rank-timeout, LOGLAB_RANK_TIMEOUT), and the rank
# that gives up ends the job with the phase, the time waited and the rank
# that did not arrive. Before, the job waited until the test's watchdog
# killed it. A rank stopped and continued within the limit finishes with
# the bytes of an uninterrupted single process; the stopped run resumes.
# The time checks are bounds on a hang, not measurements.
. "$LL_SRCDIR/tests/lib.sh"
MPI_TIMEOUT=90
. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"

sample_workspace
mpid=""
trap '[ -n "$mpid" ] && kill "$mpid" 2>/dev/null; for p in $(ranks); do kill -9 "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
cd "$ws" || exit 1
# a longer training than the sample's, so a stop lands mid-run
sed 's/"batch": 128, "epochs": 20/"batch": 32, "epochs": 30/' loglab.json >l.json && mv l.json loglab.json

# wait_job T0: waits for the job that start began; sets $rc and $took, the
# seconds since T0
wait_job() {
	wait "$mpid"
	rc=$?
	mpid=""
	took=$(elapsed "$1")
}
# expect_bounded WHAT: the job ended within 40 s of its stop (the test's
# own watchdog, MPI_TIMEOUT, allows 90)
expect_bounded() { expect_eq "$(awk -v t="$took" 'BEGIN { print (t < 40) }')" 1 "$1"; }
# start NP ARGS...: a training in the background; RUN once its first checkpoint is there
start() {
	np=$1
	shift
	rm -rf runs
	mpi_run "$np" "$LOGLAB" train dnn -q "$@" >"$tmp/o" 2>"$tmp/e" &
	mpid=$!
	RUN=""
	for i in $(seq 1 600); do
		RUN=$(ls -d runs/* 2>/dev/null | head -1)
		[ -n "$RUN" ] && [ -f "$RUN/checkpoint.llm" ] && break
		sleep 0.1
	done
	expect_eq "$([ -f "$RUN/checkpoint.llm" ] && echo yes)" yes "a checkpoint before the stop"
}

# 1. rank 1 of 2 stopped for good: rank 0 names it, the job ends. (A stop
# that lands just after the rank posted its part of an exchange is named
# "arrived but has not run", one before it "did not arrive": both are right;
# and the phase is a batch or an epoch's end, where the stop happens to land.)
start 2 --rank-timeout 3
victim=$(rank_pid 1)
expect_eq "$([ -n "$victim" ] && echo found)" found "found rank 1's process"
t0=$(now)
kill -STOP "$victim"
wait_job "$t0"
echo "rank 1 of 2 stopped: exit $rc after ${took}s: $(grep '^loglab' "$tmp/e")" >&2
expect_eq "$rc" 3 "a rank stopped for good: the job ends (exit 3, not the watchdog's 124)"
expect_bounded "the job ended within a bounded time (${took}s)"
expect_match "$(cat "$tmp/e")" \
	"^loglab: rank 0 of 2 \\(host [^)]+\\): waited [0-9.]+ s in training, (epoch [0-9]+, batch [0-9]+|the end of epoch [0-9]+ \\([^)]*\\)) for the other ranks \\(MPI_I[a-z]+.*\\): rank 1 \\(host [^)]+\\) (did not arrive \\(its last exchange: [0-9]+, [0-9.]+ s ago\\)|arrived but has not run for [0-9.]+ s); .*limit 3 s: --rank-timeout" \
	"the message names the phase, the time waited and the rank that did not arrive"
expect_eq "$(ranks_gone)" 0 "no rank left, the stopped one included"
expect_match "$(cat "$RUN/run.json")" '"status":[[:space:]]*"failed"' "rank 0 marked the run failed"
id=$(basename "$RUN")
mpi_run 2 "$LOGLAB" train --resume "$id" -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 0 "the stopped run resumes: $(head -c 300 "$tmp/e")"
"$LOGLAB" train dnn -q >/dev/null 2>&1
plain=$tmp/plain
mv "$(ls -d runs/* | tail -1)" "$plain"
verdict=$(compare_runs "$plain" "$RUN")
expect_eq "$?" 0 "stopped, resumed = uninterrupted single process: $verdict"

# 2. rank 0 of 3 stopped (LOGLAB_RANK_TIMEOUT): another rank names it
LOGLAB_RANK_TIMEOUT=3 start 3
victim=$(rank_pid 0)
t0=$(now)
kill -STOP "$victim"
wait_job "$t0"
echo "rank 0 of 3 stopped: exit $rc after ${took}s: $(grep '^loglab' "$tmp/e")" >&2
expect_eq "$rc" 3 "rank 0 stopped for good: the job ends (exit 3)"
expect_bounded "rank 0 stopped: ended within a bounded time (${took}s)"
expect_match "$(cat "$tmp/e")" "^loglab: rank [12] of 3 \\(host [^)]+\\): waited [0-9.]+ s .*rank 0 \\(host [^)]+\\) (did not arrive|arrived but has not run)" \
	"rank 0 stopped: another rank names it"
expect_eq "$(ranks_gone)" 0 "rank 0 stopped: no rank left"

# 3. stopped and continued within the limit: finishes, the same bytes
start 2 --rank-timeout 60
victim=$(rank_pid 1)
kill -STOP "$victim"
sleep 2
kill -CONT "$victim"
wait "$mpid"
rc=$?
mpid=""
expect_eq "$rc" 0 "stopped 2 s and continued: finishes: $(head -c 300 "$tmp/e")"
verdict=$(compare_runs "$plain" "$RUN")
expect_eq "$?" 0 "stopped 2 s and continued = single process: $verdict"
expect_eq "$(cmp -s "$plain/metrics.json" "$RUN/metrics.json" && cmp -s "$plain/predictions.tsv" "$RUN/predictions.tsv" && echo same)" \
	same "stopped and continued: metrics.json and predictions.tsv bytes of one process"

# 4. the limit's values
mpi_run 2 "$LOGLAB" train dnn -q --rank-timeout soon >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 1 "--rank-timeout soon: a usage error"
expect_match "$(cat "$tmp/e")" '^loglab: --rank-timeout: "soon" is not a number of seconds' "--rank-timeout soon: said"
LOGLAB_RANK_TIMEOUT=-2 mpi_run 2 "$LOGLAB" train dnn -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 1 "LOGLAB_RANK_TIMEOUT=-2: a usage error"
expect_match "$(cat "$tmp/e")" '^loglab: LOGLAB_RANK_TIMEOUT: "-2" is not' "LOGLAB_RANK_TIMEOUT=-2: said"
expect_eq "$(grep -c '^loglab' "$tmp/e")" 1 "LOGLAB_RANK_TIMEOUT=-2: said once"
# 5. a rank stopped for good at the end, while it waits for rank 0 to score
# and write the run: before, the others waited in MPI_Finalize for ever
# (the test's watchdog, 124). LOGLAB_TEST_STOP_AT_END=R stops rank R right
# after it entered the end's first barrier, where such a rank idles.
# With 3 ranks the rank that reports may be rank 2, which sees rank 0
# still waiting in the barrier before (for rank 1) and names rank 0 first:
# "...: rank 0 (host H) is still waiting in exchange N; rank 1 (host H) did not arrive".
for np in 2 3; do
	rm -rf runs
	LOGLAB_TEST_STOP_AT_END=1 LOGLAB_RANK_TIMEOUT=3 mpi_run "$np" "$LOGLAB" train dnn -q >"$tmp/o" 2>"$tmp/e" &
	mpid=$!
	t0=$(now)
	wait_job "$t0"
	echo "rank 1 of $np stopped at the end: exit $rc after ${took}s: $(grep '^loglab' "$tmp/e")" >&2
	expect_eq "$rc" 3 "$np ranks, rank 1 stopped at the end: the job ends (exit 3, not the watchdog's 124)"
	expect_bounded "$np ranks, stopped at the end: ended within a bounded time (${took}s)"
	expect_match "$(cat "$tmp/e")" \
		"^loglab: rank [02] of $np \\(host [^)]+\\): waited [0-9.]+ s in ending the job .*[:;] rank 1 \\(host [^)]+\\) (did not arrive|arrived but has not run)" \
		"$np ranks, stopped at the end: a rank names rank 1"
	expect_eq "$(ranks_gone)" 0 "$np ranks, stopped at the end: no rank left"
	RUN=$(ls -d runs/* | head -1)
	# rank 0 had written the run in full before it waited
	expect_match "$(cat "$RUN/run.json")" '"status":[[:space:]]*"done"' "$np ranks, stopped at the end: the run is done"
	expect_eq "$(cmp -s "$plain/metrics.json" "$RUN/metrics.json" && cmp -s "$plain/predictions.tsv" "$RUN/predictions.tsv" && echo same)" \
		same "$np ranks, stopped at the end: metrics.json and predictions.tsv bytes of one process"
done
finish
