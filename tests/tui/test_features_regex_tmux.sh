#!/bin/sh
# test_features_regex_tmux.sh - the features view's column regex, typed in
# tmux on a generated workspace of four number columns: the status bar's
# "N columns matched" follows every key typed (zzz matches none while it is
# typed, not the count before the edit), Esc brings the old regex and count
# back, and Enter keeps what was typed.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin featregex
ws=$tmp/ws
mkdir -p "$ws"
awk 'BEGIN {
	print "ts,cpu,mem,disk,net,label"
	for (i = 0; i < 200; i++)
		printf "%d,%d,%d,%d,%d,%d\n", 1700000000 + 60 * i, i % 17, 50 + i % 7, i % 5, (i * 13) % 31, i % 9 == 4
}' >"$ws/m.csv"
cat >"$ws/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"m": {"path": "m.csv"}},
	"featuresets": {"t": {"dataset": "m", "seed": 1}},
	"experiments": {"lr": {"featureset": "t", "model": "logreg", "seed": 1}}
}
JSON
tmux_shell 120 30
keys "cd '$ws' && '$LOGLAB' ." Enter
wait_for '\[experiments\]' "the workspace's experiments"
keys f
wait_for 'feature set t: 4 columns matched' "f opens the set: its four number columns"
keys e
wait_for 'columns regex \(Enter keeps, Esc restores\): *$' "e edits the columns regex"
keys z z z
wait_for 'columns regex \(Enter keeps, Esc restores\): zzz' "zzz typed"
wait_for 'feature set t: 0 columns matched' "the status bar follows the typed regex"
keys BSpace BSpace BSpace m
wait_for 'columns regex \(Enter keeps, Esc restores\): m$' "m typed"
wait_for 'feature set t: 1 columns matched' "one column (mem) while m is typed"
keys Escape
wait_for 'feature set t: 4 columns matched' "Esc: the count before the edit"
keys e c p u Enter
wait_for 'columns: /cpu/ matches 1' "Enter keeps cpu"
wait_for 'feature set t: 1 columns matched, not written' "the status bar after Enter"
finish
