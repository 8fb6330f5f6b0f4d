#!/bin/sh
# test_history_tmux.sh - Up and Down on the prompts, in the real loglab
# driven in tmux. They did nothing: a mistyped command or regex had to be
# typed again. Now the command line (:) and the search (/) each keep the
# lines accepted there: Up brings the last back (again: the one before),
# Down goes forward to what was being typed; Ctrl-P and Ctrl-N do the same;
# a search does not come back on the command line; a line cancelled with
# Esc is not kept.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin history
awk 'BEGIN { for (i = 1; i <= 100; i++) printf "Mar  2 06:%02d:%02d node07 kernel: [%6d.000000] message %d of the day\n", (i / 60) % 60, i % 60, i, i }' >"$tmp/k.log"

tmux_shell 80 24
keys "cd '$tmp' && '$LOGLAB' k.log; echo \"exit=\$?\"" Enter
wait_for "k\.log  line 1/100 " "the browser"
keys : 40 Enter
wait_for "k\.log  line 40/100 " ":40 runs"
keys : 70 Enter
wait_for "k\.log  line 70/100 " ":70 runs"
keys : 'never run' Escape
# Up: the last accepted line (not the cancelled one), Up again the one before
keys : Up
wait_for "^:70$" "Up on : brings the last command back"
keys Up
wait_for "^:40$" "Up again: the one before"
keys Up
wait_for "^:40$" "Up past the oldest stays on it"
keys Down
wait_for "^:70$" "Down: forward again"
keys Down
wait_for "^:$" "Down past the newest: what was typed (nothing)"
keys C-p
wait_for "^:70$" "Ctrl-P as Up"
keys BSpace BSpace 20 Enter
wait_for "k\.log  line 20/100 " "a recalled line mended and run"
# what was being typed comes back after a look at the history
keys : 9 Up
wait_for "^:20$" "Up from a line being typed"
keys C-n
wait_for "^:9$" "Ctrl-N back to what was being typed"
keys Escape
# the search keeps its own
keys / 'message 55 of' Enter
wait_for "message 55 of the day" "the search finds"
keys / Up
wait_for "^/message 55 of$" "Up on / brings the last search back"
keys Escape : Up
wait_for "^:20$" "the command line's history holds no search"
keys Escape q
wait_for "^exit=0" "q quits"
finish
