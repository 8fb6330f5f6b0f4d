#!/bin/sh
# test_quit_training_tmux.sh - what quitting with a training under way says
# on stderr, in the real loglab driven in tmux. loglab waited for the
# training to stop with nothing said (one still building its feature set
# takes seconds: after Ctrl-C the shell came back silent, and after Q the
# screen froze), and a run that cannot continue was named twice: "run X
# kept as cancelled (after 1 of 8 epochs; run X kept as cancelled)". Now
# the wait is said first, then the run once. The training pauses after
# each epoch (LOGLAB_TEST_EPOCH_MS; a cancel ends the pause) and its
# checkpoint is removed, so it cannot continue, and the quit question
# says so (it offered R from the job's state).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
need_data
tmux_begin quittrain
WS=$tmp/ws
slow_smd_workspace "$WS"
tmux_shell 150 30 LOGLAB_TEST_EPOCH_MS=60000
keys "cd '$WS' && '$LOGLAB' 2>'$tmp/err'" Enter
wait_for '\[experiments\]' "the workspace's experiments"
keys t
wait_for "epoch 1/8 " "the training runs"
# the first epoch's checkpoint, then the run can no longer continue
checks=$((checks + 1))
tries=0
until ls "$WS"/runs/*-slow/checkpoint.llm >/dev/null 2>&1 || [ $tries -ge 300 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
ls "$WS"/runs/*-slow/checkpoint.llm >/dev/null 2>&1 || fail "no checkpoint after the first epoch"
rm -f "$WS"/runs/*-slow/checkpoint.llm
run=$(ls "$WS/runs" | grep -- '-slow$' | tail -n 1)
keys Q
wait_for 'quitting cancels it.*Quit\? \(y/n\)' "Q asks"
# the question reads the run folder, not the job's state: with the
# checkpoint gone it offered "R in the runs view continues it from epoch 1"
expect_match "$(screen)" 'quitting cancels it; its checkpoint is gone, so nothing is kept to continue from\. Quit\? \(y/n\)' \
	"Q says nothing is kept to continue from"
expect_no_match "$(screen)" 'continues it from epoch' "Q does not offer R"
keys y
wait_for '^ll-prompt\$ *$' "y quits"
expect_eq "$(sed -n 1p "$tmp/err")" "loglab: cancelling the training under way: waiting for it to stop" \
	"the wait is said first"
expect_match "$(sed -n 2p "$tmp/err")" \
	"^loglab: training slow cancelled after [1-8] of 8 epochs; run $run kept as cancelled; train the experiment again\$" \
	"then the run cut short, named once"
expect_eq "$(grep -o 'kept as cancelled' "$tmp/err" | wc -l | tr -d ' ')" 1 "'kept as cancelled' said once"
finish
