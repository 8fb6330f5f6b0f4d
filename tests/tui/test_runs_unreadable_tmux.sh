#!/bin/sh
# test_runs_unreadable_tmux.sh - the TUI's runs view names a run it leaves
# out because its run.json cannot be read (cut short by a copy, a hand
# edit), as `loglab runs` warns of it: on main the run vanished from the
# view without a word. The status line says UNREADABLE with the run's
# folder and the problem, and stops saying it once the file is mended.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin runsbad

ws=$tmp/ws
mkdir -p "$ws"
kern_labelled "$ws/kern.tsv"
kern_lr_ws "$ws" kern.tsv 256
(cd "$ws" && timeout 120 "$LOGLAB" train lr --quiet >"$tmp/train.out" 2>&1) || { fail "train: $(cat "$tmp/train.out")"; finish; }
R=$(cd "$ws/runs" && ls)
# a copy of the run whose run.json is cut short
B=20200101-000000-lr
cp -r "$ws/runs/$R" "$ws/runs/$B"
head -c 100 "$ws/runs/$R/run.json" >"$ws/runs/$B/run.json"

tmux_shell 200 30 -u LOGLAB_ASCII
keys "cd '$ws' && timeout 300 '$LOGLAB' kern.tsv" Enter
wait_for "kern\.tsv +line 1/600 " "browser"
keys : runs Enter
wait_for "run 1/1 " "runs view lists the readable run"
wait_for "UNREADABLE, run left out: $B/run\.json: not valid JSON" "the status line names the unreadable run"
# mended: the run is listed and the status line no longer warns
cp "$ws/runs/$R/run.json" "$ws/runs/$B/run.json"
keys Escape : runs Enter
wait_for "run 1/2 " "the mended run is listed"
not_on_screen "UNREADABLE" "the status line still warns after the run.json was mended"
keys q
finish
