#!/bin/sh
# test_mpi_fail.sh - failures on MPI never hang the job:
#  - an error on one rank (LOGLAB_FAULT=RANK:EPOCH, as a rank that loses its
#    disk would) ends every rank within seconds, with that rank's message
#    and its exit code;
#  - a rank killed with SIGKILL mid-training ends the job too, and
#    `loglab train --resume` on MPI continues the run to the result of an
#    uninterrupted single-process run.
# Every mpirun is bounded by a watchdog: a hang fails the test, it does
# not stall `make check`.
. "$LL_SRCDIR/tests/lib.sh"
MPI_TIMEOUT=60
. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"

sample_workspace
mpid=""
trap '[ -n "$mpid" ] && kill "$mpid" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$ws" || exit 1
# a longer training than the sample's, so a kill lands mid-run
sed 's/"batch": 128, "epochs": 20/"batch": 32, "epochs": 30/' loglab.json >l.json && mv l.json loglab.json

# loglab processes still running in the test's workspace
ranks_left() {
	n=0
	for p in $(pgrep -x loglab); do
		[ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$ws" ] && n=$((n + 1))
	done
	echo $n
}
# ranks_gone S: the ranks still running once they have had S seconds to
# exit after mpirun returned (a sanitizer build's rank takes a moment to
# tear down; one left after that is a hang)
ranks_gone() {
	i=0
	while [ "$(ranks_left)" != 0 ] && [ "$i" -lt $(($1 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	ranks_left
}
# rank_pid R: the process of rank R of the job running in the workspace

# 1. one rank's error ends the job with its message
t0=$(now)
LOGLAB_FAULT=2:2 mpi_run 3 "$LOGLAB" train dnn -q >"$tmp/o" 2>"$tmp/e"
rc=$?
took=$(elapsed "$t0")
echo "injected failure on rank 2 of 3: exit $rc after ${took}s" >&2
expect_eq "$rc" 3 "injected I/O failure: the job's exit code is the rank's (3)"
expect_match "$(cat "$tmp/e")" "rank 2 of 3 \\(host [^)]+\\): injected failure \\(LOGLAB_FAULT\\) in epoch 2" "the failing rank's message"
expect_eq "$(awk -v t="$took" 'BEGIN { print (t < 30) }')" 1 "the job ended within seconds (${took}s)"
expect_eq "$(ranks_gone 10)" 0 "no rank left running"

# rank 0 failing marks its run folder failed
LOGLAB_FAULT=0:1 mpi_run 2 "$LOGLAB" train dnn -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 3 "rank 0's own failure: exit 3"
last=$(ls -d runs/* | tail -1)
expect_match "$(cat "$last/run.json")" '"status":[[:space:]]*"failed"' "rank 0's failure is recorded in run.json"
expect_match "$(cat "$last/run.json")" 'injected failure' "run.json names the error"

# 2. a rank killed mid-run ends the job; --resume continues it
rm -rf runs
mpi_run 3 "$LOGLAB" train dnn -q >"$tmp/o" 2>"$tmp/e" &
mpid=$!
run=""
for i in $(seq 1 600); do
	run=$(ls -d runs/* 2>/dev/null | head -1)
	[ -n "$run" ] && [ -f "$run/checkpoint.llm" ] && break
	sleep 0.1
done
expect_eq "$([ -f "$run/checkpoint.llm" ] && echo yes)" yes "a checkpoint was written before the kill"
victim=$(rank_pid 1)
expect_eq "$([ -n "$victim" ] && echo found)" found "found rank 1's process"
t0=$(now)
[ -n "$victim" ] && kill -9 "$victim"
wait "$mpid"
rc=$?
mpid=""
took=$(elapsed "$t0")
echo "rank killed: mpirun exit $rc after ${took}s" >&2
expect_eq "$([ "$rc" -ne 0 ] && echo nonzero)" nonzero "a killed rank fails the job (exit $rc)"
expect_eq "$(awk -v t="$took" 'BEGIN { print (t < 30) }')" 1 "the job ended within seconds of the kill (${took}s)"
expect_eq "$(ranks_gone 10)" 0 "no rank left running after the kill"
id=$(basename "$run")
mpi_run 3 "$LOGLAB" train --resume "$id" -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 0 "resume on 3 ranks: $(head -c 300 "$tmp/e")"
expect_match "$(cat "$run/run.json")" '"status":[[:space:]]*"done"' "the resumed run is done"
from=$(sed -n 's/.*"resumed_from_epoch":[[:space:]]*\([0-9]*\).*/\1/p' "$run/run.json")
expect_eq "$([ "${from:-0}" -gt 0 ] && echo yes)" yes "resumed from a checkpoint (epoch ${from:-0})"
expect_eq "$([ -f "$run/checkpoint.llm" ] || echo gone)" gone "checkpoint removed when done"
sleep 1
"$LOGLAB" train dnn -q >/dev/null 2>&1
plain=$(ls -d runs/* | tail -1)
verdict=$(compare_runs "$plain" "$run")
expect_eq "$?" 0 "killed, resumed on 3 ranks = uninterrupted single process: $verdict"
echo "kill + resume vs single process: $verdict" >&2
finish
