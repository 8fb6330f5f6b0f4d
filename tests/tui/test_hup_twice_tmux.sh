#!/bin/sh
# test_hup_twice_tmux.sh - a hang-up during a training, with the SIGHUP
# coming more than once (the shell passing its own on, a terminal emulator
# and an SSH server each sending one): the run is kept as resumable and the
# exit log says so. The screen closed and its signal handlers were given
# back before the wait for the training to stop; a second SIGHUP in that
# wait killed loglab, the run left "running" (test_resume_tmux's hang-up
# part failed so now and then). Here SIGHUP comes every 2 ms until loglab
# has ended.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
need_data
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found" >&2; exit 77; }
tmux_begin huptwice
WS=$tmp/ws
slow_smd_workspace "$WS"
exitlog=$tmp/.local/state/loglab/loglab.log
tmux_shell 150 30 LOGLAB_TEST_EPOCH_MS=800
keys "cd '$WS' && '$LOGLAB' 2>'$tmp/err'" Enter
wait_for '\[experiments\]' "the workspace's experiments"
keys t
wait_for 'epoch [2-8]/8' "the training runs"
pid=$(loglab_pid)
run=$(ls "$WS/runs" | grep -- '-slow$' | tail -n 1)
checks=$((checks + 1))
[ -n "$pid" ] || fail "no loglab process under the shell"
sent=$(python3 -c '
import os, signal, sys, time
pid, n, end = int(sys.argv[1]), 0, time.time() + 30
while time.time() < end:
    try:
        os.kill(pid, signal.SIGHUP)
    except ProcessLookupError:
        break
    n += 1
    time.sleep(0.002)
print(n)' "${pid:-0}")
checks=$((checks + 1))
[ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null || fail "loglab still runs after $sent SIGHUPs"
wait_for '^ll-prompt\$ *$' "the shell is back"
expect_match "$(cat "$exitlog" 2>/dev/null)" "training slow cancelled: run $run kept, resumable" \
	"the exit log names the run kept as resumable"
expect_eq "$(jv "$WS/runs/$run/run.json" 'j["status"]')" cancelled "the run's status"
checks=$((checks + 1))
[ -f "$WS/runs/$run/checkpoint.llm" ] || fail "the run has no checkpoint"
finish
