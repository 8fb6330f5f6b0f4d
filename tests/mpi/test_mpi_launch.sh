#!/bin/sh
# test_mpi_launch.sh - the TUI trains through a workspace's "launch" command
# ("launch": "mpirun -np 2 ..."): the training runs as `loglab train` on two
# ranks, the training view follows it from the run folder (progress.json)
# to the end, and the run equals a plain single-process `loglab train`. A
# launcher that fails shows its exit status and message.
. "$LL_SRCDIR/tests/lib.sh"
. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"

sample_workspace
# the launched jobs' session directories in this test's folder (mpi_lib.sh)
export OMPI_MCA_orte_tmpdir_base="$tmp/ompi"
mkdir "$tmp/ompi"
launch="$LL_MPIRUN $mpi_root_flag --oversubscribe --bind-to none -np 2"
set_launch() {
	python3 - "$ws/loglab.json" "$1" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
j["launch"] = sys.argv[2]
json.dump(j, open(sys.argv[1], "w"), indent=1)
PY
}

set_launch "$launch"
# t trains the selected (first) experiment, dnn; the headless run waits for it
timeout 240 "$LOGLAB" --keys t --dump-screen 30x120 "$ws" >"$tmp/screen" 2>"$tmp/err"
expect_eq "$?" 0 "the TUI ran: $(head -c 300 "$tmp/err")"
screen=$(cat "$tmp/screen")
expect_match "$screen" "Training dnn \\(mlp\\) into run [0-9]{8}-[0-9]{6}-dnn: done" "the training view names the run, done"
expect_match "$screen" "epoch 20/20" "the view followed the epochs from the run folder"
expect_match "$screen" "done: [0-9-]*dnn: .*\\(launched\\)" "the result says it was launched"
run=$(ls -d "$ws"/runs/* | head -1)
expect_match "$(cat "$run/log.txt")" "on 2 MPI ranks" "the run trained on two ranks"
expect_match "$(cat "$run/progress.json" 2>/dev/null)" '"epochs_done":[[:space:]]*20' "progress.json holds the last epoch"
expect_match "$(cat "$run/progress.json" 2>/dev/null)" '"ranks":[[:space:]]*2' "progress.json says two ranks"
(cd "$ws" && "$LOGLAB" train dnn -q >/dev/null 2>&1)
plain=$(ls -d "$ws"/runs/* | tail -1)
verdict=$(compare_runs "$plain" "$run")
expect_eq "$verdict" identical "launched on two ranks = trained in one process"

# the command's shell ends before the training it started (as a cancel's
# SIGTERM ends `sh -c "mpirun ..."` at once, while mpirun waits for its
# ranks to stop and write the run): the job ends with the last process of
# the command's group, so the view shows the run's last epoch and result
rm -rf "$ws/runs"
set_launch "sh -c '\"\$@\" & exit 0' sh"
timeout 240 "$LOGLAB" --keys t --dump-screen 30x120 "$ws" >"$tmp/screen" 2>"$tmp/err"
expect_eq "$?" 0 "the TUI ran (a launcher whose shell ends first): $(head -c 300 "$tmp/err")"
run=$(ls -d "$ws"/runs/* 2>/dev/null | head -1)
expect_match "$(cat "$run/run.json" 2>/dev/null)" '"status":[[:space:]]*"done"' \
	"the job ended with the training, not with the command's shell"
screen=$(cat "$tmp/screen")
expect_match "$screen" "epoch 20/20" "the view followed the training to its last epoch"
expect_match "$screen" "done: [0-9-]*dnn: .*f1.*\\(launched\\)" "the result is the run's metrics"

# a launcher that fails: its exit status and message on the screen
rm -rf "$ws/runs"
set_launch "sh -c 'echo no such cluster >&2; exit 3' --"
timeout 60 "$LOGLAB" --keys t --dump-screen 30x120 "$ws" >"$tmp/screen" 2>"$tmp/err"
screen=$(cat "$tmp/screen")
expect_match "$screen" "failed" "a failing launcher fails the job"
expect_match "$screen" "exited with 3: no such cluster" "its exit status and message are shown"
finish
