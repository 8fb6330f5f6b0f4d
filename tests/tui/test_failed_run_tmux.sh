#!/bin/sh
# test_failed_run_tmux.sh - a training that failed once begun keeps its run
# (test_train_failed.sh: every model, detectors too); the runs view lists it
# failed, and Enter on it says its error (run.json's) instead of opening
# results it never wrote (a detector's said "no evaluation yet").
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin failedrun
mkdir -p "$tmp/ws"
cd "$tmp/ws" || exit 99
# values a float holds but no network can train on: the loss diverges
awk 'BEGIN { srand(3); print "x0,x1"
	for (t = 0; t < 300; t++)
		printf "%.6e,%.6e\n", (t % 2 ? 3.3e38 : -3.3e38) * rand(), (t % 3 ? 3.3e38 : -3.3e38) }' >big.csv
cat >loglab.json <<'JSON'
{ "version": 1, "datasets": {"big": {"path": "big.csv"}}, "featuresets": {"big": {"dataset": "big"}},
  "experiments": {"ae": {"featureset": "big", "model": "detector", "epochs": 3}} }
JSON
"$LOGLAB" train ae --quiet >/dev/null 2>&1
ID=$(ls runs | head -n 1)
expect_match "$ID" '-ae$' "the failed detector's run folder"
tmux_shell 150 20
keys "cd '$tmp/ws' && '$LOGLAB' ." Enter
wait_for "ae" "experiments view"
keys r
wait_for "$ID +detec.* failed " "the runs view lists the run failed"
keys Enter
wait_for "run $ID failed: training diverged" "Enter says the run's error"
keys Q
wait_for '^ll-prompt\$ *$' "Q quits"
finish
