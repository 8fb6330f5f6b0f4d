#!/bin/sh
# test_break13.sh - scale-out and concurrency promises that broke (break13).
# - The TUI's "launch" command (loglab.json) that exits 0 without running
#   the training put after it (`true`, a stub mpirun, a `#` that comments
#   it out) is a failure that says so; on main the job showed
#   "done: : done (launched)" with no run at all. A launcher that exits 0
#   while its training failed says the run's status, not "done".
# The TUI runs headless (--keys, --dump-screen); every command runs under
# timeout: a hang fails.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

scratch break13
W=$tmp/ws
mkdir "$W"
cp "$LL_BUILDDIR/sample/"*.csv "$LL_BUILDDIR/sample/"*.tsv "$LL_BUILDDIR/sample/loglab.json" "$W/"
sed 's/"epochs": 20/"epochs": 2/' "$W/loglab.json" >"$tmp/l" && mv "$tmp/l" "$W/loglab.json"
set_launch() {
	python3 - "$W/loglab.json" "$1" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
j["launch"] = sys.argv[2]
json.dump(j, open(sys.argv[1], "w"), indent=1)
PY
}
# tui: trains the first experiment (dnn) with t, headless; $screen
tui() {
	timeout 120 "$LOGLAB" --keys t --dump-screen 30x160 "$W" >"$tmp/screen" 2>"$tmp/err"
	expect_eq "$?" 0 "the TUI ran ($1): $(head -c 300 "$tmp/err")"
	screen=$(cat "$tmp/screen")
}

# --- launch: a command that ends well without training -----------------
for l in "true" "env; exit 0 #"; do
	set_launch "$l"
	tui "$l"
	expect_match "$screen" "Training dnn \\(mlp\\): failed" "launch '$l': the job failed"
	expect_match "$screen" "exited with 0 but started no training" "launch '$l': says no training started"
	expect_no_match "$screen" "\\(launched\\)" "launch '$l': no launched result"
done
expect_eq "$(ls "$W/runs" 2>/dev/null | wc -l)" 0 "no run was made"

# a launcher that exits 0 although its training failed
set_launch "env LOGLAB_FAULT=0:1 sh -c '\"\$@\"; exit 0' sh"
tui "launcher hides a failure"
expect_match "$screen" "exited with 0 but run [0-9]{8}-[0-9]{6}-dnn is failed, not done" \
	"a launcher's exit 0 over a failed training: the run's status"
rm -rf "$W/runs"

# the control: a launcher that runs it ("env" runs what follows)
set_launch "env"
tui "env"
expect_match "$screen" "Training dnn \\(mlp\\) into run [0-9-]*dnn: done" "launch env: done"
expect_match "$screen" "done: [0-9-]*dnn: .*\\(launched\\)" "launch env: the launched result"
finish
