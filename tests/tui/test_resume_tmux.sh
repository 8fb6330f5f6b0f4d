#!/bin/sh
# test_resume_tmux.sh - a training cut short is never lost work in the TUI,
# driven in tmux on a workspace of real data (SMD machine-1-6), each epoch
# followed by a pause (LOGLAB_TEST_EPOCH_MS) so a cancel lands mid-run:
#  - t trains, c + y cancels after a few epochs: the job says the run is
#    kept and that R in the runs view resumes it, and the message line that
#    it is cancelled (no longer "cancelling"); its status bar offers no
#    results (it said "Enter its results"); the runs view shows it as
#    "cancelled (resumable)";
#  - R resumes it through the training queue into the same folder:
#    run.json ends "done" with resumed_from_epoch = the epochs done at the
#    cancel, and its metrics.json is byte for byte that of
#    `loglab train --resume` run on a copy of the same cancelled folder;
#  - R is refused, on screen, for the finished run, for a k-means run (no
#    checkpoints) and for a run already training;
#  - quitting (Q, y), SIGTERM and a hang-up (the tmux server killed: the
#    kernel's SIGHUP) while a training runs: stderr (and the exit log on a
#    hang-up) names the run and `loglab train --resume ID`, and the run
#    left behind is resumable;
#  - in a workspace with a "launch" command, R resumes the run through
#    `LAUNCH loglab train --resume ID`;
#  - once the data changed under a cancelled run, R fails the job with the
#    words of `loglab train --resume` (which refuses it too), the run's
#    record untouched.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
need_data
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found" >&2; exit 77; }
tmux_begin resume
WS=$tmp/ws
# its data a copy (in $WS/smd): the last part changes it under a cancelled run
slow_smd_workspace "$WS"
exitlog=$tmp/.local/state/loglab/loglab.log
# setjson FILE CODE: CODE (Python) changes j, FILE's JSON, written back
setjson() {
	python3 -c 'import json,sys; p=sys.argv[1]; j=json.load(open(p)); exec(sys.argv[2]); json.dump(j, open(p, "w"))' "$@"
}
setjson "$WS/loglab.json" 'j["experiments"]["clusters"] = {"featureset": "smd_m", "model": "kmeans", "k": [2, 3], "seed": 1}'
newest() { ls "$WS/runs" | grep -- "-$1\$" | tail -1; }
# each epoch of the TUI's trainings then takes at least 0.8 s
tmux_shell 150 30 LOGLAB_TEST_EPOCH_MS=800

# start_training: loglab in the workspace (stderr to $tmp/err), t on the
# first experiment (slow), waits until two epochs are done
start_training() {
	keys "cd '$WS' && '$LOGLAB' 2>'$tmp/err'" Enter
	wait_for '\[experiments\]' "the workspace's experiments"
	keys t
	wait_for 'epoch [3-8]/8' "two epochs of slow trained"
}

# --- cancel, then R in the runs view -----------------------------------------
start_training
keys c
wait_for 'Cancel training slow\? \(y/n\)' "c asks"
keys y
wait_for 'cancelled: after [1-7] of 8 epochs; run [0-9-]+slow kept as cancelled; R in the runs view resumes it' \
	"the cancel names the run and the resume key"
# the progress line agrees with the message: a cancel at an epoch's end
# (the pause) shows that epoch with all its batches, one within an epoch
# the next epoch part done (not "epoch N+1/8 batch B/B" beside "after N")
s=$(screen)
after=$(printf '%s\n' "$s" | sed -n 's/.*cancelled: after \([0-9]*\) of 8 epochs.*/\1/p' | head -1)
shown=$(printf '%s\n' "$s" | sed -n 's|.*epoch \([0-9]*\)/8  batch \([0-9]*\)/\([0-9]*\) .*|\1 \2 \3|p' | head -1)
set -- $shown
checks=$((checks + 1))
if [ "$#" -ne 3 ] || ! { [ "$1" = "$after" ] && [ "$2" = "$3" ]; } &&
	! { [ "$1" = "$((after + 1))" ] && [ "$2" -lt "$3" ]; }; then
	fail "after $after epochs, the progress line says epoch/batch '$shown': $s"
fi
# the message line follows: "cancelling slow..." stayed there after the end
wait_for '^slow: cancelled *$' "once the job has ended, the message line says it is cancelled"
not_on_screen 'cancelling slow' "no 'cancelling' left once cancelled"
# a cancelled job has no results: the status offered "Enter its results"
wait_for ' slow: cancelled  job 1/1  \(Enter: how it ended, q back\)' "the status says what Enter does"
keys Enter
wait_for '^slow cancelled: after [1-7] of 8 epochs; run [0-9-]+slow kept as cancelled' "Enter says how it ended"
RUN=$(newest slow)
R=$WS/runs/$RUN
expect_eq "$(jv "$R/run.json" 'j["status"]')" cancelled "the cancelled run's status"
cut_at=$(jv "$R/run.json" 'j["epochs_done"]')
checks=$((checks + 1))
[ -f "$R/checkpoint.llm" ] || fail "the cancelled run has no checkpoint"
# the same cancelled state, for loglab train --resume to continue below
mkdir "$tmp/copy" && cp -R "$R" "$tmp/copy/$RUN" || exit 99
keys q r
wait_for "$RUN +mlp +cancelled \\(resumable\\)" "the runs view marks the run resumable"
wait_for 'R resumes it from its last checkpoint' "the status bar says how"
keys R
wait_for "Resuming slow \\(mlp\\) in run $RUN: training" "R resumes the run in the training view"
# while it trains: R again is refused
keys q
wait_for "$RUN +mlp +running" "the runs view shows the run training"
keys R
wait_for "resume: run $RUN is already queued or training here" "R on a run training is refused"
checks=$((checks + 1))
poll_screen "$RUN +mlp +(done|stale)" 40 || fail "the resumed run did not finish: $(screen)"
expect_eq "$(jv "$R/run.json" 'j["status"]')" done "the resumed run's status"
expect_eq "$(jv "$R/run.json" 'j["resumed_from_epoch"]')" "$cut_at" "resumed from the epoch of the cancel"
expect_eq "$(jv "$R/run.json" 'j["source"]')" tui "the resumed run's source"
checks=$((checks + 1))
[ ! -f "$R/checkpoint.llm" ] || fail "the finished run kept its checkpoint"
grep -q "resumed from the checkpoint of epoch $cut_at" "$R/log.txt"
expect_eq $? 0 "log.txt says where it resumed"
# loglab train --resume continues the copy to the same result
"$LOGLAB" train --resume "$tmp/copy/$RUN" -w "$WS" -q >/dev/null 2>"$tmp/cli.err"
expect_eq $? 0 "loglab train --resume of the same cancelled state"
checks=$((checks + 1))
cmp -s "$R/metrics.json" "$tmp/copy/$RUN/metrics.json" || fail "the TUI's resumed metrics.json differs from the CLI's"
expect_eq "$(jv "$R/run.json" 'j["epochs_done"]')" "$(jv "$tmp/copy/$RUN/run.json" 'j["epochs_done"]')" \
	"epochs done: TUI and CLI resumes agree"

# --- refusals ---------------------------------------------------------------
keys R
wait_for "resume: run $RUN already finished; nothing to resume" "R on a finished run is refused"
# a k-means run cut short: nothing to continue from
"$LOGLAB" train clusters -w "$WS" -q >/dev/null 2>&1
KM=$(newest clusters)
setjson "$WS/runs/$KM/run.json" 'j["status"] = "cancelled"'
keys C-l g
wait_for "$KM +kmeans +cancelled " "the k-means run listed, cancelled"
case $(screen) in *"$KM"*resumable*) fail "a k-means run is marked resumable" ;; esac
keys R
wait_for "resume: run $KM is k-means: fitted in one go, it keeps no checkpoint; train its experiment again" \
	"R on a k-means run is refused"
keys Q
wait_for '^ll-prompt\$ *$' "Q quits"
checks=$((checks + 1))
[ ! -s "$tmp/err" ] || fail "a quit with nothing training said: $(cat "$tmp/err")"

# --- quitting, SIGTERM and a hang-up while a training runs ---------------------
# said_resume WHAT FILE: FILE names the newest slow run and how to resume it,
# and that run is cancelled and resumable
said_resume() {
	run=$(newest slow)
	checks=$((checks + 1))
	grep -q "training slow cancelled: run $run kept, resumable; continue it with R in the runs view, or: loglab train --resume $run --workspace $WS" "$2" ||
		fail "$1: $2 does not name the run and the resume: $(cat "$2" 2>/dev/null)"
	expect_eq "$(jv "$WS/runs/$run/run.json" 'j["status"]')" cancelled "$1: the run's status"
	checks=$((checks + 1))
	[ -f "$WS/runs/$run/checkpoint.llm" ] || fail "$1: the run has no checkpoint"
}
rm -rf "$WS/runs"
start_training
keys Q
wait_for '1 training under way \(slow running\): quitting cancels it; R in the runs view continues it from epoch [2-8]\. Quit\? \(y/n\)' "Q asks, naming what R continues"
keys y
wait_for '^ll-prompt\$ *$' "y quits"
said_resume "quit" "$tmp/err"

start_training
pid=$(loglab_pid)
kill -TERM "$pid"
wait_for '^ll-prompt\$ *$' "SIGTERM ends loglab"
said_resume "SIGTERM" "$tmp/err"

start_training
tmux_restart
wait_file "training slow cancelled" "$exitlog" 15
said_resume "hang-up" "$exitlog"

# --- a workspace with "launch": R resumes through loglab train --resume ------
# (the hung-up run, the newest)
run=$(newest slow)
setjson "$WS/loglab.json" 'j["launch"] = "env"'
tmux_shell 150 30
keys "cd '$WS' && '$LOGLAB' 2>'$tmp/err'" Enter
wait_for '\[experiments\]' "the workspace's experiments"
keys r
wait_for "$run +mlp +cancelled \\(resumable\\)" "the hung-up run is listed resumable"
keys R
checks=$((checks + 1))
poll_screen "Resuming slow \\(mlp\\) in run $run: done" 40 || fail "the launched resume did not finish: $(screen)"
expect_eq "$(jv "$WS/runs/$run/run.json" 'j["status"]')" done "launched resume: the run's status"
expect_eq "$(jv "$WS/runs/$run/run.json" 'j["source"]')" cli "launched resume: loglab train --resume wrote it"
checks=$((checks + 1))
[ "$(jv "$WS/runs/$run/run.json" 'j["resumed_from_epoch"]')" -gt 0 ] || fail "the launched resume started over"
keys q Q
wait_for '^ll-prompt\$ *$' "Q quits"
setjson "$WS/loglab.json" 'del j["launch"]'

# --- data changed under a cancelled run: the resume is refused as the CLI's ----
# (the run SIGTERM cut short, second in the runs view)
run=$(ls "$WS/runs" | grep -- '-slow$' | tail -n 2 | head -n 1)
sed -i '$s/^[^,]*,/0.5,/' "$WS/smd/machine-1-6_test.csv"
keys "cd '$WS' && '$LOGLAB' 2>'$tmp/err'" Enter
wait_for '\[experiments\]' "the workspace's experiments"
keys r
wait_for "$run +mlp +cancelled \\(resumable\\)" "the run SIGTERM cut short is listed resumable"
keys j R
wait_for "failed: run $run was made from other data or labels: start a new run instead \\(feature fingerprint [0-9a-f]+" \
	"R on a run whose data changed fails as loglab train --resume does"
expect_eq "$(jv "$WS/runs/$run/run.json" 'j["status"]')" cancelled "the refused run's record is untouched"
"$LOGLAB" train --resume "$run" -w "$WS" -q >/dev/null 2>"$tmp/cli.err"
expect_eq $? 2 "loglab train --resume refuses it too"
expect_match "$(cat "$tmp/cli.err")" "run $run was made from other data or labels" "the CLI's words"
keys q Q
wait_for '^ll-prompt\$ *$' "Q quits"
finish
